/*
 * nai_circuit.h -- recurrent circuits: populations of LIF neurons with
 * several receptor types, spike-train and Poisson sources, and projections
 * with delays delivered through ring buffers.
 *
 * Neurons.  The populations are concatenated into one neuron index space
 * [0, n): population p holds neurons start_p .. start_p + n_p - 1, with
 * per-neuron parameters (a table).  Each population is
 * current- or conductance-based and has R_p >= 1 receptors; receptor r of
 * population p is a "block" of n_p receptor variables y_{r,j}, each with its
 * own tau_syn (per neuron), and for conductances one reversal potential
 * e_rev_r per receptor.  The blocks of all populations are concatenated into
 * one receptor index space [0, n_syn), block by block (e_rev is given per
 * receptor variable, so a receptor may reverse at a different potential in
 * each neuron):
 *
 *   tau_m dV/dt = -(V - v_rest) + R (I_syn + i_ext)
 *   current:      I_syn = sum_r y_r                          [nA]
 *   conductance:  I_syn = sum_r 1e-3 y_r (e_rev_r - V)       [nA], y_r = g_r [nS]
 *   tau_syn_{r,j} dy_r/dt = -y_r
 *
 * Sources.  Source populations are concatenated into a source index space
 * [0, n_src).  A spike-train source emits given spikes (sorted times and
 * global source index); a spike at time t acts at step nai_grid_step(t, dt).
 * A Poisson source unit k of source population q emits at absolute step i a
 * Poisson number of spikes with mean lambda = rate_k dt / 1000 (as NEST's
 * poisson_generator draws, per step, a Poisson count with mean rate * h:
 * several spikes may share a step and act as that many spikes).  The count
 * is a function of (seed, q, k local to q, i) only -- counter-based, a
 * SplitMix64 finaliser over the three words gives a uniform u in [0, 1) and
 * the count is the smallest c with F(c) >= u, F the Poisson CDF summed by
 * the recursion p_c = p_{c-1} lambda / c from p_0 = exp(-lambda) -- so
 * chunked runs, continued runs and thread counts see the same spikes.
 *
 * Projections.  Projection q goes from a population or a source (pre) onto
 * one receptor block of a population (post), in CSR form over local indices
 * (row = pre, indices = post), with weights [nA | nS] and delays in whole
 * steps, one per projection (delay >= 0) or one per connection (delay ==
 * NAI_CIRC_DELAY_PER_CONN, then delays[c]); >= 1 when pre is a population,
 * >= 0 for sources.  Delayed weights wait in a ring buffer per receptor
 * variable of length L = max_delay + 1: slot s % L of variable k holds what
 * arrives at step s.  A spike's efficacy e is 1, or the release of its
 * connection's short-term plasticity, computed when the spike is sent, at
 * its time (event-driven, as NEST's tsodyks2_synapse): the given time of a
 * train spike, the stamp t_s = s dt of a neuron's or a Poisson spike:
 *   NAI_CIRC_STP_TM   Tsodyks-Markram (nai_stp_tm_release);
 *   NAI_CIRC_STP_DEP  the course's depression: released = u x, x -= released,
 *                     x relaxes to 1 with tau_rec on the grid (exact or Euler).
 *
 * Time grid and order.  Step i covers [t_i, t_i + dt), t_i = i dt (absolute
 * steps).  Per step:
 *   1. (a) every receptor variable adds and clears its ring slot i % L (the
 *          weights sent with a delay to step i, in the order they were sent);
 *      (b) the step's source spikes are sent, trains first (in time order,
 *          ties by source index), then Poisson units (by source index),
 *          each spike through its pre's projections in projection order and
 *          each row in CSR order: with delay 0 w e is added to y at once,
 *          with delay d >= 1 it goes into slot (i + d) % L;
 *   2. traces are sampled (V at t_i; y after 1; STP x and u of a connection
 *      as a spike at t_i would find them, nai_stp_tm_peek, or x and u of the
 *      course's depression after the step's releases);
 *   3. every neuron advances over the step (below) and every y decays;
 *   4. a neuron with V >= v_threshold at the end of the step spikes, stamped
 *      t_i: V = v_reset, then held at v_reset for round(t_ref / dt) whole
 *      steps (half to even) while its y keep decaying.  The step's spikes,
 *      in neuron order, are sent through their projections (as 1b, every
 *      delay >= 1, so into slot (i + d) % L) and counted per population;
 *   5. course-depression resources relax over the step.
 *
 * Long-term plasticity (STDP, nai_plasticity.h).  A projection may have a
 * rule (a row of the rules table); its weights are then state (s->w), its
 * connections keep a presynaptic trace and their last pre spike, and each
 * of its post neurons a postsynaptic trace as the synapses see it.  The
 * projection's delay d (one per projection, d >= 1) is dendritic, as NEST's
 * stdp_synapse treats it: a post spike stamped t_k reaches the synapses at
 * t_{k+d}.  The order within step i:
 *   0. the post spikes of step i - d of each plastic projection reach its
 *      synapses at t_i: the post trace advances, then each incoming
 *      connection is facilitated (before any pre spike of the step, so a
 *      coincidence counts post before pre);
 *   1b, 4. a pre spike at t (a train's given time, else the stamp t_i)
 *      depresses its connection with the post trace of the arrivals strictly
 *      before t, advances its presynaptic trace, and sends the new weight
 *      (times the STP efficacy, if any);
 *      then, if the rule scales (scale_every > 0) and i > 0 is a multiple
 *      of scale_every, each post neuron's incoming weights of the
 *      projection are scaled to sum scale_sum (nai_stdp_scale);
 *      a dopamine rule's neuromodulator spikes of step i act at t_i, at the
 *      start of step 0 (every connection of the projection brought forward
 *      to t_i, then n += 1/tau_n), so that a pre spike stamped t_i comes
 *      after them;
 *   2. the recorded connections' weights are sampled after 1 (a dopamine
 *      connection's weight brought forward to t_i, its state unchanged).
 * Each connection is updated by the part that owns its target (its post
 * neuron), in the order of one serial run, so threads do not change the
 * weights.  A spike of step k is remembered in fired[(k % F) n + j] = k, F =
 * the largest plastic delay, until it has reached the synapses.
 * A spike stamped t_i with delay d therefore acts from t_i + d dt on.  NEST's
 * iaf_psc_exp adds a step's arriving input after its V update and stamps a
 * spike at the end of its step, t_i + dt: its V agrees with ours to
 * rounding, a spike generator's delay D is ours, and a delay D between
 * neurons is ours D + dt (NEST 3.10, checked at dt = 0.1 ms).
 *
 * Methods of step 3, receptor by receptor:
 *   NAI_EXACT, current: V <- v_rest + (V - v_rest) P22 + sum_r P21_r y_r
 *     + R i_ext (1 - P22), the sum in receptor order, with P22 =
 *     exp(-dt/tau_m), P21_r = nai_prop_psc_exp(dt, tau_m, tau_syn_r, R)
 *     (Rotter & Diesmann 1999, exact for any dt, tau_syn == tau_m
 *     included); y_r <- y_r exp(-dt/tau_syn_r).
 *   NAI_EXACT, conductance: each g_r replaced by its exact step mean
 *     g_r m_r, m_r = nai_prop_step_mean(dt, tau_syn_r); a_r = 1e-3 R g_r m_r,
 *     a = sum_r a_r, V_inf = (v_rest + R i_ext + sum_r a_r e_rev_r)/(1 + a),
 *     V <- V_inf + (V - V_inf) exp(-dt (1 + a)/tau_m); error O(dt^2).  (With
 *     g varying the membrane equation has no closed-form propagator, so g
 *     is frozen at its exact mean over the step and V integrated exactly
 *     for it: exponential Euler with a step-mean g; g decays exactly.)
 *     The factor exp(-dt (1 + a)/tau_m) changes with every neuron and step;
 *     it is evaluated by nai_vexp (nai_vexp.h: within 2 ulp of exp, the
 *     same bits on every instruction set) over blocks of neurons, and by
 *     the C library's exp where 1 + a < 0, so a result can differ from a
 *     libm-based twin in its last bits but not with the block, the part or
 *     the thread count.
 *   NAI_EULER: forward Euler, bit for bit with a plain twin (built with
 *     -ffp-contract=off): I = (sum_r I_r) + i_ext, I_r = y_r or
 *     1e-3 y_r (e_rev_r - V); V <- V + (-(V - v_rest) + R I)(dt/tau_m);
 *     y <- y + (-y)(dt/tau_syn); x <- x + (1 - x)(dt/tau_rec).
 *
 * Output spikes are on the grid: the threshold is tested at the end of each
 * step and the spike stamped at its start, t_i, as the course's loop appends
 * the time of the step that crossed; the true crossing lies in (t_i, t_i +
 * dt].  A stamp t_i belongs to step i by the grid rule, so a circuit's
 * spikes can drive another circuit's spike source directly.
 *
 * Per neuron: tau_m [ms] > 0, v_rest [mV], v_reset [mV] < v_threshold [mV],
 * resistance [MOhm], t_ref [ms] >= 0, i_ext [nA], all finite.  Per receptor
 * variable: tau_syn [ms] > 0, e_rev [mV] finite.
 * Per source unit: rate [Hz] >= 0 with rate dt / 1000 <= NAI_CIRC_LAMBDA_MAX.
 * Per connection: weights finite (>= 0 onto conductances), target in
 * [0, n_post), delay in [d_min, NAI_CIRC_DELAY_MAX]; STP: U (or u) in (0, 1],
 * tau_rec > 0, tau_fac >= 0 (TM).  Per plastic projection: its rule valid
 * (nai_stdp_check), one delay >= 1 (not per connection), weights in [0, w_max].
 *
 * References: Rotter S, Diesmann M (1999) Biol Cybern 81:381-402; NEST
 * models/iaf_psc_exp, poisson_generator, tsodyks2_synapse and the
 * propagator helpers (iaf_propagator.cpp) for the tau_m == tau_syn limit;
 * Tsodyks M, Markram H (1997) PNAS 94:719; Steele, Lea &
 * Flood (2014) for the SplitMix64 finaliser.
 */
#ifndef NAI_CIRCUIT_H
#define NAI_CIRCUIT_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"
#include "nai_plasticity.h"

/* Population synapse kinds. */
#define NAI_CIRC_CURRENT 0
#define NAI_CIRC_CONDUCTANCE 1
/* Source kinds. */
#define NAI_CIRC_TRAINS 0
#define NAI_CIRC_POISSON 1
/* What a projection starts from. */
#define NAI_CIRC_PRE_POP 0
#define NAI_CIRC_PRE_SRC 1
/* Short-term plasticity of a projection. */
#define NAI_CIRC_STP_NONE 0
#define NAI_CIRC_STP_TM 1
#define NAI_CIRC_STP_DEP 2
/* A projection's delay column when each connection has its own. */
#define NAI_CIRC_DELAY_PER_CONN (-1)
/* Largest delay [steps]: the ring buffers hold max_delay + 1 slots. */
#define NAI_CIRC_DELAY_MAX ((int64_t)1 << 20)
/* Largest Poisson mean per step: exp(-lambda) stays a normal number. */
#define NAI_CIRC_LAMBDA_MAX 100.0

/* Columns of the integer tables (row-major, one row per item). */
enum { NAI_CIRC_POP_START, NAI_CIRC_POP_N, NAI_CIRC_POP_SYN, NAI_CIRC_POP_COLS };
enum { NAI_CIRC_SRC_START, NAI_CIRC_SRC_N, NAI_CIRC_SRC_KIND, NAI_CIRC_SRC_COLS };
enum {
    NAI_CIRC_PRJ_PRE_KIND, NAI_CIRC_PRJ_PRE, NAI_CIRC_PRJ_BLOCK, NAI_CIRC_PRJ_DELAY,
    NAI_CIRC_PRJ_STP, NAI_CIRC_PRJ_COLS
};
/* Rows of the per-neuron table (NAI_CIRC_ROWS, n). */
enum {
    NAI_CIRC_TAU_M, NAI_CIRC_V_REST, NAI_CIRC_V_RESET, NAI_CIRC_V_THRESHOLD,
    NAI_CIRC_RESISTANCE, NAI_CIRC_T_REF, NAI_CIRC_I_EXT, NAI_CIRC_ROWS
};
extern const char *const nai_circ_rows[NAI_CIRC_ROWS];
/* Rows of the per-connection STP table (NAI_CIRC_STP_ROWS, n_conn). */
enum { NAI_CIRC_STP_U, NAI_CIRC_STP_TAU_REC, NAI_CIRC_STP_TAU_FAC, NAI_CIRC_STP_ROWS };
extern const char *const nai_circ_stp_rows[NAI_CIRC_STP_ROWS];

/* Everything set by the user; arrays are not owned. */
typedef struct nai_circ_params {
    int method;                 /* nai_method */
    uint64_t seed;              /* Poisson sources */
    size_t n, n_pop;            /* neurons, populations */
    const int64_t *pop;         /* (n_pop, NAI_CIRC_POP_COLS): start, n, syn;
                                   starts contiguous from 0, sizes >= 1, sum n */
    const double *neurons;      /* (NAI_CIRC_ROWS, n) */
    size_t n_blk, n_syn;        /* receptor blocks; receptor variables */
    const int64_t *blk_pop;     /* (n_blk,) population of each block,
                                   non-decreasing, every population >= 1 */
    const double *e_rev;        /* (n_syn,) [mV] reversal potentials (read for
                                   conductances), block by block */
    const double *tau_syn;      /* (n_syn,) [ms], block by block */
    size_t n_srcpop, n_src;     /* source populations; source units */
    const int64_t *src;         /* (n_srcpop, NAI_CIRC_SRC_COLS): start, n, kind */
    const double *rate;         /* (n_src,) [Hz] (read for Poisson units) */
    size_t n_prj, n_conn, n_indptr;
    const int64_t *prj;         /* (n_prj, NAI_CIRC_PRJ_COLS) */
    const int64_t *indptr;      /* (n_indptr,): each projection's n_pre + 1
                                   entries from 0, one after the other */
    const int64_t *indices;     /* (n_conn,) local targets, projection by projection */
    const double *weights;      /* (n_conn,) [nA | nS] */
    const int64_t *delays;      /* (n_conn,) [steps], read where per connection */
    const double *stp;          /* (NAI_CIRC_STP_ROWS, n_conn), or NULL when no
                                   projection has STP */
    size_t n_rule;              /* STDP rules (0: no projection is plastic) */
    const double *rules;        /* (n_rule, NAI_STDP_ROWS) nai_plasticity.h */
    const int64_t *prj_rule;    /* (n_prj,) the rule of each projection, -1:
                                   fixed weights; read when n_rule > 0 */
} nai_circ_params;

/* State, owned by the caller, updated in place. */
typedef struct nai_circ_state {
    double *v;           /* (n,) [mV] */
    double *y;           /* (n_syn,) [nA | nS] */
    int64_t *ref_left;   /* (n,) refractory steps still to hold, >= 0 */
    double *ring;        /* (L, n_syn): slot s % L, what arrives at step s */
    size_t ring_len;     /* L, which must be nai_circ_max_delay(p) + 1 */
    double *x, *u;       /* (n_conn,) STP resources and utilisation [1]
                            (TM: before the last release); NULL without STP */
    double *t_last;      /* (n_conn,) TM: last spike [ms], -inf before the first */
    /* STDP (NULL when no projection is plastic); entries of connections of
     * fixed projections are not read */
    double *w;           /* (n_conn,) weights [nA | nS] of plastic connections */
    double *pre_t, *pre_k; /* (pre_len,) the presynaptic trace of each plastic
                            projection's pre units (the same for all of a unit's
                            connections), projection by projection: last pre
                            spike [ms] (-inf before the first) and the trace [1]
                            just after it */
    size_t pre_len;      /* their length, which must be nai_circ_n_pre_traces */
    double *post_t, *post_k, *post_kb; /* (nai_circ_n_post_traces,) nai_stdp_post of
                            each plastic projection's post neurons, projection
                            by projection: t_last [ms], k_after, k_before */
    size_t post_len;     /* their length, which must be nai_circ_n_post_traces */
    double *c_elig, *t_upd; /* (n_conn,) dopamine rules: eligibility [1] and the time
                            [ms] the connection's w and c hold (0 at the start) */
    double *post_n, *post_td; /* (post_len,) dopamine rules: concentration [1/ms]
                            after the last neuromodulator spike, and its time [ms] */
    int64_t *fired;      /* (fired_len, n): step k of neuron j's spike at
                            [(k % fired_len) n + j], older or < 0 otherwise */
    size_t fired_len;    /* the largest delay of a plastic projection [steps] */
} nai_circ_state;

/* Derived once from (params, dt); opaque, owns its arrays. */
typedef struct nai_circ_prop nai_circ_prop;

/* Workspace of one part of a run, the neurons [lo, hi) (the step's spikes,
 * what each ring slot holds for them); NULL when out of memory.  A new one
 * (or one after nai_circ_work_forget) knows nothing of the ring's contents,
 * so its first read of each slot reads the whole slot: a run continued from
 * a state with a new workspace gives the same result.  Free with
 * nai_circ_work_free (NULL-safe). */
typedef struct nai_circ_work nai_circ_work;
nai_circ_work *nai_circ_work_new(const nai_circ_prop *pr, size_t lo, size_t hi);
void nai_circ_work_forget(nai_circ_work *w);
void nai_circ_work_free(nai_circ_work *w);

/* The largest delay of any projection [steps] (0 without projections);
 * precondition: the prj and delays arrays are well formed (nai_circ_check). */
int64_t nai_circ_max_delay(const nai_circ_params *p);

/* Post traces of the plastic projections (the sum of their post
 * populations' sizes), their pre traces (the sum of their pre units) and
 * their largest delay [steps] (0: none plastic); precondition:
 * nai_circ_check passed. */
size_t nai_circ_n_post_traces(const nai_circ_params *p);
size_t nai_circ_n_pre_traces(const nai_circ_params *p);
int64_t nai_circ_max_plastic_delay(const nai_circ_params *p);

/* The weights of every connection at time t [ms] (>= the state's last
 * event): a dopamine connection's brought forward to t without changing the
 * state, a pair-STDP connection's from the state, a fixed one's from the
 * parameters.  w_out (n_conn,). */
void nai_circ_weights_at(const nai_circ_params *p, const nai_circ_state *s, double t,
                         double *w_out);

/* NAI_OK if dt > 0, the tables are consistent (NAI_ERR_SHAPE otherwise:
 * populations contiguous, blocks per population, CSR rows well formed,
 * targets in range) and every value in range (NAI_ERR_PARAM: the ranges
 * above).  O(n + n_syn + n_src + n_conn); no allocation. */
nai_status nai_circ_check(const nai_circ_params *p, double dt);

/* Propagators and index tables for p; NULL when out of memory.
 * Precondition: nai_circ_check(p, dt) == NAI_OK.  Free with
 * nai_circ_prop_free (NULL-safe). */
nai_circ_prop *nai_circ_prop_new(const nai_circ_params *p, double dt);
void nai_circ_prop_free(nai_circ_prop *pr);

/* Neurons and receptor variables updated per step (the chunking weight). */
size_t nai_circ_width(const nai_circ_prop *pr);

/* NAI_OK if the state arrays the model needs are present and hold a
 * reachable state (step0 >= 0, ref_left >= 0, TM t_last < inf; STDP: plastic
 * weights in [0, w_max], traces >= 0 and finite, last spikes < inf, fired
 * steps < step0) and the ring has L = max delay + 1 slots (fired:
 * nai_circ_max_plastic_delay), else NAI_ERR_SHAPE / NAI_ERR_PARAM. */
nai_status nai_circ_check_state(const nai_circ_params *p, const nai_circ_state *s,
                                int64_t step0);

/*
 * Advance by n_steps steps from absolute step step0 >= 0, unchecked (the
 * stepping object checks the run once; nai_sim.h), as part `part` of
 * n_parts: the neurons [lo, hi) of wks[part] (the parts' ranges, in order,
 * cover [0, n)).  With n_parts > 1 each part runs on its own thread and
 * sync(sync_arg) is a barrier of all parts, called once per step between
 * the neuron updates and the delivery of their spikes; every part sends
 * every spike to its own targets, so the result is that of one part
 * (n_parts == 1, sync NULL) bit for bit.
 *
 *   times, src   : n_events train spikes of these steps (sorted, global
 *                  source index of a train source)
 *   rec_n        : n_rec_n neurons whose V goes to v_trace, rec_y: n_rec_y
 *                  receptor variables whose y goes to y_trace, rows of the
 *                  absolute steps that are multiples of rec_every; row 0 of
 *                  the traces given is the first such step >= step0; rec_c:
 *                  n_rec_c connections whose STP x and u go to x_trace and
 *                  u_trace (1 without STP), and their weights to w_trace
 *                  (NULL: none; the fixed weight of a fixed projection)
 *   counts       : (n_bins, n_pop) spike counts, bin (s - bin0) / rate_bin
 *                  of absolute step s (NULL: none); written by part 0
 *   spikes       : the step's spikes appended (neuron, t_i) by part 0, or
 *                  NULL to store none.  On entry it must have room for 2 n
 *                  spikes; a step after which fewer than 2 n slots are free
 *                  ends the call with NAI_ERR_FULL: grow it and call again
 *                  from step0 + *steps_done
 *   work_budget  : > 0: the call ends after the step at which the neuron,
 *                  receptor and connection updates done (each part counting
 *                  every spike's connections, its own or not) reach it,
 *                  with NAI_MORE (call again from step0 + *steps_done), so
 *                  that a circuit with dense, busy projections still returns
 *                  to its caller every few milliseconds; 0: no limit
 *   steps_done, events_done : done on return.
 * No allocation, no Python: GIL-free.
 */
nai_status nai_circ_advance(const nai_circ_params *p, const nai_circ_prop *pr,
                            nai_circ_state *s, int64_t step0, size_t n_steps,
                            size_t n_events, const double *times, const int64_t *src,
                            size_t n_rec_n, const int64_t *rec_n, double *v_trace,
                            size_t n_rec_y, const int64_t *rec_y, double *y_trace,
                            size_t n_rec_c, const int64_t *rec_c, double *x_trace,
                            double *u_trace, double *w_trace, size_t rec_every,
                            int64_t *counts, int64_t bin0,
                            size_t rate_bin, nai_spikes *spikes,
                            nai_circ_work *const *wks, size_t n_parts, size_t part,
                            void (*sync)(void *), void *sync_arg, size_t work_budget,
                            size_t *steps_done, size_t *events_done);

/* Number of recorded steps among absolute steps [step0, step0 + n_steps)
 * when every rec_every-th one is recorded (0 or 1: all); step0 >= 0. */
size_t nai_circ_trace_rows(int64_t step0, size_t n_steps, size_t rec_every);

/* The Poisson count of source unit k (local) of source population q at
 * absolute step i, for mean lambda, p0 = exp(-lambda) (the rule above). */
int64_t nai_circ_poisson_count(uint64_t seed, uint64_t q, uint64_t k, uint64_t i,
                               double lambda, double p0);

#endif /* NAI_CIRCUIT_H */
