"""Mutation test: the checks refuse mechanical changes of the reference solutions.

Every exercise's solution (the code between the notebook's solution markers) is changed one
small step at a time (see ``mutants.changes`` for the operators: + for -, a dropped ``.T``, a
changed constant, a swapped reduction or comparison, a range one longer, ...), and the
exercise's check cell is run on each mutant. A mutant is *killed* when its cell raises or its
check refuses it. A mutant the check accepts is a *survivor*; each one must be listed below,
with the reason it is not a wrong answer. A new survivor means a check has a gap: strengthen
the check (and add the mistake to its both-ways table), don't list it here.
"""
from __future__ import annotations

import collections

import mutants
import pytest

pytestmark = pytest.mark.slow

# (check, solution line, change): why the mutant computes the same answer, on every input the
# exercise allows, as the reference does.
EQUIVALENT = {
    # Y is (1, m), so row -1 is row 0.
    ("train_perceptron", "x, y = X[:, j:j + 1], Y[0, j]", "0 -> -1"),
    # x1 = 1.0: multiplying and dividing by it are the same.
    ("logistic_gradient_by_hand", "z = 0.5 * 1.0 + (-0.75) * 2.0 + 0.25", "0.5 * 1.0 -> 0.5 / 1.0"),
    # The labels are what is asked for, and they do not change: for z > 0, 1 - e^-z lies in (0, 1)
    # and its inverse is above 1; for z < 0 it is negative, and so is its inverse; at z = 0 it is
    # 1 / 0 = inf (numpy's float division), and inf >= 0.5. So the label is 1 exactly where
    # z >= 0, as with the sigmoid. (Where |z| < 1e-16, e^-z rounds to 1 and sigmoid(z) rounds
    # to 0.5, so both give 1 there too.) The check cannot see A, only the labels.
    ("logistic_predict", "A = 1 / (1 + np.exp(-(w.T @ X + b)))",
     "1 + np.exp(-(w.T @ X + b)) -> 1 - np.exp(-(w.T @ X + b))"),
    # One more trip through the loop's tail at l = 1: it computes a delta for the input layer,
    # which nothing uses (the loop ends). Its shapes always fit, so it never raises.
    ("deep_backward", "if l > 1:", "l > 1 -> l >= 1"),
    ("deep_backward", "if l > 1:", "1 -> 0"),
    # best_epoch's first value is never read: the first loss is finite, hence below inf, so
    # epoch 1 sets best_epoch before the patience test can look at it.
    ("early_stopping_epochs", "best, best_epoch = np.inf, 0", "0 -> 1"),
    ("early_stopping_epochs", "best, best_epoch = np.inf, 0", "0 -> -1"),
    # A square: (a - b)^2 = (b - a)^2, exactly.
    ("cross_validated_penalty", "scores.append(np.mean((y_hat - y[:, held]) ** 2) / 2)",
     "y_hat - y[:, held] -> y[:, held] - y_hat"),
    # a is a column (k, 1), so a * a.T broadcasts to the same (k, k) outer product as a @ a.T.
    ("softmax_jacobian", "return np.diagflat(a) - a @ a.T", "a @ a.T -> a * a.T"),
}

# Exercises whose answer is one value with many right forms (weights that compute a gate, a
# schedule that meets a budget, the one number every line finds): a mutant that still has
# the asked-for property is another right answer, not a wrong one.
OTHER_RIGHT_ANSWERS = {
    # NAND from w = (-0.5, -1) or (-1, -0.5) and b = 1.5: z at (1, 1) is 0, and step(0) = 0; the
    # other three corners give z > 0. Still NAND on all four inputs, the only ones there are.
    ("nand_weights", "w_nand = np.array([[-1.0, -1.0]])", "1.0 -> 0.5"),
    ("nand_weights", "w_nand = np.array([[-1.0, -1.0]])", "1.0 -> 0.5 (occurrence 2)"),
    # k_xor is the fewest mistakes of 10,000 random lines on XOR: 1, since no line makes 0 and
    # almost every family of lines has one making 1. Each change below still yields 1: the most
    # mistakes per line (np.max of 0/1 flags) is 1 for every line; counting right answers
    # instead of mistakes gives min(4 - mistakes) = 1 (a line with 3 mistakes, flipped, has 1);
    # >= or < for >, b dropped or negated, or a threshold of 1 or -1 are other lines still.
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1) -> "
     "np.max((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "(W_lines @ X_xor + b_lines > 0) != Y_xor -> (W_lines @ X_xor + b_lines > 0) == Y_xor"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "W_lines @ X_xor + b_lines > 0 -> W_lines @ X_xor + b_lines >= 0"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "W_lines @ X_xor + b_lines > 0 -> W_lines @ X_xor + b_lines < 0"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "W_lines @ X_xor + b_lines -> W_lines @ X_xor - b_lines"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)",
     "W_lines @ X_xor + b_lines -> W_lines @ X_xor"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)", "0 -> 1"),
    ("xor_min_mistakes", "wrong = np.sum((W_lines @ X_xor + b_lines > 0) != Y_xor, axis=1)", "0 -> -1"),
    # XOR by hand: a weight of 40 for 20, or a bias of -5 for -10, keeps every unit's z at least
    # 5 away from 0 on the four corners, so the network still outputs XOR (within the check's
    # 0.1 of each label, as any saturated solution does).
    ("xor_by_hand", "W1 = np.array([[20.0, -20.0],", "20.0 -> 40.0 (occurrence 2)"),
    ("xor_by_hand", "[-20.0, 20.0]])", "20.0 -> 40.0"),
    ("xor_by_hand", "b1 = np.array([[-10.0], [-10.0]])", "10.0 -> 5.0"),
    ("xor_by_hand", "b1 = np.array([[-10.0], [-10.0]])", "10.0 -> 5.0 (occurrence 2)"),
    ("xor_by_hand", "W2 = np.array([[20.0, 20.0]])", "20.0 -> 40.0"),
    ("xor_by_hand", "W2 = np.array([[20.0, 20.0]])", "20.0 -> 40.0 (occurrence 2)"),
    ("xor_by_hand", "b2 = np.array([[-10.0]])", "10.0 -> 5.0"),
    # Parity of three, the same way: the cuts stay between the counts of inputs switched on and
    # the output's z stays at least 5 away from 0.
    ("parity_weights", "b1 = np.array([[-10.0], [-30.0], [-50.0]])", "10.0 -> 5.0"),
    ("parity_weights", "W2 = np.array([[20.0, -20.0, 20.0]])", "20.0 -> 40.0 (occurrence 3)"),
    ("parity_weights", "b2 = np.array([[-10.0]])", "10.0 -> 5.0"),
    # Exponential decay from 0.6 instead of 0.3 (gamma 0.93) also ends below the target loss
    # within the budget: the exercise asks for any such schedule.
    ("schedule_within_budget",
     'my_schedule = {"schedule": "exponential", "learning_rate": 0.3, "gamma": 0.93}', "0.3 -> 0.6"),
}


@pytest.fixture(scope="module")
def verdicts():
    found = mutants.exercises()
    everything = found + [m for exercise in found for m in mutants.mutants(exercise)]
    return found, mutants.judge(everything)


def _listing(items, judged) -> str:
    return "\n".join(f"  {m.exercise.chapter} {m.key}: {judged[m]['verdict']} {judged[m]['message']}"
                     for m in items)


def test_every_reference_solution_passes_its_check(verdicts):
    found, judged = verdicts
    assert len(found) >= 40
    failing = {e.check: judged[e] for e in found if judged[e]["verdict"] != "passed"}
    assert not failing


def test_every_exercise_with_code_to_change_gets_mutants(verdicts):
    found, judged = verdicts
    counts = collections.Counter(m.exercise.check for m in judged if isinstance(m, mutants.Mutant))
    # The two multiple-choice exercises hold only letters: nothing to change mechanically.
    assert {e.check for e in found} - set(counts) == {"causes_and_remedies", "overfitting_remedies"}
    assert sum(counts.values()) >= 600


def test_every_mutant_is_refused_or_a_listed_survivor(verdicts):
    _, judged = verdicts
    survived = [m for m, v in judged.items() if isinstance(m, mutants.Mutant) and v["verdict"] == "passed"]
    unexplained = [m for m in survived if m.key not in EQUIVALENT | OTHER_RIGHT_ANSWERS]
    assert not unexplained, "mutants the checks accept:\n" + _listing(unexplained, judged)


def test_every_listed_survivor_still_survives(verdicts):
    """A listed survivor that a check now refuses (or a notebook no longer has) leaves the list."""
    _, judged = verdicts
    survived = {m.key for m, v in judged.items() if isinstance(m, mutants.Mutant) and v["verdict"] == "passed"}
    assert (EQUIVALENT | OTHER_RIGHT_ANSWERS) - survived == set()
