/*
 * nai_plasticity.h -- long-term plasticity of connections: pair-based
 * spike-timing-dependent plasticity (STDP) with pre- and postsynaptic
 * traces, event-driven, in the parameterisation of NEST's stdp_synapse.
 *
 * Weights are normalised by w_max (w~ = w / w_max in [0, 1]).  A
 * presynaptic spike at t_pre leaves a presynaptic trace K+ that decays with
 * tau_plus; a postsynaptic spike, as it reaches the synapse, leaves a
 * postsynaptic trace K- that decays with tau_minus:
 *
 *   facilitation, at a postsynaptic spike reaching the synapse at t:
 *     w~ <- min(1, w~ + lambda (1 - w~)^mu_plus K+(t))
 *   depression, at a presynaptic spike at t:
 *     w~ <- max(0, w~ - alpha lambda w~^mu_minus K-(t))
 *
 * (Guetig et al. 2003; mu = 0 is additive, mu = 1 multiplicative; the
 * clips keep w in [0, w_max]).  With an isolated pair at Delta t = t_post -
 * t_pre the change is lambda w_max exp(-Delta t / tau_plus) for Delta t > 0
 * and -alpha lambda w_max exp(Delta t / tau_minus) for Delta t < 0 (mu = 0).
 *
 * Pairing:
 *   NAI_STDP_ALL_TO_ALL  every pre spike with every post spike: at a spike
 *       the trace is decayed to it and incremented by 1 (stdp_synapse).
 *   NAI_STDP_NEAREST     symmetric nearest-neighbour pairing of NEST's
 *       stdp_nn_symm_synapse (Morrison, Diesmann & Gerstner 2008, Fig. 7A):
 *       a pre spike depresses with the nearest preceding post spike only
 *       and a post spike facilitates with the nearest preceding pre spike
 *       only: the traces are reset to 1 instead of incremented.
 *
 * Delays, as NEST's stdp_synapse documents: the whole delay D of the
 * connection is dendritic.  A presynaptic spike updates the weight at its
 * own time t_pre and is transmitted with the updated weight; a
 * postsynaptic spike at t_post reaches the synapse at t_post + D.
 * Coincidences (a post spike reaching the synapse at t == t_pre) count as
 * post before pre: the post spike is facilitated by the trace of the
 * earlier pre spikes only, and the depression at t_pre uses the post trace
 * of the arrivals strictly before t_pre (NEST's get_history range (t1, t2]
 * and get_K_value's strict "before").  Event-driven: the traces are decayed
 * in closed form, exp(-(t - t_last) / tau), from their last event.  A post
 * spike that reaches the synapse before the connection's first pre spike
 * changes nothing (K+ = 0).  (NEST's stdp_nn_symm_synapse pairs such a post
 * spike with a pre spike at t = 0; stdp_synapse's K+ = 0 gives no change.)
 *
 * Synaptic scaling (optional, Turrigiano et al. 1998; van Rossum, Bi &
 * Turrigiano 2000): every scale_every steps each post neuron's incoming
 * weights of the projection are multiplied by one factor, so that their sum
 * becomes scale_sum (then clipped to [0, w_max], which can leave the sum
 * below it); a neuron whose weights sum to 0 is left alone.
 *
 * Reward-modulated STDP (kind NAI_STDP_DOPAMINE; Izhikevich 2007, NEST's
 * stdp_dopamine_synapse): the pairs do not change the weight but an
 * eligibility trace c, and a neuromodulator (dopamine) concentration n
 * gates its effect on the weight:
 *
 *   post spike reaching the synapse at t:  c += a_plus K+(t)
 *   pre spike at t:                        c -= a_minus K-(t)   (then sent with w)
 *   neuromodulator spike at t:             n += 1 / tau_n
 *   between events:  dc/dt = -c / tau_c,  dn/dt = -n / tau_n,  dw/dt = c (n - b)
 *
 * (K+ all-to-all as above, K- the all-to-all post trace).  Over an interval
 * h from c0, n0 the weight changes by the exact integral
 *   c0 [ n0 / s (1 - e^{-s h}) - b tau_c (1 - e^{-h / tau_c}) ],  s = 1/tau_c + 1/tau_n,
 * written as NEST's update_weight_ (expm1), then clipped to [w_min, w_max].
 * Each connection is brought forward to every event of its own (its pre
 * spikes, its post arrivals) and to every neuromodulator spike, so that n
 * is a single exponential between the last neuromodulator spike (n_d at
 * t_d) and any later time.  Without clipping the weight does not depend on
 * where the intervals are cut; with it, the clip applies at those events.
 * Parameters of this kind: tau_plus, tau_minus, w_max and the table's
 * a_plus, a_minus [1], tau_c, tau_n [ms] > 0, b [1] >= 0, w_min in [0,
 * w_max); lambda, alpha, mu_plus, mu_minus, pairing and scaling unused (0).
 *
 * Arithmetic: the updates are NEST's facilitate_/depress_ (normalise, add,
 * clip, scale back), std::pow(x, mu) being pow; mu = 0 and mu = 1 use 1 and
 * x, which pow returns exactly for them.
 *
 * Parameters (one rule table row, NAI_STDP_ROWS doubles)
 *   name       unit    range          default   meaning
 *   tau_plus   ms      > 0            20        presynaptic trace decay (potentiation)
 *   tau_minus  ms      > 0            20        postsynaptic trace decay (depression)
 *   lambda     1       >= 0           0.01      step size (NEST lambda)
 *   alpha      1       >= 0           1         depression / potentiation ratio
 *   mu_plus    1       >= 0           1         weight dependence of potentiation
 *   mu_minus   1       >= 0           1         weight dependence of depression
 *   w_max      weight  > 0            -         largest weight (NEST Wmax), unit of
 *                                               the projection's weights [nA | nS]
 *   pairing    -       0 or 1         0         NAI_STDP_ALL_TO_ALL / NAI_STDP_NEAREST
 *   scale_sum  weight  >= 0           0         target sum of a neuron's incoming weights
 *   scale_every steps  whole, >= 0    0         scaling period (0 with scale_sum 0: none)
 *   kind       -       0 or 1         0         NAI_STDP_PAIR / NAI_STDP_DOPAMINE
 *   a_plus, a_minus, tau_c, tau_n, b, w_min     (dopamine, above; NEST's names)
 *   modulator  -       index or -1    -1        the neuromodulator's source unit (the
 *                                               circuit's global source index)
 * All finite.  Weights must lie in [0, w_max].
 *
 * References: Guetig R, Aharonov R, Rotter S, Sompolinsky H (2003) J Neurosci
 * 23:3697; Song S, Miller KD, Abbott LF (2000) Nat Neurosci 3:919; Morrison A,
 * Diesmann M, Gerstner W (2008) Biol Cybern 98:459; NEST models
 * stdp_synapse.h, stdp_nn_symm_synapse.h and archiving_node (get_history,
 * get_K_value).
 */
#ifndef NAI_PLASTICITY_H
#define NAI_PLASTICITY_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"

#define NAI_STDP_ALL_TO_ALL 0
#define NAI_STDP_NEAREST 1
/* Rule kinds. */
#define NAI_STDP_PAIR 0
#define NAI_STDP_DOPAMINE 1

/* Columns of a rule table row. */
enum {
    NAI_STDP_TAU_PLUS, NAI_STDP_TAU_MINUS, NAI_STDP_LAMBDA, NAI_STDP_ALPHA,
    NAI_STDP_MU_PLUS, NAI_STDP_MU_MINUS, NAI_STDP_W_MAX, NAI_STDP_PAIRING,
    NAI_STDP_SCALE_SUM, NAI_STDP_SCALE_EVERY, NAI_STDP_KIND, NAI_STDP_A_PLUS,
    NAI_STDP_A_MINUS, NAI_STDP_TAU_C, NAI_STDP_TAU_N, NAI_STDP_B, NAI_STDP_W_MIN,
    NAI_STDP_MODULATOR, NAI_STDP_ROWS
};
extern const char *const nai_stdp_rows[NAI_STDP_ROWS];

typedef struct nai_stdp_params {
    double tau_plus;   /* [ms] > 0 */
    double tau_minus;  /* [ms] > 0 */
    double lambda;     /* [1] >= 0 */
    double alpha;      /* [1] >= 0 */
    double mu_plus;    /* [1] >= 0 */
    double mu_minus;   /* [1] >= 0 */
    double w_max;      /* [nA | nS] > 0 */
    int pairing;       /* NAI_STDP_ALL_TO_ALL | NAI_STDP_NEAREST */
    double scale_sum;  /* [nA | nS] >= 0, 0: no scaling */
    int64_t scale_every; /* [steps] >= 1 with scaling, else 0 */
    int kind;          /* NAI_STDP_PAIR | NAI_STDP_DOPAMINE */
    double a_plus, a_minus; /* [1] >= 0, dopamine: eligibility steps */
    double tau_c, tau_n;    /* [ms] > 0, dopamine: eligibility and concentration decay */
    double b;          /* [1] >= 0, dopamine baseline */
    double w_min;      /* [nA | nS] in [0, w_max), dopamine: smallest weight */
    int64_t modulator; /* source unit of the neuromodulator, -1: none */
} nai_stdp_params;

/* Derived once: the inverse of tau_minus (the post trace decays as NEST's
 * archiving node computes it, exp(dt * (1/tau_minus))). */
typedef struct nai_stdp_prop {
    double inv_tau_minus;  /* [1/ms] */
} nai_stdp_prop;

/* The postsynaptic trace of one (post neuron, dendritic delay), as the
 * synapses see it: the last arrival time t_last [ms] (-inf: none), the
 * trace just after it (k_after) and just before it (k_before, what a pre
 * spike at exactly t_last sees). */
typedef struct nai_stdp_post {
    double t_last, k_after, k_before;
} nai_stdp_post;

/* The parameters of a table row (pairing and scale_every from their
 * doubles; a value that is not a whole number becomes -1, rejected). */
void nai_stdp_from_row(const double *row, nai_stdp_params *p);

/* NAI_OK or NAI_ERR_PARAM (the ranges above; NaN rejected). */
nai_status nai_stdp_check(const nai_stdp_params *p);

/* The derived values of p (precondition: nai_stdp_check(p) == NAI_OK). */
void nai_stdp_prepare(const nai_stdp_params *p, nai_stdp_prop *pr);

/* A neuromodulator spike at t >= *t_d: n_d decayed to t plus 1 / tau_n. */
void nai_stdp_dopa_spike(const nai_stdp_params *p, double *n_d, double *t_d, double t);

/* Synaptic scaling of one neuron: w[conn[k]], k < n, multiplied by
 * scale_sum / (their sum, in k order), then clipped to [0, w_max]; nothing
 * when the sum is not > 0. */
void nai_stdp_scale(const nai_stdp_params *p, double *w, const size_t *conn, size_t n);

/* ---- the per-event updates: inline, as the circuit calls them once per
 * connection update (no allocation, GIL-free) */

/* x^mu for x in [0, 1]: pow, with its exact values for mu = 0 and 1 taken
 * without the call (the additive and multiplicative rules). */
static inline double
nai_stdp_wpow_(double x, double mu)
{
    return mu == 0.0 ? 1.0 : mu == 1.0 ? x : pow(x, mu);
}

/* NEST's facilitate_ and depress_: the weight after potentiation with
 * presynaptic trace k_plus / depression with postsynaptic trace k_minus. */
static inline double
nai_stdp_facilitate(const nai_stdp_params *p, double w, double k_plus)
{
    const double nw = w / p->w_max
                      + p->lambda * nai_stdp_wpow_(1.0 - w / p->w_max, p->mu_plus) * k_plus;
    return nw < 1.0 ? nw * p->w_max : p->w_max;
}

static inline double
nai_stdp_depress(const nai_stdp_params *p, double w, double k_minus)
{
    const double nw = w / p->w_max
                      - p->alpha * p->lambda * nai_stdp_wpow_(w / p->w_max, p->mu_minus) * k_minus;
    return nw > 0.0 ? nw * p->w_max : 0.0;
}

/* A postsynaptic spike reaching the synapse at t >= t_last: the post trace
 * advanced (the synapses' facilitation is nai_stdp_on_post). */
static inline void
nai_stdp_post_spike(const nai_stdp_params *p, const nai_stdp_prop *pr, nai_stdp_post *post,
                    double t)
{
    /* the trace just before t: of the arrivals before (decayed), 0 before any */
    const double before = post->t_last > -INFINITY
                          ? (p->pairing == NAI_STDP_NEAREST ? 1.0 : post->k_after)
                            * exp((post->t_last - t) * pr->inv_tau_minus)
                          : 0.0;
    post->k_before = before;
    post->k_after = p->pairing == NAI_STDP_NEAREST ? 1.0 : before + 1.0;
    post->t_last = t;
}

/* The post trace a pre spike at t >= post->t_last sees: of the arrivals
 * strictly before t (0 before any). */
static inline double
nai_stdp_k_minus(const nai_stdp_prop *pr, const nai_stdp_post *post, double t)
{
    if (!(post->t_last > -INFINITY)) {
        return 0.0;
    }
    if (post->t_last == t) {
        return post->k_before;        /* a coincident arrival is not "before" */
    }
    return post->k_after * exp((post->t_last - t) * pr->inv_tau_minus);
}

/* Facilitation of weight w by a post spike reaching the synapse at t, the
 * connection's last pre spike at t_pre <= t (-inf: none; then w is
 * returned unchanged) with trace k_plus just after it. */
static inline double
nai_stdp_on_post(const nai_stdp_params *p, double w, double k_plus, double t_pre, double t)
{
    if (!(t_pre > -INFINITY)) {
        return w;
    }
    return nai_stdp_facilitate(p, w, k_plus * exp((t_pre - t) / p->tau_plus));
}

/* A pre spike at t >= *t_pre advances the presynaptic trace: *k_plus
 * becomes the trace just after it (decayed and incremented by 1 when
 * all-to-all, reset to 1 when nearest, 1 at the first spike) and *t_pre
 * becomes t.  The trace depends on the pre spikes only, so it is the same
 * for every connection of a presynaptic unit (the circuit keeps one per
 * unit of a plastic projection). */
static inline void
nai_stdp_pre_spike(const nai_stdp_params *p, double *k_plus, double *t_pre, double t)
{
    if (p->pairing == NAI_STDP_NEAREST || !(*t_pre > -INFINITY)) {
        *k_plus = 1.0;
    } else {
        *k_plus = *k_plus * exp((*t_pre - t) / p->tau_plus) + 1.0;
    }
    *t_pre = t;
}

/* A pre spike at t >= *t_pre on one connection: returns the depressed
 * weight (transmitted) for the post trace k_minus (nai_stdp_k_minus) and
 * advances the trace (*k_plus, *t_pre; nai_stdp_pre_spike). */
static inline double
nai_stdp_on_pre(const nai_stdp_params *p, double w, double *k_plus, double *t_pre, double t,
                double k_minus)
{
    const double wn = nai_stdp_depress(p, w, k_minus);
    nai_stdp_pre_spike(p, k_plus, t_pre, t);
    return wn;
}

/* Dopamine: the weight and eligibility of a connection brought forward
 * from *t_upd to t >= *t_upd (the concentration n_d after its last spike
 * at t_d <= *t_upd); *t_upd becomes t. */
static inline void
nai_stdp_dopa_advance(const nai_stdp_params *p, double *w, double *c, double *t_upd,
                      double n_d, double t_d, double t)
{
    const double minus_dt = *t_upd - t;           /* <= 0 */
    double taus, n0, wn;
    if (!(minus_dt < 0.0)) {
        return;
    }
    taus = (p->tau_c + p->tau_n) / (p->tau_c * p->tau_n);
    n0 = n_d * exp((t_d - *t_upd) / p->tau_n);
    wn = *w - *c * (n0 / taus * expm1(taus * minus_dt) - p->b * p->tau_c
                    * expm1(minus_dt / p->tau_c));
    *w = wn < p->w_min ? p->w_min : wn > p->w_max ? p->w_max : wn;
    *c = *c * exp(minus_dt / p->tau_c);
    *t_upd = t;
}

#endif /* NAI_PLASTICITY_H */
