#include "nai_core.h"

#include <stdlib.h>

const char *
nai_strerror(nai_status st)
{
    switch (st) {
    case NAI_OK:
        return "no error";
    case NAI_ERR_NOMEM:
        return "out of memory";
    case NAI_ERR_PARAM:
        return "a parameter is out of range";
    case NAI_ERR_SHAPE:
        return "array shapes or indices do not agree";
    case NAI_ERR_FULL:
        return "an output buffer is full";
    case NAI_MORE:
        return "more steps to run";
    case NAI_ERR_TIME:
        return "time cannot advance: more spikes in one step than the neuron's "
               "parameters allow, or spike times closer than float64 resolves";
    }
    return "unknown status";
}

nai_status
nai_check_indices(size_t n_rec, const int64_t *rec, size_t n)
{
    size_t j;
    if (n_rec > 0 && rec == NULL) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < n_rec; j++) {
        if (rec[j] < 0 || (uint64_t)rec[j] >= (uint64_t)n) {
            return NAI_ERR_SHAPE;
        }
    }
    return NAI_OK;
}

nai_status
nai_grid_check_spikes(double dt, int64_t step0, size_t n_steps, size_t n,
                      size_t n_spikes, const double *times, const int64_t *index)
{
    size_t k;
    if (n_spikes > 0 && (times == NULL || index == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (k = 0; k < n_spikes; k++) {
        int64_t s;
        if (!isfinite(times[k]) || (k > 0 && !(times[k] >= times[k - 1]))) {
            return NAI_ERR_SHAPE;
        }
        if (index[k] < 0 || (uint64_t)index[k] >= (uint64_t)n) {
            return NAI_ERR_SHAPE;
        }
        /* Compare in double first: the cast to int64 is undefined for
         * times far beyond the grid. */
        if (!(times[k] / dt < (double)step0 + (double)n_steps + 1.0)
                || !(times[k] / dt > (double)step0 - 1.0)) {
            return NAI_ERR_SHAPE;
        }
        s = nai_grid_step(times[k], dt);
        if (s < step0 || s - step0 >= (int64_t)n_steps) {
            return NAI_ERR_SHAPE;
        }
    }
    return NAI_OK;
}

nai_status
nai_spikes_reserve(nai_spikes *sp, size_t need)
{
    size_t cap;
    int64_t *nn;
    double *tt;
    if (sp->capacity >= need) {
        return NAI_OK;
    }
    cap = sp->capacity > ((size_t)-1) / 2 ? need : 2 * sp->capacity;
    if (cap < need) {
        cap = need;
    }
    if (cap < NAI_SPIKES_INITIAL) {
        cap = NAI_SPIKES_INITIAL;
    }
    if (cap > ((size_t)-1) / sizeof(double)) {
        return NAI_ERR_NOMEM;
    }
    /* Each buffer is updated as soon as its realloc succeeds, so a failure
     * of the second leaves both valid at the old capacity. */
    nn = (int64_t *)realloc(sp->neuron, cap * sizeof(int64_t));
    if (nn == NULL) {
        return NAI_ERR_NOMEM;
    }
    sp->neuron = nn;
    tt = (double *)realloc(sp->time, cap * sizeof(double));
    if (tt == NULL) {
        return NAI_ERR_NOMEM;
    }
    sp->time = tt;
    sp->capacity = cap;
    return NAI_OK;
}

void
nai_spikes_free(nai_spikes *sp)
{
    if (sp == NULL) {
        return;
    }
    free(sp->neuron);
    free(sp->time);
    sp->neuron = NULL;
    sp->time = NULL;
    sp->count = 0;
    sp->capacity = 0;
}
