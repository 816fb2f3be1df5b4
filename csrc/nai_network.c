/*
 * nai_network.c -- LIF neurons driven through CSR-weighted synapses; the
 * equations, the step order and the methods are in nai_network.h.
 */
#include <math.h>
#include <stdlib.h>
#include "nai_network.h"
#include "nai_lif.h"
#include "nai_numerics.h"
#include "nai_stp.h"
#include "nai_synapse.h"

size_t
nai_net_n_conn(const nai_net_params *p)
{
    if (p == NULL || p->indptr == NULL || p->indptr[p->n_src] < 0) {
        return 0;
    }
    return (size_t)p->indptr[p->n_src];
}

static int
pos_finite(double x)
{
    return x > 0.0 && isfinite(x);
}

nai_status
nai_net_check(const nai_net_params *p, double dt)
{
    size_t j, c, n_conn;
    if (p == NULL || !pos_finite(dt)) {
        return NAI_ERR_PARAM;
    }
    if ((p->method != NAI_EXACT && p->method != NAI_EULER)
        || (p->syn != NAI_NET_CURRENT && p->syn != NAI_NET_CONDUCTANCE)
        || (p->stp != NAI_NET_STP_NONE && p->stp != NAI_NET_STP_TM
            && p->stp != NAI_NET_STP_DEP)) {
        return NAI_ERR_PARAM;
    }
    if (p->n > 0 && (p->tau_m == NULL || p->v_rest == NULL || p->v_reset == NULL
                     || p->v_threshold == NULL || p->resistance == NULL
                     || p->t_ref == NULL || p->i_ext == NULL || p->tau_syn == NULL
                     || (p->syn == NAI_NET_CONDUCTANCE && p->e_syn == NULL))) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < p->n; j++) {
        if (!pos_finite(p->tau_m[j]) || !pos_finite(p->tau_syn[j])
            || !isfinite(p->v_rest[j]) || !isfinite(p->v_threshold[j])
            || !isfinite(p->v_reset[j]) || !(p->v_reset[j] < p->v_threshold[j])
            || !isfinite(p->resistance[j]) || !isfinite(p->i_ext[j])
            || !(p->t_ref[j] >= 0.0) || !(p->t_ref[j] / dt < NAI_REF_STEPS_MAX)
            || (p->syn == NAI_NET_CONDUCTANCE && !isfinite(p->e_syn[j]))) {
            return NAI_ERR_PARAM;
        }
    }
    if (p->indptr == NULL || p->indptr[0] != 0) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < p->n_src; j++) {
        if (p->indptr[j + 1] < p->indptr[j]) {
            return NAI_ERR_SHAPE;
        }
    }
    n_conn = nai_net_n_conn(p);
    if (n_conn > 0 && (p->indices == NULL || p->weights == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (c = 0; c < n_conn; c++) {
        if (p->indices[c] < 0 || (uint64_t)p->indices[c] >= (uint64_t)p->n) {
            return NAI_ERR_SHAPE;
        }
        if (!isfinite(p->weights[c])
            || (p->syn == NAI_NET_CONDUCTANCE && !(p->weights[c] >= 0.0))) {
            return NAI_ERR_PARAM;
        }
    }
    if (p->stp != NAI_NET_STP_NONE && n_conn > 0) {
        if (p->stp_u == NULL || p->stp_tau_rec == NULL
            || (p->stp == NAI_NET_STP_TM && p->stp_tau_fac == NULL)) {
            return NAI_ERR_SHAPE;
        }
        for (c = 0; c < n_conn; c++) {
            if (!(p->stp_u[c] > 0.0 && p->stp_u[c] <= 1.0)
                || !pos_finite(p->stp_tau_rec[c])
                || (p->stp == NAI_NET_STP_TM
                    && !(p->stp_tau_fac[c] >= 0.0 && isfinite(p->stp_tau_fac[c])))) {
                return NAI_ERR_PARAM;
            }
        }
    }
    return NAI_OK;
}

nai_net_prop *
nai_net_prop_new(size_t n, size_t n_conn)
{
    nai_net_prop *pr = calloc(1, sizeof *pr);
    const size_t nn = n > 0 ? n : 1, nc = n_conn > 0 ? n_conn : 1;
    if (pr == NULL) {
        return NULL;
    }
    pr->n = n;
    pr->n_conn = n_conn;
    pr->v_decay = malloc(nn * sizeof(double));
    pr->v_gain = malloc(nn * sizeof(double));
    pr->v_euler_k = malloc(nn * sizeof(double));
    pr->y_decay = malloc(nn * sizeof(double));
    pr->y_euler_k = malloc(nn * sizeof(double));
    pr->p21 = malloc(nn * sizeof(double));
    pr->g_mean = malloc(nn * sizeof(double));
    pr->ext = malloc(nn * sizeof(double));
    pr->ref_steps = malloc(nn * sizeof(int64_t));
    pr->x_decay = malloc(nc * sizeof(double));
    pr->x_euler_k = malloc(nc * sizeof(double));
    if (pr->v_decay == NULL || pr->v_gain == NULL || pr->v_euler_k == NULL
        || pr->y_decay == NULL || pr->y_euler_k == NULL || pr->p21 == NULL
        || pr->g_mean == NULL || pr->ext == NULL || pr->ref_steps == NULL
        || pr->x_decay == NULL || pr->x_euler_k == NULL) {
        nai_net_prop_free(pr);
        return NULL;
    }
    return pr;
}

void
nai_net_prop_free(nai_net_prop *pr)
{
    if (pr == NULL) {
        return;
    }
    free(pr->v_decay);
    free(pr->v_gain);
    free(pr->v_euler_k);
    free(pr->y_decay);
    free(pr->y_euler_k);
    free(pr->p21);
    free(pr->g_mean);
    free(pr->ext);
    free(pr->ref_steps);
    free(pr->x_decay);
    free(pr->x_euler_k);
    free(pr);
}

void
nai_net_prepare(const nai_net_params *p, double dt, nai_net_prop *pr)
{
    size_t j, c;
    const size_t n_conn = nai_net_n_conn(p);
    pr->dt = dt;
    for (j = 0; j < p->n; j++) {
        const double tm = p->tau_m[j], ts = p->tau_syn[j], R = p->resistance[j];
        pr->v_decay[j] = nai_prop_decay(dt, tm);
        pr->v_gain[j] = nai_prop_gain(dt, tm);
        pr->v_euler_k[j] = dt / tm;
        pr->y_decay[j] = nai_prop_decay(dt, ts);
        pr->y_euler_k[j] = dt / ts;
        pr->p21[j] = nai_prop_psc_exp(dt, tm, ts, R);
        pr->g_mean[j] = nai_prop_step_mean(dt, ts);
        pr->ext[j] = R * p->i_ext[j] * pr->v_gain[j];
        /* nearbyint in the default rounding mode: half to even */
        pr->ref_steps[j] = (int64_t)nearbyint(p->t_ref[j] / dt);
    }
    if (p->stp == NAI_NET_STP_DEP) {
        for (c = 0; c < n_conn; c++) {
            pr->x_decay[c] = nai_prop_decay(dt, p->stp_tau_rec[c]);
            pr->x_euler_k[c] = dt / p->stp_tau_rec[c];
        }
    }
}

nai_status
nai_net_check_events(const nai_net_params *p, const nai_net_state *s, double dt,
                     int64_t step0, size_t n_steps, size_t n_events,
                     const double *times, const int64_t *src)
{
    size_t k;
    double latest = -INFINITY;
    const size_t n_conn = nai_net_n_conn(p);
    if (n_events == 0) {
        return NAI_OK;
    }
    if (nai_grid_check_spikes(dt, step0, n_steps, p->n_src, n_events, times, src)
            != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    if (p->stp == NAI_NET_STP_TM && n_conn > 0) {
        size_t c;
        if (s->t_last == NULL || s->has_spiked == NULL) {
            return NAI_ERR_SHAPE;
        }
        for (c = 0; c < n_conn; c++) {
            if (s->has_spiked[c] && s->t_last[c] > latest) {
                latest = s->t_last[c];
            }
        }
        if (!(times[0] >= latest)) {
            for (k = 0; k < n_events; k++) {
                int64_t c0 = p->indptr[src[k]], c1 = p->indptr[src[k] + 1];
                for (; c0 < c1; c0++) {
                    if (s->has_spiked[c0] && !(times[k] >= s->t_last[c0])) {
                        return NAI_ERR_SHAPE;
                    }
                }
            }
        }
    }
    return NAI_OK;
}

/* Connection c's Tsodyks-Markram parameters and state, as nai_stp takes them. */
static void
tm_connection(const nai_net_params *p, const nai_net_state *s, size_t c,
              nai_stp_tm_params *tp, nai_stp_tm_state *ts)
{
    tp->U = p->stp_u[c];
    tp->tau_rec = p->stp_tau_rec[c];
    tp->tau_fac = p->stp_tau_fac[c];
    ts->x = s->x[c];
    ts->u = s->u[c];
    ts->t_last = s->t_last[c];
    ts->has_spiked = s->has_spiked[c] != 0;
}

/* Step 1: the efficacy of a spike at time t on connection c, updating the
 * connection's plasticity state. */
static double
release(const nai_net_params *p, nai_net_state *s, size_t c, double t)
{
    if (p->stp == NAI_NET_STP_TM) {
        nai_stp_tm_params tp;
        nai_stp_tm_state ts;
        double e;
        tm_connection(p, s, c, &tp, &ts);
        e = nai_stp_tm_release(&tp, &ts, t);
        s->x[c] = ts.x;
        s->u[c] = ts.u;
        s->t_last[c] = ts.t_last;
        s->has_spiked[c] = 1;
        return e;
    }
    if (p->stp == NAI_NET_STP_DEP) {
        return nai_stp_dep_release(p->stp_u[c], &s->x[c]);
    }
    return 1.0;
}

/* Step 2 for one recorded connection. */
static void
record_conn(const nai_net_params *p, const nai_net_state *s, size_t c, double t,
            double *x, double *u)
{
    if (p->stp == NAI_NET_STP_TM) {
        nai_stp_tm_params tp;
        nai_stp_tm_state ts;
        tm_connection(p, s, c, &tp, &ts);
        nai_stp_tm_peek(&tp, &ts, t > ts.t_last ? t : ts.t_last, x, u);
    } else if (p->stp == NAI_NET_STP_DEP) {
        *x = s->x[c];
        *u = p->stp_u[c];
    } else {
        *x = 1.0;
        *u = 1.0;
    }
}

/* Steps 3-4 for neuron j, Euler or exact conductance (exact current
 * synapses take exact_current_steps()); returns 1 if it spiked.  The
 * method is an argument so that each caller's loop is compiled for one. */
static inline int
neuron_step(const nai_net_params *p, const nai_net_prop *pr, nai_method m, size_t j,
            double *v_io, double *y_io, int64_t *ref_io)
{
    const int cond = p->syn == NAI_NET_CONDUCTANCE;
    double v = *v_io;
    const double y = *y_io;
    int fired = 0;
    if (*ref_io > 0) {
        (*ref_io)--;
        v = p->v_reset[j];
    } else {
        const double R = p->resistance[j];
        if (m == NAI_EULER) {
            const double I = (cond ? nai_synapse_cond_current(y, p->e_syn[j], v) : y)
                             + p->i_ext[j];
            v = nai_lif_euler_v(v, p->v_rest[j], R, I, pr->v_euler_k[j]);
        } else {
            /* g frozen at its step mean: V relaxes exactly to V_inf */
            const double a = NAI_NA_PER_NS_MV * R * (y * pr->g_mean[j]);
            const double v_inf = (p->v_rest[j] + R * p->i_ext[j] + a * p->e_syn[j])
                                 / (1.0 + a);
            v = v_inf + (v - v_inf) * nai_prop_decay(pr->dt * (1.0 + a), p->tau_m[j]);
        }
        if (v >= p->v_threshold[j]) {
            fired = 1;
            v = p->v_reset[j];
            *ref_io = pr->ref_steps[j];
        }
    }
    *v_io = v;
    *y_io = nai_synapse_decay(y, m, pr->y_decay[j], pr->y_euler_k[j]);
    return fired;
}

/* Steps 3-4 of all neurons with neuron_step(); returns the new spike count. */
static inline size_t
neuron_steps(const nai_net_params *p, const nai_net_prop *pr, nai_method m,
             nai_net_state *s, double t_i, nai_spikes *sp)
{
    size_t j, count = sp->count;
    for (j = 0; j < p->n; j++) {
        if (neuron_step(p, pr, m, j, &s->v[j], &s->y[j], &s->ref_left[j])) {
            sp->neuron[count] = (int64_t)j;
            sp->time[count] = t_i;
            count++;
        }
    }
    return count;
}

/* A spike of neuron j at t_i: store it, reset, start the refractory count. */
static void
fire(const nai_net_params *p, const nai_net_prop *pr, size_t j, double t_i,
     double *v, int64_t *ref, nai_spikes *sp, size_t *count, size_t *n_held)
{
    sp->neuron[*count] = (int64_t)j;
    sp->time[*count] = t_i;
    (*count)++;
    v[j] = p->v_reset[j];
    ref[j] = pr->ref_steps[j];
    if (ref[j] > 0) {
        (*n_held)++;
    }
}

/* Neurons per block of the threshold scan. */
#define NET_SCAN 8

/*
 * Steps 3-4 of all neurons, exact method with current synapses (the
 * propagator of nai_network.h), in passes that vectorise.  First the
 * propagator update of every neuron (no branch, no call).  Then, while no
 * neuron is refractory (*n_held == 0, the count of neurons with
 * ref_left > 0), a scan for threshold crossings a block of NET_SCAN neurons
 * at a time, the block looked at neuron by neuron only when one of them
 * crossed; otherwise one pass that puts held neurons back to v_reset,
 * counts their refractory steps down and tests the others.  Returns the
 * new spike count.
 */
static size_t
exact_current_steps(const nai_net_params *p, const nai_net_prop *pr, size_t n,
                    double *restrict v, double *restrict y, int64_t *restrict ref,
                    double t_i, nai_spikes *sp, size_t *n_held)
{
    const double *restrict v_rest = p->v_rest;
    const double *restrict v_decay = pr->v_decay, *restrict p21 = pr->p21;
    const double *restrict y_decay = pr->y_decay, *restrict ext = pr->ext;
    const double *restrict v_th = p->v_threshold;
    size_t j, j0, b, count = sp->count;
    for (j = 0; j < n; j++) {
        v[j] = v_rest[j] + (v[j] - v_rest[j]) * v_decay[j] + p21[j] * y[j] + ext[j];
        y[j] = nai_synapse_decay(y[j], NAI_EXACT, y_decay[j], 0.0);
    }
    if (*n_held == 0) {
        for (j0 = 0; j0 + NET_SCAN <= n; j0 += NET_SCAN) {
            int hit = 0;
            for (b = 0; b < NET_SCAN; b++) {
                hit |= v[j0 + b] >= v_th[j0 + b];
            }
            if (hit) {
                for (b = 0; b < NET_SCAN; b++) {
                    if (v[j0 + b] >= v_th[j0 + b]) {
                        fire(p, pr, j0 + b, t_i, v, ref, sp, &count, n_held);
                    }
                }
            }
        }
        for (j = j0; j < n; j++) {
            if (v[j] >= v_th[j]) {
                fire(p, pr, j, t_i, v, ref, sp, &count, n_held);
            }
        }
        return count;
    }
    for (j = 0; j < n; j++) {
        if (ref[j] > 0) {
            ref[j]--;
            v[j] = p->v_reset[j];
            if (ref[j] == 0) {
                (*n_held)--;
            }
        } else if (v[j] >= v_th[j]) {
            fire(p, pr, j, t_i, v, ref, sp, &count, n_held);
        }
    }
    return count;
}

/* ceil(a / k) for a >= 0, k >= 1 */
static int64_t
ceil_div(int64_t a, int64_t k)
{
    return (a + k - 1) / k;
}

size_t
nai_net_trace_rows(int64_t step0, size_t n_steps, size_t rec_every)
{
    const int64_t k = rec_every > 1 ? (int64_t)rec_every : 1;
    if (k == 1) {
        return n_steps;
    }
    return (size_t)(ceil_div(step0 + (int64_t)n_steps, k) - ceil_div(step0, k));
}

nai_status
nai_net_check_run(const nai_net_params *p, const nai_net_state *s, double dt,
                  int64_t step0, size_t n_steps, size_t n_events, const double *times,
                  const int64_t *src, size_t n_rec_n, const int64_t *rec_n,
                  int rec_neurons, size_t n_rec_c, const int64_t *rec_c,
                  int rec_conns, size_t rec_every)
{
    const size_t n = p->n, n_conn = nai_net_n_conn(p);
    nai_status st = nai_net_check(p, dt);
    if (st != NAI_OK) {
        return st;
    }
    if (rec_every > 1 && step0 < 0) {
        return NAI_ERR_PARAM;
    }
    if ((n > 0 && (s->v == NULL || s->y == NULL || s->ref_left == NULL))
        || (p->stp != NAI_NET_STP_NONE && n_conn > 0 && s->x == NULL)
        || (p->stp == NAI_NET_STP_TM && n_conn > 0
            && (s->u == NULL || s->t_last == NULL || s->has_spiked == NULL))) {
        return NAI_ERR_SHAPE;
    }
    st = nai_net_check_events(p, s, dt, step0, n_steps, n_events, times, src);
    if (st != NAI_OK) {
        return st;
    }
    if (rec_neurons && nai_check_indices(n_rec_n, rec_n, n) != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    if (rec_conns && p->stp != NAI_NET_STP_NONE
        && nai_check_indices(n_rec_c, rec_c, n_conn) != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    return NAI_OK;
}

nai_status
nai_net_run(const nai_net_params *p, const nai_net_prop *pr, nai_net_state *s,
            int64_t step0, size_t n_steps, size_t n_events, const double *times,
            const int64_t *src, size_t n_rec_n, const int64_t *rec_n,
            double *v_trace, double *y_trace, size_t n_rec_c, const int64_t *rec_c,
            double *x_trace, double *u_trace, size_t rec_every, nai_spikes *spikes,
            size_t *steps_done, size_t *events_done)
{
    nai_status st;
    *steps_done = 0;
    *events_done = 0;
    if (pr->n != p->n || pr->n_conn != nai_net_n_conn(p) || spikes == NULL) {
        return NAI_ERR_SHAPE;
    }
    st = nai_net_check_run(p, s, pr->dt, step0, n_steps, n_events, times, src, n_rec_n,
                           rec_n, v_trace != NULL || y_trace != NULL, n_rec_c, rec_c,
                           x_trace != NULL || u_trace != NULL, rec_every);
    if (st != NAI_OK) {
        return st;
    }
    return nai_net_advance(p, pr, s, step0, n_steps, n_events, times, src, n_rec_n, rec_n,
                           v_trace, y_trace, n_rec_c, rec_c, x_trace, u_trace, rec_every,
                           spikes, steps_done, events_done);
}

nai_status
nai_net_advance(const nai_net_params *p, const nai_net_prop *pr, nai_net_state *s,
                int64_t step0, size_t n_steps, size_t n_events, const double *times,
                const int64_t *src, size_t n_rec_n, const int64_t *rec_n,
                double *v_trace, double *y_trace, size_t n_rec_c, const int64_t *rec_c,
                double *x_trace, double *u_trace, size_t rec_every, nai_spikes *spikes,
                size_t *steps_done, size_t *events_done)
{
    const size_t n = p->n, n_conn = nai_net_n_conn(p);
    const double dt = pr->dt;
    const int want_c = p->stp != NAI_NET_STP_NONE && (x_trace != NULL || u_trace != NULL);
    size_t i, j, k = 0, r, n_held = 0;

    const int64_t every = rec_every > 1 ? (int64_t)rec_every : 1;
    const int64_t row0 = every > 1 && step0 >= 0 ? ceil_div(step0, every) : 0;

    *steps_done = 0;
    *events_done = 0;
    for (j = 0; j < n; j++) {
        n_held += s->ref_left[j] > 0;
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        const double t_i = (double)step * dt;
        if (spikes->capacity - spikes->count < n) {
            *steps_done = i;
            *events_done = k;
            return NAI_ERR_FULL;
        }
        /* 1. input spikes of this step */
        for (; k < n_events && nai_grid_step(times[k], dt) == step; k++) {
            const int64_t c1 = p->indptr[src[k] + 1];
            int64_t c = p->indptr[src[k]];
            for (; c < c1; c++) {
                const double e = release(p, s, (size_t)c, times[k]);
                s->y[p->indices[c]] += p->weights[c] * e;
            }
        }
        /* 2. traces (row: this step's place among the recorded ones) */
        if (every == 1 || step % every == 0) {
            const size_t row = every == 1 ? i : (size_t)(step / every - row0);
            for (r = 0; r < n_rec_n; r++) {
                if (v_trace != NULL) {
                    v_trace[row * n_rec_n + r] = s->v[rec_n[r]];
                }
                if (y_trace != NULL) {
                    y_trace[row * n_rec_n + r] = s->y[rec_n[r]];
                }
            }
            if (want_c) {
                for (r = 0; r < n_rec_c; r++) {
                    double xv, uv;
                    record_conn(p, s, (size_t)rec_c[r], t_i, &xv, &uv);
                    if (x_trace != NULL) {
                        x_trace[row * n_rec_c + r] = xv;
                    }
                    if (u_trace != NULL) {
                        u_trace[row * n_rec_c + r] = uv;
                    }
                }
            }
        }
        /* 3-4. neurons */
        if (p->method == NAI_EXACT && p->syn == NAI_NET_CURRENT) {
            spikes->count = exact_current_steps(p, pr, n, s->v, s->y, s->ref_left, t_i,
                                                spikes, &n_held);
        } else if (p->method == NAI_EULER) {
            spikes->count = neuron_steps(p, pr, NAI_EULER, s, t_i, spikes);
        } else {
            spikes->count = neuron_steps(p, pr, NAI_EXACT, s, t_i, spikes);
        }
        /* 5. course-depression recovery */
        if (p->stp == NAI_NET_STP_DEP) {
            const nai_method m = (nai_method)p->method;
            size_t c;
            for (c = 0; c < n_conn; c++) {
                s->x[c] = nai_stp_dep_recover(s->x[c], m, pr->x_decay[c], pr->x_euler_k[c]);
            }
        }
    }
    *steps_done = n_steps;
    *events_done = k;
    return NAI_OK;
}
