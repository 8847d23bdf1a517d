"""Where the repository's shipped data lives (the package is installed editable, see README)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
THEOREMS = ROOT / "theorems"
CERTIFICATES = ROOT / "certificates"
