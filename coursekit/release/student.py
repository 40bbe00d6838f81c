"""The student edition: each solution region becomes a stub, instructor cells are dropped.

See the package docstring (``coursekit.release``) for why this is a small generator of our own
rather than nbgrader's preprocessors.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

from .notebooks import chapter_paths

__all__ = [
    "BEGIN_SOLUTION", "END_SOLUTION", "CODE_STUB", "TEXT_STUB", "INSTRUCTOR_TAG", "MarkerError",
    "looks_like_marker", "clear_solutions", "student_notebook", "make_student",
    "ANSWER_OUTPUT_TAG",
]

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)
INSTRUCTOR_TAG = "instructor"
# A cell after an exercise whose output would give its answer away (it reruns the solution's
# computation, say) carries this tag: the student edition clears its outputs as well.
ANSWER_OUTPUT_TAG = "answer-output"


class MarkerError(ValueError):
    """A solution marker is missing, unpaired, nested or misspelt.

    The student release stops rather than guess: a guess that is wrong either
    leaks a solution or deletes part of the exercise.
    """


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the fewest single-letter edits that turn ``a`` into ``b``."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _starts_approx(text: str, pattern: str, max_edits: int) -> bool:
    """Whether ``text`` starts with something within ``max_edits`` edits of ``pattern``."""
    n = len(pattern)
    return any(_edit_distance(text[:k], pattern) <= max_edits
               for k in range(max(n - max_edits, 1), n + max_edits + 1))


_MARKER_LIKE = re.compile(r"\b(begin|end)[\s_\-]*([a-z]{3,12})", re.IGNORECASE)


def looks_like_marker(line: str) -> bool:
    """Whether ``line`` looks like a solution marker, exact or not.

    Catches "BEGIN" or "END" followed (after spaces, ``_`` or ``-``, or
    nothing) by a word within two typos of "SOLUTION", or "SOL"/"SOLN", in any
    case: ``SOLUTON``, ``Solutions``, ``BEGIN_SOLUTION``, ``ENDSOLUTION``. On comment
    and heading lines it also catches the letters of "BEGINSOLUTION" or
    "ENDSOLUTION" with up to two typos however they are split
    (``S O L U T I O N``). Prose such as "begin solving" or "in the end,
    solutions" is left alone.
    """
    for match in _MARKER_LIKE.finditer(line):
        word = match.group(2).lower()
        if word in ("sol", "soln") or (len(word) >= 5 and _edit_distance(word, "solution") <= 2):
            return True
    if line.lstrip().startswith("#"):
        # A marker is the whole comment, so compare from its first letter on.
        letters = "".join(re.findall(r"[a-z]+", line.lower()))
        return _starts_approx(letters, "beginsolution", 2) or _starts_approx(letters, "endsolution", 2)
    return False


def _cell_label(notebook: str, index: int, cell) -> str:
    first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
    first = first if len(first) <= 50 else first[:47] + "..."
    return f"{notebook}, cell {index + 1} ({cell.cell_type}, starting {first!r})"


def clear_solutions(source: str, cell_type: str, where: str = "cell") -> tuple[str, int]:
    """Replace each solution region of one cell's ``source`` by the stub.

    Returns ``(new_source, number_of_regions)``. A region runs from a line
    ``### BEGIN SOLUTION`` to a line ``### END SOLUTION`` (surrounding
    whitespace allowed, nothing else) within the same cell; the stub takes the
    BEGIN line's indentation. Raises :class:`MarkerError` naming ``where`` and
    the line for an END without BEGIN, a nested BEGIN, a BEGIN without END, or
    any line that looks like a marker but is not exactly one.
    """
    stub = CODE_STUB if cell_type == "code" else TEXT_STUB
    out, opened_at, regions = [], None, 0
    for number, line in enumerate(source.split("\n"), 1):
        text = line.strip()
        if text == BEGIN_SOLUTION:
            if opened_at is not None:
                raise MarkerError(f"{where}, line {number}: nested {BEGIN_SOLUTION!r}; the region opened "
                                  f"on line {opened_at} has no {END_SOLUTION!r} before it.")
            opened_at, regions = number, regions + 1
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in stub]
        elif text == END_SOLUTION:
            if opened_at is None:
                raise MarkerError(f"{where}, line {number}: {END_SOLUTION!r} without a "
                                  f"{BEGIN_SOLUTION!r} before it in the same cell.")
            opened_at = None
        elif looks_like_marker(line):
            raise MarkerError(f"{where}, line {number}: {text!r} looks like a solution marker but is not "
                              f"exactly {BEGIN_SOLUTION!r} or {END_SOLUTION!r}. Fix the marker (or, if "
                              "the line is prose, reword it).")
        elif opened_at is None:
            out.append(line)
    if opened_at is not None:
        raise MarkerError(f"{where}, line {opened_at}: {BEGIN_SOLUTION!r} has no {END_SOLUTION!r} after "
                          "it in the same cell (a region cannot span cells).")
    return "\n".join(out), regions


def student_notebook(nb, name: str = "notebook"):
    """The student version of the notebook ``nb`` (an nbformat v4 node), as a new node.

    ``nb`` itself is not modified. ``name`` labels error messages. Solution
    regions become stubs and instructor cells go. Every other cell keeps its
    stored outputs (figures, printed results, explorers' pictures), so the
    chapter reads as it is before anything runs, except the cells whose outputs
    would show an answer: an exercise cell, the check cell right after it, and
    any cell tagged ``answer-output``. Execution counts, timing metadata and
    saved widget state go. Returns ``(student_nb, info)`` where ``info``
    counts ``"regions"`` replaced, ``"instructor_cells"`` removed and
    ``"cleared_outputs"`` (cells whose outputs were cleared).
    """
    nb = copy.deepcopy(nb)
    cells, regions, removed, cleared = [], 0, 0, 0
    after_exercise = False
    for index, cell in enumerate(nb.cells):
        # Validate instructor cells too: a broken marker is a bug wherever it sits, and
        # a teacher's nbgrader setup may not drop these cells.
        cell.source, n = clear_solutions(cell.source, cell.cell_type, _cell_label(name, index, cell))
        regions += n
        tags = cell.get("metadata", {}).get("tags", [])
        if INSTRUCTOR_TAG in tags:
            removed += 1
            continue
        if cell.cell_type == "code":
            is_check = after_exercise and "checks." in cell.source
            if (n or is_check or ANSWER_OUTPUT_TAG in tags) and cell.get("outputs"):
                cell.outputs = []
                cleared += 1
            cell.execution_count = None
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output.execution_count = None
            after_exercise = bool(n)
        cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)  # saved widget state is output too
    return nb, {"regions": regions, "instructor_cells": removed, "cleared_outputs": cleared}


def make_student(src_folder, out_folder) -> list[Path]:
    """Write the student version of every chapter notebook in ``src_folder`` to ``out_folder``.

    Chapter notebooks are the files matching ``[0-9][0-9]_*.ipynb``. All are
    converted before any is written, so a :class:`MarkerError` in one leaves
    ``out_folder`` untouched. Other files are not copied. Returns the paths
    written, in chapter order.
    """
    import nbformat

    src, out = Path(src_folder), Path(out_folder)
    if not src.is_dir():
        raise FileNotFoundError(f"src_folder {str(src)!r} is not a folder.")
    if out.resolve() == src.resolve():
        raise ValueError(f"out_folder must differ from src_folder ({str(src)!r}): writing the student "
                         "version there would overwrite the solutions.")
    built = []
    for path in chapter_paths(src):
        nb, _ = student_notebook(nbformat.read(path, as_version=4), name=path.name)
        built.append((out / path.name, nb))
    out.mkdir(parents=True, exist_ok=True)
    for path, nb in built:
        nbformat.write(nb, path)
    return [path for path, _ in built]
