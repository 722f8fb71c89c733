"""``fixer demo``: the whole remediation workflow on the bundled incident fixture.

1. copy ``fixtures/incident-315`` to a temporary folder and make it a git repository;
2. diagnose it;
3. ``fixer apply --branch --unsafe-fixes``: the fixes, each labelled safe or unsafe, committed
   on ``fixer/<rule>-<hash>`` in a worktree (the copy's checkout is left as it was);
4. the proof: the incident's reproduction tests (unit, integration, end-to-end) run on the
   base and on the branch, and the branch re-diagnosed, as one table;
5. ``fixer pr --dry-run``: the requests and the pull request body it would open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from fixer import forge, reports, workflow
from fixer.config import Options
from fixer.errors import FixerError
from fixer.pipeline import diagnose
from fixer.rules.base import Rule

FIXTURE_ENV = "FIXER_DEMO_FIXTURE"
DEMO_TESTS = (
    "tests/unit/infrastructure/test_websocket_docker_config_failures.py",
    "tests/integration/infrastructure/test_docker_service_configuration_integration.py",
    "tests/e2e/staging/test_websocket_infrastructure_validation_staging.py",
)


def fixture_path() -> Path:
    configured = os.environ.get(FIXTURE_ENV)
    default = Path(__file__).resolve().parents[1] / "fixtures" / "incident-315"
    path = Path(configured) if configured else default
    if not path.is_dir():
        raise FixerError(f"demo fixture not found at {path} (set {FIXTURE_ENV})")
    return path


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "fixer demo",
        "GIT_AUTHOR_EMAIL": "demo@fixer.invalid",
        "GIT_COMMITTER_NAME": "fixer demo",
        "GIT_COMMITTER_EMAIL": "demo@fixer.invalid",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def run_demo(
    *,
    keep: bool = False,
    echo: Callable[[str], None] = print,
    fixture: Path | None = None,
    tests: Sequence[str] = DEMO_TESTS,
    rules: Iterable[Rule] | None = None,
    timeout: float = 300,
) -> int:
    """Run the demo; returns the exit code (0 when the repair is proven)."""
    source = fixture or fixture_path()
    work = Path(tempfile.mkdtemp(prefix="fixer-demo-"))
    repo = work / source.name
    rules = tuple(rules) if rules is not None else None
    try:
        shutil.copytree(
            source, repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".git")
        )
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"{source.name} as shipped")
        echo(f"== 1. The fixture, copied to {repo} (a fresh git repository)\n")

        options = Options(unsafe_fixes=True)
        echo("== 2. fixer diagnose")
        echo(reports.to_text(diagnose(repo, options, rules).diagnosis, unsafe_fixes=True))

        present = [t for t in tests if (repo / t.split("::")[0]).exists()]
        missing = [t for t in tests if t not in present]
        command = " ".join(present) if present else None
        echo(
            "== 3. fixer apply --branch --unsafe-fixes"
            + (f" --verify '{command}'" if command else "")
        )
        result = workflow.apply_branch(
            repo, options, command=command, timeout=timeout, rules=rules, echo=echo
        )
        if not result.branch:
            echo("nothing to fix.")
            return 1
        echo(result.diff)
        for line in result.applied:
            echo(f"  applied {line}")
        for line in result.not_applied:
            echo(f"  not applied {line}")
        for t in missing:
            echo(f"  (reproduction test not in the fixture: {t})")
        echo("")

        echo("== 4. The proof (base -> branch, each in its own worktree)")
        if result.proof is not None:
            echo(result.proof.report())
        if not result.kept:
            echo(f"Verification failed: branch {result.branch} not kept.")
            return 1
        echo(f"Branch {result.branch} kept; the checkout at {repo} is untouched.\n")

        echo("== 5. fixer pr --dry-run (the pull request it would open)")
        requests: list[str] = []
        client = forge.GitHub("example/" + source.name, dry_run=True, echo=requests.append)
        pr = workflow.open_pr(repo, client=client, dry_run=True, echo=echo)
        for line in requests:
            if line.split(" ", 1)[0] in ("GET", "POST", "PATCH"):
                echo(f"  {line}")
        echo("\n--- pull request body ---")
        echo(pr.body)
        proof = result.proof
        confirmed = proof.count("confirmed") if proof else 0
        still = proof.count("still failing") if proof else 0
        return 0 if confirmed and not still else 1
    finally:
        if keep:
            echo(f"(kept {work}, logs included)")
        else:
            echo("(the temporary copy and its logs are removed; --keep keeps them)")
            shutil.rmtree(work, ignore_errors=True)
