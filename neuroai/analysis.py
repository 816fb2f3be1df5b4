"""Spike-train analysis: rate, timing and pattern codes, measured.

Every function takes either a :class:`neuroai.spikes.SpikeTrains` or plain
arrays of spike times in ms:

* one 1-D array (or list of numbers): a single train; results are scalars or
  1-D arrays for that train;
* a list of 1-D arrays: one train per entry (ragged lengths are fine);
* a ``SpikeTrains``: its ``n`` trains and its ``duration``.

Functions that need a recording window (rates, PSTH, counts per bin, sparsity
per window) take ``duration`` in ms.  For a ``SpikeTrains`` it defaults to the
container's own; for plain arrays it must be given, because a rate computed
over "up to the last spike" is biased upwards.  Spike times must lie in
``[0, duration)``.

Variances: functions that compute a variance take ``ddof``.  The default,
``ddof=1``, is the sample (unbiased) variance; ``ddof=0`` is the population
variance (NumPy's default in ``np.var``).  Each docstring repeats which is used.

Undefined statistics (the CV of a train with fewer than two intervals, the
Fano factor of all-zero counts, the Hoyer sparsity of an all-zero vector) are
returned as NaN together with a :class:`UndefinedStatisticWarning`; they never
raise.  Bad arguments (non-positive bin widths or durations, spike times outside
the window) raise ``ValueError`` naming the parameter, its unit and what is
allowed.

Speed: grouping spikes by train (ISIs, latencies, jitter) is a counting sort
in C and the CV is one pass of Welford's update in C (``csrc/nai_analysis.c``),
both O(number of spikes); rates, counts and the PSTH are single NumPy
``bincount``/``histogram`` calls.  10 million spikes in 10,000 trains take
about 0.07 s for the CV of every train and 0.1 s for a 1 ms PSTH.

Coding and decoding (notebook 14 of the public course): the entropy of
spike counts or words and the mutual information between stimulus and
response, each plug-in or bias-corrected (Miller-Madow, or a shuffle
correction); population vectors; a template (nearest-centroid) decoder and a
linear (logistic) decoder with seeded cross-validation; PCA of population
activity; neuronal avalanches of binned activity and of a branching process,
with a power-law exponent.  The loops (entropies, decoding distances,
avalanches, the branching process) run in C.

Units: times and durations in ms, rates in Hz, information in bits.
"""
from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import numpy as np

from . import _core
from . import _units as U
from . import _validate as V
from .spikes import SpikeTrains, as_trains

__all__ = [
    "UndefinedStatisticWarning",
    "firing_rate",
    "population_rate",
    "spike_counts",
    "binned_counts",
    "isi",
    "cv",
    "fano_factor",
    "psth",
    "PSTH",
    "first_spike_latency",
    "latency_code",
    "LatencyCode",
    "spike_time_jitter",
    "SpikeJitter",
    "active_fraction",
    "hoyer_sparsity",
    # coding and decoding
    "entropy",
    "response_entropy",
    "mutual_information",
    "population_vectors",
    "TemplateDecoder",
    "LinearDecoder",
    "decode_accuracy",
    "DecodingResult",
    "pca",
    "PCAResult",
    "avalanches",
    "branching_avalanches",
    "Avalanches",
    "power_law_exponent",
]


class UndefinedStatisticWarning(RuntimeWarning):
    """A statistic is undefined for the data given and was returned as NaN."""


# ---------------------------------------------------------------------------
# input normalisation
# ---------------------------------------------------------------------------
def _check_ddof(ddof):
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)) or ddof not in (0, 1):
        raise ValueError(
            f"ddof must be 0 (population variance) or 1 (sample variance), got {ddof!r}")
    return int(ddof)


def _per_train(st):
    """List of per-train sorted spike-time arrays (views into one grouped copy).

    The grouping is a stable counting sort in C (``nai_analysis_group``):
    O(k + n) for k spikes where a comparison sort would be O(k log k).
    """
    offsets, order = _core.analysis_group(indices=st.indices, n=st.n)
    t = st.times[order]
    return [t[offsets[k]:offsets[k + 1]] for k in range(st.n)]


def _warn(msg):
    warnings.warn(msg, UndefinedStatisticWarning, stacklevel=3)


# ---------------------------------------------------------------------------
# rate code
# ---------------------------------------------------------------------------
def spike_counts(spikes, t_start=0.0, t_stop=None, duration=None):
    """Spike count of each train in ``[t_start, t_stop)``: the rate-code vector.

    Parameters
    ----------
    spikes : SpikeTrains, 1-D array or list of 1-D arrays
        Spike times in ms.
    t_start, t_stop : float
        Counting window in ms; ``t_stop`` defaults to ``duration``.  Must satisfy
        ``0 <= t_start < t_stop <= duration``.
    duration : float, optional
        Recording window in ms (required for plain arrays).

    Returns
    -------
    counts : int or ndarray of int64, shape (n,)
        An int for a single plain train.
    """
    st, single = as_trains(spikes, duration, need_window=True)
    t0, t1 = _count_window(t_start, t_stop, st.duration)
    sel = (st.times >= t0) & (st.times < t1)
    counts = np.bincount(st.indices[sel], minlength=st.n).astype(np.int64)
    return int(counts[0]) if single else counts


def _count_window(t_start, t_stop, duration):
    t0 = V.scalar(t_start, "t_start", "ms")
    t1 = duration if t_stop is None else V.scalar(t_stop, "t_stop", "ms")
    if not (0.0 <= t0 < t1 <= duration):
        raise ValueError(
            f"window [t_start, t_stop) [ms] must satisfy 0 <= t_start < t_stop <= "
            f"duration = {duration:g}; got t_start = {t0:g}, t_stop = {t1:g}")
    return t0, t1


def firing_rate(spikes, duration=None, t_start=0.0, t_stop=None):
    """Mean firing rate of each train in Hz: count / window length.

    Parameters
    ----------
    spikes : SpikeTrains, 1-D array or list of 1-D arrays
        Spike times in ms.
    duration : float, optional
        Recording window in ms (required for plain arrays; must be > 0).
    t_start, t_stop : float
        Sub-window in ms (default: the whole recording).

    Returns
    -------
    rate : float or ndarray of float64, shape (n,)
        Hz.  An empty train has rate 0.
    """
    st, single = as_trains(spikes, duration, need_window=True)
    t0, t1 = _count_window(t_start, t_stop, st.duration)
    counts = spike_counts(st, t0, t1)
    rates = U.rate_hz(counts, t1 - t0)
    return float(rates[0]) if single else rates


def population_rate(spikes, duration=None):
    """Mean rate per neuron over the whole population, in Hz.

    ``total spikes / (n * duration)``; silent trains count.  Returns a float.
    """
    st, _ = as_trains(spikes, duration, need_window=True)
    return U.rate_hz(len(st), st.n * st.duration)


def binned_counts(spikes, bin_width, duration=None):
    """Spike counts per time bin and train, time-major.

    Bins are ``[k*bin_width, (k+1)*bin_width)`` covering ``[0, duration)``;
    when ``duration`` is not a whole number of bins the last bin is shorter
    (its true width is in ``edges``).

    Returns
    -------
    edges : ndarray, shape (n_bins + 1,)
        Bin edges in ms; ``edges[-1] == duration``.
    counts : ndarray of int64, shape (n_bins, n)
    """
    st, _ = as_trains(spikes, duration, need_window=True)
    edges = _edges(bin_width, st.duration)
    nb = edges.shape[0] - 1
    b = np.searchsorted(edges, st.times, side="right") - 1
    flat = np.bincount(b * st.n + st.indices, minlength=nb * st.n)
    return edges, flat.astype(np.int64).reshape(nb, st.n)


#: More bins than this cannot be indexed exactly in float64 (2**53); the
#: arrays would not fit in memory long before.
_MAX_BINS = float(2 ** 53)


def _edges(bin_width, duration):
    bw = V.positive(bin_width, "bin_width", "ms")
    if bw > duration:
        raise ValueError(
            f"bin_width [ms] must be > 0 and <= duration = {duration:g} ms, got {bw:g}")
    ratio = duration / bw
    if not ratio <= _MAX_BINS:
        raise ValueError(
            f"bin_width [ms] = {bw!r} splits duration = {duration:g} ms into {ratio:.3g} "
            f"bins; at most {_MAX_BINS:.3g} bins are allowed: use a wider bin_width")
    nb = int(math.ceil(ratio - 1e-9))
    edges = np.arange(nb + 1, dtype=np.float64) * bw
    edges[-1] = duration
    return edges


class PSTH(NamedTuple):
    """Peri-stimulus time histogram.

    edges : bin edges in ms, shape (n_bins + 1,)
    centers : bin centres in ms, shape (n_bins,)
    rate : mean rate per train in each bin, Hz, shape (n_bins,)
    counts : total spike count over all trains in each bin, shape (n_bins,)
    """
    edges: np.ndarray
    centers: np.ndarray
    rate: np.ndarray
    counts: np.ndarray


def psth(spikes, bin_width, duration=None):
    """Peri-stimulus time histogram: mean rate per train in each time bin.

    The trains are the repeated trials (or the neurons of a population, which
    gives the time-resolved population rate).  ``rate[k] = counts[k] /
    (n * width_k)`` in Hz, with ``width_k`` the true width of bin k in seconds.

    Parameters
    ----------
    spikes : SpikeTrains, 1-D array or list of 1-D arrays
        Spike times in ms, aligned to the stimulus at t = 0.
    bin_width : float
        Bin width in ms, > 0 and <= duration.
    duration : float, optional
        Window in ms (required for plain arrays).

    Returns
    -------
    PSTH
        ``(edges, centers, rate, counts)``.
    """
    st, _ = as_trains(spikes, duration, need_window=True)
    edges = _edges(bin_width, st.duration)
    counts = np.histogram(st.times, bins=edges)[0].astype(np.int64)
    widths_s = U.seconds(np.diff(edges))
    rate = counts / (st.n * widths_s)
    centers = 0.5 * (edges[:-1] + edges[1:])
    return PSTH(edges, centers, rate, counts)


# ---------------------------------------------------------------------------
# interval statistics
# ---------------------------------------------------------------------------
def isi(spikes, pooled=False):
    """Interspike intervals in ms.

    Returns a 1-D array for a single plain train; otherwise a list of ``n``
    arrays, one per train (or one concatenated array if ``pooled``).  A train
    with fewer than two spikes has no intervals (an empty array).
    """
    pooled = V.flag(pooled, "pooled")
    st, single = as_trains(spikes)
    out = [np.diff(t) for t in _per_train(st)]
    if single:
        return out[0]
    if pooled:
        return np.concatenate(out) if out else np.empty(0)
    return out


def cv(spikes, ddof=1):
    """Coefficient of variation of the interspike intervals: std / mean.

    ``std`` uses ``ddof`` (default 1: sample standard deviation; 0: population).
    A regular train has CV 0, a Poisson train CV near 1.  A train with fewer
    than two intervals (fewer than three spikes) has no defined CV: NaN is
    returned with an :class:`UndefinedStatisticWarning`.

    Returns
    -------
    float for a single plain train, else ndarray of float64, shape (n,).
    """
    ddof = _check_ddof(ddof)
    st, single = as_trains(spikes)
    # one pass in C over the time-sorted spikes (Welford's update per train)
    count, mean, m2 = _core.analysis_isi_moments(times=st.times, indices=st.indices, n=st.n)
    out = np.full(st.n, np.nan)
    ok = count >= 2
    with np.errstate(divide="ignore", invalid="ignore"):
        out[ok] = np.sqrt(m2[ok] / (count[ok] - ddof)) / mean[ok]
    out[ok & ~(mean > 0)] = np.nan
    n_short = int(np.sum(~ok))
    if n_short:
        which = "the train" if single else f"{n_short} of {st.n} trains"
        _warn(f"CV is undefined for {which} with fewer than 2 interspike intervals "
              "(fewer than 3 spikes); returned NaN")
    return float(out[0]) if single else out


def fano_factor(spikes=None, counts=None, bin_width=None, duration=None, ddof=1):
    """Fano factor of spike counts: variance / mean.

    Three ways to supply the counts:

    * ``counts=``: an array of counts; the Fano factor over its last axis
      (e.g. over trials) is returned.
    * ``spikes`` without ``bin_width``: each train is one trial; the counts
      are the spike counts in the whole window; one float is returned.
    * ``spikes`` with ``bin_width`` (ms): counts in consecutive bins of each
      train; one Fano factor per train (shape ``(n,)``, a float for one plain
      train).

    The variance uses ``ddof`` (default 1: the unbiased sample variance, whose
    expectation for Poisson counts is exactly the mean, so a Poisson process
    has Fano factor 1 in expectation; 0: population variance).  Zero mean
    count gives NaN with an :class:`UndefinedStatisticWarning`.
    """
    ddof = _check_ddof(ddof)
    if (spikes is None) == (counts is None):
        raise ValueError("fano_factor: give exactly one of spikes= or counts=")
    single = False
    if counts is not None:
        c = V.real_array(counts, "counts")
        if c.ndim == 0 or c.shape[-1] < 2:
            raise ValueError(
                "counts must hold at least 2 counts along the last axis (trials or bins)")
        V.all_nonnegative(c, "counts")
        data = c
        scalar = c.ndim == 1
    elif bin_width is None:
        st, _ = as_trains(spikes, duration, need_window=True)
        if st.n < 2:
            raise ValueError(
                "fano_factor across trials needs at least 2 trains (trials); "
                "pass bin_width= (ms) for the Fano factor over time bins of one train")
        data = st.counts().astype(np.float64)
        scalar = True
    else:
        st, single = as_trains(spikes, duration, need_window=True)
        edges, c = binned_counts(st, bin_width)
        if c.shape[0] < 2:
            raise ValueError(
                f"bin_width [ms] gives only {c.shape[0]} bin in duration = "
                f"{st.duration:g} ms; need at least 2 bins")
        data = c.T.astype(np.float64)       # (n, n_bins)
        scalar = False
    mean = data.mean(axis=-1)
    var = data.var(axis=-1, ddof=ddof)
    with np.errstate(divide="ignore", invalid="ignore"):
        ff = np.where(mean > 0, var / np.where(mean > 0, mean, 1.0), np.nan)
    if np.any(~(mean > 0)):
        _warn("Fano factor is undefined where the mean count is 0; returned NaN")
    if scalar:
        return float(ff)
    if single:
        return float(ff[0])
    return ff


# ---------------------------------------------------------------------------
# timing code
# ---------------------------------------------------------------------------
def first_spike_latency(spikes, onset=0.0):
    """Time from ``onset`` (ms) to the first spike at or after it, in ms.

    Trains with no spike at or after the onset give NaN (and a warning).

    Returns
    -------
    float for a single plain train, else ndarray of float64, shape (n,).
    """
    onset = V.nonnegative(onset, "onset", "ms")
    st, single = as_trains(spikes)
    out = np.full(st.n, np.nan)
    for k, t in enumerate(_per_train(st)):
        j = np.searchsorted(t, onset, side="left")
        if j < t.size:
            out[k] = t[j] - onset
    if np.any(np.isnan(out)):
        _warn("first-spike latency is undefined for a train with no spike after the "
              "onset; returned NaN")
    return float(out[0]) if single else out


class LatencyCode(NamedTuple):
    """How well first-spike latency encodes stimulus strength.

    rho : Spearman rank correlation between strength and latency (-1: stronger
        stimuli always fire earlier, a perfect latency code)
    slope : least-squares slope of latency on strength, ms per unit strength
    n : number of (strength, latency) pairs used (NaN latencies dropped)
    """
    rho: float
    slope: float
    n: int


def _ranks(x):
    """Ranks 1..n with ties given their average rank."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(x.size, dtype=np.float64)
    xs = x[order]
    i = 0
    while i < x.size:
        j = i
        while j + 1 < x.size and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = 0.5 * (i + j) + 1.0
        i = j + 1
    return ranks


def latency_code(strengths, latencies):
    """Measure latency coding: do stronger stimuli give earlier first spikes?

    Parameters
    ----------
    strengths : array_like, shape (m,)
        Stimulus strength of each presentation (any unit, e.g. nA).
    latencies : array_like, shape (m,)
        First-spike latency of each presentation in ms (NaN for no spike:
        those pairs are dropped).

    Returns
    -------
    LatencyCode
        ``(rho, slope, n)``; rho is NaN (with a warning) when fewer than 3 pairs
        remain or either variable is constant.
    """
    s = V.real_array(strengths, "strengths").reshape(-1)
    lat = V.real_array(latencies, "latencies", "ms", allow_nan=True).reshape(-1)
    if s.shape != lat.shape:
        raise ValueError(
            f"strengths and latencies [ms] must have the same length, got "
            f"{s.size} and {lat.size}")
    keep = np.isfinite(lat)
    s, lat = s[keep], lat[keep]
    V.all_nonnegative(lat, "latencies", "ms", " (or NaN for no spike)")
    n = int(s.size)
    if n < 3 or np.ptp(s) == 0 or np.ptp(lat) == 0:
        _warn("latency code needs at least 3 presentations with varying strength "
              "and latency; returned NaN")
        return LatencyCode(float("nan"), float("nan"), n)
    rs, rl = _ranks(s), _ranks(lat)
    rs -= rs.mean()
    rl -= rl.mean()
    rho = float(np.sum(rs * rl) / math.sqrt(np.sum(rs * rs) * np.sum(rl * rl)))
    sc = s - s.mean()
    slope = float(np.sum(sc * (lat - lat.mean())) / np.sum(sc * sc))
    return LatencyCode(rho, slope, n)


class SpikeJitter(NamedTuple):
    """Spike-time precision across repeated trials, per reference event.

    jitter : standard deviation (ms) across trials of the spike time matched to
        each reference event, shape (m,); NaN where fewer than 2 trials matched
    mean_time : mean matched spike time in ms, shape (m,)
    reliability : fraction of trials with a spike matched to the event, shape (m,)
    """
    jitter: np.ndarray
    mean_time: np.ndarray
    reliability: np.ndarray


def spike_time_jitter(spikes, reference_times, window, ddof=1):
    """Spike-time precision (jitter) and reliability over repeated trials.

    Each train is one trial of the same stimulus.  For each reference time
    (e.g. the spike times of a noise-free run, ms) the spike of each trial
    nearest to it within ``+-window`` ms is matched; the jitter is the
    standard deviation of the matched times across trials (``ddof``: 1 sample,
    the default, or 0 population), and the reliability is the fraction of
    trials that had a match.

    Returns
    -------
    SpikeJitter
        ``(jitter, mean_time, reliability)``, each of shape (m,), ms / ms / 1.
    """
    ddof = _check_ddof(ddof)
    w = V.positive(window, "window", "ms")
    ref = V.real_array(reference_times, "reference_times", "ms",
                       allow_empty=False).reshape(-1)
    st, _ = as_trains(spikes)
    trains = _per_train(st)
    matched = np.full((len(trains), ref.size), np.nan)
    for k, t in enumerate(trains):
        if t.size == 0:
            continue
        j = np.clip(np.searchsorted(t, ref), 1, max(t.size - 1, 1))
        left = t[j - 1]
        right = t[np.minimum(j, t.size - 1)]
        near = np.where(np.abs(ref - left) <= np.abs(right - ref), left, right)
        ok = np.abs(near - ref) <= w
        matched[k, ok] = near[ok]
    hits = np.isfinite(matched)
    nhit = hits.sum(axis=0)
    reliability = nhit / len(trains)
    mean_time = np.full(ref.size, np.nan)
    jitter = np.full(ref.size, np.nan)
    for e in range(ref.size):
        v = matched[hits[:, e], e]
        if v.size:
            mean_time[e] = v.mean()
        if v.size >= 2:
            jitter[e] = v.std(ddof=ddof)
    if np.any(nhit < 2):
        _warn("spike-time jitter is undefined for an event matched in fewer than 2 "
              "trials; returned NaN there")
    return SpikeJitter(jitter, mean_time, reliability)


# ---------------------------------------------------------------------------
# sparsity
# ---------------------------------------------------------------------------
def active_fraction(spikes, bin_width, duration=None):
    """Fraction of trains (neurons) with at least one spike in each time window.

    Returns
    -------
    edges : ndarray, shape (n_bins + 1,)
        Window edges in ms.
    fraction : ndarray of float64, shape (n_bins,)
        In [0, 1].
    """
    edges, c = binned_counts(spikes, bin_width, duration)
    return edges, (c > 0).mean(axis=1)


def hoyer_sparsity(x, axis=-1):
    """Hoyer sparsity of a non-negative activity vector.

    ``(sqrt(n) - L1/L2) / (sqrt(n) - 1)`` (Hoyer, J. Mach. Learn. Res. 5,
    1457-1469, 2004): 1 for a one-hot vector (one neuron active), 0 for a
    uniform vector (all equally active).  An all-zero vector has no defined
    sparsity: NaN with an :class:`UndefinedStatisticWarning`.

    Parameters
    ----------
    x : array_like or SpikeTrains
        Activities (rates, counts, ...), >= 0, with at least 2 entries along
        ``axis``.  A ``SpikeTrains`` is reduced to its spike-count vector.
    axis : int
        Axis along which the vector lies (default: last).

    Returns
    -------
    float, or ndarray with ``axis`` removed.
    """
    if isinstance(x, SpikeTrains):
        x = x.counts()
    a = V.real_array(x, "x (activities)")
    if a.ndim == 0:
        raise ValueError("x must be an array of activities with at least 2 entries")
    axis = V.axis(axis, a.ndim)
    n = a.shape[axis]
    if n < 2:
        raise ValueError(f"hoyer_sparsity needs at least 2 entries along axis {axis}, got {n}")
    V.all_nonnegative(a, "x (activities)")
    # L1/L2 does not depend on the scale: dividing by the largest entry keeps
    # the squares from overflowing (1e200) or underflowing (1e-200) to 0
    top = a.max(axis=axis, keepdims=True)
    a = a / np.where(top > 0, top, 1.0)
    l1 = a.sum(axis=axis)
    l2 = np.sqrt((a * a).sum(axis=axis))
    rn = math.sqrt(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(l2 > 0, (rn - l1 / np.where(l2 > 0, l2, 1.0)) / (rn - 1.0), np.nan)
    if np.any(~(l2 > 0)):
        _warn("Hoyer sparsity is undefined for an all-zero vector; returned NaN")
    h = np.clip(h, 0.0, 1.0)   # rounding can leave it a few ulp outside [0, 1]
    return float(h) if np.ndim(h) == 0 else h



# ---------------------------------------------------------------------------
# coding and decoding
# ---------------------------------------------------------------------------
_CORRECTIONS = ("none", "miller-madow")


def _correction(correction, allowed=_CORRECTIONS):
    if correction is None:
        return "none"
    return V.choice(correction, "correction", allowed)


def entropy(counts, correction=None):
    """Entropy [bits] of a histogram of outcomes.

    ``H = -sum p_i log2 p_i`` with ``p_i = counts_i / N`` (the plug-in,
    maximum-likelihood estimate), or with ``correction="miller-madow"`` plus
    its first-order bias ``(m - 1) / (2 N ln 2)``, ``m`` the number of
    nonzero counts (Miller 1955; Panzeri & Treves 1996, Network 7:87).  A
    single occupied outcome gives +0.0.

    Parameters
    ----------
    counts : array_like of int
        How often each outcome occurred, >= 0, not all 0.
    correction : {None, "none", "miller-madow"}

    Returns
    -------
    float

    Examples
    --------
    >>> entropy([5, 5]), entropy([1, 1, 1, 1]), entropy([10, 0])
    (1.0, 2.0, 0.0)
    """
    corr = _correction(correction)
    c = np.asarray(counts)
    if c.ndim != 1 or c.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array of counts, got shape {c.shape}")
    if not (np.issubdtype(c.dtype, np.integer) or np.issubdtype(c.dtype, np.bool_)):
        cf = V.real_array(c, "counts")
        if np.any(cf != np.round(cf)):
            raise ValueError("counts must be whole numbers (how often each outcome occurred); "
                             "for probabilities use entropy of counts or multiply by N")
        c = cf
    c = np.ascontiguousarray(c, dtype=np.int64)
    if np.any(c < 0) or not c.sum() > 0:
        raise ValueError("counts must be >= 0 and not all 0")
    h, h_mm = _core.analysis_entropy(counts=c)
    return h_mm if corr == "miller-madow" else h


def _codes(x, name):
    """Integer codes of the rows (words) or values of ``x``, and their number."""
    a = np.asarray(x)
    if a.ndim == 0 or a.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one trial (axis 0), got shape {a.shape}")
    if a.ndim > 2:
        raise ValueError(f"{name} must be 1-D (one value per trial) or 2-D (one word per "
                         f"trial), got shape {a.shape}")
    if a.dtype.kind not in "biuUS":
        a = V.real_array(a, name)
    if a.ndim == 2:
        _, inv = np.unique(a, axis=0, return_inverse=True)
    else:
        _, inv = np.unique(a, return_inverse=True)
    inv = np.asarray(inv).reshape(-1).astype(np.int64)
    return inv, int(inv.max()) + 1


def response_entropy(responses, correction=None):
    """Entropy [bits] of observed responses: spike counts, or words.

    Parameters
    ----------
    responses : array_like, shape (n_trials,) or (n_trials, n_neurons)
        One response per trial: a number (a spike count), or a row (a word:
        the counts or 0/1 spikes of several neurons or bins), compared
        exactly.
    correction : {None, "none", "miller-madow"}
        As for :func:`entropy`.

    Returns
    -------
    float
    """
    codes, m = _codes(responses, "responses")
    return entropy(np.bincount(codes, minlength=m), correction)


def mutual_information(stimuli, responses, correction=None, n_shuffles=100, seed=None):
    """Mutual information [bits] between stimulus and response over trials.

    ``I(S; R) = H(R) - sum_s P(s) H(R | s)`` with the probabilities of the
    trials (stimuli as often as they were shown).  ``correction``:

    ``None`` / ``"none"``
        plug-in; biased upwards for few trials per response.
    ``"miller-madow"``
        each entropy Miller-Madow corrected (see :func:`entropy`).
    ``"shuffle"``
        the plug-in value minus its mean over ``n_shuffles`` shufflings of
        the stimulus labels (seeded by ``seed``), which estimates the bias.

    Parameters
    ----------
    stimuli : array_like, shape (n_trials,)
        The stimulus label of each trial (any values).
    responses : array_like, shape (n_trials,) or (n_trials, n_neurons)
        As for :func:`response_entropy`.
    correction : {None, "none", "miller-madow", "shuffle"}
    n_shuffles : int, default 100
    seed : int, Generator or None
        Seeds the shuffles.

    Returns
    -------
    float

    Examples
    --------
    The course's examples, two stimuli with four trials each:

    >>> s = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> mutual_information(s, [10, 10, 10, 10, 20, 20, 20, 20])
    1.0
    >>> mutual_information(s, [10, 10, 11, 11, 11, 11, 12, 12])
    0.5
    """
    corr = _correction(correction, _CORRECTIONS + ("shuffle",))
    s_codes, n_s = _codes(stimuli, "stimuli")
    r_codes, n_r = _codes(responses, "responses")
    if s_codes.ndim != 1 or np.asarray(stimuli).ndim != 1:
        raise ValueError("stimuli must be 1-D: one label per trial")
    if s_codes.size != r_codes.size:
        raise ValueError(f"stimuli and responses must have one entry per trial: got "
                         f"{s_codes.size} stimuli and {r_codes.size} responses")

    def table(sc):
        return np.bincount(sc * n_r + r_codes, minlength=n_s * n_r).reshape(n_s, n_r)

    mi, mi_mm = _core.analysis_mutual_info(table=table(s_codes))
    if corr == "miller-madow":
        return mi_mm
    if corr == "shuffle":
        n_shuffles = V.integer(n_shuffles, "n_shuffles", minimum=1)
        rng = V.rng(seed)
        bias = 0.0
        for _ in range(n_shuffles):
            bias += _core.analysis_mutual_info(table=table(rng.permutation(s_codes)))[0]
        mi = mi - bias / n_shuffles
        return mi + 0.0 if mi != 0.0 else 0.0
    return mi


def population_vectors(trials, duration):
    """Firing rate [Hz] of every neuron in every trial: one population vector
    per trial.

    Parameters
    ----------
    trials : sequence of SpikeTrains, or of sequences of spike-time arrays [ms]
        One entry per trial, each with the same number of neurons.
    duration : float
        Length of each trial [ms].

    Returns
    -------
    ndarray, shape (n_trials, n_neurons)
    """
    duration = V.positive(duration, "duration", "ms")
    rows = [np.asarray(firing_rate(t, duration=duration), dtype=np.float64).reshape(-1)
            for t in trials]
    if not rows:
        raise ValueError("trials must hold at least one trial")
    if len({r.size for r in rows}) != 1:
        raise ValueError(f"every trial must have the same number of neurons, got "
                         f"{sorted({r.size for r in rows})}")
    return np.vstack(rows)


def _xy(X, y, name="X"):
    X = V.real_array(X, name)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"{name} must be 2-D (trials, features) with at least one trial, got "
                         f"shape {X.shape}")
    if y is None:
        return np.ascontiguousarray(X, dtype=np.float64), None
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must be 1-D with one label per row of {name} ({X.shape[0]}), "
                         f"got shape {y.shape}")
    return np.ascontiguousarray(X, dtype=np.float64), y


class TemplateDecoder:
    """Template matching: each class's template is the mean of its training
    vectors, and a vector is decoded as the class of the nearest template
    (Euclidean distance; ties go to the class listed first in ``classes_``).

    Attributes (after ``fit``)
    --------------------------
    classes_ : ndarray
        The class labels, sorted.
    templates_ : ndarray, shape (n_classes, n_features)
        The mean training vector of each class.

    Examples
    --------
    >>> dec = TemplateDecoder().fit([[0, 0], [0, 1], [5, 5], [6, 5]], ["A", "A", "B", "B"])
    >>> dec.predict([[1, 0], [5, 6]]).tolist()
    ['A', 'B']
    """

    def fit(self, X, y):
        """Learn the templates from ``X`` (trials, features) and labels ``y``."""
        X, y = _xy(X, y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        _, self.templates_, self._count = _core.analysis_centroid_decode(
            x_train=X, y_train=np.asarray(codes, dtype=np.int64).reshape(-1),
            n_classes=self.classes_.size, x_test=np.empty((0, X.shape[1])))
        return self

    def predict(self, X):
        """The decoded class of each row of ``X``."""
        if not hasattr(self, "templates_"):
            raise ValueError("call fit(X, y) before predict")
        X, _ = _xy(X, None)
        if X.shape[1] != self.templates_.shape[1]:
            raise ValueError(f"X has {X.shape[1]} features, the decoder was fitted on "
                             f"{self.templates_.shape[1]}")
        # each template is its own class's only training vector: its centroid
        pred, _, _ = _core.analysis_centroid_decode(
            x_train=self.templates_, y_train=np.arange(self.classes_.size, dtype=np.int64),
            n_classes=self.classes_.size, x_test=X)
        return self.classes_[pred]

    def score(self, X, y):
        """Fraction of the rows of ``X`` decoded as their label ``y``."""
        X, y = _xy(X, y)
        return float(np.mean(self.predict(X) == y))


class LinearDecoder:
    """A linear decoder: logistic regression on standardised features.

    With scikit-learn installed (``pip install "neuroai-kit[course]"``) this
    is its ``LogisticRegression`` (L2, C=1); without it, a small built-in
    fallback fits the same model (multinomial logistic regression with an
    L2 penalty ``1/(2C) |W|^2``) by gradient descent in NumPy.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength, > 0.
    use_sklearn : bool or None, default None
        None: scikit-learn if importable; True: require it; False: the fallback.

    Attributes (after ``fit``)
    --------------------------
    classes_ : ndarray
    coef_ : ndarray, shape (n_classes, n_features), or (1, n_features) for two
        classes, as scikit-learn gives it (in the units of the inputs).
    backend_ : str
        ``"sklearn"`` or ``"numpy"``.
    """

    def __init__(self, C=1.0, use_sklearn=None):
        self.C = V.positive(C, "C")
        self.use_sklearn = use_sklearn

    def _sklearn(self):
        if self.use_sklearn is False:
            return None
        try:
            from sklearn.linear_model import LogisticRegression
        except ImportError:
            if self.use_sklearn:
                raise ImportError("LinearDecoder(use_sklearn=True) needs scikit-learn: "
                                  "pip install 'neuroai-kit[course]'") from None
            return None
        return LogisticRegression(C=self.C, max_iter=1000)

    def fit(self, X, y):
        """Fit on ``X`` (trials, features) and labels ``y``."""
        X, y = _xy(X, y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        codes = np.asarray(codes).reshape(-1)
        if self.classes_.size < 2:
            raise ValueError("y must hold at least two classes to decode")
        model = self._sklearn()
        if model is not None:
            model.fit(X, codes)
            self._model, self.backend_ = model, "sklearn"
            self.coef_ = model.coef_
            return self
        self.backend_ = "numpy"
        self._mu = X.mean(axis=0)
        sd = X.std(axis=0)
        self._sd = np.where(sd > 0, sd, 1.0)
        Z = (X - self._mu) / self._sd
        k, n = self.classes_.size, X.shape[0]
        W, b = np.zeros((Z.shape[1], k)), np.zeros(k)
        Y = np.eye(k)[codes]
        lr = 1.0
        for _ in range(2000):
            logits = Z @ W + b
            logits -= logits.max(axis=1, keepdims=True)
            P = np.exp(logits)
            P /= P.sum(axis=1, keepdims=True)
            G = (P - Y) / n
            W -= lr * (Z.T @ G + W / (self.C * n))
            b -= lr * G.sum(axis=0)
        self._W, self._b = W, b
        coef = (W / self._sd[:, None]).T
        self.coef_ = (coef[1] - coef[0])[None, :] if k == 2 else coef
        return self

    def predict(self, X):
        """The decoded class of each row of ``X``."""
        if not hasattr(self, "backend_"):
            raise ValueError("call fit(X, y) before predict")
        X, _ = _xy(X, None)
        if self.backend_ == "sklearn":
            return self.classes_[self._model.predict(X)]
        Z = (X - self._mu) / self._sd
        return self.classes_[np.argmax(Z @ self._W + self._b, axis=1)]

    def score(self, X, y):
        """Fraction of the rows of ``X`` decoded as their label ``y``."""
        X, y = _xy(X, y)
        return float(np.mean(self.predict(X) == y))


class DecodingResult(NamedTuple):
    """:func:`decode_accuracy`'s outcome: the mean accuracy over folds, the
    accuracy of each fold, and the number of test trials of each fold."""
    accuracy: float
    fold_accuracy: np.ndarray
    fold_size: np.ndarray


def decode_accuracy(X, y, decoder="template", n_folds=5, seed=0):
    """Cross-validated decoding accuracy.

    The trials are shuffled (seeded) and split, class by class, into
    ``n_folds`` folds of near-equal size (stratified); each fold is decoded
    by a decoder fitted on the others.

    Parameters
    ----------
    X : array_like, shape (n_trials, n_features)
        Population vectors (e.g. :func:`population_vectors`).
    y : array_like, shape (n_trials,)
        The stimulus of each trial.
    decoder : {"template", "linear"} or an object with fit and predict
    n_folds : int, default 5
        >= 2, and no more than the trials of the rarest class.
    seed : int, Generator or None, default 0

    Returns
    -------
    DecodingResult
        ``accuracy`` is the fraction of all trials decoded correctly.
    """
    X, y = _xy(X, y)
    n_folds = V.integer(n_folds, "n_folds", minimum=2)
    classes, codes = np.unique(y, return_inverse=True)
    codes = np.asarray(codes).reshape(-1)
    smallest = int(np.bincount(codes).min())
    if n_folds > smallest:
        raise ValueError(f"n_folds must be <= the trials of the rarest class ({smallest}), "
                         f"got {n_folds}")
    rng = V.rng(seed)
    fold = np.empty(y.size, dtype=np.int64)
    for c in range(classes.size):
        idx = rng.permutation(np.flatnonzero(codes == c))
        fold[idx] = np.arange(idx.size) % n_folds
    make = {"template": TemplateDecoder, "linear": LinearDecoder}
    acc, size, correct = [], [], 0
    for k in range(n_folds):
        test = fold == k
        if isinstance(decoder, str):
            dec = make[V.choice(decoder, "decoder", tuple(make))]()
        else:
            dec = decoder
        dec.fit(X[~test], y[~test])
        hits = int(np.sum(np.asarray(dec.predict(X[test])) == y[test]))
        correct += hits
        acc.append(hits / int(test.sum()))
        size.append(int(test.sum()))
    return DecodingResult(correct / y.size, np.array(acc), np.array(size))


class PCAResult(NamedTuple):
    """:func:`pca`'s outcome: ``scores`` (trials, components), the
    ``components`` (components, features, unit rows), the variance of each
    component and its fraction of the total."""
    scores: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray


def pca(X, n_components=2):
    """Principal components of population activity (NumPy SVD of the
    centred data).

    Parameters
    ----------
    X : array_like, shape (n_trials, n_features)
    n_components : int, default 2
        At most ``min(n_trials, n_features)``.

    Returns
    -------
    PCAResult
        Each component's sign is chosen so that its largest-magnitude entry
        is positive (as scikit-learn does), so results are reproducible.
    """
    X, _ = _xy(X, None)
    k = V.integer(n_components, "n_components", minimum=1)
    if k > min(X.shape):
        raise ValueError(f"n_components must be <= min(n_trials, n_features) = {min(X.shape)}, "
                         f"got {k}")
    Xc = X - X.mean(axis=0)
    U_, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    sign = np.sign(Vt[np.arange(Vt.shape[0]), np.argmax(np.abs(Vt), axis=1)])
    sign[sign == 0] = 1.0
    Vt = Vt * sign[:, None]
    var = S ** 2 / max(X.shape[0] - 1, 1)
    total = var.sum()
    ratio = var / total if total > 0 else np.zeros_like(var)
    return PCAResult(Xc @ Vt[:k].T, Vt[:k], var[:k], ratio[:k])


class Avalanches(NamedTuple):
    """Avalanche sizes (events) and durations (bins or generations), int64."""
    sizes: np.ndarray
    durations: np.ndarray


def avalanches(activity):
    """Neuronal avalanches of binned population activity.

    An avalanche is a run of bins with activity bounded by empty bins on both
    sides; its size is the sum of its counts, its duration its number of bins
    (Beggs & Plenz 2003, J Neurosci 23:11167).  Runs touching the first or
    last bin are incomplete and left out.

    Parameters
    ----------
    activity : array_like of int, shape (T,), or SpikeTrains with bin_width
        Events per bin (e.g. ``binned_counts(...).sum(axis=0)``), >= 0.

    Returns
    -------
    Avalanches

    Examples
    --------
    >>> avalanches([1, 0, 2, 3, 0, 0, 1, 0, 5])
    Avalanches(sizes=array([5, 1]), durations=array([2, 1]))
    """
    a = np.asarray(activity)
    if a.ndim != 1:
        raise ValueError(f"activity must be 1-D (events per bin), got shape {a.shape}")
    if not np.issubdtype(a.dtype, np.integer):
        af = V.real_array(a, "activity")
        if np.any(af != np.round(af)):
            raise ValueError("activity must hold whole numbers of events per bin")
        a = af
    a = np.ascontiguousarray(a, dtype=np.int64)
    if np.any(a < 0):
        raise ValueError("activity must be >= 0 (events per bin)")
    return Avalanches(*_core.analysis_avalanches(activity=a))


def branching_avalanches(sigma, n, max_steps=10_000, max_size=100_000, seed=None):
    """Avalanches of a branching process with branching ratio ``sigma``.

    One unit starts active; each active unit activates a Poisson(``sigma``)
    number of units at the next step (a step with ``A`` active units has
    Poisson(``sigma * A``) successors, the course's
    ``np.random.poisson(active * sigma)``).  An avalanche ends when no unit
    is active, after ``max_steps`` steps, or once its size (units activated
    in all, the first included) reaches ``max_size``.  For ``sigma < 1`` the
    mean size is ``1 / (1 - sigma)``; at ``sigma = 1`` (critical) sizes
    follow a power law with exponent 3/2.  Runs in C; avalanche ``i`` has
    its own random stream, so the first ``k`` of ``n`` do not depend on ``n``.

    Parameters
    ----------
    sigma : float
        Branching ratio, in [0, 20].
    n : int
        Number of avalanches, >= 0.
    max_steps, max_size : int
        Caps, >= 1.
    seed : int or None
        None draws a seed from the operating system.

    Returns
    -------
    Avalanches
        ``durations`` counts the steps with an active unit (1 for a lone
        unit).
    """
    sigma = V.nonnegative(sigma, "sigma")
    if not sigma <= 20.0:
        raise ValueError(f"sigma (branching ratio) must be <= 20, got {sigma!r}")
    n = V.integer(n, "n", minimum=0)
    max_steps = V.integer(max_steps, "max_steps", minimum=1)
    max_size = V.integer(max_size, "max_size", minimum=1)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
    seed = V.integer(seed, "seed", minimum=0)
    return Avalanches(*_core.analysis_branching(sigma=sigma, n=n, max_steps=max_steps,
                                                max_size=max_size, seed=seed))


def power_law_exponent(sizes, s_min=1):
    """Exponent ``alpha`` of a discrete power law ``P(s) ~ s^-alpha`` fitted to
    the sizes ``>= s_min`` by maximum likelihood, in the approximation of
    Clauset, Shalizi & Newman (2009, SIAM Review 51:661, eq. 3.7):
    ``alpha = 1 + n / sum ln(s_i / (s_min - 1/2))``.

    Parameters
    ----------
    sizes : array_like of int
        Avalanche sizes (or durations), >= 1.
    s_min : int, default 1
        Smallest size of the power-law tail, >= 1.

    Returns
    -------
    float
        NaN with an :class:`UndefinedStatisticWarning` when fewer than two
        sizes reach ``s_min``.
    """
    s = V.real_array(sizes, "sizes").reshape(-1)
    s_min = V.integer(s_min, "s_min", minimum=1)
    tail = s[s >= s_min]
    if tail.size < 2:
        _warn("power_law_exponent needs at least 2 sizes >= s_min; returned NaN")
        return float("nan")
    return float(1.0 + tail.size / np.sum(np.log(tail / (s_min - 0.5))))
