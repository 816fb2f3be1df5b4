"""Shared pieces of the figures: the palette, matplotlib on demand, figures
that Jupyter shows once, and normalising the spike inputs a figure accepts."""
from __future__ import annotations

import numbers

import numpy as np

from ..spikes import SpikeTrains, as_trains

__all__ = ["SPIKE_COLOR", "TRACE_COLOR", "INPUT_COLOR", "pyplot", "new_axes", "new_figure",
           "subplots", "finish", "style", "spike_trains", "input_times", "columns",
           "chosen_columns", "need"]

SPIKE_COLOR = "#d62728"
TRACE_COLOR = "#1f77b4"
INPUT_COLOR = "#2ca02c"


def pyplot():
    """``matplotlib.pyplot``, imported on first use (a clear error without it)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:          # pragma: no cover - depends on the install
        raise ImportError(
            "neuroai.plot needs matplotlib: pip install 'neuroai-kit[plot]'") from exc
    return plt


_FIGURE_CLASS = None


def _figure_class():
    """The Figure class of the figures made here, built on first use (it
    subclasses matplotlib's, imported only when drawing)."""
    global _FIGURE_CLASS
    if _FIGURE_CLASS is None:
        from matplotlib.figure import Figure

        class NeuroaiFigure(Figure):
            """A matplotlib Figure that Jupyter shows once.

            With the inline backend, pyplot's figures are drawn at the end of
            the cell, and a cell that ends with a figure would show it a second
            time through the display hook.  This one, whenever IPython displays
            it (the display hook, ``display(fig)`` or the backend's own drawing
            at the end of the cell), shows itself with the formats IPython is
            set to (PNG, SVG, retina, ...) and, under the inline backend,
            leaves pyplot, so that nothing draws it again.
            """

            def _ipython_display_(self):
                from IPython import get_ipython
                from IPython.display import publish_display_data
                ip = get_ipython()
                if ip is None:
                    print(repr(self))
                    return
                data, metadata = {}, {}
                for mime, formatter in ip.display_formatter.formatters.items():
                    out = formatter(self)
                    if isinstance(out, tuple):
                        out, md = out
                        metadata[mime] = md
                    if out is not None:
                        data[mime] = out
                publish_display_data(data, metadata)
                if _inline_backend():
                    pyplot().close(self)

        _FIGURE_CLASS = NeuroaiFigure
    return _FIGURE_CLASS


def _inline_backend():
    """True under matplotlib's inline backend (Jupyter's default), which
    draws every figure pyplot holds at the end of a cell."""
    import matplotlib
    return "inline" in str(matplotlib.get_backend()).lower()


def new_figure(fig=None, figsize=(7, 4)):
    """``(figure, created)``: the given Figure (or SubFigure) to draw the
    panels into, or a new pyplot figure that Jupyter shows once."""
    if fig is not None:
        if not (hasattr(fig, "subplots") and hasattr(fig, "add_gridspec")):
            raise TypeError(f"fig must be a matplotlib Figure or SubFigure, got "
                            f"{type(fig).__name__}")
        return fig, False
    return pyplot().figure(figsize=figsize, FigureClass=_figure_class()), True


def subplots(fig, nrows, ncols=1, figsize=(7, 4), **kwargs):
    """``(figure, axes, created)``: ``nrows x ncols`` panels in the given
    Figure or SubFigure, or in a new figure (see :func:`new_figure`)."""
    fig, created = new_figure(fig, figsize)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes, created


def new_axes(ax, figsize=(7, 4)):
    """``(figure, ax)``: the given Axes and its figure, or a new figure."""
    if ax is not None:
        if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
            raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
        return ax.figure, ax
    fig, axes, _ = subplots(None, 1, 1, figsize=figsize)
    return fig, axes


def finish(fig, created):
    """Lay out a figure this package made (a given one is left as it is)."""
    if created:
        fig.tight_layout()


def style(kwargs, **defaults):
    """Keyword arguments for a matplotlib call: the figure's ``defaults``,
    overridden by the caller's ``kwargs`` (matplotlib's own aliases, such as
    ``c`` for ``color`` or ``lw`` for ``linewidth``, replace the default they
    stand for)."""
    aliases = {"c": "color", "lw": "linewidth", "ls": "linestyle", "ms": "markersize",
               "mec": "markeredgecolor", "mfc": "markerfacecolor", "ec": "edgecolor",
               "fc": "facecolor"}
    out = dict(defaults)
    for key in kwargs:
        full = aliases.get(key, key)
        short = [a for a, f in aliases.items() if f == full]
        for k in [full, *short]:
            out.pop(k, None)
    out.update(kwargs)
    return out


def spike_trains(spikes):
    """A SpikeTrains from a SpikeTrains, a result whose ``spikes`` (output)
    is one, a result that emits no spikes but keeps its ``input_spikes`` (a
    synapse response: the trains its ``spike_times`` and ``rates`` describe),
    or spike times in any form :func:`neuroai.spikes.as_trains` takes."""
    if isinstance(spikes, SpikeTrains):
        return spikes
    for name in ("spikes", "input_spikes"):
        inner = getattr(spikes, name, None)
        if isinstance(inner, SpikeTrains):
            return inner
    return as_trains(spikes)[0]


def input_times(result):
    """The presynaptic spike times [ms] of a result (its ``input_spikes``, a
    SpikeTrains or an array), empty when it has none."""
    st = getattr(result, "input_spikes", None)
    if st is None:
        return np.empty(0)
    if isinstance(st, SpikeTrains):
        return np.asarray(st.times)
    return np.asarray(st, dtype=np.float64).reshape(-1)


def columns(a, n_rows):
    """``a`` as a float64 array of ``n_rows`` rows (a column per trace)."""
    return np.asarray(a, dtype=np.float64).reshape(n_rows, -1)


def chosen_columns(neurons, n, name="neurons"):
    """The trace columns a figure draws: ``neurons`` (an int or a sequence
    of distinct ints, each in ``[0, n)``, counted among the recorded
    traces) as a list of ints."""
    items = [neurons] if isinstance(neurons, numbers.Integral) else neurons
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{name} must be an int or a sequence of ints (columns of the "
                        f"{n} recorded traces), got {neurons!r}")
    cols = []
    for c in items:
        if isinstance(c, (bool, np.bool_)) or not isinstance(c, numbers.Integral):
            raise TypeError(f"{name} must hold ints (columns of the {n} recorded traces), "
                            f"got {c!r} in {neurons!r}")
        if not 0 <= int(c) < n:
            raise ValueError(f"{name} must hold columns in [0, {n}) (the recorded "
                             f"traces), got {int(c)}")
        cols.append(int(c))
    if len(set(cols)) != len(cols):
        raise ValueError(f"{name} must hold distinct columns, got {neurons!r}")
    return cols


def need(obj, attrs, name, what):
    """Raise TypeError naming ``name`` unless ``obj`` has every attribute
    in ``attrs`` (the figures draw results by their fields, whatever made
    them)."""
    missing = [a for a in attrs if not hasattr(obj, a)]
    if missing:
        raise TypeError(f"{name} must be {what} (with {', '.join(attrs)}), got "
                        f"{type(obj).__name__} {obj!r:.60}")
