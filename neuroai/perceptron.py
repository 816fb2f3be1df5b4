"""The perceptron: a weighted sum and an activation, computed in C.

    z = w . x + b,      y = f(z)

Learning follows Rosenblatt's perceptron rule (Rosenblatt 1958) for labels in
{0, 1}.  The weighted sum has no unit of its own: it carries whatever unit the
inputs have.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import _validate as V
from .activations import ACTIVATIONS

__all__ = ["Perceptron", "perceptron_layer"]


class Perceptron:
    """A single artificial neuron.

    Parameters
    ----------
    n_inputs : int, optional
        Number of inputs; needed when ``weights`` is not given.
    weights : array_like, shape (n_inputs,), optional
        Initial weights.  Default: drawn from a normal distribution with
        standard deviation 0.5 (the course's initialisation).
    bias : float, optional
        Initial bias.  Default: drawn with standard deviation 0.1 when the
        weights are random, else 0.0.
    activation : {"sigmoid", "relu", "tanh", "step"}, default "sigmoid"
    seed : int, None, numpy Generator or SeedSequence, optional
        Seed of the random initialisation (NumPy ``default_rng``): an int in
        ``[0, 2**64)``, None for fresh entropy, or a Generator/SeedSequence.

    Attributes
    ----------
    weights : ndarray, shape (n_inputs,)
    bias : float
    activation : str
    """

    def __init__(self, n_inputs=None, weights=None, bias=None,
                 activation="sigmoid", seed=None):
        V.choice(activation, "activation", tuple(ACTIVATIONS))
        if weights is None:
            if n_inputs is None:
                raise ValueError("give n_inputs (the number of inputs) or weights")
            n_inputs = V.integer(n_inputs, "n_inputs", minimum=1)
            rng = V.rng(seed)
            weights = rng.normal(0.0, 0.5, n_inputs)
            if bias is None:
                bias = float(rng.normal(0.0, 0.1))
        else:
            weights = np.array(V.as_float_array(weights, "weights", ndim=1,
                                                allow_empty=False))
            if n_inputs is not None and V.integer(n_inputs, "n_inputs", minimum=1) \
                    != weights.shape[0]:
                raise ValueError(
                    f"n_inputs = {n_inputs} but weights has {weights.shape[0]} entries")
        self.weights = np.array(weights, dtype=np.float64)
        self.bias = 0.0 if bias is None else V.scalar(bias, "bias")
        self.activation = activation

    @property
    def n_inputs(self):
        """Number of inputs."""
        return self.weights.shape[0]

    def _inputs(self, x, name="x"):
        a = V.as_float_array(x, name, ndim=(1, 2))
        if a.shape[-1] != self.n_inputs:
            raise ValueError(
                f"{name} must have {self.n_inputs} inputs per sample (the perceptron's "
                f"n_inputs), got shape {a.shape}")
        return a

    def _params(self):
        w = V.as_float_array(self.weights, "weights", ndim=1)
        if w.shape[0] != self.n_inputs:
            raise ValueError("weights changed length")
        return w[None, :], np.array([V.scalar(self.bias, "bias")])

    def net_input(self, x):
        """Weighted sum ``z = w . x + b``: a float for ``(n_inputs,)``, an
        array ``(batch,)`` for ``(batch, n_inputs)``."""
        a = self._inputs(x)
        w, b = self._params()
        z = np.atleast_2d(a) @ w[0] + b[0]
        return float(z[0]) if a.ndim == 1 else z

    def forward(self, x):
        """Output ``f(w . x + b)``: a float for ``x`` of shape
        ``(n_inputs,)``, an array ``(batch,)`` for ``(batch, n_inputs)``."""
        a = self._inputs(x)
        w, b = self._params()
        out = _core.perceptron_forward(x=np.atleast_2d(a), w=w, b=b,
                                       kind=ACTIVATIONS[self.activation])[:, 0]
        return float(out[0]) if a.ndim == 1 else out

    __call__ = forward

    def predict(self, X):
        """Labels in {0, 1}: 1 where ``w . x + b >= 0`` (the activation at or
        above its midpoint).  An int for one sample, else int64 ``(batch,)``."""
        a = self._inputs(X, "X")
        w, b = self._params()
        z = _core.perceptron_forward(x=np.atleast_2d(a), w=w, b=b,
                                     kind=ACTIVATIONS["step"])[:, 0]
        labels = z.astype(np.int64)
        return int(labels[0]) if a.ndim == 1 else labels

    def fit(self, X, y, epochs=100, learning_rate=1.0, seed=None):
        """Train with Rosenblatt's perceptron rule, in C.

        For each sample, the predicted label is 1 when ``w . x + b >= 0``, and
        ``w += learning_rate * (y - y_hat) * x``, ``b += learning_rate *
        (y - y_hat)``.  Stops after the first epoch without mistakes.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)
        y : array_like, shape (n_samples,)
            Labels, each 0 or 1.
        epochs : int, default 100
            Maximum number of passes over the data, >= 1.
        learning_rate : float, default 1.0
            > 0.
        seed : int, numpy Generator or SeedSequence, optional
            If given, the samples are visited in a new random order each
            epoch (C generator seeded by the rule of :func:`neuroai.poisson`,
            reproducible); if None, in the given order.

        Returns
        -------
        ndarray of int64
            Misclassifications in each epoch run (the last is 0 if it
            converged).
        """
        Xa = V.as_float_array(X, "X", ndim=2)
        if Xa.shape[1] != self.n_inputs:
            raise ValueError(
                f"X must have shape (n_samples, {self.n_inputs}), got {Xa.shape}")
        ya = V.as_float_array(y, "y", ndim=1)
        if ya.shape[0] != Xa.shape[0]:
            raise ValueError(
                f"X and y must have the same number of samples: X has {Xa.shape[0]}, "
                f"y has {ya.shape[0]}")
        if Xa.shape[0] == 0:
            raise ValueError("X must hold at least one sample")
        bad = ~np.isin(ya, (0.0, 1.0))
        if bad.any():
            raise ValueError(
                f"labels y must be 0 or 1, got {ya[np.argmax(bad)]!r} at index "
                f"{int(np.argmax(bad))}")
        epochs = V.integer(epochs, "epochs", minimum=1)
        lr = V.positive(learning_rate, "learning_rate")
        shuffle = seed is not None
        w, b = self._params()
        w_new, b_new, errors = _core.perceptron_fit(
            x=Xa, y=ya, w=w[0], b=float(b[0]), max_epochs=epochs, learning_rate=lr,
            shuffle=shuffle, seed=V.seed(seed) if shuffle else 0)
        self.weights = w_new
        self.bias = b_new
        return errors

    def plot(self, x, **kwargs):
        """The computation on one input: weighted inputs, sum, activation
        (see :func:`neuroai.plot.plot_perceptron`)."""
        from . import plot
        return plot.plot_perceptron(self, x, **kwargs)

    def __repr__(self):
        return (f"Perceptron(n_inputs={self.n_inputs}, activation={self.activation!r}, "
                f"bias={self.bias:.4g})")


def perceptron_layer(x, n_neurons=10, seed=None, activation="sigmoid"):
    """Outputs of a layer of ``n_neurons`` randomly initialised perceptrons.

    Each neuron has weights drawn with standard deviation 0.5 and a bias with
    standard deviation 0.1 (NumPy ``default_rng(seed)``), as in the course.

    Parameters
    ----------
    x : array_like, shape (n_inputs,) or (batch, n_inputs)
    n_neurons : int, default 10
    seed : int, None, numpy Generator or SeedSequence, optional
    activation : str, default "sigmoid"

    Returns
    -------
    ndarray, shape (n_neurons,) or (batch, n_neurons)
    """
    V.choice(activation, "activation", tuple(ACTIVATIONS))
    a = V.as_float_array(x, "x", ndim=(1, 2), allow_empty=False)
    n_neurons = V.integer(n_neurons, "n_neurons", minimum=1)
    rng = V.rng(seed)
    w = rng.normal(0.0, 0.5, (n_neurons, a.shape[-1]))
    b = rng.normal(0.0, 0.1, n_neurons)
    out = _core.perceptron_forward(x=np.atleast_2d(a), w=w, b=b, kind=ACTIVATIONS[activation])
    return out[0] if a.ndim == 1 else out
