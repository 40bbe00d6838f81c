"""Lecture slides: a reveal.js deck per chapter, chosen cell by cell with tags, that needs no network.

What goes on the slides is opt-in, set on each cell of a chapter as a tag (JupyterLab shows and
edits both in the property inspector):

* ``slide``: a markdown cell shows its leading heading and its display equations (``$$ ... $$``);
  a code cell shows its figures, never its code or what it prints. A tagged heading starts a new
  slide.
* ``slide-text``: a markdown cell shows its text as written, up to its second heading (for lists
  such as the learning objectives or the summary).

Everything else stays off the slides. The prose of the chapter (untagged markdown cells, and what a
``slide`` cell leaves out) goes to the speaker notes of the slide it belongs to, so the lecturer
sees the chapter's text in reveal.js's speaker view (key S). A cell's nbconvert Slide Type
(``metadata.slideshow.slide_type``, JupyterLab's "Slide Type" menu) still counts: on a tagged cell
it says where the cell goes ("slide" or "subslide" to start one, "fragment" to appear on a key
press), and an untagged cell given a Slide Type is shown as written, as plain nbconvert would.

:func:`slide_notebook` turns the tags into nbconvert's slideshow metadata, and :func:`build_slides`
renders each tagged chapter with nbconvert's ``SlidesExporter``. reveal.js (a copy in
``reveal/``, see its README) and MathJax 2 (from the ``jupyter-server-mathjax`` package) are
copied beside the decks, so every script, style and font a deck loads is in the output folder.
:func:`suggest_slide_tags` proposes tags for an untagged chapter, for a maintainer to prune.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .notebooks import CHAPTER_GLOB, chapter_paths
from .site import chapter_outline, copy_mathjax, find_mathjax, mathjax_config, offline_notebook
from .student import BEGIN_SOLUTION

__all__ = [
    "SLIDE_TAG", "SLIDE_TEXT_TAG", "SLIDE_TAGS", "REVEAL_FILES", "reveal_folder", "slide_text",
    "slide_notebook", "suggest_slide_tags", "build_slides",
]

SLIDE_TAG = "slide"
SLIDE_TEXT_TAG = "slide-text"
SLIDE_TAGS = (SLIDE_TAG, SLIDE_TEXT_TAG)
# The files of reveal.js a deck loads, relative to reveal_folder() and to _static/reveal.js in a deck's folder.
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "plugin/notes/notes.js", "LICENSE")
_REVEAL_URL = "_static/reveal.js"
_THEME = "coursekit"
# A $$ ... $$ block on lines of its own (its TeX holds no $$).
_DISPLAY_MATH = re.compile(r"^[ \t]*\$\$(?:(?!\$\$).)*?\$\$[ \t]*$", re.M | re.S)
_HEADING = re.compile(r"^#{1,6} ")

# The slide theme: system fonts (a web font would be one more file to ship), the course's blue.
_THEME_CSS = """\
.reveal-viewport { background: #fff; }
.reveal { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 30px; color: #222; }
.reveal .slides { text-align: left; }
.reveal h1, .reveal h2, .reveal h3, .reveal h4 { color: #0072B2; font-weight: 600; line-height: 1.2;
  margin: 0 0 0.5em; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 2.0em; margin-top: 28%; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 1.5em; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 1.25em; }
.reveal .jp-RenderedHTMLCommon, .reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon li {
  font-size: 30px; line-height: 1.4; }
.reveal .MathJax_Display { margin: 0.4em 0; }
.reveal a { color: #0072B2; }
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt { display: none; }
.reveal .jp-OutputArea-output img { display: block; margin: 0 auto; width: auto; max-width: 100%;
  object-fit: contain; }
.reveal .jp-OutputArea-output pre { font-size: 20px; }
.reveal .course-explorer-note { font-size: 18px; font-style: italic; color: #555; margin: 0 0 0.3em; }
.reveal .controls { color: #0072B2; }
.reveal .progress { color: #0072B2; }
"""

# reveal's own page, minus everything it would fetch from a CDN (jQuery, require.js, mermaid,
# widgets, MathJax), with reveal.js and its notes plugin loaded from the deck's own folder.
_DECK_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{{ resources.course_mathjax }}{%- endblock html_head_js_mathjax -%}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, history: true, center: false, slideNumber: "c/t",
  transition: "{{ resources.reveal.transition }}", width: {{ resources.reveal.width }},
  height: {{ resources.reveal.height }}, plugins: [RevealNotes]
});
// Figures are stored at 90 dpi: each grows to fill the height its slide has left (shared by the
// figures of the slide), up to 1.6 times its stored size, and never distorted (object-fit).
// A slide still too tall is shrunk to fit rather than cut off.
function fitFigures(slide) {
  var height = Reveal.getConfig().height;
  var figures = Array.prototype.slice.call(slide.querySelectorAll(".jp-OutputArea-output img"));
  slide.style.transform = "";
  figures.forEach(function (img) { img.style.height = "0px"; });
  var free = (height - slide.scrollHeight - 16) / Math.max(figures.length, 1);
  figures.forEach(function (img) {
    img.style.height = Math.round(Math.max(160, Math.min(free, 1.6 * img.naturalHeight))) + "px";
  });
  if (slide.scrollHeight > height) {
    slide.style.transformOrigin = "top center";
    slide.style.transform = "scale(" + (height / slide.scrollHeight).toFixed(3) + ")";
  }
}
// MathJax measures nothing on a hidden slide: typeset each slide again once it is shown, then fit.
function showSlide(slide) {
  if (window.MathJax && MathJax.Hub) { MathJax.Hub.Queue(["Rerender", MathJax.Hub, slide], [fitFigures, slide]); }
  else { fitFigures(slide); }
}
Reveal.on("ready", function (event) { showSlide(event.currentSlide); });
Reveal.on("slidechanged", function (event) {
  if (event.previousSlide) { event.previousSlide.style.transform = ""; }
  showSlide(event.currentSlide);
});
</script>
{% endblock footer_js %}
"""


def reveal_folder() -> Path:
    """The copy of reveal.js shipped with coursekit (``coursekit/release/reveal``)."""
    return Path(__file__).parent / "reveal"


def _leading_heading(lines: list[str]) -> int | None:
    """The index of the cell's first line if it is a heading (blank lines before it skipped)."""
    for at, line in enumerate(lines):
        if line.strip():
            return at if _HEADING.match(line) else None
    return None


def slide_text(source: str, tag: str) -> tuple[str, str]:
    """Split a markdown cell tagged ``tag`` into ``(shown on the slide, left for the speaker notes)``.

    ``slide``: the leading heading (if the cell starts with one) and every display
    equation (a ``$$ ... $$`` block on lines of its own) are shown; the rest is left.
    ``slide-text``: the text up to the cell's second heading is shown, the rest left.
    """
    if tag not in SLIDE_TAGS:
        raise ValueError(f"tag must be one of {SLIDE_TAGS}; got {tag!r}.")
    lines = source.split("\n")
    heading = _leading_heading(lines)
    if tag == SLIDE_TEXT_TAG:
        start = 0 if heading is None else heading + 1
        end = next((at for at in range(start, len(lines)) if _HEADING.match(lines[at])), len(lines))
        return "\n".join(lines[:end]).strip(), "\n".join(lines[end:]).strip()
    head = lines[heading] if heading is not None else ""
    body = "\n".join(lines[heading + 1:] if heading is not None else lines)
    equations = [match.group(0).strip() for match in _DISPLAY_MATH.finditer(body)]
    shown = "\n\n".join(part for part in [head] + equations if part)
    return shown, _DISPLAY_MATH.sub("", body).strip()


def _slide_type(cell) -> str | None:
    return cell.metadata.get("slideshow", {}).get("slide_type")


def slide_notebook(nb):
    """A copy of the notebook node ``nb`` with its slide tags turned into nbconvert's slideshow
    metadata, ready for ``SlidesExporter``; ``nb`` is not modified (the rules: module docstring).

    Explorers show their stored picture (as in the offline edition). A tagged markdown cell
    becomes up to two cells, the part shown and the part left for the speaker notes. Speaker
    notes before the first slide are dropped, since they would belong to no slide.
    """
    from nbformat.v4 import new_markdown_cell

    source = offline_notebook(nb)
    cells, shown_yet = [], False
    for cell in source.cells:
        tags = [tag for tag in cell.metadata.get("tags", []) if tag in SLIDE_TAGS]
        chosen = _slide_type(cell)
        extra = None
        if tags and cell.cell_type == "markdown":
            shown, left = slide_text(cell.source, tags[0])
            kind = chosen or ("slide" if _leading_heading(shown.split("\n")) is not None else "-")
            if not shown:   # nothing to show (no heading, no equation): all of it is notes
                shown, left, kind = left, "", "notes"
            cell.source = shown
            if left:
                extra = new_markdown_cell(left, id=f"{cell.get('id', 'cell')}-notes")
                extra.metadata["slideshow"] = {"slide_type": "notes"}
        elif tags and cell.cell_type == "code":
            # The figures (and an explorer's note), not the code or what it prints.
            cell.metadata["transient"] = {"remove_source": True}
            cell.outputs = [output for output in cell.get("outputs", [])
                            if {"image/png", "text/html"} & set(output.get("data", {}))]
            kind = (chosen or "-") if cell.outputs else "skip"
        elif chosen and chosen != "skip":
            kind = chosen   # nbconvert's own choice, the cell as written
        else:
            kind = "notes" if cell.cell_type == "markdown" and cell.source.strip() else "skip"
        cell.metadata["slideshow"] = {**cell.metadata.get("slideshow", {}), "slide_type": kind}
        shown_yet = shown_yet or kind not in ("notes", "skip")
        for part in (cell, extra):
            if part is not None and (shown_yet or _slide_type(part) != "notes"):
                cells.append(part)
    source.cells = cells
    return source


def _has_figure(cell) -> bool:
    return cell.cell_type == "code" and any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def suggest_slide_tags(nb) -> dict[int, tuple[str, str | None]]:
    """Proposed slide tags for a chapter, ``{cell index: (tag, Slide Type or None)}``, to prune by hand.

    The title cell, each numbered section's heading cell (``## 3. ...``) and each other markdown
    cell with a display equation get ``slide``; "What you will learn" gets ``slide-text``; every
    code cell with a figure gets ``slide``. Exercises (from their heading to their check cell),
    solutions, the summary (too long for a slide) and the glossary get nothing. A figure starts a slide of its own (Slide Type "slide")
    when the slide so far already holds a figure or more than one equation, so that it is shown
    large enough to read, and so do equations that would come after a figure.
    """
    suggested, figures, equations, exercise = {}, 0, 0, False
    for at, cell in enumerate(nb.cells):
        text = cell.source.strip()
        first = text.split("\n", 1)[0]
        if cell.cell_type == "markdown" and _HEADING.match(first):
            exercise = bool(re.match(r"#+ Exercise", first))
        if exercise:   # an exercise runs to its check cell, or to the next heading
            exercise = not (cell.cell_type == "code" and "checks." in text)
            continue
        if BEGIN_SOLUTION in text or re.match(r"#+ (Glossary|Before you start|Summary)", first):
            continue
        if cell.cell_type == "markdown":
            if at == 0 and first.startswith("# "):
                tag = SLIDE_TAG
            elif re.match(r"## What you will learn\b", first):
                tag = SLIDE_TEXT_TAG
            elif re.match(r"## \d+\.", first) or _DISPLAY_MATH.search(text):
                tag = SLIDE_TAG
            else:
                continue
            starts = not _HEADING.match(first) and figures > 0   # equations after a figure: a slide of their own
            if starts or _HEADING.match(first):
                figures, equations = 0, 0
            equations += len(_DISPLAY_MATH.findall(text)) if tag == SLIDE_TAG else 0
            suggested[at] = (tag, "slide" if starts else None)
        elif _has_figure(cell):
            alone = figures > 0 or equations > 1
            suggested[at] = (SLIDE_TAG, "slide" if alone else None)
            figures, equations = (1, 0) if alone else (figures + 1, equations)
    return suggested


def _is_tagged(nb) -> bool:
    return any(set(cell.metadata.get("tags", [])) & set(SLIDE_TAGS) for cell in nb.cells)


def _index_page(decks: list[tuple[str, str]]) -> str:
    from html import escape

    items = "\n".join(f'<li><a href="{name}">{escape(title)}</a></li>' for name, title in decks)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Lecture slides</title>\n'
            f'<style>body {{ font-family: system-ui, sans-serif; max-width: 48em; margin: 2em auto; }}\n'
            f'a {{ color: #0072B2; }}</style></head>\n<body>\n<h1>Lecture slides</h1>\n'
            f'<p>One deck per chapter. Arrow keys move between slides, F is full screen, S opens the speaker '
            f'view with the chapter\'s text as notes, Esc shows every slide.</p>\n<ul>\n{items}\n</ul>\n'
            f'</body>\n</html>\n')


def build_slides(src_folder, out_folder, mathjax="auto") -> dict:
    """Write a reveal.js deck for each chapter of ``src_folder`` that has slide tags.

    Each tagged chapter ``NN_name.ipynb`` becomes ``NN_name.slides.html`` in ``out_folder``
    (rendered from the stored outputs: nothing is executed), beside ``index.html`` listing the
    decks and ``_static/`` holding reveal.js, the theme and MathJax, so no deck needs the
    network. ``mathjax="auto"`` takes MathJax 2 from ``jupyter-server-mathjax`` (see
    :func:`coursekit.release.find_mathjax`); a folder with that layout can be given instead. A
    chapter with no slide tags gets no deck. Returns ``{"decks": [paths written],
    "untagged": [chapters without slide tags]}``.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    src, out = Path(src_folder), Path(out_folder)
    if not src.is_dir():
        raise FileNotFoundError(f"src_folder {str(src)!r} is not a folder.")
    if out.resolve() == src.resolve():
        raise ValueError(f"out_folder must differ from src_folder ({str(src)!r}).")
    chapters = chapter_paths(src)
    if not chapters:
        raise FileNotFoundError(f"no chapter notebooks ({CHAPTER_GLOB}) in {str(src)!r}.")
    mathjax_dir = find_mathjax() if mathjax == "auto" else (Path(mathjax) if mathjax else None)
    if mathjax_dir is None or not (mathjax_dir / "MathJax.js").is_file():
        raise FileNotFoundError("no local MathJax 2 for the equations (pip install jupyter-server-mathjax, "
                                f"or pass its static folder as mathjax); got mathjax={mathjax!r}.")

    exporter = SlidesExporter(template_file="coursekit_deck.html.j2", reveal_url_prefix=_REVEAL_URL,
                              reveal_theme=_THEME, reveal_width="1280", reveal_height="800",
                              reveal_transition="none", exclude_input_prompt=True, exclude_output_prompt=True,
                              extra_loaders=[DictLoader({"coursekit_deck.html.j2": _DECK_TEMPLATE})])
    resources_base = {"course_mathjax": mathjax_config(ignore_class="tex2jax_ignore|notes")}
    rendered, untagged = [], []
    for path in chapters:
        nb = nbformat.read(path, as_version=4)
        if not _is_tagged(nb):
            untagged.append(path)
            continue
        title = chapter_outline(nb)["title"] or path.stem
        deck = slide_notebook(nb)
        deck.metadata["title"] = title
        body, _ = exporter.from_notebook_node(deck, resources={**resources_base, "metadata": {"name": title}})
        rendered.append((out / f"{path.stem}.slides.html", title, body))

    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    for name in REVEAL_FILES:
        target = static / "reveal.js" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reveal_folder() / name, target)
    theme = static / "reveal.js" / "dist" / "theme" / f"{_THEME}.css"
    theme.parent.mkdir(parents=True, exist_ok=True)
    theme.write_text(_THEME_CSS, encoding="utf-8")
    (static / "mathjax").mkdir(parents=True, exist_ok=True)
    copy_mathjax(Path(mathjax_dir), static / "mathjax")
    for path, _, body in rendered:
        path.write_text(body, encoding="utf-8")
    (out / "index.html").write_text(_index_page([(path.name, title) for path, title, _ in rendered]),
                                    encoding="utf-8")
    return {"decks": [path for path, _, _ in rendered], "untagged": untagged}
