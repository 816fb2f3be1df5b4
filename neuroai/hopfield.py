"""Hopfield networks: binary associative memory, recalled in C.

N units with states ``s_i`` in {-1, +1}, symmetric weights ``W`` with zero
diagonal and no thresholds (Hopfield 1982)::

    h_i = sum_j W_ij s_j             local field
    s_i <- sign(h_i)                 update
    E   = -1/2 sum_ij W_ij s_i s_j   energy
    m_mu = (1/N) sum_i p_mu,i s_i    overlap with stored pattern mu

Everything here is dimensionless ([1]): states, weights, energies and
overlaps carry no physical unit.

Storage rules (:meth:`Hopfield.store`):

``"hebb"``
    ``W = P^T P / N`` with the diagonal set to 0 (Hopfield 1982).  Random
    patterns are recalled up to about ``0.138 N`` of them (Amit, Gutfreund &
    Sompolinsky, Phys. Rev. Lett. 55:1530, 1985); correlated patterns
    interfere well below that.
``"pseudoinverse"``
    the projection rule ``W = P^+ P`` (the orthogonal projection onto the
    patterns' span; Personnaz, Guyon & Dreyfus 1985, Kanter & Sompolinsky
    1987) with the diagonal set to 0: every stored pattern whose projection
    diagonal is below 1 is a fixed point, whatever the correlations, for up
    to about ``N / 2`` patterns.

Recall (:meth:`Hopfield.recall`): ``mode="async"`` updates one unit at a time,
each from the current state, in a new seeded random order every sweep
(``order="random"``) or in the order 0..N-1 (``order="sequential"``); the
energy then never increases.  ``mode="sync"`` updates all units at once from
the same state (Little 1974) and may end in a 2-cycle.  A unit whose field
is exactly 0 keeps its state (``sign_zero="keep"``, the default) or becomes 0
(``sign_zero="zero"``, NumPy's and PyTorch's ``sign(0) = 0``).  A run stops
after the first sweep that changes no unit (a fixed point) or after
``max_sweeps`` sweeps.

The public course's ``HopfieldNetwork`` (its notebook on lateral inhibition)
stores by the Hebbian rule and, in ``predict(state, steps)``, applies
``state = sign(W @ state)`` to every unit at once ``steps`` times, with
``sign(0) = 0``: ``recall(cue, mode="sync", sign_zero="zero",
max_sweeps=steps)`` gives its final state (a run that reaches a fixed point
earlier stops there, where further steps change nothing).  Its fields are
computed here exactly (the Hebbian weights are kept as integers and divided
by N once), so a field that is 0 in exact arithmetic is 0 here.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import _validate as V
from .results import html_table

__all__ = ["Hopfield", "HopfieldRecall", "CapacityCurve", "corrupt", "random_patterns",
           "capacity_curve", "HEBB_CAPACITY"]

#: Critical load alpha_c = P / N of Hebbian storage of random patterns for
#: large N (Amit, Gutfreund & Sompolinsky 1985).
HEBB_CAPACITY = 0.138

#: Most units of a network, most sweeps of one recall, most trials and the
#: largest load of a capacity curve: far beyond any use, and they keep counts
#: and sizes within int64.
MAX_UNITS = 10 ** 7
MAX_SWEEPS = 10 ** 9
MAX_TRIALS = 10 ** 4
MAX_LOAD = 10.0

_RULES = ("hebb", "pseudoinverse")
_MODES = ("async", "sync")
_ORDERS = ("random", "sequential")
_SIGN_ZERO = {"keep": _core.HOPFIELD_TIE_KEEP, "zero": _core.HOPFIELD_TIE_ZERO}
_RECORDS = ("sweep", "update")


def _binary(x, name, *, ndim, n=None, allow_zero=False, what="pattern"):
    """``x`` as an int8 array of -1 and +1 (and 0 with ``allow_zero``), a new
    array; clear errors for a wrong type, shape or value."""
    if isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype == bool):
        raise TypeError(f"{name} must hold -1 and +1, got booleans; use 2 * x - 1")
    a = V.real_array(x, name, ndim=ndim)
    if a.ndim == 1 and ndim == (1, 2):
        a = a[None, :]
    if n is not None and a.shape[-1] != n:
        raise ValueError(f"{name} must have {n} units per {what} (the network's n), got "
                         f"shape {a.shape}")
    bad = ~((a == 1.0) | (a == -1.0) | ((a == 0.0) if allow_zero else False))
    if bad.any():
        flat = int(np.flatnonzero(bad)[0])
        idx = np.unravel_index(flat, a.shape)
        where = idx[0] if a.ndim == 1 else tuple(int(i) for i in idx)
        hint = "; for 0/1 patterns use 2 * x - 1" if ((a == 0.0) | (a == 1.0)).all() else ""
        rule = "-1, 0 or +1 (sign_zero='zero')" if allow_zero else "-1 or +1"
        raise ValueError(f"{name} must hold only {rule} (binary Hopfield units), got "
                         f"{a[idx]!r} at index {where}{hint}")
    return a.astype(np.int8)


def _recall_core(c, divisor, patterns, cue, *, mode, order, seed, max_sweeps, sign_zero,
                 record_states, record_updates):
    """The one C call of a recall: the arrays of its record."""
    if mode == "sync":
        update = _core.HOPFIELD_SYNC
    elif order == "sequential":
        update = _core.HOPFIELD_ASYNC_SEQUENTIAL
    else:
        update = _core.HOPFIELD_ASYNC_RANDOM
    return _core.hopfield_recall(c=c, divisor=divisor, patterns=patterns, cue=cue,
                                 update=update, tie=_SIGN_ZERO[sign_zero],
                                 max_sweeps=max_sweeps, seed=seed,
                                 record_states=record_states, record_updates=record_updates)


def _readonly(a):
    a.setflags(write=False)
    return a


class Hopfield:
    """A binary Hopfield network of ``n`` units.

    Parameters
    ----------
    n : int
        Number of units, 2 to 10**7 (the weights take 8 n^2 bytes).

    Attributes
    ----------
    n : int
    weights : ndarray, shape (n, n), float64
        ``W`` [1]: symmetric, zero diagonal (read-only; a copy is made on
        :meth:`set_weights`).  All zero until patterns are stored.
    patterns : ndarray, shape (P, n), int8
        The stored patterns (-1/+1; read-only), whose overlaps a recall
        records.  ``P = 0`` before :meth:`store`.
    rule : str or None
        ``"hebb"``, ``"pseudoinverse"``, ``"custom"`` (:meth:`set_weights`) or
        None (nothing stored).

    Examples
    --------
    >>> import neuroai
    >>> net = neuroai.Hopfield(100).store(neuroai.hopfield.random_patterns(5, 100, seed=1))
    >>> cue = neuroai.corrupt(net.patterns[0], 0.2, seed=2)
    >>> res = net.recall(cue, seed=3)
    >>> res.converged, float(res.overlaps[-1, 0])
    (True, 1.0)
    """

    def __init__(self, n):
        self._n = V.integer(n, "n (number of units)", minimum=2)
        if self._n > MAX_UNITS:
            raise ValueError(f"n (number of units) must be at most {MAX_UNITS}, got {self._n}")
        V.check_memory(8 * self._n * self._n, f"Hopfield(n={self._n})",
                       " (its n x n weights)", hint="use fewer units")
        # W = c / divisor: Hebbian c are integers, so fields are exact (see
        # csrc/nai_hopfield.h)
        self._c = np.zeros((self._n, self._n))
        self._divisor = 1.0
        self._patterns = _readonly(np.zeros((0, self._n), np.int8))
        self.rule = None

    @property
    def n(self):
        """Number of units."""
        return self._n

    @property
    def weights(self):
        """``W`` [1], shape (n, n), read-only."""
        w = self._c / self._divisor if self._divisor != 1.0 else self._c.copy()
        return _readonly(w)

    @property
    def patterns(self):
        """Stored patterns, shape (P, n), int8, read-only."""
        return self._patterns

    @property
    def load(self):
        """``alpha = P / n``: stored patterns per unit."""
        return self._patterns.shape[0] / self._n

    def store(self, patterns, rule="hebb"):
        """Store patterns, replacing what was stored.

        Parameters
        ----------
        patterns : array_like, shape (P, n) or (n,)
            Each -1 or +1 [1].
        rule : {"hebb", "pseudoinverse"}, default "hebb"
            ``"hebb"``: ``W = P^T P / n``, zero diagonal.  ``"pseudoinverse"``:
            ``W = P^+ P`` (projection onto the patterns' span), zero diagonal.

        Returns
        -------
        Hopfield
            This network (so that ``Hopfield(n).store(p)`` reads as one step).
        """
        V.choice(rule, "rule (storage rule)", _RULES)
        p = _binary(patterns, "patterns", ndim=(1, 2), n=self._n)
        if p.shape[0] == 0:
            raise ValueError(f"patterns must hold at least one pattern of {self._n} units, "
                             f"got shape {p.shape}")
        pf = p.astype(np.float64)
        if rule == "hebb":
            # Sums of products of +-1: integers, exact in float64 whatever
            # order BLAS adds them in; divided by n only inside the kernel.
            c = pf.T @ pf
            divisor = float(self._n)
        else:
            # The storage step is a one-off pseudo-inverse (an SVD): NumPy's
            # LAPACK does it accurately, and a second linear-algebra library
            # in the C core would buy nothing; the recall that repeats is C.
            c = np.linalg.pinv(pf) @ pf
            c = 0.5 * (c + c.T)          # symmetric to the last bit, as the kernel checks
            divisor = 1.0
        np.fill_diagonal(c, 0.0)
        if not np.isfinite(c).all():     # pragma: no cover - +-1 input cannot give this
            raise ValueError(f"rule {rule!r} gave non-finite weights")
        self._c, self._divisor = c, divisor
        self._patterns = _readonly(p)
        self.rule = rule
        return self

    def set_weights(self, weights, patterns=None):
        """Use the given weights (``rule = "custom"``).

        Parameters
        ----------
        weights : array_like, shape (n, n)
            ``W`` [1]: finite, exactly symmetric (``W == W.T``; symmetrise
            with ``(W + W.T) / 2``) and with a zero diagonal.  Copied.
        patterns : array_like, shape (P, n), optional
            Patterns whose overlaps a recall records (-1/+1); default none.

        Returns
        -------
        Hopfield
        """
        w = np.array(V.real_array(weights, "weights", ndim=2), dtype=np.float64)
        if w.shape != (self._n, self._n):
            raise ValueError(f"weights must have shape ({self._n}, {self._n}) (the network's "
                             f"n), got {w.shape}")
        if not np.array_equal(w, w.T):
            i, j = np.unravel_index(int(np.argmax(np.abs(w - w.T))), w.shape)
            raise ValueError(
                f"weights must be symmetric (W == W.T, the rule that makes the energy "
                f"fall), got W[{i}, {j}] = {w[i, j]!r} and W[{j}, {i}] = {w[j, i]!r}; "
                "use (W + W.T) / 2")
        d = np.diag(w)
        if np.any(d != 0.0):
            k = int(np.flatnonzero(d != 0.0)[0])
            raise ValueError(f"weights must have a zero diagonal (no self-coupling), got "
                             f"W[{k}, {k}] = {d[k]!r}")
        p = (np.zeros((0, self._n), np.int8) if patterns is None else
             _binary(patterns, "patterns", ndim=(1, 2), n=self._n))
        self._c, self._divisor = w, 1.0
        self._patterns = _readonly(p)
        self.rule = "custom"
        return self

    def _state(self, state, name, allow_zero=False):
        return _binary(state, name, ndim=1, n=self._n, allow_zero=allow_zero, what="state")

    def energy(self, state):
        """``E = -1/2 s^T W s`` [1] of a state (shape (n,), entries -1, 0 or +1)."""
        s = self._state(state, "state", allow_zero=True).astype(np.float64)
        return float(-0.5 * (s @ (self._c @ s)) / self._divisor)

    def overlaps(self, state):
        """``m_mu = s . p_mu / n`` [1] with each stored pattern, shape (P,)."""
        s = self._state(state, "state", allow_zero=True).astype(np.int64)
        return (self._patterns.astype(np.int64) @ s) / self._n

    def recall(self, cue, mode="async", *, order=None, seed=None, max_sweeps=100,
               sign_zero="keep", record="sweep"):
        """Let the network run from a cue until a fixed point, in C.

        Parameters
        ----------
        cue : array_like, shape (n,)
            Initial state, each -1 or +1 (also 0 with ``sign_zero="zero"``).
            Not modified.
        mode : {"async", "sync"}, default "async"
            One unit at a time from the current state (the energy never
            rises), or all units at once from the same state.
        order : {"random", "sequential"}, optional
            Asynchronous order: a new random permutation every sweep (default)
            or units 0..n-1.  Only for ``mode="async"``.
        seed : int, numpy Generator or SeedSequence, optional
            Seed of the random orders (the package's C generator, the same
            orders on every platform); None draws one, kept in the result's
            ``seed``.
        max_sweeps : int, default 100
            Most sweeps (a sweep is n unit updates), 1 to 10**9; the records
            are allocated for this many.
        sign_zero : {"keep", "zero"}, default "keep"
            A unit whose field is exactly 0 keeps its state, or becomes 0
            (``sign(0) = 0``, as the course's ``torch.sign`` loop).
        record : {"sweep", "update"}, default "sweep"
            The state, energy and overlaps are recorded after every sweep;
            ``"update"`` also records the energy after every unit update
            (``energy_updates``; asynchronous runs only).

        Returns
        -------
        HopfieldRecall
        """
        V.choice(mode, "mode", _MODES)
        if order is None:
            order = "random"
        else:
            V.choice(order, "order", _ORDERS)
            if mode == "sync":
                raise ValueError("order applies to mode='async' only (mode='sync' updates "
                                 f"every unit at once), got order={order!r}")
        V.choice(sign_zero, "sign_zero", tuple(_SIGN_ZERO))
        V.choice(record, "record", _RECORDS)
        if record == "update" and mode == "sync":
            raise ValueError("record='update' needs mode='async' (a synchronous sweep is "
                             "one update of every unit)")
        max_sweeps = _max_sweeps(max_sweeps)
        n, n_pat = self._n, self._patterns.shape[0]
        V.check_memory((max_sweeps + 1) * (n + 16 + 8 * n_pat)
                       + (8 * max_sweeps * n if record == "update" else 0),
                       "Hopfield.recall", f" (records of up to max_sweeps = {max_sweeps} sweeps)",
                       hint="lower max_sweeps or record='sweep'")
        if self.rule is None:
            raise ValueError("the network stores nothing yet: call store(patterns) or "
                             "set_weights(weights) first")
        s0 = self._state(cue, "cue", allow_zero=sign_zero == "zero")
        seed_used = V.seed(seed) if (mode == "async" and order == "random") else None
        out = _recall_core(self._c, self._divisor, self._patterns, s0, mode=mode,
                           order=order, seed=0 if seed_used is None else seed_used,
                           max_sweeps=max_sweeps, sign_zero=sign_zero, record_states=True,
                           record_updates=record == "update")
        state, states, energy, ov, changes, eu, sweeps, converged = out
        return HopfieldRecall(
            cue=s0, state=state, states=states, energy=energy, overlaps=ov, changes=changes,
            energy_updates=eu, sweeps=sweeps, converged=converged, mode=mode,
            order=order if mode == "async" else None, seed=seed_used, sign_zero=sign_zero,
            patterns=self._patterns)

    def plot(self, ax=None, **kwargs):
        """The weight matrix as an image (see
        :func:`neuroai.plot.hopfield.plot_hopfield_weights`)."""
        from .plot import hopfield as P
        return P.plot_hopfield_weights(self, ax=ax, **kwargs)

    def __repr__(self):
        return (f"Hopfield(n={self._n}, patterns={self._patterns.shape[0]}, "
                f"rule={self.rule!r}, load={self.load:.3g})")

    def _repr_html_(self):
        w = self.weights
        rows = [("units", f"{self._n}"),
                ("stored", f"{self._patterns.shape[0]} patterns, load alpha = P/n = "
                           f"{self.load:.4g}" + (f" (Hebbian capacity {HEBB_CAPACITY})"
                                                 if self.rule == "hebb" else "")),
                ("rule", str(self.rule)),
                ("weights", f"array, shape {w.shape} [1], range {w.min():.4g} to {w.max():.4g}")]
        return html_table("Hopfield", rows)


class HopfieldRecall:
    """One recall of a :class:`Hopfield` network.

    Record ``k`` of each array is the network after sweep ``k`` (``k = 0``:
    the cue); a sweep is ``n`` unit updates.  Everything is dimensionless.

    Attributes
    ----------
    cue : ndarray, shape (n,), int8
    state : ndarray, shape (n,), int8
        The final state.
    states : ndarray, shape (sweeps + 1, n), int8
    energy : ndarray, shape (sweeps + 1,)
        ``E = -1/2 s^T W s`` [1] after each sweep.
    overlaps : ndarray, shape (sweeps + 1, P)
        ``m_mu`` [1] with each stored pattern after each sweep.
    changes : ndarray, shape (sweeps,), int64
        Units that changed in each sweep (the last is 0 when converged).
    energy_updates : ndarray, shape (sweeps * n + 1,), or None
        With ``record="update"``: the energy after every unit update (entry 0
        the cue's), non-increasing.
    sweeps : int
        Sweeps run, the last one (no change) included when converged.
    converged : bool
        True when the last sweep changed no unit: a fixed point.
    mode, order, seed, sign_zero
        How the recall ran (``seed`` is None unless the order was random).
    """

    def __init__(self, *, cue, state, states, energy, overlaps, changes, energy_updates,
                 sweeps, converged, mode, order, seed, sign_zero, patterns):
        self.cue = _readonly(cue.copy())
        self.state = _readonly(state)
        self.states = _readonly(states)
        self.energy = _readonly(energy)
        self.overlaps = _readonly(overlaps)
        self.changes = _readonly(changes)
        self.energy_updates = None if energy_updates is None else _readonly(energy_updates)
        self.sweeps = int(sweeps)
        self.converged = bool(converged)
        self.mode, self.order, self.seed, self.sign_zero = mode, order, seed, sign_zero
        self.patterns = patterns

    @property
    def final_overlaps(self):
        """``m_mu`` [1] of the final state with each stored pattern, shape (P,)."""
        return self.overlaps[-1]

    @property
    def recalled(self):
        """Index of the stored pattern the final state equals (or whose
        negation it equals: ``-p`` is stored as well), else None."""
        hits = np.flatnonzero(np.abs(self.final_overlaps) == 1.0)
        return int(hits[0]) if hits.size else None

    def plot(self, fig=None, shape=None, **kwargs):
        """Cue, final state, energy and overlaps (see
        :func:`neuroai.plot.hopfield.plot_hopfield_recall`)."""
        from .plot import hopfield as P
        return P.plot_hopfield_recall(self, fig=fig, shape=shape, **kwargs)

    def __repr__(self):
        return (f"HopfieldRecall(n={self.state.size}, mode={self.mode!r}, "
                f"sweeps={self.sweeps}, converged={self.converged}, "
                f"energy {self.energy[0]:.4g} -> {self.energy[-1]:.4g})")

    def _repr_html_(self):
        how = self.mode + (f", {self.order} order" if self.order else "")
        if self.seed is not None:
            how += f", seed {self.seed}"
        rows = [("units", f"{self.state.size}"),
                ("update", how + f", sign(0): {self.sign_zero}"),
                ("sweeps", f"{self.sweeps} ({'fixed point' if self.converged else 'no fixed point'})"),
                ("energy", f"{self.energy[0]:.5g} -> {self.energy[-1]:.5g} [1]")]
        if self.overlaps.shape[1]:
            m = self.final_overlaps
            k = int(np.argmax(np.abs(m)))
            rows.append(("overlaps", f"{m.size} patterns; largest final |m| = "
                                     f"{abs(m[k]):.4g} (pattern {k})"))
        for name in ("states", "energy", "overlaps", "changes", "energy_updates"):
            a = getattr(self, name)
            if a is not None:
                rows.append((name, f"array, shape {a.shape} [1]"))
        return html_table(type(self).__name__, rows)


def _max_sweeps(x):
    m = V.integer(x, "max_sweeps", minimum=1)
    if m > MAX_SWEEPS:
        raise ValueError(f"max_sweeps must be at most {MAX_SWEEPS}, got {m}")
    return m


def random_patterns(n_patterns, n, seed=None):
    """``n_patterns`` independent random patterns of ``n`` units, each unit
    -1 or +1 with probability 1/2 (NumPy ``default_rng(seed)``); int8
    ``(n_patterns, n)``."""
    n_patterns = V.integer(n_patterns, "n_patterns", minimum=1)
    n = V.integer(n, "n (number of units)", minimum=1)
    if n > MAX_UNITS or n_patterns > MAX_UNITS:
        raise ValueError(f"n_patterns and n (number of units) must be at most {MAX_UNITS}, "
                         f"got {n_patterns} and {n}")
    V.check_memory(9 * n_patterns * n, "random_patterns", hint="ask for fewer patterns")
    rng = V.rng(seed)
    return (2 * rng.integers(0, 2, size=(n_patterns, n)) - 1).astype(np.int8)


def corrupt(pattern, flip_fraction, seed=None):
    """A noisy cue: ``pattern`` with exactly ``round(flip_fraction * n)``
    units flipped, chosen at random without replacement.

    Parameters
    ----------
    pattern : array_like, shape (n,)
        -1/+1 entries [1].  Not modified.
    flip_fraction : float
        Fraction of units to flip [1], in [0, 1].
    seed : int, None, numpy Generator or SeedSequence, optional
        Seed of the choice (NumPy ``default_rng``).

    Returns
    -------
    ndarray, shape (n,), int8
        A new array.
    """
    p = _binary(pattern, "pattern", ndim=1)
    if p.size == 0:
        raise ValueError("pattern must hold at least one unit")
    f = V.fraction(flip_fraction, "flip_fraction", low_open=False)
    k = int(round(f * p.size))
    idx = V.rng(seed).choice(p.size, size=k, replace=False)
    out = p.copy()
    out[idx] = -out[idx]
    return out


class CapacityCurve:
    """Recall rate against load ``alpha = P / n`` (:func:`capacity_curve`).

    Attributes
    ----------
    n : int
    loads : ndarray
        ``alpha = P / n`` [1] actually stored (P rounded from the asked load).
    n_patterns : ndarray of int
        P at each load.
    recall_rate : ndarray
        Fraction [1] of recalls (every stored pattern of every trial) that
        ended with overlap >= ``threshold`` with the pattern they started
        from.
    mean_overlap : ndarray
        Mean final overlap [1] with that pattern.
    trials, rule, mode, flip_fraction, threshold
        How the curve was made.
    """

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, _readonly(v) if isinstance(v, np.ndarray) else v)

    def plot(self, ax=None, **kwargs):
        """Recall rate and mean overlap against load (see
        :func:`neuroai.plot.hopfield.plot_capacity_curve`)."""
        from .plot import hopfield as P
        return P.plot_capacity_curve(self, ax=ax, **kwargs)

    def __repr__(self):
        return (f"CapacityCurve(n={self.n}, rule={self.rule!r}, {self.loads.size} loads "
                f"{self.loads[0]:.3g}..{self.loads[-1]:.3g}, trials={self.trials})")

    def _repr_html_(self):
        rows = [(f"{a:.4g}", f"{p}", f"{r:.3f}", f"{m:.3f}") for a, p, r, m in
                zip(self.loads, self.n_patterns, self.recall_rate, self.mean_overlap)]
        return html_table(
            f"CapacityCurve: n = {self.n}, rule {self.rule!r}, {self.mode} recall, "
            f"{self.trials} trials", rows, head=("alpha = P/n", "P", "recall rate", "mean m"),
            notes=(f"recalled: final overlap >= {self.threshold} from a cue with "
                   f"{self.flip_fraction:g} of the units flipped",
                   f"Hebbian storage of random patterns: alpha_c = {HEBB_CAPACITY} for "
                   "large n (Amit, Gutfreund & Sompolinsky 1985)"))


def capacity_curve(n, loads, trials=5, seed=None, *, rule="hebb", mode="async",
                   flip_fraction=0.0, threshold=0.95, max_sweeps=50):
    """Recall rate against load ``alpha = P / n`` for random patterns.

    For each load and trial, ``P = round(alpha n)`` (at least 1) random
    patterns are stored and each is recalled from itself (or from a copy
    with ``flip_fraction`` of its units flipped); a recall succeeds when the
    final overlap with that pattern is >= ``threshold``.  Under Hebbian
    storage the rate falls from near 1 to near 0 around
    ``alpha_c = 0.138`` (:data:`HEBB_CAPACITY`), more gradually for small n.

    Parameters
    ----------
    n : int
        Units, >= 2.
    loads : array_like of float
        Loads alpha [1], each in (0, 10].
    trials : int, default 5
        Independent sets of patterns per load, 1 to 10,000.
    seed : int, None, numpy Generator or SeedSequence, optional
        Seed of the patterns, cues and update orders.
    rule : {"hebb", "pseudoinverse"}, default "hebb"
    mode : {"async", "sync"}, default "async"
    flip_fraction : float, default 0.0
        Fraction [1] of each cue's units flipped, in [0, 1].
    threshold : float, default 0.95
        Overlap [1] that counts as recalled, in (0, 1].
    max_sweeps : int, default 50

    Returns
    -------
    CapacityCurve
    """
    net = Hopfield(n)
    n = net.n
    a = V.as_float_array(loads, "loads (alpha = P / n)", ndim=1, allow_empty=False)
    if not ((a > 0) & (a <= MAX_LOAD)).all():
        raise ValueError(f"loads (alpha = P / n) [1] must be in (0, {MAX_LOAD:g}], got "
                         f"{float(a[~((a > 0) & (a <= MAX_LOAD))][0])!r}")
    trials = V.integer(trials, "trials", minimum=1)
    if trials > MAX_TRIALS:
        raise ValueError(f"trials must be at most {MAX_TRIALS}, got {trials}")
    V.choice(rule, "rule (storage rule)", _RULES)
    V.choice(mode, "mode", _MODES)
    f = V.fraction(flip_fraction, "flip_fraction", low_open=False)
    thr = V.fraction(threshold, "threshold")
    max_sweeps = _max_sweeps(max_sweeps)
    n_pat = np.maximum(1, np.rint(a * n)).astype(np.int64)
    rng = V.rng(seed)
    rate = np.empty(a.size)
    mean_m = np.empty(a.size)
    for k, p in enumerate(n_pat):
        hits, total, m_sum = 0, 0, 0.0
        for _ in range(trials):
            pats = (2 * rng.integers(0, 2, size=(int(p), n)) - 1).astype(np.int8)
            net.store(pats, rule)
            for mu in range(int(p)):
                cue = corrupt(pats[mu], f, rng) if f > 0 else pats[mu].copy()
                out = _recall_core(net._c, net._divisor, pats[mu:mu + 1], cue, mode=mode,
                                   order="random", seed=V.seed(rng), max_sweeps=max_sweeps,
                                   sign_zero="keep", record_states=False,
                                   record_updates=False)
                m = float(out[3][-1, 0])
                hits += m >= thr
                m_sum += m
                total += 1
        rate[k] = hits / total
        mean_m[k] = m_sum / total
    return CapacityCurve(n=n, loads=n_pat / n, n_patterns=n_pat, recall_rate=rate,
                         mean_overlap=mean_m, trials=trials, rule=rule, mode=mode,
                         flip_fraction=f, threshold=thr)
