"""The producer side's one exception root.

The kernel (verifier.kernel) has its own root and imports nothing from here.
"""

from __future__ import annotations


class VerifierError(Exception):
    """Root of every error the library raises on purpose; the CLI maps it to exit status 2."""


class InputError(VerifierError):
    """Bad user input. Renders as one line: ``FILE:LINE: field: message``."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None,
                 line: int | None = None):
        self.message, self.file, self.field, self.line = message, file, field, line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.field:
            where.append(f"field '{self.field}'")
        return ": ".join(where + [self.message])

    def located(self, *, file: str | None = None, field: str | None = None,
                line: int | None = None) -> "InputError":
        """The same error with missing location parts filled in (inner parts win)."""
        outer = f"{field}.{self.field}" if field and self.field else (self.field or field)
        return type(self)(self.message, file=self.file or file, field=outer,
                          line=self.line or line)


class TooLarge(InputError):
    """An enumeration beyond the documented limit (override with --force / force=True)."""
