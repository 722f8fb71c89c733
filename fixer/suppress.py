"""Stage 3c, suppressions: ``# fixer: ignore[FX201] reason`` comments, and the baseline.

A finding at ``path:line`` is suppressed by a comment in a Python or YAML file:

- ``x = settings.REDIS_URL  # fixer: ignore[FX101] read from the vault``: a comment at the end
  of a line covers that line;
- a comment alone on its line covers the next line that is neither blank nor a comment;
- ``# fixer: ignore[FX101,FX102]`` names several codes; a bare ``# fixer: ignore`` covers every
  code (like a bare ``# noqa``), and FX901 reports it when nothing on its line was found.

Codes a suppression names that suppress nothing are reported by FX901 (unused-suppression),
for codes whose rule ran on that file and for codes no rule has. The rule's documentation,
code and examples live in :mod:`fixer.rules.fx901_unused_suppression`; the findings are made
here, because only this stage knows which suppressions were used.

Comments are not in the facts (the extractors keep what rules need), so this stage reads the
text of the Python and YAML files itself: only the files with findings, plus, when FX901 is
enabled, the files whose bytes contain ``fixer:`` (``Facts.commented``: the facts stage notes
it while hashing each file, so a run with a warm cache reads no file for this). Python
comments are found with :mod:`tokenize` (never inside strings); YAML comments by a quote-aware
scan of each line. See ``docs/decisions/050-suppressions-read-comments.md``.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from fixer.apply import Change
from fixer.config import Options
from fixer.errors import FixerError
from fixer.model import Edit, Finding, Fix, Position, fingerprint
from fixer.text import LineIndex, SourceText

MARKER = "fixer:"
_DIRECTIVE = re.compile(
    r"#\s*fixer:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>[^#]*)", re.IGNORECASE
)
UNUSED_CODE = "FX901"
UNUSED_NAME = "unused-suppression"


@dataclass(frozen=True)
class Suppression:
    """One ``# fixer: ignore`` comment: where it is, which line it covers, which codes."""

    path: str
    line: int  # the comment's own line
    column: int  # 1-based column of its ``#``
    end_column: int  # exclusive end of the directive on its line
    target: int  # the line whose findings it suppresses
    codes: tuple[str, ...]  # empty: every code
    reason: str
    own_line: bool

    def covers(self, finding: Finding) -> bool:
        return finding.line == self.target and (not self.codes or finding.rule in self.codes)


def kind(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(".py"):
        return "python"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    return None


# --- finding the comments ---------------------------------------------------------------------


def scan(path: str, text: str) -> list[Suppression]:
    """Every suppression comment in one Python or YAML file."""
    if MARKER not in text:
        return []
    which = kind(path)
    if which == "python":
        comments = _python_comments(text)
    elif which == "yaml":
        comments = _yaml_comments(text)
    else:
        return []
    lines = text.splitlines()
    out = []
    for line, col in comments:
        body = lines[line - 1]
        match = _DIRECTIVE.search(body, col - 1)
        if match is None:
            continue
        codes = tuple(
            c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip()
        )
        own = body[: match.start()].strip() == "" or body[: col - 1].strip() == ""
        target = _next_code_line(lines, line, which) if own else line
        out.append(
            Suppression(
                path,
                line,
                match.start() + 1,
                len(body.rstrip()) + 1,
                target,
                codes,
                match.group("reason").strip(),
                own,
            )
        )
    return out


def _python_comments(text: str) -> list[tuple[int, int]]:
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and MARKER in tok.string:
                found.append((tok.start[0], tok.start[1] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass  # a file that does not tokenize keeps the comments found before the error
    return found


def _yaml_comments(text: str) -> list[tuple[int, int]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER not in line:
            continue
        col = _yaml_comment_start(line)
        if col is not None and MARKER in line[col:]:
            found.append((number, col + 1))
    return found


def _yaml_comment_start(line: str) -> int | None:
    """0-based index of the ``#`` that starts a YAML comment on ``line``, if any."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return None


def _next_code_line(lines: list[str], line: int, which: str | None) -> int:
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return line + 1


# --- the stage --------------------------------------------------------------------------------


@dataclass
class Outcome:
    kept: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    unused: list[Finding] = field(default_factory=list)


def apply_suppressions(
    findings: Iterable[Finding],
    suppressions: Mapping[str, list[Suppression]],
    options: Options,
    known: frozenset[str],
) -> Outcome:
    """Drop suppressed findings; report unused suppressions as FX901 findings."""
    used: dict[Suppression, set[str]] = {}
    outcome = Outcome(kept=[])
    for finding in findings:
        hit = [s for s in suppressions.get(finding.path, ()) if s.covers(finding)]
        if hit:
            for s in hit:
                used.setdefault(s, set()).add(finding.rule)
            outcome.suppressed.append(finding)
        else:
            outcome.kept.append(finding)
    for path, items in sorted(suppressions.items()):
        if not options.enabled_for(UNUSED_CODE, path):
            continue
        for s in items:
            f = _unused(s, used.get(s, set()), options, known)
            if f is not None:
                outcome.unused.append(f)
    return outcome


def _unused(
    s: Suppression, used: set[str], options: Options, known: frozenset[str]
) -> Finding | None:
    if not s.codes:
        if used:
            return None
        stale: tuple[str, ...] = ()
        message = f"unused suppression: nothing is reported on line {s.target}"
    else:
        stale = tuple(
            c
            for c in s.codes
            if c not in used and (c not in known or options.enabled_for(c, s.path))
        )
        if not stale:
            return None
        unknown = [c for c in stale if c not in known]
        message = f"unused suppression for {', '.join(stale)}"
        if unknown:
            message += f" (unknown rule code: {', '.join(unknown)})"
    keep = tuple(c for c in s.codes if c not in stale)
    return Finding(
        rule=UNUSED_CODE,
        name=UNUSED_NAME,
        severity="warning",
        message=message,
        path=s.path,
        line=s.line,
        column=s.column,
        symbol="ignore[" + ",".join(s.codes) + "]",
        fingerprint=fingerprint(UNUSED_CODE, s.path, ",".join(s.codes), s.reason, *stale),
        end=Position(s.line, s.end_column),
        evidence=(f"line {s.target} has no finding for {', '.join(stale) or 'any rule'}",),
        fix=Fix(
            description="remove the unused suppression"
            if not keep
            else f"keep only {', '.join(keep)} in the suppression",
            safety="safe",
            edits=(_removal(s, keep),),
        ),
    )


def _removal(s: Suppression, keep: tuple[str, ...]) -> Edit:
    """The edit that drops ``s`` (or narrows it to ``keep``)."""
    if keep:
        directive = f"# fixer: ignore[{','.join(keep)}]" + (f" {s.reason}" if s.reason else "")
        return Edit(s.path, Position(s.line, s.column), Position(s.line, s.end_column), directive)
    if s.own_line:
        return Edit(s.path, Position(s.line, 1), Position(s.line + 1, 1), "")
    # a trailing comment: remove it and the blanks before it; the caller's text decides those
    return Edit(s.path, Position(s.line, s.column), Position(s.line, s.end_column), "")


def trim_trailing(edit: Edit, text: str) -> Edit:
    """Widen a trailing-comment removal over the blanks before the comment."""
    index = LineIndex(text)
    if edit.end.line > len(index.starts):  # an own-line comment on a last line without newline
        return Edit(edit.path, edit.start, index.position(len(text)), "")
    if edit.replacement or edit.start.column == 1 or edit.end.line != edit.start.line:
        return edit
    line = index.line_text(edit.start.line)
    col = edit.start.column - 1
    while col > 0 and line[col - 1] in " \t":
        col -= 1
    return Edit(edit.path, Position(edit.start.line, col + 1), edit.end, "")


def stage(
    findings: list[Finding],
    files: Iterable[str],
    read: Callable[[str], str],
    options: Options,
    known: frozenset[str],
) -> Outcome:
    """Read the comments of the files that matter and apply them (see the module docstring).

    ``files``: the files that may hold a suppression (``Facts.commented``), all read when
    FX901 is enabled; otherwise only the files with findings are read."""
    wanted = {f.path for f in findings if kind(f.path)}
    if options.enabled(UNUSED_CODE):
        wanted |= {p for p in files if kind(p)}
    texts: dict[str, str] = {}
    table: dict[str, list[Suppression]] = {}
    for path in sorted(wanted):
        try:
            texts[path] = read(path)
        except FixerError:
            continue  # unreadable files are reported by the facts stage already
        found = scan(path, texts[path])
        if found:
            table[path] = found
    outcome = apply_suppressions(findings, table, options, known)
    outcome.unused = [_with_trimmed_fix(f, texts[f.path]) for f in outcome.unused]
    return outcome


def _with_trimmed_fix(f: Finding, text: str) -> Finding:
    assert f.fix is not None
    edits = tuple(trim_trailing(e, text) for e in f.fix.edits)
    return dataclasses.replace(f, fix=dataclasses.replace(f.fix, edits=edits))


# --- writing suppressions (diagnose --add-ignore) --------------------------------------------


@dataclass(frozen=True)
class NotAdded:
    finding: Finding
    reason: str


def add_ignores(
    findings: Iterable[Finding], read: Callable[[str], SourceText]
) -> tuple[list[Change], list[NotAdded]]:
    """New file contents with a ``# fixer: ignore[CODE]`` comment on each finding's line.

    The comment goes at the end of the line, merged into a suppression already there; when
    that would change what the file means (inside a string, after a line continuation), it
    goes on its own line above, and if that also changes the meaning the finding is skipped.
    A result is kept only if it parses to the same Python AST or the same YAML data.
    """
    by_path: dict[str, dict[int, set[str]]] = {}
    skipped: list[NotAdded] = []
    for f in findings:
        if f.rule == UNUSED_CODE:
            reason = "an unused suppression is removed (fixer apply), not suppressed"
            skipped.append(NotAdded(f, reason))
            continue
        if kind(f.path) is None:
            skipped.append(NotAdded(f, "only Python and YAML files take suppression comments"))
            continue
        by_path.setdefault(f.path, {}).setdefault(f.line, set()).add(f.rule)
    changes: list[Change] = []
    for path, lines in sorted(by_path.items()):
        source = read(path)
        text = source.text
        existing = {s.line: s for s in scan(path, text) if not s.own_line}
        for line in sorted(lines, reverse=True):  # bottom up: earlier line numbers stay valid
            codes = sorted(lines[line])
            new = _insert(path, text, line, codes, existing.get(line))
            if new is None:
                skipped.extend(
                    NotAdded(f, "a comment here would change the file's meaning")
                    for f in findings
                    if f.path == path and f.line == line
                )
                continue
            text = new
        if text != source.text:
            changes.append(Change(path, source, text))
    return changes, skipped


def _insert(
    path: str, text: str, line: int, codes: list[str], old: Suppression | None
) -> str | None:
    index = LineIndex(text)
    if line > len(index.starts):
        return None
    body = index.line_text(line)
    start = index.starts[line - 1]
    if old is not None:
        merged = sorted(set(old.codes) | set(codes)) if old.codes else []
        directive = "# fixer: ignore" + (f"[{','.join(merged)}]" if merged else "")
        directive += f" {old.reason}" if old.reason else ""
        candidate = body[: old.column - 1] + directive
        attempts = [text[:start] + candidate + text[start + len(body) :]]
    else:
        directive = f"# fixer: ignore[{','.join(codes)}]"
        indent = body[: len(body) - len(body.lstrip())]
        attempts = [
            text[:start] + body.rstrip() + "  " + directive + text[start + len(body) :],
            text[:start] + indent + directive + _eol(text, line, index) + text[start:],
        ]
    before = _meaning(path, text)
    for candidate_text in attempts:
        if before is not None and _meaning(path, candidate_text) == before:
            return candidate_text
    return None


def _eol(text: str, line: int, index: LineIndex) -> str:
    end = index.starts[line] if line < len(index.starts) else len(text)
    return "\r\n" if text[:end].endswith("\r\n") else "\n"


def _meaning(path: str, text: str) -> object:
    """What a file says, comments aside: its AST dump or its YAML data (None: unparsable)."""
    if kind(path) == "python":
        try:
            return ast.dump(ast.parse(text))
        except SyntaxError:
            return None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return list(YAML(typ="safe", pure=True).load_all(text))
    except YAMLError:
        return None
