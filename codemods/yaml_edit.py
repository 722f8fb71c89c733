"""YAML edits as splices into the original text, verified by re-parsing after each one.

ruamel.yaml only *locates* scalars (their spans in the text); the new value is rendered in
the scalar's own quote style and spliced into the original characters, so comments, indents,
anchors, flow style, CRLF line ends and a missing final newline stay as they were. Edits are
applied from the end of the file (earlier offsets stay valid); after each one the text is
re-parsed and its event stream compared with the intended one: the same structure, the same
scalars, and only the edited scalar changed, to exactly the intended string.
A load-and-dump rewrite is never used (see docs/decisions/011-yaml-splices.md).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from fixer.errors import FixerError
from fixer.facts.compose import Scalar
from fixer.model import Edit
from fixer.text import LineIndex

STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BAD = re.compile(r"[,\[\]{}]|: |:$| #|^\s|\s$|[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` (character offsets) with ``replacement``."""

    start: int
    end: int
    replacement: str


def _resolves_to_str(value: str) -> bool:
    tag = VersionedResolver().resolve(ScalarNode, value, (True, False))
    return str(tag) == STR_TAG


def plain_ok(value: str) -> bool:
    """Whether ``value`` can be written as a plain scalar anywhere and still read back as it."""
    return (
        bool(value)
        and value[0] not in _PLAIN_BAD_START
        and not _PLAIN_BAD.search(value)
        and _resolves_to_str(value)
    )


def render(value: str, style: str) -> str:
    """``value`` in the quote style ``style`` ("" plain, "'", '"'), or the nearest safe one."""
    if style in ("|", ">"):
        raise FixerError("editing a block scalar is not supported")
    if style == "" and plain_ok(value):
        return value
    if style in ("", "'") and "\n" not in value and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def path_value(old: str, new_path: str) -> str:
    """A new path written like ``old``: its ``./`` prefix and trailing ``/`` are kept."""
    new = new_path
    if old.startswith("./") and not new.startswith(("./", "../", "/")) and new != ".":
        new = "./" + new
    if old.endswith("/") and len(old) > 1 and not new.endswith("/"):
        new += "/"
    return new


def scalar_edit(path: str, scalar: Scalar, new_value: str) -> Edit:
    """The :class:`Edit` that replaces ``scalar`` by ``new_value`` in the scalar's own style."""
    return Edit(
        path=path, start=scalar.start, end=scalar.end, replacement=render(new_value, scalar.style)
    )


# -- verification ---------------------------------------------------------------------------


def _events(text: str, path: str) -> list[Event]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(YAML(typ="safe", pure=True).parse(text))
    except YAMLError as exc:
        raise FixerError(f"edit leaves invalid YAML: {exc}", path, 1) from None


def _signature(event: Event) -> tuple:
    """What an event means, without its position and without presentation details."""
    if isinstance(event, ScalarEvent):
        if event.style in (None, "") and event.tag is None:
            kind = "str" if _resolves_to_str(event.value) else f"plain:{event.value}"
        else:
            kind = str(event.tag) if event.tag else "str"
        return ("scalar", event.anchor, kind, event.value)
    if isinstance(event, AliasEvent):
        return ("alias", event.anchor)
    if isinstance(event, CollectionStartEvent):
        return (type(event).__name__, event.anchor, str(event.tag) if event.tag else None)
    if isinstance(event, (DocumentStartEvent, DocumentEndEvent)):
        return (type(event).__name__,)
    return (type(event).__name__,)


def _scalar_value(replacement: str) -> str | None:
    """What a scalar replacement reads as (None when it is not one scalar)."""
    try:
        events = list(YAML(typ="safe", pure=True).parse(replacement))
    except YAMLError:
        return None
    scalars = [e for e in events if isinstance(e, ScalarEvent)]
    if len(scalars) != 1 or any(isinstance(e, CollectionStartEvent) for e in events):
        return None
    return scalars[0].value


def apply_splices(text: str, splices: Iterable[Splice], path: str = "<yaml>") -> str:
    """Apply splices from the end of the text, re-parsing and comparing after each one."""
    ordered = sorted(set(splices), key=lambda s: (s.start, s.end), reverse=True)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.end > a.start:
            raise FixerError("overlapping YAML edits", path, text[: b.start].count("\n") + 1)
    events = _events(text, path)
    sigs = [_signature(e) for e in events]
    by_start = {e.start_mark.index: i for i, e in enumerate(events) if isinstance(e, ScalarEvent)}
    for s in ordered:
        line = text[: s.start].count("\n") + 1
        i = by_start.get(s.start)
        if i is not None and events[i].end_mark.index != s.end:
            i = None
        new_text = text[: s.start] + s.replacement + text[s.end :]
        new_sigs = [_signature(e) for e in _events(new_text, path)]
        if i is not None:
            intended_value = _scalar_value(s.replacement)
            if intended_value is None:
                raise FixerError("replacement is not a single YAML scalar", path, line)
            old = sigs[i]
            kind = "str" if old[2] == "str" or old[2].startswith("plain:") else old[2]
            intended = list(sigs)
            intended[i] = ("scalar", old[1], kind, intended_value)
            if new_sigs != intended:
                raise FixerError(
                    f"edit would change more than the scalar (wanted {intended_value!r})",
                    path,
                    line,
                )
        sigs, text = new_sigs, new_text
    return text


def apply_edits(text: str, edits: Sequence[Edit], path: str = "<yaml>") -> str:
    """Apply :class:`Edit` values to one YAML text (see :func:`apply_splices`)."""
    index = LineIndex(text)
    return apply_splices(
        text,
        (Splice(index.offset(e.start), index.offset(e.end), e.replacement) for e in edits),
        path,
    )


def replace_scalars(
    text: str, replacements: Iterable[tuple[Scalar, str]], path: str = "<yaml>"
) -> str:
    """Replace each scalar by a new value, in its own style, and verify (see above)."""
    edits = [scalar_edit(path, sc, value) for sc, value in replacements]
    unique = {(e.start, e.end): e for e in edits}
    if len(unique) != len({(e.start, e.end, e.replacement) for e in edits}):
        raise FixerError("two different replacements for one scalar", path, edits[0].start.line)
    return apply_edits(text, list(unique.values()), path)
