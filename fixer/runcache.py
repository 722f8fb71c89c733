"""The last diagnosis of an unchanged tree: a warm ``fixer diagnose`` answers without facts.

Loading the facts of a large tree from :mod:`fixer.facts.cache` and running every rule costs
about two seconds on the benchmark monorepo even when nothing changed; a pre-commit hook or
an editor asking again should not pay that. So :func:`fixer.pipeline.diagnose` keeps the
last :class:`~fixer.model.Diagnosis` in ``.fixer_cache/run.pack`` under a key that covers
everything the diagnosis depends on:

- fixer's own code (every ``.py`` file of ``fixer`` and ``codemods``) and its version, and
  the Python running it (its ``ast`` decides which files parse);
- the options (the configuration, ``--select`` and the rest), and the baseline file's bytes;
- the file list, and every listed file's size, modification time (ns) and inode, like git's
  index: a rewritten file changes at least one of them;
- ``HEAD``'s commit (the history the rules may ask about) and the ``--diff-base`` selection.

A file modified less than two seconds before the entry was written is never trusted this
way (its mtime could hide a later change within the clock's granularity), exactly as in
the facts cache. Any doubt (an unreadable, corrupt or foreign entry) is a miss, and the pack
is read with the facts cache's safe unpickler. See docs/decisions/043-run-cache.md.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import fixer
from fixer.config import Options
from fixer.facts.cache import (
    CACHE_DIR,
    MAGIC,
    RACY_NS,
    atomic_write,
    make_folder,
    safe_loads,
)
from fixer.model import Diagnosis
from fixer.workspace import Workspace

RUN_PACK = "run.pack"


@dataclass(frozen=True)
class Key:
    """What identifies one diagnosis, and the newest modification time it saw."""

    digest: str
    newest_ns: int


@dataclass(frozen=True)
class Cached:
    diagnosis: Diagnosis
    suppressed: int
    baselined: int


@functools.cache
def code_digest() -> str:
    """Digest of fixer's version and the source of every module of fixer and codemods."""
    import codemods

    h = hashlib.sha256(fixer.__version__.encode())
    for package in (Path(fixer.__file__).parent, Path(codemods.__file__).parent):
        for source in sorted(package.rglob("*.py")):
            h.update(str(source.relative_to(package.parent)).encode() + b"\0")
            h.update(source.read_bytes())
    return h.hexdigest()


def key(
    workspace: Workspace,
    options: Options,
    changed: frozenset[str] | None,
    baseline: Path | None,
) -> Key | None:
    """The key of a diagnosis of ``workspace`` (None when it cannot be keyed safely)."""
    h = hashlib.sha256(code_digest().encode())
    h.update(f"{sys.implementation.name} {sys.version_info[:2]}".encode())  # what parses
    h.update(repr(options).encode())
    h.update(repr(sorted(changed) if changed is not None else None).encode())
    if baseline is not None:
        try:
            h.update(baseline.read_bytes())
        except OSError:
            h.update(b"<no baseline>")
    h.update(f"git={workspace.is_git} head={_head(workspace)}\0".encode())
    h.update("\0".join(workspace.ignored).encode())  # present, git-ignored files are named
    root = str(workspace.root)
    newest = 0
    stats = workspace.stats
    for rel in workspace.files:
        try:
            st = stats.get(rel) or os.stat(os.path.join(root, rel))
        except OSError:
            return None  # listed but unreadable: let the full run report it
        newest = max(newest, st.st_mtime_ns)
        h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0".encode())
    return Key(h.hexdigest(), newest)


def _head(workspace: Workspace) -> str:
    if not workspace.is_git:
        return ""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "-q", "--verify", "HEAD"],
            cwd=workspace.root,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return "<unknown>"
    return out.stdout.decode("ascii", "replace").strip() or "<no commit>"


def load(root: Path, k: Key) -> Cached | None:
    """The diagnosis stored under ``k``, or None."""
    try:
        data = (Path(root) / CACHE_DIR / RUN_PACK).read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        stored_key, written_ns, cached = safe_loads(data[len(MAGIC) :])  # type: ignore[misc]
    except Exception:  # any corruption is a miss; the next full run rewrites the pack
        return None
    if stored_key != k.digest or not isinstance(cached, Cached):
        return None
    if not isinstance(written_ns, int) or k.newest_ns >= written_ns - RACY_NS:
        return None
    return cached


def store(root: Path, k: Key, cached: Cached) -> None:
    """Keep ``cached`` as the last diagnosis (atomically; a cache write never fails a run)."""
    try:
        folder = make_folder(root)
        payload = (k.digest, time.time_ns(), cached)
        atomic_write(
            folder / RUN_PACK, MAGIC + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        )
    except (OSError, pickle.PicklingError):
        return
