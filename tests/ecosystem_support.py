"""Test-only rules and helpers for the ecosystem tests (formats, config, suppressions, plugin).

The real rules live elsewhere; these tiny rules report what the test tells them to, from
the facts they are given (they never read files either).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pytest

import fixer.facts
from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Edit, Finding, Fix, Position, fingerprint
from fixer.rules.base import Example, Rule


@dataclass(frozen=True)
class Target:
    path: str
    line: int
    column: int = 1
    symbol: str = "x"
    end_column: int | None = None
    candidates: tuple[str, ...] = ()
    fix: Fix | None = None


def make_rule(
    code: str, targets: Sequence[Target], name: str = "test-marker", severity: str = "error"
) -> Rule:
    """A rule reporting each target whose file exists in the facts."""

    def check(facts: Facts, options: Options) -> Iterable[Finding]:
        for t in targets:
            if t.path in facts.files:
                yield Finding(
                    rule=code,
                    name=name,
                    severity=severity,  # type: ignore[arg-type]
                    message=f"{t.symbol} drifted",
                    path=t.path,
                    line=t.line,
                    column=t.column,
                    symbol=t.symbol,
                    fingerprint=fingerprint(code, t.path, t.symbol),
                    end=Position(t.line, t.end_column) if t.end_column else None,
                    evidence=("seen by the test rule",),
                    candidates=t.candidates,
                    fix=t.fix,
                )

    doc = (
        f"Test rule {code}.\n\n## What it does\nx\n\n## Why is this bad?\nx\n\n"
        "## Example\nx\n\n## Fix safety\nx\n"
    )
    return Rule(
        code=code,
        name=name,
        severity=severity,
        doc=doc,
        check=check,  # type: ignore[arg-type]
        valid=(Example(files={}),),
        invalid=(Example(files={}),),
    )


def replace_fix(path: str, line: int, col: int, end: int, text: str, safety: str = "safe") -> Fix:
    return Fix(
        f"replace with {text}",
        safety,  # type: ignore[arg-type]
        (Edit(path, Position(line, col), Position(line, end), text),),
    )


@pytest.fixture
def tolerant_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let gather() skip file kinds whose extractor is not in this branch yet."""
    real = fixer.facts.extract

    def extract(kind: str, path: str, text: str) -> object:
        try:
            return real(kind, path, text)
        except ImportError:
            return None

    monkeypatch.setattr(fixer.facts, "extract", extract)
