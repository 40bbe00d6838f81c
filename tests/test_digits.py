"""The shipped handwritten digits (UCI, 8x8): the file is the recorded one, the loader returns
it in the column convention in the dataset's order, the split is stratified and seeded, and
the wheel built from the project carries the file."""
import hashlib
import pathlib
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from coursekit import data
from coursekit.datasets import digits

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The first image of the source csv (scikit-learn's digits.csv.gz, line 1), its top row of pixels.
FIRST_IMAGE_TOP_ROW = [0, 0, 5, 13, 9, 1, 0, 0]
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_shipped_file_is_the_recorded_one():
    """The file's bytes and its arrays' contents match the checksums the maintainer recorded."""
    assert digits.file_sha256() == digits.NPZ_SHA256
    images, labels = digits.load_raw()
    h = hashlib.sha256()
    for a in (images, labels):
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(a.tobytes())
    assert h.hexdigest() == digits.ARRAYS_SHA256


def test_the_readme_beside_the_file_records_the_same_checksum_and_the_licence():
    readme = (ROOT / "coursekit" / "datasets" / "README.md").read_text(encoding="utf-8")
    assert digits.NPZ_SHA256 in readme and digits.ARRAYS_SHA256 in readme
    assert "CC BY 4.0" in readme and "10.24432/C50P49" in readme


def test_shapes_types_and_ranges():
    """X (64, 1797) float64 in [0, 1] on the 17-level grid; y (1797,) integer labels 0-9."""
    X, y = data.load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))  # grey level / 16 exactly
    assert set(np.unique(y)) == set(range(10))


def test_every_class_has_174_to_183_images():
    _, y = data.load_digits()
    counts = np.bincount(y, minlength=10)
    assert counts.tolist() == CLASS_COUNTS
    assert counts.min() >= 174 and counts.max() <= 183 and counts.sum() == 1797


def test_dataset_order_and_pixel_layout():
    """Column i is image i of the source; pixel 8*row + col, so reshape(8, 8) is the picture."""
    X, y = data.load_digits()
    np.testing.assert_array_equal(X[:8, 0] * 16, FIRST_IMAGE_TOP_ROW)
    np.testing.assert_array_equal(y[:10], np.arange(10))  # the csv opens with 0, 1, ..., 9
    assert X[:, 0].reshape(8, 8)[0, 3] == 13 / 16


def test_each_call_returns_fresh_arrays():
    """Changing what one call returned does not change the next call's data."""
    X, y = data.load_digits()
    X[:] = -1.0
    y[:] = 42
    X2, y2 = data.load_digits()
    assert X2.min() == 0.0 and y2.max() == 9


def test_no_network_and_no_sklearn_needed():
    """load_digits works in a fresh interpreter where sockets and scikit-learn are unavailable."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket = refuse; socket.create_connection = refuse\n"
        "sys.modules['sklearn'] = None\n"
        "from coursekit import data\n"
        "X, y = data.load_digits(); print(X.shape, y.shape)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "(64, 1797) (1797,)"


# ------------------------------------------------------------------ train_val_test_split

def test_split_is_a_stratified_partition():
    """Every sample lands in exactly one set, and each class is cut in the asked proportions."""
    X, y = data.load_digits()
    (Xa, ya), (Xb, yb), (Xc, yc) = data.train_val_test_split(X, y, val=0.2, test=0.1, seed=0)
    assert Xa.shape[1] + Xb.shape[1] + Xc.shape[1] == 1797
    cols = np.hstack([Xa, Xb, Xc])
    # Columns are images; no image is lost or repeated (compare as sorted rows of bytes).
    assert sorted(map(bytes, cols.T)) == sorted(map(bytes, X.T))
    for c, n in enumerate(CLASS_COUNTS):
        assert np.count_nonzero(yc == c) == int(np.floor(0.1 * n + 0.5))
        assert np.count_nonzero(yb == c) == int(np.floor(0.2 * n + 0.5))
        assert np.count_nonzero(ya == c) == n - int(np.floor(0.1 * n + 0.5)) - int(np.floor(0.2 * n + 0.5))


def test_split_keeps_pairs_and_order():
    """Each set keeps its samples' labels and their original order."""
    m = 60
    X = np.arange(m, dtype=float)[None, :].repeat(2, axis=0)  # column i holds i
    y = np.arange(m) % 3
    for Xs, ys in data.train_val_test_split(X, y, seed=5):
        idx = Xs[0].astype(int)
        assert np.all(np.diff(idx) > 0)
        np.testing.assert_array_equal(ys, y[idx])


def test_split_is_seeded():
    X, y = data.load_digits()
    a = data.train_val_test_split(X, y, seed=1)
    b = data.train_val_test_split(X, y, seed=1)
    c = data.train_val_test_split(X, y, seed=2)
    np.testing.assert_array_equal(a[2][0], b[2][0])
    assert a[2][0].shape == c[2][0].shape and not np.array_equal(a[2][0], c[2][0])


def test_split_keeps_the_shape_of_y():
    """Labels as (1, m) come back as (1, m_set); as (m,) they come back as (m_set,)."""
    X, Y = data.make_blobs(40, centers=4)
    for (Xs, Ys), (_, ys) in zip(data.train_val_test_split(X, Y), data.train_val_test_split(X, Y[0])):
        assert Ys.shape == (1, Xs.shape[1]) and ys.shape == (Xs.shape[1],)


def test_zero_fractions_leave_everything_for_training():
    X, Y = data.make_blobs(30, centers=3)
    (Xa, _), (Xb, _), (Xc, _) = data.train_val_test_split(X, Y, val=0.0, test=0.0)
    assert Xa.shape == (2, 30) and Xb.shape == (2, 0) and Xc.shape == (2, 0)


# ------------------------------------------------------------------ the wheel

def _setuptools_too_old():
    """Why this interpreter cannot build the project without build isolation, or ''."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    from importlib.metadata import PackageNotFoundError, version

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    floor, = [r.split(">=")[1] for r in requires if r.startswith("setuptools>=")]
    try:
        have = version("setuptools")
    except PackageNotFoundError:
        have = "none"
    as_tuple = lambda v: tuple(int(p) for p in v.split(".")[:2] if p.isdigit())  # noqa: E731
    if have == "none" or as_tuple(have) < as_tuple(floor):
        return (f"building the wheel offline needs setuptools>={floor} (pyproject's build-system) "
                f"in this interpreter; it has {have}: pip install 'setuptools>={floor}'")
    return ""


@pytest.mark.slow
def test_the_wheel_built_from_the_project_contains_the_digits(tmp_path):
    """pip builds a wheel from the project with no network; the data file and its README are in it,
    byte for byte the recorded file."""
    reason = _setuptools_too_old()
    if reason:
        pytest.skip(reason)
    # Build from a clean copy: pip builds in the source tree, and a build/ folder left by an
    # earlier build would carry the file into the wheel even if pyproject.toml stopped naming it.
    source = tmp_path / "project"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "*.egg-info", "__pycache__", "notebooks", "student", "site",
        ".pytest_cache", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel, = (tmp_path / "dist").glob("coursekit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "coursekit/datasets/README.md" in names
        assert hashlib.sha256(zf.read("coursekit/datasets/digits.npz")).hexdigest() == digits.NPZ_SHA256
