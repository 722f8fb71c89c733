"""The remediation workflow: a proven fix on its own branch, then a pull request.

This module only joins the stages, as :mod:`fixer.pipeline` does for diagnosis:

- :func:`apply_branch`: check HEAD out in a worktree, diagnose and fix it there, commit as
  the bot, prove the fix (:func:`prove`), and only then point the branch at the commit;
- :func:`prove`: base and branch each in their own worktree, re-diagnosed, the reproduction
  tests run on both (:mod:`fixer.verify`);
- :func:`open_pr`: push the branch (never over a human's commits) and open or update its one
  pull request (:mod:`fixer.forge`), with the body of :mod:`fixer.prbody`.

What a branch holds is saved as a :class:`BranchRecord` (JSON, in ``.git/fixer/branches``),
so ``fixer pr`` can describe the findings and the proof without running them again, and
knows which tip fixer last pushed. See ``docs/decisions/030-branch-in-a-worktree.md``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from fixer import apply, forge, gitops, prbody, verify
from fixer.config import Options
from fixer.errors import FixerError
from fixer.model import Finding
from fixer.pipeline import diagnose, plan_changes
from fixer.rules.base import Rule

Echo = Callable[[str], None]


def _silent(_: str) -> None:
    return None


@dataclass(frozen=True)
class FindingRow:
    """A fixed finding as the commit, the record and the pull request body show it."""

    rule: str
    name: str
    path: str
    line: int
    message: str
    fingerprint: str
    evidence: tuple[str, ...]
    safety: str
    fix: str

    @classmethod
    def of(cls, f: Finding) -> FindingRow:
        return cls(
            f.rule,
            f.name,
            f.path,
            f.line,
            f.message,
            f.fingerprint,
            tuple(f.evidence),
            f.fix.safety if f.fix else "",
            f.fix.description if f.fix else "",
        )


@dataclass(frozen=True)
class BranchRecord:
    """What fixer put on a branch and how it was proven (saved as JSON)."""

    branch: str
    sha: str
    base_sha: str
    base_branch: str
    subdir: str
    findings: tuple[FindingRow, ...]
    tests: tuple[tuple[str, str, str, str], ...]  # test, before, after, verdict
    test_command: str
    test_source: str
    proof_summary: str
    unsafe_fixes: bool
    pushed: str | None = None

    @property
    def title(self) -> str:
        codes = ", ".join(sorted({f.rule for f in self.findings}))
        return f"fix: repair {len(self.findings)} configuration drift finding(s) ({codes})"


@dataclass(frozen=True)
class BranchResult:
    branch: str
    kept: bool
    record: BranchRecord | None
    proof: verify.Proof | None
    diff: str
    applied: tuple[str, ...]  # "[safety] CODES: description"
    not_applied: tuple[str, ...]


def _record_path(repo: git.Repo, branch: str) -> Path:
    folder = gitops.state_dir(repo) / "branches"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (re.sub(r"[^A-Za-z0-9._-]", "_", branch) + ".json")


def save_record(repo: git.Repo, record: BranchRecord) -> Path:
    path = _record_path(repo, record.branch)
    path.write_text(json.dumps(dataclasses.asdict(record), indent=2) + "\n", encoding="utf-8")
    return path


def load_record(repo: git.Repo, branch: str) -> BranchRecord:
    path = _record_path(repo, branch)
    if not path.is_file():
        raise FixerError(
            f"no fixer record for branch {branch!r}: run `fixer apply --branch` first",
            gitops.toplevel(repo).name,
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["findings"] = tuple(
        FindingRow(**{**f, "evidence": tuple(f["evidence"])}) for f in data["findings"]
    )
    data["tests"] = tuple(tuple(t) for t in data["tests"])
    return BranchRecord(**data)


def latest_branch(repo: git.Repo) -> str:
    """The branch of the most recent record whose base is the current HEAD (or any record)."""
    folder = gitops.state_dir(repo) / "branches"
    records = (
        sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        if folder.is_dir()
        else []
    )
    if not records:
        raise FixerError(
            "no fixer branch yet: run `fixer apply --branch` first", gitops.toplevel(repo).name
        )
    head = repo.head.commit.hexsha
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in records]
    for data in loaded:
        if data.get("base_sha") == head:
            return str(data["branch"])
    return str(loaded[0]["branch"])


def _subdir(repo: git.Repo, path: Path) -> str:
    top = gitops.toplevel(repo).resolve()
    rel = Path(path).resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel


def _head(repo: git.Repo) -> str:
    try:
        return repo.head.commit.hexsha
    except ValueError:
        raise FixerError(
            "the repository has no commit yet: commit first", gitops.toplevel(repo).name
        ) from None


def _logs(repo: git.Repo, branch: str, kind: str) -> Path:
    return gitops.state_dir(repo) / "logs" / re.sub(r"[^A-Za-z0-9._-]", "_", branch) / kind


def prove(
    repo: git.Repo,
    base: str,
    branch: str,
    subdir: str,
    fixed: Sequence[str],
    options: Options,
    *,
    command: str | None = None,
    timeout: float | None = None,
    log_dir: Path,
    rules: Iterable[Rule] | None = None,
) -> verify.Proof:
    """Re-diagnose and test ``base`` and ``branch``, each in its own worktree."""
    rules = tuple(rules) if rules is not None else None
    with (
        gitops.worktree(repo, base, "base") as base_tree,
        gitops.worktree(repo, branch, "branch") as branch_tree,
    ):
        base_root, branch_root = base_tree / subdir, branch_tree / subdir
        before = diagnose(base_root, options, rules)
        after = diagnose(branch_root, options, rules)
        before_fps = {f.fingerprint for f in before.diagnosis.findings}
        after_fps = {f.fingerprint for f in after.diagnosis.findings}
        not_fixed = tuple(sorted(set(fixed) & after_fps))
        new = tuple(
            f"{f.rule} {f.path}:{f.line} {f.message}"
            for f in after.diagnosis.findings
            if f.fingerprint not in before_fps
        )
        changed = _changed(repo, base, branch, subdir)
        names = [f.symbol for f in before.diagnosis.findings if f.fingerprint in set(fixed)]
        selection = verify.select_tests(
            base_root, before.workspace.files, changed, names, command=command, timeout=timeout
        )
        rows, base_log, branch_log, notes = verify.run_selection(
            base_root, branch_root, selection, log_dir
        )
    return verify.Proof(selection, rows, base_log, branch_log, not_fixed, new, notes)


def _changed(repo: git.Repo, base: str, branch: str, subdir: str) -> list[str]:
    names = repo.git.diff("--name-only", "--no-renames", base, branch).splitlines()
    prefix = f"{subdir}/" if subdir else ""
    return [n[len(prefix) :] for n in names if n.startswith(prefix)]


def apply_branch(
    path: Path,
    options: Options,
    *,
    branch_name: str | None = None,
    command: str | None = None,
    timeout: float | None = None,
    check: bool = True,
    rules: Iterable[Rule] | None = None,
    echo: Echo = _silent,
) -> BranchResult:
    """Fix HEAD on a branch, away from the user's checkout; keep it only when proven."""
    repo = gitops.open_repo(path)
    subdir = _subdir(repo, path)
    base = _head(repo)
    rules = tuple(rules) if rules is not None else None
    with gitops.worktree(repo, base, "apply") as tree:
        run = diagnose(tree / subdir, options, rules)
        plan, changes = plan_changes(run, options)
        applied = tuple(
            f"[{p.fix.safety}] {', '.join(sorted({f.rule for f in p.findings}))}: "
            f"{p.fix.description}"
            for p in plan.fixes
        )
        not_applied = tuple(
            f"{s.finding.rule} {s.finding.path}:{s.finding.line}: {s.reason}" for s in plan.skipped
        )
        if not changes:
            return BranchResult("", False, None, None, "", applied, not_applied)
        findings = plan.findings
        name = gitops.check_branch_name(repo, branch_name or gitops.branch_name(findings))
        diff = apply.unified_diff(changes)
        apply.write(run.workspace, changes)
        message = gitops.commit_message(
            findings, [(p.fix.safety, p.fix.description) for p in plan.fixes]
        )
        paths = [f"{subdir}/{c.path}" if subdir else c.path for c in changes]
        sha = gitops.commit(tree, paths, message)
    echo(f"committed {sha[:10]} (base {base[:10]}) for branch {name}")
    proof = None
    fixed = [f.fingerprint for f in findings]
    if check:
        proof = prove(
            repo,
            base,
            sha,
            subdir,
            fixed,
            options,
            command=command,
            timeout=timeout,
            log_dir=_logs(repo, name, "apply"),
            rules=rules,
        )
        if not proof.ok:
            return BranchResult(name, False, None, proof, diff, applied, not_applied)
    gitops.set_branch(repo, name, sha, base)
    previous = _previous_push(repo, name)
    record = BranchRecord(
        branch=name,
        sha=sha,
        base_sha=base,
        base_branch=gitops.current_branch(repo) or "main",
        subdir=subdir,
        findings=tuple(FindingRow.of(f) for f in findings),
        tests=tuple((r.test, r.before, r.after, r.verdict) for r in proof.rows) if proof else (),
        test_command=proof.selection.command if proof else "",
        test_source=proof.selection.source if proof else "",
        proof_summary=proof.summary() if proof else "not verified (--no-verify)",
        unsafe_fixes=any(p.fix.safety == "unsafe" for p in plan.fixes),
        pushed=previous,
    )
    save_record(repo, record)
    return BranchResult(name, True, record, proof, diff, applied, not_applied)


def _previous_push(repo: git.Repo, branch: str) -> str | None:
    try:
        return load_record(repo, branch).pushed
    except FixerError:
        return None


def fixed_fingerprints(repo: git.Repo, sha: str) -> list[str]:
    """The fingerprints in the ``Fixer-Finding`` trailers of commits ``sha`` adds."""
    message = repo.commit(sha).message
    text = message if isinstance(message, str) else message.decode("utf-8", "replace")
    return [
        m.group(2)
        for m in re.finditer(rf"^{gitops.TRAILER}: (\S+) ([0-9a-f]+)\s*$", text, re.MULTILINE)
    ]


def verify_branch(
    path: Path,
    options: Options,
    *,
    branch: str | None = None,
    base: str | None = None,
    command: str | None = None,
    timeout: float | None = None,
    rules: Iterable[Rule] | None = None,
) -> verify.Proof:
    """``fixer verify``: prove an existing fixer branch against its base."""
    repo = gitops.open_repo(path)
    subdir = _subdir(repo, path)
    name = branch or latest_branch(repo)
    tip = gitops.branch_sha(repo, name) or gitops.resolve(repo, name)
    if base is None:
        try:
            base = load_record(repo, name).base_sha
        except FixerError:
            base = repo.git.merge_base(_head(repo), tip)
    base_sha = gitops.resolve(repo, base)
    fixed = fixed_fingerprints(repo, tip)
    return prove(
        repo,
        base_sha,
        tip,
        subdir,
        fixed,
        options,
        command=command,
        timeout=timeout,
        log_dir=_logs(repo, name, "verify"),
        rules=rules,
    )


@dataclass(frozen=True)
class PrResult:
    branch: str
    pushed: bool
    number: int | None
    url: str | None
    created: bool
    body: str


def open_pr(
    path: Path,
    *,
    client: forge.GitHub,
    branch: str | None = None,
    remote: str = "origin",
    labels: Sequence[str] = ("fixer",),
    base_branch: str | None = None,
    dry_run: bool = False,
    echo: Echo = _silent,
) -> PrResult:
    """Push the branch (unless a human pushed to it) and open or update its pull request."""
    repo = gitops.open_repo(path)
    name = branch or latest_branch(repo)
    record = load_record(repo, name)
    local = gitops.branch_sha(repo, name)
    if local is None:
        raise FixerError(
            f"branch {name} does not exist (run `fixer apply --branch`)", gitops.toplevel(repo).name
        )
    if local != record.sha:
        foreign = gitops.foreign_commits(repo, local, record.base_sha)
        if foreign:
            raise FixerError(
                f"branch {name} has commits not written by fixer "
                f"({foreign[0].sha[:10]} by {foreign[0].author_email}); not pushed",
                gitops.toplevel(repo).name,
            )
    body = prbody.render(record)
    all_labels = list(
        dict.fromkeys([*labels, *(["fixer:unsafe-fix"] if record.unsafe_fixes else [])])
    )
    if dry_run:
        echo(
            f"would push {local[:10]} to {remote} {name} "
            "(after checking that no human pushed to it)"
        )
    else:
        tip = gitops.remote_tip(repo, remote, name)
        if tip is not None and tip != local:
            foreign = gitops.foreign_commits(repo, tip, record.base_sha)
            moved = record.pushed is not None and tip != record.pushed
            if foreign or moved:
                who = f" ({foreign[0].sha[:10]} by {foreign[0].author_email})" if foreign else ""
                raise FixerError(
                    f"someone else pushed to {remote}/{name}{who}: not force-pushed; "
                    "merge or delete their work, or use --branch-name",
                    gitops.toplevel(repo).name,
                )
        if tip != local:
            gitops.push(repo, remote, name, local, force=tip is not None)
            echo(f"pushed {local[:10]} to {remote} {name}")
        save_record(repo, dataclasses.replace(record, pushed=local))
    base = base_branch or record.base_branch
    existing = client.find_open_pull(name)
    if existing is not None:
        number = int(existing["number"])
        pull = client.update_pull(number, title=record.title, body=body)
        created = False
    else:
        pull = client.create_pull(title=record.title, body=body, head=name, base=base)
        number = int(pull.get("number", 0)) or None
        created = True
    if all_labels and (number is not None or dry_run):
        client.add_labels(number, all_labels)
    url = pull.get("html_url") if isinstance(pull, dict) else None
    return PrResult(name, not dry_run, number, str(url) if url else None, created, body)
