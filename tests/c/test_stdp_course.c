/* tests/c/test_stdp_course.c -- the course's STDP neuron (nai_stdp_course):
 * checks, NumPy's pairwise sum, pairings against the closed form, clipping,
 * recording, and chunked runs equal to one call. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nai_stdp_course.h"
#include "nai_test.h"

static const nai_stdp_course_params P = {
    .tau_m = 20.0, .v_rest = -65.0, .v_reset = -65.0, .v_thresh = -50.0,
    .tau_plus = 20.0, .tau_minus = 20.0, .a_plus = 0.01, .a_minus = 0.012, .w_max = 1.0,
};

static void test_check_rejects_bad_parameters(void)
{
    nai_stdp_course_params p = P;
    CHECK(nai_stdp_course_check(&P, 1.0) == NAI_OK);
    CHECK(nai_stdp_course_check(&P, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_stdp_course_check(&P, NAN) == NAI_ERR_PARAM);
    CHECK(nai_stdp_course_check(&P, INFINITY) == NAI_ERR_PARAM);
    p.tau_m = NAN;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.v_reset = p.v_thresh;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.tau_plus = -1.0;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.tau_minus = 0.0;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.a_plus = -0.01;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.a_minus = INFINITY;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.w_max = 0.0;
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_ERR_PARAM);
    p = P; p.a_plus = 0.0; p.a_minus = 0.0;            /* no plasticity is allowed */
    CHECK(nai_stdp_course_check(&p, 1.0) == NAI_OK);
    CHECK(nai_stdp_course_check(NULL, 1.0) == NAI_ERR_PARAM);
}

/* Pseudo-random doubles in [0.1, 0.5) (a fixed LCG: no library generator). */
static uint64_t lcg_state = 12345;
static double lcg_uniform(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return 0.1 + 0.4 * (double)(lcg_state >> 11) / 9007199254740992.0;
}

static void test_sum_is_numpys_pairwise_sum(void)
{
    double a[300], r[8], want;
    size_t i, j;
    for (i = 0; i < 300; i++) a[i] = lcg_uniform();
    CHECK(nai_stdp_course_sum(a, 0) == 0.0);
    /* below 8: a plain loop from 0.0 */
    want = 0.0;
    for (i = 0; i < 7; i++) want += a[i];
    CHECK(nai_stdp_course_sum(a, 7) == want);
    /* 8 to 128: eight accumulators, combined in pairs, then the rest */
    for (j = 0; j < 8; j++) r[j] = a[j];
    for (i = 8; i < 16; i += 8) for (j = 0; j < 8; j++) r[j] += a[i + j];
    want = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    want += a[16];
    want += a[17];
    CHECK(nai_stdp_course_sum(a, 18) == want);
    /* beyond 128: halves at a multiple of 8 (300 -> 144 + 156) */
    CHECK(nai_stdp_course_sum(a, 300)
          == nai_stdp_course_sum(a, 144) + nai_stdp_course_sum(a + 144, 156));
    CHECK_CLOSE(nai_stdp_course_sum(a, 300), nai_stdp_course_sum(a, 150)
                + nai_stdp_course_sum(a + 150, 150), 1e-12);
}

/* Run n inputs over n_steps steps in one call, from rest. */
static void run(const nai_stdp_course_params *p, double dt, size_t n, size_t n_steps,
                double *w, double *x, double *v, double *y, size_t n_ev,
                const int64_t *ev_step, const int64_t *ev_index, double *v_trace,
                uint8_t *fired)
{
    nai_stdp_course_prop pr;
    nai_stdp_course_state s;
    double scratch[16];
    size_t pos = 0;
    s.v = *v; s.y = *y; s.x = x; s.w = w;
    CHECK(nai_stdp_course_check(p, dt) == NAI_OK);
    CHECK(nai_stdp_course_check_run(&s, n, n_steps, n_ev, ev_step, ev_index) == NAI_OK);
    nai_stdp_course_prepare(p, dt, &pr);
    nai_stdp_course_steps(p, &pr, n, 0, 0, n_steps, &s, n_ev, ev_step, ev_index, &pos,
                          scratch, v_trace, NULL, fired, 1000000, NULL, NULL);
    CHECK(pos == n_ev);
    *v = s.v; *y = s.y;
}

static void test_pre_then_post_potentiates_by_the_window(void)
{
    /* input 0 a probe too weak to fire the neuron, input 1 a driver that
     * fires it in the step it spikes: dw_0 = A+ exp(-k dt / tau_plus) */
    nai_stdp_course_params p = P;
    const int k = 7;
    double w[2] = {0.01, 1.0}, x[2] = {0, 0}, v = -65.0, y = 0.0, vt[8];
    int64_t ev_step[2] = {0, k}, ev_index[2] = {0, 1};
    uint8_t fired[8];
    p.v_thresh = -64.6;                  /* the driver adds 0.5 mV, the probe 0.005 */
    run(&p, 1.0, 2, 8, w, x, &v, &y, 2, ev_step, ev_index, vt, fired);
    CHECK(fired[k] == 1);
    CHECK(fired[0] == 0 && fired[k - 1] == 0);
    CHECK_CLOSE(w[0], 0.01 + p.a_plus * exp(-k * 1.0 / p.tau_plus), 1e-15);
    CHECK(w[1] == 1.0);                  /* 1 + A+ clipped at w_max */
    CHECK(vt[k] == p.v_reset);           /* V recorded after the reset */
    CHECK(y == 1.0);                     /* the trace jumps after its decay */
}

static void test_post_then_pre_depresses_by_the_window(void)
{
    nai_stdp_course_params p = P;
    const int k = 5;
    double w[2] = {0.5, 1.0}, x[2] = {0, 0}, v = -65.0, y = 0.0;
    int64_t ev_step[2] = {0, k}, ev_index[2] = {1, 0};
    uint8_t fired[6];
    p.v_thresh = -64.6;
    p.w_max = 2.0;
    run(&p, 1.0, 2, 6, w, x, &v, &y, 2, ev_step, ev_index, NULL, fired);
    CHECK(fired[0] == 1 && fired[k] == 0);
    /* y decayed k times from 1; the probe's own LTP at step 0 saw x_0 = 0 */
    CHECK_CLOSE(w[0], 0.5 - p.a_minus * exp(-k * 1.0 / p.tau_minus), 1e-15);
    CHECK(w[1] == 1.0 + p.a_plus);       /* its own spike, x = 1, in the step it fired */
}

static void test_clip_bounds_and_the_whole_array_clip(void)
{
    /* the course clips every weight at each step with an input spike: one
     * drawn above w_max or below 0 stays until then */
    nai_stdp_course_params p = P;
    double w[3] = {0.9, -0.2, 0.3}, x[3] = {0, 0, 0}, v = -65.0, y = 0.0;
    int64_t ev_step[1] = {3}, ev_index[1] = {2};
    double vt[4];
    uint8_t fired[4];
    p.w_max = 0.5;
    run(&p, 1.0, 3, 3, w, x, &v, &y, 0, ev_step, ev_index, vt, fired);
    CHECK(w[0] == 0.9 && w[1] == -0.2);  /* no input spike: no clip */
    v = -65.0; y = 0.0;
    run(&p, 1.0, 3, 4, w, x, &v, &y, 1, ev_step, ev_index, vt, fired);
    CHECK(w[0] == 0.5 && w[1] == 0.0 && w[2] == 0.3);
    CHECK(!signbit(w[1]));               /* +0.0, as np.clip gives */
    /* V integrates the active weight, 10 w: -65 + 10 * 0.3 / 20 */
    CHECK(vt[3] == -65.0 + (-(-65.0 - -65.0) + 0.3 * 10.0) / 20.0 * 1.0);
    /* a -0.0 weight is out of np.clip's range too: the first clip makes it +0.0 */
    w[0] = -0.0; w[1] = 0.1; w[2] = 0.2; x[0] = x[1] = x[2] = 0.0;
    v = -65.0; y = 0.0;
    run(&p, 1.0, 3, 4, w, x, &v, &y, 1, ev_step, ev_index, vt, fired);
    CHECK(w[0] == 0.0 && !signbit(w[0]) && w[1] == 0.1);
    /* in range, a depressed weight is clipped alone: 0.2 - A- y >= 0 here */
    CHECK(w[2] == 0.2);
}

static void test_record_rows(void)
{
    CHECK(nai_stdp_course_rec_rows(0, 1000, 100) == 10);
    CHECK(nai_stdp_course_rec_rows(0, 1001, 100) == 11);
    CHECK(nai_stdp_course_rec_rows(50, 100, 100) == 1);
    CHECK(nai_stdp_course_rec_rows(1, 99, 100) == 0);
    CHECK(nai_stdp_course_rec_rows(0, 0, 100) == 0);
    CHECK(nai_stdp_course_rec_rows(0, 5, 1) == 5);
}

static void test_bad_events_and_state_change_nothing(void)
{
    double w[2] = {0.2, 0.3}, x[2] = {0, 0}, v[4];
    nai_stdp_course_state s = {-65.0, 0.0, x, w};
    nai_stdp_course_sim *sim = (nai_stdp_course_sim *)&s;   /* must be set to NULL */
    int64_t st_ok[2] = {0, 1}, ix_ok[2] = {0, 1};
    int64_t st_unsorted[2] = {1, 0}, ix_dup[2] = {1, 1}, ix_big[2] = {0, 2};
    int64_t st_same[2] = {1, 1}, st_late[2] = {0, 4};
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, st_ok, ix_ok) == NAI_OK);
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, st_unsorted, ix_ok) == NAI_ERR_SHAPE);
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, st_same, ix_dup) == NAI_ERR_SHAPE);
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, st_ok, ix_big) == NAI_ERR_SHAPE);
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, st_late, ix_ok) == NAI_ERR_SHAPE);
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 2, NULL, NULL) == NAI_ERR_SHAPE);
    x[1] = -1.0;
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 0, NULL, NULL) == NAI_ERR_PARAM);
    x[1] = 0.0; w[0] = NAN;
    CHECK(nai_stdp_course_check_run(&s, 2, 4, 0, NULL, NULL) == NAI_ERR_PARAM);
    w[0] = 0.2; s.y = -0.5;
    CHECK(nai_stdp_course_sim_new(&P, 1.0, 2, 0, 4, &s, 2, st_ok, ix_ok, v, NULL, NULL, 1,
                                  NULL, NULL, &sim) == NAI_ERR_PARAM);
    CHECK(sim == NULL);
    s.y = 0.0;
    CHECK(nai_stdp_course_sim_new(&P, 1.0, 2, 0, 4, &s, 2, st_ok, ix_ok, v, NULL, NULL, 0,
                                  NULL, NULL, &sim) == NAI_ERR_PARAM);
    CHECK(nai_stdp_course_sim_new(&P, 0.0, 2, 0, 4, &s, 2, st_ok, ix_ok, v, NULL, NULL, 1,
                                  NULL, NULL, &sim) == NAI_ERR_PARAM);
    CHECK(nai_stdp_course_sim_new(&P, 1.0, 2, 0, 4, &s, 2, st_unsorted, ix_ok, v, NULL,
                                  NULL, 1, NULL, NULL, &sim) == NAI_ERR_SHAPE);
    CHECK(sim == NULL);
    CHECK(s.v == -65.0 && w[0] == 0.2 && w[1] == 0.3 && x[0] == 0.0);
    nai_stdp_course_sim_free(NULL);
}

/* A random run: N inputs at about 5% per step over T steps. */
enum { N = 40, T = 3000, EV_MAX = N * T };
static int64_t ev_step[EV_MAX], ev_index[EV_MAX];

static size_t random_events(void)
{
    size_t i, j, n = 0;
    for (i = 0; i < T; i++) {
        for (j = 0; j < N; j++) {
            if (lcg_uniform() < 0.13) {
                ev_step[n] = (int64_t)i;
                ev_index[n] = (int64_t)j;
                n++;
            }
        }
    }
    return n;
}

static void test_chunked_runs_equal_one_call(void)
{
    static double w1[N], x1[N], w2[N], x2[N], vt1[T], vt2[T], yt1[T], yt2[T];
    static double wr1[30 * N], wr2[30 * N], xr1[30 * N], xr2[30 * N];
    static uint8_t f1[T], f2[T];
    const size_t cuts[] = {0, 1, 7, 150, 999, 2500, T};
    nai_stdp_course_params p = P;
    nai_stdp_course_prop pr;
    nai_stdp_course_state s1, s2;
    nai_stdp_course_sim *sim = NULL;
    double scratch[N];
    size_t n_ev = random_events(), pos = 0, j, c, spikes = 0, rows;
    nai_status st;
    p.v_thresh = -63.0;
    p.w_max = 0.5;
    for (j = 0; j < N; j++) {
        w1[j] = w2[j] = lcg_uniform();
        x1[j] = x2[j] = 0.0;
    }
    rows = nai_stdp_course_rec_rows(0, T, 100);
    CHECK(rows == 30);
    /* one stepping object, cut into chunks by the object itself */
    s1.v = -65.0; s1.y = 0.0; s1.x = x1; s1.w = w1;
    CHECK(nai_stdp_course_sim_new(&p, 1.0, N, 0, T, &s1, n_ev, ev_step, ev_index, vt1,
                                  yt1, f1, 100, wr1, xr1, &sim) == NAI_OK);
    while ((st = nai_stdp_course_sim_step(sim)) == NAI_MORE) {
    }
    CHECK(st == NAI_OK);
    CHECK(nai_stdp_course_sim_step(sim) == NAI_OK);          /* and again */
    nai_stdp_course_sim_free(sim);
    /* the kernel over uneven pieces */
    s2.v = -65.0; s2.y = 0.0; s2.x = x2; s2.w = w2;
    nai_stdp_course_prepare(&p, 1.0, &pr);
    for (c = 0; c + 1 < sizeof(cuts) / sizeof(cuts[0]); c++) {
        nai_stdp_course_steps(&p, &pr, N, 0, cuts[c], cuts[c + 1], &s2, n_ev, ev_step,
                              ev_index, &pos, scratch, vt2, yt2, f2, 100, wr2, xr2);
    }
    CHECK(pos == n_ev);
    CHECK(memcmp(w1, w2, sizeof(w1)) == 0 && memcmp(x1, x2, sizeof(x1)) == 0);
    CHECK(memcmp(vt1, vt2, sizeof(vt1)) == 0 && memcmp(yt1, yt2, sizeof(yt1)) == 0);
    CHECK(memcmp(f1, f2, sizeof(f1)) == 0);
    CHECK(memcmp(wr1, wr2, sizeof(wr1)) == 0 && memcmp(xr1, xr2, sizeof(xr1)) == 0);
    CHECK(s1.v == s2.v && s1.y == s2.y);
    for (j = 0; j < T; j++) spikes += f1[j];
    CHECK(spikes > 10);                  /* the run exercised the postsynaptic path */
    for (j = 0; j < N; j++) CHECK(w1[j] >= 0.0 && w1[j] <= 0.5);
    /* row 0 is the state after step 0, the last row after step 2900 */
    CHECK(memcmp(wr1 + 29 * N, wr2 + 29 * N, N * sizeof(double)) == 0);
}

int main(void)
{
    RUN(test_check_rejects_bad_parameters);
    RUN(test_sum_is_numpys_pairwise_sum);
    RUN(test_pre_then_post_potentiates_by_the_window);
    RUN(test_post_then_pre_depresses_by_the_window);
    RUN(test_clip_bounds_and_the_whole_array_clip);
    RUN(test_record_rows);
    RUN(test_bad_events_and_state_change_nothing);
    RUN(test_chunked_runs_equal_one_call);
    return NAI_TEST_SUMMARY();
}
