"""Grade one student's notebook for one chapter: run it, and check each exercise by proxy.

The checks run here, in the grader, from the installed and untouched ``coursekit.checks``;
only the student's objects stay in the notebook's process (see :mod:`.session`). So patching
``coursekit.checks`` in the notebook, printing "✓ ...: correct" or editing the check cells
changes nothing: none of it is read.

Each exercise gets one status:

==========  =================================================================================
passed      the check passes on its visible cases and on the cases drawn with this run's seed
failed      the check refuses the answer; the message is its hint
not run     the exercise is unfinished: it (or its cell) still raises ``NotImplementedError``
missing     a name the check needs is not defined (the exercise's cell deleted or renamed),
            or the chapter's notebook is not in the submission
error       the notebook could not be graded: not valid JSON, its process ended, or its
            answer could not be transferred; the message says which
timeout     the notebook ran out of time before this exercise was graded
==========  =================================================================================
"""
from __future__ import annotations

import contextlib
import inspect
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import checks as _checks
from .session import NotebookDied, NotebookProcess, NotebookStopped, NotebookTimeout

__all__ = [
    "NotebookGrade", "Result", "STATUSES", "Settings", "grade_exercise", "grade_notebook",
    "takes_seed",
]

STATUSES = ("passed", "failed", "error", "timeout", "missing", "not run")


@dataclass
class Settings:
    """Limits per notebook: wall time in seconds, address space in bytes (None: no limit)."""
    timeout: float = 120.0
    memory: int | None = 2 * 2**30
    block_network: bool = True


@dataclass
class Result:
    """One exercise's grade."""
    exercise: str
    points: float
    max_points: float
    status: str
    message: str = ""


@dataclass
class NotebookGrade:
    """A chapter's results for one student, with the seed of its random cases and any notes."""
    chapter: str
    seed: int
    results: list = field(default_factory=list)
    notes: list = field(default_factory=list)


class _Unfinished(Exception):
    pass


def _result(exercise, status: str, message: str = "") -> Result:
    points = exercise.points if status == "passed" else 0
    return Result(exercise.name, points, exercise.points, status, message)


def _fetch_arguments(process, exercise, unfinished: bool):
    """The check's arguments, evaluated in the notebook: ``(args, kwargs)`` or a Result."""
    def fetch(expr):
        kind, value = process.evaluate(expr)
        if kind == "ok":
            return value
        type_name, message, missing_name = value
        if type_name == "NameError" and missing_name:
            raise LookupError(f"`{missing_name}` is not defined when the check runs: was the exercise's "
                              "cell deleted, renamed or not run?")
        if type_name == "NotImplementedError":
            raise _Unfinished()
        raise ValueError(f"evaluating `{expr}` raised {message}")

    try:
        args = []
        for expr, starred in exercise.args:
            value = fetch(expr)
            if starred:
                if not isinstance(value, (tuple, list)):
                    raise ValueError(f"`{expr}` should give a tuple to unpack; got {type(value).__name__}")
                args.extend(value)
            else:
                args.append(value)
        kwargs = {key: fetch(expr) for key, expr in exercise.kwargs}
    except LookupError as err:
        return _result(exercise, "not run" if unfinished else "missing", _unfinished_message(unfinished, err))
    except _Unfinished:
        return _result(exercise, "not run", "the exercise is not done yet: it raises NotImplementedError")
    except ValueError as err:
        return _result(exercise, "not run" if unfinished else "failed", _unfinished_message(unfinished, err))
    return args, kwargs


def _unfinished_message(unfinished: bool, err) -> str:
    if unfinished:
        return "the exercise is not done yet: its cell raises NotImplementedError"
    return str(err)


def _run_check(name: str, args, kwargs):
    """Call the pristine check; returns None when it passes, else (status, message)."""
    check = getattr(_checks, name, None)
    if check is None:
        return "error", f"coursekit.checks has no check named {name}"
    with contextlib.redirect_stdout(io.StringIO()):          # its pass line is for learners
        try:
            check(*args, **kwargs)
        except AssertionError as err:
            return "failed", " ".join(str(err).split())
        except NotImplementedError:
            return "not run", "the exercise is not done yet: it raises NotImplementedError"
        except NotebookStopped:
            raise
        except Exception as err:
            return "error", f"the check could not judge the answer ({type(err).__name__}: {err})"
    return None


def takes_seed(name: str) -> bool:
    """Whether ``checks.<name>`` can draw random cases (it has a ``seed`` parameter)."""
    check = getattr(_checks, name, None)
    return check is not None and "seed" in inspect.signature(check).parameters


def grade_exercise(process, exercise, seed: int, unfinished: bool) -> Result:
    """Check one exercise on its visible cases, then on random cases drawn from ``seed``."""
    process.activity = f"checking {exercise.name}"
    try:
        return _grade_exercise(process, exercise, seed, unfinished)
    finally:
        process.activity = ""


def _grade_exercise(process, exercise, seed: int, unfinished: bool) -> Result:
    fetched = _fetch_arguments(process, exercise, unfinished)
    if isinstance(fetched, Result):
        return fetched
    args, kwargs = fetched
    outcome = _run_check(exercise.name, args, kwargs)
    if outcome is None and takes_seed(exercise.name):
        outcome = _run_check(exercise.name, args, {**kwargs, "seed": seed})
        if outcome is not None and outcome[0] == "failed":
            outcome = ("failed", f"right on the visible cases, wrong on new ones: {outcome[1]}")
    if outcome is None:
        return _result(exercise, "passed")
    status, message = outcome
    if status == "failed" and unfinished:
        status, message = "not run", "the exercise is not done yet: its cell raises NotImplementedError"
    return _result(exercise, status, message)


def _raised_unfinished(errors) -> bool:
    return any(isinstance(e, (tuple, list)) and len(e) == 2 and str(e[1]).startswith("NotImplementedError")
               for e in errors or ())


def _drive(process, chapter, seed: int, grade: NotebookGrade, graded: dict) -> None:
    """Follow the notebook from checkpoint to checkpoint, grading each exercise where its check stands."""
    by_name = {e.name: e for e in chapter.exercises}
    unfinished = False
    while True:
        event = process.next_event()
        kind = event.get("event")
        if kind == "checkpoint":
            name = event.get("name")
            unfinished = _raised_unfinished(event.get("errors"))
            if name in by_name and name not in graded:
                result = grade_exercise(process, by_name[name], seed, unfinished)
                # A name not defined yet (cells moved after their check) gets another chance
                # at the end, as after a second Run All.
                if result.status != "missing":
                    graded[name] = result
            process.tell("continue")
        elif kind == "broken":
            message = str(event.get("message"))
            for e in chapter.exercises:
                graded.setdefault(e.name, _result(e, "error", message))
            return
        elif kind == "done":
            # Exercises whose check cell was deleted: graded at the end, with the names as they are.
            unfinished = _raised_unfinished(event.get("errors")) or unfinished
            for e in chapter.exercises:
                if e.name not in graded:
                    graded[e.name] = grade_exercise(process, e, seed, False)
            return


def grade_notebook(folder, chapter, seed: int, settings: Settings) -> NotebookGrade:
    """Run ``chapter``'s notebook from the student's ``folder`` (a temporary copy) and grade it."""
    grade = NotebookGrade(chapter.name, seed)
    folder = Path(folder) if folder is not None else None
    if folder is None or not (folder / chapter.filename).is_file():
        grade.results = [_result(e, "missing", f"no {chapter.filename} in the submission") for e in chapter.exercises]
        return grade
    graded: dict = {}
    with tempfile.TemporaryDirectory(prefix="coursekit-grade-") as tmp:
        workdir = Path(tmp) / "work"
        shutil.copytree(folder, workdir, symlinks=True)
        process = NotebookProcess(workdir, chapter.filename, timeout=settings.timeout, memory=settings.memory,
                                  block_network=settings.block_network)
        try:
            process.start()
            network = process.hello.get("network") if isinstance(process.hello, dict) else ""
            if network:
                grade.notes.append(f"network {network}")
            _drive(process, chapter, seed, grade, graded)
        except NotebookTimeout as err:
            _fill(chapter, graded, "timeout", str(err))
        except NotebookDied as err:
            _fill(chapter, graded, "error", str(err))
        finally:
            process.quit()
    grade.results = [graded[e.name] for e in chapter.exercises]
    return grade


def _fill(chapter, graded: dict, status: str, message: str) -> None:
    for e in chapter.exercises:
        graded.setdefault(e.name, _result(e, status, message))
