"""Baselines: adopt fixer on a large repository by reporting only findings that are new.

``fixer diagnose --write-baseline`` records the fingerprints of today's findings in
``.fixer-baseline.json``; later runs given that file (``--baseline PATH`` or ``baseline`` in
the configuration) hide the findings whose fingerprint is in it. Fingerprints never use line
numbers (:func:`fixer.model.fingerprint`), so edits around a known finding keep it hidden,
while a new finding of the same rule in the same file is reported. A fingerprint recorded
``n`` times hides at most ``n`` findings.

The file (version 1)::

    {"version": 1,
     "findings": [{"fingerprint", "rule", "path", "symbol", "message"}]}

Only ``fingerprint`` is read back; the other keys are there for people reviewing the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from fixer.errors import FixerError
from fixer.model import Finding

BASELINE_VERSION = 1


def dumps(findings: Iterable[Finding]) -> str:
    items = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "path": f.path,
            "symbol": f.symbol,
            "message": f.message,
        }
        for f in sorted(findings, key=lambda f: (f.path, f.rule, f.symbol, f.fingerprint))
    ]
    doc = {"version": BASELINE_VERSION, "findings": items}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, findings: Iterable[Finding]) -> int:
    text = dumps(list(findings))
    Path(path).write_text(text, encoding="utf-8")
    return len(json.loads(text)["findings"])


def load(path: Path) -> Counter[str]:
    """The fingerprints a baseline file records, with how many findings each may hide."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixerError(f"baseline file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise FixerError(f"baseline is not valid JSON: {exc.msg}", str(path), exc.lineno) from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
        raise FixerError(f"not a fixer baseline (version {BASELINE_VERSION})", str(path), 1)
    try:
        return Counter(str(item["fingerprint"]) for item in doc["findings"])
    except (KeyError, TypeError):
        raise FixerError("baseline findings must each have a fingerprint", str(path), 1) from None


def filter_new(findings: Iterable[Finding], known: Counter[str]) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were hidden."""
    left = Counter(known)
    out, hidden = [], 0
    for f in findings:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
            hidden += 1
        else:
            out.append(f)
    return out, hidden
