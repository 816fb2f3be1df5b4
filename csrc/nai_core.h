/*
 * nai_core.h -- status codes shared by every neuroai kernel.
 *
 * The C core never raises, prints or aborts on user input: each public
 * function that can fail returns a nai_status, and nai_strerror() turns it
 * into a short English sentence.  The Python layer validates first and gives
 * the friendly, unit-bearing message; the kernel checks again as a last line
 * of defence, so an error status from a kernel means "nothing was changed".
 * NAI_ERR_FULL and NAI_MORE are not errors but "call again": a full output
 * buffer (grow it and resume, below) and a stepped run with steps left
 * (nai_sim.h).
 */
#ifndef NAI_CORE_H
#define NAI_CORE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

typedef enum nai_status {
    NAI_OK = 0,
    NAI_ERR_NOMEM,   /* an allocation failed; no state was changed */
    NAI_ERR_PARAM,   /* a parameter is out of range (NaN included) */
    NAI_ERR_SHAPE,   /* array lengths or indices do not agree */
    NAI_ERR_FULL,    /* an output buffer is full; the caller grows it and resumes */
    NAI_MORE,        /* not an error: a stepped run has more steps to do (nai_sim.h) */
    NAI_ERR_TIME     /* time cannot advance: a model emitted more events in one
                      * step than its parameters allow, or at times float64
                      * cannot tell apart; the run is abandoned */
} nai_status;

/* Static English text for a status; never NULL, never to be freed. */
const char *nai_strerror(nai_status st);

/*
 * Integration method, one enum for every model:
 *   NAI_EXACT  the linear ODEs integrated exactly for input held constant
 *              on each step (propagators exp(-dt/tau)),
 *   NAI_EULER  forward Euler for every variable,
 *   NAI_COURSE the public course's mixed scheme for its synapses: the
 *              conductance decays exactly (g *= exp(-dt/tau_syn)) and the
 *              plasticity variables x, u recover by forward Euler, in the
 *              course's expressions, bit for bit.  Only the course's
 *              synapse models accept it (nai_synapse.h, nai_stp.h).
 * Each model's header says what the methods mean for its equations.
 */
typedef enum nai_method {
    NAI_EXACT = 0,
    NAI_EULER = 1,
    NAI_COURSE = 2
} nai_method;

/* ---- units and limits shared by the kernels ---- */

/* nS x mV = pA: the factor that turns a conductance [nS] times a driving
 * force [mV] into a current in nA (the unit of every current here). */
#define NAI_NA_PER_NS_MV 1e-3

/* Milliseconds per second: a rate [Hz] times a duration [ms] / NAI_MS_PER_S
 * is a count, and NAI_MS_PER_S / rate [Hz] is an interval in ms. */
#define NAI_MS_PER_S 1000.0

/* Exclusive upper bound on t_ref/dt, checked wherever round(t_ref/dt) is
 * kept as an int64 step count: below INT64_MAX (about 9.22e18), so the
 * conversion is defined. */
#define NAI_REF_STEPS_MAX 9.0e18

/* Output spikes as events (neuron, time) in caller-owned buffers, shared by
 * every model that emits spikes.  A kernel appends at count and returns
 * NAI_ERR_FULL when count reaches capacity; its header says what was
 * finished and how to resume after the caller has grown the buffers. */
typedef struct nai_spikes {
    int64_t *neuron;    /* neuron index of each spike */
    double *time;       /* spike time [ms] */
    size_t count;       /* events stored so far */
    size_t capacity;    /* length of both buffers */
} nai_spikes;

/* Capacity a spike buffer starts with when it first grows [events]. */
#define NAI_SPIKES_INITIAL ((size_t)1024)

/*
 * The one grow rule of a spike buffer: make capacity >= need, growing to
 * the largest of need, twice the capacity and NAI_SPIKES_INITIAL, so that a
 * run appending k events reallocates O(log k) times.  Stored events are
 * kept.  NAI_ERR_NOMEM leaves the events readable (capacity unchanged).
 *
 * Resume protocol (every model): a kernel that finds its buffer full stops
 * at a point its header names (a neuron, a step, or the start of a
 * generator that restarts from its seed), returns NAI_ERR_FULL with that
 * point, and is called again from it after nai_spikes_reserve(sp, need):
 * need = sp->count + the free slots it needs to make progress when the
 * kernel knows them (a network step: one per neuron; a generator: its
 * count), else sp->capacity + 1, which doubles the buffer.
 */
nai_status nai_spikes_reserve(nai_spikes *sp, size_t need);

/* Free both buffers and empty *sp; NULL-safe, and safe to call twice. */
void nai_spikes_free(nai_spikes *sp);

/* ---- the time grid ----------------------------------------------------
 *
 * Step i of a run covers [i dt, (i+1) dt).  A spike given at time t [ms] is
 * delivered in step floor(t/dt + NAI_GRID_GUARD): the guard, in steps,
 * lets a time written as k*dt in decimal (0.3 for k = 3, dt = 0.1) count
 * as on grid point k although its float64 value lies an ulp below it.
 */
#define NAI_GRID_GUARD 1e-6

/* Step index of a spike at time t [ms] on a grid of step dt [ms].
 * Precondition: t finite, dt > 0. */
static inline int64_t
nai_grid_step(double t, double dt)
{
    return (int64_t)floor(t / dt + NAI_GRID_GUARD);
}

/* NAI_OK if the n_spikes spikes (times [ms] finite and non-decreasing,
 * index in [0, n)) all fall in steps step0 .. step0 + n_steps - 1 of a grid
 * of step dt, else NAI_ERR_SHAPE.  O(n_spikes); no allocation. */
nai_status nai_grid_check_spikes(double dt, int64_t step0, size_t n_steps, size_t n,
                                 size_t n_spikes, const double *times,
                                 const int64_t *index);

/* NAI_OK if every rec[j] is in [0, n), else NAI_ERR_SHAPE. */
nai_status nai_check_indices(size_t n_rec, const int64_t *rec, size_t n);

#endif /* NAI_CORE_H */
