"""A key is repeated in one mapping of a compose file.

## What it does
Reports every key written twice in the same YAML mapping of a compose file, with both
places. The rest of the file is still analysed (fixer reads it with duplicates allowed), so
the file's other drift is not hidden behind this error. A generator's template
(``compose.template.yml``, where directives choose between repeated keys), test data and
documentation examples are not stacks and are not checked.

## Why is this bad?
Docker Compose refuses to load the file ("mapping key ... already defined"), while many YAML
tools silently keep the last value: the file means different things to different tools.

## Example
```yaml
services:
  radarr:
    image: linuxserver/radarr
  radarr:                 # a second, different definition
    image: hotio/radarr
```

## Fix safety
No fix: which of the two definitions is meant is a human decision.
"""

from __future__ import annotations

from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import is_compose_name
from fixer.model import Finding
from fixer.rules._projects import not_stack
from fixer.rules.base import Example, report

CODE = "FX206"
NAME = "compose-duplicate-key"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    for path in sorted(facts.yaml):
        yf = facts.yaml[path]
        if yf.compose is None and not is_compose_name(path):
            continue
        if not_stack(facts, options, path) is not None:
            continue
        counts: dict[str, int] = {}
        for d in yf.duplicates:
            symbol = f"{d.mapping}.{d.key}" if d.mapping != "<root>" else d.key
            counts[symbol] = counts.get(symbol, 0) + 1
            where = "the top level" if d.mapping == "<root>" else d.mapping
            yield report(
                CODE,
                NAME,
                SEVERITY,
                path=path,
                start=d.second,
                end=None,
                message=(
                    f"key {d.key} repeated in {where} (first at line {d.first.line}): "
                    "Docker Compose refuses to load this file"
                ),
                symbol=symbol,
                key=(str(counts[symbol]),),
                evidence=(
                    f"first: {path}:{d.first.line}:{d.first.column}",
                    f"again: {path}:{d.second.line}:{d.second.column}",
                    "tools that accept duplicates keep the last value",
                ),
            )


VALID = [
    Example(files={"compose.yml": "services:\n  a:\n    image: x\n  b:\n    image: x\n"}),
    Example(files={"ci.yml": "a: 1\na: 2\n"}, note="only compose files"),
    Example(
        files={
            "deploy/compose.template.yml": "services:\n  nginx:\n    image: nginx\n"
            "    #!if prod\n    env_file: [prod.env]\n    #!else\n    env_file: [dev.env]\n"
            "    #!endif\n"
        },
        note="a generator's template, rendered into compose files: not a stack",
    ),
]

INVALID = [
    Example(
        files={"compose.yml": "services:\n  a:\n    image: x\n  a:\n    image: y\n"},
        expect=("services.a",),
    ),
    Example(
        files={
            "docker-compose.yml": "x-common: &c\n  restart: always\nx-common: &c\n"
            "  restart: never\nservices:\n  a:\n    <<: *c\n"
            "    image: x\n    image: y\n"
        },
        expect=("x-common", "services.a.image"),
    ),
    Example(
        files={
            "tests/e2e/compose.yml": "# docker compose -f tests/e2e/compose.yml up\n"
            "services:\n  a:\n    image: x\n  a:\n    image: y\n"
        },
        expect=("services.a",),
        note="under tests/, but a command (here its own usage line) runs it",
    ),
]
