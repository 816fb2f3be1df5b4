"""STDP twin: one synapse's weight from its pre and post spike times, in plain
Python, written from the pair rule (csrc/nai_plasticity.h) in the lazy form
of NEST's stdp_synapse: nothing happens between pre spikes; at each pre
spike the post spikes that reached the synapse since the previous one are
facilitated, then the pre spike depresses.  The traces are not kept: each
is summed afresh over the spikes it pairs with (all-to-all) or taken from
the nearest one, so the twin shares no recursion with the C core.

``stdp_weights(pre, post, w0, delay, t_end, ...)`` returns the weight after
every event and the final weight.  Post spikes that reach the synapse after
the last pre spike but before ``t_end`` are facilitated too (the circuit
updates a weight at both kinds of event; NEST only at the next pre spike).
"""
import math


def _facilitate(w, k, lam, mu_plus, w_max):
    nw = w / w_max + lam * (1.0 - w / w_max) ** mu_plus * k
    return nw * w_max if nw < 1.0 else w_max


def _depress(w, k, lam, alpha, mu_minus, w_max):
    nw = w / w_max - alpha * lam * (w / w_max) ** mu_minus * k
    return nw * w_max if nw > 0.0 else 0.0


def stdp_weights(pre, post, w0, delay, t_end, *, w_max, tau_plus=20.0, tau_minus=20.0,
                 lam=0.01, alpha=1.0, mu_plus=0.0, mu_minus=0.0, pairing="all_to_all"):
    """Weights of one STDP synapse.

    pre, post : sorted spike times [ms]; delay : the dendritic delay [ms]
    (a post spike at t reaches the synapse at t + delay); t_end [ms]: arrivals
    at or after it are not counted.  Returns (events, w_final) with events a
    list of (time, weight after the event).
    """
    nearest = pairing == "nearest"
    arrivals = [t + delay for t in post if t + delay < t_end]
    w = float(w0)
    events = []
    done_pre = []          # pre spikes so far

    def k_plus(a):
        # the presynaptic trace at arrival a: pre spikes strictly before a
        # are all in done_pre when this is called
        if not done_pre:
            return 0.0
        if nearest:
            return math.exp(-(a - done_pre[-1]) / tau_plus)
        return sum(math.exp(-(a - p) / tau_plus) for p in done_pre)

    def facilitate_until(t_hi, inclusive):
        nonlocal w, ia
        while ia < len(arrivals) and (arrivals[ia] <= t_hi if inclusive else arrivals[ia] < t_hi):
            a = arrivals[ia]
            if done_pre:
                w = _facilitate(w, k_plus(a), lam, mu_plus, w_max)
            events.append((a, w))
            ia += 1

    ia = 0
    for t in pre:
        facilitate_until(t, inclusive=True)        # arrivals in (t_last, t]
        before = [a for a in arrivals if a < t]     # strictly before t
        if not before:
            km = 0.0
        elif nearest:
            km = math.exp(-(t - before[-1]) / tau_minus)
        else:
            km = sum(math.exp(-(t - a) / tau_minus) for a in before)
        w = _depress(w, km, lam, alpha, mu_minus, w_max)
        events.append((t, w))
        done_pre.append(t)
    facilitate_until(t_end, inclusive=False)
    return events, w


def dopamine_weight(pre, post, dopa, w0, delay, t, *, a_plus=1.0, a_minus=1.5,
                    tau_plus=20.0, tau_minus=20.0, tau_c=1000.0, tau_n=200.0, b=0.0):
    """The weight of one reward-modulated STDP synapse at time t, without
    clipping, as a double sum: every eligibility jump (a post spike reaching
    the synapse at a: +a_plus K+(a); a pre spike at p: -a_minus K-(p)) times
    the integral of its decaying eligibility against every neuromodulator
    spike's decaying concentration (each spike d adds exp(-(s - d)/tau_n) /
    tau_n from d on), minus the baseline b times the integral of the
    eligibility.  Events after t do not count.
    """
    arrivals = [x + delay for x in post if x + delay <= t]
    jumps = []                                   # (time, amplitude)
    for a in arrivals:
        before = [p for p in pre if p < a]
        if before:
            jumps.append((a, a_plus * sum(math.exp(-(a - p) / tau_plus) for p in before)))
    for p in pre:
        if p > t:
            continue
        before = [a for a in arrivals if a < p]
        jumps.append((p, -a_minus * sum(math.exp(-(p - a) / tau_minus) for a in before)))
    s = 1.0 / tau_c + 1.0 / tau_n
    w = float(w0)
    for tj, amp in jumps:
        for d in dopa:
            if d > t:
                continue
            lo = max(tj, d)
            # int_lo^t amp e^{-(x - tj)/tau_c} e^{-(x - d)/tau_n} / tau_n dx
            w += (amp / tau_n * math.exp(-(lo - tj) / tau_c - (lo - d) / tau_n)
                  * (1.0 - math.exp(-s * (t - lo))) / s)
        w -= b * amp * tau_c * (1.0 - math.exp(-(t - tj) / tau_c))
    return w
