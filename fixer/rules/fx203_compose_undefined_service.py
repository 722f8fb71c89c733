"""A compose file names a service that is not defined.

## What it does
Checks every service reference Compose resolves by name: ``depends_on`` (list and map),
``links`` (``svc`` and ``svc:alias``), ``extends`` (same file, or ``file:`` + ``service:``),
``volumes_from`` and ``network_mode``/``ipc``/``pid`` ``service:x``. A name is defined when
a service of the same *project* has it, as Docker Compose reads the project: the files merged
with it (``-f a.yml -f b.yml`` or ``COMPOSE_FILE`` written in the repository's scripts,
Makefiles, CI workflows, docs or Python command lines; ``compose.override.yaml`` beside its
base; an override file that cannot run alone), the files it ``include``s (every form) or that
include it. Another compose file of the same or an enclosing folder counts too (files often
combined with ``-f`` where fixer cannot see it). Test data, documentation examples, generator
templates and copies of compose files placed away from their paths are not stacks and are
not checked (``compose-stacks`` in the configuration checks them).

## Why is this bad?
``docker compose up`` refuses the project: "service api depends on undefined service db".

## Example
```yaml
services:
  dev-backend:
    image: app
    depends_on: [postgres]     # the service is called dev-postgres
  dev-postgres:
    image: postgres:16
```

## Fix safety
A fix is attached only when one defined name is the clear match: the service whose
``container_name`` is the missing name (safe), or the only service whose name has the
missing name as a suffix or prefix, or differs only in letter case (unsafe: a human should
confirm the intent). Otherwise the candidates are listed without a fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods.yaml_edit import scalar_edit
from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import ComposeFile, ServiceRef, folder, join
from fixer.model import Finding, Fix
from fixer.rules._projects import not_stack, project_services
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX203"
NAME = "compose-undefined-service"
SEVERITY = "error"


def _siblings(facts: Facts, path: str) -> dict[str, str]:
    """Names defined by other compose files of the same or an enclosing folder -> the file.

    Such files are commonly combined with ``-f`` (overrides, extensions, one file per
    service), so a name they define is not reported (precision before recall).
    """
    here = folder(path)
    out: dict[str, str] = {}
    for p, yf in sorted(facts.yaml.items()):
        if p == path or yf.compose is None:
            continue
        there = folder(p)
        if there == here or there == "" or here.startswith(there + "/"):
            for n in yf.compose.names:
                out.setdefault(n, p)
    return out


def _match(
    name: str, compose_names: Iterable[str], model: ComposeFile
) -> tuple[str | None, str, bool]:
    """(best, why, safe) for a missing name."""
    allowed = set(compose_names)
    by_container = [
        s.name for s in model.services if s.container_name == name and s.name in allowed
    ]
    if len(by_container) == 1:
        return by_container[0], f"service {by_container[0]} has container_name: {name}", True
    names = sorted(compose_names)
    folded = [n for n in names if n.lower() == name.lower()]
    if len(folded) == 1:
        return folded[0], f"{folded[0]} differs only in letter case", False
    affixed = [n for n in names if n != name and (n.endswith(name) or n.startswith(name))]
    if len(affixed) == 1:
        return affixed[0], f"the only service whose name starts or ends with {name}", False
    return None, "", False


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    for path in sorted(facts.yaml):
        yf = facts.yaml[path]
        model = yf.compose
        if model is None or not model.services or not_stack(facts, options, path) is not None:
            continue
        defined = set(project_services(facts, path))
        siblings = _siblings(facts, path)
        defined |= set(siblings)
        for svc in model.services:
            for ref in svc.refs:
                yield from _check_ref(facts, path, svc.name, ref, defined, siblings, model)


def _check_ref(
    facts: Facts,
    path: str,
    owner: str,
    ref: ServiceRef,
    defined: set[str],
    siblings: dict[str, str],
    model: ComposeFile,
) -> Iterable[Finding]:
    if "$" in ref.name:
        return
    names, where = defined, "this file"
    if ref.kind == "extends" and ref.file is not None:
        target = join(folder(path), ref.file)
        other = facts.yaml.get(target) if target is not None else None
        if other is None or other.compose is None:
            return  # a missing extends.file is not an undefined service
        names, where, model = set(other.compose.names), target, other.compose
    if ref.name in names:
        return
    shown = sorted(model.names if where == "this file" else names)
    evidence = [f"services defined in {where}: {', '.join(shown) or '(none)'}"]
    local = model.names if where == "this file" else names
    best, why, safe = _match(ref.name, local - {owner}, model)
    fix = None
    candidates: tuple[str, ...] = ()
    if best is not None:
        evidence.append(why)
        candidates = (best,)
        fix = Fix(
            f"reference {best} instead of {ref.name}",
            "safe" if safe else "unsafe",
            (scalar_edit(path, ref.scalar, ref.renamed(best)),),
        )
    if ref.scalar.anchor:
        users = model.users(ref.scalar) if where == "this file" else ()
        evidence.append(
            f"the value is defined at anchor &{ref.scalar.anchor}; the edit changes "
            f"every user of it: {', '.join(users)}"
        )
    message = f"service {owner}: {ref.kind} names undefined service {ref.name}"
    yield report(
        CODE,
        NAME,
        SEVERITY,
        path=path,
        start=ref.scalar.start,
        end=ref.scalar.end,
        message=message + did_you_mean(best, ()),
        symbol=f"{owner}.{ref.kind}:{ref.name}",
        evidence=evidence,
        candidates=candidates,
        fix=fix,
    )


VALID = [
    Example(
        files={
            "compose.yml": (
                "services:\n  web:\n    image: x\n    depends_on:\n      db:\n"
                "        condition: service_healthy\n    links: ['db:database']\n"
                "    network_mode: service:vpn\n  db:\n    image: pg\n  vpn:\n    image: v\n"
            )
        }
    ),
    Example(
        files={
            "compose.yml": "include:\n  - base.yml\nservices:\n  web:\n    image: x\n"
            "    depends_on: [db]\n",
            "base.yml": "services:\n  db:\n    image: pg\n",
        },
        note="services from included files are defined",
    ),
    Example(
        files={
            "docker-compose.yml": "services:\n  db:\n    image: pg\n",
            "docker-compose.override.yml": "services:\n  web:\n    depends_on: [db]\n",
        },
        note="an override file sees its siblings",
    ),
    Example(
        files={
            "compose.yml": "include:\n  - path:\n      - infra/db.yml\n"
            "      - infra/db.override.yml\n    env_file: infra/db.env\n"
            "services:\n  web:\n    image: web\n    depends_on: [db, db-admin]\n",
            "infra/db.yml": "services:\n  db:\n    image: postgres:16\n",
            "infra/db.override.yml": "services:\n  db-admin:\n    image: adminer\n"
            "    depends_on: [db]\n",
            "infra/db.env": "POSTGRES_PASSWORD=x\n",
        },
        note="include, long form: a path list merged like -f files, with an env_file",
    ),
    Example(
        files={
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: |\n"
            "          docker compose -f deploy/base.yml \\\n"
            "            -f ci/services.yml up -d\n",
            "deploy/base.yml": "services:\n  db:\n    image: postgres\n",
            "ci/services.yml": "services:\n  tests:\n    image: t\n    depends_on: [db]\n",
        },
        note="a -f group written in a CI workflow, across folders",
    ),
    Example(
        files={
            "scripts/stack.py": "import subprocess\n\n\ndef up():\n    subprocess.run(\n"
            "        ['docker', 'compose', '-f', 'deploy/base.yml', '-f', 'monitoring/stack.yml',"
            " 'up']\n    )\n",
            "deploy/base.yml": "services:\n  api:\n    image: api\n",
            "monitoring/stack.yml": "services:\n  probe:\n    image: p\n    depends_on: [api]\n",
        },
        note="a -f group in a Python command line",
    ),
    Example(
        files={
            ".env": "COMPOSE_FILE=deploy/compose.yml:gpu/compose.gpu.yml\n",
            "deploy/compose.yml": "services:\n  model:\n    image: m\n",
            "gpu/compose.gpu.yml": "services:\n  worker:\n    image: w\n    depends_on: [model]\n",
        },
        note="COMPOSE_FILE in .env",
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  frontendTests:\n    image: t\n    depends_on: [frontend]\n"
        },
        expect=("frontendTests.depends_on:frontend",),
        note="a service is never suggested as its own dependency",
    ),
    Example(
        files={
            "compose.yml": "services:\n  web:\n    image: x\n    depends_on: [postgres]\n"
            "  db:\n    image: pg\n    container_name: postgres\n"
        },
        expect=("web.depends_on:postgres",),
        fixed={
            "compose.yml": "services:\n  web:\n    image: x\n    depends_on: [db]\n"
            "  db:\n    image: pg\n    container_name: postgres\n"
        },
        note="the service whose container_name it is",
    ),
    Example(
        files={
            "compose.yml": "services:\n  dev-backend:\n    image: x\n"
            '    links:\n      - "auth:auth"\n  dev-auth:\n    image: a\n'
        },
        expect=("dev-backend.links:auth",),
        fixed={
            "compose.yml": "services:\n  dev-backend:\n    image: x\n"
            '    links:\n      - "dev-auth:auth"\n  dev-auth:\n    image: a\n'
        },
        note="the only service with that suffix; the alias is kept",
    ),
    Example(
        files={
            "compose.yml": "services:\n  a-db:\n    image: x\n  b-db:\n    image: y\n"
            "  web:\n    image: z\n    depends_on: [db]\n"
            "    network_mode: service:nope\n"
        },
        expect=("web.depends_on:db", "web.network_mode:nope"),
        note="ambiguous or no match: reported without a fix",
    ),
    Example(
        files={
            "compose.yml": "services:\n  web:\n    extends:\n      file: base.yml\n"
            "      service: bse\n",
            "base.yml": "services:\n  base:\n    image: x\n",
        },
        expect=("web.extends:bse",),
        note="extends.service checked in the extended file",
    ),
    Example(
        files={
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n"
            "      - run: docker compose -f deploy/base.yml -f ci/services.yml up -d\n",
            "deploy/base.yml": "services:\n  db:\n    image: postgres\n",
            "ci/services.yml": "services:\n  tests:\n    image: t\n    depends_on: [db, cache]\n",
        },
        expect=("tests.depends_on:cache",),
        note="defined in no file of the -f group",
    ),
]
