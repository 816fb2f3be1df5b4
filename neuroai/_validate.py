"""Input checks shared by the public API.

Every function here raises ``TypeError`` (not a number) or ``ValueError``
(out of range, wrong shape) with a message that names the parameter, its unit
and what is allowed, before any simulation work starts.  None of them
modifies its input; float64 input that is already an array is returned
without a copy (a broadcast view stays a view).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "as_float_array", "compact", "check_finite", "scalar", "positive",
    "nonnegative", "per_neuron", "choice", "integer",
]


def _label(name, unit):
    return f"{name} [{unit}]" if unit else name


def compact(a):
    """The distinct elements of ``a``: every zero-stride axis cut to length 1.

    A broadcast view such as ``np.broadcast_to(I, (T, N))`` then costs its
    base's size to check, not ``T * N``.
    """
    a = np.asarray(a)
    if a.ndim == 0 or a.size == 0 or 0 not in a.strides:
        return a
    index = tuple(slice(0, 1) if s == 0 else slice(None) for s in a.strides)
    return a[index]


def as_float_array(x, name, unit="", *, ndim=None, allow_empty=True):
    """``x`` as a float64 ndarray (a view where possible), checked finite.

    Raises TypeError for non-numeric input (strings, complex, objects),
    ValueError for NaN/inf or a wrong number of dimensions.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{_label(name, unit)} must be numbers, got a string {x!r}")
    if type(x) is np.ndarray and x.dtype == np.float64:
        a = x                               # the common case: no conversion
    else:
        a = _as_real_float64(x, name, unit)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            shapes = {0: "a scalar", 1: "a 1-D array", 2: "a 2-D array"}
            want = " or ".join(shapes.get(k, f"{k}-D") for k in allowed)
            raise ValueError(
                f"{_label(name, unit)} must be {want}, got an array of shape {a.shape}")
    if not allow_empty and a.size == 0:
        raise ValueError(f"{_label(name, unit)} must not be empty")
    check_finite(a, name, unit)
    return a


def _as_real_float64(x, name, unit):
    a = np.asarray(x)
    if a.dtype == object or a.dtype.kind not in "biuf":
        raise TypeError(
            f"{_label(name, unit)} must be real numbers, got an array of dtype {a.dtype}")
    if a.dtype != np.float64:
        # convert only the distinct elements, then broadcast back: a
        # broadcast integer view stays cheap
        base = compact(a)
        a = np.broadcast_to(base.astype(np.float64), a.shape) if base.shape != a.shape \
            else a.astype(np.float64)
    return a


def check_finite(a, name, unit=""):
    """Raise ValueError naming the first NaN or infinite entry of ``a``."""
    c = compact(a)
    if not c.size:
        return
    # a sum is NaN or inf if any term is (and rarely by overflow, which the
    # exact test below then clears): one pass, no temporary array
    if math.isfinite(c.sum()) or np.isfinite(c).all():
        return
    bad = np.argwhere(~np.isfinite(c))[0]
    where = f" at index {tuple(int(i) for i in bad)}" if c.ndim else ""
    value = c[tuple(bad)] if c.ndim else c
    raise ValueError(
        f"{_label(name, unit)} must be finite (no NaN or inf); "
        f"found {float(value)!r}{where}")


def scalar(x, name, unit=""):
    """A finite real scalar as a Python float."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "biuf":
            x = x.item()
        else:
            raise TypeError(f"{_label(name, unit)} must be a real number, got {x!r}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{_label(name, unit)} must be finite, got {x!r}")
    return x


def positive(x, name, unit=""):
    """A finite scalar > 0, as a float."""
    if type(x) is float and 0.0 < x < math.inf:
        return x                            # the common case, quickly
    x = scalar(x, name, unit)
    if not x > 0:
        raise ValueError(f"{_label(name, unit)} must be > 0, got {x!r}")
    return x


def nonnegative(x, name, unit=""):
    """A finite scalar >= 0, as a float."""
    x = scalar(x, name, unit)
    if not x >= 0:
        raise ValueError(f"{_label(name, unit)} must be >= 0, got {x!r}")
    return x


def integer(x, name, *, minimum=None):
    """A Python int (bools and non-integral floats rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {x!r}")
    x = int(x)
    if minimum is not None and x < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {x}")
    return x


def all_positive(a, name, unit="", note=""):
    """Raise unless every element of the float array ``a`` is > 0 (NaN fails);
    the message gives the smallest value."""
    a = np.asarray(a)
    if a.size and not np.all(a > 0):
        raise ValueError(f"{_label(name, unit)} must be > 0{note}, got {float(np.min(a))!r}")


def all_nonnegative(a, name, unit="", note=""):
    """Raise unless every element of the float array ``a`` is >= 0 (NaN fails)."""
    a = np.asarray(a)
    if a.size and not np.all(a >= 0):
        raise ValueError(f"{_label(name, unit)} must be >= 0{note}, got {float(np.min(a))!r}")


def per_neuron(x, name, unit, n):
    """A scalar or a length-``n`` array as a length-``n`` float64 array."""
    a = as_float_array(x, name, unit, ndim=(0, 1))
    if a.ndim == 1 and a.shape[0] != n:
        raise ValueError(
            f"{_label(name, unit)} has {a.shape[0]} values but there are {n} "
            f"neurons: give one value per neuron or a single scalar")
    return np.ascontiguousarray(np.broadcast_to(a, (n,)))


def choice(x, name, allowed):
    """``x`` if it is one of ``allowed`` (strings), else ValueError."""
    if not isinstance(x, str) or x not in allowed:
        opts = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {opts}, got {x!r}")
    return x
