"""The byte prefilter's search (one Aho-Corasick automaton) against its definition: a marker
anywhere, or a context name equal to a token, or a renamed file's name."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.facts.history import History
from fixer.facts.prefilter import (
    DASHED_BYTES,
    DFA_MAX_PATTERNS,
    MARKERS,
    Context,
    build_context,
    mentions_files,
    python_wanted,
)


def reference(data: bytes, context: Context) -> bool:
    """The prefilter's definition, written the slow, obvious way."""
    if any(m in data for m in MARKERS):
        return True
    if not context.names.isdisjoint(data.translate(DASHED_BYTES).split()):
        return True
    return mentions_files(data, context)


NAMES = (b"Foo", b"FooBar", b"oBa", b"settings", b"web-app", b"x", b"\xc3\xa9t\xc3\xa9", b"a.b")
CONTEXT = build_context([NAMES], History(renames={"old/run.sh": None}))  # type: ignore[dict-item]
PIECES = [
    *NAMES,
    b"Foo",
    b"Bar",
    b"_",
    b"-",
    b".",
    b" ",
    b"\n",
    b"(",
    b"\xc3\xa9",
    b"9",
    b"attr",
    b"ocke",
    b"run.sh",
    b"run",
    b".sh",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_search_agrees_with_the_definition(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    assert python_wanted("m.py", data, CONTEXT) is reference(data, CONTEXT)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (b"cfg: Foo = load()", True),  # a name as a token
        (b"v = FooBarBaz()", False),  # only inside a longer identifier
        (b"y = FooBar()", True),  # a name that contains another name
        (b"z = aFooBar", False),
        (b"Foo-x = 1", False),  # dashes belong to tokens (folder names hold them)
        (b"path = 'web-app/main.py'", True),
        (b"a.b = 1", False),  # a name with a dot can never be a token
        (b"w = 'old dataclass'", True),  # a marker anywhere
        (b"os.system('run.sh')", True),  # a renamed file's name
        (b"os.system('prerun.sh')", False),
        (b"", False),
    ],
)
def test_examples(text: bytes, wanted: bool) -> None:
    assert python_wanted("m.py", text, CONTEXT) is wanted
    assert reference(text, CONTEXT) is wanted


def test_context_pickles_without_its_automaton() -> None:
    context = build_context([NAMES])
    assert python_wanted("m.py", b"Foo()", context)  # builds the automaton
    assert "searcher" in context.__dict__
    copy = pickle.loads(pickle.dumps(context))
    assert "searcher" not in copy.__dict__
    assert copy == context and copy.digest == context.digest
    assert python_wanted("m.py", b"Foo()", copy) and not python_wanted("m.py", b"Fo()", copy)


def test_an_empty_context_still_finds_markers() -> None:
    context = Context()
    assert python_wanted("m.py", b"@dataclass\nclass A: ...", context)
    assert not python_wanted("m.py", b"print(1)", context)


def test_a_context_too_large_for_a_dfa_finds_the_same() -> None:
    names = [b"Cfg%d" % i for i in range(DFA_MAX_PATTERNS + 500)]
    context = build_context([names])
    assert len(context.names) > DFA_MAX_PATTERNS  # the library picks the automaton here
    for text in (b"x = Cfg3499()", b"x = Cfg35000()", b"x = Cfg1", b"print(1)"):
        assert python_wanted("m.py", text, context) is reference(text, context), text


def test_subclasses_of_config_classes_anywhere_are_context_names() -> None:
    """``class ItemIn(ItemBase)`` where ``ItemBase(BaseModel)`` lives in another file (and
    that class's own subclasses, to any depth) types reads as much as the base does. Like
    config classes, relations are read only from files holding a word of CONFIG_GATE."""
    from fixer.facts.prefilter import config_names

    files = [
        b"from pydantic import BaseModel\n\nclass ItemBase(BaseModel):\n    a: int = 1\n",
        b"from m import ItemBase\n\nclass ItemIn(ItemBase):\n    pass\n",
        b"from n import ItemIn\n\nclass ItemOut(mod.ItemIn, Generic[T], BaseMixin):\n    pass\n",
        b"class Helper(Base):\n    pass\n\nclass Other(object):\n    pass\n",
        b"Base = declarative_base()\n\nclass Alert(Base):\n    pass\n",
    ]
    context = build_context([config_names(f) for f in files])
    assert {b"ItemBase", b"ItemIn", b"ItemOut"} <= context.names
    assert b"Base" in context.names  # a module-level name, not a config class
    assert not {b"Helper", b"Other", b"Alert"} & context.names
    assert not any(b"(" in n for n in context.names)
    assert python_wanted("routes.py", b"def create(item: ItemOut):\n    ...\n", context)
