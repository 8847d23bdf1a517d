"""``python -m verifier.kernel PATH...``: check certificates with nothing but the standard library."""

import sys

from .check import main

sys.exit(main())
