"""A compose ``env_file`` names a file that does not exist.

## What it does
Resolves every ``env_file`` (string, list, or long form with ``path:``) against the compose
file's folder (the project directory for a ``-f`` overlay) and reports the ones that are not
in the repository. Entries with ``required: false`` and paths built from unset variables are
skipped, and so are env files made at set-up time: git-ignored ones, ones with a committed
template beside them (``.env.example``, ``env.nginx.template``), ones a command of the
repository creates (``cp .env.example .env``), and Portainer's ``stack.env``. Candidates are
found as for Dockerfiles: a git rename, a letter-case twin, or the only file with that name.

## Why is this bad?
``docker compose up`` stops with "env file ... not found" before any container starts.

## Example
```yaml
services:
  api:
    image: app
    env_file: config/api.env     # moved to env/api.env
```

## Fix safety
Safe when one candidate is clearly right; otherwise candidates are listed without a fix. A
template (``.env.example``) is never the fix: it would run the stack on placeholder values.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from codemods.yaml_edit import path_value, scalar_edit
from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import interpolate, join
from fixer.model import Finding, Fix
from fixer.rules._paths import rank, relpath, shared_note
from fixer.rules._projects import ENV_TEMPLATE_WORDS, NAME_SPLIT, service_uses, setup_step
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX204"
NAME = "compose-env-file-missing"
SEVERITY = "error"
NO_CANDIDATE = "; no candidate (if it is git-ignored, set required: false)"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    seen: set[str] = set()
    for use in service_uses(facts, options):
        path, env, svc = use.path, use.env, use.service
        for ef in svc.env_files:
            if not ef.required:
                continue
            value, _note = interpolate(ef.scalar.value, env)
            if value is None:
                continue
            target = join(use.base, value)
            if target is None or target in facts.files or setup_step(facts, target):
                continue
            ranking = rank(facts, target, "file")
            evidence = list(ranking.evidence)
            if use.how:
                evidence.append(f"read with the files of its project: {use.how}")
            fix = None
            new = ""
            best = ranking.best
            if best is not None and _is_template(best):
                evidence.append(f"{best} is a template, not the env file itself: no fix")
                best = None
            if best is not None:
                new = path_value(ef.scalar.value, relpath(best, use.base))
                if "$" in ef.scalar.value:
                    evidence.append("the path uses a variable: no fix")
                else:
                    fix = Fix(f"set env_file: {new}", "safe", (scalar_edit(path, ef.scalar, new),))
            evidence += shared_note(facts, path, ef.scalar)
            message = f"service {svc.name}: env_file {ef.scalar.value} not found"
            message += did_you_mean(new, ranking.candidates, none=NO_CANDIDATE)
            finding = report(
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
            if finding.fingerprint not in seen:
                seen.add(finding.fingerprint)
                yield finding


def _is_template(path: str) -> bool:
    words = set(NAME_SPLIT.split(posixpath.basename(path).lower()))
    return bool(words & ENV_TEMPLATE_WORDS)


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
    Example(
        files={
            "docker/compose.yml": "services:\n  web:\n    image: app\n    env_file: .env\n"
            "  nginx:\n    image: nginx\n    env_file: [.env.nginx]\n",
            "docker/.env.example": "SECRET_KEY=\n",
            "docker/env.nginx.template": "DOMAIN=\n",
        },
        note="a committed template beside it: the env file is made at set-up time",
    ),
    Example(
        files={
            ".gitignore": "deploy/secrets/\n",
            "deploy/compose.yml": "services:\n  api:\n    image: api\n"
            "    env_file: secrets/api.env\n",
        },
        note="git-ignored: every deployment creates its own",
    ),
    Example(
        files={
            "README.md": "```sh\ncp config/defaults.env config/local.env\ndocker compose up\n```\n",
            "compose.yml": "services:\n  api:\n    image: api\n    env_file: config/local.env\n",
            "config/defaults.env": "DEBUG=0\n",
        },
        note="a command of the repository creates it",
    ),
    Example(
        files={
            "compose.portainer.yml": "services:\n  web:\n    image: app\n    env_file: stack.env\n",
        },
        note="Portainer writes stack.env from the stack's variables",
    ),
    Example(
        files={
            "Makefile": "prod:\n\tdocker compose -f compose.yml -f deploy/prod.yml up -d\n",
            "compose.yml": "services:\n  api:\n    image: api\n",
            "deploy/prod.yml": "services:\n  api:\n    env_file: deploy/prod.env\n",
            "deploy/prod.env": "DEBUG=0\n",
        },
        note="in a -f group, paths resolve from the first file's folder",
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file: ./config/a.env\n",
            "configs/a.env": "A=1\n",
        },
        expect=("a.env_file:./config/a.env",),
        fixed={"compose.yml": "services:\n  a:\n    image: x\n    env_file: ./configs/a.env\n"},
        note="the only file of that name, in a folder like the one written: fixed",
    ),
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file: ./config/a.env\n",
            "tools/a.env": "A=1\n",
        },
        expect=("a.env_file:./config/a.env",),
        note="the same name in an unrelated folder, no history: a candidate, no fix",
    ),
    Example(
        files={
            "compose.yml": "services:\n  a:\n    image: x\n    env_file:\n"
            "      - path: secrets.env\n"
        },
        expect=("a.env_file:secrets.env",),
        note="long form, required by default, no candidate",
    ),
    Example(
        files={
            "Makefile": "prod:\n\tdocker compose -f compose.yml -f deploy/prod.yml up -d\n",
            "compose.yml": "services:\n  api:\n    image: api\n",
            "deploy/prod.yml": "services:\n  api:\n    env_file: prod.env\n",
            "deploy/prod.env": "DEBUG=0\n",
        },
        expect=("api.env_file:prod.env",),
        fixed={"deploy/prod.yml": "services:\n  api:\n    env_file: deploy/prod.env\n"},
        note="in a -f group, a path written from the overlay's folder is wrong",
    ),
]
