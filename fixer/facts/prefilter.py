"""The byte-level prefilter: may this file's bytes contribute any fact a rule uses? No parsing.

Contract (what :func:`fixer.facts.gather` relies on):

- ``wanted(kind, path, data, context) -> bool`` is a pure function of the raw bytes and a
  :class:`Context` built once per run from every file's bytes and the git history; it is
  cheap (one multi-pattern search in Rust, no decoding, no parsing);
- it is *conservative* for rules that take their evidence from the text of the file they
  report on (the design rule of fixer's Python rules: precision before recall). It returns
  False only for a Python file that contains none of:
  a config-class marker (``dataclass``, ``BaseModel``, ``BaseSettings``: FX101/FX102),
  the name of any config class defined anywhere in the tree (a read ``self.config.x`` or a
  call ``Cls(x=...)`` can only be typed through a name that appears in the file: annotation,
  ``config or Cls()``, import),
  a compose or Docker word (``compose``, ``docker``/``Dockerfile``, ``.yml``, ``.yaml``:
  FX301/FX302/FX401), or the name of a file or folder git renamed or deleted (FX401);
- a file it rejects is still in ``Facts.files`` (its folders in ``Facts.dirs``); it just has
  no entry in ``Facts.python``. Rules must treat a missing entry as "says nothing".

YAML, Dockerfiles, ``.dockerignore`` and env files are always wanted. ``gather(...,
prefilter=False)`` turns the filter off. Measurements and the alternatives considered are in
docs/decisions/041-prefilter-and-parallel.md; the search for markers and names is one
Aho-Corasick automaton (``ahocorasick_rs``), see docs/decisions/045-aho-corasick-prefilter.md.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from fixer.facts.history import History

# Substrings, found by one automaton (Context.searcher): words of config classes
# (FX101/FX102), and words of the string rules (FX301/FX302/FX401).
CLASS_MARKERS = (b"ataclass", b"BaseModel", b"BaseSettings", b"attr", b"NamedTuple")
STRING_MARKERS = (b"compose", b"ocker", b".yml", b".yaml")
MARKERS = CLASS_MARKERS + STRING_MARKERS
# A file without any of these defines no config class (see config_names).
CONFIG_GATE = (b"ataclass", b"Base", b"attr", b"NamedTuple")
CONFIG_CLASS = re.compile(
    rb"@[\w.]*(?:dataclass|attr\w*\.\w+|define|frozen|mutable)\b[^\n]*\n(?:[ \t]*@[^\n]*\n)*"
    rb"[ \t]*class[ \t]+(\w+)"
    rb"|class[ \t]+(\w+)[ \t]*\([^)]*\b(?:BaseModel|BaseSettings|NamedTuple|\w+Config\w*)\b"
)
MODULE_NAME = re.compile(rb"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)", re.MULTILINE)
# ``class Child(Base, Mixin):``: a subclass of a config class is one, wherever its base is
SUBCLASS = re.compile(rb"class[ \t]+(\w+)[ \t]*\(([^()]*)\)")
_BASE_NAME = re.compile(rb"(\w+)[ \t]*(?:\[|$)")
# a name of config_names() holding this byte is a subclass relation, not a name
SUBCLASS_MARK = b"("


def _kept_bytes(also: str) -> bytes:
    """A bytes.translate table that keeps letters, digits, non-ASCII and ``also``; every
    other byte becomes a space, so ``split()`` gives the tokens."""
    return bytes(c if (c >= 128 or chr(c).isalnum() or chr(c) in also) else 32 for c in range(256))


# identifiers; the same with dashes (folder names in the context may hold them); file names
IDENTIFIER_BYTES = _kept_bytes("_")
DASHED_BYTES = _kept_bytes("_-")
_FILE_TOKENS = _kept_bytes("_-.")
_MARKER_COUNT = len(MARKERS)
# Up to this many patterns the search is a DFA (a few MB); above, the library's choice.
DFA_MAX_PATTERNS = 3000


@dataclass(frozen=True)
class Context:
    """What makes a Python file worth parsing in this tree: names, as identifier tokens."""

    names: frozenset[bytes] = frozenset()
    file_names: frozenset[bytes] = frozenset()  # basenames with a dot: ``run.sh``

    @functools.cached_property
    def extensions(self) -> frozenset[bytes]:
        """The last dotted part of every file name: a cheap gate before tokenising."""
        return frozenset(b"." + n.rsplit(b".", 1)[1] for n in self.file_names)

    @functools.cached_property
    def has_dashed_names(self) -> bool:
        """Does any name hold a dash (a folder name)? Then tokens must keep dashes."""
        return any(b"-" in n for n in self.names)

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.sha256(
            b"\0".join(sorted(self.names)) + b"\1" + b"\0".join(sorted(self.file_names))
        ).hexdigest()[:16]

    @functools.cached_property
    def searcher(self) -> Any:
        """One automaton for :data:`MARKERS` (patterns ``0 .. len(MARKERS) - 1``) and every
        name that can be a token (names holding other bytes never equal a token)."""
        names = sorted(n for n in self.names if n and not n.translate(DASHED_BYTES).count(32))
        return automaton([*MARKERS, *names])

    def __getstate__(self) -> dict[str, object]:
        """Pickled (cache, worker processes) without the automaton, which is rebuilt on use."""
        return {k: v for k, v in self.__dict__.items() if k != "searcher"}


def automaton(patterns: Sequence[bytes]) -> Any:
    """An Aho-Corasick automaton over ``patterns`` (non-empty bytes), searched with
    ``find_matches_as_indexes``. Up to ``DFA_MAX_PATTERNS`` it is a DFA, the fastest to search
    and built in milliseconds; above, the library picks an automaton of bounded size."""
    import ahocorasick_rs

    dfa = ahocorasick_rs.Implementation.DFA if len(patterns) <= DFA_MAX_PATTERNS else None
    return ahocorasick_rs.BytesAhoCorasick(list(patterns), implementation=dfa)


def config_names(data: bytes, gated: bool | None = None) -> tuple[bytes, ...]:
    """Names of the config classes one Python file defines (dataclasses, attrs classes,
    pydantic models, NamedTuples), and every module-level name it assigns (a module-level
    instance ``settings = Settings()`` is read elsewhere as ``settings.x``, by that name).
    Only files holding a word of :data:`CONFIG_GATE` can define one; ``gated`` says whether
    this one does, when the caller already searched."""
    if not (gated if gated is not None else any(m in data for m in CONFIG_GATE)):
        return ()
    classes = {a or b for a, b in CONFIG_CLASS.findall(data)}
    names = classes | set(MODULE_NAME.findall(data))
    names.update(_subclass_relations(data, classes))
    return tuple(sorted(names))


def _subclass_relations(data: bytes, classes: set[bytes]) -> Iterable[bytes]:
    """``b"Cls("`` for each config class of the file, ``b"Child(Base,Other"`` for each other
    class with bases: :func:`build_context` keeps ``Child`` when a base is a config class of
    the tree (not a mere module-level name such as SQLAlchemy's ``Base = declarative_base()``)."""
    for name in classes:
        yield name + SUBCLASS_MARK
    for child, bases in SUBCLASS.findall(data):
        if child in classes:
            continue
        parts = []
        for b in bases.split(b","):
            last = b.strip().rsplit(b".", 1)[-1]
            m = _BASE_NAME.match(last)
            if m is not None and b"=" not in b:
                parts.append(m.group(1))
        if parts:
            yield child + SUBCLASS_MARK + b",".join(parts)


def build_context(
    names_per_file: Iterable[Iterable[bytes]], history: History | None = None
) -> Context:
    """Config class names defined anywhere (from :func:`config_names` of every Python file),
    and the names of the files and folders git renamed or deleted."""
    names: set[bytes] = set()
    file_names: set[bytes] = set()
    config: set[bytes] = set()
    subclasses: list[tuple[bytes, list[bytes]]] = []
    for per_file in names_per_file:
        for n in per_file:
            if SUBCLASS_MARK in n:
                child, _, bases = n.partition(SUBCLASS_MARK)
                if bases:
                    subclasses.append((child, bases.split(b",")))
                else:
                    config.add(child)
            else:
                names.add(n)
    grew = True
    while grew:  # subclasses of config classes, to any depth, are config classes
        grew = False
        for child, bases in subclasses:
            if child not in config and any(b in config for b in bases):
                config.add(child)
                grew = True
    names |= config
    if history is not None:
        for old in (*history.renames, *history.deletions):
            name = PurePosixPath(old).name.encode()
            (file_names if b"." in name else names).add(name)
        for old in history.renamed_dirs:
            names.update(p.encode() for p in PurePosixPath(old).parts)
    return Context(frozenset(names), frozenset(file_names))


def python_wanted(path: str, data: bytes, context: Context) -> bool:
    """A marker anywhere, or a context name as a whole token (the bytes around it are not
    token bytes: letters, digits, ``_``, ``-``, non-ASCII), or a renamed file's name.

    Every occurrence of every pattern is reported (``overlapping``), so a token is found even
    where a longer pattern also matches; a name never holds a non-token byte, so a match
    can never cross a token's edge."""
    tokens = DASHED_BYTES
    end = len(data)
    for index, start, stop in context.searcher.find_matches_as_indexes(data, overlapping=True):
        if index < _MARKER_COUNT:
            return True
        if (start == 0 or tokens[data[start - 1]] == 32) and (
            stop == end or tokens[data[stop]] == 32
        ):
            return True
    return mentions_files(data, context)


def mentions_files(data: bytes, context: Context) -> bool:
    """Does ``data`` hold, as a token, the name of a file git renamed or deleted (FX401)?"""
    if context.file_names and any(ext in data for ext in context.extensions):
        return not context.file_names.isdisjoint(data.translate(_FILE_TOKENS).split())
    return False


def words(data: bytes) -> frozenset[bytes]:
    """Identifier tokens of ``data``, and the dashed tokens the context's folder names use."""
    return frozenset(data.translate(DASHED_BYTES).split()) | frozenset(
        data.translate(IDENTIFIER_BYTES).split()
    )


def wanted(kind: str, path: str, data: bytes, context: Context | None) -> bool:
    """Whether the ``kind`` extractor should read ``path`` (see the module docstring)."""
    if kind != "python" or context is None:
        return True
    return python_wanted(path, data, context)
