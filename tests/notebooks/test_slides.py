"""The lecture slides (`make slides`): tags turned into slides, decks that load nothing from the
network, and one deck driven in Chromium with every non-local request blocked.

The unit tests build small notebooks of their own; the tests marked ``notebook`` build the decks
of the stored chapters (nothing is executed); the test marked ``browser`` opens chapter 01's deck
from disk in Debian's Chromium (skipped on a workstation without it, a failure when CI is set).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coursekit.release import (REVEAL_FILES, SLIDE_TAG, SLIDE_TEXT_TAG, build_slides, chapter_paths, main,
                               reveal_folder, slide_notebook, slide_text, suggest_slide_tags)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
TAGGED_NOW = ["01", "02", "03", "04", "05", "06"]   # 07 and 08 get their tags later (docs/teaching.md)
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SECTION = """## 2. The model

A weighted sum, squashed:

$$
z = w x + b,
$$

and then the sigmoid $\\sigma$.

$$a = \\sigma(z).$$
"""


def _figure_cell(tags=(), prints="a printed line\n"):
    cell = new_code_cell("draw()", outputs=[new_output("stream", name="stdout", text=prints),
                                            new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})])
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _markdown(source, tags=(), slide_type=None):
    cell = new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if slide_type:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _types(nb):
    return [(cell.cell_type, cell.metadata["slideshow"]["slide_type"]) for cell in nb.cells]


# ------------------------------------------------------------------ what a tag shows
def test_slide_tag_shows_the_heading_and_display_equations_and_leaves_the_prose():
    shown, left = slide_text(SECTION, SLIDE_TAG)
    assert shown == "## 2. The model\n\n$$\nz = w x + b,\n$$\n\n$$a = \\sigma(z).$$"
    assert "A weighted sum" in left and "sigmoid $\\sigma$" in left
    assert "$$" not in left and "## 2." not in left


def test_slide_text_tag_shows_the_cell_up_to_its_second_heading():
    source = "## What you will learn\n\n- one\n- two\n\n## Before you start\n\nRead chapter 01."
    shown, left = slide_text(source, SLIDE_TEXT_TAG)
    assert shown == "## What you will learn\n\n- one\n- two"
    assert left == "## Before you start\n\nRead chapter 01."


def test_slide_text_refuses_an_unknown_tag():
    with pytest.raises(ValueError, match="tag must be one of"):
        slide_text(SECTION, "slides")


# ------------------------------------------------------------------ tags to nbconvert's metadata
def test_tags_become_slides_prose_becomes_notes_and_code_stays_off():
    nb = new_notebook(cells=[
        _markdown("Some words before the title.\n"),                 # notes before any slide: dropped
        _markdown("# 01 · A chapter\n\nIts opening paragraph.", [SLIDE_TAG]),
        new_code_cell("import numpy as np"),                          # untagged code: skipped
        _markdown(SECTION, [SLIDE_TAG]),
        _figure_cell([SLIDE_TAG]),
        _markdown("Learner prose between figures."),                  # untagged prose: notes
        _figure_cell([SLIDE_TAG, "nbval-ignore-output"]),
        _figure_cell(),                                               # untagged figure: skipped
    ])
    before = nbformat.writes(nb)
    deck = slide_notebook(nb)
    assert nbformat.writes(nb) == before, "slide_notebook changed its input"
    assert _types(deck) == [("markdown", "slide"), ("markdown", "notes"), ("code", "skip"),
                            ("markdown", "slide"), ("markdown", "notes"), ("code", "-"), ("markdown", "notes"),
                            ("code", "-"), ("code", "skip")]
    assert deck.cells[0].source == "# 01 · A chapter" and deck.cells[1].source == "Its opening paragraph."
    figure = deck.cells[5]
    assert figure.metadata["transient"] == {"remove_source": True}
    assert [list(output.data) for output in figure.outputs] == [["image/png", "text/plain"]], "prints left on"


def test_a_slide_type_set_in_jupyterlab_places_the_cell():
    nb = new_notebook(cells=[_markdown("# Title", [SLIDE_TAG]), _figure_cell([SLIDE_TAG]),
                             _markdown("$$E = mc^2$$", [SLIDE_TAG], slide_type="subslide"),
                             _markdown("Shown as written, untagged.", slide_type="fragment"),
                             _markdown("## Kept off", [SLIDE_TAG], slide_type="skip")])
    assert _types(slide_notebook(nb)) == [("markdown", "slide"), ("code", "-"), ("markdown", "subslide"),
                                          ("markdown", "fragment"), ("markdown", "skip")]


def test_a_tagged_cell_with_nothing_to_show_goes_to_the_notes():
    nb = new_notebook(cells=[_markdown("# Title", [SLIDE_TAG]), _markdown("Only prose here.", [SLIDE_TAG]),
                             _figure_cell([SLIDE_TAG], prints="")])
    nb.cells[2].outputs = nb.cells[2].outputs[:1]   # it prints, draws nothing
    deck = slide_notebook(nb)
    assert _types(deck) == [("markdown", "slide"), ("markdown", "notes"), ("code", "skip")]
    assert deck.cells[1].source == "Only prose here."


# ------------------------------------------------------------------ proposals for an untagged chapter
def test_suggested_tags_pick_title_objectives_sections_equations_and_figures():
    cells = [_markdown("# 07 · Optimisers\n\nIntro."), new_code_cell("import coursekit"),
             _markdown("## What you will learn\n\n- a\n\n## Before you start\n\n- b"),
             _markdown(SECTION), _figure_cell(), _figure_cell(),                      # 3, 4, 5
             _markdown("Prose only."), _markdown("$$x = 1$$ is shown\n\n$$\ny = 2\n$$"),  # 6, 7
             _markdown("## 3. Momentum\n\nNo equation."), _figure_cell(), _markdown("$$v = 0$$"),  # 8, 9, 10
             _markdown("### Exercise 1: momentum\n\n$$v = \\beta v$$"), _figure_cell(),  # 11, 12
             new_code_cell("checks.momentum(momentum)"), _figure_cell(),                  # 13, 14
             _markdown("### BEGIN SOLUTION"), _markdown("## Summary\n\n- all")]
    suggested = suggest_slide_tags(new_notebook(cells=cells))
    assert suggested == {0: (SLIDE_TAG, None), 2: (SLIDE_TEXT_TAG, None), 3: (SLIDE_TAG, None),
                         4: (SLIDE_TAG, "slide"),   # the section already shows two equations
                         5: (SLIDE_TAG, "slide"),   # and a figure
                         7: (SLIDE_TAG, "slide"),   # equations after a figure
                         8: (SLIDE_TAG, None), 9: (SLIDE_TAG, None), 10: (SLIDE_TAG, "slide"),
                         14: (SLIDE_TAG, None)}   # after the exercise's check


def test_tag_slides_writes_only_tags_and_never_over_a_chosen_set(tmp_path, capsys):
    path = tmp_path / "07_x.ipynb"
    nb = new_notebook(cells=[_markdown("# 07 · X"), _markdown(SECTION), _figure_cell(), _figure_cell()])
    nbformat.write(nb, path)
    assert main(["tag-slides", str(path)]) == 0 and "would get" in capsys.readouterr().out
    assert nbformat.read(path, as_version=4) == nb, "a dry run wrote the notebook"
    assert main(["tag-slides", str(path), "--write"]) == 0
    tagged = nbformat.read(path, as_version=4)
    for cell, old in zip(tagged.cells, nb.cells):
        meta = dict(cell.metadata)
        assert meta.pop("tags", None) in ([SLIDE_TAG], None) and meta.pop("slideshow", None) in (None, {"slide_type": "slide"})
        assert meta == old.metadata and cell.source == old.source and cell.get("outputs") == old.get("outputs")
    assert [c.metadata.get("tags") for c in tagged.cells] == [[SLIDE_TAG]] * 4
    chosen = path.read_bytes()
    assert main(["tag-slides", str(path), "--write"]) == 0 and "is tagged" in capsys.readouterr().out
    assert path.read_bytes() == chosen


# ------------------------------------------------------------------ the copy of reveal.js
def test_vendored_reveal_matches_its_readme_checksums():
    readme = (reveal_folder() / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+)` \|[^|]*\| `([0-9a-f]{64})` \|$", readme, re.M))
    assert sorted(listed) == sorted(REVEAL_FILES)
    for name, digest in listed.items():
        assert hashlib.sha256((reveal_folder() / name).read_bytes()).hexdigest() == digest, name
    assert "MIT" in (reveal_folder() / "LICENSE").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the chapters' decks
@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides") / "slides"
    assert main(["slides", str(NOTEBOOKS), str(out)]) == 0
    return out


@pytest.mark.notebook
def test_every_tagged_chapter_gets_a_deck(decks):
    built = sorted(path.name for path in decks.glob("*.slides.html"))
    tagged = [path for path in chapter_paths(NOTEBOOKS)
              if any({SLIDE_TAG, SLIDE_TEXT_TAG} & set(c.metadata.get("tags", []))
                     for c in nbformat.read(path, as_version=4).cells)]
    assert [path.name[:2] for path in tagged][:len(TAGGED_NOW)] == TAGGED_NOW
    assert built == sorted(f"{path.stem}.slides.html" for path in tagged)
    index = (decks / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in built)


@pytest.mark.notebook
def test_decks_load_only_files_beside_them(decks):
    for deck in decks.glob("*.slides.html"):
        page = deck.read_text(encoding="utf-8")
        urls = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)="([^"]+)"', page)
        urls += re.findall(r"url\(\s*[\"']?([^\"')]+)", page)
        remote = [url for url in urls if re.match(r"\s*(https?:)?//", url)]
        assert remote == [], f"{deck.name} loads {remote[:3]}"
        for url in urls:
            if not url.startswith(("data:", "#")):
                assert (decks / url.split("?")[0]).is_file(), f"{deck.name}: {url} is missing"
        assert "_static/reveal.js/dist/reveal.js" in page and "_static/mathjax/MathJax.js" in page


@pytest.mark.notebook
def test_each_deck_shows_the_figures_its_chapter_tags(decks):
    for number in TAGGED_NOW:
        path = next(NOTEBOOKS.glob(f"{number}_*.ipynb"))
        nb = nbformat.read(path, as_version=4)
        figures = sum(1 for cell in nb.cells if SLIDE_TAG in cell.metadata.get("tags", [])
                      and cell.cell_type == "code" for output in cell.outputs if "image/png" in output.get("data", {}))
        page = (decks / f"{path.stem}.slides.html").read_text(encoding="utf-8")
        assert figures > 0 and page.count('src="data:image/png;base64,') == figures, path.name


# ------------------------------------------------------------------ one deck in Chromium, offline
def _require(condition: bool, reason: str) -> None:
    """Skip on a workstation, fail in CI, when the browser stack is missing."""
    if not condition:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason} (CI is set, so the browser test must run)", pytrace=False)
        pytest.skip(reason)


@pytest.mark.browser
def test_a_deck_works_offline_in_chromium(tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    _require(sync_playwright is not None, "playwright is not installed (pip install -e '.[test]')")
    _require(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} is missing (apt-get install chromium)")
    chapter = next(NOTEBOOKS.glob("01_*.ipynb"))
    (tmp_path / "nb").mkdir()
    shutil.copyfile(chapter, tmp_path / "nb" / chapter.name)
    deck = build_slides(tmp_path / "nb", tmp_path / "slides")["decks"][0]
    shown = "\n".join(cell.source for cell in slide_notebook(nbformat.read(chapter, as_version=4)).cells
                      if cell.cell_type == "markdown" and cell.metadata["slideshow"]["slide_type"] not in ("notes", "skip"))
    equations = len(re.findall(r"\$\$.*?\$\$", shown, re.S))
    assert equations > 0

    blocked, failed, errors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})

            def local_only(route):
                if route.request.url.startswith(("file://", "data:")):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", local_only)
            page.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
            page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 "
                                   "&& !MathJax.Hub.queue.running", timeout=60_000)
            typeset = page.evaluate("document.querySelectorAll('.reveal .slides .MathJax_Display').length")
            math_errors = page.evaluate("document.querySelectorAll('.MathJax_Error, .reveal merror').length")
            # Slide text as the audience sees it: no speaker notes, no MathJax's stored TeX sources.
            raw = page.evaluate("""(() => { const copy = document.querySelector('.reveal .slides').cloneNode(true);
                copy.querySelectorAll('aside.notes, script').forEach(e => e.remove());
                return copy.textContent; })()""")
            first = page.evaluate("Reveal.getIndices().h")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("Reveal.getIndices().h === 1", timeout=5_000)
            second = page.evaluate("[Reveal.getIndices().h, Reveal.getCurrentSlide().textContent]")
        finally:
            browser.close()
    assert blocked == [] and failed == [] and errors == []
    assert typeset == equations and math_errors == 0
    assert "$$" not in raw
    assert first == 0 and second[0] == 1 and "What you will learn" in second[1]
