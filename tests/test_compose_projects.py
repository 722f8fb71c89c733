"""Compose files read as projects (decisions 013-015): command lines found in the repository's
text, the projects they make, where paths resolve, which files are not stacks, and env files
made at set-up time. The rule-level cases are the rules' own VALID/INVALID examples; these
tests pin the pieces underneath."""

from __future__ import annotations

from pathlib import Path

import pytest
from compose_helpers import make_repo

from fixer.config import Options, parse_table
from fixer.errors import FixerError
from fixer.facts import Facts, gather, kind_of
from fixer.facts.commands import scan
from fixer.facts.compose import extract
from fixer.rules import _projects, get
from fixer.rules._services import defined_services
from fixer.rules.base import Example
from fixer.workspace import discover


def facts_of(tmp_path: Path, files: dict[str, str]) -> Facts:
    make_repo(tmp_path, Example(files=files))
    facts, errors = gather(discover(tmp_path), use_cache=False)
    assert errors == ()
    return facts


# -- the text scan ----------------------------------------------------------------------------


def test_scan_joins_continuations_and_keeps_the_order_of_f_files() -> None:
    text = (
        "#!/bin/sh\n"
        "docker compose -f docker-compose.yml \\\n"
        "  -f docker-compose.dev.yml \\\n"
        "  --profile ci up -d --wait\n"
    )
    (inv,) = scan(text).invocations
    assert inv.files == ("docker-compose.yml", "docker-compose.dev.yml")
    assert inv.line == 2 and inv.complete


def test_scan_substitutes_literal_variables_and_drops_an_unknown_leading_folder() -> None:
    text = (
        "BASE='deploy/compose.yml'\n"
        'DEV="$SCRIPT_DIR/../deploy/compose.dev.yml"\n'
        'docker compose -f "$BASE" -f "$DEV" up\n'
    )
    (inv,) = scan(text).invocations
    assert inv.files == ("deploy/compose.yml", "../deploy/compose.dev.yml")


def test_scan_a_variable_assigned_two_values_is_not_a_literal() -> None:
    text = "F=a.yml\nF=b.yml\ndocker compose -f base.yml -f $F up\n"
    (inv,) = scan(text).invocations
    assert inv.files == ("base.yml",) and not inv.complete


def test_scan_cd_and_make_variables_and_compose_file() -> None:
    text = (
        "DC = docker compose -f compose.yml -f compose.ci.yml\n"
        "test:\n"
        "\tcd deploy && $(DC) run --rm tests\n"
        "export COMPOSE_FILE=compose.yml:compose.gpu.yml\n"
    )
    invs = scan(text).invocations
    assert [(i.files, i.dirs, i.env) for i in invs] == [
        (("compose.yml", "compose.ci.yml"), (), False),  # the assignment line itself
        (("compose.yml", "compose.ci.yml"), ("deploy",), False),
        (("compose.yml", "compose.gpu.yml"), ("deploy",), True),
    ]


def test_scan_ignores_prose_and_other_tools() -> None:
    text = (
        "Use `docker compose -f` to force a file.\n"
        "docker build -f docker/api.Dockerfile .\n"
        "kubectl apply -f deploy/k8s.yml\n"
        "See the compose docs for details.\n"
    )
    assert scan(text).invocations == ()


def test_scan_default_files_need_a_subcommand() -> None:
    assert [i.files for i in scan("```\ndocker compose up -d\n```\n").invocations] == [()]
    assert scan("docker compose is a tool\n").invocations == ()


def test_scan_created_files() -> None:
    text = (
        "cp .env.example .env\n"
        "ln -s docker-compose.override.dev.yml docker-compose.override.yml\n"
        "envsubst < nginx.env.template > .env.nginx\n"
        "touch secrets/app.env\n"
        "cp README.md docs/\n"
    )
    got = [(c.path, c.source) for c in scan(text).created]
    assert got == [
        (".env", ".env.example"),
        ("docker-compose.override.yml", "docker-compose.override.dev.yml"),
        (".env.nginx", None),
        ("secrets/app.env", None),
    ]


def test_yaml_commands_carry_their_working_directory_and_comments_count() -> None:
    text = (
        "# Usage:\n"
        "#   docker compose -f compose.yml \\\n"
        "#     -f compose.dev.yml up\n"
        "jobs:\n"
        "  e2e:\n"
        "    defaults:\n"
        "      run:\n"
        "        working-directory: deploy\n"
        "    env:\n"
        "      COMPOSE_FILE: compose.yml:compose.e2e.yml\n"
        "    steps:\n"
        "      - run: docker compose up -d\n"
        "      - run: |\n"
        "          docker compose -f compose.yml logs\n"
        "        working-directory: tests/e2e\n"
    )
    invs = extract(".github/workflows/e2e.yml", text).commands.invocations
    got = sorted((i.files, i.dirs, i.env, i.line) for i in invs)
    assert got == sorted(
        [
            (("compose.yml", "compose.dev.yml"), (), False, 2),
            (("compose.yml", "compose.e2e.yml"), ("deploy",), True, 10),
            ((), ("deploy",), False, 12),
            (("compose.yml",), ("tests/e2e", "deploy"), False, 14),
        ]
    )


def test_kinds_of_the_new_facts() -> None:
    assert kind_of("scripts/up.sh") == "script"
    assert kind_of("Makefile") == "script"
    assert kind_of("docs/deploy.md") == "script"
    assert kind_of("sub/.gitignore") == "gitignore"
    assert kind_of("app.py") == "python"


# -- compose facts ----------------------------------------------------------------------------


def test_include_in_every_form() -> None:
    text = (
        "include:\n"
        "  - a.yml\n"
        "  - path: b/compose.yml\n"
        "  - path: [c.yml, c.override.yml]\n"
        "    project_directory: ..\n"
        "    env_file:\n"
        "      - c.env\n"
        "      - c.local.env\n"
        "services: {}\n"
    )
    c = extract("compose.yml", text).compose
    assert c is not None
    shown = [
        (
            [p.value for p in e.paths],
            e.project_directory.value if e.project_directory else None,
            [x.value for x in e.env_files],
        )
        for e in c.include_entries
    ]
    assert shown == [
        (["a.yml"], None, []),
        (["b/compose.yml"], None, []),
        (["c.yml", "c.override.yml"], "..", ["c.env", "c.local.env"]),
    ]
    assert [s.value for s in c.includes] == ["a.yml", "b/compose.yml", "c.yml", "c.override.yml"]


def test_merge_tags_and_content_key() -> None:
    base = "services:\n  web:\n    image: x\n"
    over = extract("o.yml", "services:\n  web:\n    ports: !reset []\n").compose
    assert over is not None and over.merge_tags
    assert not extract("c.yml", base).compose.merge_tags  # type: ignore[union-attr]
    copy = "# a copy\r\n" + base.replace("\n", "  \r\n") + "\n"
    assert extract("a/c.yml", base).content_key == extract("b/c.yml", copy).content_key
    assert extract("a/c.yml", base).content_key != extract("c.yml", base + "  db: {}\n").content_key
    assert extract("b/c.yml", copy).line_digests == extract("a/c.yml", base).line_digests


def test_a_near_copy_counts_only_when_none_of_its_paths_resolve(tmp_path: Path) -> None:
    """The original drifted after the copy was synced: the copy (all paths broken) is data;
    a similar stack with one broken path of two is not a copy."""
    settings = "".join(f"      - SETTING_{i}=value\n" for i in range(8))
    original = f"services:\n  api:\n    build: ../api\n    environment:\n{settings}"
    facts = facts_of(
        tmp_path,
        {
            "deploy/compose.yml": original.replace("../api", "../api-v2"),
            "api-v2/Dockerfile": "FROM x\n",
            "cli/assets/compose.yml": original,
            "stacks/a/compose.yml": "services:\n  web:\n    build: ./web\n    image: w\n"
            "  db:\n    build: ./db\n",
            "stacks/a/web/Dockerfile": "FROM x\n",
            "stacks/a/db/Dockerfile": "FROM x\n",
            "stacks/b/compose.yml": "services:\n  web:\n    build: ./web\n    image: w\n"
            "  db:\n    build: ./database\n",
            "stacks/b/web/Dockerfile": "FROM x\n",
        },
    )
    why = _projects.not_stack(facts, Options(), "cli/assets/compose.yml")
    assert why is not None and "nearly the same content" in why
    assert _projects.not_stack(facts, Options(), "stacks/b/compose.yml") is None
    assert [f.path for f in get("FX202").check(facts, Options())] == ["stacks/b/compose.yml"]


# -- projects ---------------------------------------------------------------------------------


OVERRIDE_FAMILY = {
    "docker-compose.yml": "services:\n  web:\n    build:\n      context: .\n"
    "      dockerfile: web.Dockerfile\n  db:\n    image: postgres\n",
    "docker-compose.local.yml": "services:\n  web:\n    image: web:dev\n    ports: ['8000:8000']\n",
    "docker-compose.override.ci.yml": "services:\n  web:\n    environment: {CI: '1'}\n",
    "docker/perf.yml": "services:\n  web:\n    command: ['sleep', 'infinity']\n",
    "web.Dockerfile": "FROM python:3.12\n",
    "scripts/env.sh": "override='docker-compose.override.yml'\n"
    "ln -s docker-compose.local.yml ${override}\n",
    ".github/workflows/perf.yml": "jobs:\n  p:\n    steps:\n      - run: >\n"
    "          docker compose -f docker-compose.yml -f docker-compose.override.ci.yml\n"
    "          -f docker/perf.yml up -d web\n",
}


def test_projects_from_a_script_link_a_ci_group_and_override_names(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, OVERRIDE_FAMILY)
    m = _projects.model(facts)
    groups = {p.files: p.directory for p in m.projects}
    (linked,) = [p for p in m.projects if p.files[-1] == "docker-compose.local.yml"]
    assert linked.files == ("docker-compose.yml", "docker-compose.local.yml")
    assert linked.how.startswith("scripts/env.sh:2: made the override file")
    assert groups[("docker-compose.yml", "docker-compose.override.ci.yml")] == ""
    three = ("docker-compose.yml", "docker-compose.override.ci.yml", "docker/perf.yml")
    assert groups[three] == ""
    # docker/perf.yml is only ever merged: no reading of it alone, from its own folder
    assert [(u.directory, u.earlier) for u in m.usages["docker/perf.yml"]] == [("", three[:2])]
    assert [u.directory for u in m.usages["docker-compose.yml"]] == [""]
    assert defined_services(facts, "docker/perf.yml") == {"web", "db"}


def test_a_single_name_is_never_resolved_anywhere(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            "README.md": "docker compose -f compose.yml up\n"
            "docker compose -f compose.yml -f compose.dev.yml up\n",
            "deploy/compose.yml": "services:\n  a:\n    image: x\n",
            "deploy/compose.dev.yml": "services:\n  b:\n    image: x\n",
            "tests/data/compose.yml": "services:\n  c:\n    image: x\n",
        },
    )
    m = _projects.model(facts)
    assert [p.files for p in m.projects] == [("deploy/compose.yml", "deploy/compose.dev.yml")]
    assert "tests/data/compose.yml" in m.not_stacks  # not "run" by the README's first line


def test_include_with_a_project_directory_is_not_also_read_alone(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            "compose.yml": "include:\n  - path: svc/api.yml\n    project_directory: .\n"
            "  - svc/db.yml\n",
            "svc/api.yml": "services:\n  api:\n    image: x\n",
            "svc/db.yml": "services:\n  db:\n    image: x\n",
        },
    )
    m = _projects.model(facts)
    assert [u.directory for u in m.usages["svc/api.yml"]] == [""]
    assert [u.directory for u in m.usages["svc/db.yml"]] == ["svc"]
    assert defined_services(facts, "svc/db.yml") == {"api", "db"}


def test_effective_build_layers_and_foreign_keys(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            "compose.yml": "services:\n  api:\n    build:\n      context: ./backend\n"
            "      dockerfile: api.Dockerfile\n",
            "compose.override.yml": "services:\n  api:\n    build:\n"
            "      dockerfile: dev.Dockerfile\n  new:\n    build: {target: x}\n",
        },
    )
    uses = {
        (u.path, u.service.name): u
        for u in _projects.service_uses(facts, Options())
        if u.path == "compose.override.yml"
    }
    api = uses[("compose.override.yml", "api")]
    assert api.foreign == {"context"} and api.how
    assert _projects.resolve_use(api).dockerfile == "backend/dev.Dockerfile"
    new = uses[("compose.override.yml", "new")]
    assert new.foreign == frozenset()  # a service only the override has: its defaults are its own


def test_compose_stacks_option_checks_test_data(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path, {"tests/fixtures/app/compose.yml": "services:\n  app:\n    build: ./gone\n"}
    )
    fx202 = get("FX202")
    assert list(fx202.check(facts, Options())) == []
    options = Options(compose_stacks=("tests/fixtures/**",))
    assert [f.symbol for f in fx202.check(facts, options)] == ["app.build.context"]


def test_compose_stacks_in_the_configuration() -> None:
    options = parse_table({"compose-stacks": ["tests/e2e/**"]})
    assert options.compose_stacks == ("tests/e2e/**",)
    with pytest.raises(FixerError, match="compose-stacks"):
        parse_table({"compose-stacks": "tests/e2e/**"}, 'compose-stacks = "x"\n')


def test_copy_made_by_a_command_is_not_a_stack(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            "deploy/compose.yml": "services:\n  api:\n    build: ../api\n",
            "api/Dockerfile": "FROM x\n",
            "scripts/sync.sh": "cp deploy/compose.yml installer/assets/\n",
            "installer/assets/compose.yml": "services:\n  api:\n    build: ../api\n"
            "  extra:\n    image: x\n",
        },
    )
    why = _projects.not_stack(facts, Options(), "installer/assets/compose.yml")
    assert why is not None and "copy of deploy/compose.yml" in why


# -- env files made at set-up time ------------------------------------------------------------


def test_git_ignored_env_file_present_on_disk_is_a_setup_step(tmp_path: Path) -> None:
    files = {
        ".gitignore": "*.env\n!example.env\n",
        "docker/compose.yml": "services:\n  web:\n    image: x\n    env_file: web.env\n",
    }
    make_repo(tmp_path, Example(files={}, commits=(files,)))
    (tmp_path / "docker" / "web.env").write_text("SECRET=1\n")  # ignored: not in facts
    facts, _ = gather(discover(tmp_path), use_cache=False)
    assert "docker/web.env" not in facts.files
    assert _projects.ignored(facts, "docker/web.env")
    assert not _projects.ignored(facts, "docker/example.env")
    assert list(get("FX204").check(facts, Options())) == []


def test_nested_gitignore_decides_and_an_ignored_folder_hides_its_files(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            ".gitignore": "secrets/\n.env*\n",
            "deploy/.gitignore": "!.env.shared\n",
            "deploy/compose.yml": "services: {}\n",
        },
    )
    assert _projects.ignored(facts, "secrets/deploy/.env.shared")
    assert _projects.ignored(facts, "deploy/.env")
    assert not _projects.ignored(facts, "deploy/.env.shared")
    assert not _projects.ignored(facts, "deploy/app.env")


@pytest.mark.parametrize(
    ("env", "template"),
    [
        (".env", ".env.example"),
        (".env", "example.env"),
        (".env.nginx", "env.nginx.template"),
        ("api.env", "api.env.sample"),
        (".env_eval", ".env_eval.dist"),
    ],
)
def test_env_templates(tmp_path: Path, env: str, template: str) -> None:
    facts = facts_of(tmp_path, {f"d/{template}": "A=\n", "d/other.example": "x\n"})
    assert _projects.env_template(facts, f"d/{env}") == f"d/{template}"
    assert _projects.env_template(facts, "d/prod.env") is None
    assert _projects.env_template(facts, f"e/{env}") is None  # only beside it


def test_a_template_is_never_the_fix(tmp_path: Path) -> None:
    """git moved the env file to a template's name: reported, but not "fixed" to the template
    (a template beside the missing file makes it a set-up step; here it is elsewhere)."""
    make_repo(
        tmp_path,
        Example(
            files={},
            commits=(
                {
                    "compose.yml": "services:\n  a:\n    image: x\n    env_file: config/app.env\n",
                    "config/app.env": "A=1\n",
                },
                {"config/app.env": ("mv", "examples/app.env.example")},
            ),
        ),
    )
    facts, _ = gather(discover(tmp_path), use_cache=False)
    (finding,) = get("FX204").check(facts, Options(unsafe_fixes=True))
    assert finding.fix is None
    assert any("is a template" in e for e in finding.evidence), finding.evidence


def test_gather_keeps_gitignores_and_scripts(tmp_path: Path) -> None:
    facts = facts_of(
        tmp_path,
        {
            ".gitignore": "# local\n.env\n",
            "Makefile": "up:\n\tdocker compose -f a.yml -f b.yml up\n",
            "notes.md": "nothing about containers\n",
        },
    )
    assert facts.gitignores == {".gitignore": (".env",)}
    assert list(facts.scripts) == ["Makefile"]
