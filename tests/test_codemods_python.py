"""codemods.add_fields and codemods.replace_string on real source text."""

from __future__ import annotations

import ast

import pytest
from conftest import REPO_ROOT

from codemods.add_fields import CODEMODS as ADD
from codemods.replace_string import CODEMODS as REPLACE
from fixer.errors import FixerError

add_fields = ADD["add-fields"]
replace_string = REPLACE["replace-string"]

SRC = '''from dataclasses import dataclass


@dataclass
class Cfg:
    """Doc."""

    host: str = "h"  # the host

    def url(self) -> str:
        return self.host


@dataclass
class Other:
    pass
'''


def test_adds_after_last_field_before_methods_with_imports() -> None:
    out = add_fields(
        SRC,
        "Cfg",
        4,
        (("tags", "tags: list = field(default_factory=list)"), ("port", "port: int = 1  # guess")),
        (("dataclasses", "field"),),
    )
    assert out == SRC.replace(
        '    host: str = "h"  # the host\n',
        '    host: str = "h"  # the host\n    tags: list = field(default_factory=list)\n'
        "    port: int = 1  # guess\n",
    ).replace("from dataclasses import dataclass", "from dataclasses import field, dataclass")
    compile(out, "x.py", "exec")


def test_empty_class_body_and_docstring_only() -> None:
    out = add_fields(SRC, "Other", 15, (("a", "a: int = 1"),))
    assert out.endswith("class Other:\n    a: int = 1\n")
    doc_only = 'class K:\n    """Doc."""\n\n    def m(self):\n        pass\n'
    out = add_fields(doc_only, "K", 1, (("a", "a: int = 1"),))
    assert out == 'class K:\n    """Doc."""\n    a: int = 1\n\n    def m(self):\n        pass\n'


def test_multiline_definition_and_idempotence_and_tabs() -> None:
    multi = "allowed: list[str] = field(\n    default_factory=lambda: ['a']\n)"
    out = add_fields(SRC, "Cfg", 5, (("allowed", multi),))
    assert "    allowed: list[str] = field(\n        default_factory=lambda: ['a']\n    )\n" in out
    assert add_fields(out, "Cfg", 5, (("allowed", multi),)) == out
    tabbed = "class T:\n\tx: int = 1\n"
    assert (
        add_fields(tabbed, "T", 1, (("y", "y: int = 2"),))
        == "class T:\n\tx: int = 1\n\ty: int = 2\n"
    )


def test_attrs_style_fields_and_import_module() -> None:
    src = "import attr\n\n\n@attr.s\nclass A:\n    x = attr.ib(default=1)\n    K = 3\n"
    out = add_fields(src, "A", 5, (("y", "y = attr.ib(factory=list)"),))
    assert "    x = attr.ib(default=1)\n    y = attr.ib(factory=list)\n    K = 3\n" in out
    out = add_fields("class B:\n    a: int = 1\n", "B", 1, (("b", "b: int = 2"),), (("attr", ""),))
    assert out.startswith("import attr\n")


def test_class_chosen_by_line_and_errors() -> None:
    two = "class C:\n    a: int = 1\n\n\nclass C:\n    b: int = 1\n"
    out = add_fields(two, "C", 5, (("z", "z: int = 0"),))
    assert out == two + "    z: int = 0\n"
    with pytest.raises(FixerError):
        add_fields(two, "Missing", 1, (("z", "z: int = 0"),))
    with pytest.raises(FixerError):
        add_fields("def (:\n", "C", 1, ())


@pytest.mark.parametrize(
    ("src", "new", "want"),
    [
        ('X = {"api": "backend"}\n', "backend-api", 'X = {"api": "backend-api"}\n'),
        ("X = {'api': 'backend'}\n", "it's", "X = {'api': 'it\\'s'}\n"),
        ('X = {"api": r"backend"}\n', "back/end", 'X = {"api": r"back/end"}\n'),
        ('X = {"api": b"backend"}\n', "api", 'X = {"api": b"api"}\n'),
    ],
)
def test_replace_string_keeps_prefix_and_quotes(src: str, new: str, want: str) -> None:
    col = src.index("backend") - (2 if src[src.index("backend") - 2] in "rb" else 1) + 1
    assert replace_string(src, 1, col, "backend", new) == want


def test_replace_string_refuses_mismatches() -> None:
    with pytest.raises(FixerError, match="not"):
        replace_string('x = "a"\n', 1, 5, "b", "c")
    with pytest.raises(FixerError, match="no string"):
        replace_string('x = "a"\n', 2, 1, "a", "c")
    with pytest.raises(FixerError, match="cannot write"):
        replace_string('x = r"a"\n', 1, 5, "a", 'q"\\')


def test_add_fields_finds_the_class_by_line_when_its_name_is_written_twice() -> None:
    text = (
        "from dataclasses import dataclass\n\n\n"
        "@dataclass\nclass Config:\n    a: int = 0\n\n\n"
        "def make():\n    @dataclass\n    class Config:\n        b: int = 0\n\n"
        "    return Config()\n"
    )
    inner = add_fields(text, "Config", 11, (("c", "c: int = 1"),))
    assert "        b: int = 0\n        c: int = 1\n" in inner
    assert "    a: int = 0\n\n" in inner
    outer = add_fields(text, "Config", 5, (("c", "c: int = 1"),))
    assert "    a: int = 0\n    c: int = 1\n" in outer
    assert "        b: int = 0\n\n" in outer


EDGE_CLASSES = [
    "import os\n\n\nclass A:\n  x: int = 1\n\n\ndef f():\n    return 1\n",  # 2-space class
    "def f():\n    return 1\n\n\nclass A:\n\tx: int = 1\n",  # tabs after spaces
    "class A:\n    x: int = 1\n    # trailing comment\n\n# after\nY = 2\n",
    "@dataclass  # why\n# between\n@other\nclass A:\n    x: int = 1",  # no final newline
    "class A(\n    Base,\n):\n    '''Doc.'''\n\n    def m(self):\n        pass\n",
    "class A:\n    class A:\n        y: int = 0\n    x: int = 1\n",  # a nested class of that name
    "class A:\n    x: int = 1\n\n\nclass A:\n    z: int = 1\n",  # the second one (by line)
    "X = '\x0c'\n\x0c\nclass A:\n    x: int = 1\n",  # a form feed is not a line break
    "def f():\n  return 1\n\n\nclass A: x: int = 1\n",  # one line: the module's indent
    "class A:\r\n    x: int = 1\r\n",  # CRLF: edited as a whole module
]


def on_whole_module(
    monkeypatch: pytest.MonkeyPatch, text: str, name: str, line: int, field: tuple
) -> str:
    """``add_fields`` with libcst on the whole module, never on the class alone."""
    with monkeypatch.context() as patch:
        patch.setattr("codemods.add_fields._class_span", lambda *args: None)
        return add_fields(text, name, line, field)


@pytest.mark.parametrize("src", EDGE_CLASSES)
def test_add_fields_on_the_class_alone_equals_the_whole_module(
    monkeypatch: pytest.MonkeyPatch, src: str
) -> None:
    line = max(i for i, text in enumerate(src.splitlines(), 1) if text.startswith("class A"))
    field = (("added", "added: str = 'x'  # new"),)
    whole = on_whole_module(monkeypatch, src, "A", line, field)
    assert add_fields(src, "A", line, field) == whole != src


def test_add_fields_on_every_class_of_fixers_tree_equals_the_whole_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last top-level class of each module of fixer's own code and fixtures (one a
    module: libcst on a whole module is what is slow), edited alone and as part of its whole
    module: the same text."""
    field = (("zz_added", "zz_added: int = 0  # added"),)
    compared = 0
    for folder in ("fixer", "codemods", "fixtures"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue  # fixtures broken on purpose
            classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
            if classes:
                node = classes[-1]
                whole = on_whole_module(monkeypatch, text, node.name, node.lineno, field)
                assert add_fields(text, node.name, node.lineno, field) == whole, path
                compared += 1
    assert compared >= 30
