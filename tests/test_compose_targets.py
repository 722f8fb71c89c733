"""Facts for "which compose file code targets": branch tests, compose choices, owners, and
docker commands written as one string (fixer/facts/branches.py and the string facts)."""

from __future__ import annotations

import ast

import pytest

from fixer.facts.branches import BranchTest, parse_test
from fixer.facts.python import extract


def _parsed(test: str) -> list[tuple[str, tuple[tuple[str, str], ...], bool]]:
    return parse_test(ast.parse(test, mode="eval").body)


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('"alpine" in self.compose_file', [("self.compose_file", (("in", "alpine"),), True)]),
        ('"alpine" not in f', [("f", (("in", "alpine"),), False)]),
        ('f == "a.yml"', [("f", (("==", "a.yml"),), True)]),
        ('"a.yml" != str(f)', [("f", (("==", "a.yml"),), False)]),
        ('f.name in ("a.yml", "b.yml")', [("f", (("==", "a.yml"), ("==", "b.yml")), True)]),
        (
            'f == "a.yml" or "test" in f',
            [("f", (("==", "a.yml"), ("in", "test")), True)],
        ),
        ('not f.endswith(".ci.yml")', [("f", (("endswith", ".ci.yml"),), False)]),
        ('self.alpine and "alpine" in f', [("f", (("in", "alpine"),), True)]),
        ('self.alpine or "alpine" in f', []),  # the `or` says nothing about f
        ('f == "a.yml" or g == "b.yml"', []),  # two variables
        ('not (self.alpine and "alpine" in f)', []),  # only part of it is understood
        ('os.environ.get("X") == "a.yml"', []),  # not a variable
    ],
)
def test_parse_test(test: str, expected: list) -> None:
    assert _parsed(test) == expected


def _tests_of(src: str, value: str) -> tuple[BranchTest, ...]:
    mod = extract("m.py", src)
    found = [m for m in mod.mappings if any(lit.value == value for _, lit in m.entries)]
    found += [s for s in mod.sequences if any(lit.value == value for lit in s.items)]
    assert len(found) == 1, found
    return found[0].tests


def _summary(tests: tuple[BranchTest, ...]) -> list[tuple[str, str, bool]]:
    return [(t.subject, t.alts[0][1], t.holds) for t in tests]


CHAIN = """
def f(compose_file, other):
    if "alpine" in compose_file:
        a = ["a1", "a2"]
    elif "test" in compose_file:
        b = ["b1", "b2"]
    else:
        c = ["c1", "c2"]
    if other == "x.yml" and "ci" in compose_file:
        return
    d = ["d1", "d2"]
    if "prod" in compose_file:
        raise SystemExit
    e = ["e1", "e2"]
"""


def test_branch_tests_of_if_elif_else_and_after_a_jump() -> None:
    assert _summary(_tests_of(CHAIN, "a1")) == [("compose_file", "alpine", True)]
    assert _summary(_tests_of(CHAIN, "b1")) == [
        ("compose_file", "test", True),
        ("compose_file", "alpine", False),
    ]
    assert _summary(_tests_of(CHAIN, "c1")) == [
        ("compose_file", "test", False),
        ("compose_file", "alpine", False),
    ]
    # after `if A and B: return` nothing is known (not (A and B)); after `if C: raise`, not C
    assert _summary(_tests_of(CHAIN, "d1")) == []
    assert _summary(_tests_of(CHAIN, "e1")) == [("compose_file", "prod", False)]
    t = _tests_of(CHAIN, "b1")[0]
    assert t.line == 5 and t.text == '"test" in compose_file'


def test_branch_tests_stop_at_the_function_and_see_conditional_expressions() -> None:
    src = (
        'if "x" in MODE:\n'
        "    def g(f):\n"
        '        return ["a1", "a2"] if f == "a.yml" else ["b1", "b2"]\n'
    )
    assert _summary(_tests_of(src, "a1")) == [("f", "a.yml", True)]
    assert _summary(_tests_of(src, "b1")) == [("f", "a.yml", False)]


MANAGER = """
from pathlib import Path
COMPOSE = "docker-compose.yml"

class Manager:
    DEFAULT = "docker-compose.dev.yml"

    def __init__(self, compose_file=None):
        self.compose_file = compose_file or self._get_compose_file()
        self.other = self._unrelated()

    def _get_compose_file(self):
        candidates = ["docker-compose.alpine-test.yml", "docker-compose.test.yml"]
        for c in candidates:
            if Path(c).exists():
                return c
        return self._fallback()

    def _fallback(self):
        return "docker-compose.fallback.yml"

    def _unrelated(self):
        return "settings.yml"

    @property
    def ci_file(self):
        if self.ci:
            return "docker-compose.ci.yml"
        return "compose.yaml"

    def run(self):
        compose_file = self._get_compose_file()
        for name in ("docker-compose.a.yml", "docker-compose.b.yml"):
            pass
        return {"k": "v1", "l": "v2"}
"""


def test_compose_choices_from_methods_literals_properties_and_loops() -> None:
    mod = extract("m.py", MANAGER)
    got = {(c.owner, c.subject): (c.names, c.via) for c in mod.choices}
    chosen = (
        "docker-compose.alpine-test.yml",
        "docker-compose.test.yml",
        "docker-compose.fallback.yml",  # from the method the chosen method calls
    )
    assert got[("Manager", "self.compose_file")] == (chosen, "self._get_compose_file()")
    assert got[("Manager.run", "compose_file")] == (chosen, "self._get_compose_file()")
    assert got[("Manager", "self.DEFAULT")] == (("docker-compose.dev.yml",), "")
    assert got[("Manager", "self.ci_file")] == (
        ("docker-compose.ci.yml", "compose.yaml"),
        "the property ci_file",
    )
    assert got[("Manager.run", "name")][0] == ("docker-compose.a.yml", "docker-compose.b.yml")
    assert got[("", "COMPOSE")] == (("docker-compose.yml",), "")
    assert ("Manager", "self.other") not in got  # names no compose file
    assert mod.mappings[0].owner == ("Manager", "Manager.run")


def test_no_choices_without_compose_names() -> None:
    mod = extract("m.py", "class A:\n    def f(self):\n        self.x = self.g()\n")
    assert mod.choices == ()


def _commands(src: str) -> list[list[str | None]]:
    mod = extract("m.py", src)
    return [[it.value if it else None for it in c.items] for c in mod.commands if c.string]


def test_command_strings_only_where_code_runs_them() -> None:
    src = (
        "import os, shlex, subprocess, logging\n"
        "def f(svc):\n"
        '    """Run docker compose up api by hand."""\n'
        '    subprocess.run("docker compose up -d api", shell=True)\n'
        '    os.system("docker-compose logs web")\n'
        '    cmd = "docker compose restart worker"\n'
        '    args = shlex.split("docker compose stop db")\n'
        '    parts = "docker compose exec api ls".split()\n'
        '    subprocess.run(args="docker compose rm -f cache", shell=True)\n'
        '    logging.info("docker compose up failed for api")\n'
        '    print("docker compose up api")\n'
        '    raise RuntimeError("docker compose up api")\n'
        '    message = "docker compose up api"\n'
    )
    assert _commands(src) == [
        ["docker", "compose", "up", "-d", "api"],
        ["docker-compose", "logs", "web"],
        ["docker", "compose", "restart", "worker"],
        ["docker", "compose", "stop", "db"],
        ["docker", "compose", "exec", "api", "ls"],
        ["docker", "compose", "rm", "-f", "cache"],
    ]


def test_command_string_words_fields_operators_and_spans() -> None:
    src = (
        "import subprocess\n"
        "def f(self, n):\n"
        "    subprocess.run(f\"cd x && sudo docker compose -f {self.compose_file} logs api-{n} 'q w' db; echo\", shell=True)\n"  # noqa: E501
        '    subprocess.run("docker logs  web", shell=True)\n'
    )
    mod = extract("m.py", src)
    fstr, plain = [c for c in mod.commands if c.string]
    assert [it.value if it else None for it in fstr.items] == [
        "docker",
        "compose",
        "-f",
        None,
        "logs",
        None,
        None,
        None,
        "db",
    ]
    assert fstr.exprs[3] == "self.compose_file" and fstr.exprs[5] == ""
    assert fstr.literal is None
    assert plain.literal is not None and plain.literal.value == "docker logs  web"
    web = plain.items[2]
    assert web is not None and plain.offsets[2] == 13
    assert (web.start.line, web.start.column, web.end.column) == (4, 34, 37)  # 1-based


def test_compose_choices_through_defaults_constants_and_class_attributes() -> None:
    src = (
        'TEST_COMPOSE = "docker-compose.test.yml"\n'
        "class A:\n"
        '    DEV = "docker-compose.dev.yml"\n'
        '    def __init__(self, compose_file="docker-compose.ci.yml", *, other=None):\n'
        "        self.a = compose_file\n"
        "        self.b = TEST_COMPOSE\n"
        "        self.c = self.DEV if other else TEST_COMPOSE\n"
        "        self.d = other\n"
    )
    got = {c.subject: c.names for c in extract("m.py", src).choices if c.owner == "A"}
    assert got == {
        "self.DEV": ("docker-compose.dev.yml",),
        "self.a": ("docker-compose.ci.yml",),
        "self.b": ("docker-compose.test.yml",),
        "self.c": ("docker-compose.dev.yml", "docker-compose.test.yml"),
    }
