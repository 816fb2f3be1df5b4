/*
 * nai_network.h -- LIF neurons driven by spike trains through weighted
 * synapses, with optional short-term plasticity per connection.
 *
 * Model.  n_src input trains project onto n LIF neurons through a sparse
 * weight matrix in CSR form (row = input train, column = target neuron):
 * connection c in indptr[s] .. indptr[s+1]-1 goes from train s to neuron
 * indices[c] with weight weights[c].  Each neuron j has one synaptic
 * variable y_j that sums all its inputs (NEST's iaf_psc_exp design) and
 * decays with that neuron's tau_syn:
 *
 *   tau_m dV/dt = -(V - v_rest) + R (I_syn + i_ext)
 *   current-based:      I_syn = y  [nA],   y += w * e at a spike   (w in nA)
 *   conductance-based:  I_syn = 1e-3 * y * (e_syn - V)  [nA]  (nS x mV = pA:
 *                       NAI_NA_PER_NS_MV, nai_synapse_cond_current),
 *                       y = g [nS], g += w * e at a spike            (w in nS)
 *   dy/dt = -y / tau_syn
 *
 * where e is the spike's efficacy on that connection: 1 without plasticity,
 * else the released fraction of the connection's plasticity model:
 *   NAI_NET_STP_TM   Tsodyks-Markram, NEST tsodyks2 semantics, evaluated
 *                    event-driven at the exact spike time (as nai_stp.h, 1;
 *                    Tsodyks & Markram 1997);
 *   NAI_NET_STP_DEP  the course's depressing synapse (nai_stp.h, 2): at a
 *                    spike released = u x, x -= released; x relaxes to 1
 *                    with tau_rec on the grid (exact or Euler, as the
 *                    neurons), which costs O(connections) per step.
 *
 * Time grid and order.  Step i covers [t_i, t_i + dt), t_i = (step0 + i) dt.
 * A spike at time t belongs to step nai_grid_step(t, dt) (see
 * nai_core.h).  Per step:
 *   1. the step's input spikes, in time order, add w * e to their targets' y;
 *   2. traces are sampled (V at t_i, y after the spikes, x and u after the
 *      releases);
 *   3. each neuron advances over the step (below) and y decays;
 *   4. a neuron whose V at the end of the step is >= v_threshold spikes
 *      (stamped t_i, see below):
 *      V = v_reset, then V is held at v_reset for round(t_ref / dt) whole
 *      steps (half to even); during them y keeps decaying;
 *   5. course-depression resources x relax over the step.
 *
 * Methods of step 3:
 *   NAI_EXACT, current-based: (V, I_syn) is a linear system with the
 *     closed-form propagator of Rotter & Diesmann (1999), the design of
 *     NEST's iaf_psc_exp: with P22 = exp(-dt/tau_m), P11 = exp(-dt/tau_syn),
 *       V <- v_rest + (V - v_rest) P22 + P21 I_syn + R i_ext (1 - P22),
 *       P21 = R/tau_m * P22 * expm1(dt a)/a,  a = 1/tau_m - 1/tau_syn
 *           = R tau_syn/(tau_syn - tau_m) (P11 - P22)     (tau_syn != tau_m)
 *           = R dt/tau_m * P22                           (tau_syn == tau_m),
 *     exact for any dt.
 *   NAI_EXACT, conductance-based: the membrane equation is not linear
 *     with constant coefficients (g varies), so it has no closed-form
 *     propagator.  Over each step g is replaced by its exact mean over the
 *     step, g_bar = g tau_syn/dt (1 - P11), and V is integrated exactly for
 *     that frozen conductance (exponential Euler with a step-mean g):
 *       a = 1e-3 R g_bar,  V_inf = (v_rest + R i_ext + a e_syn)/(1 + a),
 *       V <- V_inf + (V - V_inf) exp(-dt (1 + a)/tau_m);
 *     g itself decays exactly.  Error O(dt^2).
 *   NAI_EULER: forward Euler for every variable (built with
 *     -ffp-contract=off; the membrane update is the course's, bit for bit,
 *     but the course decays conductances exactly: its LIFWithSynapse is
 *     nai_stp_course_lif_run, nai_stp.h): I = I_syn + i_ext,
 *       V <- V + (-(V - v_rest) + R I) (dt/tau_m),  y <- y + (-y)(dt/tau_syn),
 *     x <- x + (1 - x)(dt/tau_rec).
 *
 * Output spikes are on the grid: the threshold is tested at the end of each
 * step (as NEST's iaf_psc_exp does), and the spike is stamped at the START
 * of the step in which V crossed, t_i, as the course's loop appends the time
 * of the step that crossed.  The true crossing lies in (t_i, t_i + dt], so
 * spike times have a resolution of dt; a spike at t_i belongs to step i by
 * the grid rule above, so output spikes can drive another network directly.
 *
 * Parameters (per neuron unless stated)
 *   name         unit     range       meaning
 *   tau_m        ms       > 0         membrane time constant
 *   v_rest       mV       finite      resting potential
 *   v_reset      mV       < v_th      reset potential
 *   v_threshold  mV       finite      threshold
 *   resistance   MOhm     finite      membrane resistance (MOhm x nA = mV)
 *   t_ref        ms       >= 0        refractory period
 *   i_ext        nA       finite      constant external current
 *   tau_syn      ms       > 0         synaptic decay
 *   e_syn        mV       finite      reversal potential (conductance only)
 *   weights      nA | nS  finite      per connection (conductances >= 0)
 *   U (or u)     1        (0, 1]      per connection, STP only
 *   tau_rec      ms       > 0         per connection, STP only
 *   tau_fac      ms       >= 0        per connection, TM only (0 = none)
 *
 * The propagators P22, P11, P21 and the step mean of g are the shared ones
 * of nai_numerics.h (nai_prop_decay, nai_prop_psc_exp, nai_prop_step_mean),
 * where P21 is written so that it stays accurate as tau_syn approaches tau_m
 * and equals the limit at tau_syn == tau_m.
 *
 * References: Rotter S, Diesmann M (1999) Biol Cybern 81:381-402; NEST
 * models/iaf_psc_exp.{h,cpp} and its propagator helpers
 * (libnestutil/propagator_stability.cpp in 2.x, iaf_propagator.cpp in 3.x),
 * which treat the tau_m == tau_syn limit; Tsodyks M, Markram H (1997) PNAS
 * 94:719.
 */
#ifndef NAI_NETWORK_H
#define NAI_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

typedef enum nai_net_syn {
    NAI_NET_CURRENT = 0,      /* y = I_syn [nA] */
    NAI_NET_CONDUCTANCE = 1   /* y = g [nS] */
} nai_net_syn;

typedef enum nai_net_stp {
    NAI_NET_STP_NONE = 0,
    NAI_NET_STP_TM = 1,       /* Tsodyks-Markram, event-driven */
    NAI_NET_STP_DEP = 2       /* the course's depressing synapse, on the grid */
} nai_net_stp;

/* Everything set by the user; arrays are not owned. */
typedef struct nai_net_params {
    size_t n;                  /* neurons */
    size_t n_src;              /* input trains */
    int method;                /* nai_method */
    int syn;                   /* nai_net_syn */
    int stp;                   /* nai_net_stp */
    /* per neuron, length n */
    const double *tau_m, *v_rest, *v_reset, *v_threshold, *resistance, *t_ref;
    const double *i_ext;       /* [nA] */
    const double *tau_syn;     /* [ms] */
    const double *e_syn;       /* [mV]; read only for conductances */
    /* CSR connectivity: indptr length n_src + 1, the rest length n_conn */
    const int64_t *indptr;
    const int64_t *indices;    /* target neuron of each connection */
    const double *weights;     /* [nA] or [nS] */
    /* STP per connection, length n_conn (NULL without STP) */
    const double *stp_u;       /* TM: U; DEP: u */
    const double *stp_tau_rec; /* [ms] */
    const double *stp_tau_fac; /* TM only [ms]; may be NULL for DEP */
} nai_net_params;

/* Propagators derived from (params, dt) by nai_net_prepare(), each field
 * with one meaning whatever the method (NEST's names in brackets). */
typedef struct nai_net_prop {
    size_t n, n_conn;
    double dt;           /* step [ms] */
    /* per neuron, length n */
    double *v_decay;     /* exp(-dt/tau_m) [1] (P22; exact) */
    double *v_gain;      /* -expm1(-dt/tau_m) = 1 - v_decay [1] (exact) */
    double *v_euler_k;   /* dt/tau_m [1] (Euler) */
    double *y_decay;     /* exp(-dt/tau_syn) [1] (P11; exact) */
    double *y_euler_k;   /* dt/tau_syn [1] (Euler) */
    double *p21;         /* I_syn at the step start -> V at its end [MOhm]
                            (P21; exact, current synapses) */
    double *g_mean;      /* tau_syn/dt (1 - exp(-dt/tau_syn)), the step mean
                            of g per unit of its start value [1] (exact,
                            conductance synapses) */
    double *ext;         /* R i_ext v_gain, the external drive per step [mV]
                            (exact, current synapses) */
    int64_t *ref_steps;  /* round(t_ref/dt), half to even [steps] */
    /* per connection, length n_conn; filled for NAI_NET_STP_DEP only */
    double *x_decay;     /* exp(-dt/tau_rec) [1] (exact) */
    double *x_euler_k;   /* dt/tau_rec [1] (Euler) */
} nai_net_prop;

/* State, owned by the caller, updated in place. */
typedef struct nai_net_state {
    double *v;             /* length n [mV] */
    double *y;             /* length n, I_syn [nA] or g [nS] */
    int64_t *ref_left;     /* length n, refractory steps still to hold */
    /* per connection, length n_conn (may be NULL without STP) */
    double *x;             /* resources [1] (TM: before the last release) */
    double *u;             /* TM: utilisation before the last release [1] */
    double *t_last;        /* TM: last spike time [ms] */
    uint8_t *has_spiked;   /* TM: 0 until the first spike */
} nai_net_state;

/* Number of connections, indptr[n_src]; 0 if indptr is NULL. */
size_t nai_net_n_conn(const nai_net_params *p);

/*
 * NAI_OK if dt > 0 and every parameter is in range (NaN fails), the CSR
 * arrays are well formed (indptr[0] == 0, non-decreasing, indices in
 * [0, n)) and weights are finite (>= 0 for conductances), else
 * NAI_ERR_PARAM (values) or NAI_ERR_SHAPE (structure).  O(n + n_conn).
 */
nai_status nai_net_check(const nai_net_params *p, double dt);

/* Allocate / free propagators for n neurons and n_conn connections;
 * NULL when out of memory.  nai_net_prop_free(NULL) is a no-op. */
nai_net_prop *nai_net_prop_new(size_t n, size_t n_conn);
void nai_net_prop_free(nai_net_prop *pr);

/* Fill pr.  Precondition: nai_net_check(p, dt) == NAI_OK, pr made for
 * (p->n, nai_net_n_conn(p)). */
void nai_net_prepare(const nai_net_params *p, double dt, nai_net_prop *pr);

/* NAI_OK if the input spikes are finite, sorted, their trains in
 * [0, n_src) and every one falls in steps [step0, step0 + n_steps); for
 * TM, no spike precedes its connection's t_last.  Else NAI_ERR_SHAPE. */
nai_status nai_net_check_events(const nai_net_params *p, const nai_net_state *s,
                                double dt, int64_t step0, size_t n_steps,
                                size_t n_events, const double *times,
                                const int64_t *src);

/*
 * Advance the network by n_steps steps from absolute step step0.
 *
 *   times, src : n_events input spikes [ms] and their trains (checked by
 *                nai_net_check_events)
 *   rec_n      : n_rec_n neurons whose v and y to record into v_trace and
 *                y_trace (n_steps x n_rec_n, row-major; either may be NULL)
 *   rec_c      : n_rec_c connections whose x and u to record (x_trace,
 *                u_trace, n_steps x n_rec_c; ignored without STP)
 *   rec_every  : record only the steps whose absolute index is a multiple
 *                of rec_every (0 or 1: every step); trace row r then holds
 *                absolute step (ceil(step0 / rec_every) + r) * rec_every,
 *                and the traces have nai_net_trace_rows() rows.  Needs
 *                step0 >= 0 when rec_every > 1.
 *   spikes     : output events appended at spikes->count
 *   steps_done : steps completed.  On NAI_ERR_FULL (fewer than n free
 *                slots in the spike buffer at the start of a step) the state
 *                is that at the end of step steps_done and the first
 *                *events_done events were consumed: grow the buffer and call
 *                again from step0 + *steps_done with the remaining events,
 *                and trace rows from *steps_done.
 *
 * Checks first, once per call, as nai_net_check_run (and that pr and spikes
 * fit p); on NAI_ERR_PARAM / NAI_ERR_SHAPE nothing is changed.  A caller
 * that cuts one run into many calls checks the run once and calls
 * nai_net_advance (nai_sim.h's network stepping object does).  No
 * allocation, no Python: may run with the GIL released.
 */
nai_status nai_net_run(const nai_net_params *p, const nai_net_prop *pr,
                       nai_net_state *s, int64_t step0, size_t n_steps,
                       size_t n_events, const double *times, const int64_t *src,
                       size_t n_rec_n, const int64_t *rec_n,
                       double *v_trace, double *y_trace,
                       size_t n_rec_c, const int64_t *rec_c,
                       double *x_trace, double *u_trace, size_t rec_every,
                       nai_spikes *spikes,
                       size_t *steps_done, size_t *events_done);

/* nai_net_run without its checks: the same arguments and contract, for a
 * piece of a run that nai_net_check_run accepted as a whole (with the same
 * p, state, events and recorded indices), pr made by nai_net_prepare for p
 * and spikes non-NULL. */
nai_status nai_net_advance(const nai_net_params *p, const nai_net_prop *pr,
                           nai_net_state *s, int64_t step0, size_t n_steps,
                           size_t n_events, const double *times, const int64_t *src,
                           size_t n_rec_n, const int64_t *rec_n,
                           double *v_trace, double *y_trace,
                           size_t n_rec_c, const int64_t *rec_c,
                           double *x_trace, double *u_trace, size_t rec_every,
                           nai_spikes *spikes,
                           size_t *steps_done, size_t *events_done);

/* The checks of a run of n_steps steps from step0: the parameters
 * (nai_net_check, NAI_ERR_PARAM), rec_every > 1 only with step0 >= 0, the
 * state arrays the model needs present, the events (nai_net_check_events)
 * and, where traces are recorded (rec_neurons, rec_conns), the recorded
 * indices (NAI_ERR_SHAPE).  O(n + n_conn + n_events). */
nai_status nai_net_check_run(const nai_net_params *p, const nai_net_state *s, double dt,
                             int64_t step0, size_t n_steps, size_t n_events,
                             const double *times, const int64_t *src,
                             size_t n_rec_n, const int64_t *rec_n, int rec_neurons,
                             size_t n_rec_c, const int64_t *rec_c, int rec_conns,
                             size_t rec_every);

/* Number of recorded steps among absolute steps [step0, step0 + n_steps)
 * when every rec_every-th one is recorded (0 or 1: all); step0 >= 0. */
size_t nai_net_trace_rows(int64_t step0, size_t n_steps, size_t rec_every);

#endif /* NAI_NETWORK_H */
