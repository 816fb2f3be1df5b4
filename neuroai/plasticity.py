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

__all__ = ["STDP"]

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

    def _row(self, dt):
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
                      scale_every=every)
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
