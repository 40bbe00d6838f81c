"""Running the chapter notebooks and storing them light.

``execute`` runs a notebook top to bottom in a fresh kernel and writes it back with its
outputs, made light by :func:`lighten`: no saved widget state, each explorer stored as its
picture with a line saying how to bring its controls, and every picture a palette PNG.
"""
from __future__ import annotations

import copy
import io
import os
from pathlib import Path

__all__ = [
    "CHAPTER_GLOB", "WIDGET_VIEW", "WIDGET_STATE", "EXPLORER_NOTE_KEY", "TIMING_TAG",
    "STORED_EXPLORER_NOTE", "chapter_paths", "run_notebook", "execute", "keep_timings", "lighten",
    "palette_png",
]

CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# An explorer's stored form: this line, then its picture. The key marks the line's output so the
# offline edition can put its own wording in its place.
EXPLORER_NOTE_KEY = "coursekit_explorer_note"
# A cell that prints how long something took (also tagged nbval-ignore-output). Its stored output
# is kept while its source is unchanged: a new measurement would differ in every digit.
TIMING_TAG = "timing"
STORED_EXPLORER_NOTE = ("▶ Run this cell to bring this explorer's controls. "
                        "Until then this is its figure at the default settings.")


def chapter_paths(folder) -> list[Path]:
    """The chapter notebooks in ``folder``, in chapter order."""
    return sorted(Path(folder).glob(CHAPTER_GLOB))


def run_notebook(nb, folder, timeout: int = 120, allow_errors: bool = False):
    """Execute the notebook node ``nb`` in a fresh kernel started in ``folder``; returns ``nb``.

    With ``allow_errors`` every cell runs even after one raises (the error is
    stored as that cell's output), as a learner's Run All would show it.
    """
    from nbclient import NotebookClient

    # Hashing fixed so that stored outputs are reproducible (the chapters seed their own RNGs).
    # MPLBACKEND is left as the caller has it: each chapter selects the inline backend itself.
    env = dict(os.environ, PYTHONHASHSEED="0")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            allow_errors=allow_errors, resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)  # passed on to the kernel manager, which starts the kernel with it
    return nb


def execute(path, timeout: int = 120) -> None:
    """Run the notebook at ``path`` top to bottom and store it, made light, in place.

    Nothing that changes from run to run is written (no timing, no widget
    model ids, no Python version), so executing an unchanged notebook twice
    writes the same bytes.
    """
    import nbformat

    path = Path(path)
    stored = nbformat.read(path, as_version=4)
    nb = run_notebook(copy.deepcopy(stored), path.parent, timeout)
    lighten(nb)
    keep_timings(nb, stored)
    nbformat.write(nb, path)


def keep_timings(nb, stored) -> None:
    """Give each cell of ``nb`` tagged ``timing`` the outputs it has in ``stored`` (the notebook
    as it was before this run), provided its source has not changed since."""
    before = {cell.get("id"): cell for cell in stored.cells if cell.cell_type == "code"}
    for cell in nb.cells:
        old = before.get(cell.get("id"))
        if (TIMING_TAG in cell.metadata.get("tags", []) and old is not None and old.source == cell.source
                and old.get("outputs")):
            cell.outputs = copy.deepcopy(old.outputs)


def lighten(nb):
    """Make the executed notebook node ``nb`` light to store; modifies and returns ``nb``.

    * Saved widget state goes: it is large, its model ids are random, and a
      stored notebook cannot bring a widget alive anyway.
    * Each widget output becomes a line saying how to bring the controls,
      then the explorer's picture (the ``image/png`` the explorer puts beside
      its widget view), so a notebook opened without running shows a figure,
      never "Error displaying widget".
    * Every PNG becomes a palette PNG (:func:`palette_png`).
    * Consecutive pieces of one stream are joined: how a kernel splits its
      output into messages depends on timing, not on what was printed.
    * Per-cell timing and the kernel's Python version are dropped.
    """
    from nbformat.v4 import new_output

    nb.metadata.pop("widgets", None)
    language = nb.metadata.get("language_info")
    if language:
        nb.metadata["language_info"] = {"name": language.get("name", "python")}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_STATE, None)
            if WIDGET_VIEW in data:
                outputs.append(new_output("display_data", data={"text/plain": STORED_EXPLORER_NOTE},
                                          metadata={EXPLORER_NOTE_KEY: True}))
                if "image/png" not in data:
                    continue
                output = new_output("display_data", data={"image/png": data["image/png"]})
                data = output.data
            if "image/png" in data:
                data["image/png"] = palette_png(data["image/png"])
            previous = outputs[-1] if outputs else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                previous["text"] += output["text"]
                continue
            outputs.append(output)
        cell.outputs = outputs
    return nb


def palette_png(encoded: str) -> str:
    """The base64 PNG ``encoded`` as a palette PNG of at most 96 colours, base64 again.

    About a third of the bytes of the RGB image. Median cut keeps the colours
    that cover the most pixels, so the course palette's flat colours come
    through exactly; only anti-aliased edges and smooth shading move (measured
    on the chapters' figures: 0.8% of pixels by more than 8 levels of 255 on
    average, 3% in the worst figure). 96 colours, not 256, keep eight chapters
    and the gallery under 3 MB together. No dithering, so the same image
    always gives the same bytes. An image that is already a palette PNG is
    left as it is.
    """
    import base64

    import PIL.Image

    image = PIL.Image.open(io.BytesIO(base64.b64decode(encoded)))
    if image.mode == "P":
        return encoded
    quantized = image.convert("RGB").quantize(colors=96, method=PIL.Image.Quantize.MEDIANCUT,
                                              dither=PIL.Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="png", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
