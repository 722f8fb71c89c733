"""A compose build context is a folder that does not exist.

## What it does
Resolves every local ``build`` context against the compose file's folder, as Compose does,
and reports a context that is not a folder in the repository. Remote contexts (URLs, git)
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
from fixer.facts.compose import folder, resolve_build
from fixer.model import Edit, Finding, Fix
from fixer.rules._paths import (
    compose_services,
    context_edit,
    exists,
    rank,
    rebase,
    relpath,
    shared_note,
)
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX202"
NAME = "compose-context-missing"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    for path, env, svc in compose_services(facts):
        b = svc.build
        if b is None:
            continue
        now = resolve_build(path, b, env)
        if now.context is None or exists(facts, now.context, "dir"):
            continue
        written = b.context.value if b.context is not None else "."
        evidence: list[str] = []
        edits: list[Edit] = []
        candidates: tuple[str, ...] = ()
        new_value = ""
        reb = rebase(facts, path, b, env)
        if reb is not None:
            candidates = (reb.resolved.context or "",)
            evidence.append(reb.evidence)
            new_value = reb.context_value
        else:
            ranking = rank(facts, now.context, "dir")
            candidates = ranking.candidates
            evidence += list(ranking.evidence)
            if ranking.best is not None:
                new_value = path_value(written, relpath(ranking.best, folder(path)))
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
        yield report(
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
]
