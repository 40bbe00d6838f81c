"""coursekit.experiments.optimiser_tuning: optimisers on a network, trained from one start, tuned on
validation data and judged on test data over seeds, and final losses nudged to detect chaos."""
import numpy as np
import pytest

from coursekit import experiments as ex


# ------------------------------------------------------------------ networks
def test_train_runs_start_every_run_from_the_same_weights():
    runs = ex.train_runs({"SGD": dict(optimizer="sgd", learning_rate=0.5),
                          "Adam": dict(optimizer="adam", learning_rate=0.01)},
                         depth=1, width=4, epochs=5, n_samples=40)
    assert list(runs) == ["SGD", "Adam"]
    assert runs["SGD"].history.optimizer == "sgd" and runs["Adam"].history.optimizer == "adam"
    assert runs["SGD"].history.loss[0] == runs["Adam"].history.loss[0]   # same net, same first batch
    assert runs["SGD"].history.loss[-1] != runs["Adam"].history.loss[-1]


def test_epochs_to_reach_counts_from_one():
    run = ex.train_runs({"a": dict(learning_rate=1.0)}, depth=1, width=8, epochs=60, n_samples=60)["a"]
    loss = run.history.loss
    target = loss[9]
    assert ex.epochs_to_reach(run, target) == int(np.argmax(loss <= target)) + 1 <= 10
    assert ex.epochs_to_reach(run, loss.min() / 2) is None


def test_tuning_picks_the_lowest_validation_loss_and_never_a_diverged_run():
    best, runs = ex.tune_learning_rate("sgd", [0.1, 1.0, 300.0], depth=1, width=8, epochs=40,
                                       n_samples=60, validation=60)
    assert runs[300.0].history.diverged
    finished = {r: run.history.val_loss[-1] for r, run in runs.items() if not run.history.diverged}
    assert best == min(finished, key=finished.get)
    with pytest.raises(ValueError, match="rates"):
        ex.tune_learning_rate("sgd", [])


# ------------------------------------------------------------------ tuning over seeds
def test_tuning_over_seeds_picks_on_validation_and_reports_on_test():
    result = ex.tune_over_seeds("sgd", [0.3, 3.0, 300.0], seeds=(0, 1), depth=1, width=8, epochs=30,
                                n_samples=60, validation=60, test=80)
    assert result.val_loss.shape == result.test_loss.shape == (2, 3)
    assert np.all(np.isinf(result.val_loss[:, 2]))                   # 300 diverges: never chosen
    for i, seed in enumerate(result.seeds):
        best, runs = ex.tune_learning_rate("sgd", [0.3, 3.0, 300.0], depth=1, width=8, epochs=30,
                                           n_samples=60, validation=60, seed=seed)
        assert result.best_rates[i] == best
        X_test, Y_test = ex.dataset("moons", 80, seed + 2000)
        assert result.test_of_best[i] == pytest.approx(runs[best].net.cost(X_test, Y_test), rel=1e-12)
        X_val, _ = ex.dataset("moons", 60, seed + 1000)
        assert not np.array_equal(X_test[:, :60], X_val)                 # the test set is new data
    with pytest.raises(ValueError, match="seeds"):
        ex.tune_over_seeds("sgd", [0.1], seeds=())
    with pytest.raises(ValueError, match="rates must all differ"):
        ex.tune_over_seeds("sgd", [0.1, 0.1])


# ------------------------------------------------------------------ final losses, nudged
def test_final_losses_are_the_costs_of_train_runs_and_a_nudge_moves_the_inputs():
    runs = {"sgd": dict(learning_rate=0.5), "Adam, cosine": dict(learning_rate=0.02, optimizer="adam",
                                                                 schedule="cosine")}
    common = dict(depth=1, width=6, epochs=15, n_samples=50, batch_size=10)
    got = ex.final_losses(runs, seeds=(0, 3), **common)
    for i, seed in enumerate((0, 3)):
        want = ex.train_runs(runs, seed=seed, **common)
        for label, run in want.items():
            assert got[label][i] == run.net.cost(run.X, run.Y)           # the same training, bit for bit
    moved = ex.final_losses(runs, seeds=(0, 3), nudge=1e-12, **common)
    for label in runs:
        assert not np.array_equal(moved[label], got[label])             # the nudge reached the data
        np.testing.assert_allclose(moved[label], got[label], rtol=1e-6)  # and, here, changed no digit that shows


@pytest.mark.slow
def test_the_chapters_network_schedule_runs_are_not_chaotic_but_a_constant_2_is():
    """Chapter 07 section 6.2 prints these runs' final losses: a nudge of 1e-12 must leave them
    (to a part in a million), while the constant rate of 2.0 it flags as chaotic moves."""
    runs = {f"constant {lr:g}": dict(learning_rate=lr) for lr in (0.2, 0.3, 0.5, 0.7, 1.0, 2.0)}
    runs["cosine from 2"] = dict(learning_rate=2.0, schedule="cosine")
    common = dict(depth=2, width=16, epochs=30, batch_size=10, seeds=range(5))
    a, b = ex.final_losses(runs, **common), ex.final_losses(runs, nudge=-1e-12, **common)
    for label in runs:
        moved = np.abs(a[label] - b[label]) > 1e-6 * a[label]
        assert moved.any() if label == "constant 2" else not moved.any(), label


@pytest.mark.slow
def test_the_chapters_warm_up_runs_are_chaotic():
    """Section 6.3 says why it prints no warm-up numbers: four ReLU layers of 16, momentum 0.9,
    batches of 10, 30 epochs at learning rate 0.1 with a warm-up (start_factor 0.1, 5 epochs)
    end elsewhere when the inputs move by one part in 1e10; at 0.3 nothing learns (ln 2)."""
    runs = {"warm-up 0.1": dict(learning_rate=0.1, optimizer="momentum", schedule="warmup", start_factor=0.1,
                                total_iters=5),
            "constant 0.3": dict(learning_rate=0.3, optimizer="momentum")}
    common = dict(depth=4, width=16, activation="relu", epochs=30, batch_size=10, seeds=range(3))
    a, b = ex.final_losses(runs, **common), ex.final_losses(runs, nudge=1e-10, **common)
    assert np.any(np.abs(a["warm-up 0.1"] - b["warm-up 0.1"]) > 0.01 * a["warm-up 0.1"])
    np.testing.assert_allclose(a["constant 0.3"], np.log(2), rtol=0.01)
