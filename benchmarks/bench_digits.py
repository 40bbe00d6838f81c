"""Chapter 08's network on the real digits: coursekit against scikit-learn, side by side.

Prints figures; asserts nothing. The workload (issue 6): a 64-32-10 network, ReLU hidden layer,
softmax output with cross-entropy, Adam (learning rate 1e-3, betas 0.9 / 0.999, eps 1e-8, the
defaults of both libraries), mini-batches of 32 reshuffled every epoch, 100 epochs, on the
training split of ``coursekit.data.train_val_test_split(X, y, seed=0)`` (70 / 15 / 15,
stratified), then the accuracy on the test split.

  coursekit  MLP([64, 32, 10], "relu", "softmax", "ce", init="he").fit(..., optimizer="adam")
  sklearn    MLPClassifier(hidden_layer_sizes=(32,), activation="relu", solver="adam", the same
             rate, batch size and epochs, alpha=0 (no L2), early_stopping=False, tol=0 and
             n_iter_no_change larger than the epochs so it runs all 100; its own init
             (Glorot uniform) and its own shuffles. Its softmax output and log-loss are the same
             model and cost. scikit-learn is optional (`pip install -e ".[bench]"`).

Timing: each implementation trains ``--repeats`` times with seeds 0, 1, ..., interleaved and
after a short pause (so one's idle BLAS threads do not slow the other), timed around ``fit``
only; the table gives the minimum wall-clock time (load from other processes only ever adds
time), the median, and the minimum CPU time of the process (BLAS threads included). Accuracy: the test accuracy of each of those runs, and, because a test set of 269
images is itself a sample, the mean test accuracy over ``--splits`` different splits (seeds
0, 1, ...), one training run each.

    python benchmarks/bench_digits.py            # about a minute on an idle 2-core machine
    python benchmarks/bench_digits.py --quick    # 3 repeats, 3 splits
    python benchmarks/bench_digits.py --explorers   # chapter 08's explorer and pad redraw times

``--explorers`` times, in this process, what one control change or one click costs in
``coursekit.widgets.digits`` (training, drawing, PNG encoding; not the widget messages, which
bench_widgets.py measures for the explorers of coursekit.widgets): each control of the digits
explorer moved near its default and over its full range, and clicks on the drawing pad.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import coursekit as ck  # noqa: E402
from coursekit import data, metrics  # noqa: E402

try:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
except ImportError:  # optional comparison
    MLPClassifier = None

SIZES, LEARNING_RATE, BATCH, EPOCHS = [64, 32, 10], 1e-3, 32, 100
SETTLE_SECONDS = 0.2  # long enough for idle BLAS worker threads to stop spinning


def split(seed):
    X, y = data.load_digits()
    return data.train_val_test_split(X, y, seed=seed)


def coursekit_run(train, test, seed):
    """Train once; return ((wall-clock seconds, CPU seconds) in fit, test accuracy)."""
    (X, y), (X_test, y_test) = train, test
    Y = data.one_hot(y.reshape(1, -1), 10)
    net = ck.MLP(SIZES, "relu", "softmax", "ce", init="he", seed=seed)
    start, cpu = time.perf_counter(), time.process_time()
    net.fit(X, Y, learning_rate=LEARNING_RATE, epochs=EPOCHS, batch_size=BATCH,
            optimizer="adam", seed=seed)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return (elapsed, cpu), metrics.accuracy(y_test, net.predict(X_test))


def sklearn_run(train, test, seed):
    (X, y), (X_test, y_test) = train, test
    X_rows = np.ascontiguousarray(X.T)  # sklearn puts samples in rows
    clf = MLPClassifier(hidden_layer_sizes=tuple(SIZES[1:-1]), activation="relu", solver="adam",
                        learning_rate_init=LEARNING_RATE, batch_size=BATCH, max_iter=EPOCHS,
                        shuffle=True, alpha=0.0, tol=0.0, n_iter_no_change=EPOCHS + 1,
                        early_stopping=False, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # running all epochs is the point
        start, cpu = time.perf_counter(), time.process_time()
        clf.fit(X_rows, y)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert clf.n_iter_ == EPOCHS, f"sklearn stopped after {clf.n_iter_} epochs"
    return (elapsed, cpu), metrics.accuracy(y_test, clf.predict(np.ascontiguousarray(X_test.T)))


def settled(run, *args):
    time.sleep(SETTLE_SECONDS)
    return run(*args)


def _ms(action):
    start = time.perf_counter()
    action()
    return 1000 * (time.perf_counter() - start)


def time_explorers():
    """Median and worst redraw of the digits explorer near its defaults and over its ranges,
    and of a click on the drawing pad, in milliseconds."""
    from coursekit import experiments, widgets

    e = widgets.digits_explorer()
    defaults = e.values()
    near = {"hidden_units": [24, 40], "depth": [2, 1], "learning_rate": [0.0126, 0.00794],
            "optimizer": ["rmsprop", "adam"], "l2": [0.005, 0.0], "n_train": [450, 550]}
    full = {"hidden_units": [8, 64], "depth": [0, 3], "learning_rate": [1e-4, 1.0],
            "optimizer": ["sgd", "momentum"], "l2": [0.05], "n_train": [100, 1200]}
    near_ms, full_ms = [], []
    for name, values in near.items():    # each value is a setting not seen before: it trains
        for v in values:
            near_ms.append(_ms(lambda: setattr(e.controls[name], "value", v)))
        e.controls[name].value = defaults[name]
    e = widgets.digits_explorer(depth=3, hidden_units=64)   # the largest network, no cache
    for name, values in full.items():
        for v in values:
            full_ms.append(_ms(lambda: setattr(e.controls[name], "value", v)))
    pad = widgets.drawing_pad(experiments.train_digits(hidden=(32,), learning_rate=1e-3, epochs=100).net)
    clicks = [_ms(pad.cells[k].click) for k in range(0, 64, 3)]
    print("digits_explorer (ms): median near the defaults "
          f"{statistics.median(near_ms):.0f}, worst near the defaults {max(near_ms):.0f}, "
          f"worst over the full ranges (depth 3, 64 units) {max(full_ms):.0f}")
    print(f"drawing_pad (ms): median click {statistics.median(clicks):.0f}, worst {max(clicks):.0f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats and 3 splits")
    parser.add_argument("--repeats", type=int, help="timed runs per implementation (default 5)")
    parser.add_argument("--splits", type=int, help="splits for the mean accuracy (default 5)")
    parser.add_argument("--explorers", action="store_true", help="time chapter 08's explorer and pad instead")
    args = parser.parse_args(argv)
    if args.explorers:
        time_explorers()
        return
    repeats = args.repeats or (3 if args.quick else 5)
    n_splits = args.splits or (3 if args.quick else 5)

    impls = [("coursekit", coursekit_run)]
    print(f"Python {platform.python_version()}, numpy {np.__version__}, coursekit {ck.__version__}")
    if MLPClassifier is None:
        print("scikit-learn is not installed: coursekit only (pip install -e '.[bench]')")
    else:
        import sklearn
        print(f"scikit-learn {sklearn.__version__}")
        impls.append(("sklearn", sklearn_run))
    train, _, test = split(0)
    print(f"workload: {'-'.join(map(str, SIZES))} relu/softmax/ce, Adam lr={LEARNING_RATE}, "
          f"batch {BATCH}, {EPOCHS} epochs, {train[0].shape[1]} training / {test[0].shape[1]} "
          f"test images (split seed 0)\n")

    times = {name: [] for name, _ in impls}
    accs = {name: [] for name, _ in impls}
    for seed in range(repeats):  # interleaved, so a busy spell does not land on one only
        for name, run in impls:
            t, a = settled(run, train, test, seed)
            times[name].append(t)
            accs[name].append(a)

    wall = {name: [t[0] for t in ts] for name, ts in times.items()}
    cpu = {name: [t[1] for t in ts] for name, ts in times.items()}
    print(f"{'':10} {'min s':>7} {'median s':>9} {'min CPU s':>10}   test accuracy per run (split 0)")
    for name, _ in impls:
        print(f"{name:10} {min(wall[name]):7.2f} {statistics.median(wall[name]):9.2f} "
              f"{min(cpu[name]):10.2f}   " + " ".join(f"{a:.1%}" for a in accs[name]))
    if "sklearn" in times:
        # CPU time counts the BLAS threads too; it is the figure less exposed to other processes.
        print(f"\ncoursekit / scikit-learn: {min(wall['coursekit']) / min(wall['sklearn']):.2f} of the "
              f"wall-clock time, {min(cpu['coursekit']) / min(cpu['sklearn']):.2f} of the CPU time "
              "(target: 0.5 or less)")

    print(f"\nmean test accuracy over {n_splits} splits (seeds 0-{n_splits - 1}, training seed 0):")
    for name, run in impls:
        per_split = []
        for s in range(n_splits):
            tr, _, te = split(s)
            per_split.append(settled(run, tr, te, 0)[1])
        print(f"{name:10} {np.mean(per_split):.1%}   (" + ", ".join(f"{a:.1%}" for a in per_split) + ")")


if __name__ == "__main__":
    main()
