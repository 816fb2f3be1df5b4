/* LIF networks driven through CSR weights, without Python. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "nai_test.h"
#include "nai_network.h"

#define N 2
#define NSRC 2

/* Per-neuron parameter arrays of a small network; tests edit copies. */
typedef struct net_fixture {
    double tau_m[N], v_rest[N], v_reset[N], v_th[N], R[N], t_ref[N], i_ext[N];
    double tau_syn[N], e_syn[N];
    int64_t indptr[NSRC + 1], indices[3];
    double weights[3], U[3], tau_rec[3], tau_fac[3];
    nai_net_params p;
} net_fixture;

static void
fixture(net_fixture *f, double tau_m, double tau_syn)
{
    int j;
    for (j = 0; j < N; j++) {
        f->tau_m[j] = tau_m;
        f->v_rest[j] = -70.0;
        f->v_reset[j] = -80.0;
        f->v_th[j] = 100.0;          /* no spikes unless a test lowers it */
        f->R[j] = 10.0;
        f->t_ref[j] = 0.0;
        f->i_ext[j] = 0.0;
        f->tau_syn[j] = tau_syn;
        f->e_syn[j] = 0.0;
    }
    /* train 0 -> neurons 0 and 1, train 1 -> neuron 1 */
    f->indptr[0] = 0; f->indptr[1] = 2; f->indptr[2] = 3;
    f->indices[0] = 0; f->indices[1] = 1; f->indices[2] = 1;
    f->weights[0] = 1.0; f->weights[1] = 0.5; f->weights[2] = 2.0;
    for (j = 0; j < 3; j++) {
        f->U[j] = 0.5;
        f->tau_rec[j] = 100.0;
        f->tau_fac[j] = 0.0;
    }
    memset(&f->p, 0, sizeof f->p);
    f->p.n = N;
    f->p.n_src = NSRC;
    f->p.method = NAI_EXACT;
    f->p.syn = NAI_NET_CURRENT;
    f->p.stp = NAI_NET_STP_NONE;
    f->p.tau_m = f->tau_m; f->p.v_rest = f->v_rest; f->p.v_reset = f->v_reset;
    f->p.v_threshold = f->v_th; f->p.resistance = f->R; f->p.t_ref = f->t_ref;
    f->p.i_ext = f->i_ext; f->p.tau_syn = f->tau_syn; f->p.e_syn = f->e_syn;
    f->p.indptr = f->indptr; f->p.indices = f->indices; f->p.weights = f->weights;
    f->p.stp_u = f->U; f->p.stp_tau_rec = f->tau_rec; f->p.stp_tau_fac = f->tau_fac;
}

/* PSP of a unit current jump at t = 0 (Rotter & Diesmann 1999, written out
 * independently: the two-exponential difference, or t e^{-t/tau} at equality). */
static double
psp(double t, double w, double tm, double ts, double R)
{
    if (tm == ts) {
        return R * w * t / tm * exp(-t / tm);
    }
    return R * w * ts / (ts - tm) * (exp(-t / ts) - exp(-t / tm));
}

static void
test_propagator(void)
{
    const double dt = 0.1;
    double cases[3][2] = {{20.0, 5.0}, {10.0, 10.0}, {5.0, 20.0}};
    int k;
    for (k = 0; k < 3; k++) {
        net_fixture f;
        nai_net_prop *pr;
        fixture(&f, cases[k][0], cases[k][1]);
        CHECK(nai_net_check(&f.p, dt) == NAI_OK);
        pr = nai_net_prop_new(N, 3);
        CHECK(pr != NULL);
        if (pr == NULL) {
            return;
        }
        nai_net_prepare(&f.p, dt, pr);
        CHECK_CLOSE(pr->v_decay[0], exp(-dt / cases[k][0]), 1e-15);
        CHECK_CLOSE(pr->y_decay[0], exp(-dt / cases[k][1]), 1e-15);
        /* one step from V = v_rest with I = 1 nA gives the PSP at dt */
        CHECK_CLOSE(pr->p21[0], psp(dt, 1.0, cases[k][0], cases[k][1], 10.0), 1e-13);
        nai_net_prop_free(pr);
    }
    nai_net_prop_free(NULL);
}

/* Each propagator means one thing whatever the method and synapse kind. */
static void
test_prop_fields_one_meaning(void)
{
    const double dt = 0.25;
    const int methods[2] = {NAI_EXACT, NAI_EULER};
    const int syns[2] = {NAI_NET_CURRENT, NAI_NET_CONDUCTANCE};
    int a, b, c;
    for (a = 0; a < 2; a++) {
        for (b = 0; b < 2; b++) {
            net_fixture f;
            nai_net_prop *pr = nai_net_prop_new(N, 3);
            CHECK(pr != NULL);
            if (pr == NULL) {
                return;
            }
            fixture(&f, 20.0, 5.0);
            f.i_ext[1] = 0.3;
            f.p.method = methods[a];
            f.p.syn = syns[b];
            f.p.stp = NAI_NET_STP_DEP;
            CHECK(nai_net_check(&f.p, dt) == NAI_OK);
            nai_net_prepare(&f.p, dt, pr);
            CHECK_CLOSE(pr->v_decay[1], exp(-dt / 20.0), 1e-16);
            CHECK_CLOSE(pr->v_gain[1], 1.0 - exp(-dt / 20.0), 1e-16);
            CHECK(pr->v_euler_k[1] == dt / 20.0);
            CHECK_CLOSE(pr->y_decay[1], exp(-dt / 5.0), 1e-16);
            CHECK(pr->y_euler_k[1] == dt / 5.0);
            CHECK_CLOSE(pr->p21[1], psp(dt, 1.0, 20.0, 5.0, 10.0), 1e-14);
            CHECK_CLOSE(pr->g_mean[1], 5.0 / dt * (1.0 - exp(-dt / 5.0)), 1e-15);
            CHECK_CLOSE(pr->ext[1], 10.0 * 0.3 * (1.0 - exp(-dt / 20.0)), 1e-15);
            for (c = 0; c < 3; c++) {
                CHECK_CLOSE(pr->x_decay[c], exp(-dt / 100.0), 1e-16);
                CHECK(pr->x_euler_k[c] == dt / 100.0);
            }
            nai_net_prop_free(pr);
        }
    }
}

static void
test_check_rejects(void)
{
    net_fixture f;
    fixture(&f, 20.0, 5.0);
    CHECK(nai_net_check(&f.p, 0.1) == NAI_OK);
    CHECK(nai_net_check(&f.p, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_net_check(&f.p, NAN) == NAI_ERR_PARAM);
    f.weights[1] = NAN;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
    fixture(&f, 20.0, 5.0);
    f.indices[2] = 2;                                /* neuron out of range */
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_SHAPE);
    fixture(&f, 20.0, 5.0);
    f.indices[0] = -1;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_SHAPE);
    fixture(&f, 20.0, 5.0);
    f.indptr[1] = 3; f.indptr[2] = 2;                /* not monotonic */
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_SHAPE);
    fixture(&f, 20.0, 5.0);
    f.indptr[0] = 1;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_SHAPE);
    fixture(&f, 20.0, 5.0);
    f.tau_syn[1] = 0.0;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
    fixture(&f, 20.0, 5.0);
    f.v_reset[0] = f.v_th[0];
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
    fixture(&f, 20.0, 5.0);
    f.p.syn = NAI_NET_CONDUCTANCE;
    f.weights[0] = -1.0;                             /* negative conductance */
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
    fixture(&f, 20.0, 5.0);
    f.p.stp = NAI_NET_STP_TM;
    f.U[2] = 0.0;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
    f.U[2] = 0.5;
    f.tau_fac[0] = -1.0;
    CHECK(nai_net_check(&f.p, 0.1) == NAI_ERR_PARAM);
}

/* Run n_steps from rest with the given events; traces of both neurons. */
static nai_status
run(net_fixture *f, double dt, size_t n_steps, size_t n_ev, const double *times,
    const int64_t *src, double *vtr, double *ytr, double *v, double *y,
    nai_spikes *sp)
{
    int64_t ref[N] = {0, 0}, rec[N] = {0, 1};
    double x[3] = {1, 1, 1}, u[3] = {0.5, 0.5, 0.5}, tl[3] = {0, 0, 0};
    uint8_t hs[3] = {0, 0, 0};
    nai_net_state s;
    nai_net_prop *pr = nai_net_prop_new(N, 3);
    size_t done, ev_done;
    nai_status st;
    if (pr == NULL) {
        return NAI_ERR_NOMEM;
    }
    nai_net_prepare(&f->p, dt, pr);
    v[0] = v[1] = -70.0;
    y[0] = y[1] = 0.0;
    s.v = v; s.y = y; s.ref_left = ref; s.x = x; s.u = u; s.t_last = tl;
    s.has_spiked = hs;
    st = nai_net_run(&f->p, pr, &s, 0, n_steps, n_ev, times, src, N, rec, vtr, ytr,
                     0, NULL, NULL, NULL, 1, sp, &done, &ev_done);
    nai_net_prop_free(pr);
    return st;
}

/* t_ref/dt is bounded by NAI_REF_STEPS_MAX (the LIF kernel's bound), so that
 * round(t_ref/dt) fits an int64; a refractory period that long holds. */
static void
test_t_ref_bound(void)
{
    enum { T = 20 };
    static double vtr[T * N], ytr[T * N];
    double v[N], y[N], t_sp[4];
    int64_t n_sp[4];
    nai_spikes sp = {n_sp, t_sp, 0, 4};
    net_fixture f;
    size_t i;
    fixture(&f, 20.0, 5.0);
    f.t_ref[0] = NAI_REF_STEPS_MAX;                  /* t_ref/dt at the bound */
    CHECK(nai_net_check(&f.p, 1.0) == NAI_ERR_PARAM);
    f.t_ref[0] = 1e18;
    CHECK(nai_net_check(&f.p, 1.0) == NAI_OK);
    f.t_ref[0] = INFINITY;
    CHECK(nai_net_check(&f.p, 1.0) == NAI_ERR_PARAM);
    /* 1e17 steps: a spike at step 0, then held at v_reset to the end */
    fixture(&f, 20.0, 5.0);
    f.t_ref[0] = 1e16;
    f.v_th[0] = -75.0;
    CHECK(run(&f, 0.1, T, 0, NULL, NULL, vtr, ytr, v, y, &sp) == NAI_OK);
    CHECK(sp.count == 1 && n_sp[0] == 0 && t_sp[0] == 0.0);
    for (i = 1; i < T; i++) {
        CHECK(vtr[i * N + 0] == -80.0);
    }
}

static void
test_psp_run(void)
{
    enum { T = 400 };
    static double vtr[T * N], ytr[T * N];
    double v[N], y[N], t_sp[8];
    int64_t n_sp[8];
    nai_spikes sp = {n_sp, t_sp, 0, 8};
    const double times[1] = {0.0};
    const int64_t src[1] = {0};
    net_fixture f;
    size_t i;
    fixture(&f, 20.0, 20.0);                         /* the singular limit */
    CHECK(run(&f, 0.1, T, 1, times, src, vtr, ytr, v, y, &sp) == NAI_OK);
    for (i = 0; i < T; i++) {
        const double t = 0.1 * (double)i;
        CHECK_CLOSE(vtr[i * N + 0] + 70.0, psp(t, 1.0, 20.0, 20.0, 10.0), 1e-11);
        CHECK_CLOSE(vtr[i * N + 1] + 70.0, psp(t, 0.5, 20.0, 20.0, 10.0), 1e-11);
        CHECK_CLOSE(ytr[i * N + 0], exp(-t / 20.0), 1e-12);
    }
    CHECK(sp.count == 0);
}

/* A spike buffer too small for the run: NAI_ERR_FULL at a step boundary,
 * and resuming from there gives the same spikes as one run with room. */
static void
test_full_and_resume(void)
{
    enum { T = 2000 };
    double v1[N], y1[N], t_big[256], t_small[4];
    int64_t n_big[256], n_small[4];
    nai_spikes big = {n_big, t_big, 0, 256}, small = {n_small, t_small, 0, 4};
    double times[40];
    int64_t src[40], ref[N] = {0, 0}, rec[1] = {0};
    double x[3] = {1, 1, 1}, u[3] = {0.5, 0.5, 0.5}, tl[3] = {0, 0, 0};
    double v[N] = {-70.0, -70.0}, y[N] = {0.0, 0.0};
    uint8_t hs[3] = {0, 0, 0};
    nai_net_state s;
    nai_net_prop *pr;
    net_fixture f;
    size_t k, done, ev_done, step = 0, ev = 0, rounds = 0, n_total = 0;
    nai_status st;
    fixture(&f, 10.0, 2.0);
    f.v_th[0] = f.v_th[1] = -69.0;
    f.t_ref[0] = f.t_ref[1] = 1.0;
    f.weights[0] = f.weights[1] = f.weights[2] = 3.0;
    for (k = 0; k < 40; k++) {
        times[k] = 4.9 * (double)k + 0.05;
        src[k] = (int64_t)(k % 2);
    }
    CHECK(run(&f, 0.1, T, 40, times, src, NULL, NULL, v1, y1, &big) == NAI_OK);
    CHECK(big.count > 20);
    pr = nai_net_prop_new(N, 3);
    CHECK(pr != NULL);
    if (pr == NULL) {
        return;
    }
    nai_net_prepare(&f.p, 0.1, pr);
    s.v = v; s.y = y; s.ref_left = ref; s.x = x; s.u = u; s.t_last = tl;
    s.has_spiked = hs;
    for (;;) {
        small.count = 0;
        st = nai_net_run(&f.p, pr, &s, (int64_t)step, T - step, 40 - ev, times + ev,
                         src + ev, 0, rec, NULL, NULL, 0, NULL, NULL, NULL, 1, &small,
                         &done, &ev_done);
        /* this round's spikes continue the list of the run with room */
        for (k = 0; k < small.count; k++) {
            CHECK(n_total + k < big.count);
            if (n_total + k < big.count) {
                CHECK(t_small[k] == t_big[n_total + k]);
                CHECK(n_small[k] == n_big[n_total + k]);
            }
        }
        n_total += small.count;
        CHECK(st == NAI_OK || st == NAI_ERR_FULL);
        step += done;
        ev += ev_done;
        rounds++;
        if (st == NAI_OK || rounds > 1000) {
            break;
        }
    }
    CHECK(step == T);
    CHECK(ev == 40);
    CHECK(rounds > 1);
    CHECK(n_total == big.count);
    CHECK(v[0] == v1[0] && v[1] == v1[1] && y[0] == y1[0] && y[1] == y1[1]);
    nai_net_prop_free(pr);
}

/* Events that do not suit the run change nothing. */
static void
test_bad_events(void)
{
    double v[N], y[N], t_sp[4];
    int64_t n_sp[4];
    nai_spikes sp = {n_sp, t_sp, 0, 4};
    const double late[1] = {10.0}, unsorted[2] = {2.0, 1.0}, nan_t[1] = {NAN};
    const int64_t src0[2] = {0, 0}, bad_src[1] = {2};
    net_fixture f;
    fixture(&f, 20.0, 5.0);
    CHECK(run(&f, 0.1, 50, 1, late, src0, NULL, NULL, v, y, &sp) == NAI_ERR_SHAPE);
    CHECK(run(&f, 0.1, 50, 2, unsorted, src0, NULL, NULL, v, y, &sp) == NAI_ERR_SHAPE);
    CHECK(run(&f, 0.1, 50, 1, nan_t, src0, NULL, NULL, v, y, &sp) == NAI_ERR_SHAPE);
    CHECK(run(&f, 0.1, 200, 1, late, bad_src, NULL, NULL, v, y, &sp) == NAI_ERR_SHAPE);
    CHECK(sp.count == 0);
}

/* The course's depressing synapse with Euler: g and x against the loop. */
static void
test_course_depression_euler(void)
{
    enum { T = 300 };
    static double vtr[T * N], ytr[T * N];
    double v[N], y[N], t_sp[4];
    int64_t n_sp[4];
    nai_spikes sp = {n_sp, t_sp, 0, 4};
    const double times[3] = {1.0, 5.0, 12.0};
    const int64_t src[3] = {0, 0, 0};
    double g = 0.0, x = 1.0;
    net_fixture f;
    size_t i, k = 0;
    fixture(&f, 20.0, 5.0);
    f.p.method = NAI_EULER;
    f.p.syn = NAI_NET_CONDUCTANCE;
    f.p.stp = NAI_NET_STP_DEP;
    CHECK(run(&f, 0.1, T, 3, times, src, vtr, ytr, v, y, &sp) == NAI_OK);
    for (i = 0; i < T; i++) {
        if (k < 3 && (size_t)floor(times[k] / 0.1 + 1e-6) == i) {
            const double released = 0.5 * x;
            x -= released;
            g += 1.0 * released;
            k++;
        }
        CHECK(ytr[i * N + 0] == g);
        g = g + (-g) * (0.1 / 5.0);
        x = x + (1.0 - x) * (0.1 / 100.0);
    }
}

static void
test_trace_rows(void)
{
    CHECK(nai_net_trace_rows(0, 10, 1) == 10);
    CHECK(nai_net_trace_rows(0, 10, 0) == 10);
    CHECK(nai_net_trace_rows(0, 10, 3) == 4);     /* steps 0, 3, 6, 9 */
    CHECK(nai_net_trace_rows(1, 10, 3) == 3);     /* steps 3, 6, 9 of 1..10 */
    CHECK(nai_net_trace_rows(7, 2, 5) == 0);      /* steps 7, 8 */
    CHECK(nai_net_trace_rows(5, 1, 5) == 1);
}

int
main(void)
{
    RUN(test_propagator);
    RUN(test_prop_fields_one_meaning);
    RUN(test_t_ref_bound);
    RUN(test_check_rejects);
    RUN(test_psp_run);
    RUN(test_full_and_resume);
    RUN(test_bad_events);
    RUN(test_course_depression_euler);
    RUN(test_trace_rows);
    return NAI_TEST_SUMMARY();
}
