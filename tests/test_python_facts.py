"""fixer.facts.python: module names, imports, classes, typed reads, string-literal facts."""

from __future__ import annotations

import pytest

from fixer.errors import FixerError
from fixer.facts.python import StrLit, TypeRef, extract, module_name
from fixer.model import Position


@pytest.mark.parametrize(
    ("path", "name", "package"),
    [
        ("app/config.py", "app.config", False),
        ("src/pkg/mod.py", "pkg.mod", False),
        ("src/pkg/__init__.py", "pkg", True),
        ("backend/src/pkg/sub/x.py", "pkg.sub.x", False),
        ("setup.py", "setup", False),
    ],
)
def test_module_name(path: str, name: str, package: bool) -> None:
    assert module_name(path) == (name, package)


def test_syntax_error_is_a_fixer_error_with_its_line() -> None:
    with pytest.raises(FixerError) as info:
        extract("a/b.py", "x = 1\n\ndef f(:\n")
    assert info.value.path == "a/b.py" and info.value.line == 3
    assert str(info.value).startswith("a/b.py:3: syntax error")


def test_huge_file_is_refused() -> None:
    with pytest.raises(FixerError, match="huge"):
        extract("gen.py", "x = 1\n" * 300_000)


def test_relative_imports_and_aliases() -> None:
    m = extract(
        "src/pkg/sub/mod.py",
        "from . import a\nfrom ..b import C as D\nimport os.path\nimport x.y as z\n"
        "from .c import *\nAlias = D\n",
    )
    assert dict(m.bindings)["a"] == "pkg.sub.a"
    assert dict(m.bindings)["D"] == "pkg.b.C"
    assert dict(m.bindings)["os"] == "os"
    assert dict(m.bindings)["z"] == "x.y"
    assert dict(m.bindings)["Alias"] == "pkg.b.C"
    assert m.star_imports == ("pkg.sub.c",)


def test_conditional_imports_of_one_name_are_ambiguous() -> None:
    m = extract("m.py", "try:\n    from a import C\nexcept ImportError:\n    from b import C\n")
    assert m.binding("C") == "?"


def test_class_kinds_flags_fields_and_members() -> None:
    m = extract(
        "app/c.py",
        '''
import attr
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple
from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class D:
    """Doc."""
    a: int = 1
    b: list = field(default_factory=list)  # why
    K: ClassVar[int] = 0

    def __post_init__(self):
        object.__setattr__(self, "c", 1)

    def m(self):
        self.d = 2


@attr.s(slots=True)
class A:
    x = attr.ib(default=1)


class P(BaseModel):
    model_config = ConfigDict(extra="allow")
    y: int = 0


class N(NamedTuple):
    z: int


class G:
    def __getattr__(self, name):
        return 1
''',
    )
    d, a, p, n, g = m.classes
    assert (d.kind, d.frozen, d.slots) == ("dataclass", True, False)
    assert [f.name for f in d.fields] == ["a", "b"]
    assert d.fields[1].source == "b: list = field(default_factory=list)  # why"
    assert d.fields[1].call == "dataclasses.field"
    assert {"a", "b", "K", "c", "d", "m", "__post_init__"} <= d.members
    assert d.insert_after_line == 12 and d.indent == "    "
    assert (a.kind, a.slots, a.attrs_style) == ("attrs", True, True)
    assert (p.kind, p.dynamic) == ("pydantic", True)
    assert (n.kind, n.frozen) == ("namedtuple", True)
    assert (g.kind, g.dynamic) == ("plain", True)


def test_typed_reads_only_and_their_uses() -> None:
    m = extract(
        "app/u.py",
        """
import time
from typing import Optional
from app.cfg import Cfg, get


def f(c: Optional[Cfg], untyped):
    x = get()
    y = Cfg()
    untyped.a
    time.sleep(c.interval)
    for s in x.services:
        pass
    return y.timeout + 1, c.name.lower()
""",
    )
    got = {(r.receiver.text, r.attr, r.use) for r in m.reads}
    assert got == {
        ("c", "interval", "number"),
        ("x", "services", "iter"),
        ("y", "timeout", "number"),
        ("c", "name", "str"),
        ("c.name", "lower", "call"),
    }
    types = {r.attr: r.receiver.types for r in m.reads}
    assert types["interval"] == (TypeRef("instance", "app.cfg.Cfg"),)
    assert types["services"] == (TypeRef("call", "app.cfg.get"),)


def test_guarded_and_unreachable_reads_are_not_recorded() -> None:
    m = extract(
        "app/u.py",
        """
from app.cfg import Cfg


def f(c: Cfg):
    if hasattr(c, "a"):
        c.a
    v = c.b if hasattr(c, "b") else 0
    try:
        c.d
    except (KeyError, AttributeError):
        pass
    return v
    c.e
""",
    )
    assert m.reads == ()


def test_self_attribute_types_and_writes() -> None:
    m = extract(
        "app/t.py",
        """
from app.cfg import Cfg


class T:
    def __init__(self, config=None):
        self.config = config or Cfg()

    def run(self, other: Cfg, anything):
        other.flag = True
        anything.seen = 1
        return self.config.port
""",
    )
    (t,) = m.classes
    assert dict(t.attr_types)["config"] == (TypeRef("call", "app.cfg.Cfg"),)
    (read,) = m.reads
    assert read.receiver.types == (TypeRef("self", "app.t.T"),)
    assert read.receiver.path == ("config",) and read.attr == "port"
    assert [(w.receiver.text, w.attr) for w in m.writes] == [("other", "flag")]
    assert m.untyped_writes == frozenset({"seen"})


def test_calls_getattr_defaults_and_returns() -> None:
    m = extract(
        "app/k.py",
        """
from app.cfg import Cfg


def make() -> "Cfg":
    return Cfg(host="h", port=5432, **extra)


def g(c: Cfg):
    return getattr(c, "debug", False)
""",
    )
    assert dict(m.functions) == {"make": "app.cfg.Cfg"}
    (call,) = m.calls
    assert call.func == "app.cfg.Cfg" and call.star_kwargs
    assert [(k.name, k.value, k.use) for k in call.keywords] == [
        ("host", '"h"', "str"),
        ("port", "5432", "number"),
    ]
    (g,) = m.getattr_defaults
    assert (g.attr, g.default) == ("debug", "False")


def test_string_mapping_with_spans_quotes_and_context() -> None:
    text = """
class Services:
    def names(self, env):
        label = "compose"
        if env == "staging":
            return {}
        elif env == "prod":
            return {"api": 'backend-api', "wéb": "frontend"}
"""
    m = extract("app/s.py", text)
    (mapping,) = m.mappings
    assert [k for k, _ in mapping.entries] == ["api", "wéb"]
    api, web = (v for _, v in mapping.entries)
    assert api == StrLit("backend-api", Position(8, 28), Position(8, 41), "'")
    assert web == StrLit("frontend", Position(8, 50), Position(8, 60), '"')
    lines = text.split("\n")
    assert lines[7][49:59] == '"frontend"'
    assert "prod" in mapping.context and "staging" not in mapping.context
    assert {"Services", "names", "compose"} <= set(mapping.context)


def test_string_sequences_and_paths() -> None:
    m = extract(
        "app/p.py",
        """
SERVICES = ["api", "worker", f"x{1}"]
NAMES = ("api", "worker")
FILES = {"docker/Dockerfile.api", "config/settings.yaml"}
URL = "https://example.com/a.txt"
GLOB = "tests/*.py"
MIME = "application/json"
FOLDER = "deploy/docker"
SENTENCE = "see docs/index.md now"
IMPLICIT = ("a/b.py" "c")
""",
    )
    assert [[i.value for i in s.items] for s in m.sequences] == [
        ["api", "worker"],
        ["docker/Dockerfile.api", "config/settings.yaml"],
    ]
    assert sorted(p.value for p in m.paths) == [
        "config/settings.yaml",
        "deploy/docker",
        "docker/Dockerfile.api",
        "see docs/index.md now",  # a path as one token: FX401 decides, logs never count
    ]


_WALK_SAMPLE = """
import os as o
from . import x
@deco(1)
class C(B, metaclass=M):
    a: int = 1
    def m(self, p: "T" = None, *a, k=2, **kw) -> R:
        self.v = [i async for i in g() if i] or {k: v for k, v in d.items()}
        with open(f"{p!r:>{w}}") as (f, g):
            del q[1:2, ::3]
        try:
            pass
        except (E, F) as e:
            raise X from e
        match p:
            case {"k": [1, *rest]} | Point(x=0) as z if z:
                return lambda q=1: q
        return not -a < b is not c
"""


def test_child_traversal_matches_ast() -> None:
    """The fast child table agrees with ``ast`` (minus contexts and operators), on any Python."""
    import ast

    from fixer.facts.python import _SINGLETONS, _reversed_children, _walk

    tree = ast.parse(_WALK_SAMPLE)
    for node in ast.walk(tree):
        want = [c for c in ast.iter_child_nodes(node) if not isinstance(c, _SINGLETONS)]
        assert _reversed_children(node)[::-1] == want, type(node).__name__
    assert _walk(tree) == [n for n in ast.walk(tree) if not isinstance(n, _SINGLETONS)]


def test_functions_with_an_ellipsis_body_still_give_their_facts() -> None:
    """Bodies of ``...`` alone are not walked (most are narrowed stubs); what such a function
    says elsewhere (parameter defaults, its name, its class's members) is still recorded."""
    m = extract(
        "app/proto.py",
        "from app.config import Cfg\n\n\n"
        "def make(c=Cfg(port=1)) -> Cfg: ...\n\n\n"
        "class Port:\n    def open(self): ...\n\n    def close(self, n=Cfg(host='h')): ...\n",
    )
    assert [(c.func, [k.name for k in c.keywords]) for c in m.calls] == [
        ("app.config.Cfg", ["port"]),
        ("app.config.Cfg", ["host"]),
    ]
    assert dict(m.functions) == {"make": "app.config.Cfg"}
    assert m.class_named("Port").members >= {"open", "close"}


def test_broad_handlers_are_recorded_with_what_they_do() -> None:
    m = extract(
        "app/h.py",
        """
import logging
from contextlib import suppress

from app.cfg import Cfg

log = logging.getLogger(__name__)


def f(c: Cfg):
    try:
        a = c.a
    except KeyError:
        pass
    except Exception as exc:
        log.warning("no a: %s", exc)
        return 0
    try:
        c.b
    except:
        raise
    try:
        c.c
    except (ValueError, BaseException) as e:
        raise RuntimeError("c") from e
    with suppress(Exception):
        c.d
    try:
        def later():
            return c.e
    except Exception:
        pass
    return a
""",
    )
    handlers = {r.attr: r.handler for r in m.reads}
    assert handlers["a"] is not None and handlers["a"].line == 15
    assert handlers["a"].clause == "except Exception" and not handlers["a"].reraises
    assert handlers["a"].outcome == ("a log message (`log.warning`), then the return value `0`")
    assert handlers["b"] is not None and handlers["b"].clause == "except:"
    assert handlers["b"].reraises
    assert handlers["c"] is not None and handlers["c"].outcome == "a `RuntimeError`"
    assert handlers["d"] is not None and handlers["d"].clause == "suppress(Exception)"
    assert handlers["e"] is None  # the handler does not run the function's body


def test_receivers_from_unannotated_functions_annotated_and_class_objects() -> None:
    m = extract(
        "app/r.py",
        """
import dataclasses
from pathlib import Path
from typing import Annotated

from app.cfg import Cfg


@dataclasses.dataclass
class Local:
    a: int = 1


def load(env):
    if env:
        return Cfg(host=env)
    cfg = Cfg()
    return cfg


def maybe(env):
    if env:
        return Cfg()
    return None


def path():
    return Path("x")


def route(item: Annotated[Cfg, "body"]):
    return item.x, Local.y, Cfg.z


def shadowed(Local):
    return Local.w
""",
    )
    assert dict(m.functions) == {"load": "app.cfg.Cfg"}
    recs = {r.attr: r.receiver.types for r in m.reads}
    assert recs["x"] == (TypeRef("instance", "app.cfg.Cfg"),)
    assert recs["y"] == (TypeRef("var", "app.r.Local"),)
    assert recs["z"] == (TypeRef("var", "app.cfg.Cfg"),)
    assert "w" not in recs


def test_attributes_set_on_some_branches_of_init_only() -> None:
    m = extract(
        "app/p.py",
        """
import os


class C:
    def __init__(self, limit=None, cache=False, mode=None):
        self.cache_on = cache
        if limit is not None:
            self.limit = limit
        if cache:
            self.store = {}
        if os.environ.get("X"):
            self.env = 1
        if mode:
            self.a = 1
        else:
            self.a = 2
        if self.cache_on:
            self.b = 1
        if mode == "x":
            self.c = 1
            self.kind = "x"
        else:
            self.kind = "y"

    def run(self):
        return self.limit, self.store, self.other
""",
    )
    (c,) = m.classes
    assert [(p.name, p.line, p.test, p.indent) for p in c.partial] == [
        ("limit", 8, "limit is not None", "        ")
    ]
    assert [r.attr for r in m.reads] == ["limit"]  # only partial attributes of plain self
