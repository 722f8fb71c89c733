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


def _findings(tmp_path: Path, files: dict[str, str]) -> list:
    from fixer.config import Options
    from fixer.facts import gather
    from fixer.workspace import discover

    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    facts, errors = gather(discover(tmp_path), use_cache=False)
    assert not errors
    return list(rule.check(facts, Options(unsafe_fixes=True)))


_CFG = "from dataclasses import dataclass\n\n\n@dataclass\nclass Cfg:\n    host: str = 'h'\n"


def test_a_swallowed_read_names_its_handler_and_what_the_failure_becomes(tmp_path: Path) -> None:
    use = (
        "import logging\n\nfrom app.cfg import Cfg\n\nlog = logging.getLogger(__name__)\n\n\n"
        "def start(c: Cfg):\n    try:\n        return c.startup_timeout\n"
        "    except Exception as exc:\n        log.error('start-up failed: %s', exc)\n"
        "        return None\n\n\n"
        "def stop(c: Cfg):\n    try:\n        return c.startup_timeout\n"
        "    except Exception:\n        log.exception('stop')\n        raise\n"
    )
    (f,) = _findings(tmp_path, {"app/cfg.py": _CFG, "app/use.py": use})
    assert f.message == (
        "Cfg has no field startup_timeout "
        "(read as c.startup_timeout, swallowed by `except Exception` at line 11)"
    )
    assert (
        "read at app/use.py:10:16 as c.startup_timeout; swallowed by `except Exception` at "
        "line 11: the failure surfaces as a log message (`log.error`), then an early return "
        "of None"
    ) in f.evidence
    assert (
        "read at app/use.py:18:16 as c.startup_timeout; caught by `except Exception` at line "
        "19: the failure surfaces as a log message (`log.exception`), then the same "
        "AttributeError, re-raised"
    ) in f.evidence


def test_partial_and_class_object_findings_keep_their_own_fingerprints(tmp_path: Path) -> None:
    code = (
        "from dataclasses import dataclass\n\n\n@dataclass(init=False)\nclass Cfg:\n"
        "    host: str = 'h'\n\n    def __init__(self, port=None):\n"
        "        if port:\n            self.port = port\n\n"
        "    def url(self):\n        return f'{self.host}:{self.port}'\n\n\n"
        "def level():\n    return Cfg.port, Cfg.level\n"
    )
    findings = _findings(tmp_path, {"app/cfg.py": code})
    by_message = sorted((f.symbol, f.message.split(" ")[1]) for f in findings)
    assert by_message == [("Cfg.level", "has"), ("Cfg.port", "sets")]
    partial = next(f for f in findings if f.symbol == "Cfg.port")
    assert partial.fix is not None and partial.fix.safety == "unsafe"
    assert [e.replacement for e in partial.fix.edits] == ["        self.port = None\n"]
    assert len({f.fingerprint for f in findings}) == 2
