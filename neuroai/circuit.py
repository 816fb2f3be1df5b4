"""Recurrent circuits: populations of LIF neurons, input sources and projections.

:class:`Circuit`
    A network of populations of LIF neurons (each current- or conductance-
    based, with several receptor types), spike-train and Poisson sources,
    and projections between them with delays and optional short-term
    plasticity.  One grid (``dt``), one integration method and one seed per
    circuit; a run is one C call (``neuroai._core.circuit_run``).

Model (the equations and the step order are in ``csrc/nai_circuit.h``)
-----------------------------------------------------------------------
Each neuron obeys ``tau_m dV/dt = -(V - v_rest) + R (I_syn + i_ext)``.  A
population has receptors, each a variable per neuron that decays with its
own ``tau_syn``: for current synapses ``I_syn`` is the sum of the receptor
currents [nA] (weights in nA; ``R * w`` is the PSP jump scale in mV), for
conductance synapses ``I_syn = sum_r 1e-3 g_r (e_rev_r - V)`` [nA] (weights
in nS, >= 0; the sign comes from the receptor's reversal potential).

Per step ``i`` (it covers ``[t_i, t_i + dt)``): (1) the ring-buffer slot of
step ``i`` is added to every receptor variable (spikes sent ``d`` steps
earlier with delay ``d``), then the step's source spikes are sent (trains in
time order, then Poisson units; with delay 0 they act at once); (2) traces
are sampled (``V`` at ``t_i``, receptor variables after (1)); (3) ``V``
advances and every receptor decays; (4) a neuron with ``V >= v_threshold``
at the end of the step spikes, stamped ``t_i``, is reset to ``v_reset`` and
held there for ``round(t_ref / dt)`` steps; its spike goes into slot
``i + d`` of its targets.  A spike stamped ``t_i`` with delay ``d``
therefore acts from ``t_i + d dt`` on.  A spike of a spike source at time
``t`` belongs to step ``floor(t/dt + 1e-6)``.

``method="exact"``: current receptors by the exact propagator of Rotter &
Diesmann (1999), NEST's ``iaf_psc_exp``, one per receptor, ``tau_syn ==
tau_m`` included; conductances by their exact step means and an exact
relaxation of ``V`` for those frozen conductances (error O(dt^2)).
``method="euler"``: plain forward Euler.

Order of additions: each receptor variable receives its inputs in a fixed
order (the ring slot's sum in the order sent, then the step's source spikes
with delay 0), the same for any chunking and thread count.

Short-term plasticity: ``connect(..., stp=...)`` (Tsodyks-Markram, or the
course's depression) per projection; ``run(..., record_stp=...)`` records
its resources ``x`` and utilisation ``u`` per connection
(``result.stp_trace``).

Long-term plasticity: ``connect(..., plasticity=neuroai.STDP(...))`` (pair
STDP of NEST's ``stdp_synapse`` / ``stdp_nn_symm_synapse``, optionally with
synaptic scaling) or ``plasticity=neuroai.RewardSTDP(...)`` (NEST's
``stdp_dopamine_synapse``, the neuromodulator a spike source's unit) makes a
projection's weights state: ``run(..., record_weights=...)`` records them,
``result.weights`` holds them at the end, and a run continued from
``result.state`` continues from them (``neuroai/plasticity.py`` has the
rules, ``csrc/nai_circuit.h`` the order within a step).  The projection's
delay (one per projection, >= dt) is the rule's dendritic delay.

Poisson sources: each source draws, in every step, a Poisson number of
spikes with mean ``rate * dt / 1000`` (as NEST's ``poisson_generator``), a
function of (the circuit's seed, the source population, the unit, the step)
only, so the spikes do not depend on how a run is cut or on threads.

Matching NEST and Brian2
------------------------
- NEST (``iaf_psc_exp``, ``spike_generator``, ``static_synapse``): where the
  models coincide (current synapses, exact method) the membrane potentials
  agree to rounding (checked with NEST 3.10 at dt = 0.1 ms: 1e-13 mV).
  NEST stamps a neuron's spike at the END of the step in which V crossed,
  ``t_i + dt``, ours at its start ``t_i``; both act from stamp + delay, so a
  NEST delay of ``D`` ms between neurons is a delay of ``D + dt`` here (NEST's
  smallest, one step, is two steps here), and NEST's spike times are ours
  plus ``dt``.  A spike generator's spike at ``t`` with delay ``D`` acts from
  ``t + D`` in both (the same delay).  ``t_ref`` holds ``round(t_ref/dt)``
  steps in both.
- Brian2 (``threshold``, ``reset``, ``refractory``, ``on_pre``): spike times
  are the step starts, as ours; an ``on_pre`` with delay ``D`` acts from
  stamp + ``D`` + dt (delay 0: from the next step), from a neuron or a
  ``SpikeGeneratorGroup`` alike, so Brian2's delay ``D`` is ``D + dt`` here.
  Brian2 holds refractoriness one step less than ``round(refractory/dt)``
  (the neuron integrates again from the step at stamp + refractory), so
  Brian2's ``refractory = t_ref + dt`` matches ``t_ref`` here.  With both
  mappings the potentials agree to rounding (checked with Brian2 2.9,
  ``method="exact"``, at dt = 0.1 ms: 1e-12 mV).

Units: time ms, voltage mV, current nA, resistance MOhm, conductance nS,
rates Hz.
"""
from __future__ import annotations

import numbers
import types

import numpy as np

from . import _core
from . import _progress
from . import _units as U
from . import _validate as V
from .lif import LIFNeuron
from .plasticity import STDP, RewardSTDP
from .results import Result, State
from .spikes import SpikeTrains, as_trains
from .stimuli import GRID_GUARD

__all__ = ["Circuit", "CircuitResult", "CircuitState", "Population", "Source",
           "Projection"]

_METHODS = {"exact": _core.METHOD_EXACT, "euler": _core.METHOD_EULER}
_SYNAPSES = {"current": _core.CIRC_CURRENT, "conductance": _core.CIRC_CONDUCTANCE}
_DEFAULT_RECEPTORS = {"exc": 5.0, "inh": 10.0}
_DEFAULT_E_REV = {"exc": 0.0, "inh": -80.0}
_M64 = (1 << 64) - 1


def _mix64(z):
    """SplitMix64's finaliser on a Python int (mod 2**64)."""
    z &= _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _derived_seed(seed, ordinal, purpose):
    """A non-negative int seed for projection ``ordinal`` (0: its
    connections, 1: its weights), from the circuit's seed only."""
    h = _mix64(seed ^ 0x9E3779B97F4A7C15)
    h = _mix64(h ^ ((ordinal * 0xD1B54A32D192ED03) & _M64))
    return _mix64(h ^ purpose) >> 1


class Population:
    """A population of LIF neurons in a :class:`Circuit` (made by
    :meth:`Circuit.population`; do not build one directly).

    Attributes
    ----------
    name : str
    n : int
        Number of neurons.
    synapse : {"current", "conductance"}
    receptors : tuple of str
        Receptor names, in order.
    tau_syn : dict of str to ndarray (n,)
        Decay [ms] of each receptor, per neuron.
    e_rev : dict of str to float or None
        Reversal potential [mV] of each receptor (conductance synapses).
    params : dict of str to ndarray (n,)
        tau_m [ms], v_rest, v_reset, v_threshold [mV], resistance [MOhm],
        t_ref [ms], i_ext [nA], per neuron.
    v_init : ndarray (n,)
        Initial potential [mV].
    """

    def __init__(self, circuit, index, start, name, n, synapse, tau_syn, e_rev, params,
                 v_init):
        self.circuit = circuit
        self.index = index
        self.start = start
        self.name = name
        self.n = n
        self.synapse = synapse
        self.receptors = tuple(tau_syn)
        self.tau_syn = tau_syn
        self.e_rev = e_rev
        self.params = params
        self.v_init = v_init
        # read-only: a circuit keeps its tables until it changes shape
        for arr in (*params.values(), *tau_syn.values(), v_init):
            arr.flags.writeable = False

    def __len__(self):
        return self.n

    def __repr__(self):
        return (f"Population({self.name!r}, n={self.n}, synapse={self.synapse!r}, "
                f"receptors={self.receptors})")


class Source:
    """An input population of a :class:`Circuit` (made by
    :meth:`Circuit.poisson` or :meth:`Circuit.spike_source`).

    Attributes
    ----------
    name : str
    n : int
        Number of units (trains).
    kind : {"poisson", "spikes"}
    rate : ndarray (n,) or None
        Poisson rate [Hz] of each unit.
    trains : SpikeTrains or None
        The given spikes (spike sources).
    """

    def __init__(self, circuit, index, start, name, n, kind, rate=None, trains=None):
        self.circuit = circuit
        self.index = index
        self.start = start
        self.name = name
        self.n = n
        self.kind = kind
        self.rate = rate
        self.trains = trains
        if rate is not None:
            rate.flags.writeable = False

    def __len__(self):
        return self.n

    def __repr__(self):
        return f"Source({self.name!r}, n={self.n}, kind={self.kind!r})"


class Projection:
    """Connections from a population or source onto one receptor of a
    population (made by :meth:`Circuit.connect`).

    Attributes
    ----------
    name : str
    pre : Population or Source
    post : Population
    receptor : str
    indptr, indices : ndarray of int64
        CSR connectivity, rows = pre (local index), indices = post (local).
    weights : ndarray of float64
        Per connection [nA] (current) or [nS] (conductance), CSR order.
    delay_steps : ndarray of int64
        Delay of each connection [steps], CSR order.
    stp : str or None
        "tsodyks_markram", "depressing" or None.
    plasticity : STDP or None
        The long-term plasticity rule; ``weights`` are then the initial
        weights (a run's ``weights`` and state hold the current ones).
    """

    def __init__(self, name, pre, post, receptor, indptr, indices, weights, delay_steps,
                 stp_kind, stp_table, plasticity=None):
        self.name = name
        self.pre = pre
        self.post = post
        self.receptor = receptor
        self.indptr = indptr
        self.indices = indices
        self.weights = weights
        self.delay_steps = delay_steps
        self._stp_kind = stp_kind
        self._stp_table = stp_table
        self.plasticity = plasticity
        for a in (indptr, indices, weights, delay_steps, stp_table):
            a.flags.writeable = False

    @property
    def stp(self):
        return {_core.CIRC_STP_NONE: None, _core.CIRC_STP_TM: "tsodyks_markram",
                _core.CIRC_STP_DEP: "depressing"}[self._stp_kind]

    @property
    def n_connections(self):
        """Number of connections."""
        return int(self.indices.shape[0])

    def __repr__(self):
        return (f"Projection({self.name!r}, {self.pre.name!r} -> {self.post.name!r} "
                f"onto {self.receptor!r}, connections={self.n_connections})")


class CircuitState(State):
    """Where a circuit run stopped, to continue with ``run(..., state=...)``
    (a :class:`~neuroai.results.State`; every array read-only).

    Attributes
    ----------
    steps_done : int
        The next grid step (the run continues at ``steps_done * dt`` ms).
    v : ndarray (n,)
        Membrane potentials [mV], populations one after the other.
    syn : ndarray (n_syn,)
        Receptor variables [nA or nS], population by population, receptor
        by receptor within one (:meth:`receptor` reads one).
    ref_left : ndarray of int64 (n,)
        Refractory steps still to hold.
    pending : ndarray (max_delay + 1, n_syn)
        Delayed input not yet delivered: row ``s % (max_delay + 1)`` arrives
        at step ``s``.
    stp : ndarray (3, n_conn) or (3, 0)
        Short-term plasticity state of every connection, rows x, u and
        t_last [ms] (-inf before a connection's first spike).
    stdp : ndarray (3, n_conn) or (3, 0)
        With a plastic projection: rows weight [nA | nS] (of the plastic
        connections; the others hold their fixed weight; a RewardSTDP
        weight as of its last update), and for RewardSTDP the eligibility
        [1] and the time [ms] of its last update; every connection in the
        circuit's order (projection by projection, CSR).
    post_trace : ndarray (5, m)
        The postsynaptic traces of each plastic projection's post neurons
        (projection by projection): last arrival [ms], trace after and
        just before it, and for RewardSTDP the neuromodulator
        concentration [1/ms] after its last spike and that spike's time.
    post_spikes : ndarray of int64 (F, n)
        Post spikes on their way to the plastic synapses (F the largest
        plastic delay [steps]): step k of neuron j's spike at row k % F.
    pre_trace : ndarray (2, m)
        The presynaptic trace of each plastic projection's pre units
        (projection by projection; it is the same for all connections of a
        unit): last pre spike [ms] (-inf before the first) and the trace
        [1] just after it.
    """

    __slots__ = ("_layout",)

    def __init__(self, steps_done, dt, method, layout, v, syn, ref_left, pending, stp,
                 stdp=None, post_trace=None, post_spikes=None, pre_trace=None):
        n = v.shape[0]
        super().__init__(steps_done, dt, method,
                         {"v": v, "syn": syn, "ref_left": ref_left, "pending": pending,
                          "stp": stp,
                          "stdp": np.zeros((3, 0)) if stdp is None else stdp,
                          "post_trace": np.zeros((5, 0)) if post_trace is None else post_trace,
                          "post_spikes": (np.zeros((0, n), np.int64) if post_spikes is None
                                          else post_spikes),
                          "pre_trace": np.zeros((2, 0)) if pre_trace is None else pre_trace})
        self._layout = layout

    def weights(self, projection):
        """The stored weights [nA | nS] of a plastic projection (by name),
        CSR order, shape (n_connections,) (a RewardSTDP weight as of its
        connection's last update; a result's ``weights`` are at its end)."""
        try:
            lo, hi = self._layout["plastic"][projection]
        except KeyError:
            raise ValueError(f"{projection!r} is not a plastic projection of this state's "
                             f"circuit (plastic: {list(self._layout['plastic'])})") from None
        return self.stdp[0, lo:hi]

    def receptor(self, population, receptor):
        """The receptor variables [nA or nS] of one receptor of a population
        (by name), shape (n,)."""
        offsets = self._layout["blocks"]
        try:
            lo, hi = offsets[(population, receptor)]
        except KeyError:
            raise ValueError(f"no receptor {receptor!r} of population {population!r} "
                             f"in this state") from None
        return self.syn[lo:hi]

    def __repr__(self):
        return f"CircuitState(t={self.t:g} ms, neurons={self.v.shape[0]})"


class CircuitResult(Result):
    """The outcome of :meth:`Circuit.run` (a :class:`~neuroai.results.Result`).

    Attributes
    ----------
    spikes : dict of str to SpikeTrains
        Spikes of each population (times [ms], index local to it; window
        ``[0, t_end)``); empty trains with ``record_spikes=False``.
    population_rate : dict of str to ndarray, or None
        Rate [Hz] of each population in bins of ``rate_bin`` ms (the last
        bin may be shorter), when ``rate_bin`` was given.
    rate_t : ndarray or None
        Start time [ms] of each rate bin.
    v : dict of str to ndarray (T, n_recorded)
        Membrane potential [mV] of the recorded neurons at ``t_trace``.
    syn : dict of str to dict of str to ndarray (T, n_recorded)
        Receptor variables [nA or nS] of the recorded neurons, after the
        step's input.
    recorded : dict of str to ndarray of int64
        The recorded neurons of each population (local indices).
    t_trace : ndarray (T,)
        Times [ms] of the trace rows.
    t, dt, duration : the traces' times [ms], the step and the run's length
    weights : dict of str to ndarray (n_connections,)
        The final weights [nA | nS] of each plastic projection (CSR order).
    weight_trace : dict of str to ndarray (T, n_recorded)
        The recorded weights of plastic projections at ``t_trace`` (after the
        step's post arrivals and pre spikes), from ``record_weights``.
    weight_recorded : dict of str to ndarray of int64
        The recorded connections of each projection (CSR order).
    stp_trace : dict of str to {"x": ndarray (T, n_recorded), "u": ...}
        The short-term plasticity state of the connections recorded with
        ``record_stp``, at ``t_trace`` (after the step's releases).
    stp_recorded : dict of str to ndarray of int64
        Those connections of each projection (CSR order).
    state, final_state : CircuitState
        Where the run stopped.
    """

    # a result sent back from a worker (neuroai.sweep) need not carry the
    # circuit's connectivity (8 MB for CUBA-4k); unpickled, circuit is None
    _not_pickled = ("circuit",)

    def __init__(self, circuit, dt, duration, t0, spikes, population_rate, rate_t, v, syn,
                 recorded, t_trace, state, record_spikes):
        self.circuit = circuit
        self.dt = dt
        self.duration = duration
        self.t0 = t0
        self.spikes = spikes
        self.population_rate = population_rate
        self.rate_t = rate_t
        self.v = v
        self.syn = syn
        self.recorded = recorded
        self.t_trace = t_trace
        self.t = t_trace
        self.state = state
        self.final_state = state
        self._record_spikes = record_spikes
        self.weights = {}
        self.weight_trace = {}
        self.weight_recorded = {}
        self.stp_trace = {}
        self.stp_recorded = {}

    def rates(self, population):
        """Mean rate [Hz] of each neuron of a population (by name) over this run."""
        if not self._record_spikes:
            raise ValueError("rates(population) needs the spikes: run with "
                             "record_spikes=True, or use rate_bin for population rates")
        if population not in self.spikes:
            raise ValueError(f"no population {population!r}; the populations are "
                             f"{sorted(self.spikes)}")
        counts = np.bincount(self.spikes[population].indices,
                             minlength=self.spikes[population].n)
        return U.rate_hz(counts, self.duration)

    def all_spikes(self):
        """The spikes of every population in one SpikeTrains, the populations'
        neurons one after the other (the circuit's neuron order)."""
        trains = list(self.spikes.values())
        starts = np.cumsum([0] + [s.n for s in trains])
        return SpikeTrains(np.concatenate([s.times for s in trains]),
                           np.concatenate([s.indices + o for s, o in zip(trains, starts)]),
                           n=int(starts[-1]), duration=trains[0].duration)

    def plot(self, population=None, **kwargs):
        """Raster and population rate (needs matplotlib) of one population
        (by name) or, by default, of all, one after the other; keyword
        arguments go to :func:`neuroai.plot.plot_raster`."""
        from . import plot          # deferred: matplotlib only when drawing
        if population is None:
            spikes = self.all_spikes()
        elif population in self.spikes:
            spikes = self.spikes[population]
        else:
            raise ValueError(f"no population {population!r}; the populations are "
                             f"{sorted(self.spikes)}")
        return plot.plot_raster(spikes, **kwargs)

    @property
    def spike_times(self):
        """Spike times [ms] of each population: a dict of lists of arrays."""
        return {k: s.to_list() for k, s in self.spikes.items()}

    def __repr__(self):
        n = sum(len(s) for s in self.spikes.values())
        return (f"CircuitResult(populations={len(self.spikes)}, spikes={n}, "
                f"duration={self.duration:g} ms)")


def _name(name, default, taken, what):
    if name is None:
        name = default
    if not isinstance(name, str) or not name:
        raise TypeError(f"{what} name must be a non-empty str, got {name!r}")
    if name in taken:
        raise ValueError(f"{what} name {name!r} is already used in this circuit; "
                         f"give another name=")
    return name


class Circuit:
    """A recurrent network of LIF populations, sources and projections.

    Parameters
    ----------
    dt : float, default 0.1
        Time step [ms] of every run.
    method : {"exact", "euler"}, default "exact"
    seed : int, default 0
        Seed of the Poisson sources and of the connectivity rules (each
        projection derives its own from this seed and its ordinal, so adding
        a projection never changes earlier ones).

    Examples
    --------
    >>> import numpy as np, neuroai
    >>> net = neuroai.Circuit(dt=0.1, seed=1)
    >>> E = net.population(2, name="E", receptors={"exc": 5.0}, v_rest=-65.0)
    >>> ext = net.poisson(10, rate=50.0, name="ext")
    >>> _ = net.connect(ext, E, receptor="exc", weights=np.full((10, 2), 0.5))
    >>> res = net.run(100.0, record_v={"E": True})
    >>> res.v["E"].shape
    (1000, 2)
    """

    def __init__(self, dt=0.1, method="exact", seed=0):
        self.dt = V.positive(dt, "dt", "ms")
        self.method = V.choice(method, "method", tuple(_METHODS))
        self.seed = V.seed(seed)
        self.populations = {}
        self.sources = {}
        self.projections = {}
        self._n = 0
        self._n_src = 0
        self._cache = None      # the C tables, built once per shape of the circuit

    # -- building -----------------------------------------------------------
    def _taken(self):
        return set(self.populations) | set(self.sources)

    def population(self, n, name=None, synapse="current", receptors=None, e_rev=None,
                   tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                   resistance=10.0, t_ref=0.0, i_ext=0.0, v_init=None):
        """Add a population of ``n`` LIF neurons; returns its :class:`Population`.

        Parameters
        ----------
        n : int
            Number of neurons, >= 1.
        name : str, optional
            Default ``"P<k>"``.
        synapse : {"current", "conductance"}, default "current"
        receptors : dict of str to float or array_like (n,), optional
            Receptor name -> tau_syn [ms] > 0 (scalar or per neuron); default
            ``{"exc": 5.0, "inh": 10.0}``.
        e_rev : dict of str to float, optional
            Conductance synapses: reversal potential [mV] of each receptor;
            default ``{"exc": 0.0, "inh": -80.0}`` for receptors of those names.
        tau_m, v_rest, v_reset, v_threshold, resistance, t_ref
            As :class:`~neuroai.LIFNeuron` [ms, mV, mV, mV, MOhm, ms], scalars
            or per neuron; LIFNeuron's defaults.
        i_ext : float or array_like (n,), default 0.0
            Constant external current [nA].
        v_init : float or array_like (n,), optional
            Initial potential [mV]; default ``v_rest``.
        """
        n = V.integer(n, "n (neurons)", minimum=1)
        name = _name(name, f"P{len(self.populations)}", self._taken(), "population")
        synapse = V.choice(synapse, "synapse", tuple(_SYNAPSES))
        lif = LIFNeuron(tau_m, v_rest, v_reset, v_threshold, resistance, t_ref)
        table = lif.param_table(n)
        params = {k: np.array(table[r]) for r, k in enumerate(_core.LIF_PARAMS)}
        params["i_ext"] = np.array(V.per_neuron(i_ext, "i_ext", "nA", n))   # own copies
        if receptors is None:
            receptors = dict(_DEFAULT_RECEPTORS)
        if not isinstance(receptors, dict) or not receptors:
            raise TypeError(f"receptors must be a non-empty dict of receptor name -> "
                            f"tau_syn [ms], got {receptors!r}")
        tau_syn = {}
        for rname, tau in receptors.items():
            if not isinstance(rname, str) or not rname:
                raise TypeError(f"receptor names must be non-empty str, got {rname!r}")
            t = V.per_neuron(tau, f"tau_syn of receptor {rname!r}", "ms", n)
            V.all_positive(t, f"tau_syn of receptor {rname!r}", "ms")
            tau_syn[rname] = np.array(t)
        if synapse == "conductance":
            if e_rev is None:
                missing = [r for r in tau_syn if r not in _DEFAULT_E_REV]
                if missing:
                    raise ValueError(
                        f"population {name!r}: e_rev [mV] is required for conductance "
                        f"receptors {missing} (a dict receptor -> reversal potential)")
                e_rev = {r: _DEFAULT_E_REV[r] for r in tau_syn}
            if not isinstance(e_rev, dict) or set(e_rev) != set(tau_syn):
                raise ValueError(
                    f"population {name!r}: e_rev must be a dict with one reversal "
                    f"potential [mV] per receptor {sorted(tau_syn)}, got {e_rev!r}")
            e_rev = {r: V.scalar(e_rev[r], f"e_rev of receptor {r!r}", "mV") for r in tau_syn}
        elif e_rev is not None:
            raise ValueError(f"population {name!r}: e_rev is for conductance synapses "
                             f"only (synapse='conductance')")
        else:
            e_rev = {r: None for r in tau_syn}
        v0 = params["v_rest"] if v_init is None else V.per_neuron(v_init, "v_init", "mV", n)
        pop = Population(self, len(self.populations), self._n, name, n, synapse, tau_syn,
                         e_rev, params, np.array(v0, dtype=np.float64))
        self.populations[name] = pop
        self._cache = None
        self._n += n
        return pop

    def poisson(self, n, rate, name=None):
        """Add ``n`` Poisson sources of ``rate`` [Hz] (scalar or per source,
        >= 0), drawn in C from the circuit's seed; returns a :class:`Source`."""
        n = V.integer(n, "n (sources)", minimum=1)
        name = _name(name, f"S{len(self.sources)}", self._taken(), "source")
        r = np.array(V.per_neuron(rate, "rate", "Hz", n))
        V.all_nonnegative(r, "rate", "Hz")
        lam_max = float(r.max()) * self.dt / 1000.0
        if not lam_max <= 100.0:
            raise ValueError(f"source {name!r}: rate [Hz] times dt must be at most 100 "
                             f"spikes per step, got {lam_max:g}")
        src = Source(self, len(self.sources), self._n_src, name, n, "poisson", rate=r)
        self.sources[name] = src
        self._cache = None
        self._n_src += n
        return src

    def spike_source(self, spikes, name=None):
        """Add a source that emits given spikes: a SpikeTrains, a list of
        arrays of times [ms] (one per unit) or a pair (times, index); a
        spike at ``t`` acts at step ``floor(t/dt + 1e-6)``.  Returns a
        :class:`Source`."""
        name = _name(name, f"S{len(self.sources)}", self._taken(), "source")
        if isinstance(spikes, tuple) and len(spikes) == 2 and np.ndim(spikes[0]) == 1 \
                and np.ndim(spikes[1]) == 1 and not isinstance(spikes, SpikeTrains):
            trains = SpikeTrains(spikes[0], spikes[1])
        else:
            trains = as_trains(spikes)[0]
        src = Source(self, len(self.sources), self._n_src, name, trains.n, "spikes",
                     trains=trains)
        self.sources[name] = src
        self._cache = None
        self._n_src += trains.n
        return src

    def _resolve(self, x, what, allow_source):
        if isinstance(x, str):
            if x in self.populations:
                return self.populations[x]
            if allow_source and x in self.sources:
                return self.sources[x]
            raise ValueError(f"{what} {x!r} is not a population"
                             f"{' or source' if allow_source else ''} of this circuit")
        if isinstance(x, Population) and x.circuit is self:
            return x
        if allow_source and isinstance(x, Source) and x.circuit is self:
            return x
        raise TypeError(f"{what} must be a population{' or source' if allow_source else ''} "
                        f"of this circuit (or its name), got {x!r}")

    def connect(self, pre, post, receptor, weights=None, rule=None, weight=None, delay=None,
                autapses=True, stp=None, plasticity=None, name=None):
        """Project ``pre`` (population or source) onto receptor ``receptor``
        of population ``post``; returns the :class:`Projection`.

        Parameters
        ----------
        pre : Population, Source or str
        post : Population or str
        receptor : str
            One of ``post.receptors``.
        weights : array_like (n_pre, n_post), scipy.sparse, or (data, indices, indptr)
            Explicit weights [nA | nS]: dense (zeros are no connection),
            sparse, or CSR (rows = pre, indices = post).  Or give ``rule``.
        rule : a connectivity rule of ``neuroai.connectivity``, optional
            With ``weight=``: a number or a distribution of
            ``neuroai.connectivity`` [nA | nS].
        delay : float or array_like, optional
            [ms], whole steps; a scalar, one per connection (CSR order) or a
            dense (n_pre, n_post) array; default ``dt``.  >= dt from a
            population, >= 0 from a source.
        autapses : bool, default True
            With ``pre is post``: False drops (rule) or removes (weights) the
            self-connections.
        stp : None, TsodyksMarkram or dict
            As :class:`~neuroai.SpikingNetwork`'s ``stp``.
        plasticity : STDP or RewardSTDP, optional
            Long-term plasticity (:class:`~neuroai.STDP`,
            :class:`~neuroai.RewardSTDP`): the weights become state, in
            ``[0, w_max]`` (``[w_min, w_max]``).  Needs one delay for the whole
            projection, >= dt (it is the dendritic delay of the rule).
        name : str, optional
            Default ``"<pre>-><post>"``; errors name it.
        """
        pre = self._resolve(pre, "pre", True)
        post = self._resolve(post, "post", False)
        base = f"{pre.name}->{post.name}"
        if name is None:
            name = base
            k = 1
            while name in self.projections:
                k += 1
                name = f"{base}#{k}"
        if not isinstance(name, str) or not name:
            raise TypeError(f"projection name must be a non-empty str, got {name!r}")
        if name in self.projections:
            raise ValueError(f"projection name {name!r} is already used; give another name=")
        where = f"projection {name!r}"
        if not isinstance(receptor, str):
            raise TypeError(f"{where}: receptor must be a receptor name (str), one of "
                            f"{list(post.receptors)}, got {type(receptor).__name__}")
        if receptor not in post.receptors:
            raise ValueError(f"{where}: receptor {receptor!r} is not a receptor of "
                             f"population {post.name!r} (its receptors: {list(post.receptors)})")
        ordinal = len(self.projections)
        n_pre, n_post = pre.n, post.n
        from .network import SpikingNetwork, _per_connection, _weights
        if (weights is None) == (rule is None):
            raise ValueError(f"{where}: give either weights= (explicit) or rule= with "
                             f"weight= (neuroai.connectivity), not {'both' if rule is not None else 'neither'}")
        if rule is not None:
            if weight is None:
                raise ValueError(f"{where}: rule= needs weight= (a number [nA | nS] or a "
                                 f"distribution of neuroai.connectivity)")
            indptr, indices = rule.connections(n_pre, n_post, autapses=bool(autapses) or pre is not post,
                                               seed=_derived_seed(self.seed, ordinal, 0))
            indptr = np.ascontiguousarray(indptr, dtype=np.int64)
            indices = np.ascontiguousarray(indices, dtype=np.int64)
            nc = indices.shape[0]
            if isinstance(weight, numbers.Real):
                data = np.full(nc, float(weight))
            else:
                data = np.ascontiguousarray(weight.sample(nc, seed=_derived_seed(self.seed, ordinal, 1)),
                                            dtype=np.float64)
            rows = np.repeat(np.arange(n_pre, dtype=np.int64), np.diff(indptr))
            positions = (rows, indices)
        else:
            if weight is not None:
                raise ValueError(f"{where}: weight= goes with rule=; with explicit weights "
                                 f"give weights= only")
            try:
                indptr, indices, data, _, _, positions = _weights(weights, n_pre, n_post)
            except (ValueError, TypeError) as e:
                raise type(e)(f"{where}: {e} (weights: rows = the {n_pre} units of "
                              f"{pre.name!r}, columns = the {n_post} neurons of "
                              f"{post.name!r})") from None
            if not autapses and pre is post:
                keep = positions[0] != positions[1]
                if not np.all(keep):
                    rows = positions[0][keep]
                    indices = indices[keep]
                    data = data[keep]
                    indptr = np.zeros(n_pre + 1, dtype=np.int64)
                    np.cumsum(np.bincount(rows, minlength=n_pre), out=indptr[1:])
                    positions = (rows, indices)
        nc = int(indices.shape[0])
        if not np.all(np.isfinite(data)):
            raise ValueError(f"{where}: weights must be finite")
        if post.synapse == "conductance" and nc and data.min() < 0:
            raise ValueError(
                f"{where}: weights [nS] onto conductance receptor {receptor!r} must be "
                f">= 0 (the sign comes from e_rev = {post.e_rev[receptor]:g} mV), got "
                f"{float(data.min())!r}")
        # delays
        from_pop = isinstance(pre, Population)
        d_ms = self.dt if delay is None else delay
        try:
            d = _per_connection(d_ms, "delay", "ms", nc, positions, (n_pre, n_post))
        except (ValueError, TypeError) as e:
            raise type(e)(f"{where}: {e}") from None
        steps = np.rint(d / self.dt) if nc else np.zeros(0)
        if nc and (not np.all(np.isfinite(d)) or np.any(np.abs(d / self.dt - steps)
                                                        > 1e-9 * np.maximum(1.0, steps))):
            bad = d[~np.isclose(d / self.dt, steps, rtol=1e-9, atol=1e-9)][0]
            raise ValueError(f"{where}: delay [ms] must be a whole number of steps dt = "
                             f"{self.dt:g} ms, got {float(bad)!r}")
        dmin = 1 if from_pop else 0
        if nc and steps.min() < dmin:
            raise ValueError(
                f"{where}: delay [ms] must be >= {'dt = %g ms (one step)' % self.dt if from_pop else '0'}"
                f"{' on a projection from a population (a recurrent spike acts from the next step on)' if from_pop else ''}"
                f", got {float(d.min())!r}")
        if nc and steps.max() > _core.CIRC_DELAY_MAX:
            raise ValueError(f"{where}: delay [ms] must be at most "
                             f"{_core.CIRC_DELAY_MAX} steps, got {float(d.max())!r}")
        delay_steps = steps.astype(np.int64)
        # short-term plasticity, by SpikingNetwork's rules
        shim = types.SimpleNamespace(n_connections=nc, n_inputs=n_pre, n_neurons=n_post,
                                     _positions=positions)
        try:
            stp_kind, stp_table = SpikingNetwork._stp_params(shim, stp)
        except (ValueError, TypeError) as e:
            raise type(e)(f"{where}: {e}") from None
        if plasticity is not None:
            self._check_plastic(where, plasticity, post, receptor, data, delay_steps)
        prj = Projection(name, pre, post, receptor, np.ascontiguousarray(indptr, np.int64),
                         np.ascontiguousarray(indices, np.int64),
                         np.array(data, dtype=np.float64), delay_steps, int(stp_kind),
                         np.ascontiguousarray(stp_table, dtype=np.float64), plasticity)
        self.projections[name] = prj
        self._cache = None
        return prj

    def _check_plastic(self, where, rule, post, receptor, data, delay_steps):
        if not isinstance(rule, (STDP, RewardSTDP)):
            raise TypeError(f"{where}: plasticity must be None or a neuroai.STDP or "
                            f"neuroai.RewardSTDP rule, got {rule!r}")
        try:
            rule._row(self.dt, self)
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from None
        lo = rule.w_min if isinstance(rule, RewardSTDP) else 0.0
        unit = "nS" if post.synapse == "conductance" else "nA"
        if data.size and (data.min() < lo or data.max() > rule.w_max):
            bad = data[(data < lo) | (data > rule.w_max)][0]
            raise ValueError(f"{where}: STDP weights [{unit}] must lie in [{lo:g}, w_max = "
                             f"{rule.w_max:g}], got {float(bad)!r}")
        if delay_steps.size and np.any(delay_steps != delay_steps[0]):
            raise ValueError(f"{where}: an STDP projection needs one delay [ms] for all its "
                             f"connections (its dendritic delay), got delays from "
                             f"{delay_steps.min() * self.dt:g} to "
                             f"{delay_steps.max() * self.dt:g} ms")
        if delay_steps.size and delay_steps[0] < 1:
            raise ValueError(f"{where}: an STDP projection needs a delay [ms] >= dt = "
                             f"{self.dt:g} ms (one step: a post spike reaches the synapses "
                             f"from the next step on), got {delay_steps[0] * self.dt:g}")

    # -- the tables the C core takes ------------------------------------------
    def _tables(self):
        """The circuit as the C core's tables (read-only, cached until the
        circuit changes) and its layout."""
        if self._cache is None:
            tables, layout = self._build_tables()
            for a in tables.values():
                a.flags.writeable = False
            self._cache = (tables, layout)
        return self._cache

    def _build_tables(self):
        pops = list(self.populations.values())
        srcs = list(self.sources.values())
        prjs = list(self.projections.values())
        if not pops:
            raise ValueError("the circuit has no population: add one with population()")
        n = self._n
        neurons = np.empty((len(_core.CIRC_PARAMS), n))
        for p in pops:
            for r, k in enumerate(_core.CIRC_PARAMS):
                neurons[r, p.start:p.start + p.n] = p.params[k]
        pop = np.array([[p.start, p.n, _SYNAPSES[p.synapse]] for p in pops], dtype=np.int64)
        blk_pop, e_rev, tau, blocks, off = [], [], [], {}, 0
        blk_index = {}
        for p in pops:
            for r in p.receptors:
                blk_index[(p.name, r)] = len(blk_pop)
                blk_pop.append(p.index)
                e_rev.append(np.full(p.n, 0.0 if p.e_rev[r] is None else p.e_rev[r]))
                tau.append(p.tau_syn[r])
                blocks[(p.name, r)] = (off, off + p.n)
                off += p.n
        src = np.array([[s.start, s.n, _core.CIRC_POISSON if s.kind == "poisson"
                         else _core.CIRC_TRAINS] for s in srcs], dtype=np.int64).reshape(-1, 3)
        rate = (np.concatenate([s.rate if s.kind == "poisson" else np.zeros(s.n)
                                for s in srcs]) if srcs else np.zeros(0))
        rows, ip, ix, w, dl, stp = [], [], [], [], [], []
        any_stp = any(q._stp_kind != _core.CIRC_STP_NONE for q in prjs)
        rules, prj_rule, plastic, conn0, n_post_tr, n_pre_tr, f_len = [], [], {}, 0, 0, 0, 0
        for q in prjs:
            if q.plasticity is not None:
                row = q.plasticity._row(self.dt, self)
                k = next((i for i, r in enumerate(rules) if np.array_equal(r, row)), None)
                if k is None:
                    k = len(rules)
                    rules.append(row)
                prj_rule.append(k)
                plastic[q.name] = (conn0, conn0 + q.n_connections)
                n_post_tr += q.post.n
                n_pre_tr += q.pre.n
                f_len = max(f_len, int(q.delay_steps[0]) if q.delay_steps.size else 1)
            else:
                prj_rule.append(-1)
            conn0 += q.n_connections
        for q in prjs:
            dsteps = q.delay_steps
            one = dsteps.size == 0 or np.all(dsteps == dsteps[0])
            delay_col = int(dsteps[0]) if dsteps.size and one else (
                0 if one else _core.CIRC_DELAY_PER_CONN)
            rows.append([_core.CIRC_PRE_POP if isinstance(q.pre, Population)
                         else _core.CIRC_PRE_SRC, q.pre.index,
                         blk_index[(q.post.name, q.receptor)], delay_col, q._stp_kind])
            ip.append(q.indptr)
            ix.append(q.indices)
            w.append(q.weights)
            dl.append(dsteps)
            if any_stp:
                stp.append(q._stp_table if q._stp_kind != _core.CIRC_STP_NONE
                           else np.ones((3, q.n_connections)))
        cat = (lambda a, dt: np.ascontiguousarray(np.concatenate(a), dtype=dt) if a
               else np.zeros(0, dt))
        max_delay = max((int(q.delay_steps.max()) for q in prjs if q.delay_steps.size),
                        default=0)
        if rules:
            stdp = dict(rules=np.array(rules, dtype=np.float64),
                        prj_rule=np.array(prj_rule, dtype=np.int64))
        else:
            stdp = {}
        return dict(
            **stdp,
            neurons=neurons, pop=pop, blk_pop=np.array(blk_pop, dtype=np.int64),
            e_rev=cat(e_rev, np.float64), tau_syn=cat(tau, np.float64),
            src=src, rate=np.ascontiguousarray(rate, dtype=np.float64),
            prj=np.array(rows, dtype=np.int64).reshape(-1, 5), indptr=cat(ip, np.int64),
            indices=cat(ix, np.int64), weights=cat(w, np.float64), delays=cat(dl, np.int64),
            stp=(np.ascontiguousarray(np.concatenate(stp, axis=1)) if any_stp
                 else np.zeros((3, 0)))), dict(blocks=blocks, ring=max_delay + 1,
                                               n_syn=off, n_stp=sum(q.n_connections for q in prjs)
                                               if any_stp else 0, plastic=plastic,
                                               n_post_tr=n_post_tr, n_pre_tr=n_pre_tr,
                                               fired=f_len)

    def initial_state(self):
        """The state at t = 0: ``V = v_init``, no synaptic input, nothing
        pending, fresh plasticity (x = 1, u = U, no spike yet)."""
        tables, layout = self._tables()
        return self._initial_state(tables, layout)

    def _initial_state(self, tables, layout):
        pops = list(self.populations.values())
        v = np.concatenate([p.v_init for p in pops])
        nst = layout["n_stp"]
        stp = np.empty((3, nst))
        if nst:
            stp[0] = 1.0
            stp[1] = tables["stp"][_core.CIRC_STP_U]
            stp[2] = -np.inf
        if layout["plastic"]:
            w = tables["weights"]
            nc = w.shape[0]
            stdp = np.array([w, np.zeros(nc), np.zeros(nc)])
            m = layout["n_post_tr"]
            post = np.array([np.full(m, -np.inf), np.zeros(m), np.zeros(m), np.zeros(m),
                             np.zeros(m)])
            m = layout["n_pre_tr"]
            pre = np.array([np.full(m, -np.inf), np.zeros(m)])
            fired = np.full((layout["fired"], self._n), -1, np.int64)
        else:
            stdp = post = fired = pre = None
        return CircuitState(0, self.dt, self.method, layout, v, np.zeros(layout["n_syn"]),
                            np.zeros(self._n, np.int64),
                            np.zeros((layout["ring"], layout["n_syn"])), stp, stdp, post,
                            fired, pre)

    # -- running ---------------------------------------------------------------
    def _record(self, record, what):
        """{population name: local indices} from a record_v / record_syn argument."""
        if record is None or record is False:
            return {}
        if record is True:
            return {k: np.arange(p.n, dtype=np.int64) for k, p in self.populations.items()}
        if not isinstance(record, dict):
            raise TypeError(f"{what} must be None, True or a dict population name -> "
                            f"indices | True, got {record!r}")
        out = {}
        for k, sel in record.items():
            if k not in self.populations:
                raise ValueError(f"{what}: {k!r} is not a population of this circuit "
                                 f"(populations: {list(self.populations)})")
            idx = V.record_indices(sel, self.populations[k].n, f"{what}[{k!r}]", "neuron")
            if idx.size:
                out[k] = idx
        return out

    def _record_connections(self, record, what, kind, has):
        """{projection name: local connection indices} from record_weights or
        record_stp (``what``): the projections for which ``has(q)`` holds."""
        if record is None or record is False:
            return {}
        names = [k for k, q in self.projections.items() if has(q)]
        if record is True:
            return {k: np.arange(self.projections[k].n_connections, dtype=np.int64)
                    for k in names}
        if not isinstance(record, dict):
            raise TypeError(f"{what} must be None, True or a dict projection name -> "
                            f"connection indices | True, got {record!r}")
        out = {}
        for k, sel in record.items():
            if k not in names:
                raise ValueError(f"{what}: {k!r} is not a {kind} of this circuit "
                                 f"({kind}s: {names})")
            idx = V.record_indices(sel, self.projections[k].n_connections, f"{what}[{k!r}]",
                                   "connection")
            if idx.size:
                out[k] = idx
        return out

    def run(self, duration, state=None, record_v=None, record_syn=None, record_every=1,
            rate_bin=None, record_spikes=True, n_threads=None, progress=None,
            record_weights=None, record_stp=None):
        """Simulate the circuit for ``duration`` [ms], in one C call.

        Parameters
        ----------
        duration : float
            Length [ms], a whole number of steps.
        state : CircuitState, optional
            A previous result's ``state``: continue from there (k chunked runs
            equal one long run, bit for bit).
        record_v, record_syn : None, True or dict of str to (True | indices)
            Neurons (local indices per population) whose V [mV] / receptor
            variables are recorded, every ``record_every``-th absolute step.
        record_every : int, default 1
        rate_bin : float, optional
            Bin [ms] (whole steps) of the population rates; no spikes need
            to be stored for them.
        record_spikes : bool, default True
            False stores no spikes (``spikes`` are then empty).
        n_threads : int, optional
            Threads (default: 2 for large circuits); results do not depend on it.
        progress : None, True or False
            A progress bar over the steps (``tqdm.auto`` if installed, else a
            text line on stderr): None shows it once the run is estimated to
            take more than about 2 s, True always, False never
            (``neuroai._progress``).  The results do not depend on it.
        record_weights : None, True or dict of str to (True | indices)
            Connections (CSR order within each plastic projection) whose
            weight [nA | nS] is recorded every ``record_every``-th step.
        record_stp : None, True or dict of str to (True | indices)
            Connections (CSR order within each projection with ``stp``)
            whose short-term plasticity state is recorded every
            ``record_every``-th step: resources ``x`` and utilisation ``u``
            as a spike would find them at that step, after the step's
            releases (Tsodyks-Markram: before its release; the course's
            depression: ``x`` and its fixed ``u``).

        Returns
        -------
        CircuitResult
        """
        progress = _progress.check(progress)
        dt = self.dt
        tables, layout = self._tables()
        # the delay buffers, in the state given, the copy C works on and the new state
        V.check_memory(3 * 8 * layout["ring"] * layout["n_syn"], "the circuit's delay buffers",
                       f" ({layout['ring']} slots of the largest delay + 1 x "
                       f"{layout['n_syn']} receptor variables)",
                       hint="use shorter delays, fewer receptors or fewer neurons")
        if state is None:
            state = self._initial_state(tables, layout)
        else:
            if not isinstance(state, CircuitState):
                raise TypeError(f"state must be a CircuitState (a result's state), got {state!r}")
            V.same_run(state, dt, self.method)
            if (state.v.shape[0] != self._n or state.syn.shape[0] != layout["n_syn"]
                    or state.pending.shape[0] != layout["ring"]
                    or state.stp.shape[1] != layout["n_stp"]
                    or state.stdp.shape[1] != (tables["weights"].shape[0]
                                               if layout["plastic"] else 0)
                    or state.post_trace.shape[1] != layout["n_post_tr"]
                    or state.pre_trace.shape[1] != layout["n_pre_tr"]
                    or state.post_spikes.shape[0] != layout["fired"]):
                raise ValueError("state belongs to a circuit of another shape (populations, "
                                 "receptors, largest delay or plasticity changed)")
        duration = V.positive(duration, "duration", "ms")
        n_steps = V.n_steps(duration, dt)
        step0 = state.steps_done
        every = V.integer(record_every, "record_every", minimum=1)
        if rate_bin is None:
            b = 0
        else:
            b = V.n_steps(V.positive(rate_bin, "rate_bin", "ms"), dt)
            if b < 1:
                raise ValueError(f"rate_bin [ms] must be at least dt = {dt:g} ms")
        record_spikes = V.flag(record_spikes, "record_spikes")
        if n_threads is None:
            n_threads = 2 if self._n >= _core.CIRC_THREAD_MIN_NEURONS else 1
        n_threads = V.integer(n_threads, "n_threads", minimum=1)
        rec_v = self._record(record_v, "record_v")
        rec_s = self._record(record_syn, "record_syn")
        pops = self.populations
        rec_n = (np.concatenate([pops[k].start + i for k, i in rec_v.items()])
                 if rec_v else np.zeros(0, np.int64))
        rec_y, y_keys = [], []
        for k, i in rec_s.items():
            for r in pops[k].receptors:
                lo = layout["blocks"][(k, r)][0]
                rec_y.append(lo + i)
                y_keys.append((k, r, i.size))
        rec_y = np.concatenate(rec_y).astype(np.int64) if rec_y else np.zeros(0, np.int64)
        rec_w = self._record_connections(record_weights, "record_weights", "plastic projection",
                                         lambda q: q.plasticity is not None)
        rec_p = self._record_connections(record_stp, "record_stp", "projection with stp",
                                         lambda q: q._stp_kind != _core.CIRC_STP_NONE)
        conn0 = dict(zip(self.projections,
                         np.cumsum([0] + [q.n_connections for q in self.projections.values()])))
        # one list of connections: the weights' first, then the STP states'
        rec_c = [conn0[k] + i for k, i in rec_w.items()] + [conn0[k] + i for k, i in rec_p.items()]
        rec_c = np.concatenate(rec_c).astype(np.int64) if rec_c else np.zeros(0, np.int64)
        # train spikes of this run's steps, all train sources merged
        times, ev = [], []
        for s in self.sources.values():
            if s.kind != "spikes" or len(s.trains) == 0:
                continue
            st = np.floor(s.trains.times / dt + GRID_GUARD)
            keep = (st >= step0) & (st < step0 + n_steps)
            times.append(s.trains.times[keep])
            ev.append(s.start + s.trains.indices[keep])
        if times:
            times = np.concatenate(times)
            ev = np.concatenate(ev).astype(np.int64)
            order = np.lexsort((ev, times))
            times, ev = np.ascontiguousarray(times[order]), np.ascontiguousarray(ev[order])
        else:
            times, ev = np.zeros(0), np.zeros(0, np.int64)
        s = state.arrays
        if layout["plastic"]:
            extra = dict(plast_state=s["stdp"], post_state=s["post_trace"],
                         fired=s["post_spikes"], pre_state=s["pre_trace"])
        else:
            extra = {}
        out = _core.circuit_run(
            method=_METHODS[self.method], dt=dt, step0=step0, n_steps=n_steps,
            seed=self.seed, times=times, ev_src=ev, **tables, v=s["v"], y=s["syn"], ref_left=s["ref_left"],
            ring=s["pending"], stp_state=s["stp"], rec_n=rec_n, rec_y=rec_y,
            rec_c=rec_c, rec_every=every,
            rate_bin=b, record_spikes=int(record_spikes), n_threads=n_threads,
            progress=_progress.steps_callback(progress, n_steps, "Circuit.run"), **extra)
        (v, y, rl, ring, stp, sp_t, sp_n, v_tr, y_tr, x_tr, u_tr, counts, plast, post, fired,
         w_tr, w_end, pre) = out
        if layout["plastic"]:
            final = CircuitState(step0 + n_steps, dt, self.method, layout, v, y, rl, ring, stp,
                                 plast, post, fired, pre)
        else:
            final = CircuitState(step0 + n_steps, dt, self.method, layout, v, y, rl, ring, stp)
        t0 = step0 * dt
        t_end = (step0 + n_steps) * dt
        spikes = {}
        for k, p in pops.items():
            m = (sp_n >= p.start) & (sp_n < p.start + p.n)
            spikes[k] = SpikeTrains(sp_t[m], sp_n[m] - p.start, n=p.n, duration=t_end)
        steps = step0 + np.arange(n_steps)
        t_trace = (steps[steps % every == 0] if every > 1 else steps) * dt
        vd, col = {}, 0
        for k, i in rec_v.items():
            vd[k] = v_tr[:, col:col + i.size]
            col += i.size
        sd, col = {}, 0
        for k, r, m in y_keys:
            sd.setdefault(k, {})[r] = y_tr[:, col:col + m]
            col += m
        recorded = {k: rec_v.get(k, rec_s.get(k)) for k in set(rec_v) | set(rec_s)}
        pr, rt = None, None
        if b:
            n_bins = counts.shape[0]
            lengths = np.minimum(b, n_steps - b * np.arange(n_bins)) * dt
            rt = t0 + b * dt * np.arange(n_bins)
            pr = {k: counts[:, p.index] / (p.n * lengths) * 1000.0 for k, p in pops.items()}
        res = CircuitResult(self, dt, duration, t0, spikes, pr, rt, vd, sd, recorded,
                            t_trace, final, record_spikes)
        for k, (lo, hi) in layout["plastic"].items():
            res.weights[k] = w_end[lo:hi]
        col = 0
        for k, i in rec_w.items():
            res.weight_trace[k] = w_tr[:, col:col + i.size]
            res.weight_recorded[k] = i
            col += i.size
        for k, i in rec_p.items():
            res.stp_trace[k] = {"x": x_tr[:, col:col + i.size], "u": u_tr[:, col:col + i.size]}
            res.stp_recorded[k] = i
            col += i.size
        return res

    def __repr__(self):
        return (f"Circuit(populations={list(self.populations)}, sources={list(self.sources)}, "
                f"projections={len(self.projections)}, dt={self.dt:g}, method={self.method!r})")

