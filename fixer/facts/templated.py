"""Templated YAML: files named ``.yaml`` that are templates producing YAML, not YAML.

A Helm chart's ``templates/`` folder holds Go templates (``{{- if .Values.x }}``,
``name: {{ include "chart.name" . }}``) that only become YAML once Helm renders them; other
trees keep Jinja or Go templates of YAML outside charts. Read as YAML, most fail to parse, and
reporting each as a "YAML syntax error" buries the real errors (dozens of lines on a
repository with one chart). So:

- every YAML file below a chart's ``templates/`` folder (a folder named ``templates`` whose
  parent holds ``Chart.yaml``) is skipped without being read, parsed or not;
- elsewhere, a YAML file is skipped as templated only when it fails to parse *at* a template
  directive: one on the error's line or the two lines before it. A broken file that merely
  holds directives elsewhere, or GitHub Actions expressions (``${{ ... }}``, valid inside YAML
  strings), is still reported as broken.

See docs/decisions/082-templated-yaml.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CHART_FILE = "Chart.yaml"
TEMPLATES_DIR = "templates"
# a Go/Jinja action or a Jinja statement; ``${{`` is a GitHub Actions expression, and a
# directive right after a quote sits inside a YAML string, where it cannot break parsing
DIRECTIVE = re.compile(r"(?<![$\"'])\{\{|\{%")
LINES_BEFORE = 2
_BREAK = re.compile(r"\r\n?|\n")  # the line breaks fixer counts lines by (fixer.text)


def chart_templates(files: Iterable[str]) -> dict[str, str]:
    """The YAML files below a Helm chart's ``templates/`` folder, each with its chart file."""
    files = list(files)
    charts = {p[: -len(CHART_FILE)] for p in files if p.rsplit("/", 1)[-1] == CHART_FILE}
    if not charts:
        return {}
    out: dict[str, str] = {}
    for path in files:
        if not path.lower().endswith((".yaml", ".yml")):
            continue
        chart = _chart_of(path, charts)
        if chart is not None:
            out[path] = chart + CHART_FILE
    return out


def _chart_of(path: str, charts: set[str]) -> str | None:
    """The chart folder (``""`` or ``"a/b/"``) whose ``templates/`` holds ``path``, if any."""
    parts = path.split("/")[:-1]
    for i, part in enumerate(parts):
        if part == TEMPLATES_DIR:
            folder = "".join(p + "/" for p in parts[:i])
            if folder in charts:
                return folder
    return None


def fails_at_directive(text: str, line: int) -> bool:
    """Does a template directive sit on ``line`` (1-based, where parsing failed) or on one of
    the ``LINES_BEFORE`` lines above it?"""
    lines = _BREAK.split(text)
    window = lines[max(0, line - 1 - LINES_BEFORE) : max(0, line)]
    return any(DIRECTIVE.search(one) for one in window)
