"""Configuration: [tool.fixer] in pyproject.toml or fixer.toml, errors naming key and line,
CLI flags over the file, per-path ignores, extend-exclude, and `fixer config`."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecosystem_support import Target, make_rule, tolerant_facts  # noqa: F401
from typer.testing import CliRunner

import fixer.rules
from fixer.cli import app
from fixer.config import Options, load_config, merge
from fixer.errors import FixerError
from fixer.pipeline import diagnose

FULL = """\
[project]
name = "demo"

[tool.ruff]
select = ["E"]

[tool.fixer]
select = ["FX2", "FX101"]
ignore = ["fx206"]
extend-exclude = ["legacy/**"]
unsafe-fixes = true
align = "compose"
output-format = "sarif"
baseline = ".fixer-baseline.json"

[tool.fixer.per-file-ignores]
"tests/**" = ["FX101"]

[tool.fixer.verify]
commands = ["pytest -q tests/unit"]
timeout = 120
"""


def test_pyproject_table_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    o = load_config(tmp_path)
    assert o.select == {"FX2", "FX101"} and o.ignore == {"FX206"}
    assert o.extend_exclude == ("legacy/**",)
    assert o.unsafe_fixes is True and o.align == "compose" and o.output_format == "sarif"
    assert o.baseline == ".fixer-baseline.json"
    assert o.per_file_ignores == (("tests/**", frozenset({"FX101"})),)
    assert o.verify_commands == ("pytest -q tests/unit",) and o.verify_timeout == 120.0
    assert o.source == "pyproject.toml"


def test_no_config_is_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Options()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path) == Options()


def test_fixer_toml_wins_and_has_top_level_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    (tmp_path / "fixer.toml").write_text('select = ["FX3"]\n')
    o = load_config(tmp_path)
    assert o.select == {"FX3"} and o.source == "fixer.toml" and o.align == "code"


def test_unknown_key_names_the_key_and_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ruff]\nselect = ["E"]\n\n[tool.fixer]\nselect = ["FX2"]\nexclude = ["x"]\n'
    )
    with pytest.raises(FixerError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith("pyproject.toml:6: unknown key 'exclude'")
    assert "extend-exclude" in str(info.value)  # the known keys are listed


def test_unknown_verify_key_and_bad_types(tmp_path: Path) -> None:
    cases = {
        '[verify]\ncommand = "pytest"\n': ("fixer.toml:2:", "unknown key 'command' in verify"),
        'select = "FX2"\n': ("fixer.toml:1:", "'select' must be a list"),
        'unsafe-fixes = "yes"\n': ("fixer.toml:1:", "must be true or false"),
        '\nalign = "both"\n': ("fixer.toml:2:", "'align' must be"),
        'output-format = "xml"\n': ("fixer.toml:1:", "'output-format' must be one of"),
        '[per-file-ignores]\n"a/**" = "FX1"\n': ("fixer.toml:2:", "'a/**' must be a list"),
        "[verify]\ntimeout = -1\n": ("fixer.toml:2:", "'timeout' must be a positive"),
        "select = [\n": ("fixer.toml:", "invalid TOML"),
    }
    for text, (where, what) in cases.items():
        (tmp_path / "fixer.toml").write_text(text)
        with pytest.raises(FixerError) as info:
            load_config(tmp_path)
        assert str(info.value).startswith(where), (text, str(info.value))
        assert what in str(info.value), (text, str(info.value))


def test_cli_reports_config_errors_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "fixer.toml").write_text('selcet = ["FX2"]\n')
    for cmd in (["diagnose"], ["apply", "--dry-run"], ["config"]):
        result = CliRunner().invoke(app, [*cmd, str(tmp_path)])
        assert result.exit_code == 2, (cmd, result.output)
        assert "fixer.toml:1: unknown key 'selcet'" in result.stderr


def test_flags_override_config() -> None:
    base = Options(select=frozenset({"FX2"}), unsafe_fixes=True, align="compose")
    o = merge(base, select=frozenset({"FX3"}), ignore=None, unsafe_fixes=None, align=None)
    assert o.select == {"FX3"} and o.unsafe_fixes is True and o.align == "compose"
    assert merge(base, unsafe_fixes=False).unsafe_fixes is False


def test_per_file_ignores() -> None:
    o = Options(per_file_ignores=(("tests/**", frozenset({"FX1"})),))
    assert not o.enabled_for("FX101", "tests/unit/test_a.py")
    assert o.enabled_for("FX101", "app/main.py")
    assert o.enabled_for("FX201", "tests/unit/test_a.py")


@pytest.mark.usefixtures("tolerant_facts")
def test_pipeline_honours_config(tmp_path: Path) -> None:
    for rel in ("app/a.py", "tests/b.py", "legacy/c.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    one = make_rule(
        "FX101", [Target("app/a.py", 1), Target("tests/b.py", 1), Target("legacy/c.py", 1)]
    )
    two = make_rule("FX201", [Target("app/a.py", 1, symbol="y")])
    (tmp_path / "fixer.toml").write_text(
        'extend-exclude = ["legacy/"]\nignore = ["FX2"]\n'
        '[per-file-ignores]\n"tests/**" = ["FX101"]\n'
    )
    run = diagnose(tmp_path, load_config(tmp_path), [one, two])
    assert [(f.rule, f.path) for f in run.diagnosis.findings] == [("FX101", "app/a.py")]


@pytest.mark.usefixtures("tolerant_facts")
def test_cli_select_flag_overrides_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "fixer.toml").write_text('select = ["FX2"]\n')
    rule = make_rule("FX101", [Target("a.py", 1)])
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    assert CliRunner().invoke(app, ["diagnose", str(tmp_path)]).exit_code == 0
    result = CliRunner().invoke(app, ["diagnose", str(tmp_path), "--select", "FX1"])
    assert result.exit_code == 1 and "FX101" in result.stdout


def test_fixer_config_prints_effective_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    result = CliRunner().invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# from: pyproject.toml\n[tool.fixer]\n")
    assert 'select = ["FX101", "FX2"]' in out and 'align = "compose"' in out
    assert '"tests/**" = ["FX101"]' in out and 'commands = ["pytest -q tests/unit"]' in out
    # what it prints is itself a valid configuration giving the same options
    (tmp_path / "pyproject.toml").write_text(out.split("\n", 1)[1])
    again = load_config(tmp_path)
    assert again == merge(load_config(tmp_path), source="pyproject.toml")
    assert again.select == {"FX2", "FX101"} and again.verify_timeout == 120.0


def test_fixer_config_defaults(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["config", str(tmp_path)]).stdout
    assert "# from: defaults" in out and 'output-format = "text"' in out


def test_service_targets_are_read_in_order(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.fixer.service-targets]\n"harness/*.py" = "compose.test.yml"\n'
        '"*.py" = "compose.yml"\n'
    )
    options = load_config(tmp_path)
    assert options.service_targets == (
        ("harness/*.py", "compose.test.yml"),
        ("*.py", "compose.yml"),
    )
