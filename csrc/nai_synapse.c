#include <math.h>
#include "nai_numerics.h"
#include "nai_synapse.h"

nai_status
nai_synapse_check(const nai_synapse_params *p, int method, double dt)
{
    if (p == NULL) {
        return NAI_ERR_PARAM;
    }
    if (!(p->tau_syn > 0.0) || !isfinite(p->tau_syn)) {
        return NAI_ERR_PARAM;
    }
    if (!isfinite(p->weight)) {
        return NAI_ERR_PARAM;
    }
    if (!(dt > 0.0) || !isfinite(dt)) {
        return NAI_ERR_PARAM;
    }
    if (method != NAI_EXACT && method != NAI_EULER && method != NAI_COURSE) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

void
nai_synapse_prepare(const nai_synapse_params *p, int method, double dt,
                    nai_synapse_prop *out)
{
    out->dt = dt;
    out->decay = nai_prop_decay(dt, p->tau_syn);
    out->euler_k = dt / p->tau_syn;
    out->method = (nai_method)method;
}

nai_status
nai_synapse_run(const nai_synapse_params *p, const nai_synapse_prop *pr,
                int64_t step0, size_t n_steps, size_t n, double *y,
                size_t n_spikes, const double *times, const int64_t *index,
                size_t n_rec, const int64_t *rec, double *trace)
{
    /* locals, so that the stores to y cannot alias them: the method's
     * choice is then hoisted out of the loop */
    const nai_method m = pr->method;
    const double decay = pr->decay, euler_k = pr->euler_k;
    nai_status st;
    size_t i, j, k = 0;

    if (nai_synapse_check(p, pr->method, pr->dt) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    if (n > 0 && y == NULL) {
        return NAI_ERR_SHAPE;
    }
    st = nai_grid_check_spikes(pr->dt, step0, n_steps, n, n_spikes, times, index);
    if (st != NAI_OK) {
        return st;
    }
    if (trace != NULL && (st = nai_check_indices(n_rec, rec, n)) != NAI_OK) {
        return st;
    }

    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        /* Spikes of this step first, so the trace shows their jump at t_i. */
        while (k < n_spikes && nai_grid_step(times[k], pr->dt) == step) {
            y[index[k]] += p->weight;
            k++;
        }
        if (trace != NULL) {
            double *row = trace + i * n_rec;
            for (j = 0; j < n_rec; j++) {
                row[j] = y[rec[j]];
            }
        }
        for (j = 0; j < n; j++) {
            y[j] = nai_synapse_decay(y[j], m, decay, euler_k);
        }
    }
    return NAI_OK;
}
