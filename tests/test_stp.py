"""Tsodyks-Markram short-term plasticity (NEST tsodyks2_synapse semantics).

References used here, none taken from the code under test:
- an independent pure-Python recursion of the update written from the model's
  definition (``reference.stp.tm_efficacies``);
- the closed-form steady state of a regular train, derived by hand
  (``reference.stp.tm_steady_state``);
- hand-computed first efficacies.
"""
import math

import numpy as np
import pytest

import neuroai
from neuroai.spikes import SpikeTrains
from neuroai.synapses import TsodyksMarkram
from reference.stp import tm_efficacies, tm_steady_state

DEPRESSING = dict(U=0.5, tau_rec=800.0, tau_fac=0.0)
FACILITATING = dict(U=0.03, tau_rec=130.0, tau_fac=530.0)


def regular_times(rate, n_spikes):
    return np.arange(n_spikes) * (1000.0 / rate)


@pytest.mark.parametrize("rate", [20.0, 50.0])
@pytest.mark.parametrize("params", [DEPRESSING, FACILITATING], ids=["dep", "fac"])
def test_regular_train_against_recursion_and_steady_state(rate, params):
    times = regular_times(rate, 1500)
    eff = TsodyksMarkram(**params).efficacies(times)
    ref = tm_efficacies(times, **params)
    np.testing.assert_allclose(eff, ref, rtol=1e-12, atol=0)
    # after many spikes the efficacy sits at the hand-derived fixed point
    np.testing.assert_allclose(eff[-50:], tm_steady_state(rate, **params), rtol=1e-10)
    assert TsodyksMarkram(**params).steady_state(rate) == pytest.approx(
        tm_steady_state(rate, **params), rel=1e-14)


def test_depression_and_facilitation_direction():
    for rate in (20.0, 50.0):
        times = regular_times(rate, 100)
        dep = TsodyksMarkram(**DEPRESSING).efficacies(times)
        fac = TsodyksMarkram(**FACILITATING).efficacies(times)
        assert np.all(np.diff(dep[:10]) < 0)        # monotone depression
        assert np.all(np.diff(dep) <= 1e-15)
        assert fac[5] > 3 * fac[0]                  # strong facilitation
    # faster trains depress more
    assert tm_steady_state(50, **DEPRESSING) < tm_steady_state(20, **DEPRESSING)


def test_first_efficacies_by_hand():
    # U = 0.5, tau_rec = 800, 20 Hz: e1 = U; x2 = 1 - U d; e2 = U x2;
    # x3 = 1 - (1 - x2 + U x2) d; e3 = U x3, d = exp(-50/800)
    d = math.exp(-50.0 / 800.0)
    x2 = 1 - 0.5 * d
    x3 = 1 - (1 - x2 + 0.5 * x2) * d
    eff = TsodyksMarkram(**DEPRESSING).efficacies([0.0, 50.0, 100.0])
    np.testing.assert_allclose(eff, [0.5, 0.5 * x2, 0.5 * x3], rtol=1e-15)
    # facilitating, one interval of 20 ms
    U, h = 0.03, 20.0
    u2 = U + U * (1 - U) * math.exp(-h / 530.0)
    x2 = 1 - U * math.exp(-h / 130.0)
    eff = TsodyksMarkram(**FACILITATING).efficacies([7.0, 7.0 + h])
    np.testing.assert_allclose(eff, [U, u2 * x2], rtol=1e-15)


def test_irregular_train_against_recursion():
    rng = np.random.default_rng(3)
    times = np.cumsum(rng.exponential(25.0, size=400))
    for params in (DEPRESSING, FACILITATING, dict(U=1.0, tau_rec=50.0, tau_fac=10.0)):
        np.testing.assert_allclose(TsodyksMarkram(**params).efficacies(times),
                                   tm_efficacies(times, **params), rtol=1e-12)


def test_simultaneous_spikes_release_twice():
    # h = 0: the second spike finds what the first left
    eff = TsodyksMarkram(U=0.4, tau_rec=100.0).efficacies([5.0, 5.0])
    np.testing.assert_allclose(eff, [0.4, 0.4 * 0.6], rtol=1e-15)


def test_several_trains_are_independent_synapses():
    trains = [regular_times(20, 30), regular_times(50, 40) + 3.0, np.array([])]
    st = SpikeTrains.from_list(trains, duration=2000.0)
    tm = TsodyksMarkram(**FACILITATING)
    eff = tm.efficacies(st)
    for k, t in enumerate(trains):
        np.testing.assert_array_equal(eff[st.indices == k], tm.efficacies(t))


def test_traces_follow_exact_relaxation():
    tm = TsodyksMarkram(**FACILITATING)
    res = tm.response([10.0, 30.0], duration=200.0, dt=0.5)
    t = res.t
    U = 0.03
    # before the first spike: x = 1, u = U
    assert np.all(res.x[t < 10] == 1.0) and np.all(res.u[t < 10] == U)
    # after the second spike (pre-release state x2, u2 at 30 ms)
    u2 = U + U * (1 - U) * math.exp(-20 / 530)
    x2 = 1 - U * math.exp(-20 / 130)
    after = t >= 30
    s = t[after] - 30
    np.testing.assert_allclose(res.x[after], 1 - (1 - (x2 - u2 * x2)) * np.exp(-s / 130),
                               rtol=1e-13)
    np.testing.assert_allclose(res.u[after], U + u2 * (1 - U) * np.exp(-s / 530),
                               rtol=1e-13)
    # the trace at a spike time is right-continuous: it includes that spike
    i10 = int(np.flatnonzero(t == 10.0)[0])
    assert res.x[i10] == pytest.approx(1 - U)
    np.testing.assert_allclose(res.efficacy, [U, u2 * x2], rtol=1e-14)
    assert res.g is None and res.method == "event"


def test_traces_do_not_change_efficacies():
    times = regular_times(50, 20)
    tm = TsodyksMarkram(**DEPRESSING)
    res = tm.response(times, duration=400.0, dt=0.1)
    np.testing.assert_array_equal(res.efficacy, tm.efficacies(times))


def test_chunked_runs_equal_one_long_run():
    trains = neuroai.poisson(40.0, 3000.0, n=5, seed=11)
    tm = TsodyksMarkram(**FACILITATING)
    whole = tm.response(trains, dt=0.25)
    first = tm.response(SpikeTrains(trains.times[trains.times < 1000.0],
                                    trains.indices[trains.times < 1000.0], n=5,
                                    duration=1000.0), dt=0.25)
    keep = trains.times >= 1000.0
    second = tm.response(SpikeTrains(trains.times[keep], trains.indices[keep], n=5,
                                     duration=3000.0),
                         duration=2000.0, dt=0.25, state=first.final_state)
    np.testing.assert_array_equal(np.concatenate([first.efficacy, second.efficacy]),
                                  whole.efficacy)
    np.testing.assert_array_equal(np.vstack([first.x, second.x]), whole.x)
    np.testing.assert_array_equal(np.vstack([first.u, second.u]), whole.u)
    np.testing.assert_array_equal(np.concatenate([first.t, second.t]), whole.t)


def test_long_traces_in_many_steps_follow_the_recursion():
    # 1,000,000 grid steps of 2 synapses: the core cuts the traces into steps
    # of at most CHUNK_UPDATES // 16 samples, and every cut continues exactly
    tm = TsodyksMarkram(**FACILITATING)
    trains = neuroai.poisson(20.0, 100_000.0, n=2, seed=4)
    res = tm.response(trains, dt=0.1)
    assert res.x.shape == (1_000_000, 2)
    assert res.x.size >= 3 * neuroai._core.CHUNK_UPDATES // 16
    U, tau_rec, tau_fac = FACILITATING["U"], FACILITATING["tau_rec"], FACILITATING["tau_fac"]
    t = res.t
    for k in range(2):
        times = trains.times[trains.indices == k]
        eff, xs, us = tm_efficacies(times, **FACILITATING, states=True)
        np.testing.assert_allclose(res.efficacy[trains.indices == k], eff, rtol=1e-12)
        # between spikes: relaxation from what the last release left (the
        # trace at a spike time includes it)
        last = np.searchsorted(times, t, side="right") - 1
        seen = last >= 0
        s = t[seen] - times[last[seen]]
        x_want = 1.0 - (1.0 - (xs - us * xs)[last[seen]]) * np.exp(-s / tau_rec)
        u_want = U + us[last[seen]] * (1.0 - U) * np.exp(-s / tau_fac)
        np.testing.assert_allclose(res.x[seen, k], x_want, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(res.u[seen, k], u_want, rtol=1e-12, atol=1e-15)
        assert np.all(res.x[~seen, k] == 1.0) and np.all(res.u[~seen, k] == U)
    # the same run as three calls cut elsewhere than the core's steps: bit for bit
    parts, state, start = [], None, 0.0
    for stop in (13_000.0, 61_300.0, 100_000.0):
        keep = (trains.times >= start) & (trains.times < stop)
        part = tm.response(SpikeTrains(trains.times[keep], trains.indices[keep], n=2,
                                       duration=stop), duration=stop - start, dt=0.1,
                           state=state)
        parts.append(part)
        state, start = part.final_state, stop
    np.testing.assert_array_equal(np.vstack([p.x for p in parts]), res.x)
    np.testing.assert_array_equal(np.vstack([p.u for p in parts]), res.u)
    np.testing.assert_array_equal(np.concatenate([p.efficacy for p in parts]), res.efficacy)


def test_inputs_unchanged():
    times = regular_times(20, 10)
    before = times.copy()
    TsodyksMarkram(**DEPRESSING).efficacies(times)
    TsodyksMarkram(**DEPRESSING).response(times, duration=500.0)
    np.testing.assert_array_equal(times, before)


@pytest.mark.parametrize("kwargs, words", [
    (dict(U=0.0, tau_rec=100.0), ["U", "(0, 1]"]),
    (dict(U=1.5, tau_rec=100.0), ["U", "(0, 1]"]),
    (dict(U=float("nan"), tau_rec=100.0), ["U"]),
    (dict(U=0.5, tau_rec=0.0), ["tau_rec", "ms", "> 0"]),
    (dict(U=0.5, tau_rec=-5.0), ["tau_rec", "> 0"]),
    (dict(U=0.5, tau_rec=float("nan")), ["tau_rec"]),
    (dict(U=0.5, tau_rec=100.0, tau_fac=-1.0), ["tau_fac", ">= 0"]),
    (dict(U=0.5, tau_rec=100.0, tau_fac=float("nan")), ["tau_fac"]),
])
def test_bad_parameters(kwargs, words):
    with pytest.raises(ValueError) as err:
        TsodyksMarkram(**kwargs)
    for w in words:
        assert w in str(err.value)


def test_bad_parameter_types():
    with pytest.raises(TypeError, match="U"):
        TsodyksMarkram(U="half", tau_rec=100.0)


def test_bad_spike_times():
    tm = TsodyksMarkram(**DEPRESSING)
    with pytest.raises(ValueError, match="sorted"):
        tm.efficacies([10.0, 5.0])
    with pytest.raises(ValueError, match=">= 0"):
        tm.efficacies([-1.0, 5.0])
    with pytest.raises(ValueError, match="finite"):
        tm.efficacies([1.0, float("nan")])
    with pytest.raises(ValueError, match="window"):
        tm.response([10.0, 500.0], duration=100.0)
    with pytest.raises(ValueError, match="whole number of steps"):
        tm.response([10.0], duration=100.05, dt=0.1)
    with pytest.raises(ValueError, match="duration"):
        tm.response([10.0])      # a bare array has no window


def test_state_mismatch_is_rejected():
    tm = TsodyksMarkram(**DEPRESSING)
    res = tm.response([1.0], duration=10.0, dt=0.1)
    with pytest.raises(ValueError, match="dt"):
        tm.response([12.0], duration=10.0, dt=0.2, state=res.final_state)
    with pytest.raises(ValueError, match="window"):
        tm.response([5.0], duration=10.0, dt=0.1, state=res.final_state)
    with pytest.raises(TypeError, match="SynapseState"):
        tm.response([12.0], duration=10.0, dt=0.1, state={"x": 1})


# -- STP traces of circuit projections ----------------------------------------------------

def _tm_circuit(times, U=0.4, tau_rec=80.0, tau_fac=30.0, delay=0.0):
    c = neuroai.Circuit(dt=0.1)
    post = c.population(2, name="post", receptors={"exc": 5.0})
    src = c.spike_source([np.asarray(times, dtype=float)], name="pre")
    c.connect(src, post, "exc", weights=np.array([[0.5, 0.0]]), delay=delay, name="tm",
              stp=dict(model="tsodyks_markram", U=U, tau_rec=tau_rec, tau_fac=tau_fac))
    c.connect(src, post, "exc", weights=np.array([[0.0, 0.2]]), name="fixed")
    return c


@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_circuit_records_the_tsodyks_markram_state(delay):
    # a train with off-grid spikes: at each step the state a spike would find
    # after the step's releases, from the plain tsodyks2 recursion
    from reference.stp import tm_efficacies
    U, tau_rec, tau_fac, dt = 0.4, 80.0, 30.0, 0.1
    times = np.array([5.03, 12.0, 20.07, 21.5, 60.0, 140.02])
    res = _tm_circuit(times, U, tau_rec, tau_fac, delay).run(200.0, record_stp=True)
    x, u = res.stp_trace["tm"]["x"][:, 0], res.stp_trace["tm"]["u"][:, 0]
    np.testing.assert_array_equal(res.stp_recorded["tm"], [0])
    _, xs, us = tm_efficacies(times, U, tau_rec, tau_fac, states=True)
    want_x, want_u = np.ones(2000), np.full(2000, U)
    for i in range(2000):
        k = np.searchsorted(np.floor(times / dt + 1e-9), i, side="right") - 1
        if k < 0:
            continue                                  # no spike yet: x = 1, u = U
        h = max(i * dt, times[k]) - times[k]
        left = xs[k] - us[k] * xs[k]
        want_x[i] = 1.0 - (1.0 - left) * math.exp(-h / tau_rec)
        want_u[i] = U + us[k] * (1.0 - U) * math.exp(-h / tau_fac)
    np.testing.assert_allclose(x, want_x, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(u, want_u, rtol=1e-12, atol=1e-15)
    assert x.min() < 0.7 and u.max() > 0.6           # depressed and facilitated


def test_circuit_stp_traces_with_weights_and_selection():
    c = _tm_circuit([10.0, 15.0])
    c.connect("pre", "post", "exc", weights=np.array([[0.1, 0.1]]), name="plastic", delay=0.1,
              plasticity=neuroai.STDP(w_max=1.0))
    res = c.run(30.0, record_stp={"tm": [0]}, record_weights=True, record_every=10)
    assert res.stp_trace["tm"]["x"].shape == (30, 1) and res.weight_trace["plastic"].shape == (30, 2)
    assert res.stp_trace["tm"]["x"][0, 0] == 1.0 and res.stp_trace["tm"]["x"][-1, 0] < 1.0
    np.testing.assert_array_equal(res.weight_trace["plastic"][0], [0.1, 0.1])
    with pytest.raises(ValueError, match="'fixed' is not a projection with stp"):
        c.run(10.0, record_stp={"fixed": True})
    with pytest.raises(ValueError, match="record_stp"):
        c.run(10.0, record_stp={"tm": [3]})
    with pytest.raises(TypeError, match="record_stp must be None, True or a dict"):
        c.run(10.0, record_stp=["tm"])
