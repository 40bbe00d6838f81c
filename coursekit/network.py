"""A fully connected feed-forward network (multi-layer perceptron) in numpy.

Notation follows the course: samples are columns, ``X`` is ``(n_x, m)``,
``W^l`` is ``(n_l, n_(l-1))``, ``b^l`` is ``(n_l, 1)``, and for l = 1..L

    z^l = W^l a^(l-1) + b^l,    a^l = g(z^l),    a^0 = x.

``delta^l`` is dC/dz^l, one column per sample. The cost C is the mean of the
per-sample losses, so every gradient carries a 1/m. With a penalty the
objective is C + (l2 / 2) sum ||W^l||^2 + l1 sum |W^l| (biases are not
penalised).
"""
from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np

from . import activations as act
from . import losses
from ._validation import as_matrix, binary_labels, choice, number, one_hot_labels
# History and the divergence rule live in training.py; they are re-exported here, where
# notebooks and older code look for them (coursekit.network.History, has_diverged, ...).
from .training import (DIVERGENCE_FACTOR, DivergenceWarning, EarlyStopping, FitSettings,  # noqa: F401
                       History, has_diverged, optimizer_and_rates)

__all__ = ["INITS", "OUTPUT_FOR_LOSS", "FROM_LOGITS", "MLP"]

INITS = ("xavier", "he", "normal", "zeros")
OUTPUT_FOR_LOSS = {  # which output activations each loss accepts
    "bce": ("sigmoid",),
    "ce": ("softmax",),
    "mse": ("linear", "sigmoid", "tanh", "relu", "leaky_relu"),
}
#: (output activation, loss) pairs whose cost comes from z^L and whose BP1 is a^L - y.
FROM_LOGITS = (("sigmoid", "bce"), ("softmax", "ce"))

def _check_layer_sizes(layer_sizes):
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(f"layer_sizes must be a list of layer widths such as [2, 4, 1]; got {layer_sizes!r}.")
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes must list at least an input size and an output size, "
                         f"such as [2, 1]; got {list(layer_sizes)!r}.")
    return [number(n, f"layer_sizes[{i}]", low=1, integer=True) for i, n in enumerate(layer_sizes)]


class MLP:
    """A multi-layer perceptron trained by backpropagation.

    Parameters
    ----------
    layer_sizes : list of int
        Widths from the input to the output: ``[2, 4, 1]`` has 2 inputs, one
        hidden layer of 4 units and 1 output. ``[n, 1]`` with the defaults is
        exactly logistic regression.
    hidden_activation : {"sigmoid", "tanh", "relu", "leaky_relu", "linear"}
    output_activation : {"sigmoid", "linear", "tanh", "relu", "leaky_relu", "softmax"}
    loss : {"bce", "mse", "ce"}
        "bce" needs a sigmoid output, "ce" a softmax output.
    init : {"xavier", "he", "normal", "zeros"}
        Weight initialisation: Glorot normal (std sqrt(2 / (n_in + n_out))),
        He normal (std sqrt(2 / n_in)), standard normal, or all zeros.
        Biases always start at zero.
    init_scale : float
        Multiplies every initial weight (0.01 with "normal" gives small random weights).
    seed : int
        Seeds the initial weights.
    """

    def __init__(self, layer_sizes, hidden_activation="sigmoid", output_activation="sigmoid",
                 loss="bce", init="xavier", init_scale=1.0, seed=0):
        self.layer_sizes = _check_layer_sizes(layer_sizes)
        if isinstance(hidden_activation, str) and hidden_activation in ("softmax", "step"):
            reason = ("softmax couples all units of a layer and belongs to the output layer only"
                      if hidden_activation == "softmax" else
                      "the step function has zero derivative everywhere, so backprop cannot train "
                      "it (use coursekit.Perceptron)")
            raise ValueError(f"hidden_activation={hidden_activation!r} is not allowed: {reason}; "
                             f"valid names are {list(act.HIDDEN_ACTIVATIONS)}.")
        self.hidden_activation = choice(hidden_activation, "hidden_activation", act.HIDDEN_ACTIVATIONS)
        self.loss = choice(loss, "loss", losses.LOSSES)
        if output_activation == "step":
            raise ValueError("output_activation='step' is not allowed: the step function has zero "
                             "derivative everywhere, so backprop cannot train it (use coursekit.Perceptron).")
        choice(output_activation, "output_activation", [n for n in act.ACTIVATIONS if n != "step"])
        if output_activation not in OUTPUT_FOR_LOSS[self.loss]:
            raise ValueError(f"output_activation={output_activation!r} does not pair with loss={self.loss!r}; "
                             f"that loss takes output_activation in {list(OUTPUT_FOR_LOSS[self.loss])}.")
        if output_activation == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError("a softmax output needs at least 2 output units (one per class); "
                             f"layer_sizes ends in {self.layer_sizes[-1]}.")
        self.output_activation = output_activation
        self.init = choice(init, "init", INITS)
        self.init_scale = number(init_scale, "init_scale", low=0.0)
        self.seed = number(seed, "seed", low=0, integer=True)
        self._g, self._g_prime = act.get(self.hidden_activation)
        self._g_prime_from_a = act.PRIME_FROM_OUTPUT[self.hidden_activation]
        self._g_out, self._g_out_prime = act.get(self.output_activation)
        self._cost, self._cost_grad = losses.KERNELS[self.loss]  # inputs are checked once, in fit/cost
        from_logits = (self.output_activation, self.loss) in FROM_LOGITS
        self._logit_cost = losses.LOGIT_KERNELS[self.loss] if from_logits else None
        self.params = self._initial_params()
        self._cache = None

    # ------------------------------------------------------------------ set-up
    def _initial_params(self):
        rng = np.random.default_rng(self.seed)
        params = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            std = {"xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in),
                   "normal": 1.0, "zeros": 0.0}[self.init]
            W = self.init_scale * std * rng.standard_normal((n_out, n_in))
            params.append((W, np.zeros((n_out, 1))))
        return params

    @property
    def L(self) -> int:
        """Number of layers with weights (hidden layers + the output layer)."""
        return len(self.layer_sizes) - 1

    @property
    def n_params(self) -> int:
        """Number of trainable numbers: one weight per edge plus one bias per non-input unit."""
        return sum(W.size + b.size for W, b in self.params)

    def set_params(self, params):
        """Replace the weights with ``[(W1, b1), ...]``, checking every shape."""
        if not isinstance(params, (list, tuple)):
            raise TypeError(f"params must be a list of {self.L} (W, b) pairs; got {type(params).__name__}.")
        if len(params) != self.L:
            raise ValueError(f"params must be a list of {self.L} (W, b) pairs; got a list of length {len(params)}.")
        new = []
        for l, pair in enumerate(params, start=1):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError(f"params[{l - 1}] must be a pair (W{l}, b{l}).")
            n_out, n_in = self.layer_sizes[l], self.layer_sizes[l - 1]
            W = as_matrix(pair[0], f"W{l}", rows=n_out, cols=n_in, what="(n_l, n_(l-1))").copy()
            b = as_matrix(pair[1], f"b{l}", rows=n_out, cols=1, what="(n_l, 1)").copy()
            new.append((W, b))
        self.params = new
        self._cache = None  # a cached forward pass belongs to the old weights

    def copy_params(self):
        """A deep copy of ``params`` (for keeping the best weights, or comparing later)."""
        return [(W.copy(), b.copy()) for W, b in self.params]

    def __repr__(self):
        return (f"MLP({self.layer_sizes}, hidden_activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss!r}, init={self.init!r})")

    # ------------------------------------------------------------ validation
    def check_X(self, X, name="X"):
        """``X`` as a float64 ``(n_0, m)`` array, or a ValueError/TypeError naming ``name``."""
        return as_matrix(X, name, rows=self.layer_sizes[0])

    def check_Y(self, Y, m=None, name="Y"):
        """``Y`` as a float64 ``(n_L, m)`` array of targets this network's loss accepts (0/1 for
        "bce", one-hot columns for "ce"), or an error naming ``name``; ``m`` fixes the samples."""
        Y = as_matrix(Y, name, rows=self.layer_sizes[-1], what="(n_L, m)")
        if m is not None and Y.shape[1] != m:
            raise ValueError(f"X and {name} must have the same number of samples (columns); "
                             f"got {m} and {Y.shape[1]}.")
        if self.loss == "bce":
            binary_labels(Y, name, ' for loss="bce"')
        elif self.loss == "ce":
            one_hot_labels(Y, name)
        return Y

    # --------------------------------------------------------- forward pass
    def _forward(self, X, masks=None):
        """:meth:`forward_layers` without its input checks, for ``fit``'s inner loop."""
        Zs, As = [], [X]
        A = X
        for l, (W, b) in enumerate(self.params, start=1):
            Z = W @ A + b                                       # z^l = W^l a^(l-1) + b^l
            if l == self.L:
                A = self._g_out(Z)                              # a^L = g(z^L)
            else:
                A = self._g(Z)                                  # a^l = g(z^l)
                if masks is not None:
                    A = A * masks[l - 1]                        # inverted dropout
            Zs.append(Z)
            As.append(A)
        return Zs, As

    def forward_layers(self, X, masks=None):
        """The forward pass layer by layer, keeping nothing: ``(Zs, As)``, with ``Zs[l - 1]`` =
        z^l and ``As[l]`` = a^l both ``(n_l, m)`` and ``As[0]`` = ``X``, ``(n_0, m)``.

        ``masks``, a list of one ``(n_l, m)`` array per hidden layer (0 for a dropped unit,
        1 / (1 - rate) for a kept one, as ``fit`` draws them), applies dropout: ``As`` then
        holds the activations as passed on, dropped and rescaled. Overflow shows as inf or
        NaN in the arrays, with no warning.
        """
        X = self.check_X(X)
        if masks is not None:
            hidden = self.layer_sizes[1:-1]
            if not isinstance(masks, (list, tuple)) or len(masks) != len(hidden):
                raise ValueError(f"masks must be a list of {len(hidden)} arrays (n_l, m), one per hidden layer.")
            masks = [as_matrix(M, f"masks[{i}]", rows=n, cols=X.shape[1], what="(n_l, m)")
                     for i, (M, n) in enumerate(zip(masks, hidden))]
        with np.errstate(all="ignore"):
            return self._forward(X, masks)

    def forward(self, X):
        """Return the output activations ``A_L`` of shape ``(n_L, m)``; keep what backward needs."""
        self._cache = self.forward_layers(X)
        return self._cache[1][-1]

    def _loss_value(self, Z, A, Y) -> float:
        # With sigmoid + bce or softmax + ce the cost is computed from z^L, which is
        # exact where 1 - a would have rounded away; other pairings use a directly.
        if self._logit_cost is not None:
            return self._logit_cost(Z, Y)
        return self._cost(A, Y)

    def _penalty(self, l2, l1) -> float:
        total = 0.0
        for W, _ in self.params:
            if l2:
                total += 0.5 * l2 * np.vdot(W, W)               # (l2 / 2) ||W||^2
            if l1:
                total += l1 * np.abs(W).sum()                   # l1 sum |w|
        return float(total)

    # -------------------------------------------------------- backward pass
    def _output_delta(self, Z, A, Y):
        # BP1: delta^L = grad_a C (.) g'(z^L). For sigmoid + bce and softmax + ce the
        # product simplifies exactly to a^L - y, which is also the stable way to compute it.
        if (self.output_activation, self.loss) in (("sigmoid", "bce"), ("softmax", "ce")):
            return A - Y
        return self._cost_grad(A, Y) * self._g_out_prime(Z)

    def _backward(self, Zs, As, Y, masks=None, l2=0.0, l1=0.0):
        """Backward pass without input checks; returns [(dW1, db1), ..., (dWL, dbL)]."""
        m = Y.shape[1]
        grads = [None] * self.L
        delta = self._output_delta(Zs[-1], As[-1], Y)                       # BP1
        for l in range(self.L, 0, -1):
            W = self.params[l - 1][0]
            dW = delta @ As[l - 1].T / m                                    # BP4: dC/dW^l = delta^l (a^(l-1))^T
            db = delta.sum(axis=1, keepdims=True) / m                       # BP3: dC/db^l = delta^l
            if l2:
                dW = dW + l2 * W                                            # d/dW of (l2/2) ||W||^2
            if l1:
                dW = dW + l1 * np.sign(W)                                   # d/dW of l1 |W| (0 at w = 0)
            grads[l - 1] = (dW, db)
            if l > 1:
                if masks is None:
                    # g'(z) from a = g(z), which is at hand: the same number without recomputing g.
                    g_prime = self._g_prime_from_a(As[l - 1])
                else:
                    g_prime = self._g_prime(Zs[l - 2]) * masks[l - 2]       # a dropped unit passes nothing back
                delta = (W.T @ delta) * g_prime                             # BP2: delta^(l-1) = (W^l)^T delta^l (.) g'(z^(l-1))
        return grads

    def backward(self, Y, l2=0.0, l1=0.0):
        """Gradients ``[(dW, db), ...]`` of the cost of the last ``forward`` pass against ``Y``.

        Each ``dW`` has the shape of its ``W`` and each ``db`` the shape of its
        ``b``. With ``l2`` or ``l1`` the gradient is that of the penalised
        objective C + (l2 / 2) sum ||W||^2 + l1 sum |W|.
        """
        if self._cache is None:
            raise RuntimeError("backward needs a forward pass first: call net.forward(X), then net.backward(Y).")
        Zs, As = self._cache
        Y = self.check_Y(Y, As[-1].shape[1])
        l2 = number(l2, "l2", low=0.0)
        l1 = number(l1, "l1", low=0.0)
        with np.errstate(all="ignore"):
            return self._backward(Zs, As, Y, l2=l2, l1=l1)

    # ------------------------------------------------------------ using it
    def cost(self, X, Y, l2=0.0, l1=0.0) -> float:
        """The cost C of the network on ``(X, Y)`` (mean loss over the samples),
        plus the penalty (l2 / 2) sum ||W||^2 + l1 sum |W| when those are given."""
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[1])
        l2 = number(l2, "l2", low=0.0)
        l1 = number(l1, "l1", low=0.0)
        Zs, As = self.forward_layers(X)
        with np.errstate(all="ignore"):
            return self._loss_value(Zs[-1], As[-1], Y) + self._penalty(l2, l1)

    def predict_proba(self, X):
        """The output activations for ``X`` without keeping a cache for backward."""
        return self.forward_layers(X)[1][-1]

    def predict(self, X):
        """Labels for ``X``: 0/1 per output unit for a sigmoid output (threshold 0.5),
        the class index (1, m) for softmax, and the output values themselves for regression."""
        A = self.predict_proba(X)
        if self.output_activation == "softmax":
            return A.argmax(axis=0)[None, :].astype(np.float64)
        if self.output_activation == "sigmoid":
            return (A >= 0.5).astype(np.float64)
        return A

    # ------------------------------------------------------------- training
    def fit(self, X, Y, learning_rate, epochs, batch_size=None, seed=0, X_val=None, Y_val=None,
            l2=0.0, l1=0.0, dropout=0.0, early_stopping=None, max_grad_norm=None,
            divergence_factor=DIVERGENCE_FACTOR, optimizer="sgd", schedule="constant", **settings):
        """Train by backpropagation and return a :class:`History` (chapter 04, section 6).

        ``batch_size=None`` is full batch, ``1`` SGD, in between mini-batch (a fresh shuffle
        each epoch, seeded by ``seed``). ``l2``, ``l1`` add (l2 / 2) sum ||W||^2 + l1 sum |W|
        to the objective; ``dropout`` drops each hidden unit with that probability on each
        update (inverted dropout); ``early_stopping=k`` (needs ``X_val``, ``Y_val``) stops
        after k epochs without a new best validation loss and keeps the best weights;
        ``max_grad_norm`` caps the length of the whole gradient (clipping).

        ``optimizer`` ("sgd", "momentum", "nesterov", "rmsprop", "adam"; coursekit.optimizers)
        makes each step, ``schedule`` ("constant", "step", "exponential", "cosine", "warmup";
        coursekit.schedules) each epoch's rate. Their settings are keywords named as in
        PyTorch, ``optimizer="adam", betas=(0.9, 0.99)``: a call reads like the torch code it
        mirrors, nothing to build first, and a setting that does not apply is refused by name.

        If the loss blows up (:func:`has_diverged`, ``divergence_factor``) training stops,
        ``History.diverged`` is set and one :class:`DivergenceWarning` issued; ``params`` stay.
        """
        run = self._fit_settings(X, Y, learning_rate, epochs, batch_size, seed, X_val, Y_val, l2, l1,
                                 dropout, early_stopping, max_grad_norm, divergence_factor,
                                 optimizer, schedule, settings)
        record = run.empty_history(self.L)
        stopper = None if run.patience is None else EarlyStopping(run.patience)
        diverged_epoch, done = None, run.epochs
        self._cache = None
        with np.errstate(all="ignore"):  # overflow is caught as divergence, not as noise
            for epoch in range(run.epochs):
                if not self._train_epoch(run, epoch, record) or has_diverged(
                        record.loss[epoch], record.loss[0], run.divergence_factor):
                    diverged_epoch = epoch + 1
                    break
                if run.X_val is not None and self._validate(run, epoch, record, stopper):
                    done = epoch + 1
                    break
            if diverged_epoch is None and done and self._last_update_diverged(run, record):
                diverged_epoch = done
        return self._finish_fit(run, record, diverged_epoch, done, stopper)

    def _fit_settings(self, X, Y, learning_rate, epochs, batch_size, seed, X_val, Y_val, l2, l1,
                      dropout, early_stopping, max_grad_norm, divergence_factor, optimizer, schedule, settings):
        """``fit``'s argument checks: a :class:`FitSettings`, or an error naming the argument."""
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[1])
        learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
        epochs = number(epochs, "epochs", low=0, integer=True)
        requested = number(batch_size, "batch_size", low=1, integer=True, allow_none=True)
        seed = number(seed, "seed", low=0, integer=True)
        dropout = number(dropout, "dropout", low=0.0)
        if dropout >= 1.0:
            raise ValueError(f"dropout is the probability of dropping a unit and must be below 1; got {dropout}.")
        patience = number(early_stopping, "early_stopping", low=1, integer=True, allow_none=True)
        if (X_val is None) != (Y_val is None):
            raise ValueError("X_val and Y_val go together: give both or neither.")
        if X_val is not None:
            X_val = self.check_X(X_val, "X_val")
            Y_val = self.check_Y(Y_val, X_val.shape[1], "Y_val")
        elif patience is not None:
            raise ValueError("early_stopping needs validation data: pass X_val and Y_val too.")
        return FitSettings(
            X=X, Y=Y, learning_rate=learning_rate, X_val=X_val, Y_val=Y_val, epochs=epochs, requested_batch=requested,
            batch_size=None if requested is not None and requested >= X.shape[1] else requested,
            rng=np.random.default_rng(seed), hidden=self.layer_sizes[1:-1],
            l2=number(l2, "l2", low=0.0), l1=number(l1, "l1", low=0.0), dropout=dropout, patience=patience,
            max_grad_norm=number(max_grad_norm, "max_grad_norm", low=0.0, low_open=True, allow_none=True),
            divergence_factor=number(divergence_factor, "divergence_factor", low=1.0, allow_none=True),
            **optimizer_and_rates(optimizer, schedule, settings, learning_rate, epochs))

    def _train_step(self, Xb, Yb, lr, run: FitSettings):
        """One update on the batch ``(Xb, Yb)``, steps 2 to 6 of chapter 04's algorithm.

        Returns the batch's cost and the per-layer norms ||dC/dW^l||, both measured
        before the update, or None (and no update) if the cost is not finite.
        """
        masks = run.dropout_masks(Xb.shape[1])
        Zs, As = self._forward(Xb, masks)                           # forward pass, kept for BP1 to BP4
        cost = self._loss_value(Zs[-1], As[-1], Yb)
        if not np.isfinite(cost):
            return None
        grads = self._backward(Zs, As, Yb, masks, run.l2, run.l1)   # BP1 to BP4, penalties included
        norms = [np.sqrt(np.vdot(dW, dW)) for dW, _ in grads]
        if run.max_grad_norm is not None:
            total = np.sqrt(sum(n * n + np.vdot(db, db) for n, (_, db) in zip(norms, grads)))
            if total > run.max_grad_norm:                           # clip: keep the direction, cap the length
                grads, lr = run.optimizer.clip(grads, lr, run.max_grad_norm, total)
        run.optimizer.step(self.params, grads, lr)                  # update; SGD: w := w - lr dC/dw
        return cost, norms

    def _train_epoch(self, run: FitSettings, epoch: int, record: History) -> bool:
        """One pass over the data, one update per batch, recorded in ``record``.

        Returns False if a batch's cost was not finite (training has diverged).
        """
        X, Y, m, steps = run.X, run.Y, run.X.shape[1], run.steps
        if run.batch_size is not None:
            order = run.rng.permutation(m)                          # a fresh shuffle every epoch
        lr = run.rates[epoch]
        for s, start in enumerate(run.starts):
            if run.batch_size is None:
                Xb, Yb = X, Y
            else:
                idx = order[start:start + run.batch_size]
                Xb, Yb = X[:, idx], Y[:, idx]
            result = self._train_step(Xb, Yb, lr, run)
            if result is None:
                return False
            cost, norms = result
            record.step_loss[epoch * steps + s] = cost
            record.loss[epoch] += cost * Xb.shape[1] / m            # the epoch's loss: mean over its samples
            record.grad_norms[epoch] += np.divide(norms, steps)
        return True

    def _validate(self, run: FitSettings, epoch: int, record: History, stopper) -> bool:
        """Record the validation loss after ``epoch``; True if early stopping ends training."""
        Zv, Av = self._forward(run.X_val)
        record.val_loss[epoch] = self._loss_value(Zv[-1], Av[-1], run.Y_val)
        return stopper is not None and stopper.should_stop(record.val_loss[epoch], epoch + 1, self)

    def _last_update_diverged(self, run: FitSettings, record: History) -> bool:
        # Each epoch's loss was measured before its updates, so the last update is judged
        # here, with one pass per fit (not per epoch).
        Zf, Af = self._forward(run.X)
        return has_diverged(self._loss_value(Zf[-1], Af[-1], run.Y), record.loss[0], run.divergence_factor)

    def _finish_fit(self, run: FitSettings, record: History, diverged_epoch, done, stopper) -> History:
        """Warn about divergence or restore the best weights; ``record`` cut to the epochs run."""
        if diverged_epoch is not None:
            done = diverged_epoch - 1
            warnings.warn(f"training diverged at epoch {diverged_epoch}: the loss blew up "
                          f"(learning_rate={record.learning_rate:g} is too large for this problem).",
                          DivergenceWarning, stacklevel=3)
        elif stopper is not None and stopper.best_epoch is not None:
            self.params = stopper.best_params  # early stopping keeps the best validation epoch's weights
        return replace(
            record, loss=record.loss[:done], grad_norms=record.grad_norms[:done],
            val_loss=None if record.val_loss is None else record.val_loss[:done],
            step_loss=record.step_loss[:done * run.steps], learning_rates=record.learning_rates[:done],
            diverged=diverged_epoch is not None, diverged_epoch=diverged_epoch,
            best_epoch=None if stopper is None else stopper.best_epoch,
            stopped_early=done < run.epochs and diverged_epoch is None)
