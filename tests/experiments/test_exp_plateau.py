"""coursekit.experiments.plateau: keep_training (full-batch descent recorded over many epochs)
and weight_norm."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex


def _xor():
    return ck.data.logic_gate("xor")


def test_weight_norm_is_the_length_of_every_weight_and_bias_as_one_vector():
    params = [(np.array([[3.0, 0.0]]), np.array([[4.0]])), (np.array([[12.0]]), np.array([[0.0]]))]
    assert ex.weight_norm(params) == pytest.approx(13.0)


@pytest.mark.parametrize("sizes, seed", [([2, 2, 1], 0), ([2, 3, 2, 1], 4), ([2, 1], 2)])
def test_it_takes_exactly_the_steps_of_fit(sizes, seed):
    X, Y = _xor()
    a, b = ck.MLP(sizes, seed=seed), ck.MLP(sizes, seed=seed)
    history = a.fit(X, Y, learning_rate=2.0, epochs=300)
    run = ex.keep_training(b, X, Y, learning_rate=2.0, epochs=300, every=1)
    for (Wa, ba), (Wb, bb) in zip(a.params, b.params):
        np.testing.assert_allclose(Wb, Wa, rtol=0, atol=1e-12)
        np.testing.assert_allclose(bb, ba, rtol=0, atol=1e-12)
    # fit records the loss each update was measured on, so its epoch k + 1 is our epoch k
    np.testing.assert_allclose(run.loss[:-1], history.loss[1:], rtol=1e-12)
    assert run.loss[-1] == pytest.approx(a.cost(X, Y), rel=1e-12)
    np.testing.assert_allclose(run.outputs, a.forward(X), atol=1e-12)
    assert run.weight_norm[-1] == pytest.approx(ex.weight_norm(a.params))


def test_records_every_k_epochs_and_always_the_last():
    X, Y = _xor()
    run = ex.keep_training(ck.MLP([2, 2, 1]), X, Y, learning_rate=1.0, epochs=95, every=20)
    assert run.epochs.tolist() == [20, 40, 60, 80, 95]
    assert run.loss.shape == run.weight_norm.shape == (5,)
    assert run.outputs.shape == (1, 4)


def test_the_stuck_xor_run_creeps_towards_two_log2_over_four_while_its_weights_grow():
    X, Y = _xor()
    net = ck.MLP([2, 2, 1], seed=1)
    run = ex.keep_training(net, X, Y, learning_rate=2.0, epochs=6000, every=1000)
    limit = 2 * np.log(2) / 4
    assert np.all(np.diff(run.loss) < 0) and np.all(run.loss > limit)
    assert np.all(np.diff(run.weight_norm) > 0)
    np.testing.assert_allclose(run.outputs[0, [1, 3]], 0.5, atol=1e-3)   # the two points it gave up on


@pytest.mark.parametrize("kwargs, error", [
    (dict(net="net"), TypeError),
    (dict(net=ck.MLP([2, 2, 1], hidden_activation="tanh")), ValueError),
    (dict(net=ck.MLP([2, 2, 1], output_activation="linear", loss="mse")), ValueError),
    (dict(X=np.zeros((4, 2))), ValueError),
    (dict(Y=np.array([[0.0, 1.0, 2.0, 0.0]])), ValueError),
    (dict(learning_rate=0.0), ValueError),
    (dict(epochs=0), ValueError),
    (dict(epochs=2.5), TypeError),
    (dict(every=0), ValueError),
])
def test_it_refuses_bad_input(kwargs, error):
    X, Y = _xor()
    args = dict(net=ck.MLP([2, 2, 1]), X=X, Y=Y, learning_rate=1.0, epochs=10, every=1)
    args.update(kwargs)
    with pytest.raises(error):
        ex.keep_training(**args)
