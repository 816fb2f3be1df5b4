/* Hopfield recall: checks, hand-worked trajectories, ties, the 2-cycle of
 * synchronous updates, stored patterns as fixed points, the energy never
 * rising under asynchronous updates, and recall from a noisy cue. */
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
#include "nai_hopfield.h"
#include "nai_rng.h"

enum { MAXS = 20 };

/* buffers for a recall of up to MAXS sweeps of up to 256 units, 16 patterns */
static int8_t states[(MAXS + 1) * 256];
static double energy[MAXS + 1], overlaps[(MAXS + 1) * 16], eu[MAXS * 256 + 1];
static int64_t changes[MAXS];

static nai_hopfield_record rec_all(int with_eu)
{
    nai_hopfield_record r;
    r.states = states;
    r.energy = energy;
    r.overlaps = overlaps;
    r.changes = changes;
    r.energy_updates = with_eu ? eu : NULL;
    return r;
}

static nai_hopfield_params params(nai_hopfield_update u, size_t max_sweeps)
{
    nai_hopfield_params p;
    p.update = u;
    p.tie = NAI_HOPFIELD_TIE_KEEP;
    p.max_sweeps = max_sweeps;
    p.seed = 1;
    p.divisor = 1.0;
    return p;
}

/* n_pat random +-1 patterns of n units and their Hebbian c = P^T P (zero
 * diagonal), to be used with divisor n. */
static void hebb(size_t n, size_t n_pat, uint64_t seed, int8_t *pat, double *c)
{
    nai_rng r;
    size_t i, j, mu;
    nai_rng_seed(&r, seed, 3);
    for (i = 0; i < n * n_pat; i++) {
        pat[i] = (nai_rng_next(&r) >> 63) ? 1 : -1;
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            double sum = 0.0;
            for (mu = 0; mu < n_pat && i != j; mu++) {
                sum += (double)(pat[mu * n + i] * pat[mu * n + j]);
            }
            c[i * n + j] = sum;
        }
    }
}

static void test_check(void)
{
    double c[9] = {0, 1, 2, 1, 0, 3, 2, 3, 0};
    int8_t s[3] = {1, -1, 1}, pat[3] = {1, 1, -1};
    nai_hopfield_record r = rec_all(0);
    nai_hopfield_params p = params(NAI_HOPFIELD_SYNC, 5);
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_OK);
    CHECK(nai_hopfield_check(&p, c, 1, pat, 1, s, &r) == NAI_ERR_SHAPE);
    r.energy_updates = eu;                       /* sync records no unit updates */
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_SHAPE);
    r.energy_updates = NULL;
    r.changes = NULL;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_SHAPE);
    r.changes = changes;
    c[1] = 1.5;                                  /* not symmetric */
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    c[1] = c[3] = NAN;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    c[1] = c[3] = INFINITY;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    c[1] = c[3] = 1.0;
    c[4] = 0.5;                                  /* self-coupling */
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    c[4] = 0.0;
    pat[2] = 0;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    CHECK(nai_hopfield_check(&p, c, 3, pat, 0, s, &r) == NAI_OK);   /* no patterns */
    pat[2] = -1;
    s[1] = 0;                                    /* a zero unit only with TIE_ZERO */
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    p.tie = NAI_HOPFIELD_TIE_ZERO;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_OK);
    s[1] = 2;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    s[1] = -1;
    p.max_sweeps = 0;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    p.max_sweeps = 1;
    p.divisor = 0.0;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    p.divisor = NAN;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
    p.divisor = 1.0;
    p.update = (nai_hopfield_update)7;
    CHECK(nai_hopfield_check(&p, c, 3, pat, 1, s, &r) == NAI_ERR_PARAM);
}

/* Three units coupled by +1 (a ferromagnet), worked by hand: from
 * (1, -1, -1), unit 0 sees h = -2 and turns; E = -(s0 s1 + s0 s2 + s1 s2)
 * goes from 1 to -3; the second sweep changes nothing. */
static void test_sequential_by_hand(void)
{
    const double c[9] = {0, 1, 1, 1, 0, 1, 1, 1, 0};
    const int8_t pat[3] = {1, 1, 1};
    int8_t s[3] = {1, -1, -1};
    nai_hopfield_params p = params(NAI_HOPFIELD_ASYNC_SEQUENTIAL, 10);
    nai_hopfield_record r = rec_all(1);
    size_t sweeps;
    int conv;
    CHECK(nai_hopfield_recall(&p, c, 3, pat, 1, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 2 && conv == 1);
    CHECK(s[0] == -1 && s[1] == -1 && s[2] == -1);
    CHECK(eu[0] == 1.0 && eu[1] == -3.0 && eu[2] == -3.0 && eu[3] == -3.0);
    CHECK(eu[4] == -3.0 && eu[6] == -3.0);
    CHECK(energy[0] == 1.0 && energy[1] == -3.0 && energy[2] == -3.0);
    CHECK(changes[0] == 1 && changes[1] == 0);
    CHECK(overlaps[0] == -1.0 / 3.0 && overlaps[1] == -1.0 && overlaps[2] == -1.0);
    CHECK(states[0] == 1 && states[3] == -1 && states[6] == -1);
    CHECK(nai_hopfield_energy(c, 1.0, s, 3) == -3.0);
}

/* Two units coupled by -1, both +1: synchronously both turn every sweep (a
 * 2-cycle, never converged, E = +1 throughout); asynchronously the second
 * unit then sees +1 from the first's new state and stays: a fixed point. */
static void test_sync_two_cycle(void)
{
    const double c[4] = {0, -1, -1, 0};
    int8_t s[2] = {1, 1};
    nai_hopfield_params p = params(NAI_HOPFIELD_SYNC, 5);
    nai_hopfield_record r = rec_all(0);
    size_t sweeps, k;
    int conv;
    CHECK(nai_hopfield_recall(&p, c, 2, NULL, 0, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 5 && conv == 0);
    for (k = 0; k < 5; k++) {
        CHECK(changes[k] == 2);
        CHECK(states[2 * (k + 1)] == ((k % 2) ? 1 : -1));
        CHECK(energy[k + 1] == 1.0);
    }
    s[0] = s[1] = 1;
    p.update = NAI_HOPFIELD_ASYNC_SEQUENTIAL;
    CHECK(nai_hopfield_recall(&p, c, 2, NULL, 0, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 2 && conv == 1 && s[0] == -1 && s[1] == 1);
    CHECK(energy[0] == 1.0 && energy[1] == -1.0);
}

/* Zero weights: every field is 0.  TIE_KEEP keeps the cue (a fixed point at
 * once); TIE_ZERO zeroes every unit, then nothing changes. */
static void test_ties(void)
{
    const double c[4] = {0, 0, 0, 0};
    int8_t s[2] = {1, -1};
    nai_hopfield_params p = params(NAI_HOPFIELD_SYNC, 5);
    nai_hopfield_record r = rec_all(0);
    size_t sweeps;
    int conv;
    CHECK(nai_hopfield_recall(&p, c, 2, NULL, 0, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 1 && conv == 1 && s[0] == 1 && s[1] == -1);
    p.tie = NAI_HOPFIELD_TIE_ZERO;
    CHECK(nai_hopfield_recall(&p, c, 2, NULL, 0, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 2 && conv == 1 && s[0] == 0 && s[1] == 0);
    CHECK(changes[0] == 2 && changes[1] == 0);
    s[0] = 1;
    s[1] = -1;
    p.update = NAI_HOPFIELD_ASYNC_RANDOM;
    r.energy_updates = eu;
    CHECK(nai_hopfield_recall(&p, c, 2, NULL, 0, s, &r, &sweeps, &conv) == NAI_OK);
    CHECK(sweeps == 2 && s[0] == 0 && s[1] == 0);
}

/* Below capacity (5 patterns in 200 units, alpha = 0.025) every stored
 * pattern is a fixed point: one sweep, no change, overlap 1 with itself. */
static void test_stored_patterns_are_fixed_points(void)
{
    enum { N = 200, P = 5 };
    static int8_t pat[P * N], s[N];
    static double c[N * N];
    size_t mu, sweeps, u;
    int conv;
    hebb(N, P, 11, pat, c);
    for (u = 0; u < 3; u++) {
        for (mu = 0; mu < P; mu++) {
            nai_hopfield_params p = params((nai_hopfield_update)u, 10);
            nai_hopfield_record r = rec_all(0);
            r.states = NULL;                       /* 200 units exceed the buffer */
            p.divisor = N;
            memcpy(s, pat + mu * N, N);
            CHECK(nai_hopfield_recall(&p, c, N, pat, P, s, &r, &sweeps, &conv) == NAI_OK);
            CHECK(sweeps == 1 && conv == 1 && changes[0] == 0);
            CHECK(memcmp(s, pat + mu * N, N) == 0);
            CHECK(overlaps[P + mu] == 1.0);
        }
    }
}

/* Asynchronous recall from a cue with 20 of 200 units flipped: the energy
 * after every unit update is <= the one before, the run ends at the stored
 * pattern, and the kept energy equals the final state's, exactly (integer
 * c).  The same seed gives the same run; the sequential order too. */
static void test_async_energy_and_noisy_recall(void)
{
    enum { N = 200, P = 4, FLIP = 20 };
    static int8_t pat[P * N], s[N], s2[N];
    static double c[N * N], eu2[MAXS * N + 1];
    size_t k, sweeps, sweeps2;
    int conv, u;
    hebb(N, P, 5, pat, c);
    for (u = NAI_HOPFIELD_ASYNC_RANDOM; u <= NAI_HOPFIELD_ASYNC_SEQUENTIAL; u++) {
        nai_hopfield_params p = params((nai_hopfield_update)u, MAXS);
        nai_hopfield_record r = rec_all(1);
        r.states = NULL;
        p.divisor = N;
        p.seed = 42;
        memcpy(s, pat, N);
        for (k = 0; k < FLIP; k++) {
            s[7 * k] = (int8_t)-s[7 * k];
        }
        memcpy(s2, s, N);
        CHECK(nai_hopfield_recall(&p, c, N, pat, P, s, &r, &sweeps, &conv) == NAI_OK);
        CHECK(conv == 1 && sweeps >= 2 && sweeps < MAXS);
        CHECK(memcmp(s, pat, N) == 0);
        CHECK(overlaps[0] == 1.0 - 2.0 * FLIP / N && overlaps[sweeps * P] == 1.0);
        for (k = 0; k < sweeps * N; k++) {
            CHECK(eu[k + 1] <= eu[k]);
        }
        CHECK(eu[0] > eu[sweeps * N]);
        CHECK(energy[sweeps] == nai_hopfield_energy(c, N, s, N));
        CHECK(energy[sweeps] == eu[sweeps * N]);
        r.energy_updates = eu2;
        CHECK(nai_hopfield_recall(&p, c, N, pat, P, s2, &r, &sweeps2, &conv) == NAI_OK);
        CHECK(sweeps2 == sweeps && memcmp(eu, eu2, (sweeps * N + 1) * sizeof(double)) == 0);
    }
}

/* The two ways of computing fields agree: Hebbian c (integers: fields kept
 * up to date) with divisor 2, and c / 2 (odd entries become halves: every
 * field summed afresh) with divisor 1.  Halves are exact in float64, so both
 * give the same states, energies and overlaps, bit for bit, in every mode. */
static void test_fields_kept_equal_fields_summed(void)
{
    enum { N = 100, P = 15, FLIP = 25 };
    static int8_t pat[P * N], s1[N], s2[N];
    static double c[N * N], half[N * N], e1[MAXS + 1], o1[(MAXS + 1) * P], eu1[MAXS * N + 1];
    static int8_t st1[(MAXS + 1) * N];
    int64_t ch1[MAXS];
    size_t k, sw1, sw2;
    int cv1, cv2, u, odd = 0;
    hebb(N, P, 8, pat, c);
    for (k = 0; k < N * N; k++) {
        half[k] = 0.5 * c[k];
        odd += half[k] != floor(half[k]);
    }
    CHECK(odd > 0);                  /* the test takes the inexact path */
    for (u = 0; u < 3; u++) {
        nai_hopfield_params p = params((nai_hopfield_update)u, MAXS);
        nai_hopfield_record r1, r2 = rec_all(u != NAI_HOPFIELD_SYNC);
        r1.states = st1;
        r1.energy = e1;
        r1.overlaps = o1;
        r1.changes = ch1;
        r1.energy_updates = u != NAI_HOPFIELD_SYNC ? eu1 : NULL;
        r2.states = NULL;
        memcpy(s1, pat + N, N);
        for (k = 0; k < FLIP; k++) {
            s1[3 * k] = (int8_t)-s1[3 * k];
        }
        memcpy(s2, s1, N);
        p.divisor = 2.0;
        CHECK(nai_hopfield_recall(&p, c, N, pat, P, s1, &r1, &sw1, &cv1) == NAI_OK);
        p.divisor = 1.0;
        CHECK(nai_hopfield_recall(&p, half, N, pat, P, s2, &r2, &sw2, &cv2) == NAI_OK);
        CHECK(sw1 == sw2 && cv1 == cv2 && sw1 >= 2);
        CHECK(memcmp(s1, s2, N) == 0);
        CHECK(memcmp(e1, energy, (sw1 + 1) * sizeof(double)) == 0);
        CHECK(memcmp(o1, overlaps, (sw1 + 1) * P * sizeof(double)) == 0);
        CHECK(memcmp(ch1, changes, sw1 * sizeof(int64_t)) == 0);
        if (u != NAI_HOPFIELD_SYNC) {
            CHECK(memcmp(eu1, eu, (sw1 * N + 1) * sizeof(double)) == 0);
        }
    }
}

/* A stepped run: NAI_MORE until done, with sweeps counted as it goes and the
 * same records as one call (the chunk is at least one sweep). */
static void test_stepped_run(void)
{
    const double c[4] = {0, -1, -1, 0};
    int8_t s[2] = {1, 1};
    nai_hopfield_params p = params(NAI_HOPFIELD_SYNC, 7);
    nai_hopfield_record r = rec_all(0);
    nai_hopfield_sim *sim = NULL;
    nai_status st;
    CHECK(nai_hopfield_sim_new(&p, c, 2, NULL, 0, s, &r, &sim) == NAI_OK);
    while ((st = nai_hopfield_sim_step(sim)) == NAI_MORE) {
    }
    CHECK(st == NAI_OK && nai_hopfield_sim_sweeps(sim) == 7);
    CHECK(!nai_hopfield_sim_converged(sim));
    CHECK(nai_hopfield_sim_step(sim) == NAI_OK && nai_hopfield_sim_sweeps(sim) == 7);
    nai_hopfield_sim_free(sim);
    nai_hopfield_sim_free(NULL);
    p.max_sweeps = 0;
    CHECK(nai_hopfield_sim_new(&p, c, 2, NULL, 0, s, &r, &sim) == NAI_ERR_PARAM);
    CHECK(sim == NULL);
}

int main(void)
{
    RUN(test_check);
    RUN(test_sequential_by_hand);
    RUN(test_sync_two_cycle);
    RUN(test_ties);
    RUN(test_stored_patterns_are_fixed_points);
    RUN(test_async_energy_and_noisy_recall);
    RUN(test_fields_kept_equal_fields_summed);
    RUN(test_stepped_run);
    return NAI_TEST_SUMMARY();
}
