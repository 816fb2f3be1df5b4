/*
 * nai_lif.h -- leaky integrate-and-fire neurons driven by a current.
 *
 * Membrane equation (the course's, Gerstner et al., "Neuronal Dynamics",
 * 2014, ch. 1.3):
 *
 *     tau_m dV/dt = -(V - v_rest) + R I(t)
 *
 * with a spike when V >= v_threshold, after which V is set to v_reset and
 * held there for t_ref.  I(t) is constant on each step [i dt, (i+1) dt).
 *
 * Two methods:
 *
 * NAI_EXACT  For constant I the solution over a time h is
 *                    V(t + h) = V_inf + (V(t) - V_inf) exp(-h / tau_m),
 *                    V_inf = v_rest + R I,
 *                so a whole step costs one multiply-add with the
 *                propagators P = exp(-dt/tau_m) and Q = -expm1(-dt/tau_m):
 *                    V <- P V + Q V_inf.
 *                When the end-of-step value reaches threshold, the crossing
 *                time inside the step is found analytically,
 *                    s = tau_m ln((V_inf - V) / (V_inf - v_threshold)),
 *                the neuron is reset there, held for t_ref (a real-valued
 *                time, not a number of steps) and the rest of the step is
 *                integrated from v_reset; several spikes per step are
 *                handled.  Spike times therefore do not depend on dt.
 *                A free neuron whose potential at the start of a step is
 *                already >= v_threshold (an initial value: integration
 *                never leaves one there) fires at the start of that step,
 *                t = (step0 + i) dt, whatever dt and the input, as NEST's
 *                precise models do; it is then reset and held like any
 *                other spike.
 *                Refractoriness is kept as the absolute time t_free [ms] at
 *                which the neuron is released, so chunked runs add no
 *                rounding drift.
 *
 * NAI_EULER  Forward Euler exactly as the course writes it,
 *                    V <- V + (-(V - v_rest) + R I) * (dt / tau_m),
 *                a spike at t = i dt (the start of the step whose update
 *                crossed) and V <- v_reset, then V is held at v_reset for
 *                round(t_ref / dt) whole steps (half to even, like
 *                Python's round).  The threshold is tested after the
 *                update only, as the course does, so an initial value at
 *                or above threshold fires only if the first update leaves
 *                it there.  Built with -ffp-contract=off, so it
 *                agrees bit for bit with the same expression in NumPy.
 *
 * Paths.  Unrecorded neurons run in blocks with vector code for the
 * instruction set chosen once (nai_cpu.h: portable, AVX2, AVX-512),
 * recorded ones one by one; every path performs the same IEEE operations in
 * the same order, so spikes, final state and trace are the same bits on
 * every instruction set and whether or not a neuron is recorded.
 *
 * Parameters (one value per neuron; the Python layer broadcasts scalars):
 *
 *   name         unit   course default  range
 *   tau_m        ms     20              > 0
 *   v_rest       mV     -70             finite
 *   v_reset      mV     -80             < v_threshold
 *   v_threshold  mV     -55             finite
 *   resistance   MOhm   10              finite (MOhm x nA = mV)
 *   t_ref        ms     0               >= 0
 *
 * References: Lapicque (1907); exact integration of linear neuron models,
 * Rotter & Diesmann, Biol. Cybern. 81:381 (1999); the precise spike-time
 * idea of Hanuschkin et al., Front. Neuroinform. 4:113 (2010), here in its
 * closed form since the subthreshold solution is a single exponential.
 */
#ifndef NAI_LIF_H
#define NAI_LIF_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

/*
 * Runs whose time cannot advance.  With the exact method a neuron driven
 * to V_inf = v_rest + R I > v_threshold fires every
 *
 *     isi = t_ref + tau_m ln((V_inf - v_reset) / (V_inf - v_threshold))  [ms],
 *
 * so a step of dt holds at most dt / isi + 1 spikes.  A run is refused
 * when V_inf is not finite (R I overflows), when its end time
 * t_end = (step0 + n_steps) dt is not finite, or when the shortest isi of
 * a neuron (at its largest input) is below t_end * NAI_LIF_TIME_RESOLUTION:
 * spike times that close are no longer told apart by float64 (52-bit
 * mantissa; 2^-44 leaves each interval at least 256 ulps of the time), and
 * a step would emit spikes without time advancing.  The Python layer
 * checks the rule before a run, naming the parameters; the kernel checks
 * it again at each step with more than one spike, and stops with
 * NAI_ERR_TIME when a step emits more than dt / isi + 2 spikes or isi is
 * below the resolution (or NaN), instead of filling memory.
 */
#define NAI_LIF_TIME_RESOLUTION 0x1p-44

/*
 * One forward-Euler step of the membrane, the course's expression in its own
 * order (v, v_rest [mV]; r [MOhm]; i [nA]; k = dt/tau_m [1]).  Every Euler
 * kernel (this model's and the network's) calls it, so the arithmetic, and
 * with -ffp-contract=off its rounding, exists once.
 */
static inline double
nai_lif_euler_v(double v, double v_rest, double r, double i, double k)
{
    return v + (-(v - v_rest) + r * i) * k;
}

/* Per-neuron parameter arrays, each of length n; not owned. */
typedef struct nai_lif_params {
    const double *tau_m;        /* membrane time constant [ms], > 0 */
    const double *v_rest;       /* resting potential [mV] */
    const double *v_reset;      /* reset potential [mV], < v_threshold */
    const double *v_threshold;  /* spike threshold [mV] */
    const double *resistance;   /* membrane resistance [MOhm] */
    const double *t_ref;        /* refractory period [ms], >= 0 */
} nai_lif_params;

/* Propagators derived once from (params, dt) by nai_lif_prepare(). */
typedef struct nai_lif_prop {
    size_t n;
    double dt;          /* step [ms] */
    double *decay;      /* exp(-dt / tau_m) [1], length n */
    double *gain;       /* -expm1(-dt / tau_m) = 1 - decay [1], length n */
    double *euler_k;    /* dt / tau_m [1], the Euler factor, length n */
    int64_t *ref_steps; /* Euler: round(t_ref / dt), half to even, length n */
} nai_lif_prop;

/* State arrays of length n, owned by the caller, updated in place. */
typedef struct nai_lif_state {
    double *v;          /* membrane potential [mV] */
    double *t_free;     /* exact: time at which refractoriness ends [ms] */
    int64_t *ref_left;  /* Euler: whole steps still to hold at v_reset */
} nai_lif_state;

/*
 * NAI_OK if dt > 0 and every neuron's parameters are in range (NaN fails),
 * else NAI_ERR_PARAM.  O(n).
 */
nai_status nai_lif_check(const nai_lif_params *p, size_t n, double dt);

/*
 * The run-level rule above (NAI_LIF_TIME_RESOLUTION) for n neurons over
 * n_steps steps of dt from step0, with the current laid out as in
 * nai_lif_run; nai_lif_check must have passed.  One pass over the distinct
 * elements of the current (its largest and smallest input per neuron).
 * NAI_ERR_PARAM when the current holds NaN or inf (then *current_finite,
 * if not NULL, is set to 0), when V_inf = v_rest + R I is not finite for
 * some input or the end time is not finite; NAI_ERR_TIME when the exact
 * method's shortest interspike interval is below the resolution; else
 * NAI_OK with *spike_bound [spikes] the most spikes the run can emit: per
 * neuron n_steps dt / isi + 2 (exact) or n_steps + 1 (Euler).
 */
nai_status nai_lif_check_run(const nai_lif_params *p, nai_method method, size_t n,
                             double dt, int64_t step0, size_t n_steps,
                             const double *current, ptrdiff_t stride_t,
                             ptrdiff_t stride_n, double *spike_bound,
                             int *current_finite);

/* Allocate propagators for n neurons; NULL when out of memory.
 * nai_lif_prop_free(NULL) is a no-op. */
nai_lif_prop *nai_lif_prop_new(size_t n);
void nai_lif_prop_free(nai_lif_prop *pr);

/* Fill pr (made by nai_lif_prop_new(n)).  Precondition: nai_lif_check OK. */
void nai_lif_prepare(const nai_lif_params *p, double dt, nai_lif_prop *pr);

/*
 * Advance neurons [j_begin, j_end) of n by n_steps steps, starting at global step
 * index step0 (so step i covers [(step0 + i) dt, (step0 + i + 1) dt)).
 *
 *   current   input [nA]: step i, neuron j is current[i*stride_t + j*stride_n]
 *             (strides in elements, either may be 0 for a broadcast input)
 *   s         state of all n neurons, updated in place
 *   rec_pos   NULL, or length n: column of neuron j in v_trace, or -1
 *   v_trace   NULL, or (n_steps, n_rec) row-major: V [mV] at the start of
 *             each step, i.e. at t = (step0 + i) dt
 *   spikes    events are appended at spikes->count
 *   j_done    on NAI_ERR_FULL: neurons [j_begin, *j_done) are finished and
 *             their spikes stored; neurons from *j_done on are untouched
 *             (state and spikes), so the caller grows the buffers and calls
 *             again with j_begin = *j_done.  On NAI_OK, *j_done == j_end.
 *
 * Disjoint neuron ranges touch disjoint memory (state, trace columns), so
 * several threads may run disjoint ranges at once, each with its own
 * spike buffer.
 *
 * Spikes are appended neuron by neuron, in time order within a neuron.
 * Does not allocate and calls no Python: may run without the GIL.
 */
nai_status nai_lif_run(const nai_lif_params *p, const nai_lif_prop *pr,
                       nai_method method, size_t n, size_t j_begin,
                       size_t j_end, size_t n_steps, int64_t step0,
                       const double *current, ptrdiff_t stride_t,
                       ptrdiff_t stride_n, nai_lif_state *s,
                       const int64_t *rec_pos, size_t n_rec, double *v_trace,
                       nai_spikes *spikes, size_t *j_done);

/*
 * Group spike events by neuron (a stable counting sort) from n_buffers
 * buffers taken as one sequence, buffer after buffer (the buffers of
 * parallel jobs need no merging first): on return offsets[j] .. offsets[j+1]
 * index the spikes of neuron j in out_time, in the order they were stored.
 * offsets has length n + 1.  Returns NAI_ERR_SHAPE if a neuron index is
 * outside [0, n).
 */
nai_status nai_lif_group_spikes(const nai_spikes *spikes, size_t n_buffers,
                                size_t n, int64_t *offsets, double *out_time);

#endif /* NAI_LIF_H */
