"""Binding hygiene: inputs unchanged, refcounts stable, no leaks (error paths
included), Ctrl-C stops a long run promptly."""
import gc
import os
import signal
import sys
import threading
import tracemalloc

import numpy as np
import pytest

import neuroai
from neuroai import _core


def _lif_args(n=4, steps=50):
    params = np.array([[20.0], [-70.0], [-80.0], [-55.0], [10.0], [1.0]]) + np.zeros(n)
    return dict(current=np.full((steps, n), 2.5), dt=0.1, method=0, step0=0,
                state=np.array([np.full(n, -70.0), np.full(n, -np.inf)]),
                ref_left=np.zeros(n, np.int64), params=params,
                rec_idx=np.arange(n, dtype=np.int64))


def test_core_inputs_unchanged_and_refcounts_stable():
    args = _lif_args()
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in args.items()}
    counts = {k: sys.getrefcount(v) for k, v in args.items() if isinstance(v, np.ndarray)}
    for _ in range(200):
        out = _core.lif_run(**args)
    del out
    for k, v in args.items():
        if isinstance(v, np.ndarray):
            np.testing.assert_array_equal(v, before[k])
            assert sys.getrefcount(v) == counts[k], k


def _hammer(rounds):
    args = _lif_args()
    bad_len = dict(args, state=np.zeros((2, 3)))
    bad_param = dict(args, params=args["params"] * np.array([[-1.0], [1], [1], [1], [1], [1]]))
    bad_rec = dict(args, rec_idx=np.array([0, 0], np.int64))
    neuron = neuroai.LIFNeuron()
    p = neuroai.Perceptron(weights=[0.0, 0.0])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    for _ in range(rounds):
        _core.lif_run(**args)
        for bad in (bad_len, bad_param, bad_rec):
            with pytest.raises(ValueError):
                _core.lif_run(**bad)
        neuron.simulate(np.ones(20), record_v=[0])
        with pytest.raises(ValueError):
            neuron.simulate([1.0, np.nan])
        p.weights = np.zeros(2)
        p.fit(X, [0, 0, 0, 1])
        with pytest.raises(ValueError):
            _core.perceptron_fit(X, np.array([0, 2, 0, 1.0]), np.zeros(2), 0.0, 5, 1.0, False, 0)
        with pytest.raises(ValueError):
            _core.perceptron_forward(X, np.zeros((1, 3)), np.zeros(1), 0)
        _core.activation(0, X)


def test_no_leak_on_success_or_error_paths():
    _hammer(30)
    gc.collect()
    tracemalloc.start()
    snap0 = tracemalloc.take_snapshot()
    _hammer(300)
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grew = sum(s.size_diff for s in snap1.compare_to(snap0, "filename"))
    assert grew < 300 * 16 + 64 * 1024


def test_ctrl_c_interrupts_a_long_simulation():
    # ~1e11 neuron updates: far longer than the test; SIGINT must end it
    view = np.broadcast_to(np.linspace(1.0, 4.0, 100_000), (1_000_000, 100_000))
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            neuroai.LIFNeuron().simulate(view, record_v=False)
    finally:
        timer.cancel()
    # the module still works afterwards
    assert neuroai.LIFNeuron().simulate(np.full(2000, 2.0)).spike_counts == 5


def test_import_is_light():
    import subprocess
    code = ("import sys, neuroai; "
            "bad = [m for m in ('matplotlib', 'IPython', 'nbformat', 'scipy', 'ipywidgets') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
