#include <stdlib.h>
#include <string.h>
#include "nai_hopfield.h"
#include "nai_rng.h"

/* Weight reads per step of a stepped recall: a few milliseconds, so that a
 * caller checking for Ctrl-C between steps reacts promptly (the size of
 * nai_sim.h's NAI_CHUNK_UPDATES). */
#define HOPFIELD_CHUNK_READS ((size_t)1 << 23)

struct nai_hopfield_sim {
    nai_hopfield_params p;
    const double *c;          /* (n, n) weights times divisor */
    const int8_t *pat;        /* (n_pat, n) stored patterns */
    int8_t *s;                /* (n,) the state, caller-owned */
    nai_hopfield_record rec;
    size_t n, n_pat;
    double *sd;               /* (n,) s as doubles, the operand of every field */
    double *h;                /* (n,) fields of the current state times divisor (sync,
                               * or kept up to date: exact) */
    int8_t *s_new;            /* (n,) sync: the next state */
    size_t *order;            /* (n,) async: this sweep's order of units */
    int64_t *ov;              /* (n_pat,) sum_i p_mu,i s_i, exact */
    double q;                 /* -1/2 s^T c s: the energy times divisor */
    nai_rng rng;
    size_t sweeps, chunk;     /* sweeps run; sweeps per step */
    int exact;                /* c holds integers: fields kept incrementally */
    int converged, done;
};

/* sum_j row[j] sd[j], j = 0..n-1, in four partial sums by j mod 4, added as
 * (a0 + a1) + (a2 + a3): a fixed order that a compiler without fast-math
 * keeps, and that lets it overlap the additions' latencies. */
static double
field(const double *row, const double *sd, size_t n)
{
    double a[4] = {0.0, 0.0, 0.0, 0.0};
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        a[0] += row[j] * sd[j];
        a[1] += row[j + 1] * sd[j + 1];
        a[2] += row[j + 2] * sd[j + 2];
        a[3] += row[j + 3] * sd[j + 3];
    }
    for (; j < n; j++) {
        a[j & 3] += row[j] * sd[j];
    }
    return (a[0] + a[1]) + (a[2] + a[3]);
}

/* The sign rule with the tie convention; s_old is the unit's state. */
static int8_t
decide(double h, int8_t s_old, nai_hopfield_tie tie)
{
    if (h > 0.0) {
        return 1;
    }
    if (h < 0.0) {
        return -1;
    }
    return tie == NAI_HOPFIELD_TIE_KEEP ? s_old : 0;
}

static int
pm1(int8_t v)
{
    return v == 1 || v == -1;
}

/* Side of the tiles the weights are checked in: a tile and its mirror
 * image (2 x 32 KB) stay in cache, so the transposed reads do not miss. */
#define CHECK_TILE ((size_t)64)

/* 1 if c is finite, exactly symmetric and has a zero diagonal, else 0; in
 * *integer, 1 if moreover every c_ij is an integer of magnitude below
 * 2^52 / n (so that no field of any state reaches 2^52).  Integer weights
 * (the Hebbian c = P^T P, not the pseudo-inverse rule) make each field, and
 * each field plus or minus rows of c, an exact float64 integer in any order
 * of summation, so fields kept up to date by adding the row of each unit
 * that changes equal fields summed afresh, bit for bit.  One pass over the
 * upper triangle, tile by tile (a branch-free version and one comparing
 * with a transposed copy of the mirror tile were both slower). */
static int
check_weights(const double *c, size_t n, int *integer)
{
    /* |c_ij| < 2^52 / n: every row's sum of |c_ij| is below 2^52, and the
     * int64 casts below are defined */
    const double limit = 4503599627370496.0 / (double)n;
    size_t i0, j0, i, j;
    int whole = 1;
    for (i0 = 0; i0 < n; i0 += CHECK_TILE) {
        const size_t i1 = i0 + CHECK_TILE < n ? i0 + CHECK_TILE : n;
        for (j0 = i0; j0 < n; j0 += CHECK_TILE) {
            const size_t j1 = j0 + CHECK_TILE < n ? j0 + CHECK_TILE : n;
            for (i = i0; i < i1; i++) {
                for (j = j0 > i ? j0 : i; j < j1; j++) {
                    const double x = c[i * n + j];
                    /* equal and finite; NaN fails the equality */
                    if (!(x == c[j * n + i]) || !isfinite(x) || (i == j && x != 0.0)) {
                        return 0;
                    }
                    whole &= fabs(x) < limit && x == (double)(int64_t)x;
                }
            }
        }
    }
    *integer = whole;
    return 1;
}

/* nai_hopfield_check, also telling whether the weights are integers. */
static nai_status
check_all(const nai_hopfield_params *p, const double *c, size_t n, const int8_t *patterns,
          size_t n_patterns, const int8_t *s, const nai_hopfield_record *rec, int *integer)
{
    size_t i;
    if (n < 2 || rec == NULL || rec->energy == NULL || rec->changes == NULL
            || (p->update == NAI_HOPFIELD_SYNC && rec->energy_updates != NULL)) {
        return NAI_ERR_SHAPE;
    }
    if ((p->update != NAI_HOPFIELD_SYNC && p->update != NAI_HOPFIELD_ASYNC_RANDOM
         && p->update != NAI_HOPFIELD_ASYNC_SEQUENTIAL)
            || (p->tie != NAI_HOPFIELD_TIE_KEEP && p->tie != NAI_HOPFIELD_TIE_ZERO)
            || p->max_sweeps < 1 || !(p->divisor > 0.0) || !isfinite(p->divisor)
            || !check_weights(c, n, integer)) {
        return NAI_ERR_PARAM;
    }
    for (i = 0; i < n_patterns * n; i++) {
        if (!pm1(patterns[i])) {
            return NAI_ERR_PARAM;
        }
    }
    for (i = 0; i < n; i++) {
        if (!pm1(s[i]) && !(p->tie == NAI_HOPFIELD_TIE_ZERO && s[i] == 0)) {
            return NAI_ERR_PARAM;
        }
    }
    return NAI_OK;
}

nai_status
nai_hopfield_check(const nai_hopfield_params *p, const double *c, size_t n,
                   const int8_t *patterns, size_t n_patterns, const int8_t *s,
                   const nai_hopfield_record *rec)
{
    int integer;
    return check_all(p, c, n, patterns, n_patterns, s, rec, &integer);
}

double
nai_hopfield_energy(const double *c, double divisor, const int8_t *s, size_t n)
{
    double sum = 0.0, sd_i;
    size_t i, j;
    /* the kernel's arithmetic without its scratch: fields of s as doubles */
    for (i = 0; i < n; i++) {
        double a[4] = {0.0, 0.0, 0.0, 0.0};
        const double *row = c + i * n;
        for (j = 0; j + 4 <= n; j += 4) {
            a[0] += row[j] * (double)s[j];
            a[1] += row[j + 1] * (double)s[j + 1];
            a[2] += row[j + 2] * (double)s[j + 2];
            a[3] += row[j + 3] * (double)s[j + 3];
        }
        for (; j < n; j++) {
            a[j & 3] += row[j] * (double)s[j];
        }
        sd_i = (double)s[i];
        sum += sd_i * ((a[0] + a[1]) + (a[2] + a[3]));
    }
    return -0.5 * sum / divisor;
}

/* Row k of the record: the state, E and the overlaps now. */
static void
record(nai_hopfield_sim *sim, size_t k)
{
    const size_t n = sim->n;
    size_t mu;
    if (sim->rec.states != NULL) {
        memcpy(sim->rec.states + k * n, sim->s, n);
    }
    sim->rec.energy[k] = sim->q / sim->p.divisor;
    if (sim->rec.overlaps != NULL) {
        for (mu = 0; mu < sim->n_pat; mu++) {
            sim->rec.overlaps[k * sim->n_pat + mu] = (double)sim->ov[mu] / (double)n;
        }
    }
}

/* Unit i becomes v (!= its state): the overlaps follow, O(n_pat). */
static void
set_unit(nai_hopfield_sim *sim, size_t i, int8_t v)
{
    const int64_t d = (int64_t)v - (int64_t)sim->s[i];
    size_t mu;
    for (mu = 0; mu < sim->n_pat; mu++) {
        sim->ov[mu] += d * (int64_t)sim->pat[mu * sim->n + i];
    }
    sim->s[i] = v;
    sim->sd[i] = (double)v;
    if (sim->exact) {
        /* h_j += c_ji d = c_ij d (c symmetric: row i is contiguous); h_i
         * itself is unchanged, c_ii = 0 */
        const double dd = (double)d;
        const double *row = sim->c + i * sim->n;
        size_t j;
        for (j = 0; j < sim->n; j++) {
            sim->h[j] += row[j] * dd;
        }
    }
}

/* One asynchronous sweep; returns the units changed. */
static int64_t
sweep_async(nai_hopfield_sim *sim)
{
    const size_t n = sim->n;
    double *eu = sim->rec.energy_updates;
    int64_t changed = 0;
    size_t k, i;
    if (sim->p.update == NAI_HOPFIELD_ASYNC_RANDOM) {
        /* a fresh permutation of 0..n-1 each sweep (not a permutation of the
         * last one), so that sweep k's order depends only on the seed and k */
        for (k = 0; k < n; k++) {
            sim->order[k] = k;
        }
        for (k = n - 1; k > 0; k--) {
            /* the modulo bias of a 64-bit draw is below 2^-40 for any n that
             * fits in memory: irrelevant for an order */
            const size_t r = (size_t)(nai_rng_next(&sim->rng) % (uint64_t)(k + 1));
            const size_t t = sim->order[k];
            sim->order[k] = sim->order[r];
            sim->order[r] = t;
        }
    }
    if (eu != NULL) {
        eu += sim->sweeps * n;     /* entry 0 of this sweep: the energy before it */
    }
    for (k = 0; k < n; k++) {
        int8_t v;
        double h;
        i = sim->p.update == NAI_HOPFIELD_ASYNC_RANDOM ? sim->order[k] : k;
        h = sim->exact ? sim->h[i] : field(sim->c + i * n, sim->sd, n);
        v = decide(h, sim->s[i], sim->p.tie);
        if (v != sim->s[i]) {
            /* dE = -(v - s_i) h_i: c has a zero diagonal, so h_i does not
             * depend on s_i; always < 0 here (the field opposed s_i) */
            sim->q -= ((double)v - sim->sd[i]) * h;
            set_unit(sim, i, v);
            changed++;
        }
        if (eu != NULL) {
            eu[k + 1] = sim->q / sim->p.divisor;
        }
    }
    return changed;
}

/* Fields of the current state into sim->h (summed afresh, unless exact and
 * `fresh` is 0: then kept up to date by set_unit) and the raw energy from
 * them. */
static void
sync_fields(nai_hopfield_sim *sim, int fresh)
{
    const size_t n = sim->n;
    double sum = 0.0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (fresh || !sim->exact) {
            sim->h[i] = field(sim->c + i * n, sim->sd, n);
        }
        sum += sim->sd[i] * sim->h[i];
    }
    sim->q = -0.5 * sum;
}

/* One synchronous sweep; returns the units changed.  sim->h holds the
 * fields of the state before the sweep and, after it, of the new state. */
static int64_t
sweep_sync(nai_hopfield_sim *sim)
{
    const size_t n = sim->n;
    int64_t changed = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        sim->s_new[i] = decide(sim->h[i], sim->s[i], sim->p.tie);
    }
    for (i = 0; i < n; i++) {
        if (sim->s_new[i] != sim->s[i]) {
            set_unit(sim, i, sim->s_new[i]);
            changed++;
        }
    }
    if (changed > 0) {
        sync_fields(sim, 0);       /* the next sweep's fields, and E */
    }
    return changed;
}

nai_status
nai_hopfield_sim_new(const nai_hopfield_params *p, const double *c, size_t n,
                     const int8_t *patterns, size_t n_patterns, int8_t *s,
                     const nai_hopfield_record *rec, nai_hopfield_sim **out)
{
    nai_hopfield_sim *sim;
    nai_status st;
    size_t i, mu;
    int integer = 0;
    *out = NULL;
    st = check_all(p, c, n, patterns, n_patterns, s, rec, &integer);
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_hopfield_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->sd = (double *)malloc(n * sizeof(double));
    sim->ov = (int64_t *)calloc(n_patterns > 0 ? n_patterns : 1, sizeof(int64_t));
    sim->h = (double *)malloc(n * sizeof(double));
    if (p->update == NAI_HOPFIELD_SYNC) {
        sim->s_new = (int8_t *)malloc(n);
    } else {
        sim->order = (size_t *)malloc(n * sizeof(size_t));
    }
    if (sim->sd == NULL || sim->ov == NULL || sim->h == NULL
            || (p->update == NAI_HOPFIELD_SYNC ? sim->s_new == NULL : sim->order == NULL)) {
        nai_hopfield_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    sim->p = *p;
    sim->c = c;
    sim->pat = patterns;
    sim->s = s;
    sim->rec = *rec;
    sim->n = n;
    sim->n_pat = n_patterns;
    for (i = 0; i < n; i++) {
        sim->sd[i] = (double)s[i];
    }
    for (mu = 0; mu < n_patterns; mu++) {
        int64_t o = 0;
        for (i = 0; i < n; i++) {
            o += (int64_t)patterns[mu * n + i] * (int64_t)s[i];
        }
        sim->ov[mu] = o;
    }
    sim->exact = integer;
    /* the fields of the cue, and E (exact fields are then kept up to date;
     * inexact ones are summed afresh at each use) */
    sync_fields(sim, 1);
    if (p->update != NAI_HOPFIELD_SYNC) {
        nai_rng_seed(&sim->rng, p->seed, 0);
    }
    if (rec->energy_updates != NULL) {
        rec->energy_updates[0] = sim->q / p->divisor;
    }
    record(sim, 0);
    /* n * n doubles are c, so the product does not overflow */
    sim->chunk = HOPFIELD_CHUNK_READS / (n * n);
    if (sim->chunk < 1) {
        sim->chunk = 1;
    }
    *out = sim;
    return NAI_OK;
}

nai_status
nai_hopfield_sim_step(nai_hopfield_sim *sim)
{
    size_t k;
    for (k = 0; k < sim->chunk && !sim->done; k++) {
        const int64_t changed = sim->p.update == NAI_HOPFIELD_SYNC ? sweep_sync(sim)
                                                                   : sweep_async(sim);
        sim->rec.changes[sim->sweeps] = changed;
        sim->sweeps++;
        record(sim, sim->sweeps);
        sim->converged = changed == 0;
        sim->done = sim->converged || sim->sweeps >= sim->p.max_sweeps;
    }
    return sim->done ? NAI_OK : NAI_MORE;
}

size_t
nai_hopfield_sim_sweeps(const nai_hopfield_sim *sim)
{
    return sim->sweeps;
}

int
nai_hopfield_sim_converged(const nai_hopfield_sim *sim)
{
    return sim->converged;
}

void
nai_hopfield_sim_free(nai_hopfield_sim *sim)
{
    if (sim == NULL) {
        return;
    }
    free(sim->sd);
    free(sim->h);
    free(sim->s_new);
    free(sim->order);
    free(sim->ov);
    free(sim);
}

nai_status
nai_hopfield_recall(const nai_hopfield_params *p, const double *c, size_t n,
                    const int8_t *patterns, size_t n_patterns, int8_t *s,
                    const nai_hopfield_record *rec, size_t *sweeps, int *converged)
{
    nai_hopfield_sim *sim;
    nai_status st;
    *sweeps = 0;
    *converged = 0;
    st = nai_hopfield_sim_new(p, c, n, patterns, n_patterns, s, rec, &sim);
    if (st != NAI_OK) {
        return st;
    }
    while (nai_hopfield_sim_step(sim) == NAI_MORE) {
    }
    *sweeps = sim->sweeps;
    *converged = sim->converged;
    nai_hopfield_sim_free(sim);
    return NAI_OK;
}
