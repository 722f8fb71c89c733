"""A compose ``env_file`` names a file that does not exist.

## What it does
Resolves every ``env_file`` (string, list, or long form with ``path:``) against the compose
file's folder and reports the ones that are not in the repository. Entries with
``required: false`` and paths built from unset variables are skipped. Candidates are found
as for Dockerfiles: a git rename, a letter-case twin, or the only file with that name.

## Why is this bad?
``docker compose up`` stops with "env file ... not found" before any container starts.
(An env file that is git-ignored on purpose is missing in every fresh clone and in CI:
mark it ``required: false`` or commit an example.)

## Example
```yaml
services:
  api:
    image: app
    env_file: config/api.env     # moved to env/api.env
```

## Fix safety
Safe when one candidate is clearly right; otherwise candidates are listed without a fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods.yaml_edit import path_value, scalar_edit
from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import folder, interpolate, join
from fixer.model import Finding, Fix
from fixer.rules._paths import compose_services, rank, relpath, shared_note
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX204"
NAME = "compose-env-file-missing"
SEVERITY = "error"
NO_CANDIDATE = "; no candidate (if it is git-ignored, set required: false)"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    for path, env, svc in compose_services(facts):
        for ef in svc.env_files:
            if not ef.required:
                continue
            value, _note = interpolate(ef.scalar.value, env)
            if value is None:
                continue
            target = join(folder(path), value)
            if target is None or target in facts.files:
                continue
            ranking = rank(facts, target, "file")
            evidence = list(ranking.evidence)
            fix = None
            new = ""
            if ranking.best is not None:
                new = path_value(ef.scalar.value, relpath(ranking.best, folder(path)))
                if "$" in ef.scalar.value:
                    evidence.append("the path uses a variable: no fix")
                else:
                    fix = Fix(f"set env_file: {new}", "safe", (scalar_edit(path, ef.scalar, new),))
            evidence += shared_note(facts, path, ef.scalar)
            message = f"service {svc.name}: env_file {ef.scalar.value} not found"
            message += did_you_mean(new, ranking.candidates, none=NO_CANDIDATE)
            yield report(
                CODE,
                NAME,
                SEVERITY,
                path=path,
                start=ef.scalar.start,
                end=ef.scalar.end,
                message=message,
                symbol=f"{svc.name}.env_file:{ef.scalar.value}",
                evidence=evidence,
                candidates=ranking.candidates,
                fix=fix,
            )


VALID = [
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file: [a.env]\n",
            "a.env": "A=1\n",
        }
    ),
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file:\n"
            "      - path: local.env\n        required: false\n"
        }
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file: ./config/a.env\n",
            "env/a.env": "A=1\n",
        },
        expect=("a.env_file:./config/a.env",),
        fixed={"compose.yml": "services:\n  a:\n    image: x\n    env_file: ./env/a.env\n"},
    ),
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file:\n"
            "      - path: secrets.env\n"
        },
        expect=("a.env_file:secrets.env",),
        note="long form, required by default, no candidate",
    ),
]
