"""Hopfield recall: neuroai against a NumPy loop and a hand-written C loop, in one run.

    python benchmarks/bench_hopfield.py            # n = 200 and 1000 (a minute)
    python benchmarks/bench_hopfield.py --quick    # small sizes, a smoke test

Workload: n units, P = 0.1 n random patterns stored by the Hebbian rule
(load alpha = 0.1, below the capacity 0.138), each recalled from a cue with
20 % of its units flipped until a fixed point; the time of all P recalls.

The baselines use the integer weights P^T P (W times n, the same signs), so
that their ties are exact like the kernel's.

- NumPy loop, asynchronous: what a student writes: for each sweep, for each
  unit in the order 0..n-1, ``h = W[i] @ s`` and the sign (one Python
  iteration and one small dot product per unit update).
- NumPy, synchronous: one ``W @ s`` (BLAS) and one ``np.where`` per sweep.
- hand C: benchmarks/hand_hopfield.c, the same loops in plain C with nothing
  recorded, compiled with setup.py's flags plus -march=native, called
  through ctypes.
- neuroai: ``Hopfield.recall`` (validation, the C kernel recording the
  states, the energy and the overlaps after every sweep).

The sequential and synchronous runs of every implementation follow the same
trajectory (checked: same final states, same sweeps); the random order of
neuroai's default asynchronous recall is timed too, per unit update.
Times are the CPU time of the calling thread, best of 5 (wall time in
brackets): on a shared machine that leaves out the waiting.  BLAS may use
more threads than the caller for ``W @ s``; their time is then not counted
(set OPENBLAS_NUM_THREADS=1 to compare one thread with one thread).
Prints Markdown tables; ratios are within one run.
"""
import argparse
import ast
import ctypes
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import time

import numpy as np
from timing import machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import neuroai  # noqa: E402
from neuroai import hopfield as H  # noqa: E402


def best(fn, repeat):
    """(shortest CPU time of this thread [s] over `repeat` calls of fn(), its
    wall time [s], fn's last result): on a shared machine the thread's CPU time
    leaves out the time it waited for a core."""
    shortest, wall, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        c0, t0 = time.thread_time(), time.perf_counter()
        out = fn()
        c1, t1 = time.thread_time(), time.perf_counter()
        if c1 - c0 < shortest:
            shortest, wall = c1 - c0, t1 - t0
    return shortest, wall, out


def core_flags():
    """setup.py's CORE_FLAGS: the hand loop is built like the extension."""
    for node in ast.parse((ROOT / "setup.py").read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CORE_FLAGS":
            return ast.literal_eval(node.value)
    raise RuntimeError("setup.py defines no CORE_FLAGS")


def hand_lib(tmp):
    out = Path(tmp) / "hand_hopfield.so"
    cmd = [os.environ.get("CC", "gcc"), *core_flags(), "-march=native", "-fPIC", "-shared",
           "-o", str(out), str(ROOT / "benchmarks" / "hand_hopfield.c")]
    subprocess.run(cmd, check=True)
    lib = ctypes.CDLL(str(out))
    d = ctypes.POINTER(ctypes.c_double)
    lib.hand_hopfield_async.restype = ctypes.c_int64
    lib.hand_hopfield_async.argtypes = [ctypes.c_int64, d, d, ctypes.c_int64]
    lib.hand_hopfield_sync.restype = ctypes.c_int64
    lib.hand_hopfield_sync.argtypes = [ctypes.c_int64, d, d, d, ctypes.c_int64]
    return lib


def numpy_async(w, cue, max_sweeps=100):
    s = cue.astype(np.float64)
    for sweep in range(1, max_sweeps + 1):
        changed = 0
        for i in range(s.size):
            h = w[i] @ s
            v = 1.0 if h > 0 else (-1.0 if h < 0 else s[i])
            if v != s[i]:
                s[i] = v
                changed += 1
        if changed == 0:
            return s, sweep
    return s, max_sweeps


def numpy_sync(w, cue, max_sweeps=100):
    s = cue.astype(np.float64)
    for sweep in range(1, max_sweeps + 1):
        h = w @ s
        new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))
        if np.array_equal(new, s):
            return s, sweep
        s = new
    return s, max_sweeps


def hand(lib, mode, w, cue, max_sweeps=100):
    s = cue.astype(np.float64)
    dp = ctypes.POINTER(ctypes.c_double)
    if mode == "async":
        k = lib.hand_hopfield_async(s.size, w.ctypes.data_as(dp), s.ctypes.data_as(dp),
                                    max_sweeps)
    else:
        h = np.empty_like(s)
        k = lib.hand_hopfield_sync(s.size, w.ctypes.data_as(dp), s.ctypes.data_as(dp),
                                   h.ctypes.data_as(dp), max_sweeps)
    return s, int(k)


def workload(n, seed=0):
    pats = H.random_patterns(max(1, n // 10), n, seed=seed)
    net = neuroai.Hopfield(n).store(pats)
    cues = [neuroai.corrupt(p, 0.2, seed=k) for k, p in enumerate(pats)]
    # the baselines take P^T P (integers, W times n): the same signs as W, and a
    # field that is 0 in exact arithmetic is 0, as in neuroai's kernel (with
    # W = P^T P / n in floats, sums of k/n leave residues of 1e-17 where the
    # exact field is 0, and trajectories part at such ties)
    c = pats.astype(np.float64).T @ pats.astype(np.float64)
    np.fill_diagonal(c, 0.0)
    return net, c, cues


def run_all(fn, cues):
    out = [fn(c) for c in cues]
    return [s for s, _ in out], sum(k for _, k in out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = (100, 200) if args.quick else (200, 1000)
    repeat = 1 if args.quick else 5
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        lib = hand_lib(tmp)
        for n in sizes:
            net, w, cues = workload(n)
            impls = {
                "async": [
                    ("NumPy loop (per unit)", lambda c: numpy_async(w, c)),
                    ("hand C", lambda c: hand(lib, "async", w, c)),
                    ("neuroai", lambda c: (lambda r: (r.state.astype(float), r.sweeps))(
                        net.recall(c, order="sequential"))),
                ],
                "sync": [
                    ("NumPy (W @ s per sweep)", lambda c: numpy_sync(w, c)),
                    ("hand C", lambda c: hand(lib, "sync", w, c)),
                    ("neuroai", lambda c: (lambda r: (r.state.astype(float), r.sweeps))(
                        net.recall(c, "sync"))),
                ],
            }
            print(f"### n = {n}, P = {len(cues)} patterns (alpha = {len(cues) / n:g}), "
                  f"{len(cues)} recalls from 20 % noise\n")
            print("| update | implementation | CPU time [ms] (wall) | sweeps | unit updates/s | "
                  "vs NumPy | vs hand C |")
            print("|---|---|---:|---:|---:|---:|---:|")
            for mode, rows in impls.items():
                results = []
                for name, fn in rows:
                    t, wall, (states, sweeps) = best(lambda: run_all(fn, cues), repeat)
                    results.append((name, t, wall, states, sweeps))
                ref_states, ref_sweeps = results[0][3], results[0][4]
                for _, _, _, states, sweeps in results[1:]:
                    assert sweeps == ref_sweeps, (mode, sweeps, ref_sweeps)
                    for a, b in zip(states, ref_states):
                        np.testing.assert_array_equal(a, b)
                t_np, t_hand = results[0][1], results[1][1]
                for name, t, wall, _, sweeps in results:
                    print(f"| {mode} | {name} | {1e3 * t:.2f} ({1e3 * wall:.2f}) | {sweeps} | "
                          f"{sweeps * n / t:.3g} | {t_np / t:.1f}x | {t / t_hand:.2f} |")
            # the default: a fresh random order every sweep (other trajectories,
            # so compared per unit update)
            t, wall, sweeps = best(lambda: sum(net.recall(c, seed=k).sweeps
                                               for k, c in enumerate(cues)), repeat)
            print(f"| async, random order | neuroai | {1e3 * t:.2f} ({1e3 * wall:.2f}) | {sweeps} | "
                  f"{sweeps * n / t:.3g} | | |\n")


if __name__ == "__main__":
    main()
