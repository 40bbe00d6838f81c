"""Training on past a plateau: the loss creeps towards a limit while the weights grow (chapter 02).

A sigmoid network that has given up on some samples does not sit in a valley with a floor. It
keeps improving on the samples it can still win, and it can only win them more surely with
larger weights: the loss creeps down for ever towards a limit that no finite weights reach.
:func:`keep_training` records that creep, the loss and the length of the weight vector, over
tens of thousands of epochs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_matrix, binary_labels, number, same_samples
from ..network import MLP

__all__ = ["LongRun", "weight_norm", "keep_training"]


@dataclass
class LongRun:
    """What :func:`keep_training` recorded.

    epochs       (k,) the epochs after which a record was taken (1-based, counted from the
                 start of this call), every ``every`` epochs and always the last
    loss         (k,) the cross-entropy cost of the weights after each of those epochs
    weight_norm  (k,) the length of all weights and biases taken as one vector, at the same epochs
    outputs      (1, m) the network's outputs after the last epoch
    """

    epochs: np.ndarray
    loss: np.ndarray
    weight_norm: np.ndarray
    outputs: np.ndarray


def weight_norm(params) -> float:
    """The length sqrt(sum of every weight and bias squared) of ``[(W1, b1), ...]`` as one vector."""
    return float(np.sqrt(sum(np.sum(W ** 2) + np.sum(b ** 2) for W, b in params)))


def _sigmoid(Z):
    # exp of a large positive number overflows to inf, and 1 / (1 + inf) = 0 is the right answer
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-Z))


def _bce_from_logits(Z, Y) -> float:
    """Mean cross-entropy of a sigmoid output, from z: log(1 + e^z) - y z, exact for large |z|."""
    return float(np.mean(np.logaddexp(0.0, Z) - Y * Z) * Z.shape[0])


def keep_training(net: MLP, X, Y, learning_rate: float, epochs: int, every: int = 1) -> LongRun:
    """Train ``net`` in place by full-batch gradient descent for ``epochs`` more epochs.

    The same steps as ``net.fit(X, Y, learning_rate, epochs)``, written as a bare numpy loop
    (about three times faster, so 20,000 epochs of a small network take well under a second),
    recording the cost and :func:`weight_norm` every ``every`` epochs. Only the networks of
    chapter 02 are supported: sigmoid hidden and output units with the ``"bce"`` loss and one
    output; ``X`` is ``(n_0, m)`` and ``Y`` is ``(1, m)`` of 0/1 labels.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit MLP; got {type(net).__name__}.")
    if (net.hidden_activation, net.output_activation, net.loss) != ("sigmoid", "sigmoid", "bce") \
            or net.layer_sizes[-1] != 1:
        raise ValueError("net must have sigmoid hidden and output units, the 'bce' loss and one output; "
                         f"got hidden {net.hidden_activation!r}, output {net.output_activation!r}, "
                         f"loss {net.loss!r}, layer sizes {net.layer_sizes}.")
    X = as_matrix(X, "X", rows=net.layer_sizes[0], what="(n_features, m)")
    Y = as_matrix(Y, "Y", rows=1, what="(1, m)")
    same_samples(X, Y)
    binary_labels(Y)
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    epochs = number(epochs, "epochs", low=1, integer=True)
    every = number(every, "every", low=1, integer=True)
    params = [(W.copy(), b.copy()) for W, b in net.params]
    m = X.shape[1]
    recorded = []
    for epoch in range(1, epochs + 1):
        As = [X]
        for W, b in params:                        # a^l = sigmoid(W^l a^(l-1) + b^l)
            As.append(_sigmoid(W @ As[-1] + b))
        dZ = (As[-1] - Y) / m                      # dC/dz^L = (a^L - y) / m for sigmoid + bce
        for l in range(len(params) - 1, -1, -1):
            W, b = params[l]
            dA = W.T @ dZ if l else None           # before W changes: delta goes back through W^l
            W -= learning_rate * (dZ @ As[l].T)    # dC/dW^l = dZ a^(l-1)T
            b -= learning_rate * dZ.sum(axis=1, keepdims=True)
            if l:
                dZ = dA * As[l] * (1.0 - As[l])    # delta^(l-1) = (W^l T delta^l) * sigma'(z^(l-1))
        if epoch % every == 0 or epoch == epochs:
            recorded.append((epoch, _cost(params, X, Y), weight_norm(params)))
    net.set_params(params)
    epochs_at, loss, norms = (np.array(column) for column in zip(*recorded))
    return LongRun(epochs_at.astype(int), loss, norms, net.forward(X).copy())


def _cost(params, X, Y) -> float:
    A = X
    for W, b in params[:-1]:
        A = _sigmoid(W @ A + b)
    W, b = params[-1]
    return _bce_from_logits(W @ A + b, Y)
