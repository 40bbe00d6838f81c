"""The perceptron rule on a logic gate, every update kept for replay (chapter 01)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import data
from .._validation import as_matrix, choice, number
from ..perceptron import Perceptron

__all__ = ["PerceptronRun", "starting_line", "perceptron_run"]


@dataclass
class PerceptronRun:
    perceptron: Perceptron
    X: np.ndarray
    Y: np.ndarray

    @property
    def n_steps(self) -> int:
        return len(self.perceptron.steps)


def starting_line(X, start: int = 0):
    """A starting line through the middle of the data, ``(W (1, 2), b (1, 1))``.

    Start ``k`` turns the line's normal to 100 + 137.5 k degrees (the golden
    angle, so the ten starts 0-9 point in well-spread directions) with
    ``|w| = 0.5``. Through the middle, it is always in view and always has
    points on both sides, unlike a random bias that can put it far away.
    """
    X = as_matrix(X, "X", rows=2)
    start = number(start, "start", low=0, integer=True)
    angle = np.radians(100.0 + 137.5 * start)
    W = 0.5 * np.array([[np.cos(angle), np.sin(angle)]])
    return W, -W @ X.mean(axis=1, keepdims=True)


def perceptron_run(gate: str = "and", learning_rate: float = 1.0, epochs: int = 100, start: int = 0):
    """Train a perceptron on a logic gate (or "blobs") and keep every update for replay.

    It begins from ``starting_line(X, start)`` and runs until an epoch makes
    no mistake, or for ``epochs`` passes. 100 is enough for every gate, every
    start and every learning rate down to 0.01 (the slowest, OR from start 6,
    needs 83), so only XOR runs out of epochs. Replaying step k afterwards is
    free, so a step slider only scrubs through the recorded run.
    """
    choice(gate, "gate", ("and", "or", "nand", "xor", "blobs"))
    if gate == "blobs":
        X, Y = data.make_blobs(20, centers=2, std=0.6, seed=0)
    else:
        X, Y = data.logic_gate(gate)
    p = Perceptron(n_inputs=2, learning_rate=learning_rate).set_weights(*starting_line(X, start))
    p.fit(X, Y, epochs=epochs)
    return PerceptronRun(p, X, Y)
