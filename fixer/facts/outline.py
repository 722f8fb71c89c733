"""Parse less of a file: bodies of top-level functions and classes no rule can use become ``...``.

The byte prefilter (:mod:`fixer.facts.prefilter`) decides per *file*; on a large tree most
of the bytes it keeps are modules that define one config class and then a hundred unrelated
functions and classes, and CPython's parser reads them all (about 4.5 MB/s a core).
:func:`narrow` applies the prefilter's own test to each top-level ``def`` and ``class`` of
such a file instead, on bytes, before any parse, and returns a text with the same lines in
which what fails the test is cut down to what the facts need: a function becomes
``def name() -> returns: ...`` on its ``def`` line, a method ``def name(self):`` (its
decorators kept) with ``...`` for a body, every other line of them empty:

- only files whose sole reason to be parsed is a config class or a config name are narrowed:
  a file with a compose or Docker word, or with the name of a renamed or deleted file, is
  parsed whole (the string rules FX301, FX302 and FX401 read its literals wherever they are);
- a function is kept whole when its text holds a prefilter marker, a context name (config
  classes and module-level names anywhere in the tree), or a *local* name that can type a
  receiver: a class or a module-level variable of this file, a name imported from outside the
  standard library, a function of this file whose signature names any of these;
- a class is narrowed (every method body) only when nothing in it but its own name passes
  that test and it does not touch ``__dict__``: its bases are builtins or standard-library
  classes, so no attribute of ``self`` can hold a config class; each ``...`` sits on the line
  where the method's last statement ended, so the class keeps its extent;
- dunder functions (a module ``__getattr__``) and anything the scanner is unsure of (a
  signature it cannot match, an odd number of triple quotes) are kept whole;
- names, return annotations, method decorators and first parameters stay, so the module's
  function names and return types, and its classes' members, are the same facts;
- what a dropped body can say against a finding is kept as a superset: every attribute name
  it assigns is added to the module's untyped writes and, in a class, to its members with no
  known type (more findings suppressed, never more findings).

A dropped body can only hold reads, calls and literals typed through builtins or the standard
library, which no rule reports, so the findings are the same: tests/test_outline.py checks
the facts on every Python file of fixer's own tree and of a generated monorepo, and that every
rule finds the same there with and without narrowing. The extractor checks that each stub is
still a function where it was put and parses the whole file when one is not (a ``def`` at the
start of a line inside a string). See docs/decisions/044-narrowing-function-bodies.md.
"""

from __future__ import annotations

import bisect
import keyword
import re
import sys
from dataclasses import dataclass

from fixer.facts.prefilter import (
    DASHED_BYTES,
    IDENTIFIER_BYTES,
    MARKERS,
    STRING_MARKERS,
    Context,
    automaton,
    mentions_files,
    words,
)

# A newline and the first byte of a line that starts a top-level statement (not indented, not
# a comment). Patterns here start with a newline rather than ``^`` in multi-line mode: a
# literal first byte lets the regex engine skip ahead with memchr (4x faster on 27 MB).
_TOP = re.compile(rb"\n[^\s#]")
_DEF = re.compile(rb"(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)")
_CLASS = re.compile(rb"class[ \t]+([A-Za-z_]\w*)")
# A one-line class header (bases, if any, on the same line) and the first line of its body.
_CLASS_HEADER = re.compile(
    rb"class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\([^()\n]*\))?[ \t]*:[ \t]*(?:#[^\n]*)?\r?\n"
)
_BODY_INDENT = re.compile(rb"\n([ \t]+)[^\s#]")
_IMPORT = re.compile(rb"(from|import)[ \t]+(\.*)([A-Za-z_]\w*)?")
_ASSIGN = re.compile(rb"([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*(?::[^=\n]*)?=(?!=)")
_ANNOTATED = re.compile(rb"([A-Za-z_]\w*)[ \t]*:")
_COMPOUND = re.compile(rb"(?:if|elif|else|for|while|try|except|finally|with|match|async)\b")
_STRING_START = re.compile(rb"[rRbBuUfF]{0,2}[\"']")
# ``def name(params) -> annotation:``; parameters may hold one level of brackets and simple
# string literals; anything else is not matched, and the function is kept whole.
_STR = rb"\"[^\"\\\n]*\"|'[^'\\\n]*'"
_PLAIN = rb"[^()\"'#]"
_SIGNATURE = re.compile(
    rb"(?:async[ \t]+)?def[ \t]+\w+[ \t]*(?:\[[^\]\n]*\][ \t]*)?\((?:"
    + _PLAIN
    + rb"|"
    + _STR
    + rb"|\((?:"
    + _PLAIN
    + rb"|"
    + _STR
    + rb")*\))*\)[ \t]*(?:->([^:\"'#\n]*))?:"
)
# The first parameter, when the list starts with a plain name (``self``, ``cls``, ``x: int``).
_FIRST_PARAM = re.compile(rb"[ \t]*([A-Za-z_]\w*)[ \t]*[,:=)/]")
# Attribute names a dropped body may assign (a superset): ``x.a = ``, ``x.a += ``,
# ``x.a: T = ``, ``x.a, y = ``, ``(x.a) = ``, ``d[x.a] = ``, ``for x.a in``, ``as x.a``.
_ASSIGNED = re.compile(
    rb"\.[ \t]*([A-Za-z_]\w*)[ \t]*(?:[)\]][ \t]*)*"
    rb"(?:(?:[-+*/%&|^@]|//|\*\*|>>|<<)?=(?!=)|:[^=\n]*=(?!=)|,(?=[^=\n]*=(?!=)))"
)
_FOR_TARGET = re.compile(rb"for[ \t]([^\n]*?)[ \t]in\b")
_AS_TARGET = re.compile(rb"as[ \t]+([\w.]+)")
_ATTR = re.compile(rb"\.[ \t]*([A-Za-z_]\w*)")
# Every occurrence of MARKERS and ``__dict__`` in one pass (``find`` per marker took eleven).
_MARKER_SEARCH = automaton((*MARKERS, b"__dict__"))
_STRING_INDEXES = frozenset(MARKERS.index(m) for m in STRING_MARKERS)
_STDLIB = frozenset(n.encode() for n in (*sys.stdlib_module_names, "__future__"))
_KEYWORDS = frozenset(k.encode() for k in (*keyword.kwlist, *keyword.softkwlist))


@dataclass(frozen=True)
class Narrowed:
    """A file's text with the functions and methods no rule can use cut down to stubs."""

    text: str  # same number of lines; kept lines are byte for byte the original
    stubs: tuple[int, ...]  # 1-based lines of the ``def`` of each narrowed top-level function
    untyped_writes: frozenset[str]  # attribute names the dropped bodies may assign
    methods: tuple[tuple[int, int], ...] = ()  # (class line, def line) of narrowed methods
    members: tuple[tuple[int, frozenset[str]], ...] = ()  # (class line, names its dropped
    # method bodies may assign): members of the class, never with a known type


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    head: int  # where the statement after any decorators starts
    name: bytes = b""  # a ``def``: the function's name
    body: int = -1  # a ``def``: where its body starts (after the signature's colon), if known
    returns: bytes = b""  # a ``def``: its return annotation, if any


def narrow(data: bytes, context: Context) -> Narrowed | None:
    """The narrowed text of ``data`` (a Python file's bytes), or None to parse it whole."""
    found = _MARKER_SEARCH.find_matches_as_indexes(data, overlapping=True)
    if any(index in _STRING_INDEXES for index, _, _ in found) or mentions_files(data, context):
        return None  # the string rules read literals anywhere in this file
    if b"\r" in data and b"\r" in data.replace(b"\r\n", b""):
        return None  # lines ended by a lone CR: not split here
    parts = _parts(data)
    local = _local_names(data, parts, context)
    if local is None:
        return None
    identifiers = data.translate(IDENTIFIER_BYTES)
    dashed = data.translate(DASHED_BYTES) if context.has_dashed_names else None
    markers = sorted(start for _, start, _ in found)  # of MARKERS and ``__dict__``

    def relevant(start: int, end: int, own: bytes = b"") -> bool:
        """May ``data[start:end]`` say anything a rule uses? (``own``: a name to ignore)"""
        if data.count(b'"""', start, end) % 2 or data.count(b"'''", start, end) % 2:
            return True  # maybe inside a string: not cut
        if _any_between(markers, start, end):
            return True
        hits = local.intersection(identifiers[start:end].split())
        if dashed is not None:
            hits |= local.intersection(dashed[start:end].split())
        return bool(hits - {own})

    out: list[bytes] = []
    stubs: list[int] = []
    methods: list[tuple[int, int]] = []
    members: list[tuple[int, frozenset[str]]] = []
    untyped: set[str] = set()
    line = 1
    for part in parts:
        start, end = part.start, part.end
        head_line = line + data.count(b"\n", start, part.head)
        if part.name:
            dunder = part.name.startswith(b"__") and part.name.endswith(b"__")
            if part.body < 0 or dunder or relevant(start, end):
                out.append(data[start:end])
            else:
                out.append(_stub_function(data, part))
                stubs.append(head_line)
                untyped.update(_assigned_attributes(data[part.body : end]))
        elif (m := _CLASS_HEADER.match(data, part.head, end)) and not relevant(
            start, end, m.group(1)
        ):
            text, lines, assigned = _narrow_class(data, part, m.end(), head_line)
            out.append(text)
            if lines:
                methods.extend((head_line, n) for n in lines)
                members.append((head_line, frozenset(assigned)))
                untyped.update(assigned)
        else:
            out.append(data[start:end])
        line += data.count(b"\n", start, end)
    if not stubs and not methods:
        return None
    try:
        narrowed = b"".join(out).decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return Narrowed(narrowed, tuple(stubs), frozenset(untyped), tuple(methods), tuple(members))


def _narrow_class(
    data: bytes,
    part: _Part,
    body_start: int,
    class_line: int,
) -> tuple[bytes, list[int], set[str]]:
    """A plain class that mentions nothing relevant, with its method bodies dropped; the
    lines of the narrowed methods and the attribute names their bodies assign."""
    end = part.end
    # body_start is a line start: the newline before it is where the searches begin
    indent = _BODY_INDENT.search(data, body_start - 1, end)
    if indent is None:
        return data[part.start : end], [], set()
    prefix = indent.group(1)
    statement = re.compile(rb"\n" + re.escape(prefix) + rb"[^\s#]")
    starts = [
        pos
        for m in statement.finditer(data, body_start - 1, end)
        if not _continued(data, pos := m.start() + 1)
    ]
    starts.append(end)
    out = [data[part.start : starts[0]]]
    lines: list[int] = []
    assigned: set[str] = set()
    line = class_line + data.count(b"\n", part.head, starts[0])
    i = 0
    while i < len(starts) - 1:
        first, j = starts[i], i
        while data.startswith(b"@", starts[j] + len(prefix)) and j + 1 < len(starts) - 1:
            j += 1  # decorators belong to the method after them
        head, stop = starts[j] + len(prefix), starts[j + 1]
        sig = _SIGNATURE.match(data, head, stop) if _DEF.match(data, head) else None
        # the class as a whole mentions nothing relevant; a method is only checked for
        # being cut inside a string
        odd = data.count(b'"""', first, stop) % 2 or data.count(b"'''", first, stop) % 2
        if sig is None or odd:
            out.append(data[first:stop])
        else:
            body = data[sig.end() : stop]
            stub = _stub_signature(data, head, sig) + _stub_body(body, prefix)
            out.append(data[first:head] + stub)
            lines.append(line + data.count(b"\n", first, starts[j]))
            assigned.update(_assigned_attributes(body))
        line += data.count(b"\n", first, stop)
        i = j + 1
    return b"".join(out), lines, assigned


def _parts(data: bytes) -> list[_Part]:
    """Top-level statements, each with the decorators before it, covering ``data``."""
    starts = [0]
    for m in _TOP.finditer(data):
        pos = m.start() + 1
        if _continued(data, pos):
            continue  # a continued line is not a new statement
        starts.append(pos)
    starts.append(len(data))
    parts: list[_Part] = []
    i = 0
    while i < len(starts) - 1:
        start, j = starts[i], i
        while data.startswith(b"@", starts[j]) and j + 1 < len(starts) - 1:
            j += 1  # decorators belong to what follows them
        head, end = starts[j], starts[j + 1]
        part = _Part(start, end, head)
        if m := _DEF.match(data, head):
            sig = _SIGNATURE.match(data, head, end)
            if sig is not None:
                part = _Part(start, end, head, m.group(1), sig.end(), (sig.group(1) or b"").strip())
            else:
                part = _Part(start, end, head, m.group(1))
        parts.append(part)
        i = j + 1
    return parts


def _local_names(data: bytes, parts: list[_Part], context: Context) -> frozenset[bytes] | None:
    """Names that can type a receiver in this file: context names, this file's classes,
    module-level variables, names imported from outside the standard library, anything a
    compound statement binds, and functions whose signature mentions one of these. None
    when a star import from outside the standard library binds names no one can list."""
    names: set[bytes] = set(context.names)
    signatures: list[tuple[bytes, bytes]] = []
    for part in parts:
        head = data[part.head : part.end]
        if part.name:
            signature = data[part.head : part.body] if part.body >= 0 else head
            signatures.append((part.name, signature))
        elif m := _CLASS.match(head):
            names.add(m.group(1))
        elif m := _IMPORT.match(head):
            if b"*" in head and (m.group(2) or m.group(3) not in _STDLIB):
                return None
            if m.group(1) == b"import":
                names.update(words(head) - _STDLIB)
            elif m.group(2) or m.group(3) not in _STDLIB:
                names.update(words(head))
        elif _COMPOUND.match(head):
            names.update(words(head))  # an if/try/with block may bind anything
        elif m := _ASSIGN.match(head):
            names.update(n.strip() for n in m.group(1).split(b","))
        elif (m := _ANNOTATED.match(head)) and not _STRING_START.match(head):
            names.add(m.group(1))
        # anything else (a docstring, a call, ``del``) binds no name that can type a receiver
    names -= _KEYWORDS
    for name, signature in signatures:
        if not names.isdisjoint(words(signature)):
            names.add(name)
    return frozenset(names)


def _continued(data: bytes, pos: int) -> bool:
    """Does the line before ``pos`` (a line start) end with a backslash?"""
    before = data[pos - 2] if pos >= 2 else 0
    if before == 13 and pos >= 3:  # CRLF
        before = data[pos - 3]
    return before == 92


def _any_between(positions: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _stub_function(data: bytes, part: _Part) -> bytes:
    """A dropped top-level function as ``def name() -> returns: ...`` on its ``def`` line, the
    other lines left empty. Parameters and decorators can say nothing a rule uses (they mention
    nothing relevant), and parsing and walking them was a third of the narrowed cost; the name
    and return annotation stay, as module facts. Decorators holding ``:=`` (a binding) stay."""
    decorators = data[part.start : part.head]
    out = decorators if b":=" in decorators else b"\n" * decorators.count(b"\n")
    if data.startswith(b"async", part.head):
        out += b"async "
    out += b"def " + part.name + b"()"
    if part.returns:
        out += b" -> " + part.returns
    return out + b": ..." + b"\n" * data.count(b"\n", part.head, part.end)


def _stub_signature(data: bytes, head: int, sig: re.Match[bytes]) -> bytes:
    """A dropped method's signature, as short as the facts allow: ``def name(first):`` keeps
    what the extractor reads from it (its name, and its first parameter, which is ``self``
    unless a decorator says otherwise). A signature over several lines, with type parameters,
    or whose parameters do not start with a plain name, is kept as it is."""
    text = data[head : sig.end()]
    open_paren = text.find(b"(")
    if b"\n" in text or b"[" in text[:open_paren]:
        return text
    if text.startswith(b")", open_paren + 1):
        first = b""
    elif m := _FIRST_PARAM.match(text, open_paren + 1):
        first = m.group(1)
    else:
        return text
    return text[: open_paren + 1] + first + b"):"


def _stub_body(body: bytes, indent: bytes) -> bytes:
    """What replaces a method's ``body`` (the text after its signature's colon): ``...`` on
    the line where the body's last statement ended, so the method, and the class around it,
    keep their last line (a class's extent is a fact); the other lines are left empty."""
    lines = body.split(b"\n")
    last = len(lines) - 1
    while last > 0 and (not lines[last].strip() or lines[last].lstrip().startswith(b"#")):
        last -= 1
    if last == 0:
        return b" ..." + b"\n" * (len(lines) - 1)
    return b"\n" * last + indent + b" ..." + b"\n" * (len(lines) - 1 - last)


def _assigned_attributes(body: bytes) -> set[str]:
    out = {a.decode("ascii", "replace") for a in _ASSIGNED.findall(body)}
    for word, pattern in ((b"for", _FOR_TARGET), (b"as", _AS_TARGET)):
        if word in body:
            for target in pattern.findall(body):
                out.update(a.decode("ascii", "replace") for a in _ATTR.findall(target))
    return out
