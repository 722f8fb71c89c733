"""The definition of a missing config field, from the strongest evidence available.

Shared by FX101 (a field read but never defined) and FX102 (a constructor keyword that is
not a field). Evidence, strongest first (see docs/decisions/021-field-evidence.md):

a. the field deleted from this class in git history: its last definition, verbatim (safe);
b. a definition of the same name stranded at module level in the class's file (safe);
c. the same field on other config classes of the repository, or the default of a
   ``getattr(obj, "name", default)`` / the value passed as ``Cls(name=value)`` (unsafe);
d. inference from how the value is used and from the name (unsafe; the line says so).
"""

from __future__ import annotations

import ast
import builtins
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from fixer.errors import FixerError
from fixer.facts.python import FieldDef, PythonModule, extract
from fixer.model import CodemodCall, Fix, Safety
from fixer.rules._classes import ClassRef, Index, Lineage

GUESS_COMMENT = "# fixer: guessed type and default"
_BUILTINS = frozenset(dir(builtins))
_NUMBER_SUFFIXES_FLOAT = (
    "timeout",
    "seconds",
    "secs",
    "interval",
    "delay",
    "duration",
    "ttl",
    "wait",
    "backoff",
    "factor",
    "ratio",
    "rate",
    "threshold",
)
_NUMBER_INT = (
    "retries",
    "count",
    "size",
    "limit",
    "port",
    "workers",
    "attempts",
    "depth",
    "length",
    "capacity",
    "concurrency",
    "threads",
    "processes",
    "batch",
)
_STR_SUFFIXES = (
    "url",
    "uri",
    "path",
    "dir",
    "directory",
    "host",
    "hostname",
    "name",
    "file",
    "filename",
    "prefix",
    "suffix",
    "endpoint",
    "region",
    "token",
    "key",
    "id",
    "image",
    "tag",
    "version",
    "mode",
    "level",
    "format",
    "pattern",
    "user",
)
_BOOL_PREFIXES = (
    "is_",
    "has_",
    "enable_",
    "enabled_",
    "use_",
    "should_",
    "allow_",
    "skip_",
    "can_",
    "do_",
    "with_",
    "no_",
    "disable_",
)
_BOOL_SUFFIXES = ("_enabled", "_disabled", "_allowed", "_required", "_only")


@dataclass(frozen=True)
class FieldPlan:
    """How to add one field: the source line(s), their safety, evidence and needed imports."""

    name: str
    source: str
    safety: Safety
    evidence: tuple[str, ...]
    imports: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Uses:
    """What the code tells about a missing field's value."""

    uses: frozenset[str] = frozenset()  # number, str, bool, iter, list, dict, set, copy
    getattr_defaults: tuple[str, ...] = ()
    passed_values: tuple[tuple[str, str], ...] = ()  # (value source, value kind) from Cls(x=...)


def plan_field(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    """The best available definition of ``cls.name``, or None when there is no evidence."""
    for source in (
        _from_history,
        _from_stranded,
        _from_other_classes,
        _from_values,
        _from_inference,
    ):
        plan = source(index, cls, lineage, name, uses)
        if plan is not None:
            return plan
    return None


def make_fix(cls: ClassRef, plans: Iterable[FieldPlan]) -> Fix | None:
    plans = sorted(plans, key=lambda p: p.name)
    if not plans:
        return None
    safety: Safety = "safe" if all(p.safety == "safe" for p in plans) else "unsafe"
    imports: dict[tuple[str, str], None] = {}
    for p in plans:
        for imp in p.imports:
            imports.setdefault(imp, None)
    names = ", ".join(p.name for p in plans)
    call = CodemodCall(
        cls.path,
        "add-fields",
        (
            ("class_name", cls.info.name),
            ("class_line", cls.info.line),
            ("fields", tuple((p.name, p.source) for p in plans)),
            ("imports", tuple(sorted(imports))),
        ),
    )
    verb = "restore" if safety == "safe" else "add"
    return Fix(f"{verb} field(s) {names} on {cls.info.name}", safety, codemods=(call,))


# --------------------------------------------------------------------------- a: history


def _from_history(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    history = index.facts.history
    if history.root is None:
        return None
    for sha, subject in history.pickaxe(cls.path, name)[:10]:
        old_text = history.file_at(f"{sha}^", cls.path)
        if old_text is None:
            continue
        try:
            old = extract(cls.path, old_text)
        except FixerError:
            continue
        old_cls = old.class_named(cls.info.qualname)
        if old_cls is None:
            continue
        found = [f for f in old_cls.fields if f.name == name]
        if not found:
            continue
        fdef = found[-1]
        imports = _imports_for(fdef.source, cls.module, old)
        if imports is None:
            continue
        return FieldPlan(
            name,
            fdef.source,
            "safe",
            (
                f'`{name}` was deleted from {cls.info.name} by {sha[:10]} "{subject}"; '
                f"restoring its last definition verbatim: `{_one_line(fdef.source)}`",
            ),
            imports,
        )
    return None


# --------------------------------------------------------------------------- b: stranded


def _from_stranded(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    for fdef in cls.module.loose_fields:
        if fdef.name != name or fdef.default is None:
            continue
        imports = _imports_for(fdef.source, cls.module, cls.module)
        if imports is None:
            continue
        source = _restyle(index, cls, lineage, fdef) or fdef.source
        return FieldPlan(
            name,
            source,
            "safe",
            (
                f"a definition of `{name}` is stranded at {cls.path}:{fdef.line} outside "
                f"{cls.info.name}: `{_one_line(fdef.source)}`; copying it into the class",
            ),
            imports,
        )
    return None


# --------------------------------------------------------------------------- c: elsewhere


def _from_other_classes(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    style = _style(cls, lineage)
    seen: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], list[tuple[ClassRef, FieldDef]]] = {}
    for other in index.config_classes():
        if other.key == cls.key or other.info.attrs_style:
            continue
        for f in other.info.fields:
            if f.name == name and f.annotation and f.default is not None:
                key = (f.annotation, f.default)
                seen[key] += 1
                where.setdefault(key, []).append((other, f))
    if not seen:
        return None
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # no majority: let weaker evidence decide, or nothing
    (annotation, default), count = ranked[0]
    other, fdef = where[(annotation, default)][0]
    imports = _imports_for(fdef.source, cls.module, other.module)
    if imports is None:
        return None
    source = _restyle(index, cls, lineage, fdef) if style != "annotated-native" else None
    source = source or fdef.source
    others = ", ".join(
        sorted({f"{c.info.name} ({c.path}:{f.line})" for c, f in where[(annotation, default)]})[:3]
    )
    return FieldPlan(
        name,
        source,
        "unsafe",
        (
            f"`{name}` is defined as `{_one_line(fdef.source)}` on {count} other config "
            f"class(es): {others}",
        ),
        imports,
    )


def _from_values(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    for default in uses.getattr_defaults:
        kind = _literal_kind(default)
        if kind is None:
            continue
        ann, dflt, factory = _type_for_literal(kind, default, name, uses)
        if ann is None:
            continue
        line, imports = _render(index, cls, lineage, name, ann, dflt, factory, guess=False)
        return FieldPlan(
            name,
            line,
            "unsafe",
            (f'`getattr(..., "{name}", {default})` gives the default; type {ann}',),
            imports,
        )
    for value, kind in uses.passed_values:
        ann, dflt, factory = _type_for_literal(kind, value, name, uses)
        if ann is None:
            continue
        line, imports = _render(index, cls, lineage, name, ann, dflt, factory, guess=True)
        return FieldPlan(
            name,
            line,
            "unsafe",
            (f"the constructor is called with {name}={value}: type {ann}; the default is a guess",),
            imports,
        )
    return None


# --------------------------------------------------------------------------- d: inference


def guess_type(name: str, uses: frozenset[str]) -> tuple[str, str | None, str | None, str] | None:
    """(annotation, default, default factory, reason) from use and name; None when unknown."""
    n = name.lower()
    last = n.rsplit("_", 1)[-1]
    if (uses & {"iter", "list"} or (uses & {"copy"} and n.endswith("s"))) and "dict" not in uses:
        return "list", None, "list", "iterated" if "iter" in uses else "used as a list"
    if uses & {"dict"}:
        return "dict", None, "dict", "used as a mapping"
    if uses & {"set"}:
        return "set", None, "set", "used as a set"
    is_number = "number" in uses
    if last in _NUMBER_SUFFIXES_FLOAT or n.startswith(("timeout", "interval")):
        if last in ("timeout", "ttl", "wait"):
            default = "60.0"
        elif last in ("interval", "delay", "backoff", "seconds", "secs", "duration"):
            default = "1.0"
        else:
            default = "1.0"
        why = "used as a number and named" if is_number else "named"
        return "float", default, None, f"{why} `*_{last}`"
    if last in _NUMBER_INT or n.startswith(("max_", "min_", "num_", "n_")):
        default = "3" if last in ("retries", "attempts") else "10"
        if n.startswith("min_") or n.startswith("num_"):
            default = "1"
        why = "used as a number and named" if is_number else "named"
        return "int", default, None, f"{why} like a count"
    if n.startswith(_BOOL_PREFIXES) or n.endswith(_BOOL_SUFFIXES):
        return "bool", "False", None, "named like a flag"
    if last in _STR_SUFFIXES:
        if is_number:
            return None
        return "str", '""', None, f"named `*_{last}`"
    if is_number:
        return "float", "0.0", None, "used in arithmetic or numeric comparisons"
    if "str" in uses:
        return "str", '""', None, "used as a string"
    if uses == frozenset({"bool"}):
        return "bool", "False", None, "used as a condition"
    return None


def _from_inference(
    index: Index, cls: ClassRef, lineage: Lineage, name: str, uses: Uses
) -> FieldPlan | None:
    guess = guess_type(name, uses.uses)
    if guess is None:
        return None
    ann, default, factory, why = guess
    line, imports = _render(index, cls, lineage, name, ann, default, factory, guess=True)
    return FieldPlan(
        name,
        line,
        "unsafe",
        (
            f"no definition of `{name}` in history or elsewhere; type and default are a guess: "
            f"{why} -> `{_one_line(line)}`",
        ),
        imports,
    )


# --------------------------------------------------------------------------- rendering


def _style(cls: ClassRef, lineage: Lineage) -> str:
    kind = lineage.kind
    if kind == "attrs" and any(c.info.attrs_style for c in lineage.classes):
        return "attrs-ib"
    return "annotated-native" if kind in ("dataclass", "namedtuple") else kind


def _render(
    index: Index,
    cls: ClassRef,
    lineage: Lineage,
    name: str,
    ann: str,
    default: str | None,
    factory: str | None,
    guess: bool,
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """One field line in the class's own style, and the imports it needs."""
    kind = lineage.kind
    mod = cls.module
    imports: list[tuple[str, str]] = []
    comment = f"  {GUESS_COMMENT}" if guess else ""
    if kind == "namedtuple" and factory is not None:
        ann, default, factory = "tuple", "()", None
    if factory is None:
        if _style(cls, lineage) == "attrs-ib":
            ref, imp = _qualified(mod, "attr", "ib")
            imports.extend(imp)
            return f"{name} = {ref}(default={default}){comment}", tuple(imports)
        return f"{name}: {ann} = {default}{comment}", tuple(imports)
    if kind == "pydantic":
        ref, imp = _qualified(mod, "pydantic", "Field")
        value = f"{ref}(default_factory={factory})"
    elif kind == "attrs":
        if _style(cls, lineage) == "attrs-ib":
            ref, imp = _qualified(mod, "attr", "ib")
            imports.extend(imp)
            return f"{name} = {ref}(factory={factory}){comment}", tuple(imports)
        ref, imp = _qualified(mod, "attr", "Factory")
        value = f"{ref}({factory})"
    else:
        ref, imp = _qualified(mod, "dataclasses", "field")
        value = f"{ref}(default_factory={factory})"
    imports.extend(imp)
    return f"{name}: {ann} = {value}{comment}", tuple(imports)


def _qualified(mod: PythonModule, module: str, name: str) -> tuple[str, list[tuple[str, str]]]:
    """How ``module.name`` is spelled in ``mod``, and the import to add if it is not bound."""
    alt = {"attr": ("attr", "attrs")}.get(module, (module,))
    for local, target in mod.bindings:
        if target in {f"{m}.{name}" for m in alt}:
            return local, []
    for local, target in mod.bindings:
        if target in alt:
            return f"{local}.{name}", []
    if mod.binding(name) is None:
        return name, [(module, name)]
    if mod.binding(module) is None:
        return f"{module}.{name}", [(module, "")]
    return f"{module}.{name}", []


def _restyle(index: Index, cls: ClassRef, lineage: Lineage, fdef: FieldDef) -> str | None:
    """``fdef`` in ``cls``'s style when it is written in another; None to keep it verbatim."""
    if _style(cls, lineage) == "attrs-ib" and fdef.annotation is not None:
        ref, _ = _qualified(cls.module, "attr", "ib")
        return f"{fdef.name} = {ref}(default={fdef.default})" if fdef.default else None
    return None


def _imports_for(
    source: str, target: PythonModule, origin: PythonModule
) -> tuple[tuple[str, str], ...] | None:
    """Imports ``target`` needs for the names ``source`` (written in ``origin``) uses."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return None
    needed: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            needed.add(node.id)
        elif isinstance(node, ast.AnnAssign):
            for c in ast.walk(node.annotation):  # names inside quoted annotations
                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                    try:
                        sub = ast.parse(c.value, mode="eval")
                    except SyntaxError:
                        continue
                    needed |= {n.id for n in ast.walk(sub) if isinstance(n, ast.Name)}
    out: list[tuple[str, str]] = []
    for name in sorted(needed):
        have = target.binding(name)
        want = origin.binding(name)
        if have is not None and have not in ("", "?") and (want is None or have == want):
            continue
        if have is not None and want is None:
            continue
        if want is None:
            if name in _BUILTINS:
                continue
            return None
        if want in ("", "?"):
            return None
        if have is not None:
            return None  # bound to something else here
        module, _, attr = want.rpartition(".")
        if not module:
            out.append((want, ""))  # `import x`
        elif attr == name:
            if module == target.name:
                return None
            out.append((module, name))
        else:
            return None  # an alias: not expressible as a plain import
    return tuple(out)


def _literal_kind(source: str) -> str | None:
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return None
    from fixer.facts.python import _value_use

    kind = _value_use(node)
    return kind or None


def _type_for_literal(
    kind: str, value: str, name: str, uses: Uses
) -> tuple[str | None, str | None, str | None]:
    if kind == "number":
        try:
            v = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            return None, None, None
        return ("float" if isinstance(v, float) else "int"), value.strip(), None
    if kind == "str":
        return "str", value.strip(), None
    if kind == "bool":
        return "bool", value.strip(), None
    if kind in ("list", "dict", "set"):
        return kind, None, kind
    if kind == "tuple":
        return "tuple", value.strip(), None
    if kind == "none":
        guess = guess_type(name, uses.uses)
        if guess is None:
            return None, None, None
        from_guess = guess[0]
        if guess[2] is not None:
            return from_guess, None, guess[2]
        return f"{_optional(from_guess)}", "None", None
    return None, None, None


def _optional(ann: str) -> str:
    return f"{ann} | None"


def _one_line(source: str) -> str:
    text = " ".join(x.strip() for x in source.strip().splitlines())
    return text if len(text) <= 120 else text[:117] + "..."
