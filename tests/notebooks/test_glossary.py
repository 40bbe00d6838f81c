"""notebooks/glossary.md against the chapters: every glossary term is in the chapter it links to,
and every term a chapter defines in bold, or lists in its own glossary table, is in the glossary.

The rules, in full:

* **Entries.** A row of glossary.md is ``| English | 中文 | [NN](NN_name.ipynb) |``. Its English
  cell may name several terms separated by " / " ("fan-in / fan-out"); each is checked. A term
  with a parenthesised part, "X (Y)" or "X (Y) Z", may appear as a whole, as "X" / "X Z" (the
  part outside the brackets) or as "Y" (the bracketed part: an abbreviation such as "MSE", or a
  synonym such as "Glorot"). These are the term's *forms*.
* **Matching.** Case is ignored, hyphens count as spaces, and each word is compared by its stem,
  so "unit" matches "units" and "breaking" matches "break" (a word loses one ending of "s",
  "es", "ed", "ing" or "e"; see ``_stem``).
* **Glossary -> chapter.** Some form of each term occurs in the prose of the chapter it links to:
  its markdown cells with bold and code marks removed, *without* the chapter's own "## Glossary"
  table (a term only in that table has not been introduced).
* **Chapter glossary table -> glossary.** Every English term in a chapter's "## Glossary" table
  is a form of some glossary.md term, linked to that chapter or an earlier one.
* **Bold -> glossary.** The chapters set a term in bold where they define it, but bold also
  marks emphasis ("**every**"), names a control, dataset or setting ("**moons**", "**L2
  strength**") and labels run-in paragraphs and list items ("**Range.**", "**Too small
  (0.1)**: ..."). No rule of syntax tells these apart, so a bold phrase counts as a definition
  unless it is
  - in a section that is not teaching: "What you will learn" (objective verbs), "Before you
    start" (prerequisite labels), "Summary" (a recap) or "Glossary";
  - inside a model answer (between the solution markers), which recaps;
  - a run-in label: it ends in ".", ":", "?" or "!" ("**Range.**"). A bold phrase followed by a
    colon is *not* skipped: "- **Mini-batch gradient descent**: every update uses ..." defines;
  - not a word: it holds math (``$``) or fewer than two letters in a row ("**1**", "**(a)**");
  - listed in ``EMPHASIS`` below for its chapter (checked: every entry must still occur bold
    there, so the list cannot go stale);
  - a form of a glossary term listed in ``FORMS`` for its chapter ("**converged**" for
    "convergence"; the named term is checked to be in the glossary).
  Every other bold phrase must match a glossary term. A new bold phrase therefore fails this
  test until it is either added to glossary.md or, if it is emphasis, to ``EMPHASIS``.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

# Every test reads the chapters: left out of make test-fast.
pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = NOTEBOOKS / "glossary.md"
CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
IDS = [path.stem for path in CHAPTERS]
NOT_TEACHING = {"What you will learn", "Before you start", "Summary", "Glossary"}

# Bold that emphasises a word, or names a value, control, dataset, experiment or list item:
# not a definition. ("noisy gradient descent" labels a variant explained in place; its term
# is stochastic gradient descent.)
EMPHASIS = {
    "01": {"column", "row", "one straight cut", "step", "activation between layers", "two blobs", "starting line"},
    "02": {"two", "from", "to", "OR unit", "NAND unit", "AND unit", "re-describes", "zero",
           "Too small (0.1)", "Too large (30)", "One hidden unit", "Seed 1", "circles", "moons", "spirals",
           "linear", "wiggly", "step"},
    "03": set(),
    "04": {"chain", "mean of the per-sample costs",
           "Each per-sample cost depends on the weights only through the output activations",
           "Squared error", "every", "store", "same algorithm", "Initialise", "keep", "Output error",
           "Propagate back", "Gradients", "Update", "columns", "one entry per layer of weights", "forward",
           "backward", "twice", "two forward passes per parameter", "memory", "test", "linear", "one",
           "noisy gradient descent"},
    "05": {"largest", "measure", "1 wherever the unit is active", "every", "Too large", "Too small",
           "small random weights", "ReLU-family activations", "Careful initialisation",
           "initial weight scale", "zeros", "cause", "remedy"},
    "06": {"Degree 1", "Degree 3", "Degree 12", "training error only falls",
           "validation error falls, then rises", "gap", "1 unit per layer", "4 units per layer",
           "32 units per layer", "L2 strength", "hidden units per layer"},
    "07": set(),
    "08": {"hidden units per layer", "optimiser", "L2 strength", "training images",
           "pen strength", "clear"},
}
# Bold that defines a glossary term in another grammatical form: phrase -> the glossary term.
FORMS = {
    "01": {"converged": "convergence", "not linearly separable": "linearly separable",
           "Samples are columns": "samples as columns"},
    "02": {"shallow": "shallow network", "deep": "deep network",
           "one sample per column": "samples as columns"},
    "03": {"not convex": "convex", "one sample per column": "samples as columns"},
    "04": {"error": "error of a unit (delta)", "error terms": "error of a unit (delta)",
           "batch": "batch size"},
    "05": {"vanishes": "vanishing gradient", "explodes": "exploding gradient",
           "vanishing gradient problem": "vanishing gradient", "dead": "dead unit (dying ReLU)",
           "linear": "linear (identity) activation", "Xavier": "Xavier (Glorot) initialisation",
           "Glorot initialisation": "Xavier (Glorot) initialisation"},
    "06": {"L2 penalty": "L2 regularisation"},
    "07": {},
    "08": {"recurrent network": "recurrent neural network"},
}


# ------------------------------------------------------------------ matching
def _stem(word: str) -> str:
    for ending in ("ing", "es", "ed", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def _key(phrase: str) -> tuple:
    return tuple(_stem(word) for word in re.findall(r"[a-z0-9]+", phrase.lower()))


def _forms(term: str) -> set:
    """The term itself, the part outside its brackets, and the bracketed part."""
    forms = {term}
    match = re.fullmatch(r"(.*?)\s*\(([^)]+)\)\s*(.*)", term)
    if match:
        forms |= {f"{match.group(1)} {match.group(3)}".strip(), match.group(2)}
    return {form for form in forms if _key(form)}


def _pattern(form: str) -> re.Pattern:
    """Matches ``form`` in running text, each word by its stem, hyphen or space between words."""
    words = [re.escape(_stem(word)) + r"[a-z]*" for word in re.findall(r"[a-z0-9]+", form.lower())]
    return re.compile(r"\b" + r"[\s\-]+".join(words))


# ------------------------------------------------------------------ reading
def _glossary() -> list[dict]:
    rows = []
    for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), 1):
        match = re.fullmatch(r"\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*\[(\d\d)\]\(([^)]+)\)\s*\|", line)
        if match:
            english, chinese, chapter, target = match.groups()
            rows.append({"line": number, "english": english, "chinese": chinese, "chapter": chapter,
                         "target": target, "terms": [part.strip() for part in english.split(" / ")]})
    return rows


def _chapter(path: Path) -> str:
    return path.name[:2]


def _markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def _sections(markdown: str):
    """(section heading, line) for each line; the heading is that of the enclosing "## " section."""
    section = None
    for line in markdown.split("\n"):
        heading = re.match(r"##\s+(.+)", line)
        if heading and not line.startswith("###"):
            section = heading.group(1).strip()
        yield section, line


def _prose(path: Path) -> str:
    """The chapter's markdown without its glossary table, marks removed, lower case, one line."""
    text = "\n".join(line for section, line in _sections(_markdown(path)) if section != "Glossary")
    return " ".join(re.sub(r"[*`]", "", text).lower().split())


def _split_pair(english: str, chinese: str) -> list[tuple[str, str]]:
    """"a / b" beside "甲 / 乙" as [(a, 甲), (b, 乙)]; each term with the whole Chinese otherwise."""
    terms = [part.strip() for part in english.split(" / ")]
    names = [part.strip() for part in chinese.split(" / ")]
    return list(zip(terms, names)) if len(names) == len(terms) else [(term, chinese) for term in terms]


def _chapter_table(path: Path) -> list[tuple[str, str]]:
    """(English term, Chinese term) for each term of the chapter's own "## Glossary" table."""
    pairs = []
    for section, line in _sections(_markdown(path)):
        if section != "Glossary" or not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and not set(cells[0]) <= set("-: ") and cells[0] != "English":
            english = re.sub(r"\$[^$]*\$", "", cells[0].replace("**", "")).strip(" ,")
            pairs += _split_pair(english, cells[1])
    return pairs


def _bold_definitions(path: Path) -> list[str]:
    """The chapter's bold phrases that count as definitions (the rules in the module docstring)."""
    markdown = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", _markdown(path), flags=re.S)
    found = []
    for section, line in _sections(markdown):
        if section in NOT_TEACHING:
            continue
        for match in re.finditer(r"\*\*(.+?)\*\*", line):
            phrase = match.group(1).strip()
            if re.search(r"[.:?!]$", phrase) or "$" in phrase or not re.search(r"[A-Za-z]{2}", phrase):
                continue
            found.append(phrase)
    return found


GLOSSARY_ROWS = _glossary()
GLOSSARY_KEYS = {_key(form): row for row in GLOSSARY_ROWS for term in row["terms"] for form in _forms(term)}


def _in_glossary(phrase: str):
    """The glossary row that ``phrase`` (or one of its forms) names, or None."""
    return next((GLOSSARY_KEYS[_key(form)] for form in _forms(phrase) if _key(form) in GLOSSARY_KEYS), None)


# ------------------------------------------------------------------ the glossary itself
def test_glossary_has_rows_and_every_link_is_a_chapter():
    assert len(GLOSSARY_ROWS) >= 100
    table_lines = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
                   if line.startswith("| ") and not line.startswith(("| English", "|---"))]
    assert len(table_lines) == len(GLOSSARY_ROWS), "a glossary row is not | English | 中文 | [NN](file) |"
    for row in GLOSSARY_ROWS:
        assert (NOTEBOOKS / row["target"]).is_file(), f"line {row['line']}: no notebook {row['target']}"
        assert row["target"].startswith(row["chapter"] + "_"), f"line {row['line']}: [{row['chapter']}] " \
                                                               f"links to {row['target']}"
        assert re.search(r"[\u4e00-\u9fff]", row["chinese"]), f"line {row['line']}: no Chinese term"


def test_glossary_is_alphabetical_and_has_no_duplicates():
    english = [row["english"].lower() for row in GLOSSARY_ROWS]
    assert english == sorted(english)
    keys = [_key(term) for row in GLOSSARY_ROWS for term in row["terms"]]
    assert len(keys) == len(set(keys))


# ------------------------------------------------------------------ glossary -> chapter
@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_glossary_term_appears_in_the_chapter_it_links_to(chapter):
    prose = _prose(chapter)
    rows = [row for row in GLOSSARY_ROWS if row["target"] == chapter.name]
    assert rows, f"no glossary term links to {chapter.name}"
    missing = [f"line {row['line']}: {term!r}" for row in rows for term in row["terms"]
               if not any(_pattern(form).search(prose) for form in _forms(term))]
    assert not missing, f"glossary terms not in the prose of {chapter.name}: {missing}"


# ------------------------------------------------------------------ chapter -> glossary
@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_term_in_a_chapters_glossary_table_is_in_the_glossary(chapter):
    terms = [term for term, _ in _chapter_table(chapter)]
    assert terms, f"{chapter.name} has no glossary table"
    problems = []
    for term in terms:
        row = _in_glossary(term)
        if row is None:
            problems.append(f"{term!r} is not in glossary.md")
        elif row["chapter"] > _chapter(chapter):
            problems.append(f"{term!r} is in this chapter's table but glossary.md says chapter {row['chapter']}"
                            " introduces it")
    assert not problems, f"{chapter.name}: {problems}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_a_chapters_glossary_table_gives_the_glossarys_chinese(chapter):
    """A term has one Chinese name across the course: a chapter's table says what glossary.md
    says, to the bracket (full-width （） as in the glossary, not ASCII ())."""
    problems = []
    for term, chinese in _chapter_table(chapter):
        row = _in_glossary(term)
        if row is None:
            continue   # reported by the test above
        expected = dict(_split_pair(row["english"], row["chinese"]))
        wanted = next((name for english, name in expected.items()
                       if any(_key(form) == _key(f) for form in _forms(english) for f in _forms(term))),
                      row["chinese"])
        if chinese != wanted:
            problems.append(f"{term!r}: this chapter says {chinese!r}, glossary.md says {wanted!r}")
    assert not problems, f"{chapter.name}: {problems}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_term_a_chapter_defines_in_bold_is_in_the_glossary(chapter):
    number = _chapter(chapter)
    emphasis, forms = EMPHASIS[number], FORMS[number]
    missing = [phrase for phrase in _bold_definitions(chapter)
               if phrase not in emphasis and phrase not in forms and _in_glossary(phrase) is None]
    assert not missing, (f"{chapter.name} sets these in bold but glossary.md lacks them: {missing}. Add each "
                         "term to notebooks/glossary.md, or, if the bold is emphasis and not a definition, "
                         "to EMPHASIS in tests/notebooks/test_glossary.py.")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_the_exception_lists_are_current(chapter):
    """Every EMPHASIS and FORMS entry is still bold in its chapter, and every FORMS target is a term."""
    number = _chapter(chapter)
    bold = set(_bold_definitions(chapter))
    stale = sorted((EMPHASIS[number] | set(FORMS[number])) - bold)
    assert not stale, f"no longer bold in {chapter.name} (remove from tests/notebooks/test_glossary.py): {stale}"
    assert not EMPHASIS[number] & set(FORMS[number])
    for phrase, term in FORMS[number].items():
        assert _in_glossary(term) is not None, f"FORMS[{number!r}][{phrase!r}]: {term!r} is not in glossary.md"
        assert _in_glossary(phrase) is None, f"{phrase!r} matches the glossary by itself: drop it from FORMS"


def test_every_chapter_has_exception_lists():
    assert sorted(EMPHASIS) == sorted(FORMS) == [_chapter(path) for path in CHAPTERS]
