"""Helpers for the cross-artifact rule tests: real files, real fixes through the pipeline."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from conftest import write_files

from fixer import apply
from fixer.config import Options
from fixer.facts import gather
from fixer.fixes import materialize
from fixer.model import Finding
from fixer.plan import make_plan
from fixer.workspace import discover


def run(root: Path, files: dict[str, str], rule: ModuleType, **opts: object) -> list[Finding]:
    write_files(root, files)
    facts, errors = gather(discover(root))
    assert not errors, errors
    return sorted(rule.check(facts, Options(**opts)), key=lambda f: (f.path, f.line, f.column))


def fix(root: Path, findings: list[Finding]) -> dict[str, str]:
    ws = discover(root)
    resolved, errors = materialize(findings, lambda p: ws.read(p).text)
    assert not errors, errors
    changes = apply.compute(ws, make_plan(resolved, unsafe_fixes=True))
    apply.write(ws, changes)
    return {c.path: c.after for c in changes}
