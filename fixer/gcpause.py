"""Pausing Python's cycle collector around the heavy stages (gathering, rules, fixes).

fixer builds millions of small acyclic objects (``ast`` nodes, facts, findings, libcst nodes)
that reference counting frees. The cycle collector still scans the young ones every few
hundred allocations and, now and then, the whole growing heap: measured on the benchmark
monorepo, it was a quarter of extracting facts, 60 % of loading cached facts and a third of
computing a libcst fix (docs/decisions/041-prefilter-and-parallel.md). Cycles made while it
is paused are collected once it runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector (reference counting still frees); usable as a decorator.
    Nested pauses are fine: only the outermost one turns the collector back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
