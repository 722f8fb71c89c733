"""The run cache: an unchanged tree gets its last diagnosis back without facts; any change
(content, options, commit, a recently written file, a corrupt pack) runs everything again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import git, make_repo, write_files

from fixer import baseline, pipeline, runcache
from fixer.config import Options
from fixer.facts.cache import CACHE_DIR

FILES = {
    "docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n"
    "      dockerfile: docker/api.Dockerfile\n",
    "dockerfiles/api.Dockerfile": "FROM python:3.12\n",
    "app.py": "print('hi')\n",
}


def age(root: Path, seconds: float = 3600) -> None:
    """Date every file back, as if written long before the run (not racy)."""
    past = time.time() - seconds
    for p in root.rglob("*"):
        if p.is_file() and ".git" not in p.parts and CACHE_DIR not in p.parts:
            os.utime(p, (past, past))


def diagnose(root: Path, options: Options | None = None, **kw: object) -> pipeline.Run:
    return pipeline.diagnose(root, options or Options(), **kw)  # type: ignore[arg-type]


def no_gather(*args: object, **kwargs: object) -> None:
    raise AssertionError("facts were gathered on a run-cache hit")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_files(tmp_path, FILES)
    age(tmp_path)
    return tmp_path


def test_unchanged_tree_gets_the_same_diagnosis_without_facts(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = diagnose(repo)
    assert first.facts is not None
    assert [f.rule for f in first.diagnosis.findings] == ["FX201"]
    assert (repo / CACHE_DIR / runcache.RUN_PACK).is_file()
    monkeypatch.setattr(pipeline, "gather", no_gather)
    second = diagnose(repo)
    assert second.facts is None
    assert second.diagnosis == first.diagnosis


def test_changed_file_or_options_are_misses(repo: Path) -> None:
    diagnose(repo)
    write_files(repo, {"docker-compose.yml": "services:\n  api:\n    image: nginx\n"})
    age(repo, 1800)
    run = diagnose(repo)
    assert run.facts is not None and run.diagnosis.findings == ()
    assert diagnose(repo).facts is None
    assert diagnose(repo, Options(select=frozenset({"FX2"}))).facts is not None


def test_a_rewritten_baseline_is_a_miss(repo: Path) -> None:
    target = repo / "baseline.json"
    baseline.write(target, [])
    age(repo)
    options = Options(baseline="baseline.json")
    assert len(diagnose(repo, options).diagnosis.findings) == 1
    assert diagnose(repo, options).facts is None
    baseline.write(target, diagnose(repo).diagnosis.findings)
    age(repo)
    run = diagnose(repo, options)
    assert run.facts is not None
    assert run.diagnosis.findings == () and run.baselined == 1
    assert diagnose(repo, options).baselined == 1  # from the cache, counts included


def test_a_new_commit_is_a_miss(tmp_path: Path) -> None:
    make_repo(tmp_path, [FILES])
    age(tmp_path)
    diagnose(tmp_path)
    assert diagnose(tmp_path).facts is None
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "second")
    assert diagnose(tmp_path).facts is not None


def test_recently_written_files_are_never_trusted(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    age(tmp_path, -60)  # dated after the cache write, however long the run takes: racy
    diagnose(tmp_path)
    assert diagnose(tmp_path).facts is not None


def test_corrupt_or_foreign_pack_is_a_miss_and_is_rewritten(repo: Path) -> None:
    first = diagnose(repo)
    pack = repo / CACHE_DIR / runcache.RUN_PACK
    for junk in (b"garbage", pack.read_bytes()[:40], b"FXFACTS1\n\x80\x05cos\nsystem\n."):
        pack.write_bytes(junk)
        run = diagnose(repo)
        assert run.facts is not None and run.diagnosis == first.diagnosis
    assert diagnose(repo).facts is None


def test_no_cache_and_injected_rules_bypass_it(repo: Path) -> None:
    diagnose(repo, use_cache=False)
    assert not (repo / CACHE_DIR).exists()
    diagnose(repo)
    from fixer.rules import all_rules

    assert diagnose(repo, rules=all_rules()).facts is not None


def test_an_unwritable_cache_folder_is_not_an_error(repo: Path) -> None:
    (repo / CACHE_DIR).write_text("a file where the cache folder would go\n")
    first = diagnose(repo)
    second = diagnose(repo)
    assert second.facts is not None  # nothing could be cached
    assert second.diagnosis == first.diagnosis
    assert [f.rule for f in first.diagnosis.findings] == ["FX201"]


def test_suppressions_are_read_only_from_files_that_mention_fixer(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        repo,
        {
            "quiet.py": "x = 1  # fixer: ignore[FX101] not a finding here\n",
            "plain.py": "y = 2\n",
        },
    )
    age(repo)
    read: list[str] = []
    real = pipeline.Workspace.read

    def counting(self: pipeline.Workspace, rel: str):  # type: ignore[no-untyped-def]
        read.append(rel)
        return real(self, rel)

    monkeypatch.setattr(pipeline.Workspace, "read", counting)
    run = diagnose(repo, use_cache=False)
    assert [f.rule for f in run.diagnosis.findings] == ["FX201", "FX901"]
    # the compose file has a finding; quiet.py holds the only suppression comment
    assert sorted(set(read)) == ["docker-compose.yml", "quiet.py"]
