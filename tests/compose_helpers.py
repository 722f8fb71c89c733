"""Test helpers for the compose rules: run one rule, apply its YAML edits.

Example repositories come from ``_pyrepo.build`` and git from conftest."""

from __future__ import annotations

from pathlib import Path

from _pyrepo import build as make_repo
from conftest import git

from codemods.yaml_edit import apply_edits
from fixer.config import Options
from fixer.facts import Facts, gather
from fixer.model import Finding
from fixer.rules.base import Rule
from fixer.workspace import discover

__all__ = ["apply_fixes", "git", "make_repo", "run_rule"]


def run_rule(root: Path, rule: Rule, unsafe: bool = True) -> tuple[Facts, list[Finding]]:
    facts, _errors = gather(discover(root))
    return facts, list(rule.check(facts, Options(unsafe_fixes=unsafe)))


def apply_fixes(root: Path, findings: list[Finding]) -> dict[str, str]:
    """Apply every fix's edits (deduplicated) per file; returns the new texts."""
    by_path: dict[str, set] = {}
    for f in findings:
        if f.fix is None:
            continue
        for e in f.fix.edits:
            by_path.setdefault(e.path, set()).add(e)
    out = {}
    for path, edits in by_path.items():
        target = root / path
        raw = target.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        new = apply_edits(text, sorted(edits, key=lambda e: e.start), path)
        target.write_bytes((("\ufeff" if bom else "") + new).encode("utf-8"))
        out[path] = new
    return out
