"""Real data shipped inside coursekit as package data (no download, no extra dependency).

``digits``  the UCI handwritten digits, 8x8 (chapter 08); ``coursekit.data.load_digits``
            is the public way in. Where the data come from, their licence and checksums:
            README.md beside the data file.
"""
from .digits import load_digits

__all__ = ["load_digits"]
