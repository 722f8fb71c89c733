"""Encodings and layout survive an apply byte for byte: BOM, CRLF, mixed endings, lone CR,
tabs in Python, no final newline; a file that is not UTF-8 is reported and left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import tree_bytes, write_files
from typer.testing import CliRunner

from fixer.cli import app

runner = CliRunner()
BOM = b"\xef\xbb\xbf"


def compose_bytes(eol: bytes, final: bool, bom: bool) -> bytes:
    lines = [
        b"services:  # \xc3\xa9t\xc3\xa9",
        b"  app:",
        b"    build:",
        b"      context: .",
        b"      dockerfile: 'docker/app.Dockerfile'   # moved?",
    ]
    return (BOM if bom else b"") + eol.join(lines) + (eol if final else b"")


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("final", [True, False], ids=["final-eol", "no-final-eol"])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_compose_fix_changes_only_the_value(
    tmp_path: Path, eol: bytes, final: bool, bom: bool
) -> None:
    original = compose_bytes(eol, final, bom)
    write_files(
        tmp_path, {"docker-compose.yml": original, "dockerfiles/app.Dockerfile": "FROM x\n"}
    )
    result = runner.invoke(app, ["apply", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 fix(es) applied" in result.stdout
    expected = original.replace(b"docker/app.Dockerfile", b"dockerfiles/app.Dockerfile")
    assert (tmp_path / "docker-compose.yml").read_bytes() == expected
    again = runner.invoke(app, ["apply", str(tmp_path), "--dry-run"])
    assert (again.exit_code, again.stdout) == (0, "")


def test_mixed_line_endings_are_kept_line_by_line(tmp_path: Path) -> None:
    original = (
        b"services:\r\n  app:\n    build:\r\n      context: .\n"
        b"      dockerfile: docker/app.Dockerfile\r\n  db:\n    image: pg\r\n"
    )
    write_files(
        tmp_path, {"docker-compose.yml": original, "dockerfiles/app.Dockerfile": "FROM x\n"}
    )
    assert runner.invoke(app, ["apply", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "docker-compose.yml").read_bytes() == original.replace(
        b"docker/app", b"dockerfiles/app"
    )


PY = (
    "import time\n"
    "from dataclasses import dataclass\n"
    "\n"
    "\n"
    "@dataclass\n"
    "class WsConfig:\n"
    '\t"""Caf\u00e9 settings."""\n'
    "\n"
    "\thost: str = 'localhost'  # the host\n"
    "\n"
    "\n"
    "def wait(config: WsConfig) -> None:\n"
    "\ttime.sleep(config.health_check_interval)"
)


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_python_fix_keeps_tabs_line_endings_bom_and_missing_final_newline(
    tmp_path: Path, eol: str, bom: bool
) -> None:
    original = (BOM if bom else b"") + PY.replace("\n", eol).encode("utf-8")
    write_files(tmp_path, {"app/config.py": original})
    result = runner.invoke(app, ["apply", str(tmp_path), "--unsafe-fixes"])
    assert result.exit_code == 0, result.output
    after = (tmp_path / "app/config.py").read_bytes()
    assert after.startswith(BOM) == bom
    text = after.decode("utf-8").removeprefix("\ufeff")
    added = [ln for ln in text.split(eol) if "health_check_interval:" in ln]
    assert len(added) == 1 and added[0].startswith("\thealth_check_interval: ")
    if eol == "\r\n":
        assert text.count("\r\n") == text.count("\n"), "every line still ends with CRLF"
    else:
        assert "\r" not in text
    assert not text.endswith(("\n", "\r")), "no final newline was added"
    # the original text is all there, in order, with one line added
    old_lines = PY.split("\n")
    new_lines = text.split(eol)
    assert [ln for ln in new_lines if ln not in added] == old_lines
    assert runner.invoke(app, ["apply", str(tmp_path), "--unsafe-fixes", "--dry-run"]).stdout == ""


def test_non_utf8_files_are_reported_and_left_alone(tmp_path: Path) -> None:
    latin = "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/caf\xe9\n"
    write_files(
        tmp_path,
        {
            "docker-compose.yml": latin.encode("latin-1"),
            "legacy.py": "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"),
            "utf16.py": "x = 1\n".encode("utf-16"),
            "dockerfiles/caf\xe9": "FROM x\n",
        },
    )
    before = tree_bytes(tmp_path)
    result = runner.invoke(app, ["apply", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "error: docker-compose.yml:5: not valid UTF-8 (byte 73), skipped",
        "error: legacy.py:2: not valid UTF-8 (byte 37), skipped",
        "error: utf16.py:1: binary file (NUL byte), skipped",
        "(3 input errors: 2 not valid UTF-8, 1 binary file)",
    ]
    assert tree_bytes(tmp_path) == before
