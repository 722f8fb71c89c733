"""A tiny rule-free scenario for the workflow tests: a test-only rule and a small project.

The real rules and fact extractors are written elsewhere; these tests inject their own rule
(``rules=`` / a patched registry) and a trivial Python "extractor" that keeps the text, so
the workflow is tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import git, make_repo

import fixer.facts
from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Edit, Finding, Fix, Position, fingerprint
from fixer.rules.base import Rule

SETTINGS = 'PORT = 8001\nGREETING = "hello"\n'
TESTS = """from app.settings import GREETING, PORT


def test_port_matches_compose():
    assert PORT == 8000


def test_greeting():
    assert GREETING == "hello"
"""
OTHER_TEST = "def test_unrelated():\n    assert 1 + 1 == 2\n"


def _line_rule(code: str, old: str, new: str, safety: str = "safe") -> Rule:
    def check(facts: Facts, options: Options) -> Iterable[Finding]:
        for path, text in facts.python.items():
            if not isinstance(text, str) or path.startswith("tests/"):
                continue
            for number, line in enumerate(text.splitlines(), 1):
                col = line.find(old)
                if col < 0:
                    continue
                symbol = line.split("=")[0].strip()
                edit = Edit(
                    path, Position(number, col + 1), Position(number, col + 1 + len(old)), new
                )
                yield Finding(
                    code,
                    "test-drift",
                    "error",
                    f"{old} should be {new}",
                    path,
                    number,
                    col + 1,
                    symbol,
                    fingerprint(code, path, symbol),
                    evidence=(f"docker-compose.yml: {symbol} is {new}",),
                    fix=Fix(f"set {symbol} to {new}", safety, (edit,)),
                )

    return Rule(code, "test-drift", "error", f"Test rule {code}.\n", check)


PORT_RULE = _line_rule("FX990", "8001", "8000")
BREAKING_RULE = _line_rule("FX991", '"hello"', '"bye"', "unsafe")


@pytest.fixture
def text_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python facts are the file's text; no other kind of facts."""
    monkeypatch.setattr(
        fixer.facts, "extract", lambda kind, path, text: text if kind == "python" else None
    )


def make_project(root: Path, extra: dict[str, str] | None = None) -> Path:
    files: dict[str, object] = {
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
        "tests/__init__.py": "",
        "tests/test_settings.py": TESTS,
        "tests/test_other.py": OTHER_TEST,
        ".gitignore": "__pycache__/\n",
        **(extra or {}),
    }
    make_repo(root, [files])
    return root


def branches(root: Path) -> list[str]:
    return git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/").split()


@pytest.fixture
def project(tmp_path: Path, text_facts: None) -> Iterator[Path]:
    yield make_project(tmp_path / "proj")
