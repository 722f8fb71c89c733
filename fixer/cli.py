"""The command line: ``fixer diagnose``, ``apply``, ``verify``, ``pr``, ``rules``, ``explain``,
``demo``.

Exit codes: 0 clean; 1 findings (diagnose), fixes pending (``apply --dry-run``), or a
verification that failed (a regression, a finding not gone or a new one: the branch is not
kept); 2 usage or internal error, or an apply that could not write.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from fixer import apply as apply_stage
from fixer import reports, rules
from fixer.config import Options
from fixer.errors import FixerError
from fixer.pipeline import diagnose as run_diagnose
from fixer.pipeline import plan_changes

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find and repair configuration drift between Python code, compose files and the tree.",
)


class Format(str, Enum):
    text = "text"
    json = "json"


class Align(str, Enum):
    code = "code"
    compose = "compose"


def _codes(value: str | None) -> frozenset[str]:
    return frozenset(c.strip().upper() for c in (value or "").split(",") if c.strip())


def _options(select: str | None, ignore: str | None, unsafe: bool, align: Align) -> Options:
    return Options(
        select=_codes(select), ignore=_codes(ignore), unsafe_fixes=unsafe, align=align.value
    )


PathArg = typer.Argument(Path("."), help="Root of the tree to look at.")
SelectOpt = typer.Option(
    None, "--select", help="Only these rules (codes or prefixes, comma-separated)."
)
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rules (codes or prefixes).")
AlignOpt = typer.Option(Align.code, "--align", help="FX301: rewrite the code, or the compose file.")


def _fail(exc: FixerError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@app.command()
def diagnose(
    path: Path = PathArg,
    format: Format = typer.Option(Format.text, "--format", help="Output format."),
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align = AlignOpt,
) -> None:
    """Report drift: rule, file:line, evidence, and the fix when one is unambiguous."""
    options = _options(select, ignore, False, align)
    try:
        run = run_diagnose(path, options)
    except FixerError as exc:
        raise _fail(exc) from None
    if format is Format.json:
        typer.echo(reports.to_json(run.diagnosis), nl=False)
    else:
        typer.echo(reports.to_text(run.diagnosis), nl=False)
    raise typer.Exit(1 if run.diagnosis.findings else 0)


VerifyOpt = typer.Option(
    None, "--verify", help='Reproduction tests, as pytest arguments ("tests/unit -k ws").'
)
TimeoutOpt = typer.Option(
    None, "--timeout", help="Time limit of each test run, in seconds (default 600)."
)


@app.command("apply")
def apply_cmd(
    path: Path = PathArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print one unified diff; write nothing."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply unsafe fixes."),
    branch: bool = typer.Option(
        False, "--branch", help="Fix HEAD on a branch, in a worktree, with proof."
    ),
    branch_name: str | None = typer.Option(
        None, "--branch-name", help="Branch name (default fixer/<rule>-<hash>)."
    ),
    verify_cmd: str | None = VerifyOpt,
    timeout: float | None = TimeoutOpt,
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align = AlignOpt,
) -> None:
    """Apply the unambiguous fixes (all files or none), or show them with --dry-run."""
    options = _options(select, ignore, unsafe_fixes, align)
    if branch or branch_name:
        if dry_run:
            typer.echo("error: --dry-run and --branch do not go together", err=True)
            raise typer.Exit(2)
        raise typer.Exit(_apply_branch(path, options, branch_name, verify_cmd, timeout))
    try:
        run = run_diagnose(path, options)
        plan, changes = plan_changes(run, options)
        for e in run.diagnosis.errors:
            typer.echo(f"error: {e}", err=True)
        if dry_run:
            typer.echo(apply_stage.unified_diff(changes), nl=False)
            raise typer.Exit(1 if changes else 0)
        apply_stage.write(run.workspace, changes)
    except FixerError as exc:
        raise _fail(exc) from None
    for planned in plan.fixes:
        codes = ", ".join(sorted({f.rule for f in planned.findings}))
        typer.echo(f"fixed ({planned.fix.safety}) {codes}: {planned.fix.description}")
    for skipped in plan.skipped:
        f = skipped.finding
        typer.echo(f"not fixed {f.rule} {f.path}:{f.line}: {skipped.reason}")
    typer.echo(f"{len(changes)} file(s) changed, {len(plan.fixes)} fix(es) applied.")


def _apply_branch(
    path: Path, options: Options, name: str | None, cmd: str | None, timeout: float | None
) -> int:
    from fixer import workflow

    try:
        result = workflow.apply_branch(
            path, options, branch_name=name, command=cmd, timeout=timeout, echo=typer.echo
        )
    except FixerError as exc:
        raise _fail(exc) from None
    for line in result.applied:
        typer.echo(f"fixed {line}")
    for line in result.not_applied:
        typer.echo(f"not fixed {line}")
    if not result.branch:
        typer.echo("Nothing to fix: no branch created.")
        return 0
    if result.proof is not None:
        typer.echo("")
        typer.echo(result.proof.report(), nl=False)
    if not result.kept:
        typer.echo(f"Verification failed: branch {result.branch} not created or updated.")
        return 1
    typer.echo(
        f"Branch {result.branch} -> {result.record.sha[:10] if result.record else ''} "
        "(your checkout is untouched). Next: fixer pr"
    )
    return 0


@app.command("verify")
def verify_cmd_(
    path: Path = PathArg,
    verify_cmd: str | None = VerifyOpt,
    base: str | None = typer.Option(
        None, "--base", help="Base revision (default: the branch's base)."
    ),
    branch: str | None = typer.Option(
        None, "--branch", help="Branch to verify (default: fixer's latest)."
    ),
    timeout: float | None = TimeoutOpt,
    unsafe_fixes: bool = typer.Option(
        False, "--unsafe-fixes", help="Diagnose with unsafe fixes on."
    ),
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align = AlignOpt,
) -> None:
    """Prove a fix branch: re-diagnose it, run the reproduction tests on base and branch."""
    from fixer import workflow

    options = _options(select, ignore, unsafe_fixes, align)
    try:
        proof = workflow.verify_branch(
            path, options, branch=branch, base=base, command=verify_cmd, timeout=timeout
        )
    except FixerError as exc:
        raise _fail(exc) from None
    typer.echo(proof.report(), nl=False)
    raise typer.Exit(0 if proof.ok else 1)


@app.command("pr")
def pr_cmd(
    path: Path = PathArg,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print the requests; push and send nothing."
    ),
    base_url: str = typer.Option(
        "https://api.github.com",
        "--base-url",
        envvar="FIXER_GITHUB_API",
        help="GitHub API URL (Enterprise: https://HOST/api/v3).",
    ),
    repo: str | None = typer.Option(
        None, "--repo", help="owner/name (default: from the remote URL)."
    ),
    label: list[str] = typer.Option(["fixer"], "--label", help="Label to add (repeatable)."),
    remote: str = typer.Option("origin", "--remote", help="Remote to push to."),
    branch: str | None = typer.Option(None, "--branch", help="Fixer branch (default: the latest)."),
    base: str | None = typer.Option(
        None, "--base", help="Pull request base branch (default: the branch fixer started from)."
    ),
) -> None:
    """Push the fixer branch and open (or update) its pull request on GitHub."""
    import os

    from fixer import forge, gitops, workflow

    try:
        slug = repo
        if slug is None:
            git_repo = gitops.open_repo(path)
            try:
                url = git_repo.remote(remote).url
            except ValueError:
                raise FixerError(f"no remote named {remote!r}; give --repo owner/name") from None
            slug = forge.parse_repo_slug(url)
            if slug is None:
                raise FixerError(f"cannot tell owner/name from {remote} URL; give --repo")
        client = forge.GitHub(
            slug,
            token=os.environ.get(forge.TOKEN_ENV),
            base_url=base_url,
            dry_run=dry_run,
            echo=typer.echo,
        )
        result = workflow.open_pr(
            path,
            client=client,
            branch=branch,
            remote=remote,
            labels=label,
            base_branch=base,
            dry_run=dry_run,
            echo=typer.echo,
        )
    except FixerError as exc:
        raise _fail(exc) from None
    if dry_run:
        typer.echo("(dry run: nothing pushed, nothing sent)")
    elif result.created:
        typer.echo(f"opened pull request #{result.number} {result.url or ''}".rstrip())
    else:
        typer.echo(f"updated pull request #{result.number} {result.url or ''}".rstrip())


@app.command("rules")
def rules_cmd() -> None:
    """List every rule: code, name, summary."""
    for rule in rules.all_rules():
        typer.echo(f"{rule.code}  {rule.name:38} {rule.summary}")


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code (FX201) or name.")) -> None:
    """Print a rule's documentation."""
    rule = rules.get(code)
    if rule is None:
        typer.echo(f"error: unknown rule {code!r} (see `fixer rules`)", err=True)
        raise typer.Exit(2)
    typer.echo(f"{rule.code} ({rule.name})\n")
    typer.echo(rule.doc.strip())


@app.command()
def demo(
    keep: bool = typer.Option(False, "--keep", help="Keep the temporary copy and print its path."),
) -> None:
    """Run the whole job on the bundled incident fixture, step by step."""
    from fixer.demo import run_demo

    try:
        code = run_demo(keep=keep, echo=typer.echo)
    except FixerError as exc:
        raise _fail(exc) from None
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
