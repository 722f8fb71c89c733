"""FX301: every reference form, every way of finding the target, literals that must not count."""

from __future__ import annotations

from pathlib import Path

from _cross import fix, run

from fixer.rules import fx301_code_service_name_drift as rule

ALPINE = (
    "services:\n"
    "  alpine-test-backend:\n    image: b\n    container_name: netra-test-backend\n"
    "    depends_on: [alpine-test-auth]\n"
    "  alpine-test-auth:\n    image: a\n    container_name: netra-test-auth\n"
    "  alpine-test-redis:\n    image: r\n"
)
DEV = (
    "services:\n  dev-backend:\n    image: b\n  dev-auth:\n    image: a\n"
    "  dev-redis:\n    image: r\n"
)
BASE = {"docker-compose.yml": DEV, "docker-compose.alpine-test.yml": ALPINE}


def symbols(findings) -> list[str]:
    return sorted(f.symbol for f in findings)


# -- reference forms ------------------------------------------------------------------------


def test_mapping_values(tmp_path: Path) -> None:
    src = (
        "def m(compose_file):\n"
        '    if "docker-compose.alpine-test.yml" in compose_file:\n'
        "        return {'backend': 'test-backend', 'auth': 'alpine-test-auth',"
        " 'redis': 'test-redis'}\n"
        "    return {'backend': 'dev-backend', 'auth': 'dev-auth', 'redis': 'dev-redis'}\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["test-backend", "test-redis"]
    assert "did you mean alpine-test-backend?" in found[0].message
    assert "(defined in no compose file)" in found[0].message
    out = fix(tmp_path, found)
    assert (
        "'backend': 'alpine-test-backend', 'auth': 'alpine-test-auth', 'redis': 'alpine-test-redis'"
        in out["m.py"]
    )
    assert "'backend': 'dev-backend'" in out["m.py"]


def test_sequence_elements_set_and_tuple(tmp_path: Path) -> None:
    src = (
        'COMPOSE = "docker-compose.alpine-test.yml"\n'
        'REQUIRED = {"test-backend", "alpine-test-auth"}\n'
        'ORDER = ("alpine-test-redis", "test-auth")\n'
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["test-auth", "test-backend"]
    out = fix(tmp_path, found)
    assert '{"alpine-test-backend", "alpine-test-auth"}' in out["m.py"]
    assert '("alpine-test-redis", "alpine-test-auth")' in out["m.py"]


def test_compose_command_subcommands(tmp_path: Path) -> None:
    src = (
        "import subprocess\n"
        "def go():\n"
        "    f = ['docker', 'compose', '-f', 'docker-compose.alpine-test.yml']\n"
        "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.alpine-test.yml',"
        " '-p', 'x', 'up', '-d', '--wait', 'test-backend', 'alpine-test-auth'])\n"
        "    subprocess.run(['docker-compose', '-f', 'docker-compose.alpine-test.yml', 'logs',"
        " '--tail', '50', 'test-redis'])\n"
        "    subprocess.run(['docker', 'compose', '--file=docker-compose.alpine-test.yml',"
        " 'exec', 'test-auth', 'sh', '-c', 'true'])\n"
        "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.alpine-test.yml', 'rm',"
        " '-f', 'test-backend'])\n"
        "    subprocess.run(['docker', 'compose', '-f', 'docker-compose.alpine-test.yml',"
        " 'restart', 'nosuch'])\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["nosuch", "test-auth", "test-backend", "test-backend", "test-redis"]
    nosuch = next(f for f in found if f.symbol == "nosuch")
    assert nosuch.fix is None and "defined in no compose file" in nosuch.message
    out = fix(tmp_path, found)
    assert "'--wait', 'alpine-test-backend', 'alpine-test-auth'" in out["m.py"]
    assert "'exec', 'alpine-test-auth', 'sh'" in out["m.py"]  # only the first argument of exec
    assert "'-f', 'alpine-test-backend'])" in out["m.py"]


def test_container_names_in_docker_commands(tmp_path: Path) -> None:
    src = (
        "import subprocess\n"
        "def go():\n"
        "    subprocess.run(['docker', 'logs', '--tail', '20', 'netra-backend'])\n"
        "    subprocess.run(['docker', 'exec', 'netra-test-auth', 'ls'])\n"
        "    subprocess.run(['docker', 'ps', '--filter', 'name=netra-auth'])\n"
        "    subprocess.run(['docker', 'ps', '--filter', 'name=netra-test'])\n"
        "    subprocess.run(['docker', 'logs', 'unrelated-thing'])\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["netra-auth", "netra-backend"]
    out = fix(tmp_path, found)
    assert "'20', 'netra-test-backend'])" in out["m.py"]
    assert "'name=netra-test-auth'" in out["m.py"]


# -- ways of finding the target -------------------------------------------------------------


def test_target_from_if_test_not_else_or_after_return(tmp_path: Path) -> None:
    src = (
        "class M:\n"
        "    def a(self):\n"
        '        if "docker-compose.alpine-test.yml" in self.compose_file:\n'
        "            return {'b': 'test-backend', 'a': 'test-auth'}\n"
        "        else:\n"
        "            return {'b': 'dev-backend', 'a': 'dev-auth'}\n"
        "    def b(self):\n"
        '        if "docker-compose.alpine-test.yml" in self.compose_file:\n'
        "            return {'b': 'alpine-test-backend', 'a': 'alpine-test-auth'}\n"
        "        return {'b': 'dev-backend', 'a': 'dev-auth'}\n"
        "    def c(self):\n"
        '        if "docker-compose.alpine-test.yml" not in self.compose_file:\n'
        "            return {'b': 'dev-backend', 'a': 'dev-auth'}\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["test-auth", "test-backend"]


def test_target_from_elif(tmp_path: Path) -> None:
    src = (
        "def a(f):\n"
        '    if "docker-compose.yml" in f:\n'
        "        return {'b': 'dev-backend', 'a': 'dev-auth'}\n"
        '    elif "docker-compose.alpine-test.yml" in f:\n'
        "        return {'b': 'test-backend', 'a': 'alpine-test-auth'}\n"
    )
    assert symbols(run(tmp_path, {**BASE, "m.py": src}, rule)) == ["test-backend"]


def test_target_from_function_and_from_class(tmp_path: Path) -> None:
    src = (
        "def a():\n"
        '    compose = "docker-compose.alpine-test.yml"\n'
        "    return ['test-backend', 'alpine-test-auth']\n"
        "class K:\n"
        '    COMPOSE_FILE = "docker-compose.yml"\n'
        "    def services(self):\n"
        "        return ['dev-backend', 'dev-auth', 'devv-redis']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["devv-redis", "test-backend"]
    k = next(f for f in found if f.symbol == "devv-redis")
    assert "docker-compose.yml" in k.message and "did you mean dev-redis?" in k.message


def test_target_from_explicit_f_wins_over_context(tmp_path: Path) -> None:
    src = (
        "def a():\n"
        '    compose = "docker-compose.yml"\n'
        "    return ['docker', 'compose', '-f', 'docker-compose.alpine-test.yml',"
        " 'up', 'dev-auth']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert symbols(found) == ["dev-auth"]
    assert "(defined in docker-compose.yml)" in found[0].message


def test_target_from_tool_fixer_mapping(tmp_path: Path) -> None:
    files = {
        **BASE,
        "pkg/services.py": "SERVICES = {'b': 'test-backend', 'a': 'alpine-test-auth'}\n",
    }
    assert run(tmp_path, files, rule) == []  # no target: no finding
    found = run(
        tmp_path,
        files,
        rule,
        service_targets=(("pkg/*.py", "docker-compose.alpine-test.yml"),),
    )
    assert symbols(found) == ["test-backend"]
    assert "[tool.fixer]" in found[0].evidence[0]


def test_no_target_checks_every_compose_file_candidates_only(tmp_path: Path) -> None:
    src = (
        "def a(f):\n"
        '    if "docker-compose.yml" in f or "docker-compose.alpine-test.yml" in f:\n'
        "        return {'b': 'test-backend', 'a': 'test-auth'}\n"
        "def b(f):\n"
        '    if "docker-compose.nope.yml" in f:\n'
        "        return {'b': 'test-backend', 'a': 'test-auth'}\n"
        "def c():\n"
        "    return ['docker', 'compose', '-f', f, 'up', 'test-backend', 'dev-auth', 'nosuch']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    # two existing files (a), a file that does not exist (b), -f from an unknown variable
    # (c): no target; names defined nowhere are reported with the close names of every file
    assert symbols(found) == [
        "test-auth",
        "test-auth",
        "test-backend",
        "test-backend",
        "test-backend",
    ]
    for f in found:
        assert f.fix is None and "not defined in any compose file" in f.message
        assert set(f.candidates) in (
            {"alpine-test-backend", "dev-backend"},
            {"alpine-test-auth", "dev-auth"},
        )
    one = run(tmp_path / "one", {"docker-compose.alpine-test.yml": ALPINE, "m.py": src}, rule)
    safety = {(f.line, f.symbol): f.fix.safety for f in one if f.fix}
    # a: the file of the `or` that exists decides; b, c: one close name, but no target
    assert safety == {
        (3, "test-backend"): "safe",
        (3, "test-auth"): "safe",
        (6, "test-backend"): "unsafe",
        (6, "test-auth"): "unsafe",
        (8, "test-backend"): "unsafe",
        (8, "dev-auth"): "unsafe",
    }


# -- literals that must not count -----------------------------------------------------------


def test_log_messages_urls_and_unrelated_dicts(tmp_path: Path) -> None:
    src = (
        "import logging\n"
        "def a(f):\n"
        '    if "docker-compose.alpine-test.yml" in f:\n'
        '        logging.info("starting test-backend and test-auth")\n'
        "        cfg = {'level': 'debug', 'format': 'json'}\n"
        "        urls = ['http://test-backend:8000', 'http://test-auth:8081']\n"
        "        mixed = {'b': 'test-backend', 'url': 'http://x'}\n"
        "        one = {'b': 'test-backend', 'x': 'debug', 'y': 'info'}\n"
        "        return cfg, urls, mixed, one\n"
    )
    assert run(tmp_path, {**BASE, "m.py": src}, rule) == []


# -- align compose ------------------------------------------------------------------------


def test_align_compose_renames_service_and_references(tmp_path: Path) -> None:
    src = (
        "def a(f):\n"
        '    if "docker-compose.alpine-test.yml" in f:\n'
        "        return {'b': 'test-backend', 'a': 'test-auth', 'r': 'alpine-test-redis'}\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule, align="compose")
    assert symbols(found) == ["test-auth", "test-backend"]
    assert all(f.fix is not None and f.fix.safety == "safe" for f in found)
    out = fix(tmp_path, found)
    assert set(out) == {"docker-compose.alpine-test.yml"}
    text = out["docker-compose.alpine-test.yml"]
    assert "  test-backend:\n" in text and "  test-auth:\n" in text
    assert "depends_on: [test-auth]" in text
    assert "  alpine-test-redis:\n" in text


def test_align_compose_is_unsafe_when_old_name_used_elsewhere(tmp_path: Path) -> None:
    src = (
        "def a(f):\n"
        '    if "docker-compose.alpine-test.yml" in f:\n'
        "        return {'b': 'test-backend', 'a': 'alpine-test-auth'}\n"
        "OTHER = ['docker', 'compose', 'logs', 'alpine-test-backend']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule, align="compose")
    assert [f.fix.safety for f in found if f.fix] == ["unsafe"]


def test_compose_file_in_an_unrelated_folder_is_no_target(tmp_path: Path) -> None:
    files = {
        "other/docker-compose.alpine-test.yml": ALPINE,
        "app/m.py": "def a():\n"
        '    compose = "docker-compose.alpine-test.yml"\n'
        "    return ['test-backend', 'test-auth']\n",
    }
    unsure = run(tmp_path, files, rule)  # no target: the names are checked everywhere
    assert symbols(unsure) == ["test-auth", "test-backend"]
    assert all(f.fix is not None and f.fix.safety == "unsafe" for f in unsure)
    assert all("any compose file" in f.message for f in unsure)
    files["app/docker-compose.alpine-test.yml"] = ALPINE  # next to the code: the target
    found = run(tmp_path, files, rule)
    assert symbols(found) == ["test-auth", "test-backend"]
    assert all(f.fix is not None and f.fix.safety == "safe" for f in found)


# -- how code chooses its compose file (issue 15) -------------------------------------------

CHOOSER = (
    "from pathlib import Path\n"
    "class Stack:\n"
    "    def __init__(self, compose_file=None):\n"
    "        self.compose_file = compose_file or self._get_compose_file()\n"
    "    def _get_compose_file(self):\n"
    '        candidates = ["docker-compose.alpine-test.yml", "docker-compose.test.yml"]\n'
    "        for c in candidates:\n"
    "            if Path(c).exists():\n"
    "                return c\n"
    '        return "docker-compose.yml"\n'
)


def test_method_chosen_file_with_substring_elif_and_dead_branch(tmp_path: Path) -> None:
    src = CHOOSER + (
        "    def mapping(self):\n"
        '        if "alpine" in self.compose_file:\n'
        "            return {'backend': 'test-backend', 'auth': 'alpine-test-auth'}\n"
        '        elif "test" in self.compose_file:\n'  # only the deleted file is left
        "            return {'backend': 'test-backend', 'auth': 'test-auth'}\n"
        "        return {'backend': 'dev-backend', 'auth': 'dev-auth'}\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert [(f.line, f.symbol) for f in found] == [
        (13, "test-backend"),
        (15, "test-backend"),
        (15, "test-auth"),
    ]
    alpine, dead_b, dead_a = found
    assert "not defined in docker-compose.alpine-test.yml" in alpine.message
    assert "self.compose_file is assigned from self._get_compose_file()" in alpine.evidence[0]
    assert '`"alpine" in self.compose_file` (line 12)' in alpine.evidence[0]
    assert alpine.fix is not None and alpine.fix.safety == "safe"
    # the elif can only hold docker-compose.test.yml, which does not exist: no target
    assert "any compose file" in dead_b.message and dead_b.fix is None
    assert set(dead_b.candidates) == {"alpine-test-backend", "dev-backend"}


def test_local_variable_from_a_method_and_compose_command_with_variable_file(
    tmp_path: Path,
) -> None:
    src = CHOOSER + (
        "    def up(self):\n"
        "        compose_file = self._get_compose_file()\n"
        '        if "alpine" not in compose_file:\n'
        "            return\n"
        "        subprocess.run(['docker', 'compose', '-f', compose_file, 'up', 'test-redis'])\n"
        "    def logs(self):\n"
        '        if self.compose_file.endswith("alpine-test.yml"):\n'
        '            subprocess.run(f"docker compose -f {self.compose_file} logs test-auth",'
        " shell=True)\n"
    )
    found = run(tmp_path, {**BASE, "m.py": "import subprocess\n" + src}, rule)
    assert [(f.line, f.symbol) for f in found] == [(16, "test-redis"), (19, "test-auth")]
    assert all("not defined in docker-compose.alpine-test.yml" in f.message for f in found)
    assert found[0].evidence[0].startswith("-f compose_file on the command line")
    assert found[0].fix is not None and found[1].fix is None  # no fix inside an f-string
    out = fix(tmp_path, found)
    assert "'up', 'alpine-test-redis'])" in out["m.py"]


def test_owner_with_one_chosen_file_is_the_target(tmp_path: Path) -> None:
    src = (
        "class Runner:\n"
        "    def __init__(self):\n"
        "        self.compose = self._pick()\n"
        "    def _pick(self):\n"
        '        return "docker-compose.alpine-test.yml"\n'
        "    def services(self):\n"
        "        return ['test-backend', 'alpine-test-auth']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert [f.symbol for f in found] == ["test-backend"]
    assert "not defined in docker-compose.alpine-test.yml" in found[0].message
    two = src.replace('return "docker-compose.alpine-test.yml"', "return self.a or self.b")
    two += '    a = "docker-compose.alpine-test.yml"\n    b = "docker-compose.yml"\n'
    # two attributes with compose names: no one target; the name is checked everywhere
    found = run(tmp_path, {**BASE, "m.py": two}, rule)
    assert [f.symbol for f in found] == ["test-backend"] and found[0].fix is None


def test_no_target_families_that_are_not_service_references(tmp_path: Path) -> None:
    src = (
        "import subprocess, yaml\n"
        "# docker compose helpers\n"
        "PROFILES = ['test-extra', 'test-more']\n"  # profile names of the compose file
        "DOC = {'services': {'test-backend': {'image': 'x'}, 'test-auth': {'image': 'y'}}}\n"
        "BODY = {'image': 'test-backend', 'container_name': 'test-auth'}\n"
        "PORTS = {'backend': 8000, 'auth': 8081}\n"  # logical names as keys
        "ENV = {'backend': 'production', 'auth': 'jwt'}\n"
        "def f():\n"
        "    subprocess.run('docker exec shop-alpine-test-backend-1 ls', shell=True)\n"
        "    subprocess.run('docker compose --profile test-extra up -d', shell=True)\n"
        "    print('docker compose up test-backend test-auth')\n"
    )
    compose = ALPINE + (
        "  alpine-test-extra:\n    image: e\n    profiles: [test-extra]\n"
        "  alpine-test-more:\n    image: m\n    profiles: [test-more]\n"
    )
    files = {"docker-compose.yml": DEV, "docker-compose.alpine-test.yml": compose, "m.py": src}
    assert run(tmp_path, files, rule) == []


def test_dict_keys_are_services_under_a_target(tmp_path: Path) -> None:
    src = (
        "def ports(compose_file):\n"
        '    if compose_file == "docker-compose.alpine-test.yml":\n'
        "        return {'test-backend': 8000, 'alpine-test-auth': 8081, 'backend': 1}\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert [f.symbol for f in found] == ["test-backend"]
    assert fix(tmp_path, found)["m.py"].count("'alpine-test-backend': 8000") == 1


def test_if_on_an_expression_naming_a_deleted_file_lets_the_existing_one_decide(
    tmp_path: Path,
) -> None:
    src = (
        "import os\n"
        "def a():\n"
        '    if os.environ["COMPOSE_FILE"] in (\n'
        '        "docker-compose.alpine-test.yml", "docker-compose.gone.yml"\n'
        "    ):\n"
        "        return ['test-backend', 'alpine-test-auth']\n"
    )
    found = run(tmp_path, {**BASE, "m.py": src}, rule)
    assert [f.symbol for f in found] == ["test-backend"]
    assert "not defined in docker-compose.alpine-test.yml" in found[0].message
    assert found[0].fix is not None and found[0].fix.safety == "safe"


def test_no_target_needs_compose_talk_and_a_prefixed_compose_file(tmp_path: Path) -> None:
    plain = "services:\n  api:\n    image: a\n  web:\n    image: w\n"
    files = {
        **BASE,
        "plain/compose.yaml": plain,
        # a deploy script for kubernetes: deployments named like the plain file's services
        "deploy.py": "# kubectl rollout, docker build\n"
        "DEPLOYMENTS = {'api': 'shop-api', 'web': 'shop-web'}\n"
        "REQUIRED = {'backend': 'test-backend', 'auth': 'test-auth'}\n",
        # it talks about compose, but the plain file gives no close name
        "k8s.py": "# compose files are for local runs only\n"
        "DEPLOYMENTS = {'api': 'shop-api', 'web': 'shop-web'}\n",
    }
    assert run(tmp_path, files, rule) == []
    files["deploy.py"] = files["deploy.py"].replace("# kubectl", "# docker compose, kubectl")
    assert sorted(f.symbol for f in run(tmp_path, files, rule)) == ["test-auth", "test-backend"]
