"""SARIF 2.1.0 output (``fixer diagnose --format sarif``), for GitHub code scanning and others.

One run, with the tool's rules as ``reportingDescriptor`` values (summary, the full
documentation as markdown help, a ``helpUri`` into ``docs/rules.md``), one result per finding
(the fingerprint as ``partialFingerprints["fixer/v1"]``, evidence and candidates as
properties) and each fix as a SARIF ``fix`` whose ``artifactChanges`` carry the edits.
Columns are code points (``columnKind: unicodeCodePoints``), as everywhere in fixer; paths
are relative to ``%SRCROOT%``, the scanned root. Unreadable inputs are tool notifications.
``tests/test_formats.py`` validates the output against the official schema.
See ``docs/decisions/052-sarif-and-formats.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from fixer import __version__, rules
from fixer.model import Diagnosis, Edit, Finding, Fix
from fixer.rules.base import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Where the rule documentation is published; the lead sets the project's real address.
DOCS_URL = "https://github.com/fixer-dev/fixer/blob/main/docs/rules.md"
FINGERPRINT_KEY = "fixer/v1"


def help_uri(rule_code: str, rule_name: str) -> str:
    return f"{DOCS_URL}#{rule_code.lower()}-{rule_name}"


def to_sarif(diagnosis: Diagnosis, known: Iterable[Rule] | None = None) -> str:
    descriptors = _descriptors(diagnosis.findings, rules.all_rules() if known is None else known)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    run = {
        "tool": {
            "driver": {
                "name": "fixer",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": DOCS_URL.rsplit("/docs/", 1)[0],
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": e.message},
                        "locations": [_location(e.path, e.line, 1, None, None)],
                    }
                    for e in diagnosis.errors
                ],
            }
        ],
        "results": [_result(f, index[f.rule]) for f in diagnosis.findings],
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _descriptors(findings: Iterable[Finding], known: Iterable[Rule]) -> list[dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for rule in known:
        out[rule.code] = {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc.strip() or rule.summary},
            "help": {
                "text": rule.doc.strip() or rule.summary,
                "markdown": rule.doc.strip() or rule.summary,
            },
            "helpUri": help_uri(rule.code, rule.name),
            "defaultConfiguration": {"level": _level(rule.severity)},
        }
    for f in findings:  # a finding of a rule outside the registry (tests, plugins)
        out.setdefault(
            f.rule,
            {
                "id": f.rule,
                "name": f.name,
                "shortDescription": {"text": f.name},
                "helpUri": help_uri(f.rule, f.name),
                "defaultConfiguration": {"level": _level(f.severity)},
            },
        )
    return [out[k] for k in sorted(out)]


def _level(severity: str) -> str:
    return "error" if severity == "error" else "warning"


def _location(
    path: str, line: int, column: int, end_line: int | None, end_col: int | None
) -> dict[str, object]:
    region: dict[str, int] = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end_line is not None and end_col is not None:
        region["endLine"] = end_line
        region["endColumn"] = end_col
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


def _result(f: Finding, rule_index: int) -> dict[str, object]:
    end_line, end_col = (f.end.line, f.end.column) if f.end is not None else (None, None)
    result: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _level(f.severity),
        "message": {"text": f.message},
        "locations": [_location(f.path, f.line, f.column, end_line, end_col)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "name": f.name,
            "symbol": f.symbol,
            "evidence": list(f.evidence),
            "candidates": list(f.candidates),
        },
    }
    if f.fix is not None:
        result["fixes"] = [_fix(f.fix)]
        result["properties"]["fixSafety"] = f.fix.safety  # type: ignore[index]
    return result


def _fix(fix: Fix) -> dict[str, object]:
    by_path: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    return {
        "description": {"text": f"{fix.description} ({fix.safety} fix)"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": e.start.line,
                            "startColumn": e.start.column,
                            "endLine": e.end.line,
                            "endColumn": e.end.column,
                        },
                        "insertedContent": {"text": e.replacement},
                    }
                    for e in sorted(edits, key=lambda e: (e.start, e.end))
                ],
            }
            for path, edits in sorted(by_path.items())
        ],
        "properties": {"safety": fix.safety},
    }
