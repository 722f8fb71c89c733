"""The stages joined: files -> facts -> findings -> suppressions -> fixes -> plan -> changes.

Each function here only calls the stage modules in order and passes their plain data on;
the CLI, the demo, the verifier and the pytest plugin all go through these two calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fixer import apply, baseline, fixes, suppress
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
    suppressed: int = 0  # findings hidden by ``# fixer: ignore`` comments
    baselined: int = 0  # findings hidden by the baseline file


def diagnose(
    root: Path,
    options: Options,
    rules: Iterable[Rule] | None = None,
    *,
    use_baseline: bool = True,
) -> Run:
    """Diagnose ``root``. ``rules`` defaults to every registered rule (tests inject
    their own); ``use_baseline=False`` ignores ``options.baseline`` (to write a new one)."""
    workspace = discover(root, options.extend_exclude)
    facts, file_errors = gather(workspace)
    chosen = tuple(rules) if rules is not None else rules_stage.all_rules()
    found = [
        f for f in rules_stage.run(facts, options, chosen) if options.enabled_for(f.rule, f.path)
    ]
    known = frozenset(r.code for r in chosen) | {suppress.UNUSED_CODE}
    outcome = suppress.stage(
        found, workspace.files, lambda p: workspace.read(p).text, options, known
    )
    found = sorted(
        outcome.kept + outcome.unused, key=lambda f: (f.path, f.line, f.column, f.rule, f.symbol)
    )
    found, fix_errors = fixes.materialize(found, lambda p: workspace.read(p).text)
    hidden = 0
    if use_baseline and options.baseline is not None:
        path = Path(options.baseline)
        found, hidden = baseline.filter_new(
            found, baseline.load(path if path.is_absolute() else Path(root) / path)
        )
    errors = list(file_errors) + [
        FileError(e.path or "", e.line or 1, e.message) for e in fix_errors
    ]
    return Run(
        workspace,
        facts,
        Diagnosis(tuple(found), tuple(errors)),
        suppressed=len(outcome.suppressed),
        baselined=hidden,
    )


def plan_changes(run: Run, options: Options) -> tuple[Plan, list[apply.Change]]:
    """The plan for a diagnosis and the new file contents it leads to (nothing written)."""
    plan = make_plan(run.diagnosis.findings, unsafe_fixes=options.unsafe_fixes)
    return plan, apply.compute(run.workspace, plan)
