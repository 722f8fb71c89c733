"""Is a string literal a reference to a file of the repository, or something else?

FX401 (stale path) and FX302 (missing compose file) report strings that *refer to* a file
that is not there. Many path-shaped strings are not such references, and reporting them is
the largest family of false findings on real repositories:

- names of files the code is about to create: ``open(p, "w")``, ``Path(p).write_text()``,
  ``mkdir``, the destination of a copy or move, anything under a temporary folder
  (``tmp_path / "x"``, ``tmpdir.join("x")``);
- values compared with something else: ``x == "a/b.json"``, ``assertEqual("a/b.json", x)``:
  an expected value (often a path inside some other project's tree, parsed from a report);
- in test modules, paths that are test data: dict keys and values, items of a list that is
  not a command line, arguments of calls that do not touch the file system.

:func:`not_a_reference` answers for one string constant from its parents alone (no types,
no data flow): it is cheap, and a string it keeps is one a reader would also take for a
reference. Decision 091 (docs/decisions/091-string-references.md) says why the test-module rule
is stricter.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import PurePosixPath

# calls whose argument at this index (or keyword) names a file that will be created
_CREATES_ARG: dict[str, tuple[int, str]] = {
    "os.makedirs": (0, "name"),
    "os.mkdir": (0, "path"),
    "makedirs": (0, "name"),
    "mkdir": (0, "path"),
    "shutil.copy": (1, "dst"),
    "shutil.copy2": (1, "dst"),
    "shutil.copyfile": (1, "dst"),
    "shutil.copytree": (1, "dst"),
    "shutil.move": (1, "dst"),
    "copyfile": (1, "dst"),
    "copytree": (1, "dst"),
    "os.rename": (1, "dst"),
    "os.replace": (1, "dst"),
    "os.symlink": (1, "dst"),
    "os.link": (1, "dst"),
}
# methods of a path object that create the file or folder it names
_CREATING_METHODS = frozenset(
    {"write_text", "write_bytes", "mkdir", "touch", "symlink_to", "hardlink_to", "mksymlinkto"}
)
_PATH_CALLS = frozenset({"Path", "pathlib.Path", "PurePath", "PosixPath", "os.path.join"})
# calls that touch the file system: in a test module, only their arguments are references
_FILE_CALLS = frozenset(
    {
        "open",
        "io.open",
        "Path",
        "pathlib.Path",
        "PurePath",
        "PosixPath",
        "load_dotenv",
        "dotenv_values",
        "read_text",
        "read_bytes",
        "exists",
        "is_file",
        "is_dir",
        "joinpath",
        "relative_to",
        "chdir",
        "listdir",
        "scandir",
        "walk",
        "stat",
        "glob",
        "run",
        "call",
        "check_call",
        "check_output",
        "Popen",
        "system",
        "popen",
        "DockerCompose",
        "build",
    }
)
_TEMP_WORDS = ("tmp", "temp")
_COMMAND_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")  # docker, python3, docker-compose
_TEST_FOLDERS = frozenset({"test", "tests", "testing", "unittests", "unit_tests", "e2e"})


def is_test_module(path: str) -> bool:
    """A module of a test suite: ``test_*.py``, ``*_test.py``, ``conftest.py``, or under a
    folder named like ``tests``."""
    p = PurePosixPath(path)
    name = p.name
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    return any(part in _TEST_FOLDERS for part in p.parts[:-1])


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _temporary(node: ast.AST) -> bool:
    """``tmp_path``, ``self.temp_dir``, ``tmpdir.join(...)``: a name of a temporary folder."""
    root = _dotted(node).lower()
    return any(w in part for part in root.split(".") for w in _TEMP_WORDS)


def _write_mode(call: ast.Call) -> bool:
    mode = call.args[1] if len(call.args) > 1 else None
    for k in call.keywords:
        if k.arg == "mode":
            mode = k.value
    if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
        return False
    return any(c in mode.value for c in "wax")


def _path_expr_top(node: ast.AST, parent_of: Callable[[ast.AST], ast.AST | None]) -> ast.AST:
    """The largest path expression holding ``node``: ``Path("a")``, ``root / "a" / "b"``,
    ``os.path.join(root, "a")``."""
    while True:
        parent = parent_of(node)
        divided = isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div)
        if not (divided or isinstance(parent, ast.Call) and _dotted(parent.func) in _PATH_CALLS):
            return node
        node = parent


def _leftmost(node: ast.AST) -> ast.AST:
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        node = node.left
    if isinstance(node, ast.Call) and node.args and _dotted(node.func) in _PATH_CALLS:
        return _leftmost(node.args[0])
    return node


def _created(node: ast.AST, parent_of: Callable[[ast.AST], ast.AST | None]) -> bool:
    """``node`` (a string constant) names a file or folder the code creates."""
    top = _path_expr_top(node, parent_of)
    if top is not node and _temporary(_leftmost(top)):
        return True
    parent = parent_of(top)
    if isinstance(parent, ast.Call):
        name = _dotted(parent.func)
        if name in ("open", "io.open") and parent.args and parent.args[0] is top:
            return _write_mode(parent)
        spec = _CREATES_ARG.get(name) or _CREATES_ARG.get(_last(name))
        if spec is not None:
            index, keyword = spec
            if len(parent.args) > index and parent.args[index] is top:
                return True
            if any(k.arg == keyword and k.value is top for k in parent.keywords):
                return True
        if isinstance(parent.func, ast.Attribute) and _temporary(parent.func.value):
            return _last(name) in ("join", "joinpath", "mkdir", "ensure", "new")
    if isinstance(parent, ast.Attribute) and parent.value is top:
        call = parent_of(parent)
        if isinstance(call, ast.Call) and call.func is parent:
            if parent.attr in _CREATING_METHODS:
                return True
            if parent.attr == "open" and (call.args or call.keywords):
                mode = call.args[0] if call.args else None
                for k in call.keywords:
                    if k.arg == "mode":
                        mode = k.value
                return (
                    isinstance(mode, ast.Constant)
                    and isinstance(mode.value, str)
                    and any(c in mode.value for c in "wax")
                )
    return False


def _compared(node: ast.AST, parent_of: Callable[[ast.AST], ast.AST | None]) -> bool:
    """An expected value: an operand of ``==``/``!=``/``in``, or an ``assert*`` argument."""
    parent = parent_of(node)
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute):
        return parent.func.attr.startswith("assert")
    return False


def _test_data(node: ast.AST, parent_of: Callable[[ast.AST], ast.AST | None]) -> bool:
    """In a test module: a string that is data, not a file the test opens or runs."""
    top = _path_expr_top(node, parent_of)
    if top is not node:
        return False  # Path("a/b"), root / "a/b": the test builds a path to use it
    parent = parent_of(node)
    if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.Return)):
        return False  # a named constant: judged where it is used, by the reader
    if isinstance(parent, ast.keyword):
        parent = parent_of(parent)
    if isinstance(parent, ast.Call):
        return _last(_dotted(parent.func)) not in _FILE_CALLS
    if isinstance(parent, (ast.List, ast.Tuple)):
        first = parent.elts[0] if parent.elts else None
        command = isinstance(first, ast.Constant) and isinstance(first.value, str)
        return not (command and _COMMAND_WORD.fullmatch(first.value) is not None)
    return isinstance(parent, (ast.Dict, ast.Set))


def not_a_reference(
    node: ast.AST, parent_of: Callable[[ast.AST], ast.AST | None], in_test: bool
) -> str | None:
    """Why the string constant ``node`` is not a reference to an existing file (a short
    reason), or None when it may be one. ``in_test``: the module is part of a test suite."""
    if _created(node, parent_of):
        return "created"
    if _compared(node, parent_of):
        return "compared"
    if in_test and _test_data(node, parent_of):
        return "test data"
    return None
