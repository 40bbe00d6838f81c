"""coursekit.experiments.regularisation: a network that overfits, early stopping (agrees
with MLP.fit), inverted dropout (the mask MLP.fit uses), and L2 against L1."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


def test_regularisation_run_overfits_and_l2_helps():
    plain = ex.regularisation_run()
    h = plain.history
    assert h.val_loss.shape == h.loss.shape == (300,)
    assert h.val_loss[-1] > 1.3 * h.val_loss.min()          # validation turned upwards
    assert h.loss[-1] < 0.5 * h.val_loss[-1]                 # a training/validation gap
    l2 = ex.regularisation_run(l2=0.01).history
    assert l2.val_loss[-1] < h.val_loss[-1] and l2.loss[-1] > h.loss[-1]
    drop = ex.regularisation_run(dropout=0.3).history
    assert drop.val_loss[-1] < h.val_loss[-1]


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
    _, As = net.forward_layers(X, masks=[(U >= 0.3) / (1 - 0.3)])           # how MLP.fit builds its masks
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


def test_jitter_augment_keeps_the_originals_and_the_labels():
    X, Y = ck.data.make_moons(30, noise=0.35, seed=0)
    X_aug, Y_aug = ex.jitter_augment(X, Y, copies=4, std=0.2, seed=1)
    assert X_aug.shape == (2, 150) and Y_aug.shape == (1, 150)
    np.testing.assert_array_equal(X_aug[:, :30], X)
    np.testing.assert_array_equal(Y_aug, np.tile(Y, 5))
    shifts = X_aug[:, 30:] - np.tile(X, 4)
    assert 0.15 < shifts.std() < 0.25 and abs(shifts.mean()) < 0.05      # noise of the asked size
    np.testing.assert_array_equal(ex.jitter_augment(X, Y, 4, 0.2, seed=1)[0], X_aug)     # seeded
    np.testing.assert_array_equal(ex.jitter_augment(X, Y, 3, 0.0)[0], np.tile(X, 4))
    with pytest.raises(ValueError, match="Y must be"):
        ex.jitter_augment(X, Y[:, :10])
    with pytest.raises(ValueError, match="std"):
        ex.jitter_augment(X, Y, std=-1.0)


def test_jitter_augmentation_reduces_overfitting():
    free = ex.regularisation_run()
    X_aug, Y_aug = ex.jitter_augment(free.X, free.Y, copies=10, std=0.2, seed=0)
    net = ck.MLP([2, 32, 32, 1], hidden_activation="relu", init="he", seed=0)
    h = ex.fit_quietly(net, X_aug, Y_aug, 0.3, 300, seed=0, X_val=free.X_val, Y_val=free.Y_val)
    assert h.val_loss[-1] < 0.8 * free.history.val_loss[-1]
