"""coursekit.experiments.gradient_descent: a line by descent against the normal equations,
logistic regression and its deeper relatives, and escaping a local minimum in 1-D."""
import numpy as np
import pytest

from coursekit import experiments as ex


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


def test_bumpy_loss_has_a_local_and_a_lower_global_minimum():
    f, df = ex.bumpy_loss, ex.bumpy_loss_slope
    g, l = ex.BUMPY_MINIMA["global"], ex.BUMPY_MINIMA["local"]
    assert abs(df(g)) < 1e-12 and abs(df(l)) < 1e-12
    assert f(g) < f(l) and f(g) >= 0
    ws = np.linspace(*ex.BUMPY_RANGE, 2001)
    assert ws[np.argmin(f(ws))] == pytest.approx(g, abs=3e-3)
    eps = 1e-6
    np.testing.assert_allclose(df(ws), (f(ws + eps) - f(ws - eps)) / (2 * eps), atol=1e-6)
    assert f(np.zeros((2, 3))).shape == (2, 3)
    with pytest.raises(TypeError):
        f("w")


def test_gradient_descent_stays_in_the_valley_it_starts_in():
    runs = ex.escape_local_minimum(start=2.0, noise=0.0)
    gd = runs["gradient descent"]
    assert list(runs) == list(ex.ESCAPE_METHODS)
    assert gd.end == pytest.approx(ex.BUMPY_MINIMA["local"], abs=1e-6) and gd.ends_in == "local"
    assert np.all(np.diff(gd.losses) <= 1e-12)                      # plain descent never goes up
    # with no noise, noisy descent is plain descent, and annealing only ever goes down
    np.testing.assert_allclose(runs["noisy gradient descent"].path, gd.path)
    assert np.all(np.diff(runs["simulated annealing"].losses) <= 0)
    assert ex.escape_local_minimum(start=-2.0, noise=0.0)["gradient descent"].ends_in == "global"


def test_noise_escapes_the_local_minimum_often_but_not_always():
    ends = {name: [ex.escape_local_minimum(2.0, 0.1, 1.5, seed=s)[name].ends_in for s in range(10)]
            for name in ("noisy gradient descent", "simulated annealing")}
    for name, where in ends.items():
        assert where.count("global") >= 6, name
    runs = ex.escape_local_minimum(2.0, 0.1, 1.5, seed=0)
    assert runs["noisy gradient descent"].ends_in == "global" == runs["simulated annealing"].ends_in


def test_runs_are_seeded_bounded_and_the_right_length():
    a = ex.escape_local_minimum(2.0, 0.3, 3.0, steps=120, seed=4)
    b = ex.escape_local_minimum(2.0, 0.3, 3.0, steps=120, seed=4)
    c = ex.escape_local_minimum(2.0, 0.3, 3.0, steps=120, seed=5)
    lo, hi = ex.BUMPY_RANGE
    for name in ex.ESCAPE_METHODS:
        assert a[name].path.shape == (121,) and a[name].path[0] == 2.0
        np.testing.assert_array_equal(a[name].path, b[name].path)
        assert np.all((a[name].path >= lo) & (a[name].path <= hi))
    assert not np.array_equal(a["noisy gradient descent"].path, c["noisy gradient descent"].path)


@pytest.mark.parametrize("kwargs, error", [
    (dict(start=3.0), ValueError), (dict(learning_rate=0.0), ValueError), (dict(noise=-1.0), ValueError),
    (dict(steps=0), ValueError), (dict(seed=-1), ValueError), (dict(start="2"), TypeError),
])
def test_escape_refuses_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.escape_local_minimum(**kwargs)
