"""Stage 3b, fixes: turn the codemod calls rules ask for into plain edits.

Rules describe Python changes that need libcst (an added field, an added import) as
:class:`~fixer.model.CodemodCall` values, since they never read files. Here, and only for
the files some fix touches, the codemod runs on the file's text and its output is diffed
line by line into :class:`~fixer.model.Edit` values. After this stage every fix is made of
edits only, which is what the planner, the JSON report and the applier see.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable

from codemods import Codemod, registry
from fixer.errors import FixerError
from fixer.gcpause import cyclic_gc_paused
from fixer.model import Edit, Finding, Fix
from fixer.text import LineIndex


@cyclic_gc_paused()
def materialize(
    findings: Iterable[Finding], read_text: Callable[[str], str]
) -> tuple[list[Finding], list[FixerError]]:
    """Resolve every fix's codemod calls into edits; a fix whose codemod fails is dropped."""
    codemods: dict[str, Codemod] | None = None
    resolved: dict[Fix, Fix | None] = {}
    errors: list[FixerError] = []
    out: list[Finding] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.codemods:
            out.append(finding)
            continue
        if fix not in resolved:
            codemods = codemods if codemods is not None else registry()
            try:
                resolved[fix] = _resolve(fix, codemods, read_text)
            except FixerError as exc:
                errors.append(exc)
                resolved[fix] = None
        out.append(dataclasses.replace(finding, fix=resolved[fix]))
    return out, errors


def _resolve(fix: Fix, codemods: dict[str, Codemod], read_text: Callable[[str], str]) -> Fix:
    texts: dict[str, tuple[str, str]] = {}
    for call in fix.codemods:
        func = codemods.get(call.codemod)
        if func is None:
            raise FixerError(f"unknown codemod {call.codemod!r}", call.path, 1)
        before, current = texts.get(call.path) or (read_text(call.path),) * 2
        try:
            after = func(current, **dict(call.args))
        except FixerError:
            raise
        except Exception as exc:  # a codemod failing on odd input must not stop the run
            raise FixerError(f"codemod {call.codemod} failed: {exc}", call.path, 1) from exc
        texts[call.path] = (before, after)
    edits = list(fix.edits)
    for path, (before, after) in texts.items():
        edits.extend(text_edits(path, before, after))
    return dataclasses.replace(fix, edits=tuple(edits), codemods=())


def text_edits(path: str, before: str, after: str) -> list[Edit]:
    """The smallest line-wise edits that turn ``before`` into ``after``."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    index = LineIndex(before)
    edits = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.append(
            Edit(path, index.position(starts[i1]), index.position(starts[i2]), "".join(new[j1:j2]))
        )
    return edits
