"""The public course's notebook-15 Hopfield network, with its signatures and
its update rule, recalled in C.

The AIMS NeuroAI course's notebook 15 (``tutorials/15_circuits/
lateral_inhibition.ipynb``) writes a ``HopfieldNetwork`` class in torch and
passes it (the class itself) to ``neuroai.plotting.plot_hopfield_topology``.
:class:`HopfieldNetwork` here has the same constructor, ``train`` and
``predict`` and the same ``weights`` attribute, so those cells and the
day-15 figures of :mod:`neuroai.plotting` run on it without torch; the
recall is :meth:`neuroai.Hopfield.recall` (one call into the C core).

The notebook's rule, kept here:

- ``train(patterns)``: Hebb, ``W = patterns.T @ patterns / N`` with a zero
  diagonal, replacing what was stored;
- ``predict(state, steps)``: ``steps`` synchronous updates
  ``s <- sign(W s)`` of every unit at once from the same state, with
  ``sign(0) = 0`` (``torch.sign``; the notebook's line meant to keep the
  previous state where the field is 0 assigns a value to itself and does
  nothing), so a unit whose field is exactly 0 becomes 0.

One difference, in the course's favour of exactness: the notebook works in
float32, where a field that is exactly 0 in exact arithmetic can round to a
tiny nonzero value; the C recall computes Hebbian fields exactly (integer
sums divided by N), so such a unit becomes 0 here.  Synchronous updates can
cycle with period 2 instead of settling; ``predict`` then returns the state
after exactly ``steps`` updates, as the notebook's loop does.
"""
from __future__ import annotations

import sys

import numpy as np

from .. import _validate as V
from ..hopfield import Hopfield, _binary

__all__ = ["HopfieldNetwork"]


def _numpy(x):
    """``x`` as NumPy; a torch tensor is read through
    ``detach().cpu().numpy()`` (torch is never imported here).  The values
    are checked by :class:`neuroai.Hopfield`."""
    if all(hasattr(x, a) for a in ("detach", "cpu", "numpy")):
        x = x.detach().cpu().numpy()
    return x


def _like(result, template):
    """``result`` as a torch tensor of ``template``'s dtype when ``template``
    is a tensor (torch is then already imported), else as given."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(template, torch.Tensor):
        return torch.as_tensor(result, dtype=template.dtype, device=template.device)
    return result


class HopfieldNetwork:
    """A binary Hopfield network with the course's notebook-15 interface.

    Parameters
    ----------
    num_neurons : int
        Number of units N, at least 2.

    Attributes
    ----------
    num_neurons : int
    weights : ndarray, shape (N, N), float64
        ``W`` [1], all zero until :meth:`train`.  Written by :meth:`train`;
        a matrix assigned here (symmetric, zero diagonal) is what
        :meth:`predict` uses.

    Examples
    --------
    >>> import numpy as np
    >>> from neuroai.course import HopfieldNetwork
    >>> p = np.array([[1, -1, 1, -1, 1, -1]], dtype=float)
    >>> net = HopfieldNetwork(6)
    >>> net.train(p)
    >>> net.predict(np.array([1, 1, 1, -1, 1, -1.0]), steps=5)
    array([ 1., -1.,  1., -1.,  1., -1.])
    """

    def __init__(self, num_neurons):
        self.num_neurons = V.integer(num_neurons, "num_neurons (number of units)", minimum=2)
        self._net = Hopfield(self.num_neurons)
        self.weights = np.zeros((self.num_neurons, self.num_neurons))

    def train(self, patterns):
        """Store ``patterns`` by the Hebb rule, ``W = X^T X / N``, zero
        diagonal (the notebook's ``train``).

        Parameters
        ----------
        patterns : array_like or tensor, shape (P, N) or (N,)
            Each -1 or +1 [1].  Not modified.
        """
        self._net.store(_numpy(patterns), rule="hebb")
        # writable, as the notebook's tensor is; predict re-reads it
        self.weights = np.array(self._net.weights)

    def _engine(self):
        """The C network, holding the current ``weights`` (set again when
        they were assigned or changed since :meth:`train`)."""
        w = _numpy(self.weights)
        if self._net.rule is None or not np.array_equal(w, self._net.weights):
            self._net.set_weights(w)      # checks shape, symmetry, zero diagonal
        return self._net

    def predict(self, state, steps=10):
        """``steps`` synchronous updates ``s <- sign(W s)``, ``sign(0) = 0``
        (the notebook's ``predict``), in C.

        Parameters
        ----------
        state : array_like or tensor, shape (N,)
            Initial state, each -1, 0 or +1 [1].  Not modified.
        steps : int, default 10
            Number of updates of all units; 0 returns a copy of ``state``.

        Returns
        -------
        ndarray or tensor, shape (N,)
            The state after ``steps`` updates, float64; a torch tensor of
            ``state``'s dtype when ``state`` is one.
        """
        steps = V.integer(steps, "steps (number of synchronous updates)", minimum=0)
        s = _binary(_numpy(state), "state", ndim=1, n=self.num_neurons, allow_zero=True,
                    what="state")
        if steps == 0:
            return _like(s.astype(np.float64), state)
        res = self._engine().recall(s, "sync", sign_zero="zero", max_sweeps=steps)
        return _like(np.asarray(res.state, dtype=np.float64), state)

    def __repr__(self):
        return f"HopfieldNetwork(num_neurons={self.num_neurons})"
