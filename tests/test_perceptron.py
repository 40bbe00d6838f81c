"""Perceptron: the rule w <- w + eta (y - y_hat) x on hand-computed updates, convergence
on AND / OR / NAND, endless mistakes on XOR, and the recorded steps that replay the line."""
import numpy as np
import pytest

from coursekit import Perceptron, data
from coursekit.activations import step


def _set(p, W, b):
    p.W, p.b = np.array(W, dtype=float), np.array(b, dtype=float)
    return p


def test_one_update_by_hand():
    """w = (0.2, -0.4), b = 0.1, eta = 0.5, x = (1, 2), y = 1: z = -0.5 so y_hat = 0,
    and the rule gives w = (0.7, 0.6), b = 0.6."""
    p = _set(Perceptron(2, learning_rate=0.5), [[0.2, -0.4]], [[0.1]])
    p.fit([[1.0], [2.0]], [[1.0]], epochs=1)
    np.testing.assert_allclose(p.W, [[0.7, 0.6]], rtol=1e-15)
    np.testing.assert_allclose(p.b, [[0.6]], rtol=1e-15)
    s = p.steps[0]
    assert s.changed and s.y_hat[0, 0] == 0.0 and s.y[0, 0] == 1.0
    assert p.errors_per_epoch == [1] and not p.converged


def test_update_moves_away_from_a_false_positive():
    """y = 0 but y_hat = 1 (z = 1.1): w <- w - eta x, b <- b - eta."""
    p = _set(Perceptron(2, learning_rate=0.5), [[0.2, -0.4]], [[0.1]])
    p.fit([[3.0], [-1.0]], [[0.0]], epochs=1)
    np.testing.assert_allclose(p.W, [[-1.3, 0.1]], rtol=1e-15)
    np.testing.assert_allclose(p.b, [[-0.4]], rtol=1e-15)


def test_a_correct_sample_changes_nothing():
    """A sample already on its right side leaves w and b as they were and ends training."""
    p = _set(Perceptron(2), [[0.2, -0.4]], [[0.1]])
    p.fit([[3.0], [-1.0]], [[1.0]], epochs=5)
    np.testing.assert_array_equal(p.W, [[0.2, -0.4]])
    np.testing.assert_array_equal(p.b, [[0.1]])
    assert not p.steps[0].changed and p.converged and p.errors_per_epoch == [0]


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("init", ["zeros", "random"])
def test_converges_on_separable_gates(gate, init):
    """AND, OR, NAND are linearly separable: a pass with no mistakes comes and stops training."""
    X, Y = data.logic_gate(gate)
    p = Perceptron(2, init=init, seed=1).fit(X, Y, epochs=100)
    assert p.converged
    assert p.errors_per_epoch[-1] == 0 and all(e > 0 for e in p.errors_per_epoch[:-1])
    assert len(p.errors_per_epoch) < 100
    np.testing.assert_array_equal(p.predict(X), Y)


@pytest.mark.parametrize("init", ["zeros", "random"])
def test_never_converges_on_xor(init):
    """No line separates XOR: every one of 100 passes makes a mistake."""
    X, Y = data.logic_gate("xor")
    p = Perceptron(2, init=init).fit(X, Y, epochs=100)
    assert not p.converged
    assert len(p.errors_per_epoch) == 100 and min(p.errors_per_epoch) > 0
    assert np.any(p.predict(X) != Y)


def test_two_outputs_learn_two_gates_at_once():
    """Each output unit is its own perceptron: AND and OR side by side."""
    X, y_and = data.logic_gate("and")
    _, y_or = data.logic_gate("or")
    Y = np.vstack([y_and, y_or])
    p = Perceptron(2, n_outputs=2).fit(X, Y, epochs=50)
    assert p.W.shape == (2, 2) and p.b.shape == (2, 1)
    assert p.converged
    np.testing.assert_array_equal(p.predict(X), Y)


def test_every_visit_is_recorded():
    """One Step per sample per epoch, in order, with changed = (y_hat != y)."""
    X, Y = data.logic_gate("xor")
    p = Perceptron(2).fit(X, Y, epochs=7)
    assert len(p.steps) == 7 * 4
    for k, s in enumerate(p.steps):
        assert (s.epoch, s.index) == (k // 4 + 1, k % 4)
        np.testing.assert_array_equal(s.x, X[:, s.index:s.index + 1])
        np.testing.assert_array_equal(s.y, Y[:, s.index:s.index + 1])
        assert s.changed == bool(np.any(s.y_hat != s.y))
    mistakes = [sum(s.changed for s in p.steps if s.epoch == e) for e in range(1, 8)]
    assert mistakes == p.errors_per_epoch


def test_weights_at_replays_the_rule():
    """weights_at(0) is the starting line; weights_at(k) is weights_at(k - 1) after the rule
    on visit k; changed is True exactly when the weights moved."""
    X, Y = data.logic_gate("nand")
    p = Perceptron(2, learning_rate=0.3, seed=5)
    W0, b0 = p.W.copy(), p.b.copy()
    p.fit(X, Y, epochs=30)
    np.testing.assert_array_equal(p.weights_at(0)[0], W0)
    np.testing.assert_array_equal(p.weights_at(0)[1], b0)
    for k, s in enumerate(p.steps, start=1):
        W, b = p.weights_at(k - 1)
        y_hat = step(W @ s.x + b)
        np.testing.assert_array_equal(y_hat, s.y_hat)
        np.testing.assert_allclose(p.weights_at(k)[0], W + 0.3 * (s.y - y_hat) @ s.x.T, rtol=1e-15)
        np.testing.assert_allclose(p.weights_at(k)[1], b + 0.3 * (s.y - y_hat), rtol=1e-15)
        moved = not (np.array_equal(p.weights_at(k)[0], W) and np.array_equal(p.weights_at(k)[1], b))
        assert moved == s.changed
    np.testing.assert_array_equal(p.weights_at(len(p.steps))[0], p.W)
    with pytest.raises(ValueError, match=rf"k must be at most {len(p.steps)}"):
        p.weights_at(len(p.steps) + 1)


def test_learning_rate_scales_the_steps():
    """From zero weights the decisions do not depend on eta (step(eta z) = step(z)), so every
    weight along the way is eta times the eta = 1 weight."""
    X, Y = data.logic_gate("or")
    one = Perceptron(2, init="zeros", learning_rate=1.0).fit(X, Y, epochs=20)
    small = Perceptron(2, init="zeros", learning_rate=0.1).fit(X, Y, epochs=20)
    assert [s.changed for s in small.steps] == [s.changed for s in one.steps]
    for a, b in zip(one.steps, small.steps):
        np.testing.assert_allclose(b.w, 0.1 * a.w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b.b, 0.1 * a.b, rtol=1e-12, atol=1e-15)
    assert np.abs(small.W).sum() > 0


def test_shuffle_visits_a_seeded_permutation():
    """shuffle=True visits each sample once per epoch in an order fixed by the seed."""
    X, Y = data.logic_gate("xor")
    a = Perceptron(2, seed=4).fit(X, Y, epochs=5, shuffle=True)
    b = Perceptron(2, seed=4).fit(X, Y, epochs=5, shuffle=True)
    orders = [[s.index for s in a.steps if s.epoch == e] for e in range(1, 6)]
    assert all(sorted(o) == [0, 1, 2, 3] for o in orders)
    assert any(o != [0, 1, 2, 3] for o in orders)
    assert orders == [[s.index for s in b.steps if s.epoch == e] for e in range(1, 6)]


def test_converged_describes_the_latest_fit():
    """Regression test: converged stayed True from an earlier fit even when the next
    fit (here on XOR) never converged."""
    p = Perceptron(2)
    p.fit(*data.logic_gate("and"), epochs=50)
    assert p.converged
    p.fit(*data.logic_gate("xor"), epochs=10)
    assert not p.converged


def test_predict_gives_step_outputs():
    """predict is step(W X + b): 0.0 or 1.0 in a (n_outputs, m) array."""
    p = _set(Perceptron(2), [[1.0, -1.0]], [[0.0]])
    np.testing.assert_array_equal(p.predict([[2.0, 0.0, 1.0], [1.0, 3.0, 1.0]]), [[1.0, 0.0, 0.0]])


def test_set_weights_starts_the_replay_from_the_chosen_line():
    """set_weights clears an earlier run, and weights_at(0) is the chosen line."""
    X, Y = data.logic_gate("and")
    p = Perceptron(2).fit(X, Y, epochs=50)
    assert p.steps
    p.set_weights([[0.3, -0.2]], [[0.1]])
    assert p.steps == [] and p.errors_per_epoch == [] and not p.converged
    p.fit(X, Y, epochs=50)
    W0, b0 = p.weights_at(0)
    np.testing.assert_array_equal(W0, [[0.3, -0.2]])
    np.testing.assert_array_equal(b0, [[0.1]])


def test_weights_set_by_hand_before_fit_are_the_start():
    """Regression test: p.W = ... before the first fit used to leave weights_at(0) at the
    random initial line, so a replay began from a line the perceptron never had."""
    p = _set(Perceptron(2, seed=3), [[-0.5, 0.5]], [[0.0]])
    p.fit(*data.logic_gate("or"), epochs=20)
    np.testing.assert_array_equal(p.weights_at(0)[0], [[-0.5, 0.5]])
    # the first recorded visit starts from there: its update is the rule applied to that line
    first = p.steps[0]
    expected = np.array([[-0.5, 0.5]]) + p.learning_rate * (first.y - first.y_hat) @ first.x.T
    np.testing.assert_allclose(first.w, expected)
