"""Python newer than fixer's interpreter: is a file that ``ast`` rejects valid newer Python?

fixer reads Python with the running interpreter's ``ast``, so under 3.11 a valid 3.12 file
(``def f[T]()``, ``type X = ...``, an f-string nesting its own quotes) is a syntax error to
it. Such a file is not broken: it needs a newer Python. :func:`newer_syntax` tells the two
apart for a file the running ``ast`` rejected, in two steps:

1. libcst's parser, whose grammar covers Python 3.0 to 3.14, must accept the file (a file
   broken under every version stays a syntax error);
2. the file must hold a construct that CPython added after the running version (listed in
   :class:`_Constructs`); the newest one found names the version the file needs.

A file libcst accepts but that holds no such construct stays a syntax error: libcst's grammar
is more lenient than CPython's in places, and nothing then explains the failure.
libcst only answers this question, for the files ``ast`` rejected; facts still come from
``ast`` alone. See docs/decisions/080-python-newer-than-fixer.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import libcst
from libcst.metadata import PositionProvider

Version = tuple[int, int]

RUNNING: Version = (sys.version_info[0], sys.version_info[1])


@dataclass(frozen=True)
class NewerSyntax:
    """The construct that makes a file need Python ``version``, and its line."""

    version: Version
    construct: str
    line: int

    @property
    def needs(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


def newer_syntax(text: str, running: Version = RUNNING) -> NewerSyntax | None:
    """Why ``text`` parses only under a Python newer than ``running``, or None when it does
    not parse under libcst's grammar either, or holds nothing newer than ``running``.

    Meant for text the running ``ast`` rejected: it costs a libcst parse.
    """
    try:
        module = libcst.parse_module(text)
        wrapper = libcst.MetadataWrapper(module, unsafe_skip_copy=True)
        found = _Constructs(module)
        wrapper.visit(found)
    except (libcst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None
    newer = [c for c in found.seen if c.version > running]
    if not newer:
        return None
    newest = max(c.version for c in newer)
    return min((c for c in newer if c.version == newest), key=lambda c: c.line)


# Each construct: the version CPython first parsed it in, and how the report names it.
TYPE_PARAMETERS = ((3, 12), "type parameters (PEP 695)")
TYPE_STATEMENT = ((3, 12), "`type` statement (PEP 695)")
TYPE_PARAMETER_DEFAULT = ((3, 13), "type parameter default (PEP 696)")
FSTRING_SYNTAX = ((3, 12), "f-string syntax (PEP 701)")
EXCEPT_STAR = ((3, 11), "`except*` (PEP 654)")
STARRED_ANNOTATION = ((3, 11), "star in a subscript or annotation (PEP 646)")
TEMPLATE_STRING = ((3, 14), "template string (PEP 750)")
EXCEPT_WITHOUT_PARENS = ((3, 14), "`except` of several types without parentheses (PEP 758)")


class _Constructs(libcst.CSTVisitor):
    """Collects every construct newer than Python 3.10 (the oldest fixer runs on)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: libcst.Module) -> None:
        super().__init__()
        self.module = module
        self.seen: list[NewerSyntax] = []

    def _add(self, node: libcst.CSTNode, construct: tuple[Version, str]) -> None:
        line = self.get_metadata(PositionProvider, node).start.line
        self.seen.append(NewerSyntax(construct[0], construct[1], line))

    def visit_FunctionDef(self, node: libcst.FunctionDef) -> None:
        if node.type_parameters is not None:
            self._add(node, TYPE_PARAMETERS)

    def visit_ClassDef(self, node: libcst.ClassDef) -> None:
        if node.type_parameters is not None:
            self._add(node, TYPE_PARAMETERS)

    def visit_TypeAlias(self, node: libcst.TypeAlias) -> None:
        self._add(node, TYPE_STATEMENT)

    def visit_TypeParam(self, node: libcst.TypeParam) -> None:
        if node.default is not None:
            self._add(node, TYPE_PARAMETER_DEFAULT)

    def visit_TryStar(self, node: libcst.TryStar) -> None:
        self._add(node, EXCEPT_STAR)

    def visit_Index(self, node: libcst.Index) -> None:
        if node.star is not None:
            self._add(node, STARRED_ANNOTATION)

    def visit_Annotation(self, node: libcst.Annotation) -> None:
        if isinstance(node.annotation, libcst.StarredElement):
            self._add(node, STARRED_ANNOTATION)

    def visit_TemplatedString(self, node: libcst.TemplatedString) -> None:
        self._add(node, TEMPLATE_STRING)

    def visit_ExceptHandler(self, node: libcst.ExceptHandler) -> None:
        self._except_types(node)

    def visit_ExceptStarHandler(self, node: libcst.ExceptStarHandler) -> None:
        self._except_types(node)

    def _except_types(self, node: libcst.ExceptHandler | libcst.ExceptStarHandler) -> None:
        if isinstance(node.type, libcst.Tuple) and not node.type.lpar:
            self._add(node, EXCEPT_WITHOUT_PARENS)

    def visit_FormattedString(self, node: libcst.FormattedString) -> None:
        if _needs_pep701(self.module, node):
            self._add(node, FSTRING_SYNTAX)


def _needs_pep701(module: libcst.Module, node: libcst.FormattedString) -> bool:
    """Does this f-string use what only PEP 701 allows (3.12)? Before it, an f-string was
    first read as a plain string literal, so the text of a replacement field could hold
    neither the f-string's own quotes, nor a backslash, nor ``#``, nor (in a single-quoted
    f-string) a line break, and format specs nested one level only. Nested f-strings are
    inside the outer field's text, so checking each f-string's own fields covers them."""
    quote = node.start[len(node.prefix) :]
    for field, depth in _fields(node.parts):
        if depth > 1:
            return True
        around = (field.whitespace_before_expression, field.expression)
        code = "".join(
            module.code_for_node(n) for n in (*around, field.whitespace_after_expression)
        )
        if quote in code or "\\" in code or "#" in code:
            return True
        if len(quote) == 1 and ("\n" in code or "\r" in code):
            return True
    return False


def _fields(
    parts: Sequence[libcst.BaseFormattedStringContent], depth: int = 0
) -> list[tuple[libcst.FormattedStringExpression, int]]:
    """The replacement fields of an f-string with how deep in format specs each one is
    (0: a field of the f-string itself, 1: in a field's format spec, ...)."""
    out: list[tuple[libcst.FormattedStringExpression, int]] = []
    for part in parts:
        if isinstance(part, libcst.FormattedStringExpression):
            out.append((part, depth))
            out.extend(_fields(part.format_spec or (), depth + 1))
    return out
