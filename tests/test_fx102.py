"""FX102 beyond its own examples (tests/test_rule_examples.py runs those)."""

from __future__ import annotations

from pathlib import Path

from _pyrepo import build, run

from fixer.rules import fx101_missing_config_field as fx101
from fixer.rules import fx102_unknown_config_field_argument as rule
from fixer.rules.base import Example


def test_fx101_and_fx102_share_one_fix_per_class(tmp_path: Path) -> None:
    build(
        tmp_path,
        Example(
            {
                "app/cfg.py": "from dataclasses import dataclass\n"
                "\n\n@dataclass\nclass Cfg:\n    a: int = 1\n",
                "app/use.py": "from app.cfg import Cfg\n\n\ndef f(c: Cfg):\n"
                "    return c.retries + 1\n\n\n"
                "x = Cfg(name='n')\n",
            }
        ),
    )
    read = run(fx101, tmp_path)
    passed = run(rule, tmp_path)
    assert [f.symbol for f in read] == ["Cfg.retries"]
    assert [f.symbol for f in passed] == ["Cfg.name"]
    assert read[0].fix == passed[0].fix and read[0].fix is not None
    fields = dict(read[0].fix.codemods[0].args)["fields"]
    assert [name for name, _ in fields] == ["name", "retries"]
