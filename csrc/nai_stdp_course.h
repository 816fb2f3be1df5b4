/*
 * nai_stdp_course.h -- the public course's STDP neuron (its LIFNeuronSTDP):
 * one leaky integrate-and-fire neuron behind n plastic synapses whose
 * weights follow pair-based STDP with online traces, stepped exactly as the
 * course's notebook (tutorials/13_learning/stdp.ipynb) steps it.
 *
 * Per step of dt [ms], in the course's order (the order is the model: a
 * presynaptic spike in the step of a postsynaptic one potentiates by A+ with
 * a trace of 1, and depresses with the trace y from before that spike):
 *
 *   1. traces decay:  x_j <- x_j d_plus,  y <- y d_minus,
 *                     d_plus = exp(-dt/tau_plus), d_minus = exp(-dt/tau_minus)
 *   2. if any input j spikes in the step (the set S, ascending j):
 *        for j in S:  x_j <- x_j + 1;  w_j <- w_j - (A- y)
 *        every w_k <- clip(w_k, 0, w_max)             (all of them, as np.clip)
 *   3. I = 10 sum_{j in S} w_j                        (NumPy's pairwise sum, below)
 *      V <- V + ((-(V - v_rest)) + I) / tau_m * dt    (forward Euler, R = 1)
 *   4. if V >= v_thresh:  V <- v_reset;  y <- y + 1;
 *        every w_k <- clip(w_k + (A+ x_k), 0, w_max)
 *
 * There is no refractory period.  Recorded per step: V after step 4 (the
 * course's v_rec), y after step 4, and whether the neuron fired; every
 * rec_every-th absolute step (the course's `t % 100 == 0`): the weights and
 * the traces x after step 4.
 *
 * Rounding.  Every operation is the course's, in its order, so a run equals
 * the notebook's loop bit for bit: the build must not contract a * b + c
 * into a fused multiply-add (-ffp-contract=off, setup.py), and the sum of
 * step 3 is NumPy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src:
 * below 8 terms a plain loop from 0.0, up to 128 eight accumulators added
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) then the rest in turn, beyond that
 * the two halves split at a multiple of 8), which is what np.sum of the
 * course's weights[input_spikes] computes.  The decay factors are libm's
 * exp, which is what NumPy's np.exp of a float64 scalar returns on the
 * platforms tested (tests/test_learning.py compares them).
 *
 * Parameters (course defaults)
 *   name       unit  range                default  meaning
 *   tau_m      ms    > 0                  20       membrane time constant
 *   v_rest     mV    finite               -65      resting potential
 *   v_reset    mV    finite, < v_thresh   -65      reset potential
 *   v_thresh   mV    finite               -50      threshold
 *   tau_plus   ms    > 0                  20       decay of the presynaptic traces x
 *   tau_minus  ms    > 0                  20       decay of the postsynaptic trace y
 *   a_plus     1     >= 0, finite         0.01     potentiation per unit of x
 *   a_minus    1     >= 0, finite         0.012    depression per unit of y
 *   w_max      1     > 0, finite          1        upper weight bound (lower: 0)
 * The drive per unit weight, NAI_STDP_COURSE_DRIVE = 10 mV, is the course's
 * fixed "scaling factor for current" (with R = 1: a current of 10 w).
 *
 * Reference: S. Song, K. D. Miller, L. F. Abbott (2000), Competitive Hebbian
 * learning through spike-timing-dependent synaptic plasticity, Nat. Neurosci.
 * 3:919 (the traces); T. Masquelier, R. Guyonneau, S. J. Thorpe (2008),
 * Spike timing dependent plasticity finds the start of repeating patterns in
 * continuous spike trains, PLoS ONE 3:e1377 (the experiment).
 */
#ifndef NAI_STDP_COURSE_H
#define NAI_STDP_COURSE_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

/* The course's drive per unit weight [mV]: I = 10 sum w, added with R = 1. */
#define NAI_STDP_COURSE_DRIVE 10.0

typedef struct nai_stdp_course_params {
    double tau_m;      /* membrane time constant [ms], > 0 */
    double v_rest;     /* resting potential [mV] */
    double v_reset;    /* reset potential [mV], < v_thresh */
    double v_thresh;   /* threshold [mV] */
    double tau_plus;   /* presynaptic trace time constant [ms], > 0 */
    double tau_minus;  /* postsynaptic trace time constant [ms], > 0 */
    double a_plus;     /* potentiation amplitude [1], >= 0 */
    double a_minus;    /* depression amplitude [1], >= 0 */
    double w_max;      /* weight bound [1], > 0 */
} nai_stdp_course_params;

/* The parameter table the binding passes: rows in this order, named by
 * nai_stdp_course_rows (the fields above). */
enum {
    NAI_STDPC_TAU_M, NAI_STDPC_V_REST, NAI_STDPC_V_RESET, NAI_STDPC_V_THRESH,
    NAI_STDPC_TAU_PLUS, NAI_STDPC_TAU_MINUS, NAI_STDPC_A_PLUS, NAI_STDPC_A_MINUS,
    NAI_STDPC_W_MAX, NAI_STDPC_ROWS
};
extern const char *const nai_stdp_course_rows[NAI_STDPC_ROWS];
void nai_stdp_course_from_table(const double *table, nai_stdp_course_params *p);

/* Derived once from (params, dt) by nai_stdp_course_prepare. */
typedef struct nai_stdp_course_prop {
    double dt;         /* step [ms] */
    double d_plus;     /* exp(-dt/tau_plus) [1] */
    double d_minus;    /* exp(-dt/tau_minus) [1] */
} nai_stdp_course_prop;

/* The evolving state; x and w belong to the caller (length n). */
typedef struct nai_stdp_course_state {
    double v;          /* membrane potential [mV], finite */
    double y;          /* postsynaptic trace [1], finite, >= 0 */
    double *x;         /* presynaptic traces [1], finite, >= 0 */
    double *w;         /* weights [1], finite (outside [0, w_max] until the
                          first clip, as the course's initial draw may be) */
} nai_stdp_course_state;

/* NAI_OK if every field is in range and dt is finite and > 0 (NaN fails),
 * else NAI_ERR_PARAM. */
nai_status nai_stdp_course_check(const nai_stdp_course_params *p, double dt);

/* Fill *out.  Precondition: nai_stdp_course_check(p, dt) == NAI_OK. */
void nai_stdp_course_prepare(const nai_stdp_course_params *p, double dt,
                             nai_stdp_course_prop *out);

/* NumPy's pairwise sum of a[0 .. n) (np.add.reduce of a contiguous float64
 * array), bit for bit; 0.0 for n = 0.  Pure, no allocation. */
double nai_stdp_course_sum(const double *a, size_t n);

/* NAI_OK if the state (v, y finite; every x_j finite and >= 0, y >= 0;
 * every w_j finite) and the events are valid, else NAI_ERR_PARAM (state) or
 * NAI_ERR_SHAPE (events): ev_step[k] in [0, n_steps), non-decreasing;
 * ev_index[k] in [0, n), strictly increasing within a step. */
nai_status nai_stdp_course_check_run(const nai_stdp_course_state *s, size_t n,
                                     size_t n_steps, size_t n_events,
                                     const int64_t *ev_step, const int64_t *ev_index);

/* Rows of the periodic record of a run of n_steps steps from absolute step
 * step0 >= 0: the multiples of rec_every (>= 1) in [step0, step0 + n_steps). */
size_t nai_stdp_course_rec_rows(int64_t step0, size_t n_steps, size_t rec_every);

/*
 * Steps [i0, i1) of a run of n inputs that starts at absolute step step0,
 * in place (the course's loop, steps 1-4 above).
 *   s         : the state before step i0; on return, after step i1 - 1.
 *   ev_step, ev_index, n_events : the input spikes of the whole run (steps
 *               relative to its start, as nai_stdp_course_check_run); *ev_pos
 *               is the first event of step >= i0 and is advanced past i1 - 1.
 *   scratch   : n doubles, the caller's (the active weights, summed).
 *   v_trace, y_trace, fired : per step of the run (index i), or NULL.
 *   w_rec, x_rec : (nai_stdp_course_rec_rows(step0, ...), n), row r the
 *               state after the r-th recorded step of the run; or NULL.
 * Preconditions: params checked, prepared; nai_stdp_course_check_run OK.
 * No allocation, no Python: may run with the GIL released.
 */
void nai_stdp_course_steps(const nai_stdp_course_params *p, const nai_stdp_course_prop *pr,
                           size_t n, int64_t step0, size_t i0, size_t i1,
                           nai_stdp_course_state *s, size_t n_events,
                           const int64_t *ev_step, const int64_t *ev_index, size_t *ev_pos,
                           double *scratch, double *v_trace, double *y_trace,
                           uint8_t *fired, size_t rec_every, double *w_rec, double *x_rec);

/*
 * Stepping object (the protocol of nai_sim.h): a whole run, cut into steps
 * of about NAI_CHUNK_UPDATES synapse updates (whole time steps), so that a
 * caller checks for Ctrl-C between them.  Arguments as nai_stdp_course_steps
 * for the whole run (i0 = 0, i1 = n_steps); _new checks the parameters
 * (NAI_ERR_PARAM), the state (NAI_ERR_PARAM) and the events (NAI_ERR_SHAPE)
 * before anything is written, and allocates the scratch (NAI_ERR_NOMEM).
 * Cutting never changes the result.  The state's arrays, the events and the
 * outputs belong to the caller and must outlive the object.
 */
typedef struct nai_stdp_course_sim nai_stdp_course_sim;

nai_status nai_stdp_course_sim_new(const nai_stdp_course_params *p, double dt, size_t n,
                                   int64_t step0, size_t n_steps, nai_stdp_course_state *s,
                                   size_t n_events, const int64_t *ev_step,
                                   const int64_t *ev_index, double *v_trace,
                                   double *y_trace, uint8_t *fired, size_t rec_every,
                                   double *w_rec, double *x_rec,
                                   nai_stdp_course_sim **out);
/* NAI_MORE while steps are left, NAI_OK once the run is complete. */
nai_status nai_stdp_course_sim_step(nai_stdp_course_sim *sim);
void nai_stdp_course_sim_free(nai_stdp_course_sim *sim);

#endif /* NAI_STDP_COURSE_H */
