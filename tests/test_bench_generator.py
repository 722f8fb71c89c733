"""The benchmark generator: a tiny run writes a git repository and the drift manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT

RULES = {
    "FX101",
    "FX102",
    "FX201",
    "FX202",
    "FX203",
    "FX204",
    "FX205",
    "FX206",
    "FX301",
    "FX302",
    "FX401",
}


def test_tiny_scale_tree_and_manifest(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    out = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "generate.py"),
            str(root),
            "--scale",
            "0.01",
            "--seed",
            "3",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    manifest_path = Path(out.stdout.strip())
    manifest = json.loads(manifest_path.read_text())
    assert {d["rule"] for d in manifest["drifts"]} == RULES
    assert manifest["compose_files"] == 7 and manifest["yaml_files"] == 70
    assert manifest["python_files"] >= 60
    assert manifest["test_files"] * 3 >= manifest["python_files"]  # fixed files dilute at 0.01
    assert manifest["python_max_bytes"] >= 400_000
    assert not (root / "docker").exists() and (root / "dockerfiles/backend.Dockerfile").is_file()
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert log[-1] == "Initial import" and "Move Dockerfiles to dockerfiles/" in log
    for drift in manifest["drifts"]:
        assert (root / drift["path"]).is_file(), drift
    compose = (root / "docker-compose.staging.yml").read_text()
    assert "dockerfile: docker/payments.Dockerfile" in compose
    for py in root.rglob("*.py"):
        compile(py.read_text(), str(py), "exec", dont_inherit=True, flags=0x400)  # ONLY_AST
    # deterministic: the same seed gives the same commit
    again = tmp_path / "again"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "generate.py"),
            str(again),
            "--scale",
            "0.01",
            "--seed",
            "3",
        ],
        capture_output=True,
        check=True,
    )
    head = ["git", "rev-parse", "HEAD"]
    assert (
        subprocess.run(head, cwd=root, capture_output=True, text=True).stdout
        == subprocess.run(head, cwd=again, capture_output=True, text=True).stdout
    )


def test_benchmark_script_finds_every_planted_drift_and_nothing_else(tmp_path: Path) -> None:
    """bench/run.py end to end on a small tree: no timing is asserted, only what it reports
    (every planted drift found, no other finding, the warm run agrees with the cold one)."""
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "run.py"),
            "--sizes",
            "0.02",
            "--repeat",
            "1",
            "--no-pyright",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (result,) = json.loads((tmp_path / "results.json").read_text())["results"]
    assert result["findings"]["missed"] == [] and result["findings"]["extra"] == []
    assert {f.split()[0] for f in result["findings"]["found"]} == RULES
    assert result["warm_same_findings"] is True
    assert {result[k]["code"] for k in ("cold", "warm", "no_cache")} == {1}
    assert result["diff_base_10"]["code"] in (0, 1)
