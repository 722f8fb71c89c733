"""Stage 3, findings: every rule, one module each (``fxNNN_name.py``), run over the facts.

Rules are found by their module names, so adding a rule is adding one file.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable

from fixer.config import Options
from fixer.facts import Facts
from fixer.gcpause import cyclic_gc_paused
from fixer.model import Finding
from fixer.rules.base import Rule, load


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("fx"):
            found.append(load(importlib.import_module(f"{__name__}.{info.name}")))
    return tuple(sorted(found, key=lambda r: r.code))


def get(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    for rule in all_rules():
        if key.upper() == rule.code or key == rule.name:
            return rule
    return None


@cyclic_gc_paused()
def run(facts: Facts, options: Options, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run the enabled rules; findings sorted by path, line, column, rule."""
    out: list[Finding] = []
    for rule in rules if rules is not None else all_rules():
        if getattr(rule, "stage", "rules") == "rules" and options.enabled(rule.code):
            out.extend(rule.check(facts, options))
    return sorted(out, key=lambda f: (f.path, f.line, f.column, f.rule, f.symbol))
