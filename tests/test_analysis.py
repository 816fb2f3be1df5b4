"""Spike-train analysis against closed forms and independent NumPy twins."""
import math
import warnings

import numpy as np
import pytest

from neuroai import analysis as A
from neuroai.spikes import SpikeTrains
from reference import analysis as ref_analysis
from reference.analysis import isi_per_train
from reference.stimuli import poisson_numpy


# -- rates ------------------------------------------------------------------
def test_regular_train_rate_isi_cv():
    t = np.arange(5.0, 1000.0, 25.0)              # 40 Hz, first spike at 5 ms
    assert A.firing_rate(t, duration=1000.0) == pytest.approx(len(t) / 1.0)
    np.testing.assert_allclose(A.isi(t), 25.0)
    assert A.cv(t) == 0.0
    assert A.cv(t, ddof=0) == 0.0


def test_rates_per_train_population_and_subwindow():
    trains = [np.array([1.0, 2.0, 3.0]), np.array([]), np.array([499.0])]
    st = SpikeTrains.from_list(trains, duration=500.0)
    np.testing.assert_allclose(A.firing_rate(st), [6.0, 0.0, 2.0])
    np.testing.assert_allclose(A.firing_rate(trains, duration=500.0), [6.0, 0.0, 2.0])
    assert A.population_rate(st) == pytest.approx(4 / (3 * 0.5))
    # sub-window [0, 100): three spikes in 0.1 s for train 0
    np.testing.assert_allclose(A.firing_rate(st, t_start=0.0, t_stop=100.0), [30.0, 0.0, 0.0])
    np.testing.assert_array_equal(A.spike_counts(st), [3, 0, 1])


def test_empty_train_rate_zero_isi_empty_cv_nan_warns():
    assert A.firing_rate([], duration=100.0) == 0.0
    assert A.isi([]).size == 0
    with pytest.warns(A.UndefinedStatisticWarning, match="fewer than 2 interspike"):
        assert math.isnan(A.cv([]))
    st = SpikeTrains([], n=3, duration=100.0)
    np.testing.assert_array_equal(A.firing_rate(st), [0.0, 0.0, 0.0])
    assert A.population_rate(st) == 0.0
    assert [x.size for x in A.isi(st)] == [0, 0, 0]
    with pytest.warns(A.UndefinedStatisticWarning):
        assert np.all(np.isnan(A.cv(st)))


def test_cv_two_spikes_is_undefined_but_three_is_not():
    with pytest.warns(A.UndefinedStatisticWarning):
        assert math.isnan(A.cv([1.0, 2.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # intervals 1 and 3: mean 2, sample std sqrt(2), population std 1
        assert A.cv([0.0, 1.0, 4.0]) == pytest.approx(math.sqrt(2) / 2)
        assert A.cv([0.0, 1.0, 4.0], ddof=0) == pytest.approx(0.5)


def test_isi_lists_and_pooled():
    st = SpikeTrains.from_list([[1.0, 4.0, 9.0], [2.0], [0.5, 1.0]], duration=10.0)
    got = A.isi(st)
    np.testing.assert_allclose(got[0], [3.0, 5.0])
    assert got[1].size == 0
    np.testing.assert_allclose(got[2], [0.5])
    np.testing.assert_allclose(np.sort(A.isi(st, pooled=True)), [0.5, 3.0, 5.0])


# -- Poisson: CV ~ 1 and Fano ~ 1 with tolerances from the sample size --------
def test_poisson_cv_near_one():
    rng = np.random.default_rng(1)
    t = poisson_numpy(rng, 50.0, 200_000.0)          # ~10,000 intervals
    n_isi = t.size - 1
    # Delta method for exponential intervals (mean 1, var 1, mu3 2, mu4 9):
    # Var(CV_hat) ~ [1 + 8/4 - 2*(1/2)*2] / n = 1/n, so sd = 1/sqrt(n).
    sd = 1.0 / math.sqrt(n_isi)
    assert abs(A.cv(t) - 1.0) < 5 * sd
    assert A.firing_rate(t, duration=200_000.0) == pytest.approx(50.0, abs=5 * math.sqrt(50.0 / 200.0))


def test_poisson_fano_across_trials_near_one():
    rng = np.random.default_rng(2)
    m, lam = 2000, 20.0                               # trials, mean count (20 Hz x 1 s)
    st = SpikeTrains.from_list([poisson_numpy(rng, 20.0, 1000.0) for _ in range(m)], duration=1000.0)
    # Var(s^2) ~ (mu4 - sigma^4 (m-3)/(m-1)) / m with Poisson mu4 = lam + 3 lam^2,
    # so sd(F) ~ sqrt((lam + 2 lam^2) / m) / lam.
    sd = math.sqrt((lam + 2 * lam ** 2) / m) / lam
    assert abs(A.fano_factor(st) - 1.0) < 5 * sd


def test_poisson_fano_over_bins_per_train():
    rng = np.random.default_rng(3)
    trains = [poisson_numpy(rng, 40.0, 100_000.0) for _ in range(3)]
    ff = A.fano_factor(trains, bin_width=100.0, duration=100_000.0)   # 1000 bins, mean 4
    lam, m = 4.0, 1000
    sd = math.sqrt((lam + 2 * lam ** 2) / m) / lam
    assert ff.shape == (3,)
    assert np.all(np.abs(ff - 1.0) < 5 * sd)


def test_fano_from_counts_matches_numpy_twin_and_ddof():
    c = np.array([3, 5, 2, 8, 4, 4])
    assert A.fano_factor(counts=c) == pytest.approx(np.var(c, ddof=1) / np.mean(c))
    assert A.fano_factor(counts=c, ddof=0) == pytest.approx(np.var(c) / np.mean(c))
    assert A.fano_factor(counts=[7, 7, 7]) == 0.0
    with pytest.warns(A.UndefinedStatisticWarning, match="mean count is 0"):
        assert math.isnan(A.fano_factor(counts=[0, 0, 0]))


# -- PSTH and binning ---------------------------------------------------------
def test_psth_matches_loop_twin_including_partial_last_bin():
    rng = np.random.default_rng(4)
    trains = [np.sort(rng.uniform(0, 1030.0, rng.integers(0, 60))) for _ in range(25)]
    st = SpikeTrains.from_list(trains, duration=1030.0)
    h = A.psth(st, bin_width=50.0)
    counts, rate = ref_analysis.psth(trains, 50.0, 1030.0)
    np.testing.assert_array_equal(h.counts, counts)
    np.testing.assert_allclose(h.rate, rate, rtol=1e-12)
    assert h.edges[-1] == 1030.0 and h.edges.size == 22
    np.testing.assert_allclose(h.centers, 0.5 * (h.edges[1:] + h.edges[:-1]))


def test_psth_of_regular_train_is_flat_at_its_rate():
    t = np.arange(0.0, 1000.0, 10.0)      # 100 Hz
    np.testing.assert_allclose(A.psth(t, 100.0, duration=1000.0).rate, 100.0)


def test_binned_counts_shape_and_sum():
    st = SpikeTrains([0.0, 9.99, 10.0, 25.0], [0, 1, 1, 0], n=2, duration=30.0)
    edges, c = A.binned_counts(st, 10.0)
    np.testing.assert_array_equal(edges, [0.0, 10.0, 20.0, 30.0])
    np.testing.assert_array_equal(c, [[1, 1], [0, 1], [1, 0]])


# -- timing code -------------------------------------------------------------
def test_first_spike_latency():
    st = SpikeTrains.from_list([[3.0, 12.0], [20.0], []], duration=50.0)
    with pytest.warns(A.UndefinedStatisticWarning):
        lat = A.first_spike_latency(st, onset=10.0)
    np.testing.assert_allclose(lat[:2], [2.0, 10.0])
    assert math.isnan(lat[2])
    assert A.first_spike_latency([4.0, 8.0]) == 4.0


def test_latency_code_of_lif_closed_form_latency():
    # First-spike latency of an LIF neuron from rest under a step current I:
    # tau_m * ln(R I / (R I - (v_th - v_rest))), which falls with I: a perfect latency code.
    tau, R, gap = 20.0, 10.0, 15.0
    current = np.linspace(1.6, 4.0, 13)
    lat = tau * np.log(R * current / (R * current - gap))
    code = A.latency_code(current, lat)
    assert code.rho == pytest.approx(-1.0)
    assert code.n == 13
    # the least-squares slope equals NumPy's polyfit
    assert code.slope == pytest.approx(np.polyfit(current, lat, 1)[0])


def test_latency_code_spearman_with_ties_against_hand_value():
    # ranks of s: 1, 2.5, 2.5, 4; ranks of l: 4, 2, 3, 1 ->
    # centred: -1.5, 0, 0, 1.5 and 1.5, -0.5, 0.5, -1.5; sum prod = -4.5;
    # norms: sqrt(4.5) and sqrt(5) -> rho = -4.5 / sqrt(22.5)
    code = A.latency_code([1.0, 2.0, 2.0, 3.0], [9.0, 5.0, 6.0, 1.0])
    assert code.rho == pytest.approx(-4.5 / math.sqrt(22.5))


def test_latency_code_drops_nan_and_warns_when_degenerate():
    code = A.latency_code([1.0, 2.0, 3.0, 4.0], [np.nan, 8.0, 6.0, 4.0])
    assert code.n == 3 and code.rho == pytest.approx(-1.0)
    with pytest.warns(A.UndefinedStatisticWarning):
        assert math.isnan(A.latency_code([1.0, 1.0, 1.0], [3.0, 4.0, 5.0]).rho)


def test_spike_time_jitter_recovers_known_gaussian_jitter():
    rng = np.random.default_rng(5)
    ref = np.array([20.0, 60.0, 100.0, 140.0])
    sigma, m = 1.5, 400
    trials = [np.sort(ref + rng.normal(0.0, sigma, ref.size)) for _ in range(m)]
    res = A.spike_time_jitter(trials, ref, window=10.0)
    # sd of a sample standard deviation ~ sigma / sqrt(2 (m - 1))
    tol = 5 * sigma / math.sqrt(2 * (m - 1))
    np.testing.assert_allclose(res.jitter, sigma, atol=tol)
    np.testing.assert_allclose(res.reliability, 1.0)
    np.testing.assert_allclose(res.mean_time, ref, atol=5 * sigma / math.sqrt(m))


def test_spike_time_jitter_reliability_counts_missing_trials():
    trials = [[10.0], [11.0], [], [30.0]]        # last one is outside the window
    res = A.spike_time_jitter(trials, [10.0], window=2.0)
    assert res.reliability[0] == 0.5
    assert res.jitter[0] == pytest.approx(np.std([10.0, 11.0], ddof=1))


# -- sparsity -----------------------------------------------------------------
def test_hoyer_closed_forms():
    assert A.hoyer_sparsity([0.0, 0.0, 3.0, 0.0]) == pytest.approx(1.0)
    assert A.hoyer_sparsity(np.full(7, 2.5)) == pytest.approx(0.0, abs=1e-12)
    # two of four equal: L1/L2 = 2/sqrt(2) = sqrt(2) -> (2 - sqrt 2) / (2 - 1)
    assert A.hoyer_sparsity([1.0, 1.0, 0.0, 0.0]) == pytest.approx(2 - math.sqrt(2))
    rows = A.hoyer_sparsity(np.array([[0, 0, 1.0], [1, 1, 1.0]]))
    np.testing.assert_allclose(rows, [1.0, 0.0], atol=1e-12)
    with pytest.warns(A.UndefinedStatisticWarning):
        assert math.isnan(A.hoyer_sparsity([0.0, 0.0]))


def test_hoyer_of_spike_trains_uses_counts():
    st = SpikeTrains([1.0, 2.0, 3.0], [2, 2, 2], n=5, duration=10.0)
    assert A.hoyer_sparsity(st) == pytest.approx(1.0)


def test_active_fraction_per_window():
    st = SpikeTrains([1.0, 2.0, 15.0, 16.0, 17.0], [0, 1, 0, 2, 3], n=4, duration=20.0)
    edges, frac = A.active_fraction(st, 10.0)
    np.testing.assert_array_equal(edges, [0.0, 10.0, 20.0])
    np.testing.assert_allclose(frac, [0.5, 0.75])


# -- bad input ----------------------------------------------------------------
@pytest.mark.parametrize("bw", [0.0, -5.0, float("nan"), float("inf")])
def test_bad_bin_width(bw):
    with pytest.raises(ValueError, match=r"bin_width \[ms\] must be (finite|> 0)"):
        A.psth([1.0, 2.0], bw, duration=10.0)


def test_bin_width_longer_than_duration():
    with pytest.raises(ValueError, match=r"bin_width \[ms\].*<= duration"):
        A.binned_counts([1.0], 50.0, duration=10.0)


@pytest.mark.parametrize("d", [0.0, -1.0, float("nan")])
def test_bad_duration(d):
    with pytest.raises(ValueError, match=r"duration \[ms\] must be (finite|> 0)"):
        A.firing_rate([1.0], duration=d)


def test_duration_required_for_plain_arrays():
    with pytest.raises(ValueError, match=r"duration \[ms\] is required"):
        A.firing_rate([1.0, 2.0])


def test_spike_outside_window():
    with pytest.raises(ValueError, match=r"spike times \[ms\] must lie in \[0, duration = 10\)"):
        A.firing_rate([1.0, 10.0], duration=10.0)
    with pytest.raises(ValueError, match=r"spike times \[ms\] must be >= 0"):
        A.isi([-1.0, 2.0])
    with pytest.raises(ValueError, match=r"must be finite"):
        A.isi([1.0, float("nan")])
    st = SpikeTrains([1.0, 8.0], duration=10.0)
    with pytest.raises(ValueError, match=r"must lie in \[0, duration = 5\)"):
        A.firing_rate(st, duration=5.0)


def test_bad_window_and_ddof_and_type():
    with pytest.raises(ValueError, match=r"t_start < t_stop <= duration"):
        A.firing_rate([1.0], duration=10.0, t_start=5.0, t_stop=2.0)
    with pytest.raises(ValueError, match="ddof must be 0"):
        A.cv([1.0, 2.0, 3.0], ddof=2)
    with pytest.raises(TypeError, match=r"bin_width \[ms\]"):
        A.psth([1.0], "5", duration=10.0)
    with pytest.raises(ValueError, match="exactly one of"):
        A.fano_factor()


def test_inputs_not_modified():
    t = np.array([3.0, 1.0, 2.0])
    before = t.copy()
    A.isi(t)
    A.psth(t, 1.0, duration=5.0)
    np.testing.assert_array_equal(t, before)


def test_unsorted_plain_train_is_sorted_first():
    np.testing.assert_allclose(A.isi([5.0, 1.0, 3.0]), [2.0, 2.0])


# -- the C kernels against NumPy twins -------------------------------------------------
def test_isi_and_cv_match_numpy_twin_over_many_trains():
    rng = np.random.default_rng(11)
    k, n = 20_000, 300
    st = SpikeTrains(rng.uniform(0, 5000.0, k), rng.integers(0, n, k), n=n, duration=5000.0)
    got = A.isi(st)
    want = isi_per_train(st.times, st.indices, st.n)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    for ddof in (0, 1):
        cv_twin = np.array([np.std(w, ddof=ddof) / np.mean(w) for w in want])
        np.testing.assert_allclose(A.cv(st, ddof=ddof), cv_twin, rtol=1e-12)


def test_public_names_are_reachable_from_the_package():
    import neuroai
    for name in ("firing_rate", "population_rate", "spike_counts", "binned_counts", "isi",
                 "cv", "fano_factor", "psth", "first_spike_latency", "latency_code",
                 "spike_time_jitter", "active_fraction", "hoyer_sparsity"):
        assert getattr(neuroai, name) is getattr(A, name)
    from neuroai import energy as E
    for name in ("Ledger", "perceptron_ops", "spiking_ops", "compare_task",
                 "energy_vs_rate", "affordable_rate"):
        assert getattr(neuroai, name) is getattr(E, name)
