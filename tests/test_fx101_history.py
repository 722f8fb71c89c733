"""FX101 with git history: fields deleted by a commit are restored verbatim (evidence 6a)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _pyrepo import apply, build, check_example, git, run, write

from fixer.rules import fx101_missing_config_field as rule
from fixer.rules.base import Example

CONFIG_BEFORE = '''"""Service settings."""

from dataclasses import dataclass, field


@dataclass
class ServiceConfig:
    """How the client talks to the service."""

    name: str = "svc"
    api_url: str = "http://localhost:8000/api"
    retry_backoff: float = 0.5  # seconds between retries
    allowed_hosts: list[str] = field(
        default_factory=lambda: ["localhost", "127.0.0.1"]
    )
    port: int = 8000

    def describe(self) -> str:
        return f"{self.name}@{self.port}"
'''

CONFIG_AFTER = '''"""Service settings."""

from dataclasses import dataclass


@dataclass
class ServiceConfig:
    """How the client talks to the service."""

    name: str = "svc"
    port: int = 8000

    def describe(self) -> str:
        return f"{self.name}@{self.port}"
'''

CLIENT = """from typing import Optional

from svc.config import ServiceConfig


class Client:
    def __init__(self, config: Optional[ServiceConfig] = None) -> None:
        self.config = config or ServiceConfig()

    def plan(self) -> tuple:
        waits = [self.config.retry_backoff * 2**i for i in range(3)]
        hosts = [h for h in self.config.allowed_hosts]
        return self.config.api_url, waits, hosts
"""


def _scenario(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    write(root, {"svc/__init__.py": "", "svc/config.py": CONFIG_BEFORE, "svc/client.py": CLIENT})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add service config")
    write(root, {"svc/config.py": CONFIG_AFTER})
    git(root, "commit", "-qam", "slim down the config")


def test_three_deleted_fields_are_reported_and_restored(tmp_path: Path) -> None:
    _scenario(tmp_path)
    findings = run(rule, tmp_path)
    assert sorted(f.symbol for f in findings) == [
        "ServiceConfig.allowed_hosts",
        "ServiceConfig.api_url",
        "ServiceConfig.retry_backoff",
    ]
    fixes = {f.fix for f in findings}
    assert len(fixes) == 1  # one fix for the class
    (fix,) = fixes
    assert fix is not None and fix.safety == "safe"
    for f in findings:
        assert any("slim down the config" in e for e in f.evidence), f.evidence
    changed = apply(tmp_path, findings)
    new = changed["svc/config.py"]
    assert "    retry_backoff: float = 0.5  # seconds between retries\n" in new
    assert '    api_url: str = "http://localhost:8000/api"\n' in new
    assert (
        "    allowed_hosts: list[str] = field(\n"
        '        default_factory=lambda: ["localhost", "127.0.0.1"]\n    )\n'
    ) in new
    assert "from dataclasses import" in new and "field" in new.split("\n\n\n")[0]
    (tmp_path / "svc/config.py").write_text(new, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", "from svc.client import Client; print(Client().plan())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "http://localhost:8000/api" in out and "127.0.0.1" in out
    # and the rule is quiet afterwards
    assert run(rule, tmp_path) == []


HISTORY_EXAMPLE = Example(
    commits=(
        {
            "app/cfg.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Cfg:\n"
            "    host: str = 'h'\n    timeout_s: int = 30  # from the ops runbook\n"
        },
        {
            "app/cfg.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Cfg:\n"
            "    host: str = 'h'\n"
        },
    ),
    files={"app/use.py": "from app.cfg import Cfg\n\n\ndef f(c: Cfg):\n    return c.timeout_s\n"},
    expect=("Cfg.timeout_s",),
    fixed={
        "app/cfg.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass Cfg:\n"
        "    host: str = 'h'\n    timeout_s: int = 30  # from the ops runbook\n"
    },
    note="a: the field deleted in history is restored verbatim (safe)",
)


def test_history_example(tmp_path: Path) -> None:
    check_example(rule, HISTORY_EXAMPLE, tmp_path, valid=False)
    findings = run(rule, tmp_path)
    assert findings[0].fix is not None and findings[0].fix.safety == "safe"


def test_history_beats_inference_and_is_not_used_without_git(tmp_path: Path) -> None:
    plain = Example(
        files={**HISTORY_EXAMPLE.commits[-1], **HISTORY_EXAMPLE.files}, expect=("Cfg.timeout_s",)
    )
    build(tmp_path, plain)
    (finding,) = run(rule, tmp_path)
    # without history the only evidence left is the name: `*_s` says nothing, so no fix
    assert finding.fix is None or finding.fix.safety == "unsafe"
