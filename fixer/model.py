"""The data that flows through the pipeline: findings, fixes and edits.

Everything here is a frozen dataclass with plain fields, so every stage can be tested
with values written by hand, and nothing carries hidden state between stages.

Positions are 1-based lines and 1-based columns counted in characters (code points) of the
decoded line, the convention of ruff's JSON output. An edit's ``end`` is exclusive.
Paths are relative to the scanned root, written with ``/``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Safety = Literal["safe", "unsafe"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a text file: 1-based line, 1-based column (in characters)."""

    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text between ``start`` (inclusive) and ``end`` (exclusive) of ``path``."""

    path: str
    start: Position
    end: Position
    replacement: str


@dataclass(frozen=True)
class CodemodCall:
    """A change to a Python file that only libcst can write well (an added field, an import).

    Rules describe the change; :mod:`fixer.fixes` runs the named codemod on that one file
    and turns its output into :class:`Edit` values. ``args`` are plain ``(key, value)``
    pairs so the call stays hashable and printable.
    """

    path: str
    codemod: str
    args: tuple[tuple[str, object], ...]

    def arg(self, key: str, default: object = None) -> object:
        for k, v in self.args:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Fix:
    """A repair for one finding: edits that must be applied together, or not at all."""

    description: str
    safety: Safety
    edits: tuple[Edit, ...] = ()
    codemods: tuple[CodemodCall, ...] = ()

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(e.path for e in self.edits) | frozenset(c.path for c in self.codemods)


@dataclass(frozen=True)
class Finding:
    """One piece of drift, located in one file, with the evidence for it."""

    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    symbol: str
    fingerprint: str
    end: Position | None = None
    evidence: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    fix: Fix | None = None


@dataclass(frozen=True)
class FileError:
    """Input fixer could not use: reported with its place, while the rest is diagnosed."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A file left out on purpose: valid input fixer cannot read here, not broken input.

    ``reason`` is ``newer-python`` (the file parses only under Python ``needs`` or newer;
    ``detail`` names the first construct that needs it, at ``line``; ``requires`` is what the
    project declares, e.g. ``>=3.12``, and ``declared_in`` the file saying so) or
    ``templated-yaml`` (a Helm chart template, or a file that fails to parse as YAML at a
    ``{{ ... }}`` template directive: ``detail`` says which).
    """

    path: str
    line: int
    reason: str
    detail: str
    needs: str = ""
    requires: str = ""
    declared_in: str = ""


NEWER_PYTHON = "newer-python"
TEMPLATED_YAML = "templated-yaml"


@dataclass(frozen=True)
class Diagnosis:
    """What one run of the rules found: findings in report order, unusable inputs, and the
    files left out on purpose."""

    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...] = field(default=())
    skipped: tuple[Skipped, ...] = field(default=())


def fingerprint(rule: str, path: str, symbol: str, *extra: str) -> str:
    """A finding's identity: stable across runs and across line shifts in its file.

    Built from what the finding is about (rule, file, symbol), never from its line.
    """
    digest = hashlib.sha256("\x1f".join((rule, path, symbol, *extra)).encode()).hexdigest()
    return digest[:16]
