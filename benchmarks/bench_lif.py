"""LIF speed: neuroai against a vectorised NumPy loop and Brian2, in one run.

    python benchmarks/bench_lif.py            # full sizes (a few minutes)
    python benchmarks/bench_lif.py --quick    # small sizes, for a smoke test
    python benchmarks/bench_lif.py --brian2-python /path/to/venv/bin/python
    python benchmarks/bench_lif.py --only-native --kernel-ref /tmp/before
                                   # sections 3-4 only, with the LIF kernel of
                                   # another tree timed alongside, e.g. from
                                   # git archive <commit> csrc | tar -x -C /tmp/before
    python benchmarks/bench_lif.py --only-slider   # section 4 only (seconds)

Brian2 runs in this interpreter if it imports here, otherwise in the one
given by --brian2-python (a separate environment: Brian2 2.9 does not import
with NumPy 2.4, for instance); that interpreter needs only NumPy and Brian2.

Two workloads, as a user meets them:

1. population: 100,000 independent LIF neurons (the course's parameters), a
   constant input per neuron with R*I spread over 15-40 mV, given as a
   broadcast view, 1 s of biological time at dt = 0.1 ms, spikes only.
   Reported as neuron updates per second and as ratios to the NumPy loop.
2. slider: one neuron, 1,000 steps with its voltage trace, called again and
   again as an ipywidgets callback would; the warm time per call.

The NumPy loop is the careful one a user would write: the exact propagator
(v <- P v + Q V_inf, in place), a threshold test and a reset per step, so it
does the same arithmetic as neuroai's exact method without locating spikes
inside the step.  Brian2 runs its default runtime target with the same
equations, if it is installed (it is not a dependency of neuroai).
Prints a Markdown table; ratios are against the NumPy loop of the same run.

Two more sections compare the C kernel with hand-written C, compiled here
with the extension's flags (read from setup.py) and loaded with ctypes:

3. kernel: nai_lif_run on the population of 1. (100,000 neurons, 10,000
   steps), inputs sorted along the neurons or shuffled across them, t_ref 0
   and 2 ms, 1 and 2 threads, against benchmarks/hand_lif.c, the plain loop
   of the same model with spikes on the grid (and with one logarithm per
   spike for the exact spike time, the exact method's extra cost).
4. slider: where the time of one slider call goes, against
   benchmarks/slider_min.c, the smallest extension call doing the same
   kernel work.
"""
import argparse
import ast
import ctypes
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import timeit
from pathlib import Path

import numpy as np
from timing import best, machine

TAU, V_REST, V_RESET, V_TH, R = 20.0, -70.0, -80.0, -55.0, 10.0
ROOT = Path(__file__).resolve().parent.parent
# the C files of the LIF kernel
KERNEL_SOURCES = ["csrc/nai_core.c", "csrc/nai_cpu.c", "csrc/nai_lif.c", "csrc/nai_lif_fast.c"]


def numpy_population(I, n_steps, dt):
    """The careful vectorised NumPy loop; returns the spike count."""
    P = np.exp(-dt / TAU)
    c = (V_REST + R * I) * (-np.expm1(-dt / TAU))
    v = np.full(I.shape[0], V_REST)
    count = 0
    for _ in range(n_steps):
        v *= P
        v += c
        fired = np.flatnonzero(v >= V_TH)
        if fired.size:
            v[fired] = V_RESET
            count += fired.size
    return count


def numpy_single(I, dt):
    """One neuron, with its trace: the Python loop a student would write."""
    P = np.exp(-dt / TAU)
    Q = -np.expm1(-dt / TAU)
    v = V_REST
    trace = np.empty(I.shape[0])
    spikes = []
    for i, x in enumerate(I):
        trace[i] = v
        v = P * v + Q * (V_REST + R * x)
        if v >= V_TH:
            spikes.append(i * dt)
            v = V_RESET
    return trace, spikes


def brian2_population(I, duration_ms, dt):
    import brian2 as b2
    b2.prefs.codegen.target = "cython"
    b2.start_scope()
    b2.defaultclock.dt = dt * b2.ms
    eqs = "dv/dt = (-(v - v_rest) + R*I)/tau : volt (unless refractory)\nI : amp"
    G = b2.NeuronGroup(I.shape[0], eqs, threshold="v >= v_th", reset="v = v_reset",
                       refractory=0 * b2.ms, method="exact",
                       namespace=dict(v_rest=V_REST * b2.mV, R=R * b2.Mohm,
                                      tau=TAU * b2.ms, v_th=V_TH * b2.mV,
                                      v_reset=V_RESET * b2.mV))
    G.v = V_REST * b2.mV
    G.I = I * b2.nA
    S = b2.SpikeMonitor(G, record=False)
    net = b2.Network(G, S)
    net.run(duration_ms * b2.ms)
    return int(S.num_spikes)


def brian2_single_runner(I, dt):
    import brian2 as b2
    b2.prefs.codegen.target = "cython"
    b2.start_scope()
    b2.defaultclock.dt = dt * b2.ms
    stim = b2.TimedArray(I * b2.nA, dt=dt * b2.ms)
    eqs = "dv/dt = (-(v - v_rest) + R*stim(t))/tau : volt"
    G = b2.NeuronGroup(1, eqs, threshold="v >= v_th", reset="v = v_reset",
                       method="exact",
                       namespace=dict(v_rest=V_REST * b2.mV, R=R * b2.Mohm,
                                      tau=TAU * b2.ms, v_th=V_TH * b2.mV,
                                      v_reset=V_RESET * b2.mV, stim=stim))
    M = b2.StateMonitor(G, "v", record=0)
    net = b2.Network(G, M)
    net.store()

    def run():
        net.restore()
        net.run(I.shape[0] * dt * b2.ms)
        return M.v[0]
    return run


def brian2_times(n, duration, dt, quick):
    """Brian2's population time and spike count, and its slider call time."""
    I = np.linspace(15.0, 40.0, n) / R
    brian2_population(I[:100], 10.0, dt)             # compile once (cache)
    t_pop, count = best(lambda: brian2_population(I, duration, dt), 1)
    I1 = np.zeros(1000)
    I1[100:800] = 2.5
    run = brian2_single_runner(I1, dt)
    run()
    t_call = min(timeit.repeat(run, number=3, repeat=1 if quick else 3)) / 3
    return {"population": t_pop, "spikes": count, "call": t_call}


def brian2_remote(python, n, duration, dt, quick):
    """brian2_times() run by another interpreter (this file as a worker)."""
    cmd = [python, os.path.abspath(__file__), "--brian2-worker",
           json.dumps([n, duration, dt, quick])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])



# -- hand-written C: the kernel against a plain loop, in one process ---------

def core_flags():
    """setup.py's CORE_FLAGS: the benchmark's C is built like the extension."""
    for node in ast.parse((ROOT / "setup.py").read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CORE_FLAGS":
            return ast.literal_eval(node.value)
    raise RuntimeError("setup.py defines no CORE_FLAGS")


def compile_shared(out, sources, extra=(), include=ROOT / "csrc"):
    cmd = [os.environ.get("CC", "gcc"), *core_flags(), *extra, "-fPIC", "-shared",
           f"-I{include}", "-o", str(out), *map(str, sources), "-lm"]
    subprocess.run(cmd, check=True)
    return out


def kernel_lib(tmp, tree=ROOT, name="kernel", extra=()):
    """nai_lif_run and friends of the C tree `tree`, as a ctypes library."""
    srcs = [tree / f for f in KERNEL_SOURCES if (tree / f).exists()]
    return ctypes.CDLL(str(compile_shared(tmp / f"{name}.so", srcs, extra,
                                          include=tree / "csrc")))


_D = ctypes.POINTER(ctypes.c_double)
_I = ctypes.POINTER(ctypes.c_int64)


class _Params(ctypes.Structure):
    _fields_ = [(k, _D) for k in ("tau_m", "v_rest", "v_reset", "v_threshold",
                                  "resistance", "t_ref")]


class _State(ctypes.Structure):
    _fields_ = [("v", _D), ("t_free", _D), ("ref_left", _I)]


class _Spikes(ctypes.Structure):
    _fields_ = [("neuron", _I), ("time", _D), ("count", ctypes.c_size_t),
                ("capacity", ctypes.c_size_t)]


def _d(a):
    return a.ctypes.data_as(_D)


def _i(a):
    return a.ctypes.data_as(_I)


def in_threads(job, n_threads):
    """Run job(k) for k < n_threads at once (ctypes releases the GIL); returns
    (wall time [s], the longest thread's CPU time [s]).  CPU time leaves out
    the time a thread waits for a core, the noise of a shared machine."""
    cpu = [0.0] * n_threads

    def timed(k):
        c0 = time.thread_time()
        job(k)
        cpu[k] = time.thread_time() - c0
    threads = [threading.Thread(target=timed, args=(k,)) for k in range(1, n_threads)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    timed(0)
    for t in threads:
        t.join()
    return time.perf_counter() - t0, max(cpu)


class Population:
    """The population workload's arrays, shared by the kernel and the hand loop."""

    def __init__(self, current, t_ref, dt, n_steps):
        n = current.size
        self.n, self.dt, self.n_steps = n, dt, n_steps
        self.current = np.ascontiguousarray(current, dtype=float)
        self.p = {k: np.full(n, x) for k, x in (("tau_m", TAU), ("v_rest", V_REST),
                                               ("v_reset", V_RESET), ("v_threshold", V_TH),
                                               ("resistance", R), ("t_ref", t_ref))}
        self.decay = np.exp(-dt / self.p["tau_m"])
        self.gain = -np.expm1(-dt / self.p["tau_m"])
        self.v_inf = V_REST + R * self.current
        self.ref_steps = np.round(self.p["t_ref"] / dt).astype(np.int64)
        self.cap = int(2.0 * n * n_steps * dt / 20.0) + 1024   # < 1 spike per 10 ms


def run_kernel(lib, pop, n_threads):
    """nai_lif_run (exact, constant input, nothing recorded) over pop, the
    neurons split into n_threads ranges of whole blocks.  Returns (wall, cpu,
    neuron indices, spike times)."""
    n = pop.n
    par = _Params(*[_d(pop.p[k]) for k, _ in _Params._fields_])
    lib.nai_lif_prop_new.restype = ctypes.c_void_p
    lib.nai_lif_run.restype = ctypes.c_int
    lib.nai_lif_run.argtypes = [
        ctypes.POINTER(_Params), ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int64, _D,
        ctypes.c_ssize_t, ctypes.c_ssize_t, ctypes.POINTER(_State), _I, ctypes.c_size_t,
        _D, ctypes.POINTER(_Spikes), ctypes.POINTER(ctypes.c_size_t)]
    if hasattr(lib, "nai_cpu_init"):
        lib.nai_cpu_init()
    pr = ctypes.c_void_p(lib.nai_lif_prop_new(ctypes.c_size_t(n)))
    lib.nai_lif_prepare(ctypes.byref(par), ctypes.c_double(pop.dt), pr)
    v, tf, ref = np.full(n, V_REST), np.full(n, -np.inf), np.zeros(n, np.int64)
    st = _State(_d(v), _d(tf), _i(ref))
    per = (n // n_threads + 31) // 32 * 32
    bufs = [(np.empty(pop.cap, np.int64), np.empty(pop.cap)) for _ in range(n_threads)]
    sps = [_Spikes(_i(a), _d(b), 0, pop.cap) for a, b in bufs]
    status = [None] * n_threads

    def job(k):
        done = ctypes.c_size_t(0)
        status[k] = lib.nai_lif_run(
            ctypes.byref(par), pr, 0, n, min(n, k * per), min(n, (k + 1) * per),
            pop.n_steps, 0, _d(pop.current), 0, 1, ctypes.byref(st), None, 0, None,
            ctypes.byref(sps[k]), ctypes.byref(done))
    wall, cpu = in_threads(job, n_threads)
    lib.nai_lif_prop_free(pr)
    if any(x != 0 for x in status):
        raise RuntimeError(f"nai_lif_run returned {status}")
    neuron = np.concatenate([b[0][:sp.count] for b, sp in zip(bufs, sps)])
    times = np.concatenate([b[1][:sp.count] for b, sp in zip(bufs, sps)])
    return wall, cpu, neuron, times


def run_hand(lib, pop, n_threads, exact_times):
    """benchmarks/hand_lif.c over pop; returns (wall, cpu, spike count)."""
    lib.hand_lif_run.restype = ctypes.c_int64
    lib.hand_lif_run.argtypes = ([ctypes.c_int64, ctypes.c_int64, ctypes.c_double]
                                 + [_D] * 6 + [_I, _D, ctypes.c_int64, ctypes.c_int, _I, _D,
                                               ctypes.c_int64])
    n = pop.n
    v = np.full(n, V_REST)
    per = (n // n_threads + 31) // 32 * 32
    bufs = [(np.empty(pop.cap, np.int64), np.empty(pop.cap)) for _ in range(n_threads)]
    counts = [0] * n_threads

    def job(k):
        a, b = min(n, k * per), min(n, (k + 1) * per)
        counts[k] = lib.hand_lif_run(
            b - a, pop.n_steps, pop.dt, *[_d(x[a:b]) for x in (
                pop.p["tau_m"], pop.decay, pop.v_inf, pop.gain, pop.p["v_threshold"],
                pop.p["v_reset"])],
            _i(pop.ref_steps[a:b]), _d(v[a:b]), 0, int(exact_times), _i(bufs[k][0]),
            _d(bufs[k][1]), pop.cap)
    wall, cpu = in_threads(job, n_threads)
    if min(counts) < 0:
        raise RuntimeError("hand loop: spike buffer too small")
    return wall, cpu, sum(counts)


def same_spikes(a, b):
    """(identical?, largest time difference [ms]) of two (neuron, time) sets."""
    if a[0].size != b[0].size:
        return False, np.inf
    oa, ob = np.lexsort((a[1], a[0])), np.lexsort((b[1], b[0]))
    if not np.array_equal(a[0][oa], b[0][ob]):
        return False, np.inf
    d = float(np.max(np.abs(a[1][oa] - b[1][ob]))) if a[0].size else 0.0
    return d == 0.0, d


def kernel_vs_hand(tmp, n, n_steps, dt, repeat, ref_tree=None):
    """Section 3: rows of the kernel-vs-hand table (and the reference tree's
    kernel, if given), all timed interleaved in one run, best of `repeat`."""
    kern, hand = kernel_lib(tmp), ctypes.CDLL(str(compile_shared(
        tmp / "hand.so", [ROOT / "benchmarks" / "hand_lif.c"], ["-march=native"])))
    # the same kernel with its portable fast loop built for AVX2/AVX-512 in
    # place of the intrinsics (nai_lif_fast.c): what the intrinsics are worth
    body = kernel_lib(tmp, name="kernel_body", extra=["-DNAI_LIF_NO_INTRINSICS"])
    before = kernel_lib(tmp, Path(ref_tree), "kernel_ref") if ref_tree else None
    I = np.linspace(15.0, 40.0, n) / R
    orders = {"sorted": I, "shuffled": np.random.default_rng(1).permutation(I)}
    rows = []
    for t_ref in (0.0, 2.0):
        for order, cur in orders.items():
            pop = Population(cur, t_ref, dt, n_steps)
            for n_thr in (1, 2):
                best = {}
                counts = {}
                for _ in range(repeat):
                    runs = [("kernel", lambda: run_kernel(kern, pop, n_thr)),
                            ("body", lambda: run_kernel(body, pop, n_thr)),
                            ("hand", lambda: run_hand(hand, pop, n_thr, False)),
                            ("hand_log", lambda: run_hand(hand, pop, n_thr, True))]
                    if before is not None:
                        runs.append(("before", lambda: run_kernel(before, pop, n_thr)))
                    for key, fn in runs:
                        out = fn()
                        w, c = out[0], out[1]
                        bw, bc = best.get(key, (np.inf, np.inf))
                        best[key] = (min(bw, w), min(bc, c))
                        counts[key] = out[2:] if key in ("kernel", "body", "before") else out[2]
                row = dict(order=order, t_ref=t_ref, threads=n_thr, best=best,
                           spikes=counts["kernel"][0].size, hand_spikes=counts["hand"])
                if not same_spikes(counts["kernel"], counts["body"])[0]:
                    raise RuntimeError("the portable fast loop gives other spikes")
                if before is not None:
                    row["same"] = same_spikes(counts["kernel"], counts["before"])
                rows.append(row)
    return rows


def print_kernel_table(rows, n, n_steps):
    has_before = "before" in rows[0]["best"]
    print(f"\n### Kernel against a hand-written C loop: {n:,} neurons x {n_steps:,} steps, "
          "constant inputs\n")
    print("Times are the best of the run; CPU = the longest thread's CPU time, wall in "
          "brackets.  Ratios use CPU time.\n")
    head = ("| inputs | t_ref [ms] | threads | kernel [s] | hand loop [s] | kernel / hand "
            "| hand + log [s] | kernel / (hand + log) | log per spike [ns] "
            "| portable body [s] | body / kernel |")
    line = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if has_before:
        head += " kernel before [s] | before / hand | same spikes |"
        line += "---:|---:|---|"
    print(head)
    print(line)
    for r in rows:
        b = r["best"]
        k, h, hl = b["kernel"], b["hand"], b["hand_log"]
        log_ns = (hl[1] - h[1]) / r["hand_spikes"] * 1e9 * r["threads"]
        out = (f"| {r['order']} | {r['t_ref']:g} | {r['threads']} | {k[1]:.3f} ({k[0]:.3f}) "
               f"| {h[1]:.3f} ({h[0]:.3f}) | {k[1] / h[1]:.2f} | {hl[1]:.3f} ({hl[0]:.3f}) "
               f"| {k[1] / hl[1]:.2f} | {log_ns:.1f} "
               f"| {b['body'][1]:.3f} ({b['body'][0]:.3f}) | {b['body'][1] / k[1]:.2f} |")
        if has_before:
            same, diff = r["same"]
            out += (f" {b['before'][1]:.3f} ({b['before'][0]:.3f}) | "
                    f"{b['before'][1] / h[1]:.2f} | "
                    f"{'identical' if same else f'max diff {diff:.1e} ms'} |")
        print(out)
    print(f"\nSpikes: kernel (exact) {rows[0]['spikes']:,} / hand loop (grid) "
          f"{rows[0]['hand_spikes']:,} at t_ref = 0; {rows[-1]['spikes']:,} / "
          f"{rows[-1]['hand_spikes']:,} at t_ref = 2 ms.")


# -- the slider call, taken apart ----------------------------------------------

def slider_current():
    """The slider workload's input: 1,000 steps, 2.5 nA from step 100 to 800."""
    I1 = np.zeros(1000)
    I1[100:800] = 2.5
    return I1


def slider_breakdown(tmp, neuroai, I1, calls):
    """Section 4: per-call times [s] of the layers of one slider call."""
    import numpy
    ext = compile_shared(
        tmp / ("slider_min" + sysconfig.get_config_var("EXT_SUFFIX")),
        [ROOT / "benchmarks" / "slider_min.c", *[ROOT / f for f in KERNEL_SOURCES]],
        [f"-I{sysconfig.get_paths()['include']}", f"-I{numpy.get_include()}"])
    spec = importlib.util.spec_from_file_location("slider_min", ext)
    smin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(smin)
    neuron = neuroai.LIFNeuron()
    ref = neuron.simulate(I1)
    trace, times = smin.run(I1)
    if not (np.array_equal(trace, ref.v) and np.array_equal(times, ref.spike_times)):
        raise RuntimeError("slider_min does not reproduce LIFNeuron.simulate")

    def per_call(fn):
        # this thread's CPU time, like kernel_loop: waiting for a core on a
        # shared machine is not counted
        return min(timeit.repeat(fn, number=calls, repeat=7, timer=time.thread_time)) / calls
    out = {"simulate": per_call(lambda: neuron.simulate(I1)),
           "minimal extension call": per_call(lambda: smin.run(I1)),
           "kernel": min(smin.kernel_loop(I1, calls) for _ in range(7)) / calls}
    try:
        from neuroai import _core
        cur2 = I1[:, None]
        params = neuron.param_table(1)
        st0 = np.array([[V_REST], [-np.inf]])
        ref0 = np.zeros(1, np.int64)
        rec = np.arange(1, dtype=np.int64)

        # the call simulate() makes (check_finite: the C scan of the current
        # that stands in for the Python layer's NaN/inf check)
        named = dict(current=cur2, dt=0.1, method=0, step0=0, state=st0, ref_left=ref0,
                     params=params, rec_idx=rec, n_threads=1, check_finite=True)
        try:
            _core.lif_run(**named)
        except TypeError:                   # a tree from before check_finite
            del named["check_finite"]

        def binding():
            return _core.lif_run(**named)
        binding()
        out["binding call"] = per_call(binding)
    except Exception as exc:                              # noqa: BLE001
        print(f"(binding call not timed: {exc.__class__.__name__}: {exc})", file=sys.stderr)
    return out


def print_slider_breakdown(t):
    k, m, s = t["kernel"], t["minimal extension call"], t["simulate"]
    print("\n### Slider call taken apart: where the time goes (1,000 steps, trace)\n")
    print("CPU time per call of this thread, best of 7.\n")
    print("| layer | time per call | share of simulate |")
    print("|---|---:|---:|")
    if "binding call" in t:
        b = t["binding call"]
        print(f"| Python layer of LIFNeuron.simulate (validation, packing, result) "
              f"| {(s - b) * 1e6:.2f} us | {(s - b) / s:.0%} |")
        print(f"| binding (_core.lif_run minus kernel: conversion, NaN/inf scan, prepare, "
              f"grouping) "
              f"| {(b - k) * 1e6:.2f} us | {(b - k) / s:.0%} |")
    print(f"| C kernel (nai_lif_run, exact, trace) | {k * 1e6:.2f} us | {k / s:.0%} |")
    print(f"| **LIFNeuron().simulate** | {s * 1e6:.2f} us | 100% |")
    print(f"| minimal extension call (benchmarks/slider_min.c) | {m * 1e6:.2f} us "
          f"| {m / s:.0%} |")
    print(f"\nsimulate / minimal call = {s / m:.2f}x (its own overhead beyond the kernel: "
          f"{(m - k) * 1e6:.1f} us).")

def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--brian2-python", metavar="PYTHON",
                    help="interpreter with Brian2 installed, if it does not import here")
    ap.add_argument("--no-native", action="store_true",
                    help="skip the sections against hand-written C (they need a C compiler)")
    ap.add_argument("--only-native", action="store_true",
                    help="run only the sections against hand-written C")
    ap.add_argument("--only-slider", action="store_true",
                    help="run only section 4, the slider call taken apart (seconds)")
    ap.add_argument("--kernel-ref", metavar="TREE",
                    help="another source tree (e.g. a checkout of an older commit) whose LIF "
                         "kernel is timed alongside and checked for identical spikes")
    ap.add_argument("--brian2-worker", metavar="JSON", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.brian2_worker:
        print(json.dumps(brian2_times(*json.loads(args.brian2_worker))))
        return 0
    if any((ROOT / "neuroai").glob("_core*")):
        sys.path.insert(0, str(ROOT))   # this checkout's build, as the C sections
    import neuroai

    dt = 0.1
    n = 5_000 if args.quick else 100_000
    duration = 100.0 if args.quick else 1000.0
    n_steps = int(round(duration / dt))
    I = np.linspace(15.0, 40.0, n) / R             # R*I over 15-40 mV
    view = np.broadcast_to(I, (n_steps, n))
    updates = n * n_steps
    repeat = 1 if args.quick else 3

    print(f"Machine: {machine()}\n")
    print(f"neuroai from {Path(neuroai.__file__).parent}\n")
    if args.only_slider:
        with tempfile.TemporaryDirectory() as tmp:
            print_slider_breakdown(slider_breakdown(Path(tmp), neuroai, slider_current(),
                                                    200 if args.quick else 2000))
        return 0
    if not args.only_native:
        python_sections(args, neuroai, n, duration, dt, n_steps, I, view, updates, repeat)
    if not args.no_native:
        with tempfile.TemporaryDirectory() as tmp:
            rows = kernel_vs_hand(Path(tmp), n, n_steps, dt, repeat, args.kernel_ref)
            print_kernel_table(rows, n, n_steps)
            print_slider_breakdown(slider_breakdown(Path(tmp), neuroai, slider_current(),
                                                    200 if args.quick else 2000))
    return 0


def python_sections(args, neuroai, n, duration, dt, n_steps, I, view, updates, repeat):
    """Sections 1 and 2: neuroai against NumPy and Brian2."""
    rows = []
    neuron = neuroai.LIFNeuron()
    neuron.simulate(view[:10], record_v=False)     # warm-up
    t_np, count_np = best(lambda: numpy_population(I, n_steps, dt), repeat)
    rows.append(("NumPy loop (exact propagator, grid spikes)", t_np, count_np))
    t_1, res1 = best(lambda: neuron.simulate(view, record_v=False, n_threads=1), repeat)
    rows.append(("neuroai exact, 1 thread", t_1, int(res1.spike_counts.sum())))
    t_all, res = best(lambda: neuron.simulate(view, record_v=False), repeat)
    nthr = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows.append((f"neuroai exact, {nthr} threads", t_all, int(res.spike_counts.sum())))
    t_eu, rese = best(lambda: neuron.simulate(view, method="euler", record_v=False,
                                              n_threads=1), 1)
    rows.append(("neuroai euler (course scheme), 1 thread", t_eu,
                 int(rese.spike_counts.sum())))
    b2 = None
    if not args.no_brian2:
        try:
            if args.brian2_python:
                b2 = brian2_remote(args.brian2_python, n, duration, dt, args.quick)
            else:
                b2 = brian2_times(n, duration, dt, args.quick)
            rows.append(("Brian2 (cython target, warm cache)", b2["population"], b2["spikes"]))
        except Exception as exc:                      # noqa: BLE001
            print(f"(Brian2 not run: {exc.__class__.__name__}: {exc})", file=sys.stderr)

    print(f"### Population: {n:,} LIF neurons, {duration:g} ms at dt = {dt} ms, "
          f"constant input (broadcast view), spikes only\n")
    print("| implementation | time [s] | neuron updates/s | vs NumPy loop | spikes |")
    print("|---|---:|---:|---:|---:|")
    for name, t, count in rows:
        print(f"| {name} | {t:.3f} | {updates / t:.3g} | {t_np / t:.1f}x | {count:,} |")

    # slider callback: one neuron, 1000 steps with trace
    I1 = np.zeros(1000)
    I1[100:800] = 2.5
    n1 = neuroai.LIFNeuron()
    n1.simulate(I1)
    calls = 200 if args.quick else 2000
    t_c = min(timeit.repeat(lambda: n1.simulate(I1), number=calls, repeat=5)) / calls
    t_ce = min(timeit.repeat(lambda: n1.simulate(I1, method="euler"), number=calls,
                             repeat=5)) / calls
    t_cn = min(timeit.repeat(lambda: numpy_single(I1, dt), number=20, repeat=3)) / 20
    srows = [("Python loop over steps (NumPy scalars)", t_cn),
             ("neuroai exact", t_c), ("neuroai euler", t_ce)]
    if b2 is not None:
        srows.append(("Brian2 (cython target, warm, store/restore)", b2["call"]))
    print("\n### Slider callback: one neuron, 1,000 steps, voltage trace recorded\n")
    print("| implementation | time per call | vs Python loop |")
    print("|---|---:|---:|")
    for name, t in srows:
        print(f"| {name} | {t * 1e6:,.1f} us | {t_cn / t:.0f}x |")


if __name__ == "__main__":
    sys.exit(main())
