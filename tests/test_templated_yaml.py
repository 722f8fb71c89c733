"""Templated YAML (Helm chart templates, files failing to parse at ``{{ ... }}``) is skipped
with a count, not reported as YAML syntax errors; YAML that is really broken still is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_fixer, write_files

from fixer.facts.templated import chart_templates, fails_at_directive

# a Deployment template in the shape charts use: whole-line actions, values in mappings
DEPLOYMENT = """\
{{- if .Values.api.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}-api
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.api.replicas }}
{{- end }}
"""
# a template that happens to parse as YAML (no whole-line action)
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: "{{ .Release.Name }}-api"
spec:
  ports:
    - port: 8080
"""
COMPOSE = "services:\n  api:\n    image: example/api:1\n"


def _diagnose(root: Path, *args: str) -> dict:
    result = run_fixer("diagnose", str(root), "--format", "json", "--no-cache", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def test_chart_templates_are_skipped_parsed_or_not(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "compose.yaml": COMPOSE,
            "deploy/chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
            "deploy/chart/values.yaml": "api:\n  enabled: true\n  replicas: 2\n",
            "deploy/chart/templates/deployment.yaml": DEPLOYMENT,
            "deploy/chart/templates/service.yaml": SERVICE,
            "deploy/chart/templates/tests/check.yml": DEPLOYMENT,
        },
    )
    doc = _diagnose(tmp_path)
    assert doc["errors"] == []
    assert [(s["path"], s["reason"]) for s in doc["skipped"]] == [
        ("deploy/chart/templates/deployment.yaml", "templated-yaml"),
        ("deploy/chart/templates/service.yaml", "templated-yaml"),
        ("deploy/chart/templates/tests/check.yml", "templated-yaml"),
    ]
    assert doc["skipped"][0]["detail"] == "Helm chart template (deploy/chart/Chart.yaml)"

    text = run_fixer("diagnose", str(tmp_path), "--no-cache")
    assert text.stdout == "No drift found.\n"
    assert text.stderr == "note: 3 templated YAML files skipped (3 Helm chart templates)\n"


def test_a_templates_folder_without_a_chart_is_read_as_yaml(tmp_path: Path) -> None:
    """``templates/`` alone proves nothing: a broken file there is an error, unless it fails
    at a template directive."""
    write_files(
        tmp_path,
        {
            "templates/ok.yaml": SERVICE,
            "templates/broken.yaml": "a:\n\tb: 1\n",
            "templates/deployment.yaml": DEPLOYMENT,
        },
    )
    doc = _diagnose(tmp_path)
    assert [(e["path"], e["line"]) for e in doc["errors"]] == [("templates/broken.yaml", 2)]
    assert [(s["path"], s["detail"]) for s in doc["skipped"]] == [
        ("templates/deployment.yaml", "fails to parse at a template directive")
    ]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        # GitHub Actions expressions are valid inside YAML strings: the tab is the error
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  test:\n    steps:\n      - run: echo ${{ github.sha }}\n"
            "\t- run: make\n",
            6,
        ),
        # a directive far from the error does not explain it
        (
            "deploy/values.yaml",
            "name: '{{ .Release.Name }}'\nkey: value\nother: 1\nmore: 2\nbad: [1, 2\n",
            5,
        ),
        # a directive inside a quoted string cannot break the parse
        ("config.yaml", 'a: "{{ x }}"\n  b: 1\n', 2),
    ],
)
def test_really_broken_yaml_is_still_an_error(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    write_files(tmp_path, {name: text})
    doc = _diagnose(tmp_path)
    assert doc["skipped"] == []
    assert [(e["path"], e["line"]) for e in doc["errors"]] == [(name, line)]


def test_chart_templates_are_found_by_their_chart() -> None:
    files = [
        "Chart.yaml",
        "templates/a.yaml",
        "charts/sub/Chart.yaml",
        "charts/sub/templates/deep/b.yml",
        "charts/sub/templates/_helpers.tpl",
        "other/templates/c.yaml",
        "charts/nochart/templates/d.yaml",
    ]
    assert chart_templates(files) == {
        "templates/a.yaml": "Chart.yaml",
        "charts/sub/templates/deep/b.yml": "charts/sub/Chart.yaml",
    }
    assert chart_templates(["templates/a.yaml"]) == {}


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("{{- if x }}\na: 1\n", 1, True),
        ("a: 1\nb: 2\nname: {{ x }}\nc: 3\n", 4, True),  # two lines above the error
        ("name: {{ x }}\nb: 2\nc: 3\nd: 4\n", 4, False),  # three lines above: too far
        ("{% if x %}\na: 1\n", 1, True),  # Jinja statement
        ("run: ${{ github.sha }}\n", 1, False),
        ("a: '{{ x }}'\n", 1, False),
        ("a: 1\r\nb: {{ x }}\r\n", 2, True),
    ],
)
def test_fails_at_directive(text: str, line: int, expected: bool) -> None:
    assert fails_at_directive(text, line) is expected
