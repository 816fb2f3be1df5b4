"""Recurrent circuits: neuroai.Circuit against a hand-written C loop and Brian2, in one run.

    python benchmarks/bench_circuit.py                 # everything (about 15 minutes)
    python benchmarks/bench_circuit.py --quick         # small sizes, a smoke test
    python benchmarks/bench_circuit.py --no-brian2     # neuroai and the hand loop only
    python benchmarks/bench_circuit.py --brian2-python /work/venv-brian2/bin/python
    python benchmarks/bench_circuit.py --only-nest     # the NEST table alone

Workloads (benchmarks/circuit_net.py, which also writes the network file
every engine reads, so all of them run the same connections and the same
initial state): CUBA with 4,000 and 40,000 neurons and COBA with 4,000
(Brette et al. 2007, benchmarks 2 and 1), 1 s at dt = 0.1 ms, every
recurrent connection with a delay of one step, spikes recorded.

Engines:
- hand: benchmarks/hand_circuit.c, plain C99 compiled here with setup.py's
  CORE_FLAGS plus -march=native, one thread; it times its own loop.  For
  COBA it is built twice, with the C library's exp() (one value at a time)
  and with neuroai's nai_vexp() (plain C that vectorises), and the faster
  one is the limit the ratios divide by.
- neuroai: neuroai.Circuit, one population with the two receptors and two
  projections (excitatory rows onto "exc", inhibitory rows onto "inh") given
  as CSR; the time is the whole net.run() call, on 1 thread and on 2.
- Brian2 2.9 (if its interpreter is found; it needs NumPy < 2.4, so it runs
  in its own environment): benchmarks/brian2_circuit.py, cpp_standalone and
  the runtime (Cython) target; the time is Brian2's own measurement of its
  time loop, the whole first call (code generation and compilation
  included) reported beside it.
- NEST 3.10 (if /work/venv-nest or --nest-python exists; pip install
  nest-simulator): benchmarks/nest_circuit.py, iaf_psc_exp, CUBA only, on
  the same network with a delay of 2 steps (NEST's smallest delay, 0.1 ms,
  acts one step later than a delay of one step here), hand loop and
  neuroai run on that network too; the time is NEST's Simulate() call.
Each engine runs --repeat times (default 3), interleaved, and the tables give
the median; ratios are taken between medians of the same run.  Wall times
on a machine shared with other jobs move; the CPU time of the hand loop and
of neuroai (process CPU time) is given too, and for Brian2 the CPU time of
its whole binary (cpp_standalone) or its whole net.run() call (Cython),
repeats after the first.

Rasters are compared spike by spike (same step, same neuron) with the hand
loop's; the first difference is printed with the spikes of that step.
Then a scaling table: CUBA from 1,000 to 100,000 neurons, hand loop and
neuroai, with p = 80 / N (80 inputs per neuron at every size).
"""
import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))  # this tree's neuroai, not an installed one
import circuit_net as cn  # noqa: E402
from timing import machine  # noqa: E402

DEFAULT_B2 = "/work/venv-brian2/bin/python"
DEFAULT_NEST = "/work/venv-nest/bin/python"


# -- machine and versions -----------------------------------------------------

def describe_machine():
    """lscpu's model and core counts, the widest vector ISA, load average."""
    info = {}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            k, _, v = line.partition(":")
            info[k.strip()] = v.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    flags = info.get("Flags", "").split()
    isa = ("AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags
           else "SSE2" if "sse2" in flags else platform.machine())
    cc = subprocess.run([os.environ.get("CC", "cc"), "--version"], capture_output=True,
                        text=True).stdout.splitlines()[0]
    return (f"{info.get('Model name', '?')} ({info.get('Vendor ID', '?')}), "
            f"{info.get('CPU(s)', '?')} logical CPUs ({info.get('Core(s) per socket', '?')} "
            f"cores/socket, {info.get('Thread(s) per core', '?')} thread/core), {isa}, "
            f"L2 {info.get('L2 cache', '?')}, L3 {info.get('L3 cache', '?')}; "
            f"{machine()}; {cc}; load average {os.getloadavg()[0]:.2f} at start")


# -- the hand loop ------------------------------------------------------------

def core_flags():
    """setup.py's CORE_FLAGS (the extension's flags)."""
    for node in ast.parse((ROOT / "setup.py").read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CORE_FLAGS":
            return ast.literal_eval(node.value)
    raise RuntimeError("setup.py defines no CORE_FLAGS")


def build_hand(tmp, vexp=False):
    """hand_circuit.c built with the extension's flags plus -march=native;
    with vexp, COBA's exponentials by neuroai's nai_vexp (csrc/nai_vexp.c)."""
    exe = Path(tmp) / ("hand_circuit_vexp" if vexp else "hand_circuit")
    extra = (["-DHAND_NAI_VEXP", f"-I{ROOT / 'csrc'}", str(ROOT / "csrc" / "nai_vexp.c"),
              str(ROOT / "csrc" / "nai_cpu.c")] if vexp else [])
    subprocess.run([os.environ.get("CC", "cc"), *core_flags(), "-march=native", "-o", str(exe),
                    str(HERE / "hand_circuit.c"), *extra, "-lm"], check=True)
    return exe


def run_hand(exe, path, rast, extra=()):
    """One run of the hand loop (extra: its further arguments, e.g. the STDP
    option); its times, counts and sorted raster."""
    out = subprocess.run([str(exe), str(path), str(rast), *extra], check=True,
                         capture_output=True, text=True).stdout.split()
    return {"wall": float(out[0]), "cpu": float(out[1]), "spikes": int(out[2]),
            "events": int(out[3])}, cn.sort_raster(*cn.read_raster(rast))


# -- neuroai ----------------------------------------------------------------------

def neuroai_circuit(net):
    """A neuroai.Circuit of net (not yet run) and its population."""
    import neuroai
    dt = net["dt"]
    c = neuroai.Circuit(dt=dt, method="exact", seed=0)
    cond = net["model"] == "coba"
    kw = {}
    if cond:
        kw["e_rev"] = {"exc": net["e_e"], "inh": net["e_i"]}
    P = c.population(net["n"], name="P", synapse="conductance" if cond else "current",
                     receptors={"exc": net["tau_e"], "inh": net["tau_i"]},
                     tau_m=net["tau_m"], v_rest=net["v_rest"], v_reset=net["v_reset"],
                     v_threshold=net["v_th"], resistance=net["R"], t_ref=net["t_ref"],
                     i_ext=net["i_ext"], v_init=net["v0"], **kw)
    n, ne = net["n"], net["n_exc"]
    indptr, indices, weights = net["indptr"], net["indices"].astype(np.int64), net["weights"]
    split = int(indptr[ne])
    # excitatory rows only, the inhibitory rows empty (and the converse)
    ip_e = np.minimum(indptr, split)
    ip_i = np.maximum(indptr - split, 0)
    c.connect(P, P, receptor="exc", weights=(weights[:split], indices[:split], ip_e),
              delay=net["delay_steps"] * dt, name="exc")
    c.connect(P, P, receptor="inh", weights=(weights[split:], indices[split:], ip_i),
              delay=net["delay_steps"] * dt, name="inh")
    for rec, g0 in (("exc", net["ge0"]), ("inh", net["gi0"])):
        if np.any(g0 != 0.0):
            # the initial synaptic state, as a spike of one source per neuron
            # at t = 0 (delivered at step 0, before V's first update)
            src = c.spike_source((np.zeros(n), np.arange(n)), name=f"init_{rec}")
            ar = np.arange(n, dtype=np.int64)
            c.connect(src, P, receptor=rec, weights=(g0.astype(np.float64), ar,
                                                     np.arange(n + 1, dtype=np.int64)),
                      delay=0.0, name=f"init_{rec}")
    return c


def run_neuroai(net, n_threads):
    b0 = time.perf_counter()
    c = neuroai_circuit(net)
    build = time.perf_counter() - b0
    duration = net["n_steps"] * net["dt"]
    c0, t0 = time.process_time(), time.perf_counter()
    res = c.run(duration, n_threads=n_threads)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    sp = res.spikes["P"]
    steps = np.round(np.asarray(sp.times) / net["dt"]).astype(np.int64)
    raster = cn.sort_raster(steps, np.asarray(sp.indices))
    deg = np.diff(net["indptr"])
    return {"wall": wall, "cpu": cpu, "spikes": int(steps.size), "build": build,
            "events": int(deg[raster[1]].sum())}, raster


def have_circuit():
    try:
        import neuroai
        return hasattr(neuroai, "Circuit")
    except ImportError:
        return False


# -- Brian2 -------------------------------------------------------------------

def run_brian2(python, path, rast, target, build_dir, repeat, fast_math=True):
    cmd = [python, str(HERE / "brian2_circuit.py"), str(path), str(rast), "--target", target,
           "--build-dir", str(build_dir), "--repeat", str(repeat)]
    if not fast_math:
        cmd.append("--no-fast-math")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ,
                                                                        OMP_NUM_THREADS="1"))
    if proc.returncode:
        print(f"Brian2 {target} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
        return None, None
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_s"] = time.perf_counter() - t0
    return out, cn.sort_raster(*cn.read_raster(rast))


# -- comparison -----------------------------------------------------------------

def compare(ref, other, dt):
    """'identical' or where the rasters first differ (ms, and the spikes then)."""
    d = cn.first_difference(ref, other)
    if d is None:
        return "identical", None
    step, a, b = d
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    return (f"identical to {step * dt:.1f} ms (step {step}; there hand {only_a[:4]}"
            f"{'...' if len(only_a) > 4 else ''}, other {only_b[:4]}"
            f"{'...' if len(only_b) > 4 else ''})"), step


def fmt_stats(r, n, n_steps, dt, from_step=0):
    s, j = r
    keep = s >= from_step
    st = cn.stats(s[keep] - from_step, j[keep], n, n_steps - from_step, dt)
    return f"{st['rate']:.2f} Hz, CV {st['cv']:.3f}, {st['count']:,}"


def med(xs):
    return statistics.median(xs)


def workload(name, net, tmp, exe, args, b2python, rows, notes):
    path = Path(tmp) / f"{name}.bin"
    cn.write(net, path)
    n, n_steps, dt = net["n"], net["n_steps"], net["dt"]
    results = {}
    rasters = {}
    threads = [1, 2] if (os.cpu_count() or 1) > 1 else [1]
    circuit = have_circuit()
    hands = [("hand", exe[0])] + ([("hand_vexp", exe[1])] if net["model"] == "coba" else [])
    for rep in range(args.repeat):
        for key, x in hands:
            r, rasters[key] = run_hand(x, path, Path(tmp) / f"{name}.{key}")
            results.setdefault(key, []).append(r)
        if circuit:
            for k in threads:
                r, rasters[f"neuroai{k}"] = run_neuroai(net, k)
                results.setdefault(f"neuroai{k}", []).append(r)
    if not circuit:
        notes.append("neuroai.Circuit is not in this tree: its rows are missing.")
    hand = rasters["hand"]
    # the limit: the faster hand loop (COBA: libm's exp or nai_vexp)
    t_hand = min(med([r["wall"] for r in results[k]]) for k, _ in hands)

    def row(label, wall, cpu, spikes, events, raster):
        same = compare(hand, raster, dt)[0] if raster is not None else ""
        rows.append(f"| {name} | {label} | {wall:.3f} | "
                    f"{'' if cpu is None else f'{cpu:.3f}'} | {wall / t_hand:.2f} | "
                    f"{events / wall:.3g} | {n * n_steps / wall:.3g} | {spikes:,} | {same} |")

    for key, _ in hands:
        rs = results[key]
        row("hand C loop" + (", nai_vexp exp" if key == "hand_vexp" else
                             ", libm exp" if len(hands) > 1 else ""),
            med([r["wall"] for r in rs]), med([r["cpu"] for r in rs]), rs[0]["spikes"],
            rs[0]["events"], None if key == "hand" else rasters[key])
    for k in threads:
        key = f"neuroai{k}"
        if key in results:
            rs = results[key]
            row(f"neuroai, {k} thread{'s' if k > 1 else ''}", med([r["wall"] for r in rs]),
                med([r["cpu"] for r in rs]), rs[0]["spikes"], rs[0]["events"], rasters[key])
            if k == 1:
                notes.append(f"{name}: building the neuroai.Circuit (population, projections "
                             f"from CSR) took {med([r['build'] for r in rs]):.3f} s, not counted")
            diff, step = compare(hand, rasters[key], dt)
            if step is not None:
                notes.append(f"{name}: neuroai ({k} thread) vs hand loop: {diff}")
    if b2python and not args.no_brian2 and n <= args.brian2_max_n:
        deg = np.diff(net["indptr"])
        for target in ("cpp_standalone", "cython"):
            out, r = run_brian2(b2python, path, Path(tmp) / f"{name}.{target}", target,
                                Path(args.brian2_build) / f"{name}_{target}", args.repeat)
            if out is None:
                continue
            wall = med(out["runs"])
            row(f"Brian2 {out['version']} {target} (loop)", wall,
                med(out["cpu"]) if out["cpu"] else None, out["spikes"],
                int(deg[r[1]].sum()), r)
            diff, step = compare(hand, r, dt)
            notes.append(f"{name}: Brian2 {target}: loop {wall:.3f} s (median of "
                         f"{len(out['runs'])}: {', '.join(f'{x:.3f}' for x in out['runs'])}), "
                         f"first call {out['first_call_s']:.1f} s; raster {diff}; "
                         f"hand {fmt_stats(hand, n, n_steps, dt)}, Brian2 "
                         f"{fmt_stats(r, n, n_steps, dt)} over the second"
                         + ("" if step is None else
                            f"; after {step * dt:.1f} ms: hand {fmt_stats(hand, n, n_steps, dt, step)}"
                            f", Brian2 {fmt_stats(r, n, n_steps, dt, step)}"))
            if "neuroai1" in rasters:
                notes.append(f"{name}: Brian2 {target} vs neuroai: "
                             f"{compare(rasters['neuroai1'], r, dt)[0]}")
    return results


def nest_section(python, tmp, exe, args, lines):
    """CUBA with a delay of 2 steps (NEST's smallest delay, 0.1 ms, acts from
    the second step after the spike: see nest_circuit.py): hand, neuroai and
    NEST's iaf_psc_exp on one network."""
    circuit = have_circuit()
    lines.append("| network | engine | wall [s] | CPU [s] | / hand (wall) | / hand (CPU) | "
                 "spikes | raster vs hand |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|")
    for name, n in (("CUBA-4k", 4000), ("CUBA-40k", 40000)):
        net = cn.build("cuba", n, seed=args.seed, duration=args.duration, delay_steps=2)
        path = Path(tmp) / f"nest{n}.bin"
        cn.write(net, path)
        th, ch, t1, c1 = [], [], [], []
        for _ in range(args.repeat):
            r, hand = run_hand(exe[0], path, Path(tmp) / f"nest{n}.hand")
            th.append(r["wall"])
            ch.append(r["cpu"])
            if circuit:
                a, ra = run_neuroai(net, 1)
                t1.append(a["wall"])
                c1.append(a["cpu"])
        h, hc = med(th), med(ch)
        lines.append(f"| {name}, d = 2 steps | hand C loop | {h:.3f} | {hc:.3f} | 1.00 | 1.00 | "
                     f"{r['spikes']:,} | |")
        if circuit:
            lines.append(f"| {name}, d = 2 steps | neuroai, 1 thread | {med(t1):.3f} | "
                         f"{med(c1):.3f} | {med(t1) / h:.2f} | {med(c1) / hc:.2f} | "
                         f"{a['spikes']:,} | {compare(hand, ra, net['dt'])[0]} |")
        proc = subprocess.run([python, str(HERE / "nest_circuit.py"), str(path),
                               str(Path(tmp) / f"nest{n}.nest"), "--repeat", str(args.repeat)],
                              capture_output=True, text=True)
        if proc.returncode:
            print(f"NEST failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        rn = cn.sort_raster(*cn.read_raster(Path(tmp) / f"nest{n}.nest"))
        nw, nc = med(out["runs"]), med(out["cpu"])
        lines.append(f"| {name}, D = 0.1 ms | NEST {out['version']} iaf_psc_exp, 1 thread "
                     f"(Simulate) | {nw:.3f} | {nc:.3f} | {nw / h:.2f} | {nc / hc:.2f} | "
                     f"{out['spikes']:,} | {compare(hand, rn, net['dt'])[0]} |")


def scaling(sizes, tmp, exe, args, lines):
    circuit = have_circuit()
    lines.append("| N | synapses | hand wall [s] (CPU) | hand CPU ns/neuron-step | "
                 "neuroai 1 thr wall [s] (CPU) | neuroai / hand, wall (CPU) | "
                 "neuroai 2 thr wall [s] | events/s (neuroai 1 thr, CPU) | spikes | raster |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in sizes:
        net = cn.build("cuba", n, seed=1, duration=args.duration)
        path = Path(tmp) / f"scale{n}.bin"
        cn.write(net, path)
        th, ch, t1, c1, t2 = [], [], [], [], []
        for _ in range(args.repeat):
            r, hand = run_hand(exe[0], path, Path(tmp) / f"scale{n}.hand")
            th.append(r["wall"])
            ch.append(r["cpu"])
            if circuit:
                a, ra = run_neuroai(net, 1)
                t1.append(a["wall"])
                c1.append(a["cpu"])
                b, _ = run_neuroai(net, 2)
                t2.append(b["wall"])
        h, hc = med(th), med(ch)
        ns = hc / (n * net["n_steps"]) * 1e9
        head = f"| {n:,} | {net['indices'].size:,} | {h:.3f} ({hc:.3f}) | {ns:.2f} | "
        if circuit:
            lines.append(head + f"{med(t1):.3f} ({med(c1):.3f}) | {med(t1) / h:.2f} "
                         f"({med(c1) / hc:.2f}) | {med(t2):.3f} | "
                         f"{a['events'] / med(c1):.3g} | {r['spikes']:,} | "
                         f"{compare(hand, ra, net['dt'])[0]} |")
        else:
            lines.append(head + f"| | | | {r['spikes']:,} | |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, 200 ms, no Brian2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--brian2-python", default=DEFAULT_B2)
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--brian2-max-n", type=int, default=40000)
    ap.add_argument("--brian2-build", default=None,
                    help="directory for Brian2's builds and cache (default: a temporary one)")
    ap.add_argument("--nest-python", default=DEFAULT_NEST)
    ap.add_argument("--no-nest", action="store_true")
    ap.add_argument("--only-nest", action="store_true")
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--only-scaling", action="store_true")
    ap.add_argument("--sizes", default="1000,4000,10000,40000,100000")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    args.duration = 200.0 if args.quick else 1000.0
    b2python = args.brian2_python if Path(args.brian2_python).exists() else None
    if args.quick:
        args.no_brian2 = True
    if b2python is None and not args.no_brian2:
        print(f"Brian2's interpreter {args.brian2_python} not found: Brian2 rows skipped "
              f"(python3 -m venv /work/venv-brian2 && /work/venv-brian2/bin/pip install "
              f"'brian2==2.9.*' 'numpy<2.4' scipy)")
    print(f"Machine: {describe_machine()}")
    if have_circuit():
        import neuroai
        print(f"neuroai {getattr(neuroai, '__version__', '?')} from {Path(neuroai.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.brian2_build is None:
            args.brian2_build = str(Path(tmp) / "brian2")
        exe = (build_hand(tmp), build_hand(tmp, vexp=True))
        nest_py = args.nest_python if Path(args.nest_python).exists() else None
        if nest_py and not args.no_nest and not args.quick and not args.only_scaling:
            lines = []
            nest_section(nest_py, tmp, exe, args, lines)
            print(f"\n### CUBA against NEST (delay 2 steps), median of {args.repeat}\n")
            print("\n".join(lines))
        if args.only_nest:
            return
        if not args.only_scaling:
            rows = ["| network | engine | wall [s] | CPU [s] | / hand | events/s | "
                    "neuron updates/s | spikes | raster vs hand |",
                    "|---|---|---:|---:|---:|---:|---:|---:|---|"]
            notes = []
            work = ([("CUBA-1k", "cuba", 1000), ("COBA-1k", "coba", 1000)] if args.quick else
                    [("CUBA-4k", "cuba", 4000), ("CUBA-40k", "cuba", 40000),
                     ("COBA-4k", "coba", 4000)])
            for name, model, n in work:
                net = cn.build(model, n, seed=args.seed, duration=args.duration)
                workload(name, net, tmp, exe, args, b2python, rows, notes)
                print(f"... {name} done", file=sys.stderr)
            print(f"\n### Circuits, 1 s, median of {args.repeat}\n")
            print("\n".join(rows))
            print()
            for s in notes:
                print(f"- {s}")
        if not args.no_scaling:
            sizes = [int(s) for s in args.sizes.split(",")]
            if args.quick:
                sizes = [1000, 4000]
            lines = []
            scaling(sizes, tmp, exe, args, lines)
            print(f"\n### CUBA from 1,000 to 100,000 neurons (p = 80/N), median of "
                  f"{args.repeat}\n")
            print("\n".join(lines))
        if args.brian2_build.startswith(tmp):
            shutil.rmtree(args.brian2_build, ignore_errors=True)


if __name__ == "__main__":
    main()
