"""A repository path in a Python string or a YAML value points at a file that moved away.

## What it does
Looks at Python string literals and YAML string scalars (CI configs, cloud build files,
workflows, any non-build compose key) that are a repository-relative path, or that hold one
as a token of a command line (``-f docker/x.Dockerfile``, ``--dockerfile=docker/x.Dockerfile``).
A path that exists neither from the repository root nor from the file's folder is reported
when git history shows the file was renamed or moved (directly, or with its folder), or when
exactly one file with that name exists. Only strings that look like paths count: a ``/`` and
a file name that exists or existed; never URLs, globs, variables (``$X``, ``{x}``, ``%s``)
or f-strings. The message names the commit that moved the file (``introduced by``).

Only references count. Names of files being created are not stale: ``open(p, "w")``,
``write_text``, ``mkdir``, the destination of a copy or move (in Python, or ``cp``/``mv``/
``>``/``-o`` in a command line), anything under ``tmp_path``. Nor are expected values
(``==``, ``assert*`` arguments) or, in test modules, paths that are test data (dict entries,
list items that are not a command line, arguments of calls that do not touch files). Without
git history, the only file with the same name is evidence only when it keeps some of the
path's folders (``docker/`` and ``dockerfiles/``): a file name alone, in an unrelated folder,
is no sign that the file moved.

How FX401 and FX201 divide the work: a compose service's ``build`` section (``context``,
``dockerfile``, short ``build: path``) and its ``env_file`` entries belong to the compose
rules (FX201 resolves them the way Compose does, against the context); FX401 never reports
those scalars. Every other YAML scalar, in compose files too, and every Python string is
FX401's.

## Why is this bad?
``docker build -f docker/api.Dockerfile .`` in a cloud build step or a deploy script fails
with "no such file" only when that pipeline runs, long after the commit that moved the file.

## Example
```yaml
steps:
  - name: gcr.io/cloud-builders/docker
    args: ["build", "-f", "docker/api.Dockerfile", "."]   # moved to dockerfiles/
```
Use instead:
```yaml
    args: ["build", "-f", "dockerfiles/api.Dockerfile", "."]
```

## Fix safety
Safe when git recorded the rename (of the file or of its folder): the new path is written
relative to the same base, keeping a ``./`` prefix and the quote style (Python through the
``replace-string`` codemod, YAML as a scalar splice). Unsafe when the only evidence is the
one file with the same name in a folder like the path's. Block scalars (``run: |``) are
reported without a fix.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from codemods.yaml_edit import path_value, scalar_edit
from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import Scalar, folder, join
from fixer.facts.python import StrLit
from fixer.model import CodemodCall, Edit, Finding, Fix
from fixer.rules._paths import introduced_by, rank, relpath, shares_structure
from fixer.rules.base import Example, report

CODE = "FX401"
NAME = "stale-path-reference"
SEVERITY = "error"

_PATHLIKE = re.compile(r"[A-Za-z0-9_.\-/]+")
_FILE = re.compile(r"[A-Za-z0-9_\-.]*\.[A-Za-z][A-Za-z0-9]{0,9}|[A-Za-z][A-Za-z0-9_\-]*file")
_TOKEN = re.compile(r"[^\s=,;\"']+")


@dataclass(frozen=True)
class _Stale:
    token: str  # as written
    start: int  # offset of the token in the value
    new_token: str
    safe: bool
    evidence: tuple[str, ...]
    candidates: tuple[str, ...]
    intro: str


def _path_token(t: str) -> bool:
    if "/" not in t or "://" in t or "//" in t.strip("/") or len(t) > 200:
        return False
    if t.startswith("/") or t.startswith("~") or not _PATHLIKE.fullmatch(t):
        return False
    last = t.rsplit("/", 1)[-1]
    return bool(last) and bool(_FILE.fullmatch(last)) and not last.endswith(".")


def _tokens(value: str) -> Iterable[tuple[int, str]]:
    if any(ch in value for ch in "${}%*?[]") or "://" in value:
        # variables, format strings, globs, URLs: only clean tokens elsewhere would count,
        # but a string mixing them is a template: skip it whole
        return
    if len(value) > 2000:
        return
    whole = value.strip()
    for m in _TOKEN.finditer(value):
        token = m.group(0)
        if not _path_token(token):
            continue
        if _created_in_command(value, m.start(), m.end()):
            continue
        if token == whole or _in_command(value, m.start()):
            yield m.start(), token


COMMANDS = frozenset(
    {
        "docker",
        "docker-compose",
        "podman",
        "buildah",
        "kaniko",
        "python",
        "python3",
        "bash",
        "sh",
        "source",
        ".",
        "cp",
        "mv",
        "cat",
        "chmod",
        "kubectl",
        "gcloud",
        "helm",
        "make",
        "pytest",
        "uv",
        "pip",
        "npm",
        "node",
    }
)


def _in_command(value: str, start: int) -> bool:
    """A path token inside a longer string counts only as part of a command line: the value of
    an option (``-f PATH``, ``--opt=PATH``) or an argument of a line that starts with a known
    command. A log message that mentions a path is not a reference."""
    line_start = value.rfind("\n", 0, start) + 1
    before = value[line_start:start]
    if before.endswith("="):
        return True
    words = before.split()
    if words and words[-1].startswith("-"):
        return True
    first = (words[0] if words else "").rsplit("/", 1)[-1]
    return first in COMMANDS


_CREATING_COMMANDS = frozenset({"mkdir", "touch", "tee"})
_COPYING_COMMANDS = frozenset({"cp", "mv", "install", "ln", "rsync"})
_OUTPUT_OPTIONS = frozenset({"-o", "--output", "--out", "--output-file", "--iidfile"})
_SEPARATORS = frozenset({"&&", "||", ";", "|"})
_SEPARATOR = re.compile(r"(&&|\|\||;|\|)")


def _words(text: str) -> list[str]:
    """Shell words, with command separators split off as words of their own."""
    return _SEPARATOR.sub(r" \1 ", text).split()


def _created_in_command(value: str, start: int, end: int) -> bool:
    """The token names a file the command line creates: an argument of ``mkdir``/``touch``/
    ``tee``, the destination (last argument) of ``cp``/``mv``, a ``>`` redirection target,
    or the value of an output option (``-o out/x.tar``)."""
    line_start = value.rfind("\n", 0, start) + 1
    line_end = value.find("\n", end)
    line = value[line_start : len(value) if line_end < 0 else line_end]
    before = _words(value[line_start:start])
    if before and (before[-1] in (">", ">>") or before[-1] in _OUTPUT_OPTIONS):
        return True
    # the command that governs the token: the last word after a separator (&&, ;, |)
    words = []
    for w in before:
        words = [] if w in _SEPARATORS else [*words, w]
    head = words[0].rsplit("/", 1)[-1] if words else ""
    if head == "sudo" and len(words) > 1:
        head = words[1].rsplit("/", 1)[-1]
    if head in _CREATING_COMMANDS:
        return True
    if head in _COPYING_COMMANDS:
        rest = _words(line[start - line_start :])
        stop = next((i for i, w in enumerate(rest[1:]) if w in _SEPARATORS), None)
        after = rest[1 : 1 + stop] if stop is not None else rest[1:]
        return not [w for w in after if not w.startswith("-")]  # nothing after: destination
    return False


def _existed(facts: Facts, name: str) -> bool:
    if facts.by_name(name):
        return True
    hist = facts.history
    return any(
        posixpath.basename(p) == name for p in (*hist.renames.keys(), *hist.deletions.keys())
    )


def _stale(facts: Facts, file_path: str, token: str) -> _Stale | None:
    written = token[2:] if token.startswith("./") else token
    bases = [""] if not folder(file_path) else ["", folder(file_path)]
    resolved = [join(b, written) for b in bases]
    if any(r is not None and facts.exists(r) for r in resolved):
        return None
    if not _existed(facts, posixpath.basename(written)):
        return None
    for base, missing in zip(bases, resolved, strict=True):
        if missing is None:
            continue
        ranking = rank(facts, missing)
        if ranking.best is None:
            continue
        from_git = any(e.startswith("git:") for e in ranking.evidence)
        unique = len(ranking.candidates) == 1
        if not from_git and not unique:
            continue
        if not from_git and ranking.best.endswith("/" + written):
            return None  # the path exists under another base (a sub-project, a run-time cwd)
        if not from_git and not shares_structure(missing, ranking.best):
            return None  # the same file name in an unrelated folder: no evidence of a move
        new_token = path_value(token, relpath(ranking.best, base))
        return _Stale(
            token=token,
            start=0,
            new_token=new_token,
            safe=from_git,
            evidence=ranking.evidence,
            candidates=ranking.candidates,
            intro=introduced_by(facts, missing),
        )
    return None


def _compose_owned(facts: Facts, path: str) -> set[tuple[int, int]]:
    """Spans of scalars the compose rules own (build and env_file values)."""
    yf = facts.yaml[path]
    out: set[tuple[int, int]] = set()
    if yf.compose is None:
        return out
    for svc in yf.compose.services:
        scalars: list[Scalar | None] = []
        if svc.build is not None:
            scalars += [svc.build.scalar, svc.build.context, svc.build.dockerfile]
        scalars += [e.scalar for e in svc.env_files]
        out |= {(s.start.line, s.start.column) for s in scalars if s is not None}
    return out


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    out: list[Finding] = []
    for path, mod in sorted(facts.python.items()):
        for lit in mod.paths:
            out += _findings(facts, path, lit.value, lit, None)
    for path, yf in sorted(facts.yaml.items()):
        owned = _compose_owned(facts, path)
        for sc in yf.scalars:
            if (sc.start.line, sc.start.column) in owned:
                continue
            out += _findings(facts, path, sc.value, None, sc)
    return out


def _findings(
    facts: Facts, path: str, value: str, lit: StrLit | None, sc: Scalar | None
) -> list[Finding]:
    stales: list[_Stale] = []
    for start, token in _tokens(value):
        s = _stale(facts, path, token)
        if s is not None:
            stales.append(
                _Stale(s.token, start, s.new_token, s.safe, s.evidence, s.candidates, s.intro)
            )
    if not stales:
        return []
    new_value = value
    for s in sorted(stales, key=lambda s: s.start, reverse=True):
        new_value = new_value[: s.start] + s.new_token + new_value[s.start + len(s.token) :]
    where = lit or sc
    assert where is not None
    fix: Fix | None = None
    note = ""
    safety = "safe" if all(s.safe for s in stales) else "unsafe"
    desc = ", ".join(f"{s.token} -> {s.new_token}" for s in stales)
    if lit is not None:
        fix = Fix(
            description=f"replace {desc}",
            safety=safety,  # type: ignore[arg-type]
            codemods=(
                CodemodCall(
                    path,
                    "replace-string",
                    (
                        ("line", lit.start.line),
                        ("column", lit.start.column),
                        ("old", value),
                        ("new", new_value),
                    ),
                ),
            ),
        )
    elif sc is not None and sc.style in ("|", ">"):
        note = "the value is a block scalar: no fix"
    elif sc is not None:
        edit: Edit = scalar_edit(path, sc, new_value)
        fix = Fix(description=f"replace {desc}", safety=safety, edits=(edit,))  # type: ignore[arg-type]
    out = []
    for s in stales:
        message = f"{s.token} does not exist; did you mean {s.new_token}?"
        if s.intro:
            message += f" ({s.intro})"
        evidence = list(s.evidence)
        if s.intro:
            evidence.append(s.intro)
        if note:
            evidence.append(note)
        out.append(
            report(
                CODE,
                NAME,
                SEVERITY,
                path=path,
                start=where.start,
                end=where.end,
                message=message,
                symbol=s.token,
                evidence=evidence,
                candidates=s.candidates,
                fix=fix,
            )
        )
    return out


_MOVE = (
    {"docker/api.Dockerfile": "FROM python:3.12\n"},
    {"docker/api.Dockerfile": ("mv", "dockerfiles/api.Dockerfile")},
)

VALID = [
    Example(
        files={
            "dockerfiles/api.Dockerfile": "FROM x\n",
            "cloudbuild.yaml": "steps:\n  - args: ['build', '-f', 'dockerfiles/api.Dockerfile']\n",
            "deploy.py": 'URL = "https://example.com/docker/api.Dockerfile"\n'
            'GLOB = "docker/*.Dockerfile"\n'
            'MSG = "see docs/guide.md"\n',
        },
        note="existing paths, URLs, globs, files that never existed",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: docker/api.Dockerfile\n",
            "dockerfiles/api.Dockerfile": "FROM x\n",
        },
        note="a compose build's dockerfile is FX201's, not FX401's",
    ),
    Example(
        files={
            "scripts/generate.py": "import os, shutil\n"
            "from pathlib import Path\n"
            "with open('docker/api.Dockerfile', 'w') as fh:\n"
            "    fh.write('FROM x')\n"
            "Path('docker/api.Dockerfile').write_text('FROM x')\n"
            "os.makedirs('docker/api.Dockerfile', exist_ok=True)\n"
            "shutil.copy('dockerfiles/api.Dockerfile', 'docker/api.Dockerfile')\n",
            "tests/test_gen.py": "def test_gen(tmp_path):\n"
            "    out = tmp_path / 'docker/api.Dockerfile'\n",
            "ci.yml": "steps:\n  - run: cp dockerfiles/api.Dockerfile docker/api.Dockerfile\n"
            "  - run: mkdir -p docker/api.Dockerfile && echo x > docker/api.Dockerfile\n",
        },
        commits=_MOVE,
        note="names of files being created (write, mkdir, copy destination, tmp_path, > in CI)",
    ),
    Example(
        files={
            "tests/test_parser.py": "def test_parse(self):\n"
            "    self.assertEqual('docker/api.Dockerfile', finding.file_path)\n"
            "    assert finding.path == 'docker/api.Dockerfile'\n"
            "    report = {'file': 'docker/api.Dockerfile'}\n"
            "    check(['docker/api.Dockerfile', 'src/app.py'])\n",
        },
        commits=_MOVE,
        note="expected values and test data in a test module are not references",
    ),
    Example(
        files={
            "tests/test_android.py": "EXPECTED = 'app/build/manifest/AndroidManifest.xml'\n",
            "tests/samples/apk/AndroidManifest.xml": "<manifest/>\n",
        },
        note="the same file name in an unrelated folder, no history: no evidence of a move",
    ),
]

INVALID = [
    Example(
        files={
            "tests/test_load.py": "def test_load():\n"
            "    with open('docker/api.Dockerfile') as fh:\n"
            "        assert fh.read()\n",
        },
        commits=_MOVE,
        expect=("docker/api.Dockerfile",),
        fixed={
            "tests/test_load.py": "def test_load():\n"
            "    with open('dockerfiles/api.Dockerfile') as fh:\n"
            "        assert fh.read()\n",
        },
        note="a test that opens a moved file: a reference, even in a test module",
    ),
    Example(
        files={
            "deploy.py": "SETTINGS = 'configs/app/settings.yml'\n",
            "config/app/settings.yml": "a: 1\n",
        },
        expect=("configs/app/settings.yml",),
        fixed={"deploy.py": "SETTINGS = 'config/app/settings.yml'\n"},
        note="no history, but the only file of that name keeps the path's folders: unsafe",
    ),
    Example(
        files={
            "cloudbuild.yaml": "steps:\n  - args: ['build', '-f', 'docker/api.Dockerfile', '.']\n"
            "  - args: ['build', '--dockerfile=docker/api.Dockerfile']\n",
        },
        commits=_MOVE,
        expect=("docker/api.Dockerfile", "docker/api.Dockerfile"),
        fixed={
            "cloudbuild.yaml": "steps:\n"
            "  - args: ['build', '-f', 'dockerfiles/api.Dockerfile', '.']\n"
            "  - args: ['build', '--dockerfile=dockerfiles/api.Dockerfile']\n",
        },
        note="git recorded the move: safe",
    ),
    Example(
        files={
            "deploy.py": "import subprocess\n"
            "subprocess.run(['docker', 'build', '-f', './docker/api.Dockerfile', '.'])\n"
            "CMD = 'docker build -f docker/api.Dockerfile .'\n",
            "dockerfiles/api.Dockerfile": "FROM x\n",
        },
        expect=("./docker/api.Dockerfile", "docker/api.Dockerfile"),
        fixed={
            "deploy.py": "import subprocess\n"
            "subprocess.run(['docker', 'build', '-f', './dockerfiles/api.Dockerfile', '.'])\n"
            "CMD = 'docker build -f dockerfiles/api.Dockerfile .'\n",
        },
        note="the only file with that name: unsafe; ./ prefix and quotes kept",
    ),
]
