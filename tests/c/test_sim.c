/* The stepping objects of nai_sim.h, the spike-buffer grow rule and the
 * thread runner, without Python: a stepped run equals one kernel call bit
 * for bit, for any number of threads, and its spike buffer grows. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
#include "nai_sim.h"
#include "nai_spikegen.h"

static void
test_spikes_reserve_grows_and_keeps_events(void)
{
    nai_spikes sp = {NULL, NULL, 0, 0};
    CHECK(nai_spikes_reserve(&sp, 1) == NAI_OK);
    CHECK(sp.capacity == NAI_SPIKES_INITIAL);
    sp.neuron[0] = 7;
    sp.time[0] = 1.5;
    sp.count = 1;
    CHECK(nai_spikes_reserve(&sp, 10) == NAI_OK);            /* room already */
    CHECK(sp.capacity == NAI_SPIKES_INITIAL);
    CHECK(nai_spikes_reserve(&sp, sp.capacity + 1) == NAI_OK);
    CHECK(sp.capacity == 2 * NAI_SPIKES_INITIAL);            /* doubles */
    CHECK(nai_spikes_reserve(&sp, 10 * NAI_SPIKES_INITIAL) == NAI_OK);
    CHECK(sp.capacity == 10 * NAI_SPIKES_INITIAL);           /* or jumps to need */
    CHECK(sp.neuron[0] == 7 && sp.time[0] == 1.5 && sp.count == 1);
    nai_spikes_free(&sp);
    CHECK(sp.neuron == NULL && sp.time == NULL && sp.capacity == 0);
    nai_spikes_free(&sp);                                    /* twice: no-op */
    nai_spikes_free(NULL);
    CHECK(strcmp(nai_strerror(NAI_MORE), "more steps to run") == 0);
}

static void
add_one(void *job)
{
    *(int *)job += 1;
}

static void
test_thread_run_runs_every_job_once(void)
{
    int jobs[NAI_THREAD_MAX] = {0};
    int k;
    nai_thread_run(add_one, jobs, sizeof(int), NAI_THREAD_MAX);
    for (k = 0; k < NAI_THREAD_MAX; k++) {
        CHECK(jobs[k] == 1);
    }
}

/* A population big enough for two threads and two chunks of a constant
 * input (cut by neurons), or many chunks of a time-varying one. */
#define LN 9000
#define LT 1000

static double lif_table[NAI_LIF_ROWS * LN];

static void
lif_fill_table(void)
{
    size_t j;
    for (j = 0; j < LN; j++) {
        lif_table[NAI_LIF_TAU_M * LN + j] = 10.0 + (double)(j % 17);
        lif_table[NAI_LIF_V_REST * LN + j] = -70.0;
        lif_table[NAI_LIF_V_RESET * LN + j] = -80.0;
        lif_table[NAI_LIF_V_THRESHOLD * LN + j] = -55.0;
        lif_table[NAI_LIF_RESISTANCE * LN + j] = 10.0;
        lif_table[NAI_LIF_T_REF * LN + j] = 2.0;
    }
}

/* v, t_free, ref_left of one run; spikes grouped by neuron. */
typedef struct lif_out {
    double v[LN], t_free[LN];
    int64_t ref[LN], offsets[LN + 1];
    double *times;
    size_t count;
    int steps;
} lif_out;

static void
lif_start(lif_out *o, nai_lif_state *s)
{
    size_t j;
    for (j = 0; j < LN; j++) {
        o->v[j] = -70.0 + (double)(j % 5);
        o->t_free[j] = -INFINITY;
        o->ref[j] = 0;
    }
    s->v = o->v;
    s->t_free = o->t_free;
    s->ref_left = o->ref;
}

/* The run stepped by a nai_lif_sim with n_threads threads. */
static void
lif_stepped(lif_out *o, nai_method method, const double *cur, ptrdiff_t stride_t,
            int n_threads)
{
    nai_lif_params p;
    nai_lif_state s;
    nai_lif_sim *sim = NULL;
    nai_status st;
    nai_lif_from_table(lif_table, LN, &p);
    lif_start(o, &s);
    CHECK(nai_lif_sim_new(&p, 0.1, method, LN, LT, 0, cur, stride_t, 1, &s, 0, NULL,
                          NULL, n_threads, &sim) == NAI_OK);
    o->steps = 0;
    do {
        st = nai_lif_sim_step(sim);
        o->steps++;
    } while (st == NAI_MORE);
    CHECK(st == NAI_OK);
    CHECK(nai_lif_sim_step(sim) == NAI_OK);                  /* done stays done */
    o->count = nai_lif_sim_spike_count(sim);
    o->times = (double *)malloc((o->count + 1) * sizeof(double));
    CHECK(nai_lif_sim_spikes(sim, o->offsets, o->times) == NAI_OK);
    nai_lif_sim_free(sim);
}

/* The same run as one nai_lif_run call over all neurons and steps. */
static void
lif_one_call(lif_out *o, nai_method method, const double *cur, ptrdiff_t stride_t)
{
    nai_lif_params p;
    nai_lif_state s;
    nai_lif_prop *pr = nai_lif_prop_new(LN);
    nai_spikes sp = {NULL, NULL, 0, 0};
    size_t j = 0, j_done = 0;
    nai_status st;
    nai_lif_from_table(lif_table, LN, &p);
    lif_start(o, &s);
    nai_lif_prepare(&p, 0.1, pr);
    CHECK(nai_spikes_reserve(&sp, 1 << 22) == NAI_OK);
    st = nai_lif_run(&p, pr, method, LN, j, LN, LT, 0, cur, stride_t, 1, &s, NULL, 0,
                     NULL, &sp, &j_done);
    CHECK(st == NAI_OK);
    o->count = sp.count;
    o->times = (double *)malloc((o->count + 1) * sizeof(double));
    CHECK(nai_lif_group_spikes(&sp, 1, LN, o->offsets, o->times) == NAI_OK);
    nai_spikes_free(&sp);
    nai_lif_prop_free(pr);
}

static int
lif_same(const lif_out *a, const lif_out *b)
{
    return a->count == b->count
           && memcmp(a->v, b->v, sizeof a->v) == 0
           && memcmp(a->t_free, b->t_free, sizeof a->t_free) == 0
           && memcmp(a->ref, b->ref, sizeof a->ref) == 0
           && memcmp(a->offsets, b->offsets, sizeof a->offsets) == 0
           && memcmp(a->times, b->times, a->count * sizeof(double)) == 0;
}

static void
test_lif_sim_equals_one_call_for_any_thread_count(void)
{
    static lif_out ref, got;
    double *cur = (double *)malloc((size_t)LT * LN * sizeof(double));
    size_t i, j;
    int m, k;
    lif_fill_table();
    for (j = 0; j < LN; j++) {
        cur[j] = 1.0 + 3.0 * (double)((j * 7919) % LN) / LN;   /* row 0: the constant input */
    }
    for (i = 1; i < LT; i++) {
        for (j = 0; j < LN; j++) {
            cur[i * LN + j] = cur[j] * (1.0 + 0.5 * sin(0.01 * (double)(i + j)));
        }
    }
    for (m = 0; m < 2; m++) {
        const nai_method method = m == 0 ? NAI_EXACT : NAI_EULER;
        ptrdiff_t stride_t;
        for (stride_t = 0; stride_t <= LN; stride_t += LN) {
            lif_one_call(&ref, method, cur, stride_t);
            CHECK(ref.count > 0);
            for (k = 1; k <= 3; k++) {
                lif_stepped(&got, method, cur, stride_t, k);
                /* it was cut (a constant input fits one chunk of 2 or 3 threads) */
                CHECK(got.steps > 1 || (stride_t == 0 && k > 1));
                CHECK(lif_same(&got, &ref));
                free(got.times);
            }
            free(ref.times);
        }
    }
    free(cur);
}

static void
test_lif_sim_rejects_before_allocating(void)
{
    nai_lif_params p;
    nai_lif_state s;
    nai_lif_sim *sim = (nai_lif_sim *)&s;                    /* must be reset */
    static lif_out o;
    const int64_t rec[2] = {3, 3};
    double cur[1] = {0.0}, trace[2 * LT];
    lif_fill_table();
    nai_lif_from_table(lif_table, LN, &p);
    lif_start(&o, &s);
    CHECK(nai_lif_sim_new(&p, 0.1, NAI_EXACT, LN, LT, 0, cur, 0, 0, &s, 2, rec, trace, 1,
                          &sim) == NAI_ERR_SHAPE);
    CHECK(sim == NULL);
    CHECK(nai_lif_sim_new(&p, 0.1, (nai_method)7, LN, LT, 0, cur, 0, 0, &s, 0, NULL, NULL,
                          1, &sim) == NAI_ERR_PARAM);
    CHECK(nai_lif_sim_new(&p, -0.1, NAI_EXACT, LN, LT, 0, cur, 0, 0, &s, 0, NULL, NULL, 1,
                          &sim) == NAI_ERR_PARAM);
    CHECK(nai_lif_sim_new(&p, 0.1, NAI_EXACT, LN, LT, -1, cur, 0, 0, &s, 0, NULL, NULL, 1,
                          &sim) == NAI_ERR_PARAM);           /* step0 < 0 */
    s.ref_left[LN - 1] = -1;
    CHECK(nai_lif_sim_new(&p, 0.1, NAI_EXACT, LN, LT, 0, cur, 0, 0, &s, 0, NULL, NULL, 1,
                          &sim) == NAI_ERR_PARAM);           /* ref_left < 0 */
    s.ref_left[LN - 1] = 0;
    CHECK(sim == NULL);
    CHECK(o.v[0] == -70.0);                                  /* nothing written */
    nai_lif_sim_free(NULL);
}

/* Ten neurons driven far above threshold spike every step: 5,000 spikes
 * outgrow the first buffer, so the run must grow it and resume. */
#define NN 10
#define NT 500

static void
test_circ_sim_grows_its_buffer_and_equals_one_call(void)
{
    double tab[NAI_CIRC_ROWS * NN], tau_syn[NN], e_rev[NN], v[2][NN], y[2][NN], ring[2][NN];
    const double rate[1] = {0.0};
    int64_t ref[2][NN];
    const int64_t pop[NAI_CIRC_POP_COLS] = {0, NN, NAI_CIRC_CURRENT}, blk_pop[1] = {0};
    const int64_t src[NAI_CIRC_SRC_COLS] = {0, 1, NAI_CIRC_TRAINS};
    nai_circ_params p;
    nai_circ_state s[2];
    nai_circ_prop *pr;
    nai_circ_work *wk;
    nai_circ_sim *sim = NULL;
    nai_spikes one = {NULL, NULL, 0, 0};
    const nai_spikes *got;
    size_t done_steps, done_events, j;
    nai_status st;
    int r;
    for (j = 0; j < NN; j++) {
        tab[NAI_CIRC_TAU_M * NN + j] = 10.0;
        tab[NAI_CIRC_V_REST * NN + j] = -70.0;
        tab[NAI_CIRC_V_RESET * NN + j] = -70.0;
        tab[NAI_CIRC_V_THRESHOLD * NN + j] = -69.0;
        tab[NAI_CIRC_RESISTANCE * NN + j] = 10.0;
        tab[NAI_CIRC_T_REF * NN + j] = 0.0;
        tab[NAI_CIRC_I_EXT * NN + j] = 100.0;
        tau_syn[j] = 5.0;
        e_rev[j] = 0.0;
    }
    memset(&p, 0, sizeof p);
    p.method = NAI_EXACT;
    p.n = NN;
    p.n_pop = 1;
    p.pop = pop;
    p.neurons = tab;
    p.n_blk = 1;
    p.n_syn = NN;
    p.blk_pop = blk_pop;
    p.e_rev = e_rev;
    p.tau_syn = tau_syn;
    p.n_srcpop = 1;
    p.n_src = 1;
    p.src = src;
    p.rate = rate;
    for (r = 0; r < 2; r++) {
        for (j = 0; j < NN; j++) {
            v[r][j] = -70.0;
            y[r][j] = 0.0;
            ring[r][j] = 0.0;
            ref[r][j] = 0;
        }
        memset(&s[r], 0, sizeof s[r]);
        s[r].v = v[r];
        s[r].y = y[r];
        s[r].ref_left = ref[r];
        s[r].ring = ring[r];
        s[r].ring_len = 1;
    }
    CHECK(nai_circ_check(&p, 0.1) == NAI_OK);
    pr = nai_circ_prop_new(&p, 0.1);
    wk = pr != NULL ? nai_circ_work_new(pr, 0, NN) : NULL;
    CHECK(pr != NULL && wk != NULL);
    CHECK(nai_spikes_reserve(&one, NN * NT + 2 * NN) == NAI_OK);
    CHECK(nai_circ_advance(&p, pr, &s[0], 0, NT, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL,
                           0, NULL, NULL, NULL, NULL, 1, NULL, 0, 0, &one, &wk, 1, 0, NULL, NULL,
                           0, &done_steps, &done_events) == NAI_OK);
    CHECK(one.count == NN * NT && done_steps == NT);
    CHECK(nai_circ_sim_new(&p, 0.1, &s[1], 0, NT, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL,
                           0, NULL, NULL, NULL, 1, 0, NULL, 1, 1, &sim) == NAI_OK);
    while ((st = nai_circ_sim_step(sim)) == NAI_MORE) {
    }
    CHECK(st == NAI_OK);
    got = nai_circ_sim_spikes(sim);
    CHECK(got->count == one.count && got->capacity > NAI_SPIKES_INITIAL);
    CHECK(memcmp(got->time, one.time, one.count * sizeof(double)) == 0);
    CHECK(memcmp(got->neuron, one.neuron, one.count * sizeof(int64_t)) == 0);
    CHECK(memcmp(v[0], v[1], sizeof v[0]) == 0 && memcmp(y[0], y[1], sizeof y[0]) == 0);
    nai_circ_sim_free(sim);
    nai_circ_sim_free(NULL);
    {
        /* the run is checked once, up front: a spike outside it is refused
         * before anything is allocated or written */
        const double t_bad = 1e3;
        const int64_t s_bad = 0;
        sim = (nai_circ_sim *)&one;
        CHECK(nai_circ_sim_new(&p, 0.1, &s[1], 0, NT, 1, &t_bad, &s_bad, 0, NULL, NULL, 0,
                               NULL, NULL, 0, NULL, NULL, NULL, 1, 0, NULL, 1, 1, &sim)
              == NAI_ERR_SHAPE);
        CHECK(sim == NULL);
        CHECK(nai_circ_check_state(&p, &s[1], -1) == NAI_ERR_PARAM);   /* step0 < 0 */
    }
    nai_spikes_free(&one);
    nai_circ_work_free(wk);
    nai_circ_prop_free(pr);
}

static void
test_spikegen_spikes_equal_the_generator(void)
{
    const double rate[3] = {5.0, 400.0, 40.0};
    nai_spikes sp = {NULL, NULL, 0, 0};
    double t[4096];
    int64_t idx[4096];
    size_t count = 0;
    CHECK(nai_spikegen_poisson(rate, 3, 0.0, 2000.0, 9, t, idx, 4096, &count) == NAI_OK);
    CHECK(nai_spikegen_poisson_spikes(rate, 3, 0.0, 2000.0, 9, &sp) == NAI_OK);
    CHECK(sp.count == count && count > 0);
    CHECK(memcmp(sp.time, t, count * sizeof(double)) == 0);
    CHECK(memcmp(sp.neuron, idx, count * sizeof(int64_t)) == 0);
    nai_spikes_free(&sp);
    CHECK(nai_spikegen_regular_spikes(100.0, 0.0, 100.0, &sp) == NAI_OK);
    CHECK(sp.count == 10 && sp.time[9] == 90.0);
    nai_spikes_free(&sp);
    CHECK(nai_spikegen_regular_spikes(-1.0, 0.0, 100.0, &sp) == NAI_ERR_PARAM);
    nai_spikes_free(&sp);
}

/* A spike buffer that fills returns to the caller once per growth (so a
 * binding checks for an interrupt before the buffer doubles again), and
 * the resumed run is the closed form: one neuron at V_inf = 50 mV for
 * 20 s, latency 20 ln(120/105) ms, then a spike every 20 ln(130/105) ms,
 * about 4680 spikes from a buffer of 1024: three growths. */
static void
test_lif_sim_returns_at_each_growth(void)
{
    enum { T = 200000 };
    static double tab[NAI_LIF_ROWS];
    double v = -70.0, tf = -INFINITY, cur = 12.0;
    int64_t ref = 0;
    nai_lif_state s = {&v, &tf, &ref};
    nai_lif_params p;
    nai_lif_sim *sim = NULL;
    nai_status st;
    int steps = 0;
    size_t want;
    tab[NAI_LIF_TAU_M] = 20.0;
    tab[NAI_LIF_V_REST] = -70.0;
    tab[NAI_LIF_V_RESET] = -80.0;
    tab[NAI_LIF_V_THRESHOLD] = -55.0;
    tab[NAI_LIF_RESISTANCE] = 10.0;
    tab[NAI_LIF_T_REF] = 0.0;
    nai_lif_from_table(tab, 1, &p);
    CHECK(nai_lif_sim_new(&p, 0.1, NAI_EXACT, 1, T, 0, &cur, 0, 0, &s, 0, NULL, NULL, 1,
                          &sim) == NAI_OK);
    if (sim == NULL) {
        return;
    }
    do {
        st = nai_lif_sim_step(sim);
        steps++;
    } while (st == NAI_MORE);
    CHECK(st == NAI_OK);
    want = (size_t)floor((T * 0.1 - 20.0 * log(120.0 / 105.0)) / (20.0 * log(130.0 / 105.0)))
           + 1;
    CHECK(nai_lif_sim_spike_count(sim) == want);
    CHECK(steps == 4);          /* one chunk, plus one return per growth */
    nai_lif_sim_free(sim);
}

/* The generators' stepping object gives the one-call generators' trains bit
 * for bit over many steps: 3 trains of 1e5 Hz for 20 s (6e6 spikes, a dozen
 * steps of NAI_CHUNK_SPIKES), and a regular train of 1e6 spikes. */
static void
test_spikegen_sim_steps_equal_one_call(void)
{
    static const double rate[3] = {1e5, 2e5, 3e4};
    const size_t cap = 8000000;
    double *times = (double *)malloc(cap * sizeof(double));
    int64_t *index = (int64_t *)malloc(cap * sizeof(int64_t));
    int kind;
    for (kind = 0; kind < 2 && times != NULL && index != NULL; kind++) {
        nai_spikegen_sim *sim = NULL;
        const nai_spikes *sp;
        size_t count = 0;
        int steps = 0;
        nai_status st;
        if (kind == 1) {
            CHECK(nai_spikegen_poisson(rate, 3, 0.0, 20000.0, 11, times, index, cap, &count)
                  == NAI_OK);
            CHECK(nai_spikegen_sim_new(1, rate, 3, 0.0, 20000.0, 11, &sim) == NAI_OK);
        } else {
            CHECK(nai_spikegen_regular(1e5, 0.5, 10000.5, times, index, cap, &count)
                  == NAI_OK);
            CHECK(nai_spikegen_sim_new(0, rate, 1, 0.5, 10000.5, 0, &sim) == NAI_OK);
        }
        if (sim == NULL) {
            break;
        }
        do {
            st = nai_spikegen_sim_step(sim);
            steps++;
        } while (st == NAI_MORE);
        CHECK(st == NAI_OK);
        CHECK(nai_spikegen_sim_step(sim) == NAI_OK);          /* done stays done */
        CHECK(steps > 1);
        sp = nai_spikegen_sim_spikes(sim);
        CHECK(sp->count == count);
        CHECK(memcmp(sp->time, times, count * sizeof(double)) == 0);
        CHECK(memcmp(sp->neuron, index, count * sizeof(int64_t)) == 0);
        nai_spikegen_sim_free(sim);
    }
    free(times);
    free(index);
}

int
main(void)
{
    RUN(test_spikes_reserve_grows_and_keeps_events);
    RUN(test_thread_run_runs_every_job_once);
    RUN(test_lif_sim_equals_one_call_for_any_thread_count);
    RUN(test_lif_sim_returns_at_each_growth);
    RUN(test_spikegen_sim_steps_equal_one_call);
    RUN(test_lif_sim_rejects_before_allocating);
    RUN(test_circ_sim_grows_its_buffer_and_equals_one_call);
    RUN(test_spikegen_spikes_equal_the_generator);
    return NAI_TEST_SUMMARY();
}
