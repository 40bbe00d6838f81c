"""Shared pytest set-up.

Its presence puts ``tests/`` on ``sys.path`` (pytest's default import mode inserts a
conftest's folder), so test modules in sub-folders such as ``tests/plots/`` can import the
shared harnesses (``widget_harness``, ``checks_harness``) as the top-level tests do.
"""
