"""method="course": the public course's arithmetic (exact conductance decay,
Euler recovery) bit for bit against twins of its notebook-12 code; and
LIFWithSynapse given the course's input (a boolean array, one entry per step)."""
import math

import numpy as np
import pytest

import neuroai
from neuroai import SpikeTrains
from reference import course as C
from reference import grid_step


def _trains():
    rng = np.random.default_rng(3)
    poisson = np.unique(np.round(np.sort(rng.uniform(0, 480, 60)), 1))
    return [("notebook 12's 20 Hz train", np.arange(50, 400, 50).astype(float), 500.0),
            ("notebook 12's burst", np.array([10.0, 30, 35, 40, 80, 120]), 150.0),
            ("random times on the grid", poisson, 500.0)]


DEP = [dict(g_max=4.0, tau_syn=5.0, tau_rec=200.0, u=0.5),
       dict(g_max=2.0, tau_syn=3.0, tau_rec=50.0, u=0.8),
       dict(g_max=1.0, tau_syn=5.0, tau_rec=150.0, u=0.4)]
FAC = [dict(g_max=4.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3),
       dict(g_max=3.0, tau_syn=2.0, tau_facil=300.0, u_base=0.05, u_max=1.0, u_step=0.5)]


def _steps(times, dt):
    return [grid_step(t, dt) for t in times]


@pytest.mark.parametrize("name, times, duration", _trains(), ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("params", DEP)
def test_depressing_course_method_is_the_course_bit_for_bit(name, times, duration, params):
    dt = 0.1
    n = int(round(duration / dt))
    twin = C.drive(C.DepressingSynapse(**params), _steps(times, dt), n, dt, ("g", "x"))
    res = neuroai.DepressingSynapse(**params, method="course").response(
        SpikeTrains(times, duration=duration), duration, dt)
    assert np.array_equal(res.g, twin["g"]) and np.array_equal(res.x, twin["x"])
    # neither other method is the course's arithmetic
    for m in ("euler", "exact"):
        other = neuroai.DepressingSynapse(**params, method=m).response(times, duration, dt)
        assert not (np.array_equal(other.g, twin["g"]) and np.array_equal(other.x, twin["x"]))


@pytest.mark.parametrize("name, times, duration", _trains(), ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("params", FAC)
def test_facilitating_course_method_is_the_course_bit_for_bit(name, times, duration, params):
    dt = 0.1
    n = int(round(duration / dt))
    twin = C.drive(C.FacilitatingSynapse(**params), _steps(times, dt), n, dt, ("g", "u"))
    res = neuroai.FacilitatingSynapse(**params, method="course").response(times, duration, dt)
    assert np.array_equal(res.g, twin["g"]) and np.array_equal(res.u, twin["u"])


@pytest.mark.parametrize("name, times, duration", _trains(), ids=lambda x: str(x)[:20])
def test_synapse_course_is_exact_and_the_course(name, times, duration):
    dt = 0.1
    n = int(round(duration / dt))
    twin = C.drive(C.Synapse(g_max=2.0, tau_syn=5.0), _steps(times, dt), n, dt)
    for m in ("course", "exact"):
        res = neuroai.Synapse(g_max=2.0, tau_syn=5.0, method=m).response(times, duration, dt)
        assert np.array_equal(res.g, twin["g"])
    assert neuroai.CurrentSynapse(1.0, method="course").response(times, duration, dt).i[-1] \
        == neuroai.CurrentSynapse(1.0, method="exact").response(times, duration, dt).i[-1]


@pytest.mark.parametrize("cls, twin_cls, params, names", [
    (neuroai.DepressingSynapse, C.DepressingSynapse, DEP[0], ("g", "x")),
    (neuroai.FacilitatingSynapse, C.FacilitatingSynapse, FAC[0], ("g", "u")),
    (neuroai.Synapse, C.Synapse, dict(g_max=2.0, tau_syn=5.0), ("g",))])
def test_stateful_step_with_course_method_is_the_course(cls, twin_cls, params, names):
    steps = _steps(np.arange(50, 400, 50), 0.1)
    ours = C.drive(cls(**params, method="course"), steps, 5000, 0.1, names)
    theirs = C.drive(twin_cls(**params), steps, 5000, 0.1, names)
    for k in names:
        assert np.array_equal(ours[k], theirs[k])


def test_course_method_chunks_like_one_run():
    syn = neuroai.DepressingSynapse(**DEP[0], method="course")
    times = np.arange(50, 400, 50).astype(float)
    whole = syn.response(SpikeTrains(times, duration=500.0))
    a = syn.response(SpikeTrains(times[times < 200], duration=200.0))
    b = syn.response(SpikeTrains(times[times >= 200], duration=500.0), 300.0,
                     state=a.final_state)
    assert np.array_equal(np.concatenate([a.g, b.g]), whole.g)
    assert np.array_equal(np.concatenate([a.x, b.x]), whole.x)
    with pytest.raises(ValueError, match="method"):
        neuroai.DepressingSynapse(method="euler").response(
            SpikeTrains(times[times >= 200], duration=500.0), 300.0, state=a.final_state)


def test_method_names_are_checked():
    with pytest.raises(ValueError, match="course"):
        neuroai.DepressingSynapse(method="mixed")


# ---------------------------------------------------------------------------
# LIFWithSynapse
# ---------------------------------------------------------------------------

def _notebook_input(seed=42, rate=30.0, duration=1000.0, dt=0.1):
    """Notebook 12's presynaptic input: one boolean per step."""
    return np.random.default_rng(seed).random(int(round(duration / dt))) < rate * dt / 1000


CASES = [dict(g_max=8.0, tau_rec=150.0, u=0.4, rate=30.0, seed=42),    # notebook 12's run
         dict(g_max=10.0, tau_rec=150.0, u=0.4, rate=100.0, seed=1),   # its I/O curve
         dict(g_max=5.0, tau_rec=50.0, u=0.5, rate=200.0, seed=7)]


@pytest.mark.parametrize("case", CASES)
def test_lif_with_synapse_course_reproduces_the_course(case):
    case = dict(case)
    pre = _notebook_input(case.pop("seed"), case.pop("rate"))
    g_c = case.pop("g_max")
    v_c, g_tr, x_tr, spikes_c = C.LIFWithSynapse(g_max=g_c, **case).simulate(pre, 0.1)
    model = neuroai.LIFWithSynapse(g_max=1000.0 * g_c / 10.0, method="course", **case)
    res = model.simulate(pre, 0.1)                      # the course's call
    assert len(spikes_c) > 3
    assert np.array_equal(res.spike_times, np.array(spikes_c))
    # the course records V after each step; ours is at the start of the step
    assert np.allclose(res.v[1:], v_c[:-1], rtol=1e-12, atol=0)
    # g and x: ours after the step's releases, the course's after its decay
    # (ours in nS of neuroai's units: 100 times the course's g)
    assert np.allclose(res.g / 100.0 * np.exp(-0.1 / 5.0), g_tr, rtol=1e-12, atol=1e-300)
    assert np.allclose(res.x + (1 - res.x) * (0.1 / case["tau_rec"]), x_tr, rtol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_lif_with_synapse_course_bit_for_bit_with_its_twin(case):
    case = dict(case)
    pre = _notebook_input(case.pop("seed"), case.pop("rate"))
    g = 100.0 * case.pop("g_max")
    v, gg, x, spikes = C.course_lif_with_synapse_neuroai_units(pre, 0.1, g_max=g, **case)
    res = neuroai.LIFWithSynapse(g_max=g, method="course", **case).simulate(pre, dt=0.1)
    assert np.array_equal(res.v, v) and np.array_equal(res.g, gg) and np.array_equal(res.x, x)
    assert np.array_equal(res.spike_times, spikes)
    assert res.t[-1] == pytest.approx(999.9) and res.duration == 1000.0


def test_lif_with_synapse_other_methods_are_not_the_course():
    pre = _notebook_input()
    _, _, _, spikes_c = C.LIFWithSynapse(g_max=8.0, tau_rec=150.0, u=0.4).simulate(pre, 0.1)
    v_course = neuroai.LIFWithSynapse(g_max=800.0, tau_rec=150.0, u=0.4,
                                      method="course").simulate(pre, 0.1).v
    for m in ("euler", "exact"):
        res = neuroai.LIFWithSynapse(g_max=800.0, tau_rec=150.0, u=0.4, method=m).simulate(pre,
                                                                                         0.1)
        assert not np.array_equal(res.v, v_course)


def test_boolean_input_is_one_entry_per_step_in_every_form():
    pre = _notebook_input()
    times = np.flatnonzero(pre) * 0.1
    for m in ("course", "euler", "exact"):
        model = neuroai.LIFWithSynapse(g_max=800.0, tau_rec=150.0, u=0.4, method=m)
        ref = model.simulate(times, 1000.0, dt=0.1)
        for res in (model.simulate(pre, 0.1), model.simulate(pre, dt=0.1), model.simulate(pre),
                    model.simulate(pre, 1000.0, 0.1), model.simulate(pre, duration=1000.0,
                                                                     dt=0.1)):
            assert np.array_equal(res.spike_times, ref.spike_times)
            assert np.array_equal(res.v, ref.v) and res.duration == 1000.0
            assert np.array_equal(res.input_spikes, ref.input_spikes)
    # with another step: the duration follows
    coarse = neuroai.LIFWithSynapse(method="course").simulate(pre[:2000], 0.5)
    assert coarse.duration == 1000.0 and coarse.v.shape == (2000,)


def test_boolean_input_mistakes_are_clear_errors():
    pre = _notebook_input()
    model = neuroai.LIFWithSynapse()
    with pytest.raises(ValueError, match="second argument is the step dt"):
        model.simulate(pre, 1000.0)        # meant as a duration: 10000 steps of 1000 ms?
    with pytest.raises(ValueError, match=r"len\(input_spikes\) \* dt"):
        model.simulate(pre, duration=500.0, dt=0.1)
    with pytest.raises(ValueError, match="one entry per step"):
        model.simulate(pre.reshape(100, 100), dt=0.1)
    # a 0/1 array is neither read as times 0 and 1 ms nor as steps: it is refused
    with pytest.raises(ValueError, match="per-step spike indicator"):
        model.simulate(pre.astype(int), 1000.0)
    with pytest.raises(ValueError, match="per-step spike indicator"):
        model.simulate(pre.astype(float), 1000.0, 0.1)
    # spike times that happen to be 0 and 1 ms stay spike times
    res = model.simulate(np.array([0.0, 1.0]), 10.0)
    assert np.array_equal(res.input_spikes, [0.0, 1.0])


def test_lif_with_synapse_course_validates():
    with pytest.raises(ValueError, match="method"):
        neuroai.LIFWithSynapse(method="Course")
    model = neuroai.LIFWithSynapse(method="course")
    with pytest.raises(ValueError, match="input_spikes"):
        model.simulate(np.array([5.0, 20.0]), 10.0)       # a spike after the run
    with pytest.raises(ValueError, match="whole number"):
        model.simulate(np.array([1.0]), 10.05, dt=0.1)
    res = neuroai.LIFWithSynapse(method="course", t_ref=2.0, g_max=2000.0).simulate(
        np.arange(0.0, 100.0, 1.0), 100.0)
    assert res.spike_times.size >= 2 and np.min(np.diff(res.spike_times)) >= 2.0 + 0.1 - 1e-9


def test_synapses_refuse_a_step_indicator_for_spike_times():
    pre = _notebook_input()
    for syn in (neuroai.Synapse(), neuroai.DepressingSynapse(), neuroai.FacilitatingSynapse(),
                neuroai.TsodyksMarkram(U=0.5, tau_rec=800.0)):
        with pytest.raises(TypeError, match="boolean array"):
            syn.response(pre, 1000.0)
        with pytest.raises(ValueError, match="per-step spike indicator"):
            syn.response(np.array([0, 0, 1, 1]), 10.0)
    # spike times 0 and 1 ms are still spike times
    assert neuroai.Synapse().response(np.array([0.0, 1.0]), 5.0).g[10] == pytest.approx(
        1.0 + math.exp(-1.0 / 5.0))
    with pytest.raises(TypeError, match="boolean array"):
        neuroai.TsodyksMarkram(U=0.5, tau_rec=800.0).efficacies(pre)
