"""Mechanical mutants of the exercises' reference solutions, judged by the exercises' checks.

The reference solutions are the code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
in the instructor notebooks: what a learner writes. :func:`exercises` pairs each such cell
with the check cell after it; :func:`mutants` makes one small change at a time to the code
inside the markers (the operators are listed at :func:`changes`); :func:`judge` runs every
mutant's cell and then its check cell in worker processes, one per chapter, and returns a
verdict per mutant.

A worker runs the chapter's setup cell and every reference solution once, then each mutant in a
copy of that namespace, so a mutant sees the chapter's other answers as the notebook would.
It limits itself as the grader's notebook processes do (address space, CPU), and each mutant
runs under a timer, so a mutant that loops or allocates without end costs seconds, not the
machine; a worker that stops answering is killed and replaced.
"""
from __future__ import annotations

import ast
import copy
import json
import os
import select
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Exercise", "Mutant", "NOTEBOOKS", "ROOT", "SECONDS", "changes", "exercises", "judge", "judge_chapter",
    "mutants", "setup_source", "worker",
]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
#: Time for one mutant's cell and check; the slowest reference takes well under a second.
SECONDS = 10.0
_MEMORY = 2 * 2**30
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


@dataclass(frozen=True)
class Exercise:
    """One exercise: its chapter, its check's name, the cell as run and the check cell.

    ``source`` holds the exercise cell's top-level statements up to the end marker (a print or a
    demonstration after it is not part of the answer); ``region`` the line numbers of the two
    markers in it.
    """
    chapter: str
    check: str
    source: str
    check_source: str
    region: tuple


@dataclass(frozen=True)
class Mutant:
    """``source`` is the exercise cell with one change: ``change`` on the solution line ``line``."""
    exercise: Exercise
    line: str
    change: str
    source: str

    @property
    def key(self) -> tuple:
        return (self.exercise.check, self.line, self.change)


# ------------------------------------------------------------------ the exercises
def _statements_up_to_end(source: str) -> tuple[str, tuple]:
    lines = source.splitlines()
    begin = next(i for i, line in enumerate(lines, 1) if line.strip() == BEGIN)
    end = next(i for i, line in enumerate(lines, 1) if line.strip() == END)
    kept = [stmt for stmt in ast.parse(source).body if stmt.lineno <= end]
    last = max(end, max((stmt.end_lineno for stmt in kept), default=end))
    return "\n".join(lines[:last]) + "\n", (begin, end)


def _check_name(source: str):
    from coursekit.grade.exercises import check_call
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    calls = [check_call(stmt) for stmt in tree.body]
    return next((call.func.attr for call in calls if call is not None), None)


def exercises(folder=NOTEBOOKS) -> list[Exercise]:
    """Every exercise of every chapter ``NN_*.ipynb`` in ``folder``, in the notebooks' order."""
    import nbformat  # here, not at the top: the workers import this module and need neither

    from coursekit.grade.exercises import CHAPTER_FILE
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if not CHAPTER_FILE.match(path.name):
            continue
        cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for i, source in enumerate(cells):
            if BEGIN not in source:
                continue
            check = next(((cells[j], name) for j in range(i + 1, len(cells))
                          if (name := _check_name(cells[j])) is not None), None)
            assert check is not None, f"{path.name}: no check cell after a solution"
            kept, region = _statements_up_to_end(source)
            found.append(Exercise(path.stem, check[1], kept, check[0], region))
    return found


def setup_source(chapter: str, folder=NOTEBOOKS) -> str:
    """The chapter's first code cell, its imports."""
    import nbformat
    cells = nbformat.read(Path(folder) / f"{chapter}.ipynb", as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "code")


# ------------------------------------------------------------------ the operators
_BINOP = {ast.Add: (ast.Sub,), ast.Sub: (ast.Add,), ast.Mult: (ast.Div,), ast.Div: (ast.Mult,),
          ast.FloorDiv: (ast.Div,), ast.MatMult: (ast.Mult,), ast.Pow: (ast.Mult,)}
_COMPARE = {ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt),
            ast.GtE: (ast.Gt, ast.LtE), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,)}
# Reductions swapped for one another: numpy's (np.sum, A.sum) and Python's own (sum, max, min).
_REDUCTION = {"sum": ("max", "mean"), "mean": ("sum",), "max": ("min", "sum"), "min": ("max",),
              "argmin": ("argmax",), "argmax": ("argmin",)}
_ORDERED = (ast.Sub, ast.Div, ast.FloorDiv, ast.MatMult, ast.Pow)     # a op b is not b op a
_BUILTIN = {"sum": ("max",), "max": ("min",), "min": ("max",)}
_DROPPABLE = {"sqrt", "exp", "log", "abs"}


def _plus(node, k: int):
    return ast.BinOp(node, ast.Add() if k > 0 else ast.Sub(), ast.Constant(abs(k)))


def _number_changes(value):
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1]
    return [value * 2, value / 2] if value else [1.0]


def _call_changes(node):
    func, out = node.func, []
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    table = _REDUCTION if isinstance(func, ast.Attribute) else _BUILTIN
    for other in table.get(name, ()):
        def rename(n, other=other):
            if isinstance(n.func, ast.Attribute):
                n.func.attr = other
            else:
                n.func.id = other
            return n
        out.append(rename)
    if isinstance(func, ast.Attribute) and name in _DROPPABLE and len(node.args) == 1 and not node.keywords:
        out.append(lambda n: n.args[0])
    if name == "range" and isinstance(func, ast.Name) and node.args:
        stop = 0 if len(node.args) == 1 else 1
        if not isinstance(node.args[stop], ast.Constant):       # a constant stop: the constants' rule
            for k in (1, -1):
                def shift(n, k=k, stop=stop):
                    n.args[stop] = _plus(n.args[stop], k)
                    return n
                out.append(shift)
    return out


def _swap_op(other):
    def make(n):
        n.op = other()
        return n
    return make


def changes(node) -> list:
    """The mutations of one node: functions that take a copy of it and return its replacement.

    Swap + and -, * and /, // for /, @ for *, ** for *; swap the operands of -, /, //, @ and **;
    keep only one side of a + or -; swap a comparison for its neighbour
    (< and <=) and its opposite (< and >), == and !=; drop a unary minus or a ``not``; drop a
    transpose ``.T``; change a number (an int by one either way, a float doubled and halved, a
    bool flipped); swap reductions (sum for max or mean, mean for sum, max for min or sum,
    argmin and argmax); drop np.sqrt, np.exp, np.log or np.abs; move a range's stop or a
    slice's bound by one; swap the first two values returned.
    """
    out = []
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        out += [_swap_op(other) for other in _BINOP.get(type(node.op), ())]
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ORDERED):
        def swap_operands(n):
            n.left, n.right = n.right, n.left
            return n
        out.append(swap_operands)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        out += [lambda n: n.left, lambda n: n.right]
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            for other in _COMPARE.get(type(op), ()):
                def swap(n, i=i, other=other):
                    n.ops[i] = other()
                    return n
                out.append(swap)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        out.append(lambda n: n.operand)
    elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        out.append(lambda n: n.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        out += [lambda n, v=v: ast.Constant(v) for v in _number_changes(node.value)]
    elif isinstance(node, ast.Call):
        out += _call_changes(node)
    elif isinstance(node, ast.Slice):
        for bound in ("lower", "upper"):
            if getattr(node, bound) is not None and not isinstance(getattr(node, bound), (ast.Constant, ast.UnaryOp)):
                for k in (1, -1):
                    def shift(n, bound=bound, k=k):
                        setattr(n, bound, _plus(getattr(n, bound), k))
                        return n
                    out.append(shift)
    elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
        def swap_returned(n):
            n.value.elts[0], n.value.elts[1] = n.value.elts[1], n.value.elts[0]
            return n
        out.append(swap_returned)
    return out


# ------------------------------------------------------------------ the mutants
def _preorder(node):
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _preorder(child)


class _Replace(ast.NodeTransformer):
    """Replace the node at position ``target`` of the pre-order walk by ``make(node)``."""

    def __init__(self, target: int, make):
        self.count, self.target, self.make, self.before, self.after = -1, target, make, None, None

    def visit(self, node):
        self.count += 1
        if self.count == self.target:
            self.before = ast.unparse(node)
            new = self.make(node)
            self.after = ast.unparse(new)
            return new
        return self.generic_visit(node)


def _printed(tree) -> set:
    """Ids of the nodes inside ``print(...)`` calls: what is printed is not the answer."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            inside |= {id(n) for n in ast.walk(node)}
    return inside


def _solution_line(source: str, lineno: int) -> str:
    return source.splitlines()[lineno - 1].split("#")[0].strip()


def mutants(exercise: Exercise) -> list[Mutant]:
    """Every mutant of the exercise's solution, one change each, without duplicates."""
    tree = ast.parse(exercise.source)
    original = ast.unparse(tree)
    begin, end = exercise.region
    printed = _printed(tree)
    keywords = {id(k.value): k.arg for k in ast.walk(tree) if isinstance(k, ast.keyword)}
    seen, out, repeats = {original}, [], {}
    for position, node in enumerate(_preorder(tree)):
        if id(node) in printed or not hasattr(node, "lineno") or not begin < node.lineno <= node.end_lineno < end:
            continue
        for make in changes(node):
            replace = _Replace(position, make)
            mutated = ast.fix_missing_locations(replace.visit(copy.deepcopy(tree)))
            source = ast.unparse(mutated)
            if source in seen:
                continue
            seen.add(source)
            line, change = _solution_line(exercise.source, node.lineno), f"{replace.before} -> {replace.after}"
            if id(node) in keywords:                     # name the argument: axis=1 -> axis=0
                change = f"{keywords[id(node)]}={replace.before} -> {keywords[id(node)]}={replace.after}"
            # The same change twice on one line (two equal constants): the second is named as such.
            repeats[line, change] = repeats.get((line, change), 0) + 1
            if repeats[line, change] > 1:
                change += f" (occurrence {repeats[line, change]})"
            out.append(Mutant(exercise, line, change, source))
    return out


# ------------------------------------------------------------------ the worker (a child process)
class _OutOfTime(BaseException):
    """A BaseException, so that no check turns it into a hint about a wrong answer."""


def _alarm(signum, frame):
    raise _OutOfTime()


def _run(namespace: dict, source: str, check: str) -> dict:
    import contextlib
    import io
    import warnings
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<exercise>", "exec"), namespace)
        except Exception as err:
            return {"verdict": "cell raises", "message": f"{type(err).__name__}: {err}"[:300]}
        try:
            exec(compile(check, "<check>", "exec"), namespace)
        except AssertionError as err:
            return {"verdict": "rejected", "message": str(err).splitlines()[0][:300] if str(err) else ""}
        except Exception as err:
            return {"verdict": "check raises", "message": f"{type(err).__name__}: {err}"[:300]}
    return {"verdict": "passed", "message": ""}


def _judge_one(base: dict, job: dict) -> dict:
    signal.setitimer(signal.ITIMER_REAL, job["seconds"])
    try:
        return _run(dict(base), job["source"], job["check"])
    except _OutOfTime:
        return {"verdict": "timeout", "message": f"more than {job['seconds']:g} s"}
    except MemoryError:
        return {"verdict": "memory", "message": "MemoryError"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def worker():
    """The child's loop: read the chapter (setup and references) then one mutant per line from
    stdin; answer one JSON line per mutant."""
    import resource
    import warnings
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, resource.getrlimit(resource.RLIMIT_AS)[1]))
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")
    chapter = json.loads(sys.stdin.readline())
    base = {"__name__": "__main__"}
    for source in chapter["cells"]:
        exec(compile(source, "<reference>", "exec"), base)
    reply.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        reply.write(json.dumps(_judge_one(base, json.loads(line))) + "\n")


# ------------------------------------------------------------------ the parent
_BOOT = "import sys; sys.path.insert(0, {here!r}); import mutants; mutants.worker()"


class _Worker:
    def __init__(self, cells: list[str]):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1"}
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT.format(here=str(Path(__file__).parent))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=NOTEBOOKS, env=env, text=True, start_new_session=True)
        self.send({"cells": cells})
        answer = self.receive(120.0)
        if answer != {"ready": True}:
            raise RuntimeError(f"the mutation worker did not start: {answer}")

    def send(self, message: dict):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def receive(self, seconds: float):
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        line = self.proc.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def judge_chapter(cells: list[str], jobs: list, seconds: float = SECONDS) -> list[dict]:
    """Verdicts for ``jobs``, pairs (cell source, check source), in order, in one worker that first
    runs ``cells`` (the chapter's setup and reference solutions); see :func:`judge`."""
    verdicts, worker = [], _Worker(cells)
    try:
        for source, check in jobs:
            try:
                worker.send({"source": source, "check": check, "seconds": seconds})
                verdict = worker.receive(seconds + 30.0)
            except (BrokenPipeError, ValueError):
                verdict = None
            if verdict is None:                       # it died or hung past its own timer
                verdict = {"verdict": "killed", "message": "the worker stopped answering"}
                worker.stop()
                worker = _Worker(cells)
            verdicts.append(verdict)
    finally:
        worker.stop()
    return verdicts


def judge(items, parallel: int = 2) -> dict:
    """{item: verdict} for mutants (or exercises, judged unchanged), chapters in parallel.

    A verdict is a dict: ``verdict`` is "passed" (the check accepts it), "rejected" (the check
    raises AssertionError), "cell raises", "check raises", "timeout", "memory" or "killed";
    ``message`` says more.
    """
    by_chapter: dict = {}
    for item in items:
        exercise = item.exercise if isinstance(item, Mutant) else item
        by_chapter.setdefault(exercise.chapter, []).append(item)
    references = {}
    for exercise in exercises():
        references.setdefault(exercise.chapter, [setup_source(exercise.chapter)]).append(exercise.source)

    def one(chapter):
        items = by_chapter[chapter]
        jobs = [(item.source, (item.exercise if isinstance(item, Mutant) else item).check_source) for item in items]
        return dict(zip(items, judge_chapter(references[chapter], jobs)))

    out = {}
    # The biggest chapters first, so that the two workers finish together.
    order = sorted(by_chapter, key=lambda c: -len(by_chapter[c]))
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for result in pool.map(one, order):
            out.update(result)
    return out
