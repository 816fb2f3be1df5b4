"""Binding hygiene for every public function of neuroai._core, from the registry
in tests/core_calls.py: inputs unchanged, refcounts stable, no growth under
tracemalloc, of the resident set or of malloc's heap over many calls (error
paths included), Ctrl-C stops a long call promptly.  The probes are tested on
deliberate faults, and a function missing from the registry fails the suite."""
import copy
import ctypes
import ctypes.util
import gc
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest

import neuroai
from core_calls import REGISTRY, bad_args, invoke, public_core_functions

NAMES = sorted(REGISTRY)
BAD = [(name, bad) for name in NAMES for bad in REGISTRY[name].bad]


# -- probes ----------------------------------------------------------------------------

def arrays_in(obj):
    """The ndarrays in a call's arguments or result (nested dicts, tuples, lists)."""
    if isinstance(obj, np.ndarray):
        return [obj]
    if isinstance(obj, dict):
        obj = list(obj.values())
    if isinstance(obj, (tuple, list)):
        return [a for item in obj for a in arrays_in(item)]
    return []


def assert_unchanged(named, before, what):
    """Every array of named equals its deep copy `before`, bit for bit."""
    for a, b in zip(arrays_in(named), arrays_in(before), strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape, what
        assert a.tobytes() == b.tobytes(), f"{what}: an input array was modified"


def refcounts(arrays):
    return [sys.getrefcount(a) for a in arrays]


def same_result(a, b):
    """Results equal bit for bit (arrays by bytes, so NaN equals NaN)."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and a.tobytes() == b.tobytes())
    if isinstance(a, tuple):
        return (isinstance(b, tuple) and len(a) == len(b)
                and all(same_result(x, y) for x, y in zip(a, b)))
    return type(a) is type(b) and (a == b or (a != a and b != b))


def traced_growth(fn, rounds, warmup):
    """Bytes still traced by tracemalloc after `rounds` calls of fn.  The warm-up
    runs traced too, so one-off allocations (caches, free lists) land in it."""
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(warmup):
            fn()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(rounds):
            fn()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


_PAGE = resource.getpagesize()


def rss_bytes():
    """Resident set size of this process [bytes] (Linux /proc, else the peak)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except OSError:
        return None


_LIBC = _libc()


def _trim_heap():
    """Give free heap pages back to the system (glibc), so that memory freed
    earlier cannot hide new allocations from the resident set."""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)


class _MallInfo2(ctypes.Structure):
    _fields_ = [(f, ctypes.c_size_t) for f in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                               "usmblks", "fsmblks", "uordblks", "fordblks",
                                               "keepcost")]


def _heap_in_use_function():
    fn = getattr(_LIBC, "mallinfo2", None)      # glibc >= 2.33
    if fn is None:
        return None
    fn.restype = _MallInfo2
    return fn


_MALLINFO2 = _heap_in_use_function()


def heap_in_use():
    """Bytes malloc has handed out and not got back (glibc's main arena), or None."""
    if _MALLINFO2 is None:
        return None
    info = _MALLINFO2()
    return info.uordblks + info.hblkhd


def c_memory_growth(fn, rounds, warmup):
    """(resident set, C heap in use) growth [bytes] over `rounds` calls of fn,
    after a warm-up: they see leaks of C memory (malloc), which tracemalloc
    does not.  The heap figure is None where malloc cannot report it."""
    for _ in range(warmup):
        fn()
    gc.collect()
    _trim_heap()
    rss0, heap0 = rss_bytes(), heap_in_use()
    for _ in range(rounds):
        fn()
    gc.collect()
    _trim_heap()
    rss1, heap1 = rss_bytes(), heap_in_use()
    return rss1 - rss0, None if heap0 is None else heap1 - heap0


# Budgets: a leak of one small object (>= 24 B) per round shows under
# tracemalloc (what stays of one-off caches after the warm-up is < 3 KiB);
# the resident set moves in whole pages, and even with the heap trimmed
# before and after, its budget only catches leaks of about 200 B per round;
# malloc's own count of bytes in use (main arena) catches ~10 B per round.
TRACED_ROUNDS, TRACED_WARMUP, TRACED_BUDGET = 1000, 100, 8 * 1024
RSS_ROUNDS, RSS_WARMUP, RSS_BUDGET, HEAP_BUDGET = 1500, 200, 256 * 1024, 16 * 1024


def one_round(name):
    """A function running every good call and every bad call of an entry once,
    on arguments built once (so only the calls allocate)."""
    entry = REGISTRY[name]
    goods = [entry.good()] + [v() for v in entry.variants]
    bads = [(b.exc, bad_args(entry, b)) for b in entry.bad]

    def run():
        for named in goods:
            invoke(name, named)
        for exc, named in bads:
            try:
                invoke(name, named)
            except exc:
                pass
            else:
                raise AssertionError(f"{name}: a bad call did not raise")
    return run


# -- the registry covers _core ------------------------------------------------------

def test_registry_names_every_public_core_function():
    public = set(public_core_functions())
    assert public - set(REGISTRY) == set(), "public _core functions missing from core_calls.py"
    assert set(REGISTRY) - public == set(), "core_calls.py names functions _core lacks"


@pytest.mark.parametrize("name", NAMES)
def test_entry_says_how_long_it_can_run(name):
    entry = REGISTRY[name]
    assert entry.name == name
    assert entry.long is not None or entry.why_not_long, "no long call and no reason"
    assert entry.interruptible or entry.why_not_long, "not interruptible: say why"
    assert entry.bad, "every entry has bad calls"


# -- calls behave as registered ---------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_good_calls_succeed_on_their_path(name):
    entry = REGISTRY[name]
    out = invoke(name, entry.good())
    if entry.good_check is not None:
        assert entry.good_check(out)
    for build in entry.variants:
        invoke(name, build())


@pytest.mark.parametrize("name, bad", BAD, ids=[f"{n}-{b.why}" for n, b in BAD])
def test_bad_call_raises(name, bad):
    # a misspelt argument would add one, and fail for the wrong reason
    assert set(bad.change) <= set(REGISTRY[name].good()), "change names no argument"
    with pytest.raises(bad.exc) as err:
        invoke(name, bad_args(REGISTRY[name], bad))
    if bad.match is not None:
        assert re.search(bad.match, str(err.value)), str(err.value)


# -- inputs unchanged, refcounts stable ---------------------------------------------

def _check_calls_keep_inputs(name, named, calls, exc=None):
    before = copy.deepcopy(named)
    arrays = arrays_in(named)
    # the arrays and the tuples (parameter tuples, flags) passed in
    objects = arrays + [v for v in named.values() if isinstance(v, tuple)]
    counts = refcounts(objects)
    for _ in range(calls):
        if exc is None:
            out = invoke(name, named)
            for o in arrays_in(out):
                assert not any(np.shares_memory(o, a) for a in arrays), \
                    f"{name}: a result shares memory with an input"
            del out
        else:
            try:
                invoke(name, named)
            except exc:
                pass
    assert refcounts(objects) == counts, f"{name}: input refcounts changed"
    assert_unchanged(named, before, name)


@pytest.mark.parametrize("name", NAMES)
def test_inputs_unchanged_and_refcounts_stable(name):
    entry = REGISTRY[name]
    for build in (entry.good, *entry.variants):
        _check_calls_keep_inputs(name, build(), 100)
    for bad in entry.bad:
        _check_calls_keep_inputs(name, bad_args(entry, bad), 30, exc=bad.exc)


# -- no growth over many calls, error paths included --------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_no_growth_under_tracemalloc(name):
    grew = traced_growth(one_round(name), TRACED_ROUNDS, TRACED_WARMUP)
    assert grew < TRACED_BUDGET, f"{name}: {grew} bytes traced after {TRACED_ROUNDS} rounds"


@pytest.mark.parametrize("name", NAMES)
def test_no_growth_of_c_memory(name):
    rss, heap = c_memory_growth(one_round(name), RSS_ROUNDS, RSS_WARMUP)
    assert rss < RSS_BUDGET, f"{name}: resident set grew {rss} bytes in {RSS_ROUNDS} rounds"
    assert heap is None or heap < HEAP_BUDGET, \
        f"{name}: {heap} more bytes of C heap in use after {RSS_ROUNDS} rounds"


def _public_api_round():
    """High-level calls, good and bad, the way a course notebook makes them."""
    neuron = neuroai.LIFNeuron()
    p = neuroai.Perceptron(weights=[0.0, 0.0])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    net = neuroai.SpikingNetwork(np.full((2, 2), 3.0), stp=neuroai.TsodyksMarkram(0.5, 100.0))
    inp = neuroai.poisson(rate=50, duration=50, n=2, seed=1)
    dep = neuroai.DepressingSynapse()

    def run():
        neuron.simulate(np.ones(20), record_v=[0])
        try:
            neuron.simulate([1.0, np.nan])
        except ValueError:
            pass
        p.weights = np.zeros(2)
        p.fit(X, [0, 0, 0, 1])
        net.run(inp, 50.0, record_v=True, record_stp=True)
        try:
            net.run(inp, 20.0)
        except ValueError:
            pass
        dep.response(inp, dt=0.1)
        neuroai.analysis.isi(inp)
    return run


# The high-level round goes through much of Python and NumPy, whose bounded
# caches keep filling long after a short warm-up: under Python 3.13's
# development mode, 49-byte blocks of Python's allocator, first traced at
# SpikeTrains' `flags.writeable = False`, add up to 16-19 kB over the first
# 1,000-3,000 rounds and then stop.  A leak grows in every window instead.
# So the round is measured in successive windows of PUBLIC_WINDOW rounds and
# must settle: one window under the budget passes, and a leak of more than
# TRACED_BUDGET / PUBLIC_WINDOW (8 B) a round fails every window.
PUBLIC_WINDOW, PUBLIC_WINDOWS, PUBLIC_WARMUP = 1000, 8, 200


def window_growths(fn, window=PUBLIC_WINDOW, windows=PUBLIC_WINDOWS,
                   warmup=PUBLIC_WARMUP):
    """Bytes traced after each of up to `windows` successive windows of
    `window` calls, stopping at the first under the budget."""
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(warmup):
            fn()
        grew = []
        for _ in range(windows):
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(window):
                fn()
            gc.collect()
            grew.append(tracemalloc.get_traced_memory()[0] - before)
            if grew[-1] < TRACED_BUDGET:
                break
        return grew
    finally:
        tracemalloc.stop()


def test_public_api_does_not_grow():
    grew = window_growths(_public_api_round())
    assert min(grew) < TRACED_BUDGET, \
        f"bytes traced in successive windows of {PUBLIC_WINDOW} rounds: {grew}"


def test_window_probe_catches_a_leak_of_one_float_a_round():
    run = _public_api_round()
    kept = []

    def keeps_a_float():
        run()
        kept.append(float(len(kept)) + 0.5)

    grew = window_growths(keeps_a_float, windows=3)
    assert len(grew) == 3 and min(grew) > TRACED_BUDGET, grew


# -- the probes catch deliberate faults ----------------------------------------------

def test_tracemalloc_probe_catches_a_leak():
    run = one_round("analysis_group")
    kept = []

    def keeps_results():                 # a missed Py_DECREF of each result
        run()
        kept.append(invoke("analysis_group", REGISTRY["analysis_group"].good()))

    def keeps_a_float():                 # the smallest leak: one float per round
        run()
        kept.append(float(len(kept)) + 0.5)

    assert traced_growth(run, TRACED_ROUNDS, TRACED_WARMUP) < TRACED_BUDGET
    assert traced_growth(keeps_results, TRACED_ROUNDS, TRACED_WARMUP) > TRACED_BUDGET
    kept.clear()
    assert traced_growth(keeps_a_float, TRACED_ROUNDS, TRACED_WARMUP) > TRACED_BUDGET


@pytest.mark.parametrize("size", [16, 512])
def test_c_memory_probe_catches_a_c_leak(size):
    libc = _LIBC
    if libc is None:
        pytest.skip("no C library to call malloc from")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    run = one_round("spikegen_regular")
    # the pointers live in C memory too, so Python allocates nothing per round
    blocks = (ctypes.c_void_p * (2 * (RSS_ROUNDS + RSS_WARMUP) + 200))()
    used = [0]

    def mallocs_without_free():          # a C buffer never freed, every round
        run()
        p = libc.malloc(size)
        ctypes.memset(p, 1, size)
        blocks[used[0]] = p
        used[0] += 1

    try:
        rss, heap = c_memory_growth(run, RSS_ROUNDS, RSS_WARMUP)
        assert rss < RSS_BUDGET and (heap is None or heap < HEAP_BUDGET)
        # tracemalloc does not see the leak: that is what these probes are for
        assert traced_growth(mallocs_without_free, 100, 5) < TRACED_BUDGET
        rss, heap = c_memory_growth(mallocs_without_free, RSS_ROUNDS, RSS_WARMUP)
        if size >= 512:                  # whole pages: only larger leaks
            assert rss > RSS_BUDGET
        if heap_in_use() is not None:
            assert heap > HEAP_BUDGET
    finally:
        for k in range(used[0]):
            libc.free(blocks[k])


def test_unchanged_probe_catches_a_modified_input():
    named = REGISTRY["synapse_run"].good()
    before = copy.deepcopy(named)
    named["y"][1] += 1.0                 # what a kernel updating y in place would do
    with pytest.raises(AssertionError, match="modified"):
        assert_unchanged(named, before, "synapse_run")
    named = REGISTRY["synapse_run"].good()
    before = copy.deepcopy(named)
    named["times"][0] = np.nextafter(named["times"][0], 1.0)   # one ulp
    with pytest.raises(AssertionError, match="modified"):
        assert_unchanged(named, before, "synapse_run")


def test_refcount_probe_catches_a_kept_reference():
    named = REGISTRY["synapse_run"].good()
    arrays = arrays_in(named)
    counts = refcounts(arrays)
    kept = [named["times"]]              # what a missed Py_DECREF of an input does
    assert refcounts(arrays) != counts
    del kept
    assert refcounts(arrays) == counts


# -- Ctrl-C -------------------------------------------------------------------------

SIGNAL_AFTER = 0.2       # [s] into the long call
LATENCY_LIMIT = 0.5      # [s] target about 0.1 s; slack for a loaded machine


def _long_params():
    out = []
    for name in NAMES:
        entry = REGISTRY[name]
        if entry.long is None:
            continue
        marks = () if entry.interruptible else pytest.mark.xfail(
            strict=True, reason=f"{name} is not interruptible: {entry.why_not_long}")
        out.append(pytest.param(name, marks=marks))
    return out


def interrupt_latency(call):
    """Run call(), send SIGINT SIGNAL_AFTER seconds in; the seconds from the
    signal to the KeyboardInterrupt that must end the call."""
    sent = []

    def interrupt():
        sent.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(SIGNAL_AFTER, interrupt)
    t0 = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
        caught = time.perf_counter()
    finally:
        timer.cancel()
        timer.join()
    assert sent, f"the long call ended after {time.perf_counter() - t0:.2f} s, " \
                 "before the signal; make it longer"
    return caught - sent[0]


@pytest.mark.parametrize("name", _long_params())
def test_ctrl_c_stops_a_long_call(name, record_property):
    entry = REGISTRY[name]
    reference = invoke(name, entry.good())
    named = entry.long()
    latency = interrupt_latency(lambda: invoke(name, named))
    del named
    record_property("ctrl_c_latency_ms", round(1e3 * latency, 1))
    print(f"{name}: KeyboardInterrupt {1e3 * latency:.1f} ms after SIGINT")
    assert latency < LATENCY_LIMIT, f"{name}: {latency:.3f} s from SIGINT to KeyboardInterrupt"
    # the module still works, with the same result as before
    assert same_result(invoke(name, entry.good()), reference)


def _long_public_calls():
    # each far longer than the test (1e10-1e11 updates), and each would need
    # terabytes if the Python layer copied its broadcast or silent input
    silent = neuroai.SpikeTrains(np.empty(0), np.empty(0, np.int64), n=100_000,
                                 duration=100_000.0)
    # most neurons below rheobase (1.5 nA), a tenth firing at up to 15 Hz: the
    # run's physical spike bound (about 1.4e7 spikes, 0.3 GB) stays far below
    # the memory of any test machine, so simulate starts it rather than refusing
    view = np.broadcast_to(np.linspace(0.5, 1.6, 100_000), (1_000_000, 100_000))
    net = neuroai.SpikingNetwork(np.full((1, 2000), 1.0))
    return {
        "LIFNeuron.simulate": lambda: neuroai.LIFNeuron().simulate(view, record_v=False),
        "DepressingSynapse.response":
            lambda: neuroai.DepressingSynapse().response(silent, dt=0.1, record=[0]),
        "SpikingNetwork.run":
            lambda: net.run(neuroai.SpikeTrains([1.0], n=1, duration=1e6), 1e6),
    }


@pytest.mark.parametrize("which", sorted(_long_public_calls()))
def test_ctrl_c_stops_a_long_public_call(which, record_property):
    latency = interrupt_latency(_long_public_calls()[which])
    record_property("ctrl_c_latency_ms", round(1e3 * latency, 1))
    assert latency < LATENCY_LIMIT
    assert neuroai.LIFNeuron().simulate(np.full(2000, 2.0)).spike_counts == 5


# -- import ----------------------------------------------------------------------------

def test_every_module_imports():
    # what doctest collection of neuroai/ does, including __main__, which
    # pytest itself leaves out
    import importlib
    import pkgutil
    names = [m.name for m in pkgutil.iter_modules(neuroai.__path__, "neuroai.")]
    assert "neuroai.__main__" in names and "neuroai._core" in names
    for name in names:
        importlib.import_module(name)


def test_import_is_light():
    code = ("import sys, neuroai; "
            "bad = [m for m in ('matplotlib', 'IPython', 'nbformat', 'scipy', 'ipywidgets') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
