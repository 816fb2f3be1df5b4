/* nai_analysis.c -- see nai_analysis.h for the statistics and their units. */
#include <math.h>

#include "nai_analysis.h"
#include "nai_rng.h"

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

/* ---- coding and decoding ---- */

#define NAI_LN2 0.69314718055994530942

/* -0.0 and rounding just below 0 become +0.0 (an information is never
 * negative zero); other values pass. */
static double
plus_zero(double h)
{
    return h == 0.0 ? 0.0 : h;
}

/* Plug-in entropy [bits] of counts c[0..m) (stride apart) with total N > 0,
 * and the number of nonzero counts.  Each term is (c/N) log2(N/c): log2 is
 * exact on powers of two, so equiprobable outcomes give whole bits exactly
 * (1.0 for two, 2.0 for four); the result is clamped at +0.0. */
static double
entropy_of(const int64_t *c, size_t m, size_t stride, double N, size_t *nz)
{
    double h = 0.0;
    size_t i, k = 0;
    for (i = 0; i < m; i++) {
        const double ci = (double)c[i * stride];
        if (ci > 0.0) {
            h += ci / N * log2(N / ci);
            k++;
        }
    }
    *nz = k;
    if (k <= 1) {
        return 0.0;
    }
    return h > 0.0 ? h : 0.0;
}

nai_status
nai_analysis_entropy(const int64_t *counts, size_t m, double *h, double *h_mm)
{
    double N = 0.0, hp;
    size_t i, nz;
    for (i = 0; i < m; i++) {
        if (counts[i] < 0) {
            return NAI_ERR_PARAM;
        }
        N += (double)counts[i];
    }
    if (!(N > 0.0)) {
        return NAI_ERR_PARAM;
    }
    hp = entropy_of(counts, m, 1, N, &nz);
    if (h != NULL) {
        *h = hp;
    }
    if (h_mm != NULL) {
        *h_mm = plus_zero(hp + (double)(nz - 1) / (2.0 * N * NAI_LN2));
    }
    return NAI_OK;
}

nai_status
nai_analysis_mutual_info(const int64_t *table, size_t n_s, size_t n_r, double *mi,
                         double *mi_mm)
{
    double N = 0.0, h_r = 0.0, h_rs = 0.0, m_r = 0.0, m_rs = 0.0, ip;
    size_t s, r, nz;
    for (s = 0; s < n_s * n_r; s++) {
        if (table[s] < 0) {
            return NAI_ERR_PARAM;
        }
        N += (double)table[s];
    }
    if (!(N > 0.0)) {
        return NAI_ERR_PARAM;
    }
    /* H(R): the column sums, formed one column at a time (no workspace),
     * each term as in entropy_of() */
    {
        size_t k = 0;
        for (r = 0; r < n_r; r++) {
            double col = 0.0;
            for (s = 0; s < n_s; s++) {
                col += (double)table[s * n_r + r];
            }
            if (col > 0.0) {
                h_r += col / N * log2(N / col);
                k++;
            }
        }
        h_r = k <= 1 ? 0.0 : h_r > 0.0 ? h_r : 0.0;
        m_r = (double)k;
    }
    /* H(R|S) = sum_s (N_s/N) H(R|s) */
    for (s = 0; s < n_s; s++) {
        double ns = 0.0;
        for (r = 0; r < n_r; r++) {
            ns += (double)table[s * n_r + r];
        }
        if (ns > 0.0) {
            h_rs += ns / N * entropy_of(table + s * n_r, n_r, 1, ns, &nz);
            m_rs += (double)nz - 1.0;
        }
    }
    ip = h_r - h_rs;
    ip = ip > 0.0 ? ip : 0.0;
    if (mi != NULL) {
        *mi = ip;
    }
    if (mi_mm != NULL) {
        *mi_mm = plus_zero(ip + ((m_r - 1.0) - m_rs) / (2.0 * N * NAI_LN2));
    }
    return NAI_OK;
}

nai_status
nai_analysis_centroid_fit(const double *x, const int64_t *y, size_t n, size_t d,
                          size_t n_classes, double *centroids, int64_t *count)
{
    size_t i, j, c;
    for (i = 0; i < n; i++) {
        if (y[i] < 0 || (uint64_t)y[i] >= (uint64_t)n_classes) {
            return NAI_ERR_SHAPE;
        }
        for (j = 0; j < d; j++) {
            if (!isfinite(x[i * d + j])) {
                return NAI_ERR_PARAM;
            }
        }
    }
    for (c = 0; c < n_classes; c++) {
        count[c] = 0;
        for (j = 0; j < d; j++) {
            centroids[c * d + j] = 0.0;
        }
    }
    for (i = 0; i < n; i++) {
        const size_t k = (size_t)y[i];
        count[k]++;
        for (j = 0; j < d; j++) {
            centroids[k * d + j] += x[i * d + j];
        }
    }
    for (c = 0; c < n_classes; c++) {
        if (count[c] > 0) {
            const double inv = 1.0 / (double)count[c];
            for (j = 0; j < d; j++) {
                centroids[c * d + j] *= inv;
            }
        }
    }
    return NAI_OK;
}

nai_status
nai_analysis_centroid_predict(const double *centroids, const int64_t *count,
                              size_t n_classes, size_t d, const double *x, size_t n,
                              int64_t *pred)
{
    size_t i, j, c, have = 0;
    for (c = 0; c < n_classes; c++) {
        have += count[c] > 0;
    }
    if (have == 0) {
        return NAI_ERR_PARAM;
    }
    for (i = 0; i < n * d; i++) {
        if (!isfinite(x[i])) {
            return NAI_ERR_PARAM;
        }
    }
    for (i = 0; i < n; i++) {
        double best = INFINITY;
        int64_t arg = -1;
        for (c = 0; c < n_classes; c++) {
            double dist = 0.0;
            if (count[c] <= 0) {
                continue;
            }
            for (j = 0; j < d; j++) {
                const double e = x[i * d + j] - centroids[c * d + j];
                dist += e * e;
            }
            if (arg < 0 || dist < best) {     /* strict: a tie keeps the lower class */
                best = dist;
                arg = (int64_t)c;
            }
        }
        pred[i] = arg;
    }
    return NAI_OK;
}

nai_status
nai_analysis_avalanches(const int64_t *activity, size_t T, int64_t *sizes,
                        int64_t *durations, size_t *n_found)
{
    size_t i, k = 0;
    for (i = 0; i < T; i++) {
        if (activity[i] < 0) {
            return NAI_ERR_PARAM;
        }
    }
    i = 0;
    while (i < T) {
        if (activity[i] == 0) {
            i++;
            continue;
        }
        {
            const size_t start = i;
            int64_t size = 0;
            while (i < T && activity[i] > 0) {
                size += activity[i];
                i++;
            }
            /* complete: an empty bin on both sides */
            if (start > 0 && i < T) {
                sizes[k] = size;
                durations[k] = (int64_t)(i - start);
                k++;
            }
        }
    }
    *n_found = k;
    return NAI_OK;
}

/* Poisson(sigma) by Knuth's product of uniforms, given exp(-sigma): fine
 * for the small means of one unit's offspring. */
static int64_t
poisson_small(nai_rng *r, double exp_minus_sigma)
{
    double prod = nai_rng_uniform(r);
    int64_t k = 0;
    while (prod >= exp_minus_sigma) {
        prod *= nai_rng_uniform(r);
        k++;
    }
    return k;
}

nai_status
nai_analysis_branching(double sigma, int64_t max_steps, int64_t max_size, uint64_t seed,
                       uint64_t first, size_t n, int64_t *sizes, int64_t *durations)
{
    const double L = exp(-sigma);
    size_t j;
    /* sigma <= 20 keeps exp(-sigma) far from underflow, which would never end
     * the product of uniforms */
    if (!(sigma >= 0.0 && sigma <= 20.0) || max_steps < 1 || max_size < 1) {
        return NAI_ERR_PARAM;
    }
    for (j = 0; j < n; j++) {
        nai_rng r;
        int64_t active = 1, size = 1, steps = 1, a;
        nai_rng_seed(&r, seed, first + (uint64_t)j);
        /* generation 0 holds the seed unit; each loop makes the next one */
        while (active > 0 && steps < max_steps && size < max_size) {
            int64_t next = 0;
            for (a = 0; a < active; a++) {
                next += poisson_small(&r, L);
            }
            size += next;
            active = next;
            if (next > 0) {
                steps++;
            }
        }
        sizes[j] = size;
        durations[j] = steps;
    }
    return NAI_OK;
}
