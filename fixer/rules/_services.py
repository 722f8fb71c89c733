"""Shared by FX301/FX302: service-name references in Python and the compose file they target.

A *reference* is a string literal that names a compose service (or a container): a value of a
dict literal or an element of a list/set/tuple literal *with supporting evidence* (most of
its siblings are service names, or match the target file's services by logical suffix), or
an argument of a ``docker compose`` / ``docker`` command line built as a list.

The *target* of a reference is the compose file it is meant for, found in this order
(see docs/decisions/060-service-reference-targets.md and 061-compose-file-chosen-by-code.md):

1. an explicit ``-f FILE`` in the command line itself: a literal, or a variable whose
   compose file names the code writes (below);
2. the tests of the enclosing branches on a variable whose compose file names the code writes
   (a :class:`~fixer.facts.branches.ComposeChoice`: ``self.compose_file =
   self._get_compose_file()`` and the names in that method's body) or that compare it with
   compose file names: ``"alpine" in self.compose_file`` keeps the names that contain
   ``alpine``, an ``elif`` or the code after ``if ...: return`` the names that fail the
   earlier test, ``f == "a.yml" or f == "b.yml"`` names both; of what is left, the files that
   exist decide;
3. the innermost enclosing ``if`` whose body holds the literal and whose test names exactly
   one existing compose file (``"docker-compose.alpine-test.yml" in self.compose_file``);
   never an ``else`` branch, code after ``if ...: return``, or a negated test;
4. the simple statements of the enclosing blocks, function, then class (innermost first);
5. the one variable of the enclosing function, else of the class, assigned compose file
   names, when they name one existing file;
6. ``Options.service_targets`` (``[tool.fixer] service-targets``): glob of Python path ->
   compose file.

A level that names two different existing compose files is ambiguous: no target. A reference
without a target is checked against every compose file instead (see FX301).
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
from fixer.facts.branches import BranchTest, ComposeChoice
from fixer.facts.compose import COMPOSE_NAME, ComposeFile, folder, join
from fixer.facts.python import PythonModule, StrCommand, StrLit
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
        "--log-level",
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
        "--progress",
        "--ssh",
        "--builder",
        "--platform",
        "-m",
        "--memory",
        "--policy",
        "--cap-add",
        "--cap-drop",
        "--detach-keys",
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
    kind: str  # mapping, sequence, mapping-key, compose-command, container
    key: str = ""  # the dict key, for mapping values
    prefix: str = ""  # what precedes the name in the literal (``name=``)
    # a word of a command written as one string: the whole string constant (None for an
    # f-string) and where the word starts in it
    whole: StrLit | None = None
    offset: int = -1
    in_string: bool = False


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


def _level_target(
    facts: Facts, strings: tuple[str, ...], py_path: str, branch: bool = False
) -> str | None | bool:
    """A target from one level of context: path, None (no compose name), False (ambiguous or
    naming a file that does not exist). In a branch test (``branch``), names of files that do
    not exist are left out when one that exists is named too (``f == "a.yml" or f ==
    "gone.yml"``: FX302 reports the other)."""
    named = {s for s in strings if names_compose(s)}
    if not named:
        return None
    found = {resolve_compose_name(facts, s, py_path) for s in named}
    if branch and len(found) > 1:
        found.discard(None)
    if len(found) != 1 or None in found:
        return False
    return found.pop()  # type: ignore[return-value]


@dataclass(frozen=True)
class Site:
    """Where a reference sits: what the code around it says about its compose file."""

    mod: PythonModule | None = None
    if_context: tuple[tuple[str, ...], ...] = ()
    scope_context: tuple[tuple[str, ...], ...] = ()
    tests: tuple[BranchTest, ...] = ()
    owner: tuple[str, str] = ("", "")


_UNDECIDED = "undecided"


def find_target(
    facts: Facts,
    options: Options,
    py_path: str,
    if_context: tuple[tuple[str, ...], ...],
    scope_context: tuple[tuple[str, ...], ...],
    explicit: tuple[str | None, ...] = (),
    site: Site | None = None,
    explicit_subjects: tuple[str, ...] = (),
) -> Target | None:
    """The compose file a reference targets, or None (see the module docstring).

    ``explicit`` are the ``-f`` values of a command (None for a variable, whose name is then
    in ``explicit_subjects``); ``site`` adds the parsed tests, the owner and the module's
    choices to the flat contexts."""
    site = site or Site(None, if_context, scope_context)
    if explicit:
        if len(set(explicit)) != 1:
            return None  # several -f files: not one target
        value = explicit[0]
        if value is None:
            subjects = set(explicit_subjects) - {""}
            if len(subjects) != 1:
                return None
            got = _subject_target(facts, py_path, site, subjects.pop(), explicit=True)
            return got if isinstance(got, Target) else None
        got = resolve_compose_name(facts, value, py_path)
        return Target(got, f"-f {value} on the command line") if got else None
    decided = _tests_target(facts, py_path, site)
    if decided != _UNDECIDED:
        return decided if isinstance(decided, Target) else None
    for strings in if_context:
        got = _level_target(facts, strings, py_path, branch=True)
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
    owned = _owner_target(facts, py_path, site)
    if owned is not None:
        return owned
    for pattern, compose in options.service_targets:
        if fnmatch.fnmatch(py_path, pattern):
            got = resolve_compose_name(facts, compose, py_path)
            if got:
                return Target(got, f"[tool.fixer] service-targets: {pattern} -> {compose}")
            return None
    return None


def choices_of(
    mod: PythonModule | None, subject: str, owner: tuple[str, str]
) -> list[ComposeChoice]:
    """The assignments of compose names to ``subject`` visible from ``owner``: the class's
    for ``self.x``; for a plain name, the innermost enclosing function's that has any, else
    the module's."""
    if mod is None or not mod.choices:
        return []
    cls, fn = owner
    if subject.startswith("self."):
        return [c for c in mod.choices if cls and c.owner == cls and c.subject == subject]
    scopes = []
    while fn:
        scopes.append(fn)
        fn = fn.rpartition(".")[0]
    for scope in [*scopes, ""]:
        found = [c for c in mod.choices if c.owner == scope and c.subject == subject]
        if found:
            return found
    return []


def _subject_target(
    facts: Facts, py_path: str, site: Site, subject: str, explicit: bool = False
) -> Target | str | None:
    """What the code says ``subject`` holds where the reference sits: a Target, None (the
    names left are several existing files, or none that exists), or ``_UNDECIDED``."""
    tests = [t for t in site.tests if t.subject == subject]
    choices = choices_of(site.mod, subject, site.owner)
    named = [
        lit
        for t in tests
        if t.holds
        for op, lit in t.alts
        if op in ("==", "in") and names_compose(lit)
    ]
    universe = list(dict.fromkeys([n for c in choices for n in c.names] + named))
    if not universe or (not choices and not named):
        return _UNDECIDED
    left = [v for v in universe if all(t.admits(v) for t in tests)]
    if not choices:
        left = [v for v in left if v in named]
    resolved = {v: resolve_compose_name(facts, v, py_path) for v in left}
    existing = sorted({p for p in resolved.values() if p})
    if len(existing) != 1:
        return None
    parts = [c.describe() for c in choices[:2]]
    parts += [t.describe() for t in tests]
    gone = [v for v, p in resolved.items() if p is None]
    how = "; ".join(parts) + f"; of the names left, only {existing[0]} exists"
    if gone:
        how += f" ({', '.join(gone)} does not)"
    if explicit:
        how = f"-f {subject} on the command line: " + how
    return Target(existing[0], how)


def _tests_target(facts: Facts, py_path: str, site: Site) -> Target | str | None:
    """The target the branch tests decide, over every variable they test; None when one
    variable leaves no single existing file or two disagree; ``_UNDECIDED`` when no test
    is on a variable with compose file names."""
    decided: list[Target] = []
    for subject in dict.fromkeys(t.subject for t in site.tests):
        got = _subject_target(facts, py_path, site, subject)
        if got == _UNDECIDED:
            continue
        if not isinstance(got, Target):
            return None
        decided.append(got)
    if not decided:
        return _UNDECIDED
    if len({t.path for t in decided}) != 1:
        return None
    return decided[0]


def _owner_target(facts: Facts, py_path: str, site: Site) -> Target | None:
    """The one variable of the enclosing function (else class) assigned compose names,
    when they name exactly one existing file."""
    mod = site.mod
    if mod is None or not mod.choices:
        return None
    cls, fn = site.owner
    for scope, want_self in ((fn, False), (cls, True)):
        if not scope:
            continue
        subjects = {
            c.subject
            for c in mod.choices
            if c.owner == scope and c.subject.startswith("self.") == want_self
        }
        if len(subjects) == 1:
            got = _subject_target(facts, py_path, site, subjects.pop())
            return got if isinstance(got, Target) else None
        if subjects:
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
    files, _subjects, refs = parse_compose(cmd)
    return files, refs


def parse_compose(
    cmd: StrCommand,
) -> tuple[tuple[str | None, ...], tuple[str, ...], list[tuple[StrLit, str]]]:
    """``-f`` values (None for a non-literal), the variable each non-literal ``-f`` value
    reads (``""`` for a literal or an expression), and the service arguments."""
    files, subjects, refs, _at = _parse_compose(cmd)
    return tuple(files), tuple(subjects), refs


def compose_file_words(cmd: StrCommand) -> list[tuple[StrLit, str, int]]:
    """The literal ``-f`` values of a compose command: (word, file, where the file starts in
    the word: 7 for ``--file=x``)."""
    files, _subjects, _refs, at = _parse_compose(cmd)
    out = []
    for value, i in zip(files, at, strict=True):
        word = cmd.items[i]
        if value is not None and word is not None:
            out.append((word, value, len(word.value) - len(value)))
    return out


def _parse_compose(
    cmd: StrCommand,
) -> tuple[list[str | None], list[str], list[tuple[StrLit, str]], list[int]]:
    items = list(cmd.items)
    exprs = list(cmd.exprs) + [""] * (len(items) - len(cmd.exprs))
    head = items[0].value if items[0] is not None else ""
    if head == "docker":
        if len(items) < 2 or items[1] is None or items[1].value != "compose":
            return [], [], [], []
        i = 2
    else:
        i = 1
    files: list[str | None] = []
    subjects: list[str] = []
    at: list[int] = []
    sub = None
    while i < len(items):
        it = items[i]
        if it is None:
            return files, subjects, [], at  # a subcommand or option from a variable: stop
        v = it.value
        if v in ("-f", "--file"):
            nxt = items[i + 1] if i + 1 < len(items) else None
            files.append(nxt.value if nxt is not None else None)
            subjects.append(exprs[i + 1] if nxt is None and i + 1 < len(items) else "")
            at.append(min(i + 1, len(items) - 1))
            i += 2
            continue
        if v.startswith("--file="):
            files.append(v.split("=", 1)[1])
            subjects.append("")
            at.append(i)
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
        return files, subjects, refs, at
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
    return files, subjects, refs, at


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


def candidates_everywhere(name: str, models: Mapping[str, ComposeFile]) -> dict[str, str]:
    """For a name no compose file defines: per compose file whose services share a prefix
    (``alpine-test-``), its service with the same logical suffix (the best one, or each when
    several tie), ``service -> file``. A file of plain names (``api``, ``web``) gives none:
    ``onyx-api`` is as likely a deployment or a container as a renamed service."""
    out: dict[str, str] = {}
    for path, model in models.items():
        if not shared_prefix(model.names):
            continue
        best, cands = suggest(name, model.names)
        for s in (best,) if best else cands:
            out.setdefault(s, path)
    return dict(sorted(out.items()))


def all_container_names(models: Mapping[str, ComposeFile]) -> frozenset[str]:
    return frozenset(
        s.container_name for m in models.values() for s in m.services if s.container_name
    )
