"""coursekit.plots.costs: counts as tick labels."""
import matplotlib

matplotlib.use("Agg")


from coursekit import plots  # noqa: E402


def test_count_labels_share_one_unit_per_axis():
    fmt = plots.costs.CountFormatter()
    assert fmt.format_ticks([0, 2500, 5000, 7500]) == ["0", "2,500", "5,000", "7,500"]
    assert fmt.format_ticks([0, 2500, 5000, 7500, 10000]) == ["0", "2.5k", "5k", "7.5k", "10k"]
    assert fmt.format_ticks([0, 5e6, 1e7]) == ["0", "5M", "10M"]
