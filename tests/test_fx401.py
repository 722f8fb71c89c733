"""FX401: stale paths in Python strings and YAML scalars, whole or as command-line tokens."""

from __future__ import annotations

from pathlib import Path

from _cross import fix, run
from conftest import git, make_repo

from fixer.rules import fx401_stale_path_reference as rule


def moved(root: Path, files: dict[str, str], subject: str = "Move files") -> str:
    make_repo(
        root,
        [
            {"docker/api.Dockerfile": "FROM x\n", "scripts/old/run.py": "print(1)\n"},
            {
                "docker/api.Dockerfile": ("mv", "dockerfiles/api.Dockerfile"),
                "scripts/old/run.py": ("mv", "scripts/new/run.py"),
            },
        ],
        ["init", subject],
    )
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def test_python_whole_path_and_folder_rename(tmp_path: Path) -> None:
    sha = moved(tmp_path, {})
    found = run(
        tmp_path,
        {"app.py": "DOCKERFILE = 'docker/api.Dockerfile'\nRUNNER = \"./scripts/old/run.py\"\n"},
        rule,
    )
    assert [f.symbol for f in found] == ["docker/api.Dockerfile", "./scripts/old/run.py"]
    assert all(f"introduced by {sha} Move files" in f.message for f in found)
    assert all(f.fix and f.fix.safety == "safe" for f in found)
    out = fix(tmp_path, found)
    assert out["app.py"] == (
        "DOCKERFILE = 'dockerfiles/api.Dockerfile'\nRUNNER = \"./scripts/new/run.py\"\n"
    )


def test_yaml_workflow_plain_flow_and_block_scalars(tmp_path: Path) -> None:
    moved(tmp_path, {})
    wf = (
        "jobs:\n"
        "  build:\n"
        "    steps:\n"
        "      - run: docker build -f docker/api.Dockerfile .\n"
        '      - with: {file: "docker/api.Dockerfile"}\n'
        "      - run: |\n"
        "          python scripts/old/run.py\n"
    )
    found = run(tmp_path, {".github/workflows/ci.yml": wf}, rule)
    assert len(found) == 3
    block = [f for f in found if f.fix is None]
    assert len(block) == 1 and "block scalar" in block[0].evidence[-1]
    out = fix(tmp_path, found)
    text = out[".github/workflows/ci.yml"]
    assert "run: docker build -f dockerfiles/api.Dockerfile .\n" in text
    assert '{file: "dockerfiles/api.Dockerfile"}' in text
    assert "python scripts/old/run.py" in text  # block scalar left alone


def test_compose_non_build_keys_are_fx401_build_keys_are_not(tmp_path: Path) -> None:
    moved(tmp_path, {})
    compose = (
        "services:\n"
        "  api:\n"
        "    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n"
        "    command: python scripts/old/run.py\n"
    )
    found = run(tmp_path, {"docker-compose.yml": compose}, rule)
    assert [f.symbol for f in found] == ["scripts/old/run.py"]


def test_only_file_with_that_name_is_unsafe_several_is_nothing(tmp_path: Path) -> None:
    files = {
        "dockerfiles/api.Dockerfile": "FROM x\n",
        "a/worker.Dockerfile": "FROM x\n",
        "b/worker.Dockerfile": "FROM x\n",
        "deploy.py": "A = 'docker/api.Dockerfile'\nB = 'docker/worker.Dockerfile'\n",
    }
    found = run(tmp_path, files, rule)
    assert [f.symbol for f in found] == ["docker/api.Dockerfile"]
    assert found[0].fix is not None and found[0].fix.safety == "unsafe"


def test_strings_that_must_not_count(tmp_path: Path) -> None:
    moved(tmp_path, {})
    src = (
        "import logging\n"
        "URL = 'https://example.com/docker/api.Dockerfile'\n"
        "GLOB = 'docker/*.Dockerfile'\n"
        "FMT = 'docker/{name}.Dockerfile'\n"
        "PCT = 'docker/%s.Dockerfile'\n"
        "NEVER = 'docs/never/existed.md'\n"
        "def f(name):\n"
        "    logging.info('moved docker/api.Dockerfile away')\n"
        "    return f'docker/{name}/api.Dockerfile'\n"
    )
    yaml = (
        "steps:\n  - url: https://x.test/docker/api.Dockerfile\n"
        "  - env: ${DIR}/docker/api.Dockerfile\n"
    )
    assert run(tmp_path, {"app.py": src, "cloudbuild.yaml": yaml}, rule) == []


def test_path_relative_to_a_sub_project_is_not_stale(tmp_path: Path) -> None:
    files = {
        "services/api/docker/api.Dockerfile": "FROM x\n",
        "tools/run.py": "DOCKERFILE = 'docker/api.Dockerfile'\n",
    }
    assert run(tmp_path, files, rule) == []
