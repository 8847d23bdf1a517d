"""Exact helpers of the audit: linear algebra (definiteness, polytope vertices), expressions,
and the 'approximately' rule."""

from fractions import Fraction as F

import pytest

from verifier.audit import linalg
from verifier.audit.evaluate import approximately, floor_scaled
from verifier.audit.expr import evaluate
from verifier.errors import InputError
from verifier.numbers import Sqrt, SqrtSum

EX52 = [(F(96), F(38)), (F(4), F(62)), (F(100), F(0)), (F(0), F(100))]  # P1..P4 of Example 5.2
PS = (F(50), F(50))


def m(rows):
    return tuple(tuple(F(x) for x in r) for r in rows)


@pytest.mark.parametrize("rows,cls", [
    ([[2, 0], [0, 3]], "positive definite"),
    ([[-1, 0], [0, -2]], "negative definite"),
    ([[1, 1], [1, 1]], "positive semidefinite"),
    ([[-4, 2], [2, -1]], "negative semidefinite"),
    ([[1, 0], [0, -1]], "indefinite"),
    ([[0, 1], [1, 0]], "indefinite"),
])
def test_definiteness(rows, cls):
    got, witness = linalg.definiteness(m(rows))
    assert got == cls
    if cls.endswith("semidefinite"):
        assert any(witness) and linalg.quadratic(m(rows), witness) == 0


def test_vertices_of_example_5_2():
    verts = linalg.prop_polytope_vertices(EX52, PS)
    assert sorted(verts) == sorted([(F(1, 2), F(1, 2), 0, 0), (0, 0, F(1, 2), F(1, 2)),
                                    (F(25, 31), 0, 0, F(6, 31)), (F(25, 48), 0, 0, F(23, 48))])
    assert linalg.is_vertex((F(25, 31), 0, 0, F(6, 31)), EX52, PS)
    quarter = (F(1, 4),) * 4  # in P (both means are exactly 50) but interior to a face
    assert linalg.in_prop_polytope(quarter, EX52, PS) and not linalg.is_vertex(quarter, EX52, PS)
    assert not linalg.in_prop_polytope((0, F(50, 96), F(46, 96), 0), EX52, PS)
    with pytest.raises(OverflowError):
        linalg.prop_polytope_vertices(EX52 * 50, PS, limit=1000)


def test_solve_general():
    assert linalg.solve_general(m([[1, 1], [1, -1]]), [F(2), F(0)]) == ("unique", (1, 1))
    assert linalg.solve_general(m([[1, 1], [2, 2]]), [F(1), F(3)]) == ("none", None)
    assert linalg.solve_general(m([[1, 1], [2, 2]]), [F(1), F(2)]) == ("many", None)
    assert linalg.solve_general(m([[1, 0], [0, 1], [1, 1]]), [F(1), F(2), F(3)]) == ("unique", (1, 2))


def test_expressions_are_exact():
    assert evaluate("25/31 * 6/31 * ((96 - 0)^2 + (100 - 38)^2)") == F(1959000, 961)
    assert evaluate("0.91") == F(91, 100)
    assert evaluate("sqrt(1/4 * (38 - 24)^2)") == 7
    assert str(evaluate("sqrt(1/11 * 10/11 * 90^2) + sqrt(1/11 * 10/11 * 55^2)")) == "145/11*sqrt(10)"
    for bad in ("1/0", "2^100000", "__import__('os')", "x + 1", "sqrt(-1)", "1 if 1 else 2"):
        with pytest.raises(InputError):
            evaluate(bad)


def test_approximately_and_floor():
    assert floor_scaled(SqrtSum.sqrt(2), 1000) == 1414
    nested = Sqrt(SqrtSum.of(3) + SqrtSum.sqrt(2))  # sqrt(3 + sqrt 2) = 2.10100...
    assert floor_scaled(nested, 10 ** 6) == 2101002
    assert approximately(nested, F("2.101"), 3) and not approximately(nested, F("2.102"), 3)
    third = F(275, 304)  # 0.904605...
    assert [approximately(third, F(x), 3) for x in ("0.904", "0.905", "0.903")] == [True, True, False]


# ------------------------------------------------------------------ both ways, random instances

from hypothesis import given, settings, strategies as st  # noqa: E402

import functools  # noqa: E402

from verifier.allocation import all_allocations  # noqa: E402
from verifier.audit import audit, load_claims  # noqa: E402
from verifier.fairness import is_ef1  # noqa: E402
from verifier.lottery import OBJECTIVES, Lottery  # noqa: E402
from verifier.numbers import compare  # noqa: E402

CLAIMS = "".join(f'[[claim]]\nid = "{o} {k}"\n' + body for o in ("sov", "sum-sd") for k, body in (
    ("optimum", f'quantity = "optimum"\nobjective = "{o}"\nequals = 0\n'),
    ("empty", f'property = "every minimizer"\nobjective = "{o}"\nhas = "empty bundle"\n'),
    ("EF1", f'property = "every minimizer"\nobjective = "{o}"\nsatisfies = "EF1"\n')))


def _by_vertices(inst, obj: str):
    """Test oracle, independent of verifier.optimize: for a concave objective the minimizers
    are the convex combinations of optimal vertices of the polytope over all allocations
    (verifier.audit.linalg enumerates them): (optimum, optimal vertices as {allocation: p})."""
    allocs = list(all_allocations(inst.n, inst.m))
    verts = linalg.prop_polytope_vertices([a.value_vector(inst) for a in allocs],
                                          inst.proportional_shares)
    lots = [{a: q for a, q in zip(allocs, v) if q} for v in verts]
    vals = [OBJECTIVES[obj](inst, Lottery.of(list(d.items()))) for d in lots]
    best = min(vals, key=functools.cmp_to_key(compare))
    return best, [d for d, v in zip(lots, vals) if compare(v, best) == 0]


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 3).flatmap(lambda m: st.lists(
    st.lists(st.integers(1, 9), min_size=m, max_size=m), min_size=2, max_size=2)))
def test_optimizer_route_agrees_with_vertex_enumeration(tmp_path_factory, rows):
    """On random 2-agent instances the audit (lottery optimizer) decides the optimum and the
    'every minimizer' claims as the audit's own vertex enumeration does."""
    p = tmp_path_factory.mktemp("rand") / "c.toml"
    p.write_text(f"[instance]\nvaluations = {rows}\n" + CLAIMS)
    cf = load_claims(p)
    inst = cf.instance
    results = iter(audit(cf).results)
    for obj in ("sov", "sum-sd"):
        best, optimal = _by_vertices(inst, obj)
        empty = all(any(not b for a in d for b in a.bundles) for d in optimal)
        ef1 = all(is_ef1(inst, a).holds for d in optimal for a in d)
        for expected in (best, empty, ef1):
            r = next(results)
            assert r.method == "lottery optimizer", r
            if isinstance(expected, bool):
                assert r.computed is expected, (rows, r)
            else:
                assert compare(expected, json_value(r)) == 0, (rows, r)


def json_value(r):
    """The exact optimum back from the result's JSON form ("p/q", int, or algebraic text)."""
    c = r.computed
    if isinstance(c, dict):  # {"algebraic": text}: compare via the exact SqrtSum text
        return _algebraic(c["algebraic"])
    return F(c)


def _algebraic(text: str):
    # the shipped format is "a*sqrt(b) + ..." or "p/q*sqrt(b)"; evaluate it exactly
    return evaluate(text)
