"""Shared pytest set-up.

Its presence puts ``tests/`` on ``sys.path`` (pytest's default import mode inserts a
conftest's folder), so test modules in sub-folders such as ``tests/plots/`` can import the
shared harnesses (``widget_harness``, ``checks_harness``) as the top-level tests do. It also
puts ``tests/checks/`` there, because the grader's tests read the checks' tables of right and
wrong answers (``test_checks_chNN.REFERENCES``), whichever folder pytest was started on.

It also gives nbval's items (the cells of a notebook run with ``--nbval``) the ``notebook``
marker, which a test module cannot set for them, so ``-m "not notebook"`` leaves them out too.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "checks"))


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebook)
