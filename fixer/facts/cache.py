"""A cache of per-file facts, keyed by what the facts depend on: fixer, extractor kind, content.

A key is ``(schema, kind, sha256(content))`` where ``schema`` is a digest of fixer's version,
the source of the fact extractors (``fixer/facts/*.py``) and the extractor used, so a changed
extractor never reads facts written by an older one. The same content under two paths shares
one entry (extractors are pure functions of ``(path, text)``; paths inside facts are the one
exception, so the path is part of the key too).

Storage is one *pack* file per schema, ``<root>/.fixer_cache/facts-<schema>.pack``, read once
at the start of a run and written once at the end, only when something changed (see
docs/decisions/040-facts-cache-pack-file.md for the measurements behind one pack file instead
of one file per entry). The folder holds a ``.gitignore`` containing ``*``, so it is ignored
without touching the user's ``.gitignore``.

Safety:

- concurrent runs: the pack is written to a temporary file in the same folder and moved into
  place with :func:`os.replace` (atomic), so a reader sees an old pack or a new one, never half
  of one; two writers both succeed and the last one wins, which is correct for a cache;
- corrupt entries: every entry is pickled on its own; a pack that cannot be read, or an entry
  that cannot be unpickled, is a miss: the facts are extracted again and the pack rewritten;
- untrusted packs: a pack can be committed to a repository by anyone, so entries are read with
  an unpickler that only builds classes defined in ``fixer`` and a few builtin containers,
  never calls functions.
"""

from __future__ import annotations

import builtins
import contextlib
import copyreg
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import fixer

CACHE_DIR = ".fixer_cache"
MAGIC = b"FXFACTS1\n"
# A file modified this close to a cache write is never trusted by its stat (racy git).
RACY_NS = 2_000_000_000
_SAFE_BUILTINS = frozenset(
    {
        "frozenset",
        "set",
        "tuple",
        "list",
        "dict",
        "str",
        "bytes",
        "int",
        "float",
        "bool",
        "complex",
        "slice",
        "range",
        "bytearray",
    }
)

# An entry: ("ok", facts) or ("err", path, line, message).
Entry = tuple


def schema_digest(extractor: Callable[..., object] | None = None) -> str:
    """Digest of everything cached facts depend on besides the file itself: fixer's code,
    and the Python running it (its ``ast`` decides what parses)."""
    h = hashlib.sha256(fixer.__version__.encode())
    h.update(f"{sys.implementation.name} {sys.version_info[:2]}".encode())
    facts_dir = Path(__file__).parent
    for source in sorted(facts_dir.glob("*.py")):
        h.update(source.name.encode())
        h.update(source.read_bytes())
    if extractor is not None:
        h.update(f"{extractor.__module__}.{extractor.__qualname__}".encode())
    return h.hexdigest()[:16]


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mapping_proxy(items: dict) -> MappingProxyType:
    """Rebuild a read-only mapping (the one function the safe unpickler may call)."""
    return MappingProxyType(items)


def _reduce_mapping_proxy(m: MappingProxyType) -> tuple:
    return (mapping_proxy, (dict(m),))


# Facts hold read-only mappings; let them cross process boundaries and into the cache.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)


class _SafeUnpickler(pickle.Unpickler):
    """Builds only fixer's own classes (dataclasses, enums) and plain builtin containers."""

    def find_class(self, module: str, name: str) -> object:
        found = _allowed_global(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"refused global {module}.{name}")
        return found


# where pickles say pathlib's classes live (Python 3.13 moved them to pathlib._local)
_PATHLIB = ("pathlib", "pathlib._local")


@functools.lru_cache(maxsize=512)
def _allowed_global(module: str, name: str) -> object:
    """The class ``module.name`` if a pack may build it, else None (memoised: every entry
    of a pack is a pickle of its own and asks again)."""
    if "." not in name:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return getattr(builtins, name)
        if module == "fixer" or module.startswith("fixer."):
            import importlib

            obj = getattr(importlib.import_module(module), name, None)
            if isinstance(obj, type):
                return obj
        if module == __name__ and name == "mapping_proxy":
            return mapping_proxy
        if module in _PATHLIB and name in ("PurePosixPath", "PosixPath", "Path"):
            import pathlib

            return getattr(pathlib, name)
    return None


def safe_loads(data: bytes) -> object:
    return _SafeUnpickler(io.BytesIO(data)).load()


class FactsCache:
    """The facts of one root's files, from and to ``<root>/.fixer_cache/``.

    ``get`` and ``put`` work in memory; :meth:`save` writes the pack when anything changed.
    A disabled cache (``--no-cache``) never reads or writes and always misses.
    """

    def __init__(self, root: Path, schema: str, *, enabled: bool = True) -> None:
        self.dir = Path(root) / CACHE_DIR
        self.pack = self.dir / f"facts-{schema}.pack"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._stats: dict[str, tuple] = {}
        self._new_stats: dict[str, tuple] = {}
        self._written_ns = 0
        if enabled:
            self._entries = self._read()

    @staticmethod
    def key(kind: str, path: str, digest: str) -> str:
        return f"{kind}\x1f{path}\x1f{digest}"

    def _read(self) -> dict[str, bytes]:
        try:
            data = self.pack.read_bytes()
        except OSError:
            return {}
        if not data.startswith(MAGIC):
            self._dirty = True
            return {}
        try:
            entries, stats, written_ns = safe_loads(data[len(MAGIC) :])  # type: ignore[misc]
            if not isinstance(entries, dict) or not isinstance(stats, dict):
                raise ValueError("not a pack")
            self._written_ns = int(written_ns)
        except Exception:  # any corruption: start again, and rewrite the pack
            self._dirty = True
            return {}
        self._stats = stats
        return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}

    def known_digest(self, path: str, st: os.stat_result) -> str | None:
        """The content digest recorded for ``path`` if its size, mtime and inode are unchanged.

        Like git's index, a file modified less than two seconds before the pack was written
        is never trusted this way (its mtime could hide a later change within the clock's
        granularity): it is read and hashed again.
        """
        if not self.enabled:
            return None
        known = self._stats.get(path)
        if not isinstance(known, tuple) or len(known) != 5:
            return None
        if known[:3] != (st.st_size, st.st_mtime_ns, st.st_ino):
            return None
        if st.st_mtime_ns >= self._written_ns - RACY_NS:
            return None
        return known[3]

    def known_extra(self, path: str, digest: str) -> object:
        """What :meth:`record_stat` stored with ``path`` at content ``digest`` (else None)."""
        known = self._stats.get(path)
        if isinstance(known, tuple) and len(known) == 5 and known[3] == digest:
            return known[4]
        return None

    def record_stat(self, path: str, st: os.stat_result, digest: str, extra: object = None) -> None:
        """Remember ``path``'s stat and digest, and ``extra``: a small builtin value computed
        from the content alone (the prefilter's config class names)."""
        if self.enabled:
            value = (st.st_size, st.st_mtime_ns, st.st_ino, digest, extra)
            self._new_stats[path] = value
            if self._stats.get(path) != value:
                self._dirty = True

    def get(self, key: str) -> Entry | None:
        if not self.enabled:
            return None
        raw = self._entries.get(key)
        if raw is None:
            self.misses += 1
            return None
        try:
            entry = safe_loads(raw)
        except Exception:  # a corrupt entry is a miss; it is rewritten by put()
            entry = None
        if not isinstance(entry, tuple) or not entry or entry[0] not in ("ok", "err"):
            del self._entries[key]
            self._dirty = True
            self.misses += 1
            return None
        self._used.add(key)
        self.hits += 1
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if not self.enabled:
            return
        try:
            raw = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # facts that cannot be pickled are simply not cached
            return
        self.put_raw(key, raw)

    def put_raw(self, key: str, raw: bytes) -> None:
        """Store an entry already pickled (by a worker process) as it is."""
        if self.enabled:
            self._entries[key] = raw
            self._used.add(key)
            self._dirty = True

    def save(self) -> None:
        """Write the entries used by this run, atomically, if anything changed."""
        if not self.enabled:
            return
        stale = len(self._entries) != len(self._used)
        stale = stale or len(self._stats) != len(self._new_stats)
        if not self._dirty and not stale:
            return
        keep = {k: self._entries[k] for k in sorted(self._used) if k in self._entries}
        try:
            make_folder(self.dir.parent)
            pack = (keep, self._new_stats, time.time_ns())
            atomic_write(self.pack, MAGIC + pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
            for old in self.dir.glob("facts-*.pack"):
                if old != self.pack:
                    with contextlib.suppress(OSError):
                        old.unlink()
        except OSError:
            return  # a cache that cannot be written is not an error
        self._dirty = False


def make_folder(root: Path) -> Path:
    """``<root>/.fixer_cache/``, created with a ``.gitignore`` of ``*`` (raises OSError)."""
    folder = Path(root) / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, b"# fixer's cache, safe to delete\n*\n")
    return folder


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
