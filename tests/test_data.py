"""Datasets: the column convention, seeding, balance, the shapes of each cloud,
one-hot labels and the logic-gate truth tables."""
import numpy as np
import pytest

from coursekit import data

MAKERS = [data.make_xor, data.make_moons, data.make_circles, data.make_spirals, data.make_blobs]
ids = [f.__name__ for f in MAKERS]


@pytest.mark.parametrize("make", MAKERS, ids=ids)
@pytest.mark.parametrize("m", [2, 7, 200])
def test_column_convention(make, m):
    """X is (2, m), Y is (1, m), both float64, Y holds 0/1 labels."""
    X, Y = make(m)
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert set(np.unique(Y)) <= {0.0, 1.0}
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", MAKERS, ids=ids)
def test_seeded_and_deterministic(make):
    """The same seed gives the same data; another seed gives other data."""
    X1, Y1 = make(60, seed=3)
    X2, Y2 = make(60, seed=3)
    X3, Y3 = make(60, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make", MAKERS, ids=ids)
def test_classes_are_roughly_balanced_and_shuffled(make):
    """Both classes get about half the samples, and not in two blocks (mini-batches need both)."""
    _, Y = make(400, seed=1)
    assert 0.4 <= Y.mean() <= 0.6
    assert 0.3 <= Y[0, :200].mean() <= 0.7


@pytest.mark.parametrize("make", MAKERS, ids=ids)
def test_one_hot_option_matches_labels(make):
    """one_hot=True gives the same X and (2, m) one-hot columns of the same labels."""
    X, Y = make(50, seed=2)
    Xh, Yh = make(50, seed=2, one_hot=True)
    np.testing.assert_array_equal(X, Xh)
    assert Yh.shape == (2, 50)
    np.testing.assert_array_equal(Yh.sum(axis=0), 1.0)
    np.testing.assert_array_equal(Yh.argmax(axis=0), Y[0])


def test_noiseless_xor_sits_on_the_corners():
    """Without noise every point is a corner, labelled by the XOR of its coordinates."""
    X, Y = data.make_xor(40, noise=0.0)
    assert set(X.ravel()) <= {0.0, 1.0}
    np.testing.assert_array_equal(Y[0], np.logical_xor(X[0], X[1]))


def test_noiseless_moons_are_half_circles():
    """Class 0 is the upper unit half circle; class 1 the lower one centred at (1, 0.5)."""
    X, Y = data.make_moons(41, noise=0.0)
    top, bottom = X[:, Y[0] == 0], X[:, Y[0] == 1]
    assert top.shape[1] == 20 and bottom.shape[1] == 21
    np.testing.assert_allclose(np.hypot(top[0], top[1]), 1.0)
    assert np.all(top[1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(bottom[0] - 1, bottom[1] - 0.5), 1.0)
    assert np.all(bottom[1] <= 0.5 + 1e-12)


def test_noiseless_circles_have_radius_one_and_factor():
    """Class 0 lies on the unit circle, class 1 on the circle of radius ``factor``."""
    X, Y = data.make_circles(30, noise=0.0, factor=0.3)
    r = np.hypot(X[0], X[1])
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.3)


def test_spirals_with_three_classes_one_hot():
    """n_classes=3 with one_hot gives (3, m) one-hot columns, m/3 per arm, radii in [0.05, 1]."""
    X, Y = data.make_spirals(300, n_classes=3, noise=0.0, one_hot=True)
    assert X.shape == (2, 300) and Y.shape == (3, 300)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    np.testing.assert_array_equal(Y.sum(axis=1), [100, 100, 100])
    r = np.hypot(X[0], X[1])
    assert r.min() == pytest.approx(0.05) and r.max() == pytest.approx(1.0)
    _, labels = data.make_spirals(300, n_classes=3, noise=0.0)
    np.testing.assert_array_equal(np.unique(labels), [0.0, 1.0, 2.0])


def test_blobs_with_a_number_of_centres():
    """centers=3 places three clouds on the circle of radius 2, labels 0, 1, 2."""
    X, Y = data.make_blobs(300, centers=3, std=0.05, seed=0)
    assert Y.shape == (1, 300)
    np.testing.assert_array_equal(np.unique(Y), [0.0, 1.0, 2.0])
    for c in range(3):
        centre = X[:, Y[0] == c].mean(axis=1)
        assert np.hypot(*centre) == pytest.approx(2.0, abs=0.02)
        assert np.sum(Y == c) == 100


def test_blobs_with_an_array_of_centres():
    """centers as (2, k) puts cloud c around column c, with spread ``std``."""
    C = np.array([[0.0, 5.0, -5.0, 0.0], [0.0, 5.0, 5.0, -6.0]])
    X, Y = data.make_blobs(400, centers=C, std=0.1, seed=1, one_hot=True)
    assert Y.shape == (4, 400)
    labels = Y.argmax(axis=0)
    for c in range(4):
        cloud = X[:, labels == c]
        np.testing.assert_allclose(cloud.mean(axis=1), C[:, c], atol=0.05)
        np.testing.assert_allclose(cloud.std(axis=1), [0.1, 0.1], rtol=0.2)


def test_one_hot_shapes_and_values():
    """Class indices (1, m) become (k, m) columns with a single 1 in row label."""
    Y = data.one_hot(np.array([[0, 2, 1, 2]]))
    np.testing.assert_array_equal(Y, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1]])
    assert Y.dtype == np.float64
    assert data.one_hot([[1.0, 0.0]], k=5).shape == (5, 2)
    with pytest.raises(ValueError, match=r"k must be at least 3"):
        data.one_hot([[0, 2]], k=2)


GATES = {
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
    "nand": lambda a, b: not (a and b),
    "nor": lambda a, b: not (a or b),
    "xor": lambda a, b: a != b,
    "xnor": lambda a, b: a == b,
}


@pytest.mark.parametrize("gate", GATES)
def test_logic_gate_truth_tables(gate):
    """X lists (0,0), (0,1), (1,0), (1,1) as columns; Y is the gate applied to each."""
    X, Y = data.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0, 1, 1], [0, 1, 0, 1]])
    assert X.shape == (2, 4) and Y.shape == (1, 4) and Y.dtype == np.float64
    expected = [float(GATES[gate](bool(a), bool(b))) for a, b in X.T]
    np.testing.assert_array_equal(Y[0], expected)
    np.testing.assert_array_equal(data.logic_gate(gate.upper())[1], Y)


def test_unknown_gate_lists_the_gates():
    with pytest.raises(ValueError, match=r"unknown gate 'xnand'; valid names are \['and', 'or', 'nand', 'nor', 'xor', 'xnor'\]"):
        data.logic_gate("xnand")
