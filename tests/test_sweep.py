"""neuroai.sweep: a function over a parameter grid, serial, on a process pool
and on a Dask cluster; tidy rows, failed points reported, small results."""
import builtins
import importlib.util
import math
import os
import pickle
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

import neuroai
from neuroai.sweep import SweepTable, SweepWarning, grid_points

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


# -- functions swept (module level, so that a process pool can send them) --

def lif_count(current, tau_m):
    """Spikes of the course's LIF neuron in 200 ms of a constant current."""
    res = neuroai.LIFNeuron(tau_m=tau_m).simulate(np.full(2000, current), dt=0.1,
                                                   record_v=False)
    return {"count": res.spike_counts, "first": (res.spike_times[0] if res.spike_counts
                                                 else math.nan)}


def closed_form_count(current, tau_m, duration=200.0):
    """Spikes in ``duration`` ms from rest, from the closed-form intervals."""
    v_inf = -70.0 + 10.0 * current
    if v_inf <= -55.0:
        return 0
    first = tau_m * math.log((v_inf + 70.0) / (v_inf + 55.0))
    period = tau_m * math.log((v_inf + 80.0) / (v_inf + 55.0))
    return 1 + math.floor((duration - first) / period) if first < duration else 0


def fails_on_three(x):
    if x == 3:
        raise ValueError(f"x = {x} is not allowed")
    return x * 10


def broadcast_run(level):
    """A LIFResult whose input is a broadcast 20,000-neuron view (80 MB if copied)."""
    I = np.broadcast_to(np.linspace(0.0, level, 20000), (500, 20000))
    return neuroai.LIFNeuron().simulate(I, dt=0.1, record_v=False)


def pid_of(x):
    return {"pid": os.getpid()}


# -- the grid -----------------------------------------------------------------

def test_grid_is_the_cartesian_product_last_name_fastest():
    pts = grid_points({"a": [1, 2], "b": (10, 20, 30)})
    assert pts == [{"a": a, "b": b} for a in (1, 2) for b in (10, 20, 30)]
    assert grid_points({"x": np.array([0.5, 1.5]), "n": range(2)}) == [
        {"x": 0.5, "n": 0}, {"x": 0.5, "n": 1}, {"x": 1.5, "n": 0}, {"x": 1.5, "n": 1}]
    assert grid_points({"a": []}) == []
    explicit = [{"a": 1}, {"a": 2, "b": 3}]
    assert grid_points(explicit) == explicit and grid_points(explicit)[0] is not explicit[0]


@pytest.mark.parametrize("grid, words", [
    ({"a": 1.0}, ["grid['a']", "list", "[1.0]"]),
    ({"a": "abc"}, ["grid['a']", "str"]),
    ({"a": np.zeros((2, 2))}, ["grid['a']", "1-D"]),
    ({1: [1]}, ["names must be strings", "1"]),
    ([{"a": 1}, 5], ["item 1", "int"]),
    (5, ["grid must be a dict", "int"]),
])
def test_bad_grid_is_a_clear_error(grid, words):
    with pytest.raises(TypeError) as e:
        neuroai.sweep(lambda **k: 0, grid, progress=False)
    for w in words:
        assert w in str(e.value)


def test_bad_fn_executor_and_as_frame():
    with pytest.raises(TypeError, match="fn must be callable"):
        neuroai.sweep(3, {"a": [1]})
    with pytest.raises(TypeError, match="executor must be None"):
        neuroai.sweep(pid_of, {"x": [1]}, executor="processes")
    with pytest.raises(TypeError, match="as_frame must be True, False or None"):
        neuroai.sweep(pid_of, {"x": [1]}, as_frame="yes")


# -- serial -------------------------------------------------------------------

def test_serial_sweep_equals_the_closed_form_and_direct_calls():
    grid = {"current": [1.0, 1.6, 2.0, 3.0], "tau_m": [10.0, 20.0]}
    t = neuroai.sweep(lif_count, grid, progress=False, as_frame=False)
    assert isinstance(t, SweepTable) and len(t) == 8 and t.shape == (8, 4)
    assert t.columns == ["current", "tau_m", "count", "first"] == list(t)
    rows = t.to_dict("records")
    for row, p in zip(rows, grid_points(grid)):
        assert {k: row[k] for k in p} == p
        assert row["count"] == closed_form_count(**p)
        direct = lif_count(**p)
        assert row["count"] == direct["count"]
        assert row["first"] == direct["first"] or (math.isnan(row["first"])
                                                   and math.isnan(direct["first"]))
    assert t["count"].dtype.kind == "i" and t["count"][0] == 0    # 1 nA is below rheobase
    assert "error" not in t


def test_serial_sweep_runs_lambdas_and_plain_values():
    t = neuroai.sweep(lambda x, y: x - y, [{"x": 5, "y": 2}, {"x": 1, "y": 4}],
                      progress=False, as_frame=False)
    assert t.columns == ["x", "y", "value"]
    np.testing.assert_array_equal(t["value"], [3, -3])


def test_a_failed_point_keeps_its_parameters_and_the_others():
    with pytest.warns(SweepWarning, match=r"1 of 5 points failed .*'x': 3.*x = 3 is not"):
        t = neuroai.sweep(fails_on_three, {"x": [1, 2, 3, 4, 5]}, progress=False,
                          as_frame=False)
    assert t.columns == ["x", "value", "error"]
    np.testing.assert_array_equal(t["x"], [1, 2, 3, 4, 5])
    v = t["value"]
    assert v.dtype == np.float64
    np.testing.assert_array_equal(v[[0, 1, 3, 4]], [10, 20, 40, 50]) and math.isnan(v[2])
    assert list(t["error"]) == [None, None, "ValueError: x = 3 is not allowed", None, None]


def test_a_returned_key_that_is_a_parameter_is_reported_not_merged():
    with pytest.warns(SweepWarning):
        t = neuroai.sweep(lambda x: {"x": 2 * x, "ok": 1}, {"x": [1]}, progress=False,
                          as_frame=False)
    row, = t.to_dict("records")
    assert row["x"] == 1 and "'x'" in row["error"] and "rename" in row["error"]


def test_ctrl_c_stops_the_sweep():
    calls = []

    def fn(x):
        calls.append(x)
        if x == 2:
            raise KeyboardInterrupt
        return x

    with pytest.raises(KeyboardInterrupt):
        neuroai.sweep(fn, {"x": [1, 2, 3, 4]}, progress=False)
    assert calls == [1, 2]


def test_rows_come_in_grid_order_whatever_finishes_first():
    order = []
    lock = threading.Lock()

    def slow_first(k):
        time.sleep(0.05 * (3 - k))          # point 0 finishes last
        with lock:
            order.append(k)
        return {"k2": k * k}

    with ThreadPoolExecutor(4) as ex:
        t = neuroai.sweep(slow_first, {"k": [0, 1, 2, 3]}, executor=ex, progress=False,
                          as_frame=False)
    assert order != [0, 1, 2, 3]            # they did finish out of order
    np.testing.assert_array_equal(t["k"], [0, 1, 2, 3])
    np.testing.assert_array_equal(t["k2"], [0, 1, 4, 9])


# -- a process pool -------------------------------------------------------------

def test_process_pool_gives_the_serial_rows():
    grid = {"current": [1.6, 2.5, 4.0], "tau_m": [10.0, 20.0]}
    serial = neuroai.sweep(lif_count, grid, progress=False, as_frame=False)
    with ProcessPoolExecutor(2) as ex:
        pooled = neuroai.sweep(lif_count, grid, executor=ex, progress=False, as_frame=False)
        pids = neuroai.sweep(pid_of, {"x": [1, 2]}, executor=ex, progress=False,
                             as_frame=False)
        with pytest.warns(SweepWarning, match="1 of 4"):
            failed = neuroai.sweep(fails_on_three, {"x": [1, 2, 3, 4]}, executor=ex,
                                   progress=False, as_frame=False)
    assert pooled.to_dict("records") == serial.to_dict("records")
    assert os.getpid() not in set(pids["pid"])
    assert list(failed["error"]) == [None, None, "ValueError: x = 3 is not allowed", None]
    np.testing.assert_array_equal(failed["value"][[0, 1, 3]], [10, 20, 40])


def test_process_pool_refuses_a_lambda_before_running_anything():
    with ProcessPoolExecutor(1) as ex:
        with pytest.raises(TypeError, match="cannot be sent to a ProcessPoolExecutor"):
            neuroai.sweep(lambda x: x, {"x": [1]}, executor=ex, progress=False)


# -- small results --------------------------------------------------------------

def test_a_result_with_a_broadcast_input_pickles_small():
    res = broadcast_run(3.0)
    assert res.current.nbytes == 500 * 20000 * 8            # 80 MB as an array
    data = pickle.dumps(res)
    # the base row (160 kB), the spikes and the final state; not 80 MB
    assert len(data) < 2_000_000, len(data)
    back = pickle.loads(data)
    assert back.current.shape == res.current.shape
    np.testing.assert_array_equal(back.current[[0, 499]], res.current[[0, 499]])
    np.testing.assert_array_equal(back.spikes.times, res.spikes.times)
    np.testing.assert_array_equal(back.spikes.indices, res.spikes.indices)
    for k, a in res.final_state.arrays.items():
        np.testing.assert_array_equal(back.final_state.arrays[k], a)
    # it still continues as the original does
    nxt = np.broadcast_to(np.linspace(0.0, 3.0, 20000), (100, 20000))
    np.testing.assert_array_equal(back.continue_with(nxt).spikes.times,
                                  res.continue_with(nxt).spikes.times)


def test_a_result_with_a_full_input_keeps_it_all():
    I = np.random.default_rng(0).uniform(0, 3, (200, 50))
    res = neuroai.LIFNeuron().simulate(I, dt=0.1)
    back = pickle.loads(pickle.dumps(res))
    np.testing.assert_array_equal(back.current, I)
    np.testing.assert_array_equal(back.v, res.v)


class _ModelResult(neuroai.results.Result):
    _not_pickled = ("model",)

    def __init__(self, model, values):
        self.model, self.values = model, values


def test_a_result_leaves_out_what_it_names_in_not_pickled():
    big = np.zeros(1_000_000)                # 8 MB that made the result
    res = _ModelResult(big, np.arange(3.0))
    data = pickle.dumps(res)
    assert len(data) < 10_000
    back = pickle.loads(data)
    assert back.model is None and res.model is big
    np.testing.assert_array_equal(back.values, [0.0, 1.0, 2.0])


def small_circuit(seed):
    """A recurrent circuit of 400 neurons, 100 ms: its result, and its connections' bytes."""
    net = neuroai.Circuit(dt=0.1, seed=seed)
    pop = net.population(400, name="P", i_ext=1.6)
    w = -0.5 * (np.random.default_rng(seed).random((400, 400)) < 0.1)
    prj = net.connect(pop, pop, receptor="inh", weights=w)
    return net.run(100.0), prj.n_connections * 8


def test_a_circuit_result_pickles_without_its_circuit():
    res, conn_bytes = small_circuit(3)
    data = pickle.dumps(res)
    assert len(data) < conn_bytes / 2, (len(data), conn_bytes)
    back = pickle.loads(data)
    assert back.circuit is None and res.circuit is not None
    np.testing.assert_array_equal(back.spikes["P"].times, res.spikes["P"].times)
    np.testing.assert_array_equal(back.rates("P"), res.rates("P"))


def test_a_neuron_pickles_without_its_caches():
    n = neuroai.LIFNeuron(tau_m=np.linspace(10, 30, 100000))
    small = len(pickle.dumps(n))
    n.param_table(100000)                   # builds the (6, N) cache: 4.8 MB
    assert len(pickle.dumps(n)) == small
    back = pickle.loads(pickle.dumps(n))
    I = np.full((50, 100000), 2.0)
    np.testing.assert_array_equal(back.simulate(I, record_v=False).spikes.times,
                                  n.simulate(I, record_v=False).spikes.times)


def test_results_sent_back_by_a_pool_are_small_and_whole():
    with ProcessPoolExecutor(1) as ex:
        t = neuroai.sweep(broadcast_run, {"level": [2.0, 3.0]}, executor=ex,
                          progress=False, as_frame=False)
    for level, res in zip((2.0, 3.0), t["value"]):
        np.testing.assert_array_equal(res.spikes.times, broadcast_run(level).spikes.times)


# -- Dask -----------------------------------------------------------------------

def _need_dask():
    if importlib.util.find_spec("distributed") is None:
        if os.environ.get("CI"):
            pytest.fail("dask[distributed] is part of the test extras but is not installed")
        pytest.skip('dask[distributed] is not installed here (pip install ".[test]" '
                    'installs it; CI always does)')


def test_dask_local_cluster_gives_the_serial_rows():
    _need_dask()
    from distributed import Client, LocalCluster

    grid = {"current": [1.6, 2.5], "tau_m": [10.0, 20.0]}
    serial = neuroai.sweep(lif_count, grid, progress=False, as_frame=False)
    with LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        by_executor = neuroai.sweep(lif_count, grid, executor=client.get_executor(),
                                    progress=False, as_frame=False)
        by_client = neuroai.sweep(lif_count, grid, executor=client, progress=False,
                                  as_frame=False)
        # cloudpickle sends a lambda by value
        lam = neuroai.sweep(lambda x: x + 1, {"x": [1, 2]}, executor=client,
                            progress=False, as_frame=False)
        with pytest.warns(SweepWarning, match="1 of 3"):
            failed = neuroai.sweep(fails_on_three, {"x": [2, 3, 4]}, executor=client,
                                   progress=False, as_frame=False)
    assert by_executor.to_dict("records") == serial.to_dict("records")
    assert by_client.to_dict("records") == serial.to_dict("records")
    np.testing.assert_array_equal(lam["value"], [2, 3])
    assert list(failed["error"]) == [None, "ValueError: x = 3 is not allowed", None]


# -- the two kinds of table -----------------------------------------------------

def _hide_module(monkeypatch, name):
    real_import = builtins.__import__

    def fake_import(mod, *args, **kwargs):
        if mod == name or mod.startswith(name + "."):
            raise ImportError(f"No module named {name!r}")
        return real_import(mod, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_without_pandas_a_sweep_table(monkeypatch):
    _hide_module(monkeypatch, "pandas")
    t = neuroai.sweep(lif_count, {"current": [2.0], "tau_m": [20.0]}, progress=False)
    assert isinstance(t, SweepTable)
    with pytest.raises(ImportError, match="needs pandas: pip install pandas"):
        neuroai.sweep(lif_count, {"current": [2.0], "tau_m": [20.0]}, progress=False,
                      as_frame=True)


def test_sweep_table_columns():
    t = SweepTable([{"a": 1, "b": "x"}, {"a": 2.5, "c": None}, {"a": 3, "b": "z", "c": 4}])
    assert t.columns == ["a", "b", "c"] and t.shape == (3, 3)
    assert t["a"].dtype == np.float64
    np.testing.assert_array_equal(t["c"], [np.nan, np.nan, 4.0])
    assert t["b"].dtype == object and list(t["b"]) == ["x", None, "z"]
    assert t.to_dict("list") == {"a": [1, 2.5, 3], "b": ["x", None, "z"], "c": [None, None, 4]}
    with pytest.raises(KeyError, match="no column 'd'; the columns are a, b, c"):
        t["d"]
    with pytest.raises(ValueError, match="orient"):
        t.to_dict("index")
    text = repr(t)
    assert text.splitlines()[0].split() == ["a", "b", "c"] and len(text.splitlines()) == 4


@pytest.mark.skipif(not HAVE_PANDAS, reason="pandas is not installed (optional)")
def test_with_pandas_a_dataframe():
    import pandas as pd
    with pytest.warns(SweepWarning):
        df = neuroai.sweep(fails_on_three, {"x": [2, 3]}, progress=False)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["x", "value", "error"]
    assert df["value"].iloc[0] == 20 and math.isnan(df["value"].iloc[1])
    assert df["error"].iloc[1] == "ValueError: x = 3 is not allowed"
    t = neuroai.sweep(fails_on_three, {"x": [1, 2]}, progress=False, as_frame=False)
    pd.testing.assert_frame_equal(t.to_pandas(), neuroai.sweep(fails_on_three, {"x": [1, 2]},
                                                               progress=False))


# -- progress -------------------------------------------------------------------

def test_progress_off_is_silent(capsys):
    neuroai.sweep(pid_of, {"x": [1, 2, 3]}, progress=False)
    assert capsys.readouterr() == ("", "")


def test_progress_without_tqdm_is_one_line_of_text(monkeypatch, capsys):
    _hide_module(monkeypatch, "tqdm")
    with pytest.warns(SweepWarning):
        neuroai.sweep(fails_on_three, {"x": [1, 2, 3]}, as_frame=False)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\rsweep: 3/3 points, 1 failed\n")
    assert err.count("\n") == 1


@pytest.mark.skipif(importlib.util.find_spec("tqdm") is None,
                    reason="tqdm is not installed (optional)")
def test_progress_with_tqdm(capsys):
    neuroai.sweep(pid_of, {"x": [1, 2, 3]}, as_frame=False)
    assert "3/3" in capsys.readouterr().err
