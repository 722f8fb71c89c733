"""Suppressions in Python and YAML, FX901 unused-suppression, --add-ignore, and the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ecosystem_support import Target, make_rule, tolerant_facts  # noqa: F401
from typer.testing import CliRunner

import fixer.rules
from fixer import apply
from fixer.cli import app
from fixer.config import Options
from fixer.pipeline import diagnose, plan_changes
from fixer.rules import get
from fixer.suppress import add_ignores, scan
from fixer.workspace import discover

pytestmark = pytest.mark.usefixtures("tolerant_facts")

PY = """\
import settings

url = settings.REDIS  # fixer: ignore[FX101] read from the vault
# fixer: ignore[FX101]
host = settings.HOST
port = settings.PORT  # fixer: ignore[FX999]
text = "# fixer: ignore[FX101]"; name = settings.NAME
"""

YAML = """\
services:
  api:
    # fixer: ignore[FX201] built elsewhere
    build: missing/
  worker:
    image: "w # fixer: ignore[FX201]"
    env_file: .env.worker  # fixer: ignore[FX201,FX202]
  cron:
    env_file: .env.cron  # fixer: ignore
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def rules_for_example() -> list:
    return [
        make_rule(
            "FX101",
            [
                Target("app.py", 3, 7, "REDIS"),
                Target("app.py", 5, 8, "HOST"),
                Target("app.py", 7, 41, "NAME"),
            ],
        ),
        make_rule(
            "FX201",
            [
                Target("compose.yml", 4, 12, "api.build"),
                Target("compose.yml", 6, 12, "worker.image"),
                Target("compose.yml", 7, 15, "worker.env_file"),
                Target("compose.yml", 9, 15, "cron.env_file"),
            ],
        ),
        make_rule("FX202", []),
    ]


def test_scan_python_and_yaml() -> None:
    py = scan("app.py", PY)
    assert [(s.line, s.target, s.codes, s.reason) for s in py] == [
        (3, 3, ("FX101",), "read from the vault"),
        (4, 5, ("FX101",), ""),
        (6, 6, ("FX999",), ""),
    ]  # the directive inside a string on line 7 is not a comment
    yml = scan("compose.yml", YAML)
    assert [(s.line, s.target, s.codes) for s in yml] == [
        (3, 4, ("FX201",)),
        (7, 7, ("FX201", "FX202")),
        (9, 9, ()),
    ]  # the one inside the quoted scalar on line 6 is text


def test_suppressions_in_both_languages(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": PY, "compose.yml": YAML})
    run = diagnose(tmp_path, Options(), rules_for_example())
    got = [(f.rule, f.path, f.line, f.symbol) for f in run.diagnosis.findings]
    assert got == [
        ("FX901", "app.py", 6, "ignore[FX999]"),  # unknown code, nothing on the line
        ("FX101", "app.py", 7, "NAME"),  # string, not a comment: not suppressed
        ("FX201", "compose.yml", 6, "worker.image"),
        ("FX901", "compose.yml", 7, "ignore[FX201,FX202]"),  # FX202 ran and found nothing
    ]
    assert run.suppressed == 5  # REDIS, HOST, api.build, worker.env_file, cron (bare)
    unused = {f.line: f for f in run.diagnosis.findings if f.rule == "FX901"}
    assert unused[6].message == "unused suppression for FX999 (unknown rule code: FX999)"
    assert unused[6].severity == "warning"
    assert unused[7].message == "unused suppression for FX202"


def test_unused_only_for_rules_that_ran(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yml": YAML})
    run = diagnose(tmp_path, Options(select=frozenset({"FX201", "FX901"})), rules_for_example())
    assert [f.rule for f in run.diagnosis.findings] == ["FX201"]  # FX202 not selected
    run = diagnose(tmp_path, Options(ignore=frozenset({"FX901"})), rules_for_example())
    assert "FX901" not in {f.rule for f in run.diagnosis.findings}


def test_bare_ignore_unused_when_nothing_found(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "x = 1  # fixer: ignore\n"})
    run = diagnose(tmp_path, Options(), [])
    (f,) = run.diagnosis.findings
    assert f.rule == "FX901" and "nothing is reported on line 1" in f.message


def test_fx901_fixes_remove_or_narrow_the_comment(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": PY, "compose.yml": YAML})
    options = Options(select=frozenset({"FX9"}))
    run = diagnose(tmp_path, Options(), rules_for_example())
    run = type(run)(
        run.workspace,
        run.facts,
        type(run.diagnosis)(tuple(f for f in run.diagnosis.findings if f.rule == "FX901")),
    )
    _, changes = plan_changes(run, options)
    apply.write(run.workspace, changes)
    assert (tmp_path / "app.py").read_text().splitlines()[5] == "port = settings.PORT"
    yml = (tmp_path / "compose.yml").read_text().splitlines()
    assert yml[6] == "    env_file: .env.worker  # fixer: ignore[FX201]"


def test_fx901_own_line_comment_removed_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, {"a.yml": "a: 1\n# fixer: ignore[FX999]\nb: 2"})
    run = diagnose(tmp_path, Options(), [])
    _, changes = plan_changes(run, Options())
    assert [c.after for c in changes] == ["a: 1\nb: 2"]


@pytest.mark.parametrize("example", get("FX901").invalid + get("FX901").valid)
def test_fx901_examples_through_the_pipeline(tmp_path: Path, example) -> None:
    write(tmp_path, dict(example.files))
    run = diagnose(tmp_path, Options(), [])
    assert sorted(f.symbol for f in run.diagnosis.findings) == sorted(example.expect)
    if example.fixed:
        _, changes = plan_changes(run, Options())
        apply.write(run.workspace, changes)
        for rel, text in example.fixed.items():
            assert (tmp_path / rel).read_text() == text


# --- --add-ignore ------------------------------------------------------------------------


ADD_PY = '''\
import settings
url = settings.REDIS
doc = """a
settings.HOST
"""
total = 1 + \\
    settings.PORT
port = settings.PORT  # fixer: ignore[FX102]
'''

ADD_YAML = "services:\n  api:\n    build: missing/\n    command: |\n      run\n      go\n"


def test_add_ignore_writes_comments_python_and_yaml(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": ADD_PY, "compose.yml": ADD_YAML, "Dockerfile": "FROM x\n"})
    rules = [
        make_rule(
            "FX101",
            [
                Target("app.py", 2, 7, "REDIS"),
                Target("app.py", 4, 1, "HOST"),
                Target("app.py", 6, 1, "total"),
                Target("app.py", 8, 8, "PORT"),
                Target("Dockerfile", 1, 1, "from"),
            ],
        ),
        make_rule(
            "FX201",
            [Target("compose.yml", 3, 12, "api.build"), Target("compose.yml", 5, 7, "api.command")],
        ),
    ]
    workspace = discover(tmp_path)
    run = diagnose(tmp_path, Options(), rules)
    changes, skipped = add_ignores(run.diagnosis.findings, workspace.read)
    apply.write(workspace, changes)
    py = (tmp_path / "app.py").read_text()
    lines = py.splitlines()
    assert lines[1] == "url = settings.REDIS  # fixer: ignore[FX101]"
    assert lines[-1] == "port = settings.PORT  # fixer: ignore[FX101,FX102]"
    assert "settings.HOST\n" in py and "a\nsettings.HOST" in py  # the string is untouched
    assert "# fixer: ignore[FX101]\ntotal = 1 + \\\n" in py  # continuation: comment above
    yml = (tmp_path / "compose.yml").read_text()
    assert "    build: missing/  # fixer: ignore[FX201]\n" in yml
    assert "      run\n      go\n" in yml  # block scalar content untouched
    reasons = {(s.finding.path, s.finding.line): s.reason for s in skipped}
    assert reasons == {
        ("app.py", 4): "a comment here would change the file's meaning",
        ("compose.yml", 5): "a comment here would change the file's meaning",
        ("Dockerfile", 1): "only Python and YAML files take suppression comments",
        ("app.py", 8): "an unused suppression is removed (fixer apply), not suppressed",
    }
    # and now the added comments suppress exactly what they were written for
    # (the comment put above `total` moved it and the lines below one down)
    shifted = [
        make_rule(
            "FX101",
            [
                Target("app.py", 2, 7, "REDIS"),
                Target("app.py", 4, 1, "HOST"),
                Target("app.py", 7, 1, "total"),
                Target("app.py", 9, 8, "PORT"),
                Target("Dockerfile", 1, 1, "from"),
            ],
        ),
        rules[1],
    ]
    again = diagnose(tmp_path, Options(), shifted)
    left = sorted((f.rule, f.path, f.line) for f in again.diagnosis.findings)
    assert left == [
        ("FX101", "Dockerfile", 1),
        ("FX101", "app.py", 4),
        ("FX201", "compose.yml", 5),
        ("FX901", "app.py", 9),
    ]


def test_cli_add_ignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"app.py": "import s\nx = s.A\n"})
    rule = make_rule("FX101", [Target("app.py", 2, 5, "A")])
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--add-ignore"])
    assert result.exit_code == 0, result.output
    assert "added suppressions for 1 finding(s) in 1 file(s)" in result.stdout
    assert (tmp_path / "app.py").read_text() == "import s\nx = s.A  # fixer: ignore[FX101]\n"
    assert CliRunner().invoke(app, ["diagnose", str(tmp_path)]).exit_code == 0


# --- baseline ----------------------------------------------------------------------------


def test_baseline_reports_only_new_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a.py": "x = 1\n", "b.py": "y = 2\n"})
    targets = [Target("a.py", 1, 1, "x")]
    rule = make_rule("FX101", targets)
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    runner = CliRunner()
    result = runner.invoke(app, ["diagnose", str(tmp_path), "--write-baseline"])
    assert result.exit_code == 0, result.output
    path = tmp_path / ".fixer-baseline.json"
    doc = json.loads(path.read_text())
    assert doc["version"] == 1 and [f["symbol"] for f in doc["findings"]] == ["x"]
    base = ["diagnose", str(tmp_path), "--baseline", str(path)]
    assert runner.invoke(app, base).exit_code == 0  # known finding hidden
    # the known finding moves down (lines never enter fingerprints): still hidden
    write(tmp_path, {"a.py": "\n\nx = 1\n"})
    targets[0] = Target("a.py", 3, 1, "x")
    assert runner.invoke(app, base).exit_code == 0
    # a new finding is reported
    targets.append(Target("b.py", 1, 1, "y"))
    result = runner.invoke(app, [*base, "--format", "json"])
    assert result.exit_code == 1
    assert [f["symbol"] for f in json.loads(result.stdout)["findings"]] == ["y"]
    # without the baseline both are there; from config it is used too
    assert runner.invoke(app, ["diagnose", str(tmp_path)]).exit_code == 1
    (tmp_path / "fixer.toml").write_text('baseline = ".fixer-baseline.json"\n')
    result = runner.invoke(app, ["diagnose", str(tmp_path), "--format", "json"])
    assert [f["symbol"] for f in json.loads(result.stdout)["findings"]] == ["y"]


def test_bad_baseline_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text('{"version": 7}')
    for name in ("base.json", "missing.json"):
        result = CliRunner().invoke(
            app, ["diagnose", str(tmp_path), "--baseline", str(tmp_path / name)]
        )
        assert result.exit_code == 2
        assert "baseline" in result.stderr


def test_fx401_yaml_suppression_is_used_not_reported_unused(tmp_path: Path) -> None:
    """FX401 leaves suppressed YAML values to the suppression stage: the comment counts as
    used (no FX901), and applying every fix keeps it and reports nothing afterwards."""
    from conftest import make_repo

    make_repo(
        tmp_path,
        [
            {"docker/api.Dockerfile": "FROM x\n"},
            {"docker/api.Dockerfile": ("mv", "dockerfiles/api.Dockerfile")},
            {
                "ci.yml": "steps:\n"
                "  # fixer: ignore[FX401] the old image is built from a release tag\n"
                "  - args: ['build', '-f', 'docker/api.Dockerfile']\n"
            },
        ],
    )
    options = Options(unsafe_fixes=True)
    run = diagnose(tmp_path, options, use_cache=False)
    assert [f.rule for f in run.diagnosis.findings] == []
    assert run.suppressed == 1
    _plan, changes = plan_changes(run, options)
    assert changes == []
