/*
 * nai_rng.h -- the one pseudo-random generator of the neuroai core.
 *
 * xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021), seeded from a single 64-bit integer by
 * SplitMix64 (Steele, Lea & Flood 2014), as its authors recommend.  Only
 * integer arithmetic is used, so a seed gives the same stream on every
 * platform.  Doubles are taken from the top 53 bits: x >> 11 times 2^-53,
 * uniform on [0, 1).
 *
 * Streams: nai_rng_seed(&r, seed, stream) mixes the stream number into the
 * seed, so train k of a population can have its own generator whatever the
 * number of trains (train k is the same for n = 10 and n = 1000).
 */
#ifndef NAI_RNG_H
#define NAI_RNG_H

#include <stdint.h>

typedef struct nai_rng {
    uint64_t s[4];   /* xoshiro256** state; never all zero */
} nai_rng;

/* Seed from (seed, stream) through SplitMix64. */
void nai_rng_seed(nai_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t nai_rng_next(nai_rng *r);

/* Uniform double in [0, 1), 53 random bits. */
double nai_rng_uniform(nai_rng *r);

/* Uniform double in (0, 1]: 1 - nai_rng_uniform(), safe for log(). */
double nai_rng_uniform_pos(nai_rng *r);

/* Exponential variate with mean 1: -log of a uniform on (0, 1]. */
double nai_rng_exponential(nai_rng *r);

#endif /* NAI_RNG_H */
