/*
 * nai_numerics.h -- the exact propagators shared by the models.
 *
 * A linear ODE with time constant tau, held at constant input over a step
 * of length h, is integrated exactly by the factors below; every model
 * computes them once per (params, dt) in its prepare function, never in the
 * time loop.  They are written once here, as NEST keeps its propagators in
 * libnestutil (iaf_propagator.cpp) for every model that needs them, so each
 * formula, its singular limit and its rounding exist in one place.
 *
 *   nai_prop_decay(h, tau)       exp(-h/tau)                  the decay factor
 *   nai_prop_gain(h, tau)        1 - exp(-h/tau), via expm1   the approach to a
 *                                                             constant target
 *   nai_prop_step_mean(h, tau)   tau/h (1 - exp(-h/tau))      the mean over the
 *                                step of a decaying variable, in units of its
 *                                start value
 *   nai_prop_psc_exp(h, tau_m, tau_syn, r)
 *                                iaf_psc_exp's P21: the voltage at the end of
 *                                the step per unit of synaptic current at its
 *                                start, for tau_m dV/dt = -V + r I,
 *                                tau_syn dI/dt = -I (below)
 *
 * P21 (Rotter & Diesmann 1999, eq. 16; NEST's P21ex_ in iaf_psc_exp):
 *
 *   P21 = r/tau_m exp(-h/tau_m) expm1(h a)/a,   a = 1/tau_m - 1/tau_syn
 *       = r tau_syn/(tau_syn - tau_m) (exp(-h/tau_syn) - exp(-h/tau_m))
 *       = r h/tau_m exp(-h/tau_m)                       (tau_syn == tau_m).
 *
 * NEST's IAFPropagator evaluates the second form (with expm1) and falls
 * back to the third, its P32_singular, when the second is not a normal
 * positive number (tau_syn == tau_m gives inf * 0).  The first form used
 * here needs the switch only at h a == 0 exactly: expm1(h a)/(h a) tends to
 * 1 without cancelling, so it stays accurate on both sides of the singular
 * point and equals the limit at it.
 *
 * All arguments are in ms (h, tau > 0) except r [MOhm]; the factors are
 * dimensionless except P21 [MOhm].  Pure functions: no state, no allocation.
 *
 * References: Rotter S, Diesmann M (1999) Biol Cybern 81:381-402; NEST
 * models/iaf_psc_exp.cpp (pre_run_hook) and libnestutil/iaf_propagator.cpp.
 */
#ifndef NAI_NUMERICS_H
#define NAI_NUMERICS_H

#include <math.h>

/* exp(-h/tau) [1]. */
static inline double
nai_prop_decay(double h, double tau)
{
    return exp(-h / tau);
}

/* 1 - exp(-h/tau) [1]; 1 - exp(-x) loses digits for small x, expm1 keeps them. */
static inline double
nai_prop_gain(double h, double tau)
{
    return -expm1(-h / tau);
}

/* Mean of exp(-s/tau) over s in [0, h], tau/h (1 - exp(-h/tau)) [1]. */
double nai_prop_step_mean(double h, double tau);

/* iaf_psc_exp's P21 [MOhm] for membrane tau_m [ms], synapse tau_syn [ms]
 * and resistance r [MOhm], with the tau_m == tau_syn limit (above). */
double nai_prop_psc_exp(double h, double tau_m, double tau_syn, double r);

#endif /* NAI_NUMERICS_H */
