"""Build "lottery" certificates (checked by verifier.kernel.lottery, standard library only).

Format (docs/solve.md, "Lottery certificates"): the common header, whose "statement" is
verifier.kernel.lottery.statement(cert) (the instance, objective, minimizer and minimum rendered
from the content; the kernel re-renders and compares it), then
  "instance": {"valuations": [[v_i(g) ...] ...]}   exact ints / "p/q" strings
  "objective": "sov" | "sovor" | "max-var" | "var-of-vars" | "sd-of-sds" | "sum-sd"
  "value": the optimum (sov, sovor, max-var)        "p/q"
  "distribution": [{"allocation": [owner of each good, 0-based], "probability": "p/q"}, ...]
  "proof": {"method": "regular-subdivision", "points": [...], "cells": [[j, ...], ...]}
         | {"method": "vertex-enumeration"} (+ "weights": [w_i ...] for max-var)
         | {"method": "equal-variances"}    (var-of-vars, sd-of-sds with optimum 0)
"""

from __future__ import annotations

from ..errors import VerifierError
from ..instance import Instance
from ..kernel.lottery import statement
from ..numbers import to_json_number, value_text
from .points import ValueSet
from .solver import Solution

PRODUCER = "verifier 0.1.0"
CERTIFIABLE = ("regular-subdivision", "vertex-enumeration", "equal-variances")


def lottery_certificate(inst: Instance, solution: Solution) -> dict:
    """The certificate dict for an optimal solution (its first minimizer) whose optimality proof
    the kernel can re-check: SoV/SoVoR (regular subdivision or vertex enumeration), sum of SDs
    (vertex enumeration), largest variance when the weighted-variance bound is tight, variance of
    variances / SD of SDs when the optimum is 0. Raises VerifierError otherwise."""
    method = solution.proof.get("method")
    if solution.status != "optimal" or method not in CERTIFIABLE:
        raise VerifierError(f"no lottery certificate for objective {solution.objective} (status "
                            f"{solution.status}, proof {method}): the kernel re-checks only "
                            "subdivision, vertex-enumeration and equal-variance proofs")
    if solution.restricted:  # the kernel re-derives the polytope over all n^m allocations
        raise VerifierError("no lottery certificate for a solution over a given set of "
                            "allocations: the kernel checks optimality over all allocations")
    best = solution.minimizers[0]
    proof = {"method": method}
    if method == "regular-subdivision":
        vs = ValueSet.of(inst, normalized=solution.objective == "sovor", force=True)
        proof["points"] = [[to_json_number(x) for x in pt] for pt in vs.points]
        proof["cells"] = [list(c) for c in solution.proof["cells"]]
    if "weights" in solution.proof:
        proof["weights"] = [to_json_number(x) for x in solution.proof["weights"]]
    cert = {"format": "verifier-certificate", "version": 1, "kind": "lottery",
            "producer": PRODUCER, "statement": "", "verification": "unverified",
            "instance": {"valuations": [[to_json_number(x) for x in row]
                                        for row in inst.valuations]},
            "objective": solution.objective,
            "distribution": [{"allocation": list(allocs[0].owner), "probability": value_text(p)}
                             for (p, _), allocs in zip(best.outcomes, best.allocations)],
            "proof": proof}
    if solution.objective in ("sov", "sovor", "max-var"):
        cert["value"] = value_text(solution.value)
    cert["statement"] = statement(cert)  # rendered from the content, as the kernel re-renders it
    return cert
