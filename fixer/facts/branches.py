"""Which compose file code chooses: tests on a variable around a literal, and what it may hold.

Two kinds of facts for FX301/FX302 (see docs/decisions/061-compose-file-chosen-by-code.md),
read with ``ast`` from one module:

- :class:`BranchTest`: a test on a variable that holds (or fails) wherever a literal sits:
  ``"alpine" in self.compose_file`` around it, ``f == "a.yml" or f == "b.yml"``, the test of
  an earlier branch of the same ``if``/``elif`` chain, an ``if ...: return`` before it;
- :class:`ComposeChoice`: a variable (``self.compose_file``, ``compose_file``) assigned from
  compose file names written in the code: literals in the assigned value, or in the body of a
  method of the same class that the value calls (``self._get_compose_file()``), or in a
  property of that name.

Both are plain data; the rules decide what they mean (:mod:`fixer.rules._services`).
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# ops of BranchTest alternatives: the literal is a substring of the value, equals it (or its
# file name), starts or ends it
OPS = frozenset({"in", "==", "startswith", "endswith"})
_JUMP_TYPES = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_WRAPPERS = frozenset({"str", "os.path.basename", "basename", "os.fspath", "Path", "pathlib.Path"})
_WRAPPER_METHODS = frozenset({"lower", "strip", "as_posix", "resolve"})
_MAX_TEXT = 80
_METHOD_DEPTH = 2


@dataclass(frozen=True)
class BranchTest:
    """A test on ``subject`` that holds (``holds``) or fails where a literal sits.

    ``alts`` are the alternatives joined by ``or`` (one for a plain test): ``("in", "alpine")``
    for ``"alpine" in subject``, ``("==", "a.yml")`` for ``subject == "a.yml"`` or
    ``subject in ("a.yml", ...)``, ``("endswith", ".yml")`` for ``subject.endswith(".yml")``.
    """

    subject: str
    alts: tuple[tuple[str, str], ...]
    holds: bool
    line: int
    text: str  # the test's source, shortened (for evidence)

    def admits(self, value: str) -> bool:
        """Can ``subject`` hold ``value`` where the literal sits?"""
        return any(_alt_matches(op, lit, value) for op, lit in self.alts) == self.holds

    def describe(self) -> str:
        said = f"`{self.text}` (line {self.line})"
        return said if self.holds else "not " + said


@dataclass(frozen=True)
class ComposeChoice:
    """A variable assigned compose file names that the code writes as literals.

    ``owner`` is where the variable lives: ``""`` for a module variable, the class's qualified
    name for ``self.attr`` (and class attributes), the function's qualified name for a local.
    ``via`` names the method whose body held the names (``self._get_compose_file()``), empty
    when they are literals of the assignment itself.
    """

    owner: str
    subject: str
    names: tuple[str, ...]
    line: int
    via: str = ""

    def describe(self) -> str:
        where = f"from {self.via}" if self.via else "from literals"
        return f"{self.subject} is assigned {where} (line {self.line}): {', '.join(self.names)}"


def _alt_matches(op: str, lit: str, value: str) -> bool:
    name = posixpath.basename(value)
    if op == "in":
        return lit in value
    if op == "==":
        return lit in (value, name) or lit.removeprefix("./") == value.removeprefix("./")
    if op == "startswith":
        return value.startswith(lit) or name.startswith(lit)
    if op == "endswith":
        return value.endswith(lit)
    return False


# --------------------------------------------------------------------------- tests


def subject_of(node: ast.AST) -> str | None:
    """The variable a test looks at, through ``str(x)``, ``x.name``, ``x.lower()``, ... ."""
    while True:
        if (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and not node.keywords
            and _dotted(node.func) in _WRAPPERS
        ):
            node = node.args[0]
            continue
        if (
            isinstance(node, ast.Call)
            and not node.args
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _WRAPPER_METHODS
        ):
            node = node.func.value
            continue
        if isinstance(node, ast.Attribute) and node.attr == "name":
            node = node.value
            continue
        break
    return _dotted(node)


def parse_test(test: ast.AST) -> list[tuple[str, tuple[tuple[str, str], ...], bool]]:
    """What a test says when it is true: ``(subject, alternatives, holds)`` per conjunct.

    Parts that say nothing about a variable (``self.use_alpine``, a call) are left out, so the
    result is what the test *implies*, never more. A disjunction counts only when every part
    tests the same variable.
    """
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [t for v in test.values for t in parse_test(v)]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = parse_test(test.operand)
        if len(inner) == 1 and _exact(test.operand):
            subject, alts, holds = inner[0]
            return [(subject, alts, not holds)]
        return []
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        parts = [parse_test(v) for v in test.values]
        if not all(len(p) == 1 and p[0][2] for p in parts):
            return []
        subjects = {p[0][0] for p in parts}
        if len(subjects) != 1 or not all(_exact(v) for v in test.values):
            return []
        alts = tuple(a for p in parts for a in p[0][1])
        return [(subjects.pop(), alts, True)]
    one = _simple(test)
    return [one] if one is not None else []


def _exact(test: ast.AST) -> bool:
    """Does :func:`parse_test` capture all of ``test`` (so that it can be negated)?"""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _exact(test.operand)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return all(_exact(v) for v in test.values)
    return _simple(test) is not None


def _simple(test: ast.AST) -> tuple[str, tuple[tuple[str, str], ...], bool] | None:
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, (ast.In, ast.NotIn)):
            holds = isinstance(op, ast.In)
            lit = _str(left)
            if lit is not None:
                subject = subject_of(right)
                return (subject, (("in", lit),), holds) if subject else None
            subject = subject_of(left)
            if subject and isinstance(right, (ast.Tuple, ast.List, ast.Set)) and right.elts:
                lits = [_str(e) for e in right.elts]
                if all(x is not None for x in lits):
                    return subject, tuple(("==", x) for x in lits if x is not None), holds
            return None
        if isinstance(op, (ast.Eq, ast.NotEq)):
            holds = isinstance(op, ast.Eq)
            lit, other = _str(right), left
            if lit is None:
                lit, other = _str(left), right
            subject = subject_of(other) if lit is not None else None
            return (subject, (("==", lit),), holds) if subject and lit is not None else None
        return None
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr in ("startswith", "endswith")
        and len(test.args) == 1
        and not test.keywords
    ):
        subject = subject_of(test.func.value)
        arg = test.args[0]
        lits = [_str(e) for e in arg.elts] if isinstance(arg, ast.Tuple) else [_str(arg)]
        if subject and lits and all(x is not None for x in lits):
            return subject, tuple((test.func.attr, x) for x in lits if x is not None), True
    return None


def branch_tests(
    node: ast.AST,
    parent_of: Callable[[ast.AST], ast.AST | None],
    text_of: Callable[[ast.AST], str],
) -> tuple[BranchTest, ...]:
    """The tests that hold or fail wherever ``node`` is evaluated, innermost first.

    Up to the enclosing function: the test of every ``if`` (or conditional expression) whose
    body holds ``node`` (holds), whose ``else``/``elif`` holds it (fails), and of every
    ``if ...:`` before it in the same block whose body always jumps (``return``, ``raise``,
    ``continue``, ``break``) and has no ``else`` (fails). A failing test that is a conjunction
    says nothing and is left out.
    """
    out: list[BranchTest] = []
    child, parent = node, parent_of(node)
    while parent is not None:
        if isinstance(parent, (ast.If, ast.IfExp)):
            body = parent.body if isinstance(parent, ast.If) else [parent.body]
            orelse = parent.orelse if isinstance(parent, ast.If) else [parent.orelse]
            if any(child is s for s in body):
                out.extend(_tests(parent.test, True, text_of))
            elif any(child is s for s in orelse):
                out.extend(_tests(parent.test, False, text_of))
        if isinstance(child, ast.stmt):
            block = _block_holding(parent, child)
            for stmt in reversed(block[: _index(block, child)]):
                if isinstance(stmt, ast.If) and not stmt.orelse and _jumps(stmt.body):
                    out.extend(_tests(stmt.test, False, text_of))
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            break
        child, parent = parent, parent_of(parent)
    return tuple(out)


def _tests(test: ast.AST, holds: bool, text_of: Callable[[ast.AST], str]) -> list[BranchTest]:
    parsed = parse_test(test)
    if not holds:
        if len(parsed) != 1 or not _exact(test):
            return []  # not (A and B) says nothing about A alone
        parsed = [(parsed[0][0], parsed[0][1], not parsed[0][2])]
    text = " ".join(text_of(test).split())
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 3] + "..."
    line = getattr(test, "lineno", 0)
    return [BranchTest(s, alts, h, line, text) for s, alts, h in parsed]


def _block_holding(parent: ast.AST, child: ast.AST) -> list[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(parent, name, None)
        if isinstance(block, list) and any(child is s for s in block):
            return block
    for h in getattr(parent, "handlers", ()) or ():
        if any(child is s for s in h.body):
            return h.body
    return []


def _index(block: list[ast.stmt], child: ast.AST) -> int:
    for i, s in enumerate(block):
        if s is child:
            return i
    return 0


def _jumps(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], _JUMP_TYPES)


# --------------------------------------------------------------------------- choices


def compose_choices(
    tree: ast.Module, is_compose_name: Callable[[str], bool]
) -> tuple[ComposeChoice, ...]:
    """Every variable of the module assigned compose file names written in the code."""
    out: list[ComposeChoice] = []
    _module_choices(tree.body, is_compose_name, out)
    consts: dict[str, tuple[str, ...]] = {}
    for c in out:
        consts[c.subject] = tuple(dict.fromkeys(consts.get(c.subject, ()) + c.names))
    _scan(tree.body, "", None, _Names(is_compose_name, consts), out)
    return tuple(out)


@dataclass(frozen=True)
class _Names:
    """What tells a compose name in a value: the test, and names already known to hold
    compose names (module constants; a class's attributes; a function's parameter defaults)."""

    is_name: Callable[[str], bool]
    consts: dict[str, tuple[str, ...]]
    attrs: dict[str, tuple[str, ...]] | None = None
    params: dict[str, tuple[str, ...]] | None = None

    def of(self, value: ast.AST, self_name: str | None) -> tuple[str, ...]:
        """Literal compose names in ``value`` and those of the known names it reads."""
        out = dict.fromkeys(_literal_names(value, self.is_name))
        for n in ast.walk(value):
            if isinstance(n, ast.Name):
                known = (self.params or {}).get(n.id) or self.consts.get(n.id, ())
                out.update(dict.fromkeys(known))
            elif (
                isinstance(n, ast.Attribute)
                and isinstance(n.value, ast.Name)
                and n.value.id in (self_name, "cls")
                and self.attrs
            ):
                out.update(dict.fromkeys(self.attrs.get(n.attr, ())))
        return tuple(out)


def _module_choices(
    body: list[ast.stmt], is_name: Callable[[str], bool], out: list[ComposeChoice]
) -> None:
    for stmt in body:
        for target, value in _assignments(stmt):
            name = _dotted(target)
            if name and "." not in name:
                names = _literal_names(value, is_name)
                if names:
                    out.append(ComposeChoice("", name, names, stmt.lineno))


def _scan(
    body: list[ast.stmt],
    prefix: str,
    cls: ast.ClassDef | None,
    known: _Names,
    out: list[ComposeChoice],
) -> None:
    """Classes and functions of a block (recursively), with their qualified names."""
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            attrs = _class_choices(stmt, prefix + stmt.name, known, out)
            inside = _Names(known.is_name, known.consts, attrs)
            _scan(stmt.body, prefix + stmt.name + ".", stmt, inside, out)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            qual = prefix + stmt.name
            _function_choices(stmt, qual, cls, prefix.rstrip("."), known, out)
            inner = [s for s in ast.walk(stmt) if s is not stmt and isinstance(s, _DEFS)]
            plain = _Names(known.is_name, known.consts)
            for d in inner:  # nested functions and classes: their own owners, no class context
                if isinstance(d, ast.ClassDef):
                    _class_choices(d, f"{qual}.{d.name}", plain, out)
                else:
                    _function_choices(d, f"{qual}.{d.name}", None, "", plain, out)
        elif isinstance(stmt, (ast.If, ast.Try, ast.With)):  # definitions under a guard
            for block in _blocks(stmt):
                _scan(block, prefix, cls, known, out)


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if isinstance(block, list):
            yield block
    for h in getattr(stmt, "handlers", ()) or ():
        yield h.body


def _class_choices(
    cls: ast.ClassDef, qual: str, known: _Names, out: list[ComposeChoice]
) -> dict[str, tuple[str, ...]]:
    """Class attributes with compose names, and properties whose body names them; returns
    the attributes (name -> compose names)."""
    attrs: dict[str, tuple[str, ...]] = {}
    for stmt in cls.body:
        for target, value in _assignments(stmt):
            name = _dotted(target)
            if name and "." not in name:
                names = known.of(value, None)
                if names:
                    attrs[name] = names
                    out.append(ComposeChoice(qual, f"self.{name}", names, stmt.lineno))
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            (_dotted(d) or "").rsplit(".", 1)[-1] in ("property", "cached_property")
            for d in stmt.decorator_list
        ):
            names = _method_names(cls, stmt, known.is_name, set())
            if names:
                via = f"the property {stmt.name}"
                out.append(ComposeChoice(qual, f"self.{stmt.name}", names, stmt.lineno, via))
    return attrs


def _function_choices(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    qual: str,
    cls: ast.ClassDef | None,
    cls_qual: str,
    known: _Names,
    out: list[ComposeChoice],
) -> None:
    """Locals and ``self`` attributes that the function assigns compose names to."""
    me = fn.args.posonlyargs[:1] or fn.args.args[:1]
    self_name = me[0].arg if me and cls is not None else None
    here = _Names(known.is_name, known.consts, known.attrs, _param_defaults(fn, known))
    for stmt in _own_statements(fn):
        for target, value in _assignments(stmt):
            names, via = _value_names(value, cls, self_name, here)
            if not names:
                continue
            subject = _dotted(target)
            if subject is None:
                continue
            if self_name and subject.startswith(self_name + ".") and subject.count(".") == 1:
                attr = "self." + subject.split(".", 1)[1]
                out.append(ComposeChoice(cls_qual, attr, names, stmt.lineno, via))
            elif "." not in subject:
                out.append(ComposeChoice(qual, subject, names, stmt.lineno, via))


def _own_statements(fn: ast.AST) -> Iterator[ast.stmt]:
    """Statements of a function body, nested blocks included, nested definitions excluded."""
    stack = list(reversed(fn.body))  # type: ignore[attr-defined]
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, _DEFS):
            continue
        yield stmt
        for block in reversed(list(_blocks(stmt))):
            stack.extend(reversed(block))


def _assignments(stmt: ast.stmt) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(target, value) of an assignment, and (loop variable, iterable) of a ``for``."""
    if isinstance(stmt, ast.Assign):
        for t in stmt.targets:
            yield t, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        yield stmt.target, stmt.value
    elif isinstance(stmt, (ast.For, ast.AsyncFor)) and isinstance(stmt.target, ast.Name):
        yield stmt.target, stmt.iter


def _param_defaults(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, known: _Names
) -> dict[str, tuple[str, ...]]:
    """Parameters whose default names compose files (``compose_file="docker-compose.yml"``)."""
    args = [*fn.args.posonlyargs, *fn.args.args]
    pairs = list(zip(args[len(args) - len(fn.args.defaults) :], fn.args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d]
    out = {}
    for arg, default in pairs:
        names = known.of(default, None)
        if names:
            out[arg.arg] = names
    return out


def _value_names(
    value: ast.AST, cls: ast.ClassDef | None, self_name: str | None, known: _Names
) -> tuple[tuple[str, ...], str]:
    """Compose names an assigned value can produce: its literals, the names it reads that
    hold compose names, and the literals of the methods of the same class it calls on
    ``self``."""
    is_name = known.is_name
    names = dict.fromkeys(known.of(value, self_name))
    via: list[str] = []
    if cls is not None and self_name:
        for n in ast.walk(value):
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == self_name
            ):
                method = _method(cls, n.func.attr)
                if method is None:
                    continue
                found = _method_names(cls, method, is_name, set())
                if found:
                    names.update(dict.fromkeys(found))
                    via.append(f"self.{n.func.attr}()")
    return tuple(names), ", ".join(via)


def _method(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
            return stmt
    return None


def _method_names(
    cls: ast.ClassDef,
    method: ast.FunctionDef | ast.AsyncFunctionDef,
    is_name: Callable[[str], bool],
    seen: set[str],
) -> tuple[str, ...]:
    """Compose names written in a method's body (lists, returns, branches), and in the
    methods of the same class it calls on ``self`` (two levels deep)."""
    if method.name in seen or len(seen) > _METHOD_DEPTH:
        return ()
    seen = seen | {method.name}
    names = dict.fromkeys(n for stmt in method.body for n in _literal_names(stmt, is_name))
    me = method.args.posonlyargs[:1] or method.args.args[:1]
    if me:
        for n in ast.walk(method):
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == me[0].arg
            ):
                other = _method(cls, n.func.attr)
                if other is not None:
                    names.update(dict.fromkeys(_method_names(cls, other, is_name, seen)))
    return tuple(names)


def _literal_names(node: ast.AST, is_name: Callable[[str], bool]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            n.value
            for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and is_name(n.value)
        )
    )


def _str(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None
