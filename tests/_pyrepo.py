"""Helpers for the Python-rule tests: build an Example repository, run a rule, apply fixes.

Git and file helpers come from conftest (``git`` is re-exported for the tests)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from conftest import git, make_repo, write_files

from codemods.add_fields import CODEMODS as ADD_FIELDS
from codemods.replace_string import CODEMODS as REPLACE_STRING
from fixer.config import Options
from fixer.facts import gather
from fixer.model import Finding, Fix
from fixer.rules.base import Example
from fixer.workspace import discover

__all__ = ["apply", "build", "check_example", "git", "run", "write"]

CODEMODS = {**ADD_FIELDS, **REPLACE_STRING}
write = write_files  # the name the Python-rule tests use


def build(root: Path, example: Example) -> Path:
    if example.commits:
        make_repo(root, list(example.commits))
    write_files(root, dict(example.files))
    return root


def run(rule: ModuleType, root: Path) -> list[Finding]:
    facts, _errors = gather(discover(root))
    return list(rule.check(facts, Options(unsafe_fixes=True)))


def apply(root: Path, findings: list[Finding]) -> dict[str, str]:
    """Apply every distinct fix's codemods, in order; return the changed files' new text."""
    seen: list[Fix] = []
    for f in findings:
        if f.fix is not None and f.fix not in seen:
            seen.append(f.fix)
    changed: dict[str, str] = {}
    for fix in seen:
        for call in fix.codemods:
            path = root / call.path
            text = changed.get(call.path, path.read_text(encoding="utf-8"))
            changed[call.path] = CODEMODS[call.codemod](text, **dict(call.args))
    return changed


def check_example(rule: ModuleType, example: Example, root: Path, valid: bool) -> None:
    build(root, example)
    findings = run(rule, root)
    got = sorted(f.symbol for f in findings)
    if valid:
        assert got == [], f"{example.note}: unexpected {[f.message for f in findings]}"
        return
    assert got == sorted(example.expect), f"{example.note}: {[f.message for f in findings]}"
    if example.fixed is not None:
        changed = apply(root, findings)
        for rel, text in example.fixed.items():
            assert changed.get(rel) == text, f"{example.note}: {rel}:\n{changed.get(rel)}"
