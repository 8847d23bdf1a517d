"""Instances (issue 2, items 3, 10, 11): the paper's files, save/load round trips, bad input."""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verifier.errors import InputError
from verifier.instance import Instance, instance_from_dict, line_of, load_instance, read_document
from verifier.paths import EXAMPLES


# ------------------------------------------------------------------------------ the examples

def test_example_4_5_file():
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    assert (inst.n, inst.m) == (3, 6)
    assert inst.goods == ("a", "b", "c", "d", "e", "f")
    assert inst.agents == ("1", "2", "3")
    assert inst.shared and inst.is_identical and inst.is_normalized
    assert inst.valuations[2] == (825, 552, 528, 384, 360, 351)
    assert inst.total(0) == 3000
    assert inst.proportional_shares == (1000, 1000, 1000)
    assert inst.value(0, [0, 5]) == 1176  # {a, f}


def test_example_5_2_and_6_2_files():
    inst = load_instance(EXAMPLES / "example-5.2.toml")
    assert inst.valuations == ((4, 96), (38, 62))
    assert not inst.shared and not inst.is_identical and inst.is_normalized
    assert inst.proportional_shares == (50, 50)
    inst = load_instance(EXAMPLES / "example-6.2.toml")
    assert inst.valuations == ((90, 10), (55, 45))
    assert inst.total(1) == 100


def test_intro_file():
    inst = load_instance(EXAMPLES / "intro-11-identical.toml")
    assert inst.agents == ("Alice", "Bob")
    assert inst.m == 11 and inst.is_identical
    assert inst.proportional_share(1) == Fraction(11, 2)


# ------------------------------------------------------------------------- constructors

def test_identical_and_general():
    a = Instance.identical(["1/2", "0.25", 3], 3)
    assert a.n == 3 and a.m == 3 and a.shared and a.is_identical
    assert a.valuations[0] == (Fraction(1, 2), Fraction(1, 4), Fraction(3))
    assert a.goods == ("a", "b", "c") and a.agents == ("1", "2", "3")
    b = Instance.general([[1, 2, 3], [1, 2, 3], [1, 2, 3]])
    assert b.is_identical and not b.shared  # equal rows are identical valuations too
    c = Instance.general([[1, 2], [2, 1]], goods=["x", "y"])
    assert not c.is_identical and c.is_normalized and c.goods == ("x", "y")
    d = Instance.general([[1, 2], [2, 2]])
    assert not d.is_normalized
    assert d.proportional_shares == (Fraction(3, 2), 2)
    assert Instance.identical([1] * 30, 2).goods[:2] == ("g1", "g2")  # beyond 26 goods


def test_normalized():
    inst = Instance.general([[1, 3], [2, 8], [0, 0]])
    norm = inst.normalized()
    assert norm.valuations == ((Fraction(1, 4), Fraction(3, 4)), (Fraction(1, 5), Fraction(4, 5)),
                               (0, 0))
    assert [norm.total(i) for i in range(2)] == [1, 1]
    assert inst.normalized(100).valuations[1] == (20, 80)
    assert Instance.general([[1, 3], [2, 2]]).normalized(4).is_normalized
    assert norm.goods == inst.goods and norm.agents == inst.agents


def test_good_index():
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    assert inst.good_index("f") == 5
    with pytest.raises(InputError, match="unknown good 'z'"):
        inst.good_index("z")


def test_instance_is_immutable():
    inst = Instance.identical([1, 2], 2)
    with pytest.raises(Exception):
        inst.valuations = ()


# ------------------------------------------------------------------------------ round trips

INSTANCES = [
    Instance.identical([825, 552, 528, 384, 360, 351], 3, goods=list("abcdef"), name="Example 4.5"),
    Instance.general([[4, 96], [38, 62]], name="Example 5.2"),
    Instance.general([["1/3", "0.1", 0], [1, 1, 1]], goods=["x", "y", "z"]),
    Instance.general([[1, 2], [1, 2]]),  # identical rows, not declared shared
    Instance.identical([1], 1, name='quote " backslash \\ newline \n emoji \U0001F600 del \x7f'),
]


@pytest.mark.parametrize("inst", INSTANCES, ids=range(len(INSTANCES)))
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_save_load_round_trip(inst, suffix, tmp_path):
    path = tmp_path / f"inst{suffix}"
    inst.save(path)
    back = load_instance(path)
    assert back == inst
    assert back.valuations == inst.valuations and back.shared == inst.shared
    if suffix == ".json":  # exact numbers as ints or "p/q" strings, never floats
        assert "0.333" not in path.read_text()


def test_json_suffix_in_any_case(tmp_path):
    inst = Instance.general([["1/3", 0.5]])
    inst.save(tmp_path / "UPPER.JSON")
    assert json.loads((tmp_path / "UPPER.JSON").read_text())["valuations"] == [["1/3", "1/2"]]
    assert load_instance(tmp_path / "UPPER.JSON") == inst


def test_named_agents_round_trip(tmp_path):
    inst = load_instance(EXAMPLES / "intro-11-identical.toml")
    for suffix in (".toml", ".json"):
        inst.save(tmp_path / f"i{suffix}")
        assert load_instance(tmp_path / f"i{suffix}") == inst
    assert json.loads((tmp_path / "i.json").read_text())["agents"] == ["Alice", "Bob"]


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4).flatmap(lambda m: st.lists(
    st.lists(st.fractions(min_value=0, max_value=1000, max_denominator=50), min_size=m, max_size=m),
    min_size=1, max_size=4)))
def test_round_trip_property(tmp_path_factory, rows):
    inst = Instance.general(rows)
    d = tmp_path_factory.mktemp("rt")
    for suffix in (".toml", ".json"):
        inst.save(d / f"x{suffix}")
        assert load_instance(d / f"x{suffix}") == inst


def test_json_input_forms(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"agents": ["A", "B"], "goods": 3, "valuation": [0.1, "1/3", 2]}')
    inst = load_instance(p)
    assert inst.valuations[1] == (Fraction(1, 10), Fraction(1, 3), 2)
    assert inst.agents == ("A", "B") and inst.goods == ("a", "b", "c")
    p.write_text('{"valuations": [[1.5, 2], [3, 0.25]], "name": "n", "source": "s"}')
    inst = load_instance(p)
    assert inst.valuations == ((Fraction(3, 2), 2), (3, Fraction(1, 4)))
    assert (inst.name, inst.source, inst.agents) == ("n", "s", ("1", "2"))


# ------------------------------------------------------------------------------- bad input

def _error(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    with pytest.raises(InputError) as e:
        load_instance(p)
    return e.value, str(p)


BAD_TOML = [
    # (what, file text, field, line, words in the message)
    ("malformed", "agents = 3\nvaluation = [1, 2\n", None, 2, "malformed TOML"),
    ("malformed line", "agents = 3\nvaluation = [1, 2]\nx = = 1\n", None, 3, "malformed TOML"),
    ("unknown key", "agents = 2\nvaluation = [1, 2]\nvalues = [1]\n", "values", 3, "unknown key"),
    ("ragged", "goods = 2\nvaluations = [[1, 2], [3]]\n", "valuations", 2, "ragged"),
    ("negative", "agents = 2\nvaluation = [1, -2]\n", "valuation[1]", 2, "negative"),
    ("negative p/q", "valuations = [[1, 2], [\"-1/2\", 3]]\n", "valuations[1][0]", 1, "negative"),
    ("non-numeric", "agents = 2\n\nvaluation = [1, \"lots\"]\n", "valuation[1]", 3, "not an exact"),
    ("zero agents", "agents = 0\nvaluation = [1, 2]\n", "agents", 1, "zero agents"),
    ("no agent names", "agents = []\nvaluation = [1, 2]\n", "agents", 1, "zero agents"),
    ("no rows", "valuations = []\n", "valuations", 1, "zero agents"),
    ("zero goods", "agents = 2\nvaluation = []\n", "valuation", 2, "zero goods"),
    ("zero goods rows", "valuations = [[], []]\n", "valuations", 1, "zero goods"),
    ("boolean value", "agents = 2\nvaluation = [1, true]\n", "valuation[1]", 2, "boolean"),
    ("boolean agents", "agents = true\nvaluation = [1, 2]\n", "agents", 1, "count or a list"),
    ("nan", "agents = 2\nvaluation = [1, nan]\n", "valuation[1]", 2, "finite"),
    ("inf", "agents = 2\nvaluation = [inf, 1]\n", "valuation[0]", 2, "finite"),
    ("both forms", "agents = 2\nvaluation = [1]\nvaluations = [[1], [1]]\n", "valuations", 3,
     "exactly one of"),
    ("neither form", "agents = 2\n", None, None, "exactly one of"),
    ("shared needs agents", "valuation = [1, 2]\n", "valuation", 1, "needs 'agents'"),
    ("agent count mismatch", "agents = 3\nvaluations = [[1], [2]]\n", "agents", 1, "3 agents but 2"),
    ("goods count mismatch", "agents = 2\ngoods = 3\nvaluation = [1, 2]\n", "goods", 2, "3 goods"),
    ("goods names mismatch", "agents = 2\ngoods = [\"x\"]\nvaluation = [1, 2]\n", "goods", 2,
     "1 good names"),
    ("duplicate goods", "agents = 2\ngoods = [\"x\", \"x\"]\nvaluation = [1, 2]\n", "goods", 2,
     "duplicate"),
    ("duplicate agents", "agents = [\"A\", \"A\"]\nvaluation = [1, 2]\n", "agents", 1, "duplicate"),
    ("row not a list", "valuations = [1, 2]\n", "valuations", 1, "list of rows"),
    ("nested shared row", "agents = 2\nvaluation = [[1, 2]]\n", "valuation", 2, "one row"),
    ("name not text", "name = 3\nagents = 2\nvaluation = [1]\n", "name", 1, "string"),
    ("zero denominator", "agents = 2\nvaluation = [\"1/0\"]\n", "valuation[0]", 2, "denominator"),
]


@pytest.mark.parametrize("what, text, field, line, words", BAD_TOML, ids=[b[0] for b in BAD_TOML])
def test_bad_toml(tmp_path, what, text, field, line, words):
    err, path = _error(tmp_path, "bad.toml", text)
    assert err.file == path
    assert err.field == field
    assert err.line == line
    assert words in err.message
    one_line = str(err)
    assert "\n" not in one_line
    assert one_line.startswith(f"{path}:{line}: " if line else f"{path}: ")
    if field:
        assert f"field '{field}'" in one_line


BAD_JSON = [
    ("malformed", '{"agents": 2,\n "valuation": [1, 2,]}', None, 2, "malformed JSON"),
    ("NaN", '{"agents": 2,\n "valuation": [1, NaN]}', None, None, "NaN"),
    ("Infinity", '{"agents": 2, "valuation": [Infinity]}', None, None, "Infinity"),
    ("negative float", '{"agents": 2,\n "valuation": [1, -0.5]}', "valuation[1]", 2, "negative"),
    ("unknown key", '{"agents": 2,\n "valuation": [1],\n "extra": 1}', "extra", 3, "unknown key"),
    ("ragged", '{\n"valuations": [[1, 2], [1, 2, 3]]}', "valuations", 2, "ragged"),
    ("top level list", '[1, 2]', None, None, "top level"),
    ("boolean", '{"agents": 2, "valuation": [false]}', "valuation[0]", 1, "boolean"),
    ("huge integer", '{"agents": 2, "valuation": [' + "9" * 5000 + ']}', None, None, "cannot parse"),
    ("deep nesting", "[" * 100_000, None, None, "cannot parse"),
    ("object value", '{"agents": 2, "valuation": [{"v": 1}]}', "valuation[0]", 1, "expected a number"),
    ("repeated key", '{"agents": 2,\n "valuation": [1],\n "valuation": [2]}', "valuation", 2,
     "given twice"),
]


@pytest.mark.parametrize("what, text, field, line, words", BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_bad_json(tmp_path, what, text, field, line, words):
    err, path = _error(tmp_path, "bad.json", text)
    assert err.file == path and err.field == field and err.line == line
    assert words in err.message
    assert "\n" not in str(err)


def test_unreadable_files(tmp_path):
    err, _ = _error(tmp_path, "ok.toml", "")
    assert "exactly one of" in err.message
    with pytest.raises(InputError, match="no such file"):
        load_instance(tmp_path / "missing.toml")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="cannot read"):
        load_instance(tmp_path / "bin.toml")
    with pytest.raises(InputError, match="cannot read"):
        load_instance(tmp_path)  # a directory


def test_constructor_errors():
    with pytest.raises(InputError, match="at least one agent"):
        Instance.identical([1, 2], 0)
    with pytest.raises(InputError, match="at least one agent and one good"):
        Instance.identical([], 2)
    with pytest.raises(InputError, match="ragged"):
        Instance.general([[1, 2], [1]])
    with pytest.raises(InputError, match="negative"):
        Instance.general([[1, -2]])
    with pytest.raises(InputError, match="2 good names for 3"):
        Instance.identical([1, 2, 3], 2, goods=["a", "b"])


def test_line_of():
    text = 'name = "x"\n\n  valuations = [[1]]\nvaluation = [2]\n"goods": 3\n'
    assert line_of(text, "valuations") == 3
    assert line_of(text, "valuation") == 4
    assert line_of(text, "goods") == 5
    assert line_of(text, "agents") is None


def test_instance_from_dict_without_file():
    inst = instance_from_dict({"agents": 2, "valuation": [1, 2]})
    assert inst.n == 2
    with pytest.raises(InputError) as e:
        instance_from_dict({"agents": 2, "valuation": [1, "x"]})
    assert str(e.value).startswith("field 'valuation[1]'")


def test_read_document_returns_text(tmp_path):
    p = tmp_path / "d.toml"
    p.write_text("a = 1\n")
    data, text = read_document(p)
    assert data == {"a": 1} and text == "a = 1\n"
