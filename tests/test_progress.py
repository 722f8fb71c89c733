"""The progress bar: drawn on a terminal once a run has lasted ``delay`` seconds, never on
a pipe (so JSON output and CI logs stay clean)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import REPO_ROOT

SCRIPT = """
import sys, time
from fixer.progress import LazyProgress
with LazyProgress(delay={delay}) as progress:
    for done in range(0, 101, 10):
        progress(done, 100)
        time.sleep(0.05)
print("finished", flush=True)
"""


def run_on(terminal: bool, delay: float) -> str:
    code = SCRIPT.format(delay=delay)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "COLUMNS": "80", "TERM": "xterm"}
    if not terminal:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
        )
        return proc.stdout + proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_bar_is_drawn_on_a_terminal_after_the_delay() -> None:
    out = run_on(terminal=True, delay=0.1)
    assert "Reading files" in out and "/100" in out
    assert out.rstrip().endswith("finished")


def test_no_bar_on_a_pipe_or_before_the_delay() -> None:
    assert run_on(terminal=False, delay=0.0).strip() == "finished"
    assert "Reading files" not in run_on(terminal=True, delay=30.0)
