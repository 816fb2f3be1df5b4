"""Stimuli: input currents on a time grid and presynaptic spike trains.

Currents are plain float64 arrays of shape ``(T,)`` in nA, one value per
time step: ``current[i]`` is constant on the step ``[i*dt, (i+1)*dt)``, the
convention of :meth:`neuroai.LIFNeuron.simulate`, which takes them directly.
A window ``[start, stop)`` covers the steps whose start time ``i*dt`` lies in
it (times within a millionth of a step below a grid point count as on it, so
``start=0.3`` with ``dt=0.1`` starts at step 3).

Spike trains are :class:`neuroai.SpikeTrains`, generated in C:

* :func:`regular`: spikes at ``start + k * 1000/rate`` ms.
* :func:`poisson`: independent homogeneous Poisson trains.  Each train's
  inter-spike intervals are exponential variates of mean ``1000/rate`` ms,
  drawn by inversion from the xoshiro256** generator of ``neuroai``; train
  ``k`` uses stream ``k`` of the seed, so a seed gives the same trains on
  every platform, and train ``k`` does not change when trains are added.

Units: time ms, current nA, charge nA x ms (= pC), rate Hz.
"""
from __future__ import annotations

import math

import numpy as np

from . import _core
from . import _validate as V
from .spikes import SpikeTrains

__all__ = ["step", "pulse", "flash", "sustained", "regular", "poisson"]

#: Guard, in steps, below a grid point within which a time counts as on it
#: (the same rule as the C kernels' ``nai_grid_step``).
GRID_GUARD = _core.GRID_GUARD


def _grid(duration, dt):
    duration = V.positive(duration, "duration", "ms")
    dt = V.positive(dt, "dt", "ms")
    n = V.n_steps(duration, dt)
    V.check_memory(8 * n, f"a current of duration = {duration!r} ms at dt = {dt!r} ms "
                   f"({n} steps)", hint="shorten duration or take a larger dt")
    return duration, dt, n


def _first_step_at(t, dt):
    """First grid step whose start time is >= t (with the grid guard)."""
    return int(math.ceil(t / dt - GRID_GUARD))


def step(amplitude, start, stop, duration, dt=0.1):
    """A current step: ``amplitude`` from ``start`` to ``stop``, 0 elsewhere.

    Parameters
    ----------
    amplitude : float
        Current during the step [nA] (negative hyperpolarises).
    start, stop : float
        The step is on for the grid steps starting in ``[start, stop)`` [ms];
        ``0 <= start < stop <= duration``.
    duration : float
        Length of the whole array [ms], a whole number of steps ``dt``.
    dt : float, default 0.1
        Time step [ms].

    Returns
    -------
    current : ndarray of float64, shape (T,)
        Current [nA], ``T = duration / dt``; ``current[i]`` holds on
        ``[i*dt, (i+1)*dt)``.

    Examples
    --------
    >>> I = step(2.0, 20.0, 150.0, 200.0)   # 2 nA from 20 to 150 ms
    """
    amplitude = V.scalar(amplitude, "amplitude", "nA")
    duration, dt, n = _grid(duration, dt)
    start = V.nonnegative(start, "start", "ms")
    stop = V.scalar(stop, "stop", "ms")
    if not stop > start:
        raise ValueError(f"stop [ms] must be > start = {start!r}, got {stop!r}")
    if not stop <= duration:
        raise ValueError(
            f"stop [ms] must be <= duration = {duration!r}, got {stop!r}")
    current = np.zeros(n)
    current[_first_step_at(start, dt):_first_step_at(stop, dt)] = amplitude
    return current


def pulse(amplitude, start, width, duration, dt=0.1):
    """A rectangular pulse: ``amplitude`` for ``width`` ms from ``start``.

    Same as ``step(amplitude, start, start + width, duration, dt)``.

    Parameters
    ----------
    amplitude : float
        Current during the pulse [nA].
    start : float
        Onset [ms], >= 0.
    width : float
        Length of the pulse [ms], > 0, ending by ``duration``.
    duration : float
        Length of the array [ms], a whole number of steps ``dt``.
    dt : float, default 0.1
        Time step [ms].

    Returns
    -------
    current : ndarray of float64, shape (T,)
        Current [nA], ``T = duration / dt``.
    """
    width = V.positive(width, "width", "ms")
    start = V.nonnegative(start, "start", "ms")
    duration = V.positive(duration, "duration", "ms")
    if not start + width <= duration:
        raise ValueError(
            f"start + width [ms] must be <= duration = {duration!r}, "
            f"got {start!r} + {width!r}")
    return step(amplitude, start, start + width, duration, dt)


def _charge_window(charge, start, width, duration, dt):
    charge = V.scalar(charge, "charge", "nA*ms")
    width = V.positive(width, "width", "ms")
    start = V.nonnegative(start, "start", "ms")
    duration, dt, n = _grid(duration, dt)
    if not start + width <= duration:
        raise ValueError(
            f"start + width [ms] must be <= duration = {duration!r}, "
            f"got {start!r} + {width!r}")
    i0 = _first_step_at(start, dt)
    i1 = _first_step_at(start + width, dt)
    if i1 <= i0:
        raise ValueError(
            f"width [ms] must cover at least one step dt = {dt!r}, got {width!r}")
    current = np.zeros(n)
    # The amplitude is set from the steps actually on, so the delivered
    # charge sum(current) * dt is `charge` even when width is off the grid.
    current[i0:i1] = charge / ((i1 - i0) * dt)
    return current


def flash(charge, width=2.0, start=10.0, duration=300.0, dt=0.1):
    """A brief, strong current delivering a total ``charge``.

    The tutorial's first thinking exercise: a brief flash and a sustained
    light with the same total number of photons.  :func:`flash` and
    :func:`sustained` deliver the same total charge ``sum(current) * dt =
    charge`` [nA x ms], over a short and a long window.

    Parameters
    ----------
    charge : float
        Total charge [nA x ms] (= pC), the integral of the current.
    width : float, default 2.0
        Length of the flash [ms]; the amplitude is ``charge / width`` [nA]
        (``width`` rounded to whole steps).
    start : float, default 10.0
        Onset [ms].
    duration : float, default 300.0
        Length of the array [ms], a whole number of steps ``dt``.
    dt : float, default 0.1
        Time step [ms].

    Returns
    -------
    current : ndarray of float64, shape (T,)
        Current [nA], ``T = duration / dt``.

    See Also
    --------
    sustained : the same charge over a long window.

    Examples
    --------
    >>> a, b = flash(40.0), sustained(40.0)
    >>> bool(np.isclose(a.sum() * 0.1, b.sum() * 0.1))
    True
    """
    return _charge_window(charge, start, width, duration, dt)


def sustained(charge, width=200.0, start=10.0, duration=300.0, dt=0.1):
    """A long, weak current delivering a total ``charge``.

    Parameters
    ----------
    charge : float
        Total charge [nA x ms] (= pC).
    width : float, default 200.0
        Length of the window [ms]; the amplitude is ``charge / width`` [nA].
    start : float, default 10.0
        Onset [ms].
    duration : float, default 300.0
        Length of the array [ms], a whole number of steps ``dt``.
    dt : float, default 0.1
        Time step [ms].

    Returns
    -------
    current : ndarray of float64, shape (T,)
        Current [nA], ``T = duration / dt``.

    See Also
    --------
    flash : the same charge over a short window.
    """
    return _charge_window(charge, start, width, duration, dt)


#: Bytes per spike at the peak of generating a train: the generator's
#: (train, time) events, the arrays returned and the copies of sorting them
#: (64 B measured with tracemalloc for poisson's 2e6 spikes).
_TRAIN_SPIKE_BYTES = 64


def _check_train_memory(expected, what):
    """MemoryError at once when a train of ``expected`` spikes (the mean
    count, plus ten standard deviations as the generator reserves) cannot
    be allocated, with the size, instead of after generating it."""
    count = expected + 10.0 * math.sqrt(max(expected, 0.0)) + 16.0
    V.check_memory(_TRAIN_SPIKE_BYTES * count, f"the {what} spike train",
                   f" (about {count:.3g} spikes at {_TRAIN_SPIKE_BYTES} B)",
                   hint="shorten the duration, or lower the rate or the number of trains")


def regular(rate, duration, start=0.0):
    """A regular spike train: first spike at ``start``, then every ``1000/rate`` ms.

    Parameters
    ----------
    rate : float
        Firing rate [Hz], > 0.
    duration : float
        Window length [ms], > 0; spikes lie in ``[start, duration)``.
    start : float, default 0.0
        Time of the first spike [ms], in ``[0, duration]``.

    Returns
    -------
    SpikeTrains
        One train (``n = 1``) with ``duration`` set.  Spike ``k`` is at
        ``start + k * 1000 / rate`` (computed from ``k``, no accumulated
        rounding).

    Examples
    --------
    >>> regular(20.0, 200.0).times
    array([  0.,  50., 100., 150.])
    """
    rate = V.positive(rate, "rate", "Hz")
    duration = V.positive(duration, "duration", "ms")
    start = V.nonnegative(start, "start", "ms")
    if not start <= duration:
        raise ValueError(
            f"start [ms] must be <= duration = {duration!r}, got {start!r}")
    _check_train_memory(rate * (duration - start) / 1000.0, "regular")
    times, index = _core.spikegen_regular(rate=rate, start=start, stop=duration)
    return SpikeTrains(times, index, n=1, duration=duration)


def poisson(rate, duration, n=1, seed=None):
    """Independent homogeneous Poisson spike trains.

    Parameters
    ----------
    rate : float or array_like of float, shape (n,)
        Rate [Hz], > 0: one for all trains, or one per train.
    duration : float
        Window length [ms], > 0; spikes lie in ``(0, duration)``.
    n : int, default 1
        Number of trains.  With a per-train ``rate`` array, ``n`` may be left
        at 1 (it is then ``len(rate)``) or must equal ``len(rate)``.
    seed : int, None, numpy Generator or SeedSequence, default None
        Generator seed: an int in ``[0, 2**64)``; ``None`` draws one from
        the operating system; a NumPy ``Generator`` gives one draw (and
        advances), a ``SeedSequence`` its first 64-bit word.  A seed gives the same trains on every platform,
        and train ``k`` is the same whatever ``n`` (stream ``k`` of the seed).

    Returns
    -------
    SpikeTrains
        ``n`` trains, ``duration`` set.

    Notes
    -----
    Intervals are exponential with mean ``1000 / rate`` ms, drawn by
    inversion, ``-log(U) * 1000 / rate`` with ``U`` uniform on ``(0, 1]``
    from xoshiro256** (Blackman & Vigna 2021) seeded by SplitMix64 with
    ``(seed, k)``; the first spike is one interval after 0 (Dayan & Abbott
    2001, ch. 1.4).  Counts in a window are then Poisson: Fano factor 1.

    Examples
    --------
    >>> trains = poisson(20.0, 1000.0, n=100, seed=1)
    >>> trains.n
    100
    """
    duration = V.positive(duration, "duration", "ms")
    n = V.integer(n, "n (number of trains)", minimum=1)
    r = V.as_float_array(rate, "rate", "Hz", ndim=(0, 1), allow_empty=False)
    if r.ndim == 1:
        if n == 1:
            n = r.shape[0]
        elif r.shape[0] != n:
            raise ValueError(
                f"rate [Hz] has {r.shape[0]} values but n = {n} trains: give one "
                f"rate per train or a single scalar")
    V.all_positive(r, "rate", "Hz")
    rates = np.ascontiguousarray(np.broadcast_to(r, (n,)), dtype=np.float64)
    _check_train_memory(float(np.sum(rates)) * duration / 1000.0, "poisson")
    times, index = _core.spikegen_poisson(rate=rates, start=0.0, stop=duration,
                                          seed=V.seed(seed))
    return SpikeTrains(times, index, n=n, duration=duration)
