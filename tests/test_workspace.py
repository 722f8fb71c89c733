"""Discovery honours .gitignore, with and without git; paths never leave the root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import make_repo, write_files

from fixer.errors import FixerError
from fixer.facts import gather, kind_of
from fixer.workspace import discover

FILES = {
    ".gitignore": "build/\n*.log\n",
    "app/main.py": "x = 1\n",
    "app/debug.log": "noise\n",
    "build/out.py": "y = 2\n",
    "docker-compose.yml": "services: {}\n",
    "node_modules/pkg/index.py": "z = 3\n",
    "sub/.gitignore": "secret.py\n",
    "sub/secret.py": "s = 1\n",
    "sub/kept.py": "k = 1\n",
}
EXPECTED = {".gitignore", "app/main.py", "docker-compose.yml", "sub/.gitignore", "sub/kept.py"}


def test_walk_honours_gitignore_without_git(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    ws = discover(tmp_path)
    assert not ws.is_git
    assert set(ws.files) == EXPECTED


def test_git_listing_honours_gitignore(tmp_path: Path) -> None:
    make_repo(tmp_path, [FILES])
    ws = discover(tmp_path)
    assert ws.is_git
    assert set(ws.files) == EXPECTED
    assert "app" in ws.dirs and "sub" in ws.dirs


def test_paths_escaping_the_root_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write_files(root, {"a.py": "x = 1\n"})
    write_files(tmp_path, {"outside.py": "y = 1\n"})
    os.symlink(tmp_path / "outside.py", root / "link.py")
    ws = discover(root)
    for bad in ("../outside.py", "/etc/passwd", "link.py"):
        with pytest.raises(FixerError, match="refused"):
            ws.absolute(bad)


def test_bad_files_become_errors_and_the_rest_is_still_read(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "bin.py": b"\x00\x01\x02",
            "latin.py": "caf\xe9 = 1\n".encode("latin-1"),
            "ok.Dockerfile": "FROM python:3.12\n",
        },
    )
    facts, errors = gather(discover(tmp_path))
    messages = sorted(str(e) for e in errors)
    assert messages[0].startswith("bin.py:1: binary file")
    assert messages[1].startswith("latin.py:1: not valid UTF-8")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("a/b.py", "python"),
        ("compose.yaml", "yaml"),
        ("Dockerfile", "dockerfile"),
        ("dockerfiles/backend.alpine.Dockerfile", "dockerfile"),
        ("Dockerfile.dev", "dockerfile"),
        (".dockerignore", "dockerignore"),
        (".env", "env"),
        ("README.md", "script"),
        ("scripts/up.sh", "script"),
        (".gitignore", "gitignore"),
        ("LICENSE", None),
        ("requirements.txt", None),
    ],
)
def test_kind_of(path: str, kind: str | None) -> None:
    assert kind_of(path) == kind


def test_derived_facts_are_computed_once_per_facts() -> None:
    from fixer.facts import Facts

    calls: list[int] = []

    def count_files(facts: Facts) -> int:
        calls.append(1)
        return len(facts.files)

    one = Facts(files=frozenset({"a.py"}))
    assert one.derived(count_files) == one.derived(count_files) == 1
    assert Facts().derived(count_files) == 0
    assert len(calls) == 2
