"""Chapter 04's additions to coursekit: what backprop costs, checking a hand-written backward
pass, and escaping a local minimum; computed, drawn and explored.

``experiments.backprop_cost`` (multiply-adds of forward, backward and centred
differences), ``experiments.check_backward`` (gradient check of any
``backward(params, X, Y)``), ``experiments.bumpy_loss`` and
``experiments.escape_local_minimum`` (plain, noisy and annealed descent in
1-D), their figures ``plots.pass_costs``, ``plots.layer_costs``,
``plots.descent_1d`` and ``plots.positions_over_steps``, and the explorers
``widgets.backprop_cost_explorer`` (depth) and
``widgets.local_minimum_explorer`` (learning rate, noise), driven headless
through every control position.

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""

import itertools

import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ backprop_cost
def _count_by_loops(sizes, m):
    """Multiply-adds counted one scalar operation at a time, the slow way."""
    forward = backward = 0
    for l in range(1, len(sizes)):
        n, p = sizes[l], sizes[l - 1]
        for _sample, _j, _k in itertools.product(range(m), range(n), range(p)):
            forward += 1                     # w_jk * a_k in z_j
            backward += 1                    # delta_j * a_k in dW_jk
            if l > 1:
                backward += 1                # w_jk * delta_j in ((W^l)^T delta^l)_k
    return forward, backward


@pytest.mark.parametrize("depth, width, n_in, n_out, m", [(0, 5, 2, 1, 1), (1, 3, 2, 1, 1), (3, 4, 3, 2, 5),
                                                          (2, 1, 1, 1, 2)])
def test_counts_agree_with_counting_one_operation_at_a_time(depth, width, n_in, n_out, m):
    cost = ex.backprop_cost(depth, width, n_in, n_out, m)
    assert cost.layer_sizes == [n_in] + [width] * depth + [n_out]
    assert (cost.forward, cost.backward) == _count_by_loops(cost.layer_sizes, m)
    assert cost.n_params == ck.MLP(cost.layer_sizes).n_params
    assert cost.finite_differences == 2 * cost.n_params * cost.forward


def test_backward_is_about_twice_forward_and_both_grow_linearly_with_depth():
    costs = [ex.backprop_cost(d, 16) for d in range(0, 21)]
    assert costs[0].backward == costs[0].forward                    # logistic regression: no BP2
    ratios = [c.backward / c.forward for c in costs[1:]]
    assert all(1 < r < 2 for r in ratios) and np.all(np.diff(ratios) > 0)
    steps = np.diff([c.backward for c in costs[2:]])
    assert np.all(steps == steps[0]) and steps[0] == 2 * 16 * 16     # one more layer: two 16x16 products
    # centred differences grow with the square of the depth
    fd = np.array([c.finite_differences for c in costs[2:]], dtype=float)
    assert np.all(np.diff(fd, 2) > 0)
    assert costs[10].finite_differences / costs[10].forward == 2 * costs[10].n_params


def test_cost_status_line_and_per_sample_counts():
    one, many = ex.backprop_cost(3, 16), ex.backprop_cost(3, 16, m=10)
    assert many.forward == 10 * one.forward and many.backward == 10 * one.backward
    assert many.status == one.status                                 # the status is per sample
    assert "609 parameters" in one.status and "forward 560" in one.status and "backward 1,088" in one.status


@pytest.mark.parametrize("kwargs, error", [
    (dict(depth=-1), ValueError), (dict(depth=1.5), TypeError), (dict(width=0), ValueError),
    (dict(n_in=0), ValueError), (dict(m=0), ValueError), (dict(n_out="1"), TypeError),
])
def test_backprop_cost_refuses_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.backprop_cost(**kwargs)


# ------------------------------------------------------------------ check_backward
def _mlp_backward(net):
    """A backward(params, X, Y) that is right: coursekit's own, on a copy of the network."""
    def fn(params, X, Y):
        twin = ck.MLP(net.layer_sizes, hidden_activation=net.hidden_activation,
                      output_activation=net.output_activation, loss=net.loss)
        twin.set_params(params)
        twin.forward(X)
        return twin.backward(Y)
    return fn


@pytest.mark.parametrize("sizes, hidden, output, loss", [([2, 3, 1], "sigmoid", "sigmoid", "bce"),
                                                         ([3, 4, 2, 1], "tanh", "linear", "mse")])
def test_a_correct_backward_passes_and_agrees_with_gradient_check(sizes, hidden, output, loss):
    net = ck.MLP(sizes, hidden_activation=hidden, output_activation=output, loss=loss, seed=1)
    X, Y = ck.data.make_moons(9, seed=1)
    X = np.vstack([X] * 2)[:sizes[0]]
    before = net.copy_params()
    result = ex.check_backward(_mlp_backward(net), net, X, Y)
    assert result["error"] < 1e-7
    assert len(result["layers"]) == net.L and all(e < 1e-6 for pair in result["layers"] for e in pair)
    assert result["error"] == pytest.approx(ck.gradient_check(net, X, Y)["error"], abs=1e-7)
    assert all(np.array_equal(W, W0) and np.array_equal(b, b0) for (W, b), (W0, b0) in zip(net.params, before))


def test_planted_bugs_are_flagged_in_their_layer():
    net = ck.MLP([3, 3, 1], seed=2)
    X, Y = np.random.default_rng(2).normal(size=(3, 8)), np.array([[1, 0, 1, 1, 0, 0, 1, 0.0]])
    right = _mlp_backward(net)

    def transposed(params, X, Y):
        (dW1, db1), second = right(params, X, Y)
        return [(dW1.T, db1), second]

    def no_mean(params, X, Y):
        return [(dW * X.shape[1], db * X.shape[1]) for dW, db in right(params, X, Y)]

    t = ex.check_backward(transposed, net, X, Y)
    assert t["error"] > 1e-3 and t["layers"][0][0] > 1e-2 and max(t["layers"][1]) < 1e-7
    n = ex.check_backward(no_mean, net, X, Y)
    assert n["error"] > 0.5 and all(e > 0.5 for pair in n["layers"] for e in pair)


def test_the_hand_written_function_gets_copies():
    net = ck.MLP([2, 2, 1], seed=0)
    X, Y = ck.data.logic_gate("xor")
    before = net.copy_params()

    def vandal(params, X_in, Y_in):
        grads = _mlp_backward(net)(params, X_in, Y_in)
        params[0][0][:] = 99.0
        X_in[:] = 0.0
        return grads
    assert ex.check_backward(vandal, net, X, Y)["error"] < 1e-7
    assert all(np.array_equal(W, W0) for (W, _), (W0, _) in zip(net.params, before))
    assert np.array_equal(X, ck.data.logic_gate("xor")[0])


@pytest.mark.parametrize("returns, error, match", [
    (lambda P, X, Y: None, ValueError, "list of 2 pairs"),
    (lambda P, X, Y: [(np.zeros((2, 2)), np.zeros((2, 1)))], ValueError, "list of 2 pairs"),
    (lambda P, X, Y: [(np.zeros((2, 2)), np.zeros((2, 1))), np.zeros((1, 2))], ValueError, "pair"),
    (lambda P, X, Y: [(np.zeros((2, 2)), np.zeros((2, 1))), (np.zeros((2, 1)), np.zeros((1, 1)))],
     ValueError, "dW2"),
    (lambda P, X, Y: [(np.zeros((2, 2)), np.zeros((2,))), (np.zeros((1, 2)), np.zeros((1, 1)))],
     ValueError, "db1"),
])
def test_check_backward_names_a_malformed_result(returns, error, match):
    X, Y = ck.data.logic_gate("xor")
    with pytest.raises(error, match=match):
        ex.check_backward(returns, ck.MLP([2, 2, 1]), X, Y)


def test_check_backward_refuses_bad_arguments():
    X, Y = ck.data.logic_gate("xor")
    net = ck.MLP([2, 2, 1])
    with pytest.raises(TypeError, match="backward_fn"):
        ex.check_backward(None, net, X, Y)
    with pytest.raises(TypeError, match="coursekit.MLP"):
        ex.check_backward(_mlp_backward(net), [(np.eye(2), np.zeros((2, 1)))], X, Y)
    with pytest.raises(ValueError, match="X.T"):
        ex.check_backward(_mlp_backward(net), net, X.T, Y)


# ------------------------------------------------------------------ the bumpy loss
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


# ------------------------------------------------------------------ escape_local_minimum
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
