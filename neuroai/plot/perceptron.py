"""Figures of the perceptron: its computation on one input and its decision boundary."""
from __future__ import annotations

import numpy as np

from .. import _validate as V
from .. import activations
from . import _style as S

__all__ = ['plot_perceptron', 'plot_decision_boundary']


def plot_perceptron(perceptron, x, title=None, figsize=(10, 3.5), fig=None, **kwargs):
    """The perceptron's computation on one input: inputs, weighted sum, activation.

    Panels: (1) each input ``x_i`` and its weighted contribution ``w_i x_i``;
    (2) the sum ``z = sum_i w_i x_i + b`` as a stacked bar of the contributions
    and the bias; (3) the activation function with the operating point
    ``(z, f(z))``.  The perceptron is instantaneous and unit-less: it carries
    the unit of its inputs.

    ``fig`` (a matplotlib Figure or SubFigure) receives the three panels
    instead of a new figure; ``kwargs`` style the activation curve
    (``Axes.plot``).

    Returns
    -------
    matplotlib.figure.Figure
        Axes ``[inputs, sum, activation]``.
    """
    S.need(perceptron, ("weights", "bias", "activation", "forward"), "perceptron",
           "a Perceptron")
    x = V.real_array(x, "x (inputs)").reshape(-1)
    w = np.asarray(perceptron.weights, dtype=np.float64)
    if x.shape != w.shape:
        raise ValueError(f"x must have {w.size} inputs (the perceptron's n_inputs), got {x.size}")
    b = float(perceptron.bias)
    contrib = w * x
    z = float(contrib.sum() + b)
    y = float(perceptron.forward(x))
    fig, (a1, a2, a3), created = S.subplots(fig, 1, 3, figsize=figsize,
                                            gridspec_kw={"width_ratios": [2, 1, 2]})
    k = np.arange(x.size)
    a1.bar(k - 0.2, x, width=0.4, color="0.7", label="input $x_i$", gid="inputs")
    a1.bar(k + 0.2, contrib, width=0.4, color=S.TRACE_COLOR, label="$w_i x_i$", gid="weighted")
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
        a2.bar(0, c, bottom=base, width=0.5, color=S.TRACE_COLOR if i < x.size else "0.5",
               edgecolor="w", gid="stack")
        if c >= 0:
            pos_base += c
        else:
            neg_base += c
    a2.plot([-0.35, 0.35], [z, z], color=S.SPIKE_COLOR, lw=2, label=f"z = {z:.3g}", gid="z")
    a2.axhline(0.0, color="k", lw=0.6)
    a2.set_xticks([0])
    a2.set_xticklabels(["$\\sum w_i x_i + b$"])
    a2.set_ylabel("net input z [input units]")
    a2.legend(frameon=False, fontsize="small")
    a2.set_title("2. sum (+ bias)")
    span = max(4.0, 1.5 * abs(z))
    zz = np.linspace(-span, span, 401)
    f = getattr(activations, perceptron.activation)
    a3.plot(zz, np.asarray(f(zz)), **S.style(kwargs, color="0.3", lw=1.5,
                                             label=perceptron.activation, gid="activation"))
    a3.plot([z], [y], marker="o", color=S.SPIKE_COLOR, markersize=9, linestyle="none",
            label=f"output y = {y:.3g}", gid="output")
    a3.set_xlabel("net input z")
    a3.set_ylabel("output y = f(z)")
    a3.legend(frameon=False, fontsize="small")
    a3.set_title("3. activation")
    fig.suptitle(title or "Perceptron: weighted sum and activation, no time involved")
    S.finish(fig, created)
    return fig


#: A finer grid than this draws no better on any screen (and costs its square).
_MAX_RESOLUTION = 10_000


def plot_decision_boundary(perceptron, X, y, ax=None, title=None, resolution=200, **kwargs):
    """Data of a 2-input perceptron and its decision boundary ``w . x + b = 0``.

    Parameters
    ----------
    perceptron : Perceptron with ``n_inputs == 2``
    X : array_like, shape (m, 2)
    y : array_like, shape (m,), labels in {0, 1}
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    **kwargs
        Style of the boundary line, passed to ``Axes.plot`` (e.g. ``color``,
        ``linestyle``).

    Returns
    -------
    matplotlib.axes.Axes
        The shaded regions are the perceptron's predictions; the line
        (label ``"boundary"``) is ``w0 x0 + w1 x1 + b = 0``; class 0 and class 1
        are two scatter collections.
    """
    S.need(perceptron, ("weights", "bias", "forward"), "perceptron", "a Perceptron")
    res = V.integer(resolution, "resolution (grid points per axis)", minimum=2)
    if res > _MAX_RESOLUTION:
        raise ValueError(f"resolution (grid points per axis) must be in [2, "
                         f"{_MAX_RESOLUTION}], got {res}")
    w = np.asarray(perceptron.weights, dtype=np.float64)
    if w.size != 2:
        raise ValueError(
            f"plot_decision_boundary needs a perceptron with 2 inputs, got n_inputs = {w.size}")
    X = V.real_array(X, "X (inputs)")
    yv = V.real_array(y, "y (labels)").reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] != yv.size:
        raise ValueError(f"X must have shape (m, 2) and y shape (m,), got {X.shape} and {yv.shape}")
    if not np.all(np.isin(yv, (0, 1))):
        raise ValueError("y (labels) must be 0 or 1")
    b = float(perceptron.bias)
    created = ax is None
    fig, ax = S.new_axes(ax, figsize=(5, 5))
    pad = 0.5
    x0min, x0max = X[:, 0].min() - pad, X[:, 0].max() + pad
    x1min, x1max = X[:, 1].min() - pad, X[:, 1].max() + pad
    g0, g1 = np.meshgrid(np.linspace(x0min, x0max, res),
                         np.linspace(x1min, x1max, res))
    pred = (w[0] * g0 + w[1] * g1 + b >= 0).astype(float)
    ax.contourf(g0, g1, pred, levels=[-0.5, 0.5, 1.5], colors=["#aec7e8", "#ffbb78"], alpha=0.5)
    if w[1] != 0:
        xs = np.array([x0min, x0max])
        ax.plot(xs, -(w[0] * xs + b) / w[1], **S.style(kwargs, color="k", lw=2,
                                                       label="boundary"))
    elif w[0] != 0:
        ax.plot([-b / w[0]] * 2, [x1min, x1max], **S.style(kwargs, color="k", lw=2,
                                                           label="boundary"))
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
    S.finish(fig, created)
    return ax
