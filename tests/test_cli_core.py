"""`verifier info` through the real command line (issue 2, items 9, 10, 13): exact values, and
every bad input giving exit status 2 with one line on stderr naming the file and field."""

import json
import subprocess
import sys

import pytest

from verifier.paths import EXAMPLES, ROOT


def verifier(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "verifier", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=cwd or ROOT)


def test_info_default_is_example_4_5():
    r = verifier("info")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "Example 4.5: 3 agents, 6 goods, identical valuations"
    shares = [line.split() for line in lines if line.startswith(("1 ", "2 ", "3 "))]
    # agent rows of the valuation table, then agent rows of the shares table
    assert shares[0] == ["1", "825", "552", "528", "384", "360", "351"]
    assert shares[3] == ["1", "3000", "1000", "912", "{a,f}", "{b,e}", "{c,d}"]
    assert "squared distance to (PS)^n = 46050" in r.stdout
    assert lines[-1].split() == ["{a}", "{b,c}", "{d,e,f}", "(825,", "1080,", "1095)", "6", "yes",
                                 "yes", "NO"]


def test_info_json_example_4_5():
    r = verifier("info", "--json", EXAMPLES / "example-4.5.toml")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["name"] == "Example 4.5" and d["agents"] == 3 and d["identical"] and d["normalized"]
    assert d["goods"] == list("abcdef")
    assert d["valuations"][0] == ["825", "552", "528", "384", "360", "351"]
    for s in d["shares"]:
        assert (s["total"], s["PS"], s["MMS"]) == ("3000", "1000", "912")
        assert sorted(map(sorted, s["MMS_partition"])) == [["a", "f"], ["b", "e"], ["c", "d"]]
    dm = d["distance_minimizers"]
    assert dm["squared_distance"] == "46050"
    assert dm["up_to_permutation"] == [{"allocation": [["a"], ["b", "c"], ["d", "e", "f"]],
                                        "value_vector": ["825", "1080", "1095"], "permutations": 6,
                                        "EF1": True, "EFX": True, "MMS": False}]


def test_info_json_exact_fractions(tmp_path):
    p = tmp_path / "frac.json"
    p.write_text('{"agents": ["x", "y"], "goods": ["g", "h", "k"], "valuation": [0.1, "1/3", 0.2]}')
    r = verifier("info", "--json", p)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["valuations"][1] == ["1/10", "1/3", "1/5"]
    assert [(s["agent"], s["total"], s["PS"], s["MMS"]) for s in d["shares"]] == \
        [("x", "19/30", "19/60", "3/10"), ("y", "19/30", "19/60", "3/10")]
    dm = d["distance_minimizers"]
    # best split {h} vs {g,k}: 1/3 vs 3/10, squared distance 2 * (1/60)^2
    assert dm["squared_distance"] == "1/1800"
    assert [r["value_vector"] for r in dm["up_to_permutation"]] == [["3/10", "1/3"]]


def test_info_counts_permutations_with_empty_bundles(tmp_path):
    p = tmp_path / "one-good.toml"
    p.write_text("agents = 3\nvaluation = [5]\n")
    d = json.loads(verifier("info", "--json", p).stdout)
    assert d["shares"][0]["MMS"] == "0" and d["shares"][0]["PS"] == "5/3"
    dm = d["distance_minimizers"]
    assert dm["squared_distance"] == "50/3"  # (10/3)^2 + 2 * (5/3)^2
    # ({a}, {}, {}): 3!/2! = 3 distinct relabellings, not 3! = 6
    assert dm["up_to_permutation"] == [{"allocation": [["a"], [], []],
                                        "value_vector": ["5", "0", "0"], "permutations": 3,
                                        "EF1": True, "EFX": True, "MMS": True}]


def test_info_general_instance_has_no_minimizers():
    r = verifier("info", "--json", EXAMPLES / "example-5.2.toml")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert not d["identical"] and d["normalized"]
    assert [(s["PS"], s["MMS"]) for s in d["shares"]] == [("50", "4"), ("50", "38")]
    assert "distance_minimizers" not in d
    r = verifier("info", EXAMPLES / "example-5.2.toml")
    assert "normalized valuations" in r.stdout.splitlines()[0]


def test_info_intro_example():
    r = verifier("info", "--json", EXAMPLES / "intro-11-identical.toml")
    d = json.loads(r.stdout)
    assert [s["agent"] for s in d["shares"]] == ["Alice", "Bob"]
    assert d["shares"][0]["MMS"] == "5" and d["shares"][0]["PS"] == "11/2"
    rows = d["distance_minimizers"]["up_to_permutation"]
    assert len(rows) == 462 and d["distance_minimizers"]["squared_distance"] == "1/2"
    assert all(r["EF1"] and r["EFX"] and r["MMS"] and r["permutations"] == 2 for r in rows)


def test_progress_bar_on_stderr_only():
    import os
    env = dict(os.environ, VERIFIER_PROGRESS="1")  # stderr is no terminal here: force the bar
    r = subprocess.run([sys.executable, "-m", "verifier", "info", "--json",
                        EXAMPLES / "intro-11-identical.toml"], capture_output=True, text=True,
                       timeout=120, cwd=ROOT, env=env)
    assert r.returncode == 0
    assert "fairness of minimizers" in r.stderr and "/462" in r.stderr
    assert len(json.loads(r.stdout)["distance_minimizers"]["up_to_permutation"]) == 462


# ------------------------------------------------------------------------------- bad input

SIXTEEN = ", ".join(["1"] * 16)
BAD = [
    # (file name, text, field expected in the message or None, line or None, words)
    ("malformed.toml", "agents = 3\nvaluation = [1, 2\n", None, 2, "malformed TOML"),
    ("malformed.json", '{"agents": 3,\n"valuation": [1, 2}', None, 2, "malformed JSON"),
    ("unknown.toml", "agents = 2\nvaluation = [1, 2]\ncolour = 1\n", "colour", 3, "unknown key"),
    ("ragged.toml", "valuations = [[1, 2], [1, 2, 3]]\n", "valuations", 1, "ragged"),
    ("negative.toml", "agents = 2\nvaluation = [1, -2]\n", "valuation[1]", 2, "negative"),
    ("negative.json", '{"agents": 2,\n"valuation": [1, -0.5]}', "valuation[1]", 2, "negative"),
    ("text.toml", "agents = 2\nvaluation = [1, \"two\"]\n", "valuation[1]", 2, "not an exact number"),
    ("zero-agents.toml", "agents = 0\nvaluation = [1, 2]\n", "agents", 1, "zero agents"),
    ("zero-rows.json", '{"valuations": []}', "valuations", 1, "zero agents"),
    ("zero-goods.toml", "agents = 2\nvaluation = []\n", "valuation", 2, "zero goods"),
    ("boolean.json", '{"agents": 2, "valuation": [1, true]}', "valuation[1]", 1, "boolean"),
    ("nan.json", '{"agents": 2, "valuation": [NaN]}', None, None, "NaN"),
    ("inf.toml", "agents = 2\nvaluation = [inf]\n", "valuation[0]", 2, "finite"),
    ("too-large.toml", f"agents = 3\ngoods = 16\nvaluation = [{SIXTEEN}]\n", "goods", 2,
     "beyond the enumeration limit 5000000"),
]


@pytest.mark.parametrize("name, text, field, line, words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_through_the_cli(tmp_path, name, text, field, line, words):
    p = tmp_path / name
    p.write_text(text)
    r = verifier("info", p)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    err = r.stderr.splitlines()
    assert len(err) == 1, r.stderr
    where = f"{p}:{line}: " if line else f"{p}: "
    assert err[0].startswith(f"verifier info: error: {where}"), err[0]
    if field:
        assert f"field '{field}'" in err[0]
    assert words in err[0]


def test_missing_file_through_the_cli(tmp_path):
    r = verifier("info", tmp_path / "nope.toml")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"verifier info: error: {tmp_path / 'nope.toml'}: no such file"]


def test_too_large_with_force(tmp_path):
    """Beyond the limit only with --force; these distinct values have one minimizer."""
    p = tmp_path / "sixteen.toml"
    p.write_text("agents = 3\nvaluation = [339564, 993909, 158177, 414003, 682555, 50632, 75955, "
                 "861169, 561914, 98703, 383453, 611098, 60817, 953894, 532085, 225128]\n")
    assert verifier("info", p).returncode == 2
    r = verifier("info", "--json", "--force", p)
    assert r.returncode == 0, r.stderr
    dm = json.loads(r.stdout)["distance_minimizers"]
    assert dm["squared_distance"] == "1306098"
    assert [row["value_vector"] for row in dm["up_to_permutation"]] == \
        [["2333725", "2334067", "2335264"]]
