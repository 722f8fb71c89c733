"""The compose model: every syntax form, with source positions."""

from __future__ import annotations

import pytest

from fixer.errors import FixerError
from fixer.facts import docker
from fixer.facts.compose import extract, interpolate, is_compose_name, resolve_build
from fixer.model import Position


def model(text: str, path: str = "compose.yml"):
    yf = extract(path, text)
    assert yf is not None and yf.compose is not None
    return yf.compose


@pytest.mark.parametrize(
    "name",
    [
        "compose.yml",
        "compose.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "docker-compose.prod.yml",
        "a/b/docker-compose.alpine-test.yaml",
        "web.compose.yml",
    ],
)
def test_compose_names(name: str) -> None:
    assert is_compose_name(name)


@pytest.mark.parametrize("name", ["ci.yml", ".github/workflows/test.yml", "composer.yml"])
def test_not_compose_names(name: str) -> None:
    assert not is_compose_name(name)


def test_any_yaml_with_services_is_compose() -> None:
    yf = extract("deploy/stack.yml", "services:\n  web:\n    image: nginx\n")
    assert yf.compose is not None and yf.compose.names == {"web"}
    other = extract("ci.yml", "services:\n  - postgres\njobs: {}\n")
    assert other is not None and other.compose is None


def test_build_short_and_long_form_positions() -> None:
    c = model(
        "services:\n"
        "  a:\n    build: ./a\n"
        '  b:\n    build:\n      context: b\n      dockerfile: "x/B.Dockerfile"\n'
    )
    a, b = c.service("a"), c.service("b")
    assert a.build.short and a.build.context.value == "./a"
    assert a.build.context.start == Position(3, 12) and a.build.context.end == Position(3, 15)
    assert not b.build.short and b.build.context.value == "b"
    assert b.build.dockerfile.style == '"' and b.build.dockerfile.start == Position(7, 19)


def test_env_file_forms() -> None:
    c = model(
        "services:\n"
        "  a:\n    image: x\n    env_file: a.env\n"
        "  b:\n    image: x\n    env_file: [b1.env, b2.env]\n"
        "  c:\n    image: x\n    env_file:\n      - path: c.env\n        required: false\n"
        "      - path: d.env\n"
    )
    assert [e.scalar.value for e in c.service("a").env_files] == ["a.env"]
    assert [e.scalar.value for e in c.service("b").env_files] == ["b1.env", "b2.env"]
    assert [(e.scalar.value, e.required) for e in c.service("c").env_files] == [
        ("c.env", False),
        ("d.env", True),
    ]


def test_service_references() -> None:
    c = model(
        "services:\n"
        "  web:\n    image: x\n"
        "    depends_on: [db, cache]\n"
        '    links:\n      - db\n      - "cache:redis"\n'
        "    volumes_from: [data:ro, 'container:other']\n"
        "    network_mode: service:vpn\n"
        "  api:\n    extends: web\n"
        "    depends_on:\n      db:\n        condition: service_healthy\n"
        "  job:\n    extends:\n      file: common.yml\n      service: base\n"
    )
    refs = {(r.kind, r.name, r.prefix, r.suffix) for r in c.service("web").refs}
    assert refs == {
        ("depends_on", "db", "", ""),
        ("depends_on", "cache", "", ""),
        ("links", "db", "", ""),
        ("links", "cache", "", ":redis"),
        ("volumes_from", "data", "", ":ro"),
        ("network_mode", "vpn", "service:", ""),
    }
    api = {(r.kind, r.name) for r in c.service("api").refs}
    assert api == {("extends", "web"), ("depends_on", "db")}
    (job,) = c.service("job").refs
    assert (job.kind, job.name, job.file) == ("extends", "base", "common.yml")


def test_anchor_and_merge_land_on_the_definition() -> None:
    c = model(
        "x-build: &b\n  context: .\n  dockerfile: d/app.Dockerfile\n"
        "services:\n"
        "  one:\n    build: *b\n"
        "  two:\n    build:\n      <<: *b\n      context: sub\n"
        "  three:\n    <<: &common\n      image: x\n      depends_on: [one]\n"
        "  four:\n    <<: *common\n"
    )
    one, two = c.service("one"), c.service("two")
    assert one.build.dockerfile.start == Position(3, 15)
    assert two.build.dockerfile.start == Position(3, 15)  # inherited through <<
    assert two.build.context.value == "sub"  # explicit key wins over the merge
    assert one.build.dockerfile.anchor == "b"
    assert c.users(one.build.dockerfile) == ("one", "two")
    dep3, dep4 = c.service("three").refs[0], c.service("four").refs[0]
    assert dep3.scalar.start == dep4.scalar.start and dep4.scalar.anchor == "common"


def test_flow_style_and_quoted_keys() -> None:
    c = model(
        '{"services": {"web": {"build": {"context": ".", "dockerfile": "W"}}, \'db\': {image: pg}}}'
    )
    assert c.names == {"web", "db"}
    assert c.service("web").build.dockerfile.value == "W"
    assert c.service("db").key.style == "'"


def test_crlf_positions_count_characters() -> None:
    text = "services:\r\n  wéb:\r\n    build: ./wéb\r\n"
    c = model(text)
    sc = c.service("wéb").build.context
    assert sc.start == Position(3, 12) and sc.end == Position(3, 17)


def test_duplicates_reported_and_rest_still_analysed() -> None:
    yf = extract(
        "compose.yml",
        "services:\n  a:\n    image: x\n  a:\n    image: y\n"
        "  b:\n    image: z\n    image: w\n    build: ./b\n",
    )
    dups = {(d.key, d.mapping, d.first.line, d.second.line) for d in yf.duplicates}
    assert dups == {("a", "services", 2, 4), ("image", "services.b", 7, 8)}
    assert yf.compose.service("b").build.context.value == "./b"


def test_suppressions_recorded() -> None:
    yf = extract(
        "compose.yml",
        "services:\n  # fixer: ignore[FX201]\n  a:\n    build: x  # fixer: ignore[FX202, FX201]\n",
    )
    assert yf.suppressions == ((2, frozenset({"FX201"})), (4, frozenset({"FX202", "FX201"})))
    assert yf.suppressed(3, "FX201") and yf.suppressed(4, "FX202") and not yf.suppressed(3, "FX202")


def test_scalars_with_slash_kept_for_every_yaml() -> None:
    yf = extract(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: ./x/y.sh\n")
    assert yf.compose is None
    assert [(s.value, s.start) for s in yf.scalars] == [("./x/y.sh", Position(4, 14))]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("services:\n\tweb: {}\n", 2),
        ("services:\n  web:\n    image: 'unclosed\n", 4),
        ("- a\n- b\n", 1),
        ("just a string\n", 1),
    ],
)
def test_errors_name_the_line(text: str, line: int) -> None:
    with pytest.raises(FixerError) as exc:
        extract("compose.yml", text)
    assert exc.value.path == "compose.yml"
    assert exc.value.line is not None and abs(exc.value.line - line) <= 1


def test_alias_bomb_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(FixerError, match="expand"):
        extract("bomb.yml", "\n".join(lines) + "\n")


def test_multi_document_and_empty() -> None:
    yf = extract("k8s.yml", "a: ./x\n---\nb: ./y\n")
    assert yf.documents == 2 and [s.value for s in yf.scalars] == ["./x", "./y"]
    assert extract("compose.yml", "").compose is None


def test_interpolation() -> None:
    assert interpolate("${TAG:-dev}/x") == ("dev/x", "")
    assert interpolate("${TAG:-dev}/x", {"TAG": "prod"}) == ("prod/x", "")
    assert interpolate("${TAG-dev}", {"TAG": ""}) == ("", "")
    assert interpolate("$$HOME") == ("$HOME", "")
    value, note = interpolate("${NOPE}/Dockerfile")
    assert value is None and "NOPE" in note


def test_resolve_build_as_compose_does() -> None:
    c = model(
        "services:\n"
        "  a:\n    build:\n      context: ../app\n      dockerfile: ../d/A.Dockerfile\n"
        "  b:\n    build: https://github.com/x/y.git#main\n"
        "  c:\n    build:\n      context: ${CTX:-src}\n"
        "  d:\n    build:\n      context: .\n      dockerfile_inline: FROM x\n"
        "  e:\n    build:\n      context: ${MISSING}\n",
        path="deploy/compose.yml",
    )
    assert resolve_build("deploy/compose.yml", c.service("a").build) == (
        resolve_build("deploy/compose.yml", c.service("a").build)
    )
    r = resolve_build("deploy/compose.yml", c.service("a").build)
    assert (r.context, r.dockerfile) == ("app", "d/A.Dockerfile")
    assert resolve_build("deploy/compose.yml", c.service("b").build).context is None
    r = resolve_build("deploy/compose.yml", c.service("c").build)
    assert (r.context, r.dockerfile) == ("deploy/src", "deploy/src/Dockerfile")
    r = resolve_build("deploy/compose.yml", c.service("c").build, {"CTX": "other"})
    assert r.context == "deploy/other"
    assert resolve_build("deploy/compose.yml", c.service("d").build).dockerfile is None
    r = resolve_build("deploy/compose.yml", c.service("e").build)
    assert r.context is None and "MISSING" in r.note


def test_includes() -> None:
    c = model("include:\n  - a/compose.yml\n  - path: [b.yml, c.yml]\nservices: {}\n")
    assert [s.value for s in c.includes] == ["a/compose.yml", "b.yml", "c.yml"]


def test_dockerfile_facts() -> None:
    df = docker.extract(
        "Dockerfile",
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12 AS build\n"
        "COPY --chown=app:app requirements.txt \\\n     setup.py /app/\n"
        "COPY --from=build /x /y\n"
        'ADD ["src", "/src"]\n'
        "RUN <<EOF\nCOPY not-an-instruction /\nEOF\n"
        "ADD https://example.com/a.tgz /tmp/\n",
    )
    assert df.stages == ("build",)
    assert [(c.line, c.sources, c.from_stage) for c in df.copies] == [
        (3, ("requirements.txt", "setup.py"), None),
        (5, ("/x",), "build"),
        (6, ("src",), None),
        (10, ("https://example.com/a.tgz",), None),
    ]


def test_dockerignore_and_env() -> None:
    assert docker.extract_ignore(".dockerignore", "# c\n\nnode_modules\n!keep\n") == (
        "node_modules",
        "!keep",
    )
    env = docker.extract_env(".env", "# c\nA=1\nexport B='two words'\nC=3 # note\nD=\n")
    assert dict(env) == {"A": "1", "B": "two words", "C": "3", "D": ""}
