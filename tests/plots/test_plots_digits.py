"""Chapter 08's figures (coursekit.plots.digits): each test reads the drawn artists back and
compares them with the data they came from."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import data, metrics  # noqa: E402
from coursekit import plots  # noqa: E402
from coursekit.plots import digits as plots_digits  # noqa: E402
from coursekit import experiments as ex  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def test_digit_mosaic_places_each_tile(digits):
    X, _ = digits
    idx = np.array([[0, 1, 2], [3, 4, 5]])
    M = plots_digits.digit_mosaic(X, idx)
    assert M.shape == (2 * 9 - 1, 3 * 9 - 1)
    np.testing.assert_array_equal(M[9:17, 18:26], X[:, 5].reshape(8, 8))
    assert np.all(np.isnan(M[8])) and np.all(np.isnan(M[:, 17]))


def test_digit_grid_shows_the_mosaic_with_labels(digits):
    X, y = digits
    idx = ex.examples_per_class(y, 5)
    fig = plots_digits.digit_grid(X, idx, row_labels=[f"digit {c}" for c in range(10)])
    ax = fig.axes[0]
    shown = ax.images[0].get_array()
    np.testing.assert_array_equal(np.asarray(shown.filled(np.nan)), plots_digits.digit_mosaic(X, idx))
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"digit {c}" for c in range(10)]
    assert ax.get_title() == "Examples of each digit"


def test_grey_levels_bars(digits):
    X, _ = digits
    counts = ex.grey_level_counts(X)
    ax = plots_digits.grey_levels(counts).axes[0]
    np.testing.assert_array_equal([p.get_height() for p in ax.patches], counts)
    assert ax.get_yscale() == "log" and "grey level" in ax.get_xlabel()


def test_image_and_vector_shows_the_same_numbers(digits):
    X, _ = digits
    fig = plots_digits.image_and_vector(X[:, 0], label=0)
    img, vec = fig.axes
    np.testing.assert_array_equal(img.images[0].get_array(), X[:, 0].reshape(8, 8))
    np.testing.assert_array_equal(vec.images[0].get_array(), X[:, :1].T)
    assert len(vec.lines) == 7  # one mark where each new row starts


def test_weight_images_share_a_symmetric_scale():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((7, 64))
    fig = plots_digits.weight_images(W, ncols=4, titles=[f"w{k}" for k in range(7)])
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 7
    lim = np.abs(W).max()
    for k, ax in enumerate(shown):
        np.testing.assert_array_equal(ax.images[0].get_array(), W[k].reshape(8, 8))
        assert ax.images[0].get_clim() == (-lim, lim)
        assert ax.get_title() == f"w{k}"
    with pytest.raises(ValueError, match=r"W must be \(n_units, 64\)"):
        plots_digits.weight_images(W[:, :60])


def test_confusion_matrix_picture_counts_and_row_shading():
    C = metrics.confusion_matrix([0, 0, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 2, 2, 2, 0])
    ax = plots_digits.confusion_matrix(C).axes[0]
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert texts == {(i, j): str(C[i, j]) for i in range(3) for j in range(3) if C[i, j]}
    np.testing.assert_allclose(ax.images[0].get_array(), C / C.sum(axis=1, keepdims=True))
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_confusion_matrix_into_an_axes_is_a_drawing_that_updates():
    """Drawn into a caller's axes it returns a Drawing; update() shows the new counts in the same
    axes without piling up artists."""
    first = metrics.confusion_matrix([0, 1, 2, 2], [0, 1, 2, 1])
    fig, ax = plots.subplots()
    drawing = plots_digits.confusion_matrix(first, ax=ax)
    assert isinstance(drawing, plots.Drawing) and drawing.ax is ax
    second = metrics.confusion_matrix([0, 0, 1, 2], [1, 0, 1, 2])
    drawing.update(second, title="again")
    assert len(ax.images) == 1 and ax.get_title() == "again"
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert shown == {(i, j): str(second[i, j]) for i in range(3) for j in range(3) if second[i, j]}
    np.testing.assert_allclose(ax.images[0].get_array(), second / second.sum(axis=1, keepdims=True))
    drawing.update(np.eye(4))
    assert len(ax.images) == 1 and ax.images[0].get_array().shape == (4, 4) and len(ax.texts) == 4


def test_mistakes_mosaic_labels_each_tile_and_updates(digits):
    X, y = digits
    idx = np.array([3, 10, 25])
    pred = np.array([8, 1, 9])
    fig, ax = plots.subplots()
    drawing = plots_digits.mistakes_mosaic(X, idx, y, pred, nrows=1, ncols=4, ax=ax)
    assert [t.get_text() for t in ax.texts] == [f"{y[3]} → 8", f"{y[10]} → 1", f"{y[25]} → 9"]
    shown = np.asarray(ax.images[0].get_array().filled(np.nan))
    assert shown.shape == (3 + 8, 4 * 11 - 3) and np.all(np.isnan(shown[:3]))   # room for the labels
    np.testing.assert_array_equal(shown[3:, 11:19], X[:, 10].reshape(8, 8))
    assert np.all(shown[3:, 33:41] == 0)                    # the empty fourth tile is blank
    top, bottom = ax.images[0].get_extent()[3], ax.images[0].get_extent()[2]
    assert (top, bottom) == (-3.5, 7.5)                     # tile rows sit at 0..7, labels above
    assert all(t.get_position()[1] < -0.5 for t in ax.texts)
    drawing.update(X, idx[:1], y, pred[:1])
    assert len(ax.images) == 1 and [t.get_text() for t in ax.texts] == [f"{y[3]} → 8"]
    drawing.update(X, idx[:0], y, pred[:0])
    assert ax.get_title() == "No mistakes on the validation set" and not ax.texts


def test_digit_image_and_grid_into_axes_are_drawings(digits):
    X, y = digits
    fig, axes = plots.subplots(1, 2, figsize=(8, 3))
    d = plots_digits.digit_image(X[:, 5], ax=axes[0], title="five")
    assert isinstance(d, plots.Drawing) and axes[0].get_title() == "five"
    np.testing.assert_array_equal(axes[0].images[0].get_array(), X[:, 5].reshape(8, 8))
    g = plots_digits.digit_grid(X, ex.examples_per_class(y, 2), ax=axes[1])
    assert isinstance(g, plots.Drawing) and len(axes[1].images) == 1
