# ruff: noqa: F811  (pytest fixtures imported from workflow_support)
"""Verification: choosing tests, base vs branch in worktrees, re-diagnosis, regressions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git, tree_bytes, write_files
from workflow_support import (  # noqa: F401
    BREAKING_RULE,
    PORT_RULE,
    _line_rule,
    branches,
    make_project,
    project,
    text_facts,
)

from fixer import verify, workflow
from fixer.config import Options
from fixer.errors import FixerError


def test_pytest_args_accepts_pytest_commands_and_plain_arguments() -> None:
    assert verify.pytest_args("pytest tests/unit -k 'a b'") == ["tests/unit", "-k", "a b"]
    assert verify.pytest_args("python -m pytest -x") == ["-x"]
    assert verify.pytest_args("tests/e2e") == ["tests/e2e"]
    with pytest.raises(FixerError, match="give pytest arguments"):
        verify.pytest_args("make test")


def test_selection_order_verify_then_pyproject_then_automatic(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "tests/test_a.py": "from app import settings\n",
            "tests/test_b.py": "x = 'docker-compose.yml'\n",
            "tests/test_c.py": "nothing here\n",
            "tests/helper.py": "from app import settings\n",
        },
    )
    files = ["tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/helper.py"]
    auto = verify.select_tests(tmp_path, files, ["app/settings.py", "docker-compose.yml"], [])
    assert auto.source == "automatic" and auto.targets == ("tests/test_a.py", "tests/test_b.py")
    by_name = verify.select_tests(tmp_path, files, [], ["nothing"])
    assert by_name.targets == ("tests/test_c.py",)
    write_files(
        tmp_path,
        {"pyproject.toml": '[tool.fixer.verify]\ntests = ["tests/test_c.py"]\ntimeout = 7\n'},
    )
    conf = verify.select_tests(tmp_path, files, ["app/settings.py"], [])
    assert (conf.source, conf.targets, conf.timeout) == ("pyproject.toml", ("tests/test_c.py",), 7)
    cli = verify.select_tests(tmp_path, files, [], [], command="pytest tests/test_a.py", timeout=3)
    assert (cli.source, cli.targets, cli.timeout) == ("--verify", ("tests/test_a.py",), 3)


def test_apply_branch_proves_the_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = workflow.apply_branch(project, Options(), rules=[PORT_RULE])
    assert result.kept and result.proof is not None and result.proof.ok
    proof = result.proof
    assert proof.selection.source == "automatic"
    assert proof.selection.targets == ("tests/test_settings.py",)  # test_other is not chosen
    verdicts = {r.test.split("::")[-1]: (r.before, r.after, r.verdict) for r in proof.rows}
    assert verdicts == {
        "test_port_matches_compose": ("failed", "passed", "confirmed"),
        "test_greeting": ("passed", "passed", "unchanged"),
    }
    report = proof.report()
    assert "failed   -> passed    confirmed" in report
    assert "every fixed finding is gone" in report
    assert proof.base_log and proof.base_log.is_file() and str(proof.base_log) in report
    assert proof.branch_log and "2 passed" in proof.branch_log.read_text()
    assert ".git/fixer/logs/" in str(proof.base_log)
    assert result.record and result.record.tests[0][3] in ("confirmed", "unchanged")


def test_a_regression_leaves_no_branch(project: Path) -> None:
    before = tree_bytes(project)
    result = workflow.apply_branch(
        project, Options(unsafe_fixes=True), rules=[PORT_RULE, BREAKING_RULE]
    )
    assert not result.kept and result.proof is not None
    assert result.proof.regressions == 1
    row = next(r for r in result.proof.rows if r.verdict == "regression")
    assert row.test.endswith("test_greeting") and (row.before, row.after) == ("passed", "failed")
    assert branches(project) == ["main"]
    assert tree_bytes(project) == before
    assert git(project, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_fix_that_does_not_remove_its_finding_is_refused(project: Path) -> None:
    half = _line_rule("FX992", "8001", "80010")
    result = workflow.apply_branch(project, Options(), rules=[half], command="tests/test_other.py")
    assert not result.kept and result.proof is not None
    assert result.proof.not_fixed and result.proof.regressions == 0
    assert "still reported after the fix" in result.proof.report()
    assert branches(project) == ["main"]


def test_verify_command_reruns_the_proof_of_an_existing_branch(project: Path) -> None:
    applied = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    proof = workflow.verify_branch(
        project,
        Options(),
        rules=[PORT_RULE],
        command="pytest tests/test_settings.py::test_port_matches_compose",
    )
    assert proof.ok and proof.selection.source == "--verify"
    assert [r.verdict for r in proof.rows] == ["confirmed"]
    assert "verify" in str(proof.base_log) and applied.branch.replace("/", "_") in str(
        proof.base_log
    )


def test_each_run_has_a_time_limit_and_names_its_log(tmp_path: Path, text_facts: None) -> None:
    root = make_project(
        tmp_path / "slow",
        {
            "tests/test_slow.py": "import time\n\ndef test_slow():\n    time.sleep(30)\n",
        },
    )
    with pytest.raises(FixerError, match=r"longer than 1 s \(log: .*base\.log\)"):
        workflow.apply_branch(
            root, Options(), rules=[PORT_RULE], command="tests/test_slow.py", timeout=1
        )
    assert branches(root) == ["main"]
