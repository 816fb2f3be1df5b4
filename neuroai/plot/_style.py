"""Shared pieces of the figures: the palette, matplotlib on demand, and
normalising the spike inputs a figure accepts."""
from __future__ import annotations

import numbers

import numpy as np

from ..spikes import SpikeTrains, as_trains

__all__ = ["SPIKE_COLOR", "TRACE_COLOR", "INPUT_COLOR", "pyplot", "new_axes", "spike_trains",
           "input_times", "columns", "chosen_columns", "need"]

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


def new_axes(ax, figsize=(7, 4)):
    """``(figure, ax)``: the given Axes and its figure, or a new figure."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = pyplot().subplots(figsize=figsize)
    return fig, ax


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
