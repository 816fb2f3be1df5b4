/*
 * nai_spikegen.h -- regular and Poisson spike trains.
 *
 * Regular train: spikes at start + k * isi, isi = 1000 / rate [ms], for
 * k = 0, 1, ... while the time is < stop.  Times are computed from k, not
 * accumulated, so there is no rounding drift over long trains.
 *
 * Poisson trains (homogeneous, rate r_j [Hz] for train j): the inter-spike
 * intervals are independent exponential variates of mean 1000 / r_j [ms],
 * drawn by inversion (nai_rng_exponential: -log of a uniform on (0, 1]); the
 * first spike is start + ISI_1, then t <- t + ISI, kept while t < stop.
 * Train j draws from its own generator, nai_rng_seed(seed, stream = j), so
 * train j does not depend on the number of trains or on the other trains'
 * rates.  The uniforms are integer arithmetic (xoshiro256**), identical
 * everywhere; the one floating-point function is the C library's log(), so
 * a seed gives bit-identical trains wherever log() rounds the same way, and
 * otherwise trains that can differ only in the last bit of some times
 * (libm implementations are not all correctly rounded).
 *
 * Output, both generators: spikes grouped by train (train 0 first), each
 * train in increasing time; times [ms] and train indices in caller-owned
 * arrays of `capacity` entries.  *count receives the number of spikes.  If
 * they do not fit, the generator still counts them all (writing only the
 * first `capacity`), returns NAI_ERR_FULL and *count is the capacity
 * needed; calling again with that capacity gives the same spikes, since
 * each call restarts the generators from the seed.  No allocation, no
 * Python: may run with the GIL released.
 *
 * Parameters
 *   name    unit  range            meaning
 *   rate    Hz    > 0, finite      firing rate (one per train for Poisson)
 *   start   ms    finite           start of the window
 *   stop    ms    >= start         end of the window (excluded)
 *   seed    -     any uint64       generator seed
 *
 * Reference: Dayan & Abbott, "Theoretical Neuroscience" (2001), ch. 1.4
 * (Poisson spike generation from exponential intervals); Devroye,
 * "Non-Uniform Random Variate Generation" (1986), ch. 2 (inversion).
 */
#ifndef NAI_SPIKEGEN_H
#define NAI_SPIKEGEN_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

/* NAI_OK if rate > 0 and finite, start finite, stop >= start and finite
 * (NaN fails), else NAI_ERR_PARAM. */
nai_status nai_spikegen_check(double rate, double start, double stop);

/* One regular train in [start, stop); index[] is filled with 0. */
/* Time [ms] of spike k of a regular train of rate [Hz] from start [ms]:
 * start + k * 1000 / rate, computed from k (no accumulated rounding); spike
 * 0 is at start even when the period overflows to inf (rate < ~1e-305 Hz),
 * where 0 * inf would be NaN. */
double nai_spikegen_regular_time(double start, double rate, size_t k);

nai_status nai_spikegen_regular(double rate, double start, double stop,
                                double *times, int64_t *index, size_t capacity,
                                size_t *count);

/* n independent Poisson trains in [start, stop), rate[j] for train j. */
nai_status nai_spikegen_poisson(const double *rate, size_t n, double start, double stop,
                                uint64_t seed, double *times, int64_t *index,
                                size_t capacity, size_t *count);

#endif /* NAI_SPIKEGEN_H */
