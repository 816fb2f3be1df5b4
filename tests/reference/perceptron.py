"""Perceptron twins: the logistic sigmoid and Rosenblatt's learning rule, written out."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))),
                    np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def perceptron_rule(X, y, w, b, epochs, lr=1.0):
    """Rosenblatt's rule, samples in order; returns (w, b, errors per epoch)."""
    w = np.array(w, dtype=float)
    errors = []
    for _ in range(epochs):
        wrong = 0
        for x, t in zip(X, y):
            z = 0.0
            for wi, xi in zip(w, x):
                z += wi * xi
            z += b
            y_hat = 1.0 if z >= 0 else 0.0
            if t != y_hat:
                wrong += 1
                w = w + lr * (t - y_hat) * np.asarray(x, dtype=float)
                b = b + lr * (t - y_hat)
        errors.append(wrong)
        if wrong == 0:
            break
    return w, b, np.array(errors)
