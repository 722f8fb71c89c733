"""Shared by FX301/FX302: service-name references in Python and the compose file they target.

A *reference* is a string literal that names a compose service (or a container): a value of a
dict literal or an element of a list/set/tuple literal *with supporting evidence* (most of
its siblings are service names, or match the target file's services by logical suffix), or
an argument of a ``docker compose`` / ``docker`` command line built as a list.

The *target* of a reference is the compose file it is meant for, found in this order
(see docs/decisions/060-service-reference-targets.md):

1. an explicit ``-f FILE`` literal in the command line itself;
2. the innermost enclosing ``if`` whose body holds the literal and whose test names exactly
   one compose file (``"docker-compose.alpine-test.yml" in self.compose_file``); never an
   ``else`` branch, code after ``if ...: return``, or a negated test;
3. the simple statements of the enclosing blocks, function, then class (innermost first);
4. ``Options.service_targets`` (``[tool.fixer] service-targets``): glob of Python path ->
   compose file.

A level that names two different compose files is ambiguous: no target, no finding.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import COMPOSE_NAME, ComposeFile, folder, join
from fixer.facts.python import StrCommand, StrLit
from fixer.rules._projects import project_services

SERVICE_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
COMPOSE_SUBCOMMANDS_MANY = frozenset(
    {
        "up",
        "build",
        "logs",
        "restart",
        "rm",
        "start",
        "stop",
        "pull",
        "push",
        "create",
        "kill",
        "pause",
        "unpause",
        "ps",
        "top",
    }
)
COMPOSE_SUBCOMMANDS_ONE = frozenset({"exec", "run"})
COMPOSE_GLOBAL_VALUE = frozenset(
    {
        "-f",
        "--file",
        "-p",
        "--project-name",
        "--profile",
        "--env-file",
        "--project-directory",
        "--ansi",
        "--parallel",
        "--progress",
    }
)
SUB_VALUE = frozenset(
    {
        "-t",
        "--timeout",
        "--scale",
        "--wait-timeout",
        "--tail",
        "--index",
        "-u",
        "--user",
        "-w",
        "--workdir",
        "-e",
        "--env",
        "--name",
        "--entrypoint",
        "--since",
        "--until",
        "--format",
        "--pull",
        "--build-arg",
        "--exit-code-from",
        "--attach",
        "--no-attach",
        "-l",
        "--label",
        "-v",
        "--volume",
        "-p",
        "--publish",
        "--filter",
        "--status",
        "--signal",
        "-s",
        "-n",
    }
)
DOCKER_CONTAINER_MANY = frozenset({"stop", "restart", "kill", "rm", "inspect", "start", "pause"})
DOCKER_CONTAINER_ONE = frozenset({"logs", "exec", "attach", "top", "port"})


@dataclass(frozen=True)
class Target:
    path: str  # the compose file (repo-relative)
    how: str  # evidence: how the target was found


@dataclass(frozen=True)
class Ref:
    """One service or container reference in a Python file."""

    py_path: str
    lit: StrLit
    name: str  # the referenced name (for ``name=x`` filters: ``x``)
    kind: str  # mapping, sequence, compose-command, container
    key: str = ""  # the dict key, for mapping values
    prefix: str = ""  # what precedes the name in the literal (``name=``)


def compose_models(facts: Facts) -> dict[str, ComposeFile]:
    return {
        p: y.compose
        for p, y in sorted(facts.yaml.items())
        if y.compose is not None and COMPOSE_NAME.match(posixpath.basename(p))
    }


def defined_services(facts: Facts, compose_path: str) -> frozenset[str]:
    """The services defined in the project the compose file ``compose_path`` belongs to, as
    Docker Compose reads it: the file's own, those of the files merged with it (``-f`` groups
    the repository's scripts, CI, docs or Python name together; ``compose.override.yaml`` and
    override files beside their base) and of the files it includes or that include it.
    See :mod:`fixer.rules._projects` and docs/decisions/013-compose-projects.md."""
    return project_services(facts, compose_path)


def resolve_compose_name(facts: Facts, value: str, py_path: str) -> str | None:
    """The compose file a string names: a path from the root or from the Python file's folder
    or one of its ancestors (code joins names to a project root), nearest first; None when
    there is none. A compose file in an unrelated folder never counts."""
    models = compose_models(facts)
    v = value[2:] if value.startswith("./") else value
    base = folder(py_path)
    bases = [""]
    while base:
        bases.insert(1, base)
        base = folder(base)
    for b in reversed(bases):
        cand = join(b, v)
        if cand and cand in models:
            return cand
    return None


def names_compose(value: str) -> bool:
    return bool(COMPOSE_NAME.match(posixpath.basename(value))) and "{" not in value


def _level_target(facts: Facts, strings: tuple[str, ...], py_path: str) -> str | None | bool:
    """A target from one level of context: path, None (no compose name), False (ambiguous or
    naming a file that does not exist)."""
    named = {s for s in strings if names_compose(s)}
    if not named:
        return None
    found = {resolve_compose_name(facts, s, py_path) for s in named}
    if len(found) != 1 or None in found:
        return False
    return found.pop()  # type: ignore[return-value]


def find_target(
    facts: Facts,
    options: Options,
    py_path: str,
    if_context: tuple[tuple[str, ...], ...],
    scope_context: tuple[tuple[str, ...], ...],
    explicit: tuple[str | None, ...] = (),
) -> Target | None:
    if explicit:
        if None in explicit or len(set(explicit)) != 1:
            return None  # -f from a variable, or several -f files: not provable
        value = explicit[0]
        assert value is not None
        got = resolve_compose_name(facts, value, py_path)
        return Target(got, f"-f {value} on the command line") if got else None
    for strings in if_context:
        got = _level_target(facts, strings, py_path)
        if got is False:
            return None
        if got:
            return Target(str(got), f"inside `if` testing {got!r}")
    for strings in scope_context:
        got = _level_target(facts, strings, py_path)
        if got is False:
            return None
        if got:
            return Target(str(got), f"the enclosing code names {got}")
    for pattern, compose in options.service_targets:
        if fnmatch.fnmatch(py_path, pattern):
            got = resolve_compose_name(facts, compose, py_path)
            if got:
                return Target(got, f"[tool.fixer] service-targets: {pattern} -> {compose}")
            return None
    return None


def shared_prefix(names: Iterator[str] | list[str] | frozenset[str]) -> str:
    ns = sorted(names)
    if len(ns) < 2:
        return ""
    common = os.path.commonprefix(ns)
    cut = max(common.rfind("-"), common.rfind("_"))
    return common[: cut + 1] if cut >= 0 else ""


def logical(name: str, prefix: str) -> str:
    return name[len(prefix) :] if prefix and name.startswith(prefix) else name


def suggest(ref: str, names: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
    """The defined name with the same logical suffix as ``ref``: (best, candidates)."""
    prefix = shared_prefix(names)
    hits: list[tuple[int, str]] = []
    for s in names:
        lg = logical(s, prefix)
        if not lg or s == ref:
            continue
        if ref == lg or ref.endswith(("-" + lg, "_" + lg)):
            hits.append((len(lg), s))
    if not hits:
        return None, ()
    best_len = max(n for n, _ in hits)
    best = sorted(s for n, s in hits if n == best_len)
    cands = tuple(sorted({s for _, s in hits}))
    return (best[0] if len(best) == 1 else None), cands


def service_shaped(value: str) -> bool:
    return bool(SERVICE_SHAPE.fullmatch(value)) and len(value) <= 63


def compose_refs(cmd: StrCommand) -> tuple[tuple[str | None, ...], list[tuple[StrLit, str]]]:
    """``-f`` values (None for a non-literal) and the service arguments of a compose command."""
    items = list(cmd.items)
    head = items[0].value if items[0] is not None else ""
    if head == "docker":
        if len(items) < 2 or items[1] is None or items[1].value != "compose":
            return (), []
        i = 2
    else:
        i = 1
    files: list[str | None] = []
    sub = None
    while i < len(items):
        it = items[i]
        if it is None:
            return tuple(files), []  # a subcommand or option from a variable: stop
        v = it.value
        if v in ("-f", "--file"):
            nxt = items[i + 1] if i + 1 < len(items) else None
            files.append(nxt.value if nxt is not None else None)
            i += 2
            continue
        if v.startswith("--file="):
            files.append(v.split("=", 1)[1])
        elif v in COMPOSE_GLOBAL_VALUE:
            i += 2
            continue
        elif not v.startswith("-"):
            sub = v
            i += 1
            break
        i += 1
    refs: list[tuple[StrLit, str]] = []
    if sub not in COMPOSE_SUBCOMMANDS_MANY and sub not in COMPOSE_SUBCOMMANDS_ONE:
        return tuple(files), refs
    while i < len(items):
        it = items[i]
        if it is None:
            if sub in COMPOSE_SUBCOMMANDS_ONE:
                break
            i += 1
            continue
        v = it.value
        if v == "--":
            break
        if v.startswith("-"):
            i += 2 if (v in SUB_VALUE and "=" not in v) else 1
            continue
        refs.append((it, v))
        i += 1
        if sub in COMPOSE_SUBCOMMANDS_ONE:
            break
    return tuple(files), refs


def container_refs(cmd: StrCommand) -> list[tuple[StrLit, str, str]]:
    """Container names in ``docker logs|exec|stop...`` and ``docker ps --filter name=``:
    (literal, name, prefix before the name in the literal)."""
    items = list(cmd.items)
    if len(items) < 2 or items[0] is None or items[0].value != "docker" or items[1] is None:
        return []
    sub = items[1].value
    out: list[tuple[StrLit, str, str]] = []
    if sub == "ps":
        for i, it in enumerate(items[2:], start=2):
            if it is None:
                continue
            v = it.value
            prev = items[i - 1]
            if prev is not None and prev.value == "--filter" and v.startswith("name="):
                out.append((it, v[5:], "name="))
            elif v.startswith("--filter=name="):
                out.append((it, v[len("--filter=name=") :], "--filter=name="))
        return out
    if sub not in DOCKER_CONTAINER_MANY and sub not in DOCKER_CONTAINER_ONE:
        return []
    i = 2
    while i < len(items):
        it = items[i]
        if it is None:
            break
        v = it.value
        if v.startswith("-"):
            i += 2 if (v in SUB_VALUE and "=" not in v) else 1
            continue
        out.append((it, v, ""))
        if sub in DOCKER_CONTAINER_ONE:
            break
        i += 1
    return out


def introduced_by(facts: Facts, compose_path: str, name: str) -> str | None:
    """The newest commit whose diff of the compose file added or dropped the key ``name:``."""
    hits = facts.history.pickaxe(compose_path, f" {name}:")
    if not hits:
        return None
    sha, subject = hits[0]
    return f"introduced by {sha[:7]} {subject}"


def python_uses(facts: Facts, value: str) -> list[str]:
    """Python files holding ``value`` as a literal in a mapping, sequence or command."""
    out: list[str] = []
    for path, mod in sorted(facts.python.items()):
        lits: list[StrLit | None] = [lit for _, lit in (e for m in mod.mappings for e in m.entries)]
        lits += [lit for s in mod.sequences for lit in s.items]
        lits += [lit for c in mod.commands for lit in c.items]
        if any(lit is not None and lit.value == value for lit in lits):
            out.append(path)
    return out


def all_service_names(models: Mapping[str, ComposeFile]) -> frozenset[str]:
    return frozenset(n for m in models.values() for n in m.names)


def all_container_names(models: Mapping[str, ComposeFile]) -> frozenset[str]:
    return frozenset(
        s.container_name for m in models.values() for s in m.services if s.container_name
    )
