"""fixer.facts.outline: top-level function bodies no rule can use are parsed as ``...``.

The promise is about facts: narrowed facts have the same classes, imports, bindings, globals
and function return types as the whole file's; reads, writes, calls and literals are a
subset; untyped writes a superset. It is checked here on small cases and on every Python
file of fixer's own tree and of a generated benchmark tree; and the findings of every rule on
that benchmark tree are the same with and without narrowing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from fixer.config import Options
from fixer.facts import gather
from fixer.facts import prefilter as pre
from fixer.facts.outline import Narrowed, narrow
from fixer.facts.python import PythonModule, extract
from fixer.rules import all_rules
from fixer.rules import run as run_rules
from fixer.workspace import discover

CONTEXT = pre.Context(frozenset({b"AppConfig", b"settings"}))

HEAD = b'''"""A module with one config class."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from .runner import Runner


@dataclass
class Local:
    port: int = 0


LIMIT = 3


'''


def narrowed(body: bytes, context: pre.Context = CONTEXT) -> Narrowed | None:
    return narrow(HEAD + body, context)


def stubbed(body: bytes) -> list[str]:
    """Names of the functions whose bodies were dropped."""
    out = narrowed(body)
    if out is None:
        return []
    lines = out.text.splitlines()
    return [lines[n - 1].split("def ", 1)[1].split("(", 1)[0] for n in out.stubs]


def test_an_unrelated_function_keeps_its_name_and_return_type_and_loses_the_rest() -> None:
    body = b'@functools.cache\ndef total(rows: list[dict],\n          key: str = "n") -> int:\n'
    body += b"    s = 0\n    for r in rows:\n        s += r[key]\n    return s\n\n\nX = 1\n"
    out = narrowed(body)
    assert out is not None
    original = (HEAD + body).decode()
    assert out.text.count("\n") == original.count("\n")
    lines = out.text.splitlines()
    assert lines[out.stubs[0] - 1] == "def total() -> int: ..."
    assert lines[out.stubs[0] - 2] == ""  # the decorator
    assert lines[-1] == "X = 1"  # kept lines are the original ones


def test_a_decorator_that_binds_a_name_is_kept() -> None:
    body = b"@(hook := register)\nasync def run(a, b):\n    return a + b\n"
    out = narrowed(body)
    assert out is not None
    assert out.text.endswith("@(hook := register)\nasync def run(): ...\n\n")


@pytest.mark.parametrize(
    ("signature", "stub"),
    [
        (b"def add(self, item: str) -> None:", b"def add(self):"),
        (b"def make(cls, /, n=1):", b"def make(cls):"),
        (b"def ping():", b"def ping():"),
        (b"def rest(*args, key):", b"def rest(*args, key):"),  # starts with a star: as it is
        (b"def typed[T](self, x: T) -> T:", b"def typed[T](self, x: T) -> T:"),
    ],
)
def test_a_narrowed_method_keeps_its_name_and_first_parameter(
    signature: bytes, stub: bytes
) -> None:
    out = narrowed(b"class Basket:\n    @staticmethod\n    " + signature + b"\n        return 1\n")
    assert out is not None and out.methods
    assert out.text.endswith("    @staticmethod\n    " + stub.decode() + "\n     ...\n")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"def f(c):\n    return c.port + AppConfig().port\n", "a context name"),
        (b"def f():\n    return settings.port\n", "a context name (a module variable)"),
        (b"def f():\n    return Local().port\n", "a class of this file"),
        (b"def f():\n    return Runner().config.port\n", "a name imported from this project"),
        (b"def f():\n    return LIMIT + 1\n", "a module-level variable"),
        (b"def f(x):\n    return getattr(x, 'port', 0)\n", "a marker word (getattr)"),
        (b"def __getattr__(name):\n    return 1\n", "a dunder function"),
        (b'def f():\n    s = """\n"""\n    t = """\n    return 1\n', "odd triple quotes"),
        (b"def f(\na: int,\n) -> int:\n    return a\n", "a signature split at column 0"),
    ],
)
def test_functions_that_may_matter_are_kept_whole(body: bytes, why: str) -> None:
    assert stubbed(body) == [], why


def test_a_function_returning_a_relevant_type_makes_its_callers_relevant() -> None:
    body = b"def make() -> Local:\n    return Local()\n\n\n"
    body += b"def use():\n    x = make()\n    x.port = 2\n\n\n"
    body += b"def other(a):\n    return a * 2\n"
    assert stubbed(body) == ["other"]


def test_stdlib_imports_do_not_make_functions_relevant() -> None:
    body = b"def dump(x: Optional[int]) -> str:\n    return json.dumps(x)\n"
    assert stubbed(body) == ["dump"]


@pytest.mark.parametrize(
    "head",
    [
        b"import subprocess\nCMD = ['docker', 'compose', 'up']\n",
        b"FILES = ['base.yml']\n",
        b"from .models import *\n",
    ],
    ids=["docker words", "a YAML name", "a star import"],
)
def test_files_the_string_rules_read_or_with_unknown_names_are_not_narrowed(head: bytes) -> None:
    data = head + b"\n\ndef f(a):\n    return a * 2\n"
    assert narrow(data, CONTEXT) is None


def test_a_renamed_file_name_keeps_the_file_whole() -> None:
    context = pre.Context(frozenset({b"AppConfig"}), frozenset({b"run.sh"}))
    assert narrow(b"def f():\n    return 'scripts/run.sh'\n", context) is None
    assert narrow(b"def f():\n    return 'scripts/go.sh'\n", context) is not None


def test_attributes_a_dropped_body_assigns_become_untyped_writes() -> None:
    body = b"def f(a, b, d):\n    a.x = 1\n    a.y += 1\n    a.z: int = 2\n"
    body += b"    a.p, b.q = 1, 2\n    (b.r) = 3\n    for a.s in d:\n        pass\n"
    body += b"    with open(d) as b.t:\n        pass\n    if a.u == 1 and a.v <= 2:\n"
    body += b"        return a.w\n"
    out = narrowed(body)
    assert out is not None
    assert out.untyped_writes >= {"x", "y", "z", "p", "q", "r", "s", "t"}
    assert not out.untyped_writes & {"u", "w"}


def test_crlf_files_are_narrowed_and_lone_cr_files_are_not() -> None:
    body = b"def f(a):\n    return a * 2\n"
    assert narrow((HEAD + body).replace(b"\n", b"\r\n"), CONTEXT) is not None
    assert narrow((HEAD + body).replace(b"\n", b"\r"), CONTEXT) is None


def test_a_stub_that_is_not_a_top_level_function_falls_back_to_the_whole_file() -> None:
    text = "class A:\n    x: int = 0\n\n\ndef f(a):\n    a.y = 1\n"
    wrong = Narrowed(text.replace("    a.y = 1\n", "\n"), (2,), frozenset())
    assert extract("m.py", text, wrong) == extract("m.py", text)


def test_a_syntax_error_in_the_narrowed_text_falls_back_to_the_whole_file() -> None:
    text = "def f(a):\n    return a.b\n"
    broken = Narrowed("def f(a:\n", (1,), frozenset())
    assert extract("m.py", text, broken) == extract("m.py", text)


# ---------------------------------------------------------------- facts on real trees

SAME = ("imports", "star_imports", "bindings", "globals", "functions", "classes", "loose_fields")
SUBSET = ("reads", "writes", "calls", "getattr_defaults", "mappings", "sequences", "paths")


def assert_narrowed_facts_agree(full: PythonModule, part: PythonModule, path: str) -> None:
    for name in SAME:
        assert getattr(part, name) == getattr(full, name), (path, name)
    assert part.dynamic_module == full.dynamic_module, path
    for name in (*SUBSET, "commands", "compose_names"):
        assert set(getattr(part, name)) <= set(getattr(full, name)), (path, name)
    assert part.untyped_writes >= full.untyped_writes, path


def check_tree(root: Path, files: list[str]) -> int:
    """Compare narrowed and whole facts for every wanted Python file; how many narrowed."""
    datas = {rel: (root / rel).read_bytes() for rel in files if rel.endswith(".py")}
    context = pre.build_context(pre.config_names(d) for d in datas.values())
    count = 0
    for rel, data in sorted(datas.items()):
        if not pre.python_wanted(rel, data, context):
            continue
        out = narrow(data, context)
        if out is None:
            continue
        text = data.decode("utf-8")
        try:
            full = extract(rel, text)
        except Exception:
            continue  # fixtures with syntax errors on purpose
        assert_narrowed_facts_agree(full, extract(rel, text, out), rel)
        count += 1
    return count


def test_fixers_own_tree() -> None:
    workspace = discover(REPO_ROOT)
    assert check_tree(REPO_ROOT, sorted(workspace.files)) >= 5


@pytest.fixture(scope="module")
def bench_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "mono"
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), str(root), "--scale", "0.03"],
        capture_output=True,
        check=True,
    )
    return root


def test_generated_monorepo_facts(bench_tree: Path) -> None:
    workspace = discover(bench_tree)
    assert check_tree(bench_tree, sorted(workspace.files)) >= 20


def test_generated_monorepo_findings_are_the_same(bench_tree: Path) -> None:
    workspace = discover(bench_tree)
    options = Options()
    rules = all_rules()
    found = {}
    for prefilter in (False, True):  # True: the prefilter and narrowing, as on large trees
        facts, _ = gather(workspace, prefilter=prefilter, use_cache=False)
        found[prefilter] = sorted(
            (f.rule, f.path, f.line, f.symbol, f.message) for f in run_rules(facts, options, rules)
        )
    assert found[True] == found[False]
    assert len({rule for rule, *_ in found[True]}) >= 10


# ---------------------------------------------------------------- classes

PLAIN = b"""class Basket:
    \"\"\"Items and a size.\"\"\"

    SIZE = 3

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, item: str) -> None:
        self.items.append(item)
        self.count = len(self.items)  # trailing comment

    # a comment at the end of the class
"""


def test_a_plain_class_keeps_its_shape_and_loses_its_method_bodies() -> None:
    out = narrowed(PLAIN)
    assert out is not None
    head_lines = HEAD.count(b"\n")
    assert [line - head_lines for _, line in out.methods] == [6, 10]
    assert dict(out.members)[head_lines + 1] >= {"name", "items", "count"}
    original = (HEAD + PLAIN).decode()
    assert out.text.count("\n") == original.count("\n")
    assert "self.items.append" not in out.text and "SIZE = 3" in out.text
    full, part = extract("m.py", original), extract("m.py", original, out)
    assert part.classes == full.classes  # members, extent and the rest
    assert part.class_named("Basket").end_line == head_lines + 12


@pytest.mark.parametrize(
    ("header", "body"),
    [
        (b"class Basket(Runner):\n", b"        self.n = 1\n"),  # a base from this project
        (b"class Basket:\n", b"        self.cfg = AppConfig()\n"),  # a context name
        (b"class Basket:\n", b"        self.d = Local()\n"),  # a class of this file
        (b"class Basket:\n", b"        vars(self).update(self.__dict__)\n"),  # dynamic
        (b"@dataclass\nclass Basket:\n", b"        self.n = 1\n"),  # a config class
    ],
)
def test_classes_that_may_matter_are_kept_whole(header: bytes, body: bytes) -> None:
    text = header + b"    def __init__(self):\n" + body
    out = narrowed(text)
    assert out is None or not out.methods, text


def test_mangled_sources_never_raise_and_keep_their_line_count() -> None:
    """Narrowing runs on arbitrary bytes before any parse: cut and mangled files must give
    None or a text with exactly the original number of lines."""
    import random

    function = b'def total(rows: list[dict], key: str = "n") -> int:\n'
    function += b"    return sum(r[key] for r in rows)\n\n\n"
    source = HEAD + (PLAIN + b"\n\n" + function) * 20
    rnd = random.Random(7)
    narrowed_some = 0
    for _ in range(400):
        data = bytearray(source[: rnd.randrange(len(source))])
        for _ in range(4):
            if data:
                data[rnd.randrange(len(data))] = rnd.choice(b"\n :()@\"'#\\defclas")
        out = narrow(bytes(data), CONTEXT)
        if out is not None:
            narrowed_some += 1
            assert out.text.count("\n") == bytes(data).decode("utf-8", "replace").count("\n")
    assert narrowed_some > 50
