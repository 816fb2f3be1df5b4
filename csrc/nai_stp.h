/*
 * nai_stp.h -- short-term synaptic plasticity.
 *
 * Two families live here: the Tsodyks-Markram model of NEST's
 * tsodyks2_synapse (event-driven, exact), and the course's
 * DepressingSynapse / FacilitatingSynapse (a conductance on a time grid).
 *
 * ---------------------------------------------------------------------------
 * 1. Tsodyks-Markram (Tsodyks & Markram 1997; Fuhrmann et al. 2002), in the
 *    form of NEST's tsodyks2_synapse.  Between spikes the resources x relax
 *    to 1 and the utilisation u relaxes to U:
 *
 *      dx/dt = (1 - x) / tau_rec            du/dt = (U - u) / tau_fac
 *
 *    and at a spike a fraction u of the resources is released.  The state
 *    kept is (x, u) just BEFORE the last release.  At a spike at time t,
 *    h = t - t_last after the previous one:
 *
 *      first spike:   x = 1, u = U                    (nothing to relax)
 *      later spikes:  x <- 1 + (x - x*u - 1) * exp(-h / tau_rec)
 *                     u <- U + u * (1 - U) * exp(-h / tau_fac)  (u = U if tau_fac == 0)
 *      then:          released = u * x                (the efficacy, returned)
 *
 *    x - x*u is what the previous release left and U + u*(1 - U) is u after
 *    the previous spike's facilitation; each then relaxes exactly over h.
 *    Both updates read the previous spike's (x, u), so x is advanced first.
 *
 *    This is the update-then-release order of NEST's tsodyks2 model: of
 *    NEST 2.x's models/tsodyks2_connection.h (Tsodyks2Connection::send) and,
 *    since NEST 3.9, of models/tsodyks2_synapse.h, whose send() advances
 *    (x, u) over the interval since the previous spike and then sends x*u
 *    (commit b907e0d, Dec 2024, "fix issue with first spike passing through
 *    adaptive synapse").  NEST 3.10 delivers exactly these efficacies
 *    (checked to 1e-14 on 225 random connections).  Only NEST 3.0-3.8 sent
 *    x*u first and advanced (x, u) afterwards, so their efficacies differ
 *    for irregular trains.
 *
 *    Continuous state (for traces): after a spike at t_last the state a
 *    spike arriving at t would find is
 *      x(t) = 1 + (x - x*u - 1) exp(-(t - t_last)/tau_rec)
 *      u(t) = U + u (1 - U) exp(-(t - t_last)/tau_fac)      (U if tau_fac == 0)
 *    and x = 1, u = U before the first spike.  Traces sample it on a grid,
 *    right-continuously (a spike at exactly t_i is included at t_i).
 *
 *    Parameters
 *      name      unit  range                    meaning
 *      U         1     (0, 1]                   utilisation increment (NEST U)
 *      tau_rec   ms    > 0                      recovery (depression) time constant
 *      tau_fac   ms    >= 0, 0 = none           facilitation time constant
 *
 * ---------------------------------------------------------------------------
 * 2. The course's synapses: a conductance g [nS] that jumps at spikes and
 *    decays with tau_syn, scaled by a plasticity variable.
 *
 *    Depressing (resources x, fixed release fraction u):
 *      at a spike:     released = u * x;  x -= released;  g += g_max * released
 *      between spikes: dx/dt = (1 - x)/tau_rec,  dg/dt = -g/tau_syn
 *    Facilitating (release fraction u, u_base <= u <= u_max):
 *      at a spike:     g += g_max * u;  u += u_step * (u_max - u)
 *      between spikes: du/dt = (u_base - u)/tau_facil,  dg/dt = -g/tau_syn
 *    (the facilitating order is the one of the course's doctest: the spike
 *    uses u before it is incremented).  The efficacy of a spike is the
 *    fraction that scales g_max: u*x (depressing), u (facilitating).
 *
 *    Time grid: as in nai_core.h.  Step i covers [t_i, t_i + dt),
 *    t_i = (step0 + i) * dt; a spike at time t belongs to step
 *    nai_grid_step(t, dt) = floor(t/dt + 1e-6) and is applied at the START
 *    of that step (several spikes of one step in time order); trace[i] is
 *    the state at t_i just after the step's spikes; then the step relaxes:
 *      NAI_EXACT   g <- g * exp(-dt/tau_syn)
 *                      x <- 1 - (1 - x) * exp(-dt/tau_rec)
 *                      u <- u_base + (u - u_base) * exp(-dt/tau_facil)
 *      NAI_EULER   g <- g + (-g) * (dt/tau_syn)               (forward Euler
 *                      x <- x + (1 - x) * (dt/tau_rec)             for all)
 *                      u <- u + (u_base - u) * (dt/tau_facil)
 *      NAI_COURSE  g <- g * exp(-dt/tau_syn)                  (the course's
 *                      x <- x + (1 - x) * (dt/tau_rec)             step(dt),
 *                      u <- u + (u_base - u) * (dt/tau_facil)      bit for bit)
 *    The course's DepressingSynapse.step is g *= np.exp(-dt/tau_syn);
 *    x += (1 - x) * (dt/tau_rec), and its facilitating synapse relaxes u the
 *    same way; NumPy's exp and libm's agree on these arguments, so
 *    NAI_COURSE reproduces the course's traces exactly.
 *
 *    Parameters (course defaults)
 *      name       unit  default  range         meaning
 *      g_max      nS    1.0      >= 0          conductance per unit released
 *      tau_syn    ms    5.0      > 0           conductance decay
 *      tau_rec    ms    200.0    > 0           resource recovery (depressing)
 *      u          1     0.5      (0, 1]        release fraction (depressing)
 *      tau_facil  ms    100.0    > 0           facilitation decay
 *      u_base     1     0.1      (0, 1]        resting release fraction
 *      u_max      1     0.8      [u_base, 1]   ceiling of u
 *      u_step     1     0.3      [0, 1]        fraction of the gap closed per spike
 *    e_syn (the reversal potential) only enters the current, computed by
 *    nai_synapse_cond_current().
 *
 * References
 *   Tsodyks M, Markram H (1997) PNAS 94:719-723.
 *   Markram H, Wang Y, Tsodyks M (1998) PNAS 95:5323-5328.
 *   Fuhrmann G, Segev I, Markram H, Tsodyks M (2002) J Neurophysiol 87:140-148.
 *   Maass W, Markram H (2002) Neural Networks 15:155-161 (eqs. 4-5, used by NEST).
 *   NEST simulator: models/tsodyks2_connection.h (2.x), models/tsodyks2_synapse.h
 *   (3.9 and later).
 */
#ifndef NAI_STP_H
#define NAI_STP_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

typedef struct nai_stp_tm_params {
    double U;        /* utilisation increment [1], in (0, 1] */
    double tau_rec;  /* recovery time constant [ms], > 0 */
    double tau_fac;  /* facilitation time constant [ms], >= 0; 0 = no facilitation */
} nai_stp_tm_params;

typedef struct nai_stp_tm_state {
    double x;        /* resources just before the last release [1] */
    double u;        /* utilisation just before the last release [1] */
    double t_last;   /* time of the last spike [ms]; -INFINITY (or any value, with has_spiked == 0) before the first */
    int has_spiked;  /* 0 until the first spike; a fresh synapse is
                        {1, U, -INFINITY, 0} */
} nai_stp_tm_state;

/* NAI_OK if 0 < U <= 1, tau_rec > 0 and tau_fac >= 0 (NaN fails), else
 * NAI_ERR_PARAM. */
nai_status nai_stp_tm_check(const nai_stp_tm_params *p);

/* Release at a spike at time t [ms] (t >= s->t_last): NEST tsodyks2_synapse
 * update, returns the released fraction u*x.  Does not allocate; GIL-free. */
double nai_stp_tm_release(const nai_stp_tm_params *p, nai_stp_tm_state *s, double t);

/* The state a spike arriving at time t [ms] (t >= s->t_last) would find,
 * before its release: *x and *u (either pointer may be NULL).  Leaves s
 * unchanged.  At t == s->t_last it gives the state just after that release. */
void nai_stp_tm_peek(const nai_stp_tm_params *p, const nai_stp_tm_state *s,
                     double t, double *x, double *u);

/*
 * Drive n independent TM synapses, all with parameters *p, by one list of
 * spikes, in place (structure of arrays, so chunked calls continue).
 *
 *   x, u, t_last, has_spiked : length n, the nai_stp_tm_state fields.
 *   times, index : n_spikes spikes, time [ms] finite and non-decreasing,
 *                  synapse in [0, n); a synapse's spikes must not precede
 *                  its t_last.
 *   efficacy     : n_spikes outputs, the released fraction u*x of each spike.
 *   Traces (optional; x_trace and/or u_trace may be NULL): the continuous
 *   state of synapses rec[0..n_rec) at the grid times t_i = (step0 + i) * dt,
 *   i < n_steps, right-continuous (spikes at t <= t_i included); arrays
 *   n_steps x n_rec, row-major.  Spikes need not lie on the grid or inside
 *   it: the grid only says where to sample.
 *
 * NAI_ERR_PARAM for bad parameters or dt (when traces are asked for),
 * NAI_ERR_SHAPE for unsorted/non-finite times, an index out of range or a
 * spike before its synapse's t_last, NAI_ERR_NOMEM if the n x 32-byte
 * working copy of the state (one slot per synapse, so an event touches one
 * cache line) cannot be allocated; on error nothing is written.  No Python:
 * may run with the GIL released.
 */
nai_status nai_stp_tm_run(const nai_stp_tm_params *p, size_t n,
                          double *x, double *u, double *t_last, uint8_t *has_spiked,
                          size_t n_spikes, const double *times, const int64_t *index,
                          double *efficacy,
                          int64_t step0, size_t n_steps, double dt,
                          size_t n_rec, const int64_t *rec,
                          double *x_trace, double *u_trace);

/* NAI_OK if the spike list suits nai_stp_tm_run (times finite and
 * non-decreasing, index in [0, n), no spike before its synapse's t_last),
 * else NAI_ERR_SHAPE. */
nai_status nai_stp_tm_check_spikes(size_t n, const double *t_last,
                                   const uint8_t *has_spiked, size_t n_spikes,
                                   const double *times, const int64_t *index);

/* ---- the course's depressing and facilitating synapses ---- */

typedef struct nai_stp_dep_params {
    double g_max;    /* conductance per unit released [nS], >= 0 */
    double tau_syn;  /* conductance decay [ms], > 0 */
    double tau_rec;  /* resource recovery [ms], > 0 */
    double u;        /* release fraction [1], in (0, 1] */
} nai_stp_dep_params;

typedef struct nai_stp_fac_params {
    double g_max;      /* conductance per unit u [nS], >= 0 */
    double tau_syn;    /* conductance decay [ms], > 0 */
    double tau_facil;  /* facilitation decay [ms], > 0 */
    double u_base;     /* resting release fraction [1], in (0, 1] */
    double u_max;      /* ceiling of u [1], in [u_base, 1] */
    double u_step;     /* fraction of (u_max - u) added per spike [1], in [0, 1] */
} nai_stp_fac_params;

/* ---- the course's updates, one function each ----
 *
 * nai_stp_dep_run / nai_stp_fac_run and the circuit (course depression per
 * connection, nai_circuit.h) call these, so each update, in the course's
 * order and rounding, is written once.  Values are fractions [1]. */

/* Depression at a spike: released = u x, then x -= released.  Returns the
 * released fraction, the spike's efficacy. */
static inline double
nai_stp_dep_release(double u, double *x)
{
    const double released = u * *x;
    *x -= released;
    return released;
}

/* Facilitation at a spike: the spike uses u, then u += u_step (u_max - u)
 * (the course's doctest order).  Returns the efficacy, u before the step. */
static inline double
nai_stp_fac_release(double u_step, double u_max, double *u)
{
    const double used = *u;
    *u += u_step * (u_max - used);
    return used;
}

/* One step of ds/dt = (s_rest - s)/tau, the relaxation of every course
 * plasticity variable:
 *   NAI_EXACT              s_rest + (s - s_rest) decay,   decay = exp(-dt/tau)
 *   NAI_EULER, NAI_COURSE  s + (s_rest - s) euler_k,      euler_k = dt/tau,
 *                          the course's expression, bit for bit. */
static inline double
nai_stp_relax(double s, double s_rest, nai_method method, double decay, double euler_k)
{
    return method == NAI_EXACT ? s_rest + (s - s_rest) * decay
                               : s + (s_rest - s) * euler_k;
}

/* Depression over one step: x relaxes to 1 with tau_rec. */
static inline double
nai_stp_dep_recover(double x, nai_method method, double decay, double euler_k)
{
    return nai_stp_relax(x, 1.0, method, decay, euler_k);
}

/* Facilitation over one step: u relaxes to u_base with tau_facil. */
static inline double
nai_stp_fac_recover(double u, double u_base, nai_method method, double decay,
                    double euler_k)
{
    return nai_stp_relax(u, u_base, method, decay, euler_k);
}

/* Per-step propagators, derived once from (params, method, dt); tau_s is
 * the plasticity variable's time constant, tau_rec (x) or tau_facil (u). */
typedef struct nai_stp_prop {
    double dt;          /* step [ms] */
    nai_method method;
    double g_decay;     /* exp(-dt/tau_syn) [1] (exact) */
    double g_euler_k;   /* dt/tau_syn [1] (Euler) */
    double s_decay;     /* exp(-dt/tau_s) [1] (exact) */
    double s_euler_k;   /* dt/tau_s [1] (Euler) */
} nai_stp_prop;

/* NAI_OK if every field is in range, dt > 0 and method known (NaN fails). */
nai_status nai_stp_dep_check(const nai_stp_dep_params *p, int method, double dt);
nai_status nai_stp_fac_check(const nai_stp_fac_params *p, int method, double dt);

/* Fill *out.  Precondition: the matching check returned NAI_OK. */
void nai_stp_dep_prepare(const nai_stp_dep_params *p, int method, double dt,
                         nai_stp_prop *out);
void nai_stp_fac_prepare(const nai_stp_fac_params *p, int method, double dt,
                         nai_stp_prop *out);

/*
 * Advance n course synapses (shared parameters) over n_steps grid steps from
 * absolute step step0, in place.
 *
 *   g        : length n, conductance [nS] at t_0 before step0's spikes; on
 *              return, g at the end of the run (ready for the next chunk).
 *   x (dep) / u (fac) : length n, the plasticity variable [1], likewise.
 *   times, index : spikes as in nai_synapse_run (sorted, every one inside
 *              this run: step0 <= nai_grid_step(t, dt) < step0 + n_steps).
 *   efficacy : n_spikes outputs (u*x or u at the spike), or NULL.
 *   g_trace, s_trace : n_steps x n_rec, row-major, for synapses rec[j]; the
 *              value at t_i after the step's spikes (s_trace holds x or u);
 *              either may be NULL.
 *
 * Checks everything before writing; NAI_ERR_PARAM / NAI_ERR_SHAPE change
 * nothing.  No allocation, no Python: may run with the GIL released.
 */
nai_status nai_stp_dep_run(const nai_stp_dep_params *p, const nai_stp_prop *pr,
                           int64_t step0, size_t n_steps, size_t n,
                           double *g, double *x,
                           size_t n_spikes, const double *times, const int64_t *index,
                           double *efficacy, size_t n_rec, const int64_t *rec,
                           double *g_trace, double *s_trace);
nai_status nai_stp_fac_run(const nai_stp_fac_params *p, const nai_stp_prop *pr,
                           int64_t step0, size_t n_steps, size_t n,
                           double *g, double *u,
                           size_t n_spikes, const double *times, const int64_t *index,
                           double *efficacy, size_t n_rec, const int64_t *rec,
                           double *g_trace, double *s_trace);

/* ---- the course's LIFWithSynapse: one LIF neuron behind one depressing
 * conductance synapse, with the course's mixed scheme ----
 *
 * The course's LIFWithSynapse.step, per step i of dt (t_i = (step0 + i) dt):
 *   1. the step's input spikes release (nai_stp_dep_release):
 *        released = u x;  x -= released;  g += g_max released
 *   2. (traces: v, g and x at t_i, v before this step's update)
 *   3. I = current_scale g (e_syn - v)  [nA]     (current_scale = 1e-3: as
 *                                                  nai_synapse_cond_current)
 *      if refractory:  ref_left -= 1;  v = v_reset
 *      else            v <- v + (-(v - v_rest) + R I) dt/tau_m   (nai_lif_euler_v)
 *                      if v >= v_threshold: a spike at t_i, v = v_reset,
 *                      ref_left = round(t_ref/dt)
 *   4. g <- g exp(-dt/tau_syn)  (exact, nai_synapse_decay with NAI_COURSE)
 *      x <- x + (1 - x) dt/tau_rec  (Euler, nai_stp_dep_recover with NAI_COURSE)
 * The course writes the drive as g (e_syn - v) added to -(v - v_rest) with
 * no resistance and no unit factor; here it is R x 1e-3 g (e_syn - v) [mV],
 * so the course's model with conductance g_c is this one with
 * g_max = 1000 g_c / R [nS] (R = 10 MOhm: g_max = 100 g_c), to rounding.
 * With current_scale = 1 and R = 1 the drive is the course's g (e_syn - v)
 * in the course's own operations, so the run is its loop bit for bit
 * (neuroai.course.LIFWithSynapse).
 *
 * Parameters
 *   name         unit   range              meaning
 *   tau_m        ms     > 0                membrane time constant
 *   v_rest       mV     finite             resting potential
 *   v_reset      mV     < v_threshold      reset potential
 *   v_threshold  mV     finite             threshold
 *   resistance   MOhm   finite             membrane resistance
 *   t_ref        ms     >= 0               refractory period (0 in the course)
 *   e_syn        mV     finite             reversal potential of the synapse
 *   current_scale nA/(nS mV) > 0, finite   1e-3 (nS x mV = pA); 1 for the
 *                                          course's units
 *   syn          -      nai_stp_dep_check  the depressing synapse
 */
typedef struct nai_stp_course_lif_params {
    double tau_m;          /* [ms], > 0 */
    double v_rest;         /* [mV] */
    double v_reset;        /* [mV], < v_threshold */
    double v_threshold;    /* [mV] */
    double resistance;     /* [MOhm] */
    double t_ref;          /* [ms], >= 0 */
    double e_syn;          /* [mV] */
    double current_scale;  /* [nA per nS x mV], > 0: NAI_NA_PER_NS_MV, or 1 with
                              resistance 1 for the course's drive g (e_syn - v) */
    nai_stp_dep_params syn;
} nai_stp_course_lif_params;

/* The parameter table the binding passes (rows in this order, named by
 * nai_stp_course_lif_rows): the fields above but current_scale, then the
 * synapse's g_max, tau_syn, tau_rec, u, then current_scale. */
enum { NAI_CLIF_TAU_M, NAI_CLIF_V_REST, NAI_CLIF_V_RESET, NAI_CLIF_V_THRESHOLD,
       NAI_CLIF_RESISTANCE, NAI_CLIF_T_REF, NAI_CLIF_E_SYN, NAI_CLIF_G_MAX,
       NAI_CLIF_TAU_SYN, NAI_CLIF_TAU_REC, NAI_CLIF_U, NAI_CLIF_CURRENT_SCALE,
       NAI_CLIF_ROWS };
extern const char *const nai_stp_course_lif_rows[NAI_CLIF_ROWS];
void nai_stp_course_lif_from_table(const double *table, nai_stp_course_lif_params *p);

/* NAI_OK if every field is in range and dt > 0 (NaN fails), else
 * NAI_ERR_PARAM. */
nai_status nai_stp_course_lif_check(const nai_stp_course_lif_params *p, double dt);

/*
 * Run the course's LIFWithSynapse over n_steps steps from absolute step
 * step0, in place.
 *   state     : *v [mV], *g [nS], *x [1], *ref_left [steps] at t_0 before
 *               step0's spikes; on return, the state after the last step.
 *   times     : n_spikes input spike times [ms], finite, non-decreasing,
 *               each on a step of this run (nai_grid_step, as
 *               nai_stp_dep_run); several in one step release in turn.
 *   v_trace, g_trace, x_trace : n_steps values each (step 2 above), or NULL.
 *   fired     : n_steps flags, 1 where the neuron spiked (at t_i), or NULL.
 * Checks everything before writing; on NAI_ERR_PARAM / NAI_ERR_SHAPE
 * nothing is changed.  O(n_steps + n_spikes), no allocation, no Python: may
 * run with the GIL released.  Its work is proportional to the traces it
 * writes (25 bytes a step), so memory bounds a call before time does.
 */
nai_status nai_stp_course_lif_run(const nai_stp_course_lif_params *p, double dt,
                                  int64_t step0, size_t n_steps,
                                  double *v, double *g, double *x, int64_t *ref_left,
                                  size_t n_spikes, const double *times,
                                  double *v_trace, double *g_trace, double *x_trace,
                                  uint8_t *fired);

#endif /* NAI_STP_H */
