"""Rename a compose service: its key and every reference to it, as verified YAML splices.

References are the ones Compose resolves by service name: ``depends_on`` (list and map),
``links`` (``svc`` and ``svc:alias``), ``extends`` (string and ``service:``),
``volumes_from`` (``svc[:mode]``) and ``network_mode``/``ipc``/``pid`` ``service:svc``.
:func:`rename_service` works on one file; :func:`rename_service_files` also renames the
references in files that ``extends`` the service through ``file:`` or ``include`` its file.
Values shared through an anchor are edited once, at the anchor.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from codemods.yaml_edit import replace_scalars
from fixer.errors import FixerError
from fixer.facts.compose import ComposeFile, Scalar, extract, folder, join


def _model(path: str, text: str) -> ComposeFile:
    yf = extract(path, text)
    if yf is None or yf.compose is None:
        raise FixerError("not a compose file", path, 1)
    return yf.compose


def _same_file(path: str, ref_file: str | None, here: str) -> bool:
    """Whether an ``extends.file`` written in ``here`` points at ``path``."""
    if ref_file is None:
        return path == here
    return join(folder(here), ref_file) == path


def rename_services(text: str, renames: Mapping[str, str], path: str = "compose.yml") -> str:
    """Rename several services of one file at once (keys and same-file references)."""
    compose = _model(path, text)
    for old, new in renames.items():
        if compose.service(old) is None:
            raise FixerError(f"no service named {old}", path, 1)
        if new in compose.names and new not in renames:
            raise FixerError(f"a service named {new} already exists", path, 1)
    replacements: list[tuple[Scalar, str]] = []
    for svc in compose.services:
        if svc.name in renames:
            replacements.append((svc.key, renames[svc.name]))
        for ref in svc.refs:
            if ref.name in renames and (ref.kind != "extends" or ref.file is None):
                replacements.append((ref.scalar, ref.renamed(renames[ref.name])))
    return replace_scalars(text, _unique(replacements, path), path)


def rename_service(text: str, old: str, new: str, path: str = "compose.yml") -> str:
    """Rename service ``old`` to ``new`` in one compose file."""
    return rename_services(text, {old: new}, path)


def _unique(pairs: list[tuple[Scalar, str]], path: str) -> list[tuple[Scalar, str]]:
    seen: dict[tuple, str] = {}
    for sc, value in pairs:
        key = (sc.start, sc.end)
        if key in seen and seen[key] != value:
            raise FixerError("a shared value would need two different renames", path, sc.start.line)
        seen[key] = value
    out = {(sc.start, sc.end): (sc, v) for sc, v in pairs}
    return list(out.values())


def rename_service_files(files: Mapping[str, str], path: str, old: str, new: str) -> dict[str, str]:
    """Rename ``old`` in ``path`` and in the files that extend or include it.

    ``files`` maps repo-relative paths to texts; returns the new texts of changed files.
    """
    models = {}
    for p, t in files.items():
        try:
            yf = extract(p, t)
        except FixerError:
            continue
        if yf is not None and yf.compose is not None:
            models[p] = yf.compose
    if path not in models:
        raise FixerError("not a compose file", path, 1)
    # Files that see ``path``'s services through (transitive) include.
    includes = {p: {join(folder(p), s.value) for s in m.includes} for p, m in models.items()}
    seeing = {path}
    changed = True
    while changed:
        changed = False
        for p, inc in includes.items():
            if p not in seeing and inc & seeing:
                seeing.add(p)
                changed = True
    out: dict[str, str] = {}
    for p, m in models.items():
        pairs: list[tuple[Scalar, str]] = []
        if p == path:
            svc = m.service(old)
            if svc is None:
                raise FixerError(f"no service named {old}", path, 1)
            if new in m.names:
                raise FixerError(f"a service named {new} already exists", path, 1)
            pairs.append((svc.key, new))
        visible = p in seeing and (p == path or m.service(old) is None)
        for svc in m.services:
            for ref in svc.refs:
                if ref.name != old:
                    continue
                if ref.kind == "extends" and ref.file is not None:
                    hit = _same_file(path, ref.file, p)
                else:
                    hit = visible
                if hit:
                    pairs.append((ref.scalar, ref.renamed(new)))
        if pairs:
            out[p] = replace_scalars(files[p], _unique(pairs, p), p)
    return out


def rename_replacements(
    models: Mapping[str, ComposeFile], path: str, old: str, new: str
) -> dict[str, list[tuple[Scalar, str]]]:
    """The scalars :func:`rename_service_files` would replace, from compose models alone.

    For rules, which see facts and never texts: ``models`` maps repo-relative paths to compose
    models; the result maps each changed file to ``(scalar, new value)`` pairs, which
    :func:`codemods.yaml_edit.scalar_edit` turns into edits. Raises :class:`FixerError` like
    :func:`rename_service_files` (no such service, or the new name is taken).
    """
    if path not in models:
        raise FixerError("not a compose file", path, 1)
    includes = {p: {join(folder(p), s.value) for s in m.includes} for p, m in models.items()}
    seeing = {path}
    changed = True
    while changed:
        changed = False
        for p, inc in includes.items():
            if p not in seeing and inc & seeing:
                seeing.add(p)
                changed = True
    out: dict[str, list[tuple[Scalar, str]]] = {}
    for p, m in models.items():
        pairs: list[tuple[Scalar, str]] = []
        if p == path:
            svc = m.service(old)
            if svc is None:
                raise FixerError(f"no service named {old}", path, 1)
            if new in m.names:
                raise FixerError(f"a service named {new} already exists", path, 1)
            pairs.append((svc.key, new))
        visible = p in seeing and (p == path or m.service(old) is None)
        for svc in m.services:
            for ref in svc.refs:
                if ref.name != old:
                    continue
                if ref.kind == "extends" and ref.file is not None:
                    hit = _same_file(path, ref.file, p)
                else:
                    hit = visible
                if hit:
                    pairs.append((ref.scalar, ref.renamed(new)))
        if pairs:
            out[p] = _unique(pairs, p)
    return out


def _norm(p: str) -> str:
    return posixpath.normpath(p)


CODEMODS = {"rename-service": rename_service}
