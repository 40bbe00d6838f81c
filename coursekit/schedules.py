"""Learning-rate schedules (chapter 07): the rate of every epoch, changed once per epoch.

Each schedule returns an ``(epochs,)`` array, the rate of epochs e = 0, 1, ...,
from the closed-form formula of the PyTorch scheduler with the same settings
(stepped once per epoch, as ``scheduler.step()`` at the end of each epoch):

============  ==========================================================  =====================================
name          rate in epoch e (lr is the learning rate asked for)          PyTorch
============  ==========================================================  =====================================
constant      lr
step          lr gamma^floor(e / step_size)                                ``StepLR(step_size, gamma=0.1)``
exponential   lr gamma^e                                                   ``ExponentialLR(gamma)``
cosine        eta_min + (lr - eta_min) (1 + cos(pi e / T_max)) / 2         ``CosineAnnealingLR(T_max, eta_min=0)``
warmup        lr (f + (1 - f) min(e, total_iters) / total_iters),          ``LinearLR(start_factor=1/3,
              f = start_factor                                             total_iters=5)``, end_factor 1
============  ==========================================================  =====================================

``T_max`` defaults to the number of epochs (one half cosine over the run);
past ``T_max`` the cosine climbs again, as in PyTorch.
"""
from __future__ import annotations

import numpy as np

from ._validation import choice, number

__all__ = [
    "TAKES", "SCHEDULES", "SETTINGS", "constant", "step", "exponential", "cosine", "warmup",
    "learning_rates",
]

#: The schedules ``MLP.fit(schedule=...)`` accepts, and the settings each one takes.
TAKES = {
    "constant": (),
    "step": ("step_size", "gamma"),
    "exponential": ("gamma",),
    "cosine": ("T_max", "eta_min"),
    "warmup": ("start_factor", "total_iters"),
}
SCHEDULES = tuple(TAKES)
#: Every setting some schedule takes.
SETTINGS = frozenset(s for names in TAKES.values() for s in names)


def _epochs(learning_rate, epochs):
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    epochs = number(epochs, "epochs", low=0, integer=True)
    return learning_rate, np.arange(epochs)


def _required(value, name: str, schedule: str, example: str):
    if value is None:
        raise TypeError(f"schedule={schedule!r} needs {name}, for example {name}={example}.")
    return value


def constant(learning_rate: float, epochs: int) -> np.ndarray:
    """The same rate in every epoch."""
    learning_rate, e = _epochs(learning_rate, epochs)
    return np.full(e.shape, learning_rate)


def step(learning_rate: float, epochs: int, step_size: int | None = None, gamma: float = 0.1) -> np.ndarray:
    """The rate times ``gamma`` every ``step_size`` epochs (``torch.optim.lr_scheduler.StepLR``)."""
    learning_rate, e = _epochs(learning_rate, epochs)
    step_size = number(_required(step_size, "step_size", "step", "30"), "step_size", low=1, integer=True)
    gamma = number(gamma, "gamma", low=0.0, low_open=True)
    return learning_rate * gamma ** (e // step_size)


def exponential(learning_rate: float, epochs: int, gamma: float | None = None) -> np.ndarray:
    """The rate times ``gamma`` every epoch (``torch.optim.lr_scheduler.ExponentialLR``)."""
    learning_rate, e = _epochs(learning_rate, epochs)
    gamma = number(_required(gamma, "gamma", "exponential", "0.95"), "gamma", low=0.0, low_open=True)
    return learning_rate * gamma ** e


def cosine(learning_rate: float, epochs: int, T_max: int | None = None, eta_min: float = 0.0) -> np.ndarray:
    """Half a cosine from the rate down to ``eta_min`` over ``T_max`` epochs
    (``torch.optim.lr_scheduler.CosineAnnealingLR``); ``T_max`` defaults to ``epochs``."""
    learning_rate, e = _epochs(learning_rate, epochs)
    T_max = number(max(e.size, 1) if T_max is None else T_max, "T_max", low=1, integer=True)
    eta_min = number(eta_min, "eta_min", low=0.0)
    return eta_min + (learning_rate - eta_min) * (1 + np.cos(np.pi * e / T_max)) / 2


def warmup(learning_rate: float, epochs: int, start_factor: float = 1 / 3, total_iters: int = 5) -> np.ndarray:
    """A linear warm-up from ``start_factor`` times the rate to the rate itself over
    ``total_iters`` epochs, then constant (``torch.optim.lr_scheduler.LinearLR``, end_factor 1)."""
    learning_rate, e = _epochs(learning_rate, epochs)
    start_factor = number(start_factor, "start_factor", low=0.0, low_open=True, high=1.0)
    total_iters = number(total_iters, "total_iters", low=1, integer=True)
    return learning_rate * (start_factor + (1 - start_factor) * np.minimum(e, total_iters) / total_iters)


_FUNCTIONS = {"constant": constant, "step": step, "exponential": exponential, "cosine": cosine, "warmup": warmup}


def learning_rates(schedule: str, learning_rate: float, epochs: int, **settings) -> np.ndarray:
    """The ``(epochs,)`` rates of the schedule called ``schedule`` with ``settings`` (see ``TAKES``)."""
    choice(schedule, "schedule", SCHEDULES)
    for key in settings:
        if key not in TAKES[schedule]:
            takes = ", ".join(TAKES[schedule]) or "no settings"
            raise TypeError(f"schedule={schedule!r} takes {takes}; got {key}={settings[key]!r}.")
    return _FUNCTIONS[schedule](learning_rate, epochs, **settings)
