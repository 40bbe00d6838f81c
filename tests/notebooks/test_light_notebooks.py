"""The stored notebooks are light and re-executing them changes nothing.

The rules ``coursekit.release.lighten`` applies when ``make notebooks`` stores a chapter:
no saved widget state, each explorer once as its picture under a run-this-cell line, every
picture a palette PNG, nothing that differs from run to run. The committed notebooks are
checked against them here, and one chapter is executed twice to show the bytes repeat.
"""
from __future__ import annotations

import base64
import copy
import io
import re
import shutil
from pathlib import Path

import nbformat
import PIL.Image
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from coursekit import release

pytestmark = pytest.mark.notebook
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_TOTAL_BYTES = 3_000_000          # every stored notebook together
EXPLORER_CALL = re.compile(r"widgets\.\w+_explorer\(")


def _png(colours: int = 300, size=(40, 30)) -> str:
    """A base64 RGB PNG with about ``colours`` distinct colours."""
    image = PIL.Image.new("RGB", size)
    image.putdata([((7 * i) % 256, (13 * i) % 256, i % colours % 256) for i in range(size[0] * size[1])])
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _mode(encoded: str) -> str:
    return PIL.Image.open(io.BytesIO(base64.b64decode(encoded))).mode


@pytest.fixture(scope="module")
def stored():
    return {path.name: nbformat.read(path, as_version=4) for path in NOTEBOOKS}


def test_the_stored_notebooks_together_stay_under_the_size_budget():
    sizes = {path.name: path.stat().st_size for path in NOTEBOOKS}
    assert len(sizes) >= 7, sizes
    assert sum(sizes.values()) <= MAX_TOTAL_BYTES, (
        f"the notebooks total {sum(sizes.values()):,} bytes, over {MAX_TOTAL_BYTES:,}: {sizes}")


def test_no_widget_state_and_no_widget_views_are_stored(stored):
    for name, nb in stored.items():
        assert "widgets" not in nb.metadata, f"{name} stores widget state"
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                assert release.WIDGET_VIEW not in data and release.WIDGET_STATE not in data, (
                    f"{name}, cell {index}: a widget output was stored; run make notebooks")


def test_every_picture_is_a_palette_png(stored):
    pictures = 0
    for name, nb in stored.items():
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    pictures += 1
                    assert _mode(output["data"]["image/png"]) == "P", f"{name}, cell {index}: not a palette PNG"
    assert pictures > 50


def test_each_explorer_is_stored_once_as_a_note_and_its_picture(stored):
    explorers = 0
    for name, nb in stored.items():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not EXPLORER_CALL.search(cell.source):
                continue
            explorers += 1
            outputs = cell.outputs
            assert len(outputs) == 2, f"{name}, cell {index}: {len(outputs)} outputs, expected note + picture"
            note, picture = outputs
            assert note.data == {"text/plain": release.STORED_EXPLORER_NOTE}, (name, index, note)
            assert note.metadata.get(release.EXPLORER_NOTE_KEY) is True
            assert list(picture.data) == ["image/png"], (name, index, list(picture.data))
    assert explorers >= 17


def test_nothing_that_varies_between_runs_is_stored(stored):
    for name, nb in stored.items():
        assert nb.metadata.get("language_info", {}).keys() <= {"name"}, (name, nb.metadata.get("language_info"))
        for index, cell in enumerate(nb.cells):
            assert "execution" not in cell.metadata, f"{name}, cell {index}: timing metadata"
            streams = [o.get("name") for o in cell.get("outputs", []) if o.get("output_type") == "stream"]
            assert all(a != b for a, b in zip(streams, streams[1:])), (
                f"{name}, cell {index}: one stream stored in pieces")


def test_lighten_turns_a_widget_output_into_a_note_and_a_palette_picture():
    picture = _png()
    widget = new_output("display_data", data={
        release.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "image/png": picture, "text/plain": "VBox(...)"})
    plain = new_output("display_data", data={"image/png": picture})
    streams = [new_output("stream", name="stdout", text="a = "), new_output("stream", name="stdout", text="1\n"),
               new_output("stream", name="stderr", text="warning\n")]
    nb = new_notebook(cells=[new_code_cell("widgets.x_explorer()", outputs=[widget]),
                             new_code_cell("plot()", outputs=[plain]),
                             new_code_cell("print('a =', 1)", outputs=streams)],
                      metadata={"widgets": {"state": {}}, "language_info": {"name": "python", "version": "3.11.7"}})
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    release.lighten(nb)
    assert "widgets" not in nb.metadata and nb.metadata.language_info == {"name": "python"}
    note, image = nb.cells[0].outputs
    assert note.data == {"text/plain": release.STORED_EXPLORER_NOTE}
    assert list(image.data) == ["image/png"] and _mode(image.data["image/png"]) == "P"
    assert _mode(nb.cells[1].outputs[0].data["image/png"]) == "P" and "execution" not in nb.cells[1].metadata
    assert [(o.name, o.text) for o in nb.cells[2].outputs] == [("stdout", "a = 1\n"), ("stderr", "warning\n")]


def test_palette_png_keeps_flat_colours_exactly_and_leaves_palette_images_alone():
    image = PIL.Image.new("RGB", (60, 20), (255, 255, 255))
    for x in range(20):
        for y in range(20):
            image.putpixel((x, y), (0, 114, 178))          # the course blue
            image.putpixel((x + 40, y), (213, 94, 0))      # and vermillion
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    once = release.palette_png(base64.b64encode(buffer.getvalue()).decode("ascii"))
    back = PIL.Image.open(io.BytesIO(base64.b64decode(once))).convert("RGB")
    assert back.getpixel((5, 5)) == (0, 114, 178) and back.getpixel((45, 5)) == (213, 94, 0)
    assert back.getpixel((30, 5)) == (255, 255, 255)
    assert release.palette_png(once) == once


def test_keep_timings_keeps_a_timing_cells_output_only_while_its_source_is_unchanged():
    old = new_notebook(cells=[new_code_cell("t = time()", id="timing1", outputs=[
        new_output("stream", name="stdout", text="12.3 ms\n")])])
    old.cells[0].metadata["tags"] = [release.TIMING_TAG]
    new = copy.deepcopy(old)
    new.cells[0].outputs = [new_output("stream", name="stdout", text="11.9 ms\n")]
    release.keep_timings(new, old)
    assert new.cells[0].outputs[0].text == "12.3 ms\n"
    changed = copy.deepcopy(new)
    changed.cells[0].source = "t = time() * 2"
    changed.cells[0].outputs = [new_output("stream", name="stdout", text="24.0 ms\n")]
    release.keep_timings(changed, old)
    assert changed.cells[0].outputs[0].text == "24.0 ms\n"


@pytest.mark.slow
@pytest.mark.notebook
def test_executing_a_chapter_twice_writes_the_same_bytes(tmp_path):
    """The property behind ``make check-notebooks``, on one chapter with figures and explorers:
    two runs from the same start store identical files."""
    source = ROOT / "notebooks" / "01_neuron_perceptron.ipynb"
    copies = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        shutil.copy2(source, folder / source.name)
        release.execute(folder / source.name)
        copies.append((folder / source.name).read_bytes())
    assert copies[0] == copies[1]
