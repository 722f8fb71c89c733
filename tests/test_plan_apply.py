"""The plan and apply stages on hand-made edits and real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import tree_bytes, write_files

from fixer import apply
from fixer.errors import FixerError
from fixer.fixes import materialize, text_edits
from fixer.model import CodemodCall, Edit, Finding, Fix, Position
from fixer.plan import make_plan
from fixer.workspace import discover


def finding(path: str, fix: Fix | None, line: int = 1, rule: str = "FX999") -> Finding:
    return Finding(
        rule, "test-rule", "error", "msg", path, line, 1, f"sym{line}", f"fp{line}", fix=fix
    )


def edit(path: str, l1: int, c1: int, l2: int, c2: int, text: str) -> Edit:
    return Edit(path, Position(l1, c1), Position(l2, c2), text)


def test_render_applies_from_the_end_and_keeps_other_bytes() -> None:
    text = "alpha: docker/a\r\nbeta: docker/b\r\n"
    out = apply.render(text, [edit("f", 1, 8, 1, 14, "dockerfiles"), edit("f", 2, 7, 2, 13, "x")])
    assert out == "alpha: dockerfiles/a\r\nbeta: x/b\r\n"


def test_plan_drops_overlapping_fix_and_keeps_fixes_atomic() -> None:
    a = Fix("a", "safe", (edit("f", 1, 1, 1, 5, "A"), edit("g", 1, 1, 1, 2, "G")))
    b = Fix("b", "safe", (edit("f", 1, 3, 1, 8, "B"),))
    c = Fix("c", "safe", (edit("f", 2, 1, 2, 2, "C"),))
    plan = make_plan([finding("f", a, 1), finding("f", b, 2), finding("f", c, 3)])
    assert [p.fix.description for p in plan.fixes] == ["a", "c"]
    assert [s.reason for s in plan.skipped] == ["overlaps another fix; run again"]
    assert set(plan.edits_by_path()) == {"f", "g"}


def test_plan_two_insertions_at_one_point_conflict() -> None:
    a = Fix("a", "safe", (edit("f", 2, 1, 2, 1, "x\n"),))
    b = Fix("b", "safe", (edit("f", 2, 1, 2, 1, "y\n"),))
    assert len(make_plan([finding("f", a, 1), finding("f", b, 2)]).fixes) == 1


def test_plan_unsafe_only_when_asked_and_shared_fix_planned_once() -> None:
    shared = Fix("three fields", "unsafe", (edit("f", 1, 1, 1, 1, "x"),))
    findings = [finding("f", shared, 1), finding("f", shared, 2)]
    assert make_plan(findings).fixes == ()
    plan = make_plan(findings, unsafe_fixes=True)
    assert len(plan.fixes) == 1 and len(plan.fixes[0].findings) == 2


def test_text_edits_round_trip_including_missing_final_newline() -> None:
    before = "a\nb\nc"
    after = "a\nB\nc\nd"
    edits = text_edits("f", before, after)
    assert apply.render(before, edits) == after


def test_materialize_runs_codemods_only_for_fixed_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import fixer.fixes as fixes_mod

    monkeypatch.setattr(
        fixes_mod,
        "registry",
        lambda: {"upper": lambda text, word: text.replace(word, word.upper())},
    )
    read: list[str] = []

    def read_text(path: str) -> str:
        read.append(path)
        return "one\ntwo\n"

    fix = Fix("upper", "safe", codemods=(CodemodCall("f.py", "upper", (("word", "two"),)),))
    out, errors = materialize([finding("f.py", fix), finding("g.py", None, 2)], read_text)
    assert errors == [] and read == ["f.py"]
    assert out[0].fix is not None and out[0].fix.codemods == ()
    assert apply.render("one\ntwo\n", list(out[0].fix.edits)) == "one\nTWO\n"


def _plan_for(root: Path, edits: dict[str, str]) -> list[apply.Change]:
    ws = discover(root)
    findings = [
        finding(p, Fix("f", "safe", (edit(p, 1, 1, 1, 1, text),)), i)
        for i, (p, text) in enumerate(edits.items())
    ]
    return apply.compute(ws, make_plan(findings))


def test_compute_refuses_a_result_that_does_not_parse(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.py": "x = 1\n"})
    with pytest.raises(FixerError, match="a.py:1: fix would break the syntax"):
        _plan_for(tmp_path, {"a.py": "def ("})


def test_write_is_all_or_nothing_when_the_third_of_five_writes_fails(tmp_path: Path) -> None:
    files = {f"f{i}.yml": f"k{i}: v\n" for i in range(5)}
    write_files(tmp_path, files)
    before = tree_bytes(tmp_path)
    changes = _plan_for(tmp_path, {p: "# changed\n" for p in files})
    calls = []

    def flaky(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        apply._atomic_write(path, data)

    with pytest.raises(FixerError, match="restored 2 file"):
        apply.write(discover(tmp_path), changes, writer=flaky)
    assert tree_bytes(tmp_path) == before


def test_write_keeps_mode_bits_and_bom(tmp_path: Path) -> None:
    write_files(tmp_path, {"run.py": "\ufeffx = 1\n"})
    (tmp_path / "run.py").chmod(0o755)
    changes = _plan_for(tmp_path, {"run.py": "# hi\n"})
    apply.write(discover(tmp_path), changes)
    assert (tmp_path / "run.py").read_bytes() == "\ufeff# hi\nx = 1\n".encode()
    assert (tmp_path / "run.py").stat().st_mode & 0o777 == 0o755


def test_lock_refuses_a_second_apply(tmp_path: Path) -> None:
    with (
        apply.lock(tmp_path),
        pytest.raises(FixerError, match="another fixer run"),
        apply.lock(tmp_path),
    ):
        pass
    assert not (tmp_path / apply.LOCK_NAME).exists()


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.yml": "a: 1\n"})
    changes = _plan_for(tmp_path, {"a.yml": "# x\n"})
    (tmp_path / "a.yml").write_text("a: 2\n")
    with pytest.raises(FixerError, match="changed since it was read"):
        apply.write(discover(tmp_path), changes)
    assert (tmp_path / "a.yml").read_text() == "a: 2\n"


def test_identical_edits_from_two_fixes_are_applied_once() -> None:
    shared = edit("c.yml", 2, 3, 2, 9, "dockerfiles")
    a = Fix("a", "safe", (shared,))
    b = Fix("b", "safe", (shared, edit("c.yml", 5, 1, 5, 2, "x")))
    plan = make_plan([finding("c.yml", a, 1), finding("c.yml", b, 2)])
    assert len(plan.fixes) == 2
    assert plan.edits_by_path()["c.yml"] == [shared, edit("c.yml", 5, 1, 5, 2, "x")]
