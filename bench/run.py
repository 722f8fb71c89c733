"""Benchmark fixer on the synthetic monorepo: cold, warm, --diff-base, scaling, vs pyright.

    python bench/run.py                      # generate /tmp/fixer-bench/mono-1.0 and measure
    python bench/run.py --sizes 0.25,0.5,1.0 # the same at three sizes (linear growth)
    python bench/run.py --root /tmp/mono --manifest /tmp/mono.manifest.json  # an existing tree

Each measurement runs in a fresh process: ``fixer diagnose ROOT --format json`` with an empty
cache (cold; after one unmeasured run, so the tree is in the OS page cache), again (warm),
and with ``--diff-base HEAD`` after changing 10 files. Wall time
is measured around the process; peak memory is the largest resident set of the process or
any of its workers (``getrusage(RUSAGE_CHILDREN)`` of a wrapper process). Findings are
compared with the manifest of planted drifts: found, missed, extra. When ``pyright`` is on
PATH (or given with ``--pyright``), it is timed on the same tree in the same run. Each
measurement is the median of ``--repeat`` runs (default 3). ``--standin`` times discovery
and fact gathering only (bench/probe.py) with a stand-in extractor (bench/standin.py), to
measure the gathering machinery (cache, prefilter, pool) apart from the extractors' cost.
Results are printed as a table and written to ``--out`` (default: results.json in ``--work``,
so a run leaves the repository untouched).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def measure(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run ``cmd`` in a wrapper process; wall seconds, peak MB, exit code, stdout.

    The wrapper times the command itself (its own start-up is not counted) and runs it with
    bytecode caching on, as an installed package runs, even if PYTHONDONTWRITEBYTECODE is set
    here: otherwise every run would compile fixer's modules again."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--measure-child", "--", *cmd]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    lines = proc.stderr.rstrip("\n").rsplit("\n", 1)
    last = lines[-1].split() if lines else []
    if len(last) == 2 and last[0].isdigit():
        peak_kb, wall = int(last[0]), float(last[1])
    else:
        peak_kb = 0
    return {
        "wall_s": round(wall, 3),
        "peak_mb": round(peak_kb / 1024, 1),
        "code": proc.returncode,
        "stdout": proc.stdout,
        "stderr": lines[0] if len(lines) > 1 else "",
    }


def _child(cmd: list[str]) -> int:
    start = time.perf_counter()
    code = subprocess.run(cmd).returncode
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{peak} {wall:.4f}", file=sys.stderr)
    return code


def compare(stdout: str, drifts: list[dict]) -> dict:
    try:
        findings = json.loads(stdout)["findings"]
    except (ValueError, KeyError):
        return {"found": [], "missed": [d["rule"] for d in drifts], "extra": ["<no JSON>"]}
    unmatched = list(findings)
    found, missed = [], []
    for d in drifts:
        paths = {d["path"], *d.get("also", ())}
        hit = next((f for f in unmatched if f["rule"] == d["rule"] and f["path"] in paths), None)
        if hit is None:
            missed.append(f"{d['rule']} {d['path']} {d['symbol']}")
        else:
            unmatched.remove(hit)
            found.append(f"{d['rule']} {d['path']}")
    extra = [f"{f['rule']} {f['path']}:{f['line']} {f['symbol']}" for f in unmatched]
    return {"found": found, "missed": missed, "extra": extra}


def fixer_cmd(root: Path, *extra: str, standin: bool = False) -> list[str]:
    if standin:
        return [sys.executable, str(HERE / "probe.py"), str(root), "--standin", *extra]
    return [sys.executable, "-m", "fixer", "diagnose", str(root), "--format", "json", *extra]


def change_files(root: Path, n: int) -> list[str]:
    """Append a comment to ``n`` Python files (dataclass modules and tests), uncommitted."""
    picked = sorted(p for p in (root / "packages").rglob("*.py") if p.stat().st_size > 0)[: n // 2]
    picked += sorted((root / "tests").rglob("test_*.py"))[: n - len(picked)]
    for p in picked:
        with p.open("a", encoding="utf-8") as fh:
            fh.write("# touched by bench/run.py\n")
    return [str(p.relative_to(root)) for p in picked]


def median_run(cmds: Callable[[], list[str]], repeat: int, before: Callable[[], None]) -> dict:
    """Run a command ``repeat`` times (calling ``before`` first each time); the median by wall
    time, with the largest peak memory seen."""
    runs = []
    for _ in range(repeat):
        before()
        runs.append(measure(cmds()))
    runs.sort(key=lambda m: m["wall_s"])
    middle = dict(runs[len(runs) // 2])
    middle["peak_mb"] = max(m["peak_mb"] for m in runs)
    middle["all_s"] = [m["wall_s"] for m in runs]
    return middle


def bench_one(
    root: Path, manifest: dict, standin: bool, pyright: str | None, repeat: int = 1
) -> dict:
    out: dict = {
        "scale": manifest.get("scale"),
        "files": manifest.get("files"),
        "python_files": manifest.get("python_files"),
    }

    def clear() -> None:
        shutil.rmtree(root / ".fixer_cache", ignore_errors=True)

    def nothing() -> None:
        return None

    changed: list[str] = []

    def touch() -> None:  # a different change each time, so no run reuses the last result
        changed[:] = change_files(root, 10)

    # One run first, not measured: "cold" means an empty .fixer_cache with the tree in the
    # OS page cache (and fixer's bytecode written), whatever ran on the machine before.
    measure(fixer_cmd(root, "--no-cache", standin=standin))
    cold = median_run(lambda: fixer_cmd(root, standin=standin), repeat, clear)
    warm = median_run(lambda: fixer_cmd(root, standin=standin), repeat, nothing)
    diff_args = () if standin else ("--diff-base", "HEAD")
    try:
        diff = median_run(lambda: fixer_cmd(root, *diff_args, standin=standin), repeat, touch)
    finally:
        subprocess.run(["git", "checkout", "-q", "--", *changed], cwd=root, check=True)
    nocache = median_run(lambda: fixer_cmd(root, "--no-cache", standin=standin), repeat, nothing)
    for name, m in (("cold", cold), ("warm", warm), ("diff_base_10", diff), ("no_cache", nocache)):
        out[name] = {k: m[k] for k in ("wall_s", "peak_mb", "code", "all_s")}
        if standin:
            out[name]["gather"] = json.loads(m["stdout"] or "{}")
        elif m["code"] not in (0, 1):
            out[name]["error"] = m["stderr"][-500:]
    if not standin:
        out["findings"] = compare(cold["stdout"], manifest["drifts"])
        out["warm_same_findings"] = json.loads(cold["stdout"] or "{}").get(
            "findings"
        ) == json.loads(warm["stdout"] or "{}").get("findings")
        out["diff_base_findings"] = len(json.loads(diff["stdout"] or "{}").get("findings", []))
    if pyright:
        r = measure([pyright, "--outputjson", str(root)])
        try:
            summary = json.loads(r["stdout"])["summary"]
        except (ValueError, KeyError):
            summary = {}
        out["pyright"] = {
            "wall_s": r["wall_s"],
            "peak_mb": r["peak_mb"],
            "errors": summary.get("errorCount"),
        }
    return out


def table(results: list[dict]) -> str:
    rows = [
        (
            "scale",
            "files",
            "cold s",
            "cold MB",
            "warm s",
            "diff10 s",
            "no-cache s",
            "found",
            "missed",
            "extra",
            "pyright s",
        )
    ]
    for r in results:
        f = r.get("findings", {})
        rows.append(
            (
                str(r["scale"]),
                str(r["files"]),
                str(r["cold"]["wall_s"]),
                str(r["cold"]["peak_mb"]),
                str(r["warm"]["wall_s"]),
                str(r["diff_base_10"]["wall_s"]),
                str(r["no_cache"]["wall_s"]),
                str(len(f.get("found", []))) if f else "-",
                str(len(f.get("missed", []))) if f else "-",
                str(len(f.get("extra", []))) if f else "-",
                str(r.get("pyright", {}).get("wall_s", "-")),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--measure-child", "--"]:
        return _child(argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1.0", help="Comma-separated scales to generate.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fixer-bench"))
    parser.add_argument("--root", type=Path, help="Use this generated tree instead.")
    parser.add_argument("--manifest", type=Path, help="Its manifest (with --root).")
    parser.add_argument(
        "--standin",
        action="store_true",
        help="Time discovery and gathering only, with bench/standin.py.",
    )
    parser.add_argument(
        "--pyright",
        default=shutil.which("pyright"),
        help="pyright executable to time on the same tree (default: pyright on PATH).",
    )
    parser.add_argument("--no-pyright", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=3, help="Runs per measurement; the median is reported."
    )
    parser.add_argument("--out", type=Path, help="Where to write the results (WORK/results.json).")
    args = parser.parse_args(argv)
    args.out = args.out or args.work / "results.json"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    results = []
    if args.root:
        trees = [(args.root, json.loads(args.manifest.read_text()))]
    else:
        trees = []
        for size in (float(s) for s in args.sizes.split(",")):
            root = args.work / f"mono-{size}"
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    str(root),
                    "--scale",
                    str(size),
                    "--seed",
                    str(args.seed),
                ],
                check=True,
                capture_output=True,
            )
            trees.append(
                (root, json.loads(root.with_name(root.name + ".manifest.json").read_text()))
            )
    for root, manifest in trees:
        pyright = None if args.no_pyright else args.pyright
        results.append(bench_one(root, manifest, args.standin, pyright, args.repeat))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(table(results))
    for r in results:
        for key in ("missed", "extra"):
            for line in r.get("findings", {}).get(key, []):
                print(f"{key}: {line}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cpus": os.cpu_count(), "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
