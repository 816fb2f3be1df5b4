"""CUBA with STDP on the excitatory-to-excitatory synapses: neuroai (plastic
and static) against a hand-written C loop of the same model, NEST and
Brian2, in one run.

    python benchmarks/bench_stdp.py [--n 4000] [--duration 1000] [--repeat 3]
                                    [--nest-python /work/venv-nest/bin/python | --no-nest]
                                    [--brian2-python /work/venv-brian2/bin/python | --no-brian2]

The network is benchmarks/circuit_net.py's CUBA (Brette et al. 2007; N
neurons, 80 % excitatory, p = 80/N, dt = 0.1 ms, delay 2 steps), with its
excitatory rows split into E -> E (plastic) and E -> I (fixed).  The rule:
additive all-to-all STDP, tau_plus = tau_minus = 20 ms, lambda = 0.01,
alpha = 1.05, w_max = 2 x 1.62 nA, so the E -> E weights start at half of
w_max.  Times are the run's call only (the build excluded), best of
--repeat, all in one process per engine, one thread.

A plastic-synapse event is one weight update: a spike of an excitatory
neuron updates its E -> E out-connections (depression, at the pre spike) and
its E -> E in-connections (facilitation, as its spike reaches them), so
events = sum over E spikes of (out-degree + in-degree in E -> E).  Static
events are every spike's out-connections.

The hand loop is benchmarks/hand_circuit.c with its STDP option (built with
setup.py's flags plus -march=native, as bench_circuit.py builds it): the
limit.  It follows the same equations and step order, so its raster and its
final E -> E weights must equal neuroai's bit for bit (checked here, printed
below the table).

NEST (3.10, iaf_psc_exp, stdp_synapse with the same parameters, Wmax in pA;
tau_minus a parameter of the neuron) runs the same connections and V(0)
with NEST's delay of 0.1 ms (our 2 steps, benchmarks/nest_circuit.py) --
NEST's dendritic delay is then 0.1 ms, ours 0.2 ms, and plasticity makes the
two rasters part ways, so only the rates of work are compared.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import circuit_net as cn  # noqa: E402
from bench_circuit import build_hand, run_hand  # noqa: E402

RULE = dict(tau_plus=20.0, tau_minus=20.0, lambda_=0.01, alpha=1.05)


def split_exc(net):
    """CSR (weights, indices, indptr) of E->E and E->I and of the inhibitory
    rows (onto everyone), each over all n presynaptic rows."""
    n, ne = net["n"], net["n_exc"]
    ip, ix, w = net["indptr"], net["indices"].astype(np.int64), net["weights"]
    rows = np.repeat(np.arange(n), np.diff(ip))
    out = {}
    for name, m in (("ee", (rows < ne) & (ix < ne)), ("ei", (rows < ne) & (ix >= ne)),
                    ("inh", rows >= ne)):
        cnt = np.bincount(rows[m], minlength=n)
        ptr = np.zeros(n + 1, np.int64)
        np.cumsum(cnt, out=ptr[1:])
        out[name] = (w[m].copy(), ix[m].copy(), ptr)
    return out


def events(net, parts, spikes_n, plastic):
    """Plastic-synapse events (plastic) or synaptic events of the raster."""
    n, ne = net["n"], net["n_exc"]
    w, ix, ip = parts["ee"]
    out_ee = np.diff(ip)
    in_ee = np.bincount(ix, minlength=n)
    if plastic:
        per = (out_ee + in_ee)
        per[ne:] = 0
        return int(per[spikes_n].sum())
    return int(np.diff(net["indptr"])[spikes_n].sum())


# -- neuroai -----------------------------------------------------------------------------

def neuroai_run(net, plastic, repeat):
    import neuroai
    dt, n = net["dt"], net["n"]
    parts = split_exc(net)
    best, res = np.inf, None
    for _ in range(repeat):
        c = neuroai.Circuit(dt=dt, method="exact", seed=0)
        P = c.population(n, name="P", receptors={"exc": net["tau_e"], "inh": net["tau_i"]},
                         tau_m=net["tau_m"], v_rest=net["v_rest"], v_reset=net["v_reset"],
                         v_threshold=net["v_th"], resistance=net["R"], t_ref=net["t_ref"],
                         v_init=net["v0"])
        d = net["delay_steps"] * dt
        rule = (neuroai.STDP(w_max=2 * float(parts["ee"][0].max()), **RULE) if plastic
                else None)
        c.connect(P, P, "exc", weights=parts["ee"], delay=d, plasticity=rule, name="ee")
        c.connect(P, P, "exc", weights=parts["ei"], delay=d, name="ei")
        c.connect(P, P, "inh", weights=parts["inh"], delay=d, name="inh")
        t0 = time.perf_counter()
        res = c.run(net["n_steps"] * dt, n_threads=1, progress=False)
        best = min(best, time.perf_counter() - t0)
    sp = res.spikes["P"]
    w_ee = res.weights["ee"] if plastic else parts["ee"][0]
    steps = np.rint(np.asarray(sp.times) / dt).astype(np.int64)
    return dict(wall=best, spikes=int(sp.times.size),
                events=events(net, parts, np.asarray(sp.indices), plastic),
                w_mean=float(np.mean(w_ee)), rate=sp.times.size / n / (net["n_steps"] * dt) * 1e3,
                raster=cn.sort_raster(steps, np.asarray(sp.indices)), w=w_ee)


# -- the hand loop (benchmarks/hand_circuit.c) ---------------------------------------------

def hand_run(exe, net, tmp, plastic, repeat):
    parts = split_exc(net)
    path, rast, wf = Path(tmp) / "net.bin", Path(tmp) / "raster.bin", Path(tmp) / "w.bin"
    cn.write(net, path)
    rule = ([repr(RULE["tau_plus"]), repr(RULE["tau_minus"]), repr(RULE["lambda_"]),
             repr(RULE["alpha"]), repr(2 * float(parts["ee"][0].max())), str(wf)]
            if plastic else [])
    runs = [run_hand(exe, path, rast, rule) for _ in range(repeat)]
    steps, neurons = runs[-1][1]
    return dict(wall=min(r["wall"] for r, _ in runs), spikes=int(steps.size),
                events=events(net, parts, np.asarray(neurons, dtype=np.int64), plastic),
                rate=steps.size / net["n"] / (net["n_steps"] * net["dt"]) * 1e3,
                raster=(np.asarray(steps, dtype=np.int64), np.asarray(neurons, dtype=np.int64)),
                w=np.fromfile(wf) if plastic else parts["ee"][0])


def same(a, b):
    """'identical' if rows a and b have the same raster and E -> E weights."""
    ra, rb = a["raster"], b["raster"]
    r = ra[0].size == rb[0].size and all(np.array_equal(x, y) for x, y in zip(ra, rb))
    w = a["w"].shape == b["w"].shape and np.array_equal(a["w"], b["w"])
    return ("raster and weights identical" if r and w else
            f"raster {'identical' if r else 'differs'}, weights "
            f"{'identical' if w else 'differ by %.3g' % np.max(np.abs(a['w'] - b['w']))}")


# -- NEST (its own interpreter: --nest NETFILE) ---------------------------------------------

def nest_run(path, plastic, repeat):
    import nest
    net = cn.read(path)
    dt, n = net["dt"], net["n"]
    parts = split_exc(net)
    best, out = np.inf, None
    for _ in range(repeat):
        nest.ResetKernel()
        if hasattr(nest, "VerbosityLevel"):
            nest.verbosity = nest.VerbosityLevel.ERROR
        nest.SetKernelStatus({"resolution": dt, "local_num_threads": 1, "print_time": False})
        P = nest.Create("iaf_psc_exp", n, params={
            "C_m": net["tau_m"] / net["R"] * 1000.0, "tau_m": net["tau_m"],
            "E_L": net["v_rest"], "V_th": net["v_th"], "V_reset": net["v_reset"],
            "t_ref": net["t_ref"], "tau_syn_ex": net["tau_e"], "tau_syn_in": net["tau_i"],
            "I_e": 0.0, "tau_minus": RULE["tau_minus"]})
        P.V_m = net["v0"]
        gids = np.asarray(P.tolist())
        D = (net["delay_steps"] - 1) * dt
        for name in ("ee", "ei", "inh"):
            w, ix, ip = parts[name]
            pre = np.repeat(np.arange(n), np.diff(ip))
            spec = {"weight": w * 1000.0, "delay": np.full(w.size, D)}
            if name == "ee" and plastic:
                spec.update(synapse_model="stdp_synapse", tau_plus=RULE["tau_plus"],
                            alpha=RULE["alpha"], mu_plus=0.0, mu_minus=0.0,
                            Wmax=2 * 1000.0 * float(parts["ee"][0].max()))
                spec["lambda"] = RULE["lambda_"]
            else:
                spec["synapse_model"] = "static_synapse"
            nest.Connect(gids[pre], gids[ix], "one_to_one", syn_spec=spec)
        rec = nest.Create("spike_recorder")
        nest.Connect(P, rec)
        t0 = time.perf_counter()
        nest.Simulate(net["n_steps"] * dt)
        wall = time.perf_counter() - t0
        if wall < best:
            best = wall
            senders = np.asarray(rec.get("events")["senders"]) - int(gids[0])
            out = senders
    return dict(wall=best, spikes=int(out.size), events=events(net, parts, out, plastic),
                rate=out.size / n / (net["n_steps"] * dt) * 1e3, version=nest.__version__)


# -- Brian2 (its own interpreter: --brian2 NETFILE --target T) -------------------------------

def brian2_run(path, plastic, repeat, target, build_dir):
    import brian2 as b2
    b2.prefs.logging.console_log_level = "WARNING"
    net = cn.read(path)
    dt, n = net["dt"], net["n"]
    parts = split_exc(net)
    ms, mV = b2.ms, b2.mV
    w_e = float(parts["ee"][0].max())
    ns = {"taum": net["tau_m"] * ms, "taue": net["tau_e"] * ms, "taui": net["tau_i"] * ms,
          "El": net["v_rest"] * mV, "Vt": net["v_th"] * mV, "Vr": net["v_reset"] * mV,
          "we": net["R"] * w_e * mV, "wi": net["R"] * float(parts["inh"][0].min()) * mV,
          "taupre": RULE["tau_plus"] * ms, "taupost": RULE["tau_minus"] * ms,
          "lam": RULE["lambda_"], "alpha": RULE["alpha"], "wmax": 2 * net["R"] * w_e * mV}
    if target == "cpp_standalone":
        b2.set_device("cpp_standalone", build_on_run=False)
    else:
        b2.prefs.codegen.target = "cython"
    b2.defaultclock.dt = dt * ms
    eqs = """
    dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt
    """
    # the benchmark_circuit conventions (brian2_circuit.py): refractory + dt,
    # Brian2's delay of one step less than neuroai's
    G = b2.NeuronGroup(n, eqs, threshold="v >= Vt", reset="v = Vr",
                       refractory=net["t_ref"] * ms + dt * ms, method="exact", namespace=ns)
    G.v = net["v0"] * mV
    d = (net["delay_steps"] - 1) * dt * ms
    syn = []
    for name in ("ee", "ei", "inh"):
        ix, ip = parts[name][1], parts[name][2]
        pre = np.repeat(np.arange(n), np.diff(ip))
        if name == "ee" and plastic:
            S = b2.Synapses(G, G, model="""w : volt
                            dapre/dt = -apre / taupre : 1 (event-driven)
                            dapost/dt = -apost / taupost : 1 (event-driven)""",
                            on_pre="""w = clip(w - alpha * lam * wmax * apost, 0 * mV, wmax)
                            apre += 1
                            ge_post += w""",
                            on_post="""apost += 1
                            w = clip(w + lam * wmax * apre, 0 * mV, wmax)""", namespace=ns)
            S.connect(i=pre, j=ix)
            S.w = "we"
        else:
            S = b2.Synapses(G, G, on_pre=("gi_post += wi" if name == "inh" else "ge_post += we"),
                            namespace=ns)
            S.connect(i=pre, j=ix)
        S.delay = d
        syn.append(S)
    M = b2.SpikeMonitor(G)
    duration = net["n_steps"] * dt * ms
    runs = []
    bnet = b2.Network(G, *syn, M)
    if target == "cpp_standalone":
        bnet.run(duration)
        b2.device.build(directory=build_dir, compile=True, run=True, with_output=False)
        runs.append(b2.device._last_run_time)
        senders = np.asarray(M.i, dtype=np.int64)
        for _ in range(repeat - 1):
            b2.device.run(with_output=False)
            runs.append(b2.device._last_run_time)
    else:
        bnet.store()
        bnet.run(duration)              # the first run compiles; not counted
        senders = np.asarray(M.i, dtype=np.int64)
        for _ in range(repeat):
            bnet.restore()
            bnet.run(duration)
            runs.append(b2.device._last_run_time)
    best = min(runs[1:] if len(runs) > 1 else runs)
    return dict(wall=best, spikes=int(senders.size), events=events(net, parts, senders, plastic),
                rate=senders.size / n / (net["n_steps"] * dt) * 1e3, version=b2.__version__)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--duration", type=float, default=1000.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--nest-python", default="/work/venv-nest/bin/python")
    ap.add_argument("--no-nest", action="store_true")
    ap.add_argument("--brian2-python", default="/work/venv-brian2/bin/python")
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--nest", help=argparse.SUPPRESS)
    ap.add_argument("--brian2", help=argparse.SUPPRESS)
    ap.add_argument("--target", default="cpp_standalone", help=argparse.SUPPRESS)
    ap.add_argument("--plastic", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--build-dir", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.nest:
        print(json.dumps({k: nest_run(args.nest, k == "plastic", args.repeat)
                          for k in ("static", "plastic")}))
        return
    if args.brian2:
        print(json.dumps(brian2_run(args.brian2, bool(args.plastic), args.repeat, args.target,
                                    args.build_dir)))
        return
    sys.path.insert(0, str(ROOT))
    from timing import machine
    net = cn.build("cuba", args.n, duration=args.duration, delay_steps=2)
    rows = {}
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_hand(tmp)
        for k in ("static", "plastic"):
            rows[f"hand C loop {k}"] = hand_run(exe, net, tmp, k == "plastic", args.repeat)
    for k in ("static", "plastic"):
        rows[f"neuroai {k}"] = neuroai_run(net, k == "plastic", args.repeat)
    checks = [f"neuroai {k} vs hand C loop {k}: "
              f"{same(rows[f'neuroai {k}'], rows[f'hand C loop {k}'])}"
              for k in ("static", "plastic")]
    nest_note = ""
    if not args.no_nest and Path(args.nest_python).exists():
        tmp = HERE / f".bench_stdp_{args.n}.bin"
        cn.write(net, tmp)
        try:
            out = subprocess.run([args.nest_python, __file__, "--nest", str(tmp),
                                  "--repeat", str(args.repeat)], capture_output=True,
                                 text=True, check=True).stdout
            for k, r in json.loads(out.strip().splitlines()[-1]).items():
                nest_note = r.pop("version")
                rows[f"NEST {nest_note} {k}"] = r
        finally:
            tmp.unlink()
    if not args.no_brian2 and Path(args.brian2_python).exists():
        tmp = HERE / f".bench_stdp_b2_{args.n}.bin"
        cn.write(net, tmp)
        try:
            for target in ("cpp_standalone", "cython"):
                for k in ("static", "plastic"):
                    with tempfile.TemporaryDirectory() as bd:
                        out = subprocess.run(
                            [args.brian2_python, __file__, "--brian2", str(tmp), "--target",
                             target, "--plastic", str(int(k == "plastic")), "--repeat",
                             str(args.repeat), "--build-dir", bd],
                            capture_output=True, text=True, check=True,
                            env=dict(os.environ, OMP_NUM_THREADS="1")).stdout
                    r = json.loads(out.strip().splitlines()[-1])
                    ver = r.pop("version")
                    rows[f"Brian2 {ver} {target} {k}"] = r
        finally:
            tmp.unlink()
    print(f"CUBA-{args.n}, {args.duration:g} ms, dt = {net['dt']} ms; {machine()}")
    print()
    print("| engine | wall [s] | spikes | rate [Hz] | events | events/s | "
          "plastic / static wall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        static = rows.get(name.replace("plastic", "static"))
        ratio = f"{r['wall'] / static['wall']:.2f}" if "plastic" in name and static else ""
        print(f"| {name} | {r['wall']:.3f} | {r['spikes']:,} | {r['rate']:.1f} | "
              f"{r['events']:,} | {r['events'] / r['wall']:.3g} | {ratio} |")
    print()
    for line in checks:
        print(line)
    print()
    for who in ("neuroai", "hand C loop"):
        a = rows[f"{who} plastic"]
        for name, b in rows.items():
            if name.endswith("plastic") and not name.startswith(who):
                print(f"plastic-synapse events/s, {who} / {name[:-8]}: "
                      f"{(a['events'] / a['wall']) / (b['events'] / b['wall']):.2f}")


if __name__ == "__main__":
    main()
