"""Python code names a compose service that the compose file it targets does not define.

## What it does
Finds service names in Python: values of dict literals mapping logical names to services,
elements of lists/sets/tuples of services, service arguments of ``docker compose`` /
``docker-compose`` command lines built as lists (``up``, ``build``, ``logs``, ``restart``,
``rm``, ``exec``, ...), and container names in ``docker logs|exec|stop ...`` and
``docker ps --filter name=...`` (checked against ``container_name`` values). A dict or list
literal counts only with supporting evidence: at least two (and at least half) of its values
are services of some compose file or match the target file's services by logical suffix.

Each reference needs a *target*, the compose file it is meant for: an explicit ``-f`` in the
command, the enclosing ``if`` that tests for a compose file name, the compose file named in
the enclosing function or class, or ``[tool.fixer] service-targets``. No target, no finding
(see :mod:`fixer.rules._services` and docs/decisions/060-service-reference-targets.md). A
reference the target does not define is reported with the defined name that has the same
logical suffix under the file's shared prefix (``test-backend`` -> ``alpine-test-backend``),
and it says when the name is defined in no compose file at all. The message names the commit
that dropped the name from the compose file when git history shows it.

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
kept); safe when exactly one defined name has the reference's logical suffix. Several
candidates: listed, no fix. ``--align compose``: the service is renamed in the target file and
in the files that extend or include it, as YAML splices; unsafe when the old name is also
used by Python code or other YAML files, or when two references would rename one service.
Container names are always fixed in the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from codemods.rename_service import rename_replacements
from codemods.yaml_edit import scalar_edit
from fixer.config import Options
from fixer.errors import FixerError
from fixer.facts import Facts
from fixer.facts.compose import ComposeFile
from fixer.model import CodemodCall, Edit, Finding, Fix
from fixer.rules._services import (
    Ref,
    Target,
    all_container_names,
    all_service_names,
    compose_models,
    compose_refs,
    container_refs,
    find_target,
    introduced_by,
    logical,
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


def _hits(facts: Facts, options: Options, models: dict[str, ComposeFile]) -> Iterable[_Hit]:
    all_names = all_service_names(models)
    containers_all = all_container_names(models)
    for py_path, mod in sorted(facts.python.items()):
        for m in mod.mappings:
            target = find_target(facts, options, py_path, m.if_context, m.scope_context)
            if target is None:
                continue
            names_t = models[target.path].names
            why = _literal_set_evidence(
                [lit.value for _, lit in m.entries], names_t, all_names, target.path
            )
            if why is None:
                continue
            for key, lit in m.entries:
                if lit.value not in names_t:
                    ref = Ref(py_path, lit, lit.value, "mapping", key)
                    yield _Hit(ref, target, names_t, (target.how, why))
        for s in mod.sequences:
            if s.items and s.items[0].value in ("docker", "docker-compose"):
                continue  # a command line: handled below
            target = find_target(facts, options, py_path, s.if_context, s.scope_context)
            if target is None:
                continue
            names_t = models[target.path].names
            why = _literal_set_evidence(
                [lit.value for lit in s.items], names_t, all_names, target.path
            )
            if why is None:
                continue
            for lit in s.items:
                if lit.value not in names_t:
                    ref = Ref(py_path, lit, lit.value, "sequence")
                    yield _Hit(ref, target, names_t, (target.how, why))
        for cmd in mod.commands:
            files, refs = compose_refs(cmd)
            if refs:
                target = find_target(
                    facts, options, py_path, cmd.if_context, cmd.scope_context, files
                )
                if target is not None:
                    names_t = models[target.path].names
                    for lit, name in refs:
                        if service_shaped(name) and name not in names_t:
                            ref = Ref(py_path, lit, name, "compose-command")
                            why = f"argument of a docker compose command at line {cmd.line}"
                            yield _Hit(ref, target, names_t, (target.how, why))
            for lit, name, prefix in container_refs(cmd):
                if not service_shaped(name) or name in all_names:
                    continue
                target = find_target(facts, options, py_path, cmd.if_context, cmd.scope_context)
                pool = (
                    frozenset(
                        s.container_name for s in models[target.path].services if s.container_name
                    )
                    if target is not None
                    else containers_all
                )
                if not pool or name in pool:
                    continue
                if prefix and any(name in c for c in pool | all_names):
                    continue  # docker ps --filter name= matches substrings
                if suggest(name, pool)[0] is None:
                    continue  # a container fixer knows nothing about: not reported
                ref = Ref(py_path, lit, name, "container", prefix=prefix)
                why = f"container name in a docker command at line {cmd.line}"
                yield _Hit(ref, target, pool, (target.how if target else "", why))


def _findings(
    facts: Facts, options: Options, models: dict[str, ComposeFile], hits: list[_Hit]
) -> list[Finding]:
    all_names = all_service_names(models)
    plans: dict[int, tuple[str | None, tuple[str, ...]]] = {}
    for i, h in enumerate(hits):
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
        if best is not None:
            message += f"; did you mean {best}?"
            prefix = shared_prefix(h.names)
            evidence.append(
                f"{best} has the same logical suffix {logical(best, prefix)!r}"
                + (f" under the shared prefix {prefix!r} of {where}" if prefix else "")
            )
        elif cands:
            message += f"; candidates: {', '.join(cands)}"
        if ref.kind != "container":
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


def _code_fixes(
    hits: list[_Hit], plans: dict[int, tuple[str | None, tuple[str, ...]]]
) -> dict[int, Fix]:
    """One replace-string fix per source line (several literals on a line share it)."""
    by_line: dict[tuple[str, int], list[int]] = {}
    for i, h in enumerate(hits):
        if plans[i][0] is not None:
            by_line.setdefault((h.ref.py_path, h.ref.lit.start.line), []).append(i)
    out: dict[int, Fix] = {}
    for (path, _line), idx in by_line.items():
        idx = sorted(
            {hits[i].ref.lit.start: i for i in idx}.values(),
            key=lambda i: hits[i].ref.lit.start.column,
            reverse=True,
        )
        calls = []
        parts = []
        for i in idx:
            ref, best = hits[i].ref, plans[i][0]
            old = ref.lit.value
            new = old.replace(ref.prefix + ref.name, ref.prefix + str(best), 1)
            calls.append(
                CodemodCall(
                    path,
                    "replace-string",
                    (
                        ("line", ref.lit.start.line),
                        ("column", ref.lit.start.column),
                        ("old", old),
                        ("new", new),
                    ),
                )
            )
            parts.append(f"{old!r} -> {new!r}")
        fix = Fix(
            description=f"replace {', '.join(reversed(parts))}",
            safety="safe",
            codemods=tuple(calls),
        )
        for i in idx:
            out[i] = fix
        for i in by_line[(path, _line)]:
            out.setdefault(i, fix)
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
    "  alpine-test-auth:\n    image: a\n"
)
_DEV = "services:\n  dev-backend:\n    image: b\n  dev-auth:\n    image: a\n"
_MANAGER = (
    "class Manager:\n"
    "    def mapping(self):\n"
    '        if "docker-compose.alpine-test.yml" in self.compose_file:\n'
    '            return {"backend": "test-backend", "auth": "test-auth"}\n'
    '        return {"backend": "dev-backend", "auth": "dev-auth"}\n'
)

VALID = [
    Example(
        files={
            "docker-compose.yml": _DEV,
            "docker-compose.alpine-test.yml": _ALPINE,
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
]

INVALID = [
    Example(
        files={
            "docker-compose.yml": _DEV,
            "docker-compose.alpine-test.yml": _ALPINE,
            "m.py": _MANAGER,
        },
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
]
