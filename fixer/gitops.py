"""Git for the remediation workflow: worktrees, deterministic branches, bot commits, pushes.

Everything happens away from the user's checkout
(see ``docs/decisions/030-branch-in-a-worktree.md``):

- :func:`worktree` checks a revision out, detached, in a temporary folder with
  ``git worktree add`` and removes it afterwards; the user's working tree, index and
  current branch are never read from or written to;
- :func:`branch_name` is ``fixer/<rule>-<short hash of the fingerprints>``, so the same
  findings always give the same branch and a rerun updates it;
- :func:`commit` commits as the bot identity with one ``Fixer-Finding: <rule> <fingerprint>``
  trailer per finding; the branch ref is moved only by :func:`set_branch`, after proof;
- :func:`foreign_commits` lists commits on a branch tip that the bot did not write (a human
  pushed to it): such a branch is never overwritten nor force-pushed.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from fixer.errors import FixerError
from fixer.model import Finding

BOT_NAME = "fixer-bot"
BOT_EMAIL = "fixer-bot@fixer.invalid"
TRAILER = "Fixer-Finding"


@dataclass(frozen=True)
class Commit:
    sha: str
    author_email: str
    subject: str


def open_repo(path: Path) -> git.Repo:
    """The git repository containing ``path``; outside one, a clear :class:`FixerError`."""
    try:
        return git.Repo(Path(path).resolve(), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FixerError(
            "not a git repository: --branch, verify and pr need one (run `git init` and "
            "commit first, or use plain `fixer apply`)",
            str(path),
        ) from None


def toplevel(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise FixerError("bare repository: no working tree to fix", str(repo.git_dir))
    return Path(repo.working_tree_dir)


def resolve(repo: git.Repo, rev: str) -> str:
    """The commit sha ``rev`` names, or a :class:`FixerError`."""
    try:
        return repo.commit(rev).hexsha
    except (git.BadName, ValueError, git.GitCommandError):
        raise FixerError(f"unknown revision {rev!r}", toplevel(repo).name) from None


def state_dir(repo: git.Repo) -> Path:
    """Where fixer keeps logs and branch records: inside ``.git``, never in the work tree."""
    path = Path(repo.common_dir) / "fixer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def branch_name(findings: Iterable[Finding]) -> str:
    """``fixer/<rule>-<hash>``: the rule code (or ``multi``) and a hash of the fingerprints."""
    findings = list(findings)
    if not findings:
        raise FixerError("no fix to apply: nothing to put on a branch")
    codes = sorted({f.rule.lower() for f in findings})
    rule = codes[0] if len(codes) == 1 else "multi"
    prints = sorted({f.fingerprint for f in findings})
    digest = hashlib.sha256("\n".join(prints).encode()).hexdigest()[:10]
    return f"fixer/{rule}-{digest}"


def check_branch_name(repo: git.Repo, name: str) -> str:
    try:
        repo.git.check_ref_format("--branch", name)
    except git.GitCommandError:
        raise FixerError(f"invalid branch name {name!r}", toplevel(repo).name) from None
    return name


@contextlib.contextmanager
def worktree(repo: git.Repo, rev: str, label: str = "wt") -> Iterator[Path]:
    """Check ``rev`` out, detached, in a temporary folder; removed on exit, whatever happens."""
    sha = resolve(repo, rev)
    parent = Path(tempfile.mkdtemp(prefix=f"fixer-{label}-"))
    path = parent / "tree"
    try:
        repo.git.worktree("add", "--detach", "--quiet", str(path), sha)
    except git.GitCommandError as exc:
        shutil.rmtree(parent, ignore_errors=True)
        raise FixerError(f"git worktree add failed: {_first_line(exc)}", str(path)) from None
    try:
        yield path
    finally:
        with contextlib.suppress(git.GitCommandError):
            repo.git.worktree("remove", "--force", str(path))
        shutil.rmtree(parent, ignore_errors=True)
        with contextlib.suppress(git.GitCommandError):
            repo.git.worktree("prune")


def bot_env() -> dict[str, str]:
    return {
        "GIT_AUTHOR_NAME": BOT_NAME,
        "GIT_AUTHOR_EMAIL": BOT_EMAIL,
        "GIT_COMMITTER_NAME": BOT_NAME,
        "GIT_COMMITTER_EMAIL": BOT_EMAIL,
    }


def commit_message(findings: Sequence[Finding], fixes: Sequence[tuple[str, str]]) -> str:
    """A conventional commit: subject, the fixes with their safety, one trailer per finding.

    ``fixes`` are ``(safety, description)`` pairs.
    """
    codes = ", ".join(sorted({f.rule for f in findings}))
    subject = f"fix: repair {len(findings)} configuration drift finding(s) ({codes})"
    body = [f"- [{safety}] {description}" for safety, description in fixes]
    body += [""] + [f"  {f.rule} {f.path}:{f.line}: {f.message}" for f in findings]
    trailers = [
        f"{TRAILER}: {f.rule} {f.fingerprint}"
        for f in sorted(findings, key=lambda f: (f.rule, f.fingerprint))
    ]
    return "\n".join([subject, "", *body, "", *dict.fromkeys(trailers)]) + "\n"


def commit(tree: Path, paths: Sequence[str], message: str) -> str:
    """Commit ``paths`` in the (detached) worktree ``tree`` as the bot; returns the sha."""
    wt = git.Repo(tree)
    if paths:
        wt.git.add("--", *paths)
    with wt.git.custom_environment(**bot_env()):
        wt.git.commit("--quiet", "--no-verify", "-m", message)
    return wt.head.commit.hexsha


def branch_sha(repo: git.Repo, name: str) -> str | None:
    ref = f"refs/heads/{name}"
    try:
        return repo.git.rev_parse("--verify", "--quiet", ref + "^{commit}")
    except git.GitCommandError:
        return None


def foreign_commits(repo: git.Repo, tip: str, base: str) -> list[Commit]:
    """Commits reachable from ``tip`` but not ``base`` whose author is not the bot."""
    out = repo.git.log(tip, f"^{base}", "--format=%H%x1f%ae%x1f%s")
    commits = []
    for line in out.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 3 and parts[1] != BOT_EMAIL:
            commits.append(Commit(parts[0], parts[1], parts[2]))
    return commits


def set_branch(repo: git.Repo, name: str, sha: str, base: str) -> None:
    """Point ``name`` at ``sha``; refuse if it is checked out or holds someone else's commits."""
    current = branch_sha(repo, name)
    if current is not None and current != sha:
        if _checked_out(repo, name):
            raise FixerError(
                f"branch {name} is checked out; switch away from it first", toplevel(repo).name
            )
        foreign = foreign_commits(repo, current, base)
        if foreign:
            raise FixerError(
                f"branch {name} has {len(foreign)} commit(s) not written by fixer "
                f"(first: {foreign[0].sha[:10]} by {foreign[0].author_email}); not overwritten. "
                "Use --branch-name for another branch",
                toplevel(repo).name,
            )
    repo.git.update_ref(f"refs/heads/{name}", sha, "-m", "fixer: branch updated")


def delete_branch(repo: git.Repo, name: str) -> None:
    if branch_sha(repo, name) is not None and not _checked_out(repo, name):
        repo.git.update_ref("-d", f"refs/heads/{name}")


def _checked_out(repo: git.Repo, name: str) -> bool:
    listing = repo.git.worktree("list", "--porcelain")
    return f"branch refs/heads/{name}" in listing.splitlines()


def current_branch(repo: git.Repo) -> str | None:
    try:
        return repo.active_branch.name
    except TypeError:  # detached HEAD
        return None


def remote_tip(repo: git.Repo, remote: str, name: str) -> str | None:
    """Fetch ``name`` from ``remote``; its tip there, or None if the remote has no such branch."""
    try:
        rem = repo.remote(remote)
    except ValueError:
        raise FixerError(f"no remote named {remote!r}", toplevel(repo).name) from None
    tracking = f"refs/fixer/remote/{remote}/{name}"
    try:
        rem.fetch(f"+refs/heads/{name}:{tracking}", no_tags=True)
    except git.GitCommandError as exc:
        if "couldn't find remote ref" in str(exc):
            return None
        raise FixerError(
            f"git fetch {remote} failed: {_first_line(exc)}", toplevel(repo).name
        ) from None
    return repo.git.rev_parse(tracking)


def push(repo: git.Repo, remote: str, name: str, sha: str, *, force: bool) -> None:
    """Push ``sha`` to ``remote``'s ``name`` (gitpython); errors become :class:`FixerError`."""
    refspec = f"{'+' if force else ''}{sha}:refs/heads/{name}"
    try:
        infos = repo.remote(remote).push(refspec)
    except git.GitCommandError as exc:
        raise FixerError(f"git push failed: {_first_line(exc)}", toplevel(repo).name) from None
    for info in infos:
        if info.flags & info.ERROR:
            raise FixerError(f"git push refused: {info.summary.strip()}", toplevel(repo).name)


def _first_line(exc: git.GitCommandError) -> str:
    text = str(exc.stderr or exc).strip().strip("'").strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else str(exc)
