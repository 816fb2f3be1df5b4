"""Exponential synapses and the course's depressing / facilitating synapses.

References (none from the code under test): closed forms of exponential decay
and recovery, and the pure-Python twins of the course's simulation loop in
``reference.expsyn`` and ``reference.stp`` (receive_spike at the start of the
step the spike falls in, read the state, then one forward-Euler or exact step).
"""
import math

import numpy as np
import pytest

import neuroai
from neuroai.spikes import SpikeTrains
from neuroai.synapses import (CurrentSynapse, DepressingSynapse, FacilitatingSynapse,
                              Synapse, SynapseResponse)
from reference import expsyn, grid_step, stp


def course_loop(kind, params, spike_times, duration, dt, method):
    """Traces (g, x or u) and efficacies from the twin of one course synapse."""
    if kind == "syn":
        g, eff = expsyn.response(spike_times, duration, dt, method=method, **params)
        return g, None, eff
    twin = stp.depressing_response if kind == "dep" else stp.facilitating_response
    return twin(spike_times, duration, dt, method=method, **params)


SYN = dict(g_max=2.0, tau_syn=4.0)
DEP = dict(g_max=1.5, tau_syn=5.0, tau_rec=200.0, u=0.5)
FAC = dict(g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3)
TRAIN = [0.0, 3.0, 3.05, 10.0, 10.3, 47.2, 150.0, 151.0, 152.0, 300.0]


def make(kind, method):
    if kind == "syn":
        return Synapse(**SYN, method=method)
    if kind == "dep":
        return DepressingSynapse(**DEP, method=method)
    return FacilitatingSynapse(**FAC, method=method)


PARAMS = {"syn": SYN, "dep": DEP, "fac": FAC}


@pytest.mark.parametrize("method", ["euler", "exact"])
@pytest.mark.parametrize("kind", ["syn", "dep", "fac"])
def test_response_matches_course_loop(kind, method):
    res = make(kind, method).response(TRAIN, duration=400.0, dt=0.1)
    g, s, eff = course_loop(kind, PARAMS[kind], TRAIN, 400.0, 0.1, method)
    if method == "euler":   # same arithmetic, so bit for bit
        np.testing.assert_array_equal(res.g, g)
        np.testing.assert_array_equal(res.efficacy, eff)
    else:
        np.testing.assert_allclose(res.g, g, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(res.efficacy, eff, rtol=1e-12)
    if kind == "dep":
        np.testing.assert_allclose(res.x, s, rtol=1e-12)
        assert res.u is None
    elif kind == "fac":
        np.testing.assert_allclose(res.u, s, rtol=1e-12)
        assert res.x is None
    np.testing.assert_allclose(res.t, np.arange(4000) * 0.1, rtol=1e-15)


@pytest.mark.parametrize("method", ["euler", "exact"])
@pytest.mark.parametrize("kind", ["syn", "dep", "fac"])
def test_stateful_methods_reproduce_response(kind, method):
    """The course's methods, looped in Python, give the C response bit for bit."""
    syn = make(kind, method)
    res = syn.response(TRAIN, duration=400.0, dt=0.1)
    steps = [grid_step(t, 0.1) for t in TRAIN]
    g = []
    k = 0
    for i in range(4000):
        while k < len(steps) and steps[k] == i:
            syn.receive_spike()
            k += 1
        g.append(syn.g)
        syn.step(0.1)
    np.testing.assert_array_equal(np.array(g), res.g)
    syn.reset_state()
    assert syn.g == 0.0
    if kind == "dep":
        assert syn.x == 1.0
    if kind == "fac":
        assert syn.u == FAC["u_base"]


def test_exponential_decay_closed_form():
    dt = 0.1
    res = Synapse(g_max=3.0, tau_syn=5.0).response([2.0, 20.0], duration=100.0, dt=dt)
    t = res.t
    want = (3.0 * np.exp(-(t - 2.0) / 5.0) * (t >= 2.0 - 1e-9)
            + 3.0 * np.exp(-(t - 20.0) / 5.0) * (t >= 20.0 - 1e-9))
    np.testing.assert_allclose(res.g, want, rtol=1e-12, atol=1e-300)
    # the efficacy of a plain synapse is 1
    np.testing.assert_array_equal(res.efficacy, [1.0, 1.0])


def test_current_synapse_closed_form_and_sign():
    res = CurrentSynapse(weight=-0.4, tau_syn=2.0).response([1.0], duration=30.0)
    t = res.t
    want = np.where(t >= 1.0 - 1e-9, -0.4 * np.exp(-(t - 1.0) / 2.0), 0.0)
    np.testing.assert_allclose(res.i, want, rtol=1e-12, atol=1e-300)
    assert res.g is None
    np.testing.assert_array_equal(res.get_current(-70.0), res.i)


def test_depressing_exact_closed_form():
    # one spike: g = g_max u e^{-t/tau_syn}, x = 1 - u e^{-t/tau_rec}
    res = DepressingSynapse(**DEP).response([0.0], duration=500.0, dt=0.5)
    t = res.t
    np.testing.assert_allclose(res.g, 1.5 * 0.5 * np.exp(-t / 5.0), rtol=1e-12)
    np.testing.assert_allclose(res.x, 1 - 0.5 * np.exp(-t / 200.0), rtol=1e-13)
    # two spikes 100 ms apart: the second releases u * x(100)
    res = DepressingSynapse(**DEP).response([0.0, 100.0], duration=200.0, dt=0.5)
    x100 = 1 - 0.5 * math.exp(-100.0 / 200.0)
    np.testing.assert_allclose(res.efficacy, [0.5, 0.5 * x100], rtol=1e-13)


def test_facilitating_exact_closed_form():
    res = FacilitatingSynapse(**FAC).response([0.0, 40.0], duration=300.0, dt=0.25)
    u1 = 0.1 + 0.3 * (0.8 - 0.1)                   # after the first spike
    u40 = 0.1 + (u1 - 0.1) * math.exp(-40.0 / 100.0)
    np.testing.assert_allclose(res.efficacy, [0.1, u40], rtol=1e-13)
    t = res.t
    before = t < 40.0
    np.testing.assert_allclose(res.u[before], 0.1 + (u1 - 0.1) * np.exp(-t[before] / 100.0),
                               rtol=1e-13)
    # conductance: 0.1 e^{-t/5} + u40 e^{-(t-40)/5} after the second spike
    after = ~before
    np.testing.assert_allclose(
        res.g[after], 0.1 * np.exp(-t[after] / 5.0) + u40 * np.exp(-(t[after] - 40) / 5.0),
        rtol=1e-12)


def test_euler_approaches_exact_as_dt_shrinks():
    errs = []
    for dt in (0.1, 0.01):
        e = DepressingSynapse(**DEP, method="euler").response([0.0, 20.0], duration=60.0, dt=dt)
        x = DepressingSynapse(**DEP, method="exact").response([0.0, 20.0], duration=60.0, dt=dt)
        errs.append(np.max(np.abs(e.g - x.g)))
    assert errs[1] < errs[0] / 5       # first order


def test_conductance_current_has_the_1e3_factor():
    syn = Synapse(g_max=10.0, e_syn=0.0)
    syn.receive_spike()
    assert syn.get_current(-70.0) == pytest.approx(1e-3 * 10.0 * 70.0)   # 0.7 nA
    res = syn.response([0.0], duration=10.0)
    np.testing.assert_allclose(res.get_current(-70.0), 1e-3 * res.g * 70.0)
    inh = Synapse(g_max=10.0, e_syn=-80.0)
    inh.receive_spike()
    assert inh.get_current(-70.0) == pytest.approx(-0.1)


def test_course_examples():
    d = DepressingSynapse()
    d.receive_spike()
    assert (d.x, d.g) == (0.5, 0.5)
    d.receive_spike()
    assert (d.x, d.g) == (0.25, 0.75)
    f = FacilitatingSynapse()
    f.receive_spike()
    assert f.g == pytest.approx(0.1) and f.u == pytest.approx(0.31)
    f.receive_spike()
    assert f.g == pytest.approx(0.41) and f.u == pytest.approx(0.31 + 0.3 * 0.49)


@pytest.mark.parametrize("kind", ["syn", "dep", "fac"])
def test_several_trains_and_record(kind):
    trains = [np.array([0.0, 5.0]), np.array([1.0]), np.array([2.0, 2.0, 30.0])]
    st = SpikeTrains.from_list(trains, duration=50.0)
    syn = make(kind, "exact")
    res = syn.response(st, dt=0.1)
    assert res.g.shape == (500, 3)
    for k, tr in enumerate(trains):
        one = syn.response(tr, duration=50.0, dt=0.1)
        np.testing.assert_array_equal(res.g[:, k], one.g)
        np.testing.assert_array_equal(res.efficacy[st.indices == k], one.efficacy)
    sub = syn.response(st, dt=0.1, record=[2])
    assert sub.g.shape == (500, 1)
    np.testing.assert_array_equal(sub.g[:, 0], res.g[:, 2])


@pytest.mark.parametrize("method", ["euler", "exact"])
@pytest.mark.parametrize("kind", ["syn", "dep", "fac"])
def test_chunked_runs_equal_one_long_run(kind, method):
    trains = neuroai.poisson(60.0, 1000.0, n=4, seed=5)
    syn = make(kind, method)
    whole = syn.response(trains, dt=0.1)
    cut = trains.times < 400.0
    a = syn.response(SpikeTrains(trains.times[cut], trains.indices[cut], n=4,
                                 duration=400.0), dt=0.1)
    b = syn.response(SpikeTrains(trains.times[~cut], trains.indices[~cut], n=4,
                                 duration=1000.0), dt=0.1, state=a.final_state)
    np.testing.assert_array_equal(np.vstack([a.g, b.g]), whole.g)
    np.testing.assert_array_equal(np.concatenate([a.efficacy, b.efficacy]), whole.efficacy)
    np.testing.assert_array_equal(np.concatenate([a.t, b.t]), whole.t)
    if kind == "dep":
        np.testing.assert_array_equal(np.vstack([a.x, b.x]), whole.x)


def test_spike_on_grid_guard():
    # 0.3 / 0.1 = 2.9999999999999996: the spike still lands on step 3
    res = Synapse().response([0.3], duration=1.0, dt=0.1)
    assert res.g[2] == 0.0 and res.g[3] == 1.0


def test_result_object():
    res = DepressingSynapse().response(neuroai.regular(20.0, 200.0), dt=0.1)
    assert isinstance(res, SynapseResponse)
    assert res.g.shape == (2000,) and res.efficacy.shape == (4,)
    assert "DepressingSynapse" in repr(res)
    assert res.final_state.steps_done == 2000
    assert callable(res.plot)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("factory, words", [
    (lambda: Synapse(g_max=-1.0), ["g_max", "nS", ">= 0"]),
    (lambda: Synapse(tau_syn=0.0), ["tau_syn", "ms", "> 0"]),
    (lambda: Synapse(tau_syn=float("nan")), ["tau_syn"]),
    (lambda: Synapse(e_syn=float("inf")), ["e_syn", "finite"]),
    (lambda: Synapse(method="rk4"), ["method", "exact", "euler"]),
    (lambda: CurrentSynapse(weight=float("nan")), ["weight", "nA"]),
    (lambda: CurrentSynapse(weight=1.0, tau_syn=-2.0), ["tau_syn", "> 0"]),
    (lambda: DepressingSynapse(tau_rec=0.0), ["tau_rec", "> 0"]),
    (lambda: DepressingSynapse(u=0.0), ["u", "(0, 1]"]),
    (lambda: DepressingSynapse(u=1.2), ["u", "(0, 1]"]),
    (lambda: FacilitatingSynapse(tau_facil=-1.0), ["tau_facil", "> 0"]),
    (lambda: FacilitatingSynapse(u_base=0.0), ["u_base", "(0, 1]"]),
    (lambda: FacilitatingSynapse(u_max=0.05), ["u_max", "u_base"]),
    (lambda: FacilitatingSynapse(u_step=1.5), ["u_step", "[0, 1]"]),
])
def test_bad_parameters(factory, words):
    with pytest.raises(ValueError) as err:
        factory()
    for w in words:
        assert w in str(err.value)


def test_bad_types():
    with pytest.raises(TypeError, match="g_max"):
        Synapse(g_max="big")
    with pytest.raises(TypeError, match="SpikeTrains"):
        Synapse().response([[0.0, 1.0], [2.0]], duration=10.0)


def test_bad_spikes_and_windows():
    syn = DepressingSynapse()
    with pytest.raises(ValueError, match="sorted"):
        syn.response([5.0, 1.0], duration=10.0)
    with pytest.raises(ValueError, match=">= 0"):
        syn.response([-1.0], duration=10.0)
    with pytest.raises(ValueError, match=r"window \[0, 10\)"):
        syn.response([1.0, 12.0], duration=10.0)
    with pytest.raises(ValueError, match="whole number"):
        syn.response([1.0], duration=10.05, dt=0.1)
    with pytest.raises(ValueError, match="dt"):
        syn.response([1.0], duration=10.0, dt=0.0)
    with pytest.raises(ValueError, match="duration"):
        syn.response([1.0])
    with pytest.raises(ValueError, match="record"):
        syn.response([1.0], duration=10.0, record=[3])
    res = syn.response([1.0], duration=10.0)
    with pytest.raises(ValueError, match="Synapse"):
        Synapse().response([11.0], duration=10.0, state=res.final_state)
    with pytest.raises(ValueError, match="method"):
        DepressingSynapse(method="euler").response([11.0], duration=10.0,
                                                   state=res.final_state)
    with pytest.raises(ValueError, match="window"):
        syn.response([5.0], duration=10.0, state=res.final_state)
    with pytest.raises(ValueError, match="dt"):
        syn.step(-0.1)


def test_inputs_unchanged():
    times = np.array([0.0, 2.0, 4.0])
    before = times.copy()
    res = DepressingSynapse().response(times, duration=10.0)
    np.testing.assert_array_equal(times, before)
    state = res.final_state
    g_before = state.g
    DepressingSynapse().response([12.0], duration=10.0, state=state)
    np.testing.assert_array_equal(state.g, g_before)
