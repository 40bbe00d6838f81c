"""Shared driver for the explorer tests: move every control through given positions."""


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
