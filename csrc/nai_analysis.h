/*
 * nai_analysis.h -- spike-train statistics over millions of spikes, in O(k).
 *
 * Spikes come as two flat arrays of length k, sorted by time (the layout of
 * neuroai.SpikeTrains): times[j] in ms and indices[j], the train of spike j,
 * in [0, n).
 *
 * Grouping.  nai_analysis_group() is a stable counting sort by train: after
 * it, train i's spikes are order[offsets[i] .. offsets[i+1]-1], still in time
 * order.  O(k + n) where a comparison sort is O(k log k) (about 2.4 s for
 * 1e7 spikes with NumPy's stable argsort, against tens of ms here).
 *
 * Interspike-interval moments.  For each train with spike times t_1 < ... <
 * t_m the intervals are d_j = t_{j+1} - t_j.  nai_analysis_isi_moments()
 * accumulates, in one pass over the time-sorted spikes, the number of
 * intervals c, their mean and M2 = sum_j (d_j - mean)^2 with Welford's
 * update (B. P. Welford, Technometrics 4:419-420, 1962):
 *
 *     c += 1;  delta = d - mean;  mean += delta / c;  M2 += delta * (d - mean)
 *
 * which, unlike sum(d^2) - c*mean^2, does not cancel catastrophically for
 * long, nearly regular trains (and gives exactly 0 for a regular one).
 * The caller forms the variance M2 / (c - ddof) and the coefficient of
 * variation sqrt(variance) / mean.
 *
 * Units: ms in, ms out.  No function here allocates, prints or calls Python,
 * so all may run with the GIL released.  Each validates its whole input
 * before writing any output: on a status other than NAI_OK no output was
 * written.
 */
#ifndef NAI_ANALYSIS_H
#define NAI_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "nai_core.h"

/*
 * Stable counting sort of k spikes by train.
 *   indices : k train numbers, each in [0, n)
 *   offsets : out, n + 1 entries; offsets[0] = 0, offsets[n] = k
 *   order   : out, k entries; the spike numbers grouped by train, each group
 *             in increasing spike number (so in time order for sorted input)
 * Caller owns all memory.  Returns NAI_ERR_SHAPE if an index is outside
 * [0, n) (or n = 0 with k > 0), else NAI_OK.
 */
nai_status nai_analysis_group(const int64_t *indices, size_t k, size_t n,
                              int64_t *offsets, int64_t *order);

/*
 * Per-train interspike-interval count, mean and M2, in one pass.
 *   times   : k spike times [ms], finite and non-decreasing
 *   indices : k train numbers in [0, n)
 *   last    : out, n; the last spike time of each train [ms], NaN if none
 *   count   : out, n; number of intervals (spikes - 1, or 0)
 *   mean    : out, n; mean interval [ms] (0 where count is 0)
 *   m2      : out, n; sum of squared deviations from the mean [ms^2]
 * Caller owns all memory.  Returns NAI_ERR_SHAPE for an index outside
 * [0, n), NAI_ERR_PARAM for a non-finite or decreasing time, else NAI_OK.
 */
nai_status nai_analysis_isi_moments(const double *times, const int64_t *indices,
                                    size_t k, size_t n, double *last,
                                    int64_t *count, double *mean, double *m2);

/* ======================================================================
 * Coding and decoding: information, templates, avalanches
 * ======================================================================
 *
 * Entropy of a histogram.  For counts c_1..c_m with N = sum c_i > 0 and
 * p_i = c_i / N, the plug-in (maximum-likelihood) entropy in bits is
 *
 *     H = -sum_i p_i log2 p_i = (ln N - (1/N) sum_i c_i ln c_i) / ln 2
 *
 * and the Miller-Madow estimate adds its first-order bias (Miller 1955,
 * "Note on the bias of information estimates"; Panzeri & Treves 1996,
 * Network 7:87), with m_nz the number of nonzero counts:
 *
 *     H_MM = H + (m_nz - 1) / (2 N ln 2)
 *
 * Both are +0.0 (never -0.0) for a single occupied bin.
 *
 * Mutual information from a joint count table n[s][r] (stimulus s, response
 * r), N = sum n, N_s = sum_r n[s][r]:
 *
 *     I(S;R) = H(R) - sum_s (N_s / N) H(R | S = s)
 *
 * plug-in, and with each entropy Miller-Madow corrected:
 *
 *     I_MM = I + ((m_R - 1) - sum_s (m_{R|s} - 1)) / (2 N ln 2)
 *
 * (m_R occupied response bins overall, m_{R|s} for stimulus s).  The
 * plug-in I is >= 0 (rounding below 0 is set to +0.0); I_MM may be negative.
 *
 * Template (nearest-centroid) decoding: each class's template is the mean
 * of its training vectors; a test vector gets the class whose template is
 * nearest in Euclidean distance (ties: the lower class), classes without
 * training vectors never win.
 *
 * Avalanches in binned population activity a_0..a_{T-1} (spike counts per
 * bin, >= 0): an avalanche is a maximal run of nonzero bins preceded and
 * followed by an empty bin; its size is the sum of its counts and its
 * duration its number of bins (Beggs & Plenz 2003, J Neurosci 23:11167).
 * Runs that touch the first or last bin are incomplete and not counted.
 *
 * Branching process (Harris 1963): one unit is active in generation 0; each
 * active unit activates Poisson(sigma) units of the next generation (so a
 * generation with A active units has Poisson(sigma A) successors, the
 * course's np.random.poisson(active * sigma)).  The avalanche stops when a
 * generation is empty, after max_steps generations or once its size (units
 * active over all generations) reaches max_size.  For sigma < 1 and no cap
 * the mean size is 1 / (1 - sigma) and the size follows the Borel law
 * P(S = s) = exp(-sigma s) (sigma s)^(s-1) / s!.  Avalanche i draws from
 * stream i of the seed (nai_rng.h), so it does not depend on how many are
 * drawn or in how many calls.
 */

/* Entropy of counts[0..m) in bits: *h plug-in, *h_mm Miller-Madow (either
 * may be NULL).  NAI_ERR_PARAM if a count is negative or all are 0; nothing
 * written then.  O(m), no allocation. */
nai_status nai_analysis_entropy(const int64_t *counts, size_t m, double *h, double *h_mm);

/* Mutual information [bits] of the joint counts table[n_s x n_r] (row s =
 * stimulus, row-major): *mi plug-in, *mi_mm Miller-Madow (either may be
 * NULL).  NAI_ERR_PARAM for a negative count or an empty table.
 * O(n_s n_r), no allocation. */
nai_status nai_analysis_mutual_info(const int64_t *table, size_t n_s, size_t n_r,
                                    double *mi, double *mi_mm);

/* Templates: centroids[n_classes x d] (row-major) = mean of the rows of
 * x[n x d] with label y[i] in [0, n_classes); count[c] the number of rows of
 * class c (centroid rows of empty classes are set to 0).  NAI_ERR_SHAPE for
 * a label out of range, NAI_ERR_PARAM for a non-finite x; nothing written
 * then.  O(n d). */
nai_status nai_analysis_centroid_fit(const double *x, const int64_t *y, size_t n, size_t d,
                                     size_t n_classes, double *centroids, int64_t *count);

/* Nearest template: pred[i] = the class c with count[c] > 0 whose centroid
 * row is nearest x row i (squared Euclidean distance, ties to the lower c).
 * NAI_ERR_PARAM if no class has a template or x is not finite.  O(n d
 * n_classes). */
nai_status nai_analysis_centroid_predict(const double *centroids, const int64_t *count,
                                         size_t n_classes, size_t d, const double *x,
                                         size_t n, int64_t *pred);

/* Avalanches of activity[0..T): sizes and durations of the complete ones,
 * in order; *n_found their number (at most T / 2).  sizes and durations
 * need room for T / 2 + 1 entries.  NAI_ERR_PARAM for a negative count.
 * O(T). */
nai_status nai_analysis_avalanches(const int64_t *activity, size_t T, int64_t *sizes,
                                   int64_t *durations, size_t *n_found);

/* Avalanches first .. first + n - 1 of the branching process above:
 * sizes[j] and durations[j] (generations with an active unit) of avalanche
 * first + j.  NAI_ERR_PARAM unless 0 <= sigma <= 20, max_steps >= 1
 * and max_size >= 1.  Work is O(sum of the sizes) (each <= max_size plus one
 * generation), so callers bound a call by n * max_size; no allocation. */
nai_status nai_analysis_branching(double sigma, int64_t max_steps, int64_t max_size,
                                  uint64_t seed, uint64_t first, size_t n,
                                  int64_t *sizes, int64_t *durations);

#endif /* NAI_ANALYSIS_H */
