"""The stages joined: files -> facts -> findings -> fixes -> plan -> changes.

Each function here only calls the stage modules in order and passes their plain data on;
the CLI, the demo, the verifier and the pytest plugin all go through these two calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fixer import apply, fixes
from fixer import rules as rules_stage
from fixer.config import Options
from fixer.facts import Facts, gather
from fixer.model import Diagnosis, FileError
from fixer.plan import Plan, make_plan
from fixer.rules.base import Rule
from fixer.workspace import Workspace, discover


@dataclass(frozen=True)
class Run:
    """Everything one diagnosis produced, for reports and for the apply stage."""

    workspace: Workspace
    facts: Facts
    diagnosis: Diagnosis


def diagnose(root: Path, options: Options, rules: Iterable[Rule] | None = None) -> Run:
    """Diagnose ``root`` with every registered rule, or with ``rules`` when given."""
    workspace = discover(root)
    facts, file_errors = gather(workspace)
    found = rules_stage.run(facts, options, rules)
    found, fix_errors = fixes.materialize(found, lambda p: workspace.read(p).text)
    errors = list(file_errors) + [
        FileError(e.path or "", e.line or 1, e.message) for e in fix_errors
    ]
    return Run(workspace, facts, Diagnosis(tuple(found), tuple(errors)))


def plan_changes(run: Run, options: Options) -> tuple[Plan, list[apply.Change]]:
    """The plan for a diagnosis and the new file contents it leads to (nothing written)."""
    plan = make_plan(run.diagnosis.findings, unsafe_fixes=options.unsafe_fixes)
    return plan, apply.compute(run.workspace, plan)
