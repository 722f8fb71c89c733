# ruff: noqa: F811  (pytest fixtures imported from workflow_support)
"""Branches in worktrees on real git repositories: the user's checkout is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git, make_repo, tree_bytes
from workflow_support import (  # noqa: F401
    BREAKING_RULE,
    PORT_RULE,
    branches,
    project,
    text_facts,
)

from fixer import gitops, workflow
from fixer.config import Options
from fixer.errors import FixerError
from fixer.model import Finding


def _finding(rule: str, fp: str) -> Finding:
    return Finding(rule, "n", "error", "m", "p", 1, 1, "s", fp)


def test_branch_name_is_deterministic_from_fingerprints() -> None:
    a = gitops.branch_name([_finding("FX201", "aa"), _finding("FX201", "bb")])
    b = gitops.branch_name([_finding("FX201", "bb"), _finding("FX201", "aa")])
    assert a == b and a.startswith("fixer/fx201-") and len(a) == len("fixer/fx201-") + 10
    assert gitops.branch_name([_finding("FX201", "aa"), _finding("FX301", "bb")]).startswith(
        "fixer/multi-"
    )
    assert gitops.branch_name([_finding("FX201", "aa")]) != a


def test_commit_message_has_trailers_per_finding() -> None:
    msg = gitops.commit_message(
        [_finding("FX201", "aa"), _finding("FX301", "bb")], [("safe", "do x")]
    )
    assert msg.startswith("fix: repair 2 configuration drift finding(s) (FX201, FX301)\n")
    assert "Fixer-Finding: FX201 aa\nFixer-Finding: FX301 bb\n" in msg
    assert "- [safe] do x" in msg


def test_refuses_outside_a_git_repository(tmp_path: Path) -> None:
    with pytest.raises(FixerError, match="not a git repository"):
        workflow.apply_branch(tmp_path, Options(), rules=[PORT_RULE], check=False)


def test_apply_branch_leaves_checkout_identical_and_rerun_updates_same_branch(
    project: Path,
) -> None:
    (project / "notes.txt").write_text("uncommitted work\n")  # the user's dirty tree
    git(project, "add", "notes.txt")  # and a staged change
    before_tree = tree_bytes(project)
    before_status = git(project, "status", "--porcelain")
    head = git(project, "rev-parse", "HEAD").strip()

    result = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    assert result.kept and result.branch.startswith("fixer/fx990-")
    assert tree_bytes(project) == before_tree
    assert git(project, "status", "--porcelain") == before_status
    assert git(project, "rev-parse", "HEAD").strip() == head
    assert git(project, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(project, "show", f"{result.branch}:app/settings.py").startswith("PORT = 8000\n")
    log = git(project, "log", "-1", "--format=%an <%ae>%n%B", result.branch)
    assert log.startswith("fixer-bot <fixer-bot@fixer.invalid>\nfix: repair 1 ")
    fp = result.record.findings[0].fingerprint if result.record else ""
    assert f"Fixer-Finding: FX990 {fp}" in log
    assert git(project, "worktree", "list", "--porcelain").count("worktree ") == 1
    first_sha = result.record.sha if result.record else ""

    make_commit = {"README.md": "more\n"}
    for rel, text in make_commit.items():
        (project / rel).write_text(text)
    git(project, "add", "README.md")
    git(project, "commit", "-q", "-m", "unrelated work")
    again = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    assert again.branch == result.branch
    assert sorted(branches(project)) == sorted(["main", result.branch])
    new_sha = git(project, "rev-parse", again.branch).strip()
    assert new_sha != first_sha
    assert (
        git(project, "rev-parse", f"{again.branch}~1").strip()
        == git(project, "rev-parse", "main").strip()
    )


def test_branch_with_a_human_commit_is_not_overwritten(project: Path) -> None:
    result = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    with gitops.worktree(gitops.open_repo(project), result.branch) as tree:
        (tree / "human.txt").write_text("mine\n")
        git(tree, "add", "human.txt")
        git(tree, "commit", "-q", "-m", "human work")
        human_sha = git(tree, "rev-parse", "HEAD").strip()
    git(project, "update-ref", f"refs/heads/{result.branch}", human_sha)
    git(project, "commit", "-q", "--allow-empty", "-m", "move main")
    with pytest.raises(FixerError, match="not written by fixer"):
        workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    assert git(project, "rev-parse", result.branch).strip() == human_sha


def test_nothing_to_fix_creates_no_branch(tmp_path: Path, text_facts: None) -> None:  # noqa: F811
    make_repo(tmp_path / "r", [{"a.py": "X = 1\n"}])
    result = workflow.apply_branch(tmp_path / "r", Options(), rules=[PORT_RULE], check=False)
    assert not result.branch and branches(tmp_path / "r") == ["main"]


def test_worktree_is_removed_even_on_error(project: Path) -> None:
    repo = gitops.open_repo(project)
    with pytest.raises(RuntimeError), gitops.worktree(repo, "HEAD") as tree:
        assert (tree / "app" / "settings.py").is_file()
        raise RuntimeError("boom")
    assert not tree.exists()
    assert git(project, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_unsafe_fix_is_labelled_in_the_commit(project: Path) -> None:
    result = workflow.apply_branch(
        project, Options(unsafe_fixes=True), rules=[BREAKING_RULE], check=False
    )
    assert "- [unsafe] set GREETING" in git(project, "log", "-1", "--format=%B", result.branch)
    assert result.record is not None and result.record.unsafe_fixes
