"""Classes across modules: resolve absolute names, receivers, lineages and members.

Shared by FX101 and FX102. Every answer comes from the module facts' own bindings (imports,
aliases, definitions): an absolute name is split into a module known to the facts and the
rest, and followed through re-exports. When the answer is not unique (two modules claim a
name, a name is bound twice), the answer is None: the rules then report nothing.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

from fixer.facts import Facts
from fixer.facts.python import (
    NAMEDTUPLE_BASES,
    PYDANTIC_BASES,
    ClassInfo,
    PythonModule,
    Receiver,
    TypeRef,
)

CONFIG_KINDS = frozenset({"dataclass", "pydantic", "attrs", "namedtuple"})
HARMLESS_BASES = frozenset(
    {
        "object",
        "typing.Generic",
        "typing_extensions.Generic",
        "abc.ABC",
    }
)
PYDANTIC_MEMBERS = frozenset(
    {
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "copy",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
        "Config",
        "settings_customise_sources",
    }
)
NAMEDTUPLE_MEMBERS = frozenset(
    {
        "_asdict",
        "_replace",
        "_fields",
        "_field_defaults",
        "_make",
        "count",
        "index",
    }
)
_NO_SUFFIX_MATCH = frozenset(sys.stdlib_module_names) | {
    "pydantic",
    "pydantic_settings",
    "attr",
    "attrs",
    "typing_extensions",
    "django",
    "numpy",
    "pandas",
    "requests",
    "yaml",
    "pytest",
    "sqlalchemy",
    "fastapi",
    "starlette",
}


@dataclass(frozen=True)
class ClassRef:
    module: PythonModule
    info: ClassInfo

    @property
    def path(self) -> str:
        return self.module.path

    @functools.cached_property
    def key(self) -> tuple[str, str]:
        return (self.module.path, self.info.qualname)

    @property
    def absname(self) -> str:
        return (
            f"{self.module.name}.{self.info.qualname}" if self.module.name else self.info.qualname
        )


@dataclass(frozen=True)
class FuncRef:
    module: PythonModule
    name: str


@dataclass(frozen=True)
class VarRef:
    module: PythonModule
    name: str


Resolved = ClassRef | FuncRef | VarRef


@dataclass(frozen=True)
class Lineage:
    """A class and all its bases (MRO-ish order), with what its external bases imply."""

    classes: tuple[ClassRef, ...]
    external: frozenset[str]

    @property
    def kind(self) -> str:
        for c in self.classes:
            if c.info.kind != "plain":
                return c.info.kind
        if self.external & PYDANTIC_BASES:
            return "pydantic"
        if self.external & NAMEDTUPLE_BASES:
            return "namedtuple"
        return "plain"

    @property
    def dynamic(self) -> bool:
        return any(c.info.dynamic for c in self.classes)

    @property
    def frozen(self) -> bool:
        return any(c.info.frozen for c in self.classes)

    @property
    def slotted(self) -> bool:
        return all(c.info.slots for c in self.classes)

    @property
    def members(self) -> frozenset[str]:
        out: set[str] = set()
        for c in self.classes:
            out |= c.info.members
        if self.kind == "pydantic":
            out |= PYDANTIC_MEMBERS
        if self.kind == "namedtuple":
            out |= NAMEDTUPLE_MEMBERS
        return frozenset(out)

    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for c in self.classes for f in c.info.fields)


class Index:
    """Lookups over all Python module facts of one run (built lazily, cached per instance)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        full: dict[str, list[PythonModule]] = {}
        suffix: dict[str, list[PythonModule]] = {}
        for path in sorted(facts.python):
            m = facts.python[path]
            if not m.name:
                continue
            full.setdefault(m.name, []).append(m)
            parts = m.name.split(".")
            for i in range(1, len(parts)):
                suffix.setdefault(".".join(parts[i:]), []).append(m)
        self._full = full
        self._suffix = suffix
        self._lineages: dict[tuple[str, str], Lineage | None] = {}
        self._resolved: dict[str, Resolved | None] = {}
        self._classes_of: dict[tuple[str, str], ClassRef | None] = {}

    # ------------------------------------------------------------------ names

    def module(self, name: str) -> PythonModule | None:
        found = self._full.get(name)
        if found:
            return found[0] if len(found) == 1 else None
        if name.split(".")[0] in _NO_SUFFIX_MATCH:
            return None
        found = self._suffix.get(name)
        if found and len(found) == 1:
            return found[0]
        return None

    def lookup(self, absname: str, depth: int = 0) -> Resolved | None:
        """What an absolute dotted name denotes: a class, a function, a module variable."""
        if depth == 0:  # the facts do not change during a run: each name is resolved once
            if absname not in self._resolved:
                self._resolved[absname] = self._lookup(absname, 0)
            return self._resolved[absname]
        return self._lookup(absname, depth)

    def _lookup(self, absname: str, depth: int) -> Resolved | None:
        if depth > 8 or not absname:
            return None
        parts = absname.split(".")
        for i in range(len(parts) - 1, 0, -1):
            mod = self.module(".".join(parts[:i]))
            if mod is not None:
                return self._in_module(mod, parts[i:], depth)
        return None

    def _in_module(self, mod: PythonModule, rest: list[str], depth: int) -> Resolved | None:
        qual = ".".join(rest)
        info = mod.class_named(qual)
        if info is not None:
            return ClassRef(mod, info)
        first = rest[0]
        target = mod.binding(first)
        own = f"{mod.name}.{first}"
        if target is None:
            if len(mod.star_imports) == 1 and depth < 8:
                return self.lookup(".".join([mod.star_imports[0], *rest]), depth + 1)
            return None
        if target in ("", "?"):
            return None
        if target == own:
            if len(rest) != 1:
                return None
            if any(k == first for k, _ in mod.functions):
                return FuncRef(mod, first)
            return VarRef(mod, first)
        return self.lookup(".".join([target, *rest[1:]]), depth + 1)

    # ------------------------------------------------------------------ types

    def class_of(self, ref: TypeRef, depth: int = 0) -> ClassRef | None:
        if depth == 0:  # memoised by plain strings (a TypeRef's dataclass hash is slower)
            key = (ref.kind, ref.name)
            if key not in self._classes_of:
                self._classes_of[key] = self._class_of(ref, 0)
            return self._classes_of[key]
        return self._class_of(ref, depth)

    def _class_of(self, ref: TypeRef, depth: int) -> ClassRef | None:
        if depth > 6:
            return None
        target = self.lookup(ref.name)
        if ref.kind in ("instance", "self"):
            return target if isinstance(target, ClassRef) else None
        if ref.kind == "call":
            if isinstance(target, ClassRef):
                return target
            if isinstance(target, FuncRef):
                ret = dict(target.module.functions).get(target.name)
                return self.class_of(TypeRef("instance", ret), depth + 1) if ret else None
            return None
        if ref.kind == "var" and isinstance(target, VarRef):
            types = dict(target.module.globals).get(target.name)
            return self.class_of_types(types, depth + 1) if types else None
        return None

    def class_of_types(self, types: tuple[TypeRef, ...], depth: int = 0) -> ClassRef | None:
        found: ClassRef | None = None
        for t in types:
            c = self.class_of(t, depth)
            if c is None or (found is not None and c.key != found.key):
                return None
            found = c
        return found

    def attr_type(self, cls: ClassRef, name: str) -> ClassRef | None:
        lineage = self.lineage(cls)
        if lineage is None:
            return None
        for c in lineage.classes:
            for k, v in c.info.attr_types:
                if k == name:
                    return self.class_of_types(v)
        return None

    def receiver_class(self, rec: Receiver) -> ClassRef | None:
        cls = self.class_of_types(rec.types)
        for p in rec.path:
            if cls is None:
                return None
            cls = self.attr_type(cls, p)
        return cls

    # ------------------------------------------------------------------ lineage

    def lineage(self, cls: ClassRef) -> Lineage | None:
        """The class and its bases; None when any base cannot be resolved."""
        if cls.key in self._lineages:
            return self._lineages[cls.key]
        self._lineages[cls.key] = None  # cycles resolve to None
        classes: list[ClassRef] = [cls]
        external: set[str] = set()
        ok = True
        for b in cls.info.bases:
            if b in HARMLESS_BASES or b in PYDANTIC_BASES or b in NAMEDTUPLE_BASES:
                external.add(b)
                continue
            base = self.lookup(b) if b else None
            if not isinstance(base, ClassRef):
                ok = False
                break
            sub = self.lineage(base)
            if sub is None:
                ok = False
                break
            classes.extend(c for c in sub.classes if c.key not in {x.key for x in classes})
            external |= sub.external
        result = Lineage(tuple(classes), frozenset(external)) if ok else None
        self._lineages[cls.key] = result
        return result

    @functools.cached_property
    def children(self) -> dict[tuple[str, str], tuple[ClassRef, ...]]:
        """Direct subclasses of each class, across the repository."""
        out: dict[tuple[str, str], list[ClassRef]] = {}
        for path in sorted(self.facts.python):
            m = self.facts.python[path]
            for info in m.classes:
                for b in info.bases:
                    if not b or b in HARMLESS_BASES:
                        continue
                    base = self.lookup(b)
                    if isinstance(base, ClassRef):
                        out.setdefault(base.key, []).append(ClassRef(m, info))
        return {k: tuple(v) for k, v in out.items()}

    def descendants(self, cls: ClassRef) -> tuple[ClassRef, ...]:
        out: list[ClassRef] = []
        seen = {cls.key}
        todo = [cls]
        while todo:
            c = todo.pop()
            for child in self.children.get(c.key, ()):
                if child.key not in seen:
                    seen.add(child.key)
                    out.append(child)
                    todo.append(child)
        return tuple(out)

    def config_classes(self) -> tuple[ClassRef, ...]:
        """Every class whose own decorators or bases make it a config class."""
        out = []
        for path in sorted(self.facts.python):
            m = self.facts.python[path]
            out.extend(ClassRef(m, c) for c in m.classes if c.kind in CONFIG_KINDS)
        return tuple(out)
