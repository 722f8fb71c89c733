"""Every compose rule's VALID/INVALID examples, on real files (and real git history)."""

from __future__ import annotations

import pytest
from compose_helpers import apply_fixes, make_repo, run_rule

from fixer.rules import all_rules

RULES = [r for r in all_rules() if r.code.startswith("FX2")]
CASES = [(r, "valid", i, ex) for r in RULES for i, ex in enumerate(r.valid)] + [
    (r, "invalid", i, ex) for r in RULES for i, ex in enumerate(r.invalid)
]


@pytest.mark.parametrize(
    ("rule", "kind", "i", "example"),
    CASES,
    ids=[f"{r.code}-{k}-{i}" for r, k, i, _ in CASES],
)
def test_example(tmp_path, rule, kind, i, example) -> None:
    make_repo(tmp_path, example)
    _facts, findings = run_rule(tmp_path, rule)
    symbols = sorted(f.symbol for f in findings)
    if kind == "valid":
        assert findings == [], [f.message for f in findings]
        return
    assert symbols == sorted(example.expect), [f.message for f in findings]
    if example.fixed is not None:
        apply_fixes(tmp_path, findings)
        for path, content in example.fixed.items():
            assert (tmp_path / path).read_text(encoding="utf-8") == content
    else:
        assert all(f.fix is None for f in findings), [f.fix for f in findings]
