"""Values as plain data: what a student's object becomes on its way to the grader, and back.

:func:`encode` turns a value into a tree of builtins and tagged tuples; :func:`decode` rebuilds
it from plain types only. Tags (a tuple is always a tag, never a value):

    ("t", [items]) tuple      ("l", [items]) list        ("d", [(key, value), ...]) dict
    ("s", [items]) set        ("f", [items]) frozenset   ("c", real, imag) complex
    ("a", dtype, shape, raw) numpy array                 ("g", dtype, raw) numpy scalar
    ("a-obj", shape, [items]) numpy array of objects
    ("p", handle, type name) a callable left behind      ("x", type name) anything else

A callable is not sent: the sender keeps it under a handle and the receiver gets a stand-in
(``make_proxy(handle, type_name)``) that asks the sender to call it. Anything else that is not
plain data (an open file, a generator, a module) arrives as an empty object of a class with
the original type's name, so a check can still say "got a generator".
"""
from __future__ import annotations

import numpy as np

from .wire import DTYPE, ProtocolError

__all__ = [
    "MAX_DEPTH", "decode", "encode", "opaque",
]

#: How deep containers may nest; deeper (or cyclic) values are refused.
MAX_DEPTH = 200


def encode(value, register, depth: int = 0):
    """``value`` as plain data; ``register(obj) -> handle`` keeps a callable on this side."""
    if depth > MAX_DEPTH:
        raise ValueError(f"the value nests deeper than {MAX_DEPTH} levels (or contains itself)")
    if value is None or type(value) in (bool, int, float, str, bytes):
        return value
    if isinstance(value, np.ndarray):
        return _encode_array(value, register, depth)
    if isinstance(value, np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind == "O":
            return encode(value.item(), register, depth + 1)
        if not DTYPE.match(arr.dtype.str):
            return ("x", f"numpy.{type(value).__name__}")
        return ("g", arr.dtype.str, arr.tobytes())
    # Subclasses of the builtins arrive as their base type: the base's own method reads the
    # value, so an overridden __int__, __float__ or __eq__ plays no part.
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, complex):
        return ("c", complex.real.__get__(value), complex.imag.__get__(value))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(memoryview(value))
    return _encode_container(value, register, depth)


def _encode_array(value, register, depth):
    arr = np.asarray(value).view(np.ndarray)            # a subclass loses its methods here
    if arr.dtype.kind == "O":
        return ("a-obj", list(arr.shape), [encode(v, register, depth + 1) for v in arr.ravel().tolist()])
    if not DTYPE.match(arr.dtype.str):
        return ("x", f"numpy array of dtype {arr.dtype}")
    return ("a", arr.dtype.str, list(arr.shape), np.ascontiguousarray(arr).tobytes())


def _encode_container(value, register, depth):
    items = lambda seq: [encode(v, register, depth + 1) for v in seq]   # noqa: E731
    if isinstance(value, tuple):
        return ("t", items(tuple.__iter__(value)))
    if isinstance(value, list):
        return ("l", items(list.__iter__(value)))
    if isinstance(value, dict):
        return ("d", [(encode(k, register, depth + 1), encode(v, register, depth + 1))
                      for k, v in dict.items(value)])
    if isinstance(value, frozenset):
        return ("f", items(frozenset.__iter__(value)))
    if isinstance(value, set):
        return ("s", items(set.__iter__(value)))
    if callable(value):
        return ("p", register(value), type(value).__name__)
    return ("x", type(value).__name__)


_OPAQUE: dict[str, type] = {}


def opaque(type_name: str):
    """An empty object whose class bears ``type_name``: what a non-data value becomes."""
    name = str(type_name)[:80] or "object"
    if name not in _OPAQUE:
        _OPAQUE[name] = type(name, (), {"__repr__": lambda self: f"<{name} (not data)>"})
    return _OPAQUE[name]()


def decode(tree, make_proxy, depth: int = 0):
    """The value ``tree`` describes, built from plain types; ``make_proxy(handle, name)`` for a callable."""
    if depth > MAX_DEPTH:
        raise ProtocolError("the value nests too deeply")
    if tree is None or type(tree) in (bool, int, float, str, bytes):
        return tree
    if type(tree) is not tuple or not tree or type(tree[0]) is not str:
        raise ProtocolError(f"unexpected {type(tree).__name__} in a value")
    tag, rest = tree[0], tree[1:]
    sub = lambda seq: [decode(v, make_proxy, depth + 1) for v in _as_list(seq)]   # noqa: E731
    if tag == "t":
        return tuple(sub(rest[0]))
    if tag == "l":
        return sub(rest[0])
    if tag == "s":
        return set(sub(rest[0]))
    if tag == "f":
        return frozenset(sub(rest[0]))
    if tag == "d":
        return {decode(k, make_proxy, depth + 1): decode(v, make_proxy, depth + 1)
                for k, v in _as_list(rest[0])}
    if tag == "c":
        return complex(float(rest[0]), float(rest[1]))
    if tag in ("a", "g", "a-obj"):
        return _decode_array(tag, rest, make_proxy, depth)
    if tag == "p":
        return make_proxy(int(rest[0]), str(rest[1]))
    if tag == "x":
        return opaque(rest[0])
    raise ProtocolError(f"unknown tag {tag!r}")


def _as_list(seq):
    if type(seq) is not list:
        raise ProtocolError("a container's items must come as a list")
    return seq


def _decode_array(tag, rest, make_proxy, depth):
    if tag == "a-obj":
        shape, items = rest
        out = np.empty(len(_as_list(items)), dtype=object)
        for i, item in enumerate(items):
            out[i] = decode(item, make_proxy, depth + 1)
        return out.reshape([int(n) for n in _as_list(shape)])
    dtype_str, raw = rest[0], rest[-1]
    if type(dtype_str) is not str or not DTYPE.match(dtype_str) or type(raw) is not bytes:
        raise ProtocolError("a malformed numpy value")
    flat = np.frombuffer(raw, dtype=np.dtype(dtype_str)).copy()
    if tag == "g":
        if flat.size != 1:
            raise ProtocolError("a numpy scalar must hold one value")
        return flat[0]
    shape = [int(n) for n in _as_list(rest[1])]
    if int(np.prod(shape, dtype=np.int64)) != flat.size or any(n < 0 for n in shape):
        raise ProtocolError("a numpy array's shape does not match its data")
    return flat.reshape(shape)
