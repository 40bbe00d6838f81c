"""coursekit.experiments.depth_width: width_for_budget and depth_width_run (deep and narrow
against shallow and wide, with equal parameter counts)."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


@pytest.mark.parametrize("depth, n_params, width", [(1, 609, 152), (3, 609, 16), (1, 97, 24), (2, 9, 1)])
def test_width_for_budget_gives_the_nearest_count(depth, n_params, width):
    assert ex.width_for_budget(depth, n_params) == width
    count = lambda w: ck.MLP(ex.layer_sizes(2, depth, w)).n_params
    assert abs(count(width) - n_params) <= min(abs(count(width - 1) - n_params) if width > 1 else np.inf,
                                               abs(count(width + 1) - n_params))


def test_width_for_budget_counts_other_input_and_output_sizes():
    # [784, w, 10] has 795 w + 10 parameters: 23,860 is Nielsen's w = 30
    assert ex.width_for_budget(1, 23860, n_in=784, n_out=10) == 30


@pytest.mark.parametrize("kwargs, error", [(dict(depth=0, n_params=10), ValueError),
                                           (dict(depth=1, n_params=0), ValueError),
                                           (dict(depth=1.5, n_params=10), TypeError)])
def test_width_for_budget_refuses_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.width_for_budget(**kwargs)


def test_a_run_trains_one_network_per_seed_and_scores_fresh_points():
    run = ex.depth_width_run(depth=2, width=5, learning_rate=0.5, epochs=30, seeds=(0, 3), n_test=50)
    assert run.layer_sizes == [2, 5, 5, 1] and run.n_params == ck.MLP([2, 5, 5, 1]).n_params
    assert len(run.nets) == 2 and run.train_accuracy.shape == run.test_accuracy.shape == (2,)
    X, Y = ex.dataset("spirals", 200, 0)
    X_test, Y_test = ex.dataset("spirals", 50, 1)
    for net, train, test in zip(run.nets, run.train_accuracy, run.test_accuracy):
        assert train == pytest.approx(np.mean(net.predict(X) == Y))
        assert test == pytest.approx(np.mean(net.predict(X_test) == Y_test))
    assert not np.array_equal(run.nets[0].params[0][0], run.nets[1].params[0][0])   # seeds differ
    assert run.settings["optimizer"] == "sgd" and run.settings["seeds"] == (0, 3)


def test_it_is_deterministic():
    a = ex.depth_width_run(depth=1, width=6, learning_rate=1.0, epochs=20, seeds=(1,))
    b = ex.depth_width_run(depth=1, width=6, learning_rate=1.0, epochs=20, seeds=(1,))
    np.testing.assert_array_equal(a.nets[0].params[0][0], b.nets[0].params[0][0])


def test_it_refuses_no_seeds():
    with pytest.raises(ValueError, match="seeds"):
        ex.depth_width_run(depth=1, width=4, learning_rate=1.0, seeds=())


@pytest.mark.slow
def test_chapter_02_measurement_deep_wins_with_gradient_descent_and_ties_with_adam():
    """What chapter 02 section 10 reports: 609 parameters each, spirals, 1000 epochs, 3 seeds."""
    deep_gd = ex.depth_width_run(depth=3, width=16, learning_rate=1.0)
    wide_gd = ex.depth_width_run(depth=1, width=152, learning_rate=3.0)
    assert np.all(deep_gd.test_accuracy >= 0.97) and np.all(wide_gd.test_accuracy < 0.97)
    for depth, width in ((3, 16), (1, 152)):
        adam = ex.depth_width_run(depth=depth, width=width, learning_rate=0.01, optimizer="adam")
        assert np.all(adam.train_accuracy == 1.0) and np.mean(adam.test_accuracy) >= 0.985


@pytest.mark.slow
def test_chapter_02_learning_rates_are_each_networks_best_on_the_grid():
    """Section 10 trains the deep network at 1 and the shallow one at 3: the best of 0.1, 0.3, 1, 3."""
    for (depth, width), chosen in (((3, 16), 1.0), ((1, 152), 3.0)):
        means = {lr: np.mean(ex.depth_width_run(depth=depth, width=width, learning_rate=lr).test_accuracy)
                 for lr in (0.1, 0.3, 1.0, 3.0)}
        assert max(means, key=means.get) == chosen, means
