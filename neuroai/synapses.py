"""Synapses: exponential conductance and current synapses, short-term plasticity.

Models
------
:class:`Synapse`
    The course's conductance synapse: ``g`` [nS] jumps by ``g_max`` at each
    presynaptic spike and decays with ``tau_syn``; the current into the
    postsynaptic cell is ``I = 1e-3 * g * (e_syn - v)`` [nA].  (nS x mV = pA,
    so the factor 1e-3 gives nA; the course's notebook leaves it out, which
    makes its currents 1000 times too large in nA.)
:class:`CurrentSynapse`
    Current-based exponential synapse: ``I`` [nA] jumps by ``weight`` and
    decays with ``tau_syn``, independent of the membrane potential.
:class:`DepressingSynapse`, :class:`FacilitatingSynapse`
    The course's synapses with short-term plasticity, with its stateful
    methods ``receive_spike()``, ``step(dt)``, ``get_current(v_post)`` and
    ``reset_state()``.
:class:`TsodyksMarkram`
    The Tsodyks-Markram model with the semantics of NEST's
    ``tsodyks2_synapse``, updated only at spikes (exact between them).

Every synapse has ``response(spikes, duration, dt)``, which runs the whole
spike train in one C call and returns a :class:`SynapseResponse` with the
traces on the time grid and the efficacy of each spike.

Time grid (all synapses but :class:`TsodyksMarkram`)
-----------------------------------------------------
Step ``i`` covers ``[t_i, t_i + dt)`` with ``t_i = i * dt``.  A spike at time
``t`` belongs to step ``floor(t/dt + 1e-6)`` (the tiny guard puts ``0.3`` ms
with ``dt = 0.1`` on step 3, although ``0.3/0.1 = 2.9999999999999996``) and is
applied at the **start** of that step, at ``t_i``, as the course's simulation
loop does: ``receive_spike()``, then the current is read, then ``step(dt)``.
So ``trace[i]`` is the value at ``t_i`` just after that step's spikes.  Between
grid points:

``method="exact"``
    the exact exponential propagators for every variable;
``method="euler"``
    forward Euler for every variable (``g += -g * dt/tau_syn``, ...);
``method="course"``
    the public course's scheme, bit for bit with its ``step(dt)``: the
    conductance decays exactly (``g *= exp(-dt/tau_syn)``) and the
    plasticity variables recover by forward Euler (``x += (1 - x) *
    dt/tau_rec``, ``u += (u_base - u) * dt/tau_facil``).  For
    :class:`Synapse` (no plasticity variable) it is the same as ``"exact"``.

:class:`TsodyksMarkram` is event-driven: spikes act at their exact times, and
its ``x``/``u`` traces sample the exact state at ``t_i``, including spikes at
``t <= t_i``.

Units: time ms, conductance nS, current nA, voltage mV, rates Hz.
"""
from __future__ import annotations

import math

import numpy as np

from . import _core
from . import _progress
from . import _units as U
from . import _validate as V
from .results import Result, State
from .spikes import SpikeTrains
from .stimuli import GRID_GUARD

__all__ = ["Synapse", "CurrentSynapse", "DepressingSynapse", "FacilitatingSynapse",
           "TsodyksMarkram", "SynapseResponse", "SynapseState"]

_METHODS = {"exact": _core.METHOD_EXACT, "euler": _core.METHOD_EULER,
            "course": _core.METHOD_COURSE}


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------

def _method(method):
    return V.choice(method, "method", tuple(_METHODS))


def _refuse_step_indicator(times, name):
    """Raise if spike ``times`` [ms] hold only 0s and 1s with repeats: that is
    a per-step spike indicator, which read as times would be spikes at 0 and
    1 ms."""
    if (times.size >= 3 and np.all((times == 0.0) | (times == 1.0))
            and not np.all(np.diff(times) > 0)):
        raise ValueError(
            f"{name} holds only 0s and 1s with repeats: that is a per-step spike indicator, "
            f"not spike times [ms]. Pass the spike times in ms (np.flatnonzero({name}) * dt)"
            f" or, where a method takes one, a boolean array with one entry per step")


class _Spikes:
    """Spikes given to ``response``/``efficacies``, normalised."""

    __slots__ = ("trains", "times", "index", "n", "single", "has_window")

    def __init__(self, spikes, name="spikes"):
        self.has_window = isinstance(spikes, SpikeTrains)
        if isinstance(spikes, SpikeTrains):
            self.trains = spikes
            self.single = spikes.n == 1
        else:
            if isinstance(spikes, (list, tuple)) and spikes and all(
                    np.ndim(s) == 1 for s in spikes):
                raise TypeError(
                    f"{name} must be a SpikeTrains or a 1-D array of spike times "
                    f"[ms]; for several trains use SpikeTrains.from_list(...)")
            if np.asarray(spikes).dtype == np.bool_:
                raise TypeError(
                    f"{name} is a boolean array (one entry per time step?); this method takes "
                    f"spike times [ms]: pass np.flatnonzero({name}) * dt")
            t = V.as_float_array(spikes, name, "ms", ndim=1)
            _refuse_step_indicator(t, name)
            V.all_nonnegative(t, name, "ms")
            if t.size > 1 and np.any(np.diff(t) < 0):
                k = int(np.argmax(np.diff(t) < 0))
                raise ValueError(
                    f"{name} [ms] must be sorted (non-decreasing); got {float(t[k])!r} "
                    f"before {float(t[k + 1])!r} at index {k}")
            self.trains = SpikeTrains(t, n=1)
            self.single = True
        self.times = np.ascontiguousarray(self.trains.times, dtype=np.float64)
        self.index = np.ascontiguousarray(self.trains.indices, dtype=np.int64)
        self.n = self.trains.n

    def record(self, record):
        """Indices of the trains whose traces to keep, int64."""
        return V.record_indices(record, self.n, "record", "train")


def _run_steps(sp, duration, dt, state, kind, method):
    """Validate the run window; return (dt, step0, n_steps, duration)."""
    dt = V.positive(dt, "dt", "ms")
    step0 = 0
    if state is not None:
        if not isinstance(state, SynapseState):
            raise TypeError(
                f"state must be a SynapseState (a response's final_state), got {state!r}")
        if state.kind != kind:
            raise ValueError(
                f"state comes from a {state.kind} synapse, not a {kind} synapse")
        V.same_run(state, dt, method)
        if state.n != sp.n:
            raise ValueError(
                f"state holds {state.n} synapses but spikes has {sp.n} trains")
        step0 = state.steps_done
    t0 = step0 * dt
    if duration is None:
        if not sp.has_window:
            raise ValueError(
                "duration [ms] is required when spikes is an array of times "
                "(a SpikeTrains carries its own duration)")
        if not sp.trains.duration > t0:
            raise ValueError(
                "duration [ms] is required (the spikes carry no window that "
                f"extends beyond the start time {t0!r} ms)")
        duration = sp.trains.duration - t0
    duration = V.positive(duration, "duration", "ms")
    n_steps = V.n_steps(duration, dt)
    return dt, step0, n_steps, duration


def _shape(trace, single, rec):
    """A recorded trace as the result holds it: None when nothing was
    recorded, 1-D for one train recorded by default, else (T, n_rec)."""
    if rec.size == 0:
        return None
    return trace[:, 0] if single else trace


def _grid_cut(times, dt):
    """``first_after(s)``: the first of the sorted spike ``times`` [ms] whose
    grid step (``floor(t/dt + guard)``, the kernels' rule) is >= step s."""
    steps = []

    def first_after(s):
        if not steps:
            steps.append(np.floor(times / dt + GRID_GUARD))
        return int(np.searchsorted(steps[0], s, side="left"))
    return first_after


class _Grid:
    """The time axis ``(step0 + arange(n_steps)) * dt`` [ms] of a response,
    made only when read: a run with nothing recorded may have more steps
    than memory holds."""

    __slots__ = ("step0", "n_steps", "dt")

    def __init__(self, step0, n_steps, dt):
        self.step0, self.n_steps, self.dt = step0, n_steps, dt

    def __getstate__(self):
        return (self.step0, self.n_steps, self.dt)

    def __setstate__(self, state):
        self.step0, self.n_steps, self.dt = state

    def array(self):
        return (self.step0 + np.arange(self.n_steps)) * self.dt


#: A response of at least this many updates (synapses x steps, or trace
#: samples for Tsodyks-Markram) may show its progress; it then runs in parts
#: of about _PART_UPDATES updates (10-100 ms each), each continuing from the
#: state the previous one left, which gives the result of one call bit for
#: bit.  A part costs about 20 us besides its work: under 0.1% of the run.
_PROGRESS_MIN_UPDATES = 10 ** 8
_PART_UPDATES = 2 * 10 ** 7


def _in_parts(progress, desc, step0, n_steps, width, first_after, call, state, n_spikes,
              n_rec):
    """Run a response by ``call`` in one go, or in parts with a progress bar.

    ``call(state, k0, k1, s0, length)`` runs steps ``s0 .. s0 + length - 1``
    with spikes ``k0 .. k1 - 1`` from ``state`` (a tuple of arrays) and
    returns ``(state, efficacy, traces)``; ``first_after(s)`` is the first
    spike not in the steps before absolute step ``s``; ``width`` the updates
    of one step.  Returns what one call over the whole run returns.
    """
    progress = _progress.check(progress)
    if n_steps < 2 or progress is False or (
            progress is None and n_steps * width < _PROGRESS_MIN_UPDATES):
        return call(state, 0, n_spikes, step0, n_steps)
    length = max(1, _PART_UPDATES // max(width, 1))
    # the whole outputs first: a run beyond memory is a MemoryError at once
    efficacy = np.empty(n_spikes)
    traces = None
    k0, s0, end = 0, step0, step0 + n_steps
    with _progress.Tracker(progress, n_steps, desc, "steps") as tracker:
        while s0 < end:
            s1 = min(end, s0 + length)
            k1 = n_spikes if s1 == end else first_after(s1)
            state, eff, part = call(state, k0, k1, s0, s1 - s0)
            if traces is None:
                traces = [np.empty((n_steps, n_rec)) for _ in part]
            for whole, piece in zip(traces, part):
                whole[s0 - step0:s1 - step0] = piece
            if eff is not None:
                efficacy[k0:k1] = eff
            tracker.advance(s1 - s0)
            k0, s0 = k1, s1
    return state, efficacy, traces


# ---------------------------------------------------------------------------
# results and states
# ---------------------------------------------------------------------------

class SynapseState(State):
    """Where a ``response`` run stopped, to continue with ``state=`` (a
    :class:`~neuroai.results.State`).

    Attributes
    ----------
    kind : str
        The synapse class it belongs to.
    steps_done : int
        Steps done since t = 0; the next run starts at ``steps_done * dt`` [ms].
    dt : float
        Time step [ms].
    method : str
        Integration method.
    n : int
        Number of synapses (one per train).
    arrays : dict of str to ndarray
        The state variables (read-only), each of shape (n,) and each also an
        attribute: ``g`` [nS], ``i`` [nA], ``x``, ``u`` [1], ``t_last`` [ms],
        ``has_spiked``, as the synapse has them.
    """

    __slots__ = ("kind",)

    def __init__(self, kind, steps_done, dt, method, arrays):
        super().__init__(steps_done, dt, method, arrays)
        self.kind = kind

    @property
    def n(self):
        """Number of synapses (one per train)."""
        return int(next(iter(self.arrays.values())).shape[0])

    def __repr__(self):
        return (f"SynapseState({self.kind}, n={self.n}, t={self.t:g} ms, "
                f"{', '.join(self.arrays)})")


class SynapseResponse(Result):
    """Response of a synapse to spike trains on a time grid (a
    :class:`~neuroai.results.Result`; a synapse emits no spikes, so its
    ``spike_times`` and ``rates`` are those of ``input_spikes``).

    Attributes
    ----------
    t : ndarray, shape (T,)
        Grid times [ms], ``t[i] = (step0 + i) * dt``, made when first read
        (a long run with nothing recorded does not hold it).
    g : ndarray, shape (T,) or (T, n_rec), or None
        Conductance [nS] at ``t[i]`` after the spikes of step i
        (conductance synapses).  One column per recorded train; 1-D for a
        single train.
    i : ndarray, shape (T,) or (T, n_rec), or None
        Synaptic current [nA] (:class:`CurrentSynapse` only).
    x : ndarray, shape (T,) or (T, n_rec), or None
        Available resources [1] (depressing synapses, Tsodyks-Markram).
    u : ndarray, shape (T,) or (T, n_rec), or None
        Utilisation / release fraction [1] (facilitating, Tsodyks-Markram).
    efficacy : ndarray, shape (k,)
        Fraction of ``g_max`` (or of the weight) delivered by each spike, in
        the order of ``input_spikes.times``: ``u*x`` (depressing,
        Tsodyks-Markram), ``u`` (facilitating), 1 (plain synapses).
    input_spikes : SpikeTrains
        The presynaptic spikes that drove the synapse.
    recorded : ndarray of int64
        Indices of the trains whose traces are kept.
    dt, duration : float
        Time step and run length [ms].
    method : str
        ``"exact"``, ``"euler"`` or ``"course"`` (``"event"`` for
        Tsodyks-Markram).
    final_state : SynapseState
        Pass as ``state=`` to continue the run.
    synapse : object
        The synapse that produced it.
    """

    _plot_function = "plot_synapse_response"   # traces and the efficacy per spike
    _counted = "input_spikes"                   # a synapse emits no spikes

    def __init__(self, synapse, t, input_spikes, efficacy, dt, duration, method,
                 final_state, recorded, g=None, i=None, x=None, u=None):
        self.synapse = synapse
        self._t = t
        self.g = g
        self.i = i
        self.x = x
        self.u = u
        self.efficacy = efficacy
        self.input_spikes = input_spikes
        self.dt = dt
        self.duration = duration
        self.method = method
        self.final_state = final_state
        self.recorded = recorded

    @property
    def t(self):
        """Time [ms] of each trace sample, ``t[i] = (step0 + i) * dt``."""
        t = self.__dict__.get("_t", self.__dict__.get("t"))
        if isinstance(t, _Grid):
            t = self._t = t.array()
        return t

    @t.setter
    def t(self, value):
        self._t = value

    def get_current(self, v_post):
        """Synaptic current [nA] at postsynaptic potential ``v_post`` [mV].

        ``1e-3 * g * (e_syn - v_post)`` for conductance synapses (``v_post``
        a scalar or an array broadcasting against ``g``), ``i`` for a
        current synapse.
        """
        if self.i is not None:
            return self.i
        if self.g is None:
            raise ValueError(
                "this response has no conductance trace (a Tsodyks-Markram synapse "
                "has none: scale a synapse by its efficacy; other synapses need "
                "record=True or the trains' indices)")
        v = V.as_float_array(v_post, "v_post", "mV")
        return U.cond_current(self.g, self.synapse.e_syn, v)

    def __repr__(self):
        have = [k for k in ("g", "i", "x", "u") if getattr(self, k) is not None]
        return (f"SynapseResponse({type(self.synapse).__name__}, {len(self.input_spikes)} "
                f"spikes, {self.duration:g} ms at dt={self.dt:g} ms, traces: "
                f"{', '.join(have) or 'none'})")


# ---------------------------------------------------------------------------
# exponential synapses
# ---------------------------------------------------------------------------

class _Exponential:
    """Shared machinery of the grid-based synapses."""

    _kind = ""

    @staticmethod
    def _relax(value, target, tau, dt, method):
        # Same arithmetic as the C kernels, so a Python loop of step(dt)
        # reproduces response() bit for bit: plasticity variables relax
        # exactly, or by Euler ("euler" and the course's "course").
        if method == "exact":
            return target + (value - target) * math.exp(-dt / tau)
        return value + (target - value) * (dt / tau)

    @staticmethod
    def _decay_g(g, tau, dt, method):
        # the conductance decays by Euler only for "euler"; "course" decays
        # it exactly, as the course's g *= np.exp(-dt / tau_syn)
        if method == "euler":
            return g + (-g) * (dt / tau)
        return g * math.exp(-dt / tau)

    def response(self, spikes, duration=None, dt=0.1, state=None, record=True,
                 progress=None):
        """Conductance or current trace evoked by spike trains, one synapse per train.

        Parameters
        ----------
        spikes : SpikeTrains or array_like of float
            Presynaptic spikes; a 1-D array is one train of sorted times [ms].
        duration : float, optional
            Run length [ms], a whole number of steps; defaults to the
            SpikeTrains' ``duration`` (minus the start time when continuing).
        dt : float, default 0.1
            Time step [ms].
        state : SynapseState, optional
            A previous response's ``final_state``: the run continues from it
            (spike times are absolute, in ``[state.t, state.t + duration)``).
        record : bool, None, int or array_like of int, default True
            Trains whose traces to keep: True all, None or False none (the
            traces are then None), an int or distinct ints those trains.
        progress : None, True or False
            A progress bar over the steps (``tqdm.auto`` if installed, else a
            text line): None shows it once the run is seen to take more than
            about 2 s, True always, False never.  The result does not depend
            on it.

        Returns
        -------
        SynapseResponse
            ``g`` [nS] (conductance synapses) or ``i`` [nA] (current
            synapses) of shape (T,) for one train, (T, n_rec) otherwise.

        Raises
        ------
        MemoryError
            At once, when the recorded traces (T x recorded trains, 8 B
            each) do not fit in memory.
        """
        sp = _Spikes(spikes)
        dt, step0, n_steps, duration = _run_steps(sp, duration, dt, state, self._kind,
                                               self.method)
        V.spikes_in_window(sp.times, dt, step0, n_steps, GRID_GUARD)
        rec = sp.record(record)
        y0 = np.zeros(sp.n) if state is None else state.arrays[self._var]
        rows = dict(tau_syn=self.tau_syn, weight=self._weight())
        params = [rows[k] for k in _core.EXPSYN_PARAMS]

        def call(st, k0, k1, s0, length):
            y, trace = _core.synapse_run(
                y=st[0], times=sp.times[k0:k1], index=sp.index[k0:k1], rec=rec, dt=dt,
                step0=s0, n_steps=length, method=_METHODS[self.method], params=params)
            return (y,), None, (trace,)

        (y,), _, (trace,) = _in_parts(
            progress, f"{type(self).__name__}.response", step0, n_steps, sp.n,
            _grid_cut(sp.times, dt), call, (y0,), sp.times.shape[0], rec.size)
        single = sp.single and record is True
        final = SynapseState(self._kind, step0 + n_steps, dt, self.method, {self._var: y})
        traces = {self._var: _shape(trace, single, rec)}
        return SynapseResponse(self, _Grid(step0, n_steps, dt), sp.trains,
                               np.ones(sp.times.shape[0]), dt, duration, self.method,
                               final, rec, **traces)



class Synapse(_Exponential):
    """Conductance-based synapse with exponential decay (the course's).

    At each presynaptic spike ``g += g_max``; between spikes
    ``dg/dt = -g / tau_syn``.  The current into the cell is
    ``1e-3 * g * (e_syn - v_post)`` [nA] (nS x mV = pA; the course's notebook
    omits the 1e-3).

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance added per spike [nS], >= 0.
    tau_syn : float, default 5.0
        Decay time constant [ms], > 0.
    e_syn : float, default 0.0
        Reversal potential [mV] (0 excitatory, about -70 to -80 inhibitory).
    method : {"exact", "euler", "course"}, default "exact"
        Decay between grid points: exact exponential ``g *= exp(-dt/tau_syn)``
        (which is also the course's ``Synapse.step``, so ``"course"`` is the
        same) or forward Euler ``g += -g * (dt / tau_syn)``.

    Attributes
    ----------
    g : float
        Current conductance [nS] of the stateful object (``receive_spike``,
        ``step``); ``response`` does not touch it.

    Examples
    --------
    >>> syn = Synapse(g_max=2.0)
    >>> syn.receive_spike(); syn.get_current(-70.0)   # 1e-3 * 2 * 70 nA
    0.14
    """

    _kind = "Synapse"

    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0, method="exact"):
        self.g_max = V.nonnegative(g_max, "g_max", "nS")
        self.tau_syn = V.positive(tau_syn, "tau_syn", "ms")
        self.e_syn = V.scalar(e_syn, "e_syn", "mV")
        self.method = _method(method)
        self.reset_state()

    def reset_state(self):
        """Back to rest: ``g = 0``."""
        self.g = 0.0

    def receive_spike(self):
        """A presynaptic spike: ``g += g_max``."""
        self.g += self.g_max

    def step(self, dt):
        """Let ``g`` decay for ``dt`` [ms] (exact, or Euler for ``method="euler"``)."""
        dt = V.positive(dt, "dt", "ms")
        self.g = self._decay_g(self.g, self.tau_syn, dt, self.method)

    def get_current(self, v_post):
        """Synaptic current [nA] at postsynaptic potential ``v_post`` [mV]:
        ``1e-3 * g * (e_syn - v_post)``."""
        v = V.scalar(v_post, "v_post", "mV")
        return U.cond_current(self.g, self.e_syn, v)

    def _weight(self):
        return self.g_max

    _var = "g"

    def __repr__(self):
        return (f"{type(self).__name__}(g_max={self.g_max!r}, tau_syn={self.tau_syn!r}, "
                f"e_syn={self.e_syn!r}, method={self.method!r})")


class CurrentSynapse(_Exponential):
    """Current-based synapse with exponential decay.

    At each presynaptic spike ``i += weight``; between spikes
    ``di/dt = -i / tau_syn``.  The current does not depend on the membrane
    potential, which makes the synapse-plus-LIF system linear (used by
    networks, and to compare with :class:`Synapse`).

    Parameters
    ----------
    weight : float
        Current added per spike [nA]; negative for inhibition.
    tau_syn : float, default 5.0
        Decay time constant [ms], > 0.
    method : {"exact", "euler", "course"}, default "exact"
        Decay between grid points (``"course"``: exact, as ``"exact"``).

    Attributes
    ----------
    i : float
        Current [nA] of the stateful object.
    """

    _kind = "CurrentSynapse"
    _var = "i"

    def __init__(self, weight, tau_syn=5.0, method="exact"):
        self.weight = V.scalar(weight, "weight", "nA")
        self.tau_syn = V.positive(tau_syn, "tau_syn", "ms")
        self.method = _method(method)
        self.reset_state()

    def reset_state(self):
        """Back to rest: ``i = 0``."""
        self.i = 0.0

    def receive_spike(self):
        """A presynaptic spike: ``i += weight``."""
        self.i += self.weight

    def step(self, dt):
        """Let ``i`` decay for ``dt`` [ms]."""
        dt = V.positive(dt, "dt", "ms")
        self.i = self._decay_g(self.i, self.tau_syn, dt, self.method)

    def get_current(self, v_post=None):
        """The synaptic current [nA] (``v_post`` is ignored)."""
        return self.i

    def _weight(self):
        return self.weight

    def __repr__(self):
        return (f"CurrentSynapse(weight={self.weight!r}, tau_syn={self.tau_syn!r}, "
                f"method={self.method!r})")


# ---------------------------------------------------------------------------
# the course's short-term plasticity
# ---------------------------------------------------------------------------

class _CourseSTP(Synapse):
    """Shared ``response`` of the course's depressing and facilitating synapses."""

    _course_kind = _core.COURSE_DEP
    _svar = "x"

    def response(self, spikes, duration=None, dt=0.1, state=None, record=True,
                 progress=None):
        """Conductance and plasticity traces evoked by spike trains.

        Parameters (and the MemoryError) are those of
        :meth:`Synapse.response`.  The result holds
        ``g`` [nS], ``x`` (depressing) or ``u`` (facilitating) [1] at each
        ``t[i]`` after the spikes of step i, and ``efficacy``, the fraction
        of ``g_max`` each spike delivered.
        """
        sp = _Spikes(spikes)
        dt, step0, n_steps, duration = _run_steps(sp, duration, dt, state, self._kind,
                                               self.method)
        V.spikes_in_window(sp.times, dt, step0, n_steps, GRID_GUARD)
        rec = sp.record(record)
        if state is None:
            g0, s0 = np.zeros(sp.n), self._s0(sp.n)
        else:
            g0, s0 = state.arrays["g"], state.arrays[self._svar]
        params = self._params()

        def call(st, k0, k1, s0, length):
            g, s, eff, gtr, strace = _core.stp_course_run(
                kind=self._course_kind, g=st[0], s=st[1], times=sp.times[k0:k1],
                index=sp.index[k0:k1], rec=rec, dt=dt, step0=s0, n_steps=length,
                method=_METHODS[self.method], params=params)
            return (g, s), eff, (gtr, strace)

        (g, s), eff, (gtr, strace) = _in_parts(
            progress, f"{type(self).__name__}.response", step0, n_steps, sp.n,
            _grid_cut(sp.times, dt), call, (g0, s0), sp.times.shape[0], rec.size)
        single = sp.single and record is True
        final = SynapseState(self._kind, step0 + n_steps, dt, self.method,
                             {"g": g, self._svar: s})
        traces = {"g": _shape(gtr, single, rec), self._svar: _shape(strace, single, rec)}
        return SynapseResponse(self, _Grid(step0, n_steps, dt), sp.trains, eff,
                               dt, duration, self.method, final, rec, **traces)


class DepressingSynapse(_CourseSTP):
    """The course's depressing synapse: a conductance scaled by resources ``x``.

    At a presynaptic spike ``released = u * x``, then ``x -= released`` and
    ``g += g_max * released``.  Between spikes ``x`` recovers to 1 with
    ``tau_rec`` and ``g`` decays with ``tau_syn``.

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance per unit of released resource [nS], >= 0.
    tau_syn : float, default 5.0
        Conductance decay [ms], > 0.
    tau_rec : float, default 200.0
        Resource recovery time constant [ms], > 0.
    u : float, default 0.5
        Fraction of the available resources released per spike [1], in (0, 1].
    e_syn : float, default 0.0
        Reversal potential [mV].
    method : {"exact", "euler", "course"}, default "exact"
        Between grid points: ``"exact"`` ``x <- 1 - (1 - x) exp(-dt/tau_rec)``
        and ``g <- g exp(-dt/tau_syn)``; ``"euler"`` ``x += (1 - x) * (dt /
        tau_rec)`` and ``g += -g * (dt / tau_syn)``; ``"course"`` the course's
        ``step(dt)`` bit for bit: ``g *= exp(-dt/tau_syn)`` (exact) and
        ``x += (1 - x) * (dt / tau_rec)`` (Euler).

    Attributes
    ----------
    g : float
        Conductance [nS] of the stateful object.
    x : float
        Available resources [1], 1 at rest.

    Examples
    --------
    >>> syn = DepressingSynapse()
    >>> syn.receive_spike(); syn.x, syn.g
    (0.5, 0.5)
    """

    _kind = "DepressingSynapse"

    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0,
                 method="exact"):
        self.tau_rec = V.positive(tau_rec, "tau_rec", "ms")
        self.u = V.fraction(u, "u")
        super().__init__(g_max, tau_syn, e_syn, method)

    def reset_state(self):
        """Back to rest: ``g = 0``, ``x = 1``."""
        self.g = 0.0
        self.x = 1.0

    def receive_spike(self):
        """A presynaptic spike: release ``u * x`` of the resources into ``g``."""
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt):
        """Advance ``g`` and ``x`` by ``dt`` [ms] without spikes."""
        dt = V.positive(dt, "dt", "ms")
        self.g = self._decay_g(self.g, self.tau_syn, dt, self.method)
        self.x = self._relax(self.x, 1.0, self.tau_rec, dt, self.method)

    def _params(self):
        return [getattr(self, k) for k in _core.DEP_PARAMS]

    def _s0(self, n):
        return np.ones(n)

    def __repr__(self):
        return (f"DepressingSynapse(g_max={self.g_max!r}, tau_syn={self.tau_syn!r}, "
                f"tau_rec={self.tau_rec!r}, u={self.u!r}, e_syn={self.e_syn!r}, "
                f"method={self.method!r})")


class FacilitatingSynapse(_CourseSTP):
    """The course's facilitating synapse: release fraction ``u`` grows with use.

    At a presynaptic spike ``g += g_max * u`` and then
    ``u += u_step * (u_max - u)`` (the order of the course's doctest: the
    spike uses ``u`` before it grows).  Between spikes ``u`` relaxes to
    ``u_base`` with ``tau_facil`` and ``g`` decays with ``tau_syn``.

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance per unit ``u`` [nS], >= 0.
    tau_syn : float, default 5.0
        Conductance decay [ms], > 0.
    tau_facil : float, default 100.0
        Facilitation decay [ms], > 0.
    u_base : float, default 0.1
        Resting release fraction [1], in (0, 1].
    u_max : float, default 0.8
        Ceiling of ``u`` [1], in [u_base, 1].
    u_step : float, default 0.3
        Fraction of the gap ``u_max - u`` closed per spike [1], in [0, 1].
    e_syn : float, default 0.0
        Reversal potential [mV].
    method : {"exact", "euler", "course"}, default "exact"
        Between grid points: ``"exact"`` ``u <- u_base + (u - u_base)
        exp(-dt/tau_facil)`` and ``g <- g exp(-dt/tau_syn)``; ``"euler"``
        ``u += (u_base - u) * (dt / tau_facil)`` and ``g += -g * (dt /
        tau_syn)``; ``"course"`` the course's mix, ``g`` exact and ``u`` by
        Euler.

    Attributes
    ----------
    g : float
        Conductance [nS] of the stateful object.
    u : float
        Release fraction [1], ``u_base`` at rest.

    Examples
    --------
    >>> syn = FacilitatingSynapse()
    >>> syn.receive_spike(); round(syn.g, 6), round(syn.u, 6)
    (0.1, 0.31)
    """

    _kind = "FacilitatingSynapse"
    _course_kind = _core.COURSE_FAC
    _svar = "u"

    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1,
                 u_max=0.8, u_step=0.3, e_syn=0.0, method="exact"):
        self.tau_facil = V.positive(tau_facil, "tau_facil", "ms")
        self.u_base = V.fraction(u_base, "u_base")
        self.u_max = V.fraction(u_max, "u_max")
        if not self.u_max >= self.u_base:
            raise ValueError(
                f"u_max [1] must be >= u_base = {self.u_base!r}, got {self.u_max!r}")
        self.u_step = V.fraction(u_step, "u_step", low_open=False)
        super().__init__(g_max, tau_syn, e_syn, method)

    def reset_state(self):
        """Back to rest: ``g = 0``, ``u = u_base``."""
        self.g = 0.0
        self.u = self.u_base

    def receive_spike(self):
        """A presynaptic spike: ``g += g_max * u``, then ``u`` facilitates."""
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt):
        """Advance ``g`` and ``u`` by ``dt`` [ms] without spikes."""
        dt = V.positive(dt, "dt", "ms")
        self.g = self._decay_g(self.g, self.tau_syn, dt, self.method)
        self.u = self._relax(self.u, self.u_base, self.tau_facil, dt, self.method)

    def _params(self):
        return [getattr(self, k) for k in _core.FAC_PARAMS]

    def _s0(self, n):
        return np.full(n, self.u_base)

    def __repr__(self):
        return (f"FacilitatingSynapse(g_max={self.g_max!r}, tau_syn={self.tau_syn!r}, "
                f"tau_facil={self.tau_facil!r}, u_base={self.u_base!r}, "
                f"u_max={self.u_max!r}, u_step={self.u_step!r}, e_syn={self.e_syn!r}, "
                f"method={self.method!r})")


# ---------------------------------------------------------------------------
# Tsodyks-Markram (NEST tsodyks2_synapse)
# ---------------------------------------------------------------------------

class TsodyksMarkram:
    """Tsodyks-Markram short-term plasticity, NEST ``tsodyks2_synapse`` semantics.

    State: resources ``x`` and utilisation ``u``, kept as their values just
    before the last release.  The first spike finds ``x = 1``, ``u = U``.
    Each later spike, ``h`` ms after the previous one, first sets::

        x <- 1 + (x - x*u - 1) * exp(-h / tau_rec)
        u <- U + u * (1 - U) * exp(-h / tau_fac)      (u = U if tau_fac == 0)

    and then releases the fraction ``u * x`` of the resources: the spike's
    efficacy, which scales the synaptic weight.  State changes only at
    spikes; between them ``x`` relaxes to 1 and ``u`` to ``U`` exactly.

    Parameters
    ----------
    U : float
        Utilisation increment [1], in (0, 1].
    tau_rec : float
        Recovery (depression) time constant [ms], > 0.
    tau_fac : float, default 0.0
        Facilitation time constant [ms], >= 0; 0 means no facilitation.

    Notes
    -----
    Tsodyks & Markram (1997) PNAS 94:719; Fuhrmann et al. (2002)
    J Neurophysiol 87:140; Maass & Markram (2002) Neural Netw 15:155, eqs. 4-5.
    The update-then-release order is that of NEST's ``tsodyks2_synapse``
    since NEST 3.9 (commit b907e0d, Dec 2024: ``send()`` advances ``x`` and
    ``u`` with the preceding interval, then sends ``x*u``), and of NEST 2.x;
    NEST 3.10 delivers the same efficacies as this class (to 1e-14 on 225
    random connections).  NEST 3.0-3.8 sent ``x*u`` before advancing, which
    differs for irregular trains.  Two parameter sets used throughout the
    tests: depressing ``U=0.5, tau_rec=800, tau_fac=0`` (NEST's defaults) and
    facilitating ``U=0.03, tau_rec=130, tau_fac=530``.

    Examples
    --------
    >>> tm = TsodyksMarkram(U=0.5, tau_rec=800.0)
    >>> tm.efficacies([0.0, 50.0, 100.0]).round(4)
    array([0.5   , 0.2651, 0.1548])
    """

    _kind = "TsodyksMarkram"

    def __init__(self, U, tau_rec, tau_fac=0.0):
        self.U = V.fraction(U, "U")
        self.tau_rec = V.positive(tau_rec, "tau_rec", "ms")
        self.tau_fac = V.nonnegative(tau_fac, "tau_fac", "ms")

    def _run(self, sp, state, rec, step0, n_steps, dt, progress=False):
        n = sp.n
        if state is None:
            x0, u0 = np.ones(n), np.full(n, self.U)
            tl0, hs0 = np.full(n, -np.inf), np.zeros(n, np.uint8)
        else:
            a = state.arrays
            x0, u0, tl0, hs0 = a["x"], a["u"], a["t_last"], a["has_spiked"]
        params = [getattr(self, k) for k in _core.TM_PARAMS]

        def call(st, k0, k1, s0, length):
            x, u, tl, hs, eff, xtr, utr = _core.stp_tm_run(
                x=st[0], u=st[1], t_last=st[2], has_spiked=st[3], times=sp.times[k0:k1],
                index=sp.index[k0:k1], rec=rec, step0=s0, n_steps=length, dt=dt,
                params=params)
            return (x, u, tl, hs), eff, (xtr, utr)

        def first_after(s):
            # event-driven: a part takes the spikes before the next part's
            # first grid time, which the next part's first sample includes
            return int(np.searchsorted(sp.times, float(s) * dt, side="left"))

        # without traces the grid costs nothing: only the spikes take time
        (x, u, tl, hs), eff, (xtr, utr) = _in_parts(
            progress if rec.size else False, "TsodyksMarkram.response", step0, n_steps,
            rec.size, first_after, call, (x0, u0, tl0, hs0), sp.times.shape[0], rec.size)
        return x, u, tl, hs, eff, xtr, utr

    def efficacies(self, spike_times):
        """Released fraction ``u*x`` [1] at each spike.

        Parameters
        ----------
        spike_times : array_like of float or SpikeTrains
            Sorted spike times [ms] of one train, or several trains (one
            independent synapse per train).

        Returns
        -------
        ndarray of float64, shape (k,)
            Efficacy of each spike, in the order of the given times (of
            ``spikes.times`` for a SpikeTrains).
        """
        sp = _Spikes(spike_times, "spike_times")
        out = self._run(sp, None, np.zeros(0, np.int64), 0, 0, 1.0)
        return out[4]

    def steady_state(self, rate):
        """Steady-state efficacy ``u* x*`` [1] for a regular train at ``rate`` [Hz].

        With ``h = 1000/rate``, ``d = exp(-h/tau_rec)``, ``f = exp(-h/tau_fac)``
        (0 without facilitation): ``u* = U / (1 - (1 - U) f)`` and
        ``x* = (1 - d) / (1 - (1 - u*) d)``, the fixed point of the update.
        """
        rate = V.positive(rate, "rate", "Hz")
        h = U.period_ms(rate)
        d = math.exp(-h / self.tau_rec)
        f = math.exp(-h / self.tau_fac) if self.tau_fac > 0 else 0.0
        u = self.U / (1.0 - (1.0 - self.U) * f)
        x = (1.0 - d) / (1.0 - (1.0 - u) * d)
        return u * x

    def response(self, spikes, duration=None, dt=0.1, state=None, record=True,
                 progress=None):
        """Efficacies and the exact ``x``, ``u`` traces for spike trains.

        Parameters
        ----------
        spikes : SpikeTrains or array_like of float
            Presynaptic spikes; one independent synapse per train.
        duration : float, optional
            Length of the sampled window [ms], a whole number of steps;
            defaults to the SpikeTrains' ``duration``.
        dt : float, default 0.1
            Sampling step of the traces [ms] (the dynamics are exact and do
            not depend on it).
        state : SynapseState, optional
            A previous response's ``final_state``, to continue.
        record : bool, None, int or array_like of int, default True
            Trains whose traces to keep: True all, None or False none (the
            traces are then None), an int or distinct ints those trains.
        progress : None, True or False
            A progress bar over the steps of a run with traces (as for
            :meth:`Synapse.response`); the result does not depend on it.

        Returns
        -------
        SynapseResponse
            ``x``, ``u`` [1] at ``t[i]`` (after spikes at times <= t[i]),
            ``efficacy`` per spike; ``g`` is None.

        Raises
        ------
        MemoryError
            At once, when the traces (T x recorded trains, 8 B each, two of
            them) do not fit in memory.
        """
        sp = _Spikes(spikes)
        dt, step0, n_steps, duration = _run_steps(sp, duration, dt, state, self._kind,
                                               "event")
        V.spikes_in_window(sp.times, dt, step0, n_steps)      # exact times, no grid
        rec = sp.record(record)
        x, u, tl, hs, eff, xtr, utr = self._run(sp, state, rec, step0, n_steps, dt,
                                                _progress.check(progress))
        single = sp.single and record is True
        final = SynapseState(self._kind, step0 + n_steps, dt, "event",
                             {"x": x, "u": u, "t_last": tl, "has_spiked": hs})
        return SynapseResponse(self, _Grid(step0, n_steps, dt), sp.trains, eff,
                               dt, duration, "event", final, rec, x=_shape(xtr, single, rec),
                               u=_shape(utr, single, rec))

    def __repr__(self):
        return (f"TsodyksMarkram(U={self.U!r}, tau_rec={self.tau_rec!r}, "
                f"tau_fac={self.tau_fac!r})")
