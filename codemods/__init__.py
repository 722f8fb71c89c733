"""Transformations, each usable alone: libcst codemods for Python, byte splices for YAML.

Each codemod is a function ``(text, **args) -> new_text`` registered in :data:`CODEMODS`
under the name a :class:`fixer.model.CodemodCall` uses.
"""
