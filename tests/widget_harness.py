"""Shared driver for the explorer tests: move every control through given positions."""
import ipywidgets


def ends_and_middle(control):
    """The positions a learner can reach: both ends and the middle of a slider (of its exponent,
    for a log slider), every option of a dropdown."""
    if isinstance(control, ipywidgets.Dropdown):
        return [value for _, value in control.options]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return [10 ** control.min, 10 ** ((control.min + control.max) / 2), 10 ** control.max]
    middle = (control.min + control.max) / 2 if isinstance(control.value, float) else (control.min + control.max) // 2
    return [control.min, middle, control.max]


def drive_every_position(explorer, positions):
    """Set each control to every value ``positions(control)`` lists, then back to its default.

    After every move the explorer must have updated without an error and show a status
    line that is not the "Could not update" message.
    """
    defaults = explorer.values()
    for name, control in explorer.controls.items():
        for value in positions(control):
            control.value = value
            assert explorer.error is None, f"{name}={value!r}: {explorer.error_traceback}"
            assert explorer.status.value and "Could not update" not in explorer.status.value
        control.value = defaults[name]


def assert_no_figures_left_open(makers, positions):
    """Build each explorer and move its first control through ``positions``: no figure may
    be left in pyplot's registry (explorers draw on figures of their own)."""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for make in makers:
        explorer = make()
        first = next(iter(explorer.controls.values()))
        for value in positions(first):
            first.value = value
    assert plt.get_fignums() == before
