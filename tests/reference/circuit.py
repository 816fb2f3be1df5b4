"""Circuit twin: the documented step order of csrc/nai_circuit.h in plain NumPy.

``circuit_twin(circuit, n_steps)`` reads the circuit's populations, sources
and projections (their user-level parameters and CSR arrays) and steps them
in Python, vectorised over the neurons of a population, sending spikes one at
a time through per-receptor ring buffers.  The propagators are written out
here from their formulas (the two-exponential solution and its tau_syn ==
tau_m limit), not taken from the package.
"""
import math

import numpy as np

from . import GRID_GUARD

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix64(z):
    """SplitMix64's finaliser on uint64 arrays (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = z.astype(np.uint64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def poisson_counts(seed, q, n, step, lam):
    """Counts of units 0..n-1 of source population q at absolute step."""
    with np.errstate(over="ignore"):
        h = _mix64(np.array([seed], dtype=np.uint64) ^ np.uint64(0x9E3779B97F4A7C15))
        h = _mix64(h ^ (np.uint64(q) * np.uint64(0xD1B54A32D192ED03)))
        k = np.arange(n, dtype=np.uint64)
        h = _mix64(h ^ (k * np.uint64(0xAEF17502108EF2D9)))
        h = _mix64(h ^ (np.uint64(step) * np.uint64(0xDB4F0B9175AE2165)))
    u = (h >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    out = np.zeros(n, dtype=np.int64)
    for j in range(n):
        term = cdf = math.exp(-lam[j])
        c = 0
        while u[j] >= cdf and term > 0.0:
            c += 1
            term = term * lam[j] / c
            cdf += term
        out[j] = c
    return out


def _p21(dt, tm, ts, R):
    """iaf_psc_exp's P21 per neuron (two-exponential difference, or its limit)."""
    p22, p11 = np.exp(-dt / tm), np.exp(-dt / ts)
    with np.errstate(divide="ignore", invalid="ignore"):
        gen = R * ts / (ts - tm) * (p11 - p22)
    return np.where(tm == ts, R * dt / tm * p22, gen)


def _tm_release(U, tau_rec, tau_fac, x, u, t_last, t):
    """NEST tsodyks2: the efficacy of a spike at t and the new (x, u)."""
    if t_last == -np.inf:
        u_new = U
        x_new = 1.0
    else:
        h = t - t_last
        rec = math.exp(-h / tau_rec)
        # the state after the last release relaxes over h, then the new spike
        x_after = x - x * u
        x_new = 1.0 + (x_after - 1.0) * rec
        u_new = U + u * (1.0 - U) * math.exp(-h / tau_fac) if tau_fac > 0 else U
    return u_new * x_new, x_new, u_new


def circuit_twin(circuit, n_steps, state=None):
    """Run ``circuit`` for n_steps from ``state`` (a CircuitState or None);
    returns dict(spike_steps, spike_ids, v (T, n), y (T, n_syn), v_final,
    y_final, ref_left, ring, stp)."""
    dt = circuit.dt
    euler = circuit.method == "euler"
    pops = list(circuit.populations.values())
    srcs = list(circuit.sources.values())
    prjs = list(circuit.projections.values())
    n = sum(p.n for p in pops)
    blocks, off = {}, 0
    for p in pops:
        for r in p.receptors:
            blocks[(p.name, r)] = off
            off += p.n
    n_syn = off
    L = max([int(q.delay_steps.max()) for q in prjs if q.delay_steps.size] + [0]) + 1
    any_stp = any(q.stp is not None for q in prjs)
    conn_off, c = [], 0
    for q in prjs:
        conn_off.append(c)
        c += q.n_connections
    n_conn = c
    if state is None:
        v = np.concatenate([p.v_init for p in pops]).astype(float)
        y = np.zeros(n_syn)
        ref = np.zeros(n, dtype=np.int64)
        ring = np.zeros((L, n_syn))
        x = np.ones(n_conn)
        u = np.concatenate([q._stp_table[0] if q.stp is not None else np.ones(q.n_connections)
                            for q in prjs]) if prjs else np.zeros(0)
        t_last = np.full(n_conn, -np.inf)
        step0 = 0
    else:
        v, y = state.v.copy(), state.syn.copy()
        ref, ring = state.ref_left.copy(), state.pending.copy()
        if state.stp.shape[1]:
            x, u, t_last = (state.stp[i].copy() for i in range(3))
        else:
            x, u, t_last = np.ones(n_conn), np.ones(n_conn), np.full(n_conn, -np.inf)
        step0 = state.steps_done

    def send(pre, l, step, t):
        for qi, q in enumerate(prjs):
            if q.pre is not pre:
                continue
            base = blocks[(q.post.name, q.receptor)]
            for cc in range(q.indptr[l], q.indptr[l + 1]):
                g = conn_off[qi] + cc
                d = int(q.delay_steps[cc])
                e = 1.0
                if q.stp == "tsodyks_markram":
                    U, tr, tf = q._stp_table[:, cc]
                    e, x[g], u[g] = _tm_release(U, tr, tf, x[g], u[g], t_last[g], t)
                    t_last[g] = t
                elif q.stp == "depressing":
                    e = q._stp_table[0, cc] * x[g]
                    x[g] -= e
                tgt = base + int(q.indices[cc])
                if d == 0:
                    y[tgt] += q.weights[cc] * e
                else:
                    ring[(step + d) % L, tgt] += q.weights[cc] * e

    # the train spikes, by step
    events = []
    for s in srcs:
        if s.kind == "spikes":
            for t, k in zip(s.trains.times, s.trains.indices):
                events.append((t, s.start + int(k), s, int(k)))
    events.sort(key=lambda e: (e[0], e[1]))
    ev_step = [math.floor(t / dt + GRID_GUARD) for t, *_ in events]

    vt, yt, sp_s, sp_i = np.empty((n_steps, n)), np.empty((n_steps, n_syn)), [], []
    for i in range(n_steps):
        step = step0 + i
        slot = step % L
        y += ring[slot]
        ring[slot] = 0.0
        for k, ev in enumerate(events):
            if ev_step[k] == step:
                send(ev[2], ev[3], step, ev[0])
        for qs, s in enumerate(srcs):
            if s.kind == "poisson":
                counts = poisson_counts(circuit.seed, qs, s.n, step, s.rate * dt / 1000.0)
                for j in range(s.n):
                    for _ in range(counts[j]):
                        send(s, j, step, step * dt)
        vt[i], yt[i] = v, y
        fired = []
        for p in pops:
            sl = slice(p.start, p.start + p.n)
            P = p.params
            vv = v[sl]
            held = ref[sl] > 0
            ys = [y[blocks[(p.name, r)]:blocks[(p.name, r)] + p.n] for r in p.receptors]
            taus = [p.tau_syn[r] for r in p.receptors]
            if euler:
                Is = [yr if p.synapse == "current" else 1e-3 * yr * (p.e_rev[r] - vv)
                      for yr, r in zip(ys, p.receptors)]
                I = Is[0]
                for Ir in Is[1:]:
                    I = I + Ir
                vn = vv + (-(vv - P["v_rest"]) + P["resistance"] * (I + P["i_ext"])) * (
                    dt / P["tau_m"])
                for yr, ts in zip(ys, taus):
                    yr[:] = yr + (-yr) * (dt / ts)
            elif p.synapse == "current":
                p22 = np.exp(-dt / P["tau_m"])
                vn = P["v_rest"] + (vv - P["v_rest"]) * p22
                for yr, ts in zip(ys, taus):
                    vn = vn + _p21(dt, P["tau_m"], ts, P["resistance"]) * yr
                    yr *= np.exp(-dt / ts)
                vn = vn + P["resistance"] * P["i_ext"] * -np.expm1(-dt / P["tau_m"])
            else:
                a = None
                num = P["v_rest"] + P["resistance"] * P["i_ext"]
                for yr, ts, r in zip(ys, taus, p.receptors):
                    ab = 1e-3 * P["resistance"] * (yr * (-np.expm1(-dt / ts) * ts / dt))
                    a = ab if a is None else a + ab
                    num = num + ab * p.e_rev[r]
                vinf = num / (1.0 + a)
                vn = vinf + (vv - vinf) * np.exp(-(dt * (1.0 + a)) / P["tau_m"])
                for yr, ts in zip(ys, taus):
                    yr *= np.exp(-dt / ts)
            vn = np.where(held, P["v_reset"], vn)
            spk = ~held & (vn >= P["v_threshold"])
            vn = np.where(spk, P["v_reset"], vn)
            rs = ref[sl]
            rs[held] -= 1
            rs[spk] = np.rint(P["t_ref"][spk] / dt).astype(np.int64)
            v[sl] = vn
            for j in np.flatnonzero(spk):
                fired.append((p, int(j)))
        for p, j in fired:
            send(p, j, step, step * dt)
            sp_s.append(step)
            sp_i.append(p.start + j)
        for qi, q in enumerate(prjs):
            if q.stp == "depressing":
                g = slice(conn_off[qi], conn_off[qi] + q.n_connections)
                tr = q._stp_table[1]
                if euler:
                    x[g] = x[g] + (1.0 - x[g]) * (dt / tr)
                else:
                    x[g] = 1.0 + (x[g] - 1.0) * np.exp(-dt / tr)
    return dict(spike_steps=np.array(sp_s, dtype=np.int64),
                spike_ids=np.array(sp_i, dtype=np.int64), v=vt, y=yt, v_final=v, y_final=y,
                ref_left=ref, ring=ring, stp=np.array([x, u, t_last]) if any_stp else None)
