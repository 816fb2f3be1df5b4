"""Plain NumPy twins of Hopfield recall, written from the equations.

Integer arithmetic throughout for Hebbian weights (``counts = P^T P``, zero
diagonal, ``W = counts / N``): every field, energy and overlap is an exact
integer until one final division, so the twin and the C kernel must agree bit
for bit on states, energies and overlaps.

``recall`` follows the textbook loop: for ``mode="sync"`` every unit from the
old state; for ``mode="async"`` one unit at a time, in order 0..N-1
(``order="sequential"``) or in a fresh permutation each sweep, drawn by
Fisher-Yates (k = N-1 down to 1, r = next() % (k+1), swap) from the package's
generator (the xoshiro256** twin of ``tests/reference/stimuli.py``, stream 0).
A sweep that changes no unit ends the run (and counts).

``course_predict`` is the public course's ``HopfieldNetwork.predict`` loop:
``steps`` times ``state = sign(W @ state)`` with ``sign(0) = 0``.
"""
import numpy as np

from .stimuli import _Xoshiro


def hebb_counts(patterns):
    """``P^T P`` with a zero diagonal, int64."""
    p = np.asarray(patterns, dtype=np.int64)
    c = p.T @ p
    np.fill_diagonal(c, 0)
    return c


def energy(counts, n, s):
    """``-1/2 s^T C s / n`` from exact integers (``s^T C s`` is even)."""
    s = np.asarray(s, dtype=np.int64)
    q = int(s @ counts @ s)
    return (-q // 2) / n


def _sign(h, old, tie):
    if h > 0:
        return 1
    if h < 0:
        return -1
    return old if tie == "keep" else 0


def recall(counts, n, patterns, cue, mode="async", order="random", seed=0, max_sweeps=100,
           tie="keep"):
    """Dict of states, energy, overlaps, changes, energy_updates, sweeps, converged."""
    counts = np.asarray(counts, dtype=np.int64)
    pats = np.asarray(patterns, dtype=np.int64)
    s = np.asarray(cue, dtype=np.int64).copy()
    gen = _Xoshiro(seed, 0)
    states, energies, overlaps, changes = [s.copy()], [energy(counts, n, s)], [], []
    overlaps.append(pats @ s / n)
    updates = [energies[0]]
    converged = False
    for _ in range(max_sweeps):
        changed = 0
        if mode == "sync":
            h = counts @ s
            new = np.array([_sign(h[i], s[i], tie) for i in range(len(s))])
            changed = int(np.sum(new != s))
            s = new
        else:
            idx = list(range(len(s)))
            if order == "random":
                for k in range(len(s) - 1, 0, -1):
                    r = gen.next() % (k + 1)
                    idx[k], idx[r] = idx[r], idx[k]
            for i in idx:
                h = int(counts[i] @ s)
                v = _sign(h, s[i], tie)
                if v != s[i]:
                    s[i] = v
                    changed += 1
                updates.append(energy(counts, n, s))
        states.append(s.copy())
        energies.append(energy(counts, n, s))
        overlaps.append(pats @ s / n)
        changes.append(changed)
        if changed == 0:
            converged = True
            break
    return dict(states=np.array(states), energy=np.array(energies),
                overlaps=np.array(overlaps), changes=np.array(changes),
                energy_updates=np.array(updates) if mode == "async" else None,
                sweeps=len(changes), converged=converged)


def course_predict(counts, n, state, steps):
    """The course's loop: ``steps`` times ``state = sign(W @ state)``,
    ``sign(0) = 0``, with the field computed as ``(C @ state) / n``."""
    s = np.asarray(state, dtype=np.int64)
    for _ in range(steps):
        s = np.sign((counts @ s) / n).astype(np.int64)
    return s


def course_patterns(side=10):
    """The course's two images: a cross (middle row and column) and a square
    (rows and columns 2..side-3), -1 elsewhere, flattened."""
    p1 = -np.ones((side, side), dtype=np.int64)
    p1[side // 2, :] = 1
    p1[:, side // 2] = 1
    p2 = -np.ones((side, side), dtype=np.int64)
    p2[2:-2, 2:-2] = 1
    return np.stack([p1.ravel(), p2.ravel()])
