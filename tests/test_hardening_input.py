"""Bad input through the real command line: one ``error: path:line: message`` line per bad
file, the rest of the tree still diagnosed, and the exit code set by the findings of the rest.

Every case is run as ``python -m fixer`` in a subprocess (the real entry point), next to a
good compose file that has one FX201 finding with a safe fix.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_fixer, tree_bytes, write_files

from fixer.facts.compose import MAX_EXPANDED_NODES
from fixer.workspace import MAX_FILE_BYTES

GOOD = {
    "dockerfiles/app.Dockerfile": "FROM python:3.12\n",
    "docker-compose.yml": (
        "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.Dockerfile\n"
    ),
}
FINDING = "docker-compose.yml:5:19: FX201"


def _bomb() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefg":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    assert MAX_EXPANDED_NODES < 9**7
    return "\n".join(lines) + "\n"


# (file name, content, expected "path:line: " prefix, a word the message must contain)
BAD_INPUTS: list[tuple[str, str | bytes, str, str]] = [
    ("pkg/broken.py", "import os\n\ndef f(:\n    pass\n", "pkg/broken.py:3: ", "syntax error"),
    ("indent.py", "def f():\n\tif x:\n        pass\n\tpass\n", "indent.py:", "syntax error"),
    ("compose.tabs.yml", "services:\n\tapp:\n    image: x\n", "compose.tabs.yml:2: ", "\\t"),
    (
        "compose.quote.yml",
        "services:\n  app:\n    image: 'unclosed\n  db:\n    image: pg\n",
        "compose.quote.yml:3: ",
        "quoted scalar",
    ),
    (
        ".ci/dup.yml",
        "jobs:\n  a:\n    run: x\n  a:\n    run: y\n",
        ".ci/dup.yml:4: ",
        "duplicate key 'a' in jobs (first at line 2)",
    ),
    ("bomb.yml", _bomb(), "bomb.yml:", "expand to more than"),
    ("recursive.yml", "a: &a [*a]\n", "recursive.yml:1: ", "alias"),
    ("big.py", "x = 1\n" * (MAX_FILE_BYTES // 6 + 10), "big.py:1: ", "too large"),
    ("blob.py", b"x = 1\x00\x01\x02\xff", "blob.py:1: ", "binary"),
    ("latin1.py", "x = 'caf\xe9'\n".encode("latin-1"), "latin1.py:1: ", "UTF-8"),
    ("later.yml", b"a: 1\nb: 2\nc: '\xe9'\n", "later.yml:3: ", "UTF-8"),
    ("compose.empty.yml", "", "compose.empty.yml:1: ", "empty compose file"),
    ("compose.list.yml", "- a\n- b\n", "compose.list.yml:1: ", "top level must be a mapping"),
    ("docker-compose.scalar.yml", "just text\n", "docker-compose.scalar.yml:1: ", "mapping"),
]

IDS = [name for name, _, _, _ in BAD_INPUTS]


def fixer(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_fixer(*args, cwd=cwd, timeout=120)


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(("name", "content", "where", "word"), BAD_INPUTS, ids=IDS)
def test_bad_input_is_one_error_line_and_the_rest_is_diagnosed(
    tmp_path: Path, name: str, content: str | bytes, where: str, word: str
) -> None:
    write_files(tmp_path, {**GOOD, name: content})
    result = fixer("diagnose", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stdout + result.stderr)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"error: {where}"), errors
    assert word in errors[0], errors
    assert FINDING in result.stdout


@pytest.mark.parametrize(("name", "content", "where", "word"), BAD_INPUTS, ids=IDS)
def test_bad_input_alone_exits_with_the_findings_of_the_rest(
    tmp_path: Path, name: str, content: str | bytes, where: str, word: str
) -> None:
    """A clean tree plus one bad file: the error is printed, the exit code stays 0."""
    write_files(tmp_path, {"ok.py": "x = 1\n", name: content})
    result = fixer("diagnose", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    assert doc["findings"] == []
    [error] = doc["errors"]
    assert f"{error['path']}:{error['line']}: ".startswith(where) or where.endswith(":")
    assert error["path"] == name
    assert word in error["message"]


def test_duplicate_keys_in_a_compose_file_are_one_fx206_finding_not_an_error(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"compose.yml": "services:\n  a:\n    image: x\n  a:\n    image: y\n"})
    result = fixer("diagnose", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["errors"] == []
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("FX206", 4)]


def test_every_bad_input_together(tmp_path: Path) -> None:
    """Input errors go to stderr, the first 10 and a count per kind; --show-errors lists all."""
    write_files(tmp_path, {**GOOD, **{name: content for name, content, _, _ in BAD_INPUTS}})
    result = fixer("diagnose", str(tmp_path))
    assert result.returncode == 1
    assert error_lines(result.stdout) == []
    errors = error_lines(result.stderr)
    assert len(errors) == 10 < len(BAD_INPUTS)
    assert sorted(errors) == errors, "errors come sorted by path"
    assert FINDING in result.stdout
    assert f"{len(BAD_INPUTS)} file(s) with input errors" in result.stdout
    counts = result.stderr.splitlines()[10]
    assert counts.startswith(f"({len(BAD_INPUTS)} input errors: "), counts
    assert "2 Python syntax error" in counts and "2 not valid UTF-8" in counts, counts
    assert counts.endswith("; 4 not shown, --show-errors lists them all)"), counts

    everything = fixer("diagnose", str(tmp_path), "--show-errors")
    assert error_lines(everything.stderr)[:10] == errors
    assert len(error_lines(everything.stderr)) == len(BAD_INPUTS)
    assert "not shown" not in everything.stderr


def test_empty_python_files_and_plain_yaml_are_not_errors(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"pkg/__init__.py": "", "empty.yml": "", "comments.yml": "# nothing\n", **GOOD},
    )
    result = fixer("diagnose", str(tmp_path))
    assert result.returncode == 1
    assert error_lines(result.stdout + result.stderr) == []


def test_apply_fixes_the_rest_and_leaves_bad_files_alone(tmp_path: Path) -> None:
    bad = {name: content for name, content, _, _ in BAD_INPUTS}
    write_files(tmp_path, {**GOOD, **bad})
    before = tree_bytes(tmp_path)
    result = fixer("apply", str(tmp_path), "--show-errors")
    assert result.returncode == 0, result.stderr
    assert len(error_lines(result.stderr)) == len(BAD_INPUTS)
    assert error_lines(result.stdout) == []
    after = tree_bytes(tmp_path)
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {"docker-compose.yml"}
    assert b"dockerfile: dockerfiles/app.Dockerfile" in after["docker-compose.yml"]


def test_a_compose_file_with_duplicate_keys_is_still_fixed(tmp_path: Path) -> None:
    """Duplicate keys (FX206, no fix) do not make the other fix look like it breaks the YAML."""
    compose = GOOD["docker-compose.yml"] + "  db:\n    image: a\n  db:\n    image: b\n"
    write_files(tmp_path, {**GOOD, "docker-compose.yml": compose})
    result = fixer("apply", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "not fixed FX206 docker-compose.yml:8" not in result.stdout  # FX206 has no fix
    text = (tmp_path / "docker-compose.yml").read_text()
    assert text == compose.replace("docker/app.Dockerfile", "dockerfiles/app.Dockerfile")


def test_missing_root_is_one_error_line(tmp_path: Path) -> None:
    result = fixer("diagnose", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert error_lines(result.stderr) == [f"error: not a directory: {tmp_path / 'nope'}"]
