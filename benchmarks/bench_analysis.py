"""Spike-train analysis over millions of spikes: neuroai against plain NumPy.

Run:  python benchmarks/bench_analysis.py [n_spikes] [n_trains]

Both sides compute the same numbers (checked before timing).  The NumPy side
groups spikes by train with a stable argsort, as one would write it by hand;
neuroai groups with a counting sort in C and accumulates interspike-interval
moments in one pass (csrc/nai_analysis.c).  Reports the best of 3 runs.
"""
import sys

import numpy as np
from timing import best

from neuroai import analysis as A
from neuroai.spikes import SpikeTrains


def numpy_cv(times, indices, n):
    order = np.argsort(indices, kind="stable")
    t, i = times[order], indices[order]
    d = np.diff(t)
    same = i[1:] == i[:-1]
    d, g = d[same], i[1:][same]
    cnt = np.bincount(g, minlength=n)
    mean = np.bincount(g, d, minlength=n) / np.maximum(cnt, 1)
    dev = d - mean[g]
    var = np.bincount(g, dev * dev, minlength=n) / np.maximum(cnt - 1, 1)
    out = np.full(n, np.nan)
    ok = cnt >= 2
    out[ok] = np.sqrt(var[ok]) / mean[ok]
    return out


def numpy_psth(times, n, bin_width, duration):
    edges = np.arange(0.0, duration + bin_width / 2, bin_width)
    return np.histogram(times, edges)[0] / (n * bin_width * 1e-3)


def main():
    k = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
    n = int(float(sys.argv[2])) if len(sys.argv) > 2 else 10_000
    duration = 10_000.0
    rng = np.random.default_rng(0)
    st = SpikeTrains(rng.uniform(0, duration, k), rng.integers(0, n, k), n=n, duration=duration)
    np.testing.assert_allclose(A.cv(st), numpy_cv(st.times, st.indices, n), rtol=1e-9)
    np.testing.assert_allclose(A.psth(st, 1.0).rate, numpy_psth(st.times, n, 1.0, duration))
    rows = [
        ("CV of every train", lambda: A.cv(st), lambda: numpy_cv(st.times, st.indices, n)),
        ("PSTH, 1 ms bins", lambda: A.psth(st, 1.0),
         lambda: numpy_psth(st.times, n, 1.0, duration)),
    ]
    print(f"{k:.3g} spikes in {n} trains over {duration:g} ms")
    print(f"{'statistic':<20} {'neuroai [s]':>12} {'NumPy [s]':>10} {'ratio':>7}")
    for name, ours, theirs in rows:
        a, b = best(ours)[0], best(theirs)[0]
        print(f"{name:<20} {a:>12.4f} {b:>10.4f} {b / a:>6.1f}x")


if __name__ == "__main__":
    main()
