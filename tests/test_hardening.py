"""Regression tests of the hardening findings: each a bad input that once
crashed, hung, or gave a silently wrong number."""
import warnings

import numpy as np
import pytest

import neuroai
from neuroai import stimuli
from neuroai.lif import EulerStabilityWarning, LIFState


def test_regular_train_with_an_overflowing_period_has_its_first_spike():
    # 1000 / 2.2e-308 overflows to inf: the documented first spike at start remains
    st = stimuli.regular(2.2e-308, 10.0, start=3.0)
    assert st.times.tolist() == [3.0]


def test_euler_beyond_its_stability_bound_warns_and_names_it():
    neuron = neuroai.LIFNeuron(tau_m=1.0)
    with pytest.warns(EulerStabilityWarning, match=r"dt > 2 tau_m.*dt = 3 ms.*tau_m = 1 ms"):
        res = neuron.simulate(np.zeros(20), dt=3.0, method="euler")
    # what the warning is about: with no input at all, V departs from rest
    # (|1 - dt/tau_m| = 2 amplifies the first rounding)... or stays at rest when
    # it starts exactly there; either way the warning came before the run
    assert res.v.shape == (20,)
    with warnings.catch_warnings():
        warnings.simplefilter("error", EulerStabilityWarning)
        neuron.simulate(np.zeros(20), dt=1.9, method="euler")
        neuron.simulate(np.zeros(20), dt=3.0, method="exact")


def test_euler_instability_is_real_where_it_warns():
    # a plain twin of the update shows why: the deviation from v_rest grows by
    # |1 - dt/tau_m| per step
    v, v_rest, k = -69.0, -70.0, 3.0
    devs = []
    for _ in range(5):
        v = v + (-(v - v_rest)) * k
        devs.append(abs(v - v_rest))
    assert devs == [2.0, 4.0, 8.0, 16.0, 32.0]
    with pytest.warns(EulerStabilityWarning):
        res = neuroai.LIFNeuron(tau_m=1.0, resistance=1.0).simulate(
            np.zeros(5), dt=3.0, method="euler", v_init=-69.0)
    assert np.allclose(np.abs(res.v[1:4] - v_rest), devs[:3])
    assert res.spike_times.size >= 1        # -78 + 8 * 3 = -54 mV >= v_threshold, no input


def _state(v, t_free=-np.inf, ref_left=0):
    return LIFState(0, 0.1, "exact", dict(v=np.atleast_1d(np.asarray(v, float)),
                                           t_free=np.atleast_1d(np.asarray(t_free, float)),
                                           ref_left=np.atleast_1d(np.asarray(ref_left))))


@pytest.mark.parametrize("kw,word", [(dict(v=np.nan), "state.v"),
                                     (dict(v=-60.0, t_free=np.nan), "state.t_free"),
                                     (dict(v=-60.0, ref_left=-1), "state.ref_left")])
def test_a_state_that_cannot_continue_is_refused(kw, word):
    with pytest.raises(ValueError, match=word.replace(".", r"\.")):
        neuroai.LIFNeuron().simulate(np.full(10, 2.0), state=_state(**kw))


def test_a_valid_handmade_state_continues():
    res = neuroai.LIFNeuron().simulate(np.full(10, 0.0), state=_state(-60.0))
    assert res.v[0] == -60.0


def test_default_recording_is_refused_for_a_large_population_with_the_size():
    current = np.broadcast_to(2.0, (10_000, 100_000))        # 8 GB if recorded
    with pytest.raises(ValueError, match=r"record_v.*100,000 neurons.*10,000 steps.*8 GB"):
        neuroai.LIFNeuron().simulate(current)
    res = neuroai.LIFNeuron().simulate(current[:200], record_v=False)
    assert res.v is None and res.spike_times is not None


def test_default_recording_records_everything_for_a_small_population():
    res = neuroai.LIFNeuron().simulate(np.full((100, 3), 2.0))
    assert res.v.shape == (100, 3)
    res1 = neuroai.LIFNeuron().simulate(np.full(100, 2.0))
    assert res1.v.shape == (100,)


@pytest.mark.parametrize("value,word", [
    ([[1.0], [1.0, 2.0]], "ragged"), (np.ma.masked_array([1.0, 2.0], [0, 1]), "masked"),
    (np.array([1, 2], dtype="m8[ms]"), "time deltas"), (10 ** 400, "too large"),
])
def test_bad_numbers_are_named(value, word):
    with pytest.raises((TypeError, ValueError), match="current") as info:
        neuroai.LIFNeuron().simulate(value if word != "too large" else [value])
    assert word in str(info.value) or word == "ragged" and "one shape" in str(info.value) \
        or word == "too large" and "dtype object" in str(info.value)
    with pytest.raises(ValueError, match=r"dt \[ms\] must be finite.*too large"):
        neuroai.LIFNeuron().simulate(np.ones(3), dt=10 ** 400)


def test_a_run_whose_inputs_end_at_their_last_spike_asks_for_a_duration():
    net = neuroai.SpikingNetwork(np.full((1, 1), 0.5))
    with pytest.raises(ValueError, match=r"duration \[ms\] is required.*9 ms"):
        net.run(neuroai.SpikeTrains([1.0, 9.0]))
    assert net.run(neuroai.SpikeTrains([1.0, 9.0]), duration=10.0).spikes is not None


def test_durations_beyond_the_step_range_are_refused():
    with pytest.raises(ValueError, match=r"2\*\*53 steps"):
        neuroai.fi_curve([1.0], duration=1e300, dt=0.1)
    with pytest.raises(ValueError, match="at least one step"):
        neuroai.Synapse().response([1.0], duration=20.0, dt=2e10)
    with pytest.raises((ValueError, MemoryError), match="duration"):
        stimuli.flash(10.0, duration=1e15)


def test_fi_curve_memory_does_not_grow_with_the_spikes_of_all_currents():
    import tracemalloc
    currents = np.full(300_000, 8.0)        # about 100 spikes each in 500 ms
    tracemalloc.start()
    try:
        rates = neuroai.fi_curve(currents, duration=500.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    expected = neuroai.fi_curve(8.0, duration=500.0)
    assert np.all(rates == expected) and expected > 150.0
    # all spike times at once would be 300,000 x ~100 x 16 B = 480 MB
    assert peak < 100e6, f"peak {peak / 1e6:.0f} MB"


def _small_circuit():
    net = neuroai.Circuit(dt=0.1, seed=3)
    a = net.population(50, name="a", i_ext=2.0)
    src = net.poisson(20, rate=50.0, name="in")
    net.connect(src, a, receptor="exc", weights=np.full((20, 50), 0.3))
    net.connect(a, a, receptor="inh", weights=np.full((50, 50), -0.05), delay=0.2)
    return net


def test_circuit_progress_reports_every_step_and_changes_nothing(capsys, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "tqdm", None)    # the text line
    quiet = _small_circuit().run(200.0, progress=False)
    assert capsys.readouterr().err == ""
    shown = _small_circuit().run(200.0, progress=True)
    err = capsys.readouterr().err
    assert "Circuit.run" in err and "100% (2000/2000 steps)" in err
    for k in ("a",):
        assert np.array_equal(quiet.spikes[k].times, shown.spikes[k].times)
        assert np.array_equal(quiet.spikes[k].indices, shown.spikes[k].indices)
    assert np.array_equal(quiet.state.v, shown.state.v)


def test_circuit_progress_appears_by_itself_for_a_long_run(capsys, monkeypatch):
    from neuroai import _progress
    monkeypatch.setitem(__import__("sys").modules, "tqdm", None)
    monkeypatch.setattr(_progress, "AUTO_SECONDS", 0.0)   # every run counts as long
    _small_circuit().run(50_000.0)      # several chunks: the first ones are timed
    assert "100% (500000/500000 steps)" in capsys.readouterr().err
    monkeypatch.setattr(_progress, "AUTO_SECONDS", 1e9)
    _small_circuit().run(50_000.0)
    assert capsys.readouterr().err == ""


def test_the_core_tells_progress_the_steps_done_and_stops_on_its_error():
    from neuroai import _progress
    seen = []

    class Recorder(_progress.Tracker):
        def advance(self, n):
            seen.append(n)
            super().advance(n)

    net = _small_circuit()
    orig = _progress.steps_callback

    def cb(progress, n_steps, desc):
        return _progress._StepsCallback(Recorder(False, n_steps, desc))
    _progress.steps_callback = cb
    try:
        net.run(50_000.0)           # 500,000 steps: many chunks
    finally:
        _progress.steps_callback = orig
    assert len(seen) > 1 and sum(seen) == 500_000 and all(n >= 0 for n in seen)

    def boom(progress, n_steps, desc):
        def stop(done):
            raise KeyboardInterrupt          # as the bar's own Ctrl-C would
        return stop
    _progress.steps_callback = boom
    try:
        with pytest.raises(KeyboardInterrupt):
            net.run(50_000.0)
    finally:
        _progress.steps_callback = orig


def test_spiking_network_progress_changes_nothing(capsys, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "tqdm", None)
    net = neuroai.SpikingNetwork(np.full((2, 3), 0.5))
    inputs = neuroai.poisson(50.0, 500.0, n=2, seed=1)
    a = net.run(inputs, duration=500.0, progress=False)
    b = net.run(inputs, duration=500.0, progress=True)
    assert "SpikingNetwork.run" in capsys.readouterr().err
    assert np.array_equal(a.spikes.times, b.spikes.times)


# -- the memory a run may ask for ------------------------------------------------------

def test_max_memory_env_caps_what_a_run_may_allocate(monkeypatch):
    from neuroai import _validate as V
    monkeypatch.setenv("NEUROAI_MAX_MEMORY", "1.5G")
    assert V._memory_cap() == int(1.5 * 2 ** 30)
    assert V.available_memory() <= int(1.5 * 2 ** 30)
    for text, value in (("123456789", 123456789), ("64m", 64 << 20), ("2T", 2 << 40),
                        (" 0 ", 0)):
        monkeypatch.setenv("NEUROAI_MAX_MEMORY", text)
        assert V._memory_cap() == value
    monkeypatch.setenv("NEUROAI_MAX_MEMORY", "100M")
    # 100 M spikes at 64 B would need 6.4 GB: refused at once, naming the size
    with pytest.raises(MemoryError, match="poisson spike train would need up to"):
        neuroai.poisson(rate=1000.0, duration=1e8, n=1, seed=0)
    for bad in ("lots", "-1G", "inf", "2X", "nan"):
        monkeypatch.setenv("NEUROAI_MAX_MEMORY", bad)
        with pytest.raises(ValueError, match="NEUROAI_MAX_MEMORY must be a size"):
            V._memory_cap()
    monkeypatch.delenv("NEUROAI_MAX_MEMORY")
    assert V._memory_cap() is None


@pytest.mark.parametrize("files, left", [
    ({"memory.max": "1000000\n", "memory.current": "250000\n"}, 750000),
    ({"memory.max": "max\n", "memory.current": "250000\n"}, None),
    ({"memory.max": "100\n", "memory.current": "250\n"}, 0),
    ({"memory/memory.limit_in_bytes": "5000\n", "memory/memory.usage_in_bytes": "1000\n"}, 4000),
    ({"memory/memory.limit_in_bytes": str(2 ** 63 - 4096),
      "memory/memory.usage_in_bytes": "1000"}, None),
    ({}, None),
])
def test_container_memory_limit_is_read(tmp_path, files, left):
    from neuroai import _validate as V
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert V._cgroup_left(str(tmp_path)) == left

def _handler_name(arr):
    # numpy >= 1.22 (NEP 49); numpy 2 moved it to numpy._core
    core = getattr(np, "_core", None) or np.core
    return core.multiarray.get_handler_name(arr)


def test_large_core_outputs_skip_the_debug_fill_and_leave_numpy_handler_alone():
    # Python's debug allocator hooks (python -X dev) fill every block that
    # NumPy >= 2.5 allocates, on allocation and on free, with the GIL held: a
    # 2.4 GB trace then delayed Ctrl-C by 0.3 s.  Large outputs of the core
    # come from the C library through their own handler; small ones and
    # everything allocated after the call keep NumPy's.
    from neuroai import _core
    before = _handler_name(np.empty(10))
    sizes, durations = _core.analysis_branching(sigma=0.0, n=3_000_000, max_steps=10,
                                                max_size=10, seed=1)
    assert _handler_name(sizes) == _handler_name(durations) == "neuroai_libc"
    # the handler's memory behaves like any other: written, read, resized
    assert sizes.shape == (3_000_000,) and (sizes == 1).all() and (durations == 1).all()
    sizes.resize(4_000_000, refcheck=False)
    assert (sizes[:3_000_000] == 1).all()
    small, _ = _core.analysis_branching(sigma=0.0, n=10, max_steps=10, max_size=10, seed=1)
    assert _handler_name(small) == before
    assert _handler_name(np.empty(3_000_000)) == before


# -- synapse responses: long runs in parts, with progress ----------------------------

def _synapses():
    return [neuroai.Synapse(), neuroai.CurrentSynapse(1.0), neuroai.DepressingSynapse(),
            neuroai.FacilitatingSynapse(), neuroai.DepressingSynapse(method="course"),
            neuroai.FacilitatingSynapse(method="euler"), neuroai.TsodyksMarkram(0.5, 800.0, 50.0)]


@pytest.mark.parametrize("syn", _synapses(), ids=lambda s: repr(s).split("(")[0])
def test_a_synapse_response_in_parts_equals_one_call(syn, monkeypatch, capsys):
    from neuroai import synapses
    rng = np.random.default_rng(7)
    # spikes on grid points (the grid guard) and between them, two on one step
    trains = neuroai.SpikeTrains.from_list(
        [np.sort(np.r_[rng.uniform(0, 50, 12).round(1), 0.3, 0.3, 49.9]),
         np.sort(rng.uniform(0, 50, 9))], duration=50.0)
    one = syn.response(trains, progress=False)
    t, i = trains.times, trains.indices
    early = t < 20.0
    first = syn.response(neuroai.SpikeTrains(t[early], i[early], n=2, duration=20.0),
                         progress=False)
    late = neuroai.SpikeTrains(t[~early], i[~early], n=2, duration=50.0)
    monkeypatch.setattr(synapses, "_PART_UPDATES", 7)      # parts of 3 steps
    parts = syn.response(trains, progress=True)
    cont = syn.response(late, duration=30.0, state=first.final_state, progress=True)
    assert "response: 100% (500/500 steps)" in capsys.readouterr().err
    for k in ("t", "g", "i", "x", "u", "efficacy"):
        a, b = getattr(one, k), getattr(parts, k)
        assert (a is None and b is None) or np.array_equal(a, b), k
        if a is not None and k != "efficacy":
            assert np.array_equal(a[200:], getattr(cont, k)), k
    for k, a in one.final_state.arrays.items():
        assert np.array_equal(a, parts.final_state.arrays[k])
        assert np.array_equal(a, cont.final_state.arrays[k])


@pytest.mark.parametrize("which", ["Synapse", "DepressingSynapse"])
def test_a_huge_synapse_run_starts_in_parts_and_shows_its_size(which, monkeypatch, capsys):
    # duration=1e12 ms with nothing recorded: 1e13 steps, hours of work; it
    # runs in parts of about 0.05 s, shows its progress after the first and
    # stops there on Ctrl-C (here raised by the third part)
    from neuroai import _progress, synapses
    monkeypatch.setitem(__import__("sys").modules, "tqdm.auto", None)
    monkeypatch.setattr(_progress, "AUTO_SECONDS", 0.0)
    name = "synapse_run" if which == "Synapse" else "stp_course_run"
    real, calls = getattr(synapses._core, name), []

    def spy(**kw):
        calls.append(kw["n_steps"])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(**kw)

    monkeypatch.setattr(synapses._core, name, spy)
    with pytest.raises(KeyboardInterrupt):
        getattr(neuroai, which)().response([1.0], duration=1e12, record=False)
    assert calls == [synapses._PART_UPDATES] * 3
    assert f"{which}.response:   0% (4e+07/1e+13 steps)" in capsys.readouterr().err


def test_a_response_with_nothing_recorded_makes_its_time_axis_when_read():
    res = neuroai.Synapse().response([1.0], duration=1e5, record=False)     # 1e6 steps
    assert res.g is None and "t" not in res.__dict__
    assert isinstance(res.__dict__["_t"], type(res).__init__.__globals__["_Grid"])
    assert np.array_equal(res.t, np.arange(1_000_000) * 0.1) and res.t is res.t
    import pickle
    assert np.array_equal(pickle.loads(pickle.dumps(res)).t, res.t)


def test_a_recorded_huge_synapse_run_is_a_memory_error_at_once():
    for syn in _synapses():
        with pytest.raises(MemoryError):
            syn.response([1.0], duration=1e12)


def _no_spikes():
    return dict(times=np.empty(0), index=np.empty(0, np.int64))


@pytest.mark.parametrize("name, named", [
    ("analysis_branching", dict(sigma=1.0, n=2 ** 62, max_steps=10, max_size=10, seed=1)),
    ("synapse_run", dict(y=np.zeros(3), **_no_spikes(), rec=np.zeros(2 ** 20, np.int64), dt=0.1,
                         step0=0, n_steps=2 ** 60, method=0, params=np.array([5.0, 1.0]))),
    ("stp_tm_run", dict(x=np.ones(1), u=np.full(1, 0.5), t_last=np.full(1, -np.inf),
                        has_spiked=np.zeros(1, np.uint8), **_no_spikes(),
                        rec=np.zeros(2 ** 12, np.int64), step0=0, n_steps=2 ** 52, dt=0.1,
                        params=np.array([0.5, 800.0, 0.0]))),
])
def test_core_output_sizes_beyond_npy_intp_are_a_memory_error_with_the_shape(name, named):
    # n_steps x n_rec x 8 B (or n x 8 B) wraps a 64-bit size: refused before
    # any allocation, never a wrapped small buffer
    from neuroai import _core
    with pytest.raises(MemoryError, match=r"output array of \d+( x \d+)? elements"):
        getattr(_core, name)(**named)


def test_a_numpy_duration_is_no_seed():
    # np.timedelta64 is a NumPy integer type (numbers.Integral): the seed rule
    # took it for an int, and int() of it failed with a message naming no
    # parameter
    with pytest.raises(TypeError, match="seed must be"):
        neuroai.poisson(10.0, 100.0, seed=np.timedelta64(5, "ms"))
