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
from fixer.model import Finding, Position, fingerprint
from fixer.rules._missing import analyse, class_evidence, locations
from fixer.rules.base import Example

CODE = "FX101"
NAME = "missing-config-field"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    analysis = analyse(facts)
    for m in analysis.missing:
        if not m.reads:
            continue  # only passed to the constructor: FX102's finding
        cls = m.cls
        path, first = m.reads[0]
        read_text = f"{first.receiver.text}.{m.name}"
        evidence = [class_evidence(cls, m.lineage)]
        evidence.extend(
            locations(
                [
                    f"read at {p}:{r.line}:{r.column} as {r.receiver.text}.{m.name}"
                    for p, r in m.reads
                ]
            )
        )
        fix = analysis.fixes.get(cls.key) if m.plan is not None else None
        if m.plan is not None:
            evidence.extend(m.plan.evidence)
        else:
            evidence.append(f"no evidence for the type of `{m.name}`: no fix proposed")
        symbol = f"{cls.info.name}.{m.name}"
        yield Finding(
            rule=CODE,
            name=NAME,
            severity=SEVERITY,
            message=f"{cls.info.name} has no field {m.name} (read as {read_text})",
            path=path,
            line=first.line,
            column=first.column,
            end=first.end,
            symbol=symbol,
            fingerprint=fingerprint(CODE, cls.path, symbol),
            evidence=tuple(evidence),
            fix=fix,
        )
    for w in analysis.frozen_writes:
        cls = w.cls
        path, first = w.writes[0]
        symbol = f"{cls.info.name}.{w.name}"
        state = "frozen" if w.lineage.frozen else "slotted"
        yield Finding(
            rule=CODE,
            name=NAME,
            severity=SEVERITY,
            message=(
                f"{cls.info.name} is {state} and has no field {w.name} "
                f"(written as {first.receiver.text}.{w.name})"
            ),
            path=path,
            line=first.line,
            column=first.column,
            end=Position(first.line, first.column + len(first.receiver.text) + len(w.name) + 1),
            symbol=symbol,
            fingerprint=fingerprint(CODE, cls.path, symbol, "write"),
            evidence=(
                class_evidence(cls, w.lineage),
                *locations([f"written at {p}:{x.line}:{x.column}" for p, x in w.writes]),
                "the write raises at run time; no automatic fix",
            ),
        )


_DC = "from dataclasses import dataclass\n\n\n"

VALID: list[Example] = []
INVALID: list[Example] = []
