"""Fixtures shared by the tests of coursekit.plots: small data sets, a trained net, a perceptron."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import data  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def xor():
    return data.make_xor(60, seed=0)


@pytest.fixture(scope="module")
def net_and_history(xor):
    X, Y = xor
    Xv, Yv = data.make_xor(30, seed=1)
    net = ck.MLP([2, 3, 1], "tanh", seed=2)
    history = net.fit(X, Y, 0.5, 20, X_val=Xv, Y_val=Yv)
    return net, history


@pytest.fixture(scope="module")
def and_perceptron():
    X, Y = data.logic_gate("and")
    return ck.Perceptron(init="zeros").fit(X, Y, epochs=10), X, Y
