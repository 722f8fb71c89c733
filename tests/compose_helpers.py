"""Test helpers for the compose rules: example repositories on disk, with real git history."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from codemods.yaml_edit import apply_edits
from fixer.config import Options
from fixer.facts import Facts, gather
from fixer.model import Finding
from fixer.rules.base import Example, Rule
from fixer.workspace import discover

GIT_ENV = {
    "GIT_AUTHOR_NAME": "fixer-test",
    "GIT_AUTHOR_EMAIL": "test@fixer.invalid",
    "GIT_COMMITTER_NAME": "fixer-test",
    "GIT_COMMITTER_EMAIL": "test@fixer.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def write(root: Path, files: Mapping[str, object]) -> None:
    for rel, content in files.items():
        target = root / rel
        if content is None:
            if target.exists():
                git(root, "rm", "-q", rel) if (root / ".git").exists() else target.unlink()
            continue
        if isinstance(content, tuple) and content and content[0] == "mv":
            (root / content[1]).parent.mkdir(parents=True, exist_ok=True)
            git(root, "mv", rel, content[1])  # the lead's convention: {old: ("mv", new)}
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else str(content).encode("utf-8")
        target.write_bytes(data)


def make_repo(root: Path, example: Example) -> None:
    if example.commits:
        git(root, "init", "-q", "-b", "main")
        for i, commit in enumerate(example.commits):
            write(root, commit)
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", f"commit {i}")
    write(root, example.files)


def run_rule(root: Path, rule: Rule, unsafe: bool = True) -> tuple[Facts, list[Finding]]:
    facts, _errors = gather(discover(root))
    return facts, list(rule.check(facts, Options(unsafe_fixes=unsafe)))


def apply_fixes(root: Path, findings: list[Finding]) -> dict[str, str]:
    """Apply every fix's edits (deduplicated) per file; returns the new texts."""
    by_path: dict[str, set] = {}
    for f in findings:
        if f.fix is None:
            continue
        for e in f.fix.edits:
            by_path.setdefault(e.path, set()).add(e)
    out = {}
    for path, edits in by_path.items():
        target = root / path
        raw = target.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        new = apply_edits(text, sorted(edits, key=lambda e: e.start), path)
        target.write_bytes((("\ufeff" if bom else "") + new).encode("utf-8"))
        out[path] = new
    return out
