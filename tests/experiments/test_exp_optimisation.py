"""coursekit.experiments.optimisation: the 2-D surfaces and their gradients, paths that follow
the published update rules step by step, stability limits, running averages and the noisy bowl."""
import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit.experiments import optimisation as opt


# ------------------------------------------------------------------ surfaces
@pytest.mark.parametrize("name", list(ex.SURFACES))
def test_each_gradient_is_the_slope_of_its_surface(name):
    s = ex.SURFACES[name]
    rng = np.random.default_rng(7)
    h = 1e-6
    for _ in range(20):
        p = np.array([rng.uniform(*s.xlim), rng.uniform(*s.ylim)])
        numeric = [(s.f(*(p + h * e)) - s.f(*(p - h * e))) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(s.grad(p), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", list(ex.SURFACES))
def test_each_minimum_is_the_lowest_point_of_the_view(name):
    s = ex.SURFACES[name]
    x, y = np.meshgrid(np.linspace(*s.xlim, 301), np.linspace(*s.ylim, 301))
    assert np.abs(s.grad(np.array(s.minimum))).max() < 1e-9
    assert s.f(*s.minimum) <= s.f(x, y).min() + 1e-12
    assert s.xlim[0] < s.start[0] < s.xlim[1] and s.ylim[0] < s.start[1] < s.ylim[1]


def test_the_saddle_is_a_saddle_and_the_bumpy_surface_keeps_chapter_04s_minima():
    saddle = ex.SURFACES["saddle point"]
    assert np.all(saddle.grad(np.zeros(2)) == 0)
    assert saddle.f(0.1, 0.0) > 0 > saddle.f(0.0, 0.1)     # up along x, down along y
    bumpy = ex.SURFACES["bumpy loss"]
    for w in ex.BUMPY_MINIMA.values():
        assert abs(bumpy.grad(np.array([w, 0.0]))).max() < 1e-9


# ------------------------------------------------------------------ paths
def _hand_path(surface, steps, update):
    s = ex.SURFACES[surface]
    theta, state, path = np.array(s.start, float), {}, [np.array(s.start, float)]
    for t in range(1, steps + 1):
        theta = update(theta, s.grad(theta), t, state)
        path.append(theta)
    return np.array(path).T


def test_gradient_descent_path_is_theta_minus_lr_g():
    run = ex.descend("curved valley", "sgd", 0.02, steps=30)
    want = _hand_path("curved valley", 30, lambda th, g, t, st: th - 0.02 * g)
    np.testing.assert_allclose(run.path, want, rtol=1e-13, atol=1e-15)
    assert run.path.shape == (2, 31) and run.diverged_step is None
    np.testing.assert_allclose(run.losses, ex.SURFACES["curved valley"].f(*want))


def test_momentum_path_is_the_heavy_ball():
    def heavy_ball(th, g, t, st):
        st["b"] = 0.8 * st.get("b", 0.0) + g
        return th - 0.03 * st["b"]
    run = ex.descend("ill-conditioned bowl", "momentum", 0.03, steps=40, momentum=0.8)
    np.testing.assert_allclose(run.path, _hand_path("ill-conditioned bowl", 40, heavy_ball), rtol=1e-12)


def test_adam_path_follows_kingma_and_ba():
    b1, b2, eps, lr = 0.7, 0.99, 1e-8, 0.1

    def adam(th, g, t, st):
        st["m"] = b1 * st.get("m", 0.0) + (1 - b1) * g
        st["v"] = b2 * st.get("v", 0.0) + (1 - b2) * g ** 2
        return th - lr * (st["m"] / (1 - b1 ** t)) / (np.sqrt(st["v"] / (1 - b2 ** t)) + eps)
    run = ex.descend("saddle point", "adam", lr, steps=25, betas=(b1, b2))
    np.testing.assert_allclose(run.path, _hand_path("saddle point", 25, adam), rtol=1e-12)


def test_a_run_that_blows_up_stops_with_the_step_it_diverged_at():
    run = ex.descend("ill-conditioned bowl", "sgd", 1.0, steps=500)
    assert run.diverged_step is not None and run.diverged_step < 500
    assert run.path.shape == (2, run.diverged_step) and np.all(np.isfinite(run.path))
    assert run.status == f"sgd diverged at step {run.diverged_step}"


def test_compare_on_surface_gives_each_optimiser_its_own_rate_and_beta():
    runs = ex.compare_on_surface("curved valley", learning_rate=0.01, adaptive_learning_rate=0.05,
                                 beta=0.7, steps=20)
    assert list(runs) == list(ex.SURFACE_OPTIMISERS)
    np.testing.assert_array_equal(runs["gradient descent"].path, ex.descend("curved valley", "sgd", 0.01, 20).path)
    np.testing.assert_array_equal(runs["Nesterov"].path,
                                  ex.descend("curved valley", "nesterov", 0.01, 20, momentum=0.7).path)
    np.testing.assert_array_equal(runs["RMSProp"].path, ex.descend("curved valley", "rmsprop", 0.05, 20).path)
    np.testing.assert_array_equal(runs["Adam"].path,
                                  ex.descend("curved valley", "adam", 0.05, 20, betas=(0.7, 0.999)).path)
    zero = ex.compare_on_surface("saddle point", beta=0.0, steps=10)
    np.testing.assert_array_equal(zero["Nesterov"].path, zero["gradient descent"].path)


def test_what_the_chapter_says_about_the_surfaces():
    """The stories section 1 and the explorer's questions tell, at the explorer's defaults."""
    bowl = ex.compare_on_surface("ill-conditioned bowl", 0.05, 0.1, 0.9, steps=60)
    y = bowl["gradient descent"].path[1]
    assert np.all(np.sign(y[1:8]) == -np.sign(y[:7]))               # zig-zag across the valley
    tuned = ex.compare_on_surface("ill-conditioned bowl", 0.05, 0.1, 0.7, steps=60)
    assert tuned["momentum"].losses[-1] < 1e-3 * bowl["gradient descent"].losses[-1]
    saddle = ex.compare_on_surface("saddle point", 0.03, 0.1, 0.9, steps=100)
    assert saddle["gradient descent"].losses[-1] > -0.01                # still near the saddle's level 0
    assert saddle["momentum"].losses[-1] < -0.24                         # in a minimum (-0.25)
    bumpy = ex.compare_on_surface("bumpy loss", 0.07, 0.1, 0.9, steps=150)
    ends = {k: r.path[0, -1] for k, r in bumpy.items()}
    assert ends["gradient descent"] == pytest.approx(ex.BUMPY_MINIMA["local"], abs=1e-3)
    assert ends["momentum"] == pytest.approx(ex.BUMPY_MINIMA["global"], abs=1e-2)


def test_surface_inputs_are_checked():
    with pytest.raises(ValueError, match="surface"):
        ex.descend("volcano")
    with pytest.raises(TypeError, match="momentum"):
        ex.descend("saddle point", "adam", momentum=0.9)
    with pytest.raises(ValueError, match="beta"):
        ex.compare_on_surface(beta=1.0)
    with pytest.raises(ValueError, match="labels"):
        ex.compare_on_surface(labels=("SGD",))


# ------------------------------------------------------------------ averages
def test_ewma_is_the_weighted_sum_and_the_correction_removes_the_start_at_zero():
    x = np.array([3.0, -1.0, 4.0, 1.0, 5.0])
    v, v_hat = ex.ewma(x, 0.6)
    for t in range(1, 6):
        weights = 0.4 * 0.6 ** np.arange(t - 1, -1, -1)               # (1 - beta) beta^(t - i)
        assert v[t - 1] == pytest.approx(weights @ x[:t], rel=1e-12)
        assert weights.sum() == pytest.approx(1 - 0.6 ** t, rel=1e-12)
    np.testing.assert_allclose(v_hat, v / (1 - 0.6 ** np.arange(1, 6)))
    _, flat = ex.ewma(np.full(50, 2.5), 0.98)
    np.testing.assert_allclose(flat, 2.5, rtol=1e-12)                 # corrected: right from step 1
    assert ex.ewma(x, 0.0)[0].tolist() == x.tolist()
    with pytest.raises(ValueError, match="beta"):
        ex.ewma(x, 1.0)


# ------------------------------------------------------------------ the noisy bowl
def test_the_noisy_bowl_without_noise_is_gradient_descent_on_the_round_bowl():
    rates = np.full(10, 0.3)
    losses = ex.noisy_bowl(rates, noise=0.0, runs=3)
    x0 = np.array(ex.NOISY_BOWL_START)
    want = [0.5 * x0 @ x0 * (1 - 0.3) ** (2 * t) for t in range(11)]     # theta_t = (1 - lr)^t theta_0
    np.testing.assert_allclose(losses, want, rtol=1e-12)


def test_the_noisy_bowl_settles_at_a_floor_that_grows_with_the_rate():
    """A constant rate lr leaves each coordinate a variance lr noise^2 / (2 - lr) (the
    stationary variance of x <- (1 - lr) x - lr noise xi), so the loss floor is
    lr noise^2 / (2 - lr): the chapter's reason for lowering the rate late in training."""
    for lr in (0.1, 0.5):
        floor = ex.noisy_bowl(np.full(400, lr), noise=1.0, runs=2000)[-100:].mean()
        assert floor == pytest.approx(lr / (2 - lr), rel=0.1)


def test_the_noisy_bowl_is_seeded_and_checks_its_rates():
    a = ex.noisy_bowl(np.full(5, 0.2), seed=3)
    np.testing.assert_array_equal(a, ex.noisy_bowl(np.full(5, 0.2), seed=3))
    assert not np.array_equal(a, ex.noisy_bowl(np.full(5, 0.2), seed=4))
    with pytest.raises(ValueError, match="rates"):
        ex.noisy_bowl([0.1, -0.1])


# ------------------------------------------------------------------ the rotated bowl
def test_the_rotated_bowl_is_the_bowl_turned_by_45_degrees():
    """Same curvatures (1 and 25), turned axes: f(R w) of the rotated bowl is the bowl's f(w)."""
    bowl, turned = ex.SURFACES["ill-conditioned bowl"], ex.SURFACES["rotated bowl"]
    c = np.sqrt(0.5)
    R = np.array([[c, -c], [c, c]])
    w = np.random.default_rng(3).normal(size=(2, 50))
    np.testing.assert_allclose(turned.f(*(R @ w)), bowl.f(*w), rtol=1e-12)
    np.testing.assert_allclose(turned.start, R @ np.array(bowl.start), rtol=1e-12)
    H = np.array([turned.grad(e) for e in np.eye(2)]).T                  # the Hessian, column by column
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [1.0, 25.0], rtol=1e-12)


def test_axis_free_methods_take_the_same_path_turned_and_adaptive_ones_do_not():
    """Gradient descent and momentum do not see the axes: on the rotated bowl their losses are the
    bowl's. RMSProp's per-weight scaling undoes the bowl's conditioning only along the axes."""
    c = np.sqrt(0.5)
    R = np.array([[c, -c], [c, c]])
    for name, settings in (("sgd", {}), ("momentum", {"momentum": 0.7})):
        a = ex.descend("ill-conditioned bowl", name, 0.05, 60, **settings)
        b = ex.descend("rotated bowl", name, 0.05, 60, **settings)
        np.testing.assert_allclose(b.path, R @ a.path, rtol=1e-9, atol=1e-12)
    along = ex.descend("ill-conditioned bowl", "rmsprop", 0.1, 60).losses[-1]
    turned = ex.descend("rotated bowl", "rmsprop", 0.1, 60).losses[-1]
    assert along < 1e-6 * turned


# ------------------------------------------------------------------ stability limits
def _iteration_radius(name, lr, curvature, mu):
    """The spectral radius of one step on f = curvature w^2 / 2, state (w, velocity), built by
    hand from the update rules."""
    h = lr * curvature
    if name == "sgd":
        return abs(1 - h)
    if name == "momentum":            # b' = mu b + c w;  w' = w - lr b'
        M = np.array([[1 - h, -lr * mu], [curvature, mu]])
    else:                             # b' = mu b + c w;  w' = w - lr (c w + mu b')
        M = np.array([[1 - h * (1 + mu), -lr * mu ** 2], [curvature, mu]])
    return max(abs(np.linalg.eigvals(M)))


@pytest.mark.parametrize("name, mu", [("sgd", 0.0), ("momentum", 0.9), ("momentum", 0.5), ("nesterov", 0.9),
                                      ("nesterov", 0.3)])
def test_the_stability_limit_is_where_the_step_stops_shrinking_the_error(name, mu):
    limit = ex.stability_limit(name, 25.0, mu)
    assert _iteration_radius(name, 0.99 * limit, 25.0, mu) < 1 < _iteration_radius(name, 1.01 * limit, 25.0, mu)
    settings = {} if name == "sgd" else {"momentum": mu}
    inside = ex.descend("ill-conditioned bowl", name, 0.97 * limit, 400, **settings)
    outside = ex.descend("ill-conditioned bowl", name, 1.03 * limit, 400, **settings)
    assert inside.diverged_step is None and inside.losses[-1] < 1e-3 * inside.losses[0]
    assert outside.diverged_step is not None


def test_the_chapters_stability_limits_on_the_bowl():
    assert ex.stability_limit("sgd", 25) == pytest.approx(0.08)
    assert ex.stability_limit("momentum", 25, 0.9) == pytest.approx(2 * 1.9 / 25)
    assert ex.stability_limit("nesterov", 25, 0.9) == pytest.approx(2 * 1.9 / 2.8 / 25)
    assert ex.stability_limit("nesterov", 25, 0.0) == ex.stability_limit("sgd", 25)
    for bad, error in ((dict(optimizer="adam"), ValueError), (dict(curvature=0.0), ValueError),
                       (dict(momentum=1.0), ValueError), (dict(momentum=-0.1), ValueError)):
        kwargs = {"optimizer": "momentum", "curvature": 25.0, "momentum": 0.9, **bad}
        with pytest.raises(error, match=next(iter(bad))):
            ex.stability_limit(**kwargs)
