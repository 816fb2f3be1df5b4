"""Figures for every result, ready for a slide.

matplotlib is imported only when a function here is called (install the
``plot`` extra: ``pip install "neuroai-kit[plot]"``), so ``import neuroai``
stays fast.  Every axis label carries its unit.

Functions that draw one panel take ``ax=None`` (draw into a new figure, or
into the given Axes) and return the Axes; functions that draw several panels
return the Figure (its panels are ``fig.axes``).

========================== =====================================================
``plot_lif``               LIF voltage with input current and spike markers
``plot_raster``            spike raster with the population rate (PSTH)
``plot_isi_histogram``     interspike intervals, their CV and a Poisson overlay
``plot_fi_curve``          f-I curve with rheobase and the closed form
``plot_synapse_response``  synaptic conductance / current with STP x and u
``plot_stp_comparison``    depressing vs facilitating synapse on one train
``plot_network``           network result: raster, rate and recorded traces
``plot_lif_with_synapse``  the course's LIF neuron with a depressing synapse
``plot_perceptron``        weighted inputs, sum and activation of a perceptron
``plot_decision_boundary`` a 2-input perceptron's boundary and the data
``plot_flash_vs_sustained`` perceptron vs LIF on a flash and a sustained input
``plot_ledger``            an energy ledger as a bar chart
``plot_energy_vs_rate``    brain power against mean firing rate, and what 20 W buys
========================== =====================================================
"""
from __future__ import annotations

import numpy as np

from . import _units as U

__all__ = [
    "plot_lif", "plot_raster", "plot_isi_histogram", "plot_fi_curve", "plot_synapse_response", "plot_synapse",
    "plot_stp_comparison",
    "plot_network", "plot_lif_with_synapse", "plot_perceptron", "plot_decision_boundary",
    "plot_flash_vs_sustained", "plot_ledger", "plot_energy_vs_rate",
]

SPIKE_COLOR = "#d62728"
TRACE_COLOR = "#1f77b4"
INPUT_COLOR = "#2ca02c"


def _plt():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:          # pragma: no cover - depends on the install
        raise ImportError(
            "neuroai.plot needs matplotlib: pip install 'neuroai-kit[plot]'") from exc
    return plt


def _new_axes(ax, figsize=(7, 4)):
    if ax is not None:
        return ax.figure, ax
    fig, ax = _plt().subplots(figsize=figsize)
    return fig, ax


def _get(obj, *names, default=None):
    """The first of ``names`` that ``obj`` has as a non-None data attribute
    (methods are skipped: ``SynapseResponse.current`` is a method)."""
    for n in names:
        v = getattr(obj, n, None)
        if v is not None and not callable(v):
            return v
    return default


def _spike_trains(spikes):
    """A SpikeTrains from a SpikeTrains, a result with ``.spikes``, or arrays."""
    from .spikes import SpikeTrains
    if isinstance(spikes, SpikeTrains):
        return spikes
    inner = getattr(spikes, "spikes", None)
    if isinstance(inner, SpikeTrains):
        return inner
    arr = spikes
    if isinstance(arr, np.ndarray) and arr.ndim <= 1 or (
            isinstance(arr, (list, tuple)) and all(np.ndim(x) == 0 for x in arr)):
        return SpikeTrains(np.asarray(arr, dtype=np.float64))
    return SpikeTrains.from_list(list(arr))


# ---------------------------------------------------------------------------
# LIF
# ---------------------------------------------------------------------------
def plot_lif(result, neurons=None, show_current=True, threshold=None, title=None,
             figsize=(8, 5)):
    """LIF membrane potential with the input current and spike markers.

    Parameters
    ----------
    result : LIFResult
        From :meth:`neuroai.LIFNeuron.simulate` (``record_v=True``).  Uses
        ``t`` (ms), ``v`` (mV), ``current`` (nA), ``spike_times`` (ms).
    neurons : sequence of int, optional
        Columns of ``result.v`` to draw (default: at most the first 5).
    show_current : bool
        Draw the input current in a panel above the voltage.
    threshold : float, optional
        Threshold in mV for the dashed line and the spike markers (default:
        the neuron's ``v_threshold`` when the result knows it).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Axes: ``[current, voltage]`` (or ``[voltage]``).  The spike markers
        (``v``-shaped, one per spike) sit at the exact spike times, at the
        threshold, in the voltage panel.
    """
    plt = _plt()
    t = np.asarray(result.t, dtype=np.float64)
    v = result.v
    if v is None:
        raise ValueError("plot_lif needs the voltage: simulate with record_v=True")
    v = np.asarray(v, dtype=np.float64)
    v2 = v.reshape(v.shape[0], -1)
    spikes = result.spike_times
    if isinstance(spikes, np.ndarray):
        spike_lists = [spikes]
        cols_all = [0]
    else:
        rec = np.asarray(_get(result, "recorded", default=np.arange(v2.shape[1])))
        spike_lists = [spikes[int(j)] for j in rec]
        cols_all = list(range(v2.shape[1]))
    cols = list(neurons) if neurons is not None else cols_all[:5]
    if threshold is None:
        neuron = _get(result, "neuron")
        th = _get(neuron, "v_threshold") if neuron is not None else None
        if th is not None and np.ndim(th) == 0:
            threshold = float(th)
        elif th is not None:
            threshold = float(np.asarray(th).reshape(-1)[0])
    if show_current:
        fig, (ax_i, ax_v) = plt.subplots(2, 1, sharex=True, figsize=figsize,
                                         gridspec_kw={"height_ratios": [1, 2.5]})
    else:
        fig, ax_v = plt.subplots(figsize=figsize)
        ax_i = None
    single = len(cols) == 1
    for c in cols:
        color = TRACE_COLOR if single else None
        (line,) = ax_v.plot(t, v2[:, c], color=color, lw=1.2,
                            label=None if single else f"neuron {c}")
        st = np.asarray(spike_lists[c], dtype=np.float64)
        y = threshold if threshold is not None else np.nanmax(v2[:, c])
        ax_v.plot(st, np.full(st.shape, y), linestyle="none", marker="v",
                  color=SPIKE_COLOR if single else line.get_color(), markersize=8,
                  label="spikes" if single else None, gid="spikes")
    if threshold is not None:
        ax_v.axhline(threshold, color="0.4", ls="--", lw=0.8, label="threshold")
    ax_v.set_ylabel("membrane potential V [mV]")
    ax_v.set_xlabel("time [ms]")
    ax_v.legend(loc="upper right", fontsize="small", frameon=False)
    if ax_i is not None:
        cur = np.asarray(result.current, dtype=np.float64)
        cur2 = cur.reshape(cur.shape[0], -1)
        rec = np.asarray(_get(result, "recorded", default=np.arange(cur2.shape[1])))
        for c in cols:
            j = int(rec[c]) if cur2.shape[1] > 1 else 0
            # the current is constant on [t_i, t_i + dt): draw it as steps
            ax_i.step(t, cur2[: t.shape[0], j], where="post",
                      color=INPUT_COLOR if single else None, lw=1.2)
        ax_i.set_ylabel("input I [nA]")
    (ax_i or ax_v).set_title(title or "Leaky integrate-and-fire neuron")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# spikes
# ---------------------------------------------------------------------------
def _draw_raster(ax_r, ax_p, st, bin_width, title, marker_size=4.0):
    from .analysis import psth
    if not st.duration > 0:
        raise ValueError("a raster needs a window: duration [ms] must be > 0")
    if bin_width is None:
        bin_width = st.duration / 50.0
    h = psth(st, bin_width)
    ax_r.scatter(st.times, st.indices, marker="|", s=marker_size ** 2, color="k",
                 linewidths=1.0, gid="raster")
    ax_r.set_ylabel("neuron")
    ax_r.set_ylim(-0.5, st.n - 0.5)
    ax_r.set_xlim(0.0, st.duration)
    ax_r.set_title(title or f"{st.n} spike trains, {len(st)} spikes")
    ax_p.stairs(h.rate, h.edges, color=TRACE_COLOR, lw=1.5, gid="rate")
    ax_p.set_ylabel("population rate [Hz]")
    ax_p.set_xlabel("time [ms]")


def plot_raster(spikes, bin_width=None, duration=None, title=None, figsize=(8, 5),
                marker_size=4.0):
    """Spike raster (one row per train) with the population rate below it.

    Parameters
    ----------
    spikes : SpikeTrains, a result with ``.spikes``, or arrays of spike times (ms)
    bin_width : float, optional
        PSTH bin in ms (default: 1/50 of the window).
    duration : float, optional
        Window in ms (default: the container's).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[raster, rate]``.  The raster is one scatter collection whose
        offsets are ``(time, train)`` of every spike; the rate panel is the
        PSTH (mean rate per train, Hz) drawn as stairs.
    """
    plt = _plt()
    st = _spike_trains(spikes)
    if duration is not None:
        from .spikes import as_trains
        st, _ = as_trains(st, duration)
    fig, (ax_r, ax_p) = plt.subplots(2, 1, sharex=True, figsize=figsize,
                                     gridspec_kw={"height_ratios": [2.5, 1]})
    _draw_raster(ax_r, ax_p, st, bin_width, title, marker_size)
    fig.tight_layout()
    return fig


def _columns(a, n_rows):
    return np.asarray(a, dtype=np.float64).reshape(n_rows, -1)


def plot_network(result, bin_width=None, neurons=None, title=None, figsize=(8, 7)):
    """A network (or population) result: raster, population rate and whatever
    traces the result recorded.

    Uses ``result.spikes`` (a SpikeTrains) and, when present and not None,
    ``result.t`` (ms) with ``v`` (mV), ``g`` (nS) or ``i_syn`` (nA), each of
    shape ``(T, n_recorded)``, and ``x``/``u`` ([1], ``(T, n_connections)``),
    as :class:`neuroai.network.NetworkResult` documents them.

    Parameters
    ----------
    neurons : sequence of int, optional
        Trace columns to draw (default: the first 3).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[raster, rate, then one per recorded quantity: V, synaptic
        conductance or current, STP state]``.
    """
    plt = _plt()
    st = _spike_trains(result)
    t = _get(result, "t")
    traces = []
    if t is not None:
        t = np.asarray(t, dtype=np.float64)
        for name, label in (("v", "V [mV]"), ("g", "synaptic g [nS]"),
                            ("i_syn", "synaptic I [nA]")):
            val = _get(result, name)
            if val is not None:
                traces.append((name, label, _columns(val, t.shape[0])))
        xs = [(n, _get(result, n)) for n in ("x", "u")]
        xs = [(n, _columns(val, t.shape[0])) for n, val in xs if val is not None]
        if xs:
            traces.append(("stp", "STP state [1]", xs))
    ratios = [2.5, 1] + [1.5] * len(traces)
    fig, axes = plt.subplots(2 + len(traces), 1, sharex=True, figsize=figsize,
                             gridspec_kw={"height_ratios": ratios}, squeeze=False)
    axes = axes[:, 0]
    _draw_raster(axes[0], axes[1], st, bin_width, title or "Network activity")
    rec = np.asarray(_get(result, "recorded_neurons", default=np.arange(10 ** 6)))
    for ax, (name, label, data) in zip(axes[2:], traces):
        if name == "stp":
            for n, arr in data:
                cols = list(range(min(3, arr.shape[1])))
                for c in cols:
                    ax.plot(t, arr[:, c], lw=1.0, label=f"{n} (connection {c})", gid=n)
        else:
            cols = list(neurons) if neurons is not None else list(range(min(3, data.shape[1])))
            for c in cols:
                ax.plot(t, data[:, c], lw=1.0, label=f"neuron {int(rec[c])}", gid=name)
        ax.set_ylabel(label)
        ax.legend(loc="upper right", fontsize="x-small", frameon=False)
    for ax in axes[1:-1]:
        ax.set_xlabel("")
    axes[-1].set_xlabel("time [ms]")
    fig.tight_layout()
    return fig


def plot_lif_with_synapse(result, title=None, figsize=(8, 7)):
    """One LIF neuron driven through one depressing synapse by a spike train.

    Uses ``t`` (ms), ``v`` (mV), ``g`` (nS), ``x`` ([1]), ``spike_times``
    (output spikes, ms) and ``input_spikes`` (presynaptic SpikeTrains or
    times), as :class:`neuroai.network.LIFWithSynapseResult` documents them.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[conductance with input spikes, resources x, voltage with output
        spikes]``.
    """
    plt = _plt()
    t = np.asarray(result.t, dtype=np.float64)
    pre = _get(result, "input_spikes")
    pre_t = _spike_trains(pre).times if pre is not None else np.empty(0)
    fig, (ax_g, ax_x, ax_v) = plt.subplots(3, 1, sharex=True, figsize=figsize,
                                           gridspec_kw={"height_ratios": [1.3, 1, 2]})
    ax_g.plot(t, np.asarray(result.g, dtype=np.float64), color=TRACE_COLOR, gid="g")
    ax_g.plot(pre_t, np.full(pre_t.shape, 1.0), linestyle="none", marker="|", markersize=10,
              color="k", transform=ax_g.get_xaxis_transform(), gid="input_spikes")
    ax_g.set_ylabel("conductance g [nS]")
    ax_g.set_title(title or "LIF neuron with a depressing synapse")
    x = _get(result, "x")
    if x is not None:
        ax_x.plot(t, np.asarray(x, dtype=np.float64), color="#9467bd", gid="x")
    ax_x.set_ylabel("resources x [1]")
    ax_x.set_ylim(0.0, 1.05)
    ax_v.plot(t, np.asarray(result.v, dtype=np.float64), color=TRACE_COLOR, lw=1.2, gid="v")
    out = np.asarray(result.spike_times, dtype=np.float64).reshape(-1)
    neuron = _get(result, "neuron")
    th = _get(neuron, "v_threshold") if neuron is not None else None
    y = float(np.asarray(th).reshape(-1)[0]) if th is not None else float(np.max(result.v))
    ax_v.plot(out, np.full(out.shape, y), linestyle="none", marker="v", color=SPIKE_COLOR,
              markersize=8, gid="spikes", label="output spikes")
    ax_v.set_ylabel("membrane potential V [mV]")
    ax_v.set_xlabel("time [ms]")
    ax_v.legend(loc="upper right", fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def plot_isi_histogram(spikes, bins=40, poisson=True, ax=None, title=None):
    """Histogram of the interspike intervals of all trains, with their CV.

    Parameters
    ----------
    spikes : SpikeTrains, a result with ``.spikes``, or arrays of spike times (ms)
    bins : int or array_like
        As :func:`numpy.histogram` (bin edges in ms).
    poisson : bool
        Overlay the exponential density ``r exp(-r d)`` of a Poisson train
        with the same mean interval (``r = 1 / mean ISI``), which has CV 1.

    Returns
    -------
    matplotlib.axes.Axes
        Bars are the probability density of the pooled intervals [1/ms]; the
        title gives the CV of the pooled intervals (sample standard deviation,
        ddof = 1).
    """
    st = _spike_trains(spikes)
    from .analysis import isi
    d = isi(st, pooled=True)
    if d.size < 2:
        raise ValueError("plot_isi_histogram needs at least 2 interspike intervals")
    density, edges = np.histogram(d, bins=bins, density=True)
    created = ax is None
    fig, ax = _new_axes(ax)
    ax.bar(edges[:-1], density, width=np.diff(edges), align="edge", color=TRACE_COLOR,
           alpha=0.8, gid="isi")
    m = float(d.mean())
    cv = float(d.std(ddof=1) / m)
    if poisson:
        xx = np.linspace(0.0, edges[-1], 300)
        ax.plot(xx, np.exp(-xx / m) / m, color=SPIKE_COLOR, lw=1.5,
                label=f"Poisson, same mean ({U.hz_from_period(m):.3g} Hz)")
        ax.legend(frameon=False, fontsize="small")
    ax.set_xlabel("interspike interval [ms]")
    ax.set_ylabel("probability density [1/ms]")
    ax.set_title(title or f"{d.size} intervals, CV = {cv:.2f}")
    if created:
        fig.tight_layout()
    return ax


def plot_fi_curve(currents, rates, closed_form=True, rheobase=True, ax=None, title=None,
                  **neuron_parameters):
    """f-I curve: simulated rates, the closed-form LIF rate and the rheobase.

    Parameters
    ----------
    currents : array_like, shape (K,)
        Input currents in nA.
    rates : array_like, shape (K,)
        Firing rates in Hz (e.g. from :func:`neuroai.fi_curve`).
    closed_form : bool
        Overlay :func:`neuroai.lif_rate` on a fine grid of currents.
    rheobase : bool
        Mark :func:`neuroai.rheobase` with a dotted vertical line.
    **neuron_parameters
        LIF parameters (as :class:`neuroai.LIFNeuron`) for the overlays.

    Returns
    -------
    matplotlib.axes.Axes
        Lines: ``"simulated"`` (markers at ``(currents, rates)``),
        ``"closed form"`` and ``"rheobase"`` (labelled).
    """
    I = np.asarray(currents, dtype=np.float64).reshape(-1)
    r = np.asarray(rates, dtype=np.float64).reshape(-1)
    if I.shape != r.shape:
        raise ValueError(
            f"currents [nA] and rates [Hz] must have the same length, got {I.size} and {r.size}")
    created = ax is None
    fig, ax = _new_axes(ax)
    if closed_form:
        from .lif import lif_rate
        lo, hi = (float(I.min()), float(I.max())) if I.size else (0.0, 1.0)
        grid = np.linspace(lo, hi, 400)
        ax.plot(grid, np.asarray(lif_rate(grid, **neuron_parameters)), color="0.3", lw=1.2,
                label="closed form 1/ISI")
    ax.plot(I, r, linestyle="none", marker="o", color=TRACE_COLOR, label="simulated")
    if rheobase:
        from .lif import rheobase as _rheobase
        rb = _rheobase(**neuron_parameters)
        if np.ndim(rb) == 0:
            ax.axvline(float(rb), color=SPIKE_COLOR, ls=":", lw=1.2,
                       label=f"rheobase {float(rb):.3g} nA")
    ax.set_xlabel("input current I [nA]")
    ax.set_ylabel("firing rate [Hz]")
    ax.set_title(title or "f-I curve")
    ax.legend(frameon=False, fontsize="small")
    if created:
        fig.tight_layout()
    return ax


# ---------------------------------------------------------------------------
# synapses
# ---------------------------------------------------------------------------
def _spike_times_of(result):
    st = _get(result, "input_spikes", "pre_spike_times", "spike_times", "spikes")
    if st is None:
        return np.empty(0)
    from .spikes import SpikeTrains
    if isinstance(st, SpikeTrains):
        return np.asarray(st.times)
    return np.asarray(st, dtype=np.float64).reshape(-1)


def plot_synapse_response(result, title=None, figsize=(8, 6)):
    """A synapse's response to a spike train: conductance / current and STP state.

    Parameters
    ----------
    result : synapse response
        A :class:`neuroai.synapses.SynapseResponse`, or any object with ``t``
        (ms) and some of: ``g`` (conductance, nS), ``i`` (current, nA), ``x``
        and ``u`` (STP resources and release fraction, [1]), ``efficacy``
        (fraction delivered by each spike, in the order of the spike times),
        and the presynaptic spikes as ``spikes`` (a SpikeTrains) or
        ``spike_times`` (ms).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per quantity present, in the order conductance, current,
        STP state; presynaptic spikes are marked with ``|`` on the first panel.
    """
    plt = _plt()
    t = np.asarray(result.t, dtype=np.float64)
    g = _get(result, "g", "conductance")
    cur = _get(result, "i", "current")
    x = _get(result, "x")
    u = _get(result, "u")
    eff = _get(result, "efficacies", "efficacy")
    spk = _spike_times_of(result)
    panels = [p for p, val in (("g", g), ("i", cur)) if val is not None and np.ndim(val) > 0]
    has_stp = any(val is not None and np.ndim(val) > 0 for val in (x, u)) or eff is not None
    if has_stp:
        panels.append("stp")
    if not panels:
        raise ValueError("plot_synapse_response: the result has none of g, i (current), "
                         "x, u, efficacy")
    fig, axes = plt.subplots(len(panels), 1, sharex=True, figsize=figsize, squeeze=False)
    axes = axes[:, 0]
    for ax, p in zip(axes, panels):
        if p == "g":
            ax.plot(t, np.asarray(g, dtype=np.float64).reshape(len(t), -1), color=TRACE_COLOR)
            ax.set_ylabel("conductance g [nS]")
        elif p == "i":
            ax.plot(t, np.asarray(cur, dtype=np.float64).reshape(len(t), -1), color=INPUT_COLOR)
            ax.set_ylabel("synaptic current [nA]")
        else:
            if x is not None and np.ndim(x) > 0:
                ax.plot(t, np.asarray(x, dtype=np.float64).reshape(len(t), -1), color="#9467bd",
                        label="x (available resources)")
            if u is not None and np.ndim(u) > 0:
                ax.plot(t, np.asarray(u, dtype=np.float64).reshape(len(t), -1), color="#ff7f0e",
                        label="u (release fraction)")
            if eff is not None:
                e = np.asarray(eff, dtype=np.float64).reshape(-1)
                ax.plot(spk[: e.size], e, linestyle="none", marker="o", color="k",
                        label="efficacy at each spike", gid="efficacies")
            ax.set_ylabel("STP state [1]")
            ax.set_ylim(bottom=0.0)
            ax.legend(loc="upper right", fontsize="small", frameon=False)
    first = axes[0]
    if spk.size:
        first.plot(spk, np.full(spk.shape, 1.0), linestyle="none", marker="|", markersize=10,
                   color=SPIKE_COLOR, transform=first.get_xaxis_transform(),
                   label="presynaptic spikes", gid="spikes")
    axes[-1].set_xlabel("time [ms]")
    syn = _get(result, "synapse")
    first.set_title(title or (f"{type(syn).__name__} response" if syn is not None
                              else "Synaptic response"))
    fig.tight_layout()
    return fig


def plot_stp_comparison(depressing, facilitating, labels=("depressing", "facilitating"),
                        title=None, figsize=(9, 5)):
    """Depressing vs facilitating synapse driven by the same spike train.

    Parameters
    ----------
    depressing, facilitating : synapse responses
        As :func:`plot_synapse_response`: each with ``t`` (ms), ``g`` (nS) or
        ``i`` (nA), and ``efficacy`` (fraction delivered by each spike)
        or enough to show the PSC sizes.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[trace of depressing, trace of facilitating, efficacy]``: the
        two responses over time, and the efficacy at each spike normalised to
        the first spike (1 = no change), so depression falls below 1 and
        facilitation rises above it.
    """
    plt = _plt()
    fig = plt.figure(figsize=figsize)
    gs = fig.add_gridspec(2, 2, height_ratios=[1, 1])
    ax_d = fig.add_subplot(gs[0, 0])
    ax_f = fig.add_subplot(gs[0, 1], sharey=ax_d)
    ax_e = fig.add_subplot(gs[1, :])
    for ax, res, lab, col in ((ax_d, depressing, labels[0], "#1f77b4"),
                              (ax_f, facilitating, labels[1], "#ff7f0e")):
        t = np.asarray(res.t, dtype=np.float64)
        g = _get(res, "g", "conductance")
        if g is not None:
            ax.plot(t, np.asarray(g, dtype=np.float64).reshape(len(t), -1), color=col)
            ax.set_ylabel("conductance g [nS]")
        else:
            ax.plot(t, np.asarray(_get(res, "i", "current"), dtype=np.float64).reshape(len(t), -1),
                    color=col)
            ax.set_ylabel("synaptic current [nA]")
        spk = _spike_times_of(res)
        ax.plot(spk, np.full(spk.shape, 1.0), linestyle="none", marker="|", markersize=8,
                color=SPIKE_COLOR, transform=ax.get_xaxis_transform(), gid="spikes")
        ax.set_xlabel("time [ms]")
        ax.set_title(lab)
        eff = _get(res, "efficacies", "efficacy")
        if eff is not None:
            e = np.asarray(eff, dtype=np.float64).reshape(-1)
            if e.size and e[0] > 0:
                ax_e.plot(np.arange(1, e.size + 1), e / e[0], marker="o", color=col, label=lab)
    ax_e.axhline(1.0, color="0.5", ls="--", lw=0.8)
    ax_e.set_xlabel("spike number")
    ax_e.set_ylabel("efficacy / first efficacy [1]")
    ax_e.legend(frameon=False, fontsize="small")
    fig.suptitle(title or "Short-term plasticity: the same train, two synapses")
    fig.tight_layout()
    return fig


#: Short alias of :func:`plot_synapse_response`.
plot_synapse = plot_synapse_response


# ---------------------------------------------------------------------------
# perceptron
# ---------------------------------------------------------------------------
def _activation_fn(name):
    from . import activations
    return getattr(activations, name)


def plot_perceptron(perceptron, x, title=None, figsize=(10, 3.5)):
    """The perceptron's computation on one input: inputs, weighted sum, activation.

    Panels: (1) each input ``x_i`` and its weighted contribution ``w_i x_i``;
    (2) the sum ``z = sum_i w_i x_i + b`` as a stacked bar of the contributions
    and the bias; (3) the activation function with the operating point
    ``(z, f(z))``.  The perceptron is instantaneous and unit-less: it carries
    the unit of its inputs.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[inputs, sum, activation]``.
    """
    plt = _plt()
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    w = np.asarray(perceptron.weights, dtype=np.float64)
    if x.shape != w.shape:
        raise ValueError(f"x must have {w.size} inputs (the perceptron's n_inputs), got {x.size}")
    b = float(perceptron.bias)
    contrib = w * x
    z = float(contrib.sum() + b)
    y = float(perceptron.forward(x))
    fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=figsize,
                                     gridspec_kw={"width_ratios": [2, 1, 2]})
    k = np.arange(x.size)
    a1.bar(k - 0.2, x, width=0.4, color="0.7", label="input $x_i$", gid="inputs")
    a1.bar(k + 0.2, contrib, width=0.4, color=TRACE_COLOR, label="$w_i x_i$", gid="weighted")
    a1.axhline(0.0, color="k", lw=0.6)
    a1.set_xticks(k)
    a1.set_xticklabels([f"$x_{{{i}}}$" for i in range(x.size)])
    a1.set_xlabel("input")
    a1.set_ylabel("value [input units]")
    a1.legend(frameon=False, fontsize="small")
    a1.set_title("1. weight the inputs")
    # stacked contributions: positives upward, negatives downward
    pos_base = neg_base = 0.0
    for i, c in enumerate(list(contrib) + [b]):
        base = pos_base if c >= 0 else neg_base
        a2.bar(0, c, bottom=base, width=0.5, color=TRACE_COLOR if i < x.size else "0.5",
               edgecolor="w", gid="stack")
        if c >= 0:
            pos_base += c
        else:
            neg_base += c
    a2.plot([-0.35, 0.35], [z, z], color=SPIKE_COLOR, lw=2, label=f"z = {z:.3g}", gid="z")
    a2.axhline(0.0, color="k", lw=0.6)
    a2.set_xticks([0])
    a2.set_xticklabels(["$\\sum w_i x_i + b$"])
    a2.set_ylabel("net input z [input units]")
    a2.legend(frameon=False, fontsize="small")
    a2.set_title("2. sum (+ bias)")
    span = max(4.0, 1.5 * abs(z))
    zz = np.linspace(-span, span, 401)
    f = _activation_fn(perceptron.activation)
    a3.plot(zz, np.asarray(f(zz)), color="0.3", lw=1.5, label=perceptron.activation,
            gid="activation")
    a3.plot([z], [y], marker="o", color=SPIKE_COLOR, markersize=9, linestyle="none",
            label=f"output y = {y:.3g}", gid="output")
    a3.set_xlabel("net input z")
    a3.set_ylabel("output y = f(z)")
    a3.legend(frameon=False, fontsize="small")
    a3.set_title("3. activation")
    fig.suptitle(title or "Perceptron: weighted sum and activation, no time involved")
    fig.tight_layout()
    return fig


def plot_decision_boundary(perceptron, X, y, ax=None, title=None, resolution=200):
    """Data of a 2-input perceptron and its decision boundary ``w . x + b = 0``.

    Parameters
    ----------
    perceptron : Perceptron with ``n_inputs == 2``
    X : array_like, shape (m, 2)
    y : array_like, shape (m,), labels in {0, 1}

    Returns
    -------
    matplotlib.axes.Axes
        The shaded regions are the perceptron's predictions; the line
        (label ``"boundary"``) is ``w0 x0 + w1 x1 + b = 0``; class 0 and class 1
        are two scatter collections.
    """
    w = np.asarray(perceptron.weights, dtype=np.float64)
    if w.size != 2:
        raise ValueError(
            f"plot_decision_boundary needs a perceptron with 2 inputs, got n_inputs = {w.size}")
    X = np.asarray(X, dtype=np.float64)
    yv = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] != yv.size:
        raise ValueError(f"X must have shape (m, 2) and y shape (m,), got {X.shape} and {yv.shape}")
    if not np.all(np.isin(yv, (0, 1))):
        raise ValueError("y (labels) must be 0 or 1")
    b = float(perceptron.bias)
    created = ax is None
    fig, ax = _new_axes(ax, figsize=(5, 5))
    pad = 0.5
    x0min, x0max = X[:, 0].min() - pad, X[:, 0].max() + pad
    x1min, x1max = X[:, 1].min() - pad, X[:, 1].max() + pad
    g0, g1 = np.meshgrid(np.linspace(x0min, x0max, resolution),
                         np.linspace(x1min, x1max, resolution))
    pred = (w[0] * g0 + w[1] * g1 + b >= 0).astype(float)
    ax.contourf(g0, g1, pred, levels=[-0.5, 0.5, 1.5], colors=["#aec7e8", "#ffbb78"], alpha=0.5)
    if w[1] != 0:
        xs = np.array([x0min, x0max])
        ax.plot(xs, -(w[0] * xs + b) / w[1], color="k", lw=2, label="boundary")
    elif w[0] != 0:
        ax.plot([-b / w[0]] * 2, [x1min, x1max], color="k", lw=2, label="boundary")
    for cls, col, mk in ((0, "#1f77b4", "o"), (1, "#ff7f0e", "s")):
        sel = yv == cls
        ax.scatter(X[sel, 0], X[sel, 1], color=col, marker=mk, edgecolor="k", s=60,
                   label=f"class {cls}", zorder=3)
    ax.set_xlim(x0min, x0max)
    ax.set_ylim(x1min, x1max)
    ax.set_xlabel("input $x_0$ [input units]")
    ax.set_ylabel("input $x_1$ [input units]")
    ax.set_title(title or "Perceptron decision boundary")
    ax.legend(frameon=False, fontsize="small", loc="best")
    if created:
        fig.tight_layout()
    return ax


# ---------------------------------------------------------------------------
# Scenario 1: flash vs sustained
# ---------------------------------------------------------------------------
def plot_flash_vs_sustained(flash, sustained, dt=0.1, neuron=None, perceptron=None,
                            labels=("brief flash", "sustained light"), title=None,
                            figsize=(10, 7)):
    """Scenario 1: the same total input as a brief flash and as sustained light.

    The perceptron sees one number per stimulus, the total input (the integral
    of the current, nA x ms), so it gives the same output for both.  The LIF
    neuron integrates the current over time with a leak, so the flash and the
    sustained input move its membrane differently and it fires differently.

    Parameters
    ----------
    flash, sustained : array_like, shape (T,)
        Input currents in nA on a grid of step ``dt`` (e.g. from
        ``neuroai.stimuli.flash`` / ``sustained``), same length, ideally with the
        same total charge.
    dt : float
        Step in ms.
    neuron : LIFNeuron, optional
        Default: ``LIFNeuron()`` with the course's parameters.
    perceptron : Perceptron, optional
        One input (the total charge in nA x ms).  Default: weight 0.01 per
        nA x ms, bias -1, sigmoid.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[flash input, sustained input, flash V, sustained V,
        perceptron outputs, LIF spike counts]``.  The last two are bar charts
        whose heights are the perceptron outputs and the LIF spike counts.
    """
    from .lif import LIFNeuron
    from .perceptron import Perceptron
    plt = _plt()
    f = np.asarray(flash, dtype=np.float64).reshape(-1)
    s = np.asarray(sustained, dtype=np.float64).reshape(-1)
    if f.shape != s.shape:
        raise ValueError(
            f"flash and sustained currents [nA] must have the same length, got {f.size} and {s.size}")
    neuron = neuron if neuron is not None else LIFNeuron()
    perceptron = perceptron if perceptron is not None else Perceptron(
        weights=[0.01], bias=-1.0, activation="sigmoid")
    results = [neuron.simulate(c, dt=dt) for c in (f, s)]
    totals = [float(np.sum(c) * dt) for c in (f, s)]
    outs = [float(perceptron.forward([q])) for q in totals]
    counts = [int(r.spike_counts) for r in results]
    fig = plt.figure(figsize=figsize)
    gs = fig.add_gridspec(3, 2, height_ratios=[1, 2, 1.4])
    ax_i = [fig.add_subplot(gs[0, 0]), None]
    ax_i[1] = fig.add_subplot(gs[0, 1], sharey=ax_i[0])
    ax_v = [fig.add_subplot(gs[1, 0], sharex=ax_i[0]), None]
    ax_v[1] = fig.add_subplot(gs[1, 1], sharex=ax_i[1], sharey=ax_v[0])
    ax_p = fig.add_subplot(gs[2, 0])
    ax_c = fig.add_subplot(gs[2, 1])
    th = float(np.asarray(neuron.v_threshold).reshape(-1)[0])
    for k, (cur, res, lab, q) in enumerate(zip((f, s), results, labels, totals)):
        t = np.asarray(res.t)
        ax_i[k].step(t, cur, where="post", color=INPUT_COLOR)
        ax_i[k].set_title(f"{lab}: total {q:.4g} nA·ms")
        ax_i[k].set_ylabel("input I [nA]")
        ax_v[k].plot(t, res.v, color=TRACE_COLOR, lw=1.2)
        st = np.asarray(res.spike_times)
        ax_v[k].plot(st, np.full(st.shape, th), linestyle="none", marker="v",
                     color=SPIKE_COLOR, markersize=8, gid="spikes")
        ax_v[k].axhline(th, color="0.4", ls="--", lw=0.8)
        ax_v[k].set_xlabel("time [ms]")
        ax_v[k].set_ylabel("V [mV]")
    ax_p.bar([0, 1], outs, color=["#9467bd", "#8c564b"], gid="perceptron")
    ax_p.set_xticks([0, 1])
    ax_p.set_xticklabels(labels)
    ax_p.set_ylabel("perceptron output y")
    ax_p.set_title("perceptron (sees only the total)")
    ax_c.bar([0, 1], counts, color=["#9467bd", "#8c564b"], gid="lif")
    ax_c.set_xticks([0, 1])
    ax_c.set_xticklabels(labels)
    ax_c.set_ylabel("LIF spike count [spikes]")
    ax_c.set_title("LIF neuron (integrates with a leak)")
    fig.suptitle(title or "Same total input, different time course")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# energy
# ---------------------------------------------------------------------------
def plot_ledger(ledger, by="group", ax=None, log=True, title=None):
    """An energy ledger as a horizontal bar chart.

    Parameters
    ----------
    ledger : neuroai.energy.Ledger
    by : {"group", "row"}
        One bar per group total (default) or one per ledger row.
    log : bool
        Logarithmic energy axis (the totals often span orders of magnitude).
        Zero energies are drawn on a linear axis instead.

    Returns
    -------
    matplotlib.axes.Axes
        Bar widths are the energies in J, in ledger order from the top.
    """
    if by == "group":
        items = list(ledger.totals().items())
    elif by == "row":
        items = [(f"{r['group']}: {r['item']}", r["energy"]) for r in ledger.rows]
    else:
        raise ValueError(f"by must be 'group' or 'row', got {by!r}")
    if not items:
        raise ValueError("the ledger is empty: add rows before plotting it")
    names = [n for n, _ in items]
    vals = np.array([e for _, e in items], dtype=np.float64)
    created = ax is None
    fig, ax = _new_axes(ax, figsize=(8, 0.5 * len(items) + 1.5))
    pos = np.arange(len(items))[::-1]
    bars = ax.barh(pos, vals, color=TRACE_COLOR, gid="energy")
    ax.set_yticks(pos)
    ax.set_yticklabels(names)
    if log and np.all(vals > 0):
        ax.set_xscale("log")
        ax.set_xlim(vals.min() / 3.0, vals.max() * 5.0)   # room for the value labels
    elif vals.max() > 0:
        ax.set_xlim(0.0, vals.max() * 1.3)
    for rect, v in zip(bars, vals):
        ax.annotate(f"{v:.3g} J", (rect.get_width(), rect.get_y() + rect.get_height() / 2),
                    xytext=(3, 0), textcoords="offset points", va="center", fontsize="small")
    ax.set_xlabel("energy [J]")
    ax.set_title(title or "Energy ledger")
    if created:
        fig.tight_layout()
    return ax


def plot_energy_vs_rate(rates=None, n_neurons=None, fan_out=None, overrides=None, ax=None,
                        title=None):
    """Power of a whole brain against its mean firing rate (Scenario 3).

    Draws ``energy_vs_rate(rates, n_neurons, 1000 ms)`` (joules in one second,
    i.e. watts), the power available for signalling (``brain_power x
    signalling_fraction``) and the mean rate it affords
    (:func:`neuroai.energy.affordable_rate`).

    Parameters
    ----------
    rates : array_like, optional
        Mean rates in Hz (default 0-20 Hz).
    n_neurons, fan_out, overrides
        As :func:`neuroai.energy.affordable_rate` (defaults: ~86e9 neurons,
        8000 synapses each, the packaged constants).

    Returns
    -------
    matplotlib.axes.Axes
        Lines labelled ``"power"``, ``"budget"`` and ``"affordable rate"``.
    """
    from .energy import Ledger, affordable_rate, energy_vs_rate
    led = Ledger(overrides)
    n = led["brain_neurons"] if n_neurons is None else n_neurons
    r = np.linspace(0.0, 20.0, 201) if rates is None else np.asarray(rates, dtype=np.float64)
    watts = energy_vs_rate(r, n_neurons=n, duration=1000.0, fan_out=fan_out, overrides=overrides)
    budget = led["brain_power"] * led["signalling_fraction"]
    created = ax is None
    fig, ax = _new_axes(ax)
    ax.plot(r, watts, color=TRACE_COLOR, lw=2, label="power")
    ax.axhline(budget, color="0.3", ls="--", label="budget")
    ra = affordable_rate(n_neurons=n, fan_out=fan_out, overrides=overrides)
    ax.axvline(ra, color=SPIKE_COLOR, ls=":", lw=1.5, label="affordable rate")
    ax.annotate(f"{ra:.2g} Hz", (ra, budget), xytext=(5, 5), textcoords="offset points",
                color=SPIKE_COLOR)
    ax.set_xlabel("mean firing rate [Hz]")
    ax.set_ylabel("power [W]")
    ax.set_title(title or f"{n:.3g} neurons: power vs mean rate")
    ax.legend(frameon=False, fontsize="small")
    if created:
        fig.tight_layout()
    return ax
