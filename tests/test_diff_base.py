"""--diff-base: changed files from a real git repository, and which findings touch them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git, make_repo, write_files

from fixer.diffbase import changed_files, select, touches
from fixer.errors import FixerError
from fixer.model import Edit, Finding, Fix, Position


def finding(path: str, *, fix_path: str | None = None, evidence: tuple[str, ...] = ()) -> Finding:
    fix = None
    if fix_path:
        fix = Fix("f", "safe", (Edit(fix_path, Position(1, 1), Position(1, 1), "x"),))
    return Finding("FX201", "n", "error", "m", path, 1, 1, "s", "fp", evidence=evidence, fix=fix)


def test_changed_files_committed_staged_unstaged_untracked_and_moved(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        [
            {
                "a.py": "a\n",
                "b.py": "b\n",
                "c.py": "c\n",
                "docker/x.Dockerfile": "FROM x\n",
                "keep.py": "k\n",
                ".gitignore": "ignored.txt\n",
            },
        ],
    )
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    make_repo_commit = {"a.py": "a2\n"}
    write_files(tmp_path, make_repo_commit)
    git(tmp_path, "commit", "-qam", "change a")
    (tmp_path / "dockerfiles").mkdir()
    git(tmp_path, "mv", "docker/x.Dockerfile", "dockerfiles/x.Dockerfile")
    write_files(tmp_path, {"b.py": "b2\n", "new.py": "n\n", "ignored.txt": "i\n"})
    git(tmp_path, "add", "b.py")
    write_files(tmp_path, {"c.py": "c2\n"})
    changed = changed_files(tmp_path, base)
    assert changed == {
        "a.py",
        "b.py",
        "c.py",
        "new.py",
        "docker/x.Dockerfile",
        "dockerfiles/x.Dockerfile",
    }
    assert changed_files(tmp_path, "HEAD") == changed - {"a.py"}


def test_paths_are_relative_to_a_subfolder_root(tmp_path: Path) -> None:
    make_repo(tmp_path, [{"sub/a.py": "a\n", "top.py": "t\n"}])
    write_files(tmp_path, {"sub/a.py": "a2\n", "top.py": "t2\n"})
    assert changed_files(tmp_path / "sub", "HEAD") == {"a.py"}


def test_bad_revision_is_a_fixer_error(tmp_path: Path) -> None:
    make_repo(tmp_path, [{"a.py": "a\n"}])
    with pytest.raises(FixerError, match="diff-base"):
        changed_files(tmp_path, "no-such-rev")
    with pytest.raises(FixerError):
        changed_files(tmp_path, "--output=/tmp/x")


def test_not_a_repository_is_a_fixer_error(tmp_path: Path) -> None:
    with pytest.raises(FixerError):
        changed_files(tmp_path, "HEAD")


def test_touches() -> None:
    changed = frozenset({"app/config.py", "docker/x.Dockerfile"})
    assert touches(finding("app/config.py"), changed)
    assert touches(finding("app/main.py", fix_path="app/config.py"), changed)
    moved = finding("docker-compose.yml", evidence=("renamed: docker/x.Dockerfile -> y",))
    assert touches(moved, changed)
    assert not touches(finding("docker-compose.yml", fix_path="docker-compose.yml"), changed)
    assert not touches(finding("other/x.Dockerfile.bak"), changed)
    assert select([finding("app/config.py"), finding("z.py")], changed) == (
        finding("app/config.py"),
    )


COMPOSE = "services:\n  {svc}:\n    build:\n      context: .\n      dockerfile: {df}\n"


def drifting_repo(root: Path) -> None:
    """Two compose files, each naming a Dockerfile under docker/, which git moved away."""
    make_repo(
        root,
        [
            {
                "docker/api.Dockerfile": "FROM python:3.12\n",
                "docker/web.Dockerfile": "FROM node:22\n",
                "api/docker-compose.yml": COMPOSE.format(svc="api", df="../docker/api.Dockerfile"),
                "web/docker-compose.yml": COMPOSE.format(svc="web", df="../docker/web.Dockerfile"),
            },
            {
                "docker/api.Dockerfile": ("mv", "dockerfiles/api.Dockerfile"),
                "docker/web.Dockerfile": ("mv", "dockerfiles/web.Dockerfile"),
            },
        ],
    )


def cli(*args: str) -> tuple[int, dict]:
    import json

    from typer.testing import CliRunner

    from fixer.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, json.loads(result.stdout) if "--format" in args else {}


def test_cli_diagnose_and_apply_only_what_the_change_touches(tmp_path: Path) -> None:
    drifting_repo(tmp_path)
    code, doc = cli("diagnose", str(tmp_path), "--format", "json")
    assert code == 1
    assert sorted(f["path"] for f in doc["findings"]) == [
        "api/docker-compose.yml",
        "web/docker-compose.yml",
    ]
    code, doc = cli("diagnose", str(tmp_path), "--diff-base", "HEAD", "--format", "json")
    assert code == 0 and doc["findings"] == []  # nothing changed since HEAD
    # an uncommitted edit elsewhere in the api compose file: only its finding is reported
    api = tmp_path / "api/docker-compose.yml"
    api.write_text(api.read_text() + "# touched\n")
    code, doc = cli("diagnose", str(tmp_path), "--diff-base", "HEAD", "--format", "json")
    assert code == 1 and [f["path"] for f in doc["findings"]] == ["api/docker-compose.yml"]
    # since the first commit the Dockerfiles moved: both compose files name a moved path
    first = git(tmp_path, "rev-list", "--max-parents=0", "HEAD").strip()
    code, doc = cli("diagnose", str(tmp_path), "--diff-base", first, "--format", "json")
    assert code == 1 and len(doc["findings"]) == 2
    # apply --diff-base HEAD fixes the api compose file and leaves the web one alone
    web_before = (tmp_path / "web/docker-compose.yml").read_bytes()
    code, _ = cli("apply", str(tmp_path), "--diff-base", "HEAD")
    assert code == 0
    assert "dockerfile: ../dockerfiles/api.Dockerfile" in api.read_text()
    assert (tmp_path / "web/docker-compose.yml").read_bytes() == web_before


def test_a_used_suppression_in_an_unchanged_file_is_not_reported_unused(tmp_path: Path) -> None:
    silenced = COMPOSE.format(svc="api", df="docker/api.Dockerfile").replace(
        "docker/api.Dockerfile", "docker/api.Dockerfile  # fixer: ignore[FX201] built elsewhere"
    )
    make_repo(tmp_path, [{"docker-compose.yml": silenced, "app.py": "x = 1\n"}])
    code, doc = cli("diagnose", str(tmp_path), "--format", "json")
    assert code == 0 and doc["findings"] == []
    (tmp_path / "app.py").write_text("x = 2\n")
    code, doc = cli("diagnose", str(tmp_path), "--diff-base", "HEAD", "--format", "json")
    assert code == 0 and doc["findings"] == []


def test_input_warnings_of_unchanged_files_are_left_out(tmp_path: Path) -> None:
    make_repo(tmp_path, [{"ci/settings.yml": "a: 1\na: 2\n", "app.py": "x = 1\n"}])
    _, doc = cli("diagnose", str(tmp_path), "--format", "json")
    assert [e["path"] for e in doc["errors"]] == ["ci/settings.yml"]
    (tmp_path / "app.py").write_text("x = 2\n")
    _, doc = cli("diagnose", str(tmp_path), "--diff-base", "HEAD", "--format", "json")
    assert doc["errors"] == []
    (tmp_path / "ci/settings.yml").write_text("a: 1\na: 3\n")
    _, doc = cli("diagnose", str(tmp_path), "--diff-base", "HEAD", "--format", "json")
    assert [e["path"] for e in doc["errors"]] == ["ci/settings.yml"]
