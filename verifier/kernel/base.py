"""The kernel's one exception root and the certificate header every kind shares.

Every certificate is a JSON object whose header has: "format": "verifier-certificate",
"version": 1, "kind": one of KINDS, "producer": the producing tool and version, "statement": the
statement verbatim, "verification": "unverified" (producers never claim to have checked).
"""

from __future__ import annotations

FORMAT = "verifier-certificate"
VERSION = 1
KINDS = ("theorem", "instance", "lottery")


class KernelError(Exception):
    """Root of the kernel's errors."""


class Rejected(KernelError):
    """A certificate fails a check. ``where`` names the case / step; expected vs found if known."""

    def __init__(self, where: str, message: str, expected=None, found=None):
        self.where, self.message, self.expected, self.found = where, message, expected, found
        text = f"{where}: {message}"
        if expected is not None or found is not None:
            text += f" (expected {expected!s:.200}, found {found!s:.200})"
        super().__init__(text)
