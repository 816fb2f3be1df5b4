"""The figures of the public AIMS NeuroAI course, drawn with matplotlib.

The course's notebooks 12-15 (the neuron and the perceptron, STDP, spike
train analysis, lateral inhibition) import their figures from
``neuroai.plotting``.  This module gives every function they call, with the
same name, the same positional signature and the same meaning of each
argument, drawn with matplotlib (no plotly, no torch, no networkx), so the
notebooks run on ``neuroai`` unmodified.

Inputs are what the notebooks pass: lists, NumPy arrays, or torch tensors
(read through ``.detach().cpu().numpy()``; torch itself is never imported).
Each function returns the :class:`matplotlib.figure.Figure` it drew, whose
panels are ``fig.axes``.  In a Jupyter kernel the figure is displayed when
it is made, as the course's figures are, and returning it as a cell's last
value does not display it a second time; in a script, ``plt.show()`` shows
it.

Units are the course's: time ms (seconds in :func:`plot_raster_from_list`,
as notebook 14 generates its trains in seconds), voltage mV, current nA,
conductance nS, rates Hz.

=================================== ==========================================
notebook 12: the neuron and the perceptron
------------------------------------------------------------------------------
``plot_activation_functions_comparison`` sigmoid, ReLU and tanh side by side
``plot_perceptron_computation``     inputs x weights, the sum, the activation
``plot_layer_response``             a layer's outputs and their histogram
``plot_lif_response``               input current and membrane potential
``plot_fi_curve``                   firing rate against current, the rheobase
``plot_synaptic_response``          conductance and current of a synapse
``plot_synapse_comparison``         static vs depressing synapse, vesicles x
``plot_stp_comparison``             one conductance panel per STP setting
``plot_complete_neuron``            input spikes, g and x, V, output spikes
``plot_io_comparison``              perceptron vs LIF input/output curves
notebook 13: STDP
------------------------------------------------------------------------------
``plot_stdp_window``                the learning window, LTP and LTD shaded
``plot_input_spike_train``          the input raster with the hidden pattern
``plot_stdp_simulation_results``    V, output spikes and the weights learned
``plot_weight_evolution``           pattern vs other weights over time
notebook 14: spike train analysis
------------------------------------------------------------------------------
``plot_raster_from_list``           a raster of one spike-time array per neuron
notebook 15: lateral inhibition and Hopfield networks
------------------------------------------------------------------------------
``plot_input_profile``              the input across neurons
``plot_weight_matrix``              a weight matrix as a heat map
``plot_simulation_results``         input and output rate across neurons
``plot_raster``                     a raster of a (steps, neurons) spike array
``plot_cnn_comparison``             SNN rate vs a convolution's output
``plot_hopfield_patterns``          two stored patterns as images
``plot_hopfield_recall``            original, corrupted and recovered pattern
``plot_hopfield_topology``          a small Hopfield network as a graph
=================================== ==========================================

Also from the course's module: ``plot_activation_functions``,
``plot_neuron_population_response``, ``plot_population_coding``,
``plot_static_vs_dynamic``, ``plot_lif_simulation``,
``plot_synaptic_conductance`` and ``get_graph_data``.
"""
from __future__ import annotations

import io
import math
import sys

import numpy as np

__all__ = [
    "plot_activation_functions_comparison", "plot_perceptron_computation",
    "plot_layer_response", "plot_lif_response", "plot_fi_curve", "plot_synaptic_response",
    "plot_synapse_comparison", "plot_stp_comparison", "plot_complete_neuron",
    "plot_io_comparison",
    "plot_stdp_window", "plot_input_spike_train", "plot_stdp_simulation_results",
    "plot_weight_evolution",
    "plot_raster_from_list",
    "plot_input_profile", "plot_weight_matrix", "plot_simulation_results", "plot_raster",
    "plot_cnn_comparison", "plot_hopfield_patterns", "plot_hopfield_recall",
    "plot_hopfield_topology", "get_graph_data",
    "plot_activation_functions", "plot_neuron_population_response", "plot_population_coding",
    "plot_static_vs_dynamic", "plot_lif_simulation", "plot_synaptic_conductance",
]

_PRE = "red"          # presynaptic spike markers, as in the course's figures
_POST = "gold"        # postsynaptic spike markers


# ---------------------------------------------------------------------------
# figures: made, shown once in Jupyter, returned
# ---------------------------------------------------------------------------

def _ipython_kernel():
    """The running IPython kernel shell, or None (scripts, tests, a plain
    IPython terminal)."""
    ip_mod = sys.modules.get("IPython")
    if ip_mod is None:
        return None
    try:
        ip = ip_mod.get_ipython()
    except Exception:   # noqa: BLE001 - any failure means "not in a kernel"
        return None
    return ip if ip is not None and getattr(ip, "kernel", None) is not None else None


def _figure_class():
    from matplotlib.figure import Figure

    class CourseFigure(Figure):
        """A Figure that Jupyter displays once: when it is made and not again
        as a cell's value (the course's figures show themselves)."""

        _course_shown = False

        def _ipython_display_(self):
            if self._course_shown:
                return
            self._course_shown = True
            from IPython.display import Image, display
            buf = io.BytesIO()
            self.savefig(buf, format="png", bbox_inches="tight", dpi=90)
            display(Image(data=buf.getvalue(), format="png"))

    return CourseFigure


_FIGURE_CLASS = None


def _subplots(nrows=1, ncols=1, figsize=(10, 4), **kw):
    """(fig, axes) as plt.subplots makes them.  In a Jupyter kernel the
    figure is not registered with pyplot (so the inline backend does not
    show it a second time at the end of the cell); elsewhere it is, so
    ``plt.show()`` shows it."""
    global _FIGURE_CLASS
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:          # pragma: no cover - depends on the install
        raise ImportError("neuroai.plotting needs matplotlib: "
                          "pip install 'neuroai-kit[plot]'") from exc
    if _FIGURE_CLASS is None:
        _FIGURE_CLASS = _figure_class()
    if _ipython_kernel() is not None:
        fig = _FIGURE_CLASS(figsize=figsize)
        axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    else:
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, FigureClass=_FIGURE_CLASS,
                                 **kw)
    return fig, axes


def _done(fig, title=None):
    """Finish a figure: its title, a tight layout, shown now in Jupyter."""
    if title is not None:
        fig.suptitle(title)
    fig.tight_layout()
    if _ipython_kernel() is not None:
        from IPython.display import display
        display(fig)
    return fig


# ---------------------------------------------------------------------------
# inputs: lists, arrays, torch tensors (without importing torch)
# ---------------------------------------------------------------------------

def _arr(x, dtype=np.float64):
    """``x`` as a NumPy array; a torch tensor (or anything with ``detach``,
    ``cpu`` and ``numpy``) is read through ``x.detach().cpu().numpy()``."""
    if all(hasattr(x, a) for a in ("detach", "cpu", "numpy")):
        x = x.detach().cpu().numpy()
    if dtype is None:
        return np.asarray(x)
    if isinstance(x, (list, tuple)) and any(v is None for v in x):
        return np.array([np.nan if v is None else v for v in x], dtype=dtype)
    return np.asarray(x, dtype=dtype)


def _scalar(x):
    return float(_arr(x).reshape(-1)[0]) if np.size(_arr(x)) == 1 else float(x)


def _zero_lines(ax, x=True, y=True):
    if y:
        ax.axhline(0.0, color="gray", ls=":", lw=1)
    if x:
        ax.axvline(0.0, color="gray", ls=":", lw=1)


def _spike_markers(ax, times, y=0.0, color=_PRE, marker="^", size=8, label=None):
    t = _arr(times).reshape(-1)
    return ax.plot(t, np.full(t.shape, y), ls="none", marker=marker, ms=size, color=color,
                   label=label)[0]


def _traces_panel(ax, t, y, color, ylabel, fill=True, label=None):
    line = ax.plot(t, y, color=color, label=label)[0]
    if fill:
        ax.fill_between(t, y, 0.0, color=color, alpha=0.25, lw=0)
    ax.set_ylabel(ylabel)
    return line


# ---------------------------------------------------------------------------
# notebook 12: the neuron and the perceptron
# ---------------------------------------------------------------------------

def plot_activation_functions_comparison(z, sigmoid_vals, relu_vals, tanh_vals,
                                         same_range=True):
    """Sigmoid, ReLU and tanh side by side (three panels).

    Parameters
    ----------
    z : array_like
        Inputs of the activation functions.
    sigmoid_vals, relu_vals, tanh_vals : array_like
        The three functions evaluated at ``z``.
    same_range : bool, default True
        Give the three panels the same y range, from -1 to ``max(relu_vals)``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    z = _arr(z)
    fig, axes = _subplots(1, 3, figsize=(12, 3.6))
    for ax, (name, vals, color) in zip(axes, [("Sigmoid σ(z)", sigmoid_vals, "blue"),
                                              ("ReLU", relu_vals, "green"),
                                              ("Tanh", tanh_vals, "red")]):
        ax.plot(z, _arr(vals), color=color, lw=2.5)
        _zero_lines(ax)
        ax.set(title=name, xlabel="Input (z)", ylabel="Output")
        if same_range:
            ax.set_ylim(-1.0, float(np.max(_arr(relu_vals))))
    return _done(fig, "Common Activation Functions")


def plot_perceptron_computation(weighted_inputs, bias, z, output):
    """A perceptron's computation in three bar panels: each ``x_i * w_i``;
    their sum, the bias and ``z``; ``z`` and the output after activation.

    Parameters
    ----------
    weighted_inputs : array_like
        ``x_i * w_i`` for each input.
    bias : float
        The bias.
    z : float
        Pre-activation, ``sum(weighted_inputs) + bias``.
    output : float
        The activation of ``z``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    wx = _arr(weighted_inputs).reshape(-1)
    bias, z, output = _scalar(bias), _scalar(z), _scalar(output)
    fig, axes = _subplots(1, 3, figsize=(12, 3.8))
    labels = [f"x{i + 1}×w{i + 1}" for i in range(wx.size)]
    colors = ["steelblue" if v >= 0 else "coral" for v in wx]
    panels = [("1. Inputs × Weights", labels, wx, colors),
              ("2. Weighted Sum + Bias", ["Σ(wx)", "bias", "z"], [float(wx.sum()), bias, z],
               ["steelblue", "gray", "purple"]),
              ("3. After Activation", ["z", "σ(z)"], [z, output], ["purple", "green"])]
    for ax, (title, names, values, cols) in zip(axes, panels):
        bars = ax.bar(names, values, color=cols)
        ax.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=2)
        ax.axhline(0.0, color="gray", lw=0.8)
        ax.set(title=title, ylabel="value")
        ax.margins(y=0.2)
    return _done(fig, "Perceptron Computation Breakdown")


def plot_layer_response(outputs, title="Perceptron Layer Response"):
    """A layer's outputs: one bar per neuron with the mean, and their
    histogram (10 bins).

    Parameters
    ----------
    outputs : array_like
        One output per neuron.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    y = _arr(outputs).reshape(-1)
    fig, (a1, a2) = _subplots(1, 2, figsize=(11, 3.8))
    a1.bar(np.arange(y.size), y, color="steelblue")
    a1.axhline(float(y.mean()), color="red", ls="--", label=f"Mean: {y.mean():.3f}")
    a1.legend(frameon=False)
    a1.set(title="Individual Outputs", xlabel="Neuron Index", ylabel="Output")
    a2.hist(y, bins=10, color="coral")
    a2.set(title="Distribution", xlabel="Output Value", ylabel="Count")
    return _done(fig, title)


def plot_lif_response(time, current, v_trace, spike_times, v_threshold, v_rest,
                      title="LIF Neuron Response to Step Current"):
    """An LIF neuron's input current and membrane potential, with the
    threshold, the resting potential and the spikes.

    Parameters
    ----------
    time : array_like
        Time of each sample [ms].
    current : array_like
        Input current [nA].
    v_trace : array_like
        Membrane potential [mV].
    spike_times : sequence of float
        Spike times [ms] (marked at -40 mV, above the threshold).
    v_threshold, v_rest : float
        Threshold and resting potential [mV].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    fig, (a1, a2) = _subplots(2, 1, figsize=(10, 5), sharex=True)
    _traces_panel(a1, t, _arr(current), "coral", "Current (nA)", label="I(t)")
    a1.set_title("Input Current")
    a2.plot(t, _arr(v_trace), color="steelblue", label="V(t)")
    a2.axhline(float(v_threshold), color="red", ls="--", label="Threshold")
    a2.axhline(float(v_rest), color="gray", ls=":", label="Rest")
    st = _arr(spike_times).reshape(-1)
    if st.size:
        _spike_markers(a2, st, y=-40.0, color=_POST, marker="*", size=12, label="Spikes")
    a2.set(title="Membrane Potential", xlabel="Time (ms)", ylabel="Voltage (mV)")
    a2.legend(frameon=False, loc="lower right")
    return _done(fig, title)


def plot_fi_curve(currents, rates, rheobase=None,
                  title="F-I Curve: How LIF Neurons Encode Input Intensity"):
    """Firing rate against input current, with the rheobase if given.

    Parameters
    ----------
    currents : array_like
        Input currents [nA].
    rates : array_like
        Firing rates [Hz].
    rheobase : float, optional
        Marked with a vertical line [nA].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _subplots(figsize=(7, 4.2))
    ax.plot(_arr(currents), _arr(rates), "o-", color="green", mfc="darkgreen", mec="darkgreen")
    if rheobase is not None:
        r = _scalar(rheobase)
        ax.axvline(r, color="red", ls="--", label=f"Rheobase: {r:.2f} nA")
        ax.legend(frameon=False)
    ax.set(xlabel="Input Current (nA)", ylabel="Firing Rate (Hz)", title=title)
    return _done(fig)


def plot_synaptic_response(time, g_trace, i_trace, spike_times,
                           title="Synaptic Response to Spike Train"):
    """A synapse's conductance and current, with the presynaptic spikes.

    Parameters
    ----------
    time : array_like
        Time of each sample [ms].
    g_trace : array_like
        Conductance [nS].
    i_trace : array_like
        Synaptic current (the course's ``get_current``; it labels it nA).
    spike_times : sequence of float
        Presynaptic spike times [ms].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    fig, (a1, a2) = _subplots(2, 1, figsize=(10, 5), sharex=True)
    _traces_panel(a1, t, _arr(g_trace), "coral", "g (nS)", label="g_syn")
    _traces_panel(a2, t, _arr(i_trace), "purple", "I (nA)", label="I_syn")
    for ax in (a1, a2):
        _spike_markers(ax, spike_times, label="Pre spikes")
    a1.set_title("Synaptic Conductance")
    a2.set(title="Synaptic Current", xlabel="Time (ms)")
    return _done(fig, title)


def plot_synapse_comparison(time, g_regular, g_depressing, x_trace, spike_times,
                            title="Stateless vs History-Dependent Synapses"):
    """A static and a depressing synapse on the same spikes, and the
    depressing synapse's available vesicle fraction ``x``.

    Parameters
    ----------
    time : array_like
        Time of each sample [ms].
    g_regular, g_depressing : array_like
        Conductances [nS].
    x_trace : array_like
        Available fraction [1].
    spike_times : array_like
        Presynaptic spike times [ms].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    fig, (a1, a2, a3) = _subplots(3, 1, figsize=(10, 6.5), sharex=True)
    _traces_panel(a1, t, _arr(g_regular), "coral", "g (nS)")
    _traces_panel(a2, t, _arr(g_depressing), "gold", "g (nS)")
    a3.plot(t, _arr(x_trace), color="green", lw=2)
    for ax in (a1, a2):
        _spike_markers(ax, spike_times)
    a1.set_title("Regular Synapse (Stateless)")
    a2.set_title("Depressing Synapse (History-Dependent)")
    a3.set(title="Available Vesicle Fraction", ylabel="x", ylim=(0.0, 1.1), xlabel="Time (ms)")
    return _done(fig, title)


def plot_stp_comparison(time, traces=None, spike_times=None, title="STP Parameter Exploration"):
    """One conductance panel per short-term-plasticity setting.

    Parameters
    ----------
    time : array_like
        Time of each sample [ms].
    traces : list of dict
        One dict per setting with keys ``"name"`` (the panel's title),
        ``"g_trace"`` (conductance [nS]) and ``"color"``.
    spike_times : array_like
        Presynaptic spike times [ms].
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The course's notebook 12 leaves this call as the placeholder
    ``plot_stp_comparison(...)`` for the student to fill in; given only
    that, the figure says which arguments to pass instead of failing.
    """
    if time is Ellipsis or traces is None:
        fig, ax = _subplots(figsize=(8, 2.5))
        ax.axis("off")
        ax.text(0.5, 0.5, "plot_stp_comparison(time, traces, spike_times): pass the time [ms],\n"
                "a list of dicts with 'name', 'g_trace' [nS] and 'color', and the spike times",
                ha="center", va="center", transform=ax.transAxes)
        return _done(fig, title)
    t = _arr(time)
    traces = list(traces)
    if not traces:
        raise ValueError("traces must hold at least one dict with 'name', 'g_trace' and "
                         "'color'")
    fig, axes = _subplots(len(traces), 1, figsize=(10, 2.2 * len(traces) + 0.6), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, tr in zip(axes, traces):
        _traces_panel(ax, t, _arr(tr["g_trace"]), tr.get("color", "steelblue"), "g (nS)",
                      label=tr["name"])
        if spike_times is not None:
            _spike_markers(ax, spike_times, size=6)
        ax.set_title(tr["name"])
    axes[-1].set_xlabel("Time (ms)")
    return _done(fig, title)


def plot_complete_neuron(time, presynaptic_spikes, g_trace, x_trace, v_trace, spike_times,
                         v_threshold,
                         title="Complete Biological Neuron: Input → Processing → Output"):
    """The course's LIF neuron behind a depressing synapse, in four panels:
    presynaptic spikes, conductance with the vesicle fraction, membrane
    potential with the threshold, postsynaptic spikes.

    Parameters
    ----------
    time : array_like
        Time of each step [ms].
    presynaptic_spikes : array_like of bool
        One entry per step, True where a presynaptic spike arrives.
    g_trace : array_like
        Conductance [nS].
    x_trace : array_like
        Available vesicle fraction [1] (right axis of the second panel).
    v_trace : array_like
        Membrane potential [mV].
    spike_times : sequence of float
        Postsynaptic spike times [ms].
    v_threshold : float
        Threshold [mV].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    pre = _arr(presynaptic_spikes, dtype=None)
    pre_t = t[pre.astype(bool)] if pre.shape == t.shape else _arr(pre)
    fig, (a1, a2, a3, a4) = _subplots(4, 1, figsize=(10, 7.5), sharex=True)
    a1.plot(pre_t, np.ones(pre_t.shape), ls="none", marker="|", ms=10, color="blue",
            label="Pre")
    a1.set(title="Presynaptic Spikes (INPUT)", yticks=[])
    a2.plot(t, _arr(g_trace), color="coral", label="g")
    a2.set(title="Conductance & Vesicles", ylabel="g (nS)")
    a2x = a2.twinx()
    a2x.plot(t, _arr(x_trace), color="green", ls="--", label="x")
    a2x.set(ylabel="x", ylim=(0.0, 1.1))
    a3.plot(t, _arr(v_trace), color="steelblue", label="V")
    a3.axhline(float(v_threshold), color="red", ls="--")
    a3.set(title="Membrane Potential (PROCESSING)", ylabel="V (mV)")
    post = _arr(spike_times).reshape(-1)
    a4.plot(post, np.ones(post.shape), ls="none", marker="*", ms=10, color=_POST, label="Post")
    a4.set(title="Postsynaptic Spikes (OUTPUT)", yticks=[], xlabel="Time (ms)")
    return _done(fig, title)


def plot_io_comparison(perceptron_inputs, perceptron_outputs, lif_inputs, lif_outputs,
                       title="Input-Output Comparison"):
    """The perceptron's input/output curve beside the LIF neuron's
    input-rate/output-rate curve.

    Parameters
    ----------
    perceptron_inputs, perceptron_outputs : array_like
        Inputs and activations of the perceptron.
    lif_inputs, lif_outputs : array_like
        Input rates and output rates [Hz] of the LIF neuron.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a1, a2) = _subplots(1, 2, figsize=(11, 3.8))
    a1.plot(_arr(perceptron_inputs), _arr(perceptron_outputs), "o-", color="steelblue", lw=3)
    a1.set(title="Perceptron", xlabel="Input Value", ylabel="Output (activation)")
    a2.plot(_arr(lif_inputs), _arr(lif_outputs), "o-", color="green", lw=3)
    a2.set(title="Biological Neuron", xlabel="Input Rate (Hz)", ylabel="Output Rate (Hz)")
    return _done(fig, title)


# ---------------------------------------------------------------------------
# notebook 13: STDP
# ---------------------------------------------------------------------------

def plot_stdp_window(delta_t, dw):
    """The STDP window: weight change against ``t_post - t_pre``, LTP
    (``delta_t > 0``) and LTD (``delta_t < 0``) shaded.

    Parameters
    ----------
    delta_t : array_like
        ``t_post - t_pre`` [ms].
    dw : array_like
        Weight change at each ``delta_t``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    d, w = _arr(delta_t).reshape(-1), _arr(dw).reshape(-1)
    fig, ax = _subplots(figsize=(8, 4.5))
    ax.plot(d, w, color="black", lw=2, label="STDP Window")
    ax.fill_between(d, w, 0.0, where=d > 0, color=(0.0, 1.0, 0.0, 0.3), lw=0,
                    label="LTP (Pre → Post)")
    ax.fill_between(d, w, 0.0, where=d < 0, color=(1.0, 0.0, 0.0, 0.3), lw=0,
                    label="LTD (Post → Pre)")
    ax.axhline(0.0, color="gray", ls="--", alpha=0.5)
    ax.axvline(0.0, color="gray", ls="--", alpha=0.5)
    ax.set(title="STDP Learning Window", xlabel="Δt = t_post - t_pre (ms)", ylabel="Δw")
    ax.legend(frameon=False)
    return _done(fig)


def _pattern_windows(ax, pattern_times, pattern_duration, dt, label=True):
    for k, p in enumerate(_arr(pattern_times).reshape(-1)):
        ax.axvspan(p * dt, (p + pattern_duration) * dt, color="orange", alpha=0.2, lw=0,
                   label="pattern" if (label and k == 0) else None)


def _raster_steps(spikes):
    """(step, neuron) indices of the True entries of a (steps, neurons) array."""
    s = _arr(spikes, dtype=None)
    if s.ndim != 2:
        raise ValueError(f"the spike array must be 2-D (steps, neurons), got shape {s.shape}")
    return np.nonzero(s)


def plot_input_spike_train(input_spikes, pattern_times, pattern_duration, n_steps, dt):
    """The input raster of the STDP experiment with the embedded pattern's
    presentations shaded.

    Parameters
    ----------
    input_spikes : array_like of bool, shape (n_steps, n_inputs)
        True where input ``j`` spikes in step ``i``.
    pattern_times : sequence of int
        Start step of each presentation of the pattern.
    pattern_duration : int
        Length of the pattern [steps].
    n_steps : int
        Number of steps.
    dt : float
        Step [ms].

    Returns
    -------
    matplotlib.figure.Figure
    """
    steps, neurons = _raster_steps(input_spikes)
    fig, ax = _subplots(figsize=(11, 4.5))
    _pattern_windows(ax, pattern_times, pattern_duration, dt)
    ax.plot(steps * dt, neurons, ls="none", marker="|", ms=3, color="black")
    ax.set(xlim=(0.0, n_steps * dt), xlabel="Time (ms)", ylabel="Input neuron",
           title="Input Spike Trains (patterns shaded)")
    ax.legend(frameon=False, loc="upper right")
    return _done(fig)


def _weight_time(weights_rec, n_steps, dt):
    """Time [ms] of each row of a weight record taken every n_steps/len steps."""
    n = weights_rec.shape[0]
    every = n_steps / n if n else 1.0
    return np.arange(n) * every * dt


def _weight_groups(ax, weights, t, pattern_indices, non_pattern_indices):
    pi = _arr(pattern_indices, dtype=None).astype(np.int64).reshape(-1)
    ni = _arr(non_pattern_indices, dtype=None).astype(np.int64).reshape(-1)
    for idx, color, name in ((pi, "tab:red", "pattern inputs"),
                             (ni, "tab:blue", "other inputs")):
        if idx.size == 0:
            continue
        ax.plot(t, weights[:, idx], color=color, alpha=0.12, lw=0.8)
        ax.plot(t, weights[:, idx].mean(axis=1), color=color, lw=2.5,
                label=f"{name} (mean of {idx.size})")
    ax.set(xlabel="Time (ms)", ylabel="Weight")
    ax.legend(frameon=False)


def plot_stdp_simulation_results(v_rec, output_spikes, input_spikes, weights_rec, pattern_times,
                                 pattern_duration, pattern_indices, non_pattern_indices, dt):
    """The STDP experiment's outcome in four panels: the input raster over
    the first second, the membrane potential with the output spikes, the
    weights over time (pattern inputs vs the others) and the final weights.

    Parameters
    ----------
    v_rec : array_like, shape (n_steps,)
        Membrane potential at each step [mV].
    output_spikes : sequence of int
        Steps at which the neuron fired.
    input_spikes : array_like of bool, shape (n_steps, n_inputs)
        The input.
    weights_rec : array_like, shape (n_records, n_inputs)
        The weights recorded every ``n_steps / n_records`` steps.
    pattern_times : sequence of int
        Start step of each pattern presentation.
    pattern_duration : int
        Length of the pattern [steps].
    pattern_indices, non_pattern_indices : array_like of int
        Inputs that take part in the pattern, and the others.
    dt : float
        Step [ms].

    Returns
    -------
    matplotlib.figure.Figure
    """
    v = _arr(v_rec).reshape(-1)
    n_steps = v.size
    t = np.arange(n_steps) * dt
    out = _arr(output_spikes).reshape(-1)
    W = np.atleast_2d(_arr(weights_rec))
    fig, (a0, a1, a2, a3) = _subplots(4, 1, figsize=(11, 11))
    steps, neurons = _raster_steps(input_spikes)
    first = steps * dt < 1000.0
    _pattern_windows(a0, [p for p in _arr(pattern_times).reshape(-1) if p * dt < 1000.0],
                     pattern_duration, dt)
    a0.plot(steps[first] * dt, neurons[first], ls="none", marker="|", ms=3, color="black")
    a0.set(xlim=(0.0, min(1000.0, n_steps * dt)), xlabel="Time (ms)", ylabel="Input neuron",
           title="Input spikes (first second)")
    _pattern_windows(a1, pattern_times, pattern_duration, dt)
    a1.plot(t, v, color="steelblue", lw=0.6, label="V")
    if out.size:
        a1.plot(out * dt, np.full(out.shape, float(np.max(v))), ls="none", marker="|", ms=10,
                color=_PRE, label=f"output spikes ({out.size})")
    a1.set(xlabel="Time (ms)", ylabel="V (mV)", title="Membrane potential and output spikes")
    a1.legend(frameon=False, loc="lower right")
    _weight_groups(a2, W, _weight_time(W, n_steps, dt), pattern_indices, non_pattern_indices)
    a2.set_title("Weight evolution")
    pi = _arr(pattern_indices, dtype=None).astype(np.int64).reshape(-1)
    colors = np.full(W.shape[1], "tab:blue", dtype=object)
    colors[pi] = "tab:red"
    a3.bar(np.arange(W.shape[1]), W[-1], color=list(colors))
    a3.set(xlabel="Input neuron", ylabel="Final weight",
           title="Final weights (red: inputs in the pattern)")
    return _done(fig, "STDP: learning a hidden pattern")


def plot_weight_evolution(weights_rec, pattern_indices, non_pattern_indices, n_steps, dt,
                          title="Weight Evolution"):
    """The weights over time: each synapse thin, the mean of the pattern
    inputs and of the other inputs thick.

    Parameters
    ----------
    weights_rec : array_like, shape (n_records, n_inputs)
        The weights recorded every ``n_steps / n_records`` steps.
    pattern_indices, non_pattern_indices : array_like of int
        Inputs that take part in the pattern, and the others.
    n_steps : int
        Steps of the run.
    dt : float
        Step [ms].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    W = np.atleast_2d(_arr(weights_rec))
    fig, ax = _subplots(figsize=(10, 4.5))
    _weight_groups(ax, W, _weight_time(W, int(n_steps), float(dt)), pattern_indices,
                   non_pattern_indices)
    ax.set_title(title)
    return _done(fig)


# ---------------------------------------------------------------------------
# notebook 14: spike train analysis
# ---------------------------------------------------------------------------

def plot_raster_from_list(trial_data, title):
    """A raster: row ``n`` holds the spike times of ``trial_data[n]``.

    Parameters
    ----------
    trial_data : sequence of array_like
        One array of spike times per neuron [s, as notebook 14 makes them].
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _subplots(figsize=(10, 5))
    for n, times in enumerate(trial_data):
        t = _arr(times).reshape(-1)
        ax.plot(t, np.full(t.shape, n), ls="none", marker="o", ms=3, color="black")
    ax.set(title=title, xlabel="Time (s)", ylabel="Neuron Index")
    return _done(fig)


# ---------------------------------------------------------------------------
# notebook 15: lateral inhibition and Hopfield networks
# ---------------------------------------------------------------------------

def plot_input_profile(input_signal, num_neurons):
    """The input across neurons at the first time step.

    Parameters
    ----------
    input_signal : array_like or tensor, shape (num_steps, num_neurons)
    num_neurons : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = np.atleast_2d(_arr(input_signal))
    fig, ax = _subplots(figsize=(8, 3.8))
    ax.plot(np.arange(num_neurons), x[0, :num_neurons], "o-")
    ax.set(title="Input Spatial Profile (Edge)", xlabel="Neuron Index", ylabel="Input Intensity")
    return _done(fig)


def plot_weight_matrix(weights, title="Lateral Inhibition Weight Matrix"):
    """A weight matrix as a heat map (blue negative, red positive, white 0).

    Parameters
    ----------
    weights : array_like or tensor, shape (num_neurons, num_neurons)
        ``weights[i, j]`` from neuron j to neuron i.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    W = np.atleast_2d(_arr(weights))
    lim = float(np.max(np.abs(W))) if W.size else 1.0
    lim = lim if lim > 0 else 1.0
    fig, ax = _subplots(figsize=(6, 5))
    im = ax.imshow(W, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
    fig.colorbar(im, ax=ax, label="Weight")
    ax.set(title=title, xlabel="Source Neuron (j)", ylabel="Target Neuron (i)")
    return _done(fig)


def plot_simulation_results(input_signal, firing_rate, num_neurons):
    """Input intensity (left axis, dashed) and output firing rate (right
    axis) across neurons, with the edge marked.

    Parameters
    ----------
    input_signal : array_like or tensor, shape (num_steps, num_neurons)
    firing_rate : array_like or tensor, shape (num_neurons,)
        Spikes per step of each neuron.
    num_neurons : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = np.atleast_2d(_arr(input_signal))[0, :num_neurons]
    r = _arr(firing_rate).reshape(-1)
    idx = np.arange(num_neurons)
    fig, ax = _subplots(figsize=(9, 4.2))
    ax.plot(idx, x, color="blue", ls="--", label="Input Intensity")
    ax.set_xlabel("Neuron Index")
    ax.set_ylabel("Input Intensity", color="blue")
    ax2 = ax.twinx()
    ax2.plot(idx, r, "o-", color="red", label="Output Firing Rate")
    ax2.set_ylabel("Firing Rate (spikes/step)", color="red")
    edge = num_neurons // 2 - 1
    if 0 <= edge < r.size:
        ax2.annotate("Edge Enhancement", xy=(edge, r[edge]), xytext=(edge - 6, r[edge]),
                     arrowprops=dict(arrowstyle="->"))
    ax.set_title("Edge Detection via Lateral Inhibition: The Mach Band Effect")
    return _done(fig)


def plot_raster(spk_rec):
    """A raster of a (num_steps, num_neurons) spike array.

    Parameters
    ----------
    spk_rec : array_like or tensor, shape (num_steps, num_neurons)
        Nonzero where a neuron spiked in a step.

    Returns
    -------
    matplotlib.figure.Figure
    """
    steps, neurons = _raster_steps(spk_rec)
    fig, ax = _subplots(figsize=(9, 4.2))
    ax.plot(steps, neurons, ls="none", marker="|", ms=6, color="black")
    ax.set(title="Spike Raster Plot", xlabel="Time Step", ylabel="Neuron Index")
    return _done(fig)


def plot_cnn_comparison(firing_rate, conv_output, num_neurons):
    """The SNN's firing rate (left axis) and a convolution's output (right
    axis, dashed) across neurons.

    Parameters
    ----------
    firing_rate : array_like or tensor, shape (num_neurons,)
    conv_output : array_like or tensor, shape (num_neurons,)
    num_neurons : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    idx = np.arange(num_neurons)
    fig, ax = _subplots(figsize=(9, 4.2))
    ax.plot(idx, _arr(firing_rate).reshape(-1), "o-", color="red", label="SNN Output")
    ax.set_xlabel("Neuron Index")
    ax.set_ylabel("SNN Firing Rate", color="red")
    ax2 = ax.twinx()
    ax2.plot(idx, _arr(conv_output).reshape(-1), color="green", ls="--", label="CNN Output")
    ax2.set_ylabel("CNN Convolution Output", color="green")
    ax.set_title("Biological Mechanism vs. Deep Learning Operation")
    return _done(fig)


def _images(panels, n_sqrt, title):
    fig, axes = _subplots(1, len(panels), figsize=(3.6 * len(panels), 3.8))
    for ax, (name, p) in zip(np.atleast_1d(axes), panels):
        # fixed scale: -1 black, 0 grey (a unit the course's sign(0) = 0 zeroed), +1 white
        ax.imshow(_arr(p).reshape(n_sqrt, n_sqrt), cmap="gray", vmin=-1.0, vmax=1.0,
                  interpolation="nearest")
        ax.set(title=name, xticks=[], yticks=[])
    return _done(fig, title)


def plot_hopfield_patterns(p1, p2, n_sqrt):
    """Two stored patterns of a Hopfield network as ``n_sqrt x n_sqrt``
    images.

    Parameters
    ----------
    p1, p2 : array_like or tensor, shape (n_sqrt**2,)
    n_sqrt : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _images([("Stored Pattern 1", p1), ("Stored Pattern 2", p2)], n_sqrt,
                   "Stored Patterns in Hopfield Network")


def plot_hopfield_recall(p1, corrupted_p1, recovered_p1, n_sqrt, noise_level):
    """A pattern, its corrupted copy and what the network recovered.

    This is the course's figure, called with the course's arguments (three
    states and the noise level).  It is not :func:`neuroai.plot.plot_hopfield_recall`,
    the package's figure of a :class:`neuroai.HopfieldRecall` result (cue,
    final state, energy and overlaps over the sweeps).

    Parameters
    ----------
    p1, corrupted_p1, recovered_p1 : array_like or tensor, shape (n_sqrt**2,)
    n_sqrt : int
    noise_level : float
        Fraction of flipped entries (shown as a percentage).

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _images([("Original", p1),
                    (f"Corrupted ({int(float(noise_level) * 100)}% noise)", corrupted_p1),
                    ("Recovered", recovered_p1)], n_sqrt, "Associative Memory Recall")


def _train_on(net, pattern):
    """``net.train(pattern)`` with a NumPy pattern, or, for a network written
    with torch (already imported by the notebook that defines it), with the
    same pattern as a torch tensor."""
    try:
        net.train(pattern)
        return
    except (TypeError, AttributeError):
        torch = sys.modules.get("torch")
        if torch is None:
            raise
    net.train(torch.as_tensor(pattern, dtype=torch.float32))


def get_graph_data(num_nodes, hopfield_network_class):
    """Layout of a Hopfield network of ``num_nodes`` neurons trained on one
    random +-1 pattern (seeded by ``num_nodes``), on a circle.

    Parameters
    ----------
    num_nodes : int
    hopfield_network_class : type
        A class ``C(num_nodes)`` with ``train(patterns)`` (patterns of shape
        (1, num_nodes)) and a ``weights`` matrix: the notebook's own torch
        class, or :class:`neuroai.course.HopfieldNetwork`.

    Returns
    -------
    tuple of 8 lists
        Excitatory edges' x and y, inhibitory edges' x and y (segments
        separated by None), the nodes' x and y, their hover text and colour
        (white for +1, black for -1).
    """
    net = hopfield_network_class(num_nodes)
    rng = np.random.default_rng(num_nodes)
    pattern = np.where(rng.standard_normal((1, num_nodes)) > 0, 1.0, -1.0)
    _train_on(net, pattern)
    W = np.atleast_2d(_arr(net.weights))
    angle = 2.0 * math.pi * np.arange(num_nodes) / num_nodes
    xs, ys = np.cos(angle), np.sin(angle)
    ex_x, ex_y, in_x, in_y = [], [], [], []
    for a in range(num_nodes):
        for b in range(a + 1, num_nodes):
            seg_x, seg_y = [float(xs[a]), float(xs[b]), None], [float(ys[a]), float(ys[b]), None]
            if W[a, b] > 0:
                ex_x += seg_x
                ex_y += seg_y
            elif W[a, b] < 0:
                in_x += seg_x
                in_y += seg_y
    state = pattern[0]
    text = [f"Neuron {k}<br>State: {int(s)}" for k, s in enumerate(state)]
    color = ["white" if s > 0 else "black" for s in state]
    return ex_x, ex_y, in_x, in_y, xs.tolist(), ys.tolist(), text, color


def plot_hopfield_topology(hopfield_network_class):
    """Small Hopfield networks (3 to 12 neurons) as graphs: red lines
    excitatory weights, blue dotted inhibitory, nodes white for +1 and black
    for -1.  The course's figure has a slider over the network size; here
    every size is a panel.

    Parameters
    ----------
    hopfield_network_class : type
        As for :func:`get_graph_data`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sizes = range(3, 13)
    fig, axes = _subplots(2, 5, figsize=(15, 6.4))
    for ax, n in zip(np.ravel(axes), sizes):
        ex_x, ex_y, in_x, in_y, nx_, ny_, _, col = get_graph_data(n, hopfield_network_class)
        ax.plot(_arr(ex_x), _arr(ex_y), color="red", lw=1, label="Excitatory (>0)")
        ax.plot(_arr(in_x), _arr(in_y), color="blue", ls=":", lw=1, label="Inhibitory (<0)")
        ax.scatter(nx_, ny_, s=160, c=col, edgecolors="black", zorder=3)
        for k, (x, y) in enumerate(zip(nx_, ny_)):
            ax.text(x, y, str(k), ha="center", va="center", fontsize=7,
                    color="black" if col[k] == "white" else "white", zorder=4)
        ax.set(title=f"{n} neurons", xticks=[], yticks=[], aspect="equal")
    np.ravel(axes)[0].legend(frameon=False, fontsize=7, loc="lower left")
    return _done(fig, "Hopfield Network Topology")


# ---------------------------------------------------------------------------
# the course module's other figures (introduction notebooks)
# ---------------------------------------------------------------------------

def plot_activation_functions(x, y_sigmoid, y_tanh, y_relu):
    """Sigmoid, tanh and ReLU in three panels (y from -1 to ``max(x)``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = _arr(x)
    fig, axes = _subplots(1, 3, figsize=(12, 3.6))
    for ax, (name, y, c) in zip(axes, [("Sigmoid", y_sigmoid, "blue"), ("Tanh", y_tanh, "red"),
                                       ("ReLU", y_relu, "green")]):
        ax.plot(x, _arr(y), color=c, lw=2)
        ax.set(title=name, xlabel="Input", ylabel="Output", ylim=(-1.0, float(np.max(x))))
    return _done(fig, "Activation Functions")


def plot_neuron_population_response(population_outputs):
    """A population's outputs as bars with their mean, and their histogram.

    Returns
    -------
    matplotlib.figure.Figure
    """
    y = _arr(population_outputs).reshape(-1)
    fig, (a1, a2) = _subplots(1, 2, figsize=(11, 4))
    a1.bar(np.arange(y.size), y)
    a1.axhline(float(y.mean()), color="red", ls="--", label="Mean")
    a1.legend(frameon=False)
    a1.set(title="Population Response", xlabel="Neuron Index", ylabel="Output")
    a2.hist(y, bins=10, color="purple")
    a2.set(title="Distribution of Outputs", xlabel="Output Value", ylabel="Frequency")
    return _done(fig, "Neuron Population Analysis")


def plot_population_coding(intensities, responses):
    """Mean population response against input intensity.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _subplots(figsize=(7, 4.2))
    ax.plot(_arr(intensities), _arr(responses), "o-")
    ax.set(xlabel="Input Intensity", ylabel="Mean Population Response",
           title="Population Coding: How Neural Activity Encodes Stimulus Intensity")
    return _done(fig)


def plot_static_vs_dynamic(time, input_signal, perceptron_output, membrane_potential,
                           spike_times, threshold):
    """Input, a perceptron's output and an LIF neuron's potential with its
    spikes, in three panels sharing time [ms].

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    fig, (a1, a2, a3) = _subplots(3, 1, figsize=(10, 7), sharex=True)
    _traces_panel(a1, t, _arr(input_signal), "tab:blue", "input")
    a1.set_title("Input Signal")
    a2.plot(t, _arr(perceptron_output), color="green")
    a2.set(title="Perceptron Output (Static)", ylabel="output")
    a3.plot(t, _arr(membrane_potential), color="red")
    _spike_markers(a3, spike_times, y=float(threshold), color="black", marker="|", size=10)
    a3.set(title="Biological Neuron (Dynamic Spiking)", ylabel="V (mV)", xlabel="Time (ms)")
    return _done(fig, "Artificial vs. Biological Neuron Dynamics")


def plot_lif_simulation(time, input_current, v, spike_times, threshold):
    """An LIF run: input current, and the potential with the threshold and
    the spikes (marked at -40 mV).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = _arr(time)
    fig, (a1, a2) = _subplots(2, 1, figsize=(10, 5.5), sharex=True)
    _traces_panel(a1, t, _arr(input_current), "tab:blue", "Current (nA)")
    a1.set_title("Input Current")
    a2.plot(t, _arr(v), color="red")
    a2.axhline(float(threshold), color="gray", ls="--", label="Threshold")
    _spike_markers(a2, spike_times, y=-40.0, color="black", marker="|", size=14)
    a2.set(title="Membrane Potential & Spikes", xlabel="Time (ms)", ylabel="Voltage (mV)")
    return _done(fig, "LIF Neuron Simulation")


def plot_synaptic_conductance(time, g_syn, spike_times):
    """A synaptic conductance with the input spikes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _subplots(figsize=(9, 4.2))
    _traces_panel(ax, _arr(time), _arr(g_syn), "tab:blue", "Conductance (nS)")
    _spike_markers(ax, spike_times, size=12)
    ax.set(title="Synaptic Conductance (Summation of EPSPs)", xlabel="Time (ms)")
    return _done(fig)
