#include <math.h>
#include <stdlib.h>
#include "nai_stp.h"
#include "nai_vexp.h"
#include "nai_synapse.h"

nai_status
nai_stp_tm_check(const nai_stp_tm_params *p)
{
    if (p == NULL) {
        return NAI_ERR_PARAM;
    }
    if (!(p->U > 0.0 && p->U <= 1.0)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_rec > 0.0) || !isfinite(p->tau_rec)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_fac >= 0.0) || !isfinite(p->tau_fac)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

void
nai_stp_tm_init(const nai_stp_tm_params *p, nai_stp_tm_state *s)
{
    s->x = 1.0;
    s->u = p->U;
    s->t_last = -INFINITY;
    s->has_spiked = 0;
}

double
nai_stp_tm_release(const nai_stp_tm_params *p, nai_stp_tm_state *s, double t)
{
    if (s->has_spiked) {
        const double h = t - s->t_last;
        /* Both updates read the pre-release (x, u) of the previous spike, so
         * x must be advanced with the old u before u itself is advanced. */
        const double x_new = 1.0 + (s->x - s->x * s->u - 1.0) * nai_exp_neg(-h / p->tau_rec);
        const double u_new = p->tau_fac > 0.0
            ? p->U + s->u * (1.0 - p->U) * nai_exp_neg(-h / p->tau_fac)
            : p->U;
        s->x = x_new;
        s->u = u_new;
    } else {
        s->x = 1.0;
        s->u = p->U;
        s->has_spiked = 1;
    }
    s->t_last = t;
    return s->u * s->x;
}

void
nai_stp_tm_peek(const nai_stp_tm_params *p, const nai_stp_tm_state *s,
                double t, double *x, double *u)
{
    double xv = 1.0, uv = p->U;
    if (s->has_spiked) {
        const double h = t - s->t_last;
        xv = 1.0 + (s->x - s->x * s->u - 1.0) * nai_exp_neg(-h / p->tau_rec);
        uv = p->tau_fac > 0.0
            ? p->U + s->u * (1.0 - p->U) * nai_exp_neg(-h / p->tau_fac)
            : p->U;
    }
    if (x != NULL) {
        *x = xv;
    }
    if (u != NULL) {
        *u = uv;
    }
}

nai_status
nai_stp_tm_check_spikes(size_t n, const double *t_last, const uint8_t *has_spiked,
                        size_t n_spikes, const double *times, const int64_t *index)
{
    size_t k, j;
    double latest = -INFINITY;
    uint64_t bad_index = 0, bad_order = 0;
    if (n_spikes > 0 && (times == NULL || index == NULL)) {
        return NAI_ERR_SHAPE;
    }
    /* Branch-free passes, so they vectorise.  A NaN fails every ">=", so
     * "sorted" also rules out NaN; with the ends finite, all are. */
    for (k = 0; k < n_spikes; k++) {
        bad_index |= (uint64_t)((uint64_t)index[k] >= (uint64_t)n);
    }
    for (k = 1; k < n_spikes; k++) {
        bad_order |= (uint64_t)!(times[k] >= times[k - 1]);
    }
    if (bad_index || bad_order || (n_spikes > 0 && (!isfinite(times[0])
                                                   || !isfinite(times[n_spikes - 1])))) {
        return NAI_ERR_SHAPE;
    }
    if (n_spikes == 0) {
        return NAI_OK;
    }
    /* Times are sorted, so no spike precedes its synapse's last spike when
     * the first one does not precede the latest of them all (the usual case:
     * a run continues where the previous one stopped).  Only otherwise look
     * synapse by synapse. */
    for (j = 0; j < n; j++) {
        if (has_spiked[j] && t_last[j] > latest) {
            latest = t_last[j];
        }
    }
    if (times[0] >= latest) {
        return NAI_OK;
    }
    for (k = 0; k < n_spikes; k++) {
        if (has_spiked[index[k]] && !(times[k] >= t_last[index[k]])) {
            return NAI_ERR_SHAPE;
        }
    }
    return NAI_OK;
}

/*
 * While a run lasts, each synapse's state sits in one 32-byte slot, so that
 * an event reads and writes one cache line instead of one per array (the
 * spikes of a large population arrive in random synapse order).
 */
typedef struct tm_slot {
    double x, u, t_last;
    double has_spiked;   /* 0 or 1 */
} tm_slot;

static void
tm_load(const tm_slot *sl, nai_stp_tm_state *s)
{
    s->x = sl->x;
    s->u = sl->u;
    s->t_last = sl->t_last;
    s->has_spiked = sl->has_spiked != 0.0;
}

/* Events per block of tm_events(): the scratch lives on the stack. */
#define TM_BLOCK 256

/*
 * Release at spikes k in [k0, k1), in order.  Same arithmetic as
 * nai_stp_tm_release(), bit for bit, but in three passes per block so that
 * the exponentials, which dominate the cost and depend only on the spike
 * times, run as an independent stream:
 *   A. (sequential, cheap) the interval h since the synapse's last spike;
 *   B. (independent) the decay factors exp(-h/tau), a vector at a time
 *      (nai_vexp: the same bits as the per-event nai_exp_neg);
 *   C. (sequential, cheap) the state update with those factors.
 */
static void
tm_events(const nai_stp_tm_params *p, tm_slot *slot, size_t k0, size_t k1,
          const double *times, const int64_t *index, double *efficacy)
{
    double h[TM_BLOCK], d_rec[TM_BLOCK], d_fac[TM_BLOCK];
    uint8_t first[TM_BLOCK];
    const int facil = p->tau_fac > 0.0;
    size_t b0, b, len;

    for (b0 = k0; b0 < k1; b0 += len) {
        len = k1 - b0 < TM_BLOCK ? k1 - b0 : TM_BLOCK;
        for (b = 0; b < len; b++) {
            tm_slot *sl = &slot[index[b0 + b]];
            const double t = times[b0 + b];
            first[b] = (uint8_t)(sl->has_spiked == 0.0);
            h[b] = first[b] ? 0.0 : t - sl->t_last;
            sl->t_last = t;
            sl->has_spiked = 1.0;
        }
        for (b = 0; b < len; b++) {
            d_rec[b] = -h[b] / p->tau_rec;
        }
        nai_vexp(d_rec, d_rec, len);
        if (facil) {
            for (b = 0; b < len; b++) {
                d_fac[b] = -h[b] / p->tau_fac;
            }
            nai_vexp(d_fac, d_fac, len);
        }
        for (b = 0; b < len; b++) {
            tm_slot *sl = &slot[index[b0 + b]];
            double xv, uv;
            if (first[b]) {
                xv = 1.0;
                uv = p->U;
            } else {
                /* x first: it needs the previous spike's u */
                xv = 1.0 + (sl->x - sl->x * sl->u - 1.0) * d_rec[b];
                uv = facil ? p->U + sl->u * (1.0 - p->U) * d_fac[b] : p->U;
            }
            sl->x = xv;
            sl->u = uv;
            efficacy[b0 + b] = uv * xv;
        }
    }
}

nai_status
nai_stp_tm_run(const nai_stp_tm_params *p, size_t n,
               double *x, double *u, double *t_last, uint8_t *has_spiked,
               size_t n_spikes, const double *times, const int64_t *index,
               double *efficacy,
               int64_t step0, size_t n_steps, double dt,
               size_t n_rec, const int64_t *rec,
               double *x_trace, double *u_trace)
{
    const int want_trace = (x_trace != NULL || u_trace != NULL) && n_steps > 0
                           && n_rec > 0;
    nai_stp_tm_state s;
    tm_slot *slot;
    size_t i, j, k = 0;

    if (nai_stp_tm_check(p) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    if (want_trace && (!(dt > 0.0) || !isfinite(dt))) {
        return NAI_ERR_PARAM;
    }
    if (n > 0 && (x == NULL || u == NULL || t_last == NULL || has_spiked == NULL)) {
        return NAI_ERR_SHAPE;
    }
    if (n_spikes > 0 && (times == NULL || index == NULL || efficacy == NULL)) {
        return NAI_ERR_SHAPE;
    }
    if (nai_stp_tm_check_spikes(n, t_last, has_spiked, n_spikes, times, index)
            != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    if (want_trace) {
        for (j = 0; j < n_rec; j++) {
            if (rec == NULL || rec[j] < 0 || (uint64_t)rec[j] >= (uint64_t)n) {
                return NAI_ERR_SHAPE;
            }
        }
    }
    if (n == 0) {
        return NAI_OK;                  /* no synapse, so no spike either */
    }
    if (n > SIZE_MAX / sizeof(tm_slot)
            || (slot = (tm_slot *)malloc(n * sizeof(tm_slot))) == NULL) {
        return NAI_ERR_NOMEM;
    }
    for (j = 0; j < n; j++) {
        slot[j].x = x[j];
        slot[j].u = u[j];
        slot[j].t_last = t_last[j];
        slot[j].has_spiked = has_spiked[j] ? 1.0 : 0.0;
    }

    k = 0;
    if (want_trace) {
        for (i = 0; i < n_steps; i++) {
            const double t_i = (double)(step0 + (int64_t)i) * dt;
            size_t k_end = k;
            while (k_end < n_spikes && times[k_end] <= t_i) {
                k_end++;
            }
            tm_events(p, slot, k, k_end, times, index, efficacy);
            k = k_end;
            for (j = 0; j < n_rec; j++) {
                double xv, uv;
                tm_load(&slot[rec[j]], &s);
                /* A grid time before the synapse's last spike (a chunk that
                 * restarts earlier) has no defined state: report the one
                 * just after that spike rather than extrapolating. */
                nai_stp_tm_peek(p, &s, t_i > s.t_last ? t_i : s.t_last, &xv, &uv);
                if (x_trace != NULL) {
                    x_trace[i * n_rec + j] = xv;
                }
                if (u_trace != NULL) {
                    u_trace[i * n_rec + j] = uv;
                }
            }
        }
    }
    tm_events(p, slot, k, n_spikes, times, index, efficacy);
    for (j = 0; j < n; j++) {
        x[j] = slot[j].x;
        u[j] = slot[j].u;
        t_last[j] = slot[j].t_last;
        has_spiked[j] = (uint8_t)(slot[j].has_spiked != 0.0);
    }
    free(slot);
    return NAI_OK;
}

/* ---- the course's synapses ---- */

static int
method_ok(int method, double dt)
{
    return (method == NAI_EXACT || method == NAI_EULER)
           && dt > 0.0 && isfinite(dt);
}

nai_status
nai_stp_dep_check(const nai_stp_dep_params *p, int method, double dt)
{
    if (p == NULL || !method_ok(method, dt)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->g_max >= 0.0) || !isfinite(p->g_max)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_syn > 0.0) || !isfinite(p->tau_syn)
            || !(p->tau_rec > 0.0) || !isfinite(p->tau_rec)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->u > 0.0 && p->u <= 1.0)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

nai_status
nai_stp_fac_check(const nai_stp_fac_params *p, int method, double dt)
{
    if (p == NULL || !method_ok(method, dt)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->g_max >= 0.0) || !isfinite(p->g_max)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_syn > 0.0) || !isfinite(p->tau_syn)
            || !(p->tau_facil > 0.0) || !isfinite(p->tau_facil)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->u_base > 0.0 && p->u_base <= 1.0)
            || !(p->u_max >= p->u_base && p->u_max <= 1.0)
            || !(p->u_step >= 0.0 && p->u_step <= 1.0)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

static void
prepare(double tau_syn, double tau_r, int method, double dt, nai_stp_prop *out)
{
    out->dt = dt;
    out->method = method;
    if (method == NAI_EXACT) {
        out->g_decay = exp(-dt / tau_syn);
        out->r_decay = exp(-dt / tau_r);
    } else {
        out->g_decay = dt / tau_syn;
        out->r_decay = dt / tau_r;
    }
}

void
nai_stp_dep_prepare(const nai_stp_dep_params *p, int method, double dt,
                    nai_stp_prop *out)
{
    prepare(p->tau_syn, p->tau_rec, method, dt, out);
}

void
nai_stp_fac_prepare(const nai_stp_fac_params *p, int method, double dt,
                    nai_stp_prop *out)
{
    prepare(p->tau_syn, p->tau_facil, method, dt, out);
}

/* Shared argument checks of the two grid kernels. */
static nai_status
course_check(const nai_stp_prop *pr, int64_t step0, size_t n_steps, size_t n,
             const double *g, const double *s, size_t n_spikes,
             const double *times, const int64_t *index,
             size_t n_rec, const int64_t *rec, int want_trace)
{
    nai_status st;
    if (!method_ok(pr->method, pr->dt)) {
        return NAI_ERR_PARAM;
    }
    if (n > 0 && (g == NULL || s == NULL)) {
        return NAI_ERR_SHAPE;
    }
    st = nai_grid_check_spikes(pr->dt, step0, n_steps, n, n_spikes, times, index);
    if (st != NAI_OK) {
        return st;
    }
    if (want_trace) {
        return nai_check_indices(n_rec, rec, n);
    }
    return NAI_OK;
}

static void
record(size_t i, size_t n_rec, const int64_t *rec, const double *g, const double *s,
       double *g_trace, double *s_trace)
{
    size_t j;
    if (g_trace != NULL) {
        for (j = 0; j < n_rec; j++) {
            g_trace[i * n_rec + j] = g[rec[j]];
        }
    }
    if (s_trace != NULL) {
        for (j = 0; j < n_rec; j++) {
            s_trace[i * n_rec + j] = s[rec[j]];
        }
    }
}

nai_status
nai_stp_dep_run(const nai_stp_dep_params *p, const nai_stp_prop *pr,
                int64_t step0, size_t n_steps, size_t n,
                double *g, double *x,
                size_t n_spikes, const double *times, const int64_t *index,
                double *efficacy, size_t n_rec, const int64_t *rec,
                double *g_trace, double *s_trace)
{
    nai_status st;
    size_t i, j, k = 0;

    if (nai_stp_dep_check(p, pr->method, pr->dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    st = course_check(pr, step0, n_steps, n, g, x, n_spikes, times, index,
                      n_rec, rec, g_trace != NULL || s_trace != NULL);
    if (st != NAI_OK) {
        return st;
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        for (; k < n_spikes && nai_grid_step(times[k], pr->dt) == step; k++) {
            const size_t m = (size_t)index[k];
            const double released = p->u * x[m];
            x[m] -= released;
            g[m] += p->g_max * released;
            if (efficacy != NULL) {
                efficacy[k] = released;
            }
        }
        record(i, n_rec, rec, g, x, g_trace, s_trace);
        if (pr->method == NAI_EXACT) {
            for (j = 0; j < n; j++) {
                g[j] *= pr->g_decay;
                x[j] = 1.0 - (1.0 - x[j]) * pr->r_decay;
            }
        } else {
            for (j = 0; j < n; j++) {
                g[j] = g[j] + (-g[j]) * pr->g_decay;
                x[j] = x[j] + (1.0 - x[j]) * pr->r_decay;
            }
        }
    }
    return NAI_OK;
}

nai_status
nai_stp_fac_run(const nai_stp_fac_params *p, const nai_stp_prop *pr,
                int64_t step0, size_t n_steps, size_t n,
                double *g, double *u,
                size_t n_spikes, const double *times, const int64_t *index,
                double *efficacy, size_t n_rec, const int64_t *rec,
                double *g_trace, double *s_trace)
{
    nai_status st;
    size_t i, j, k = 0;

    if (nai_stp_fac_check(p, pr->method, pr->dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    st = course_check(pr, step0, n_steps, n, g, u, n_spikes, times, index,
                      n_rec, rec, g_trace != NULL || s_trace != NULL);
    if (st != NAI_OK) {
        return st;
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        for (; k < n_spikes && nai_grid_step(times[k], pr->dt) == step; k++) {
            const size_t m = (size_t)index[k];
            /* The course's doctest order: the spike uses u, then u grows. */
            if (efficacy != NULL) {
                efficacy[k] = u[m];
            }
            g[m] += p->g_max * u[m];
            u[m] += p->u_step * (p->u_max - u[m]);
        }
        record(i, n_rec, rec, g, u, g_trace, s_trace);
        if (pr->method == NAI_EXACT) {
            for (j = 0; j < n; j++) {
                g[j] *= pr->g_decay;
                u[j] = p->u_base + (u[j] - p->u_base) * pr->r_decay;
            }
        } else {
            for (j = 0; j < n; j++) {
                g[j] = g[j] + (-g[j]) * pr->g_decay;
                u[j] = u[j] + (p->u_base - u[j]) * pr->r_decay;
            }
        }
    }
    return NAI_OK;
}
