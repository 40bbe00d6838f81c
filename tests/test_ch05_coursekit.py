"""Chapter 05's additions to coursekit: experiments.dead_units, experiments.layer_outputs,
plots.gradient_norms_by_layer.

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import activations, experiments  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(ax, gid):
    found = [a for a in ax.lines + ax.texts if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


# ------------------------------------------------------------------ layer_outputs
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
def test_layer_outputs_is_the_forward_pass(activation):
    X, _ = ck.data.make_moons(30, seed=1)
    net = ck.MLP([2, 5, 4, 1], hidden_activation=activation, seed=2)
    outs = experiments.layer_outputs(net, X)
    assert len(outs) == net.L
    A = X
    for l, ((W, b), (Z, A_l)) in enumerate(zip(net.params, outs), start=1):
        assert Z.shape == A_l.shape == (W.shape[0], X.shape[1])
        assert np.allclose(Z, W @ A + b)                                 # z^l = W^l a^(l-1) + b^l
        g = activations.get(activation if l < net.L else "sigmoid")[0]
        assert np.allclose(A_l, g(Z))                                    # a^l = g(z^l)
        A = A_l
    assert np.allclose(outs[-1][1], net.predict_proba(X))


def test_layer_outputs_checks_its_input():
    net = ck.MLP([2, 3, 1])
    with pytest.raises(TypeError, match="net must be a coursekit MLP"):
        experiments.layer_outputs([(np.ones((3, 2)), np.zeros((3, 1)))], np.zeros((2, 4)))
    with pytest.raises(ValueError, match="X.T"):
        experiments.layer_outputs(net, np.zeros((5, 2)))


def test_layer_outputs_of_an_overflowing_network_is_silent():
    net = ck.MLP([1, 3, 1], hidden_activation="relu")
    net.set_params([(np.full((3, 1), 1e200), np.zeros((3, 1))), (np.full((1, 3), 1e200), np.zeros((1, 1)))])
    with np.errstate(all="raise"):
        outs = experiments.layer_outputs(net, np.array([[1e200]]))
    assert np.isinf(outs[0][0]).all()


# ------------------------------------------------------------------ dead_units
def test_dead_units_counts_units_off_for_every_sample():
    X = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0]])
    W1 = np.array([[1.0, 0.0], [0.0, 0.0], [-1.0, -1.0], [2.0, 1.0]])
    b1 = np.array([[0.0], [-1.0], [-5.0], [0.0]])
    # unit 1: z = (1, -2, 0.5) some on; unit 2: z = -1 always (dead); unit 3: z < 0 always (dead);
    # unit 4: z = (2, -3, 0) on for one sample only.
    W2, b2 = np.ones((2, 4)), np.array([[0.0], [-100.0]])      # second layer: unit 2 dead
    net = ck.MLP([2, 4, 2, 1], hidden_activation="relu")
    net.set_params([(W1, b1), (W2, b2), (np.ones((1, 2)), np.zeros((1, 1)))])
    counts = experiments.dead_units(net, X)
    assert counts.dtype.kind == "i" and counts.shape == (2,)
    assert counts.tolist() == [2, 1]
    # For ReLU, "z <= 0 on every sample" is exactly "outputs 0 on every sample".
    A1 = experiments.layer_outputs(net, X)[0][1]
    assert counts[0] == np.sum(np.all(A1 == 0, axis=1))
    # and such a unit gets no gradient: its row of dW1 is zero
    net.forward(X)
    dW1 = net.backward(np.array([[1.0, 0.0, 1.0]]))[0][0]
    assert np.all(dW1[[1, 2]] == 0) and np.any(dW1[[0, 3]] != 0)


def test_dead_units_with_no_hidden_layer_and_with_nan():
    X = np.zeros((2, 3))
    assert experiments.dead_units(ck.MLP([2, 1]), X).shape == (0,)
    net = ck.MLP([2, 2, 1], hidden_activation="relu")
    # as a diverged run leaves them (set_params refuses non-finite weights, fit does not)
    net.params = [(np.full((2, 2), np.inf), np.array([[-np.inf], [0.0]])), (np.ones((1, 2)), np.zeros((1, 1)))]
    # inf * 0 is NaN: a NaN pre-activation is not counted as dead
    assert experiments.dead_units(net, X).tolist() == [0]


def test_dead_units_grow_with_a_too_large_learning_rate():
    X, Y = experiments.dataset("moons", 200, 0)
    net = ck.MLP([2, 16, 16, 16, 1], hidden_activation="relu", init="he", seed=0)
    before = experiments.dead_units(net, X).sum()
    experiments.fit_quietly(net, X, Y, 3.0, 200)
    assert experiments.dead_units(net, X).sum() > before + 10


def test_dead_units_checks_its_input():
    with pytest.raises(TypeError, match="net must be a coursekit MLP"):
        experiments.dead_units("net", np.zeros((2, 3)))
    with pytest.raises(ValueError):
        experiments.dead_units(ck.MLP([2, 3, 1]), np.zeros((3, 3)))
