"""Output formats: text (code frame, did you mean, safety, colour), json v1, SARIF (validated
against the official 2.1.0 schema), GitHub annotations and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from ecosystem_support import Target, make_rule, replace_fix, tolerant_facts  # noqa: F401
from typer.testing import CliRunner

import fixer.rules
from fixer import reports
from fixer.cli import app
from fixer.model import Diagnosis, Edit, FileError, Finding, Fix, Position
from fixer.sarif import to_sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text())

COMPOSE = "services:\n  backend:\n    build:\n      dockerfile: docker/backend.alpine.Dockerfile\n"


def finding(**kw: object) -> Finding:
    base: dict[str, object] = dict(
        rule="FX201",
        name="compose-dockerfile-missing",
        severity="error",
        message="dockerfile docker/backend.alpine.Dockerfile does not exist",
        path="docker-compose.yml",
        line=4,
        column=19,
        symbol="backend.build.dockerfile",
        fingerprint="3f1c9a0b7d2e4c11",
        end=Position(4, 50),
        evidence=("only file named backend.alpine.Dockerfile",),
        candidates=("dockerfiles/backend.alpine.Dockerfile",),
        fix=Fix(
            "point dockerfile at dockerfiles/backend.alpine.Dockerfile",
            "safe",
            (
                Edit(
                    "docker-compose.yml",
                    Position(4, 19),
                    Position(4, 50),
                    "dockerfiles/backend.alpine.Dockerfile",
                ),
            ),
        ),
    )
    base.update(kw)
    return Finding(**base)  # type: ignore[arg-type]


def diagnosis() -> Diagnosis:
    ambiguous = finding(
        rule="FX101",
        name="settings-field-missing",
        severity="warning",
        path="app/main.py",
        line=2,
        column=5,
        symbol="REDIS",
        end=None,
        message="settings has no field REDIS",
        fingerprint="00aa",
        candidates=("REDIS_URL", "REDIS_HOST"),
        fix=None,
    )
    return Diagnosis((finding(), ambiguous), (FileError("bad.yml", 3, "not valid YAML"),))


def source(path: str) -> str | None:
    return {"docker-compose.yml": COMPOSE, "app/main.py": "import s\nx = s.REDIS\n"}.get(path)


# --- text ----------------------------------------------------------------------------------


def test_text_has_code_frame_did_you_mean_and_safety() -> None:
    out = reports.to_text(diagnosis(), source=source)
    lines = out.splitlines()
    assert lines[0] == (
        "docker-compose.yml:4:19: FX201 [compose-dockerfile-missing] "
        "dockerfile docker/backend.alpine.Dockerfile does not exist"
    )
    assert lines[1:4] == [
        "    |",
        "  4 |       dockerfile: docker/backend.alpine.Dockerfile",
        "    |                   " + "^" * 31,
    ]
    assert "    did you mean dockerfiles/backend.alpine.Dockerfile?" in lines
    assert "    fix (safe): point dockerfile at dockerfiles/backend.alpine.Dockerfile" in lines
    # two candidates and no fix: no "did you mean", the candidates are listed
    assert "    candidates: REDIS_URL, REDIS_HOST" in lines
    assert "  2 | x = s.REDIS" in lines
    assert "    |     ^^^^^^^" in lines  # no end: the word at the column
    assert "error: bad.yml:3: not valid YAML" in lines
    assert "\x1b[" not in out


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[31m" in reports.to_text(diagnosis(), source=source, color=True)


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    assert reports.use_color(_Tty(True), {}) is True
    assert reports.use_color(_Tty(False), {}) is False
    assert reports.use_color(_Tty(True), {"NO_COLOR": "1"}) is False
    assert reports.use_color(_Tty(True), {"NO_COLOR": ""}) is True  # empty means unset


def test_json_version_1_unchanged() -> None:
    doc = json.loads(reports.to_json(diagnosis()))
    assert doc["version"] == 1
    assert set(doc["findings"][0]) == {
        "rule",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "symbol",
        "fingerprint",
        "evidence",
        "candidates",
        "fix",
    }
    assert doc["findings"][0]["fix"]["edits"][0]["start"] == [4, 19]


# --- SARIF ---------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema() -> None:
    doc = json.loads(to_sarif(diagnosis()))
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["version"] == "2.1.0"


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The vendored schema really checks: a result without a message is refused."""
    doc = json.loads(to_sarif(diagnosis()))
    del doc["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(doc)


def test_sarif_carries_fixes_rule_metadata_and_help_uris() -> None:
    rule = make_rule("FX201", [], name="compose-dockerfile-missing")
    doc = json.loads(to_sarif(diagnosis(), known=[rule]))
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"FX101", "FX201"}
    assert rules["FX201"]["helpUri"].endswith("docs/rules.md#fx201-compose-dockerfile-missing")
    assert "## What it does" in rules["FX201"]["help"]["markdown"]
    first, second = run["results"]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "FX201"
    assert first["partialFingerprints"] == {"fixer/v1": "3f1c9a0b7d2e4c11"}
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 19,
        "endLine": 4,
        "endColumn": 50,
    }
    change = first["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "docker-compose.yml"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 4, "startColumn": 19, "endLine": 4, "endColumn": 50},
            "insertedContent": {"text": "dockerfiles/backend.alpine.Dockerfile"},
        }
    ]
    assert "fixes" not in second and second["level"] == "warning"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "not valid YAML"


def test_sarif_of_a_clean_run_is_valid() -> None:
    doc = json.loads(to_sarif(Diagnosis(())))
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["runs"][0]["results"] == []


# --- GitHub and JUnit ----------------------------------------------------------------------


def test_github_annotations() -> None:
    lines = reports.to_github(diagnosis()).splitlines()
    assert lines[0] == (
        "::error file=docker-compose.yml,line=4,col=19,endColumn=50,"
        "title=FX201 compose-dockerfile-missing::dockerfile docker/backend.alpine.Dockerfile "
        "does not exist (did you mean dockerfiles/backend.alpine.Dockerfile?)"
        "%0Afix (safe): point dockerfile at dockerfiles/backend.alpine.Dockerfile"
    )
    assert lines[1].startswith("::warning file=app/main.py,line=2,col=5,title=FX101")
    assert lines[2] == "::error file=bad.yml,line=3::not valid YAML"


def test_github_escapes_properties() -> None:
    out = reports.to_github(Diagnosis((finding(path="a,b:c.yml", message="50%\nnext"),)))
    assert "file=a%2Cb%3Ac.yml" in out and "::50%25%0Anext" in out


def test_junit_one_failing_case_per_finding() -> None:
    root = ET.fromstring(reports.to_junit(diagnosis()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "1")
    cases = root.findall(".//testcase")
    assert len(cases) == 3
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert {f.get("type") for f in failures} == {"FX101", "FX201"}
    assert any(
        "did you mean dockerfiles/backend.alpine.Dockerfile?" in (f.text or "") for f in failures
    )
    assert [c.find("error") is not None for c in cases] == [False, False, True]


def test_junit_clean_run() -> None:
    root = ET.fromstring(reports.to_junit(Diagnosis(())))
    assert root.get("tests") == "0"


# --- through the CLI -----------------------------------------------------------------------


@pytest.mark.usefixtures("tolerant_facts")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_cli_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    rule = make_rule(
        "FX201",
        [
            Target(
                "docker-compose.yml",
                4,
                19,
                "backend.build.dockerfile",
                end_column=50,
                fix=replace_fix("docker-compose.yml", 4, 19, 50, "x"),
            )
        ],
    )
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--format", fmt])
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "sarif":
        jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))
    elif fmt == "json":
        assert json.loads(out)["findings"][0]["rule"] == "FX201"
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "1"
    elif fmt == "github":
        assert out.startswith("::error file=docker-compose.yml,line=4,col=19")
    else:
        assert "  4 |       dockerfile: docker/backend.alpine.Dockerfile" in out
        assert "did you mean x?" in out


@pytest.mark.usefixtures("tolerant_facts")
def test_cli_format_default_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fixer.toml").write_text('output-format = "github"\n')
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    rule = make_rule("FX201", [Target("docker-compose.yml", 4, 19)])
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path)])
    assert result.stdout.startswith("::error ")
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--format", "json"])
    assert json.loads(result.stdout)["version"] == 1
