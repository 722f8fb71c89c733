"""Stage 6, verification: run the reproduction tests before and after, and compare.

Tests run with pytest in a subprocess (the tree under test is another project, with its
own imports), writing JUnit XML, which is read back into one outcome per test id. Output
goes to a log file whose path is reported; each run has a time limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fixer.errors import FixerError

Outcome = str  # "passed" | "failed" | "skipped" | "error" | "missing"


@dataclass(frozen=True)
class TestRun:
    outcomes: Mapping[str, Outcome]
    returncode: int
    log: Path

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)


@dataclass(frozen=True)
class Row:
    test: str
    before: Outcome
    after: Outcome

    @property
    def verdict(self) -> str:
        bad = ("failed", "error")
        if self.before in bad and self.after == "passed":
            return "confirmed"
        if self.before == "passed" and self.after in bad:
            return "regression"
        if self.before in bad and self.after in bad:
            return "still failing"
        return "unchanged"


def run_pytest(
    root: Path,
    targets: Sequence[str],
    log: Path,
    *,
    timeout: float = 600,
    env: Mapping[str, str] | None = None,
) -> TestRun:
    """Run ``python -m pytest TARGETS`` in ``root``; outcomes by test id from JUnit XML."""
    junit = log.with_suffix(".xml")
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
           f"--junitxml={junit}", *targets]
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    full_env.pop("PYTEST_ADDOPTS", None)
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        with log.open("wb") as out:
            proc = subprocess.run(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                  env=full_env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise FixerError(f"tests took longer than {timeout:.0f} s (log: {log})", str(root)) from None
    outcomes = read_junit(junit) if junit.exists() else {}
    return TestRun(outcomes, proc.returncode, log)


def read_junit(path: Path) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        test_id = f"{classname}::{name}" if classname else name
        outcome = "passed"
        for child in case:
            if child.tag in ("failure",):
                outcome = "failed"
            elif child.tag == "error":
                outcome = "error"
            elif child.tag == "skipped":
                outcome = "skipped"
        outcomes[test_id] = outcome
    return outcomes


def compare(before: TestRun, after: TestRun) -> list[Row]:
    ids = list(dict.fromkeys([*before.outcomes, *after.outcomes]))
    return [Row(t, before.outcomes.get(t, "missing"), after.outcomes.get(t, "missing"))
            for t in ids]


def table(rows: Sequence[Row]) -> str:
    """The proof table: one line a test, before -> after, and the verdict."""
    if not rows:
        return "(no tests ran)\n"
    width = max(len(r.test) for r in rows)
    lines = [f"{'test':{width}}  {'before':8}    {'after':8}  verdict"]
    for r in rows:
        lines.append(f"{r.test:{width}}  {r.before:8} -> {r.after:8}  {r.verdict}")
    return "\n".join(lines) + "\n"
