"""Network twins, written out from the course's loop and the documented methods.

- ``lif_with_synapse_twin``: the course's LIFWithSynapse (one LIF neuron
  behind one depressing conductance synapse), forward Euler.
- ``network_twin``: current-based LIF networks, exact or Euler, a NumPy loop
  over steps vectorised over neurons, the propagator written from the
  two-exponential solution.
- ``conductance_twin``: conductance-based networks, the documented exact
  method.
"""
import math

import numpy as np

from . import GRID_GUARD


def lif_with_synapse_twin(spike_times, duration, dt, tau_m=20.0, v_rest=-70.0,
                          v_reset=-80.0, v_threshold=-55.0, resistance=10.0, t_ref=0.0,
                          g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
    """The course's LIFWithSynapse loop in plain Python, forward Euler."""
    n_steps = int(round(duration / dt))
    steps = [math.floor(t / dt + GRID_GUARD) for t in spike_times]
    v, g, x, ref = v_rest, 0.0, 1.0, 0
    ref_steps = round(t_ref / dt)
    vs, gs, xs, out = [], [], [], []
    k = 0
    for i in range(n_steps):
        while k < len(steps) and steps[k] == i:
            released = u * x
            x -= released
            g += g_max * released
            k += 1
        vs.append(v)
        gs.append(g)
        xs.append(x)
        I_syn = 1e-3 * g * (e_syn - v)
        if ref > 0:
            ref -= 1
            v = v_reset
        else:
            v = v + (-(v - v_rest) + resistance * I_syn) * (dt / tau_m)
            if v >= v_threshold:
                out.append(i * dt)
                v = v_reset
                ref = ref_steps
        g = g + (-g) * (dt / tau_syn)
        x = x + (1.0 - x) * (dt / tau_rec)
    return np.array(vs), np.array(gs), np.array(xs), np.array(out)


def network_twin(w_dense, times, src, duration, dt, method, tau_m=20.0, v_rest=-70.0,
                 v_reset=-80.0, v_threshold=-55.0, R=10.0, t_ref=0.0, tau_s=5.0,
                 i_ext=0.0, efficacy=None):
    """Current-based network, a NumPy loop over steps vectorised over neurons,
    the propagator written from the two-exponential solution."""
    n_in, n = w_dense.shape
    T = int(round(duration / dt))
    step_of = np.floor(np.asarray(times) / dt + GRID_GUARD).astype(int)
    eff = np.ones(len(times)) if efficacy is None else efficacy
    v = np.full(n, v_rest)
    I = np.zeros(n)
    ref = np.zeros(n, int)
    ref_steps = round(t_ref / dt)
    P22, P11 = math.exp(-dt / tau_m), math.exp(-dt / tau_s)
    P21 = (R * dt / tau_m * P22 if tau_m == tau_s
           else R * tau_s / (tau_s - tau_m) * (P11 - P22))
    vtr, itr, out_t, out_i = np.empty((T, n)), np.empty((T, n)), [], []
    for i in range(T):
        for k in np.flatnonzero(step_of == i):
            I += w_dense[src[k]] * eff[k]
        vtr[i], itr[i] = v, I
        held = ref > 0
        if method == "euler":
            v_new = v + (-(v - v_rest) + R * (I + i_ext)) * (dt / tau_m)
            I = I + (-I) * (dt / tau_s)
        else:
            v_new = v_rest + (v - v_rest) * P22 + P21 * I + R * i_ext * (1 - P22)
            I = I * P11
        fired = ~held & (v_new >= v_threshold)
        out_t += [i * dt] * int(fired.sum())
        out_i += list(np.flatnonzero(fired))
        v = np.where(held | fired, v_reset, v_new)
        ref = np.where(held, ref - 1, np.where(fired, ref_steps, 0))
    return vtr, itr, np.array(out_t), np.array(out_i, dtype=int)


def conductance_twin(w_dense, times, src, duration, dt, tau_m=20.0, v_rest=-70.0,
                     v_reset=-80.0, v_threshold=-55.0, R=10.0, tau_s=5.0, e_syn=0.0):
    """Conductance-based network, the documented exact method: g decays
    exactly; over a step v relaxes exactly under the step's mean conductance
    g tau_s/dt (1 - exp(-dt/tau_s))."""
    n = w_dense.shape[1]
    T = int(round(duration / dt))
    step_of = np.floor(np.asarray(times) / dt + GRID_GUARD).astype(int)
    v, g = np.full(n, v_rest), np.zeros(n)
    vtr, out_t, out_i = np.empty((T, n)), [], []
    for i in range(T):
        for k in np.flatnonzero(step_of == i):
            g += w_dense[src[k]]
        vtr[i] = v
        g_mean = g * tau_s / dt * (1.0 - np.exp(-dt / tau_s))
        a = 1e-3 * R * g_mean
        v_inf = (v_rest + a * e_syn) / (1.0 + a)
        v = v_inf + (v - v_inf) * np.exp(-dt * (1.0 + a) / tau_m)
        g = g * np.exp(-dt / tau_s)
        fired = v >= v_threshold
        out_t += [i * dt] * int(fired.sum())
        out_i += list(np.flatnonzero(fired))
        v = np.where(fired, v_reset, v)
    return vtr, np.array(out_t), np.array(out_i, dtype=int)
