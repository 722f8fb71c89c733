"""Property-based tests of the whole pipeline on generated trees (hypothesis).

Generated compose files and config classes vary layout (indentation, tabs in Python, CRLF,
mixed line endings, a UTF-8 BOM, a missing final newline), comments, quoting and drift.
For each: diagnose, plan, apply (really written to disk), then check that

- re-diagnosing finds nothing it could fix, and a second plan is empty (convergence);
- every byte outside the edited spans is unchanged (and the BOM is kept);
- the result parses (``ast`` / ruamel) and the facts extractor still reads it.
"""

from __future__ import annotations

import ast
import keyword
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer import apply
from fixer.config import Options
from fixer.facts import compose as compose_facts
from fixer.facts import python as python_facts
from fixer.model import Edit
from fixer.pipeline import diagnose, plan_changes
from fixer.text import LineIndex

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- generators -------------------------------------------------------------------------------

EOL = st.sampled_from(["\n", "\r\n"])
NAMES = st.lists(
    st.from_regex(r"[a-z][a-z0-9]{1,6}", fullmatch=True).filter(
        lambda n: not keyword.iskeyword(n) and not keyword.issoftkeyword(n)
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


def _comment(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "  # note", " #x", "    # fixer: keep é"]))


@st.composite
def compose_tree(draw: st.DrawFn) -> dict[str, bytes]:
    """A compose file whose services point at Dockerfiles, some moved (drift), some not."""
    names = draw(NAMES)
    eol = draw(EOL)
    ind = draw(st.sampled_from(["  ", "    ", " "]))
    files: dict[str, bytes] = {}
    lines = [draw(st.sampled_from(["", "# top comment", "version: '3.8'", "---"]))]
    lines.append("services:" + _comment(draw))
    for i, name in enumerate(names):
        drift = i == 0 or draw(st.booleans())
        where = "dockerfiles" if drift else "docker"
        files[f"{where}/{name}.Dockerfile"] = b"FROM python:3.12\n"
        value = f"docker/{name}.Dockerfile"
        quote = draw(st.sampled_from(["", "'", '"']))
        style = draw(st.sampled_from(["block", "flow", "context-first"]))
        lines.append(f"{ind}{name}:" + _comment(draw))
        if draw(st.booleans()):
            lines.append(f"{ind * 2}image: example/{name}:latest")
        if style == "flow":
            lines.append(f"{ind * 2}build: {{context: ., dockerfile: {quote}{value}{quote}}}")
        else:
            lines.append(f"{ind * 2}build:")
            if style == "context-first":
                lines.append(f"{ind * 3}context: .")
            if draw(st.booleans()):
                lines.append(f"{ind * 3}# a comment line")
            lines.append(f"{ind * 3}dockerfile: {quote}{value}{quote}" + _comment(draw))
            if style != "context-first":
                lines.append(f"{ind * 3}context: ./")
        if draw(st.booleans()):
            lines.append("")
    text = eol.join(lines)
    if draw(st.booleans()):
        text += eol
    if draw(st.booleans()) and eol == "\n":  # mixed line endings: one CRLF line
        text = text.replace("\n", "\r\n", 1)
    bom = "\ufeff" if draw(st.booleans()) else ""
    files["docker-compose.yml"] = (bom + text).encode("utf-8")
    return files


# uses that tell the field's type, so that FX101 proposes a (guessed, unsafe) definition
USES = [
    "time.sleep({0})",
    "print({0} * 2)",
    "if {0}:\n{ind}{ind}pass",
    "print({0} + 's')",
    "print(int({0}) * 2)",
]


@st.composite
def python_tree(draw: st.DrawFn) -> dict[str, bytes]:
    """A config class (dataclass or pydantic) and code reading fields it lacks (drift)."""
    fields = draw(NAMES)
    missing = [f"x{m}" for m in draw(NAMES) if f"x{m}" not in fields]
    eol = draw(EOL)
    ind = draw(st.sampled_from(["    ", "\t", "  "]))
    kind = draw(st.sampled_from(["dataclass", "frozen", "pydantic"]))
    head = [
        "import time",
        "from dataclasses import dataclass, field",
        "from typing import Optional",
    ]
    if kind == "pydantic":
        head = ["import time", "from pydantic import BaseModel"]
    head.append(draw(st.sampled_from(["", "# comment", "X = 1  # é"])))
    if kind == "pydantic":
        decl = "class AppConfig(BaseModel):"
    else:
        head.append("@dataclass(frozen=True)" if kind == "frozen" else "@dataclass")
        decl = "class AppConfig:"
    body = [decl + _comment(draw)]
    if draw(st.booleans()):
        body.append(f'{ind}"""Settings é."""')
    for i, f in enumerate(fields):
        default = draw(st.sampled_from([f"{i}", f"'v{i}'", "None", "True"]))
        ann = {"None": "Optional[int]"}.get(default, "int" if default.isdigit() else "object")
        if kind == "pydantic" and ann == "Optional[int]":
            ann = "int | None"
        body.append(f"{ind}{f}: {ann} = {default}" + _comment(draw))
    use = ["", "", "def use(config: AppConfig) -> object:"]
    for m in missing:
        template = draw(st.sampled_from(USES))
        use.append(ind + template.format(f"config.{m}", ind=ind) + _comment(draw))
    use.append(f"{ind}return config.{fields[0]}")
    text = eol.join(head + body + use)
    if draw(st.booleans()):
        text += eol
    bom = "\ufeff" if draw(st.booleans()) else ""
    return {"app/config.py": (bom + text).encode("utf-8")}


# -- checks -----------------------------------------------------------------------------------


def _write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _outside_spans_unchanged(before: str, after: str, edits: list[Edit]) -> None:
    """``after`` is ``before`` with exactly the edits' replacements, nothing else."""
    index = LineIndex(before)
    cursor_b = cursor_a = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        start, end = index.offset(e.start), index.offset(e.end)
        kept = before[cursor_b:start]
        assert after[cursor_a : cursor_a + len(kept)] == kept
        cursor_a += len(kept)
        assert after[cursor_a : cursor_a + len(e.replacement)] == e.replacement
        cursor_a += len(e.replacement)
        cursor_b = end
    assert after[cursor_a:] == before[cursor_b:]


def _run_property(files: dict[str, bytes], options: Options) -> None:
    root = Path(tempfile.mkdtemp(prefix="fixer-prop-"))
    try:
        _write(root, files)
        run = diagnose(root, options)
        assert run.diagnosis.errors == ()
        plan, changes = plan_changes(run, options)
        assert plan.fixes, "the generator always makes drift with a fix"
        edits = plan.edits_by_path()
        apply.write(run.workspace, changes)
        for change in changes:
            data = (root / change.path).read_bytes()
            assert data == change.new_bytes
            assert data.startswith(b"\xef\xbb\xbf") == files[change.path].startswith(
                b"\xef\xbb\xbf"
            )
            _outside_spans_unchanged(change.before.text, change.after, edits[change.path])
            if change.path.endswith(".py"):
                ast.parse(change.after)
                python_facts.extract(change.path, change.after)
            else:
                compose_facts.extract(change.path, change.after)
        for rel in files:
            if rel not in edits:
                assert (root / rel).read_bytes() == files[rel]
        again = diagnose(root, options)
        fixable = [f for f in again.diagnosis.findings if f.fix is not None]
        assert fixable == [], [f"{f.path}:{f.line} {f.rule} {f.message}" for f in fixable]
        plan2, changes2 = plan_changes(again, options)
        assert (plan2.fixes, changes2) == ((), [])
        assert apply.unified_diff(changes2) == ""
    finally:
        shutil.rmtree(root, ignore_errors=True)


@SETTINGS
@given(files=compose_tree())
def test_compose_apply_converges_and_touches_only_the_spans(files: dict[str, bytes]) -> None:
    _run_property(files, Options(select=frozenset({"FX2"})))


@SETTINGS
@given(files=python_tree())
def test_config_class_apply_converges_and_touches_only_the_spans(files: dict[str, bytes]) -> None:
    text = files["app/config.py"].decode("utf-8")
    if "config.x" not in text:
        return  # no drift drawn
    _run_property(files, Options(select=frozenset({"FX1"}), unsafe_fixes=True))
