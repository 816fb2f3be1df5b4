"""The public course's notebook-12 objects, with its signatures, defaults,
units and return types, simulated in C.

The AIMS NeuroAI course's notebook 12 (``tutorials/12_the_neuron/
neuron_and_perceptron.ipynb``) has its students write these objects in plain
Python.  Here they are with exactly the notebook's signatures, so its cells
run on them unchanged, and with its arithmetic, so they give its numbers bit
for bit:

- whole simulations (:meth:`LIFNeuron.simulate`, :func:`compute_fi_curve`,
  :meth:`LIFWithSynapse.simulate`, :func:`compare_io_curves` and the
  synapses' :meth:`~Synapse.simulate`, which runs the notebook's own
  recording loop) are one call into the C core each, through neuroai's main
  API, with the notebook's records (which value is kept at which step);
- single steps (:func:`lif_voltage_step`, ``step``, ``receive_spike``,
  ``get_current``) are the notebook's scalar arithmetic in Python: one step
  is a few multiplications, which a call into C would not make faster;
- the perceptron is NumPy, as in the notebook: its activation is any Python
  function, and ``np.dot`` is the notebook's sum.

The notebook's numerical scheme is forward Euler for the membrane with
``dt`` in ms, and for the synapses a mix: the conductance decays exactly,
``g *= np.exp(-dt / tau_syn)``, and the resources ``x`` (and ``u``) recover
by Euler, ``x += (1 - x) * (dt / tau_rec)``.  neuroai's main API calls that
scheme ``method="course"``.  Arithmetic is float64 (the notebook's own
values); NumPy's ``exp`` is the C library's on most machines, and where
NumPy uses its own (AVX-512 builds) a decay may differ from the notebook's
in the last bit.

Units: the course's own.  Time ms, voltage mV, current nA, resistance MOhm,
conductance nS, rates Hz, with one exception that is the course's: the
synaptic current ``g * (e_syn - v)`` is nS x mV, which is pA, and the
course calls it nA.  :class:`LIFWithSynapse` adds it to the leak as a
voltage, with no resistance: its ``g_max = 8`` nS is neuroai's
``LIFWithSynapse(g_max=800, method="course")`` at 10 MOhm, to rounding (see
:class:`neuroai.LIFWithSynapse`).  These objects keep the course's
convention; neuroai's main API uses nA (``1e-3 * g * (e_syn - v)``).

Randomness: as in the notebook, :class:`Perceptron` draws its weights from
the module-level generator :data:`rng` (``np.random.default_rng(42)``, the
notebook's first cell), and :func:`compare_io_curves` draws its Poisson
input from it too, so one run gives the notebook's numbers when the calls
come in the notebook's order.  :func:`reseed` starts it again.

Two of the notebook's doctests are wrong (see :func:`lif_voltage_step` and
:func:`conductance_at_time`); the docstrings here give the right values.
"""
from __future__ import annotations

import numpy as np

from .. import _validate as V
from .. import lif as _lif
from .. import network as _network
from .. import synapses as _syn

__all__ = ["rng", "reseed", "sigmoid", "relu", "tanh_activation", "Perceptron",
           "perceptron_layer", "lif_voltage_step", "LIFNeuron", "compute_fi_curve",
           "conductance_at_time", "Synapse", "DepressingSynapse", "FacilitatingSynapse",
           "LIFWithSynapse", "compare_io_curves"]

#: The notebook's module-level generator (its first cell:
#: ``rng = np.random.default_rng(42)``).  :class:`Perceptron` and
#: :func:`compare_io_curves` draw from it; :func:`reseed` restarts it.
rng = np.random.default_rng(42)


def reseed(seed=42):
    """Restart :data:`rng` from ``seed`` (the notebook's is 42) and return it.

    ``seed`` follows neuroai's seed rule: an int in ``[0, 2**64)``, None
    (fresh entropy), a NumPy Generator (its state is copied) or a
    SeedSequence; an int gives ``np.random.default_rng(seed)``'s stream.
    The generator object stays the same (its state is replaced), so every
    name bound to it, ``neuroai.course.rng`` included, sees the new stream.
    """
    rng.bit_generator.state = V.rng(seed).bit_generator.state
    return rng


# ---------------------------------------------------------------------------
# Part 1: activations and the perceptron
# ---------------------------------------------------------------------------

def sigmoid(z: np.ndarray) -> np.ndarray:
    """Sigmoid ``1 / (1 + exp(-z))``, into (0, 1) (the notebook's).

    >>> sigmoid(np.array([-1, 0, 1])).round(3)
    array([0.269, 0.5  , 0.731])
    """
    return 1 / (1 + np.exp(-z))


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU ``max(0, z)`` elementwise (the notebook's).

    >>> relu(np.array([-2, -1, 0, 1, 2]))
    array([0, 0, 0, 1, 2])
    """
    return np.maximum(0, z)


def tanh_activation(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, into (-1, 1) (the notebook's).

    >>> tanh_activation(np.array([-100, 100]))
    array([-1.,  1.])
    """
    return np.tanh(z)


class Perceptron:
    """The notebook's perceptron: ``y = activation(w . x + b)``.

    Parameters
    ----------
    n_inputs : int
        Number of inputs, >= 1.
    activation : callable, default :func:`sigmoid`
        A function of the weighted sum ``z`` (not a name: neuroai's own
        :class:`neuroai.Perceptron` takes names).

    Attributes
    ----------
    weights : ndarray, shape (n_inputs,)
        Drawn at creation as ``rng.normal(scale=0.5, size=n_inputs)`` from
        the module-level :data:`rng`, as the notebook does.
    bias : float
        Then drawn as ``rng.normal(scale=0.1)``.
    activation : callable

    Examples
    --------
    >>> p = Perceptron(n_inputs=2)
    >>> p.weights = np.array([1.0, -1.0])
    >>> p.bias = 0.0
    >>> p.forward(np.array([2.0, 0.0]))
    0.8807970779778823
    """

    def __init__(self, n_inputs: int, activation=sigmoid):
        V.integer(n_inputs, "n_inputs", minimum=1)
        if not callable(activation):
            raise TypeError(
                f"activation must be a function of z (such as sigmoid, relu or "
                f"tanh_activation), got {activation!r}; neuroai.Perceptron takes a name")
        self.n_inputs = n_inputs
        self.activation = activation
        self.init_weights()

    def init_weights(self):
        """Draw new weights (sd 0.5) and bias (sd 0.1) from :data:`rng`."""
        self.weights = rng.normal(scale=0.5, size=self.n_inputs)
        self.bias = rng.normal(scale=0.1)

    def forward(self, x: np.ndarray) -> float:
        """The output ``float(activation(np.dot(weights, x) + bias))``.

        ``x`` has shape ``(n_inputs,)``; a wrong length is a ValueError.
        """
        x = V.as_float_array(x, "x", ndim=1)
        if x.shape[0] != np.shape(self.weights)[0]:
            raise ValueError(f"x must have one value per input ({np.shape(self.weights)[0]}),"
                             f" got {x.shape[0]}")
        z = np.dot(self.weights, x) + self.bias
        return float(self.activation(z))

    def __repr__(self):
        name = getattr(self.activation, "__name__", repr(self.activation))
        return f"Perceptron(n_inputs={self.n_inputs!r}, activation={name})"


def perceptron_layer(inputs: np.ndarray, n_neurons: int = 10) -> np.ndarray:
    """Outputs of ``n_neurons`` new sigmoid perceptrons on the same input.

    Each perceptron is a :class:`Perceptron` with its own random weights,
    drawn in turn from :data:`rng` (weights then bias, neuron after neuron),
    so the layer is the notebook's ``np.array([Perceptron(len(inputs))
    .forward(inputs) for _ in range(n_neurons)])``.

    Parameters
    ----------
    inputs : array_like, shape (n_features,)
    n_neurons : int, default 10
        Number of perceptrons, >= 1.

    Returns
    -------
    ndarray, shape (n_neurons,)
        Outputs in (0, 1).
    """
    x = V.as_float_array(inputs, "inputs", ndim=1, allow_empty=False)
    V.integer(n_neurons, "n_neurons", minimum=1)
    return np.array([Perceptron(x.shape[0]).forward(x) for _ in range(n_neurons)])


# ---------------------------------------------------------------------------
# Part 2: the LIF neuron
# ---------------------------------------------------------------------------

def lif_voltage_step(v: float, v_rest: float, tau_m: float, R: float, I: float,
                     dt: float) -> float:
    """One forward-Euler step of ``tau_m dV/dt = -(V - v_rest) + R I``.

    ``v + (-(v - v_rest) + R * I) * (dt / tau_m)``, the notebook's
    arithmetic, in Python (one step: a call into C would buy nothing).

    Parameters
    ----------
    v : float
        Membrane potential [mV].
    v_rest : float
        Resting potential [mV].
    tau_m : float
        Membrane time constant [ms], > 0.
    R : float
        Membrane resistance [MOhm].
    I : float
        Input current [nA].
    dt : float
        Time step [ms], > 0.

    Returns
    -------
    float
        The new potential [mV].

    Examples
    --------
    >>> lif_voltage_step(-70, -70, 20, 10, 0, 0.1)
    -70.0
    >>> lif_voltage_step(-70, -70, 20, 10, 2, 0.1)   # the notebook's doctest says -69.0
    -69.9
    >>> lif_voltage_step(-60, -70, 20, 10, 0, 0.1)
    -60.05

    The notebook's second doctest is wrong: from rest, ``R I = 20`` mV and
    ``dt / tau_m = 0.005``, so one step adds 0.1 mV, giving -69.9 mV, not
    -69.0 (which is what I = 20 nA gives, as an earlier version of the
    notebook wrote it).
    """
    v = V.scalar(v, "v", "mV")
    v_rest = V.scalar(v_rest, "v_rest", "mV")
    tau_m = V.positive(tau_m, "tau_m", "ms")
    R = V.scalar(R, "R", "MOhm")
    I = V.scalar(I, "I", "nA")
    dt = V.positive(dt, "dt", "ms")
    dv = (-(v - v_rest) + R * I) * (dt / tau_m)
    return v + dv


class LIFNeuron:
    """The notebook's leaky integrate-and-fire neuron.

    ``tau_m dV/dt = -(V - v_rest) + R I`` by forward Euler; when ``V >=
    v_threshold`` the neuron spikes and ``V`` is set to ``v_reset`` (no
    refractory period).

    Parameters
    ----------
    tau_m : float, default 20.0
        Membrane time constant [ms], > 0.
    v_rest : float, default -70.0
        Resting potential [mV].
    v_reset : float, default -80.0
        Reset potential [mV], < v_threshold.
    v_threshold : float, default -55.0
        Threshold [mV].
    resistance : float, default 10.0
        Membrane resistance [MOhm], > 0.

    Attributes
    ----------
    v : float
        Membrane potential [mV]; ``v_rest`` (as given) at creation.

    Examples
    --------
    >>> lif = LIFNeuron(v_rest=-70, v_threshold=-55)
    >>> lif.v
    -70
    >>> lif.step(I=0, dt=1.0)
    False
    >>> lif.v
    -70.0
    """

    def __init__(self, tau_m: float = 20.0, v_rest: float = -70.0, v_reset: float = -80.0,
                 v_threshold: float = -55.0, resistance: float = 10.0):
        self.tau_m = tau_m
        self.v_rest = v_rest
        self.v_reset = v_reset
        self.v_threshold = v_threshold
        self.resistance = resistance
        self._core_neuron()                 # the main API's checks, now
        self.v = v_rest

    def _core_neuron(self):
        # one neuron, as the notebook's: scalars only (neuroai's LIFNeuron
        # also takes one value per neuron)
        p = {k: V.scalar(getattr(self, k), k, _lif._UNITS[k]) for k in
             ("tau_m", "v_rest", "v_reset", "v_threshold", "resistance")}
        return _lif.LIFNeuron(**p)

    def reset_state(self):
        """Back to rest: ``v = v_rest``."""
        self.v = self.v_rest

    def step(self, I: float, dt: float = 0.1) -> bool:
        """One Euler step of ``dt`` [ms] with current ``I`` [nA]; True on a spike.

        The notebook's arithmetic in Python: ``v += (-(v - v_rest) +
        resistance * I) * (dt / tau_m)``, then the threshold and reset.
        """
        I = V.scalar(I, "I", "nA")
        dt = V.positive(dt, "dt", "ms")
        dv = (-(self.v - self.v_rest) + self.resistance * I) * (dt / self.tau_m)
        self.v += dv
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

    def simulate(self, current: np.ndarray, dt: float = 0.1) -> tuple[np.ndarray, list[float]]:
        """Run from rest over a current trace, in one C call.

        Parameters
        ----------
        current : array_like, shape (T,)
            Input current [nA], one value per step.
        dt : float, default 0.1
            Time step [ms].

        Returns
        -------
        v_trace : ndarray, shape (T,)
            ``v_trace[i]``: V [mV] after step i, after its reset (the
            notebook appends ``self.v`` after each ``step``), so a spike in
            step i shows as ``v_reset`` there.
        spike_times : list of float
            ``i * dt`` [ms] for each step i that spiked (the step's start).

        The neuron starts at ``v_rest`` (``reset_state``) and ends with ``v``
        at its last value, as the notebook's loop leaves it.  Bit for bit
        the notebook's loop of :meth:`step`: it is
        ``neuroai.LIFNeuron.simulate(method="euler")`` with the records
        shifted by one step (neuroai records V at the start of each step).
        """
        cur = V.as_float_array(current, "current", "nA", ndim=1)
        dt = V.positive(dt, "dt", "ms")
        neuron = self._core_neuron()
        self.reset_state()
        if cur.shape[0] == 0:
            return np.array([], dtype=np.float64), []
        res = neuron.simulate(cur, dt=dt, method="euler", record_v=True)
        v_end = res.final_state.v[0]
        v_trace = np.empty(cur.shape[0])
        v_trace[:-1] = res.v[1:]
        v_trace[-1] = v_end
        self.v = float(v_end)
        return v_trace, res.spike_times.tolist()

    def __repr__(self):
        return (f"LIFNeuron(tau_m={self.tau_m!r}, v_rest={self.v_rest!r}, "
                f"v_reset={self.v_reset!r}, v_threshold={self.v_threshold!r}, "
                f"resistance={self.resistance!r})")


def compute_fi_curve(currents: np.ndarray, duration: float = 500, dt: float = 0.1) -> np.ndarray:
    """Firing rate [Hz] of the notebook's :class:`LIFNeuron` for each current.

    Each neuron starts at rest and runs ``len(np.arange(0, duration, dt))``
    steps of constant current (the notebook's time grid); the rate is
    ``len(spike_times) / (duration / 1000)``.  All currents run in one C
    call (one neuron each), bit for bit with the notebook's loop of
    :meth:`LIFNeuron.simulate`.

    Parameters
    ----------
    currents : array_like, shape (K,)
        Constant currents [nA].
    duration : float, default 500
        Length of each run [ms], > 0.
    dt : float, default 0.1
        Time step [ms], > 0.

    Returns
    -------
    ndarray, shape (K,)
        Rates [Hz].

    Examples
    --------
    >>> compute_fi_curve(np.array([0.0, 1.0, 2.0, 3.0]))
    array([ 0.,  0., 28., 50.])
    """
    I = V.as_float_array(currents, "currents", "nA", ndim=1)
    duration = V.positive(duration, "duration", "ms")
    dt = V.positive(dt, "dt", "ms")
    n_steps = len(np.arange(0, duration, dt))
    neuron = LIFNeuron()._core_neuron()
    if I.shape[0] == 0:
        return np.array([], dtype=np.float64)
    res = neuron.simulate(np.broadcast_to(I, (n_steps, I.shape[0])), dt=dt, method="euler",
                          record_v=False)
    counts = np.atleast_1d(res.spike_counts)
    return counts / (duration / 1000)


# ---------------------------------------------------------------------------
# Part 3-4: synapses
# ---------------------------------------------------------------------------

def conductance_at_time(t: float, spike_times: list, g_max: float = 1.0,
                        tau: float = 5.0) -> float:
    """Conductance [nS] at time ``t`` [ms] from the spikes at ``spike_times`` [ms].

    ``g(t) = sum over spikes of g_max * exp(-(t - t_s) / tau)`` for the
    spikes with ``t >= t_s`` (the Heaviside step is 1 at 0), summed in the
    order of ``spike_times`` from 0.0, as the notebook's loop does.

    Parameters
    ----------
    t : float
        Time [ms].
    spike_times : list of float
        Presynaptic spike times [ms], finite.
    g_max : float, default 1.0
        Conductance per spike [nS], >= 0.
    tau : float, default 5.0
        Decay time constant [ms], > 0.

    Returns
    -------
    float
        The conductance [nS].

    Examples
    --------
    >>> conductance_at_time(10, [10], g_max=2.0, tau=5.0)
    2.0
    >>> round(conductance_at_time(15, [10], g_max=2.0, tau=5.0), 3)
    0.736
    >>> round(conductance_at_time(15, [10, 12], g_max=2.0, tau=5.0), 3)  # not 1.645
    1.833

    The notebook's last doctest is wrong: the spikes at 10 and 12 ms
    contribute ``2 exp(-5/5) + 2 exp(-3/5) = 0.7358 + 1.0976 = 1.8334``
    nS at 15 ms, not 1.645.
    """
    t = V.scalar(t, "t", "ms")
    ts = V.as_float_array(spike_times, "spike_times", "ms", ndim=1)
    g_max = V.nonnegative(g_max, "g_max", "nS")
    tau = V.positive(tau, "tau", "ms")
    terms = g_max * np.exp(-(t - ts[t >= ts]) / tau)
    # np.add.accumulate adds in order, as the notebook's loop (np.sum would pair)
    return float(np.add.accumulate(np.concatenate(([0.0], terms)))[-1])


def _step_spikes(presynaptic_spikes, dt, name="presynaptic_spikes"):
    """(spike times [ms], duration [ms], dt) of a boolean array, one entry per step."""
    arr = np.asarray(presynaptic_spikes)
    if arr.dtype.kind in "iu" and arr.size and np.all((arr == 0) | (arr == 1)):
        arr = arr != 0                      # 0/1 flags, one per step: the same thing
    if arr.dtype != np.bool_:
        # floats would be read by the notebook's loop as flags (any nonzero
        # time a spike): spike times are refused, never misread
        raise TypeError(
            f"{name} must be a boolean array with one entry per time step (True where a "
            f"presynaptic spike arrives), as notebook 12 builds it; got dtype {arr.dtype}. "
            f"From spike times [ms]: np.isin(np.arange(n_steps), np.round(times / dt))")
    if arr.ndim != 1:
        raise ValueError(f"{name} is one entry per step (1-D), got shape {arr.shape}")
    dt = V.positive(dt, "dt", "ms")
    return np.flatnonzero(arr).astype(np.float64) * dt, arr.shape[0] * dt, dt


def _shifted(trace, final):
    """The notebook's record of a quantity after each step from neuroai's
    record at the start of each step: trace[1:], then the final value."""
    out = np.empty(trace.shape[0])
    out[:-1] = trace[1:]
    out[-1] = final
    return out


class Synapse:
    """The notebook's conductance synapse, with exponential decay.

    ``receive_spike()`` adds ``g_max`` to ``g``; ``step(dt)`` decays it
    exactly, ``g *= exp(-dt / tau_syn)``; ``get_current(v_post)`` is ``g *
    (e_syn - v_post)``: nS x mV, which is pA, and which the course calls nA
    (neuroai's :class:`neuroai.Synapse` returns nA, 1e-3 times this).

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance per spike [nS], >= 0.
    tau_syn : float, default 5.0
        Decay time constant [ms], > 0.
    e_syn : float, default 0.0
        Reversal potential [mV].

    Attributes
    ----------
    g : float
        Conductance [nS], 0.0 at creation.

    Examples
    --------
    >>> syn = Synapse(g_max=2.0, tau_syn=5.0)
    >>> syn.receive_spike(); syn.g
    2.0
    >>> syn.step(dt=5.0); round(syn.g, 3)
    0.736
    """

    _core_cls = _syn.Synapse
    _names = ("g_max", "tau_syn", "e_syn")
    _tracked = ("g",)

    def __init__(self, g_max: float = 1.0, tau_syn: float = 5.0, e_syn: float = 0.0):
        self.g_max = g_max
        self.tau_syn = tau_syn
        self.e_syn = e_syn
        self._core_synapse()                # the main API's checks, now
        self.g = 0.0

    def _core_synapse(self):
        return self._core_cls(**{k: getattr(self, k) for k in self._names}, method="course")

    def reset_state(self):
        """Back to baseline: ``g = 0``."""
        self.g = 0.0

    def receive_spike(self):
        """A presynaptic spike: ``g += g_max``."""
        self.g += self.g_max

    def step(self, dt: float = 0.1) -> None:
        """Decay ``g`` over ``dt`` [ms]: ``g *= np.exp(-dt / tau_syn)`` (Python)."""
        dt = V.positive(dt, "dt", "ms")
        self.g = float(self.g * np.exp(-dt / self.tau_syn))

    def get_current(self, v_post: float) -> float:
        """``g * (e_syn - v_post)`` [nS x mV = pA; the course says nA] at
        postsynaptic potential ``v_post`` [mV]."""
        v_post = V.scalar(v_post, "v_post", "mV")
        return self.g * (self.e_syn - v_post)

    def simulate(self, presynaptic_spikes: np.ndarray, dt: float = 0.1):
        """The notebook's recording loop over a spike train, in one C call.

        Per step ``i``: ``receive_spike()`` if ``presynaptic_spikes[i]``,
        record the state, then ``step(dt)``, starting from the present state
        and leaving the synapse in its final state, as the loop would (this
        method is not in the notebook; its loops are written out in cells).

        Parameters
        ----------
        presynaptic_spikes : array of bool, shape (T,)
            True where a spike arrives (0s and 1s are taken as the same;
            spike times [ms] are refused).
        dt : float, default 0.1
            Time step [ms].

        Returns
        -------
        ndarray (T,), or a tuple of them
            ``g_trace`` [nS] (:class:`Synapse`); ``(g_trace, x_trace)``
            (:class:`DepressingSynapse`); ``(g_trace, u_trace)``
            (:class:`FacilitatingSynapse`): the state after the step's
            spike, before its decay.
        """
        times, duration, dt = _step_spikes(presynaptic_spikes, dt)
        core = self._core_synapse()
        if duration == 0:
            out = tuple(np.array([], dtype=np.float64) for _ in self._tracked)
            return out[0] if len(out) == 1 else out
        state = _syn.SynapseState(core._kind, 0, dt, "course",
                                  {k: np.array([float(getattr(self, k))])
                                   for k in self._tracked})
        res = core.response(times, duration, dt, state=state)
        for k in self._tracked:
            setattr(self, k, float(res.final_state.arrays[k][0]))
        out = tuple(getattr(res, k) for k in self._tracked)
        return out[0] if len(out) == 1 else out

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._names)
        return f"{type(self).__name__}({args})"


class DepressingSynapse(Synapse):
    """The notebook's synapse with vesicle depletion (simplified
    Tsodyks-Markram).

    At a spike ``released = u * x``, ``x -= released``, ``g += g_max *
    released``; ``step(dt)`` decays ``g`` exactly and lets ``x`` recover by
    Euler, ``x += (1 - x) * (dt / tau_rec)``.  ``get_current`` is the
    course's ``g * (e_syn - v_post)`` (see :class:`Synapse`).

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance when fully recovered [nS], >= 0.
    tau_syn : float, default 5.0
        Conductance decay [ms], > 0.
    tau_rec : float, default 200.0
        Vesicle recovery [ms], > 0.
    u : float, default 0.5
        Release probability per spike [1], in (0, 1].
    e_syn : float, default 0.0
        Reversal potential [mV].

    Attributes
    ----------
    g : float
        Conductance [nS], 0.0 at creation.
    x : float
        Fraction of vesicles available [1], 1.0 at creation.

    Examples
    --------
    >>> syn = DepressingSynapse(g_max=4.0, u=0.5)
    >>> syn.receive_spike(); syn.g, syn.x
    (2.0, 0.5)
    >>> syn.receive_spike(); syn.g
    3.0
    """

    _core_cls = _syn.DepressingSynapse
    _names = ("g_max", "tau_syn", "tau_rec", "u", "e_syn")
    _tracked = ("g", "x")

    def __init__(self, g_max: float = 1.0, tau_syn: float = 5.0, tau_rec: float = 200.0,
                 u: float = 0.5, e_syn: float = 0.0):
        self.g_max = g_max
        self.tau_syn = tau_syn
        self.tau_rec = tau_rec
        self.u = u
        self.e_syn = e_syn
        self._core_synapse()
        self.g = 0.0
        self.x = 1.0

    def reset_state(self):
        """Back to the recovered state: ``g = 0``, ``x = 1``."""
        self.g = 0.0
        self.x = 1.0

    def receive_spike(self):
        """A spike releases ``u * x`` of the vesicles into ``g``."""
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt: float = 0.1) -> None:
        """Over ``dt`` [ms]: ``g *= np.exp(-dt / tau_syn)``, ``x += (1 - x) *
        (dt / tau_rec)`` (Python)."""
        dt = V.positive(dt, "dt", "ms")
        self.g = float(self.g * np.exp(-dt / self.tau_syn))
        self.x += (1 - self.x) * (dt / self.tau_rec)


class FacilitatingSynapse(Synapse):
    """The notebook's synapse with short-term facilitation.

    At a spike ``g += g_max * u``, then ``u += u_step * (u_max - u)`` (the
    order of the notebook's doctest and of its ``receive_spike`` docstring;
    its text says the other order, which its doctest contradicts);
    ``step(dt)`` decays ``g`` exactly and relaxes ``u`` to ``u_base`` by
    Euler, ``u += (u_base - u) * (dt / tau_facil)``.  ``get_current`` is the
    course's ``g * (e_syn - v_post)`` (see :class:`Synapse`).

    Parameters
    ----------
    g_max : float, default 1.0
        Conductance per unit ``u`` [nS], >= 0.
    tau_syn : float, default 5.0
        Conductance decay [ms], > 0.
    tau_facil : float, default 100.0
        Facilitation decay [ms], > 0.
    u_base : float, default 0.1
        Baseline release probability [1], in (0, 1].
    u_max : float, default 0.8
        Maximum release probability [1], in [u_base, 1].
    u_step : float, default 0.3
        Facilitation increment per spike [1], in [0, 1].
    e_syn : float, default 0.0
        Reversal potential [mV].

    Attributes
    ----------
    g : float
        Conductance [nS], 0.0 at creation.
    u : float
        Release probability [1], ``u_base`` at creation.

    Examples
    --------
    >>> syn = FacilitatingSynapse(g_max=4.0, u_base=0.1, u_max=0.8, u_step=0.3)
    >>> syn.receive_spike(); round(syn.g, 2), round(syn.u, 2)
    (0.4, 0.31)
    >>> syn.receive_spike(); round(syn.g, 2)
    1.64
    """

    _core_cls = _syn.FacilitatingSynapse
    _names = ("g_max", "tau_syn", "tau_facil", "u_base", "u_max", "u_step", "e_syn")
    _tracked = ("g", "u")

    def __init__(self, g_max: float = 1.0, tau_syn: float = 5.0, tau_facil: float = 100.0,
                 u_base: float = 0.1, u_max: float = 0.8, u_step: float = 0.3,
                 e_syn: float = 0.0):
        self.g_max = g_max
        self.tau_syn = tau_syn
        self.tau_facil = tau_facil
        self.u_base = u_base
        self.u_max = u_max
        self.u_step = u_step
        self.e_syn = e_syn
        self._core_synapse()
        self.g = 0.0
        self.u = u_base

    def reset_state(self):
        """Back to baseline: ``g = 0``, ``u = u_base``."""
        self.g = 0.0
        self.u = self.u_base

    def receive_spike(self):
        """A spike: ``g += g_max * u``, then ``u`` moves toward ``u_max``."""
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt: float = 0.1) -> None:
        """Over ``dt`` [ms]: ``g *= np.exp(-dt / tau_syn)``, ``u += (u_base -
        u) * (dt / tau_facil)`` (Python)."""
        dt = V.positive(dt, "dt", "ms")
        self.g = float(self.g * np.exp(-dt / self.tau_syn))
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)


# ---------------------------------------------------------------------------
# Part 5: the LIF neuron with a depressing synapse
# ---------------------------------------------------------------------------

class LIFWithSynapse:
    """The notebook's LIF neuron driven through one :class:`DepressingSynapse`.

    Per step (its ``step``): the spike is received; ``I_syn =
    synapse.get_current(v)``, ``g * (e_syn - v)`` in nS x mV, is added to
    the leak as a voltage, ``v += (-(v - v_rest) + I_syn) * (dt / tau_m)``
    (no resistance: the course's units); the synapse steps; then threshold
    and reset.  In neuroai's units (nA, 10 MOhm) this is
    ``neuroai.LIFWithSynapse(g_max=100 * g_max, method="course")`` to
    rounding; here it runs with the course's own operations, bit for bit.

    Parameters
    ----------
    tau_m : float, default 20.0
        Membrane time constant [ms], > 0.
    v_rest : float, default -70.0
        Resting potential [mV].
    v_reset : float, default -80.0
        Reset potential [mV], < v_threshold.
    v_threshold : float, default -55.0
        Threshold [mV].
    g_max, tau_syn, tau_rec, u, e_syn
        The synapse's (see :class:`DepressingSynapse`), default 5.0 nS,
        5.0 ms, 200.0 ms, 0.5, 0.0 mV.

    Attributes
    ----------
    v : float
        Membrane potential [mV], ``v_rest`` at creation.
    synapse : DepressingSynapse
        The synapse; :meth:`simulate` reads its parameters.

    Examples
    --------
    >>> neuron = LIFWithSynapse(g_max=5.0)
    >>> neuron.v == neuron.v_rest, neuron.synapse.x
    (True, 1.0)
    """

    def __init__(self, tau_m: float = 20.0, v_rest: float = -70.0, v_reset: float = -80.0,
                 v_threshold: float = -55.0, g_max: float = 5.0, tau_syn: float = 5.0,
                 tau_rec: float = 200.0, u: float = 0.5, e_syn: float = 0.0):
        self.tau_m = tau_m
        self.v_rest = v_rest
        self.v_reset = v_reset
        self.v_threshold = v_threshold
        self.e_syn = e_syn
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)
        self._core_model()                  # the main API's checks, now
        self.v = v_rest

    def _core_model(self):
        s = self.synapse
        # resistance 1 MOhm and current_scale 1 below: the drive is the
        # course's g (e_syn - v) itself, with its operations
        return _network.LIFWithSynapse(
            tau_m=self.tau_m, v_rest=self.v_rest, v_reset=self.v_reset,
            v_threshold=self.v_threshold, resistance=1.0, g_max=s.g_max, tau_syn=s.tau_syn,
            tau_rec=s.tau_rec, u=s.u, e_syn=s.e_syn, method="course")

    def reset_state(self):
        """Back to rest: ``v = v_rest`` and the synapse recovered."""
        self.v = self.v_rest
        self.synapse.reset_state()

    def step(self, presynaptic_spike: bool, dt: float = 0.1) -> bool:
        """One step of ``dt`` [ms] (the notebook's arithmetic, in Python);
        True if the neuron spiked."""
        dt = V.positive(dt, "dt", "ms")
        if presynaptic_spike:
            self.synapse.receive_spike()
        I_syn = self.synapse.get_current(self.v)
        dv = (-(self.v - self.v_rest) + I_syn) * (dt / self.tau_m)
        self.v += dv
        self.synapse.step(dt)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

    def simulate(self, presynaptic_spikes: np.ndarray, dt: float = 0.1):
        """Run from rest over a presynaptic spike train, in one C call.

        Parameters
        ----------
        presynaptic_spikes : array of bool, shape (T,)
            True where a presynaptic spike arrives, one entry per step (as
            ``rng.random(len(time)) < p_spike`` gives it); 0s and 1s are
            taken as the same, spike times [ms] are refused (the notebook's
            loop would read every nonzero time as a spike).
        dt : float, default 0.1
            Time step [ms].

        Returns
        -------
        v_trace, g_trace, x_trace : ndarray, shape (T,)
            After each step, as the notebook's loop appends them: ``v``
            [mV] after the threshold and reset, ``g`` [nS] after its decay,
            ``x`` [1] after its recovery.
        spike_times : list of float
            ``i * dt`` [ms] for each step i in which the neuron spiked.

        Bit for bit the notebook's loop of :meth:`step`.  The neuron and
        synapse end in their final state, as the loop leaves them.
        """
        times, duration, dt = _step_spikes(presynaptic_spikes, dt)
        model = self._core_model()
        self.reset_state()
        if duration == 0:
            empty = np.array([], dtype=np.float64)
            return empty, empty.copy(), empty.copy(), []
        res = model._simulate_course(times, duration, dt, current_scale=1.0)
        s = self.synapse
        # the kernel records v, g and x at the start of each step, after the
        # step's releases; the notebook records them at its end: v is the
        # next step's start, g and x the step's decay and recovery, done
        # here with the notebook's operations on the kernel's numbers
        v_trace = _shifted(res.v, res.final_state.v[0])
        g_trace = res.g * np.exp(-dt / s.tau_syn)
        x_trace = res.x + (1 - res.x) * (dt / s.tau_rec)
        self.v = float(v_trace[-1])
        s.g, s.x = float(g_trace[-1]), float(x_trace[-1])
        return v_trace, g_trace, x_trace, res.spike_times.tolist()

    def __repr__(self):
        s = self.synapse
        return (f"LIFWithSynapse(tau_m={self.tau_m!r}, v_rest={self.v_rest!r}, "
                f"v_reset={self.v_reset!r}, v_threshold={self.v_threshold!r}, "
                f"g_max={s.g_max!r}, tau_syn={s.tau_syn!r}, tau_rec={s.tau_rec!r}, "
                f"u={s.u!r}, e_syn={s.e_syn!r})")


# ---------------------------------------------------------------------------
# Part 6: input-output curves
# ---------------------------------------------------------------------------

def compare_io_curves(intensities: np.ndarray, duration: float = 500, dt: float = 0.1):
    """Input-output curves of a perceptron and of an LIF neuron with a synapse.

    The notebook's comparison: a sigmoid :class:`Perceptron` with weight 1
    and bias 0 (created first, so it draws its initial weights from
    :data:`rng` as the notebook's does) gives ``sigmoid(intensity)``; an
    ``LIFWithSynapse(g_max=10.0, tau_rec=150.0, u=0.4)`` is driven, for
    each intensity in turn, by Poisson input at ``max(0, 50 * intensity)``
    Hz drawn from :data:`rng` (``rng.random(len(np.arange(0, duration,
    dt))) < rate * dt / 1000``) and gives its output rate, one C call per
    intensity.

    Parameters
    ----------
    intensities : array_like, shape (K,)
        Input intensities [1] (50 Hz of presynaptic rate per unit).
    duration : float, default 500
        Length of each run [ms], > 0.
    dt : float, default 0.1
        Time step [ms], > 0.

    Returns
    -------
    p_outputs : ndarray, shape (K,)
        The perceptron's outputs.
    lif_rates : ndarray, shape (K,)
        The neuron's output rates [Hz], ``len(spike_times) / (duration /
        1000)``.
    """
    x = V.as_float_array(intensities, "intensities", ndim=1)
    duration = V.positive(duration, "duration", "ms")
    dt = V.positive(dt, "dt", "ms")
    p = Perceptron(n_inputs=1)
    p.weights = np.array([1.0])
    p.bias = 0.0
    p_outputs = [p.forward(np.array([i])) for i in x]
    lif = LIFWithSynapse(g_max=10.0, tau_rec=150.0, u=0.4)
    n_steps = len(np.arange(0, duration, dt))
    lif_rates = []
    for intensity in x:
        rate = max(0, intensity * 50)
        spikes = rng.random(n_steps) < (rate * dt / 1000)
        _, _, _, spike_times = lif.simulate(spikes, dt)
        lif_rates.append(len(spike_times) / (duration / 1000))
    return np.array(p_outputs), np.array(lif_rates)

