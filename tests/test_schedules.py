"""Learning-rate schedules against their closed-form formulas, PyTorch's documented
examples, what MLP.fit records, and bad input."""
import math

import numpy as np
import pytest

import coursekit as ck
from coursekit import schedules

LR, EPOCHS = 0.05, 100


def _closed_form(schedule, lr, epochs, **s):
    """The formula of each torch.optim.lr_scheduler class, one epoch at a time, in plain Python."""
    if schedule == "constant":
        return [lr] * epochs
    if schedule == "step":
        return [lr * s.get("gamma", 0.1) ** math.floor(e / s["step_size"]) for e in range(epochs)]
    if schedule == "exponential":
        return [lr * s["gamma"] ** e for e in range(epochs)]
    if schedule == "cosine":
        T, low = s.get("T_max", epochs), s.get("eta_min", 0.0)
        return [low + 0.5 * (lr - low) * (1 + math.cos(math.pi * e / T)) for e in range(epochs)]
    f, n = s.get("start_factor", 1 / 3), s.get("total_iters", 5)
    return [lr * (f + (1.0 - f) * min(n, e) / n) for e in range(epochs)]


CASES = [
    ("constant", {}),
    ("step", dict(step_size=30)),
    ("step", dict(step_size=7, gamma=0.5)),
    ("exponential", dict(gamma=0.95)),
    ("cosine", {}),
    ("cosine", dict(T_max=40, eta_min=0.001)),   # past T_max the cosine climbs again, as in PyTorch
    ("warmup", {}),
    ("warmup", dict(start_factor=0.1, total_iters=20)),
]


@pytest.mark.parametrize("schedule,settings", CASES, ids=[f"{n}{s}" for n, s in CASES])
def test_rates_follow_the_closed_form(schedule, settings):
    rates = schedules.learning_rates(schedule, LR, EPOCHS, **settings)
    assert rates.shape == (EPOCHS,)
    np.testing.assert_allclose(rates, _closed_form(schedule, LR, EPOCHS, **settings), rtol=1e-12, atol=0)


def test_the_examples_of_the_pytorch_documentation():
    # StepLR(step_size=30, gamma=0.1) from lr 0.05: 0.05 below epoch 30, 0.005 below 60, 0.0005 below 90.
    rates = schedules.step(0.05, 90, step_size=30)
    np.testing.assert_allclose(rates[[0, 29, 30, 59, 60, 89]], [0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005])
    # LinearLR(start_factor=0.5, total_iters=4) from lr 0.05: 0.025, 0.03125, 0.0375, 0.04375, then 0.05.
    np.testing.assert_allclose(schedules.warmup(0.05, 6, start_factor=0.5, total_iters=4),
                               [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05])


def test_cosine_runs_from_the_rate_down_to_eta_min():
    rates = schedules.cosine(1.0, 11, T_max=10, eta_min=0.2)
    assert rates[0] == 1.0 and rates[10] == pytest.approx(0.2, abs=1e-15)
    assert rates[5] == pytest.approx(0.6, rel=1e-15)                 # halfway: the mean
    assert np.all(np.diff(rates) < 0)
    # By default T_max is the number of epochs: the last epoch is just above eta_min.
    default = schedules.cosine(1.0, 10)
    assert default[0] == 1.0 and 0 < default[-1] < 0.03


def test_zero_epochs_give_no_rates():
    for schedule, settings in CASES:
        assert schedules.learning_rates(schedule, LR, 0, **settings).shape == (0,)


@pytest.mark.parametrize("schedule,settings", CASES[1::2], ids=[n for n, _ in CASES[1::2]])
def test_fit_records_the_rate_of_every_epoch(schedule, settings):
    X, Y = ck.data.make_moons(40, seed=0)
    h = ck.MLP([2, 4, 1]).fit(X, Y, LR, 25, schedule=schedule, **settings)
    np.testing.assert_allclose(h.learning_rates, _closed_form(schedule, LR, 25, **settings), rtol=1e-12)
    assert h.learning_rate == LR


BAD = [
    (dict(schedule="linear"), ValueError, r"unknown schedule 'linear'; valid names are \['constant', 'step'"),
    (dict(schedule="step"), TypeError, r"schedule='step' needs step_size, for example step_size=30"),
    (dict(schedule="step", step_size=0), ValueError, r"step_size must be at least 1; got 0"),
    (dict(schedule="step", step_size=-3), ValueError, r"step_size must be at least 1; got -3"),
    (dict(schedule="step", step_size=2.5), TypeError, r"step_size must be an integer; got 2\.5"),
    (dict(schedule="step", step_size=10, gamma=0), ValueError, r"gamma must be greater than 0\.0; got 0"),
    (dict(schedule="exponential"), TypeError, r"schedule='exponential' needs gamma"),
    (dict(schedule="exponential", gamma=-0.9), ValueError, r"gamma must be greater than 0\.0"),
    (dict(schedule="cosine", T_max=0), ValueError, r"T_max must be at least 1; got 0"),
    (dict(schedule="cosine", eta_min=-0.1), ValueError, r"eta_min must be at least 0\.0"),
    (dict(schedule="warmup", total_iters=0), ValueError, r"total_iters must be at least 1; got 0"),
    (dict(schedule="warmup", start_factor=0), ValueError, r"start_factor must be greater than 0\.0"),
    (dict(schedule="warmup", start_factor=1.5), ValueError, r"start_factor must be at most 1\.0; got 1\.5"),
    (dict(schedule="constant", gamma=0.5), TypeError, r"schedule='constant' takes no settings; got gamma=0\.5"),
    (dict(schedule="cosine", step_size=10), TypeError, r"schedule='cosine' takes T_max, eta_min; got step_size=10"),
]


@pytest.mark.parametrize("kwargs,exc,match", BAD, ids=[str(k) for k, _, _ in BAD])
def test_bad_schedules_are_refused_by_name(kwargs, exc, match):
    X, Y = ck.data.make_xor(10)
    with pytest.raises(exc, match=match):
        ck.MLP([2, 1]).fit(X, Y, 0.1, 5, **kwargs)
