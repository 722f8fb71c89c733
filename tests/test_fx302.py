"""FX302: compose file names in Python that do not exist."""

from __future__ import annotations

from pathlib import Path

from _cross import fix, run
from conftest import git, make_repo

from fixer.rules import fx302_missing_compose_file as rule

SVC = "services:\n  api:\n    image: x\n"


def test_if_test_and_f_argument(tmp_path: Path) -> None:
    src = (
        "def pick(f):\n"
        '    if "docker-compose.alpine.yml" in f:\n'
        "        return ['docker', 'compose', '-f', 'docker-compose.yml', 'up']\n"
        "    return ['docker', 'compose', '-f', 'docker-compose.test.yml', 'up']\n"
    )
    found = run(tmp_path, {"docker-compose.test.yml": SVC, "m.py": src}, rule)
    assert [f.symbol for f in found] == ["docker-compose.alpine.yml", "docker-compose.yml"]
    assert "candidates: docker-compose.test.yml" in found[0].message
    assert all(f.fix is None for f in found)


def test_renamed_by_git_is_fixed_and_named(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        [
            {"docker-compose.alpine-test.yml": SVC},
            {"docker-compose.alpine-test.yml": ("mv", "docker-compose.test.yml")},
        ],
        ["init", "Rename the test stack"],
    )
    sha = git(tmp_path, "rev-parse", "--short=7", "HEAD").strip()
    found = run(tmp_path, {"m.py": 'COMPOSE = "docker-compose.alpine-test.yml"\n'}, rule)
    assert len(found) == 1
    assert f"introduced by {sha} Rename the test stack" in found[0].message
    assert fix(tmp_path, found)["m.py"] == 'COMPOSE = "docker-compose.test.yml"\n'


def test_deleted_names_the_commit(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        [{"docker-compose.ci.yml": SVC, "compose.yaml": SVC}, {"docker-compose.ci.yml": None}],
        ["init", "Drop the CI stack"],
    )
    found = run(tmp_path, {"m.py": "CI = 'docker-compose.ci.yml'\n"}, rule)
    assert len(found) == 1 and "Drop the CI stack" in found[0].message
    assert found[0].fix is None


def test_not_reported(tmp_path: Path) -> None:
    src = (
        "CANDIDATES = ['compose.yaml', 'compose.yml',"
        " 'docker-compose.yaml', 'docker-compose.yml']\n"
        "OVERRIDE = 'docker-compose.override.yml'\n"
        "PROD = 'docker-compose.prod.yml'\n"
        "MSG = 'see docker-compose.gone.yml for details'\n"
    )
    assert run(tmp_path, {"deploy/docker-compose.prod.yml": SVC, "m.py": src}, rule) == []
