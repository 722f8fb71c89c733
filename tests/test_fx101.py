"""FX101 on its VALID and INVALID examples, each a real repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pyrepo import check_example

from fixer.rules import fx101_missing_config_field as rule


@pytest.mark.parametrize("example", rule.VALID, ids=lambda e: e.note)
def test_valid(example, tmp_path: Path) -> None:
    check_example(rule, example, tmp_path, valid=True)


@pytest.mark.parametrize("example", rule.INVALID, ids=lambda e: e.note)
def test_invalid(example, tmp_path: Path) -> None:
    check_example(rule, example, tmp_path, valid=False)


def test_bad_files_are_errors_and_the_rest_is_still_diagnosed(tmp_path: Path) -> None:
    from _pyrepo import build

    from fixer.config import Options
    from fixer.facts import gather
    from fixer.workspace import discover

    build(tmp_path, rule.INVALID[0])
    (tmp_path / "app/broken.py").write_text("def f(:\n    pass\n")
    (tmp_path / "app/latin1.py").write_bytes(b"x = '\xe9'\n")
    facts, errors = gather(discover(tmp_path))
    assert sorted(str(e) for e in errors) == [
        "app/broken.py:1: syntax error: invalid syntax",
        "app/latin1.py:1: not valid UTF-8 (byte 5), skipped",
    ]
    assert [f.symbol for f in rule.check(facts, Options())] == ["Cfg.port"]
