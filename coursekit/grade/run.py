"""Grade a class: every student folder, every chapter, students in parallel, one line each."""
from __future__ import annotations

import os
import re
import secrets
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import report
from .exercises import course_chapters
from .grader import NotebookGrade, Result, Settings, grade_notebook

__all__ = [
    "chapters_to_grade", "failed_grade", "grade_class", "grade_student", "student_folders",
]

_STUDENT_ID = re.compile(r"^[\w.@+-]+$")


def student_folders(submissions) -> dict[str, Path]:
    """Student id -> folder: every sub-folder of ``submissions`` whose name is a plain id."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise FileNotFoundError(f"SUBMISSIONS must be a folder with one folder per student; got {submissions}")
    return {p.name: p for p in sorted(submissions.iterdir())
            if p.is_dir() and not p.is_symlink() and _STUDENT_ID.match(p.name) and not p.name.startswith(".")}


def chapters_to_grade(chapters, folders: dict, only=None) -> list:
    """The chapters asked for (``only``: names or numbers), else those any student handed in."""
    if only:
        wanted = {str(c) for c in only}
        return [c for c in chapters if c.name in wanted or c.name[:2] in wanted or c.filename in wanted]
    handed_in = {p.name for folder in folders.values() for p in folder.glob("*.ipynb")}
    return [c for c in chapters if c.filename in handed_in]


def grade_student(student: str, folder, chapters, settings: Settings, seed: int | None):
    """All chapters of one student, in order; runs in a worker process of the pool."""
    start = time.monotonic()
    grades = []
    for chapter in chapters:
        chapter_seed = seed if seed is not None else secrets.randbits(31)
        try:
            grades.append(grade_notebook(folder, chapter, chapter_seed, settings))
        except Exception as err:              # a fault of the grader's must not cost the others
            grades.append(failed_grade(chapter, chapter_seed, f"the grader failed ({type(err).__name__}: {err})"))
    return student, grades, time.monotonic() - start


def failed_grade(chapter, seed: int, message: str) -> NotebookGrade:
    """Error rows for every exercise of ``chapter``."""
    grade = NotebookGrade(chapter.name, seed)
    grade.results = [Result(e.name, 0, e.points, "error", message) for e in chapter.exercises]
    return grade


def _progress_line(done: int, total: int, student: str, grades, seconds: float) -> str:
    got = sum(r.points for g in grades for r in g.results)
    out_of = sum(r.max_points for g in grades for r in g.results)
    counts: dict[str, int] = {}
    for g in grades:
        for r in g.results:
            counts[r.status] = counts.get(r.status, 0) + 1
    statuses = ", ".join(f"{n} {s}" for s, n in counts.items())
    return f"[{done}/{total}] {student}: {got:g}/{out_of:g} points ({statuses}) in {seconds:.1f} s"


def grade_class(submissions, out, *, instructor=None, chapters=None, settings: Settings | None = None,
                jobs: int | None = None, seed: int | None = None, feedback: str = "md", progress=print):
    """Grade every student of ``submissions``; write ``out`` (the gradebook), ``summary.csv`` and
    ``feedback/<student>.<md|html>`` next to it. Returns the gradebook's rows.

    ``seed`` fixes the random cases (to reproduce a grade); by default each student's chapter
    draws its own at grading time and the summary records it.
    """
    settings = settings or Settings()
    out = Path(out)
    folders = student_folders(submissions)
    course = chapters_to_grade(course_chapters(instructor), folders, chapters)
    if not course:
        raise ValueError("no chapter to grade: no student folder holds a chapter notebook (NN_name.ipynb)")
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(folders) or 1))
    results = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(grade_student, s, f, course, settings, seed) for s, f in folders.items()]
        students = {f: s for f, s in zip(futures, folders)}
        for done, future in enumerate(as_completed(futures), start=1):
            try:
                student, grades, seconds = future.result()
            except Exception as err:          # the worker itself died
                student, seconds = students[future], 0.0
                grades = [failed_grade(c, seed or 0, f"the grader failed ({type(err).__name__}: {err})")
                          for c in course]
            results[student] = grades
            if progress:
                progress(_progress_line(done, len(folders), student, grades, seconds))
    rows, summary = [], []
    for student in folders:
        rows += report.gradebook_rows(student, results[student])
        summary += report.summary_rows(student, results[student])
        report.write_feedback(out.parent / "feedback", student, results[student], feedback)
    report.write_csv(out, report.GRADEBOOK_COLUMNS, rows)
    report.write_csv(out.parent / "summary.csv", report.SUMMARY_COLUMNS, summary)
    return rows
