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
# (conductances decayed exactly, x and u by Euler).  They are the twins of
# tests/reference/course.py, written from its cells; tests/test_exercises.py
# checks that neuroai's checks pass them.
# ---------------------------------------------------------------------------

from reference import course as _course  # noqa: E402

course_rng = np.random.default_rng(42)      # the notebook's module-level generator
course_sigmoid = _course.sigmoid
course_lif_voltage_step = _course.lif_voltage_step
course_compute_fi_curve = _course.compute_fi_curve
CourseLIFNeuron = _course.LIFNeuron
CourseSynapse = _course.Synapse
CourseDepressingSynapse = _course.DepressingSynapse
CourseFacilitatingSynapse = _course.FacilitatingSynapse
CourseLIFWithSynapse = _course.LIFWithSynapse


class CoursePerceptron(_course.Perceptron):
    """Perceptron(n_inputs, activation=<a function>), its weights drawn from
    the notebook's module-level generator."""

    def __init__(self, n_inputs, activation=course_sigmoid):
        super().__init__(n_inputs, activation, rng=course_rng)


def course_perceptron_layer(inputs, n_neurons=10):
    """n_neurons perceptrons, each with its own random weights; no seed."""
    return np.array([CoursePerceptron(len(inputs)).forward(inputs) for _ in range(n_neurons)])
