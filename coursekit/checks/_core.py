"""The machinery every check shares: input validation, comparison with a reference, hints."""

from __future__ import annotations

import functools
import numbers
import warnings

import numpy as np

from .. import activations as _act

__all__ = [
    "RTOL", "ATOL", "describe", "is_close", "fmt_vector", "Check", "sigmoid_prime_applied_to",
]


# Tolerances for comparing a learner's floats with the reference: loose enough
# for any correct order of floating-point operations, far tighter than any mistake.
RTOL = 1e-6
ATOL = 1e-9


# ------------------------------------------------------------------ helpers
def describe(value) -> str:
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


def is_close(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def fmt_vector(x) -> str:
    """Format an input vector for a hint: (1, 2) rather than [[1.] [2.]]."""
    return "(" + ", ".join(f"{v:g}" for v in np.ravel(x)) + ")"


class Check:
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
            self.fail(f"expected {what}; got {describe(fn)}. Pass the function itself, without "
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
            self.fail(f"{what} must be a numpy array of shape {shape}; got {describe(value)}.")
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
            return (f"{what} is a 1-D array of shape {got}; expected {want}. 1-D arrays broadcast "
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
            self.fail(f"{what} must be a number; got {describe(value)}.")
        if isinstance(value, np.ndarray):
            if value.size != 1:
                hint = (extra or {}).get(value.shape, "")
                self.fail(f"{what} must be one number; got an array of shape {value.shape}. {hint}".rstrip())
            if value.dtype.kind not in "iuf":
                self.fail(f"{what} must be a number; got an array of dtype {value.dtype}.")
            value = value.item()
        if not isinstance(value, numbers.Real):
            self.fail(f"{what} must be a number; got {describe(value)}.")
        if not np.isfinite(value):
            self.fail(f"{what} is {value}, not a finite number.")
        return float(value)

    def count(self, value, what: str, *, none_hint: str = "") -> int:
        """``value`` as a whole number (an int, or a float or one-entry array holding one)."""
        if isinstance(value, np.ndarray) and value.size > 1:
            self.fail(f"{what} must be one whole number; got an array of shape {value.shape}. "
                      "Did you forget to add the entries up?")
        if isinstance(value, (list, tuple)):
            self.fail(f"{what} must be one whole number; got {describe(value)}.")
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
        if is_close(got, ref):
            return
        matches = [hint for hint, alt in alternatives
                   if alt is not None and not is_close(alt, ref) and is_close(got, alt)]
        if len(set(matches)) == 1:
            self.fail(f"{what} is wrong: {matches[0]}")
        if not otherwise and np.ndim(ref) > 0:
            err = np.abs(np.asarray(got, dtype=np.float64) - ref)
            idx = [int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape)]
            otherwise = f"the largest error is at entry {idx}."
        self.fail(f"{what} is wrong{': ' + otherwise if otherwise else '.'}")


def sigmoid_prime_applied_to(V):
    """sigmoid'(V): what comes out when sigmoid' is applied to a, not to z (a common slip in
    backpropagation exercises; chapter 04's checks name it)."""
    s = _act.sigmoid(V)
    return s * (1.0 - s)
