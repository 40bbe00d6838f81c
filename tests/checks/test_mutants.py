"""The mutation test's machinery (tests/checks/mutants.py): its operators, and the worker's guards
against a mutant that loops, allocates without end or ends its process."""
from __future__ import annotations

import ast

import mutants


def _exercise(body: str) -> mutants.Exercise:
    source = f"def f(a, b, X):\n    {mutants.BEGIN}\n{body}\n    {mutants.END}\n"
    return mutants.Exercise("00_demo", "demo", source, "checks.demo(f)", (2, 3 + body.count("\n") + 1))


def _changes(body: str) -> set:
    return {m.change for m in mutants.mutants(_exercise(body))}


def test_the_operators_make_the_mistakes_they_promise():
    got = _changes("    return -np.sum(a.T @ X, axis=1) / (b - 1)")
    for expected in ("a.T -> a", "a.T @ X -> a.T * X", "a.T @ X -> X @ a.T", "axis=1 -> axis=0", "axis=1 -> axis=2",
                     "1 -> 2", "1 -> 0", "b - 1 -> b + 1", "b - 1 -> b", "b - 1 -> 1 - b",
                     "-np.sum(a.T @ X, axis=1) -> np.sum(a.T @ X, axis=1)",
                     "np.sum(a.T @ X, axis=1) -> np.max(a.T @ X, axis=1)",
                     "np.sum(a.T @ X, axis=1) -> np.mean(a.T @ X, axis=1)",
                     "-np.sum(a.T @ X, axis=1) / (b - 1) -> -np.sum(a.T @ X, axis=1) * (b - 1)"):
        assert expected in got, (expected, got)


def test_comparisons_ranges_slices_and_returns_are_changed():
    got = _changes("    for j in range(a):\n        X = X[:, j:j + 1]\n    return a < b, X")
    for expected in ("range(a) -> range(a + 1)", "range(a) -> range(a - 1)", "j:j + 1 -> j + 1:j + 1",
                     "a < b -> a <= b", "a < b -> a > b", "return (a < b, X) -> return (X, a < b)"):
        assert expected in got, (expected, got)


def test_only_the_solution_is_changed_and_every_mutant_is_new_and_valid():
    exercise = _exercise("    return a + 1")
    exercise = mutants.Exercise(exercise.chapter, exercise.check, "n = 2 + 3\n" + exercise.source,
                                exercise.check_source, (3, 5))
    found = mutants.mutants(exercise)
    assert found and all(m.line == "return a + 1" for m in found)
    sources = [m.source for m in found]
    assert len(set(sources)) == len(sources)
    for source in sources:
        assert ast.parse(source) and "n = 2 + 3" in source


def test_what_is_printed_is_left_alone():
    assert _changes("    print(a + 1)\n    return b") == set()


def test_the_notebooks_exercises_are_found_with_their_checks():
    found = mutants.exercises()
    assert len(found) >= 40
    assert len({e.check for e in found}) == len(found)
    for e in found:
        assert e.check_source.strip().startswith(f"checks.{e.check}(")
        assert e.region[0] < e.region[1]


def test_the_worker_survives_loops_memory_bombs_and_exits():
    verdicts = mutants.judge_chapter(["import numpy as np"], [
        ("while True:\n    pass", "assert False"),
        ("x = np.ones(2**34)", "assert False"),
        ("import os\nos._exit(3)", "assert False"),
        ("x = 1", "assert x == 1, 'one'"),
        ("x = 2", "assert x == 1, 'not one'"),
        ("x = 1", "x.undefined"),
    ], seconds=1.0)
    assert [v["verdict"] for v in verdicts] == ["timeout", "cell raises", "killed", "passed", "rejected",
                                                "check raises"]
    assert "MemoryError" in verdicts[1]["message"]
    assert verdicts[4]["message"] == "not one"
