"""Chapter 08's explorers: a network trained on the digits, and a drawing pad.

The explorer's computation is ``experiments.train_digits``; its panels and the pad's picture
are drawn by ``coursekit.plots``. The pad is plain ipywidgets (64 buttons, a slider, a
button), no JavaScript package.
"""
from __future__ import annotations

import base64
import functools
import html
import math

import ipywidgets as widgets
import numpy as np

from .. import experiments, plots
from ..network import MLP
from .explorer import LABEL_STYLE, Explorer, Panels, dropdown, float_slider, int_slider, log_slider, remembering
from .render import new_figure, render_png

__all__ = ["digits_explorer", "drawing_pad", "DrawingPad", "UPDATES", "BATCH_SIZE", "epochs_for", "OPTIMIZER_OPTIONS"]

#: Every setting gets about this many updates on mini-batches of this size, whatever the
#: number of training images (so fewer images means more epochs, not less training): enough
#: to see the settings matter, short enough to redraw within the explorers' time budget.
UPDATES, BATCH_SIZE = 160, 64


def epochs_for(n_train: int) -> int:
    """Epochs that give about ``UPDATES`` mini-batch updates on ``n_train`` images."""
    return max(1, round(UPDATES / math.ceil(n_train / BATCH_SIZE)))
OPTIMIZER_OPTIONS = [("gradient descent", "sgd"), ("momentum", "momentum"), ("RMSProp", "rmsprop"),
                     ("Adam", "adam")]


def digits_explorer(hidden_units=32, depth=1, learning_rate=1e-2, optimizer="adam", l2=0.0, n_train=500):
    """Train a ReLU network with a softmax output on the digits and look at its mistakes.

    Controls: hidden units per layer, depth (hidden layers; 0 is softmax regression),
    learning rate, optimiser, L2 strength and the number of training images (a stratified
    subset of the 1,259). Each change trains from the same start for about 160 updates on
    batches of 64 (so a smaller training set gets more epochs). Left, training and validation loss; middle, the validation confusion matrix; right,
    up to eight validation digits it gets wrong. The status line gives the accuracies.
    """
    controls = {
        "hidden_units": int_slider(hidden_units, 8, 64, "hidden units per layer", step=8),
        "depth": int_slider(depth, 0, 3, "depth (hidden layers)"),
        "learning_rate": log_slider(learning_rate, 1e-4, 1.0, "learning rate"),
        "optimizer": dropdown(optimizer, OPTIMIZER_OPTIONS, "optimiser"),
        "l2": float_slider(l2, 0.0, 0.05, "L2 strength λ", 0.005, readout_format=".3f"),
        "n_train": int_slider(n_train, 100, 1200, "training images", step=50),
    }
    split = experiments.digits_split()
    panels = Panels()

    @remembering
    def compute(hidden_units, depth, learning_rate, optimizer, l2, n_train):
        return experiments.train_digits(hidden=(hidden_units,) * depth, learning_rate=learning_rate,
                                        optimizer=optimizer, l2=l2, n_train=n_train, epochs=epochs_for(n_train),
                                        batch_size=BATCH_SIZE, split=split)

    def draw(figure, axes, run):
        h = run.history
        panels.plot("loss", plots.loss_curves, h, val=h.val_loss, ax=axes[0], title="Loss",
                    ylabel="cross-entropy", log=True)
        panels.plot("confusion", plots.confusion_matrix, run.confusion, ax=axes[1],
                    title="Validation: true against predicted")
        pred = run.net.predict(split.X_val)[0]
        panels.plot("mistakes", plots.mistakes_mosaic, split.X_val, run.wrong, split.y_val, pred[run.wrong],
                    ax=axes[2], title=f"{run.wrong.size} validation digits wrong; the first 8")
        plots.lean(axes[0])
        status = (f"validation accuracy {run.val_accuracy:.1%} ({run.wrong.size} of {split.y_val.size} wrong), "
                  f"training accuracy {run.train_accuracy:.1%} on {run.train_idx.size} images "
                  f"({h.epochs_run} epochs)")
        if h.diverged:
            status = f"diverged at epoch {h.diverged_epoch}: lower the learning rate. " + status
        return status

    figure, axes = new_figure(13.6, 4.6, ncols=3, wspace=0.75, left=0.85, right=0.2)
    return Explorer(controls, compute, draw, figure, axes)


# ------------------------------------------------------------------ the drawing pad
def _grey(level: float) -> str:
    """The cell colour for a grey level 0-16 (0 white paper, 16 black ink)."""
    v = int(round(255 * (1 - level / 16)))
    return f"#{v:02x}{v:02x}{v:02x}"


class DrawingPad(widgets.HBox):
    """An 8x8 grid of cells to click, a pen strength, a clear button, and the network's ten
    probabilities for what is drawn, redrawn on every click.

    ``.pixels`` (64,) holds the grey levels 0-16 row by row, as in the dataset; ``.result``
    is the network's probabilities (10,) for ``pixels / 16``; ``.cells`` the 64 buttons and
    ``.controls`` the pen strength and the clear button.
    """

    def __init__(self, net: MLP, start=None):
        if not isinstance(net, MLP) or net.layer_sizes[0] != 64 or net.layer_sizes[-1] != 10:
            raise TypeError("net must be a coursekit.MLP with 64 inputs and 10 outputs (a digits network).")
        self.net = net
        self.pixels = np.zeros(64)
        if start is not None:
            self.pixels = np.clip(np.round(np.asarray(start, dtype=np.float64).reshape(64) * 16), 0, 16)
        self.cells = [widgets.Button(tooltip=f"row {k // 8}, column {k % 8}", layout=widgets.Layout(
            width="30px", height="30px", padding="0", margin="1px", border="1px solid #bbbbbb"))
            for k in range(64)]
        for k, cell in enumerate(self.cells):
            cell.on_click(functools.partial(self._click, k))
        pen = widgets.IntSlider(value=16, min=1, max=16, description="pen strength", continuous_update=False,
                                style=LABEL_STYLE, layout=widgets.Layout(width="280px"))
        clear = widgets.Button(description="clear", layout=widgets.Layout(width="80px"))
        clear.on_click(lambda _: self.clear())
        self.controls = {"pen_strength": pen, "clear": clear}
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        rows = [widgets.HBox(self.cells[r * 8:(r + 1) * 8]) for r in range(8)]
        pad = widgets.VBox([widgets.HTML("Click a cell to ink it with the pen strength; click it again "
                                         "to erase it."), *rows, widgets.HBox([pen, clear]), self.status])
        self.figure, self.axes = new_figure(8.4, 3.6, ncols=2, wspace=0.9, left=0.6, right=0.2)
        self._panels = Panels()
        super().__init__([pad, self.image], layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        self.result = None
        self.update(compact=True)

    def _click(self, k, _button=None):
        strength = self.controls["pen_strength"].value
        self.pixels[k] = 0.0 if self.pixels[k] == strength else strength   # again: erase
        self.update()

    def clear(self):
        self.pixels[:] = 0.0
        self.update()

    def probabilities(self):
        """The network's ten probabilities for the drawn image, shape (10,)."""
        return self.net.predict_proba((self.pixels / 16).reshape(64, 1))[:, 0]

    def update(self, compact: bool = False):
        for cell, level in zip(self.cells, self.pixels):
            cell.style.button_color = _grey(level)
        self.result = self.probabilities()
        with plots.style():
            self._draw(self.result)
        self.image.value = render_png(self.figure, compact)
        if not self.pixels.any():
            self.status.value = "Nothing drawn yet: the network's answer for a blank page."
        else:
            best = int(np.argmax(self.result))
            self.status.value = html.escape(f"the network reads a {best} ({self.result[best]:.0%})")

    def _draw(self, p):
        a_img, a_bar = self.axes
        self._panels.plot("image", plots.digit_image, self.pixels / 16, ax=a_img)
        self._panels.plot("bars", plots.probability_bars, p, ax=a_bar,
                          title=f"The network's answer: {int(np.argmax(p))}")

    def _repr_mimebundle_(self, **kwargs):
        # As an Explorer: a stored notebook shows the picture and a line on how to use the pad.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        bundle = dict(bundle)
        bundle["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
        bundle["text/plain"] = "Drawing pad: run this cell in Jupyter to draw a digit."
        return bundle


def drawing_pad(net: MLP, start=None) -> DrawingPad:
    """An 8x8 pad to draw a digit on, beside the probabilities ``net`` gives it.

    ``net`` is a digits network (64 inputs, 10 softmax outputs); ``start`` optionally an
    image (64,) in [0, 1] to begin from, such as a column of ``X``.
    """
    return DrawingPad(net, start)
