"""The chapters as an nbgrader course (coursekit.release.nbgrader), and, when nbgrader is
installed, nbgrader's own generate_assignment and autograde run on one chapter end to end."""
from __future__ import annotations

import ast
import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_release import find_leaks

from coursekit.grade.exercises import points_for, read_chapter
from coursekit.grade.grader import takes_seed
from coursekit.release import nbgrader as nbg

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "03_logistic_regression"
INSTRUCTOR = ROOT / "notebooks" / f"{CHAPTER}.ipynb"


def _marked(nb):
    return [c for c in nb.cells if "nbgrader" in c.metadata]


def test_every_exercise_becomes_an_answer_and_its_check_a_test_worth_its_points():
    source = nbg.nbgrader_source(nbformat.read(INSTRUCTOR, as_version=4), seed=3)
    exercises = read_chapter(INSTRUCTOR).exercises
    tests = [c for c in _marked(source) if c.metadata.nbgrader["grade"] and not c.metadata.nbgrader["solution"]]
    assert [c.metadata.nbgrader["grade_id"] for c in tests] == [e.name for e in exercises]
    for cell, exercise in zip(tests, exercises):
        assert cell.metadata.nbgrader["points"] == points_for(exercise.name) and cell.metadata.nbgrader["locked"]
    answers = {c.metadata.nbgrader["grade_id"]: c for c in _marked(source) if c.metadata.nbgrader["solution"]}
    for exercise in exercises:
        cell = answers[f"{exercise.name}-answer"]
        assert nbg.BEGIN_SOLUTION in cell.source and cell.cell_type == "code"
        assert not cell.metadata.nbgrader["grade"] and not cell.metadata.nbgrader["locked"]
    written = [c for c in answers.values() if c.cell_type == "markdown"]
    assert written and all(c.metadata.nbgrader["grade"] and c.metadata.nbgrader["points"] == 0 for c in written)


def test_the_metadata_has_what_nbgraders_schema_requires():
    source = nbg.nbgrader_source(nbformat.read(INSTRUCTOR, as_version=4), seed=3)
    ids = [c.metadata.nbgrader["grade_id"] for c in _marked(source)]
    assert len(ids) == len(set(ids))
    for cell in _marked(source):
        meta = cell.metadata.nbgrader
        assert {"schema_version", "grade", "locked", "solution"} <= set(meta)
        assert meta["schema_version"] == nbg.SCHEMA_VERSION
        assert ("points" in meta) == meta["grade"]
        assert meta["grade_id"].replace("_", "").replace("-", "").isalnum()


def test_checks_that_draw_random_cases_get_a_hidden_seeded_test_and_only_those():
    source = nbg.nbgrader_source(nbformat.read(INSTRUCTOR, as_version=4), seed=3)
    for cell in _marked(source):
        meta = cell.metadata.nbgrader
        if not meta["grade"] or meta["solution"]:
            continue
        hidden = nbg.BEGIN_HIDDEN_TESTS in cell.source
        assert hidden == takes_seed(meta["grade_id"])
        if hidden:
            call = ast.parse(cell.source.split(nbg.BEGIN_HIDDEN_TESTS)[1].split(nbg.END_HIDDEN_TESTS)[0]).body[0].value
            assert call.func.attr == meta["grade_id"] and [k.arg for k in call.keywords] == ["seed"]
            assert cell.source.rstrip().endswith(nbg.END_HIDDEN_TESTS)
    again = nbg.nbgrader_source(nbformat.read(INSTRUCTOR, as_version=4), seed=3)
    assert nbformat.writes(again) == nbformat.writes(source)
    other = nbg.nbgrader_source(nbformat.read(INSTRUCTOR, as_version=4), seed=4)
    assert nbformat.writes(other) != nbformat.writes(source)


def test_the_course_folder_has_nbgraders_layout_and_keeps_your_config(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(INSTRUCTOR, src)
    written = nbg.make_nbgrader_course(src, tmp_path / "course", seed=1)
    assert written == [tmp_path / "course" / "source" / CHAPTER / f"{CHAPTER}.ipynb",
                       tmp_path / "course" / "nbgrader_config.py"]
    assert "remove_cell_tags" in (tmp_path / "course" / "nbgrader_config.py").read_text()
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()  # mine\n")
    assert nbg.make_nbgrader_course(src, tmp_path / "course", seed=1) == written[:1]
    assert "mine" in (tmp_path / "course" / "nbgrader_config.py").read_text()


# ------------------------------------------------------------------ nbgrader itself
def _nbgrader(course: Path, *args: str):
    """Run ``nbgrader`` in ``course`` with this repository's coursekit (and the kernel the same)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg",
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


def _submission(release, source, wrong: dict):
    """The students' copy with every answer filled in from the model answers, except those in
    ``wrong`` (grade id -> the cell's source)."""
    answers = {c.metadata.nbgrader["grade_id"]: c.source for c in _marked(source)}
    nb = copy.deepcopy(release)
    for cell in _marked(nb):
        grade_id = cell.metadata.nbgrader["grade_id"]
        if cell.metadata.nbgrader["solution"]:
            cell.source = wrong.get(grade_id, answers[grade_id])
    return nb


@pytest.mark.slow
@pytest.mark.notebook
def test_nbgrader_releases_and_autogrades_a_chapter(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(INSTRUCTOR, src)
    course = tmp_path / "course"
    nbg.make_nbgrader_course(src, course, seed=7)
    _nbgrader(course, "generate_assignment", CHAPTER, "--force")
    release = nbformat.read(course / "release" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    assert find_leaks(nbformat.read(INSTRUCTOR, as_version=4), release) == []
    assert not any(nbg.BEGIN_HIDDEN_TESTS in c.source or "seed=" in c.source for c in _marked(release))

    students = {"ana": {}, "ben": {"sigmoid-answer": "def sigmoid(Z):\n    return 1 / (1 + np.exp(Z))"}}
    for student, wrong in students.items():
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(_submission(release, source, wrong), folder / f"{CHAPTER}.ipynb")
    _nbgrader(course, "autograde", CHAPTER, "--force")

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: {g.name: g.score for nb in gradebook.find_submission(CHAPTER, s).notebooks for g in nb.grades}
                  for s in students}
    exercises = [e.name for e in read_chapter(INSTRUCTOR).exercises]
    assert all(scores["ana"][name] == points_for(name) for name in exercises)
    assert scores["ben"]["sigmoid"] == 0
    # ben's own sigmoid also feeds his training loop (the chapter's last exercise builds on the
    # earlier ones); the exercises that do not use it keep their points.
    for name in ("logistic_cost", "logistic_gradient_by_hand", "logistic_predict", "vectorised_logistic_gradient"):
        assert scores["ben"][name] == points_for(name)


def test_the_release_command_writes_the_course(tmp_path, capsys):
    from coursekit.release import main
    src = tmp_path / "notebooks"
    src.mkdir()
    shutil.copy(INSTRUCTOR, src)
    assert main(["nbgrader", str(src), str(tmp_path / "course"), "--seed", "5"]) == 0
    assert f"wrote {tmp_path / 'course' / 'nbgrader_config.py'}" in capsys.readouterr().out
    written = nbformat.read(tmp_path / "course" / "source" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    graded = [c.metadata.nbgrader["grade_id"] for c in _marked(written) if not c.metadata.nbgrader["solution"]]
    assert graded == [e.name for e in read_chapter(INSTRUCTOR).exercises]
