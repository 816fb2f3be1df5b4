/*
 * nai_synapse.h -- exponential synapses driven by spike trains on a grid.
 *
 * A synaptic variable y (a conductance g [nS] or a current I [nA]) jumps by a
 * fixed amount w at each presynaptic spike and decays exponentially:
 *
 *   dy/dt = -y / tau_syn,        y <- y + w at each spike
 *
 *   conductance synapse:  y = g [nS], w = g_max [nS],
 *                         I_syn = 1e-3 * g * (e_syn - v)  [nA]
 *                         (nS x mV = pA, hence the 1e-3, NAI_NA_PER_NS_MV,
 *                         to get nA; nai_synapse_cond_current())
 *   current synapse:      y = I [nA], w = weight [nA] (negative: inhibitory)
 *
 * Time grid.  Step i covers [t_i, t_i + dt) with t_i = (step0 + i) * dt.  A
 * spike at time t belongs to step nai_grid_step(t, dt) = floor(t/dt + 1e-6):
 * the 1e-6 step guard makes times meant to lie on the grid (0.3 ms with
 * dt = 0.1 ms, where 0.3/0.1 = 2.9999999999999996) land on it.  Within its
 * step, a spike is applied at the START of the step, at t_i, as the course's
 * loop does (receive_spike, then read the current, then step(dt)).  The
 * trace value trace[i] is y at t_i just after that step's spikes, i.e. the
 * value the course's loop uses for the current during step i.
 *
 * Methods between grid points:
 *   NAI_EXACT  y <- y * exp(-dt / tau_syn)           (exact; this is also
 *                      the course's Synapse.step, g *= np.exp(-dt/tau_syn),
 *                      bit for bit, since np.exp and libm's exp agree)
 *   NAI_COURSE the same as NAI_EXACT for this variable (the course decays
 *                      every conductance exactly)
 *   NAI_EULER  y <- y + (-y) * (dt / tau_syn)        (forward Euler;
 *                      bit-identical to the same expression in NumPy,
 *                      built with -ffp-contract=off)
 *
 * Parameters
 *   name      unit     range        meaning
 *   tau_syn   ms       > 0          decay time constant (course default 5)
 *   weight    nS | nA  finite       jump per spike (g_max for conductances)
 *
 * Reference: Dayan & Abbott, "Theoretical Neuroscience" (2001), ch. 5.8;
 * Gerstner et al., "Neuronal Dynamics" (2014), ch. 3.1.
 */
#ifndef NAI_SYNAPSE_H
#define NAI_SYNAPSE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

typedef struct nai_synapse_params {
    double tau_syn;  /* decay time constant [ms], > 0 */
    double weight;   /* jump per spike [nS or nA], finite */
} nai_synapse_params;

typedef struct nai_synapse_prop {
    double dt;       /* step [ms] */
    double decay;    /* exp(-dt / tau_syn) [1] (exact method) */
    double euler_k;  /* dt / tau_syn [1] (Euler method) */
    nai_method method;
} nai_synapse_prop;

/* Synaptic current [nA] of a conductance g [nS] at membrane potential v
 * [mV] with reversal potential e_syn [mV]. */
static inline double
nai_synapse_cond_current(double g, double e_syn, double v)
{
    return NAI_NA_PER_NS_MV * g * (e_syn - v);
}

/*
 * One step of dy/dt = -y/tau_syn, the decay every exponential synapse shares
 * (this model's, the course's plastic synapses' g and the circuit's receptor variables):
 *   NAI_EXACT, NAI_COURSE  y decay,             decay = exp(-dt/tau_syn)
 *                                               (the course's g *= exp(...))
 *   NAI_EULER              y + (-y) euler_k,    euler_k = dt/tau_syn
 */
static inline double
nai_synapse_decay(double y, nai_method method, double decay, double euler_k)
{
    return method == NAI_EULER ? y + (-y) * euler_k : y * decay;
}

/* NAI_OK if tau_syn > 0, weight finite, dt > 0 and method NAI_EXACT,
 * NAI_EULER or NAI_COURSE (NaN fails), else NAI_ERR_PARAM. */
nai_status nai_synapse_check(const nai_synapse_params *p, int method, double dt);

/* Fill *out.  Precondition: nai_synapse_check(p, method, dt) == NAI_OK. */
void nai_synapse_prepare(const nai_synapse_params *p, int method, double dt,
                         nai_synapse_prop *out);

/*
 * Advance n independent exponential synapses over n_steps grid steps, the
 * first being absolute step step0 (t_0 = step0 * dt), in place.
 *
 *   y            : length n, the synaptic variable [nS or nA] at t_0 before
 *                  step0's spikes; on return, y at t_0 + n_steps*dt (after
 *                  the last step's decay), ready for the next chunk.
 *   times, index : n_spikes spikes: time [ms] (finite, non-decreasing) and
 *                  synapse (in [0, n)); every spike must fall in a step of
 *                  this run, step0 <= nai_grid_step(t, dt) < step0 + n_steps.
 *   rec, n_rec   : synapses to record (each in [0, n)); trace is
 *                  n_steps x n_rec, row-major (time-major), or NULL.
 *
 * Inputs are checked before anything is written: NAI_ERR_PARAM for bad
 * parameters, NAI_ERR_SHAPE for a spike off the run or out of order or an
 * index out of range; on error nothing is changed.  Caller owns all memory;
 * no allocation, no Python: may run with the GIL released.
 */
nai_status nai_synapse_run(const nai_synapse_params *p, const nai_synapse_prop *pr,
                           int64_t step0, size_t n_steps, size_t n, double *y,
                           size_t n_spikes, const double *times, const int64_t *index,
                           size_t n_rec, const int64_t *rec, double *trace);

#endif /* NAI_SYNAPSE_H */
