"""Plots render headless and show the numbers they are given."""
import math
import sys
import subprocess
from types import SimpleNamespace

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import neuroai  # noqa: E402
from neuroai import plot as P  # noqa: E402
from neuroai.course import scenarios  # noqa: E402
from neuroai import energy as E  # noqa: E402
from neuroai.spikes import SpikeTrains  # noqa: E402
from reference.stp import tm_efficacies  # noqa: E402


def _by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def _labels(ax):
    return ax.get_xlabel() + " " + ax.get_ylabel()


# -- LIF ------------------------------------------------------------------------
def test_plot_lif_lines_spikes_and_units():
    neuron = neuroai.LIFNeuron()
    I = np.zeros(2000)
    I[200:1500] = 2.0
    res = neuron.simulate(I, dt=0.1)
    fig = res.plot()                      # the result's own plot() delegates here
    ax_i, ax_v = fig.axes
    line = ax_v.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), res.t)
    np.testing.assert_array_equal(line.get_ydata(), res.v)
    (markers,) = _by_gid(ax_v, "spikes")
    np.testing.assert_array_equal(markers.get_xdata(), res.spike_times)
    assert len(markers.get_xdata()) == res.spike_counts == 3
    np.testing.assert_array_equal(markers.get_ydata(), -55.0)   # at threshold
    (step,) = ax_i.get_lines()
    np.testing.assert_array_equal(step.get_ydata(), I)
    assert "[mV]" in ax_v.get_ylabel() and "[ms]" in ax_v.get_xlabel()
    assert "[nA]" in ax_i.get_ylabel()


def test_plot_lif_population_draws_each_neuron_with_its_spikes():
    neuron = neuroai.LIFNeuron()
    I = np.broadcast_to(np.array([1.0, 2.0, 3.0]), (3000, 3))
    res = neuron.simulate(I, dt=0.1)
    fig = P.plot_lif(res, show_current=False)
    (ax_v,) = fig.axes
    marks = _by_gid(ax_v, "spikes")
    assert [len(m.get_xdata()) for m in marks] == list(res.spike_counts)
    for k, m in enumerate(marks):
        np.testing.assert_array_equal(m.get_xdata(), res.spike_times[k])


def test_plot_lif_labels_each_trace_with_the_neuron_it_recorded():
    # record_v=[1, 3]: the two traces are neurons 1 and 3, not "neuron 0" and "neuron 1"
    I = np.broadcast_to(np.array([1.0, 2.0, 3.0, 4.0]), (2000, 4))
    res = neuroai.LIFNeuron().simulate(I, record_v=[1, 3])
    fig = P.plot_lif(res)
    ax_i, ax_v = fig.axes
    traces = {l.get_label(): l for l in ax_v.get_lines() if l.get_label().startswith("neuron")}
    assert sorted(traces) == ["neuron 1", "neuron 3"]
    np.testing.assert_array_equal(traces["neuron 3"].get_ydata(), res.v[:, 1])
    marks = _by_gid(ax_v, "spikes")
    np.testing.assert_array_equal(marks[1].get_xdata(), res.spike_times[3])
    np.testing.assert_array_equal(ax_i.get_lines()[1].get_ydata(), I[:, 3])


def test_plot_lif_without_voltage_is_a_clear_error():
    res = neuroai.LIFNeuron().simulate(np.full(100, 2.0), record_v=False)
    with pytest.raises(ValueError, match="record_v=True"):
        P.plot_lif(res)


# -- raster, network ------------------------------------------------------------
def test_plot_raster_offsets_and_rate():
    st = SpikeTrains([1.0, 5.0, 12.0, 18.0, 19.0], [0, 2, 1, 0, 2], n=3, duration=20.0)
    fig = P.plot_raster(st, bin_width=10.0)
    ax_r, ax_p = fig.axes
    (coll,) = _by_gid(ax_r, "raster")
    np.testing.assert_array_equal(coll.get_offsets(), np.column_stack([st.times, st.indices]))
    (stairs,) = _by_gid(ax_p, "rate")
    values = stairs.get_data().values
    # 2 spikes in [0,10) and 3 in [10,20), over 3 trains and 0.01 s
    np.testing.assert_allclose(values, [2 / (3 * 0.01), 3 / (3 * 0.01)])
    np.testing.assert_array_equal(stairs.get_data().edges, [0.0, 10.0, 20.0])
    assert "[Hz]" in ax_p.get_ylabel() and "[ms]" in ax_p.get_xlabel()


def test_plot_raster_from_a_lif_result_and_from_lists():
    res = neuroai.LIFNeuron().simulate(np.broadcast_to(np.array([2.0, 3.0]), (2000, 2)))
    fig = P.plot_raster(res)
    (coll,) = _by_gid(fig.axes[0], "raster")
    assert len(coll.get_offsets()) == int(np.sum(res.spike_counts))
    fig2 = P.plot_raster([[1.0, 2.0], [3.0]], duration=10.0)
    assert len(_by_gid(fig2.axes[0], "raster")[0].get_offsets()) == 3


def test_plot_raster_and_isi_of_a_synapse_response_draw_its_input():
    # a synapse emits no spikes: its figures of spikes show the input_spikes,
    # the trains its spike_times and rates describe
    tr = neuroai.poisson(40.0, 500.0, n=3, seed=5)
    resp = neuroai.DepressingSynapse().response(tr, dt=0.1)
    fig = P.plot_raster(resp)
    (coll,) = _by_gid(fig.axes[0], "raster")
    np.testing.assert_array_equal(coll.get_offsets(), np.column_stack([tr.times, tr.indices]))
    ax = P.plot_isi_histogram(resp, poisson=False)
    assert f"{len(tr) - tr.n} intervals" in ax.get_title()


def test_plot_synapse_response_legend_names_each_quantity_once():
    # five trains, five x traces of one colour: one legend entry, not five
    resp = neuroai.DepressingSynapse().response(neuroai.poisson(20.0, 300.0, n=5, seed=1))
    fig = P.plot_synapse_response(resp)
    ax = fig.axes[-1]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts.count("x (available resources)") == 1
    x_lines = [l for l in ax.get_lines() if l.get_color() == "#9467bd"]
    assert len(x_lines) == 5
    np.testing.assert_array_equal(x_lines[4].get_ydata(), resp.x[:, 4])


def test_plot_network_with_stand_in_result():
    st = SpikeTrains([1.0, 2.0, 3.0], [0, 1, 1], n=2, duration=10.0)
    t = np.arange(100) * 0.1
    v = np.column_stack([np.linspace(-70, -60, 100), np.linspace(-70, -65, 100)])
    fig = P.plot_network(SimpleNamespace(spikes=st, t=t, v=v))
    assert len(fig.axes) == 3
    lines = fig.axes[2].get_lines()
    np.testing.assert_array_equal(lines[1].get_ydata(), v[:, 1])
    assert "[mV]" in fig.axes[2].get_ylabel()
    fig2 = P.plot_network(SimpleNamespace(spikes=st))
    assert len(fig2.axes) == 2


def test_plot_isi_histogram_density_and_overlay():
    rng = np.random.default_rng(0)
    t = np.cumsum(rng.exponential(20.0, 500))
    st = SpikeTrains(t, duration=float(t[-1]) + 1.0)
    ax = P.plot_isi_histogram(st, bins=30)
    d = np.diff(t)
    dens, edges = np.histogram(d, bins=30, density=True)
    np.testing.assert_allclose([r.get_height() for r in _by_gid(ax, "isi")], dens)
    (line,) = ax.get_lines()
    x = np.asarray(line.get_xdata())
    np.testing.assert_allclose(line.get_ydata(), np.exp(-x / d.mean()) / d.mean())
    assert f"CV = {np.std(d, ddof=1) / d.mean():.2f}" in ax.get_title()
    assert "[ms]" in ax.get_xlabel() and "[1/ms]" in ax.get_ylabel()
    with pytest.raises(ValueError, match="at least 2 interspike"):
        P.plot_isi_histogram([1.0, 2.0])


# -- f-I ------------------------------------------------------------------------
def test_plot_fi_curve_points_closed_form_and_rheobase():
    currents = np.linspace(0.0, 4.0, 9)
    rates = neuroai.fi_curve(currents)
    ax = P.plot_fi_curve(currents, rates, closed_form=neuroai.lif_rate,
                         rheobase=neuroai.rheobase())
    lines = {l.get_label(): l for l in ax.get_lines()}
    sim = lines["simulated"]
    np.testing.assert_array_equal(sim.get_xdata(), currents)
    np.testing.assert_array_equal(sim.get_ydata(), rates)
    cf = lines["closed form 1/ISI"]
    x = np.asarray(cf.get_xdata())
    # independent closed form: 1 / (tau ln((V_inf - v_reset)/(V_inf - v_th))), course defaults
    v_inf = -70.0 + 10.0 * x
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.where(v_inf > -55.0, 1e3 / (20.0 * np.log((v_inf + 80.0) / (v_inf + 55.0))), 0.0)
    np.testing.assert_allclose(cf.get_ydata(), want, rtol=1e-9)
    rb = [l for l in ax.get_lines() if l.get_label().startswith("rheobase")][0]
    np.testing.assert_allclose(rb.get_xdata(), [1.5, 1.5])      # (v_th - v_rest) / R
    assert "[nA]" in ax.get_xlabel() and "[Hz]" in ax.get_ylabel()


def test_plot_fi_curve_length_mismatch():
    with pytest.raises(ValueError, match=r"currents \[nA\] and rates \[Hz\]"):
        P.plot_fi_curve([1.0, 2.0], [3.0])


# -- synapses (stand-in results with the documented attributes) -----------------------
def _stand_in(spikes, eff, tau_syn=5.0, g_max=1.0):
    t = np.arange(0, 300.0, 0.1)
    g = np.zeros_like(t)
    for s, e in zip(spikes, eff):
        g += np.where(t >= s, g_max * e * np.exp(-(t - s) / tau_syn), 0.0)
    x = np.interp(t, spikes, 1 - eff)           # a plausible trace for drawing only
    u = np.interp(t, spikes, eff)
    # the attributes SynapseResponse documents; get_current() is a method there
    return SimpleNamespace(t=t, g=g, i=None, x=x, u=u, efficacy=eff,
                           input_spikes=SpikeTrains(spikes, duration=300.0),
                           get_current=lambda v_post: 1e-3 * g * (0.0 - v_post))


def test_plot_synapse_panels_and_content():
    spikes = np.arange(10.0, 300.0, 50.0)
    eff = tm_efficacies(spikes, 0.5, 800.0, 0.0)
    res = _stand_in(spikes, eff)
    fig = P.plot_synapse_response(res)
    ax_g, ax_s = fig.axes
    np.testing.assert_array_equal(ax_g.get_lines()[0].get_ydata(), res.g)
    (spk,) = _by_gid(ax_g, "spikes")
    np.testing.assert_array_equal(spk.get_xdata(), spikes)
    (e,) = _by_gid(ax_s, "efficacies")
    np.testing.assert_array_equal(e.get_ydata(), eff)
    assert "[nS]" in ax_g.get_ylabel() and "[ms]" in ax_s.get_xlabel()


def test_plot_synapse_current_only_and_empty_result():
    t = np.arange(10) * 0.1
    fig = P.plot_synapse_response(SimpleNamespace(t=t, i=np.ones(10), spike_times=[0.0]))
    assert len(fig.axes) == 1 and "[nA]" in fig.axes[0].get_ylabel()
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_ydata(), np.ones(10))
    with pytest.raises(ValueError, match="none of g, i"):
        P.plot_synapse_response(SimpleNamespace(t=t))


def test_plot_stp_comparison_normalised_efficacies():
    spikes = np.arange(10.0, 300.0, 20.0)          # 50 Hz
    dep = _stand_in(spikes, tm_efficacies(spikes, 0.5, 800.0, 0.0))
    fac = _stand_in(spikes, tm_efficacies(spikes, 0.03, 130.0, 530.0))
    fig = P.plot_stp_comparison(dep, fac)
    ax_e = fig.axes[2]
    d_line, f_line = [l for l in ax_e.get_lines() if l.get_label() in ("depressing", "facilitating")]
    np.testing.assert_allclose(d_line.get_ydata(), dep.efficacy / dep.efficacy[0])
    np.testing.assert_allclose(f_line.get_ydata(), fac.efficacy / fac.efficacy[0])
    assert d_line.get_ydata()[-1] < 1.0 < f_line.get_ydata()[-1]
    assert "[nS]" in fig.axes[0].get_ylabel()


# -- perceptron -------------------------------------------------------------------
def test_plot_perceptron_bars_sum_and_output():
    p = neuroai.Perceptron(weights=[0.5, -1.0, 2.0], bias=0.25, activation="sigmoid")
    x = np.array([1.0, 0.5, -0.25])
    fig = p.plot(x)
    a1, a2, a3 = fig.axes
    heights = [r.get_height() for r in _by_gid(a1, "weighted")]
    np.testing.assert_allclose(heights, [0.5, -0.5, -0.5])
    np.testing.assert_allclose([r.get_height() for r in _by_gid(a1, "inputs")], x)
    (zline,) = _by_gid(a2, "z")
    np.testing.assert_allclose(zline.get_ydata(), [-0.25, -0.25])   # 0.5-0.5-0.5+0.25
    (out,) = _by_gid(a3, "output")
    assert out.get_xdata()[0] == pytest.approx(-0.25)
    assert out.get_ydata()[0] == pytest.approx(1 / (1 + math.exp(0.25)))
    (curve,) = _by_gid(a3, "activation")
    zz = np.asarray(curve.get_xdata())
    np.testing.assert_allclose(curve.get_ydata(), 1 / (1 + np.exp(-zz)), rtol=1e-12)


def test_plot_decision_boundary_line_and_classes():
    p = neuroai.Perceptron(weights=[1.0, 2.0], bias=-1.5, activation="step")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
    y = np.array([0, 1, 0, 1])
    ax = P.plot_decision_boundary(p, X, y)
    (line,) = [l for l in ax.get_lines() if l.get_label() == "boundary"]
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    np.testing.assert_allclose(1.0 * xs + 2.0 * ys - 1.5, 0.0, atol=1e-12)
    colls = {c.get_label(): c for c in ax.collections if c.get_label().startswith("class")}
    assert len(colls["class 0"].get_offsets()) == 2 and len(colls["class 1"].get_offsets()) == 2
    assert "[input units]" in ax.get_xlabel()


def test_plot_decision_boundary_needs_two_inputs():
    with pytest.raises(ValueError, match="2 inputs"):
        P.plot_decision_boundary(neuroai.Perceptron(weights=[1.0, 1.0, 1.0]), np.zeros((2, 3)), [0, 1])


# -- Scenario 1 --------------------------------------------------------------------
def test_plot_flash_vs_sustained_bars_equal_outputs_and_counts():
    dt = 0.1
    flash = np.zeros(3000)
    flash[500:550] = 20.0                 # 5 ms x 20 nA = 100 nA ms
    sust = np.zeros(3000)
    sust[500:1500] = 1.0                  # 100 ms x 1 nA = 100 nA ms
    neuron = neuroai.LIFNeuron()
    fig = P.plot_flash_vs_sustained(
        scenarios.flash_vs_sustained(currents=(flash, sust), dt=dt, neuron=neuron))
    ax_p, ax_c = fig.axes[4], fig.axes[5]
    outs = [r.get_height() for r in _by_gid(ax_p, "perceptron")]
    # default perceptron: sigmoid(0.05 * 100 - 2) = sigmoid(3) for both
    np.testing.assert_allclose(outs, [1 / (1 + math.exp(-3.0))] * 2, rtol=1e-12)
    counts = [r.get_height() for r in _by_gid(ax_c, "lif")]
    want = [neuron.simulate(c, dt=dt).spike_counts for c in (flash, sust)]
    assert counts == want
    assert counts[0] != counts[1]         # the flash fires, 1 nA < rheobase does not
    for k in (2, 3):
        (m,) = _by_gid(fig.axes[k], "spikes")
        assert len(m.get_xdata()) == want[k - 2]
    assert "[nA]" in fig.axes[0].get_ylabel() and "[mV]" in fig.axes[2].get_ylabel()


# -- energy --------------------------------------------------------------------------
def test_plot_ledger_bar_widths_equal_ledger_values():
    led = E.compare_task(n_inputs=200, n_neurons=50, active_fraction=0.2)
    ax = led.plot()
    widths = [r.get_width() for r in _by_gid(ax, "energy")]
    np.testing.assert_allclose(widths, list(led.totals().values()))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(led.totals())
    tops = [r.get_y() for r in _by_gid(ax, "energy")]
    assert tops == sorted(tops, reverse=True)          # ledger order from the top
    assert "[J]" in ax.get_xlabel()
    ax2 = P.plot_ledger(led, by="row")
    np.testing.assert_allclose([r.get_width() for r in _by_gid(ax2, "energy")], led.energies())


def test_plot_ledger_bad_arguments():
    with pytest.raises(ValueError, match="empty"):
        P.plot_ledger(E.Ledger())
    with pytest.raises(ValueError, match="by must be"):
        P.plot_ledger(E.compare_task(), by="colour")


def test_plot_energy_vs_rate_lines_match_the_energy_model():
    ax = P.plot_energy_vs_rate(scenarios.brain_power(rates=[0.0, 1.0, 2.0, 4.0]))
    lines = {l.get_gid(): l for l in ax.get_lines()}
    # hand values: resting 86e9 x 4.3e8 x 9.1e-20 W plus r x 86e9 x 7.12e8 x 9.1e-20 W
    rest = 86e9 * 4.3e8 * 9.1e-20
    per_hz = 86e9 * 7.12e8 * 9.1e-20
    np.testing.assert_allclose(lines["power"].get_ydata(), rest + per_hz * np.array([0, 1, 2, 4.0]))
    np.testing.assert_allclose(lines["budget"].get_ydata(), [15.0, 15.0])
    np.testing.assert_allclose(lines["affordable rate"].get_xdata(), [2.088, 2.088], atol=0.002)
    # the dashed line is 75 % of the brain's 20 W: its label says which budget and how much
    assert lines["budget"].get_label() == "signalling budget 15 W"
    assert lines["affordable rate"].get_label() == "affordable rate 2.1 Hz"
    assert "[Hz]" in ax.get_xlabel() and "[W]" in ax.get_ylabel()


# -- import hygiene --------------------------------------------------------------------
def test_import_neuroai_does_not_import_matplotlib():
    code = ("import sys, neuroai, neuroai.analysis, neuroai.energy; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plot_network_draws_every_recorded_trace():
    # stand-in with NetworkResult's documented attributes
    T = 200
    t = np.arange(T) * 0.1
    res = SimpleNamespace(
        spikes=SpikeTrains([1.0, 5.0], [0, 3], n=4, duration=20.0), t=t,
        v=np.column_stack([np.full(T, -70.0), np.linspace(-70, -56, T)]),
        g=np.column_stack([np.exp(-t / 5.0), np.zeros(T)]), i_syn=None,
        x=np.linspace(1.0, 0.5, T)[:, None], u=None,
        recorded_neurons=np.array([0, 3]))
    fig = P.plot_network(res)
    assert len(fig.axes) == 5          # raster, rate, V, g, STP
    (v3,) = [l for l in fig.axes[2].get_lines() if l.get_label() == "neuron 3"]
    np.testing.assert_array_equal(v3.get_ydata(), res.v[:, 1])
    np.testing.assert_array_equal(fig.axes[3].get_lines()[0].get_ydata(), res.g[:, 0])
    np.testing.assert_array_equal(_by_gid(fig.axes[4], "x")[0].get_ydata(), res.x[:, 0])
    assert "[mV]" in fig.axes[2].get_ylabel() and "[nS]" in fig.axes[3].get_ylabel()
    assert "[1]" in fig.axes[4].get_ylabel() and "[ms]" in fig.axes[4].get_xlabel()


def test_plot_lif_with_synapse_stand_in():
    # stand-in with LIFWithSynapseResult's documented attributes
    T = 1000
    t = np.arange(T) * 0.1
    pre = SpikeTrains([10.0, 30.0, 50.0], duration=100.0)
    res = SimpleNamespace(t=t, v=np.linspace(-70, -60, T), g=np.exp(-t / 5.0),
                          x=np.linspace(1, 0.4, T), spike_times=np.array([42.0, 77.0]),
                          input_spikes=pre)
    fig = P.plot_lif_with_synapse(res)
    ax_g, ax_x, ax_v = fig.axes
    np.testing.assert_array_equal(_by_gid(ax_g, "input_spikes")[0].get_xdata(), pre.times)
    np.testing.assert_array_equal(_by_gid(ax_g, "g")[0].get_ydata(), res.g)
    np.testing.assert_array_equal(_by_gid(ax_x, "x")[0].get_ydata(), res.x)
    np.testing.assert_array_equal(_by_gid(ax_v, "spikes")[0].get_xdata(), [42.0, 77.0])
    assert "[nS]" in ax_g.get_ylabel() and "[mV]" in ax_v.get_ylabel()


def test_plot_package_imports_no_model_module():
    # drawing only: no import of a module that builds or simulates models (so no
    # import cycle with the results' plot() methods)
    import ast
    import pathlib
    models = {"lif", "perceptron", "synapses", "network", "energy", "results", "stimuli",
              "course", "interactive", "exercises"}
    for path in pathlib.Path(P.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 2:
                names = {node.module} if node.module else {a.name for a in node.names}
                assert not names & models, f"{path.name} imports {names & models}"
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("neuroai"):
                assert node.module.split(".")[1] not in models, f"{path.name}: {node.module}"
