"""The offline edition: every chapter rendered to static HTML pages from its stored outputs."""
from __future__ import annotations

import copy
import re
from pathlib import Path

from .notebooks import CHAPTER_GLOB, EXPLORER_NOTE_KEY, WIDGET_STATE, WIDGET_VIEW, chapter_paths
from .student import BEGIN_SOLUTION, END_SOLUTION

__all__ = [
    "GALLERY", "GLOSSARY", "EXPLORER_NOTE", "INSTRUCTOR_NOTE", "MATHJAX_CONFIG", "mathjax_config", "find_mathjax",
    "copy_mathjax",
    "offline_notebook", "chapter_outline", "build_site",
]

GALLERY = "explorers.ipynb"
GLOSSARY = "glossary.md"
EXPLORER_NOTE = ("Interactive in Jupyter: this is the explorer at its default settings. "
                 "Open the notebook in JupyterLab to move its controls.")
INSTRUCTOR_NOTE = ("This is the instructor version: the model answers to the exercises are included. "
                   "Give students the notebooks from <code>make student</code> for homework.")

# MathJax 2 as jupyter-server-mathjax ships it (what the classic notebook served): the combined
# TeX-AMS-MML_HTMLorMML-full configuration, HTML-CSS output and the STIX-Web web font. Copied
# without the parts these pages never load (accessibility extensions, translations, SVG fonts).
# MathJax_Blank is the font MathJax measures against while a web font loads: MathJax makes it fail
# by loading url(about:blank), which a page opened from disk reports as a failed request and a
# CORS error; a local() font that does not exist fails the same way without any request.
# The same for the fonts that MathJax's native-MathML output declares for its hidden copy of each
# equation (a double-struck R asks for one): they are TeX fonts, which the package does not ship,
# so loading them would fail; the equations themselves are drawn in STIX-Web.
_NATIVE_MML_FONTS = ("MathJax_Caligraphic-WEB", "MathJax_Caligraphic-WEB", "MathJax_AMS-WEB", "MathJax_Script-WEB",
                     "MathJax_Fraktur-WEB", "MathJax_Fraktur-WEB")
_MATHJAX_SKIP = ("extensions/a11y", "localization", "jax/output/SVG", "unpacked")
_MATHJAX_CONFIG = r"""<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true, processEnvironments: true, ignoreClass: "%(ignore)s"},
  "HTML-CSS": {availableFonts: [], imageFont: null, preferredFont: null, webFont: "STIX-Web",
               linebreaks: {automatic: true},
               styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}},
  NativeMML: {styles: {%(native_fonts)s}},
  displayAlign: "center",
  messageStyle: "none"
});
</script>
<script src="%(folder)s/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"></script>"""


def mathjax_config(folder: str = "_static/mathjax", ignore_class: str = "tex2jax_ignore") -> str:
    """The ``<script>`` tags that load the local MathJax 2 copied to ``folder`` (a relative URL).

    Elements whose class matches the regular expression ``ignore_class`` are left untypeset.
    """
    native_fonts = ", ".join(f'"@font-face /*{at}*/": {{"font-family": "{family}", src: "local(\'{family}\')"}}'
                             for at, family in enumerate(_NATIVE_MML_FONTS, start=1))
    return _MATHJAX_CONFIG % {"folder": folder, "ignore": ignore_class, "native_fonts": native_fonts}


MATHJAX_CONFIG = mathjax_config()

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


def copy_mathjax(source: Path, target: Path) -> None:
    """Copy the MathJax 2 folder ``source`` into ``target``, without the parts no page loads."""
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

    An explorer shows its stored picture (its figure at the default settings)
    with a note that it is interactive in Jupyter, in place of the stored
    "run this cell" line (see ``lighten``). A notebook still holding widget
    views (executed but not lightened) gets the same: the view is dropped, so
    the page never needs widget JavaScript or saved widget state. Markdown
    solution markers become visible labels.
    """
    from nbformat.v4 import new_output

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    note = new_output("display_data", data={"text/html": f'<p class="course-explorer-note">{EXPLORER_NOTE}</p>'})
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _label_solutions(cell.source)
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_STATE, None)
            if output.get("metadata", {}).get(EXPLORER_NOTE_KEY):
                outputs.append(copy.deepcopy(note))
            elif WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)
                outputs.append(copy.deepcopy(note))
                if "image/png" in data:
                    outputs.append(output)
            else:
                outputs.append(output)
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
        copy_mathjax(Path(mathjax_dir), target)
    for path, body in rendered:
        path.write_text(body, encoding="utf-8")
    return {"pages": [path for path, _ in rendered], "offline_math": bool(mathjax_dir)}
