/*
 * nai_connect.h -- seeded connectivity rules and weight distributions.
 *
 * A rule builds the connections of one projection from n_pre presynaptic to
 * n_post postsynaptic neurons as CSR: indptr (n_pre + 1 entries, int64) and
 * indices (indptr[n_pre] entries, int64), row r = the targets of pre neuron
 * r, sorted increasingly, no duplicates.  A distribution draws n float64
 * values.  Both are reproducible bit for bit on every platform: every
 * decision is integer arithmetic (xoshiro256** seeded by SplitMix64,
 * nai_rng.h) or IEEE-754 double + - * / and sqrt, each correctly rounded;
 * no C library transcendental function is called.  Where a logarithm or an
 * exponential is needed (the normal and lognormal distributions) it is
 * nai_connect_log / nai_connect_exp below, written from those operations.
 * This requires that the compiler neither contracts a*b+c into a fused
 * multiply-add (setup.py and tests/c/Makefile pass -ffp-contract=off; the
 * file sets FP_CONTRACT OFF for compilers that honour the pragma) nor keeps
 * excess precision (FLT_EVAL_METHOD == 0: SSE2 on x86, every 64-bit
 * target), and that subnormals are not flushed to zero (a process-wide
 * mode some fast-math libraries set; here only lognormal values below
 * 2.2e-308 could change).  tests/reference/connect.py is a pure-Python twin of every
 * algorithm here and gives the same integers and floats.
 *
 * Rules (m_r = the number of allowed targets of row r: n_post, or
 * n_post - 1 for r < n_post when autapses are excluded, i == j being the
 * autapse; columns likewise over n_pre):
 *
 *   all_to_all        every allowed pair.
 *   one_to_one        i -> i; n_pre == n_post, autapses allowed.
 *   fixed_probability each allowed pair independently with probability p.
 *                     Row r: K_r ~ Binomial(m_r, p) from stream 2r, then a
 *                     uniform K_r-subset of the row's targets from stream
 *                     2r + 1 (select, below).  A row depends on (seed, r,
 *                     m_r, p) only: rows do not change when n_pre changes.
 *   fixed_indegree k  every post neuron j gets exactly k distinct pre
 *                     neurons, a uniform k-subset from stream 2j + 1;
 *                     column j depends on (seed, j, n_pre, k) only.
 *   fixed_outdegree k every pre neuron r gets exactly k distinct targets, a
 *                     uniform k-subset from stream 2r + 1.
 *   fixed_total n     exactly n distinct pairs, a uniform n-subset of all
 *                     T allowed pairs: a fixed_probability draw (attempt
 *                     a = 0: streams 2r, 2r + 1 of row r) with p chosen
 *                     for a mean of n + 6 sd + 16 (p = (n + 6 sqrt(n (1 -
 *                     n/T)) + 16) / T, or 1), redrawn while it holds fewer
 *                     than n (chance ~1e-9; attempt a uses streams offset
 *                     by 2 a n_pre and twice the previous p), then a
 *                     uniform (K - n)-subset of its K entries, numbered in
 *                     CSR order, removed (stream 2 (a + 1) n_pre).  Given
 *                     K, the draw is a uniform K-subset, so the result is
 *                     a uniform n-subset.  Every row depends on the sizes.
 *
 * Algorithms:
 *   - Uniform integer in [0, s): Lemire's multiply-and-reject ("Fast random
 *     integer generation in an interval", ACM TOMACS 29(1), 2019), exact.
 *   - Binomial(m, p): with p' = min(p, 1 - p), the m trials are cut into
 *     chunks of c = min(m, floor(32 / p')) trials (the last one shorter),
 *     and each chunk's count is drawn by inversion with a sequential
 *     search from 0 (Devroye, "Non-Uniform Random Variate Generation",
 *     1986, ch. III): one uniform u, P(0) = q'^c by binary powering (q' =
 *     1 - p'), P(x) = P(x-1) s_x with s_x = ((p'/q') (c-x+1)) (1/x), 1/x
 *     from a table for x < NAI_CONNECT_N_INV (a division beyond), until
 *     u < the cumulative sum or x == c (a u above the rounded sum, seen
 *     when the terms underflow, is redrawn).  The chunk's mean is <= 32 and
 *     P(0) >= e^-45, so nothing
 *     underflows and a row costs O(K_r + m_r p' / 32 + 1); the sum of the
 *     chunks is Binomial(m, p') exactly in law; for p > 1/2, K = m - that.
 *   - select k of [0, m), sorted: if m / 64 <= k, a bitmap of m bits and
 *     Floyd's algorithm (Bentley & Floyd, "A sample of brilliance", CACM
 *     30(9), 1987: for j = m - w .. m - 1, t uniform in [0, j], take j if t
 *     is taken, else t) for w = min(k, m - k) positions, then a scan of the
 *     bitmap emits the chosen (or, when w = m - k, the unchosen) positions
 *     in order: O(k) for m <= 64 k.  Otherwise k uniform positions are
 *     drawn, sorted (LSD radix), merged with those kept so far and
 *     deduplicated, and the missing ones drawn again until k are distinct
 *     (fewer than 1/64 collide per round).  Both give a uniform k-subset:
 *     Floyd's by its proof, the other because every step depends on the
 *     positions only through equality (the law is permutation invariant).
 *
 * Distributions (one generator, stream 0 of the seed, values in order, so
 * the first m values of a draw of n > m are the draw of m):
 *   constant(v)                 v.
 *   uniform(low, high)          low + (high - low) u, u = (x >> 11) 2^-53.
 *   normal(mean, std, low, high) mean + std z, z by Marsaglia's polar
 *                               method (Marsaglia & Bray, SIAM Review 6(3),
 *                               1964: u, v = 2 U - 1, s = u^2 + v^2 kept in
 *                               (0, 1), z = u f then v f, f = sqrt(-2 ln s
 *                               / s)); a value outside [low, high] is
 *                               dropped and the next one taken (redraw:
 *                               the truncated normal exactly).
 *   lognormal(mu, sigma)        exp(mu + sigma z), z as for normal.
 *   nai_connect_log and nai_connect_exp follow the algorithms of fdlibm 5.3
 *   (Sun Microsystems, e_log.c and e_exp.c: argument reduction by ln 2 with
 *   a two-part ln 2, then a minimax polynomial; error < 1 ulp).
 *
 * Work is done in steps of a bounded amount (`budget` elementary draws or
 * loop iterations), so a caller can check for an interrupt between steps;
 * a stepped build is the one-call build bit for bit.  Exceptions: one row
 * (or column) is one unit, and so is fixed_total's removal of the surplus
 * (about 6 sqrt(n) entries).  No function calls Python; none may run
 * concurrently on one object.
 */
#ifndef NAI_CONNECT_H
#define NAI_CONNECT_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"
#include "nai_rng.h"

/* Size of the reciprocal table of the binomial inversion. */
#define NAI_CONNECT_N_INV 256

/* The rules (values exported to Python as CONNECT_*). */
typedef enum nai_connect_rule {
    NAI_CONNECT_ALL_TO_ALL = 0,
    NAI_CONNECT_ONE_TO_ONE = 1,
    NAI_CONNECT_FIXED_PROBABILITY = 2,
    NAI_CONNECT_FIXED_INDEGREE = 3,
    NAI_CONNECT_FIXED_OUTDEGREE = 4,
    NAI_CONNECT_FIXED_TOTAL = 5
} nai_connect_rule;

typedef struct nai_connect_params {
    nai_connect_rule rule;
    int64_t n_pre;      /* presynaptic neurons, >= 0 */
    int64_t n_post;     /* postsynaptic neurons, >= 0; n_pre * n_post <= INT64_MAX */
    int autapses;       /* 0: no connection i -> i (same population) */
    double p;           /* fixed_probability: in [0, 1] */
    int64_t k;          /* fixed_indegree / _outdegree: degree, fixed_total: count; >= 0 */
    uint64_t seed;      /* any */
} nai_connect_params;

/* Number of allowed pairs of p (before any rule): n_pre n_post, less the
 * min(n_pre, n_post) autapses when they are excluded.  Precondition: sizes
 * >= 0 and n_pre * n_post <= INT64_MAX. */
int64_t nai_connect_allowed(const nai_connect_params *p);

/* NAI_OK if the parameters are in range and the rule can be met (k no
 * more than the fewest allowed partners, n no more than the allowed
 * pairs, one_to_one on equal sizes with autapses), else NAI_ERR_PARAM. */
nai_status nai_connect_check(const nai_connect_params *p);

/* The builder of one projection: create, count (fills indptr), fill (fills
 * indices), free.  Owns its scratch memory only; indptr and indices are the
 * caller's. */
typedef struct nai_connect nai_connect;

/* Check p, then allocate a builder.  Its scratch is allocated by the
 * count and fill steps: for the selections a bitmap of at most k + 1
 * words and k + k words of sort buffer and selection (k the largest row or
 * column), for fixed_indegree n_pre cursors, for fixed_total n_pre + 1
 * counts and the surplus's numbers.  NAI_ERR_PARAM, NAI_ERR_NOMEM or
 * NAI_OK; *out NULL on error. */
nai_status nai_connect_new(const nai_connect_params *p, nai_connect **out);

/* Work units per step that keep a step near 10-50 ms (one unit: a random
 * draw, an inversion step or an output entry). */
#define NAI_CONNECT_STEP ((size_t)1 << 22)

/* Random draws per step of a distribution sampler (a normal value costs
 * about 2.5 draws and a logarithm). */
#define NAI_DIST_STEP ((size_t)1 << 20)

/* Phase 1: fill indptr[0 .. n_pre] (caller-owned), doing about `budget`
 * units of work per call; NAI_MORE until done, then NAI_OK (further calls
 * return NAI_OK).  NAI_ERR_NOMEM if scratch could not be allocated (nothing
 * is lost: the call may be repeated).  The row counts depend only on the
 * parameters, not on the budget. */
nai_status nai_connect_count(nai_connect *c, int64_t *indptr, size_t budget);

/* Phase 2, after phase 1 returned NAI_OK: fill indices[0 .. indptr[n_pre])
 * (caller-owned) from the indptr phase 1 filled (unchanged since), about
 * `budget` units per call; NAI_MORE until done, then NAI_OK.  NAI_ERR_PARAM
 * if called before phase 1 is complete. */
nai_status nai_connect_fill(nai_connect *c, const int64_t *indptr, int64_t *indices,
                            size_t budget);

/* NULL-safe. */
void nai_connect_free(nai_connect *c);

/* ---- distributions ----------------------------------------------------- */

typedef enum nai_dist_kind {
    NAI_DIST_CONSTANT = 0,   /* a = value */
    NAI_DIST_UNIFORM = 1,    /* a = low, b = high */
    NAI_DIST_NORMAL = 2,     /* a = mean, b = std, truncated to [low, high] */
    NAI_DIST_LOGNORMAL = 3   /* a = mu, b = sigma (of the log) */
} nai_dist_kind;

typedef struct nai_dist_params {
    nai_dist_kind kind;
    double a, b;             /* see nai_dist_kind; finite; std, sigma >= 0; high >= low */
    double low, high;        /* normal only: bounds, -inf / +inf for none; low <= high,
                              * and [low, high] must hold some mean + std z */
} nai_dist_params;

/* NAI_OK if every field is in range (NaN fails), else NAI_ERR_PARAM.  It
 * does not judge how rarely truncation bounds accept a value: the Python
 * layer refuses acceptance below 1e-6, and the sampler stops after its
 * budget either way. */
nai_status nai_dist_check(const nai_dist_params *p);

/* A sampler's state: the generator and the polar method's second value. */
typedef struct nai_dist_sampler {
    nai_dist_params p;
    nai_rng rng;
    int has_spare;
    double spare;
} nai_dist_sampler;

/* Start a sampler at the first value of (params, seed).  Precondition:
 * nai_dist_check(p) == NAI_OK. */
void nai_dist_start(nai_dist_sampler *s, const nai_dist_params *p, uint64_t seed);

/* Write up to n next values into out, drawing at most about `budget`
 * random numbers; *done receives the number written (< n only when the
 * budget ran out, and > 0 whenever budget >= 2 and the bounds accept a
 * value).  Continuing with the rest gives the one-call values bit for bit. */
void nai_dist_sample(nai_dist_sampler *s, double *out, size_t n, size_t budget,
                     size_t *done);

/* ---- the arithmetic, exposed for tests ---------------------------------- */

/* Uniform integer in [0, s), s >= 1 (Lemire). */
uint64_t nai_connect_below(nai_rng *r, uint64_t s);

/* q^n by binary powering: r = 1, b = q; for each bit of n from the lowest:
 * if set r = r * b; then, if bits remain, b = b * b. */
double nai_connect_pow(double q, uint64_t n);

/* Natural logarithm for x > 0 finite (fdlibm's algorithm); -inf at 0. */
double nai_connect_log(double x);

/* Exponential (fdlibm's algorithm); +inf above 709.78, 0 below -745.13. */
double nai_connect_exp(double x);

/* Binomial(m, p) by the chunked inversion above (p in [0, 1]). */
uint64_t nai_connect_binomial(nai_rng *r, uint64_t m, double p);

#endif /* NAI_CONNECT_H */
