"""The forge: the few GitHub REST endpoints a pull request needs, over ``urllib``.

- ``GET  /repos/{owner}/{repo}/pulls?state=open&head={owner}:{branch}``: the open pull request
  of a branch (one per fingerprint set, since the branch name comes from the fingerprints);
- ``POST /repos/{owner}/{repo}/pulls``: create it;
- ``PATCH /repos/{owner}/{repo}/pulls/{number}``: update its title and body;
- ``POST /repos/{owner}/{repo}/issues/{number}/labels``: add labels.

The base URL is configurable for GitHub Enterprise (``https://host/api/v3``). The token
(``GITHUB_TOKEN``) is sent in the ``Authorization`` header and never printed: a dry run
prints each request's method, URL and JSON body, and sends nothing.
See ``docs/decisions/032-github-client-on-urllib.md``.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fixer.errors import FixerError

DEFAULT_BASE_URL = "https://api.github.com"
TOKEN_ENV = "GITHUB_TOKEN"


def parse_repo_slug(url: str) -> str | None:
    """``owner/name`` from a remote URL (``git@host:o/n.git``, ``https://host/o/n``), or None."""
    match = re.search(r"[:/]([^/:]+)/([^/]+?)(?:\.git)?/?$", url.strip())
    if match is None or url.startswith(("/", "file:")):
        return None
    return f"{match.group(1)}/{match.group(2)}"


@dataclass
class GitHub:
    """A minimal GitHub REST client; with ``dry_run`` it prints requests instead of sending."""

    repo: str
    token: str | None = None
    base_url: str = DEFAULT_BASE_URL
    dry_run: bool = False
    timeout: float = 30.0
    echo: Callable[[str], None] = print
    sent: list[tuple[str, str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", self.repo):
            raise FixerError(f"--repo must be owner/name, not {self.repo!r}")
        if not self.dry_run and not self.token:
            raise FixerError(f"no token: set {TOKEN_ENV} (or use --dry-run)")
        self.base_url = self.base_url.rstrip("/")

    @property
    def owner(self) -> str:
        return self.repo.split("/")[0]

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> Any:
        url = f"{self.base_url}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        self.sent.append((method, url, body))
        if self.dry_run:
            self.echo(f"{method} {url}")
            if body is not None:
                self.echo(json.dumps(body, indent=2, ensure_ascii=False))
            return None
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "fixer",
                **({"Content-Type": "application/json"} if data is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                payload = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise FixerError(f"GitHub {method} {url}: HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FixerError(f"GitHub {method} {url}: {reason}") from None
        return json.loads(payload) if payload.strip() else None

    def find_open_pull(self, branch: str) -> dict[str, Any] | None:
        """The open pull request whose head is ``branch`` (in this repository), if any."""
        found = self.request(
            "GET",
            f"/repos/{self.repo}/pulls",
            query={"state": "open", "head": f"{self.owner}:{branch}"},
        )
        if not found:
            return None
        for pull in found:
            if pull.get("head", {}).get("ref", branch) == branch:
                return dict(pull)
        return None

    def create_pull(self, *, title: str, body: str, head: str, base: str) -> dict[str, Any]:
        out = self.request(
            "POST",
            f"/repos/{self.repo}/pulls",
            {
                "title": title,
                "body": body,
                "head": head,
                "base": base,
                "maintainer_can_modify": True,
            },
        )
        return dict(out or {})

    def update_pull(self, number: int, *, title: str, body: str) -> dict[str, Any]:
        out = self.request(
            "PATCH", f"/repos/{self.repo}/pulls/{number}", {"title": title, "body": body}
        )
        return dict(out or {"number": number})

    def add_labels(self, number: int | None, labels: Sequence[str]) -> None:
        where = str(number) if number is not None else "{number}"
        self.request("POST", f"/repos/{self.repo}/issues/{where}/labels", {"labels": list(labels)})
