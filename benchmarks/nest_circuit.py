"""CUBA of benchmarks/circuit_net.py in NEST (run by NEST's interpreter).

    /work/venv-nest/bin/python benchmarks/nest_circuit.py NET_FILE RASTER_FILE [--repeat 3]

NEST's iaf_psc_exp is the CUBA neuron with the same exact propagator
(Rotter & Diesmann 1999): C_m = tau_m / R, weights in pA (1000 x nA),
refractory t_ref (round(t_ref/dt) steps held, as neuroai).  NEST stamps a
spike at the end of the step in which V crossed and an input arriving at T
acts on V from T on; so a spike of step s with delay D acts from time
(s + 1) dt + D, and the file's delay of d steps (acting from (s + d) dt)
is NEST's D = (d - 1) dt: d must be at least 2, NEST's smallest delay
being one step.  The raster written has NEST's times minus one step (the
start of the crossing step, neuroai's stamp).

Prints one JSON line: the wall and CPU time of every repeat's Simulate()
call ("runs", "cpu"; the network is built again for each), NEST's version, the spike count.
COBA is not run: NEST's iaf_cond_exp integrates with an adaptive GSL solver,
another scheme than the benchmark's.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import circuit_net as cn  # noqa: E402


def build_and_run(nest, net):
    dt = net["dt"]
    nest.ResetKernel()
    if hasattr(nest, "VerbosityLevel"):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": dt, "local_num_threads": 1, "print_time": False})
    n = net["n"]
    P = nest.Create("iaf_psc_exp", n, params={
        "C_m": net["tau_m"] / net["R"] * 1000.0, "tau_m": net["tau_m"], "E_L": net["v_rest"],
        "V_th": net["v_th"], "V_reset": net["v_reset"], "t_ref": net["t_ref"],
        "tau_syn_ex": net["tau_e"], "tau_syn_in": net["tau_i"], "I_e": 0.0})
    P.V_m = net["v0"]
    pre = np.repeat(np.arange(n), np.diff(net["indptr"]))
    post = net["indices"].astype(np.int64)
    w = net["weights"] * 1000.0
    D = (net["delay_steps"] - 1) * dt
    gids = np.asarray(P.tolist())
    nest.Connect(gids[pre], gids[post], "one_to_one",
                 syn_spec={"synapse_model": "static_synapse", "weight": w,
                           "delay": np.full(w.size, D)})
    rec = nest.Create("spike_recorder")
    nest.Connect(P, rec)
    t0, c0 = time.perf_counter(), time.process_time()
    nest.Simulate(net["n_steps"] * dt)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ev = rec.get("events")
    steps = np.round(np.asarray(ev["times"]) / dt).astype(np.int64) - 1
    neurons = np.asarray(ev["senders"]) - int(gids[0])
    return wall, cpu, steps, neurons


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("net")
    ap.add_argument("raster")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import nest
    net = cn.read(a.net)
    if net["model"] != "cuba" or net["delay_steps"] < 2:
        raise SystemExit("NEST runs CUBA with a delay of at least 2 steps only")
    runs, cpu = [], []
    for k in range(a.repeat):
        wall, c, steps, neurons = build_and_run(nest, net)
        runs.append(wall)
        cpu.append(c)
        if k == 0:
            cn.write_raster(a.raster, steps, neurons)
    print(json.dumps({"runs": runs, "cpu": cpu, "version": nest.__version__, "spikes": int(steps.size)}))


if __name__ == "__main__":
    main()
