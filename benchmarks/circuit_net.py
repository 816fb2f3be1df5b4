"""The CUBA and COBA benchmark networks, built once and shared by every engine.

The two models are benchmarks 2 (CUBA) and 1 (COBA) of Brette et al. (2007),
"Simulation of networks of spiking neurons: a review of tools and
strategies", J Comput Neurosci 23:349-398, after the network of Vogels &
Abbott (2005, J Neurosci 25:10786): N LIF neurons, 80 % excitatory, each pair
connected with probability p (autapses allowed), two exponential synapses
(excitatory tau 5 ms, inhibitory tau 10 ms), dt = 0.1 ms, 1 s.

CUBA (Brian2's examples/CUBA.py): tau_m 20 ms, V_t -50 mV, V_r -60 mV,
E_l -49 mV, refractory 5 ms, current jumps we = 60 * 0.27 / 10 = 1.62 mV and
wi = -20 * 4.5 / 10 = -9 mV (here nA with R = 1 MOhm), V(0) uniform in
[V_r, V_t], synaptic variables 0.

COBA (R. Brette's COBA scripts for Brian, Dec 2007, which give conductances
in units of the leak conductance g_l): tau_m 20 ms, E_l = V_r = -60 mV,
V_t -50 mV, refractory 5 ms, E_e 0 mV, E_i -80 mV, we = 6/10 g_l and
wi = 67/10 g_l; with g_l = 10 nS (the benchmark's 200 pF, 20 ms membrane)
that is R = 100 MOhm, we = 6 nS, wi = 67 nS.  Initial state as those
scripts: V = E_l + (5 randn - 5) mV, g_e = (1.5 randn + 4) g_l,
g_i = (12 randn + 20) g_l, the conductances clipped at 0 (a conductance is
never negative here; the scripts leave about 5 % of g_i below 0).

Scaling: for N != 4,000 the connection probability is p = 80 / N (0.02 at
4,000), so that each neuron keeps 80 inputs on average (64 excitatory, 16
inhibitory), the weights unchanged; this is how Brian2's and GeNN's
benchmarks scale these networks.

The file format (little-endian) read by benchmarks/hand_circuit.c:
  8 bytes "NAICIRC1"; int64 model (0 CUBA, 1 COBA), n, n_exc, n_steps,
  delay_steps, nnz; float64 dt, tau_m, v_rest, v_reset, v_th, t_ref, R,
  tau_e, tau_i, e_e, e_i, i_ext (12 values); float64 v0[n], ge0[n], gi0[n];
  int64 indptr[n + 1]; int32 indices[nnz]; float64 weights[nnz].
Rows are presynaptic neurons; a row < n_exc feeds the excitatory receptor,
the others the inhibitory one.

Only NumPy is needed here, so Brian2's interpreter can import this file too.
"""
import numpy as np

MAGIC = b"NAICIRC1"
MODELS = {"cuba": 0, "coba": 1}

# units: ms, mV, MOhm, nA (CUBA) or nS (COBA)
CUBA = dict(tau_m=20.0, v_rest=-49.0, v_reset=-60.0, v_th=-50.0, t_ref=5.0, R=1.0,
            tau_e=5.0, tau_i=10.0, e_e=0.0, e_i=0.0, i_ext=0.0, w_e=1.62, w_i=-9.0)
COBA = dict(tau_m=20.0, v_rest=-60.0, v_reset=-60.0, v_th=-50.0, t_ref=5.0, R=100.0,
            tau_e=5.0, tau_i=10.0, e_e=0.0, e_i=-80.0, i_ext=0.0, w_e=6.0, w_i=67.0)
G_L = 10.0  # nS, COBA's leak conductance (1 / R)
FLOAT_KEYS = ("dt", "tau_m", "v_rest", "v_reset", "v_th", "t_ref", "R", "tau_e", "tau_i",
              "e_e", "e_i", "i_ext")


def random_csr(n_pre, n_post, p, rng):
    """Each (pre, post) pair with probability p: the row sizes binomial, the
    targets of a row distinct, sorted.  int64 indptr, int32 indices."""
    counts = rng.binomial(n_post, p, size=n_pre).astype(np.int64)
    rows = np.repeat(np.arange(n_pre, dtype=np.int64), counts)
    cols = rng.integers(0, n_post, size=rows.size, dtype=np.int64)
    while True:  # redraw targets repeated within a row until none is
        key = rows * n_post + cols
        order = np.argsort(key, kind="stable")
        rows, cols, key = rows[order], cols[order], key[order]
        dup = np.flatnonzero(key[1:] == key[:-1]) + 1
        if dup.size == 0:
            break
        cols[dup] = rng.integers(0, n_post, size=dup.size, dtype=np.int64)
    indptr = np.zeros(n_pre + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, cols.astype(np.int32)


def build(model, n, seed=1, duration=1000.0, dt=0.1, delay_steps=1):
    """The network `model` ("cuba" or "coba") of n neurons as a dict of
    parameters and arrays (see the module docstring)."""
    par = dict(CUBA if model == "cuba" else COBA)
    rng = np.random.default_rng(seed)
    n_exc = int(round(0.8 * n))
    p = 0.02 if n == 4000 else 80.0 / n
    indptr, indices = random_csr(n, n, p, rng)
    w = np.where(np.arange(n) < n_exc, par["w_e"], par["w_i"])
    weights = np.repeat(w, np.diff(indptr)).astype(np.float64)
    if model == "cuba":
        v0 = rng.uniform(par["v_reset"], par["v_th"], size=n)
        ge0 = np.zeros(n)
        gi0 = np.zeros(n)
    else:
        v0 = par["v_rest"] + (5.0 * rng.standard_normal(n) - 5.0)
        ge0 = np.maximum(G_L * (1.5 * rng.standard_normal(n) + 4.0), 0.0)
        gi0 = np.maximum(G_L * (12.0 * rng.standard_normal(n) + 20.0), 0.0)
    net = dict(par, model=model, n=n, n_exc=n_exc, p=p, dt=dt, seed=seed,
               n_steps=int(round(duration / dt)), delay_steps=delay_steps,
               indptr=indptr, indices=indices, weights=weights, v0=v0, ge0=ge0, gi0=gi0)
    return net


def write(net, path):
    """Write net in the binary format of the module docstring."""
    head = np.array([MODELS[net["model"]], net["n"], net["n_exc"], net["n_steps"],
                     net["delay_steps"], net["indices"].size], dtype="<i8")
    floats = np.array([net[k] for k in FLOAT_KEYS], dtype="<f8")
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(head.tobytes())
        f.write(floats.tobytes())
        for k in ("v0", "ge0", "gi0"):
            f.write(np.ascontiguousarray(net[k], dtype="<f8").tobytes())
        f.write(np.ascontiguousarray(net["indptr"], dtype="<i8").tobytes())
        f.write(np.ascontiguousarray(net["indices"], dtype="<i4").tobytes())
        f.write(np.ascontiguousarray(net["weights"], dtype="<f8").tobytes())


def read(path):
    """The dict written by write() (weights as stored, parameters as floats)."""
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:8] != MAGIC:
        raise ValueError(f"{path}: not a circuit network file")
    off = 8
    head = np.frombuffer(buf, "<i8", 6, off)
    off += 48
    floats = np.frombuffer(buf, "<f8", len(FLOAT_KEYS), off)
    off += 8 * len(FLOAT_KEYS)
    model = {v: k for k, v in MODELS.items()}[int(head[0])]
    n, nnz = int(head[1]), int(head[5])
    net = dict(model=model, n=n, n_exc=int(head[2]), n_steps=int(head[3]),
               delay_steps=int(head[4]))
    net.update({k: float(v) for k, v in zip(FLOAT_KEYS, floats)})
    for k in ("v0", "ge0", "gi0"):
        net[k] = np.frombuffer(buf, "<f8", n, off).copy()
        off += 8 * n
    net["indptr"] = np.frombuffer(buf, "<i8", n + 1, off).copy()
    off += 8 * (n + 1)
    net["indices"] = np.frombuffer(buf, "<i4", nnz, off).copy()
    off += 4 * nnz
    net["weights"] = np.frombuffer(buf, "<f8", nnz, off).copy()
    return net


def read_raster(path):
    """(steps, neurons) of the spikes written by hand_circuit or the Brian2
    script: int64 count, then int32 steps[count], int32 neurons[count], in
    step order and, within a step, in neuron order."""
    with open(path, "rb") as f:
        buf = f.read()
    k = int(np.frombuffer(buf, "<i8", 1, 0)[0])
    steps = np.frombuffer(buf, "<i4", k, 8).astype(np.int64)
    neurons = np.frombuffer(buf, "<i4", k, 8 + 4 * k).astype(np.int64)
    return steps, neurons


def write_raster(path, steps, neurons):
    order = np.lexsort((neurons, steps))
    steps = np.asarray(steps, dtype="<i4")[order]
    neurons = np.asarray(neurons, dtype="<i4")[order]
    with open(path, "wb") as f:
        f.write(np.array([steps.size], dtype="<i8").tobytes())
        f.write(steps.tobytes())
        f.write(neurons.tobytes())


def sort_raster(steps, neurons):
    """Spikes in step order, then neuron order (the order rasters are compared in)."""
    steps, neurons = np.asarray(steps, np.int64), np.asarray(neurons, np.int64)
    order = np.lexsort((neurons, steps))
    return steps[order], neurons[order]


def first_difference(a, b):
    """Compare two sorted rasters (steps, neurons): None if identical, else
    (step of the first difference, the spikes of that step in a, in b)."""
    sa, na = a
    sb, nb = b
    m = min(sa.size, sb.size)
    neq = np.flatnonzero((sa[:m] != sb[:m]) | (na[:m] != nb[:m]))
    if neq.size == 0 and sa.size == sb.size:
        return None
    k = int(neq[0]) if neq.size else m
    step = min(int(sa[k]) if k < sa.size else 1 << 62, int(sb[k]) if k < sb.size else 1 << 62)
    return step, na[sa == step].tolist(), nb[sb == step].tolist()


def stats(steps, neurons, n, n_steps, dt):
    """Mean rate [Hz], mean CV of the ISIs (neurons with >= 3 spikes), count."""
    steps, neurons = np.asarray(steps), np.asarray(neurons)
    dur_s = n_steps * dt / 1000.0
    order = np.lexsort((steps, neurons))
    s, j = steps[order], neurons[order]
    same = j[1:] == j[:-1]
    isi = np.diff(s).astype(float)[same] * dt
    who = j[1:][same]
    k = np.bincount(who, minlength=n)
    m1 = np.bincount(who, isi, minlength=n)
    m2 = np.bincount(who, isi * isi, minlength=n)
    ok = k >= 2
    mean = m1[ok] / k[ok]
    sd = np.sqrt(np.maximum(m2[ok] / k[ok] - mean * mean, 0.0))
    cvs = sd / mean
    return dict(rate=steps.size / n / dur_s, cv=float(np.mean(cvs)) if cvs.size else float("nan"),
                count=int(steps.size))
