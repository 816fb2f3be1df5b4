"""neuroai.plotting: the course's figure functions, called as the course's
notebooks 12-15 call them, draw what they are given."""
import math
import subprocess
import sys
import types

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from neuroai import plotting as P  # noqa: E402


class FakeTensor:
    """Duck-typed stand-in for a torch tensor (torch is not a dependency)."""

    def __init__(self, a):
        self._a = np.asarray(a)
        self.calls = []

    def detach(self):
        self.calls.append("detach")
        return self

    def cpu(self):
        self.calls.append("cpu")
        return self

    def numpy(self):
        self.calls.append("numpy")
        return self._a

    def __array__(self, dtype=None, copy=None):       # pragma: no cover - must not be used
        raise AssertionError("a tensor must be read through .detach().cpu().numpy()")


def lines(ax):
    return [ln for ln in ax.get_lines()]


def line_with(ax, ydata):
    y = np.asarray(ydata, dtype=float)
    for ln in ax.get_lines():
        if np.shape(ln.get_ydata()) == y.shape and np.allclose(ln.get_ydata(), y,
                                                               equal_nan=True):
            return ln
    raise AssertionError("no line with that data")


def _is(data, values):
    return np.shape(data) == (2,) and np.allclose(np.asarray(data, dtype=float), values)


def hline_at(ax, y):
    return any(_is(ln.get_ydata(), [y, y]) and _is(ln.get_xdata(), [0, 1])
               for ln in ax.get_lines())


def vline_at(ax, x):
    return any(_is(ln.get_xdata(), [x, x]) and _is(ln.get_ydata(), [0, 1])
               for ln in ax.get_lines())


def title_of(fig):
    return fig._suptitle.get_text() if fig._suptitle is not None else ""


# ---------------------------------------------------------------------------
# course twins, written from notebook 12's loops, to make realistic inputs
# ---------------------------------------------------------------------------

def course_synapse_loop(time, spike_times_pre, g_max, tau_syn, tau_rec=None, u=None):
    g, x, gs, xs = 0.0, 1.0, [], []
    dt = time[1] - time[0]
    for t in time:
        if any(abs(t - st) < dt / 2 for st in spike_times_pre):
            if tau_rec is None:
                g += g_max
            else:
                released = u * x
                x -= released
                g += g_max * released
        gs.append(g)
        xs.append(x)
        g *= np.exp(-dt / tau_syn)
        if tau_rec is not None:
            x += (1 - x) * (dt / tau_rec)
    return np.array(gs), np.array(xs)


# ---------------------------------------------------------------------------
# notebook 12
# ---------------------------------------------------------------------------

def test_activation_functions_comparison_as_notebook_12_calls_it():
    z = np.linspace(-5, 5, 200)
    sig, relu, tanh = 1 / (1 + np.exp(-z)), np.maximum(0, z), np.tanh(z)
    fig = P.plot_activation_functions_comparison(z, sig, relu, tanh, same_range=False)
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    for ax, y, name in zip(fig.axes, (sig, relu, tanh), ("Sigmoid", "ReLU", "Tanh")):
        ln = line_with(ax, y)
        assert np.array_equal(ln.get_xdata(), z)
        assert name in ax.get_title()
        assert ax.get_xlabel() == "Input (z)" and ax.get_ylabel() == "Output"
        assert hline_at(ax, 0.0) and vline_at(ax, 0.0)
    same = P.plot_activation_functions_comparison(z, sig, relu, tanh)
    assert all(ax.get_ylim() == (-1.0, 5.0) for ax in same.axes)


def test_perceptron_computation_bars_hold_the_numbers():
    w, x, b = np.array([0.3, -0.2, 0.5]), np.array([1.0, 0.5, -0.3]), 0.05
    wx = w * x
    z = wx.sum() + b
    out = 1 / (1 + math.exp(-z))
    fig = P.plot_perceptron_computation(wx, b, z, out)
    a1, a2, a3 = fig.axes
    assert [p.get_height() for p in a1.patches] == pytest.approx(wx)
    assert [t.get_text() for t in a1.get_xticklabels()] == ["x1×w1", "x2×w2", "x3×w3"]
    assert [p.get_height() for p in a2.patches] == pytest.approx([wx.sum(), b, z])
    assert [p.get_height() for p in a3.patches] == pytest.approx([z, out])
    assert f"{out:.3f}" in [t.get_text() for t in a3.texts]


def test_layer_response_bars_histogram_and_mean():
    y = np.random.default_rng(0).uniform(0, 1, 20)
    fig = P.plot_layer_response(y)
    a1, a2 = fig.axes
    assert [p.get_height() for p in a1.patches] == pytest.approx(y)
    assert hline_at(a1, y.mean())
    assert len(a2.patches) == 10 and sum(p.get_height() for p in a2.patches) == 20
    assert title_of(fig) == "Perceptron Layer Response"
    assert P.plot_layer_response(y, "my layer")._suptitle.get_text() == "my layer"


def test_lif_response_as_notebook_12_calls_it():
    dt, duration = 0.1, 200
    time = np.arange(0, duration, dt)
    current = np.zeros_like(time)
    current[(time >= 20) & (time < 150)] = 2.0
    v, vs, spikes = -70.0, [], []
    for k, I in enumerate(current):                     # the course's LIFNeuron.simulate
        v += (-(v + 70.0) + 10.0 * I) * (dt / 20.0)
        if v >= -55.0:
            v = -80.0
            spikes.append(k * dt)
        vs.append(v)
    fig = P.plot_lif_response(time, current, np.array(vs), spikes, -55.0, -70.0)
    a1, a2 = fig.axes
    assert np.array_equal(line_with(a1, current).get_xdata(), time)
    line_with(a2, vs)
    assert hline_at(a2, -55.0) and hline_at(a2, -70.0)
    marks = line_with(a2, np.full(len(spikes), -40.0))
    assert np.allclose(marks.get_xdata(), spikes) and len(spikes) >= 2
    assert a1.get_ylabel() == "Current (nA)" and a2.get_ylabel() == "Voltage (mV)"
    assert a2.get_xlabel() == "Time (ms)"
    # no spikes: no markers, no error
    quiet = P.plot_lif_response(time, 0 * current, np.full(time.shape, -70.0), [], -55.0, -70.0)
    assert len(lines(quiet.axes[1])) == 3


def test_fi_curve_with_and_without_rheobase():
    currents = np.linspace(0, 4, 30)
    rates = np.maximum(0, 40 * (currents - 1.5))
    fig = P.plot_fi_curve(currents, rates, currents[np.where(rates > 0)[0][0]])
    ax = fig.axes[0]
    ln = line_with(ax, rates)
    assert np.array_equal(ln.get_xdata(), currents) and ln.get_marker() == "o"
    assert vline_at(ax, currents[np.where(rates > 0)[0][0]])
    assert "Rheobase" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_xlabel() == "Input Current (nA)" and ax.get_ylabel() == "Firing Rate (Hz)"
    none = P.plot_fi_curve(currents, 0 * rates, None)
    assert len(lines(none.axes[0])) == 1


def test_synaptic_response_as_notebook_12_calls_it():
    dt = 0.1
    time = np.arange(0, 150, dt)
    pre = [10, 30, 35, 40, 80, 120]
    g, _ = course_synapse_loop(time, pre, 2.0, 5.0)
    i = list(g * (0.0 - (-70)))                         # lists, as the notebook passes
    fig = P.plot_synaptic_response(time, list(g), i, pre)
    a1, a2 = fig.axes
    line_with(a1, g)
    line_with(a2, i)
    for ax in (a1, a2):
        assert np.array_equal(line_with(ax, np.zeros(6)).get_xdata(), pre)
    assert a1.get_ylabel() == "g (nS)" and a2.get_ylabel() == "I (nA)"
    assert g[100] == 2.0                                   # g_max at the first spike (10 ms)


def test_synapse_comparison_as_notebook_12_calls_it():
    dt = 0.1
    time = np.arange(0, 500, dt)
    pre = np.arange(50, 400, 50)
    g_reg, _ = course_synapse_loop(time, pre, 2.0, 5.0)
    g_dep, x = course_synapse_loop(time, pre, 4.0, 5.0, tau_rec=200.0, u=0.5)
    fig = P.plot_synapse_comparison(time, g_reg, g_dep, x, pre)
    a1, a2, a3 = fig.axes
    line_with(a1, g_reg)
    line_with(a2, g_dep)
    line_with(a3, x)
    assert a3.get_ylim() == (0.0, 1.1) and a3.get_ylabel() == "x"
    assert "Depressing" in a2.get_title()


def test_stp_comparison_one_panel_per_setting_and_the_placeholder():
    dt = 0.1
    time = np.arange(0, 500, dt)
    pre = np.arange(50, 400, 50)
    params = [{"name": "Standard", "tau_rec": 200, "u": 0.5, "color": "blue"},
              {"name": "Fast Recovery", "tau_rec": 50, "u": 0.5, "color": "green"},
              {"name": "High Release", "tau_rec": 200, "u": 0.8, "color": "red"}]
    traces = [dict(name=p["name"], color=p["color"],
                   g_trace=course_synapse_loop(time, pre, 4.0, 5.0, p["tau_rec"], p["u"])[0])
              for p in params]
    fig = P.plot_stp_comparison(time, traces, pre)
    assert len(fig.axes) == 3
    for ax, tr in zip(fig.axes, traces):
        assert ax.get_title() == tr["name"]
        assert matplotlib.colors.same_color(line_with(ax, tr["g_trace"]).get_color(),
                                            tr["color"])
    # notebook 12 leaves the call as `plot_stp_comparison(...)` for the student
    placeholder = P.plot_stp_comparison(...)
    assert "traces" in placeholder.axes[0].texts[0].get_text()
    with pytest.raises(ValueError, match="at least one"):
        P.plot_stp_comparison(time, [], pre)


def test_complete_neuron_as_notebook_12_calls_it():
    dt, duration = 0.1, 1000
    time = np.arange(0, duration, dt)
    pre = np.random.default_rng(42).random(len(time)) < 30 * dt / 1000
    g, x, v = np.cumsum(pre) * 0.1, np.linspace(1, 0.5, len(time)), np.full(len(time), -65.0)
    post = [12.3, 456.7]
    fig = P.plot_complete_neuron(time, pre, g, x, v, post, -55.0)
    a1, a2, a3, a4, a2x = fig.axes
    assert np.allclose(lines(a1)[0].get_xdata(), time[pre])
    line_with(a2, g)
    line_with(a2x, x)
    assert a2x.get_ylim() == (0.0, 1.1)
    line_with(a3, v)
    assert hline_at(a3, -55.0)
    assert np.allclose(lines(a4)[0].get_xdata(), post)
    assert a4.get_xlabel() == "Time (ms)"


def test_io_comparison_as_notebook_12_calls_it():
    intens = np.linspace(0, 3, 25)
    p_out = 1 / (1 + np.exp(-intens))
    lif = np.sqrt(intens * 50)
    fig = P.plot_io_comparison(intens, p_out, intens * 50, lif)
    a1, a2 = fig.axes
    assert np.array_equal(line_with(a1, p_out).get_xdata(), intens)
    assert np.allclose(line_with(a2, lif).get_xdata(), intens * 50)
    assert a2.get_xlabel() == "Input Rate (Hz)" and a2.get_ylabel() == "Output Rate (Hz)"


# ---------------------------------------------------------------------------
# notebook 13
# ---------------------------------------------------------------------------

def stdp_window(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    dw = np.zeros_like(delta_t, dtype=float)
    dw[delta_t > 0] = A_plus * np.exp(-delta_t[delta_t > 0] / tau_plus)
    dw[delta_t < 0] = -A_minus * np.exp(delta_t[delta_t < 0] / tau_minus)
    return dw


def test_stdp_window_as_notebook_13_calls_it():
    d = np.linspace(-100, 100, 1000)
    fig = P.plot_stdp_window(d, stdp_window(d))
    ax = fig.axes[0]
    assert np.array_equal(line_with(ax, stdp_window(d)).get_xdata(), d)
    assert len(ax.collections) == 2          # LTP and LTD shading
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("LTP" in n for n in names) and any("LTD" in n for n in names)
    assert ax.get_xlabel() == "Δt = t_post - t_pre (ms)" and ax.get_ylabel() == "Δw"


@pytest.fixture(scope="module")
def stdp_run():
    """Notebook 13's experiment, shortened: input, pattern, a plain LIF with
    trace STDP (the course's rules), weights every 100 steps."""
    rng = np.random.default_rng(42)
    dt, n_steps, n_in = 1.0, 2000, 30
    inp = rng.random((n_steps, n_in)) < 0.01
    template = rng.random((50, n_in)) < 0.02
    pattern_times, t0 = [], 200
    while t0 < n_steps - 50:
        inp[t0:t0 + 50] = template
        pattern_times.append(t0)
        t0 += 200 + int(rng.integers(0, 100))
    w = rng.uniform(0.1, 0.5, n_in)
    v, xt, yt = -65.0, np.zeros(n_in), 0.0
    v_rec, w_rec, out = np.zeros(n_steps), np.zeros((n_steps // 100, n_in)), []
    for t in range(n_steps):
        xt *= math.exp(-dt / 20)
        yt *= math.exp(-dt / 20)
        s = inp[t]
        xt[s] += 1.0
        w[s] -= 0.01 * yt
        w = np.clip(w, 0, 0.5)
        v += (-(v + 65.0) + 10.0 * w[s].sum()) / 20.0 * dt * 40
        if v >= -50.0:
            v = -65.0
            yt += 1.0
            w = np.clip(w + 0.015 * xt, 0, 0.5)
            out.append(t)
        v_rec[t] = v
        if t % 100 == 0:
            w_rec[t // 100] = w
    active = template.sum(axis=0)
    return dict(dt=dt, n_steps=n_steps, inp=inp, pattern_times=pattern_times, v=v_rec,
                w=w_rec, out=out, pi=np.where(active > 0)[0], ni=np.where(active == 0)[0])


def test_input_spike_train_as_notebook_13_calls_it(stdp_run):
    r = stdp_run
    fig = P.plot_input_spike_train(r["inp"], r["pattern_times"], 50, r["n_steps"], r["dt"])
    ax = fig.axes[0]
    steps, neurons = np.nonzero(r["inp"])
    raster = line_with(ax, neurons)
    assert np.array_equal(raster.get_xdata(), steps * r["dt"])
    spans = [p for p in ax.patches]
    assert len(spans) == len(r["pattern_times"])
    assert ax.get_xlim() == (0.0, r["n_steps"] * r["dt"])


def test_stdp_simulation_results_as_notebook_13_calls_it(stdp_run):
    r = stdp_run
    assert r["out"], "the run must fire for this test to mean something"
    fig = P.plot_stdp_simulation_results(r["v"], r["out"], r["inp"], r["w"], r["pattern_times"],
                                         50, r["pi"], r["ni"], r["dt"])
    a0, a1, a2, a3 = fig.axes
    line_with(a1, r["v"])
    spikes = [ln for ln in lines(a1) if ln.get_marker() == "|"][0]
    assert np.allclose(spikes.get_xdata(), np.array(r["out"]) * r["dt"])
    t_w = np.arange(r["w"].shape[0]) * 100 * r["dt"]
    mean_p = line_with(a2, r["w"][:, r["pi"]].mean(axis=1))
    assert np.allclose(mean_p.get_xdata(), t_w)
    line_with(a2, r["w"][:, r["ni"]].mean(axis=1))
    assert [p.get_height() for p in a3.patches] == pytest.approx(r["w"][-1])
    red = [matplotlib.colors.same_color(p.get_facecolor(), "tab:red") for p in a3.patches]
    assert np.flatnonzero(red).tolist() == list(r["pi"])


def test_weight_evolution_as_notebook_13_calls_it(stdp_run):
    r = stdp_run
    fig = P.plot_weight_evolution(r["w"], r["pi"], r["ni"], r["n_steps"], r["dt"],
                                  title="Exercise 1: Weight Evolution (A+ > A-)")
    ax = fig.axes[0]
    assert ax.get_title() == "Exercise 1: Weight Evolution (A+ > A-)"
    # one thin line per synapse plus the two group means
    assert len(lines(ax)) == r["w"].shape[1] + 2
    line_with(ax, r["w"][:, r["pi"]].mean(axis=1))
    # the exercise's empty record (the student has not run it yet) still draws
    empty = np.zeros((r["n_steps"] // 100, r["w"].shape[1]))
    P.plot_weight_evolution(empty, r["pi"], r["ni"], r["n_steps"], r["dt"], title="x")


# ---------------------------------------------------------------------------
# notebook 14
# ---------------------------------------------------------------------------

def test_raster_from_list_as_notebook_14_calls_it():
    rng = np.random.default_rng(42)
    trial = [np.sort(rng.uniform(0, 1.0, rng.poisson(15))) for _ in range(20)]
    trial[3] = np.array([])
    fig = P.plot_raster_from_list(trial, "Raster Plot - Stimulus A (Trial 0)")
    ax = fig.axes[0]
    assert ax.get_title() == "Raster Plot - Stimulus A (Trial 0)"
    assert len(lines(ax)) == 20
    for n, (ln, t) in enumerate(zip(lines(ax), trial)):
        assert np.array_equal(ln.get_xdata(), t) and np.all(ln.get_ydata() == n)
    assert ax.get_xlabel() == "Time (s)" and ax.get_ylabel() == "Neuron Index"


# ---------------------------------------------------------------------------
# notebook 15 (torch tensors: duck-typed, torch never imported)
# ---------------------------------------------------------------------------

def lateral(num_steps=100, n=30, w=5.0):
    inp = np.zeros((num_steps, n))
    inp[:, : n // 2] = 0.8
    inp[:, n // 2:] = 0.2
    W = np.zeros((n, n))
    for i in range(n):
        if i > 0:
            W[i, i - 1] = -w
        if i < n - 1:
            W[i, i + 1] = -w
    mem, spk, rec = np.zeros(n), np.zeros(n), []
    for s in range(num_steps):                   # a leaky neuron with beta 0.9, threshold 1
        mem = 0.9 * mem + inp[s] + W @ spk - spk
        spk = (mem > 1.0).astype(float)
        rec.append(spk)
    return inp, W, np.array(rec)


def test_lateral_inhibition_figures_take_tensors():
    inp, W, spk = lateral()
    n = inp.shape[1]
    rate = spk.mean(axis=0)
    t_inp, t_rate = FakeTensor(inp), FakeTensor(rate)
    fig = P.plot_input_profile(t_inp, n)
    assert t_inp.calls == ["detach", "cpu", "numpy"]
    assert np.array_equal(line_with(fig.axes[0], inp[0]).get_xdata(), np.arange(n))

    fig = P.plot_weight_matrix(FakeTensor(W))
    im = fig.axes[0].images[0]
    assert np.array_equal(im.get_array(), W)
    assert im.get_clim() == (-5.0, 5.0) and len(fig.axes) == 2          # and a colorbar
    assert fig.axes[0].get_title() == "Lateral Inhibition Weight Matrix"
    fig = P.plot_weight_matrix(FakeTensor(W), title="Wide Inhibition Weight Matrix")
    assert fig.axes[0].get_title() == "Wide Inhibition Weight Matrix"

    fig = P.plot_simulation_results(t_inp, t_rate, n)
    ax, ax2 = fig.axes
    line_with(ax, inp[0])
    line_with(ax2, rate)
    assert ax2.texts[0].get_text() == "Edge Enhancement"

    fig = P.plot_raster(FakeTensor(spk))
    steps, neurons = np.nonzero(spk)
    ln = line_with(fig.axes[0], neurons)
    assert np.array_equal(ln.get_xdata(), steps)

    conv = np.convolve(inp[0], [-0.5, 1.0, -0.5], mode="same")
    fig = P.plot_cnn_comparison(t_rate, FakeTensor(conv), n)
    line_with(fig.axes[0], rate)
    line_with(fig.axes[1], conv)


class NumpyHopfield:
    def __init__(self, num_neurons):
        self.weights = np.zeros((num_neurons, num_neurons))

    def train(self, patterns):
        self.weights = patterns.T @ patterns / patterns.shape[1]
        np.fill_diagonal(self.weights, 0.0)


def test_hopfield_figures():
    n_sqrt = 10
    p1 = -np.ones((n_sqrt, n_sqrt))
    p1[n_sqrt // 2, :] = 1
    p1[:, n_sqrt // 2] = 1
    p2 = -np.ones((n_sqrt, n_sqrt))
    p2[2:-2, 2:-2] = 1
    fig = P.plot_hopfield_patterns(FakeTensor(p1.ravel()), FakeTensor(p2.ravel()), n_sqrt)
    assert [ax.get_title() for ax in fig.axes] == ["Stored Pattern 1", "Stored Pattern 2"]
    assert np.array_equal(fig.axes[1].images[0].get_array(), p2)
    corrupted = p1.ravel().copy()
    corrupted[::3] *= -1
    fig = P.plot_hopfield_recall(p1.ravel(), corrupted, p1.ravel(), n_sqrt, 0.3)
    assert fig.axes[1].get_title() == "Corrupted (30% noise)"
    assert np.array_equal(fig.axes[1].images[0].get_array(), corrupted.reshape(10, 10))


def test_hopfield_topology_edges_follow_the_weights():
    ex_x, ex_y, in_x, in_y, nx_, ny_, text, col = P.get_graph_data(5, NumpyHopfield)
    assert len(nx_) == 5 and np.allclose(np.hypot(nx_, ny_), 1.0)
    # every pair of a complete graph is one segment (x0, x1, None), excitatory or not
    assert (len(ex_x) + len(in_x)) % 3 == 0
    assert (len(ex_x) + len(in_x)) // 3 <= 10 and ex_x[2::3] == [None] * (len(ex_x) // 3)
    same = sum(1 for a in range(5) for b in range(a + 1, 5) if col[a] == col[b])
    assert len(ex_x) // 3 == same               # same sign: w > 0
    fig = P.plot_hopfield_topology(NumpyHopfield)
    assert len(fig.axes) == 10
    assert [ax.get_title() for ax in fig.axes] == [f"{n} neurons" for n in range(3, 13)]


def test_hopfield_topology_with_a_torch_network(monkeypatch):
    """A network written with torch gets the pattern as a tensor, through
    the torch the notebook already imported."""
    made = []
    fake_torch = types.SimpleNamespace(float32="float32",
                                       as_tensor=lambda a, dtype=None: made.append(dtype)
                                       or FakeTensor(a))
    monkeypatch.setitem(sys.modules, "torch", fake_torch)

    class TorchHopfield(NumpyHopfield):
        def train(self, patterns):
            if not isinstance(patterns, FakeTensor):
                raise TypeError("matmul(): argument 'input' must be Tensor")
            super().train(patterns.numpy())

    ex = P.get_graph_data(4, TorchHopfield)
    assert made == ["float32"] and len(ex[4]) == 4


def test_no_torch_no_plotly_and_a_figure_each_call():
    code = ("import sys, numpy as np, matplotlib; matplotlib.use('Agg');"
            "from neuroai import plotting as P;"
            "f = P.plot_raster_from_list([np.array([0.1, 0.2])], 't');"
            "print(type(f).__mro__[1].__name__, 'torch' in sys.modules, "
            "'plotly' in sys.modules, 'networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["Figure", "False", "False", "False"]


def test_jupyter_displays_a_figure_once(monkeypatch):
    IPython = pytest.importorskip("IPython")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **k: shown.append(obj))
    fig = P.plot_fi_curve([0, 1, 2], [0, 5, 10])
    fig._ipython_display_()                 # what display(fig) does in a kernel
    fig._ipython_display_()                 # the cell's value: already shown, nothing
    assert len(shown) == 1 and type(shown[0]).__name__ == "Image"


def test_every_course_name_is_exported():
    called = {   # the names notebooks 12-15 call, read from their cells
        "plot_activation_functions_comparison", "plot_complete_neuron", "plot_fi_curve",
        "plot_io_comparison", "plot_layer_response", "plot_lif_response",
        "plot_perceptron_computation", "plot_stp_comparison", "plot_synapse_comparison",
        "plot_synaptic_response", "plot_stdp_window", "plot_input_spike_train",
        "plot_stdp_simulation_results", "plot_weight_evolution", "plot_raster_from_list",
        "plot_input_profile", "plot_weight_matrix", "plot_simulation_results", "plot_raster",
        "plot_cnn_comparison", "plot_hopfield_patterns", "plot_hopfield_topology",
        "plot_hopfield_recall"}
    assert called <= set(P.__all__)
    assert all(callable(getattr(P, n)) for n in P.__all__)


def test_intro_figures():
    t = np.arange(0, 100, 0.1)
    fig = P.plot_lif_simulation(t, np.ones_like(t), -70 + t / 10, [10.0, 50.0], -55.0)
    assert hline_at(fig.axes[1], -55.0)
    fig = P.plot_static_vs_dynamic(t, np.ones_like(t), 0.5 * np.ones_like(t), -70 + t / 10,
                                   np.array([10.0]), -55.0)
    assert len(fig.axes) == 3
    fig = P.plot_synaptic_conductance(t, np.exp(-t / 5), [0.0])
    line_with(fig.axes[0], np.exp(-t / 5))
    x = np.linspace(-3, 3, 7)
    fig = P.plot_activation_functions(x, 1 / (1 + np.exp(-x)), np.tanh(x), np.maximum(0, x))
    assert fig.axes[0].get_ylim() == (-1.0, 3.0)
    fig = P.plot_neuron_population_response(np.arange(5.0))
    assert hline_at(fig.axes[0], 2.0)
    fig = P.plot_population_coding([1, 2], [3, 4])
    line_with(fig.axes[0], [3, 4])


def test_in_a_jupyter_kernel_each_figure_shows_once(tmp_path):
    """The course's cells: a figure call as the cell's last line, and two
    calls in one cell (notebook 14's rasters) each show exactly one image."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import tutorial
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import numpy as np\nfrom neuroai.plotting import "
                                  "plot_fi_curve, plot_raster_from_list"),
        nbformat.v4.new_code_cell("plot_fi_curve(np.linspace(0, 4, 5), [0, 0, 10, 20, 30], 2.0)"),
        nbformat.v4.new_code_cell("plot_raster_from_list([np.array([0.1, 0.5])], 'A')\n"
                                  "plot_raster_from_list([np.array([0.2])], 'B')\nx = 1"),
        nbformat.v4.new_code_cell("fig = plot_fi_curve([0, 1], [0, 1])\nprint(len(fig.axes))"),
    ]
    path = tmp_path / "figures.ipynb"
    nbformat.write(nb, path)
    done, _ = tutorial.execute(path, timeout=120)

    def images(cell):
        return sum("image/png" in o.get("data", {}) for o in cell.outputs)
    assert [images(c) for c in done.cells] == [0, 1, 2, 1]
    assert "1" in "".join(o.get("text", "") for o in done.cells[3].outputs)


def test_day15_figures_on_the_course_hopfield_network():
    """notebook 15's Hopfield cells with neuroai.course.HopfieldNetwork in
    place of its torch class: the figures hold the twin's numbers."""
    from neuroai.course import HopfieldNetwork
    for n in (3, 5, 12):
        assert P.get_graph_data(n, HopfieldNetwork) == P.get_graph_data(n, NumpyHopfield)
    fig = P.plot_hopfield_topology(HopfieldNetwork)
    assert [ax.get_title() for ax in fig.axes] == [f"{n} neurons" for n in range(3, 13)]
    for ax, n in zip(fig.axes, range(3, 13)):
        twin = NumpyHopfield(n)
        rng = np.random.default_rng(n)              # get_graph_data's documented seed
        twin.train(np.where(rng.standard_normal((1, n)) > 0, 1.0, -1.0))
        iu = np.triu_indices(n, 1)
        ex, inh = ax.get_lines()[:2]
        assert len(ex.get_xdata()) == 3 * int(np.sum(twin.weights[iu] > 0))
        assert len(inh.get_xdata()) == 3 * int(np.sum(twin.weights[iu] < 0))

    n_sqrt = 10
    p1 = -np.ones((n_sqrt, n_sqrt))
    p1[n_sqrt // 2, :] = 1
    p1[:, n_sqrt // 2] = 1
    p2 = -np.ones((n_sqrt, n_sqrt))
    p2[2:-2, 2:-2] = 1
    patterns = np.stack([p1.ravel(), p2.ravel()])
    hopfield = HopfieldNetwork(n_sqrt * n_sqrt)
    hopfield.train(patterns)
    fig = P.plot_weight_matrix(hopfield.weights,
                               title="Hopfield Network Weight Matrix (Hebbian Learning)")
    want = patterns.T @ patterns / 100
    np.fill_diagonal(want, 0.0)
    assert np.allclose(fig.axes[0].images[0].get_array(), want, rtol=0, atol=1e-15)
    assert fig.axes[0].get_title() == "Hopfield Network Weight Matrix (Hebbian Learning)"

    corrupted = p1.ravel().copy()
    corrupted[np.random.default_rng(0).random(100) < 0.3] *= -1
    recovered = hopfield.predict(corrupted, steps=5)
    fig = P.plot_hopfield_recall(p1.ravel(), corrupted, recovered, n_sqrt, 0.3)
    assert [ax.get_title() for ax in fig.axes] == ["Original", "Corrupted (30% noise)",
                                                   "Recovered"]
    assert np.array_equal(fig.axes[2].images[0].get_array(), recovered.reshape(10, 10))
    # one grey scale for every panel: -1 black, 0 (sign(0) = 0) grey, +1 white
    half = np.zeros(100)
    half[:50] = 1
    fig = P.plot_hopfield_recall(p1.ravel(), corrupted, half, n_sqrt, 0.3)
    assert all(ax.images[0].get_clim() == (-1.0, 1.0) for ax in fig.axes)


def test_the_two_plot_hopfield_recall_are_distinct_and_say_so():
    from neuroai import plot as package_plot
    assert package_plot.plot_hopfield_recall is not P.plot_hopfield_recall
    assert "neuroai.plotting.plot_hopfield_recall" in package_plot.plot_hopfield_recall.__doc__
    assert "neuroai.plot.plot_hopfield_recall" in P.plot_hopfield_recall.__doc__
