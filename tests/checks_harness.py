"""Shared assertions for testing exercise checks both ways (tests/checks/test_checks*.py).

Each chapter's test file keeps its own tables (REFERENCES, ALSO_CORRECT, WRONG) and
its own idea of which numbers would give the answer away; these helpers hold
the rules every check must obey.
"""
import numpy as np
import pytest

from coursekit import checks


def number_texts(values):
    """Text forms of the non-trivial numbers in ``values``, as a hint might print them.

    Small whole numbers and 0.5 are left out: every hint has such digits.
    """
    out = set()
    for v in np.ravel(np.asarray(values, dtype=np.float64)):
        if abs(v - round(v)) < 1e-9 and abs(v) < 10:
            continue
        for fmt in ("{:.2f}", "{:.3f}", "{:.4f}", "{:.3g}", "{:.4g}", "{!r}"):
            text = fmt.format(float(v))
            if float(text) != round(float(text)) and abs(float(text)) != 0.5:   # not rounded to 1.00 or 0.50
                out.add(text)
    return out


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


def assert_student_stub_propagates(check):
    """The student version's stub, ``raise NotImplementedError()``, reaches the learner as that
    error (so Run All stops at the unfinished exercise), not as a hint about a wrong answer."""
    def stub(*args):
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        getattr(checks, check)(stub)


def assert_enough_wrong_answers(references, wrong, minimum=8):
    """Every check in ``references`` has at least ``minimum`` known-wrong answers, one of them None."""
    for check in references:
        labels = [label for c, label, *_ in wrong if c == check]
        assert len(labels) >= minimum and "None" in labels, check


def define_both_ways_tests(namespace, references, also_correct, wrong, reference_numbers):
    """Add the three standard test functions to a test module's ``namespace``.

    references      {check name: args of the reference answer}
    also_correct    [(check, label, args)] other right answers that must pass
    wrong           [(check, label, args, fragment)] known-wrong answers; ``fragment``
                    must appear in the hint
    reference_numbers(check) -> the strings that would give the answer away
    """
    @pytest.mark.parametrize("check", sorted(references))
    def test_reference_passes_with_one_line(check, capsys):
        assert_passes(check, references[check], capsys)

    @pytest.mark.parametrize("check, label, args", [tuple(row) for row in also_correct],
                             ids=[f"{c}-{l}" for c, l, _ in also_correct])
    def test_other_correct_answers_pass(check, label, args, capsys):
        assert_passes(check, args, capsys)

    @pytest.mark.parametrize("check, label, args, fragment", [tuple(row) for row in wrong],
                             ids=[f"{c}-{l}" for c, l, _, _ in wrong])
    def test_wrong_answer_is_refused_with_a_hint(check, label, args, fragment, capsys):
        assert_refused(check, label, args, fragment, reference_numbers(check), capsys)

    namespace.update(test_reference_passes_with_one_line=test_reference_passes_with_one_line,
                     test_other_correct_answers_pass=test_other_correct_answers_pass,
                     test_wrong_answer_is_refused_with_a_hint=test_wrong_answer_is_refused_with_a_hint)
