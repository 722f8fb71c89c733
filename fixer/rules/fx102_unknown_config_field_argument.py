"""A config class is constructed with a keyword that is not one of its fields.

## What it does
Finds calls such as ``Settings(docker_startup_timeout=30)`` where ``Settings`` is a config
class (``@dataclass``, attrs, ``typing.NamedTuple``, pydantic) without a field of that name,
and without a custom ``__init__`` or field aliases that could accept it. The class is the one
the calling module's own imports and definitions name. Database migrations (alembic
``versions`` with ``revision``/``down_revision``, Django ``migrations``) are left out: they
are frozen against the classes of their day.

## Why is this bad?
For a dataclass, an attrs class or a NamedTuple the call raises ``TypeError: __init__() got
an unexpected keyword argument``; a pydantic model silently ignores the value (or rejects it
with ``extra="forbid"``). Either way the field drifted away from the code that sets it.

## Example
```python
@dataclass
class Cfg:
    host: str = "localhost"

Cfg(host="db", port=5432)  # FX102: Cfg has no field port
```

## Fix safety
The fix adds the field to the class (one fix per class, shared with FX101). A definition
found in git history or stranded in the class's file is restored verbatim and is safe;
otherwise the passed value gives the type (``5432`` -> ``int``), the default is a guess, and
the fix is unsafe. See docs/decisions/021-field-evidence.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Finding, Position
from fixer.rules._missing import analyse, missing_evidence
from fixer.rules.base import Example, report

CODE = "FX102"
NAME = "unknown-config-field-argument"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    analysis = facts.derived(analyse)
    for m in analysis.missing:
        if not m.calls:
            continue
        cls = m.cls
        path, call, kw = m.calls[0]
        outcome = "is silently ignored" if m.lineage.kind == "pydantic" else "raises TypeError"
        evidence = missing_evidence(
            m, [f"passed at {p}:{k.line}:{k.column} as {m.name}={k.value}" for p, _, k in m.calls]
        )
        symbol = f"{cls.info.name}.{m.name}"
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(kw.line, kw.column),
            end=Position(kw.line, kw.column + len(kw.value.split("\n")[0])),
            message=(
                f"{cls.info.name}() has no field {m.name}: the keyword argument "
                f"{m.name}={_short(kw.value)} {outcome}"
            ),
            symbol=symbol,
            anchor=cls.path,
            evidence=evidence,
            fix=analysis.fixes.get(cls.key) if m.plan is not None else None,
        )


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:37] + "..."


_CFG = "from dataclasses import dataclass\n\n\n@dataclass\nclass Cfg:\n    host: str = 'h'\n"
_IMPORT = "from app.cfg import Cfg\n\n"

VALID: list[Example] = [
    Example(
        {"app/cfg.py": _CFG, "app/use.py": _IMPORT + "c = Cfg(host='x')\n"}, note="a known field"
    ),
    Example(
        {
            "app/cfg.py": _CFG + "\n    def __init__(self, **kw):\n        pass\n",
            "app/use.py": _IMPORT + "c = Cfg(port=1)\n",
        },
        note="a custom __init__",
    ),
    Example(
        {
            "app/cfg.py": "import attr\n\n\n@attr.s\nclass Cfg:\n"
            "    _secret = attr.ib(default='')\n",
            "app/use.py": _IMPORT + "c = Cfg(secret='x')\n",
        },
        note="attrs strips the leading underscore of private fields",
    ),
    Example(
        {
            "app/cfg.py": "from pydantic import BaseModel, Field\n\n\nclass Cfg(BaseModel):\n"
            "    host: str = Field('h', alias='hostname')\n",
            "app/use.py": _IMPORT + "c = Cfg(hostname='x')\n",
        },
        note="pydantic aliases",
    ),
    Example(
        {
            "app/cfg.py": "class Cfg:\n    def __init__(self, port):\n        self.port = port\n",
            "app/use.py": _IMPORT + "c = Cfg(port=1)\n",
        },
        note="a plain class",
    ),
    Example(
        {"app/use.py": "from elsewhere import Cfg\n\nc = Cfg(port=1)\n"},
        note="a class outside the repository",
    ),
    Example(
        {
            "app/cfg.py": _CFG,
            "db/versions/2021_01_04_add_port.py": "from app.cfg import Cfg\n\n"
            "revision = 'a1'\ndown_revision = 'a0'\n\n\n"
            "def upgrade():\n    return Cfg(host='x', port=5432)\n",
            "shop/migrations/0004_port.py": "from django.db import migrations\n\n"
            "from app.cfg import Cfg\n\n\nclass Migration(migrations.Migration):\n"
            "    operations = [Cfg(legacy=1)]\n",
        },
        note="database migrations (alembic, Django): written against the classes of their day",
    ),
]

INVALID: list[Example] = [
    Example(
        {"app/cfg.py": _CFG, "app/use.py": _IMPORT + "c = Cfg(host='x', port=5432)\n"},
        ("Cfg.port",),
        note="an unknown keyword; its value gives the type",
        fixed={"app/cfg.py": _CFG + "    port: int = 5432  # fixer: guessed type and default\n"},
    ),
    Example(
        {
            "app/cfg.py": "from typing import NamedTuple\n\n\nclass P(NamedTuple):\n    x: int\n",
            "app/use.py": "from app.cfg import P\n\np = P(x=1, y=2)\n",
        },
        ("P.y",),
        note="NamedTuple",
    ),
    Example(
        {
            "app/cfg.py": "from pydantic import BaseModel\n"
            "\n\nclass M(BaseModel):\n    a: int = 1\n",
            "app/use.py": "from app.cfg import M\n\nm = M(a=1, b=[1])\n",
        },
        ("M.b",),
        note="pydantic ignores it silently",
    ),
]
