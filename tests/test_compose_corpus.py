"""The shared corpus of real compose files: every one parses, and edits touch only their spans.

For every compose file with services, every service is renamed (key and references) and every
``build.dockerfile`` rewritten, in one verified application; the bytes outside the intended
spans must be identical and re-parsing must give the intended names and paths.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

from codemods.rename_service import rename_services  # noqa: F401  (used via the codemod below)
from codemods.yaml_edit import path_value, render
from fixer.facts.compose import Scalar, extract
from fixer.text import LineIndex, decode

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FIXER_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "compose-corpus"


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _intended(text: str, pairs: list[tuple[Scalar, str]]) -> str:
    """The text with each span replaced, built independently of the splice code."""
    index = LineIndex(text)
    spans = sorted(
        {(index.offset(s.start), index.offset(s.end), render(v, s.style)) for s, v in pairs}
    )
    out, last = [], 0
    for start, end, rep in spans:
        assert start >= last
        out += [text[last:start], rep]
        last = end
    return "".join(out) + text[last:]


def test_corpus_renames_and_dockerfile_rewrites() -> None:
    files = corpus_files()
    if not files:
        pytest.skip(f"shared corpus not found at {CORPUS} (set FIXER_SHARED)")
    from codemods.yaml_edit import replace_scalars

    parsed = with_services = renamed = rewritten = edits_total = 0
    dup_files = []
    for file in files:
        rel = str(file.relative_to(CORPUS))
        text = decode(rel, file.read_bytes()).text
        yf = extract(rel, text)
        parsed += 1
        if yf.duplicates:
            dup_files.append(rel)
        if yf.compose is None or not yf.compose.services:
            continue
        with_services += 1
        names = yf.compose.names
        mapping = {n: f"{n}-rn" for n in names}
        pairs: dict[tuple, tuple[Scalar, str]] = {}
        for svc in yf.compose.services:
            pairs[(svc.key.start, svc.key.end)] = (svc.key, mapping[svc.name])
            for ref in svc.refs:
                if ref.name in mapping and (ref.kind != "extends" or ref.file is None):
                    pairs[(ref.scalar.start, ref.scalar.end)] = (
                        ref.scalar,
                        ref.renamed(mapping[ref.name]),
                    )
            df = svc.build.dockerfile if svc.build else None
            if df is not None and df.style not in ("|", ">"):
                new_df = path_value(df.value, posixpath.join("moved", df.value.lstrip("./")))
                pairs[(df.start, df.end)] = (df, new_df)
        new = replace_scalars(text, list(pairs.values()), rel)
        assert new == _intended(text, list(pairs.values())), rel
        again = extract(rel, new).compose
        assert again is not None
        if not yf.duplicates:
            assert again.names == {mapping[n] for n in names}, rel
        for svc in yf.compose.services:
            if (
                svc.build
                and svc.build.dockerfile
                and svc.name not in {d.key for d in yf.duplicates}
            ):
                got = again.service(mapping[svc.name]).build.dockerfile.value
                assert got == pairs[(svc.build.dockerfile.start, svc.build.dockerfile.end)][1]
                rewritten += 1
            for ref in (again.service(mapping[svc.name]) or svc).refs:
                if ref.kind != "extends" or ref.file is None:
                    assert ref.name in mapping.values() or ref.name not in names, (rel, ref)
        renamed += len(names)
        edits_total += len(pairs)
    print(
        f"\ncorpus: {parsed} YAML files parsed, {with_services} with services, "
        f"{renamed} services renamed, {rewritten} dockerfiles rewritten, "
        f"{edits_total} verified splices; duplicate keys in: {', '.join(dup_files)}"
    )
    assert parsed == len(files)
    assert len(dup_files) == 2
