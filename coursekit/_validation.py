"""Input validation shared by every public function in coursekit.

Every check raises ``TypeError`` (wrong kind of thing) or ``ValueError``
(right kind, wrong value) with a message that names the argument, says what
was expected and shows what came, so a learner never has to read a numpy
traceback to find their mistake.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_array", "as_matrix", "same_samples", "binary_labels", "one_hot_labels", "choice", "number"]


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"{type(value).__name__} {value!r}" if np.isscalar(value) or value is None else type(value).__name__


def _numeric(value, name: str, expected: str) -> np.ndarray:
    """``value`` as a float64 array of any shape, or ``TypeError`` if it is not numbers.

    Booleans, integers and reals are accepted. Strings (even "1.5"), ``None``,
    complex numbers and objects numpy cannot read as reals are refused rather
    than silently turned into NaN, parsed, or stripped of an imaginary part.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be {expected}; got {_describe(value)}.")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind not in "biufO":  # strings, complex, dates: not real numbers
            raise TypeError
        if raw.dtype.kind == "O" and any(v is None or isinstance(v, (str, bytes)) for v in raw.flat):
            raise TypeError  # astype would turn None into NaN and parse strings
        return raw.astype(np.float64, copy=False)  # no copy for float64 input, as np.asarray
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {expected}; got {_describe(value)} "
                        "that cannot be read as real numbers.") from None


def as_array(value, name: str, what: str = "a numeric array") -> np.ndarray:
    """Return ``value`` as a float64 array of any shape (scalars included).

    For elementwise functions such as activations. NaN and inf are let
    through: they propagate to the result, as in numpy.
    """
    return _numeric(value, name, what)


def as_matrix(value, name: str, *, rows: int | None = None, cols: int | None = None,
              what: str = "(n_features, m)", finite: bool = True, m_name: str = "m") -> np.ndarray:
    """Return ``value`` as a 2-D float64 array, or raise a clear error.

    ``rows`` and ``cols`` fix a dimension when the caller knows it. Samples are
    columns in this course, so an array whose shape is the transpose of the
    expected one gets a hint to use ``.T``. 1-D arrays are refused: they
    are the most common silent-broadcasting bug in numpy code. ``m_name``
    names the free dimension in messages (``(2, m)``, or ``(2, k)`` for centres).
    """
    arr = _numeric(value, name, f"a 2-D numeric array {what}")
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (f" A 1-D array is ambiguous: use {name}.reshape(1, -1) for one row "
                    f"or {name}.reshape(-1, 1) for one column.")
        raise ValueError(f"{name} must be a 2-D array {what}; got shape {arr.shape}.{hint}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}.")
    if rows is not None and arr.shape[0] != rows:
        hint = ""
        if arr.shape[1] == rows:
            hint = f" Did you mean {name}.T? Samples are columns in this course."
        shape = f"({rows}, {m_name})" if cols is None else f"({rows}, {cols})"
        raise ValueError(f"{name} must be {what} = {shape}; got {arr.shape}.{hint}")
    if cols is not None and arr.shape[1] != cols:
        shape = f"(n, {cols})" if rows is None else f"({rows}, {cols})"
        raise ValueError(f"{name} must be {what} = {shape}; got {arr.shape}.")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers; it holds "
                         f"{int(np.sum(~np.isfinite(arr)))} NaN or inf value(s).")
    return arr


def same_samples(X: np.ndarray, Y: np.ndarray, x_name: str = "X", y_name: str = "Y") -> None:
    """Refuse ``X`` and ``Y`` with different numbers of samples (columns)."""
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"{x_name} and {y_name} must have the same number of samples (columns); "
                         f"got {x_name} {X.shape} and {y_name} {Y.shape}.")


def binary_labels(Y: np.ndarray, name: str = "Y", why: str = "") -> None:
    """Refuse labels outside {0, 1}."""
    bad = (Y != 0) & (Y != 1)
    if np.any(bad):
        found = np.unique(Y[bad])[:5]
        raise ValueError(f"{name} must hold labels in {{0, 1}}{why}; found {found.tolist()}.")


def one_hot_labels(Y: np.ndarray, name: str = "Y") -> None:
    """Refuse a ``Y`` whose columns are not one-hot (for softmax with "ce")."""
    if np.any((Y != 0) & (Y != 1)) or not np.all(Y.sum(axis=0) == 1):
        raise ValueError(f"{name} must be one-hot: each column holds a single 1 and zeros elsewhere "
                         "(use coursekit.data.one_hot to convert class indices).")


def choice(value, name: str, options) -> str:
    """Return ``value`` if it is one of ``options`` (strings), else list them."""
    options = list(options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}; got {_describe(value)}.")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; valid names are {options}.")
    return value


def number(value, name: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, integer: bool = False, allow_none: bool = False):
    """Return ``value`` checked as a real (or integer) number in a range.

    ``low_open`` makes the lower bound strict (``value > low``).
    """
    if value is None and allow_none:
        return None
    kind = "an integer" if integer else "a number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {kind}; got {_describe(value)}.")
    if integer and not isinstance(value, numbers.Integral):
        if float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer; got {value!r}.")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value!r}.")
    if low is not None and (value <= low if low_open else value < low):
        bound = f"greater than {low}" if low_open else f"at least {low}"
        raise ValueError(f"{name} must be {bound}; got {value!r}.")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}; got {value!r}.")
    return int(value) if integer else float(value)
