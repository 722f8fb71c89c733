"""Apply through the CLI: all or nothing, idempotent, never outside the root or through links."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import tree_bytes, write_files
from typer.testing import CliRunner

from fixer import apply
from fixer.cli import app
from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Edit, Finding, Fix, Position
from fixer.pipeline import diagnose, plan_changes
from fixer.rules.base import Rule

runner = CliRunner()


def compose(dockerfile: str, context: str = ".") -> str:
    return (
        "# a comment that must survive\n"
        "services:\n"
        "  app:   # trailing comment\n"
        "    build:\n"
        f"      context: {context}\n"
        f"      dockerfile: {dockerfile}\n"
    )


def five_fixable_files(root: Path) -> None:
    files: dict[str, str] = {}
    for i in range(1, 6):
        files[f"d{i}/dockerfiles/app{i}.Dockerfile"] = "FROM python\n"
        files[f"d{i}/docker-compose.yml"] = compose(f"docker/app{i}.Dockerfile")
    write_files(root, files)


def test_third_of_five_writes_fails_exit_2_with_reason_and_tree_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    five_fixable_files(tmp_path)
    before = tree_bytes(tmp_path)
    real = apply._atomic_write
    calls: list[Path] = []

    def flaky(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(apply, "_atomic_write", flaky)
    result = runner.invoke(app, ["apply", str(tmp_path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines == [
        "error: d3/docker-compose.yml:1: write failed ([Errno 28] No space left on device); "
        "restored 2 file(s) already written"
    ]
    assert tree_bytes(tmp_path) == before
    leftovers = [p.name for p in tmp_path.rglob("*") if "fixer" in p.name]
    assert leftovers == [".fixer_cache"]  # the facts cache only: no temp file, no lock
    # and the same tree applies cleanly once the disk is back
    monkeypatch.setattr(apply, "_atomic_write", real)
    assert runner.invoke(app, ["apply", str(tmp_path)]).exit_code == 0
    after = tree_bytes(tmp_path)
    assert sum(before[p] != after[p] for p in before) == 5


def test_a_held_lock_refuses_the_apply_with_one_line(tmp_path: Path) -> None:
    five_fixable_files(tmp_path)
    (tmp_path / apply.LOCK_NAME).write_text("12345\n")
    before = tree_bytes(tmp_path)
    result = runner.invoke(app, ["apply", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: .fixer.lock:1: another fixer run is applying")
    assert len(result.stderr.splitlines()) == 1
    assert tree_bytes(tmp_path) == before


def test_apply_then_dry_run_prints_nothing(tmp_path: Path) -> None:
    five_fixable_files(tmp_path)
    first = runner.invoke(app, ["apply", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "5 file(s) changed, 5 fix(es) applied." in first.stdout
    again = runner.invoke(app, ["apply", str(tmp_path), "--dry-run"])
    assert (again.exit_code, again.stdout) == (0, "")
    assert runner.invoke(app, ["diagnose", str(tmp_path)]).exit_code == 0


def test_mode_bits_are_kept(tmp_path: Path) -> None:
    five_fixable_files(tmp_path)
    target = tmp_path / "d1/docker-compose.yml"
    target.chmod(0o640)
    assert runner.invoke(app, ["apply", str(tmp_path)]).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640


# -- symlinks and paths outside the root ----------------------------------------------------


def test_symlinked_compose_file_is_reported_not_written(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "dockerfiles/app.Dockerfile": "FROM python\n",
            "real/compose.yml": compose("docker/app.Dockerfile"),
        },
    )
    (tmp_path / "docker-compose.yml").symlink_to("real/compose.yml")
    result = runner.invoke(app, ["apply", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        "not fixed FX201 docker-compose.yml:6: symlinked file: not written through" in result.stdout
    )
    assert (tmp_path / "docker-compose.yml").is_symlink()
    # the real file is fixed on its own account (its context is real/)
    fixed = (tmp_path / "real/compose.yml").read_text()
    assert fixed == compose("../dockerfiles/app.Dockerfile")


def test_file_under_a_symlinked_folder_is_not_written(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "dockerfiles/app.Dockerfile": "FROM python\n",
            "real/docker-compose.yml": compose("docker/app.Dockerfile", context=".."),
        },
    )
    (tmp_path / "linked").symlink_to("real", target_is_directory=True)
    run = diagnose(tmp_path, Options())
    assert not any(f.startswith("linked/") for f in run.workspace.files)  # links not followed
    assert run.workspace.symlinked("linked/docker-compose.yml")
    assert not run.workspace.symlinked("real/docker-compose.yml")
    _, changes = plan_changes(run, Options())
    assert [c.path for c in changes] == ["real/docker-compose.yml"]
    # even if a caller hands write() such a path, it refuses
    from fixer.errors import FixerError

    change = apply.Change("linked/docker-compose.yml", changes[0].before, changes[0].after)
    with pytest.raises(FixerError, match="symlinked file"):
        apply.write(run.workspace, [change])


def test_symlink_out_of_the_root_is_an_error_line_and_never_written(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write_files(root, {"dockerfiles/app.Dockerfile": "FROM python\n"})
    write_files(outside, {"compose.yml": compose("docker/app.Dockerfile")})
    (root / "docker-compose.yml").symlink_to(outside / "compose.yml")
    before = tree_bytes(outside)
    result = runner.invoke(app, ["apply", str(root)])
    assert result.exit_code == 0
    assert result.stderr == "error: docker-compose.yml:1: path escapes the scanned root, refused\n"
    assert tree_bytes(outside) == before


@pytest.mark.parametrize("context", ["../..", "../outside", "/abs/elsewhere", "../../outside"])
def test_dotdot_and_absolute_compose_paths_never_edit_outside_the_root(
    tmp_path: Path, context: str
) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write_files(outside, {"app.Dockerfile": "FROM python\n", "docker/x": "x\n"})
    write_files(
        root,
        {
            "sub/docker-compose.yml": compose("docker/app.Dockerfile", context=context),
            "sub/dockerfiles/app.Dockerfile": "FROM python\n",
        },
    )
    before = tree_bytes(tmp_path)
    run = diagnose(root, Options())
    for finding in run.diagnosis.findings:
        for e in finding.fix.edits if finding.fix else ():
            assert e.path in run.workspace.files
    result = runner.invoke(app, ["apply", str(root)])
    assert result.exit_code in (0, 1, 2)
    after = tree_bytes(tmp_path)
    assert {p for p in before if before[p] != after[p]} <= {"root/sub/docker-compose.yml"}
    assert tree_bytes(outside) == {
        "app.Dockerfile": b"FROM python\n",
        "docker/x": b"x\n",
    }


def test_write_refuses_paths_that_leave_the_root(tmp_path: Path) -> None:
    """The last line of defence, below the plan: apply.write itself."""
    from fixer.errors import FixerError
    from fixer.text import SourceText
    from fixer.workspace import discover

    write_files(tmp_path / "root", {"a.yml": "a: 1\n"})
    write_files(tmp_path, {"victim.yml": "v: 1\n"})
    ws = discover(tmp_path / "root")
    for rel in ("../victim.yml", str(tmp_path / "victim.yml")):
        change = apply.Change(rel, SourceText(rel, "v: 1\n"), "v: 2\n")
        with pytest.raises(FixerError):
            apply.write(ws, [change])
    assert (tmp_path / "victim.yml").read_text() == "v: 1\n"


# -- two fixes on one span --------------------------------------------------------------------


class _SpanRule:
    """A test rule whose fix replaces the value on line 1 of every ``*.yml`` file."""

    def __init__(self, code: str, value: str) -> None:
        self.code, self.value = code, value
        self.name, self.severity, self.summary, self.doc = "span", "error", "s", "d"

    def check(self, facts: Facts, options: Options) -> Iterable[Finding]:
        for path in sorted(facts.yaml):
            if any(s.value == self.value for s in facts.yaml[path].scalars):
                continue
            edit = Edit(path, Position(1, 4), Position(1, 9), self.value)
            yield Finding(
                self.code, "span", "error", "m", path, 1, 4, "a", self.code,
                fix=Fix(f"set {self.value}", "safe", (edit,)),
            )  # fmt: skip


def test_two_fixes_on_one_span_are_never_both_applied(tmp_path: Path) -> None:
    write_files(tmp_path, {"x.yml": "a: x/old\nb: 1\n"})
    rules: list[Rule] = [_SpanRule("FX991", "y/one"), _SpanRule("FX992", "z/two")]  # type: ignore[list-item]
    run = diagnose(tmp_path, Options(), rules)
    plan, changes = plan_changes(run, Options())
    assert len(plan.fixes) == 1 and len(plan.skipped) == 1
    assert plan.skipped[0].reason == "overlaps another fix; run again"
    apply.write(run.workspace, changes)
    assert (tmp_path / "x.yml").read_text() == "a: y/one\nb: 1\n"


def test_lock_file_is_removed_even_when_apply_fails(tmp_path: Path) -> None:
    five_fixable_files(tmp_path)
    os.chmod(tmp_path, 0o755)
    with pytest.raises(RuntimeError), apply.lock(tmp_path):
        raise RuntimeError("boom")
    assert not (tmp_path / apply.LOCK_NAME).exists()
