"""The command line: ``fixer diagnose``, ``apply``, ``rules``, ``explain``, ``config``, ``demo``.

Exit codes: 0 clean; 1 findings (diagnose) or fixes pending (``apply --dry-run``);
2 usage or internal error, or an apply that could not write.
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
SelectOpt = typer.Option(None, "--select", help="Only these rules (codes or prefixes, comma-separated).")
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rules (codes or prefixes).")
AlignOpt = typer.Option(None, "--align", help="FX301: rewrite the code, or the compose file.")
ConfigOpt = typer.Option(
    None, "--config", help="Config file (default: fixer.toml, else pyproject.toml [tool.fixer])."
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
        False, "--write-baseline",
        help=f"Record every current finding in the baseline (--baseline, or {DEFAULT_BASELINE}).",
    ),
    add_ignore: bool = typer.Option(
        False, "--add-ignore",
        help="Write a `# fixer: ignore[CODE]` comment on each finding's line (Python and YAML).",
    ),
) -> None:
    """Report drift: rule, file:line, evidence, and the fix when one is unambiguous."""
    try:
        options = _options(select, ignore, None, align, path, config)
        if baseline_path is not None:
            options = merge(options, baseline=str(baseline_path.resolve()))
        run = run_diagnose(path, options, use_baseline=not write_baseline)
        if write_baseline:
            raise typer.Exit(_write_baseline(path, options, run))
        if add_ignore:
            raise typer.Exit(_add_ignores(run))
    except FixerError as exc:
        raise _fail(exc) from None
    fmt = format.value if format is not None else options.output_format
    text_options = {}
    if fmt == "text":
        text_options = {
            "source": lambda p: _read_or_none(run, p),
            "color": reports.use_color(sys.stdout, os.environ),
        }
    typer.echo(reports.render(fmt, run.diagnosis, **text_options), nl=False)
    if fmt == "text" and (run.suppressed or run.baselined):
        typer.echo(
            f"({run.suppressed} suppressed by comments, {run.baselined} in the baseline)",
            err=True,
        )
    raise typer.Exit(1 if run.diagnosis.findings else 0)


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
    select: str | None = SelectOpt,
    ignore: str | None = IgnoreOpt,
    align: Align | None = AlignOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Apply the unambiguous fixes (all files or none), or show them with --dry-run."""
    try:
        options = _options(select, ignore, unsafe_fixes, align, path, config)
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
