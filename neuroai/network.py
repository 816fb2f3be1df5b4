"""Networks: LIF neurons driven by spike trains through weighted synapses.

:class:`SpikingNetwork`
    ``n_inputs`` spike trains project onto ``n_neurons`` LIF neurons through a
    weight matrix (dense, or sparse in CSR form), each connection optionally
    with its own short-term plasticity.  The whole run is one C call.
:class:`LIFWithSynapse`
    The course's single LIF neuron driven through one depressing conductance
    synapse, with traces of ``v``, ``g`` and ``x``.

Model (a circuit of one population, one spike source and one projection with
delay 0: the equations and step order are in ``csrc/nai_circuit.h``)
------------------------------------------------------------------
Each neuron has one synaptic variable that sums its inputs and decays with
``tau_syn``: a current ``I_syn`` [nA] (``synapse="current"``, weights in nA)
or a conductance ``g`` [nS] (``synapse="conductance"``, weights in nS,
``I_syn = 1e-3 * g * (e_syn - v)`` nA).  A presynaptic spike adds
``weight * efficacy`` to its target's variable, the efficacy being 1 without
plasticity, or the released fraction of a Tsodyks-Markram synapse (NEST
``tsodyks2_synapse`` semantics, event-driven at the exact spike time) or of
the course's depressing synapse.

Time grid: step ``i`` covers ``[t_i, t_i + dt)``; an input spike at ``t``
acts at the start of step ``floor(t/dt + 1e-6)``.  Per step: input spikes,
traces (``v`` at ``t_i``, synaptic variable and ``x``/``u`` just after the
step's spikes), the membrane update, the threshold test at the end of the
step (spike stamped at ``t_i``, reset, ``round(t_ref/dt)`` steps held at
``v_reset``), then decay and recovery.

``method="exact"``: for current synapses the membrane and synaptic current
form a linear system with a closed-form propagator (Rotter & Diesmann 1999,
Biol Cybern 81:381; NEST ``iaf_psc_exp``), exact for any ``dt``, including
``tau_m == tau_syn``.  For conductance synapses the step uses the exact mean
conductance over the step and integrates ``v`` exactly for that frozen
conductance (exponential Euler, error O(dt^2)).  ``method="euler"`` is
forward Euler for every variable, the course's membrane update (the course
decays conductances exactly: its scheme is ``LIFWithSynapse(method="course")``).

Units: time ms, voltage mV, current nA, resistance MOhm, conductance nS,
rates Hz.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import _progress
from . import _units as U
from . import _validate as V
from .lif import LIFNeuron
from .results import Result, State
from .spikes import SpikeTrains
from .stimuli import GRID_GUARD
from .synapses import TsodyksMarkram, _refuse_step_indicator

__all__ = ["SpikingNetwork", "NetworkResult", "NetworkState", "LIFWithSynapse",
           "LIFWithSynapseResult"]

_METHODS = {"exact": _core.METHOD_EXACT, "euler": _core.METHOD_EULER}
_SYNAPSES = {"current": _core.SYN_CURRENT, "conductance": _core.SYN_CONDUCTANCE}
_STP_NONE, _STP_TM, _STP_DEP = _core.STP_NONE, _core.STP_TM, _core.STP_DEP
_CIRC_SYN = {"current": _core.CIRC_CURRENT, "conductance": _core.CIRC_CONDUCTANCE}


# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------

def _csr_from_dense(w):
    """(indptr, indices, data) of the non-zero entries of a 2-D array, row-major."""
    rows, cols = np.nonzero(w)
    indptr = np.zeros(w.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=w.shape[0]), out=indptr[1:])
    return indptr, cols.astype(np.int64), np.ascontiguousarray(w[rows, cols])


def _weights(weights, n_inputs, n_neurons):
    """Validate ``weights``; return (indptr, indices, data, n_inputs, n_neurons,
    dense_positions) with dense_positions the (row, col) of each connection."""
    if hasattr(weights, "tocsr") and hasattr(weights, "shape"):   # scipy.sparse
        m = weights.tocsr()
        shape = tuple(int(s) for s in m.shape)
        weights = (np.asarray(m.data), np.asarray(m.indices), np.asarray(m.indptr))
        if n_inputs is None:
            n_inputs = shape[0]
        if n_neurons is None:
            n_neurons = shape[1]
        if (n_inputs, n_neurons) != shape:
            raise ValueError(
                f"weights has shape {shape} but n_inputs = {n_inputs}, "
                f"n_neurons = {n_neurons}")
    if isinstance(weights, tuple):
        if len(weights) != 3:
            raise ValueError(
                "weights as a tuple must be the CSR triple (data, indices, indptr), "
                "rows = input trains, columns = neurons")
        data, indices, indptr = weights
        data = V.as_float_array(data, "weights data", "nA or nS", ndim=1)
        indices = np.asarray(indices)
        indptr = np.asarray(indptr)
        for name, a in (("weights indices", indices), ("weights indptr", indptr)):
            if a.ndim != 1 or (a.size and a.dtype.kind not in "iu"):
                raise TypeError(f"{name} must be a 1-D array of integers, got dtype "
                                f"{a.dtype} and shape {a.shape}")
        if n_neurons is None:
            raise ValueError("n_neurons is required with CSR weights (data, indices, indptr)")
        n_neurons = V.integer(n_neurons, "n_neurons", minimum=1)
        if indptr.size < 1:
            raise ValueError("weights indptr must have length n_inputs + 1 >= 1")
        if n_inputs is not None and indptr.size != n_inputs + 1:
            raise ValueError(
                f"weights indptr has length {indptr.size} but there are {n_inputs} "
                f"input trains: it must have length n_inputs + 1 = {n_inputs + 1}")
        n_inputs = indptr.size - 1
        indptr = indptr.astype(np.int64)
        indices = indices.astype(np.int64)
        if indptr[0] != 0 or np.any(np.diff(indptr) < 0):
            raise ValueError(
                "weights indptr must start at 0 and be non-decreasing (monotonic), "
                f"got {indptr[:10].tolist()}{'...' if indptr.size > 10 else ''}")
        if indptr[-1] != data.size or indices.size != data.size:
            raise ValueError(
                f"weights CSR arrays disagree: indptr[-1] = {int(indptr[-1])}, "
                f"{indices.size} indices, {data.size} values (all must be equal)")
        if indices.size and (indices.min() < 0 or indices.max() >= n_neurons):
            bad = int(indices.min()) if indices.min() < 0 else int(indices.max())
            raise ValueError(
                f"weights indices must be neuron numbers in [0, {n_neurons}), got {bad}")
        rows = np.repeat(np.arange(n_inputs, dtype=np.int64), np.diff(indptr))
        return (indptr, indices, np.ascontiguousarray(data), n_inputs, n_neurons,
                (rows, indices))
    w = V.as_float_array(weights, "weights", "nA or nS", ndim=2)
    if n_inputs is not None and w.shape[0] != n_inputs or (
            n_neurons is not None and w.shape[1] != n_neurons):
        raise ValueError(
            f"weights must have shape (n_inputs, n_neurons) = ({n_inputs}, {n_neurons}), "
            f"got {w.shape}")
    if w.shape[0] < 1 or w.shape[1] < 1:
        raise ValueError(f"weights must have at least one input and one neuron, got {w.shape}")
    indptr, indices, data = _csr_from_dense(w)
    rows = np.repeat(np.arange(w.shape[0], dtype=np.int64), np.diff(indptr))
    return indptr, indices, data, w.shape[0], w.shape[1], (rows, indices)


def _per_connection(x, name, unit, n_conn, positions, shape):
    """A scalar, a length-n_conn array (CSR order) or a dense (n_inputs,
    n_neurons) array read at the connections, as a length-n_conn array."""
    a = V.as_float_array(x, name, unit, ndim=(0, 1, 2))
    if a.ndim == 2:
        if a.shape != shape:
            raise ValueError(
                f"{name} [{unit}] as a matrix must have the weights' shape {shape}, "
                f"got {a.shape}")
        return np.ascontiguousarray(a[positions])
    if a.ndim == 1 and a.shape[0] != n_conn:
        raise ValueError(
            f"{name} [{unit}] has {a.shape[0]} values but there are {n_conn} "
            f"connections: give one per connection (CSR order) or a scalar")
    return np.ascontiguousarray(np.broadcast_to(a, (n_conn,)), dtype=np.float64)


# ---------------------------------------------------------------------------
# results and state
# ---------------------------------------------------------------------------

class NetworkState(State):
    """Where a run stopped, to continue with ``run(..., state=...)`` (a
    :class:`~neuroai.results.State`; every array is read-only).

    Attributes
    ----------
    steps_done : int
        Next grid step (the run continues at ``t = steps_done * dt`` ms).
    dt : float
        Step [ms] of the run.
    method : str
        "exact" or "euler".
    v, y : ndarray, shape (n_neurons,)
        Membrane potential [mV] and synaptic variable (nA or nS).
    ref_left : ndarray of int64
        Refractory steps still to hold.
    x, u, t_last, has_spiked : ndarray, shape (n_connections,) or (0,)
        Plasticity state of each connection, only where the model has it:
        ``x`` with any short-term plasticity, ``u``, ``t_last`` and
        ``has_spiked`` with Tsodyks-Markram only; the others are empty.
    """

    __slots__ = ()

    def __init__(self, steps_done, dt, method, v, y, ref_left, x, u, t_last, has_spiked):
        super().__init__(steps_done, dt, method,
                         {"v": v, "y": y, "ref_left": ref_left, "x": x, "u": u,
                          "t_last": t_last, "has_spiked": has_spiked})

    def __repr__(self):
        return f"NetworkState(t={self.t:g} ms, neurons={self.v.shape[0]})"


class NetworkResult(Result):
    """The outcome of :meth:`SpikingNetwork.run` (a :class:`~neuroai.results.Result`).

    Attributes
    ----------
    t : ndarray, shape (T,)
        Grid times [ms] of the traces, ``t[i] = t0 + i*dt`` (only every
        ``record_every``-th step when asked).
    dt, duration : float
        Step and length of this run [ms].
    input_spikes : SpikeTrains
        The presynaptic trains that drove the network.
    spikes : SpikeTrains
        Output spikes of all neurons (``n = n_neurons``, window ``[0, t_end)``).
    v : ndarray, shape (T, n_recorded) or None
        Membrane potential [mV] of the recorded neurons at ``t[i]``.
    i_syn : ndarray, shape (T, n_recorded) or None
        Synaptic current [nA] (current synapses), after the step's spikes.
    g : ndarray, shape (T, n_recorded) or None
        Synaptic conductance [nS] (conductance synapses), after the step's spikes.
    x, u : ndarray, shape (T, n_recorded_connections) or None
        Plasticity state [1] of the recorded connections after the step's
        releases (for the course's depressing synapse ``u`` is constant).
    recorded_neurons, recorded_connections : ndarray of int64
    final_state : NetworkState
    spike_times, rates
        Output spike times [ms] (a list, one array per neuron) and mean
        rates [Hz] over this run.
    """

    _plot_function = "plot_network"    # raster, population rate and the traces

    def __init__(self, network, t, dt, input_spikes, spikes, v, y, x, u, rec_n, rec_c,
                 state, duration):
        self.network = network
        self.t = t
        self.dt = dt
        self.input_spikes = input_spikes
        self.spikes = spikes
        self.v = v
        current = network.synapse == "current"
        self.i_syn = y if current else None
        self.g = None if current else y
        self.x = x
        self.u = u
        self.recorded_neurons = rec_n
        self.recorded_connections = rec_c
        self.final_state = state
        self.duration = duration

    def __repr__(self):
        return (f"NetworkResult(neurons={self.spikes.n}, spikes={len(self.spikes)}, "
                f"duration={self.duration:g} ms)")


# ---------------------------------------------------------------------------
# the network
# ---------------------------------------------------------------------------

class SpikingNetwork:
    """LIF neurons driven by spike trains through a weight matrix.

    Parameters
    ----------
    weights : array_like (n_inputs, n_neurons), scipy.sparse matrix, or tuple
        Synaptic weights, rows = input trains, columns = neurons: a dense
        array (zeros are no connection), any ``scipy.sparse`` matrix, or the
        CSR triple ``(data, indices, indptr)`` (``indices`` = target neurons,
        ``n_neurons`` required).  Units: nA (current synapses) or nS
        (conductance synapses, >= 0).  Never modified.
    neuron : LIFNeuron or dict, optional
        Neuron parameters (scalars, or one value per neuron), as a
        :class:`LIFNeuron` or a dict of its keyword arguments; default the
        course's ``LIFNeuron()``.
    synapse : {"current", "conductance"}, default "current"
    tau_syn : float or array_like (n_neurons,), default 5.0
        Synaptic decay [ms], > 0, per neuron.
    e_syn : float or array_like (n_neurons,), default 0.0
        Reversal potential [mV] (conductance synapses).
    i_ext : float or array_like (n_neurons,), default 0.0
        Constant external current [nA].
    stp : None, TsodyksMarkram, or dict, optional
        Short-term plasticity of every connection: a :class:`TsodyksMarkram`
        (shared parameters); ``dict(model="tsodyks_markram", U=..., tau_rec=...,
        tau_fac=...)`` or ``dict(model="depressing", u=..., tau_rec=...)`` where
        each value is a scalar, one per connection (CSR order) or a dense
        (n_inputs, n_neurons) array read at the connections.
    method : {"exact", "euler"}, default "exact"
    n_inputs, n_neurons : int, optional
        Checked against the weights' shape (``n_neurons`` is required for a
        CSR triple).

    Examples
    --------
    >>> import numpy as np, neuroai
    >>> net = neuroai.SpikingNetwork(np.full((1, 1), 2.0), tau_syn=5.0)
    >>> res = net.run(neuroai.regular(100, 200.0), record_v=True)
    >>> res.v.shape
    (2000, 1)
    """

    def __init__(self, weights, neuron=None, synapse="current", tau_syn=5.0, e_syn=0.0,
                 i_ext=0.0, stp=None, method="exact", n_inputs=None, n_neurons=None):
        if n_inputs is not None:
            n_inputs = V.integer(n_inputs, "n_inputs", minimum=1)
        if n_neurons is not None:
            n_neurons = V.integer(n_neurons, "n_neurons", minimum=1)
        self.synapse = V.choice(synapse, "synapse", tuple(_SYNAPSES))
        self.method = V.choice(method, "method", tuple(_METHODS))
        (self.indptr, self.indices, self.weights, self.n_inputs, self.n_neurons,
         positions) = _weights(weights, n_inputs, n_neurons)
        self._positions = positions
        if self.synapse == "conductance" and self.weights.size and self.weights.min() < 0:
            raise ValueError(
                f"weights [nS] of conductance synapses must be >= 0, got "
                f"{float(self.weights.min())!r}; use e_syn below v_rest for inhibition")
        if neuron is None:
            neuron = LIFNeuron()
        elif isinstance(neuron, dict):
            neuron = LIFNeuron(**neuron)
        if not isinstance(neuron, LIFNeuron):
            raise TypeError(f"neuron must be a LIFNeuron or a dict of its parameters, "
                            f"got {neuron!r}")
        self.neuron = neuron
        n = self.n_neurons
        if neuron.n_params is not None and neuron.n_params != n:
            raise ValueError(
                f"neuron has per-neuron parameters for {neuron.n_params} neurons but the "
                f"weights have {n} columns (one per neuron)")
        self._lif = neuron.param_table(n)
        tau_syn = V.per_neuron(tau_syn, "tau_syn", "ms", n)
        V.all_positive(tau_syn, "tau_syn", "ms")
        self.tau_syn = tau_syn
        self.e_syn = V.per_neuron(e_syn, "e_syn", "mV", n)
        self.i_ext = V.per_neuron(i_ext, "i_ext", "nA", n)
        self._stp_kind, self._stp = self._stp_params(stp)
        self._circuit = self._circuit_tables()
        for a in (self.indptr, self.indices, self.weights):
            a.flags.writeable = False

    def _circuit_tables(self):
        """The network as a circuit (neuroai.circuit, csrc/nai_circuit.h): one
        population with one receptor, one spike-train source and one
        projection with delay 0, so that an input spike acts in its own step
        as this model's order says.  Read-only arrays, built once."""
        n, nc = self.n_neurons, self.n_connections
        rows = dict(zip(_core.LIF_PARAMS, self._lif), i_ext=self.i_ext)
        t = dict(
            neurons=np.ascontiguousarray(np.vstack([rows[k] for k in _core.CIRC_PARAMS])),
            pop=np.array([[0, n, _CIRC_SYN[self.synapse]]], dtype=np.int64),
            blk_pop=np.zeros(1, dtype=np.int64),
            e_rev=np.ascontiguousarray(self.e_syn, dtype=np.float64),
            tau_syn=np.ascontiguousarray(self.tau_syn, dtype=np.float64),
            src=np.array([[0, self.n_inputs, _core.CIRC_TRAINS]], dtype=np.int64),
            rate=np.zeros(self.n_inputs),
            prj=np.array([[_core.CIRC_PRE_SRC, 0, 0, 0, self._stp_kind]], dtype=np.int64),
            indptr=self.indptr, indices=self.indices, weights=self.weights,
            delays=np.zeros(nc, dtype=np.int64),
            stp=self._stp)
        for a in t.values():
            a.flags.writeable = False
        return t

    @property
    def n_connections(self):
        """Number of connections (stored non-zero weights)."""
        return int(self.weights.shape[0])

    def _stp_params(self, stp):
        nc = self.n_connections
        shape = (self.n_inputs, self.n_neurons)
        if stp is None:
            return _STP_NONE, np.zeros((len(_core.CIRC_STP_PARAMS), 0))
        if isinstance(stp, TsodyksMarkram):
            stp = dict(model="tsodyks_markram", U=stp.U, tau_rec=stp.tau_rec,
                       tau_fac=stp.tau_fac)
        if not isinstance(stp, dict):
            raise TypeError(
                "stp must be None, a TsodyksMarkram, or a dict with model="
                f"'tsodyks_markram' or 'depressing', got {stp!r}")
        stp = dict(stp)
        model = V.choice(stp.pop("model", None), "stp['model']",
                         ("tsodyks_markram", "depressing"))
        keys = ("U", "tau_rec", "tau_fac") if model == "tsodyks_markram" else ("u", "tau_rec")
        unknown = set(stp) - set(keys)
        if unknown:
            raise ValueError(f"stp for model {model!r} takes {keys}, got unknown "
                             f"{sorted(unknown)}")
        defaults = {"tau_fac": 0.0, "u": 0.5, "tau_rec": 200.0 if model == "depressing" else None}
        vals = {}
        for k in keys:
            if k not in stp and defaults.get(k) is None:
                raise ValueError(f"stp for model {model!r} needs {k}")
            unit = "ms" if k.startswith("tau") else "1"
            vals[k] = _per_connection(stp.get(k, defaults.get(k)), f"stp {k}", unit, nc,
                                      self._positions, shape)
        key = "U" if model == "tsodyks_markram" else "u"
        V.all_fractions(vals[key], f"stp {key}")
        V.all_positive(vals["tau_rec"], "stp tau_rec", "ms")
        if model == "tsodyks_markram":
            V.all_nonnegative(vals["tau_fac"], "stp tau_fac", "ms", " (0 = no facilitation)")
            rows = dict(u=vals["U"], tau_rec=vals["tau_rec"], tau_fac=vals["tau_fac"])
            return _STP_TM, np.ascontiguousarray(np.vstack([rows[k] for k in _core.CIRC_STP_PARAMS]))
        rows = dict(u=vals["u"], tau_rec=vals["tau_rec"], tau_fac=np.zeros(nc))
        return _STP_DEP, np.ascontiguousarray(np.vstack([rows[k] for k in _core.CIRC_STP_PARAMS]))

    def initial_state(self, dt=0.1, v_init=None):
        """The state at t = 0: ``v = v_rest`` (or ``v_init`` [mV]), no synaptic
        input, full resources."""
        n, nc = self.n_neurons, self.n_connections
        v = np.array(self._lif[_core.LIF_V_REST] if v_init is None
                     else V.per_neuron(v_init, "v_init", "mV", n), dtype=np.float64)
        # a connection keeps only the state its model has (x with any STP;
        # u, t_last and has_spiked with Tsodyks-Markram): unused arrays
        # would cost up to 25 B per connection here and again in every run
        n_x = nc if self._stp_kind != _STP_NONE else 0
        n_tm = nc if self._stp_kind == _STP_TM else 0
        u0 = self._stp[_core.CIRC_STP_U].copy() if n_tm else np.ones(0)
        return NetworkState(0, dt, self.method, v, np.zeros(n), np.zeros(n, np.int64),
                            np.ones(n_x), u0, np.full(n_tm, -np.inf), np.zeros(n_tm, np.uint8))

    def _inputs(self, inputs):
        if isinstance(inputs, SpikeTrains):
            if inputs.n != self.n_inputs:
                raise ValueError(
                    f"inputs has {inputs.n} trains but the weights have {self.n_inputs} "
                    f"rows (one per input train)")
            return inputs
        if self.n_inputs == 1:
            t = V.as_float_array(inputs, "inputs", "ms", ndim=1)
            V.all_nonnegative(t, "inputs", "ms")
            return SpikeTrains(t, n=1)
        raise TypeError(
            f"inputs must be a SpikeTrains with {self.n_inputs} trains "
            f"(e.g. neuroai.poisson(rate, duration, n={self.n_inputs}))")

    def run(self, inputs, duration=None, dt=0.1, record_v=None, record_stp=None,
            record_every=1, state=None, v_init=None, progress=None):
        """Simulate the network driven by ``inputs``, in one C call.

        Parameters
        ----------
        inputs : SpikeTrains
            ``n_inputs`` presynaptic trains (a 1-D array of times [ms] when
            there is one input).  Never modified.
        duration : float, optional
            Length of this run [ms], a whole number of steps; defaults to the
            inputs' window end minus the start time.
        dt : float, default 0.1
            Time step [ms].
        record_v : bool, None, int or array_like of int, default None
            Neurons whose ``v`` and synaptic variable are recorded: True
            all, None or False none, an int or distinct ints those neurons.
        record_stp : bool, None, int or array_like of int, default None
            Connections (CSR order) whose ``x`` and ``u`` are recorded, by
            the same rule.
        record_every : int, default 1
            Keep the traces only at the steps whose absolute index is a
            multiple of this (``t`` then lists those times); spikes are
            always all recorded.
        state : NetworkState, optional
            A previous result's ``final_state``: continue from there (same
            ``dt``); the inputs must then lie in the new window.
        v_init : float or array_like, optional
            Initial potential [mV] (default ``v_rest``); not with ``state``.

        progress : None, True or False
            A progress bar over the steps: None shows it once the run is
            estimated to take more than about 2 s, True always, False never.

        Returns
        -------
        NetworkResult
        """
        dt = V.positive(dt, "dt", "ms")
        sp = self._inputs(inputs)
        if state is None:
            state = self.initial_state(dt, v_init)
        else:
            if not isinstance(state, NetworkState):
                raise TypeError(f"state must be a NetworkState (a result's final_state), "
                                f"got {state!r}")
            if v_init is not None:
                raise ValueError("give either state or v_init, not both")
            V.same_run(state, dt, self.method)
            n_x = self.n_connections if self._stp_kind != _STP_NONE else 0
            n_tm = self.n_connections if self._stp_kind == _STP_TM else 0
            if (state.v.shape[0] != self.n_neurons or state.x.shape[0] != n_x
                    or state.u.shape[0] != n_tm):
                raise ValueError("state belongs to a network of another size or "
                                 "plasticity model")
        step0 = state.steps_done
        t0 = step0 * dt
        if duration is None:
            if not sp.duration > t0:
                raise ValueError("duration [ms] is required (the inputs' window does not "
                                 f"extend beyond the start time {t0:g} ms)")
            if sp.times.size and sp.times.max() >= sp.duration:
                # a SpikeTrains built without a window ends at its last spike
                raise ValueError(
                    f"duration [ms] is required: the inputs' window ends at "
                    f"{sp.duration:g} ms, the time of their last spike, which a run "
                    f"of that length would not include; give duration > "
                    f"{sp.duration - t0:g} ms (or build the inputs with duration=)")
            duration = sp.duration - t0
        duration = V.positive(duration, "duration", "ms")
        n_steps = V.n_steps(duration, dt)
        times = np.ascontiguousarray(sp.times, dtype=np.float64)
        src = np.ascontiguousarray(sp.indices, dtype=np.int64)
        V.spikes_in_window(times, dt, step0, n_steps, GRID_GUARD, "input spike times")
        every = V.integer(record_every, "record_every", minimum=1)
        rec_n = V.record_indices(record_v, self.n_neurons, "record_v", "neuron")
        rec_c = V.record_indices(record_stp, self.n_connections, "record_stp", "connection")
        if rec_c.size and not self._stp_kind:
            raise ValueError("record_stp needs short-term plasticity (stp=...)")
        s = state.arrays                    # read-only, passed to C without a copy
        n, nc = self.n_neurons, self.n_connections
        # the connections' plasticity state as the circuit keeps it: rows x,
        # u and t_last, t_last = -inf until a connection's first spike
        kind = self._stp_kind
        if kind == _STP_NONE:
            stp_state = np.zeros((3, 0))
        elif kind == _STP_TM:
            stp_state = np.array([s["x"], s["u"], np.where(s["has_spiked"] != 0, s["t_last"],
                                                           -np.inf)])
        else:
            stp_state = np.array([s["x"], self._stp[_core.CIRC_STP_U], np.full(nc, -np.inf)])
        empty = np.zeros(0, dtype=np.int64)
        out = _core.circuit_run(
            method=_METHODS[self.method], dt=dt, step0=step0, n_steps=n_steps, seed=0,
            times=times, ev_src=src, **self._circuit, v=s["v"], y=s["y"],
            ref_left=s["ref_left"], ring=np.zeros((1, n)), stp_state=stp_state, rec_n=rec_n,
            rec_y=rec_n, rec_c=rec_c, rec_every=every, rate_bin=0, record_spikes=1,
            n_threads=1, progress=_progress.steps_callback(_progress.check(progress), n_steps,
                                                  "SpikingNetwork.run"))
        v, y, rl, _, stp_out, st, si, vtr, ytr, xtr, utr, _ = out[:12]
        want = (rec_n.size > 0, rec_n.size > 0, rec_c.size > 0, rec_c.size > 0)
        if kind == _STP_NONE:
            x = u = tl = np.ones(0)
            hs = np.zeros(0, np.uint8)
        elif kind == _STP_TM:
            x, u, tl = stp_out[0].copy(), stp_out[1].copy(), stp_out[2].copy()
            hs = (tl > -np.inf).astype(np.uint8)
        else:
            x, u, tl = stp_out[0].copy(), np.ones(0), np.ones(0)
            hs = np.zeros(0, np.uint8)
        final = NetworkState(step0 + n_steps, dt, self.method, v, y, rl, x, u, tl, hs)
        t_end = (step0 + n_steps) * dt
        spikes = SpikeTrains(st, si, n=self.n_neurons, duration=t_end)
        steps = step0 + np.arange(n_steps)
        t = (steps[steps % every == 0] if every > 1 else steps) * dt
        return NetworkResult(self, t, dt, sp, spikes,
                             vtr if want[0] else None, ytr if want[1] else None,
                             xtr if want[2] else None, utr if want[3] else None,
                             rec_n, rec_c, final, duration)

    def __repr__(self):
        return (f"SpikingNetwork(n_inputs={self.n_inputs}, n_neurons={self.n_neurons}, "
                f"connections={self.n_connections}, synapse={self.synapse!r}, "
                f"method={self.method!r})")


# ---------------------------------------------------------------------------
# the course's LIFWithSynapse
# ---------------------------------------------------------------------------

class LIFWithSynapseResult(Result):
    """The outcome of :meth:`LIFWithSynapse.simulate`.

    Attributes
    ----------
    t : ndarray (T,)
        Times [ms], ``t[i] = i*dt``.
    v : ndarray (T,)
        Membrane potential [mV] at ``t[i]`` (before that step's update).
    g : ndarray (T,)
        Synaptic conductance [nS] at ``t[i]``, after the step's input spikes.
    x : ndarray (T,)
        Synaptic resources [1] at ``t[i]``, after the step's releases.
    spikes : SpikeTrains
        Output spikes of the LIF neuron (one train).
    spike_times : ndarray
        Output spike times [ms] of the LIF neuron.
    input_spikes : ndarray
        Presynaptic spike times [ms] (read-only).
    rates : float
        Output rate [Hz] over the run.
    dt, duration : float
        Step and length of the run [ms].
    final_state : NetworkState
        State of the neuron and its synapse at the end.
    neuron : LIFWithSynapse
        The model (for ``v_threshold`` and the other parameters).
    """

    _plot_function = "plot_lif_with_synapse"   # g with input spikes, x, and v

    def __init__(self, model, t, dt, v, g, x, spikes, input_spikes, duration, final_state):
        self.neuron = model
        self.t, self.dt, self.v, self.g, self.x = t, dt, v, g, x
        self.spikes = spikes
        self.input_spikes = input_spikes
        self.duration = duration
        self.final_state = final_state

    @property
    def spike_times(self):
        """Output spike times [ms] of the one neuron, sorted."""
        return np.array(self.spikes.times)

    @property
    def rates(self):
        """Output rate [Hz] of the one neuron over the run."""
        return U.rate_hz(len(self.spikes), self.duration)

    def __repr__(self):
        return (f"LIFWithSynapseResult(duration={self.duration:g} ms, "
                f"inputs={self.input_spikes.shape[0]}, spikes={len(self.spikes)}, "
                f"rate={self.rates:.3g} Hz)")


class LIFWithSynapse:
    """The course's LIF neuron driven through one depressing conductance synapse.

    Per step of ``dt`` (the course's loop): the step's input spikes release
    ``u*x`` of the resources (``x -= u*x``, ``g += g_max*u*x``); the synaptic
    current ``I_syn = 1e-3 * g * (e_syn - v)`` [nA] drives the LIF update; then
    ``g`` decays with ``tau_syn`` and ``x`` recovers with ``tau_rec``.

    ``method="course"`` is the public course's scheme: ``v`` by forward Euler,
    ``g`` decayed exactly (``g *= exp(-dt/tau_syn)``), ``x`` recovered by
    Euler, as the course's ``LIFWithSynapse.step``.  The course writes the
    drive as ``g * (e_syn - v)`` [mV] with no resistance and no unit factor,
    so its model with conductance ``g_c`` is this one with ``g_max = 1000 *
    g_c / resistance`` (100 g_c for 10 MOhm): it then gives the course's spike
    trains.  ``method="euler"`` is forward Euler for every variable;
    ``method="exact"`` relaxes ``g`` and ``x`` exactly and integrates ``v``
    exactly for the step's mean conductance (see the module notes).

    Parameters
    ----------
    tau_m, v_rest, v_reset, v_threshold, resistance, t_ref
        The neuron [ms, mV, mV, mV, MOhm, ms] (course defaults).
    g_max : float, default 1.0
        Conductance per unit of released resources [nS], >= 0.
    tau_syn : float, default 5.0
        Conductance decay [ms], > 0.
    tau_rec : float, default 200.0
        Resource recovery [ms], > 0.
    u : float, default 0.5
        Release fraction [1], in (0, 1].
    e_syn : float, default 0.0
        Reversal potential [mV].
    method : {"exact", "euler", "course"}, default "exact"

    Examples
    --------
    >>> import neuroai
    >>> model = neuroai.LIFWithSynapse(g_max=200.0, tau_rec=20.0)
    >>> res = model.simulate(neuroai.poisson(rate=200, duration=1000, seed=1), 1000)
    >>> res.v.shape, res.g.shape, res.x.shape, res.spike_times.size
    ((10000,), (10000,), (10000,), 29)

    The course's call, a boolean array with one entry per step and ``dt``:

    >>> import numpy as np
    >>> pre = np.random.default_rng(42).random(10000) < 30 * 0.1 / 1000
    >>> res = neuroai.LIFWithSynapse(g_max=800.0, tau_rec=150.0, u=0.4,
    ...                              method="course").simulate(pre, 0.1)
    >>> res.duration
    1000.0
    """

    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                 resistance=10.0, t_ref=0.0, g_max=1.0, tau_syn=5.0, tau_rec=200.0,
                 u=0.5, e_syn=0.0, method="exact"):
        for name, val in (("tau_m", tau_m), ("v_rest", v_rest), ("v_reset", v_reset),
                          ("v_threshold", v_threshold), ("resistance", resistance),
                          ("t_ref", t_ref)):
            if np.ndim(val) != 0:
                raise ValueError(f"{name} must be a scalar for LIFWithSynapse (one neuron)")
        self._neuron = LIFNeuron(tau_m, v_rest, v_reset, v_threshold, resistance, t_ref)
        self.tau_m, self.v_rest, self.v_reset = float(tau_m), float(v_rest), float(v_reset)
        self.v_threshold, self.resistance, self.t_ref = (
            float(v_threshold), float(resistance), float(t_ref))
        self.g_max = V.nonnegative(g_max, "g_max", "nS")
        self.tau_syn = V.positive(tau_syn, "tau_syn", "ms")
        self.tau_rec = V.positive(tau_rec, "tau_rec", "ms")
        self.u = V.fraction(u, "u")
        self.e_syn = V.scalar(e_syn, "e_syn", "mV")
        self.method = V.choice(method, "method", tuple(_METHODS) + ("course",))
        # the course's scheme has its own kernel; the others run as a network
        self._net = None if self.method == "course" else SpikingNetwork(
            np.full((1, 1), self.g_max) if self.g_max > 0 else
            (np.array([self.g_max]), np.array([0]), np.array([0, 1])),
            neuron=self._neuron, synapse="conductance", tau_syn=self.tau_syn,
            e_syn=self.e_syn, stp=dict(model="depressing", u=self.u, tau_rec=self.tau_rec),
            method=self.method, n_neurons=1)

    def _input(self, input_spikes, duration, dt):
        """(times [ms] sorted, duration [ms], dt [ms]) from simulate's arguments."""
        if isinstance(input_spikes, SpikeTrains):
            dt = 0.1 if dt is None else dt
            if duration is None:
                duration = input_spikes.duration
            return np.array(input_spikes.times, dtype=np.float64), duration, dt
        arr = np.asarray(input_spikes)
        if arr.dtype == np.bool_:
            return self._steps_input(arr, duration, dt)
        dt = 0.1 if dt is None else dt
        times = np.array(V.as_float_array(input_spikes, "input_spikes", "ms", ndim=1),
                         dtype=np.float64)
        _refuse_step_indicator(times, "input_spikes")
        if duration is None:
            raise ValueError("duration [ms] is required when input_spikes is an "
                             "array of times")
        V.all_nonnegative(times, "input_spikes", "ms")
        return np.sort(times, kind="stable"), duration, dt

    def _steps_input(self, arr, duration, dt):
        """The course's input: a boolean array, one entry per step."""
        if arr.ndim != 1:
            raise ValueError(f"a boolean input_spikes is one entry per step (1-D), got "
                             f"shape {arr.shape}")
        if dt is None:
            # the course's simulate(presynaptic_spikes, dt): the second argument is dt
            dt = 0.1 if duration is None else duration
            dt = V.positive(dt, "dt", "ms")
            if duration is not None and not dt < self.tau_m:
                raise ValueError(
                    f"with a boolean input_spikes (one entry per step) the second argument "
                    f"is the step dt [ms], as in the course's simulate(presynaptic_spikes, "
                    f"dt); got {dt!r} ms, not below tau_m = {self.tau_m!r} ms. The run "
                    f"lasts len(input_spikes) * dt: pass dt=... by keyword")
            duration = None
        dt = V.positive(dt, "dt", "ms")
        implied = arr.shape[0] * dt
        if duration is not None:
            duration = V.positive(duration, "duration", "ms")
            if abs(duration - implied) > 1e-9 * max(1.0, implied):
                raise ValueError(
                    f"a boolean input_spikes has one entry per step, so the run lasts "
                    f"len(input_spikes) * dt = {arr.shape[0]} x {dt!r} = {implied!r} ms; "
                    f"got duration = {duration!r} ms (leave duration out)")
        times = np.flatnonzero(arr).astype(np.float64) * dt
        return times, implied, dt

    def simulate(self, input_spikes, duration=None, dt=None):
        """Run the neuron and its synapse over ``duration`` [ms].

        Parameters
        ----------
        input_spikes : array_like of float, SpikeTrains, or array of bool
            Presynaptic spike times [ms] (all trains of a SpikeTrains are
            merged into one input), each in ``[0, duration)``; or, as in the
            course, a boolean array with one entry per step, True where an
            input spike arrives (the run then lasts ``len(input_spikes) *
            dt``).  An array of 0s and 1s with repeats is refused (it is
            meant as one of those two; say which).
        duration : float, optional
            Length [ms], a whole number of ``dt``; defaults to the
            SpikeTrains' duration.  With a boolean input and no ``dt``, the
            second argument is ``dt``: the course's ``simulate(spikes, dt)``.
        dt : float, default 0.1
            Time step [ms].

        Returns
        -------
        LIFWithSynapseResult
        """
        times, duration, dt = self._input(input_spikes, duration, dt)
        duration = V.positive(duration, "duration", "ms")
        dt = V.positive(dt, "dt", "ms")
        if self.method == "course":
            return self._simulate_course(times, duration, dt)
        train = SpikeTrains(times, n=1)
        res = self._net.run(train, duration, dt=dt, record_v=True, record_stp=True)
        times.flags.writeable = False
        return LIFWithSynapseResult(self, res.t, dt, res.v[:, 0], res.g[:, 0], res.x[:, 0],
                                    res.spikes, times, duration, res.final_state)

    def _simulate_course(self, times, duration, dt, current_scale=U.NA_PER_NS_MV):
        # current_scale [nA per nS x mV]: 1 (with resistance 1) is the
        # course's own drive g (e_syn - v), for neuroai.course.LIFWithSynapse
        n_steps = V.n_steps(duration, dt)
        V.spikes_in_window(times, dt, 0, n_steps, GRID_GUARD, name="input_spikes")
        row = dict(tau_m=self.tau_m, v_rest=self.v_rest, v_reset=self.v_reset,
                   v_threshold=self.v_threshold, resistance=self.resistance,
                   t_ref=self.t_ref, e_syn=self.e_syn, g_max=self.g_max,
                   tau_syn=self.tau_syn, tau_rec=self.tau_rec, u=self.u,
                   current_scale=current_scale)
        v, g, x, ref, vtr, gtr, xtr, fired = _core.stp_course_lif_run(
            v=self.v_rest, g=0.0, x=1.0, ref_left=0, times=times, dt=dt, step0=0,
            n_steps=n_steps, params=np.array([row[k] for k in _core.CLIF_PARAMS]))
        t = np.arange(n_steps) * dt
        spikes = SpikeTrains(np.flatnonzero(fired) * dt, n=1, duration=duration)
        final = NetworkState(n_steps, dt, "course", np.array([v]), np.array([g]),
                             np.array([ref], dtype=np.int64), np.array([x]),
                             np.empty(0), np.empty(0), np.empty(0, np.uint8))
        times.flags.writeable = False
        return LIFWithSynapseResult(self, t, dt, vtr, gtr, xtr, spikes, times, duration,
                                    final)

    def __repr__(self):
        return (f"LIFWithSynapse(tau_m={self.tau_m!r}, v_rest={self.v_rest!r}, "
                f"v_reset={self.v_reset!r}, v_threshold={self.v_threshold!r}, "
                f"resistance={self.resistance!r}, t_ref={self.t_ref!r}, "
                f"g_max={self.g_max!r}, tau_syn={self.tau_syn!r}, "
                f"tau_rec={self.tau_rec!r}, u={self.u!r}, e_syn={self.e_syn!r}, "
                f"method={self.method!r})")
