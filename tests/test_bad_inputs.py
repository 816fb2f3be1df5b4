"""Bad inputs to the analysis, energy, spike-train and plot functions: each
one is a ValueError or TypeError whose message names the parameter; and a
network without plasticity keeps no per-connection plasticity state."""
import tracemalloc

import numpy as np
import pytest

import neuroai
from neuroai import analysis as A
from neuroai import energy as E
from neuroai.spikes import SpikeTrains, as_trains

P = pytest.importorskip("neuroai.plot")

TRAINS = SpikeTrains([1.0, 2.0, 3.5, 4.0, 6.0], [0, 1, 0, 1, 0], n=2, duration=10.0)


# inputs that are not real numbers, each in the forms a user may pass them
NOT_REAL = {
    "str": "abc",
    "bytes": b"abc",
    "str list": ["1.0", "2.0"],
    "complex": np.array([1.0 + 1j, 2.0]),
    "complex list": [1.0 + 0j, 2.0 + 0j],
    "datetime": np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[ms]"),
    "timedelta": np.array([1, 2], dtype="timedelta64[ms]"),
    "structured": np.zeros(2, dtype=[("t", np.float64)]),
    "object": np.array([1.0, None], dtype=object),
}


def _raises_naming(exc, name, fn, *args, **kw):
    with pytest.raises(exc) as info:
        fn(*args, **kw)
    assert name in str(info.value), str(info.value)
    return str(info.value)


# ---------------------------------------------------------------------------
# spike trains in every accepted form
# ---------------------------------------------------------------------------
SPIKE_FUNCS = {
    "isi": lambda s: A.isi(s),
    "cv": lambda s: A.cv(s),
    "first_spike_latency": lambda s: A.first_spike_latency(s),
    "firing_rate": lambda s: A.firing_rate(s, duration=10.0),
    "spike_counts": lambda s: A.spike_counts(s, duration=10.0),
    "psth": lambda s: A.psth(s, 1.0, duration=10.0),
    "as_trains": lambda s: as_trains(s),
}


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
@pytest.mark.parametrize("func", list(SPIKE_FUNCS), ids=list(SPIKE_FUNCS))
def test_analysis_rejects_non_real_spike_times(func, bad):
    with pytest.raises(TypeError) as info:
        SPIKE_FUNCS[func](NOT_REAL[bad])
    assert "spike times" in str(info.value)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_analysis_rejects_non_real_train_in_a_list(bad):
    with pytest.raises(TypeError) as info:
        A.isi([np.array([1.0, 2.0]), NOT_REAL[bad]])
    assert "train 1" in str(info.value)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_spiketrains_rejects_non_real_times(bad):
    _raises_naming(TypeError, "times", SpikeTrains, NOT_REAL[bad])


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_spiketrains_from_list_rejects_non_real_times(bad):
    _raises_naming(TypeError, "train 0", SpikeTrains.from_list, [NOT_REAL[bad]])


@pytest.mark.parametrize("bad", ["abc", np.array([0.5 + 1j]), np.array([1.5]),
                                 np.zeros(1, dtype=[("i", np.int64)])])
def test_spiketrains_rejects_bad_indices(bad):
    _raises_naming(TypeError, "indices", SpikeTrains, [1.0], bad)


def test_masked_spike_time_is_an_error_not_a_spike_at_zero():
    masked = np.ma.masked_array([1.0, 5.0, 7.0], mask=[False, True, False])
    _raises_naming(ValueError, "masked", SpikeTrains.from_list, [masked])
    _raises_naming(ValueError, "masked", SpikeTrains, masked)
    _raises_naming(ValueError, "masked", A.isi, masked)
    # an unmasked masked array is just numbers
    st = SpikeTrains.from_list([np.ma.masked_array([1.0, 2.0])])
    np.testing.assert_array_equal(st.times, [1.0, 2.0])


# ---------------------------------------------------------------------------
# hoyer_sparsity
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [1, -2, 5])
def test_hoyer_axis_out_of_range_names_axis(axis):
    msg = _raises_naming(ValueError, "axis", A.hoyer_sparsity, [1.0, 2.0, 3.0], axis=axis)
    assert "1-D" in msg or "dimension" in msg


@pytest.mark.parametrize("axis", [1.0, "0", None, True])
def test_hoyer_axis_not_an_int_names_axis(axis):
    _raises_naming(TypeError, "axis", A.hoyer_sparsity, [1.0, 2.0], axis=axis)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e300, 1e-310])
def test_hoyer_uniform_vector_is_zero_at_any_scale(scale):
    # closed form: L1/L2 = sqrt(n) for a uniform vector, so the sparsity is 0
    assert A.hoyer_sparsity([scale, scale]) == pytest.approx(0.0, abs=1e-12)
    assert A.hoyer_sparsity(np.full(7, scale)) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e300, 1e-310])
def test_hoyer_one_hot_is_one_at_any_scale(scale):
    x = np.zeros(5)
    x[2] = scale
    assert A.hoyer_sparsity(x) == pytest.approx(1.0, abs=1e-12)


def test_hoyer_two_level_closed_form_at_large_scale():
    # x = (a, a, 0, 0): L1/L2 = 2a / (sqrt(2) a) = sqrt(2); n = 4
    want = (2.0 - np.sqrt(2.0)) / (2.0 - 1.0)
    for a in (1.0, 1e200, 1e300):
        assert A.hoyer_sparsity([a, a, 0.0, 0.0]) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_hoyer_rejects_non_real(bad):
    _raises_naming(TypeError, "x", A.hoyer_sparsity, NOT_REAL[bad])


# ---------------------------------------------------------------------------
# other analysis parameters
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_latency_code_rejects_non_real_latencies(bad):
    value = NOT_REAL[bad]
    _raises_naming(TypeError, "latencies", A.latency_code, np.arange(np.size(value)) + 1.0,
                   value)


@pytest.mark.parametrize("bad", ["10", b"10", 1j, np.datetime64("2020-01-01"), [10.0]])
def test_duration_and_bin_width_types_are_named(bad):
    _raises_naming(TypeError, "duration", A.firing_rate, [1.0], duration=bad)
    _raises_naming(TypeError, "bin_width", A.psth, [1.0], bad, duration=10.0)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_fano_counts_rejects_non_real(bad):
    _raises_naming(TypeError, "counts", A.fano_factor, counts=NOT_REAL[bad])


# ---------------------------------------------------------------------------
# energy
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [5e-324, 1e-300, 0.5])
def test_affordable_rate_fractional_neuron_counts(n):
    # a count of neurons below one cannot divide the budget: a ValueError
    # naming n_neurons, never a ZeroDivisionError or an inf rate
    _raises_naming(ValueError, "n_neurons", E.affordable_rate, n_neurons=n)


@pytest.mark.parametrize("bad", ["100", b"1", 1j, np.datetime64("2020-01-01"), [1.0]])
def test_energy_counts_reject_non_numbers(bad):
    _raises_naming(TypeError, "n_inputs", E.perceptron_ops, bad)
    _raises_naming(TypeError, "n_neurons", E.affordable_rate, n_neurons=bad)
    _raises_naming(TypeError, "power", E.affordable_rate, power=bad)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_energy_vs_rate_rejects_non_real_rates(bad):
    _raises_naming(TypeError, "rates", E.energy_vs_rate, NOT_REAL[bad])


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_spiking_ops_rejects_non_real_spikes(bad):
    with pytest.raises(TypeError) as info:
        E.spiking_ops(NOT_REAL[bad], fan_out=1)
    assert "spike" in str(info.value)


# ---------------------------------------------------------------------------
# plot helpers
# ---------------------------------------------------------------------------
@pytest.fixture
def lif_result():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    lif = neuroai.LIFNeuron()
    return lif.simulate(np.full((200, 3), 2.0), dt=0.1, record_v=True)


@pytest.mark.parametrize("bad", [[3], [-4], [0, 7], 5])
def test_plot_lif_neurons_out_of_range(lif_result, bad):
    import matplotlib.pyplot as plt
    try:
        _raises_naming(ValueError, "neurons", P.plot_lif, lif_result, neurons=bad)
    finally:
        plt.close("all")


@pytest.mark.parametrize("bad", [["a"], [0.5], "0", [True]])
def test_plot_lif_neurons_not_ints(lif_result, bad):
    import matplotlib.pyplot as plt
    try:
        _raises_naming(TypeError, "neurons", P.plot_lif, lif_result, neurons=bad)
    finally:
        plt.close("all")


def test_plot_network_neurons_out_of_range():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    net = neuroai.SpikingNetwork(np.full((1, 2), 2.0))
    res = net.run(np.array([1.0, 2.0]), 10.0, record_v=True)
    try:
        _raises_naming(ValueError, "neurons", P.plot_network, res, neurons=[2])
        _raises_naming(TypeError, "neurons", P.plot_network, res, neurons=["x"])
    finally:
        plt.close("all")


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_plot_raster_rejects_non_real(bad):
    pytest.importorskip("matplotlib")
    with pytest.raises(TypeError) as info:
        P.plot_raster(NOT_REAL[bad], duration=10.0)
    assert "spike times" in str(info.value)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_plot_fi_curve_rejects_non_real(bad):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    try:
        value = NOT_REAL[bad]
        _raises_naming(TypeError, "rates", P.plot_fi_curve, [1.0, 2.0], value)
        _raises_naming(TypeError, "currents", P.plot_fi_curve, value, [1.0, 2.0])
    finally:
        plt.close("all")


# ---------------------------------------------------------------------------
# network memory without plasticity
# ---------------------------------------------------------------------------
def test_network_without_stp_keeps_no_per_connection_state():
    n_in, n = 1000, 1000                    # 1,000,000 connections
    net = neuroai.SpikingNetwork(np.full((n_in, n), 0.01))
    inp = neuroai.poisson(5.0, 5.0, n=n_in, seed=1)
    later = SpikeTrains(inp.times + 5.0, inp.indices, n=n_in, duration=10.0)
    net.run(inp, 5.0)                       # warm up one-off caches
    tracemalloc.start()
    try:
        res = net.run(inp, 5.0)
        res2 = net.run(later, 5.0, state=res.final_state)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # per-neuron state and spikes only: far below one byte per connection
    # (the plasticity state x, u, t_last, has_spiked would be 25 B each)
    assert peak < 1.0 * net.n_connections, peak
    for k in ("x", "u", "t_last", "has_spiked"):
        assert res2.final_state.arrays[k].size == 0
    np.testing.assert_array_equal(res2.final_state.v.shape, (n,))


# ---------------------------------------------------------------------------
# switches, ragged arrays, bins and the remaining plot arguments
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["yes", b"1", 1j, 2, np.array([1.0, 0.0]), None, 0.5])
def test_switches_must_be_bools(bad):
    _raises_naming(TypeError, "pooled", A.isi, [[1.0, 2.0]], pooled=bad)
    _raises_naming(TypeError, "include_resting", E.energy_vs_rate, [1.0],
                   include_resting=bad)


@pytest.mark.parametrize("ok", [True, False, np.True_, 0, 1])
def test_switches_accept_bools_and_zero_one(ok):
    got = A.isi([[1.0, 2.0, 4.0]], pooled=ok)
    np.testing.assert_array_equal(got if ok else got[0], [1.0, 2.0])


RAGGED = [[1.0], [2.0, 3.0]]


def test_ragged_arrays_are_named():
    _raises_naming(ValueError, "rates", E.energy_vs_rate, RAGGED)
    _raises_naming(ValueError, "x", A.hoyer_sparsity, RAGGED)
    _raises_naming(ValueError, "strengths", A.latency_code, RAGGED, [1.0, 2.0])
    _raises_naming(ValueError, "latencies", A.latency_code, [1.0, 2.0], RAGGED)
    _raises_naming(ValueError, "reference_times", A.spike_time_jitter, [1.0], RAGGED, 1.0)
    _raises_naming(ValueError, "fan_out", E.spiking_ops, TRAINS, fan_out=RAGGED)
    _raises_naming(ValueError, "counts", A.fano_factor, counts=RAGGED)


@pytest.mark.parametrize("bin_width,duration", [(5e-324, 10.0), (1e-300, 1e10), (1.0, 1e308)])
def test_too_many_bins_is_a_value_error_naming_bin_width(bin_width, duration):
    # duration / bin_width bins: far beyond any array (and float64 counting)
    for fn in (A.psth, A.binned_counts, A.active_fraction):
        _raises_naming(ValueError, "bin_width", fn, [1.0], bin_width, duration=duration)
    _raises_naming(ValueError, "bin_width", A.fano_factor, [1.0], bin_width=bin_width,
                   duration=duration)


@pytest.mark.parametrize("bad", ["cmos", 5, None, [1.0], ["gpu"]])
def test_compare_task_substrates_named(bad):
    with pytest.raises((TypeError, ValueError)) as info:
        E.compare_task(substrates=bad)
    assert "substrates" in str(info.value)


@pytest.mark.parametrize("bad", [["sram"], np.array(["sram"]), 1, None])
def test_compare_task_memory_named(bad):
    _raises_naming(ValueError, "memory", E.compare_task, memory=bad)


@pytest.fixture
def agg():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    yield
    plt.close("all")


@pytest.mark.parametrize("bad", [0, -1, 10 ** 400, [], [3.0], [2.0, 1.0], np.array([1j, 2j]),
                                 np.zeros(2, dtype=[("e", float)]), [[0.0, 1.0], [2.0]], True])
def test_isi_histogram_bins_named(agg, bad):
    with pytest.raises((TypeError, ValueError)) as info:
        P.plot_isi_histogram(TRAINS, bins=bad)
    assert "bins" in str(info.value)


def test_isi_histogram_poisson_switch_and_message(agg):
    _raises_naming(TypeError, "poisson", P.plot_isi_histogram, TRAINS, poisson="no")
    _raises_naming(ValueError, "spikes", P.plot_isi_histogram, [1.0])
    ax = P.plot_isi_histogram(TRAINS, bins=[0.0, 1.0, 3.0])   # edges still work
    assert len(ax.patches) == 2


@pytest.mark.parametrize("bad", ["4", None, 1j, 0.0, -1.0, float("nan"), 1e308, [4.0]])
def test_raster_marker_size_named(agg, bad):
    with pytest.raises((TypeError, ValueError)) as info:
        P.plot_raster(TRAINS, marker_size=bad)
    assert "marker_size" in str(info.value)


def test_raster_of_a_window_too_short_to_bin_names_duration(agg):
    _raises_naming(ValueError, "duration", P.plot_raster, [0.0], duration=5e-324)


@pytest.mark.parametrize("bad", [20.0, None, "x", {"rates": [1.0]}])
def test_plot_energy_vs_rate_needs_a_brain_power(agg, bad):
    _raises_naming(TypeError, "power", P.plot_energy_vs_rate, bad)


@pytest.mark.parametrize("stp,n_x,n_tm", [
    (None, 0, 0),
    (dict(model="depressing", u=0.4, tau_rec=100.0), 1, 0),
    (dict(model="tsodyks_markram", U=0.4, tau_rec=100.0, tau_fac=50.0), 1, 1),
])
def test_network_state_holds_only_what_the_model_uses(stp, n_x, n_tm):
    # one connection per model: x for any STP, u/t_last/has_spiked for TM only
    net = neuroai.SpikingNetwork(np.full((1, 1), 2.0), stp=stp)
    res = net.run(np.array([1.0, 3.0]), 5.0)
    st = res.final_state
    assert st.x.shape == (n_x,)
    for k in ("u", "t_last", "has_spiked"):
        assert st.arrays[k].shape == (n_tm,)
    # and a run continues from it exactly as one run in one call
    whole = net.run(np.array([1.0, 3.0, 6.0, 8.0]), 10.0)
    more = net.run(np.array([6.0, 8.0]), 5.0, state=st)
    np.testing.assert_array_equal(np.concatenate([res.spikes.times, more.spikes.times]),
                                  whole.spikes.times)
    np.testing.assert_array_equal(more.final_state.v, whole.final_state.v)
    np.testing.assert_array_equal(more.final_state.x, whole.final_state.x)


def test_network_state_of_another_model_is_refused():
    dep = neuroai.SpikingNetwork(np.full((1, 1), 2.0),
                                 stp=dict(model="depressing", u=0.4, tau_rec=100.0))
    tm = neuroai.SpikingNetwork(np.full((1, 1), 2.0),
                                stp=dict(model="tsodyks_markram", U=0.4, tau_rec=100.0))
    st = dep.run(np.array([1.0]), 5.0).final_state
    _raises_naming(ValueError, "state", tm.run, np.array([6.0]), 5.0, state=st)


@pytest.mark.parametrize("k,exc", [(2, ValueError), (-1, ValueError), (1.0, TypeError),
                                   ("0", TypeError), (None, TypeError)])
def test_spiketrains_train_index_named(k, exc):
    with pytest.raises(exc) as info:
        TRAINS.train(k)
    assert "train index" in str(info.value)
    if exc is ValueError:
        assert isinstance(info.value, IndexError)   # still an IndexError, as before
    np.testing.assert_array_equal(TRAINS.train(np.int64(1)), [2.0, 4.0])


@pytest.mark.parametrize("bad", ["x", 1j, float("nan"), [1.0], object()])
def test_plot_lif_threshold_named(lif_result, bad):
    import matplotlib.pyplot as plt
    try:
        with pytest.raises((TypeError, ValueError)) as info:
            P.plot_lif(lif_result, threshold=bad)
        assert "threshold" in str(info.value)
        _raises_naming(TypeError, "show_current", P.plot_lif, lif_result, show_current="no")
    finally:
        plt.close("all")


@pytest.mark.parametrize("bad", [None, 3.0, "abc", np.zeros(3)])
def test_plot_results_of_the_wrong_kind_are_type_errors(agg, bad):
    _raises_naming(TypeError, "result", P.plot_lif, bad)
    _raises_naming(TypeError, "ledger", P.plot_ledger, bad)
    _raises_naming(TypeError, "perceptron", P.plot_perceptron, bad, [1.0])
    _raises_naming(TypeError, "perceptron", P.plot_decision_boundary, bad,
                   np.zeros((2, 2)), [0, 1])


@pytest.mark.parametrize("bad,exc", [(0, ValueError), (1, ValueError), (10 ** 30, ValueError),
                                     (2.5, TypeError), ("200", TypeError), (None, TypeError)])
def test_decision_boundary_resolution_named(agg, bad, exc):
    perc = neuroai.Perceptron(weights=[1.0, -1.0], bias=0.0)
    _raises_naming(exc, "resolution", P.plot_decision_boundary, perc,
                   np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1]), resolution=bad)


@pytest.mark.parametrize("bad", list(NOT_REAL), ids=list(NOT_REAL))
def test_perceptron_figures_reject_non_real_inputs(agg, bad):
    perc = neuroai.Perceptron(weights=[1.0, -1.0], bias=0.0)
    _raises_naming(TypeError, "x", P.plot_perceptron, perc, NOT_REAL[bad])
    _raises_naming(TypeError, "X", P.plot_decision_boundary, perc, NOT_REAL[bad], [0, 1])


def test_plot_ledger_switches_named(agg):
    led = E.compare_task()
    _raises_naming(TypeError, "log", P.plot_ledger, led, log="yes")
    _raises_naming(ValueError, "by", P.plot_ledger, led, by=np.array(["group", "row"]))


@pytest.mark.parametrize("bad", [None, 3.0, "abc", np.zeros(3)])
def test_other_figures_of_the_wrong_kind_are_type_errors(agg, bad):
    _raises_naming(TypeError, "result", P.plot_synapse_response, bad)
    _raises_naming(TypeError, "result", P.plot_lif_with_synapse, bad)
    _raises_naming(TypeError, "scenario", P.plot_flash_vs_sustained, bad)
    _raises_naming(TypeError, "depressing", P.plot_stp_comparison, bad, bad)


@pytest.mark.parametrize("bad", ["abc", 1.0, [("brain_power", 1.0)], np.array([1.0, 2.0])])
def test_ledger_overrides_must_be_a_mapping(bad):
    _raises_naming(TypeError, "overrides", E.Ledger, bad)
    _raises_naming(TypeError, "overrides", E.affordable_rate, overrides=bad)


@pytest.mark.parametrize("bad", [1.0, None, np.array(["brain_power"]), ("brain_power",)])
def test_ledger_constant_names_must_be_strings(bad):
    _raises_naming(TypeError, "name", E.Ledger().set, bad, 1.0)
    _raises_naming(TypeError, "name", E.Ledger().__getitem__, bad)


@pytest.mark.parametrize("bad", [1.0, None, 3])
def test_ledger_costs_named(bad):
    _raises_naming(TypeError, "costs", E.Ledger().add, "g", "i", 1.0, bad)
