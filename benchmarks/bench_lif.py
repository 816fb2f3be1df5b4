"""LIF speed: neuroai against a vectorised NumPy loop and Brian2, in one run.

    python benchmarks/bench_lif.py            # full sizes (about a minute)
    python benchmarks/bench_lif.py --quick    # small sizes, for a smoke test
    python benchmarks/bench_lif.py --brian2-python /path/to/venv/bin/python

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
"""
import argparse
import json
import os
import subprocess
import sys
import timeit

import numpy as np
from timing import best, machine

TAU, V_REST, V_RESET, V_TH, R = 20.0, -70.0, -80.0, -55.0, 10.0


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


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--brian2-python", metavar="PYTHON",
                    help="interpreter with Brian2 installed, if it does not import here")
    ap.add_argument("--brian2-worker", metavar="JSON", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.brian2_worker:
        print(json.dumps(brian2_times(*json.loads(args.brian2_worker))))
        return 0
    import neuroai

    dt = 0.1
    n = 5_000 if args.quick else 100_000
    duration = 100.0 if args.quick else 1000.0
    n_steps = int(round(duration / dt))
    I = np.linspace(15.0, 40.0, n) / R             # R*I over 15-40 mV
    view = np.broadcast_to(I, (n_steps, n))
    updates = n * n_steps
    repeat = 1 if args.quick else 3

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

    print(f"Machine: {machine()}\n")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
