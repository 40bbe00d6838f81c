"""Chapter 02's additions to coursekit: universal approximation, computed, drawn and explored.

``experiments.spread_params`` and ``experiments.approximate_function`` (a
[1, n, 1] network fitted to a 1-D target), ``plots.function_fit`` and
``plots.hidden_contributions`` (its figures), and
``widgets.approximation_explorer`` (the "hidden units" explorer), driven
headless through every control position.

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""


import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ spread_params
@pytest.mark.parametrize("n", [1, 2, 5, 30])
def test_spread_params_places_each_switch_at_the_middle_of_its_piece(n):
    (W1, b1), (W2, b2) = ex.spread_params(n)
    assert W1.shape == (n, 1) and b1.shape == (n, 1) and W2.shape == (1, n) and b2.shape == (1, 1)
    centres = -b1[:, 0] / W1[:, 0]                       # where z = W1 x + b1 = 0
    np.testing.assert_allclose(centres, -1 + (2 * np.arange(n) + 1) / n)
    assert np.all(W2 == 0) and np.all(b2 == 0)           # the network starts as the constant 0
    assert np.all(W1 > 0)


def test_spread_params_steepness_grows_with_units_and_relu_gets_slope_one():
    assert ex.spread_params(10)[0][0][0, 0] == pytest.approx(10 * ex.spread_params(1)[0][0][0, 0])
    assert ex.spread_params(4, "relu")[0][0][0, 0] == pytest.approx(1.0)
    (W1, b1), _ = ex.spread_params(3, x_range=(0.0, 6.0))
    np.testing.assert_allclose(-b1[:, 0] / W1[:, 0], [1.0, 3.0, 5.0])


@pytest.mark.parametrize("kwargs, error", [
    (dict(n_hidden=0), ValueError), (dict(n_hidden=2.5), TypeError),
    (dict(n_hidden=3, activation="softmax"), ValueError),
    (dict(n_hidden=3, x_range=(1.0, -1.0)), ValueError),
    (dict(n_hidden=3, steepness=0.0), ValueError),
])
def test_spread_params_refuses_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.spread_params(**kwargs)


# ------------------------------------------------------------------ approximate_function
def test_more_hidden_units_fit_a_continuous_target_more_closely():
    runs = [ex.approximate_function("sine", n) for n in (1, 3, 10)]
    losses = [r.history.loss[-1] for r in runs]
    gaps = [r.max_error for r in runs]
    assert losses[0] > losses[1] > losses[2]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 0.15                                # ten sigmoids follow sin(pi x) closely
    assert [r.net.layer_sizes for r in runs] == [[1, 1, 1], [1, 3, 1], [1, 10, 1]]


def test_the_network_is_a_regression_network_on_evenly_spaced_points():
    run = ex.approximate_function("abs", 4, n_samples=50, epochs=10)
    assert run.net.output_activation == "linear" and run.net.loss == "mse"
    assert run.x.shape == (1, 50) and run.y.shape == (1, 50)
    np.testing.assert_allclose(run.x[0], np.linspace(-1, 1, 50))
    np.testing.assert_allclose(run.y, np.abs(run.x))
    assert run.hidden_units == 4 and run.history.epochs_run == 10


def test_it_is_deterministic():
    a = ex.approximate_function("wiggly", 5, epochs=200)
    b = ex.approximate_function("wiggly", 5, epochs=200)
    np.testing.assert_array_equal(a.history.loss, b.history.loss)


def test_the_pieces_add_up_to_the_output():
    run = ex.approximate_function("wiggly", 6, epochs=300)
    xs = run.grid(50)
    assert xs.shape == (1, 50)
    pieces = run.pieces(xs)
    assert pieces.shape == (6, 50)
    np.testing.assert_allclose(pieces.sum(axis=0, keepdims=True) + run.net.params[1][1],
                               run.net.predict_proba(xs))


def test_a_step_is_not_continuous_and_stays_out_of_reach():
    # The theorem is about continuous targets: near the jump, some gap of about 1/2 always remains.
    assert ex.approximate_function("step", 30).max_error > 0.4


def test_a_huge_learning_rate_diverges_quietly_and_says_so(recwarn):
    run = ex.approximate_function("sine", 30, learning_rate=10.0)
    assert run.history.diverged
    assert "diverged at epoch" in run.status and run.max_error > 1.0
    assert not [x for x in recwarn if issubclass(x.category, ck.DivergenceWarning)]


def test_status_lines():
    assert ex.approximate_function("sine", 1, epochs=0).status == \
        "1 hidden unit (4 parameters): not trained yet (0 epochs)"
    status = ex.approximate_function("sine", 3, epochs=100).status
    assert status.startswith("3 hidden units (10 parameters): largest gap to the target ")
    assert status.endswith("after 100 epochs")


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(target="cosine"), ValueError, "unknown target 'cosine'.*'sine'"),
    (dict(hidden_units=0), ValueError, "hidden_units"),
    (dict(learning_rate=0.0), ValueError, "learning_rate"),
    (dict(epochs=-1), ValueError, "epochs"),
    (dict(activation="step"), ValueError, "step"),
    (dict(n_samples=1), ValueError, "n_samples"),
])
def test_approximate_function_refuses_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ex.approximate_function(**kwargs)


def test_targets_and_formulas_match():
    assert set(ex.TARGETS) == set(ex.TARGET_FORMULAS)
    x = np.linspace(-1, 1, 11)[None, :]
    for f in ex.TARGETS.values():
        assert f(x).shape == (1, 11)
