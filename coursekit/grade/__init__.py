"""Grade a class's notebooks: ``python -m coursekit.grade SUBMISSIONS --out gradebook.csv``.

``SUBMISSIONS`` holds one folder per student, named by the student's id, with any of the
chapters' notebooks under their usual file names. For each student and chapter the notebook
runs in a process of its own (:mod:`.child`), in a temporary copy of the student's folder,
under a wall-time limit, a memory limit and, on Linux, with no network (:mod:`.limits`).

Trusted parent, untrusted child: the checks run in the grader, from the installed
``coursekit.checks``, on the student's objects reached by proxy (:mod:`.session`): a
function is called in the notebook's process, a value is sent back as plain data
(:mod:`.values`, :mod:`.wire`). Which exercises a chapter has, and which expressions feed
each check, come from the instructor notebook (:mod:`.exercises`). Each check runs twice:
on its visible cases, and with a seed drawn at grading time, on random cases the student has
not seen (the seed is in ``summary.csv``).

Outputs (:mod:`.report`): the gradebook, one row per student, chapter and exercise
(``student, chapter, exercise, points, max_points, status, message``); ``summary.csv``
next to it (points per student and chapter, and the seed); ``feedback/<student>.md``.
Statuses are explained in :mod:`.grader`; points per exercise are set in
:data:`.exercises.POINTS`.
"""
from .exercises import DEFAULT_POINTS, POINTS, Chapter, Exercise, course_chapters, read_chapter
from .grader import STATUSES, NotebookGrade, Result, Settings, grade_exercise, grade_notebook
from .run import grade_class, student_folders

__all__ = ["DEFAULT_POINTS", "POINTS", "Chapter", "Exercise", "course_chapters", "read_chapter", "STATUSES",
           "NotebookGrade", "Result", "Settings", "grade_exercise", "grade_notebook", "grade_class",
           "student_folders"]
