"""The student release: nothing leaks, broken markers stop the build, and the student version runs.

Every guarantee is checked on the fixture notebook in tests/fixtures/ and on
every chapter notebook in notebooks/, so a chapter gets them the moment it is
added. The leak detector here is written independently of
coursekit.release (its own region parser and its own, broader idea of what
looks like a marker), so a bug in the generator is not mirrored by the test.
"""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coursekit.release import (MarkerError, chapter_paths, main, make_student, run_notebook,
                               student_notebook)

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "tests" / "fixtures", ROOT / "notebooks"]
SOURCES = [path for folder in FOLDERS for path in chapter_paths(folder)]
# The chapters carry the notebook marker (left out of make test-fast); the fixture does not.
CASES = [pytest.param(path, id=path.name, marks=[pytest.mark.notebook] if path.parent == FOLDERS[1] else [])
         for path in SOURCES]

STUBS = {"# YOUR CODE HERE", "raise NotImplementedError()", "YOUR ANSWER HERE"}
# Lines too short or generic to prove a leak: they also occur in any student's code.
TRIVIAL = re.compile(r"(pass|return|break|continue|else:|try:|finally:|[)\]}]+[,:]?|#)")
# BEGIN/END and something SOLUTION-like: any case, odd spacing, letters dropped (SOLUTON, SOLUTIN, SOLN).
MARKER_RE = re.compile(r"(begin|end)[\s_#:\-]*s[\s_\-]*o?[\s_\-]*l[\s_\-]*u?[\s_\-]*t?[\s_\-]*i?[\s_\-]*o?"
                       r"[\s_\-]*n", re.IGNORECASE)
MARKER_WORD_RE = re.compile(r"(begin|end)[\s_#:\-]*([a-z]+)", re.IGNORECASE)


# ------------------------------------------------------------ the detector
def _norm(line: str) -> str:
    return " ".join(line.split())


def solution_lines(nb) -> list[str]:
    """The non-trivial lines inside the solution regions of the instructor notebook ``nb``."""
    lines, inside = [], False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.strip() == "### BEGIN SOLUTION":
                inside = True
            elif line.strip() == "### END SOLUTION":
                inside = False
            elif inside:
                text = _norm(line)
                if len(text) > 3 and text not in STUBS and not TRIVIAL.fullmatch(text):
                    lines.append(text)
        inside = False
    return lines


def looks_like_marker(text: str) -> bool:
    if MARKER_RE.search(text):
        return True
    for match in MARKER_WORD_RE.finditer(text):   # transposed letters: SOULTION, SOLUTOIN
        if difflib.SequenceMatcher(None, match.group(2).lower(), "solution").ratio() >= 0.75:
            return True
    letters = re.sub(r"[^a-z]", "", text.lower())   # spaced out: B E G I N  S O L U T I O N
    return text.lstrip().startswith("#") and letters.startswith(("beginsol", "endsol"))


def answer_cell_ids(nb) -> set:
    """Ids of the cells whose outputs give an answer away: every code cell with a solution
    region, the code cell after it when that calls a check, and cells tagged answer-output."""
    ids, previous_was_exercise = set(), False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        exercise = "### BEGIN SOLUTION" in cell.source
        if exercise or (previous_was_exercise and "checks." in cell.source) \
                or "answer-output" in cell.metadata.get("tags", []):
            ids.add(cell.get("id"))
        previous_was_exercise = exercise
    return ids


def _output_pieces(cell) -> list[str]:
    """What a cell's outputs show that could prove a leak: each printed line with a digit or of
    12 characters or more, and each picture's bytes."""
    pieces = []
    for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
        data = output.get("data", {})
        text = output.get("text", "") + data.get("text/plain", "") if "text" in output or "text/plain" in data else ""
        pieces += [line for line in map(_norm, text.splitlines())
                   if len(line) >= 12 or (len(line) >= 3 and re.search(r"\d", line))]
        if "image/png" in data:
            pieces.append(re.sub(r"\s", "", data["image/png"]))
    return pieces


def find_leaks(instructor_nb, student_nb) -> list[str]:
    """Everything in ``student_nb`` that should not be there; empty when the release is clean."""
    problems = []
    secrets = solution_lines(instructor_nb)
    answer_ids = answer_cell_ids(instructor_nb)
    answers = {piece for cell in instructor_nb.cells if cell.get("id") in answer_ids
               for piece in _output_pieces(cell)}
    instructor_ids = {c.get("id") for c in instructor_nb.cells
                      if "instructor" in c.metadata.get("tags", []) and c.get("id")}
    for index, cell in enumerate(student_nb.cells):
        where = f"cell {index + 1}"
        lines = [_norm(line) for line in cell.source.splitlines()]
        text = "\n".join(lines)
        for secret in secrets:
            # Long lines leak even inside a longer line; short ones only as a whole line.
            if secret in lines or (len(secret) >= 12 and secret in text):
                problems.append(f"{where}: solution line {secret!r}")
        for line in cell.source.splitlines():
            if looks_like_marker(line):
                problems.append(f"{where}: marker {line.strip()!r}")
        if looks_like_marker(json.dumps(cell.metadata)):
            problems.append(f"{where}: marker in the cell's metadata")
        if "instructor" in cell.metadata.get("tags", []) or cell.get("id") in instructor_ids:
            problems.append(f"{where}: an instructor cell")
        if cell.cell_type == "code" and cell.get("outputs") and cell.get("id") in answer_ids:
            problems.append(f"{where}: {len(cell.outputs)} output(s) of an exercise, its check or an answer-output cell")
        for shown in _output_pieces(cell):
            if shown in answers:
                problems.append(f"{where}: an output shows what an exercise printed: {shown[:60]!r}")
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            problems.append(f"{where}: execution count {cell.execution_count}")
    if "widgets" in student_nb.metadata:
        problems.append("notebook metadata: saved widget state")
    if looks_like_marker(json.dumps(student_nb.metadata)):
        problems.append("notebook metadata: a marker")
    return problems


# ------------------------------------------------------ the built release
@pytest.fixture(scope="module")
def student_paths(tmp_path_factory):
    """Instructor path -> student path, built with make_student once per source folder, when a
    test first asks for one of its notebooks (so the fixture's tests never build the chapters)."""
    out = tmp_path_factory.mktemp("student")

    class Built(dict):
        def __missing__(self, source):
            folder = source.parent
            for path in make_student(folder, out / str(FOLDERS.index(folder))):
                self[folder / path.name] = path
            return self[source]
    return Built()


def _read(path):
    return nbformat.read(path, as_version=4)


def _kept_cells(nb):
    return [c for c in nb.cells if "instructor" not in c.metadata.get("tags", [])]


def _exercises(cells):
    """Indices of code cells holding a solution region, each with the index of its check cell."""
    pairs = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and any(l.strip() == "### BEGIN SOLUTION" for l in cell.source.splitlines()):
            check = next((j for j in range(i + 1, len(cells)) if cells[j].cell_type == "code"), None)
            pairs.append((i, check))
    return pairs


def test_there_is_something_to_test():
    assert SOURCES and SOURCES[0].name == "00_fixture_homework.ipynb"
    nb = _read(SOURCES[0])
    assert len(solution_lines(nb)) >= 3
    assert any("instructor" in c.metadata.get("tags", []) for c in nb.cells)
    assert any(c.cell_type == "markdown" and "### BEGIN SOLUTION" in c.source for c in nb.cells)


@pytest.mark.parametrize("source", CASES)
def test_student_version_leaks_nothing(source, student_paths):
    assert find_leaks(_read(source), _read(student_paths[source])) == []


@pytest.mark.parametrize("source", CASES)
def test_student_version_keeps_everything_else(source, student_paths):
    instructor, student = _read(source), _read(student_paths[source])
    kept = _kept_cells(instructor)
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in kept]
    for before, after in zip(kept, student.cells):
        if "### BEGIN SOLUTION" not in before.source:
            assert after.source == before.source
        elif before.cell_type == "code":
            assert "# YOUR CODE HERE\n" in after.source and "raise NotImplementedError()" in after.source
        else:
            assert "YOUR ANSWER HERE" in after.source


@pytest.mark.parametrize("source", CASES)
def test_instructor_version_passes_its_own_checks(source):
    """Stored executed: no errors, and each exercise's check printed its single pass line."""
    cells = _kept_cells(_read(source))
    for cell in cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    for exercise, check in _exercises(cells):
        assert check is not None and "checks." in cells[check].source, (
            f"exercise in cell {exercise + 1} of {source.name} has no check call right after it")
        text = "".join(o.get("text", "") for o in cells[check].outputs if o.output_type == "stream")
        assert re.fullmatch(r"✓ \w+: correct\n", text), f"check after cell {exercise + 1} printed {text!r}"


def run_problems(instructor_nb, executed_student_nb) -> list[str]:
    """Why the executed student notebook is not "only the exercises and their checks fail"."""
    pairs = _exercises(_kept_cells(instructor_nb))
    errors = {i: o.ename for i, cell in enumerate(executed_student_nb.cells) if cell.cell_type == "code"
              for o in cell.outputs if o.output_type == "error"}
    allowed = {i for pair in pairs for i in pair if i is not None}
    problems = [f"cell {i + 1} is not an exercise or its check but raised {name}"
                for i, name in errors.items() if i not in allowed]
    problems += [f"cell {i + 1} raised {name}, not the missing answer's NotImplementedError, "
                 "AssertionError or NameError" for i, name in errors.items()
                 if i in allowed and name not in ("NotImplementedError", "AssertionError", "NameError")]
    problems += [f"the check after cell {ex + 1} passed the stub" for ex, check in pairs
                 if ex not in errors and check not in errors]
    return problems


@pytest.mark.notebook                       # runs each student notebook in a kernel, the fixture's too
@pytest.mark.parametrize("source", CASES)
def test_student_version_runs_with_only_the_exercises_failing(source, student_paths):
    instructor = _read(source)
    if not _exercises(_kept_cells(instructor)) and len(_kept_cells(instructor)) == len(instructor.cells):
        pytest.skip("no exercises and no instructor cells: the student version is the instructor "
                    "notebook without outputs, which nbval runs")
    student = run_notebook(_read(student_paths[source]), source.parent, timeout=60, allow_errors=True)
    assert run_problems(instructor, student) == []


@pytest.mark.slow
def test_run_check_catches_a_later_cell_that_uses_the_answer(tmp_path):
    instructor = _nb(
        new_code_cell("from coursekit import checks"),
        new_code_cell("def sig(z):\n    ### BEGIN SOLUTION\n    return 1 / (1 + __import__('numpy').exp(-z))\n"
                      "    ### END SOLUTION"),
        new_code_cell("checks.sigmoid(sig)"),
        new_code_cell("print(sig(0.0))"))   # depends on the learner's answer: must be caught
    student, _ = student_notebook(instructor, "x")
    student = run_notebook(student, tmp_path, timeout=60, allow_errors=True)
    assert run_problems(instructor, student) == ["cell 4 is not an exercise or its check but raised "
                                                 "NotImplementedError"]


# ------------------------------------------------- the detector is not blind
def _fixture():
    return _read(SOURCES[0])


def test_detector_sees_the_instructor_notebook_as_a_leak():
    nb = _fixture()
    problems = "\n".join(find_leaks(nb, nb))
    for kind in ("solution line", "marker", "an instructor cell", "output(s)", "execution count"):
        assert kind in problems


@pytest.mark.parametrize("marker", [
    "### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN SOLUTON", "### END SOLUTIN", "## begin solution",
    "###  BEGIN   SOLUTION", "### BEGIN SOULTION", "# B E G I N  S O L U T I O N", "### End_Solution",
    "#BEGINSOLUTION", "# END SOLN"])
def test_detector_finds_markers_and_misspellings(marker):
    nb = _fixture()
    student, _ = student_notebook(nb, "fixture")
    student.cells[1].source += "\n    " + marker
    assert any("marker" in p for p in find_leaks(nb, student))


def test_detector_finds_a_solution_line_inside_another_line():
    nb = _fixture()
    student, _ = student_notebook(nb, "fixture")
    student.cells[1].source += "\nprint(w = np.array([[-1.5, -1.5]]))"
    assert any("solution line" in p for p in find_leaks(nb, student))


def test_detector_leaves_prose_about_solutions_alone():
    nb = _fixture()
    student, _ = student_notebook(nb, "fixture")
    student.cells[0].source += "\n\nIn the end, solutions of the normal equations begin to look familiar."
    assert find_leaks(nb, student) == []


# ------------------------------------------------------ the generator itself
def _nb(*cells):
    return new_notebook(cells=list(cells))


def test_regions_are_replaced_with_the_begin_lines_indentation():
    code = new_code_cell("def f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    return x * y\n    ### END SOLUTION\n"
                         "\n### BEGIN SOLUTION\nz = 3\n### END SOLUTION\nprint(z)")
    text = new_markdown_cell("Why?\n\n  ### BEGIN SOLUTION\nBecause.\n  ### END SOLUTION")
    student, info = student_notebook(_nb(code, text))
    assert student.cells[0].source == ("def f(x):\n    y = 2\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
                                       "\n# YOUR CODE HERE\nraise NotImplementedError()\nprint(z)")
    assert student.cells[1].source == "Why?\n\n  YOUR ANSWER HERE"
    assert info == {"regions": 3, "instructor_cells": 0, "cleared_outputs": 0}


def test_counts_timing_widget_state_and_instructor_cells_go_but_plain_outputs_stay():
    cell = new_code_cell("print(1)", execution_count=4, outputs=[new_output("stream", name="stdout", text="1\n")])
    cell.metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00"}
    secret = new_code_cell("answer = 42", metadata={"tags": ["instructor", "nbval-ignore-output"]})
    nb = _nb(cell, secret)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    student, info = student_notebook(nb)
    assert len(student.cells) == 1 and student.cells[0].execution_count is None
    assert [o.text for o in student.cells[0].outputs] == ["1\n"]   # a learner sees what it printed
    assert "execution" not in student.cells[0].metadata and "widgets" not in student.metadata
    assert info == {"regions": 0, "instructor_cells": 1, "cleared_outputs": 0}
    assert len(nb.cells) == 2 and nb.cells[0].execution_count == 4   # the instructor notebook is not touched


def test_outputs_of_exercises_their_checks_and_answer_output_cells_are_cleared():
    def printed(source, text, tags=()):
        return new_code_cell(source, metadata={"tags": list(tags)},
                             outputs=[new_output("stream", name="stdout", text=text)])
    nb = _nb(printed("x = 2\nprint(x)", "2\n"),
             printed("def f():\n    ### BEGIN SOLUTION\n    return 3\n    ### END SOLUTION\nprint(f())", "3\n"),
             printed("checks.f(f)", "✓ f: correct\n"),
             printed("print(x + 1)", "3\n", tags=["answer-output"]),
             printed("print('later')", "later\n"),
             printed("checks.other()", "✓ other: correct\n"))   # a check not right after an exercise
    student, info = student_notebook(nb)
    assert [[o.text for o in c.outputs] for c in student.cells] == [
        ["2\n"], [], [], [], ["later\n"], ["✓ other: correct\n"]]
    assert info["cleared_outputs"] == 3 and info["regions"] == 1


def test_detector_sees_an_exercises_output_shown_by_a_later_cell():
    nb = _nb(new_code_cell("y = f(0.5)\n### BEGIN SOLUTION\ny = 0.62245933\n### END SOLUTION\nprint(y)",
                           outputs=[new_output("stream", name="stdout", text="0.62245933\n")]),
             new_code_cell("print(f(0.5))", outputs=[new_output("stream", name="stdout", text="0.62245933\n")]))
    student, _ = student_notebook(nb)
    assert any("shows what an exercise printed" in p for p in find_leaks(nb, student))


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1", "has no '### END SOLUTION'"),
    ("x = 1\n### END SOLUTION", "without a '### BEGIN SOLUTION'"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### END SOLUTION", "nested"),
    ("### BEGIN SOLUTON\nx = 1\n### END SOLUTION", "looks like a solution marker"),
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTIN", "looks like a solution marker"),
    ("## BEGIN SOLUTION\nx = 1\n## END SOLUTION", "looks like a solution marker"),
    ("# begin solution\nx = 1", "looks like a solution marker"),
    ("###BEGIN SOLUTION\nx = 1\n###END SOLUTION", "looks like a solution marker"),
    ("### BEGIN SOLUTION # the answer\nx = 1\n### END SOLUTION", "looks like a solution marker"),
])
def test_malformed_markers_stop_the_build(source, problem):
    nb = _nb(new_markdown_cell("intro"), new_code_cell(source))
    with pytest.raises(MarkerError) as info:
        student_notebook(nb, "07_broken.ipynb")
    message = str(info.value)
    assert problem in message and "07_broken.ipynb, cell 2 (code" in message


def test_a_malformed_marker_in_an_instructor_cell_also_stops_the_build():
    nb = _nb(new_code_cell("### BEGIN SOLUTION\nx = 1", metadata={"tags": ["instructor"]}))
    with pytest.raises(MarkerError):
        student_notebook(nb, "x")


def test_markdown_regions_must_be_closed_too():
    with pytest.raises(MarkerError, match="cell 1 .markdown"):
        student_notebook(_nb(new_markdown_cell("### BEGIN SOLUTION\nThe answer.")), "n")


def test_make_student_writes_nothing_when_one_notebook_is_broken(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    nbformat.write(_nb(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")), src / "01_good.ipynb")
    nbformat.write(_nb(new_code_cell("### BEGIN SOLUTION\nx = 1")), src / "02_bad.ipynb")
    with pytest.raises(MarkerError, match="02_bad.ipynb, cell 1"):
        make_student(src, out)
    assert not out.exists()


def test_make_student_takes_only_chapters_and_refuses_to_overwrite_them(tmp_path):
    nbformat.write(_nb(new_code_cell("x = 1")), tmp_path / "01_intro.ipynb")
    nbformat.write(_nb(new_code_cell("### BEGIN SOLUTION")), tmp_path / "scratch.ipynb")  # not a chapter
    assert [p.name for p in make_student(tmp_path, tmp_path / "student")] == ["01_intro.ipynb"]
    with pytest.raises(ValueError, match="overwrite the solutions"):
        make_student(tmp_path, tmp_path)


def test_command_line(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    nbformat.write(_nb(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTON")), src / "03_x.ipynb")
    assert main(["student", str(src), str(tmp_path / "out")]) == 1
    assert "03_x.ipynb, cell 1" in capsys.readouterr().err
    nbformat.write(_nb(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")), src / "03_x.ipynb")
    assert main(["student", str(src), str(tmp_path / "out")]) == 0
    assert "03_x.ipynb" in capsys.readouterr().out
    assert (tmp_path / "out" / "03_x.ipynb").exists()


def test_make_notebooks_re_executes_the_gallery_too(tmp_path, monkeypatch):
    """`make notebooks` (release execute) runs every chapter and then explorers.ipynb, which
    shows the chapters' explorers and so goes stale with them; other files are left alone."""
    from coursekit import release
    for name in ["02_b.ipynb", "01_a.ipynb", "explorers.ipynb", "scratch.ipynb"]:
        (tmp_path / name).write_text("{}")
    ran = []
    monkeypatch.setattr(release.cli, "execute", lambda path: ran.append(Path(path).name))
    assert release.main(["execute", str(tmp_path)]) == 0
    assert ran == ["01_a.ipynb", "02_b.ipynb", "explorers.ipynb"]
