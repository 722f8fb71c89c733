"""The pull request body: findings with evidence, fix safety, the proof, how to reproduce.

A pure function of a :class:`~fixer.workflow.BranchRecord`, so the body is the same
whether it is printed by ``fixer pr --dry-run``, by the demo, or sent to GitHub. A hidden
marker carries the branch and the fingerprints, so a later run can recognise its own pull
request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixer.workflow import BranchRecord

MARKER = "<!-- fixer:"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render(record: BranchRecord) -> str:
    lines = [
        f"Fixer found {len(record.findings)} configuration drift finding(s) and repaired them "
        f"on `{record.branch}` (base `{record.base_branch}` at `{record.base_sha[:10]}`).",
        "",
        "### Findings",
        "",
        "| rule | where | finding | evidence | fix | safety | fingerprint |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in record.findings:
        evidence = "<br>".join(_cell(e) for e in f.evidence) or "-"
        safety = "**unsafe** (review)" if f.safety == "unsafe" else f.safety
        lines.append(
            f"| {f.rule} `{f.name}` | `{f.path}:{f.line}` | {_cell(f.message)} | "
            f"{evidence} | {_cell(f.fix)} | {safety} | `{f.fingerprint}` |"
        )
    if record.unsafe_fixes:
        lines += [
            "",
            "> Some fixes are labelled **unsafe**: they change behaviour a reviewer "
            'should confirm (see each rule\'s `fixer explain` section "Fix safety").',
        ]
    lines += ["", "### Verification", ""]
    if record.tests:
        lines += [
            f"Reproduction tests ({record.test_source}): `{record.test_command}`, run on "
            "the base and on this branch, each in a clean worktree.",
            "",
            "| test | base | branch | verdict |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| `{t}` | {b} | {a} | {v} |" for t, b, a, v in record.tests]
        lines += ["", f"{record.proof_summary}."]
    else:
        lines.append(f"No reproduction test ran ({record.proof_summary}).")
    lines.append("Re-diagnosis of this branch: every fixed finding is gone, no new finding.")
    where = f" {record.subdir}" if record.subdir else ""
    lines += [
        "",
        "### Reproduce locally",
        "",
        "```sh",
        f"git fetch origin {record.branch}",
        f"fixer verify{where} --branch origin/{record.branch} --base {record.base_sha[:12]}"
        + (f" --verify '{record.test_command}'" if record.test_command else ""),
        "```",
        "",
        f"{MARKER}branch={record.branch} fingerprints="
        f"{','.join(sorted(f.fingerprint for f in record.findings))} -->",
    ]
    return "\n".join(lines) + "\n"
