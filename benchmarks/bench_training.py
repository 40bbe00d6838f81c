"""How fast does coursekit train? Prints figures; asserts nothing.

Two workloads:

  small  full-batch gradient descent, 2-16-16-1 sigmoid network, loss "bce",
         1,000 samples of make_moons, 2,000 epochs (2,000 tiny updates: measures
         per-step Python overhead)
  wide   mini-batch (256) gradient descent, 784-256-256-10 ReLU network with a
         softmax output and loss "ce", 4,096 random samples, 2 epochs (32 big
         updates: measures the matrix products)

and four implementations of each:

  coursekit     MLP.fit, including its input checks and its History bookkeeping
  bare numpy    a hand-written loop doing the same arithmetic as MLP.fit (same
                forward, same A*(1-A)-style backward, same loss per step, same
                update, same shuffles and batches) and nothing else
  torch         PyTorch CPU, float64, autograd + manual SGD, same initial
                weights and batches, as many threads as numpy's BLAS uses
  sklearn       MLPClassifier(solver="sgd"), same sizes, step size and batch
                size, no momentum, no L2, no early stopping (its own init)

Each implementation runs once untimed (warm-up, and the loss check), then
``repeats`` timed runs, interleaved across implementations so a busy spell on
the machine does not land on one of them only. Before every run the script
sleeps briefly: numpy's OpenBLAS threads keep spinning for a moment after a
product, and a torch run started right after a numpy run loses about 20% to
them on a 2-core machine. The table gives the minimum (the figure to compare:
load from other processes only ever adds time) and the median in seconds, and
each divided by the bare numpy loop's.
"coursekit / bare" is the figure that measures coursekit's own overhead.

    python benchmarks/bench_training.py            # about a minute on an idle machine
    python benchmarks/bench_training.py --quick    # fewer repeats, about 20 s

On a busy machine a run can take much longer (torch's worker threads suffer
most when other processes hold the cores), so each workload stops starting
new rounds of repeats after ``--budget`` seconds; the "runs" column says how
many timed runs each figure rests on.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import coursekit as ck  # noqa: E402
from coursekit import data  # noqa: E402

try:
    import torch
except ImportError:  # optional comparison
    torch = None
try:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
except ImportError:  # optional comparison
    MLPClassifier = None


# ------------------------------------------------------------------ workloads
@dataclass
class Workload:
    name: str
    sizes: list
    hidden: str
    output: str
    loss: str
    init: str
    learning_rate: float
    epochs: int
    batch_size: int | None
    X: np.ndarray
    Y: np.ndarray

    @property
    def description(self):
        batch = "full batch" if self.batch_size is None else f"batch {self.batch_size}"
        return (f"{'-'.join(map(str, self.sizes))} {self.hidden}/{self.output}/{self.loss}, "
                f"m={self.X.shape[1]}, {batch}, {self.epochs} epochs, lr={self.learning_rate}")


def workloads():
    X_small, Y_small = data.make_moons(1000, noise=0.2, seed=0)
    rng = np.random.default_rng(0)
    X_wide = rng.standard_normal((784, 4096))
    Y_wide = data.one_hot(rng.integers(0, 10, size=(1, 4096)), 10)
    return [
        Workload("small", [2, 16, 16, 1], "sigmoid", "sigmoid", "bce", "xavier",
                 0.5, 2000, None, X_small, Y_small),
        Workload("wide", [784, 256, 256, 10], "relu", "softmax", "ce", "he",
                 0.05, 2, 256, X_wide, Y_wide),
    ]


def initial_params(w):
    """The weights every implementation except sklearn starts from (coursekit's init)."""
    net = ck.MLP(w.sizes, w.hidden, w.output, w.loss, init=w.init, seed=0)
    return [(W.copy(), b.copy()) for W, b in net.params]


# ------------------------------------------------------------ implementations
# Each takes a workload, returns a function that trains once from the same
# initial weights and returns (seconds, last epoch's training loss, final params).
# Building the network and copying the weights happens outside the timing.

def coursekit_fit(w):
    params = initial_params(w)

    def run():
        net = ck.MLP(w.sizes, w.hidden, w.output, w.loss, init=w.init, seed=0)
        net.set_params(params)
        start = time.perf_counter()
        history = net.fit(w.X, w.Y, w.learning_rate, w.epochs, batch_size=w.batch_size, seed=0)
        elapsed = time.perf_counter() - start
        if history.diverged:
            print(f"  warning: coursekit diverged on {w.name}; pick a smaller learning rate")
        return elapsed, history.loss[-1], net.params
    return run


def _sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-np.clip(Z, -500.0, 500.0)))


def _relu(Z):
    return np.maximum(Z, 0.0)


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _bce_from_logits(Z, Y):
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / Y.shape[1])


def _ce_from_logits(Z, Y):
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_a = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_a) / Y.shape[1])


BARE = {  # hidden activation -> (g, g' written with a = g(z))
    "sigmoid": (_sigmoid, lambda A: A * (1.0 - A)),
    "relu": (_relu, lambda A: (A > 0).astype(np.float64)),
}
BARE_OUT = {"sigmoid": (_sigmoid, _bce_from_logits), "softmax": (_softmax, _ce_from_logits)}


def bare_numpy(w):
    g, g_prime = BARE[w.hidden]
    g_out, loss_from_logits = BARE_OUT[w.output]  # both pairings have delta^L = a^L - y
    params = initial_params(w)
    X, Y, lr, m = w.X, w.Y, w.learning_rate, w.X.shape[1]
    starts = [0] if w.batch_size is None else range(0, m, w.batch_size)

    def run():
        Ws = [W.copy() for W, _ in params]
        bs = [b.copy() for _, b in params]
        L = len(Ws)
        start = time.perf_counter()
        rng = np.random.default_rng(0)
        for _ in range(w.epochs):
            epoch_loss = 0.0
            if w.batch_size is not None:
                order = rng.permutation(m)
            for s in starts:
                if w.batch_size is None:
                    Xb, Yb = X, Y
                else:
                    idx = order[s:s + w.batch_size]
                    Xb, Yb = X[:, idx], Y[:, idx]
                mb = Xb.shape[1]
                As = [Xb]
                for l in range(L):
                    Z = Ws[l] @ As[-1] + bs[l]
                    As.append(g(Z) if l < L - 1 else g_out(Z))
                epoch_loss += loss_from_logits(Z, Yb) * mb / m
                delta = As[-1] - Yb
                for l in range(L - 1, -1, -1):
                    dW = delta @ As[l].T / mb
                    db = delta.sum(axis=1, keepdims=True) / mb
                    if l > 0:
                        delta = (Ws[l].T @ delta) * g_prime(As[l])
                    Ws[l] -= lr * dW
                    bs[l] -= lr * db
        elapsed = time.perf_counter() - start
        return elapsed, epoch_loss, list(zip(Ws, bs))
    return run


def torch_sgd(w, time_limit=float("inf")):
    """``time_limit``: give up after that many seconds and return an estimate (see main)."""
    params0 = initial_params(w)
    X, Y = torch.from_numpy(w.X), torch.from_numpy(w.Y)
    lr, m = w.learning_rate, w.X.shape[1]
    starts = [0] if w.batch_size is None else range(0, m, w.batch_size)
    total_steps = w.epochs * len(starts)
    hidden = {"sigmoid": torch.sigmoid, "relu": torch.relu}[w.hidden]

    def loss_fn(Z, Yb):
        if w.loss == "bce":
            return torch.nn.functional.binary_cross_entropy_with_logits(Z, Yb)
        return -(Yb * torch.log_softmax(Z, dim=0)).sum() / Yb.shape[1]

    def run():
        params = [torch.tensor(p, requires_grad=True) for pair in params0 for p in pair]
        start = time.perf_counter()
        rng = np.random.default_rng(0)
        steps = 0
        for _ in range(w.epochs):
            epoch_loss = 0.0
            if w.batch_size is not None:
                order = torch.from_numpy(rng.permutation(m))
            for s in starts:
                if w.batch_size is None:
                    Xb, Yb = X, Y
                else:
                    idx = order[s:s + w.batch_size]
                    Xb, Yb = X[:, idx], Y[:, idx]
                A = Xb
                for i in range(0, len(params), 2):
                    Z = params[i] @ A + params[i + 1]
                    A = hidden(Z) if i < len(params) - 2 else Z
                loss = loss_fn(Z, Yb)
                loss.backward()
                epoch_loss += loss.item() * Xb.shape[1] / m
                with torch.no_grad():
                    for p in params:
                        p -= lr * p.grad
                        p.grad = None
                steps += 1
                elapsed = time.perf_counter() - start
                if elapsed > time_limit and steps < total_steps:  # a crowded machine: estimate
                    return elapsed * total_steps / steps, float("nan"), None
        elapsed = time.perf_counter() - start
        pairs = [(params[i].detach().numpy(), params[i + 1].detach().numpy())
                 for i in range(0, len(params), 2)]
        return elapsed, epoch_loss, pairs
    return run


def sklearn_sgd(w):
    m = w.X.shape[1]
    X_rows = np.ascontiguousarray(w.X.T)  # sklearn puts samples in rows
    y = w.Y[0] if w.loss == "bce" else w.Y.argmax(axis=0)

    def run():
        clf = MLPClassifier(
            hidden_layer_sizes=tuple(w.sizes[1:-1]),
            activation={"sigmoid": "logistic", "relu": "relu"}[w.hidden],
            solver="sgd", learning_rate="constant", learning_rate_init=w.learning_rate,
            batch_size=m if w.batch_size is None else w.batch_size,
            shuffle=w.batch_size is not None, max_iter=w.epochs, momentum=0.0,
            nesterovs_momentum=False, alpha=0.0, tol=0.0, n_iter_no_change=w.epochs + 1,
            early_stopping=False, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is the point here
            start = time.perf_counter()
            clf.fit(X_rows, y)
            elapsed = time.perf_counter() - start
        return elapsed, clf.loss_curve_[-1], None
    return run


# ------------------------------------------------------------------- reporting
def blas_facts():
    """numpy's BLAS library and how many threads it runs, as far as we can tell."""
    name, threads = "unknown BLAS", None
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy: no dicts mode
        pass
    try:
        from threadpoolctl import threadpool_info
        numpy_dir = os.path.dirname(np.__file__)
        pools = [p for p in threadpool_info() if p["user_api"] == "blas"]
        mine = [p for p in pools if os.path.dirname(numpy_dir) in p["filepath"]
                and "numpy" in p["filepath"]] or pools
        if mine:
            threads = mine[0]["num_threads"]
            name += f" ({mine[0].get('internal_api')} {mine[0].get('architecture', '')})".rstrip()
    except ImportError:
        pass
    if threads is None:  # OpenBLAS and MKL honour these, else they use every core
        for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
            if os.environ.get(var, "").isdigit():
                threads = int(os.environ[var])
                break
        else:
            threads = os.cpu_count() or 1
    return name, threads


MIN_REPEATS = 2  # timed rounds run even when the time budget is spent
SETTLE_SECONDS = 0.2  # long enough for idle BLAS / OpenMP worker threads to stop spinning


def settled(run):
    """Run once after a pause, so no other library's worker threads still hold the cores."""
    time.sleep(SETTLE_SECONDS)
    return run()


def compare_runs(ref, other):
    """Relative difference of the losses and the largest weight difference."""
    (_, loss_a, params_a), (_, loss_b, params_b) = ref, other
    rel = abs(loss_a - loss_b) / max(abs(loss_a), 1e-300)
    max_dw = max(float(np.max(np.abs(Pa - Pb)))
                 for pa, pb in zip(params_a, params_b) for Pa, Pb in zip(pa, pb))
    return rel, max_dw


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 timed repeats instead of 7")
    parser.add_argument("--repeats", type=int, help="timed repeats per implementation")
    parser.add_argument("--budget", type=float,
                        help="seconds per workload after which no new round of repeats starts "
                             f"(default 45, 15 with --quick; at least {MIN_REPEATS} rounds always run)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 7)
    budget = args.budget or (15.0 if args.quick else 45.0)

    blas, threads = blas_facts()
    print(f"python {platform.python_version()}, numpy {np.__version__}, BLAS: {blas}, "
          f"BLAS threads: {threads}, cores: {os.cpu_count()}")
    busy = False
    if hasattr(os, "getloadavg"):
        load = os.getloadavg()
        print("load average at start: " + ", ".join(f"{x:.2f}" for x in load))
        busy = load[0] > 0.5 * (os.cpu_count() or 1)
        if busy:
            print("  the machine is busy: other processes' work lands in these times; "
                  "compare best times, or rerun when it is idle")
    impls = [("coursekit", coursekit_fit), ("bare numpy", bare_numpy)]
    if torch is not None:
        torch.set_num_threads(threads)
        impls.append(("torch", torch_sgd))
        print(f"torch {torch.__version__}, float64, {torch.get_num_threads()} threads")
    else:
        print("torch: not installed, skipped")
    if MLPClassifier is not None:
        import sklearn
        impls.append(("sklearn", sklearn_sgd))
        print(f"scikit-learn {sklearn.__version__} MLPClassifier(solver='sgd'), own init")
    else:
        print("scikit-learn: not installed, skipped")
    print(f"timing: best and median of {repeats} interleaved runs after one warm-up, "
          f"{SETTLE_SECONDS} s pause before each, time.perf_counter\n")

    rows = []
    t0 = time.perf_counter()
    for w in workloads():
        print(f"{w.name}: {w.description}")
        started = time.perf_counter()
        runners = {name: make(w) for name, make in impls}
        if "torch" in runners:
            runners["torch"] = torch_sgd(w, time_limit=budget / 4)
        warm = {name: settled(run) for name, run in runners.items()}
        rel, max_dw = compare_runs(warm["coursekit"], warm["bare numpy"])
        verdict = "agree" if rel < 1e-9 and max_dw < 1e-9 else "DISAGREE: the comparison is not like for like"
        print(f"  final loss coursekit {warm['coursekit'][1]:.12g}, bare numpy {warm['bare numpy'][1]:.12g}: "
              f"relative difference {rel:.1e}, largest weight difference {max_dw:.1e} -> {verdict}")
        if "torch" in warm and math.isnan(warm["torch"][1]):
            print(f"  torch passed {budget / 4:.1f} s and was stopped; its time is extrapolated "
                  "from the steps it did")
        elif "torch" in warm:
            rel_t, max_dw_t = compare_runs(warm["coursekit"], warm["torch"])
            print(f"  torch from the same init: final loss {warm['torch'][1]:.12g} "
                  f"(relative difference {rel_t:.1e}, largest weight difference {max_dw_t:.1e})")
        # An implementation whose warm-up alone took a quarter of the budget (torch's
        # worker threads on a crowded machine) is not repeated: its warm-up is its figure.
        slow = [name for name in runners if warm[name][0] > budget / 4]
        for name in slow:
            if not math.isnan(warm[name][1]):
                print(f"  {name} took {warm[name][0]:.1f} s: not repeated, its warm-up time is reported")
        times = {name: [warm[name][0]] if name in slow else [] for name in runners}
        estimated = {name for name in runners if math.isnan(warm[name][1])}
        for r in range(repeats):  # interleaved, so a busy spell on the machine hits all alike
            if r >= MIN_REPEATS and time.perf_counter() - started > budget:
                print(f"  time budget spent: {r} timed runs instead of {repeats}")
                break
            for name, run in runners.items():
                if name not in slow:
                    seconds, loss, _ = settled(run)
                    times[name].append(seconds)
                    if math.isnan(loss):  # stopped early and extrapolated
                        estimated.add(name)
        base_min, base_med = min(times["bare numpy"]), statistics.median(times["bare numpy"])
        for name, ts in times.items():
            runs = "est" if name in estimated else "1w" if name in slow else len(ts)
            rows.append((w.name, name, runs, min(ts), statistics.median(ts),
                         min(ts) / base_min, statistics.median(ts) / base_med, warm[name][1]))
        print()

    header = ("workload", "implementation", "runs", "best s", "median s", "x bare (best)",
              "x bare (median)", "last-epoch loss")
    print("{:<9} {:<15} {:>4} {:>8} {:>9} {:>13} {:>15} {:>15}".format(*header))
    for r in rows:
        print("{:<9} {:<15} {:>4} {:>8.3f} {:>9.3f} {:>13.2f} {:>15.2f} {:>15.6f}".format(*r))
    if any(r[2] == "1w" for r in rows):
        print("(runs 1w: a single warm-up run, first-call costs included)")
    if any(r[2] == "est" for r in rows):
        print("(runs est: runs stopped early, their time extrapolated to the whole workload)")

    best = {(r[0], r[1]): r[3] for r in rows}
    if busy or any(r[2] in ("1w", "est") for r in rows):
        print("\ntargets (best times; UNRELIABLE: the machine was busy, rerun when it is idle):")
    else:
        print("\ntargets (best times):")
    for w in ("small", "wide"):
        ratio = best[(w, "coursekit")] / best[(w, "bare numpy")]
        print(f"  {w}: coursekit within 1.3x of the bare numpy loop: {ratio:.2f}x -> "
              f"{'met' if ratio <= 1.3 else 'NOT met'}")
    if ("small", "torch") in best:
        ratio = best[("small", "coursekit")] / best[("small", "torch")]
        print(f"  small: coursekit faster than torch (CPU, float64): {ratio:.2f}x torch's time -> "
              f"{'met' if ratio < 1.0 else 'NOT met'}")
    print(f"\ntotal wall time {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
