"""Chapter 06's additions to coursekit: generalisation, computed, drawn and explored.

``regression.least_squares`` (stable least squares, with an optional L2
penalty), ``experiments.polynomial_data`` / ``polynomial_run`` (under- and
overfitting by degree), ``experiments.early_stopping_point`` (agrees with
``MLP.fit(early_stopping=...)``), ``experiments.inverted_dropout`` (the mask
``MLP.fit(dropout=...)`` uses), ``experiments.penalty_comparison`` and
``near_zero_weights`` (L1's sparsity), the figures ``plots.polynomial_curve``,
``capacity_curve``, ``weight_histograms``, ``weight_scale`` and
``penalty_shapes``, and ``widgets.polynomial_explorer`` driven headless
through every control position.

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex
from coursekit import regression as reg
from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ least_squares
def test_least_squares_equals_the_normal_equations_when_they_are_well_conditioned():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 50))
    Y = np.array([[1.0, -2.0, 0.5]]) @ X + 0.7 + 0.1 * rng.standard_normal((1, 50))
    w_ne, b_ne = reg.normal_equations(X, Y)
    w_ls, b_ls = reg.least_squares(X, Y)
    assert w_ls.shape == (3, 1) and isinstance(b_ls, float)
    np.testing.assert_allclose(w_ls, w_ne, rtol=1e-9)
    assert b_ls == pytest.approx(b_ne, rel=1e-9)


@pytest.mark.parametrize("l2", [1e-4, 0.1, 3.0])
def test_least_squares_with_l2_sets_the_penalised_gradient_to_zero(l2):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 30))
    Y = rng.standard_normal((1, 30))
    w, b = reg.least_squares(X, Y, l2=l2)
    R = w.T @ X + b - Y                                  # residuals
    np.testing.assert_allclose(X @ R.T / 30 + l2 * w, 0.0, atol=1e-10)   # dJ/dw = X R^T / m + l2 w
    assert np.mean(R) == pytest.approx(0.0, abs=1e-10)                   # dJ/db: the bias is not penalised
    w0, _ = reg.least_squares(X, Y)
    assert np.linalg.norm(w) < np.linalg.norm(w0)                        # the penalty shrinks the weights


def test_least_squares_handles_high_degrees_and_more_weights_than_points():
    x, y = ex.polynomial_data(12, 0.2, seed=0)
    for degree in (11, 15):
        F = reg.polynomial_features(x, degree)
        w, b = reg.least_squares(F, y)
        assert np.all(np.isfinite(w))
        np.testing.assert_allclose(w.T @ F + b, y, atol=1e-8)           # through every point
    with pytest.raises(ValueError):
        reg.normal_equations(reg.polynomial_features(x, 15), y)        # the closed form gives up here


@pytest.mark.parametrize("args, error", [
    ((np.ones(5), np.ones((1, 5))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 4))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), -1.0), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), "big"), TypeError),
])
def test_least_squares_refuses_bad_input(args, error):
    with pytest.raises(error):
        reg.least_squares(*args)


# ------------------------------------------------------------------ polynomial data and runs
def test_polynomial_data_is_spread_out_seeded_and_noisy_around_the_sine():
    x, y = ex.polynomial_data(10, 0.0, seed=3)
    assert x.shape == y.shape == (1, 10)
    np.testing.assert_allclose(y, np.sin(np.pi * x))
    pieces = np.floor((x[0] + 1) / 0.2)                    # one point in each tenth of [-1, 1]
    np.testing.assert_array_equal(pieces, np.arange(10))
    a, b = ex.polynomial_data(10, 0.3, seed=3), ex.polynomial_data(10, 0.3, seed=3)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(ex.polynomial_data(10, 0.3, seed=4)[0], a[0])
    with pytest.raises(ValueError):
        ex.polynomial_data(0)


def test_polynomial_run_underfits_then_overfits():
    runs = {d: ex.polynomial_run(d) for d in (1, 3, 12)}
    best = runs[3].val_errors.min()
    assert 3 <= runs[3].best_degree <= 6
    assert runs[1].train_error > 5 * runs[3].train_error                # too simple: high training error
    assert runs[1].val_error > 3 * best
    assert runs[12].train_error < 1e-10                                  # 13 coefficients, 12 points
    assert runs[12].val_error > 100 * best                               # ... and useless elsewhere
    assert np.all(np.diff(runs[3].train_errors) <= 1e-12)                # more degree never fits worse
    assert "underfitting" in runs[1].status and "overfitting" in runs[12].status
    assert "near the lowest" in runs[3].status


def test_polynomial_run_errors_match_its_predictions():
    r = ex.polynomial_run(5, n_train=20, noise=0.1, seed=2)
    assert r.w.shape == (5, 1) and r.n_params == 6
    assert r.predict(r.x).shape == (1, 20)
    assert r.train_error == pytest.approx(ck.losses.mse(r.predict(r.x), r.y))
    assert r.val_error == pytest.approx(ck.losses.mse(r.predict(r.x_val), r.y_val))
    assert r.train_errors[4] == pytest.approx(r.train_error)
    np.testing.assert_array_equal(r.degrees, np.arange(1, 16))


def test_an_l2_penalty_tames_the_high_degrees():
    plain, ridge = ex.polynomial_run(12), ex.polynomial_run(12, l2=1e-3)
    assert ridge.val_error < 0.05 * plain.val_error
    assert np.abs(ridge.w).max() < 0.1 * np.abs(plain.w).max()           # smaller coefficients


@pytest.mark.parametrize("kwargs, error", [
    (dict(degree=0), ValueError), (dict(degree=16), ValueError), (dict(degree=2.5), TypeError),
    (dict(l2=-0.1), ValueError), (dict(noise=-1.0), ValueError), (dict(n_train=0), ValueError),
])
def test_polynomial_run_refuses_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.polynomial_run(**kwargs)


# ------------------------------------------------------------------ early stopping
@pytest.mark.parametrize("patience", [1, 5, 20, 400])
def test_early_stopping_point_agrees_with_mlp_fit(patience):
    free = ex.regularisation_run()                     # the full 300-epoch validation curve
    X, Y, Xv, Yv = free.X, free.Y, free.X_val, free.Y_val
    net = ck.MLP([2, 32, 32, 1], hidden_activation="relu", init="he", seed=0)
    h = net.fit(X, Y, 0.3, 300, seed=0, X_val=Xv, Y_val=Yv, early_stopping=patience)
    best, stop = ex.early_stopping_point(free.history.val_loss, patience)
    assert (h.best_epoch, h.epochs_run) == (best, stop)
    assert h.stopped_early == (stop < 300)
    np.testing.assert_allclose(h.val_loss, free.history.val_loss[:stop])   # the same run, cut short


def test_early_stopping_point_rules():
    assert ex.early_stopping_point([3.0, 2.0, 1.0, 1.0, 2.0, 3.0, 4.0], 2) == (3, 5)   # a tie is no new best
    assert ex.early_stopping_point([3.0, 2.0, 1.0], 2) == (3, 3)                       # never stops
    assert ex.early_stopping_point(np.array([1.0, 2.0, 3.0]), None) == (1, 3)         # no patience: no stop
    assert ex.early_stopping_point([5.0], 1) == (1, 1)


@pytest.mark.parametrize("args, error", [
    (([],), ValueError), ((np.ones((2, 3)),), ValueError), (([1.0, np.nan],), ValueError),
    (("abc",), ValueError), (([1.0, 2.0], 0), ValueError), (([1.0, 2.0], 1.5), TypeError),
])
def test_early_stopping_point_refuses_bad_input(args, error):
    with pytest.raises(error):
        ex.early_stopping_point(*args)


# ------------------------------------------------------------------ dropout
def test_inverted_dropout_drops_with_probability_p_and_keeps_the_mean():
    rng = np.random.default_rng(0)
    A = rng.uniform(0.5, 1.5, (3, 4))
    U = rng.random((2000, 3, 4))
    outs = np.array([ex.inverted_dropout(A, u, 0.4)[0] for u in U])
    assert np.mean(outs == 0) == pytest.approx(0.4, abs=0.02)
    np.testing.assert_allclose(outs.mean(axis=0), A, rtol=0.08)          # E[mask] = 1
    kept = outs[outs != 0] / np.broadcast_to(A, outs.shape)[outs != 0]
    np.testing.assert_allclose(kept, 1 / 0.6)
    same, mask = ex.inverted_dropout(A, U[0], 0.0)
    np.testing.assert_array_equal(same, A)                               # p = 0 changes nothing
    np.testing.assert_array_equal(mask, np.ones_like(A))


def test_inverted_dropout_is_the_mask_the_network_uses():
    """MLP's forward pass with a dropout mask multiplies exactly this mask into the hidden layer."""
    rng = np.random.default_rng(1)
    net = ck.MLP([2, 5, 1], hidden_activation="tanh", seed=0)
    X = rng.standard_normal((2, 6))
    U = rng.random((5, 6))
    dropped, mask = ex.inverted_dropout(np.tanh(net.params[0][0] @ X + net.params[0][1]), U, 0.3)
    _, As = net._forward(X, masks=[(U >= 0.3) / (1 - 0.3)])           # how MLP.fit builds its masks
    np.testing.assert_allclose(As[1], dropped)


@pytest.mark.parametrize("args, error", [
    ((np.ones((2, 3)), np.full((2, 3), 0.5), 1.0), ValueError),
    ((np.ones((2, 3)), np.full((2, 3), 0.5), -0.1), ValueError),
    ((np.ones((2, 3)), np.full((3, 2), 0.5), 0.5), ValueError),
    ((np.ones((2, 3)), np.full((2, 3), 1.5), 0.5), ValueError),
    ((np.ones(3), np.full(3, 0.5), 0.5), ValueError),
])
def test_inverted_dropout_refuses_bad_input(args, error):
    with pytest.raises(error):
        ex.inverted_dropout(*args)


# ------------------------------------------------------------------ penalties
def test_penalty_comparison_trains_the_regularisation_network_three_ways():
    runs = ex.penalty_comparison(l2=0.01, l1=0.003)
    assert list(runs) == ["no penalty", "L2", "L1"]
    np.testing.assert_allclose(runs["no penalty"].history.val_loss, ex.regularisation_run().history.val_loss)
    np.testing.assert_allclose(runs["L2"].history.val_loss, ex.regularisation_run(l2=0.01).history.val_loss)
    zeros = {k: ex.near_zero_weights(r.net)[0] for k, r in runs.items()}
    total = ex.near_zero_weights(runs["L1"].net)[1]
    assert total == 2 * 32 + 32 * 32 + 32
    assert zeros["L1"] > 0.4 * total > 5 * zeros["L2"]                  # L1 is sparse, L2 is not
    biggest = {k: max(np.abs(W).max() for W, _ in r.net.params) for k, r in runs.items()}
    assert biggest["L2"] < biggest["L1"]                                 # L1 leaves its survivors large
    for r in runs.values():
        assert r.history.val_loss.shape == (300,)


def test_near_zero_weights_counts_weights_not_biases():
    params = [(np.array([[0.001, -0.5], [0.0, 2.0]]), np.zeros((2, 1))), (np.array([[-0.009, 0.02]]), np.zeros((1, 1)))]
    assert ex.near_zero_weights(params) == (3, 6)
    assert ex.near_zero_weights(params, threshold=0.1) == (4, 6)
    assert ex.near_zero_weights(params, threshold=1.0) == (5, 6)
    with pytest.raises(TypeError):
        ex.near_zero_weights("weights")
    with pytest.raises(ValueError):
        ex.near_zero_weights(params, threshold=0.0)
