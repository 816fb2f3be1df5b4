"""neuroai.exercises: a correct solution passes, a wrong one fails with a
message naming the case, a stub is reported as not implemented, and student
exceptions never escape."""
import math

import numpy as np
import pytest

import neuroai
import course_solutions as course
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


class SynapseWrongSign(Synapse):
    def get_current(self, v_post):
        return 1e-3 * self.g * (v_post - self.e_syn)


class SynapseNanoampsTimesTen(Synapse):        # neither nA nor pA
    def get_current(self, v_post):
        return 1e-2 * self.g * (self.e_syn - v_post)


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


# --- the learning notebook: the STDP window and a Hopfield update


def course_stdp_window(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    """The course's solution (its stdp.ipynb, with dtype=float)."""
    dw = np.zeros_like(delta_t, dtype=float)
    mask_ltp = delta_t > 0
    dw[mask_ltp] = A_plus * np.exp(-delta_t[mask_ltp] / tau_plus)
    mask_ltd = delta_t < 0
    dw[mask_ltd] = -A_minus * np.exp(delta_t[mask_ltd] / tau_minus)
    return dw


def stdp_window_lowercase(delta_t, a_plus=0.01, a_minus=0.01, tau_plus=20.0, tau_minus=20.0):
    d = np.asarray(delta_t, dtype=float)
    return np.where(d > 0, a_plus * np.exp(-np.abs(d) / tau_plus),
                    np.where(d < 0, -a_minus * np.exp(-np.abs(d) / tau_minus), 0.0))


def stdp_window_integer_zeros(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    """An earlier version of the course's cell: np.zeros_like without dtype."""
    dw = np.zeros_like(delta_t)
    dw[delta_t > 0] = A_plus * np.exp(-delta_t[delta_t > 0] / tau_plus)
    dw[delta_t < 0] = -A_minus * np.exp(delta_t[delta_t < 0] / tau_minus)
    return dw


def stdp_window_reversed(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    return course_stdp_window(-np.asarray(delta_t), A_plus, A_minus, tau_plus, tau_minus)


def stdp_window_signs_flipped(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    return -course_stdp_window(np.asarray(delta_t), A_plus, A_minus, tau_plus, tau_minus)


def stdp_window_tau_swapped(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    return course_stdp_window(np.asarray(delta_t), A_plus, A_minus, tau_minus, tau_plus)


def stdp_window_ltp_at_zero(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20, tau_minus=20):
    d = np.asarray(delta_t, dtype=float)
    return np.where(d >= 0, A_plus * np.exp(-d / tau_plus), -A_minus * np.exp(d / tau_minus))


def hopfield_update(weights, state):
    h = weights @ state
    return np.where(h > 0, 1, np.where(h < 0, -1, state))


def hopfield_update_async(weights, state, order):
    s = state.copy()
    for i in order:
        h = weights[i] @ s
        if h > 0:
            s[i] = 1
        elif h < 0:
            s[i] = -1
    return s


def hopfield_sign(weights, state):                 # sign(0) -> 0
    return np.sign(weights @ state)


def course_hopfield_step(weights, state):
    """One step of the course's HopfieldNetwork.predict, in NumPy: its
    ``state[h == 0] = state[h == 0]`` runs after ``state = sign(h)``, so a
    zero field leaves 0."""
    h = weights @ state
    state = np.sign(h)
    state[h == 0] = state[h == 0]
    return state


def hopfield_zero_is_plus_one(weights, state):
    return np.where(weights @ state >= 0, 1, -1)


def hopfield_flipped(weights, state):
    return -hopfield_update(weights, state)


def hopfield_async_is_sync(weights, state, order):
    return hopfield_update(weights, state)


def hopfield_async_sign(weights, state, order):      # sign(0) -> 0, one unit at a time
    s = np.array(state, dtype=float)
    for i in order:
        s[i] = np.sign(weights[i] @ s)
    return s


CORRECT = [
    (ex.check_sigmoid, sigmoid), (ex.check_relu, relu), (ex.check_tanh, np.tanh),
    (ex.check_step, lambda z: np.where(np.asarray(z) >= 0, 1.0, 0.0)),
    (ex.check_perceptron, Perceptron), (ex.check_perceptron_layer, perceptron_layer),
    (ex.check_lif_voltage_step, lif_voltage_step), (ex.check_lif_neuron, LIFNeuron),
    (ex.check_fi_curve, compute_fi_curve), (ex.check_lif_rate, lif_rate),
    (ex.check_synapse, Synapse), (ex.check_synapse, SynapseExact),
    (ex.check_synapse, SynapsePicoamps),
    (ex.check_depressing_synapse, DepressingSynapse),
    (ex.check_facilitating_synapse, FacilitatingSynapse),
    (ex.check_poisson_train, poisson_train),
    (ex.check_lif_with_synapse, LIFWithSynapse),
    (ex.check_stdp_window, course_stdp_window), (ex.check_stdp_window, stdp_window_lowercase),
    (ex.check_stdp_window, neuroai.stdp_window),
    (ex.check_hopfield_update, hopfield_update),
    (ex.check_hopfield_update, hopfield_update_async),
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
    (ex.check_synapse, SynapseWrongSign, ["get_current", "not (v_post - e_syn)"]),
    (ex.check_synapse, SynapseNanoampsTimesTen, ["get_current", "[nA]"]),
    (ex.check_depressing_synapse, DepressingNoRecovery, ["x at each step", "regular 20 Hz"]),
    (ex.check_facilitating_synapse, FacilitatingWrongOrder, ["g at each step", "u_base=0.1"]),
    (ex.check_poisson_train, regular_train, ["Fano factor"]),
    (ex.check_lif_with_synapse, LIFWithSynapseNoDepression, ["number of output spikes",
                                                             "Poisson input"]),
    (ex.check_stdp_window, stdp_window_integer_zeros, ["integers", "dtype=float"]),
    (ex.check_stdp_window, stdp_window_reversed, ["t_post - t_pre", "reversed"]),
    (ex.check_stdp_window, stdp_window_signs_flipped, ["t_post - t_pre", "hint:"]),
    (ex.check_stdp_window, stdp_window_tau_swapped, ["tau_plus=16.8",
                                                     "tau_plus is the time constant of the LTP"]),
    (ex.check_stdp_window, stdp_window_ltp_at_zero, ["at Delta t = 0 the change is 0"]),
    (ex.check_hopfield_update, hopfield_sign, ["h = 0", "keeps its previous state"]),
    (ex.check_hopfield_update, course_hopfield_step, ["keeps its previous state", "np.sign"]),
    (ex.check_hopfield_update, hopfield_zero_is_plus_one, ["keeps the unit's previous state, "
                                                           "not +1"]),
    (ex.check_hopfield_update, hopfield_flipped, ["a stored pattern", "+1 where h_i > 0"]),
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


# --- hardening: every check returns a result, whatever the student's code does


class PerceptronNoForward:
    def __init__(self, n_inputs, activation="sigmoid"):
        self.weights, self.bias = np.zeros(n_inputs), 0.0


class LIFStepReturnsArray(LIFNeuron):
    def step(self, I, dt):
        return np.array([super().step(I, dt), False])


class BadFloat:
    def __float__(self):
        raise RuntimeError("no float for you")


class BadArray:
    def __array__(self, *a, **k):
        raise OSError("no array either")


class BadBool:
    def __bool__(self):
        raise ZeroDivisionError("no truth")

    def __repr__(self):
        raise RuntimeError("no repr")


class LIFStepBadBool(LIFNeuron):
    def step(self, I, dt):
        super().step(I, dt)
        return BadBool()


class OddBase(BaseException):
    pass


class UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no str")


def _raises(exc):
    def f(*a, **k):
        raise exc
    return f


ROBUST = [
    (ex.check_perceptron, PerceptronNoForward, ["has no attribute 'forward'",
                                                "hint: the exercise needs `forward`"]),
    (ex.check_lif_neuron, LIFStepReturnsArray, ["step()", "True or False"]),
    (ex.check_lif_neuron, LIFStepBadBool, ["ZeroDivisionError", "no truth"]),
    (ex.check_sigmoid, lambda z: BadFloat(), ["RuntimeError", "no float for you"]),
    (ex.check_sigmoid, lambda z: BadArray(), ["OSError", "no array either"]),
    (ex.check_sigmoid, lambda z: np.full(np.shape(z), np.nan), ["expected 0.5, got nan"]),
    (ex.check_relu, lambda z: "zero", ["expected a number or array", "'zero'"]),
    (ex.check_tanh, _raises(OddBase("odd")), ["raised OddBase: odd"]),
    (ex.check_tanh, _raises(SystemExit(3)), ["raised SystemExit"]),
    (ex.check_tanh, _raises(UnprintableError()), ["raised UnprintableError"]),
    (ex.check_synapse, lambda **k: object(), ["has no attribute"]),
    (ex.check_lif_with_synapse, lambda **k: 42, ["has no attribute 'simulate'"]),
    (ex.check_poisson_train, lambda r, d, rng: BadArray(), ["OSError"]),
    (ex.check_relu, None, ["TypeError", "not callable"]),
]


@pytest.mark.parametrize("check, solution, words", ROBUST,
                         ids=lambda x: getattr(x, "__name__", None) if callable(x) else "w")
def test_any_student_code_gives_a_result_never_an_exception(check, solution, words, capsys):
    assert check(solution) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "case 1 of" in out, out
    for w in words:
        assert w in out, f"{w!r} not in message:\n{out}"


def test_an_exception_whose_message_loops_forever_is_still_reported(capsys):
    class Endless(Exception):
        def __str__(self):
            while True:
                pass
    assert ex.check_tanh(_raises(Endless())) is False
    assert "raised Endless: <its message took longer than 1 s" in capsys.readouterr().out


def test_ctrl_c_still_stops_a_check():
    with pytest.raises(KeyboardInterrupt):
        ex.check_sigmoid(_raises(KeyboardInterrupt()))


def spin(z):
    while True:
        pass


def test_an_infinite_loop_fails_after_the_time_limit(capsys):
    import signal
    import time
    before = signal.getsignal(signal.SIGALRM)
    t0 = time.monotonic()
    assert ex.check_sigmoid(spin, time_limit=0.3) is False
    assert time.monotonic() - t0 < 5
    out = capsys.readouterr().out
    assert "case 1 of" in out and "took longer than 0.3 s" in out, out
    assert signal.getsignal(signal.SIGALRM) is before            # handler restored
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)     # no timer left running


def test_an_infinite_loop_fails_in_a_thread_too(capsys):
    import sys
    import threading
    result = []

    def run():
        before = sys.gettrace()
        result.append(ex.check_relu(spin, time_limit=0.3))
        result.append(sys.gettrace() is before)              # the trace budget is removed

    t = threading.Thread(target=run)
    t.start()
    t.join(10)
    assert not t.is_alive() and result == [False, True]
    assert "took longer than 0.3 s" in capsys.readouterr().out


def test_a_blocking_sleep_is_interrupted(capsys):
    import time
    t0 = time.monotonic()
    assert ex.check_lif_rate(lambda I, **k: time.sleep(60), time_limit=0.3) is False
    assert time.monotonic() - t0 < 5
    assert "took longer than 0.3 s" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_a_bad_time_limit_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="time_limit must be a positive number of seconds"):
        ex.check_relu(relu, time_limit=bad)


def test_no_time_limit_on_request(capsys):
    assert ex.check_relu(relu, time_limit=None) is True
    capsys.readouterr()


def test_an_infinite_loop_in_a_jupyter_kernel_fails_after_the_time_limit():
    import os
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from neuroai import exercises as ex"),
                nbformat.v4.new_code_cell("def sigmoid(z):\n    while True:\n        pass"),
                nbformat.v4.new_code_cell("ex.check_sigmoid(sigmoid, time_limit=0.5)\n"
                                          "print(ex.__file__)")]
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": root}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[2].outputs)
    import neuroai
    # the package under test (this tree's, or the installed wheel's)
    assert os.path.dirname(os.path.abspath(neuroai.__file__)) in text, text
    assert "✗ sigmoid: case 1 of 33" in text and "took longer than 0.5 s" in text, text


def test_a_loop_that_swallows_an_exception_is_still_stopped(capsys):
    def stubborn(z):
        try:
            while True:
                pass
        except BaseException:       # catches the first interruption, then loops again
            pass
        while True:
            pass
    assert ex.check_sigmoid(stubborn, time_limit=0.3) is False       # SIGALRM timer
    assert "took longer than" in capsys.readouterr().out
    import threading
    result = []
    t = threading.Thread(target=lambda: result.append(ex.check_sigmoid(stubborn, time_limit=0.3)))
    t.start()
    t.join(10)                                                         # trace budget
    assert not t.is_alive() and result == [False]
    assert "took longer than" in capsys.readouterr().out


def test_the_time_limit_is_long_enough_for_the_course_solutions():
    assert ex.check_lif_with_synapse(LIFWithSynapse) is True     # the slowest exercise


# --- cheats: the student's code cannot replace the comparison or the expected values


def test_monkeypatching_numpy_or_math_comparisons_does_not_pass(monkeypatch, capsys):
    def cheating_relu(z):
        monkeypatch.setattr(np, "isclose", lambda *a, **k: np.asarray(True))
        monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
        monkeypatch.setattr(math, "isclose", lambda *a, **k: True)
        monkeypatch.setattr(np, "any", lambda *a, **k: False)
        return np.abs(z)
    assert ex.check_relu(cheating_relu) is False
    assert "expected 0, got 1" in capsys.readouterr().out


def test_patching_asarray_does_not_pass(monkeypatch, capsys):
    real = np.asarray
    monkeypatch.setattr(np, "asarray", lambda x, *a, **k: 0.0 * real(x, *a, **k))
    assert ex.check_relu(np.abs) is False
    assert "✗" in capsys.readouterr().out


def test_replacing_module_internals_from_a_cell_does_not_pass(monkeypatch, capsys):
    monkeypatch.setattr(ex, "_run", lambda *a, **k: print("✓") or True)
    monkeypatch.setattr(ex, "_compare", lambda *a, **k: None)
    monkeypatch.setattr(ex, "_call", lambda f, *a, **k: 0.0)
    assert ex.check_relu(np.abs) is False
    assert capsys.readouterr().out.startswith("✗")


def test_replacing_the_reference_implementation_does_not_pass(monkeypatch, capsys):
    monkeypatch.setattr(neuroai.activations, "relu", np.abs)
    monkeypatch.setattr(neuroai.lif, "lif_rate", lambda I, **k: 2 * lif_rate(I, **k))
    assert ex.check_relu(np.abs) is False
    assert ex.check_lif_rate(lambda I, **k: 2 * lif_rate(I, **k)) is False
    assert ex.check_relu(relu) is True
    capsys.readouterr()


def test_student_code_patching_the_check_while_it_runs_does_not_pass(monkeypatch, capsys):
    def sneaky_rate(I, **k):            # right for case 1 (0 nA), then disables the comparison
        monkeypatch.setattr(ex, "_compare", lambda *a, **k: None)
        monkeypatch.setattr(ex, "_euler_ref", lambda *a, **k: None)
        return 0.0
    assert ex.check_lif_rate(sneaky_rate) is False
    assert "case 4 of 22 failed (I = 1.500001 nA)" in capsys.readouterr().out


def _busy(seconds):
    import time
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _in_thread(f):
    import threading
    result = []

    def run():
        try:
            result.append(f())
        except BaseException as e:        # noqa: BLE001 - the test reports what escaped
            result.append(e)
    t = threading.Thread(target=run)
    t.start()
    t.join(20)
    assert not t.is_alive()
    return result[0]


def test_no_interruption_arrives_after_a_check_returns(capsys):
    def almost_too_slow(z):               # case 1 returns just before the limit
        if z == 0 and np.ndim(z) == 0:
            _busy(0.28)
        return relu(z)
    ex.check_relu(almost_too_slow, time_limit=0.3)
    _busy(0.5)                              # main thread: a late SIGALRM would raise here

    def in_thread():
        ex.check_relu(almost_too_slow, time_limit=0.3)
        _busy(0.5)                          # a late watchdog exception would raise here
        return "ok"
    assert _in_thread(in_thread) == "ok"
    capsys.readouterr()



# --- the public course's solutions (notebook 12's signatures, units and scheme)

COURSE_CORRECT = [
    (ex.check_sigmoid, course.course_sigmoid), (ex.check_relu, lambda z: np.maximum(0, z)),
    (ex.check_tanh, np.tanh),
    (ex.check_perceptron, course.CoursePerceptron),
    (ex.check_perceptron_layer, course.course_perceptron_layer),
    (ex.check_lif_voltage_step, course.course_lif_voltage_step),
    (ex.check_lif_neuron, course.CourseLIFNeuron),
    (ex.check_fi_curve, course.course_compute_fi_curve),
    (ex.check_synapse, course.CourseSynapse),
    (ex.check_depressing_synapse, course.CourseDepressingSynapse),
    (ex.check_facilitating_synapse, course.CourseFacilitatingSynapse),
    (ex.check_lif_with_synapse, course.CourseLIFWithSynapse),
]


@pytest.mark.parametrize("check, solution", COURSE_CORRECT,
                         ids=lambda x: getattr(x, "__name__", "f"))
def test_the_course_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert capsys.readouterr().out.startswith("✓")


def test_the_course_conventions_are_named_in_one_line(capsys):
    for check, solution, words in [
            (ex.check_synapse, course.CourseSynapse, "pA"),
            (ex.check_perceptron_layer, course.course_perceptron_layer, "distribution"),
            (ex.check_lif_with_synapse, course.CourseLIFWithSynapse, "one boolean per step")]:
        assert check(solution) is True
        out = capsys.readouterr().out.splitlines()
        assert out[0].startswith("✓") and len(out) == 2
        assert out[1].startswith("  note:") and words in out[1]


class CoursePerceptronNoBias(course.CoursePerceptron):
    def forward(self, x):
        return float(self.activation(np.dot(self.weights, x)))


def course_layer_no_bias(inputs, n_neurons=10):
    out = []
    for _ in range(n_neurons):
        p = course.CoursePerceptron(len(inputs))
        p.bias = 0.0
        out.append(p.forward(inputs))
    return np.array(out)


def course_layer_one_perceptron(inputs, n_neurons=10):
    p = course.CoursePerceptron(len(inputs))
    return np.array([p.forward(inputs) for _ in range(n_neurons)])


def course_layer_no_activation(inputs, n_neurons=10):
    return np.array([course.CoursePerceptron(len(inputs), activation=lambda z: z)
                     .forward(inputs) for _ in range(n_neurons)])


def course_layer_wide_weights(inputs, n_neurons=10):
    out = []
    for _ in range(n_neurons):
        p = course.CoursePerceptron(len(inputs))
        p.weights = p.weights * 2
        out.append(p.forward(inputs))
    return np.array(out)


def course_lif_voltage_step_no_leak(v, v_rest, tau_m, R, I, dt):
    return v + R * I * (dt / tau_m)


def course_lif_voltage_step_swapped(v, v_rest, tau_m, R, I, dt):   # R and tau_m exchanged
    return v + (-(v - v_rest) + tau_m * I) * (dt / R)


class CourseDepressingNoRecovery(course.CourseDepressingSynapse):
    def step(self, dt=0.1):
        self.g *= np.exp(-dt / self.tau_syn)


class CourseFacilitatingWrongOrder(course.CourseFacilitatingSynapse):
    def receive_spike(self):
        self.u += self.u_step * (self.u_max - self.u)
        self.g += self.g_max * self.u


class CourseLIFWithSynapseNoDepression(course.CourseLIFWithSynapse):
    def __init__(self, g_max=5.0, tau_syn=5.0, tau_rec=200.0, u=0.5, **kw):
        super().__init__(g_max=g_max, tau_syn=tau_syn, tau_rec=tau_rec, u=u, **kw)
        self.synapse.tau_rec = 1e-9             # resources back at once: no depression


class CourseLIFWithSynapseNeuroaiUnits(course.CourseLIFWithSynapse):
    def step(self, presynaptic_spike, dt=0.1):
        if presynaptic_spike:
            self.synapse.receive_spike()
        I_syn = 1e-3 * self.synapse.get_current(self.v)
        self.v += (-(self.v - self.v_rest) + 10.0 * I_syn) * (dt / self.tau_m)
        self.synapse.step(dt)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False


COURSE_WRONG = [
    (ex.check_perceptron, CoursePerceptronNoBias, ["forward(x)", "bias="]),
    (ex.check_perceptron_layer, course_layer_no_bias, ["variance of logit", "needs a bias"]),
    (ex.check_perceptron_layer, course_layer_one_perceptron, ["same outputs"]),
    (ex.check_perceptron_layer, course_layer_no_activation, ["must lie in (0, 1)"]),
    (ex.check_perceptron_layer, course_layer_wide_weights, ["variance of logit"]),
    (ex.check_lif_voltage_step, course_lif_voltage_step_no_leak, ["new V [mV]"]),
    (ex.check_lif_voltage_step, course_lif_voltage_step_swapped, ["new V [mV]"]),
    (ex.check_depressing_synapse, CourseDepressingNoRecovery, ["x at each step"]),
    (ex.check_facilitating_synapse, CourseFacilitatingWrongOrder, ["g at each step"]),
    (ex.check_lif_with_synapse, CourseLIFWithSynapseNoDepression,
     ["number of output spikes", "one boolean per 0.1 ms step"]),
    (ex.check_lif_with_synapse, CourseLIFWithSynapseNeuroaiUnits,
     ["number of output spikes", "no resistance, no 1e-3"]),
]


@pytest.mark.parametrize("check, solution, words", COURSE_WRONG,
                         ids=lambda x: getattr(x, "__name__", None) if callable(x) else "w")
def test_a_wrong_course_style_solution_fails(check, solution, words, capsys):
    assert check(solution) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "case " in out
    for w in words:
        assert w in out, f"{w!r} not in message:\n{out}"


def test_the_course_lif_voltage_step_doctest_values():
    # the course's docstring says -69.0 for the second call; one Euler step gives -69.9
    assert course.course_lif_voltage_step(-70, -70, 20, 10, 0, 0.1) == -70.0
    assert course.course_lif_voltage_step(-70, -70, 20, 10, 2, 0.1) == pytest.approx(-69.9)
    assert course.course_lif_voltage_step(-60, -70, 20, 10, 0, 0.1) == pytest.approx(-60.05)


def test_the_asynchronous_hopfield_check_needs_one_unit_at_a_time(capsys):
    assert ex.check_hopfield_update(hopfield_async_is_sync) is False
    out = capsys.readouterr().out
    assert "(asynchronous)" in out and "one unit at a time" in out, out
    assert ex.check_hopfield_update(hopfield_async_sign) is False
    out = capsys.readouterr().out
    assert "(asynchronous)" in out and "keeps its previous state" in out, out
    assert ex.check_hopfield_update(hopfield_update_async, asynchronous=True) is True
    assert ex.check_hopfield_update(lambda w, s, order=None: hopfield_update(w, s),
                                    asynchronous=False) is True
    capsys.readouterr()


def test_the_hopfield_check_expects_the_c_cores_sweep():
    # the expected states are one sweep of neuroai.Hopfield (sync, or the
    # sequential sweep of the renumbered network); the NumPy rule the check
    # states is its twin: both agree on every case's network, zero fields
    # included, and the renumbering is needed (the sequential sweep alone
    # differs from a random order)
    rng = np.random.default_rng(5)
    n_zero = differs = 0
    for _, w, cues, pats in ex._hopfield_nets(np.random.default_rng(20)):
        for s in cues:
            n_zero += int(np.sum(w @ s == 0))
            np.testing.assert_array_equal(ex._hopfield_core(pats, s), ex._hopfield_rule(w, s))
            order = rng.permutation(s.size)
            np.testing.assert_array_equal(ex._hopfield_core(pats, s, order),
                                          ex._hopfield_rule(w, s, order))
            sequential = neuroai.Hopfield(s.size).store(pats).recall(
                s, "async", order="sequential", max_sweeps=1).state
            np.testing.assert_array_equal(sequential, ex._hopfield_rule(w, s, np.arange(s.size)))
            differs += not np.array_equal(ex._hopfield_rule(w, s, order), sequential)
    assert n_zero >= 6 and differs >= 1
    assert len(ex._CASES["hopfield_sync"]) == len(ex._CASES["hopfield_async"]) == 9


def test_the_window_check_compares_with_pairings_in_the_c_core():
    # its last cases hold the weight change of pairings run in the C core's
    # LIFNeuronSTDP; they agree with the closed form to rounding
    cases = [c for c in ex._CASES["stdp_window"] if "LIFNeuronSTDP" in c[0]]
    assert len(cases) == 4
    asym = dict(a_plus=0.005, a_minus=0.00525, tau_plus=16.8, tau_minus=33.7)
    for k in (7, -7, 25, -25):
        got = ex._pairing_change(k, asym)
        assert got == pytest.approx(neuroai.stdp_window(float(k), **asym), rel=1e-12)


# --- notebook 04 (coding): entropy from counts, Fano factor, population vector


def entropy_bits(counts):                     # the plug-in entropy, written out
    c = np.asarray(counts, dtype=float)
    p = c[c > 0] / c.sum()
    return float(-np.sum(p * np.log2(p))) + 0.0


def entropy_bits_scipy(counts):               # an independent twin
    from scipy.stats import entropy
    return float(entropy(np.asarray(counts, dtype=float), base=2))


def entropy_bits_loop(counts):                # plain Python, a list of counts
    n = sum(int(k) for k in counts)
    return -sum(k / n * math.log2(k / n) for k in counts if k > 0)


def entropy_nats(counts):
    c = np.asarray(counts, dtype=float)
    p = c[c > 0] / c.sum()
    return float(-np.sum(p * np.log(p)))


def entropy_keeps_zeros(counts):
    p = np.asarray(counts, dtype=float) / np.sum(counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(p * np.log2(p)))


def entropy_of_counts(counts):                # forgot to normalise
    c = np.asarray(counts, dtype=float)
    c = c[c > 0]
    return float(-np.sum(c * np.log2(c)))


def fano_course(counts):                      # np.var: ddof = 0
    return float(np.var(counts) / np.mean(counts))


def fano_unbiased(counts):
    return float(np.var(counts, ddof=1) / np.mean(counts))


def fano_std(counts):
    return float(np.std(counts) / np.mean(counts))


def fano_inverted(counts):
    return float(np.mean(counts) / np.var(counts)) if np.var(counts) else 0.0


def population_vector(rates, preferred):
    rates, preferred = np.asarray(rates, float), np.asarray(preferred, float)
    return float(np.dot(rates, preferred) / rates.sum())


def population_vector_winner(rates, preferred):
    return float(np.asarray(preferred)[np.argmax(rates)])


def population_vector_unnormalised(rates, preferred):
    return float(np.dot(rates, preferred))


def population_vector_per_neuron(rates, preferred):
    return float(np.dot(rates, preferred) / len(rates))


CODING_CORRECT = [
    (ex.check_entropy_bits, entropy_bits), (ex.check_entropy_bits, entropy_bits_scipy),
    (ex.check_entropy_bits, entropy_bits_loop),
    (ex.check_fano_factor, fano_course), (ex.check_fano_factor, fano_unbiased),
    (ex.check_population_vector, population_vector),
    (ex.check_population_vector, lambda r, p: np.average(p, weights=r)),
]


@pytest.mark.parametrize("check, solution", CODING_CORRECT,
                         ids=lambda x: getattr(x, "__name__", "f"))
def test_coding_correct_solution_passes(check, solution, capsys):
    assert check(solution) is True
    assert "✓" in capsys.readouterr().out


def test_the_fano_check_names_the_variance_it_saw(capsys):
    assert ex.check_fano_factor(fano_course) is True
    assert "ddof = 0" in capsys.readouterr().out
    assert ex.check_fano_factor(fano_unbiased) is True
    assert "ddof = 1" in capsys.readouterr().out


def test_the_coding_checks_expect_the_closed_forms():
    # the expected values of the first cases, against numbers worked by hand
    assert ex.check_entropy_bits(lambda c: {(5, 5): 1.0, (1, 1, 1, 1): 2.0, (10, 0): 0.0,
                                             (7,): 0.0}[tuple(int(k) for k in c)]) is False
    calls = []

    def record(c):
        calls.append(tuple(int(k) for k in c))
        return entropy_bits(c)
    assert ex.check_entropy_bits(record) is True
    assert calls[:4] == [(5, 5), (1, 1, 1, 1), (10, 0), (7,)]
    assert entropy_bits([9, 1]) == pytest.approx(0.4689955935892812)


CODING_WRONG = [
    (ex.check_entropy_bits, entropy_nats, ["expected 1 bits, got 0.693", "np.log2"]),
    (ex.check_entropy_bits, entropy_keeps_zeros, ["got nan", "zero counts"]),
    (ex.check_entropy_bits, entropy_of_counts, ["counts / counts.sum()"]),
    (ex.check_entropy_bits, lambda c: -entropy_bits(c), ["case 1 of", "the sign"]),
    (ex.check_entropy_bits, lambda c: float(np.log2(len(c))),     # right for uniform counts only
     ["case 3 of", "weight each outcome by its probability"]),
    (ex.check_fano_factor, fano_std, ["expected 0.2", "std / mean", "VARIANCE"]),
    (ex.check_fano_factor, fano_inverted, ["upside down"]),
    (ex.check_fano_factor, lambda c: float(np.var(c)), ["divide the variance by the mean"]),
    (ex.check_population_vector, population_vector_winner, ["winner takes all"]),
    (ex.check_population_vector, population_vector_unnormalised, ["sum(rates)"]),
    (ex.check_population_vector, population_vector_per_neuron, ["not by the number of neurons"]),
    (ex.check_population_vector, lambda r, p: float(np.mean(p)), ["weight each preferred"]),
    (ex.check_population_vector, lambda r, p: np.asarray(r) * np.asarray(p),
     ["expected one number", "shape"]),
]


@pytest.mark.parametrize("check, solution, words", CODING_WRONG,
                         ids=lambda x: getattr(x, "__name__", None) if callable(x) else "w")
def test_coding_wrong_solution_fails_with_a_helpful_message(check, solution, words, capsys):
    assert check(solution) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and " of " in out and "case " in out
    for w in words:
        assert w in out, f"{w!r} not in message:\n{out}"


@pytest.mark.parametrize("check", [ex.check_entropy_bits, ex.check_fano_factor,
                                   ex.check_population_vector], ids=lambda c: c.__name__)
def test_coding_stub_and_broken_code_are_reported(check, capsys):
    assert check(stub) is False
    assert "not implemented yet" in capsys.readouterr().out

    def broken(*args):
        return undefined_name  # noqa: F821
    assert check(broken) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "NameError" in out


def test_coding_checks_are_sealed_too(monkeypatch, capsys):
    monkeypatch.setattr(ex, "_compare", lambda *a, **k: None)
    monkeypatch.setattr(ex, "_close", lambda *a, **k: True)
    monkeypatch.setattr(ex, "_run", lambda *a, **k: print("✓") or True)
    monkeypatch.setattr(neuroai.analysis, "entropy", lambda *a, **k: 0.6931471805599453)
    assert ex.check_entropy_bits(entropy_nats) is False
    assert ex.check_fano_factor(fano_std) is False
    assert capsys.readouterr().out.startswith("✗")
    assert ex.check_entropy_bits.__globals__ is ex.check_sigmoid.__globals__


def test_coding_checks_leave_the_student_input_alone(capsys):
    seen = []

    def keeps(c):
        seen.append(np.array(c, copy=True))
        c[...] = 0                              # the student's code scribbles on its input
        return entropy_bits(seen[-1])
    assert ex.check_entropy_bits(keeps) is True  # every case gets a fresh copy
    assert all(s.sum() > 0 for s in seen)
    capsys.readouterr()
