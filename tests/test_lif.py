"""LIF neurons against closed forms, the course's numbers and a NumPy twin."""
import numpy as np
import pytest

import neuroai
from reference.lif import lif_euler, lif_exact, lif_isi, lif_latency, lif_spike_times

COURSE = dict(tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
              resistance=10.0)


# -- exact method: closed forms, independent of dt -------------------------

@pytest.mark.parametrize("t_ref", [0.0, 2.0, 0.37])
@pytest.mark.parametrize("dt", [0.01, 0.1, 0.25, 1.0])
def test_exact_spike_times_match_closed_form(dt, t_ref):
    currents = np.array([1.55, 1.8, 2.0, 3.0, 5.0, 12.0])
    duration = 300.0
    n_steps = int(round(duration / dt))
    res = neuroai.LIFNeuron(t_ref=t_ref).simulate(
        np.broadcast_to(currents, (n_steps, currents.size)), dt=dt, record_v=False)
    for k, I in enumerate(currents):
        want = lif_spike_times(I, duration, t_ref=t_ref, **COURSE)
        got = res.spike_times[k]
        assert got.shape == want.shape, (I, got.size, want.size)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
        if got.size > 1:
            np.testing.assert_allclose(np.diff(got), lif_isi(I, t_ref=t_ref, **COURSE),
                                       rtol=0, atol=1e-9)


def test_exact_results_agree_across_dt():
    I = 2.7
    times = [neuroai.LIFNeuron(t_ref=1.0).simulate(np.full(int(round(200 / dt)), I),
                                                   dt=dt).spike_times
             for dt in (0.01, 0.1, 0.5, 2.0)]
    for t in times[1:]:
        np.testing.assert_allclose(t, times[0], rtol=0, atol=1e-9)


def test_first_spike_latency_from_v_init():
    res = neuroai.LIFNeuron().simulate(np.full(1000, 2.5), v_init=-60.0)
    want = lif_latency(2.5, v_init=-60.0, **{k: COURSE[k] for k in
                                             ("tau_m", "v_rest", "v_threshold", "resistance")})
    assert abs(res.spike_times[0] - want) < 1e-9


@pytest.mark.parametrize("record_v", [True, False])
@pytest.mark.parametrize("t_ref", [0.0, 3.0])
@pytest.mark.parametrize("dt", [0.01, 0.1, 1.0, 2.5, 10.0])
def test_exact_start_at_or_above_threshold_fires_at_t0(dt, t_ref, record_v):
    # The rule (nai_lif.h): a free neuron at or above threshold at the start
    # of a step fires at that step's start, at every dt.  After the spike at 0
    # it is reset and, for I = 2 nA (Vinf = -50 mV), fires every
    # t_ref + tau ln((Vinf - v_reset)/(Vinf - v_th)); for I = 0 never again.
    duration = 100.0
    n_steps = int(round(duration / dt))
    v_th = COURSE["v_threshold"]
    v_inits = np.array([v_th, np.nextafter(v_th, np.inf), -50.0, -20.0] * 2)
    currents = np.repeat([0.0, 2.0], 4)
    res = neuroai.LIFNeuron(t_ref=t_ref).simulate(
        np.broadcast_to(currents, (n_steps, currents.size)), dt=dt, v_init=v_inits,
        record_v=record_v)
    isi = t_ref + 20.0 * np.log((-50.0 + 80.0) / (-50.0 + 55.0))
    for k, I in enumerate(currents):
        want = np.array([0.0]) if I == 0.0 else np.arange(0.0, duration, isi)
        got = res.spike_times[k]
        assert got.shape == want.shape, (dt, v_inits[k], I, got)
        assert got[0] == 0.0
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    if record_v:
        np.testing.assert_array_equal(res.v[0], v_inits)


@pytest.mark.parametrize("dt", [0.1, 1.0, 5.0, 10.0])
def test_euler_start_above_threshold_tests_after_update(dt):
    # the course's Euler rule is unchanged: threshold tested after the update
    res = neuroai.LIFNeuron().simulate(np.zeros(20), dt=dt, method="euler", v_init=-50.0)
    _, want, _ = lif_euler(np.zeros((20, 1)), dt, v_init=-50.0, **COURSE)
    np.testing.assert_array_equal(res.spike_times, want[0])
    first = -50.0 + (-(-50.0 + 70.0)) * (dt / 20.0)
    assert res.spike_times.size == (1 if first >= COURSE["v_threshold"] else 0)


def test_exact_subthreshold_trace_is_the_exponential():
    res = neuroai.LIFNeuron().simulate(np.full(500, 1.0), dt=0.1)
    t = np.arange(500) * 0.1
    np.testing.assert_allclose(res.v, -60.0 - 10.0 * np.exp(-t / 20.0), atol=1e-11)
    assert res.v[0] == -70.0
    np.testing.assert_array_equal(res.t, t)


def test_refractory_clamp_holds_v_reset():
    dt, t_ref = 0.1, 5.0
    res = neuroai.LIFNeuron(t_ref=t_ref).simulate(np.full(3000, 3.0), dt=dt)
    t_sp = res.spike_times[0]
    inside = (res.t > t_sp + 1e-9) & (res.t <= t_sp + t_ref - 1e-9)
    assert inside.sum() >= 45
    np.testing.assert_array_equal(res.v[inside], -80.0)
    # after release, V follows the exponential from v_reset at t_sp + t_ref
    after = np.flatnonzero(res.t > t_sp + t_ref)[:50]
    s = res.t[after] - (t_sp + t_ref)
    np.testing.assert_allclose(res.v[after], -40.0 + (-80.0 + 40.0) * np.exp(-s / 20.0),
                               atol=1e-9)


def test_many_spikes_in_one_step():
    res = neuroai.LIFNeuron().simulate(np.full(10, 100.0), dt=5.0)
    want = lif_spike_times(100.0, 50.0, **COURSE)
    assert want.size > 40          # several spikes in each 5 ms step
    np.testing.assert_allclose(res.spike_times, want, atol=1e-9)


def test_fi_curve_exact_matches_closed_form_counts():
    currents = np.linspace(0, 6, 25)
    for t_ref in (0.0, 3.0):
        rates = neuroai.fi_curve(currents, duration=500.0, dt=0.1, t_ref=t_ref)
        want = [lif_spike_times(I, 500.0, t_ref=t_ref, **COURSE).size / 0.5
                for I in currents]
        np.testing.assert_array_equal(rates, want)
        # and they approach the steady-state closed form
        closed = neuroai.lif_rate(currents, t_ref=t_ref)
        assert np.all(np.abs(rates - closed) <= 2.0 + 0.1 * closed)


@pytest.mark.parametrize("t_ref", [0.0, 2.0, 0.37])
@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_exact_matches_python_twin(dt, t_ref):
    # a time-varying input, heterogeneous neurons, several spikes per step at
    # dt = 1 ms: spike times, traces and the final state agree to rounding
    rng = np.random.default_rng(21)
    N = 6
    T = int(round(300.0 / dt))
    I = rng.uniform(0.0, 8.0, (T, N))
    params = dict(tau_m=rng.uniform(5, 30, N), v_reset=rng.uniform(-85, -60, N),
                  resistance=rng.uniform(5, 15, N), t_ref=rng.uniform(0, t_ref, N))
    v0 = rng.uniform(-75, -56, N)
    res = neuroai.LIFNeuron(**params).simulate(I, dt=dt, v_init=v0)
    trace, spikes, v_end, free_end = lif_exact(I, dt, v_init=v0, **params)
    assert sum(len(s) for s in spikes) > 100
    for got, want in zip(res.spike_times, spikes):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.v, trace, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.final_state.v, v_end, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.final_state.t_free, free_end, rtol=0, atol=1e-9)


@pytest.mark.parametrize("constant", [True, False])
def test_exact_unrecorded_blocks_match_python_twin(constant):
    # 70 neurons (two full blocks of 32 and a partial one), nothing recorded,
    # so the kernel takes its blocked paths; shuffled heterogeneous inputs,
    # constant (a broadcast view) or time-varying
    rng = np.random.default_rng(23)
    N, T = 70, 2000
    if constant:
        I = np.broadcast_to(rng.permutation(np.linspace(1.0, 6.0, N)), (T, N))
    else:
        I = rng.uniform(0.0, 6.0, (T, N))
    t_ref = rng.uniform(0.0, 2.0, N)
    res = neuroai.LIFNeuron(t_ref=t_ref).simulate(I, dt=0.1, record_v=False)
    _, spikes, v_end, free_end = lif_exact(np.array(I), 0.1, t_ref=t_ref)
    assert sum(len(s) for s in spikes) > 500
    for got, want in zip(res.spike_times, spikes):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.final_state.v, v_end, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.final_state.t_free, free_end, rtol=0, atol=1e-9)


@pytest.mark.parametrize("record_v", [True, False])
def test_exact_v_init_at_threshold_fires_at_zero_like_the_twin(record_v):
    for dt in (0.01, 0.1, 1.0):
        n = int(round(10.0 / dt))
        res = neuroai.LIFNeuron().simulate(np.zeros(n), dt=dt, v_init=-55.0,
                                           record_v=record_v)
        _, spikes, _, _ = lif_exact(np.zeros((n, 1)), dt, v_init=-55.0)
        np.testing.assert_array_equal(spikes[0], [0.0])
        np.testing.assert_array_equal(res.spike_times, spikes[0])


def test_exact_continued_run_matches_python_twin():
    # a run continued from a state starts at step0 with the neuron's release time
    rng = np.random.default_rng(22)
    I = rng.uniform(1.0, 6.0, (1500, 4))
    neuron = neuroai.LIFNeuron(t_ref=3.0)
    first = neuron.simulate(I[:700])
    second = neuron.simulate(I[700:], state=first.final_state)
    _, spikes, v_end, _ = lif_exact(I[700:], 0.1, t_ref=3.0, v_init=first.final_state.v,
                                    step0=700, t_free=first.final_state.t_free)
    for got, want in zip(second.spike_times, spikes):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    np.testing.assert_allclose(second.final_state.v, v_end, rtol=0, atol=1e-9)


def test_exact_twin_against_closed_form():
    # the twin itself reproduces the closed-form spike times (so it checks
    # the kernel independently of it)
    _, spikes, _, _ = lif_exact(np.full((3000, 1), 2.5), 0.1, t_ref=1.0)
    np.testing.assert_allclose(spikes[0], lif_spike_times(2.5, 300.0, t_ref=1.0, **COURSE),
                               rtol=0, atol=1e-9)


# -- the course's numbers -----------------------------------------------------

def test_course_step_current_euler_spikes():
    I = np.zeros(2000)
    I[200:1500] = 2.0
    res = neuroai.LIFNeuron().simulate(I, dt=0.1, method="euler")
    np.testing.assert_allclose(res.spike_times, [47.6, 83.4, 119.2], atol=1e-9)
    assert res.spike_counts == 3


def test_course_fi_curve_euler():
    rates = neuroai.fi_curve([0, 1, 2, 3], duration=500, dt=0.1, method="euler")
    np.testing.assert_array_equal(rates, [0, 0, 28, 50])


# -- Euler: bit for bit with the NumPy twin ---------------------------------

@pytest.mark.parametrize("t_ref", [0.0, 2.0, 0.25])
def test_euler_matches_numpy_twin_bitwise(t_ref):
    rng = np.random.default_rng(3)
    T, N = 2500, 7
    I = 1.0 + 2.5 * rng.random((T, N))
    params = dict(tau_m=rng.uniform(5, 30, N), v_rest=-70.0, v_reset=rng.uniform(-85, -65, N),
                  v_threshold=-55.0, resistance=rng.uniform(8, 12, N), t_ref=t_ref)
    res = neuroai.LIFNeuron(**params).simulate(I, dt=0.1, method="euler")
    trace, spikes, v_end = lif_euler(I, 0.1, **params)
    np.testing.assert_array_equal(res.v, trace)
    for a, b in zip(res.spike_times, spikes):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(res.final_state.v, v_end)


@pytest.mark.parametrize("t_ref", [0.0, 1.5])
def test_euler_unrecorded_blocks_match_numpy_twin_bitwise(t_ref):
    # 77 neurons: two full blocks of 32 and a partial one, read through a
    # strided view; without traces the kernel takes its blocked path
    rng = np.random.default_rng(11)
    T, N = 3000, 77
    I = rng.normal(2.0, 1.0, (T, 2 * N))[:, ::2]
    params = dict(tau_m=rng.uniform(5, 30, N), v_reset=rng.uniform(-85, -65, N),
                  t_ref=rng.uniform(0, t_ref, N))
    res = neuroai.LIFNeuron(**params).simulate(I, dt=0.1, method="euler", record_v=False)
    _, spikes, v_end = lif_euler(I, 0.1, tau_m=params["tau_m"], v_rest=-70.0,
                                 v_reset=params["v_reset"], v_threshold=-55.0,
                                 resistance=10.0, t_ref=params["t_ref"])
    assert sum(len(s) for s in spikes) > 500          # many spikes, in every block
    for a, b in zip(res.spike_times, spikes):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(res.final_state.v, v_end)


def test_euler_constant_input_view_matches_numpy_twin_bitwise():
    # a broadcast view (zero time stride) is read once per block
    rng = np.random.default_rng(12)
    N, T = 70, 2000
    I = np.broadcast_to(rng.uniform(1.0, 4.0, N), (T, N))
    res = neuroai.LIFNeuron(t_ref=1.0).simulate(I, dt=0.1, method="euler", record_v=False)
    _, spikes, v_end = lif_euler(np.array(I), 0.1, t_ref=1.0)
    assert sum(len(s) for s in spikes) > 500
    for a, b in zip(res.spike_times, spikes):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(res.final_state.v, v_end)


def test_step_method_matches_simulate_bitwise():
    rng = np.random.default_rng(5)
    I = 1.0 + 2.0 * rng.random(3000)
    neuron = neuroai.LIFNeuron(t_ref=1.0)
    res = neuron.simulate(I, dt=0.1, method="euler")
    neuron.reset_state()
    vs, spikes = [], []
    for i, x in enumerate(I):
        vs.append(neuron.v)
        if neuron.step(x, dt=0.1):
            spikes.append(i * 0.1)
    np.testing.assert_array_equal(res.v, vs)
    np.testing.assert_array_equal(res.spike_times, spikes)
    neuron.v = -60.0                       # v is writable
    assert neuron.v == -60.0
    neuron.reset_state()
    assert neuron.v == -70.0


# -- populations, recording, chunking ----------------------------------------

def test_per_neuron_parameters():
    tau = np.array([10.0, 20.0, 40.0])
    res = neuroai.LIFNeuron(tau_m=tau).simulate(np.full((3000, 3), 2.0), record_v=False)
    for k in range(3):
        p = dict(COURSE, tau_m=tau[k])
        np.testing.assert_allclose(res.spike_times[k], lif_spike_times(2.0, 300.0, **p),
                                   atol=1e-9)
    assert res.v is None


def test_record_subset_and_off():
    I = np.full((1000, 6), 2.2)
    full = neuroai.LIFNeuron().simulate(I)
    part = neuroai.LIFNeuron().simulate(I, record_v=[4, 1])
    assert part.v.shape == (1000, 2)
    np.testing.assert_array_equal(part.v[:, 0], full.v[:, 4])
    np.testing.assert_array_equal(part.v[:, 1], full.v[:, 1])
    none = neuroai.LIFNeuron().simulate(I, record_v=False)
    assert none.v is None
    for a, b in zip(none.spike_times, full.spike_times):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("method", ["exact", "euler"])
def test_chunked_runs_equal_one_long_run(method):
    rng = np.random.default_rng(11)
    T, N = 4000, 9
    I = 1.2 + 2.0 * rng.random((T, N))
    neuron = neuroai.LIFNeuron(t_ref=1.3)
    one = neuron.simulate(I, dt=0.1, method=method)
    cuts = [0, 1, 999, 2500, 3999, T]
    parts, state = [], None
    for a, b in zip(cuts[:-1], cuts[1:]):
        r = neuron.simulate(I[a:b], dt=0.1, method=method, state=state)
        parts.append(r)
        state = r.final_state
    np.testing.assert_array_equal(np.concatenate([p.v for p in parts]), one.v)
    np.testing.assert_array_equal(np.concatenate([p.t for p in parts]), one.t)
    for j in range(N):
        np.testing.assert_array_equal(
            np.concatenate([p.spike_times[j] for p in parts]), one.spike_times[j])
    np.testing.assert_array_equal(state.v, one.final_state.v)
    # continue_with is the same thing
    r1 = neuron.simulate(I[:2000], dt=0.1, method=method)
    r2 = r1.continue_with(I[2000:])
    np.testing.assert_array_equal(np.concatenate([r1.v, r2.v]), one.v)


def test_broadcast_input_is_not_copied_and_matches_dense():
    I = np.linspace(1.5, 4.0, 50)
    view = np.broadcast_to(I, (3000, 50))
    a = neuroai.LIFNeuron().simulate(view, record_v=False)
    b = neuroai.LIFNeuron().simulate(np.array(view), record_v=False)
    assert a.current is view
    for x, y in zip(a.spike_times, b.spike_times):
        np.testing.assert_array_equal(x, y)


def test_large_broadcast_population_costs_no_memory():
    import tracemalloc
    I = np.linspace(1.5, 4.0, 100_000)
    view = np.broadcast_to(I, (10_000, 100_000))       # 8 GB if materialised
    tracemalloc.start()
    res = neuroai.LIFNeuron().simulate(view[:200], record_v=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50e6
    assert res.spike_counts.shape == (100_000,)


def test_spikes_container_and_rates():
    I = np.full((5000, 3), [0.0, 2.0, 3.0])
    res = neuroai.LIFNeuron().simulate(I, record_v=False)
    sp = res.spikes
    assert sp.n == 3 and sp.duration == 500.0
    np.testing.assert_array_equal(sp.counts(), res.spike_counts)
    np.testing.assert_allclose(res.rates, res.spike_counts / 0.5)
    assert np.all(np.diff(sp.times) >= 0)
    np.testing.assert_array_equal(sp.train(2), res.spike_times[2])


def test_integer_list_and_noncontiguous_input_accepted():
    a = neuroai.LIFNeuron().simulate([2] * 1000)
    b = neuroai.LIFNeuron().simulate(np.full(1000, 2.0))
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    big = np.full((1000, 8), 2.0)
    c = neuroai.LIFNeuron().simulate(big[:, ::2])
    assert len(c.spike_times) == 4
    np.testing.assert_array_equal(c.spike_times[3], b.spike_times)


def test_closed_form_helpers():
    assert neuroai.rheobase() == pytest.approx(1.5)
    assert neuroai.rheobase(v_threshold=-50.0, resistance=5.0) == pytest.approx(4.0)
    assert neuroai.lif_rate(1.5) == 0.0
    assert neuroai.lif_rate(3.0) == pytest.approx(1000.0 / (20.0 * np.log(40 / 15)))
    assert neuroai.lif_rate(3.0, t_ref=2.0) == pytest.approx(
        1000.0 / (2.0 + 20.0 * np.log(40 / 15)))
    np.testing.assert_allclose(neuroai.lif_rate([0.0, 3.0]), [0.0, neuroai.lif_rate(3.0)])


def test_threads_do_not_change_the_result():
    I = np.linspace(1.4, 4.0, 20_000)
    view = np.broadcast_to(I, (700, I.size))
    neuron = neuroai.LIFNeuron(t_ref=np.linspace(0.0, 3.0, I.size))
    one = neuron.simulate(view, record_v=[0, 9_999, 19_999], n_threads=1)
    many = neuron.simulate(view, record_v=[0, 9_999, 19_999], n_threads=3)
    np.testing.assert_array_equal(one._offsets, many._offsets)
    np.testing.assert_array_equal(one._times, many._times)
    np.testing.assert_array_equal(one.v, many.v)
    np.testing.assert_array_equal(one.final_state.v, many.final_state.v)
    assert one.spike_counts.sum() > 10_000


# -- the one-neuron call (a slider redraw): fast path, caches ---------------

def _slow(neuron, current, **kw):
    """The same call through the general path (n_threads given)."""
    return neuron.simulate(current, n_threads=1, **kw)


def _same_result(a, b):
    np.testing.assert_array_equal(a.v, b.v)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    np.testing.assert_array_equal(a.t, b.t)
    np.testing.assert_array_equal(a.recorded, b.recorded)
    assert a.recorded.dtype == b.recorded.dtype == np.int64
    for k in ("v", "t_free", "ref_left"):
        np.testing.assert_array_equal(a.final_state.arrays[k], b.final_state.arrays[k])
    assert (a.final_state.steps_done, a.final_state.dt, a.final_state.method) == \
        (b.final_state.steps_done, b.final_state.dt, b.final_state.method)
    assert a.spike_counts == b.spike_counts and repr(a) == repr(b)
    assert a.rates == b.rates and a.duration == b.duration


@pytest.mark.parametrize("method", ["exact", "euler"])
@pytest.mark.parametrize("t_ref", [0.0, 2.0])
@pytest.mark.parametrize("dt", [0.1, 0.5])
def test_one_neuron_call_matches_general_path_bitwise(method, t_ref, dt):
    I = np.zeros(1000)
    I[100:800] = 2.5
    I[850:] = 400.0                          # > 64 spikes in all: the buffer grows
    neuron = neuroai.LIFNeuron(t_ref=t_ref)
    fast = neuron.simulate(I, dt=dt, method=method)
    _same_result(fast, _slow(neuron, I, dt=dt, method=method))
    assert fast.current is I and fast.neuron is neuron
    if t_ref == 0.0:
        assert fast.spike_counts > 64
    # continuing from the fast path's state equals one run
    both = neuron.simulate(np.concatenate([I, I]), dt=dt, method=method)
    more = fast.continue_with(I)
    np.testing.assert_array_equal(np.concatenate([fast.v, more.v]), both.v)
    np.testing.assert_array_equal(np.concatenate([fast.spike_times, more.spike_times]),
                                  both.spike_times)


def test_one_neuron_spike_buffer_growth_matches_a_population():
    # thousands of spikes from one neuron (its buffer grows from the small
    # run's inline one) against the same neuron in a population large enough
    # to start with the heap buffer
    I = np.full(2000, 400.0)                 # several spikes per step
    neuron = neuroai.LIFNeuron()
    one = neuron.simulate(I)
    many = neuron.simulate(np.broadcast_to(I[:, None], (2000, 64)), record_v=False)
    assert one.spike_counts > 1024
    for j in (0, 63):
        np.testing.assert_array_equal(one.spike_times, many.spike_times[j])


@pytest.mark.parametrize("bad, where", [(np.nan, 3), (np.inf, 0), (-np.inf, 999)])
def test_one_neuron_call_rejects_nan_and_inf_like_the_general_path(bad, where):
    I = np.ones(1000)
    I[where] = bad
    before = I.copy()
    neuron = neuroai.LIFNeuron()
    with pytest.raises(ValueError) as fast:
        neuron.simulate(I)
    with pytest.raises(ValueError) as slow:
        neuron.simulate(list(I))
    assert str(fast.value) == str(slow.value)
    assert f"at index ({where},)" in str(fast.value) and "current [nA]" in str(fast.value)
    np.testing.assert_array_equal(I, before)


def test_one_neuron_call_checks_in_the_general_order():
    neuron = neuroai.LIFNeuron(tau_m=[10.0, 20.0, 30.0])
    I = np.ones(100)
    with pytest.raises(ValueError, match="per-neuron parameters for 3 neurons"):
        neuron.simulate(I)
    I[5] = np.nan                            # the current's error comes first
    with pytest.raises(ValueError, match=r"current \[nA\] must be finite"):
        neuron.simulate(I)
    with pytest.raises(ValueError, match=r"dt \[ms\] must be > 0"):
        neuroai.LIFNeuron().simulate(np.ones(10), dt=-0.1)
    with pytest.raises(ValueError, match="dt"):
        neuroai.LIFNeuron().simulate(np.ones(10), dt=float("nan"))
    with pytest.raises(ValueError, match="method must be one of"):
        neuroai.LIFNeuron().simulate(np.ones(10), method="rk4")
    with pytest.raises(ValueError, match="2-D array"):
        neuroai.LIFNeuron().simulate(np.ones((2, 2, 2)))
    # a one-neuron per-neuron parameter set takes the one-neuron call
    one = neuroai.LIFNeuron(v_rest=[-65.0])
    _same_result(one.simulate(np.ones(50)), _slow(one, np.ones(50)))


@pytest.mark.parametrize("name, value", [
    ("tau_m", 7.0), ("v_rest", -60.0), ("v_reset", -75.0), ("v_threshold", -50.0),
    ("resistance", 30.0), ("t_ref", 3.0), ("v_rest", [-62.0])])
def test_setting_a_parameter_rebuilds_the_cached_call(name, value):
    I = np.full(500, 2.5)
    neuron = neuroai.LIFNeuron()
    neuron.simulate(I)                       # fills the caches
    neuron.param_table(1)
    setattr(neuron, name, value)
    fresh = neuroai.LIFNeuron(**{name: value})
    _same_result(neuron.simulate(I), fresh.simulate(I))
    np.testing.assert_array_equal(neuron.param_table(1), fresh.param_table(1))


def test_cached_call_cannot_be_changed_from_outside():
    I = np.full(500, 2.5)
    neuron = neuroai.LIFNeuron(t_ref=1.0)
    first = neuron.simulate(I)
    want = _slow(neuron, I)
    # every array a result or the neuron hands out: writing to the writable
    # ones, or trying to, leaves the next call unchanged
    first.v[:] = 0.0
    first.recorded[:] = 7
    for a in (neuron.param_table(1), first.final_state.v, first.final_state.t_free,
              first.final_state.ref_left):
        with pytest.raises(ValueError):
            a[...] = 0
    p = neuron.params
    p["v_rest"] = 0.0
    with pytest.raises(ValueError):
        neuron.simulate(I, state=first.final_state, method="euler")   # refused
    with pytest.raises(ValueError, match=r"v_reset \[mV\] must be below"):
        neuron.v_reset = -40.0                # a refused setter keeps the cache
    _same_result(neuron.simulate(I), want)
    assert neuron.simulate(I).recorded.tolist() == [0]
    # fields built when read are built once, and no two results share them
    a, b = neuron.simulate(I), neuron.simulate(I)
    assert a.final_state is a.final_state and a.recorded is a.recorded
    for x, y in ((a.final_state.v, b.final_state.v), (a.recorded, b.recorded), (a.v, b.v)):
        assert not np.shares_memory(x, y)


def test_binding_check_finite_reads_every_layout():
    from neuroai import _core
    from core_calls import REGISTRY
    named = REGISTRY["lif_run"].good()
    base = _core.lif_run(**named)
    same = _core.lif_run(**named, check_finite=True)
    for a, b in zip(base, same):
        np.testing.assert_array_equal(a, b)
    steps, n = named["current"].shape
    layouts = {
        "dense": lambda c: c,
        "broadcast": lambda c: np.broadcast_to(c[0], (steps, n)),
        "column": lambda c: np.broadcast_to(c[:, :1], (steps, n)),
        "transposed": lambda c: np.asfortranarray(c),
        "strided": lambda c: np.repeat(c, 2, axis=1)[:, ::2],
    }
    for name, make in layouts.items():
        for bad in (np.nan, np.inf, -np.inf):
            cur = np.array(named["current"])
            cur[0, 0] = bad
            with pytest.raises(ValueError, match="current must be finite"):
                _core.lif_run(**dict(named, current=make(cur)), check_finite=True)
        _core.lif_run(**dict(named, current=make(np.array(named["current"]))),
                      check_finite=True)


def test_one_neuron_call_leaks_nothing_on_any_path():
    # the one-neuron call with its spikes in the inline buffer, grown out of
    # it to the heap, and refused by the C scan (NaN), under the registry's
    # probes of Python and C memory
    from test_core_hygiene import (HEAP_BUDGET, RSS_BUDGET, TRACED_BUDGET,
                                   c_memory_growth, traced_growth)
    neuron = neuroai.LIFNeuron()
    quiet, busy, bad = np.full(300, 2.5), np.full(300, 400.0), np.ones(300)
    bad[7] = np.nan

    def one_round():
        neuron.simulate(quiet)
        neuron.simulate(busy)
        with pytest.raises(ValueError):
            neuron.simulate(bad)
    assert traced_growth(one_round, 500, 50) < TRACED_BUDGET
    rss, heap = c_memory_growth(one_round, 1500, 200)
    assert rss < RSS_BUDGET
    assert heap is None or heap < HEAP_BUDGET


# -- runs whose time cannot advance, or too large to allocate (refused at once) ----

import math
import subprocess
import sys
import textwrap

_LIMITED = textwrap.dedent("""
    import resource, sys
    # the address space of this child only: a run that grows without bound
    # ends here in MemoryError, not on the machine
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    import numpy as np, neuroai
    try:
        {call}
    except Exception as e:
        print(type(e).__name__ + ": " + str(e))
    else:
        print("OK")
""")


def _limited(call):
    """Run ``call`` in a child limited to 1 GB of address space and 60 s;
    its exception as 'Type: message', or 'OK'."""
    out = subprocess.run([sys.executable, "-c", _LIMITED.format(call=call)],
                         capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.strip()


def test_tiny_tau_m_is_refused_at_once_with_the_size():
    # 1 ms at tau_m = 1e-9 ms: a spike every 1e-9 ln(30/5) ms from v_reset to
    # V_inf = -50 mV, 5.6e8 spikes, 13 GB: beyond the child's 1 GB at once
    out = _limited("neuroai.LIFNeuron(tau_m=1e-9).simulate(np.full(10, 2.0))")
    bound = 10 * 0.1 / (1e-9 * math.log(30.0 / 5.0)) + 2
    assert out.startswith("MemoryError: the LIF simulation would need up to"), out
    assert f"{bound:.3g} spikes" in out, out


def test_fi_curve_of_a_tiny_tau_m_is_refused_at_once():
    out = _limited("neuroai.fi_curve([2.0, 3.0], duration=1.0, tau_m=1e-9)")
    assert out.startswith("MemoryError: the LIF simulation would need up to"), out


def test_flash_vs_sustained_with_a_tiny_tau_m_is_refused_at_once():
    out = _limited("from neuroai.course import scenarios; scenarios.flash_vs_sustained("
                   "neuron=neuroai.LIFNeuron(tau_m=1e-9))")
    assert out.startswith("MemoryError: the LIF simulation would need up to"), out


@pytest.mark.parametrize("call, words", [
    # the end of the run, 5 steps of 1e308 ms, is not finite
    ("neuroai.LIFNeuron().simulate(np.full(5, 5.0), dt=1e308)", ["finite time", "dt"]),
    # the 10.78 ms interval is below 2**-44 of the end at 5e20 ms
    ("neuroai.LIFNeuron().simulate(np.full(5, 5.0), dt=1e20)",
     ["time cannot advance", "t_ref", "tau_m", "dt"]),
    # V_inf = 1e301 mV: an interval of 0 ms
    ("neuroai.LIFNeuron().simulate(np.full(5, 1e300))", ["time cannot advance", "V_inf"]),
    # R I overflows
    ("neuroai.LIFNeuron(resistance=1e300).simulate(np.full(5, 1e10))",
     ["V_inf", "resistance", "finite"]),
    ("neuroai.LIFNeuron(resistance=1e300).simulate(np.full(5, 1e10), method='euler')",
     ["V_inf", "resistance", "finite"]),
    ("neuroai.fi_curve([5.0], duration=5e20, dt=1e20)", ["time cannot advance"]),
    # the checked path too (a recorded subset, two neurons)
    ("neuroai.LIFNeuron().simulate(np.full((5, 2), 1e300), record_v=[1])",
     ["time cannot advance", "neuron 0"]),
])
def test_runs_whose_time_cannot_advance_are_refused(call, words):
    out = _limited(call)
    assert out.startswith("ValueError: "), out
    for w in words:
        assert w in out, (w, out)


def test_many_spikes_per_step_that_float64_resolves_still_run():
    # dt = 1000 ms with t_ref = 1e-300 ms: latency 20 ln(50/35) ms, then a
    # spike every 20 ln(60/35) ms, 93 to a step; refused by no rule
    res = neuroai.LIFNeuron(t_ref=1e-300).simulate(np.full(5, 5.0), dt=1000.0)
    first, isi = 20.0 * math.log(50.0 / 35.0), 20.0 * math.log(60.0 / 35.0)
    assert res.spike_counts == math.floor((5000.0 - first) / isi) + 1
    np.testing.assert_allclose(res.spike_times[:3], first + isi * np.arange(3),
                               rtol=0, atol=1e-9)


_UNCHECKED = ("from neuroai import _core; "
              "p, s, r, k = neuroai.LIFNeuron()._one_neuron_args(); "
              "_core.lif_run(np.full(({n}, 1), {i}), 0.1, _core.METHOD_EXACT, 0, s, r, p, k, 1, "
              "True)")


@pytest.mark.parametrize("n, i, words", [
    (5, 1e300, "time cannot advance"),
    (5, 1e308, "V_inf"),
    # 1e5 steps at 1e4 nA: 20 ln((1e5 + 10)/(1e5 - 15)) ms apart, 2e6 spikes
    (100_000, 1e4, "spikes"),
])
def test_unchecked_core_call_refuses_what_the_checked_path_must_size(n, i, words):
    out = _limited(_UNCHECKED.format(n=n, i=i))
    assert out.startswith("ValueError: ") and words in out, out


def test_a_run_beyond_the_unchecked_limit_takes_the_checked_path():
    # the one-neuron call falls back to the checked path and gives the
    # closed form: latency 20 ln(1e5 / (1e5 - 15)) ms, then every
    # 20 ln((1e5 + 10)/(1e5 - 15)) ms
    first = 20.0 * math.log(1e5 / (1e5 - 15.0))
    isi = 20.0 * math.log((1e5 + 10.0) / (1e5 - 15.0))
    res = neuroai.LIFNeuron().simulate(np.full(100_000, 1e4))
    assert abs(res.spike_counts - ((10_000.0 - first) / isi + 1)) <= 1
