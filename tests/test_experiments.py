"""The computations behind the explorers, tested without any widget."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


@pytest.mark.parametrize("name", sorted(ex.DATASETS))
def test_datasets_by_name(name):
    X, Y = ex.dataset(name, 50, seed=3)
    assert X.shape == (2, 50) and Y.shape == (1, 50)
    np.testing.assert_array_equal(X, ex.dataset(name, 50, seed=3)[0])


def test_unknown_dataset_lists_names():
    with pytest.raises(ValueError, match="unknown dataset 'mooons'.*'moons'"):
        ex.dataset("mooons")


def test_layer_sizes_from_depth_and_width():
    assert ex.layer_sizes(2, 0, 8) == [2, 1]
    assert ex.layer_sizes(2, 3, 5) == [2, 5, 5, 5, 1]
    with pytest.raises(ValueError, match="depth must be at least 0"):
        ex.layer_sizes(2, -1, 4)


def test_train_classifier_builds_the_asked_network_and_learns():
    run = ex.train_classifier("xor", learning_rate=1.0, depth=2, width=6, epochs=400)
    assert run.net.layer_sizes == [2, 6, 6, 1]
    assert run.history.epochs_run == 400
    assert run.accuracy > 0.95
    assert run.status.startswith("loss ") and "training accuracy" in run.status


def test_train_classifier_reports_divergence_without_warning(recwarn):
    run = ex.train_classifier("moons", learning_rate=100.0, depth=2, activation="relu", epochs=200)
    assert run.history.diverged
    assert run.status == f"diverged at epoch {run.history.diverged_epoch}"
    assert not [w for w in recwarn if issubclass(w.category, ck.DivergenceWarning)]


def test_zero_epochs_status():
    assert ex.train_classifier(epochs=0).status == "not trained yet (0 epochs)"


def test_perceptron_run_replays_and_xor_never_settles():
    run = ex.perceptron_run("and", 1.0, epochs=10)
    assert run.perceptron.converged and run.n_steps == len(run.perceptron.steps)
    xor = ex.perceptron_run("xor", 1.0, epochs=10)
    assert not xor.perceptron.converged and min(xor.perceptron.errors_per_epoch) > 0
    assert ex.perceptron_run("blobs").X.shape == (2, 20)


def test_batch_comparison_counts_updates():
    result = ex.batch_comparison(0.1, batch_size=10, epochs=3, n_samples=40)
    labels = list(result.runs)
    assert labels == ["full batch", "SGD (batch 1)", "mini-batch (10)"]
    assert [result.updates(k)[-1] for k in labels] == [3, 120, 12]
    # Same start for all three: the first full-batch loss is the cost of the initial net.
    first = {k: h.step_loss[0] for k, h in result.runs.items()}
    assert first["full batch"] == pytest.approx(np.mean([result.runs["SGD (batch 1)"].step_loss[:40]]), rel=0.5)


def test_gradient_flow_shows_vanishing_with_sigmoid_and_not_with_relu_he():
    sigmoid = ex.gradient_flow(depth=12, activation="sigmoid", epochs=1)
    assert sigmoid.initial_norms.shape == (13,)
    assert sigmoid.initial_norms[0] < 1e-4 * sigmoid.initial_norms[-1]
    relu = ex.gradient_flow(depth=12, activation="relu", init="he", epochs=1)
    assert relu.initial_norms[0] > 1e-2 * relu.initial_norms[-1]


def test_gradient_flow_explodes_with_a_large_scale():
    calm = ex.gradient_flow(depth=10, activation="relu", init="he", init_scale=1.0, epochs=1)
    wild = ex.gradient_flow(depth=10, activation="relu", init="he", init_scale=3.0, epochs=1)
    # Each layer multiplies by about 3 more in both passes: every gradient is far larger.
    assert np.all(wild.initial_norms > 1e3 * calm.initial_norms)


def test_linear_run_against_the_normal_equations():
    good = ex.linear_run(0.5, 200)
    assert good.w == pytest.approx(good.w_exact, rel=1e-6) and good.b == pytest.approx(good.b_exact, rel=1e-6)
    crawl = ex.linear_run(0.001, 50)
    assert abs(crawl.w - crawl.w_exact) > 1.0 and not crawl.diverged
    blown = ex.linear_run(2.5, 50)
    assert blown.diverged and blown.status == f"diverged at iteration {blown.diverged_iteration}"


def test_logistic_depth_zero_is_logistic_regression_and_fails_on_circles():
    flat = ex.logistic_depth_run(depth=0)
    assert flat.net.layer_sizes == [2, 1] and flat.accuracy < 0.7
    deep = ex.logistic_depth_run(depth=1)
    assert deep.accuracy > 0.95


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


def _same_history(a, b):
    for name in ("loss", "grad_norms", "step_loss"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("val_loss", "diverged", "diverged_epoch", "learning_rate", "batch_size",
                 "updates_per_epoch", "best_epoch", "stopped_early"):
        assert getattr(a, name) == getattr(b, name), name


def test_batch_comparisons_give_batch_comparison_exactly_with_less_training():
    """The explorer's memory may read a run off a longer one: the result must be the same."""
    import random

    rng = random.Random(1)
    kept = ex.BatchComparisons(n_samples=40, max_runs=6)
    asked = [(0.1, 5, 6), (0.1, 5, 3), (0.1, 8, 3), (30.0, 5, 9), (30.0, 5, 4), (30.0, 5, 12)]
    asked += [(rng.choice([0.1, 3.0, 10.0, 60.0]), rng.choice([2, 5, 16]), rng.randint(0, 10)) for _ in range(40)]
    for learning_rate, batch_size, epochs in asked:
        got = kept(learning_rate, batch_size, epochs)
        want = ex.batch_comparison(learning_rate, batch_size, epochs, n_samples=40)
        assert list(got.runs) == list(want.runs) and got.m == want.m
        for label in want.runs:
            _same_history(got.runs[label], want.runs[label])
    assert kept.trained < 3 * len(asked) - 20            # most runs were read off kept ones
    assert any(h.diverged for h in kept(60.0, 2, 10).runs.values())


def test_batch_comparisons_retrain_only_the_mini_batch_run_for_a_new_batch_size():
    kept = ex.BatchComparisons(n_samples=40)
    kept(0.1, 4, 5)
    trained = kept.trained
    kept(0.1, 8, 5)
    assert kept.trained == trained + 1
    kept(0.1, 8, 3)                                       # fewer epochs: read off, nothing trained
    assert kept.trained == trained + 1


def test_starting_lines_cross_the_data_in_ten_directions():
    """Each start is a line through the middle of the data (so it is in view at step 0)
    with points on both sides, and the ten starts point in ten different directions."""
    normals = []
    for gate in ["and", "or", "nand", "xor", "blobs"]:
        X = ex.perceptron_run(gate).X
        for start in range(10):
            W, b = ex.starting_line(X, start)
            assert W.shape == (1, 2) and b.shape == (1, 1)
            np.testing.assert_allclose(W @ X.mean(axis=1, keepdims=True) + b, 0.0, atol=1e-12)
            assert np.linalg.norm(W) == pytest.approx(0.5)
            side = W @ X + b
            assert (side > 0).any() and (side < 0).any()
            normals.append(W.ravel())
    angles = np.degrees(np.arctan2([n[1] for n in normals[:10]], [n[0] for n in normals[:10]]))
    gaps = np.diff(np.sort(angles % 360))
    assert gaps.min() > 15   # well spread: no two of the ten starts nearly alike


@pytest.mark.parametrize("gate", ["and", "or", "nand", "blobs"])
def test_every_separable_run_converges_within_the_epoch_cap(gate):
    """What the explorer and chapter 01 promise: from every start, at the slider's
    smallest learning rate and at larger ones, the rule stops making mistakes within
    the 100 epochs; XOR never does."""
    for start in range(10):
        for learning_rate in [0.01, 0.03, 0.3, 10.0]:
            run = ex.perceptron_run(gate, learning_rate, start=start)
            assert run.perceptron.converged, (gate, start, learning_rate)
    xor = ex.perceptron_run("xor", 0.01)
    assert not xor.perceptron.converged and len(xor.perceptron.errors_per_epoch) == 100


def test_perceptron_run_refuses_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate 'nxor'"):
        ex.perceptron_run("nxor")
    with pytest.raises(ValueError, match="start must be at least 0"):
        ex.starting_line(np.zeros((2, 4)), -1)


def test_a_stuck_network_is_called_stuck():
    """A deep sigmoid network at the explorer's defaults stays at ln 2, the loss of answering
    0.5 everywhere; its accuracy (24% on two balanced classes) is then chance and the status
    says so. A network that learnt gets no such remark."""
    stuck = ex.gradient_flow(6, "sigmoid", "xavier", 1.0, 0.5, epochs=100, n_samples=100).run
    assert stuck.guessing_loss == pytest.approx(np.log(2), abs=1e-12)   # balanced classes
    assert "the accuracy only shows which side of 0.5 they happen to fall" in stuck.status
    assert "P(y = 1) = 0.50" in stuck.status
    learnt = ex.train_classifier()
    assert learnt.history.loss[-1] < 0.5 * learnt.guessing_loss
    assert "no better than" not in learnt.status


def test_a_network_worse_than_guessing_is_called_worse():
    """At learning rate 10 a deep sigmoid network settles at a loss above ln 2: the status
    says it is worse than guessing, not that its answers sit near 0.5."""
    run = ex.gradient_flow(10, "sigmoid", "xavier", 1.0, 10.0, epochs=100, n_samples=100).run
    assert run.history.loss[-1] > 1.02 * run.guessing_loss
    assert "worse than answering P(y = 1) = 0.50 for every point (0.6931)" in run.status
    assert "sit near" not in run.status
