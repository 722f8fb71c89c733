# ruff: noqa: F811  (pytest fixtures imported from workflow_support)
"""The workflow through the command line and the demo, on a tiny project with a test rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, git, tree_bytes
from typer.testing import CliRunner
from workflow_support import (  # noqa: F401
    BREAKING_RULE,
    PORT_RULE,
    branches,
    make_project,
    project,
    text_facts,
)

import fixer.rules
from fixer import demo
from fixer.cli import app

runner = CliRunner()


@pytest.fixture
def port_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (PORT_RULE, BREAKING_RULE))


def test_apply_branch_refuses_outside_git(tmp_path: Path, port_rule: None) -> None:
    result = runner.invoke(app, ["apply", str(tmp_path), "--branch"])
    assert result.exit_code == 2
    assert "error:" in result.output and "not a git repository" in result.output


def test_apply_branch_verify_and_pr_dry_run(
    project: Path, port_rule: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_bytes(project)
    result = runner.invoke(
        app, ["apply", str(project), "--branch", "--select", "FX990", "--timeout", "120"]
    )
    assert result.exit_code == 0, result.output
    assert "fixed [safe] FX990: set PORT to 8000" in result.output
    assert "confirmed" in result.output and "log (base):" in result.output
    assert "Branch fixer/fx990-" in result.output
    assert tree_bytes(project) == before
    branch = next(b for b in branches(project) if b.startswith("fixer/"))

    verified = runner.invoke(
        app,
        [
            "verify",
            str(project),
            "--branch",
            branch,
            "--select",
            "FX990",
            "--verify",
            "tests/test_settings.py",
        ],
    )
    assert verified.exit_code == 0, verified.output
    assert "tests (--verify)" in verified.output and "confirmed" in verified.output

    monkeypatch.setenv("GITHUB_TOKEN", "ghp_do_not_print")
    pr = runner.invoke(
        app,
        [
            "pr",
            str(project),
            "--dry-run",
            "--repo",
            "acme/app",
            "--base-url",
            "http://127.0.0.1:9",
            "--label",
            "drift",
        ],
    )
    assert pr.exit_code == 0, pr.output
    assert "POST http://127.0.0.1:9/repos/acme/app/pulls" in pr.output
    assert '"labels": [\n    "drift"\n  ]' in pr.output
    assert "ghp_do_not_print" not in pr.output
    assert "(dry run: nothing pushed, nothing sent)" in pr.output


def test_apply_branch_with_a_regression_exits_1_and_keeps_no_branch(
    project: Path, port_rule: None
) -> None:
    result = runner.invoke(app, ["apply", str(project), "--branch", "--unsafe-fixes"])
    assert result.exit_code == 1, result.output
    assert "passed   -> failed    regression" in result.output
    assert "Verification failed" in result.output
    assert branches(project) == ["main"]


def test_pr_without_a_remote_or_repo_is_a_usage_error(project: Path, port_rule: None) -> None:
    result = runner.invoke(app, ["pr", str(project), "--dry-run"])
    assert result.exit_code == 2 and "no remote named 'origin'" in result.output


def test_demo_shows_branch_proof_table_and_pr_body(tmp_path: Path, text_facts: None) -> None:
    mention = "from app.settings import PORT\n\n\ndef test_{0}():\n    assert PORT == 8000\n"
    layers = {
        "tests/unit/test_config.py": mention.format("unit"),
        "tests/integration/test_compose.py": mention.format("integration"),
        "tests/e2e/test_staging.py": mention.format("e2e"),
    }
    source = make_project(tmp_path / "tiny", layers)
    lines: list[str] = []
    code = demo.run_demo(fixture=source, rules=[PORT_RULE], tests=tuple(layers), echo=lines.append)
    out = "\n".join(lines)
    assert code == 0, out
    for name in ("unit", "integration", "e2e"):
        assert re.search(rf"::test_{name} +failed +-> passed +confirmed", out), out
    assert "== 5. fixer pr --dry-run" in out and "### Verification" in out
    assert "applied [safe] FX990" in out
    assert git(source, "status", "--porcelain") == ""


@pytest.mark.skipif(
    not fixer.rules.all_rules()
    or not all((FIXTURES / "incident-315" / t).is_file() for t in demo.DEMO_TESTS),
    reason="needs the real rules and the incident fixture's three reproduction tests",
)
def test_demo_on_the_incident_fixture_proves_all_three_phases() -> None:
    lines: list[str] = []
    code = demo.run_demo(echo=lines.append)
    out = "\n".join(lines)
    assert code == 0, out
    for part in ("tests.unit.", "tests.integration.", "tests.e2e."):
        assert part in out
    assert "[unsafe]" in out or "[safe]" in out
