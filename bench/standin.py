"""A stand-in fact extractor for measuring gather before the real extractors are merged.

It does the work the real ones are specified to do, with the same tools: ``ast`` for Python
(classes with their decorators, bases and annotated fields; attribute reads; keyword calls;
string constants), ruamel.yaml for YAML, a line scan for Dockerfiles and env files. It
returns only builtin containers (tuples, strings, ints), so the facts cache can store it.
Used by ``bench/run.py --standin`` only; never by fixer itself.
"""

from __future__ import annotations

import ast
import io

from fixer.errors import FixerError


def extract(kind: str, path: str, text: str) -> object:
    if kind == "python":
        return _python(path, text)
    if kind == "yaml":
        return _yaml(path, text)
    lines = tuple(
        (i, line.strip())
        for i, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    )
    return (kind, lines)


def _python(path: str, text: str) -> tuple:
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise FixerError(f"syntax error: {exc.msg}", path, exc.lineno or 1) from None
    classes, attrs, calls, strings = [], [], [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = tuple(
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            )
            decos = tuple(ast.unparse(d) for d in node.decorator_list)
            classes.append((node.name, node.lineno, decos, fields))
        elif isinstance(node, ast.Attribute):
            attrs.append((node.attr, node.lineno, node.col_offset))
        elif isinstance(node, ast.Call) and node.keywords:
            calls.append((node.lineno, tuple(k.arg or "" for k in node.keywords)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("/" in node.value or "." in node.value)
        ):
            strings.append((node.value, node.lineno, node.col_offset))
    return ("python", tuple(classes), tuple(attrs), tuple(calls), tuple(strings))


def _yaml(path: str, text: str) -> tuple:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        doc = YAML(typ="rt").load(io.StringIO(text))
    except YAMLError as exc:
        raise FixerError(f"invalid YAML: {exc}", path, 1) from None
    except Exception as exc:  # duplicate keys and the like
        raise FixerError(f"invalid YAML: {exc}", path, 1) from None
    keys = tuple(sorted(str(k) for k in doc)) if isinstance(doc, dict) else ()
    return ("yaml", keys)
