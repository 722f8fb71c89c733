"""Shared helpers for fixer's tests: real files in temporary folders, real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new examples locally; in CI (CI=true) they are derandomized, so a
# run is reproducible. Profiles set before the test modules build their settings objects.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "fixtures"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "fixer tests",
    "GIT_AUTHOR_EMAIL": "tests@fixer.invalid",
    "GIT_COMMITTER_NAME": "fixer tests",
    "GIT_COMMITTER_EMAIL": "tests@fixer.invalid",
}


def git(root: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    return out.stdout


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


def make_repo(
    root: Path, commits: list[Mapping[str, object]], messages: list[str] | None = None
) -> None:
    """A real git repository: each mapping is one commit (``None`` deletes;
    a key ``("mv", old, new)`` or a value ``("mv", new)`` moves)."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for i, change in enumerate(commits):
        for key, value in change.items():
            if isinstance(value, tuple) and value and value[0] == "mv":
                (root / value[1]).parent.mkdir(parents=True, exist_ok=True)
                git(root, "mv", str(key), value[1])
            else:
                write_files(root, {str(key): value})  # type: ignore[dict-item]
        git(root, "add", "-A")
        message = messages[i] if messages else f"commit {i + 1}"
        git(root, "commit", "-q", "--allow-empty", "-m", message)


def run_fixer(
    *args: str, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """The real CLI, ``python -m fixer ARGS``, in a child process running this checkout."""
    return subprocess.run(
        [sys.executable, "-m", "fixer", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    """A fresh copy of the incident fixture."""
    dest = tmp_path / "incident-315"
    shutil.copytree(
        FIXTURES / "incident-315",
        dest,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
    )
    return dest


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file's bytes, without git's and fixer's own cache (``.fixer_cache/``)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".fixer_cache"} & set(p.relative_to(root).parts)
    }
