"""``fixer demo``: the whole job on the bundled incident fixture, printed step by step.

1. copy ``fixtures/incident-315`` to a temporary folder and make it a git repository;
2. run its reproduction tests (they fail: that is the incident);
3. diagnose;
4. apply every fix, unsafe ones included and labelled as such, and show the diff;
5. run the tests again and print the proof table (failed -> passed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from fixer import apply, reports, verify
from fixer.config import Options
from fixer.errors import FixerError
from fixer.pipeline import diagnose, plan_changes

FIXTURE_ENV = "FIXER_DEMO_FIXTURE"


def fixture_path() -> Path:
    configured = os.environ.get(FIXTURE_ENV)
    path = Path(configured) if configured else Path(__file__).resolve().parents[1] / "fixtures" / "incident-315"
    if not path.is_dir():
        raise FixerError(f"demo fixture not found at {path} (set {FIXTURE_ENV})")
    return path


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "fixer demo", "GIT_AUTHOR_EMAIL": "demo@fixer.invalid",
           "GIT_COMMITTER_NAME": "fixer demo", "GIT_COMMITTER_EMAIL": "demo@fixer.invalid"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def run_demo(*, keep: bool = False, echo: Callable[[str], None] = print) -> int:
    """Run the demo; returns the exit code (0 when the repair is proven)."""
    work = Path(tempfile.mkdtemp(prefix="fixer-demo-"))
    repo = work / "incident-315"
    try:
        shutil.copytree(fixture_path(), repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "incident-315 as shipped")
        echo(f"== 1. The incident fixture, copied to {repo} (a fresh git repository)\n")

        echo("== 2. Reproduction tests before the fix")
        before = verify.run_pytest(repo, [], work / "logs" / "before.log")
        echo(_counts(before) + f"   (log: {before.log})\n")

        options = Options(unsafe_fixes=True)
        run = diagnose(repo, options)
        echo("== 3. fixer diagnose")
        echo(reports.to_text(run.diagnosis, unsafe_fixes=True))

        plan, changes = plan_changes(run, options)
        echo("== 4. fixer apply --unsafe-fixes (the diff)")
        echo(apply.unified_diff(changes))
        for planned in plan.fixes:
            codes = ", ".join(sorted({f.rule for f in planned.findings}))
            echo(f"  applied [{planned.fix.safety}] {codes}: {planned.fix.description}")
        for skipped in plan.skipped:
            echo(f"  not applied {skipped.finding.rule} {skipped.finding.path}: {skipped.reason}")
        left = [f for f in run.diagnosis.findings if f.fix is None]
        for f in left:
            echo(f"  reported, not fixed: {f.rule} {f.path}:{f.line} {f.message}")
        apply.write(run.workspace, changes)
        echo("")

        echo("== 5. Reproduction tests after the fix")
        after = verify.run_pytest(repo, [], work / "logs" / "after.log")
        echo(_counts(after) + f"   (log: {after.log})\n")
        rows = verify.compare(before, after)
        echo(verify.table(rows))
        confirmed = sum(r.verdict == "confirmed" for r in rows)
        regressions = sum(r.verdict == "regression" for r in rows)
        still = sum(r.verdict == "still failing" for r in rows)
        echo(f"{confirmed} confirmed (failed -> passed), {still} still failing, "
             f"{regressions} regression(s).")
        return 0 if confirmed and not regressions and not still else 1
    finally:
        if keep:
            echo(f"(kept {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _counts(run: verify.TestRun) -> str:
    return (f"{run.count('passed')} passed, {run.count('failed') + run.count('error')} failed, "
            f"{run.count('skipped')} skipped")
