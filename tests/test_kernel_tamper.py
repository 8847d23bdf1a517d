"""Tampering tests (issue 5, item 5): a mutation test over every number of a small certificate of
each kind — change any one number, drop a case / a term, flip a sign, alter the statement header —
every mutant must be rejected. And the independence test: the kernel checks certificates in a
subprocess where z3, sympy, mpmath and numpy cannot be imported."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
import tomllib

import pytest

from verifier.kernel import check
from verifier.kernel.base import KernelError
from verifier.paths import CERTIFICATES, ROOT, THEOREMS

REFERENCE = check.load_theorems(THEOREMS)


def corollary_3_4_certificate() -> dict:
    """Corollary 3.4 at n = 2, m = 2, refuted by hand (a real statement, not the prover's output):
    every case's sum is 0 with a strict term; e.g. allocation 0,0 against agent 1's MMS witness:
    dist<=:0,1 is -2*v0*v1 >= 0 and viol:0 * viol:1 is v0*v1 > 0."""
    with open(THEOREMS / "corollary-3.4.toml", "rb") as f:
        data = tomllib.load(f)

    def ref(*terms):
        return {"terms": [{"coef": c, "factors": list(fs)} for c, fs in terms], "squares": [],
                "conclusion": "zero"}
    cases = {"0,0|MMS:0:B=0,1": ref((1, ["viol:0"]), (1, ["pos:1"])),
             "0,0|MMS:1:B=0,1": ref((1, ["dist<=:0,1"]), (2, ["viol:0", "viol:1"])),
             "0,1|MMS:0:B=0,1": ref((1, ["viol:0"])),
             "0,1|MMS:1:B=0,1": ref((1, ["viol:1"]))}
    return {"format": "verifier-certificate", "version": 1, "kind": "theorem",
            "producer": "verifier 0.1.0", "statement": data["statement"],
            "verification": "unverified", "theorem": data, "agents": 2, "goods": 2,
            "result": "proved", "cases": [{"case": k, "refutation": r} for k, r in cases.items()]}


# Known gaps in checkers owned by other engineers, found by this test (issue 5 item 5); strict, so
# the marker must go as soon as the checker rejects every mutant. None open: the lottery and
# instance checkers now re-render the header statement from the content (statement(cert) hooks).
KNOWN_GAPS: dict[str, str] = {}


def samples():
    """The hand-made theorem certificate, and the smallest shipped certificate of each kind."""
    out = [pytest.param(corollary_3_4_certificate(), id="theorem-by-hand")]
    smallest = {}
    for p in sorted(CERTIFICATES.glob("*.json"), key=lambda p: (p.stat().st_size, p.name)):
        cert = check.load(p)
        smallest.setdefault(cert["kind"], (p.name, cert))
        if '"multiplier"' in p.read_text():  # also the smallest with equality multipliers
            smallest.setdefault("theorem-multiplier", (p.name, cert))
    for kind, (name, cert) in sorted(smallest.items()):
        kind = cert["kind"]
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[kind])] if kind in KNOWN_GAPS \
            else []
        out.append(pytest.param(cert, id=name, marks=marks))
    return out


def _walk(x, path=()):
    """Every (path, leaf) of a JSON value."""
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _walk(v, path + (k,))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _walk(v, path + (i,))
    else:
        yield path, x


def _set(cert, path, value):
    out = copy.deepcopy(cert)
    target = out
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    return out


def _changed_numbers(x):
    """Other numbers of the same JSON type: +1, and the negation when that differs."""
    if isinstance(x, bool):
        return
    if isinstance(x, int):
        yield x + 1
        if x:
            yield -x
    elif isinstance(x, str):
        num, slash, den = x.partition("/")
        if num.lstrip("-").isdigit() and (not slash or den.isdigit()):
            yield f"{int(num) + 1}{slash}{den}"
            if int(num):
                yield f"{-int(num)}{slash}{den}"
        # every digit inside any other text (case and hypothesis ids, the statement)
        for i, ch in enumerate(x):
            if ch.isdigit():
                yield x[:i] + str((int(ch) + 1) % 10) + x[i + 1:]


# text for humans only, and (for theorems) the statement keys check.INFORMATIONAL
LABELS = {"producer", "id", "name", "label", "title"} | check.INFORMATIONAL


def mutants(cert):
    for path, leaf in _walk(cert):
        if path[-1] in LABELS:
            continue
        for new in _changed_numbers(leaf):
            yield f"{'/'.join(map(str, path))}: {leaf!r} -> {new!r}", _set(cert, path, new)
    for path, leaf in _walk(cert):  # drop one element of any list (a case, a term, a factor...)
        if path and isinstance(path[-1], int):
            parent = path[:-1]
            out = copy.deepcopy(cert)
            target = out
            for k in parent:
                target = target[k]
            if isinstance(target, list) and path[-1] < len(target):
                del target[path[-1]]
                yield f"drop {'/'.join(map(str, path))}", out
    yield "statement header", {**cert, "statement": cert["statement"] + " (for all n)"}
    yield "verification claimed", {**cert, "verification": "checked"}


def _rejected(cert) -> bool:
    try:
        check.check(json.loads(json.dumps(cert)), REFERENCE)
    except KernelError:
        return True
    return False


@pytest.mark.parametrize("cert", samples())
def test_every_mutant_rejected(cert):
    assert check.check(json.loads(json.dumps(cert)), REFERENCE)  # the original is accepted
    survivors, count = [], 0
    for what, mutant in mutants(cert):
        count += 1
        if mutant != cert and not _rejected(mutant):
            survivors.append(what)
    assert count > 20
    assert survivors == []


def test_the_reference_statement_cannot_be_weakened():
    cert = corollary_3_4_certificate()
    cert["theorem"]["hypotheses"] = ["distance-minimizing", "EF"]
    with pytest.raises(KernelError, match="statement data differs from .*corollary-3.4.toml in "
                                          "hypotheses"):
        check.check(cert, REFERENCE)


BLOCKER = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('z3', 'sympy', 'mpmath', 'numpy', 'scipy', 'cvc5'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Blocker())
"""


def _isolated(tmp_path, code: str):
    """Run ``code`` with only the standard library and the repository root importable, and
    z3/sympy/mpmath/numpy/scipy/cvc5 blocked."""
    (tmp_path / "blocker.py").write_text(BLOCKER)
    probe = f"""
import sys
sys.path[:] = [{str(tmp_path)!r}, {str(ROOT)!r}] + [p for p in sys.path
                                                  if 'site-packages' not in p]
import blocker
try:
    import z3
    raise SystemExit('the blocker failed')
except ImportError:
    pass
""" + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True,
                          timeout=60)


def test_kernel_runs_without_the_solver_side(tmp_path):
    cert = tmp_path / "c34.json"
    cert.write_text(json.dumps(corollary_3_4_certificate(), indent=1, sort_keys=True) + "\n")
    r = _isolated(tmp_path, f"""
        import runpy
        sys.argv = ['kernel', '--theorems', {str(THEOREMS)!r}, {str(cert)!r}]
        runpy.run_module('verifier.kernel', run_name='__main__')
    """)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"CHECKED  {cert}: Corollary 3.4: proved at n=2, m=2, 4 cases refuted" in r.stdout


def test_kernel_imports_nothing_outside_the_kernel(tmp_path):
    r = _isolated(tmp_path, """
        import importlib, pkgutil, verifier.kernel
        for mod in pkgutil.iter_modules(verifier.kernel.__path__):
            if mod.name != '__main__':
                importlib.import_module('verifier.kernel.' + mod.name)
        print(sorted(m for m in sys.modules if m.startswith('verifier')))
    """)
    assert r.returncode == 0, r.stderr
    modules = r.stdout.strip().splitlines()[-1].strip("[]").replace("'", "").split(", ")
    assert "verifier.kernel.theorem" in modules
    assert [m for m in modules if m != "verifier" and not m.startswith("verifier.kernel")] == []


def test_a_checker_can_pin_the_statement_header(monkeypatch):
    from verifier.kernel import theorem
    cert = corollary_3_4_certificate()
    monkeypatch.setattr(theorem, "statement", lambda c: c["theorem"]["statement"], raising=False)
    assert check.check(cert, REFERENCE)
    monkeypatch.setattr(theorem, "statement", lambda c: "another statement", raising=False)
    with pytest.raises(KernelError, match="'statement' is not this certificate's statement"):
        check.check(cert, REFERENCE)
