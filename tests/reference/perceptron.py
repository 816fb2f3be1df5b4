"""Perceptron twins: the logistic sigmoid and Rosenblatt's learning rule, written out."""
import numpy as np

from .stimuli import _Xoshiro


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))),
                    np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def perceptron_rule(X, y, w, b, epochs, lr=1.0, seed=None):
    """Rosenblatt's rule; returns (w, b, errors per epoch).

    Samples in order, or with ``seed`` in the documented shuffle: each epoch
    permutes the previous epoch's order by Fisher-Yates, position k from
    n - 1 down to 1 swapped with position ``next() % (k + 1)``, the draws
    from xoshiro256** stream 0 of ``seed``.  The weighted sum runs over the
    inputs left to right (``np.add.accumulate`` is sequential), then adds b.
    """
    X = np.asarray(X, dtype=float)
    w = np.array(w, dtype=float)
    n = len(X)
    order = list(range(n))
    gen = _Xoshiro(seed, 0) if seed is not None else None
    errors = []
    for _ in range(epochs):
        if gen is not None:
            for k in range(n - 1, 0, -1):
                r = gen.next() % (k + 1)
                order[k], order[r] = order[r], order[k]
        wrong = 0
        for s in order:
            x, t = X[s], y[s]
            z = (np.add.accumulate(w * x)[-1] if len(x) else 0.0) + b
            y_hat = 1.0 if z >= 0 else 0.0
            if t != y_hat:
                wrong += 1
                w = w + lr * (t - y_hat) * x
                b = b + lr * (t - y_hat)
        errors.append(wrong)
        if wrong == 0:
            break
    return w, b, np.array(errors)
