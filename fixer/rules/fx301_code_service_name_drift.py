"""Python code names a compose service that the compose file it targets does not define.

## What it does
Finds service names in Python: values of dict literals mapping logical names to services,
keys of dicts keyed by services, elements of lists/sets/tuples of services, service
arguments of ``docker compose`` / ``docker-compose`` command lines built as lists or written
as one string that the code runs (``up``, ``build``, ``logs``, ``restart``, ``rm``, ``exec``,
...), and container names in ``docker logs|exec|stop ...`` and ``docker ps --filter name=...``
(checked against ``container_name`` values). A dict or list literal counts only with
supporting evidence: at least two (and at least half) of its values are services of some
compose file or match the target file's services by logical suffix.

Each reference needs a *target*, the compose file it is meant for, found the way the code
chooses it: an explicit ``-f`` in the command (a literal, or a variable below); the tests of
the enclosing branches on a variable that the code assigns compose file names, in the
assignment or in a method of the same class (``self.compose_file =
self._get_compose_file()``, whose body lists the candidate names): ``"alpine" in
self.compose_file`` keeps the names that contain ``alpine``, an ``elif`` or the code after
``if ...: return`` the others, ``f == "a.yml" or f == "b.yml"`` both; of the names left, the
files that exist decide (the missing one is FX302's); then the ``if`` that tests for a compose
file name, the compose file named in the enclosing function or class, the one variable of the
function or class assigned compose names, or ``[tool.fixer] service-targets`` (see
:mod:`fixer.rules._services`, decisions 060 and 061). A reference the target does not define
is reported with the defined name that has the same logical suffix under the file's shared
prefix (``test-backend`` -> ``alpine-test-backend``), and it says when the name is defined
in no compose file at all. The message names the commit that dropped the name from the
compose file when git history shows it.

Without a target (several files left, none, or a ``-f`` the code does not name), a name
that no compose file uses at all (as a service, a profile, a network, an alias...) is still
reported when a compose file whose services share a prefix has a service of the same logical
suffix (``test-backend`` -> ``alpine-test-backend``): with the candidates of every such file,
in a module that mentions compose, when its siblings are services too (a sibling is defined,
or two undefined ones share a prefix). Container names without a target are checked against
every ``container_name``.

## Why is this bad?
``docker compose up test-backend`` fails with "no such service", and code that checks the
mapping against the compose file finds nothing to start.

## Example
```python
def services(self):
    if "docker-compose.alpine-test.yml" in self.compose_file:
        return {"backend": "test-backend", "auth": "test-auth"}
```
with ``docker-compose.alpine-test.yml`` defining ``alpine-test-backend`` and
``alpine-test-auth``. Use instead (``--align code``, the default):
```python
        return {"backend": "alpine-test-backend", "auth": "alpine-test-auth"}
```
or, with ``--align compose``, rename the compose services to ``test-backend`` and
``test-auth`` (and every ``depends_on``/``links``/``extends`` that names them).

## Fix safety
``--align code``: the literal is rewritten with libcst (``replace-string``, quote style
kept; a word of a command string rewrites the whole string, never an f-string); safe when the
target is known and exactly one defined name has the reference's logical suffix. Without a
target the fix is unsafe, and offered only when a single service in all the compose files
has that suffix. Several candidates: listed, no fix. ``--align compose``: the service is
renamed in the target file and in the files that extend or include it, as YAML splices;
unsafe when the old name is also used by Python code or other YAML files, or when two
references would rename one service.
Container names are always fixed in the code (unsafe without a target).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from codemods.rename_service import rename_replacements
from codemods.yaml_edit import scalar_edit
from fixer.config import Options
from fixer.errors import FixerError
from fixer.facts import Facts
from fixer.facts.compose import SERVICE_KEYS, ComposeFile
from fixer.facts.python import PythonModule, StrCommand, StrLit, StrMapping, StrSequence
from fixer.model import CodemodCall, Edit, Finding, Fix
from fixer.rules._services import (
    Ref,
    Site,
    Target,
    all_container_names,
    all_service_names,
    candidates_everywhere,
    compose_models,
    container_refs,
    find_target,
    introduced_by,
    logical,
    parse_compose,
    python_uses,
    service_shaped,
    shared_prefix,
    suggest,
)
from fixer.rules.base import Example, report

CODE = "FX301"
NAME = "code-service-name-drift"
SEVERITY = "error"


@dataclass(frozen=True)
class _Hit:
    ref: Ref
    target: Target | None
    names: frozenset[str]  # what the reference must be one of
    evidence: tuple[str, ...]
    # without a target: the services of every compose file with the same logical suffix
    elsewhere: tuple[tuple[str, str], ...] = ()


_NO_TARGET = "no compose file is provably its target: checked against every compose file"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    models = compose_models(facts)
    if not models:
        return []
    hits = list(_hits(facts, options, models))
    return _findings(facts, options, models, hits)


def _literal_set_evidence(
    values: list[str], names_t: frozenset[str], all_names: frozenset[str], target: str
) -> str | None:
    if not values or not all(service_shaped(v) for v in values):
        return None
    matched = [v for v in values if v in all_names or v in names_t or suggest(v, names_t)[0]]
    if len(matched) < 2 or 2 * len(matched) < len(values):
        return None
    return (
        f"{len(matched)} of {len(values)} sibling values are compose services or match "
        f"services of {target} by logical suffix"
    )


def _untargeted_evidence(
    values: list[str],
    models: dict[str, ComposeFile],
    all_names: frozenset[str],
    words: frozenset[str],
) -> str | None:
    """Evidence that a literal set without a target names services: all values look like
    service names, at least two (and half) are services of some compose file or match one
    by logical suffix, and the undefined ones are not a lone word: a sibling is defined, or
    two of them share a prefix (``test-backend``, ``test-auth``)."""
    if len(values) < 2 or not all(service_shaped(v) for v in values):
        return None
    known = [v for v in values if v in all_names]
    close = [v for v in values if _unknown_close(v, models, all_names, words)]
    if len(known) + len(close) < 2 or 2 * (len(known) + len(close)) < len(values):
        return None
    if not close or not (known or (len(close) >= 2 and shared_prefix(close))):
        return None
    return (
        f"{len(known) + len(close)} of {len(values)} sibling values are compose services or "
        "match the services of a compose file by logical suffix"
    )


def _words_of(facts: Facts) -> frozenset[str]:
    """Every name-like key and value of every compose file (computed once per run)."""
    return frozenset(w for m in compose_models(facts).values() for w in m.words)


def _unknown_close(
    value: str, models: dict[str, ComposeFile], all_names: frozenset[str], words: frozenset[str]
) -> bool:
    """A name no compose file uses at all (not a service, nor a profile, network, alias...)
    with a service of the same logical suffix in some file."""
    if value in all_names or value in words:
        return False
    return bool(candidates_everywhere(value, models))


def _site(mod: PythonModule, fact: StrMapping | StrSequence | StrCommand) -> Site:
    return Site(mod, fact.if_context, fact.scope_context, fact.tests, fact.owner)


def _hits(facts: Facts, options: Options, models: dict[str, ComposeFile]) -> Iterable[_Hit]:
    for py_path, mod in sorted(facts.python.items()):
        for m in mod.mappings:
            yield from _set_hits(
                facts, options, models, py_path, mod, m, list(m.entries), "mapping"
            )
        for s in mod.sequences:
            if s.items and s.items[0].value in ("docker", "docker-compose"):
                continue  # a command line: handled below
            entries = [("", lit) for lit in s.items]
            yield from _set_hits(facts, options, models, py_path, mod, s, entries, "sequence")
        for s in mod.key_sets:
            entries = [("", lit) for lit in s.items]
            yield from _set_hits(facts, options, models, py_path, mod, s, entries, "mapping-key")
        for cmd in mod.commands:
            yield from _command_hits(facts, options, models, py_path, mod, cmd)


def _set_hits(
    facts: Facts,
    options: Options,
    models: dict[str, ComposeFile],
    py_path: str,
    mod: PythonModule,
    fact: StrMapping | StrSequence,
    entries: list[tuple[str, StrLit]],
    kind: str,
) -> Iterator[_Hit]:
    """The members of a dict or list literal of services that are not defined: in the
    target, or, without one, in any compose file (when a file has a close name)."""
    all_names = all_service_names(models)
    if any(k in SERVICE_KEYS for k, _ in entries) or any(
        lit.value in SERVICE_KEYS for _, lit in entries
    ):
        return  # a service's body (``{"image": ..., "container_name": ...}``), not references
    if kind == "mapping-key":
        # keys that are logical names (``{"backend": ...}``) are the other side of a mapping
        entries = [(k, lit) for k, lit in entries if not _logical_name(lit.value, models)]
    values = [lit.value for _, lit in entries]
    site = _site(mod, fact)
    target = find_target(facts, options, py_path, fact.if_context, fact.scope_context, site=site)
    if target is not None:
        names_t = models[target.path].names
        why = _literal_set_evidence(values, names_t, all_names, target.path)
        if why is None:
            return
        for key, lit in entries:
            if lit.value not in names_t:
                ref = Ref(py_path, lit, lit.value, kind, key)
                yield _Hit(ref, target, names_t, (target.how, why))
        return
    if not mod.compose_words:
        return  # without a target, only in code that talks about compose
    words = facts.derived(_words_of)
    why = _untargeted_evidence(values, models, all_names, words)
    if why is None:
        return
    for key, lit in entries:
        if not _unknown_close(lit.value, models, all_names, words):
            continue
        elsewhere = candidates_everywhere(lit.value, models)
        if elsewhere:
            ref = Ref(py_path, lit, lit.value, kind, key)
            yield _Hit(ref, None, frozenset(elsewhere), (_NO_TARGET, why), tuple(elsewhere.items()))


def _logical_name(value: str, models: dict[str, ComposeFile]) -> bool:
    """Is ``value`` a service's name with its file's shared prefix cut (``backend`` for
    ``alpine-test-backend``), and not itself a service?"""
    for model in models.values():
        if value in model.names:
            return False
    for model in models.values():
        prefix = shared_prefix(model.names)
        if prefix and any(logical(s, prefix) == value for s in model.names):
            return True
    return False


def _command_hits(
    facts: Facts,
    options: Options,
    models: dict[str, ComposeFile],
    py_path: str,
    mod: PythonModule,
    cmd: StrCommand,
) -> Iterator[_Hit]:
    all_names = all_service_names(models)
    site = _site(mod, cmd)
    files, subjects, refs = parse_compose(cmd)
    shape = "a command string" if cmd.string else "a docker compose command"
    if refs:
        target = find_target(
            facts, options, py_path, cmd.if_context, cmd.scope_context, files, site, subjects
        )
        for lit, name in refs:
            if not service_shaped(name):
                continue
            ref = _command_ref(py_path, cmd, lit, name, "compose-command")
            why = f"argument of {shape} at line {cmd.line}"
            if target is not None:
                names_t = models[target.path].names
                if name not in names_t:
                    yield _Hit(ref, target, names_t, (target.how, why))
            elif _unknown_close(name, models, all_names, facts.derived(_words_of)):
                elsewhere = candidates_everywhere(name, models)
                if elsewhere:
                    ev = (_NO_TARGET, why)
                    yield _Hit(ref, None, frozenset(elsewhere), ev, tuple(elsewhere.items()))
    for lit, name, prefix in container_refs(cmd):
        if not service_shaped(name) or name in all_names:
            continue
        target = find_target(facts, options, py_path, cmd.if_context, cmd.scope_context, site=site)
        pool = (
            frozenset(s.container_name for s in models[target.path].services if s.container_name)
            if target is not None
            else all_container_names(models)
        )
        if not pool or name in pool:
            continue
        if prefix and any(name in c for c in pool | all_names):
            continue  # docker ps --filter name= matches substrings
        if suggest(name, pool)[0] is None:
            continue  # a container fixer knows nothing about: not reported
        ref = _command_ref(py_path, cmd, lit, name, "container", prefix)
        why = f"container name in {shape} at line {cmd.line}"
        yield _Hit(ref, target, pool, (target.how if target else _NO_TARGET, why))


def _command_ref(
    py_path: str, cmd: StrCommand, lit: StrLit, name: str, kind: str, prefix: str = ""
) -> Ref:
    if not cmd.string:
        return Ref(py_path, lit, name, kind, prefix=prefix)
    index = next((i for i, it in enumerate(cmd.items) if it is lit), -1)
    offset = cmd.offsets[index] + len(prefix) if index >= 0 else -1
    return Ref(
        py_path, lit, name, kind, prefix=prefix, whole=cmd.literal, offset=offset, in_string=True
    )


def _findings(
    facts: Facts, options: Options, models: dict[str, ComposeFile], hits: list[_Hit]
) -> list[Finding]:
    all_names = all_service_names(models)
    plans: dict[int, tuple[str | None, tuple[str, ...]]] = {}
    for i, h in enumerate(hits):
        if h.target is None and h.ref.kind != "container":
            cands = tuple(sorted(h.names))
            plans[i] = (cands[0] if len(cands) == 1 else None, cands)
        else:
            plans[i] = suggest(h.ref.name, h.names)
    # align compose: one rename per (file, old service); two different new names conflict
    wanted: dict[tuple[str, str], set[str]] = {}
    for i, h in enumerate(hits):
        best = plans[i][0]
        if h.ref.kind != "container" and h.target is not None and best is not None:
            wanted.setdefault((h.target.path, best), set()).add(h.ref.name)
    code_fixes = _code_fixes(hits, plans)
    out: list[Finding] = []
    for i, h in enumerate(hits):
        ref, best, cands = h.ref, plans[i][0], plans[i][1]
        where = h.target.path if h.target else "any compose file"
        evidence = [e for e in h.evidence if e]
        if ref.kind == "container":
            message = f"container {ref.name} is not a container_name in {where}"
        else:
            message = f"service {ref.name} is not defined in {where}"
        if h.elsewhere:
            message += (
                f"; did you mean {best}? (unsafe: the target is not known)"
                if best
                else f"; candidates: {', '.join(cands)}"
            )
            evidence.append(
                "same logical suffix: " + ", ".join(f"{s} in {p}" for s, p in h.elsewhere)
            )
        elif best is not None:
            message += f"; did you mean {best}?"
            prefix = shared_prefix(h.names)
            evidence.append(
                f"{best} has the same logical suffix {logical(best, prefix)!r}"
                + (f" under the shared prefix {prefix!r} of {where}" if prefix else "")
            )
        elif cands:
            message += f"; candidates: {', '.join(cands)}"
        if ref.kind != "container" and not h.elsewhere:
            others = sorted(p for p, m in models.items() if ref.name in m.names)
            if ref.name not in all_names:
                message += " (defined in no compose file)"
            else:
                message += f" (defined in {', '.join(others)})"
        if h.target is not None and ref.kind != "container":
            intro = introduced_by(facts, h.target.path, ref.name)
            if intro:
                evidence.append(intro)
                message += f"; {intro}"
        fix: Fix | None = None
        if best is not None:
            if options.align == "compose" and ref.kind != "container" and h.target is not None:
                fix = _compose_fix(facts, models, h, best, wanted, evidence)
            else:
                fix = code_fixes.get(i)
        symbol = ref.name
        out.append(
            report(
                CODE,
                NAME,
                SEVERITY,
                path=ref.py_path,
                start=ref.lit.start,
                end=ref.lit.end,
                message=message,
                symbol=symbol,
                key=(ref.kind, ref.key, h.target.path if h.target else ""),
                evidence=evidence,
                candidates=cands,
                fix=fix,
            )
        )
    return out


def _carrier(ref: Ref, best: str) -> tuple[StrLit, tuple[int, str, str]] | None:
    """The string literal a fix rewrites and the edit in it: (offset, old word, new word)."""
    if ref.in_string:
        if ref.whole is None or ref.offset < 0:
            return None  # a word of an f-string: no fix
        return ref.whole, (ref.offset, ref.name, best)
    at = ref.lit.value.find(ref.prefix + ref.name)
    if at < 0:
        return None
    return ref.lit, (at + len(ref.prefix), ref.name, best)


def _code_fixes(
    hits: list[_Hit], plans: dict[int, tuple[str | None, tuple[str, ...]]]
) -> dict[int, Fix]:
    """One replace-string fix per source line (several literals on a line share it, and the
    words of one command string share one replacement of the whole string). Unsafe when
    any of them has no known target."""
    carriers: dict[tuple[str, int, int], tuple[StrLit, dict[int, tuple[int, str, str]]]] = {}
    by_line: dict[tuple[str, int], list[int]] = {}
    for i, h in enumerate(hits):
        best = plans[i][0]
        got = _carrier(h.ref, best) if best is not None else None
        if got is None:
            continue
        lit, edit = got
        key = (h.ref.py_path, lit.start.line, lit.start.column)
        carriers.setdefault(key, (lit, {}))[1][edit[0]] = edit
        by_line.setdefault((h.ref.py_path, lit.start.line), []).append(i)
    out: dict[int, Fix] = {}
    for (path, line), idx in by_line.items():
        keys = sorted((k for k in carriers if k[0] == path and k[1] == line), key=lambda k: -k[2])
        calls, parts = [], []
        for key in keys:
            lit, edits = carriers[key]
            old = new = lit.value
            for offset, word, best in sorted(edits.values(), reverse=True):
                new = new[:offset] + best + new[offset + len(word) :]
            calls.append(
                CodemodCall(
                    path,
                    "replace-string",
                    (
                        ("line", lit.start.line),
                        ("column", lit.start.column),
                        ("old", old),
                        ("new", new),
                    ),
                )
            )
            parts.append(f"{old!r} -> {new!r}")
        unsafe = any(hits[i].target is None for i in idx)
        fix = Fix(
            description=f"replace {', '.join(reversed(parts))}",
            safety="unsafe" if unsafe else "safe",
            codemods=tuple(calls),
        )
        for i in idx:
            out[i] = fix
    return out


def _compose_fix(
    facts: Facts,
    models: dict[str, ComposeFile],
    h: _Hit,
    old: str,
    wanted: dict[tuple[str, str], set[str]],
    evidence: list[str],
) -> Fix | None:
    assert h.target is not None
    new = h.ref.name
    if len(wanted.get((h.target.path, old), set())) > 1:
        names = ", ".join(sorted(wanted[(h.target.path, old)]))
        evidence.append(f"references disagree on the new name of {old} ({names}): no fix")
        return None
    try:
        plan = rename_replacements(models, h.target.path, old, new)
    except FixerError as exc:
        evidence.append(f"cannot rename {old}: {exc.message}: no fix")
        return None
    edits: list[Edit] = []
    for path, pairs in sorted(plan.items()):
        try:
            edits.extend(scalar_edit(path, sc, value) for sc, value in pairs)
        except FixerError as exc:
            evidence.append(f"cannot rename {old} in {path}: {exc.message}: no fix")
            return None
    users = [p for p in python_uses(facts, old)]
    yaml_users = [
        p
        for p, y in sorted(facts.yaml.items())
        if p not in plan and any(old in sc.value for sc in y.scalars)
    ]
    safety = "safe"
    if users or yaml_users:
        safety = "unsafe"
        evidence.append(f"{old} is also named in {', '.join(users + yaml_users)}")
    files = ", ".join(sorted(plan))
    return Fix(
        description=f"rename service {old} to {new} in {files}",
        safety=safety,  # type: ignore[arg-type]
        edits=tuple(edits),
    )


_ALPINE = (
    "services:\n"
    "  alpine-test-backend:\n    image: b\n    depends_on: [alpine-test-auth]\n"
    "    container_name: shop-test-backend\n"
    "  alpine-test-auth:\n    image: a\n    container_name: shop-test-auth\n"
)
_DEV = "services:\n  dev-backend:\n    image: b\n  dev-auth:\n    image: a\n"
_BOTH = {"docker-compose.yml": _DEV, "docker-compose.alpine-test.yml": _ALPINE}
_MANAGER = (
    "class Manager:\n"
    "    def mapping(self):\n"
    '        if "docker-compose.alpine-test.yml" in self.compose_file:\n'
    '            return {"backend": "test-backend", "auth": "test-auth"}\n'
    '        return {"backend": "dev-backend", "auth": "dev-auth"}\n'
)
# the compose file comes from a method of the class that probes a list of names (one of them
# deleted long ago), and the mappings are chosen by a substring of it
_CHOSEN = (
    "from pathlib import Path\n"
    "class Stack:\n"
    "    def __init__(self, root, compose_file=None):\n"
    "        self.root = Path(root)\n"
    "        self.compose_file = compose_file or self._pick_compose_file()\n"
    "    def _pick_compose_file(self):\n"
    '        for name in ["docker-compose.alpine-test.yml", "docker-compose.ci.yml"]:\n'
    "            if (self.root / name).exists():\n"
    "                return name\n"
    '        return "docker-compose.yml"\n'
    "    def services(self):\n"
    '        if "alpine" in self.compose_file:\n'
    '            return {"backend": "test-backend", "auth": "test-auth"}\n'
    '        return {"backend": "dev-backend", "auth": "dev-auth"}\n'
    "    def ports(self):\n"
    '        if "alpine" in self.compose_file:\n'
    '            return {"test-backend": 8000, "test-auth": 8081}\n'
    '        return {"backend": 8000, "auth": 8081}\n'
)
_CHOSEN_OK = _CHOSEN.replace('"test-', '"alpine-test-')
# `or` naming a file that no longer exists: the other name decides
_OR = (
    "def services(compose_file):\n"
    '    if compose_file == "docker-compose.alpine-test.yml" or compose_file == '
    '"docker-compose.test.yml":\n'
    '        return ["test-backend", "alpine-test-auth"]\n'
    '    return ["dev-backend", "dev-auth"]\n'
)
# no target can be proven: a names-only check against every compose file
_NOWHERE = (
    "# services the docker compose stack must run for the smoke tests\n"
    'REQUIRED = {"backend": "test-backend", "auth": "test-auth"}\n'
)
_UNRELATED = (
    "# settings read by docker compose as environment\n"
    'CACHES = {"backend": "django", "frontend": "react"}\n'
    'LOGGING = {"backend": "console", "auth": "file"}\n'
    'TEMPLATES = ["backend.html", "auth.html"]\n'
    'HELM = {"backend": "test-backend-chart", "auth": "charts/test-auth"}\n'
)
_COMMANDS = (
    "import subprocess\n"
    "def up(compose):\n"
    "    subprocess.run(\n"
    '        "docker compose -f docker-compose.alpine-test.yml -p ci --env-file .env.ci "\n'
    '        "up -d test-backend alpine-test-auth",\n'
    "        shell=True,\n"
    "    )\n"
    '    cmd = "docker compose -f docker-compose.alpine-test.yml up -d test-backend"\n'
    '    subprocess.run(f"docker compose -f {compose} logs --tail 20 test-auth", shell=True)\n'
    "    return cmd\n"
)
_COMMANDS_OK = (
    "import logging\n"
    "import subprocess\n"
    "def up():\n"
    '    """Run `docker compose up test-backend` by hand first."""\n'
    "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.alpine-test.yml', '-p',"
    " 'backend', '--profile', 'auth', 'exec', 'alpine-test-backend', 'pytest', 'test-auth'])\n"
    "    subprocess.run('docker compose -f docker-compose.alpine-test.yml run --rm -e"
    " MODE=test alpine-test-auth python manage.py test-backend', shell=True)\n"
    "    subprocess.run(['docker', 'run', '--rm', 'test-backend:latest', 'true'])\n"
    "    subprocess.run(['kubectl', 'logs', 'deployment/test-backend'])\n"
    '    logging.info("docker compose up test-backend failed")\n'
)
_CONTAINERS = (
    "import subprocess\n"
    "def logs():\n"
    '    subprocess.run("docker logs --tail 50 shop-backend", shell=True)\n'
    "    subprocess.run(['docker', 'ps', '--filter', 'name=shop-auth'])\n"
)
_CONTAINERS_OK = (
    "import subprocess\n"
    "def logs():\n"
    '    subprocess.run("docker logs --tail 50 shop-test-backend", shell=True)\n'
    "    subprocess.run(['docker', 'exec', 'shop-alpine-test-auth-1', 'ls'])\n"
    "    subprocess.run(['docker', 'logs', 'unrelated-sidecar'])\n"
)

VALID = [
    Example(
        files={
            **_BOTH,
            "m.py": _MANAGER.replace('"test-backend"', '"alpine-test-backend"').replace(
                '"test-auth"', '"alpine-test-auth"'
            ),
        },
        note="the mapping matches its target; the dev mapping after `if: return` has none",
    ),
    Example(
        files={
            "docker-compose.yml": _DEV,
            "m.py": 'LEVELS = {"backend": "debug", "auth": "info"}\n'
            'URLS = ["https://x.test/a", "https://x.test/b"]\n',
        },
        note="unrelated dicts and URLs: no target, no evidence",
    ),
    Example(
        files={
            "docker-compose.yml": _DEV,
            "m.py": "def f(log):\n"
            '    compose = "docker-compose.yml"\n'
            '    log.info("starting test-backend")\n'
            '    return {"a": "debug", "b": "verbose"}\n',
        },
        note="a log message and a dict of non-services, with a target",
    ),
    Example(
        files={**_BOTH, "m.py": _CHOSEN_OK},
        note='method-chosen compose file: the code after `if "alpine" in ...: return` '
        "targets the names that lack `alpine` (the deleted one left out); logical keys",
    ),
    Example(
        files={**_BOTH, "m.py": _UNRELATED},
        note="no target: settings dicts, templates and chart names are not services",
    ),
    Example(
        files={
            "compose.yaml": "services:\n  api:\n    image: a\n  web:\n    image: w\n",
            "deploy.py": "# compose for local runs; kubectl for the cluster\n"
            'DEPLOYMENTS = {"api": "shop-api", "web": "shop-web"}\n'
            'subprocess.run(["kubectl", "rollout", "restart", "deployment/shop-api"])\n',
        },
        note="k8s deployment names next to a compose file of plain names: no candidate",
    ),
    Example(
        files={**_BOTH, "m.py": _COMMANDS_OK},
        note="options with values, commands after `exec SERVICE`, images, kubectl, docs, logs",
    ),
    Example(
        files={**_BOTH, "m.py": _CONTAINERS_OK},
        note="a container_name, a name Compose generates, a container fixer knows nothing of",
    ),
]

INVALID = [
    Example(
        files={**_BOTH, "m.py": _MANAGER},
        expect=("test-auth", "test-backend"),
        fixed={
            "m.py": _MANAGER.replace('"test-backend"', '"alpine-test-backend"').replace(
                '"test-auth"', '"alpine-test-auth"'
            )
        },
        note="mapping under `if <compose file> in ...`",
    ),
    Example(
        files={
            "docker-compose.test.yml": _ALPINE,
            "run.py": "import subprocess\n"
            "def up():\n"
            "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.test.yml', "
            "'up', '-d', 'test-backend'])\n",
        },
        expect=("test-backend",),
        fixed={
            "run.py": "import subprocess\n"
            "def up():\n"
            "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.test.yml', "
            "'up', '-d', 'alpine-test-backend'])\n"
        },
        note="docker compose command line with an explicit -f; quotes kept",
    ),
    Example(
        files={**_BOTH, "m.py": _CHOSEN},
        expect=("test-auth", "test-auth", "test-backend", "test-backend"),
        fixed={"m.py": _CHOSEN_OK},
        note='self.compose_file from a method that probes a list of names; `"alpine" in` '
        "keeps the alpine file; service values and service keys",
    ),
    Example(
        files={**_BOTH, "m.py": _OR},
        expect=("test-backend",),
        fixed={"m.py": _OR.replace('"test-backend"', '"alpine-test-backend"')},
        note="`or` naming a deleted file (FX302's): the file that exists decides",
    ),
    Example(
        files={**_BOTH, "m.py": _NOWHERE},
        expect=("test-auth", "test-backend"),
        note="no target, names defined in no compose file: the close names of every file, no fix",
    ),
    Example(
        files={**_BOTH, "m.py": _COMMANDS},
        expect=("test-auth", "test-backend", "test-backend"),
        fixed={"m.py": _COMMANDS.replace('up -d test-backend"', 'up -d alpine-test-backend"')},
        note="command strings: -f names the target (no fix across an implicit "
        "concatenation); an f-string's -f from a parameter: candidates only",
    ),
    Example(
        files={**_BOTH, "m.py": _CONTAINERS},
        expect=("shop-auth", "shop-backend"),
        fixed={
            "m.py": _CONTAINERS.replace("shop-backend", "shop-test-backend").replace(
                "name=shop-auth", "name=shop-test-auth"
            )
        },
        note="container names in docker commands, checked against every container_name: "
        "unsafe fixes",
    ),
]
