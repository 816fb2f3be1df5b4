"""Pure-NumPy reference twins of the C kernels, used as test oracles.

They follow the course's equations written out directly, in the most obvious
way, with no shared code from the package.
"""
import numpy as np


def lif_euler(current, dt, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
              v_threshold=-55.0, resistance=10.0, t_ref=0.0, v_init=None):
    """Forward Euler as the course writes it, vectorised over neurons.

    current: (T, N) nA.  Returns (v_trace (T, N) at step starts, list of spike
    time arrays, final v).
    """
    current = np.asarray(current, dtype=float)
    T, N = current.shape
    tau_m, v_rest, v_reset, v_threshold, resistance, t_ref = (
        np.broadcast_to(np.asarray(a, dtype=float), (N,))
        for a in (tau_m, v_rest, v_reset, v_threshold, resistance, t_ref))
    v = np.array(v_rest if v_init is None else np.broadcast_to(v_init, (N,)), dtype=float)
    ref_steps = np.array([round(x / dt) for x in t_ref], dtype=np.int64)
    ref_left = np.zeros(N, dtype=np.int64)
    trace = np.empty((T, N))
    spikes = [[] for _ in range(N)]
    for i in range(T):
        trace[i] = v
        held = ref_left > 0
        v_new = v + (-(v - v_rest) + resistance * current[i]) * (dt / tau_m)
        fired = ~held & (v_new >= v_threshold)
        for j in np.flatnonzero(fired):
            spikes[j].append(i * dt)
        v = np.where(held | fired, v_reset, v_new)
        ref_left = np.where(held, ref_left - 1, np.where(fired, ref_steps, 0))
    return trace, [np.array(s) for s in spikes], v


def lif_isi(current, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
            resistance=10.0, t_ref=0.0):
    """Closed-form interspike interval [ms] for a constant current (inf if silent)."""
    v_inf = v_rest + resistance * current
    if v_inf <= v_threshold:
        return np.inf
    return t_ref + tau_m * np.log((v_inf - v_reset) / (v_inf - v_threshold))


def lif_latency(current, tau_m=20.0, v_rest=-70.0, v_threshold=-55.0,
                resistance=10.0, v_init=None):
    """Closed-form time [ms] of the first spike from v_init (default v_rest)."""
    v0 = v_rest if v_init is None else v_init
    v_inf = v_rest + resistance * current
    if v_inf <= v_threshold:
        return np.inf
    return tau_m * np.log((v_inf - v0) / (v_inf - v_threshold))


def lif_spike_times(current, duration, t_ref=0.0, **p):
    """All closed-form spike times [ms] in [0, duration) for a constant current."""
    first = lif_latency(current, **{k: v for k, v in p.items() if k != "v_reset"})
    isi = lif_isi(current, t_ref=t_ref, **p)
    if not np.isfinite(first):
        return np.empty(0)
    n = int(np.floor((duration - first) / isi)) + 1 if first < duration else 0
    return first + isi * np.arange(max(n, 0))


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
