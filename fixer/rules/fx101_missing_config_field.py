"""Code reads a field that its config class does not define.

## What it does
Finds attribute reads such as ``self.config.docker_startup_timeout`` whose receiver is
certainly an instance of a config class (a ``@dataclass``, a pydantic ``BaseModel`` or
``BaseSettings``, an attrs class, a ``typing.NamedTuple``) that has no such member: no
field, class attribute, method, property, attribute set on ``self``, attribute written on
an instance elsewhere, nor anything inherited. On a frozen or slotted class, writing an
undefined attribute (``cfg.extra = 1``) is reported too.

The receiver's type must be certain: a parameter or variable annotated with the class
(``Cls``, ``Optional[Cls]``, ``Cls | None``, ``Annotated[Cls, ...]``, quoted; web route
parameters such as FastAPI's ``item: ItemCreate`` included), ``x = Cls(...)``, ``self.attr =
param or Cls()``, class-level ``attr: Cls``, a call of a function annotated to return the
class or, without an annotation, whose every ``return`` builds it, and the same through
``self.attr`` chains. The class is the one the reading module's own imports and definitions
name; when that is ambiguous nothing is reported. Classes with ``__getattr__``, dynamic
``setattr`` (on ``self`` or on an instance), ``extra="allow"`` or an unresolvable base are
never reported, nor are reads guarded by ``hasattr``, ``getattr(..., default)``, ``try/except
AttributeError`` (alone or in a tuple), reads in code that cannot run, or in database
migrations.

A read inside ``try`` whose handler is broad (``except Exception``, a bare ``except:``,
``except BaseException``, ``suppress(Exception)``) is reported: it still fails, and the
handler hides the failure. The evidence names the handler's line and what the failure
becomes (a log line, a default, another exception).

Two more shapes are reported with their own key: a read on the class object itself
(``Settings.input_level``) of a name the class does not define in any way (no fix: only a
class attribute would do), and a read of an attribute that ``__init__`` (or
``__post_init__``) sets on some branches only (``if timeout is not None: self.timeout =
timeout``, no ``else``, nothing else setting it), when nothing on the instance records which
branch ran: the test names only the method's parameters and locals, none kept on ``self``.

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
An attribute set on some branches only gets an unsafe fix: ``self.name = None`` before the
``if`` (None may not suit every use). Reads on the class object get no fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.python import AttrRead
from fixer.model import Finding, Position
from fixer.rules._missing import (
    Analysis,
    analyse,
    class_evidence,
    handler_evidence,
    locations,
    missing_evidence,
)
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
        evidence = missing_evidence(m, _read_lines(m.name, m.reads))
        fix = analysis.fixes.get(cls.key) if m.plan is not None else None
        symbol = f"{cls.info.name}.{m.name}"
        hidden = ""
        if first.handler is not None and not first.handler.reraises:
            hidden = f", swallowed by `{first.handler.clause}` at line {first.handler.line}"
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(first.line, first.column),
            end=first.end,
            message=f"{cls.info.name} has no field {m.name} (read as {read_text}{hidden})",
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

    yield from _class_object_findings(analysis)
    yield from _partial_findings(analysis)


def _read_lines(name: str, reads: Iterable[tuple[str, AttrRead]]) -> list[str]:
    return [
        f"read at {p}:{r.line}:{r.column} as {r.receiver.text}.{name}"
        + (f"; {handler_evidence(r.handler)}" if r.handler else "")
        for p, r in reads
    ]


def _class_object_findings(analysis: Analysis) -> Iterable[Finding]:
    for c in analysis.class_reads:
        path, first = c.reads[0]
        name = c.cls.info.name
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(first.line, first.column),
            end=first.end,
            message=(
                f"{name} has no field or class attribute {c.name} "
                f"(read on the class itself as {first.receiver.text}.{c.name})"
            ),
            symbol=f"{name}.{c.name}",
            anchor=c.cls.path,
            key=("class",),
            evidence=(
                class_evidence(c.cls, c.lineage),
                *locations(_read_lines(c.name, c.reads)),
                "the read is on the class object, where only class attributes exist: "
                "no automatic fix",
            ),
        )


def _partial_findings(analysis: Analysis) -> Iterable[Finding]:
    fixes = analysis.partial_fixes or {}
    for p in analysis.partial_reads:
        path, first = p.reads[0]
        name = p.owner.info.name
        attr = p.partial
        yield report(
            CODE,
            NAME,
            SEVERITY,
            path=path,
            start=Position(first.line, first.column),
            end=first.end,
            message=(
                f"{name} sets {attr.name} only when `{attr.test}` (line {attr.line}): "
                f"the read {first.receiver.text}.{attr.name} raises AttributeError otherwise"
            ),
            symbol=f"{name}.{attr.name}",
            anchor=p.owner.path,
            key=("partial",),
            evidence=(
                class_evidence(p.owner, p.lineage),
                f"set at {p.owner.path}:{attr.line} inside `if {attr.test}:`, on no other "
                "branch and nowhere else; nothing on the instance records which branch ran",
                *locations(_read_lines(attr.name, p.reads)),
            ),
            fix=fixes.get(p.owner.key),
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
    # handlers: only AttributeError guards a read
    _ex(
        _IMPORT + "def f(c: Cfg):\n    try:\n        return c.port\n"
        "    except (KeyError, AttributeError):\n        return 80\n",
        note="AttributeError in a tuple of handled errors",
    ),
    _ex(
        "import contextlib\n\n" + _IMPORT + "def f(c: Cfg):\n"
        "    with contextlib.suppress(AttributeError):\n        return c.port\n",
        note="suppress(AttributeError)",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    try:\n        try:\n            return c.port\n"
        "        except Exception:\n            return 0\n"
        "    except AttributeError:\n        return 80\n",
        note="a broad handler inside an AttributeError guard",
    ),
    # functions without a return annotation
    _ex(
        _IMPORT + "def load(flag):\n    if flag:\n        return Cfg()\n    return None\n\n\n"
        "def f():\n    cfg = load(True)\n    return cfg.port\n",
        note="a function that may return something else",
    ),
    _ex(
        _IMPORT + "def load():\n    yield Cfg()\n\n\n"
        "def f():\n    cfg = load()\n    return cfg.port\n",
        note="a generator that yields the class",
    ),
    # route parameters annotated with pydantic models
    Example(
        {
            "app/models.py": "from pydantic import BaseModel, Field\n\n\n"
            "class ItemBase(BaseModel):\n    title: str = Field(..., max_length=50)\n\n\n"
            "class ItemIn(ItemBase):\n    price: float = Field(0, ge=0, alias='cost')\n",
            "app/routes.py": "from fastapi import APIRouter\n\nfrom app.models import ItemIn\n\n"
            "router = APIRouter()\n\n\n@router.post('/items')\n"
            "def create(item: ItemIn):\n    return item.title, item.price, item.model_dump()\n",
        },
        note="fields declared through Field(), inherited from a base model in the same file",
    ),
    Example(
        {
            "app/models.py": "from pydantic import BaseModel, Extra\n\n\n"
            "class ItemIn(BaseModel):\n    title: str = ''\n\n"
            "    class Config:\n        extra = Extra.allow\n",
            "app/routes.py": "from app.models import ItemIn\n\n\n"
            "def create(item: ItemIn):\n    return item.anything\n",
        },
        note="pydantic v1 Config with extra = Extra.allow",
    ),
    Example(
        {
            "app/models.py": "from pydantic import BaseModel\n\nfrom app.mixins import Audit\n\n\n"
            "class ItemIn(Audit, BaseModel):\n    title: str = ''\n",
            "app/mixins.py": "class Audit:\n    created_by = None\n",
            "app/routes.py": "from app.models import ItemIn\n\n\n"
            "def create(item: ItemIn):\n    return item.created_by\n",
        },
        note="a member from a mixin defined elsewhere in the repository",
    ),
    # attributes set on some branches of __init__ only
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, use_cache=False):\n        self.use_cache = use_cache\n"
            "        if use_cache:\n            self.cache = {}\n\n"
            "    def get(self, k):\n        if self.use_cache:\n            return self.cache[k]\n"
        },
        note="the branch's condition is kept on the instance",
    ),
    Example(
        {
            "app/x.py": "import os\n" + _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self):\n        if os.environ.get('DEBUG'):\n"
            "            self.trace = []\n\n"
            "    def log(self, m):\n        self.trace.append(m)\n"
        },
        note="a condition on a module-level name, which later code can test again",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, fast):\n        if fast:\n            self.step = 2\n"
            "            self.mode = 'fast'\n        else:\n            self.mode = 'slow'\n\n"
            "    def run(self):\n        return self.step if self.mode == 'fast' else 1\n"
        },
        note="another attribute set on every branch records which one ran",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, limit=None):\n        if limit is not None:\n"
            "            self.limit = limit\n\n"
            "    def reset(self):\n        self.limit = 0\n\n"
            "    def run(self):\n        return self.limit\n"
        },
        note="another method sets it too",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, limit=None):\n        if limit is not None:\n"
            "            self.limit = limit\n\n"
            "    def run(self):\n        if hasattr(self, 'limit'):\n"
            "            return self.limit\n        return 0\n"
        },
        note="every read is guarded by hasattr",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, limit=None):\n        if limit is None:\n"
            "            raise ValueError('limit')\n        self.limit = limit\n\n"
            "    def run(self):\n        return self.limit\n"
        },
        note="the other branch raises",
    ),
    # the class object itself
    Example(
        {
            "app/x.py": "from dataclasses import dataclass\nfrom typing import ClassVar\n\n\n"
            "@dataclass\nclass Cfg:\n    level: int = 1\n    K: ClassVar[int] = 2\n    B = 3\n\n"
            "    class Meta:\n        table = 't'\n\n    @property\n    def p(self):\n"
            "        return 1\n\n    @classmethod\n    def load(cls):\n        return cls()\n\n\n"
            "def f():\n    return Cfg.level, Cfg.K, Cfg.B, Cfg.Meta, Cfg.p, Cfg.load()\n"
        },
        note="class attributes, ClassVar, a nested Meta class, a property, a classmethod",
    ),
    Example(
        {
            "app/x.py": "from pydantic import BaseModel, ConfigDict\n\n\n"
            "class Cfg(BaseModel):\n    model_config = ConfigDict(frozen=True)\n"
            "    level: int = 1\n"
            "\n\ndef f():\n    return Cfg.model_config, Cfg.model_fields, Cfg.model_json_schema()\n"
        },
        note="pydantic's own class members and model_config",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass Cfg:\n    level: int = 1\n\n\n"
            "def setup(values):\n    for k, v in values.items():\n        setattr(Cfg, k, v)\n\n\n"
            "def f():\n    return Cfg.input_level\n"
        },
        note="setattr on the class with a computed name",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass Cfg:\n    level: int = 1\n\n\n"
            "Cfg.input_level = 3\n\n\ndef f():\n    return Cfg.input_level\n"
        },
        note="assigned on the class elsewhere",
    ),
    Example(
        {
            "app/x.py": "from app.reg import register\n" + _DC + "@register\n@dataclass\n"
            "class Cfg:\n    level: int = 1\n\n\ndef f():\n    return Cfg.registry_key\n",
            "app/reg.py": "def register(cls):\n    cls.registry_key = cls.__name__\n"
            "    return cls\n",
        },
        note="a decorator that may add class attributes",
    ),
    Example(
        {
            "app/x.py": "from ext import Base\n"
            + _DC
            + "@dataclass\nclass Cfg(Base):\n    level: int = 1\n\n\n"
            "def f():\n    return Cfg.input_level\n"
        },
        note="a base from outside the repository",
    ),
    # whole families
    Example(
        {
            "app/cfg.py": _CFG,
            "migrations/versions/0007_rename.py": "from app.cfg import Cfg\n\n"
            "revision = '0007'\ndown_revision = '0006'\n\n\n"
            "def upgrade():\n    c: Cfg = load()\n    return c.old_port\n",
        },
        note="an alembic migration: written against the classes of its day",
    ),
    _ex(
        _IMPORT + "def f(rows):\n    for i in range(3):\n        row: Cfg = rows.iloc[i]\n"
        "        yield row.port\n",
        note="an element of a container annotated with the class: a cast, unchecked",
    ),
    _ex(
        _IMPORT + "def load(c: Cfg, values):\n    for k, v in values.items():\n"
        "        setattr(c, k, v)\n\n\ndef f(c: Cfg):\n    return c.port\n",
        note="setattr(instance, <computed name>) somewhere",
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
    # reads inside a broad handler: caught, not guarded
    _ex(
        "import logging\n\n" + _IMPORT + "log = logging.getLogger(__name__)\n\n\n"
        "def f(c: Cfg):\n    try:\n        return c.port\n"
        "    except Exception as exc:\n        log.warning('no port: %s', exc)\n"
        "        return 80\n",
        ("Cfg.port",),
        "except Exception that logs and returns a default",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    try:\n        c.port\n    except:\n        pass\n",
        ("Cfg.port",),
        "a bare except that passes",
    ),
    _ex(
        _IMPORT + "def f(c: Cfg):\n    try:\n        return c.port\n"
        "    except (ValueError, BaseException) as e:\n"
        "        raise RuntimeError('config') from e\n",
        ("Cfg.port",),
        "BaseException in a tuple, re-raised as another error",
    ),
    _ex(
        "from contextlib import suppress\n\n" + _IMPORT + "def f(c: Cfg):\n"
        "    with suppress(Exception):\n        return c.port\n",
        ("Cfg.port",),
        "suppress(Exception)",
    ),
    # receivers from unannotated functions and route parameters
    _ex(
        _IMPORT + "def load(env):\n    if env:\n        return Cfg(host=env)\n"
        "    cfg = Cfg()\n    return cfg\n\n\n"
        "def f():\n    cfg = load('x')\n    return cfg.port\n",
        ("Cfg.port",),
        "a function without a return annotation whose every return builds the class",
    ),
    Example(
        {
            "app/models.py": "from pydantic import BaseModel, Field\n\n\n"
            "class ItemBase(BaseModel):\n    title: str = Field(..., max_length=50)\n",
            "app/schemas.py": "from app.models import ItemBase\n\n\n"
            "class ItemIn(ItemBase):\n    price: float = 0\n",
            "app/routes.py": "from typing import Annotated\n\n"
            "from fastapi import APIRouter, Body\n\n"
            "from app.schemas import ItemIn\n\nrouter = APIRouter()\n\n\n"
            "@router.post('/items')\ndef create(item: ItemIn):\n    return item.quantity\n\n\n"
            "@router.put('/items')\nasync def update(item: Annotated[ItemIn, Body()]):\n"
            "    return item.discount\n",
        },
        ("ItemIn.discount", "ItemIn.quantity"),
        note="route parameters annotated with a pydantic model (plain and Annotated)",
    ),
    # an attribute set on some branches of __init__ only
    Example(
        {
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, a=1, limit=None):\n        self.a = a\n"
            "        if limit is not None:\n            self.limit = limit\n\n"
            "    def run(self):\n        return self.limit * 2\n"
        },
        ("C.limit",),
        note="set in an if without else, read in another method (unsafe fix)",
        fixed={
            "app/x.py": _DC + "@dataclass(init=False)\nclass C:\n    a: int = 1\n\n"
            "    def __init__(self, a=1, limit=None):\n        self.a = a\n"
            "        self.limit = None\n"
            "        if limit is not None:\n            self.limit = limit\n\n"
            "    def run(self):\n        return self.limit * 2\n"
        },
    ),
    # the class object itself
    Example(
        {
            "app/settings.py": "from pydantic import BaseModel\n\n\n"
            "class Settings(BaseModel):\n    level: int = 1\n",
            "app/use.py": "from app.settings import Settings\n\n\n"
            "def f():\n    return Settings.input_level\n",
        },
        ("Settings.input_level",),
        note="a read on the class object (no fix)",
    ),
    Example(
        {
            "app/x.py": _DC + "@dataclass\nclass Cfg:\n    level: int = 1\n\n\n"
            "def f():\n    return Cfg.input_level\n",
        },
        ("Cfg.input_level",),
        note="a read on a class of the same module",
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
