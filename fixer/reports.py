"""Stage 7, reports: findings and errors for people (text) and for tools.

Formats: ``text`` (code frame, "did you mean", fix safety; colour on terminals only),
``json`` (below), ``sarif`` (:mod:`fixer.sarif`), ``github`` (workflow annotations) and
``junit`` (one failing test case per finding); :func:`render` picks one by name.

The JSON shape is version 1 and stable (documented in ``docs/json-schema.md``)::

    {"version": 1,
     "findings": [{"rule", "name", "severity", "message", "path", "line", "column",
                   "symbol", "fingerprint", "evidence", "candidates",
                   "fix": null | {"safety", "description",
                                  "edits": [{"path", "start": [line, col],
                                             "end": [line, col], "replacement"}]}}],
     "errors": [{"path", "line", "message"}],
     "skipped": [{"path", "line", "reason", "detail", "needs", "requires", "declared_in"}]}

Lines and columns are 1-based; paths are relative to the scanned root, with ``/``.
Keys may be added in version 1 (``evidence``, ``candidates`` and ``skipped`` were); none is
removed.

In text, what the run could not use or left out (input errors, the first
:data:`ERRORS_SHOWN` unless asked for all, their count per kind, files skipped on purpose) is
:func:`input_notes`; the CLI prints it on stderr, in ``diagnose`` and ``apply`` alike
(docs/decisions/081-input-errors-summary-and-streams.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from fixer.model import NEWER_PYTHON, TEMPLATED_YAML, Diagnosis, FileError, Finding, Fix, Skipped

JSON_VERSION = 1
ERRORS_SHOWN = 10  # input errors printed in text unless --show-errors


def to_json(diagnosis: Diagnosis) -> str:
    doc = {
        "version": JSON_VERSION,
        "findings": [_finding_json(f) for f in diagnosis.findings],
        "errors": [
            {"path": e.path, "line": e.line, "message": e.message} for e in diagnosis.errors
        ],
        "skipped": [_skipped_json(s) for s in diagnosis.skipped],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _skipped_json(s: Skipped) -> dict[str, object]:
    return {
        "path": s.path,
        "line": s.line,
        "reason": s.reason,
        "detail": s.detail,
        "needs": s.needs or None,
        "requires": s.requires or None,
        "declared_in": s.declared_in or None,
    }


def _finding_json(f: Finding) -> dict[str, object]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "symbol": f.symbol,
        "fingerprint": f.fingerprint,
        "evidence": list(f.evidence),
        "candidates": list(f.candidates),
        "fix": _fix_json(f.fix),
    }


def _fix_json(fix: Fix | None) -> dict[str, object] | None:
    if fix is None:
        return None
    return {
        "safety": fix.safety,
        "description": fix.description,
        "edits": [
            {
                "path": e.path,
                "start": [e.start.line, e.start.column],
                "end": [e.end.line, e.end.column],
                "replacement": e.replacement,
            }
            for e in fix.edits
        ],
    }


Source = Callable[[str], "str | None"]


def to_text(
    diagnosis: Diagnosis,
    *,
    unsafe_fixes: bool = False,
    source: Source | None = None,
    color: bool = False,
) -> str:
    """Findings for people: location, code frame, "did you mean", evidence, fix safety; then
    the input notes (:func:`input_notes`) and the summary line.

    ``source(path)`` gives a file's text for the code frame (None: no frame);
    ``color`` adds ANSI colours (the CLI turns it on only for a terminal without NO_COLOR).
    """
    lines = findings_lines(diagnosis, source=source, color=color)
    lines.extend(input_notes(diagnosis, color=color))
    lines.append(summary(diagnosis, unsafe_fixes=unsafe_fixes))
    return "\n".join(lines) + "\n"


def findings_lines(
    diagnosis: Diagnosis, *, source: Source | None = None, color: bool = False
) -> list[str]:
    """One block per finding (see :func:`to_text`), without input notes or summary."""
    paint = _Paint(color)
    texts: dict[str, list[str] | None] = {}
    lines: list[str] = []
    for f in diagnosis.findings:
        sev = paint.red(f.rule) if f.severity == "error" else paint.yellow(f.rule)
        lines.append(f"{paint.bold(f'{f.path}:{f.line}:{f.column}:')} {sev} [{f.name}] {f.message}")
        if source is not None:
            if f.path not in texts:
                text = source(f.path)
                texts[f.path] = text.splitlines() if text is not None else None
            lines.extend(_frame(f, texts[f.path], paint))
        hint = did_you_mean(f)
        if hint and "did you mean" not in f.message:
            lines.append(f"    {paint.cyan('did you mean')} {hint}?")
        for item in f.evidence:
            lines.append(f"    evidence: {item}")
        if f.candidates and f.fix is None and len(f.candidates) > 1:
            lines.append(f"    candidates: {', '.join(f.candidates)}")
        if f.fix is not None:
            lines.append(f"    fix ({_safety(f.fix.safety, paint)}): {f.fix.description}")
        else:
            lines.append("    fix: none (not mechanically unambiguous)")
    return lines


def input_notes(diagnosis: Diagnosis, *, show_all: bool = False, color: bool = False) -> list[str]:
    """What the run could not use or left out, for people: the input errors (the first
    :data:`ERRORS_SHOWN` unless ``show_all``), their count per kind when there are several,
    and one note per reason files were skipped on purpose (each file too, with ``show_all``).
    """
    paint = _Paint(color)
    errors = diagnosis.errors
    shown = errors if show_all else errors[:ERRORS_SHOWN]
    lines = [f"{paint.red('error')}: {e}" for e in shown]
    if len(errors) > 1:
        kinds = Counter(error_kind(e) for e in errors)
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=_most_first))
        hidden = len(errors) - len(shown)
        more = f"; {hidden} not shown, --show-errors lists them all" if hidden else ""
        lines.append(f"({len(errors)} input errors: {counts}{more})")
    newer = [s for s in diagnosis.skipped if s.reason == NEWER_PYTHON]
    templated = [s for s in diagnosis.skipped if s.reason == TEMPLATED_YAML]
    if newer:
        lines.append(f"{paint.yellow('note')}: {newer_python_note(newer)}")
    if templated:
        lines.append(f"{paint.yellow('note')}: {templated_note(templated)}")
    if show_all:
        lines.extend(f"skipped: {_skipped_line(s)}" for s in diagnosis.skipped)
    return lines


# The kind of an input error, for the counts, by how fixer's messages begin (else the
# message up to its first detail)
_KINDS = (
    ("syntax error", "Python syntax error"),
    ("compose file: top level", "compose file not a mapping"),
    ("duplicate key", "duplicate key"),
    ("huge file", "file too large"),
)


def error_kind(error: FileError) -> str:
    """``YAML syntax error``, ``Python syntax error``, ``not valid UTF-8``, ..."""
    for prefix, kind in _KINDS:
        if error.message.startswith(prefix):
            return kind
    return re.split(r":|,| \(", error.message, maxsplit=1)[0].strip() or "error"


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def newer_python_note(newer: list[Skipped]) -> str:
    """``N files need Python >= 3.12 to parse (the project requires >=3.12); run fixer on
    3.12 or newer to analyse them``."""
    versions = Counter(s.needs for s in newer)
    newest = max(versions, key=lambda v: tuple(int(x) for x in v.split(".")))
    count = f"{len(newer)} file{'s' if len(newer) > 1 else ''}"
    verb = "need" if len(newer) > 1 else "needs"
    if len(versions) == 1:
        text = f"{count} {verb} Python >= {newest} to parse"
    else:
        each = ", ".join(f"{n} {v}" for v, n in sorted(versions.items()))
        text = f"{count} {verb} a newer Python to parse ({each})"
    declared = sorted({_declared(s) for s in newer if s.requires})
    if len(declared) == 1:
        text += f" (the project {declared[0]})"
    elif declared:
        text += f" (the projects: {'; '.join(declared)})"
    them = "them" if len(newer) > 1 else "it"
    return f"{text}; run fixer on {newest} or newer to analyse {them}"


def _declared(s: Skipped) -> str:
    """``requires >=3.12`` (a requires-python), else ``declares 3.13 (.python-version)``."""
    if s.declared_in.endswith(("requires-python", "python_requires")):
        return f"requires {s.requires}"
    return f"declares {s.requires} ({s.declared_in})"


def templated_note(templated: list[Skipped]) -> str:
    """``N templated YAML files skipped (...)``: templates are not YAML, and not errors."""
    charts = sum(1 for s in templated if s.detail.startswith("Helm chart template"))
    parts = []
    if charts:
        parts.append(f"{charts} Helm chart template{'s' if charts > 1 else ''}")
    if len(templated) - charts:
        parts.append(f"{len(templated) - charts} failing to parse at a template directive")
    files = f"{len(templated)} templated YAML file{'s' if len(templated) > 1 else ''}"
    return f"{files} skipped ({', '.join(parts)})"


def _skipped_line(s: Skipped) -> str:
    if s.reason == NEWER_PYTHON:
        return f"{s.path}:{s.line}: needs Python >= {s.needs}: {s.detail}"
    return f"{s.path}:{s.line}: templated YAML: {s.detail}"


def did_you_mean(f: Finding) -> str | None:
    """The one replacement a finding points to: its single candidate, or its fix's text."""
    if len(f.candidates) == 1:
        return f.candidates[0]
    if f.fix is not None and len(f.fix.edits) == 1 and f.fix.edits[0].replacement.strip():
        replacement = f.fix.edits[0].replacement.strip()
        if "\n" not in replacement and len(replacement) <= 80:
            return replacement
    return None


def _frame(f: Finding, lines: list[str] | None, paint: _Paint) -> list[str]:
    if not lines or not 1 <= f.line <= len(lines):
        return []
    body = lines[f.line - 1].expandtabs(1)
    width = len(str(f.line))
    col = max(f.column, 1)
    end = f.end.column if f.end is not None and f.end.line == f.line else None
    if end is not None and end > col:
        length = end - col
    else:  # no end given: underline the word at the column
        rest = body[col - 1 :].split()
        length = len(rest[0]) if rest else 1
    gutter = " " * width
    return [
        f"  {gutter} |",
        f"  {paint.blue(str(f.line))} | {body}",
        f"  {gutter} | {' ' * (col - 1)}{paint.red('^' * length)}",
    ]


def _safety(safety: str, paint: _Paint) -> str:
    return paint.green(safety) if safety == "safe" else paint.yellow(safety)


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def bold(self, t: str) -> str:
        return self._wrap("1", t)

    def red(self, t: str) -> str:
        return self._wrap("31", t)

    def green(self, t: str) -> str:
        return self._wrap("32", t)

    def yellow(self, t: str) -> str:
        return self._wrap("33", t)

    def blue(self, t: str) -> str:
        return self._wrap("34", t)

    def cyan(self, t: str) -> str:
        return self._wrap("36", t)


def use_color(stream: object, environ: Mapping[str, str]) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if environ.get("NO_COLOR", "") != "":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# --- GitHub workflow commands ------------------------------------------------------------------


def to_github(diagnosis: Diagnosis) -> str:
    """One ``::error``/``::warning`` workflow command per finding, shown as annotations."""
    out = []
    for f in diagnosis.findings:
        level = "error" if f.severity == "error" else "warning"
        props = [f"file={_gh_prop(f.path)}", f"line={f.line}", f"col={f.column}"]
        if f.end is not None and f.end.line == f.line:
            props.append(f"endColumn={f.end.column}")
        elif f.end is not None:
            props.append(f"endLine={f.end.line}")
        props.append(f"title={_gh_prop(f'{f.rule} {f.name}')}")
        message = f.message
        hint = did_you_mean(f)
        if hint and hint not in message:
            message += f" (did you mean {hint}?)"
        if f.fix is not None:
            message += f"\nfix ({f.fix.safety}): {f.fix.description}"
        out.append(f"::{level} {','.join(props)}::{_gh_data(message)}")
    for e in diagnosis.errors:
        out.append(f"::error file={_gh_prop(e.path)},line={e.line}::{_gh_data(e.message)}")
    return "".join(line + "\n" for line in out)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


# --- JUnit XML ---------------------------------------------------------------------------------


def to_junit(diagnosis: Diagnosis) -> str:
    """A JUnit XML report: one test case per finding (a failure), grouped by file."""
    from xml.etree import ElementTree as ET

    suites = ET.Element("testsuites", name="fixer")
    by_path: dict[str, list[Finding]] = {}
    for f in diagnosis.findings:
        by_path.setdefault(f.path, []).append(f)
    total = failures = 0
    for path, items in sorted(by_path.items()):
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=path,
            tests=str(len(items)),
            failures=str(len(items)),
            errors="0",
        )
        for f in items:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path,
                name=f"{f.rule} {f.name} {f.symbol} (line {f.line})",
                file=path,
                line=str(f.line),
            )
            failure = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            failure.text = _finding_block(f)
        total += len(items)
        failures += len(items)
    if diagnosis.errors:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="fixer input errors",
            tests=str(len(diagnosis.errors)),
            failures="0",
            errors=str(len(diagnosis.errors)),
        )
        for e in diagnosis.errors:
            case = ET.SubElement(suite, "testcase", classname=e.path, name=f"read {e.path}")
            ET.SubElement(case, "error", message=e.message).text = str(e)
        total += len(diagnosis.errors)
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(len(diagnosis.errors)))
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _finding_block(f: Finding) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.name}] {f.message}"]
    hint = did_you_mean(f)
    if hint and "did you mean" not in f.message:
        lines.append(f"did you mean {hint}?")
    lines.extend(f"evidence: {e}" for e in f.evidence)
    if f.fix is not None:
        lines.append(f"fix ({f.fix.safety}): {f.fix.description}")
    return "\n".join(lines)


def render(fmt: str, diagnosis: Diagnosis, **text_options: Any) -> str:
    """The report in format ``fmt`` (text, json, sarif, github, junit)."""
    if fmt == "json":
        return to_json(diagnosis)
    if fmt == "sarif":
        from fixer.sarif import to_sarif

        return to_sarif(diagnosis)
    if fmt == "github":
        return to_github(diagnosis)
    if fmt == "junit":
        return to_junit(diagnosis)
    if fmt == "text":
        return to_text(diagnosis, **text_options)
    raise ValueError(f"unknown format {fmt!r}")


def summary(diagnosis: Diagnosis, *, unsafe_fixes: bool = False) -> str:
    findings = diagnosis.findings
    if not findings and not diagnosis.errors:
        return "No drift found."
    safety = Counter(f.fix.safety for f in findings if f.fix is not None)
    by_rule = Counter(f.rule for f in findings)
    rules = ", ".join(f"{code} x{n}" for code, n in sorted(by_rule.items()))
    parts = [f"Found {len(findings)} finding(s)" + (f" ({rules})" if rules else "")]
    if safety["safe"]:
        parts.append(f"{safety['safe']} fixable with `fixer apply`")
    if safety["unsafe"]:
        hint = "" if unsafe_fixes else " (hidden: add --unsafe-fixes)"
        parts.append(f"{safety['unsafe']} with unsafe fixes{hint}")
    if diagnosis.errors:
        n = len({e.path for e in diagnosis.errors})
        parts.append(f"{n} file(s) with input errors (see the error lines)")
    return "; ".join(parts) + "."
