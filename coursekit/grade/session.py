"""The grader's side of one notebook's process: start it, talk to it, stop it.

The process runs in a session of its own, so at the wall-time limit the grader kills its
whole process group (any process the notebook started included). Every wait on the process
is bounded by the one deadline of the notebook; the grader's own code never waits longer.

A student's callable reaches the checks as a :class:`StudentFunction`: calling it sends the
arguments to the notebook's process, which calls the student's object there and sends the
result back as data. When the process is gone or out of time, the call raises
:class:`NotebookStopped`, a ``BaseException``, so that no check mistakes it for an error of
the student's function (checks turn ``Exception`` into a hint).
"""
from __future__ import annotations

import builtins
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import wire
from .values import decode, encode

__all__ = [
    "NotebookDied", "NotebookProcess", "NotebookStopped", "NotebookTimeout", "StudentError",
    "StudentFunction", "rebuild_exception", "write_back",
]

_BOOT = ("import sys; sys.path.insert(0, {root!r}); "
         "from coursekit.grade.child import boot; boot()")


class NotebookStopped(BaseException):
    """The notebook's process can no longer answer: see the subclasses."""


class NotebookTimeout(NotebookStopped):
    """The wall-time limit was reached."""


class NotebookDied(NotebookStopped):
    """The process ended, or broke the protocol."""


class StudentError(Exception):
    """An exception raised by a student's code, rebuilt from its type name and message."""


_BUILTIN_ERRORS = {name: cls for name, cls in vars(builtins).items()
                   if isinstance(cls, type) and issubclass(cls, Exception)}


def rebuild_exception(type_name: str, message: str) -> Exception:
    """An ``Exception`` that reads like the student's (``ValueError: ...``), never a BaseException.

    ``NotImplementedError`` stays itself, since checks pass the unfinished stub through.
    """
    prefix = f"{type_name}: "
    text = message[len(prefix):] if message.startswith(prefix) else ("" if message == type_name else message)
    cls = _BUILTIN_ERRORS.get(type_name)
    if cls is None:
        cls = type(str(type_name)[:80] or "Error", (StudentError,), {})
    try:
        return cls(text)
    except Exception:                          # a builtin whose constructor wants other arguments
        return type(type_name, (StudentError,), {})(text)


class NotebookProcess:
    """One student's notebook running under limits, and the channel to it."""

    def __init__(self, workdir: Path, notebook: str, *, timeout: float, memory: int | None,
                 block_network: bool = True):
        self.workdir, self.notebook = Path(workdir), notebook
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.settings = {"notebook": notebook, "memory": memory, "block_network": block_network,
                         "cpu": int(timeout) + 10}
        self.proc = None
        self.requests = self.replies = None
        self.cell = None                      # the cell the process was last running
        self.activity = ""                    # what the grader is asking of it, if anything
        self.hello: dict = {}

    def start(self) -> None:
        root = str(Path(__file__).resolve().parents[2])       # the coursekit the grader runs
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        # -I: the student's folder is not on sys.path while the child starts, so a file named
        # coursekit.py (or numpy.py) there cannot replace the child's own code.
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT.format(root=root), str(to_child), str(from_child),
             json.dumps(self.settings)],
            cwd=self.workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(to_child, from_child), start_new_session=True)
        os.close(to_child)
        os.close(from_child)
        self.requests, self.replies = from_parent, to_parent
        self.hello = self.next_event()

    # -- messages
    def next_event(self) -> dict:
        """The next message from the process; raises NotebookStopped when there is none to come."""
        try:
            message = wire.receive(self.replies, self.deadline)
        except wire.ChannelTimeout:
            self.stop()
            raise NotebookTimeout(f"the notebook ran past the {self.timeout:g} s limit"
                                  f"{self._where()}") from None
        except (wire.ChannelClosed, wire.ProtocolError, OSError) as err:
            self.stop()
            raise NotebookDied(self._death(err)) from None
        if not isinstance(message, dict):
            self.stop()
            raise NotebookDied("the notebook's process sent something that is not a message")
        if message.get("event") == "cell" and isinstance(message.get("index"), int):
            self.cell = message["index"]
        return message

    def request(self, message: dict) -> dict:
        """Send a request and return its reply, skipping nothing: a reply is the next message."""
        if self.requests is None:
            raise NotebookDied(self._death("the channel is closed"))
        try:
            wire.send(self.requests, message)
        except OSError as err:
            self.stop()
            raise NotebookDied(self._death(err)) from None
        return self.next_event()

    def tell(self, op: str) -> None:
        if self.requests is None:
            raise NotebookDied(self._death("the channel is closed"))
        try:
            wire.send(self.requests, {"op": op})
        except OSError as err:
            self.stop()
            raise NotebookDied(self._death(err)) from None

    def _where(self) -> str:
        if self.activity:
            return f" (while {self.activity})"
        return f" (while running code cell {self.cell + 1})" if self.cell is not None else ""

    def _death(self, err) -> str:
        code = self.proc.poll() if self.proc is not None else None
        if code is None:
            try:
                code = self.proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                code = None
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        elif code is not None:
            how = f"exited with status {code}"
        else:
            how = f"stopped answering ({err})"
        return f"the notebook's process ended ({how}){self._where()}"

    # -- student objects
    def evaluate(self, expr: str):
        """Evaluate ``expr`` in the notebook's namespace; returns ``("ok", value)`` or ``("raised", info)``."""
        reply = self.request({"op": "eval", "expr": expr})
        return self._outcome(reply)

    def call(self, handle: int, args: tuple, kwargs: dict):
        reply = self.request({"op": "call", "handle": handle, "args": encode(list(args), _parent_side),
                              "kwargs": encode(kwargs, _parent_side)})
        kind, value = self._outcome(reply)
        if kind == "ok":
            try:
                after = decode(reply.get("args_after"), self._proxy)
            except wire.ProtocolError:
                after = None
            write_back(list(args), after)
        return kind, value

    def _outcome(self, reply: dict):
        if "raised" in reply:
            info = reply["raised"]
            if not (isinstance(info, tuple) and len(info) == 3):
                raise NotebookDied("the notebook's process sent a malformed reply")
            return "raised", (str(info[0]), str(info[1]), info[2] if isinstance(info[2], str) else None)
        try:
            return "ok", decode(reply.get("ok"), self._proxy)
        except wire.ProtocolError as err:
            return "raised", ("TransferError", f"TransferError: {err}", None)

    def _proxy(self, handle: int, type_name: str):
        return StudentFunction(self, handle, type_name)

    def stop(self) -> None:
        """Kill the process group (whatever the notebook started too) and close the channel."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for fd in (self.requests, self.replies):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.requests = self.replies = None

    def quit(self) -> None:
        try:
            self.tell("quit")
        except NotebookStopped:
            pass
        self.stop()


def _parent_side(obj):
    raise TypeError(f"cannot send {type(obj).__name__} to the notebook: only data goes there")


def write_back(originals, after) -> None:
    """Copy what the student's call did to its (copied) arguments onto the grader's originals."""
    if isinstance(originals, np.ndarray):
        if isinstance(after, np.ndarray) and after.shape == originals.shape and originals.flags.writeable:
            try:
                np.copyto(originals, after, casting="unsafe")
            except (TypeError, ValueError):
                pass
        return
    if isinstance(originals, (list, tuple)) and isinstance(after, (list, tuple)) and len(after) == len(originals):
        for i, (orig, new) in enumerate(zip(originals, after)):
            if isinstance(orig, (np.ndarray, list, tuple)):
                write_back(orig, new)
            elif isinstance(originals, list) and type(new) is type(orig):
                originals[i] = new


class StudentFunction:
    """A student's callable, left in the notebook's process; calling it calls it there."""

    def __init__(self, process: NotebookProcess, handle: int, type_name: str):
        self._process, self._handle = process, handle
        self.__name__ = self.__qualname__ = f"student {type_name}"

    def __call__(self, *args, **kwargs):
        kind, value = self._process.call(self._handle, args, kwargs)
        if kind == "ok":
            return value
        type_name, message, _ = value
        raise rebuild_exception(type_name, message)

    def __repr__(self):
        return f"<{self.__name__} in the notebook's process>"
