"""Stage 4, plan: choose which fixes to apply, so that no two of them touch the same text.

A fix is atomic: all of its edits or none. Fixes are taken safe first, then in report
order; a fix whose edits overlap an edit already taken is left out and reported as such
(it will be offered again on the next run, against the patched text). The same fix
attached to several findings (one fix adding three fields to one class) is planned once,
and an edit identical to one already taken (one value under a YAML anchor that several
findings repair) is not a conflict: it is applied once.
Unsafe fixes are planned only when asked for (``--unsafe-fixes``). A fix that edits a file
fixer must not write (``blocked``: a symlinked file) is left out with the reason
(docs/decisions/070-bad-input-and-unwritable-files.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fixer.model import Edit, Finding, Fix


@dataclass(frozen=True)
class PlannedFix:
    fix: Fix
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Skipped:
    finding: Finding
    reason: str


@dataclass(frozen=True)
class Plan:
    fixes: tuple[PlannedFix, ...]
    skipped: tuple[Skipped, ...]

    def edits_by_path(self) -> dict[str, list[Edit]]:
        """Edits per file, sorted from the start of the file to its end."""
        out: dict[str, list[Edit]] = {}
        for planned in self.fixes:
            for edit in planned.fix.edits:
                out.setdefault(edit.path, []).append(edit)
        # an edit shared by two fixes (a value under one YAML anchor) is applied once
        return {
            path: sorted(set(edits), key=lambda e: (e.start, e.end))
            for path, edits in sorted(out.items())
        }

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for p in self.fixes for f in p.findings)


def make_plan(
    findings: Iterable[Finding],
    *,
    unsafe_fixes: bool = False,
    blocked: Mapping[str, str] | None = None,
) -> Plan:
    """Choose the fixes to apply; ``blocked`` maps a path fixer must not write to the reason."""
    blocked = blocked or {}
    grouped: dict[Fix, list[Finding]] = {}
    skipped: list[Skipped] = []
    for finding in findings:
        fix = finding.fix
        if fix is None:
            continue
        if fix.codemods:
            raise ValueError("plan needs materialized fixes (see fixer.fixes)")
        if not fix.edits:
            skipped.append(Skipped(finding, "fix has no edits"))
        elif refused := next((blocked[e.path] for e in fix.edits if e.path in blocked), None):
            skipped.append(Skipped(finding, refused))
        elif fix.safety == "unsafe" and not unsafe_fixes:
            skipped.append(Skipped(finding, "unsafe fix (use --unsafe-fixes)"))
        else:
            grouped.setdefault(fix, []).append(finding)

    order = sorted(grouped, key=lambda f: (f.safety != "safe", _first(grouped[f])))
    taken: list[Edit] = []
    planned: list[PlannedFix] = []
    for fix in order:
        if any(_overlap(a, b) for a in fix.edits for b in taken if a != b):
            skipped.extend(Skipped(f, "overlaps another fix; run again") for f in grouped[fix])
            continue
        taken.extend(fix.edits)
        planned.append(PlannedFix(fix, tuple(grouped[fix])))
    return Plan(tuple(planned), tuple(skipped))


def _first(findings: list[Finding]) -> tuple[str, int, int, str]:
    f = min(findings, key=lambda x: (x.path, x.line, x.column, x.rule))
    return (f.path, f.line, f.column, f.rule)


def _overlap(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their spans intersect, or both insert at one point."""
    if a.path != b.path:
        return False
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end or (a.start == b.start)
