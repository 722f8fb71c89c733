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
