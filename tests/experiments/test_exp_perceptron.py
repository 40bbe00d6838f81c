"""coursekit.experiments.perceptron: the perceptron rule on a gate, from ten starting lines."""
import numpy as np
import pytest

from coursekit import experiments as ex


def test_perceptron_run_replays_and_xor_never_settles():
    run = ex.perceptron_run("and", 1.0, epochs=10)
    assert run.perceptron.converged and run.n_steps == len(run.perceptron.steps)
    xor = ex.perceptron_run("xor", 1.0, epochs=10)
    assert not xor.perceptron.converged and min(xor.perceptron.errors_per_epoch) > 0
    assert ex.perceptron_run("blobs").X.shape == (2, 20)


def test_starting_lines_cross_the_data_in_ten_directions():
    """Each start is a line through the middle of the data (so it is in view at step 0)
    with points on both sides, and the ten starts point in ten different directions."""
    normals = []
    for gate in ["and", "or", "nand", "xor", "blobs"]:
        X = ex.perceptron_run(gate).X
        for start in range(10):
            W, b = ex.starting_line(X, start)
            assert W.shape == (1, 2) and b.shape == (1, 1)
            np.testing.assert_allclose(W @ X.mean(axis=1, keepdims=True) + b, 0.0, atol=1e-12)
            assert np.linalg.norm(W) == pytest.approx(0.5)
            side = W @ X + b
            assert (side > 0).any() and (side < 0).any()
            normals.append(W.ravel())
    angles = np.degrees(np.arctan2([n[1] for n in normals[:10]], [n[0] for n in normals[:10]]))
    gaps = np.diff(np.sort(angles % 360))
    assert gaps.min() > 15   # well spread: no two of the ten starts nearly alike


@pytest.mark.parametrize("gate", ["and", "or", "nand", "blobs"])
def test_every_separable_run_converges_within_the_epoch_cap(gate):
    """What the explorer and chapter 01 promise: from every start, at the slider's
    smallest learning rate and at larger ones, the rule stops making mistakes within
    the 100 epochs; XOR never does."""
    for start in range(10):
        for learning_rate in [0.01, 0.03, 0.3, 10.0]:
            run = ex.perceptron_run(gate, learning_rate, start=start)
            assert run.perceptron.converged, (gate, start, learning_rate)
    xor = ex.perceptron_run("xor", 0.01)
    assert not xor.perceptron.converged and len(xor.perceptron.errors_per_epoch) == 100


def test_perceptron_run_refuses_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate 'nxor'"):
        ex.perceptron_run("nxor")
    with pytest.raises(ValueError, match="start must be at least 0"):
        ex.starting_line(np.zeros((2, 4)), -1)
