"""The figures behave as matplotlib's own: every function draws into a given
Axes (one panel) or Figure/SubFigure (several panels), passes style keywords
on to matplotlib, and a figure is shown exactly once in Jupyter."""
import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import neuroai  # noqa: E402
from neuroai import energy as E  # noqa: E402
from neuroai import plot as P  # noqa: E402
from neuroai.course import scenarios  # noqa: E402
from neuroai.spikes import SpikeTrains  # noqa: E402


def _lif():
    I = np.zeros(2000)
    I[200:1500] = 2.0
    return neuroai.LIFNeuron().simulate(I, dt=0.1)


def _syn():
    spikes = np.arange(10.0, 300.0, 20.0)
    t = np.arange(0, 300.0, 0.1)
    eff = 0.5 ** np.arange(1, spikes.size + 1)
    g = np.zeros_like(t)
    for s, e in zip(spikes, eff):
        g += np.where(t >= s, e * np.exp(-(t - s) / 5.0), 0.0)
    return SimpleNamespace(t=t, g=g, i=None, x=None, u=None, efficacy=eff,
                           input_spikes=SpikeTrains(spikes, duration=300.0))


def _perceptron():
    return neuroai.Perceptron(weights=[1.0, 2.0], bias=-1.5, activation="step")


def _hopfield():
    net = neuroai.Hopfield(25).store(neuroai.hopfield.random_patterns(2, 25, seed=1))
    return net, net.recall(neuroai.corrupt(net.patterns[0], 0.2, seed=2), seed=3)


X2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])

# one-panel functions: call(ax=..., **style) -> the Axes drawn into
ONE_PANEL = {
    "plot_fi_curve": lambda **kw: P.plot_fi_curve([1.0, 2.0, 3.0], [0.0, 20.0, 40.0], **kw),
    "plot_isi_histogram": lambda **kw: P.plot_isi_histogram(
        neuroai.poisson(50.0, 1000.0, n=2, seed=1), **kw),
    "plot_decision_boundary": lambda **kw: P.plot_decision_boundary(
        _perceptron(), X2, [0, 1, 0, 1], **kw),
    "plot_ledger": lambda **kw: P.plot_ledger(
        E.compare_task(n_inputs=20, n_neurons=5, active_fraction=0.2), **kw),
    "plot_energy_vs_rate": lambda **kw: P.plot_energy_vs_rate(scenarios.brain_power(), **kw),
    "plot_lif": lambda **kw: P.plot_lif(_lif(), **kw),
    "plot_hopfield_weights": lambda **kw: P.plot_hopfield_weights(_hopfield()[0], **kw),
    "plot_capacity_curve": lambda **kw: P.plot_capacity_curve(
        neuroai.capacity_curve(20, [0.1, 0.3], trials=1, seed=0), **kw),
}

# several panels: call(fig=..., **style) -> the figure drawn into
MULTI_PANEL = {
    "plot_lif": lambda **kw: P.plot_lif(_lif(), **kw),
    "plot_raster": lambda **kw: P.plot_raster(neuroai.poisson(20.0, 500.0, n=5, seed=2), **kw),
    "plot_network": lambda **kw: P.plot_network(
        SimpleNamespace(spikes=neuroai.poisson(20.0, 500.0, n=3, seed=2),
                        t=np.arange(5000) * 0.1, v=np.zeros((5000, 3))), **kw),
    "plot_synapse_response": lambda **kw: P.plot_synapse_response(_syn(), **kw),
    "plot_stp_comparison": lambda **kw: P.plot_stp_comparison(_syn(), _syn(), **kw),
    "plot_lif_with_synapse": lambda **kw: P.plot_lif_with_synapse(
        SimpleNamespace(t=np.arange(10) * 0.1, g=np.zeros(10), x=np.ones(10),
                        v=np.full(10, -70.0), spike_times=np.array([0.5]),
                        input_spikes=np.array([0.1])), **kw),
    "plot_perceptron": lambda **kw: P.plot_perceptron(_perceptron(), [1.0, 0.5], **kw),
    "plot_flash_vs_sustained": lambda **kw: P.plot_flash_vs_sustained(
        scenarios.flash_vs_sustained(total=60.0, width=5.0, long_width=200.0), **kw),
    "plot_hopfield_recall": lambda **kw: P.plot_hopfield_recall(_hopfield()[1], **kw),
}


def test_every_plot_function_is_covered():
    names = {n for n in P.__all__ if n.startswith("plot_")}
    assert names == set(ONE_PANEL) | set(MULTI_PANEL)


def _artists(axes):
    return [a for ax in axes for a in (*ax.lines, *ax.collections, *ax.patches)]


@pytest.mark.parametrize("name", sorted(ONE_PANEL))
def test_one_panel_functions_draw_into_the_given_axes(name):
    fig, (ax0, ax) = plt.subplots(1, 2)
    extra = {"show_current": False} if name == "plot_lif" else {}
    out = ONE_PANEL[name](ax=ax, **extra)
    assert out is ax
    assert len(fig.axes) == 2 and not _artists([ax0]) and _artists([ax])


@pytest.mark.parametrize("name", sorted(MULTI_PANEL))
def test_multi_panel_functions_fill_the_given_figure_or_subfigure(name):
    fig = plt.figure()
    left, right = fig.subfigures(1, 2)
    out = MULTI_PANEL[name](fig=right)
    assert out is right
    assert not left.axes and right.axes and _artists(right.axes)
    assert plt.get_fignums() == [fig.number]      # no new figure


@pytest.mark.parametrize("name", sorted(set(ONE_PANEL) | set(MULTI_PANEL)))
def test_style_keywords_reach_matplotlib(name):
    call = ONE_PANEL.get(name) or MULTI_PANEL[name]
    out = call(alpha=0.37)
    axes = out.axes if hasattr(out, "axes") and not hasattr(out, "plot") else [out]
    assert any(a.get_alpha() == 0.37 for a in _artists(axes)), name


def test_style_keywords_replace_defaults_and_their_aliases():
    ax = P.plot_fi_curve([1.0, 2.0], [0.0, 20.0], c="#123456", ms=3.0)
    (pts,) = [l for l in ax.lines if l.get_label() == "simulated"]
    assert pts.get_color() == "#123456" and pts.get_markersize() == 3.0
    fig = P.plot_lif(_lif(), color="k", lw=3.0)
    v_line = fig.axes[1].lines[0]
    assert v_line.get_color() == "k" and v_line.get_linewidth() == 3.0


def test_ax_and_fig_misuse_is_a_clear_error():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="show_current=False"):
        P.plot_lif(_lif(), ax=ax, show_current=True)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        P.plot_raster(neuroai.poisson(20.0, 100.0, seed=1), fig=ax)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        P.plot_fi_curve([1.0], [1.0], ax=fig)


def test_stp_comparison_tells_the_synapses_apart_without_colour():
    fig = P.plot_stp_comparison(_syn(), _syn())
    d, f = [l for l in fig.axes[2].lines if l.get_label() in ("depressing", "facilitating")]
    assert d.get_linestyle() != f.get_linestyle() and d.get_marker() != f.get_marker()


def test_figures_made_here_are_still_matplotlib_figures():
    fig = _lif().plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    assert plt.fignum_exists(fig.number)      # pyplot holds it, as plt.subplots does


# -- Jupyter: a figure is shown once ---------------------------------------------------
CELLS = [
    "%matplotlib inline\nimport numpy as np, neuroai\nfrom neuroai import plot\n"
    "I = np.zeros(2000); I[200:1500] = 2.0\nres = neuroai.LIFNeuron().simulate(I, dt=0.1)",
    "res.plot()",                                   # a cell ending with the figure
    "fig = res.plot()",                             # a cell not ending with it
    "fig",                                          # the same figure, a later cell
    "plot.plot_fi_curve([1, 2, 3], [0, 20, 40])",   # one panel: the Axes
    "plot.plot_raster(res)\nNone",
]


def test_a_figure_is_shown_once_in_jupyter(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib_inline")
    from neuroai import tutorial

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    path = tmp_path / "display.ipynb"
    nbformat.write(nb, path)
    done, _ = tutorial.execute(path)
    images = [sum("image/png" in o.get("data", {}) for o in cell.outputs)
              for cell in done.cells]
    errors = [o for cell in done.cells for o in cell.outputs if o.output_type == "error"]
    assert not errors, json.dumps(errors)[:2000]
    assert images == [0, 1, 1, 1, 1, 1]
