"""The checks' random cases (``checks.<name>(answer, seed=s)``): right answers still pass on
any seed, wrong ones are still refused, and an answer that memorised the visible cases
passes the check as the notebook calls it but fails once a seed is given."""
from __future__ import annotations

import contextlib
import inspect
import io

import numpy as np
import pytest

import test_checks
import test_checks_ch01
import test_checks_ch02
import test_checks_ch03
import test_checks_ch04
import test_checks_ch05
import test_checks_ch06
import test_checks_ch08
from coursekit import checks
from coursekit.checks import random_cases

MODULES = (test_checks, test_checks_ch01, test_checks_ch02, test_checks_ch03, test_checks_ch04, test_checks_ch05,
           test_checks_ch06, test_checks_ch08)
SEEDED = sorted(name for name in checks.__all__ if "seed" in inspect.signature(getattr(checks, name)).parameters)
VALUE_CHECKS = {"nand_weights", "xor_min_mistakes", "xor_by_hand", "logistic_gradient_by_hand", "deltas_by_hand",
                "causes_and_remedies", "overfitting_remedies", "parity_weights"}
# Checks of a function added in the same round as the grader (the synthesis exercises and chapter
# 07): the grader runs their visible cases only until each gets a random-case generator. Listed
# here so that no further check can lack one unnoticed.
NOT_YET_SEEDED = {"train_perceptron", "train_logistic", "deep_backward", "residual_error",
                  "cross_validated_penalty", "momentum_update", "adam_step", "schedule_within_budget"}


def _reference(name):
    for module in MODULES:
        if name in module.REFERENCES:
            return module.REFERENCES[name]
    raise KeyError(name)


def _quiet(check, *args, **kwargs) -> str:
    """Run ``check`` without letting its pass line reach the terminal; return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*args, **kwargs)
    return out.getvalue()


def test_every_check_of_a_function_draws_random_cases():
    assert set(checks.__all__) - set(SEEDED) == VALUE_CHECKS | NOT_YET_SEEDED
    for name in SEEDED:
        assert inspect.signature(getattr(checks, name)).parameters["seed"].default is None


@pytest.mark.slow
@pytest.mark.parametrize("name", SEEDED)
def test_the_reference_passes_on_random_cases(name):
    for seed in range(25):
        assert _quiet(getattr(checks, name), *_reference(name), seed=seed) == f"✓ {name}: correct\n", seed


def test_the_random_cases_are_reproducible_and_change_with_the_seed():
    draw = lambda seed: [np.concatenate([np.ravel(a) for a in case[1:4]]) for case in random_cases.cost(seed)]  # noqa: E731
    assert random_cases.cost(None) == []
    assert all(np.array_equal(a, b) for a, b in zip(draw(5), draw(5)))
    assert not all(np.array_equal(a, b) for a, b in zip(draw(5), draw(6)))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_wrong_answers_are_still_refused_with_a_seed(module):
    for name, label, args, _ in module.WRONG:
        if name in SEEDED:
            with pytest.raises(AssertionError), contextlib.redirect_stdout(io.StringIO()):
                getattr(checks, name)(*args, seed=12345)


def _key(args) -> bytes:
    """A fingerprint of a call's arguments (arrays by shape and bytes)."""
    parts = []
    for a in args:
        if isinstance(a, np.ndarray):
            parts.append(repr(a.shape).encode() + np.ascontiguousarray(a, dtype=float).tobytes())
        elif isinstance(a, (list, tuple)):
            parts.append(b"[" + _key(a) + b"]")
        else:
            parts.append(repr(a).encode())
    return b"|".join(parts)


def memoriser(reference):
    """An answer that replays the reference's outputs for the inputs it was shown, and
    returns the first output it saw for anything else: a hard-coded table of the visible cases."""
    table = {}

    def record(*args):
        out = reference(*args)
        table.setdefault(_key(args), out)
        return out

    def replay(*args):
        return table.get(_key(args), next(iter(table.values())))

    return record, replay


@pytest.mark.parametrize("name", SEEDED)
def test_hard_coding_the_visible_cases_fails_with_a_seed(name):
    (reference,) = _reference(name)
    record, replay = memoriser(reference)
    check = getattr(checks, name)
    _quiet(check, record)                    # the visible cases, shown to the memoriser
    _quiet(check, replay)                    # ... which it now passes without computing anything
    with pytest.raises(AssertionError):
        _quiet(check, replay, seed=2024)
