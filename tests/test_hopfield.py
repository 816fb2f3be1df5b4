"""Hopfield networks: fixed points, the energy, the twin (bit for bit), the
course's loop, capacity, the pseudo-inverse rule and bad input."""
import numpy as np
import pytest

import neuroai
from neuroai import hopfield as H
from tests.reference import hopfield as ref


def _net(n, p, seed, rule="hebb"):
    pats = H.random_patterns(p, n, seed=seed)
    return neuroai.Hopfield(n).store(pats, rule), pats


def _twin(net, cue, **kw):
    return ref.recall(ref.hebb_counts(net.patterns), net.n, net.patterns, cue, **kw)


def _same_as_twin(res, tw):
    np.testing.assert_array_equal(res.states, tw["states"])
    np.testing.assert_array_equal(res.energy, tw["energy"])
    np.testing.assert_array_equal(res.overlaps, tw["overlaps"])
    np.testing.assert_array_equal(res.changes, tw["changes"])
    assert res.sweeps == tw["sweeps"] and res.converged == tw["converged"]


# -- storage -------------------------------------------------------------------------

def test_hebbian_weights_are_the_outer_product_rule():
    net, pats = _net(30, 4, 1)
    p = pats.astype(float)
    want = p.T @ p / 30
    np.fill_diagonal(want, 0.0)
    np.testing.assert_allclose(net.weights, want, rtol=0, atol=1e-15)
    assert net.weights.flags.writeable is False
    assert net.rule == "hebb" and net.load == pytest.approx(4 / 30)


def test_pseudoinverse_weights_project_onto_the_patterns():
    net, pats = _net(40, 6, 2, rule="pseudoinverse")
    w = net.weights
    np.testing.assert_array_equal(w, w.T)
    assert np.all(np.diag(w) == 0)
    # with the diagonal restored, W is the projection: W p = p
    proj = w + np.diag(np.diag(np.linalg.pinv(pats.astype(float)) @ pats))
    np.testing.assert_allclose(proj @ pats.T, pats.T, atol=1e-10)


@pytest.mark.parametrize("rule", ["hebb", "pseudoinverse"])
@pytest.mark.parametrize("mode, order", [("sync", None), ("async", "random"),
                                         ("async", "sequential")])
def test_stored_patterns_are_fixed_points_below_capacity(rule, mode, order):
    net, pats = _net(200, 10, 3, rule)            # alpha = 0.05
    for mu in range(10):
        res = net.recall(pats[mu], mode, order=order, seed=mu)
        assert res.converged and res.sweeps == 1 and res.changes.tolist() == [0]
        np.testing.assert_array_equal(res.state, pats[mu])
        assert res.overlaps[-1, mu] == 1.0 and res.recalled == mu


def test_pseudoinverse_patterns_stay_fixed_points_beyond_the_hebbian_capacity():
    # alpha = 0.3: every pattern projects onto itself (its projection diagonal,
    # about alpha, is below 1), while Hebbian crosstalk turns about 5 % of
    # the units of each pattern
    pats = H.random_patterns(60, 200, seed=12)
    pinv = neuroai.Hopfield(200).store(pats, "pseudoinverse")
    hebb = neuroai.Hopfield(200).store(pats, "hebb")
    assert all(pinv.recall(p, "sync").changes.tolist() == [0] for p in pats)
    assert sum(hebb.recall(p, "sync").changes[0] == 0 for p in pats) == 0


# -- dynamics ------------------------------------------------------------------------

@pytest.mark.parametrize("order", ["random", "sequential"])
@pytest.mark.parametrize("rule", ["hebb", "pseudoinverse"])
def test_energy_never_rises_under_asynchronous_updates(order, rule):
    net, pats = _net(150, 25, 4, rule)            # alpha = 0.17: a long, rough descent
    for k in range(4):
        cue = neuroai.corrupt(pats[k], 0.3, seed=k)
        res = net.recall(cue, order=order, seed=10 + k, record="update")
        eu = res.energy_updates
        assert eu.shape == (res.sweeps * 150 + 1,)
        assert np.all(np.diff(eu) <= 0.0)
        assert eu[-1] < eu[0]
        np.testing.assert_array_equal(eu[::150], res.energy)   # sweep ends are updates
        assert np.all(np.diff(res.energy) <= 0.0)
        np.testing.assert_allclose(res.energy[-1], net.energy(res.state), rtol=1e-12)
        np.testing.assert_allclose(res.overlaps[-1], net.overlaps(res.state), rtol=0,
                                   atol=1e-15)


@pytest.mark.parametrize("tie", ["keep", "zero"])
def test_sync_equals_the_twin_bit_for_bit(tie):
    # alpha = 0.4 with very noisy cues: runs that settle and runs that 2-cycle
    net, pats = _net(50, 20, 5)
    cycled = 0
    for k in range(8):
        cue = neuroai.corrupt(pats[k], 0.5, seed=k)
        res = net.recall(cue, "sync", max_sweeps=30, sign_zero=tie)
        _same_as_twin(res, _twin(net, cue, mode="sync", max_sweeps=30, tie=tie))
        cycled += not res.converged
    assert cycled > 0, "no 2-cycle: the test misses the non-converging path"


@pytest.mark.parametrize("order", ["random", "sequential"])
def test_async_with_a_seed_equals_the_twin_bit_for_bit(order):
    net, pats = _net(64, 9, 6)
    for k in range(5):
        cue = neuroai.corrupt(pats[k], 0.3, seed=k)
        res = net.recall(cue, order=order, seed=1000 + k, record="update")
        tw = _twin(net, cue, mode="async", order=order, seed=1000 + k)
        _same_as_twin(res, tw)
        np.testing.assert_array_equal(res.energy_updates, tw["energy_updates"])


def test_the_seed_fixes_the_order_and_other_seeds_change_it():
    net, pats = _net(100, 12, 7)
    cue = neuroai.corrupt(pats[0], 0.35, seed=1)
    a = net.recall(cue, seed=5, record="update")
    b = net.recall(cue, seed=5, record="update")
    c = net.recall(cue, seed=6, record="update")
    np.testing.assert_array_equal(a.energy_updates, b.energy_updates)
    assert a.seed == 5
    assert not np.array_equal(a.energy_updates[:100], c.energy_updates[:100])
    assert net.recall(cue).seed is not None                    # drawn, and kept


def test_recall_from_noisy_cues():
    net, pats = _net(200, 6, 8)
    for mu in range(6):
        cue = neuroai.corrupt(pats[mu], 0.2, seed=mu)
        assert np.sum(cue != pats[mu]) == 40
        res = net.recall(cue, seed=mu)
        assert res.converged and res.recalled == mu
        assert res.overlaps[0, mu] == pytest.approx(0.6)
        assert res.overlaps[-1, mu] == 1.0


def test_sign_zero_keeps_or_zeroes_a_unit_whose_field_is_zero():
    net = neuroai.Hopfield(4).set_weights(np.zeros((4, 4)))
    cue = np.array([1, -1, 1, 1])
    keep = net.recall(cue, "sync")
    np.testing.assert_array_equal(keep.state, cue)
    assert keep.converged and keep.sweeps == 1
    zero = net.recall(cue, "sync", sign_zero="zero")
    np.testing.assert_array_equal(zero.state, 0)
    assert zero.changes.tolist() == [4, 0]
    # a Hebbian field that is exactly 0: unit 2 of (1, -1, 1) when (1, 1, 1)
    # and (1, 1, -1) are stored (its couplings cancel: 1 - 1 = 0); kept or zeroed
    p = np.array([[1, 1, 1], [1, 1, -1]])
    net = neuroai.Hopfield(3).store(p)
    s = np.array([1, -1, 1])
    h = ref.hebb_counts(p) @ s
    assert h[2] == 0
    for tie in ("keep", "zero"):
        res = net.recall(s, "sync", sign_zero=tie, max_sweeps=1)
        tw = _twin(net, s, mode="sync", tie=tie, max_sweeps=1)
        _same_as_twin(res, tw)
        assert res.state[2] == (1 if tie == "keep" else 0)


# -- the course's HopfieldNetwork ----------------------------------------------------

def test_the_courses_synchronous_loop_is_reproduced():
    pats = ref.course_patterns(10)
    net = neuroai.Hopfield(100).store(pats)
    counts = ref.hebb_counts(pats)
    rng = np.random.default_rng(42)
    recovered = 0
    for _ in range(20):
        cue = pats[0].copy()
        cue[rng.random(100) < 0.3] *= -1                      # the course's corruption
        want = ref.course_predict(counts, 100, cue, steps=5)
        res = net.recall(cue, "sync", sign_zero="zero", max_sweeps=5)
        np.testing.assert_array_equal(res.state, want)
        recovered += np.array_equal(res.state, pats[0])
    assert recovered >= 10


# -- capacity ------------------------------------------------------------------------

def test_capacity_curve_shows_the_transition_near_0_138():
    curve = neuroai.capacity_curve(300, [0.05, 0.1, 0.2], trials=2, seed=1)
    np.testing.assert_allclose(curve.loads, [0.05, 0.1, 0.2])
    np.testing.assert_array_equal(curve.n_patterns, [15, 30, 60])
    r = curve.recall_rate
    assert r[0] >= 0.95 and r[1] >= 0.85 and r[2] <= 0.4, r
    assert curve.mean_overlap[0] > 0.99 and curve.mean_overlap[2] < 0.8
    again = neuroai.capacity_curve(300, [0.05, 0.1, 0.2], trials=2, seed=1)
    np.testing.assert_array_equal(again.recall_rate, r)


@pytest.mark.parametrize("alpha", [0.1, 0.2, 0.3])
def test_unstable_units_of_a_stored_pattern_follow_the_binomial_closed_form(alpha):
    # At stored pattern nu, unit i's field times p_i is ((n - 1) + S) / n, with
    # S the sum of M = (n - 1)(P - 1) crosstalk terms p_i^mu p_j^mu p_j^nu
    # p_i^nu (mu != nu, j != i), independent and +-1 with probability 1/2 for
    # random patterns: the unit turns in the first synchronous sweep exactly
    # when S < -(n - 1) (a zero field keeps it), with probability
    # P(Bin(M, 1/2) < (M - n + 1) / 2) (Hertz, Krogh & Palmer 1991, ch. 2).
    stats = pytest.importorskip("scipy.stats")
    n, trials = 300, 3
    p = int(round(alpha * n))
    m = (n - 1) * (p - 1)
    k = (m - n + 1) / 2                   # B < k
    want = stats.binom.cdf(np.ceil(k) - 1, m, 0.5)
    turned = 0
    for t in range(trials):
        net, pats = _net(n, p, 100 + t)
        turned += sum(int(net.recall(q, "sync", max_sweeps=1).changes[0]) for q in pats)
    units = n * p * trials
    sd = np.sqrt(units * want * (1 - want))
    assert abs(turned - units * want) < 4 * sd + 3, (turned, units * want, sd)


def test_pseudoinverse_stores_correlated_patterns_that_hebb_cannot():
    # 12 patterns, each a common base with 15 % of its units flipped:
    # pairwise overlaps about 0.5, far below the random-pattern capacity in
    # number (alpha = 0.12) but interfering under the Hebbian rule
    rng = np.random.default_rng(3)
    base = 2 * rng.integers(0, 2, 100) - 1
    pats = np.array([neuroai.corrupt(base, 0.15, seed=k) for k in range(12)])
    hebb = neuroai.Hopfield(100).store(pats, "hebb")
    pinv = neuroai.Hopfield(100).store(pats, "pseudoinverse")
    hebb_ok = sum(hebb.recall(p, seed=0).recalled == mu for mu, p in enumerate(pats))
    pinv_ok = sum(pinv.recall(p, seed=0).recalled == mu for mu, p in enumerate(pats))
    assert pinv_ok == 12 and hebb_ok <= 2, (hebb_ok, pinv_ok)


# -- helpers, results, figures ---------------------------------------------------------

def test_corrupt_flips_exactly_the_fraction_and_leaves_its_input():
    p = H.random_patterns(1, 50, seed=0)[0]
    before = p.copy()
    for f, k in ((0.0, 0), (0.1, 5), (0.5, 25), (1.0, 50)):
        q = neuroai.corrupt(p, f, seed=3)
        assert q.dtype == np.int8 and np.sum(q != p) == k
    np.testing.assert_array_equal(p, before)
    np.testing.assert_array_equal(neuroai.corrupt(p, 0.2, seed=9), neuroai.corrupt(p, 0.2, seed=9))


def test_inputs_are_never_modified():
    pats = H.random_patterns(3, 20, seed=1).astype(float)
    cue = pats[0].copy()
    cue[:5] *= -1
    p0, c0 = pats.copy(), cue.copy()
    net = neuroai.Hopfield(20).store(pats)
    net.recall(cue, seed=1)
    net.recall(cue, "sync")
    w = np.array(net.weights)
    w0 = w.copy()
    neuroai.Hopfield(20).set_weights(w, patterns=pats).recall(cue, seed=2)
    np.testing.assert_array_equal(pats, p0)
    np.testing.assert_array_equal(cue, c0)
    np.testing.assert_array_equal(w, w0)


def test_result_arrays_and_display():
    net, pats = _net(49, 3, 9)
    res = net.recall(neuroai.corrupt(pats[1], 0.2, seed=1), seed=2)
    assert res.states.shape == (res.sweeps + 1, 49) and res.states.dtype == np.int8
    assert res.energy.shape == (res.sweeps + 1,) and res.overlaps.shape == (res.sweeps + 1, 3)
    assert res.changes.shape == (res.sweeps,) and res.energy_updates is None
    np.testing.assert_array_equal(res.states[-1], res.state)
    assert not res.state.flags.writeable
    html = res._repr_html_()
    assert "HopfieldRecall" in html and "fixed point" in html
    assert "sweeps=" in repr(res) and "Hopfield(n=49" in repr(net)
    assert "load alpha" in net._repr_html_() and "hebb" in net._repr_html_()
    curve = neuroai.capacity_curve(20, [0.1, 0.3], trials=1, seed=0)
    assert "recall rate" in curve._repr_html_() and "CapacityCurve" in repr(curve)


def test_figures():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    net, pats = _net(100, 3, 10)
    res = net.recall(neuroai.corrupt(pats[0], 0.3, seed=1), seed=1, record="update")
    fig = res.plot()
    assert len(fig.axes) == 4 and fig.axes[2].get_ylabel() == "energy E [1]"
    outer = plt.figure()
    left, right = outer.subfigures(1, 2)
    assert res.plot(fig=right, shape=(10, 10), alpha=0.5) is right and not left.axes
    with pytest.raises(ValueError, match="shape must be"):
        res.plot(shape=(3, 3))
    _, ax = plt.subplots()
    assert net.plot(ax=ax) is ax
    curve = neuroai.capacity_curve(30, [0.1, 0.2], trials=1, seed=0)
    _, ax = plt.subplots()
    assert curve.plot(ax=ax, color="k") is ax
    plt.close("all")


# -- bad input -----------------------------------------------------------------------

def test_bad_input_gives_clear_errors():
    net = neuroai.Hopfield(4)
    with pytest.raises(ValueError, match="store patterns|stores nothing"):
        net.recall([1, 1, 1, 1])
    with pytest.raises(ValueError, match=r"n \(number of units\) must be >= 2"):
        neuroai.Hopfield(1)
    with pytest.raises(TypeError, match="n .* must be an integer"):
        neuroai.Hopfield(4.5)
    with pytest.raises(ValueError, match=r"patterns must hold only -1 or \+1.*0.5"):
        net.store([[1, -1, 0.5, 1]])
    with pytest.raises(ValueError, match="2 \\* x - 1"):
        net.store([[1, 0, 0, 1]])
    with pytest.raises(TypeError, match="booleans"):
        net.store(np.array([[True, False, True, True]]))
    with pytest.raises(ValueError, match="4 units per pattern"):
        net.store(np.ones((2, 5)))
    with pytest.raises(ValueError, match="NaN|finite"):
        net.store([[1, -1, np.nan, 1]])
    with pytest.raises(ValueError, match="rule \\(storage rule\\) must be one of"):
        net.store([[1, -1, 1, 1]], rule="oja")
    net.store([[1, -1, 1, 1], [1, 1, -1, -1]])
    for kw, match in (({"mode": "fast"}, "mode must be one of"),
                      ({"mode": "sync", "order": "random"}, "order applies to mode='async'"),
                      ({"order": "backwards"}, "order must be one of"),
                      ({"sign_zero": "flip"}, "sign_zero must be one of"),
                      ({"record": "all"}, "record must be one of"),
                      ({"mode": "sync", "record": "update"}, "record='update' needs"),
                      ({"max_sweeps": 0}, "max_sweeps must be >= 1")):
        with pytest.raises(ValueError, match=match):
            net.recall([1, 1, 1, 1], **kw)
    with pytest.raises(ValueError, match="cue must have 4 units per state"):
        net.recall([1, 1, 1])
    with pytest.raises(ValueError, match="cue must hold only -1 or \\+1"):
        net.recall([1, 0, 1, 1])                # 0 only with sign_zero="zero"
    assert net.recall([1, 0, 1, 1], "sync", sign_zero="zero").sweeps >= 1
    with pytest.raises(TypeError, match="seed must be"):
        net.recall([1, 1, 1, 1], seed=np.timedelta64(5, "ms"))   # a NumPy integer type
    with pytest.raises(TypeError, match="max_sweeps must be an integer"):
        net.recall([1, 1, 1, 1], max_sweeps=2.5)
    w = np.zeros((4, 4))
    w[0, 1] = np.nan
    w[1, 0] = np.nan
    with pytest.raises(ValueError, match="weights.*(NaN|finite)"):
        net.set_weights(w)
    w[0, 1], w[1, 0] = 1.0, 2.0
    with pytest.raises(ValueError, match="weights must be symmetric"):
        net.set_weights(w)
    with pytest.raises(ValueError, match="zero diagonal"):
        net.set_weights(np.eye(4))
    with pytest.raises(ValueError, match=r"weights must have shape \(4, 4\)"):
        net.set_weights(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="flip_fraction"):
        neuroai.corrupt([1, -1], 1.5)
    with pytest.raises(ValueError, match="pattern must hold only"):
        neuroai.corrupt([1, 2], 0.5)
    with pytest.raises(ValueError, match=r"loads .* must be in \(0, 10\], got 0.0"):
        neuroai.capacity_curve(10, [0.1, 0.0])
    with pytest.raises(ValueError, match="trials must be at most"):
        neuroai.capacity_curve(10, [0.1], trials=10 ** 6)
    with pytest.raises(ValueError, match=r"n \(number of units\) must be at most"):
        neuroai.Hopfield(10 ** 400)
    with pytest.raises(ValueError, match="threshold"):
        neuroai.capacity_curve(10, [0.1], threshold=0.0)
    with pytest.raises(ValueError, match="rule \\(storage rule\\)"):
        neuroai.capacity_curve(10, [0.1], rule="oja")


def test_the_binding_refuses_what_the_kernel_cannot_run():
    from neuroai import _core
    good = dict(c=np.zeros((3, 3)), divisor=1.0, patterns=np.ones((1, 3), np.int8),
                cue=np.ones(3, np.int8), update=_core.HOPFIELD_SYNC,
                tie=_core.HOPFIELD_TIE_KEEP, max_sweeps=3, seed=0, record_states=True,
                record_updates=False)
    _core.hopfield_recall(**good)
    for change, match in (({"c": np.eye(3)}, "zero diagonal"),
                          ({"divisor": 0.0}, "divisor > 0"),
                          ({"update": 9}, "update, tie"),
                          ({"record_updates": True}, "only asynchronous"),
                          ({"c": np.zeros((2, 2))}, "weights must have shape"),
                          ({"patterns": np.ones((1, 2), np.int8)}, "patterns must have shape"),
                          ({"max_sweeps": 0}, "max_sweeps must be >= 1")):
        with pytest.raises(ValueError, match=match):
            _core.hopfield_recall(**{**good, **change})
