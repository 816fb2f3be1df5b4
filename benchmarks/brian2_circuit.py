"""CUBA or COBA of benchmarks/circuit_net.py in Brian2 (run by Brian2's interpreter).

    /work/venv-brian2/bin/python benchmarks/brian2_circuit.py NET_FILE RASTER_FILE \
        --target cpp_standalone|cython [--build-dir DIR] [--repeat 3] [--no-fast-math]

Prints one JSON line: the loop time of every repeat ("runs", Brian2's own
measurement of its time loop: device._last_run_time), the CPU time of every
repeat after the first ("cpu": the whole binary for cpp_standalone, the
whole net.run() call for Cython, so slightly more than the loop's), the whole first call
("first_call_s": code generation, compilation and the run for
cpp_standalone; net.run with its preparation for Cython, cold or warm
cache), the spike count, Brian2's version; and writes the raster of the
first run (the format of circuit_net.write_raster).

The network is the one of the file: the same connections
(Synapses.connect(i=..., j=...)), the same V(0) and conductances.  Matching
neuroai's conventions (the Circuit interface's per-step order):
- a spike's on_pre with delay 0 acts in Brian2 after the step's state
  update, so from the next step on: neuroai's delay of 1 step;
- Brian2 holds a neuron while timestep(t - lastspike, dt) <
  timestep(refractory, dt) (neurongroup.py), i.e. for
  round(t_ref/dt) - 1 steps after its spike step; neuroai holds
  round(t_ref/dt) steps, so Brian2 is given refractory = t_ref + dt;
- the threshold is v >= v_th (neuroai's test), not Brian2's example's v > Vt;
- CUBA: method "exact" (Brian2 solves the linear system symbolically; the
  same propagator as Rotter & Diesmann's up to rounding);
- COBA: method "exponential_euler" with each conductance multiplied by its
  step mean factor tau/dt (1 - exp(-dt/tau)): Brian2 then freezes
  g * factor over the step and integrates V exactly for it, neuroai's
  scheme, up to rounding.
Weights are constants in on_pre, as in Brian2's examples/CUBA.py.
"""
import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import circuit_net as cn  # noqa: E402


def model(b2, net):
    """NeuronGroup, the two Synapses, SpikeMonitor for net."""
    ms, mV = b2.ms, b2.mV
    split = int(net["indptr"][net["n_exc"]])
    w_e, w_i = net["weights"][:split], net["weights"][split:]
    if (w_e.size and np.any(w_e != w_e[0])) or (w_i.size and np.any(w_i != w_i[0])):
        raise ValueError("this script takes one weight per projection")
    w_e, w_i = (w_e[0] if w_e.size else 0.0), (w_i[0] if w_i.size else 0.0)
    dt = net["dt"] * ms
    n, ne = net["n"], net["n_exc"]
    ns = {"taum": net["tau_m"] * ms, "taue": net["tau_e"] * ms, "taui": net["tau_i"] * ms,
          "El": net["v_rest"] * mV, "Vt": net["v_th"] * mV, "Vr": net["v_reset"] * mV}
    if net["model"] == "cuba":
        eqs = """
        dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
        dge/dt = -ge / taue : volt
        dgi/dt = -gi / taui : volt
        """
        # R = 1 MOhm: a weight of w nA is a jump of w mV in R*I
        ns.update(we=net["R"] * w_e * mV, wi=net["R"] * w_i * mV)
        method, unit = "exact", mV
    else:
        eqs = """
        dv/dt = (gl * (El - v) + fe * ge * (Ee - v) + fi * gi * (Ei - v)) / Cm
                : volt (unless refractory)
        dge/dt = -ge / taue : siemens
        dgi/dt = -gi / taui : siemens
        """
        gl = 1.0 / (net["R"] * b2.Mohm)
        fe = -np.expm1(-net["dt"] / net["tau_e"]) * net["tau_e"] / net["dt"]
        fi = -np.expm1(-net["dt"] / net["tau_i"]) * net["tau_i"] / net["dt"]
        ns.update(gl=gl, Cm=gl * net["tau_m"] * ms, Ee=net["e_e"] * mV, Ei=net["e_i"] * mV,
                  fe=fe, fi=fi, we=w_e * b2.nS, wi=w_i * b2.nS)
        method, unit = "exponential_euler", b2.nS
    G = b2.NeuronGroup(n, eqs, threshold="v >= Vt", reset="v = Vr",
                       refractory=net["t_ref"] * ms + dt, method=method, namespace=ns)
    G.v = net["v0"] * mV
    G.ge = net["ge0"] * unit
    G.gi = net["gi0"] * unit
    pre = np.repeat(np.arange(n), np.diff(net["indptr"]))
    post = net["indices"].astype(np.int64)
    exc = pre < ne
    Ce = b2.Synapses(G, G, on_pre="ge_post += we", namespace=ns)
    Ce.connect(i=pre[exc], j=post[exc])
    Ci = b2.Synapses(G, G, on_pre="gi_post += wi", namespace=ns)
    Ci.connect(i=pre[~exc], j=post[~exc])
    M = b2.SpikeMonitor(G)
    return G, Ce, Ci, M


def raster(b2, M, dt):
    steps = np.round(np.asarray(M.t / b2.ms) / dt).astype(np.int64)
    return steps, np.asarray(M.i, dtype=np.int64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("net")
    ap.add_argument("raster")
    ap.add_argument("--target", choices=("cpp_standalone", "cython"), required=True)
    ap.add_argument("--build-dir", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-fast-math", action="store_true",
                    help="compile without Brian2's default -ffast-math (rounding as neuroai's)")
    a = ap.parse_args()

    import brian2 as b2
    b2.prefs.logging.console_log_level = "WARNING"
    net = cn.read(a.net)
    dt = net["dt"]
    duration = net["n_steps"] * dt * b2.ms
    if a.no_fast_math:
        b2.prefs.codegen.cpp.extra_compile_args_gcc = ["-w", "-O3", "-march=native",
                                                      "-ffp-contract=off"]
    runs, cpu = [], []
    if a.target == "cpp_standalone":
        b2.set_device("cpp_standalone", build_on_run=False)
        b2.defaultclock.dt = dt * b2.ms
        G, Ce, Ci, M = model(b2, net)
        b2.run(duration)
        t0 = time.perf_counter()
        b2.device.build(directory=a.build_dir, compile=True, run=True, with_output=False)
        first = time.perf_counter() - t0
        runs.append(b2.device._last_run_time)
        steps, neurons = raster(b2, M, dt)
        for _ in range(a.repeat - 1):
            c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            b2.device.run(with_output=False)
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs.append(b2.device._last_run_time)
            cpu.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
    else:
        b2.prefs.codegen.target = "cython"
        if a.build_dir:
            b2.prefs.codegen.runtime.cython.cache_dir = a.build_dir
        b2.defaultclock.dt = dt * b2.ms
        G, Ce, Ci, M = model(b2, net)
        bnet = b2.Network(G, Ce, Ci, M)
        bnet.store()
        t0 = time.perf_counter()
        bnet.run(duration)
        first = time.perf_counter() - t0
        runs.append(b2.device._last_run_time)
        steps, neurons = raster(b2, M, dt)
        for _ in range(a.repeat - 1):
            bnet.restore()
            c0 = time.process_time()
            bnet.run(duration)
            cpu.append(time.process_time() - c0)
            runs.append(b2.device._last_run_time)
    cn.write_raster(a.raster, steps, neurons)
    print(json.dumps({"runs": runs, "cpu": cpu, "first_call_s": first, "spikes": int(steps.size),
                      "version": b2.__version__, "target": a.target,
                      "fast_math": not a.no_fast_math}))


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
