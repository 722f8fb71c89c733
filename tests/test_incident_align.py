"""Incident 315 end to end: `fixer apply --unsafe-fixes` with each `--align`, then the
fixture's own unit and integration reproduction tests must pass in the fixed copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_fixer

MANAGER = "test_framework/unified_docker_manager.py"
ALPINE = "docker-compose.alpine-test.yml"


def _repro(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit",
            "tests/integration",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_reproduction_fails_before(incident: Path) -> None:
    root = incident
    assert _repro(root).returncode != 0


def test_every_drifted_mapping_entry_is_reported_with_its_correction(incident: Path) -> None:
    root = incident
    out = run_fixer("diagnose", "--select", "FX301", str(root)).stdout
    lines = [ln for ln in out.splitlines() if "FX301 [" in ln]
    assert len(lines) == 5, out
    for logical in ("backend", "auth", "postgres", "redis", "frontend"):
        assert any(
            f"service test-{logical} is not defined in {ALPINE}; "
            f"did you mean alpine-test-{logical}?" in ln
            for ln in lines
        ), out
    assert sorted(int(ln.split(":")[1]) for ln in lines) == list(range(77, 82))
    assert all(ln.startswith(f"{MANAGER}:") for ln in lines)
    assert "dev-" not in out  # the dev mapping (lines 84-88) is never flagged
    # the target is chosen as the code chooses it: the names _select_compose_file() returns,
    # narrowed by the substring test; the deleted file of the `or` is FX302's
    assert "self.compose_file is assigned from self._select_compose_file()" in out
    assert "only docker-compose.alpine-test.yml exists (docker-compose.test.yml does not)" in out
    fx302 = run_fixer("diagnose", "--select", "FX302", str(root)).stdout
    assert (
        f"{MANAGER}:75:66: FX302 [missing-compose-file] compose file docker-compose.test.yml"
        in fx302
    )


@pytest.mark.parametrize("align", ["code", "compose"])
def test_apply_with_each_alignment_makes_the_reproduction_pass(incident: Path, align: str) -> None:
    root = incident
    before_manager = (root / MANAGER).read_text()
    before_compose = (root / ALPINE).read_text()
    done = run_fixer("apply", "--unsafe-fixes", "--align", align, str(root))
    assert done.returncode in (0, 1), done.stdout + done.stderr
    manager, compose = (root / MANAGER).read_text(), (root / ALPINE).read_text()
    if align == "code":
        assert '"backend": "alpine-test-backend",' in manager
        assert '"backend": "dev-backend",' in manager
        assert "  alpine-test-backend:" in compose
    else:
        assert manager == before_manager
        assert "  test-backend:" in compose and "  alpine-test-backend:" not in compose
        assert '- "test-auth:auth"' in compose  # links renamed with their alias kept
        assert "  alpine-test-migration:" in compose  # not referenced: untouched
        assert compose != before_compose
    again = run_fixer("diagnose", "--select", "FX301,FX201", "--align", align, str(root))
    assert "FX301" not in again.stdout, again.stdout
    result = _repro(root)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
