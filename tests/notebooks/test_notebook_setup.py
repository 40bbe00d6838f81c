"""coursekit.notebook_setup, the call in every chapter's setup cell."""
import matplotlib
import numpy as np

import coursekit as ck


def test_notebook_setup_fixes_printing_and_style():
    saved_print, saved_rc = np.get_printoptions(), matplotlib.rcParams.copy()
    try:
        ck.notebook_setup()
        assert repr(np.float64(0.5)) == "0.5"                  # not np.float64(0.5)
        assert str(np.array([1 / 3])) == "[0.3333]"
        assert matplotlib.rcParams["axes.titley"] == ck.plots.STYLE["axes.titley"]
    finally:
        np.set_printoptions(**saved_print)
        matplotlib.rcParams.update(saved_rc)
