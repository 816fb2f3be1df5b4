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

int
main(void)
{
    RUN(test_delays_of_exactly_d_steps);
    RUN(test_check_refuses_bad_circuits);
    RUN(test_poisson_counts_are_counter_based);
    return NAI_TEST_SUMMARY();
}
