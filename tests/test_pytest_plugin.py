"""``pytest --fixer``: a failing item per finding, none when clean; the incident end to end."""

from __future__ import annotations

import importlib.metadata
import shutil

import pytest
from conftest import FIXTURES, REPO_ROOT
from ecosystem_support import Target, make_rule, tolerant_facts  # noqa: F401

import fixer.rules

pytest_plugins = ["pytester"]


def plugin_args() -> list[str]:
    """``-p fixer.pytest_plugin`` unless the installed entry point already loads it."""
    loaded = any(
        ep.value == "fixer.pytest_plugin"
        for ep in importlib.metadata.entry_points(group="pytest11")
    )
    return [] if loaded else ["-p", "fixer.pytest_plugin"]


TEST_OK = "def test_ok():\n    assert True\n"


@pytest.mark.usefixtures("tolerant_facts")
def test_each_finding_is_a_failing_item(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_ok=TEST_OK)
    (pytester.path / "compose.yml").write_text("services:\n  api:\n    build: old/\n")
    stale = pytester.path / "stale.orig"
    stale.write_text("leftover\n")
    rule = make_rule(
        "FX090",
        [
            Target("compose.yml", 3, 12, "api.build", end_column=16, candidates=("new/",)),
            Target("stale.orig", 1, 1, "stale"),
        ],
    )
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))

    result = pytester.runpytest(*plugin_args(), "--fixer", "-rf")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*FAILED compose.yml::FX090 api.build*",
            "*FAILED stale.orig::FX090 stale*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "compose.yml:3:12: FX090 [test-marker] api.build drifted",
            "  3 |     build: old/",
            "    |            ^^^^",
            "    did you mean new/?",
        ]
    )
    # -k selects among the fixer items too
    pytester.runpytest(*plugin_args(), "--fixer", "-k", "stale").assert_outcomes(failed=1)
    # without --fixer the plugin does nothing
    pytester.runpytest(*plugin_args()).assert_outcomes(passed=1)
    # drift repaired: no items, the run passes
    stale.unlink()
    (pytester.path / "compose.yml").write_text("services:\n  api:\n    image: x\n")
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (make_rule("FX090", []),))
    result = pytester.runpytest(*plugin_args(), "--fixer")
    result.assert_outcomes(passed=1)
    assert result.ret == 0


@pytest.mark.usefixtures("tolerant_facts")
def test_suppressed_findings_make_no_items(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_ok=TEST_OK)
    (pytester.path / "compose.yml").write_text(
        "services:\n  api:\n    build: old/  # fixer: ignore[FX090] moving next sprint\n"
    )
    rule = make_rule("FX090", [Target("compose.yml", 3, 12, "api.build")])
    monkeypatch.setattr(fixer.rules, "all_rules", lambda: (rule,))
    pytester.runpytest(*plugin_args(), "--fixer").assert_outcomes(passed=1)


def test_configuration_error_is_one_failing_item(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=TEST_OK)
    (pytester.path / "fixer.toml").write_text('selcet = ["FX2"]\n')
    result = pytester.runpytest(*plugin_args(), "--fixer")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*fixer could not run: fixer.toml:1: unknown key 'selcet'*"])


def test_incident_fixture_fails_before_apply_and_passes_after(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixer import apply
    from fixer.config import Options
    from fixer.pipeline import diagnose, plan_changes

    root = pytester.path / "incident-315"
    shutil.copytree(
        FIXTURES / "incident-315",
        root,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
    )
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    monkeypatch.setenv("INCIDENT_315_DISABLE_LOCAL_STAGING", "1")
    monkeypatch.chdir(root)
    args = [*plugin_args(), "--fixer", "-p", "no:cacheprovider", "-q", "-m", "fixer or unit"]

    before = pytester.runpytest_subprocess(*args)
    failed = [line for line in before.outlines if line.startswith("FAILED") and "::FX" in line]
    assert failed, before.stdout.str()
    assert before.ret == 1

    options = Options(unsafe_fixes=True)
    run = diagnose(root, options)
    _, changes = plan_changes(run, options)
    apply.write(run.workspace, changes)

    # what fixer could not fix (a Dockerfile that exists nowhere, a deleted compose file the
    # manager still compares with) still fails, and only that
    unfixable = {f"{f.path}::{f.rule} {f.symbol}" for f in run.diagnosis.findings if f.fix is None}
    assert unfixable == {
        "docker-compose.yml::FX201 dev-frontend.build.dockerfile",
        "test_framework/unified_docker_manager.py::FX302 docker-compose.test.yml",
    }
    after = pytester.runpytest_subprocess(*args)
    still = {
        line.split(" - ")[0].removeprefix("FAILED ")
        for line in after.outlines
        if line.startswith("FAILED")
    }
    assert still == unfixable, after.stdout.str()
    assert after.ret == 1
