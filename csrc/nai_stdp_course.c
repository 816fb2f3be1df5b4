/*
 * nai_stdp_course.c -- the public course's STDP neuron, its loop bit for bit.
 * Equations, order, units and rounding: nai_stdp_course.h.
 */
#include "nai_stdp_course.h"

#include <math.h>
#include <stdlib.h>

#include "nai_sim.h"

const char *const nai_stdp_course_rows[NAI_STDPC_ROWS] = {
    "tau_m", "v_rest", "v_reset", "v_thresh", "tau_plus", "tau_minus",
    "a_plus", "a_minus", "w_max"
};

void
nai_stdp_course_from_table(const double *table, nai_stdp_course_params *p)
{
    p->tau_m = table[NAI_STDPC_TAU_M];
    p->v_rest = table[NAI_STDPC_V_REST];
    p->v_reset = table[NAI_STDPC_V_RESET];
    p->v_thresh = table[NAI_STDPC_V_THRESH];
    p->tau_plus = table[NAI_STDPC_TAU_PLUS];
    p->tau_minus = table[NAI_STDPC_TAU_MINUS];
    p->a_plus = table[NAI_STDPC_A_PLUS];
    p->a_minus = table[NAI_STDPC_A_MINUS];
    p->w_max = table[NAI_STDPC_W_MAX];
}

static int
positive_finite(double x)
{
    return x > 0.0 && isfinite(x);
}

static int
nonnegative_finite(double x)
{
    return x >= 0.0 && isfinite(x);
}

nai_status
nai_stdp_course_check(const nai_stdp_course_params *p, double dt)
{
    if (p == NULL || !positive_finite(dt) || !positive_finite(p->tau_m)
            || !isfinite(p->v_rest) || !isfinite(p->v_reset) || !isfinite(p->v_thresh)
            || !(p->v_reset < p->v_thresh)
            || !positive_finite(p->tau_plus) || !positive_finite(p->tau_minus)
            || !nonnegative_finite(p->a_plus) || !nonnegative_finite(p->a_minus)
            || !positive_finite(p->w_max)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

void
nai_stdp_course_prepare(const nai_stdp_course_params *p, double dt,
                        nai_stdp_course_prop *out)
{
    /* -dt / tau, as the course writes np.exp(-dt / self.tau_plus) */
    out->dt = dt;
    out->d_plus = exp(-dt / p->tau_plus);
    out->d_minus = exp(-dt / p->tau_minus);
}

/* NumPy's block size of the pairwise sum (PW_BLOCKSIZE). */
#define PW_BLOCKSIZE 128

double
nai_stdp_course_sum(const double *a, size_t n)
{
    if (n < 8) {
        double res = 0.0;
        size_t i;
        for (i = 0; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    if (n <= PW_BLOCKSIZE) {
        double r[8], res;
        size_t i, j;
        for (j = 0; j < 8; j++) {
            r[j] = a[j];
        }
        for (i = 8; i < n - (n % 8); i += 8) {
            for (j = 0; j < 8; j++) {
                r[j] += a[i + j];
            }
        }
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    {
        /* halves split at a multiple of the unroll factor, as NumPy */
        size_t n2 = n / 2;
        n2 -= n2 % 8;
        return nai_stdp_course_sum(a, n2) + nai_stdp_course_sum(a + n2, n - n2);
    }
}

nai_status
nai_stdp_course_check_run(const nai_stdp_course_state *s, size_t n, size_t n_steps,
                          size_t n_events, const int64_t *ev_step, const int64_t *ev_index)
{
    size_t j, k;
    if (s == NULL || (n > 0 && (s->x == NULL || s->w == NULL))
            || !isfinite(s->v) || !nonnegative_finite(s->y)) {
        return NAI_ERR_PARAM;
    }
    for (j = 0; j < n; j++) {
        if (!nonnegative_finite(s->x[j]) || !isfinite(s->w[j])) {
            return NAI_ERR_PARAM;
        }
    }
    if (n_events > 0 && (ev_step == NULL || ev_index == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (k = 0; k < n_events; k++) {
        if (ev_step[k] < 0 || (uint64_t)ev_step[k] >= (uint64_t)n_steps
                || ev_index[k] < 0 || (uint64_t)ev_index[k] >= (uint64_t)n) {
            return NAI_ERR_SHAPE;
        }
        /* sorted by step, and within a step by input, each input once: the
         * order in which the course's boolean mask lists the active weights */
        if (k > 0 && (ev_step[k] < ev_step[k - 1]
                      || (ev_step[k] == ev_step[k - 1] && ev_index[k] <= ev_index[k - 1]))) {
            return NAI_ERR_SHAPE;
        }
    }
    return NAI_OK;
}

size_t
nai_stdp_course_rec_rows(int64_t step0, size_t n_steps, size_t rec_every)
{
    uint64_t first, last;
    if (n_steps == 0 || rec_every == 0 || step0 < 0) {
        return 0;
    }
    /* multiples of rec_every in [step0, step0 + n_steps - 1] */
    first = ((uint64_t)step0 + rec_every - 1) / rec_every;
    last = ((uint64_t)step0 + n_steps - 1) / rec_every;
    return last >= first ? (size_t)(last - first + 1) : 0;
}

/* np.clip(w, 0, w_max) of one weight (w_max > 0, w finite): NumPy's
 * max(w, 0) then min(., w_max), so that -0.0 becomes +0.0 as there. */
static inline double
clip_weight(double w, double w_max)
{
    const double lo = w > 0.0 ? w : 0.0;
    return lo < w_max ? lo : w_max;
}

void
nai_stdp_course_steps(const nai_stdp_course_params *p, const nai_stdp_course_prop *pr,
                      size_t n, int64_t step0, size_t i0, size_t i1,
                      nai_stdp_course_state *s, size_t n_events,
                      const int64_t *ev_step, const int64_t *ev_index, size_t *ev_pos,
                      double *scratch, double *v_trace, double *y_trace,
                      uint8_t *fired, size_t rec_every, double *w_rec, double *x_rec)
{
    const double d_plus = pr->d_plus, d_minus = pr->d_minus, dt = pr->dt;
    const double w_max = p->w_max;
    double *restrict x = s->x;
    double *restrict w = s->w;
    double v = s->v, y = s->y;
    size_t e = *ev_pos, i, j;
    /* the first recorded step's row: multiples of rec_every before step0 + i0
     * that belong to this run */
    const size_t row0 = nai_stdp_course_rec_rows(step0, i0, rec_every);
    size_t row = row0;
    /* Once every weight is in [0, w_max] (and none is -0.0, which np.clip
     * turns into +0.0), the course's clip of the whole array changes only
     * the weights just depressed: it is then applied to those alone, which
     * gives the same bits at a cost that does not grow with n. */
    int in_range = 1;
    for (j = 0; j < n && in_range; j++) {
        in_range = w[j] >= 0.0 && w[j] <= w_max && !signbit(w[j]);
    }

    for (i = i0; i < i1; i++) {
        const uint64_t k = (uint64_t)step0 + i;
        size_t n_active = 0;
        int spiked = 0;
        double i_syn;

        /* 1. the traces decay */
        for (j = 0; j < n; j++) {
            x[j] *= d_plus;
        }
        y *= d_minus;

        /* 2. presynaptic spikes: trace, depression by the current y, and a
         * clip of every weight (the course clips the whole array) */
        if (e < n_events && (size_t)ev_step[e] == i) {
            const double dep = p->a_minus * y;
            size_t e1 = e;
            for (; e1 < n_events && (size_t)ev_step[e1] == i; e1++) {
                const size_t jj = (size_t)ev_index[e1];
                x[jj] += 1.0;
                w[jj] -= dep;
                if (in_range) {
                    w[jj] = clip_weight(w[jj], w_max);
                }
            }
            if (!in_range) {
                for (j = 0; j < n; j++) {
                    w[j] = clip_weight(w[j], w_max);
                }
                in_range = 1;
            }
            /* 3a. the active weights after the clip, in input order */
            for (; e < e1; e++) {
                scratch[n_active++] = w[(size_t)ev_index[e]];
            }
        }

        /* 3. forward Euler with the instantaneous drive */
        i_syn = nai_stdp_course_sum(scratch, n_active) * NAI_STDP_COURSE_DRIVE;
        v += (-(v - p->v_rest) + i_syn) / p->tau_m * dt;

        /* 4. postsynaptic spike: reset, trace, potentiation of every weight */
        if (v >= p->v_thresh) {
            spiked = 1;
            v = p->v_reset;
            y += 1.0;
            for (j = 0; j < n; j++) {
                w[j] = clip_weight(w[j] + p->a_plus * x[j], w_max);
            }
            in_range = 1;
        }

        if (v_trace != NULL) v_trace[i] = v;
        if (y_trace != NULL) y_trace[i] = y;
        if (fired != NULL) fired[i] = (uint8_t)spiked;
        if (k % rec_every == 0) {
            if (w_rec != NULL) {
                for (j = 0; j < n; j++) w_rec[row * n + j] = w[j];
            }
            if (x_rec != NULL) {
                for (j = 0; j < n; j++) x_rec[row * n + j] = x[j];
            }
            row++;
        }
    }
    s->v = v;
    s->y = y;
    *ev_pos = e;
}

/* ---- stepping object ---------------------------------------------------- */

struct nai_stdp_course_sim {
    nai_stdp_course_params p;
    nai_stdp_course_prop pr;
    size_t n, n_steps, done, chunk, rec_every;
    int64_t step0;
    nai_stdp_course_state *s;
    size_t n_events, ev_pos;
    const int64_t *ev_step, *ev_index;
    double *scratch;
    double *v_trace, *y_trace, *w_rec, *x_rec;
    uint8_t *fired;
};

nai_status
nai_stdp_course_sim_new(const nai_stdp_course_params *p, double dt, size_t n,
                        int64_t step0, size_t n_steps, nai_stdp_course_state *s,
                        size_t n_events, const int64_t *ev_step,
                        const int64_t *ev_index, double *v_trace,
                        double *y_trace, uint8_t *fired, size_t rec_every,
                        double *w_rec, double *x_rec,
                        nai_stdp_course_sim **out)
{
    nai_stdp_course_sim *sim;
    nai_status st;
    if (out == NULL) {
        return NAI_ERR_SHAPE;
    }
    *out = NULL;
    if (nai_stdp_course_check(p, dt) != NAI_OK || step0 < 0 || rec_every == 0) {
        return NAI_ERR_PARAM;
    }
    /* absolute steps stay exact integers in uint64 and in float64 times */
    if ((uint64_t)n_steps > ((uint64_t)1 << 53) - (uint64_t)step0) {
        return NAI_ERR_PARAM;
    }
    st = nai_stdp_course_check_run(s, n, n_steps, n_events, ev_step, ev_index);
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_stdp_course_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->scratch = (double *)malloc((n > 0 ? n : 1) * sizeof(double));
    if (sim->scratch == NULL) {
        free(sim);
        return NAI_ERR_NOMEM;
    }
    sim->p = *p;
    nai_stdp_course_prepare(p, dt, &sim->pr);
    sim->n = n;
    sim->n_steps = n_steps;
    sim->step0 = step0;
    /* whole steps of about NAI_CHUNK_UPDATES synapse updates (each step
     * touches every trace once) */
    sim->chunk = NAI_CHUNK_UPDATES / (n > 0 ? n : 1);
    if (sim->chunk == 0) {
        sim->chunk = 1;
    }
    sim->rec_every = rec_every;
    sim->s = s;
    sim->n_events = n_events;
    sim->ev_step = ev_step;
    sim->ev_index = ev_index;
    sim->v_trace = v_trace;
    sim->y_trace = y_trace;
    sim->fired = fired;
    sim->w_rec = w_rec;
    sim->x_rec = x_rec;
    *out = sim;
    return NAI_OK;
}

nai_status
nai_stdp_course_sim_step(nai_stdp_course_sim *sim)
{
    size_t i1;
    if (sim == NULL) {
        return NAI_ERR_SHAPE;
    }
    if (sim->done >= sim->n_steps) {
        return NAI_OK;
    }
    i1 = sim->n_steps - sim->done > sim->chunk ? sim->done + sim->chunk : sim->n_steps;
    nai_stdp_course_steps(&sim->p, &sim->pr, sim->n, sim->step0, sim->done, i1, sim->s,
                          sim->n_events, sim->ev_step, sim->ev_index, &sim->ev_pos,
                          sim->scratch, sim->v_trace, sim->y_trace, sim->fired,
                          sim->rec_every, sim->w_rec, sim->x_rec);
    sim->done = i1;
    return sim->done < sim->n_steps ? NAI_MORE : NAI_OK;
}

void
nai_stdp_course_sim_free(nai_stdp_course_sim *sim)
{
    if (sim == NULL) {
        return;
    }
    free(sim->scratch);
    free(sim);
}
