"""YAML splices: only the intended bytes change, and the result re-parses to the intent."""

from __future__ import annotations

import pytest

from codemods.yaml_edit import (
    Splice,
    apply_edits,
    apply_splices,
    path_value,
    render,
    replace_scalars,
    scalar_edit,
)
from fixer.errors import FixerError
from fixer.facts.compose import extract
from fixer.model import Edit, Position
from fixer.text import decode


def dockerfile(text: str, service: str = "web"):
    return extract("compose.yml", text).compose.service(service).build.dockerfile


@pytest.mark.parametrize(
    ("value", "style", "out"),
    [
        ("a/b", "", "a/b"),
        ("a/b", "'", "'a/b'"),
        ("a/b", '"', '"a/b"'),
        ("it's", "'", "'it''s'"),
        ('say "x"', '"', '"say \\"x\\""'),
        ("true", "", "'true'"),
        ("123", "", "'123'"),
        ("a: b", "", "'a: b'"),
        ("#x", "", "'#x'"),
        ("", "", "''"),
        ("line\nbreak", "'", '"line\\nbreak"'),
    ],
)
def test_render_keeps_style_when_it_can(value: str, style: str, out: str) -> None:
    assert render(value, style) == out


def test_block_scalars_are_refused() -> None:
    with pytest.raises(FixerError):
        render("x", "|")


@pytest.mark.parametrize(
    ("old", "new", "out"),
    [
        ("./docker/a", "dockerfiles/a", "./dockerfiles/a"),
        ("docker/a", "dockerfiles/a", "dockerfiles/a"),
        ("./app/", "src", "./src/"),
        ("./x", "../x", "../x"),
        (".", "..", ".."),
    ],
)
def test_path_value_keeps_prefix_and_slash(old: str, new: str, out: str) -> None:
    assert path_value(old, new) == out


def test_only_the_span_changes_and_comments_survive() -> None:
    text = (
        "# head\nservices:\n  web:   # svc\n    build:\n      context: .\n"
        "      dockerfile: './docker/w.Dockerfile'   # keep me\n"
    )
    sc = dockerfile(text)
    new = replace_scalars(text, [(sc, path_value(sc.value, "dockerfiles/w.Dockerfile"))])
    assert new == text.replace("'./docker/w.Dockerfile'", "'./dockerfiles/w.Dockerfile'")


def test_crlf_and_missing_final_newline_survive() -> None:
    text = 'services:\r\n  web:\r\n    build:\r\n      dockerfile: "a/B"\r\n    image: x'
    new = replace_scalars(text, [(dockerfile(text), "c/B")])
    assert new == text.replace('"a/B"', '"c/B"')
    assert new.endswith("image: x") and new.count("\r\n") == text.count("\r\n")


def test_bom_survives_through_source_text() -> None:
    raw = "\ufeffservices:\n  web:\n    build: {dockerfile: a/B}\n".encode()
    src = decode("compose.yml", raw)
    assert src.bom
    new = replace_scalars(src.text, [(dockerfile(src.text), "c/B")])
    assert src.encode(new) == raw.replace(b"a/B", b"c/B")


def test_flow_style_edit_quotes_what_plain_cannot_hold() -> None:
    text = "services: {web: {build: {context: ., dockerfile: a}}}\n"
    new = replace_scalars(text, [(dockerfile(text), "x, y")])
    assert new == "services: {web: {build: {context: ., dockerfile: 'x, y'}}}\n"
    assert dockerfile(new).value == "x, y"


def test_anchor_definition_is_edited_once() -> None:
    text = (
        "x: &b\n  dockerfile: old/D\nservices:\n"
        "  web:\n    build:\n      <<: *b\n  api:\n    build: *b\n"
    )
    a, b = dockerfile(text), dockerfile(text, "api")
    assert a.start == b.start
    new = replace_scalars(text, [(a, "new/D"), (b, "new/D")])
    assert new == text.replace("old/D", "new/D")


def test_edits_apply_from_the_end_and_positions_stay_valid() -> None:
    text = "services:\n  a:\n    depends_on: [b, b2]\n  b:\n    image: x\n  b2:\n    image: y\n"
    yf = extract("compose.yml", text)
    edits = [
        scalar_edit("compose.yml", yf.compose.service("b").key, "bee"),
        scalar_edit("compose.yml", yf.compose.service("a").refs[0].scalar, "bee"),
    ]
    new = apply_edits(text, edits)
    assert new == text.replace("[b,", "[bee,").replace("  b:", "  bee:")


def test_overlapping_edits_refused() -> None:
    with pytest.raises(FixerError, match="overlapping"):
        apply_splices("a: bcd\n", [Splice(3, 6, "x"), Splice(4, 5, "y")])


def test_edit_that_changes_structure_is_refused() -> None:
    text = "a: b\nc: d\n"
    with pytest.raises(FixerError):
        apply_edits(text, [Edit("x.yml", Position(1, 4), Position(1, 5), "[1, 2]")])


def test_edit_that_changes_type_is_refused() -> None:
    with pytest.raises(FixerError):
        apply_edits("a: b\n", [Edit("x.yml", Position(1, 4), Position(1, 5), "true")])


def test_quoted_key_rename_keeps_quotes() -> None:
    text = 'services:\n  "web":\n    image: x\n'
    key = extract("compose.yml", text).compose.service("web").key
    assert replace_scalars(text, [(key, "site")]) == 'services:\n  "site":\n    image: x\n'
