"""Figures of LIF neurons: voltage traces, f-I curves, the course's LIF with a synapse."""
from __future__ import annotations

import numpy as np

from .. import _validate as V
from . import _style as S

__all__ = ['plot_lif', 'plot_fi_curve', 'plot_lif_with_synapse']


def plot_lif(result, neurons=None, show_current=None, threshold=None, title=None,
             figsize=(8, 5), ax=None, fig=None, **kwargs):
    """LIF membrane potential with the input current and spike markers.

    Parameters
    ----------
    result : LIFResult
        From :meth:`neuroai.LIFNeuron.simulate` (``record_v=True``).  Uses
        ``t`` (ms), ``v`` (mV), ``current`` (nA), ``spike_times`` (ms).
    neurons : int or sequence of int, optional
        Columns of ``result.v`` to draw, distinct, each in ``[0, number of
        recorded neurons)`` (default: at most the first 5); each
        is labelled with the index of the neuron it recorded
        (``result.recorded``).
    show_current : bool, optional
        Draw the input current in a panel above the voltage (default: True,
        False when drawing into a given ``ax``).
    threshold : float, optional
        Threshold in mV for the dashed line and the spike markers (default:
        the neuron's ``v_threshold`` when the result knows it).
    title : str, optional
    ax : matplotlib Axes, optional
        Draw the voltage panel into this Axes (no current panel).
    fig : matplotlib Figure or SubFigure, optional
        Draw the panels into this figure instead of a new one.
    **kwargs
        Style of the voltage traces, passed to ``Axes.plot`` (e.g. ``color``,
        ``linewidth``, ``alpha``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes: ``[current, voltage]`` (or ``[voltage]``).  The spike markers
        (``v``-shaped, one per spike) sit at the exact spike times, at the
        threshold, in the voltage panel.  With ``ax``, that Axes.
    """
    S.need(result, ("t", "v", "spike_times"), "result", "a LIFNeuron.simulate result")
    if ax is not None and fig is not None:
        raise ValueError("plot_lif draws into ax (one panel) or fig (its panels), not both")
    show_current = V.flag(ax is None if show_current is None else show_current,
                          "show_current")
    if ax is not None and show_current:
        raise ValueError("plot_lif with ax draws the voltage only: pass show_current=False, "
                         "or fig= for both panels")
    if threshold is not None:
        threshold = V.scalar(threshold, "threshold", "mV")
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
        rec = np.zeros(1, dtype=int)
    else:
        rec = getattr(result, "recorded", None)
        rec = np.arange(v2.shape[1]) if rec is None else np.asarray(rec)
        spike_lists = [spikes[int(j)] for j in rec]
        cols_all = list(range(v2.shape[1]))
    cols = S.chosen_columns(neurons, len(cols_all)) if neurons is not None else cols_all[:5]
    if threshold is None:
        th = getattr(getattr(result, "neuron", None), "v_threshold", None)
        if th is not None and np.ndim(th) == 0:
            threshold = float(th)
        elif th is not None:
            threshold = float(np.asarray(th).reshape(-1)[0])
    if ax is not None:
        fig, ax_v = S.new_axes(ax)
        created, ax_i = False, None
    elif show_current:
        fig, (ax_i, ax_v), created = S.subplots(fig, 2, 1, sharex=True, figsize=figsize,
                                                gridspec_kw={"height_ratios": [1, 2.5]})
    else:
        fig, ax_v, created = S.subplots(fig, 1, 1, figsize=figsize)
        ax_i = None
    single = len(cols) == 1
    for c in cols:
        color = S.TRACE_COLOR if single else None
        (line,) = ax_v.plot(t, v2[:, c], **S.style(
            kwargs, color=color, lw=1.2, label=None if single else f"neuron {int(rec[c])}"))
        st = np.asarray(spike_lists[c], dtype=np.float64)
        y = threshold if threshold is not None else np.nanmax(v2[:, c])
        ax_v.plot(st, np.full(st.shape, y), linestyle="none", marker="v",
                  color=S.SPIKE_COLOR if single else line.get_color(), markersize=8,
                  label="spikes" if single else None, gid="spikes")
    if threshold is not None:
        ax_v.axhline(threshold, color="0.4", ls="--", lw=0.8, label="threshold")
    ax_v.set_ylabel("membrane potential V [mV]")
    ax_v.set_xlabel("time [ms]")
    ax_v.legend(loc="upper right", fontsize="small", frameon=False)
    if ax_i is not None:
        cur = np.asarray(result.current, dtype=np.float64)
        cur2 = cur.reshape(cur.shape[0], -1)
        rec = getattr(result, "recorded", None)
        rec = np.arange(cur2.shape[1]) if rec is None else np.asarray(rec)
        for c in cols:
            j = int(rec[c]) if cur2.shape[1] > 1 else 0
            # the current is constant on [t_i, t_i + dt): draw it as steps
            ax_i.step(t, cur2[: t.shape[0], j], where="post",
                      color=S.INPUT_COLOR if single else None, lw=1.2)
        ax_i.set_ylabel("input I [nA]")
    (ax_i or ax_v).set_title(title or "Leaky integrate-and-fire neuron")
    S.finish(fig, created)
    return ax_v if ax is not None else fig


def plot_fi_curve(currents, rates, closed_form=None, rheobase=None, ax=None, title=None,
                  **kwargs):
    """f-I curve: simulated rates, optionally with a closed form and the rheobase.

    Parameters
    ----------
    currents : array_like, shape (K,)
        Input currents in nA.
    rates : array_like, shape (K,)
        Firing rates in Hz (e.g. from :func:`neuroai.fi_curve`).
    closed_form : callable, optional
        Rates [Hz] of an array of currents [nA], drawn on a fine grid of
        currents, e.g. :func:`neuroai.lif_rate` (or
        ``functools.partial(neuroai.lif_rate, tau_m=10.0)``).
    rheobase : float, optional
        Threshold current [nA] to mark with a dotted vertical line, e.g.
        ``neuroai.rheobase()``.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    **kwargs
        Style of the simulated points, passed to ``Axes.plot`` (e.g.
        ``marker``, ``color``, ``markersize``).

    Returns
    -------
    matplotlib.axes.Axes
        Lines: ``"simulated"`` (markers at ``(currents, rates)``),
        ``"closed form"`` and ``"rheobase"`` (labelled).
    """
    I = V.real_array(currents, "currents", "nA", allow_nan=True).reshape(-1)
    r = V.real_array(rates, "rates", "Hz", allow_nan=True).reshape(-1)
    if I.shape != r.shape:
        raise ValueError(
            f"currents [nA] and rates [Hz] must have the same length, got {I.size} and {r.size}")
    created = ax is None
    fig, ax = S.new_axes(ax)
    if closed_form is not None:
        lo, hi = (float(I.min()), float(I.max())) if I.size else (0.0, 1.0)
        grid = np.linspace(lo, hi, 400)
        ax.plot(grid, np.asarray(closed_form(grid)), color="0.3", lw=1.2,
                label="closed form 1/ISI")
    ax.plot(I, r, **S.style(kwargs, linestyle="none", marker="o", color=S.TRACE_COLOR,
                            label="simulated"))
    if rheobase is not None:
        rb = V.scalar(rheobase, "rheobase", "nA")
        ax.axvline(rb, color=S.SPIKE_COLOR, ls=":", lw=1.2, label=f"rheobase {rb:.3g} nA")
    ax.set_xlabel("input current I [nA]")
    ax.set_ylabel("firing rate [Hz]")
    ax.set_title(title or "f-I curve")
    ax.legend(frameon=False, fontsize="small")
    S.finish(fig, created)
    return ax


def plot_lif_with_synapse(result, title=None, figsize=(8, 7), fig=None, **kwargs):
    """One LIF neuron driven through one depressing synapse by a spike train.

    Uses ``t`` (ms), ``v`` (mV), ``g`` (nS), ``x`` ([1]), ``spike_times``
    (output spikes, ms) and ``input_spikes`` (presynaptic SpikeTrains or
    times), as :class:`neuroai.network.LIFWithSynapseResult` documents them.
    ``fig`` (a matplotlib Figure or SubFigure) receives the panels instead of
    a new figure; ``kwargs`` style the voltage trace (``Axes.plot``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[conductance with input spikes, resources x, voltage with output
        spikes]``.
    """
    S.need(result, ("t", "g", "x", "v", "spike_times"), "result",
           "a LIFWithSynapse.simulate result")
    t = np.asarray(result.t, dtype=np.float64)
    pre_t = S.input_times(result)
    fig, (ax_g, ax_x, ax_v), created = S.subplots(fig, 3, 1, sharex=True, figsize=figsize,
                                                  gridspec_kw={"height_ratios": [1.3, 1, 2]})
    ax_g.plot(t, np.asarray(result.g, dtype=np.float64), color=S.TRACE_COLOR, gid="g")
    ax_g.plot(pre_t, np.full(pre_t.shape, 1.0), linestyle="none", marker="|", markersize=10,
              color="k", transform=ax_g.get_xaxis_transform(), gid="input_spikes")
    ax_g.set_ylabel("conductance g [nS]")
    ax_g.set_title(title or "LIF neuron with a depressing synapse")
    x = getattr(result, "x", None)
    if x is not None:
        ax_x.plot(t, np.asarray(x, dtype=np.float64), color="#9467bd", gid="x")
    ax_x.set_ylabel("resources x [1]")
    ax_x.set_ylim(0.0, 1.05)
    ax_v.plot(t, np.asarray(result.v, dtype=np.float64),
              **S.style(kwargs, color=S.TRACE_COLOR, lw=1.2, gid="v"))
    out = np.asarray(result.spike_times, dtype=np.float64).reshape(-1)
    th = getattr(getattr(result, "neuron", None), "v_threshold", None)
    y = float(np.asarray(th).reshape(-1)[0]) if th is not None else float(np.max(result.v))
    ax_v.plot(out, np.full(out.shape, y), linestyle="none", marker="v", color=S.SPIKE_COLOR,
              markersize=8, gid="spikes", label="output spikes")
    ax_v.set_ylabel("membrane potential V [mV]")
    ax_v.set_xlabel("time [ms]")
    ax_v.legend(loc="upper right", fontsize="small", frameon=False)
    S.finish(fig, created)
    return fig
