"""Input checks shared by the public API.

Every function here raises ``TypeError`` (not a number) or ``ValueError``
(out of range, wrong shape) with a message that names the parameter, its unit
and what is allowed, before any simulation work starts.  None of them
modifies its input; float64 input that is already an array is returned
without a copy (a broadcast view stays a view).

A value with units (a pint, Brian2 or ``quantities`` quantity) is converted
to the parameter's unit first, or rejected when its dimension is wrong
(:func:`neuroai._units.in_unit`), by :func:`scalar`, :func:`as_float_array`
and :func:`real_array` and so by every check built on them.
"""
from __future__ import annotations

import math
import numbers
import os

import numpy as np

from . import _units as U

__all__ = [
    "as_float_array", "compact", "check_finite", "scalar", "positive",
    "nonnegative", "per_neuron", "choice", "integer", "all_positive",
    "all_nonnegative", "fraction", "all_fractions", "record_indices", "same_run", "seed", "rng",
    "n_steps", "spikes_in_window", "available_memory", "check_memory",
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


def as_float_array(x, name, unit="", *, ndim=None, allow_empty=True, allow_inf=False,
                   finite=True):
    """``x`` as a float64 ndarray (a view where possible), checked finite.

    Raises TypeError for non-numeric input (strings, complex, objects),
    ValueError for NaN/inf (only NaN with ``allow_inf=True``) or a wrong
    number of dimensions.  ``finite=False`` leaves the NaN/inf test to a
    caller that makes it anyway in a pass of its own (then with
    :func:`check_finite` for the message).
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{_label(name, unit)} must be numbers, got a string {x!r}")
    if type(x) is np.ndarray and x.dtype == np.float64:
        a = x                               # the common case: no conversion
    else:
        a = _as_real_float64(U.in_unit(x, unit, name), name, unit)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            shapes = {0: "a scalar", 1: "a 1-D array", 2: "a 2-D array"}
            want = " or ".join(shapes.get(k, f"{k}-D") for k in allowed)
            raise ValueError(
                f"{_label(name, unit)} must be {want}, got an array of shape {a.shape}")
    if not allow_empty and a.size == 0:
        raise ValueError(f"{_label(name, unit)} must not be empty")
    if allow_inf:
        if np.isnan(compact(a)).any():
            raise ValueError(f"{_label(name, unit)} must not contain NaN")
    elif finite:
        check_finite(a, name, unit)
    return a


def _as_real_float64(x, name, unit):
    if isinstance(x, np.ma.MaskedArray) and np.ma.is_masked(x):
        # a masked entry has no value: reading its placeholder would invent one
        raise ValueError(
            f"{_label(name, unit)} has masked entries; fill or remove them first "
            "(e.g. x.compressed() or x.filled(value))")
    try:
        a = np.asarray(x)
    except (ValueError, TypeError, OverflowError) as exc:
        # ragged nested lists, objects numpy cannot read
        raise TypeError(
            f"{_label(name, unit)} must be a number or an array of numbers of one "
            f"shape, got {type(x).__name__} ({exc})") from None
    if a.dtype == object or a.dtype.kind not in "biuf":
        kind = {"m": "time deltas (give ms as numbers)", "M": "dates",
                "c": "complex numbers", "U": "strings", "S": "bytes",
                "V": "structured records", "O": "Python objects"}.get(a.dtype.kind, "")
        raise TypeError(
            f"{_label(name, unit)} must be real numbers, got an array of dtype {a.dtype}"
            + (f" ({kind})" if kind else ""))
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
    """A finite real scalar as a Python float (a quantity in ``unit``)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        x = U.in_unit(x, unit, name)
    if isinstance(x, (bool, np.bool_, np.timedelta64)) or not isinstance(x, numbers.Real):
        if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "biuf":
            x = x.item()
        else:
            raise TypeError(f"{_label(name, unit)} must be a real number, got {x!r}")
    try:
        x = float(x)
    except OverflowError:
        raise ValueError(
            f"{_label(name, unit)} must be finite, got an integer too large for a "
            f"float ({len(str(abs(x)))} digits)") from None
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
    if type(x) is float and 0.0 <= x < math.inf:
        return x                            # the common case, quickly
    x = scalar(x, name, unit)
    if not x >= 0:
        raise ValueError(f"{_label(name, unit)} must be >= 0, got {x!r}")
    return x


def integer(x, name, *, minimum=None):
    """A Python int (bools and non-integral floats rejected)."""
    if type(x) is int and (minimum is None or x >= minimum):
        return x                            # the common case, quickly
    if isinstance(x, (bool, np.bool_, np.timedelta64)) or not isinstance(x, numbers.Integral):
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


def fraction(x, name, low_open=True):
    """A scalar fraction [1] in (0, 1] (or [0, 1] with ``low_open=False``)."""
    x = scalar(x, name, "1")
    ok = (0 < x <= 1) if low_open else (0 <= x <= 1)
    if not ok:
        rng_ = "(0, 1]" if low_open else "[0, 1]"
        raise ValueError(f"{name} [1] must be in {rng_}, got {x!r}")
    return x


def all_fractions(a, name):
    """Raise unless every element of the float array ``a`` is a fraction
    [1] in (0, 1] (NaN fails); the message gives the first bad value."""
    a = np.asarray(a)
    ok = (a > 0) & (a <= 1)
    if a.size and not np.all(ok):
        raise ValueError(f"{name} [1] must be in (0, 1], got {float(a[~ok][0])!r}")


# ---------------------------------------------------------------------------
# recording, continuing, seeding: one rule each for every model
# ---------------------------------------------------------------------------

def record_indices(record, n, name="record", what="neuron"):
    """Which of ``n`` items (neurons, trains, connections) a run records.

    The one rule of every ``record*`` argument: ``True`` records all,
    ``None`` or ``False`` none, and an int or a 1-D array of distinct ints
    records those items (in the order given).

    Returns
    -------
    ndarray of int64
        The indices, each in ``[0, n)``.
    """
    if record is True:                      # the common case, quickly
        return np.arange(n, dtype=np.int64)
    if record is None or record is False:
        return np.zeros(0, dtype=np.int64)
    if isinstance(record, np.bool_):
        return record_indices(bool(record), n, name, what)
    r = np.asarray(record)
    if r.ndim == 0:
        r = r.reshape(1)
    if r.ndim != 1 or (r.size and r.dtype.kind not in "iu"):
        raise TypeError(
            f"{name} must be True (all), None or False (none), or {what} indices "
            f"(an int or a 1-D array of ints in [0, {n})); got {record!r}")
    if r.size and (r.min() < 0 or r.max() >= n):
        raise ValueError(f"{name} must hold {what} indices in [0, {n}), got {record!r}")
    r = r.astype(np.int64)
    if np.unique(r).size != r.size:
        raise ValueError(f"{name} must hold distinct {what} indices, got {record!r}")
    return r


def same_run(state, dt, method):
    """Raise unless ``state`` (a ``final_state``) was computed with ``dt``
    [ms] and ``method``: a run continues only on the grid it stopped on."""
    if state.dt != dt or state.method != method:
        raise ValueError(
            f"state comes from a run with dt = {state.dt!r} ms and method = "
            f"{state.method!r}; continue with the same dt and method (got dt = "
            f"{dt!r} ms, method = {method!r})")


_SEED_RULE = ("an int in [0, 2**64), None (fresh entropy), a numpy Generator or "
              "a numpy SeedSequence")


def _check_seed(seed, name):
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return
    # np.timedelta64 is a NumPy integer type, but a duration is no seed
    if isinstance(seed, (bool, np.timedelta64)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be {_SEED_RULE}, got {seed!r}")
    if not 0 <= int(seed) < (1 << 64):
        raise ValueError(f"{name} must be {_SEED_RULE}, got {int(seed)}")


def seed(seed, name="seed"):
    """A 64-bit integer seed for a C generator, by the one seed rule.

    ``seed`` may be an int in ``[0, 2**64)`` (returned as is), None (fresh
    entropy from the operating system), a ``numpy.random.Generator`` (one
    draw, which advances it) or a ``numpy.random.SeedSequence`` (its first
    64-bit word).
    """
    _check_seed(seed, name)
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(1, np.uint64)[0])
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 1 << 64, dtype=np.uint64))
    return int(seed)


def rng(seed, name="seed"):
    """A ``numpy.random.Generator`` from ``seed``, by the same rule as
    :func:`seed` (a Generator is returned unchanged, an int seeds
    ``default_rng`` exactly as NumPy does)."""
    _check_seed(seed, name)
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------
# memory
# ---------------------------------------------------------------------------

#: Environment variable capping the memory one run may ask for, e.g.
#: ``NEUROAI_MAX_MEMORY=2G`` on a shared JupyterHub or in a test suite:
#: bytes, or a number with K, M, G or T (powers of 1024).
MAX_MEMORY_ENV = "NEUROAI_MAX_MEMORY"
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def _memory_cap():
    """The cap NEUROAI_MAX_MEMORY sets [bytes], or None."""
    text = os.environ.get(MAX_MEMORY_ENV, "").strip()
    if not text:
        return None
    unit = text[-1].upper() if text[-1].isalpha() else ""
    number = text[:-1] if unit else text
    try:
        value = float(number) * _UNITS[unit]
    except (KeyError, ValueError):
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ValueError(
            f"the environment variable {MAX_MEMORY_ENV} must be a size in bytes, or a number "
            f"with K, M, G or T, e.g. 2G; got {text!r}")
    return int(value)


def _cgroup_left(root="/sys/fs/cgroup"):
    """Bytes the process's control group (a container's or a JupyterHub
    pod's memory limit, where MemAvailable reports the whole machine) has
    left, or None without a limit.  cgroup v2, then v1."""
    for limit_file, usage_file in (("memory.max", "memory.current"),
                                   ("memory/memory.limit_in_bytes",
                                    "memory/memory.usage_in_bytes")):
        limit_file = os.path.join(root, limit_file)
        usage_file = os.path.join(root, usage_file)
        try:
            with open(limit_file) as f:
                limit = f.read().strip()
            with open(usage_file) as f:
                usage = int(f.read().strip())
        except (OSError, ValueError):
            continue
        if limit == "max" or not limit.isdigit() or int(limit) >= 1 << 60:
            return None                   # no limit (v1 writes a huge number)
        return max(int(limit) - usage, 0)
    return None


def available_memory():
    """Bytes this process may still allocate, as far as the system says: the
    kernel's MemAvailable (Linux) or the free physical pages, capped by the
    control group's limit (containers), by the address-space limit
    (``ulimit -v``) less what the process already maps, and by
    ``NEUROAI_MAX_MEMORY``; None when nothing is known."""
    avail = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            avail = None
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, OSError, ValueError):
        soft = -1
    if soft is not None and soft >= 0 and soft != getattr(resource, "RLIM_INFINITY", -1):
        mapped = 0
        try:
            with open("/proc/self/statm") as f:
                mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError, AttributeError):
            pass
        left = max(soft - mapped, 0)
        avail = left if avail is None else min(avail, left)
    for cap in (_cgroup_left(), _memory_cap()):
        if cap is not None:
            avail = cap if avail is None else min(avail, cap)
    return avail


_SMALL_REQUEST = 1 << 26


def _gb(nbytes):
    return f"{nbytes / 1e9:.3g} GB"


def check_memory(nbytes, what, detail="",
                 hint="shorten the run, record fewer neurons or use fewer neurons"):
    """Raise MemoryError at once when a run would need ``nbytes`` (an upper
    bound of the arrays it allocates) and the system has less available.
    Requests under 64 MB are not looked up (the query costs more than they)."""
    if nbytes < _SMALL_REQUEST:
        return
    avail = available_memory()
    if avail is not None and nbytes > avail:
        raise MemoryError(
            f"{what} would need up to {_gb(nbytes)}{detail}, but only {_gb(avail)} "
            f"can be allocated: {hint}")


# ---------------------------------------------------------------------------
# the time grid
# ---------------------------------------------------------------------------

#: Most steps a run may have: step numbers and spike times stay exact
#: integers in float64 up to 2**53.
MAX_STEPS = 2 ** 53


def step_ratio(duration, dt):
    """``duration / dt`` [steps], refused (ValueError naming both) when it
    is beyond :data:`MAX_STEPS`, as for a tiny ``dt`` or a huge ``duration``."""
    n = duration / dt
    if not n <= MAX_STEPS:
        raise ValueError(
            f"duration [ms] / dt [ms] must be at most 2**53 steps, got duration = "
            f"{duration!r}, dt = {dt!r} ({n:.3g} steps)")
    return n


def n_steps(duration, dt):
    """Number of grid steps in ``duration`` [ms]: it must be a whole number
    of steps ``dt`` [ms] (to 1e-9 relative)."""
    n = step_ratio(duration, dt)
    k = int(round(n))
    if k < 1:
        raise ValueError(
            f"duration [ms] must cover at least one step dt [ms]: duration = "
            f"{duration!r}, dt = {dt!r}")
    if abs(n - k) > 1e-9 * max(1.0, n):
        raise ValueError(
            f"duration [ms] must be a whole number of steps dt [ms]: "
            f"duration = {duration!r}, dt = {dt!r} gives {n!r} steps")
    return k


def spikes_in_window(times, dt, step0, n_steps, guard=None, name="spike times"):
    """Raise unless every spike of ``times`` [ms] falls in the run's steps
    ``[step0, step0 + n_steps)`` of ``dt`` [ms].

    With ``guard`` (the grid guard, in steps) a spike belongs to step
    ``floor(t/dt + guard)``, the rule of the grid-based kernels; with
    ``guard=None`` the exact times are compared with the window
    ``[step0*dt, (step0 + n_steps)*dt)``, as for event-driven models.
    """
    if not times.size:
        return
    t0, t1 = step0 * dt, (step0 + n_steps) * dt
    if guard is None:
        bad = (times < t0) | (times >= t1)
    else:
        steps = np.floor(times / dt + guard)
        bad = (steps < step0) | (steps >= step0 + n_steps)
    if np.any(bad):
        raise ValueError(
            f"{name} [ms] must lie in the simulated window [{t0:g}, {t1:g}); "
            f"got a spike at {float(times[np.argmax(bad)])!r} ms")


# ---------------------------------------------------------------------------
# arrays that may hold masked or missing entries
# ---------------------------------------------------------------------------

def real_array(x, name, unit="", *, allow_nan=False, **kw):
    """``x`` as a float64 array by the rules of :func:`as_float_array`,
    with two more: a masked array with a masked entry is a ValueError (a
    masked value has no number to stand for, and NumPy would silently use
    the value under the mask), and with ``allow_nan=True`` NaN entries are
    kept (for "no value" markers) while the type is still checked; ``kw``
    goes to :func:`as_float_array` otherwise."""
    x = U.in_unit(x, unit, name)
    if isinstance(x, np.ma.MaskedArray):
        n_masked = int(np.ma.count_masked(x))
        if n_masked:
            raise ValueError(
                f"{_label(name, unit)} must not contain masked entries, got "
                f"{n_masked} masked of {x.size}; drop them or fill them first")
        x = np.ma.getdata(x)
    if not isinstance(x, (np.ndarray, str, bytes)):
        try:
            x = np.asarray(x)
        except ValueError:
            # NumPy's "inhomogeneous shape" message names no parameter
            raise ValueError(
                f"{_label(name, unit)} must be an array of numbers with rows of equal "
                f"length, got a ragged {type(x).__name__}") from None
    if not allow_nan:
        return as_float_array(x, name, unit, **kw)
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{_label(name, unit)} must be numbers, got a string {x!r}")
    return _as_real_float64(x, name, unit)


def axis(ax, ndim, name="axis"):
    """``ax`` as a non-negative axis index of an array with ``ndim``
    dimensions (negative values count from the end, as in NumPy)."""
    if isinstance(ax, (bool, np.bool_)) or not isinstance(ax, numbers.Integral):
        raise TypeError(f"{name} must be an integer (an axis of the array), got {ax!r}")
    ax = int(ax)
    if not -ndim <= ax < ndim:
        raise ValueError(
            f"{name} must be in [{-ndim}, {ndim}) for a {ndim}-dimension array, got {ax}")
    return ax % ndim


def flag(x, name):
    """``x`` as a bool: True, False, a NumPy bool or the int 0 or 1."""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, numbers.Integral) and int(x) in (0, 1):
        return bool(x)
    raise TypeError(f"{name} must be True or False, got {x!r}")
