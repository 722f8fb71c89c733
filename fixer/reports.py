"""Stage 7, reports: findings and errors as text for people and JSON for scripts.

The JSON shape is version 1 and stable (documented in ``docs/json-schema.md``)::

    {"version": 1,
     "findings": [{"rule", "name", "severity", "message", "path", "line", "column",
                   "symbol", "fingerprint", "evidence", "candidates",
                   "fix": null | {"safety", "description",
                                  "edits": [{"path", "start": [line, col],
                                             "end": [line, col], "replacement"}]}}],
     "errors": [{"path", "line", "message"}]}

Lines and columns are 1-based; paths are relative to the scanned root, with ``/``.
Keys may be added in version 1 (``evidence`` and ``candidates`` were); none is removed.
"""

from __future__ import annotations

import json
from collections import Counter

from fixer.model import Diagnosis, Finding, Fix

JSON_VERSION = 1


def to_json(diagnosis: Diagnosis) -> str:
    doc = {
        "version": JSON_VERSION,
        "findings": [_finding_json(f) for f in diagnosis.findings],
        "errors": [
            {"path": e.path, "line": e.line, "message": e.message} for e in diagnosis.errors
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _finding_json(f: Finding) -> dict[str, object]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "symbol": f.symbol,
        "fingerprint": f.fingerprint,
        "evidence": list(f.evidence),
        "candidates": list(f.candidates),
        "fix": _fix_json(f.fix),
    }


def _fix_json(fix: Fix | None) -> dict[str, object] | None:
    if fix is None:
        return None
    return {
        "safety": fix.safety,
        "description": fix.description,
        "edits": [
            {
                "path": e.path,
                "start": [e.start.line, e.start.column],
                "end": [e.end.line, e.end.column],
                "replacement": e.replacement,
            }
            for e in fix.edits
        ],
    }


def to_text(diagnosis: Diagnosis, *, unsafe_fixes: bool = False) -> str:
    lines: list[str] = []
    for f in diagnosis.findings:
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.name}] {f.message}")
        for item in f.evidence:
            lines.append(f"    evidence: {item}")
        if f.candidates and (f.fix is None):
            lines.append(f"    candidates: {', '.join(f.candidates)}")
        if f.fix is not None:
            lines.append(f"    fix ({f.fix.safety}): {f.fix.description}")
        else:
            lines.append("    fix: none (not mechanically unambiguous)")
    for e in diagnosis.errors:
        lines.append(f"error: {e}")
    lines.append(summary(diagnosis, unsafe_fixes=unsafe_fixes))
    return "\n".join(lines) + "\n"


def summary(diagnosis: Diagnosis, *, unsafe_fixes: bool = False) -> str:
    findings = diagnosis.findings
    if not findings and not diagnosis.errors:
        return "No drift found."
    safety = Counter(f.fix.safety for f in findings if f.fix is not None)
    by_rule = Counter(f.rule for f in findings)
    rules = ", ".join(f"{code} x{n}" for code, n in sorted(by_rule.items()))
    parts = [f"Found {len(findings)} finding(s)" + (f" ({rules})" if rules else "")]
    if safety["safe"]:
        parts.append(f"{safety['safe']} fixable with `fixer apply`")
    if safety["unsafe"]:
        hint = "" if unsafe_fixes else " (hidden: add --unsafe-fixes)"
        parts.append(f"{safety['unsafe']} with unsafe fixes{hint}")
    if diagnosis.errors:
        n = len({e.path for e in diagnosis.errors})
        parts.append(f"{n} file(s) with input errors (see the error lines)")
    return "; ".join(parts) + "."
