"""Activation functions of the perceptron, computed in C.

Each takes a real scalar or array ``z`` and returns a float (for a scalar) or
a new float64 array of the same shape.  They are accurate to about one unit in
the last place and raise no overflow warning for any finite ``z``: the sigmoid
is evaluated as ``e^z / (1 + e^z)`` for negative ``z`` so that ``exp`` never
overflows.  NaN input is rejected.
"""
from __future__ import annotations

from . import _core
from . import _validate as V

__all__ = ["sigmoid", "relu", "tanh", "step", "ACTIVATIONS"]

#: Names accepted by ``Perceptron(activation=...)`` and their C codes.
ACTIVATIONS = {"sigmoid": _core.ACT_SIGMOID, "relu": _core.ACT_RELU, "tanh": _core.ACT_TANH,
               "step": _core.ACT_STEP}


def _apply(kind, z):
    a = V.as_float_array(z, "z", allow_inf=True)      # +-inf have limits; NaN has none
    out = _core.activation(kind=ACTIVATIONS[kind], z=a)
    return float(out) if out.ndim == 0 else out


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, in (0, 1)."""
    return _apply("sigmoid", z)


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return _apply("relu", z)


def tanh(z):
    """Hyperbolic tangent, in (-1, 1)."""
    return _apply("tanh", z)


def step(z):
    """Heaviside step: 1.0 where ``z >= 0``, else 0.0."""
    return _apply("step", z)
