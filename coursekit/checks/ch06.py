"""Checks for chapter 06, generalisation: overfitting and regularisation."""
from __future__ import annotations

import functools
import numbers

import numpy as np

from .. import experiments as _experiments
from ..network import MLP as _MLP
from . import random_cases as _random
from ._core import Check, describe

__all__ = [
    "stopping_cases", "early_stopping_epochs", "l2_cases", "l2_gradient", "dropout_cases",
    "inverted_dropout", "REMEDY_OPTIONS", "HELPS", "WHY_NOT", "overfitting_remedies",
    "cross_validated_penalty", "cv_cases", "cv_variant",
]


# ------------------------------------------------------------ early stopping
def stopping_cases():
    """(description, val_loss, patience) for :func:`early_stopping_epochs`.

    Each curve is built to separate one family of mistakes: a lower minimum
    after the stop (global argmin), a tie (<= instead of <), a short bump
    before a new best (stopping at the first rise), a curve that never stops,
    and one that never stops although its best epoch is not the last (what
    the function returns when the loop runs out).
    """
    t = np.arange(1, 31)
    u_shape = 0.32 + 0.0006 * (t - 18.0) ** 2 + 0.006 * np.sin(1.7 * t)
    two_dips = np.r_[np.linspace(0.9, 0.5, 8), np.linspace(0.52, 0.62, 6), np.linspace(0.6, 0.3, 11),
                     np.linspace(0.32, 0.4, 3)]
    bumpy = np.array([1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0, 1.1])
    tie = np.array([0.9, 0.7, 0.6, 0.6, 0.65, 0.7, 0.8, 0.85])
    falling = np.linspace(1.0, 0.2, 12)
    late_turn = np.r_[np.linspace(1.0, 0.4, 8), [0.45, 0.5]]
    return [
        ("a U-shaped validation curve of 30 epochs, patience 6", u_shape, 6),
        ("a curve that dips, rises for 6 epochs, then falls lower, patience 4", two_dips, 4),
        ("a curve with a short bump before a new best, patience 3", bumpy, 3),
        ("a curve whose lowest value comes twice in a row, patience 3", tie, 3),
        ("a curve that is still falling at the end, patience 3", falling, 3),
        ("the bumpy curve with patience 1", bumpy, 1),
        ("a curve that turns up in its last two epochs, patience 3", late_turn, 3),
    ]


def _stopping_variant(val, patience, *, ties=False, slack=0):
    """The stopping rule with one known mistake: ``<=`` for a new best, or ``slack`` extra epochs."""
    best, best_epoch = np.inf, 0
    for epoch, v in enumerate(val, start=1):
        if v < best or (ties and v == best):
            best, best_epoch = v, epoch
        elif epoch - best_epoch >= patience + slack:
            return best_epoch, epoch
    return best_epoch, len(val)


def _first_rise(val):
    """Stop at the first epoch whose loss is not a new best: patience ignored."""
    return _stopping_variant(val, 1)


def early_stopping_epochs(fn, seed=None):
    """Check ``fn(val_loss, patience) -> (best_epoch, stop_epoch)``, early stopping read off a curve.

    ``val_loss`` is a 1-D array of validation losses after epochs 1, 2, ...;
    ``patience`` a whole number. The best epoch is the first with the lowest
    loss seen so far; training stops at the first epoch that comes
    ``patience`` epochs after the best without a new best (or at the last
    epoch if that never happens). Both counted from 1. Compared with
    ``coursekit.experiments.early_stopping_point``, which follows
    ``MLP.fit(early_stopping=patience)``.
    """
    c = Check("early_stopping_epochs")
    c.function(fn, "your function fn(val_loss, patience)")
    for label, val, patience in stopping_cases() + _random.stopping(seed):
        where = f" for {label}"
        out = c.call(fn, val, patience, context=f"val_loss of shape {val.shape} and patience {patience}")
        if isinstance(out, (tuple, list)) and len(out) == 2:
            best, stop = (c.count(v, f"{name}{where}") for v, name in zip(out, ("best_epoch", "stop_epoch")))
        elif out is None:
            c.fail("the function returned None. Did it forget to `return best_epoch, stop_epoch`?")
        else:
            got = "a single number" if isinstance(out, (numbers.Number, np.generic)) else describe(out)
            c.fail(f"the function must return the pair (best_epoch, stop_epoch); got {got}.")
        ref_best, ref_stop = _experiments.early_stopping_point(val, patience)
        n = len(val)
        if (best, stop) == (ref_stop, ref_best) and ref_best != ref_stop:
            c.fail(f"the two numbers are swapped{where}: return (best_epoch, stop_epoch) in that order.")
        c.compare(best, ref_best, "best_epoch" + where, [
            ("it is one too small: epochs are counted from 1, and np.argmin counts from 0.", ref_best - 1),
            ("that is where the loss is highest; early stopping keeps the lowest validation loss.",
             int(np.argmax(val)) + 1),
            ("when two epochs tie for the lowest loss, keep the first: only a strictly lower loss is a "
             "new best.", _stopping_variant(val, patience, ties=True)[0]),
            ("that is the lowest loss of the whole curve, but training stopped before it: the best epoch "
             "is the best seen up to the stop.", int(np.argmin(val)) + 1),
            ("that is the last epoch. The weights kept are those of the lowest validation loss.", n),
            ("training stopped at the first epoch without improvement, too soon to see the real best; "
             "patience means waiting that many epochs for a new best.",
             _first_rise(val)[0] if patience > 1 else None),
        ], otherwise="it is the first epoch with the lowest validation loss seen before training stops.")
        c.compare(stop, ref_stop, "stop_epoch" + where, [
            ("it stops at the first epoch without improvement; patience means waiting that many epochs "
             "for a new best.", _first_rise(val)[1] if patience > 1 else None),
            ("it never stops early: count the epochs since the best one and stop when they reach the "
             "patience.", n),
            ("it waits one epoch too long: stop when the epochs since the best one reach the patience.",
             _stopping_variant(val, patience, slack=1)[1]),
            ("it stops one epoch too soon: stop when the epochs since the best one reach the patience.",
             _stopping_variant(val, patience, slack=-1)[1] if patience > 1 else None),
            ("with a tie, the first epoch stays the best, so the count of epochs without improvement "
             "goes on from there.", _stopping_variant(val, patience, ties=True)[1]),
        ], otherwise="count the epochs since the best one; training stops when that count reaches the "
                     "patience.")
    c.passed()


# ---------------------------------------------------------------- L2 gradient
def l2_cases(seed=None):
    """(description, W, b, dW, db, lam, net, X, Y, layer) from real networks, fixed by a seed.

    W is never square, so a transposed answer has the wrong shape; b is not
    zero, so penalising the bias shows.
    """
    cases = []
    visible = (([3, 4, 2], 0.1, 0, 1), ([2, 5, 1], 0.03, 1, 2), ([4, 3, 3, 1], 0.5, 1, 3))
    for sizes, lam, layer, net_seed in visible + tuple(_random.l2(seed)):
        rng = np.random.default_rng(net_seed)
        net = _MLP(sizes, hidden_activation="tanh", seed=net_seed)
        net.set_params([(W, 0.5 * rng.standard_normal(b.shape)) for W, b in net.params])
        X = rng.standard_normal((sizes[0], 7))
        Y = (rng.random((sizes[-1], 7)) < 0.5).astype(float)
        net.forward(X)
        dW, db = net.backward(Y)[layer]
        W, b = net.params[layer]
        label = f"layer {layer + 1} of a {sizes} network with lambda = {lam:g}"
        cases.append((label, W, b, dW, db, lam, net, X, Y, layer))
    return cases


def l2_gradient(fn, seed=None):
    """Check ``fn(W, b, dW, db, lam) -> (dW_pen, db_pen)``, one layer's gradient with an L2 penalty.

    ``W`` ``(n_l, n_(l-1))`` and ``b`` ``(n_l, 1)`` are the layer's
    parameters, ``dW`` and ``db`` the gradient of the unpenalised cost C.
    For the penalised cost ``C + (lam / 2) sum ||W||^2`` (biases not
    penalised) the answer is ``dW + lam W`` and ``db`` unchanged. Compared
    with ``MLP.backward(Y, l2=lam)`` on the network the layer comes from.
    """
    c = Check("l2_gradient")
    c.function(fn, "your function fn(W, b, dW, db, lam)")
    for label, W, b, dW, db, lam, net, X, Y, layer in l2_cases(seed):
        where = f" for {label}"
        out = c.call(fn, W, b, dW, db, lam, context=f"W of shape {W.shape}, b of shape {b.shape} and lam = {lam:g}")
        if out is None:
            c.fail("the function returned None. Did it forget to `return dW_pen, db_pen`?")
        if isinstance(out, np.ndarray):
            c.fail("the function returns one array; return the pair (dW_pen, db_pen), with db_pen for the "
                   "bias too.")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (dW_pen, db_pen); got {describe(out)}.")
        got_dW = c.array(out[0], "dW_pen" + where, W.shape)
        got_db = c.array(out[1], "db_pen" + where, b.shape)
        net.forward(X)
        ref_dW, ref_db = net.backward(Y, l2=lam)[layer]
        c.compare(got_dW, ref_dW, "dW_pen" + where, [
            ("the penalty's gradient is twice too large. The derivative of (lam / 2) w^2 is lam w: the "
             "1/2 is there to cancel the 2.", dW + 2 * lam * W),
            ("the penalty's gradient is half what it should be: d/dw of (lam / 2) w^2 is lam w.",
             dW + 0.5 * lam * W),
            ("the penalty has the wrong sign. It adds to the cost, so its gradient is added: the step "
             "-alpha (dW + lam W) then shrinks W.", dW - lam * W),
            ("the gradient of the cost itself is missing: the penalised gradient is the old dW plus the "
             "penalty's part.", lam * W),
            ("the penalty's part is missing: nothing depends on lam.", dW),
            ("that adds lam to every entry; the penalty's gradient is proportional to the weight itself.",
             dW + lam),
            ("that is the L1 penalty's gradient, lam sign(W). The L2 penalty (lam / 2) w^2 has gradient "
             "lam w.", dW + lam * np.sign(W)),
            ("that multiplies the gradient by lam; the penalty's gradient is added to it.", dW * lam),
            ("the penalty's part is squared: the derivative of (lam / 2) w^2 is lam w, not lam w^2.",
             dW + lam * W ** 2),
        ], otherwise="it should be the cost's gradient plus the derivative of (lam / 2) ||W||^2.")
        c.compare(got_db, ref_db, "db_pen" + where, [
            ("the bias is penalised too. The penalty sums the weights only, so db stays as it is.",
             db + lam * b),
            ("the bias is penalised too (and twice over). The penalty sums the weights only, so db stays "
             "as it is.", db + 2 * lam * b),
            ("db has changed with lam. The penalty sums the weights only, so db stays as it is.", db * lam),
            ("the gradient of the cost with respect to b is missing: db stays as it is.", lam * b),
            ("the bias gradient has been set to zero; without a penalty on b it stays the cost's "
             "gradient db.", np.zeros_like(db)),
        ], otherwise="the penalty does not involve the bias, so db_pen is db unchanged.")
    c.passed()


# ---------------------------------------------------------------- inverted dropout
def dropout_cases():
    """(description, A, U, p), fixed by a seed; A is not square and has no zeros. In the last
    case U is a multiple of 1/4, so some entries equal p exactly: those units are kept."""
    rng = np.random.default_rng(23)
    quarters = np.array([[0.0, 0.25, 0.5, 0.75], [0.25, 0.75, 0.25, 0.0], [0.5, 0.25, 0.0, 0.25]])
    return [
        ("A of shape (4, 6) with p = 0.3", rng.uniform(0.1, 2.0, (4, 6)), rng.random((4, 6)), 0.3),
        ("A of shape (3, 8) with p = 0.2", rng.uniform(-1.5, 1.5, (3, 8)) + 0.05, rng.random((3, 8)), 0.2),
        ("A of shape (5, 2) with p = 0.8", rng.uniform(0.2, 1.0, (5, 2)), rng.random((5, 2)), 0.8),
        ("A of shape (2, 5) with p = 0 (no dropout)", rng.uniform(0.2, 1.0, (2, 5)), rng.random((2, 5)), 0.0),
        ("A of shape (3, 4) with p = 0.25, where some U equal p", rng.uniform(0.2, 1.0, (3, 4)), quarters, 0.25),
    ]


def inverted_dropout(fn, seed=None):
    """Check ``fn(A, U, p) -> A_dropped``, inverted dropout on a layer's activations.

    ``A`` is ``(n_l, m)``, ``U`` the same shape of uniform random numbers in
    [0, 1), ``p`` the dropout rate. A unit is dropped (set to 0) where
    ``U < p`` and kept elsewhere, scaled by ``1 / (1 - p)``. Compared with
    ``coursekit.experiments.inverted_dropout`` (the mask ``MLP.fit`` uses).
    """
    c = Check("inverted_dropout")
    c.function(fn, "your function fn(A, U, p)")
    for label, A, U, p in dropout_cases() + _random.dropout(seed):
        where = f" for {label}"
        out = c.call(fn, A, U, p, context=f"A and U of shape {A.shape} and p = {p:g}")
        if isinstance(out, (tuple, list)) and len(out) == 2 and all(isinstance(o, np.ndarray) for o in out):
            c.fail("the function returns two things; return just the activations after dropout.")
        got = c.array(out, "A_dropped" + where, A.shape, allow_bool=True, finite=False)
        if not np.all(np.isfinite(got)):
            c.fail(f"A_dropped{where} contains NaN or inf. With p = 0 nothing is dropped and the scale "
                   "1 / (1 - p) is 1; check what you divide by.")
        ref, mask = _experiments.inverted_dropout(A, U, p)
        keep = U >= p
        alts = [
            ("the kept units are not scaled up. Divide them by 1 - p, so that each activation keeps its "
             "expected value.", A * keep),
            ("the kept units are multiplied by 1 - p; divide by it instead, so that each activation "
             "keeps its expected value.", A * keep * (1 - p)),
            ("the kept units are divided by p; the probability of keeping a unit is 1 - p, so divide by "
             "1 - p.", A * keep / p if p > 0 else None),
            ("the units kept and dropped are swapped: drop a unit where U < p, so that each is dropped "
             "with probability p.", A * (U < p) / (1 - p)),
            ("the units kept and dropped are swapped, and the scale is 1 / p: drop where U < p and divide "
             "the kept ones by 1 - p.", A * (U < p) / p if p > 0 else None),
            ("nothing is dropped: multiply by the mask, 0 where U < p.", A / (1 - p)),
            ("that is the mask itself; multiply it into A.", mask),
            ("that is the mask without scaling; multiply the scaled mask into A.", keep.astype(float)),
            ("a unit whose U equals p exactly is dropped; it is kept: drop only where U < p.", A * (U > p) / (1 - p)),
        ]
        c.compare(got, ref, "A_dropped" + where, alts,
                  otherwise="a unit is 0 where U < p, and A / (1 - p) everywhere else.")
    c.passed()


# ------------------------------------------------------ the interview question
#: The actions offered in the chapter's interview exercise, by letter.
REMEDY_OPTIONS = {
    "A": "Collect more training data.",
    "B": "Keep training until the training loss reaches zero.",
    "C": "Stop training when the validation loss stops improving, and keep the best weights.",
    "D": "Add an L2 penalty on the weights (weight decay).",
    "E": "Add more hidden layers and more units per layer.",
    "F": "Use dropout in the hidden layers during training.",
    "G": "Use a smaller network, or a lower polynomial degree.",
    "H": "Choose the penalty strength by the accuracy on the test set.",
    "I": "Add an L1 penalty on the weights.",
    "J": "Judge the model by its accuracy on the training set.",
}
HELPS = frozenset("ACDFGI")
WHY_NOT = {
    "B": "one of your choices trains longer on the same data: a training loss of zero is what "
         "memorising looks like, and the validation loss rises meanwhile.",
    "E": "one of your choices makes the model bigger: more capacity makes memorising the training "
         "set easier, not harder.",
    "H": "one of your choices tunes on the test set: the test set is then no longer unseen, and its "
         "score flatters the model. Tune on the validation set.",
    "J": "one of your choices judges the model on data it was trained on: that measures memory, not "
         "generalisation.",
}


def overfitting_remedies(choice):
    """Check ``choice``, the letters of the actions in ``REMEDY_OPTIONS`` that reduce overfitting.

    ``choice`` is a set, list, tuple or string of letters such as
    ``{"A", "B"}`` or ``"AB"`` (case and order do not matter).
    """
    c = Check("overfitting_remedies")
    if choice is None:
        c.fail("your answer is None. Assign the set of letters in the exercise cell, for example "
               "remedies = {\"A\", \"B\"}.")
    if isinstance(choice, str):
        letters = [ch for ch in choice.upper() if not ch.isspace() and ch != ","]
    elif isinstance(choice, (set, frozenset, list, tuple)):
        if not all(isinstance(x, str) for x in choice):
            bad = next(x for x in choice if not isinstance(x, str))
            c.fail(f"your answer must hold letters (strings such as \"A\"); it holds {describe(bad)}.")
        letters = [x.strip().upper() for x in choice]
    elif isinstance(choice, (numbers.Number, dict)):
        c.fail(f"your answer must be a set of letters such as {{\"A\", \"B\"}}; got {describe(choice)}.")
    else:
        c.fail(f"your answer must be a set of letters such as {{\"A\", \"B\"}}; got {describe(choice)}.")
    unknown = sorted({x for x in letters if x not in REMEDY_OPTIONS})
    if unknown:
        c.fail(f"{', '.join(repr(u) for u in unknown)} {'is' if len(unknown) == 1 else 'are'} not among "
               f"the options; choose from the letters {''.join(REMEDY_OPTIONS)}.")
    chosen = set(letters)
    if not chosen:
        c.fail("your answer is empty: several of the actions do reduce overfitting.")
    if chosen == set(REMEDY_OPTIONS):
        c.fail("you chose every action, but some of them make overfitting worse or only hide it.")
    wrong = sorted(chosen - HELPS)
    if wrong:
        c.fail(WHY_NOT[wrong[0]] + (f" ({len(wrong)} of your choices do not help.)" if len(wrong) > 1 else ""))
    missing = len(HELPS - chosen)
    if missing:
        c.fail(f"everything you chose helps, but you left out {missing} more action"
               f"{'s' if missing > 1 else ''} that reduce{'' if missing > 1 else 's'} overfitting. Each "
               "of this chapter's sections 2 to 7 teaches at least one.")
    c.passed()


# ------------------------------------------------- the penalty by cross-validation
def cv_cases():
    """(description, x, y, degree, lambdas, k): noisy sines; m is a multiple of k, so the mean of
    the fold errors and the mean over all held-out samples agree, and the lambdas are not sorted
    in every case, so the position of the best one is not its rank."""
    cases = []
    for n, noise, seed, degree, lams, k in ((12, 0.2, 0, 12, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0], 4),
                                            (15, 0.3, 5, 6, [0.3, 0.03, 0.003, 0.0], 3),
                                            (16, 0.1, 7, 9, [1e-2, 1.0, 1e-4], 8)):
        x, y = _experiments.polynomial_data(n, noise, seed)
        cases.append((f"{n} points, degree {degree}, {len(lams)} penalties and k = {k}", x, y, degree,
                      np.array(lams), k))
    return cases


def cv_variant(x, y, degree, lams, k, *, scored="held out", folds="j % k", fitted="other folds",
                total="mean", half=True, penalised=True, n_folds=None):
    """Cross-validation errors with one known mistake (the defaults give the right ones)."""
    from ..regression import least_squares, polynomial_features
    m = x.shape[1]
    fold = np.arange(m) % k if folds == "j % k" else np.repeat(np.arange(k), m // k)
    errors = []
    for lam in lams:
        per_fold = []
        for i in range(k if n_folds is None else n_folds):
            held, rest = fold == i, fold != i
            fit_on = rest if fitted == "other folds" else np.ones(m, bool)
            w, b = least_squares(polynomial_features(x[:, fit_on], degree), y[:, fit_on],
                                 l2=lam if penalised else 0.0)
            on = held if scored == "held out" else rest
            sq = (w.T @ polynomial_features(x[:, on], degree) + b - y[:, on]) ** 2
            per_fold.append(np.mean(sq) / (2 if half else 1))
        errors.append(np.mean(per_fold) if total == "mean" else np.sum(per_fold))
    return np.array(errors)


def cross_validated_penalty(fn, seed=None):
    """Check ``fn(x, y, degree, lambdas, k) -> (best_lambda, cv_errors)``, an L2 penalty chosen by
    k-fold cross-validation.

    ``x``, ``y`` are ``(1, m)``; sample ``j`` belongs to fold ``j % k``. For
    each penalty, fit on ``k - 1`` folds with ``least_squares(...,
    l2=lam)``, score the held-out fold with ``mean((y_hat - y)^2) / 2``, and
    average the ``k`` scores. Compared with
    ``coursekit.experiments.cross_validate_penalty``.
    """
    c = Check("cross_validated_penalty")
    c.function(fn, "your function fn(x, y, degree, lambdas, k)")
    for label, x, y, degree, lams, k in cv_cases() + _random.cv_problems(seed):
        where = f" for {label}"
        out = c.call(fn, x, y, degree, lams, k, context=f"x and y of shape {x.shape}, degree {degree}, "
                                                         f"{len(lams)} lambdas and k = {k}")
        if out is None:
            c.fail("the function returned None. Did it forget to `return best_lambda, cv_errors`?")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (best_lambda, cv_errors); got {describe(out)}.")
        best, errors = out
        if isinstance(errors, (list, tuple)):
            errors = np.asarray(errors, dtype=np.float64) if all(
                isinstance(e, (numbers.Real, np.generic)) for e in errors) else errors
        ref_best, ref_errors = _experiments.cross_validate_penalty(x, y, degree, lams, k)
        errors = c.array(errors, "cv_errors" + where, ref_errors.shape, extra={
            (len(lams), k): "one row per penalty and one column per fold: average over the folds.",
            (k,): "one error per fold; cv_errors holds one average per penalty."} if len(lams) != k else None)
        variant = functools.partial(cv_variant, x, y, degree, lams, k)
        c.compare(errors, ref_errors, "cv_errors" + where, [
            ("these are the errors on the folds the polynomial was fitted on. Score each fit on the "
             "fold it did not see.", variant(scored="training folds")),
            ("each fit saw the fold it is scored on. Fit on the other k - 1 folds only.",
             variant(fitted="all samples")),
            ("the folds are blocks of neighbouring samples; sample j belongs to fold j % k.",
             variant(folds="blocks")),
            ("the fold errors are added up; cv_errors holds their mean.", variant(total="sum")),
            ("the errors are twice too large: the course's squared-error cost is mean((y_hat - y)^2) / 2.",
             variant(half=False)),
            ("every penalty gets the same error: is lam passed to least_squares as l2=lam?",
             variant(penalised=False)),
            ("one fold is left out of the average: loop over all k folds.", variant(n_folds=k - 1)),
        ], otherwise="for each lambda: k fits, each on all folds but one, scored on that one with "
                     "mean((y_hat - y)^2) / 2, then the mean of the k scores.")
        got_best = c.number(best, "best_lambda" + where)
        position = int(np.argmin(ref_errors))
        c.compare(got_best, ref_best, "best_lambda" + where, [
            ("that is the position of the best penalty in the list; return the penalty itself.",
             float(position) if position != ref_best else None),
            ("that penalty has the highest cross-validation error; choose the lowest.",
             float(lams[int(np.argmax(ref_errors))])),
            ("that is the lowest error, not the penalty that gives it.", float(ref_errors.min())),
        ], otherwise="it is the lambda whose cross-validation error is the lowest.")
    c.passed()
