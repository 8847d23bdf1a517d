"""Turn solver results into certificates: refutations by exact LP (refute.py) and kind "theorem"
certificates (theorem.py; ``theorem_certificate`` is what `verifier certify` calls)."""

from .theorem import theorem_certificate  # noqa: F401
