"""Bad input: a clear error naming parameter, unit and what is allowed."""
import numpy as np
import pytest

import neuroai


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(tau_m=0.0), r"tau_m \[ms\] must be > 0"),
    (dict(tau_m=-5.0), r"tau_m \[ms\] must be > 0"),
    (dict(tau_m=np.nan), r"tau_m \[ms\] must be finite"),
    (dict(v_rest=np.inf), r"v_rest \[mV\] must be finite"),
    (dict(v_reset=-50.0), r"v_reset \[mV\] must be below v_threshold \[mV\]"),
    (dict(v_reset=-55.0), r"v_reset \[mV\] must be below v_threshold"),
    (dict(t_ref=-1.0), r"t_ref \[ms\] must be >= 0"),
    (dict(resistance=0.0), r"resistance \[MOhm\] must be > 0"),
    (dict(tau_m=[10.0, 20.0], v_rest=[-70.0, -70.0, -70.0]), r"same length"),
    (dict(tau_m="fast"), r"tau_m \[ms\] must be numbers"),
])
def test_bad_neuron_parameters(kwargs, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        neuroai.LIFNeuron(**kwargs)


def test_bad_simulate_arguments():
    n = neuroai.LIFNeuron()
    with pytest.raises(ValueError, match=r"dt \[ms\] must be > 0"):
        n.simulate(np.ones(10), dt=0.0)
    with pytest.raises(ValueError, match=r"dt \[ms\] must be > 0"):
        n.simulate(np.ones(10), dt=-0.1)
    with pytest.raises(ValueError, match=r"dt \[ms\] must be finite"):
        n.simulate(np.ones(10), dt=np.nan)
    with pytest.raises(ValueError, match=r"current \[nA\] must be finite.*nan.*index \(3,\)"):
        n.simulate([1, 1, 1, np.nan])
    with pytest.raises(ValueError, match=r"current \[nA\] must be finite.*inf"):
        n.simulate(np.broadcast_to([1.0, np.inf], (100, 2)))
    with pytest.raises(ValueError, match=r"current \[nA\] must be a 1-D array or a 2-D array"):
        n.simulate(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"current \[nA\] must be a 1-D array"):
        n.simulate(3.0)
    with pytest.raises(TypeError, match=r"current \[nA\] must be real numbers"):
        n.simulate(["a", "b"])
    with pytest.raises(ValueError, match="method must be one of 'exact', 'euler'"):
        n.simulate(np.ones(10), method="rk4")
    with pytest.raises(ValueError, match=r"v_init \[mV\] has 2 values but there are 3"):
        n.simulate(np.ones((10, 3)), v_init=[-70.0, -65.0])
    with pytest.raises(ValueError, match=r"record_v indices must be in \[0, 3\)"):
        n.simulate(np.ones((10, 3)), record_v=[0, 3])
    with pytest.raises(TypeError, match="record_v"):
        n.simulate(np.ones((10, 3)), record_v=[0.5])
    with pytest.raises(ValueError, match="at least one neuron"):
        n.simulate(np.ones((10, 0)))


def test_per_neuron_parameters_must_match_population():
    n = neuroai.LIFNeuron(tau_m=[10.0, 20.0])
    with pytest.raises(ValueError, match=r"per-neuron parameters for 2 neurons.*drives 3"):
        n.simulate(np.ones((10, 3)))


def test_state_must_match():
    n = neuroai.LIFNeuron()
    r = n.simulate(np.ones((10, 2)), dt=0.1)
    with pytest.raises(ValueError, match="same dt and method"):
        n.simulate(np.ones((10, 2)), dt=0.2, state=r.final_state)
    with pytest.raises(ValueError, match="state holds 2 neurons"):
        n.simulate(np.ones((10, 3)), dt=0.1, state=r.final_state)


def test_closed_form_helpers_validate():
    with pytest.raises(TypeError, match="unknown LIF parameter"):
        neuroai.lif_rate(2.0, tau=20.0)
    with pytest.raises(ValueError, match=r"tau_m \[ms\] must be > 0"):
        neuroai.rheobase(tau_m=0.0)
    with pytest.raises(ValueError, match=r"duration \[ms\] must be > 0"):
        neuroai.fi_curve([1.0], duration=0.0)
    with pytest.raises(ValueError, match=r"currents \[nA\] must be finite"):
        neuroai.fi_curve([1.0, np.nan])


def test_inputs_never_modified():
    I = np.full((500, 3), 2.5)
    I.flags.writeable = False                 # any write would raise
    v0 = np.array([-70.0, -60.0, -65.0])
    keep = v0.copy()
    neuroai.LIFNeuron().simulate(I, v_init=v0)
    np.testing.assert_array_equal(v0, keep)
    tau = np.array([10.0, 20.0, 30.0])
    n = neuroai.LIFNeuron(tau_m=tau)
    tau[0] = 99.0                             # the neuron kept its own copy
    assert n.tau_m[0] == 10.0
    r = n.simulate(I)
    state_v = r.final_state.v.copy()
    n.simulate(I, state=r.final_state)
    np.testing.assert_array_equal(r.final_state.v, state_v)


def test_memory_error_not_crash():
    n = neuroai.LIFNeuron()
    # recording V of 2**20 neurons for 2**26 steps would need 512 TiB
    view = np.broadcast_to(np.full(2**20, 1.0), (2**26, 2**20))
    with pytest.raises(MemoryError):
        n.simulate(view, record_v=True)
    assert n.simulate(np.ones(10)).spike_counts == 0     # still usable
