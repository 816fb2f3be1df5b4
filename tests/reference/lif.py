"""LIF twins: forward Euler as the course writes it, the exact method with
the in-step analytic threshold crossing, and the closed forms for a constant
current.

Membrane equation: tau_m dV/dt = -(V - v_rest) + R I, spike when V reaches
v_threshold, then V = v_reset held for t_ref.  Units: ms, mV, nA, MOhm.
"""
import math

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


def _per_neuron(value, n):
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def lif_exact(current, dt, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
              v_threshold=-55.0, resistance=10.0, t_ref=0.0, v_init=None,
              step0=0, t_free=None):
    """The exact method, one neuron and one step at a time, in plain Python.

    Over a step [t0, t1), t0 = (step0 + i) dt, the current is constant, so V
    relaxes exactly towards V_inf = v_rest + R I:
        V(t + h) = V_inf + (V(t) - V_inf) exp(-h / tau_m).
    When V would reach threshold inside the step, the crossing time
        s = tau_m ln((V_inf - V) / (V_inf - v_threshold))
    is the spike time; V is reset there, held at v_reset until the absolute
    release time t_spike + t_ref, and the rest of the step is integrated from
    v_reset (so several spikes per step are possible).  A V at or above
    threshold at the start of a piece of the step fires at once.

    current: (T, N) nA.  t_free: (N,) release times [ms] (default -inf, not
    refractory).  Returns (v_trace (T, N) at step starts, list of spike time
    arrays, final v, final t_free).
    """
    current = np.asarray(current, dtype=float)
    T, N = current.shape
    tau_m, v_rest, v_reset, v_threshold, resistance, t_ref = (
        _per_neuron(a, N) for a in (tau_m, v_rest, v_reset, v_threshold, resistance, t_ref))
    v_all = np.array(_per_neuron(v_rest if v_init is None else v_init, N))
    free_all = np.array(_per_neuron(-np.inf if t_free is None else t_free, N))
    trace = np.empty((T, N))
    spikes = [[] for _ in range(N)]
    for j in range(N):
        tau, th, vr, tr = tau_m[j], v_threshold[j], v_reset[j], t_ref[j]
        v, free = v_all[j], free_all[j]
        for i in range(T):
            trace[i, j] = v
            t0, t1 = (step0 + i) * dt, (step0 + i + 1) * dt
            v_inf = v_rest[j] + resistance[j] * current[i, j]
            if free >= t1:                      # refractory for the whole step
                v = vr
                continue
            t = t0
            if free > t0:                       # released inside the step
                t, v = free, vr
            while True:
                if v >= th:                     # at threshold already: fires now
                    t_spike = t
                else:
                    v_end = v_inf + (v - v_inf) * math.exp(-(t1 - t) / tau)
                    if v_end < th:
                        v = v_end
                        break
                    if v_inf <= th:
                        # the exact solution approaches V_inf <= threshold from
                        # below and never reaches it: only rounding says it did
                        v = np.nextafter(th, -np.inf)
                        break
                    s = tau * math.log((v_inf - v) / (v_inf - th))
                    t_spike = t + min(s, t1 - t)
                spikes[j].append(t_spike)
                free = t_spike + tr
                v = vr
                if free >= t1:
                    break
                t = free
        v_all[j], free_all[j] = v, free
    return trace, [np.array(s) for s in spikes], v_all, free_all


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
