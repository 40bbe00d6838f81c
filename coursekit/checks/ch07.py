"""Checks for chapter 07, optimisers: the momentum update, Adam's step, a schedule on a budget.

The expected values come from coursekit's tested code: ``optimizers.Momentum`` and
``optimizers.Adam`` (PyTorch's rules, tested against the published algorithms), the
closed forms of ``schedules`` and ``experiments.noisy_bowl``.
"""
from __future__ import annotations

import numpy as np

from .. import optimizers as _optimizers
from .. import schedules as _schedules
from ..experiments import noisy_bowl as _noisy_bowl
from . import random_cases as _random
from ._core import Check, describe, is_close

__all__ = [
    "ADAM_SETTINGS", "BUDGET_STEPS", "MOMENTUM_SETTINGS", "TARGET_LOSS", "adam_step",
    "budget_loss", "budget_rates", "fresh_noise_hint", "momentum_update", "reference_adam",
    "reference_momentum", "schedule_within_budget", "update_cases", "v_cases",
]


def update_cases():
    """(description, theta, state arrays, g): seeded, none square, so a transpose shows."""
    rng = np.random.default_rng(707)
    return [
        ("a (3, 2) weight matrix", rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))),
        ("a (4, 1) bias", rng.normal(size=(4, 1)), rng.normal(size=(4, 1)), rng.normal(size=(4, 1))),
        ("a (1, 5) row of weights", rng.normal(size=(1, 5)), rng.normal(size=(1, 5)), rng.normal(size=(1, 5))),
    ]


def _pair(c, out, names, where, shape):
    """The learner's returned tuple, each entry an array of ``shape``."""
    if out is None:
        c.fail(f"the function returned None. Did it forget to `return {', '.join(names)}`?")
    if not isinstance(out, (tuple, list)) or len(out) != len(names):
        got = describe(out) if not isinstance(out, (tuple, list)) else f"{len(out)} values"
        c.fail(f"the function must return the {len(names)} arrays ({', '.join(names)}); got {got}.")
    return [c.array(v, f"{name}{where}", shape) for v, name in zip(out, names)]


# ------------------------------------------------------------ momentum
#: (lr, momentum) pairs; lr is never 1 - momentum, which would hide the averaged form.
MOMENTUM_SETTINGS = ((0.05, 0.9), (0.03, 0.5))

def reference_momentum(theta, velocity, g, lr, momentum):
    """One step of ``optimizers.Momentum`` from the given velocity: (theta_new, velocity_new)."""
    opt = _optimizers.Momentum(momentum)
    theta, velocity = theta.copy(), velocity.copy()
    opt.update(theta, g, lr, velocity)
    return theta, velocity


def momentum_update(fn, seed=None):
    """Check ``fn(theta, velocity, g, lr, momentum) -> (theta_new, velocity_new)``.

    One step of momentum in coursekit's (and PyTorch's) form: the velocity
    b = momentum b + g, then theta = theta - lr b. All arrays have the
    parameter's shape; ``lr`` and ``momentum`` are numbers.
    """
    c = Check("momentum_update")
    c.function(fn, "your function fn(theta, velocity, g, lr, momentum)")
    cases = [(label, theta, b, g, lr, mu) for label, theta, b, g in update_cases() for lr, mu in MOMENTUM_SETTINGS]
    for label, theta, b, g, lr, mu in cases + _random.momentum(seed):
        where = f" for {label}, lr = {lr:g}, momentum = {mu:g}"
        out = c.call(fn, theta, b, g, lr, mu, context=f"arrays of shape {theta.shape}")
        ref_theta, ref_b = reference_momentum(theta, b, g, lr, mu)
        if isinstance(out, (tuple, list)) and len(out) == 2 and all(isinstance(v, np.ndarray) for v in out):
            if is_close(out[0], ref_b) and is_close(out[1], ref_theta):
                c.fail("the two arrays are swapped: return (theta_new, velocity_new) in that order.")
        new_theta, new_b = _pair(c, out, ("theta_new", "velocity_new"), where, theta.shape)
        ema = mu * b + (1 - mu) * g
        lr_inside = mu * b + lr * g
        c.compare(new_b, ref_b, "velocity_new" + where, [
            ("that is the averaged form, mu b + (1 - mu) g. Here the velocity adds the whole gradient: "
             "b = mu b + g.", ema),
            ("the learning rate belongs in the step, not in the velocity: b = mu b + g, then "
             "theta - lr b.", lr_inside),
            ("the velocity ignores its past: that is the gradient alone, plain gradient descent.", g),
            ("momentum multiplies the gradient instead of the old velocity: b = mu b + g.", b + mu * g),
            ("the velocity was not updated: it still holds the previous step's value.", b),
            ("the gradient enters with the wrong sign: b = mu b + g (the minus sign is in the step).",
             mu * b - g),
        ], otherwise="b = mu b + g: the old velocity, shrunk by the momentum, plus this step's gradient.")
        c.compare(new_theta, ref_theta, "theta_new" + where, [
            ("the step goes uphill: theta_new = theta - lr b.", theta + lr * ref_b),
            ("the step uses the old velocity; update the velocity first, then step with the new one.",
             theta - lr * b),
            ("that is a step along the gradient alone, without the velocity.", theta - lr * g),
            ("the learning rate is missing from the step: theta_new = theta - lr b.", theta - ref_b),
            ("that is Nesterov's step, theta - lr (g + mu b). This exercise asks for plain momentum.",
             theta - lr * (g + mu * ref_b)),
        ], otherwise="theta_new = theta - lr b, with the new velocity b.")
    c.passed()


# ------------------------------------------------------------ Adam
ADAM_SETTINGS = ((1, 0.001, (0.9, 0.999)), (3, 0.01, (0.9, 0.999)), (10, 0.1, (0.8, 0.99)))


def reference_adam(theta, m, v, g, t, lr, betas, eps):
    """Step ``t`` of ``optimizers.Adam`` from moments ``m``, ``v``: (theta_new, m_new, v_new)."""
    opt = _optimizers.Adam(betas, eps)
    opt.t = t
    theta, m, v = theta.copy(), m.copy(), v.copy()
    opt.update(theta, g, lr, m, v)
    return theta, m, v


def _adam_variant(theta, m, v, g, t, lr, betas, eps, *, c1=None, c2=None, sq=True, old_m=False):
    """Adam's step with one known mistake, for the hints."""
    b1, b2 = betas
    m1 = b1 * m + (1 - b1) * g
    v1 = b2 * v + (1 - b2) * g * g
    c1 = 1 - b1 ** t if c1 is None else c1
    c2 = 1 - b2 ** t if c2 is None else c2
    m_hat, v_hat = (m if old_m else m1) / c1, v1 / c2
    denom = (np.sqrt(v_hat) if sq else v_hat) + eps
    with np.errstate(all="ignore"):
        return theta - lr * m_hat / denom, m1, v1


def v_cases():
    """The Adam cases: m and v as earlier steps leave them (v, an average of squares, is positive).
    In the last, the gradients are of order 1e-8, so eps is as large as sqrt(v_hat) and matters."""
    cases = []
    for label, theta, m, g in update_cases():
        v = m ** 2 + 0.5 * g ** 2
        cases.append((label, theta, 0.1 * m, v, g))
    label, theta, m, v, g = cases[0]
    cases.append((f"{label} with gradients near 1e-8, where eps matters", theta, 1e-8 * m, 1e-16 * v, 1e-8 * g))
    return cases


def adam_step(fn, seed=None):
    """Check ``fn(theta, m, v, g, t, lr, betas, eps) -> (theta_new, m_new, v_new)``.

    Step number ``t`` (counted from 1) of Adam, from the moments ``m`` and ``v`` of
    the steps before: both moments updated with this gradient, both corrected for
    starting at zero, then the step. ``betas`` is the pair (beta1, beta2).
    """
    c = Check("adam_step")
    c.function(fn, "your function fn(theta, m, v, g, t, lr, betas, eps)")
    cases = [(label, theta, m, v, g, *setting) for label, theta, m, v, g in v_cases() for setting in ADAM_SETTINGS]
    for label, theta, m, v, g, t, lr, betas in cases + _random.adam(seed):
        eps = 1e-8
        where = f" for {label} at step t = {t}"
        out = c.call(fn, theta, m, v, g, t, lr, betas, eps, context=f"arrays of shape {theta.shape}, t = {t}")
        new_theta, new_m, new_v = _pair(c, out, ("theta_new", "m_new", "v_new"), where, theta.shape)
        ref_theta, ref_m, ref_v = reference_adam(theta, m, v, g, t, lr, betas, eps)
        b1, b2 = betas
        c.compare(new_m, ref_m, "m_new" + where, [
            ("beta1 and beta2 are swapped: the first moment uses beta1.", b2 * m + (1 - b2) * g),
            ("the new gradient's weight is 1 - beta1: m = beta1 m + (1 - beta1) g.", b1 * m + g),
            ("that is the bias-corrected m; return the moment itself and correct a copy.",
             ref_m / (1 - b1 ** t)),
            ("the first moment averages g, not its square.", b1 * m + (1 - b1) * g * g),
        ], otherwise="m = beta1 m + (1 - beta1) g.")
        c.compare(new_v, ref_v, "v_new" + where, [
            ("the second moment averages the squared gradient g * g, not g.", b2 * v + (1 - b2) * g),
            ("beta1 and beta2 are swapped: the second moment uses beta2.", b1 * v + (1 - b1) * g * g),
            ("that is the bias-corrected v; return the moment itself and correct a copy.",
             ref_v / (1 - b2 ** t)),
        ], otherwise="v = beta2 v + (1 - beta2) g^2, entry by entry.")
        args = (theta, m, v, g, t, lr, betas, eps)
        c.compare(new_theta, ref_theta, "theta_new" + where, [
            ("there is no bias correction: divide m by 1 - beta1^t and v by 1 - beta2^t.",
             _adam_variant(*args, c1=1.0, c2=1.0)[0]),
            ("only m is corrected: v needs its own correction, 1 - beta2^t.",
             _adam_variant(*args, c2=1.0)[0]),
            ("only v is corrected: m needs its own correction, 1 - beta1^t.",
             _adam_variant(*args, c1=1.0)[0]),
            ("the correction uses the wrong power of beta: t counts this step, so 1 - beta^t.",
             _adam_variant(*args, c1=1 - b1 ** (t - 1), c2=1 - b2 ** (t - 1))[0] if t > 1 else None),
            ("the correction uses the wrong power of beta: t counts this step, so 1 - beta^t.",
             _adam_variant(*args, c1=1 - b1 ** (t + 1), c2=1 - b2 ** (t + 1))[0]),
            ("the step divides by v_hat itself; it divides by its square root, sqrt(v_hat) + eps.",
             _adam_variant(*args, sq=False)[0]),
            ("the step uses the old m; update both moments first, then step.",
             _adam_variant(*args, old_m=True)[0]),
            ("the step goes uphill: theta_new = theta - lr m_hat / (sqrt(v_hat) + eps).",
             2 * theta - ref_theta),
            ("eps is missing from the step: divide by sqrt(v_hat) + eps.", _adam_variant(*args[:-1], 0.0)[0]),
        ], otherwise="theta_new = theta - lr m_hat / (sqrt(v_hat) + eps), with the corrected moments.")
    c.passed()


# ------------------------------------------------------------ a schedule on a budget
#: The exercise's task: descent on the noisy bowl, this many steps, this mean loss to reach.
BUDGET_STEPS = 50
TARGET_LOSS = 0.04


def budget_rates(answer: dict) -> np.ndarray:
    """The ``(BUDGET_STEPS,)`` rates of the schedule that ``answer`` describes."""
    settings = {k: v for k, v in answer.items() if k not in ("schedule", "learning_rate")}
    return _schedules.learning_rates(answer["schedule"], answer["learning_rate"], BUDGET_STEPS, **settings)


def budget_loss(answer: dict) -> float:
    """The mean loss on the noisy bowl after ``BUDGET_STEPS`` steps at the rates of ``answer``."""
    return float(_noisy_bowl(budget_rates(answer))[-1])


def fresh_noise_hint(rates, seed) -> str:
    """Why the schedule fails on fresh draws of the bowl's noise (``_random.bowl_noise(seed)``), or "".

    A schedule is refused only when its mean loss over the fresh draws lies more than three
    standard errors above the target: then its pass on the notebook's draw was luck, whereas a
    schedule that truly reaches the target (on average) is never refused for a noisy draw.
    """
    losses = np.array([_noisy_bowl(rates, seed=s)[-1] for s in _random.bowl_noise(seed)])
    if losses.size == 0 or losses.mean() - 3 * losses.std(ddof=1) / np.sqrt(losses.size) <= TARGET_LOSS:
        return ""
    return (f"on fresh noise (another {losses.size} x 400 runs) the mean loss after {BUDGET_STEPS} steps is "
            f"{losses.mean():.3f}, above the target {TARGET_LOSS}: the schedule passes on the notebook's draw "
            "of the noise only by luck.")


def schedule_within_budget(answer, seed=None):
    """Check ``answer``, a dict of a schedule: ``{"schedule": name, "learning_rate": lr, ...}``
    with the schedule's own settings (as ``schedules.learning_rates`` takes them).

    With those rates, one per step, ``BUDGET_STEPS`` steps of gradient descent on
    ``experiments.noisy_bowl`` (400 runs, seed 0) must end at a mean loss of at most
    ``TARGET_LOSS``.
    """
    c = Check("schedule_within_budget")
    if answer is None:
        c.fail("answer is None. Assign the dict in the exercise cell, for example "
               "{\"schedule\": \"step\", \"learning_rate\": 0.1, \"step_size\": 10, \"gamma\": 0.5}.")
    if not isinstance(answer, dict):
        c.fail(f"answer must be a dict such as {{\"schedule\": \"step\", \"learning_rate\": 0.1, ...}}; "
               f"got {describe(answer)}.")
    for key in ("schedule", "learning_rate"):
        if key not in answer:
            c.fail(f"answer has no {key!r}: it needs the schedule's name and its starting learning rate.")
    for key in ("epochs", "steps"):
        if key in answer:
            c.fail(f"leave out {key!r}: the budget is fixed at {BUDGET_STEPS} steps.")
    if answer["schedule"] not in _schedules.SCHEDULES:
        c.fail(f"there is no schedule {answer['schedule']!r}; choose one of {', '.join(_schedules.SCHEDULES)}.")
    try:
        rates = budget_rates(answer)
    except (TypeError, ValueError) as err:
        c.fail(f"these settings are not a schedule coursekit can run: {err}")
    loss = float(_noisy_bowl(rates)[-1])
    if not np.isfinite(loss) or rates.max() >= 2.0:
        c.fail("the descent blows up: on this bowl (curvature 1) any rate of 2 or more overshoots "
               "further every step.")
    if loss > TARGET_LOSS:
        if answer["schedule"] == "constant" or np.ptp(rates) == 0:
            c.fail(f"a constant rate ends at a mean loss of {loss:.3f}, above the target {TARGET_LOSS}. "
                   "Section 6.1 says why no constant rate gets there within the budget.")
        if rates[-1] >= rates[0]:
            c.fail(f"the rate never falls (mean loss {loss:.3f}, target {TARGET_LOSS}): the noise "
                   "floor is set by the rate at the end.")
        if rates[-1] > 0.3 * rates[0] and rates[-1] > 0.05:
            c.fail(f"the rate ends too high (mean loss {loss:.3f}, target {TARGET_LOSS}): the last "
                   "steps decide the noise floor.")
        c.fail(f"the mean loss after {BUDGET_STEPS} steps is {loss:.3f}, above the target {TARGET_LOSS}. "
               "Large steps early cover the distance; small steps late settle below the noise. Plot the "
               "loss of your schedule to see which of the two it lacks.")
    if hint := fresh_noise_hint(rates, seed):
        c.fail(hint)
    c.passed()
