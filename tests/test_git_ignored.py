"""Files on disk that git ignores: known as such, and named so in FX205's message."""

from __future__ import annotations

from pathlib import Path

from compose_helpers import run_rule
from conftest import make_repo, write_files

from fixer.rules import get
from fixer.workspace import discover


def _repo(root: Path) -> Path:
    make_repo(
        root,
        [
            {
                ".gitignore": "settings.local.py\nbuild/\n",
                "compose.yml": "services:\n  api:\n    build: .\n",
                "Dockerfile": "FROM python\nCOPY settings.local.py /app/\nCOPY build/ /app/\n"
                "COPY missing.txt /app/\n",
            }
        ],
    )
    write_files(root, {"settings.local.py": "DEBUG = True\n", "build/lib/app.whl": ""})
    return root


def test_workspace_lists_present_ignored_files_and_folders(tmp_path: Path) -> None:
    ws = discover(_repo(tmp_path / "r"))
    assert "settings.local.py" in ws.ignored
    assert "build/" in ws.ignored  # a wholly ignored folder is one entry
    assert "settings.local.py" not in ws.files


def test_fx205_says_present_but_git_ignored(tmp_path: Path) -> None:
    facts, findings = run_rule(_repo(tmp_path / "r"), get("FX205"))
    assert facts.git_ignored("build/lib/app.whl") and facts.git_ignored("build")
    assert not facts.git_ignored("missing.txt")
    by_symbol = {f.symbol: f.message for f in findings}
    assert (
        "present here, git-ignored: a fresh clone lacks it" in by_symbol["COPY settings.local.py"]
    )
    assert "git-ignored" in by_symbol["COPY build/"]
    assert "not found in build context" in by_symbol["COPY missing.txt"]
