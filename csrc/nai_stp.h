/*
 * nai_stp.h -- short-term synaptic plasticity: Tsodyks-Markram (event-driven).
 *
 * Tsodyks-Markram model in the form of NEST's tsodyks2_synapse (Tsodyks &
 * Markram 1997; Markram, Wang & Tsodyks 1998; Fuhrmann et al. 2002).  Between
 * spikes the resources x relax to 1 and the utilisation u relaxes to U:
 *
 *   dx/dt = (1 - x) / tau_rec            du/dt = (U - u) / tau_fac
 *
 * and at a spike a fraction u of the resources is released.  The state kept
 * is (x, u) just BEFORE the last release, as in NEST.  Update order at a
 * spike at time t, h = t - t_last after the previous spike:
 *
 *   first spike:   x = 1, u = U                    (no update)
 *   later spikes:  x <- 1 + (x - x*u - 1) * exp(-h / tau_rec)
 *                  u <- U + u * (1 - U) * exp(-h / tau_fac)   (u = U if tau_fac == 0)
 *   then:          released = u * x                (returned; the efficacy)
 *
 * so x - x*u is the resource left right after the previous release and
 * u*(1-U) + U is the utilisation right after the previous facilitation step
 * (u_after = u + U*(1-u)), each then relaxing exactly over h.
 *
 * Parameters
 *   name      unit  range                    meaning
 *   U         1     (0, 1]                   utilisation increment (NEST U)
 *   tau_rec   ms    > 0                      recovery (depression) time constant
 *   tau_fac   ms    >= 0, 0 = none           facilitation time constant
 *
 * References
 *   Tsodyks M, Markram H (1997) PNAS 94:719-723.
 *   Markram H, Wang Y, Tsodyks M (1998) PNAS 95:5323-5328.
 *   Fuhrmann G, Segev I, Markram H, Tsodyks M (2002) J Neurophysiol 87:140-148.
 *   NEST simulator, models/tsodyks2_synapse.h, tsodyks2_synapse::send().
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
    int has_spiked;  /* 0 until the first spike */
} nai_stp_tm_state;

/* NAI_OK if 0 < U <= 1, tau_rec > 0 and tau_fac >= 0 (NaN fails), else
 * NAI_ERR_PARAM. */
nai_status nai_stp_tm_check(const nai_stp_tm_params *p);

/* x = 1, u = U, no spike yet.  Precondition: nai_stp_tm_check(p) == NAI_OK. */
void nai_stp_tm_init(const nai_stp_tm_params *p, nai_stp_tm_state *s);

/* Release at a spike at time t [ms] (t >= s->t_last): NEST tsodyks2_synapse
 * update, returns the released fraction u*x.  Does not allocate; GIL-free. */
double nai_stp_tm_release(const nai_stp_tm_params *p, nai_stp_tm_state *s, double t);

#endif /* NAI_STP_H */
