"""A ``COPY``/``ADD`` source of a compose-built Dockerfile is not in the build context.

## What it does
For every compose service whose build context and Dockerfile exist, checks each
``COPY``/``ADD`` source of the Dockerfile against the files under the context, the way
Docker sees them: ``.dockerignore`` (``<Dockerfile>.dockerignore`` first, then the one at
the context root) removes files from the context; ``--from=`` stages, heredocs, URLs and
sources with variables are skipped; wildcards must match at least one file.

## Why is this bad?
The build fails with "failed to compute cache key: ... not found". A source that is on
the developer's disk but git-ignored builds there and fails in every fresh clone and in CI:
it is reported as "present here, git-ignored". This is also how a
Dockerfile path that was "fixed" against the wrong context still fails: the Dockerfile is
found, but every ``COPY`` looks in the wrong folder.

## Example
```dockerfile
# built by compose.yml with context: ./api
COPY requirements.txt /app/     # the file is at the repository root, not in api/
```

## Fix safety
No fix: whether the context, the source or the file layout is wrong is a human decision.
Candidates (files with the same name elsewhere) are listed.
"""

from __future__ import annotations

import bisect
import fnmatch
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from fixer.config import Options
from fixer.facts import Facts
from fixer.model import Finding, Position
from fixer.rules._paths import exists, rank
from fixer.rules._projects import resolve_use, service_uses
from fixer.rules.base import Example, report

CODE = "FX205"
NAME = "dockerfile-copy-source-missing"
SEVERITY = "error"


def _pattern(p: str) -> tuple[bool, re.Pattern[str]] | None:
    negate = p.startswith("!")
    p = p[1:] if negate else p
    p = posixpath.normpath(p.strip().lstrip("/"))
    if p in ("", "."):
        return None
    out, i = [], 0
    while i < len(p):
        if p.startswith("**", i):
            out.append(".*")
            i += 2
            if i < len(p) and p[i] == "/":
                out[-1] = "(?:.*/)?"
                i += 1
        elif p[i] == "*":
            out.append("[^/]*")
            i += 1
        elif p[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(p[i]))
            i += 1
    return negate, re.compile("".join(out) + "(?:/.*)?$")


def ignored(patterns: Sequence[str], rel: str) -> bool:
    """Docker's rule: patterns are rooted at the context; the last match wins."""
    result = False
    for p in patterns:
        compiled = _pattern(p)
        if compiled is None:
            continue
        negate, rx = compiled
        if rx.match(rel):
            result = not negate
    return result


def _under(files: list[str], ctx: str) -> list[str]:
    """Files under ``ctx``, relative to it (``files`` is sorted)."""
    if ctx == "":
        return files
    prefix = ctx + "/"
    lo = bisect.bisect_left(files, prefix)
    hi = bisect.bisect_left(files, prefix + "\U0010ffff")
    return [f[len(prefix) :] for f in files[lo:hi]]


def _found(src: str, in_ctx: list[str], patterns: Sequence[str]) -> tuple[bool, bool]:
    """(present in the tree, present after .dockerignore) for one source."""
    rel = posixpath.normpath(src.lstrip("/"))
    if rel == ".":
        return True, True
    if any(c in rel for c in "*?["):
        hits = [
            f
            for f in in_ctx
            if fnmatch.fnmatchcase(f, rel)
            or any(fnmatch.fnmatchcase(f[:i], rel) for i in _slashes(f))
        ]
    else:  # the file itself, or the files below the folder: two binary searches
        hits = _under(in_ctx, rel)
        hits = [f"{rel}/{f}" for f in hits]
        i = bisect.bisect_left(in_ctx, rel)
        if i < len(in_ctx) and in_ctx[i] == rel:
            hits.append(rel)
    return bool(hits), any(not ignored(patterns, f) for f in hits)


def _slashes(f: str) -> Iterable[int]:
    i = f.find("/")
    while i != -1:
        yield i
        i = f.find("/", i + 1)


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    files = sorted(facts.files)
    seen: dict[tuple[str, str, str], list[str]] = {}
    pending: list[tuple[tuple[str, str, str], Finding]] = []
    for use in service_uses(facts, options):
        path, svc = use.path, use.service
        if use.build is None or use.build.inline:
            continue
        r = resolve_use(use)
        if r.context is None or r.dockerfile is None or not exists(facts, r.context, "dir"):
            continue
        df = facts.dockerfiles.get(r.dockerfile)
        if df is None:
            continue
        ignore_path = f"{r.dockerfile}.dockerignore"
        if ignore_path not in facts.dockerignores:
            ignore_path = f"{r.context}/.dockerignore" if r.context else ".dockerignore"
        patterns = facts.dockerignores.get(ignore_path, ())
        in_ctx = _under(files, r.context)
        for cp in df.copies:
            if cp.from_stage is not None or cp.heredoc:
                continue
            for src in cp.sources:
                if "$" in src or "://" in src or src.startswith("git@"):
                    continue
                key = (r.dockerfile, r.context, src)
                if key in seen:
                    if f"{svc.name} in {path}" not in seen[key]:
                        seen[key].append(f"{svc.name} in {path}")
                    continue
                present, visible = _found(src, in_ctx, patterns)
                if visible:
                    continue
                seen[key] = [f"{svc.name} in {path}"]
                ctx_shown = r.context or "."
                target = posixpath.normpath(posixpath.join(r.context, src.lstrip("/")))
                if present:
                    message = (
                        f"{cp.keyword} source {src} is excluded from build context "
                        f"{ctx_shown} by {ignore_path}"
                    )
                    candidates: tuple[str, ...] = ()
                elif facts.git_ignored(target):
                    message = (
                        f"{cp.keyword} source {src} (build context {ctx_shown}) is present here, "
                        "git-ignored: a fresh clone lacks it"
                    )
                    candidates = ()
                else:
                    message = f"{cp.keyword} source {src} not found in build context {ctx_shown}"
                    ranking = rank(facts, target) if not any(c in src for c in "*?[") else None
                    candidates = ranking.candidates if ranking else ()
                    if candidates:
                        message += f"; files with that name: {', '.join(candidates[:5])}"
                finding = report(
                    CODE,
                    NAME,
                    SEVERITY,
                    path=r.dockerfile,
                    start=Position(cp.line, 1),
                    end=None,
                    message=message,
                    symbol=f"{cp.keyword} {src}",
                    key=(r.context,),
                    candidates=candidates,
                )
                pending.append((key, finding))
    for key, finding in pending:  # the evidence names every service that builds this way
        users = ", ".join(seen[key])
        yield replace(finding, evidence=(f"build context {key[1] or '.'} for: {users}",))


VALID = [
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build: ./api\n",
            "api/Dockerfile": "FROM python\nCOPY requirements.txt /app/\nCOPY src/ /app/src/\n"
            "COPY --from=build /out /out\nADD https://x.invalid/a.tgz /tmp/\n"
            "COPY *.cfg /etc/\n",
            "api/requirements.txt": "x\n",
            "api/src/app.txt": "x\n",
            "api/a.cfg": "",
        }
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: ./api\n"
            "      dockerfile: ../dockerfiles/api.Dockerfile\n",
            "dockerfiles/api.Dockerfile": "FROM python\nCOPY requirements.txt /app/\n",
            "requirements.txt": "x\n",
            "api/app.txt": "x\n",
        },
        expect=("COPY requirements.txt",),
        note="the Dockerfile is found, but the context is wrong",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build: .\n",
            "Dockerfile": "FROM python\nCOPY config/ /cfg/\n",
            ".dockerignore": "config\n",
            "config/a.ini": "",
        },
        expect=("COPY config/",),
        note="excluded by .dockerignore",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build: .\n",
            "Dockerfile": "FROM python\nCOPY settings.local.py /app/\nCOPY build/ /app/\n",
            ".gitignore": "settings.local.py\nbuild/\n",
            "settings.local.py": "DEBUG = True\n",
            "build/app.whl": "",
        },
        expect=("COPY settings.local.py", "COPY build/"),
        note="present on this machine but git-ignored: a fresh clone and CI lack them",
    ),
]
