"""STDP against NEST 3.10: the same pre/post trains, the same final weights.

    /work/venv-nest/bin/python benchmarks/nest_stdp.py [--neuroai-python PATH] [--n 40]

For each case (pairing x weight dependence mu x dendritic delay, and
reward-modulated STDP x baseline b x dendritic delay) it draws n
independent pairs of Poisson trains (pre 20 Hz, post 20 Hz with gaps > 3 ms,
5 s; the first pre spike before the first post spike, a last pre spike 500
ms after the end, so that NEST, which updates a weight only at pre spikes,
has counted every post spike) and runs them

- in NEST: spike_generator -> parrot_neuron (delay dt) for pre and post,
  ``stdp_synapse`` (all-to-all) or ``stdp_nn_symm_synapse`` (nearest)
  parrot -> parrot onto receptor 1 (which a parrot ignores), delay D, the
  post parrots' tau_minus set; the weights read after the run;
- in neuroai (a subprocess of --neuroai-python, default /work/venv/bin/python,
  with this repository first on its path): a train source for the pre
  spikes, post neurons made to spike at the post times by a strong input of
  delay 0, ``Circuit.connect(..., delay=D, plasticity=neuroai.STDP(...))``.

Reward-modulated: ``stdp_dopamine_synapse`` with a volume transmitter fed by
a spike generator -> parrot (delay dt) -> volume transmitter (delay dt), so
NEST's neuromodulator acts one step later, relative to the pre and post
parrots, than its generator's times: neuroai's modulator train is those
times plus dt.  NEST's weights are read as of its last delivery (the start
of the last step), neuroai's from its trace at that step.  The amplitudes
keep every weight inside [w_min, w_max]: at a bound NEST clips at every
delivery interval, neuroai at the connection's own events, and the two then
differ.

Both see the same spikes: NEST's parrots spike dt after their generators,
pre and post alike, so the time differences are the given ones; NEST's
connection delay D is its dendritic delay, as neuroai's projection delay.
Prints one JSON line per case and a summary line with the largest
|w_NEST - w_neuroai| over all synapses.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DT = 0.1
DURATION = 5000.0
FLUSH = 500.0          # the last pre spike, after the end
RULE = dict(tau_plus=16.8, tau_minus=33.7, lambda_=0.05, alpha=0.5, w_max=0.1)
W0 = 0.05


def trains(seed, n):
    """n (pre, post) pairs of sorted grid times [ms], all > 1 ms."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        pre = np.unique(np.round(rng.uniform(1.0, DURATION, rng.poisson(20 * DURATION / 1000))
                                 / DT) * DT)
        post = np.sort(np.round(rng.uniform(1.0, DURATION, rng.poisson(20 * DURATION / 1000))
                                / DT) * DT)
        keep, last = [], -np.inf
        for t in post:
            if t - last > 3.0 and t > pre[0]:
                keep.append(t)
                last = t
        pre = np.append(pre, DURATION + FLUSH)
        out.append((pre.tolist(), keep))
    return out


DOPA = dict(a_plus=0.002, a_minus=0.001, tau_plus=16.8, tau_minus=33.7, tau_c=300.0,
            tau_n=20.0, w_min=0.0, w_max=0.1)
DOPA_SHIFT = 1         # [steps]: NEST's dopamine acts this long after its generator's spike


def cases():
    for pairing in ("all_to_all", "nearest"):
        for mu in (0.0, 1.0, 0.4):
            for d_steps in (1, 5):
                yield dict(pairing=pairing, mu=mu, d_steps=d_steps)
    for b in (0.0, 0.0002):
        for d_steps in (1, 5):
            yield dict(pairing="dopamine", b=b, d_steps=d_steps)


def dopamine_train(seed):
    """Neuromodulator spikes [ms], 5 Hz over the trains' 5 s, on the grid."""
    rng = np.random.default_rng(seed)
    return np.unique(np.round(rng.uniform(1.0, DURATION, rng.poisson(5 * DURATION / 1000))
                              / DT) * DT).tolist()


# -- NEST --------------------------------------------------------------------------------

def run_nest(nest, case, pairs):
    nest.ResetKernel()
    if hasattr(nest, "VerbosityLevel"):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": DT, "local_num_threads": 1, "print_time": False})
    n = len(pairs)
    gpre = nest.Create("spike_generator", n, params=[{"spike_times": p} for p, _ in pairs])
    gpost = nest.Create("spike_generator", n, params=[{"spike_times": q} for _, q in pairs])
    ppre = nest.Create("parrot_neuron", n)
    ppost = nest.Create("parrot_neuron", n, params={"tau_minus": RULE["tau_minus"]})
    nest.Connect(gpre, ppre, "one_to_one", syn_spec={"delay": DT})
    nest.Connect(gpost, ppost, "one_to_one", syn_spec={"delay": DT})
    if case["pairing"] == "dopamine":
        # generator -> parrot -> volume transmitter; the synapses' common
        # properties by CopyModel, as NEST requires
        vt = nest.Create("volume_transmitter")
        gda = nest.Create("spike_generator", params={"spike_times": case["dopa"]})
        pda = nest.Create("parrot_neuron")
        nest.Connect(gda, pda, syn_spec={"delay": DT})
        nest.Connect(pda, vt, syn_spec={"delay": DT})
        nest.CopyModel("stdp_dopamine_synapse", "da_synapse", {
            "volume_transmitter": vt, "A_plus": DOPA["a_plus"], "A_minus": DOPA["a_minus"],
            "tau_plus": DOPA["tau_plus"], "tau_c": DOPA["tau_c"], "tau_n": DOPA["tau_n"],
            "b": case["b"], "Wmin": DOPA["w_min"], "Wmax": DOPA["w_max"]})
        ppost.set({"tau_minus": DOPA["tau_minus"]})
        nest.Connect(ppre, ppost, "one_to_one", syn_spec={
            "synapse_model": "da_synapse", "receptor_type": 1, "delay": case["d_steps"] * DT,
            "weight": W0})
        nest.Simulate(DURATION + FLUSH + 10.0)
        conns = nest.GetConnections(ppre, ppost)
        src, w = np.asarray(conns.get("source")), np.asarray(conns.get("weight"))
        return w[np.argsort(src)].tolist()
    model = "stdp_synapse" if case["pairing"] == "all_to_all" else "stdp_nn_symm_synapse"
    nest.Connect(ppre, ppost, "one_to_one", syn_spec={
        "synapse_model": model, "receptor_type": 1, "delay": case["d_steps"] * DT,
        "weight": W0, "tau_plus": RULE["tau_plus"], "lambda": RULE["lambda_"],
        "alpha": RULE["alpha"], "mu_plus": case["mu"], "mu_minus": case["mu"],
        "Wmax": RULE["w_max"]})
    nest.Simulate(DURATION + FLUSH + 10.0)
    conns = nest.GetConnections(ppre, ppost)
    src, w = np.asarray(conns.get("source")), np.asarray(conns.get("weight"))
    return w[np.argsort(src)].tolist()


# -- neuroai -----------------------------------------------------------------------------

def run_neuroai(case, pairs):
    import neuroai
    n = len(pairs)
    net = neuroai.Circuit(dt=DT)
    post = net.population(n, name="post", receptors={"exc": 5.0, "drive": 0.05}, t_ref=2.0,
                          v_reset=-70.0)
    pre = net.spike_source([np.array(p) for p, _ in pairs], name="pre")
    drv = net.spike_source([np.array(q) for _, q in pairs], name="drv")
    net.connect(drv, post, "drive", weights=np.eye(n) * 2000.0, delay=0.0)
    if case["pairing"] == "dopamine":
        da = net.spike_source([np.array(case["dopa"]) + DOPA_SHIFT * DT], name="dopamine")
        rule = neuroai.RewardSTDP(modulator=da, b=case["b"], **DOPA)
    else:
        rule = neuroai.STDP(pairing=case["pairing"], mu_plus=case["mu"], mu_minus=case["mu"],
                            **RULE)
    net.connect(pre, post, "exc", weights=np.eye(n) * W0, delay=case["d_steps"] * DT,
                plasticity=rule, name="stdp")
    n_steps = int(round((DURATION + FLUSH + 10.0) / DT))
    res = net.run(n_steps * DT, record_weights=case["pairing"] == "dopamine",
                  record_every=n_steps - 1)
    for j, (_, q) in enumerate(pairs):        # the protocol: post spikes where asked
        tj = res.spikes["post"].times[res.spikes["post"].indices == j]
        assert np.allclose(tj, q, atol=1e-9), (j, tj[:5], q[:5])
    if case["pairing"] == "dopamine":
        # NEST's weights are those of its last volume-transmitter delivery,
        # at the start of the last step
        return res.weight_trace["stdp"][-1].tolist()
    return res.weights["stdp"].tolist()       # eye: connection j is pre j -> post j


def neuroai_main():
    job = json.load(sys.stdin)
    out = [run_neuroai(c, p) for c, p in zip(job["cases"], job["pairs"])]
    json.dump(out, sys.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--neuroai-python", default="/work/venv/bin/python")
    ap.add_argument("--n", type=int, default=40, help="synapses per case")
    ap.add_argument("--neuroai", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.neuroai:
        return neuroai_main()
    import nest
    all_cases = list(cases())
    all_pairs = [trains(1000 + k, args.n) for k in range(len(all_cases))]
    for k, c in enumerate(all_cases):
        if c["pairing"] == "dopamine":
            c["dopa"] = dopamine_train(2000 + k)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([args.neuroai_python, __file__, "--neuroai"],
                          input=json.dumps({"cases": all_cases, "pairs": all_pairs}),
                          capture_output=True, text=True, env=env, cwd=str(ROOT), check=True)
    ours = json.loads(proc.stdout)
    worst = 0.0
    for case, pairs, w_ours in zip(all_cases, all_pairs, ours):
        w_nest = np.array(run_nest(nest, case, pairs))
        w_ours = np.array(w_ours)
        diff = float(np.max(np.abs(w_nest - w_ours)))
        worst = max(worst, diff)
        shown = {k: v for k, v in case.items() if k != "dopa"}
        print(json.dumps(dict(**shown, synapses=len(pairs),
                              pre_spikes=int(sum(len(p) for p, _ in pairs)),
                              post_spikes=int(sum(len(q) for _, q in pairs)),
                              w_mean=float(w_ours.mean()), w_min=float(w_ours.min()),
                              w_max=float(w_ours.max()), max_abs_diff=diff)))
    print(json.dumps(dict(nest=nest.__version__, cases=len(all_cases),
                          synapses=len(all_cases) * args.n, max_abs_diff=worst,
                          w_max=RULE["w_max"])))


if __name__ == "__main__":
    main()
