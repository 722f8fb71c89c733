"""Time discovery and fact gathering alone, in this process (used by bench/run.py --standin).

    python bench/probe.py ROOT [--no-cache] [--jobs N] [--standin]

Prints one JSON object: seconds per stage, gather statistics, peak memory (MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixer.facts import extract, gather_with_stats  # noqa: E402
from fixer.workspace import discover  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--standin", action="store_true", help="Use bench/standin.py.")
    args = parser.parse_args()
    extractor = extract
    if args.standin:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import standin

        extractor = standin.extract
    t0 = time.perf_counter()
    ws = discover(args.root)
    t1 = time.perf_counter()
    facts, errors, stats = gather_with_stats(
        ws, use_cache=not args.no_cache, jobs=args.jobs, extractor=extractor
    )
    t2 = time.perf_counter()
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        json.dumps(
            {
                "discover_s": round(t1 - t0, 3),
                "gather_s": round(t2 - t1, 3),
                "files": stats.files,
                "hits": stats.hits,
                "extracted": stats.extracted,
                "skipped": stats.skipped,
                "workers": stats.workers,
                "errors": len(errors),
                "peak_mb": round(peak / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
