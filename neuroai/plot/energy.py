"""Figures of the energy model: a ledger, and brain power against the mean rate."""
from __future__ import annotations

import numpy as np

from .. import _validate as V
from . import _style as S

__all__ = ['plot_ledger', 'plot_energy_vs_rate']


def plot_ledger(ledger, by="group", ax=None, log=True, title=None, **kwargs):
    """An energy ledger as a horizontal bar chart.

    Parameters
    ----------
    ledger : neuroai.energy.Ledger
    by : {"group", "row"}
        One bar per group total (default) or one per ledger row.
    log : bool
        Logarithmic energy axis (the totals often span orders of magnitude).
        Zero energies are drawn on a linear axis instead.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    **kwargs
        Style of the bars, passed to ``Axes.barh`` (e.g. ``color``, ``hatch``).

    Returns
    -------
    matplotlib.axes.Axes
        Bar widths are the energies in J, in ledger order from the top.
    """
    S.need(ledger, ("totals", "rows"), "ledger", "a neuroai.energy.Ledger")
    log = V.flag(log, "log")
    if not isinstance(by, str):
        raise ValueError(f"by must be 'group' or 'row', got {by!r}")
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
    fig, ax = S.new_axes(ax, figsize=(8, 0.5 * len(items) + 1.5))
    pos = np.arange(len(items))[::-1]
    bars = ax.barh(pos, vals, **S.style(kwargs, color=S.TRACE_COLOR, gid="energy"))
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
    S.finish(fig, created)
    return ax


def plot_energy_vs_rate(power, ax=None, title=None, **kwargs):
    """Power of a whole brain against its mean firing rate (Scenario 3).

    Parameters
    ----------
    power : BrainPower
        From :func:`neuroai.course.scenarios.brain_power`: ``rates`` [Hz],
        ``watts`` [W] at each rate, the signalling ``budget`` [W], the
        ``affordable`` rate [Hz] and ``n_neurons``.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with gid ``"power"``, ``"budget"`` (the signalling budget,
        labelled with its watts) and ``"affordable rate"`` (labelled with its
        hertz).

    ``ax`` (a matplotlib Axes) receives the figure instead of a new one;
    ``kwargs`` style the power curve (``Axes.plot``).
    """
    missing = [k for k in ("rates", "watts", "budget", "affordable", "n_neurons")
               if not hasattr(power, k)]
    if missing:
        raise TypeError(
            "power must be a BrainPower (neuroai.course.scenarios.brain_power()), "
            f"got {type(power).__name__} {power!r:.60}")
    created = ax is None
    fig, ax = S.new_axes(ax)
    ax.plot(power.rates, power.watts, **S.style(kwargs, color=S.TRACE_COLOR, lw=2,
                                                label="power", gid="power"))
    # the line is the signalling share of the brain's power, not all of it:
    # its label says so and gives the number
    ax.axhline(power.budget, color="0.3", ls="--", gid="budget",
               label=f"signalling budget {power.budget:.3g} W")
    ra = power.affordable
    ax.axvline(ra, color=S.SPIKE_COLOR, ls=":", lw=1.5, gid="affordable rate",
               label=f"affordable rate {ra:.2g} Hz")
    ax.annotate(f"{ra:.2g} Hz", (ra, power.budget), xytext=(5, 5), textcoords="offset points",
                color=S.SPIKE_COLOR)
    ax.set_xlabel("mean firing rate [Hz]")
    ax.set_ylabel("power [W]")
    ax.set_title(title or f"{power.n_neurons:.3g} neurons: power vs mean rate")
    ax.legend(frameon=False, fontsize="small")
    S.finish(fig, created)
    return ax
