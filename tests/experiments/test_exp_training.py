"""coursekit.experiments.training: training a classifier, its status line, and full batch
against mini-batches (BatchComparisons must give batch_comparison's results exactly)."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


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


def test_batch_comparison_counts_updates():
    result = ex.batch_comparison(0.1, batch_size=10, epochs=3, n_samples=40)
    labels = list(result.runs)
    assert labels == ["full batch", "SGD (batch 1)", "mini-batch (10)"]
    assert [result.updates(k)[-1] for k in labels] == [3, 120, 12]
    # Same start for all three: the first full-batch loss is the cost of the initial net.
    first = {k: h.step_loss[0] for k, h in result.runs.items()}
    assert first["full batch"] == pytest.approx(np.mean([result.runs["SGD (batch 1)"].step_loss[:40]]), rel=0.5)


def _same_history(a, b):
    for name in ("loss", "grad_norms", "step_loss"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("val_loss", "diverged", "diverged_epoch", "learning_rate", "batch_size",
                 "updates_per_epoch", "best_epoch", "stopped_early"):
        assert getattr(a, name) == getattr(b, name), name


@pytest.mark.slow
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
