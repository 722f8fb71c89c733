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
    # ``[tool.fixer] service-targets``: (glob of a Python path, compose file) pairs, in order;
    # the compose file that service names in matching Python files refer to (FX301/FX302).
    service_targets: tuple[tuple[str, str], ...] = ()

    def enabled(self, code: str) -> bool:
        def hit(patterns: frozenset[str]) -> bool:
            return any(code.startswith(p) for p in patterns) or "ALL" in patterns

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)
