/*
 * hand_hopfield.c -- Hopfield recall as a careful programmer writes it in
 * plain C, the baseline of benchmarks/bench_hopfield.py (loaded with ctypes,
 * compiled by that script with the extension's flags plus -march=native).
 *
 * The same dynamics as neuroai's kernel (h_i = sum_j W_ij s_j, s_i <-
 * sign(h_i), a zero field keeps the unit, stop after a sweep that changes
 * nothing), with nothing recorded: no energy, no overlaps, no states.  The
 * state is kept as doubles, the field summed in one accumulator.
 *
 * hand_hopfield_async: units in the order 0..n-1 each sweep, each from the
 * current state.  hand_hopfield_sync: every unit from the old state.  Both
 * return the sweeps run (the last, unchanged one counted) and leave the final
 * state in s.
 */
#include <stdint.h>
#include <stdlib.h>

static double
dot(const double *w, const double *s, int64_t n)
{
    double h = 0.0;
    int64_t j;
    for (j = 0; j < n; j++) {
        h += w[j] * s[j];
    }
    return h;
}

int64_t
hand_hopfield_async(int64_t n, const double *w, double *s, int64_t max_sweeps)
{
    int64_t sweep, i;
    for (sweep = 1; sweep <= max_sweeps; sweep++) {
        int64_t changed = 0;
        for (i = 0; i < n; i++) {
            const double h = dot(w + i * n, s, n);
            const double v = h > 0.0 ? 1.0 : h < 0.0 ? -1.0 : s[i];
            changed += v != s[i];
            s[i] = v;
        }
        if (changed == 0) {
            return sweep;
        }
    }
    return max_sweeps;
}

int64_t
hand_hopfield_sync(int64_t n, const double *w, double *s, double *h, int64_t max_sweeps)
{
    int64_t sweep, i;
    for (sweep = 1; sweep <= max_sweeps; sweep++) {
        int64_t changed = 0;
        for (i = 0; i < n; i++) {
            h[i] = dot(w + i * n, s, n);
        }
        for (i = 0; i < n; i++) {
            const double v = h[i] > 0.0 ? 1.0 : h[i] < 0.0 ? -1.0 : s[i];
            changed += v != s[i];
            s[i] = v;
        }
        if (changed == 0) {
            return sweep;
        }
    }
    return max_sweeps;
}
