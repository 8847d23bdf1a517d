"""Exact arithmetic expressions for 'arithmetic' claims: numbers, + - * /, ^ or ** with an integer
exponent, parentheses and sqrt(...). Evaluated in Fractions / exact square roots (never floats):
"825/912", "25/31 * 6/31 * ((96 - 0)^2 + (100 - 38)^2)", "sqrt(1/11 * 10/11 * 90^2)".
"""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction

from ..errors import InputError
from ..numbers import Sqrt, SqrtSum, Value, compare

MAX_LENGTH = 500
MAX_EXPONENT = 64


def parse_expression(text: str) -> ast.AST:
    if len(text) > MAX_LENGTH:
        raise InputError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval").body
    except SyntaxError as e:
        raise InputError(f"not an arithmetic expression: {e.msg}") from None
    _check(tree)
    return tree


def _check(node) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise InputError(f"unexpected constant {node.value!r}")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        _check(node.left)
        _check(node.right)
        if isinstance(node.op, ast.Pow) and not (isinstance(node.right, ast.Constant)
                                                 and isinstance(node.right.value, int)
                                                 and 0 <= node.right.value <= MAX_EXPONENT):
            raise InputError(f"exponents must be integer literals in 0..{MAX_EXPONENT}")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check(node.operand)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sqrt" \
            and len(node.args) == 1 and not node.keywords:
        _check(node.args[0])
    else:
        raise InputError("only numbers, + - * / ^, parentheses and sqrt(...) are allowed")


def evaluate(text: str) -> Value:
    """The exact value of an expression (a Fraction, SqrtSum or Sqrt)."""
    return _simplify(_eval(parse_expression(text)))


def _simplify(v):
    if isinstance(v, SqrtSum) and v.rational() is not None:
        return v.rational()
    return v


def _eval(node):
    if isinstance(node, ast.Constant):
        # a decimal literal means exactly what it says: 0.91 is 91/100
        v = node.value
        return Fraction(Decimal(repr(v))) if isinstance(v, float) else Fraction(v)  # float-ok: exact literal
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.Call):
        v = _simplify(_eval(node.args[0]))
        if compare(v, 0) < 0:
            raise InputError("square root of a negative number")
        if isinstance(v, Fraction):
            return SqrtSum.sqrt(v)
        if isinstance(v, SqrtSum):
            return Sqrt(v)
        raise InputError("nested square roots of square roots are not supported")
    a, b = _simplify(_eval(node.left)), _simplify(_eval(node.right))
    op = node.op
    if isinstance(op, ast.Pow):
        out = Fraction(1)
        for _ in range(node.right.value):
            out = _mul(out, a)
        return out
    if isinstance(op, ast.Div):
        if isinstance(b, Fraction):
            if b == 0:
                raise InputError("division by zero")
            return _mul(a, 1 / b)
        raise InputError("division by an irrational number is not supported")
    if isinstance(a, Sqrt) or isinstance(b, Sqrt):
        raise InputError("arithmetic on nested square roots is not supported")
    if isinstance(op, ast.Add):
        return a + b if isinstance(a, Fraction) and isinstance(b, Fraction) else SqrtSum.of(a) + b
    if isinstance(op, ast.Sub):
        return a - b if isinstance(a, Fraction) and isinstance(b, Fraction) else SqrtSum.of(a) - b
    return _mul(a, b)


def _mul(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a * b
    if isinstance(a, Sqrt) or isinstance(b, Sqrt):
        raise InputError("arithmetic on nested square roots is not supported")
    return SqrtSum.of(a) * b
