"""A tiny stand-in for statement.py's semantics, and the theorem checker's tests against it.

Toy statement ("forall"): for m goods with values v_g > 0 and sum v_g == 1, the violation
-(v_0 + ... + v_{m-1}) >= 0 is impossible. One case per good g (a deliberately redundant split, so
that missing/extra cases can be tested); its refutation uses pos:g, the equality and a square.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from verifier.kernel import theorem
from verifier.kernel.base import Rejected
from verifier.kernel.poly import Poly


class FakeCase:
    def __init__(self, g, m):
        self.id = f"g={g}"
        v = [Poly.var(f"v{j}") for j in range(m)]
        total = sum(v, Poly())
        self.hypotheses = {**{f"pos:{j}": (v[j], ">") for j in range(m)},
                           "norm": (total - 1, "=="), "viol": (-total, ">=")}

    def hypothesis(self, hid):
        if hid not in self.hypotheses:
            raise Rejected(f"case {self.id}", f"no hypothesis {hid!r}")
        return self.hypotheses[hid]

    def all_hypothesis_ids(self):
        return iter(self.hypotheses)


class FakeStatement:
    name, text, quantifier = "toy", "For positive values summing to 1, the sum is not <= 0.", "forall"

    def cases(self, n, m):
        return (FakeCase(g, m) for g in range(m))


class FakeExists:
    name, text, quantifier = "toy-exists", "Some good is worth more than 1/2.", "exists"

    def holds_on(self, valuations, n, m):
        return any(x > Fraction(1, 2) for x in valuations[0])


def fake_load(data):
    if data.get("name") == "toy":
        return FakeStatement()
    if data.get("name") == "toy-exists":
        return FakeExists()
    raise Rejected("statement", "unknown toy statement")


def header(statement):
    return {"format": "verifier-certificate", "version": 1, "kind": "theorem",
            "producer": "verifier 0.1.0", "statement": statement, "verification": "unverified"}


def toy_certificate(m=2):
    """Every case but g=1: pos:0 + ... + pos:m-1 + viol = 0 with strict terms; g=1: a sum -1."""
    cases = []
    for g in range(m):
        if g == 1:  # viol + norm * 1 = -(sum v) + (sum v - 1) = -1
            ref = {"terms": [{"coef": 1, "factors": ["viol"]},
                             {"coef": 1, "factors": ["norm"], "multiplier": [[1, {}]]}],
                   "squares": [], "conclusion": "negative"}
        else:
            ref = {"terms": [{"coef": 1, "factors": [f"pos:{j}"]} for j in range(m)]
                   + [{"coef": 1, "factors": ["viol"]}], "squares": [], "conclusion": "zero"}
        cases.append({"case": f"g={g}", "refutation": ref})
    return {**header(FakeStatement.text), "theorem": {"name": "toy"}, "agents": 1, "goods": m,
            "result": "proved", "cases": cases}


@pytest.fixture(autouse=True)
def fake_statement(monkeypatch):
    monkeypatch.setattr(theorem, "_load", fake_load)


def test_toy_certificate_accepted():
    assert theorem.check(toy_certificate(3)) == "toy: proved at n=1, m=3, 3 cases refuted"


def test_witness_checked_by_holds_on():
    cert = {**header(FakeExists.text), "theorem": {"name": "toy-exists"}, "agents": 1, "goods": 2,
            "result": "witnessed", "witness": {"valuations": [["3/4", "1/4"]]}}
    assert theorem.check(cert) == "toy-exists: witnessed at n=1, m=2"
    cert["witness"]["valuations"] = [["1/2", "1/2"]]
    with pytest.raises(Rejected, match="witness does not satisfy"):
        theorem.check(cert)


@pytest.mark.parametrize("mutate, reason", [
    (lambda c: c["cases"].pop(), "missing: no refutation"),
    (lambda c: c["cases"].append(copy.deepcopy(c["cases"][0])), "more than one refutation"),
    (lambda c: c["cases"].append({"case": "g=9", "refutation": c["cases"][0]["refutation"]}),
     "not a case of the statement"),
    (lambda c: c["cases"][0]["refutation"]["terms"].pop(), "does not sum to 0"),
    (lambda c: c["cases"][0]["refutation"]["terms"][0].update(coef=-1), "must be positive"),
    (lambda c: c["cases"][0]["refutation"]["terms"][0].update(multiplier=[[2, {}]]),
     "needs an equality factor"),
    (lambda c: c["cases"][0]["refutation"]["terms"][0].update(factors=["pos:7"]),
     "no hypothesis"),
    (lambda c: c["cases"][0]["refutation"]["terms"][0].update(factors=["pos:0"] * 5),
     "at most 4"),
    (lambda c: c["cases"][0]["refutation"].update(conclusion="negative"), "does not sum to -1"),
    (lambda c: c["cases"][1]["refutation"]["squares"].append({"coef": "-1", "poly": [[1, {}]]}),
     "must be positive"),
    (lambda c: c["cases"][1]["refutation"]["squares"].append({"coef": 1, "poly": [[1, {}]]}),
     "does not sum to -1"),
    (lambda c: c["cases"][1]["refutation"]["squares"].append({"coef": 1, "poly": []}),
     "square of 0"),
    (lambda c: c["cases"][1]["refutation"]["squares"].append(
        {"coef": 1, "poly": [["1", {"v0": 10**6}]]}), "exponent"),
    (lambda c: c["cases"][1]["refutation"]["terms"][1].update(multiplier=[]), "contributes 0"),
    (lambda c: c.update(statement="For all values, anything."), "verbatim"),
    (lambda c: c.update(agents=10**6), "'agents' must be an integer"),
    (lambda c: c.update(result="witnessed"), "result of a 'forall'"),
    (lambda c: c.update(seconds=3), "unexpected or missing top-level keys"),
])
def test_tampered_toy_rejected(mutate, reason):
    cert = toy_certificate(2)
    mutate(cert)
    with pytest.raises(Rejected, match=reason):
        theorem.check(cert)


def test_zero_needs_strict_term():
    cert = toy_certificate(1)
    # norm * 1 + 1 + viol = (v0 - 1) + 1 - v0 = 0, and the empty product 1 > 0 is a strict term
    cert["cases"][0]["refutation"] = {
        "terms": [{"coef": 1, "factors": ["norm"], "multiplier": [[1, {}]]},
                  {"coef": 1, "factors": []}, {"coef": 1, "factors": ["viol"]}],
        "squares": [], "conclusion": "zero"}
    assert "1 cases refuted" in theorem.check(cert)
    # norm * 1 - norm = 0 too, but nothing in it is strictly positive
    cert["cases"][0]["refutation"]["terms"] = [
        {"coef": 1, "factors": ["norm"], "multiplier": [[1, {}]]},
        {"coef": -1, "factors": ["norm"]}]
    with pytest.raises(Rejected, match="a refutation summing to 0 needs a term of strict"):
        theorem.check(cert)


def test_work_limit(monkeypatch):
    monkeypatch.setattr(theorem, "MAX_WORK", 3)
    with pytest.raises(Rejected, match="work limit"):
        theorem.check(toy_certificate(3))


def test_canonical_refutation_scales_a_negative_sum_to_minus_one():
    from verifier.certificates import canonical_refutation
    case = FakeCase(1, 2)
    ref = {"terms": [{"coef": 2, "factors": ["viol"]},
                     {"coef": 1, "factors": ["norm"], "multiplier": [[2, {}]]},
                     {"coef": 5, "factors": ["norm", "viol"], "multiplier": []}],
           "squares": [{"coef": 1, "poly": []}], "conclusion": "negative"}
    out = canonical_refutation(case, ref)
    assert out == {"terms": [{"coef": "1/2", "factors": ["norm"], "multiplier": [[2, {}]]},
                             {"coef": 1, "factors": ["viol"]}],
                   "squares": [], "conclusion": "negative"}
    assert canonical_refutation(case, out) == out
    cert = toy_certificate(2)
    cert["cases"][1]["refutation"] = out
    assert theorem.check(cert) == "toy: proved at n=1, m=2, 2 cases refuted"
    cert["cases"][1]["refutation"] = ref
    with pytest.raises(Rejected, match="term 2: a term that contributes 0"):
        theorem.check(cert)
