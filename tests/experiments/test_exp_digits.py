"""coursekit.experiments.digits: the softmax Jacobian and the A - Y cancellation, softmax with
cross-entropy under the gradient check (and a planted bug caught), the split and subsets of the
digits, training and looking at mistakes."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import data, metrics
from coursekit import experiments as ex
from coursekit.activations import softmax

Z_CASES = [np.array([[1.0], [2.0], [-1.0], [0.5]]), np.array([[0.0], [0.0]]),
           np.array([[30.0], [-30.0], [0.0]]), np.linspace(-3, 3, 10).reshape(-1, 1)]


@pytest.fixture(scope="module")
def split():
    return ex.digits_split()


# ------------------------------------------------------------------ softmax, derived
@pytest.mark.parametrize("z", Z_CASES)
def test_softmax_jacobian_is_diag_a_minus_a_a_transpose(z):
    """J = diag(a) - a a^T: symmetric, a(1 - a) on the diagonal, -a_i a_j off it, rows sum to 0."""
    J = ex.softmax_jacobian(z)
    a = softmax(z)[:, 0]
    np.testing.assert_allclose(np.diag(J), a * (1 - a), rtol=1e-12, atol=1e-300)
    i, j = 0, z.shape[0] - 1
    assert J[i, j] == pytest.approx(-a[i] * a[j], rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(J, J.T, rtol=0, atol=0)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-15)


@pytest.mark.parametrize("z", Z_CASES[:2] + Z_CASES[3:])
def test_softmax_jacobian_agrees_with_centred_differences(z):
    assert ex.softmax_jacobian_error(z) < 1e-8


def test_softmax_jacobian_error_sees_a_wrong_jacobian(monkeypatch):
    """The check fails when the Jacobian keeps only its diagonal (the elementwise mistake)."""
    import coursekit.experiments.digits as mod
    monkeypatch.setattr(mod, "softmax_jacobian", lambda z: np.diagflat(softmax(z) * (1 - softmax(z))))
    assert ex.softmax_jacobian_error(Z_CASES[0]) > 1e-2


@pytest.mark.parametrize("z", Z_CASES)
def test_cross_entropy_gradient_cancels_to_a_minus_y(z):
    """dL/dz = J^T dL/da with dL/da = -y / a gives a - y for a one-hot y: the chapter's cancellation."""
    a = softmax(z)
    for c in range(z.shape[0]):
        y = np.zeros_like(a)
        y[c] = 1.0
        grad_z = ex.softmax_jacobian(z).T @ (-y / a)
        np.testing.assert_allclose(grad_z, a - y, rtol=1e-9, atol=1e-12)


def test_softmax_network_on_digits_passes_the_gradient_check(split):
    net = ck.MLP([64, 16, 10], "relu", "softmax", "ce", init="he", seed=0)
    rng = np.random.default_rng(0)
    net.set_params([(W, 0.1 * rng.standard_normal(b.shape)) for W, b in net.params])
    X, Y = split.X_train[:, :25], split.Y_train[:, :25]
    assert ck.gradient_check(net, X, Y)["error"] < 1e-7


class ElementwiseSoftmax:
    """Softmax regression whose backward treats softmax like a sigmoid: delta = (A - Y) a(1 - a).
    The public parts gradient_check uses (forward, backward, cost, params), around an MLP."""

    def __init__(self, net):
        self.net, self.params = net, net.params

    def forward(self, X):
        self.X, self.A = X, self.net.forward(X)
        return self.A

    def backward(self, Y, l2=0.0, l1=0.0):
        delta = (self.A - Y) * self.A * (1 - self.A)
        return [(delta @ self.X.T / Y.shape[1], delta.mean(axis=1, keepdims=True))]

    def cost(self, X, Y, l2=0.0, l1=0.0):
        return self.net.cost(X, Y)


def test_the_gradient_check_catches_the_elementwise_softmax_derivative(split):
    """delta = (A - Y) * a(1 - a), softmax treated like a sigmoid, is wrong and the check says so;
    the same wrapper with the right delta passes (so it is the derivative that fails)."""
    X, Y = split.X_train[:, :25], split.Y_train[:, :25]
    wrong = ElementwiseSoftmax(ck.MLP([64, 10], output_activation="softmax", loss="ce", seed=0))
    assert ck.gradient_check(wrong, X, Y)["error"] > 1e-2
    right = ElementwiseSoftmax(ck.MLP([64, 10], output_activation="softmax", loss="ce", seed=0))
    right.backward = lambda Y, l2=0.0, l1=0.0: [((right.A - Y) @ right.X.T / Y.shape[1],
                                                 (right.A - Y).mean(axis=1, keepdims=True))]
    assert ck.gradient_check(right, X, Y)["error"] < 1e-7


# ------------------------------------------------------------------ data
def test_digits_split_shapes_and_one_hot(split):
    assert split.X_train.shape == (64, 1259) and split.X_val.shape == (64, 269) and split.X_test.shape == (64, 269)
    for y, Y in ((split.y_train, split.Y_train), (split.y_val, split.Y_val), (split.y_test, split.Y_test)):
        assert Y.shape == (10, y.size)
        np.testing.assert_array_equal(Y.argmax(axis=0), y)


def test_stratified_subset(split):
    idx = ex.stratified_subset(split.y_train, 100, seed=3)
    assert idx.size == 100 and np.all(np.diff(idx) > 0)
    np.testing.assert_array_equal(np.bincount(split.y_train[idx], minlength=10), 10)
    np.testing.assert_array_equal(idx, ex.stratified_subset(split.y_train, 100, seed=3))
    assert not np.array_equal(idx, ex.stratified_subset(split.y_train, 100, seed=4))
    odd = ex.stratified_subset(split.y_train, 23)
    np.testing.assert_array_equal(np.bincount(split.y_train[odd], minlength=10), [3, 3, 3] + [2] * 7)
    with pytest.raises(ValueError, match="n must be at least 10"):
        ex.stratified_subset(split.y_train, 5)


def test_examples_per_class():
    X, y = data.load_digits()
    idx = ex.examples_per_class(y, 4)
    assert idx.shape == (10, 4)
    for c in range(10):
        assert np.all(y[idx[c]] == c)
    np.testing.assert_array_equal(idx[:, 0], np.arange(10))  # the file opens with 0, 1, ..., 9


def test_grey_level_counts():
    X, _ = data.load_digits()
    counts = ex.grey_level_counts(X)
    assert counts.shape == (17,) and counts.sum() == X.size
    # the first image's top row is 0 0 5 13 9 1 0 0
    first = ex.grey_level_counts(X[:, :1])
    assert first.sum() == 64 and first[13] >= 1 and first[0] >= 4
    with pytest.raises(ValueError, match="grey levels k/16"):
        ex.grey_level_counts(X + 0.01)


# ------------------------------------------------------------------ training and looking
def test_softmax_regression_and_a_hidden_layer(split):
    base = ex.train_digits(hidden=(), learning_rate=1e-2, epochs=10, split=split)
    assert base.net.layer_sizes == [64, 10]
    assert base.val_accuracy > 0.9
    assert base.confusion.shape == (10, 10)
    np.testing.assert_array_equal(base.confusion.sum(axis=1), np.bincount(split.y_val, minlength=10))
    assert base.wrong.size == base.confusion.sum() - np.trace(base.confusion)
    assert base.history.val_loss.shape == (10,)


def test_train_digits_on_a_subset_overfits(split):
    run = ex.train_digits(hidden=(64,), n_train=100, learning_rate=1e-2, epochs=300,
                          batch_size=None, split=split)
    assert run.train_idx.size == 100 and run.train_accuracy == 1.0
    h = run.history
    assert h.val_loss[-1] > 1.05 * h.val_loss.min()     # validation turned upwards
    assert h.loss[-1] < 0.1 * h.val_loss[-1]            # a wide gap between the two


def test_misclassified_lists_the_mistakes_most_confident_first(split):
    run = ex.train_digits(hidden=(), learning_rate=1e-2, epochs=3, split=split)
    idx, pred, P = ex.misclassified(run.net, split.X_val, split.y_val)
    assert idx.size == run.wrong.size and set(idx) == set(run.wrong)
    assert np.all(pred != split.y_val[idx])
    np.testing.assert_allclose(P.sum(axis=0), 1.0)
    confidence = P[pred, np.arange(idx.size)]
    assert np.all(np.diff(confidence) <= 0)


def test_overfit_tiny_batch_memorises():
    history, acc = ex.overfit_tiny_batch()
    assert acc == 1.0 and history.loss[-1] < 0.01 < history.loss[0]
