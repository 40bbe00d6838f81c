"""coursekit.experiments.generalisation: polynomials of every degree, under- and overfitting."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


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


def _cv_by_hand(x, y, degree, lams, k):
    """The same cross-validation written out fold by fold, with index lists instead of masks."""
    m = x.shape[1]
    errors = []
    for lam in lams:
        per_fold = []
        for i in range(k):
            held = [j for j in range(m) if j % k == i]
            kept = [j for j in range(m) if j % k != i]
            w, b = ck.regression.least_squares(ck.regression.polynomial_features(x[:, kept], degree),
                                               y[:, kept], l2=lam)
            pred = w.T @ ck.regression.polynomial_features(x[:, held], degree) + b
            per_fold.append(ck.losses.mse(pred, y[:, held]))
        errors.append(np.mean(per_fold))
    return np.array(errors)


def test_cross_validation_averages_the_held_out_folds():
    x, y = ex.polynomial_data(12, 0.2, seed=0)
    lams = [1e-6, 1e-3, 1e-2, 1.0]
    best, errors = ex.cross_validate_penalty(x, y, 12, lams, 4)
    assert errors.shape == (4,)
    np.testing.assert_allclose(errors, _cv_by_hand(x, y, 12, lams, 4), rtol=1e-9)
    assert best == lams[int(np.argmin(errors))]


def test_cross_validation_picks_a_penalty_that_does_well_on_fresh_data():
    """On 12 noisy points at degree 12 it refuses both extremes, and its choice generalises."""
    x, y = ex.polynomial_data(12, 0.2, seed=0)
    lams = 10.0 ** np.arange(-6, 1)
    best, errors = ex.cross_validate_penalty(x, y, 12, lams, 4)
    assert lams[0] < best < lams[-1]
    chosen, light = ex.polynomial_run(12, l2=best), ex.polynomial_run(12, l2=lams[0])
    assert chosen.val_error < 0.5 * light.val_error


def test_cross_validation_of_a_noiseless_line_prefers_no_penalty():
    x = np.linspace(-1, 1, 10)[None, :]
    best, errors = ex.cross_validate_penalty(x, 2 * x + 1, 1, [0.0, 0.1, 1.0], 5)
    assert best == 0.0 and errors[0] < 1e-20 and np.all(np.diff(errors) > 0)


@pytest.mark.parametrize("args, exc, match", [
    ((np.zeros(5), np.zeros((1, 5)), 2, [0.1], 2), ValueError, "x must be"),
    ((np.zeros((1, 5)), np.zeros((1, 4)), 2, [0.1], 2), ValueError, "y must be"),
    ((np.zeros((1, 5)), np.zeros((1, 5)), 2, [0.1], 1), ValueError, "k must be at least 2"),
    ((np.zeros((1, 5)), np.zeros((1, 5)), 2, [0.1], 6), ValueError, "k must be at most 5"),
    ((np.zeros((1, 5)), np.zeros((1, 5)), 2, [], 2), ValueError, "l2_values"),
    ((np.zeros((1, 5)), np.zeros((1, 5)), 2, [-1.0], 2), ValueError, "l2_values"),
    ((np.zeros((1, 5)), np.zeros((1, 5)), 0, [0.1], 2), ValueError, "degree"),
])
def test_cross_validation_refuses_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        ex.cross_validate_penalty(*args)
