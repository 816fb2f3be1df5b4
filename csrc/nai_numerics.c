#include "nai_numerics.h"

double
nai_prop_step_mean(double h, double tau)
{
    return nai_prop_gain(h, tau) * tau / h;
}

double
nai_prop_psc_exp(double h, double tau_m, double tau_syn, double r)
{
    /* h a = h/tau_m - h/tau_syn; expm1(h a)/a -> h as a -> 0 */
    const double ha = h / tau_m - h / tau_syn;
    const double f = ha == 0.0 ? h : expm1(ha) / ha * h;
    return r / tau_m * nai_prop_decay(h, tau_m) * f;
}
