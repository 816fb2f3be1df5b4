"""neuroai.exercises: a correct solution passes, a wrong one fails with a
message naming the case, a stub is reported as not implemented, and student
exceptions never escape."""
import math

import numpy as np
import pytest

import neuroai
from course_solutions import (
    DepressingSynapse, FacilitatingSynapse, LIFNeuron, LIFWithSynapse, Perceptron, Synapse,
    compute_fi_curve, lif_rate, lif_voltage_step, perceptron_layer, poisson_train, relu, sigmoid)
from neuroai import exercises as ex


# --- typical mistakes; the correct solutions are in tests/course_solutions.py


def sigmoid_wrong(z):                     # sign error
    return 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))


def sigmoid_scalar_only(z):
    return 1.0 / (1.0 + math.exp(-z))


def stub(*args, **kwargs):
    raise NotImplementedError


class PerceptronNoBias(Perceptron):
    def forward(self, x):
        self.bias, b = 0.0, self.bias
        try:
            return super().forward(x)
        finally:
            self.bias = b


def lif_voltage_step_no_leak(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + resistance * I * (dt / tau_m)


class LIFWrongReset(LIFNeuron):
    def step(self, I, dt):
        spiked = super().step(I, dt)
        if spiked:
            self.v = self.v_rest
        return spiked


def compute_fi_curve_per_ms(currents, duration=500.0, dt=0.1):
    return compute_fi_curve(currents, duration, dt) / 1000.0


class SynapseExact(Synapse):
    def step(self, dt):
        self.g *= math.exp(-dt / self.tau_syn)


class SynapsePicoamps(Synapse):
    def get_current(self, v_post):
        return self.g * (self.e_syn - v_post)


class DepressingNoRecovery(DepressingSynapse):
    def step(self, dt):
        Synapse.step(self, dt)


class FacilitatingWrongOrder(FacilitatingSynapse):
    def receive_spike(self):
        self.u += self.u_step * (self.u_max - self.u)
        self.g += self.g_max * self.u


def regular_train(rate, duration, rng):
    return np.arange(0.0, duration, 1000.0 / rate)


class LIFWithSynapseNoDepression(LIFWithSynapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, tau_rec, u, e_syn)
        self.synapse = Synapse(g_max * u, tau_syn, e_syn)


CORRECT = [
    (ex.check_sigmoid, sigmoid), (ex.check_relu, relu), (ex.check_tanh, np.tanh),
    (ex.check_step, lambda z: np.where(np.asarray(z) >= 0, 1.0, 0.0)),
    (ex.check_perceptron, Perceptron), (ex.check_perceptron_layer, perceptron_layer),
    (ex.check_lif_voltage_step, lif_voltage_step), (ex.check_lif_neuron, LIFNeuron),
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
