"""Input errors and skipped files, summarised for people, on the same stream in every command.

stdout holds the result (findings and the summary line; the diff of ``apply --dry-run``; what
``apply`` did); stderr holds what the run could not use or left out, the same lines in
``diagnose`` and ``apply`` (docs/decisions/081-input-errors-summary-and-streams.md).
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_fixer, write_files

from fixer import reports
from fixer.model import NEWER_PYTHON, TEMPLATED_YAML, Diagnosis, FileError, Skipped

TREE = {
    "dockerfiles/app.Dockerfile": "FROM python:3.12\n",
    "docker-compose.yml": (
        "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.Dockerfile\n"
    ),
    "pkg/broken.py": "def f(:\n    pass\n",
    "ci/bad.yml": "a: [1, 2\n",
    "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
    "chart/templates/deploy.yaml": "{{- if .Values.on }}\nkind: Deployment\n{{- end }}\n",
}
NOTES = [
    "error: ci/bad.yml:1: YAML syntax error: expected ',' or ']', but got '<stream end>' "
    "(while parsing a flow sequence that starts on this line)",
    "error: pkg/broken.py:1: syntax error: invalid syntax",
    "(2 input errors: 1 Python syntax error, 1 YAML syntax error)",
    "note: 1 templated YAML file skipped (1 Helm chart template)",
]


def test_diagnose_and_apply_print_the_same_notes_on_stderr_only(tmp_path: Path) -> None:
    write_files(tmp_path, TREE)
    diagnose = run_fixer("diagnose", str(tmp_path), "--no-cache")
    assert diagnose.returncode == 1
    assert diagnose.stderr.splitlines() == NOTES
    assert diagnose.stdout.startswith("docker-compose.yml:5:19: FX201")
    assert diagnose.stdout.splitlines()[-1].endswith(
        "2 file(s) with input errors (see the error lines)."
    )
    assert not [ln for ln in diagnose.stdout.splitlines() if ln.startswith(("error:", "note:"))]

    dry = run_fixer("apply", str(tmp_path), "--dry-run", "--no-cache")
    assert dry.returncode == 1
    assert dry.stderr.splitlines() == NOTES
    assert dry.stdout.startswith("--- a/docker-compose.yml\n+++ b/docker-compose.yml\n")

    applied = run_fixer("apply", str(tmp_path), "--no-cache")
    assert applied.returncode == 0
    assert applied.stderr.splitlines() == NOTES
    assert applied.stdout.splitlines()[-1] == "1 file(s) changed, 1 fix(es) applied."


def test_machine_formats_keep_everything_in_the_document(tmp_path: Path) -> None:
    write_files(tmp_path, TREE)
    result = run_fixer("diagnose", str(tmp_path), "--no-cache", "--format", "json")
    assert result.stderr == ""
    assert '"skipped": [' in result.stdout


def _errors(n: int) -> tuple[FileError, ...]:
    return tuple(FileError(f"f{i:02}.yml", 1, "YAML syntax error: bad") for i in range(n))


def test_text_shows_the_first_ten_errors_and_counts_them_by_kind() -> None:
    errors = (*_errors(11), FileError("z.py", 3, "syntax error: invalid syntax"))
    lines = reports.input_notes(Diagnosis((), errors))
    assert lines[:10] == [f"error: f{i:02}.yml:1: YAML syntax error: bad" for i in range(10)]
    assert lines[10:] == [
        "(12 input errors: 11 YAML syntax error, 1 Python syntax error; "
        "2 not shown, --show-errors lists them all)"
    ]
    everything = reports.input_notes(Diagnosis((), errors), show_all=True)
    assert everything[11] == "error: z.py:3: syntax error: invalid syntax"
    assert everything[12] == "(12 input errors: 11 YAML syntax error, 1 Python syntax error)"


def test_one_error_is_its_line_alone() -> None:
    assert reports.input_notes(Diagnosis((), _errors(1))) == [
        "error: f00.yml:1: YAML syntax error: bad"
    ]


def test_error_kinds() -> None:
    kinds = {
        "syntax error: invalid syntax": "Python syntax error",
        "YAML syntax error: found character '\\t'": "YAML syntax error",
        "YAML error: character U+0000 not allowed": "YAML error",
        "duplicate key 'a' in jobs (first at line 2)": "duplicate key",
        "file too large (2325366 bytes > 2000000), skipped": "file too large",
        "huge file (1600000 characters), skipped": "file too large",
        "not valid UTF-8 (byte 73), skipped": "not valid UTF-8",
        "binary file (NUL byte), skipped": "binary file",
        "compose file: top level must be a mapping": "compose file not a mapping",
        "empty compose file: no services": "empty compose file",
        "recursive YAML alias": "recursive YAML alias",
    }
    got = {m: reports.error_kind(FileError("x", 1, m)) for m in kinds}
    assert got == kinds


def _newer(path: str, needs: str = "3.12", requires: str = "", where: str = "") -> Skipped:
    return Skipped(path, 1, NEWER_PYTHON, "type parameters (PEP 695)", needs, requires, where)


def test_the_newer_python_note() -> None:
    one = [_newer("a.py", requires=">=3.12", where="pyproject.toml: requires-python")]
    assert reports.newer_python_note(one) == (
        "1 file needs Python >= 3.12 to parse (the project requires >=3.12); "
        "run fixer on 3.12 or newer to analyse it"
    )
    several = [_newer("a.py"), _newer("b.py", "3.13"), _newer("c.py")]
    assert reports.newer_python_note(several) == (
        "3 files need a newer Python to parse (2 3.12, 1 3.13); "
        "run fixer on 3.13 or newer to analyse them"
    )
    ruff = [_newer("a.py", requires=">=3.13", where="ruff.toml: target-version")]
    assert "(the project declares >=3.13 (ruff.toml: target-version))" in (
        reports.newer_python_note(ruff)
    )


def test_skipped_files_are_listed_with_show_errors() -> None:
    skipped = (
        _newer("a.py"),
        Skipped("t/x.yaml", 4, TEMPLATED_YAML, "fails to parse at a template directive"),
    )
    lines = reports.input_notes(Diagnosis((), (), skipped), show_all=True)
    assert lines == [
        "note: 1 file needs Python >= 3.12 to parse; run fixer on 3.12 or newer to analyse it",
        "note: 1 templated YAML file skipped (1 failing to parse at a template directive)",
        "skipped: a.py:1: needs Python >= 3.12: type parameters (PEP 695)",
        "skipped: t/x.yaml:4: templated YAML: fails to parse at a template directive",
    ]
    assert len(reports.input_notes(Diagnosis((), (), skipped))) == 2


def test_json_lists_every_skipped_file_in_a_key_of_its_own() -> None:
    import json

    skipped = (
        _newer("a.py", requires=">=3.12", where="pyproject.toml: requires-python"),
        Skipped("t/x.yaml", 4, TEMPLATED_YAML, "fails to parse at a template directive"),
    )
    doc = json.loads(reports.to_json(Diagnosis((), _errors(12), skipped)))
    assert set(doc) == {"version", "findings", "errors", "skipped"}
    assert len(doc["errors"]) == 12  # JSON always lists every error
    assert doc["skipped"] == [
        {
            "path": "a.py",
            "line": 1,
            "reason": "newer-python",
            "detail": "type parameters (PEP 695)",
            "needs": "3.12",
            "requires": ">=3.12",
            "declared_in": "pyproject.toml: requires-python",
        },
        {
            "path": "t/x.yaml",
            "line": 4,
            "reason": "templated-yaml",
            "detail": "fails to parse at a template directive",
            "needs": None,
            "requires": None,
            "declared_in": None,
        },
    ]
