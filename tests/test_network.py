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
    assert res.rate == pytest.approx(out.size / 1.0)


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
    assert isinstance(res.rate, float)
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
