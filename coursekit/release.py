"""Maintainer tools for the notebooks: re-execute them, build the student version, and
render the offline edition.

    python -m coursekit.release execute notebooks/
    python -m coursekit.release student notebooks/ student/
    python -m coursekit.release html notebooks/ site/

``execute`` runs each notebook top to bottom in a fresh kernel started in the
notebook's own folder, and writes it back with its outputs. No timing metadata
is recorded, so re-running an unchanged notebook changes nothing that git sees
(figures and numbers come from seeded generators).

``student`` writes the student version of every chapter: each region between a
line ``### BEGIN SOLUTION`` and a line ``### END SOLUTION`` becomes
``# YOUR CODE HERE`` / ``raise NotImplementedError()`` in a code cell (indented
like the BEGIN line) or ``YOUR ANSWER HERE`` in a markdown cell; outputs,
execution counts and saved widget state are cleared; cells tagged
``instructor`` are dropped. The markers and stubs are nbgrader's, so the
instructor notebooks also work with ``nbgrader generate_assignment``.

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
Teachers who grade with nbgrader lose nothing: see docs/homework.md.

``html`` renders every chapter (and the explorer gallery and glossary) to static
pages with nbconvert, from the stored outputs and without executing anything,
plus a contents page; see :func:`build_site`. It is the instructor version,
solutions included. Explorers show the picture of their default figure that
each one stores beside its widget view. Equations are typeset by a local copy
of MathJax 2 from the ``jupyter-server-mathjax`` package when it is installed,
so the pages then need no network at all; without it they use MathJax from a
CDN.
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from pathlib import Path

CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)
INSTRUCTOR_TAG = "instructor"


def chapter_paths(folder) -> list[Path]:
    """The chapter notebooks in ``folder``, in chapter order."""
    return sorted(Path(folder).glob(CHAPTER_GLOB))


def run_notebook(nb, folder, timeout: int = 120, allow_errors: bool = False):
    """Execute the notebook node ``nb`` in a fresh kernel started in ``folder``; returns ``nb``.

    With ``allow_errors`` every cell runs even after one raises (the error is
    stored as that cell's output), as a learner's Run All would show it.
    """
    from nbclient import NotebookClient

    # Seeds and hashing fixed so that stored outputs are reproducible.
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            allow_errors=allow_errors, resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)  # passed on to the kernel manager, which starts the kernel with it
    return nb


def execute(path, timeout: int = 120) -> None:
    """Run the notebook at ``path`` top to bottom and store its outputs in place."""
    import nbformat

    path = Path(path)
    nb = run_notebook(nbformat.read(path, as_version=4), path.parent, timeout)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


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

    ``nb`` itself is not modified. ``name`` labels error messages. Returns
    ``(student_nb, info)`` where ``info`` counts ``"regions"`` replaced and
    ``"instructor_cells"`` removed.
    """
    nb = copy.deepcopy(nb)
    cells, regions, removed = [], 0, 0
    for index, cell in enumerate(nb.cells):
        # Validate instructor cells too: a broken marker is a bug wherever it sits, and
        # a teacher's nbgrader setup may not drop these cells.
        cell.source, n = clear_solutions(cell.source, cell.cell_type, _cell_label(name, index, cell))
        regions += n
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            removed += 1
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)  # saved widget state is output too
    return nb, {"regions": regions, "instructor_cells": removed}


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


# ------------------------------------------------------------------ the offline edition
GALLERY = "explorers.ipynb"
GLOSSARY = "glossary.md"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
EXPLORER_NOTE = ("Interactive in Jupyter: this is the explorer at its default settings. "
                 "Open the notebook in JupyterLab to move its controls.")
INSTRUCTOR_NOTE = ("This is the instructor version: the model answers to the exercises are included. "
                   "Give students the notebooks from <code>make student</code> for homework.")

# MathJax 2 as jupyter-server-mathjax ships it (what the classic notebook served): the combined
# TeX-AMS-MML_HTMLorMML-full configuration, HTML-CSS output and the STIX-Web web font. Copied
# without the parts these pages never load (accessibility extensions, translations, SVG fonts).
_MATHJAX_SKIP = ("extensions/a11y", "localization", "jax/output/SVG", "unpacked")
MATHJAX_CONFIG = r"""<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true, processEnvironments: true},
  "HTML-CSS": {availableFonts: [], imageFont: null, preferredFont: null, webFont: "STIX-Web",
               linebreaks: {automatic: true}},
  displayAlign: "center",
  messageStyle: "none"
});
</script>
<script src="_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"></script>"""

_PAGE_CSS = """
main { max-width: 1100px; margin: 0 auto; }
.course-nav { display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; align-items: baseline;
  font-family: var(--jp-ui-font-family); font-size: 14px; padding: 0.6em 0;
  border-bottom: 1px solid #d0d7de; margin: 0 0 0.8em; }
.course-nav.bottom { border-bottom: none; border-top: 1px solid #d0d7de; margin: 1.5em 0 0.5em; }
.course-nav a { color: #0072B2; text-decoration: none; }
.course-nav a:hover { text-decoration: underline; }
.course-nav .course-name { font-weight: 600; margin-right: auto; }
.course-banner { font-family: var(--jp-ui-font-family); font-size: 13px; color: #333;
  background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.5em 0.9em; margin: 0 0 1em; }
.course-explorer-note { font-family: var(--jp-ui-font-family); font-size: 13px; font-style: italic;
  color: #555; margin: 0.2em 0 0.4em; }
.course-solution-label { display: inline-block; font-family: var(--jp-ui-font-family); font-size: 12px;
  font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase; color: #8a4b00;
  background: #fff4e5; border: 1px solid #f0c48a; border-radius: 3px; padding: 0.1em 0.6em; }
.course-solution-end { border-top: 1px dashed #f0c48a; margin: 0.6em 0; }
"""

_PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.course_mathjax -%}{{ resources.course_mathjax }}{%- else -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
{% block extra_css %}<style type="text/css">{{ resources.course_css }}</style>{% endblock extra_css %}
{%- block body_header -%}{{ super() }}
{{ resources.course_header }}
{%- endblock body_header -%}
{% block body_footer %}{{ resources.course_footer }}
{{ super() }}{% endblock body_footer %}
"""


def find_mathjax() -> Path | None:
    """The folder of the MathJax 2 that the ``jupyter-server-mathjax`` package ships, or ``None``."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    folder = Path(jupyter_server_mathjax.__file__).parent / "static"
    return folder if (folder / "MathJax.js").is_file() else None


def _copy_mathjax(source: Path, target: Path) -> None:
    import shutil

    def skip(folder, names):
        relative = Path(folder).relative_to(source).as_posix()
        return [name for name in names if (f"{relative}/{name}" if relative != "." else name) in _MATHJAX_SKIP]

    shutil.copytree(source, target, ignore=skip, dirs_exist_ok=True)


def _label_solutions(source: str) -> str:
    """Markdown solution markers as visible labels (otherwise they render as a heading)."""
    lines = []
    for line in source.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            line = '\n<div class="course-solution-label">Model answer · instructor edition</div>\n'
        elif line.strip() == END_SOLUTION:
            line = '\n<div class="course-solution-end"></div>\n'
        lines.append(line)
    return "\n".join(lines)


def offline_notebook(nb):
    """A copy of the notebook node ``nb`` that reads without Jupyter; ``nb`` is not modified.

    Each widget output loses its widget view, so the stored ``image/png``
    fallback (the explorer's figure at its default settings) is what renders,
    followed by a note that it is interactive in Jupyter; a widget output with
    no picture keeps only that note. The notebook's saved widget state is
    dropped, so no widget JavaScript is needed. Markdown solution markers
    become visible labels.
    """
    from nbformat.v4 import new_output

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _label_solutions(cell.source)
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_STATE, None)
            if WIDGET_VIEW not in data:
                outputs.append(output)
                continue
            # nbconvert already skips a view whose model is not in the saved state; dropping the
            # view too means the page never depends on that, nor on any widget JavaScript.
            data.pop(WIDGET_VIEW)
            if "image/png" in data:
                outputs.append(output)
            note = f'<p class="course-explorer-note">{EXPLORER_NOTE}</p>'
            outputs.append(new_output("display_data", data={"text/html": note}))
        cell.outputs = outputs
    return nb


def chapter_outline(nb) -> dict:
    """A chapter's ``title`` (its first ``# `` heading) and ``objectives``.

    The objectives are the top-level items (bulleted or numbered) of its
    "## What you will learn" section, as markdown, one string per item
    (continuation lines joined).
    """
    text = "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), None)
    objectives = []
    section = re.search(r"^## What you will learn[ \t]*\n(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S)
    for line in (section.group(1) if section else "").splitlines():
        bullet = re.match(r"(?:[-*+]|\d+[.)])\s+", line)  # "- item" or "1. item", not indented
        if bullet:
            objectives.append(line[bullet.end():].strip())
        elif objectives and line[:1] in (" ", "\t") and line.strip():
            objectives[-1] += " " + line.strip()
        elif objectives and line.strip():
            break  # the list has ended
    return {"title": title, "objectives": objectives}


def _first_paragraph(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in cell.source.split("\n\n"):
                if block.strip() and not block.lstrip().startswith("#"):
                    return " ".join(block.split())
    return ""


def _relink(page: str, names: set) -> str:
    """Links to the notebooks and the glossary made in this site point at their pages."""
    def fix(match):
        stem, suffix, anchor = match.group(1), match.group(2), match.group(3) or ""
        return f'href="{stem}.html{anchor}"' if stem + suffix in names else match.group(0)
    return re.sub(r'href="([\w.\-]+?)(\.ipynb|\.md)(#[^"]*)?"', fix, page)


def _markdown_notebook(markdown: str, title: str, cell_id: str):
    from nbformat.v4 import new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell(markdown, id=cell_id)])  # a fixed id: same bytes every build
    nb.metadata["title"] = title
    return nb


def _contents_markdown(title: str, chapters: list, gallery: tuple | None, glossary: bool,
                       offline_math: bool) -> str:
    """The contents page: ``chapters`` is ``[(page, outline)]``, ``gallery`` ``(page, title, blurb)``."""
    network = ("no network" if offline_math else
               "no network except for the equations, which MathJax typesets from the internet")
    lines = [f"# {title}", "",
             f"The offline edition: every chapter with its stored outputs, readable in any browser with no "
             f"Jupyter and {network}. The interactive explorers appear as their figure at the default "
             "settings; to move their sliders, open the notebooks in JupyterLab (`make lab`).", "",
             f'<div class="course-banner">{INSTRUCTOR_NOTE}</div>', "", "## Chapters", ""]
    for page, outline in chapters:
        lines += [f"### [{outline['title'] or page}]({page})", ""]
        if outline["objectives"]:
            lines += ["You will be able to:", ""] + [f"- {item}" for item in outline["objectives"]] + [""]
    lines += ["## Also in this edition", ""]
    if gallery:
        lines.append(f"- [{gallery[1]}]({gallery[0]}): {gallery[2]}")
    if glossary:
        lines.append("- [Glossary](glossary.html): every term the chapters define, in English and Chinese, "
                     "with the chapter that introduces it.")
    return "\n".join(lines) + "\n"


def _navigation(title: str, page: str, chapter_pages: list, glossary: bool) -> str:
    """The links at the top and bottom of a page: contents, previous and next chapter, glossary."""
    from html import escape

    links = [f'<span class="course-name"><a href="index.html">{escape(title)}</a></span>']
    if page in chapter_pages:
        at = chapter_pages.index(page)
        if at > 0:
            links.append(f'<a href="{chapter_pages[at - 1]}">&larr; previous chapter</a>')
        if at + 1 < len(chapter_pages):
            links.append(f'<a href="{chapter_pages[at + 1]}">next chapter &rarr;</a>')
    links.append('<a href="index.html">Contents</a>')
    if glossary:
        links.append('<a href="glossary.html">Glossary</a>')
    return " ".join(links)


def build_site(src_folder, out_folder, title: str | None = None, mathjax="auto") -> dict:
    """Render the course as static HTML pages in ``out_folder``: the offline edition.

    Each chapter notebook in ``src_folder`` (and ``explorers.ipynb``, the
    gallery, if present) becomes ``<name>.html`` with its stored outputs: the
    notebooks are not executed. Widgets show their stored figure (see
    :func:`offline_notebook`). ``glossary.md`` becomes ``glossary.html``, and
    ``index.html`` lists every chapter with its title and learning objectives.
    No page loads anything from the network, equations included, when MathJax
    is local: ``mathjax="auto"`` uses :func:`find_mathjax`, a folder holding
    that layout of MathJax 2 can be given instead, and with none (``None``, or
    nothing found) the pages take nbconvert's MathJax from a CDN, so equations
    need the network. Local MathJax is copied to ``_static/mathjax``.
    ``title`` defaults to the first heading of the README beside
    ``src_folder``. Returns ``{"pages": [paths written], "offline_math": bool}``.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    src, out = Path(src_folder), Path(out_folder)
    if not src.is_dir():
        raise FileNotFoundError(f"src_folder {str(src)!r} is not a folder.")
    if out.resolve() == src.resolve():
        raise ValueError(f"out_folder must differ from src_folder ({str(src)!r}).")
    chapters = chapter_paths(src)
    if not chapters:
        raise FileNotFoundError(f"no chapter notebooks ({CHAPTER_GLOB}) in {str(src)!r}.")
    if title is None:
        readme = src.parent / "README.md"
        heading = re.search(r"^# (.+)$", readme.read_text(encoding="utf-8"), re.M) if readme.is_file() else None
        title = heading.group(1).strip() if heading else "Course contents"
    mathjax_dir = find_mathjax() if mathjax == "auto" else (Path(mathjax) if mathjax else None)
    gallery_path, glossary_path = src / GALLERY, src / GLOSSARY
    has_glossary = glossary_path.is_file()

    # Pages in reading order: contents, chapters, gallery, glossary. Each is (file, title, notebook).
    pages, outlines = [], []
    for path in chapters:
        nb = nbformat.read(path, as_version=4)
        outline = chapter_outline(nb)
        page = offline_notebook(nb)
        page.metadata["title"] = outline["title"] or path.stem
        pages.append((path.stem + ".html", page.metadata["title"], page))
        outlines.append((path.stem + ".html", outline))
    gallery = None
    if gallery_path.is_file():
        nb = nbformat.read(gallery_path, as_version=4)
        page = offline_notebook(nb)
        page.metadata["title"] = chapter_outline(nb)["title"] or "Explorer gallery"
        pages.append(("explorers.html", page.metadata["title"], page))
        gallery = ("explorers.html", page.metadata["title"], _first_paragraph(nb))
    if has_glossary:
        pages.append(("glossary.html", "Glossary",
                      _markdown_notebook(glossary_path.read_text(encoding="utf-8"), "Glossary", "glossary")))
    contents = _contents_markdown(title, outlines, gallery, has_glossary, bool(mathjax_dir))
    pages.insert(0, ("index.html", title, _markdown_notebook(contents, title, "contents")))

    exporter = HTMLExporter(template_name="lab", template_file="coursekit_offline.html.j2",
                            extra_loaders=[DictLoader({"coursekit_offline.html.j2": _PAGE_TEMPLATE})])
    chapter_pages = [page for page, _ in outlines]
    sources = {path.name for path in chapters} | {p.name for p in (gallery_path, glossary_path) if p.is_file()}
    rendered = []
    for name, page_title, nb in pages:
        nav = _navigation(title, name, chapter_pages, has_glossary)
        header = f'<nav class="course-nav">{nav}</nav>'
        if name not in ("index.html", "glossary.html"):
            header += (f'\n<div class="course-banner">Offline edition. {INSTRUCTOR_NOTE} Explorers show '
                       "their figure at the default settings; they are interactive in Jupyter.</div>")
        resources = {"course_css": _PAGE_CSS, "course_header": header,
                     "course_footer": f'<nav class="course-nav bottom">{nav}</nav>',
                     "course_mathjax": MATHJAX_CONFIG if mathjax_dir else "",
                     "metadata": {"name": page_title}}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        rendered.append((out / name, _relink(body, sources)))

    out.mkdir(parents=True, exist_ok=True)
    if mathjax_dir:
        target = out / "_static" / "mathjax"
        target.mkdir(parents=True, exist_ok=True)
        _copy_mathjax(Path(mathjax_dir), target)
    for path, body in rendered:
        path.write_text(body, encoding="utf-8")
    return {"pages": [path for path, _ in rendered], "offline_math": bool(mathjax_dir)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.release", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="re-execute the chapter notebooks and the explorer gallery in place")
    run.add_argument("folder", nargs="?", default="notebooks")
    stu = sub.add_parser("student", help="write the student version of every chapter notebook")
    stu.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    stu.add_argument("out", nargs="?", default="student", help="folder to write (created if missing)")
    web = sub.add_parser("html", help="render every chapter, with its stored outputs, to static HTML pages")
    web.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    web.add_argument("out", nargs="?", default="site", help="folder to write (created if missing)")
    args = parser.parse_args(argv)
    if args.command == "html":
        try:
            built = build_site(args.src, args.out)
        except (ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        for p in built["pages"]:
            print(f"wrote {p}")
        if not built["offline_math"]:
            print("note: no local MathJax found (pip install jupyter-server-mathjax), so the pages load "
                  "MathJax from a CDN: equations need the network.", file=sys.stderr)
        print(f"open {Path(args.out) / 'index.html'} in a browser")
        return 0
    if args.command == "student":
        try:
            written = make_student(args.src, args.out)
        except (MarkerError, ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        if not written:
            print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.src}; nothing to write")
        for p in written:
            print(f"wrote {p}")
        return 0
    if args.command == "execute":
        paths = chapter_paths(args.folder)
        if not paths:
            print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.folder}; nothing to execute")
        gallery = Path(args.folder) / GALLERY
        if gallery.is_file():   # it shows the chapters' explorers, so it goes stale with them
            paths.append(gallery)
        for p in paths:
            print(f"executing {p}")
            execute(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
