"""The command line: ``fixer diagnose``, ``apply``, ``rules``, ``explain``, ``demo``.

Exit codes: 0 clean; 1 findings (diagnose) or fixes pending (``apply --dry-run``);
2 usage or internal error, or an apply that could not write.
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
from fixer.pipeline import Run, plan_changes
from fixer.pipeline import diagnose as run_diagnose
from fixer.progress import LazyProgress

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
SelectOpt = typer.Option(None, "--select", help="Only these rules (codes or prefixes, comma-separated).")
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rules (codes or prefixes).")
AlignOpt = typer.Option(Align.code, "--align", help="FX301: rewrite the code, or the compose file.")
DiffBaseOpt = typer.Option(
    None, "--diff-base", metavar="REV",
    help="Only findings touching files changed since REV (or uncommitted); facts still come "
    "from the whole tree.",
)
NoCacheOpt = typer.Option(False, "--no-cache", help="Neither read nor write .fixer_cache/.")


def _diagnose(path: Path, options: Options, diff_base: str | None, no_cache: bool) -> Run:
    with LazyProgress() as progress:
        return run_diagnose(path, options, diff_base=diff_base, use_cache=not no_cache,
                            progress=progress)


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
    diff_base: str | None = DiffBaseOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Report drift: rule, file:line, evidence, and the fix when one is unambiguous."""
    options = _options(select, ignore, False, align)
    try:
        run = _diagnose(path, options, diff_base, no_cache)
    except FixerError as exc:
        raise _fail(exc) from None
    if format is Format.json:
        typer.echo(reports.to_json(run.diagnosis), nl=False)
    else:
        typer.echo(reports.to_text(run.diagnosis), nl=False)
    raise typer.Exit(1 if run.diagnosis.findings else 0)


@app.command("apply")
def apply_cmd(
    path: Path = PathArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print one unified diff; write nothing."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply unsafe fixes."),
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align = AlignOpt,
    diff_base: str | None = DiffBaseOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Apply the unambiguous fixes (all files or none), or show them with --dry-run."""
    options = _options(select, ignore, unsafe_fixes, align)
    try:
        run = _diagnose(path, options, diff_base, no_cache)
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
