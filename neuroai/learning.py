"""Spike-timing-dependent plasticity of the public course (its ``stdp.ipynb``).

``stdp_window(delta_t, ...)``
    The pair-based STDP window in closed form, Delta t = t_post - t_pre [ms]:
    ``a_plus exp(-Delta t / tau_plus)`` for Delta t > 0 (pre before post:
    potentiation), ``-a_minus exp(Delta t / tau_minus)`` for Delta t < 0
    (post before pre: depression), 0 at Delta t = 0.
``LIFNeuronSTDP(n_inputs, ...)``
    The course's neuron with plastic synapses, its learning rule reproduced
    exactly (a run equals the notebook's loop bit for bit), in C: the same
    constructor, the course's ``step(dt, input_spikes)`` and, for a whole run
    in one call, ``simulate(input_spikes, dt)`` (a bool array, a
    :class:`FrozenPattern` or a :class:`~neuroai.SpikeTrains`) returning an
    :class:`STDPResult`.
``frozen_pattern_input(...)``
    The course's experiment: a frozen spike pattern embedded again and again
    in Poisson noise (Masquelier, Guyonneau & Thorpe 2008), seeded.

The course's step, per step of dt [ms] (csrc/nai_stdp_course.h): the traces
decay (``x *= exp(-dt/tau_plus)``, ``y *= exp(-dt/tau_minus)``); for the
inputs that spike, ``x += 1`` and ``w -= A_minus y``, then every weight is
clipped to [0, w_max]; V takes a forward-Euler step with the drive 10 times
the sum of the active weights, ``V += (-(V - v_rest) + 10 sum w) / tau_m
dt``; at ``V >= v_thresh`` the neuron fires: ``V = v_reset``, ``y += 1``,
``w += A_plus x`` and the clip again.  No refractory period.

Units: time ms, voltage mV, rates Hz; weights and traces are dimensionless.
The course's names are kept for its objects (``v_thresh``, ``A_plus``,
``A_minus``), so its notebook code runs unchanged.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import _validate as V
from .results import Result, State, html_table
from .spikes import SpikeTrains

__all__ = ["stdp_window", "LIFNeuronSTDP", "STDPResult", "STDPState", "FrozenPattern",
           "frozen_pattern_input"]

_MS_PER_S = 1000.0


# ---------------------------------------------------------------------------
# the window
# ---------------------------------------------------------------------------

def stdp_window(delta_t, a_plus=0.01, a_minus=0.01, tau_plus=20.0, tau_minus=20.0):
    """The STDP window: the weight change of one pre/post spike pair.

    Parameters
    ----------
    delta_t : float or array_like
        ``t_post - t_pre`` [ms]; positive when the presynaptic spike comes
        first.  Integers are accepted; infinities give 0; NaN is refused.
    a_plus, a_minus : float, default 0.01, 0.01
        Amplitudes [1] of potentiation and depression, >= 0 (the course's
        defaults).
    tau_plus, tau_minus : float, default 20.0, 20.0
        Time constants [ms] of the potentiation and depression sides, > 0.

    Returns
    -------
    float or ndarray of float64
        ``a_plus exp(-delta_t/tau_plus)`` where ``delta_t > 0``,
        ``-a_minus exp(delta_t/tau_minus)`` where ``delta_t < 0`` and 0 where
        ``delta_t == 0``: a float for a scalar, else an array of the input's
        shape (a new array; the input is not modified).

    Examples
    --------
    >>> stdp_window([10, -10, 0], a_plus=1.0, a_minus=1.0, tau_plus=10.0, tau_minus=10.0)
    array([ 0.36787944, -0.36787944,  0.        ])
    """
    d = V.as_float_array(delta_t, "delta_t", "ms", allow_inf=True)
    a_plus = V.nonnegative(a_plus, "a_plus", "1")
    a_minus = V.nonnegative(a_minus, "a_minus", "1")
    tau_plus = V.positive(tau_plus, "tau_plus", "ms")
    tau_minus = V.positive(tau_minus, "tau_minus", "ms")
    dw = np.zeros(d.shape)
    ltp = d > 0
    ltd = d < 0
    dw[ltp] = a_plus * np.exp(-d[ltp] / tau_plus)
    dw[ltd] = -a_minus * np.exp(d[ltd] / tau_minus)
    return float(dw) if dw.ndim == 0 else dw


# ---------------------------------------------------------------------------
# the frozen-pattern input
# ---------------------------------------------------------------------------

class FrozenPattern:
    """Input spike trains holding a frozen pattern, from :func:`frozen_pattern_input`.

    Attributes
    ----------
    spikes : ndarray of bool, shape (n_steps, n_inputs)
        True where input ``j`` spikes in step ``i`` (read-only): the course's
        ``input_spikes``.
    template : ndarray of bool, shape (pattern_steps, n_inputs)
        The frozen pattern (read-only): the course's ``pattern_template``.
    pattern_times : ndarray of int64
        First step of each presentation (the course's ``pattern_times``).
    pattern_duration : int
        Length of the pattern [steps] (the course's ``pattern_duration``).
    pattern_indices, non_pattern_indices : ndarray of int64
        Inputs that spike at least once in the pattern, and the others.
    carriers : ndarray of int64
        Inputs that carry the pattern (all, unless ``pattern_fraction`` < 1);
        the template's other columns are False.
    dt : float
        Step [ms].
    n_steps, n_inputs : int
    duration : float
        ``n_steps * dt`` [ms].
    """

    def __init__(self, spikes, template, pattern_times, dt, carriers=None):
        if carriers is None:
            carriers = np.arange(spikes.shape[1], dtype=np.int64)
        self.carriers = carriers
        for a in (spikes, template, pattern_times, carriers):
            a.setflags(write=False)
        self.spikes = spikes
        self.template = template
        self.pattern_times = pattern_times
        self.pattern_duration = int(template.shape[0])
        self.dt = float(dt)
        active = template.any(axis=0)
        self.pattern_indices = np.flatnonzero(active).astype(np.int64)
        self.non_pattern_indices = np.flatnonzero(~active).astype(np.int64)

    @property
    def n_steps(self):
        return int(self.spikes.shape[0])

    @property
    def n_inputs(self):
        return int(self.spikes.shape[1])

    @property
    def duration(self):
        return self.n_steps * self.dt

    def in_pattern(self):
        """ndarray of bool, shape (n_steps,): True in the steps of a presentation."""
        on = np.zeros(self.n_steps, dtype=bool)
        for p in self.pattern_times.tolist():
            on[p:p + self.pattern_duration] = True
        return on

    def plot(self):
        """The input raster with the presentations shaded (needs matplotlib)."""
        from . import plotting
        return plotting.plot_input_spike_train(self.spikes, self.pattern_times,
                                               self.pattern_duration, self.n_steps, self.dt)

    def __repr__(self):
        return (f"FrozenPattern({self.n_inputs} inputs, {self.duration:g} ms at dt = "
                f"{self.dt:g} ms, pattern of {self.pattern_duration} steps shown "
                f"{self.pattern_times.size} times)")

    def _repr_html_(self):
        rate = float(self.spikes.mean()) / self.dt * _MS_PER_S if self.spikes.size else 0.0
        rows = [("duration", f"{self.duration:g} ms (dt = {self.dt:g} ms, "
                             f"{self.n_steps} steps)"),
                ("inputs", f"{self.n_inputs} ({self.pattern_indices.size} spike in the "
                           "pattern)"),
                ("pattern", f"{self.pattern_duration} steps, shown {self.pattern_times.size} "
                            "times"),
                ("mean input rate", f"{rate:.4g} Hz"),
                ("spikes", f"array, shape {self.spikes.shape} [bool]")]
        return html_table("FrozenPattern", rows)


def _steps_of(x, name, dt, minimum):
    """A duration [ms] as a whole number of steps of dt (>= minimum)."""
    x = V.nonnegative(x, name, "ms")
    k = int(round(x / dt))
    if abs(x / dt - k) > 1e-9 * max(1.0, x / dt):
        raise ValueError(f"{name} [ms] must be a whole number of steps dt = {dt!r} ms, "
                         f"got {x!r}")
    if k < minimum:
        raise ValueError(f"{name} [ms] must be at least {minimum} step(s) of dt = {dt!r} ms, "
                         f"got {x!r}")
    return k


def _probability(rate, name, dt):
    rate = V.nonnegative(rate, name, "Hz")
    # the course's per-ms rate times dt: rate / 1000 * dt
    p = rate / _MS_PER_S * dt
    if not p <= 1.0:
        raise ValueError(f"{name} [Hz] * dt [ms] / 1000 must be <= 1 (a spike probability "
                         f"per step), got {name} = {rate!r} Hz at dt = {dt!r} ms")
    return p


def frozen_pattern_input(n_inputs=100, duration=10000.0, pattern_duration=50.0, rate=10.0,
                         seed=None, *, pattern_rate=80.0, pattern_fraction=1.0, dt=1.0,
                         first=200.0, gap=200.0, jitter=100.0):
    """Poisson noise with a frozen spike pattern embedded again and again:
    the course's pattern-learning input (Masquelier et al. 2008 style).

    Every input spikes with probability ``rate * dt / 1000`` in each step
    (Bernoulli, the course's Poisson noise); a pattern of ``pattern_duration``
    drawn once at ``pattern_rate`` then replaces the input at
    ``first``, and again after each interval of ``gap`` plus a whole random
    number of steps in ``[0, jitter)``, while it fits before the end.

    Parameters
    ----------
    n_inputs : int, default 100
        Number of input trains, >= 1.
    duration : float, default 10000.0
        Length [ms], a whole number of steps.
    pattern_duration : float, default 50.0
        Length of the pattern [ms], a whole number of steps, >= 1 step.
    rate : float, default 10.0
        Rate of the noise [Hz], >= 0.
    seed : int, None, numpy Generator or numpy RandomState
        The draws: an int, None (fresh entropy) or a Generator as
        everywhere in neuroai; a ``numpy.random.RandomState`` is drawn in
        the course's order with the course's calls (``rand``, ``rand``,
        ``randint``), so ``np.random.RandomState(42)`` gives the course's
        input after its ``np.random.seed(42)``.
    pattern_rate : float, default 80.0
        Rate of the pattern's spikes [Hz].
    pattern_fraction : float, default 1.0
        Fraction [1] of the inputs that take part in the pattern, in (0, 1]:
        the course replaces every input by the pattern (1.0); with less
        (Masquelier et al. used half) the inputs chosen at random carry the
        pattern and the others keep their noise during the presentations.
    dt : float, default 1.0
        Step [ms] (the course's).
    first, gap, jitter : float, default 200.0, 200.0, 100.0
        Start of the first presentation, the least interval between starts
        and the range of its random extra [ms], whole numbers of steps.

    Returns
    -------
    FrozenPattern
        ``.spikes`` (bool, (n_steps, n_inputs)), ``.pattern_times`` (steps),
        ``.pattern_duration`` (steps), ``.template``, ``.pattern_indices``.
    """
    n_inputs = V.integer(n_inputs, "n_inputs", minimum=1)
    dt = V.positive(dt, "dt", "ms")
    n_steps = V.n_steps(V.positive(duration, "duration", "ms"), dt)
    p_steps = _steps_of(pattern_duration, "pattern_duration", dt, 1)
    first_s = _steps_of(first, "first", dt, 0)
    gap_s = _steps_of(gap, "gap", dt, 1)
    jitter_s = _steps_of(jitter, "jitter", dt, 0)
    p_noise = _probability(rate, "rate", dt)
    p_pattern = _probability(pattern_rate, "pattern_rate", dt)
    fraction = V.fraction(pattern_fraction, "pattern_fraction")
    V.check_memory(n_steps * n_inputs * 9, "frozen_pattern_input",
                   hint="shorten the run or use fewer inputs")
    if isinstance(seed, np.random.RandomState):
        # the course's calls, in its order
        spikes = seed.rand(n_steps, n_inputs) < p_noise
        template = seed.rand(p_steps, n_inputs) < p_pattern

        def extra():
            return int(seed.randint(0, jitter_s)) if jitter_s > 0 else 0
        gen = seed
    else:
        rng = V.rng(seed)
        spikes = rng.random((n_steps, n_inputs)) < p_noise
        template = rng.random((p_steps, n_inputs)) < p_pattern

        def extra():
            return int(rng.integers(0, jitter_s)) if jitter_s > 0 else 0
        gen = rng
    carriers = None
    if fraction < 1.0:
        # drawn after the course's draws, so that 1.0 stays the course's input
        k = int(round(fraction * n_inputs))
        carriers = np.sort(gen.permutation(n_inputs)[:k]).astype(np.int64)
        template[:, np.setdiff1d(np.arange(n_inputs), carriers)] = False
    times = []
    t = first_s
    while t < n_steps - p_steps:
        if carriers is None:
            spikes[t:t + p_steps] = template
        else:
            spikes[t:t + p_steps, carriers] = template[:, carriers]
        times.append(t)
        t += gap_s + extra()
    return FrozenPattern(spikes, template, np.array(times, dtype=np.int64), dt, carriers)


# ---------------------------------------------------------------------------
# the course's neuron
# ---------------------------------------------------------------------------

_PARAMS = {   # course name -> (row of the C table, unit, rule)
    "tau_m": ("tau_m", "ms", "> 0"),
    "v_rest": ("v_rest", "mV", "finite"),
    "v_reset": ("v_reset", "mV", "< v_thresh"),
    "v_thresh": ("v_thresh", "mV", "finite"),
    "tau_plus": ("tau_plus", "ms", "> 0"),
    "tau_minus": ("tau_minus", "ms", "> 0"),
    "A_plus": ("a_plus", "1", ">= 0"),
    "A_minus": ("a_minus", "1", ">= 0"),
    "w_max": ("w_max", "1", "> 0"),
}


def _check_param(name, value):
    _, unit, rule = _PARAMS[name]
    if rule == "> 0":
        return V.positive(value, name, unit)
    if rule == ">= 0":
        return V.nonnegative(value, name, unit)
    return V.scalar(value, name, unit)


class STDPState(State):
    """Where a run of :class:`LIFNeuronSTDP` stopped (a
    :class:`~neuroai.results.State`): ``v`` [mV] and ``y`` [1] (0-d arrays),
    ``x`` [1] and ``weights`` [1] (one per input), after ``steps_done`` steps.
    The neuron itself carries this state from run to run."""

    __slots__ = ()

    def __repr__(self):
        return (f"STDPState(t={self.t:g} ms, v={float(self.v):.6g} mV, "
                f"{self.weights.size} weights)")


class STDPResult(Result):
    """The outcome of :meth:`LIFNeuronSTDP.simulate` (a
    :class:`~neuroai.results.Result`): what the course's loop records.

    Attributes
    ----------
    t : ndarray, shape (n_steps,)
        Start time of each step [ms], ``(step0 + i) * dt``.
    v : ndarray, shape (n_steps,)
        V [mV] after step ``i`` (after a reset): the course's ``v_rec``.
    y : ndarray, shape (n_steps,)
        The postsynaptic trace [1] after step ``i``.
    output_spikes : ndarray of int64
        Steps of this run (from 0) in which the neuron fired: the course's
        ``output_spikes``.
    weights : ndarray, shape (n_records, n_inputs)
        The weights [1] after each step whose absolute index is a multiple
        of ``record_every``: the course's ``weights_rec`` (every 100 steps).
    x : ndarray, shape (n_records, n_inputs)
        The presynaptic traces [1] at the same steps.
    record_steps : ndarray of int64
        The absolute step of each row of ``weights`` and ``x``.
    record_every : int
        Steps between records.
    final_weights : ndarray, shape (n_inputs,)
        The weights at the end.
    input_spikes : ndarray of bool, shape (n_steps, n_inputs), or SpikeTrains
        The input as given (an array read-only).
    pattern : FrozenPattern or None
        The input's pattern, when the input came from
        :func:`frozen_pattern_input`.
    spikes : SpikeTrains
        The output spikes [ms] (one train).
    dt, duration, step0, final_state
        The step and the run's length [ms], its first absolute step, and
        the :class:`STDPState` at the end.
    """

    _not_pickled = ("neuron",)

    def __init__(self, neuron, dt, step0, input_spikes, pattern, v, y, fired, weights, x,
                 record_steps, record_every, final_state):
        self.neuron = neuron
        self.dt = dt
        self.step0 = step0
        self.input_spikes = input_spikes
        self.pattern = pattern
        self.v = v
        self.y = y
        self.output_spikes = np.flatnonzero(fired).astype(np.int64)
        self.weights = weights
        self.x = x
        self.record_steps = record_steps
        self.record_every = record_every
        self.final_state = final_state
        self.duration = v.shape[0] * dt

    @property
    def t(self):
        """Start time of each step [ms]."""
        return (self.step0 + np.arange(self.v.shape[0])) * self.dt

    @property
    def n_steps(self):
        return int(self.v.shape[0])

    @property
    def final_weights(self):
        """The weights [1] at the end of the run (read-only)."""
        return self.final_state.weights

    @property
    def spikes(self):
        """The output spikes as a SpikeTrains (times [ms] from t = 0)."""
        return SpikeTrains((self.step0 + self.output_spikes) * self.dt,
                           n=1, duration=(self.step0 + self.n_steps) * self.dt)

    def mean_weights(self, indices):
        """Mean recorded weight [1] of the inputs ``indices`` at each record
        row, shape (n_records,) (e.g. ``result.pattern.pattern_indices``)."""
        idx = np.asarray(indices, dtype=np.int64).reshape(-1)
        if idx.size == 0:
            return np.full(self.weights.shape[0], np.nan)
        return self.weights[:, idx].mean(axis=1)

    def plot(self, pattern_indices=None, non_pattern_indices=None):
        """The course's four panels (input raster, V with output spikes,
        weights over time, final weights), drawn by
        :func:`neuroai.plotting.plot_stdp_simulation_results`; the pattern
        inputs are the pattern's when the input came from
        :func:`frozen_pattern_input`, else given (default: none)."""
        from . import plotting
        dense = self._dense_input()
        n = dense.shape[1]
        p = self.pattern
        if pattern_indices is None:
            pattern_indices = p.pattern_indices if p is not None else np.zeros(0, np.int64)
        pattern_indices = np.asarray(pattern_indices, dtype=np.int64).reshape(-1)
        if non_pattern_indices is None:
            non_pattern_indices = np.setdiff1d(np.arange(n), pattern_indices)
        times = p.pattern_times if p is not None else np.zeros(0, np.int64)
        length = p.pattern_duration if p is not None else 0
        return plotting.plot_stdp_simulation_results(
            self.v, self.output_spikes, dense, self.weights, times, length,
            pattern_indices, non_pattern_indices, self.dt)

    def _n_inputs(self):
        s = self.input_spikes
        return s.n if isinstance(s, SpikeTrains) else int(s.shape[1])

    def _dense_input(self, limit=10 ** 8):
        """The input as a (n_steps, n_inputs) bool array (built from a
        SpikeTrains on the run's grid, up to ``limit`` entries)."""
        s = self.input_spikes
        if not isinstance(s, SpikeTrains):
            return s
        n = s.n
        if self.n_steps * n > limit:
            raise ValueError(f"the input is {self.n_steps} steps x {n} trains: too large to "
                             "draw as a raster; plot a part of the run")
        from .stimuli import GRID_GUARD
        dense = np.zeros((self.n_steps, n), dtype=bool)
        dense[np.floor(s.times / self.dt + GRID_GUARD).astype(np.int64), s.indices] = True
        return dense

    def __repr__(self):
        k = self.output_spikes.size
        return (f"STDPResult({self._n_inputs()} inputs, {self.duration:g} ms at "
                f"dt={self.dt:g} ms, {k} output spike{'s' if k != 1 else ''})")

    def _repr_html_(self):
        n_in = self._n_inputs()
        n_spikes = len(self.input_spikes) if isinstance(self.input_spikes, SpikeTrains) \
            else int(np.count_nonzero(self.input_spikes))
        k = self.output_spikes.size
        rate = k / self.duration * _MS_PER_S if self.duration > 0 else 0.0
        fw = np.asarray(self.final_weights)
        rows = [("duration", f"{self.duration:g} ms (dt = {self.dt:g} ms, from step "
                             f"{self.step0})"),
                ("inputs", f"{n_in} trains, {n_spikes} spikes"),
                ("output spikes", f"{k} ({rate:.4g} Hz)"),
                ("final weights", f"mean {float(fw.mean()):.4g}, range "
                                  f"{float(fw.min()):.4g} to {float(fw.max()):.4g}"
                 if fw.size else "none")]
        if self.pattern is not None:
            pi, ni = self.pattern.pattern_indices, self.pattern.non_pattern_indices
            rows.append(("pattern inputs", f"{pi.size}, mean final weight "
                         f"{float(fw[pi].mean()) if pi.size else float('nan'):.4g} "
                         f"(others {float(fw[ni].mean()) if ni.size else float('nan'):.4g})"))
        rows += [("v", f"array, shape {self.v.shape} [mV]"),
                 ("y", f"array, shape {self.y.shape} [1]"),
                 ("weights", f"array, shape {self.weights.shape} [1], every "
                             f"{self.record_every} steps"),
                 ("x", f"array, shape {self.x.shape} [1]"),
                 ("final_state", "STDPState")]
        return html_table("STDPResult", rows)


def _as_spike_array(x, n_inputs, ndim):
    """The input as a bool array of shape (T, n_inputs) (ndim 2) or
    (n_inputs,) (ndim 1): booleans, or numbers that are all 0 or 1."""
    name = "input_spikes"
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be True/False per step and input, got a string")
    a = np.asarray(x)
    if a.dtype != bool:
        if a.dtype == object or a.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be True/False (or 0/1) per step and input, got "
                            f"an array of dtype {a.dtype}")
        if a.size and not np.all((a == 0) | (a == 1)):
            bad = a[(a != 0) & (a != 1)].reshape(-1)[0].item()
            raise ValueError(f"{name} must hold True/False (or 0/1), one entry per step and "
                             f"input, got the value {bad!r}")
        a = a != 0
    want = (n_inputs,) if ndim == 1 else ("T", n_inputs)
    if a.ndim != ndim or a.shape[-1] != n_inputs:
        raise ValueError(f"{name} must have shape {want} (one entry per "
                         f"{'input' if ndim == 1 else 'step and input'}) for a neuron of "
                         f"{n_inputs} inputs, got shape {a.shape}")
    return a


def _dense_events(spikes):
    """(step, input) int64 arrays of the True entries of a (T, n) bool array,
    in row-major order: the order in which the course's boolean mask lists
    the active weights (one flat pass: np.nonzero of a 2-D array costs ten
    times more)."""
    flat = np.flatnonzero(spikes).astype(np.int64, copy=False)
    return np.divmod(flat, spikes.shape[1])


def _train_events(trains, n_inputs, dt):
    """(events, n_steps) of a SpikeTrains on the grid of dt [ms]: a spike at
    t [ms] falls in step floor(t/dt + GRID_GUARD), as everywhere in neuroai;
    the window [0, duration) must be a whole number of steps, and an input
    may spike once per step (the course's input holds one bool)."""
    from .stimuli import GRID_GUARD
    if trains.n != n_inputs:
        raise ValueError(f"input_spikes holds {trains.n} trains but the neuron has "
                         f"{n_inputs} inputs: give one train per input")
    n_steps = V.n_steps(trains.duration, dt) if trains.duration > 0 else 0
    steps = np.floor(trains.times / dt + GRID_GUARD).astype(np.int64)
    V.spikes_in_window(trains.times, dt, 0, n_steps, GRID_GUARD, "input_spikes")
    order = np.lexsort((trains.indices, steps))
    steps, index = steps[order], trains.indices[order].astype(np.int64)
    same = (np.diff(steps) == 0) & (np.diff(index) == 0)
    if same.any():
        k = int(np.argmax(same))
        raise ValueError(f"input_spikes: input {int(index[k])} spikes twice in the step at "
                         f"{steps[k] * dt:g} ms (dt = {dt:g} ms); the course's neuron takes "
                         "one spike per step and input: use a smaller dt")
    return (steps, index), n_steps


class LIFNeuronSTDP:
    """The course's leaky integrate-and-fire neuron with STDP synapses
    (``LIFNeuronSTDP`` of its ``stdp.ipynb``), stepped in C exactly as the
    notebook's Python steps it.

    Parameters
    ----------
    n_inputs : int
        Number of plastic synapses, >= 1.
    tau_m : float, default 20.0
        Membrane time constant [ms], > 0.
    v_rest, v_reset, v_thresh : float, default -65.0, -65.0, -50.0
        Resting, reset and threshold potentials [mV]; v_reset < v_thresh.
    tau_plus, tau_minus : float, default 20.0, 20.0
        Time constants [ms] of the presynaptic traces x and the postsynaptic
        trace y, > 0.
    A_plus, A_minus : float, default 0.01, 0.012
        Potentiation per unit of x at a postsynaptic spike and depression
        per unit of y at a presynaptic spike [1], >= 0.
    w_max : float, default 1.0
        Upper bound of the weights [1], > 0 (the lower bound is 0).
    weights : array_like, optional
        Initial weights [1], one per input, finite (values outside
        ``[0, w_max]`` are clipped at the first spike, as in the course).
    seed : int, Generator or RandomState, optional
        Draws the initial weights uniformly in [0.1, 0.5).  With neither
        ``weights`` nor ``seed`` they are drawn from NumPy's global generator
        (``np.random.uniform(0.1, 0.5, n_inputs)``), exactly as the course,
        so a notebook that calls ``np.random.seed(42)`` first gets the
        course's weights.

    Attributes
    ----------
    v : float
        Membrane potential [mV]; starts at v_rest.
    weights : ndarray, shape (n_inputs,)
        The weights [1].
    x_trace : ndarray, shape (n_inputs,)
        The presynaptic traces [1]; start at 0.
    y_trace : float
        The postsynaptic trace [1]; starts at 0.
    steps_done : int
        Steps run since construction (or :meth:`reset_state`): the phase of
        the weight record of :meth:`simulate`.

    The parameters are attributes too, checked again at each run.  The
    neuron carries its state: :meth:`step` and :meth:`simulate` continue
    from it and leave it at the end (a run in k parts equals one run).
    """

    def __init__(self, n_inputs, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
                 tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012, w_max=1.0,
                 *, weights=None, seed=None):
        self.n_inputs = V.integer(n_inputs, "n_inputs", minimum=1)
        self.tau_m, self.v_rest, self.v_reset, self.v_thresh = tau_m, v_rest, v_reset, v_thresh
        self.tau_plus, self.tau_minus = tau_plus, tau_minus
        self.A_plus, self.A_minus, self.w_max = A_plus, A_minus, w_max
        self._cache = None
        self._param_table()
        if weights is not None:
            if seed is not None:
                raise ValueError("give weights or seed, not both (seed draws the weights)")
            w = V.as_float_array(weights, "weights", "1", ndim=1)
            if w.shape[0] != self.n_inputs:
                raise ValueError(f"weights [1] must have one value per input "
                                 f"({self.n_inputs}), got {w.shape[0]}")
            w = np.array(w, dtype=np.float64)
        elif seed is not None:
            gen = seed if isinstance(seed, np.random.RandomState) else V.rng(seed)
            w = gen.uniform(0.1, 0.5, self.n_inputs)
        else:
            w = np.random.uniform(0.1, 0.5, self.n_inputs)   # the course's draw
        self._w0 = w.copy()
        self._w0.setflags(write=False)
        self.reset_state()

    def reset_state(self):
        """Back to the start: v = v_rest, traces 0, the initial weights."""
        self.v = float(_check_param("v_rest", self.v_rest))
        self.weights = self._w0.copy()
        self.x_trace = np.zeros(self.n_inputs)
        self.y_trace = 0.0
        self.steps_done = 0

    @property
    def initial_weights(self):
        """The weights [1] the neuron started with (read-only)."""
        return self._w0

    def _param_table(self):
        values = tuple(getattr(self, k) for k in _PARAMS)
        # the table of the last checked values, while they are plain numbers
        # (an array set as a parameter is refused by the checks below)
        if (self._cache is not None and all(type(a) in (int, float) for a in values)
                and self._cache[0] == values):
            return self._cache[1]
        checked = {k: _check_param(k, getattr(self, k)) for k in _PARAMS}
        if not checked["v_reset"] < checked["v_thresh"]:
            raise ValueError(f"v_reset [mV] must be < v_thresh [mV], got v_reset = "
                             f"{checked['v_reset']!r}, v_thresh = {checked['v_thresh']!r}")
        table = np.array([checked[k] for k in _PARAMS], dtype=np.float64)
        table.setflags(write=False)
        assert tuple(_PARAMS[k][0] for k in _PARAMS) == _core.STDPC_PARAMS
        self._cache = (values, table)
        return table

    def _state_arrays(self):
        v = V.scalar(self.v, "v", "mV")
        y = V.nonnegative(self.y_trace, "y_trace", "1")
        x = V.as_float_array(self.x_trace, "x_trace", "1", ndim=1)
        w = V.as_float_array(self.weights, "weights", "1", ndim=1)
        for name, a in (("x_trace", x), ("weights", w)):
            if a.shape[0] != self.n_inputs:
                raise ValueError(f"{name} [1] must have one value per input "
                                 f"({self.n_inputs}), got shape {a.shape}")
        V.all_nonnegative(x, "x_trace", "1")
        return v, y, x, w

    def _run(self, events, n_steps, dt, record_every):
        table = self._param_table()
        ev_step, ev_index = events
        v, y, x, w = self.v, self.y_trace, self.x_trace, self.weights
        n = self.n_inputs
        if not (type(v) is float and type(y) is float and type(x) is np.ndarray
                and type(w) is np.ndarray and x.dtype == np.float64 and w.dtype == np.float64
                and x.shape == (n,) and w.shape == (n,)):
            v, y, x, w = self._state_arrays()      # converted, or a clear error
        try:
            return _core.stdp_course_run(
                v=v, y=y, x=x, w=w, ev_step=ev_step, ev_index=ev_index,
                n_steps=int(n_steps), dt=dt, step0=int(self.steps_done), params=table,
                rec_every=record_every)
        except ValueError:
            # the core refuses a state holding NaN, inf or a negative trace:
            # say which, in the neuron's words
            self._state_arrays()
            raise

    def step(self, dt, input_spikes):
        """One step of ``dt`` [ms], the course's ``step``: ``input_spikes``
        is one bool (or 0/1) per input, True where it spikes in this step.

        Returns
        -------
        (bool, float, ndarray)
            Whether the neuron fired, V [mV] after the step, and a copy of
            the weights [1].
        """
        dt = V.positive(dt, "dt", "ms")
        s = _as_spike_array(input_spikes, self.n_inputs, 1)
        v, y, x, w, _, _, fired, _, _ = self._run(_dense_events(s[None, :]), 1, dt, 1)
        self.v, self.y_trace, self.x_trace, self.weights = v, y, x, w
        self.steps_done += 1
        return bool(fired[0]), v, w.copy()

    def simulate(self, input_spikes, dt=None, *, record_every=100):
        """Run the neuron over a whole input in one C call, from its current
        state, which it keeps at the end (as the course's loop over ``step``).

        Parameters
        ----------
        input_spikes : array_like of bool, shape (n_steps, n_inputs), FrozenPattern or SpikeTrains
            True where input ``j`` spikes in step ``i`` (0/1 numbers are
            accepted); a :class:`FrozenPattern` gives its ``spikes``, its
            ``dt`` and, to the result, its pattern; a
            :class:`~neuroai.SpikeTrains` of ``n_inputs`` trains gives spike
            times [ms] over ``[0, duration)`` (a whole number of steps), each
            in step ``floor(t / dt)`` (at most one per input and step): a long
            run then needs no (n_steps, n_inputs) array.
        dt : float, optional
            Step [ms], > 0; default the pattern's dt, else 1.0 (the course's).
        record_every : int, default 100
            Record the weights and traces x after every step whose absolute
            index (counted by ``steps_done``) is a multiple of this (the
            course's ``t % 100 == 0``).

        Returns
        -------
        STDPResult
        """
        pattern = input_spikes if isinstance(input_spikes, FrozenPattern) else None
        if pattern is not None:
            if dt is None:
                dt = pattern.dt
            dt = V.positive(dt, "dt", "ms")
            if dt != pattern.dt:
                raise ValueError(f"dt [ms] = {dt!r} differs from the pattern's dt = "
                                 f"{pattern.dt!r} ms; give the same or leave dt out")
            given = pattern.spikes
        else:
            dt = V.positive(1.0 if dt is None else dt, "dt", "ms")
            given = input_spikes
        record_every = V.integer(record_every, "record_every [steps]", minimum=1)
        if isinstance(given, SpikeTrains):
            events, n_steps = _train_events(given, self.n_inputs, dt)
            spikes = given
        else:
            spikes = _as_spike_array(given, self.n_inputs, 2)
            n_steps = int(spikes.shape[0])
            events = None
        if not self.steps_done + n_steps <= V.MAX_STEPS:
            raise ValueError(f"the run would end at step {self.steps_done + n_steps}, beyond "
                             "2**53 steps")
        rows = -(-n_steps // record_every) + 1
        V.check_memory(n_steps * 17 + 16 * rows * self.n_inputs, "LIFNeuronSTDP.simulate",
                       hint="record the weights less often (record_every) or shorten the run")
        step0 = int(self.steps_done)
        if events is None:
            events = _dense_events(spikes)
        v, y, x, w, v_tr, y_tr, fired, w_rec, x_rec = self._run(events, n_steps, dt,
                                                                record_every)
        self.v, self.y_trace, self.x_trace, self.weights = v, y, x, w
        self.steps_done = step0 + n_steps
        first = -(-step0 // record_every) * record_every
        rec_steps = first + record_every * np.arange(w_rec.shape[0], dtype=np.int64)
        if isinstance(spikes, np.ndarray) and spikes.flags.writeable:
            spikes = spikes.view()
            spikes.setflags(write=False)
        final = STDPState(self.steps_done, dt, "course",
                          {"v": np.array(v), "y": np.array(y), "x": x.copy(),
                           "weights": w.copy()})
        return STDPResult(self, dt, step0, spikes, pattern, v_tr, y_tr, fired, w_rec, x_rec,
                          rec_steps, record_every, final)

    def __repr__(self):
        return (f"LIFNeuronSTDP(n_inputs={self.n_inputs}, tau_m={self.tau_m:g}, "
                f"v_rest={self.v_rest:g}, v_reset={self.v_reset:g}, "
                f"v_thresh={self.v_thresh:g}, tau_plus={self.tau_plus:g}, "
                f"tau_minus={self.tau_minus:g}, A_plus={self.A_plus:g}, "
                f"A_minus={self.A_minus:g}, w_max={self.w_max:g})")

