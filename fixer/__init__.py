"""fixer: find and repair configuration drift between code, compose files and the file tree.

The pipeline, one module per stage:
:mod:`fixer.workspace` (files) -> :mod:`fixer.facts` (facts) -> :mod:`fixer.rules` (findings)
-> :mod:`fixer.fixes` (codemods turned into edits) -> :mod:`fixer.plan` -> :mod:`fixer.apply`
-> :mod:`fixer.verify` -> :mod:`fixer.gitops` / :mod:`fixer.forge`; :mod:`fixer.reports` prints.
"""

__version__ = "0.1.0"
