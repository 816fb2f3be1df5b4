"""Figures of spike trains: rasters with the population rate, network results, interval histograms."""
from __future__ import annotations

import math
import numbers

import numpy as np

from .. import _units as U
from .. import _validate as V
from ..analysis import isi, psth
from ..spikes import as_trains
from . import _style as S

__all__ = ['plot_raster', 'plot_network', 'plot_isi_histogram', 'draw_raster']


def draw_raster(ax_r, ax_p, st, bin_width, title, marker_size=4.0, style=None):
    """A raster of ``st`` into ``ax_r`` and its PSTH [Hz] into ``ax_p``;
    ``style`` overrides the raster's scatter keywords."""
    size = V.positive(marker_size, "marker_size", "points")
    if not math.isfinite(size * size):
        raise ValueError(f"marker_size [points] must be small enough to square, got {size!r}")
    if not st.duration > 0:
        raise ValueError("a raster needs a window: duration [ms] must be > 0")
    if bin_width is None:
        bin_width = st.duration / 50.0
        if not bin_width > 0:
            raise ValueError(f"duration [ms] = {st.duration!r} is too short to bin: pass "
                             "bin_width= (ms) or a longer window")
    h = psth(st, bin_width)
    ax_r.scatter(st.times, st.indices, **S.style(style or {}, marker="|", s=size * size,
                                                 color="k", linewidths=1.0, gid="raster"))
    ax_r.set_ylabel("neuron")
    ax_r.set_ylim(-0.5, st.n - 0.5)
    ax_r.set_xlim(0.0, st.duration)
    ax_r.set_title(title or f"{st.n} spike trains, {len(st)} spikes")
    ax_p.stairs(h.rate, h.edges, color=S.TRACE_COLOR, lw=1.5, gid="rate")
    ax_p.set_ylabel("population rate [Hz]")
    ax_p.set_xlabel("time [ms]")


def plot_raster(spikes, bin_width=None, duration=None, title=None, figsize=(8, 5),
                marker_size=4.0, fig=None, **kwargs):
    """Spike raster (one row per train) with the population rate below it.

    Parameters
    ----------
    spikes : SpikeTrains, a result with ``.spikes`` (its output) or, for a
        synapse response, ``.input_spikes``, or arrays of spike times (ms)
    bin_width : float, optional
        PSTH bin in ms (default: 1/50 of the window).
    duration : float, optional
        Window in ms (default: the container's).
    marker_size : float, default 4.0
        Height of a spike tick in points, > 0.
    fig : matplotlib Figure or SubFigure, optional
        Draw the two panels into this figure instead of a new one.
    **kwargs
        Style of the spike ticks, passed to ``Axes.scatter`` (e.g. ``color``,
        ``alpha``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[raster, rate]``.  The raster is one scatter collection whose
        offsets are ``(time, train)`` of every spike; the rate panel is the
        PSTH (mean rate per train, Hz) drawn as stairs.
    """
    st = S.spike_trains(spikes)
    if duration is not None:
        st, _ = as_trains(st, duration)
    fig, (ax_r, ax_p), created = S.subplots(fig, 2, 1, sharex=True, figsize=figsize,
                                            gridspec_kw={"height_ratios": [2.5, 1]})
    draw_raster(ax_r, ax_p, st, bin_width, title, marker_size, kwargs)
    S.finish(fig, created)
    return fig


def plot_network(result, bin_width=None, neurons=None, title=None, figsize=(8, 7), fig=None,
                 **kwargs):
    """A network (or population) result: raster, population rate and whatever
    traces the result recorded.

    Uses ``result.spikes`` (a SpikeTrains) and, when present and not None,
    ``result.t`` (ms) with ``v`` (mV), ``g`` (nS) or ``i_syn`` (nA), each of
    shape ``(T, n_recorded)``, and ``x``/``u`` ([1], ``(T, n_connections)``),
    as :class:`neuroai.network.NetworkResult` documents them.

    Parameters
    ----------
    neurons : int or sequence of int, optional
        Trace columns to draw, distinct, each in ``[0, number of recorded
        neurons)`` (default: the first 3).
    fig : matplotlib Figure or SubFigure, optional
        Draw the panels into this figure instead of a new one.
    **kwargs
        Style of the recorded traces, passed to ``Axes.plot`` (e.g.
        ``linewidth``, ``alpha``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[raster, rate, then one per recorded quantity: V, synaptic
        conductance or current, STP state]``.
    """
    st = S.spike_trains(result)
    t = getattr(result, "t", None)
    traces = []
    if t is not None:
        t = np.asarray(t, dtype=np.float64)
        for name, label in (("v", "V [mV]"), ("g", "synaptic g [nS]"),
                            ("i_syn", "synaptic I [nA]")):
            val = getattr(result, name, None)
            if val is not None:
                traces.append((name, label, S.columns(val, t.shape[0])))
        xs = [(n, getattr(result, n, None)) for n in ("x", "u")]
        xs = [(n, S.columns(val, t.shape[0])) for n, val in xs if val is not None]
        if xs:
            traces.append(("stp", "STP state [1]", xs))
    ratios = [2.5, 1] + [1.5] * len(traces)
    fig, axes, created = S.subplots(fig, 2 + len(traces), 1, sharex=True, figsize=figsize,
                                    gridspec_kw={"height_ratios": ratios}, squeeze=False)
    axes = axes[:, 0]
    draw_raster(axes[0], axes[1], st, bin_width, title or "Network activity")
    rec = getattr(result, "recorded_neurons", None)
    for ax, (name, label, data) in zip(axes[2:], traces):
        if name == "stp":
            for n, arr in data:
                cols = list(range(min(3, arr.shape[1])))
                for c in cols:
                    ax.plot(t, arr[:, c], **S.style(kwargs, lw=1.0, gid=n,
                                                    label=f"{n} (connection {c})"))
        else:
            cols = (S.chosen_columns(neurons, data.shape[1]) if neurons is not None
                    else list(range(min(3, data.shape[1]))))
            for c in cols:
                ax.plot(t, data[:, c], **S.style(
                    kwargs, lw=1.0, gid=name,
                    label=f"neuron {c if rec is None else int(rec[c])}"))
        ax.set_ylabel(label)
        ax.legend(loc="upper right", fontsize="x-small", frameon=False)
    for ax in axes[1:-1]:
        ax.set_xlabel("")
    axes[-1].set_xlabel("time [ms]")
    S.finish(fig, created)
    return fig


#: More bars than this would not show on any screen.
_MAX_BARS = 10 ** 7


def _histogram_bins(bins):
    """``bins`` checked: a number of bars in [1, _MAX_BARS], increasing edges
    [ms], or one of NumPy's rule names (a string)."""
    if isinstance(bins, str):
        return bins
    if isinstance(bins, numbers.Integral) and not isinstance(bins, (bool, np.bool_)):
        if not 1 <= int(bins) <= _MAX_BARS:
            raise ValueError(f"bins (a number of bars) must be in [1, {_MAX_BARS}], got {bins}")
        return int(bins)
    edges = V.real_array(bins, "bins (bin edges)", "ms", ndim=1)
    if edges.size < 2 or not np.all(np.diff(edges) > 0):
        raise ValueError("bins (bin edges) [ms] must hold at least 2 increasing edges, "
                         f"got {bins!r}")
    return edges


def plot_isi_histogram(spikes, bins=40, poisson=True, ax=None, title=None, **kwargs):
    """Histogram of the interspike intervals of all trains, with their CV.

    Parameters
    ----------
    spikes : SpikeTrains, a result with ``.spikes`` (its output) or, for a
        synapse response, ``.input_spikes``, or arrays of spike times (ms)
    bins : int, array_like or str
        A number of bars in ``[1, 10**7]``, increasing bin edges in ms, or a
        rule name of :func:`numpy.histogram` (e.g. ``"auto"``).
    poisson : bool
        Overlay the exponential density ``r exp(-r d)`` of a Poisson train
        with the same mean interval (``r = 1 / mean ISI``), which has CV 1.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    **kwargs
        Style of the bars, passed to ``Axes.bar`` (e.g. ``color``, ``alpha``).

    Returns
    -------
    matplotlib.axes.Axes
        Bars are the probability density of the pooled intervals [1/ms]; the
        title gives the CV of the pooled intervals (sample standard deviation,
        ddof = 1).
    """
    bins = _histogram_bins(bins)
    poisson = V.flag(poisson, "poisson")
    st = S.spike_trains(spikes)
    d = isi(st, pooled=True)
    if d.size < 2:
        raise ValueError("spikes must hold at least 2 interspike intervals for "
                         f"plot_isi_histogram, got {d.size}")
    density, edges = np.histogram(d, bins=bins, density=True)
    created = ax is None
    fig, ax = S.new_axes(ax)
    ax.bar(edges[:-1], density, width=np.diff(edges), align="edge",
           **S.style(kwargs, color=S.TRACE_COLOR, alpha=0.8, gid="isi"))
    m = float(d.mean())
    cv = float(d.std(ddof=1) / m)
    if poisson:
        xx = np.linspace(0.0, edges[-1], 300)
        ax.plot(xx, np.exp(-xx / m) / m, color=S.SPIKE_COLOR, lw=1.5,
                label=f"Poisson, same mean ({U.hz_from_period(m):.3g} Hz)")
        ax.legend(frameon=False, fontsize="small")
    ax.set_xlabel("interspike interval [ms]")
    ax.set_ylabel("probability density [1/ms]")
    ax.set_title(title or f"{d.size} intervals, CV = {cv:.2f}")
    S.finish(fig, created)
    return ax
