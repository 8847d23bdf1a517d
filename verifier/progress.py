"""Progress bars on stderr for long enumerations (tqdm; silent when stderr is not a terminal
unless VERIFIER_PROGRESS=1)."""

from __future__ import annotations

import os
import sys


def progress(iterable=None, *, total: int | None = None, desc: str = "", unit: str = "it"):
    from tqdm import tqdm
    forced = os.environ.get("VERIFIER_PROGRESS") == "1"
    disable = not (forced or sys.stderr.isatty())
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, disable=disable,
                leave=False, mininterval=0.5)
