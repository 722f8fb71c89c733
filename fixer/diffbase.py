"""``--diff-base REV``: which files changed since a revision, and which findings touch them.

Changed files are the union of ``git diff --name-only --no-renames REV`` (committed, staged
and unstaged changes against REV; with renames off, a moved file counts under its old and its
new path) and untracked files that are not ignored. Paths are relative to the scanned root.

A finding *touches* the change when its own path, a path its fix edits, or a changed path
named in its message, symbol, evidence or candidates is changed: a pull request that moves a
Dockerfile must see the compose file that still points at the old path, although the compose
file itself did not change. Facts always come from the whole repository; only the report is
narrowed. See docs/decisions/042-diff-base.md.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from fixer.errors import FixerError
from fixer.model import Finding


def changed_files(root: Path, rev: str) -> frozenset[str]:
    """Files changed since ``rev`` (or uncommitted, or untracked), relative to ``root``."""
    if rev.startswith("-"):
        raise FixerError(f"--diff-base: not a revision: {rev!r}")
    diff = _git(root, "diff", "--name-only", "--no-renames", "-z", "--relative", rev, "--")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    names = [n for n in (diff + "\0" + untracked).split("\0") if n]
    return frozenset(names)


def _git(root: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)
    except OSError as exc:
        raise FixerError(f"--diff-base needs git: {exc.strerror}") from None
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[0] if detail else f"git {args[0]} failed"
        raise FixerError(f"--diff-base: {reason}") from None
    return out.stdout.decode("utf-8", "surrogateescape")


def touches(finding: Finding, changed: frozenset[str]) -> bool:
    """Whether ``finding`` is about one of the ``changed`` paths (see the module docstring)."""
    if finding.path in changed:
        return True
    if finding.fix is not None and not finding.fix.paths.isdisjoint(changed):
        return True
    text = "\n".join((finding.message, finding.symbol, *finding.evidence, *finding.candidates))
    return any(path in text for path in _mentionable(changed, text))


def _mentionable(changed: frozenset[str], text: str) -> Iterable[str]:
    """Changed paths whose file name occurs in ``text`` (a cheap gate before the full test)."""
    for path in changed:
        if PurePosixPath(path).name in text:
            yield path


def select(findings: Iterable[Finding], changed: frozenset[str]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if touches(f, changed))
