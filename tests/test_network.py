"""MLP: backprop against finite differences, the lecture notes' worked example,
logistic regression as a special case, and what fit records."""
import warnings

import numpy as np
import pytest

import coursekit as ck
from coursekit import data
from coursekit.gradcheck import gradient_check

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRINGS = [("sigmoid", "bce"), ("sigmoid", "mse"), ("linear", "mse"), ("softmax", "ce")]


def _problem(output, n_out, m=12, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    if output == "softmax":
        Y = data.one_hot(rng.integers(0, n_out, size=(1, m)), n_out)
    elif output == "linear":
        Y = rng.standard_normal((n_out, m))
    else:
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    return X, Y


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output,loss", PAIRINGS)
@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
def test_backward_matches_finite_differences(hidden, output, loss, depth):
    n_out = 3 if output == "softmax" else 2
    sizes = [3] + [4] * (depth - 1) + [n_out]
    net = ck.MLP(sizes, hidden, output, loss, init="xavier", init_scale=1.5, seed=depth)
    # Non-zero biases: with zero biases a dead ReLU layer puts the next z exactly on
    # the kink at 0, where a finite difference measures half a slope.
    rng = np.random.default_rng(depth)
    net.set_params([(W, 0.3 * rng.standard_normal(b.shape)) for W, b in net.params])
    X, Y = _problem(output, n_out)
    result = gradient_check(net, X, Y)
    assert result["error"] < 1e-7, result


def test_gradient_check_catches_a_planted_bug(monkeypatch):
    net = ck.MLP([3, 4, 2], "tanh", seed=1)
    X, Y = _problem("sigmoid", 2)
    assert gradient_check(net, X, Y)["error"] < 1e-7
    # Drop the 1/m from the output layer's dW: the check must notice.
    real = net.backward
    def buggy(Y, *args, **kwargs):
        grads = real(Y, *args, **kwargs)
        grads[-1] = (grads[-1][0] * Y.shape[1], grads[-1][1])
        return grads
    monkeypatch.setattr(net, "backward", buggy)
    result = gradient_check(net, X, Y)
    assert result["error"] > 1e-2
    assert result["layers"][-1][0] > 1e-2 and result["layers"][0][0] < 1e-7


def test_worked_example_of_the_lecture_notes():
    """Syllabus chapter 04: inputs (0.1, 0.3), weights (0.4, -0.2) and 0.1, target 1, eta 0.5."""
    net = ck.MLP([2, 1, 1], loss="mse", output_activation="sigmoid")
    net.set_params([(np.array([[0.4, -0.2]]), np.zeros((1, 1))),
                    (np.array([[0.1]]), np.zeros((1, 1)))])
    x, y, eta = np.array([[0.1], [0.3]]), np.array([[1.0]]), 0.5
    out = net.forward(x)
    Zs, As = net.forward_layers(x)
    assert Zs[0][0, 0] == pytest.approx(-0.02, abs=1e-12)            # hidden input
    assert As[1][0, 0] == pytest.approx(0.495, abs=5e-4)             # hidden output
    assert out[0, 0] == pytest.approx(0.512, abs=5e-4)               # network output
    (dW1, db1), (dW2, db2) = net.backward(y)
    # The notes' error terms are -dC/dz: (y - y_hat) f'(z).
    delta_out = -db2[0, 0]
    delta_hidden = -db1[0, 0]
    assert delta_out == pytest.approx(0.122, abs=5e-4)
    assert -eta * dW2[0, 0] == pytest.approx(0.0302, abs=5e-5)       # output weight step
    assert delta_hidden == pytest.approx(0.003, abs=1e-4)
    assert -eta * dW1[0] == pytest.approx([0.00015, 0.00045], abs=1e-5)
    # fit with one full-batch epoch takes exactly that step.
    before = [W.copy() for W, _ in net.params]
    net.fit(x, y, learning_rate=eta, epochs=1)
    assert net.params[1][0][0, 0] - before[1][0, 0] == pytest.approx(-eta * dW2[0, 0], rel=1e-12)


def test_mlp_without_hidden_layer_is_logistic_regression():
    X, Y = data.make_blobs(120, centers=2, std=1.2, seed=4)
    w, b, costs = ck.regression.logistic_regression(X, Y, learning_rate=0.3, iterations=150)
    net = ck.MLP([2, 1], init="zeros")
    history = net.fit(X, Y, learning_rate=0.3, epochs=150)
    np.testing.assert_allclose(net.params[0][0], w.T, rtol=1e-12, atol=1e-14)
    assert net.params[0][1][0, 0] == pytest.approx(b, rel=1e-12)
    np.testing.assert_allclose(history.loss, costs, rtol=1e-12)


def test_shapes_follow_the_column_convention():
    net = ck.MLP([2, 5, 3, 1])
    assert [(W.shape, b.shape) for W, b in net.params] == [((5, 2), (5, 1)), ((3, 5), (3, 1)), ((1, 3), (1, 1))]
    assert all(W.dtype == np.float64 and b.dtype == np.float64 for W, b in net.params)
    X, Y = data.make_xor(7)
    assert net.forward(X).shape == (1, 7)
    grads = net.backward(Y)
    assert [(dW.shape, db.shape) for dW, db in grads] == [(W.shape, b.shape) for W, b in net.params]
    assert net.n_params == 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1
    assert net.L == 3


@pytest.mark.parametrize("init,expected_std", [("xavier", np.sqrt(2 / 600)), ("he", np.sqrt(2 / 400)),
                                               ("normal", 1.0), ("zeros", 0.0)])
def test_initialisations_have_their_scale(init, expected_std):
    W = ck.MLP([400, 200, 1], init=init, seed=0).params[0][0]
    assert W.std() == pytest.approx(expected_std, rel=0.02, abs=1e-12)
    W3 = ck.MLP([400, 200, 1], init=init, init_scale=3.0, seed=0).params[0][0]
    np.testing.assert_allclose(W3, 3.0 * W)
    assert all(np.all(b == 0) for _, b in ck.MLP([400, 200, 1], init=init).params)


def test_seeds_make_weights_reproducible_and_distinct():
    a, b, c = ck.MLP([2, 3, 1], seed=1), ck.MLP([2, 3, 1], seed=1), ck.MLP([2, 3, 1], seed=2)
    np.testing.assert_array_equal(a.params[0][0], b.params[0][0])
    assert not np.allclose(a.params[0][0], c.params[0][0])


def test_fit_learns_xor_and_records_history():
    X, Y = data.logic_gate("xor")
    net = ck.MLP([2, 4, 1], "tanh", seed=0)
    h = net.fit(X, Y, learning_rate=1.0, epochs=1500)
    assert h.loss.shape == (1500,) and h.grad_norms.shape == (1500, 2)
    assert h.loss[-1] < 0.05 < h.loss[0]
    np.testing.assert_array_equal(net.predict(X), Y)
    assert not h.diverged and h.diverged_epoch is None
    assert h.val_loss is None and h.epochs_run == 1500


@pytest.mark.parametrize("batch_size,updates", [(None, 1), (1, 40), (16, 3), (40, 1), (1000, 1)])
def test_batch_sizes_count_updates(batch_size, updates):
    X, Y = data.make_moons(40)
    h = ck.MLP([2, 8, 1]).fit(X, Y, learning_rate=0.5, epochs=5, batch_size=batch_size)
    assert h.updates_per_epoch == updates
    assert h.step_loss.shape == (5 * updates,)
    assert np.all(np.isfinite(h.loss))


def test_epoch_loss_is_the_loss_of_the_pass_the_update_used():
    # Full batch: the recorded loss of epoch e is the cost before update e.
    X, Y = data.make_moons(50)
    net = ck.MLP([2, 6, 1], seed=2)
    before = net.cost(X, Y)
    h = net.fit(X, Y, learning_rate=0.5, epochs=3)
    assert h.loss[0] == pytest.approx(before, rel=1e-12)
    # Mini-batch: the epoch's loss is the sample-weighted mean of its batches.
    h = ck.MLP([2, 6, 1], seed=2).fit(X, Y, learning_rate=0.5, epochs=2, batch_size=20)
    weights = np.array([20, 20, 10]) / 50
    assert h.loss[1] == pytest.approx(np.dot(h.step_loss[3:], weights), rel=1e-12)


def test_minibatch_training_is_seeded():
    X, Y = data.make_moons(60)
    runs = [ck.MLP([2, 5, 1]).fit(X, Y, 0.3, 4, batch_size=8, seed=s).loss for s in (0, 0, 1)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_grad_norms_are_norms_of_the_gradient():
    X, Y = data.make_moons(30)
    net = ck.MLP([2, 4, 4, 1], seed=5)
    net.forward(X)
    expected = [np.linalg.norm(dW) for dW, _ in net.backward(Y)]
    h = net.fit(X, Y, learning_rate=0.1, epochs=1)
    np.testing.assert_allclose(h.grad_norms[0], expected, rtol=1e-12)


def test_validation_loss_is_recorded():
    X, Y = data.make_moons(80, seed=0)
    Xv, Yv = data.make_moons(40, seed=1)
    net = ck.MLP([2, 8, 1])
    h = net.fit(X, Y, 0.5, 10, X_val=Xv, Y_val=Yv)
    assert h.val_loss.shape == (10,)
    assert h.val_loss[-1] == pytest.approx(net.cost(Xv, Yv), rel=1e-12)


def test_divergence_stops_training_with_one_warning():
    X = np.linspace(-3, 3, 20)[None, :]
    Y = 4 * X + 1
    net = ck.MLP([1, 8, 1], "relu", "linear", "mse", seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h = net.fit(X, Y, learning_rate=5.0, epochs=200)
    assert h.diverged and 1 < h.diverged_epoch <= 200
    assert h.epochs_run == h.diverged_epoch - 1
    assert np.all(np.isfinite(h.loss))
    assert [w.category for w in caught] == [ck.DivergenceWarning]
    assert f"epoch {h.diverged_epoch}" in str(caught[0].message)


def test_huge_learning_rate_on_a_classifier_does_not_raise():
    X, Y = data.make_moons(50)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h = ck.MLP([2, 16, 16, 1], "relu").fit(X, Y, learning_rate=1e250, epochs=50)
    assert h.diverged
    assert len(caught) == 1 and caught[0].category is ck.DivergenceWarning


def test_zero_epochs_change_nothing():
    X, Y = data.make_xor(10)
    net = ck.MLP([2, 3, 1])
    W = net.params[0][0].copy()
    h = net.fit(X, Y, 0.1, 0)
    assert h.epochs_run == 0 and h.grad_norms.shape == (0, 2)
    np.testing.assert_array_equal(net.params[0][0], W)


def test_predict_by_output_type():
    X, _ = data.make_blobs(30, centers=3, seed=1)
    soft = ck.MLP([2, 3], output_activation="softmax", loss="ce")
    labels = soft.predict(X)
    assert labels.shape == (1, 30) and set(np.unique(labels)) <= {0.0, 1.0, 2.0}
    np.testing.assert_array_equal(labels[0], soft.predict_proba(X).argmax(axis=0))
    binary = ck.MLP([2, 1])
    assert set(np.unique(binary.predict(X))) <= {0.0, 1.0}
    reg = ck.MLP([2, 1], output_activation="linear", loss="mse")
    np.testing.assert_allclose(reg.predict(X), reg.predict_proba(X))


def test_softmax_network_learns_blobs():
    X, labels = data.make_blobs(150, centers=3, std=0.4, seed=2)
    Y = data.one_hot(labels)
    net = ck.MLP([2, 8, 3], "relu", "softmax", "ce", init="he")
    h = net.fit(X, Y, learning_rate=0.5, epochs=200)
    assert h.loss[-1] < 0.1
    assert np.mean(net.predict(X) == labels) > 0.97


def test_set_params_copies_and_checks_shapes():
    net = ck.MLP([2, 2, 1])
    W1 = np.ones((2, 2))
    net.set_params([(W1, np.zeros((2, 1))), (np.ones((1, 2)), np.zeros((1, 1)))])
    W1[0, 0] = 5.0
    assert net.params[0][0][0, 0] == 1.0
    with pytest.raises(ValueError, match=r"W1 must be .*\(2, 2\).*got \(2, 3\)"):
        net.set_params([(np.ones((2, 3)), np.zeros((2, 1))), (np.ones((1, 2)), np.zeros((1, 1)))])
    with pytest.raises(ValueError, match="2 \\(W, b\\) pairs"):
        net.set_params([(W1, np.zeros((2, 1)))])


# ------------------------------------------------------------ regularisation
@pytest.mark.parametrize("l2,l1", [(0.3, 0.0), (0.0, 0.2), (0.1, 0.05)])
@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_penalised_backward_matches_finite_differences(l2, l1, hidden):
    net = ck.MLP([3, 4, 4, 2], hidden, seed=7)
    rng = np.random.default_rng(7)
    net.set_params([(W, 0.3 * rng.standard_normal(b.shape)) for W, b in net.params])
    X, Y = _problem("sigmoid", 2)
    result = gradient_check(net, X, Y, l2=l2, l1=l1)
    assert result["error"] < 1e-7, result
    # And the penalty really is in there: the plain gradient differs.
    net.forward(X)
    plain = net.backward(Y)[0][0]
    assert not np.allclose(plain, net.backward(Y, l2=l2, l1=l1)[0][0])


def test_penalty_is_half_l2_sum_of_squares_plus_l1_sum_of_abs():
    net = ck.MLP([2, 3, 1], seed=1)
    X, Y = data.make_xor(8)
    squares = sum(np.sum(W ** 2) for W, _ in net.params)
    absolutes = sum(np.sum(np.abs(W)) for W, _ in net.params)
    assert net.cost(X, Y, l2=0.5, l1=0.2) == pytest.approx(net.cost(X, Y) + 0.25 * squares + 0.2 * absolutes)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_dropout_backward_matches_finite_differences_for_fixed_masks(hidden):
    """One full-batch SGD step of ``fit`` with dropout moves the weights by -lr times the
    gradient of the cost with the masks it drew (``FitSettings.dropout_masks``, the first
    draws of ``default_rng(seed)``), which finite differences of that masked cost give."""
    net = ck.MLP([3, 5, 4, 2], hidden, seed=3)
    rng = np.random.default_rng(3)
    net.set_params([(W, 0.3 * rng.standard_normal(b.shape)) for W, b in net.params])
    X, Y = _problem("sigmoid", 2)
    rate, seed, lr = 0.4, 5, 1.0
    draw = np.random.default_rng(seed)
    masks = [(draw.random((n, X.shape[1])) >= rate) / (1 - rate) for n in (5, 4)]
    assert all(np.any(M == 0) for M in masks)            # something really is dropped

    def cost():
        Zs, _ = net.forward_layers(X, masks)
        return ck.losses.bce_from_logits(Zs[-1], Y)      # the sigmoid output's cost from z^L

    numeric = [ck.numerical_gradient(cost, p) for pair in net.params for p in pair]
    before = [p.copy() for pair in net.params for p in pair]
    net.fit(X, Y, lr, 1, dropout=rate, seed=seed)
    analytic = [(b - a) / lr for b, a in zip(before, (p for pair in net.params for p in pair))]
    flat = lambda arrays: np.concatenate([a.ravel() for a in arrays])
    assert ck.relative_error(flat(analytic), flat(numeric)) < 1e-7


def test_dropout_only_acts_during_training():
    X, Y = data.make_moons(100)
    a = ck.MLP([2, 16, 1], "relu", seed=0)
    b = ck.MLP([2, 16, 1], "relu", seed=0)
    ha = a.fit(X, Y, 0.3, 20, dropout=0.5, seed=1)
    hb = b.fit(X, Y, 0.3, 20, seed=1)
    assert not np.allclose(ha.loss, hb.loss)               # training saw dropped units
    P = a.predict_proba(X)
    np.testing.assert_array_equal(P, a.predict_proba(X))   # prediction is deterministic


def test_inverted_dropout_keeps_the_expected_activation():
    X, Y = data.make_moons(400)
    net = ck.MLP([2, 64, 1], "relu", seed=0)
    rng = np.random.default_rng(0)
    masks = [(rng.random((64, 400)) >= 0.3) / 0.7]
    plain = net.forward_layers(X)[1][1]
    dropped = net.forward_layers(X, masks)[1][1]
    assert dropped.mean() == pytest.approx(plain.mean(), rel=0.02)


def test_l2_shrinks_the_weights():
    X, Y = data.make_moons(100)
    plain = ck.MLP([2, 16, 1], "tanh", seed=0)
    decayed = ck.MLP([2, 16, 1], "tanh", seed=0)
    plain.fit(X, Y, 0.5, 300)
    decayed.fit(X, Y, 0.5, 300, l2=0.05)
    norm = lambda net: sum(np.sum(W ** 2) for W, _ in net.params)
    assert norm(decayed) < 0.5 * norm(plain)


def test_l1_makes_weights_sparse():
    X, Y = data.make_blobs(200, centers=2, std=0.5, seed=0)
    X = np.vstack([X, np.random.default_rng(0).standard_normal((6, 200))])  # 6 useless features
    net = ck.MLP([8, 1], init="zeros")
    net.fit(X, Y, 0.1, 500, l1=0.02)
    W = np.abs(net.params[0][0][0])
    assert np.all(W[2:] < 0.02) and np.all(W[:2] > 0.1)


def test_early_stopping_restores_the_best_weights():
    X, Y = data.make_moons(30, noise=0.35, seed=0)
    Xv, Yv = data.make_moons(200, noise=0.35, seed=1)
    net = ck.MLP([2, 64, 64, 1], "tanh", seed=0)
    h = net.fit(X, Y, 0.5, 3000, X_val=Xv, Y_val=Yv, early_stopping=50)
    assert h.stopped_early and h.epochs_run < 3000
    assert h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert h.epochs_run - h.best_epoch == 50
    assert net.cost(Xv, Yv) == pytest.approx(h.val_loss.min(), rel=1e-12)


def test_gradient_clipping_caps_the_step():
    X, Y = data.make_moons(50)
    net = ck.MLP([2, 8, 1], seed=0)
    before = net.copy_params()
    net.fit(X, Y, learning_rate=1.0, epochs=1, max_grad_norm=1e-3)
    step = np.sqrt(sum(np.sum((W - W0) ** 2) + np.sum((b - b0) ** 2)
                       for (W, b), (W0, b0) in zip(net.params, before)))
    assert step == pytest.approx(1e-3, rel=1e-9)
    # A cap above the gradient's norm changes nothing.
    a, b = ck.MLP([2, 8, 1], seed=0), ck.MLP([2, 8, 1], seed=0)
    a.fit(X, Y, 0.5, 3, max_grad_norm=1e6)
    b.fit(X, Y, 0.5, 3)
    np.testing.assert_array_equal(a.params[0][0], b.params[0][0])


# ----------------------------------------------------------------- divergence
def test_a_blown_up_but_finite_loss_counts_as_diverged():
    X, Y = data.make_moons(100)
    with pytest.warns(ck.DivergenceWarning, match="diverged at epoch"):
        h = ck.MLP([2, 16, 16, 1], "relu", seed=0).fit(X, Y, learning_rate=1e4, epochs=300)
    assert h.diverged and np.all(np.isfinite(h.loss))
    assert np.all(h.loss <= ck.network.DIVERGENCE_FACTOR * h.loss[0])
    # With only the non-finite rule, the same run keeps going to the end.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h2 = ck.MLP([2, 16, 16, 1], "relu", seed=0).fit(X, Y, 1e4, 300, divergence_factor=None)
    assert not h2.diverged and h2.epochs_run == 300 and h2.loss.max() > 10 * h2.loss[0]


def test_divergence_on_the_last_update_is_caught():
    X, Y = data.make_xor(20)
    with pytest.warns(ck.DivergenceWarning):
        h = ck.MLP([2, 4, 1], "relu").fit(X, Y, 1e305, 1)
    assert h.diverged


def test_has_diverged_rule():
    assert ck.network.has_diverged(np.nan, 1.0) and ck.network.has_diverged(np.inf, 1.0)
    assert ck.network.has_diverged(10.5, 1.0) and not ck.network.has_diverged(9.5, 1.0)
    assert not ck.network.has_diverged(1e9, 1.0, factor=None)


def test_set_params_invalidates_the_cached_forward_pass():
    net = ck.MLP([2, 2, 1])
    X, Y = data.make_xor(6)
    net.forward(X)
    net.set_params(net.copy_params())
    with pytest.raises(RuntimeError, match="forward"):
        net.backward(Y)


def test_history_keeps_the_requested_batch_size():
    X, Y = data.make_xor(10)
    assert ck.MLP([2, 1]).fit(X, Y, 0.1, 1, batch_size=50).batch_size == 50
