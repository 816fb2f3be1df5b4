"""Synapse and network speed: neuroai against vectorised NumPy and Brian2, in one run.

    python benchmarks/bench_synapses.py
    python benchmarks/bench_synapses.py --brian2-python /work/bench-venv/bin/python
    python benchmarks/bench_synapses.py --quick      # small sizes, a smoke test

Two workloads:

(a) synapses: 10,000 depressing Tsodyks-Markram synapses (U = 0.5,
    tau_rec = 800 ms, tau_fac = 0), each driven by its own 20 Hz Poisson train
    for 10 s (about 2 million spikes); the efficacy of every spike.
    neuroai: ``TsodyksMarkram(...).efficacies(trains)`` (one C call).
    NumPy: the recursion vectorised across synapses, looping over spike rank
    (the k-th spike of every synapse at once), synapses ordered by spike
    count so that each rank works on a contiguous slice; and the
    clock-driven loop of the course (all synapses updated every 0.1 ms step).
(b) network: 1,000 Poisson inputs at 10 Hz onto 1,000 LIF neurons (course
    parameters) through a 10 % sparse weight matrix (current-based
    exponential synapses, tau_syn = 5 ms, weights uniform in [0, 0.7] nA),
    10 s at dt = 0.1 ms, spikes only.
    neuroai: ``SpikingNetwork(weights).run(inputs, 10000)`` (exact method).
    NumPy: a loop over steps vectorised across neurons, the same exact
    propagator, input spikes of a step added through the CSR rows.
    Brian2 (optional, in a separate interpreter given by --brian2-python, as
    Brian2 needs an older NumPy): the same equations with method="exact",
    a SpikeGeneratorGroup with the same spikes, its default code generation
    target.

Every timing is the best of 3 (the machine may be shared).  Both workloads
check that the implementations agree before timing them.  Events per second:
(a) presynaptic spikes processed per second; (b) synaptic events (spikes x
targets) per second, with neuron updates per second alongside.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from timing import best, machine

U, TAU_REC = 0.5, 800.0
TAU_M, V_REST, V_RESET, V_TH, R, TAU_SYN = 20.0, -70.0, -80.0, -55.0, 10.0, 5.0


# ---------------------------------------------------------------------------
# (a) Tsodyks-Markram synapses
# ---------------------------------------------------------------------------

def numpy_tm(times, indices, n, U, tau_rec):
    """Efficacies of n independent depressing TM synapses, vectorised across
    synapses, looping over spike rank k (the k-th spike of every synapse).

    The spikes are laid out as a (max_k, n) table, synapses ordered by spike
    count (most first), so rank k works on the contiguous slice [:m_k] of
    row k.  The train-major order comes from a stable argsort on 16-bit keys
    when n allows it (NumPy then uses a radix sort)."""
    k_total = times.shape[0]
    counts = np.bincount(indices, minlength=n)
    keys = indices.astype(np.int16) if n <= np.iinfo(np.int16).max else indices
    order = np.argsort(keys, kind="stable")             # train-major, time-sorted
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    perm = np.argsort(-counts, kind="stable")           # most spikes first
    slot = np.empty(n, dtype=np.int64)
    slot[perm] = np.arange(n)
    syn = indices[order]
    col = slot[syn]
    rank = np.arange(k_total) - starts[syn]
    max_k = int(counts.max()) if n else 0
    flat = rank * n + col                                # position in the table
    table = np.zeros((max_k, n))
    table.ravel()[flat] = times[order]
    eff_table = np.empty((max_k, n))
    # synapses with more than k spikes (counts in slot order are descending)
    n_active = np.searchsorted(-counts[perm], -np.arange(max_k), side="left")
    x = np.ones(n)
    last = np.zeros(n)
    for k in range(max_k):
        m = n_active[k]
        t = table[k, :m]
        if k == 0:
            xs = np.ones(m)
        else:
            xs = x[:m]
            xs = 1.0 + (xs - xs * U - 1.0) * np.exp(-(t - last[:m]) / tau_rec)
        x[:m] = xs
        last[:m] = t
        eff_table[k, :m] = U * xs
    eff = np.empty(k_total)
    eff[order] = eff_table.ravel()[flat]
    return eff


def numpy_tm_grid(times, indices, n, U, tau_rec, duration, dt):
    """The clock-driven loop a course student writes (its DepressingSynapse,
    vectorised over synapses): every step all x recover, exactly over dt,
    then the synapses with a spike in the step release U*x.  Spikes act at
    the start of their step, so efficacies differ from the event-driven
    ones by O(U dt / tau_rec)."""
    n_steps = int(round(duration / dt))
    step = np.floor(times / dt + 1e-6).astype(np.int64)
    bounds = np.searchsorted(step, np.arange(n_steps + 1))
    decay = np.exp(-dt / tau_rec)
    x = np.ones(n)
    eff = np.empty(times.size)
    for i in range(n_steps):
        k0, k1 = bounds[i], bounds[i + 1]
        if k1 > k0:
            j = indices[k0:k1]          # at most one spike per train and step
            e = U * x[j]
            eff[k0:k1] = e
            x[j] -= e
        x = 1.0 - (1.0 - x) * decay
    return eff


def one_per_step(trains, dt):
    """Brian2's SpikeGeneratorGroup takes at most one spike per train and
    step (it rounds times to steps, neuroai floors them): drop every spike
    closer than 1.5 dt to the previous kept spike of its train, for all
    implementations alike, so that they process the same spikes (a fraction
    of about rate * 1.5 dt of them, 0.3 % at 20 Hz)."""
    import neuroai
    order = np.lexsort((trains.times, trains.indices))      # train-major
    t, i = trains.times[order], trains.indices[order]
    keep = np.ones(t.size, dtype=bool)
    # only spikes closer than 1.5 dt to their predecessor need a look
    gaps = np.diff(t) < 1.5 * dt
    same = np.diff(i) == 0
    candidates = np.flatnonzero(gaps & same) + 1
    for k in candidates:
        j = k - 1
        while not keep[j]:
            j -= 1
        if t[k] - t[j] < 1.5 * dt:
            keep[k] = False
    kept = np.sort(order[keep])
    return neuroai.SpikeTrains(trains.times[kept], trains.indices[kept], n=trains.n,
                               duration=trains.duration)


def bench_synapses(n_syn, duration, seed=1, brian2_python=None):
    import neuroai
    trains = one_per_step(neuroai.poisson(rate=20.0, duration=duration, n=n_syn,
                                          seed=seed), 0.1)
    tm = neuroai.TsodyksMarkram(U=U, tau_rec=TAU_REC)
    k = len(trains)
    ref = numpy_tm(trains.times, trains.indices, n_syn, U, TAU_REC)
    got = tm.efficacies(trains)
    err = float(np.max(np.abs(got - ref))) if k else 0.0
    assert err < 1e-12, f"neuroai and NumPy efficacies differ by {err}"
    t_nai, _ = best(lambda: tm.efficacies(trains))
    t_np, _ = best(lambda: numpy_tm(trains.times, trains.indices, n_syn, U, TAU_REC))
    t_grid, grid = best(lambda: numpy_tm_grid(trains.times, trains.indices, n_syn, U,
                                                 TAU_REC, duration, 0.1), repeat=1)
    grid_err = float(np.max(np.abs(grid - ref))) if k else 0.0
    assert grid_err < 1e-3, f"the clock-driven loop is off by {grid_err}"
    out = dict(events=k, neuroai=t_nai, numpy=t_np, numpy_grid=t_grid, max_abs_diff=err,
               grid_abs_diff=grid_err, total_efficacy=float(got.sum()))
    if brian2_python:
        out["brian2"] = run_brian2(brian2_python, kind="synapses", times=trains.times,
                                   src=trains.indices, n=n_syn, duration=duration, dt=0.1)
    return out


# ---------------------------------------------------------------------------
# (b) network
# ---------------------------------------------------------------------------

def make_network_inputs(n_in, n, duration, seed=2):
    import neuroai
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.0, 0.7, (n_in, n))
    w[rng.random((n_in, n)) >= 0.1] = 0.0
    inputs = one_per_step(neuroai.poisson(rate=10.0, duration=duration, n=n_in,
                                          seed=seed + 1), 0.1)
    return w, inputs


def numpy_network(indptr, indices, weights, times, src, n, n_steps, dt):
    """Exact current-based LIF network, loop over steps, vectorised across
    neurons; returns (spike count, spikes per neuron)."""
    P22, P11 = np.exp(-dt / TAU_M), np.exp(-dt / TAU_SYN)
    P21 = R * TAU_SYN / (TAU_SYN - TAU_M) * (P11 - P22)
    v = np.full(n, V_REST)
    I = np.zeros(n)
    counts = np.zeros(n, dtype=np.int64)
    step_of = np.floor(times / dt + 1e-6).astype(np.int64)
    bounds = np.searchsorted(step_of, np.arange(n_steps + 1))
    # connections of each input spike, concatenated in spike order
    lens = indptr[src + 1] - indptr[src]
    first = np.repeat(indptr[src] - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
    tgt_all, w_all = indices[first], weights[first]
    cbounds = np.zeros(len(times) + 1, dtype=np.int64)
    np.cumsum(lens, out=cbounds[1:])
    for i in range(n_steps):
        a, b = bounds[i], bounds[i + 1]
        if b > a:
            c0, c1 = cbounds[a], cbounds[b]
            np.add.at(I, tgt_all[c0:c1], w_all[c0:c1])
        v -= V_REST
        v *= P22
        v += V_REST
        v += P21 * I
        I *= P11
        fired = np.flatnonzero(v >= V_TH)
        if fired.size:
            v[fired] = V_RESET
            counts[fired] += 1
    return counts


def bench_network(n_in, n, duration, dt, brian2_python=None):
    import neuroai
    w, inputs = make_network_inputs(n_in, n, duration)
    net = neuroai.SpikingNetwork(w, tau_syn=TAU_SYN)
    n_steps = int(round(duration / dt))
    ptr = net.indptr
    syn_events = int(np.sum(ptr[inputs.indices + 1] - ptr[inputs.indices]))
    res = net.run(inputs, duration, dt=dt)
    ref = numpy_network(net.indptr, net.indices, net.weights, inputs.times,
                        inputs.indices, n, n_steps, dt)
    got = res.spikes.counts()
    mismatch = int(np.sum(np.abs(got - ref)))
    t_nai, _ = best(lambda: net.run(inputs, duration, dt=dt))
    t_np, _ = best(lambda: numpy_network(net.indptr, net.indices, net.weights,
                                             inputs.times, inputs.indices, n, n_steps, dt))
    out = dict(input_spikes=len(inputs), syn_events=syn_events, neuron_updates=n * n_steps,
               output_spikes=int(got.sum()), numpy_output_spikes=int(ref.sum()),
               count_mismatch=mismatch, neuroai=t_nai, numpy=t_np)
    if brian2_python:
        out["brian2"] = run_brian2(brian2_python, kind="network", indptr=net.indptr,
                                   indices=net.indices, weights=net.weights,
                                   times=inputs.times, src=inputs.indices, n=n,
                                   n_in=net.n_inputs, duration=duration, dt=dt)
    return out


def run_brian2(python, **arrays):
    """Run the Brian2 worker in `python` on the given arrays; a dict with its
    timing, or with an error."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "job.npz")
        np.savez(path, **arrays)
        try:
            proc = subprocess.run([python, os.path.abspath(__file__), "--brian2-worker",
                                   path], capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.TimeoutExpired) as e:
            return dict(error=str(e))
        if proc.returncode != 0:
            return dict(error=proc.stderr.strip().splitlines()[-1] if proc.stderr else
                        f"exit code {proc.returncode}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def brian2_worker(path):
    """Runs inside the Brian2 interpreter: build, run 3 times, report the best."""
    z = np.load(path)
    if str(z["kind"]) == "synapses":
        brian2_synapses(z)
    else:
        brian2_network(z)


def brian2_synapses(z):
    """n depressing TM synapses, each from its own input train onto its own
    target, the efficacy U*x of every spike summed into the target; the
    synapse state updated only at spikes (exact between them), as in
    neuroai, but at the step times (Brian2 delivers spikes on the grid)."""
    import brian2 as b2
    n, duration, dt = int(z["n"]), float(z["duration"]), float(z["dt"])
    best = float("inf")
    total = None
    for _ in range(3):
        b2.start_scope()
        b2.defaultclock.dt = dt * b2.ms
        inp = b2.SpikeGeneratorGroup(n, z["src"], z["times"] * b2.ms)
        G = b2.NeuronGroup(n, "total : 1")
        S = b2.Synapses(inp, G, "x : 1\nfirst : 1\ntlast : second",
                        on_pre="x = first + (1 - first) * (1 + (x - U*x - 1) * "
                               "exp(-(t - tlast)/tau_rec))\n"
                               "first = 0\ntlast = t\ntotal_post += U*x",
                        namespace=dict(U=U, tau_rec=TAU_REC * b2.ms))
        S.connect(j="i")
        S.x = 1.0
        S.first = 1.0
        netw = b2.Network(inp, G, S)
        t0 = time.perf_counter()
        netw.run(duration * b2.ms)
        best = min(best, time.perf_counter() - t0)
        total = float(np.sum(G.total[:]))
        used = type(S.pre.codeobj).__name__
    print(json.dumps(dict(time=best, total_efficacy=total,
                          target=f"{b2.prefs.codegen.target} -> {used}",
                          version=b2.__version__, numpy=np.__version__)))


def brian2_network(z):
    import brian2 as b2
    n, n_in = int(z["n"]), int(z["n_in"])
    duration, dt = float(z["duration"]), float(z["dt"])
    indptr, indices, weights = z["indptr"], z["indices"], z["weights"]
    rows = np.repeat(np.arange(n_in), np.diff(indptr))
    b2.defaultclock.dt = dt * b2.ms
    best, count = float("inf"), None
    for _ in range(3):
        b2.start_scope()
        b2.defaultclock.dt = dt * b2.ms
        inp = b2.SpikeGeneratorGroup(n_in, z["src"], z["times"] * b2.ms)
        eqs = ("dv/dt = (-(v - v_rest) + R_m*I)/tau_m : volt\n"
               "dI/dt = -I/tau_syn : amp")
        G = b2.NeuronGroup(n, eqs, threshold="v >= v_th", reset="v = v_reset",
                           method="exact",
                           namespace=dict(v_rest=V_REST * b2.mV, R_m=R * b2.Mohm,
                                          tau_m=TAU_M * b2.ms, tau_syn=TAU_SYN * b2.ms,
                                          v_th=V_TH * b2.mV, v_reset=V_RESET * b2.mV))
        G.v = V_REST * b2.mV
        S = b2.Synapses(inp, G, "w : amp", on_pre="I += w")
        S.connect(i=rows, j=indices)
        S.w = weights * b2.nA
        mon = b2.SpikeMonitor(G, record=False)
        netw = b2.Network(inp, G, S, mon)
        t0 = time.perf_counter()
        netw.run(duration * b2.ms)
        best = min(best, time.perf_counter() - t0)
        count = int(mon.num_spikes)
        used = type(G.state_updater.codeobj).__name__
    print(json.dumps(dict(time=best, output_spikes=count,
                          target=f"{b2.prefs.codegen.target} -> {used}",
                          version=b2.__version__, numpy=np.__version__)))


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--brian2-python", default=None,
                    help="interpreter with Brian2 installed, for the network comparison")
    ap.add_argument("--brian2-worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.brian2_worker:
        brian2_worker(args.brian2_worker)
        return
    if args.quick:
        n_syn, dur_a, n_in, n, dur_b = 500, 1000.0, 100, 100, 500.0
    else:
        n_syn, dur_a, n_in, n, dur_b = 10_000, 10_000.0, 1000, 1000, 10_000.0
    print(f"machine: {machine()}")
    if args.brian2_python is None:
        print("\nnote: Brian2 skipped (give --brian2-python PATH to include it)")
    a = bench_synapses(n_syn, dur_a, brian2_python=args.brian2_python)
    print(f"\n(a) {n_syn} depressing TM synapses x 20 Hz x {dur_a / 1000:g} s: "
          f"{a['events']} spikes, max |neuroai - NumPy| = {a['max_abs_diff']:.1e}, "
          f"sum of efficacies {a['total_efficacy']:.6g}\n")
    print("| implementation | wall time [s] | events/s | ratio to NumPy |")
    print("|---|---|---|---|")
    rows = [("neuroai `TsodyksMarkram.efficacies`", a["neuroai"]),
            ("NumPy, vectorised over synapses", a["numpy"]),
            (f"NumPy, clock-driven loop over 0.1 ms steps (max |diff| "
             f"{a['grid_abs_diff']:.1e})", a["numpy_grid"])]
    br = a.get("brian2")
    if br is not None and "time" in br:
        rows.append((f"Brian2 {br['version']} (target {br['target']}, NumPy {br['numpy']}; "
                     f"sum of efficacies {br['total_efficacy']:.6g})", br["time"]))
    elif br is not None:
        print(f"note: Brian2 failed: {br['error']}")
    for name, t in rows:
        print(f"| {name} | {t:.4f} | {a['events'] / t:.3g} | {a['numpy'] / t:.3g}x |")
    b = bench_network(n_in, n, dur_b, 0.1, args.brian2_python)
    print(f"\n(b) {n_in} Poisson inputs (10 Hz) -> {n} LIF neurons, 10 % connectivity, "
          f"{dur_b / 1000:g} s at dt = 0.1 ms: {b['input_spikes']} input spikes, "
          f"{b['syn_events']} synaptic events, {b['neuron_updates']} neuron updates, "
          f"{b['output_spikes']} output spikes (NumPy {b['numpy_output_spikes']}, "
          f"per-neuron count mismatch {b['count_mismatch']})\n")
    print("| implementation | wall time [s] | synaptic events/s | neuron updates/s | "
          "ratio to NumPy |")
    print("|---|---|---|---|---|")
    rows = [("neuroai `SpikingNetwork.run`", b["neuroai"]),
            ("NumPy, loop over steps", b["numpy"])]
    br = b.get("brian2")
    if br is not None and "time" in br:
        rows.append((f"Brian2 {br['version']} (target {br['target']}, NumPy {br['numpy']}, "
                     f"{br['output_spikes']} output spikes)", br["time"]))
    elif br is not None:
        print(f"note: Brian2 failed: {br['error']}")
    for name, t in rows:
        print(f"| {name} | {t:.3f} | {b['syn_events'] / t:.3g} | "
              f"{b['neuron_updates'] / t:.3g} | {b['numpy'] / t:.1f}x |")


if __name__ == "__main__":
    sys.exit(main())
