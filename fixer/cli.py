"""The command line: ``fixer diagnose``, ``apply``, ``verify``, ``pr``, ``rules``, ``explain``,
``config``, ``demo``.

Exit codes: 0 clean; 1 findings (diagnose), fixes pending (``apply --dry-run``), or a
verification that failed (a regression, a finding not gone or a new one: the branch is not
kept); 2 usage or internal error, or an apply that could not write.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from fixer import apply as apply_stage
from fixer import baseline as baseline_file
from fixer import reports, rules, suppress
from fixer.config import DEFAULT_BASELINE, Options, effective, load_config, merge
from fixer.errors import FixerError
from fixer.pipeline import Run as PipelineRun
from fixer.pipeline import diagnose as run_diagnose
from fixer.pipeline import plan_changes
from fixer.progress import LazyProgress

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find and repair configuration drift between Python code, compose files and the tree.",
)


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class Align(str, Enum):
    code = "code"
    compose = "compose"


def _codes(value: str | None) -> frozenset[str]:
    return frozenset(c.strip().upper() for c in (value or "").split(",") if c.strip())


def _options(
    select: str | None,
    ignore: str | None,
    unsafe: bool | None,
    align: Align | None,
    root: Path = Path("."),
    config: Path | None = None,
) -> Options:
    """The configuration file's options with the flags that were given put over them."""
    return merge(
        load_config(root, config),
        select=_codes(select) if select is not None else None,
        ignore=_codes(ignore) if ignore is not None else None,
        unsafe_fixes=unsafe,
        align=align.value if align is not None else None,
    )


PathArg = typer.Argument(Path("."), help="Root of the tree to look at.")
SelectOpt = typer.Option(
    None, "--select", help="Only these rules (codes or prefixes, comma-separated)."
)
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rules (codes or prefixes).")
AlignOpt = typer.Option(None, "--align", help="FX301: rewrite the code, or the compose file.")
DiffBaseOpt = typer.Option(
    None,
    "--diff-base",
    metavar="REV",
    help="Only findings touching files changed since REV (or uncommitted); facts still come "
    "from the whole tree.",
)
NoCacheOpt = typer.Option(False, "--no-cache", help="Neither read nor write .fixer_cache/.")
ConfigOpt = typer.Option(
    None, "--config", help="Config file (default: fixer.toml, else pyproject.toml [tool.fixer])."
)
ShowErrorsOpt = typer.Option(
    False,
    "--show-errors",
    help=f"List every input error and skipped file (else the first {reports.ERRORS_SHOWN} "
    "errors and a count per kind).",
)


def _fail(exc: FixerError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@app.command()
def diagnose(
    path: Path = PathArg,
    format: Format | None = typer.Option(
        None, "--format", help="Output format (default: output-format in the config, else text)."
    ),
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align | None = AlignOpt,
    config: Path | None = ConfigOpt,
    baseline_path: Path | None = typer.Option(
        None, "--baseline", help="Hide the findings recorded in this baseline file."
    ),
    write_baseline: bool = typer.Option(
        False,
        "--write-baseline",
        help=f"Record every current finding in the baseline (--baseline, or {DEFAULT_BASELINE}).",
    ),
    add_ignore: bool = typer.Option(
        False,
        "--add-ignore",
        help="Write a `# fixer: ignore[CODE]` comment on each finding's line (Python and YAML).",
    ),
    diff_base: str | None = DiffBaseOpt,
    no_cache: bool = NoCacheOpt,
    show_errors: bool = ShowErrorsOpt,
) -> None:
    """Report drift: rule, file:line, evidence, and the fix when one is unambiguous."""
    try:
        options = _options(select, ignore, None, align, path, config)
        if baseline_path is not None:
            options = merge(options, baseline=str(baseline_path.resolve()))
        with LazyProgress() as progress:
            run = run_diagnose(
                path,
                options,
                use_baseline=not write_baseline,
                diff_base=diff_base,
                use_cache=not no_cache,
                progress=progress,
            )
        if write_baseline:
            raise typer.Exit(_write_baseline(path, options, run))
        if add_ignore:
            raise typer.Exit(_add_ignores(run))
    except FixerError as exc:
        raise _fail(exc) from None
    fmt = format.value if format is not None else options.output_format
    if fmt != "text":  # the document holds everything: stdout only
        typer.echo(reports.render(fmt, run.diagnosis), nl=False)
        raise typer.Exit(1 if run.diagnosis.findings else 0)
    color = reports.use_color(sys.stdout, os.environ)
    body = reports.findings_lines(
        run.diagnosis, source=lambda p: _read_or_none(run, p), color=color
    )
    if body:
        typer.echo("\n".join(body))
    _echo_notes(run, show_errors)
    typer.echo(reports.summary(run.diagnosis))
    raise typer.Exit(1 if run.diagnosis.findings else 0)


def _echo_notes(run: PipelineRun, show_errors: bool) -> None:
    """On stderr, in ``diagnose`` and ``apply`` alike: what the run could not use or left
    out (input errors, skipped files) and the findings it hid (docs/decisions/081)."""
    color = reports.use_color(sys.stderr, os.environ)
    for line in reports.input_notes(run.diagnosis, show_all=show_errors, color=color):
        typer.echo(line, err=True)
    if run.suppressed or run.baselined:
        typer.echo(
            f"({run.suppressed} suppressed by comments, {run.baselined} in the baseline)",
            err=True,
        )


VerifyOpt = typer.Option(
    None, "--verify", help='Reproduction tests, as pytest arguments ("tests/unit -k ws").'
)
TimeoutOpt = typer.Option(
    None, "--timeout", help="Time limit of each test run, in seconds (default 600)."
)


def _read_or_none(run: PipelineRun, rel: str) -> str | None:
    try:
        return run.workspace.read(rel).text
    except FixerError:
        return None


def _write_baseline(root: Path, options: Options, run: PipelineRun) -> int:
    target = Path(options.baseline or DEFAULT_BASELINE)
    target = target if target.is_absolute() else root / target
    count = baseline_file.write(target, run.diagnosis.findings)
    typer.echo(f"wrote {count} finding(s) to {target}")
    return 0


def _add_ignores(run: PipelineRun) -> int:
    changes, skipped = suppress.add_ignores(run.diagnosis.findings, run.workspace.read)
    apply_stage.write(run.workspace, changes)
    added = len(run.diagnosis.findings) - len(skipped)
    for item in skipped:
        f = item.finding
        typer.echo(f"not suppressed {f.rule} {f.path}:{f.line}: {item.reason}", err=True)
    typer.echo(f"added suppressions for {added} finding(s) in {len(changes)} file(s)")
    return 1 if skipped else 0


@app.command("apply")
def apply_cmd(
    path: Path = PathArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print one unified diff; write nothing."),
    unsafe_fixes: bool | None = typer.Option(
        None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply unsafe fixes."
    ),
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
    align: Align | None = AlignOpt,
    config: Path | None = ConfigOpt,
    diff_base: str | None = DiffBaseOpt,
    no_cache: bool = NoCacheOpt,
    show_errors: bool = ShowErrorsOpt,
) -> None:
    """Apply the unambiguous fixes (all files or none), or show them with --dry-run."""
    if branch or branch_name:
        if dry_run:
            typer.echo("error: --dry-run and --branch do not go together", err=True)
            raise typer.Exit(2)
        try:
            options = _options(select, ignore, unsafe_fixes, align, path, config)
        except FixerError as exc:
            raise _fail(exc) from None
        raise typer.Exit(_apply_branch(path, options, branch_name, verify_cmd, timeout))
    try:
        options = _options(select, ignore, unsafe_fixes, align, path, config)
        with LazyProgress() as progress:
            run = run_diagnose(
                path, options, diff_base=diff_base, use_cache=not no_cache, progress=progress
            )
        plan, changes = plan_changes(run, options)
        _echo_notes(run, show_errors)
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
    align: Align | None = AlignOpt,
) -> None:
    """Prove a fix branch: re-diagnose it, run the reproduction tests on base and branch."""
    from fixer import workflow

    try:
        options = _options(select, ignore, unsafe_fixes or None, align, path)
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


@app.command("config")
def config_cmd(
    path: Path = PathArg,
    config: Path | None = ConfigOpt,
) -> None:
    """Print the effective configuration (file values, defaults filled in) as TOML."""
    try:
        typer.echo(effective(load_config(path, config)), nl=False)
    except FixerError as exc:
        raise _fail(exc) from None


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
