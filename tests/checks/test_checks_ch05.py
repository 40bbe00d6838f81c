"""Chapter 05's exercise checks, both ways (the model is tests/checks/test_checks.py).

For each check: the reference answer passes and prints exactly one line;
other correct ways of writing the answer pass too; and a table of
known-wrong answers (None, wrong shape, off by one, a list where a number is
due, the variance for the standard deviation, swapped fan-in and fan-out, the
wrong axis, ...) raises AssertionError whose hint names the mistake and shows
none of the reference's numbers.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import MLP, activations, checks, experiments
from coursekit.checks import ch05


# ------------------------------------------------------------------ answers
def ref_factor(k):
    return 0.25 ** k


def ref_dead(A):
    return int(np.sum(np.all(A == 0, axis=1)))


def ref_std(n_in, n_out, method):
    if method == "xavier":
        return math.sqrt(2.0 / (n_in + n_out))
    return math.sqrt(2.0 / n_in)


def std_with(xavier=None, he=None):
    """An init_std with one of its two formulas replaced."""
    def fn(n_in, n_out, method):
        if method == "xavier":
            return (xavier or (lambda i, o: math.sqrt(2.0 / (i + o))))(n_in, n_out)
        return (he or (lambda i, o: math.sqrt(2.0 / i)))(n_in, n_out)
    return fn


CAUSES, REMEDIES = {"A", "D", "H", "M"}, {"B", "E", "G", "J", "L"}


def ref_residual(W, Z, E_next, activation):
    return E_next + W.T @ (activations.derivative(activation, Z) * E_next)


def residual_loop(W, Z, E_next, activation):
    """Another correct way: one sample (column) at a time, the two paths written out."""
    out = np.zeros_like(E_next)
    for j in range(E_next.shape[1]):
        e = E_next[:, j:j + 1]
        through_layer = W.T @ (activations.derivative(activation, Z[:, j:j + 1]) * e)
        out[:, j:j + 1] = e + through_layer
    return out


def residual_wrong(f):
    """A wrong residual step written with the slope g'(Z) at hand."""
    return lambda W, Z, E, act: f(W, Z, E, activations.derivative(act, Z), act)

# (check, args) that must pass, printing exactly one line.
REFERENCES = {
    "max_sigmoid_factor": (ref_factor,),
    "count_dead_units": (ref_dead,),
    "init_std": (ref_std,),
    "causes_and_remedies": (CAUSES, REMEDIES),
    "residual_error": (ref_residual,),
}

ALSO_CORRECT = [
    ("max_sigmoid_factor", "a loop", (lambda k: math.prod([0.25] * k),)),
    ("max_sigmoid_factor", "from the derivative", (lambda k: float(activations.sigmoid_prime(np.array(0.0))) ** k,)),
    ("max_sigmoid_factor", "numpy power", (lambda k: np.power(0.25, k),)),
    ("max_sigmoid_factor", "(1/4)**k as a one-entry array", (lambda k: np.array([(1 / 4) ** k]),)),
    ("max_sigmoid_factor", "by logs", (lambda k: float(np.exp(k * np.log(0.25))),)),
    ("count_dead_units", "np.max", (lambda A: int(np.sum(A.max(axis=1) == 0)),)),
    ("count_dead_units", "a float", (lambda A: float(np.sum(~A.any(axis=1))),)),
    ("count_dead_units", "a loop", (lambda A: sum(1 for row in A if all(v == 0 for v in row)),)),
    ("count_dead_units", "np.int64", (lambda A: np.count_nonzero(np.all(A <= 0, axis=1)),)),
    ("init_std", "numpy", (lambda i, o, m: np.sqrt(2 / (i + o)) if m == "xavier" else np.sqrt(2 / i),)),
    ("init_std", "a one-entry array", (lambda i, o, m: np.array([[ref_std(i, o, m)]]),)),
    ("init_std", "from the variance", (lambda i, o, m: (2 / (i + o) if m == "xavier" else 2 / i) ** 0.5,)),
    ("causes_and_remedies", "lists in lower case", (list("mhda"), ["b", "e", "g", "j", "l"])),
    ("causes_and_remedies", "tuples with spaces", ((" A", "D ", "H", "M"), tuple("BEGJL"))),
    ("causes_and_remedies", "a letter twice", (["A", "A", "D", "H", "M"], REMEDIES)),
    ("residual_error", "a loop over samples", (residual_loop,)),
    ("residual_error", "float32", (lambda *a: ref_residual(*a).astype(np.float32),)),
    # Zero weights can leave the gradient exactly zero (section 4.1), so K may count as a cause.
    ("causes_and_remedies", "zero init as a cause", (CAUSES | {"K"}, REMEDIES)),
]

# (check, label, args, a fragment the hint must contain)
WRONG = [
    # max_sigmoid_factor(fn)
    ("max_sigmoid_factor", "None", (None,), "got None"),
    ("max_sigmoid_factor", "not a function", (0.25,), "expected your function"),
    ("max_sigmoid_factor", "forgot return", (lambda k: None,), "return"),
    ("max_sigmoid_factor", "divides", (lambda k: 4.0 ** k,), "grows as k grows"),
    ("max_sigmoid_factor", "times k", (lambda k: 0.25 * k,), "multiple of k"),
    ("max_sigmoid_factor", "sigmoid's value", (lambda k: 0.5 ** k,), "value at z = 0, not its slope"),
    ("max_sigmoid_factor", "k + 1", (lambda k: 0.25 ** (k + 1),), "off by one"),
    ("max_sigmoid_factor", "k - 1", (lambda k: 0.25 ** (k - 1),), "off by one"),
    ("max_sigmoid_factor", "1 - slope", (lambda k: 0.75 ** k,), "1 - sigma'(0)"),
    ("max_sigmoid_factor", "constant", (lambda k: 0.25,), "does not change with k"),
    ("max_sigmoid_factor", "a list", (lambda k: [0.25 ** k],), "must be a number"),
    ("max_sigmoid_factor", "an array per layer", (lambda k: np.full(k, 0.25),), "must be one number"),
    ("max_sigmoid_factor", "a string", (lambda k: "0.25^k",), "must be a number"),
    ("max_sigmoid_factor", "negative", (lambda k: -(0.25 ** k),), "negative"),
    ("max_sigmoid_factor", "zero for deep networks", (lambda k: 0.25 ** k if k < 10 else 0.0,), "zero"),
    ("max_sigmoid_factor", "tiny but wrong at k = 20",
     (lambda k: 0.25 ** k if k < 20 else 0.25 ** 21,), "off by one"),
    ("max_sigmoid_factor", "wrong at k = 0", (lambda k: 0.25 ** k if k else 0.0,), "zero"),
    ("max_sigmoid_factor", "raises", (lambda k: 0.25 ** k[0],), "your function raised"),
    ("max_sigmoid_factor", "another number", (lambda k: 0.3 ** k,), "multiply one factor per layer"),
    # count_dead_units(fn)
    ("count_dead_units", "None", (None,), "got None"),
    ("count_dead_units", "not a function", (3,), "expected your function"),
    ("count_dead_units", "forgot return", (lambda A: None,), "return"),
    ("count_dead_units", "zero entries", (lambda A: int(np.sum(A == 0)),), "zero entries"),
    ("count_dead_units", "wrong axis", (lambda A: int(np.sum(np.all(A == 0, axis=0))),), "samples (columns)"),
    ("count_dead_units", "any instead of all", (lambda A: int(np.sum(np.any(A == 0, axis=1))),), "*some* sample"),
    ("count_dead_units", "alive units", (lambda A: A.shape[0] - ref_dead(A),), "alive"),
    ("count_dead_units", "a fraction", (lambda A: ref_dead(A) / A.shape[0],), "fraction"),
    ("count_dead_units", "a mask per unit", (lambda A: np.all(A == 0, axis=1),), "one entry per unit"),
    ("count_dead_units", "a mask per sample", (lambda A: np.all(A == 0, axis=0),), "one entry per sample"),
    ("count_dead_units", "a list", (lambda A: [ref_dead(A)],), "one whole number"),
    ("count_dead_units", "negative entries", (lambda A: int(np.sum(A < 0)),), "negative"),
    ("count_dead_units", "mean below a threshold", (lambda A: int(np.sum(A.mean(axis=1) < 0.5)),), "every entry is 0"),
    ("count_dead_units", "too many", (lambda A: A.shape[0] + 1,), "has only"),
    ("count_dead_units", "a bool", (lambda A: True,), "must be a number"),
    # init_std(fn)
    ("init_std", "None", (None,), "got None"),
    ("init_std", "not a function", (0.3,), "expected your function"),
    ("init_std", "forgot return", (lambda i, o, m: None,), "return"),
    ("init_std", "variance", (lambda i, o, m: ref_std(i, o, m) ** 2,), "variance"),
    ("init_std", "methods swapped", (lambda i, o, m: ref_std(i, o, "he" if m == "xavier" else "xavier"),),
     "He's formula"),
    ("init_std", "He for both", (std_with(xavier=lambda i, o: math.sqrt(2.0 / i)),), "He's formula"),
    ("init_std", "He with fan-out", (std_with(he=lambda i, o: math.sqrt(2.0 / o)),), "fan-out"),
    ("init_std", "He without the 2", (std_with(he=lambda i, o: math.sqrt(1.0 / i)),), "factor 2"),
    ("init_std", "Xavier without the 2", (std_with(xavier=lambda i, o: math.sqrt(1.0 / (i + o))),), "factor 2"),
    ("init_std", "Xavier with fan-in only", (std_with(xavier=lambda i, o: math.sqrt(1.0 / i)),), "fan-in only"),
    ("init_std", "Xavier with a product", (std_with(xavier=lambda i, o: math.sqrt(2.0 / (i * o))),), "multiplies"),
    ("init_std", "uniform limit", (lambda i, o, m: ref_std(i, o, m) * math.sqrt(3.0),), "uniform"),
    ("init_std", "square root twice", (lambda i, o, m: math.sqrt(ref_std(i, o, m)),), "square root twice"),
    ("init_std", "the weights", (lambda i, o, m: ref_std(i, o, m) * np.random.default_rng(0).standard_normal((o, i)),),
     "matrix of weights"),
    ("init_std", "a list", (lambda i, o, m: [ref_std(i, o, m)],), "must be a number"),
    ("init_std", "He missing", (lambda i, o, m: ref_std(i, o, m) if m == "xavier" else None,), "methods missing"),
    ("init_std", "negative", (lambda i, o, m: -ref_std(i, o, m),), "not positive"),
    ("init_std", "raises on he", (lambda i, o, m: {"xavier": ref_std(i, o, m)}[m],), "your function raised"),
    ("init_std", "something else", (lambda i, o, m: 1.0 / (i + o),), "check"),
    # residual_error(W, Z, E_next, activation)
    ("residual_error", "None", (None,), "got None"),
    ("residual_error", "forgot return", (lambda *a: None,), "None"),
    ("residual_error", "plain BP2, no skip", (residual_wrong(lambda W, Z, E, s, a: W.T @ (s * E)),), "skip's path is missing"),
    ("residual_error", "skip only", (residual_wrong(lambda W, Z, E, s, a: E.copy()),), "only the skip"),
    ("residual_error", "W not transposed", (residual_wrong(lambda W, Z, E, s, a: E + W @ (s * E)),), "transposed"),
    ("residual_error", "no slope", (residual_wrong(lambda W, Z, E, s, a: E + W.T @ E),), "slope g'(Z) is missing"),
    ("residual_error", "g for g'", (residual_wrong(lambda W, Z, E, s, a: E + W.T @ (activations.activation(a, Z) * E)),),
     "g(Z) where"),
    ("residual_error", "slope after W^T", (residual_wrong(lambda W, Z, E, s, a: E + s * (W.T @ E)),), "after W^T"),
    ("residual_error", "skip twice", (residual_wrong(lambda W, Z, E, s, a: 2 * E + W.T @ (s * E)),), "twice"),
    ("residual_error", "skip subtracted", (residual_wrong(lambda W, Z, E, s, a: -E + W.T @ (s * E)),), "sign"),
    ("residual_error", "slope on both paths", (residual_wrong(lambda W, Z, E, s, a: s * E + W.T @ (s * E)),), "both paths"),
    ("residual_error", "transposed result", (lambda *a: ref_residual(*a).T,), "transpose"),
    ("residual_error", "a pair", (lambda *a: (ref_residual(*a), a[0]),), "two things"),
    ("residual_error", "a list", (lambda *a: ref_residual(*a).tolist(),), "numpy array"),
    ("residual_error", "raises", (lambda W, Z, E, act: W @ "x",), "your function raised"),
    # causes_and_remedies(causes, remedies)
    ("causes_and_remedies", "None", (None, REMEDIES), "causes is None"),
    ("causes_and_remedies", "remedies None", (CAUSES, None), "remedies is None"),
    ("causes_and_remedies", "one string", ("ADHM", REMEDIES), "one string"),
    ("causes_and_remedies", "numbers", ({1, 4, 8}, REMEDIES), "single letters"),
    ("causes_and_remedies", "unknown letter", (CAUSES | {"Z"}, REMEDIES), "lettered A to M"),
    ("causes_and_remedies", "empty", (set(), REMEDIES), "is empty"),
    ("causes_and_remedies", "a dict", ({"A": True}, REMEDIES), "must be a set"),
    ("causes_and_remedies", "swapped", (REMEDIES, CAUSES), "swapped"),
    ("causes_and_remedies", "in both", (CAUSES | {"B"}, REMEDIES), "in both"),
    ("causes_and_remedies", "remedy as cause", (CAUSES | {"E"}, REMEDIES - {"E"}), "a remedy, not a cause"),
    ("causes_and_remedies", "cause as remedy", (CAUSES - {"A"}, REMEDIES | {"A"}), "a cause, not a remedy"),
    ("causes_and_remedies", "small data as cause", (CAUSES | {"C"}, REMEDIES), "overfitting"),
    ("causes_and_remedies", "learning rate as remedy", (CAUSES, REMEDIES | {"F"}), "learning rate"),
    ("causes_and_remedies", "dropout as remedy", (CAUSES, REMEDIES | {"I"}), "dropout"),
    ("causes_and_remedies", "zero init as remedy", (CAUSES, REMEDIES | {"K"}), "symmetry"),
    ("causes_and_remedies", "a cause missing", (CAUSES - {"M"}, REMEDIES), "missing 1 cause"),
    ("causes_and_remedies", "remedies missing", (CAUSES, REMEDIES - {"J", "L"}), "missing 2 remedies"),
    ("causes_and_remedies", "everything", (set("ABCDEFGHIJKLM"), {"B"}), "in both"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    """What the reference answer of ``check`` computes on the check's own inputs."""
    if check == "max_sigmoid_factor":
        # 0.25 itself is taught in the chapter (and 0.25^1 is it); its powers are the answers.
        return number_texts([0.25 ** k for k in ch05.FACTOR_DEPTHS if k >= 2])
    if check == "init_std":
        return number_texts([ref_std(i, o, m) for i, o, m in ch05.INIT_CASES])
    if check == "residual_error":
        return number_texts(np.concatenate([ref_residual(*case[1:]).ravel() for case in ch05.residual_cases()]))
    if check == "count_dead_units":
        # Small whole numbers are filtered out by _numbers anyway; the counts must not be named.
        return set()
    return set()


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)
    assert {getattr(checks, name).__module__ for name in REFERENCES} == {ch05.__name__}


@pytest.mark.parametrize("check", ["max_sigmoid_factor", "count_dead_units", "init_std", "residual_error"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_the_hints_never_name_a_missing_letter():
    # A hint about what is missing only counts: it must not hand over the letters themselves.
    for causes, remedies in ((CAUSES - {"M"}, REMEDIES), (CAUSES, REMEDIES - {"J", "L"})):
        with pytest.raises(AssertionError) as info:
            checks.causes_and_remedies(causes, remedies)
        hint = str(info.value).split(": ", 1)[1]
        assert not any(f" {x} " in f" {hint} " or f"{x}," in hint for x in "MJL")


# ---------------------------------------------------- the references come from coursekit
def test_the_peak_slope_comes_from_the_sigmoid_derivative():
    assert ch05.steepest_sigmoid_slope() == pytest.approx(0.25, rel=1e-12)


@pytest.mark.parametrize("n_in, n_out, method", ch05.INIT_CASES)
def test_the_std_is_read_off_the_mlp(n_in, n_out, method):
    assert ch05.mlp_std(n_in, n_out, method) == pytest.approx(ref_std(n_in, n_out, method), rel=1e-12)
    W = MLP([n_in, n_out], init=method, seed=3).params[0][0]
    if W.size > 5000:      # a big layer's spread is close to the formula, as a sanity check
        assert np.std(W) == pytest.approx(ref_std(n_in, n_out, method), rel=0.05)


def test_the_dead_unit_cases_tell_the_mistakes_apart():
    label, net, X = ch05.dead_cases()[0]
    A = experiments.layer_outputs(net, X)[0][1]
    ref = int(experiments.dead_units(net, X)[0])
    counts = {int(np.sum(A == 0)), int(np.sum(np.all(A == 0, axis=0))), int(np.sum(np.any(A == 0, axis=1))),
              A.shape[0] - ref}
    assert ref == 3 and ref not in counts and len(counts) == 4
    assert all(int(experiments.dead_units(n, x)[0]) == ref_dead(experiments.layer_outputs(n, x)[0][1])
               for _, n, x in ch05.dead_cases())


def test_the_statements_are_split_into_causes_remedies_and_neither():
    assert set(ch05.STATEMENTS) == set("ABCDEFGHIJKLM")
    assert not (ch05.CAUSES & ch05.REMEDIES)
    assert set(ch05.NEITHER) == set(ch05.STATEMENTS) - ch05.CAUSES - ch05.REMEDIES


def test_checks_leave_the_learners_inputs_alone():
    seen = []

    def spy(A):
        seen.append(A.copy())
        A[:] = 0.0          # an in-place edit must not reach the reference
        return ref_dead(seen[-1])
    checks.count_dead_units(spy)
    assert len(seen) == len(ch05.dead_cases())


def test_the_residual_reference_is_the_chains_own_backward_pass():
    """The check's reference is what DeepChain's backward does at each skip, checked there by finite
    differences; here, on the check's own cases, it equals the two paths written out."""
    for _, W, Z, E, act in ch05.residual_cases():
        np.testing.assert_allclose(experiments.residual_backward_step(W, Z, E, act), ref_residual(W, Z, E, act),
                                   rtol=1e-12)
        assert not np.allclose(W, W.T) and Z.shape[0] != Z.shape[1]
