"""Stage 1, files: which files a run looks at, and safe access to them.

Inside a git work tree the file list comes from ``git ls-files`` (tracked plus untracked,
not ignored), which is both faster and exactly what the user's ``.gitignore`` says.
Outside one, the tree is walked and ``.gitignore`` files are honoured with ``pathspec``.
Every path handed out is relative to the root, with ``/``; :meth:`Workspace.absolute`
refuses any path that leaves the root, through ``..``, an absolute path or a symlink.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from fixer.errors import FixerError
from fixer.text import SourceText, decode

ALWAYS_EXCLUDED = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".fixer_cache",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
)
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Workspace:
    """The scanned root and the files below it that fixer may read."""

    root: Path
    files: tuple[str, ...]
    is_git: bool = False
    # the lstat of each listed regular file, taken while listing (the later stages reuse it
    # instead of asking the file system again); symbolic links are not in it
    stats: Mapping[str, os.stat_result] = field(default_factory=dict, compare=False, repr=False)
    # files and folders (``name/``) present on disk that git ignores: not analysed, but a
    # rule can say "present here, git-ignored: a fresh clone lacks it" (git work trees only)
    ignored: tuple[str, ...] = ()

    @property
    def dirs(self) -> frozenset[str]:
        out: set[str] = set()
        for f in self.files:  # string slicing, not pathlib: once per file of the tree
            cut = f.rfind("/")
            while cut > 0 and f[:cut] not in out:
                out.add(f[:cut])
                cut = f.rfind("/", 0, cut)
        return frozenset(out)

    def absolute(self, rel: str) -> Path:
        """The file's absolute path; a path that leaves the root is a :class:`FixerError`."""
        if os.path.isabs(rel):
            raise FixerError("absolute path refused: outside the scanned root", rel, 1)
        path = self.root / rel
        root = self.root.resolve()
        try:
            path.resolve().relative_to(root)
        except ValueError:
            raise FixerError("path escapes the scanned root, refused", rel, 1) from None
        return path

    def symlinked(self, rel: str) -> bool:
        """Whether ``rel`` or one of its folders below the root is a symbolic link."""
        parts = PurePosixPath(rel).parts
        return any(os.path.islink(self.root.joinpath(*parts[: i + 1])) for i in range(len(parts)))

    def read(self, rel: str, max_bytes: int = MAX_FILE_BYTES) -> SourceText:
        path = self.absolute(rel)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise FixerError(f"file too large ({size} bytes > {max_bytes}), skipped", rel, 1)
            data = path.read_bytes()
        except OSError as exc:
            raise FixerError(f"cannot read: {exc.strerror}", rel, 1) from None
        return decode(rel, data)


def discover(root: Path, exclude: Iterable[str] = ()) -> Workspace:
    """List the files of ``root`` that a run looks at (see the module docstring)."""
    root = Path(root)
    if not root.is_dir():
        raise FixerError(f"not a directory: {root}")
    patterns = list(exclude)
    spec = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
    listed = _git_files(root)
    files = listed if listed is not None else _walk(root)
    base = str(root)  # os.path, not pathlib: this runs once per file of the tree
    kept: list[str] = []
    stats: dict[str, os.stat_result] = {}
    for f in files:
        if _excluded_dir(f) or (spec is not None and spec.match_file(f)):
            continue
        path = os.path.join(base, f)
        try:
            st = os.lstat(path)
        except OSError:
            continue  # listed by git, deleted since
        if stat.S_ISREG(st.st_mode):
            stats[f] = st
            kept.append(f)
        elif stat.S_ISLNK(st.st_mode) and os.path.isfile(path):
            kept.append(f)
    kept.sort()
    ignored = tuple(sorted(_git_ignored(root))) if listed is not None else ()
    return Workspace(
        root=root, files=tuple(kept), is_git=listed is not None, stats=stats, ignored=ignored
    )


def _excluded_dir(rel: str) -> bool:
    return any(part in ALWAYS_EXCLUDED for part in rel.split("/")[:-1])


def _git_files(root: Path) -> list[str] | None:
    """Files git knows below ``root`` (tracked and untracked, not ignored), or None."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    names = [n.decode("utf-8", "surrogateescape") for n in out.stdout.split(b"\0") if n]
    return list(dict.fromkeys(names))


def _git_ignored(root: Path) -> list[str]:
    """Files and folders below ``root`` that exist and that git ignores; a wholly ignored
    folder is one entry ending in ``/`` (git does not descend into it)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
            cwd=root,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return []
    names = (n.decode("utf-8", "surrogateescape") for n in out.stdout.split(b"\0") if n)
    # fixer's own cache and tool folders are not the project's files (and change every run)
    return [n for n in names if not _excluded_dir(n.rstrip("/") + "/")]


def _walk(root: Path) -> list[str]:
    """Walk ``root``, honouring every ``.gitignore`` met on the way down."""
    found: list[str] = []
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        ignore_file = Path(dirpath) / ".gitignore"
        if ignore_file.is_file():
            lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)))

        def ignored(rel: str, is_dir: bool, rel_dir: str = rel_dir) -> bool:
            for base, spec in specs:
                if base and not rel.startswith(base + "/"):
                    continue
                sub = rel[len(base) + 1 :] if base else rel
                if spec.match_file(sub + ("/" if is_dir else "")):
                    return True
            return False

        dirnames[:] = sorted(
            d for d in dirnames if d not in ALWAYS_EXCLUDED and not ignored(_join(rel_dir, d), True)
        )
        for name in sorted(filenames):
            rel = _join(rel_dir, name)
            if not ignored(rel, False):
                found.append(rel)
    return found


def _join(base: str, name: str) -> str:
    return f"{base}/{name}" if base else name
