"""Shared pieces of the figures: the palette, matplotlib on demand, and
normalising the spike inputs a figure accepts."""
from __future__ import annotations

import numpy as np

from ..spikes import SpikeTrains, as_trains

__all__ = ["SPIKE_COLOR", "TRACE_COLOR", "INPUT_COLOR", "pyplot", "new_axes", "spike_trains",
           "input_times", "columns"]

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
