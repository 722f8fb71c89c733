"""Which config fields are missing: read (FX101) or passed to the constructor (FX102).

Both rules run :func:`analyse`, which gives each class ONE fix covering every field it lacks
(read or passed), so the two rules attach identical :class:`Fix` values that the planner
de-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from fixer.facts import Facts
from fixer.facts.python import AttrRead, AttrWrite, CallFact, Keyword
from fixer.model import Fix
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
class Analysis:
    missing: tuple[Missing, ...]
    frozen_writes: tuple[FrozenWrite, ...]
    fixes: dict[tuple[str, str], Fix]


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


def analyse(facts: Facts) -> Analysis:
    index = Index(facts)
    reads: dict[tuple[tuple[str, str], str], list[tuple[str, AttrRead]]] = {}
    classes: dict[tuple[str, str], ClassRef] = {}
    written: dict[tuple[str, str], set[str]] = {}
    writes: dict[tuple[tuple[str, str], str], list[tuple[str, AttrWrite]]] = {}
    getattrs: dict[tuple[tuple[str, str], str], list[str]] = {}
    calls: dict[tuple[tuple[str, str], str], list[tuple[str, CallFact, Keyword]]] = {}
    passed: dict[tuple[tuple[str, str], str], list[tuple[str, str]]] = {}
    for path in sorted(facts.python):
        m = facts.python[path]
        for r in m.reads:
            if r.attr.startswith("_"):
                continue
            cls = index.receiver_class(r.receiver)
            if cls is None:
                continue
            classes[cls.key] = cls
            reads.setdefault((cls.key, r.attr), []).append((path, r))
        for w in m.writes:
            cls = index.receiver_class(w.receiver)
            if cls is None:
                continue
            classes[cls.key] = cls
            written.setdefault(cls.key, set()).add(w.attr)
            writes.setdefault((cls.key, w.attr), []).append((path, w))
        for g in m.getattr_defaults:
            cls = index.receiver_class(g.receiver)
            if cls is not None:
                getattrs.setdefault((cls.key, g.attr), []).append(g.default)
        for call in m.calls:
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
    return Analysis(tuple(missing), tuple(frozen_writes), fixes)


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
