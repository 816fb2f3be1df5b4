"""neuroai._units: the named conversions give the bits of the inline arithmetic."""
import numpy as np

from neuroai import _units as U


def test_conversions_are_bit_identical_to_the_inline_forms():
    rng = np.random.default_rng(0)
    c, d = rng.integers(0, 500, 1000), rng.uniform(0.1, 5000.0, 1000)
    g, e, v = rng.uniform(0, 50, 1000), rng.uniform(-80, 0, 1000), rng.uniform(-90, 0, 1000)
    np.testing.assert_array_equal(U.rate_hz(c, d), c / (d * 1e-3))
    np.testing.assert_array_equal(U.seconds(d), d * 1e-3)
    np.testing.assert_array_equal(U.period_ms(d), 1000.0 / d)
    np.testing.assert_array_equal(U.hz_from_period(d), 1000.0 / d)
    np.testing.assert_array_equal(U.cond_current(g, e, v), 1e-3 * g * (e - v))
    assert U.MS_PER_S * U.S_PER_MS == 1.0 and U.PA_PER_NA * U.NA_PER_NS_MV == 1.0
    # 10 spikes in 500 ms are 20 Hz; 2 nS at 70 mV driving force are 0.14 nA
    assert U.rate_hz(10, 500.0) == 20.0
    assert abs(U.cond_current(2.0, 0.0, -70.0) - 0.14) < 1e-15
