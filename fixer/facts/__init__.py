"""Stage 2, facts: what every file says, extracted once, cheaply, into plain data.

Each extractor is a pure function from ``(path, text)`` to frozen facts, so it can be
tested, fuzzed and cached on its own:

- :mod:`fixer.facts.python`: classes, attribute reads, string literals (``ast``, never libcst);
- :mod:`fixer.facts.compose`: YAML files and the compose model with source positions;
- :mod:`fixer.facts.docker`: Dockerfiles and ``.dockerignore`` files;
- :mod:`fixer.facts.history`: renames and deletions from git.

Rules receive a :class:`Facts` and nothing else: they never read files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from fixer.errors import FixerError
from fixer.facts.history import History, read_history
from fixer.model import FileError

if TYPE_CHECKING:
    from fixer.facts.compose import YamlFile
    from fixer.facts.docker import Dockerfile
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

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.dirs

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

    @functools.cached_property
    def _name_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for p in sorted(self.files | self.dirs):
            index.setdefault(PurePosixPath(p).name, []).append(p)
        return {k: tuple(v) for k, v in index.items()}


def kind_of(path: str) -> str | None:
    """Which extractor reads ``path``: python, yaml, dockerfile, dockerignore, env, or None."""
    name = PurePosixPath(path).name
    lower = name.lower()
    if lower.endswith(".py"):
        return "python"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower == "dockerfile" or lower.endswith(".dockerfile") or lower.startswith("dockerfile."):
        return "dockerfile"
    if lower == ".dockerignore" or lower.endswith(".dockerignore"):
        return "dockerignore"
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return "env"
    return None


def extract(kind: str, path: str, text: str) -> object:
    """Run the extractor for ``kind`` on one file's text (raises :class:`FixerError`)."""
    if kind == "python":
        from fixer.facts import python

        return python.extract(path, text)
    if kind == "yaml":
        from fixer.facts import compose

        return compose.extract(path, text)
    if kind == "dockerfile":
        from fixer.facts import docker

        return docker.extract(path, text)
    if kind == "dockerignore":
        from fixer.facts import docker

        return docker.extract_ignore(path, text)
    if kind == "env":
        from fixer.facts import docker

        return docker.extract_env(path, text)
    raise ValueError(kind)


def gather(
    workspace: Workspace, *, with_history: bool = True
) -> tuple[Facts, tuple[FileError, ...]]:
    """Read every file the workspace lists and build the :class:`Facts` for the rules."""
    buckets: dict[str, dict[str, object]] = {
        "python": {},
        "yaml": {},
        "dockerfile": {},
        "dockerignore": {},
        "env": {},
    }
    errors: list[FileError] = []
    for rel in workspace.files:
        kind = kind_of(rel)
        if kind is None:
            continue
        try:
            source = workspace.read(rel)
            value = extract(kind, rel, source.text)
        except FixerError as exc:
            errors.append(FileError(exc.path or rel, exc.line or 1, exc.message))
            continue
        if value is not None:
            buckets[kind][rel] = value
    history = read_history(workspace.root) if with_history and workspace.is_git else History()
    facts = Facts(
        files=frozenset(workspace.files),
        dirs=workspace.dirs,
        python=MappingProxyType(buckets["python"]),
        yaml=MappingProxyType(buckets["yaml"]),
        dockerfiles=MappingProxyType(buckets["dockerfile"]),
        dockerignores=MappingProxyType(buckets["dockerignore"]),
        env_files=MappingProxyType(buckets["env"]),
        history=history,
    )
    return facts, tuple(errors)
