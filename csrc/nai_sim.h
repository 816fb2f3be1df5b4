/*
 * nai_sim.h -- stepping objects: one run of a model, cut into steps.
 *
 * Each model's kernel advances a given piece of work; how a whole run is
 * cut into pieces, how threads share them and how a full spike buffer is
 * grown is engine policy, and it lives here, not in the Python binding.
 * The protocol is the same for every model (python-zstandard's streaming
 * calls over libzstd are the model):
 *
 *     nai_<model>_sim *sim;
 *     st = nai_<model>_sim_new(..., &sim);     checks everything, allocates
 *     while ((st = nai_<model>_sim_step(sim)) == NAI_MORE)
 *         ;                                    (the caller may stop here)
 *     ... read the outputs (st == NAI_OK) ...
 *     nai_<model>_sim_free(sim);               NULL-safe
 *
 * _new validates the parameters, spikes and recorded indices once, before
 * anything is written, and returns NAI_ERR_PARAM / NAI_ERR_SHAPE /
 * NAI_ERR_NOMEM with *out = NULL, or NAI_OK with a new object.  Each _step
 * runs one chunk of about NAI_CHUNK_UPDATES neuron or synapse updates (a
 * few milliseconds), so a caller that checks for an interrupt between steps
 * reacts promptly.  It returns NAI_MORE while work is left, NAI_OK once the
 * run is complete (and again on further calls), or an error status, after
 * which the run is abandoned: the state arrays hold a partial run.  Cutting
 * never changes a result: every chunk does the same arithmetic, in the same
 * order, as one long call, for any number of threads.
 *
 * Memory.  Parameter, input and state arrays and the trace outputs belong
 * to the caller and must outlive the object; the state arrays are updated
 * in place.  The object owns its propagators and its spike buffers.
 * Nothing here calls Python, so _step may run with the GIL released.
 *
 * Parameter tables.  A binding passes each model's parameters as one
 * float64 table whose rows are named below (row r of a per-neuron table of
 * n columns starts at table + r * n); nai_*_from_table points a params
 * struct into such a table, and nai_*_rows lists the rows' names, the
 * struct fields' names, for the binding to export.
 */
#ifndef NAI_SIM_H
#define NAI_SIM_H

#include <stddef.h>
#include <stdint.h>
#include "nai_circuit.h"
#include "nai_core.h"
#include "nai_lif.h"
#include "nai_perceptron.h"
#include "nai_stp.h"
#include "nai_synapse.h"
#include "nai_thread.h"

/* Work per step of every stepping object [neuron or synapse updates]. */
#define NAI_CHUNK_UPDATES ((size_t)1 << 23)
/* Spikes per step of an event-driven run (Tsodyks-Markram): an event costs
 * an exponential and, in a large population, a cache miss (20-100 ns). */
#define NAI_CHUNK_SPIKES ((size_t)1 << 19)
/* Work of one trace sample of an event-driven run [updates]: an exponential. */
#define NAI_TM_SAMPLE_UPDATES ((size_t)16)

/* Most threads one LIF run uses, and the fewest neurons worth a thread: a
 * run uses threads only from 2 * NAI_LIF_MIN_NEURONS_PER_THREAD neurons. */
#define NAI_LIF_MAX_THREADS NAI_THREAD_MAX
#define NAI_LIF_MIN_NEURONS_PER_THREAD ((size_t)4096)

/* ---- parameter tables -------------------------------------------------- */

/* LIF, per neuron: (NAI_LIF_ROWS, n). */
enum {
    NAI_LIF_TAU_M, NAI_LIF_V_REST, NAI_LIF_V_RESET, NAI_LIF_V_THRESHOLD,
    NAI_LIF_RESISTANCE, NAI_LIF_T_REF, NAI_LIF_ROWS
};
extern const char *const nai_lif_rows[NAI_LIF_ROWS];
void nai_lif_from_table(const double *table, size_t n, nai_lif_params *p);

/* Shared-parameter synapse models: one value per row, (ROWS,). */
enum { NAI_EXPSYN_TAU_SYN, NAI_EXPSYN_WEIGHT, NAI_EXPSYN_ROWS };
extern const char *const nai_expsyn_rows[NAI_EXPSYN_ROWS];
void nai_expsyn_from_table(const double *table, nai_synapse_params *p);

enum { NAI_TM_U, NAI_TM_TAU_REC, NAI_TM_TAU_FAC, NAI_TM_ROWS };
extern const char *const nai_tm_rows[NAI_TM_ROWS];
void nai_tm_from_table(const double *table, nai_stp_tm_params *p);

enum { NAI_DEP_G_MAX, NAI_DEP_TAU_SYN, NAI_DEP_TAU_REC, NAI_DEP_U, NAI_DEP_ROWS };
extern const char *const nai_dep_rows[NAI_DEP_ROWS];
void nai_dep_from_table(const double *table, nai_stp_dep_params *p);

enum {
    NAI_FAC_G_MAX, NAI_FAC_TAU_SYN, NAI_FAC_TAU_FACIL, NAI_FAC_U_BASE,
    NAI_FAC_U_MAX, NAI_FAC_U_STEP, NAI_FAC_ROWS
};
extern const char *const nai_fac_rows[NAI_FAC_ROWS];
void nai_fac_from_table(const double *table, nai_stp_fac_params *p);

/* ---- LIF neurons driven by a current (nai_lif) --------------------------
 *
 * n neurons over n_steps steps from absolute step step0 (>= 0, and every
 * s->ref_left >= 0: else NAI_ERR_PARAM); current, strides,
 * state, rec_pos and v_trace as in nai_lif_run, except that the recorded
 * neurons are given as rec[0 .. n_rec) (distinct, in [0, n): else
 * NAI_ERR_SHAPE), v_trace being (n_steps, n_rec).  n_threads (clamped to
 * [1, NAI_LIF_MAX_THREADS] and to one thread per
 * NAI_LIF_MIN_NEURONS_PER_THREAD neurons) share each step by neuron ranges
 * of whole 32-neuron blocks.  Chunks: a constant input (stride_t == 0) of
 * moderate length is cut by neurons (each block sets up once); any other by
 * time, with few enough rows of a time-varying input to stay in cache.
 * A spike buffer that fills is grown once and the step returns NAI_MORE
 * with its chunk part done (resumed, by the next step, at each job's first
 * unfinished neuron): every growth returns to the caller, which may stop
 * the run there, and a run that emits more spikes than memory holds ends
 * in NAI_ERR_NOMEM after O(log spikes) steps.  A neuron that emits more
 * spikes in one step than its interspike interval allows ends the run with
 * NAI_ERR_TIME (nai_lif.h).
 */
typedef struct nai_lif_sim nai_lif_sim;

nai_status nai_lif_sim_new(const nai_lif_params *p, double dt, nai_method method,
                           size_t n, size_t n_steps, int64_t step0,
                           const double *current, ptrdiff_t stride_t,
                           ptrdiff_t stride_n, nai_lif_state *s, size_t n_rec,
                           const int64_t *rec, double *v_trace, int n_threads,
                           nai_lif_sim **out);
nai_status nai_lif_sim_step(nai_lif_sim *sim);
/* After NAI_OK: the number of spikes, and the spikes grouped by neuron
 * (offsets, length n + 1, and times, length nai_lif_sim_spike_count), as
 * nai_lif_group_spikes; the result does not depend on n_threads. */
size_t nai_lif_sim_spike_count(const nai_lif_sim *sim);
nai_status nai_lif_sim_spikes(const nai_lif_sim *sim, int64_t *offsets, double *times);
void nai_lif_sim_free(nai_lif_sim *sim);

/* ---- exponential synapses (nai_synapse) ---------------------------------
 * Arguments as nai_synapse_run for the whole run; chunks of whole steps. */
typedef struct nai_synapse_sim nai_synapse_sim;

nai_status nai_synapse_sim_new(const nai_synapse_params *p, nai_method method,
                               double dt, int64_t step0, size_t n_steps, size_t n,
                               double *y, size_t n_spikes, const double *times,
                               const int64_t *index, size_t n_rec,
                               const int64_t *rec, double *trace,
                               nai_synapse_sim **out);
nai_status nai_synapse_sim_step(nai_synapse_sim *sim);
void nai_synapse_sim_free(nai_synapse_sim *sim);

/* ---- Tsodyks-Markram synapses, event-driven (nai_stp) -------------------
 * Arguments as nai_stp_tm_run for the whole run (traces when n_steps > 0 and
 * n_rec > 0, which needs a finite dt > 0).  With traces, chunks of grid
 * steps (about NAI_CHUNK_UPDATES / NAI_TM_SAMPLE_UPDATES samples, and no
 * fewer than n) and the spikes before the next chunk's first grid time,
 * ended early when those are more than NAI_CHUNK_SPIKES; the spikes after
 * the last grid time, or all without traces, in chunks of NAI_CHUNK_SPIKES
 * (and no fewer than n / 2: each chunk loads and stores every synapse).
 * Spike order is checked by each step before it writes (NAI_ERR_SHAPE). */
typedef struct nai_stp_tm_sim nai_stp_tm_sim;

nai_status nai_stp_tm_sim_new(const nai_stp_tm_params *p, size_t n, double *x,
                              double *u, double *t_last, uint8_t *has_spiked,
                              size_t n_spikes, const double *times,
                              const int64_t *index, double *efficacy,
                              int64_t step0, size_t n_steps, double dt,
                              size_t n_rec, const int64_t *rec, double *x_trace,
                              double *u_trace, nai_stp_tm_sim **out);
nai_status nai_stp_tm_sim_step(nai_stp_tm_sim *sim);
void nai_stp_tm_sim_free(nai_stp_tm_sim *sim);

/* ---- the course's depressing and facilitating synapses (nai_stp) --------
 * kind selects the model and which of dep / fac is read (the other may be
 * NULL); s is x (depressing) or u (facilitating).  Other arguments as
 * nai_stp_dep_run / nai_stp_fac_run for the whole run. */
typedef enum nai_course_kind {
    NAI_COURSE_DEP = 0,   /* nai_stp_dep_*: the course's depressing synapse */
    NAI_COURSE_FAC = 1    /* nai_stp_fac_*: the course's facilitating synapse */
} nai_course_kind;

typedef struct nai_course_sim nai_course_sim;

nai_status nai_course_sim_new(nai_course_kind kind, const nai_stp_dep_params *dep,
                              const nai_stp_fac_params *fac, nai_method method,
                              double dt, int64_t step0, size_t n_steps, size_t n,
                              double *g, double *s, size_t n_spikes,
                              const double *times, const int64_t *index,
                              double *efficacy, size_t n_rec, const int64_t *rec,
                              double *g_trace, double *s_trace,
                              nai_course_sim **out);
nai_status nai_course_sim_step(nai_course_sim *sim);
void nai_course_sim_free(nai_course_sim *sim);

/* ---- circuits (nai_circuit) ---------------------------------------------
 * A run of n_steps steps from absolute step step0 >= 0 of the circuit p
 * (nai_circuit.h), the state s updated in place.  times, src: the n_events
 * train spikes of the run (sorted, each in the run's steps and from a train
 * source: else NAI_ERR_SHAPE).  Traces where v_trace / y_trace are not NULL:
 * V of the neurons rec_n and y of the receptor variables rec_y, at the
 * absolute steps that are multiples of rec_every, (nai_circ_trace_rows, n_rec)
 * each; likewise x_trace / u_trace, the plasticity state of the connections
 * rec_c (indices in [0, n_conn)), where not NULL.  counts (NULL: none): (ceil(n_steps / rate_bin), n_pop) zeros on
 * entry, the spikes per population in bins of rate_bin steps from step0.
 * record_spikes = 0 stores no spikes (the rates and the recurrence still see
 * them).  _new checks the whole run once; each step advances about
 * NAI_CHUNK_UPDATES updates of whole steps (neurons, receptor variables and
 * the connections of the spikes sent), and ends early (NAI_MORE) when
 * the spike buffer is nearly full: the next step grows it (at least
 * doubling), so every growth returns to the caller.  n_threads (clamped to
 * [1, NAI_CIRC_MAX_THREADS] and to n) share each step: the neurons split
 * into even ranges, each thread updating its own and delivering every
 * spike to its own targets, with one barrier per step (nai_circuit.h);
 * the result does not depend on it.  A caller chooses threads from
 * NAI_CIRC_MIN_NEURONS_PER_THREAD neurons per thread: below, the barrier
 * costs more than the split saves. */
#define NAI_CIRC_MAX_THREADS 2
#define NAI_CIRC_MIN_NEURONS_PER_THREAD ((size_t)16384)

typedef struct nai_circ_sim nai_circ_sim;

nai_status nai_circ_sim_new(const nai_circ_params *p, double dt, nai_circ_state *s,
                            int64_t step0, size_t n_steps, size_t n_events,
                            const double *times, const int64_t *src, size_t n_rec_n,
                            const int64_t *rec_n, double *v_trace, size_t n_rec_y,
                            const int64_t *rec_y, double *y_trace, size_t n_rec_c,
                            const int64_t *rec_c, double *x_trace, double *u_trace,
                            size_t rec_every, size_t rate_bin, int64_t *counts,
                            int record_spikes,
                            int n_threads, nai_circ_sim **out);
/* Before the first step: record the weights of the connections rec_c into
 * w_trace ((nai_circ_trace_rows, n_rec_c), as x_trace; nai_circuit.h), or
 * nothing (NULL).  NAI_ERR_SHAPE for an index outside [0, n_conn). */
nai_status nai_circ_sim_record_weights(nai_circ_sim *sim, double *w_trace);
nai_status nai_circ_sim_step(nai_circ_sim *sim);
/* The stored spikes (neuron = global index, time = its stamp t_i [ms]),
 * in step order and, within a step, neuron order; empty without
 * record_spikes. */
const nai_spikes *nai_circ_sim_spikes(const nai_circ_sim *sim);
/* Steps of the run completed so far (for a progress report between steps). */
size_t nai_circ_sim_steps_done(const nai_circ_sim *sim);
void nai_circ_sim_free(nai_circ_sim *sim);

/* ---- perceptron training (nai_perceptron) --------------------------------
 * Arguments as nai_perceptron_fit for the whole fit (w and *b updated in
 * place, errors (max_epochs,) written epoch by epoch); the object owns the
 * sample order.  Chunks of whole epochs, about NAI_CHUNK_UPDATES
 * multiply-adds each (NAI_PERCEPTRON_SAMPLE_UPDATES per sample on top of its
 * n_in inputs, for the prediction and the shuffle draw); the shuffle's
 * generator and the order carry over from chunk to chunk.  _step returns
 * NAI_OK once an epoch had no misclassification or max_epochs ran. */
#define NAI_PERCEPTRON_SAMPLE_UPDATES ((size_t)16)

typedef struct nai_perceptron_sim nai_perceptron_sim;

nai_status nai_perceptron_sim_new(const nai_perceptron_fit_params *p, const double *x,
                                  const double *y, size_t n, size_t n_in, double *w,
                                  double *b, int64_t *errors, nai_perceptron_sim **out);
nai_status nai_perceptron_sim_step(nai_perceptron_sim *sim);
/* Epochs run so far (all of them after NAI_OK). */
size_t nai_perceptron_sim_epochs(const nai_perceptron_sim *sim);
void nai_perceptron_sim_free(nai_perceptron_sim *sim);

/* ---- spike generators (nai_spikegen) ------------------------------------
 * A regular train (poisson = 0, rate one value) or n Poisson trains
 * (poisson = 1), checked as nai_spikegen_check, into the object's buffer:
 * it starts at the expected count plus ten standard deviations (beyond any
 * memory: NAI_ERR_NOMEM from _new) and is grown (at least doubled) when
 * full, one growth per step.  Each step draws up to NAI_CHUNK_SPIKES spikes
 * (a train's start counting as one) and carries the generator's position
 * over, so a stepped train is the one call's bit for bit (nai_spikegen.h's
 * arithmetic, in its order).  rate belongs to the caller and must outlive
 * the object. */
typedef struct nai_spikegen_sim nai_spikegen_sim;

nai_status nai_spikegen_sim_new(int poisson, const double *rate, size_t n, double start,
                                double stop, uint64_t seed, nai_spikegen_sim **out);
nai_status nai_spikegen_sim_step(nai_spikegen_sim *sim);
/* The spikes so far (all of them after NAI_OK), grouped by train; the
 * caller may take the buffers over (and leave *sp empty). */
nai_spikes *nai_spikegen_sim_spikes(nai_spikegen_sim *sim);
void nai_spikegen_sim_free(nai_spikegen_sim *sim);

/* A whole train into *sp (empty on entry; the caller frees it with
 * nai_spikes_free, also on error): the stepping object run to its end. */
nai_status nai_spikegen_regular_spikes(double rate, double start, double stop,
                                       nai_spikes *sp);
nai_status nai_spikegen_poisson_spikes(const double *rate, size_t n, double start,
                                       double stop, uint64_t seed, nai_spikes *sp);

#endif /* NAI_SIM_H */
