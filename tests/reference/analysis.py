"""Spike-train analysis twins: per-train interspike intervals and the PSTH by loops."""
import math

import numpy as np


def isi_per_train(times, indices, n):
    """Interspike intervals [ms] of each of n trains, by sorting each train's times."""
    times, indices = np.asarray(times), np.asarray(indices)
    return [np.diff(np.sort(times[indices == k])) for k in range(n)]


def psth(trains, bin_width, duration):
    """PSTH by explicit loops, the slow obvious way: (counts, rate [Hz]) per bin.

    trains: list of spike-time arrays [ms]; bins of bin_width [ms] from 0,
    the last one shortened to end at duration.
    """
    nb = int(math.ceil(duration / bin_width - 1e-9))
    counts = [0] * nb
    for tr in trains:
        for s in tr:
            counts[min(int(s // bin_width), nb - 1)] += 1
    widths = [min(bin_width, duration - k * bin_width) for k in range(nb)]
    return np.array(counts), np.array([c / (len(trains) * w * 1e-3) for c, w in zip(counts, widths)])
