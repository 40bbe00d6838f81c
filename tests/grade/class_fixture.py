"""A class of submissions of chapter 03, built from the reference solutions with known faults.

Each student is a function that edits the instructor notebook (a list of nbformat cells)
into what that student hands in; EXPECTED gives the statuses the grader must write for the
five exercises, in the chapter's order.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import numpy as np

from coursekit.checks import ch03
from coursekit.release import student_notebook

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "03_logistic_regression.ipynb"
EXERCISES = ("sigmoid", "logistic_cost", "logistic_gradient_by_hand", "logistic_predict",
             "vectorised_logistic_gradient", "train_logistic")

P, F, E, T, M, N = "passed", "failed", "error", "timeout", "missing", "not run"


def _index(nb, starts: str) -> int:
    """The index of the code cell whose source starts with ``starts``."""
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.startswith(starts)]
    assert len(hits) == 1, (starts, hits)
    return hits[0]


def _insert_after(nb, starts: str, source: str):
    nb.cells.insert(_index(nb, starts) + 1, nbformat.v4.new_code_cell(source))


def _replace(nb, starts: str, source: str):
    nb.cells[_index(nb, starts)].source = source


def correct(nb):
    return nb


def wrong_answer(nb):
    _replace(nb, "def sigmoid(Z):", "def sigmoid(Z):\n    return 1 / (1 + np.exp(Z))")
    return nb


def unfinished(nb):
    return student_notebook(nb, CHAPTER)[0]


def reordered(nb):
    # sigmoid's exercise moves to the end (after its check), logistic_cost's is deleted.
    cell = nb.cells.pop(_index(nb, "def sigmoid(Z):"))
    nb.cells.append(cell)
    del nb.cells[_index(nb, "def logistic_cost(A, Y):")]
    return nb


def loops_forever(nb):
    _insert_after(nb, "checks.logistic_cost(", "while True:\n    pass")
    return nb


def memory_bomb(nb):
    _insert_after(nb, "checks.sigmoid(", "def grow():\n    chunks = []\n    while True:\n"
                                         "        chunks.append(bytearray(64 * 2**20))\ngrow()")
    return nb


def calls_sys_exit(nb):
    _insert_after(nb, "checks.sigmoid(", "import sys\nsys.exit(1)")
    return nb


def calls_os_exit(nb):
    _insert_after(nb, "checks.logistic_gradient_by_hand(", "import os\nos._exit(0)")
    return nb


def kills_itself(nb):
    _insert_after(nb, "checks.logistic_gradient_by_hand(", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    return nb


def writes_outside(nb):
    _insert_after(nb, "checks.sigmoid(", "import os\nfor path in ('../escaped.txt', '../work-escaped/x.txt'):\n"
                                         "    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)\n"
                                         "    with open(path, 'w') as f:\n        f.write('out')")
    return nb


def floods_output(nb):
    _insert_after(nb, "checks.sigmoid(", "import sys\nprint('x' * 50_000_000)\n"
                                         "sys.stderr.write('y' * 20_000_000)\nfor i in range(200_000):\n    print(i)")
    return nb


def patches_checks(nb):
    # Every check made to pass, in the module and in the name `checks`; sigmoid is wrong.
    wrong_answer(nb)
    _insert_after(nb, "import numpy as np", "import coursekit.checks as _c\nfrom coursekit.checks import _core\n"
                  "for _n in dir(_c):\n    if not _n.startswith('_'):\n"
                  "        setattr(_c, _n, lambda *a, **k: print('✓ passed'))\n"
                  "_core.Check.fail = lambda self, message: None\nchecks = _c")
    return nb


def prints_passed(nb):
    wrong_answer(nb)
    _replace(nb, "checks.sigmoid(", "print('✓ sigmoid: correct')")
    return nb


def _cost_table():
    return {(A.shape, round(float(A.sum()), 9)): float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
            for _, A, Y in ch03.cost_cases()}


def hard_codes(nb):
    # The visible cases' answers, looked up: right on every visible case, nothing else.
    _replace(nb, "def logistic_cost(A, Y):", f"TABLE = {_cost_table()!r}\n"
             "def logistic_cost(A, Y):\n    return TABLE[(A.shape, round(float(A.sum()), 9))]")
    return nb


# The last exercise, train_logistic, calls the student's own sigmoid and logistic_cost, so it
# fails wherever one of those is wrong, hard-coded or deleted.
STUDENTS = {
    "correct": (correct, [P, P, P, P, P, P]),
    "wrong_answer": (wrong_answer, [F, P, P, P, P, F]),
    "unfinished": (unfinished, [N, N, N, N, N, N]),
    "reordered": (reordered, [P, M, P, P, P, F]),
    "loops_forever": (loops_forever, [P, P, T, T, T, T]),
    "memory_bomb": (memory_bomb, [P, P, P, P, P, P]),
    "calls_sys_exit": (calls_sys_exit, [P, P, P, P, P, P]),
    "calls_os_exit": (calls_os_exit, [P, P, P, E, E, E]),
    "kills_itself": (kills_itself, [P, P, P, E, E, E]),
    "writes_outside": (writes_outside, [P, P, P, P, P, P]),
    "floods_output": (floods_output, [P, P, P, P, P, P]),
    "patches_checks": (patches_checks, [F, P, P, P, P, F]),
    "prints_passed": (prints_passed, [F, P, P, P, P, F]),
    "hard_codes": (hard_codes, [P, F, P, P, P, F]),
    "invalid_json": (None, [E, E, E, E, E, E]),
}


def build_class(folder) -> Path:
    """Write one folder per student into ``folder``; returns ``folder``."""
    folder = Path(folder)
    reference = nbformat.read(ROOT / "notebooks" / CHAPTER, as_version=4)
    for student, (make, _) in STUDENTS.items():
        (folder / student).mkdir(parents=True)
        path = folder / student / CHAPTER
        if make is None:
            text = (ROOT / "notebooks" / CHAPTER).read_text(encoding="utf-8")
            path.write_text(text[: len(text) // 2], encoding="utf-8")      # cut off mid-file
            continue
        nbformat.write(make(copy.deepcopy(reference)), path)
    return folder


def expected_rows():
    """(student, exercise, status) for the whole class."""
    return {(s, ex, status) for s, (_, statuses) in STUDENTS.items() for ex, status in zip(EXERCISES, statuses)}
