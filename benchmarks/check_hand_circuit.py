"""Check benchmarks/hand_circuit.c against a plain NumPy loop of the same step order.

    python benchmarks/check_hand_circuit.py

Small CUBA and COBA networks (400 neurons, 80 inputs each, 300 ms), delays
of 1 and 3 steps: the NumPy loop below follows the per-step order of
hand_circuit.c's header with the same IEEE operations in the same order
(math.exp and math.expm1 are the C library's, as in the C loop), so the two
rasters and final potentials must agree exactly.  Not part of the test
suite: a check of the benchmark's own baseline.
"""
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import circuit_net as cn  # noqa: E402

HERE = Path(__file__).resolve().parent
CFLAGS = ["-std=c99", "-O3", "-march=native", "-ffp-contract=off", "-fno-trapping-math",
          "-Wall", "-Wextra",
          "-Werror"]


def build_hand(tmp):
    exe = Path(tmp) / "hand_circuit"
    subprocess.run([os.environ.get("CC", "cc"), *CFLAGS, "-o", str(exe),
                    str(HERE / "hand_circuit.c"), "-lm"], check=True)
    return exe


def run_hand(exe, net, tmp, tag="net"):
    """Run the C loop on net; (wall, cpu, spikes, events), (steps, neurons)."""
    path, rast = Path(tmp) / f"{tag}.bin", Path(tmp) / f"{tag}.raster"
    cn.write(net, path)
    out = subprocess.run([str(exe), str(path), str(rast)], check=True, capture_output=True,
                         text=True).stdout.split()
    wall, cpu, spikes, events = float(out[0]), float(out[1]), int(out[2]), int(out[3])
    return (wall, cpu, spikes, events), cn.read_raster(rast)


def numpy_twin(net):
    """The step order of hand_circuit.c in NumPy; (steps, neurons), final v."""
    n, d, dt = net["n"], net["delay_steps"], net["dt"]
    D = d + 1
    tm, R = net["tau_m"], net["R"]
    P22 = math.exp(-dt / tm)
    P11e, P11i = math.exp(-dt / net["tau_e"]), math.exp(-dt / net["tau_i"])

    def psc(ts):
        ha = dt / tm - dt / ts
        f = dt if ha == 0.0 else math.expm1(ha) / ha * dt
        return R / tm * math.exp(-dt / tm) * f

    P21e, P21i = psc(net["tau_e"]), psc(net["tau_i"])
    gme = -math.expm1(-dt / net["tau_e"]) * net["tau_e"] / dt
    gmi = -math.expm1(-dt / net["tau_i"]) * net["tau_i"] / dt
    ref_steps = float(round(net["t_ref"] / dt))
    vexp = np.frompyfunc(math.exp, 1, 1)
    v, ge, gi = net["v0"].copy(), net["ge0"].copy(), net["gi0"].copy()
    ring_e, ring_i = np.zeros((D, n)), np.zeros((D, n))
    held = np.zeros(n)
    indptr, indices, weights = net["indptr"], net["indices"], net["weights"]
    vr, vth, vrest = net["v_reset"], net["v_th"], net["v_rest"]
    out_s, out_n = [], []
    for i in range(net["n_steps"]):
        ye = ge + ring_e[i % D]
        yi = gi + ring_i[i % D]
        ring_e[i % D] = 0.0
        ring_i[i % D] = 0.0
        if net["model"] == "cuba":
            nv = vrest + (v - vrest) * P22 + P21e * ye + P21i * yi
        else:
            ae = 1e-3 * R * (ye * gme)
            ai = 1e-3 * R * (yi * gmi)
            a = ae + ai
            v_inf = (vrest + R * net["i_ext"] + ae * net["e_e"] + ai * net["e_i"]) / (1.0 + a)
            nv = v_inf + (v - v_inf) * vexp(-(dt * (1.0 + a)) / tm).astype(float)
        h = held > 0.0
        v = np.where(h, vr, nv)
        held = np.where(h, held - 1.0, 0.0)
        spk = np.flatnonzero(~h & (v >= vth))
        v[spk] = vr
        held[spk] = ref_steps
        ge, gi = ye * P11e, yi * P11i
        for j in spk:  # ascending j, then ascending connection: the C order
            dst = ring_e if j < net["n_exc"] else ring_i
            c0, c1 = indptr[j], indptr[j + 1]
            np.add.at(dst[(i + d) % D], indices[c0:c1], weights[c0:c1])
        out_s.append(np.full(spk.size, i))
        out_n.append(spk)
    return (np.concatenate(out_s), np.concatenate(out_n)), v


def main():
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_hand(tmp)
        for model in ("cuba", "coba"):
            for d in (1, 3):
                net = cn.build(model, 400, seed=3, duration=300.0, delay_steps=d)
                (_, _, spikes, events), hand = run_hand(exe, net, tmp)
                twin, _ = numpy_twin(net)
                diff = cn.first_difference(cn.sort_raster(*hand), cn.sort_raster(*twin))
                same = diff is None
                ok &= same
                print(f"{model} d={d}: {spikes} spikes, {events} events; NumPy twin "
                      f"{twin[0].size} spikes; " + ("identical" if same else
                                                   f"FIRST DIFFERENCE at step {diff}"))
    print("hand loop agrees with the NumPy twin" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
