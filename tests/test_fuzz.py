"""Bounded fuzzing of the YAML and Python fact extractors (hypothesis).

Contract: any text either gives facts or raises :class:`FixerError` carrying the path it was
given and a line number inside the file. Any other exception (IndexError, KeyError, a ruamel
internal error, a RecursionError...) is a crash.

Inputs are drawn three ways: token soup (the characters and words that matter to each
grammar: indentation, tabs, quotes, anchors, merge keys, decorators, f-strings...), mutations
of real files (the incident fixture's compose and Python files, spliced with tokens), and
whole files assembled from a small grammar (compose services with odd quoting; dataclasses,
pydantic models and attribute reads).

The suite runs a few hundred examples per target. The long run (documented in the CHANGELOG)::

    FIXER_FUZZ_EXAMPLES=20000 python -m pytest -q tests/test_fuzz.py -p no:cacheprovider

prints ``fuzz: <target>: <n> inputs`` for each target (use ``-s`` to see it).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.errors import FixerError
from fixer.facts import compose, python
from fixer.text import LineIndex

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = int(os.environ.get("FIXER_FUZZ_EXAMPLES", "250"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _seeds(patterns: tuple[str, ...], limit: int = 40_000) -> list[str]:
    out = []
    for pattern in patterns:
        for path in sorted(FIXTURES.rglob(pattern)):
            text = path.read_text(encoding="utf-8", errors="replace")
            if len(text) <= limit:
                out.append(text)
    return out or [""]


PY_SEEDS = _seeds(("*.py",))
YAML_SEEDS = _seeds(("*.yml", "*.yaml"))

YAML_TOKENS = [
    "\n", "\r\n", "\r", "\t", " ", "  ", "    ", "-", "- ", ": ", ":", "?", "? ", ",", "[", "]",
    "{", "}", "'", '"', "''", '\\"', "#", " # c", "&a ", "*a", "&b ", "*b", "<<: ", "<<: *a",
    "!!str ", "!!map ", "!custom ", "|", "|-", ">", ">+", "---\n", "...\n", "%YAML 1.2\n",
    "services", "build", "context", "dockerfile", "image", "depends_on", "extends", "file",
    "service", "env_file", "volumes", "links", "networks", "${VAR:-x}", "$$", "./", "../",
    "/abs", "docker/app.Dockerfile", "null", "~", "true", "1", "0x1", "\ufeff", "é", "\u2028",
    "\x85", "\x00", "\x7f", "\ud7ff",
]  # fmt: skip
PY_TOKENS = [
    "\n", "\r\n", "\r", "\t", " ", "    ", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=",
    "==", "->", "@", "*", "**", "'", '"', '"""', "'''", "f'", 'f"', "{x}", "#", "\\", "\\\n",
    "class ", "def ", "async ", "await ", "lambda ", "return ", "if ", "else", "for ", "in ",
    "with ", "import ", "from ", " as ", "global ", "nonlocal ", "del ", "yield ", "match ",
    "case ", "type ", "self", "cls", "config", "settings", ".attr", "getattr(", "setattr(",
    "hasattr(", "@dataclass", "@dataclasses.dataclass(frozen=True)", "BaseModel", "BaseSettings",
    "field(default_factory=list)", "Field(", "x: int = 1", "os.environ", "Path(", "__slots__",
    "__getattr__", "TypedDict", "NamedTuple", "Enum", "é", "\u00a0", "\ufeff", "\x00", "\x0c",
]  # fmt: skip


def _soup(tokens: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=3))
    return st.lists(piece, max_size=80).map("".join)


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[str], tokens: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + draw(st.one_of(st.sampled_from(tokens), st.just(""))) + text[j:]
    return text


SCALAR = st.one_of(
    st.sampled_from(["docker/app.Dockerfile", "./x", "../up", "a b", "", "#no", "x: y", "*a"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
)


@st.composite
def _compose_doc(draw: st.DrawFn) -> str:
    lines = ["services:"]
    for i in range(draw(st.integers(0, 4))):
        ind = draw(st.sampled_from(["  ", "    ", "\t", " "]))
        lines.append(f"{ind}s{i}:{draw(st.sampled_from(['', ' &a', ' *a', ' # c']))}")
        for key in draw(st.lists(st.sampled_from(["build", "image", "extends", "<<"]), max_size=3)):
            q = draw(st.sampled_from(["", "'", '"']))
            lines.append(f"{ind}{ind}{key}: {q}{draw(SCALAR)}{q}")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n"]))


@st.composite
def _python_doc(draw: st.DrawFn) -> str:
    ind = draw(st.sampled_from(["    ", "\t", "  "]))
    deco = draw(st.sampled_from(["@dataclass\n", "", "@dataclass(frozen=True)\n"]))
    base = draw(st.sampled_from(["", "(BaseModel)", "(BaseSettings)", "(object)"]))
    fields = draw(st.lists(st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True), max_size=4))
    body = [f"{ind}{f}: int = {i}" for i, f in enumerate(fields)] or [f"{ind}pass"]
    reads = draw(st.lists(st.from_regex(r"[a-z_]{1,6}", fullmatch=True), max_size=4))
    use = [f"def use(c: C) -> None:\n{ind}print(c.{r})" for r in reads]
    return f"{deco}class C{base}:\n" + "\n".join(body) + "\n\n" + "\n\n".join(use) + "\n"


def _check(extract: object, path: str, text: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning would print outside the report
            extract(path, text)  # type: ignore[operator]
    except FixerError as exc:
        assert exc.path == path, exc
        lines = len(LineIndex(text).starts)
        assert isinstance(exc.line, int) and 1 <= exc.line <= lines + 1, exc
        assert "\n" not in str(exc), repr(str(exc))


YAML_INPUTS = st.one_of(_soup(YAML_TOKENS), _mutated(YAML_SEEDS, YAML_TOKENS), _compose_doc())
PY_INPUTS = st.one_of(_soup(PY_TOKENS), _mutated(PY_SEEDS, PY_TOKENS), _python_doc())


@FUZZ
@given(text=YAML_INPUTS, name=st.sampled_from(["docker-compose.yml", "ci/other.yaml"]))
def test_fuzz_yaml_extractor(text: str, name: str) -> None:
    _check(compose.extract, name, text)


@FUZZ
@given(text=PY_INPUTS)
def test_fuzz_python_extractor(text: str) -> None:
    _check(python.extract, "pkg/mod.py", text)


@FUZZ
@given(
    eols=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=6, max_size=6),
    pad=st.sampled_from(["", "é", "\t"]),
)
def test_python_positions_point_at_the_source_whatever_the_line_endings(
    eols: list[str], pad: str
) -> None:
    """Facts' positions, read back through LineIndex, land on the text they name."""
    a, b, c, d, e, f = eols
    text = (
        f"from dataclasses import dataclass{a}@dataclass{b}class C:{c}    x: int = 1{d}"
        f"def f(cfg: C):{e}    {pad!r}; return cfg.some_field{f}"
    )
    module = python.extract("m.py", text)
    index = LineIndex(text)
    [read] = [r for r in module.reads if r.attr == "some_field"]
    assert "cfg.some_field" in index.line_text(read.line), read
    end = index.offset(read.end)
    assert text[:end].endswith("cfg.some_field"), (text[:end], read)


# Newer syntax in the soup: the dispatcher parses files ``ast`` rejects with libcst too.
NEWER_TOKENS = [
    *PY_TOKENS, "[T]", "[T: int]", "[T = int]", "[*Ts]", "type X = ", "except* ", "except A, B:",
    "t'", "f'{'", "'}'", 'f"{f"{', '}"}"', "{x:{y:{z}}}", "{x!r}", "{x=}",
]  # fmt: skip


@FUZZ
@given(text=st.one_of(_soup(NEWER_TOKENS), _mutated(PY_SEEDS, NEWER_TOKENS)))
def test_fuzz_python_dispatcher_with_newer_syntax(text: str) -> None:
    """Facts, a Skipped (valid newer Python) or a FixerError: libcst never crashes a run."""
    from fixer.facts import python_facts

    _check(python_facts, "pkg/mod.py", text)


@FUZZ
@given(text=st.one_of(_soup([*YAML_TOKENS, "{{ x }}", "{{- if y }}", "${{ z }}", "{% a %}"])))
def test_fuzz_yaml_dispatcher_with_templates(text: str) -> None:
    from fixer.facts import yaml_facts

    _check(yaml_facts, "chart/values.yaml", text)
