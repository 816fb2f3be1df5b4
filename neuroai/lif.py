"""Leaky integrate-and-fire neurons, simulated in C.

The membrane equation is the course's,

    tau_m dV/dt = -(V - v_rest) + R I(t),

with a spike when V reaches v_threshold, after which V is set to v_reset and
held for t_ref.  Units: time ms, voltage mV, current nA, resistance MOhm
(MOhm x nA = mV), rates Hz.
"""
from __future__ import annotations

import math
import os

import numpy as np

from . import _core
from . import _progress
from . import _units as U
from . import _validate as V
from .results import Result, State
from .spikes import SpikeTrains

__all__ = ["LIFNeuron", "LIFResult", "LIFState", "fi_curve", "lif_rate", "rheobase"]

_METHODS = {"exact": _core.METHOD_EXACT, "euler": _core.METHOD_EULER}
_F64 = np.dtype(np.float64)      # (other float64 descriptors take the general path)
_INF = math.inf
_new_object = object.__new__


def _usable_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_CPUS = _usable_cpus()

#: The course's parameter set (ms, mV, mV, mV, MOhm, ms).
DEFAULTS = dict(tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                resistance=10.0, t_ref=0.0)
_UNITS = dict(tau_m="ms", v_rest="mV", v_reset="mV", v_threshold="mV",
              resistance="MOhm", t_ref="ms")


def _check_params(tau_m, v_rest, v_reset, v_threshold, resistance, t_ref):
    """Validate parameters (scalars or 1-D arrays); return them as arrays."""
    vals = {}
    for name, x in dict(tau_m=tau_m, v_rest=v_rest, v_reset=v_reset,
                        v_threshold=v_threshold, resistance=resistance,
                        t_ref=t_ref).items():
        a = V.as_float_array(x, name, _UNITS[name], ndim=(0, 1), allow_empty=False)
        vals[name] = a
    sizes = {k: a.shape[0] for k, a in vals.items() if a.ndim == 1}
    if len(set(sizes.values())) > 1:
        desc = ", ".join(f"{k} has {n}" for k, n in sizes.items())
        raise ValueError(
            f"per-neuron parameter arrays must all have the same length: {desc}")
    V.all_positive(vals["tau_m"], "tau_m", "ms")
    V.all_positive(vals["resistance"], "resistance", "MOhm")
    V.all_nonnegative(vals["t_ref"], "t_ref", "ms")
    bad = np.broadcast_to(vals["v_reset"] >= vals["v_threshold"],
                          np.broadcast_shapes(vals["v_reset"].shape,
                                              vals["v_threshold"].shape))
    if np.any(bad):
        k = int(np.argmax(bad)) if bad.ndim else 0
        vr = np.broadcast_to(vals["v_reset"], bad.shape)[k] if bad.ndim else vals["v_reset"]
        vt = np.broadcast_to(vals["v_threshold"], bad.shape)[k] if bad.ndim else vals["v_threshold"]
        raise ValueError(
            f"v_reset [mV] must be below v_threshold [mV], got v_reset = {float(vr)!r} "
            f">= v_threshold = {float(vt)!r}")
    n = next(iter(sizes.values())) if sizes else None
    return vals, n


#: Spike times closer than this fraction of the run's end time are not
#: resolved by float64 (nai_lif.h, NAI_LIF_TIME_RESOLUTION).
_TIME_RESOLUTION = 2.0 ** -44
#: Bytes held per spike at the end of a run: the kernel's (neuron, time)
#: event and the grouped time returned.
_SPIKE_BYTES = 24


def _shortest_isi(tau, v_reset, v_th, t_ref, v_inf):
    """The exact method's interspike interval [ms] under V_inf [mV] (arrays
    broadcast): t_ref + tau_m ln((V_inf - v_reset)/(V_inf - v_threshold)),
    inf where V_inf <= v_threshold (the neuron never fires again)."""
    with np.errstate(all="ignore"):
        fires = v_inf > v_th
        ratio = np.where(fires, (v_inf - v_reset) / np.where(fires, v_inf - v_th, 1.0), 1.0)
        return np.where(fires, t_ref + tau * np.log(ratio), np.inf)


def _current_range(cur, cur2):
    """Each neuron's largest and smallest input [nA] over the run, from the
    (T, n) view cur2 of the current cur; ValueError naming the first NaN or
    inf entry of cur.  One pass for each end, and the finiteness test for
    free: max and min are NaN if any entry is and +-inf if any entry is."""
    c = cur2
    if any(st == 0 and m > 1 for st, m in zip(c.strides, c.shape)):
        c = V.compact(c)                # a broadcast view: its distinct rows only
    if not c.shape[0]:
        return np.zeros(c.shape[1]), np.zeros(c.shape[1])
    i_max, i_min = c.max(axis=0), c.min(axis=0)
    if not (np.isfinite(i_max).all() and np.isfinite(i_min).all()):
        V.check_finite(cur, "current", "nA")
    return i_max, i_min


def _check_run(params, current_range, n_steps, dt, method, step0, n_rec):
    """Refuse, before any work, a run whose time cannot advance or whose
    arrays cannot be allocated (the rule of nai_lif.h).

    params is the (6, n) table, current_range each neuron's largest and
    smallest input [nA] (:func:`_current_range`), n_rec the number of
    recorded neurons.  Raises ValueError naming the
    parameters, or MemoryError with the size: the trace (T x n_rec float64)
    plus the most spikes the physics allows, each neuron at its largest
    input firing every ``_shortest_isi`` (Euler: at most once a step, and
    no more often than its own discrete interval).
    """
    n = params.shape[1]
    t_end = (step0 + n_steps) * dt
    if not math.isfinite(t_end):
        raise ValueError(
            f"the run must end at a finite time: step0 + T = {step0 + n_steps} steps "
            f"of dt = {dt!r} ms end at {t_end!r} ms")
    tau, v_rest, v_reset, v_th, r, t_ref = (params[k] for k in range(6))
    i_max, i_min = current_range
    with np.errstate(all="ignore"):
        hi = v_rest + r * i_max
        lo = v_rest + r * i_min
    bad = ~(np.isfinite(hi) & np.isfinite(lo))
    if np.any(bad):
        k = int(np.argmax(np.broadcast_to(bad, (n,))))
        kk = k if bad.shape[0] > 1 else 0
        i_bad = i_max[kk] if not np.isfinite(np.broadcast_to(hi, (n,))[k]) else i_min[kk]
        raise ValueError(
            f"V_inf = v_rest + resistance * current [mV] must be finite: neuron {k} "
            f"with resistance = {float(r[k])!r} MOhm and current = {float(i_bad)!r} nA "
            f"overflows float64")
    hi = np.broadcast_to(hi, (n,))
    isi = _shortest_isi(tau, v_reset, v_th, t_ref, hi)
    if method == "exact":
        res = t_end * _TIME_RESOLUTION
        low = isi < res
        if np.any(low):
            k = int(np.argmax(low))
            raise ValueError(
                f"time cannot advance: neuron {k} fires every t_ref + tau_m "
                f"ln((V_inf - v_reset)/(V_inf - v_threshold)) = {float(isi[k])!r} ms "
                f"(t_ref = {float(t_ref[k])!r} ms, tau_m = {float(tau[k])!r} ms, "
                f"V_inf = {float(hi[k])!r} mV at current {float(i_max[k if i_max.shape[0] > 1 else 0])!r} nA), "
                f"closer than float64 resolves spike times up to the run's end at "
                f"{t_end!r} ms (2**-44 of it, {res!r} ms): use a larger t_ref or "
                f"tau_m, a smaller current, or a shorter run (dt = {dt!r} ms, "
                f"{n_steps} steps)")
        with np.errstate(all="ignore"):
            per = np.where(np.isfinite(isi), n_steps * dt / isi, 0.0) + 2.0
    else:
        k_eu = dt / tau
        with np.errstate(all="ignore"):
            # from v_reset, Euler needs ln(ratio) / -ln(1 - k) steps to cross
            ratio = np.where(hi > v_th, (hi - v_reset) / np.where(hi > v_th, hi - v_th, 1.0), 1.0)
            steps = np.where(k_eu < 1.0, np.log(ratio)
                             / -np.log1p(-np.minimum(k_eu, np.nextafter(1.0, 0.0))), 1.0)
        # one step of slack for the rounding of the Euler updates
        gap = np.maximum(np.floor(np.nan_to_num(steps, nan=1.0, posinf=n_steps + 1.0)) - 1.0,
                         1.0)
        gap = gap + np.round(t_ref / dt)
        per = np.minimum(n_steps / gap + 2.0, n_steps + 1.0)
        # overshoot (dt > tau_m) may cross below V_inf: count every step
        per = np.where((hi > v_th) | (k_eu > 1.0), per, 1.0)
    n_spikes = float(np.sum(per))
    nbytes = 8.0 * n_steps * n_rec + _SPIKE_BYTES * n_spikes
    V.check_memory(nbytes, "the LIF simulation",
                   f" ({n_steps} steps x {n_rec} recorded neurons of V, and up to "
                   f"{n_spikes:.3g} spikes at {_SPIKE_BYTES} B)")


#: The largest V trace ``record_v="auto"`` records [bytes].
RECORD_V_AUTO_BYTES = 1 << 28
_AUTO = "auto"
_AUTO_ROWS = RECORD_V_AUTO_BYTES // 8


class EulerStabilityWarning(RuntimeWarning):
    """Forward Euler with ``dt > 2 tau_m``: the membrane update amplifies
    any deviation from its fixed point, so V diverges and spikes with no
    input."""


def _warn_euler(tau_m, dt):
    worst = float(np.min(tau_m))
    if dt > 2.0 * worst:
        import warnings
        warnings.warn(
            f"method='euler' is unstable for dt > 2 tau_m: dt = {dt:g} ms, tau_m = "
            f"{worst:g} ms (dt / tau_m = {dt / worst:.3g}); V will diverge and spike "
            "without input. Take dt < 2 tau_m (dt < tau_m avoids oscillation), or "
            "method='exact'", EulerStabilityWarning, stacklevel=3)


def _check_state(state):
    """A state whose values cannot continue a run is refused (a NaN V would
    give an all-NaN trace and no spikes, silently)."""
    V.check_finite(np.asarray(state.v, dtype=float), "state.v", "mV")
    if np.isnan(np.asarray(state.t_free, dtype=float)).any():
        raise ValueError("state.t_free [ms] must not contain NaN")
    ref = np.asarray(state.ref_left)
    if ref.dtype.kind not in "iu" or (ref < 0).any():
        raise ValueError("state.ref_left [steps] must hold non-negative integers")


def _as_param(a):
    """A float, or a read-only private copy of a per-neuron array (so it can
    only change through the validating property setter)."""
    if a.ndim == 0:
        return float(a)
    a = a.copy()
    a.flags.writeable = False
    return a


class LIFState(State):
    """Where a simulation stopped, so that the next one continues from there
    (a :class:`~neuroai.results.State`).

    Attributes
    ----------
    v : ndarray, shape (N,)
        Membrane potential [mV] at the end of the run (read-only).
    t_free : ndarray, shape (N,)
        Exact method: the time [ms] at which refractoriness ends.
    ref_left : ndarray of int64, shape (N,)
        Euler method: whole steps still to hold at v_reset.
    steps_done : int
        Number of steps done since t = 0 (the next step starts at
        ``steps_done * dt``).
    dt : float
        Step [ms] of the run.
    method : str
        "exact" or "euler".
    """

    __slots__ = ()

    def __repr__(self):
        return (f"LIFState(n={self.v.shape[0]}, t={self.t:g} ms, "
                f"method={self.method!r})")


class LIFResult(Result):
    """The outcome of :meth:`LIFNeuron.simulate` (a :class:`~neuroai.results.Result`).

    Attributes
    ----------
    t : ndarray, shape (T,)
        Start time of each step [ms]: ``t[i] = (step0 + i) * dt``.
    v : ndarray or None
        Membrane potential [mV] at ``t[i]`` (so ``v[0]`` is the initial
        value): shape ``(T,)`` for a one-neuron input, ``(T, len(recorded))``
        for ``(T, N)``; None when traces were not recorded.
    recorded : ndarray of int
        Indices of the neurons whose V is in ``v``.
    current : ndarray
        The input current [nA] (the caller's array, not a copy).
    dt : float
        Step [ms].
    method : str
        "exact" or "euler".
    final_state : LIFState
        State at the end, to continue with :meth:`LIFNeuron.simulate`
        (``state=result.final_state``) or :meth:`continue_with`.
    """

    # Filled when first read (most callers, such as a slider redraw, never
    # read them): the instance attributes shadow these.
    _final_state = None
    _spike_list = None
    _spikes = None
    # What LIFNeuron.simulate's one-neuron call leaves unset (one neuron, from
    # t = 0, recorded = [0]); __init__ sets them all.
    _step0 = 0
    _single = True
    _recorded = None

    def __init__(self, neuron, current, dt, method, t0_step, n_steps, single,
                 offsets, times, v, recorded, final_arrays):
        # recorded: the indices, or None for [0] (built when read);
        # final_arrays: (state, ref_left) as _core.lif_run returns them,
        # made into the LIFState when final_state is first read
        self.neuron = neuron
        self.current = current
        self.dt = dt
        self.method = method
        self._step0 = t0_step
        self._n_steps = n_steps
        self._single = single
        self._offsets = offsets
        self._times = times
        self.v = v
        self._recorded = recorded
        self._final_arrays = final_arrays

    @property
    def recorded(self):
        """Indices of the neurons whose V is in ``v`` (int64)."""
        if self._recorded is None:
            self._recorded = np.arange(1, dtype=np.int64)
        return self._recorded

    @property
    def final_state(self):
        """State at the end (an :class:`LIFState`)."""
        if self._final_state is None:
            st, ref = self._final_arrays
            self._final_state = LIFState(self._step0 + self._n_steps, self.dt, self.method,
                                         {"v": st[0], "t_free": st[1], "ref_left": ref})
            self._final_arrays = None
        return self._final_state

    @property
    def t(self):
        """Start time of each step [ms], shape (T,)."""
        return (self._step0 + np.arange(self._n_steps)) * self.dt

    @property
    def n_neurons(self):
        """Number of simulated neurons."""
        return self._offsets.shape[0] - 1

    @property
    def duration(self):
        """Length of this run [ms] (T * dt)."""
        return self._n_steps * self.dt

    @property
    def t_start(self):
        """Time [ms] at which this run started."""
        return self._step0 * self.dt

    @property
    def spike_times(self):
        """Spike times [ms]: a 1-D array for a one-neuron input, else a list
        of N arrays (sorted)."""
        if self._single:
            return self._times.copy()
        if self._spike_list is None:
            o = self._offsets
            self._spike_list = [self._times[o[j]:o[j + 1]]
                                for j in range(self.n_neurons)]
        return self._spike_list

    @property
    def spikes(self):
        """All spikes as a :class:`~neuroai.spikes.SpikeTrains` (window from
        0 to the end of this run), ready to feed another simulation."""
        if self._spikes is None:
            idx = np.repeat(np.arange(self.n_neurons, dtype=np.int64),
                            np.diff(self._offsets))
            self._spikes = SpikeTrains(self._times, idx, n=self.n_neurons,
                                       duration=(self._step0 + self._n_steps) * self.dt)
        return self._spikes

    @property
    def spike_counts(self):
        """Spikes per neuron: an int for a one-neuron input, else shape (N,)."""
        counts = np.diff(self._offsets)
        return int(counts[0]) if self._single else counts

    @property
    def rates(self):
        """Mean firing rate [Hz] over this run (count / duration): a float
        for a one-neuron input, else shape (N,)."""
        if self._n_steps == 0:
            raise ValueError("a run of zero steps has no rate")
        r = U.rate_hz(np.diff(self._offsets), self.duration)
        return float(r[0]) if self._single else r

    def continue_with(self, current):
        """Run the same neuron(s) further with a new current [nA], starting
        from this result's final state (same dt and method)."""
        return self.neuron.simulate(current, dt=self.dt, method=self.method,
                                    record_v=self._record_arg(),
                                    state=self.final_state)

    def _record_arg(self):
        if self.v is None:
            return False
        if self._single:
            return True
        return self.recorded

    _plot_function = "plot_lif"     # voltage, input current and spike markers

    def __repr__(self):
        n = self.n_neurons
        total = int(self._offsets[-1])
        return (f"LIFResult({n} neuron{'s' if n != 1 else ''}, "
                f"{self.duration:g} ms at dt={self.dt:g} ms, {self.method}, "
                f"{total} spike{'s' if total != 1 else ''})")


class LIFNeuron:
    """Leaky integrate-and-fire neuron(s) with the course's parameters.

    Parameters
    ----------
    tau_m : float or array_like, default 20.0
        Membrane time constant [ms], > 0.
    v_rest : float or array_like, default -70.0
        Resting potential [mV].
    v_reset : float or array_like, default -80.0
        Reset potential after a spike [mV], < v_threshold.
    v_threshold : float or array_like, default -55.0
        Spike threshold [mV].
    resistance : float or array_like, default 10.0
        Membrane resistance [MOhm], > 0 (MOhm x nA = mV).
    t_ref : float or array_like, default 0.0
        Absolute refractory period [ms], >= 0.

    Each parameter is a scalar or one value per neuron (all arrays the same
    length).  ``v`` is the state used by :meth:`step`.
    """

    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
                 v_threshold=-55.0, resistance=10.0, t_ref=0.0):
        vals, n = _check_params(tau_m, v_rest, v_reset, v_threshold,
                                resistance, t_ref)
        self._p = {k: _as_param(a) for k, a in vals.items()}
        self._packed = None                 # (n, (6, n) array), built on use
        self._one = None                    # the one-neuron call's arrays, built on use
        self.reset_state()

    def __getstate__(self):
        # the parameter table and the one-neuron arrays are caches, rebuilt
        # on use: a pickle (to a process pool) leaves them out
        state = dict(self.__dict__)
        state["_packed"] = state["_one"] = None
        return state

    def _get(name):
        def get(self):
            return self._p[name]

        def set(self, value):
            a = V.as_float_array(value, name, _UNITS[name], ndim=(0, 1),
                                 allow_empty=False)
            new = dict(self._p, **{name: _as_param(a)})
            _check_params(**new)            # ranges and v_reset < v_threshold
            self._p = new
            self._packed = None
            self._one = None
        return property(get, set, doc=f"{name} [{_UNITS[name]}] (scalar or one per neuron)")

    tau_m = _get("tau_m")
    v_rest = _get("v_rest")
    v_reset = _get("v_reset")
    v_threshold = _get("v_threshold")
    resistance = _get("resistance")
    t_ref = _get("t_ref")
    del _get

    # -- parameters -----------------------------------------------------
    @property
    def params(self):
        """The six parameters as a dict (values as stored)."""
        return dict(self._p)

    @property
    def n_params(self):
        """Number of neurons the parameters describe (None: all scalars)."""
        sizes = [np.shape(a)[0] for a in self._p.values() if np.ndim(a) == 1]
        return sizes[0] if sizes else None

    def param_table(self, n):
        """The parameters of ``n`` neurons as one read-only (6, n) float64
        table, rows in the order tau_m [ms], v_rest [mV], v_reset [mV],
        v_threshold [mV], resistance [MOhm], t_ref [ms]: the form the C core
        takes.  Cached until a parameter is set again (so a slider callback
        pays for validation once).  Raises ValueError when the neuron has
        per-neuron parameters for another number of neurons."""
        if self._packed is not None and self._packed[0] == n:
            return self._packed[1]
        n_par = self.n_params
        if n_par is not None and n_par != n:
            raise ValueError(
                f"the neuron has per-neuron parameters for {n_par} neurons but the "
                f"current drives {n}: give current of shape (T, {n_par})")
        packed = np.empty((6, n))
        for row, name in enumerate(_core.LIF_PARAMS):
            packed[row] = self._p[name]
        packed.flags.writeable = False
        self._packed = (n, packed)
        return packed

    def _one_neuron_args(self):
        """(params, state, ref_left, rec_idx) of a one-neuron run from rest
        that records V: read-only arrays the C core copies and never writes,
        cached with the parameter table until a parameter is set.  None when
        the parameters are per-neuron for more than one neuron."""
        if self.n_params not in (None, 1):
            return None
        params = self.param_table(1)
        state = np.array([[params[_core.LIF_V_REST, 0]], [-np.inf]])
        ref = np.zeros(1, np.int64)
        rec = np.zeros(1, np.int64)
        for a in (state, ref, rec):
            a.flags.writeable = False
        self._one = (params, state, ref, rec)
        return self._one

    # -- the course's stateful Euler step --------------------------------
    def reset_state(self):
        """Set ``v`` back to ``v_rest`` and clear refractoriness."""
        self.v = self.v_rest if np.ndim(self.v_rest) == 0 else np.array(self.v_rest, dtype=float)
        self._ref_left = 0 if np.ndim(self.v_rest) == 0 else np.zeros(np.shape(self.v_rest), np.int64)

    def step(self, I, dt=0.1):
        """Advance ``v`` by one forward-Euler step of ``dt`` [ms] with input
        ``I`` [nA]; return True if the neuron spiked.

        Exactly the course's update: ``v = v + (-(v - v_rest) + R*I) *
        (dt / tau_m)``; if ``v >= v_threshold`` the neuron spikes, ``v`` is set
        to ``v_reset`` and held there for ``round(t_ref / dt)`` steps.  Same
        arithmetic as ``simulate(method="euler")``.  With per-neuron
        parameters, ``I`` may be one value per neuron and the result is a
        boolean array.
        """
        dt = V.positive(dt, "dt", "ms")
        I = V.as_float_array(I, "I", "nA", ndim=(0, 1))
        vals = {k: np.asarray(a, dtype=np.float64) for k, a in self._p.items()}
        v = np.asarray(self.v, dtype=np.float64)
        V.check_finite(v, "v", "mV")
        ref_steps = np.round(vals["t_ref"] / dt).astype(np.int64)
        held = np.asarray(self._ref_left) > 0
        v_new = v + (-(v - vals["v_rest"]) + vals["resistance"] * I) * (dt / vals["tau_m"])
        spiked = ~held & (v_new >= vals["v_threshold"])
        v_new = np.where(held | spiked, vals["v_reset"], v_new)
        ref = np.where(held, np.asarray(self._ref_left) - 1,
                       np.where(spiked, ref_steps, 0))
        if v_new.ndim == 0:
            self.v = float(v_new)
            self._ref_left = int(ref)
            return bool(spiked)
        self.v = v_new
        self._ref_left = ref.astype(np.int64)
        return spiked

    # -- whole simulations in one C call ----------------------------------
    def simulate(self, current, dt=0.1, method="exact", v_init=None,
                 record_v="auto", state=None, n_threads=None, progress=None):
        """Simulate the neuron(s) driven by a current, in one C call.

        Parameters
        ----------
        current : array_like, shape (T,) or (T, N)
            Input current [nA]; ``current[i]`` is constant on the step
            ``[i*dt, (i+1)*dt)``.  ``(T,)`` drives one neuron, ``(T, N)``
            drives N.  Lists, integer arrays and non-contiguous views are
            accepted; a broadcast view (``np.broadcast_to(I, (T, N))``) is
            read through its strides and never copied.
        dt : float, default 0.1
            Time step [ms], > 0.
        method : {"exact", "euler"}
            "exact" integrates the membrane equation exactly and locates each
            threshold crossing inside its step, so spike times do not depend
            on dt; "euler" is the course's forward Euler, spikes at the start
            of the step whose update crossed.
        v_init : float or array_like, optional
            Initial potential [mV] (scalar or one per neuron); default
            ``v_rest``.  Ignored when ``state`` is given.
        record_v : "auto", bool, None, int or array_like of int, default "auto"
            True records V of every neuron, None or False none (spikes
            only), an int or a 1-D array of distinct ints the neurons with
            those indices.  "auto" is True while the trace (T x N values,
            8 B each) stays within ``RECORD_V_AUTO_BYTES`` (256 MB: a
            population of 3,000 neurons for 1 s at dt = 0.1 ms), and is
            refused beyond, with the size and these choices, so that a large
            population never fills the memory with a trace nobody asked for.
        state : LIFState, optional
            Continue from a previous result's ``final_state`` (same dt and
            method); k chunked runs give exactly the result of one long run.
        n_threads : int, optional
            Threads for a large population (``_core.LIF_THREAD_MIN_NEURONS``
            neurons or more); default: the CPUs this process may use.  The
            result does not depend on it.
        progress : None, True or False
            A progress bar for a long run (``tqdm.auto`` if installed, else
            a text line on stderr): None shows it when the run is seen to
            take more than about 2 s, True always, False never.  The run
            is then made in about 100 parts, with a result equal bit for bit
            to one call's.

        Returns
        -------
        LIFResult

        Raises
        ------
        ValueError
            For a run whose time cannot advance, before any work: when
            V_inf = v_rest + resistance * current [mV] is not finite for
            some input, when the run's end (step0 + T) * dt [ms] is not
            finite, or (method "exact") when a neuron's shortest interspike
            interval, t_ref + tau_m ln((V_inf - v_reset)/(V_inf -
            v_threshold)) at its largest input, is below 2**-44 of the end
            time, where float64 no longer tells spike times apart.
        MemoryError
            At once, with the size, when the V trace (T x recorded neurons,
            8 B each) and the most spikes the physics allows (each neuron
            at its largest input firing every interspike interval above,
            24 B each) exceed the memory available.
        """
        # The common call (a slider redraw): one neuron from rest, a float64
        # array, a float dt, the default recording.  Every check of the
        # general path below is made too: the C core rejects a current
        # holding NaN or inf, which then takes the general path, so that
        # the error names the bad entry; per-neuron parameters for another
        # number of neurons take it too (its error comes after the current's).
        if (type(current) is np.ndarray and type(dt) is float and state is None
                and v_init is None and (record_v is True or record_v is _AUTO
                                        and current.size <= _AUTO_ROWS)
                and n_threads is None
                and current.ndim == 1 and current.dtype is _F64 and 0.0 < dt < _INF
                and type(method) is str and method in _METHODS
                and (progress is False or progress is None
                     and current.shape[0] < _PROGRESS_MIN_UPDATES)):
            one = self._one if self._one is not None else self._one_neuron_args()
            if one is not None and method == "euler" and \
                    dt > 2.0 * one[0][_core.LIF_TAU_M, 0]:
                one = None      # unstable Euler: the general path warns
            if one is not None:
                params, state0, ref0, rec = one
                try:
                    st, ref, offsets, times, trace = _core.lif_run(
                        current[:, None], dt, _METHODS[method], 0, state0, ref0, params,
                        rec, 1, True)
                except ValueError:
                    # NaN or inf, a run whose time cannot advance or one of
                    # many spikes: the general path checks, sizes and says why
                    pass
                else:
                    # LIFResult(self, current, dt, method, 0, len(trace), True,
                    # offsets, times, trace.ravel(), None, (st, ref)), with the
                    # class defaults for the constant fields: a third faster
                    res = _new_object(LIFResult)
                    res.neuron = self
                    res.current = current
                    res.dt = dt
                    res.method = method
                    res._n_steps = len(trace)
                    res._offsets = offsets
                    res._times = times
                    res.v = trace.ravel()   # (T, 1), C-contiguous: a view
                    res._final_arrays = (st, ref)
                    return res
        dt = V.positive(dt, "dt", "ms")
        if method not in _METHODS:
            V.choice(method, "method", tuple(_METHODS))
        # finiteness is read off the current's range in _check_run: one pass fewer
        cur = V.as_float_array(current, "current", "nA", ndim=(1, 2), finite=False)
        single = cur.ndim == 1
        cur2 = cur[:, None] if single else cur
        n_steps, n = cur2.shape
        i_range = _current_range(cur, cur2)
        if n == 0:
            raise ValueError("current [nA] must drive at least one neuron: got shape "
                             f"{cur.shape}")
        params = self.param_table(n)

        state_arr = np.empty((2, n))
        if state is not None:
            if not isinstance(state, LIFState):
                raise TypeError("state must be an LIFState (a result's final_state)")
            if state.v.shape[0] != n:
                raise ValueError(
                    f"state holds {state.v.shape[0]} neurons but the current drives {n}")
            V.same_run(state, dt, method)
            state_arr[0] = state.v
            state_arr[1] = state.t_free
            ref0 = state.ref_left
            step0 = state.steps_done
        else:
            state_arr[0] = params[_core.LIF_V_REST] if v_init is None else \
                V.per_neuron(v_init, "v_init", "mV", n)
            state_arr[1] = -np.inf
            ref0 = np.zeros(n, np.int64)
            step0 = 0

        if isinstance(record_v, str) and record_v == _AUTO:
            if n_steps * n * 8 > RECORD_V_AUTO_BYTES:
                raise ValueError(
                    f"record_v: recording V of all {n:,} neurons for {n_steps:,} steps "
                    f"would take {n_steps * n * 8 / 1e9:.3g} GB; pass record_v=False "
                    "(spikes only), record_v=[indices] (those neurons) or "
                    "record_v=True (all of them anyway)")
            record_v = True
        rec = V.record_indices(record_v, n, "record_v", "neuron")
        if state is not None:
            _check_state(state)
        progress = _progress.check(progress)
        _check_run(params, i_range, n_steps, dt, method, int(step0), rec.size)
        if method == "euler":
            _warn_euler(params[_core.LIF_TAU_M], dt)

        if n_threads is None:
            n_threads = _CPUS if n >= _core.LIF_THREAD_MIN_NEURONS else 1
        else:
            n_threads = V.integer(n_threads, "n_threads", minimum=1)
        if progress is True or (progress is None and n * n_steps >= _PROGRESS_MIN_UPDATES):
            with _progress.Tracker(progress, n_steps, "LIFNeuron.simulate", "steps") as tr:
                st, ref, offsets, times, trace = _run_in_parts(
                    cur2, dt, _METHODS[method], int(step0), state_arr, ref0, params, rec,
                    n_threads, tr)
        else:
            st, ref, offsets, times, trace = _core.lif_run(
                current=cur2, dt=dt, method=_METHODS[method], step0=int(step0),
                state=state_arr, ref_left=ref0, params=params, rec_idx=rec,
                n_threads=n_threads)

        if rec.size == 0:
            v_out = None
        elif single:
            v_out = trace[:, 0]
        else:
            v_out = trace
        return LIFResult(self, current, dt, method, int(step0), n_steps, single,
                         offsets, times, v_out, rec, (st, ref))

    def __repr__(self):
        def f(x):
            return f"{x:g}" if np.ndim(x) == 0 else f"array({np.shape(x)[0]})"
        return (f"LIFNeuron(tau_m={f(self.tau_m)}, v_rest={f(self.v_rest)}, "
                f"v_reset={f(self.v_reset)}, v_threshold={f(self.v_threshold)}, "
                f"resistance={f(self.resistance)}, t_ref={f(self.t_ref)})")


#: A run of at least this many neuron updates (neurons x steps) may report its
#: progress (0.03 s for a large population here, 4 s for one neuron).  It is
#: then made in at most 100 parts (fewer for a very large population: each
#: part keeps n + 1 spike offsets until the end, _PART_OFFSETS in all) of at
#: least _PART_MIN_STEPS steps and _PART_UPDATES updates: a call costs about
#: 50 ns per neuron and 50 us besides, which stays near 2% of the run.
_PROGRESS_MIN_UPDATES = 10 ** 8
_PART_MIN_STEPS = 2000
_PART_UPDATES = 2 * 10 ** 6
_PART_OFFSETS = 10 ** 7


def _run_in_parts(cur2, dt, method, step0, state, ref, params, rec, n_threads, tracker):
    """``_core.lif_run`` over the steps of ``cur2`` in parts (at most 100),
    each continuing from the state the previous
    one left (which gives the result of one call bit for bit), telling
    ``tracker`` after each part; returns what one call returns."""
    n_steps, n = cur2.shape
    most = max(1, min(100, _PART_OFFSETS // n))
    part = max(-(-n_steps // most), _PART_MIN_STEPS, -(-_PART_UPDATES // n))
    trace = np.empty((n_steps, rec.size))
    offs, parts = [], []
    for a in range(0, n_steps, part):
        b = min(a + part, n_steps)
        state, ref, off, times, tr = _core.lif_run(
            current=cur2[a:b], dt=dt, method=method, step0=step0 + a, state=state,
            ref_left=ref, params=params, rec_idx=rec, n_threads=n_threads)
        trace[a:b] = tr
        offs.append(off)
        parts.append(times)
        tracker.advance(b - a)
    # each part holds its spikes grouped by neuron, in time order: neuron j's
    # spikes of part c go after those of the parts before, at
    # offsets[j] + (j's spikes in parts < c)
    counts = np.diff(np.array(offs), axis=1)                # (parts, n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts.sum(axis=0), out=offsets[1:])
    before = np.cumsum(counts, axis=0) - counts              # j's spikes in earlier parts
    out = np.empty(int(offsets[-1]))
    for c, (off, times) in enumerate(zip(offs, parts)):
        if times.size:
            # spike i of neuron j's block in this part goes to shift[j] + i
            shift = offsets[:-1] + before[c] - off[:-1]
            dest = np.repeat(shift, counts[c])
            dest += np.arange(times.size)
            out[dest] = times
        parts[c] = None                 # free each part once placed
    return state, ref, offsets, out, trace


def fi_curve(currents, duration=500.0, dt=0.1, method="exact", progress=None,
             **neuron_parameters):
    """Firing rate [Hz] of an LIF neuron for each constant current, in one C call.

    Parameters
    ----------
    currents : array_like, shape (K,)
        Constant input currents [nA].
    duration : float, default 500.0
        Length of each simulation [ms], > 0; ``round(duration / dt)`` steps.
    dt : float, default 0.1
        Time step [ms].
    method : {"exact", "euler"}
    progress : None, True or False
        A progress bar over the batches of currents (``tqdm.auto`` if
        installed, else a text line on stderr): None shows it when the run
        is seen to take more than about 2 s, True always, False never.
    **neuron_parameters
        Any of ``LIFNeuron``'s parameters (scalars).

    Returns
    -------
    ndarray, shape (K,)
        Spike count in the window divided by its duration [Hz]; every neuron
        starts at v_rest, so the first-spike latency counts (as in the course).
    """
    dt = V.positive(dt, "dt", "ms")
    duration = V.positive(duration, "duration", "ms")
    I = V.as_float_array(currents, "currents", "nA", ndim=(0, 1))
    scalar_in = I.ndim == 0
    I = np.atleast_1d(I)
    n_steps = int(round(V.step_ratio(duration, dt)))
    if n_steps < 1:
        raise ValueError(f"duration [ms] must cover at least one step of dt = {dt} ms")
    neuron = LIFNeuron(**neuron_parameters)
    if I.size == 0:
        return np.empty(0)
    # Only the counts are kept: the currents run in batches, so the spike
    # times held at once stay bounded (a few tens of MB) however many
    # currents there are.  A batch is many 32-neuron blocks, enough for threads.
    batch = I.shape[0] if neuron.n_params is not None else _FI_BATCH
    rates = np.empty(I.shape[0])
    with _progress.Tracker(progress, I.shape[0], "fi_curve", "currents") as tracker:
        for k in range(0, I.shape[0], batch):
            part = I[k:k + batch]
            res = neuron.simulate(np.broadcast_to(part, (n_steps, part.shape[0])), dt=dt,
                                  method=method, record_v=False, progress=False)
            rates[k:k + batch] = res.rates
            tracker.advance(part.shape[0])
    return float(rates[0]) if scalar_in else rates


#: Currents per simulation of :func:`fi_curve`.
_FI_BATCH = 1 << 15


def _closed_form_params(neuron_parameters):
    merged = dict(DEFAULTS)
    unknown = set(neuron_parameters) - set(DEFAULTS)
    if unknown:
        raise TypeError(
            f"unknown LIF parameter(s) {sorted(unknown)}; allowed: {sorted(DEFAULTS)}")
    merged.update(neuron_parameters)
    vals, _ = _check_params(**merged)
    return vals


def rheobase(**neuron_parameters):
    """Threshold current [nA]: the smallest constant current that makes the
    neuron fire, ``(v_threshold - v_rest) / resistance`` (fires for I above it).

    Accepts the same keyword parameters as :class:`LIFNeuron`.
    """
    p = _closed_form_params(neuron_parameters)
    r = (p["v_threshold"] - p["v_rest"]) / p["resistance"]
    return float(r) if np.ndim(r) == 0 else r


def lif_rate(current, **neuron_parameters):
    """Closed-form steady-state firing rate [Hz] for a constant current [nA].

    ``1 / ISI`` with ``ISI = t_ref + tau_m * ln((V_inf - v_reset) /
    (V_inf - v_threshold))``, ``V_inf = v_rest + R I``; 0 when ``V_inf <=
    v_threshold``.  Accepts a scalar or an array of currents and the same
    keyword parameters as :class:`LIFNeuron`.
    """
    p = _closed_form_params(neuron_parameters)
    I = V.as_float_array(current, "current", "nA")
    v_inf = p["v_rest"] + p["resistance"] * I
    fires = v_inf > p["v_threshold"]
    with np.errstate(divide="ignore", invalid="ignore"):
        isi = p["t_ref"] + p["tau_m"] * np.log(
            (v_inf - p["v_reset"]) / (v_inf - p["v_threshold"]))
        rate = np.where(fires, U.hz_from_period(isi), 0.0)
    return float(rate) if np.ndim(rate) == 0 else rate
