"""The stages joined: files -> facts -> findings -> fixes -> plan -> changes.

Each function here only calls the stage modules in order and passes their plain data on;
the CLI, the demo, the verifier and the pytest plugin all go through these two calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fixer import apply, diffbase, fixes, rules
from fixer.config import Options
from fixer.facts import Facts, Progress, gather
from fixer.model import Diagnosis, FileError
from fixer.plan import Plan, make_plan
from fixer.workspace import Workspace, discover


@dataclass(frozen=True)
class Run:
    """Everything one diagnosis produced, for reports and for the apply stage."""

    workspace: Workspace
    facts: Facts
    diagnosis: Diagnosis


def diagnose(
    root: Path,
    options: Options,
    *,
    diff_base: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Run:
    """Findings for the tree at ``root``; with ``diff_base``, only those touching changed files
    (facts still come from the whole tree, see :mod:`fixer.diffbase`)."""
    workspace = discover(root)
    changed = diffbase.changed_files(workspace.root, diff_base) if diff_base else None
    facts, file_errors = gather(workspace, use_cache=use_cache, progress=progress)
    found = rules.run(facts, options)
    if changed is not None:
        found = list(diffbase.select(found, changed))
        file_errors = tuple(e for e in file_errors if e.path in changed)
    found, fix_errors = fixes.materialize(found, lambda p: workspace.read(p).text)
    errors = list(file_errors) + [FileError(e.path or "", e.line or 1, e.message) for e in fix_errors]
    return Run(workspace, facts, Diagnosis(tuple(found), tuple(errors)))


def plan_changes(run: Run, options: Options) -> tuple[Plan, list[apply.Change]]:
    """The plan for a diagnosis and the new file contents it leads to (nothing written)."""
    plan = make_plan(run.diagnosis.findings, unsafe_fixes=options.unsafe_fixes)
    return plan, apply.compute(run.workspace, plan)
