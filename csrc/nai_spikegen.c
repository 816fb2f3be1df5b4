#include <math.h>
#include "nai_rng.h"
#include "nai_spikegen.h"

nai_status
nai_spikegen_check(double rate, double start, double stop)
{
    if (!(rate > 0.0) || !isfinite(rate)) {
        return NAI_ERR_PARAM;
    }
    if (!isfinite(start) || !isfinite(stop) || !(stop >= start)) {
        return NAI_ERR_PARAM;
    }
    return NAI_OK;
}

double
nai_spikegen_regular_time(double start, double rate, size_t k)
{
    return k == 0 ? start : start + (double)k * (NAI_MS_PER_S / rate);
}

nai_status
nai_spikegen_regular(double rate, double start, double stop,
                     double *times, int64_t *index, size_t capacity,
                     size_t *count)
{
    size_t k = 0;
    if (count == NULL || nai_spikegen_check(rate, start, stop) != NAI_OK) {
        return NAI_ERR_PARAM;
    }
    if (capacity > 0 && (times == NULL || index == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (;;) {
        const double t = nai_spikegen_regular_time(start, rate, k);
        if (!(t < stop)) {
            break;
        }
        if (k < capacity) {
            times[k] = t;
            index[k] = 0;
        }
        k++;
    }
    *count = k;
    return k > capacity ? NAI_ERR_FULL : NAI_OK;
}

nai_status
nai_spikegen_poisson(const double *rate, size_t n, double start, double stop,
                     uint64_t seed, double *times, int64_t *index,
                     size_t capacity, size_t *count)
{
    size_t j, k = 0;
    if (count == NULL || (n > 0 && rate == NULL)) {
        return NAI_ERR_PARAM;
    }
    for (j = 0; j < n; j++) {
        if (nai_spikegen_check(rate[j], start, stop) != NAI_OK) {
            return NAI_ERR_PARAM;
        }
    }
    if (capacity > 0 && (times == NULL || index == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < n; j++) {
        const double mean_isi = NAI_MS_PER_S / rate[j];
        nai_rng r;
        double t = start;
        nai_rng_seed(&r, seed, (uint64_t)j);
        for (;;) {
            t += mean_isi * nai_rng_exponential(&r);
            if (!(t < stop)) {
                break;
            }
            if (k < capacity) {
                times[k] = t;
                index[k] = (int64_t)j;
            }
            k++;
        }
    }
    *count = k;
    return k > capacity ? NAI_ERR_FULL : NAI_OK;
}
