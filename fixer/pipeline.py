"""The stages joined: files -> facts -> findings -> suppressions -> fixes -> plan -> changes.

Each function here only calls the stage modules in order and passes their plain data on;
the CLI, the demo, the verifier and the pytest plugin all go through these two calls.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from fixer import apply, baseline, diffbase, fixes, runcache, suppress
from fixer import rules as rules_stage
from fixer.config import Options
from fixer.errors import FixerError
from fixer.facts import Facts, Progress, gather
from fixer.model import NEWER_PYTHON, Diagnosis, FileError, Skipped
from fixer.plan import Plan, make_plan
from fixer.rules.base import Rule
from fixer.workspace import Workspace, discover


@dataclass(frozen=True)
class Run:
    """Everything one diagnosis produced, for reports and for the apply stage."""

    workspace: Workspace
    facts: Facts | None  # None when the diagnosis came whole from the run cache
    diagnosis: Diagnosis
    suppressed: int = 0  # findings hidden by ``# fixer: ignore`` comments
    baselined: int = 0  # findings hidden by the baseline file


def diagnose(
    root: Path,
    options: Options,
    rules: Iterable[Rule] | None = None,
    *,
    use_baseline: bool = True,
    diff_base: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Run:
    """Diagnose ``root``. ``rules`` defaults to every registered rule (tests inject
    their own); ``use_baseline=False`` ignores ``options.baseline`` (to write a new one).

    With ``use_cache``, facts come from ``.fixer_cache/`` for unchanged files, and with the
    default rules an unchanged tree gets its last diagnosis back whole (:mod:`fixer.runcache`).
    """
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # git diff while listing files
        diff = thread.submit(diffbase.changed_files, Path(root), diff_base) if diff_base else None
        workspace = discover(root, options.extend_exclude)
        changed = diff.result() if diff is not None else None
    baseline_path = None
    if use_baseline and options.baseline is not None:
        baseline_path = Path(options.baseline)
        baseline_path = baseline_path if baseline_path.is_absolute() else Path(root) / baseline_path
    run_key = None
    if use_cache and rules is None:
        run_key = runcache.key(workspace, options, changed, baseline_path)
        cached = runcache.load(workspace.root, run_key) if run_key is not None else None
        if cached is not None:
            return Run(workspace, None, cached.diagnosis, cached.suppressed, cached.baselined)
    facts, read_errors = gather(workspace, use_cache=use_cache, progress=progress)
    file_errors = [*read_errors, *input_warnings(facts)]
    skipped = with_declared_python(facts.skipped, workspace)
    chosen = tuple(rules) if rules is not None else rules_stage.all_rules()
    found = [
        f for f in rules_stage.run(facts, options, chosen) if options.enabled_for(f.rule, f.path)
    ]
    known = frozenset(r.code for r in chosen) | {suppress.UNUSED_CODE}
    outcome = suppress.stage(
        found, facts.commented, lambda p: workspace.read(p).text, options, known
    )
    found, silenced = outcome.kept + outcome.unused, outcome.suppressed
    if changed is not None:  # facts and suppressions from the whole tree; report what the
        found = list(diffbase.select(found, changed))  # change touches
        silenced = list(diffbase.select(silenced, changed))
        file_errors = [e for e in file_errors if e.path in changed]
        skipped = [s for s in skipped if s.path in changed]
    found.sort(key=lambda f: (f.path, f.line, f.column, f.rule, f.symbol))
    found, fix_errors = fixes.materialize(found, lambda p: workspace.read(p).text)
    hidden = 0
    if baseline_path is not None:
        found, hidden = baseline.filter_new(found, baseline.load(baseline_path))
    errors = file_errors + [FileError(e.path or "", e.line or 1, e.message) for e in fix_errors]
    errors.sort(key=lambda e: (e.path, e.line, e.message))
    diagnosis = Diagnosis(tuple(found), tuple(errors), tuple(skipped))
    if run_key is not None:
        cached = runcache.Cached(diagnosis, len(silenced), hidden)
        runcache.store(workspace.root, run_key, cached)
    return Run(workspace, facts, diagnosis, len(silenced), hidden)


def plan_changes(run: Run, options: Options) -> tuple[Plan, list[apply.Change]]:
    """The plan for a diagnosis and the new file contents it leads to (nothing written)."""
    blocked = {
        path: "symlinked file: not written through (fix the file it points to)"
        for path in {e.path for f in run.diagnosis.findings if f.fix for e in f.fix.edits}
        if run.workspace.symlinked(path)
    }
    plan = make_plan(run.diagnosis.findings, unsafe_fixes=options.unsafe_fixes, blocked=blocked)
    return plan, apply.compute(run.workspace, plan)


def with_declared_python(skipped: Sequence[Skipped], workspace: Workspace) -> list[Skipped]:
    """``skipped`` with what the project declares next to each file that needs a newer
    Python (its ``requires-python`` or the like: :mod:`fixer.facts.python_requires`)."""
    from fixer.facts.python_requires import Lookup

    if not any(item.reason == NEWER_PYTHON for item in skipped):
        return sorted(skipped, key=lambda s: (s.path, s.line))
    lookup = Lookup(frozenset(workspace.files), lambda p: _text_or_none(workspace, p))
    out = []
    for item in skipped:
        declared = lookup.for_file(item.path) if item.reason == NEWER_PYTHON else None
        if declared is not None:
            item = replace(item, requires=declared.spec, declared_in=declared.where)
        out.append(item)
    return sorted(out, key=lambda s: (s.path, s.line))


def _text_or_none(workspace: Workspace, path: str) -> str | None:
    try:
        return workspace.read(path).text
    except FixerError:
        return None


def input_warnings(facts: Facts) -> list[FileError]:
    """Input that parsed but that its reader would refuse: duplicate keys, an empty compose file.

    The file's facts are kept (the rest of it is still diagnosed); the user gets one line each.
    Duplicate keys in a compose file are FX206's findings instead (said once, not twice).
    """
    from fixer.facts.compose import is_compose_name

    out: list[FileError] = []
    for path, doc in sorted(facts.yaml.items()):
        for dup in doc.duplicates if doc.compose is None else ():
            where = "at the top level" if dup.mapping == "<root>" else f"in {dup.mapping}"
            out.append(
                FileError(
                    path,
                    dup.second.line,
                    f"duplicate key {dup.key!r} {where} (first at line {dup.first.line})",
                )
            )
        if doc.documents == 0 and is_compose_name(path):
            out.append(FileError(path, 1, "empty compose file: no services"))
    return out
