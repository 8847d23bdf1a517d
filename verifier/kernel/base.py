"""The kernel's one exception root and the certificate header every kind shares.

Every certificate is a JSON object whose header has: "format": "verifier-certificate",
"version": 1, "kind": one of KINDS, "producer": the producing tool and version, "statement": the
statement verbatim, "verification": "unverified" (producers never claim to have checked).
"""

from __future__ import annotations

FORMAT = "verifier-certificate"
VERSION = 1
KINDS = ("theorem", "instance", "lottery")
HEADER = ("format", "version", "kind", "producer", "statement", "verification")


class KernelError(Exception):
    """Root of the kernel's errors."""


class Rejected(KernelError):
    """A certificate fails a check. ``where`` names the case / step; expected vs found if known."""

    def __init__(self, where: str, message: str, expected=None, found=None):
        self.where, self.message, self.expected, self.found = where, message, expected, found
        text = f"{where}: {message}"
        parts = [f"{k} {v!s:.200}" for k, v in (("expected", expected), ("found", found))
                 if v is not None]
        if parts:
            text += f" ({', '.join(parts)})"
        super().__init__(text)
