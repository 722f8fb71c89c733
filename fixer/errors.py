"""The one error type fixer raises: a message that names the file and line it is about."""

from __future__ import annotations


class FixerError(Exception):
    """Bad input or a refused operation, with the place it concerns.

    ``str(error)`` is the one-line form users see: ``path:line: message``.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{self.path}:{self.line or 1}: {self.message}"
