"""Curves against training time or capacity: loss curves (by epoch and by update), the capacity curve."""
from __future__ import annotations

import numpy as np
from matplotlib import ticker as mticker

from .._validation import number
from .styling import DISPLAY_MAX, OKABE_ITO, PALETTE, TEXT_COLOR, set_yscale, style
from .drawing import Drawing, drawn
from .geometry import as_vector

__all__ = ["loss_curves", "LossCurves", "capacity_curve", "loss_by_updates", "LossByUpdates"]


def _as_run(history, val):
    """(loss, val_loss or None, diverged_epoch or None, step_loss or None, updates_per_epoch)."""
    if hasattr(history, "loss") and hasattr(history, "val_loss"):
        loss = as_vector(history.loss, "history.loss")
        v = history.val_loss if val is None else val
        v = None if v is None else as_vector(v, "val")
        k = history.diverged_epoch if getattr(history, "diverged", False) else None
        if getattr(history, "diverged", False) and k is None:
            k = loss.size + 1
        steps = getattr(history, "step_loss", None)
        return loss, v, k, (None if steps is None else as_vector(steps, "history.step_loss")), \
            max(1, int(getattr(history, "updates_per_epoch", 1) or 1))
    loss = as_vector(history, "history")
    v = None if val is None else as_vector(val, "val")
    bad = np.flatnonzero(~np.isfinite(loss))   # a hand-made loop that ran on past a NaN
    k = int(bad[0]) + 1 if bad.size else None
    return loss, v, k, None, 1


def loss_curves(history, val=None, *, log=False, ax=None, title="Loss curves", ylabel="loss",
                show_steps=False, xlabel="epoch", legend=True):
    """Training (solid) and validation (dashed) loss against epoch.

    Parameters
    ----------
    history : History, array-like or dict
        An ``MLP.fit`` History, a sequence of per-epoch training losses, or a
        dict ``{label: History or sequence}`` to compare runs on one axes
        (each run one colour).
    val : array-like, optional
        Validation loss per epoch (default: ``history.val_loss`` when there is one).
    log : bool
        Log-scale the loss axis.
    show_steps : bool
        Also draw every update's loss (``History.step_loss``) faintly, to show SGD noise.
    xlabel : str
        What one step of the x axis is: "epoch", or "iteration" for full-batch descent
        counted as chapter 03 does. The divergence note uses the same word.
    legend : bool
        Draw the legend (off when a figure shows one legend for several axes).

    If a run diverged (``history.diverged``, or a NaN/inf in a plain sequence),
    a dotted line marks that epoch and the axes reads "diverged at epoch k".
    """
    kwargs = dict(val=val, log=log, title=title, ylabel=ylabel, show_steps=show_steps, xlabel=xlabel, legend=legend)
    return drawn(_loss_curves, ax, (history,), kwargs, kind=LossCurves)


def _loss_runs(history, val):
    if isinstance(history, dict):
        if val is not None:
            raise ValueError("val goes with a single history; with a dict give each run's "
                             "History (it carries its own val_loss).")
        runs = {str(name): _as_run(h, None) for name, h in history.items()}
    else:
        runs = {"": _as_run(history, val)}
    if not runs:
        raise ValueError("history must hold at least one run; got an empty dict.")
    return runs


def _loss_specs(runs, cap, show_steps, xlabel):
    """(specs, notes, diverged, x_max): specs are (x, y, Line2D properties) in drawing order,
    diverged the (number of specs drawn before it, epoch) of each divergence mark."""
    def shown(arr):   # NaN for gaps; values far above the cap clipped (they are off the view anyway)
        with np.errstate(invalid="ignore"):
            out = np.clip(np.where(np.isfinite(arr), arr, np.nan), -DISPLAY_MAX, DISPLAY_MAX)
            return out if cap is None else np.minimum(out, 10.0 * cap)

    x_max = 1
    notes, specs, diverged = [], [], []
    for i, (name, (loss, v, k, steps, per_epoch)) in enumerate(runs.items()):
        color = PALETTE[i % len(PALETTE)] if name else PALETTE[0]
        vcolor = color if name else PALETTE[1]
        prefix = f"{name}: " if name else ""
        if show_steps and steps is not None and steps.size:
            xs = np.arange(1, steps.size + 1) / per_epoch
            specs.append((xs, shown(steps), dict(color=color, lw=0.8, alpha=0.35,
                                                 label=f"{prefix}each update", gid="step_loss")))
        specs.append((np.arange(1, loss.size + 1), shown(loss), dict(
            color=color, marker="o" if loss.size <= 30 else None, ms=4, label=f"{prefix}training",
            gid="training")))
        if v is not None:
            specs.append((np.arange(1, v.size + 1), shown(v), dict(
                color=vcolor, ls="--", marker="s" if v.size <= 30 else None, ms=4,
                label=f"{prefix}validation", gid="validation")))
        x_max = max(x_max, loss.size, 0 if v is None else v.size)
        if k is not None:
            x_max = max(x_max, k)
            diverged.append((len(specs), k))             # its line goes after this run's curves
            notes.append(f"{prefix}diverged at {xlabel} {k}")
    return specs, notes, diverged, x_max


def _loss_plan(history, *, val, log, title, ylabel, show_steps, xlabel, legend):
    """What loss curves draw: the lines, the notes, the view, and the layout (what the lines are)."""
    runs = _loss_runs(history, val)
    cap = _loss_cap(runs.values(), log)
    specs, notes, diverged, x_max = _loss_specs(runs, cap, show_steps, xlabel)
    view = dict(runs=runs, cap=cap, x_max=x_max, log=log, title=title, ylabel=ylabel, xlabel=xlabel)
    layout = (tuple(tuple(sorted(props.items())) for *_, props in specs), tuple(notes), tuple(diverged), legend)
    return dict(specs=specs, notes=notes, diverged=diverged, view=view, layout=layout)


def _loss_curves(history, **options):
    plan = _loss_plan(history, **options)
    specs, notes, diverged, view, log = plan["specs"], plan["notes"], plan["diverged"], plan["view"], options["log"]

    def draw(ax):
        lines, marks = [], dict(diverged)
        for i, (x, y, props) in enumerate(specs, start=1):
            lines += ax.plot(x, y, **props)
            if i in marks:
                ax.axvline(marks[i], color=OKABE_ITO["vermillion"], ls=":", lw=1.5, gid="diverged_line")
        if notes:
            ax.text(0.5, 0.96, "\n".join(notes), transform=ax.transAxes, ha="center", va="top",
                    color=OKABE_ITO["vermillion"], fontsize=13, fontweight="bold", gid="diverged_text",
                    bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=OKABE_ITO["vermillion"], alpha=0.9))
        set_yscale(ax, log)
        _loss_view(ax, **view)
        ax.grid(True)
        # A diverged curve climbs to the top; the note sits there, so the legend goes below.
        shown = ax.legend(loc="lower right" if notes else "best") if ax.lines and options["legend"] else None
        return {"lines": lines, "legend": shown, "layout": plan["layout"]}

    return draw


def _loss_view(ax, *, runs, cap, x_max, log, title, ylabel, xlabel):
    """Limits, ticks and labels of a loss-curve axes."""
    if cap is not None:
        ax.set_ylim(*_cap_limits(runs.values(), cap, log))
    elif log and not any(True for _ in _finite_losses(runs.values(), log)):
        ax.set_ylim(0.1, 10.0)                        # nothing positive to show on a log axis
    elif not log and (flat := _flat_limits(runs.values())) is not None:
        ax.set_ylim(*flat)
    ax.set_xlim(0.5 if x_max > 1 else 0.0, x_max + (0.5 if x_max > 1 else 1.0))
    # Whole epochs only: a run that diverged in epoch 2 must not get ticks at 0.5, 1.5, ...
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=1))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"{ylabel} (log scale)" if log else ylabel)
    ax.set_title(title)


class LossCurves(Drawing):
    """Loss curves: ``update(history, **options)`` draws other runs. When they need the same
    lines (the same runs, markers and divergence marks: a widget after retraining), only the
    lines' data and the view change; otherwise the curves are drawn again."""

    def update(self, history, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        new = _loss_plan(history, **kwargs)
        if new["layout"] != self.parts["layout"]:
            return super().update(history, **kwargs)
        self.args, self.kwargs = (history,), kwargs
        for line, (x, y, _) in zip(self.parts["lines"], new["specs"]):
            line.set_data(x, y)
        with style():
            self.ax.relim()
            self.ax.set_autoscale_on(True)
            self.ax.autoscale_view()
            _loss_view(self.ax, **new["view"])
        return self


def _finite_losses(runs, log):
    for loss, v, *_ in runs:
        for arr in (loss, v):
            if arr is not None:
                ok = arr[np.isfinite(arr)]
                ok = ok[ok > 0] if log else ok
                if ok.size:
                    yield ok


def _loss_cap(runs, log):
    """Before a divergence the loss often climbs to ~1e300: the view would show nothing but a
    wall, and matplotlib cannot even autoscale it. Then cap the view at 100 x the largest
    starting loss, so the start of training stays readable and the curve leaves through the
    top. Returns the cap, or None when the losses stay in range."""
    seen = list(_finite_losses(runs, log))
    if not seen:
        return None
    cap = min(100.0 * max(abs(float(a[0])) for a in seen), DISPLAY_MAX)
    if cap <= 0 or max(float(a.max()) for a in seen) <= cap:
        return None
    return cap


def _flat_limits(runs):
    """Limits from 0 for a loss that hardly moves (its range under 5% of its size), or None.

    Autoscaling would stretch a plateau at 0.6931 +- 0.0001 across the whole axes, so a
    stuck run would look as lively as a learning one."""
    seen = list(_finite_losses(runs, False))
    if not seen:
        return None
    lo, hi = min(float(a.min()) for a in seen), max(float(a.max()) for a in seen)
    if lo < 0 or hi <= 0 or hi - lo >= 0.05 * hi:
        return None
    return 0.0, 1.4 * hi       # headroom above the line for the legend


def _cap_limits(runs, cap, log):
    lo = min(float(a.min()) for a in _finite_losses(runs, log))
    return (lo / 1.5, cap) if log else (min(lo, 0.0) - 0.03 * cap, cap)


def capacity_curve(capacity, train, val, *, current=None, ax=None, log=True, xlabel="capacity",
                   ylabel="error", title="Training against validation error"):
    """Training (solid) and validation (dashed) error against a model's capacity.

    ``capacity`` is the x axis (polynomial degree, hidden units, ...), and
    ``train``, ``val`` the errors there, all of the same length. A star marks
    the lowest validation error and a dotted line the ``current`` setting.
    On the log scale, errors far below the lowest validation error (a
    polynomial through every training point has training error ~1e-30) are
    drawn at the bottom edge and a note says so.
    """
    return drawn(_capacity_curve, ax, (capacity, train, val),
                 dict(current=current, log=log, xlabel=xlabel, ylabel=ylabel, title=title))


def _capacity_curve(capacity, train, val, *, current, log, xlabel, ylabel, title):
    cap = as_vector(capacity, "capacity")
    tr = as_vector(train, "train")
    va = as_vector(val, "val")
    if not (cap.size == tr.size == va.size) or cap.size == 0:
        raise ValueError(f"capacity, train and val must have the same non-zero length; got "
                         f"{cap.size}, {tr.size} and {va.size}.")
    best = int(np.nanargmin(np.where(np.isfinite(va), va, np.nan))) if np.any(np.isfinite(va)) else None
    note = None
    if log:
        pos = np.concatenate([tr[np.isfinite(tr) & (tr > 0)], va[np.isfinite(va) & (va > 0)]])
        low = float(np.min(va[np.isfinite(va) & (va > 0)], initial=np.inf))
        floor = 10.0 ** np.floor(np.log10(low / 30.0)) if np.isfinite(low) else (
            float(pos.min()) if pos.size else 1e-3)
        shown_tr = np.where(np.isfinite(tr), np.maximum(tr, floor), np.nan)
        shown_va = np.where(np.isfinite(va), np.maximum(va, floor), np.nan)
        if np.any(np.isfinite(tr) & (tr < floor)):
            note = f"training error below {floor:.0e}\nis drawn at the bottom edge"
    else:
        shown_tr, shown_va = tr, va

    def draw(ax):
        ax.plot(cap, shown_tr, color=PALETTE[0], marker="o", ms=5, label="training", gid="training")
        ax.plot(cap, shown_va, color=PALETTE[1], ls="--", marker="s", ms=5, label="validation",
                gid="validation")
        if best is not None:
            ax.scatter([cap[best]], [shown_va[best]], marker="*", s=260, color=OKABE_ITO["bluish_green"],
                       edgecolors=TEXT_COLOR, linewidths=0.8, zorder=5,
                       label=f"lowest validation error ({cap[best]:g})", gid="best")
        if current is not None:
            ax.axvline(number(current, "current"), color="0.35", ls=":", lw=1.8, zorder=1,
                       label=f"current ({current:g})", gid="current")
        set_yscale(ax, log)
        if log:
            ax.yaxis.set_minor_locator(mticker.NullLocator())     # decades are enough, and cheaper to draw
            top = float(np.nanmax(np.concatenate([shown_tr, shown_va])))
            top = top * 1.5 if np.isfinite(top) else 1.0
            # The curves fill the lower 78%; the legend's two rows get the band above them.
            ax.set_ylim(floor, floor * (top / floor) ** (1 / 0.78))
        else:
            both = np.concatenate([shown_tr, shown_va])
            both = both[np.isfinite(both)]
            if both.size:
                lo, hi = min(float(both.min()), 0.0), float(both.max())
                ax.set_ylim(lo, lo + 1.05 * (hi - lo) / 0.78 if hi > lo else lo + 1.0)
        if note:
            ax.text(0.02, 0.02, note, transform=ax.transAxes, ha="left", va="bottom", fontsize=10,
                    color="0.3", gid="floor_note",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        if np.all(cap == np.round(cap)):
            ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.grid(True)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(f"{ylabel} (log scale)" if log else ylabel)
        ax.set_title(title)
        ax.legend(loc="upper left", fontsize=10, ncol=2, columnspacing=1.0)

    return draw


def loss_by_updates(curves, *, ax=None):
    """Each run's loss against the number of updates (log scale), for ``curves`` a dict
    ``{label: (updates (k,), loss (k,))}``, with one legend for the figure under its panels
    (it names the runs of every panel). See :class:`LossByUpdates`."""
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict {label: (updates, loss)}.")
    return drawn(_loss_by_updates, ax, (curves,), kind=LossByUpdates)


def _loss_by_updates(curves):
    curves = {str(k): (as_vector(u, f"curves[{k!r}][0]"), as_vector(v, f"curves[{k!r}][1]"))
              for k, (u, v) in curves.items()}

    def draw(ax):
        ax.set_xscale("log")
        ax.set_xlabel("updates (log scale)")
        ax.set_ylabel("loss")
        ax.set_title("Loss against updates")
        lines = [ax.plot(u, v, color=color, label=label)[0]
                 for (label, (u, v)), color in zip(curves.items(), PALETTE)]
        # Below the panels, where no curve can run under it at any setting.
        legend = ax.figure.legend(handles=lines, loc="lower center", ncol=3, frameon=False,
                                  bbox_to_anchor=(0.5, 0.0))
        return {"lines": lines, "labels": list(curves), "legend": legend}
    return draw


class LossByUpdates(Drawing):
    """Loss against updates: ``update(curves)`` gives the lines new data; new labels (the
    mini-batch size is in one) draw the lines and the figure's legend again."""

    def update(self, curves):
        if list(map(str, curves)) != self.parts["labels"]:
            return super().update(curves)
        for line, (u, v) in zip(self.parts["lines"], curves.values()):
            line.set_data(u, v)
        self.ax.relim()
        self.ax.autoscale_view()
        return self

    def remove(self):
        self.parts["legend"].remove()      # on the figure, not on the axes
        super().remove()
