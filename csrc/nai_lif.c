/*
 * nai_lif.c -- the LIF model; equations, methods and units in nai_lif.h.
 *
 * This file is the model, readable on its own, in the order NEST writes
 * one: the parameter check, the propagators derived once from (params, dt),
 * the exact method's one-neuron step (the plain propagator update, or the
 * general step that locates crossings and handles refractoriness inside a
 * step), the course's Euler step, and the driver that runs neurons with
 * these steps.  Recorded neurons run here, one at a time; unrecorded ones
 * run in blocks of NAI_LIF_BLOCK by the vector drivers of nai_lif_fast.c,
 * which do the same arithmetic and call the same general step, so a
 * neuron's result does not depend on which path ran it.
 */
#include <math.h>
#include <stdlib.h>
#include "nai_lif.h"
#include "nai_lif_fast.h"
#include "nai_numerics.h"

nai_status
nai_lif_check(const nai_lif_params *p, size_t n, double dt)
{
    size_t j;
    if (!(dt > 0.0) || !isfinite(dt)) {
        return NAI_ERR_PARAM;
    }
    for (j = 0; j < n; j++) {
        if (!(p->tau_m[j] > 0.0) || !isfinite(p->tau_m[j])
            || !isfinite(p->v_rest[j]) || !isfinite(p->v_reset[j])
            || !isfinite(p->v_threshold[j]) || !isfinite(p->resistance[j])
            || !(p->v_reset[j] < p->v_threshold[j])
            || !(p->t_ref[j] >= 0.0) || !isfinite(p->t_ref[j])
            || !(p->t_ref[j] / dt < NAI_REF_STEPS_MAX)) {
            return NAI_ERR_PARAM;
        }
    }
    return NAI_OK;
}

nai_status
nai_lif_check_run(const nai_lif_params *p, nai_method method, size_t n, double dt,
                  int64_t step0, size_t n_steps, const double *current,
                  ptrdiff_t stride_t, ptrdiff_t stride_n, double *spike_bound,
                  int *current_finite)
{
    const double t_end = ((double)step0 + (double)n_steps) * dt;
    const size_t rows = stride_t == 0 && n_steps > 0 ? 1 : n_steps;
    double bound = 0.0;
    size_t j;

    *spike_bound = 0.0;
    if (current_finite != NULL) {
        *current_finite = 1;
    }
    if (!isfinite(t_end)) {
        return NAI_ERR_PARAM;
    }
    for (j = 0; j < n; j++) {
        double i_max = 0.0, i_min = 0.0, hi, lo;
        if (!nai_lif_current_range(current + (ptrdiff_t)j * stride_n, rows, stride_t,
                                   &i_max, &i_min)) {
            if (current_finite != NULL) {
                *current_finite = 0;
            }
            return NAI_ERR_PARAM;
        }
        /* resistance > 0 is not required here: take both ends */
        hi = p->v_rest[j] + p->resistance[j] * i_max;
        lo = p->v_rest[j] + p->resistance[j] * i_min;
        if (!isfinite(hi) || !isfinite(lo)) {
            return NAI_ERR_PARAM;
        }
        if (lo > hi) {
            hi = lo;
        }
        if (method == NAI_EULER) {
            bound += (double)n_steps + 1.0;
        } else if (hi > p->v_threshold[j]) {
            const double isi = p->t_ref[j] + p->tau_m[j]
                * log((hi - p->v_reset[j]) / (hi - p->v_threshold[j]));
            if (!(isi >= t_end * NAI_LIF_TIME_RESOLUTION)) {
                return NAI_ERR_TIME;
            }
            bound += (double)n_steps * dt / isi + 2.0;
        } else {
            bound += 2.0;
        }
    }
    *spike_bound = bound;
    return NAI_OK;
}

nai_lif_prop *
nai_lif_prop_new(size_t n)
{
    nai_lif_prop *pr;
    size_t m = n > 0 ? n : 1;
    if (m > ((size_t)-1) / sizeof(double)) {
        return NULL;
    }
    pr = (nai_lif_prop *)calloc(1, sizeof(*pr));
    if (pr == NULL) {
        return NULL;
    }
    pr->n = n;
    pr->decay = (double *)malloc(m * sizeof(double));
    pr->gain = (double *)malloc(m * sizeof(double));
    pr->euler_k = (double *)malloc(m * sizeof(double));
    pr->ref_steps = (int64_t *)malloc(m * sizeof(int64_t));
    if (pr->decay == NULL || pr->gain == NULL || pr->euler_k == NULL
        || pr->ref_steps == NULL) {
        nai_lif_prop_free(pr);
        return NULL;
    }
    return pr;
}

void
nai_lif_prop_free(nai_lif_prop *pr)
{
    if (pr == NULL) {
        return;
    }
    free(pr->decay);
    free(pr->gain);
    free(pr->euler_k);
    free(pr->ref_steps);
    free(pr);
}

void
nai_lif_prepare(const nai_lif_params *p, double dt, nai_lif_prop *pr)
{
    size_t j;
    pr->dt = dt;
    for (j = 0; j < pr->n; j++) {
        pr->decay[j] = nai_prop_decay(dt, p->tau_m[j]);
        pr->gain[j] = nai_prop_gain(dt, p->tau_m[j]);
        pr->euler_k[j] = dt / p->tau_m[j];
        /* nearbyint in the default rounding mode: half to even */
        pr->ref_steps[j] = (int64_t)nearbyint(p->t_ref[j] / dt);
    }
}

/* ---- exact method: one neuron, one step -------------------------------- */

/*
 * The exact method's general step (declared in nai_lif_fast.h): neuron j
 * over [t0, t1] with V_inf constant, including a release from
 * refractoriness inside the step, every crossing located analytically,
 * and several spikes per step.  *v and *t_free are its state at t0 and
 * become its state at t1.  Returns 0 if a spike could not be stored (the
 * caller then discards the block).
 */
int
nai_lif_exact_step_general(const nai_lif_lane *lp, size_t j, double v_inf,
                           double t0, double t1, double *v, double *t_free,
                           nai_spikes *sp)
{
    const double tau = lp->tau;
    const double v_th = lp->v_th;
    const double v_reset = lp->v_reset;
    double vv = *v, tf = *t_free, t = t0, v_end, e_left;
    /* spikes stored by this call, and the most the physics allows in the
     * step (set at the second spike: most steps have none or one) */
    double n_spikes = 0.0, max_spikes = 0.0;

    if (tf >= t1) {                 /* held for the whole step */
        *v = v_reset;
        return 1;
    }
    if (tf > t0) {                  /* released inside the step */
        t = tf;
        vv = v_reset;
    }
    /* e_left = exp(-(t1 - t)/tau), the decay over what is left of the step */
    e_left = t == t0 ? lp->decay : nai_prop_decay(t1 - t, tau);
    for (;;) {
        double ratio = 1.0;
        if (vv >= v_th) {
            /* only a state at or above threshold at the start of the step
             * gets here (an initial value): it fires at once, at t0 */
            v_end = vv;
        } else if (t == t0) {
            /* the fast path's own expression, so both agree to the bit */
            v_end = lp->decay * vv + lp->gain * v_inf;
        } else {
            v_end = v_inf + (vv - v_inf) * e_left;
        }
        if (v_end < v_th) {
            break;
        }
        if (vv < v_th && !(v_inf > v_th)) {
            /* the exact solution approaches V_inf <= threshold from below
             * and never reaches it; only rounding says otherwise */
            v_end = nextafter(v_th, -INFINITY);
            break;
        }
        {
            double s = 0.0, t_spike;
            if (vv < v_th) {
                /* s = tau ln((V_inf - V)/(V_inf - th)); the ratio is >= 1
                 * and exact to an ulp, so log (faster than log1p) gives s
                 * to about tau * 1e-16 ms */
                ratio = (v_inf - vv) / (v_inf - v_th);
                s = tau * log(ratio);
                if (s > t1 - t) {
                    s = t1 - t;     /* rounding: the crossing is at t1 */
                }
            }
            t_spike = t + s;
            if (n_spikes >= 1.0) {
                if (max_spikes == 0.0) {
                    /* a second spike in the step (rare: its log is paid
                     * only then).  After a reset, spikes in this step are
                     * at least the interspike interval from v_reset under
                     * V_inf apart: at most (t1 - t0)/isi + 1 of them, plus
                     * one of margin for rounding.  An interval float64
                     * cannot resolve at t1 (or NaN, from a V_inf that
                     * overflowed) means time cannot advance:
                     * NAI_LIF_TIME_RESOLUTION in nai_lif.h */
                    const double isi = lp->t_ref + (v_inf > v_th
                        ? tau * log((v_inf - v_reset) / (v_inf - v_th)) : INFINITY);
                    if (!(isi >= t1 * NAI_LIF_TIME_RESOLUTION)) {
                        return NAI_LIF_STEP_TIME;
                    }
                    max_spikes = (t1 - t0) / isi + 2.0;
                }
                if (!(n_spikes + 1.0 <= max_spikes)) {
                    return NAI_LIF_STEP_TIME;
                }
            }
            n_spikes += 1.0;
            if (!nai_lif_push_spike(sp, (int64_t)j, t_spike)) {
                return 0;
            }
            tf = t_spike + lp->t_ref;
            vv = v_reset;
            if (tf >= t1) {
                *v = v_reset;
                *t_free = tf;
                return 1;
            }
            if (lp->t_ref == 0.0) {
                /* exp(-(t1 - t - s)/tau) = e_left exp(s/tau) = e_left ratio:
                 * no second transcendental per spike */
                e_left = e_left * ratio;
                if (e_left > 1.0) {
                    e_left = 1.0;
                }
            } else {
                e_left = nai_prop_decay(t1 - tf, tau);
            }
            t = tf;
        }
    }
    *v = v_end;
    *t_free = tf;
    return 1;
}

/*
 * One exact step of neuron j (the contract is in nai_lif_fast.h): the plain
 * update V <- P V + Q V_inf when the neuron is free all step and stays below
 * threshold, the general step otherwise.  0 if a spike could not be stored.
 * Inline here, where the recorded neurons take it every step.
 */
static inline int
exact_step(const nai_lif_lane *lp, size_t j, double I, double t0, double t1,
           double *v, double *tf, nai_spikes *sp)
{
    const double v_inf = lp->v_rest + lp->r * I;
    const double fast = lp->decay * *v + lp->gain * v_inf;
    /* refractory at t0 (held all step or released inside it), a crossing,
     * or a start at or above threshold: the general step */
    if (*tf > t0 || fast >= lp->v_th || *v >= lp->v_th) {
        return nai_lif_exact_step_general(lp, j, v_inf, t0, t1, v, tf, sp);
    }
    *v = fast;
    return 1;
}

int
nai_lif_exact_step(const nai_lif_lane *lp, size_t j, double I, double t0,
                   double t1, double *v, double *tf, nai_spikes *sp)
{
    return exact_step(lp, j, I, t0, t1, v, tf, sp);
}

/* One neuron with its trace recorded (column r of v_trace). */
static int
exact_recorded(const nai_lif_params *p, const nai_lif_prop *pr, size_t j,
               size_t n_steps, int64_t step0, const double *current,
               ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
               size_t r, size_t n_rec, double *v_trace, nai_spikes *sp)
{
    double v = s->v[j], tf = s->t_free[j];
    const double dt = pr->dt;
    nai_lif_lane lp;
    size_t i;
    nai_lif_load_lane(p, pr, j, &lp);
    for (i = 0; i < n_steps; i++) {
        const int64_t gi = step0 + (int64_t)i;
        const double t0 = (double)gi * dt;
        const double t1 = (double)(gi + 1) * dt;
        v_trace[i * n_rec + r] = v;
        const int r_step = exact_step(&lp, j, current[(ptrdiff_t)i * stride_t
                                                      + (ptrdiff_t)j * stride_n],
                                      t0, t1, &v, &tf, sp);
        if (r_step != 1) {
            return r_step;
        }
    }
    s->v[j] = v;
    s->t_free[j] = tf;
    return 1;
}

/* ---- Euler method ------------------------------------------------------ */

static int
euler_neuron(const nai_lif_params *p, const nai_lif_prop *pr, size_t j,
             size_t n_steps, int64_t step0, const double *current,
             ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
             ptrdiff_t r, size_t n_rec, double *v_trace, nai_spikes *sp)
{
    double v = s->v[j];
    int64_t ref = s->ref_left[j];
    const double v_rest = p->v_rest[j], R = p->resistance[j];
    const double v_reset = p->v_reset[j], v_th = p->v_threshold[j];
    const double k = pr->euler_k[j];
    size_t i;
    for (i = 0; i < n_steps; i++) {
        const double I = current[(ptrdiff_t)i * stride_t
                                 + (ptrdiff_t)j * stride_n];
        if (r >= 0) {
            v_trace[i * n_rec + (size_t)r] = v;
        }
        if (ref > 0) {
            ref--;
            v = v_reset;
            continue;
        }
        v = nai_lif_euler_v(v, v_rest, R, I, k);
        if (v >= v_th) {
            if (!nai_lif_push_spike(sp, (int64_t)j, (double)(step0 + (int64_t)i) * pr->dt)) {
                return 0;
            }
            v = v_reset;
            ref = pr->ref_steps[j];
        }
    }
    s->v[j] = v;
    s->ref_left[j] = ref;
    return 1;
}

/* ---- driver ------------------------------------------------------------ */

nai_status
nai_lif_run(const nai_lif_params *p, const nai_lif_prop *pr,
            nai_method method, size_t n, size_t j_begin, size_t j_end,
            size_t n_steps, int64_t step0, const double *current, ptrdiff_t stride_t,
            ptrdiff_t stride_n, nai_lif_state *s, const int64_t *rec_pos,
            size_t n_rec, double *v_trace, nai_spikes *sp, size_t *j_done)
{
    size_t j = j_begin;

    *j_done = j_begin;
    if (pr->n != n || j_end > n || j_begin > j_end
        || (rec_pos != NULL && v_trace == NULL && n_steps > 0)) {
        return NAI_ERR_SHAPE;
    }
    if (method != NAI_EXACT && method != NAI_EULER) {
        return NAI_ERR_PARAM;
    }
    while (j < j_end) {
        size_t nb = 1, k;
        size_t count0 = sp->count;
        int ok;

        if (rec_pos != NULL && rec_pos[j] >= 0) {
            if (method == NAI_EULER) {
                ok = euler_neuron(p, pr, j, n_steps, step0, current, stride_t,
                                  stride_n, s, (ptrdiff_t)rec_pos[j], n_rec,
                                  v_trace, sp);
            } else {
                ok = exact_recorded(p, pr, j, n_steps, step0, current, stride_t,
                                    stride_n, s, (size_t)rec_pos[j], n_rec,
                                    v_trace, sp);
            }
        } else {
            /* the longest run of unrecorded neurons, up to one block */
            nb = j_end - j < NAI_LIF_BLOCK ? j_end - j : NAI_LIF_BLOCK;
            if (rec_pos != NULL) {
                for (k = 1; k < nb; k++) {
                    if (rec_pos[j + k] >= 0) {
                        break;
                    }
                }
                nb = k;
            }
            if (method == NAI_EULER) {
                ok = nai_lif_euler_block(p, pr, j, nb, n_steps, step0, current,
                                         stride_t, stride_n, s, sp);
            } else {
                ok = nai_lif_exact_block(p, pr, j, nb, n_steps, step0, current,
                                         stride_t, stride_n, s, sp);
            }
        }
        if (ok != 1) {
            /* the block's state was not written back: drop its spikes so a
             * retry from j reproduces them exactly */
            sp->count = count0;
            *j_done = j;
            return ok == NAI_LIF_STEP_TIME ? NAI_ERR_TIME : NAI_ERR_FULL;
        }
        j += nb;
    }
    *j_done = j_end;
    return NAI_OK;
}

nai_status
nai_lif_group_spikes(const nai_spikes *spikes, size_t n_buffers, size_t n,
                     int64_t *offsets, double *out_time)
{
    size_t b, e, j;
    for (j = 0; j <= n; j++) {
        offsets[j] = 0;
    }
    for (b = 0; b < n_buffers; b++) {
        const nai_spikes *sp = &spikes[b];
        for (e = 0; e < sp->count; e++) {
            int64_t nj = sp->neuron[e];
            if (nj < 0 || (size_t)nj >= n) {
                return NAI_ERR_SHAPE;
            }
            offsets[nj + 1]++;
        }
    }
    for (j = 0; j < n; j++) {
        offsets[j + 1] += offsets[j];
    }
    /* offsets[j] is used as the insertion cursor of neuron j, then
     * shifted back: a stable counting sort */
    for (b = 0; b < n_buffers; b++) {
        const nai_spikes *sp = &spikes[b];
        for (e = 0; e < sp->count; e++) {
            int64_t nj = sp->neuron[e];
            out_time[offsets[nj]++] = sp->time[e];
        }
    }
    for (j = n; j > 0; j--) {
        offsets[j] = offsets[j - 1];
    }
    offsets[0] = 0;
    return NAI_OK;
}
