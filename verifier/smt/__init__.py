"""The only package that imports SMT solvers (Z3, cvc5): untrusted proposers for the prover.
Every answer they give is re-checked exactly (models) or turned into a kernel certificate (unsat)."""
