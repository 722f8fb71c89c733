"""Stage 6, verification: run the reproduction tests before and after, and compare.

Tests run with pytest in a subprocess (the tree under test is another project, with its
own imports), writing JUnit XML, which is read back into one outcome per test id. Output
goes to a log file whose path is reported; each run has a time limit.

Which tests (see ``docs/decisions/031-choosing-reproduction-tests.md``), first found wins:

1. ``--verify "CMD"``: pytest arguments (a leading ``pytest`` / ``python -m pytest`` is dropped);
2. ``[tool.fixer.verify]`` in the tree's ``pyproject.toml``: ``tests = [...]`` or
   ``command = "..."``, and ``timeout`` (seconds);
3. automatically: the test files that mention a patched file (its path, module or file
   name) or a patched name (a finding's symbol).

:func:`prove` runs them on the base and on the branch, each checked out in its own
worktree, and re-diagnoses both trees: a :class:`Proof` holds the per-test rows, the
findings the fix did not remove and the ones it introduced.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fixer.errors import FixerError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

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
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--junitxml={junit}",
        *targets,
    ]
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    full_env.pop("PYTEST_ADDOPTS", None)
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        with log.open("wb") as out:
            proc = subprocess.run(
                cmd,
                cwd=root,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=full_env,
                timeout=timeout,
                check=False,
            )
    except subprocess.TimeoutExpired:
        raise FixerError(
            f"tests took longer than {timeout:.0f} s (log: {log})", str(root)
        ) from None
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
    return [
        Row(t, before.outcomes.get(t, "missing"), after.outcomes.get(t, "missing")) for t in ids
    ]


def table(rows: Sequence[Row]) -> str:
    """The proof table: one line a test, before -> after, and the verdict."""
    if not rows:
        return "(no tests ran)\n"
    width = max(len(r.test) for r in rows)
    lines = [f"{'test':{width}}  {'before':8}    {'after':8}  verdict"]
    for r in rows:
        lines.append(f"{r.test:{width}}  {r.before:8} -> {r.after:8}  {r.verdict}")
    return "\n".join(lines) + "\n"


DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class TestSelection:
    """The pytest arguments to run, where they came from, and the time limit per run."""

    targets: tuple[str, ...]
    source: str  # "--verify" | "pyproject.toml" | "automatic"
    timeout: float = DEFAULT_TIMEOUT

    @property
    def command(self) -> str:
        return shlex.join(["python", "-m", "pytest", *self.targets])


def pytest_args(command: str) -> list[str]:
    """``CMD`` as pytest arguments: a leading ``pytest`` or ``python -m pytest`` is dropped."""
    try:
        args = shlex.split(command)
    except ValueError as exc:
        raise FixerError(f"--verify: cannot parse {command!r}: {exc}") from None
    if args[:1] == ["pytest"]:
        return args[1:]
    if len(args) >= 3 and re.fullmatch(r"python[0-9.]*", args[0]) and args[1:3] == ["-m", "pytest"]:
        return args[3:]
    if args and args[0] in ("python", "python3", "tox", "nox", "make"):
        raise FixerError(
            f"--verify runs pytest (for JUnit XML); give pytest arguments, not {args[0]!r}"
        )
    return args


def read_config(root: Path) -> dict[str, object]:
    """``[tool.fixer.verify]`` of ``root/pyproject.toml``, or an empty table."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FixerError(f"cannot read: {exc}", "pyproject.toml", 1) from None
    table = data.get("tool", {}).get("fixer", {}).get("verify", {})
    if not isinstance(table, dict):
        raise FixerError("[tool.fixer.verify] must be a table", "pyproject.toml", 1)
    return table


def is_test_file(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def mentions(path: str) -> tuple[str, ...]:
    """The strings by which a test may name a file: path, file name, module, ``from`` import."""
    p = PurePosixPath(path)
    out = [path, p.name]
    if p.suffix == ".py":
        parts = list(p.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            out.append(".".join(parts))
        if len(parts) > 1:
            out.append(f"from {'.'.join(parts[:-1])} import {parts[-1]}")
    return tuple(dict.fromkeys(out))


def choose_tests(
    root: Path, files: Iterable[str], changed: Iterable[str], names: Iterable[str]
) -> tuple[str, ...]:
    """Test files of ``files`` that mention a changed file or a patched name."""
    needles = {m for c in changed for m in mentions(c)}
    needles |= {n for n in names if len(n) >= 3}
    needles = {n for n in needles if n not in ("__init__.py",)}
    chosen = []
    for rel in sorted(files):
        if not is_test_file(rel):
            continue
        try:
            text = (root / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(n in text for n in needles):
            chosen.append(rel)
    return tuple(chosen)


def select_tests(
    root: Path,
    files: Iterable[str],
    changed: Iterable[str],
    names: Iterable[str],
    *,
    command: str | None = None,
    timeout: float | None = None,
) -> TestSelection:
    """Which reproduction tests to run (see the module docstring for the order)."""
    config = read_config(root)
    limit = float(timeout if timeout is not None else config.get("timeout", DEFAULT_TIMEOUT))
    if command:
        return TestSelection(tuple(pytest_args(command)), "--verify", limit)
    if "tests" in config:
        tests = config["tests"]
        if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
            raise FixerError(
                "[tool.fixer.verify] tests must be a list of strings", "pyproject.toml", 1
            )
        return TestSelection(tuple(tests), "pyproject.toml", limit)
    if isinstance(config.get("command"), str):
        return TestSelection(tuple(pytest_args(str(config["command"]))), "pyproject.toml", limit)
    return TestSelection(choose_tests(root, files, changed, names), "automatic", limit)


@dataclass(frozen=True)
class Proof:
    """What verification found: tests before -> after, and the re-diagnosis of the branch."""

    selection: TestSelection
    rows: tuple[Row, ...]
    base_log: Path | None
    branch_log: Path | None
    not_fixed: tuple[str, ...] = ()  # fingerprints still reported on the branch
    new: tuple[str, ...] = ()  # findings (rule path:line message) the branch introduced
    notes: tuple[str, ...] = field(default=())

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def regressions(self) -> int:
        return self.count("regression")

    @property
    def ok(self) -> bool:
        """No regression, every fixed finding gone, nothing new."""
        return not self.regressions and not self.not_fixed and not self.new

    def summary(self) -> str:
        return (
            f"{self.count('confirmed')} confirmed (failed -> passed), "
            f"{self.count('still failing')} still failing, "
            f"{self.regressions} regression(s), {self.count('unchanged')} unchanged"
        )

    def report(self) -> str:
        """The proof table and the re-diagnosis, as printed by the CLI and the demo."""
        lines = [f"tests ({self.selection.source}): {self.selection.command}"]
        lines.append(table(self.rows).rstrip("\n"))
        lines.append(self.summary() + ".")
        if self.base_log is not None:
            lines.append(f"log (base):   {self.base_log}")
        if self.branch_log is not None:
            lines.append(f"log (branch): {self.branch_log}")
        if self.not_fixed:
            lines.append(
                f"re-diagnosis: {len(self.not_fixed)} finding(s) still reported "
                f"after the fix: {', '.join(self.not_fixed)}"
            )
        for item in self.new:
            lines.append(f"re-diagnosis: new finding on the branch: {item}")
        if not self.not_fixed and not self.new:
            lines.append("re-diagnosis: every fixed finding is gone, no new finding.")
        lines.extend(self.notes)
        return "\n".join(lines) + "\n"


def run_selection(
    base: Path, branch: Path, selection: TestSelection, log_dir: Path
) -> tuple[tuple[Row, ...], Path | None, Path | None, tuple[str, ...]]:
    """Run the selected tests on both trees; rows and the two log paths."""
    if not selection.targets and selection.source == "automatic":
        return (
            (),
            None,
            None,
            (
                "no reproduction test mentions the patched files or names; "
                "give --verify or [tool.fixer.verify]",
            ),
        )
    base_run = run_pytest(base, selection.targets, log_dir / "base.log", timeout=selection.timeout)
    branch_run = run_pytest(
        branch, selection.targets, log_dir / "branch.log", timeout=selection.timeout
    )
    notes = []
    for name, run in (("base", base_run), ("branch", branch_run)):
        if not run.outcomes and run.returncode not in (0, 5):
            notes.append(
                f"pytest on the {name} collected nothing (exit {run.returncode}); see {run.log}"
            )
    return tuple(compare(base_run, branch_run)), base_run.log, branch_run.log, tuple(notes)
