"""Values with units are converted to the documented unit or refused, never
misread: pint quantities (when pint is installed), Brian2 quantities (here a
stand-in with Brian2's interface: an ndarray subclass holding the SI value,
with ``.dim._dims`` the powers of m, kg, s, A, K, mol, cd) and plain numbers,
which keep meaning the documented unit."""
import numpy as np
import pytest

import neuroai
from neuroai import _units as U
from neuroai import _validate as V

# SI dimension exponents (m, kg, s, A, K, mol, cd) and SI size of the units
TIME, VOLT = (0, 0, 1, 0, 0, 0, 0), (2, 1, -3, -1, 0, 0, 0)
AMP, OHM = (0, 0, 0, 1, 0, 0, 0), (2, 1, -3, -2, 0, 0, 0)
SIEMENS, HERTZ = (-2, -1, 3, 2, 0, 0, 0), (0, 0, -1, 0, 0, 0, 0)


class _Dim:
    def __init__(self, dims):
        self._dims = tuple(dims)

    def __str__(self):
        return str(self._dims)


class BrianLike(np.ndarray):
    """What Brian2's Quantity looks like to neuroai: an ndarray of the SI value
    with a ``dim``."""

    def __new__(cls, si_value, dims):
        obj = np.asarray(si_value, dtype=np.float64).view(cls)
        obj.dim = _Dim(dims)
        return obj

    def __array_finalize__(self, obj):
        self.dim = getattr(obj, "dim", None)


def b2(value, scale, dims):
    """``value`` times a Brian2-like unit of SI size ``scale``."""
    return BrianLike(np.asarray(value, dtype=np.float64) * scale, dims)


def _course_current():
    I = np.zeros(2000)
    I[200:1500] = 2.0                       # 2 nA from 20 to 150 ms (README)
    return I


def test_plain_numbers_keep_their_documented_units():
    res = neuroai.LIFNeuron(tau_m=20.0).simulate(_course_current(), dt=0.1)
    assert len(res.spike_times) == 3        # README: [47.73 83.56 119.40] ms


def test_brian2_quantities_are_converted():
    nA, ms, mV, Mohm = 1e-9, 1e-3, 1e-3, 1e6
    I = b2(_course_current(), nA, AMP)
    n = neuroai.LIFNeuron(tau_m=b2(20, ms, TIME), v_rest=b2(-70, mV, VOLT),
                          resistance=b2(10, Mohm, OHM))
    assert n.tau_m == 20.0 and n.v_rest == -70.0 and n.resistance == 10.0
    res = n.simulate(I, dt=b2(0.1, ms, TIME))
    ref = neuroai.LIFNeuron().simulate(_course_current(), dt=0.1)
    np.testing.assert_array_equal(res.spike_times, ref.spike_times)
    assert res.dt == 0.1


def test_brian2_quantity_of_the_wrong_dimension_is_refused():
    with pytest.raises(ValueError, match=r"tau_m \[ms\] must be a time"):
        neuroai.LIFNeuron(tau_m=b2(20, 1e-3, VOLT))
    with pytest.raises(ValueError, match=r"current \[nA\] must be a current"):
        neuroai.LIFNeuron().simulate(b2(np.ones(10), 1e-3, VOLT), dt=0.1)


@pytest.mark.parametrize("unit, scale, dims, plain", [
    ("ms", 1e-3, TIME, 0.1), ("mV", 1e-3, VOLT, -55.0), ("nA", 1e-9, AMP, 2.0),
    ("MOhm", 1e6, OHM, 10.0), ("nS", 1e-9, SIEMENS, 0.5), ("Hz", 1.0, HERTZ, 20.0),
])
def test_every_unit_converts_brian2_scalars_and_arrays(unit, scale, dims, plain):
    assert V.scalar(b2(plain, scale, dims), "x", unit) == plain
    a = V.as_float_array(b2([plain, 2 * plain], scale, dims), "x", unit)
    assert type(a) is np.ndarray
    np.testing.assert_array_equal(a, [plain, 2 * plain])
    wrong = TIME if dims != TIME else VOLT
    with pytest.raises(ValueError, match=rf"x \[{unit}\] must be"):
        V.scalar(b2(plain, scale, wrong), "x", unit)


def test_a_quantity_for_a_parameter_without_a_physical_unit_is_refused():
    with pytest.raises(TypeError, match="takes plain numbers"):
        V.scalar(b2(4.0, 1.0, (0,) * 7), "marker_size", "points")
    with pytest.raises(ValueError, match="pure number"):
        V.scalar(b2(0.5, 1e-3, TIME), "u", "1")
    assert V.fraction(b2(0.5, 1.0, (0,) * 7), "u") == 0.5


def test_plain_arrays_and_the_input_are_untouched():
    I = _course_current()
    assert U.quantity_kind(I) is None and U.in_unit(I, "nA", "I") is I
    q = b2(np.ones(3), 1e-9, AMP)
    before = np.asarray(q).copy()
    V.as_float_array(q, "current", "nA")
    np.testing.assert_array_equal(np.asarray(q), before)


@pytest.fixture(scope="module")
def ureg():
    pint = pytest.importorskip("pint")
    return pint.UnitRegistry()


def test_pint_current_in_pA_gives_the_spikes_of_nA(ureg):
    I = _course_current()
    res = neuroai.LIFNeuron().simulate(I * 1000.0 * ureg.pA, dt=0.1 * ureg.ms)
    ref = neuroai.LIFNeuron().simulate(I, dt=0.1)
    assert res.dt == 0.1
    np.testing.assert_allclose(res.spike_times, ref.spike_times, rtol=0, atol=1e-9)
    assert len(res.spike_times) == 3


def test_pint_parameters_are_converted(ureg):
    n = neuroai.LIFNeuron(tau_m=0.02 * ureg.s, v_threshold=-55 * ureg.mV,
                          resistance=1e7 * ureg.ohm, t_ref=2 * ureg.ms)
    assert (n.tau_m, n.v_threshold, n.resistance, n.t_ref) == (20.0, -55.0, 10.0, 2.0)
    syn = neuroai.Synapse(g_max=500 * ureg.pS, tau_syn=5 * ureg.ms, e_syn=0 * ureg.mV)
    assert syn.g_max == pytest.approx(0.5, rel=1e-15) and syn.tau_syn == 5.0
    trains = neuroai.poisson(20 * ureg.Hz, 1 * ureg.s, n=3, seed=1)
    ref = neuroai.poisson(20.0, 1000.0, n=3, seed=1)
    np.testing.assert_array_equal(trains.times, ref.times)
    np.testing.assert_array_equal(neuroai.fi_curve([1.0, 2.0] * ureg.nA),
                                  neuroai.fi_curve([1.0, 2.0]))


def test_pint_wrong_dimension_names_the_expected_unit(ureg):
    with pytest.raises(ValueError, match=r"dt \[ms\] must be a time") as info:
        neuroai.LIFNeuron().simulate(np.zeros(10), dt=0.1 * ureg.mV)
    assert "millivolt" in str(info.value)
    with pytest.raises(ValueError, match=r"rate \[Hz\] must be a rate"):
        neuroai.poisson(20 * ureg.ms, 1000.0)


def test_quantities_package_is_converted_too():
    pq = pytest.importorskip("quantities")
    n = neuroai.LIFNeuron(tau_m=20 * pq.ms, resistance=1e7 * pq.ohm)
    assert (n.tau_m, n.resistance) == (20.0, 10.0)
    res = n.simulate(_course_current() * 1000 * pq.pA, dt=0.1 * pq.ms)
    assert len(res.spike_times) == 3 and res.dt == 0.1
    with pytest.raises(ValueError, match=r"tau_m \[ms\] must be a time"):
        neuroai.LIFNeuron(tau_m=20 * pq.mV)
