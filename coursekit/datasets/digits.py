"""The UCI handwritten digits, 8x8, read from the package's own copy (``digits.npz``).

1,797 images of 64 pixels with 17 grey levels (0-16), labels 0-9, CC BY 4.0 (credit and
provenance: README.md in this folder; the file was made by tools/make_digits.py).
"""
from __future__ import annotations

import functools
import hashlib
from importlib import resources

import numpy as np

__all__ = ["FILENAME", "NPZ_SHA256", "ARRAYS_SHA256", "N_IMAGES", "SIDE", "GREY_LEVELS", "data_file",
           "file_sha256", "load_raw", "load_digits"]

FILENAME = "digits.npz"
# Checksums recorded when tools/make_digits.py wrote the file; tests compare the shipped file
# with them, so a corrupted or silently rebuilt copy is noticed.
NPZ_SHA256 = "9208093358789918581479b67a4eca5911d0f55ce3a16bd8349dd0784c32c1a8"
ARRAYS_SHA256 = "ae588ca009782c75b562002379a6fbba9c29fb60a403ae26522407f0af4022ae"
N_IMAGES, SIDE, GREY_LEVELS = 1797, 8, 17


def data_file():
    """The shipped file as an ``importlib.resources`` traversable (works from a wheel or a zip)."""
    return resources.files(__package__) / FILENAME


def file_sha256() -> str:
    """sha256 of the shipped file's bytes (compare with ``NPZ_SHA256``)."""
    return hashlib.sha256(data_file().read_bytes()).hexdigest()


@functools.lru_cache(maxsize=1)
def load_raw():
    """``(images, labels)`` as stored: uint8, shapes (1797, 64) and (1797,); read once, read-only."""
    with data_file().open("rb") as f, np.load(f) as npz:
        images, labels = npz["images"], npz["labels"]
    images.setflags(write=False)  # the cache is shared: nobody may change it in place
    labels.setflags(write=False)
    return images, labels


def load_digits():
    """The digits in the course's column convention.

    Returns ``X`` of shape (64, 1797), float64 in [0, 1] (each grey level divided by 16; pixel
    ``8 * row + col`` of image ``i`` is ``X[8 * row + col, i]``, so ``X[:, i].reshape(8, 8)``
    is the picture), and ``y`` of shape (1797,), int64 labels 0-9, both in the dataset's own
    order. Fresh arrays on every call, so changing them changes nothing for the next caller.
    For a softmax network, ``coursekit.data.one_hot(y.reshape(1, -1), 10)`` gives ``Y`` (10, m).
    """
    images, labels = load_raw()
    X = images.T.astype(np.float64) / (GREY_LEVELS - 1)
    return X, labels.astype(np.int64)
