"""Write coursekit/datasets/digits.npz from scikit-learn's copy of the UCI digits (maintainers).

Chapter 08 uses the UCI "Optical Recognition of Handwritten Digits" set in its 8x8 form:
1,797 images, 64 pixels each with 17 grey levels (0-16), ten classes. scikit-learn ships
exactly this set (the UCI test file ``optdigits.tes``) as ``sklearn/datasets/data/digits.csv.gz``:
one image per line, 64 pixel values row by row, then the label. This script converts that file
once into the package's compact copy, so the course needs neither scikit-learn nor a network.

Run it only when the shipped file must be rebuilt (it never runs during a lesson or a test):

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python tools/make_digits.py              # finds sklearn's csv itself
    python3 tools/make_digits.py path/to/digits.csv.gz    # or name the csv

It checks the conversion against ``sklearn.datasets.load_digits()`` when scikit-learn is
importable, then prints the sha256 of the source csv, of the written file and of its arrays.
Copy the new values into coursekit/datasets/README.md and coursekit/datasets/digits.py
(``NPZ_SHA256``, ``ARRAYS_SHA256``); tests/test_digits.py checks the shipped file against them.

The .npz is written byte for byte reproducibly: ``np.savez_compressed`` stamps each member with
the current time, so two runs would give two checksums. Here the members get a fixed date, so a
rerun on the same csv writes the same bytes and the recorded checksum stays meaningful.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import pathlib
import sys
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "coursekit" / "datasets" / "digits.npz"
N_IMAGES, N_PIXELS = 1797, 64
FIXED_DATE = (1998, 7, 1, 0, 0, 0)  # the dataset's own date (July 1998); any constant would do


def sklearn_csv() -> pathlib.Path:
    """The path of digits.csv.gz inside the installed scikit-learn (ImportError if absent)."""
    import sklearn.datasets

    return pathlib.Path(sklearn.datasets.__file__).parent / "data" / "digits.csv.gz"


def read_csv(path: pathlib.Path):
    """``(images, labels)``: uint8 arrays of shapes (1797, 64) and (1797,), in the file's order."""
    with gzip.open(path, "rt", encoding="ascii") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if table.shape != (N_IMAGES, N_PIXELS + 1):
        raise ValueError(f"{path} holds a table of shape {table.shape}; expected "
                         f"({N_IMAGES}, {N_PIXELS + 1}): 64 pixels and a label per line.")
    images, labels = table[:, :N_PIXELS], table[:, N_PIXELS]
    if images.min() < 0 or images.max() > 16 or labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"{path}: pixels must be 0-16 and labels 0-9.")
    return images.astype(np.uint8), labels.astype(np.uint8)


def arrays_sha256(images: np.ndarray, labels: np.ndarray) -> str:
    """A checksum of the arrays' contents, independent of how the file packs them."""
    h = hashlib.sha256()
    for a in (images, labels):
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def npz_bytes(images: np.ndarray, labels: np.ndarray) -> bytes:
    """A compressed .npz (readable by ``np.load``) with fixed member dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, a in (("images", images), ("labels", labels)):
            member = io.BytesIO()
            np.lib.format.write_array(member, a, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue(), compresslevel=9)
    return buffer.getvalue()


def compare_with_sklearn(images: np.ndarray, labels: np.ndarray) -> str:
    """Check the arrays equal ``sklearn.datasets.load_digits()``'s; say what was checked."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        return "scikit-learn not importable: not compared with load_digits()"
    ref = load_digits()
    if not (np.array_equal(ref.data, images) and np.array_equal(ref.target, labels)
            and np.array_equal(ref.images, images.reshape(-1, 8, 8))):
        raise SystemExit("the converted arrays differ from sklearn.datasets.load_digits()")
    return "identical to sklearn.datasets.load_digits() (data, images and target)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=pathlib.Path,
                        help="digits.csv.gz (default: the one inside the installed scikit-learn)")
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    args = parser.parse_args(argv)
    csv = args.csv or sklearn_csv()
    images, labels = read_csv(csv)
    print(compare_with_sklearn(images, labels))
    data = npz_bytes(images, labels)
    with np.load(io.BytesIO(data)) as back:  # the file must read back as what was written
        assert np.array_equal(back["images"], images) and np.array_equal(back["labels"], labels)
    args.out.write_bytes(data)
    print(f"source csv   {csv}")
    print(f"  sha256     {hashlib.sha256(csv.read_bytes()).hexdigest()}")
    print(f"written      {args.out} ({len(data):,} bytes)")
    print(f"  sha256     {hashlib.sha256(data).hexdigest()}")
    print(f"arrays sha256 {arrays_sha256(images, labels)}")
    print(f"class counts {np.bincount(labels, minlength=10).tolist()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
