"""verifier: exact symbolic verification of claims about fair allocation of indivisible goods.

The solver proposes, exact arithmetic decides, the kernel certifies (see DESIGN in the README).
"""

__version__ = "0.1.0"
