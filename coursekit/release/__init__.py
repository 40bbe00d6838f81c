"""Maintainer tools for the notebooks: re-execute them, build the student version, and
render the offline edition.

    python -m coursekit.release execute notebooks/
    python -m coursekit.release student notebooks/ student/
    python -m coursekit.release html notebooks/ site/
    python -m coursekit.release slides notebooks/ slides/
    python -m coursekit.release tag-slides notebooks/07_optimisers.ipynb [--write]
    python -m coursekit.release nbgrader notebooks/ nbgrader-course/

``execute`` runs each notebook top to bottom in a fresh kernel started in the
notebook's own folder, and writes it back with its outputs, made light: no saved
widget state, each explorer stored once as its picture (with a line saying how
to bring its controls), every figure a palette PNG, no timing metadata and no
Python version. The chapters seed their random generators, so re-running an
unchanged notebook on the same machine writes the same bytes
(``make check-notebooks`` checks it).

``student`` writes the student version of every chapter: each region between a
line ``### BEGIN SOLUTION`` and a line ``### END SOLUTION`` becomes
``# YOUR CODE HERE`` / ``raise NotImplementedError()`` in a code cell (indented
like the BEGIN line) or ``YOUR ANSWER HERE`` in a markdown cell; cells tagged
``instructor`` are dropped; execution counts and saved widget state are cleared,
and so are the outputs of exercise cells, of the check right after each, and of
cells tagged ``answer-output``. Every other cell keeps its stored outputs (figures,
printed results, explorers' pictures), so a learner sees the chapter before running
anything. The markers and stubs are nbgrader's, so the instructor notebooks also
work with ``nbgrader generate_assignment``.

Why a small generator of our own rather than nbgrader's preprocessors:

* Fail closed. nbgrader's ``ClearSolutions`` recognises a marker only when the
  stripped line equals it exactly and copies every other line through, so a
  misspelt ``### BEGIN SOLUTON`` (or ``## BEGIN SOLUTION``) silently hands the
  solution to the students. Here any line that merely *looks like* a marker
  but is not exactly one stops the build with the notebook, cell and line.
* Weight. nbgrader brings a gradebook database (SQLAlchemy, alembic), a
  Jupyter server extension and pins on the Jupyter stack, all to rewrite a few
  strings; this needs only nbformat, which the base install already has.
* Fit. nbgrader has no notion of ``instructor`` cells (it needs an extra
  nbconvert preprocessor configured for that) and refuses solution regions in
  cells without its own metadata unless told otherwise.
Teachers who grade with nbgrader lose nothing: ``nbgrader`` writes the chapters as an nbgrader
course, with its cell metadata (see :mod:`coursekit.release.nbgrader`, imported only by that
command since it needs the checks, and docs/homework.md).

``html`` renders every chapter (and the explorer gallery and glossary) to static
pages with nbconvert, from the stored outputs and without executing anything,
plus a contents page; see :func:`build_site`. It is the instructor version,
solutions included. Explorers show their stored picture (the figure at the
default settings) with a note that they are interactive in Jupyter. Equations are typeset by a local copy
of MathJax 2 from the ``jupyter-server-mathjax`` package when it is installed,
so the pages then need no network at all; without it they use MathJax from a
CDN.

``slides`` writes a reveal.js deck for each chapter whose cells carry slide tags
(``slide``, ``slide-text``), with reveal.js and MathJax beside the decks so they
need no network; ``tag-slides`` proposes tags for a chapter that has none (and
with ``--write`` stores them, touching nothing else); see :mod:`.slides`.
"""
from __future__ import annotations

from .cli import main
from .notebooks import (CHAPTER_GLOB, EXPLORER_NOTE_KEY, STORED_EXPLORER_NOTE, WIDGET_STATE, WIDGET_VIEW,
                        TIMING_TAG, chapter_paths, execute, keep_timings, lighten, palette_png, run_notebook)
from .site import (EXPLORER_NOTE, GALLERY, GLOSSARY, INSTRUCTOR_NOTE, MATHJAX_CONFIG, build_site, chapter_outline,
                   copy_mathjax, find_mathjax, mathjax_config, offline_notebook)
from .slides import (REVEAL_FILES, SLIDE_TAG, SLIDE_TAGS, SLIDE_TEXT_TAG, build_slides, reveal_folder, slide_notebook,
                     slide_text, suggest_slide_tags)
from .student import (ANSWER_OUTPUT_TAG, BEGIN_SOLUTION, CODE_STUB, END_SOLUTION, INSTRUCTOR_TAG, TEXT_STUB, MarkerError,
                      clear_solutions, looks_like_marker, make_student, student_notebook)

__all__ = [
    "main", "CHAPTER_GLOB", "EXPLORER_NOTE_KEY", "STORED_EXPLORER_NOTE", "WIDGET_STATE", "WIDGET_VIEW",
    "TIMING_TAG", "chapter_paths", "execute", "keep_timings", "lighten", "palette_png", "run_notebook",
    "EXPLORER_NOTE", "GALLERY", "GLOSSARY", "INSTRUCTOR_NOTE", "build_site", "chapter_outline", "find_mathjax",
    "offline_notebook", "MATHJAX_CONFIG", "copy_mathjax", "mathjax_config",
    "REVEAL_FILES", "SLIDE_TAG", "SLIDE_TAGS", "SLIDE_TEXT_TAG", "build_slides", "reveal_folder", "slide_notebook",
    "slide_text", "suggest_slide_tags",
    "ANSWER_OUTPUT_TAG", "BEGIN_SOLUTION", "CODE_STUB", "END_SOLUTION", "INSTRUCTOR_TAG", "TEXT_STUB", "MarkerError",
    "clear_solutions", "looks_like_marker", "make_student", "student_notebook",
]
