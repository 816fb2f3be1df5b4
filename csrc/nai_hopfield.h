/*
 * nai_hopfield.h -- recall in a binary Hopfield network (Hopfield, PNAS 79:2554, 1982).
 *
 * N units with states s_i in {-1, +1}, symmetric weights W with zero
 * diagonal, given as W = c / divisor (c and divisor below), no thresholds:
 *
 *     h_i = sum_j W_ij s_j                        local field [1]
 *     s_i <- sign(h_i)                            update
 *     E   = -1/2 sum_ij W_ij s_i s_j              energy [1]
 *     m_mu = (1/N) sum_i p_mu,i s_i               overlap with stored pattern mu [1]
 *
 * Ties: a unit whose field is exactly 0 keeps its state (NAI_HOPFIELD_TIE_KEEP,
 * the usual convention, under which every fixed point is a state of +-1
 * units) or becomes 0 (NAI_HOPFIELD_TIE_ZERO: s_i <- sign(0) = 0, the
 * behaviour of a loop that applies a sign function with sign(0) = 0, such as
 * the public course's `torch.sign`; the states may then hold zeros).
 *
 * Why W = c / divisor: Hebbian storage W = P^T P / N has integer c = P^T P,
 * so with divisor = N every field is computed as an integer (exact in
 * float64 below 2^53) before the one division, and a tie h_i = 0 is a true
 * tie rather than a rounding residue of sums of k/N.  The energy and the
 * overlaps are kept the same way (integers until the one division), so a
 * twin in integer arithmetic agrees bit for bit.  Other weights (the
 * pseudo-inverse rule) come with divisor = 1.
 *
 * Updates, one sweep = N unit updates:
 *   NAI_HOPFIELD_SYNC               every unit from the same state (Little
 *                                   1974); may end in a 2-cycle
 *   NAI_HOPFIELD_ASYNC_RANDOM       one unit at a time, each from the current
 *                                   state, in a new random order every sweep:
 *                                   order = 0..N-1, then Fisher-Yates from
 *                                   k = N-1 down to 1 with r = next() % (k+1)
 *                                   (nai_rng, stream 0 of seed), so a seed
 *                                   gives the same orders on every platform
 *   NAI_HOPFIELD_ASYNC_SEQUENTIAL   one unit at a time in the order 0..N-1
 *
 * Under asynchronous updates E never increases: a unit changes only when
 * its field opposes it, and then dE = -(s_new - s_old) h_i < 0 (zero
 * diagonal); so E is kept incrementally, O(1) per change, from the field
 * that the update computed anyway.  The overlaps are kept as integer counts,
 * O(P) per change.
 *
 * A run stops after the first sweep that changes no unit (a fixed point; it
 * is counted in `sweeps`) or after max_sweeps sweeps.  Record k (k = 0 the
 * cue, k = 1..sweeps) is the network after sweep k.
 *
 * Fields are summed over j = 0..N-1 in four interleaved partial sums
 * (j mod 4), added as (s0 + s1) + (s2 + s3): one fixed order on every
 * platform.  When every c_ij is an integer of magnitude below 2^52 / N (so
 * that no field reaches 2^52), as for Hebbian storage, the fields are
 * summed once for the cue and then kept up to date, adding row i times the change of unit i
 * whenever a unit changes (O(N) per change instead of O(N) per unit update):
 * all these sums are exact integers, so the results are the same, bit for
 * bit, as summing every field afresh.
 */
#ifndef NAI_HOPFIELD_H
#define NAI_HOPFIELD_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

typedef enum nai_hopfield_update {
    NAI_HOPFIELD_SYNC = 0,
    NAI_HOPFIELD_ASYNC_RANDOM = 1,
    NAI_HOPFIELD_ASYNC_SEQUENTIAL = 2
} nai_hopfield_update;

typedef enum nai_hopfield_tie {
    NAI_HOPFIELD_TIE_KEEP = 0,    /* h_i == 0: s_i unchanged */
    NAI_HOPFIELD_TIE_ZERO = 1     /* h_i == 0: s_i = 0 */
} nai_hopfield_tie;

/* Parameters of a recall. */
typedef struct nai_hopfield_params {
    nai_hopfield_update update;   /* update scheme (above) */
    nai_hopfield_tie tie;         /* what a zero field does (above) */
    size_t max_sweeps;            /* most sweeps [sweeps], >= 1 */
    uint64_t seed;                /* seed of the random orders (ASYNC_RANDOM only) */
    double divisor;               /* W = c / divisor [1], finite and > 0 */
} nai_hopfield_params;

/* Where a recall writes what it records; caller-owned, sized for
 * max_sweeps sweeps.  Row k of a record is the network after sweep k. */
typedef struct nai_hopfield_record {
    int8_t *states;         /* (max_sweeps + 1, n) row-major, or NULL: not recorded */
    double *energy;         /* (max_sweeps + 1,) E after each sweep [1]; required */
    double *overlaps;       /* (max_sweeps + 1, n_patterns) m_mu [1], or NULL */
    int64_t *changes;       /* (max_sweeps,) units changed in each sweep; required */
    double *energy_updates; /* asynchronous runs: (max_sweeps * n + 1,) E after each
                             * unit update, entry 0 the cue's; or NULL.  Must be
                             * NULL for NAI_HOPFIELD_SYNC. */
} nai_hopfield_record;

/*
 * NAI_OK if the recall can run, else (nothing read beyond the first fault):
 *   NAI_ERR_PARAM  unknown update or tie, max_sweeps < 1, divisor not finite
 *                  and > 0, c not finite, not symmetric (exactly) or with a
 *                  nonzero diagonal, a pattern entry not -1 or +1, a state
 *                  entry not -1 or +1 (0 also allowed with TIE_ZERO)
 *   NAI_ERR_SHAPE  n < 2, a required record pointer NULL, or energy_updates
 *                  given for a synchronous run
 *   c         (n, n) row-major weights times divisor
 *   patterns  (n_patterns, n) row-major, entries -1 or +1 (n_patterns may be 0)
 *   s         (n,) the cue
 * O(n^2 + n_patterns n); no allocation.
 */
nai_status nai_hopfield_check(const nai_hopfield_params *p, const double *c, size_t n,
                              const int8_t *patterns, size_t n_patterns, const int8_t *s,
                              const nai_hopfield_record *rec);

/* E = -1/2 s^T c s / divisor for s of length n, with the kernel's field
 * summation and its single division.  No check, no allocation. */
double nai_hopfield_energy(const double *c, double divisor, const int8_t *s, size_t n);

/*
 * A recall cut into steps of whole sweeps (nai_sim.h's protocol): _new
 * checks (as nai_hopfield_check), allocates and records the cue (row 0);
 * each _step runs about 2^23 weight reads of sweeps (at least one sweep)
 * and returns NAI_MORE while sweeps are left, NAI_OK once the run is over.
 * Cutting never changes a result.  s is the state, updated in place (the
 * final state when done); c, patterns, s and rec's buffers belong to the
 * caller and must outlive the object.  _step calls no Python and does not
 * allocate: it may run with the GIL released.  _free(NULL) is a no-op.
 */
typedef struct nai_hopfield_sim nai_hopfield_sim;

nai_status nai_hopfield_sim_new(const nai_hopfield_params *p, const double *c, size_t n,
                                const int8_t *patterns, size_t n_patterns, int8_t *s,
                                const nai_hopfield_record *rec, nai_hopfield_sim **out);
nai_status nai_hopfield_sim_step(nai_hopfield_sim *sim);
/* Sweeps run so far, and 1 once a sweep changed no unit. */
size_t nai_hopfield_sim_sweeps(const nai_hopfield_sim *sim);
int nai_hopfield_sim_converged(const nai_hopfield_sim *sim);
void nai_hopfield_sim_free(nai_hopfield_sim *sim);

/* A whole recall in one call (_new, every _step, _free): the sweeps run and
 * whether it reached a fixed point in *sweeps and *converged.  Statuses as
 * nai_hopfield_check, or NAI_ERR_NOMEM; on error nothing is changed. */
nai_status nai_hopfield_recall(const nai_hopfield_params *p, const double *c, size_t n,
                               const int8_t *patterns, size_t n_patterns, int8_t *s,
                               const nai_hopfield_record *rec, size_t *sweeps,
                               int *converged);

#endif /* NAI_HOPFIELD_H */
