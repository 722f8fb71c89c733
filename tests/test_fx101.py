"""FX101 beyond its own examples (tests/test_rule_examples.py runs those): bad files."""

from __future__ import annotations

from pathlib import Path

from fixer.rules import fx101_missing_config_field as rule


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
