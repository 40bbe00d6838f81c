"""coursekit.plots as a package: the names the notebooks use are all there."""
import coursekit.plots as plots


# Each module's __all__ and the rule against private names are checked for every coursekit module
# in tests/test_repository.py.


def test_every_name_the_notebooks_use_is_there():
    for name in ["decision_boundary", "loss_curves", "network_diagram", "subplots", "gradient_norms_by_layer",
                 "function_fit", "activation_panel", "gradient_norms", "pass_costs", "perceptron_replay",
                 "logistic_graph", "hidden_space", "loss_surface", "descent_1d", "PALETTE", "neuron_cut",
                 "OKABE_ITO", "positions_over_steps", "polynomial_curve", "perceptron_frames",
                 "hidden_contributions", "capacity_curve", "CLASS_COLORS", "weight_scale", "weight_histograms",
                 "layer_costs", "STYLE", "style", "penalty_shapes", "SIGN_COLORS", "ZERO_COLOR", "PROB_CMAP",
                 "short_number", "freeze_layout"]:
        assert hasattr(plots, name), name
    assert set(plots.__all__) <= set(dir(plots))
