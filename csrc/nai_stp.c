#include <math.h>
#include <stdlib.h>
#include "nai_lif.h"
#include "nai_numerics.h"
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

/*
 * The (x, u) a spike finds, before its release: (1, U) at a synapse's first
 * spike, else the update from the previous spike's pre-release (x, u) over
 * the interval h between them, with d_rec = exp(-h/tau_rec) and, when
 * facil, d_fac = exp(-h/tau_fac):
 *   x <- 1 + (x - x u - 1) d_rec,   u <- U + u (1 - U) d_fac   (U if !facil).
 * The one place the Tsodyks-Markram formula is written: the release, the
 * peek and the blocked event loop all call it.  Both updates read the
 * previous spike's u, so x is advanced before u.
 */
static inline void
tm_found(double U, int facil, int first, double d_rec, double d_fac,
         double *x, double *u)
{
    if (first) {
        *x = 1.0;
        *u = U;
    } else {
        const double x_new = 1.0 + (*x - *x * *u - 1.0) * d_rec;
        *u = facil ? U + *u * (1.0 - U) * d_fac : U;
        *x = x_new;
    }
}

/* tm_found() for a spike at time t after the state s, decays by nai_exp_neg. */
static void
tm_found_at(const nai_stp_tm_params *p, const nai_stp_tm_state *s, double t,
            double *x, double *u)
{
    const int facil = p->tau_fac > 0.0;
    double d_rec = 0.0, d_fac = 0.0;
    if (s->has_spiked) {
        const double h = t - s->t_last;
        d_rec = nai_exp_neg(-h / p->tau_rec);
        d_fac = facil ? nai_exp_neg(-h / p->tau_fac) : 0.0;
    }
    *x = s->x;
    *u = s->u;
    tm_found(p->U, facil, !s->has_spiked, d_rec, d_fac, x, u);
}

double
nai_stp_tm_release(const nai_stp_tm_params *p, nai_stp_tm_state *s, double t)
{
    tm_found_at(p, s, t, &s->x, &s->u);
    s->has_spiked = 1;
    s->t_last = t;
    return s->u * s->x;
}

void
nai_stp_tm_peek(const nai_stp_tm_params *p, const nai_stp_tm_state *s,
                double t, double *x, double *u)
{
    double xv, uv;
    tm_found_at(p, s, t, &xv, &uv);
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
 * Release at spikes k in [k0, k1), in order.  The update is tm_found(), as
 * in nai_stp_tm_release(), and gives its bits, but in three passes per block
 * so that
 * the exponentials, which dominate the cost and depend only on the spike
 * times, run as an independent stream:
 *   A. (sequential, cheap) the interval h since the synapse's last spike;
 *   B. (independent) the decay factors exp(-h/tau), a vector at a time
 *      (nai_vexp: the same bits as the per-event nai_exp_neg);
 *   C. (sequential, cheap) tm_found() with those factors.
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
            double xv = sl->x, uv = sl->u;
            tm_found(p->U, facil, first[b], d_rec[b], facil ? d_fac[b] : 0.0, &xv, &uv);
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
    if (n_spikes > 0 && efficacy == NULL) {
        return NAI_ERR_SHAPE;
    }
    if (nai_stp_tm_check_spikes(n, t_last, has_spiked, n_spikes, times, index)
            != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    if (want_trace && nai_check_indices(n_rec, rec, n) != NAI_OK) {
        return NAI_ERR_SHAPE;
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
    return (method == NAI_EXACT || method == NAI_EULER || method == NAI_COURSE)
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
prepare(double tau_syn, double tau_s, int method, double dt, nai_stp_prop *out)
{
    out->dt = dt;
    out->method = (nai_method)method;
    out->g_decay = nai_prop_decay(dt, tau_syn);
    out->g_euler_k = dt / tau_syn;
    out->s_decay = nai_prop_decay(dt, tau_s);
    out->s_euler_k = dt / tau_s;
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

/* Shared argument checks of the two grid kernels (the method and dt were
 * checked with the parameters). */
static nai_status
course_check(const nai_stp_prop *pr, int64_t step0, size_t n_steps, size_t n,
             const double *g, const double *s, size_t n_spikes,
             const double *times, const int64_t *index,
             size_t n_rec, const int64_t *rec, int want_trace)
{
    nai_status st;
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

/* One course synapse kind, as the shared body below reads it. */
typedef struct course_syn {
    int facil;            /* 0: depressing, s = x; 1: facilitating, s = u */
    double g_max;         /* conductance per unit efficacy [nS] */
    double u;             /* depressing: release fraction [1] */
    double u_step, u_max; /* facilitating: step and ceiling of u [1] */
    double u_base;        /* facilitating: resting u [1] */
} course_syn;

/* Every synapse over one step: g decays, x or u recovers.  The factors are
 * read into locals first (the stores to g and s could alias *cs and *pr),
 * so the compiler can hoist the method's choice out of each loop; the
 * kind's choice is hoisted by hand. */
static void
course_relax(const course_syn *cs, const nai_stp_prop *pr, size_t n,
             double *restrict g, double *restrict s)
{
    const nai_method m = pr->method;
    const int facil = cs->facil;
    const double u_base = cs->u_base;
    const double g_decay = pr->g_decay, g_k = pr->g_euler_k;
    const double s_decay = pr->s_decay, s_k = pr->s_euler_k;
    size_t j;
    if (facil) {
        for (j = 0; j < n; j++) {
            g[j] = nai_synapse_decay(g[j], m, g_decay, g_k);
            s[j] = nai_stp_fac_recover(s[j], u_base, m, s_decay, s_k);
        }
    } else {
        for (j = 0; j < n; j++) {
            g[j] = nai_synapse_decay(g[j], m, g_decay, g_k);
            s[j] = nai_stp_dep_recover(s[j], m, s_decay, s_k);
        }
    }
}

/* nai_stp_dep_run and nai_stp_fac_run: the order of nai_stp.h, 2. */
static nai_status
course_run(const course_syn *cs, const nai_stp_prop *pr,
           int64_t step0, size_t n_steps, size_t n, double *g, double *s,
           size_t n_spikes, const double *times, const int64_t *index,
           double *efficacy, size_t n_rec, const int64_t *rec,
           double *g_trace, double *s_trace)
{
    nai_status st;
    size_t i, k = 0;

    st = course_check(pr, step0, n_steps, n, g, s, n_spikes, times, index,
                      n_rec, rec, g_trace != NULL || s_trace != NULL);
    if (st != NAI_OK) {
        return st;
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        for (; k < n_spikes && nai_grid_step(times[k], pr->dt) == step; k++) {
            const size_t c = (size_t)index[k];
            const double e = cs->facil ? nai_stp_fac_release(cs->u_step, cs->u_max, &s[c])
                                       : nai_stp_dep_release(cs->u, &s[c]);
            g[c] += cs->g_max * e;
            if (efficacy != NULL) {
                efficacy[k] = e;
            }
        }
        record(i, n_rec, rec, g, s, g_trace, s_trace);
        course_relax(cs, pr, n, g, s);
    }
    return NAI_OK;
}

nai_status
nai_stp_dep_run(const nai_stp_dep_params *p, const nai_stp_prop *pr,
                int64_t step0, size_t n_steps, size_t n,
                double *g, double *x,
                size_t n_spikes, const double *times, const int64_t *index,
                double *efficacy, size_t n_rec, const int64_t *rec,
                double *g_trace, double *s_trace)
{
    course_syn cs = {0, 0.0, 0.0, 0.0, 0.0, 0.0};
    if (nai_stp_dep_check(p, pr->method, pr->dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    cs.g_max = p->g_max;
    cs.u = p->u;
    return course_run(&cs, pr, step0, n_steps, n, g, x, n_spikes, times, index,
                      efficacy, n_rec, rec, g_trace, s_trace);
}

nai_status
nai_stp_fac_run(const nai_stp_fac_params *p, const nai_stp_prop *pr,
                int64_t step0, size_t n_steps, size_t n,
                double *g, double *u,
                size_t n_spikes, const double *times, const int64_t *index,
                double *efficacy, size_t n_rec, const int64_t *rec,
                double *g_trace, double *s_trace)
{
    course_syn cs = {1, 0.0, 0.0, 0.0, 0.0, 0.0};
    if (nai_stp_fac_check(p, pr->method, pr->dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    cs.g_max = p->g_max;
    cs.u_step = p->u_step;
    cs.u_max = p->u_max;
    cs.u_base = p->u_base;
    return course_run(&cs, pr, step0, n_steps, n, g, u, n_spikes, times, index,
                      efficacy, n_rec, rec, g_trace, s_trace);
}

/* ---- the course's LIFWithSynapse ---- */

const char *const nai_stp_course_lif_rows[NAI_CLIF_ROWS] = {
    "tau_m", "v_rest", "v_reset", "v_threshold", "resistance", "t_ref", "e_syn",
    "g_max", "tau_syn", "tau_rec", "u", "current_scale"};

void
nai_stp_course_lif_from_table(const double *t, nai_stp_course_lif_params *p)
{
    p->tau_m = t[NAI_CLIF_TAU_M];
    p->v_rest = t[NAI_CLIF_V_REST];
    p->v_reset = t[NAI_CLIF_V_RESET];
    p->v_threshold = t[NAI_CLIF_V_THRESHOLD];
    p->resistance = t[NAI_CLIF_RESISTANCE];
    p->t_ref = t[NAI_CLIF_T_REF];
    p->e_syn = t[NAI_CLIF_E_SYN];
    p->syn.g_max = t[NAI_CLIF_G_MAX];
    p->syn.tau_syn = t[NAI_CLIF_TAU_SYN];
    p->syn.tau_rec = t[NAI_CLIF_TAU_REC];
    p->syn.u = t[NAI_CLIF_U];
    p->current_scale = t[NAI_CLIF_CURRENT_SCALE];
}

nai_status
nai_stp_course_lif_check(const nai_stp_course_lif_params *p, double dt)
{
    if (p == NULL || nai_stp_dep_check(&p->syn, NAI_COURSE, dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_m > 0.0) || !isfinite(p->tau_m)
            || !isfinite(p->v_rest) || !isfinite(p->v_reset) || !isfinite(p->v_threshold)
            || !isfinite(p->resistance) || !isfinite(p->e_syn)
            || !(p->current_scale > 0.0) || !isfinite(p->current_scale)
            || !(p->v_reset < p->v_threshold)
            || !(p->t_ref >= 0.0) || !isfinite(p->t_ref)
            || !(p->t_ref / dt < NAI_REF_STEPS_MAX)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

nai_status
nai_stp_course_lif_run(const nai_stp_course_lif_params *p, double dt,
                       int64_t step0, size_t n_steps,
                       double *v, double *g, double *x, int64_t *ref_left,
                       size_t n_spikes, const double *times,
                       double *v_trace, double *g_trace, double *x_trace,
                       uint8_t *fired)
{
    nai_stp_prop pr;
    int64_t ref, ref_steps;
    double vv, gg, xx, k_m;
    size_t i, k = 0;

    if (nai_stp_course_lif_check(p, dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    if (v == NULL || g == NULL || x == NULL || ref_left == NULL) {
        return NAI_ERR_SHAPE;
    }
    /* one synapse: every spike has index 0 */
    for (i = 0; i < n_spikes; i++) {
        const int64_t s = nai_grid_step(times[i], dt);
        if (!isfinite(times[i]) || (i > 0 && !(times[i] >= times[i - 1]))
                || s < step0 || s >= step0 + (int64_t)n_steps) {
            return NAI_ERR_SHAPE;
        }
    }
    nai_stp_dep_prepare(&p->syn, NAI_COURSE, dt, &pr);
    k_m = dt / p->tau_m;
    ref_steps = (int64_t)nearbyint(p->t_ref / dt);
    vv = *v;
    gg = *g;
    xx = *x;
    ref = *ref_left;
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        uint8_t spiked = 0;
        /* 1. the step's input spikes, in time order */
        for (; k < n_spikes && nai_grid_step(times[k], dt) == step; k++) {
            gg += p->syn.g_max * nai_stp_dep_release(p->syn.u, &xx);
        }
        /* 2. the state at t_i */
        if (v_trace != NULL) {
            v_trace[i] = vv;
        }
        if (g_trace != NULL) {
            g_trace[i] = gg;
        }
        if (x_trace != NULL) {
            x_trace[i] = xx;
        }
        /* 3. the membrane, driven by the conductance after the releases */
        if (ref > 0) {
            ref--;
            vv = p->v_reset;
        } else {
            /* the operations of nai_synapse_cond_current, with its factor
             * as a parameter (1 gives the course's g (e_syn - v) exactly) */
            const double I = p->current_scale * gg * (p->e_syn - vv);
            vv = nai_lif_euler_v(vv, p->v_rest, p->resistance, I, k_m);
            if (vv >= p->v_threshold) {
                spiked = 1;
                vv = p->v_reset;
                ref = ref_steps;
            }
        }
        if (fired != NULL) {
            fired[i] = spiked;
        }
        /* 4. the synapse over the step: g exactly, x by Euler */
        gg = nai_synapse_decay(gg, NAI_COURSE, pr.g_decay, pr.g_euler_k);
        xx = nai_stp_dep_recover(xx, NAI_COURSE, pr.s_decay, pr.s_euler_k);
    }
    *v = vv;
    *g = gg;
    *x = xx;
    *ref_left = ref;
    return NAI_OK;
}
