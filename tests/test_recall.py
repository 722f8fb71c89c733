"""bench/recall.py's scoring, on hand-made documents (no corpus, no network, no fixer run),
and the consistency of bench/real/incidents.toml."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from fixer.rules import all_rules

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def recall():
    before = set(sys.modules)
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("recall_bench", BENCH / "recall.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while defined
        spec.loader.exec_module(module)
        yield module
    finally:
        for name in {"recall_bench", "real", "run"} - before:
            sys.modules.pop(name, None)  # bench modules imported by recall.py
        sys.path.remove(str(BENCH))


def incident(recall, **changes):
    base = recall.Incident(
        id="x",
        repo="r",
        broken="a" * 40,
        fixed="b" * 40,
        kind="build-path",
        cause="moved",
        rule="FX201",
        path="compose.yml",
        line=7,
        symbol="api.build.dockerfile",
        fix_kind="replace",
        fix="docker/api.Dockerfile",
        description="",
    )
    return replace(base, **changes)


def finding(**fields):
    base = {
        "rule": "FX201",
        "path": "compose.yml",
        "line": 7,
        "symbol": "api.build.dockerfile",
        "evidence": [],
        "candidates": [],
        "fix": None,
    }
    return base | fields


def edit(replacement: str) -> dict:
    return {"safety": "safe", "edits": [{"replacement": replacement}]}


def test_a_finding_with_the_repairs_path_is_found_with_the_right_fix(recall):
    doc = {"findings": [finding(fix=edit("./docker/api.Dockerfile"))]}
    outcome = recall.score(incident(recall), doc)
    assert outcome.found and outcome.fix == "right"


def test_a_finding_without_fix_is_right_when_its_first_candidate_is(recall):
    doc = {"findings": [finding(candidates=["docker/api.Dockerfile", "old/api.Dockerfile"])]}
    assert recall.score(incident(recall), doc).fix == "right"
    doc = {"findings": [finding(candidates=["old/api.Dockerfile", "docker/api.Dockerfile"])]}
    assert recall.score(incident(recall), doc).fix == "wrong"


def test_another_symbol_or_rule_on_the_file_is_a_miss_that_says_what_fixer_said(recall):
    doc = {
        "findings": [
            finding(symbol="web.build.dockerfile", line=12),
            finding(rule="FX202", symbol="api.build.context"),
        ]
    }
    outcome = recall.score(incident(recall), doc)
    assert not outcome.found and outcome.fix == "n/a"
    assert outcome.nearby == (
        "FX201 web.build.dockerfile (line 12)",
        "FX202 api.build.context (line 7)",
    )


def test_the_nearest_of_several_matching_findings_is_scored(recall):
    doc = {"findings": [finding(line=40), finding(line=8, fix=edit("docker/api.Dockerfile"))]}
    outcome = recall.score(incident(recall), doc)
    assert outcome.finding["line"] == 8 and outcome.fix == "right"


def test_path_symbols_match_across_a_leading_dot_slash_and_a_run_folder(recall):
    inc = incident(
        recall,
        kind="stale-path",
        rule="FX401",
        path="backend/scripts/run.py",
        symbol="app/jobs/sync.py",
        fix="app/tasks/sync.py",
    )
    written = finding(rule="FX401", path="backend/scripts/run.py", symbol="./app/jobs/sync.py")
    assert recall.score(inc, {"findings": [written]}).found
    # a candidate is a repository path: it names the same file as the repair's new value
    rooted = written | {"candidates": ["backend/app/tasks/sync.py"]}
    assert recall.score(inc, {"findings": [rooted]}).fix == "right"
    # but a fix must write the value as the repair wrote it
    rebased = written | {"fix": edit("backend/app/jobs/other.py")}
    assert recall.score(inc, {"findings": [rebased]}).fix == "wrong"
    # and another path is another symbol
    other = written | {"symbol": "app/jobs/sync_all.py"}
    assert not recall.score(inc, {"findings": [other]}).found


def test_a_missing_field_is_found_through_the_evidence_of_a_read_in_another_file(recall):
    inc = incident(
        recall,
        kind="missing-field",
        rule="FX101",
        path="svc/update.py",
        line=30,
        symbol="ItemUpdate.tags",
        fix_kind="add-field",
        fix="tags: Optional[List[Tag]] = []",
    )
    elsewhere = finding(
        rule="FX101",
        path="svc/create.py",
        line=3,
        symbol="ItemUpdate.tags",
        evidence=["read at svc/create.py:3:4 as x.tags", "read at svc/update.py:30:8 as item.tags"],
    )
    assert recall.score(inc, {"findings": [elsewhere]}).found
    unrelated = elsewhere | {"evidence": ["read at svc/create.py:3:4 as x.tags"]}
    assert not recall.score(inc, {"findings": [unrelated]}).found


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ("    tags: Optional[List[Tag]] = []  # restored\n", "right"),
        ("    tags:   Optional[List[Tag]]\n", "right"),
        ("    tags: list = Field(default_factory=list)  # fixer: guessed\n", "partial"),
        ("    labels: Optional[List[Tag]] = []\n", "wrong"),
    ],
)
def test_an_added_field_is_compared_by_name_and_annotation(recall, added, expected):
    inc = incident(
        recall,
        rule="FX101",
        symbol="ItemUpdate.tags",
        fix_kind="add-field",
        fix="tags: Optional[List[Tag]] = []",
    )
    hit = finding(rule="FX101", symbol="ItemUpdate.tags", fix=edit("from x import y\n" + added))
    assert recall.score(inc, {"findings": [hit]}).fix == expected


def test_a_repair_that_deleted_the_reference_has_no_fix_to_match(recall):
    inc = incident(recall, fix_kind="remove", fix="")
    outcome = recall.score(inc, {"findings": [finding(fix=edit("anything"))]})
    assert outcome.found and outcome.fix == "n/a"


def test_summary_counts_one_diagnosis_per_commit_and_fixes_only_where_they_can_match(recall):
    shared = incident(recall, id="a")
    results = [
        recall.Result(shared, recall.Outcome(True, "right"), seconds=10.0),
        recall.Result(replace(shared, id="b"), recall.Outcome(True, "n/a"), seconds=10.0),
        recall.Result(
            replace(shared, id="c", broken="c" * 40), recall.Outcome(False, "n/a"), seconds=2.5
        ),
        recall.Result(replace(shared, id="d", broken="d" * 40), None, note="no checkout"),
    ]
    row = recall.summary_rows(results, "kind")[-1]
    assert row == ["all", "4", "2 / 3", "1 / 1", "1", "1", "12.5"]


def test_every_incident_names_a_corpus_repository_a_rule_and_commits(recall):
    incidents = recall.load_incidents()
    repos = {r.name for r in recall.load_repos()}
    codes = {rule.code for rule in all_rules()}
    assert len({i.id for i in incidents}) == len(incidents)
    for inc in incidents:
        assert inc.repo in repos, inc.id
        assert inc.rule in codes, inc.id
        assert re.fullmatch("[0-9a-f]{40}", inc.broken) and re.fullmatch("[0-9a-f]{40}", inc.fixed)
        assert inc.broken != inc.fixed
        assert inc.kind in {
            "build-path",
            "missing-field",
            "service-name",
            "compose-file",
            "stale-path",
        }
        assert (inc.fix == "") == (inc.fix_kind == "remove"), inc.id
        assert inc.line > 0 and inc.path and inc.symbol and inc.description
