/*
 * nai_lif_fast.h -- internal to the LIF model: what nai_lif.c (the model)
 * and nai_lif_fast.c (the blocked vector drivers) share.  Not part of the
 * public API; the contract for callers is nai_lif.h.
 */
#ifndef NAI_LIF_FAST_H
#define NAI_LIF_FAST_H

#include <stddef.h>
#include <stdint.h>
#include "nai_lif.h"

/* Neurons per block of the vector drivers (a bit mask of the lanes fits
 * in a uint32_t). */
#define NAI_LIF_BLOCK 32

/* One neuron's parameters and propagators side by side, copied into a
 * block's local memory so that an event touches one cache line, not eight
 * arrays spread over the population. */
typedef struct nai_lif_lane {
    double tau;       /* tau_m [ms] */
    double v_th;      /* v_threshold [mV] */
    double v_reset;   /* v_reset [mV] */
    double t_ref;     /* t_ref [ms] */
    double decay;     /* exp(-dt/tau_m) [1] */
    double gain;      /* -expm1(-dt/tau_m) [1] */
    double v_rest;    /* v_rest [mV] */
    double r;         /* resistance [MOhm] */
} nai_lif_lane;

static inline void
nai_lif_load_lane(const nai_lif_params *p, const nai_lif_prop *pr, size_t j,
                  nai_lif_lane *lp)
{
    lp->tau = p->tau_m[j];
    lp->v_th = p->v_threshold[j];
    lp->v_reset = p->v_reset[j];
    lp->t_ref = p->t_ref[j];
    lp->decay = pr->decay[j];
    lp->gain = pr->gain[j];
    lp->v_rest = p->v_rest[j];
    lp->r = p->resistance[j];
}

/* Append a spike of neuron j at t [ms]; 0 when the buffer is full. */
static inline int
nai_lif_push_spike(nai_spikes *sp, int64_t j, double t)
{
    if (sp->count >= sp->capacity) {
        return 0;
    }
    sp->neuron[sp->count] = j;
    sp->time[sp->count] = t;
    sp->count++;
    return 1;
}

/* ---- the model's steps (nai_lif.c) -------------------------------------- */

/* What a step or block returns besides 1 (done) and 0 (a spike could not be
 * stored): the neuron emitted more spikes in one step than its interspike
 * interval allows, or an interval float64 cannot resolve (nai_lif.h,
 * NAI_LIF_TIME_RESOLUTION); the caller abandons the run with NAI_ERR_TIME. */
#define NAI_LIF_STEP_TIME (-1)

/*
 * Exact method, general step of neuron j over [t0, t1] with V_inf [mV]
 * constant: a release from refractoriness inside the step, each crossing
 * located analytically, several spikes per step.  *v [mV] and *t_free [ms]
 * are the state at t0 and become the state at t1.  For a neuron free all
 * step from v < v_th its end value is the plain update's, decay v +
 * gain V_inf, bit for bit, so the drivers may use either.  0 if a spike
 * could not be stored, NAI_LIF_STEP_TIME if time cannot advance.
 */
int nai_lif_exact_step_general(const nai_lif_lane *lp, size_t j, double v_inf,
                               double t0, double t1, double *v, double *t_free,
                               nai_spikes *sp);

/*
 * One exact step of neuron j with input i [nA]: held all step (v set to
 * v_reset), the plain update when free all step and ending below
 * threshold, the general step otherwise.  0 if a spike could not be stored,
 * NAI_LIF_STEP_TIME if time cannot advance.
 */
int nai_lif_exact_step(const nai_lif_lane *lp, size_t j, double i, double t0,
                       double t1, double *v, double *t_free, nai_spikes *sp);

/* ---- the blocked drivers (nai_lif_fast.c) ------------------------------- */

/* Largest and smallest of x[0], x[stride], .. x[(rows-1) stride] into *mx,
 * *mn (both 0 for rows == 0), in the same pass the test that every element
 * is finite: returns 1 if so, 0 if one is NaN or +-inf (then *mx and *mn
 * skip NaNs).  Vector code for a contiguous run: a one-neuron call scans its
 * current before every run. */
int nai_lif_current_range(const double *x, size_t rows, ptrdiff_t stride,
                          double *mx, double *mn);

/*
 * Neurons [j0, j0 + nb), nb <= NAI_LIF_BLOCK, none recorded, over n_steps
 * steps from global step step0 (arguments as nai_lif_run's).  The state of
 * the block is written back only on success: on 0 (a spike could not be
 * stored) or NAI_LIF_STEP_TIME the state is untouched and the caller drops
 * the block's spikes.
 */
int nai_lif_exact_block(const nai_lif_params *p, const nai_lif_prop *pr,
                        size_t j0, size_t nb, size_t n_steps, int64_t step0,
                        const double *current, ptrdiff_t stride_t,
                        ptrdiff_t stride_n, nai_lif_state *s, nai_spikes *sp);

int nai_lif_euler_block(const nai_lif_params *p, const nai_lif_prop *pr,
                        size_t j0, size_t nb, size_t n_steps, int64_t step0,
                        const double *current, ptrdiff_t stride_t,
                        ptrdiff_t stride_n, nai_lif_state *s, nai_spikes *sp);

#endif /* NAI_LIF_FAST_H */
