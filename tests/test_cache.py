"""The facts cache: hits, misses on change, corrupt entries, concurrent writers, --no-cache."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

from conftest import write_files

from fixer.facts import gather_with_stats
from fixer.facts.cache import CACHE_DIR, MAGIC, FactsCache, schema_digest
from fixer.model import Position
from fixer.workspace import discover

CALLS: list[str] = []


def counting_extract(kind: str, path: str, text: str) -> object:
    """A pure extractor built from fixer and builtin types only (what the cache may store)."""
    CALLS.append(path)
    return (kind, path, len(text), Position(1, len(text.splitlines()) or 1))


FILES = {
    "app/config.py": "from dataclasses import dataclass\n\n@dataclass\nclass C:\n    x: int = 1\n",
    "app/other.py": "import os\nprint(os.sep)\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "LICENSE": "not extracted\n",
}


def run(root: Path, **kwargs: object):
    kwargs.setdefault("prefilter", False)
    CALLS.clear()
    facts, errors, stats = gather_with_stats(discover(root), extractor=counting_extract, **kwargs)  # type: ignore[arg-type]
    return facts, errors, stats, list(CALLS)


def test_second_run_hits_and_gives_equal_facts(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    facts1, _, stats1, calls1 = run(tmp_path)
    assert sorted(calls1) == ["app/config.py", "app/other.py", "docker-compose.yml"]
    assert stats1.hits == 0
    facts2, _, stats2, calls2 = run(tmp_path)
    assert calls2 == [] and stats2.hits == 3
    assert dict(facts1.python) == dict(facts2.python)
    assert dict(facts1.yaml) == dict(facts2.yaml)
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")


def test_changed_content_is_a_miss(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path)
    write_files(tmp_path, {"app/other.py": "import os\nprint(os.sep, 2)\n"})
    facts, _, stats, calls = run(tmp_path)
    assert calls == ["app/other.py"] and stats.hits == 2
    assert facts.python["app/other.py"][2] == len("import os\nprint(os.sep, 2)\n")


def test_corrupt_pack_and_corrupt_entry_are_ignored_and_rewritten(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    facts1, _, _, _ = run(tmp_path)
    pack = next((tmp_path / CACHE_DIR).glob("facts-*.pack"))
    pack.write_bytes(MAGIC + b"\x80\x05garbage")
    facts2, _, _, calls = run(tmp_path)
    assert len(calls) == 3 and dict(facts2.python) == dict(facts1.python)
    # one entry corrupt, the others intact
    entries, stat_index, written = pickle.loads(pack.read_bytes()[len(MAGIC) :])
    key = next(k for k in entries if "app/other.py" in k)
    entries[key] = b"\x80\x05not a pickle"
    pack.write_bytes(MAGIC + pickle.dumps((entries, stat_index, written)))
    _, _, stats, calls = run(tmp_path)
    assert calls == ["app/other.py"] and stats.hits == 2
    _, _, _, calls = run(tmp_path)
    assert calls == []


def test_pack_refuses_foreign_globals(tmp_path: Path) -> None:
    cache = FactsCache(tmp_path, "s")
    cache._entries["k"] = pickle.dumps(("ok", Path("/x")))  # pathlib is allowed
    assert cache.get("k") is not None
    cache._entries["bad"] = pickle.dumps(("ok", print))  # a function: refused
    assert cache.get("bad") is None


def _writer(root: str, n: int) -> None:
    for i in range(n):
        cache = FactsCache(Path(root), "concurrent")
        cache.put(cache.key("python", f"f{i}.py", "d"), ("ok", (i,)))
        cache.save()


def test_concurrent_writers_leave_a_readable_pack(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), 40)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = FactsCache(tmp_path, "concurrent")
    assert cache.get(cache.key("python", "f39.py", "d")) == ("ok", (39,))
    assert not list((tmp_path / CACHE_DIR).glob("*.tmp"))


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path, use_cache=False)
    assert not (tmp_path / CACHE_DIR).exists()
    run(tmp_path)
    _, _, stats, calls = run(tmp_path, use_cache=False)
    assert len(calls) == 3 and stats.hits == 0


def test_prefilter_skips_are_cached_and_files_stay_known(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    facts, _, stats, calls = run(tmp_path, prefilter=True)
    assert "app/other.py" not in calls and stats.skipped == 1
    assert "app/other.py" in facts.files and "app/other.py" not in facts.python
    _, _, stats, calls = run(tmp_path, prefilter=True)
    assert calls == [] and stats.hits == 2


def test_stat_fast_path_still_sees_same_size_edits(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path)
    run(tmp_path)  # files now older than the pack by less than 2 s: still read
    write_files(tmp_path, {"app/other.py": "import os\nprint(os.sex)\n"})  # same size
    facts, _, stats, calls = run(tmp_path)
    assert calls == ["app/other.py"]


def test_schema_depends_on_extractor() -> None:
    assert schema_digest(counting_extract) != schema_digest(print)
