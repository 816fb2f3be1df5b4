/* Tsodyks-Markram and the course's synapses, without Python; the
 * Tsodyks-Markram stepping object equals one kernel call bit for bit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
#include "nai_rng.h"
#include "nai_sim.h"
#include "nai_stp.h"
#include "nai_synapse.h"

static const nai_stp_tm_params DEP = {0.5, 800.0, 0.0};
static const nai_stp_tm_params FAC = {0.03, 130.0, 530.0};

/* A synapse before its first spike. */
static void
tm_fresh(const nai_stp_tm_params *p, nai_stp_tm_state *s)
{
    s->x = 1.0;
    s->u = p->U;
    s->t_last = -INFINITY;
    s->has_spiked = 0;
}

static void
test_tm_check(void)
{
    nai_stp_tm_params p = DEP;
    CHECK(nai_stp_tm_check(&DEP) == NAI_OK);
    CHECK(nai_stp_tm_check(&FAC) == NAI_OK);
    p.U = 0.0;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p.U = 1.0;
    CHECK(nai_stp_tm_check(&p) == NAI_OK);
    p.U = 1.5;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p.U = NAN;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p = DEP;
    p.tau_rec = 0.0;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p.tau_rec = NAN;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p = DEP;
    p.tau_fac = -1.0;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    p.tau_fac = NAN;
    CHECK(nai_stp_tm_check(&p) == NAI_ERR_PARAM);
    CHECK(nai_stp_tm_check(NULL) == NAI_ERR_PARAM);
}

/* Hand-computed first three efficacies of a depressing synapse at 20 Hz:
 * e1 = U; x2 = 1 - U e^{-50/800}, e2 = U x2; x3 = 1 - (1 - x2 + U x2) e^{-50/800}... */
static void
test_tm_release_by_hand(void)
{
    nai_stp_tm_state s;
    const double d = exp(-50.0 / 800.0);
    double x2, x3;
    tm_fresh(&DEP, &s);
    CHECK(s.x == 1.0 && s.u == 0.5 && s.has_spiked == 0);
    CHECK_CLOSE(nai_stp_tm_release(&DEP, &s, 10.0), 0.5, 0.0);
    x2 = 1.0 - 0.5 * d;
    CHECK_CLOSE(nai_stp_tm_release(&DEP, &s, 60.0), 0.5 * x2, 1e-15);
    x3 = 1.0 - (1.0 - 0.5 * x2) * d;
    CHECK_CLOSE(nai_stp_tm_release(&DEP, &s, 110.0), 0.5 * x3, 1e-15);
    CHECK(s.t_last == 110.0);
}

/* Facilitation: u2 = U + U (1 - U) e^{-h/tau_fac}, x2 = 1 - U e^{-h/tau_rec}. */
static void
test_tm_facilitation_by_hand(void)
{
    nai_stp_tm_state s;
    const double h = 20.0, U = FAC.U;
    const double u2 = U + U * (1.0 - U) * exp(-h / FAC.tau_fac);
    const double x2 = 1.0 - U * exp(-h / FAC.tau_rec);
    tm_fresh(&FAC, &s);
    CHECK_CLOSE(nai_stp_tm_release(&FAC, &s, 0.0), U, 0.0);
    CHECK_CLOSE(nai_stp_tm_release(&FAC, &s, h), u2 * x2, 1e-15);
    CHECK(u2 * x2 > U);  /* facilitates at 50 Hz */
}

/* The batch kernel equals the per-event function, spike for spike, and
 * one call equals two chunked calls bit for bit. */
static void
test_tm_run_matches_events_and_chunks(void)
{
    enum { N = 3, K = 9, STEPS = 40 };
    const double times[K] = {0.0, 0.5, 1.0, 1.0, 2.5, 3.3, 3.3, 3.9, 7.0};
    const int64_t index[K] = {0, 1, 0, 2, 1, 0, 2, 0, 1};
    double x[N], u[N], tl[N], eff[K], xt[STEPS * N], ut[STEPS * N];
    double x2[N], u2[N], tl2[N], eff2[K], xt2[STEPS * N], ut2[STEPS * N];
    uint8_t hs[N], hs2[N];
    const int64_t rec[N] = {0, 1, 2};
    nai_stp_tm_state s[N];
    size_t j, k;

    for (j = 0; j < N; j++) {
        tm_fresh(&FAC, &s[j]);
        x[j] = x2[j] = 1.0;
        u[j] = u2[j] = FAC.U;
        tl[j] = tl2[j] = -INFINITY;
        hs[j] = hs2[j] = 0;
    }
    CHECK(nai_stp_tm_run(&FAC, N, x, u, tl, hs, K, times, index, eff,
                         0, STEPS, 0.2, N, rec, xt, ut) == NAI_OK);
    for (k = 0; k < K; k++) {
        CHECK(eff[k] == nai_stp_tm_release(&FAC, &s[index[k]], times[k]));
    }
    /* the same run in two chunks: grid steps [0, 17) then [17, 40); the
     * spikes split at t_17 = 3.4 (those <= 3.4 go first) */
    CHECK(nai_stp_tm_run(&FAC, N, x2, u2, tl2, hs2, 7, times, index, eff2,
                         0, 17, 0.2, N, rec, xt2, ut2) == NAI_OK);
    CHECK(nai_stp_tm_run(&FAC, N, x2, u2, tl2, hs2, K - 7, times + 7, index + 7,
                         eff2 + 7, 17, STEPS - 17, 0.2, N, rec, xt2 + 17 * N,
                         ut2 + 17 * N) == NAI_OK);
    CHECK(memcmp(eff, eff2, sizeof eff) == 0);
    CHECK(memcmp(xt, xt2, sizeof xt) == 0);
    CHECK(memcmp(ut, ut2, sizeof ut) == 0);
    /* trace: x(t) before any spike of synapse 1 is 1, u is U */
    CHECK(xt[0 * N + 1] == 1.0 && ut[0 * N + 1] == FAC.U);
    /* trace at t = 1.0 (grid step 5) includes synapse 0's spike at 1.0 */
    {
        double xv, uv;
        nai_stp_tm_state a;
        tm_fresh(&FAC, &a);
        (void)nai_stp_tm_release(&FAC, &a, 0.0);
        (void)nai_stp_tm_release(&FAC, &a, 1.0);
        nai_stp_tm_peek(&FAC, &a, 5 * 0.2, &xv, &uv);
        CHECK(xt[5 * N + 0] == xv && ut[5 * N + 0] == uv);
        CHECK(xv < 1.0 - FAC.U);
    }
}

/* Many events over block boundaries, synapses starting at different times:
 * the blocked kernel equals the per-event function bit for bit. */
static void
test_tm_run_long_random_train(void)
{
    enum { N = 7, K = 1000 };
    static double times[K], eff[K];
    static int64_t index[K];
    double x[N], u[N], tl[N];
    uint8_t hs[N];
    nai_stp_tm_state s[N];
    uint64_t lcg = 12345;
    double t = 0.0;
    size_t j, k;
    int pass, ok = 1;
    for (k = 0; k < K; k++) {
        lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
        t += (double)(lcg >> 40) / (double)(1 << 24) * 5.0;
        times[k] = t;
        /* synapse 6 only starts half-way */
        index[k] = (int64_t)((lcg >> 20) % (k < K / 2 ? N - 1 : N));
    }
    for (pass = 0; pass < 2; pass++) {
        const nai_stp_tm_params *p = pass == 0 ? &DEP : &FAC;
        for (j = 0; j < N; j++) {
            tm_fresh(p, &s[j]);
            x[j] = 1.0;
            u[j] = p->U;
            tl[j] = -INFINITY;
            hs[j] = 0;
        }
        CHECK(nai_stp_tm_run(p, N, x, u, tl, hs, K, times, index, eff, 0, 0, 1.0,
                             0, NULL, NULL, NULL) == NAI_OK);
        for (k = 0; k < K; k++) {
            ok &= eff[k] == nai_stp_tm_release(p, &s[index[k]], times[k]);
        }
        for (j = 0; j < N; j++) {
            ok &= x[j] == s[j].x && u[j] == s[j].u && tl[j] == s[j].t_last
                  && hs[j] == 1;
        }
    }
    CHECK(ok);
}

static void
test_tm_run_rejects_without_writing(void)
{
    const double times[3] = {1.0, 0.5, 2.0};
    const int64_t index[3] = {0, 0, 0};
    const int64_t bad_index[3] = {0, 1, 0};
    double x = 1.0, u = 0.5, tl = 3.0, eff[3] = {-1, -1, -1};
    uint8_t hs = 0;
    nai_stp_tm_params p = DEP;
    CHECK(nai_stp_tm_run(&DEP, 1, &x, &u, &tl, &hs, 3, times, index, eff,
                         0, 0, 0.1, 0, NULL, NULL, NULL) == NAI_ERR_SHAPE);
    CHECK(nai_stp_tm_run(&DEP, 1, &x, &u, &tl, &hs, 2, times + 1, bad_index, eff,
                         0, 0, 0.1, 0, NULL, NULL, NULL) == NAI_ERR_SHAPE);
    hs = 1;  /* spikes before t_last = 3 */
    CHECK(nai_stp_tm_run(&DEP, 1, &x, &u, &tl, &hs, 1, times + 2, index, eff,
                         0, 0, 0.1, 0, NULL, NULL, NULL) == NAI_ERR_SHAPE);
    p.U = NAN;
    CHECK(nai_stp_tm_run(&p, 1, &x, &u, &tl, &hs, 1, times, index, eff,
                         0, 0, 0.1, 0, NULL, NULL, NULL) == NAI_ERR_PARAM);
    CHECK(x == 1.0 && u == 0.5 && tl == 3.0 && eff[0] == -1.0 && eff[1] == -1.0);
}

/* Every bad spike list is caught by the branch-free check, wherever the
 * bad value sits (first, middle, last; alone). */
static void
test_tm_check_spikes_positions(void)
{
    const double tl[2] = {-INFINITY, -INFINITY};
    const uint8_t hs[2] = {0, 0};
    const int64_t idx[5] = {0, 1, 0, 1, 0};
    const double good[5] = {0.0, 1.0, 1.0, 2.5, 7.0};
    double t[5];
    int64_t ix[5];
    size_t pos, m;
    CHECK(nai_stp_tm_check_spikes(2, tl, hs, 5, good, idx) == NAI_OK);
    CHECK(nai_stp_tm_check_spikes(2, tl, hs, 0, NULL, NULL) == NAI_OK);
    for (pos = 0; pos < 5; pos++) {
        const double bad[3] = {NAN, INFINITY, -INFINITY};
        for (m = 0; m < 3; m++) {
            memcpy(t, good, sizeof t);
            t[pos] = bad[m];
            CHECK(nai_stp_tm_check_spikes(2, tl, hs, 5, t, idx) == NAI_ERR_SHAPE);
            CHECK(nai_stp_tm_check_spikes(2, tl, hs, 1, t + pos, idx) == NAI_ERR_SHAPE);
        }
        memcpy(ix, idx, sizeof ix);
        ix[pos] = 2;
        CHECK(nai_stp_tm_check_spikes(2, tl, hs, 5, good, ix) == NAI_ERR_SHAPE);
        ix[pos] = -1;
        CHECK(nai_stp_tm_check_spikes(2, tl, hs, 5, good, ix) == NAI_ERR_SHAPE);
    }
    memcpy(t, good, sizeof t);
    t[3] = 0.5;                                   /* out of order */
    CHECK(nai_stp_tm_check_spikes(2, tl, hs, 5, t, idx) == NAI_ERR_SHAPE);
}

static const nai_stp_dep_params DEPC = {1.0, 5.0, 200.0, 0.5};
static const nai_stp_fac_params FACC = {1.0, 5.0, 100.0, 0.1, 0.8, 0.3};

/* The course's loop written out by hand, forward Euler. */
static void
test_course_depressing_euler_loop(void)
{
    enum { STEPS = 300 };
    const double dt = 0.1, times[3] = {0.0, 5.0, 5.05};
    const int64_t index[3] = {0, 0, 0}, rec[1] = {0};
    double g = 0.0, x = 1.0, gt[STEPS], xt[STEPS], eff[3];
    double rg = 0.0, rx = 1.0;
    nai_stp_prop pr;
    size_t i, k = 0;
    int ok = 1;
    CHECK(nai_stp_dep_check(&DEPC, NAI_EULER, dt) == NAI_OK);
    nai_stp_dep_prepare(&DEPC, NAI_EULER, dt, &pr);
    CHECK(nai_stp_dep_run(&DEPC, &pr, 0, STEPS, 1, &g, &x, 3, times, index, eff,
                          1, rec, gt, xt) == NAI_OK);
    for (i = 0; i < STEPS; i++) {
        while (k < 3 && (size_t)nai_grid_step(times[k], dt) == i) {
            double released = DEPC.u * rx;
            rx -= released;
            rg += DEPC.g_max * released;
            ok &= eff[k] == released;
            k++;
        }
        ok &= gt[i] == rg && xt[i] == rx;
        rg = rg + (-rg) * (dt / DEPC.tau_syn);
        rx = rx + (1.0 - rx) * (dt / DEPC.tau_rec);
    }
    CHECK(ok);
    CHECK(g == rg && x == rx);
    /* two spikes in step 50 (5.0 and 5.05): both applied there, in order */
    CHECK(gt[50] > gt[49] && eff[2] < eff[1]);
}

/* Exact method, one spike: g(t) = g_max u e^{-t/tau_syn}, x recovers
 * 1 - u e^{-t/tau_rec}. */
static void
test_course_depressing_exact_closed_form(void)
{
    enum { STEPS = 500 };
    const double dt = 0.1, times[1] = {0.0};
    const int64_t index[1] = {0}, rec[1] = {0};
    double g = 0.0, x = 1.0, gt[STEPS], xt[STEPS], eff[1];
    nai_stp_prop pr;
    size_t i;
    nai_stp_dep_prepare(&DEPC, NAI_EXACT, dt, &pr);
    CHECK(nai_stp_dep_run(&DEPC, &pr, 0, STEPS, 1, &g, &x, 1, times, index, eff,
                          1, rec, gt, xt) == NAI_OK);
    for (i = 0; i < STEPS; i++) {
        CHECK_CLOSE(gt[i], 0.5 * exp(-(double)i * dt / 5.0), 1e-13);
        CHECK_CLOSE(xt[i], 1.0 - 0.5 * exp(-(double)i * dt / 200.0), 1e-13);
    }
}

static void
test_course_facilitating(void)
{
    enum { STEPS = 200 };
    const double dt = 0.1, times[2] = {0.0, 10.0};
    const int64_t index[2] = {0, 0}, rec[1] = {0};
    double g = 0.0, u = FACC.u_base, gt[STEPS], ut[STEPS], eff[2];
    double u1, u_at_10;
    nai_stp_prop pr;
    nai_stp_fac_prepare(&FACC, NAI_EXACT, dt, &pr);
    CHECK(nai_stp_fac_run(&FACC, &pr, 0, STEPS, 1, &g, &u, 2, times, index, eff,
                          1, rec, gt, ut) == NAI_OK);
    u1 = 0.1 + 0.3 * (0.8 - 0.1);
    u_at_10 = 0.1 + (u1 - 0.1) * exp(-10.0 / 100.0);
    CHECK(eff[0] == 0.1);
    CHECK_CLOSE(eff[1], u_at_10, 1e-13);
    CHECK_CLOSE(ut[0], u1, 1e-15);
    CHECK_CLOSE(gt[99], 0.1 * exp(-9.9 / 5.0), 1e-13);
    CHECK_CLOSE(gt[100], 0.1 * exp(-10.0 / 5.0) + u_at_10, 1e-13);
}

/* The per-update functions, against the formulas written out. */
static void
test_course_updates_by_hand(void)
{
    double x = 0.8, u = 0.2;
    CHECK(nai_stp_dep_release(0.25, &x) == 0.25 * 0.8);
    CHECK(x == 0.8 - 0.25 * 0.8);
    CHECK(nai_stp_fac_release(0.3, 0.9, &u) == 0.2);   /* u before the step */
    CHECK(u == 0.2 + 0.3 * (0.9 - 0.2));
    x = 0.4;
    CHECK(nai_stp_dep_recover(x, NAI_EXACT, exp(-0.1 / 50.0), 0.0)
          == 1.0 - (1.0 - 0.4) * exp(-0.1 / 50.0));
    CHECK(nai_stp_dep_recover(x, NAI_EULER, 0.0, 0.1 / 50.0)
          == 0.4 + (1.0 - 0.4) * (0.1 / 50.0));
    CHECK(nai_stp_fac_recover(0.7, 0.1, NAI_EXACT, exp(-0.1 / 80.0), 0.0)
          == 0.1 + (0.7 - 0.1) * exp(-0.1 / 80.0));
    CHECK(nai_stp_fac_recover(0.7, 0.1, NAI_EULER, 0.0, 0.1 / 80.0)
          == 0.7 + (0.1 - 0.7) * (0.1 / 80.0));
    /* a fixed point stays put in both methods */
    CHECK(nai_stp_dep_recover(1.0, NAI_EXACT, 0.3, 0.0) == 1.0);
    CHECK(nai_stp_fac_recover(0.1, 0.1, NAI_EULER, 0.0, 0.3) == 0.1);
}

/* The course's facilitating loop written out by hand, forward Euler, bit
 * for bit (the depressing one is test_course_depressing_euler_loop). */
static void
test_course_facilitating_euler_loop(void)
{
    enum { STEPS = 400 };
    const double dt = 0.1, times[4] = {0.0, 2.0, 2.01, 30.0};
    const int64_t index[4] = {0, 0, 0, 0}, rec[1] = {0};
    double g = 0.0, u = FACC.u_base, gt[STEPS], ut[STEPS], eff[4];
    double rg = 0.0, ru = FACC.u_base;
    nai_stp_prop pr;
    size_t i, k = 0;
    int ok = 1;
    CHECK(nai_stp_fac_check(&FACC, NAI_EULER, dt) == NAI_OK);
    nai_stp_fac_prepare(&FACC, NAI_EULER, dt, &pr);
    CHECK(nai_stp_fac_run(&FACC, &pr, 0, STEPS, 1, &g, &u, 4, times, index, eff,
                          1, rec, gt, ut) == NAI_OK);
    for (i = 0; i < STEPS; i++) {
        while (k < 4 && (size_t)nai_grid_step(times[k], dt) == i) {
            ok &= eff[k] == ru;
            rg += FACC.g_max * ru;
            ru += FACC.u_step * (FACC.u_max - ru);
            k++;
        }
        ok &= gt[i] == rg && ut[i] == ru;
        rg = rg + (-rg) * (dt / FACC.tau_syn);
        ru = ru + (FACC.u_base - ru) * (dt / FACC.tau_facil);
    }
    CHECK(ok);
    CHECK(g == rg && u == ru);
}

static void
test_course_checks(void)
{
    nai_stp_dep_params d = DEPC;
    nai_stp_fac_params f = FACC;
    nai_stp_prop pr;
    const double late[1] = {20.0};
    const int64_t index[1] = {0};
    double g = 0.25, x = 0.75;
    CHECK(nai_stp_dep_check(&d, NAI_EXACT, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_stp_dep_check(&d, 7, 0.1) == NAI_ERR_PARAM);
    d.u = 0.0;
    CHECK(nai_stp_dep_check(&d, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    d = DEPC;
    d.g_max = -1.0;
    CHECK(nai_stp_dep_check(&d, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    f.u_max = 0.05;  /* below u_base */
    CHECK(nai_stp_fac_check(&f, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    f = FACC;
    f.tau_facil = NAN;
    CHECK(nai_stp_fac_check(&f, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    /* a spike beyond the run changes nothing */
    nai_stp_dep_prepare(&DEPC, NAI_EXACT, 0.1, &pr);
    CHECK(nai_stp_dep_run(&DEPC, &pr, 0, 100, 1, &g, &x, 1, late, index, NULL,
                          0, NULL, NULL, NULL) == NAI_ERR_SHAPE);
    CHECK(g == 0.25 && x == 0.75);
}

#define SN 100        /* synapses of the stepping tests */
#define SDT 0.1       /* their grid step [ms] */

static int
cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The state and outputs of one Tsodyks-Markram run, with its own copies. */
typedef struct tm_out {
    double x[SN], u[SN], tl[SN], *eff, *xt, *ut;
    uint8_t hs[SN];
} tm_out;

static int
tm_out_new(tm_out *o, size_t k, size_t n_samples)
{
    size_t j;
    for (j = 0; j < SN; j++) {
        o->x[j] = 1.0;
        o->u[j] = FAC.U;
        o->tl[j] = -INFINITY;
        o->hs[j] = 0;
    }
    o->eff = (double *)calloc(k > 0 ? k : 1, sizeof(double));
    o->xt = (double *)calloc(n_samples > 0 ? n_samples : 1, sizeof(double));
    o->ut = (double *)calloc(n_samples > 0 ? n_samples : 1, sizeof(double));
    return o->eff != NULL && o->xt != NULL && o->ut != NULL;
}

static void
tm_out_free(tm_out *o)
{
    free(o->eff);
    free(o->xt);
    free(o->ut);
}

static int
tm_out_same(const tm_out *a, const tm_out *b, size_t k, size_t n_samples)
{
    return memcmp(a->x, b->x, sizeof a->x) == 0 && memcmp(a->u, b->u, sizeof a->u) == 0
           && memcmp(a->tl, b->tl, sizeof a->tl) == 0 && memcmp(a->hs, b->hs, sizeof a->hs) == 0
           && memcmp(a->eff, b->eff, k * sizeof(double)) == 0
           && memcmp(a->xt, b->xt, n_samples * sizeof(double)) == 0
           && memcmp(a->ut, b->ut, n_samples * sizeof(double)) == 0;
}

/* Step a run to its end; the number of steps, or 0 on an error status. */
static size_t
tm_step_all(tm_out *o, size_t k, const double *times, const int64_t *index,
            size_t n_steps, size_t n_rec, const int64_t *rec, nai_status *last)
{
    nai_stp_tm_sim *sim = NULL;
    size_t steps = 0;
    *last = nai_stp_tm_sim_new(&FAC, SN, o->x, o->u, o->tl, o->hs, k, times, index, o->eff, 0,
                               n_steps, SDT, n_rec, rec, o->xt, o->ut, &sim);
    if (*last != NAI_OK) {
        return 0;
    }
    do {
        *last = nai_stp_tm_sim_step(sim);
        steps++;
    } while (*last == NAI_MORE && steps < 1000);
    if (*last == NAI_OK) {
        CHECK(nai_stp_tm_sim_step(sim) == NAI_OK);              /* and again */
    }
    nai_stp_tm_sim_free(sim);
    return *last == NAI_OK ? steps : 0;
}

/*
 * Sparse spikes over 4 s, and three bursts of 0.6 M spikes each, more than
 * a chunk of spikes: over 60 ms (its chunk ends early, on a grid time), within
 * one grid interval (a chunk of one step holds it all) and after the last
 * grid time (chunks of spikes only).  The stepped run, with traces and
 * without, equals one kernel call bit for bit.
 */
static void
test_tm_sim_steps_equal_one_call(void)
{
    const size_t burst = NAI_CHUNK_SPIKES + NAI_CHUNK_SPIKES / 8, sparse = 20000;
    const size_t k = 3 * burst + sparse, n_steps = 30000, n_rec = 64;
    const double starts[3] = {200.0, 500.01, 3500.0}, spans[3] = {60.0, 0.08, 100.0};
    double *times = (double *)malloc(k * sizeof(double));
    int64_t *index = (int64_t *)malloc(k * sizeof(int64_t));
    int64_t rec[64];
    tm_out whole, stepped;
    nai_rng r;
    nai_status st;
    size_t i, b, steps, m = 0;
    int with_trace;

    CHECK(times != NULL && index != NULL);
    if (times == NULL || index == NULL) {
        free(times);
        free(index);
        return;
    }
    /* the sparse train and the bursts, each regular, sorted together; a
     * random synapse per spike */
    nai_rng_seed(&r, 31, 0);
    for (i = 0; i < sparse; i++) {
        times[m++] = 4000.0 * ((double)i + 0.5) / (double)sparse;
    }
    for (b = 0; b < 3; b++) {
        for (i = 0; i < burst; i++) {
            times[m++] = starts[b] + spans[b] * (double)i / (double)burst;
        }
    }
    qsort(times, k, sizeof(double), cmp_double);
    for (i = 0; i < k; i++) {
        index[i] = (int64_t)(nai_rng_next(&r) % SN);
    }
    for (i = 0; i < n_rec; i++) {
        rec[i] = (int64_t)((i * 7) % SN);
    }
    for (with_trace = 0; with_trace < 2; with_trace++) {
        const size_t nr = with_trace ? n_rec : 0, samples = with_trace ? n_steps * n_rec : 0;
        CHECK(tm_out_new(&whole, k, samples) && tm_out_new(&stepped, k, samples));
        CHECK(nai_stp_tm_run(&FAC, SN, whole.x, whole.u, whole.tl, whole.hs, k, times, index,
                             whole.eff, 0, n_steps, SDT, nr, rec, whole.xt, whole.ut)
              == NAI_OK);
        steps = tm_step_all(&stepped, k, times, index, n_steps, nr, rec, &st);
        CHECK(st == NAI_OK);
        CHECK(tm_out_same(&whole, &stepped, k, samples));
        /* with traces: 30000 steps of 64 samples need 4 chunks of 8192
         * steps (2^19 samples), the bursts before the grid's end cut 2 more
         * and the one after it takes 2 chunks of spikes alone; without
         * traces: ceil(k / NAI_CHUNK_SPIKES) */
        CHECK(with_trace ? steps >= 8 : steps == (k + NAI_CHUNK_SPIKES - 1) / NAI_CHUNK_SPIKES);
        tm_out_free(&whole);
        tm_out_free(&stepped);
    }
    /* a pair out of order across the cut of a chunk of spikes is found */
    {
        const size_t c = NAI_CHUNK_SPIKES;
        const double t = times[c];
        /* just before the previous spike, on another synapse, so that no
         * synapse sees a spike before its last one: only the cut's pair is
         * out of order */
        times[c] = times[c - 1] - 1e-9;
        if (index[c] == index[c - 1]) {
            index[c] = (index[c] + 1) % SN;
        }
        CHECK(times[c] > times[c - 2]);
        CHECK(tm_out_new(&stepped, k, 0));
        CHECK(tm_step_all(&stepped, k, times, index, 0, 0, rec, &st) == 0);
        CHECK(st == NAI_ERR_SHAPE);
        tm_out_free(&stepped);
        times[c] = t;
    }
    free(times);
    free(index);
}

/* NAI_COURSE: g decays exactly, x and u recover by Euler, in the course's
 * expressions (its step(dt)), for both kinds of synapse. */
static void
test_course_method_mixes_exact_g_and_euler_x(void)
{
    const nai_stp_dep_params dp = {4.0, 5.0, 200.0, 0.5};
    const nai_stp_fac_params fp = {4.0, 5.0, 100.0, 0.1, 0.8, 0.3};
    const double dt = 0.1, times[] = {5.0, 5.0, 20.0};
    const int64_t index[] = {0, 0, 0};
    nai_stp_prop pr;
    double g = 0.0, x = 1.0, u = 0.1, eff[3], gt[300], st[300];
    double G = 0.0, X = 1.0, U = 0.1;
    size_t i, k = 0;
    CHECK(nai_stp_dep_check(&dp, NAI_COURSE, dt) == NAI_OK);
    CHECK(nai_stp_dep_check(&dp, 3, dt) == NAI_ERR_PARAM);
    nai_stp_dep_prepare(&dp, NAI_COURSE, dt, &pr);
    CHECK(nai_stp_dep_run(&dp, &pr, 0, 300, 1, &g, &x, 3, times, index, eff, 1,
                          (const int64_t[]){0}, gt, st) == NAI_OK);
    for (i = 0; i < 300; i++) {               /* the course's loop, by hand */
        for (; k < 3 && nai_grid_step(times[k], dt) == (int64_t)i; k++) {
            const double released = dp.u * X;
            X -= released;
            G += dp.g_max * released;
        }
        CHECK(gt[i] == G && st[i] == X);
        G *= exp(-dt / dp.tau_syn);
        X += (1.0 - X) * (dt / dp.tau_rec);
    }
    CHECK(g == G && x == X);
    g = 0.0;
    G = 0.0;
    k = 0;
    CHECK(nai_stp_fac_check(&fp, NAI_COURSE, dt) == NAI_OK);
    nai_stp_fac_prepare(&fp, NAI_COURSE, dt, &pr);
    CHECK(nai_stp_fac_run(&fp, &pr, 0, 300, 1, &g, &u, 3, times, index, eff, 1,
                          (const int64_t[]){0}, gt, st) == NAI_OK);
    for (i = 0; i < 300; i++) {
        for (; k < 3 && nai_grid_step(times[k], dt) == (int64_t)i; k++) {
            G += fp.g_max * U;
            U += fp.u_step * (fp.u_max - U);
        }
        CHECK(gt[i] == G && st[i] == U);
        G *= exp(-dt / fp.tau_syn);
        U += (fp.u_base - U) * (dt / fp.tau_facil);
    }
    /* the plain synapse: NAI_COURSE is its exact decay */
    CHECK(nai_synapse_decay(3.0, NAI_COURSE, 0.5, 0.25) == 1.5);
    CHECK(nai_synapse_decay(3.0, NAI_EULER, 0.5, 0.25) == 2.25);
}

static nai_stp_course_lif_params
clif(void)
{
    nai_stp_course_lif_params p;
    p.tau_m = 20.0;
    p.v_rest = -70.0;
    p.v_reset = -80.0;
    p.v_threshold = -55.0;
    p.resistance = 10.0;
    p.t_ref = 0.0;
    p.e_syn = 0.0;
    p.current_scale = NAI_NA_PER_NS_MV;
    p.syn.g_max = 800.0;
    p.syn.tau_syn = 5.0;
    p.syn.tau_rec = 150.0;
    p.syn.u = 0.4;
    return p;
}

/* The course's LIFWithSynapse loop, by hand, against the kernel; then two
 * chunks equal one call. */
static void
test_course_lif_matches_its_loop_and_chunks(void)
{
    enum { T = 4000 };
    const nai_stp_course_lif_params p = clif();
    const double dt = 0.1;
    static double times[400], vt[T], gt[T], xt[T];
    static uint8_t fired[T];
    double v = -70.0, g = 0.0, x = 1.0, V = -70.0, G = 0.0, X = 1.0;
    double v2 = -70.0, g2 = 0.0, x2 = 1.0;
    int64_t ref = 0, ref2 = 0;
    size_t n = 0, i, k = 0, n_fired = 0, split;
    nai_rng rng;
    nai_rng_seed(&rng, 5, 0);
    for (i = 0; i < T && n < 400; i++) {
        if (nai_rng_uniform(&rng) < 0.02) {
            times[n++] = (double)i * dt;
        }
    }
    CHECK(nai_stp_course_lif_run(&p, dt, 0, T, &v, &g, &x, &ref, n, times, vt, gt, xt,
                                 fired) == NAI_OK);
    for (i = 0; i < T; i++) {
        for (; k < n && nai_grid_step(times[k], dt) == (int64_t)i; k++) {
            const double released = p.syn.u * X;
            X -= released;
            G += p.syn.g_max * released;
        }
        CHECK(vt[i] == V && gt[i] == G && xt[i] == X);
        V = V + (-(V - p.v_rest) + p.resistance * (1e-3 * G * (p.e_syn - V))) * (dt / p.tau_m);
        if (V >= p.v_threshold) {
            V = p.v_reset;
            CHECK(fired[i] == 1);
            n_fired++;
        } else {
            CHECK(fired[i] == 0);
        }
        G *= exp(-dt / p.syn.tau_syn);
        X += (1.0 - X) * (dt / p.syn.tau_rec);
    }
    CHECK(n_fired >= 3 && v == V && g == G && x == X);
    /* two chunks */
    split = 0;
    while (split < n && nai_grid_step(times[split], dt) < 1500) {
        split++;
    }
    CHECK(nai_stp_course_lif_run(&p, dt, 0, 1500, &v2, &g2, &x2, &ref2, split, times, NULL,
                                 NULL, NULL, NULL) == NAI_OK);
    CHECK(nai_stp_course_lif_run(&p, dt, 1500, T - 1500, &v2, &g2, &x2, &ref2, n - split,
                                 times + split, vt, gt, xt, fired) == NAI_OK);
    CHECK(v2 == v && g2 == g && x2 == x && ref2 == ref);
}

static void
test_course_lif_refractory_and_rejects(void)
{
    nai_stp_course_lif_params p = clif();
    const double times[] = {0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0};
    double vt[100], v = -70.0, g = 0.0, x = 1.0;
    uint8_t fired[100];
    int64_t ref = 0;
    size_t i, last = 0, first = 1;
    p.syn.g_max = 20000.0;
    p.t_ref = 2.0;
    CHECK(nai_stp_course_lif_run(&p, 0.1, 0, 100, &v, &g, &x, &ref, 9, times, vt, NULL, NULL,
                                 fired) == NAI_OK);
    for (i = 0; i < 100; i++) {
        if (fired[i]) {
            CHECK(first || i - last > 20);          /* 20 steps held at v_reset */
            if (!first) {
                CHECK(vt[last + 1] == p.v_reset && vt[last + 20] == p.v_reset);
            }
            first = 0;
            last = i;
        }
    }
    CHECK(!first);
    /* bad parameters or spikes: NAI_ERR_*, nothing written */
    v = 1.0;
    g = 2.0;
    x = 0.5;
    ref = 3;
    vt[0] = 42.0;
    p = clif();
    p.v_reset = -50.0;
    CHECK(nai_stp_course_lif_run(&p, 0.1, 0, 10, &v, &g, &x, &ref, 0, times, vt, NULL, NULL,
                                 NULL) == NAI_ERR_PARAM);
    p = clif();
    p.syn.u = NAN;
    CHECK(nai_stp_course_lif_check(&p, 0.1) == NAI_ERR_PARAM);
    p = clif();
    p.current_scale = 0.0;
    CHECK(nai_stp_course_lif_check(&p, 0.1) == NAI_ERR_PARAM);
    p.current_scale = NAN;
    CHECK(nai_stp_course_lif_check(&p, 0.1) == NAI_ERR_PARAM);
    p.current_scale = 1.0;
    CHECK(nai_stp_course_lif_check(&p, 0.1) == NAI_OK);
    p = clif();
    CHECK(nai_stp_course_lif_check(&p, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_stp_course_lif_run(&p, 0.1, 0, 10, &v, &g, &x, &ref, 9, times, vt, NULL, NULL,
                                 NULL) == NAI_ERR_SHAPE);   /* spikes past step 9 */
    CHECK(nai_stp_course_lif_run(&p, 0.1, 1, 100, &v, &g, &x, &ref, 9, times, vt, NULL,
                                 NULL, NULL) == NAI_ERR_SHAPE);   /* a spike before step0 */
    CHECK(nai_stp_course_lif_run(&p, 0.1, 0, 10, NULL, &g, &x, &ref, 0, times, vt, NULL, NULL,
                                 NULL) == NAI_ERR_SHAPE);
    CHECK(v == 1.0 && g == 2.0 && x == 0.5 && ref == 3 && vt[0] == 42.0);
}

int
main(void)
{
    RUN(test_tm_check);
    RUN(test_tm_release_by_hand);
    RUN(test_tm_facilitation_by_hand);
    RUN(test_tm_run_matches_events_and_chunks);
    RUN(test_tm_run_long_random_train);
    RUN(test_tm_sim_steps_equal_one_call);
    RUN(test_tm_run_rejects_without_writing);
    RUN(test_tm_check_spikes_positions);
    RUN(test_course_depressing_euler_loop);
    RUN(test_course_depressing_exact_closed_form);
    RUN(test_course_facilitating);
    RUN(test_course_updates_by_hand);
    RUN(test_course_facilitating_euler_loop);
    RUN(test_course_checks);
    RUN(test_course_method_mixes_exact_g_and_euler_x);
    RUN(test_course_lif_matches_its_loop_and_chunks);
    RUN(test_course_lif_refractory_and_rejects);
    return NAI_TEST_SUMMARY();
}
