"""STDP on circuit projections: pairing protocols against closed forms, an
independent event-driven twin (tests/reference/plasticity.py), chunked and
threaded runs, and bad input."""
import math

import numpy as np
import pytest

import neuroai
from reference.plasticity import stdp_weights

DT = 0.1
W_DRIVE = 2000.0       # [nA] onto a 0.05 ms receptor: one spike in the step it arrives
W_MAX = 0.1            # [nA]: plastic inputs stay far below threshold


def pairing_net(pre_times, post_times, rule, delay=DT, w0=0.05):
    """One post neuron made to spike at post_times (a strong input of delay
    0), one pre train onto it through the plastic projection "stdp"."""
    net = neuroai.Circuit(dt=DT)
    post = net.population(1, name="post", receptors={"exc": 5.0, "drive": 0.05},
                          t_ref=2.0, v_reset=-70.0)
    pre = net.spike_source([np.asarray(pre_times, dtype=float)], name="pre")
    drv = net.spike_source([np.asarray(post_times, dtype=float)], name="drv")
    net.connect(drv, post, "drive", weights=np.array([[W_DRIVE]]), delay=0.0)
    net.connect(pre, post, "exc", weights=np.array([[w0]]), delay=delay, plasticity=rule,
                name="stdp")
    return net


def run_pairing(pre_times, post_times, rule, duration, delay=DT, w0=0.05, **kw):
    net = pairing_net(pre_times, post_times, rule, delay, w0)
    res = net.run(duration, **kw)
    # the protocol worked: the post neuron spiked exactly at the given times
    np.testing.assert_allclose(res.spikes["post"].times, post_times, atol=1e-9)
    return res


def grid(t):
    """Times on the grid (multiples of DT as the circuit stamps them)."""
    return np.round(np.asarray(t, dtype=float) / DT) * DT


# -- closed forms ------------------------------------------------------------------------

@pytest.mark.parametrize("delay", [DT, 1.0])
@pytest.mark.parametrize("dt_pair", [10.0, 3.3, -4.7, -15.0])
def test_additive_pairings_at_low_rate(dt_pair, delay):
    # n pairings 1.5 s apart: each changes w by lambda w_max exp(-|D|/tau)
    # with D = t_post + delay - t_pre (the post spike reaches the synapse
    # after the dendritic delay)
    n, lam, alpha, tp, tm = 20, 0.01, 1.3, 16.8, 33.7
    rule = neuroai.STDP(w_max=W_MAX, lambda_=lam, alpha=alpha, tau_plus=tp, tau_minus=tm)
    t_pre = grid(100.0 + 1500.0 * np.arange(n))
    t_post = grid(t_pre + dt_pair)
    res = run_pairing(t_pre, t_post, rule, 1500.0 * n + 100.0, delay=delay)
    d = dt_pair + delay
    want = (n * lam * W_MAX * math.exp(-d / tp) if d > 0
            else -n * alpha * lam * W_MAX * math.exp(d / tm))
    assert res.weights["stdp"][0] - 0.05 == pytest.approx(want, rel=1e-9, abs=1e-15)


def _regular_protocol(n=30, period=20.0, dt_pair=6.0):
    t_pre = grid(100.0 + period * np.arange(n))
    return t_pre, grid(t_pre + dt_pair)


def test_all_to_all_and_nearest_at_high_rate():
    # pre every T = 20 ms, post D = 6 ms (+ delay 0.1) after each: all-to-all
    # sums the geometric series of every earlier pair, nearest neighbour only
    # the adjacent ones (Morrison et al. 2008)
    n, T, lam, alpha, tau = 30, 20.0, 0.01, 1.0, 20.0
    t_pre, t_post = _regular_protocol(n, T)
    D = 6.0 + DT
    r = math.exp(-T / tau)
    fac_all = sum(math.exp(-D / tau) * sum(r ** j for j in range(k + 1)) for k in range(n))
    dep_all = sum(sum(math.exp(-(j * T - D) / tau) for j in range(1, k + 1)) for k in range(n))
    want_all = lam * W_MAX * (fac_all - alpha * dep_all)
    want_nn = lam * W_MAX * (n * math.exp(-D / tau) - alpha * (n - 1) * math.exp(-(T - D) / tau))
    got = {}
    for pairing in ("all_to_all", "nearest"):
        rule = neuroai.STDP(w_max=W_MAX, lambda_=lam, alpha=alpha, tau_plus=tau,
                            tau_minus=tau, pairing=pairing)
        got[pairing] = run_pairing(t_pre, t_post, rule, 800.0).weights["stdp"][0] - 0.05
    assert got["all_to_all"] == pytest.approx(want_all, rel=1e-9)
    assert got["nearest"] == pytest.approx(want_nn, rel=1e-9)
    assert abs(got["all_to_all"] - got["nearest"]) > 0.1 * abs(got["nearest"])


def test_multiplicative_follows_its_closed_form_approach():
    # potentiation only (pairs far apart, post after pre): 1 - w/w_max shrinks
    # by the factor (1 - lambda exp(-D/tau)) per pairing; depression only:
    # w/w_max by (1 - alpha lambda exp(-D/tau))
    n, lam, tau = 40, 0.05, 20.0
    rule = neuroai.STDP(w_max=W_MAX, lambda_=lam, tau_plus=tau, tau_minus=tau,
                        mu_plus=1.0, mu_minus=1.0)
    t_pre = grid(100.0 + 1000.0 * np.arange(n))
    for dt_pair in (5.0, -5.0):
        res = run_pairing(t_pre, grid(t_pre + dt_pair), rule, 1000.0 * n + 100.0,
                          record_weights=True)
        w = res.weights["stdp"][0] / W_MAX
        d = dt_pair + DT
        if d > 0:
            assert 1.0 - w == pytest.approx(0.5 * (1 - lam * math.exp(-d / tau)) ** n, rel=1e-9)
        else:
            assert w == pytest.approx(0.5 * (1 - lam * math.exp(d / tau)) ** n, rel=1e-9)
        tr = res.weight_trace["stdp"][:, 0]
        assert np.all((tr >= 0.0) & (tr <= W_MAX))
        assert np.all(np.diff(tr) >= 0.0) if d > 0 else np.all(np.diff(tr) <= 0.0)


def test_weights_stay_in_bounds_with_large_steps():
    rng = np.random.default_rng(3)
    for mu in (0.0, 1.0):
        rule = neuroai.STDP(w_max=W_MAX, lambda_=0.8, alpha=1.5, mu_plus=mu, mu_minus=mu)
        t_pre = grid(np.sort(rng.uniform(0, 1000, 80)))
        t_post = _refractory_filter(grid(np.sort(rng.uniform(0, 1000, 60))))
        res = run_pairing(t_pre, t_post, rule, 1000.0, record_weights=True)
        tr = res.weight_trace["stdp"][:, 0]
        assert np.all((tr >= 0.0) & (tr <= W_MAX))
        if mu == 0.0:       # additive with lambda 0.8 hits both bounds
            assert tr.min() == 0.0 and tr.max() == W_MAX


# -- against the twin --------------------------------------------------------------------

def _refractory_filter(t, gap=3.0):
    keep, last = [], -np.inf
    for x in t:
        if x - last > gap:
            keep.append(x)
            last = x
    return np.unique(np.array(keep))


@pytest.mark.parametrize("pairing", ["all_to_all", "nearest"])
@pytest.mark.parametrize("mu", [0.0, 1.0, 0.4])
@pytest.mark.parametrize("delay", [DT, 1.5])
def test_random_trains_match_the_twin(pairing, mu, delay):
    rng = np.random.default_rng(int(mu * 10) + int(delay * 10) + len(pairing))
    duration = 2000.0
    t_pre = np.unique(grid(np.sort(rng.uniform(0, duration, 50))))
    t_post = _refractory_filter(grid(np.sort(rng.uniform(0, duration, 45))))
    kw = dict(w_max=W_MAX, tau_plus=16.8, tau_minus=33.7, alpha=1.1, mu_plus=mu, mu_minus=mu)
    rule = neuroai.STDP(lambda_=0.05, pairing=pairing, **kw)
    res = run_pairing(t_pre, t_post, rule, duration, delay=delay, w0=0.04,
                      record_weights=True)
    events, w_final = stdp_weights(t_pre, t_post, 0.04, delay, duration, lam=0.05,
                                   pairing=pairing, **kw)
    assert res.weights["stdp"][0] == pytest.approx(w_final, rel=1e-12, abs=1e-15)
    # the trace: at each step, the weight after the events of the steps so far
    steps = np.floor(np.array([t for t, _ in events]) / DT + 1e-6).astype(int)
    want = np.full(int(round(duration / DT)), 0.04)
    for s, (_, w) in zip(steps, events):
        want[s:] = w
    np.testing.assert_allclose(res.weight_trace["stdp"][:, 0], want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("pairing", ["all_to_all", "nearest"])
@pytest.mark.parametrize("n_threads", [1, 2])
def test_every_connection_of_a_dense_projection_matches_the_twin(pairing, n_threads):
    # 3 pre trains onto 4 post neurons, all 12 connections plastic: the pre
    # trace is kept once per pre unit and shared by its connections, so
    # each connection must still see exactly its own pair of trains
    rng = np.random.default_rng(11 + len(pairing))
    duration, n_pre, n_post, w0, delay = 1500.0, 3, 4, 0.03, 0.4
    pre_t = [np.unique(grid(np.sort(rng.uniform(0, duration, 40)))) for _ in range(n_pre)]
    post_t = [_refractory_filter(grid(np.sort(rng.uniform(0, duration, 35))))
              for _ in range(n_post)]
    kw = dict(w_max=W_MAX, tau_plus=16.8, tau_minus=33.7, alpha=1.1, mu_plus=0.4, mu_minus=0.4)
    net = neuroai.Circuit(dt=DT)
    post = net.population(n_post, name="post", receptors={"exc": 5.0, "drive": 0.05},
                          t_ref=2.0, v_reset=-70.0)
    pre = net.spike_source(pre_t, name="pre")
    drv = net.spike_source(post_t, name="drv")
    net.connect(drv, post, "drive", weights=np.eye(n_post) * W_DRIVE, delay=0.0)
    net.connect(pre, post, "exc", weights=np.full((n_pre, n_post), w0), delay=delay,
                plasticity=neuroai.STDP(lambda_=0.05, pairing=pairing, **kw), name="stdp")
    res = net.run(duration, n_threads=n_threads)
    got = res.weights["stdp"].reshape(n_pre, n_post)      # CSR of a dense matrix: row by row
    for i in range(n_pre):
        for j in range(n_post):
            spikes = res.spikes["post"]
            np.testing.assert_allclose(spikes.times[spikes.indices == j], post_t[j], atol=1e-9)
            _, want = stdp_weights(pre_t[i], post_t[j], w0, delay, duration, lam=0.05,
                                   pairing=pairing, **kw)
            assert got[i, j] == pytest.approx(want, rel=1e-12, abs=1e-15), (i, j)
    assert np.unique(got).size == n_pre * n_post          # twelve different histories


# -- weights are state -------------------------------------------------------------------

def _recurrent(seed=5, n=120, pairing="all_to_all", n_ext=40, **scaling):
    rng = np.random.default_rng(seed)
    net = neuroai.Circuit(dt=DT, seed=seed)
    E = net.population(n, name="E", receptors={"exc": 2.0}, t_ref=2.0, v_reset=-65.0,
                       v_init=rng.uniform(-70, -56, n))
    ext = net.poisson(n_ext, rate=60.0, name="ext")
    net.connect(ext, E, "exc", weights=(rng.random((n_ext, n)) < 0.3) * 2.0, delay=DT)
    rule = neuroai.STDP(w_max=1.0, lambda_=0.02, alpha=1.05, pairing=pairing, **scaling)
    w = (rng.random((n, n)) < 0.1) * rng.uniform(0.1, 0.9, (n, n))
    np.fill_diagonal(w, 0.0)
    net.connect(E, E, "exc", weights=w, delay=1.5, plasticity=rule, name="EE")
    return net


@pytest.mark.parametrize("pairing, scaling", [
    ("all_to_all", {}), ("nearest", {}), ("all_to_all", dict(scale_to=3.0, scale_every=25.0))])
def test_chunked_runs_and_threads_give_identical_weights(pairing, scaling):
    net = _recurrent(pairing=pairing, **scaling)
    one = net.run(300.0, n_threads=1, record_weights={"EE": [0, 5, 17]}, record_every=7)
    assert one.spikes["E"].times.size > 200              # the network is active
    w0 = net.projections["EE"].weights
    assert np.any(one.weights["EE"] != w0)                 # and learns
    two = net.run(300.0, n_threads=2, record_weights={"EE": [0, 5, 17]}, record_every=7)
    np.testing.assert_array_equal(one.weights["EE"], two.weights["EE"])
    np.testing.assert_array_equal(one.spikes["E"].times, two.spikes["E"].times)
    np.testing.assert_array_equal(one.weight_trace["EE"], two.weight_trace["EE"])
    a = net.run(113.3, record_weights={"EE": [0, 5, 17]}, record_every=7)
    b = net.run(186.7, state=a.state, record_weights={"EE": [0, 5, 17]}, record_every=7)
    np.testing.assert_array_equal(b.weights["EE"], one.weights["EE"])
    np.testing.assert_array_equal(b.state.stdp, one.state.stdp)
    np.testing.assert_array_equal(b.state.post_trace, one.state.post_trace)
    np.testing.assert_array_equal(np.vstack([a.weight_trace["EE"], b.weight_trace["EE"]]),
                                  one.weight_trace["EE"])
    np.testing.assert_array_equal(one.state.weights("EE"), one.weights["EE"])
    # the projection's own weights are the initial ones, unchanged
    np.testing.assert_array_equal(net.projections["EE"].weights, w0)


def test_recorded_weights_match_the_final_and_initial():
    net = _recurrent()
    res = net.run(50.0, record_weights=True)
    tr = res.weight_trace["EE"]
    assert tr.shape == (500, net.projections["EE"].n_connections)
    np.testing.assert_array_equal(tr[0], net.projections["EE"].weights)
    assert np.all((tr >= 0.0) & (tr <= 1.0))


# -- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("kw, match", [
    (dict(w_max=0.0), r"STDP w_max \[nA or nS\] must be > 0"),
    (dict(w_max=1.0, tau_plus=-1.0), r"STDP tau_plus \[ms\] must be > 0"),
    (dict(w_max=1.0, tau_minus=0.0), r"STDP tau_minus \[ms\] must be > 0"),
    (dict(w_max=1.0, lambda_=-0.1), r"STDP lambda_ \[1\] must be >= 0"),
    (dict(w_max=1.0, alpha=np.nan), r"STDP alpha \[1\] must be finite"),
    (dict(w_max=1.0, mu_plus=-1.0), r"STDP mu_plus \[1\] must be >= 0"),
    (dict(w_max=1.0, pairing="triplet"), r"pairing"),
])
def test_bad_rule_parameters(kw, match):
    with pytest.raises(ValueError, match=match):
        neuroai.STDP(**kw)


def test_bad_plastic_projections():
    rule = neuroai.STDP(w_max=0.1)
    with pytest.raises(ValueError, match=r"STDP weights \[nA\] must lie in \[0, w_max = 0.1\]"):
        pairing_net([1.0], [2.0], rule, w0=0.2)
    with pytest.raises(ValueError, match=r"STDP weights \[nA\] must lie in"):
        pairing_net([1.0], [2.0], rule, w0=-0.01)
    with pytest.raises(ValueError, match=r"STDP projection needs a delay \[ms\] >= dt"):
        pairing_net([1.0], [2.0], rule, delay=0.0)
    net = neuroai.Circuit(dt=DT)
    E = net.population(2, name="E")
    with pytest.raises(ValueError, match=r"one delay \[ms\] for all its connections"):
        net.connect(E, E, "exc", weights=np.full((2, 2), 0.05), delay=[0.1, 0.2, 0.1, 0.2],
                    plasticity=rule)
    with pytest.raises(TypeError, match="plasticity must be None or a neuroai.STDP"):
        net.connect(E, E, "exc", weights=np.full((2, 2), 0.05), plasticity={"w_max": 1})
    net.connect(E, E, "exc", weights=np.full((2, 2), 0.05), name="fixed")
    with pytest.raises(ValueError, match="'fixed' is not a plastic projection"):
        net.run(1.0, record_weights={"fixed": True})


def test_conductance_projection_is_plastic_too():
    # weights >= 0 are valid conductances: STDP works onto them unchanged
    net = neuroai.Circuit(dt=DT)
    post = net.population(1, name="post", synapse="conductance",
                          receptors={"exc": 5.0, "drive": 0.05}, e_rev={"exc": 0.0, "drive": 0.0},
                          t_ref=2.0, v_reset=-70.0)
    pre = net.spike_source([np.array([10.0])], name="pre")
    drv = net.spike_source([np.array([15.0])], name="drv")
    net.connect(drv, post, "drive", weights=np.array([[1e6]]), delay=0.0)
    net.connect(pre, post, "exc", weights=np.array([[0.5]]), delay=DT,
                plasticity=neuroai.STDP(w_max=1.0), name="stdp")
    res = net.run(50.0)
    assert res.spikes["post"].times.tolist() == pytest.approx([15.0])
    assert res.weights["stdp"][0] == pytest.approx(0.5 + 0.01 * math.exp(-5.1 / 20.0), rel=1e-12)


# -- synaptic scaling --------------------------------------------------------------------

def _incoming_sums(net, name, w):
    q = net.projections[name]
    return np.bincount(q.indices, weights=w, minlength=q.post.n)


def test_scaling_alone_makes_each_neurons_sum_the_target():
    # lambda = 0: no STDP; at every 20 ms each neuron's incoming weights are
    # multiplied by one factor to sum 2.0 nA (a neuron without inputs: none)
    net = _recurrent(scale_to=2.0, scale_every=20.0)
    net.projections["EE"].plasticity.lambda_ = 0.0
    net._cache = None
    res = net.run(100.0, record_weights=True, record_every=200)
    w0 = net.projections["EE"].weights
    sums0 = _incoming_sums(net, "EE", w0)
    tr = res.weight_trace["EE"]
    assert tr.shape[0] == 5                               # steps 0, 200, ..., 800
    np.testing.assert_array_equal(tr[0], w0)              # step 0: not scaled
    post = net.projections["EE"].indices
    for row in tr[1:]:
        sums = _incoming_sums(net, "EE", row)
        np.testing.assert_allclose(sums[sums0 > 0], 2.0, rtol=1e-13)
        np.testing.assert_allclose(row, w0 * (2.0 / sums0)[post], rtol=1e-13)


def test_scaling_with_stdp_resets_the_sums_at_each_period():
    net = _recurrent(scale_to=3.0, scale_every=25.0)
    res = net.run(200.0, record_weights=True, record_every=250)
    w = res.weight_trace["EE"]
    sums0 = _incoming_sums(net, "EE", net.projections["EE"].weights)
    has = sums0 > 0
    moved = False
    post = net.projections["EE"].indices
    for row in w[1:]:
        # sampled after the step's scaling (and before its neurons' spikes);
        # a neuron with a weight clipped at w_max = 1 stays below the target
        clipped = np.bincount(post, weights=row >= 1.0, minlength=sums0.size) > 0
        ok = has & ~clipped
        assert ok.sum() > 100
        np.testing.assert_allclose(_incoming_sums(net, "EE", row)[ok], 3.0, rtol=1e-12)
        assert np.all(_incoming_sums(net, "EE", row)[has & clipped] < 3.0)
    final = _incoming_sums(net, "EE", res.weights["EE"])[has]
    moved = np.any(np.abs(final - 3.0) > 1e-6)           # STDP acts between scalings
    assert moved


def test_bad_scaling():
    with pytest.raises(ValueError, match="needs both scale_to"):
        neuroai.STDP(w_max=1.0, scale_to=1.0)
    with pytest.raises(ValueError, match=r"STDP scale_to \[nA or nS\] must be > 0"):
        neuroai.STDP(w_max=1.0, scale_to=0.0, scale_every=10.0)
    rule = neuroai.STDP(w_max=1.0, scale_to=1.0, scale_every=0.25)
    with pytest.raises(ValueError, match=r"scale_every \[ms\] must be a whole number of steps"):
        pairing_net([1.0], [2.0], rule)


# -- reward-modulated STDP ---------------------------------------------------------------

from reference.plasticity import dopamine_weight  # noqa: E402


def reward_net(pre_times, post_times, dopa_times, rule_kw, delay=DT, w0=0.05):
    net = neuroai.Circuit(dt=DT)
    post = net.population(1, name="post", receptors={"exc": 5.0, "drive": 0.05},
                          t_ref=2.0, v_reset=-70.0)
    pre = net.spike_source([np.asarray(pre_times, dtype=float)], name="pre")
    drv = net.spike_source([np.asarray(post_times, dtype=float)], name="drv")
    da = net.spike_source([np.asarray(dopa_times, dtype=float)], name="dopamine")
    net.connect(drv, post, "drive", weights=np.array([[W_DRIVE]]), delay=0.0)
    rule = neuroai.RewardSTDP(w_max=W_MAX, modulator=da, **rule_kw)
    net.connect(pre, post, "exc", weights=np.array([[w0]]), delay=delay, plasticity=rule,
                name="rstdp")
    return net


@pytest.mark.parametrize("b", [0.0, 0.002])
def test_reward_gates_one_pairing(b):
    # a pre-post pair leaves c = a_plus exp(-D/tau_plus); nothing changes the
    # weight until the reward at 60 ms (b = 0); then
    # dw = c(60) / tau_n (1 - e^{-s (T - 60)}) / s,  s = 1/tau_c + 1/tau_n
    kw = dict(a_plus=0.05, a_minus=0.06, tau_c=300.0, tau_n=50.0, b=b)
    net = reward_net([10.0], [15.0], [60.0], kw)
    res = net.run(400.0, record_weights=True)
    ta = 15.0 + DT
    c0 = 0.05 * math.exp(-(ta - 10.0) / 20.0)
    s = 1 / 300.0 + 1 / 50.0
    T = 400.0
    want = (0.05 + c0 * math.exp(-(60.0 - ta) / 300.0) / 50.0 * (1 - math.exp(-s * (T - 60.0))) / s
            - b * c0 * 300.0 * (1 - math.exp(-(T - ta) / 300.0)))
    assert res.weights["rstdp"][0] == pytest.approx(want, rel=1e-12)
    tr = res.weight_trace["rstdp"][:, 0]
    if b == 0.0:
        assert np.all(tr[:601] == 0.05)          # no reward yet: no change
        assert tr[700] > 0.05
    assert tr[-1] == pytest.approx(dopamine_weight([10.0], [15.0], [60.0], 0.05, DT,
                                                   T - DT, **kw), rel=1e-12)


@pytest.mark.parametrize("delay", [DT, 1.2])
def test_reward_stdp_matches_the_twin_on_random_trains(delay):
    rng = np.random.default_rng(11)
    duration = 1500.0
    t_pre = np.unique(grid(np.sort(rng.uniform(0, duration, 30))))
    t_post = _refractory_filter(grid(np.sort(rng.uniform(0, duration, 30))))
    t_da = np.unique(grid(np.sort(rng.uniform(0, duration, 8))))
    kw = dict(a_plus=0.01, a_minus=0.009, tau_c=400.0, tau_n=100.0, b=0.00002,
              tau_plus=16.0, tau_minus=25.0)
    net = reward_net(t_pre, t_post, t_da, kw, delay=delay)
    res = net.run(duration, record_weights=True, record_every=37)
    w = res.weight_trace["rstdp"][:, 0]
    assert np.all((w > 0.0) & (w < W_MAX))       # the twin does not clip
    assert np.ptp(w) > 1e-3                       # and the weight moved
    for row, t in zip(w[::5], res.t_trace[::5]):
        assert row == pytest.approx(dopamine_weight(t_pre, t_post, t_da, 0.05, delay, t, **kw),
                                    rel=1e-11, abs=1e-15)
    assert res.weights["rstdp"][0] == pytest.approx(
        dopamine_weight(t_pre, t_post, t_da, 0.05, delay, duration, **kw), rel=1e-11)


def test_reward_stdp_chunked_and_clipped():
    # large steps: the weight hits its bounds; chunked runs still equal one
    rng = np.random.default_rng(2)
    t_pre = np.unique(grid(np.sort(rng.uniform(0, 600, 40))))
    t_post = _refractory_filter(grid(np.sort(rng.uniform(0, 600, 40))))
    t_da = np.unique(grid(np.sort(rng.uniform(0, 600, 15))))
    kw = dict(a_plus=5.0, a_minus=6.0, tau_c=200.0, tau_n=50.0, w_min=0.01)
    net = reward_net(t_pre, t_post, t_da, kw)
    one = net.run(600.0, record_weights=True)
    w = one.weight_trace["rstdp"][:, 0]
    assert w.min() == 0.01 or w.max() == W_MAX
    assert np.all((w >= 0.01) & (w <= W_MAX))
    a = net.run(212.3, record_weights=True)
    b = net.run(387.7, state=a.state, record_weights=True)
    np.testing.assert_array_equal(np.concatenate([a.weight_trace["rstdp"][:, 0],
                                                  b.weight_trace["rstdp"][:, 0]]), w)
    np.testing.assert_array_equal(b.weights["rstdp"], one.weights["rstdp"])
    np.testing.assert_array_equal(b.state.stdp, one.state.stdp)


def test_bad_reward_stdp():
    net = neuroai.Circuit(dt=DT)
    E = net.population(2, name="E")
    poi = net.poisson(1, rate=5.0, name="poi")
    with pytest.raises(ValueError, match=r"RewardSTDP tau_c \[ms\] must be > 0"):
        neuroai.RewardSTDP(w_max=1.0, modulator=poi, tau_c=-1.0)
    with pytest.raises(ValueError, match=r"RewardSTDP w_min \[nA or nS\] must be < w_max"):
        neuroai.RewardSTDP(w_max=1.0, modulator=poi, w_min=1.0)
    with pytest.raises(ValueError, match="modulator must be a spike source of this circuit"):
        net.connect(E, E, "exc", weights=np.full((2, 2), 0.5),
                    plasticity=neuroai.RewardSTDP(w_max=1.0, modulator=poi))
    da = net.spike_source([np.array([5.0])], name="da")
    with pytest.raises(ValueError, match="modulator unit must be < 1"):
        net.connect(E, E, "exc", weights=np.full((2, 2), 0.5),
                    plasticity=neuroai.RewardSTDP(w_max=1.0, modulator=(da, 1)))
    with pytest.raises(ValueError, match=r"STDP weights \[nA\] must lie in \[0.2, w_max"):
        net.connect(E, E, "exc", weights=np.full((2, 2), 0.1),
                    plasticity=neuroai.RewardSTDP(w_max=1.0, modulator=da, w_min=0.2))
