"""Compose files as Docker Compose reads them: projects, where paths resolve, what is a stack.

A compose file is rarely read alone. Compose merges several files into one *project*:

- ``-f a.yml -f b.yml`` (or ``COMPOSE_FILE=a.yml:b.yml``): later files are merged over
  earlier ones, and every relative path resolves against the *project directory*, the first
  file's folder (or ``--project-directory``);
- ``compose.override.yaml`` / ``docker-compose.override.yml`` beside the default file is
  merged over it when no ``-f`` is given;
- ``include:`` loads other files as part of the project, each with its own folder (or its
  ``project_directory``) and ``env_file``;
- ``extends:`` copies a service from the same or another file, its relative paths rebased
  to the file it comes from.

Which files are used together is written in the repository's own scripts, Makefiles, CI
workflows, docs, comments and Python command lines (:mod:`fixer.facts.commands` finds them
with a text scan); some files say it by their name and shape (an ``override`` file beside its
base, a file whose services cannot run alone). :func:`model` puts this together once per run.

Not every compose file is a stack: test inputs that a repository feeds to the program under
test, documentation examples, generator templates and copies placed away from the files they
reference (:func:`not_stack`). See docs/decisions/013-compose-projects.md and
014-compose-files-that-are-not-stacks.md.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pathspec

from fixer.config import Options
from fixer.facts import Facts
from fixer.facts.commands import Created, Invocation, compose_invocation
from fixer.facts.compose import (
    Build,
    ComposeFile,
    Scalar,
    Service,
    folder,
    interpolate,
    join,
    resolve_build,
)

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
DEFAULT_OVERRIDES = {
    "compose.yaml": ("compose.override.yaml", "compose.override.yml"),
    "compose.yml": ("compose.override.yml", "compose.override.yaml"),
    "docker-compose.yaml": ("docker-compose.override.yaml", "docker-compose.override.yml"),
    "docker-compose.yml": ("docker-compose.override.yml", "docker-compose.override.yaml"),
}
TEST_FOLDERS = frozenset(
    {"tests", "test", "testing", "__tests__", "testdata", "test_data", "test-data", "testfiles"}
)
DOC_FOLDERS = frozenset({"docs", "doc", "documentation"})
TEMPLATE_WORDS = frozenset({"template", "templates", "tmpl", "tpl", "j2", "jinja", "jinja2"})
ENV_TEMPLATE_WORDS = frozenset(
    {"example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist", "default"}
)
# env files a deployment tool writes next to the compose file it deploys (Portainer writes the
# variables of a stack, entered in its UI, to stack.env)
TOOL_ENV_FILES = frozenset({"stack.env"})
NAME_SPLIT = re.compile(r"[._-]+")


@dataclass(frozen=True)
class Project:
    """Compose files merged in this order, their project directory, and the evidence."""

    files: tuple[str, ...]
    directory: str
    how: str
    env_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Usage:
    """One way a compose file is read: standalone, or merged over ``earlier`` files, with
    relative paths resolving against ``directory``."""

    path: str
    directory: str
    earlier: tuple[str, ...] = ()
    how: str = ""
    env_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Model:
    projects: tuple[Project, ...] = ()
    usages: Mapping[str, tuple[Usage, ...]] = field(default_factory=dict)
    run: frozenset[str] = frozenset()  # compose files a command of the repository runs
    not_stacks: Mapping[str, str] = field(default_factory=dict)  # path -> why not a stack
    includes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # path -> included
    created: tuple[tuple[str, Created], ...] = ()  # (text it is written in, created path)


# -- the model, computed once per Facts ------------------------------------------------------


def model(facts: Facts) -> Model:
    return facts.derived(_build_model)


def composes(facts: Facts) -> dict[str, ComposeFile]:
    return {p: y.compose for p, y in facts.yaml.items() if y.compose is not None}


def _build_model(facts: Facts) -> Model:
    files = composes(facts)
    projects: list[Project] = []
    run: set[str] = set()
    for source, inv in _invocations(facts):
        found, runs = _resolve_invocation(files, source, inv)
        projects += found
        run |= runs
    created = tuple(_created(facts))
    for source, c in created:
        projects += _linked_override(files, source, c)
    projects += _default_overrides(files)
    projects += _named_overlays(files)
    includes: dict[str, tuple[str, ...]] = {}
    for path, compose in sorted(files.items()):
        found_inc = list(_include_projects(files, path, compose))
        projects += found_inc
        includes[path] = tuple(f for p in found_inc for f in p.files)
    projects = _unique(projects)
    usages = _usages(files, projects)
    not_stacks = _not_stacks(facts, files, run, created)
    return Model(
        projects=tuple(projects),
        usages=MappingProxyType(usages),
        run=frozenset(run),
        not_stacks=MappingProxyType(not_stacks),
        includes=MappingProxyType(includes),
        created=created,
    )


def _unique(projects: list[Project]) -> list[Project]:
    seen: set[tuple[tuple[str, ...], str, tuple[str, ...]]] = set()
    out = []
    for p in projects:
        key = (p.files, p.directory, p.env_files)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# -- where command lines are written ---------------------------------------------------------


def _invocations(facts: Facts) -> Iterator[tuple[str, Invocation]]:
    """Every compose command line of the repository, with the file that writes it."""
    for path, yf in sorted(facts.yaml.items()):
        for inv in yf.commands.invocations:
            yield path, inv
    for path, cmds in sorted(facts.scripts.items()):
        for inv in cmds.invocations:
            yield path, inv
    for path, env in sorted(facts.env_files.items()):
        value = env.get("COMPOSE_FILE") if isinstance(env, Mapping) else None
        if value and "$" not in value:
            names = tuple(p for p in re.split(r"[:;]", value) if p)
            if names:  # Compose reads COMPOSE_FILE from the .env of its project directory
                yield path, Invocation(names, 1, (folder(path) or ".",), env=True)
    for path, mod in sorted(facts.python.items()):
        for cmd in mod.commands:
            words = [it.value if it is not None else "$VALUE" for it in cmd.items]
            inv = compose_invocation(words, {}, cmd.line, ())
            if inv is not None:
                yield path, inv


def _created(facts: Facts) -> Iterator[tuple[str, Created]]:
    for path, yf in sorted(facts.yaml.items()):
        for c in yf.commands.created:
            yield path, c
    for path, cmds in sorted(facts.scripts.items()):
        for c in cmds.created:
            yield path, c


def _bases(source: str, hints: Iterable[str]) -> list[str]:
    """Folders a command written in ``source`` may run in, most likely first: its hints
    (``cd``, ``working-directory``) from the root or from the source's folder, then the
    source's folder and each ancestor up to the root."""
    out: list[str] = []
    here = folder(source)
    for hint in hints:
        for base in ("", here):
            got = join(base, hint)
            if got is not None and got not in out:
                out.append(got)
    while True:
        if here not in out:
            out.append(here)
        if not here:
            break
        here = folder(here)
    return out


def _describe(source: str, inv: Invocation) -> str:
    if inv.env:
        return f"{source}:{inv.line}: COMPOSE_FILE={':'.join(inv.files)}"
    shown = " ".join(f"-f {f}" for f in inv.files) or "(default files)"
    return f"{source}:{inv.line}: docker compose {shown}"


def _resolve_invocation(
    files: Mapping[str, ComposeFile], source: str, inv: Invocation
) -> tuple[list[Project], set[str]]:
    """The projects one command line makes, and the compose files it runs.

    Every named file must exist, as a compose file, from one folder: the first such folder
    of :func:`_bases` is taken. A group of two files or more that resolves from none of them
    is taken in every folder where all its names are compose files (the same names side by
    side are the same project shape); a single name never is (too weak).
    """
    bases = _bases(source, inv.dirs)
    how = _describe(source, inv)
    if not inv.files:
        for base in bases:
            default = default_file(files, base)
            if default is not None:
                over = default_override(files, base, default)
                group = (default, over) if over else (default,)
                return [Project(group, base, how)], set(group)
        return [], set()
    if not inv.complete:  # some -f from a variable: the literal ones are run, no project
        runs = set()
        for name in inv.files:
            for base in bases:
                got = join(base, name)
                if got is not None and got in files:
                    runs.add(got)
                    break
        return [], runs
    for base in bases:
        group = [join(base, name) for name in inv.files]
        if all(g is not None and g in files for g in group):
            resolved = tuple(g for g in group if g is not None)
            return [_project(resolved, base, inv, how)], set(resolved)
    if len(inv.files) < 2:
        return [], set()
    out = []
    for base in sorted({folder(p) for p in files}):
        group = [join(base, name) for name in inv.files]
        if all(g is not None and g in files for g in group):
            resolved = tuple(g for g in group if g is not None)
            out.append(_project(resolved, base, inv, how + f" (files found in {base or '.'}/)"))
    return out, set()


def _project(group: tuple[str, ...], base: str, inv: Invocation, how: str) -> Project:
    directory = folder(group[0])
    if inv.project_directory:
        pd = join(base, inv.project_directory)
        if pd is not None:
            directory = pd
    return Project(group, directory, how)


def default_file(files: Mapping[str, object], base: str) -> str | None:
    """The file ``docker compose`` reads in ``base`` without ``-f`` (Compose's order)."""
    for name in DEFAULT_FILES:
        path = f"{base}/{name}" if base else name
        if path in files:
            return path
    return None


def default_override(files: Mapping[str, object], base: str, default: str) -> str | None:
    for name in DEFAULT_OVERRIDES[posixpath.basename(default)]:
        path = f"{base}/{name}" if base else name
        if path in files:
            return path
    return None


def _default_overrides(files: Mapping[str, ComposeFile]) -> Iterator[Project]:
    for base in sorted({folder(p) for p in files}):
        default = default_file(files, base)
        if default is None:
            continue
        over = default_override(files, base, default)
        if over is not None:
            yield Project((default, over), base, f"Compose merges {over} over {default} by default")


def _linked_override(
    files: Mapping[str, ComposeFile], source: str, c: Created
) -> Iterator[Project]:
    """``ln -s X docker-compose.override.yml`` / ``cp X compose.override.yaml``: a script makes
    X the default override of the base beside it."""
    if c.source is None or posixpath.basename(c.path) not in {
        n for names in DEFAULT_OVERRIDES.values() for n in names
    }:
        return
    for base in _bases(source, c.dirs):
        dest = join(base, c.path)
        src = join(folder(dest), c.source) if dest is not None else None
        src2 = join(base, c.source)
        for candidate in (src, src2):
            if dest is None or candidate is None or candidate not in files:
                continue
            default = default_file(files, folder(dest))
            if default is not None and default != candidate:
                yield Project(
                    (default, candidate),
                    folder(dest),
                    f"{source}:{c.line}: made the override file {c.path} from {c.source}",
                )
                return


def _named_overlays(files: Mapping[str, ComposeFile]) -> Iterator[Project]:
    """``<stem>.<x>.yml`` beside ``<stem>.yml`` that can only be merged over it: its name says
    ``override``, it uses ``!reset``/``!override``, or some of its services cannot run alone
    (no image, build or extends; or a build without context and Dockerfile) and the base
    defines them."""
    for path, compose in sorted(files.items()):
        base = _stem_base(files, path)
        if base is None:
            continue
        why = overlay_shape(compose, files[base], posixpath.basename(path))
        if why:
            yield Project((base, path), folder(base), f"{path} {why}, beside {base}")


def _stem_base(files: Mapping[str, ComposeFile], path: str) -> str | None:
    name = posixpath.basename(path)
    stem, dot, rest = name.partition(".")
    if not dot or rest.count(".") < 1:
        return None  # a base itself (docker-compose.yml)
    here = folder(path)
    for ext in ("yml", "yaml"):
        cand = f"{here}/{stem}.{ext}" if here else f"{stem}.{ext}"
        if cand in files and cand != path:
            return cand
    return None


def overlay_shape(compose: ComposeFile, base: ComposeFile, name: str) -> str:
    """Why a file can only be merged over ``base`` (empty when it could run alone)."""
    words = set(NAME_SPLIT.split(name.lower()))
    if "override" in words or "overrides" in words:
        return "is named as an override"
    if compose.merge_tags:
        return "uses !reset/!override"
    for svc in compose.services:
        other = base.service(svc.name)
        if other is None:
            continue
        if not ({"image", "build", "extends"} & svc.keys):
            return f"has service {svc.name} without image or build (defined in the base)"
        b = svc.build
        if (
            b is not None
            and b.scalar is None
            and b.context is None
            and b.dockerfile is None
            and not b.inline
            and other.build is not None
        ):
            return f"has service {svc.name} whose build has no context or Dockerfile"
    return ""


def _include_projects(
    files: Mapping[str, ComposeFile], path: str, compose: ComposeFile
) -> Iterator[Project]:
    here = folder(path)
    for entry in compose.include_entries:
        group = [join(here, s.value) for s in entry.paths if "$" not in s.value]
        if not group or any(g is None or g not in files for g in group):
            continue
        resolved = tuple(g for g in group if g is not None)
        directory = folder(resolved[0])
        pd = entry.project_directory
        if pd is not None and "$" not in pd.value:
            got = join(here, pd.value)
            directory = got if got is not None else directory
        env = tuple(
            e for e in (join(here, s.value) for s in entry.env_files if "$" not in s.value) if e
        )
        line = entry.paths[0].start.line
        yield Project(resolved, directory, f"included by {path}:{line}", env)


def _usages(
    files: Mapping[str, ComposeFile], projects: list[Project]
) -> dict[str, tuple[Usage, ...]]:
    """Every way each compose file is read. A file is read alone (from its own folder) unless
    every project that names it reads it otherwise: merged over earlier files, or from
    another project directory (``include`` with ``project_directory``, ``--project-directory``)
    or with an include's ``env_file``."""
    out: dict[str, list[Usage]] = {p: [] for p in files}
    alone: set[str] = set()
    for proj in projects:
        for i, f in enumerate(proj.files):
            if f not in out:
                continue
            if i == 0 and proj.directory == folder(f) and not proj.env_files:
                alone.add(f)
            else:
                out[f].append(Usage(f, proj.directory, proj.files[:i], proj.how, proj.env_files))
    for f in files:
        if f in alone or not out[f]:
            out[f].insert(0, Usage(f, folder(f)))
    result: dict[str, tuple[Usage, ...]] = {}
    for f, uses in out.items():
        seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
        kept = []
        for u in uses:
            key = (u.directory, u.earlier, u.env_files)
            if key not in seen:
                seen.add(key)
                kept.append(u)
        result[f] = tuple(kept)
    return result


# -- what is not a stack ----------------------------------------------------------------------


def _not_stacks(
    facts: Facts,
    files: Mapping[str, ComposeFile],
    run: set[str],
    created: tuple[tuple[str, Created], ...],
) -> dict[str, str]:
    out: dict[str, str] = {}
    copies = _copies(facts, files, created)
    for path in sorted(files):
        parts = path.split("/")
        words = set(NAME_SPLIT.split(parts[-1].lower()))
        if words & TEMPLATE_WORDS or any("{{" in p or "{%" in p for p in parts):
            out[path] = "a template that a generator renders (its name says so), not a stack"
        elif path in copies:
            out[path] = copies[path]
        elif path in run:
            continue
        elif test := next((d for d in parts[:-1] if _test_folder(d)), None):
            out[path] = (
                f"test data: under {test}/ and no command of the repository runs it "
                "(set compose-stacks to check it)"
            )
        elif doc := next((d for d in parts[:-1] if d.lower() in DOC_FOLDERS), None):
            out[path] = f"a documentation example under {doc}/ (set compose-stacks to check it)"
    return out


def _test_folder(name: str) -> bool:
    low = name.lower()
    return low in TEST_FOLDERS or "fixture" in low


def _copies(
    facts: Facts, files: Mapping[str, ComposeFile], created: tuple[tuple[str, Created], ...]
) -> dict[str, str]:
    """Compose files that are copies of another one placed where their paths do not resolve.

    Files with the same content (comments, blank lines and line endings aside): the ones whose
    relative references (build contexts, Dockerfiles, env files, included and extended files)
    resolve worse than the best copy's are copies embedded as data. A *near* copy (the same
    file name and services, at least ``NEAR_COPY`` of its lines shared: the original changed
    since the copy was made) counts only when none of its references resolve while the
    other's do, so that a real drift in one of two similar stacks is not taken for a copy. A
    file that a command of the repository writes from another compose file (``cp a.yml b/``)
    is a copy too.
    """
    refs = {p: references(facts, p, c) for p, c in files.items()}
    out: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    for path in files:
        key = facts.yaml[path].content_key
        if key:
            by_key.setdefault(key, []).append(path)
    for paths in by_key.values():
        if len(paths) < 2:
            continue
        best = min(refs[p][1] for p in paths)
        originals = sorted(p for p in paths if refs[p][1] == best)
        for p in sorted(paths):
            if refs[p][1] > best:
                out[p] = _copy_reason(originals[0], refs[p][1], "same content")
    by_shape: dict[tuple[str, frozenset[str]], list[str]] = {}
    for path, compose in files.items():
        if compose.names and path not in out:
            by_shape.setdefault((posixpath.basename(path), compose.names), []).append(path)
    for paths in by_shape.values():
        for p in sorted(paths):
            total, broken = refs[p]
            if not total or broken < total:
                continue
            for q in sorted(paths):
                if q != p and refs[q][1] < refs[q][0] and _alike(facts, p, q) >= NEAR_COPY:
                    out[p] = _copy_reason(q, broken, "nearly the same content")
                    break
    for source, c in created:
        if c.source is None:
            continue
        for base in _bases(source, c.dirs):
            dest, src = join(base, c.path), join(base, c.source)
            if dest in files and src in files and dest != src and dest not in out:
                out[dest] = f"a copy of {src} made by {source}:{c.line}: not a stack"
                break
    return out


NEAR_COPY = 0.8


def _copy_reason(original: str, broken: int, how: str) -> str:
    return (
        f"a copy of {original} ({how}) placed where {broken} of its relative paths do not "
        "resolve: data for another program, not a stack"
    )


def _alike(facts: Facts, a: str, b: str) -> float:
    """Shared content lines over all content lines of two compose files (Jaccard)."""
    la, lb = set(facts.yaml[a].line_digests), set(facts.yaml[b].line_digests)
    return len(la & lb) / len(la | lb) if la or lb else 1.0


def references(facts: Facts, path: str, compose: ComposeFile) -> tuple[int, int]:
    """(relative references, how many do not resolve from the file's own folder): build
    contexts, explicit Dockerfiles, required env files (not those git ignores or that have a
    template), ``extends.file`` and ``include`` paths; values with variables are left out."""
    here = folder(path)
    env = env_for_dir(facts, here)
    total = broken = 0

    def count(ok: bool) -> None:
        nonlocal total, broken
        total += 1
        broken += not ok

    for svc in compose.services:
        b = svc.build
        if b is not None and (b.context is not None or b.scalar):
            r = resolve_build(path, b, env)
            if r.context is not None:
                count(r.context == "" or r.context in facts.dirs)
                if r.dockerfile is not None and b.dockerfile is not None:
                    count(r.dockerfile in facts.files)
        for ef in svc.env_files:
            value, _ = interpolate(ef.scalar.value, env)
            target = join(here, value) if value else None
            if ef.required and target is not None and not _made_at_setup(facts, target):
                count(target in facts.files)
        for ref in svc.refs:
            if ref.kind == "extends" and ref.file and "$" not in ref.file:
                target = join(here, ref.file)
                if target is not None:
                    count(target in facts.files)
    for inc in compose.includes:
        target = join(here, inc.value)
        if "$" not in inc.value and target is not None:
            count(target in facts.files)
    return total, broken


def _made_at_setup(facts: Facts, path: str) -> bool:
    return ignored(facts, path) or env_template(facts, path) is not None


def not_stack(facts: Facts, options: Options, path: str) -> str | None:
    """Why the compose file at ``path`` is not checked as a stack (None: it is)."""
    why = model(facts).not_stacks.get(path)
    if why is None:
        return None
    if options.compose_stacks and _matches(options.compose_stacks, path):
        return None
    return why


def _matches(patterns: tuple[str, ...], path: str) -> bool:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns)).match_file(path)


# -- services and builds as the project sees them --------------------------------------------


def project_files(facts: Facts, path: str) -> tuple[str, ...]:
    """Every compose file read together with ``path`` in some project: the files of each
    project it belongs to, the files they include (transitively) and the files including it."""
    m = model(facts)
    out: list[str] = [path]
    for proj in m.projects:
        if path in proj.files:
            out += [f for f in proj.files if f not in out]
    frontier = list(out)
    while frontier:  # included files, transitively
        f = frontier.pop()
        for inc in m.includes.get(f, ()):
            if inc not in out:
                out.append(inc)
                frontier.append(inc)
    frontier = [path]
    while frontier:  # files that include it, and what those include
        target = frontier.pop()
        for f, incs in m.includes.items():
            if target in incs and f not in out:
                out.append(f)
                frontier.append(f)
                for inc in incs:
                    if inc not in out:
                        out.append(inc)
    return tuple(out)


def project_services(facts: Facts, path: str) -> frozenset[str]:
    """The services defined in the project(s) the compose file ``path`` belongs to."""
    files = composes(facts)
    return frozenset(n for f in project_files(facts, path) if f in files for n in files[f].names)


def env_for_dir(facts: Facts, directory: str, extra: tuple[str, ...] = ()) -> Mapping[str, str]:
    """The variables Compose interpolates with: ``env_file`` of an include, else the ``.env``
    of the project directory."""
    out: dict[str, str] = {}
    sources = extra or (f"{directory}/.env" if directory else ".env",)
    for src in sources:
        env = facts.env_files.get(src)
        if isinstance(env, Mapping):
            out.update(env)
    return out


@dataclass(frozen=True)
class ServiceUse:
    """A service as one usage of its compose file sees it.

    ``build`` is the effective build: the keys this file writes, over those of the same
    service in the files merged before it and of the service it ``extends``. ``foreign`` names
    the build keys (``context``, ``dockerfile``) whose value is written in another file: a
    rule reports a value only in the file that writes it. ``context_base`` is where the
    context resolves, ``base`` where the file's other relative paths (``env_file``) resolve.
    """

    path: str
    service: Service
    env: Mapping[str, str]
    base: str
    build: Build | None
    context_base: str
    foreign: frozenset[str] = frozenset()
    how: str = ""

    @property
    def standalone(self) -> bool:
        return not self.how


def service_uses(facts: Facts, options: Options) -> Iterator[ServiceUse]:
    """Every service of every compose file that is a stack, once per way it is read."""
    files = composes(facts)
    m = model(facts)
    for path in sorted(files):
        if not_stack(facts, options, path) is not None:
            continue
        for usage in m.usages.get(path, (Usage(path, folder(path)),)):
            env = env_for_dir(facts, usage.directory, usage.env_files)
            for svc in files[path].services:
                build, ctx_base, foreign = effective_build(files, usage, svc)
                yield ServiceUse(
                    path, svc, env, usage.directory, build, ctx_base, foreign, usage.how
                )


def effective_build(
    files: Mapping[str, ComposeFile], usage: Usage, svc: Service
) -> tuple[Build | None, str, frozenset[str]]:
    """(build, folder its context resolves against, keys written elsewhere)."""
    layers: list[tuple[Build, str, bool]] = []  # (build, its folder, written here)
    for f in usage.earlier:
        other = files[f].service(svc.name) if f in files else None
        if other is not None:
            layers += _own_layers(files, f, other, usage.directory, False, 0)
    layers += _own_layers(files, usage.path, svc, usage.directory, True, 0)
    if not layers:
        return None, usage.directory, frozenset()
    context: tuple[Scalar | None, str, bool] = (None, usage.directory, True)
    dockerfile: tuple[Scalar | None, bool] = (None, True)
    inline = False
    for b, base, here in layers:
        ctx = b.context if b.context is not None else b.scalar
        if ctx is not None:
            context = (ctx, base, here)
        if b.dockerfile is not None:
            dockerfile, inline = (b.dockerfile, here), False
        if b.inline:
            inline = True
    own = svc.build
    position = own.position if own is not None else layers[-1][0].position
    build = Build(position=position, context=context[0], dockerfile=dockerfile[0], inline=inline)
    foreign = frozenset(
        k
        for k, here, value in (
            ("context", context[2], context[0]),
            ("dockerfile", dockerfile[1], dockerfile[0]),
        )
        if value is not None and not here
    )
    if own is None and context[0] is None and dockerfile[0] is None:
        foreign = frozenset({"context", "dockerfile"})  # the build is the base's
    return build, context[1], foreign


def _own_layers(
    files: Mapping[str, ComposeFile],
    path: str,
    svc: Service,
    directory: str,
    here: bool,
    depth: int,
) -> list[tuple[Build, str, bool]]:
    """The build layers of one service: what it extends (rebased to that file), then its own."""
    out: list[tuple[Build, str, bool]] = []
    if depth < 5:
        for ref in svc.refs:
            if ref.kind != "extends" or "$" in ref.name:
                continue
            if ref.file is None:
                target_path, target_dir = path, directory
            else:
                got = join(folder(path), ref.file)
                if got is None:
                    continue
                target_path, target_dir = got, folder(got)
            target = files.get(target_path)
            base_svc = target.service(ref.name) if target is not None else None
            if base_svc is not None and base_svc is not svc:
                out += _own_layers(files, target_path, base_svc, target_dir, False, depth + 1)
    if svc.build is not None:
        out.append((svc.build, directory, here))
    return out


def resolve_use(use: ServiceUse):
    """:func:`resolve_build` of the effective build, from where its context resolves."""
    assert use.build is not None
    return resolve_build(use.path, use.build, use.env, base_dir=use.context_base)


# -- env files made at set-up time -----------------------------------------------------------


def setup_step(facts: Facts, env_path: str) -> str | None:
    """Why a missing env file is made at set-up time rather than drift (None: no reason).

    Git ignores it (every fresh clone lacks it, on purpose); a template beside it is
    committed (``.env.example``, ``env.nginx.template``: the user copies and fills it); a
    command of the repository writes it (``cp .env.example .env``); or a deployment tool does
    (Portainer's ``stack.env``).
    """
    name = posixpath.basename(env_path)
    if ignored(facts, env_path):
        return f"{env_path} is git-ignored: each deployment creates its own"
    template = env_template(facts, env_path)
    if template is not None:
        return f"{template} is its committed template: {name} is made from it at set-up time"
    for source, c in model(facts).created:
        if posixpath.basename(c.path.rstrip("/")) != name:
            continue
        for base in _bases(source, c.dirs):
            if join(base, c.path) == env_path:
                return f"{source}:{c.line} creates it"
    if name in TOOL_ENV_FILES:
        return f"{name} is written by the deployment tool (Portainer) from the stack's variables"
    return None


def env_template(facts: Facts, env_path: str) -> str | None:
    """A committed template of an env file beside it (``.env.example`` for ``.env``)."""
    want = _env_words(posixpath.basename(env_path))
    if want is None:
        return None
    for path in facts.derived(_files_by_folder).get(folder(env_path), ()):
        if path == env_path:
            continue
        words = NAME_SPLIT.split(posixpath.basename(path).lower().lstrip("."))
        if not set(words) & ENV_TEMPLATE_WORDS:
            continue
        if [w for w in words if w not in ENV_TEMPLATE_WORDS] == want:
            return path
    return None


def _files_by_folder(facts: Facts) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for path in sorted(facts.files):
        out.setdefault(folder(path), []).append(path)
    return {k: tuple(v) for k, v in out.items()}


def _env_words(name: str) -> list[str] | None:
    words = [w for w in NAME_SPLIT.split(name.lower().lstrip(".")) if w]
    return words or None


def ignored(facts: Facts, path: str) -> bool:
    """Whether the ``.gitignore`` files of the tree ignore ``path`` (the deepest decision wins,
    as in git; a folder that is ignored ignores what is below it)."""
    decision: bool | None = None
    for gi in sorted(facts.gitignores, key=lambda p: p.count("/")):
        base = folder(gi)
        if base and not path.startswith(base + "/"):
            continue
        rel = path[len(base) + 1 :] if base else path
        spec = _spec(facts.gitignores[gi])
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i]) + ("/" if i < len(parts) else "")
            result = spec.check_file(sub)
            if result.include is not None:
                decision = result.include
                if decision and i < len(parts):
                    break  # an ignored folder: git does not look inside
    return bool(decision)


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))
