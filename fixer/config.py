"""Run options: what the CLI flags and ``[tool.fixer]`` settle before the rules run.

Configuration is read from the scanned root: ``fixer.toml`` (keys at the top level) when it
exists, else the ``[tool.fixer]`` table of ``pyproject.toml``; no file means the defaults.
Unknown keys and values of the wrong type are :class:`~fixer.errors.FixerError` values that
name the key and the ``file:line`` it is on. CLI flags override the file (see
:func:`merge`). Every key is described in ``docs/configuration.md``.
See ``docs/decisions/054-config-lookup.md``.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pathspec

from fixer.errors import FixerError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

Align = Literal["code", "compose"]
FORMATS = ("text", "json", "sarif", "github", "junit")
DEFAULT_BASELINE = ".fixer-baseline.json"


@dataclass(frozen=True)
class Options:
    """Options every rule may read. Defaults are what a first run without config gets."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    align: Align = "code"
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    verify_commands: tuple[str, ...] = ()
    verify_timeout: float = 600.0
    output_format: str = "text"
    baseline: str | None = None
    source: str | None = None  # the file the options were read from, for `fixer config`
    # ``[tool.fixer] service-targets``: (glob of a Python path, compose file) pairs, in order;
    # the compose file that service names in matching Python files refer to (FX301/FX302).
    service_targets: tuple[tuple[str, str], ...] = ()
    # ``[tool.fixer] compose-stacks``: gitignore-style patterns of compose files to check as
    # stacks even where fixer would not (test data, documentation examples, embedded copies)
    compose_stacks: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.select and not _hit(code, self.select):
            return False
        return not _hit(code, self.ignore)

    def enabled_for(self, code: str, path: str) -> bool:
        """``enabled(code)``, and not switched off for ``path`` by ``per-file-ignores``."""
        if not self.enabled(code):
            return False
        for pattern, codes in self.per_file_ignores:
            if _hit(code, codes) and _glob(pattern).match_file(path):
                return False
        return True


def _hit(code: str, patterns: frozenset[str]) -> bool:
    return any(code.startswith(p) for p in patterns) or "ALL" in patterns


def _glob(pattern: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([pattern])


# --- reading the file ------------------------------------------------------------------------

# key -> (Options field, expected type description)
_TOP_KEYS = {
    "select": "list of rule codes or prefixes",
    "ignore": "list of rule codes or prefixes",
    "extend-exclude": "list of gitignore-style patterns",
    "per-file-ignores": "table: pattern = list of codes",
    "unsafe-fixes": "boolean",
    "align": '"code" or "compose"',
    "output-format": " or ".join(f'"{f}"' for f in FORMATS),
    "baseline": "path of a baseline file",
    "verify": "table with commands (list of strings) and timeout (seconds)",
    "service-targets": "table: glob of Python paths = compose file",
    "compose-stacks": "list of gitignore-style patterns of compose files",
}
_VERIFY_KEYS = {"commands": "list of strings", "timeout": "number of seconds"}


def find_config(root: Path) -> tuple[Path, bool] | None:
    """The config file for ``root`` and whether its keys sit under ``[tool.fixer]``."""
    own = Path(root) / "fixer.toml"
    if own.is_file():
        return own, False
    project = Path(root) / "pyproject.toml"
    if project.is_file():
        return project, True
    return None


def load_config(root: Path, path: Path | None = None) -> Options:
    """The options ``root``'s config file sets (defaults when there is none)."""
    if path is not None:
        if not Path(path).is_file():
            raise FixerError(f"config file not found: {path}")
        found: tuple[Path, bool] | None = (Path(path), Path(path).name == "pyproject.toml")
    else:
        found = find_config(root)
    if found is None:
        return Options()
    file, nested = found
    text = file.read_text(encoding="utf-8")
    name = file.name if path is None else str(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise FixerError(
            f"invalid TOML: {exc}", name, int(match.group(1)) if match else 1
        ) from None
    table: Any = doc.get("tool", {}).get("fixer") if nested else doc
    if table is None:
        return Options()
    return parse_table(table, text, name)


def parse_table(table: Mapping[str, Any], text: str = "", name: str = "fixer.toml") -> Options:
    """Turn the ``[tool.fixer]`` table into :class:`Options`; errors name key and line."""

    def fail(key: str, message: str) -> FixerError:
        return FixerError(message, name, _line_of(text, key))

    def codes(key: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of rule codes, got {value!r}")
        return frozenset(v.strip().upper() for v in value)

    def strings(key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings, got {value!r}")
        return tuple(value)

    out: dict[str, Any] = {"source": name}
    for key, value in table.items():
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS))
            raise fail(key, f"unknown key {key!r} in fixer configuration (known: {known})")
        if key == "select":
            out["select"] = codes(key, value)
        elif key == "ignore":
            out["ignore"] = codes(key, value)
        elif key == "extend-exclude":
            out["extend_exclude"] = strings(key, value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise fail(key, f"{key!r} must be a table of pattern = [codes]")
            out["per_file_ignores"] = tuple(
                (pattern, codes(pattern, v)) for pattern, v in value.items()
            )
        elif key == "unsafe-fixes":
            if not isinstance(value, bool):
                raise fail(key, f"{key!r} must be true or false, got {value!r}")
            out["unsafe_fixes"] = value
        elif key == "align":
            if value not in ("code", "compose"):
                raise fail(key, f'{key!r} must be "code" or "compose", got {value!r}')
            out["align"] = value
        elif key == "output-format":
            if value not in FORMATS:
                raise fail(key, f"{key!r} must be one of {', '.join(FORMATS)}, got {value!r}")
            out["output_format"] = value
        elif key == "baseline":
            if not isinstance(value, str):
                raise fail(key, f"{key!r} must be a path, got {value!r}")
            out["baseline"] = value
        elif key == "service-targets":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise fail(key, f'{key!r} must be a table of "glob" = "compose file"')
            out["service_targets"] = tuple(value.items())
        elif key == "compose-stacks":
            out["compose_stacks"] = strings(key, value)
        elif key == "verify":
            if not isinstance(value, dict):
                raise fail(key, f"{key!r} must be a table ([tool.fixer.verify])")
            for sub, v in value.items():
                if sub not in _VERIFY_KEYS:
                    raise fail(sub, f"unknown key {sub!r} in verify (known: commands, timeout)")
                if sub == "commands":
                    out["verify_commands"] = strings(sub, v)
                elif not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
                    raise fail(sub, f"'timeout' must be a positive number of seconds, got {v!r}")
                else:
                    out["verify_timeout"] = float(v)
    return Options(**out)


def _line_of(text: str, key: str) -> int:
    """The 1-based line where ``key`` is assigned (or is a table name) in TOML ``text``."""
    pattern = re.compile(
        rf"""^[ \t]*(?:\[[^\]]*\b{re.escape(key)}\b[^\]]*\]|["']?{re.escape(key)}["']?\s*=)""",
        re.MULTILINE,
    )
    begin = max(text.find("[tool.fixer"), 0)
    match = pattern.search(text, begin)
    if match is None:
        match = re.compile(re.escape(key)).search(text, begin)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def merge(base: Options, **flags: Any) -> Options:
    """``base`` with every flag that was given (not None) put over it."""
    given = {k: v for k, v in flags.items() if v is not None}
    return dataclasses.replace(base, **given)


def effective(options: Options) -> str:
    """The options as a ``[tool.fixer]`` TOML table, for ``fixer config``."""

    def lst(items: object) -> str:
        return "[" + ", ".join(f'"{_esc(str(i))}"' for i in sorted(items)) + "]"  # type: ignore[attr-defined]

    lines = [
        f"# from: {options.source or 'defaults (no fixer.toml or [tool.fixer])'}",
        "[tool.fixer]",
        f"select = {lst(options.select)}",
        f"ignore = {lst(options.ignore)}",
        f"extend-exclude = {lst(options.extend_exclude)}",
        f"compose-stacks = {lst(options.compose_stacks)}",
        f"unsafe-fixes = {'true' if options.unsafe_fixes else 'false'}",
        f'align = "{options.align}"',
        f'output-format = "{options.output_format}"',
    ]
    if options.baseline is not None:
        lines.append(f'baseline = "{_esc(options.baseline)}"')
    lines.append("")
    lines.append("[tool.fixer.per-file-ignores]")
    for pattern, codes in options.per_file_ignores:
        lines.append(f'"{_esc(pattern)}" = {lst(codes)}')
    lines.append("")
    lines.append("[tool.fixer.service-targets]")
    for pattern, target in options.service_targets:
        lines.append(f'"{_esc(pattern)}" = "{_esc(target)}"')
    lines.append("")
    lines.append("[tool.fixer.verify]")
    lines.append("commands = [" + ", ".join(f'"{_esc(c)}"' for c in options.verify_commands) + "]")
    lines.append(f"timeout = {options.verify_timeout:g}")
    return "\n".join(lines) + "\n"


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
