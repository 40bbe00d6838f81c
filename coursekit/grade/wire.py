"""The channel between the grader and a notebook's process: framed messages of plain data.

Everything that crosses from a student's process to the grader is *data*, never code: the
sender turns a value into a tree of builtins (numbers, strings, bytes and tagged tuples for
containers and numpy arrays), and the receiver unpickles that tree with an unpickler that
refuses every class lookup, so no ``__reduce__`` trick can run code in the grader. The
receiver rebuilds plain lists, dicts and float64-or-whatever numpy arrays from the tags; a
student's subclass arrives as its base type, with none of its methods.

A frame is an 8-byte big-endian length followed by that many bytes of pickle.
"""
from __future__ import annotations

import io
import os
import pickle
import re
import select
import struct
import time

__all__ = [
    "ChannelClosed", "ChannelTimeout", "MAX_FRAME", "ProtocolError", "receive", "send", "DTYPE",
    "HEADER",
]

#: The largest frame either side accepts: far above any exercise's answer, far below memory.
MAX_FRAME = 256 * 2**20
HEADER = struct.Struct(">Q")
# The numpy types that may cross: byte order, kind (bool, ints, floats, complex, text), size.
DTYPE = re.compile(r"^[<>|=][biufcUS]\d{1,3}$")


class ChannelClosed(EOFError):
    """The other side closed the channel or died."""


class ChannelTimeout(TimeoutError):
    """No message came before the deadline."""


class ProtocolError(ValueError):
    """A frame that is not a well-formed message (too large, or not plain data)."""


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles builtins only: any class or function named in the stream is refused."""

    def find_class(self, module, name):
        raise ProtocolError(f"the message names {module}.{name}; only plain data may cross")

    def persistent_load(self, pid):
        raise ProtocolError("the message holds a persistent reference; only plain data may cross")


def send(fd: int, message) -> None:
    """Write one frame holding ``message`` (a tree of builtins) to ``fd``."""
    body = pickle.dumps(message, protocol=4)
    if len(body) > MAX_FRAME:
        raise ProtocolError(f"a message of {len(body)} bytes is over the limit of {MAX_FRAME}")
    data = memoryview(HEADER.pack(len(body)) + body)
    while data:
        data = data[os.write(fd, data):]


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, left = [], n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise ChannelTimeout("no answer before the time limit")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, deadline: float | None = None):
    """Read one frame from ``fd`` and return its plain-data message.

    ``deadline`` is a ``time.monotonic()`` instant; past it, :class:`ChannelTimeout`.
    """
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    if size > MAX_FRAME:
        raise ProtocolError(f"a message of {size} bytes is over the limit of {MAX_FRAME}")
    body = _read_exactly(fd, size, deadline)
    try:
        return _PlainUnpickler(io.BytesIO(body)).load()
    except ProtocolError:
        raise
    except Exception as err:          # a truncated or forged stream: data, never a crash
        raise ProtocolError(f"a malformed message ({type(err).__name__}: {err})") from None
