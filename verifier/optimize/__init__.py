"""Exact global lottery optimizer (issue 3): ``solve(inst, objective)`` returns the exact minimum
over all ex-ante proportional distributions (optionally only those supported on given
``allocations``) and every optimal vertex; ``every_minimizer_uses`` decides whether every
minimizer puts positive probability on a kind of allocation; ``lottery_certificate``
turns an SoV/SoVoR/sum-of-SDs solution into a certificate that verifier.kernel.lottery checks."""

from .points import SOLVE_LIMIT, ValueSet
from .solver import OptimalDistribution, Solution, every_minimizer_uses, solve
from .certificate import lottery_certificate

__all__ = ["solve", "every_minimizer_uses", "Solution", "OptimalDistribution",
           "lottery_certificate", "SOLVE_LIMIT", "ValueSet"]
