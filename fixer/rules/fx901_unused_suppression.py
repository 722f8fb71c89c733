"""A ``# fixer: ignore[...]`` comment suppresses nothing.

## What it does
Reports a suppression comment (``# fixer: ignore[FX201] reason`` in a Python or YAML file)
when a code it names has no finding on the line it covers: the comment's own line, or, for a
comment alone on its line, the next line of code. A bare ``# fixer: ignore`` is reported when
nothing at all is found on that line. Codes of rules that did not run on the file
(``--select``, ``ignore``, ``per-file-ignores``) are not judged; codes no rule has are.

## Why is this bad?
A suppression outlives the drift it excused: once the compose file or the code is repaired,
the comment stays and would silently hide the next, unrelated drift on that line. Removing
stale suppressions keeps each one a deliberate, current decision.

## Example
```yaml
services:
  api:
    build:
      dockerfile: dockerfiles/api.Dockerfile  # fixer: ignore[FX201] fixed in #312
```

Use instead (the Dockerfile exists now, the comment goes):
```yaml
services:
  api:
    build:
      dockerfile: dockerfiles/api.Dockerfile
```

## Fix safety
Safe: the fix removes the comment (or only the unused codes from it), which changes no
behaviour of the file; both results are re-parsed before anything is written.

## How it runs
Only the suppression stage knows which comments were used, so the findings are made in
:mod:`fixer.suppress` after every other rule has run, not by :func:`check` (``STAGE`` below
tells the runner). This module holds the rule's code, documentation and examples; its
examples are run through the whole pipeline (``tests/test_rule_examples.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Finding
from fixer.rules.base import Example

CODE = "FX901"
NAME = "unused-suppression"
SEVERITY = "warning"
STAGE = "suppressions"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    """Nothing here: the suppression stage (:func:`fixer.suppress.stage`) reports FX901."""
    return ()


VALID = [
    Example(
        files={"app/settings.py": "REDIS_URL = 'redis://cache:6379'  # fixer: see docs/config\n"},
        note="a comment that mentions fixer but is not a suppression",
    ),
    Example(
        files={"app/notes.py": 'HELP = "write # fixer: ignore[FX201] to silence a finding"\n'},
        note="the directive inside a string is not a comment",
    ),
    Example(
        files={"compose.yml": "services:\n  api:\n    image: 'api # fixer: ignore[FX201]'\n"},
        note="inside a quoted YAML scalar, # is text",
    ),
]

INVALID = [
    Example(
        files={"app/settings.py": "TIMEOUT = 30  # fixer: ignore[FX999] no such rule\n"},
        expect=("ignore[FX999]",),
        fixed={"app/settings.py": "TIMEOUT = 30\n"},
    ),
    Example(
        files={"compose.yml": ("services:\n  # fixer: ignore[FX999]\n  api:\n    image: api:1\n")},
        expect=("ignore[FX999]",),
        fixed={"compose.yml": "services:\n  api:\n    image: api:1\n"},
        note="a comment alone on its line covers the next line",
    ),
]
