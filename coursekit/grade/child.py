"""A student's notebook, run in a process of its own; the grader (the parent) talks to it.

Started by :mod:`coursekit.grade.session` in a temporary copy of the student's folder as
``python -I -c <boot> <request fd> <reply fd> <settings JSON>``. It limits itself (see
:mod:`coursekit.grade.limits`), then runs the notebook's code cells in order in one namespace,
like Run All with errors allowed: each cell runs under ``try/except BaseException``, so an
error, ``sys.exit`` or ``KeyboardInterrupt`` in one cell does not stop the next.

Where a cell has a top-level ``checks.<name>(...)`` statement the child does not run it:
it stops there and tells the grader (a *checkpoint*), then answers the grader's requests
(evaluate an expression, call an object) until told to go on. So each exercise is graded at
the point in the notebook where its check stood, with the names as they are there. After
the last cell it answers requests until told to quit.

Printed output goes to a sink that keeps nothing (the parent also points file descriptors 1
and 2 at /dev/null): grading never reads output, and a flood costs no memory.
"""
from __future__ import annotations

import ast
import json
import os
import sys
import traceback

from . import limits, wire
from .exercises import check_call, code_cells, neutralise_magics
from .values import encode

__all__ = [
    "Child", "MAX_MESSAGE", "boot", "describe", "main",
]

MAX_MESSAGE = 400


class _Sink:
    """A text stream that counts what is written and keeps none of it."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self):
        self.chars = 0

    def write(self, text):
        self.chars += len(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("output is discarded while grading")


def describe(err: BaseException) -> str:
    """``Type: message``, one line, short: what the gradebook shows for an error."""
    try:
        text = str(err)
    except BaseException:                     # a student's exception whose __str__ fails
        text = ""
    line = f"{type(err).__name__}: {text}" if text else type(err).__name__
    line = " ".join(line.split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."


class Child:
    """The namespace, the objects handed to the grader, and the conversation with it."""

    def __init__(self, request_fd: int, reply_fd: int):
        self.requests, self.replies = request_fd, reply_fd
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.handles: list = []
        self.errors: list = []                # (cell index, description) since the last checkpoint

    def register(self, obj) -> int:
        self.handles.append(obj)
        return len(self.handles) - 1

    def send(self, message) -> None:
        wire.send(self.replies, message)

    # -- answering the grader
    def serve(self) -> str:
        """Answer requests until the grader says ``continue`` or ``quit``; returns which."""
        while True:
            request = wire.receive(self.requests)
            op = request.get("op") if isinstance(request, dict) else None
            if op in ("continue", "quit"):
                return op
            try:
                reply = self.answer(op, request)
            except BaseException as err:      # whatever the student's code does, the child answers
                reply = {"raised": (type(err).__name__, describe(err), _name_of(err))}
            try:
                self.send(reply)
            except Exception as err:          # e.g. a value too large to send
                self.send({"raised": ("TransferError", describe(err), None)})

    def answer(self, op, request):
        from .values import decode

        if op == "eval":
            value = eval(compile(request["expr"], "<grader>", "eval"), self.namespace)
            return {"ok": encode(value, self.register)}
        if op == "call":
            fn = self.handles[request["handle"]]
            args = decode(request["args"], _no_proxy)
            kwargs = decode(request["kwargs"], _no_proxy)
            result = fn(*args, **kwargs)
            # The arguments as the call left them, so the grader can see an in-place edit.
            return {"ok": encode(result, self.register), "args_after": encode(args, self.register)}
        raise ValueError(f"unknown request {op!r}")

    # -- running the notebook
    def run_cell(self, index: int, source: str) -> None:
        self.send({"event": "cell", "index": index})
        try:
            tree = ast.parse(neutralise_magics(source), filename=f"<cell {index + 1}>")
        except BaseException as err:
            self.errors.append((index, describe(err)))
            return
        segment = []
        for stmt in tree.body:
            call = check_call(stmt)
            if call is None:
                segment.append(stmt)
                continue
            self.execute(index, segment)
            segment = []
            self.send({"event": "checkpoint", "name": call.func.attr, "cell": index, "errors": self.errors})
            self.errors = []
            if self.serve() == "quit":
                raise SystemExit(0)
        self.execute(index, segment)

    def execute(self, index: int, statements) -> None:
        if not statements:
            return
        try:
            code = compile(ast.Module(body=statements, type_ignores=[]), f"<cell {index + 1}>", "exec")
            exec(code, self.namespace)
        except BaseException as err:          # SystemExit and KeyboardInterrupt included
            self.errors.append((index, describe(err)))
        finally:
            pyplot = sys.modules.get("matplotlib.pyplot")
            if pyplot is not None:
                try:
                    pyplot.close("all")       # figures are never looked at; free them
                except BaseException:
                    pass


def _no_proxy(handle, type_name):
    raise wire.ProtocolError("the grader sends data only")


def _name_of(err: BaseException):
    """The missing name of a NameError, so the grader can say which name is not defined."""
    return err.name if isinstance(err, NameError) and isinstance(getattr(err, "name", None), str) else None


def _load_cells(filename: str) -> list[str]:
    with open(filename, "rb") as f:
        raw = f.read()
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ValueError(f"the notebook is not valid JSON ({describe(err)})") from None
    return code_cells(notebook)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    request_fd, reply_fd, settings = int(argv[0]), int(argv[1]), json.loads(argv[2])
    failed = limits.set_resource_limits(settings.get("memory"), settings.get("cpu"))
    network = limits.block_network() if settings.get("block_network", True) else "not blocked: not asked to"
    import numpy  # noqa: F401  (trusted imports before the student's code, which then finds them loaded)

    sys.stdout = sys.stderr = _Sink()
    sys.path.insert(0, os.getcwd())          # as in Jupyter: modules next to the notebook import
    child = Child(request_fd, reply_fd)
    child.send({"event": "hello", "network": network, "limits_not_set": failed, "pid": os.getpid()})
    try:
        cells = _load_cells(settings["notebook"])
    except (OSError, ValueError) as err:
        child.send({"event": "broken", "message": str(err) if isinstance(err, ValueError) else describe(err)})
        child.serve()
        return
    for index, source in enumerate(cells):
        child.run_cell(index, source)
    child.send({"event": "done", "errors": child.errors})
    child.serve()


def boot() -> None:
    """The process's entry point: run, then leave at once (no student atexit hook, no thread, waits)."""
    try:
        main()
    except (wire.ChannelClosed, BrokenPipeError, SystemExit):
        os._exit(0)                           # done, or the grader went away
    except BaseException:
        traceback.print_exc(file=sys.__stderr__)
        os._exit(3)
    os._exit(0)
