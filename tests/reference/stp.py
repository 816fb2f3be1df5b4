"""Short-term plasticity twins, written from the models' definitions.

- ``tm_efficacies``: the Tsodyks-Markram recursion (NEST ``tsodyks2_synapse``
  order), event by event; ``tm_steady_state`` its fixed point for a regular
  train, derived by hand.
- ``depressing_response`` and ``facilitating_response``: the course's
  depressing and facilitating synapses on a grid, the course's loop (spikes
  received at the start of their step, state recorded, then one exact or
  forward-Euler step).
"""
import math

import numpy as np

from . import grid_step


def tm_efficacies(times, U, tau_rec, tau_fac, states=False):
    """Efficacies u*x of one synapse, the tsodyks2 recursion in plain Python.

    State (x, u) is the value just before the last release.  First spike:
    x = 1, u = U.  Later spikes, h after the previous: x relaxes from what
    the previous release left (x - u x) towards 1, u from the facilitated
    value U + u (1 - U) towards U (tau_fac = 0: no facilitation, u = U); then
    u*x is released.  With states=True also returns (x, u) just before each
    release.
    """
    out, xs, us = [], [], []
    x = u = t_prev = None
    for t in times:
        if t_prev is None:
            x, u = 1.0, U
        else:
            h = t - t_prev
            left = x - u * x
            x = 1.0 - (1.0 - left) * math.exp(-h / tau_rec)
            u = U + u * (1.0 - U) * (math.exp(-h / tau_fac) if tau_fac > 0 else 0.0)
        out.append(u * x)
        xs.append(x)
        us.append(u)
        t_prev = t
    if states:
        return np.array(out), np.array(xs), np.array(us)
    return np.array(out)


def tm_steady_state(rate, U, tau_rec, tau_fac):
    """Fixed point of the recursion for a regular train of interval h = 1000/rate ms.

    With d = exp(-h/tau_rec) and f = exp(-h/tau_fac) (f = 0 without
    facilitation) the map is
        u' = U + (1 - U) f u                      -> u* = U / (1 - (1 - U) f)
        x' = 1 - (1 - x + u x) d = (1 - d) + (1 - u) d x
                                                  -> x* = (1 - d) / (1 - (1 - u*) d)
    and the steady efficacy is u* x*.
    """
    h = 1000.0 / rate
    d = math.exp(-h / tau_rec)
    f = math.exp(-h / tau_fac) if tau_fac > 0 else 0.0
    u_star = U / (1.0 - (1.0 - U) * f)
    x_star = (1.0 - d) / (1.0 - (1.0 - u_star) * d)
    return u_star * x_star


def depressing_response(spike_times, duration, dt, g_max, tau_syn, tau_rec, u, method):
    """The course's depressing synapse: traces g, x (n_steps,) and efficacies.

    A spike releases u x of the resources x: x -= u x, g += g_max u x; x
    recovers towards 1 with tau_rec, g decays with tau_syn.
    """
    n = int(round(duration / dt))
    steps = [grid_step(t, dt) for t in spike_times]
    g, x = 0.0, 1.0
    g_tr, x_tr, eff = np.empty(n), np.empty(n), []
    k = 0
    for i in range(n):
        while k < len(steps) and steps[k] == i:
            released = u * x
            x -= released
            g += g_max * released
            eff.append(released)
            k += 1
        g_tr[i], x_tr[i] = g, x
        if method == "euler":
            g = g + (-g) * (dt / tau_syn)
            x = x + (1.0 - x) * (dt / tau_rec)
        else:
            g = g * math.exp(-dt / tau_syn)
            x = 1.0 - (1.0 - x) * math.exp(-dt / tau_rec)
    return g_tr, x_tr, np.array(eff)


def facilitating_response(spike_times, duration, dt, g_max, tau_syn, tau_facil, u_base,
                          u_max, u_step, method):
    """The course's facilitating synapse: traces g, u (n_steps,) and efficacies.

    A spike transmits g += g_max u with the current u, then u moves a
    fraction u_step towards u_max; u relaxes towards u_base with tau_facil,
    g decays with tau_syn.
    """
    n = int(round(duration / dt))
    steps = [grid_step(t, dt) for t in spike_times]
    g, s = 0.0, u_base
    g_tr, u_tr, eff = np.empty(n), np.empty(n), []
    k = 0
    for i in range(n):
        while k < len(steps) and steps[k] == i:
            eff.append(s)
            g += g_max * s
            s += u_step * (u_max - s)
            k += 1
        g_tr[i], u_tr[i] = g, s
        if method == "euler":
            g = g + (-g) * (dt / tau_syn)
            s = s + (u_base - s) * (dt / tau_facil)
        else:
            g = g * math.exp(-dt / tau_syn)
            s = u_base + (s - u_base) * math.exp(-dt / tau_facil)
    return g_tr, u_tr, np.array(eff)
