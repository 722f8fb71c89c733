"""What a rule is: one module with its documentation, one check function and its examples.

A rule module defines, in ruff's shape:

- a docstring: what it does, why it matters, an example, fix safety;
- ``CODE`` (``FX201``), ``NAME`` (``compose-dockerfile-missing``), ``SEVERITY``;
- ``check(facts, options) -> Iterable[Finding]``: a pure function of the facts;
- ``VALID`` and ``INVALID``: :class:`Example` repositories the rule must pass and flag.

:func:`load` turns such a module into a :class:`Rule`. Examples are run by
``tests/test_rule_examples.py`` on real files in a temporary directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Finding, Fix, Position, Severity, fingerprint


@dataclass(frozen=True)
class Example:
    """A tiny repository: ``files`` maps paths to contents.

    ``commits``, when given, are applied in order as git commits before ``files`` is written
    on top (``None`` as a content deletes the file; ``("mv", old, new)`` is a ``git mv``),
    so rules that use history can be shown with it. For an INVALID example, ``expect`` lists
    the symbols of the findings the rule must report (exactly these); ``fixed``, when
    given, is what the changed files must read after applying every fix (unsafe included).
    """

    files: Mapping[str, str]
    expect: tuple[str, ...] = ()
    fixed: Mapping[str, str] | None = None
    commits: tuple[Mapping[str, object], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[[Facts, Options], Iterable[Finding]]
    valid: tuple[Example, ...] = field(default=())
    invalid: tuple[Example, ...] = field(default=())
    # "rules": check() finds the findings; "suppressions": the suppression stage makes them
    # (FX901, see fixer/suppress.py) and check() yields nothing.
    stage: str = "rules"

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


def load(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=getattr(module, "SEVERITY", "error"),
        doc=module.__doc__ or "",
        check=module.check,
        valid=tuple(getattr(module, "VALID", ())),
        invalid=tuple(getattr(module, "INVALID", ())),
        stage=getattr(module, "STAGE", "rules"),
    )


def report(
    code: str,
    name: str,
    severity: Severity,
    *,
    path: str,
    start: Position,
    end: Position | None,
    message: str,
    symbol: str,
    key: tuple[str, ...] = (),
    evidence: Iterable[str] = (),
    candidates: Iterable[str] = (),
    fix: Fix | None = None,
    anchor: str | None = None,
) -> Finding:
    """A finding of rule ``code`` from ``start`` to ``end`` in ``path``. Its fingerprint is
    made of the code, ``anchor`` (default: the path), the symbol and ``key``: never of a line
    number. A finding about a class anchors to the class's file, so it keeps its fingerprint
    when the line that shows it moves to another file."""
    return Finding(
        rule=code,
        name=name,
        severity=severity,
        message=message,
        path=path,
        line=start.line,
        column=start.column,
        symbol=symbol,
        fingerprint=fingerprint(code, anchor or path, symbol, *key),
        end=end,
        evidence=tuple(evidence),
        candidates=tuple(candidates),
        fix=fix,
    )


def did_you_mean(best: str | None, candidates: Sequence[str], none: str = "") -> str:
    """The end of a message: ``"; did you mean BEST?"``, else ``"; candidates: A, B"``, else
    ``none`` (what to say when there is no candidate at all)."""
    if best:
        return f"; did you mean {best}?"
    if candidates:
        return f"; candidates: {', '.join(candidates)}"
    return none
