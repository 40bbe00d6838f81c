"""The offline edition (`make html`): a page per chapter with every stored figure, explorers as
their default figure, a contents page and a glossary page, and nothing fetched from the network.

The site is built once, through the same command line as `make html`, into a temporary folder
from the stored notebooks (nothing is executed). What a page should contain is worked out here
from the notebooks themselves, independently of coursekit.release.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from coursekit.release import (EXPLORER_NOTE_KEY, STORED_EXPLORER_NOTE, WIDGET_VIEW, build_site, chapter_paths,
                               find_mathjax, main)

# Every test renders or reads the stored chapters: left out of make test-fast.
pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CHAPTERS = chapter_paths(NOTEBOOKS)
RENDERED = CHAPTERS + [NOTEBOOKS / "explorers.ipynb"]
IDS = [path.stem for path in RENDERED]
MATHJAX_CDN = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/"


class Page(HTMLParser):
    """One HTML page, parsed: its start tags, inline scripts, <title>, first <h1> and visible text."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.source = path.read_text(encoding="utf-8")
        self.tags, self.scripts, self.title, self.h1 = [], [], "", None
        self._text, self._open = [], []
        self.feed(self.source)
        self.text = " ".join(" ".join(self._text).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "title") or (tag == "h1" and self.h1 is None):
            self._open.append(tag)
            if tag == "h1":
                self.h1 = ""
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        where = self._open[-1] if self._open else None
        if where == "script":
            self.scripts[-1] += data
        elif where == "title":
            self.title += data
        elif where != "style":
            self._text.append(data)
            if where == "h1" or "h1" in self._open:
                self.h1 += data

    def attrs(self, tag: str, name: str) -> list[str]:
        return [attrs[name] for t, attrs in self.tags if t == tag and attrs.get(name) is not None]

    def png_payloads(self) -> Counter:
        return Counter(re.sub(r"\s", "", src.split(",", 1)[1]) for src in self.attrs("img", "src")
                       if src.startswith("data:image/png;base64,"))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _title(nb) -> str:
    return next(line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("# "))


def _rich_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.output_type in ("display_data", "execute_result"):
                    yield output


def _stored_pngs(nb) -> Counter:
    return Counter(re.sub(r"\s", "", output.data["image/png"]) for output in _rich_outputs(nb)
                   if "image/png" in output.data)


def _digest(paths) -> dict:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline") / "site"
    before = _digest(RENDERED)
    assert main(["html", str(NOTEBOOKS), str(out)]) == 0
    assert _digest(RENDERED) == before, "building the site changed a notebook"
    return out


@pytest.fixture(scope="module")
def pages(site):
    return {path.name: Page(path) for path in sorted(site.glob("*.html"))}


# ------------------------------------------------------------------ chapter pages
def test_chapters_are_found():
    """Chapters 01 to NN with no gap (at least the seven written so far), and the gallery."""
    assert len(CHAPTERS) >= 7 and (NOTEBOOKS / "explorers.ipynb").is_file()
    assert [path.name[:2] for path in CHAPTERS] == [f"{n:02d}" for n in range(1, len(CHAPTERS) + 1)]


@pytest.mark.parametrize("notebook", RENDERED, ids=IDS)
def test_every_chapter_has_a_page_with_its_title(pages, notebook):
    page = pages.get(notebook.stem + ".html")
    assert page is not None, f"no page for {notebook.name}"
    title = _title(_read(notebook))
    assert page.title.strip() == title
    assert page.h1 is not None and title in page.h1


@pytest.mark.parametrize("notebook", RENDERED, ids=IDS)
def test_every_stored_figure_is_on_its_page(pages, notebook):
    """Each image/png output, explorer fallbacks included, appears as a data: <img>, byte for byte."""
    stored = _stored_pngs(_read(notebook))
    shown = pages[notebook.stem + ".html"].png_payloads()
    assert sum(shown.values()) == sum(stored.values()), (
        f"{notebook.name}: {sum(stored.values())} stored figures, {sum(shown.values())} on the page")
    assert shown == stored


@pytest.mark.parametrize("notebook", RENDERED, ids=IDS)
def test_explorers_show_their_figure_and_say_they_are_interactive_in_jupyter(pages, notebook):
    page = pages[notebook.stem + ".html"]
    # A stored explorer is its run-this-cell line (marked in the output's metadata), then its picture.
    widgets = sum(bool(output.get("metadata", {}).get(EXPLORER_NOTE_KEY)) for output in _rich_outputs(_read(notebook)))
    assert widgets > 0, "every chapter embeds at least one explorer"
    assert page.text.count("Interactive in Jupyter") == widgets
    for placeholder in (WIDGET_VIEW, "application/vnd.jupyter.widget-state+json", "Error displaying widget",
                        "@jupyter-widgets", "Loading widget", "Interactive explorer: run this cell",
                        STORED_EXPLORER_NOTE):
        assert placeholder not in page.source, f"{notebook.name}: {placeholder!r} on the page"


@pytest.mark.parametrize("notebook", RENDERED, ids=IDS)
def test_solution_markers_do_not_render_as_headings(pages, notebook):
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", pages[notebook.stem + ".html"].source, re.S)
    assert not [h for h in headings if "SOLUTION" in h]


# ------------------------------------------------------------------ the whole site
def test_nothing_loads_from_the_network(pages):
    """No script, stylesheet, font, frame or picture from http(s), except MathJax's CDN when no local
    MathJax is installed (then test_equations_are_typeset_offline is skipped and says why)."""
    allowed = () if find_mathjax() else (MATHJAX_CDN,)
    for name, page in pages.items():
        remote = [url for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"),
                                        ("iframe", "src"), ("source", "src"), ("embed", "src"))
                  for url in page.attrs(tag, attr) if re.match(r"\s*(https?:)?//", url)]
        remote += [url for script in page.scripts
                   for url in re.findall(r"(?:import|fetch)\s*\(?\s*[\"'](https?://[^\"']+)", script)]
        remote += re.findall(r"@import\s+(?:url\()?[\"']?(https?://[^\"')]+)", page.source)
        remote += re.findall(r"url\(\s*[\"']?(https?://[^\"')]+)", page.source)
        assert [url for url in remote if not url.startswith(allowed)] == [], name


def test_equations_are_typeset_offline(site, pages):
    if find_mathjax() is None:
        pytest.skip("no local MathJax (pip install jupyter-server-mathjax): equations load MathJax from a CDN")
    assert (site / "_static" / "mathjax" / "MathJax.js").is_file()
    for name, page in pages.items():
        sources = page.attrs("script", "src")
        assert any(src.startswith("_static/mathjax/MathJax.js") for src in sources), name
        local = [src.split("?")[0] for src in sources]
        assert all((site / src).is_file() for src in local), name


def test_every_link_on_every_page_resolves(site, pages):
    for name, page in pages.items():
        for href in page.attrs("a", "href"):
            if re.match(r"(#|[a-z]+:)", href):
                continue
            target = href.split("#")[0]
            assert (site / target).is_file(), f"{name} links to missing {href!r}"
            assert not target.endswith((".ipynb", ".md")), f"{name} links to the source {href!r}"


def test_contents_page_lists_every_chapter_with_its_objectives(pages):
    index = pages["index.html"]
    readme_title = re.search(r"^# (.+)$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M).group(1)
    assert readme_title.strip() in index.h1
    links = index.attrs("a", "href")
    for notebook in RENDERED:
        assert notebook.stem + ".html" in links, f"the contents page does not link {notebook.name}"
    assert "glossary.html" in links
    for notebook in CHAPTERS:
        nb = _read(notebook)
        assert _title(nb) in index.text
        source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
        section = re.search(r"^## What you will learn\n(.*?)^## ", source, re.M | re.S).group(1)
        items = re.findall(r"^(?:-|\d+\.) (.+)$", section, re.M)
        assert items, f"{notebook.name} has no learning objectives"
        for item in items:  # the opening words of each objective, as text
            opening = " ".join(re.sub(r"[*`]", "", item).split()[:3])
            assert opening in index.text, f"{notebook.name}: objective {item[:40]!r} missing"
    assert "instructor version" in index.text and "make student" in index.text


def test_glossary_page_has_every_row_and_links_to_chapter_pages(pages):
    glossary = (NOTEBOOKS / "glossary.md").read_text(encoding="utf-8")
    rows = [line for line in glossary.splitlines() if line.startswith("|") and not line.startswith("|---")]
    page = pages["glossary.html"]
    assert page.source.count("<tr") == len(rows)  # the header row and one per term
    chapter_links = [href for href in page.attrs("a", "href") if re.fullmatch(r"\d\d_\w+\.html", href)]
    assert len(chapter_links) == len(rows) - 1


def test_every_page_links_back_to_the_contents(pages):
    for name, page in pages.items():
        assert "index.html" in page.attrs("a", "href"), name


# ------------------------------------------------------------------ build behaviour
def test_build_is_deterministic_and_needs_no_readme_or_glossary(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    shutil.copyfile(NOTEBOOKS / "explorers.ipynb", src / "01_gallery.ipynb")
    first = build_site(src, tmp_path / "a", mathjax=None)
    second = build_site(src, tmp_path / "b", mathjax=None)
    assert [path.name for path in first["pages"]] == ["index.html", "01_gallery.html"]
    for path, again in zip(first["pages"], second["pages"]):
        assert path.read_bytes() == again.read_bytes(), path.name
    assert first["offline_math"] is False and not (tmp_path / "a" / "_static").exists()
    assert "glossary.html" not in Page(tmp_path / "a" / "index.html").attrs("a", "href")


def test_command_line_refuses_a_missing_folder_and_the_source_folder(tmp_path, capsys):
    assert main(["html", str(tmp_path / "missing"), str(tmp_path / "out")]) == 1
    assert main(["html", str(NOTEBOOKS), str(NOTEBOOKS)]) == 1
    assert "error:" in capsys.readouterr().err
