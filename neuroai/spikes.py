"""The spike-train container used wherever spikes go in or come out.

A :class:`SpikeTrains` holds ``n`` spike trains as two flat arrays sorted by
time: ``times`` (ms) and ``indices`` (which train each spike belongs to, an
integer in ``[0, n)``), plus the ``duration`` (ms) of the window they were
recorded in.  Simulations return one, generators return one, and synapses and
networks take one as input, so the output spikes of one simulation can be fed
straight into the next.
"""
from __future__ import annotations

import numpy as np

from . import _units as U
from . import _validate as V

__all__ = ["SpikeTrains", "as_trains"]


def _sort_events(times, indices):
    """Sort spikes by time, ties by train index, doing no more work than the
    input's order requires."""
    if times.size < 2:
        return times, indices
    dt = np.diff(times)
    if np.all(dt > 0) or (np.all(dt >= 0) and np.all(np.diff(indices)[dt == 0] >= 0)):
        return times, indices                 # already in order
    if np.all(np.diff(indices) >= 0):
        # train-major input (as generators and per-neuron results give):
        # a stable sort by time keeps the index order of equal times
        order = np.argsort(times, kind="stable")
    else:
        order = np.lexsort((indices, times))
    return times[order], indices[order]


class _TrainIndexError(ValueError, IndexError):
    """A train index out of range: a ValueError like every bad argument, and
    an IndexError as for any sequence (as NumPy's AxisError is both)."""


class SpikeTrains:
    """Spikes of ``n`` trains in a window ``[0, duration)`` ms.

    Parameters
    ----------
    times : array_like of float, shape (k,)
        Spike times in ms, finite and >= 0.  They need not be sorted: the
        container sorts them (stably, by time then by train index).
    indices : array_like of int, shape (k,), optional
        Train of each spike, in ``[0, n)``.  Defaults to all zeros (one train).
    n : int, optional
        Number of trains (silent trains count).  Defaults to
        ``max(indices) + 1``, or 1 when there are no spikes.
    duration : float, optional
        Length of the recording window in ms; every spike time must be
        < duration.  Defaults to the last spike time (or 0 for no spikes),
        which analysis functions then treat as the window.

    Attributes
    ----------
    times : ndarray of float64, shape (k,)
        Spike times in ms, sorted ascending (read-only).
    indices : ndarray of int64, shape (k,)
        Train index of each spike (read-only).
    n : int
        Number of trains.
    duration : float
        Window length in ms.
    """

    __slots__ = ("times", "indices", "n", "duration")

    def __init__(self, times, indices=None, n=None, duration=None):
        times = np.array(V.real_array(times, "times", "ms"), copy=True).reshape(-1)
        if indices is None:
            indices = np.zeros(times.shape[0], dtype=np.int64)
        else:
            if isinstance(indices, (str, bytes)):
                raise TypeError(
                    f"indices must be whole numbers (train numbers in [0, n)), got {indices!r}")
            if isinstance(indices, np.ma.MaskedArray) and np.ma.count_masked(indices):
                raise ValueError("indices must not contain masked entries")
            raw = np.asarray(np.ma.getdata(indices))
            if raw.dtype.kind not in "biuf":
                raise TypeError(
                    "indices must be whole numbers (train numbers in [0, n)), got an "
                    f"array of dtype {raw.dtype}")
            if raw.size and not np.issubdtype(raw.dtype, np.integer):
                if not np.all(np.isfinite(raw)) or np.any(raw != np.round(raw)):
                    raise TypeError(
                        "indices must be whole numbers (train numbers in [0, n))")
            indices = np.array(raw, dtype=np.int64, copy=True).reshape(-1)
        if indices.shape != times.shape:
            raise ValueError(
                f"indices must have one entry per spike time: got {indices.shape[0]} "
                f"indices for {times.shape[0]} times")
        V.all_nonnegative(times, "times", "ms")
        if indices.size and indices.min() < 0:
            raise ValueError(f"indices must be >= 0, got {indices.min()}")
        if n is None:
            n = int(indices.max()) + 1 if indices.size else 1
        n = V.integer(n, "n (number of trains)", minimum=1)
        if indices.size and indices.max() >= n:
            raise ValueError(
                f"indices must be < n = {n}, got index {int(indices.max())}")
        if duration is None:
            duration = float(times.max()) if times.size else 0.0
        else:
            duration = V.nonnegative(duration, "duration", "ms")
            if times.size and times.max() >= duration:
                raise ValueError(
                    f"spike times [ms] must lie in [0, duration = {duration}); "
                    f"got a spike at {times.max()!r}")
        times, indices = _sort_events(times, indices)
        times.flags.writeable = False
        indices.flags.writeable = False
        self.times = times
        self.indices = indices
        self.n = int(n)
        self.duration = duration

    # -- constructors -------------------------------------------------------
    @classmethod
    def from_list(cls, trains, duration=None):
        """Build from a list of per-train arrays of spike times (ms)."""
        if isinstance(trains, (str, bytes, dict)) or not hasattr(trains, "__iter__") or (
                isinstance(trains, np.ndarray) and trains.ndim == 0):
            raise TypeError(
                f"trains must be a list of arrays of spike times [ms] (one per train), "
                f"got {type(trains).__name__} {trains!r:.60}")
        trains = [V.real_array(t, f"spike times of train {k}", "ms").reshape(-1)
                  for k, t in enumerate(trains)]
        if not trains:
            raise ValueError("trains must hold at least one spike train")
        times = np.concatenate(trains) if trains else np.empty(0)
        indices = np.concatenate(
            [np.full(t.shape[0], k, dtype=np.int64) for k, t in enumerate(trains)])
        return cls(times, indices, n=len(trains), duration=duration)

    # -- views --------------------------------------------------------------
    def __len__(self):
        """Total number of spikes."""
        return int(self.times.shape[0])

    def counts(self):
        """Spike count of each train, shape ``(n,)``, int64."""
        return np.bincount(self.indices, minlength=self.n).astype(np.int64)

    def rates(self):
        """Mean rate of each train in Hz (count / duration), shape ``(n,)``."""
        if not self.duration > 0:
            raise ValueError("rates need a window: duration [ms] must be > 0")
        return U.rate_hz(self.counts(), self.duration)

    def train(self, k):
        """Spike times (ms, sorted) of train ``k``, an int in ``[0, n)``."""
        k = V.integer(k, "k (train index)")
        if not 0 <= k < self.n:
            raise _TrainIndexError(f"k (train index) must be in [0, {self.n}), got {k}")
        return self.times[self.indices == k].copy()

    def to_list(self):
        """List of ``n`` arrays, the sorted spike times (ms) of each train."""
        order = np.argsort(self.indices, kind="stable")
        bounds = np.searchsorted(self.indices[order], np.arange(self.n + 1))
        t = self.times[order]
        return [t[bounds[k]:bounds[k + 1]].copy() for k in range(self.n)]

    def __repr__(self):
        return (f"SpikeTrains(n={self.n}, spikes={len(self)}, "
                f"duration={self.duration:g} ms)")


def _is_scalar_sequence(obj):
    """True for a flat sequence of numbers (one train), False for a list of trains."""
    if isinstance(obj, np.ndarray):
        return obj.ndim <= 1
    if isinstance(obj, (list, tuple)):
        return all(np.ndim(x) == 0 for x in obj)
    return np.ndim(obj) <= 1


def as_trains(spikes, duration=None, need_window=False):
    """Spikes in any accepted form as a :class:`SpikeTrains`, every time checked.

    Parameters
    ----------
    spikes : SpikeTrains, 1-D array_like or list of 1-D array_like
        A SpikeTrains; one train of spike times [ms]; or one array per train.
    duration : float, optional
        Recording window [ms], > 0; every spike must lie in ``[0, duration)``.
        Default: the SpikeTrains' own, or none for plain arrays.
    need_window : bool, default False
        Raise ValueError when no window > 0 is known.

    Returns
    -------
    trains : SpikeTrains
        The spikes (the given object when no new window was asked for).
    single : bool
        True when ``spikes`` was one plain 1-D train, so that callers can
        return scalars for it.
    """
    if duration is not None:
        duration = V.positive(duration, "duration", "ms")
    if isinstance(spikes, SpikeTrains):
        st = spikes
        if duration is None:
            duration = st.duration
            if need_window and not st.duration > 0:
                raise ValueError(
                    "duration [ms] must be > 0: this SpikeTrains has duration 0; "
                    "pass duration= (the recording window in ms)")
        elif duration != st.duration:
            if len(st) and st.times[-1] >= duration:
                raise ValueError(
                    f"spike times [ms] must lie in [0, duration = {duration:g}); "
                    f"got a spike at {st.times[-1]:g} ms")
            st = SpikeTrains(st.times, st.indices, n=st.n, duration=duration)
        return st, False

    single = _is_scalar_sequence(spikes)
    if single:
        trains = [V.real_array(spikes, "spike times", "ms", allow_nan=True).reshape(-1)]
    else:
        if isinstance(spikes, np.ndarray) and spikes.ndim > 1:
            raise ValueError(
                "spike times must be a 1-D array (one train), a list of 1-D arrays "
                f"(one per train) or a SpikeTrains; got an array of shape {spikes.shape}")
        trains = []
        for k, t in enumerate(spikes):
            a = V.real_array(t, f"spike times of train {k}", "ms", allow_nan=True)
            if a.ndim > 1:
                raise ValueError(
                    f"spike times of train {k} must be 1-D, got shape {a.shape}")
            trains.append(a.reshape(-1))
        if not trains:
            raise ValueError("spike trains: need at least one train (got an empty list)")
    for k, t in enumerate(trains):
        if t.size and not np.all(np.isfinite(t)):
            raise ValueError(f"spike times [ms] must be finite (train {k} has NaN or inf)")
        if t.size and t.min() < 0:
            raise ValueError(
                f"spike times [ms] must be >= 0 (train {k} has a spike at {t.min():g} ms)")
        if duration is not None and t.size and t.max() >= duration:
            raise ValueError(
                f"spike times [ms] must lie in [0, duration = {duration:g}); "
                f"train {k} has a spike at {t.max():g} ms")
    if need_window and duration is None:
        raise ValueError(
            "duration [ms] is required for plain arrays of spike times: pass the "
            "length of the recording window (> 0), or use a SpikeTrains")
    return SpikeTrains.from_list(trains, duration=duration), single
