"""Bad input: every public function refuses it with a TypeError or ValueError whose
message names the argument, says what was expected and, where it helps, how to fix it.

Each case is ``target: what``; the last test checks that every public function of
coursekit appears as a target at least once, so a new function needs a case here.
"""
import inspect

import numpy as np
import pytest

import coursekit as ck
from coursekit import activations, data, gradcheck, losses, regression

X2, Y1 = data.make_xor(10)                         # X (2, 10), Y (1, 10) of 0/1
Y_BAD = Y1.copy()
Y_BAD[0, 3] = 2.0                                  # a label outside {0, 1}
X_NAN = X2.copy()
X_NAN[1, 4] = np.nan
Y_INF = Y1.copy()
Y_INF[0, 0] = np.inf
W1 = np.ones((2, 1))                               # a column of weights for 2 features


def _after_forward(net):
    net.forward(X2)
    return net


def _fitted_perceptron():
    return ck.Perceptron(2).fit(*data.logic_gate("and"), epochs=3)


def case(target, what, exc, match, call):
    return pytest.param(call, exc, match, id=f"{target}: {what}")


CASES = [
    # ------------------------------------------------------------- MLP
    case("MLP.forward", "X as (m, n) suggests X.T", ValueError,
         r"X must be \(n_features, m\) = \(2, m\); got \(10, 2\)\. Did you mean X\.T\?",
         lambda: ck.MLP([2, 1]).forward(X2.T)),
    case("MLP.forward", "rank-1 X", ValueError,
         r"X must be a 2-D array .*got shape \(10,\)\. A rank-1 array is ambiguous: use X\.reshape\(1, -1\)",
         lambda: ck.MLP([2, 1]).forward(X2[0])),
    case("MLP.forward", "strings", TypeError, r"X must be a 2-D numeric array .*got str 'abc'",
         lambda: ck.MLP([2, 1]).forward("abc")),
    case("MLP.forward", "None", TypeError, r"X must be a 2-D numeric array .*got NoneType None",
         lambda: ck.MLP([2, 1]).forward(None)),
    case("MLP.forward", "numbers written as strings", TypeError, r"X must be a 2-D numeric array .*cannot be read as real numbers",
         lambda: ck.MLP([2, 1]).forward([["1", "2"], ["3", "4"]])),
    case("MLP.forward", "None inside a list", TypeError, r"X must be a 2-D numeric array",
         lambda: ck.MLP([2, 1]).forward([[1.0, None], [0.0, 1.0]])),
    case("MLP.forward", "complex numbers", TypeError, r"X must be a 2-D numeric array",
         lambda: ck.MLP([2, 1]).forward(X2 + 1j)),
    case("MLP.forward", "NaN in X", ValueError, r"X must contain only finite numbers; it holds 1 NaN or inf",
         lambda: ck.MLP([2, 1]).forward(X_NAN)),
    case("MLP.forward", "empty X", ValueError, r"X must not be empty; got shape \(2, 0\)",
         lambda: ck.MLP([2, 1]).forward(np.zeros((2, 0)))),
    case("MLP.backward", "before forward", RuntimeError, r"backward needs a forward pass first: call net\.forward\(X\)",
         lambda: ck.MLP([2, 1]).backward(Y1)),
    case("MLP.backward", "Y with another number of samples", ValueError,
         r"X and Y must have the same number of samples \(columns\); got 10 and 9",
         lambda: (lambda n: (n.forward(X2), n.backward(Y1[:, :9])))(ck.MLP([2, 1]))),
    case("MLP.__init__", "unknown hidden activation", ValueError,
         r"unknown hidden_activation 'swish'; valid names are \['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear'\]",
         lambda: ck.MLP([2, 1], hidden_activation="swish")),
    case("MLP.__init__", "unknown output activation", ValueError,
         r"unknown output_activation 'swish'; valid names are \[.*'softmax'", lambda: ck.MLP([2, 1], output_activation="swish")),
    case("MLP.__init__", "unknown loss", ValueError, r"unknown loss 'hinge'; valid names are \['bce', 'mse', 'ce'\]",
         lambda: ck.MLP([2, 1], loss="hinge")),
    case("MLP.__init__", "unknown init", ValueError,
         r"unknown init 'glorot'; valid names are \['xavier', 'he', 'normal', 'zeros'\]",
         lambda: ck.MLP([2, 1], init="glorot")),
    case("MLP.__init__", "activation given as a non-string", TypeError, r"hidden_activation must be one of",
         lambda: ck.MLP([2, 1], hidden_activation=None)),
    case("MLP.__init__", "softmax as hidden activation", ValueError,
         r"hidden_activation='softmax' is not allowed: softmax couples all units of a layer and belongs to the output layer",
         lambda: ck.MLP([2, 3, 2], hidden_activation="softmax", output_activation="softmax", loss="ce")),
    case("MLP.__init__", "step as hidden activation", ValueError,
         r"hidden_activation='step' is not allowed: the step function has zero derivative everywhere.*Perceptron",
         lambda: ck.MLP([2, 3, 1], hidden_activation="step")),
    case("MLP.__init__", "step as output activation", ValueError,
         r"output_activation='step' is not allowed: the step function has zero derivative everywhere",
         lambda: ck.MLP([2, 1], output_activation="step")),
    case("MLP.__init__", "bce with a linear output", ValueError,
         r"output_activation='linear' does not pair with loss='bce'; that loss takes output_activation in \['sigmoid'\]",
         lambda: ck.MLP([2, 1], output_activation="linear", loss="bce")),
    case("MLP.__init__", "ce with a sigmoid output", ValueError,
         r"output_activation='sigmoid' does not pair with loss='ce'.*\['softmax'\]",
         lambda: ck.MLP([2, 2], output_activation="sigmoid", loss="ce")),
    case("MLP.__init__", "softmax with one output unit", ValueError, r"a softmax output needs at least 2 output units",
         lambda: ck.MLP([2, 1], output_activation="softmax", loss="ce")),
    case("MLP.__init__", "empty layer_sizes", ValueError, r"layer_sizes must list at least an input size and an output size",
         lambda: ck.MLP([])),
    case("MLP.__init__", "one layer size", ValueError, r"layer_sizes must list at least .*got \[2\]",
         lambda: ck.MLP([2])),
    case("MLP.__init__", "layer_sizes as a number", TypeError, r"layer_sizes must be a list of layer widths",
         lambda: ck.MLP(3)),
    case("MLP.__init__", "layer_sizes as a string", TypeError, r"layer_sizes must be a list of layer widths",
         lambda: ck.MLP("241")),
    case("MLP.__init__", "zero-width layer", ValueError, r"layer_sizes\[1\] must be at least 1; got 0",
         lambda: ck.MLP([2, 0, 1])),
    case("MLP.__init__", "fractional width", TypeError, r"layer_sizes\[1\] must be an integer; got 2\.5",
         lambda: ck.MLP([2, 2.5, 1])),
    case("MLP.__init__", "bool width", TypeError, r"layer_sizes\[0\] must be an integer; got bool True",
         lambda: ck.MLP([True, 1])),
    case("MLP.__init__", "bool seed", TypeError, r"seed must be an integer; got bool",
         lambda: ck.MLP([2, 1], seed=True)),
    case("MLP.__init__", "negative init_scale", ValueError, r"init_scale must be at least 0",
         lambda: ck.MLP([2, 1], init_scale=-1.0)),
    case("MLP.fit", "zero learning rate", ValueError, r"learning_rate must be greater than 0",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, learning_rate=0, epochs=1)),
    case("MLP.fit", "negative learning rate", ValueError, r"learning_rate must be greater than 0.*got -0\.1",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, learning_rate=-0.1, epochs=1)),
    case("MLP.fit", "learning rate as a string", TypeError, r"learning_rate must be a number; got str '0\.1'",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, learning_rate="0.1", epochs=1)),
    case("MLP.fit", "infinite learning rate", ValueError, r"learning_rate must be finite",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, learning_rate=np.inf, epochs=1)),
    case("MLP.fit", "negative epochs", ValueError, r"epochs must be at least 0; got -1",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, epochs=-1)),
    case("MLP.fit", "bool epochs", TypeError, r"epochs must be an integer; got bool True",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, epochs=True)),
    case("MLP.fit", "fractional epochs", TypeError, r"epochs must be an integer; got 2\.5",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, epochs=2.5)),
    case("MLP.fit", "zero batch size", ValueError, r"batch_size must be at least 1; got 0",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, batch_size=0)),
    case("MLP.fit", "bool batch size", TypeError, r"batch_size must be an integer; got bool",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, batch_size=True)),
    case("MLP.fit", "labels outside {0, 1} for bce", ValueError,
         r"Y must hold labels in \{0, 1\} for loss=\"bce\"; found \[2\.0\]",
         lambda: ck.MLP([2, 1]).fit(X2, Y_BAD, 0.1, 1)),
    case("MLP.fit", "non-one-hot Y for ce", ValueError, r"Y must be one-hot: each column holds a single 1.*data\.one_hot",
         lambda: ck.MLP([2, 2], output_activation="softmax", loss="ce").fit(X2, np.vstack([Y1, Y1]), 0.1, 1)),
    case("MLP.fit", "class indices given for ce", ValueError, r"Y must be \(n_L, m\) = \(3, m\); got \(1, 10\)",
         lambda: ck.MLP([2, 3], output_activation="softmax", loss="ce").fit(X2, Y1, 0.1, 1)),
    case("MLP.fit", "NaN in X", ValueError, r"X must contain only finite numbers",
         lambda: ck.MLP([2, 1]).fit(X_NAN, Y1, 0.1, 1)),
    case("MLP.fit", "inf in Y", ValueError, r"Y must contain only finite numbers",
         lambda: ck.MLP([2, 1], output_activation="linear", loss="mse").fit(X2, Y_INF, 0.1, 1)),
    case("MLP.fit", "mismatched sample counts", ValueError,
         r"X and Y must have the same number of samples \(columns\); got 10 and 8",
         lambda: ck.MLP([2, 1]).fit(X2, Y1[:, :8], 0.1, 1)),
    case("MLP.fit", "X_val without Y_val", ValueError, r"X_val and Y_val go together",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, X_val=X2)),
    case("MLP.fit", "Y_val with bad labels", ValueError, r"Y_val must hold labels in \{0, 1\}",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, X_val=X2, Y_val=Y_BAD)),
    case("MLP.fit", "X_val transposed", ValueError, r"X_val must be .*got \(10, 2\)\. Did you mean X_val\.T\?",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, X_val=X2.T, Y_val=Y1)),
    case("MLP.fit", "negative l2", ValueError, r"l2 must be at least 0",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, l2=-0.1)),
    case("MLP.fit", "l1 as a string", TypeError, r"l1 must be a number",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, l1="0.1")),
    case("MLP.fit", "dropout of 1", ValueError, r"dropout is the probability of dropping a unit and must be below 1",
         lambda: ck.MLP([2, 3, 1]).fit(X2, Y1, 0.1, 1, dropout=1.0)),
    case("MLP.fit", "negative dropout", ValueError, r"dropout must be at least 0",
         lambda: ck.MLP([2, 3, 1]).fit(X2, Y1, 0.1, 1, dropout=-0.5)),
    case("MLP.fit", "early stopping without validation data", ValueError,
         r"early_stopping needs validation data: pass X_val and Y_val",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, early_stopping=5)),
    case("MLP.fit", "zero patience", ValueError, r"early_stopping must be at least 1",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, X_val=X2, Y_val=Y1, early_stopping=0)),
    case("MLP.fit", "zero max_grad_norm", ValueError, r"max_grad_norm must be greater than 0",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, max_grad_norm=0)),
    case("MLP.fit", "divergence factor below 1", ValueError, r"divergence_factor must be at least 1",
         lambda: ck.MLP([2, 1]).fit(X2, Y1, 0.1, 1, divergence_factor=0.5)),
    case("MLP.backward", "negative l2", ValueError, r"l2 must be at least 0",
         lambda: _after_forward(ck.MLP([2, 1])).backward(Y1, l2=-1)),
    case("MLP.cost", "negative l1", ValueError, r"l1 must be at least 0",
         lambda: ck.MLP([2, 1]).cost(X2, Y1, l1=-1)),
    case("MLP.cost", "labels outside {0, 1}", ValueError, r"Y must hold labels in \{0, 1\}",
         lambda: ck.MLP([2, 1]).cost(X2, Y_BAD)),
    case("MLP.cost", "Y transposed", ValueError, r"Y must be \(n_L, m\) = \(1, m\); got \(10, 1\)\. Did you mean Y\.T\?",
         lambda: ck.MLP([2, 1]).cost(X2, Y1.T)),
    case("MLP.predict", "wrong number of features", ValueError, r"X must be \(n_features, m\) = \(3, m\); got \(2, 10\)",
         lambda: ck.MLP([3, 1]).predict(X2)),
    case("MLP.predict_proba", "None", TypeError, r"X must be a 2-D numeric array",
         lambda: ck.MLP([2, 1]).predict_proba(None)),
    case("MLP.set_params", "not a list of pairs", TypeError, r"params must be a list of 1 \(W, b\) pairs; got str",
         lambda: ck.MLP([2, 1]).set_params("weights")),
    case("MLP.set_params", "a pair of the wrong shape", ValueError, r"b1 must be \(n_l, 1\) = \(1, 1\); got \(2, 1\)",
         lambda: ck.MLP([2, 1]).set_params([(np.ones((1, 2)), np.ones((2, 1)))])),
    # ------------------------------------------------------------- Perceptron
    case("Perceptron.__init__", "zero inputs", ValueError, r"n_inputs must be at least 1; got 0",
         lambda: ck.Perceptron(n_inputs=0)),
    case("Perceptron.__init__", "bool outputs", TypeError, r"n_outputs must be an integer; got bool True",
         lambda: ck.Perceptron(2, n_outputs=True)),
    case("Perceptron.__init__", "zero learning rate", ValueError, r"learning_rate must be greater than 0",
         lambda: ck.Perceptron(2, learning_rate=0.0)),
    case("Perceptron.__init__", "unknown init", ValueError, r"unknown init 'gaussian'; valid names are \['zeros', 'random'\]",
         lambda: ck.Perceptron(2, init="gaussian")),
    case("Perceptron.__init__", "init as a non-string", TypeError, r"init must be one of \['zeros', 'random'\]",
         lambda: ck.Perceptron(2, init=0)),
    case("Perceptron.__init__", "negative seed", ValueError, r"seed must be at least 0; got -1",
         lambda: ck.Perceptron(2, seed=-1)),
    case("Perceptron.fit", "X transposed", ValueError, r"X must be .*\(2, m\); got \(10, 2\)\. Did you mean X\.T\?",
         lambda: ck.Perceptron(2).fit(X2.T, Y1)),
    case("Perceptron.fit", "labels outside {0, 1}", ValueError, r"Y must hold labels in \{0, 1\} for a perceptron; found \[2\.0\]",
         lambda: ck.Perceptron(2).fit(X2, Y_BAD)),
    case("Perceptron.fit", "mismatched sample counts", ValueError, r"X and Y must have the same number of samples",
         lambda: ck.Perceptron(2).fit(X2, Y1[:, :5])),
    case("Perceptron.fit", "negative epochs", ValueError, r"epochs must be at least 0",
         lambda: ck.Perceptron(2).fit(X2, Y1, epochs=-3)),
    case("Perceptron.predict", "rank-1 X", ValueError, r"A rank-1 array is ambiguous: use X\.reshape\(1, -1\)",
         lambda: ck.Perceptron(2).predict(np.array([0.0, 1.0]))),
    case("Perceptron.weights_at", "negative k", ValueError, r"k must be at least 0; got -1",
         lambda: _fitted_perceptron().weights_at(-1)),
    case("Perceptron.weights_at", "k past the last visit", ValueError, r"k must be at most 4; got 5",
         lambda: ck.Perceptron(2).fit(*data.logic_gate("and"), epochs=1).weights_at(5)),
    case("Perceptron.weights_at", "bool k", TypeError, r"k must be an integer; got bool",
         lambda: _fitted_perceptron().weights_at(True)),
    # ------------------------------------------------------------- data
    case("data.logic_gate", "unknown gate", ValueError, r"unknown gate 'nxor'; valid names are \['and', 'or', 'nand', 'nor', 'xor', 'xnor'\]",
         lambda: data.logic_gate("nxor")),
    case("data.logic_gate", "gate as a number", TypeError, r"gate must be one of \['and'", lambda: data.logic_gate(3)),
    case("data.one_hot", "rank-1 labels", ValueError, r"labels must be a 2-D array .*use labels\.reshape\(1, -1\)",
         lambda: data.one_hot(np.array([0, 1, 2]))),
    case("data.one_hot", "negative labels", ValueError, r"labels must be non-negative whole numbers",
         lambda: data.one_hot([[0, -1]])),
    case("data.one_hot", "fractional labels", ValueError, r"labels must be non-negative whole numbers",
         lambda: data.one_hot([[0, 1.5]])),
    case("data.one_hot", "k too small", ValueError, r"k must be at least 3; got 2", lambda: data.one_hot([[0, 2]], k=2)),
    case("data.make_xor", "too few samples", ValueError, r"n_samples must be at least 2; got 1",
         lambda: data.make_xor(n_samples=1)),
    case("data.make_xor", "bool n_samples", TypeError, r"n_samples must be an integer; got bool True",
         lambda: data.make_xor(n_samples=True)),
    case("data.make_moons", "negative noise", ValueError, r"noise must be at least 0\.0; got -0\.1",
         lambda: data.make_moons(noise=-0.1)),
    case("data.make_moons", "noise as a string", TypeError, r"noise must be a number; got str 'big'",
         lambda: data.make_moons(noise="big")),
    case("data.make_circles", "factor 0", ValueError, r"factor must be greater than 0\.0; got 0",
         lambda: data.make_circles(factor=0)),
    case("data.make_circles", "factor above 1", ValueError, r"factor must be at most 1\.0; got 1\.5",
         lambda: data.make_circles(factor=1.5)),
    case("data.make_circles", "fractional seed", TypeError, r"seed must be an integer; got 1\.5",
         lambda: data.make_circles(seed=1.5)),
    case("data.make_spirals", "one class", ValueError, r"n_classes must be at least 2; got 1",
         lambda: data.make_spirals(n_classes=1)),
    case("data.make_spirals", "zero turns", ValueError, r"turns must be greater than 0\.0",
         lambda: data.make_spirals(turns=0)),
    case("data.make_blobs", "zero centres", ValueError, r"centers must be at least 1; got 0",
         lambda: data.make_blobs(centers=0)),
    case("data.make_blobs", "bool centres", TypeError, r"centers must be an integer; got bool True",
         lambda: data.make_blobs(centers=True)),
    case("data.make_blobs", "centres as (k, 2)", ValueError, r"centers must be \(2, k\) with one centre per column = \(2, k\); got \(3, 2\)\. Did you mean centers\.T\?",
         lambda: data.make_blobs(centers=np.zeros((3, 2)))),
    case("data.make_blobs", "rank-1 centres", ValueError, r"centers must be a 2-D array .*rank-1",
         lambda: data.make_blobs(centers=np.array([1.0, 2.0]))),
    case("data.make_blobs", "negative std", ValueError, r"^std must be at least 0\.0; got -1\.0",
         lambda: data.make_blobs(std=-1.0)),
    # ------------------------------------------------------------- regression
    case("regression.polynomial_features", "x with two rows", ValueError, r"x must be \(1, m\) = \(1, m\); got \(2, 10\)",
         lambda: regression.polynomial_features(X2, 3)),
    case("regression.polynomial_features", "degree 0", ValueError, r"degree must be at least 1; got 0",
         lambda: regression.polynomial_features(Y1, 0)),
    case("regression.polynomial_features", "bool degree", TypeError, r"degree must be an integer; got bool",
         lambda: regression.polynomial_features(Y1, True)),
    case("regression.least_squares", "negative l2", ValueError, r"l2 must be at least 0",
         lambda: regression.least_squares(X2, Y1, l2=-1.0)),
    case("regression.least_squares", "X with samples as rows", ValueError,
         r"X and Y must have the same number of samples \(columns\); got X \(10, 2\) and Y \(1, 10\)",
         lambda: regression.least_squares(X2.T, Y1)),
    case("regression.normal_equations", "Y as a column", ValueError, r"Y must be \(1, m\) = \(1, m\); got \(10, 1\)\. Did you mean Y\.T\?",
         lambda: regression.normal_equations(X2, Y1.T)),
    case("regression.normal_equations", "mismatched sample counts", ValueError,
         r"X and Y must have the same number of samples \(columns\); got X \(2, 10\) and Y \(1, 9\)",
         lambda: regression.normal_equations(X2, Y1[:, :9])),
    case("regression.normal_equations", "singular X", ValueError, r"the normal equations have no unique solution: the rows of X are linearly dependent",
         lambda: regression.normal_equations(np.vstack([X2[0], X2[0]]), Y1)),
    case("regression.linear_gradient", "rank-1 w", ValueError, r"w must be a 2-D array .*w\.reshape\(-1, 1\)",
         lambda: regression.linear_gradient(np.ones(2), 0.0, X2, Y1)),
    case("regression.linear_gradient", "w as a row", ValueError, r"w must be a column \(n_x, 1\) = \(2, 1\); got \(1, 2\)\. Did you mean w\.T\?",
         lambda: regression.linear_gradient(np.ones((1, 2)), 0.0, X2, Y1)),
    case("regression.linear_gradient", "b as a string", TypeError, r"b must be a number; got str '0'",
         lambda: regression.linear_gradient(W1, "0", X2, Y1)),
    case("regression.linear_gradient", "unknown loss", ValueError, r"unknown loss 'huber'; valid names are \['mse', 'mae'\]",
         lambda: regression.linear_gradient(W1, 0.0, X2, Y1, loss="huber")),
    case("regression.linear_regression_gd", "zero learning rate", ValueError, r"learning_rate must be greater than 0",
         lambda: regression.linear_regression_gd(X2, Y1, 0.0, 10)),
    case("regression.linear_regression_gd", "negative iterations", ValueError, r"iterations must be at least 0; got -5",
         lambda: regression.linear_regression_gd(X2, Y1, 0.1, -5)),
    case("regression.linear_regression_gd", "unknown loss", ValueError, r"unknown loss 'l1'; valid names are \['mse', 'mae'\]",
         lambda: regression.linear_regression_gd(X2, Y1, 0.1, 5, loss="l1")),
    case("regression.linear_regression_gd", "NaN in Y", ValueError, r"Y must contain only finite numbers",
         lambda: regression.linear_regression_gd(X2, Y1 * np.nan, 0.1, 5)),
    case("regression.logistic_gradient", "labels outside {0, 1}", ValueError,
         r"Y must hold labels in \{0, 1\} for logistic regression; found \[2\.0\]",
         lambda: regression.logistic_gradient(W1, 0.0, X2, Y_BAD)),
    case("regression.logistic_gradient_loop", "labels outside {0, 1}", ValueError,
         r"Y must hold labels in \{0, 1\} for logistic regression",
         lambda: regression.logistic_gradient_loop(W1, 0.0, X2, Y_BAD)),
    case("regression.logistic_gradient_loop", "w of the wrong length", ValueError, r"w must be a column \(n_x, 1\) = \(2, 1\); got \(3, 1\)",
         lambda: regression.logistic_gradient_loop(np.ones((3, 1)), 0.0, X2, Y1)),
    case("regression.logistic_regression", "bool iterations", TypeError, r"iterations must be an integer; got bool",
         lambda: regression.logistic_regression(X2, Y1, 0.1, True)),
    case("regression.logistic_regression", "negative learning rate", ValueError, r"learning_rate must be greater than 0",
         lambda: regression.logistic_regression(X2, Y1, -1.0, 10)),
    # ------------------------------------------------------------- losses
    case("losses.bce", "shape mismatch", ValueError, r"A and Y must have the same shape \(n_L, m\); got A \(1, 10\) and Y \(1, 9\)",
         lambda: losses.bce(Y1, Y1[:, :9])),
    case("losses.bce", "None", TypeError, r"A must be a 2-D numeric array", lambda: losses.bce(None, Y1)),
    case("losses.mse", "rank-1 A", ValueError, r"A must be a 2-D array .*rank-1", lambda: losses.mse(Y1[0], Y1)),
    case("losses.ce", "NaN in Y", ValueError, r"Y must contain only finite numbers", lambda: losses.ce(Y1, Y1 * np.nan)),
    case("losses.bce_from_logits", "strings", TypeError, r"Z must be a 2-D numeric array", lambda: losses.bce_from_logits("z", Y1)),
    case("losses.ce_from_logits", "rank-1 Z", ValueError, r"Z must be a 2-D array .*rank-1",
         lambda: losses.ce_from_logits(np.zeros(10), Y1)),
    case("losses.bce_grad", "shape mismatch", ValueError, r"A and Y must have the same shape", lambda: losses.bce_grad(Y1, X2)),
    case("losses.mse_grad", "None", TypeError, r"Y must be a 2-D numeric array", lambda: losses.mse_grad(Y1, None)),
    case("losses.ce_grad", "rank-1 Y", ValueError, r"Y must be a 2-D array", lambda: losses.ce_grad(Y1, Y1[0])),
    case("losses.loss", "unknown loss", ValueError, r"unknown loss 'hinge'; valid names are \['bce', 'mse', 'ce'\]",
         lambda: losses.loss("hinge", Y1, Y1)),
    case("losses.get", "loss as a non-string", TypeError, r"loss must be one of \['bce', 'mse', 'ce'\]",
         lambda: losses.get(None)),
    # ------------------------------------------------------------- activations
    case("activations.activation", "unknown name", ValueError,
         r"unknown activation 'swish'; valid names are \['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax', 'step'\]",
         lambda: activations.activation("swish", X2)),
    case("activations.activation", "Z as a string", TypeError, r"Z must be a numeric array of pre-activations z; got str 'abc'",
         lambda: activations.activation("relu", "abc")),
    case("activations.activation", "softmax of a single number", ValueError, r"Z must have at least one dimension for softmax",
         lambda: activations.activation("softmax", 3.0)),
    case("activations.derivative", "Z is None", TypeError, r"Z must be a numeric array .*got NoneType None",
         lambda: activations.derivative("tanh", None)),
    case("activations.derivative", "unknown name", ValueError, r"unknown activation 'ReLU'; valid names are",
         lambda: activations.derivative("ReLU", X2)),
    case("activations.get", "name as a non-string", TypeError, r"activation must be one of \['sigmoid'",
         lambda: activations.get(1)),
    # ------------------------------------------------------------- gradcheck
    case("gradcheck.relative_error", "strings", TypeError, r"a must be a numeric array; got str 'x'",
         lambda: gradcheck.relative_error("x", [1.0])),
    case("gradcheck.relative_error", "None", TypeError, r"b must be a numeric array; got NoneType None",
         lambda: gradcheck.relative_error([1.0], None)),
    case("gradcheck.relative_error", "different sizes", ValueError, r"a and b must have the same number of entries; got 2 and 3",
         lambda: gradcheck.relative_error([1.0, 2.0], [1.0, 2.0, 3.0])),
    case("gradcheck.numerical_gradient", "f not callable", TypeError, r"f must be a function of no arguments",
         lambda: gradcheck.numerical_gradient(1.0, np.zeros(2))),
    case("gradcheck.numerical_gradient", "theta as a list", TypeError, r"theta must be a float64 numpy array",
         lambda: gradcheck.numerical_gradient(lambda: 0.0, [0.0, 1.0])),
    case("gradcheck.numerical_gradient", "zero eps", ValueError, r"eps must be greater than 0\.0; got 0",
         lambda: gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), eps=0)),
    case("gradcheck.gradient_check", "a perceptron is not an MLP", TypeError, r"net must be a network with forward, backward, cost and params.*Perceptron",
         lambda: gradcheck.gradient_check(ck.Perceptron(2), X2, Y1)),
    case("gradcheck.gradient_check", "X transposed", ValueError, r"Did you mean X\.T\?",
         lambda: gradcheck.gradient_check(ck.MLP([2, 1]), X2.T, Y1)),
]


@pytest.mark.parametrize("call,exc,match", CASES)
def test_bad_input_is_refused_with_a_clear_message(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def _public_functions():
    """Every public function and method the contract exposes, as 'module.name' / 'Class.method'."""
    names = {f"activations.{n}" for n in ("activation", "derivative", "get")}  # the rest are raw kernels
    for module in (data, regression, losses, gradcheck):
        short = module.__name__.rsplit(".", 1)[1]
        names |= {f"{short}.{n}" for n, f in vars(module).items()
                  if inspect.isfunction(f) and f.__module__ == module.__name__ and not n.startswith("_")}
    for cls in (ck.MLP, ck.Perceptron):
        names |= {f"{cls.__name__}.{n}" for n, f in vars(cls).items()
                  if inspect.isfunction(f) and (not n.startswith("_") or n == "__init__") and n != "__repr__"
                  and len(inspect.signature(f).parameters) > 1}  # methods taking only self have no input
    return names


def test_every_public_function_has_a_bad_input_case():
    """A public function without a case above has untested validation: add one."""
    covered = {p.id.split(":")[0] for p in CASES}
    missing = _public_functions() - covered
    assert not missing, f"no bad-input case for {sorted(missing)}"
    assert len(_public_functions()) > 40  # the enumeration itself found the functions
