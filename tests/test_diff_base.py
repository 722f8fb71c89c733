"""--diff-base: changed files from a real git repository, and which findings touch them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git, make_repo, write_files

from fixer.diffbase import changed_files, select, touches
from fixer.errors import FixerError
from fixer.model import Edit, Finding, Fix, Position


def finding(path: str, *, fix_path: str | None = None, evidence: tuple[str, ...] = ()) -> Finding:
    fix = None
    if fix_path:
        fix = Fix("f", "safe", (Edit(fix_path, Position(1, 1), Position(1, 1), "x"),))
    return Finding("FX201", "n", "error", "m", path, 1, 1, "s", "fp", evidence=evidence, fix=fix)


def test_changed_files_committed_staged_unstaged_untracked_and_moved(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        [
            {
                "a.py": "a\n",
                "b.py": "b\n",
                "c.py": "c\n",
                "docker/x.Dockerfile": "FROM x\n",
                "keep.py": "k\n",
                ".gitignore": "ignored.txt\n",
            },
        ],
    )
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    make_repo_commit = {"a.py": "a2\n"}
    write_files(tmp_path, make_repo_commit)
    git(tmp_path, "commit", "-qam", "change a")
    (tmp_path / "dockerfiles").mkdir()
    git(tmp_path, "mv", "docker/x.Dockerfile", "dockerfiles/x.Dockerfile")
    write_files(tmp_path, {"b.py": "b2\n", "new.py": "n\n", "ignored.txt": "i\n"})
    git(tmp_path, "add", "b.py")
    write_files(tmp_path, {"c.py": "c2\n"})
    changed = changed_files(tmp_path, base)
    assert changed == {
        "a.py",
        "b.py",
        "c.py",
        "new.py",
        "docker/x.Dockerfile",
        "dockerfiles/x.Dockerfile",
    }
    assert changed_files(tmp_path, "HEAD") == changed - {"a.py"}


def test_paths_are_relative_to_a_subfolder_root(tmp_path: Path) -> None:
    make_repo(tmp_path, [{"sub/a.py": "a\n", "top.py": "t\n"}])
    write_files(tmp_path, {"sub/a.py": "a2\n", "top.py": "t2\n"})
    assert changed_files(tmp_path / "sub", "HEAD") == {"a.py"}


def test_bad_revision_is_a_fixer_error(tmp_path: Path) -> None:
    make_repo(tmp_path, [{"a.py": "a\n"}])
    with pytest.raises(FixerError, match="diff-base"):
        changed_files(tmp_path, "no-such-rev")
    with pytest.raises(FixerError):
        changed_files(tmp_path, "--output=/tmp/x")


def test_not_a_repository_is_a_fixer_error(tmp_path: Path) -> None:
    with pytest.raises(FixerError):
        changed_files(tmp_path, "HEAD")


def test_touches() -> None:
    changed = frozenset({"app/config.py", "docker/x.Dockerfile"})
    assert touches(finding("app/config.py"), changed)
    assert touches(finding("app/main.py", fix_path="app/config.py"), changed)
    moved = finding("docker-compose.yml", evidence=("renamed: docker/x.Dockerfile -> y",))
    assert touches(moved, changed)
    assert not touches(finding("docker-compose.yml", fix_path="docker-compose.yml"), changed)
    assert not touches(finding("other/x.Dockerfile.bak"), changed)
    assert select([finding("app/config.py"), finding("z.py")], changed) == (
        finding("app/config.py"),
    )
