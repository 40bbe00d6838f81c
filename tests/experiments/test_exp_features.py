"""coursekit.experiments.features: the input-features transform and the network that takes it."""
import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit.network import MLP


def test_input_features_are_x_or_x_with_squares_and_product():
    X = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -4.0]])
    plain = ex.input_features(X)
    assert np.array_equal(plain, X) and plain is not X
    F = ex.input_features(X, "squares")
    assert F.shape == (5, 3)
    assert np.array_equal(F, [[1.0, -2.0, 0.5], [3.0, 0.0, -4.0], [1.0, 4.0, 0.25], [9.0, 0.0, 16.0],
                              [3.0, -0.0, -2.0]])
    assert [len(ex.FEATURE_SETS[k]) for k in ("plain", "squares")] == [2, 5]


@pytest.mark.parametrize("X, features, error", [
    (np.zeros((3, 4)), "plain", ValueError), (np.zeros(4), "plain", ValueError),
    (np.zeros((2, 4)), "cubes", ValueError), (np.zeros((2, 4)), None, TypeError)])
def test_input_features_rejects_bad_input_naming_it(X, features, error):
    with pytest.raises(error, match="X|features"):
        ex.input_features(X, features)


def test_feature_model_takes_the_plane_and_feeds_the_net_the_features():
    net = MLP([5, 3, 1], hidden_activation="tanh", seed=1)
    model = ex.FeatureModel(net, "squares")
    X = np.random.default_rng(0).normal(size=(2, 7))
    F = ex.input_features(X, "squares")
    assert np.array_equal(model.predict_proba(X), net.predict_proba(F))
    assert np.array_equal(model.predict(X), net.predict(F))
    W, b = net.params[0]
    assert np.allclose(model.first_layer(X), np.tanh(W @ F + b))      # a^1 = g(W^1 x + b^1)
    with pytest.raises(ValueError, match="inputs"):
        ex.FeatureModel(net, "plain")
    with pytest.raises(ValueError, match="no hidden layer"):
        ex.FeatureModel(MLP([2, 1]), "plain").first_layer(X)


def test_squared_features_let_logistic_regression_separate_circles():
    """The chapter's point: with x1², x2² no hidden layer is needed for circles; without, it fails."""
    runs = {f: ex.train_classifier("circles", learning_rate=1.0, depth=0, epochs=300, features=f)
            for f in ("plain", "squares")}
    assert runs["squares"].net.layer_sizes == [5, 1] and runs["plain"].net.layer_sizes == [2, 1]
    assert runs["squares"].accuracy > 0.95 and runs["plain"].accuracy < 0.75
    assert isinstance(runs["squares"].model, ex.FeatureModel) and runs["plain"].model is runs["plain"].net
    assert runs["squares"].settings["features"] == "squares"
