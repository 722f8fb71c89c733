"""FX101 on its VALID and INVALID examples, each a real repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.rules import fx101_missing_config_field as rule
from tests._pyrepo import check_example


@pytest.mark.parametrize("example", rule.VALID, ids=lambda e: e.note)
def test_valid(example, tmp_path: Path) -> None:
    check_example(rule, example, tmp_path, valid=True)


@pytest.mark.parametrize("example", rule.INVALID, ids=lambda e: e.note)
def test_invalid(example, tmp_path: Path) -> None:
    check_example(rule, example, tmp_path, valid=False)
