"""End to end: a class of chapter-03 submissions with known faults, graded into the expected CSV."""
from __future__ import annotations

import csv
import shutil
import time

import pytest
from class_fixture import CHAPTER, EXERCISES, STUDENTS, build_class, expected_rows

from coursekit.grade import Settings, grade_class
from coursekit.grade.__main__ import main as grade_main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submissions = build_class(root / "submissions")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    lines = []
    settings = Settings(timeout=20.0, memory=2**30)
    rows = grade_class(submissions, root / "out" / "gradebook.csv", settings=settings, jobs=2,
                       progress=lines.append)
    return root, rows, lines, before


def _read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_student_gets_the_expected_status_for_every_exercise(graded):
    root, rows, _, _ = graded
    written = _read(root / "out" / "gradebook.csv")
    assert written == rows
    assert list(written[0]) == ["student", "chapter", "exercise", "points", "max_points", "status", "message"]
    got = {(r["student"], r["exercise"], r["status"]) for r in written}
    assert got == expected_rows()
    assert len(written) == len(STUDENTS) * len(EXERCISES)


def test_points_follow_the_status_and_every_failure_says_why(graded):
    _, rows, _, _ = graded
    for r in rows:
        assert r["chapter"] == CHAPTER.removesuffix(".ipynb")
        assert r["max_points"] == "1"
        assert r["points"] == ("1" if r["status"] == "passed" else "0")
        assert (r["message"] == "") == (r["status"] == "passed"), r


def test_the_messages_name_the_cause(graded):
    _, rows, _, _ = graded
    message = {(r["student"], r["exercise"]): r["message"] for r in rows}
    assert "sign inside exp" in message["wrong_answer", "sigmoid"]
    assert "sign inside exp" in message["patches_checks", "sigmoid"]
    assert "wrong on new ones" in message["hard_codes", "logistic_cost"]
    assert "not valid JSON" in message["invalid_json", "sigmoid"]
    assert "20 s limit" in message["loops_forever", "logistic_predict"]
    assert "SIGKILL" in message["kills_itself", "logistic_predict"]
    assert "exited with status 0" in message["calls_os_exit", "logistic_predict"]
    assert "`logistic_cost` is not defined" in message["reordered", "logistic_cost"]
    assert "NotImplementedError" in message["unfinished", "sigmoid"]


def test_summary_feedback_and_progress(graded):
    root, _, lines, _ = graded
    summary = _read(root / "out" / "summary.csv")
    assert [r["student"] for r in summary] == sorted(STUDENTS)
    assert all(r["seed"].isdigit() and r["max_points"] == str(len(EXERCISES)) for r in summary)
    points = {r["student"]: r["points"] for r in summary}
    assert points["correct"] == str(len(EXERCISES)) and points["unfinished"] == "0" and points["loops_forever"] == "2"
    for student in STUDENTS:
        text = (root / "out" / "feedback" / f"{student}.md").read_text(encoding="utf-8")
        assert all(f"`{e}`" in text for e in EXERCISES)
    assert "sign inside exp" in (root / "out" / "feedback" / "wrong_answer.md").read_text(encoding="utf-8")
    assert len(lines) == len(STUDENTS)
    assert {line.split("] ")[1].split(":")[0] for line in lines} == set(STUDENTS)


def test_the_submissions_are_left_as_they_were(graded):
    root, _, _, before = graded
    after = sorted(p.relative_to(root) for p in root.rglob("*") if "out" not in p.relative_to(root).parts)
    assert after == before


def test_the_command_line_grades_one_chapter_and_fixes_the_seed(tmp_path):
    submissions = tmp_path / "submissions"
    (submissions / "ana").mkdir(parents=True)
    shutil.copy(build_class(tmp_path / "all") / "correct" / CHAPTER, submissions / "ana" / CHAPTER)
    assert grade_main([str(submissions), "--out", str(tmp_path / "g.csv"), "--seed", "7", "--feedback", "html",
                       "--timeout", "60"]) == 0
    assert {r["status"] for r in _read(tmp_path / "g.csv")} == {"passed"}
    assert _read(tmp_path / "summary.csv")[0]["seed"] == "7"
    assert "<table>" in (tmp_path / "feedback" / "ana.html").read_text(encoding="utf-8")


def test_thirty_submissions_of_one_chapter_are_all_graded(tmp_path, capsys):
    """Thirty correct submissions, two at a time: every exercise of every one passes. The time is
    printed, not asserted (timings belong to benchmarks; on an idle 2-core machine it is about
    30 s, against the two minutes the grader is meant to take at most)."""
    source = build_class(tmp_path / "all") / "correct" / CHAPTER
    for k in range(30):
        (tmp_path / "class" / f"s{k:02d}").mkdir(parents=True)
        shutil.copy(source, tmp_path / "class" / f"s{k:02d}" / CHAPTER)
    start = time.monotonic()
    rows = grade_class(tmp_path / "class", tmp_path / "out" / "g.csv", jobs=2, progress=None)
    seconds = time.monotonic() - start
    with capsys.disabled():
        print(f"\n30 submissions of {CHAPTER} graded in {seconds:.1f} s with 2 workers")
    problems = [(r["student"], r["exercise"], r["status"], r["message"]) for r in rows if r["status"] != "passed"]
    assert not problems and len(rows) == 30 * len(EXERCISES), problems[:5]
