/* LIF kernels without Python: closed forms, dt independence, Euler steps,
 * spike buffer refills, chunking, parameter checks, the same bits under
 * every instruction set. */
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
#include "nai_cpu.h"
#include "nai_lif.h"

enum { NMAX = 70 };

typedef struct {
    double tau[NMAX], vrest[NMAX], vreset[NMAX], vth[NMAX], r[NMAX], tref[NMAX];
    nai_lif_params p;
} params_buf;

static void course_params(params_buf *b, size_t n, double t_ref, double dt)
{
    size_t j;
    for (j = 0; j < n; j++) {
        b->tau[j] = 20.0;
        b->vrest[j] = -70.0;
        b->vreset[j] = -80.0;
        b->vth[j] = -55.0;
        b->r[j] = 10.0;
        b->tref[j] = t_ref;
    }
    (void)dt;
    b->p.tau_m = b->tau;
    b->p.v_rest = b->vrest;
    b->p.v_reset = b->vreset;
    b->p.v_threshold = b->vth;
    b->p.resistance = b->r;
    b->p.t_ref = b->tref;
}

/* Run n neurons with constant currents I[j] for n_steps, exact or Euler.
 * Returns the number of spikes, stored in (neu, tim). */
static size_t run_const(params_buf *b, size_t n, const double *I, double dt,
                        size_t n_steps, nai_method m, int64_t *neu,
                        double *tim, size_t cap, double *v_end)
{
    nai_lif_prop *pr = nai_lif_prop_new(n);
    double v[NMAX], tf[NMAX];
    int64_t ref[NMAX];
    nai_lif_state s = {v, tf, ref};
    nai_spikes sp = {neu, tim, 0, cap};
    size_t j, done = 0;
    nai_status st;
    for (j = 0; j < n; j++) {
        v[j] = -70.0;
        tf[j] = -INFINITY;
        ref[j] = 0;
    }
    CHECK(pr != NULL);
    if (pr == NULL) return 0;
    CHECK(nai_lif_check(&b->p, n, dt) == NAI_OK);
    nai_lif_prepare(&b->p, dt, pr);
    st = nai_lif_run(&b->p, pr, m, n, 0, n, n_steps, 0, I, 0, 1, &s, NULL, 0,
                     NULL, &sp, &done);
    CHECK(st == NAI_OK);
    CHECK(done == n);
    if (v_end != NULL) {
        for (j = 0; j < n; j++) v_end[j] = v[j];
    }
    nai_lif_prop_free(pr);
    return sp.count;
}

static void test_check_rejects_bad_parameters(void)
{
    params_buf b;
    course_params(&b, 1, 0.0, 0.1);
    CHECK(nai_lif_check(&b.p, 1, 0.1) == NAI_OK);
    CHECK(nai_lif_check(&b.p, 1, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_lif_check(&b.p, 1, NAN) == NAI_ERR_PARAM);
    b.tau[0] = NAN;
    CHECK(nai_lif_check(&b.p, 1, 0.1) == NAI_ERR_PARAM);
    b.tau[0] = -1.0;
    CHECK(nai_lif_check(&b.p, 1, 0.1) == NAI_ERR_PARAM);
    b.tau[0] = 20.0;
    b.vreset[0] = -55.0;          /* == threshold */
    CHECK(nai_lif_check(&b.p, 1, 0.1) == NAI_ERR_PARAM);
    b.vreset[0] = -80.0;
    b.tref[0] = -0.5;
    CHECK(nai_lif_check(&b.p, 1, 0.1) == NAI_ERR_PARAM);
}

/* Exact ISI for constant current: t_ref + tau ln((Vinf - vreset)/(Vinf - vth)),
 * first spike at tau ln((Vinf - vrest)/(Vinf - vth)), for several dt. */
static void test_exact_isi_matches_closed_form(void)
{
    const double dts[] = {0.1, 0.05, 0.3, 1.0};
    const double currents[] = {1.6, 2.0, 3.0, 7.5};
    const double trefs[] = {0.0, 2.0, 0.35};
    size_t a, c, r, k;
    int64_t neu[4096];
    double tim[4096];
    for (a = 0; a < 4; a++)
    for (r = 0; r < 3; r++)
    for (c = 0; c < 4; c++) {
        params_buf b;
        double I = currents[c], dt = dts[a], tref = trefs[r];
        double vinf = -70.0 + 10.0 * I;
        double first = 20.0 * log((vinf + 70.0) / (vinf + 55.0));
        double isi = tref + 20.0 * log((vinf + 80.0) / (vinf + 55.0));
        size_t n_steps = (size_t)(400.0 / dt + 0.5), got;
        course_params(&b, 1, tref, dt);
        got = run_const(&b, 1, &I, dt, n_steps, NAI_EXACT, neu, tim, 4096, NULL);
        CHECK(got >= 2);
        if (got < 2) continue;
        CHECK_CLOSE(tim[0], first, 1e-9);
        for (k = 1; k < got; k++) {
            CHECK_CLOSE(tim[k] - tim[k - 1], isi, 1e-9);
        }
        /* the count is the closed form's */
        CHECK(got == (size_t)floor((400.0 - first) / isi) + 1);
    }
}

/* Several spikes inside one step (dt much larger than the ISI). */
static void test_exact_many_spikes_per_step(void)
{
    params_buf b;
    int64_t neu[512];
    double tim[512], I = 50.0;            /* Vinf = 430 mV */
    double isi = 20.0 * log((430.0 + 80.0) / (430.0 + 55.0));
    double first = 20.0 * log(500.0 / 485.0);
    size_t got, k;
    course_params(&b, 1, 0.0, 5.0);
    got = run_const(&b, 1, &I, 5.0, 4, NAI_EXACT, neu, tim, 512, NULL);
    CHECK(got == (size_t)floor((20.0 - first) / isi) + 1);
    CHECK_CLOSE(tim[0], first, 1e-9);
    for (k = 1; k < got; k++) {
        CHECK_CLOSE(tim[k] - tim[0], k * isi, 1e-9);
    }
}

/* Subthreshold: V(t) = Vinf + (v0 - Vinf) exp(-t/tau) at every recorded step. */
static void test_exact_subthreshold_trace(void)
{
    params_buf b;
    nai_lif_prop *pr = nai_lif_prop_new(1);
    double v = -70.0, tf = -INFINITY, I = 1.2, trace[1000];
    int64_t ref = 0, rec = 0, neu[4];
    double tim[4];
    nai_lif_state s = {&v, &tf, &ref};
    nai_spikes sp = {neu, tim, 0, 4};
    size_t i, done;
    course_params(&b, 1, 0.0, 0.1);
    nai_lif_prepare(&b.p, 0.1, pr);
    CHECK(nai_lif_run(&b.p, pr, NAI_EXACT, 1, 0, 1, 1000, 0, &I, 0, 0, &s,
                      &rec, 1, trace, &sp, &done) == NAI_OK);
    CHECK(sp.count == 0);
    for (i = 0; i < 1000; i++) {
        CHECK_CLOSE(trace[i], -58.0 - 12.0 * exp(-0.1 * i / 20.0), 1e-11);
    }
    CHECK_CLOSE(v, -58.0 - 12.0 * exp(-100.0 / 20.0), 1e-11);
    nai_lif_prop_free(pr);
}

/* The course's example: 2 nA from 20 to 150 ms, Euler, dt 0.1. */
static void test_euler_course_numbers(void)
{
    params_buf b;
    nai_lif_prop *pr = nai_lif_prop_new(1);
    double v = -70.0, tf = -INFINITY, I[2000], tim[16];
    int64_t ref = 0, neu[16];
    nai_lif_state s = {&v, &tf, &ref};
    nai_spikes sp = {neu, tim, 0, 16};
    size_t i, done;
    for (i = 0; i < 2000; i++) I[i] = (i >= 200 && i < 1500) ? 2.0 : 0.0;
    course_params(&b, 1, 0.0, 0.1);
    nai_lif_prepare(&b.p, 0.1, pr);
    CHECK(nai_lif_run(&b.p, pr, NAI_EULER, 1, 0, 1, 2000, 0, I, 1, 0, &s,
                      NULL, 0, NULL, &sp, &done) == NAI_OK);
    CHECK(sp.count == 3);
    CHECK_CLOSE(tim[0], 47.6, 1e-9);
    CHECK_CLOSE(tim[1], 83.4, 1e-9);
    CHECK_CLOSE(tim[2], 119.2, 1e-9);
    nai_lif_prop_free(pr);
}

/* A full buffer stops with NAI_ERR_FULL and nothing half-done; resuming
 * after growing gives the same spikes as one call with room. */
static void test_full_buffer_resume(void)
{
    enum { N = 70 };
    params_buf b;
    nai_lif_prop *pr = nai_lif_prop_new(N);
    double I[N], v[N], tf[N], v_ref[N];
    int64_t ref[N];
    int64_t *neu = malloc(20000 * sizeof(int64_t)), *neu2 = malloc(20000 * sizeof(int64_t));
    double *tim = malloc(20000 * sizeof(double)), *tim2 = malloc(20000 * sizeof(double));
    nai_lif_state s = {v, tf, ref};
    nai_spikes sp = {neu2, tim2, 0, 7};
    size_t j, want, done = 0, begin = 0, calls = 0;
    nai_status st;
    for (j = 0; j < N; j++) I[j] = 1.0 + 0.05 * (double)j;
    course_params(&b, N, 1.0, 0.1);
    want = run_const(&b, N, I, 0.1, 2000, NAI_EXACT, neu, tim, 20000, v_ref);
    nai_lif_prepare(&b.p, 0.1, pr);
    for (j = 0; j < N; j++) {
        v[j] = -70.0;
        tf[j] = -INFINITY;
        ref[j] = 0;
    }
    do {
        st = nai_lif_run(&b.p, pr, NAI_EXACT, N, begin, N, 2000, 0, I, 0, 1,
                         &s, NULL, 0, NULL, &sp, &done);
        if (st == NAI_ERR_FULL) {
            sp.capacity = sp.capacity * 2 < 20000 ? sp.capacity * 2 : 20000;
            begin = done;
        }
        calls++;
    } while (st == NAI_ERR_FULL && calls < 100);
    CHECK(st == NAI_OK);
    CHECK(calls > 1);
    CHECK(sp.count == want);
    for (j = 0; j < want && j < sp.count; j++) {
        CHECK(neu[j] == neu2[j]);
        CHECK(tim[j] == tim2[j]);
    }
    for (j = 0; j < N; j++) {
        CHECK(v[j] == v_ref[j]);
    }
    free(neu); free(neu2); free(tim); free(tim2);
    nai_lif_prop_free(pr);
}

/* k chunks of steps equal one long run, bit for bit. */
static void test_chunks_equal_one_run(void)
{
    enum { N = 5, T = 3000 };
    params_buf b;
    nai_lif_prop *pr = nai_lif_prop_new(N);
    double *I = malloc(T * N * sizeof(double));
    double v1[N], tf1[N], v2[N], tf2[N], t1[512], t2[512];
    int64_t r1[N], r2[N], n1[512], n2[512], o1[N + 1], o2[N + 1];
    double g1[512], g2[512];
    nai_lif_state s1 = {v1, tf1, r1}, s2 = {v2, tf2, r2};
    nai_spikes sp1 = {n1, t1, 0, 512}, sp2 = {n2, t2, 0, 512};
    size_t i, j, done, m;
    for (i = 0; i < T; i++)
        for (j = 0; j < N; j++)
            I[i * N + j] = 1.4 + 0.8 * sin(0.003 * (double)i * (double)(j + 1));
    for (m = 0; m < 2; m++) {
        nai_method meth = m == 0 ? NAI_EXACT : NAI_EULER;
        course_params(&b, N, 1.5, 0.1);
        nai_lif_prepare(&b.p, 0.1, pr);
        for (j = 0; j < N; j++) {
            v1[j] = v2[j] = -70.0;
            tf1[j] = tf2[j] = -INFINITY;
            r1[j] = r2[j] = 0;
        }
        sp1.count = sp2.count = 0;
        CHECK(nai_lif_run(&b.p, pr, meth, N, 0, N, T, 0, I, N, 1, &s1, NULL, 0,
                          NULL, &sp1, &done) == NAI_OK);
        {
            const size_t cuts[] = {0, 1, 777, 1500, 2999, T};
            size_t c;
            for (c = 0; c + 1 < 6; c++) {
                CHECK(nai_lif_run(&b.p, pr, meth, N, 0, N, cuts[c + 1] - cuts[c],
                                  (int64_t)cuts[c], I + cuts[c] * N, N, 1, &s2,
                                  NULL, 0, NULL, &sp2, &done) == NAI_OK);
            }
        }
        CHECK(sp1.count == sp2.count && sp1.count > 10);
        CHECK(nai_lif_group_spikes(&sp1, 1, N, o1, g1) == NAI_OK);
        CHECK(nai_lif_group_spikes(&sp2, 1, N, o2, g2) == NAI_OK);
        for (j = 0; j <= N; j++) CHECK(o1[j] == o2[j]);
        for (j = 0; j < sp1.count && j < sp2.count; j++) CHECK(g1[j] == g2[j]);
        for (j = 0; j < N; j++) {
            CHECK(v1[j] == v2[j]);
            CHECK(tf1[j] == tf2[j]);
            CHECK(r1[j] == r2[j]);
        }
    }
    free(I);
    nai_lif_prop_free(pr);
}

/* A neuron that never reaches threshold (Vinf == threshold) never fires. */
static void test_vinf_at_threshold_never_fires(void)
{
    params_buf b;
    int64_t neu[4];
    double tim[4], I = 1.5, v_end;
    course_params(&b, 1, 0.0, 0.1);
    CHECK(run_const(&b, 1, &I, 0.1, 200000, NAI_EXACT, neu, tim, 4, &v_end) == 0);
    CHECK(v_end < -55.0);
}

static void test_group_spikes_is_stable(void)
{
    int64_t neu[6] = {2, 0, 2, 1, 0, 2}, off[4];
    double tim[6] = {1, 2, 3, 4, 5, 6}, out[6];
    nai_spikes sp = {neu, tim, 6, 6};
    CHECK(nai_lif_group_spikes(&sp, 1, 3, off, out) == NAI_OK);
    CHECK(off[0] == 0 && off[1] == 2 && off[2] == 3 && off[3] == 6);
    CHECK(out[0] == 2 && out[1] == 5 && out[2] == 4 && out[3] == 1 && out[4] == 3 && out[5] == 6);
    neu[0] = 3;
    CHECK(nai_lif_group_spikes(&sp, 1, 3, off, out) == NAI_ERR_SHAPE);
    {
        nai_lif_prop *pr = nai_lif_prop_new(0);
        CHECK(pr != NULL);
        nai_lif_prop_free(pr);
        nai_lif_prop_free(NULL);
    }
}

/*
 * The rule of nai_lif.h: a free neuron at or above threshold at the start of
 * a step fires at that step's start, at every dt.  Expected times from the
 * rule and the closed form: a spike at 0, then (after t_ref, from v_reset)
 * every t_ref + tau ln((Vinf - v_reset)/(Vinf - v_th)) if Vinf > v_th.
 * Neuron 7 of 40 starts above threshold, the others at rest with no input,
 * so the blocked path (all unrecorded) and the recorded one are both used.
 */
static void test_exact_start_at_or_above_threshold_fires_at_once(void)
{
    enum { N = 40, CAP = 4096 };
    const double dts[] = {0.01, 0.1, 1.0, 2.5, 10.0};
    const double v0s[] = {-55.0, nextafter(-55.0, INFINITY), -50.0, -20.0};
    const double Is[] = {0.0, 2.0};
    const double trefs[] = {0.0, 3.0};
    static int64_t neu[CAP];
    static double tim[CAP];
    size_t a, b0, c, r, rec_mode, k;
    for (a = 0; a < 5; a++)
    for (b0 = 0; b0 < 4; b0++)
    for (c = 0; c < 2; c++)
    for (r = 0; r < 2; r++)
    for (rec_mode = 0; rec_mode < 2; rec_mode++) {
        params_buf b;
        nai_lif_prop *pr = nai_lif_prop_new(N);
        const double dt = dts[a], tref = trefs[r], duration = 100.0;
        const size_t n_steps = (size_t)(duration / dt + 0.5);
        double v[N], tf[N], I[N], trace[1];
        int64_t ref[N], rec[N];
        nai_lif_state s = {v, tf, ref};
        nai_spikes sp = {neu, tim, 0, CAP};
        size_t j, done, want = 1;
        double vinf = -70.0 + 10.0 * Is[c];
        course_params(&b, N, tref, dt);
        for (j = 0; j < N; j++) {
            v[j] = j == 7 ? v0s[b0] : -70.0;
            tf[j] = -INFINITY;
            ref[j] = 0;
            I[j] = j == 7 ? Is[c] : 0.0;
            rec[j] = -1;
        }
        rec[7] = 0;
        CHECK(pr != NULL);
        if (pr == NULL) return;
        nai_lif_prepare(&b.p, dt, pr);
        {
            static double tr_buf[10000];
            CHECK(nai_lif_run(&b.p, pr, NAI_EXACT, N, 0, N, n_steps, 0, I, 0, 1, &s,
                              rec_mode ? rec : NULL, 1, rec_mode ? tr_buf : trace,
                              &sp, &done) == NAI_OK);
            if (rec_mode) CHECK(tr_buf[0] == v0s[b0]);
        }
        if (vinf > -55.0) {
            /* spikes at 0, isi, 2 isi, ... before the end */
            const double isi = tref + 20.0 * log((vinf + 80.0) / (vinf + 55.0));
            want = (size_t)floor(duration / isi) + 1;
        }
        CHECK(sp.count == want);
        for (k = 0; k < sp.count; k++) {
            CHECK(neu[k] == 7);
        }
        CHECK(sp.count >= 1 && tim[0] == 0.0);
        for (k = 1; k < sp.count; k++) {
            CHECK_CLOSE(tim[k], (double)k * (tref + 20.0 * log((vinf + 80.0) / (vinf + 55.0))),
                        1e-9);
        }
        nai_lif_prop_free(pr);
    }
}

/* Euler tests the threshold after the update (the course's rule): from
 * v0 >= v_th with no input the first update gives
 * v0 + (-(v0 - v_rest)) dt/tau, which fires only while it is >= v_th. */
static void test_euler_start_above_threshold_tests_after_update(void)
{
    const double dts[] = {0.1, 1.0, 5.0, 10.0};
    size_t a;
    for (a = 0; a < 4; a++) {
        params_buf b;
        nai_lif_prop *pr = nai_lif_prop_new(1);
        const double dt = dts[a];
        double v = -50.0, tf = -INFINITY, I = 0.0, tim[4];
        int64_t ref = 0, neu[4];
        nai_lif_state s = {&v, &tf, &ref};
        nai_spikes sp = {neu, tim, 0, 4};
        size_t done;
        const double first = -50.0 + (-(-50.0 + 70.0)) * (dt / 20.0);
        course_params(&b, 1, 0.0, dt);
        nai_lif_prepare(&b.p, dt, pr);
        CHECK(nai_lif_run(&b.p, pr, NAI_EULER, 1, 0, 1, 20, 0, &I, 0, 0, &s, NULL, 0,
                          NULL, &sp, &done) == NAI_OK);
        CHECK(sp.count == (first >= -55.0 ? 1u : 0u));
        if (sp.count == 1) CHECK(tim[0] == 0.0);
        nai_lif_prop_free(pr);
    }
}

/* One mixed workload (70 neurons: two full blocks and a partial one, a
 * recorded neuron, varied tau_m and t_ref, both methods, a constant and a
 * time-varying input) under one instruction set; spikes grouped by neuron. */
enum { XN = 70, XT = 3000, XCAP = 40000 };
typedef struct {
    double v[XN], tf[XN], trace[XT], times[XCAP];
    int64_t ref[XN], offsets[XN + 1];
    size_t count;
} paths_out;

static void run_paths_workload(nai_method m, int varying, int record, paths_out *o)
{
    static double I[XT * XN];
    static int64_t neu[XCAP];
    static double tim[XCAP];
    params_buf b;
    nai_lif_prop *pr = nai_lif_prop_new(XN);
    nai_lif_state s = {o->v, o->tf, o->ref};
    nai_spikes sp = {neu, tim, 0, XCAP};
    int64_t rec[XN];
    size_t i, j, done;
    course_params(&b, XN, 0.0, 0.1);
    for (j = 0; j < XN; j++) {
        b.tau[j] = 8.0 + 0.37 * (double)j;
        b.tref[j] = (j % 3 == 0) ? 0.0 : 0.05 * (double)(j % 11);
        o->v[j] = -70.0 + 0.2 * (double)j;
        o->tf[j] = -INFINITY;
        o->ref[j] = 0;
        rec[j] = j == 33 ? 0 : -1;
    }
    for (i = 0; i < XT; i++) {
        for (j = 0; j < XN; j++) {
            /* neighbours differ: the crossings of a block fall on different steps */
            const double base = 1.7 + 1.6 * (double)((j * 37) % XN) / XN;
            I[i * XN + j] = varying ? base + 0.6 * sin(0.01 * (double)i * (double)(j % 5 + 1))
                                    : base;
        }
    }
    CHECK(pr != NULL);
    if (pr == NULL) return;
    CHECK(nai_lif_check(&b.p, XN, 0.1) == NAI_OK);
    nai_lif_prepare(&b.p, 0.1, pr);
    CHECK(nai_lif_run(&b.p, pr, m, XN, 0, XN, XT, 0, I, varying ? XN : 0, 1, &s,
                      record ? rec : NULL, 1, o->trace, &sp, &done) == NAI_OK);
    o->count = sp.count;
    CHECK(nai_lif_group_spikes(&sp, 1, XN, o->offsets, o->times) == NAI_OK);
    nai_lif_prop_free(pr);
}

/* nai_lif.h promises the same spikes, state and trace on every path: every
 * instruction set, and a neuron recorded or not (neuron 33 runs alone when
 * recorded, in a vector block when not). */
static void test_instruction_sets_agree_bitwise(void)
{
    static paths_out ref, got;
    const nai_isa in_use = nai_cpu_isa();
    int m, varying, k;
    for (m = 0; m < 2; m++)
    for (varying = 0; varying < 2; varying++) {
        const nai_method meth = m == 0 ? NAI_EXACT : NAI_EULER;
        memset(&ref, 0, sizeof ref);
        run_paths_workload(meth, varying, 1, &ref);
        CHECK(ref.count > 800);
        for (k = NAI_ISA_PORTABLE; k <= (int)nai_cpu_best(); k++) {
            CHECK(nai_cpu_select((nai_isa)k) == (nai_isa)k);
            memset(&got, 0, sizeof got);
            run_paths_workload(meth, varying, 1, &got);
            CHECK(got.count == ref.count);
            CHECK(memcmp(got.offsets, ref.offsets, sizeof ref.offsets) == 0);
            CHECK(memcmp(got.times, ref.times, ref.count * sizeof(double)) == 0);
            CHECK(memcmp(got.v, ref.v, sizeof ref.v) == 0);
            CHECK(memcmp(got.tf, ref.tf, sizeof ref.tf) == 0);
            CHECK(memcmp(got.ref, ref.ref, sizeof ref.ref) == 0);
            CHECK(memcmp(got.trace, ref.trace, sizeof ref.trace) == 0);
            memset(&got, 0, sizeof got);
            run_paths_workload(meth, varying, 0, &got);
            CHECK(got.count == ref.count);
            CHECK(memcmp(got.offsets, ref.offsets, sizeof ref.offsets) == 0);
            CHECK(memcmp(got.times, ref.times, ref.count * sizeof(double)) == 0);
            CHECK(memcmp(got.v, ref.v, sizeof ref.v) == 0);
            CHECK(memcmp(got.tf, ref.tf, sizeof ref.tf) == 0);
        }
        nai_cpu_select(in_use);
    }
}

/* Time that cannot advance (nai_lif.h, NAI_LIF_TIME_RESOLUTION): the kernel
 * stops with NAI_ERR_TIME at the first step with more than one spike
 * instead of filling memory, whether the interval is too short for float64
 * at the step's time or NaN (V_inf overflowed); one block of neurons and
 * one recorded neuron (the two drivers). */
static nai_status run_one(params_buf *b, double I, double dt, size_t n_steps,
                          int record, size_t *count)
{
    enum { CAP = 4096 };
    static int64_t neu[CAP];
    static double tim[CAP], trace[8];
    nai_lif_prop *pr = nai_lif_prop_new(1);
    double v = -70.0, tf = -INFINITY;
    int64_t ref = 0, pos = 0;
    nai_lif_state s = {&v, &tf, &ref};
    nai_spikes sp = {neu, tim, 0, CAP};
    size_t done = 0;
    nai_status st = NAI_ERR_NOMEM;
    if (pr != NULL) {
        nai_lif_prepare(&b->p, dt, pr);
        st = nai_lif_run(&b->p, pr, NAI_EXACT, 1, 0, 1, n_steps, 0, &I, 0, 1, &s,
                         record ? &pos : NULL, record ? 1 : 0, record ? trace : NULL,
                         &sp, &done);
    }
    nai_lif_prop_free(pr);
    *count = sp.count;
    return st;
}

static void test_time_that_cannot_advance_is_an_error(void)
{
    params_buf b;
    size_t count, n_ok;
    double bound;
    int record;
    course_params(&b, 1, 0.0, 0.1);
    for (record = 0; record < 2; record++) {
        /* dt = 1e20 ms: the 10.78 ms interval at V_inf = -20 mV is below
         * 2^-44 of the step's end; 1e20 / 10.78 spikes otherwise */
        CHECK(run_one(&b, 5.0, 1e20, 1, record, &count) == NAI_ERR_TIME);
        CHECK(count == 0);
        /* I = 1e300 nA: V_inf = 1e301 mV, an interval of 0 ms */
        CHECK(run_one(&b, 1e300, 0.1, 1, record, &count) == NAI_ERR_TIME);
        /* R I overflows: V_inf = inf, the interval NaN */
        CHECK(run_one(&b, 1e308, 0.1, 1, record, &count) == NAI_ERR_TIME);
        /* a valid run of many spikes per step is untouched: dt = 1000 ms,
         * t_ref = 1e-300 ms, latency 20 ln(50/35), then every 20 ln(60/35) */
        b.tref[0] = 1e-300;
        CHECK(run_one(&b, 5.0, 1000.0, 5, record, &count) == NAI_OK);
        n_ok = (size_t)floor((5000.0 - 20.0 * log(50.0 / 35.0))
                             / (20.0 * log(60.0 / 35.0))) + 1;
        CHECK(count == n_ok);
        b.tref[0] = 0.0;
    }
    CHECK(strcmp(nai_strerror(NAI_ERR_TIME), "unknown status") != 0);

    /* the run-level check: the same three refused before any work, and
     * the bound of a valid run from the closed form */
    {
        double I = 5.0;
        CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 1e20, 0, 1, &I, 0, 1, &bound, NULL)
              == NAI_ERR_TIME);
        I = 1e308;
        CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 0.1, 0, 1, &I, 0, 1, &bound, NULL)
              == NAI_ERR_PARAM);
        CHECK(nai_lif_check_run(&b.p, NAI_EULER, 1, 0.1, 0, 1, &I, 0, 1, &bound, NULL)
              == NAI_ERR_PARAM);
        I = 5.0;
        CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 1e308, 0, 2, &I, 0, 1, &bound, NULL)
              == NAI_ERR_PARAM);      /* the end time is not finite */
        CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 0.1, 0, 10000, &I, 0, 1, &bound, NULL)
              == NAI_OK);
        CHECK(fabs(bound - (1000.0 / (20.0 * log(60.0 / 35.0)) + 2.0)) < 1e-9);
    }

    /* a current holding NaN or inf is refused by the same scan, wherever the
     * bad value sits: in the vector part, in the tail, first or alone */
    {
        double cur[13];
        const double bad[3] = {NAN, INFINITY, -INFINITY};
        const size_t at[4] = {0, 5, 12, 3};
        size_t k, a, len;
        int finite;
        for (k = 0; k < 3; k++) {
            for (a = 0; a < 4; a++) {
                for (len = 0; len < 13; len++) {
                    cur[len] = 1.0;
                }
                cur[at[a]] = bad[k];
                len = a == 3 ? 4 : 13;   /* a run too short for the vector loop */
                finite = 1;
                CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 0.1, 0, len, cur, 1, 0, &bound,
                                        &finite) == NAI_ERR_PARAM);
                CHECK(finite == 0);
            }
        }
        for (len = 0; len < 13; len++) {
            cur[len] = 1.0;
        }
        finite = 0;
        CHECK(nai_lif_check_run(&b.p, NAI_EXACT, 1, 0.1, 0, 13, cur, 1, 0, &bound, &finite)
              == NAI_OK);
        CHECK(finite == 1);
    }
}

int main(void)
{
    printf("instruction set in use: %s\n", nai_isa_name(nai_cpu_init()));
    RUN(test_check_rejects_bad_parameters);
    RUN(test_exact_isi_matches_closed_form);
    RUN(test_exact_many_spikes_per_step);
    RUN(test_exact_subthreshold_trace);
    RUN(test_euler_course_numbers);
    RUN(test_full_buffer_resume);
    RUN(test_chunks_equal_one_run);
    RUN(test_vinf_at_threshold_never_fires);
    RUN(test_group_spikes_is_stable);
    RUN(test_exact_start_at_or_above_threshold_fires_at_once);
    RUN(test_euler_start_above_threshold_tests_after_update);
    RUN(test_instruction_sets_agree_bitwise);
    RUN(test_time_that_cannot_advance_is_an_error);
    return NAI_TEST_SUMMARY();
}
