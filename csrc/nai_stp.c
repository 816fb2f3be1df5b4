#include <math.h>
#include "nai_stp.h"

nai_status
nai_stp_tm_check(const nai_stp_tm_params *p)
{
    if (p == NULL) {
        return NAI_ERR_PARAM;
    }
    if (!(p->U > 0.0 && p->U <= 1.0)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_rec > 0.0) || !isfinite(p->tau_rec)) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_fac >= 0.0) || !isfinite(p->tau_fac)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

void
nai_stp_tm_init(const nai_stp_tm_params *p, nai_stp_tm_state *s)
{
    s->x = 1.0;
    s->u = p->U;
    s->t_last = -INFINITY;
    s->has_spiked = 0;
}

double
nai_stp_tm_release(const nai_stp_tm_params *p, nai_stp_tm_state *s, double t)
{
    if (s->has_spiked) {
        const double h = t - s->t_last;
        /* Both updates read the pre-release (x, u) of the previous spike, so
         * x must be advanced with the old u before u itself is advanced. */
        const double x_new = 1.0 + (s->x - s->x * s->u - 1.0) * exp(-h / p->tau_rec);
        const double u_new = p->tau_fac > 0.0
            ? p->U + s->u * (1.0 - p->U) * exp(-h / p->tau_fac)
            : p->U;
        s->x = x_new;
        s->u = u_new;
    } else {
        s->x = 1.0;
        s->u = p->U;
        s->has_spiked = 1;
    }
    s->t_last = t;
    return s->u * s->x;
}
