"""How fast do the explorers redraw, and do they leak? Prints figures; asserts nothing.

Starts a real IPython kernel (jupyter_client, kernel "python3", this venv's
python, cwd = the repository), runs ``%matplotlib inline`` in it as a notebook
would, builds the six explorers of issue 3 from ``coursekit.widgets`` inside the
kernel (``--all``: every ``*_explorer`` function there, chapter 07's optimiser explorers
among them) and moves every control:

  near defaults  each control one step either side of its default (the
                 neighbouring options of a dropdown), and back to the default
  full range     min, max and points spread across the range (every option of
                 a dropdown), walked through in cyclic passes

Each timed update is ``control.value = v`` measured inside the kernel with
``time.perf_counter``, followed by a flush of the kernel's IOPub thread, so
the figure is the whole cost a learner waits for: the computation, the
matplotlib artists, the Agg rasterisation, the PNG encoding, and the widget
comm messages (the new PNG, the status line) handed to ZeroMQ. The client
drains those messages as they arrive, as a browser would.

Every change is made ``--repeats`` times (3; values alternate, so each is a
real change) and the worst figures are the worst of the per-point medians, so
a busy moment of another process on this 2-core machine does not count as the
explorer's. The median is over all timed updates of the phase.
The regression explorer's learning rate, iterations and depth are also swept
with model = "logistic" (with "linear" the depth does nothing); the optimiser-paths
explorer's on the curved valley, and the optimiser-training explorer's with all five
optimisers on a cosine schedule.

The breakdown per explorer splits the median update into compute (the
``coursekit.experiments`` call), artists (the explorer's draw function),
rasterise (``canvas.draw()``), encode (RGBA -> PNG) and widgets (traits, the
comm messages, the IOPub flush), by wrapping those calls inside the kernel.

Then a memory check: 20 warm-up changes, a baseline (after ``gc.collect()``)
of VmRSS and ``len(plt.get_fignums())``, 200 more changes (15 cycling through
the training explorer's controls for every 1 on each other explorer), and the
growth. Targets (issue 3): median <= 100 ms near the defaults, worst <= 300 ms
over the full ranges, < 20 MB growth and 0 extra figures after 200 changes.

    .venv/bin/python benchmarks/bench_widgets.py           # about 3 minutes idle, longer when busy
    .venv/bin/python benchmarks/bench_widgets.py --quick   # fewer points, 2 repeats
    .venv/bin/python benchmarks/bench_widgets.py --all     # also the chapters' other explorers
    .venv/bin/python benchmarks/bench_widgets.py --only training_explorer

This file is also imported inside the kernel: the functions named
``kernel_*`` run there.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
EXPLORER_NAMES = ["perceptron_explorer", "training_explorer", "regression_explorer",
                  "batch_size_explorer", "gradient_flow_explorer", "regularisation_explorer"]
# extra settings under which some controls are swept again: {explorer: [(context, controls)]}
CONTEXTS = {"regression_explorer": [({"model": "logistic"}, ["learning_rate", "iterations", "depth"])],
            # another surface rebuilds the contours; then the paths move over them
            "optimiser_paths_explorer": [({"surface": "curved valley"}, ["learning_rate", "beta", "steps"])],
            # the most runs to train and draw: five optimisers, each with a schedule
            "optimiser_training_explorer": [({"optimizers": "all five", "schedule": "cosine"},
                                             ["learning_rate", "adaptive_learning_rate", "depth", "epochs"])]}
TARGET_NEAR_MEDIAN_MS, TARGET_FULL_WORST_MS = 100.0, 300.0
TARGET_RSS_MB, TARGET_FIGURES = 20.0, 0
MARK = "@@BENCH_JSON@@"


# =================================================================== in the kernel
STATE: dict = {}


def _flush_iopub():
    """Wait until the kernel's IOPub thread has handed every queued message
    (the widget updates just made) to ZeroMQ: events run in order there."""
    import threading
    from IPython import get_ipython
    thread = get_ipython().kernel.iopub_thread
    done = threading.Event()
    thread.schedule(done.set)
    done.wait(30)


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _kind(control) -> str:
    import ipywidgets as w
    if isinstance(control, w.FloatLogSlider):
        return "log"
    if isinstance(control, w.IntSlider):
        return "int"
    if isinstance(control, w.FloatSlider):
        return "float"
    return "choice"


def _grid(lo: float, hi: float, step: float, n: int) -> list[float]:
    """``n`` points from lo to hi (both included) on the slider's step grid."""
    steps = int(round((hi - lo) / step))
    ks = sorted({int(round(i * steps / (n - 1))) for i in range(n)})
    return [lo + k * step for k in ks]


def _values(control, phase: str, n_full: int) -> list:
    kind, value = _kind(control), control.value
    if kind == "choice":
        options = list(control._options_values)
        if phase == "full":
            return options
        i = options.index(value)
        return [options[j] for j in (i - 1, i + 1) if 0 <= j < len(options)]
    if kind == "log":
        lo, hi, step = control.min, control.max, control.step  # exponents
        if phase == "full":
            exps = _grid(lo, hi, step, n_full)
        else:
            e = math.log10(value)
            exps = [x for x in (e - step, e + step) if lo - 1e-9 <= x <= hi + 1e-9]
        return [float(f"{10 ** x:.6g}") for x in exps]
    lo, hi, step = control.min, control.max, control.step
    points = _grid(lo, hi, step, n_full) if phase == "full" else [
        x for x in (value - step, value + step) if lo <= x <= hi]
    return [int(x) for x in points] if kind == "int" else [round(x, 10) for x in points]


def _instrument(explorer):
    """Wrap compute, draw and canvas.draw of one explorer so each update's time
    splits into parts (a few microseconds of overhead)."""
    import functools
    parts = explorer._bench_parts = {}

    def timed(key, f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                parts[key] = parts.get(key, 0.0) + time.perf_counter() - t0
        return wrapper

    explorer._compute = timed("compute", explorer._compute)
    explorer._draw = timed("artists", explorer._draw)
    explorer.figure.canvas.draw = timed("rasterise", explorer.figure.canvas.draw)
    STATE["timed"] = timed


def kernel_setup(names: list[str] | None = None) -> dict:
    """Build the explorers (``names``, or all: the known six first, then any
    other ``*_explorer`` in coursekit.widgets), instrumented and warmed up;
    report the names of every explorer found too."""
    import ipywidgets
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy
    from coursekit import widgets as W

    found = sorted(n for n in dir(W) if n.endswith("_explorer") and callable(getattr(W, n)))
    found = [n for n in EXPLORER_NAMES if n in found] + [n for n in found if n not in EXPLORER_NAMES]
    if names is None:
        names = found

    # render_png is looked up in its module at every update (coursekit.widgets.render, or
    # coursekit.widgets before it was a package): wrap it once to time rasterise + encode
    # (encode = render - rasterise)
    R = getattr(W, "render", W)
    if not getattr(R.render_png, "_bench", False):
        original = R.render_png

        def render_png(figure, compact=False):
            t0 = time.perf_counter()
            try:
                return original(figure, compact)
            finally:
                parts = getattr(figure, "_bench_parts", None)
                if parts is not None:
                    parts["render"] = parts.get("render", 0.0) + time.perf_counter() - t0
        render_png._bench = True
        R.render_png = render_png

    built = {}
    explorers = STATE.setdefault("explorers", {})
    for name in names:
        t0 = time.perf_counter()
        explorer = getattr(W, name)()
        _flush_iopub()
        built[name] = (time.perf_counter() - t0) * 1000
        _instrument(explorer)
        explorer.figure._bench_parts = explorer._bench_parts
        explorers[name] = explorer
        # warm-up: one untimed move of every control and back
        for control in explorer.controls.values():
            default = control.value
            for v in _values(control, "near", 2)[:1]:
                control.value = v
                control.value = default
        _flush_iopub()
    return {"python": sys.executable, "cwd": os.getcwd(), "backend": matplotlib.get_backend(),
            "matplotlib": matplotlib.__version__, "numpy": numpy.__version__,
            "ipywidgets": ipywidgets.__version__, "build_ms": built, "names": list(built), "found": found,
            "pyplot_figures": len(plt.get_fignums())}


def _timed_set(explorer, name, value, label, phase, records):
    control = explorer.controls[name]
    previous = control.value
    if previous == value:
        return
    parts = explorer._bench_parts
    parts.clear()
    c0, t0 = time.thread_time(), time.perf_counter()
    control.value = value
    _flush_iopub()
    total = (time.perf_counter() - t0) * 1000
    cpu = (time.thread_time() - c0) * 1000
    part_ms = {k: v * 1000 for k, v in parts.items()}
    render = part_ms.pop("render", 0.0)
    part_ms["encode"] = render - part_ms.get("rasterise", 0.0)
    part_ms["widgets"] = total - sum(part_ms.values())
    records.append({"phase": phase, "control": label, "value": _fmt(control.value),
                    "from": _fmt(previous), "ms": total, "cpu": cpu, "parts": part_ms,
                    "error": None if explorer.error is None else repr(explorer.error),
                    "png_kb": len(explorer.image.value) / 1024})


def _fmt(v) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def kernel_sweep(name: str, n_full: int, repeats: int) -> dict:
    explorer = STATE["explorers"][name]
    records: list[dict] = []
    contexts = [({}, list(explorer.controls))] + CONTEXTS.get(name, [])
    for context, names in contexts:
        defaults_before = explorer.values()
        for cname, cvalue in context.items():
            explorer.controls[cname].value = cvalue
        suffix = "".join(f" [{v}]" for v in context.values())
        for cname in names:
            control = explorer.controls[cname]
            if cname in context:
                continue
            label = cname + suffix
            default = control.value
            near = _values(control, "near", n_full)
            for _ in range(repeats):
                for v in near:
                    _timed_set(explorer, cname, v, label, "near", records)
                    _timed_set(explorer, cname, default, label, "near", records)
            # cyclic passes, so every point is reached `repeats` times by a real
            # change (backwards when the default is the first point)
            full = _values(control, "full", n_full)
            if full and full[0] == default:
                full = full[::-1]
            for _ in range(repeats):
                for v in full:
                    _timed_set(explorer, cname, v, label, "full", records)
            control.value = default
        for cname, cvalue in defaults_before.items():
            explorer.controls[cname].value = cvalue
    _flush_iopub()
    return {"records": records}


def _leak_schedule():
    """Endless (explorer, control, value) changes: 15 on the training explorer
    for every 1 on each of the others; each control alternates between its
    default and, in turn, its neighbours and a mid-range point."""
    explorers = STATE["explorers"]
    cycles = {}
    for name, explorer in explorers.items():
        per_control = []
        for cname, control in explorer.controls.items():
            default = control.value
            others = _values(control, "near", 5) + _values(control, "full", 5)[2:3]
            others = [v for v in others if v != default] or [default]
            seq = [x for v in others for x in (v, default)]
            per_control.append((cname, seq))
        cycles[name] = per_control
    counters = {name: 0 for name in cycles}
    order = ["training_explorer"] * 15 + [n for n in cycles if n != "training_explorer"]
    order = [n for n in order if n in cycles]
    while True:
        for name in order:
            per_control = cycles[name]
            i = counters[name]
            counters[name] += 1
            cname, seq = per_control[i % len(per_control)]
            value = seq[(i // len(per_control)) % len(seq)]
            yield name, cname, value


def _live_figures() -> int:
    import gc
    from matplotlib.figure import Figure
    return sum(1 for o in gc.get_objects() if isinstance(o, Figure))


def kernel_leak(n_changes: int = 200, warmup: int = 20) -> dict:
    import gc
    import matplotlib.pyplot as plt
    explorers = STATE["explorers"]
    schedule = _leak_schedule()

    def change(n):
        counts, made, errors = {}, 0, 0
        while made < n:
            name, cname, value = next(schedule)
            control = explorers[name].controls[cname]
            if control.value == value:
                continue
            control.value = value
            _flush_iopub()
            made += 1
            counts[name] = counts.get(name, 0) + 1
            errors += explorers[name].error is not None
        return counts, errors

    change(warmup)
    gc.collect()
    rss0, figs0, live0 = _rss_mb(), len(plt.get_fignums()), _live_figures()
    t0 = time.perf_counter()
    counts, errors = change(n_changes)
    seconds = time.perf_counter() - t0
    rss_no_gc = _rss_mb()
    gc.collect()
    rss1, figs1, live1 = _rss_mb(), len(plt.get_fignums()), _live_figures()
    return {"rss0": rss0, "rss1": rss1, "rss_no_gc": rss_no_gc, "figs0": figs0, "figs1": figs1,
            "live0": live0, "live1": live1, "counts": counts, "errors": errors,
            "seconds": seconds, "n": n_changes, "warmup": warmup}


# =================================================================== on the host
class Kernel:
    def __init__(self):
        from jupyter_client import KernelManager
        import tempfile
        self.km = KernelManager(kernel_name="python3")
        # the kernel's own stderr (its startup banner warnings) goes to a file,
        # shown at the end only if it holds more than the TCP transport notice
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.km.start_kernel(cwd=str(REPO), stderr=self.stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.comm_msgs = 0
        self.comm_bytes = 0

    def run(self, code: str, timeout: float = 900):
        out, err, errors = [], [], []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (out if content["name"] == "stdout" else err).append(content["text"])
            elif kind == "error":
                errors.append("\n".join(content["traceback"]))
            elif kind in ("comm_msg", "comm_open"):
                self.comm_msgs += 1
                self.comm_bytes += sum(len(b) for b in msg.get("buffers") or [])

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook,
                                            store_history=False, allow_stdin=False)
        if reply["content"]["status"] != "ok" or errors:
            raise RuntimeError("kernel error:\n" + "\n".join(errors) + "".join(err))
        text = "".join(out)
        if err:
            sys.stderr.write("".join(err))
        return text

    def call(self, expression: str):
        """Evaluate ``expression`` in the kernel and return it, via JSON on stdout."""
        text = self.run(f"import json as _json\nprint({MARK!r} + _json.dumps({expression}) + {MARK!r})")
        return json.loads(text.split(MARK)[1])

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.stderr.seek(0)
        lines = [line for line in self.stderr.read().splitlines()
                 if line.strip() and "running over TCP without encryption" not in line]
        if lines:
            print("kernel stderr:\n  " + "\n  ".join(lines[-20:]))
        self.stderr.close()


def _median(xs):
    return statistics.median(xs) if xs else float("nan")


def summarise(records: list[dict], phase: str, key: str = "ms"):
    """n updates, median of all, and worst of the per-point medians (with its point)."""
    rows = [r for r in records if r["phase"] == phase]
    points: dict = {}
    for r in rows:
        points.setdefault((r["control"], r["value"]), []).append(r[key])
    worst_key, worst = None, float("nan")
    for point, times in points.items():
        m = _median(times)
        if worst_key is None or m > worst:
            worst_key, worst = point, m
    return {"n": len(rows), "median": _median([r[key] for r in rows]), "worst": worst,
            "at": f"{worst_key[0]}={worst_key[1]}" if worst_key else "-",
            "max1": max((r[key] for r in rows), default=float("nan"))}


PARTS = ["compute", "artists", "rasterise", "encode", "widgets"]


def print_explorer(name: str, build_ms: float, records: list[dict]):
    controls = list(dict.fromkeys(r["control"] for r in records))
    print(f"\n== {name}  (built in {build_ms:.0f} ms; {len(records)} timed updates; "
          f"PNG {_median([r['png_kb'] for r in records]):.0f} kB) ==")
    head = (f"{'control':<25}|{'near: n':>8}{'median':>8}{'worst':>8} |{'full: n':>8}{'median':>8}"
            f"{'worst':>8} |{'cpu: near med':>14}{'full worst':>11} | full worst at")
    rule = "-" * (len(head) + 8)
    print(head)
    print(rule)
    for label in controls + ["ALL"]:
        rows = records if label == "ALL" else [r for r in records if r["control"] == label]
        near, full = summarise(rows, "near"), summarise(rows, "full")
        cnear, cfull = summarise(rows, "near", "cpu"), summarise(rows, "full", "cpu")
        at = full["at"] if label == "ALL" else full["at"].rsplit("=", 1)[-1]
        if label == "ALL":
            print(rule)
        print(f"{label:<25}|{near['n']:>8}{near['median']:>8.1f}{near['worst']:>8.1f} |"
              f"{full['n']:>8}{full['median']:>8.1f}{full['worst']:>8.1f} |"
              f"{cnear['median']:>14.1f}{cfull['worst']:>11.1f} | {at}")
    near, full = summarise(records, "near"), summarise(records, "full")
    print(f"near-default worst at {near['at']}; slowest single update "
          f"{max(near['max1'], full['max1']):.1f} ms")
    # an explorer that keeps its runs answers repeats from memory: its first visits are
    # what a learner meets first (and the ones most exposed to other processes)
    first: dict = {}
    for r in records:
        if r["phase"] == "full":
            first.setdefault((r["control"], r["value"]), r["ms"])
    if first:
        (fc, fv), fms = max(first.items(), key=lambda kv: kv[1])
        print(f"first visits over the full range: median {_median(list(first.values())):.1f} ms, "
              f"worst {fms:.1f} ms at {fc}={fv}")
    med = {k: _median([r["parts"].get(k, 0.0) for r in records]) for k in PARTS}
    print("median parts (ms): " + ", ".join(f"{k} {med[k]:.1f}" for k in PARTS))
    wc, wv = full["at"].rsplit("=", 1) if "=" in full["at"] else (None, None)
    worst_rows = [r for r in records if r["phase"] == "full" and r["control"] == wc and r["value"] == wv]
    if worst_rows:
        wp = {k: _median([r["parts"].get(k, 0.0) for r in worst_rows]) for k in PARTS}
        print(f"worst point parts (ms): " + ", ".join(f"{k} {wp[k]:.1f}" for k in PARTS))
    errors = [r for r in records if r["error"]]
    if errors:
        print(f"{len(errors)} updates ended in an error, e.g. {errors[0]['control']}="
              f"{errors[0]['value']}: {errors[0]['error']}")
    return near, full, summarise(records, "near", "cpu"), summarise(records, "full", "cpu")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 points per range, 2 repeats")
    parser.add_argument("--repeats", type=int, default=None, help="times each change is made (3)")
    parser.add_argument("--points", type=int, default=None, help="points per slider range (6)")
    parser.add_argument("--only", nargs="*", metavar="EXPLORER",
                        help="explorers to time (default: the six of issue 3)")
    parser.add_argument("--all", action="store_true",
                        help="time every *_explorer in coursekit.widgets (takes longer)")
    parser.add_argument("--no-leak", action="store_true", help="skip the memory check")
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 3)
    n_full = args.points or (4 if args.quick else 6)

    started = time.perf_counter()
    load0 = os.getloadavg()
    print(f"load average at start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} "
          f"({os.cpu_count()} CPUs); {n_full} points per range, {repeats} repeats")
    kernel = Kernel()
    try:
        kernel.run("%matplotlib inline")
        kernel.run("import importlib.util as _u, sys as _s\n"
                   f"_spec = _u.spec_from_file_location('bench_widgets_kernel', {str(Path(__file__).resolve())!r})\n"
                   "_bw = _u.module_from_spec(_spec); _s.modules['bench_widgets_kernel'] = _bw\n"
                   "_s.dont_write_bytecode, _keep = True, _s.dont_write_bytecode\n"
                   "_spec.loader.exec_module(_bw)\n"
                   "_s.dont_write_bytecode = _keep")
        wanted = args.only or (None if args.all else EXPLORER_NAMES)
        info = kernel.call(f"_bw.kernel_setup({wanted!r})")
        names = info["names"]
        print(f"kernel: {info['python']} (cwd {info['cwd']}), backend {info['backend']}, "
              f"matplotlib {info['matplotlib']}, numpy {info['numpy']}, ipywidgets {info['ipywidgets']}")
        summary = {}
        for name in names:
            result = kernel.call(f"_bw.kernel_sweep({name!r}, {n_full}, {repeats})")
            summary[name] = print_explorer(name, info["build_ms"][name], result["records"])

        print("\nSummary (ms, wall clock; targets: near-default median <= 100, full-range worst <= 300;"
              "\n cpu = the kernel main thread's CPU time for the same updates: less sensitive to other processes)")
        head = (f"{'explorer':<24}{'updates':>8}{'near med':>9}{'near worst':>11}{'full med':>9}"
                f"{'full worst':>11}{'target':>7} |{'cpu near med':>13}{'cpu full worst':>15} | full worst at")
        print(head)
        print("-" * (len(head) + 20))
        for name, (near, full, cnear, cfull) in summary.items():
            ok = near["median"] <= TARGET_NEAR_MEDIAN_MS and full["worst"] <= TARGET_FULL_WORST_MS
            print(f"{name:<24}{near['n'] + full['n']:>8}{near['median']:>9.1f}{near['worst']:>11.1f}"
                  f"{full['median']:>9.1f}{full['worst']:>11.1f}{'ok' if ok else 'MISS':>7} |"
                  f"{cnear['median']:>13.1f}{cfull['worst']:>15.1f} | {full['at']}")
        print(f"client received {kernel.comm_msgs} comm messages ({kernel.comm_bytes / 2**20:.1f} MB of buffers)")

        if not args.no_leak:
            leak = kernel.call("_bw.kernel_leak(200, 20)")
            growth = leak["rss1"] - leak["rss0"]
            extra = leak["figs1"] - leak["figs0"]
            print(f"\nMemory: {leak['n']} changes after {leak['warmup']} warm-up "
                  f"({', '.join(f'{k} {v}' for k, v in leak['counts'].items())}) in {leak['seconds']:.1f} s, "
                  f"{leak['errors']} errors")
            print(f"  kernel RSS {leak['rss0']:.1f} -> {leak['rss1']:.1f} MB after gc "
                  f"(before gc {leak['rss_no_gc']:.1f}): growth {growth:+.1f} MB (target < 20) "
                  f"{'ok' if growth < TARGET_RSS_MB else 'MISS'}")
            print(f"  open pyplot figures {leak['figs0']} -> {leak['figs1']}: {extra:+d} (target 0) "
                  f"{'ok' if extra <= TARGET_FIGURES else 'MISS'}; live Figure objects "
                  f"{leak['live0']} -> {leak['live1']}")
    finally:
        kernel.close()
    others = [n for n in info["found"] if n not in names]
    if others:
        print(f"\nnot timed (use --all or --only): {', '.join(others)}")
    load1 = os.getloadavg()
    print(f"\nload average at end: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}; "
          f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    # the kernel must be this repository's venv: jupyter_client starts the
    # "python3" kernel with the python running this script
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
    sys.exit(main())
