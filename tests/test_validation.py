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
    with pytest.raises(ValueError, match=r"record_v must hold neuron indices in \[0, 3\)"):
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


# -- one rule per argument across the models ---------------------------------

def test_record_means_the_same_everywhere():
    I = np.full((50, 3), 2.0)
    st = neuroai.SpikeTrains([1.0, 2.0, 3.0], [0, 1, 2], n=3, duration=5.0)
    net = neuroai.SpikingNetwork(np.eye(3))
    syn = neuroai.Synapse()
    lif = neuroai.LIFNeuron()
    for rec, want in ((True, [0, 1, 2]), (None, []), (False, []), (1, [1]), ([2, 0], [2, 0])):
        assert lif.simulate(I, record_v=rec).recorded.tolist() == want
        assert syn.response(st, record=rec).recorded.tolist() == want
        assert net.run(st, record_v=rec).recorded_neurons.tolist() == want
    assert lif.simulate(I, record_v=None).v is None
    assert syn.response(st, record=None).g is None
    assert net.run(st, record_v=None).v is None
    for bad, exc in (([0, 0], ValueError), ([3], ValueError), ([0.5], TypeError)):
        for call in (lambda r: lif.simulate(I, record_v=r),
                     lambda r: syn.response(st, record=r),
                     lambda r: net.run(st, record_v=r)):
            with pytest.raises(exc, match="record"):
                call(bad)


def test_one_seed_rule_everywhere():
    a = neuroai.poisson(20.0, 500.0, n=3, seed=np.random.SeedSequence(5))
    b = neuroai.poisson(20.0, 500.0, n=3, seed=np.random.SeedSequence(5))
    np.testing.assert_array_equal(a.times, b.times)
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    np.testing.assert_array_equal(neuroai.poisson(20.0, 500.0, seed=g1).times,
                                  neuroai.poisson(20.0, 500.0, seed=g2).times)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    e1 = neuroai.Perceptron(2, seed=np.random.default_rng(1)).fit(X, [0, 0, 0, 1], seed=g1)
    e2 = neuroai.Perceptron(2, seed=np.random.default_rng(1)).fit(X, [0, 0, 0, 1], seed=g2)
    np.testing.assert_array_equal(e1, e2)
    for call in (lambda s: neuroai.poisson(1.0, 10.0, seed=s),
                 lambda s: neuroai.Perceptron(2, seed=s),
                 lambda s: neuroai.Perceptron(2, seed=0).fit(X, [0, 0, 0, 1], seed=s)):
        with pytest.raises(ValueError, match=r"seed must be an int in \[0, 2\*\*64\)"):
            call(-1)
        with pytest.raises(ValueError, match="seed"):
            call(1 << 64)
        with pytest.raises(TypeError, match="seed"):
            call(1.5)


def test_state_must_come_from_the_same_dt_and_method():
    st = neuroai.regular(100.0, 20.0)
    syn = neuroai.Synapse()
    r = syn.response(st, dt=0.1)
    with pytest.raises(ValueError, match="same dt and method"):
        syn.response(neuroai.SpikeTrains([], duration=40.0), dt=0.2, state=r.final_state)
    lr = neuroai.LIFNeuron().simulate(np.ones(10), dt=0.1)
    with pytest.raises(ValueError, match="same dt and method"):
        neuroai.LIFNeuron().simulate(np.ones(10), dt=0.1, method="euler", state=lr.final_state)
