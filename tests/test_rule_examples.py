"""Every rule's own VALID and INVALID examples, run on real files (and real git history)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pyrepo import build

from fixer import apply
from fixer.config import Options
from fixer.facts import gather
from fixer.fixes import materialize
from fixer.pipeline import diagnose
from fixer.plan import make_plan
from fixer.rules import all_rules
from fixer.rules.base import Example, Rule
from fixer.workspace import discover

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for i, example in enumerate(examples)
]


def test_every_rule_has_examples_and_docs() -> None:
    rules = all_rules()
    assert rules, "no rules registered"
    for rule in rules:
        assert rule.valid and rule.invalid, f"{rule.code} needs VALID and INVALID examples"
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in rule.doc, f"{rule.code} docstring lacks {section!r}"


@pytest.mark.parametrize("prefilter", [False, True], ids=["parse-all", "prefilter"])
@pytest.mark.parametrize(("rule", "kind", "example"), CASES)
def test_rule_example(
    tmp_path: Path, rule: Rule, kind: str, example: Example, prefilter: bool
) -> None:
    """Each example twice: every file parsed, and with the byte prefilter forced on (it is
    only on by default on large trees), which must not change a single finding."""
    build(tmp_path, example)
    workspace = discover(tmp_path)
    options = Options(unsafe_fixes=True)
    if rule.stage == "suppressions":  # FX901: made by the suppression stage, after all rules
        run = diagnose(tmp_path, options)
        findings = [f for f in run.diagnosis.findings if f.rule == rule.code]
    else:
        facts, _ = gather(workspace, prefilter=prefilter, use_cache=False)
        findings = [f for f in rule.check(facts, options) if f.rule == rule.code]
    symbols = sorted(f.symbol for f in findings)
    if kind == "valid":
        assert symbols == [], f"{rule.code} flagged a VALID example: {findings}"
        return
    assert symbols == sorted(example.expect), f"{rule.code}: {findings}"
    if example.fixed is None and rule.code.startswith("FX2"):
        # the compose rules' examples list the fixed files whenever a fix is offered
        assert all(f.fix is None for f in findings), [f.fix for f in findings]
    if example.fixed is not None:
        resolved, errors = materialize(findings, lambda p: workspace.read(p).text)
        assert not errors
        changes = apply.compute(workspace, make_plan(resolved, unsafe_fixes=True))
        apply.write(workspace, changes)
        for path, expected in example.fixed.items():
            assert (tmp_path / path).read_text(encoding="utf-8") == expected
