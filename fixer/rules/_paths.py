"""Shared by the compose rules: where a missing path went, and how sure fixer is.

Evidence, strongest first (see docs/decisions/012-path-candidates.md):

1. git recorded a rename of the missing path (or of one of its folders) to a path that exists;
2. a path that differs from the missing one only in letter case (on Linux it is missing);
3. the only file (or folder) in the repository with the missing path's name.

Several same-named candidates without history are ranked by path similarity and reported,
never fixed. Nothing here hard-codes a file or folder name: the evidence is the tree and git.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from codemods.yaml_edit import path_value, scalar_edit
from fixer.facts import Facts
from fixer.facts.compose import Build, ResolvedBuild, Scalar, folder, resolve_build
from fixer.facts.history import Change
from fixer.model import Edit


@dataclass(frozen=True)
class Ranking:
    """Candidates for a missing path, best first; ``best`` only when one is clearly right."""

    missing: str
    candidates: tuple[str, ...]
    best: str | None
    evidence: tuple[str, ...]


def exists(facts: Facts, path: str, kind: str = "any") -> bool:
    if kind == "file":
        return path in facts.files
    if kind == "dir":
        return path == "" or path in facts.dirs
    return path == "" or facts.exists(path)


def relpath(target: str, start: str) -> str:
    return posixpath.relpath(target or ".", start or ".")


def similarity(a: str, b: str) -> tuple[int, int, float]:
    """How alike two paths are: shared trailing components, shared folders, text ratio."""
    pa, pb = a.split("/"), b.split("/")
    tail = 0
    while tail < min(len(pa), len(pb)) and pa[-1 - tail] == pb[-1 - tail]:
        tail += 1
    shared = len(set(pa[:-1]) & set(pb[:-1]))
    return tail, shared, difflib.SequenceMatcher(None, a, b).ratio()


def shares_structure(missing: str, candidate: str) -> bool:
    """The candidate keeps some of the missing path's folders: one of the same name, or one
    whose name starts with the other's (``docker/`` and ``dockerfiles/``, ``conf/`` and
    ``config/``) below the folders both paths start with, or it is the same relative path
    from another base folder. A file name alone, in unrelated folders, is no evidence."""
    if missing.endswith("/" + candidate) or candidate.endswith("/" + missing):
        return True  # the same relative path from another base folder
    ours, theirs = missing.lower().split("/")[:-1], candidate.lower().split("/")[:-1]
    while ours and theirs and ours[0] == theirs[0]:  # a common base says nothing of a move
        ours, theirs = ours[1:], theirs[1:]
    folders = [f for f in ours if f not in ("", ".", "..")]
    return any(
        a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))
        for a in folders
        for b in theirs
    )


def _history(facts: Facts, missing: str, kind: str) -> tuple[str, str] | None:
    """(new path, evidence) when git moved ``missing`` or one of its folders."""
    hist = facts.history
    moved = hist.moved_to(missing, facts.files)
    if moved is not None and exists(facts, moved[0], kind):
        return moved[0], f"git: renamed {missing} -> {moved[0]} in {moved[1].describe()}"
    parts = missing.split("/")
    for i in range(len(parts), 0, -1):
        head, tail = "/".join(parts[:i]), "/".join(parts[i:])
        change = hist.renamed_dirs.get(head)
        if change is None or change.new is None:
            continue
        new = f"{change.new}/{tail}" if tail else change.new
        new = new.strip("/")
        if exists(facts, new, kind):
            return new, (f"git: folder {head}/ renamed to {change.new}/ in {change.describe()}")
    return None


def rank(facts: Facts, missing: str, kind: str = "file") -> Ranking:
    """Find where ``missing`` (a repo-relative path that does not exist) probably is."""
    name = posixpath.basename(missing)
    lower = missing.lower()
    pool = facts.files if kind == "file" else facts.dirs
    same_name = [p for p in facts.by_name(name) if p in pool and p != missing]
    folded = [
        p for p in facts.by_folded_name(name) if p in pool and p not in same_name and p != missing
    ]
    candidates = sorted(
        set(same_name) | set(folded), key=lambda p: similarity(missing, p), reverse=True
    )
    hist = _history(facts, missing, kind)
    if hist is not None:
        new, why = hist
        ordered = [new] + [c for c in candidates if c != new]
        return Ranking(missing, tuple(ordered), new, (why,))
    case_twins = [p for p in candidates if p.lower() == lower]
    if len(case_twins) == 1:
        return Ranking(
            missing,
            tuple(candidates),
            case_twins[0],
            (f"{case_twins[0]} differs only in letter case (paths are case-sensitive on Linux)",),
        )
    what = "file" if kind == "file" else "folder"
    if len(candidates) == 1:
        c = candidates[0]
        why = (
            f"only {what} named {posixpath.basename(c)} in the repository"
            if c in same_name
            else f"only {what} whose name matches {name} ignoring letter case: {c}"
        )
        if "/" in missing and not shares_structure(missing, c):
            # the same name in an unrelated folder is no sign of a move: a candidate, no fix
            return Ranking(missing, (c,), None, (f"{why}, in an unrelated folder",))
        return Ranking(missing, (c,), c, (why,))
    if not candidates:
        return Ranking(missing, (), None, (f"no candidate: no {what} named {name} anywhere",))
    return Ranking(
        missing,
        tuple(candidates),
        None,
        (f"{len(candidates)} {what}s named {name}: ranked by path similarity, none is clearly it",),
    )


def moved_from(facts: Facts, path: str) -> tuple[str, Change] | None:
    """The path a file had before git renamed it (following a chain), with the last rename."""
    back = {c.new: c for c in facts.history.renames.values() if c.new}
    change = back.get(path)
    if change is None:
        return None
    old, seen = change.old, {path}
    while old in back and old not in seen:
        seen.add(old)
        old = back[old].old
    return old, change


@dataclass(frozen=True)
class Rebase:
    """A compose file that git moved, whose build paths resolve from its old folder."""

    old_path: str
    change: Change
    resolved: ResolvedBuild
    context_value: str

    @property
    def evidence(self) -> str:
        return (
            f"git: compose file moved from {self.old_path} in {self.change.describe()}; "
            f"its paths were written for {folder(self.old_path) or 'the root'}/"
        )


def rebase(facts: Facts, compose_path: str, build: Build, env: Mapping[str, str]) -> Rebase | None:
    """When the compose file moved and its context exists from the old folder: the new one."""
    mf = moved_from(facts, compose_path)
    if mf is None:
        return None
    old_path, change = mf
    old = resolve_build(compose_path, build, env, base_dir=folder(old_path))
    now = resolve_build(compose_path, build, env)
    if old.context is None or old.context == now.context or not exists(facts, old.context, "dir"):
        return None
    raw = build.context.value if build.context is not None else "."
    new_value = relpath(old.context, folder(compose_path))
    return Rebase(old_path, change, old, path_value(raw, new_value))


def context_edit(path: str, build: Build, value: str) -> Edit | None:
    scalar: Scalar | None = build.context
    if scalar is None or "$" in scalar.value:
        return None
    return scalar_edit(path, scalar, value)


def shared_note(facts: Facts, compose_path: str, scalar: Scalar | None) -> tuple[str, ...]:
    """Evidence that a value comes from an anchor, and who else changes with it."""
    if scalar is None or scalar.anchor is None:
        return ()
    yf = facts.yaml.get(compose_path)
    users = yf.compose.users(scalar) if yf and yf.compose else ()
    return (
        f"the value is defined at anchor &{scalar.anchor} (line {scalar.start.line}); "
        f"the edit changes every user of it: {', '.join(users)}",
    )


def introducing_change(facts: Facts, missing: str) -> Change | None:
    """The git change that left ``missing`` behind: its rename (or its folder's), or deletion."""
    hist = facts.history
    first = hist.renames.get(missing)
    if first is not None:
        return first
    parts = missing.split("/")
    for i in range(len(parts) - 1, 0, -1):
        change = hist.renamed_dirs.get("/".join(parts[:i]))
        if change is not None:
            return change
    return hist.deletions.get(missing)


def introduced_by(facts: Facts, missing: str) -> str:
    """``introduced by <short sha> <subject>`` for :func:`introducing_change`, or ``""``."""
    change = introducing_change(facts, missing)
    return f"introduced by {change.commit[:7]} {change.subject}" if change else ""
