"""The coursekit pieces chapter 01 added: collapsing linear layers, the linear-stack experiment and
explorer, and the figures for one neuron's cut and a perceptron's replay frames.

Each test checks what the function computes or draws, not only that it runs.

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import experiments as ex  # noqa: E402
from coursekit.activations import sigmoid  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def random_stack(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(n_out, n_in)), rng.normal(size=(n_out, 1)))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


# ------------------------------------------------------------------ collapse_linear
@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [3, 4, 2], [2, 5, 5, 5, 1], [4, 3, 6, 2, 7, 3]])
def test_collapse_equals_the_layers_applied_one_after_another(sizes):
    params = random_stack(sizes)
    X = np.random.default_rng(1).normal(size=(sizes[0], 9))
    A = X
    for W, b in params:                       # z^l = W^l a^(l-1) + b^l, no activation
        A = W @ A + b
    W, b = ex.collapse_linear(params)
    assert W.shape == (sizes[-1], sizes[0]) and b.shape == (sizes[-1], 1)
    np.testing.assert_allclose(W @ X + b, A, rtol=1e-10, atol=1e-10)


def test_collapse_of_two_layers_is_the_textbook_formula():
    (W1, b1), (W2, b2) = random_stack([2, 3, 1], seed=4)
    W, b = ex.collapse_linear([(W1, b1), (W2, b2)])
    np.testing.assert_allclose(W, W2 @ W1)
    np.testing.assert_allclose(b, W2 @ b1 + b2)


def test_collapse_returns_new_arrays_and_leaves_the_input_alone():
    params = random_stack([2, 1])
    W, b = ex.collapse_linear(params)
    W += 1.0
    assert not np.allclose(params[0][0], W)


def test_collapse_lets_non_finite_values_through():
    params = random_stack([2, 3, 1])
    params[0] = (np.full((3, 2), np.inf), params[0][1])
    W, b = ex.collapse_linear(params)
    assert not np.all(np.isfinite(W))


@pytest.mark.parametrize("params, error, message", [
    ("W", TypeError, "list of \\(W, b\\) pairs"),
    ([], ValueError, "at least one layer"),
    ([(np.ones((1, 2)),)], ValueError, "params\\[0\\] must be a pair"),
    ([(np.ones((3, 2)), np.ones((3, 1))), (np.ones((1, 2)), np.ones((1, 1)))], ValueError, "W2 must be"),
    ([(np.ones((3, 2)), np.ones((2, 1)))], ValueError, "b1 must be"),
    ([(np.ones(2), np.ones((1, 1)))], ValueError, "rank-1"),
])
def test_collapse_refuses_bad_input_by_name(params, error, message):
    with pytest.raises(error, match=message):
        ex.collapse_linear(params)


# ------------------------------------------------------------------ linear_stack_run
@pytest.mark.parametrize("depth", [0, 1, 3, 6])
def test_a_linear_stack_is_one_neuron_in_disguise(depth):
    result = ex.linear_stack_run(depth=depth, learning_rate=1.0, dataset_name="moons")
    net = result.run.net
    assert net.layer_sizes == [2] + [4] * depth + [1] and net.hidden_activation == "linear"
    assert result.W.shape == (1, 2) and result.b.shape == (1, 1)
    assert result.max_difference < 1e-12
    # The boundary is the straight line W x + b = 0: predictions over a grid agree with it.
    g = np.linspace(-2.0, 3.0, 41)
    G = np.vstack([a.ravel() for a in np.meshgrid(g, g)])
    np.testing.assert_array_equal(net.predict(G), (sigmoid(result.W @ G + result.b) >= 0.5).astype(float))
    # And the extra layers never beat the best single neuron.
    assert result.run.history.loss[-1] >= result.one_neuron_loss - 1e-3


def test_depth_zero_collapses_whatever_the_activation():
    result = ex.linear_stack_run(depth=0, activation="tanh")
    assert result.W is not None and result.status.startswith("depth 0 is one neuron")


def test_tanh_between_layers_does_not_collapse_and_can_beat_one_neuron():
    result = ex.linear_stack_run(depth=2, learning_rate=1.0, dataset_name="moons", activation="tanh")
    assert result.W is None and result.b is None and result.max_difference is None
    assert "no single matrix" in result.status
    assert result.run.history.loss[-1] < result.one_neuron_loss - 0.1


def test_linear_stack_status_reports_the_collapse_and_divergence():
    ok = ex.linear_stack_run(depth=2)
    assert ok.status.startswith("3 weight matrices collapse into one W") and "one neuron alone" in ok.status
    blown = ex.linear_stack_run(depth=6, learning_rate=10.0)
    assert blown.run.history.diverged
    assert blown.status.startswith(f"diverged at epoch {blown.run.history.diverged_epoch}")


def test_one_neuron_loss_is_deterministic_and_per_dataset():
    a = ex.linear_stack_run(depth=1, dataset_name="xor").one_neuron_loss
    assert a == ex.linear_stack_run(depth=3, dataset_name="xor").one_neuron_loss
    assert a != ex.linear_stack_run(depth=1, dataset_name="moons").one_neuron_loss


def test_linear_stack_run_refuses_bad_settings():
    with pytest.raises(ValueError, match="depth must be at least 0"):
        ex.linear_stack_run(depth=-1)
    with pytest.raises(ValueError, match="unknown dataset"):
        ex.linear_stack_run(dataset_name="spiral")
