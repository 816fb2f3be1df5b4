"""neuroai.exercises: a correct solution passes, a wrong one fails with a
message naming the case, a stub is reported as not implemented, and student
exceptions never escape."""
import math

import numpy as np
import pytest

import neuroai
from neuroai import exercises as ex


# --- plain-Python solutions written from the course's equations -----------
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_wrong(z):                     # sign error
    return 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))


def sigmoid_scalar_only(z):
    return 1.0 / (1.0 + math.exp(-z))


def relu(z):
    return np.maximum(0.0, z)


def stub(*args, **kwargs):
    raise NotImplementedError


class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        self.weights = np.zeros(n_inputs)
        self.bias = 0.0
        self.activation = activation

    def forward(self, x):
        z = np.dot(self.weights, x) + self.bias
        return {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: max(0.0, z),
                "tanh": np.tanh, "step": lambda z: 1.0 if z >= 0 else 0.0}[self.activation](z)


class PerceptronNoBias(Perceptron):
    def forward(self, x):
        self.bias, b = 0.0, self.bias
        try:
            return super().forward(x)
        finally:
            self.bias = b


def perceptron_layer(x, n_neurons, seed):
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.5, (n_neurons, len(x)))
    b = rng.normal(0, 0.1, n_neurons)
    return 1 / (1 + np.exp(-(W @ x + b)))


def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + (-(v - v_rest) + resistance * I) * (dt / tau_m)


def lif_voltage_step_no_leak(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + resistance * I * (dt / tau_m)


class LIF:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                 resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def step(self, I, dt):
        self.v = lif_voltage_step(self.v, I, dt, self.tau_m, self.v_rest, self.resistance)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False


class LIFWrongReset(LIF):
    def step(self, I, dt):
        spiked = super().step(I, dt)
        if spiked:
            self.v = self.v_rest
        return spiked


def compute_fi_curve(currents, duration=500.0, dt=0.1):
    rates = []
    for I in currents:
        n = LIF()
        count = sum(n.step(I, dt) for _ in range(int(round(duration / dt))))
        rates.append(count / (duration / 1000.0))
    return np.array(rates)


def compute_fi_curve_per_ms(currents, duration=500.0, dt=0.1):
    return compute_fi_curve(currents, duration, dt) / 1000.0


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


class SynapseExact(Synapse):
    def step(self, dt):
        self.g *= math.exp(-dt / self.tau_syn)


class SynapsePicoamps(Synapse):
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

    def step(self, dt):
        super().step(dt)
        self.x += (1.0 - self.x) * (dt / self.tau_rec)


class DepressingNoRecovery(DepressingSynapse):
    def step(self, dt):
        Synapse.step(self, dt)


class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8,
                 u_step=0.3, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt):
        super().step(dt)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)


class FacilitatingWrongOrder(FacilitatingSynapse):
    def receive_spike(self):
        self.u += self.u_step * (self.u_max - self.u)
        self.g += self.g_max * self.u


def poisson_train(rate, duration, rng):
    t, out = 0.0, []
    while True:
        t += rng.exponential(1000.0 / rate)
        if t >= duration:
            return np.array(out)
        out.append(t)


def regular_train(rate, duration, rng):
    return np.arange(0.0, duration, 1000.0 / rate)


class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIF()
        self.syn = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        steps = set(np.floor(np.asarray(input_spikes) / dt + 1e-6).astype(int).tolist())
        out = []
        for i in range(int(round(duration / dt))):
            if i in steps:
                self.syn.receive_spike()
            I = self.syn.get_current(self.neuron.v)
            if self.neuron.step(I, dt):
                out.append(i * dt)
            self.syn.step(dt)

        class R:
            spike_times = np.array(out)
        return R()


class LIFWithSynapseNoDepression(LIFWithSynapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, tau_rec, u, e_syn)
        self.syn = Synapse(g_max * u, tau_syn, e_syn)


CORRECT = [
    (ex.check_sigmoid, sigmoid), (ex.check_relu, relu), (ex.check_tanh, np.tanh),
    (ex.check_step, lambda z: np.where(np.asarray(z) >= 0, 1.0, 0.0)),
    (ex.check_perceptron, Perceptron), (ex.check_perceptron_layer, perceptron_layer),
    (ex.check_lif_voltage_step, lif_voltage_step), (ex.check_lif_neuron, LIF),
    (ex.check_fi_curve, compute_fi_curve), (ex.check_lif_rate, lif_rate),
    (ex.check_synapse, Synapse), (ex.check_synapse, SynapseExact),
    (ex.check_depressing_synapse, DepressingSynapse),
    (ex.check_facilitating_synapse, FacilitatingSynapse),
    (ex.check_poisson_train, poisson_train),
    (ex.check_lif_with_synapse, LIFWithSynapse),
]


@pytest.mark.parametrize("check, solution", CORRECT, ids=lambda x: getattr(x, "__name__", "f"))
def test_correct_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "✓" in capsys.readouterr().out


WRONG = [
    (ex.check_sigmoid, sigmoid_wrong, ["sigmoid(1)", "expected 0.73105"]),
    (ex.check_sigmoid, sigmoid_scalar_only, ["NumPy array", "raised TypeError"]),
    (ex.check_relu, np.abs, ["relu(-1)", "expected 0, got 1"]),
    (ex.check_perceptron, PerceptronNoBias, ["forward(x)", "bias="]),
    (ex.check_lif_voltage_step, lif_voltage_step_no_leak, ["new V [mV]", "v=", "difference"]),
    (ex.check_lif_neuron, LIFWrongReset, ["constant 2 nA", "v_reset, not v_rest"]),
    (ex.check_fi_curve, compute_fi_curve_per_ms, ["rate [Hz]", "spikes per SECOND"]),
    (ex.check_lif_rate, lambda I, **k: 2 * lif_rate(I, **k), ["I = 1.500001 nA", "rate at 1.500001 nA"]),
    (ex.check_synapse, SynapsePicoamps, ["get_current", "multiply by 1e-3"]),
    (ex.check_depressing_synapse, DepressingNoRecovery, ["x at each step", "regular 20 Hz"]),
    (ex.check_facilitating_synapse, FacilitatingWrongOrder, ["g at each step", "u_base=0.1"]),
    (ex.check_poisson_train, regular_train, ["Fano factor"]),
    (ex.check_lif_with_synapse, LIFWithSynapseNoDepression, ["number of output spikes",
                                                             "Poisson input"]),
]


@pytest.mark.parametrize("check, solution, words", WRONG,
                         ids=lambda x: getattr(x, "__name__", None) if callable(x) else "w")
def test_wrong_solution_fails_with_a_helpful_message(check, solution, words, capsys):
    assert check(solution) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and " of " in out and "case " in out
    for w in words:
        assert w in out, f"{w!r} not in message:\n{out}"


@pytest.mark.parametrize("check", [c for c, _ in CORRECT], ids=lambda c: c.__name__)
def test_stub_is_not_implemented_yet(check, capsys):
    class Stub:
        def __init__(self, *a, **k):
            raise NotImplementedError
    assert check(Stub) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_student_exception_is_reported_not_raised(capsys):
    def broken(z):
        return z / undefined_name  # noqa: F821
    assert ex.check_sigmoid(broken) is False
    out = capsys.readouterr().out
    assert "raised NameError" in out and "undefined_name" in out


def test_lif_with_synapse_skips_without_reference(monkeypatch, capsys):
    monkeypatch.delattr(neuroai, "LIFWithSynapse", raising=False)
    monkeypatch.setitem(neuroai._LAZY, "LIFWithSynapse", "nonexistent_module_name") \
        if "LIFWithSynapse" in neuroai._LAZY else None
    monkeypatch.setattr(neuroai, "__getattr__", lambda name: (_ for _ in ()).throw(
        AttributeError(name)))
    assert ex.check_lif_with_synapse(LIFWithSynapse) is None
    assert "skipped" in capsys.readouterr().out
