"""Transformations, each usable alone: libcst codemods for Python, byte splices for YAML.

Every module here may export ``CODEMODS``: a dict from a codemod's name to a function
``(text, **args) -> new_text``. :func:`registry` gathers them, so a
:class:`fixer.model.CodemodCall` can name its transformation without importing it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

Codemod = Callable[..., str]


def registry() -> dict[str, Codemod]:
    """Every codemod of every module in this package, by name."""
    found: dict[str, Codemod] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, func in getattr(module, "CODEMODS", {}).items():
            if name in found:
                raise RuntimeError(f"codemod {name!r} defined twice")
            found[name] = func
    return found
