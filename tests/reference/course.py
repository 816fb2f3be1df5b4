"""Twins of the public course's notebook-12 objects, written from its cells:
its synapses and its LIFWithSynapse, with the course's arithmetic (the
conductance decays exactly with ``np.exp``, ``x`` and ``u`` recover by
forward Euler, the membrane by forward Euler) and its units (the drive
``g * (e_syn - v)`` added to the leak with no resistance)."""
import numpy as np


class Synapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max, self.tau_syn, self.e_syn = g_max, tau_syn, e_syn
        self.g = 0.0

    def receive_spike(self):
        self.g += self.g_max

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)

    def get_current(self, v_post):
        return self.g * (self.e_syn - v_post)


class DepressingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec, self.u, self.x = tau_rec, u, 1.0

    def receive_spike(self):
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)
        self.x += (1 - self.x) * (dt / self.tau_rec)


class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8,
                 u_step=0.3, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)


def drive(syn, spike_steps, n_steps, dt, names=("g",)):
    """The notebook's loop: per step, the spike, the record, then step(dt)."""
    out = {k: np.empty(n_steps) for k in names}
    on = set(spike_steps)
    for i in range(n_steps):
        if i in on:
            syn.receive_spike()
        for k in names:
            out[k][i] = getattr(syn, k)
        syn.step(dt)
    return out


class LIFWithSynapse:
    """The course's class, with its units."""

    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                 g_max=5.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.tau_m, self.v_rest, self.v_reset, self.v_threshold = (tau_m, v_rest, v_reset,
                                                                   v_threshold)
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)
        self.v = v_rest

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
        self.v = self.v_rest
        self.synapse = DepressingSynapse(self.synapse.g_max, self.synapse.tau_syn,
                                         self.synapse.tau_rec, self.synapse.u,
                                         self.synapse.e_syn)
        v, g, x, spikes = [], [], [], []
        for t_idx, is_spike in enumerate(presynaptic_spikes):
            if self.step(is_spike, dt):
                spikes.append(t_idx * dt)
            v.append(self.v)
            g.append(self.synapse.g)
            x.append(self.synapse.x)
        return np.array(v), np.array(g), np.array(x), spikes


def course_lif_with_synapse_neuroai_units(pre, dt, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
                                          v_threshold=-55.0, resistance=10.0, g_max=1.0,
                                          tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
    """The course's loop with neuroai's units (I = 1e-3 g (e_syn - v) nA, the
    drive R I mV), recorded as LIFWithSynapseResult documents: v at t_i
    before the step's update, g and x after the step's releases."""
    v, g, x = v_rest, 0.0, 1.0
    n = len(pre)
    vs, gs, xs, out = np.empty(n), np.empty(n), np.empty(n), []
    decay = np.exp(-dt / tau_syn)
    for i, spike in enumerate(pre):
        if spike:
            released = u * x
            x -= released
            g += g_max * released
        vs[i], gs[i], xs[i] = v, g, x
        I = 1e-3 * g * (e_syn - v)
        v = v + (-(v - v_rest) + resistance * I) * (dt / tau_m)
        if v >= v_threshold:
            out.append(i * dt)
            v = v_reset
        g = g * decay
        x = x + (1.0 - x) * (dt / tau_rec)
    return vs, gs, xs, np.array(out)


# ---------------------------------------------------------------------------
# The rest of notebook 12, written from its cells for neuroai.course: the
# generator is an argument here (the notebook's module-level rng, seeded 42),
# so a test gives twin and object the same stream.
# ---------------------------------------------------------------------------

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Perceptron:
    def __init__(self, n_inputs, activation=sigmoid, rng=None):
        self.n_inputs, self.activation, self._rng = n_inputs, activation, rng
        self.weights = rng.normal(scale=0.5, size=n_inputs)
        self.bias = rng.normal(scale=0.1)

    def forward(self, x):
        return float(self.activation(np.dot(self.weights, x) + self.bias))


def perceptron_layer(inputs, n_neurons, rng):
    return np.array([Perceptron(len(inputs), rng=rng).forward(inputs) for _ in range(n_neurons)])


def lif_voltage_step(v, v_rest, tau_m, R, I, dt):
    return v + (-(v - v_rest) + R * I) * (dt / tau_m)


class LIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                 resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def step(self, I, dt=0.1):
        self.v += (-(self.v - self.v_rest) + self.resistance * I) * (dt / self.tau_m)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

    def simulate(self, current, dt=0.1):
        self.v = self.v_rest
        vs, spikes = [], []
        for i, I in enumerate(current):
            fired = self.step(I, dt)
            vs.append(self.v)
            if fired:
                spikes.append(i * dt)
        return np.array(vs), spikes


def compute_fi_curve(currents, duration=500, dt=0.1):
    """The notebook's time grid, np.arange(0, duration, dt), for each current."""
    n = len(np.arange(0, duration, dt))
    return np.array([len(LIFNeuron().simulate(np.full(n, I), dt)[1]) / (duration / 1000)
                     for I in currents])


def conductance_at_time(t, spike_times, g_max=1.0, tau=5.0):
    g = 0.0
    for ts in spike_times:
        if t >= ts:
            g += g_max * np.exp(-(t - ts) / tau)
    return float(g)


def compare_io_curves(intensities, duration, dt, rng):
    p = Perceptron(1, rng=rng)
    p.weights, p.bias = np.array([1.0]), 0.0
    outs = [p.forward(np.array([i])) for i in intensities]
    neuron = LIFWithSynapse(g_max=10.0, tau_rec=150.0, u=0.4)
    rates = []
    for i in intensities:
        rate = max(0, i * 50)
        pre = rng.random(len(np.arange(0, duration, dt))) < (rate * dt / 1000)
        rates.append(len(neuron.simulate(pre, dt)[3]) / (duration / 1000))
    return np.array(outs), np.array(rates)
