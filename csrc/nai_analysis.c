/* nai_analysis.c -- see nai_analysis.h for the statistics and their units. */
#include <math.h>

#include "nai_analysis.h"

static int
indices_ok(const int64_t *indices, size_t k, size_t n)
{
    size_t j;
    for (j = 0; j < k; j++) {
        if (indices[j] < 0 || (uint64_t)indices[j] >= (uint64_t)n) {
            return 0;
        }
    }
    return 1;
}

nai_status
nai_analysis_group(const int64_t *indices, size_t k, size_t n,
                   int64_t *offsets, int64_t *order)
{
    size_t i, j;

    if (!indices_ok(indices, k, n)) {
        return NAI_ERR_SHAPE;
    }
    for (i = 0; i <= n; i++) {
        offsets[i] = 0;
    }
    /* count into offsets[i + 1], prefix-sum, then scatter: offsets[i] is
     * used as the write cursor of train i and restored afterwards */
    for (j = 0; j < k; j++) {
        offsets[indices[j] + 1]++;
    }
    for (i = 0; i < n; i++) {
        offsets[i + 1] += offsets[i];
    }
    for (j = 0; j < k; j++) {
        order[offsets[indices[j]]++] = (int64_t)j;
    }
    /* each cursor now sits at the next train's start: shift back by one */
    for (i = n; i > 0; i--) {
        offsets[i] = offsets[i - 1];
    }
    offsets[0] = 0;
    return NAI_OK;
}

nai_status
nai_analysis_isi_moments(const double *times, const int64_t *indices,
                         size_t k, size_t n, double *last,
                         int64_t *count, double *mean, double *m2)
{
    size_t i, j;

    if (!indices_ok(indices, k, n)) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < k; j++) {
        /* isfinite and the order check together, written so NaN fails */
        if (!isfinite(times[j]) || (j > 0 && !(times[j] >= times[j - 1]))) {
            return NAI_ERR_PARAM;
        }
    }
    for (i = 0; i < n; i++) {
        last[i] = NAN;
        count[i] = 0;
        mean[i] = 0.0;
        m2[i] = 0.0;
    }
    for (j = 0; j < k; j++) {
        const size_t tr = (size_t)indices[j];
        const double t = times[j];
        if (!isnan(last[tr])) {
            const double d = t - last[tr];
            const double c = (double)(++count[tr]);
            const double delta = d - mean[tr];
            mean[tr] += delta / c;
            m2[tr] += delta * (d - mean[tr]);
        }
        last[tr] = t;
    }
    return NAI_OK;
}
