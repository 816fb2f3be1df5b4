"""Correct solutions of the coding exercises of notebook 02, written in plain
Python from the course's equations, as a student would: test data for
tests/test_exercises.py and tests/test_handin.py, which give them to the checks
directly.  The notebook's own solutions (its instructor version) are in its
source, notebooks/nb02_neuron_and_perceptron.py, and tests/test_notebooks.py
runs them."""
import math

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def relu(z):
    return np.maximum(0.0, z)

class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        rng = np.random.default_rng()
        self.weights = rng.normal(0.0, 0.5, n_inputs)
        self.bias = float(rng.normal(0.0, 0.1))
        self.activation = activation

    def forward(self, x):
        z = np.dot(self.weights, x) + self.bias
        f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: max(0.0, z),
             "tanh": np.tanh, "step": lambda z: 1.0 if z >= 0 else 0.0}[self.activation]
        return f(z)

def perceptron_layer(x, n_neurons=10, seed=None):
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.5, (n_neurons, len(x)))
    b = rng.normal(0, 0.1, n_neurons)
    return 1 / (1 + np.exp(-(W @ x + b)))

def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + (-(v - v_rest) + resistance * I) * (dt / tau_m)

class LIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def step(self, I, dt):
        self.v = lif_voltage_step(self.v, I, dt, self.tau_m, self.v_rest, self.resistance)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

def compute_fi_curve(currents, duration=500.0, dt=0.1):
    rates = []
    for I in currents:
        n = LIFNeuron()
        count = sum(n.step(I, dt) for _ in range(int(round(duration / dt))))
        rates.append(count / (duration / 1000.0))
    return np.array(rates)

def lif_rate(I, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
    v_inf = v_rest + resistance * I
    if v_inf <= v_threshold:
        return 0.0
    return 1000.0 / (tau_m * math.log((v_inf - v_reset) / (v_inf - v_threshold)))

class Synapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max, self.tau_syn, self.e_syn = g_max, tau_syn, e_syn
        self.g = 0.0

    def receive_spike(self):
        self.g += self.g_max

    def step(self, dt):
        self.g += -self.g * (dt / self.tau_syn)

    def get_current(self, v_post):
        return 1e-3 * self.g * (self.e_syn - v_post)

class DepressingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec, self.u, self.x = tau_rec, u, 1.0

    def receive_spike(self):
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt):
        super().step(dt)
        self.x += (1.0 - self.x) * (dt / self.tau_rec)

class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                 e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt):
        super().step(dt)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)

def poisson_train(rate, duration, rng):
    t, out = 0.0, []
    while True:
        t += rng.exponential(1000.0 / rate)
        if t >= duration:
            return np.array(out)
        out.append(t)

class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIFNeuron()
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        steps = set(np.floor(np.asarray(input_spikes) / dt + 1e-6).astype(int).tolist())
        out = []
        for i in range(int(round(duration / dt))):
            if i in steps:
                self.synapse.receive_spike()
            if self.neuron.step(self.synapse.get_current(self.neuron.v), dt):
                out.append(i * dt)
            self.synapse.step(dt)

        class Result:
            spike_times = np.array(out)
        return Result()


# ---------------------------------------------------------------------------
# The same exercises as the public AIMS NeuroAI course's notebook 12 poses
# them: its signatures, its argument order, its units and its integration
# (conductances decayed exactly, x and u by Euler), written here from its
# equations.  tests/test_exercises.py checks that neuroai's checks pass them.
# ---------------------------------------------------------------------------

course_rng = np.random.default_rng(42)      # the notebook's module-level generator


def course_sigmoid(z):
    return 1 / (1 + np.exp(-z))


class CoursePerceptron:
    """Perceptron(n_inputs, activation=<a function>)."""

    def __init__(self, n_inputs, activation=course_sigmoid):
        self.n_inputs = n_inputs
        self.activation = activation
        self.init_weights()

    def init_weights(self):
        self.weights = course_rng.normal(scale=0.5, size=self.n_inputs)
        self.bias = course_rng.normal(scale=0.1)

    def forward(self, x):
        return float(self.activation(np.dot(self.weights, x) + self.bias))


def course_perceptron_layer(inputs, n_neurons=10):
    """n_neurons perceptrons, each with its own random weights; no seed."""
    return np.array([CoursePerceptron(len(inputs)).forward(inputs) for _ in range(n_neurons)])


def course_lif_voltage_step(v, v_rest, tau_m, R, I, dt):
    return v + (-(v - v_rest) + R * I) * (dt / tau_m)


class CourseLIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                 resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def reset_state(self):
        self.v = self.v_rest

    def step(self, I, dt=0.1):
        self.v = course_lif_voltage_step(self.v, self.v_rest, self.tau_m, self.resistance, I, dt)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

    def simulate(self, current, dt=0.1):
        self.reset_state()
        v_trace, spike_times = [], []
        for k, I in enumerate(current):
            if self.step(I, dt):
                spike_times.append(k * dt)
            v_trace.append(self.v)
        return np.array(v_trace), spike_times


def course_compute_fi_curve(currents, duration=500, dt=0.1):
    n = int(duration / dt)
    return np.array([len(CourseLIFNeuron().simulate(np.full(n, I), dt)[1]) / (duration / 1000)
                     for I in currents])


class CourseSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max, self.tau_syn, self.e_syn = g_max, tau_syn, e_syn
        self.g = 0.0

    def reset_state(self):
        self.g = 0.0

    def receive_spike(self):
        self.g += self.g_max

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)

    def get_current(self, v_post):
        return self.g * (self.e_syn - v_post)          # nS x mV, which the course calls nA


class CourseDepressingSynapse(CourseSynapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec, self.u, self.x = tau_rec, u, 1.0

    def reset_state(self):
        self.g, self.x = 0.0, 1.0

    def receive_spike(self):
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)
        self.x += (1 - self.x) * (dt / self.tau_rec)


class CourseFacilitatingSynapse(CourseSynapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8,
                 u_step=0.3, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def reset_state(self):
        self.g, self.u = 0.0, self.u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)


class CourseLIFWithSynapse:
    """simulate(presynaptic_spikes: one bool per step, dt) -> (v, g, x, spike_times)."""

    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, g_max=5.0,
                 tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.tau_m, self.v_rest, self.v_reset, self.v_threshold = (tau_m, v_rest, v_reset,
                                                                   v_threshold)
        self.e_syn = e_syn
        self.synapse = CourseDepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)
        self.v = v_rest

    def reset_state(self):
        self.v = self.v_rest
        self.synapse.reset_state()

    def step(self, presynaptic_spike, dt=0.1):
        if presynaptic_spike:
            self.synapse.receive_spike()
        I_syn = self.synapse.get_current(self.v)
        self.v += (-(self.v - self.v_rest) + I_syn) * (dt / self.tau_m)
        self.synapse.step(dt)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

    def simulate(self, presynaptic_spikes, dt=0.1):
        self.reset_state()
        v_trace, g_trace, x_trace, spike_times = [], [], [], []
        for t_idx, is_spike in enumerate(presynaptic_spikes):
            if self.step(is_spike, dt):
                spike_times.append(t_idx * dt)
            v_trace.append(self.v)
            g_trace.append(self.synapse.g)
            x_trace.append(self.synapse.x)
        return np.array(v_trace), np.array(g_trace), np.array(x_trace), spike_times
