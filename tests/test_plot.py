"""verifier.plot (issue 7 item 5): files are produced, and what is drawn equals the exact data,
read back from the figure's artists (not by eye)."""

import math
import subprocess
import sys
from fractions import Fraction

import pytest

from verifier.errors import InputError
from verifier.instance import Instance, load_instance
from verifier.paths import EXAMPLES, ROOT
from verifier.plot import figure1, lottery_plot, plane_xy, prop_region


def artist(fig, gid):
    ax = fig.axes[0]
    found = [a for a in ax.lines + ax.patches if a.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def unproject(x, y, ps):
    """Inverse of plane_xy on the plane v1 + v2 + v3 = 3 PS."""
    a_minus_b = x * math.sqrt(2)
    s = y * math.sqrt(6)             # a + b - 2c, with a + b + c = 0 (centred)
    c = -s / 3
    a = (a_minus_b + (-c)) / 2
    b = -c - a
    return tuple(float(ps) + t for t in (a, b, c))


def exact_points(line, ps):
    """The plotted points as integer value vectors (each coordinate within 1e-6 of an integer)."""
    out = []
    for x, y in zip(line.get_xdata(), line.get_ydata()):
        v = unproject(x, y, ps)
        r = tuple(round(t) for t in v)
        assert all(abs(t - q) < 1e-6 for t, q in zip(v, r))
        out.append(r)
    return sorted(out)


def test_figure1_example_4_5_data_is_exact(tmp_path):
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    d = figure1(inst)
    ps = 1000
    mins = exact_points(artist(d.figure, "distance_minimizers"), ps)
    assert mins == sorted(__import__("itertools").permutations((825, 1080, 1095)))
    assert mins == [tuple(map(int, v)) for v in d.data["distance_minimizers"]]
    mms_pts = exact_points(artist(d.figure, "mms_allocations"), ps)
    assert mms_pts == [(912, 912, 1176), (912, 1176, 912), (1176, 912, 912)]
    r = artist(d.figure, "circle_distance_minimizers").get_radius()
    assert abs(r * r - 46050) < 1e-6 and d.data["min_squared_distance"] == 46050
    r = artist(d.figure, "circle_mms_0").get_radius()
    # (1176-1000)^2 + 88^2 + 88^2 = 46464 (the paper prints 46664)
    assert abs(r * r - 46464) < 1e-6 and d.data["mms_squared_distances"] == [46464]
    star = artist(d.figure, "PS")
    assert list(star.get_xdata()) == [0] and list(star.get_ydata()) == [0]
    assert d.data["ratio"] == Fraction(275, 304)
    corners = artist(d.figure, "simplex").get_xy()[:3]
    assert sorted(exact_points_from_xy(corners, ps)) == [(0, 0, 3000), (0, 3000, 0), (3000, 0, 0)]
    # every other allocation's value vector is drawn too (3^6 allocations, distinct vectors)
    others = exact_points(artist(d.figure, "other_allocations"), ps)
    from verifier.allocation import all_allocations
    assert len(others) + 6 + 3 == len({a.value_vector(inst) for a in all_allocations(3, 6)})
    png, svg = d.save(tmp_path / "f.png"), figure1(inst).save(tmp_path / "f.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()


def exact_points_from_xy(xy, ps):
    class L:  # a line-like view
        def get_xdata(self):
            return [p[0] for p in xy]

        def get_ydata(self):
            return [p[1] for p in xy]
    return exact_points(L(), ps)


def test_plane_is_isometric():
    a, b = (825, 1080, 1095), (912, 912, 1176)
    pa, pb = plane_xy(a, 1000), plane_xy(b, 1000)
    d2 = sum((x - y) ** 2 for x, y in zip(a, b))
    assert abs(math.dist(pa, pb) ** 2 - d2) < 1e-6


def test_figure1_rejects_other_instances(tmp_path):
    with pytest.raises(InputError):
        figure1(load_instance(EXAMPLES / "example-5.2.toml"))
    with pytest.raises(InputError):
        figure1(Instance.identical([3, 2, 1], 2))
    with pytest.raises(InputError):
        figure1(load_instance(EXAMPLES / "example-4.5.toml")).save(tmp_path / "f.jpg")


def test_lottery_plot_example_5_2_data_is_exact(tmp_path):
    inst = load_instance(EXAMPLES / "example-5.2.toml")
    d = lottery_plot(inst, "sov")
    pts = artist(d.figure, "value_vectors")
    drawn = sorted(zip(pts.get_xdata(), pts.get_ydata()))
    assert drawn == [(0, 100), (4, 62), (96, 38), (100, 0)]
    region = [tuple(p) for p in artist(d.figure, "prop_region").get_xy()[:-1]]
    exact = prop_region(inst)
    assert [(float(x), float(y)) for x, y in exact] == region
    # conv{v(A)} cut by mu_1 >= 50, mu_2 >= 50: the triangle below the segment (0,100)-(96,38)
    assert set(exact) == {(50, 50), (50, Fraction(1625, 24)), (Fraction(2400, 31), 50)}
    sup = artist(d.figure, "support_0")
    assert sorted(zip(sup.get_xdata(), sup.get_ydata())) == [(0, 100), (96, 38)]
    mean = artist(d.figure, "mean_0")
    assert Fraction(mean.get_xdata()[0]).limit_denominator(1000) == Fraction(2400, 31)
    assert mean.get_ydata()[0] == 50
    assert d.data["minimizers"][0]["mean"] == (Fraction(2400, 31), 50)
    assert d.data["minimizers"][0]["probabilities"] == [Fraction(6, 31), Fraction(25, 31)]
    assert d.save(tmp_path / "l.svg").stat().st_size > 5_000


def test_prop_region_exact_clip():
    inst = Instance.general([[1, 1], [1, 1]])
    # vectors (2,0), (0,2), (1,1): hull = triangle; PROP = mu >= (1,1): the single point (1,1)
    assert set(prop_region(inst)) == {(1, 1)}


def test_cli_plot(tmp_path):
    r = subprocess.run([sys.executable, "-m", "verifier", "plot", "lottery",
                        EXAMPLES / "example-6.2.toml", "--objective", "sum-sd", "--out",
                        tmp_path / "b.svg"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "b.svg").stat().st_size > 5_000
    r = subprocess.run([sys.executable, "-m", "verifier", "plot", "figure1",
                        EXAMPLES / "example-5.2.toml", "--out", tmp_path / "c.png"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
