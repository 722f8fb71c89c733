"""Text helpers shared by every stage: decoding with BOM kept aside, positions <-> offsets.

Positions are 1-based lines and 1-based character columns (see :mod:`fixer.model`).
Line endings are kept as they are in the file (``\\r\\n`` stays ``\\r\\n``); a lone ``\\r``
ends a line, as it does for ``ast`` and for YAML.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fixer.errors import FixerError
from fixer.model import Position

BOM = "\ufeff"
_BREAK = re.compile(r"\r\n?|\n")


@dataclass(frozen=True)
class SourceText:
    """A file's decoded text, without its BOM, and how to turn text back into its bytes."""

    path: str
    text: str
    bom: bool = False

    def encode(self, text: str | None = None) -> bytes:
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def decode(path: str, data: bytes) -> SourceText:
    """Decode UTF-8 (with or without BOM); anything else is a :class:`FixerError`."""
    if b"\x00" in data[:8192]:
        raise FixerError("binary file (NUL byte), skipped", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FixerError(f"not valid UTF-8 (byte {exc.start}), skipped", path, line) from None
    if text.startswith(BOM):
        return SourceText(path, text[1:], bom=True)
    return SourceText(path, text)


class LineIndex:
    """Maps between character offsets and positions in one text, in O(log lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # a line ends at "\n", "\r\n" or a lone "\r", as for ast and YAML parsers
        self.starts = [0]
        if "\r" not in text:
            pos = text.find("\n")
            while pos != -1:
                self.starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
        else:
            self.starts.extend(m.end() for m in _BREAK.finditer(text))

    def offset(self, pos: Position) -> int:
        if pos.line < 1 or pos.line > len(self.starts):
            raise ValueError(f"line {pos.line} outside 1..{len(self.starts)}")
        return self.starts[pos.line - 1] + pos.column - 1

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def utf8_col_to_char(line_text: str, byte_col: int) -> int:
    """``ast`` reports columns as UTF-8 byte offsets; convert one to a character count."""
    if line_text.isascii():
        return byte_col
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
