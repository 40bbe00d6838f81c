"""Chapter 08's explorer and drawing pad driven headless (the model is tests/test_widgets.py)."""
import numpy as np
import pytest
from widget_harness import drive_every_position, ends_and_middle

from coursekit import experiments as ex
from coursekit.widgets import digits as wd


@pytest.fixture(scope="module")
def net():
    return ex.train_digits(hidden=(16,), learning_rate=1e-2, epochs=10).net


@pytest.mark.slow
def test_every_position_of_every_control_works():
    e = wd.digits_explorer()
    assert e.error is None and e.status.value and bytes(e.image.value).startswith(b"\x89PNG")
    assert {"learning_rate", "depth"} <= set(e.controls)
    for control in e.controls.values():
        assert control.description and control.style.description_width == "initial"
    drive_every_position(e, ends_and_middle)


def test_the_explorer_shows_what_train_digits_computes():
    e = wd.digits_explorer(hidden_units=16, depth=2, learning_rate=3e-3, optimizer="rmsprop", l2=0.01, n_train=300)
    want = ex.train_digits(hidden=(16, 16), learning_rate=3e-3, optimizer="rmsprop", l2=0.01, n_train=300,
                           epochs=wd.epochs_for(300), batch_size=wd.BATCH_SIZE)
    run = e.result
    assert run.net.layer_sizes == [64, 16, 16, 10] and run.train_idx.size == 300
    np.testing.assert_array_equal(run.confusion, want.confusion)
    assert f"validation accuracy {want.val_accuracy:.1%} ({want.wrong.size} of 269 wrong)" in e.status.value
    assert e.axes[1].get_title().startswith("Validation") and len(e.axes[2].images) == 1
    e.controls["depth"].value = 0                                        # softmax regression
    assert e.result.net.layer_sizes == [64, 10]


def test_every_training_size_gets_about_the_same_number_of_updates():
    for n in (100, 500, 1200):
        updates = wd.epochs_for(n) * -(-n // wd.BATCH_SIZE)
        assert abs(updates - wd.UPDATES) <= 10, (n, updates)
    e = wd.digits_explorer(n_train=100)
    assert e.result.history.epochs_run == wd.epochs_for(100) == 80 and "(80 epochs)" in e.status.value


def test_a_diverging_run_is_reported():
    e = wd.digits_explorer(optimizer="momentum", learning_rate=1.0, depth=3, hidden_units=64)
    assert e.result.history.diverged
    assert e.status.value.startswith(f"diverged at epoch {e.result.history.diverged_epoch}: lower the learning rate")
    e.controls["learning_rate"].value = 0.01
    assert not e.result.history.diverged and e.status.value.startswith("validation accuracy")


def test_the_pad_reads_what_is_drawn(net):
    pad = wd.drawing_pad(net)
    assert not pad.pixels.any() and pad.status.value.startswith("Nothing drawn")
    np.testing.assert_allclose(pad.result, net.predict_proba(np.zeros((64, 1)))[:, 0])
    pad.controls["pen_strength"].value = 9
    pad.cells[8 * 2 + 3].click()                                          # row 2, column 3
    assert pad.pixels[19] == 9 and np.count_nonzero(pad.pixels) == 1
    x = np.zeros((64, 1))
    x[19] = 9 / 16
    np.testing.assert_allclose(pad.result, net.predict_proba(x)[:, 0])
    assert pad.cells[19].style.button_color == "#707070"                 # 255 (1 - 9/16) = 112 = 0x70
    best = int(np.argmax(pad.result))
    assert f"reads a {best}" in pad.status.value
    pad.cells[19].click()                                                 # the same pen again: erased
    assert not pad.pixels.any()


def test_the_pad_clears_and_redraws_its_picture(net):
    X = ex.digits_split().X_test
    pad = wd.drawing_pad(net, start=X[:, 0])
    np.testing.assert_array_equal(pad.pixels, np.round(X[:, 0] * 16))
    np.testing.assert_allclose(pad.result, net.predict_proba(X[:, :1])[:, 0])
    image_before = bytes(pad.image.value)
    bars = pad.axes[1].patches
    np.testing.assert_allclose([b.get_height() for b in bars], pad.result)
    pad.controls["clear"].click()
    assert not pad.pixels.any() and bytes(pad.image.value) != image_before
    np.testing.assert_allclose([b.get_height() for b in pad.axes[1].patches], pad.result)
    assert len(pad.axes[1].patches) == 10                                 # updated, not drawn again
    assert all(c.style.button_color == "#ffffff" for c in pad.cells)


def test_the_pad_refuses_a_network_that_does_not_read_digits():
    from coursekit import MLP
    with pytest.raises(TypeError, match="net must be a coursekit.MLP with 64 inputs and 10 outputs"):
        wd.drawing_pad(MLP([2, 3, 1]))


def test_the_stored_pad_shows_its_picture(net):
    """What a notebook stores for the pad: its picture and a line saying how to use it."""
    from IPython.core.formatters import DisplayFormatter
    bundle, _ = DisplayFormatter().format(wd.drawing_pad(net))
    assert "image/png" in bundle and bundle["text/plain"].startswith("Drawing pad")
