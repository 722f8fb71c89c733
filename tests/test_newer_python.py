"""Python newer than the interpreter running fixer: valid newer files are not syntax errors.

The fixture ``fixtures/newer-python`` is valid 3.12 (PEP 695, PEP 701) with one FX101 drift.
Under 3.10 and 3.11 fixer must report no syntax error there but one note; under 3.12 and newer
it analyses the files and finds the drift. CI (``.ci/run``) runs this file on every Python
from 3.10 up that the machine has, so each branch runs somewhere.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, run_fixer, write_files

from fixer.facts.newer_python import newer_syntax
from fixer.facts.python_requires import Lookup

FIXTURE = FIXTURES / "newer-python"
HERE = sys.version_info[:2]
NOTE = (
    "note: 2 files need Python >= 3.12 to parse (the project requires >=3.12); "
    "run fixer on 3.12 or newer to analyse them"
)

# (source, the oldest Python whose parser accepts it, or None: broken under every version)
CASES: list[tuple[str, tuple[int, int] | None]] = [
    ("def f[T: (int, str)](x: T) -> T:\n    return x\n", (3, 12)),
    ("class C[K](Base[K, list[int]]):\n    pass\n", (3, 12)),
    ("type X = int | str\n", (3, 12)),
    ("def f[T = int](x: T) -> T: ...\n", (3, 13)),
    ("x = f'a {d.get('k')} b'\n", (3, 12)),
    ('x = f"{"\\n".join(a)}"\n', (3, 12)),
    ("x = f'''{a # comment\n}'''\n", (3, 12)),
    ("x = f'{a\n}'\n", (3, 12)),
    ("x = f'{a:{b:{c}}}'\n", (3, 12)),
    ('x = f"{f\'{f"{x}"}\'}"\n', (3, 12)),
    ("try:\n    pass\nexcept* E:\n    pass\n", (3, 11)),
    ("x: tuple[*Ts]\n", (3, 11)),
    # accepted by 3.10 already: nothing newer to explain a failure
    ("x = f\"{f'{x!r:>{w}}'}\"\n", (3, 10)),
    ("x = f'{x:#x}' + f'''{a['k']}'''\n", (3, 10)),
    ("match x:\n    case 1:\n        pass\n", (3, 10)),
    # broken under every version, newer constructs or not
    ("def f(:\n    pass\n", None),
    ("def f[T](x: T) -> T:\n    return x\nx = = 1\n", None),
    ("f() = 1\n", None),
    ("x = f'{a'\n", None),
]


def _parses_here(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize(("text", "oldest"), CASES)
def test_the_table_agrees_with_this_interpreter(text: str, oldest: tuple[int, int] | None) -> None:
    """The expected versions are CPython's own: checked against the running parser."""
    assert _parses_here(text) == (oldest is not None and oldest <= HERE)


@pytest.mark.parametrize(("text", "oldest"), CASES)
@pytest.mark.parametrize("running", [(3, 10), (3, 11), (3, 12)])
def test_newer_syntax_names_the_version_a_file_needs(
    text: str, oldest: tuple[int, int] | None, running: tuple[int, int]
) -> None:
    found = newer_syntax(text, running)
    if oldest is None or oldest <= running:
        assert found is None
    else:
        assert found is not None and found.version == oldest, found


def test_the_newest_construct_decides_and_its_line_is_given() -> None:
    text = "type A = int\n\n\ndef f[T = int](): ...\n"
    found = newer_syntax(text, (3, 11))
    assert found is not None
    assert (found.needs, found.construct, found.line) == ("3.13", found.construct, 4)
    assert "PEP 696" in found.construct


def _json(*args: str) -> dict:
    result = run_fixer("diagnose", *args, "--format", "json", "--no-cache")
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(HERE >= (3, 12), reason="these files parse on 3.12+ (next test)")
def test_before_312_newer_files_are_one_note_not_syntax_errors(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    result = run_fixer("diagnose", str(root), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "syntax error" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [NOTE]
    assert result.stdout == "No drift found.\n"

    doc = _json(str(root))
    assert doc["errors"] == []
    assert [(s["path"], s["reason"], s["needs"], s["requires"]) for s in doc["skipped"]] == [
        ("app/banner.py", "newer-python", "3.12", ">=3.12"),
        ("app/settings.py", "newer-python", "3.12", ">=3.12"),
    ]
    assert doc["skipped"][0]["declared_in"] == "pyproject.toml: requires-python"
    assert "PEP 701" in doc["skipped"][0]["detail"]
    assert "PEP 695" in doc["skipped"][1]["detail"]


@pytest.mark.skipif(HERE < (3, 12), reason="needs a Python that parses 3.12 syntax")
def test_from_312_the_newer_files_are_analysed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    doc = _json(str(root))
    assert doc["errors"] == [] and doc["skipped"] == []
    assert [(f["rule"], f["path"], f["symbol"]) for f in doc["findings"]] == [
        ("FX101", "app/banner.py", "Settings.region")
    ]


def test_a_file_broken_under_every_version_is_still_a_syntax_error(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n',
            "app/broken.py": "type Id = int\n\n\ndef f(:\n    pass\n",
        },
    )
    doc = _json(str(tmp_path))
    assert doc["skipped"] == []
    [error] = doc["errors"]
    assert (error["path"], error["message"].split(":")[0]) == ("app/broken.py", "syntax error")


@pytest.mark.skipif(HERE >= (3, 13), reason="needs a Python that cannot parse 3.13 syntax")
def test_mixed_versions_name_the_newest(tmp_path: Path) -> None:
    files = {
        ".python-version": "3.13\n",
        "a.py": "def f[T = int](x: T) -> T:\n    return x\n",
        "b.py": "x = f'{'nested'}'\n",
    }
    if HERE >= (3, 12):
        del files["b.py"]
    write_files(tmp_path, files)
    result = run_fixer("diagnose", str(tmp_path), "--no-cache")
    [note] = result.stderr.splitlines()
    assert "(the project declares 3.13 (.python-version)); run fixer on 3.13 or newer" in note
    if HERE < (3, 12):
        assert note.startswith("note: 2 files need a newer Python to parse (1 3.12, 1 3.13)")


# --- what the project declares ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "spec", "where"),
    [
        (
            {"pyproject.toml": '[project]\nrequires-python = ">=3.12"\n'},
            ">=3.12",
            "requires-python",
        ),
        (
            {"setup.cfg": "[options]\npython_requires = >=3.11, <4\n"},
            ">=3.11, <4",
            "python_requires",
        ),
        ({"setup.py": "setup(name='x', python_requires='>=3.12')\n"}, ">=3.12", "python_requires"),
        ({".python-version": "# pyenv\n3.13.1\n"}, "3.13.1", ""),
        ({"ruff.toml": 'target-version = "py313"\n'}, ">=3.13", "target-version"),
        (
            {"pyproject.toml": '[tool.ruff]\ntarget-version = "py312"\n'},
            ">=3.12",
            "tool.ruff.target-version",
        ),
    ],
)
def test_the_declared_python_comes_from_the_usual_places(
    files: dict[str, str], spec: str, where: str
) -> None:
    found = Lookup(set(files), files.get).for_file("pkg/mod.py")
    assert found is not None
    assert (found.spec, found.key) == (spec, where)


def test_the_nearest_declaring_folder_wins_and_requires_python_comes_first() -> None:
    files = {
        "pyproject.toml": (
            '[project]\nrequires-python = ">=3.13"\n[tool.ruff]\ntarget-version = "py310"\n'
        ),
        "cli/pyproject.toml": '[project]\nrequires-python = ">=3.9"\n',
        "backend/pyproject.toml": "[tool.black]\nline-length = 100\n",  # declares nothing
        "broken/pyproject.toml": "[project\n",
    }
    lookup = Lookup(set(files), files.get)
    assert lookup.for_file("cli/x.py").spec == ">=3.9"  # type: ignore[union-attr]
    assert lookup.for_file("backend/app/x.py").spec == ">=3.13"  # type: ignore[union-attr]
    assert lookup.for_file("broken/x.py").spec == ">=3.13"  # type: ignore[union-attr]
    assert lookup.for_file("x.py").where == "pyproject.toml: requires-python"  # type: ignore[union-attr]
    assert Lookup(set(), {}.get).for_file("x.py") is None


# --- caches: what parses depends on the interpreter -------------------------------------------


def test_cache_keys_depend_on_the_python_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from fixer.facts import cache

    before = cache.schema_digest()
    other = SimpleNamespace(implementation=sys.implementation, version_info=(3, 99, 0))
    monkeypatch.setattr(cache, "sys", other)
    assert cache.schema_digest() != before


def test_the_run_cache_is_not_shared_between_pythons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixer import runcache
    from fixer.config import Options
    from fixer.workspace import discover

    write_files(tmp_path, {"a.py": "x = 1\n"})
    workspace = discover(tmp_path)
    before = runcache.key(workspace, Options(), None, None)
    other = SimpleNamespace(implementation=sys.implementation, version_info=(3, 99, 0))
    monkeypatch.setattr(runcache, "sys", other)
    after = runcache.key(workspace, Options(), None, None)
    assert before is not None and after is not None and before.digest != after.digest
