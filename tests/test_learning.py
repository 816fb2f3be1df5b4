"""neuroai.learning: the course's STDP neuron bit for bit against a plain twin
of its notebook loop, the STDP window against its closed form and against
pairings in the C core, the frozen-pattern input, the pattern-learning
experiment, and bad input."""
import math

import numpy as np
import pytest

import neuroai
from neuroai import learning
from reference import learning as L


def _same(res, twin):
    for k in ("v", "y", "output_spikes", "weights", "x"):
        got, want = getattr(res, k), twin[k]
        assert got.shape == want.shape, k
        assert np.array_equal(got, want), k


# --- the course's loop, bit for bit ---------------------------------------------------

def _course_input():
    rs = np.random.RandomState(42)
    return rs, neuroai.frozen_pattern_input(seed=rs)


def test_the_course_notebook_run_is_reproduced_bit_for_bit():
    # the notebook's cells: its input and weights from np.random after seed
    # 42, its neuron LIFNeuronSTDP(n_inputs, A_plus=0.015, A_minus=0.01,
    # w_max=0.5, v_thresh=-50), its loop over 10,000 steps of 1 ms
    rs, inp = _course_input()
    spikes, template, times = L.frozen_pattern(np.random.RandomState(42))
    assert np.array_equal(inp.spikes, spikes) and np.array_equal(inp.template, template)
    assert inp.pattern_times.tolist() == times and inp.pattern_duration == 50
    np.random.seed(7)
    ours = neuroai.LIFNeuronSTDP(100, A_plus=0.015, A_minus=0.01, w_max=0.5, v_thresh=-50)
    w0 = np.random.RandomState(7).uniform(0.1, 0.5, 100)       # the course's own draw
    assert np.array_equal(ours.weights, w0)
    res = ours.simulate(inp.spikes, 1.0)
    course = L.LIFNeuronSTDP(w0, A_plus=0.015, A_minus=0.01, w_max=0.5, v_thresh=-50)
    twin = L.run(course, spikes, 1.0)
    _same(res, twin)
    assert res.output_spikes.size > 50 and res.weights.shape == (100, 100)
    assert np.array_equal(ours.weights, course.weights) and ours.v == course.v
    assert np.array_equal(ours.x_trace, course.x_trace) and ours.y_trace == course.y_trace


CASES = [
    # (description, neuron parameters, dt, n_inputs, n_steps, spike probability, w0 range)
    ("course defaults", {}, 1.0, 100, 3000, 0.06, (0.1, 0.5)),
    ("many active inputs a step (the pairwise sum's 8 accumulators)",
     dict(v_thresh=-40.0, w_max=0.8), 1.0, 60, 1500, 0.3, (0.1, 0.5)),
    ("300 inputs (the pairwise sum's halves)", dict(v_thresh=-20.0), 0.5, 300, 800, 0.6,
     (0.0, 0.3)),
    ("weights drawn above w_max and below 0, clipped at the first spike",
     dict(w_max=0.3, v_thresh=-64.0), 1.0, 20, 1000, 0.1, (-0.2, 0.6)),
    ("other time constants and amplitudes, dt 0.1 ms",
     dict(tau_m=10.0, tau_plus=16.8, tau_minus=33.7, A_plus=0.005, A_minus=0.00525,
          v_rest=-70.0, v_reset=-75.0, v_thresh=-62.0), 0.1, 50, 4000, 0.04, (0.2, 0.9)),
    ("no plasticity", dict(A_plus=0.0, A_minus=0.0, v_thresh=-60.0), 1.0, 30, 1000, 0.05,
     (0.1, 0.5)),
]


@pytest.mark.parametrize("k", range(len(CASES)), ids=[c[0][:30] for c in CASES])
def test_simulate_is_the_course_loop_bit_for_bit(k):
    desc, params, dt, n, steps, p, wr = CASES[k]
    rng = np.random.default_rng(k)
    spikes = rng.random((steps, n)) < p
    w0 = rng.uniform(*wr, n)
    res = neuroai.LIFNeuronSTDP(n, **params, weights=w0).simulate(spikes, dt)
    twin = L.run(L.LIFNeuronSTDP(w0, **params), spikes, dt)
    _same(res, twin)
    assert res.output_spikes.size > 3, "the case should exercise the postsynaptic path"


def test_the_course_loop_over_step_is_the_course_loop():
    rng = np.random.default_rng(5)
    spikes = rng.random((400, 30)) < 0.1
    w0 = rng.uniform(0.1, 0.5, 30)
    ours = neuroai.LIFNeuronSTDP(30, v_thresh=-58.0, weights=w0)
    twin = L.LIFNeuronSTDP(w0, v_thresh=-58.0)
    fired = 0
    for t in range(400):
        spike, v, w = ours.step(1.0, spikes[t])
        t_spike, t_v, t_w = twin.step(1.0, spikes[t])
        assert (spike, v) == (t_spike, t_v) and np.array_equal(w, t_w)
        assert type(spike) is bool and type(v) is float
        fired += spike
        w[:] = -1.0                        # a copy: the neuron keeps its own
    assert fired > 3
    assert np.array_equal(ours.x_trace, twin.x_trace) and ours.y_trace == twin.y_trace
    assert ours.steps_done == 400


def test_runs_in_parts_equal_one_run():
    rng = np.random.default_rng(9)
    spikes = rng.random((2500, 40)) < 0.06
    w0 = rng.uniform(0.1, 0.5, 40)
    one = neuroai.LIFNeuronSTDP(40, v_thresh=-58.0, weights=w0).simulate(spikes, record_every=50)
    neuron = neuroai.LIFNeuronSTDP(40, v_thresh=-58.0, weights=w0)
    parts = [neuron.simulate(spikes[a:b], record_every=50)
             for a, b in ((0, 1), (1, 777), (777, 800), (800, 2500))]
    for k in ("v", "y", "weights", "x"):
        assert np.array_equal(np.concatenate([getattr(r, k) for r in parts]), getattr(one, k))
    assert np.array_equal(np.concatenate([r.record_steps for r in parts]), one.record_steps)
    assert np.array_equal(np.concatenate([r.step0 + r.output_spikes for r in parts]),
                          one.output_spikes)
    assert np.array_equal(neuron.weights, one.final_weights)
    assert parts[-1].final_state.steps_done == 2500 and parts[-1].t[0] == 800.0


def test_a_long_run_is_chunked_in_c_with_the_same_result():
    # 20,000 inputs: a few hundred steps per C chunk, so the run takes many
    n, steps = 20_000, 1200
    rng = np.random.default_rng(2)
    spikes = rng.random((steps, n)) < 0.002
    w0 = rng.uniform(0.0, 0.05, n)
    res = neuroai.LIFNeuronSTDP(n, v_thresh=-60.0, weights=w0).simulate(spikes, record_every=600)
    twin = L.run(L.LIFNeuronSTDP(w0, v_thresh=-60.0), spikes, 1.0, every=600)
    _same(res, twin)


def test_the_twins_decay_factor_is_libms():
    # C computes exp(-dt/tau) with libm, the course with np.exp of a float
    for dt in (0.1, 0.5, 1.0):
        for tau in (10.0, 16.8, 20.0, 33.7):
            assert float(np.exp(-dt / tau)) == math.exp(-dt / tau)


# --- the neuron's interface -------------------------------------------------------------

def test_the_course_constructor_and_defaults():
    n = neuroai.LIFNeuronSTDP(10, seed=0)
    assert (n.tau_m, n.v_rest, n.v_reset, n.v_thresh) == (20.0, -65.0, -65.0, -50.0)
    assert (n.tau_plus, n.tau_minus, n.A_plus, n.A_minus, n.w_max) == (20.0, 20.0, 0.01, 0.012,
                                                                        1.0)
    assert n.v == -65.0 and n.y_trace == 0.0 and np.all(n.x_trace == 0)
    assert np.all((n.weights >= 0.1) & (n.weights < 0.5))
    assert np.array_equal(n.weights, neuroai.LIFNeuronSTDP(10, seed=0).weights)
    assert not np.array_equal(n.weights, neuroai.LIFNeuronSTDP(10, seed=1).weights)
    np.random.seed(3)
    a = neuroai.LIFNeuronSTDP(10).weights
    np.random.seed(3)
    assert np.array_equal(a, np.random.uniform(0.1, 0.5, 10))


def test_parameters_set_as_attributes_are_used_and_checked():
    rng = np.random.default_rng(1)
    spikes = rng.random((500, 20)) < 0.1
    w0 = rng.uniform(0.1, 0.5, 20)
    n = neuroai.LIFNeuronSTDP(20, weights=w0)
    n.A_plus, n.v_thresh = 0.05, -58.0
    res = n.simulate(spikes)
    _same(res, L.run(L.LIFNeuronSTDP(w0, A_plus=0.05, v_thresh=-58.0), spikes, 1.0))
    n.tau_plus = -1.0
    with pytest.raises(ValueError, match=r"tau_plus \[ms\] must be > 0"):
        n.simulate(spikes)


def test_reset_state_and_the_neuron_keeps_its_state():
    n = neuroai.LIFNeuronSTDP(5, v_thresh=-64.0, weights=[0.5] * 5)
    res = n.simulate(np.ones((50, 5), bool))
    assert res.output_spikes.size > 0 and not np.array_equal(n.weights, n.initial_weights)
    assert np.array_equal(n.weights, res.final_weights)
    n.reset_state()
    assert n.v == -65.0 and n.steps_done == 0 and np.array_equal(n.weights, [0.5] * 5)


def test_the_input_may_be_0_1_numbers_and_is_never_modified():
    rng = np.random.default_rng(4)
    spikes = rng.random((300, 12)) < 0.1
    w0 = rng.uniform(0.1, 0.5, 12)
    before_s, before_w = spikes.copy(), w0.copy()
    a = neuroai.LIFNeuronSTDP(12, v_thresh=-60.0, weights=w0).simulate(spikes)
    b = neuroai.LIFNeuronSTDP(12, v_thresh=-60.0, weights=w0).simulate(spikes.astype(int))
    c = neuroai.LIFNeuronSTDP(12, v_thresh=-60.0, weights=w0).simulate(spikes.astype(float).tolist())
    assert np.array_equal(spikes, before_s) and np.array_equal(w0, before_w)
    for r in (b, c):
        assert np.array_equal(r.v, a.v) and np.array_equal(r.weights, a.weights)
    assert not a.input_spikes.flags.writeable


def test_the_result_records_what_the_course_records():
    rs, inp = _course_input()
    res = neuroai.LIFNeuronSTDP(100, A_plus=0.015, A_minus=0.01, w_max=0.5, seed=rs).simulate(inp)
    assert res.dt == 1.0 and res.pattern is inp and res.duration == 10000.0
    assert res.v.shape == (10000,) and res.weights.shape == (100, 100)
    assert res.record_steps.tolist() == list(range(0, 10000, 100))
    assert res.t[5] == 5.0 and res.spikes.n == 1
    assert np.array_equal(res.spikes.times, res.output_spikes * 1.0)
    assert np.array_equal(res.spike_times[0], res.output_spikes * 1.0)
    assert np.all(res.v[res.output_spikes] == -65.0)       # recorded after the reset
    assert res.final_state.steps_done == 10000 and res.final_state.weights.shape == (100,)
    html = res._repr_html_()
    assert "STDPResult" in html and "output spikes" in html and "pattern inputs" in html
    assert "STDPResult(100 inputs" in repr(res)


def test_plots_draw_with_the_course_plotting_functions():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    inp = neuroai.frozen_pattern_input(40, 2000.0, seed=1)
    res = neuroai.LIFNeuronSTDP(40, v_thresh=-60.0, seed=1).simulate(inp)
    for fig in (res.plot(), inp.plot(),
                neuroai.plotting.plot_stdp_window(np.linspace(-50, 50, 11),
                                                  neuroai.stdp_window(np.linspace(-50, 50, 11))),
                neuroai.plotting.plot_weight_evolution(res.weights, inp.pattern_indices,
                                                       inp.non_pattern_indices, res.n_steps,
                                                       res.dt)):
        assert len(fig.axes) >= 1
        plt.close(fig)
    plain = neuroai.LIFNeuronSTDP(40, seed=1).simulate(inp.spikes)
    plt.close(plain.plot())
    assert "FrozenPattern" in inp._repr_html_() and "FrozenPattern(40 inputs" in repr(inp)


# --- the window -------------------------------------------------------------------------

def test_stdp_window_is_the_closed_form():
    d = np.concatenate([np.linspace(-100, 100, 401), [-1e-9, 1e-9, 0.0, -0.0]])
    for kw in ({}, dict(a_plus=1.0, a_minus=1.0, tau_plus=10.0, tau_minus=10.0),
               dict(a_plus=0.005, a_minus=0.00525, tau_plus=16.8, tau_minus=33.7)):
        got = neuroai.stdp_window(d, **kw)
        want = L.stdp_window(d, **kw)
        assert got.dtype == np.float64 and got.shape == d.shape
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)


def test_stdp_window_conventions():
    # the course's doctest
    assert np.round(neuroai.stdp_window(np.array([10, -10, 0]), a_plus=1.0, a_minus=1.0,
                                        tau_plus=10.0, tau_minus=10.0), 4).tolist() == \
        [0.3679, -0.3679, 0.0]
    out = neuroai.stdp_window(np.array([1, 2, -3]))           # integers in, floats out
    assert out.dtype == np.float64 and out[0] == 0.01 * math.exp(-1 / 20)
    assert neuroai.stdp_window(0) == 0.0 and type(neuroai.stdp_window(5)) is float
    assert neuroai.stdp_window(5.0) > 0 > neuroai.stdp_window(-5.0)   # t_post - t_pre
    assert neuroai.stdp_window([np.inf, -np.inf]).tolist() == [0.0, 0.0]
    assert neuroai.stdp_window(np.zeros((2, 3))).shape == (2, 3)
    d = np.array([5.0, -5.0])
    neuroai.stdp_window(d)
    assert d.tolist() == [5.0, -5.0]


@pytest.mark.parametrize("kw, match", [
    (dict(tau_plus=0.0), r"tau_plus \[ms\] must be > 0"),
    (dict(tau_minus=-1.0), r"tau_minus \[ms\] must be > 0"),
    (dict(a_plus=-0.1), r"a_plus \[1\] must be >= 0"),
    (dict(a_minus=float("nan")), r"a_minus \[1\] must be finite"),
])
def test_stdp_window_bad_parameters(kw, match):
    with pytest.raises(ValueError, match=match):
        neuroai.stdp_window([1.0], **kw)


def test_stdp_window_rejects_nan_and_strings():
    with pytest.raises(ValueError, match=r"delta_t \[ms\] must not contain NaN"):
        neuroai.stdp_window([1.0, float("nan")])
    with pytest.raises(TypeError, match=r"delta_t \[ms\]"):
        neuroai.stdp_window("10")


@pytest.mark.parametrize("k", [1, 3, 10, 40])
def test_a_pairing_in_the_c_core_changes_the_weight_by_the_window(k):
    # input 0 a weak probe, input 1 a driver that fires the neuron in the
    # step it spikes: pre k steps before post potentiates, k after depresses
    # the probe, by the window at delta_t = +-k dt (the traces decay once a
    # step, so to rounding)
    params = dict(v_thresh=-64.6, A_plus=0.01, A_minus=0.012, tau_plus=17.0, tau_minus=34.0,
                  w_max=2.0)
    win = dict(a_plus=0.01, a_minus=0.012, tau_plus=17.0, tau_minus=34.0)
    for dt in (1.0, 0.5):
        s = np.zeros((k + 2, 2), bool)
        s[0, 0] = s[k, 1] = True                                  # pre, then post
        n = neuroai.LIFNeuronSTDP(2, **params, weights=[0.01, 2.0])
        res = n.simulate(s, dt)
        assert res.output_spikes.tolist() == [k]
        assert n.weights[0] - 0.01 == pytest.approx(neuroai.stdp_window(k * dt, **win),
                                                    rel=1e-12)
        s = np.zeros((k + 2, 2), bool)
        s[0, 1] = s[k, 0] = True                                  # post, then pre
        n = neuroai.LIFNeuronSTDP(2, **params, weights=[0.5, 2.0])
        res = n.simulate(s, dt)
        assert res.output_spikes.tolist() == [0]
        assert n.weights[0] - 0.5 == pytest.approx(neuroai.stdp_window(-k * dt, **win),
                                                   rel=1e-12)


# --- the frozen pattern and the experiment ---------------------------------------------

def test_frozen_pattern_input_is_seeded_and_as_described():
    a = neuroai.frozen_pattern_input(50, 5000.0, 30.0, 10.0, seed=3)
    b = neuroai.frozen_pattern_input(50, 5000.0, 30.0, 10.0, seed=3)
    c = neuroai.frozen_pattern_input(50, 5000.0, 30.0, 10.0, seed=4)
    assert np.array_equal(a.spikes, b.spikes) and not np.array_equal(a.spikes, c.spikes)
    assert a.spikes.shape == (5000, 50) and a.spikes.dtype == bool and a.dt == 1.0
    assert a.pattern_times[0] == 200
    gaps = np.diff(a.pattern_times)
    assert np.all((gaps >= 200) & (gaps < 300)) and a.pattern_times[-1] < 5000 - 30
    for t in a.pattern_times:
        assert np.array_equal(a.spikes[t:t + 30], a.template)
    assert np.array_equal(a.pattern_indices, np.flatnonzero(a.template.any(axis=0)))
    assert a.in_pattern().sum() == 30 * a.pattern_times.size
    noise = a.spikes[~a.in_pattern()].mean()
    assert 0.007 < noise < 0.013                                # 10 Hz at 1 ms
    assert not a.spikes.flags.writeable


def test_a_pattern_on_part_of_the_inputs_and_another_dt():
    a = neuroai.frozen_pattern_input(80, 4000.0, 20.0, 5.0, seed=8, pattern_rate=100.0,
                                     pattern_fraction=0.25, dt=0.5)
    assert a.spikes.shape == (8000, 80) and a.pattern_duration == 40 and a.dt == 0.5
    assert a.carriers.size == 20 and a.pattern_times[0] == 400
    others = np.setdiff1d(np.arange(80), a.carriers)
    assert not a.template[:, others].any()
    for t in a.pattern_times:
        assert np.array_equal(a.spikes[t:t + 40, a.carriers], a.template[:, a.carriers])
    assert set(a.pattern_indices) <= set(a.carriers.tolist())
    # the other inputs keep their noise during the presentations
    assert a.spikes[a.in_pattern()][:, others].any()


@pytest.mark.parametrize("kw, exc, match", [
    (dict(n_inputs=0), ValueError, "n_inputs must be >= 1"),
    (dict(duration=10.5), ValueError, r"duration \[ms\] must be a whole number of steps"),
    (dict(pattern_duration=0.0), ValueError, r"pattern_duration \[ms\] must be at least 1"),
    (dict(rate=-1.0), ValueError, r"rate \[Hz\] must be >= 0"),
    (dict(pattern_rate=2000.0), ValueError, r"pattern_rate \[Hz\] \* dt \[ms\] / 1000 must be <= 1"),
    (dict(pattern_fraction=0.0), ValueError, r"pattern_fraction \[1\] must be in \(0, 1\]"),
    (dict(dt=0.0), ValueError, r"dt \[ms\] must be > 0"),
    (dict(seed="a"), TypeError, "seed must be"),
])
def test_frozen_pattern_input_bad_arguments(kw, exc, match):
    with pytest.raises(exc, match=match):
        neuroai.frozen_pattern_input(**kw)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stdp_picks_out_a_frozen_pattern(seed):
    # Half of 100 inputs repeat a 20-ms pattern (80 Hz) every 200-300 ms in
    # 10-Hz noise; the course's rule (A+ = 0.01 < A- = 0.012) at threshold
    # -55 mV, 30 s: the neuron comes to fire only in the presentations, the
    # inputs whose weights grow beyond the initial range are all pattern
    # inputs, and the other inputs' weights fall.
    inp = neuroai.frozen_pattern_input(100, 30_000.0, 20.0, 10.0, seed=seed, pattern_rate=80.0,
                                       pattern_fraction=0.5)
    neuron = neuroai.LIFNeuronSTDP(100, v_thresh=-55.0, seed=100 + seed)
    res = neuron.simulate(inp)
    w0, w = neuron.initial_weights, res.final_weights
    grown = np.flatnonzero(w > 0.6)                 # initial weights are < 0.5
    assert grown.size >= 5
    assert set(grown.tolist()) <= set(inp.pattern_indices.tolist())
    others = inp.non_pattern_indices
    assert np.mean(w[others] - w0[others]) < 0
    assert np.max(w[others]) < 0.6
    assert inp.in_pattern()[res.output_spikes].mean() > 0.95
    # the pattern inputs' mean weight over time ends above the others'
    top = np.sort(w[inp.pattern_indices])[-5:].mean()
    assert top > np.sort(w[others])[-5:].mean() + 0.1


# --- bad input --------------------------------------------------------------------------

@pytest.mark.parametrize("kw, match", [
    (dict(tau_m=0.0), r"tau_m \[ms\] must be > 0"),
    (dict(tau_minus=float("nan")), r"tau_minus \[ms\] must be finite"),
    (dict(A_plus=-0.01), r"A_plus \[1\] must be >= 0"),
    (dict(w_max=0.0), r"w_max \[1\] must be > 0"),
    (dict(v_reset=-50.0), r"v_reset \[mV\] must be < v_thresh \[mV\]"),
    (dict(v_thresh="high"), r"v_thresh \[mV\] must be a real number"),
    (dict(weights=[0.1, 0.2]), r"weights \[1\] must have one value per input \(4\), got 2"),
    (dict(weights=[0.1, 0.2, np.nan, 0.3]), r"weights \[1\] must be finite"),
    (dict(weights=[0.1] * 4, seed=1), "give weights or seed, not both"),
])
def test_bad_neuron_parameters(kw, match):
    with pytest.raises((ValueError, TypeError), match=match):
        neuroai.LIFNeuronSTDP(4, **kw)


@pytest.mark.parametrize("spikes, kw, exc, match", [
    (np.zeros((10, 3), bool), {}, ValueError, r"input_spikes must have shape \('T', 4\)"),
    (np.zeros(4, bool), {}, ValueError, "input_spikes must have shape"),
    (np.full((10, 4), 2), {}, ValueError, "True/False \\(or 0/1\\).*the value 2"),
    (np.full((10, 4), "a"), {}, TypeError, "input_spikes must be True/False"),
    (np.zeros((10, 4), bool), dict(dt=0.0), ValueError, r"dt \[ms\] must be > 0"),
    (np.zeros((10, 4), bool), dict(record_every=0), ValueError, "record_every"),
    (np.zeros((10, 4), bool), dict(record_every=2.5), TypeError, "record_every"),
])
def test_bad_simulate_arguments(spikes, kw, exc, match):
    n = neuroai.LIFNeuronSTDP(4, seed=0)
    before = n.weights.copy()
    with pytest.raises(exc, match=match):
        n.simulate(spikes, **kw)
    assert np.array_equal(n.weights, before) and n.steps_done == 0


def test_bad_step_arguments_and_state():
    n = neuroai.LIFNeuronSTDP(4, seed=0)
    with pytest.raises(ValueError, match=r"input_spikes must have shape \(4,\)"):
        n.step(1.0, np.zeros(5, bool))
    with pytest.raises(ValueError, match=r"dt \[ms\] must be > 0"):
        n.step(-1.0, np.zeros(4, bool))
    n.x_trace = -np.ones(4)
    with pytest.raises(ValueError, match=r"x_trace \[1\] must be >= 0"):
        n.step(1.0, np.zeros(4, bool))


def test_a_pattern_with_another_dt_is_refused():
    inp = neuroai.frozen_pattern_input(4, 100.0, 10.0, seed=0, first=20.0, gap=20.0, jitter=0.0)
    with pytest.raises(ValueError, match=r"differs from the pattern's dt"):
        neuroai.LIFNeuronSTDP(4, seed=0).simulate(inp, dt=0.5)
    assert neuroai.LIFNeuronSTDP(4, seed=0).simulate(inp).dt == 1.0


# --- spike trains as input, and Ctrl-C -------------------------------------------------

def test_spike_trains_give_the_dense_inputs_result():
    rng = np.random.default_rng(12)
    spikes = rng.random((1500, 25)) < 0.05
    steps, index = np.nonzero(spikes)
    trains = neuroai.SpikeTrains(steps * 0.5, index, n=25, duration=750.0)
    w0 = rng.uniform(0.1, 0.5, 25)
    a = neuroai.LIFNeuronSTDP(25, v_thresh=-62.0, weights=w0).simulate(spikes, 0.5)
    b = neuroai.LIFNeuronSTDP(25, v_thresh=-62.0, weights=w0).simulate(trains, 0.5)
    assert a.output_spikes.size > 3
    for k in ("v", "y", "output_spikes", "weights", "x"):
        assert np.array_equal(getattr(a, k), getattr(b, k)), k
    assert b.input_spikes is trains and "25 trains" in b._repr_html_()
    assert np.array_equal(b._dense_input(), spikes)


@pytest.mark.parametrize("trains, match", [
    (neuroai.SpikeTrains([1.0, 1.2], [0, 0], n=3, duration=10.0), "input 0 spikes twice"),
    (neuroai.SpikeTrains([1.0], [0], n=2, duration=10.0), "holds 2 trains but the neuron has 3"),
    (neuroai.SpikeTrains([1.0], [0], n=3, duration=10.5), "whole number of steps"),
])
def test_bad_spike_trains(trains, match):
    with pytest.raises(ValueError, match=match):
        neuroai.LIFNeuronSTDP(3, seed=0).simulate(trains, 1.0)


def test_ctrl_c_stops_a_long_run_and_leaves_the_neuron_as_it_was():
    import os
    import signal
    import threading
    import time
    # 100,000 silent inputs for 300 s of 1 ms steps: 3e10 trace updates,
    # weights recorded only every 100 s (the run's memory stays small; how
    # fast Ctrl-C is seen is measured by test_core_hygiene, not asserted)
    silent = neuroai.SpikeTrains(np.empty(0), np.empty(0, np.int64), n=100_000,
                                 duration=300_000.0)
    neuron = neuroai.LIFNeuronSTDP(100_000, seed=0)
    w = neuron.weights.copy()
    sent = []

    def interrupt():
        sent.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(0.2, interrupt)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            neuron.simulate(silent, record_every=100_000)
    finally:
        timer.cancel()
        timer.join()
    assert sent
    assert neuron.steps_done == 0 and np.array_equal(neuron.weights, w) and neuron.v == -65.0
