"""The polynomial explorer (chapter 06)."""

import ipywidgets
import matplotlib.pyplot as plt
import pytest
from widget_harness import drive_every_position, ends_and_middle

from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ the explorer


def test_polynomial_explorer_shape():
    e = w.polynomial_explorer()
    assert e.error is None and bytes(e.image.value).startswith(PNG)
    assert set(e.controls) == {"degree", "n_train", "noise", "l2"}
    for control in e.controls.values():
        assert control.description and control.style.description_width == "initial"
    assert "degree 3" in e.status.value


@pytest.mark.slow
def test_polynomial_explorer_survives_every_position_of_every_control():
    e = w.polynomial_explorer()
    drive_every_position(e, ends_and_middle)
    # the corners: fewest points with the highest degree, no noise, each penalty
    e.controls["n_train"].value = 6
    e.controls["degree"].value = 15
    e.controls["noise"].value = 0.0
    for _, l2 in w.L2_OPTIONS:
        e.controls["l2"].value = l2
        assert e.error is None


def test_polynomial_explorer_follows_its_controls():
    e = w.polynomial_explorer()
    e.controls["degree"].value = 12
    assert e.result.degree == 12 and "overfitting" in e.status.value
    wild = e.result.val_error
    e.controls["l2"].value = 1e-3
    assert e.result.val_error < 0.1 * wild
    e.controls["n_train"].value = 30
    assert e.result.x.shape == (1, 30)
    assert len(e.figure.axes) == 2
