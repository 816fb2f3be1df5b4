"""Every result and every state has the one shape of neuroai.results."""
import numpy as np
import pytest

import neuroai
from neuroai.network import LIFWithSynapse
from neuroai.results import Result, State


def _results():
    st = neuroai.regular(50.0, 100.0)
    return {
        "lif": neuroai.LIFNeuron().simulate(np.full(1000, 2.0)),
        "synapse": neuroai.DepressingSynapse().response(st),
        "tm": neuroai.TsodyksMarkram(U=0.5, tau_rec=100.0).response(st),
        "network": neuroai.SpikingNetwork(np.full((1, 2), 3.0)).run(st),
        "lif_with_synapse": LIFWithSynapse(g_max=200.0).simulate(st),
    }


@pytest.mark.parametrize("kind", ["lif", "synapse", "tm", "network", "lif_with_synapse"])
def test_every_result_has_the_shared_attributes(kind):
    res = _results()[kind]
    assert isinstance(res, Result)
    assert res.t.shape == (int(round(res.duration / res.dt)),)
    assert res.duration == pytest.approx(100.0)
    assert isinstance(res.final_state, State)
    assert res.final_state.steps_done * res.final_state.dt == pytest.approx(100.0)
    assert callable(res.plot)
    times = res.spike_times
    counts = [len(t) for t in times] if isinstance(times, list) else [len(times)]
    np.testing.assert_allclose(np.atleast_1d(res.rates), np.array(counts) / 0.1)


def test_spikes_is_the_output_and_input_spikes_the_input():
    r = _results()
    st = neuroai.regular(50.0, 100.0)
    for kind in ("synapse", "tm", "network"):
        np.testing.assert_array_equal(r[kind].input_spikes.times, st.times)
    assert not hasattr(r["synapse"], "spikes")          # a synapse emits no spikes
    for kind in ("lif", "network", "lif_with_synapse"):
        assert isinstance(r[kind].spikes, neuroai.SpikeTrains)
    np.testing.assert_array_equal(r["lif_with_synapse"].input_spikes, st.times)


def test_states_hold_read_only_arrays():
    for res in _results().values():
        s = res.final_state
        assert s.arrays and s.t == s.steps_done * s.dt
        for name, a in s.arrays.items():
            assert getattr(s, name) is a
            with pytest.raises(ValueError):
                a[...] = 0
