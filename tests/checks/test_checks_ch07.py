"""Chapter 07's exercise checks, both ways (the model is tests/test_checks_ch04.py).

For each check: the reference answer passes and prints exactly one line; other correct ways
of writing it pass too; and a table of known-wrong answers raises AssertionError whose hint
names the mistake and shows none of the reference's numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import checks
from coursekit import experiments as ex
from coursekit import optimizers, schedules
from coursekit.checks import ch07


# ------------------------------------------------------------------ answers
def ref_momentum(theta, velocity, g, lr, momentum):
    velocity = momentum * velocity + g
    return theta - lr * velocity, velocity


def momentum_with(b_of=None, step_of=None):
    """The momentum step with one part changed, for the table of wrong answers."""
    def fn(theta, b, g, lr, mu):
        new_b = mu * b + g if b_of is None else b_of(b, g, lr, mu)
        new_theta = theta - lr * new_b if step_of is None else step_of(theta, b, new_b, g, lr, mu)
        return new_theta, new_b
    return fn


def ref_adam(theta, m, v, g, t, lr, betas, eps):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_with(**change):
    """Adam with one known mistake: c1/c2 replace the corrections (functions of b1, b2, t)."""
    def fn(theta, m, v, g, t, lr, betas, eps):
        b1, b2 = betas
        if change.get("swap"):
            b1, b2 = b2, b1
        m1 = b1 * m + (1 - b1) * g
        v1 = b2 * v + (1 - b2) * (g if change.get("v_of_g") else g ** 2)
        c1 = change.get("c1", lambda b, t: 1 - b ** t)(b1, t)
        c2 = change.get("c2", lambda b, t: 1 - b ** t)(b2, t)
        m_hat = (m if change.get("old_m") else m1) / c1
        v_hat = v1 / c2
        root = v_hat if change.get("no_sqrt") else np.sqrt(v_hat)
        new = theta + (1 if change.get("uphill") else -1) * lr * m_hat / (root + change.get("eps", eps))
        if change.get("return_hats"):
            return new, m_hat, v_hat
        return new, m1, v1
    return fn


def adam_in_place(theta, m, v, g, t, lr, betas, eps):
    """Changes the arrays it was given, as coursekit's optimisers do, and returns them."""
    b1, b2 = betas
    m *= b1
    m += (1 - b1) * g
    v *= b2
    v += (1 - b2) * g * g
    theta -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return theta, m, v


def adam_by_coursekit(theta, m, v, g, t, lr, betas, eps):
    opt = optimizers.Adam(betas, eps)
    opt.t = t
    opt.update(theta, g, lr, m, v)
    return theta, m, v


REFERENCE_SCHEDULE = {"schedule": "exponential", "learning_rate": 0.3, "gamma": 0.93}

REFERENCES = {
    "momentum_update": (ref_momentum,),
    "adam_step": (ref_adam,),
    "schedule_within_budget": (REFERENCE_SCHEDULE,),
}


def torch_style_momentum(theta, b, g, lr, mu):
    """coursekit's own class, stepped in place on copies."""
    opt = optimizers.Momentum(mu)
    theta, b = theta.copy(), b.copy()
    opt.update(theta, g, lr, b)
    return theta, b


ALSO_CORRECT = [
    ("momentum_update", "coursekit's Momentum class", (torch_style_momentum,)),
    ("momentum_update", "a list of two arrays", (lambda *a: list(ref_momentum(*a)),)),
    ("momentum_update", "float32", (lambda *a: tuple(x.astype(np.float32) for x in ref_momentum(*a)),)),
    ("adam_step", "in place, then returned", (adam_in_place,)),
    ("adam_step", "corrections written separately", (adam_with(),)),
    ("adam_step", "coursekit's Adam class", (adam_by_coursekit,)),
    ("schedule_within_budget", "cosine from 0.2", ({"schedule": "cosine", "learning_rate": 0.2},)),
    ("schedule_within_budget", "step 0.5, every 10, halved", (
        {"schedule": "step", "learning_rate": 0.5, "step_size": 10, "gamma": 0.5},)),
    ("schedule_within_budget", "cosine to a floor", ({"schedule": "cosine", "learning_rate": 0.2, "eta_min": 0.02},)),
]

WRONG = [
    # momentum_update(fn)
    ("momentum_update", "None", (None,), "got None"),
    ("momentum_update", "not a function", (0.9,), "expected your function"),
    ("momentum_update", "forgot return", (lambda *a: None,), "forget to `return"),
    ("momentum_update", "one array", (lambda *a: ref_momentum(*a)[0],), "must return the 2 arrays"),
    ("momentum_update", "swapped", (lambda *a: ref_momentum(*a)[::-1],), "swapped"),
    ("momentum_update", "averaged velocity", (momentum_with(b_of=lambda b, g, lr, mu: mu * b + (1 - mu) * g),),
     "averaged form"),
    ("momentum_update", "lr in the velocity", (momentum_with(b_of=lambda b, g, lr, mu: mu * b + lr * g),),
     "belongs in the step"),
    ("momentum_update", "plain gradient descent", (momentum_with(b_of=lambda b, g, lr, mu: g),), "plain gradient"),
    ("momentum_update", "momentum on the gradient", (momentum_with(b_of=lambda b, g, lr, mu: b + mu * g),),
     "multiplies the gradient"),
    ("momentum_update", "velocity not updated", (momentum_with(b_of=lambda b, g, lr, mu: b),), "not updated"),
    ("momentum_update", "uphill", (momentum_with(step_of=lambda th, b, nb, g, lr, mu: th + lr * nb),), "uphill"),
    ("momentum_update", "old velocity in the step", (momentum_with(step_of=lambda th, b, nb, g, lr, mu: th - lr * b),),
     "old velocity"),
    ("momentum_update", "no learning rate", (momentum_with(step_of=lambda th, b, nb, g, lr, mu: th - nb),),
     "learning rate is missing"),
    ("momentum_update", "Nesterov", (momentum_with(step_of=lambda th, b, nb, g, lr, mu: th - lr * (g + mu * nb)),),
     "Nesterov"),
    ("momentum_update", "transposed", (lambda *a: tuple(x.T for x in ref_momentum(*a)),), "transpose"),
    ("momentum_update", "lists", (lambda *a: tuple(x.tolist() for x in ref_momentum(*a)),), "numpy array"),
    ("momentum_update", "raises", (lambda th, b, g, lr, mu: th @ b,), "your function raised"),
    ("momentum_update", "unknown slip", (momentum_with(step_of=lambda th, b, nb, g, lr, mu: th - 0.9 * lr * nb),),
     "theta - lr b"),
    # adam_step(fn)
    ("adam_step", "None", (None,), "got None"),
    ("adam_step", "forgot return", (lambda *a: None,), "forget to `return"),
    ("adam_step", "only theta", (lambda *a: ref_adam(*a)[0],), "must return the 3 arrays"),
    ("adam_step", "no bias correction", (adam_with(c1=lambda b, t: 1.0, c2=lambda b, t: 1.0),), "no bias correction"),
    ("adam_step", "m corrected only", (adam_with(c2=lambda b, t: 1.0),), "only m is corrected"),
    ("adam_step", "v corrected only", (adam_with(c1=lambda b, t: 1.0),), "only v is corrected"),
    ("adam_step", "t - 1", (adam_with(c1=lambda b, t: 1 - b ** (t - 1) if t > 1 else 1 - b,
                                       c2=lambda b, t: 1 - b ** (t - 1) if t > 1 else 1 - b),), "wrong power"),
    ("adam_step", "t + 1", (adam_with(c1=lambda b, t: 1 - b ** (t + 1), c2=lambda b, t: 1 - b ** (t + 1)),),
     "wrong power"),
    ("adam_step", "no square root", (adam_with(no_sqrt=True),), "square root"),
    ("adam_step", "old m in the step", (adam_with(old_m=True),), "old m"),
    ("adam_step", "v of g", (adam_with(v_of_g=True),), "squared gradient"),
    ("adam_step", "betas swapped", (adam_with(swap=True),), "swapped"),
    ("adam_step", "uphill", (adam_with(uphill=True),), "uphill"),
    ("adam_step", "no eps", (adam_with(eps=0.0),), "eps is missing"),
    ("adam_step", "eps subtracted", (adam_with(eps=-1e-8),), "sqrt(v_hat) + eps"),
    ("adam_step", "returns the corrected moments", (adam_with(return_hats=True),), "bias-corrected m"),
    ("adam_step", "raises", (lambda th, m, v, g, t, lr, be, eps: th @ m,), "your function raised"),
    # schedule_within_budget(answer)
    ("schedule_within_budget", "None", (None,), "answer is None"),
    ("schedule_within_budget", "a string", ("cosine",), "must be a dict"),
    ("schedule_within_budget", "no learning rate", ({"schedule": "cosine"},), "no 'learning_rate'"),
    ("schedule_within_budget", "with epochs", ({**REFERENCE_SCHEDULE, "epochs": 100},), "leave out 'epochs'"),
    ("schedule_within_budget", "unknown schedule", ({"schedule": "cyclic", "learning_rate": 0.3},), "no schedule"),
    ("schedule_within_budget", "setting it does not take", ({"schedule": "cosine", "learning_rate": 0.3, "gamma": 0.9},),
     "not a schedule coursekit can run"),
    ("schedule_within_budget", "step without step_size", ({"schedule": "step", "learning_rate": 0.3},),
     "needs step_size"),
    ("schedule_within_budget", "constant 0.07", ({"schedule": "constant", "learning_rate": 0.07},),
     "Section 6.1 says why"),
    ("schedule_within_budget", "constant 0.3", ({"schedule": "constant", "learning_rate": 0.3},), "constant rate"),
    ("schedule_within_budget", "a gamma of 1", ({"schedule": "exponential", "learning_rate": 0.1, "gamma": 1.0},),
     "constant rate"),
    ("schedule_within_budget", "warm-up only", ({"schedule": "warmup", "learning_rate": 0.1},), "never falls"),
    ("schedule_within_budget", "blows up", ({"schedule": "cosine", "learning_rate": 2.5},), "blows up"),
    ("schedule_within_budget", "cosine too long", ({"schedule": "cosine", "learning_rate": 0.2, "T_max": 100},),
     "ends too high"),
    ("schedule_within_budget", "decays too fast", ({"schedule": "exponential", "learning_rate": 0.3, "gamma": 0.7},),
     "Large steps early"),
]


def _reference_numbers(check):
    """What the reference answer computes on the check's own inputs."""
    if check == "momentum_update":
        return number_texts(np.concatenate([x.ravel() for _, th, b, g in ch07.update_cases()
                                            for lr, mu in ((0.1, 0.9), (0.03, 0.5))
                                            for x in ref_momentum(th, b, g, lr, mu)]))
    if check == "adam_step":
        return number_texts(np.concatenate([x.ravel() for _, th, m, v, g in ch07.v_cases()
                                            for t, lr, be in ch07.ADAM_SETTINGS
                                            for x in ref_adam(th, m, v, g, t, lr, be, 1e-8)]))
    return {f"{ch07.budget_loss(REFERENCE_SCHEDULE):.3f}", f"{ch07.budget_loss(REFERENCE_SCHEDULE):.4f}"}


define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["momentum_update", "adam_step"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


# ------------------------------------------------- the references come from coursekit
def test_the_momentum_reference_is_coursekits_momentum_over_several_steps():
    """Chaining the learner-style function reproduces MLP.fit's optimiser step after step."""
    rng = np.random.default_rng(0)
    W, grads = rng.normal(size=(3, 2)), rng.normal(size=(6, 3, 2))
    opt, W_ck, b_ck = optimizers.Momentum(0.9), W.copy(), np.zeros((1, 1))
    theta, vel = W.copy(), np.zeros_like(W)
    for g in grads:
        opt.step([(W_ck, b_ck)], [(g, np.zeros((1, 1)))], 0.1)
        theta, vel = ref_momentum(theta, vel, g, 0.1, 0.9)
    np.testing.assert_allclose(theta, W_ck, rtol=1e-13)


def test_the_adam_reference_is_coursekits_adam_over_several_steps():
    rng = np.random.default_rng(1)
    W, grads = rng.normal(size=(2, 3)), rng.normal(size=(5, 2, 3))
    opt, W_ck, b_ck = optimizers.Adam((0.8, 0.99)), W.copy(), np.zeros((1, 1))
    theta, m, v = W.copy(), np.zeros_like(W), np.zeros_like(W)
    for t, g in enumerate(grads, start=1):
        opt.step([(W_ck, b_ck)], [(g, np.zeros((1, 1)))], 0.01)
        theta, m, v = ref_adam(theta, m, v, g, t, 0.01, (0.8, 0.99), 1e-8)
    np.testing.assert_allclose(theta, W_ck, rtol=1e-12)


def test_the_mistakes_the_adam_check_names_differ_from_the_answer():
    for _, th, m, v, g in ch07.v_cases():
        for t, lr, be in ch07.ADAM_SETTINGS:
            ref = ref_adam(th, m, v, g, t, lr, be, 1e-8)[0]
            for wrong in (adam_with(c1=lambda b, t: 1.0, c2=lambda b, t: 1.0), adam_with(no_sqrt=True)):
                assert not np.allclose(wrong(th, m, v, g, t, lr, be, 1e-8)[0], ref, rtol=1e-5, atol=1e-8)


def test_no_constant_rate_reaches_the_target_within_the_budget():
    """The exercise needs a schedule: the best constant rate on a fine grid stays above the target,
    while the reference gets below it with a margin (so the answer is not on a knife's edge)."""
    best = min(ex.noisy_bowl(schedules.constant(lr, ch07.BUDGET_STEPS))[-1] for lr in np.geomspace(0.005, 1.99, 300))
    assert best > 1.1 * ch07.TARGET_LOSS
    assert ch07.budget_loss(REFERENCE_SCHEDULE) < 0.75 * ch07.TARGET_LOSS


@pytest.mark.notebook
def test_the_section_a_hint_names_is_the_one_about_the_noise_floor():
    """The constant-rate hint sends the learner to a section: it must be chapter 07's section on
    what a constant step cannot do (a renumbering of the chapter would otherwise leave it stale)."""
    import re
    from pathlib import Path

    import nbformat
    with pytest.raises(AssertionError) as err:
        checks.schedule_within_budget({"schedule": "constant", "learning_rate": 0.1})
    number = re.search(r"Section (\d+(?:\.\d+)?)", str(err.value)).group(1)
    chapter = nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / "07_optimisers.ipynb", as_version=4)
    headings = [line for cell in chapter.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("#")]
    section = next(h for h in headings if re.match(rf"#+ {re.escape(number)} ", h))
    assert "constant step" in section
