"""Figures of synapses: a response's traces and efficacies, depression vs facilitation."""
from __future__ import annotations

import numpy as np

from . import _style as S

__all__ = ['plot_synapse_response', 'plot_stp_comparison']


def _once(lines, label):
    """Label the first of ``lines`` (one per synapse, all one colour), so the
    legend lists the quantity once rather than once per synapse."""
    lines[0].set_label(label)
    for line in lines[1:]:
        line.set_label("_nolegend_")
    return lines


def plot_synapse_response(result, title=None, figsize=(8, 6), fig=None, **kwargs):
    """A synapse's response to a spike train: conductance / current and STP state.

    Parameters
    ----------
    result : synapse response
        A :class:`neuroai.synapses.SynapseResponse`, or any object with ``t``
        (ms) and some of: ``g`` (conductance, nS), ``i`` (current, nA), ``x``
        and ``u`` (STP resources and release fraction, [1]), ``efficacy``
        (fraction delivered by each spike, in the order of the spike times),
        and the presynaptic spikes as ``input_spikes`` (a SpikeTrains or
        times in ms).
    fig : matplotlib Figure or SubFigure, optional
        Draw the panels into this figure instead of a new one.
    **kwargs
        Style of the conductance or current traces, passed to ``Axes.plot``
        (e.g. ``color``, ``linewidth``).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per quantity present, in the order conductance, current,
        STP state; presynaptic spikes are marked with ``|`` on the first panel.
    """
    S.need(result, ("t",), "result", "a synapse response")
    t = np.asarray(result.t, dtype=np.float64)
    g = getattr(result, "g", None)
    cur = getattr(result, "i", None)
    x = getattr(result, "x", None)
    u = getattr(result, "u", None)
    eff = getattr(result, "efficacy", None)
    spk = S.input_times(result)
    panels = [p for p, val in (("g", g), ("i", cur)) if val is not None and np.ndim(val) > 0]
    has_stp = any(val is not None and np.ndim(val) > 0 for val in (x, u)) or eff is not None
    if has_stp:
        panels.append("stp")
    if not panels:
        raise ValueError("plot_synapse_response: the result has none of g, i (current), "
                         "x, u, efficacy")
    fig, axes, created = S.subplots(fig, len(panels), 1, sharex=True, figsize=figsize,
                                    squeeze=False)
    axes = axes[:, 0]
    for ax, p in zip(axes, panels):
        if p == "g":
            ax.plot(t, np.asarray(g, dtype=np.float64).reshape(len(t), -1),
                    **S.style(kwargs, color=S.TRACE_COLOR))
            ax.set_ylabel("conductance g [nS]")
        elif p == "i":
            ax.plot(t, np.asarray(cur, dtype=np.float64).reshape(len(t), -1),
                    **S.style(kwargs, color=S.INPUT_COLOR))
            ax.set_ylabel("synaptic current [nA]")
        else:
            if x is not None and np.ndim(x) > 0:
                _once(ax.plot(t, np.asarray(x, dtype=np.float64).reshape(len(t), -1),
                              color="#9467bd"), "x (available resources)")
            if u is not None and np.ndim(u) > 0:
                _once(ax.plot(t, np.asarray(u, dtype=np.float64).reshape(len(t), -1),
                              color="#ff7f0e"), "u (release fraction)")
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
                   color=S.SPIKE_COLOR, transform=first.get_xaxis_transform(),
                   label="presynaptic spikes", gid="spikes")
    axes[-1].set_xlabel("time [ms]")
    syn = getattr(result, "synapse", None)
    first.set_title(title or (f"{type(syn).__name__} response" if syn is not None
                              else "Synaptic response"))
    S.finish(fig, created)
    return fig


def plot_stp_comparison(depressing, facilitating, labels=("depressing", "facilitating"),
                        title=None, figsize=(9, 5), fig=None, **kwargs):
    """Depressing vs facilitating synapse driven by the same spike train.

    Parameters
    ----------
    depressing, facilitating : synapse responses
        As :func:`plot_synapse_response`: each with ``t`` (ms), ``g`` (nS) or
        ``i`` (nA), and ``efficacy`` (fraction delivered by each spike)
        or enough to show the PSC sizes.
    fig : matplotlib Figure or SubFigure, optional
        Draw the panels into this figure instead of a new one.
    **kwargs
        Style of the two responses' traces, passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[trace of depressing, trace of facilitating, efficacy]``: the
        two responses over time, and the efficacy at each spike normalised to
        the first spike (1 = no change), so depression falls below 1 and
        facilitation rises above it.  The two synapses differ in colour and,
        for readers who do not tell the colours apart, in line style and
        marker (solid with circles, dashed with squares).
    """
    S.need(depressing, ("t",), "depressing", "a synapse response")
    S.need(facilitating, ("t",), "facilitating", "a synapse response")
    fig, created = S.new_figure(fig, figsize)
    gs = fig.add_gridspec(2, 2, height_ratios=[1, 1])
    ax_d = fig.add_subplot(gs[0, 0])
    ax_f = fig.add_subplot(gs[0, 1], sharey=ax_d)
    ax_e = fig.add_subplot(gs[1, :])
    for ax, res, lab, col, ls, mk in ((ax_d, depressing, labels[0], "#1f77b4", "-", "o"),
                                      (ax_f, facilitating, labels[1], "#ff7f0e", "--", "s")):
        t = np.asarray(res.t, dtype=np.float64)
        g = getattr(res, "g", None)
        if g is not None:
            ax.plot(t, np.asarray(g, dtype=np.float64).reshape(len(t), -1),
                    **S.style(kwargs, color=col, linestyle=ls))
            ax.set_ylabel("conductance g [nS]")
        else:
            ax.plot(t, np.asarray(res.i, dtype=np.float64).reshape(len(t), -1),
                    **S.style(kwargs, color=col, linestyle=ls))
            ax.set_ylabel("synaptic current [nA]")
        spk = S.input_times(res)
        ax.plot(spk, np.full(spk.shape, 1.0), linestyle="none", marker="|", markersize=8,
                color=S.SPIKE_COLOR, transform=ax.get_xaxis_transform(), gid="spikes")
        ax.set_xlabel("time [ms]")
        ax.set_title(lab)
        eff = getattr(res, "efficacy", None)
        if eff is not None:
            e = np.asarray(eff, dtype=np.float64).reshape(-1)
            if e.size and e[0] > 0:
                ax_e.plot(np.arange(1, e.size + 1), e / e[0], marker=mk, linestyle=ls,
                          color=col, label=lab)
    ax_e.axhline(1.0, color="0.5", ls="--", lw=0.8)
    ax_e.set_xlabel("spike number")
    ax_e.set_ylabel("efficacy / first efficacy [1]")
    ax_e.legend(frameon=False, fontsize="small")
    fig.suptitle(title or "Short-term plasticity: the same train, two synapses")
    S.finish(fig, created)
    return fig
