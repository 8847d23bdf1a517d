"""Build "lottery" certificates (checked by verifier.kernel.lottery, standard library only).

Format (docs/solve.md, "Lottery certificates"): the common header, then
  "instance": {"valuations": [[v_i(g) ...] ...]}   exact ints / "p/q" strings
  "objective": "sov" | "sovor" | "sum-sd"
  "value": the optimum (sov, sovor)                 "p/q"
  "distribution": [{"allocation": [owner of each good, 0-based], "probability": "p/q"}, ...]
  "proof": {"method": "regular-subdivision", "points": [...], "cells": [[j, ...], ...]}
         | {"method": "vertex-enumeration"}
"""

from __future__ import annotations

from ..errors import VerifierError
from ..instance import Instance
from ..numbers import to_json_number, value_text
from .points import ValueSet
from .solver import Solution

PRODUCER = "verifier 0.1.0"


def lottery_certificate(inst: Instance, solution: Solution) -> dict:
    """The certificate dict for an optimal SoV / SoVoR / sum-of-SDs solution (first minimizer).
    Raises VerifierError for other objectives or an unknown status (nothing to certify)."""
    if solution.status != "optimal" or solution.objective not in ("sov", "sovor", "sum-sd"):
        raise VerifierError(f"no lottery certificate for objective {solution.objective} with "
                            f"status {solution.status} (certifiable: optimal sov, sovor, sum-sd)")
    best = solution.minimizers[0]
    proof = {"method": solution.proof.get("method")}
    if proof["method"] == "regular-subdivision":
        vs = ValueSet.of(inst, normalized=solution.objective == "sovor", force=True)
        proof["points"] = [[to_json_number(x) for x in pt] for pt in vs.points]
        proof["cells"] = [list(c) for c in solution.proof["cells"]]
    elif solution.objective != "sum-sd":  # sov solved by the fallback enumeration
        raise VerifierError("this solution was found by vertex enumeration; the kernel certifies "
                            "sov/sovor through the regular subdivision only")
    statement = (f"For the instance below, the distribution below is ex-ante proportional and "
                 f"minimizes {solution.objective} over all ex-ante proportional distributions over "
                 f"all {inst.n}^{inst.m} allocations; the minimum is {value_text(solution.value)}.")
    cert = {"format": "verifier-certificate", "version": 1, "kind": "lottery",
            "producer": PRODUCER, "statement": statement, "verification": "unverified",
            "instance": {"valuations": [[to_json_number(x) for x in row]
                                        for row in inst.valuations]},
            "objective": solution.objective,
            "distribution": [{"allocation": list(allocs[0].owner), "probability": value_text(p)}
                             for (p, _), allocs in zip(best.outcomes, best.allocations)],
            "proof": proof}
    if solution.objective != "sum-sd":
        cert["value"] = value_text(solution.value)
    return cert
