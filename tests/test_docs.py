"""Documentation: docs/rules.md generated from the rule modules, every config key documented,
links between docs resolve, and `fixer rules` / `fixer explain` print the modules' docs."""

from __future__ import annotations

import re

import pytest
from conftest import REPO_ROOT
from ecosystem_support import make_rule
from typer.testing import CliRunner

import fixer.rules
from fixer import docs
from fixer.cli import app
from fixer.config import _TOP_KEYS, _VERIFY_KEYS
from fixer.rules import all_rules
from fixer.sarif import help_uri

DOCS = REPO_ROOT / "docs"


def test_rules_md_is_up_to_date() -> None:
    expected = docs.render(all_rules())
    actual = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `python -m fixer.docs docs/rules.md`"


def test_every_rule_has_a_section_the_sarif_help_uri_points_to() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"\n## {rule.code} {rule.name}\n" in text
        assert help_uri(rule.code, rule.name).endswith(f"#{docs.anchor(rule)}")


def test_the_docs_exist_and_their_links_resolve() -> None:
    for name in (
        "getting-started.md",
        "rules.md",
        "configuration.md",
        "json-schema.md",
        "pr-bot.md",
        "writing-a-rule.md",
    ):
        assert (DOCS / name).is_file(), name
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).resolve().exists(), f"{page.name} -> {target}"


def test_every_configuration_key_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in [*_TOP_KEYS, *_VERIFY_KEYS]:
        assert f"`{key}`" in text, key


def test_fixer_rules_lists_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "FX901  unused-suppression" in result.stdout
    extra = make_rule("FX090", [], name="test-marker")
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (extra, *all_rules()))
    lines = CliRunner().invoke(app, ["rules"]).stdout.splitlines()
    assert lines[0].startswith("FX090  test-marker") and lines[0].endswith("Test rule FX090.")


def test_fixer_explain_prints_the_module_docstring() -> None:
    for key in ("FX901", "fx901", "unused-suppression"):
        result = CliRunner().invoke(app, ["explain", key])
        assert result.exit_code == 0
        out = result.stdout
        assert out.startswith("FX901 (unused-suppression)\n")
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in out
    result = CliRunner().invoke(app, ["explain", "FX000"])
    assert result.exit_code == 2 and "unknown rule 'FX000'" in result.stderr
