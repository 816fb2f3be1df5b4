/*
 * nai_lif.c -- leaky integrate-and-fire kernels; equations in nai_lif.h.
 *
 * Layout of the exact kernel: neurons are independent, so the loop runs
 * neuron-block by neuron-block and, inside a block, over all steps.  A block
 * of NAI_LIF_BLOCK neurons keeps its potentials in a small local array that
 * stays in registers or L1 for the whole run (time blocking), and a step in
 * which no neuron of the block is refractory or crosses threshold costs one
 * multiply and one add per neuron, written as a plain loop over the block
 * that the compiler vectorises (and builds for AVX2 and AVX-512 as well,
 * chosen at run time, where GCC's target_clones is available).  Any step in
 * which something happens (a crossing, a release from refractoriness, a
 * recorded neuron) takes the scalar path for the neurons concerned, which
 * does the analytic crossing and the partial-step integration.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nai_lif.h"

#define NAI_LIF_BLOCK 32

/* Run-time ISA dispatch (GCC >= 6 on x86-64 with ifunc support); other
 * compilers and machines get the portable loop. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) \
    && defined(__linux__) && (__GNUC__ >= 6) && !defined(__SANITIZE_ADDRESS__)
#define NAI_LIF_CLONES \
    __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NAI_LIF_CLONES
#endif

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
            || p->ref_steps[j] < 0) {
            return NAI_ERR_PARAM;
        }
    }
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
    if (pr->decay == NULL || pr->gain == NULL || pr->euler_k == NULL) {
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
    free(pr);
}

void
nai_lif_prepare(const nai_lif_params *p, double dt, nai_lif_prop *pr)
{
    size_t j;
    pr->dt = dt;
    for (j = 0; j < pr->n; j++) {
        pr->decay[j] = exp(-dt / p->tau_m[j]);
        /* 1 - exp(-x) loses digits for small x; expm1 keeps them */
        pr->gain[j] = -expm1(-dt / p->tau_m[j]);
        pr->euler_k[j] = dt / p->tau_m[j];
    }
}

/* ---- exact method: one neuron, one step, the general (slow) path ------ */

/* Append a spike; 0 when the buffer is full. */
static int
push_spike(nai_lif_spikes *sp, int64_t j, double t)
{
    if (sp->count >= sp->capacity) {
        return 0;
    }
    sp->neuron[sp->count] = j;
    sp->time[sp->count] = t;
    sp->count++;
    return 1;
}

/*
 * Integrate neuron j over [t0, t1] with V_inf constant.  *v and *t_free are
 * its state at t0 and become its state at t1.  Returns 0 if a spike could
 * not be stored (the caller then discards the block).
 */
static int
exact_step_general(const nai_lif_params *p, const nai_lif_prop *pr, size_t j,
                   double v_inf, double t0, double t1, double *v,
                   double *t_free, nai_lif_spikes *sp)
{
    const double tau = p->tau_m[j];
    const double v_th = p->v_threshold[j];
    const double v_reset = p->v_reset[j];
    double vv = *v, tf = *t_free, t = t0, v_end;

    if (tf >= t1) {                 /* held for the whole step */
        *v = v_reset;
        return 1;
    }
    if (tf > t0) {                  /* released inside the step */
        t = tf;
        vv = v_reset;
    }
    for (;;) {
        if (vv >= v_th) {
            /* only an initial value at or above threshold gets here:
             * it fires at once */
            v_end = vv;
        } else if (t == t0) {
            v_end = pr->decay[j] * vv + pr->gain[j] * v_inf;
        } else {
            v_end = v_inf + (vv - v_inf) * exp(-(t1 - t) / tau);
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
                /* ln((V_inf - V)/(V_inf - th)) = log1p((th - V)/(V_inf - th)) */
                s = tau * log1p((v_th - vv) / (v_inf - v_th));
                if (s > t1 - t) {
                    s = t1 - t;     /* rounding: the crossing is at t1 */
                }
            }
            t_spike = t + s;
            if (!push_spike(sp, (int64_t)j, t_spike)) {
                return 0;
            }
            tf = t_spike + p->t_ref[j];
            vv = v_reset;
            if (tf >= t1) {
                *v = v_reset;
                *t_free = tf;
                return 1;
            }
            t = tf;
        }
    }
    *v = v_end;
    *t_free = tf;
    return 1;
}

/* ---- exact method: a block of neurons without recording --------------- */

/*
 * One step of a block free of refractoriness: vn = P v + Q V_inf.  Lanes
 * past the end of a short block are padded so that they never fire.
 * Returns nonzero when some neuron reached threshold.
 */
NAI_LIF_CLONES
static int
block_step(const double *restrict decay, const double *restrict c,
           const double *restrict v_th, const double *restrict v,
           double *restrict vn)
{
    size_t k;
    int hit = 0;
    /* fixed trip count: the compiler unrolls and vectorises it fully */
    for (k = 0; k < NAI_LIF_BLOCK; k++) {
        double x = decay[k] * v[k] + c[k];
        vn[k] = x;
        hit |= (x >= v_th[k]);
    }
    return hit;
}

/*
 * Run a whole block [j0, j0+nb) over all steps.  Input is either constant
 * in time (stride_t == 0) or read each step.
 */
static int
exact_block(const nai_lif_params *p, const nai_lif_prop *pr, size_t j0,
            size_t nb, size_t n_steps, int64_t step0, const double *current,
            ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
            nai_lif_spikes *sp)
{
    double vbuf[2][NAI_LIF_BLOCK], decay[NAI_LIF_BLOCK], gain[NAI_LIF_BLOCK];
    double c[NAI_LIF_BLOCK], vth[NAI_LIF_BLOCK], v_inf[NAI_LIF_BLOCK];
    double tf[NAI_LIF_BLOCK];
    double *v = vbuf[0], *vn = vbuf[1], *tmp;
    double t_block_free = -INFINITY;  /* max of tf over the block */
    const double dt = pr->dt;
    size_t i, k;

    for (k = nb; k < NAI_LIF_BLOCK; k++) {
        v[k] = vn[k] = 0.0;
        decay[k] = gain[k] = c[k] = v_inf[k] = 0.0;
        vth[k] = INFINITY;
        tf[k] = -INFINITY;
    }
    for (k = 0; k < nb; k++) {
        const size_t j = j0 + k;
        v[k] = s->v[j];
        tf[k] = s->t_free[j];
        decay[k] = pr->decay[j];
        gain[k] = pr->gain[j];
        vth[k] = p->v_threshold[j];
        if (tf[k] > t_block_free) {
            t_block_free = tf[k];
        }
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t gi = step0 + (int64_t)i;
        const double t0 = (double)gi * dt;
        const double t1 = (double)(gi + 1) * dt;
        if (i == 0 || stride_t != 0) {
            const double *row = current + (ptrdiff_t)i * stride_t;
            for (k = 0; k < nb; k++) {
                const size_t j = j0 + k;
                v_inf[k] = p->v_rest[j]
                           + p->resistance[j] * row[(ptrdiff_t)j * stride_n];
                c[k] = gain[k] * v_inf[k];
            }
        }
        if (t_block_free <= t0
            && !block_step(decay, c, vth, v, vn)) {
            tmp = v;
            v = vn;
            vn = tmp;
            continue;
        }
        /* Something happens in this block: take the general path for every
         * neuron that is refractory or crossed, the fast result for the
         * others (which equals what the general path would give). */
        t_block_free = -INFINITY;
        for (k = 0; k < nb; k++) {
            double fast = decay[k] * v[k] + c[k];
            if (tf[k] > t0 || fast >= vth[k]) {
                double vk = v[k];
                if (!exact_step_general(p, pr, j0 + k, v_inf[k], t0, t1, &vk,
                                        &tf[k], sp)) {
                    return 0;
                }
                v[k] = vk;
            } else {
                v[k] = fast;
            }
            if (tf[k] > t_block_free) {
                t_block_free = tf[k];
            }
        }
    }
    for (k = 0; k < nb; k++) {
        s->v[j0 + k] = v[k];
        s->t_free[j0 + k] = tf[k];
    }
    return 1;
}

/* One neuron with its trace recorded (column r of v_trace). */
static int
exact_recorded(const nai_lif_params *p, const nai_lif_prop *pr, size_t j,
               size_t n_steps, int64_t step0, const double *current,
               ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
               size_t r, size_t n_rec, double *v_trace, nai_lif_spikes *sp)
{
    double v = s->v[j], tf = s->t_free[j];
    const double dt = pr->dt;
    size_t i;
    for (i = 0; i < n_steps; i++) {
        const int64_t gi = step0 + (int64_t)i;
        const double t0 = (double)gi * dt;
        const double t1 = (double)(gi + 1) * dt;
        const double v_inf = p->v_rest[j] + p->resistance[j]
            * current[(ptrdiff_t)i * stride_t + (ptrdiff_t)j * stride_n];
        const double fast = pr->decay[j] * v + pr->gain[j] * v_inf;
        v_trace[i * n_rec + r] = v;
        if (tf > t0 || fast >= p->v_threshold[j]) {
            if (!exact_step_general(p, pr, j, v_inf, t0, t1, &v, &tf, sp)) {
                return 0;
            }
        } else {
            v = fast;
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
             ptrdiff_t r, size_t n_rec, double *v_trace, nai_lif_spikes *sp)
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
        /* the course's expression, evaluated in its own order */
        v = v + (-(v - v_rest) + R * I) * k;
        if (v >= v_th) {
            if (!push_spike(sp, (int64_t)j, (double)(step0 + (int64_t)i) * pr->dt)) {
                return 0;
            }
            v = v_reset;
            ref = p->ref_steps[j];
        }
    }
    s->v[j] = v;
    s->ref_left[j] = ref;
    return 1;
}

/* ---- driver ------------------------------------------------------------ */

nai_status
nai_lif_run(const nai_lif_params *p, const nai_lif_prop *pr,
            nai_lif_method method, size_t n, size_t j_begin, size_t n_steps,
            int64_t step0, const double *current, ptrdiff_t stride_t,
            ptrdiff_t stride_n, nai_lif_state *s, const int64_t *rec_pos,
            size_t n_rec, double *v_trace, nai_lif_spikes *sp, size_t *j_done)
{
    size_t j = j_begin;

    *j_done = j_begin;
    if (pr->n != n || (rec_pos != NULL && v_trace == NULL && n_steps > 0)) {
        return NAI_ERR_SHAPE;
    }
    if (method != NAI_LIF_EXACT && method != NAI_LIF_EULER) {
        return NAI_ERR_PARAM;
    }
    while (j < n) {
        size_t nb = 1, k;
        size_t count0 = sp->count;
        int ok;

        if (method == NAI_LIF_EULER) {
            ptrdiff_t r = rec_pos != NULL ? (ptrdiff_t)rec_pos[j] : -1;
            ok = euler_neuron(p, pr, j, n_steps, step0, current, stride_t,
                              stride_n, s, r, n_rec, v_trace, sp);
        } else if (rec_pos != NULL && rec_pos[j] >= 0) {
            ok = exact_recorded(p, pr, j, n_steps, step0, current, stride_t,
                                stride_n, s, (size_t)rec_pos[j], n_rec,
                                v_trace, sp);
        } else {
            /* the longest run of unrecorded neurons, up to one block */
            nb = n - j < NAI_LIF_BLOCK ? n - j : NAI_LIF_BLOCK;
            if (rec_pos != NULL) {
                for (k = 1; k < nb; k++) {
                    if (rec_pos[j + k] >= 0) {
                        break;
                    }
                }
                nb = k;
            }
            ok = exact_block(p, pr, j, nb, n_steps, step0, current, stride_t,
                             stride_n, s, sp);
        }
        if (!ok) {
            /* the block's state was not written back: drop its spikes so a
             * retry from j reproduces them exactly */
            sp->count = count0;
            *j_done = j;
            return NAI_ERR_FULL;
        }
        j += nb;
    }
    *j_done = n;
    return NAI_OK;
}

nai_status
nai_lif_group_spikes(const nai_lif_spikes *sp, size_t n, int64_t *offsets,
                     double *out_time)
{
    size_t e, j;
    for (j = 0; j <= n; j++) {
        offsets[j] = 0;
    }
    for (e = 0; e < sp->count; e++) {
        int64_t nj = sp->neuron[e];
        if (nj < 0 || (size_t)nj >= n) {
            return NAI_ERR_SHAPE;
        }
        offsets[nj + 1]++;
    }
    for (j = 0; j < n; j++) {
        offsets[j + 1] += offsets[j];
    }
    /* offsets[j] is used as the insertion cursor of neuron j, then
     * shifted back: a stable counting sort */
    for (e = 0; e < sp->count; e++) {
        int64_t nj = sp->neuron[e];
        out_time[offsets[nj]++] = sp->time[e];
    }
    for (j = n; j > 0; j--) {
        offsets[j] = offsets[j - 1];
    }
    offsets[0] = 0;
    return NAI_OK;
}
