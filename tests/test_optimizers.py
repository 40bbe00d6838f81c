"""Optimisers: 20 steps of MLP.fit against the published update rules written out
independently here, the settings and defaults of PyTorch, and bad input."""
import math

import numpy as np
import pytest

import coursekit as ck
from coursekit import optimizers

LR = 0.05
STEPS = 20


def _problem():
    rng = np.random.default_rng(11)
    X = rng.standard_normal((3, 12))
    Y = (rng.random((2, 12)) > 0.5).astype(float)
    return X, Y


def _net():
    return ck.MLP([3, 4, 2], "tanh", seed=4)


def _flat(pairs):
    return [a for pair in pairs for a in pair]


def _reference(update, steps=STEPS, l2=0.0, batch_size=None, seed=0, rates=None, clip=None):
    """``steps`` updates written out here: the network only gives the gradient (its public
    forward and backward); ``update(theta, g, lr, t, state)`` returns the new theta."""
    X, Y = _problem()
    net = _net()
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    per_epoch = 1 if batch_size is None else math.ceil(m / batch_size)
    states = [{} for _ in _flat(net.params)]
    for t in range(1, steps + 1):
        epoch, s = divmod(t - 1, per_epoch)
        if batch_size is not None and s == 0:
            order = rng.permutation(m)                 # fit's shuffle: one per epoch, seeded
        idx = slice(None) if batch_size is None else order[s * batch_size:(s + 1) * batch_size]
        net.forward(X[:, idx])
        grads = _flat(net.backward(Y[:, idx], l2=l2))
        if clip is not None:
            norm = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads))
            grads = [g * min(1.0, clip / norm) for g in grads]
        lr = LR if rates is None else rates[epoch]
        thetas = [update(p, g, lr, t, st) for p, g, st in zip(_flat(net.params), grads, states)]
        net.set_params(list(zip(thetas[0::2], thetas[1::2])))
    return net.params


def sgd(theta, g, lr, t, s):
    return theta - lr * g


def heavy_ball(mu):
    """Polyak's heavy ball as torch.optim.SGD(momentum=mu) writes it: buf = g at the first
    step, then buf = mu buf + g (dampening 0); theta -= lr buf."""
    def update(theta, g, lr, t, s):
        s["buf"] = g.copy() if t == 1 else mu * s["buf"] + g
        return theta - lr * s["buf"]
    return update


def nesterov(mu):
    """Sutskever et al. 2013 in PyTorch's form (nesterov=True): the step uses g + mu buf."""
    def update(theta, g, lr, t, s):
        s["buf"] = g.copy() if t == 1 else mu * s["buf"] + g
        return theta - lr * (g + mu * s["buf"])
    return update


def rmsprop(alpha, eps):
    """Hinton's lecture 6e: MeanSquare(w, t) = alpha MeanSquare(w, t-1) + (1 - alpha) g^2,
    and the gradient divided by its root; eps as torch.optim.RMSprop adds it."""
    def update(theta, g, lr, t, s):
        s["ms"] = alpha * s.get("ms", 0.0) + (1 - alpha) * np.square(g)
        return theta - lr * g / (np.sqrt(s["ms"]) + eps)
    return update


def adam(beta1, beta2, eps):
    """Kingma and Ba 2015, Algorithm 1, line by line."""
    def update(theta, g, lr, t, s):
        s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g          # biased first moment
        s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g ** 2     # biased second raw moment
        m_hat = s["m"] / (1 - beta1 ** t)                            # bias-corrected
        v_hat = s["v"] / (1 - beta2 ** t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return update


CASES = [  # (fit keywords, independent update)
    (dict(), sgd),
    (dict(optimizer="sgd"), sgd),
    (dict(optimizer="momentum"), heavy_ball(0.9)),
    (dict(optimizer="momentum", momentum=0.5), heavy_ball(0.5)),
    (dict(optimizer="sgd", momentum=0.8), heavy_ball(0.8)),
    (dict(optimizer="nesterov"), nesterov(0.9)),
    (dict(optimizer="sgd", momentum=0.7, nesterov=True), nesterov(0.7)),
    (dict(optimizer="rmsprop"), rmsprop(0.99, 1e-8)),
    (dict(optimizer="rmsprop", alpha=0.9, eps=1e-3), rmsprop(0.9, 1e-3)),
    (dict(optimizer="adam"), adam(0.9, 0.999, 1e-8)),
    (dict(optimizer="adam", betas=(0.8, 0.99), eps=1e-4), adam(0.8, 0.99, 1e-4)),
]


def _assert_same(params, expected):
    for (W, b), (W_ref, b_ref) in zip(params, expected):
        np.testing.assert_allclose(W, W_ref, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(b, b_ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kwargs,update", CASES, ids=[str(k) for k, _ in CASES])
def test_twenty_full_batch_steps_follow_the_published_rule(kwargs, update):
    X, Y = _problem()
    net = _net()
    start = net.copy_params()
    h = net.fit(X, Y, LR, STEPS, **kwargs)
    assert h.epochs_run == STEPS and not h.diverged
    _assert_same(net.params, _reference(update))
    # The steps really went somewhere, so the comparison compares something.
    assert max(np.abs(W - W0).max() for (W, _), (W0, _) in zip(net.params, start)) > 1e-3


@pytest.mark.parametrize("kwargs,update", [CASES[3], CASES[6], CASES[8], CASES[10]],
                         ids=["momentum", "nesterov", "rmsprop", "adam"])
def test_mini_batch_steps_count_every_update(kwargs, update):
    # 5 epochs of 3 batches (5, 5 and 2 samples): t counts updates, not epochs.
    X, Y = _problem()
    net = _net()
    h = net.fit(X, Y, LR, 5, batch_size=5, seed=3, **kwargs)
    assert h.updates_per_epoch == 3
    _assert_same(net.params, _reference(update, steps=15, batch_size=5, seed=3))


def test_the_l2_penalty_is_in_the_gradient_the_optimiser_sees():
    # Adam on C + (l2/2)||W||^2 (coupled, as torch.optim.Adam's weight_decay), not AdamW.
    X, Y = _problem()
    net = _net()
    net.fit(X, Y, LR, STEPS, optimizer="adam", l2=0.1)
    _assert_same(net.params, _reference(adam(0.9, 0.999, 1e-8), l2=0.1))


def test_clipping_shortens_the_gradient_before_the_optimiser_sees_it():
    X, Y = _problem()
    net = _net()
    net.fit(X, Y, LR, STEPS, optimizer="momentum", max_grad_norm=0.05)
    _assert_same(net.params, _reference(heavy_ball(0.9), clip=0.05))
    # Adam is invariant to a constant scale of the gradient, but not to clipping that
    # changes from step to step: the clipped run must differ from the unclipped one.
    a, b = _net(), _net()
    a.fit(X, Y, LR, STEPS, optimizer="adam", max_grad_norm=0.05)
    b.fit(X, Y, LR, STEPS, optimizer="adam")
    _assert_same(a.params, _reference(adam(0.9, 0.999, 1e-8), clip=0.05))
    assert not np.allclose(a.params[0][0], b.params[0][0])


def test_the_schedule_sets_each_epochs_rate():
    X, Y = _problem()
    net = _net()
    h = net.fit(X, Y, LR, STEPS, optimizer="momentum", schedule="step", step_size=6, gamma=0.5)
    rates = [LR * 0.5 ** (e // 6) for e in range(STEPS)]
    np.testing.assert_allclose(h.learning_rates, rates, rtol=1e-15)
    _assert_same(net.params, _reference(heavy_ball(0.9), rates=rates))


def test_history_names_the_optimiser_and_keeps_the_rates_of_the_epochs_run():
    X, Y = _problem()
    h = _net().fit(X, Y, LR, 7)
    assert h.optimizer == "sgd" and h.learning_rate == LR
    np.testing.assert_array_equal(h.learning_rates, np.full(7, LR))
    assert _net().fit(X, Y, LR, 3, optimizer="sgd", momentum=0.9, nesterov=True).optimizer == "nesterov"
    assert _net().fit(X, Y, LR, 0, optimizer="adam").learning_rates.shape == (0,)


@pytest.mark.parametrize("optimizer", optimizers.OPTIMIZERS)
def test_a_divergent_run_ends_with_diverged_not_an_exception(optimizer):
    X = np.linspace(-3, 3, 20)[None, :]
    Y = 4 * X + 1
    net = ck.MLP([1, 8, 1], "relu", "linear", "mse", seed=0)
    with pytest.warns(ck.DivergenceWarning) as caught:
        h = net.fit(X, Y, 1e200, 50, optimizer=optimizer)
    assert h.diverged and h.epochs_run == h.diverged_epoch - 1
    assert np.all(np.isfinite(h.loss)) and len(h.learning_rates) == h.epochs_run
    assert len(caught) == 1


def test_pytorch_defaults():
    assert optimizers.make("sgd").__class__ is optimizers.SGD
    assert optimizers.make("momentum").momentum == 0.9
    assert optimizers.make("nesterov").momentum == 0.9
    rms = optimizers.make("rmsprop")
    assert (rms.alpha, rms.eps) == (0.99, 1e-8)
    adam_ = optimizers.make("adam")
    assert (adam_.betas, adam_.eps) == ((0.9, 0.999), 1e-8)


def test_an_optimiser_keeps_its_state_between_steps():
    # Used on its own: two steps of the heavy ball on f(theta) = theta^2 / 2 (g = theta).
    theta = np.array([[1.0]])
    opt = optimizers.Momentum(momentum=0.5)
    for _ in range(2):
        opt.step([(theta, np.zeros((1, 1)))], [(theta.copy(), np.zeros((1, 1)))], lr=0.1)
    # b1 = 1, theta1 = 0.9; b2 = 0.5 + 0.9 = 1.4, theta2 = 0.9 - 0.14
    assert opt.t == 2 and theta[0, 0] == pytest.approx(0.76, rel=1e-15)


# ------------------------------------------------------------------ bad input
X2, Y1 = ck.data.make_xor(10)
BAD = [
    (dict(optimizer="adagrad"), ValueError, r"unknown optimizer 'adagrad'; valid names are \['sgd', 'momentum'"),
    (dict(optimizer=None), TypeError, r"optimizer must be one of"),
    (dict(optimizer="adam", betas=(0.9, 1.0)), ValueError, r"betas\[1\] must be in \[0, 1\); got 1\.0"),
    (dict(optimizer="adam", betas=(-0.1, 0.999)), ValueError, r"betas\[0\] must be at least 0\.0; got -0\.1"),
    (dict(optimizer="adam", betas=0.9), TypeError, r"betas must be a pair \(beta1, beta2\)"),
    (dict(optimizer="adam", eps=-1e-8), ValueError, r"eps must be at least 0\.0; got -1e-08"),
    (dict(optimizer="rmsprop", eps=-1.0), ValueError, r"eps must be at least 0\.0"),
    (dict(optimizer="rmsprop", alpha=1.0), ValueError, r"alpha must be in \[0, 1\); got 1\.0"),
    (dict(optimizer="momentum", momentum=-0.9), ValueError, r"momentum must be at least 0\.0; got -0\.9"),
    (dict(optimizer="sgd", momentum=-0.1), ValueError, r"momentum must be at least 0\.0"),
    (dict(optimizer="sgd", nesterov=True), ValueError, r"nesterov needs momentum > 0"),
    (dict(optimizer="nesterov", momentum=0), ValueError, r"nesterov needs momentum > 0"),
    (dict(optimizer="sgd", momentum=0.9, nesterov="yes"), TypeError, r"nesterov must be True or False"),
    (dict(optimizer="sgd", betas=(0.9, 0.99)), TypeError, r"optimizer='sgd' takes the settings momentum, nesterov; got betas"),
    (dict(optimizer="adam", momentum=0.9), TypeError, r"optimizer='adam' takes the settings betas, eps; got momentum=0\.9"),
    (dict(optimizer="adam", beta1=0.9), TypeError, r"unknown setting\(s\) \['beta1'\]"),
]


@pytest.mark.parametrize("kwargs,exc,match", BAD, ids=[str(k) for k, _, _ in BAD])
def test_bad_settings_are_refused_by_name(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, **kwargs)


def test_gradients_that_do_not_pair_with_the_parameters_are_refused():
    params = [(np.zeros((2, 3)), np.zeros((2, 1)))]
    with pytest.raises(ValueError, match=r"grads must be \[\(dW, db\), \.\.\.\] with the shapes of params"):
        optimizers.Adam().step(params, [(np.zeros((3, 2)), np.zeros((2, 1)))], lr=0.1)
    with pytest.raises(ValueError, match=r"grads must be"):
        optimizers.SGD().step(params, [(np.zeros((1, 3)), np.zeros((2, 1)))], lr=0.1)
