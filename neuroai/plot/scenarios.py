"""Figures of the tutorial's thinking exercises, drawn from the results of
:mod:`neuroai.course.scenarios` (which simulates them)."""
from __future__ import annotations

import numpy as np

from . import _style as S

__all__ = ["plot_flash_vs_sustained"]


def plot_flash_vs_sustained(scenario, title=None, figsize=(10, 7), fig=None, **kwargs):
    """Scenario 1: the same total input as a brief flash and as sustained light.

    The perceptron sees one number per stimulus, the total input (the integral
    of the current, nA x ms), so it gives the same output for both.  The LIF
    neuron integrates the current over time with a leak, so the flash and the
    sustained input move its membrane differently and it fires differently.

    Parameters
    ----------
    scenario : FlashVsSustained
        From :func:`neuroai.course.scenarios.flash_vs_sustained`: the two
        ``currents`` [nA], their ``totals`` [nA x ms], the perceptron
        ``outputs``, the LIF result ``lif`` (``t``, ``v`` [mV],
        ``spike_times``), the ``labels`` and the ``threshold`` [mV].
    fig : matplotlib Figure or SubFigure, optional
        Draw the panels into this figure instead of a new one.
    **kwargs
        Style of the voltage traces, passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[flash input, sustained input, flash V, sustained V,
        perceptron outputs, LIF spike counts]``.  The last two are bar charts
        whose heights are the perceptron outputs and the LIF spike counts.
    """
    S.need(scenario, ("lif", "labels", "threshold", "totals", "currents", "outputs", "counts"),
           "scenario", "a flash-vs-sustained scenario")
    res, labels, th = scenario.lif, scenario.labels, scenario.threshold
    fig, created = S.new_figure(fig, figsize)
    gs = fig.add_gridspec(3, 2, height_ratios=[1, 2, 1.4])
    ax_i = [fig.add_subplot(gs[0, 0]), None]
    ax_i[1] = fig.add_subplot(gs[0, 1], sharey=ax_i[0])
    ax_v = [fig.add_subplot(gs[1, 0], sharex=ax_i[0]), None]
    ax_v[1] = fig.add_subplot(gs[1, 1], sharex=ax_i[1], sharey=ax_v[0])
    ax_p = fig.add_subplot(gs[2, 0])
    ax_c = fig.add_subplot(gs[2, 1])
    t = np.asarray(res.t)
    for k, (lab, q) in enumerate(zip(labels, scenario.totals)):
        ax_i[k].step(t, scenario.currents[:, k], where="post", color=S.INPUT_COLOR)
        ax_i[k].set_title(f"{lab}: total {q:.4g} nA·ms")
        ax_i[k].set_ylabel("input I [nA]")
        ax_v[k].plot(t, res.v[:, k], **S.style(kwargs, color=S.TRACE_COLOR, lw=1.2))
        st = np.asarray(res.spike_times[k])
        ax_v[k].plot(st, np.full(st.shape, th), linestyle="none", marker="v",
                     color=S.SPIKE_COLOR, markersize=8, gid="spikes")
        ax_v[k].axhline(th, color="0.4", ls="--", lw=0.8)
        ax_v[k].set_xlabel("time [ms]")
        ax_v[k].set_ylabel("V [mV]")
    for ax, values, gid, ylabel, name in (
            (ax_p, scenario.outputs, "perceptron", "perceptron output y",
             "perceptron (sees only the total)"),
            (ax_c, scenario.counts, "lif", "LIF spike count [spikes]",
             "LIF neuron (integrates with a leak)")):
        ax.bar([0, 1], values, color=["#9467bd", "#8c564b"], gid=gid)
        ax.set_xticks([0, 1])
        ax.set_xticklabels(labels)
        ax.set_ylabel(ylabel)
        ax.set_title(name)
    fig.suptitle(title or "Same total input, different time course")
    S.finish(fig, created)
    return fig
