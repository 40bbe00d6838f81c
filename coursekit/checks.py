"""Checks for the chapters' exercises: ``checks.<name>(answer)`` right after each exercise.

A check prints exactly one line when the answer is right::

    ✓ sigmoid: correct

and otherwise raises ``AssertionError`` with a hint that says *what* is wrong:
the type, the shape, the output at a named input, a symmetry, a sign, a
missing 1/m. It never prints the values a correct answer would produce, so it
cannot be used to read off the answer. The expected values come from
coursekit's own tested functions (``activations.step``, ``activations.sigmoid``,
``Perceptron``, ``regression.logistic_gradient``, ``data.logic_gate``), never
from numbers typed into this file.

If the learner's function raises ``NotImplementedError`` (the stub that the
student version puts in every exercise) it passes through unchanged; any other
exception becomes an ``AssertionError`` that says which call failed, chained to
the learner's own traceback.

Adding a check for a new exercise
---------------------------------
Write a function here that starts with ``c = _Check("name")``, validates the
answer with ``c.function`` / ``c.call`` / ``c.array`` / ``c.number`` /
``c.count``, compares it with a coursekit reference through ``c.compare``
(listing the common wrong answers as named alternatives, so that each gets a
specific hint), and ends with ``c.passed()``. Then add the reference and a set
of known-wrong answers to ``tests/test_checks.py``: a check that accepts a
wrong answer is a bug.
"""
from __future__ import annotations

import functools
import numbers
import warnings

import numpy as np

from . import activations as _act
from . import data as _data
from .perceptron import Perceptron as _Perceptron
from .regression import logistic_gradient as _logistic_gradient

# Tolerances for comparing a learner's floats with the reference: loose enough
# for any correct order of floating-point operations, far tighter than any mistake.
RTOL = 1e-6
ATOL = 1e-9


# ------------------------------------------------------------------ helpers
def _kind(value) -> str:
    """A short description of a value for a hint, without printing big arrays."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, (bool, np.bool_)):
        return f"the bool {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, numbers.Number):
        return f"the number {value!r}"
    return f"a {type(value).__name__}"


def _close(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def _fmt(x) -> str:
    """Format an input vector for a hint: (1, 2) rather than [[1.] [2.]]."""
    return "(" + ", ".join(f"{v:g}" for v in np.ravel(x)) + ")"


class _Check:
    """The shared validations, so that each check reads as a short list of facts.

    Every failure goes through :meth:`fail`, which prefixes the check's name.
    """

    def __init__(self, name: str):
        self.name = name

    def fail(self, message: str):
        raise AssertionError(f"✗ {self.name}: {message}")

    def passed(self):
        print(f"✓ {self.name}: correct")

    # -- what kind of answer
    def function(self, fn, what: str):
        if fn is None:
            self.fail(f"got None instead of {what}. Run the exercise cell that defines it, then pass "
                      f"the function itself, without parentheses: checks.{self.name}(my_function).")
        if not callable(fn):
            self.fail(f"expected {what}; got {_kind(fn)}. Pass the function itself, without "
                      f"parentheses: checks.{self.name}(my_function).")
        return fn

    def call(self, fn, *args, context: str):
        """Call the learner's ``fn`` on copies of ``args``.

        Copies, so that an in-place edit cannot corrupt the reference inputs.
        Floating-point warnings are silenced: a naive ``1 / (1 + np.exp(-z))``
        overflows harmlessly to the right answer, and the check judges values,
        not warnings.
        """
        args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                return fn(*args)
            except NotImplementedError:
                raise  # the student stub: "not done yet" needs no translation
            except Exception as err:
                raise AssertionError(f"✗ {self.name}: your function raised {type(err).__name__} "
                                     f"({err}) when called with {context}.") from err

    def array(self, value, what: str, shape: tuple, *, none_hint: str = "", extra: dict | None = None,
              allow_bool: bool = False, finite: bool = True) -> np.ndarray:
        """``value`` as a float array of exactly ``shape``, or a hint about how it differs.

        ``extra`` maps a wrong shape to a hint specific to the mistake that produces it.
        """
        if value is None:
            self.fail(f"{what} is None. {none_hint or 'Did your function forget to `return` it?'}")
        if isinstance(value, (list, tuple)):
            self.fail(f"{what} is a Python {type(value).__name__}; it must be a numpy array of shape "
                      f"{shape} (build it with np.array(...)).")
        if isinstance(value, (numbers.Number, np.generic)) and not isinstance(value, (bool, np.bool_)):
            self.fail(self._shape_hint(what, (), tuple(shape), extra or {}))
        if not isinstance(value, np.ndarray):
            self.fail(f"{what} must be a numpy array of shape {shape}; got {_kind(value)}.")
        if value.dtype.kind not in ("iuf" + ("b" if allow_bool else "")):
            self.fail(f"{what} must hold numbers; got an array of dtype {value.dtype}.")
        if value.shape != tuple(shape):
            self.fail(self._shape_hint(what, value.shape, tuple(shape), extra or {}))
        value = value.astype(np.float64)
        if finite and not np.all(np.isfinite(value)):
            idx = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
            self.fail(f"{what} contains NaN or inf (first at entry {list(idx)}).")
        return value

    @staticmethod
    def _shape_hint(what, got, want, extra) -> str:
        if got in extra:
            has = "is a single number" if got == () else f"has shape {got}"
            return f"{what} {has}, expected a numpy array of shape {want}: {extra[got]}"
        if len(got) == 0:
            return f"{what} is a single number; expected a numpy array of shape {want}."
        if len(got) == 1 and got[0] == int(np.prod(want)):
            return (f"{what} is a rank-1 array of shape {got}; expected {want}. Rank-1 arrays broadcast "
                    f"in surprising ways, so this course always keeps two dimensions "
                    f"(.reshape{want} fixes it, but better find where the dimension was lost).")
        if got == want[::-1]:
            return (f"{what} has shape {got}, the transpose of the expected {want}. Samples are columns "
                    f"in this course: check the order of a matrix product, or a missing .T.")
        return f"{what} has shape {got}; expected {want}."

    def number(self, value, what: str, *, none_hint: str = "", extra: dict | None = None) -> float:
        """``value`` as a float: a Python or numpy real, or an array holding exactly one number."""
        if value is None:
            self.fail(f"{what} is None. {none_hint or 'Did your function forget to `return` it?'}")
        if isinstance(value, (bool, np.bool_)):
            self.fail(f"{what} must be a number; got {_kind(value)}.")
        if isinstance(value, np.ndarray):
            if value.size != 1:
                hint = (extra or {}).get(value.shape, "")
                self.fail(f"{what} must be one number; got an array of shape {value.shape}. {hint}".rstrip())
            if value.dtype.kind not in "iuf":
                self.fail(f"{what} must be a number; got an array of dtype {value.dtype}.")
            value = value.item()
        if not isinstance(value, numbers.Real):
            self.fail(f"{what} must be a number; got {_kind(value)}.")
        if not np.isfinite(value):
            self.fail(f"{what} is {value}, not a finite number.")
        return float(value)

    def count(self, value, what: str, *, none_hint: str = "") -> int:
        """``value`` as a whole number (an int, or a float or one-entry array holding one)."""
        if isinstance(value, np.ndarray) and value.size > 1:
            self.fail(f"{what} must be one whole number; got an array of shape {value.shape}. "
                      "Did you forget to add the entries up?")
        if isinstance(value, (list, tuple)):
            self.fail(f"{what} must be one whole number; got {_kind(value)}.")
        v = self.number(value, what, none_hint=none_hint)
        if v != round(v):
            self.fail(f"{what} is {v:g}, not a whole number: a count, not a fraction or a mean.")
        return int(round(v))

    # -- is it right
    def compare(self, got, ref, what: str, alternatives=(), otherwise: str = ""):
        """Pass if ``got`` matches ``ref``; else name the first known mistake it matches.

        ``alternatives`` is a sequence of ``(hint, value_that_mistake_gives)``. A
        hint is given only when exactly one known mistake explains ``got``: on an
        input where two mistakes give the same output, naming either could send
        the learner after the wrong bug. ``otherwise`` is the hint when no
        single known mistake matches.
        """
        if _close(got, ref):
            return
        matches = [hint for hint, alt in alternatives
                   if alt is not None and not _close(alt, ref) and _close(got, alt)]
        if len(set(matches)) == 1:
            self.fail(f"{what} is wrong: {matches[0]}")
        if not otherwise and np.ndim(ref) > 0:
            err = np.abs(np.asarray(got, dtype=np.float64) - ref)
            idx = [int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape)]
            otherwise = f"the largest error is at entry {idx}."
        self.fail(f"{what} is wrong{': ' + otherwise if otherwise else '.'}")


# ---------------------------------------------------------- chapter 01 checks
def _step_cases():
    """(description, X, w, b) inputs for :func:`step_neuron`, fixed by a seed."""
    rng = np.random.default_rng(7)
    return [
        ("one sample", np.array([[1.0], [2.0]]), np.array([[0.5, -0.5]]), 0.75),
        ("a batch of 6 samples", rng.normal(size=(2, 6)), rng.normal(size=(1, 2)), 0.6),
        ("3 inputs and 5 samples", rng.normal(size=(3, 5)), rng.normal(size=(1, 3)), -0.4),
        # On the line w.x + b = 0 itself: the step is 1 only *above* zero.
        ("samples on the line w·x + b = 0", np.array([[1.0, 0.0, 2.0], [1.0, 2.0, 1.0]]),
         np.array([[1.0, -1.0]]), 0.0),
    ]


def step_neuron(fn):
    """Check ``fn(X, w, b)``, a step neuron ``y = step(w @ X + b)``.

    ``X`` is ``(n_x, m)`` with one sample per column, ``w`` is a row
    ``(1, n_x)``, ``b`` a float. ``fn`` returns ``(1, m)`` holding 1 where
    ``w·x + b > 0`` and 0 elsewhere (bool or number arrays are both fine).
    """
    c = _Check("step_neuron")
    c.function(fn, "your step-neuron function fn(X, w, b)")
    cases = _step_cases()
    outputs = []
    for label, X, w, b in cases:
        y = c.array(c.call(fn, X, w, b, context=f"X of shape {X.shape}, w of shape {w.shape}, b = {b:g}"),
                    f"the output for {label}", (1, X.shape[1]), allow_bool=True)
        if not np.all((y == 0) | (y == 1)):
            c.fail(f"the output for {label} holds values other than 0 and 1: a step neuron jumps from "
                   "0 to 1, it is not a smooth curve.")
        outputs.append(y)
    # Judged on all cases together: on one sample, several mistakes give the same output.
    z = [w @ X + b for _, X, w, b in cases]
    joined = lambda arrays: np.hstack(arrays)
    ref = joined([_act.step(zi) for zi in z])
    got = joined(outputs)
    j = int(np.flatnonzero(got[0] != ref[0])[0]) if not _close(got, ref) else 0
    k = int(np.searchsorted(np.cumsum([X.shape[1] for _, X, _, _ in cases]), j, side="right"))
    label, X, w, b = cases[k]
    col = j - sum(Xi.shape[1] for _, Xi, _, _ in cases[:k])
    c.compare(got, ref, "the output", [
        ("it does not change when b does: z = w·x + b includes the bias.",
         joined([_act.step(w @ X) for _, X, w, b in cases])),
        ("the bias enters with the wrong sign: z = w·x + b.",
         joined([_act.step(w @ X - b) for _, X, w, b in cases])),
        ("where w·x + b = 0 exactly your neuron outputs 1; the step is 1 only above zero.",
         joined([(zi >= 0).astype(np.float64) for zi in z])),
        ("every output is the opposite of what it should be: 1 means w·x + b > 0.",
         joined([_act.step(-zi) for zi in z])),
    ], otherwise=(f"for {label}, sample {col} (x = {_fmt(X[:, col])}) with w = {_fmt(w)} and b = {b:g}, "
                  f"your neuron outputs {got[0, j]:g}; work out w·x + b for it by hand."))
    c.passed()


def _perceptron_cases():
    """(description, w, b, x, y, learning_rate) for :func:`perceptron_update`."""
    return [
        ("a sample labelled 1 that the neuron classifies as 0",
         np.array([[0.4, -0.6]]), -0.1, np.array([[1.0], [2.0]]), 1.0, 0.5),
        ("a sample labelled 0 that the neuron classifies as 1",
         np.array([[0.2, 0.5, -0.3]]), 0.25, np.array([[1.0], [1.0], [0.5]]), 0.0, 0.1),
        ("a sample labelled 1 that the neuron already classifies correctly",
         np.array([[0.3, 0.3]]), 0.1, np.array([[1.0], [1.5]]), 1.0, 0.5),
        ("a sample labelled 0 that the neuron already classifies correctly",
         np.array([[0.3, 0.3]]), -1.0, np.array([[0.5], [0.5]]), 0.0, 0.5),
        ("a sample labelled 1 lying exactly on the line w·x + b = 0",
         np.array([[1.0, -1.0]]), 0.0, np.array([[2.0], [2.0]]), 1.0, 0.25),
    ]


def _perceptron_reference(w, b, x, y, learning_rate):
    """One visit of coursekit's tested Perceptron to the single sample ``x``."""
    p = _Perceptron(n_inputs=w.shape[1], n_outputs=1, learning_rate=learning_rate, init="zeros")
    p.W, p.b = w.copy(), np.array([[b]])
    p.fit(x, np.array([[y]]), epochs=1)
    return p.W, float(p.b.item())


def perceptron_update(fn):
    """Check ``fn(w, b, x, y, learning_rate)``, one application of the perceptron rule.

    ``w`` is a row ``(1, n_x)``, ``b`` a float, ``x`` one sample as a column
    ``(n_x, 1)``, ``y`` its label (0.0 or 1.0). With ``y_hat = step(w·x + b)``,
    ``fn`` returns ``(w_new, b_new)``: ``w_new = w + eta (y - y_hat) x^T`` of
    shape ``(1, n_x)`` and ``b_new = b + eta (y - y_hat)``, a number (a
    one-entry array is fine). It must not modify the ``w`` it is given.
    """
    c = _Check("perceptron_update")
    c.function(fn, "your update function fn(w, b, x, y, learning_rate)")
    for label, w, b, x, y, lr in _perceptron_cases():
        n = w.shape[1]
        w_in, x_in = w.copy(), x.copy()
        # Called directly on w_in and x_in (not through c.call's copies) to see in-place edits.
        out = c.call(lambda: fn(w_in, b, x_in, y, lr),
                     context=f"w of shape {w.shape}, b = {b:g}, x of shape {x.shape}, y = {y:g}, "
                             f"learning_rate = {lr:g}")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return two things, (w_new, b_new); got {_kind(out)}"
                   + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "") + ".")
        if not (np.array_equal(w_in, w) and np.array_equal(x_in, x)):
            c.fail("your function changed the array it was given (an in-place update such as `w += ...`). "
                   "Build a new one instead, w_new = w + ..., so the caller's weights stay as they were "
                   "(replaying the updates, for one, needs every earlier w).")
        where = f" for {label}"
        w_new = c.array(out[0], "w_new" + where, (1, n), extra={
            (n, n): "a (1, n_x) row plus a (n_x, 1) column broadcasts to a square. x is a column; the "
                    "update adds it as a row."})
        b_new = c.number(out[1], "b_new" + where)
        ref_w, ref_b = _perceptron_reference(w, b, x, y, lr)
        err = y - _act.step(w @ x + b).item()          # y - y_hat: 0 when right, +-1 when wrong
        err_ge = y - float((w @ x + b).item() >= 0)     # the same with a >= threshold
        if err == 0 and not (_close(w_new, w) and _close(b_new, b)):
            c.fail(f"for {label}, w and b must stay as they are: the rule moves the line only when "
                   "the prediction is wrong.")
        c.compare(w_new, ref_w, "w_new" + where, [
            ("the update moves the line the wrong way: check the sign of (y - y_hat).", w - lr * err * x.T),
            ("the learning rate is missing from the update.", w + err * x.T),
            ("at w·x + b = 0 exactly the neuron predicts 0: the step is 1 only above zero.",
             w + lr * err_ge * x.T),
        ])
        c.compare(b_new, ref_b, "b_new" + where, [
            ("the bias did not move. It learns like a weight whose input is always 1.", b),
            ("the bias moves the wrong way: check the sign of (y - y_hat).", b - lr * err),
            ("the learning rate is missing from the bias update.", b + err),
        ], otherwise="w_new is right, so look at how the bias is updated.")
    c.passed()


def nand_weights(w, b):
    """Check weights ``w`` (a row ``(1, 2)``) and bias ``b`` (a number) for a step neuron computing NAND.

    Any line that separates NAND's truth table the right way round passes;
    the truth table comes from ``coursekit.data.logic_gate("nand")``.
    """
    c = _Check("nand_weights")
    w = c.array(w, "w", (1, 2), none_hint="Assign your weights in the exercise cell: w = np.array([[w1, w2]]).")
    b = c.number(b, "b", none_hint="Assign your bias in the exercise cell: b = a number.")
    X, Y = _data.logic_gate("nand")
    z = w @ X + b
    y = _act.step(z)
    if np.array_equal(y, Y):
        return c.passed()
    if np.all(y != Y):
        c.fail("every output is the opposite of NAND's: your line separates the right points but "
               "labels the two sides the wrong way round.")
    j = int(np.flatnonzero(y[0] != Y[0])[0])
    x1, x2 = X[:, j]
    if z[0, j] == 0:
        c.fail(f"for the input ({x1:g}, {x2:g}), w·x + b is exactly 0, where the step outputs 0, but "
               f"NAND({x1:g}, {x2:g}) = {Y[0, j]:g}. Move the line off that point.")
    c.fail(f"for the input ({x1:g}, {x2:g}) your neuron outputs {y[0, j]:g}, but NAND({x1:g}, {x2:g}) = "
           f"{Y[0, j]:g} ({int(np.sum(y != Y))} of the 4 inputs are wrong).")


def _count_cases():
    """(description, w, b, X, Y) for :func:`count_mistakes`: many random lines on the gates."""
    rng = np.random.default_rng(11)
    cases = []
    for gate in ("and", "or", "nand", "xor"):
        X, Y = _data.logic_gate(gate)
        cases += [(f"the {gate.upper()} truth table", rng.normal(size=(1, 2)), float(rng.normal()), X, Y)
                  for _ in range(50)]
    X, Y = _data.logic_gate("xor")
    # The line x1 = x2 passes through (0, 0) and (1, 1): there w·x + b = 0 and the step says 0.
    cases.append(("the XOR truth table with a line through two of its points", np.array([[1.0, -1.0]]),
                  0.0, X, Y))
    X, Y = _data.make_blobs(30, centers=2, seed=3)
    cases += [("30 points in two clouds", rng.normal(size=(1, 2)), float(rng.normal()), X, Y)
              for _ in range(5)]
    return cases


def _mistakes(w, b, X, Y) -> int:
    return int(np.sum(_act.step(w @ X + b) != Y))


def count_mistakes(fn):
    """Check ``fn(w, b, X, Y)``: how many samples the line ``w·x + b = 0`` gets wrong.

    ``w`` is a row ``(1, n_x)``, ``b`` a float, ``X`` is ``(n_x, m)``, ``Y``
    is ``(1, m)`` of 0/1 labels. The neuron predicts ``step(w @ X + b)``; ``fn``
    returns the number of columns where the prediction differs from ``Y``, a
    whole number. Tested on 200 random lines over AND, OR, NAND and XOR, and
    on a small cloud dataset.
    """
    c = _Check("count_mistakes")
    c.function(fn, "your function fn(w, b, X, Y)")
    cases = _count_cases()
    got = np.array([c.count(c.call(fn, w, b, X, Y, context=f"w of shape {w.shape}, b = {b:g}, X of shape "
                                                           f"{X.shape}, Y of shape {Y.shape}"),
                            "the number of mistakes") for _, w, b, X, Y in cases])
    # Judged on all lines together: on one line, several mistakes can give the same count.
    ref = np.array([_mistakes(w, b, X, Y) for _, w, b, X, Y in cases])
    j = int(np.flatnonzero(got != ref)[0]) if np.any(got != ref) else 0
    label, w, b, _, _ = cases[j]
    c.compare(got, ref, "the count", [
        ("you counted the samples the line gets right; count the ones it gets wrong.",
         [X.shape[1] - r for (_, _, _, X, _), r in zip(cases, ref)]),
        ("it does not change when b does: the neuron uses z = w·x + b.",
         [_mistakes(w, 0.0, X, Y) for _, w, b, X, Y in cases]),
        ("the bias enters with the wrong sign: z = w·x + b.", [_mistakes(w, -b, X, Y) for _, w, b, X, Y in cases]),
        ("where w·x + b = 0 exactly the neuron predicts 0: the step is 1 only above zero.",
         [int(np.sum((w @ X + b >= 0) != Y)) for _, w, b, X, Y in cases]),
        ("you counted the samples predicted as 1, not the ones predicted wrongly.",
         [int(np.sum(_act.step(w @ X + b))) for _, w, b, X, Y in cases]),
    ], otherwise=(f"for {label} with w = {_fmt(w)} and b = {b:.3g} you counted {got[j]}; recompute "
                  "step(w·x + b) for each column and compare it with Y."))
    c.passed()


@functools.lru_cache(maxsize=None)
def _xor_min_mistakes() -> int:
    """The fewest XOR points any line gets wrong, by scanning many lines with the reference count."""
    X, Y = _data.logic_gate("xor")
    angles = np.linspace(0.0, 2 * np.pi, 720, endpoint=False)
    W = np.stack([np.cos(angles), np.sin(angles)], axis=1)           # (720, 2), unit normals
    offsets = np.linspace(-2.0, 2.0, 161)[:, None, None]             # (161, 1, 1)
    mistakes = np.sum(_act.step(W @ X + offsets) != Y, axis=-1)      # (161, 720)
    return int(mistakes.min())


def xor_min_mistakes(k):
    """Check ``k``: the fewest of XOR's four points that any single line gets wrong (a whole number)."""
    c = _Check("xor_min_mistakes")
    k = c.count(k, "your answer", none_hint="Assign your answer, a whole number, in the exercise cell.")
    ref = _xor_min_mistakes()
    if k == ref:
        return c.passed()
    if k < ref:
        c.fail(f"no line gets as few as {k} of XOR's points wrong. Try to draw one, or count the mistakes "
               "of many lines: what stops every line from doing better?")
    c.fail(f"some line gets fewer than {k} of XOR's points wrong; keep looking, for instance by counting "
           "the mistakes of many lines.")


# ---------------------------------------------------------- chapter 03 checks
_SIGMOID_GRID = np.array([[-6.0, -3.0, -1.5, -0.5, 0.0], [0.5, 1.5, 3.0, 6.0, 10.0]])  # increasing in order
_SIGMOID_COLUMN = np.array([[-2.0], [0.25], [4.0]])
_SIGMOID_LARGE = np.array([[-1000.0, -50.0, 50.0, 1000.0]])


def sigmoid(fn):
    """Check ``fn(Z)``, the sigmoid ``1 / (1 + e^-z)`` applied to every entry of ``Z``.

    ``Z`` is an array of any shape (here ``(2, 5)``, ``(3, 1)``, ``(1, 4)``);
    ``fn`` returns an array of the same shape, finite even for |z| = 1000.
    """
    c = _Check("sigmoid")
    c.function(fn, "your sigmoid function")
    Z = _SIGMOID_GRID
    s = c.array(c.call(fn, Z, context=f"Z of shape {Z.shape}"), "sigmoid(Z)", Z.shape,
                extra={(): "apply it to every entry, with numpy's elementwise functions (np.exp)."})
    z_flat, s_flat = Z.ravel(), s.ravel()
    if np.any((s < 0) | (s > 1)):
        j = int(np.flatnonzero((s_flat < 0) | (s_flat > 1))[0])
        c.fail(f"sigmoid's values lie between 0 and 1; at z = {z_flat[j]:g} yours is outside that range.")
    if np.all(np.diff(s_flat) <= 0):
        c.fail("your function decreases as z grows; the sigmoid increases. Check the sign inside exp.")
    if not np.all(np.diff(s_flat) >= 0):
        j = int(np.flatnonzero(np.diff(s_flat) < 0)[0])
        c.fail(f"the sigmoid increases everywhere; yours goes down between z = {z_flat[j]:g} and "
               f"z = {z_flat[j + 1]:g}.")
    s_neg = c.array(c.call(fn, -Z, context=f"Z of shape {Z.shape}"), "sigmoid(-Z)", Z.shape)
    # A loose tolerance: 1 - s loses digits where s is near 1, and the exact comparison follows.
    if not np.allclose(s_neg, 1.0 - s, rtol=0.0, atol=1e-6):
        c.fail("it is not symmetric: sigmoid(-z) must equal 1 - sigmoid(z), and yours does not "
               "(a shifted curve, or the wrong constant?).")
    ref = _act.sigmoid(Z)
    bad = int(np.argmax(np.abs(s - ref).ravel()))
    c.compare(s, ref, "sigmoid(Z)", otherwise=f"at z = {z_flat[bad]:g} your value is "
              f"{'too large' if s_flat[bad] > ref.ravel()[bad] else 'too small'}.")
    Z = _SIGMOID_COLUMN
    c.compare(c.array(c.call(fn, Z, context=f"Z of shape {Z.shape}"), "sigmoid(Z) for a column Z", Z.shape),
              _act.sigmoid(Z), "sigmoid(Z) for a column Z")
    Z = _SIGMOID_LARGE
    s = c.array(c.call(fn, Z, context=f"Z of shape {Z.shape} with |z| up to 1000"),
                "sigmoid(Z) for large |z|", Z.shape, finite=False)
    if not np.all(np.isfinite(s)):
        j = int(np.flatnonzero(~np.isfinite(s.ravel()))[0])
        c.fail(f"at z = {Z.ravel()[j]:g} your sigmoid gives {s.ravel()[j]} because exp overflowed. "
               "Arrange the formula so that an overflowing exp ends up in a denominator.")
    c.compare(s, _act.sigmoid(Z), "sigmoid(Z) for large |z|")
    c.passed()


def _gradient_cases():
    """(description, w, b, X, Y) for :func:`vectorised_logistic_gradient`, fixed by a seed."""
    rng = np.random.default_rng(5)
    return [
        ("n_x = 3 features and m = 8 samples", rng.normal(size=(3, 1)), 0.3, rng.normal(size=(3, 8)),
         np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])),
        ("n_x = 4 features and m = 5 samples", rng.normal(size=(4, 1)), -0.7, rng.normal(size=(4, 5)),
         np.array([[1.0, 1.0, 0.0, 1.0, 0.0]])),
        ("one feature and one sample", np.array([[0.5]]), 0.2, np.array([[1.5]]), np.array([[1.0]])),
    ]


def vectorised_logistic_gradient(fn):
    """Check ``fn(w, b, X, Y) -> (dw, db)``, the gradient of logistic regression's cost.

    ``w`` is a column ``(n_x, 1)``, ``b`` a float, ``X`` is ``(n_x, m)`` with
    one sample per column and ``Y`` is ``(1, m)`` of 0/1 labels. With
    ``A = sigmoid(w^T X + b)`` and the mean cross-entropy cost,
    ``dw = X (A - Y)^T / m`` of shape ``(n_x, 1)`` and ``db = mean(A - Y)``, a
    number (a one-entry array is fine). Compared with
    ``coursekit.regression.logistic_gradient``. A check cannot see whether the
    code loops; the chapter's timing cell shows why it should not.
    """
    c = _Check("vectorised_logistic_gradient")
    c.function(fn, "your gradient function fn(w, b, X, Y)")
    for label, w, b, X, Y in _gradient_cases():
        (n, m), where = X.shape, f" for {label}"
        out = c.call(fn, w, b, X, Y, context=f"w of shape {w.shape}, b = {b:g}, X of shape {X.shape}, "
                                             f"Y of shape {Y.shape}")
        if isinstance(out, (tuple, list)) and len(out) == 3:
            c.fail("the function returns three things; return just the pair (dw, db).")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (dw, db); got {_kind(out)}.")
        dw = c.array(out[0], "dw" + where, (n, 1), extra={
            (n, m): "one column per sample. Add the samples' contributions up (a matrix product with "
                    "dZ.T does that) and divide by m."})
        db = c.number(out[1], "db" + where, extra={
            (1, m): "That is one value per sample: db is their mean."})
        ref_dw, ref_db, _ = _logistic_gradient(w, b, X, Y)
        Zl = w.T @ X + b
        A = _act.sigmoid(Zl)
        A0 = _act.sigmoid(w.T @ X)
        dZ_mse, dZ_lin = (A - Y) * A * (1 - A), Zl - Y   # two wrong derivatives
        common = [
            ("the sign is flipped. For the cross-entropy cost dZ = A - Y, prediction minus label.", -1.0),
            ("it is m times too large. The cost is a mean over the samples, so divide by m.", m),
            ("off by one: divide by m, the number of samples.", m / (m - 1) if m > 1 else None),
        ]
        dw_alts = [(hint, None if f is None else f * ref_dw) for hint, f in common] + [
            ("it is divided by the number of features, not the number of samples m.",
             ref_dw * m / n if n != m else None),
            ("it does not change with b: z = wᵀx + b includes the bias.", X @ (A0 - Y).T / m),
            ("that is the derivative of the squared error. With the cross-entropy cost, the sigmoid's "
             "derivative cancels and dL/dz = a - y.", X @ dZ_mse.T / m),
            ("it uses z where a = sigmoid(z) belongs: dZ = A - Y.", X @ dZ_lin.T / m),
        ]
        c.compare(dw, ref_dw, "dw" + where, dw_alts)
        db_alts = [(hint, None if f is None else f * ref_db) for hint, f in common] + [
            ("it does not change with b: z = wᵀx + b includes the bias.", float(np.mean(A0 - Y))),
            ("that is the derivative of the squared error. With the cross-entropy cost, the sigmoid's "
             "derivative cancels and dL/dz = a - y.", float(np.mean(dZ_mse))),
            ("it uses z where a = sigmoid(z) belongs: dZ = A - Y.", float(np.mean(dZ_lin))),
        ]
        c.compare(db, ref_db, "db" + where, db_alts)
    c.passed()
