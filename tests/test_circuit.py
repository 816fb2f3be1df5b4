"""neuroai.Circuit against its NumPy twin, closed forms and bad inputs."""
import numpy as np
import pytest

import neuroai
from reference.circuit import circuit_twin, poisson_counts

DT = 0.1


def _random_circuit(method, seed, stp=False):
    """Two populations (current with two receptors, conductance with two),
    a Poisson source and a spike source, random sparse weights and delays."""
    rng = np.random.default_rng(seed)
    net = neuroai.Circuit(dt=DT, method=method, seed=seed)
    A = net.population(6, name="A", receptors={"exc": rng.uniform(2, 8, 6), "inh": 10.0},
                       tau_m=rng.uniform(10, 30, 6), v_rest=-65.0, v_reset=-70.0,
                       v_threshold=-55.0, resistance=10.0, t_ref=rng.choice([0.0, 0.5, 2.0], 6),
                       i_ext=rng.uniform(0.5, 1.2, 6), v_init=rng.uniform(-66, -56, 6))
    B = net.population(5, name="B", synapse="conductance",
                       receptors={"exc": 3.0, "inh": rng.uniform(5, 12, 5)},
                       e_rev={"exc": 0.0, "inh": -80.0}, tau_m=15.0, v_rest=-65.0,
                       v_reset=-70.0, v_threshold=-52.0, resistance=20.0, t_ref=1.0,
                       i_ext=0.6, v_init=rng.uniform(-66, -53, 5))
    ext = net.poisson(4, rate=rng.uniform(100, 400, 4), name="ext")
    trains = [np.sort(rng.uniform(0, 60, 8)) for _ in range(3)]
    stim = net.spike_source(neuroai.SpikeTrains.from_list(trains, duration=60.0), name="stim")

    def w(n_pre, n_post, p, scale, sign=1.0):
        m = rng.uniform(0.2, 1.0, (n_pre, n_post)) * scale * sign
        return np.where(rng.random((n_pre, n_post)) < p, m, 0.0)

    def delays(wm, lo):
        return rng.integers(lo, 4, wm.shape) * DT

    wm = w(4, 6, 0.7, 1.0)
    net.connect(ext, A, "exc", weights=wm, delay=delays(wm, 0))
    wm = w(3, 5, 0.8, 6.0)
    # Tsodyks-Markram on a train source: released at the spikes' own times
    tm_src = dict(model="tsodyks_markram", U=0.5, tau_rec=20.0, tau_fac=0.0) if stp else None
    net.connect(stim, B, "exc", weights=wm, delay=0.0, stp=tm_src)
    wm = w(6, 6, 0.5, 0.8)
    tm = dict(model="tsodyks_markram", U=0.3, tau_rec=50.0, tau_fac=20.0) if stp else None
    net.connect(A, A, "exc", weights=wm, delay=delays(wm, 1), stp=tm)
    wm = w(6, 5, 0.6, 4.0)
    dep = dict(model="depressing", u=0.4, tau_rec=30.0) if stp else None
    net.connect(A, B, "exc", weights=wm, delay=0.2, stp=dep)
    wm = w(5, 6, 0.6, 0.6, -1.0)
    net.connect(B, A, "inh", weights=wm, delay=delays(wm, 1))
    wm = w(5, 5, 0.5, 3.0)
    net.connect(B, B, "inh", weights=wm, delay=0.3)
    return net


def _check_against_twin(net, res, tw, exact):
    cmp = np.testing.assert_allclose if exact else np.testing.assert_array_equal
    kw = dict(rtol=0, atol=1e-12) if exact else {}
    ids = np.concatenate([p.start + res.spikes[k].indices for k, p in net.populations.items()])
    times = np.concatenate([res.spikes[k].times for k in net.populations])
    order = np.lexsort((ids, times))
    np.testing.assert_array_equal(ids[order], tw["spike_ids"])
    np.testing.assert_array_equal(np.rint(times[order] / DT).astype(int), tw["spike_steps"])
    v = np.concatenate([res.v[k] for k in net.populations], axis=1)
    cmp(v, tw["v"], **kw)
    cmp(res.state.v, tw["v_final"], **kw)
    cmp(res.state.syn, tw["y_final"], **kw)
    cmp(res.state.pending, tw["ring"], **kw)
    np.testing.assert_array_equal(res.state.ref_left, tw["ref_left"])
    if tw["stp"] is not None:
        cmp(res.state.stp, tw["stp"], **kw)


@pytest.mark.parametrize("method", ["euler", "exact"])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("stp", [False, True])
def test_matches_twin(method, seed, stp):
    net = _random_circuit(method, seed, stp)
    res = net.run(60.0, record_v=True, record_syn=True)
    assert sum(len(s) for s in res.spikes.values()) > 10    # the network is active
    tw = circuit_twin(net, 600)
    # Tsodyks-Markram is event-driven whatever the method, and its decay
    # factors come from the core's own exp (nai_exp_neg, within an ulp of
    # libm's): with it the comparison is to 1e-12 for Euler as well
    close = method == "exact" or stp
    _check_against_twin(net, res, tw, exact=close)
    y = np.concatenate([res.syn[k][r] for k, p in net.populations.items() for r in p.receptors],
                       axis=1)
    if not close:
        np.testing.assert_array_equal(y, tw["y"])
    else:
        np.testing.assert_allclose(y, tw["y"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", ["euler", "exact"])
def test_uniform_conductance_population_matches_twin(method):
    # every neuron shares its parameters (the scalar-propagator update), two
    # receptors with per-neuron reversal potentials, recurrent E and I input
    rng = np.random.default_rng(8)
    net = neuroai.Circuit(dt=DT, method=method, seed=8)
    P = net.population(30, name="P", synapse="conductance",
                       receptors={"exc": 5.0, "inh": 10.0},
                       e_rev={"exc": 0.0, "inh": -80.0}, tau_m=20.0, v_rest=-60.0,
                       v_reset=-60.0, v_threshold=-50.0, resistance=100.0, t_ref=2.0,
                       i_ext=0.12, v_init=rng.uniform(-60, -50, 30))
    ext = net.poisson(10, rate=300.0, name="ext")
    net.connect(ext, P, "exc", weights=rng.uniform(0, 6, (10, 30)) * (rng.random((10, 30)) < 0.3),
                delay=0.0)
    net.connect(P, P, "exc", weights=rng.uniform(0, 6, (30, 30)) * (rng.random((30, 30)) < 0.2))
    net.connect(P, P, "inh", weights=rng.uniform(0, 40, (30, 30)) * (rng.random((30, 30)) < 0.1),
                delay=0.5)
    res = net.run(60.0, record_v=True)
    assert len(res.spikes["P"]) > 20
    _check_against_twin(net, res, circuit_twin(net, 600), exact=method == "exact")


@pytest.mark.parametrize("method", ["euler", "exact"])
def test_chunked_runs_equal_one_run(method):
    net = _random_circuit(method, 5, stp=True)
    one = net.run(60.0, record_v=True, rate_bin=1.0)
    parts, state = [], None
    for d in (12.5, 30.0, 17.5):
        r = net.run(d, state=state, record_v=True)
        parts.append(r)
        state = r.state
    for k in net.populations:
        np.testing.assert_array_equal(np.concatenate([p.spikes[k].times for p in parts]),
                                      one.spikes[k].times)
        np.testing.assert_array_equal(np.concatenate([p.spikes[k].indices for p in parts]),
                                      one.spikes[k].indices)
        np.testing.assert_array_equal(np.concatenate([p.v[k] for p in parts]), one.v[k])
    for name in ("v", "syn", "ref_left", "pending", "stp"):
        np.testing.assert_array_equal(getattr(state, name), getattr(one.state, name))
    # the twin continued from a state gives the same as well
    tw = circuit_twin(net, 475, state=parts[0].state)
    np.testing.assert_array_equal(tw["ref_left"], one.state.ref_left)


def test_thread_counts_give_identical_results():
    net = neuroai.Circuit(dt=DT, seed=3)
    E = net.population(3000, name="E", receptors={"exc": 5.0, "inh": 10.0}, tau_m=20.0,
                       v_rest=-49.0, v_reset=-60.0, v_threshold=-50.0, resistance=1.0,
                       t_ref=5.0, v_init=np.random.default_rng(0).uniform(-60, -50, 3000))
    rng = np.random.default_rng(1)
    m = (rng.random((3000, 3000)) < 0.02) * 1.62
    m[2400:] *= -9.0 / 1.62
    from scipy import sparse
    exc, inh = sparse.csr_matrix(m[:2400]), sparse.csr_matrix(m[2400:])
    import scipy.sparse as sp
    net.connect(E, E, "exc", weights=sp.vstack([exc, sp.csr_matrix((600, 3000))]).tocsr())
    net.connect(E, E, "inh", weights=sp.vstack([sp.csr_matrix((2400, 3000)), inh]).tocsr())
    a = net.run(50.0, n_threads=1, rate_bin=1.0)
    b = net.run(50.0, n_threads=2, rate_bin=1.0)
    assert len(a.spikes["E"]) > 100
    np.testing.assert_array_equal(a.spikes["E"].times, b.spikes["E"].times)
    np.testing.assert_array_equal(a.spikes["E"].indices, b.spikes["E"].indices)
    np.testing.assert_array_equal(a.state.v, b.state.v)
    np.testing.assert_array_equal(a.population_rate["E"], b.population_rate["E"])


@pytest.mark.parametrize("method", ["euler", "exact"])
def test_threads_split_populations_and_give_identical_results(method):
    # 11 neurons in two parts [0, 5) and [5, 11): population A is split,
    # with sources, per-connection delays, both plasticity models
    net = _random_circuit(method, 6, stp=True)
    kw = dict(record_v=True, record_syn=True, rate_bin=0.5)
    a = net.run(60.0, n_threads=1, **kw)
    b = net.run(60.0, n_threads=2, **kw)
    for k in net.populations:
        np.testing.assert_array_equal(a.spikes[k].times, b.spikes[k].times)
        np.testing.assert_array_equal(a.spikes[k].indices, b.spikes[k].indices)
        np.testing.assert_array_equal(a.v[k], b.v[k])
        np.testing.assert_array_equal(a.population_rate[k], b.population_rate[k])
        for r in net.populations[k].receptors:
            np.testing.assert_array_equal(a.syn[k][r], b.syn[k][r])
    for name in ("v", "syn", "ref_left", "pending", "stp"):
        np.testing.assert_array_equal(getattr(a.state, name), getattr(b.state, name))


def test_threads_with_a_growing_spike_buffer():
    # 40 neurons firing every ~2 ms for 300 ms: ~6,000 spikes, so the buffer
    # (1,024 at first) grows several times, in the middle of chunks
    net = neuroai.Circuit(dt=DT)
    P = net.population(40, name="P", receptors={"exc": 5.0}, i_ext=np.linspace(20.0, 40.0, 40),
                       t_ref=1.0)
    net.connect(P, P, "exc", weights=np.full((40, 40), 0.01), delay=0.3)
    a = net.run(300.0, n_threads=1)
    b = net.run(300.0, n_threads=2)
    assert len(a.spikes["P"]) > 4000
    np.testing.assert_array_equal(a.spikes["P"].times, b.spikes["P"].times)
    np.testing.assert_array_equal(a.spikes["P"].indices, b.spikes["P"].indices)
    np.testing.assert_array_equal(a.state.v, b.state.v)


# -- closed forms ------------------------------------------------------------------------

def _one_synapse(synapse, tau_syn, w, delay=0.0, tau_m=20.0, method="exact", dt=DT, n_ms=60.0):
    net = neuroai.Circuit(dt=dt, method=method)
    kw = dict(e_rev={"exc": 0.0, "inh": -80.0}) if synapse == "conductance" else {}
    P = net.population(1, name="P", synapse=synapse, receptors={"exc": tau_syn, "inh": 10.0},
                       tau_m=tau_m, v_rest=-70.0, v_reset=-80.0, v_threshold=0.0,
                       resistance=10.0, **kw)
    s = net.spike_source([np.array([1.0])], name="s")
    net.connect(s, P, "exc", weights=np.array([[w]]), delay=delay)
    return net.run(n_ms, record_v={"P": True}, record_syn={"P": True})


def _psp_decimal(s, w, R, tm, ts):
    """The PSP R w ts/(ts - tm) (e^{-s/ts} - e^{-s/tm}) (or R w s/tm e^{-s/tm} at
    ts == tm) in 40-digit decimal arithmetic, so the near-singular case is exact."""
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 40
        S, W, Rd, TM, TS = (Decimal(repr(float(x))) for x in (s, w, R, tm, ts))
        if TM == TS:
            return float(Rd * W * S / TM * (-S / TM).exp())
        return float(Rd * W * TS / (TS - TM) * ((-S / TS).exp() - (-S / TM).exp()))


@pytest.mark.parametrize("tau_syn", [5.0, 20.0, 19.999999])
def test_current_psp_is_the_difference_of_exponentials(tau_syn):
    w, R, tm = 0.3, 10.0, 20.0
    res = _one_synapse("current", tau_syn, w)
    s = res.t_trace - 1.0
    want = np.array([_psp_decimal(x, w, R, tm, tau_syn) if x > 0 else 0.0 for x in s])
    np.testing.assert_allclose(res.v["P"][:, 0] + 70.0, want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.syn["P"]["exc"][:, 0],
                               np.where(s >= -1e-9, w * np.exp(-s / tau_syn), 0.0),
                               rtol=1e-12, atol=1e-15)


def test_conductance_psp_converges_to_the_fine_reference():
    from scipy.integrate import solve_ivp
    w, ts, tm, R = 20.0, 5.0, 20.0, 10.0

    def rhs(t, v):
        g = w * np.exp(-(t - 1.0) / ts) if t >= 1.0 else 0.0
        return [(-(v[0] + 70.0) + R * 1e-3 * g * (0.0 - v[0])) / tm]
    res = _one_synapse("conductance", ts, w)
    t = res.t_trace
    ref = solve_ivp(rhs, (1.0, 60.0), [-70.0], t_eval=t[t >= 1.0], rtol=1e-11, atol=1e-12,
                    max_step=0.01).y[0]
    err = np.max(np.abs(res.v["P"][t >= 1.0, 0] - ref))
    assert 0.05 < np.max(ref + 70.0) and err < 2e-3
    fine = _one_synapse("conductance", ts, w, dt=0.01)
    tf = fine.t_trace
    err_fine = np.max(np.abs(fine.v["P"][(tf >= 1.0) & (np.abs(tf * 10 - np.rint(tf * 10)) < 1e-6), 0]
                             - ref))
    assert err_fine < err / 20       # O(dt^2): ten times finer, a hundred times closer


@pytest.mark.parametrize("d", [0, 1, 3, 7])
def test_source_delay_of_exactly_d_steps(d):
    res = _one_synapse("current", 5.0, 0.3, delay=d * DT)
    y = res.syn["P"]["exc"][:, 0]
    first = int(np.flatnonzero(y > 0)[0])
    assert first == 10 + d and y[first] == 0.3
    v = res.v["P"][:, 0]
    assert np.all(v[:first + 1] == -70.0) and v[first + 1] > -70.0


@pytest.mark.parametrize("d", [1, 2, 5])
def test_recurrent_delay_of_exactly_d_steps(d):
    net = neuroai.Circuit(dt=DT)
    A = net.population(1, name="A", receptors={"exc": 5.0}, v_rest=-70.0, v_init=-54.0)
    B = net.population(1, name="B", receptors={"exc": 5.0}, v_rest=-70.0)
    net.connect(A, B, "exc", weights=np.array([[0.5]]), delay=d * DT)
    res = net.run(5.0, record_syn={"B": True})
    s = int(np.rint(res.spikes["A"].times[0] / DT))
    y = res.syn["B"]["exc"][:, 0]
    assert s == 0 and int(np.flatnonzero(y > 0)[0]) == s + d


def test_receptors_are_separate():
    net = neuroai.Circuit(dt=DT)
    P = net.population(2, name="P", receptors={"exc": 5.0, "inh": 10.0})
    s = net.spike_source([np.array([1.0]), np.array([2.0])], name="s")
    net.connect(s, P, "inh", weights=np.array([[-0.5, 0.0], [0.0, -0.25]]), delay=0.0)
    res = net.run(30.0, record_syn={"P": True}, record_v={"P": True})
    assert np.all(res.syn["P"]["exc"] == 0.0)
    inh = res.syn["P"]["inh"]
    t = res.t_trace
    np.testing.assert_allclose(inh[:, 0], np.where(t >= 1.0 - 1e-9, -0.5 * np.exp(-(t - 1.0) / 10.0), 0),
                               rtol=1e-12, atol=1e-15)
    assert np.all(res.v["P"][t > 1.05, 0] < -70.0)     # inhibition hyperpolarises


def test_refractory_period_is_a_duration():
    net = neuroai.Circuit(dt=DT)
    P = net.population(1, name="P", receptors={"exc": 5.0}, t_ref=2.0, i_ext=10.0)
    res = net.run(50.0, record_v={"P": True})
    st = np.rint(res.spikes["P"].times / DT).astype(int)
    assert len(st) > 3
    v = res.v["P"][:, 0]
    for s in st[:-1]:
        assert np.all(v[s + 1:s + 21] == -80.0) and v[s + 21] == -80.0 and v[s + 22] > -80.0


def test_poisson_counts_follow_the_rule_and_the_rate():
    net = neuroai.Circuit(dt=DT, seed=11)
    P = net.population(1, name="P", receptors={"exc": 5.0})
    src = net.poisson(3, rate=[100.0, 1000.0, 5000.0], name="ext")
    w = np.array([[1e-3], [1e-6], [1e-9]])
    net.connect(src, P, "exc", weights=w, delay=0.0)
    res = net.run(20.0, record_syn={"P": True})
    # the twin's rule, step by step: y after the step's input
    lam = np.array([100.0, 1000.0, 5000.0]) * DT / 1000.0
    y, want = 0.0, []
    for i in range(200):
        c = poisson_counts(11, 0, 3, i, lam)
        y = y * np.exp(-DT / 5.0) if i else 0.0
        for j in range(3):
            for _ in range(c[j]):
                y += w[j, 0]
        want.append(y)
    np.testing.assert_allclose(res.syn["P"]["exc"][:, 0], want, rtol=1e-12, atol=1e-18)
    big = neuroai.Circuit(dt=DT, seed=2)
    Q = big.population(1, name="Q", receptors={"exc": 5.0})
    s = big.poisson(200, rate=50.0)
    big.connect(s, Q, "exc", weights=np.full((200, 1), 1.0), delay=0.0)
    tot = sum(poisson_counts(2, 0, 200, i, np.full(200, 50.0 * DT / 1000.0)).sum()
              for i in range(2000))
    assert abs(tot - 200 * 50 * 0.2) < 5 * np.sqrt(200 * 50 * 0.2)


def test_rates_without_spikes():
    net = _random_circuit("exact", 4)
    a = net.run(60.0, rate_bin=2.0)
    b = net.run(60.0, rate_bin=2.0, record_spikes=False)
    assert all(len(s) == 0 for s in b.spikes.values())
    for k, p in net.populations.items():
        np.testing.assert_array_equal(a.population_rate[k], b.population_rate[k])
        counts = np.histogram(a.spikes[k].times, bins=np.arange(0, 60.0 + 1e-9, 2.0) - 1e-9)[0]
        np.testing.assert_allclose(a.population_rate[k], counts / p.n / 2.0 * 1000.0)
    assert a.rates("A").shape == (6,)


class _Rule:
    """A stand-in with the interface of neuroai.connectivity's rules: every
    pre unit projects to the post units (k + j) % n_post, j < 2, drawn from seed."""

    def __init__(self):
        self.calls = []

    def connections(self, n_pre, n_post, autapses=True, seed=0):
        self.calls.append((n_pre, n_post, autapses, seed))
        rows = [sorted({(k + j + seed % 3) % n_post for j in range(2)} - (set() if autapses else {k}))
                for k in range(n_pre)]
        indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
        return indptr, np.array([i for r in rows for i in r], dtype=np.int64)


class _Dist:
    def __init__(self):
        self.seeds = []

    def sample(self, n, seed=0):
        self.seeds.append(seed)
        return np.full(n, 0.25) + 0.01 * (seed % 7)


def test_connect_with_a_rule_and_a_distribution():
    net = neuroai.Circuit(dt=DT, seed=5)
    E = net.population(4, name="E", receptors={"exc": 5.0})
    rule, dist = _Rule(), _Dist()
    p1 = net.connect(E, E, "exc", rule=rule, weight=dist, autapses=False, delay=0.2)
    p2 = net.connect(E, E, "exc", rule=rule, weight=0.5, name="again")
    # one seed per projection, from the circuit's seed and the ordinal only
    (_, _, aut1, s1), (_, _, aut2, s2) = rule.calls
    assert not aut1 and aut2 and s1 != s2 and s1 >= 0
    again = neuroai.Circuit(dt=DT, seed=5)
    F = again.population(4, name="E", receptors={"exc": 5.0})
    r2 = _Rule()
    again.connect(F, F, "exc", rule=r2, weight=_Dist(), autapses=False, delay=0.2)
    assert r2.calls[0][3] == s1
    assert np.all(p1.indices != np.repeat(np.arange(4), np.diff(p1.indptr)))   # no autapse
    assert np.all(p2.weights == 0.5) and np.all(p1.delay_steps == 2)
    assert p1.weights[0] == 0.25 + 0.01 * (dist.seeds[0] % 7)
    net.run(5.0)
    with pytest.raises(ValueError, match="needs weight="):
        net.connect(E, E, "exc", rule=rule)


# -- bad inputs --------------------------------------------------------------------------

def _small():
    net = neuroai.Circuit(dt=DT)
    E = net.population(3, name="E", receptors={"exc": 5.0, "inh": 10.0})
    G = net.population(2, name="G", synapse="conductance")
    s = net.poisson(2, rate=10.0, name="ext")
    return net, E, G, s


@pytest.mark.parametrize("call, exc, match", [
    (lambda n, E, G, s: n.connect(E, E, "exc", weights=np.ones((3, 3)), delay=0.0),
     ValueError, r"projection 'E->E': delay \[ms\] must be >= dt"),
    (lambda n, E, G, s: n.connect(E, G, "exc", weights=-np.ones((3, 2))),
     ValueError, r"projection 'E->G': weights \[nS\].*>= 0"),
    (lambda n, E, G, s: n.connect(s, E, "nmda", weights=np.ones((2, 3))),
     ValueError, r"projection 'ext->E': receptor 'nmda'"),
    (lambda n, E, G, s: n.connect(s, E, "exc", weights=(np.ones(2), np.array([0, 3]),
                                                        np.array([0, 1, 2]))),
     ValueError, r"projection 'ext->E'.*indices"),
    (lambda n, E, G, s: n.connect(s, E, "exc", weights=np.ones((3, 3))),
     ValueError, r"projection 'ext->E'.*shape"),
    (lambda n, E, G, s: n.connect(s, E, "exc", weights=np.ones((2, 3)), delay=0.05),
     ValueError, r"projection 'ext->E': delay \[ms\] must be a whole number"),
    (lambda n, E, G, s: n.connect(s, E, "exc", weights=np.ones((2, 3)), delay=-0.1),
     ValueError, r"projection 'ext->E': delay \[ms\] must be >= 0"),
    (lambda n, E, G, s: n.connect(s, E, "exc", weights=np.ones((2, 3)), name="p",
                                  stp=dict(model="tsodyks_markram", U=1.5, tau_rec=1.0)),
     ValueError, r"projection 'p': stp U"),
    (lambda n, E, G, s: n.connect(s, E, "exc"), ValueError, "either weights"),
    (lambda n, E, G, s: n.population(2, synapse="conductance", receptors={"ampa": 2.0}),
     ValueError, "e_rev"),
    (lambda n, E, G, s: n.population(2, synapse="conductance",
                                     e_rev={"exc": np.nan, "inh": -80.0}),
     ValueError, "e_rev"),
    (lambda n, E, G, s: n.population(2, e_rev={"exc": 0.0}), ValueError, "conductance"),
    (lambda n, E, G, s: n.population(2, receptors={"exc": -1.0}), ValueError, "tau_syn"),
    (lambda n, E, G, s: n.population(2, name="E"), ValueError, "already used"),
    (lambda n, E, G, s: n.population(2, tau_m=np.ones(3)), ValueError, "per-neuron"),
    (lambda n, E, G, s: n.poisson(2, rate=-1.0), ValueError, "rate"),
    (lambda n, E, G, s: n.run(1.0, record_v={"X": True}), ValueError, "'X'"),
    (lambda n, E, G, s: n.run(1.0, record_v={"E": [5]}), ValueError, r"\[0, 3\)"),
    (lambda n, E, G, s: n.run(1.05), ValueError, "whole number"),
    (lambda n, E, G, s: n.connect(E, "nope", "exc", weights=np.ones((3, 3))), ValueError, "nope"),
])
def test_bad_inputs_name_the_parameter(call, exc, match):
    net, E, G, s = _small()
    with pytest.raises(exc, match=match):
        call(net, E, G, s)


def test_state_of_another_circuit_is_refused():
    net, E, G, s = _small()
    r = net.run(1.0)
    net.connect(E, E, "exc", weights=np.ones((3, 3)), delay=0.5)
    with pytest.raises(ValueError, match="another shape"):
        net.run(1.0, state=r.state)


def test_inputs_are_not_modified():
    net = neuroai.Circuit(dt=DT)
    arrays = [np.linspace(1.0, 2.0, 3), np.full(3, 4.0), np.full(3, -65.0), np.full(2, 7.0)]
    before = [a.copy() for a in arrays]
    net.population(3, name="Q", receptors={"exc": arrays[1]}, i_ext=arrays[0], v_init=arrays[2])
    net.poisson(2, rate=arrays[3])
    net.run(2.0)
    for a, b in zip(arrays, before):
        assert a.flags.writeable
        np.testing.assert_array_equal(a, b)
    net, E, G, s = _small()
    w = np.ones((2, 3))
    w.flags.writeable = True
    before = w.copy()
    net.connect(s, E, "exc", weights=w)
    net.run(5.0)
    np.testing.assert_array_equal(w, before)


def test_result_draws_a_raster_of_all_populations():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    net = _random_circuit("exact", 2)
    res = net.run(30.0)
    merged = res.all_spikes()
    assert merged.n == 11 and len(merged) == sum(len(s) for s in res.spikes.values())
    np.testing.assert_array_equal(np.sort(merged.times[merged.indices >= 6]),
                                  np.sort(res.spikes["B"].times))
    fig = res.plot()
    assert len(fig.axes) == 2
    plt.close(fig)
    plt.close(res.plot("A"))
    with pytest.raises(ValueError, match="no population"):
        res.plot("Z")


def _block_crossing_circuit(method):
    """Conductance populations larger than one block of the core's update
    (256 neurons): one with per-neuron parameters and three receptors, one
    uniform with two, recurrent and driven, so both update paths see block
    edges and, with two threads, part edges inside a block."""
    rng = np.random.default_rng(21)
    net = neuroai.Circuit(dt=DT, method=method, seed=21)
    G = net.population(600, name="G", synapse="conductance",
                       receptors={"ampa": 5.0, "gaba": rng.uniform(8, 12, 600), "nmda": 30.0},
                       e_rev={"ampa": 0.0, "gaba": -80.0, "nmda": 0.0},
                       tau_m=rng.uniform(15, 25, 600), v_rest=-60.0, v_reset=-60.0,
                       v_threshold=-50.0, resistance=rng.uniform(80, 120, 600), t_ref=2.0,
                       i_ext=0.11, v_init=rng.uniform(-60, -50, 600))
    U = net.population(300, name="U", synapse="conductance", receptors={"exc": 5.0, "inh": 10.0},
                       e_rev={"exc": 0.0, "inh": -80.0}, tau_m=20.0, v_rest=-60.0,
                       v_reset=-60.0, v_threshold=-50.0, resistance=100.0, t_ref=2.0,
                       i_ext=0.12, v_init=rng.uniform(-60, -50, 300))
    ext = net.poisson(40, rate=400.0, name="ext")

    def w(n_pre, n_post, p, scale):
        return rng.uniform(0, scale, (n_pre, n_post)) * (rng.random((n_pre, n_post)) < p)

    net.connect(ext, G, "ampa", weights=w(40, 600, 0.1, 6.0), delay=0.0)
    net.connect(ext, U, "exc", weights=w(40, 300, 0.1, 6.0), delay=0.0)
    net.connect(G, G, "nmda", weights=w(600, 600, 0.02, 2.0), delay=0.2)
    net.connect(G, U, "exc", weights=w(600, 300, 0.02, 3.0), delay=0.1)
    net.connect(U, G, "gaba", weights=w(300, 600, 0.03, 20.0), delay=0.3)
    net.connect(U, U, "inh", weights=w(300, 300, 0.03, 20.0), delay=0.1)
    return net


@pytest.mark.parametrize("method", ["euler", "exact"])
def test_conductance_blocks_match_twin_for_any_thread_count(method):
    net = _block_crossing_circuit(method)
    a = net.run(30.0, record_v=True, n_threads=1)
    b = net.run(30.0, record_v=True, n_threads=2)
    assert len(a.spikes["G"]) > 50 and len(a.spikes["U"]) > 50
    for k in net.populations:
        np.testing.assert_array_equal(a.spikes[k].times, b.spikes[k].times)
        np.testing.assert_array_equal(a.spikes[k].indices, b.spikes[k].indices)
        np.testing.assert_array_equal(a.v[k], b.v[k])
    for name in ("v", "syn", "pending", "ref_left"):
        np.testing.assert_array_equal(getattr(a.state, name), getattr(b.state, name))
    _check_against_twin(net, a, circuit_twin(net, 300), exact=method == "exact")



_ISA_SCRIPT = r"""
import hashlib, numpy as np, neuroai
rng = np.random.default_rng(5)
w = lambda n_pre, n_post, p, x: np.where(rng.random((n_pre, n_post)) < p, x, 0.0)
c = neuroai.Circuit(dt=0.1, method="exact", seed=3)
# uniform current-based populations (the vectorised update): two receptors, and one
A = c.population(203, name="A", receptors={"exc": 5.0, "inh": 10.0}, tau_m=20.0,
                 v_rest=-60.0, v_reset=-60.0, v_threshold=-50.0, resistance=5.0, t_ref=2.0,
                 v_init=np.linspace(-60.0, -51.0, 203))
B = c.population(37, name="B", receptors={"exc": 3.0}, tau_m=10.0, v_rest=-70.0,
                 v_reset=-70.0, v_threshold=-55.0, resistance=10.0)
# uniform conductance-based populations, two receptors and one (the COBA update)
C = c.population(301, name="C", synapse="conductance", receptors={"exc": 5.0, "inh": 10.0},
                 e_rev={"exc": 0.0, "inh": -80.0}, tau_m=20.0, v_rest=-60.0, v_reset=-60.0,
                 v_threshold=-50.0, resistance=100.0, t_ref=5.0,
                 v_init=np.linspace(-60.0, -50.5, 301))
D = c.population(19, name="D", synapse="conductance", receptors={"exc": 3.0},
                 e_rev={"exc": 0.0}, tau_m=15.0, v_rest=-65.0, v_reset=-65.0,
                 v_threshold=-52.0, resistance=100.0)
src = c.poisson(50, rate=40.0, name="src")
c.connect(src, A, "exc", weights=w(50, 203, 0.2, 2.0))
c.connect(src, B, "exc", weights=w(50, 37, 0.3, 1.0))
c.connect(A, A, "exc", weights=w(203, 203, 0.1, 0.5), delay=0.2,
          plasticity=neuroai.STDP(w_max=1.0, tau_plus=20.0, tau_minus=20.0, lambda_=0.05,
                                  alpha=1.05), name="ee")
c.connect(A, A, "inh", weights=w(203, 203, 0.1, -1.0), delay=0.1)
c.connect(A, B, "exc", weights=w(203, 37, 0.1, 0.3), delay=0.3)
c.connect(src, C, "exc", weights=w(50, 301, 0.3, 1.5))
c.connect(src, D, "exc", weights=w(50, 19, 0.3, 2.0))
c.connect(C, C, "exc", weights=w(301, 301, 0.05, 0.4), delay=0.1)
c.connect(C, C, "inh", weights=w(301, 301, 0.05, 2.0), delay=0.1)
c.connect(C, D, "exc", weights=w(301, 19, 0.05, 0.5), delay=0.2)
res = c.run(300.0, record_v=True, progress=False)
h = hashlib.sha256()
for a in (res.v["A"], res.v["B"], res.v["C"], res.v["D"], res.weights["ee"], res.state.syn):
    h.update(np.ascontiguousarray(a).tobytes())
for k in ("A", "B", "C", "D"):
    h.update(np.asarray(res.spikes[k].times).tobytes())
    h.update(np.asarray(res.spikes[k].indices).tobytes())
print(*(len(res.spikes[k].times) for k in ("A", "B", "C", "D")), h.hexdigest())
"""


def test_instruction_sets_give_identical_circuits():
    # the uniform current- and conductance-based updates have AVX2 and
    # AVX-512 builds chosen at run time (NAI_ISA asks for one, clamped to
    # what the CPU has): every set must give the portable build's bits
    import os
    import subprocess
    import sys
    out = {}
    for isa in ("portable", "avx2", "avx512"):
        r = subprocess.run([sys.executable, "-c", _ISA_SCRIPT], capture_output=True, text=True,
                           env={**os.environ, "NAI_ISA": isa}, check=True)
        out[isa] = r.stdout.split()
    assert all(int(n) > 10 for n in out["portable"][:4])   # every population spikes
    assert out["avx2"] == out["portable"] and out["avx512"] == out["portable"]
