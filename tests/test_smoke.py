from fractions import Fraction

from verifier.fairness import distance_minimizers, mms
from verifier.instance import load_instance
from verifier.paths import EXAMPLES


def test_example_4_5_core_values():
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    assert inst.proportional_shares == (1000, 1000, 1000)
    share = mms(inst, 0)
    assert share.value == 912
    assert sorted(sorted(inst.goods[g] for g in b) for b in share.partition.bundles) == \
        [["a", "f"], ["b", "e"], ["c", "d"]]
    dm = distance_minimizers(inst)
    assert dm.distance == Fraction(46050)
    assert [a.names(inst) for a in dm.representatives] == [[["a"], ["b", "c"], ["d", "e", "f"]]]
    assert sorted(dm.representatives[0].value_vector(inst)) == [825, 1080, 1095]
