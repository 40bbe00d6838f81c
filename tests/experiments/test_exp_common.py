"""coursekit.experiments.common: the explorers' datasets by name and layer sizes."""
import numpy as np
import pytest

from coursekit import experiments as ex


@pytest.mark.parametrize("name", sorted(ex.DATASETS))
def test_datasets_by_name(name):
    X, Y = ex.dataset(name, 50, seed=3)
    assert X.shape == (2, 50) and Y.shape == (1, 50)
    np.testing.assert_array_equal(X, ex.dataset(name, 50, seed=3)[0])


def test_unknown_dataset_lists_names():
    with pytest.raises(ValueError, match="unknown dataset 'mooons'.*'moons'"):
        ex.dataset("mooons")


def test_layer_sizes_from_depth_and_width():
    assert ex.layer_sizes(2, 0, 8) == [2, 1]
    assert ex.layer_sizes(2, 3, 5) == [2, 5, 5, 5, 1]
    with pytest.raises(ValueError, match="depth must be at least 0"):
        ex.layer_sizes(2, -1, 4)
