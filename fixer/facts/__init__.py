"""Stage 2, facts: what every file says, extracted once, cheaply, into plain data.

Each extractor is a pure function from ``(path, text)`` to frozen facts, so it can be
tested, fuzzed and cached on its own:

- :mod:`fixer.facts.python`: classes, attribute reads, string literals (``ast``, never libcst);
- :mod:`fixer.facts.compose`: YAML files and the compose model with source positions;
- :mod:`fixer.facts.docker`: Dockerfiles and ``.dockerignore`` files (and ``.gitignore``);
- :mod:`fixer.facts.commands`: compose command lines in scripts, Makefiles and docs;
- :mod:`fixer.facts.history`: renames and deletions from git.

Rules receive a :class:`Facts` and nothing else: they never read files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from fixer.errors import FixerError
from fixer.facts import cache as _cache  # importing it registers pickling of read-only maps
from fixer.facts.history import History, read_history
from fixer.gcpause import cyclic_gc_paused
from fixer.model import NEWER_PYTHON, TEMPLATED_YAML, FileError, Skipped
from fixer.text import decode

if TYPE_CHECKING:
    from fixer.facts.commands import CommandFacts
    from fixer.facts.compose import YamlFile
    from fixer.facts.docker import Dockerfile
    from fixer.facts.outline import Narrowed
    from fixer.facts.python import PythonModule
    from fixer.workspace import Workspace


T = TypeVar("T")


def _empty() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True)
class Facts:
    """Everything the rules may know about one tree."""

    files: frozenset[str] = frozenset()
    dirs: frozenset[str] = frozenset()
    python: Mapping[str, PythonModule] = field(default_factory=_empty)
    yaml: Mapping[str, YamlFile] = field(default_factory=_empty)
    dockerfiles: Mapping[str, Dockerfile] = field(default_factory=_empty)
    dockerignores: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)
    env_files: Mapping[str, Mapping[str, str]] = field(default_factory=_empty)
    history: History = field(default_factory=History)
    # Python and YAML files whose text contains ``fixer:`` (where suppression comments can be)
    commented: frozenset[str] = frozenset()
    # present on disk but ignored by git (folders end in ``/``): see Workspace.ignored
    ignored: frozenset[str] = frozenset()
    # files left out on purpose (newer Python syntax, templated YAML): no facts, no error
    skipped: tuple[Skipped, ...] = ()
    # ``.gitignore`` path -> its patterns (what a fresh clone lacks, see rules._projects)
    gitignores: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)
    # scripts, Makefiles, docs -> the compose command lines they hold (YAML files keep theirs
    # in ``YamlFile.commands``)
    scripts: Mapping[str, CommandFacts] = field(default_factory=_empty)

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.dirs

    def git_ignored(self, path: str) -> bool:
        """``path`` is on disk here but git ignores it (itself or one of its folders), so a
        fresh clone, and CI, lack it."""
        if path in self.ignored or path + "/" in self.ignored:
            return True
        cut = path.rfind("/")
        while cut > 0:
            if path[: cut + 1] in self.ignored:
                return True
            cut = path.rfind("/", 0, cut)
        return False

    def derived(self, compute: Callable[[Facts], T]) -> T:
        """``compute(self)``, computed once per :class:`Facts` and shared by the rules that
        need it (FX101 and FX102 share one analysis of every config class)."""
        cache: dict[object, object] = self.__dict__.setdefault("_derived", {})
        if compute not in cache:
            cache[compute] = compute(self)
        return cache[compute]  # type: ignore[return-value]

    def by_name(self, name: str) -> tuple[str, ...]:
        """Files and folders whose last path component is ``name``, sorted."""
        return self._name_index.get(name, ())

    def by_folded_name(self, name: str) -> tuple[str, ...]:
        """Files and folders whose last path component is ``name`` ignoring case, sorted."""
        return self._folded_index.get(name.lower(), ())

    @functools.cached_property
    def _folded_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for name, paths in self._name_index.items():
            index.setdefault(name.lower(), []).extend(paths)
        return {k: tuple(sorted(v)) for k, v in index.items()}

    @functools.cached_property
    def _name_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for p in sorted(self.files | self.dirs):
            index.setdefault(p.rsplit("/", 1)[-1], []).append(p)
        return {k: tuple(v) for k, v in index.items()}


SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".ps1", ".mk", ".md", ".markdown", ".rst", ".just")
SCRIPT_NAMES = frozenset(
    {"makefile", "gnumakefile", "justfile", ".justfile", "jenkinsfile", "package.json", "tox.ini"}
)


def kind_of(path: str) -> str | None:
    """Which extractor reads ``path``: python, yaml, dockerfile, dockerignore, env, gitignore,
    script, or None."""
    lower = path.rsplit("/", 1)[-1].lower()  # the file name (paths are relative, with "/")
    if lower.endswith(".py"):
        return "python"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower == ".gitignore":
        return "gitignore"
    if lower.endswith(SCRIPT_SUFFIXES) or lower in SCRIPT_NAMES:
        return "script"
    if lower == "dockerfile" or lower.endswith(".dockerfile") or lower.startswith("dockerfile."):
        return "dockerfile"
    if lower == ".dockerignore" or lower.endswith(".dockerignore"):
        return "dockerignore"
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return "env"
    return None


def extract(kind: str, path: str, text: str) -> object:
    """Run the extractor for ``kind`` on one file's text (raises :class:`FixerError`).

    A file left out on purpose gives a :class:`Skipped` instead of facts (newer Python, see
    :func:`python_facts`; templated YAML, see :func:`yaml_facts`).
    """
    if kind == "python":
        return python_facts(path, text)
    if kind == "yaml":
        return yaml_facts(path, text)
    if kind == "dockerfile":
        from fixer.facts import docker

        return docker.extract(path, text)
    if kind == "dockerignore":
        from fixer.facts import docker

        return docker.extract_ignore(path, text)
    if kind == "env":
        from fixer.facts import docker

        return docker.extract_env(path, text)
    if kind == "gitignore":
        from fixer.facts import docker

        return docker.extract_ignore(path, text)
    if kind == "script":
        from fixer.facts import commands

        return commands.scan(text) or None
    raise ValueError(kind)


def python_facts(path: str, text: str, narrowed: Narrowed | None = None) -> object:
    """The Python file's facts; if the running ``ast`` rejects it but it is valid newer
    Python, a :class:`Skipped` saying which version it needs (not an error)."""
    from fixer.facts import python

    try:
        return python.extract(path, text, narrowed)
    except python.PythonSyntaxError:
        from fixer.facts.newer_python import newer_syntax

        newer = newer_syntax(text)
        if newer is None:
            raise
        return Skipped(path, newer.line, NEWER_PYTHON, newer.construct, needs=newer.needs)


def yaml_facts(path: str, text: str) -> object:
    """The YAML file's facts; if it fails to parse at a template directive, a
    :class:`Skipped` (templated YAML is not YAML, and not broken either)."""
    from fixer.facts import compose, templated

    try:
        return compose.extract(path, text)
    except FixerError as exc:
        if not templated.fails_at_directive(text, exc.line or 1):
            raise
        return Skipped(
            path, exc.line or 1, TEMPLATED_YAML, "fails to parse at a template directive"
        )


_BUILTIN_EXTRACT = extract
Extractor = Callable[[str, str, str], object]
Progress = Callable[[int, int], None]

# Below these, extraction stays in this process: starting workers costs more than it saves.
PARALLEL_MIN_FILES = 400
PARALLEL_MIN_BYTES = 4_000_000
CHUNK_BYTES = 1_500_000
# Below this, every Python file is parsed: small trees get every syntax error reported.
PREFILTER_MIN_PYTHON_FILES = 2000
SKIPPED = ("skip",)
# What a worker gets for one file: kind, path relative to the root, absolute path (checked to
# stay inside the root), content digest, size, and the bytes when already read (else None).
_Task = tuple[str, str, str, str, int, "bytes | None"]
# The text every suppression comment contains (fixer.suppress.MARKER, as UTF-8 bytes).
SUPPRESSION_MARKER = b"fixer:"


@dataclass(frozen=True)
class GatherStats:
    """What one gather did, for the benchmark and ``--verbose`` output."""

    files: int = 0
    hits: int = 0
    extracted: int = 0
    skipped: int = 0
    workers: int = 1


def gather(workspace: Workspace, **options: Any) -> tuple[Facts, tuple[FileError, ...]]:
    """Read every file the workspace lists and build the :class:`Facts` for the rules.

    The keyword ``options`` are those of :func:`gather_with_stats`, which does the work.
    """
    facts, errors, _stats = gather_with_stats(workspace, **options)
    return facts, errors


@cyclic_gc_paused()
def gather_with_stats(
    workspace: Workspace,
    *,
    with_history: bool = True,
    use_cache: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    parallel_min_files: int = PARALLEL_MIN_FILES,
    parallel_min_bytes: int = PARALLEL_MIN_BYTES,
    prefilter: bool | None = None,
) -> tuple[Facts, tuple[FileError, ...], GatherStats]:
    """The facts of ``workspace``, its file errors, and what the gathering did.

    Per file: take its content hash from the cache's stat index, or read and hash it; look
    the hash up in the facts cache (:mod:`fixer.facts.cache`); ask the byte prefilter
    (:mod:`fixer.facts.prefilter`) whether it can contribute facts at all; only then decode,
    narrow (:mod:`fixer.facts.outline`) and extract. Reading and extracting run in a process
    pool over ``jobs`` workers (default: every core) when there are enough files to pay for
    it, serially otherwise; results are identical either way and keep the workspace's file
    order. ``progress(done, total)`` is called as files are done.
    ``prefilter`` defaults to on for fixer's own extractors on trees of at least
    ``PREFILTER_MIN_PYTHON_FILES`` Python files, off otherwise (see docs/decisions/041).
    ``extractor`` (default :func:`extract`, looked up at call time) is what tests replace.
    """
    pools = _Pools(_workers(jobs))
    try:
        return _gather(
            workspace,
            with_history=with_history,
            use_cache=use_cache,
            progress=progress,
            extractor=extractor,
            parallel_min_files=parallel_min_files,
            parallel_min_bytes=parallel_min_bytes,
            prefilter=prefilter,
            pools=pools,
        )
    finally:
        pools.close()


class _Pools:
    """One process pool per gathering, made on first use (forked before any thread starts)
    and shut down at the end, whatever happens in between."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Any = None

    def get(self) -> Any:
        if self._pool is None:
            import concurrent.futures

            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=_mp_context()
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _gather(
    workspace: Workspace,
    *,
    with_history: bool,
    use_cache: bool,
    progress: Progress | None,
    extractor: Extractor | None,
    parallel_min_files: int,
    parallel_min_bytes: int,
    prefilter: bool | None,
    pools: _Pools,
) -> tuple[Facts, tuple[FileError, ...], GatherStats]:
    if extractor is None:
        extractor = extract  # looked up now, so tests may monkeypatch fixer.facts.extract
    if prefilter is None:  # fixer's own extractors, on trees where parsing everything is slow
        python_files = sum(1 for rel in workspace.files if rel.endswith(".py"))
        prefilter = extractor is _BUILTIN_EXTRACT and python_files >= PREFILTER_MIN_PYTHON_FILES
    import concurrent.futures

    from fixer.facts import prefilter as pre
    from fixer.facts.cache import FactsCache, schema_digest

    cache = FactsCache(workspace.root, schema_digest(extractor), enabled=use_cache)
    results: dict[str, tuple] = {}
    misses: list[tuple[_Task, str]] = []  # (what to extract, its cache key)
    deferred: list[_Task] = []
    hits = 0
    listed = [(rel, kind) for rel in workspace.files if (kind := kind_of(rel)) is not None]
    charted = _chart_templates(workspace.files) if extractor is _BUILTIN_EXTRACT else {}
    total = len(listed)
    tree = hashlib.sha256()
    python_names: list[tuple[bytes, ...]] = []
    commented: set[str] = set()

    def look_up(task: _Task, key: str) -> None:
        """The cached entry of ``task``'s file, or a miss to extract."""
        nonlocal hits
        entry = cache.get(key)
        if entry is None:
            misses.append((task, key))
        else:
            results[task[1]] = entry
            hits += 1

    # Which files must be read: those whose stat the cache does not know.
    stated: list[tuple[str, str, str, os.stat_result, str | None, object]] = []
    unread: list[_Task] = []
    for rel, kind in listed:
        extra: object = None  # (config class names, mentions "fixer:"), for Python and YAML
        if rel in charted:  # a Helm template, not YAML: not even read
            results[rel] = ("ok", Skipped(rel, 1, TEMPLATED_YAML, charted[rel]))
            continue
        try:
            path, st = _stat(workspace, rel)
        except FixerError as exc:
            results[rel] = ("err", exc.path or rel, exc.line or 1, exc.message)
            continue
        digest = cache.known_digest(rel, st)  # unchanged since the cache saw it: no read
        if digest is not None and kind in ("python", "yaml"):
            extra = cache.known_extra(rel, digest)
            if not (isinstance(extra, tuple) and len(extra) == 2):
                digest = None  # recorded by an older fixer: read the file again
        stated.append((rel, kind, str(path), st, digest, extra))
        if digest is None:
            unread.append((kind, rel, stated[-1][2], "", st.st_size, None))

    # Read and hash them: in worker processes when there are many (a cold run), keeping no
    # bytes (the extracting workers read them again from the page cache), else here.
    workers = pools.workers

    def pool_chunks(tasks: list[_Task]) -> list[list[_Task]] | None:
        """``tasks`` in chunks for the worker processes, or None when too few to pay for them."""
        size = sum(t[4] for t in tasks)
        if workers < 2 or len(tasks) < parallel_min_files or size < parallel_min_bytes:
            return None
        return _chunks(tasks, max(1, min(CHUNK_BYTES, size // (workers * 4) + 1)))

    read: dict[str, tuple[str | None, object, bytes | None]] = {}
    unread_chunks = pool_chunks(unread)
    if unread_chunks is not None:
        digests = [pools.get().submit(_digest_chunk, chunk) for chunk in unread_chunks]
    else:
        digests = []
        for kind, rel, path, _, _, _ in unread:
            read[rel] = _digest_one(kind, rel, path, keep=True)
    del unread, unread_chunks
    # git log runs in a thread meanwhile (started after the workers were forked)
    history_thread = concurrent.futures.ThreadPoolExecutor(1)
    history_job = (
        history_thread.submit(read_history, workspace.root)
        if with_history and workspace.is_git
        else None
    )
    try:
        for job in digests:
            for rel, digest, found in job.result():
                read[rel] = (digest, found, None)
    except BaseException:
        history_thread.shutdown()
        raise
    del digests

    for rel, kind, path, st, digest, extra in stated:
        data: bytes | None = None
        if digest is None:
            digest, extra, data = read[rel]
            if digest is None:  # extra is the error entry
                results[rel] = extra  # type: ignore[assignment]
                continue
        cache.record_stat(rel, st, digest, extra)
        if isinstance(extra, tuple):
            if extra[1]:
                commented.add(rel)
            if kind == "python":
                python_names.append(extra[0])
                tree.update(f"{rel}\0{digest}\0".encode())
        task = (kind, rel, path, digest, st.st_size, data)
        if prefilter and kind == "python":
            deferred.append(task)  # its key depends on the context
            continue
        look_up(task, cache.key(kind, rel, digest))

    try:
        history = history_job.result() if history_job is not None else History()
    finally:
        history_thread.shutdown()
    # The prefilter's context depends on every Python file and on the history; it is cached
    # under the digest of both, so a warm run does not rebuild it.
    context: pre.Context | None = None
    if prefilter and (misses or deferred):
        for old in (*history.renames, *history.deletions, *history.renamed_dirs):
            tree.update(f"history\0{old}\0".encode())
        ctx_key = cache.key("context", "", tree.hexdigest())
        cached = cache.get(ctx_key)
        if cached is not None and isinstance(cached[1], pre.Context):
            context = cached[1]
        else:
            context = pre.build_context(python_names, history)
            cache.put(ctx_key, ("ok", context))
    del python_names
    # With the prefilter, Python facts may leave out function bodies the context says no rule
    # can use (fixer.facts.outline), so they are cached under the context's digest.
    for task in deferred:
        kind, rel, _path, digest = task[:4]
        look_up(task, cache.key(f"{kind}@{context.digest}" if context else kind, rel, digest))
    del deferred
    todo: list[_Task] = []
    keys: dict[str, tuple[str, str]] = {}
    skip_kind = f"skip:{context.digest}" if context is not None else ""
    for task, key in misses:
        rel, digest = task[1], task[3]
        skip_key = cache.key(skip_kind, rel, digest)
        if context is not None and cache.get(skip_key) is not None:
            results[rel] = ("ok", None)
            continue
        keys[rel] = (key, skip_key)
        todo.append(task)
    done = total - len(todo)

    raws: dict[str, bytes] = {}  # entries the workers pickled, stored in the cache as they are
    stale: set[str] = set()  # files that changed while this run read them: not cached
    # Workers read the files again (from the page cache) rather than receive their bytes
    # through a pipe, and send back pickled entries, which go into the cache unchanged.
    chunks = pool_chunks([t[:5] + (None,) for t in todo])
    if chunks is not None:
        del todo
        pool = pools.get()
        futures = [pool.submit(_extract_chunk, extractor, context, chunk) for chunk in chunks]
        del chunks
        if progress is not None:  # after the submissions: the workers are forked by now, and
            progress(done, total)  # the bar may start a thread
        for future in concurrent.futures.as_completed(futures):
            out = future.result()
            for rel, raw, changed in out:
                if raw == SKIPPED:
                    results[rel] = SKIPPED
                    continue
                results[rel] = pickle.loads(raw)  # made by fixer's own workers just now
                raws[rel] = raw
                if changed:
                    stale.add(rel)
            done += len(out)
            if progress is not None:
                progress(done, total)
    else:
        workers = 1
        if progress is not None:
            progress(done, total)
        for i, task in enumerate(todo):
            rel, entry, changed = _extract_one(extractor, context, task)
            results[rel] = entry
            if changed:
                stale.add(rel)
            if progress is not None and (i % 64 == 63 or i == len(todo) - 1):
                progress(done + i + 1, total)
        del todo
    skipped = 0
    for rel, (key, skip_key) in keys.items():
        if results[rel] == SKIPPED:
            skipped += 1
            cache.put(skip_key, ("ok", None))
            results[rel] = ("ok", None)
        elif rel in stale:
            continue
        elif rel in raws:
            cache.put_raw(key, raws[rel])
        else:
            cache.put(key, results[rel])
    cache.save()

    buckets: dict[str, dict[str, object]] = {
        "python": {},
        "yaml": {},
        "dockerfile": {},
        "dockerignore": {},
        "env": {},
        "gitignore": {},
        "script": {},
    }
    errors: list[FileError] = []
    left_out: list[Skipped] = []
    for rel, kind in listed:
        entry = results[rel]
        if entry[0] == "err":
            errors.append(FileError(entry[1], entry[2], entry[3]))
        elif isinstance(entry[1], Skipped):
            left_out.append(entry[1])
        elif entry[1] is not None:
            buckets[kind][rel] = entry[1]
    facts = Facts(
        files=frozenset(workspace.files),
        dirs=workspace.dirs,
        python=MappingProxyType(buckets["python"]),
        yaml=MappingProxyType(buckets["yaml"]),
        dockerfiles=MappingProxyType(buckets["dockerfile"]),
        dockerignores=MappingProxyType(buckets["dockerignore"]),
        env_files=MappingProxyType(buckets["env"]),
        history=history,
        commented=frozenset(commented),
        ignored=frozenset(workspace.ignored),
        skipped=tuple(left_out),
        gitignores=MappingProxyType(buckets["gitignore"]),
        scripts=MappingProxyType(buckets["script"]),
    )
    stats = GatherStats(
        files=total, hits=hits, extracted=len(keys) - skipped, skipped=skipped, workers=workers
    )
    return facts, tuple(errors), stats


def _chart_templates(files: Iterable[str]) -> dict[str, str]:
    """Helm chart templates (:mod:`fixer.facts.templated`), each with why it is skipped."""
    from fixer.facts.templated import chart_templates

    return {p: f"Helm chart template ({chart})" for p, chart in chart_templates(files).items()}


def _stat(workspace: Workspace, rel: str) -> tuple[str | Path, os.stat_result]:
    """The file's path (refused if it leaves the root) and its stat; too large is an error.

    Fast path: a relative path without ``..`` that is a regular file, not a symlink, stays
    inside the root, because discovery (``git ls-files``, or ``os.walk`` without following
    links) never lists files below a symlinked folder. Anything else goes through
    :meth:`Workspace.absolute`, which resolves every component.
    """
    from fixer.workspace import MAX_FILE_BYTES

    try:
        if os.path.isabs(rel) or (".." in rel and ".." in rel.split("/")):
            raise ValueError(rel)
        path: str | Path = os.path.join(workspace.root, rel)
        st = workspace.stats.get(rel) or os.lstat(path)  # taken by discover(), if listed there
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(rel)
    except ValueError:
        path = workspace.absolute(rel)
        try:
            st = path.stat()
        except OSError as exc:
            raise FixerError(f"cannot read: {exc.strerror}", rel, 1) from None
    except OSError as exc:
        raise FixerError(f"cannot read: {exc.strerror}", rel, 1) from None
    if st.st_size > MAX_FILE_BYTES:
        raise FixerError(f"file too large ({st.st_size} bytes > {MAX_FILE_BYTES}), skipped", rel, 1)
    return path, st


def _read_bytes(rel: str, path: str | Path) -> bytes:
    from fixer.workspace import MAX_FILE_BYTES

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FixerError(f"cannot read: {exc.strerror}", rel, 1) from None
    if len(data) > MAX_FILE_BYTES:
        raise FixerError(f"file too large (> {MAX_FILE_BYTES} bytes), skipped", rel, 1)
    return data


def _extract_one(
    extractor: Extractor, context: object, task: _Task, *, pickled: bool = False
) -> tuple[str, Any, bool]:
    """``(rel, entry, changed)``: the file's entry (pickled if asked, never for SKIPPED), and
    whether the bytes read here are not those whose digest the caller looked up."""
    from fixer.facts.prefilter import Context, wanted

    kind, rel, path, digest, _size, data = task
    changed = False
    try:
        if data is None:
            data = _read_bytes(rel, path)
            changed = _cache.content_digest(data) != digest
        text = decode(rel, data).text  # unreadable files are reported even when not wanted
        if isinstance(context, Context) and not wanted(kind, rel, data, context):
            return rel, SKIPPED, changed
        if kind == "python" and isinstance(context, Context) and extractor is _BUILTIN_EXTRACT:
            from fixer.facts import outline

            value: object = python_facts(rel, text, outline.narrow(data, context))
        else:
            value = extractor(kind, rel, text)
        entry: tuple = ("ok", value)
    except FixerError as exc:
        entry = ("err", exc.path or rel, exc.line or 1, exc.message)
    if pickled:
        return rel, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), changed
    return rel, entry, changed


def _digest_one(
    kind: str, rel: str, path: str, *, keep: bool = False
) -> tuple[str | None, object, bytes | None]:
    """``(digest, extra, bytes)`` of one file (the bytes only if ``keep``); a file that cannot
    be read gives ``(None, error entry, None)``."""
    from fixer.facts.prefilter import config_names

    try:
        data = _read_bytes(rel, path)
    except FixerError as exc:
        return None, ("err", exc.path or rel, exc.line or 1, exc.message), None
    extra: object = None
    if kind in ("python", "yaml"):
        # one search for the suppression marker (pattern 0) and the config-class words
        seen = {i for i, _, _ in _first_look().find_matches_as_indexes(data, overlapping=True)}
        names = config_names(data, gated=len(seen - {0}) > 0) if kind == "python" else ()
        extra = (names, 0 in seen)
    return _cache.content_digest(data), extra, data if keep else None


@functools.cache
def _first_look() -> Any:
    """The automaton :func:`_digest_one` searches every Python and YAML file with (built on
    first use, in each process that reads files)."""
    from fixer.facts.prefilter import CONFIG_GATE, automaton

    return automaton((SUPPRESSION_MARKER, *CONFIG_GATE))


def _digest_chunk(chunk: list[_Task]) -> list[tuple[str, str | None, object]]:
    return [(task[1], *_digest_one(task[0], task[1], task[2])[:2]) for task in chunk]


def _extract_chunk(extractor: Extractor, context: object, chunk: list[_Task]) -> list:
    with cyclic_gc_paused():
        return [_extract_one(extractor, context, task, pickled=True) for task in chunk]


def _chunks(items: list[_Task], size: int) -> list[list[_Task]]:
    """Consecutive runs of about ``size`` bytes each (files are never split)."""
    out: list[list[_Task]] = []
    current: list[_Task] = []
    current_bytes = 0
    for item in items:
        current.append(item)
        current_bytes += item[4]
        if current_bytes >= size:
            out.append(current)
            current, current_bytes = [], 0
    if current:
        out.append(current)
    return out


def _workers(jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _mp_context() -> object:
    """``fork`` where it exists and is safe enough (Linux): workers start in milliseconds."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
