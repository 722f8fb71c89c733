"""One commit moved the Dockerfiles and left references behind in two compose files, a cloud
build YAML and a deploy script: one `fixer apply` reports and fixes all of them, naming it."""

from __future__ import annotations

from pathlib import Path

from conftest import git, make_repo, run_fixer

COMPOSE = (
    "services:\n"
    "  api:\n"
    "    build:\n"
    "      context: .\n"
    "      dockerfile: docker/api.Dockerfile\n"
    "  worker:\n"
    "    build:\n"
    "      context: .\n"
    "      dockerfile: ./docker/worker.Dockerfile\n"
)
COMPOSE_PROD = (
    "services:\n"
    "  api:\n"
    '    build: {context: ., dockerfile: "docker/api.Dockerfile"}\n'
    "    image: gcr.io/p/api\n"
)
CLOUDBUILD = (
    "steps:\n"
    "  - name: gcr.io/cloud-builders/docker\n"
    "    args: ['build', '-f', 'docker/api.Dockerfile', '-t', 'gcr.io/$PROJECT_ID/api', '.']\n"
    "  - name: gcr.io/kaniko-project/executor\n"
    "    args:\n"
    "      - --dockerfile=docker/worker.Dockerfile\n"
    "      - --context=dir:///workspace\n"
)
DEPLOY = (
    "import subprocess\n"
    "\n"
    "\n"
    "def build() -> None:\n"
    "    subprocess.run(['docker', 'build', '-f', 'docker/api.Dockerfile', '.'], check=True)\n"
    '    subprocess.run("docker build -f docker/worker.Dockerfile .".split(), check=True)\n'
    '    print("built docker/api.Dockerfile images")\n'
)


def _repo(root: Path) -> str:
    make_repo(
        root,
        [
            {
                "docker/api.Dockerfile": "FROM python:3.12\nCOPY . /app\n",
                "docker/worker.Dockerfile": 'FROM python:3.12\nCMD ["worker"]\n',
                "docker-compose.yml": COMPOSE,
                "docker-compose.prod.yml": COMPOSE_PROD,
                "cloudbuild.yaml": CLOUDBUILD,
                "scripts/deploy.py": DEPLOY,
            },
            {
                "docker/api.Dockerfile": ("mv", "dockerfiles/api.Dockerfile"),
                "docker/worker.Dockerfile": ("mv", "dockerfiles/worker.Dockerfile"),
            },
        ],
        ["Initial layout", "Move Dockerfiles to dockerfiles/"],
    )
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def test_one_run_reports_and_fixes_every_reference_and_names_the_commit(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    sha = _repo(root)
    intro = f"introduced by {sha} Move Dockerfiles to dockerfiles/"
    diag = run_fixer("diagnose", str(root)).stdout
    lines = [ln for ln in diag.splitlines() if " [" in ln and ": FX" in ln]
    by_file = {}
    for ln in lines:
        by_file.setdefault(ln.split(":", 1)[0], []).append(ln)
    assert set(by_file) == {
        "docker-compose.yml",
        "docker-compose.prod.yml",
        "cloudbuild.yaml",
        "scripts/deploy.py",
    }, diag
    assert len(by_file["docker-compose.yml"]) == 2
    assert len(by_file["cloudbuild.yaml"]) == 2
    assert all(intro in ln for ln in lines), diag
    assert "built docker/api.Dockerfile images" not in diag

    done = run_fixer("apply", str(root))
    assert done.returncode in (0, 1), done.stdout + done.stderr
    compose = (root / "docker-compose.yml").read_text()
    assert "dockerfile: dockerfiles/api.Dockerfile" in compose
    assert "dockerfile: ./dockerfiles/worker.Dockerfile" in compose
    assert (
        'dockerfile: "dockerfiles/api.Dockerfile"' in (root / "docker-compose.prod.yml").read_text()
    )
    cb = (root / "cloudbuild.yaml").read_text()
    assert "'-f', 'dockerfiles/api.Dockerfile', '-t', 'gcr.io/$PROJECT_ID/api'" in cb
    assert "--dockerfile=dockerfiles/worker.Dockerfile" in cb
    assert "--context=dir:///workspace" in cb
    deploy = (root / "scripts/deploy.py").read_text()
    assert "'-f', 'dockerfiles/api.Dockerfile'" in deploy
    assert '"docker build -f dockerfiles/worker.Dockerfile ."' in deploy
    assert 'print("built docker/api.Dockerfile images")' in deploy  # a message, not a path
    after = run_fixer("diagnose", str(root)).stdout
    assert "FX201" not in after and "FX401" not in after, after
