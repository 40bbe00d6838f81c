"""The training explorer's input features and hidden units' maps."""
import numpy as np

from coursekit import plots, widgets as w


def _unit_image(e):
    images = e.axes[1].images
    return images[0].get_array() if images else None


def test_training_explorer_maps_each_first_layer_unit_and_follows_the_features():
    e = w.training_explorer(dataset="circles", width=6)
    assert e.error is None, e.error_traceback
    assert e.result.net.layer_sizes[0] == 2 and _unit_image(e).count() == 6 * 24 * 24
    before = _unit_image(e).filled(-1.0)
    e.controls["features"].value = "squares"
    assert e.error is None, e.error_traceback
    assert e.result.net.layer_sizes[0] == 5 and e.result.settings["features"] == "squares"
    after = _unit_image(e)
    assert after.count() == 6 * 24 * 24 and not np.array_equal(after.filled(-1.0), before)
    expected = plots.first_layer_maps(e.result.model, e.axes[0].get_xlim(), e.axes[0].get_ylim(), 24)
    assert np.isclose(after.max(), 1.0) and expected.shape == (6, 24, 24)
    e.controls["width"].value = 3
    assert _unit_image(e).count() == 3 * 24 * 24


def test_training_explorer_says_depth_0_has_no_hidden_units_and_squares_are_enough_for_circles():
    e = w.training_explorer(dataset="circles", depth=0)
    assert _unit_image(e) is None and "no hidden units" in " ".join(t.get_text() for t in e.axes[1].texts)
    plain = e.result.accuracy
    e.controls["features"].value = "squares"
    assert plain < 0.75 < 0.95 < e.result.accuracy
    e.controls["depth"].value = 1
    assert _unit_image(e) is not None and not e.axes[1].texts
