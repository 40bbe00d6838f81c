"""Shared assertions for testing exercise checks both ways (tests/test_checks*.py).

Each chapter's test file keeps its own tables (REFERENCES, ALSO_CORRECT, WRONG) and
its own idea of which numbers would give the answer away; these helpers hold
the rules every check must obey.
"""
import pytest

from coursekit import checks


def assert_passes(check, args, capsys):
    """The answer passes, and the check prints exactly its one pass line."""
    getattr(checks, check)(*args)
    assert capsys.readouterr().out == f"✓ {check}: correct\n"


def assert_refused(check, label, args, fragment, reference_numbers, capsys):
    """A wrong answer raises AssertionError whose hint names the mistake (``fragment``),
    shows none of the reference's numbers, and follows no pass line."""
    with pytest.raises(AssertionError) as info:
        getattr(checks, check)(*args)
    hint = str(info.value)
    assert hint.startswith(f"✗ {check}: ")
    assert fragment in hint, f"hint for {label!r} does not say {fragment!r}: {hint}"
    leaked = sorted(n for n in reference_numbers if n in hint)
    assert not leaked, f"hint for {label!r} shows the reference's numbers {leaked}: {hint}"
    assert "✓" not in capsys.readouterr().out


def assert_enough_wrong_answers(references, wrong, minimum=8):
    """Every check in ``references`` has at least ``minimum`` known-wrong answers, one of them None."""
    for check in references:
        labels = [label for c, label, *_ in wrong if c == check]
        assert len(labels) >= minimum and "None" in labels, check
