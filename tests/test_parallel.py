"""Parallel extraction gives exactly the serial result, in the same order, errors included."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files

from fixer.errors import FixerError
from fixer.facts import gather_with_stats
from fixer.workspace import discover


def extract_or_fail(kind: str, path: str, text: str) -> object:
    if "SYNTAX ERROR" in text:
        raise FixerError("bad input", path, 2)
    return (kind, path, text.count("\n"), tuple(sorted(set(text.split()))[:5]))


def tree(root: Path) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(120):
        body = f"class C{i}:\n    x = {i}\n" + "y = 'dockerfiles/a.Dockerfile'\n" * (i % 7)
        if i % 17 == 0:
            body += "SYNTAX ERROR\n"
        files[f"pkg{i % 5}/m{i}.py"] = body
    files["bin.py"] = b"\x00\x01binary"
    files["docker-compose.yml"] = "services: {}\n"
    files["empty/__init__.py"] = ""
    write_files(root, files)


def test_serial_and_parallel_results_are_equal(tmp_path: Path) -> None:
    tree(tmp_path)
    ws = discover(tmp_path)
    common = dict(use_cache=False, with_history=False, extractor=extract_or_fail, prefilter=False)
    serial = gather_with_stats(ws, jobs=1, **common)  # type: ignore[arg-type]
    parallel = gather_with_stats(ws, jobs=2, parallel_min_files=0, parallel_min_bytes=0, **common)  # type: ignore[arg-type]
    assert serial[2].workers == 1 and parallel[2].workers == 2
    assert list(serial[0].python.items()) == list(parallel[0].python.items())
    assert dict(serial[0].yaml) == dict(parallel[0].yaml)
    assert serial[1] == parallel[1]
    assert len(serial[1]) == 1 + len(range(0, 120, 17))


def test_progress_reaches_total(tmp_path: Path) -> None:
    tree(tmp_path)
    seen: list[tuple[int, int]] = []
    gather_with_stats(
        discover(tmp_path),
        jobs=2,
        parallel_min_files=0,
        parallel_min_bytes=0,
        use_cache=False,
        extractor=extract_or_fail,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen and seen[-1][0] == seen[-1][1] == 123
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("secret = 'docker'\n")
    root = tmp_path / "root"
    write_files(root, {"inside.py": "x = 'docker'\n"})
    (root / "link.py").symlink_to(outside)
    facts, errors, _ = gather_with_stats(discover(root), use_cache=False, extractor=extract_or_fail)
    assert "inside.py" in facts.python and "link.py" not in facts.python
    assert [e.path for e in errors] == ["link.py"] and "escapes" in errors[0].message


def config_tree(root: Path) -> None:
    """A config class, a test reading a field it lacks through the class name only (no
    marker word: only the prefilter's context keeps it), and filler."""
    files: dict[str, str | bytes] = {
        "app/config.py": "from dataclasses import dataclass\n\n\n"
        "@dataclass\nclass AppConfig:\n    port: int = 0\n",
        "tests/test_app.py": "from app.config import AppConfig\n\n\n"
        "def test_timeout(cfg: AppConfig) -> None:\n    assert cfg.timeout > 0\n",
        "app/__init__.py": "",
        "tests/__init__.py": "",
    }
    for i in range(60):
        files[f"lib/m{i}.py"] = f"def f{i}(x: int) -> int:\n    return x + {i}\n"
    write_files(root, files)


def test_the_prefilter_context_is_the_same_serial_and_parallel(tmp_path: Path) -> None:
    """Reading and hashing move to worker processes on cold runs of large trees; the
    context they feed (config class names) must be the same, and cached per file."""
    from fixer.config import Options
    from fixer.rules import all_rules, run

    config_tree(tmp_path)
    ws = discover(tmp_path)
    found = []
    for jobs, minimum in ((1, 10**9), (2, 0)):
        for _run in ("cold", "warm from the stat index"):
            facts, _, stats = gather_with_stats(
                ws,
                jobs=jobs,
                parallel_min_files=minimum,
                parallel_min_bytes=minimum,
                prefilter=True,
            )
            assert "tests/test_app.py" in facts.python  # kept by the name AppConfig
            found.append(sorted(f.symbol for f in run(facts, Options(), all_rules())))
        assert stats.extracted == stats.skipped == 0  # the second run extracted nothing
        (tmp_path / ".fixer_cache").rename(tmp_path / f"cache-{jobs}")
    assert found[0] == found[1] == found[2] == found[3] == ["AppConfig.timeout"], found
