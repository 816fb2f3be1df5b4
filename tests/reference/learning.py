"""Twins of the public course's notebook-13 objects (``stdp.ipynb``), written
from its cells in plain Python and NumPy: the STDP window, the neuron
``LIFNeuronSTDP`` with its step order (trace decay; presynaptic spikes: trace,
depression, clip of every weight; the Euler membrane step with the drive 10
times the active weights' sum; the postsynaptic spike: reset, trace,
potentiation, clip), the notebook's loop and records, and its frozen-pattern
input."""
import math

import numpy as np


def stdp_window(delta_t, a_plus=0.01, a_minus=0.01, tau_plus=20.0, tau_minus=20.0):
    """The closed form, one Python float at a time (Delta t = t_post - t_pre)."""
    out = []
    for d in np.asarray(delta_t, dtype=float).ravel().tolist():
        if d > 0:
            out.append(a_plus * math.exp(-d / tau_plus))
        elif d < 0:
            out.append(-a_minus * math.exp(d / tau_minus))
        else:
            out.append(0.0)
    return np.array(out).reshape(np.shape(delta_t))


class LIFNeuronSTDP:
    """The course's class; the initial weights are given instead of drawn."""

    def __init__(self, weights, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
                 tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012, w_max=1.0):
        self.tau_m, self.v_rest, self.v_reset, self.v_thresh = tau_m, v_rest, v_reset, v_thresh
        self.tau_plus, self.tau_minus = tau_plus, tau_minus
        self.A_plus, self.A_minus, self.w_max = A_plus, A_minus, w_max
        self.v = self.v_rest
        self.weights = np.array(weights, dtype=float)
        self.x_trace = np.zeros(self.weights.size)
        self.y_trace = 0.0

    def step(self, dt, input_spikes):
        self.x_trace *= np.exp(-dt / self.tau_plus)
        self.y_trace *= np.exp(-dt / self.tau_minus)
        pre = np.where(input_spikes)[0]
        if len(pre) > 0:
            self.x_trace[pre] += 1.0
            self.weights[pre] -= self.A_minus * self.y_trace
            self.weights = np.clip(self.weights, 0, self.w_max)
        i_syn = np.sum(self.weights[input_spikes]) * 10.0
        dv = (-(self.v - self.v_rest) + i_syn) / self.tau_m * dt
        self.v += dv
        post_spike = False
        if self.v >= self.v_thresh:
            post_spike = True
            self.v = self.v_reset
            self.y_trace += 1.0
            self.weights += self.A_plus * self.x_trace
            self.weights = np.clip(self.weights, 0, self.w_max)
        return post_spike, self.v, self.weights.copy()


def run(neuron, input_spikes, dt, every=100):
    """The notebook's loop and records: V and the post trace each step, the
    output spike steps, and the weights (and x) after every step t with
    t % every == 0."""
    n_steps = len(input_spikes)
    v_rec, y_rec, out, w_rec, x_rec = np.zeros(n_steps), np.zeros(n_steps), [], [], []
    for t in range(n_steps):
        spike, v, w = neuron.step(dt, input_spikes[t])
        v_rec[t] = v
        y_rec[t] = neuron.y_trace
        if spike:
            out.append(t)
        if t % every == 0:
            w_rec.append(w)
            x_rec.append(neuron.x_trace.copy())
    n = len(neuron.weights)
    return dict(v=v_rec, y=y_rec, output_spikes=np.array(out, dtype=np.int64),
                weights=np.array(w_rec).reshape(-1, n), x=np.array(x_rec).reshape(-1, n))


def frozen_pattern(rs, n_steps=10000, n_inputs=100, dt=1.0, input_rate=0.01,
                   pattern_rate=0.08, pattern_duration=50):
    """The notebook's input, drawn from the RandomState ``rs`` in its order."""
    input_spikes = rs.rand(n_steps, n_inputs) < (input_rate * dt)
    pattern_template = rs.rand(pattern_duration, n_inputs) < (pattern_rate * dt)
    pattern_times = []
    current_time = 200
    while current_time < n_steps - pattern_duration:
        input_spikes[current_time: current_time + pattern_duration] = pattern_template
        pattern_times.append(current_time)
        current_time += 200 + rs.randint(0, 100)
    return input_spikes, pattern_template, pattern_times
