"""Long-term plasticity rules of a :class:`~neuroai.Circuit`'s projections.

:class:`STDP`
    Pair-based spike-timing-dependent plasticity in the parameterisation of
    NEST's ``stdp_synapse`` (all-to-all pairing) and ``stdp_nn_symm_synapse``
    (symmetric nearest-neighbour pairing), given to
    ``Circuit.connect(..., plasticity=STDP(...))``.  The rule runs in C,
    event-driven, per connection (``csrc/nai_plasticity.h`` has the
    equations, ``csrc/nai_circuit.h`` the step order).

With normalised weights ``w~ = w / w_max``, a post spike reaching the
synapse facilitates ``w~ <- min(1, w~ + lambda (1 - w~)**mu_plus K+)`` and a
pre spike depresses ``w~ <- max(0, w~ - alpha lambda w~**mu_minus K-)``,
``K+`` (``K-``) the presynaptic (postsynaptic) trace decaying with
``tau_plus`` (``tau_minus``).  ``mu = 0`` is additive, ``mu = 1``
multiplicative (Guetig et al. 2003).  An isolated pair at ``Delta t = t_post
- t_pre`` changes an additive weight by ``lambda w_max exp(-Delta t /
tau_plus)`` (``Delta t > 0``) or ``-alpha lambda w_max exp(Delta t /
tau_minus)`` (``Delta t < 0``).

Synaptic scaling (optional): every ``scale_every`` ms each post neuron's
incoming weights of the projection are multiplied by one factor so that they
sum to ``scale_to`` (then clipped to ``[0, w_max]``); with ``lambda_ = 0`` it
is scaling alone.

Reward-modulated STDP (:class:`RewardSTDP`; Izhikevich 2007, NEST's
``stdp_dopamine_synapse``): the pairs change an eligibility trace ``c``
(``+a_plus K+`` at a post spike, ``-a_minus K-`` at a pre spike; decay
``tau_c``), a neuromodulator concentration ``n`` steps by ``1/tau_n`` at each
spike of a given spike-train unit (decay ``tau_n``), and the weight follows
``dw/dt = c (n - b)``, integrated exactly between events and clipped to
``[w_min, w_max]`` at them.

Delays, as NEST's ``stdp_synapse``: the projection's delay ``d`` is
dendritic; a pre spike changes the weight at its own time and is sent with
the new weight, a post spike reaches the synapses ``d`` later.  A post spike
that reaches the synapse at the very time of a pre spike counts as before
it.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import _validate as V

__all__ = ["STDP", "RewardSTDP"]

_PAIRINGS = {"all_to_all": _core.STDP_ALL_TO_ALL, "nearest": _core.STDP_NEAREST}


class STDP:
    """Pair-based STDP of a projection (NEST's ``stdp_synapse`` parameters).

    Parameters
    ----------
    w_max : float
        Largest weight (NEST ``Wmax``), in the projection's unit [nA for
        current receptors, nS for conductances], > 0.  Weights stay in
        ``[0, w_max]``.
    tau_plus : float, default 20.0
        Decay [ms] of the presynaptic trace (the potentiation window), > 0.
    tau_minus : float, default 20.0
        Decay [ms] of the postsynaptic trace (the depression window), > 0
        (in NEST a parameter of the postsynaptic neuron).
    lambda_ : float, default 0.01
        Step size (NEST ``lambda``), >= 0 [1].
    alpha : float, default 1.0
        Depression relative to potentiation, >= 0 [1].
    mu_plus, mu_minus : float, default 0.0
        Weight dependence of potentiation and depression, >= 0 [1]: 0 is
        additive (Song et al. 2000), 1 multiplicative (NEST's default).
    pairing : {"all_to_all", "nearest"}, default "all_to_all"
        ``"all_to_all"``: every pre spike pairs with every post spike
        (``stdp_synapse``).  ``"nearest"``: the symmetric nearest-neighbour
        scheme of NEST's ``stdp_nn_symm_synapse`` (Morrison et al. 2008,
        Fig. 7A): a pre spike pairs with the nearest preceding post spike
        and a post spike with the nearest preceding pre spike.
    scale_to : float, optional
        Synaptic scaling: the sum [nA | nS] of each post neuron's incoming
        weights of the projection after each scaling, > 0.
    scale_every : float, optional
        The scaling period [ms] (a whole number of steps; with ``scale_to``):
        at every multiple of it after t = 0, at the start of the step.

    Examples
    --------
    >>> import neuroai
    >>> rule = neuroai.STDP(w_max=1.0, lambda_=0.005, alpha=1.05)
    >>> rule.pairing, rule.w_max
    ('all_to_all', 1.0)
    """

    __slots__ = ("w_max", "tau_plus", "tau_minus", "lambda_", "alpha", "mu_plus",
                 "mu_minus", "pairing", "scale_to", "scale_every")

    def __init__(self, w_max, tau_plus=20.0, tau_minus=20.0, lambda_=0.01, alpha=1.0,
                 mu_plus=0.0, mu_minus=0.0, pairing="all_to_all", scale_to=None,
                 scale_every=None):
        self.w_max = V.positive(w_max, "STDP w_max", "nA or nS")
        self.tau_plus = V.positive(tau_plus, "STDP tau_plus", "ms")
        self.tau_minus = V.positive(tau_minus, "STDP tau_minus", "ms")
        self.lambda_ = V.nonnegative(lambda_, "STDP lambda_", "1")
        self.alpha = V.nonnegative(alpha, "STDP alpha", "1")
        self.mu_plus = V.nonnegative(mu_plus, "STDP mu_plus", "1")
        self.mu_minus = V.nonnegative(mu_minus, "STDP mu_minus", "1")
        self.pairing = V.choice(pairing, "STDP pairing", tuple(_PAIRINGS))
        if (scale_to is None) != (scale_every is None):
            raise ValueError("STDP synaptic scaling needs both scale_to [nA or nS] and "
                             f"scale_every [ms], got scale_to={scale_to!r}, "
                             f"scale_every={scale_every!r}")
        self.scale_to = None if scale_to is None else V.positive(scale_to, "STDP scale_to",
                                                                   "nA or nS")
        self.scale_every = (None if scale_every is None
                            else V.positive(scale_every, "STDP scale_every", "ms"))

    def _row(self, dt, circuit=None):
        """The rule as a row of the C core's rules table (``_core.STDP_PARAMS``)
        for the time step dt [ms]."""
        every = 0.0
        if self.scale_every is not None:
            every = float(round(self.scale_every / dt))
            if every < 1 or abs(self.scale_every / dt - every) > 1e-9 * every:
                raise ValueError(f"STDP scale_every [ms] must be a whole number of steps "
                                 f"dt = {dt:g} ms, got {self.scale_every!r}")
        values = dict(tau_plus=self.tau_plus, tau_minus=self.tau_minus, alpha=self.alpha,
                      mu_plus=self.mu_plus, mu_minus=self.mu_minus, w_max=self.w_max,
                      pairing=float(_PAIRINGS[self.pairing]),
                      scale_sum=0.0 if self.scale_to is None else self.scale_to,
                      scale_every=every, kind=float(_core.STDP_PAIR), a_plus=0.0,
                      a_minus=0.0, tau_c=0.0, tau_n=0.0, b=0.0, w_min=0.0, modulator=-1.0)
        values["lambda"] = self.lambda_
        return np.array([values[k] for k in _core.STDP_PARAMS], dtype=np.float64)

    def __eq__(self, other):
        return isinstance(other, STDP) and all(getattr(self, k) == getattr(other, k)
                                               for k in self.__slots__)

    def __hash__(self):
        return hash(tuple(getattr(self, k) for k in self.__slots__))

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__)
        return f"STDP({args})"


class RewardSTDP:
    """Reward-modulated (three-factor) STDP of a projection: NEST's
    ``stdp_dopamine_synapse`` (Izhikevich 2007; Potjans et al. 2010).

    Parameters
    ----------
    w_max : float
        Largest weight [nA | nS], > 0 (NEST ``Wmax``).
    modulator : Source or (Source, int)
        The neuromodulator (dopamine) signal: a spike source of the same
        circuit (:meth:`~neuroai.Circuit.spike_source`), its unit 0 or the
        unit given.  Each of its spikes acts at the start of its step.
    a_plus, a_minus : float, default 1.0, 1.5
        Eligibility steps of a pre-before-post and a post-before-pre pairing
        [1], >= 0 (NEST ``A_plus``, ``A_minus``).
    tau_plus, tau_minus : float, default 20.0
        Decay [ms] of the pre and post traces, > 0.
    tau_c : float, default 1000.0
        Decay [ms] of the eligibility trace, > 0.
    tau_n : float, default 200.0
        Decay [ms] of the neuromodulator concentration, > 0.
    b : float, default 0.0
        Baseline concentration [1/ms], >= 0: ``dw/dt = c (n - b)``.
    w_min : float, default 0.0
        Smallest weight [nA | nS], in ``[0, w_max)`` (NEST ``Wmin``).

    Notes
    -----
    ``n`` has unit 1/ms (each spike adds ``1/tau_n``), so ``c`` [1] times the
    integral of ``n`` [1] gives the weight change in the weight's unit.  The
    pairing is all-to-all, the projection's delay dendritic, as
    :class:`STDP`.
    """

    __slots__ = ("w_max", "modulator", "a_plus", "a_minus", "tau_plus", "tau_minus",
                 "tau_c", "tau_n", "b", "w_min")

    def __init__(self, w_max, modulator, a_plus=1.0, a_minus=1.5, tau_plus=20.0,
                 tau_minus=20.0, tau_c=1000.0, tau_n=200.0, b=0.0, w_min=0.0):
        self.w_max = V.positive(w_max, "RewardSTDP w_max", "nA or nS")
        self.modulator = modulator
        self.a_plus = V.nonnegative(a_plus, "RewardSTDP a_plus", "1")
        self.a_minus = V.nonnegative(a_minus, "RewardSTDP a_minus", "1")
        self.tau_plus = V.positive(tau_plus, "RewardSTDP tau_plus", "ms")
        self.tau_minus = V.positive(tau_minus, "RewardSTDP tau_minus", "ms")
        self.tau_c = V.positive(tau_c, "RewardSTDP tau_c", "ms")
        self.tau_n = V.positive(tau_n, "RewardSTDP tau_n", "ms")
        self.b = V.nonnegative(b, "RewardSTDP b", "1/ms")
        self.w_min = V.nonnegative(w_min, "RewardSTDP w_min", "nA or nS")
        if not self.w_min < self.w_max:
            raise ValueError(f"RewardSTDP w_min [nA or nS] must be < w_max = {self.w_max:g}, "
                             f"got {self.w_min!r}")

    def _unit(self, circuit):
        """The modulator's global source index in circuit."""
        mod = self.modulator
        src, unit = (mod if isinstance(mod, tuple) and len(mod) == 2 else (mod, 0))
        if isinstance(src, str):
            src = circuit.sources.get(src, src)
        if getattr(src, "circuit", None) is not circuit or getattr(src, "kind", None) != "spikes":
            raise ValueError(f"RewardSTDP modulator must be a spike source of this circuit "
                             f"(Circuit.spike_source) or (source, unit), got {mod!r}")
        unit = V.integer(unit, "RewardSTDP modulator unit", minimum=0)
        if unit >= src.n:
            raise ValueError(f"RewardSTDP modulator unit must be < {src.n} (the units of "
                             f"source {src.name!r}), got {unit}")
        return src.start + unit

    def _row(self, dt, circuit=None):
        """The rule as a row of the C core's rules table (``_core.STDP_PARAMS``)."""
        values = dict(tau_plus=self.tau_plus, tau_minus=self.tau_minus, alpha=0.0, mu_plus=0.0,
                      mu_minus=0.0, w_max=self.w_max, pairing=float(_core.STDP_ALL_TO_ALL),
                      scale_sum=0.0, scale_every=0.0, kind=float(_core.STDP_DOPAMINE),
                      a_plus=self.a_plus, a_minus=self.a_minus, tau_c=self.tau_c,
                      tau_n=self.tau_n, b=self.b, w_min=self.w_min,
                      modulator=float(self._unit(circuit)) if circuit is not None else 0.0)
        values["lambda"] = 0.0
        return np.array([values[k] for k in _core.STDP_PARAMS], dtype=np.float64)

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__)
        return f"RewardSTDP({args})"
