"""coursekit.plots.units: one map per first-layer hidden unit over the input plane."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex, plots


def test_first_layer_maps_are_each_units_activation_on_the_grid():
    net = ck.MLP([2, 3, 1], "tanh", seed=4)
    maps = plots.first_layer_maps(net, (-1.0, 1.0), (0.0, 2.0), resolution=5)
    assert maps.shape == (3, 5, 5)
    W, b = net.params[0]
    x = np.array([[-1.0], [2.0]])        # grid corner: first column, last row
    assert np.allclose(maps[:, 4, 0], np.tanh(W @ x + b)[:, 0])
    feature_net = ck.MLP([5, 2, 1], "relu", seed=1)
    maps = plots.first_layer_maps(ex.FeatureModel(feature_net, "squares"), (-1.0, 1.0), (-1.0, 1.0), 4)
    assert maps.shape == (2, 4, 4) and maps.min() >= 0.0


@pytest.mark.parametrize("model, error", [(ck.MLP([2, 1]), ValueError), (ck.MLP([3, 2, 1]), TypeError),
                                          ("net", TypeError)])
def test_first_layer_maps_reject_a_model_without_hidden_units_of_the_plane(model, error):
    with pytest.raises(error, match="model"):
        plots.first_layer_maps(model, (0, 1), (0, 1))


def test_unit_maps_tile_one_map_per_unit_and_update_in_place():
    net = ck.MLP([2, 6, 1], "tanh", seed=0)
    fig, ax = plt.subplots()
    d = plots.unit_maps(net, (-1, 1), (-1, 1), resolution=10, columns=4, ax=ax)
    assert isinstance(d, plots.UnitMaps) and ax.get_title()
    image = d.parts["image"]
    tiles = image.get_array()
    assert tiles.shape == (2 * 10 + 2, 4 * 10 + 2 * 3)      # 6 units: two rows of up to 4, 2-pixel gaps
    assert tiles.count() == 6 * 100                          # the gaps and the empty places are blank
    assert np.isclose(tiles.min(), 0.0) and np.isclose(tiles.max(), 1.0)
    other = ck.MLP([2, 6, 1], "tanh", seed=1)
    d.update(other)
    assert d.parts["image"] is image and not np.array_equal(image.get_array().filled(-1.0), tiles.filled(-1.0))
    fresh = plots.unit_maps(other, (-1, 1), (-1, 1), resolution=10, columns=4, ax=plt.subplots()[1])
    assert np.array_equal(image.get_array().filled(-1.0), fresh.parts["image"].get_array().filled(-1.0))
    d.update(ck.MLP([2, 2, 1], seed=0))                      # fewer units: drawn again
    assert d.parts["n_units"] == 2 and d.parts["image"].get_array().shape == (10, 22)


def test_a_unit_that_is_the_same_everywhere_is_white_not_an_error():
    net = ck.MLP([2, 2, 1], "relu", seed=0)
    net.set_params([(np.zeros((2, 2)), np.array([[-1.0], [0.5]])), net.params[1]])
    tiles = plots.unit_maps(net, (0, 1), (0, 1), resolution=4, ax=plt.subplots()[1]).parts["image"].get_array()
    assert np.allclose(tiles.compressed(), 0.5)


def test_unit_maps_without_ax_return_a_figure():
    fig = plots.unit_maps(ck.MLP([2, 3, 1], seed=0), (0, 1), (0, 1), resolution=6)
    assert isinstance(fig, plt.Figure)
