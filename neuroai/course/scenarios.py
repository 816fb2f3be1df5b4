"""The tutorial's thinking exercises, each simulated in one place.

Scenario 1, :func:`flash_vs_sustained`
    A brief flash and a sustained light of the same total charge into an LIF
    neuron (one C call for both) and into a perceptron that sees the total.
Scenario 2, :func:`short_term_plasticity`
    A regular spike train through a static, a depressing and a facilitating
    synapse.
Scenario 3, :func:`brain_power`
    The power of a whole brain against its mean firing rate, and the rate a
    20 W budget affords.

Each function returns a small result object holding its inputs and outputs;
:mod:`neuroai.plot` draws them (``plot_flash_vs_sustained``,
``plot_stp_comparison``, ``plot_energy_vs_rate``) and never simulates.  The
notebooks, the sliders of :mod:`neuroai.interactive` and ``python -m
neuroai demo`` call these functions, so every view of a scenario shows the
same numbers.

Units: time ms, current nA, charge nA x ms, conductance nS, rates Hz, power W.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _units as U
from .. import _validate as V
from ..energy import Ledger, affordable_rate, energy_vs_rate
from ..lif import LIFNeuron
from ..perceptron import Perceptron
from ..spikes import SpikeTrains
from ..stimuli import flash, regular, sustained
from ..synapses import DepressingSynapse, FacilitatingSynapse, Synapse

__all__ = ["PERCEPTRON", "default_perceptron", "FlashVsSustained", "flash_vs_sustained",
           "ShortTermPlasticity", "short_term_plasticity", "BrainPower", "brain_power"]

#: The one default perceptron of Scenario 1: its single input is the total
#: charge [nA x ms], ``y = sigmoid(0.05 * Q - 2)``, so 40 nA ms gives 0.5 and
#: the notebook's 60 nA ms gives 0.731.
PERCEPTRON = dict(weights=(0.05,), bias=-2.0, activation="sigmoid")


def default_perceptron():
    """A new :class:`~neuroai.Perceptron` with the parameters of :data:`PERCEPTRON`."""
    return Perceptron(weights=list(PERCEPTRON["weights"]), bias=PERCEPTRON["bias"],
                      activation=PERCEPTRON["activation"])


# ---------------------------------------------------------------------------
# Scenario 1
# ---------------------------------------------------------------------------

class FlashVsSustained:
    """Scenario 1, simulated: see :func:`flash_vs_sustained`.

    Attributes
    ----------
    currents : ndarray, shape (T, 2)
        The two input currents [nA]: column 0 the brief one, 1 the long one.
    dt : float
        Step [ms].
    labels : tuple of str
        Names of the two stimuli.
    totals : ndarray, shape (2,)
        Total charge of each stimulus, ``sum(current) * dt`` [nA x ms].
    outputs : ndarray, shape (2,)
        The perceptron's output for each total.
    lif : LIFResult
        The LIF neuron's run on both currents (neuron k driven by column k).
    neuron : LIFNeuron
    perceptron : Perceptron
    """

    def __init__(self, currents, dt, labels, totals, outputs, lif, neuron, perceptron):
        self.currents, self.dt, self.labels = currents, dt, labels
        self.totals, self.outputs, self.lif = totals, outputs, lif
        self.neuron, self.perceptron = neuron, perceptron

    @property
    def t(self):
        """Start time of each step [ms], shape (T,)."""
        return self.lif.t

    @property
    def counts(self):
        """LIF spike count for each stimulus, int64 shape (2,)."""
        return self.lif.spike_counts

    @property
    def threshold(self):
        """The neuron's threshold [mV] (of its first neuron, if per neuron)."""
        return float(np.ravel(self.neuron.v_threshold)[0])

    def __repr__(self):
        return (f"FlashVsSustained(totals={self.totals.round(3).tolist()} nA ms, "
                f"perceptron={self.outputs.round(3).tolist()}, "
                f"LIF spikes={self.counts.tolist()})")


def flash_vs_sustained(total=60.0, width=5.0, long_width=200.0, start=50.0, duration=300.0,
                       dt=0.1, neuron=None, perceptron=None, currents=None,
                       labels=("brief flash", "sustained light")):
    """Scenario 1: the same total charge as a brief and as a sustained input.

    The perceptron sees one number per stimulus, the total charge, so it
    gives the same output for both; the LIF neuron integrates the current
    with a leak, so the two move its membrane differently.

    Parameters
    ----------
    total : float, default 60.0
        Charge of both stimuli [nA x ms] (:func:`neuroai.flash`,
        :func:`neuroai.sustained`).
    width, long_width : float, default 5.0 and 200.0
        Length of the brief and of the long input [ms].
    start : float, default 50.0
        Onset of both [ms].
    duration : float, default 300.0
        Length of the run [ms], a whole number of steps.
    dt : float, default 0.1
        Step [ms].
    neuron : LIFNeuron, optional
        Default: the course's ``LIFNeuron()``.
    perceptron : Perceptron, optional
        One input, the total charge; default :func:`default_perceptron`.
    currents : pair of array_like, optional
        Two currents [nA] of the same length to use instead of the flash and
        the sustained input built from ``total``, ``width``, ``long_width``,
        ``start`` and ``duration``.
    labels : pair of str
        Names of the two stimuli, for figures.

    Returns
    -------
    FlashVsSustained
    """
    dt = V.positive(dt, "dt", "ms")
    if currents is None:
        a = flash(total, width=width, start=start, duration=duration, dt=dt)
        b = sustained(total, width=long_width, start=start, duration=duration, dt=dt)
    else:
        a, b = (V.as_float_array(c, name, "nA", ndim=1)
                for c, name in zip(currents, ("currents[0]", "currents[1]")))
        if a.shape != b.shape:
            raise ValueError(
                f"the two currents [nA] must have the same length, got {a.size} and {b.size}")
    neuron = LIFNeuron() if neuron is None else neuron
    perceptron = default_perceptron() if perceptron is None else perceptron
    stim = np.stack([a, b], axis=1)
    lif = neuron.simulate(stim, dt=dt)                       # one C call for both stimuli
    totals = np.array([float(np.sum(c) * dt) for c in (a, b)])
    outputs = np.array([float(perceptron.forward([q])) for q in totals])
    return FlashVsSustained(stim, dt, tuple(labels), totals, outputs, lif, neuron, perceptron)


# ---------------------------------------------------------------------------
# Scenario 2
# ---------------------------------------------------------------------------

class ShortTermPlasticity:
    """Scenario 2, simulated: see :func:`short_term_plasticity`.

    Attributes
    ----------
    train : SpikeTrains
        The regular presynaptic train (times on the grid of ``dt``).
    rate : float
        Its rate [Hz].
    synapses : dict of str to synapse
        ``"static"``, ``"depressing"`` and ``"facilitating"``.
    responses : dict of str to SynapseResponse
        Each synapse's response to ``train``, same keys.
    """

    def __init__(self, train, rate, synapses, responses):
        self.train, self.rate = train, rate
        self.synapses, self.responses = synapses, responses

    def relative_efficacies(self):
        """Efficacy of each spike divided by that of the first, per synapse."""
        return {k: r.efficacy / r.efficacy[0] for k, r in self.responses.items()}

    def __repr__(self):
        return (f"ShortTermPlasticity({self.rate:g} Hz, {len(self.train)} spikes, "
                f"synapses: {', '.join(self.synapses)})")


def short_term_plasticity(rate=40.0, n_spikes=10, u=0.5, tau_rec=200.0, dt=0.1):
    """Scenario 2: one regular train through a static, a depressing and a
    facilitating synapse.

    The synapses are the course's defaults (``g_max`` = 1 nS, ``tau_syn`` =
    5 ms; facilitation ``u_base`` = 0.1, ``u_max`` = 0.8, ``u_step`` = 0.3,
    ``tau_facil`` = 100 ms) except the depressing synapse's ``u`` and
    ``tau_rec``.  The run lasts until 100 ms after the last spike, rounded up
    to 10 ms (350 ms for the default 40 Hz train of 10 spikes).

    Parameters
    ----------
    rate : float, default 40.0
        Rate of the train [Hz], > 0; the first spike is at 0.
    n_spikes : int, default 10
        Number of spikes, >= 1.
    u : float, default 0.5
        Release fraction of the depressing synapse [1], in (0, 1].
    tau_rec : float, default 200.0
        Recovery time constant of the depressing synapse [ms], > 0.
    dt : float, default 0.1
        Step [ms]; the spike times are rounded to this grid.

    Returns
    -------
    ShortTermPlasticity
    """
    rate = V.positive(rate, "rate", "Hz")
    n_spikes = V.integer(n_spikes, "n_spikes", minimum=1)
    dt = V.positive(dt, "dt", "ms")
    duration = float(math.ceil((n_spikes * U.period_ms(rate) + 100.0) / 10.0) * 10.0)
    times = regular(rate, duration).times[:n_spikes]
    train = SpikeTrains(np.round(times / dt) * dt, duration=duration)
    synapses = {"static": Synapse(), "depressing": DepressingSynapse(u=u, tau_rec=tau_rec),
                "facilitating": FacilitatingSynapse()}
    responses = {k: s.response(train, duration, dt) for k, s in synapses.items()}
    return ShortTermPlasticity(train, rate, synapses, responses)


# ---------------------------------------------------------------------------
# Scenario 3
# ---------------------------------------------------------------------------

class BrainPower:
    """Scenario 3, computed: see :func:`brain_power`.

    Attributes
    ----------
    rates : ndarray
        Mean firing rates [Hz].
    watts : ndarray
        Power [W] of the population at each rate (energy in one second).
    budget : float
        Power available for signalling [W], ``brain_power x signalling_fraction``.
    affordable : float
        The mean rate [Hz] the budget sustains.
    n_neurons : float
        Number of neurons.
    """

    def __init__(self, rates, watts, budget, affordable, n_neurons):
        self.rates, self.watts, self.budget = rates, watts, budget
        self.affordable, self.n_neurons = affordable, n_neurons

    def __repr__(self):
        return (f"BrainPower({self.n_neurons:.3g} neurons, budget {self.budget:g} W, "
                f"affordable rate {self.affordable:.3g} Hz)")


def brain_power(rates=None, n_neurons=None, fan_out=None, overrides=None):
    """Scenario 3: the power of a whole brain against its mean firing rate.

    Parameters
    ----------
    rates : array_like, optional
        Mean rates [Hz] (default 0-20 Hz in 0.1 Hz steps).
    n_neurons : float, optional
        Number of neurons (default: the ledger's ``brain_neurons``, ~86e9).
    fan_out : float, optional
        Synapses per neuron (default: the ledger's, 8000).
    overrides : dict, optional
        Energy constants to replace (see :class:`neuroai.energy.Ledger`).

    Returns
    -------
    BrainPower
        ``energy_vs_rate(rates, n_neurons, 1000 ms)`` (joules in one second,
        i.e. watts), the signalling budget and
        :func:`neuroai.energy.affordable_rate`.
    """
    led = Ledger(overrides)
    n = led["brain_neurons"] if n_neurons is None else n_neurons
    r = np.linspace(0.0, 20.0, 201) if rates is None else V.as_float_array(rates, "rates", "Hz")
    watts = energy_vs_rate(r, n_neurons=n, duration=U.MS_PER_S, fan_out=fan_out,
                           overrides=overrides)
    budget = led["brain_power"] * led["signalling_fraction"]
    ra = affordable_rate(n_neurons=n, fan_out=fan_out, overrides=overrides)
    return BrainPower(r, watts, budget, ra, n)
