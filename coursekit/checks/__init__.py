"""Checks for the chapters' exercises: ``checks.<name>(answer)`` right after each exercise.

A check prints exactly one line when the answer is right::

    ✓ sigmoid: correct

and otherwise raises ``AssertionError`` with a hint that says *what* is wrong:
the type, the shape, the output at a named input, a symmetry, a sign, a
missing 1/m. It never prints the values a correct answer would produce, so it
cannot be used to read off the answer. The expected values come from
coursekit's own tested functions (``activations.step``, ``activations.sigmoid``,
``Perceptron``, ``regression.logistic_gradient``, ``data.logic_gate``), never
from numbers typed into this file.

If the learner's function raises ``NotImplementedError`` (the stub that the
student version puts in every exercise) it passes through unchanged; any other
exception becomes an ``AssertionError`` that says which call failed, chained to
the learner's own traceback.

Adding a check for a new exercise
---------------------------------
Write a function in the chapter's module (``checks/chNN.py``) that starts with ``c = Check("name")``, validates the
answer with ``c.function`` / ``c.call`` / ``c.array`` / ``c.number`` /
``c.count``, compares it with a coursekit reference through ``c.compare``
(listing the common wrong answers as named alternatives, so that each gets a
specific hint), and ends with ``c.passed()``. Then add the reference and a set
of known-wrong answers to the tables of ``tests/checks/test_checks_chNN.py`` (rules in
``tests/checks_harness.py``): a check that accepts a
wrong answer is a bug.
"""
from .ch01 import step_neuron, perceptron_update, nand_weights, count_mistakes, xor_min_mistakes
from .ch01 import collapse_layers, train_perceptron
from .ch02 import xor_by_hand, forward_pass, count_parameters, parity_weights
from .ch03 import sigmoid, vectorised_logistic_gradient
from .ch03 import logistic_cost, logistic_predict, logistic_gradient_by_hand, train_logistic
from .ch04 import output_delta, deltas_by_hand, dimension_table, epoch_arithmetic
from .ch04_backward import two_layer_backward, deep_backward
from .ch05 import max_sigmoid_factor, count_dead_units, init_std, causes_and_remedies, residual_error
from .ch06 import early_stopping_epochs, l2_gradient, inverted_dropout, overfitting_remedies, cross_validated_penalty
from .ch07 import momentum_update, adam_step, schedule_within_budget
from .ch08 import softmax_jacobian, confusion_counts, precision_recall_from_confusion, softmax_regression_step

__all__ = ['step_neuron', 'perceptron_update', 'nand_weights', 'count_mistakes', 'xor_min_mistakes', 'sigmoid', 'vectorised_logistic_gradient']
__all__ += ['logistic_cost', 'logistic_predict', 'logistic_gradient_by_hand', 'train_logistic']
__all__ += ['collapse_layers', 'train_perceptron']
__all__ += ['xor_by_hand', 'forward_pass', 'count_parameters', 'parity_weights']
__all__ += ['output_delta', 'deltas_by_hand', 'dimension_table', 'two_layer_backward', 'epoch_arithmetic', 'deep_backward']
__all__ += ['max_sigmoid_factor', 'count_dead_units', 'init_std', 'causes_and_remedies', 'residual_error']
__all__ += ['early_stopping_epochs', 'l2_gradient', 'inverted_dropout', 'overfitting_remedies', 'cross_validated_penalty']
__all__ += ['momentum_update', 'adam_step', 'schedule_within_budget']
__all__ += ['softmax_jacobian', 'confusion_counts', 'precision_recall_from_confusion', 'softmax_regression_step']
