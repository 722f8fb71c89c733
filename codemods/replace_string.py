"""Replace one string literal's value with libcst, keeping its prefix and quote style.

``replace_string(text, line, column, old, new)``: the simple string literal starting at
``line``/``column`` (1-based, characters; the position of its prefix or opening quote) must
currently evaluate to ``old``; it becomes ``new`` written with the same prefix (``r``, ``b``,
``u``) and quotes. Anything else is a :class:`FixerError`: the file is left alone.
"""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fixer.errors import FixerError


def _encode(value: str, prefix: str, quote: str) -> str | None:
    """The body of a literal with ``prefix``/``quote`` that evaluates to ``value``; or None."""
    if "r" in prefix.lower():
        if "\\" in value or quote[0] in value or ("\n" in value and len(quote) == 1):
            return None
        body = value
    else:
        body = value.replace("\\", "\\\\")
        if len(quote) == 1:
            body = body.replace("\n", "\\n").replace("\r", "\\r")
        body = body.replace(quote[0], "\\" + quote[0])
    literal = f"{prefix}{quote}{body}{quote}"
    try:
        if ast.literal_eval(literal) != (value.encode() if "b" in prefix.lower() else value):
            return None
    except (ValueError, SyntaxError, UnicodeEncodeError):
        return None
    return body


class ReplaceStringTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, column: int, old: str, new: str) -> None:
        super().__init__()
        self.line, self.column, self.old, self.new = line, column, old, new
        self.done = False
        self.error: str | None = None

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.SimpleString:
        pos = self.get_metadata(PositionProvider, original).start
        # libcst columns are 0-based characters
        if (pos.line, pos.column + 1) != (self.line, self.column) or self.done:
            return updated
        value = original.evaluated_value
        if isinstance(value, bytes):
            value = value.decode("utf-8", "surrogateescape")
        if value != self.old:
            self.error = f"string at {self.line}:{self.column} is {value!r}, not {self.old!r}"
            return updated
        prefix, quote = original.prefix, original.quote
        body = _encode(self.new, prefix, quote)
        if body is None:
            self.error = f"cannot write {self.new!r} with prefix {prefix!r} and quotes {quote}"
            return updated
        self.done = True
        return updated.with_changes(value=f"{prefix}{quote}{body}{quote}")


def replace_string(text: str, line: int, column: int, old: str, new: str) -> str:
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise FixerError(f"cannot parse: {exc.message}", None, exc.raw_line) from None
    transformer = ReplaceStringTransformer(line, column, old, new)
    updated = MetadataWrapper(module).visit(transformer)
    if transformer.error:
        raise FixerError(transformer.error, None, line)
    if not transformer.done:
        raise FixerError(f"no string literal at {line}:{column}", None, line)
    return updated.code


CODEMODS = {"replace-string": replace_string}
