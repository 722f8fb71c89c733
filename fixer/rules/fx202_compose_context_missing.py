"""A compose build context is a folder that does not exist.

## What it does
Resolves every local ``build`` context against the compose file's folder, as Compose does
(against the project directory for a ``-f`` overlay, the ``project_directory`` of an
``include``, or the extended file for ``extends``), and reports a context that is not a
folder in the repository. Test data, documentation examples, generator templates and copies
of a compose file embedded away from its paths are not checked. Remote contexts (URLs, git)
and contexts built from unset variables are skipped. It then looks for where the folder
went: a git rename, a letter-case twin, or the only folder with that name. When git moved
the compose file itself and the context exists from its old folder, the fix rebases the
context (``.`` -> ``..``).

## Why is this bad?
``docker compose build`` fails with "unable to prepare context: path not found".

## Example
```yaml
services:
  api:
    build: ./service   # the folder was renamed to services/api
```

## Fix safety
Safe when one candidate is clearly right (git rename, letter case, the only folder with
that name); the quote style and ``./`` prefix are kept. Several candidates are listed
without a fix; none gives "no candidate".
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods.yaml_edit import path_value
from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Edit, Finding, Fix
from fixer.rules._paths import (
    context_edit,
    exists,
    rank,
    rebase,
    relpath,
    shared_note,
)
from fixer.rules._projects import ServiceUse, resolve_use, service_uses
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX202"
NAME = "compose-context-missing"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    seen: set[str] = set()
    for use in service_uses(facts, options):
        finding = _check_use(facts, use)
        if finding is not None and finding.fingerprint not in seen:
            seen.add(finding.fingerprint)
            yield finding


def _check_use(facts: Facts, use: ServiceUse) -> Finding | None:
    path, svc, env, b = use.path, use.service, use.env, use.build
    if b is None or "context" in use.foreign:
        return None  # no build, or its context is written in another file: reported there
    now = resolve_use(use)
    if now.context is None or exists(facts, now.context, "dir"):
        return None
    written = b.context.value if b.context is not None else "."
    evidence: list[str] = []
    if use.how:
        evidence.append(f"read with the files of its project: {use.how}")
    edits: list[Edit] = []
    candidates: tuple[str, ...] = ()
    new_value = ""
    reb = rebase(facts, path, b, env) if use.standalone and not use.foreign else None
    if reb is not None:
        candidates = (reb.resolved.context or "",)
        evidence.append(reb.evidence)
        new_value = reb.context_value
    else:
        ranking = rank(facts, now.context, "dir")
        candidates = ranking.candidates
        evidence += list(ranking.evidence)
        if ranking.best is not None:
            new_value = path_value(written, relpath(ranking.best, use.context_base))
    if new_value:
        edit = context_edit(path, b, new_value)
        if edit is None:
            evidence.append("no context value that can be rewritten: no fix")
        elif (
            b.context is not None
            and b.context.anchor
            and len(facts.yaml[path].compose.users(b.context)) > 1
            and reb is None
        ):
            evidence.append("the context is shared through an anchor: no fix")
        else:
            edits.append(edit)
    evidence += shared_note(facts, path, b.context)
    where = b.context or b.scalar
    start = where.start if where else b.position
    message = f"service {svc.name}: build context {written} is not a folder"
    if now.context != written:
        message += f" (looked for {now.context or '.'})"
    message += did_you_mean(new_value, candidates, none="; no candidate")
    return report(
        CODE,
        NAME,
        SEVERITY,
        path=path,
        start=start,
        end=where.end if where else None,
        message=message,
        symbol=f"{svc.name}.build.context",
        key=(written,),
        evidence=evidence,
        candidates=candidates,
        fix=Fix(f"set context: {new_value}", "safe", tuple(edits)) if edits else None,
    )


VALID = [
    Example(
        files={"compose.yml": "services:\n  api:\n    build: ./api\n", "api/Dockerfile": "FROM x\n"}
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n"
            "      context: https://github.com/docker/x.git#main\n"
        }
    ),
    Example(
        files={"compose.yml": "services:\n  api:\n    build:\n      context: ${SRC}\n"},
        note="unset variable without default: skipped",
    ),
    Example(
        files={
            "compose.yml": "include:\n  - path: services/api.yml\n    project_directory: .\n",
            "services/api.yml": "services:\n  api:\n    build: ./api\n",
            "api/Dockerfile": "FROM python:3.12\n",
        },
        note="include with project_directory: the included file's paths resolve there",
    ),
    Example(
        files={
            "deploy/compose.yml": "services:\n  api:\n    build: ../api\n",
            "api/Dockerfile": "FROM python:3.12\n",
            "tools/installer/assets/compose.yml": "# shipped with the installer\n"
            "services:\n  api:\n    build: ../api\n",
        },
        note="a copy embedded as data elsewhere: its paths only resolve at the original",
    ),
    Example(
        files={
            "docs/examples/compose.yml": "services:\n  app:\n    build: ./your-app\n",
        },
        note="a documentation example",
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build: ./service\n",
            "services/service/Dockerfile": "FROM x\n",
        },
        expect=("api.build.context",),
        fixed={"compose.yml": "services:\n  api:\n    build: ./services/service\n"},
        note="the only folder with that name",
    ),
    Example(
        files={"compose.yml": "services:\n  api:\n    build:\n      context: gone\n"},
        expect=("api.build.context",),
        note="no candidate",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: app\n",
            "a/app/Dockerfile": "FROM x\n",
            "b/app/Dockerfile": "FROM x\n",
        },
        expect=("api.build.context",),
        note="several candidates: listed, no fix",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: ${SRC:-App}\n",
            "app/Dockerfile": "FROM x\n",
        },
        expect=("api.build.context",),
        note="a variable's default is used; the value with a variable is not rewritten",
    ),
    Example(
        files={
            "compose.yml": "include:\n  - services/api.yml\n",
            "services/api.yml": "services:\n  api:\n    build: ./api\n",
            "api/Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.context",),
        fixed={"services/api.yml": "services:\n  api:\n    build: ../api\n"},
        note="an included file's paths resolve from its own folder",
    ),
    Example(
        files={
            ".github/workflows/e2e.yml": "jobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: docker compose up -d\n        working-directory: tests/e2e\n",
            "tests/e2e/compose.yml": "services:\n  app:\n    build: ../../app\n",
        },
        expect=("app.build.context",),
        note="a compose file under tests/ that CI runs is a stack",
    ),
    Example(
        files={
            "deploy/compose.yml": "services:\n  api:\n    build: ../api\n"
            "  worker:\n    build: ../worker\n",
            "api/Dockerfile": "FROM python:3.12\n",
            "tools/installer/assets/compose.yml": "services:\n  api:\n    build: ../api\n"
            "  worker:\n    build: ../worker\n",
        },
        expect=("worker.build.context",),
        note="of two copies, only the one whose other paths resolve is a stack",
    ),
]
