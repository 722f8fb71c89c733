# ruff: noqa: F811  (pytest fixtures imported from workflow_support)
"""Pull requests: a local bare repository as the remote, a local HTTP server as GitHub."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import git
from workflow_support import PORT_RULE, project, text_facts  # noqa: F401

from fixer import forge, gitops, workflow
from fixer.config import Options
from fixer.errors import FixerError

TOKEN = "ghp_secret_token_for_tests"


class FakeGitHub:
    """The four endpoints fixer uses, with pull requests kept in memory."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.pulls: list[dict[str, Any]] = []
        self.labels: dict[int, list[str]] = {}
        self.fail_with: int | None = None

    def handle(self, method: str, raw_path: str, body: Any, auth: str | None) -> tuple[int, Any]:
        url = urllib.parse.urlsplit(raw_path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.requests.append(
            {"method": method, "path": url.path, "query": query, "body": body, "auth": auth}
        )
        if self.fail_with:
            return self.fail_with, {"message": "nope"}
        parts = url.path.strip("/").split("/")
        if parts[:4] == ["api", "v3", "repos", "acme"]:
            parts = parts[2:]
        if parts[3:] == ["pulls"] and method == "GET":
            owner, branch = query["head"].split(":", 1)
            return 200, [
                p for p in self.pulls if p["state"] == query["state"] and p["head"]["ref"] == branch
            ]
        if parts[3:] == ["pulls"] and method == "POST":
            number = len(self.pulls) + 1
            pull = {
                "number": number,
                "state": "open",
                "title": body["title"],
                "body": body["body"],
                "head": {"ref": body["head"]},
                "base": body["base"],
                "html_url": f"http://github.test/acme/app/pull/{number}",
            }
            self.pulls.append(pull)
            return 201, pull
        if len(parts) == 5 and parts[3] == "pulls" and method == "PATCH":
            pull = self.pulls[int(parts[4]) - 1]
            pull.update(title=body["title"], body=body["body"])
            return 200, pull
        if len(parts) == 6 and parts[3] == "issues" and parts[5] == "labels":
            self.labels.setdefault(int(parts[4]), []).extend(body["labels"])
            return 200, [{"name": n} for n in self.labels[int(parts[4])]]
        return 404, {"message": "Not Found"}


@pytest.fixture
def github() -> Iterator[tuple[FakeGitHub, str]]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, payload = fake.handle(
                self.command, self.path, body, self.headers.get("Authorization")
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def with_remote(project: Path, tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(project, "remote", "add", "origin", str(bare))
    git(project, "push", "-q", "origin", "main")
    return bare


def _client(url: str, **kw: Any) -> forge.GitHub:
    return forge.GitHub("acme/app", token=TOKEN, base_url=url, timeout=5, **kw)


def test_pr_pushes_and_opens_then_updates_the_same_pull_request(
    project: Path, with_remote: Path, github: tuple[FakeGitHub, str]
) -> None:
    fake, url = github
    applied = workflow.apply_branch(
        project, Options(), rules=[PORT_RULE], command="tests/test_settings.py"
    )
    assert applied.kept
    first = workflow.open_pr(project, client=_client(url), labels=["fixer", "drift"])
    assert first.created and first.number == 1
    assert git(with_remote, "rev-parse", applied.branch).strip() == applied.record.sha
    assert [(r["method"], r["path"]) for r in fake.requests] == [
        ("GET", "/repos/acme/app/pulls"),
        ("POST", "/repos/acme/app/pulls"),
        ("POST", "/repos/acme/app/issues/1/labels"),
    ]
    assert fake.requests[0]["query"] == {"state": "open", "head": f"acme:{applied.branch}"}
    assert all(r["auth"] == f"Bearer {TOKEN}" for r in fake.requests)
    created = fake.requests[1]["body"]
    assert created["head"] == applied.branch and created["base"] == "main"
    assert created["title"].startswith("fix: repair 1 configuration drift finding(s) (FX990)")
    body = created["body"]
    assert "| FX990 `test-drift` | `app/settings.py:1` |" in body
    assert "docker-compose.yml: PORT is 8000" in body  # evidence
    assert "| safe |" in body
    assert "test_port_matches_compose` | failed | passed | confirmed |" in body
    assert "### Reproduce locally" in body and f"--branch origin/{applied.branch}" in body
    assert fake.labels[1] == ["fixer", "drift"]

    # A new commit on main, a rerun: the same branch is force-updated by the bot, and the
    # same pull request is updated, not duplicated.
    (project / "README.md").write_text("more\n")
    git(project, "add", "README.md")
    git(project, "commit", "-q", "-m", "more work")
    again = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    assert again.branch == applied.branch
    fake.requests.clear()
    second = workflow.open_pr(project, client=_client(url))
    assert not second.created and second.number == 1 and len(fake.pulls) == 1
    assert [(r["method"], r["path"]) for r in fake.requests] == [
        ("GET", "/repos/acme/app/pulls"),
        ("PATCH", "/repos/acme/app/pulls/1"),
        ("POST", "/repos/acme/app/issues/1/labels"),
    ]
    assert git(with_remote, "rev-parse", again.branch).strip() == again.record.sha


def test_a_branch_a_human_pushed_to_is_never_force_pushed(
    project: Path, with_remote: Path, github: tuple[FakeGitHub, str], tmp_path: Path
) -> None:
    fake, url = github
    applied = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    workflow.open_pr(project, client=_client(url))
    clone = tmp_path / "human"
    git(tmp_path, "clone", "-q", "-b", applied.branch, str(with_remote), str(clone))
    (clone / "review.txt").write_text("a reviewer's change\n")
    git(clone, "add", "review.txt")
    git(clone, "commit", "-q", "-m", "review fix")
    git(clone, "push", "-q", "origin", applied.branch)
    human_tip = git(clone, "rev-parse", "HEAD").strip()

    (project / "README.md").write_text("more\n")
    git(project, "add", "README.md")
    git(project, "commit", "-q", "-m", "more work")
    workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    fake.requests.clear()
    with pytest.raises(FixerError, match="someone else pushed to origin/.*tests@fixer.invalid"):
        workflow.open_pr(project, client=_client(url))
    assert git(with_remote, "rev-parse", applied.branch).strip() == human_tip
    assert fake.requests == []


def test_dry_run_prints_requests_and_sends_nothing(
    project: Path, with_remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    applied = workflow.apply_branch(project, Options(), rules=[PORT_RULE], check=False)
    lines: list[str] = []
    client = forge.GitHub(
        "acme/app",
        token=TOKEN,
        base_url="http://127.0.0.1:9/api/v3",
        dry_run=True,
        echo=lines.append,
    )
    result = workflow.open_pr(project, client=client, dry_run=True, echo=lines.append)
    out = "\n".join(lines)
    assert "GET http://127.0.0.1:9/api/v3/repos/acme/app/pulls?state=open&head=acme%3A" in out
    assert "POST http://127.0.0.1:9/api/v3/repos/acme/app/pulls\n{" in out
    assert '"head": "' + applied.branch + '"' in out
    assert "/issues/{number}/labels" in out
    assert TOKEN not in out and TOKEN not in capsys.readouterr().out
    assert "### Findings" in result.body
    assert gitops.remote_tip(gitops.open_repo(project), "origin", applied.branch) is None


def test_http_errors_are_one_line_and_never_show_the_token(github: tuple[FakeGitHub, str]) -> None:
    fake, url = github
    fake.fail_with = 422
    with pytest.raises(FixerError) as info:
        _client(url).find_open_pull("fixer/x")
    assert "HTTP 422" in str(info.value) and TOKEN not in str(info.value)
    with pytest.raises(FixerError, match="GITHUB_TOKEN"):
        forge.GitHub("acme/app", token=None)


def test_enterprise_base_url_and_repo_slugs(github: tuple[FakeGitHub, str]) -> None:
    fake, url = github
    assert _client(url + "/api/v3/").find_open_pull("fixer/x") is None
    assert fake.requests[0]["path"] == "/api/v3/repos/acme/app/pulls"
    assert forge.parse_repo_slug("git@github.com:acme/app.git") == "acme/app"
    assert forge.parse_repo_slug("https://ghe.example/acme/app") == "acme/app"
    assert forge.parse_repo_slug("/srv/git/app.git") is None
