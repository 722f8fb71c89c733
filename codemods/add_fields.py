"""Add fields to a class with libcst: after its last field, before its methods.

``add_fields(text, class_name, class_line, fields, imports)`` inserts each ``(name, source)``
of ``fields`` (``source`` is the field's statement, possibly several lines, possibly with a
trailing comment) after the last field of the class named ``class_name`` defined on
``class_line`` (or after its docstring, or first in its body), skipping fields the class
already has, and adds ``imports`` (``(module, name)`` pairs; an empty name is ``import module``)
that are not already there. Everything else in the file is kept byte for byte.
"""

from __future__ import annotations

import ast
import re
import textwrap

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fixer.errors import FixerError

_FIELD_CALL_TAILS = ("ib", "attrib", "field", "Field")


def _is_field(stmt: cst.BaseStatement) -> str | None:
    """The name a class-body statement defines as a field, or None."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        ann = small.annotation.annotation
        head = ann.value if isinstance(ann, cst.Subscript) else ann
        if isinstance(head, cst.Name) and head.value == "ClassVar":
            return None
        if isinstance(head, cst.Attribute) and head.attr.value == "ClassVar":
            return None
        return small.target.value
    if (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and isinstance(small.value, cst.Call)
    ):
        func = small.value.func
        tail = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if tail in _FIELD_CALL_TAILS:
            return small.targets[0].target.value
    return None


def _defined_names(body: tuple[cst.BaseStatement, ...]) -> set[str]:
    out: set[str] = set()
    for stmt in body:
        name = _is_field(stmt)
        if name:
            out.add(name)
        elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            out.add(stmt.name.value)
    return out


class _AddFields(cst.CSTTransformer):
    """Adds statements to the body of the one class named ``class_name``; does not look
    inside functions or simple statements (a class there is not seen, and ``count`` tells
    the caller so: fewer or more than one class of that name means the positional pass)."""

    def __init__(
        self, class_name: str, class_line: int, fields: tuple[tuple[str, str], ...]
    ) -> None:
        super().__init__()
        self.class_name = class_name
        self.class_line = class_line
        self.fields = fields
        self.found = False
        self.count = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        if original.name.value != self.class_name:
            return updated
        self.count += 1
        if self.found or not self.is_target(original):
            return updated
        self.found = True
        return _with_fields(updated, self.fields)

    def is_target(self, original: cst.ClassDef) -> bool:
        return True


class AddFieldsTransformer(_AddFields):
    """Adds statements to the body of one class, found by name and line, wherever it is."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return True

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return True

    def is_target(self, original: cst.ClassDef) -> bool:
        pos = self.get_metadata(PositionProvider, original)
        decorated_from = pos.start.line
        if original.decorators:
            decorated_from = self.get_metadata(PositionProvider, original.decorators[0]).start.line
        return decorated_from <= self.class_line <= pos.end.line


def _with_fields(updated: cst.ClassDef, fields: tuple[tuple[str, str], ...]) -> cst.ClassDef:
    body = updated.body
    if not isinstance(body, cst.IndentedBlock):
        # `class C: x: int = 1` on one line: rewrite into an indented block
        body = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=list(body.body))])
    stmts = list(body.body)
    existing = _defined_names(tuple(stmts))
    new: list[cst.BaseStatement] = []
    for name, source in fields:
        if name in existing:
            continue
        existing.add(name)
        try:
            new.append(cst.parse_statement(textwrap.dedent(source).strip() + "\n"))
        except cst.ParserSyntaxError as exc:
            raise FixerError(f"cannot add field {name}: {exc.message}") from None
    if not new:
        return updated.with_changes(body=body)
    insert_at = 0
    for i, stmt in enumerate(stmts):
        if _is_field(stmt):
            insert_at = i + 1
    if insert_at == 0 and stmts and _is_docstring(stmts[0]):
        insert_at = 1
    if len(stmts) == 1 and _is_pass(stmts[0]):
        stmts = []
        insert_at = 0
    stmts[insert_at:insert_at] = new
    return updated.with_changes(body=body.with_changes(body=stmts))


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_pass(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], (cst.Pass, cst.Expr))
        and (isinstance(stmt.body[0], cst.Pass) or isinstance(stmt.body[0].value, cst.Ellipsis))
    )


def add_imports(module: cst.Module, imports: tuple[tuple[str, str], ...]) -> cst.Module:
    if not imports:
        return module
    # imported here: libcst.codemod loads libcst.matchers, 0.2 s that most fixes do not need
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    context = CodemodContext()
    for mod, name in imports:
        if name:
            AddImportsVisitor.add_needed_import(context, mod, name)
        else:
            AddImportsVisitor.add_needed_import(context, mod)
    return AddImportsVisitor(context).transform_module(module)


def add_fields(
    text: str,
    class_name: str,
    class_line: int,
    fields: tuple[tuple[str, str], ...],
    imports: tuple[tuple[str, str], ...] = (),
) -> str:
    """``text`` with ``fields`` added to class ``class_name`` (see the module docstring).

    A top-level class that needs no import is edited on its own: libcst parses and prints
    only the class's lines, and the rest of the text is kept as it is (parsing a 40 KB module
    took ten times as long as the class). The result is the same as editing the whole module
    (tests/test_codemods_python.py compares both)."""
    span = None if imports or "\r" in text else _class_span(text, class_name, class_line)
    start, end = span if span is not None else (0, len(text))
    piece = text[start:end]
    line = class_line - text.count("\n", 0, start)
    try:
        module = cst.parse_module(piece)
    except cst.ParserSyntaxError as exc:
        raise FixerError(f"cannot parse: {exc.message}", None, exc.raw_line) from None
    # A class name written once in the file needs no positions to be found: computing them
    # for the whole module was two thirds of this codemod's time on a 40 KB file.
    transformer: _AddFields = _AddFields(class_name, line, tuple(fields))
    updated = module.visit(transformer)
    written = len(re.findall(rf"\bclass\s+{re.escape(class_name)}\b", piece))
    if transformer.count != 1 or written != 1:
        transformer = AddFieldsTransformer(class_name, line, tuple(fields))
        updated = MetadataWrapper(module, unsafe_skip_copy=True).visit(transformer)
    if not transformer.found:
        raise FixerError(f"class {class_name} not found at line {class_line}", None, class_line)
    if updated.deep_equals(module):
        return text
    updated = add_imports(updated, tuple(imports))
    return text[:start] + updated.code + text[end:]


def _class_span(text: str, class_name: str, class_line: int) -> tuple[int, int] | None:
    """The offsets of the whole lines (decorators included) of the top-level class
    ``class_name`` that spans ``class_line``, when it can be edited alone: its body starts on
    a line of its own (a one-line class is rewritten with the module's default indentation).
    None otherwise, or when ``text`` does not parse (the whole-module parse reports why)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name != class_name:
            continue
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        last = node.end_lineno or node.lineno
        if first <= class_line <= last and node.body[0].lineno > node.lineno:
            starts = [0, *(m.end() for m in re.finditer("\n", text))]
            return starts[first - 1], starts[last] if last < len(starts) else len(text)
    return None


CODEMODS = {"add-fields": add_fields}
