#include "nai_core.h"

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
