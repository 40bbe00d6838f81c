"""Chapter 08's figures (coursekit.plots_digits): each test reads the drawn artists back and
compares them with the data they came from."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import data, metrics  # noqa: E402
from coursekit import plots_digits  # noqa: E402
from coursekit import experiments as ex  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


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
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts if t.get_visible()}
    assert texts == {(i, j): str(C[i, j]) for i in range(3) for j in range(3) if C[i, j]}
    np.testing.assert_allclose(ax.images[0].get_array(), C / C.sum(axis=1, keepdims=True))
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_confusion_matrix_drawn_again_updates_in_place():
    """A second matrix of the same size reuses the image and texts; a new size rebuilds."""
    first = metrics.confusion_matrix([0, 1, 2, 2], [0, 1, 2, 1])
    ax = plots_digits.confusion_matrix(first).axes[0]
    image, n_texts = ax.images[0], len(ax.texts)
    second = metrics.confusion_matrix([0, 0, 1, 2], [1, 0, 1, 2])
    plots_digits.confusion_matrix(second, ax=ax, title="again")
    assert list(ax.images) == [image] and len(ax.texts) == n_texts and ax.get_title() == "again"
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts if t.get_visible()}
    assert shown == {(i, j): str(second[i, j]) for i in range(3) for j in range(3) if second[i, j]}
    np.testing.assert_allclose(image.get_array(), second / second.sum(axis=1, keepdims=True))
    plots_digits.confusion_matrix(np.eye(4), ax=ax)
    assert len(ax.images) == 1 and ax.images[0].get_array().shape == (4, 4) and len(ax.texts) == 16


def test_mistakes_mosaic_labels_each_tile_and_updates_in_place(digits):
    X, y = digits
    idx = np.array([3, 10, 25])
    pred = np.array([8, 1, 9])
    ax = plots_digits.mistakes_mosaic(X, idx, y, pred, nrows=1, ncols=4).axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"{y[3]} → 8", f"{y[10]} → 1", f"{y[25]} → 9", ""]
    shown = np.asarray(ax.images[0].get_array().filled(np.nan))
    assert shown.shape == (3 + 8, 4 * 11 - 3) and np.all(np.isnan(shown[:3]))   # room for the labels
    np.testing.assert_array_equal(shown[3:, 11:19], X[:, 10].reshape(8, 8))
    assert np.all(shown[3:, 33:41] == 0)                    # the empty fourth tile is blank
    top, bottom = ax.images[0].get_extent()[3], ax.images[0].get_extent()[2]
    assert (top, bottom) == (-3.5, 7.5)                     # tile rows sit at 0..7, labels above
    assert all(t.get_position()[1] < -0.5 for t in ax.texts)
    image = ax.images[0]
    plots_digits.mistakes_mosaic(X, idx[:1], y, pred[:1], ax=ax, nrows=1, ncols=4)
    assert list(ax.images) == [image] and [t.get_text() for t in ax.texts] == [f"{y[3]} → 8", "", "", ""]
    plots_digits.mistakes_mosaic(X, idx[:0], y, pred[:0], ax=ax, nrows=1, ncols=4)
    assert ax.get_title() == "No mistakes on the validation set"


def test_probability_bars_colour_the_prediction_and_the_truth():
    p = np.array([0.05, 0.6, 0.05, 0.3] + [0.0] * 6)
    ax = plots_digits.probability_bars(p, true=3).axes[0]
    heights = [b.get_height() for b in ax.patches]
    np.testing.assert_allclose(heights, p)
    from matplotlib.colors import to_hex
    colours = [to_hex(b.get_facecolor()) for b in ax.patches]
    assert colours[1] == plots_digits.plots.OKABE_ITO["vermillion"].lower()
    assert colours[3] == plots_digits.plots.OKABE_ITO["blue"].lower()


def test_misclassified_digits_titles_and_bars():
    split = ex.digits_split()
    run = ex.train_digits(hidden=(), learning_rate=1e-2, epochs=3, split=split)
    idx, pred, P = ex.misclassified(run.net, split.X_val, split.y_val)
    fig = plots_digits.misclassified_digits(split.X_val, idx, split.y_val, pred, P, n=4)
    tops = [ax for ax in fig.axes if ax.images]
    bars = [ax for ax in fig.axes if ax.patches]
    assert len(tops) == 4 and len(bars) == 4
    for k in range(4):
        assert tops[k].get_title() == f"true {split.y_val[idx[k]]}, predicted {pred[k]}"
        np.testing.assert_allclose([b.get_height() for b in bars[k].patches], P[:, k])
