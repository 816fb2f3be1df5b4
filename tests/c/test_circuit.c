/* Recurrent circuits (nai_circuit) through their stepping object, without Python. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "nai_test.h"
#include "nai_circuit.h"
#include "nai_sim.h"

/* One population of N current-based neurons with one receptor, one train
 * source of one unit projecting onto neuron 0 (delay d_src), and neuron 0
 * projecting onto neuron 1 (delay d_rec). */
#define N 2
typedef struct fixture {
    double neurons[NAI_CIRC_ROWS * N], e_rev[N], tau_syn[N], rate[1], weights[2];
    int64_t pop[NAI_CIRC_POP_COLS], blk_pop[1], src[NAI_CIRC_SRC_COLS];
    int64_t prj[2 * NAI_CIRC_PRJ_COLS], indptr[2 + 3], indices[2], delays[2];
    double v[N], y[N], ring[8 * N];
    int64_t ref_left[N];
    nai_circ_params p;
    nai_circ_state s;
} fixture;

static void
setup(fixture *f, int64_t d_src, int64_t d_rec)
{
    int j;
    memset(f, 0, sizeof *f);
    for (j = 0; j < N; j++) {
        f->neurons[NAI_CIRC_TAU_M * N + j] = 20.0;
        f->neurons[NAI_CIRC_V_REST * N + j] = -70.0;
        f->neurons[NAI_CIRC_V_RESET * N + j] = -80.0;
        f->neurons[NAI_CIRC_V_THRESHOLD * N + j] = -55.0;
        f->neurons[NAI_CIRC_RESISTANCE * N + j] = 10.0;
        f->tau_syn[j] = 5.0;
        f->v[j] = -70.0;
    }
    f->pop[NAI_CIRC_POP_N] = N;
    f->src[NAI_CIRC_SRC_N] = 1;
    f->prj[NAI_CIRC_PRJ_PRE_KIND] = NAI_CIRC_PRE_SRC;
    f->prj[NAI_CIRC_PRJ_DELAY] = d_src;
    f->prj[NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_DELAY] = d_rec;
    /* source row: 0 -> [0, 1); population rows: 0 -> [0, 1), 1 -> none */
    f->indptr[1] = 1;
    f->indptr[3] = 1;
    f->indptr[4] = 1;
    f->indices[1] = 1;
    f->weights[0] = 400.0;  /* P21 w is about 20 mV: neuron 0 fires in the step it arrives */
    f->weights[1] = 0.3;
    f->p.method = NAI_EXACT;
    f->p.n = N;
    f->p.n_pop = 1;
    f->p.pop = f->pop;
    f->p.neurons = f->neurons;
    f->p.n_blk = 1;
    f->p.n_syn = N;
    f->p.blk_pop = f->blk_pop;
    f->p.e_rev = f->e_rev;
    f->p.tau_syn = f->tau_syn;
    f->p.n_srcpop = 1;
    f->p.n_src = 1;
    f->p.src = f->src;
    f->p.rate = f->rate;
    f->p.n_prj = 2;
    f->p.n_conn = 2;
    f->p.n_indptr = 5;
    f->p.prj = f->prj;
    f->p.indptr = f->indptr;
    f->p.indices = f->indices;
    f->p.weights = f->weights;
    f->p.delays = f->delays;
    f->s.v = f->v;
    f->s.y = f->y;
    f->s.ref_left = f->ref_left;
    f->s.ring = f->ring;
    f->s.ring_len = (size_t)(d_src > d_rec ? d_src : d_rec) + 1;
}

static nai_status
run(fixture *f, size_t n_steps, const double *times, size_t n_ev, double *y_trace,
    size_t *n_spikes, double *t_first)
{
    static const int64_t rec_y[2] = {0, 1};
    static const int64_t ev_src[4] = {0, 0, 0, 0};
    nai_circ_sim *sim = NULL;
    nai_status st = nai_circ_sim_new(&f->p, 0.1, &f->s, 0, n_steps, n_ev, times, ev_src, 0,
                                     NULL, NULL, 2, rec_y, y_trace, 0, NULL, NULL, NULL, 1, 0,
                                     NULL, 1, 1, &sim);
    if (st != NAI_OK) {
        return st;
    }
    while ((st = nai_circ_sim_step(sim)) == NAI_MORE) {
    }
    *n_spikes = nai_circ_sim_spikes(sim)->count;
    *t_first = *n_spikes ? nai_circ_sim_spikes(sim)->time[0] : -1.0;
    nai_circ_sim_free(sim);
    return st;
}

static void
test_delays_of_exactly_d_steps(void)
{
    fixture f;
    double y[2 * 40], t_first;
    const double times[1] = {1.0};
    size_t ns, i;
    setup(&f, 2, 3);
    CHECK(run(&f, 40, times, 1, y, &ns, &t_first) == NAI_OK);
    /* the train spike of step 10 reaches neuron 0 at step 12; neuron 0 fires
     * in step 12 (stamped 1.2 ms) and reaches neuron 1 at step 15 */
    for (i = 0; i < 40; i++) {
        CHECK((y[2 * i] > 0.0) == (i >= 12));
        CHECK((y[2 * i + 1] > 0.0) == (i >= 15));
    }
    CHECK(y[2 * 12] == 400.0 && y[2 * 15 + 1] == 0.3);
    CHECK(ns >= 1 && fabs(t_first - 1.2) < 1e-12);
}

static void
test_check_refuses_bad_circuits(void)
{
    fixture f;
    double y[2 * 10], t_first;
    size_t ns;
    setup(&f, 0, 0);                 /* a zero delay from a population */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    CHECK(run(&f, 10, NULL, 0, y, &ns, &t_first) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_OK);
    f.indices[1] = 2;                /* target out of range */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_SHAPE);
    setup(&f, 0, 1);
    f.pop[NAI_CIRC_POP_SYN] = NAI_CIRC_CONDUCTANCE;
    f.weights[1] = -1.0;             /* a negative conductance */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.s.ring_len = 3;                /* the ring must hold max delay + 1 slots */
    CHECK(run(&f, 10, NULL, 0, y, &ns, &t_first) == NAI_ERR_SHAPE);
    CHECK(f.v[0] == -70.0);          /* nothing changed */
}

static void
test_poisson_counts_are_counter_based(void)
{
    /* the same (seed, q, k, i) gives the same count; the mean is lambda */
    const double lam = 0.05, p0 = exp(-lam);
    double total = 0.0;
    uint64_t i;
    CHECK(nai_circ_poisson_count(1, 0, 3, 17, lam, p0)
          == nai_circ_poisson_count(1, 0, 3, 17, lam, p0));
    for (i = 0; i < 200000; i++) {
        total += (double)nai_circ_poisson_count(9, 1, 0, i, lam, p0);
    }
    CHECK(fabs(total / 200000.0 - lam) < 5.0 * sqrt(lam / 200000.0));
    CHECK(nai_circ_poisson_count(9, 1, 0, 5, 0.0, 1.0) == 0);
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
test_psp_matches_the_closed_form(void)
{
    /* the train spike at 1.0 ms reaches neuron 0 at step 10 (delay 0); the
     * recurrent projection never fires (threshold far above) */
    const double cases[3][2] = {{20.0, 5.0}, {10.0, 10.0}, {5.0, 20.0}};
    const double times[1] = {1.0};
    int k;
    for (k = 0; k < 3; k++) {
        fixture f;
        double y[2 * 60], v[2 * 60], t_first;
        size_t ns, i;
        static const int64_t rec_n[2] = {0, 1};
        nai_circ_sim *sim = NULL;
        static const int64_t ev_src[1] = {0};
        setup(&f, 0, 1);
        f.neurons[NAI_CIRC_TAU_M * N] = cases[k][0];
        f.tau_syn[0] = cases[k][1];
        f.neurons[NAI_CIRC_V_THRESHOLD * N] = 100.0;
        f.weights[0] = 0.5;
        CHECK(nai_circ_sim_new(&f.p, 0.1, &f.s, 0, 60, 1, times, ev_src, 2, rec_n, v, 2, rec_n,
                               y, 0, NULL, NULL, NULL, 1, 0, NULL, 1, 1, &sim) == NAI_OK);
        while (nai_circ_sim_step(sim) == NAI_MORE) {
        }
        ns = nai_circ_sim_spikes(sim)->count;
        nai_circ_sim_free(sim);
        CHECK(ns == 0);
        for (i = 0; i < 60; i++) {
            const double s_ms = ((double)i - 10.0) * 0.1;
            const double want = i <= 10 ? 0.0 : psp(s_ms, 0.5, cases[k][0], cases[k][1], 10.0);
            CHECK_CLOSE(v[2 * i] + 70.0, want, 1e-12);
        }
        (void)t_first;
    }
}

static void
test_check_rejects_values_out_of_range(void)
{
    fixture f;
    setup(&f, 0, 1);
    f.neurons[NAI_CIRC_TAU_M * N + 1] = NAN;
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.neurons[NAI_CIRC_V_RESET * N] = -55.0;           /* v_reset >= v_threshold */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.neurons[NAI_CIRC_T_REF * N] = 1e18;              /* t_ref/dt beyond an int64 */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.tau_syn[1] = 0.0;
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.e_rev[0] = INFINITY;
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.weights[1] = NAN;
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    setup(&f, 0, 1);
    f.src[NAI_CIRC_SRC_KIND] = NAI_CIRC_POISSON;
    f.rate[0] = 2e6;                                   /* 200 spikes per step */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    f.rate[0] = 1e6;                                   /* 100: the largest mean */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_OK);
    setup(&f, 0, 1);
    f.prj[NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_DELAY] = NAI_CIRC_DELAY_PER_CONN;
    f.delays[1] = 0;                                   /* per connection, from a population */
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_ERR_PARAM);
    f.delays[1] = 2;
    CHECK(nai_circ_check(&f.p, 0.1) == NAI_OK && nai_circ_max_delay(&f.p) == 2);
    CHECK(nai_circ_check(&f.p, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_circ_check(&f.p, NAN) == NAI_ERR_PARAM);
}

static void
test_course_depression_is_the_course_recursion(void)
{
    /* Euler: at a spike released = u x, x -= released; then every step
     * x += (1 - x) dt/tau_rec: the synapse's y jumps by w u x each spike */
    fixture f;
    double stp[3 * 2], x[2] = {1.0, 1.0}, u[2] = {0.5, 0.5}, tl[2] = {-INFINITY, -INFINITY};
    double y[2 * 100], x_tr[2 * 100];
    const double times[3] = {1.0, 1.5, 3.0};
    static const int64_t ev_src[3] = {0, 0, 0}, rec_y[2] = {0, 1}, rec_c[2] = {0, 1};
    nai_circ_sim *sim = NULL;
    double xw = 1.0, yw = 0.0;
    size_t i, k = 0;
    setup(&f, 0, 1);
    f.p.method = NAI_EULER;
    f.neurons[NAI_CIRC_V_THRESHOLD * N] = 100.0;
    f.prj[NAI_CIRC_PRJ_STP] = NAI_CIRC_STP_DEP;
    f.weights[0] = 2.0;
    stp[NAI_CIRC_STP_U * 2] = 0.5;
    stp[NAI_CIRC_STP_U * 2 + 1] = 0.5;
    stp[NAI_CIRC_STP_TAU_REC * 2] = 4.0;
    stp[NAI_CIRC_STP_TAU_REC * 2 + 1] = 4.0;
    stp[NAI_CIRC_STP_TAU_FAC * 2] = 0.0;
    stp[NAI_CIRC_STP_TAU_FAC * 2 + 1] = 0.0;
    f.p.stp = stp;
    f.s.x = x;
    f.s.u = u;
    f.s.t_last = tl;
    CHECK(nai_circ_sim_new(&f.p, 0.1, &f.s, 0, 100, 3, times, ev_src, 0, NULL, NULL, 2, rec_y,
                           y, 2, rec_c, x_tr, NULL, 1, 0, NULL, 1, 1, &sim) == NAI_OK);
    while (nai_circ_sim_step(sim) == NAI_MORE) {
    }
    nai_circ_sim_free(sim);
    for (i = 0; i < 100; i++) {
        for (; k < 3 && (size_t)floor(times[k] / 0.1 + 1e-6) == i; k++) {
            const double released = 0.5 * xw;
            xw -= released;
            yw += 2.0 * released;
        }
        CHECK(x_tr[2 * i] == xw);
        CHECK(y[2 * i] == yw);
        yw = yw + (-yw) * (0.1 / 5.0);
        xw = xw + (1.0 - xw) * (0.1 / 4.0);
    }
    CHECK(x[0] == xw);
}

static void
test_trace_rows(void)
{
    CHECK(nai_circ_trace_rows(0, 10, 1) == 10);
    CHECK(nai_circ_trace_rows(0, 10, 0) == 10);
    CHECK(nai_circ_trace_rows(0, 10, 3) == 4);      /* 0, 3, 6, 9 */
    CHECK(nai_circ_trace_rows(1, 10, 3) == 3);      /* 3, 6, 9 */
    CHECK(nai_circ_trace_rows(4, 2, 3) == 0);       /* 4, 5 */
    CHECK(nai_circ_trace_rows(7, 0, 3) == 0);
}

static void
test_busy_projections_end_steps_early(void)
{
    /* 300 neurons, all to all, all firing every step: 90,000 connection
     * updates a step, so a stepping-object step (NAI_CHUNK_UPDATES updates)
     * holds about 90 steps, not the ~14,000 its neurons alone would allow */
    enum { M = 300, T = 400 };
    static double neurons[NAI_CIRC_ROWS * M], tau_syn[M], e_rev[M], v[M], y[M], ring[2 * M];
    static int64_t ref[M], indptr[M + 1], indices[M * M], delays[M * M];
    static double weights[M * M];
    const int64_t pop[NAI_CIRC_POP_COLS] = {0, M, NAI_CIRC_CURRENT}, blk_pop[1] = {0};
    const int64_t prj[NAI_CIRC_PRJ_COLS] = {NAI_CIRC_PRE_POP, 0, 0, 1, NAI_CIRC_STP_NONE};
    nai_circ_params p;
    nai_circ_state s;
    nai_circ_sim *sim = NULL;
    size_t j, c, calls = 0;
    nai_status st;
    memset(&p, 0, sizeof p);
    memset(&s, 0, sizeof s);
    for (j = 0; j < M; j++) {
        neurons[NAI_CIRC_TAU_M * M + j] = 10.0;
        neurons[NAI_CIRC_V_REST * M + j] = -70.0;
        neurons[NAI_CIRC_V_RESET * M + j] = -70.0;
        neurons[NAI_CIRC_V_THRESHOLD * M + j] = -69.0;
        neurons[NAI_CIRC_RESISTANCE * M + j] = 10.0;
        neurons[NAI_CIRC_T_REF * M + j] = 0.0;
        neurons[NAI_CIRC_I_EXT * M + j] = 100.0;
        tau_syn[j] = 5.0;
        v[j] = -70.0;
        indptr[j + 1] = (int64_t)((j + 1) * M);
        for (c = 0; c < M; c++) {
            indices[j * M + c] = (int64_t)c;
            weights[j * M + c] = 1e-6;
        }
    }
    p.method = NAI_EXACT;
    p.n = M;
    p.n_pop = 1;
    p.pop = pop;
    p.neurons = neurons;
    p.n_blk = 1;
    p.n_syn = M;
    p.blk_pop = blk_pop;
    p.e_rev = e_rev;
    p.tau_syn = tau_syn;
    p.n_prj = 1;
    p.prj = prj;
    p.n_conn = M * M;
    p.n_indptr = M + 1;
    p.indptr = indptr;
    p.indices = indices;
    p.weights = weights;
    p.delays = delays;
    s.v = v;
    s.y = y;
    s.ref_left = ref;
    s.ring = ring;
    s.ring_len = 2;
    CHECK(nai_circ_sim_new(&p, 0.1, &s, 0, T, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, 0,
                           NULL, NULL, NULL, 1, 0, NULL, 0, 1, &sim) == NAI_OK);
    while ((st = nai_circ_sim_step(sim)) == NAI_MORE) {
        calls++;
    }
    CHECK(st == NAI_OK);
    CHECK(calls >= 3 && calls <= 6);
    nai_circ_sim_free(sim);
}

int
main(void)
{
    RUN(test_delays_of_exactly_d_steps);
    RUN(test_check_refuses_bad_circuits);
    RUN(test_poisson_counts_are_counter_based);
    RUN(test_psp_matches_the_closed_form);
    RUN(test_check_rejects_values_out_of_range);
    RUN(test_course_depression_is_the_course_recursion);
    RUN(test_trace_rows);
    RUN(test_busy_projections_end_steps_early);
    return NAI_TEST_SUMMARY();
}
