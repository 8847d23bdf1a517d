"""Exact global lottery optimizer (issue 3): ``solve(inst, objective)`` returns the exact minimum
over all ex-ante proportional distributions and every optimal vertex; ``lottery_certificate``
turns an SoV/SoVoR/sum-of-SDs solution into a certificate that verifier.kernel.lottery checks."""

from .points import SOLVE_LIMIT, ValueSet
from .solver import OptimalDistribution, Solution, solve
from .certificate import lottery_certificate

__all__ = ["solve", "Solution", "OptimalDistribution", "lottery_certificate", "SOLVE_LIMIT",
           "ValueSet"]
