"""Figures of Hopfield networks: a recall, the weights and the capacity curve.

Everything drawn is dimensionless ([1]).
"""
from __future__ import annotations

import numpy as np

from . import _style as S

__all__ = ["plot_hopfield_recall", "plot_hopfield_weights", "plot_capacity_curve"]


def _image_shape(n, shape):
    if shape is None:
        side = int(round(np.sqrt(n)))
        return (side, side) if side * side == n else (1, n)
    shape = tuple(int(k) for k in shape)
    if len(shape) != 2 or shape[0] * shape[1] != n:
        raise ValueError(f"shape must be two sizes whose product is the {n} units, got {shape}")
    return shape


def plot_hopfield_recall(result, fig=None, shape=None, title=None, figsize=(11, 3.2),
                         **kwargs):
    """A recall: cue, final state, energy and overlaps over the sweeps.

    The package's figure of a :class:`neuroai.HopfieldRecall`; the course's
    figure of the same name, called with three states and a noise level, is
    :func:`neuroai.plotting.plot_hopfield_recall`.

    Panels: (1) the cue and (2) the final state as images (``shape``, e.g.
    ``(10, 10)``; default a square when n is one, else a row; white +1,
    black -1, grey 0); (3) the energy ``E`` [1] after each sweep, and after
    each unit update when it was recorded; (4) the overlap ``m_mu`` [1] with
    each stored pattern after each sweep.

    ``fig`` (a Figure or SubFigure) receives the panels instead of a new
    figure; ``kwargs`` style the energy line (``Axes.plot``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[cue, final state, energy, overlaps]``.
    """
    S.need(result, ("cue", "state", "energy", "overlaps", "sweeps"), "result",
           "a HopfieldRecall")
    n = int(np.size(result.state))
    shp = _image_shape(n, shape)
    fig, axes, created = S.subplots(fig, 1, 4, figsize=figsize,
                                    gridspec_kw={"width_ratios": [1, 1, 1.6, 1.6]})
    a_cue, a_fin, a_e, a_m = axes
    for ax, s, name in ((a_cue, result.cue, "cue"), (a_fin, result.state, "final state")):
        ax.imshow(np.asarray(s, float).reshape(shp), cmap="gray", vmin=-1, vmax=1,
                  interpolation="nearest", gid=name.replace(" ", "_"))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(name)
    sweeps = np.arange(np.size(result.energy))
    eu = getattr(result, "energy_updates", None)
    if eu is not None:
        a_e.plot(np.arange(np.size(eu)) / n, eu, color="0.6", lw=1.0, label="each update",
                 gid="energy_updates")
    a_e.plot(sweeps, result.energy, **S.style(kwargs, color=S.TRACE_COLOR, marker="o", lw=1.5,
                                              label="after each sweep", gid="energy"))
    a_e.set_xlabel("sweep (n unit updates)")
    a_e.set_ylabel("energy E [1]")
    a_e.legend(frameon=False, fontsize="small")
    a_e.set_title("energy")
    m = np.asarray(result.overlaps)
    for mu in range(m.shape[1]):
        a_m.plot(sweeps, m[:, mu], marker=".", lw=1.2, label=f"pattern {mu}" if mu < 8 else None,
                 gid="overlap")
    a_m.set_ylim(-1.05, 1.05)
    a_m.axhline(0.0, color="k", lw=0.5)
    a_m.set_xlabel("sweep")
    a_m.set_ylabel("overlap m [1]")
    if 0 < m.shape[1]:
        a_m.legend(frameon=False, fontsize="small")
    a_m.set_title("overlap with stored patterns")
    conv = "fixed point" if getattr(result, "converged", False) else "no fixed point"
    fig.suptitle(title or f"Hopfield recall ({getattr(result, 'mode', '')}): "
                          f"{result.sweeps} sweeps, {conv}")
    S.finish(fig, created)
    return fig


def plot_hopfield_weights(network, ax=None, title=None, **kwargs):
    """The weight matrix ``W`` [1] of a network as a colour map (blue
    positive, red negative; row i from the top), with a colour bar when the
    figure is made here (not in a given ``ax``); ``kwargs`` go to
    ``Axes.pcolormesh``.  Returns the Axes."""
    S.need(network, ("weights",), "network", "a Hopfield network")
    w = np.asarray(network.weights, dtype=np.float64)
    own = ax is None           # a colour bar only in a figure made here
    fig, ax = S.new_axes(ax, figsize=(4.5, 4))
    lim = float(np.max(np.abs(w))) or 1.0
    mesh = ax.pcolormesh(w, **S.style(kwargs, cmap="RdBu", vmin=-lim, vmax=lim,
                                      gid="weights"))
    ax.set_aspect("equal")
    ax.invert_yaxis()
    if own:
        ax.figure.colorbar(mesh, ax=ax, label="W_ij [1]")
    ax.set_xlabel("unit j")
    ax.set_ylabel("unit i")
    ax.set_title(title or f"Hopfield weights ({getattr(network, 'rule', None)})")
    return ax


def plot_capacity_curve(curve, ax=None, title=None, **kwargs):
    """Recall rate (and mean final overlap) against load ``alpha = P / n``,
    with the large-n Hebbian capacity ``alpha_c = 0.138`` marked.
    ``kwargs`` style the recall-rate line (``Axes.plot``).  Returns the Axes."""
    S.need(curve, ("loads", "recall_rate", "mean_overlap"), "curve", "a CapacityCurve")
    fig, ax = S.new_axes(ax, figsize=(6, 4))
    ax.plot(curve.loads, curve.recall_rate, **S.style(kwargs, color=S.TRACE_COLOR, marker="o",
                                                      label="recall rate", gid="recall_rate"))
    ax.plot(curve.loads, curve.mean_overlap, color="0.5", marker=".", ls="--",
            label="mean final overlap", gid="mean_overlap")
    ax.axvline(0.138, color=S.SPIKE_COLOR, lw=1.0, ls=":", label="alpha_c = 0.138",
               gid="alpha_c")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("load alpha = P / n [1]")
    ax.set_ylabel("fraction recalled / overlap [1]")
    ax.legend(frameon=False, fontsize="small")
    ax.set_title(title or f"Hopfield capacity (n = {getattr(curve, 'n', '?')}, "
                          f"{getattr(curve, 'rule', '')})")
    return ax
