"""Code reads a field that its config class does not define.

## What it does
Finds attribute reads such as ``self.config.docker_startup_timeout`` whose receiver is
certainly an instance of a config class (a ``@dataclass``, a pydantic ``BaseModel`` or
``BaseSettings``, an attrs class, a ``typing.NamedTuple``) that has no such member: no
field, class attribute, method, property, attribute set on ``self``, attribute written on
an instance elsewhere, nor anything inherited. On a frozen or slotted class, writing an
undefined attribute (``cfg.extra = 1``) is reported too.

The receiver's type must be certain: a parameter or variable annotated with the class
(``Cls``, ``Optional[Cls]``, ``Cls | None``, quoted), ``x = Cls(...)``, ``self.attr = param
or Cls()``, class-level ``attr: Cls``, a call of a function annotated to return the class, and
the same through ``self.attr`` chains. The class is the one the reading module's own imports
and definitions name; when that is ambiguous nothing is reported. Classes with
``__getattr__``, dynamic ``setattr``, ``extra="allow"`` or an unresolvable base are never
reported, nor are reads guarded by ``hasattr``, ``getattr(..., default)``, ``try/except
AttributeError``, or in code that cannot run.

## Why is this bad?
The read raises ``AttributeError`` when it runs, often deep in a test or at startup. Type
checkers see it, but among thousands of other reports; this rule reports only the few reads
that must fail, and writes the missing field.

## Example
```python
@dataclass
class WsConfig:
    host: str = "localhost"

class Base:
    def __init__(self, config: Optional[WsConfig] = None):
        self.config = config or WsConfig()

    def wait(self):
        time.sleep(self.config.health_check_interval)  # FX101
```

## Fix safety
One fix per class adds every missing field at the end of its fields, in the class's own style
(``field(default_factory=...)`` for mutable defaults), with the imports it needs. It is safe
when the definition is restored from git history (the field deleted from this class) or
copied from a definition stranded in the same file; otherwise it is unsafe: copied from the
same field on another config class, taken from a ``getattr`` default, or guessed from how the
value is used and from its name (the added line then says it is a guess). Evidence for the
chosen type and default is listed in the finding. See docs/decisions/021-field-evidence.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Finding, Position
from fixer.rules._missing import analyse, class_evidence, locations, missing_evidence
from fixer.rules.base import Example, report

CODE = "FX101"
NAME = "missing-config-field"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    analysis = facts.derived(analyse)
    for m in analysis.missing:
        if not m.reads:
            continue  # only passed to the constructor: FX102's finding
        cls = m.cls
        path, first = m.reads[0]
        read_text = f"{first.receiver.text}.{m.name}"
        evidence = missing_evidence(
            m,
            [f"read at {p}:{r.line}:{r.column} as {r.receiver.text}.{m.name}" for p, r in m.reads],
        )
        fix = analysis.fixes.get(cls.key) if m.plan is not None else None
        symbol = f"{cls.info.name}.{m.name}"
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(first.line, first.column),
            end=first.end,
            message=f"{cls.info.name} has no field {m.name} (read as {read_text})",
            symbol=symbol,
            anchor=cls.path,
            evidence=evidence,
            fix=fix,
        )
    for w in analysis.frozen_writes:
        cls = w.cls
        path, first = w.writes[0]
        symbol = f"{cls.info.name}.{w.name}"
        state = "frozen" if w.lineage.frozen else "slotted"
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(first.line, first.column),
            end=Position(first.line, first.column + len(first.receiver.text) + len(w.name) + 1),
            message=(
                f"{cls.info.name} is {state} and has no field {w.name} "
                f"(written as {first.receiver.text}.{w.name})"
            ),
            symbol=symbol,
            anchor=cls.path,
            key=("write",),
            evidence=(
                class_evidence(cls, w.lineage),
                *locations([f"written at {p}:{x.line}:{x.column}" for p, x in w.writes]),
                "the write raises at run time; no automatic fix",
            ),
        )


_DC = "from dataclasses import dataclass\n\n\n"
_CFG = _DC + "@dataclass\nclass Cfg:\n    host: str = 'h'\n"


def _ex(
    code: str, expect: tuple[str, ...] = (), note: str = "", extra: dict[str, str] | None = None
) -> Example:
    return Example(
        files={"app/cfg.py": _CFG, "app/use.py": code, **(extra or {})}, expect=expect, note=note
    )


_IMPORT = "from app.cfg import Cfg\n\n\n"

VALID: list[Example] = [
    _ex(_IMPORT + "def f(c: Cfg):\n    return c.host\n", note="a defined field"),
    _ex("def f(c):\n    return c.port\n", note="an untyped receiver says nothing"),
    Example(
        {"app/x.py": "class Plain:\n    a = 1\n\n\ndef f(p: Plain):\n    return p.b\n"},
        note="a plain class is not a config class",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    if hasattr(c, 'port'):\n        return c.port\n",
        note="guarded by hasattr",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    return getattr(c, 'port', 80)\n",
        note="getattr with a default",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    try:\n        return c.port\n"
        "    except AttributeError:\n        return 80\n",
        note="try/except AttributeError",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    return 1\n    return c.port\n",
        note="unreachable after return",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    raise SystemExit\n    c.port\n",
        note="unreachable after raise",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass C:\n    a: int = 1\n\n"
            "    def __getattr__(self, name):\n        return 0\n\n\n"
            "def f(c: C):\n    return c.b\n"
        },
        note="__getattr__",
    ),
    Example(
        {
            "app/x.py": "from somewhere import Base\n"
            + _DC
            + "@dataclass\nclass C(Base):\n    a: int = 1\n\n\ndef f(c: C):\n    return c.b\n"
        },
        note="an unresolvable base",
    ),
    Example(
        {
            "app/base.py": _DC + "@dataclass\nclass Base:\n    port: int = 1\n",
            "app/x.py": "from dataclasses import dataclass\n\nfrom app.base import Base\n\n\n"
            "@dataclass\nclass C(Base):\n    a: int = 1\n\n\ndef f(c: C):\n    return c.port\n",
        },
        note="inherited across files",
    ),
    Example(
        {
            "app/x.py": "from dataclasses import dataclass, field\n"
            "from typing import ClassVar\n\n\n"
            "@dataclass\nclass C:\n    a: int = 1\n    K: ClassVar[int] = 2\n    B = 3\n\n"
            "    def __post_init__(self):\n        self.derived = self.a * 2\n\n"
            "    @property\n    def p(self):\n        return 1\n\n    def m(self):\n"
            "        return 1\n\n\ndef f(c: C):\n    return c.K + c.B + c.derived + c.p + c.m()\n"
        },
        note="ClassVar, class attribute, __post_init__ attribute, property, method",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    c.port = 80\n\n\ndef g(c: Cfg):\n    return c.port\n",
        note="written on an instance elsewhere (not frozen)",
    ),
    Example(
        {
            "app/events.py": "import enum\n\n\nclass Event(enum.Enum):\n    A = 1\n",
            "app/cfg.py": _DC + "@dataclass\nclass Event:\n    name: str = ''\n",
            "app/use.py": "from app.events import Event\n\n\n"
            "def f(e: Event):\n    return e.value\n",
        },
        note="a name shared with an Enum: the import decides",
    ),
    Example(
        {
            "app/a.py": _DC + "@dataclass\nclass C:\n    x: int = 1\n",
            "app/b.py": _DC + "@dataclass\nclass C:\n    y: int = 1\n",
            "app/use.py": "try:\n    from app.a import C\nexcept ImportError:\n"
            "    from app.b import C\n\n\ndef f(c: C):\n    return c.y + c.x\n",
        },
        note="two classes share a name and the import does not decide",
    ),
    Example(
        {
            "app/x.py": "from pydantic import BaseModel, ConfigDict\n\n\n"
            "class M(BaseModel):\n    model_config = ConfigDict(extra='allow')\n"
            "    a: int = 1\n\n\n"
            "def f(m: M):\n    return m.other\n"
        },
        note="pydantic extra='allow'",
    ),
    Example(
        {
            "app/x.py": "from pydantic import BaseModel\n\n\n"
            "class M(BaseModel):\n    a: int = 1\n\n\n"
            "def f(m: M):\n    return m.model_dump(), m.dict(), m.model_fields\n"
        },
        note="pydantic's own members",
    ),
    Example(
        {
            "app/x.py": "from typing import NamedTuple\n\n\nclass P(NamedTuple):\n    x: int\n\n\n"
            "def f(p: P):\n    return p._asdict(), p._replace(x=1), p.x\n"
        },
        note="NamedTuple's own members",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass C:\n    a: int = 1\n\n\nclass D(C):\n"
            "    def __init__(self):\n        self.extra = 1\n"
            "\n\ndef f(c: C):\n    return c.extra\n"
        },
        note="a subclass defines it",
    ),
    _ex(
        _IMPORT + "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    def f(c: Cfg):\n        return c.port\n",
        note="code under TYPE_CHECKING",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    c = other()\n    return c.port\n",
        note="a receiver rebound to something unknown",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass C:\n    a: int = 1\n\n"
            "    def load(self, d):\n        for k, v in d.items():\n"
            "            setattr(self, k, v)\n\n\n"
            "def f(c: C):\n    return c.b\n"
        },
        note="dynamic setattr on self",
    ),
]

INVALID: list[Example] = [
    _ex(_IMPORT + "def f(c: Cfg):\n    return c.port + 1\n", ("Cfg.port",), "annotated parameter"),
    _ex(
        "from typing import Optional\n\nfrom app.cfg import Cfg\n\n\n"
        "def f(c: Optional[Cfg] = None):\n    return c.port\n",
        ("Cfg.port",),
        "Optional[Cls]",
    ),
    _ex(_IMPORT + "def f(c: Cfg | None = None):\n    return c.port\n", ("Cfg.port",), "Cls | None"),
    _ex(_IMPORT + "def f(c: 'Cfg'):\n    return c.port\n", ("Cfg.port",), "quoted annotation"),
    _ex(
        _IMPORT + "def f():\n    c = Cfg(host='x')\n    return c.port\n",
        ("Cfg.port",),
        "x = Cls(...)",
    ),
    _ex(
        _IMPORT + "def f():\n    c: Cfg = make()\n    return c.port\n",
        ("Cfg.port",),
        "annotated variable",
    ),
    _ex(
        "from typing import Optional\n\nfrom app.cfg import Cfg\n\n\nclass T:\n"
        "    def __init__(self, config: Optional[Cfg] = None):\n"
        "        self.config = config or Cfg()\n\n    def run(self):\n"
        "        return self.config.port\n",
        ("Cfg.port",),
        "self.attr = param or Cls()",
    ),
    _ex(
        _IMPORT + "class T:\n    def __init__(self, config=None):\n"
        "        self.config = config if config is not None else Cfg()\n\n    def run(self):\n"
        "        return self.config.port\n",
        ("Cfg.port",),
        "self.attr = param if param is not None else Cls()",
    ),
    _ex(
        _IMPORT + "class T:\n    config: Cfg\n\n    def run(self):\n"
        "        return self.config.port\n",
        ("Cfg.port",),
        "class-level attr: Cls",
    ),
    _ex(
        _IMPORT + "def get_staging_config() -> Cfg:\n    return Cfg()\n\n\n"
        "def f():\n    cfg = get_staging_config()\n    return cfg.port\n",
        ("Cfg.port",),
        "a function annotated to return the class",
    ),
    _ex(
        "from app.cfg import Cfg as Settings\n\n\ndef f(c: Settings):\n    return c.port\n",
        ("Cfg.port",),
        "an import alias",
    ),
    _ex(
        "from app import cfg\n\n\ndef f(c: cfg.Cfg):\n    return c.port\n",
        ("Cfg.port",),
        "a module import",
    ),
    _ex(
        "from app.cfg import settings\n\n\ndef f():\n    return settings.port\n",
        ("Cfg.port",),
        "a module-level instance imported from another module",
        {"app/cfg.py": _CFG + "\n\nsettings = Cfg()\n"},
    ),
    _ex(
        _IMPORT
        + "class Base:\n    def __init__(self, config: Cfg):\n        self.config = config\n\n\n"
        "class T(Base):\n    def run(self):\n        return self.config.port\n",
        ("Cfg.port",),
        "self.attr through an inherited attribute",
    ),
    Example(
        {
            "app/x.py": "import dataclasses\n\n\n@dataclasses.dataclass(frozen=True)\nclass C:\n"
            "    a: int = 1\n\n\ndef f(c: C):\n    c.b = 2\n    return c.a\n"
        },
        ("C.b",),
        note="a write on a frozen dataclass is itself the finding",
    ),
    Example(
        {
            "app/x.py": "from pydantic import BaseModel\n\n\n"
            "class M(BaseModel):\n    a: int = 1\n\n\n"
            "def f(m: M):\n    return m.b\n"
        },
        ("M.b",),
        note="pydantic BaseModel",
    ),
    Example(
        {
            "app/x.py": "from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n"
            "    a: int = 1\n\n\ndef f(s: S):\n    return s.b\n"
        },
        ("S.b",),
        note="BaseSettings",
    ),
    Example(
        {
            "app/x.py": "import attr\n\n\n@attr.s\nclass A:\n    a = attr.ib(default=1)\n\n\n"
            "def f(x: A):\n    return x.b\n"
        },
        ("A.b",),
        note="attr.s with attr.ib",
    ),
    Example(
        {
            "app/x.py": "from attrs import define, frozen\n\n"
            "\n@define\nclass A:\n    a: int = 1\n\n\n"
            "@frozen\nclass B:\n    a: int = 1\n\n\ndef f(x: A, y: B):\n    return x.b + y.b\n"
        },
        ("A.b", "B.b"),
        note="attrs define and frozen",
    ),
    Example(
        {
            "app/x.py": "from typing import NamedTuple\n\n\nclass P(NamedTuple):\n    x: int\n\n\n"
            "def f(p: P):\n    return p.y\n"
        },
        ("P.y",),
        note="NamedTuple",
    ),
    Example(
        {
            "app/x.py": "from dataclasses import dataclass as dc\n\n\n@dc(slots=True)\nclass C:\n"
            "    a: int = 1\n\n\ndef f(c: C):\n    return c.b\n"
        },
        ("C.b",),
        note="dataclass under an alias, with arguments",
    ),
    # evidence sources and fixes
    Example(
        {
            "app/cfg.py": _DC
            + "@dataclass\nclass Cfg:\n    host: str = 'h'\n\n    def url(self):\n"
            "        return self.host\n\n\nport: int = 8080\n",
            "app/use.py": _IMPORT + "def f(c: Cfg):\n    return c.port\n",
        },
        ("Cfg.port",),
        note="b: a stranded definition in the same file is copied (safe)",
        fixed={
            "app/cfg.py": _DC
            + "@dataclass\nclass Cfg:\n    host: str = 'h'\n    port: int = 8080\n"
            "\n    def url(self):\n        return self.host\n\n\nport: int = 8080\n"
        },
    ),
    Example(
        {
            "app/other.py": "from dataclasses import dataclass, field\n"
            "\n\n@dataclass\nclass Other:\n"
            "    tags: list[str] = field(default_factory=list)\n",
            "app/cfg.py": _DC + "@dataclass\nclass Cfg:\n    host: str = 'h'\n",
            "app/use.py": _IMPORT + "def f(c: Cfg):\n    return c.tags\n",
        },
        ("Cfg.tags",),
        note="c: the same field on another config class (unsafe)",
        fixed={
            "app/cfg.py": "from dataclasses import field, dataclass\n\n\n@dataclass\nclass Cfg:\n"
            "    host: str = 'h'\n    tags: list[str] = field(default_factory=list)\n"
        },
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    a = getattr(c, 'retries', 5)\n    return a + c.retries\n",
        ("Cfg.retries",),
        "c: a getattr default is the evidence",
    ),
    Example(
        {
            "app/cfg.py": _DC + "@dataclass\nclass Cfg:\n    host: str = 'h'\n",
            "app/use.py": "import time\n\n"
            + _IMPORT
            + "def f(c: Cfg):\n    deadline = time.monotonic() + c.startup_timeout\n"
            "    for s in c.required_services:\n        time.sleep(c.poll_interval)\n",
        },
        ("Cfg.poll_interval", "Cfg.required_services", "Cfg.startup_timeout"),
        note="d: inference from use and name; one fix for the class",
        fixed={
            "app/cfg.py": "from dataclasses import field, dataclass\n\n\n@dataclass\nclass Cfg:\n"
            "    host: str = 'h'\n"
            "    poll_interval: float = 1.0  # fixer: guessed type and default\n"
            "    required_services: list = field(default_factory=list)  "
            "# fixer: guessed type and default\n"
            "    startup_timeout: float = 60.0  # fixer: guessed type and default\n"
        },
    ),
]
