"""Networks and LIFWithSynapse against closed forms and independent NumPy twins."""
import math

import numpy as np
import pytest

import neuroai
from neuroai.network import LIFWithSynapse, SpikingNetwork


# ---------------------------------------------------------------------------
# twins, written out from the course's loop with no package code
# ---------------------------------------------------------------------------

def lif_with_synapse_twin(spike_times, duration, dt, tau_m=20.0, v_rest=-70.0,
                          v_reset=-80.0, v_threshold=-55.0, resistance=10.0, t_ref=0.0,
                          g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
    """The course's LIFWithSynapse loop in plain Python, forward Euler."""
    n_steps = int(round(duration / dt))
    steps = [math.floor(t / dt + 1e-6) for t in spike_times]
    v, g, x, ref = v_rest, 0.0, 1.0, 0
    ref_steps = round(t_ref / dt)
    vs, gs, xs, out = [], [], [], []
    k = 0
    for i in range(n_steps):
        while k < len(steps) and steps[k] == i:
            released = u * x
            x -= released
            g += g_max * released
            k += 1
        vs.append(v)
        gs.append(g)
        xs.append(x)
        I_syn = 1e-3 * g * (e_syn - v)
        if ref > 0:
            ref -= 1
            v = v_reset
        else:
            v = v + (-(v - v_rest) + resistance * I_syn) * (dt / tau_m)
            if v >= v_threshold:
                out.append(i * dt)
                v = v_reset
                ref = ref_steps
        g = g + (-g) * (dt / tau_syn)
        x = x + (1.0 - x) * (dt / tau_rec)
    return np.array(vs), np.array(gs), np.array(xs), np.array(out)


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


def network_twin(w_dense, times, src, duration, dt, method, tau_m=20.0, v_rest=-70.0,
                 v_reset=-80.0, v_threshold=-55.0, R=10.0, t_ref=0.0, tau_s=5.0,
                 i_ext=0.0, efficacy=None):
    """Current-based network, a NumPy loop over steps vectorised over neurons,
    the propagator written from the two-exponential solution."""
    n_in, n = w_dense.shape
    T = int(round(duration / dt))
    step_of = np.floor(np.asarray(times) / dt + 1e-6).astype(int)
    eff = np.ones(len(times)) if efficacy is None else efficacy
    v = np.full(n, v_rest)
    I = np.zeros(n)
    ref = np.zeros(n, int)
    ref_steps = round(t_ref / dt)
    P22, P11 = math.exp(-dt / tau_m), math.exp(-dt / tau_s)
    P21 = (R * dt / tau_m * P22 if tau_m == tau_s
           else R * tau_s / (tau_s - tau_m) * (P11 - P22))
    vtr, itr, out_t, out_i = np.empty((T, n)), np.empty((T, n)), [], []
    for i in range(T):
        for k in np.flatnonzero(step_of == i):
            I += w_dense[src[k]] * eff[k]
        vtr[i], itr[i] = v, I
        held = ref > 0
        if method == "euler":
            v_new = v + (-(v - v_rest) + R * (I + i_ext)) * (dt / tau_m)
            I = I + (-I) * (dt / tau_s)
        else:
            v_new = v_rest + (v - v_rest) * P22 + P21 * I + R * i_ext * (1 - P22)
            I = I * P11
        fired = ~held & (v_new >= v_threshold)
        out_t += [i * dt] * int(fired.sum())
        out_i += list(np.flatnonzero(fired))
        v = np.where(held | fired, v_reset, v_new)
        ref = np.where(held, ref - 1, np.where(fired, ref_steps, 0))
    return vtr, itr, np.array(out_t), np.array(out_i, dtype=int)


def conductance_twin(w_dense, times, src, duration, dt, tau_m=20.0, v_rest=-70.0,
                     v_reset=-80.0, v_threshold=-55.0, R=10.0, tau_s=5.0, e_syn=0.0):
    """Conductance-based network, the documented exact method: g decays
    exactly; over a step v relaxes exactly under the step's mean conductance
    g tau_s/dt (1 - exp(-dt/tau_s))."""
    n = w_dense.shape[1]
    T = int(round(duration / dt))
    step_of = np.floor(np.asarray(times) / dt + 1e-6).astype(int)
    v, g = np.full(n, v_rest), np.zeros(n)
    vtr, out_t, out_i = np.empty((T, n)), [], []
    for i in range(T):
        for k in np.flatnonzero(step_of == i):
            g += w_dense[src[k]]
        vtr[i] = v
        g_mean = g * tau_s / dt * (1.0 - np.exp(-dt / tau_s))
        a = 1e-3 * R * g_mean
        v_inf = (v_rest + a * e_syn) / (1.0 + a)
        v = v_inf + (v - v_inf) * np.exp(-dt * (1.0 + a) / tau_m)
        g = g * np.exp(-dt / tau_s)
        fired = v >= v_threshold
        out_t += [i * dt] * int(fired.sum())
        out_i += list(np.flatnonzero(fired))
        v = np.where(fired, v_reset, v)
    return vtr, np.array(out_t), np.array(out_i, dtype=int)


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


def tm_recursion(times, U, tau_rec, tau_fac, states=False):
    """Tsodyks-Markram efficacies of one train (NEST tsodyks2 order), plain
    loop; with states=True also (x, u) just before each release."""
    out, xs, us, x, u, last = [], [], [], 1.0, U, None
    for t in times:
        if last is not None:
            h = t - last
            x_new = 1.0 + (x - x * u - 1.0) * math.exp(-h / tau_rec)
            u = U + u * (1.0 - U) * math.exp(-h / tau_fac) if tau_fac > 0 else U
            x = x_new
        out.append(u * x)
        xs.append(x)
        us.append(u)
        last = t
    if states:
        return np.array(out), np.array(xs), np.array(us)
    return np.array(out)


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
        e = tm_recursion(tt, U[c], tau_rec[c], tau_fac[c])
        t_on = np.floor(tt / dt + 1e-6) * dt
        for ts, ek in zip(t_on, e):
            later = t >= ts - 1e-9
            expect[later, col] += w[row, col] * ek * np.exp(-(t[later] - ts) / 5.0)
    np.testing.assert_allclose(res.i_syn, expect, rtol=1e-9, atol=1e-12)
    # the x, u traces at the step of a spike: the state just after its release
    tt = inp.train(1)
    e, xk, uk = tm_recursion(tt, U[1], tau_rec[1], tau_fac[1], states=True)
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


# ---------------------------------------------------------------------------
# binding hygiene
# ---------------------------------------------------------------------------

def _core_args(n=3, n_src=2, steps=200):
    from neuroai import _core   # noqa: F401
    table = np.array([[20.0], [-70.0], [-80.0], [-55.0], [10.0], [1.0], [0.0], [5.0],
                      [0.0]]) + np.zeros(n)
    indptr = np.array([0, 2, 3], np.int64)
    indices = np.array([0, 2, 1], np.int64)
    weights = np.array([20.0, 5.0, 30.0])
    stp = np.array([[0.5] * 3, [100.0] * 3, [0.0] * 3])
    return [0, 0, 1, 0.1, 0, steps, table, indptr, indices, weights, stp,
            np.full(n, -70.0), np.zeros(n), np.zeros(n, np.int64), np.ones(3),
            np.full(3, 0.5), np.full(3, -np.inf), np.zeros(3, np.uint8),
            np.array([0.5, 1.0, 3.0, 3.05]), np.array([0, 1, 0, 1], np.int64),
            np.arange(n, dtype=np.int64), np.array([0, 2], np.int64), (1, 1, 1, 1), 1]


def test_core_inputs_unchanged_and_refcounts_stable():
    import sys
    from neuroai import _core
    args = _core_args()
    arrays = [a for a in args if isinstance(a, np.ndarray)]
    before = [a.copy() for a in arrays]
    counts = [sys.getrefcount(arrays[i]) for i in range(len(arrays))]
    for _ in range(100):
        out = _core.net_run(*args)
    assert len(out[7]) > 0                   # the run spikes
    del out
    after = [sys.getrefcount(arrays[i]) for i in range(len(arrays))]
    assert after == counts
    for i in range(len(arrays)):
        np.testing.assert_array_equal(arrays[i], before[i])


def _bad_core_calls():
    args = _core_args()
    bad = []
    for pos, value in ((8, np.array([0, 3, 1], np.int64)),       # neuron 3 of 3
                       (7, np.array([0, 3, 2], np.int64)),       # not monotonic
                       (7, np.array([0, 2, 4], np.int64)),       # indptr[-1] != n_conn
                       (9, np.array([20.0, np.nan, 30.0])),      # NaN weight
                       (10, np.array([[0.5, 1.5, 0.5], [100.0] * 3, [0.0] * 3])),
                       (18, np.array([0.5, 1.0, 30.0, 3.05])),   # unsorted, off the run
                       (19, np.array([0, 2, 0, 1], np.int64)),   # train 2 of 2
                       (20, np.array([5], np.int64)),            # recorded neuron 5 of 3
                       (11, np.zeros(4))):                       # state length
        b = list(args)
        b[pos] = value
        bad.append(b)
    return args, bad


@pytest.mark.parametrize("k", range(9))
def test_core_rejects_bad_input_with_value_error(k):
    from neuroai import _core
    _, bad = _bad_core_calls()
    with pytest.raises(ValueError):
        _core.net_run(*bad[k])


def test_no_leak_on_success_or_error_paths():
    import gc
    import tracemalloc
    from neuroai import _core
    args, bad = _bad_core_calls()
    net = SpikingNetwork(np.full((2, 2), 3.0), stp=neuroai.TsodyksMarkram(0.5, 100.0))
    inp = neuroai.poisson(rate=50, duration=50, n=2, seed=1)

    def hammer(rounds):
        for _ in range(rounds):
            _core.net_run(*args)
            for b in bad:
                with pytest.raises(ValueError):
                    _core.net_run(*b)
            net.run(inp, 50.0, record_v=True, record_stp=True)
            with pytest.raises(ValueError):
                net.run(inp, 20.0)

    hammer(20)
    gc.collect()
    tracemalloc.start()
    snap0 = tracemalloc.take_snapshot()
    hammer(200)
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grew = sum(s.size_diff for s in snap1.compare_to(snap0, "filename"))
    assert grew < 64 * 1024


def test_ctrl_c_interrupts_a_long_network_run():
    import os
    import signal
    import threading
    # 2,000 neurons x 1e7 steps: far longer than the test; SIGINT must end it
    net = SpikingNetwork(np.full((1, 2000), 1.0))
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            net.run(neuroai.SpikeTrains([1.0], n=1, duration=1e6), 1e6)
    finally:
        timer.cancel()
    assert len(net.run(np.array([1.0]), 10.0).spikes) == 0
