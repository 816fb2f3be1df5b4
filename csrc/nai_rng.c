#include <math.h>
#include "nai_rng.h"

static uint64_t
splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void
nai_rng_seed(nai_rng *r, uint64_t seed, uint64_t stream)
{
    /* Two rounds of SplitMix64 separate (seed, stream) pairs that differ in
     * either word; the state cannot come out all zero in practice, but guard
     * it since xoshiro would then emit zeros forever. */
    uint64_t x = seed;
    uint64_t mixed = splitmix64(&x) ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    int i;
    for (i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&mixed);
    }
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) {
        r->s[0] = UINT64_C(0x9E3779B97F4A7C15);
    }
}

uint64_t
nai_rng_next(nai_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double
nai_rng_uniform(nai_rng *r)
{
    return (double)(nai_rng_next(r) >> 11) * 0x1.0p-53;
}

double
nai_rng_uniform_pos(nai_rng *r)
{
    return 1.0 - nai_rng_uniform(r);
}

double
nai_rng_exponential(nai_rng *r)
{
    return -log(nai_rng_uniform_pos(r));
}
