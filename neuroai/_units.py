"""Unit conversions of the Python layer, named once.

neuroai's units are time ms, voltage mV, current nA, conductance nS and rates
Hz.  Two products leave that system and need a factor: a count per ms is
1000 times a rate in Hz, and a conductance times a voltage (nS x mV) is a
current in pA, 1000 times smaller in nA.  Every such factor in the Python
layer is written here, so a reader meets each one once, with its reason.

The functions keep the operation order of the expressions they replace
(``x * 1e-3`` and ``x / 1000.0`` may differ in the last bit), so results
computed through them are bit for bit those of the inline arithmetic.

Values with units.  Every parameter and input takes plain numbers in its
documented unit, and also quantities of pint, Brian2 and ``quantities``:
:func:`in_unit` converts one to the parameter's unit when the dimension
matches and raises ValueError naming the expected unit when it does not, so a
unit is never stripped silently.  None of those libraries is imported: a
quantity is recognised by its attributes (duck typing).
"""
from __future__ import annotations

import numpy as np

__all__ = ["MS_PER_S", "S_PER_MS", "PA_PER_NA", "NA_PER_NS_MV", "seconds",
           "rate_hz", "period_ms", "hz_from_period", "cond_current",
           "quantity_kind", "in_unit"]

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


# ---------------------------------------------------------------------------
# quantities of pint, Brian2 and `quantities`
# ---------------------------------------------------------------------------

#: The units a parameter may be documented in: name -> (what it measures, its
#: size in SI units, its SI dimension as powers of (m, kg, s, A, K, mol, cd),
#: its spelling for pint and `quantities`).
_UNIT_TABLE = {
    "ms": ("a time", 1e-3, (0, 0, 1, 0, 0, 0, 0), "ms"),
    "s": ("a time", 1.0, (0, 0, 1, 0, 0, 0, 0), "s"),
    "mV": ("a voltage", 1e-3, (2, 1, -3, -1, 0, 0, 0), "mV"),
    "nA": ("a current", 1e-9, (0, 0, 0, 1, 0, 0, 0), "nA"),
    "pA": ("a current", 1e-12, (0, 0, 0, 1, 0, 0, 0), "pA"),
    "MOhm": ("a resistance", 1e6, (2, 1, -3, -2, 0, 0, 0), "megaohm"),
    "nS": ("a conductance", 1e-9, (-2, -1, 3, 2, 0, 0, 0), "nS"),
    "Hz": ("a rate", 1.0, (0, 0, -1, 0, 0, 0, 0), "Hz"),
    "nA*ms": ("a charge", 1e-12, (0, 0, 1, 1, 0, 0, 0), "nA*ms"),
    "1": ("dimensionless", 1.0, (0, 0, 0, 0, 0, 0, 0), "dimensionless"),
    "": ("dimensionless", 1.0, (0, 0, 0, 0, 0, 0, 0), "dimensionless"),
}


def quantity_kind(x):
    """``"brian2"``, ``"quantities"`` or ``"pint"`` when ``x`` is a quantity
    of that library, else None (plain numbers, arrays, everything else).

    Brian2's Quantity is an ndarray subclass with ``.dim``; a ``quantities``
    Quantity is one with ``.rescale`` and ``.dimensionality``; pint's wraps
    its magnitude and has ``.to``, ``.magnitude`` and ``.units``.
    """
    if isinstance(x, (float, int, str, bytes)) or type(x) is np.ndarray:
        return None                     # the common cases, quickly
    if isinstance(x, np.ndarray):
        if hasattr(x, "dim"):
            return "brian2"
        if hasattr(x, "rescale") and hasattr(x, "dimensionality"):
            return "quantities"
        return None
    if hasattr(x, "to") and hasattr(x, "magnitude") and hasattr(x, "units"):
        return "pint"
    return None


def _label(name, unit):
    return f"{name} [{unit}]" if unit else name


def in_unit(x, unit, name):
    """``x`` in ``unit`` (one of ms, s, mV, nA, pA, MOhm, nS, Hz, nA*ms, or
    "1"/"" for a pure number): a quantity converted to it, anything else unchanged.

    Raises
    ------
    ValueError
        The quantity's dimension is not the unit's (a voltage given for a
        time), naming the parameter and the expected unit.
    TypeError
        A quantity given for a parameter whose unit has no entry here.
    """
    kind = quantity_kind(x)
    if kind is None:
        return x
    spec = _UNIT_TABLE.get(unit)
    if spec is None:
        raise TypeError(f"{_label(name, unit)} takes plain numbers in {unit}; got a {kind} "
                        f"quantity {x!r}: pass its magnitude in {unit}")
    what, si, dims, spelling = spec
    if unit in ("", "1"):
        expect = f"{name} must be a pure number (dimensionless)"
    else:
        expect = f"{name} [{unit}] must be {what} (a quantity is converted to {unit})"
    if kind == "brian2":
        got = tuple(getattr(x.dim, "_dims", ()))
        if len(got) != 7 or any(abs(float(a) - b) > 1e-12 for a, b in zip(got, dims)):
            raise ValueError(f"{expect}; got {x!r} (Brian2 dimension {x.dim})")
        # np.asarray gives the value in SI units (a plain ndarray); the
        # division undoes Brian2's multiplication by the unit exactly in the
        # usual cases (0.1*ms back to 0.1)
        value = np.asarray(x, dtype=np.float64) / si
        return value if value.ndim else float(value)
    try:
        q = x.rescale(spelling) if kind == "quantities" else x.to(spelling)
    except Exception as exc:            # noqa: BLE001 - each library its own error
        raise ValueError(f"{expect}; got {x!r} ({kind}: {exc})") from exc
    return q.magnitude
