"""coursekit.plots.ticks: lean ticks for the figures the explorers redraw."""
import matplotlib

matplotlib.use("Agg")

from coursekit import plots  # noqa: E402


def test_log_axes_keep_readable_labels_over_any_span():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for low, high in [(0.6937, 0.6945), (0.05, 1.2), (1e-13, 1.0)]:
        fig = Figure(figsize=(4, 3), dpi=80)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot([1, 2], [low, high])
        ax.set_yscale("log")
        plots.lean(ax)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels()
                  if t.get_text() and low * 0.999 <= t.get_position()[1] <= high * 1.001]
        assert 2 <= len(labels) <= 8 and len(set(labels)) == len(labels), (low, high, labels)
        assert not ax.yaxis.get_minor_ticks() or not any(t.get_text() for t in ax.yaxis.get_minorticklabels())
