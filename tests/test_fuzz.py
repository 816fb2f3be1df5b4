"""Property-based tests of every public entry point (hypothesis).

Each entry point is called with valid arguments except one, which is drawn
from the classes of input a user (or a typo) produces: NaN, infinities,
subnormal and huge floats, integers far beyond float64 and int64, booleans,
None, strings, bytes, complex numbers, dates, arrays of every dtype (object,
strings, complex, datetime, structured, masked), empty and oddly shaped
arrays, nested lists.  Whatever the value, the call must either return or
raise ``ValueError`` / ``TypeError`` (or ``MemoryError``) whose message
names the parameter; it must never crash, hang, raise another exception
type, or change its inputs.

The number of examples per test is small by default, so the suite stays
fast; ``NEUROAI_FUZZ=deep python -m pytest tests/test_fuzz.py`` runs a
campaign a hundred times larger.
"""
from __future__ import annotations

import datetime
import os
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import neuroai  # noqa: E402
from neuroai import analysis, energy, stimuli  # noqa: E402

settings.register_profile(
    "default", max_examples=12, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "deep", max_examples=1200, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("deep" if os.environ.get("NEUROAI_FUZZ") == "deep" else "default")

# ---------------------------------------------------------------------------
# the input classes
# ---------------------------------------------------------------------------

SPECIAL_NUMBERS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, 2.2e-308, 1e-300, 1e308,
                   -1e308, 2 ** 53 + 1, 2 ** 63, 2 ** 64, -2 ** 63 - 1, 10 ** 400,
                   -10 ** 400, -1, 1, 0, True, False, np.float32(np.nan), np.int8(-128),
                   np.uint64(2 ** 64 - 1), np.float16(65504)]

scalars = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10 ** 30, max_value=10 ** 30),
    st.none(),
    st.text(max_size=4),
    st.binary(max_size=4),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.sampled_from([datetime.datetime(2024, 1, 1), datetime.timedelta(milliseconds=5),
                     np.datetime64("2024-01-01"), np.timedelta64(5, "ms"), object(),
                     Ellipsis, slice(1), {"a": 1}, {1, 2}]),
)

_dtypes = st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.int8,
                           np.uint64, np.bool_, np.complex128, "U3", "S3",
                           "M8[ms]", "m8[ms]"])


def _structured():
    return np.zeros(3, dtype=[("t", "f8"), ("i", "i8")])


def _masked():
    return np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False])


arrays = st.one_of(
    hnp.arrays(dtype=_dtypes, shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0,
                                                      max_side=4)),
    st.builds(_structured),
    st.builds(_masked),
    st.just(np.array([], dtype=float)),
    st.just(np.empty((0, 3))),
    st.just(np.array([1.0, "a"], dtype=object)),
    st.just(np.array([[1.0, 2.0], [np.nan, 4.0]])),
    st.just(np.full(3, np.inf)),
    st.lists(st.one_of(st.floats(allow_nan=True), st.integers(-10 ** 20, 10 ** 20),
                       st.none(), st.text(max_size=2)), max_size=4),
    st.lists(st.lists(st.floats(-10, 10), max_size=3), max_size=3),
)

values = st.one_of(scalars, arrays)

# Exceptions a bad input may raise.  Warnings the package documents are
# allowed; any other RuntimeWarning from neuroai is an error (pytest config).
ALLOWED = (ValueError, TypeError, MemoryError)


def _snapshot(v):
    if isinstance(v, np.ndarray):
        return v.copy()
    if isinstance(v, list):
        return [_snapshot(x) for x in v]
    return v


def _same(a, b):
    if isinstance(a, np.ndarray):
        if not (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape):
            return False
        if isinstance(a, np.ma.MaskedArray):
            return _same(np.ma.getdata(a), np.ma.getdata(b)) and _same(
                np.ma.getmaskarray(a), np.ma.getmaskarray(b))
        if a.dtype.kind == "O":
            return all(x is y for x, y in zip(a.ravel(), b.ravel()))
        return a.tobytes() == b.tobytes()
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return True


def check_call(fn, kwargs, param, names=None):
    """Call fn(**kwargs); it returns or raises ALLOWED naming the parameter."""
    before = _snapshot(kwargs[param])
    names = names or (param,)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.UndefinedStatisticWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            fn(**kwargs)
        except MemoryError:
            pass
        except ALLOWED as exc:
            msg = str(exc)
            assert any(n in msg for n in names), (
                f"{type(exc).__name__} for {param}={kwargs[param]!r} does not name "
                f"the parameter ({'/'.join(names)}): {msg}")
        except Exception as exc:  # noqa: BLE001 - the property under test
            raise AssertionError(
                f"{param}={kwargs[param]!r} raised {type(exc).__name__}: {exc}") from exc
    assert _same(before, kwargs[param]), f"{param} was modified by the call"


# ---------------------------------------------------------------------------
# the entry points: (id, callable, valid keyword arguments, names accepted
# in the error for each fuzzed parameter)
# ---------------------------------------------------------------------------

_TRAIN = [np.array([1.0, 5.0, 9.0]), np.array([2.0])]
_ST = neuroai.SpikeTrains.from_list(_TRAIN, duration=20.0)


def _lif(**kw):
    return neuroai.LIFNeuron(**kw)


def _lif_sim(current, dt=0.1, v_init=None, record_v=True):
    return neuroai.LIFNeuron().simulate(current, dt=dt, v_init=v_init, record_v=record_v)


def _perceptron_forward(x):
    return neuroai.Perceptron(3, seed=0).forward(x)


def _perceptron_fit(X, y, epochs=3, learning_rate=1.0):
    return neuroai.Perceptron(2, seed=0).fit(X, y, epochs=epochs, learning_rate=learning_rate)


def _synapse(spikes, duration=20.0, dt=0.1):
    return neuroai.Synapse().response(spikes, duration=duration, dt=dt)


def _network(inputs, duration=20.0, dt=0.1):
    net = neuroai.SpikingNetwork(np.full((2, 3), 0.5))
    return net.run(inputs, duration=duration, dt=dt)


def _circuit_population(n=3, tau_m=20.0, v_threshold=-55.0, receptors=None, t_ref=0.0,
                        v_init=None):
    net = neuroai.Circuit(dt=0.1)
    return net.population(n, tau_m=tau_m, v_threshold=v_threshold, receptors=receptors,
                          t_ref=t_ref, v_init=v_init)


def _circuit_connect(weights=np.full((3, 3), 0.5), delay=0.2, receptor="exc"):
    net = neuroai.Circuit(dt=0.1)
    a = net.population(3, name="a")
    return net.connect(a, a, receptor=receptor, weights=weights, delay=delay)


def _circuit_run(duration=10.0, record_v=None, record_every=1, rate_bin=None):
    net = neuroai.Circuit(dt=0.1)
    a = net.population(3, name="a", i_ext=2.0)
    net.connect(a, a, receptor="inh", weights=np.full((3, 3), -0.1), delay=0.1)
    return net.run(duration, record_v=record_v, record_every=record_every, rate_bin=rate_bin)


def _circuit_poisson(n=4, rate=10.0):
    return neuroai.Circuit(dt=0.1).poisson(n, rate)


def _rule(p=0.1, n_pre=5, n_post=4, seed=0):
    return neuroai.connectivity.fixed_probability(p).connections(n_pre, n_post, seed=seed)


def _normal(mean=0.0, std=1.0, n=5):
    return neuroai.connectivity.normal(mean, std).sample(n, seed=0)


def _hop_net():
    return neuroai.Hopfield(4).store([[1, -1, 1, 1], [1, 1, -1, -1]])


def _hop_store(patterns, rule="hebb"):
    return neuroai.Hopfield(4).store(patterns, rule=rule)


def _hop_set_weights(weights):
    return neuroai.Hopfield(4).set_weights(weights)


def _hop_recall(**kw):
    return _hop_net().recall(**kw)


def _hop_capacity(loads, trials=1, flip_fraction=0.0, threshold=0.95, max_sweeps=5):
    return neuroai.capacity_curve(10, loads, trials=trials, seed=0, flip_fraction=flip_fraction,
                                  threshold=threshold, max_sweeps=max_sweeps)


ENTRIES = [
    ("Circuit.population", _circuit_population, dict(n=3, tau_m=20.0, v_threshold=-55.0,
                                                     receptors=None, t_ref=0.0, v_init=None)),
    ("Circuit.connect", _circuit_connect, dict(weights=np.full((3, 3), 0.5), delay=0.2,
                                               receptor="exc")),
    ("Circuit.run", _circuit_run, dict(duration=10.0, record_v=None, record_every=1,
                                       rate_bin=None)),
    ("Circuit.poisson", _circuit_poisson, dict(n=4, rate=10.0)),
    ("STDP", neuroai.STDP, dict(w_max=1.0, tau_plus=20.0, tau_minus=20.0, lambda_=0.01,
                                alpha=1.0, mu_plus=0.0, mu_minus=0.0, pairing="nearest")),
    ("fixed_probability", _rule, dict(p=0.1, n_pre=5, n_post=4, seed=0)),
    ("normal", _normal, dict(mean=0.0, std=1.0, n=5)),
    ("entropy", analysis.entropy, dict(counts=np.array([1, 2, 3, 1]))),
    ("mutual_information", analysis.mutual_information,
     dict(stimuli=np.array([0, 1, 0, 1]), responses=np.array([1, 3, 1, 2]))),

    ("LIFNeuron", _lif, dict(tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0,
                             resistance=10.0, t_ref=0.0)),
    ("LIFNeuron.simulate", _lif_sim, dict(current=np.full(50, 2.0), dt=0.1, v_init=None,
                                          record_v=True)),
    ("fi_curve", neuroai.fi_curve, dict(currents=[1.0, 2.0], duration=20.0, dt=0.1)),
    ("lif_rate", neuroai.lif_rate, dict(current=[1.0, 2.0])),
    ("Perceptron.forward", _perceptron_forward, dict(x=[1.0, 0.5, -1.0])),
    ("Perceptron.fit", _perceptron_fit, dict(X=np.array([[0.0, 0.0], [1.0, 1.0]]),
                                             y=np.array([0.0, 1.0]), epochs=3,
                                             learning_rate=1.0)),
    ("perceptron_layer", neuroai.perceptron_layer, dict(x=[1.0, 2.0], n_neurons=3, seed=0)),
    ("sigmoid", neuroai.sigmoid, dict(z=[0.0, 1.0])),
    ("SpikeTrains", neuroai.SpikeTrains, dict(times=[1.0, 2.0], indices=[0, 1], n=2,
                                             duration=10.0)),
    ("SpikeTrains.from_list", neuroai.SpikeTrains.from_list, dict(trains=_TRAIN,
                                                                  duration=20.0)),
    ("Synapse.response", _synapse, dict(spikes=[1.0, 5.0], duration=20.0, dt=0.1)),
    ("SpikingNetwork.run", _network, dict(inputs=neuroai.SpikeTrains.from_list(_TRAIN),
                                          duration=20.0, dt=0.1)),
    ("regular", stimuli.regular, dict(rate=100.0, duration=50.0, start=0.0)),
    ("poisson", stimuli.poisson, dict(rate=100.0, duration=50.0, n=2, seed=0)),
    ("flash", stimuli.flash, dict(charge=10.0, width=2.0, start=1.0, duration=20.0, dt=0.1)),
    ("pulse", stimuli.pulse, dict(amplitude=1.0, start=1.0, width=2.0, duration=20.0,
                                  dt=0.1)),
    ("firing_rate", analysis.firing_rate, dict(spikes=_ST, duration=20.0)),
    ("binned_counts", analysis.binned_counts, dict(spikes=_ST, bin_width=5.0)),
    ("psth", analysis.psth, dict(spikes=_ST, bin_width=5.0)),
    ("isi", analysis.isi, dict(spikes=_ST)),
    ("cv", analysis.cv, dict(spikes=_ST)),
    ("fano_factor", analysis.fano_factor, dict(counts=np.array([1.0, 2.0, 3.0]))),
    ("first_spike_latency", analysis.first_spike_latency, dict(spikes=_ST, onset=0.0)),
    ("latency_code", analysis.latency_code, dict(strengths=[1.0, 2.0, 3.0],
                                                 latencies=[3.0, 2.0, 1.0])),
    ("active_fraction", analysis.active_fraction, dict(spikes=_ST, bin_width=5.0)),
    ("hoyer_sparsity", analysis.hoyer_sparsity, dict(x=[1.0, 0.0, 2.0], axis=-1)),
    ("Hopfield", neuroai.Hopfield, dict(n=4)),
    ("Hopfield.store", _hop_store, dict(patterns=[[1, -1, 1, 1], [1, 1, -1, -1]], rule="hebb")),
    ("Hopfield.set_weights", _hop_set_weights, dict(weights=np.zeros((4, 4)))),
    ("Hopfield.recall", _hop_recall, dict(cue=[1, -1, 1, -1], mode="async", seed=1,
                                          max_sweeps=10, sign_zero="keep", record="sweep")),
    ("corrupt", neuroai.corrupt, dict(pattern=[1, -1, 1, 1], flip_fraction=0.5, seed=0)),
    ("capacity_curve", _hop_capacity, dict(loads=[0.1, 0.3], trials=1, flip_fraction=0.1,
                                           threshold=0.9, max_sweeps=5)),
    ("perceptron_ops", energy.perceptron_ops, dict(n_inputs=10, n_neurons=2, n_forward=1)),
    ("spiking_ops", energy.spiking_ops, dict(spikes=5, fan_out=10, n_neurons=2)),
    ("energy_vs_rate", energy.energy_vs_rate, dict(rates=[1.0, 10.0], n_neurons=1,
                                                   duration=1000.0)),
    ("affordable_rate", energy.affordable_rate, dict(power=20.0, n_neurons=1e9)),
]

# The parameters whose errors may use another word: a SpikeTrains reports its
# fields by their own names, the fit reports X's rows as samples, etc.
ALIASES = {
    ("SpikeTrains.from_list", "trains"): ("trains", "train", "spike times"),
    ("SpikingNetwork.run", "inputs"): ("inputs", "input", "train"),
    ("Synapse.response", "spikes"): ("spikes", "spike"),
    ("Circuit.connect", "weights"): ("weights",),
    ("fixed_probability", "n_pre"): ("n_pre", "size"),
    ("fixed_probability", "n_post"): ("n_post", "size"),
    ("firing_rate", "spikes"): ("spikes", "spike", "train"),
    ("binned_counts", "spikes"): ("spikes", "spike", "train"),
    ("psth", "spikes"): ("spikes", "spike", "train"),
    ("isi", "spikes"): ("spikes", "spike", "train"),
    ("cv", "spikes"): ("spikes", "spike", "train"),
    ("first_spike_latency", "spikes"): ("spikes", "spike", "train"),
    ("active_fraction", "spikes"): ("spikes", "spike", "train"),
}

CASES = [(eid, fn, base, p) for eid, fn, base in ENTRIES for p in base]


@pytest.mark.parametrize("eid,fn,base,param", CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
@given(value=values)
def test_bad_value_gives_a_clear_error(eid, fn, base, param, value):
    kwargs = dict(base)
    kwargs[param] = value
    check_call(fn, kwargs, param, ALIASES.get((eid, param)))


@pytest.mark.parametrize("eid,fn,base", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_valid_call_works(eid, fn, base):
    """The base arguments are valid: a fuzz case then tests one bad value only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.UndefinedStatisticWarning)
        fn(**dict(base))
