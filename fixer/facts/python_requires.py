"""Which Python a project declares it needs, for the "needs a newer Python" note.

Looked up from a file's folder upwards to the scanned root; the nearest folder that declares
anything wins, and in one folder the first of:

1. ``pyproject.toml``: ``[project] requires-python``;
2. ``setup.cfg``: ``[options] python_requires``;
3. ``setup.py``: a literal ``python_requires="..."``;
4. ``.python-version``: the pinned version (``3.13``);
5. ruff's ``target-version`` (``py313``), in ``pyproject.toml`` ``[tool.ruff]``, ``ruff.toml``
   or ``.ruff.toml``: the oldest Python the code is written for.

The declaration is only reported; it changes nothing in what is analysed.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Read = Callable[[str], "str | None"]

SETUP_PY = re.compile(r"""python_requires\s*=\s*(['"])([^'"\n]+)\1""")
PINNED = re.compile(r"\d+\.\d+(?:\.\d+)?")
RUFF_TARGET = re.compile(r"py(\d)(\d+)")


@dataclass(frozen=True)
class Declared:
    """A declared Python requirement (``>=3.12``, ``3.13``), the file that declares it and
    the key there (empty for ``.python-version``)."""

    spec: str
    source: str
    key: str = ""

    @property
    def where(self) -> str:
        """``pyproject.toml: requires-python``, ``.python-version``, ..."""
        return f"{self.source}: {self.key}" if self.key else self.source


class Lookup:
    """The declaration that applies to each file, read once per folder."""

    def __init__(self, files: Collection[str], read: Read) -> None:
        self.files = files
        self.read = read
        self._folders: dict[str, Declared | None] = {}

    def for_file(self, path: str) -> Declared | None:
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        while True:
            found = self._folder(folder)
            if found is not None or not folder:
                return found
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""

    def _folder(self, folder: str) -> Declared | None:
        if folder not in self._folders:
            self._folders[folder] = self._declared(folder + "/" if folder else "")
        return self._folders[folder]

    def _declared(self, prefix: str) -> Declared | None:
        pyproject = self._toml(prefix + "pyproject.toml")
        spec = _get(pyproject, "project", "requires-python")
        if isinstance(spec, str):
            return Declared(spec.strip(), prefix + "pyproject.toml", "requires-python")
        for reader in (self._setup_cfg, self._setup_py, self._python_version):
            found = reader(prefix)
            if found is not None:
                return found
        return self._ruff(prefix, pyproject)

    def _text(self, path: str) -> str | None:
        return self.read(path) if path in self.files else None

    def _toml(self, path: str) -> dict[str, Any]:
        text = self._text(path)
        try:
            return tomllib.loads(text) if text is not None else {}
        except tomllib.TOMLDecodeError:
            return {}

    def _setup_cfg(self, prefix: str) -> Declared | None:
        text = self._text(prefix + "setup.cfg")
        if text is None:
            return None
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(text)
            spec = parser.get("options", "python_requires", fallback=None)
        except configparser.Error:
            return None
        if not spec or not spec.strip():
            return None
        return Declared(spec.strip(), prefix + "setup.cfg", "python_requires")

    def _setup_py(self, prefix: str) -> Declared | None:
        match = SETUP_PY.search(self._text(prefix + "setup.py") or "")
        if not match:
            return None
        return Declared(match.group(2).strip(), prefix + "setup.py", "python_requires")

    def _python_version(self, prefix: str) -> Declared | None:
        for line in (self._text(prefix + ".python-version") or "").splitlines():
            if PINNED.fullmatch(line.strip()):
                return Declared(line.strip(), prefix + ".python-version")
        return None

    def _ruff(self, prefix: str, pyproject: dict[str, Any]) -> Declared | None:
        candidates = [(_get(pyproject, "tool", "ruff", "target-version"), "pyproject.toml")]
        for name in ("ruff.toml", ".ruff.toml"):
            candidates.append((_get(self._toml(prefix + name), "target-version"), name))
        for target, name in candidates:
            match = RUFF_TARGET.fullmatch(target) if isinstance(target, str) else None
            if match:
                spec = f">={match.group(1)}.{match.group(2)}"
                key = "tool.ruff.target-version" if name == "pyproject.toml" else "target-version"
                return Declared(spec, prefix + name, key)
        return None


def _get(doc: object, *keys: str) -> object:
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc
