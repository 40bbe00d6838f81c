"""Optimisers: how a gradient becomes a step (chapter 07).

One class per rule. Each holds the state its rule needs (zero arrays shaped
like the parameters, made on the first step) and its ``step(params, grads,
lr)`` moves ``params`` in place. ``params`` and ``grads`` are lists of
``(W, b)`` pairs of equal shapes, as ``MLP.params`` and ``MLP.backward`` give
them; ``g`` below is one gradient array, ``theta`` its parameter, ``t`` the
number of steps taken so far, counting this one.

The rules, the names of the settings and their defaults are PyTorch's, so a
learner can carry numbers across: ``SGD``, ``Momentum`` and ``Nesterov`` are
``torch.optim.SGD`` (``momentum``, dampening 0, ``nesterov``), ``RMSprop`` is
``torch.optim.RMSprop`` (``alpha``, ``eps``; not centred, no momentum) and
``Adam`` is ``torch.optim.Adam`` (``betas``, ``eps``). A penalty such as L2 is
part of the objective, so it is already in ``g`` when the optimiser sees it.
"""
from __future__ import annotations

import numpy as np

from ._validation import choice, number

__all__ = [
    "TAKES", "OPTIMIZERS", "SETTINGS", "Optimizer", "SGD", "Momentum", "Nesterov", "RMSprop",
    "Adam", "make",
]

#: The optimisers ``MLP.fit(optimizer=...)`` accepts, and the settings each one takes.
TAKES = {
    "sgd": ("momentum", "nesterov"),   # torch.optim.SGD: momentum=0 is plain gradient descent
    "momentum": ("momentum",),
    "nesterov": ("momentum",),
    "rmsprop": ("alpha", "eps"),
    "adam": ("betas", "eps"),
}
OPTIMIZERS = tuple(TAKES)
#: Every setting some optimiser takes.
SETTINGS = frozenset(s for names in TAKES.values() for s in names)


def _fraction(value, name: str) -> float:
    """A number in [0, 1): a decay rate that forgets (1 would never forget, and divide by 0)."""
    value = number(value, name, low=0.0)
    if value >= 1.0:
        raise ValueError(f"{name} must be in [0, 1); got {value!r}.")
    return value


def _check_pairs(params, grads) -> None:
    shapes = [tuple(np.shape(a) for a in pair) for pair in params]
    g_shapes = [tuple(np.shape(a) for a in pair) for pair in grads]
    if g_shapes != shapes:
        raise ValueError(f"grads must be [(dW, db), ...] with the shapes of params {shapes}; got {g_shapes}.")


class Optimizer:
    """What every optimiser shares: the step count ``t``, the state, and clipping.

    A subclass names its state arrays in ``slots`` and writes its rule in
    ``update(theta, g, lr, *state)``, which changes ``theta`` and the state in place.
    """

    name = ""
    slots: tuple = ()

    def __init__(self):
        self.t = 0
        self.state = None   # per parameter array, a tuple of arrays named by ``slots``

    def step(self, params, grads, lr: float) -> None:
        """One step of every parameter array in ``params`` along ``grads``, in place."""
        if self.state is None:
            _check_pairs(params, grads)
            self.state = [tuple(tuple(np.zeros_like(p) for _ in self.slots) for p in pair) for pair in params]
        self.t += 1
        for pair, g_pair, state_pair in zip(params, grads, self.state):
            for theta, g, state in zip(pair, g_pair, state_pair):
                self.update(theta, g, lr, *state)

    def update(self, theta, g, lr, *state):
        raise NotImplementedError

    def clip(self, grads, lr: float, max_norm: float, norm: float):
        """Gradient clipping: ``(grads, lr)`` with the gradient, of length ``norm``, scaled to ``max_norm``."""
        scale = max_norm / norm
        return [(dW * scale, db * scale) for dW, db in grads], lr

    def __repr__(self):
        settings = ", ".join(f"{k}={getattr(self, k)!r}" for k in TAKES[self.name] if hasattr(self, k))
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Plain gradient descent: theta_t = theta_(t-1) - lr g_t."""

    name = "sgd"

    def step(self, params, grads, lr):
        # No state: the rule is written out here, which also keeps plain SGD as fast as it was.
        if self.t == 0:
            _check_pairs(params, grads)
        self.t += 1
        for (W, b), (dW, db) in zip(params, grads):
            W -= lr * dW                                 # theta_t = theta_(t-1) - lr g_t
            b -= lr * db

    def clip(self, grads, lr, max_norm, norm):
        # The step lr g is linear in g, so a shorter step is the same as a shorter gradient;
        # shrinking the rate (as MLP.fit always has) skips scaling every array.
        return grads, lr * max_norm / norm


class Momentum(Optimizer):
    """Polyak's heavy ball in PyTorch's form (``torch.optim.SGD(momentum=mu)``, dampening 0).

    The velocity ``b`` sums past gradients, each older one weighted by one more
    factor ``momentum``; it starts at 0, so b_1 = g_1.
    """

    name = "momentum"
    slots = ("b",)

    def __init__(self, momentum: float = 0.9):
        super().__init__()
        self.momentum = number(momentum, "momentum", low=0.0)

    def update(self, theta, g, lr, b):
        b[...] = self.momentum * b + g                   # b_t = mu b_(t-1) + g_t
        theta -= lr * b                                  # theta_t = theta_(t-1) - lr b_t


class Nesterov(Momentum):
    """Nesterov momentum in PyTorch's form (``torch.optim.SGD(momentum=mu, nesterov=True)``),
    Sutskever et al. 2013 rewritten so the gradient is taken at the current parameters."""

    name = "nesterov"

    def __init__(self, momentum: float = 0.9):
        super().__init__(momentum)
        if self.momentum == 0:
            raise ValueError("nesterov needs momentum > 0 (with momentum 0 it is plain SGD); got momentum=0.")

    def update(self, theta, g, lr, b):
        b[...] = self.momentum * b + g                   # b_t = mu b_(t-1) + g_t
        theta -= lr * (g + self.momentum * b)            # theta_t = theta_(t-1) - lr (g_t + mu b_t)


class RMSprop(Optimizer):
    """RMSProp (Hinton, lecture 6e) in PyTorch's form (``torch.optim.RMSprop``, not centred):
    each parameter's step is divided by a running root mean square of its gradients."""

    name = "rmsprop"
    slots = ("v",)

    def __init__(self, alpha: float = 0.99, eps: float = 1e-8):
        super().__init__()
        self.alpha = _fraction(alpha, "alpha")
        self.eps = number(eps, "eps", low=0.0)

    def update(self, theta, g, lr, v):
        v[...] = self.alpha * v + (1 - self.alpha) * g * g     # v_t = alpha v_(t-1) + (1 - alpha) g_t^2
        theta -= lr * g / (np.sqrt(v) + self.eps)              # theta_t = theta_(t-1) - lr g_t / (sqrt(v_t) + eps)


class Adam(Optimizer):
    """Adam (Kingma and Ba 2015, Algorithm 1) as ``torch.optim.Adam``: momentum on the
    gradient (``m``) and RMSProp's scaling (``v``), both corrected for starting at 0."""

    name = "adam"
    slots = ("m", "v")

    def __init__(self, betas=(0.9, 0.999), eps: float = 1e-8):
        super().__init__()
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2) such as (0.9, 0.999); got {betas!r}.")
        self.betas = (_fraction(betas[0], "betas[0]"), _fraction(betas[1], "betas[1]"))
        self.eps = number(eps, "eps", low=0.0)

    def update(self, theta, g, lr, m, v):
        beta1, beta2 = self.betas
        m[...] = beta1 * m + (1 - beta1) * g                   # m_t = beta1 m_(t-1) + (1 - beta1) g_t
        v[...] = beta2 * v + (1 - beta2) * g * g               # v_t = beta2 v_(t-1) + (1 - beta2) g_t^2
        m_hat = m / (1 - beta1 ** self.t)                      # m^_t = m_t / (1 - beta1^t)
        v_hat = v / (1 - beta2 ** self.t)                      # v^_t = v_t / (1 - beta2^t)
        theta -= lr * m_hat / (np.sqrt(v_hat) + self.eps)      # theta_t = theta_(t-1) - lr m^_t / (sqrt(v^_t) + eps)


def make(optimizer: str = "sgd", **settings) -> Optimizer:
    """The optimiser called ``optimizer`` with ``settings`` (see ``TAKES``), as ``MLP.fit`` builds it.

    ``"sgd"`` reads its settings as ``torch.optim.SGD`` does: ``momentum=0``
    (the default) is plain gradient descent, ``momentum > 0`` the heavy ball,
    and ``nesterov=True`` (which needs momentum > 0) Nesterov's form.
    ``"momentum"`` and ``"nesterov"`` are the same with ``momentum=0.9`` by default.
    """
    choice(optimizer, "optimizer", OPTIMIZERS)
    for key in settings:
        if key not in TAKES[optimizer]:
            takes = ", ".join(TAKES[optimizer])
            raise TypeError(f"optimizer={optimizer!r} takes the settings {takes}; got {key}={settings[key]!r}.")
    if optimizer == "rmsprop":
        return RMSprop(**settings)
    if optimizer == "adam":
        return Adam(**settings)
    if optimizer != "sgd":
        return (Momentum if optimizer == "momentum" else Nesterov)(**settings)
    momentum = number(settings.get("momentum", 0.0), "momentum", low=0.0)
    nesterov = settings.get("nesterov", False)
    if not isinstance(nesterov, (bool, np.bool_)):
        raise TypeError(f"nesterov must be True or False; got {nesterov!r}.")
    if nesterov:
        return Nesterov(momentum)
    return Momentum(momentum) if momentum else SGD()
