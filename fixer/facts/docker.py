"""Facts from Dockerfiles, ``.dockerignore`` files and ``.env`` files.

A Dockerfile is read instruction by instruction (continuation lines joined, comments and
parser directives skipped, heredoc bodies skipped); ``COPY``/``ADD`` keep their sources,
``--from`` stage and line so FX205 can check them against a build context.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

_DIRECTIVE = re.compile(r"^#\s*(escape|syntax|check)\s*=\s*(\S+)\s*$", re.IGNORECASE)
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=\s*(.*))?$")


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    args: str


@dataclass(frozen=True)
class Copy:
    """A ``COPY`` or ``ADD``: its sources (as written), destination and ``--from``."""

    line: int
    keyword: str
    sources: tuple[str, ...]
    dest: str
    from_stage: str | None = None
    heredoc: bool = False


@dataclass(frozen=True)
class Dockerfile:
    path: str
    instructions: tuple[Instruction, ...]
    copies: tuple[Copy, ...]
    stages: tuple[str, ...] = ()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, joined text) for each instruction; heredoc bodies are dropped."""
    lines = text.splitlines()
    escape = "\\"
    out: list[tuple[int, str]] = []
    i = 0
    directives = True
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if directives:
            m = _DIRECTIVE.match(stripped)
            if m:
                if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
                    escape = m.group(2)
                i += 1
                continue
            if stripped:
                directives = False
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i + 1
        parts = []
        while True:
            line = lines[i].rstrip()
            if line.endswith(escape):
                parts.append(line[:-1])
                i += 1
                while i < len(lines) and (
                    not lines[i].strip() or lines[i].lstrip().startswith("#")
                ):
                    i += 1
                if i >= len(lines):
                    break
                continue
            parts.append(line)
            i += 1
            break
        joined = " ".join(p.strip() for p in parts)
        out.append((start, joined))
        for tag in _HEREDOC.findall(joined):
            while i < len(lines) and lines[i].strip() != tag:
                i += 1
            i += 1
    return out


def _copy(line: int, keyword: str, args: str) -> Copy | None:
    from_stage = None
    rest = args.strip()
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        rest = rest.strip()
        if flag.startswith("--from="):
            from_stage = flag[len("--from=") :]
    if not rest:
        return None
    heredoc = bool(_HEREDOC.search(rest))
    if rest.startswith("["):
        try:
            words = json.loads(rest)
        except json.JSONDecodeError:
            words = None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            words = None
    else:
        words = None
    if words is None:
        try:
            words = shlex.split(rest, posix=True)
        except ValueError:
            words = rest.split()
    if len(words) < 2:
        return None
    return Copy(line, keyword, tuple(words[:-1]), words[-1], from_stage, heredoc)


def extract(path: str, text: str) -> Dockerfile:
    """Read a Dockerfile's instructions and its ``COPY``/``ADD`` sources."""
    instructions: list[Instruction] = []
    copies: list[Copy] = []
    stages: list[str] = []
    for line, joined in _logical_lines(text):
        keyword, _, args = joined.partition(" ")
        keyword = keyword.upper()
        if not re.fullmatch(r"[A-Z]+", keyword):
            continue  # a template or a typo: not an instruction fixer can reason about
        instructions.append(Instruction(line, keyword, args.strip()))
        if keyword == "FROM":
            words = args.split()
            words = [w for w in words if not w.startswith("--")]
            if len(words) >= 3 and words[1].lower() == "as":
                stages.append(words[2])
        elif keyword in ("COPY", "ADD"):
            c = _copy(line, keyword, args)
            if c is not None:
                copies.append(c)
    return Dockerfile(path, tuple(instructions), tuple(copies), tuple(stages))


def extract_ignore(path: str, text: str) -> tuple[str, ...]:
    """The patterns of a ``.dockerignore`` file, in order (comments and blanks dropped)."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.append(s)
    return tuple(out)


def extract_env(path: str, text: str) -> Mapping[str, str]:
    """Variables of a ``.env`` file, as Compose reads them (quotes removed, comments dropped)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = _ENV_LINE.match(s)
        if not m:
            continue
        name, value = m.group(1), (m.group(2) or "").strip()
        if value[:1] in ("'", '"'):
            q = value[0]
            end = value.find(q, 1)
            value = value[1:end] if end != -1 else value[1:]
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        out[name] = value
    return MappingProxyType(out)
