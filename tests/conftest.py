"""Shared pytest set-up.

Its presence puts ``tests/`` on ``sys.path`` (pytest's default import mode inserts a
conftest's folder), so test modules in sub-folders such as ``tests/plots/`` can import the
shared harnesses (``widget_harness``, ``checks_harness``) as the top-level tests do.

It also gives nbval's items (the cells of a notebook run with ``--nbval``) the ``notebook``
marker, which a test module cannot set for them, so ``-m "not notebook"`` leaves them out too.
"""
import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebook)
