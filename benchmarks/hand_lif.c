/*
 * hand_lif.c -- the LIF population loop a careful programmer writes by hand
 * in plain C, the baseline of benchmarks/bench_lif.py (loaded with ctypes,
 * compiled by that script with the extension's flags plus -march=native).
 *
 * The same model as neuroai's exact method (the propagator update
 * v <- P v + Q V_inf, threshold, reset, refractoriness), but spikes sit on
 * the grid: a neuron that crosses during step i is stamped at the step's end
 * and reset there, and is held for round(t_ref/dt) whole steps.  With
 * exact_times != 0 the loop also computes each spike's exact time inside
 * the step, tau ln((V_inf - v)/(V_inf - v_th)) (one logarithm per spike,
 * the extra work of an exact method), and stores it instead.
 *
 * Neurons are taken 32 at a time with all steps of a block done before the
 * next (their state stays in registers), the step written as a branch-free
 * loop over the block that the compiler vectorises.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCK 32

/* Returns the number of spikes stored, or -1 if cap was too small. */
int64_t
hand_lif_run(int64_t n, int64_t n_steps, double dt, const double *tau,
             const double *decay, const double *v_inf, const double *gain,
             const double *v_th, const double *v_reset, const int64_t *ref_steps,
             double *v_io, int64_t step0, int exact_times,
             int64_t *sp_neuron, double *sp_time, int64_t cap)
{
    int64_t count = 0, j0;
    for (j0 = 0; j0 < n; j0 += BLOCK) {
        const int64_t nb = n - j0 < BLOCK ? n - j0 : BLOCK;
        double v[BLOCK], d[BLOCK], c[BLOCK], th[BLOCK], vr[BLOCK], ref[BLOCK];
        int64_t i, l;
        for (l = 0; l < BLOCK; l++) {
            const int64_t j = j0 + (l < nb ? l : 0);
            v[l] = l < nb ? v_io[j] : 0.0;
            d[l] = l < nb ? decay[j] : 1.0;
            c[l] = l < nb ? gain[j] * v_inf[j] : 0.0;
            th[l] = l < nb ? v_th[j] : INFINITY;
            vr[l] = l < nb ? v_reset[j] : 0.0;
            ref[l] = 0.0;
        }
        for (i = 0; i < n_steps; i++) {
            int any = 0;
            for (l = 0; l < BLOCK; l++) {
                const double held = ref[l];
                const double nv = d[l] * v[l] + c[l];
                v[l] = held > 0.0 ? vr[l] : nv;
                ref[l] = held > 0.0 ? held - 1.0 : 0.0;
                any |= v[l] >= th[l];
            }
            if (any) {
                for (l = 0; l < nb; l++) {
                    if (v[l] >= th[l]) {
                        const int64_t j = j0 + l;
                        double t = (double)(step0 + i + 1) * dt;
                        if (count >= cap) {
                            return -1;
                        }
                        if (exact_times) {
                            /* crossing from the start-of-step value, which
                             * is v_end undone: (v_end - c) / P */
                            const double v0 = (v[l] - c[l]) / d[l];
                            t = (double)(step0 + i) * dt
                                + tau[j] * log((v_inf[j] - v0) / (v_inf[j] - th[l]));
                        }
                        sp_neuron[count] = j;
                        sp_time[count] = t;
                        count++;
                        v[l] = vr[l];
                        ref[l] = (double)ref_steps[j];
                    }
                }
            }
        }
        for (l = 0; l < nb; l++) {
            v_io[j0 + l] = v[l];
        }
    }
    return count;
}
