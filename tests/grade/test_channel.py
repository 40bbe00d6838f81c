"""The grader's channel and limits: only data crosses, and the notebook's process is contained."""
from __future__ import annotations

import json
import os
import pickle
import sys

import numpy as np
import pytest

from coursekit.grade import values, wire
from coursekit.grade.exercises import course_chapters
from coursekit.grade.session import NotebookProcess, StudentError, rebuild_exception


class Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def _frame(obj) -> bytes:
    r, w = os.pipe()
    body = pickle.dumps(obj)
    os.write(w, wire.HEADER.pack(len(body)) + body)
    os.close(w)
    return r


def test_a_frame_naming_any_class_is_refused():
    fd = _frame(Payload())
    with pytest.raises(wire.ProtocolError, match="only plain data"):
        wire.receive(fd)
    os.close(fd)


def test_a_frame_over_the_size_limit_is_refused():
    r, w = os.pipe()
    os.write(w, wire.HEADER.pack(wire.MAX_FRAME + 1))
    with pytest.raises(wire.ProtocolError, match="over the limit"):
        wire.receive(r)
    os.close(r)
    os.close(w)


def test_a_silent_sender_times_out():
    r, w = os.pipe()
    import time
    with pytest.raises(wire.ChannelTimeout):
        wire.receive(r, deadline=time.monotonic() + 0.05)
    os.close(r)
    os.close(w)


class Liar(float):
    def __eq__(self, other):
        return True


class Arr(np.ndarray):
    def __eq__(self, other):
        return True


def test_values_cross_as_plain_types_with_no_student_methods():
    handles = []
    value = {"a": (np.arange(6.0).reshape(2, 3), [1, 2.5, None, "x", b"y"]), "s": {1, 2}, "f": frozenset("ab"),
             "liar": Liar(0.5), "arr": np.zeros((1, 2)).view(Arr), "n": np.float64(1.5), "b": np.bool_(True),
             "fn": len, "gen": (i for i in range(2)), "c": 1 + 2j}
    tree = values.encode(value, lambda obj: handles.append(obj) or len(handles) - 1)
    fd = _frame(tree)
    back = values.decode(wire.receive(fd), lambda h, name: ("proxy", h, name))
    os.close(fd)
    assert np.array_equal(back["a"][0], value["a"][0]) and back["a"][1] == [1, 2.5, None, "x", b"y"]
    assert back["s"] == {1, 2} and back["f"] == frozenset("ab") and back["c"] == 1 + 2j
    assert type(back["liar"]) is float and back["liar"] != 0.6
    assert type(back["arr"]) is np.ndarray
    assert type(back["n"]) is np.float64 and type(back["b"]) is np.bool_
    assert back["fn"] == ("proxy", 0, "builtin_function_or_method") and handles == [len]
    assert type(back["gen"]).__name__ == "generator"


def test_cyclic_values_are_refused():
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="nests deeper"):
        values.encode(loop, lambda obj: 0)


def test_student_exceptions_come_back_as_exceptions_never_base_exceptions():
    assert type(rebuild_exception("ValueError", "ValueError: bad")) is ValueError
    assert type(rebuild_exception("NotImplementedError", "NotImplementedError")) is NotImplementedError
    exit_ = rebuild_exception("SystemExit", "SystemExit: 1")
    assert isinstance(exit_, StudentError) and type(exit_).__name__ == "SystemExit"


def test_the_exercises_come_from_the_instructor_notebooks():
    chapters = {c.name: c for c in course_chapters()}
    assert [e.name for e in chapters["03_logistic_regression"].exercises] == [
        "sigmoid", "logistic_cost", "logistic_gradient_by_hand", "logistic_predict", "vectorised_logistic_gradient",
        "train_logistic"]
    xor = chapters["02_xor_two_layers"].exercises[0]
    assert (xor.name, xor.args) == ("xor_by_hand", (("xor_weights()", True),))


def _notebook(tmp_path, *sources):
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None}
             for s in sources]
    (tmp_path / "n.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                  "nbformat_minor": 5}))


def _run(tmp_path, *sources, memory=2**30):
    _notebook(tmp_path, *sources, "checks.sigmoid(x)")
    process = NotebookProcess(tmp_path, "n.ipynb", timeout=30, memory=memory)
    process.start()
    event = process.next_event()
    while event.get("event") != "checkpoint":
        event = process.next_event()
    return process, event


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux only")
def test_the_notebook_has_no_network_on_linux(tmp_path):
    process, _ = _run(tmp_path, "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=5)\n"
                                "    x = 'connected'\nexcept OSError as err:\n    x = type(err).__name__")
    try:
        assert process.hello["network"] == ""
        assert process.evaluate("x") == ("ok", "OSError")
    finally:
        process.quit()


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_an_allocation_past_the_memory_limit_fails_in_the_cell_only(tmp_path):
    process, event = _run(tmp_path, "import numpy as np\nbig = np.ones(2**30)", "x = 1", memory=2**30)
    try:
        assert event["errors"][0][0] == 0 and event["errors"][0][1].startswith("MemoryError")
        assert process.evaluate("x") == ("ok", 1)
    finally:
        process.quit()


def test_a_student_function_runs_in_the_notebook_and_in_place_edits_come_back(tmp_path):
    process, _ = _run(tmp_path, "import os\ndef f(a):\n    a += 1\n    return os.getpid()")
    try:
        kind, f = process.evaluate("f")
        a = np.zeros(3)
        assert kind == "ok" and f(a) == process.hello["pid"] != os.getpid()
        assert np.array_equal(a, np.ones(3))
    finally:
        process.quit()
