"""Run options: what the CLI flags and ``[tool.fixer]`` settle before the rules run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["code", "compose"]


@dataclass(frozen=True)
class Options:
    """Options every rule may read. Defaults are what a first run without config gets."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    align: Align = "code"

    def enabled(self, code: str) -> bool:
        def hit(patterns: frozenset[str]) -> bool:
            return any(code.startswith(p) for p in patterns) or "ALL" in patterns

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)
