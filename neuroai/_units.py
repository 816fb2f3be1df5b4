"""Unit conversions of the Python layer, named once.

neuroai's units are time ms, voltage mV, current nA, conductance nS and rates
Hz.  Two products leave that system and need a factor: a count per ms is
1000 times a rate in Hz, and a conductance times a voltage (nS x mV) is a
current in pA, 1000 times smaller in nA.  Every such factor in the Python
layer is written here, so a reader meets each one once, with its reason.

The functions keep the operation order of the expressions they replace
(``x * 1e-3`` and ``x / 1000.0`` may differ in the last bit), so results
computed through them are bit for bit those of the inline arithmetic.
"""
from __future__ import annotations

__all__ = ["MS_PER_S", "S_PER_MS", "PA_PER_NA", "NA_PER_NS_MV", "seconds",
           "rate_hz", "period_ms", "hz_from_period", "cond_current"]

#: Milliseconds in a second [ms/s].
MS_PER_S = 1000.0

#: Seconds in a millisecond [s/ms]: the factor that turns a duration in ms
#: into s (multiplied, not divided by :data:`MS_PER_S`, as the C kernels do).
S_PER_MS = 1e-3

#: Picoamperes in a nanoampere [pA/nA].
PA_PER_NA = 1000.0

#: Nanoamperes per nS x mV: nS x mV = pA, and 1 pA = 1e-3 nA.
NA_PER_NS_MV = 1e-3


def seconds(t_ms):
    """A duration [ms] in seconds: ``t_ms * 1e-3``.

    Parameters
    ----------
    t_ms : float or ndarray
        Duration [ms].

    Returns
    -------
    float or ndarray
        The same duration [s].
    """
    return t_ms * S_PER_MS


def rate_hz(count, duration_ms):
    """Events per second [Hz] for ``count`` events in ``duration_ms`` [ms].

    Parameters
    ----------
    count : int, float or ndarray
        Number of events (spikes), e.g. one per train.
    duration_ms : float or ndarray
        Window [ms], > 0.

    Returns
    -------
    float or ndarray
        ``count / (duration_ms * 1e-3)`` [Hz].
    """
    return count / (duration_ms * S_PER_MS)


def period_ms(rate):
    """Interval [ms] between events of a regular train at ``rate`` [Hz]:
    ``1000 / rate``.

    Parameters
    ----------
    rate : float or ndarray
        Rate [Hz], > 0.

    Returns
    -------
    float or ndarray
        Period [ms].
    """
    return MS_PER_S / rate


def hz_from_period(interval_ms):
    """Rate [Hz] of a regular train whose events are ``interval_ms`` [ms]
    apart: ``1000 / interval_ms`` (the inverse of :func:`period_ms`).

    Parameters
    ----------
    interval_ms : float or ndarray
        Interval [ms], > 0.

    Returns
    -------
    float or ndarray
        Rate [Hz].
    """
    return MS_PER_S / interval_ms


def cond_current(g, e_syn, v):
    """Current [nA] through a conductance ``g`` [nS] with reversal potential
    ``e_syn`` [mV] at membrane potential ``v`` [mV]: ``1e-3 * g * (e_syn - v)``.

    nS x mV = pA, so the factor 1e-3 gives nA (the course's notebook leaves
    it out, which makes its currents 1000 times too large in nA).  Positive
    values depolarise.

    Parameters
    ----------
    g : float or ndarray
        Conductance [nS].
    e_syn : float or ndarray
        Reversal potential [mV].
    v : float or ndarray
        Membrane potential [mV]; broadcasts against ``g``.

    Returns
    -------
    float or ndarray
        Current into the cell [nA].
    """
    return NA_PER_NS_MV * g * (e_syn - v)
