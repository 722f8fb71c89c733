"""Facts from git history: which paths were renamed or deleted, by which commit.

A rename recorded by git is the strongest evidence fixer has for where a stale path should
point, and the commit that made it is what a finding names as "introduced by".

The rename log is read once per run with one ``git log -M --name-status`` (bounded by
``max_commits``); questions that need more (a pickaxe search, a file's old content) are
asked lazily, only for the few findings that need them, and cached.
Outside a git repository every answer is empty.
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Change:
    """One path changed by one commit: ``kind`` is ``R`` (renamed to ``new``) or ``D``."""

    commit: str
    subject: str
    kind: str
    old: str
    new: str | None = None

    def describe(self) -> str:
        return f"{self.commit[:10]} {self.subject}"


@dataclass(frozen=True)
class History:
    """Renames and deletions, newest first, keyed by the old path (relative to the root)."""

    root: Path | None = None
    renames: Mapping[str, Change] = field(default_factory=lambda: MappingProxyType({}))
    deletions: Mapping[str, Change] = field(default_factory=lambda: MappingProxyType({}))
    renamed_dirs: Mapping[str, Change] = field(default_factory=lambda: MappingProxyType({}))

    def moved_to(
        self, path: str, exists: frozenset[str] | None = None
    ) -> tuple[str, Change] | None:
        """Where ``path`` lives now, following chains of renames, and the first rename."""
        first = self.renames.get(path)
        if first is None:
            return None
        current, seen = first.new or "", {path}
        while current in self.renames and current not in seen:
            if exists is not None and current in exists:
                break
            seen.add(current)
            current = self.renames[current].new or ""
        return current, first

    def pickaxe(self, path: str, needle: str) -> tuple[tuple[str, str], ...]:
        """Commits (sha, subject) whose diff of ``path`` adds or drops ``needle``, newest first."""
        if self.root is None:
            return ()
        return _pickaxe(str(self.root), path, needle)

    def file_at(self, commit: str, path: str) -> str | None:
        """The text of ``path`` as of ``commit`` (None when it did not exist or is not text)."""
        if self.root is None:
            return None
        return _show(str(self.root), commit, path)


def read_history(root: Path, max_commits: int = 2000) -> History:
    """Read renames and deletions from the last ``max_commits`` commits touching ``root``."""
    try:
        out = subprocess.run(
            [
                "git",
                "log",
                "-M",
                "--relative",
                "--name-status",
                "--diff-filter=RD",
                "-z",
                f"--max-count={max_commits}",
                "--format=%x01%H%x00%s",
            ],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return History()
    renames: dict[str, Change] = {}
    deletions: dict[str, Change] = {}
    for block in out.split("\x01")[1:]:
        parts = block.split("\x00")
        sha, subject, rest = parts[0], parts[1].strip(), [p.strip("\n") for p in parts[2:]]
        i = 0
        while i < len(rest):
            status = rest[i]
            if status.startswith("R") and i + 2 < len(rest):
                old, new = rest[i + 1], rest[i + 2]
                renames.setdefault(old, Change(sha, subject, "R", old, new))
                i += 3
            elif status.startswith("D") and i + 1 < len(rest):
                deletions.setdefault(rest[i + 1], Change(sha, subject, "D", rest[i + 1]))
                i += 2
            else:
                i += 1
    return History(
        root=root,
        renames=MappingProxyType(renames),
        deletions=MappingProxyType(deletions),
        renamed_dirs=MappingProxyType(_renamed_dirs(renames)),
    )


def _renamed_dirs(renames: Mapping[str, Change]) -> dict[str, Change]:
    """Folders whose renamed files all moved to one other folder (``a/x`` -> ``b/x``)."""
    targets: dict[str, set[str]] = {}
    first: dict[str, Change] = {}
    for old, change in renames.items():
        old_dir, _, old_name = old.rpartition("/")
        new_dir, _, new_name = (change.new or "").rpartition("/")
        if old_name == new_name and old_dir != new_dir:
            targets.setdefault(old_dir, set()).add(new_dir)
            first.setdefault(old_dir, Change(change.commit, change.subject, "R", old_dir, new_dir))
    return {d: first[d] for d, news in targets.items() if len(news) == 1}


@functools.lru_cache(maxsize=256)
def _pickaxe(root: str, path: str, needle: str) -> tuple[tuple[str, str], ...]:
    try:
        out = subprocess.run(
            ["git", "log", "--format=%H%x00%s", "-S", needle, "--", path],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(tuple(line.split("\x00", 1)) for line in out.splitlines() if "\x00" in line)


@functools.lru_cache(maxsize=256)
def _show(root: str, commit: str, path: str) -> str | None:
    try:
        prefix = subprocess.run(
            ["git", "rev-parse", "--show-prefix"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        data = subprocess.run(
            ["git", "show", f"{commit}:{prefix}{path}"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        return data.decode("utf-8")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
