"""A compose build names a Dockerfile that does not exist.

## What it does
For every service with a ``build``, resolves ``context`` against the compose file's folder
and ``dockerfile`` against the context, as Compose does, and reports a Dockerfile that is
not in the repository. Files are read as Compose reads their project: an override or a
``-f`` overlay inherits ``context``/``dockerfile`` from the file it is merged over and
resolves from the first file's folder; a service that ``extends`` another takes its build,
rebased to that file. A value is reported only in the file that writes it. Test data,
documentation examples, generator templates and embedded copies are not stacks and are not
checked (see ``compose-stacks`` in docs/configuration.md).

It then looks for where the file went: a rename recorded by git, a path that differs only
in letter case, or the only file with that name. When the compose file itself was moved by
git and its paths resolve from the old folder, the fix rebases ``context`` (``.`` -> ``..``)
instead of rewriting the Dockerfile path.

## Why is this bad?
``docker compose build`` stops with "failed to read dockerfile: no such file", and every
test that needs the service fails before it starts.

## Example
```yaml
services:
  api:
    build:
      context: .
      dockerfile: docker/api.Dockerfile   # moved to dockerfiles/ by a later commit
```
Use instead:
```yaml
services:
  api:
    build:
      context: .
      dockerfile: dockerfiles/api.Dockerfile
```

## Fix safety
Safe when exactly one candidate is clearly right (git recorded the rename, the only file
with that name, or a letter-case twin): the replacement keeps the original quote style and
``./`` prefix. With several candidates the finding lists them and has no fix; with none it
says "no candidate". A value shared through a YAML anchor is fixed at the anchor only when
the new value is right for every service that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods.yaml_edit import path_value, scalar_edit
from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.compose import resolve_build
from fixer.model import Edit, Finding, Fix
from fixer.rules._paths import (
    context_edit,
    exists,
    introduced_by,
    rank,
    rebase,
    relpath,
    shared_note,
)
from fixer.rules._projects import ServiceUse, resolve_use, service_uses
from fixer.rules.base import Example, did_you_mean, report

CODE = "FX201"
NAME = "compose-dockerfile-missing"
SEVERITY = "error"


def check(facts: Facts, options: Options) -> Iterable[Finding]:
    seen: set[str] = set()
    for use in service_uses(facts, options):
        finding = _check_service(facts, use)
        if finding is not None and finding.fingerprint not in seen:
            seen.add(finding.fingerprint)
            yield finding


def _check_service(facts: Facts, use: ServiceUse) -> Finding | None:
    path, svc, env, b = use.path, use.service, use.env, use.build
    if b is None or b.inline:
        return None
    if "dockerfile" in use.foreign or ("context" in use.foreign and b.dockerfile is None):
        return None  # the value is written in another file: reported there
    now = resolve_use(use)
    if now.context is None or now.dockerfile is None:
        return None
    if not exists(facts, now.context, "dir") or now.dockerfile in facts.files:
        return None
    df = b.dockerfile
    written = df.value if df is not None else "Dockerfile"
    evidence: list[str] = []
    if use.how:
        evidence.append(f"read with the files of its project: {use.how}")
    candidates: tuple[str, ...] = ()
    edits: list[Edit] = []
    suggestion = ""
    reb = rebase(facts, path, b, env) if use.standalone and not use.foreign else None
    if reb is not None and reb.resolved.dockerfile in facts.files:
        candidates = (reb.resolved.dockerfile,)
        evidence += [
            reb.evidence,
            f"{written} exists under the old context: {reb.resolved.dockerfile}",
        ]
        suggestion = f"context: {reb.context_value}"
        edit = context_edit(path, b, reb.context_value)
        if edit is not None:
            edits.append(edit)
        else:
            evidence.append("no context written to rebase (would need an inserted key): no fix")
    else:
        attempts = []
        if reb is not None and reb.resolved.dockerfile and reb.resolved.context is not None:
            attempts.append((reb.resolved.context, reb.resolved.dockerfile, reb))
        attempts.append((now.context, now.dockerfile, None))
        chosen = None
        for ctx, missing, rb in attempts:
            ranking = rank(facts, missing)
            if ranking.best is not None:
                chosen = (ctx, ranking, rb)
                break
            if chosen is None or len(ranking.candidates) > len(chosen[1].candidates):
                chosen = (ctx, ranking, rb) if rb is None or ranking.candidates else chosen
        assert chosen is not None
        ctx, ranking, rb = chosen
        candidates = ranking.candidates
        if rb is not None:
            evidence.append(rb.evidence)
        evidence += list(ranking.evidence)
        if ranking.best is not None:
            new_df = path_value(written, relpath(ranking.best, ctx))
            suggestion = (
                f"dockerfile: {new_df}"
                if rb is None
                else (f"context: {rb.context_value}, dockerfile: {new_df}")
            )
            if df is None:
                evidence.append("no dockerfile key written (would need an inserted key): no fix")
            elif "$" in df.value:
                evidence.append("the path uses a variable: no fix")
            elif not _fits_all_users(facts, use, new_df, rb is not None):
                evidence.append(
                    "the value is shared through an anchor by services whose "
                    "contexts differ: no fix"
                )
            else:
                if rb is not None:
                    edit = context_edit(path, b, rb.context_value)
                    if edit is None:
                        evidence.append("no context written to rebase: no fix")
                    else:
                        edits += [edit, scalar_edit(path, df, new_df)]
                else:
                    edits.append(scalar_edit(path, df, new_df))
    evidence += shared_note(facts, path, df)
    where = df or b.context or b.scalar
    start = where.start if where else b.position
    message = f"service {svc.name}: Dockerfile {written} not found"
    if now.dockerfile != written:
        message += f" (looked for {now.dockerfile})"
    message += did_you_mean(suggestion, candidates, none="; no candidate")
    intro = introduced_by(facts, now.dockerfile)
    if intro:
        message += f" ({intro})"
        evidence.append(intro)
    fix = None
    if edits:
        fix = Fix(description=f"set {suggestion}", safety="safe", edits=tuple(edits))
    return report(
        CODE,
        NAME,
        SEVERITY,
        path=path,
        start=start,
        end=where.end if where else None,
        message=message,
        symbol=f"{svc.name}.build.dockerfile",
        key=(written,),
        evidence=evidence,
        candidates=candidates,
        fix=fix,
    )


def _fits_all_users(facts: Facts, use: ServiceUse, new_df: str, rebased: bool) -> bool:
    """A shared dockerfile value may change only if the new value is right for every user."""
    path, svc, env, b = use.path, use.service, use.env, use.build
    yf = facts.yaml[path]
    if b is None or b.dockerfile is None or b.dockerfile.anchor is None or yf.compose is None:
        return True
    for name in yf.compose.users(b.dockerfile):
        other = yf.compose.service(name)
        if other is None or other.build is None or other.name == svc.name:
            continue
        if rebased:
            return False
        r = resolve_build(path, other.build, env, base_dir=use.base)
        if r.context is None:
            return False
        if f"{r.context}/{new_df}".lstrip("/") not in facts.files and not _resolves(
            facts, r.context, new_df
        ):
            return False
    return True


def _resolves(facts: Facts, ctx: str, value: str) -> bool:
    from fixer.facts.compose import join

    target = join(ctx, value)
    return target is not None and target in facts.files


VALID = [
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: dockerfiles/api.Dockerfile\n",
            "dockerfiles/api.Dockerfile": "FROM python:3.12\n",
        }
    ),
    Example(
        files={
            "docker-compose.yml": "services:\n  web:\n    build: ./web\n",
            "web/Dockerfile": "FROM nginx\n",
        },
        note="short form, default Dockerfile",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: https://github.com/a/b.git\n"
            "  ui:\n    build:\n      context: .\n      dockerfile_inline: FROM x\n",
        },
        note="remote contexts and dockerfile_inline are skipped",
    ),
    Example(
        files={
            "compose.yaml": "services:\n  api:\n    build:\n      context: ./backend\n"
            "      dockerfile: api.Dockerfile\n",
            "compose.override.yaml": "services:\n  api:\n    build:\n      target: dev\n",
            "backend/api.Dockerfile": "FROM python:3.12 AS dev\n",
        },
        note="the override's build without context is merged over the base's context",
    ),
    Example(
        files={
            "docker-compose.yml": "services:\n  web:\n    build:\n      context: .\n"
            "      dockerfile: docker/web.Dockerfile\n  worker:\n    image: w\n",
            "docker-compose.override.unit.yml": "services:\n  worker: !reset\n"
            "  web:\n    build:\n      target: tests\n",
            "docker/web.Dockerfile": "FROM python:3.12 AS tests\n",
        },
        note="an override file named and shaped as one (!reset) beside its base",
    ),
    Example(
        files={
            "Makefile": "ci:\n\tdocker compose -f compose.yml -f ci/compose.ci.yml up --build\n",
            "compose.yml": "services:\n  api:\n    build:\n      context: ./backend\n",
            "ci/compose.ci.yml": "services:\n  api:\n    build:\n      dockerfile: ci.Dockerfile\n"
            "    environment:\n      CI: 'true'\n",
            "backend/Dockerfile": "FROM python:3.12\n",
            "backend/ci.Dockerfile": "FROM python:3.12\n",
        },
        note="a -f group from a Makefile: paths resolve from the first file's folder",
    ),
    Example(
        files={
            "compose.yml": "services:\n  web:\n    extends:\n      file: common/services.yml\n"
            "      service: app\n    build:\n      dockerfile: web.Dockerfile\n",
            "common/services.yml": "services:\n  app:\n    build:\n      context: ../src\n",
            "src/Dockerfile": "FROM python:3.12\n",
            "src/web.Dockerfile": "FROM python:3.12\n",
        },
        note="extends file: the context comes from the extended service, rebased to its file",
    ),
    Example(
        files={
            "tests/fixtures/broken_build/compose.yml": "services:\n  app:\n    build:\n"
            "      context: .\n      dockerfile: missing.Dockerfile\n",
            "tests/test_loader.py": "from pathlib import Path\n\n"
            "FIXTURE = Path(__file__).parent / 'fixtures/broken_build/compose.yml'\n",
        },
        note="test data fed to the program under test, run by no command: not a stack",
    ),
]

INVALID = [
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: docker/api.Dockerfile\n",
            "dockerfiles/api.Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.dockerfile",),
        fixed={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: dockerfiles/api.Dockerfile\n"
        },
        note="the only file with that name",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: './docker/api.Dockerfile'\n",
            "dockerfiles/api.Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.dockerfile",),
        fixed={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: './dockerfiles/api.Dockerfile'\n"
        },
        note="quote style and ./ prefix kept",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: DockerFile\n",
            "Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.dockerfile",),
        fixed={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: Dockerfile\n"
        },
        note="differs only in letter case",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: docker/gone.Dockerfile\n",
        },
        expect=("api.build.dockerfile",),
        note="no candidate: reported, no fix",
    ),
    Example(
        files={
            "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: api.Dockerfile\n",
            "a/api.Dockerfile": "FROM x\n",
            "b/api.Dockerfile": "FROM y\n",
        },
        expect=("api.build.dockerfile",),
        note="several candidates, no history: listed, no fix",
    ),
    Example(
        files={
            "docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: api.Dockerfile\n",
            "b/api.Dockerfile": "FROM y\n",
        },
        commits=(
            {
                "docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n"
                "      dockerfile: api.Dockerfile\n",
                "api.Dockerfile": "FROM python:3.12\nRUN echo one\n",
                "a/api.Dockerfile": "FROM other\n",
            },
            {"api.Dockerfile": ("mv", "c/api.Dockerfile")},
        ),
        expect=("api.build.dockerfile",),
        fixed={
            "docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n"
            "      dockerfile: c/api.Dockerfile\n"
        },
        note="several candidates, git history names one",
    ),
    Example(
        files={
            "compose.yaml": "services:\n  api:\n    build:\n      context: ./backend\n",
            "compose.override.yaml": "services:\n  api:\n    build:\n"
            "      dockerfile: dev.Dockerfile\n",
            "backend/Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.dockerfile",),
        note="the override's own Dockerfile, looked for under the base's context",
    ),
    Example(
        files={
            "Makefile": "ci:\n\tdocker compose -f compose.yml -f ci/compose.ci.yml up --build\n",
            "compose.yml": "services:\n  api:\n    build:\n      context: ./backend\n",
            "ci/compose.ci.yml": "services:\n  api:\n    build:\n      dockerfile: ci.Dockerfile\n",
            "backend/Dockerfile": "FROM python:3.12\n",
        },
        expect=("api.build.dockerfile",),
        note="a -f group from a Makefile: the overlay's Dockerfile is missing in the context",
    ),
    Example(
        files={
            "compose.yml": "services:\n  web:\n    extends:\n      file: common/services.yml\n"
            "      service: app\n    build:\n      dockerfile: web.Dockerfile\n",
            "common/services.yml": "services:\n  app:\n    build:\n      context: ../src\n",
            "src/Dockerfile": "FROM python:3.12\n",
        },
        expect=("web.build.dockerfile",),
        note="extends file: reported in the file that names the missing Dockerfile",
    ),
]
