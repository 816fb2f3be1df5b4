"""Exponential synapse twin: the course's simulation loop for one synapse.

Step i starts at t_i = i dt.  Every spike applied on step i (see
``reference.grid_step``) is received at its start, g += weight; the recorded
value is the state after them; then g relaxes over dt, exactly
(g exp(-dt/tau_syn)) or by forward Euler as the course writes it
(g + (-g) (dt/tau_syn)).  The weight is g_max [nS] for a conductance synapse
or the jump [nA] of a current synapse: the arithmetic is the same.
"""
import math

import numpy as np

from . import grid_step


def response(spike_times, duration, dt, g_max, tau_syn, method):
    """Trace g (n_steps,) and efficacies (one 1.0 per spike) of one synapse."""
    n = int(round(duration / dt))
    steps = [grid_step(t, dt) for t in spike_times]
    g = 0.0
    trace, eff = np.empty(n), []
    k = 0
    for i in range(n):
        while k < len(steps) and steps[k] == i:
            g += g_max
            eff.append(1.0)
            k += 1
        trace[i] = g
        if method == "euler":
            g = g + (-g) * (dt / tau_syn)
        else:
            g = g * math.exp(-dt / tau_syn)
    return trace, np.array(eff)
