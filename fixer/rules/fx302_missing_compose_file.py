"""Python code names a compose file that does not exist.

## What it does
Looks at Python string literals that are a compose file name or path
(``docker-compose.alpine-test.yml``, ``deploy/compose.yaml``), including ``-f`` arguments of
``docker compose`` command lines built as lists or written as one string that the code runs,
and names compared in branch tests (``f == "a.yml" or f == "gone.yml"``, where FX301 lets the
file that exists decide the target), and reports the ones that match no file:
neither from the repository root, nor from the Python file's folder, nor as the name of any
compose file in the tree. When git renamed the file the finding offers the new name; when a
commit deleted it the finding names that commit (``introduced by``).

The four default names (``compose.yaml``, ``compose.yml``, ``docker-compose.yaml``,
``docker-compose.yml``) are commonly probed in lists of candidates, so they are reported only
as an explicit ``-f`` argument; ``*.override.yml`` files are optional by design and never
reported.

## Why is this bad?
``docker compose -f docker-compose.test.yml up`` stops with "no such file or directory", and
code that selects a compose file by name quietly picks one that is not there.

## Example
```python
COMPOSE_FILE = "docker-compose.alpine-test.yml"   # renamed to docker-compose.test.yml
```
Use instead:
```python
COMPOSE_FILE = "docker-compose.test.yml"
```

## Fix safety
Safe when git recorded the rename (the new path is written relative to the same base, quote
style kept, through the ``replace-string`` codemod; in a command string the whole string is
rewritten, in an f-string nothing). Otherwise the finding lists the compose
files with the closest names and has no fix.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable, Iterator

from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import folder, join
from fixer.facts.python import StrCommand, StrLit
from fixer.model import CodemodCall, Finding, Fix
from fixer.rules._paths import introduced_by, relpath
from fixer.rules._services import compose_file_words, compose_models, compose_refs
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX302"
NAME = "missing-compose-file"
SEVERITY = "error"

DEFAULT_NAMES = frozenset(
    {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}
)


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    out: list[Finding] = []
    for py_path, mod in sorted(facts.python.items()):
        explicit = set()
        for cmd in mod.commands:
            files, _refs = compose_refs(cmd)
            explicit |= {f for f in files if f}
        seen: set[tuple[int, int]] = set()
        for lit in mod.compose_names:
            key = (lit.start.line, lit.start.column)
            if key in seen:
                continue
            seen.add(key)
            finding = _check(facts, py_path, lit, lit.value in explicit)
            if finding is not None:
                out.append(finding)
        out.extend(_command_strings(facts, py_path, mod.commands))
    return out


def _command_strings(
    facts: Facts, py_path: str, commands: Iterable[StrCommand]
) -> Iterator[Finding]:
    """``-f FILE`` in ``docker compose`` commands written as one string."""
    seen: set[tuple[int, int, str]] = set()
    for cmd in commands:
        if not cmd.string:
            continue
        for word, value, cut in compose_file_words(cmd):
            key = (word.start.line, word.start.column, value)
            if key in seen:
                continue
            seen.add(key)
            index = next(i for i, it in enumerate(cmd.items) if it is word)
            carrier = (cmd.literal, cmd.offsets[index] + cut) if cmd.literal else None
            lit = StrLit(value, word.start, word.end, "")
            finding = _check(facts, py_path, lit, True, carrier)
            if finding is not None:
                yield finding


def _check(
    facts: Facts,
    py_path: str,
    lit: StrLit,
    explicit: bool,
    carrier: tuple[StrLit, int] | None = None,
) -> Finding | None:
    """``carrier``: for a file named inside a command string, the string constant and where
    the name starts in it (the fix rewrites the whole string)."""
    value = lit.value
    name = posixpath.basename(value)
    if name.lower().endswith((".override.yml", ".override.yaml")):
        return None
    if name in DEFAULT_NAMES and not explicit:
        return None
    written = value[2:] if value.startswith("./") else value
    bases = ["", folder(py_path)] if folder(py_path) else [""]
    resolved = [r for r in (join(b, written) for b in bases) if r is not None]
    if any(r in facts.files for r in resolved) or facts.by_name(name):
        return None
    evidence: list[str] = []
    fix: Fix | None = None
    suggestion = ""
    candidates: tuple[str, ...] = ()
    intro = ""
    for base, missing in zip(bases, resolved, strict=False):
        moved = facts.history.moved_to(missing, facts.files)
        if moved is None:
            renamed = [
                p for p in facts.history.renames if posixpath.basename(p) == name and p != missing
            ]
            moved = facts.history.moved_to(renamed[0], facts.files) if len(renamed) == 1 else None
            if moved is not None:
                missing = renamed[0]
        if moved is not None and moved[0] in facts.files:
            new_path = moved[0]
            new_value = (
                posixpath.basename(new_path)
                if "/" not in written and folder(new_path) == folder(missing)
                else relpath(new_path, base)
            )
            if value.startswith("./") and not new_value.startswith("."):
                new_value = "./" + new_value
            suggestion = new_value
            candidates = (new_path,)
            evidence.append(f"git: renamed {missing} -> {new_path} in {moved[1].describe()}")
            intro = introduced_by(facts, missing)
            fix = _rename_fix(py_path, lit, new_value, carrier)
            break
        intro = intro or introduced_by(facts, missing)
    if fix is None:
        deleted = [p for p in facts.history.deletions if posixpath.basename(p) == name]
        if deleted and not intro:
            intro = introduced_by(facts, deleted[0])
        pool = sorted(compose_models(facts))
        close = difflib.get_close_matches(
            name, [posixpath.basename(p) for p in pool], n=3, cutoff=0.6
        )
        candidates = tuple(p for c in close for p in pool if posixpath.basename(p) == c)
        evidence.append(
            f"closest compose files: {', '.join(candidates)}"
            if candidates
            else "no compose file with a similar name"
        )
    if intro:
        evidence.append(intro)
    message = f"compose file {value} does not exist"
    message += did_you_mean(suggestion, candidates)
    if intro:
        message += f" ({intro})"
    return report(
        CODE,
        NAME,
        SEVERITY,
        path=py_path,
        start=lit.start,
        end=lit.end,
        message=message,
        symbol=value,
        evidence=evidence,
        candidates=candidates,
        fix=fix,
    )


def _rename_fix(
    py_path: str, lit: StrLit, new_value: str, carrier: tuple[StrLit, int] | None
) -> Fix | None:
    """Replace the name in its literal (or in the command string that holds it)."""
    if lit.quote == "" and carrier is None:
        return None  # a word of an f-string
    where, old, new = lit, lit.value, new_value
    if carrier is not None:
        where, at = carrier
        old = where.value
        new = old[:at] + new_value + old[at + len(lit.value) :]
    return Fix(
        description=f"replace {old!r} -> {new!r}",
        safety="safe",
        codemods=(
            CodemodCall(
                py_path,
                "replace-string",
                (
                    ("line", where.start.line),
                    ("column", where.start.column),
                    ("old", old),
                    ("new", new),
                ),
            ),
        ),
    )


_SVC = "services:\n  api:\n    image: x\n"

VALID = [
    Example(
        files={
            "docker-compose.test.yml": _SVC,
            "m.py": 'FILES = ["compose.yaml", "docker-compose.yml"]\n'
            'TEST = "docker-compose.test.yml"\n'
            'OVERRIDE = "docker-compose.override.yml"\n',
        },
        note="existing files, default names probed in a list, optional override files",
    ),
    Example(
        files={
            "deploy/docker-compose.prod.yml": _SVC,
            "m.py": 'PROD = "docker-compose.prod.yml"\n',
        },
        note="the name of a compose file elsewhere in the tree (joined to a folder at run time)",
    ),
    Example(
        files={
            "docker-compose.test.yml": _SVC,
            "m.py": "import logging, subprocess\n"
            "def up(name):\n"
            "    subprocess.run(f'docker compose -f {name} up -d', shell=True)\n"
            "    subprocess.run('docker compose -f docker-compose.test.yml logs -f api', "
            "shell=True)\n"
            "    logging.warning('docker compose -f docker-compose.old.yml is gone')\n",
        },
        note="-f from a variable, `logs -f` (follow), a log message: nothing to check",
    ),
]

INVALID = [
    Example(
        files={
            "docker-compose.alpine-test.yml": _SVC,
            "m.py": "def services(compose_file):\n"
            '    if "alpine" in compose_file or compose_file == "docker-compose.test.yml":\n'
            '        return ["api"]\n',
        },
        expect=("docker-compose.test.yml",),
        note="one name of an `or` no longer exists (FX301 lets the other decide)",
    ),
    Example(
        files={
            "m.py": "import subprocess\n"
            "def up():\n"
            "    subprocess.run('docker compose -f docker-compose.it.yml up -d', shell=True)\n"
        },
        commits=(
            {"docker-compose.it.yml": _SVC},
            {"docker-compose.it.yml": ("mv", "docker-compose.integration.yml")},
        ),
        expect=("docker-compose.it.yml",),
        fixed={
            "m.py": "import subprocess\n"
            "def up():\n"
            "    subprocess.run('docker compose -f docker-compose.integration.yml up -d', "
            "shell=True)\n"
        },
        note="-f in a command written as one string; git renamed it: the string is rewritten",
    ),
    Example(
        files={
            "docker-compose.test.yml": _SVC,
            "run.py": "CMD = ['docker', 'compose', '-f', 'docker-compose.ci.yml', 'up']\n",
        },
        expect=("docker-compose.ci.yml",),
        note="never existed: candidates listed, no fix",
    ),
    Example(
        files={"m.py": "COMPOSE = 'docker-compose.alpine-test.yml'\n"},
        commits=(
            {"docker-compose.alpine-test.yml": _SVC},
            {"docker-compose.alpine-test.yml": ("mv", "docker-compose.test.yml")},
        ),
        expect=("docker-compose.alpine-test.yml",),
        fixed={"m.py": "COMPOSE = 'docker-compose.test.yml'\n"},
        note="git renamed it: safe fix, quotes kept",
    ),
]
