"""Chapter 06's checks, both ways: the reference passes with one line, known-wrong answers are refused.

early_stopping_epochs (exercise 1), l2_gradient (exercise 2),
cross_validated_penalty (exercise 3), inverted_dropout (exercise 4) and
overfitting_remedies (exercise 5, the interview question) each get a REFERENCES entry, other correct ways of writing the answer, and a
WRONG table whose hints must name the mistake without showing the
reference's numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import checks
from coursekit.checks import ch06
from coursekit.experiments import cross_validate_penalty, early_stopping_point, inverted_dropout
from coursekit.regression import least_squares, polynomial_features


# ------------------------------------------------------------------ answers
def ref_stopping(val_loss, patience):
    # Written against coursekit's tested early_stopping_point (which MLP.fit agrees with).
    return early_stopping_point(val_loss, patience)


def stopping_loop(val_loss, patience):
    """Another correct way: a running minimum and a counter of epochs without improvement."""
    best, best_epoch, waited = float("inf"), 0, 0
    for epoch, v in enumerate(val_loss, start=1):
        if v < best:
            best, best_epoch, waited = v, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_loss)


def stopping_swapped_at_the_end(val_loss, patience):
    """Right while training stops early; the pair swapped when training runs to the end (a slip in
    the return after the loop)."""
    best, stop = ref_stopping(val_loss, patience)
    return (stop, best) if stop == len(val_loss) else (best, stop)


def stopping_with(ties=False, slack=0, zero_based=False, patience_fn=None):
    """The stopping rule with one mistake in it."""
    def fn(val_loss, patience):
        p = patience if patience_fn is None else patience_fn(patience)
        best, best_epoch = np.inf, 0
        for epoch, v in enumerate(val_loss, start=1):
            if v < best or (ties and v == best):
                best, best_epoch = v, epoch
            elif epoch - best_epoch >= p + slack:
                break
        else:
            epoch = len(val_loss)
        return (best_epoch - 1, epoch - 1) if zero_based else (best_epoch, epoch)
    return fn


def ref_l2(W, b, dW, db, lam):
    return dW + lam * W, db


def ref_dropout(A, U, p):
    return inverted_dropout(A, U, p)[0]


def ref_cv(x, y, degree, lambdas, k):
    return cross_validate_penalty(x, y, degree, lambdas, k)


def cv_pooled(x, y, degree, lambdas, k):
    """Another correct way: every held-out squared error pooled, then one mean per penalty."""
    fold = np.arange(x.shape[1]) % k
    errors = []
    for lam in lambdas:
        sq = []
        for i in range(k):
            w, b = least_squares(polynomial_features(x[:, fold != i], degree), y[:, fold != i], l2=lam)
            sq.extend(((w.T @ polynomial_features(x[:, fold == i], degree) + b - y[:, fold == i]) ** 2).ravel())
        errors.append(np.mean(sq) / 2)
    return lambdas[int(np.argmin(errors))], errors


def cv_with(**mistake):
    """Cross-validation with one known mistake, as the check itself models it."""
    def fn(x, y, degree, lambdas, k):
        errors = ch06.cv_variant(x, y, degree, lambdas, k, **mistake)
        return lambdas[int(np.argmin(errors))], errors
    return fn


REFERENCES = {
    "early_stopping_epochs": (ref_stopping,),
    "l2_gradient": (ref_l2,),
    "inverted_dropout": (ref_dropout,),
    "overfitting_remedies": ({"A", "C", "D", "F", "G", "I"},),
    "cross_validated_penalty": (ref_cv,),
}

ALSO_CORRECT = [
    ("early_stopping_epochs", "a loop with a counter", (stopping_loop,)),
    ("early_stopping_epochs", "a list", (lambda v, p: list(ref_stopping(v, p)),)),
    ("early_stopping_epochs", "numpy ints", (lambda v, p: tuple(np.int64(e) for e in ref_stopping(v, p)),)),
    ("early_stopping_epochs", "floats", (lambda v, p: tuple(float(e) for e in ref_stopping(v, p)),)),
    ("l2_gradient", "a list", (lambda W, b, dW, db, lam: [dW + lam * W, db],)),
    ("l2_gradient", "a copy of db", (lambda W, b, dW, db, lam: (dW + lam * W, db.copy()),)),
    ("l2_gradient", "in place", (lambda W, b, dW, db, lam: (np.add(dW, lam * W, out=dW), db),)),
    ("inverted_dropout", "np.where", (lambda A, U, p: np.where(U < p, 0.0, A / (1 - p)),)),
    ("inverted_dropout", "a boolean mask", (lambda A, U, p: A * (U >= p) / (1 - p),)),
    ("inverted_dropout", "float32", (lambda A, U, p: (A * (U >= p) / (1 - p)).astype(np.float32),)),
    ("overfitting_remedies", "a string", ("ACDFGI",)),
    ("cross_validated_penalty", "pooled held-out errors, a list", (cv_pooled,)),
    ("cross_validated_penalty", "a numpy best and a list", (lambda *a: (np.float64(ref_cv(*a)[0]), list(ref_cv(*a)[1])),)),
    ("overfitting_remedies", "lower case with commas", ("a, c, d, f, g, i",)),
    ("overfitting_remedies", "a list", (["I", "G", "F", "D", "C", "A"],)),
    ("overfitting_remedies", "a tuple with a repeat", (("A", "C", "D", "F", "G", "I", "A"),)),
]


def _dropout_wrong(f):
    return lambda A, U, p: f(A, U, p)


WRONG = [
    # early_stopping_epochs
    ("early_stopping_epochs", "None", (None,), "got None"),
    ("early_stopping_epochs", "not a function", ((3, 5),), "expected your function"),
    ("early_stopping_epochs", "forgot return", (lambda v, p: None,), "returned None"),
    ("early_stopping_epochs", "only the best epoch", (lambda v, p: ref_stopping(v, p)[0],), "the pair"),
    ("early_stopping_epochs", "three numbers", (lambda v, p: (*ref_stopping(v, p), 0),), "the pair"),
    ("early_stopping_epochs", "swapped", (lambda v, p: ref_stopping(v, p)[::-1],), "swapped"),
    ("early_stopping_epochs", "swapped when it runs to the end", (stopping_swapped_at_the_end,), "swapped"),
    ("early_stopping_epochs", "counted from 0", (stopping_with(zero_based=True),), "counted from 1"),
    ("early_stopping_epochs", "argmax", (lambda v, p: (int(np.argmax(v)) + 1, ref_stopping(v, p)[1]),),
     "highest"),
    ("early_stopping_epochs", "global argmin", (lambda v, p: (int(np.argmin(v)) + 1, ref_stopping(v, p)[1]),),
     "whole curve"),
    ("early_stopping_epochs", "ties replace the best", (stopping_with(ties=True),), "tie"),
    ("early_stopping_epochs", "never stops", (lambda v, p: (ref_stopping(v, p)[0], len(v)),), "never stops"),
    ("early_stopping_epochs", "one epoch too long", (stopping_with(slack=1),), "too long"),
    ("early_stopping_epochs", "one epoch too soon", (stopping_with(slack=-1),), "too soon"),
    ("early_stopping_epochs", "patience ignored", (stopping_with(patience_fn=lambda p: 1),), "patience"),
    ("early_stopping_epochs", "the last epoch", (lambda v, p: (len(v), len(v)),), "last epoch"),
    ("early_stopping_epochs", "fractional epoch", (lambda v, p: (2.5, 1),),
     "not a whole number"),
    ("early_stopping_epochs", "an array of epochs", (lambda v, p: (np.arange(3), 1),), "one whole number"),
    ("early_stopping_epochs", "raises", (lambda v, p: v.argmin() + "1",), "your function raised"),
    # l2_gradient
    ("l2_gradient", "None", (None,), "got None"),
    ("l2_gradient", "not a function", (np.eye(2),), "expected your function"),
    ("l2_gradient", "forgot return", (lambda W, b, dW, db, lam: None,), "returned None"),
    ("l2_gradient", "only dW", (lambda W, b, dW, db, lam: dW + lam * W,), "one array"),
    ("l2_gradient", "three things", (lambda W, b, dW, db, lam: (dW + lam * W, db, 0.0),), "the pair"),
    ("l2_gradient", "factor 2", (lambda W, b, dW, db, lam: (dW + 2 * lam * W, db),), "twice too large"),
    ("l2_gradient", "half", (lambda W, b, dW, db, lam: (dW + lam * W / 2, db),), "half"),
    ("l2_gradient", "sign error", (lambda W, b, dW, db, lam: (dW - lam * W, db),), "wrong sign"),
    ("l2_gradient", "penalty only", (lambda W, b, dW, db, lam: (lam * W, db),), "is missing"),
    ("l2_gradient", "no penalty", (lambda W, b, dW, db, lam: (dW, db),), "nothing depends on lam"),
    ("l2_gradient", "lam added", (lambda W, b, dW, db, lam: (dW + lam, db),), "proportional"),
    ("l2_gradient", "L1 instead", (lambda W, b, dW, db, lam: (dW + lam * np.sign(W), db),), "L1"),
    ("l2_gradient", "multiplied", (lambda W, b, dW, db, lam: (dW * lam, db),), "multiplies"),
    ("l2_gradient", "squared", (lambda W, b, dW, db, lam: (dW + lam * W ** 2, db),), "squared"),
    ("l2_gradient", "bias penalised", (lambda W, b, dW, db, lam: (dW + lam * W, db + lam * b),), "bias is penalised"),
    ("l2_gradient", "bias zeroed", (lambda W, b, dW, db, lam: (dW + lam * W, 0 * db),), "set to zero"),
    ("l2_gradient", "transposed", (lambda W, b, dW, db, lam: ((dW + lam * W).T, db),), "transpose"),
    ("l2_gradient", "a list of lists", (lambda W, b, dW, db, lam: ((dW + lam * W).tolist(), db),), "numpy array"),
    ("l2_gradient", "db 1-D", (lambda W, b, dW, db, lam: (dW + lam * W, db.ravel()),), "1-D"),
    ("l2_gradient", "an update step", (lambda W, b, dW, db, lam: (W - lam * dW, b),), "wrong"),
    # inverted_dropout
    ("inverted_dropout", "None", (None,), "got None"),
    ("inverted_dropout", "not a function", (0.5,), "expected your function"),
    ("inverted_dropout", "forgot return", (lambda A, U, p: None,), "is None"),
    ("inverted_dropout", "no scaling", (lambda A, U, p: A * (U >= p),), "not scaled up"),
    ("inverted_dropout", "U equal to p dropped", (lambda A, U, p: A * (U > p) / (1 - p),), "equals p exactly"),
    ("inverted_dropout", "times 1 - p", (lambda A, U, p: A * (U >= p) * (1 - p),), "multiplied by 1 - p"),
    ("inverted_dropout", "divided by p", (lambda A, U, p: A * (U >= p) / p,), "divided by p"),
    ("inverted_dropout", "divided by p, guarded", (lambda A, U, p: A * (U >= p) / max(p, 1e-300),), "divided by p"),
    ("inverted_dropout", "kept and dropped swapped", (lambda A, U, p: A * (U < p) / (1 - p),), "swapped"),
    ("inverted_dropout", "nothing dropped", (lambda A, U, p: A / (1 - p),), "nothing is dropped"),
    ("inverted_dropout", "returns the mask", (lambda A, U, p: (U >= p) / (1 - p),), "mask itself"),
    ("inverted_dropout", "returns a pair", (lambda A, U, p: inverted_dropout(A, U, p),), "two things"),
    ("inverted_dropout", "transposed", (lambda A, U, p: (A * (U >= p) / (1 - p)).T,), "transpose"),
    ("inverted_dropout", "a list", (lambda A, U, p: (A * (U >= p) / (1 - p)).tolist(),), "numpy array"),
    ("inverted_dropout", "whole samples dropped", (lambda A, U, p: A * (U[:1] >= p) / (1 - p),), "wrong"),
    ("inverted_dropout", "raises", (lambda A, U, p: A * (U >= "p"),), "your function raised"),
    # cross_validated_penalty
    ("cross_validated_penalty", "None", (None,), "got None"),
    ("cross_validated_penalty", "forgot return", (lambda *a: None,), "returned None"),
    ("cross_validated_penalty", "only the best", (lambda *a: ref_cv(*a)[0],), "the pair"),
    ("cross_validated_penalty", "scored on the training folds", (cv_with(scored="training folds"),), "did not see"),
    ("cross_validated_penalty", "fitted on everything", (cv_with(fitted="all samples"),), "other k - 1"),
    ("cross_validated_penalty", "contiguous folds", (cv_with(folds="blocks"),), "j % k"),
    ("cross_validated_penalty", "summed", (cv_with(total="sum"),), "added up"),
    ("cross_validated_penalty", "no 1/2", (cv_with(half=False),), "twice too large"),
    ("cross_validated_penalty", "penalty not passed", (cv_with(penalised=False),), "l2=lam"),
    ("cross_validated_penalty", "only the first fold", (cv_with(n_folds=1),), "wrong"),
    ("cross_validated_penalty", "the position", (lambda *a: (int(np.argmin(ref_cv(*a)[1])), ref_cv(*a)[1]),),
     "position"),
    ("cross_validated_penalty", "the worst", (lambda x, y, d, lams, k: (lams[int(np.argmax(ref_cv(x, y, d, lams, k)[1]))],
                                                                       ref_cv(x, y, d, lams, k)[1]),), "highest"),
    ("cross_validated_penalty", "the lowest error", (lambda *a: (ref_cv(*a)[1].min(), ref_cv(*a)[1]),), "not the penalty"),
    ("cross_validated_penalty", "per fold table", (lambda *a: (ref_cv(*a)[0], np.tile(ref_cv(*a)[1][:, None], (1, a[4]))),),
     "one column per fold"),
    ("cross_validated_penalty", "transposed errors", (lambda *a: (ref_cv(*a)[0], ref_cv(*a)[1][None, :]),), "shape"),
    ("cross_validated_penalty", "raises", (lambda *a: a[0] + "x",), "your function raised"),
    # overfitting_remedies
    ("overfitting_remedies", "None", (None,), "is None"),
    ("overfitting_remedies", "empty", (set(),), "empty"),
    ("overfitting_remedies", "everything", (set("ABCDEFGHIJ"),), "every action"),
    ("overfitting_remedies", "train longer", (set("ABCDFGI"),), "trains longer"),
    ("overfitting_remedies", "bigger network", (set("ACDEFGI"),), "bigger"),
    ("overfitting_remedies", "tune on test", (set("ACDFGHI"),), "test set"),
    ("overfitting_remedies", "training accuracy", (set("ACDFGIJ"),), "trained on"),
    ("overfitting_remedies", "two wrong", (set("ACDFGIBE"),), "2 of your choices"),
    ("overfitting_remedies", "missing one", (set("ACDFG"),), "left out 1 more action"),
    ("overfitting_remedies", "missing three", (set("ACD"),), "left out 3 more actions"),
    ("overfitting_remedies", "unknown letter", ({"A", "Z"},), "not among"),
    ("overfitting_remedies", "a number", (3,), "set of letters"),
    ("overfitting_remedies", "numbers in a set", ({1, 2},), "letters"),
    ("overfitting_remedies", "a dict", ({"A": True},), "set of letters"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    if check == "early_stopping_epochs":
        # Epochs are whole numbers: a hint must not name the right epoch for any case.
        return {f"epoch {e}" for _, v, p in ch06.stopping_cases() for e in ref_stopping(v, p)} | {
            f" {e}." for _, v, p in ch06.stopping_cases() for e in ref_stopping(v, p) if e >= 10}
    if check == "l2_gradient":
        return number_texts(np.concatenate([ref_l2(*case[1:6])[0].ravel() for case in ch06.l2_cases()]))
    if check == "cross_validated_penalty":
        return number_texts(np.concatenate([ref_cv(*case[1:])[1] for case in ch06.cv_cases()]))
    if check == "inverted_dropout":
        return number_texts(np.concatenate([ref_dropout(A, U, p).ravel() for _, A, U, p in ch06.dropout_cases()]))
    return {"".join(sorted(ch06.HELPS))} | {", ".join(sorted(ch06.HELPS))}


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_here_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["early_stopping_epochs", "l2_gradient", "inverted_dropout",
                                   "cross_validated_penalty"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_the_checks_leave_their_cases_alone(capsys):
    def in_place_l2(W, b, dW, db, lam):
        dW += lam * W                     # edits the copy the check handed over
        return dW, db
    checks.l2_gradient(in_place_l2)
    checks.l2_gradient(ref_l2)            # the cases are rebuilt, so the reference still passes

    def in_place_dropout(A, U, p):
        A *= (U >= p) / (1 - p)
        return A
    checks.inverted_dropout(in_place_dropout)
    checks.inverted_dropout(ref_dropout)
    passed = ["✓ l2_gradient: correct"] * 2 + ["✓ inverted_dropout: correct"] * 2
    assert capsys.readouterr().out.splitlines() == passed


def test_the_stopping_cases_separate_the_mistakes():
    """Each curve is there for a reason: the mistakes it catches give a different answer on it."""
    cases = {label: (v, p) for label, v, p in ch06.stopping_cases()}
    v, p = cases["a curve that dips, rises for 6 epochs, then falls lower, patience 4"]
    assert int(np.argmin(v)) + 1 > ref_stopping(v, p)[1]            # the global minimum comes after the stop
    v, p = cases["a curve whose lowest value comes twice in a row, patience 3"]
    assert stopping_with(ties=True)(v, p) != ref_stopping(v, p)
    v, p = cases["a curve with a short bump before a new best, patience 3"]
    assert stopping_with(patience_fn=lambda p: 1)(v, p) != ref_stopping(v, p)


def test_the_l2_reference_is_the_networks_own_penalised_gradient():
    """The check's reference comes from MLP.backward(l2=...): dW + lam W and db unchanged."""
    for _, W, b, dW, db, lam, net, X, Y, layer in ch06.l2_cases():
        net.forward(X)
        pdW, pdb = net.backward(Y, l2=lam)[layer]
        np.testing.assert_allclose(pdW, dW + lam * W, rtol=1e-12)
        np.testing.assert_array_equal(pdb, db)


def test_the_remedy_options_are_all_named():
    assert set(ch06.REMEDY_OPTIONS) == set("ABCDEFGHIJ")
    assert ch06.HELPS < set(ch06.REMEDY_OPTIONS)
    assert set(ch06.WHY_NOT) == set(ch06.REMEDY_OPTIONS) - ch06.HELPS


def test_the_cv_cases_separate_the_mistakes():
    """Every mistake the check names changes the errors in every case, so no hint goes unused."""
    for _, x, y, degree, lams, k in ch06.cv_cases():
        ref = ref_cv(x, y, degree, lams, k)[1]
        assert x.shape[1] % k == 0                     # pooled and per-fold means agree
        for mistake in (dict(scored="training folds"), dict(fitted="all samples"), dict(folds="blocks"),
                        dict(total="sum"), dict(half=False), dict(penalised=False), dict(n_folds=k - 1)):
            assert not np.allclose(cv_with(**mistake)(x, y, degree, lams, k)[1], ref, rtol=1e-4), mistake
