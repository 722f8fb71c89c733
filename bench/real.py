"""Precision of fixer on real repositories: run it on the development corpus and score it.

    python bench/real.py --corpus /tmp/fixer-real --fetch   # clone what is missing, then score
    python bench/real.py --corpus DIR --only onyx,redash     # a few repositories
    python bench/real.py --corpus DIR --record               # add unjudged findings to judge

The corpus is listed in ``bench/real/repos.toml``: each repository pinned to a commit. A
checkout is ``DIR/<name>``; ``--fetch`` clones the missing ones with git and checks out the
pinned commit (the only step that needs the network). Each repository gets one unmeasured run
(so its files are in the OS page cache), then ``fixer diagnose --format json --no-cache``
(nothing read from or written to ``.fixer_cache/``: a cold run that leaves the checkout as it
was) ``--repeat`` times; the median wall time and the peak memory are reported.

Every finding is looked up in ``bench/real/verdicts.json``, where a person who read the code
judged it ``TRUE`` (real drift: the code, compose file or tree is wrong) or ``FALSE`` (fixer
is wrong; a finding in dead test data or an example is FALSE), with a one-line reason. A
verdict is found by the finding's fingerprint, or else by its rule, file and symbol (so that
a change of fingerprint scheme does not lose the judgements). The script prints precision per
rule and per repository, every unjudged finding, and every TRUE verdict that is no longer
reported (lost recall). ``--record`` adds the unjudged findings to the verdicts file with
verdict ``"?"``, for a person to fill in.

Exit code: 0 when every finding is judged and every rule with at least ``--min-findings``
findings has precision of at least ``--min-precision``; 1 otherwise; 2 when a checkout is
missing or not at its pinned commit (nothing is scored then).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
REPOS = HERE / "real" / "repos.toml"
VERDICTS = HERE / "real" / "verdicts.json"
sys.path.insert(0, str(HERE))

from run import fixer_cmd, measure  # noqa: E402

JUDGEMENTS = ("TRUE", "FALSE")


@dataclass(frozen=True)
class Repo:
    name: str
    repo: str  # owner/name on GitHub
    commit: str
    why: str


@dataclass(frozen=True)
class Scored:
    """One finding of one repository, with its verdict (None: not judged yet)."""

    repo: str
    finding: dict
    verdict: str | None
    reason: str


def load_repos(path: Path = REPOS) -> list[Repo]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Repo(r["name"], r["repo"], r["commit"], r.get("why", "")) for r in data["repo"]]


def load_verdicts(path: Path = VERDICTS) -> dict[str, dict[str, dict]]:
    """``{repo name: {fingerprint: entry}}``; an entry holds rule, path, line, symbol,
    message, verdict and reason."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_verdicts(verdicts: dict[str, dict[str, dict]], path: Path = VERDICTS) -> None:
    ordered = {
        repo: dict(sorted(entries.items(), key=lambda kv: (kv[1]["path"], kv[1]["line"], kv[0])))
        for repo, entries in sorted(verdicts.items())
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def checkout_state(root: Path, commit: str) -> str | None:
    """None when ``root`` is a checkout at ``commit``; otherwise what is wrong."""
    if not (root / ".git").exists():
        return "missing"
    head = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return None if head == commit else f"at {head[:12] or '?'}, pinned {commit[:12]}"


def fetch(repo: Repo, root: Path) -> None:
    """Clone ``repo`` into ``root`` (when absent) and check out its pinned commit."""
    if not (root / ".git").exists():
        url = f"https://github.com/{repo.repo}.git"
        subprocess.run(["git", "clone", "--quiet", url, str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "--quiet", repo.commit], check=True)


def verdict_for(entries: dict[str, dict], finding: dict) -> dict | None:
    """The judgement of ``finding``: by fingerprint, or by rule, path and symbol."""
    entry = entries.get(finding["fingerprint"])
    if entry is not None:
        return entry
    key = (finding["rule"], finding["path"], finding["symbol"])
    for entry in entries.values():
        if (entry["rule"], entry["path"], entry["symbol"]) == key:
            return entry
    return None


def score(repo: str, findings: list[dict], entries: dict[str, dict]) -> list[Scored]:
    out = []
    for f in findings:
        entry = verdict_for(entries, f)
        verdict = entry["verdict"] if entry and entry["verdict"] in JUDGEMENTS else None
        out.append(Scored(repo, f, verdict, entry["reason"] if entry else ""))
    return out


def lost(repo: str, findings: list[dict], entries: dict[str, dict]) -> list[dict]:
    """TRUE verdicts of ``repo`` that no finding of this run matches (recall lost)."""
    seen = {f["fingerprint"] for f in findings}
    seen_keys = {(f["rule"], f["path"], f["symbol"]) for f in findings}
    return [
        e | {"fingerprint": fp}
        for fp, e in entries.items()
        if e["verdict"] == "TRUE"
        and fp not in seen
        and (e["rule"], e["path"], e["symbol"]) not in seen_keys
    ]


def precision(rows: list[Scored]) -> str:
    judged = [r for r in rows if r.verdict]
    if not judged:
        return "-"
    return f"{100 * sum(r.verdict == 'TRUE' for r in judged) / len(judged):.0f}%"


def counts(rows: list[Scored]) -> tuple[int, int, int, int]:
    true = sum(r.verdict == "TRUE" for r in rows)
    false = sum(r.verdict == "FALSE" for r in rows)
    return len(rows), true, false, len(rows) - true - false


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    lines = [
        " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
        for row in [header, ["-" * w for w in widths], *rows]
    ]
    return "\n".join(lines)


def run_repo(root: Path, repeat: int) -> tuple[dict, list[float], float]:
    """The JSON document of one cold diagnosis, the wall times, and the peak memory (MB)."""
    cmd = fixer_cmd(root, "--no-cache")
    measure(cmd)  # unmeasured: brings the tree into the OS page cache
    runs = [measure(cmd) for _ in range(repeat)]
    for r in runs:
        if r["code"] not in (0, 1):
            raise SystemExit(f"{root}: fixer exited {r['code']}: {r['stderr']}")
    return (
        json.loads(runs[-1]["stdout"]),
        [r["wall_s"] for r in runs],
        max(r["peak_mb"] for r in runs),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("FIXER_REAL_CORPUS", "/tmp/fixer-real")),
        help="folder of the checkouts, one per repository (default: $FIXER_REAL_CORPUS)",
    )
    parser.add_argument("--only", default="", help="comma-separated repository names")
    parser.add_argument("--fetch", action="store_true", help="clone missing checkouts")
    parser.add_argument("--record", action="store_true", help="add unjudged findings ('?')")
    parser.add_argument("--repeat", type=int, default=1, help="measured runs per repository")
    parser.add_argument("--min-precision", type=float, default=0.95)
    parser.add_argument("--min-findings", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)

    repos = load_repos()
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {r.name for r in repos}
        if unknown:
            parser.error(f"not in {REPOS.name}: {', '.join(sorted(unknown))}")
        repos = [r for r in repos if r.name in wanted]
    problems = []
    for repo in repos:
        root = args.corpus / repo.name
        if args.fetch:
            fetch(repo, root)
        state = checkout_state(root, repo.commit)
        if state is not None:
            problems.append(f"{root}: {state} (use --fetch, or check out {repo.commit})")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2

    verdicts = load_verdicts()
    scored: list[Scored] = []
    repo_rows, lost_rows, results = [], [], {}
    for repo in repos:
        doc, walls, peak = run_repo(args.corpus / repo.name, args.repeat)
        entries = verdicts.get(repo.name, {})
        rows = score(repo.name, doc["findings"], entries)
        scored += rows
        lost_rows += [(repo.name, e) for e in lost(repo.name, doc["findings"], entries)]
        n, true, false, unjudged = counts(rows)
        wall = statistics.median(walls)
        repo_rows.append(
            [
                repo.name,
                n,
                true,
                false,
                unjudged,
                precision(rows),
                len(doc["errors"]),
                f"{wall:.2f}",
                f"{peak:.0f}",
            ]
        )
        results[repo.name] = {
            "commit": repo.commit,
            "wall_s": walls,
            "peak_mb": peak,
            "errors": len(doc["errors"]),
            "findings": [
                {
                    "fingerprint": r.finding["fingerprint"],
                    "rule": r.finding["rule"],
                    "verdict": r.verdict,
                }
                for r in rows
            ],
        }

    print(
        table(
            [
                "repository",
                "findings",
                "TRUE",
                "FALSE",
                "unjudged",
                "precision",
                "input errors",
                "cold s",
                "peak MB",
            ],
            repo_rows,
        )
    )
    print()
    by_rule: dict[str, list[Scored]] = {}
    for r in scored:
        by_rule.setdefault(r.finding["rule"], []).append(r)
    rule_rows = [[rule, *counts(rows), precision(rows)] for rule, rows in sorted(by_rule.items())]
    everything = ["all", *counts(scored), precision(scored)]
    print(
        table(
            ["rule", "findings", "TRUE", "FALSE", "unjudged", "precision"], [*rule_rows, everything]
        )
    )

    unjudged = [r for r in scored if r.verdict is None]
    if unjudged:
        print(f"\n{len(unjudged)} unjudged findings:")
        for r in unjudged:
            f = r.finding
            print(f"  {r.repo}: {f['path']}:{f['line']}: {f['rule']} {f['message']}")
    if lost_rows:
        print(f"\n{len(lost_rows)} findings judged TRUE are no longer reported:")
        for name, e in lost_rows:
            print(f"  {name}: {e['path']}:{e['line']}: {e['rule']} {e['message']}")
    falses = Counter(r.finding["rule"] for r in scored if r.verdict == "FALSE")
    if falses:
        print(
            "\nFALSE findings still reported: "
            + ", ".join(f"{rule} {n}" for rule, n in sorted(falses.items()))
        )

    if args.record and unjudged:
        for r in unjudged:
            f = r.finding
            verdicts.setdefault(r.repo, {})[f["fingerprint"]] = {
                "rule": f["rule"],
                "path": f["path"],
                "line": f["line"],
                "symbol": f["symbol"],
                "message": f["message"],
                "verdict": "?",
                "reason": "",
            }
        save_verdicts(verdicts)
        print(f"\nrecorded {len(unjudged)} findings with verdict '?' in {VERDICTS}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")

    below = [
        rule
        for rule, rows in by_rule.items()
        if len(rows) >= args.min_findings
        and sum(r.verdict == "TRUE" for r in rows) < args.min_precision * len(rows)
    ]
    if below:
        print(f"\nprecision below {args.min_precision:.0%}: {', '.join(sorted(below))}")
    return 1 if unjudged or below else 0


if __name__ == "__main__":
    raise SystemExit(main())
