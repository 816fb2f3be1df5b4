/*
 * nai_plasticity.c -- pair-based STDP; the equations, the pairing schemes
 * and the event order are in nai_plasticity.h.
 */
#include <math.h>
#include "nai_plasticity.h"

const char *const nai_stdp_rows[NAI_STDP_ROWS] = {
    "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "w_max", "pairing",
    "scale_sum", "scale_every", "kind", "a_plus", "a_minus", "tau_c", "tau_n", "b", "w_min",
    "modulator"
};

void
nai_stdp_from_row(const double *row, nai_stdp_params *p)
{
    const double pairing = row[NAI_STDP_PAIRING];
    p->tau_plus = row[NAI_STDP_TAU_PLUS];
    p->tau_minus = row[NAI_STDP_TAU_MINUS];
    p->lambda = row[NAI_STDP_LAMBDA];
    p->alpha = row[NAI_STDP_ALPHA];
    p->mu_plus = row[NAI_STDP_MU_PLUS];
    p->mu_minus = row[NAI_STDP_MU_MINUS];
    p->w_max = row[NAI_STDP_W_MAX];
    /* anything but exactly 0 or 1 becomes -1, which the check rejects */
    const double every = row[NAI_STDP_SCALE_EVERY];
    p->pairing = pairing == 0.0 ? NAI_STDP_ALL_TO_ALL
                 : pairing == 1.0 ? NAI_STDP_NEAREST : -1;
    const double kind = row[NAI_STDP_KIND], mod = row[NAI_STDP_MODULATOR];
    p->kind = kind == 0.0 ? NAI_STDP_PAIR : kind == 1.0 ? NAI_STDP_DOPAMINE : -1;
    p->a_plus = row[NAI_STDP_A_PLUS];
    p->a_minus = row[NAI_STDP_A_MINUS];
    p->tau_c = row[NAI_STDP_TAU_C];
    p->tau_n = row[NAI_STDP_TAU_N];
    p->b = row[NAI_STDP_B];
    p->w_min = row[NAI_STDP_W_MIN];
    p->modulator = mod >= -1.0 && mod <= (double)((int64_t)1 << 52) && mod == floor(mod)
                   ? (int64_t)mod : -2;
    p->scale_sum = row[NAI_STDP_SCALE_SUM];
    p->scale_every = every >= 0.0 && every <= (double)((int64_t)1 << 52) && every == floor(every)
                     ? (int64_t)every : -1;
}

static int
nonneg_finite(double x)
{
    return x >= 0.0 && isfinite(x);
}

nai_status
nai_stdp_check(const nai_stdp_params *p)
{
    if (p == NULL || !(p->tau_plus > 0.0 && isfinite(p->tau_plus))
        || !(p->tau_minus > 0.0 && isfinite(p->tau_minus)) || !nonneg_finite(p->lambda)
        || !nonneg_finite(p->alpha) || !nonneg_finite(p->mu_plus)
        || !nonneg_finite(p->mu_minus) || !(p->w_max > 0.0 && isfinite(p->w_max))
        || (p->pairing != NAI_STDP_ALL_TO_ALL && p->pairing != NAI_STDP_NEAREST)
        || !nonneg_finite(p->scale_sum) || p->scale_every < 0
        || ((p->scale_sum > 0.0) != (p->scale_every > 0))
        || (p->kind != NAI_STDP_PAIR && p->kind != NAI_STDP_DOPAMINE) || p->modulator < -1) {
        return NAI_ERR_PARAM;
    }
    if (p->kind == NAI_STDP_DOPAMINE
        && (!nonneg_finite(p->a_plus) || !nonneg_finite(p->a_minus)
            || !(p->tau_c > 0.0 && isfinite(p->tau_c)) || !(p->tau_n > 0.0 && isfinite(p->tau_n))
            || !nonneg_finite(p->b) || !(p->w_min >= 0.0 && p->w_min < p->w_max)
            || p->pairing != NAI_STDP_ALL_TO_ALL || p->scale_every != 0 || p->modulator < 0)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

void
nai_stdp_prepare(const nai_stdp_params *p, nai_stdp_prop *pr)
{
    pr->inv_tau_minus = 1.0 / p->tau_minus;
}

void
nai_stdp_scale(const nai_stdp_params *p, double *w, const size_t *conn, size_t n)
{
    double sum = 0.0, f;
    size_t k;
    for (k = 0; k < n; k++) {
        sum += w[conn[k]];
    }
    if (!(sum > 0.0)) {
        return;
    }
    f = p->scale_sum / sum;
    for (k = 0; k < n; k++) {
        const double x = w[conn[k]] * f;
        w[conn[k]] = x < p->w_max ? x : p->w_max;
    }
}

void
nai_stdp_dopa_spike(const nai_stdp_params *p, double *n_d, double *t_d, double t)
{
    *n_d = *n_d * exp((*t_d - t) / p->tau_n) + 1.0 / p->tau_n;
    *t_d = t;
}
