"""Pausing Python's cycle collector around the heavy stages (gathering, rules, fixes).

fixer builds millions of small acyclic objects (``ast`` nodes, facts, findings, libcst nodes)
that reference counting frees. The cycle collector still scans the young ones every few
hundred allocations and, now and then, the whole growing heap: measured on the benchmark
monorepo, it was a quarter of extracting facts, 60 % of loading cached facts and a third of
computing a libcst fix (docs/decisions/041-prefilter-and-parallel.md).

When the pause ends, everything alive is *frozen* (``gc.freeze``) before the collector is
turned back on: otherwise its first run would scan every object made during the pause (about
0.1 s after loading cached facts). Frozen objects are still freed by reference counting; a
cycle made during the pause is never collected, which a short command-line run can afford.
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
            gc.freeze()
            gc.enable()
