"""The compose rules on whole repositories with real git history."""

from __future__ import annotations

import shutil
from pathlib import Path

from compose_helpers import apply_fixes, git, make_repo, run_rule

from fixer.config import Options
from fixer.facts import gather
from fixer.rules import get
from fixer.rules.base import Example
from fixer.workspace import discover

FX201, FX202, FX203, FX204, FX205, FX206 = (
    get(c) for c in ("FX201", "FX202", "FX203", "FX204", "FX205", "FX206")
)

DOCKERFILE = "FROM python:3.12\nCOPY requirements.txt /app/\nCOPY src/ /app/src/\n"
MAIN = """# the development stack
x-build: &build
  context: .
services:
  api:
    build:
      <<: *build
      dockerfile: docker/api.Dockerfile   # the API
  worker:
    build: {context: ., dockerfile: "./docker/worker.Dockerfile"}
    depends_on: [api]
"""
TEST = """services:\r
  api-test:\r
    build:\r
      context: .\r
      dockerfile: 'docker/api.Dockerfile'\r
  ui:\r
    build:\r
      context: .\r
      dockerfile: docker/ui.Dockerfile"""  # CRLF and no final newline

BASE = {
    "docker-compose.yml": MAIN,
    "docker-compose.test.yml": TEST,
    "docker/api.Dockerfile": DOCKERFILE + "RUN echo api\n",
    "docker/worker.Dockerfile": DOCKERFILE + "RUN echo worker\n",
    "docker/ui.Dockerfile": DOCKERFILE + "RUN echo ui\n",
    "requirements.txt": "fastapi\n",
    "src/app.txt": "app\n",
    "legacy/api.Dockerfile": "FROM decoy\n",  # a same-named decoy: only history can choose
}
MOVE_DOCKERFILES = {
    f"docker/{n}.Dockerfile": ("mv", f"dockerfiles/{n}.Dockerfile") for n in ("api", "worker", "ui")
}
MOVE_COMPOSE = {n: ("mv", f"deploy/{n}") for n in ("docker-compose.yml", "docker-compose.test.yml")}


def all_findings(root: Path):
    facts, errors = gather(discover(root))
    assert errors == ()
    out = []
    for rule in (FX201, FX202, FX203, FX204, FX205, FX206):
        out += list(rule.check(facts, Options(unsafe_fixes=True)))
    return out


def test_moved_dockerfiles_fixed_in_every_compose_file_in_one_run(tmp_path: Path) -> None:
    make_repo(tmp_path, Example(files={}, commits=(BASE, MOVE_DOCKERFILES)))
    findings = all_findings(tmp_path)
    assert sorted((f.rule, f.path, f.symbol) for f in findings) == [
        ("FX201", "docker-compose.test.yml", "api-test.build.dockerfile"),
        ("FX201", "docker-compose.test.yml", "ui.build.dockerfile"),
        ("FX201", "docker-compose.yml", "api.build.dockerfile"),
        ("FX201", "docker-compose.yml", "worker.build.dockerfile"),
    ]
    for f in findings:
        assert f.fix is not None and f.fix.safety == "safe", f
        assert any(e.startswith("git: renamed docker/") for e in f.evidence), f.evidence
        assert "did you mean dockerfile: " in f.message
    apply_fixes(tmp_path, findings)
    assert (tmp_path / "docker-compose.yml").read_text() == MAIN.replace("docker/", "dockerfiles/")
    assert (tmp_path / "docker-compose.test.yml").read_bytes() == TEST.replace(
        "docker/", "dockerfiles/"
    ).encode()
    assert all_findings(tmp_path) == []


def test_moved_compose_files_get_their_context_rebased(tmp_path: Path) -> None:
    make_repo(tmp_path, Example(files={}, commits=(BASE, MOVE_DOCKERFILES, MOVE_COMPOSE)))
    findings = all_findings(tmp_path)
    fx201 = [f for f in findings if f.rule == "FX201"]
    assert len(fx201) == 4 and all(f.fix is not None for f in fx201)
    for f in fx201:
        assert any("compose file moved from" in e for e in f.evidence), f.evidence
        assert "context: .." in f.message
    apply_fixes(tmp_path, findings)
    main = (tmp_path / "deploy/docker-compose.yml").read_text()
    assert main == MAIN.replace("context: .", "context: ..").replace("docker/", "dockerfiles/")
    test = (tmp_path / "deploy/docker-compose.test.yml").read_bytes()
    assert (
        test
        == TEST.replace("context: .", "context: ..").replace("docker/", "dockerfiles/").encode()
    )
    assert all_findings(tmp_path) == []  # FX205: the COPY sources resolve in the new context


def test_moved_compose_only_rebases_context_and_keeps_dockerfile(tmp_path: Path) -> None:
    make_repo(tmp_path, Example(files={}, commits=(BASE, MOVE_COMPOSE)))
    findings = all_findings(tmp_path)
    assert {f.rule for f in findings} == {"FX201"}
    apply_fixes(tmp_path, findings)
    main = (tmp_path / "deploy/docker-compose.yml").read_text()
    assert main == MAIN.replace("context: .", "context: ..")
    assert all_findings(tmp_path) == []


def test_rewriting_only_the_dockerfile_would_leave_copy_broken(tmp_path: Path) -> None:
    """Why the rebase matters: FX205 sees the wrong context that a naive fix leaves."""
    make_repo(tmp_path, Example(files={}, commits=(BASE, MOVE_COMPOSE)))
    naive = (
        (tmp_path / "deploy/docker-compose.yml")
        .read_text()
        .replace("docker/api.Dockerfile", "../docker/api.Dockerfile")
    )
    (tmp_path / "deploy/docker-compose.yml").write_text(naive)
    _facts, findings = run_rule(tmp_path, FX205)
    assert {f.symbol for f in findings} >= {"COPY requirements.txt", "COPY src/"}
    assert all(f.path == "docker/api.Dockerfile" for f in findings)


def test_moved_context_folder_found_through_history(tmp_path: Path) -> None:
    commits = (
        {
            "compose.yml": "services:\n  api:\n    build: ./service\n",
            "service/Dockerfile": "FROM x\n",
            "other/service/x.txt": "decoy\n",
        },
        {"service/Dockerfile": ("mv", "apps/service/Dockerfile")},
    )
    make_repo(tmp_path, Example(files={}, commits=commits))
    _facts, findings = run_rule(tmp_path, FX202)
    (f,) = findings
    assert f.fix is not None and "git: folder service/ renamed to apps/service/" in f.evidence[0]
    apply_fixes(tmp_path, findings)
    assert (
        tmp_path / "compose.yml"
    ).read_text() == "services:\n  api:\n    build: ./apps/service\n"


def test_anchor_shared_dockerfile_fixed_once_and_users_named(tmp_path: Path) -> None:
    text = (
        "x-b: &b\n  context: .\n  dockerfile: docker/app.Dockerfile\n"
        "services:\n  one:\n    build: *b\n  two:\n    build:\n      <<: *b\n"
    )
    files = {"compose.yml": text, "dockerfiles/app.Dockerfile": "FROM x\n"}
    make_repo(tmp_path, Example(files=files))
    _facts, findings = run_rule(tmp_path, FX201)
    assert len(findings) == 2
    assert all(any("&b" in e and "one, two" in e for e in f.evidence) for f in findings)
    apply_fixes(tmp_path, findings)
    assert (tmp_path / "compose.yml").read_text() == text.replace("docker/", "dockerfiles/")


def test_bom_compose_file_keeps_its_bom(tmp_path: Path) -> None:
    raw = "\ufeffservices:\r\n  a:\r\n    build:\r\n      dockerfile: docker/x.Dockerfile\r\n"
    files = {"compose.yml": raw.encode("utf-8"), "dockerfiles/x.Dockerfile": "FROM x\n"}
    make_repo(tmp_path, Example(files=files))
    _facts, findings = run_rule(tmp_path, FX201)
    apply_fixes(tmp_path, findings)
    assert (tmp_path / "compose.yml").read_bytes() == raw.replace("docker/", "dockerfiles/").encode(
        "utf-8"
    )


def test_duplicate_keys_do_not_hide_other_drift(tmp_path: Path) -> None:
    text = (
        "services:\n  a:\n    image: x\n  a:\n    image: y\n"
        "  b:\n    build:\n      dockerfile: old/b.Dockerfile\n    depends_on: [c]\n"
    )
    make_repo(tmp_path, Example(files={"compose.yml": text, "new/b.Dockerfile": "FROM x\n"}))
    rules = {f.rule for f in all_findings(tmp_path)}
    assert rules == {"FX201", "FX203", "FX206"}


def test_env_file_interpolation_uses_dot_env(tmp_path: Path) -> None:
    files = {
        "compose.yml": "services:\n  a:\n    image: x\n    env_file: ${ENV_DIR}/a.env\n",
        ".env": "ENV_DIR=conf\n",
        "conf/a.env": "A=1\n",
    }
    make_repo(tmp_path, Example(files=files))
    assert run_rule(tmp_path, FX204)[1] == []
    (tmp_path / ".env").write_text("ENV_DIR=cfg\n")
    (f,) = run_rule(tmp_path, FX204)[1]
    assert f.fix is None  # a value with a variable is never rewritten


INCIDENT = Path(__file__).resolve().parents[1] / "fixtures" / "incident-315"


def test_incident_dockerfile_paths(tmp_path: Path) -> None:
    root = tmp_path / "incident"
    shutil.copytree(INCIDENT, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    git(root, "init", "-q")
    _facts, findings = run_rule(root, FX201)
    fixed = [f for f in findings if f.fix is not None]
    unfixed = [f for f in findings if f.fix is None]
    assert len(fixed) >= 1 and all(f.fix.safety == "safe" for f in fixed)
    assert all("no candidate" in f.message for f in unfixed)
