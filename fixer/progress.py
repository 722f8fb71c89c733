"""A progress bar for long runs: rich (typer's own dependency), on stderr, only when useful.

It appears only when stderr is a terminal and the run has lasted more than ``delay`` seconds,
so short runs, pipes, CI logs and ``--format json`` output stay clean. It is transient: it
disappears when the work is done.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any


class LazyProgress:
    """A ``progress(done, total)`` callback that shows a bar after ``delay`` seconds."""

    def __init__(
        self, description: str = "Reading files", delay: float = 1.0, enabled: bool | None = None
    ) -> None:
        self.description = description
        self.delay = delay
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.start < self.delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
