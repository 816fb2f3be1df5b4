"""Networks and LIFWithSynapse against closed forms and independent NumPy twins
(``reference.network``, ``reference.stp``)."""
import math

import numpy as np
import pytest

import neuroai
from neuroai.network import LIFWithSynapse, SpikingNetwork
from reference.network import conductance_twin, lif_with_synapse_twin, network_twin
from reference.stp import tm_efficacies


# ---------------------------------------------------------------------------
# LIFWithSynapse
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kw", [dict(), dict(g_max=200.0, t_ref=2.0, tau_rec=20.0),
                                dict(g_max=400.0, tau_rec=20.0, u=0.3, e_syn=-10.0)])
def test_lif_with_synapse_euler_matches_course_loop(kw):
    inp = neuroai.poisson(rate=200, duration=1000, seed=3)
    res = LIFWithSynapse(method="euler", **kw).simulate(inp, 1000.0, dt=0.1)
    v, g, x, out = lif_with_synapse_twin(inp.times, 1000.0, 0.1, **kw)
    assert res.t.shape == (10000,)
    np.testing.assert_allclose(res.v, v, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.g, g, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.x, x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.spike_times, out, rtol=0, atol=1e-12)
    if kw.get("g_max", 1.0) >= 200:
        assert out.size > 3          # the case really fires
    assert res.rates == pytest.approx(out.size / 1.0)


def test_lif_with_synapse_exact_close_to_euler_at_small_dt():
    # inputs on the 0.1 ms grid, so both grids apply them at the same times
    inp = np.unique(np.round(neuroai.poisson(rate=200, duration=500, seed=5).times, 1))
    kw = dict(g_max=200.0, tau_rec=20.0, t_ref=2.0)
    ex = LIFWithSynapse(**kw).simulate(inp, 500.0, dt=0.1)
    v, g, x, out = lif_with_synapse_twin(inp, 500.0, 0.001, **kw)
    assert out.size > 3
    idx = np.arange(0, 500000, 100)
    np.testing.assert_allclose(ex.x, x[idx], atol=1e-3)
    np.testing.assert_allclose(ex.g, g[idx], rtol=2e-3, atol=1e-6)
    # spike times agree to the coarse resolution dt = 0.1 ms, apart from rare
    # near-threshold cases
    assert abs(ex.spike_times.size - out.size) <= 1
    n = min(ex.spike_times.size, out.size)
    assert np.median(np.abs(ex.spike_times[:n] - out[:n])) <= 0.1 + 1e-9


def test_lif_with_synapse_exact_g_and_x_closed_form():
    # one input spike at 1 ms: g = g_max*u*exp(-(t-1)/tau_syn), x recovers exactly
    m = LIFWithSynapse(g_max=2.0, tau_syn=5.0, tau_rec=200.0, u=0.5)
    res = m.simulate(np.array([1.0]), 50.0, dt=0.1)
    t = res.t
    after = t >= 1.0 - 1e-9
    np.testing.assert_allclose(res.g[after], 2.0 * 0.5 * np.exp(-(t[after] - 1.0) / 5.0),
                               rtol=1e-12)
    np.testing.assert_allclose(res.x[after], 1.0 - 0.5 * np.exp(-(t[after] - 1.0) / 200.0),
                               rtol=1e-12)
    assert np.all(res.g[~after] == 0.0) and np.all(res.x[~after] == 1.0)


def test_lif_with_synapse_api():
    inp = neuroai.poisson(rate=50, duration=1000, seed=1)
    res = neuroai.LIFWithSynapse().simulate(inp, 1000.0)
    for name in ("t", "v", "g", "x"):
        assert getattr(res, name).shape == (10000,)
    assert res.spike_times.ndim == 1
    np.testing.assert_array_equal(res.input_spikes, inp.times)
    assert isinstance(res.rates, float)
    # the SpikeTrains' own duration is used when none is given
    res2 = neuroai.LIFWithSynapse().simulate(inp)
    np.testing.assert_array_equal(res2.v, res.v)


def test_lif_with_synapse_merges_trains_and_keeps_input():
    st = neuroai.poisson(rate=20, duration=300, n=3, seed=2)
    times = st.times.copy()
    res = LIFWithSynapse(method="euler").simulate(st, 300.0)
    v, g, x, out = lif_with_synapse_twin(st.times, 300.0, 0.1)
    np.testing.assert_allclose(res.g, g, atol=1e-12)
    np.testing.assert_array_equal(st.times, times)
    arr = np.array([5.0, 1.0, 3.0])
    LIFWithSynapse().simulate(arr, 10.0)
    np.testing.assert_array_equal(arr, [5.0, 1.0, 3.0])


@pytest.mark.parametrize("kw,match", [
    (dict(tau_syn=0.0), r"tau_syn \[ms\] must be > 0"),
    (dict(tau_rec=-1.0), r"tau_rec \[ms\] must be > 0"),
    (dict(u=1.5), r"u \[1\] must be in \(0, 1\]"),
    (dict(g_max=-1.0), r"g_max \[nS\] must be >= 0"),
    (dict(tau_m=float("nan")), r"tau_m \[ms\] must be finite"),
    (dict(method="rk4"), r"method must be one of"),
])
def test_lif_with_synapse_bad_parameters(kw, match):
    with pytest.raises(ValueError, match=match):
        LIFWithSynapse(**kw)


def test_lif_with_synapse_bad_input():
    m = LIFWithSynapse()
    with pytest.raises(ValueError, match=r"window \[0, 10\)"):
        m.simulate([1.0, 12.0], 10.0)
    with pytest.raises(ValueError, match=r"input_spikes \[ms\] must be finite"):
        m.simulate([1.0, float("nan")], 10.0)
    with pytest.raises(ValueError, match=r"whole number of steps"):
        m.simulate([1.0], 10.05, dt=0.1)
    with pytest.raises(ValueError, match=r"duration \[ms\] is required"):
        m.simulate([1.0])


def test_lif_with_synapse_plot():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    res = LIFWithSynapse(g_max=40.0).simulate(neuroai.poisson(80, 300, seed=1), 300.0)
    fig = res.plot()
    assert len(fig.axes) == 3
    plt.close(fig)


# ---------------------------------------------------------------------------
# SpikingNetwork
# ---------------------------------------------------------------------------

def psp_closed_form(t, w, tau_m, tau_s, R):
    """Depolarisation [mV] at t >= 0 after a current jump w [nA] at t = 0
    that decays with tau_s, into a passive membrane (tau_m, R)."""
    if tau_m == tau_s:
        return R * w * t / tau_m * np.exp(-t / tau_m)
    return R * w * tau_s / (tau_s - tau_m) * (np.exp(-t / tau_s) - np.exp(-t / tau_m))


def psp_peak(w, tau_m, tau_s, R):
    """Time [ms] and height [mV] of the PSP maximum."""
    if tau_m == tau_s:
        return tau_m, R * w / math.e
    t = tau_m * tau_s * math.log(tau_m / tau_s) / (tau_m - tau_s)
    return t, float(psp_closed_form(t, w, tau_m, tau_s, R))


@pytest.mark.parametrize("tau_m,tau_s", [(20.0, 5.0), (10.0, 10.0), (5.0, 20.0),
                                         (20.0, 20.0 * (1 + 1e-9))])
def test_psp_peak_matches_closed_form(tau_m, tau_s):
    w, R, dt = 1.5, 10.0, 0.01
    neuron = neuroai.LIFNeuron(tau_m=tau_m, resistance=R, v_threshold=0.0)
    net = SpikingNetwork(np.array([[w]]), neuron=neuron, tau_syn=tau_s)
    res = net.run(np.array([0.0]), 200.0, dt=dt, record_v=True)
    dv = res.v[:, 0] - (-70.0)
    # a near-equal pair is checked against the tau_m == tau_syn limit (the
    # two-exponential form itself cancels catastrophically there)
    near = tau_s != tau_m and abs(tau_s - tau_m) < 1e-6 * tau_m
    expect = psp_closed_form(res.t, w, tau_m, tau_m if near else tau_s, R)
    # exact integration: the trace is the closed form on every grid point
    np.testing.assert_allclose(dv, expect, rtol=1e-7 if near else 1e-9, atol=1e-12)
    t_peak, h_peak = psp_peak(w, tau_m, tau_m if near else tau_s, R)
    assert abs(res.t[np.argmax(dv)] - t_peak) <= dt
    assert dv.max() == pytest.approx(h_peak, rel=1e-6)
    np.testing.assert_allclose(res.i_syn[:, 0], w * np.exp(-res.t / tau_s), rtol=1e-9)
    assert len(res.spikes) == 0


def test_psp_exact_for_coarse_steps():
    # exactness does not depend on dt
    neuron = neuroai.LIFNeuron(v_threshold=0.0)
    net = SpikingNetwork(np.array([[2.0]]), neuron=neuron, tau_syn=7.0)
    res = net.run(np.array([0.0]), 100.0, dt=2.5, record_v=True)
    np.testing.assert_allclose(res.v[:, 0] + 70.0, psp_closed_form(res.t, 2.0, 20.0, 7.0, 10.0),
                               rtol=1e-12, atol=1e-12)


def test_conductance_network_matches_documented_method():
    w = _random_weights(30, 8, 0.3, 11, scale=120.0)
    inp = neuroai.poisson(rate=40, duration=300, n=30, seed=12)
    res = SpikingNetwork(w, synapse="conductance", e_syn=0.0).run(inp, 300.0, record_v=True)
    vtr, ot, oi = conductance_twin(w, inp.times, inp.indices, 300.0, 0.1)
    assert ot.size > 10
    np.testing.assert_allclose(res.v, vtr, rtol=0, atol=1e-9)
    order = np.lexsort((oi, ot))
    np.testing.assert_allclose(res.spikes.times, ot[order], atol=1e-12)
    np.testing.assert_array_equal(res.spikes.indices, oi[order])


def _random_weights(n_in, n, density, seed, scale=3.0):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.2, 1.0, (n_in, n)) * scale
    w[rng.random((n_in, n)) > density] = 0.0
    return w


@pytest.mark.parametrize("method", ["exact", "euler"])
def test_network_matches_numpy_twin(method):
    w = _random_weights(40, 12, 0.3, 1)
    inp = neuroai.poisson(rate=40, duration=300, n=40, seed=4)
    net = SpikingNetwork(w, tau_syn=4.0, i_ext=0.5, method=method,
                         neuron=neuroai.LIFNeuron(t_ref=1.0))
    res = net.run(inp, 300.0, record_v=True)
    vtr, itr, ot, oi = network_twin(w, inp.times, inp.indices, 300.0, 0.1, method,
                                    t_ref=1.0, tau_s=4.0, i_ext=0.5)
    assert ot.size > 20
    np.testing.assert_allclose(res.v, vtr, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.i_syn, itr, rtol=0, atol=1e-9)
    order = np.lexsort((oi, ot))
    np.testing.assert_allclose(res.spikes.times, ot[order], atol=1e-12)
    np.testing.assert_array_equal(res.spikes.indices, oi[order])
    assert res.rates.shape == (12,)


def _csr_by_hand(w):
    data, indices, indptr = [], [], [0]
    for row in w:
        for j, val in enumerate(row):
            if val != 0:
                data.append(val)
                indices.append(j)
        indptr.append(len(data))
    return np.array(data), np.array(indices), np.array(indptr)


def test_dense_and_sparse_weights_agree():
    w = _random_weights(50, 20, 0.1, 2, scale=8.0)
    inp = neuroai.poisson(rate=30, duration=500, n=50, seed=5)
    dense = SpikingNetwork(w).run(inp, 500.0, record_v=[0, 5])
    csr = SpikingNetwork(_csr_by_hand(w), n_neurons=20).run(inp, 500.0, record_v=[0, 5])
    assert len(dense.spikes) > 10
    np.testing.assert_array_equal(dense.spikes.times, csr.spikes.times)
    np.testing.assert_array_equal(dense.spikes.indices, csr.spikes.indices)
    np.testing.assert_array_equal(dense.v, csr.v)
    try:
        import scipy.sparse as sparse
    except ImportError:
        return
    sp = SpikingNetwork(sparse.csr_matrix(w)).run(inp, 500.0, record_v=[0, 5])
    np.testing.assert_array_equal(dense.v, sp.v)


def _window(st, t0, t1):
    m = (st.times >= t0) & (st.times < t1)
    return neuroai.SpikeTrains(st.times[m], st.indices[m], n=st.n, duration=t1)


@pytest.mark.parametrize("stp", [None, neuroai.TsodyksMarkram(0.5, 800.0),
                                 dict(model="tsodyks_markram", U=0.1, tau_rec=100.0,
                                      tau_fac=300.0),
                                 dict(model="depressing", u=0.4, tau_rec=150.0)])
@pytest.mark.parametrize("synapse", ["current", "conductance"])
def test_chunked_runs_equal_one_run(stp, synapse):
    w = _random_weights(30, 10, 0.3, 3, scale=20.0 if synapse == "current" else 400.0)
    inp = neuroai.poisson(rate=40, duration=1000, n=30, seed=6)
    net = SpikingNetwork(w, synapse=synapse, stp=stp, neuron=neuroai.LIFNeuron(t_ref=2.0))
    rec_c = [0, 3] if stp is not None else None
    one = net.run(inp, 1000.0, record_v=True, record_stp=rec_c)
    assert len(one.spikes) > 5
    state, parts = None, []
    for t0, t1 in ((0.0, 300.0), (300.0, 650.0), (650.0, 1000.0)):
        r = net.run(_window(inp, t0, t1), t1 - t0, record_v=True, record_stp=rec_c,
                    state=state)
        parts.append(r)
        state = r.final_state
    np.testing.assert_array_equal(np.concatenate([p.t for p in parts]), one.t)
    np.testing.assert_array_equal(np.concatenate([p.v for p in parts]), one.v)
    np.testing.assert_array_equal(np.concatenate([p.spikes.times for p in parts]),
                                  one.spikes.times)
    np.testing.assert_array_equal(np.concatenate([p.spikes.indices for p in parts]),
                                  one.spikes.indices)
    if stp is not None:
        np.testing.assert_array_equal(np.concatenate([p.x for p in parts]), one.x)
        np.testing.assert_array_equal(np.concatenate([p.u for p in parts]), one.u)
    np.testing.assert_array_equal(state.v, one.final_state.v)


def test_record_every_keeps_every_kth_step():
    w = _random_weights(20, 6, 0.4, 13, scale=20.0)
    inp = neuroai.poisson(rate=40, duration=500, n=20, seed=14)
    net = SpikingNetwork(w, stp=dict(model="depressing", u=0.3, tau_rec=100.0))
    full = net.run(inp, 500.0, record_v=True, record_stp=[0, 2])
    for k in (1, 3, 7, 10):
        part = net.run(inp, 500.0, record_v=True, record_stp=[0, 2], record_every=k)
        np.testing.assert_array_equal(part.t, full.t[::k])
        np.testing.assert_array_equal(part.v, full.v[::k])
        np.testing.assert_array_equal(part.i_syn, full.i_syn[::k])
        np.testing.assert_array_equal(part.x, full.x[::k])
        np.testing.assert_array_equal(part.spikes.times, full.spikes.times)
    # chunked, with chunks that do not start on a recorded step
    state, vs, ts = None, [], []
    for t0, t1 in ((0.0, 123.4), (123.4, 500.0)):
        r = net.run(_window(inp, t0, t1), round(t1 - t0, 6), record_v=True, record_every=7,
                    state=state)
        state = r.final_state
        vs.append(r.v)
        ts.append(r.t)
    np.testing.assert_array_equal(np.concatenate(ts), full.t[::7])
    np.testing.assert_array_equal(np.concatenate(vs), full.v[::7])
    with pytest.raises(ValueError, match="record_every must be >= 1"):
        net.run(inp, 500.0, record_v=True, record_every=0)


def test_tm_scaled_weights_match_recursion():
    # 3 trains onto 2 neurons, connections with their own TM parameters
    w = np.array([[1.0, 0.0], [0.5, 2.0], [0.0, 1.5]])      # CSR order: (0,0) (1,0) (1,1) (2,1)
    U = np.array([0.5, 0.2, 0.05, 0.3])
    tau_rec = np.array([800.0, 100.0, 150.0, 400.0])
    tau_fac = np.array([0.0, 50.0, 600.0, 0.0])
    inp = neuroai.poisson(rate=30, duration=1000, n=3, seed=7)
    neuron = neuroai.LIFNeuron(v_threshold=100.0)
    net = SpikingNetwork(w, neuron=neuron, tau_syn=5.0,
                         stp=dict(model="tsodyks_markram", U=U, tau_rec=tau_rec,
                                  tau_fac=tau_fac))
    res = net.run(inp, 1000.0, record_v=True, record_stp=True)
    conns = [(0, 0), (1, 0), (1, 1), (2, 1)]
    dt, t = 0.1, res.t
    expect = np.zeros((t.size, 2))
    for c, (row, col) in enumerate(conns):
        tt = inp.train(row)
        e = tm_efficacies(tt, U[c], tau_rec[c], tau_fac[c])
        t_on = np.floor(tt / dt + 1e-6) * dt
        for ts, ek in zip(t_on, e):
            later = t >= ts - 1e-9
            expect[later, col] += w[row, col] * ek * np.exp(-(t[later] - ts) / 5.0)
    np.testing.assert_allclose(res.i_syn, expect, rtol=1e-9, atol=1e-12)
    # the x, u traces at the step of a spike: the state just after its release
    tt = inp.train(1)
    e, xk, uk = tm_efficacies(tt, U[1], tau_rec[1], tau_fac[1], states=True)
    steps = np.floor(tt / dt + 1e-6).astype(int)
    last_in_step = np.r_[steps[1:] != steps[:-1], True]
    np.testing.assert_allclose(res.x[steps[last_in_step], 1],
                               (xk * (1 - uk))[last_in_step], rtol=1e-12)
    np.testing.assert_allclose(res.u[steps[last_in_step], 1],
                               (U[1] + uk * (1 - U[1]))[last_in_step], rtol=1e-12)


def test_course_depression_matches_depressing_synapse():
    # one connection with the course's depressing synapse: g equals the
    # DepressingSynapse response (same grid, same order)
    inp = neuroai.poisson(rate=60, duration=500, seed=8)
    for method in ("exact", "euler"):
        net = SpikingNetwork(np.array([[3.0]]), synapse="conductance", method=method,
                             stp=dict(model="depressing", u=0.4, tau_rec=120.0),
                             neuron=neuroai.LIFNeuron(v_threshold=100.0))
        res = net.run(inp, 500.0, record_v=True, record_stp=True)
        syn = neuroai.DepressingSynapse(g_max=3.0, u=0.4, tau_rec=120.0, method=method)
        ref = syn.response(inp, 500.0)
        np.testing.assert_allclose(res.g[:, 0], ref.g, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(res.x[:, 0], ref.x, rtol=1e-12, atol=1e-15)


def test_inputs_not_modified():
    w = _random_weights(10, 5, 0.5, 9)
    w0 = w.copy()
    data, indices, indptr = _csr_by_hand(w)
    copies = [a.copy() for a in (data, indices, indptr)]
    U = np.full(int((w != 0).sum()), 0.3)
    inp = neuroai.poisson(rate=50, duration=200, n=10, seed=1)
    t0 = inp.times.copy()
    net = SpikingNetwork(w, stp=dict(model="tsodyks_markram", U=U, tau_rec=100.0))
    r = net.run(inp, 200.0, record_v=True)
    net.run(inp, 200.0)
    SpikingNetwork((data, indices, indptr), n_neurons=5).run(inp, 200.0)
    np.testing.assert_array_equal(w, w0)
    for a, b in zip((data, indices, indptr), copies):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(inp.times, t0)
    assert np.all(U == 0.3)
    # the state handed back is not changed by continuing from it
    v_before = r.final_state.v.copy()
    net.run(_window(inp, 0, 0) if False else neuroai.SpikeTrains([], n=10, duration=300.0),
            100.0, state=r.final_state)
    np.testing.assert_array_equal(r.final_state.v, v_before)


@pytest.mark.parametrize("make,match", [
    (lambda: SpikingNetwork(np.ones((3, 2)), n_inputs=4), r"shape \(n_inputs, n_neurons\)"),
    (lambda: SpikingNetwork(np.ones((3, 2)), n_neurons=5), r"shape \(n_inputs, n_neurons\)"),
    (lambda: SpikingNetwork(np.ones(3)), r"weights \[nA or nS\] must be a 2-D array"),
    (lambda: SpikingNetwork(np.array([[1.0, np.nan]])), r"weights \[nA or nS\] must be finite"),
    (lambda: SpikingNetwork((np.ones(2), np.array([0, 7]), np.array([0, 1, 2])), n_neurons=3),
     r"indices must be neuron numbers in \[0, 3\), got 7"),
    (lambda: SpikingNetwork((np.ones(2), np.array([0, -1]), np.array([0, 1, 2])), n_neurons=3),
     r"indices must be neuron numbers in \[0, 3\), got -1"),
    (lambda: SpikingNetwork((np.ones(2), np.array([0, 1]), np.array([0, 2, 1, 2])), n_neurons=3),
     r"indptr must start at 0 and be non-decreasing"),
    (lambda: SpikingNetwork((np.ones(2), np.array([0, 1]), np.array([1, 2])), n_neurons=3),
     r"indptr must start at 0"),
    (lambda: SpikingNetwork((np.ones(3), np.array([0, 1]), np.array([0, 2])), n_neurons=3),
     r"CSR arrays disagree"),
    (lambda: SpikingNetwork((np.ones(2), np.array([0, 1]), np.array([0, 2]))),
     r"n_neurons is required"),
    (lambda: SpikingNetwork((np.array([1.0, np.nan]), np.array([0, 1]), np.array([0, 2])),
                            n_neurons=2), r"weights data \[nA or nS\] must be finite"),
    (lambda: SpikingNetwork(np.ones((2, 2)), tau_syn=0.0), r"tau_syn \[ms\] must be > 0"),
    (lambda: SpikingNetwork(np.ones((2, 2)), tau_syn=[1.0, 2.0, 3.0]),
     r"tau_syn \[ms\] has 3 values but there are 2 neurons"),
    (lambda: SpikingNetwork(np.ones((2, 2)), tau_syn=np.nan), r"tau_syn \[ms\] must be finite"),
    (lambda: SpikingNetwork(-np.ones((2, 2)), synapse="conductance"),
     r"weights \[nS\] of conductance synapses must be >= 0"),
    (lambda: SpikingNetwork(np.ones((2, 2)), synapse="alpha"), r"synapse must be one of"),
    (lambda: SpikingNetwork(np.ones((2, 2)), neuron=neuroai.LIFNeuron(tau_m=[10.0, 20, 30])),
     r"per-neuron parameters for 3 neurons but the weights have 2 columns"),
    (lambda: SpikingNetwork(np.ones((2, 2)), neuron=dict(tau_m=-1.0)), r"tau_m \[ms\] must be > 0"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="tsodyks_markram", U=1.5,
                                                      tau_rec=100.0)),
     r"stp U \[1\] must be in \(0, 1\]"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="tsodyks_markram", U=0.5,
                                                      tau_rec=0.0)),
     r"stp tau_rec \[ms\] must be > 0"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="tsodyks_markram", U=0.5,
                                                      tau_rec=10.0, tau_fac=-1.0)),
     r"stp tau_fac \[ms\] must be >= 0"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="tsodyks_markram", U=[0.5] * 3,
                                                      tau_rec=10.0)),
     r"stp U \[1\] has 3 values but there are 4 connections"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="hebb")),
     r"stp\['model'\] must be one of"),
    (lambda: SpikingNetwork(np.ones((2, 2)), stp=dict(model="depressing", U=0.5)),
     r"takes \('u', 'tau_rec'\)"),
])
def test_bad_construction(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_run_arguments():
    net = SpikingNetwork(np.ones((2, 3)))
    inp = neuroai.poisson(rate=10, duration=100, n=2, seed=1)
    with pytest.raises(ValueError, match=r"inputs has 3 trains but the weights have 2 rows"):
        net.run(neuroai.poisson(rate=10, duration=100, n=3, seed=1), 100.0)
    with pytest.raises(TypeError, match=r"SpikeTrains with 2 trains"):
        net.run(np.array([1.0]), 100.0)
    with pytest.raises(ValueError, match=r"window \[0, 50\)"):
        net.run(inp, 50.0)
    with pytest.raises(ValueError, match=r"dt \[ms\] must be > 0"):
        net.run(inp, 100.0, dt=0.0)
    with pytest.raises(ValueError, match=r"record_v must hold neuron indices in \[0, 3\)"):
        net.run(inp, 100.0, record_v=[3])
    with pytest.raises(ValueError, match=r"record_stp needs short-term plasticity"):
        net.run(inp, 100.0, record_stp=[0])
    r = net.run(inp, 100.0)
    with pytest.raises(ValueError, match=r"same dt"):
        net.run(_window(inp, 100.0, 100.0) if False else
                neuroai.SpikeTrains([], n=2, duration=200.0), 100.0, dt=0.2,
                state=r.final_state)
    with pytest.raises(ValueError, match=r"window \[100, 200\)"):
        net.run(inp, 100.0, state=r.final_state)


def test_per_neuron_parameters():
    # neuron 1 has a lower threshold, tau_syn and i_ext differ per neuron:
    # each column behaves as a one-neuron network with its own parameters
    w = np.array([[2.0, 2.0, 2.0]])
    inp = neuroai.regular(80, 300.0)
    neuron = dict(v_threshold=[-55.0, -65.0, -60.0], tau_m=[20.0, 10.0, 15.0])
    net = SpikingNetwork(w, neuron=neuron, tau_syn=[5.0, 2.0, 8.0], i_ext=[0.0, 0.3, 0.1])
    res = net.run(inp, 300.0, record_v=True)
    for j in range(3):
        one = SpikingNetwork(w[:, j:j + 1], neuron={k: v[j] for k, v in neuron.items()},
                             tau_syn=[5.0, 2.0, 8.0][j], i_ext=[0.0, 0.3, 0.1][j])
        r1 = one.run(inp, 300.0, record_v=True)
        np.testing.assert_array_equal(res.v[:, j], r1.v[:, 0])
        np.testing.assert_array_equal(res.spike_times[j], r1.spike_times[0])
    assert len(res.spikes) > 0


def test_network_exports_and_plot():
    assert neuroai.SpikingNetwork is SpikingNetwork
    assert neuroai.NetworkResult.__name__ == "NetworkResult"
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    w = _random_weights(20, 10, 0.3, 1, scale=8.0)
    net = SpikingNetwork(w, stp=neuroai.TsodyksMarkram(0.5, 800.0))
    res = net.run(neuroai.poisson(rate=30, duration=200, n=20, seed=2), 200.0,
                  record_v=[0, 1], record_stp=[0])
    fig = res.plot()
    assert len(fig.axes) == 5
    plt.close(fig)
