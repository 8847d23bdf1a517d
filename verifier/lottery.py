"""Lotteries (distributions over allocations, Section 2.3) and the paper's objectives.

mu_i(D), Var_i(D), sigma_i(D) = sqrt(Var_i(D)); ex-ante proportionality (mu_i >= PS_i);
sum of variances Phi (Section 2.4), sum of variances of ratios (SoVoR), and the Section 6
objectives: max variance, variance of variances, SD of SDs, sum of SDs. Objectives with square
roots are exact algebraic values (verifier.numbers.SqrtSum / Sqrt) that compare exactly.

Every objective here is a function of the variance vector (and, for SoVoR, of v_i(M)), so the
optimizer can evaluate it from (probability, value vector) pairs alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

from .allocation import Allocation, ValueVector
from .errors import InputError
from .fairness import Verdict
from .instance import Instance
from .numbers import Sqrt, SqrtSum, Value, fmt

Outcome = tuple[Fraction, ValueVector]


@dataclass(frozen=True)
class Lottery:
    """A distribution D over allocations with exact probabilities (non-negative, summing to 1).

    Repeated allocations are merged; zero-probability entries are kept out of the support.
    """

    support: tuple[tuple[Allocation, Fraction], ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[Allocation, Fraction | int | str]]) -> "Lottery":
        from .numbers import parse_number
        merged: dict[Allocation, Fraction] = {}
        if not pairs:
            raise InputError("a distribution needs at least one allocation")
        n = pairs[0][0].n
        for k, (a, p) in enumerate(pairs):
            if a.n != n:
                raise InputError("allocations of a distribution must have the same number of agents")
            q = parse_number(p, field=f"probability[{k}]")
            merged[a] = merged.get(a, Fraction(0)) + q
        total = sum(merged.values(), Fraction(0))
        if total != 1:
            raise InputError(f"probabilities sum to {fmt(total)}, not exactly 1")
        return cls(tuple(sorted((a, p) for a, p in merged.items() if p > 0)))

    @property
    def n(self) -> int:
        return self.support[0][0].n

    def outcomes(self, inst: Instance) -> list[Outcome]:
        """(probability, value vector) for each allocation in the support."""
        return [(p, a.value_vector(inst)) for a, p in self.support]


def means(outcomes: Sequence[Outcome]) -> tuple[Fraction, ...]:
    """mu_i(D) = E[v_i(A_i)]."""
    n = len(outcomes[0][1])
    return tuple(sum((p * x[i] for p, x in outcomes), Fraction(0)) for i in range(n))


def variances(outcomes: Sequence[Outcome]) -> tuple[Fraction, ...]:
    """Var_i(D) = E[(v_i(A_i) - mu_i)^2]."""
    mu = means(outcomes)
    return tuple(sum((p * (x[i] - mu[i]) ** 2 for p, x in outcomes), Fraction(0))
                 for i in range(len(mu)))


def standard_deviations(outcomes: Sequence[Outcome]) -> tuple[SqrtSum, ...]:
    """sigma_i(D) = sqrt(Var_i(D)), exact."""
    return tuple(SqrtSum.sqrt(v) for v in variances(outcomes))


def is_ex_ante_prop(inst: Instance, lottery: Lottery) -> Verdict:
    """mu_i(D) >= PS_i for every agent (Section 2.3)."""
    mu = means(lottery.outcomes(inst))
    for i, (x, ps) in enumerate(zip(mu, inst.proportional_shares)):
        if x < ps:
            return Verdict("ex-ante PROP", False, {"agent": inst.agents[i], "mean": fmt(x), "PS": fmt(ps)})
    return Verdict("ex-ante PROP", True)


# ---------------------------------------------------------------------------- objectives

def _sov(var, totals):
    return sum(var, Fraction(0))


def _sovor(var, totals):
    return sum((v / (t * t) for v, t in zip(var, totals) if t), Fraction(0))


def _max_var(var, totals):
    return max(var)


def _var_of_vars(var, totals):
    n = len(var)
    mu = sum(var, Fraction(0)) / n
    return sum(((v - mu) ** 2 for v in var), Fraction(0)) / n


def _sum_sd(var, totals):
    return SqrtSum([(Fraction(1), v) for v in var])


def _sd_of_sds(var, totals):
    # (1/n) sum (s_i - mean s)^2 = (1/n) sum Var_i - ((1/n) sum s_i)^2
    n = len(var)
    s = _sum_sd(var, totals)
    inner = SqrtSum.of(sum(var, Fraction(0)) / n) - s * s * Fraction(1, n * n)
    return Sqrt(inner).simplified()


@dataclass(frozen=True)
class Objective:
    name: str
    title: str
    reference: str
    of_variances: Callable[[Sequence[Fraction], Sequence[Fraction]], Value]
    algebraic: bool  # involves square roots

    def __call__(self, inst: Instance, lottery: Lottery) -> Value:
        return self.of_variances(variances(lottery.outcomes(inst)),
                                 [inst.total(i) for i in range(inst.n)])

    def of_outcomes(self, inst: Instance, outcomes: Sequence[Outcome]) -> Value:
        return self.of_variances(variances(outcomes), [inst.total(i) for i in range(inst.n)])


OBJECTIVES: dict[str, Objective] = {o.name: o for o in (
    Objective("sov", "sum of variances", "Section 2.4 (Phi)", _sov, False),
    Objective("sovor", "sum of variances of ratios", "Section 2.4 (SoVoR)", _sovor, False),
    Objective("max-var", "largest variance", "Section 6, item 1", _max_var, False),
    Objective("var-of-vars", "variance of variances", "Section 6, item 2", _var_of_vars, False),
    Objective("sd-of-sds", "standard deviation of standard deviations", "Section 6, item 3",
              _sd_of_sds, True),
    Objective("sum-sd", "sum of standard deviations", "Section 6, item 4", _sum_sd, True),
)}


def objective(name: str) -> Objective:
    try:
        return OBJECTIVES[name]
    except KeyError:
        raise InputError(f"unknown objective {name!r} (known: {', '.join(OBJECTIVES)})",
                         field="objective") from None
