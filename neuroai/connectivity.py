"""Seeded connectivity rules and weight distributions, drawn in C.

A *rule* says which presynaptic neuron connects to which postsynaptic one;
a *distribution* says what weight each connection gets.  Both are small
immutable objects; :class:`neuroai.Circuit` calls their two methods, and
they can be used directly::

    rule = fixed_probability(0.02)
    indptr, indices = rule.connections(1000, 800, seed=1)   # CSR, rows = pre
    w = normal(1.0, 0.2, low=0.0).sample(indices.size, seed=2)

Rules (each allowed pair; ``autapses=False`` excludes the pairs i -> i,
meaningful when pre and post are the same population):

* :func:`all_to_all`: every allowed pair.
* :func:`one_to_one`: i -> i (equal sizes).
* :func:`fixed_probability`: each allowed pair independently with
  probability ``p``.
* :func:`fixed_indegree`: each postsynaptic neuron gets exactly ``k``
  distinct presynaptic partners, uniformly.
* :func:`fixed_outdegree`: each presynaptic neuron gets exactly ``k``
  distinct targets, uniformly.
* :func:`fixed_total`: exactly ``n`` distinct pairs, uniformly among all
  sets of ``n`` allowed pairs.

The result is int64 CSR: ``indptr`` has ``n_pre + 1`` entries and the
targets of pre neuron ``r`` are ``indices[indptr[r]:indptr[r + 1]]``,
increasing, without repeats.

Distributions (values in the unit of the weight they give, nA or nS):
:func:`constant`, :func:`uniform`, :func:`normal` (optionally truncated to
``[low, high]`` by redrawing), :func:`lognormal`.

Reproducibility: a seed gives the same connections and values on every
platform.  The C code (``csrc/nai_connect.h``, where the algorithms and
their sources are listed) decides everything with integer arithmetic
(xoshiro256** seeded by SplitMix64) and IEEE-754 ``+ - * /`` and ``sqrt``,
with its own logarithm and exponential.  Streams: with the rule's seed,
row ``r`` of :func:`fixed_probability` draws its count from stream ``2r``
and its targets from stream ``2r + 1``, so rows do not change when
``n_pre`` grows; :func:`fixed_outdegree` row ``r`` and
:func:`fixed_indegree` column ``j`` use stream ``2r + 1`` and ``2j + 1``;
:func:`fixed_total` draws like :func:`fixed_probability` with a
probability a little above ``n / pairs`` and removes a uniform choice of the
surplus (every row depends on the sizes).  A distribution draws its values in order from stream 0, so the
first ``m`` values of ``sample(n, seed)`` are ``sample(m, seed)``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import _core
from . import _validate as V

__all__ = ["Rule", "Distribution", "all_to_all", "one_to_one", "fixed_probability",
           "fixed_indegree", "fixed_outdegree", "fixed_total", "constant", "uniform",
           "normal", "lognormal"]

# |z| of the polar method never exceeds sqrt(-2 ln 2^-106) < 12.2: the bound
# used to refuse distributions whose values could overflow float64.
_Z_MAX = 12.2
# Truncation bounds must keep at least this fraction of a normal
# distribution: each kept value costs 1/fraction draws on average.
_MIN_ACCEPTANCE = 1e-3
# float64 bound of exp(): larger arguments overflow.
_EXP_MAX = 709.78


class _Frozen:
    """Immutable parameters: set once by __init__, compared and hashed by
    value, shown as the call that makes them."""
    __slots__ = ()
    _name = ""

    def _freeze(self, **params):
        for key, value in params.items():
            object.__setattr__(self, key, value)

    def __setattr__(self, key, value):
        raise AttributeError(f"{self._name}(...) is immutable; make a new one")

    def __delattr__(self, key):
        raise AttributeError(f"{self._name}(...) is immutable")

    def _params(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other):
        return type(other) is type(self) and other._params() == self._params()

    def __hash__(self):
        return hash((type(self), self._params()))

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__
                         if not self._is_default(k))
        return f"{self._name}({args})"

    def _is_default(self, key):
        return False

    def __reduce__(self):
        # pickling (process pools of a parameter sweep) and copying rebuild
        # from the parameters, bypassing the refusal of __setattr__
        return _rebuild, (type(self), self._params())


def _rebuild(cls, params):
    obj = cls.__new__(cls)
    obj._freeze(**dict(zip(cls.__slots__, params)))
    return obj


def _size(x, name, rule):
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{rule}: {name} (number of neurons) must be an integer, got {x!r}")
    x = int(x)
    if not 0 <= x < 1 << 63:
        raise ValueError(f"{rule}: {name} (number of neurons) must be in [0, 2**63), got {x}")
    return x


def _count(x, name, rule):
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{rule}: {name} must be an integer, got {x!r}")
    x = int(x)
    if x < 0:
        raise ValueError(f"{rule}: {name} must be >= 0, got {x}")
    if x >= 1 << 63:
        raise ValueError(f"{rule}: {name} must be < 2**63, got {x}")
    return x


def _real(x, name, rule):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{rule}: {name} must be a real number, got {x!r}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{rule}: {name} must be finite, got {x!r}")
    return x


# ---------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------

class Rule(_Frozen):
    """Base of the connectivity rules (use the functions of this module)."""
    __slots__ = ()
    _code = -1

    def connections(self, n_pre, n_post, autapses=True, seed=None):
        """The connections of a projection from ``n_pre`` to ``n_post`` neurons.

        Parameters
        ----------
        n_pre, n_post : int
            Numbers of presynaptic and postsynaptic neurons, >= 0.
        autapses : bool
            False excludes the pairs i -> i (for a projection of a
            population onto itself).
        seed : int, None, numpy Generator or SeedSequence
            An int in ``[0, 2**64)`` gives the same connections on every
            platform; None draws fresh entropy.

        Returns
        -------
        indptr : ndarray of int64, shape (n_pre + 1,)
        indices : ndarray of int64, shape (indptr[-1],)
            CSR with rows = presynaptic neurons: the targets of neuron ``r``
            are ``indices[indptr[r]:indptr[r + 1]]``, increasing.

        Raises
        ------
        ValueError
            When the rule cannot be met (a degree above the allowed
            partners, a total above the allowed pairs, unequal sizes for
            one_to_one).
        MemoryError
            At once, before any work, when the connections would not fit in
            the memory available.
        """
        what = repr(self)
        n_pre = _size(n_pre, "n_pre", what)
        n_post = _size(n_post, "n_post", what)
        autapses = V.flag(autapses, "autapses")
        seed = V.seed(seed)
        if n_post and n_pre > (2 ** 63 - 1) // n_post:
            raise ValueError(f"{what}: n_pre x n_post = {n_pre * n_post} pairs is more than "
                             "an int64 can count")
        self._check(n_pre, n_post, autapses, what)
        nbytes = 8.0 * (n_pre + 1) + self._bytes(n_pre, n_post, autapses)
        V.check_memory(nbytes, f"{what} on {n_pre} x {n_post} neurons",
                       f" ({self._expected(n_pre, n_post, autapses):.4g} connections)",
                       hint="use fewer neurons or a sparser rule")
        return _core.connect_build(self._code, n_pre, n_post, autapses,
                                   self._p(), self._k(), seed)

    # the numbers the C builder takes
    def _p(self):
        return 0.0

    def _k(self):
        return 0

    def _check(self, n_pre, n_post, autapses, what):
        pass

    def _expected(self, n_pre, n_post, autapses):
        """Mean number of connections."""
        raise NotImplementedError

    def _bytes(self, n_pre, n_post, autapses):
        """Upper estimate of the bytes of indices and scratch."""
        return 8.0 * self._expected(n_pre, n_post, autapses)


def _allowed(n_pre, n_post, autapses):
    return n_pre * n_post - (0 if autapses else min(n_pre, n_post))


def _fewest_partners(n_other, autapses):
    """Fewest allowed partners of a neuron when the other side has n_other
    (the autapse, where excluded, is one of them for some neuron)."""
    return n_other - (0 if autapses or n_other == 0 else 1)


class _AllToAll(Rule):
    __slots__ = ()
    _name = "all_to_all"
    _code = _core.CONNECT_ALL_TO_ALL

    def _expected(self, n_pre, n_post, autapses):
        return float(_allowed(n_pre, n_post, autapses))


class _OneToOne(Rule):
    __slots__ = ()
    _name = "one_to_one"
    _code = _core.CONNECT_ONE_TO_ONE

    def _check(self, n_pre, n_post, autapses, what):
        if n_pre != n_post:
            raise ValueError(f"{what} needs n_pre == n_post, got {n_pre} and {n_post}")
        if not autapses:
            raise ValueError(f"{what} with autapses=False would connect nothing: every "
                             "connection i -> i is an autapse")

    def _expected(self, n_pre, n_post, autapses):
        return float(n_pre)


class _FixedProbability(Rule):
    __slots__ = ("p",)
    _name = "fixed_probability"
    _code = _core.CONNECT_FIXED_PROBABILITY

    def __init__(self, p):
        if isinstance(p, bool) or not isinstance(p, numbers.Real):
            raise TypeError(f"fixed_probability: p (connection probability [1]) must be a "
                            f"real number, got {p!r}")
        p = float(p)
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"fixed_probability: p (connection probability [1]) must be "
                             f"in [0, 1], got {p!r}")
        self._freeze(p=p)

    def _p(self):
        return self.p

    def _expected(self, n_pre, n_post, autapses):
        return self.p * _allowed(n_pre, n_post, autapses)

    def _bytes(self, n_pre, n_post, autapses):
        # the count is binomial: mean + 6 standard deviations, and a row's
        # scratch (selection, sort buffer, bitmap) of up to 2.1 x its count
        mean = self._expected(n_pre, n_post, autapses)
        bound = mean + 6.0 * math.sqrt(mean * (1.0 - self.p)) + 1.0
        return 8.0 * bound + 8.0 * 2.1 * min(n_post, 4 * self.p * n_post + 64)


class _FixedIndegree(Rule):
    __slots__ = ("k",)
    _name = "fixed_indegree"
    _code = _core.CONNECT_FIXED_INDEGREE

    def __init__(self, k):
        self._freeze(k=_count(k, "k (presynaptic partners per neuron)", "fixed_indegree"))

    def _k(self):
        return self.k

    def _check(self, n_pre, n_post, autapses, what):
        fewest = _fewest_partners(n_pre, autapses)
        if n_post and self.k > fewest:
            raise ValueError(
                f"{what}: each of the {n_post} postsynaptic neurons needs {self.k} distinct "
                f"presynaptic partners, but only {fewest} are allowed (n_pre = {n_pre}"
                f"{', autapses excluded' if not autapses else ''}): use k <= {fewest}")

    def _expected(self, n_pre, n_post, autapses):
        return float(self.k) * n_post

    def _bytes(self, n_pre, n_post, autapses):
        return 8.0 * (self._expected(n_pre, n_post, autapses) + n_pre + 3.0 * self.k + 2)


class _FixedOutdegree(Rule):
    __slots__ = ("k",)
    _name = "fixed_outdegree"
    _code = _core.CONNECT_FIXED_OUTDEGREE

    def __init__(self, k):
        self._freeze(k=_count(k, "k (targets per neuron)", "fixed_outdegree"))

    def _k(self):
        return self.k

    def _check(self, n_pre, n_post, autapses, what):
        fewest = _fewest_partners(n_post, autapses)
        if n_pre and self.k > fewest:
            raise ValueError(
                f"{what}: each of the {n_pre} presynaptic neurons needs {self.k} distinct "
                f"targets, but only {fewest} are allowed (n_post = {n_post}"
                f"{', autapses excluded' if not autapses else ''}): use k <= {fewest}")

    def _expected(self, n_pre, n_post, autapses):
        return float(self.k) * n_pre

    def _bytes(self, n_pre, n_post, autapses):
        return 8.0 * (self._expected(n_pre, n_post, autapses) + 3.0 * self.k + 2)


class _FixedTotal(Rule):
    __slots__ = ("n",)
    _name = "fixed_total"
    _code = _core.CONNECT_FIXED_TOTAL

    def __init__(self, n):
        self._freeze(n=_count(n, "n (number of connections)", "fixed_total"))

    def _k(self):
        return self.n

    def _check(self, n_pre, n_post, autapses, what):
        allowed = _allowed(n_pre, n_post, autapses)
        if self.n > allowed:
            raise ValueError(
                f"{what}: {self.n} distinct connections asked for, but {n_pre} x {n_post} "
                f"neurons allow only {allowed}"
                f"{' (autapses excluded)' if not autapses else ''}: use n <= {allowed}")

    def _expected(self, n_pre, n_post, autapses):
        return float(self.n)

    def _bytes(self, n_pre, n_post, autapses):
        # indices, the row counts, the surplus and a row's scratch
        return 8.0 * (self.n + 7.0 * math.sqrt(self.n) + 2.1 * n_post + n_pre + 32)


def all_to_all():
    """Every allowed pair: ``n_pre * n_post`` connections (less the
    ``min(n_pre, n_post)`` autapses when they are excluded)."""
    return _AllToAll()


def one_to_one():
    """Neuron i to neuron i, for ``n_pre == n_post``."""
    return _OneToOne()


def fixed_probability(p):
    """Each allowed pair independently with probability ``p`` [1], in [0, 1].

    The number of connections of each presynaptic neuron is binomial; the
    work is proportional to the connections made, not to the pairs.
    """
    return _FixedProbability(p)


def fixed_indegree(k):
    """Each postsynaptic neuron gets exactly ``k`` distinct presynaptic partners.

    ``k`` >= 0 must not exceed ``n_pre`` (``n_pre - 1`` without autapses).

    >>> import numpy as np
    >>> indptr, indices = fixed_indegree(2).connections(4, 3, autapses=False, seed=0)
    >>> np.bincount(indices, minlength=3).tolist()       # in-degree of each target
    [2, 2, 2]
    """
    return _FixedIndegree(k)


def fixed_outdegree(k):
    """Each presynaptic neuron gets exactly ``k`` distinct targets.

    ``k`` >= 0 must not exceed ``n_post`` (``n_post - 1`` without autapses).
    """
    return _FixedOutdegree(k)


def fixed_total(n):
    """Exactly ``n`` distinct connections, a uniform choice among all sets of
    ``n`` allowed pairs (so the counts per row are hypergeometric)."""
    return _FixedTotal(n)


# ---------------------------------------------------------------------------
# distributions
# ---------------------------------------------------------------------------

class Distribution(_Frozen):
    """Base of the weight distributions (use the functions of this module)."""
    __slots__ = ()
    _code = -1

    def sample(self, n, seed=None):
        """``n`` values, float64.

        Parameters
        ----------
        n : int
            Number of values, >= 0.
        seed : int, None, numpy Generator or SeedSequence
            An int in ``[0, 2**64)`` gives the same values on every platform.

        Returns
        -------
        ndarray of float64, shape (n,)
        """
        what = repr(self)
        n = _count(n, "n (number of values)", what)
        seed = V.seed(seed)
        V.check_memory(8.0 * n, f"{what}.sample({n})", hint="draw fewer values")
        a, b, low, high = self._args()
        return _core.dist_sample(self._code, a, b, low, high, n, seed)

    def _args(self):
        raise NotImplementedError


class _Constant(Distribution):
    __slots__ = ("value",)
    _name = "constant"
    _code = _core.DIST_CONSTANT

    def __init__(self, value):
        self._freeze(value=_real(value, "value", "constant"))

    def _args(self):
        return self.value, 0.0, -math.inf, math.inf


class _Uniform(Distribution):
    __slots__ = ("low", "high")
    _name = "uniform"
    _code = _core.DIST_UNIFORM

    def __init__(self, low, high):
        low, high = _real(low, "low", "uniform"), _real(high, "high", "uniform")
        if not low <= high:
            raise ValueError(f"uniform: low must be <= high, got low = {low!r}, "
                             f"high = {high!r}")
        if not math.isfinite(high - low):
            raise ValueError(f"uniform: high - low must be finite, got {high - low!r}")
        self._freeze(low=low, high=high)

    def _args(self):
        return self.low, self.high, -math.inf, math.inf


def _normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


class _Normal(Distribution):
    __slots__ = ("mean", "std", "low", "high")
    _name = "normal"
    _code = _core.DIST_NORMAL

    def __init__(self, mean, std, low=None, high=None):
        mean, std = _real(mean, "mean", "normal"), _real(std, "std", "normal")
        if not std >= 0:
            raise ValueError(f"normal: std must be >= 0, got {std!r}")
        low = -math.inf if low is None else _real(low, "low", "normal")
        high = math.inf if high is None else _real(high, "high", "normal")
        if not low <= high:
            raise ValueError(f"normal: low must be <= high, got low = {low!r}, "
                             f"high = {high!r}")
        if not math.isfinite(abs(mean) + _Z_MAX * std):
            raise ValueError(f"normal: mean +- {_Z_MAX:g} std must be finite in float64, "
                             f"got mean = {mean!r}, std = {std!r}")
        if std == 0:
            kept = 1.0 if low <= mean <= high else 0.0
        else:
            kept = _normal_cdf((high - mean) / std) - _normal_cdf((low - mean) / std)
        if not kept >= _MIN_ACCEPTANCE:
            raise ValueError(
                f"normal(mean={mean!r}, std={std!r}) puts a fraction {kept:.3g} of its "
                f"values in [low, high] = [{low!r}, {high!r}]; values outside are redrawn, "
                f"so the bounds must keep at least {_MIN_ACCEPTANCE:g}: widen them or "
                "move the mean")
        self._freeze(mean=mean, std=std, low=low, high=high)

    def _is_default(self, key):
        return (key == "low" and self.low == -math.inf) or \
               (key == "high" and self.high == math.inf)

    def _args(self):
        return self.mean, self.std, self.low, self.high


class _LogNormal(Distribution):
    __slots__ = ("mu", "sigma")
    _name = "lognormal"
    _code = _core.DIST_LOGNORMAL

    def __init__(self, mu, sigma):
        mu, sigma = _real(mu, "mu", "lognormal"), _real(sigma, "sigma", "lognormal")
        if not sigma >= 0:
            raise ValueError(f"lognormal: sigma (std of the log) must be >= 0, got {sigma!r}")
        if not mu + _Z_MAX * sigma < _EXP_MAX:
            raise ValueError(f"lognormal: exp(mu + {_Z_MAX:g} sigma) overflows float64, got "
                             f"mu = {mu!r}, sigma = {sigma!r}")
        self._freeze(mu=mu, sigma=sigma)

    def _args(self):
        return self.mu, self.sigma, -math.inf, math.inf


def constant(value):
    """Every value equal to ``value`` (finite)."""
    return _Constant(value)


def uniform(low, high):
    """Uniform on ``[low, high]``: ``low + (high - low) u``, u uniform on [0, 1)
    with 53 random bits (rounding can give ``high`` itself)."""
    return _Uniform(low, high)


def normal(mean, std, low=None, high=None):
    """Normal with ``mean`` and ``std`` >= 0, optionally truncated to ``[low, high]``.

    Truncation is by redraw: a value outside the bounds is dropped and the
    next one taken, so the values follow the truncated normal exactly (its
    mean is not ``mean`` when the bounds cut the distribution unevenly;
    for ``low=0`` with weights that must not change sign, this is the
    usual choice).  The bounds must keep at least 0.1% of the distribution.

    >>> w = normal(1.0, 0.5, low=0.0).sample(1000, seed=3)
    >>> bool(w.min() >= 0.0), w.shape
    (True, (1000,))
    """
    return _Normal(mean, std, low, high)


def lognormal(mu, sigma):
    """``exp(X)`` with X normal of mean ``mu`` and std ``sigma`` >= 0 (the
    parameters of the logarithm, as numpy's ``lognormal``)."""
    return _LogNormal(mu, sigma)
