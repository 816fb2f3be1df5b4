"""Currents on a grid and spike-train generators.

References: the definitions of the stimuli (closed forms), the statistics of
a Poisson process (count mean = variance = rate x time, exponential
intervals), and an independent pure-Python implementation of the documented
generator (SplitMix64-seeded xoshiro256**, stream k for train k, exponential
intervals by inversion).
"""
import math

import numpy as np
import pytest

import neuroai
from neuroai.spikes import SpikeTrains
from neuroai.stimuli import flash, poisson, pulse, regular, step, sustained
from reference.stimuli import poisson_train as reference_poisson

try:
    from scipy import stats
except ImportError:  # pragma: no cover - scipy is in the test extra
    stats = None


# ---------------------------------------------------------------------------
# currents
# ---------------------------------------------------------------------------

def test_step_values_and_grid():
    I = step(2.0, 20.0, 150.0, 200.0, dt=0.1)
    assert I.shape == (2000,) and I.dtype == np.float64
    t = np.arange(2000) * 0.1
    on = (t >= 20.0 - 1e-9) & (t < 150.0 - 1e-9)
    np.testing.assert_array_equal(I, np.where(on, 2.0, 0.0))
    assert I.sum() * 0.1 == pytest.approx(2.0 * 130.0)
    # 0.3 ms with dt = 0.1 starts at step 3, not 2 (0.3/0.1 < 3 in floats)
    J = step(1.0, 0.3, 0.5, 1.0, dt=0.1)
    np.testing.assert_array_equal(J, [0, 0, 0, 1, 1, 0, 0, 0, 0, 0])


def test_pulse_is_a_short_step():
    np.testing.assert_array_equal(pulse(-1.5, 10.0, 2.0, 50.0, dt=0.5),
                                  step(-1.5, 10.0, 12.0, 50.0, dt=0.5))


@pytest.mark.parametrize("charge", [40.0, 7.3, -12.0])
def test_flash_and_sustained_deliver_the_same_charge(charge):
    dt = 0.1
    a, b = flash(charge, dt=dt), sustained(charge, dt=dt)
    assert a.shape == b.shape == (3000,)
    assert a.sum() * dt == pytest.approx(charge, rel=1e-12)
    assert b.sum() * dt == pytest.approx(charge, rel=1e-12)
    assert np.count_nonzero(a) == 20 and np.count_nonzero(b) == 2000
    np.testing.assert_allclose(a[a != 0], charge / 2.0, rtol=1e-12)     # 2 ms flash
    np.testing.assert_allclose(b[b != 0], charge / 200.0, rtol=1e-12)   # 200 ms
    # the flash is strong and brief, the sustained input weak and long
    assert np.abs(a).max() == pytest.approx(100 * np.abs(b).max())


def test_flash_width_off_grid_keeps_the_charge():
    I = flash(10.0, width=1.05, dt=0.1)
    assert I.sum() * 0.1 == pytest.approx(10.0, rel=1e-12)


def test_flash_versus_sustained_in_a_lif():
    """Scenario 1: the same charge crosses threshold when brief, not when slow."""
    neuron = neuroai.LIFNeuron()
    fast = neuron.simulate(flash(40.0), dt=0.1)
    slow = neuron.simulate(sustained(40.0), dt=0.1)
    assert len(fast.spike_times) >= 1 and len(slow.spike_times) == 0


@pytest.mark.parametrize("call, words", [
    (lambda: step(1.0, 10.0, 5.0, 20.0), ["stop", "> start"]),
    (lambda: step(1.0, -1.0, 5.0, 20.0), ["start", "ms", ">= 0"]),
    (lambda: step(1.0, 1.0, 25.0, 20.0), ["stop", "<= duration"]),
    (lambda: step(float("nan"), 1.0, 5.0, 20.0), ["amplitude", "nA"]),
    (lambda: step(1.0, 1.0, 5.0, 20.0, dt=0.0), ["dt", "> 0"]),
    (lambda: step(1.0, 1.0, 5.0, 20.05, dt=0.1), ["duration", "whole number"]),
    (lambda: pulse(1.0, 1.0, 0.0, 20.0), ["width", "> 0"]),
    (lambda: flash(float("inf")), ["charge", "nA*ms"]),
    (lambda: flash(1.0, width=400.0), ["start + width", "duration"]),
    (lambda: sustained(1.0, start=10.05, width=0.01, dt=0.1), ["width", "one step"]),
])
def test_current_bad_input(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value)


# ---------------------------------------------------------------------------
# regular trains
# ---------------------------------------------------------------------------

def test_regular():
    st = regular(20.0, 1000.0)
    assert isinstance(st, SpikeTrains) and st.n == 1 and st.duration == 1000.0
    np.testing.assert_array_equal(st.times, np.arange(20) * 50.0)
    st = regular(30.0, 100.0, start=5.0)
    np.testing.assert_allclose(st.times, 5.0 + np.arange(3) * (1000.0 / 30.0), rtol=1e-15)
    # a long train does not drift: spike k is start + k * isi
    st = regular(7.0, 1e6, start=1.0)
    k = np.arange(len(st))
    np.testing.assert_array_equal(st.times, 1.0 + k * (1000.0 / 7.0))
    assert len(regular(10.0, 100.0, start=100.0)) == 0


@pytest.mark.parametrize("call, words", [
    (lambda: regular(0.0, 100.0), ["rate", "Hz", "> 0"]),
    (lambda: regular(-5.0, 100.0), ["rate", "> 0"]),
    (lambda: regular(float("nan"), 100.0), ["rate"]),
    (lambda: regular(10.0, 0.0), ["duration", "ms", "> 0"]),
    (lambda: regular(10.0, 100.0, start=200.0), ["start", "<= duration"]),
])
def test_regular_bad_input(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value)


# ---------------------------------------------------------------------------
# Poisson trains
# ---------------------------------------------------------------------------

def test_poisson_rate_and_fano_factor():
    rate, T, n = 20.0, 10_000.0, 400
    st = poisson(rate, T, n=n, seed=1)
    assert st.n == n and st.duration == T
    assert np.all((st.times >= 0) & (st.times < T))
    counts = st.counts()
    expected = rate * T * 1e-3                       # 200 per train
    # pooled mean: sd of the mean of 400 Poisson(200) is sqrt(200/400) = 0.71
    assert abs(counts.mean() - expected) < 5 * math.sqrt(expected / n)
    fano = counts.var(ddof=1) / counts.mean()
    # sd of the sample Fano factor ~ sqrt(2/(n-1)) = 0.071
    assert abs(fano - 1.0) < 5 * math.sqrt(2.0 / (n - 1))
    # Fano factor in 100 ms windows of one long train
    long = poisson(50.0, 200_000.0, seed=2)
    w = np.bincount((long.times // 100.0).astype(int), minlength=2000)
    assert abs(w.var(ddof=1) / w.mean() - 1.0) < 5 * math.sqrt(2.0 / 1999)


def test_poisson_intervals_are_exponential():
    rate = 40.0
    st = poisson(rate, 500_000.0, seed=9)
    isi = np.diff(st.times)
    mean = 1000.0 / rate
    assert abs(isi.mean() - mean) < 5 * mean / math.sqrt(isi.size)
    assert abs(isi.std() / isi.mean() - 1.0) < 0.02          # CV = 1
    # skewness of an exponential is 2
    z = (isi - isi.mean()) / isi.std()
    assert abs(np.mean(z ** 3) - 2.0) < 0.15
    if stats is not None:
        p = stats.kstest(isi, "expon", args=(0, mean)).pvalue
        assert p > 1e-4


def test_poisson_seed_reproducible_and_train_k_fixed():
    a = poisson(15.0, 5000.0, n=8, seed=123)
    b = poisson(15.0, 5000.0, n=8, seed=123)
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.indices, b.indices)
    c = poisson(15.0, 5000.0, n=20, seed=123)   # more trains: the first 8 unchanged
    for k in range(8):
        np.testing.assert_array_equal(a.train(k), c.train(k))
    d = poisson(15.0, 5000.0, n=8, seed=124)
    assert len(a) != len(d) or not np.array_equal(a.times, d.times)
    # no seed: different trains each call
    e, f = poisson(15.0, 5000.0), poisson(15.0, 5000.0)
    assert len(e) != len(f) or not np.array_equal(e.times, f.times)


def test_poisson_rate_per_train():
    rates = np.array([5.0, 50.0, 100.0])
    st = poisson(rates, 100_000.0, seed=4)
    assert st.n == 3
    r = st.rates()
    # count sd = sqrt(rate * 100 s); 5 sd in rate units
    assert np.all(np.abs(r - rates) < 5 * np.sqrt(rates * 100.0) / 100.0)
    same = poisson(rates, 100_000.0, n=3, seed=4)
    np.testing.assert_array_equal(st.times, same.times)
    rates_before = rates.copy()
    poisson(rates, 10.0, seed=4)
    np.testing.assert_array_equal(rates, rates_before)


def test_poisson_matches_the_documented_generator():
    st = poisson([30.0, 80.0, 5.0], 2000.0, seed=2024)
    for k, rate in enumerate([30.0, 80.0, 5.0]):
        np.testing.assert_array_equal(st.train(k), reference_poisson(rate, 2000.0, 2024, k))


@pytest.mark.parametrize("call, exc, words", [
    (lambda: poisson(0.0, 100.0), ValueError, ["rate", "Hz", "> 0"]),
    (lambda: poisson(-1.0, 100.0), ValueError, ["rate", "> 0"]),
    (lambda: poisson(float("nan"), 100.0), ValueError, ["rate", "finite"]),
    (lambda: poisson([1.0, 0.0], 100.0), ValueError, ["rate", "> 0"]),
    (lambda: poisson([1.0, 2.0], 100.0, n=3), ValueError, ["rate", "n = 3"]),
    (lambda: poisson(10.0, -5.0), ValueError, ["duration", "> 0"]),
    (lambda: poisson(10.0, 100.0, n=0), ValueError, ["n", ">= 1"]),
    (lambda: poisson(10.0, 100.0, n=2.5), TypeError, ["n", "integer"]),
    (lambda: poisson(10.0, 100.0, seed=-1), ValueError, ["seed"]),
    (lambda: poisson(10.0, 100.0, seed=1.5), TypeError, ["seed"]),
])
def test_poisson_bad_input(call, exc, words):
    with pytest.raises(exc) as err:
        call()
    for w in words:
        assert w in str(err.value)


def test_poisson_output_feeds_synapses():
    st = neuroai.poisson(20.0, 500.0, n=3, seed=0)
    res = neuroai.DepressingSynapse().response(st, dt=0.1)
    assert res.g.shape == (5000, 3)


# -- trains too large to allocate: refused at once, with the size --------------------

def _limited(call):
    """``call`` in a child limited to 1 GB of address space: 'Type: message' or 'OK'."""
    import subprocess
    import sys
    code = ("import resource\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "import neuroai\n"
            "try:\n"
            f"    {call}\n"
            "except Exception as e:\n"
            "    print(type(e).__name__ + ': ' + str(e))\n"
            "else:\n"
            "    print('OK')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize("call, what", [
    # 1e6 Hz for 1e9 ms: 1e12 spikes, 32 TB
    ("neuroai.poisson(rate=1e6, duration=1e9, seed=0)", "poisson"),
    ("neuroai.regular(1e6, 1e9)", "regular"),
    # a population: 1000 trains of 1e4 Hz for 1e7 ms, 1e11 spikes
    ("neuroai.poisson(rate=1e4, duration=1e7, n=1000, seed=0)", "poisson"),
])
def test_a_train_beyond_memory_is_refused_at_once_with_its_size(call, what):
    out = _limited(call)
    assert out.startswith(f"MemoryError: the {what} spike train would need up to"), out
    assert " GB" in out and "spikes" in out, out
