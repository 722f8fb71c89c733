"""Which config fields are missing: read (FX101) or passed to the constructor (FX102).

Both rules run :func:`analyse`, which gives each class ONE fix covering every field it lacks
(read or passed), so the two rules attach identical :class:`Fix` values that the planner
de-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from fixer.facts import Facts
from fixer.facts.python import (
    ATTRS_DECORATORS,
    DATACLASS_DECORATORS,
    AttrRead,
    AttrWrite,
    CallFact,
    Handler,
    Keyword,
    PartialAttr,
    PythonModule,
    Receiver,
)
from fixer.model import Edit, Fix, Position
from fixer.rules._classes import CONFIG_KINDS, ClassRef, Index, Lineage
from fixer.rules._fields import FieldPlan, Uses, make_fix, plan_field

_MAX_LOCATIONS = 20
_KIND_LABELS = {
    "dataclass": "dataclass",
    "pydantic": "pydantic model",
    "attrs": "attrs class",
    "namedtuple": "NamedTuple",
}


@dataclass(frozen=True)
class Missing:
    cls: ClassRef
    lineage: Lineage
    name: str
    reads: tuple[tuple[str, AttrRead], ...] = ()
    calls: tuple[tuple[str, CallFact, Keyword], ...] = ()
    plan: FieldPlan | None = None


@dataclass(frozen=True)
class FrozenWrite:
    cls: ClassRef
    lineage: Lineage
    name: str
    writes: tuple[tuple[str, AttrWrite], ...]


@dataclass(frozen=True)
class ClassRead:
    """Reads on the class object itself (``Cfg.level``) of a name the class does not define."""

    cls: ClassRef
    lineage: Lineage
    name: str
    reads: tuple[tuple[str, AttrRead], ...]


@dataclass(frozen=True)
class PartialRead:
    """Reads of an attribute that ``owner``'s ``__init__`` sets on some branches only."""

    owner: ClassRef
    lineage: Lineage
    partial: PartialAttr
    reads: tuple[tuple[str, AttrRead], ...]


@dataclass(frozen=True)
class Analysis:
    missing: tuple[Missing, ...]
    frozen_writes: tuple[FrozenWrite, ...]
    fixes: dict[tuple[str, str], Fix]
    class_reads: tuple[ClassRead, ...] = ()
    partial_reads: tuple[PartialRead, ...] = ()
    partial_fixes: dict[tuple[str, str], Fix] | None = None


def _eligible(index: Index, cls: ClassRef) -> Lineage | None:
    lineage = index.lineage(cls)
    if lineage is None or lineage.kind not in CONFIG_KINDS or lineage.dynamic:
        return None
    return lineage


def _defined_in_subclass(index: Index, cls: ClassRef, name: str) -> bool:
    return any(name in d.info.members or d.info.dynamic for d in index.descendants(cls))


def _accepts_kwargs(lineage: Lineage) -> bool:
    """A custom ``__init__`` (or pydantic aliases) decides which keywords are accepted."""
    for c in lineage.classes:
        if "__init__" in c.info.members or "__new__" in c.info.members:
            return True
        if any(f.default and "alias" in f.default for f in c.info.fields):
            return True
    return False


def _init_names(lineage: Lineage) -> frozenset[str]:
    names = set(lineage.field_names())
    if lineage.kind == "attrs":
        names |= {n.lstrip("_") for n in names}
    return frozenset(names)


def is_migration(m: PythonModule) -> bool:
    """A database migration (alembic's ``revision``/``down_revision``, Django's ``Migration``
    in a ``migrations`` folder): code frozen at the schema of its day, run once. Its reads and
    constructor calls follow the classes of that day, so they say nothing about today's."""
    names = {k for k, _ in m.bindings}
    if "revision" in names and "down_revision" in names:
        return True
    return "Migration" in names and "migrations" in m.path.split("/")[:-1]


def class_object(index: Index, rec: Receiver) -> ClassRef | None:
    """The class when ``rec`` is a class itself (``Cfg`` in ``Cfg.level``), not an instance."""
    if rec.path or len(rec.types) != 1 or rec.types[0].kind != "var":
        return None
    target = index.lookup(rec.types[0].name)
    return target if isinstance(target, ClassRef) else None


def analyse(facts: Facts) -> Analysis:
    index = Index(facts)
    reads: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]] = {}
    class_reads: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]] = {}
    classes: dict[tuple[str, str], ClassRef] = {}
    written: dict[tuple[str, str], set[str]] = {}
    class_written: dict[tuple[str, str], set[str]] = {}
    writes: dict[tuple[tuple[str, str], str], list[tuple[str, AttrWrite]]] = {}
    getattrs: dict[tuple[tuple[str, str], str], list[str]] = {}
    calls: dict[tuple[tuple[str, str], str], list[tuple[str, CallFact, Keyword]]] = {}
    passed: dict[tuple[tuple[str, str], str], list[tuple[str, str]]] = {}
    for path in sorted(facts.python):
        m = facts.python[path]
        migration = is_migration(m)
        for r in () if migration else m.reads:
            if r.attr.startswith("_"):
                continue
            cls = index.receiver_class(r.receiver)
            if cls is None:
                obj = class_object(index, r.receiver)
                if obj is not None:
                    classes[obj.key] = obj
                    class_reads.setdefault((obj.key, r.attr), []).append((path, r))
                continue
            classes[cls.key] = cls
            reads.setdefault((cls.key, r.attr), []).append((path, r))
        for w in m.writes:
            cls = index.receiver_class(w.receiver)
            if cls is None:
                obj = class_object(index, w.receiver)
                if obj is not None:
                    class_written.setdefault(obj.key, set()).add(w.attr)
                continue
            classes[cls.key] = cls
            written.setdefault(cls.key, set()).add(w.attr)
            if w.attr != "*":
                writes.setdefault((cls.key, w.attr), []).append((path, w))
        for g in m.getattr_defaults:
            cls = index.receiver_class(g.receiver)
            if cls is not None:
                getattrs.setdefault((cls.key, g.attr), []).append(g.default)
        for call in () if migration else m.calls:
            target = index.lookup(call.func)
            if not isinstance(target, ClassRef):
                continue
            for kw in call.keywords:
                if kw.name.startswith("_"):
                    continue
                classes[target.key] = target
                calls.setdefault((target.key, kw.name), []).append((path, call, kw))
                passed.setdefault((target.key, kw.name), []).append((kw.value, kw.use))

    untyped: dict[str, frozenset[str]] = {p: facts.python[p].untyped_writes for p in facts.python}
    found: list[tuple[ClassRef, Lineage, str]] = []
    for (key, name), locs in sorted(reads.items()):
        cls = classes[key]
        lineage = _eligible(index, cls)
        if lineage is None or name in lineage.members:
            continue
        if _defined_in_subclass(index, cls, name):
            continue
        if "*" in written.get(key, ()):
            continue  # setattr(obj, <any name>, ...) somewhere
        if not (lineage.frozen or lineage.slotted):
            if name in written.get(key, ()):
                continue
            if name in untyped.get(cls.path, ()) or any(name in untyped[p] for p, _ in locs):
                continue
        elif lineage.kind == "pydantic" and name in written.get(key, ()):
            continue
        found.append((cls, lineage, name))
    for key, name in sorted(calls):
        cls = classes[key]
        lineage = _eligible(index, cls)
        if lineage is None or _accepts_kwargs(lineage) or name in _init_names(lineage):
            continue
        if (cls, lineage, name) not in found:
            found.append((cls, lineage, name))

    frozen_writes: list[FrozenWrite] = []
    for (key, name), locs in sorted(writes.items()):
        cls = classes[key]
        lineage = _eligible(index, cls)
        if lineage is None or lineage.kind == "pydantic" or name in lineage.members:
            continue
        if not (lineage.frozen or lineage.slotted) or _defined_in_subclass(index, cls, name):
            continue
        frozen_writes.append(FrozenWrite(cls, lineage, name, tuple(locs)))

    missing: list[Missing] = []
    by_class: dict[tuple[str, str], list[FieldPlan]] = {}
    for cls, lineage, name in found:
        k = (cls.key, name)
        use_tags = frozenset(r.use for _, r in reads.get(k, ()) if r.use)
        uses = Uses(use_tags, tuple(getattrs.get(k, ())), tuple(passed.get(k, ())))
        plan = plan_field(index, cls, lineage, name, uses)
        missing.append(
            Missing(cls, lineage, name, tuple(reads.get(k, ())), tuple(calls.get(k, ())), plan)
        )
        if plan is not None:
            by_class.setdefault(cls.key, []).append(plan)
    fixes: dict[tuple[str, str], Fix] = {}
    for key, plans in by_class.items():
        fix = make_fix(classes[key], plans)
        if fix is not None:
            fixes[key] = fix
    on_class = _class_reads(index, classes, class_reads, class_written, untyped)
    partial = _partial_reads(index, classes, reads, written, untyped)
    return Analysis(
        tuple(missing),
        tuple(frozen_writes),
        fixes,
        on_class,
        partial,
        _partial_fixes(partial),
    )


_KNOWN_DECORATORS = DATACLASS_DECORATORS | ATTRS_DECORATORS


def _class_reads(
    index: Index,
    classes: dict[tuple[str, str], ClassRef],
    found: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]],
    class_written: dict[tuple[str, str], set[str]],
    untyped: dict[str, frozenset[str]],
) -> tuple[ClassRead, ...]:
    """Reads on a config class object of a name that no class in its lineage defines in any
    way (field, class attribute, method, nested class, even an attribute set on instances:
    the rule stays silent whenever the name exists at all), that nothing assigns on the class
    and that no decorator beyond the dataclass and attrs ones could add."""
    out: list[ClassRead] = []
    for (key, name), locs in sorted(found.items()):
        cls = classes[key]
        lineage = _eligible(index, cls)
        if lineage is None or name in lineage.members:
            continue
        if any(d not in _KNOWN_DECORATORS for c in lineage.classes for d in c.info.decorators):
            continue
        assigned = class_written.get(key, set())
        if "*" in assigned or name in assigned or _defined_in_subclass(index, cls, name):
            continue
        if name in untyped.get(cls.path, ()) or any(name in untyped[p] for p, _ in locs):
            continue
        out.append(ClassRead(cls, lineage, name, tuple(locs)))
    return tuple(out)


def _partial_reads(
    index: Index,
    classes: dict[tuple[str, str], ClassRef],
    found: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]],
    written: dict[tuple[str, str], set[str]],
    untyped: dict[str, frozenset[str]],
) -> tuple[PartialRead, ...]:
    """Instance reads of an attribute that a config class's ``__init__`` sets on some
    branches only (:class:`PartialAttr`), defined nowhere else: not by another class of the
    lineage, a subclass, a write on an instance; reads inside that method are left out."""
    by_attr: dict[tuple[tuple[str, str], str], tuple[ClassRef, Lineage, PartialAttr]] = {}
    merged: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]] = {}
    for (key, name), locs in sorted(found.items()):
        lineage = _eligible(index, classes[key])
        if lineage is None:
            continue
        owner = next((c for c in lineage.classes if _partial(c, name) is not None), None)
        part = _partial(owner, name) if owner is not None else None
        if owner is None or part is None:
            continue
        if any(name in c.info.members for c in lineage.classes if c.key != owner.key):
            continue
        assigned = written.get(key, set())
        if "*" in assigned or name in assigned:
            continue
        if _defined_in_subclass(index, owner, name) or _defined_in_subclass(
            index, classes[key], name
        ):
            continue
        if any(name in untyped[p] for p, _ in locs) or name in untyped.get(owner.path, ()):
            continue
        outside = [
            (p, r)
            for p, r in locs
            if not (p == owner.path and part.method_line <= r.line <= part.method_end)
        ]
        if not outside:
            continue
        owner_lineage = index.lineage(owner) or lineage
        by_attr[(owner.key, name)] = (owner, owner_lineage, part)
        merged.setdefault((owner.key, name), []).extend(outside)
    return tuple(
        PartialRead(owner, lineage, part, tuple(merged[k]))
        for k, (owner, lineage, part) in sorted(by_attr.items())
    )


def _partial(cls: ClassRef, name: str) -> PartialAttr | None:
    return next((p for p in cls.info.partial if p.name == name), None)


def _partial_fixes(partial: tuple[PartialRead, ...]) -> dict[tuple[str, str], Fix]:
    """One unsafe fix per class: ``self.<name> = None`` before each ``if`` that sets some of
    its attributes on one branch only, so that every instance has them."""
    by_class: dict[tuple[str, str], list[PartialRead]] = {}
    for p in partial:
        by_class.setdefault(p.owner.key, []).append(p)
    out: dict[tuple[str, str], Fix] = {}
    for key, items in by_class.items():
        owner = items[0].owner
        lines: dict[int, list[PartialAttr]] = {}
        for item in items:
            lines.setdefault(item.partial.line, []).append(item.partial)
        edits = tuple(
            Edit(
                owner.path,
                Position(line, 1),
                Position(line, 1),
                "".join(f"{a.indent}{a.owner}.{a.name} = None{a.newline}" for a in attrs),
            )
            for line, attrs in sorted(lines.items())
        )
        names = ", ".join(sorted(item.partial.name for item in items))
        out[key] = Fix(
            f"set {names} to None in {owner.info.name}.__init__ before the branch that may "
            "skip it (a guess: None may not suit every use)",
            "unsafe",
            edits,
        )
    return out


def class_evidence(cls: ClassRef, lineage: Lineage) -> str:
    fields = sorted(lineage.field_names())
    shown = ", ".join(fields[:12]) + (", ..." if len(fields) > 12 else "")
    label = _KIND_LABELS.get(lineage.kind, lineage.kind)
    frozen = "frozen " if lineage.frozen else ""
    return (
        f"{cls.info.name} is a {frozen}{label} ({cls.path}:{cls.info.line}) "
        f"with fields: {shown or '(none)'}"
    )


def missing_evidence(m: Missing, uses: list[str]) -> tuple[str, ...]:
    """FX101's and FX102's evidence: the class, where the field is used (``uses``), then the
    evidence for the planned field, or why no fix is proposed."""
    if m.plan is not None:
        why = tuple(m.plan.evidence)
    else:
        why = (f"no evidence for the type of `{m.name}`: no fix proposed",)
    return (class_evidence(m.cls, m.lineage), *locations(uses), *why)


def locations(items: list[str]) -> tuple[str, ...]:
    if len(items) <= _MAX_LOCATIONS:
        return tuple(items)
    return (*items[:_MAX_LOCATIONS], f"... and {len(items) - _MAX_LOCATIONS} more")


def handler_evidence(h: Handler) -> str:
    """Why a broad handler around a read is no guard: what it turns the failure into."""
    verb = "caught" if h.reraises else "swallowed"
    return f"{verb} by `{h.clause}` at line {h.line}: the failure surfaces as {h.outcome}"
