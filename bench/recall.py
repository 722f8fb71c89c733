"""Recall of fixer on real drift: incidents mined from the corpus's public history.

    python bench/recall.py --corpus /work/corpus            # every incident
    python bench/recall.py --corpus DIR --fetch              # clone missing repositories first
    python bench/recall.py --only dispatch-signalupdate-tags --select-rule   # explore one

``bench/real/incidents.toml`` lists the incidents: a repository of ``bench/real/repos.toml``,
the commit with the drift (``broken``), the commit that repaired it (``fixed``), the rule that
should fire, where, on what symbol, and what the repair wrote. For each ``broken`` commit the
script makes a throw-away clone of the corpus checkout (``git clone --shared``: the objects
are borrowed, the checkout is untouched), checks out that commit with its whole history (fixer
reads git history for evidence), runs ``fixer diagnose --format json --no-cache`` once, and
scores every incident of that commit:

- found: a finding of the expected rule on the expected file (or naming it in its evidence,
  as FX101 does for reads in several files) whose symbol is the expected one;
- right fix: the finding's fix, or its first candidate, writes what the fixing commit wrote
  (the new path, compared without quotes and ``./``; or the added field line, compared
  without spaces and default; "name only" when the field is right and its annotation is
  not). Incidents whose repair deleted the reference have no mechanical fix to match: "n/a";
- missed: no such finding. The script prints what fixer said instead on that file (another
  rule, another symbol), to help say why.

A blob missing from the corpus's object store (large files left out of a mirror) is left out
of the checkout (sparse checkout); in the history it reads as an empty file (a replace ref in
the throw-away clone), because ``git log -M`` stops at the first blob it cannot read and
fixer's rename evidence would be lost with it, which no real clone would cause (decision 095).
Times are wall seconds of one cold diagnosis per commit. This is a measurement: the exit code
is 0 unless something crashes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
INCIDENTS = HERE / "real" / "incidents.toml"
sys.path.insert(0, str(HERE))

from real import Repo, fetch, load_repos, table  # noqa: E402
from run import fixer_cmd, measure  # noqa: E402

FIX_KINDS = ("replace", "add-field", "remove")
PATH_RULES = frozenset({"FX302", "FX401"})  # their symbol is the path as written


@dataclass(frozen=True)
class Incident:
    """One piece of real drift: where it was, what should report it, how it was repaired."""

    id: str
    repo: str
    broken: str
    fixed: str
    kind: str
    cause: str
    rule: str
    path: str
    line: int
    symbol: str
    fix_kind: str
    fix: str
    description: str


@dataclass(frozen=True)
class Outcome:
    """How fixer did on one incident. ``fix``: "right", "partial" (the right field name with
    another annotation), "wrong", or "n/a" (not found, or the repair left nothing to match)."""

    found: bool
    fix: str
    finding: dict | None = None
    nearby: tuple[str, ...] = ()


@dataclass
class Result:
    incident: Incident
    outcome: Outcome | None  # None: not run (no checkout, or the checkout failed)
    seconds: float = 0.0
    note: str = ""
    history: str = ""


def load_incidents(path: Path = INCIDENTS) -> list[Incident]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    incidents = [
        Incident(**{k: entry[k] for k in Incident.__dataclass_fields__})
        for entry in data["incident"]
    ]
    for inc in incidents:
        if inc.fix_kind not in FIX_KINDS:
            raise SystemExit(f"{path}: {inc.id}: fix_kind must be one of {', '.join(FIX_KINDS)}")
    return incidents


# --- scoring (pure: a JSON document in, an outcome out) ---------------------------------------


def _norm_path(text: str) -> str:
    text = text.strip().strip("'\"").strip()
    while text.startswith("./"):
        text = text[2:]
    return text


def _tokens(text: str) -> set[str]:
    """Path-like pieces of an edit's replacement: the whole text and its words."""
    words = text.replace(",", " ").replace("[", " ").replace("]", " ").split()
    return {_norm_path(text), *(_norm_path(w) for w in words)}


def _field_line(text: str) -> str:
    """``name: annotation`` without spaces and without the default."""
    return "".join(text.split("=", 1)[0].split())


def _same_path(a: str, b: str) -> bool:
    """Two spellings of one path: equal without ``./``, or one is the other under a folder
    (``x/y.py`` written relative to the folder a command runs in, ``sub/x/y.py`` from the
    repository root)."""
    a, b = _norm_path(a), _norm_path(b)
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def _same_symbol(incident: Incident, symbol: str) -> bool:
    if incident.rule in PATH_RULES:
        return _same_path(symbol, incident.symbol)
    return symbol == incident.symbol


def _names_path(finding: dict, path: str) -> bool:
    if finding["path"] == path:
        return True
    return any(f"{path}:" in e for e in finding.get("evidence", ()))


def matching(incident: Incident, findings: list[dict]) -> dict | None:
    """The finding that reports ``incident``, if any (the nearest line when several do)."""
    hits = [
        f
        for f in findings
        if f["rule"] == incident.rule
        and _same_symbol(incident, f["symbol"])
        and _names_path(f, incident.path)
    ]
    if not hits:
        return None
    return min(hits, key=lambda f: (f["path"] != incident.path, abs(f["line"] - incident.line)))


def fix_matches(incident: Incident, finding: dict) -> str:
    """Whether the finding's fix, or else its first candidate, does what the repair did. The
    fix must write the new value as the repair wrote it; a candidate (a repository path) may
    name the same file from the root."""
    if incident.fix_kind == "remove":
        return "n/a"
    edits = (finding.get("fix") or {}).get("edits") or []
    candidates = finding.get("candidates") or []
    if incident.fix_kind == "replace":
        want = _norm_path(incident.fix)
        if any(want in _tokens(e["replacement"]) for e in edits):
            return "right"
        return "right" if candidates and _same_path(candidates[0], want) else "wrong"
    want = _field_line(incident.fix)
    lines = [_field_line(line) for e in edits for line in e["replacement"].splitlines()]
    if want in lines:
        return "right"
    name = want.split(":", 1)[0] + ":"
    return "partial" if any(line.startswith(name) for line in lines) else "wrong"


def score(incident: Incident, doc: dict) -> Outcome:
    """Score one incident against one ``fixer diagnose --format json`` document."""
    findings = doc.get("findings", [])
    hit = matching(incident, findings)
    if hit is None:
        nearby = tuple(
            f"{f['rule']} {f['symbol']} (line {f['line']})"
            for f in findings
            if f["path"] == incident.path or f["symbol"] == incident.symbol
        )
        return Outcome(found=False, fix="n/a", nearby=nearby)
    return Outcome(found=True, fix=fix_matches(incident, hit), finding=hit)


# --- checkouts --------------------------------------------------------------------------------


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, errors="replace", check=False
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def missing_blobs(clone: Path, commit: str) -> list[str]:
    """Files of ``commit`` whose blob the object store lacks (a mirror without large files)."""
    listing = git("ls-tree", "-r", "-z", commit, cwd=clone)  # "mode type sha\tpath"
    entries = [(e.partition("\t")[0].split(), e.partition("\t")[2]) for e in listing.split("\0")]
    blobs = [(meta[2], path) for meta, path in entries if len(meta) == 3 and meta[1] == "blob"]
    proc = subprocess.run(
        ["git", "cat-file", "--batch-check"],
        cwd=clone,
        input="".join(f"{sha}\n" for sha, _ in blobs),
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        path
        for (_, path), line in zip(blobs, proc.stdout.splitlines(), strict=True)
        if line.endswith(" missing")
    ]


def checkout(source: Path, commit: str, dest: Path) -> list[str]:
    """A clone of ``source`` at ``commit`` in ``dest`` (objects shared, history complete).
    Returns the files left out because their blob is missing."""
    git("clone", "--quiet", "--shared", "--no-checkout", str(source), str(dest))
    absent = missing_blobs(dest, commit)
    if absent:
        git("config", "core.sparseCheckout", "true", cwd=dest)
        patterns = ["/*", *(f"!/{p}" for p in absent)]
        (dest / ".git" / "info" / "sparse-checkout").write_text("\n".join(patterns) + "\n")
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", commit, cwd=dest)
    return absent


RENAME_LOG = ["log", "-M", "--name-status", "--diff-filter=RD", "--max-count=2000", "--format=%H"]
UNREADABLE = re.compile(r"unable to read ([0-9a-f]{40})")


def readable_history(clone: Path, *, limit: int = 500) -> str:
    """Make ``git log -M`` (fixer's rename evidence) read the history, and say how.

    A mirror that left large blobs out makes rename detection stop at the first one it needs
    ("fatal: unable to read"), and fixer then has no history at all, which no real clone
    would cause. Each such blob is replaced, in this throw-away clone only, by the empty blob
    (a ``refs/replace/`` ref): the history reads, those files compare as empty."""
    empty = git("hash-object", "-w", "--stdin", cwd=clone).strip()
    replaced = 0
    while True:
        proc = subprocess.run(
            ["git", *RENAME_LOG], cwd=clone, capture_output=True, text=True, errors="replace"
        )
        if proc.returncode == 0:
            return f"ok, {replaced} absent blobs read as empty" if replaced else "ok"
        m = UNREADABLE.search(proc.stderr)
        if m is None or replaced >= limit:
            return "unreadable: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
        git("update-ref", f"refs/replace/{m.group(1)}", empty, cwd=clone)
        replaced += 1


# --- the run ----------------------------------------------------------------------------------


def run_commit(
    source: Path, commit: str, work: Path, select: list[str]
) -> tuple[dict, float, str, str]:
    """Diagnose ``commit`` of ``source``: the JSON document, the wall time, a note, history."""
    dest = Path(tempfile.mkdtemp(prefix=f"{commit[:10]}-", dir=work))
    try:
        absent = checkout(source, commit, dest)
        note = f"{len(absent)} files without their blob left out" if absent else ""
        history = readable_history(dest)
        extra = ["--no-cache", *(["--select", ",".join(select)] if select else [])]
        result = measure(fixer_cmd(dest, *extra))
        if result["code"] not in (0, 1):
            raise RuntimeError(f"fixer exited {result['code']}: {result['stderr']}")
        return json.loads(result["stdout"]), result["wall_s"], note, history
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def summary_rows(results: list[Result], key: str) -> list[list[str]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[getattr(r.incident, key)].append(r)
    rows = []
    for name in sorted(groups):
        rows.append(_row(name, groups[name]))
    rows.append(_row("all", results))
    return rows


def _row(name: str, results: list[Result]) -> list[str]:
    ran = [r for r in results if r.outcome is not None]
    found = [r for r in ran if r.outcome.found]
    fixable = [r for r in found if r.outcome.fix != "n/a"]
    right = [r for r in fixable if r.outcome.fix == "right"]
    partial = [r for r in fixable if r.outcome.fix == "partial"]
    # one diagnosis per broken commit, shared by its incidents: count its time once
    seconds = sum({(r.incident.repo, r.incident.broken): r.seconds for r in ran}.values())
    return [
        name,
        str(len(results)),
        f"{len(found)} / {len(ran)}",
        (f"{len(right)} / {len(fixable)}" + (f" ({len(partial)} name only)" if partial else ""))
        if fixable
        else "-",
        str(len(ran) - len(found)),
        str(len(results) - len(ran)),
        f"{seconds:.1f}",
    ]


def print_report(results: list[Result]) -> None:
    header = ["", "incidents", "found", "right fix", "missed", "not run", "seconds"]
    print(table(["kind", *header[1:]], summary_rows(results, "kind")))
    print()
    print(table(["rule", *header[1:]], summary_rows(results, "rule")))
    print()
    rows = []
    for r in results:
        o = r.outcome
        if o is None:
            state, fix = "not run", ""
        else:
            state = "found" if o.found else "MISSED"
            fix = o.fix if o.found else ""
        rows.append(
            [r.incident.id, r.incident.rule, state, fix, f"{r.seconds:.1f}", r.history, r.note]
        )
    print(table(["incident", "rule", "result", "fix", "s", "git log -M", "note"], rows))
    for r in results:
        detail = explain(r)
        if detail:
            print(f"\n{r.incident.id}: {detail}")


def explain(r: Result) -> str:
    """A line on an incident fixer missed or fixed otherwise than the repair did."""
    o, inc = r.outcome, r.incident
    if o is None:
        return ""
    if not o.found:
        said = "; ".join(o.nearby) or "nothing on that file"
        return f"missed {inc.path}:{inc.line} {inc.symbol}; fixer said: {said}"
    if o.fix not in ("wrong", "partial"):
        return ""
    wrote = [e["replacement"] for e in (o.finding.get("fix") or {}).get("edits", [])]
    return (
        f"repair wrote {inc.fix!r}; fix {wrote or None}, candidates {o.finding.get('candidates')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("FIXER_REAL_CORPUS", "/tmp/fixer-real")),
        help="folder of the checkouts, one per repository (default: $FIXER_REAL_CORPUS)",
    )
    parser.add_argument("--fetch", action="store_true", help="clone missing repositories")
    parser.add_argument("--only", default="", help="comma-separated incident ids or repositories")
    parser.add_argument(
        "--select-rule",
        action="store_true",
        help="run only the incidents' rules (faster, for exploring; not the measurement)",
    )
    parser.add_argument("--work", type=Path, help="folder for the temporary checkouts")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)

    incidents = load_incidents()
    repos = {r.name: r for r in load_repos()}
    unknown = sorted({i.repo for i in incidents} - set(repos))
    if unknown:
        parser.error(f"incidents name repositories not in repos.toml: {', '.join(unknown)}")
    if args.only:
        wanted = set(args.only.split(","))
        incidents = [i for i in incidents if i.id in wanted or i.repo in wanted]

    by_commit: dict[tuple[str, str], list[Incident]] = defaultdict(list)
    for inc in incidents:
        by_commit[(inc.repo, inc.broken)].append(inc)
    work = args.work or Path(tempfile.mkdtemp(prefix="fixer-recall-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        for (name, commit), group in by_commit.items():
            results += run_group(repos[name], commit, group, args.corpus / name, work, args)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    order = {inc.id: n for n, inc in enumerate(load_incidents())}
    results.sort(key=lambda r: order[r.incident.id])
    print_report(results)
    if args.out:
        args.out.write_text(
            json.dumps([_as_json(r) for r in results], indent=1) + "\n", encoding="utf-8"
        )
    return 0


def run_group(
    repo: Repo, commit: str, group: list[Incident], source: Path, work: Path, args
) -> list[Result]:
    """Diagnose one broken commit and score each of its incidents."""
    if not (source / ".git").exists():
        if not args.fetch:
            return [Result(i, None, note=f"no checkout at {source} (use --fetch)") for i in group]
        fetch(repo, source)
    select = sorted({i.rule for i in group}) if args.select_rule else []
    print(f"{repo.name} {commit[:12]}: {', '.join(i.id for i in group)}", file=sys.stderr)
    try:
        doc, seconds, note, history = run_commit(source, commit, work, select)
    except RuntimeError as exc:
        return [Result(i, None, note=str(exc)) for i in group]
    return [Result(i, score(i, doc), seconds, note, history) for i in group]


def _as_json(r: Result) -> dict:
    o = r.outcome
    return {
        "id": r.incident.id,
        "repo": r.incident.repo,
        "kind": r.incident.kind,
        "rule": r.incident.rule,
        "found": None if o is None else o.found,
        "fix": None if o is None else o.fix,
        "finding": None if o is None else o.finding,
        "nearby": [] if o is None else list(o.nearby),
        "seconds": r.seconds,
        "history": r.history,
        "note": r.note,
        "incident": asdict(r.incident),
    }


if __name__ == "__main__":
    raise SystemExit(main())
