/*
 * hand_circuit.c -- the CUBA and COBA networks (Brette et al. 2007,
 * benchmarks 2 and 1) as a careful programmer writes them by hand in plain
 * C99: the limit that benchmarks/bench_circuit.py holds neuroai.Circuit to.
 *
 *   cc -std=c99 -O3 -march=native -ffp-contract=off -fno-trapping-math \
 *      hand_circuit.c -lm          (setup.py's CORE_FLAGS plus -march=native)
 *   ./a.out NET_FILE RASTER_FILE       (files of benchmarks/circuit_net.py)
 *   ./a.out NET_FILE RASTER_FILE TAU_PLUS TAU_MINUS LAMBDA ALPHA W_MAX WEIGHTS_FILE
 *
 * prints "wall_s cpu_s spikes events" of the run loop alone (reading the
 * file, building the index and writing the results are not timed) and
 * writes the raster (and, with STDP, the final E -> E weights as float64 in
 * CSR order).
 *
 * Model: n LIF neurons, two receptors per neuron (excitatory e, inhibitory
 * i), CSR connectivity with rows = presynaptic neurons (rows < n_exc feed
 * receptor e, the others receptor i), one delay of d >= 1 steps, a ring
 * buffer of d + 1 slots per receptor.  Per step i, the order of the
 * Circuit interface:
 *   1. the ring slot of step i is added to each receptor's variable and
 *      cleared;
 *   2. (no traces here);
 *   3. V advances and both receptors decay:
 *      CUBA, the exact propagator of Rotter & Diesmann (1999) per receptor,
 *        V <- v_rest + (V - v_rest) P22 + P21e y_e + P21i y_i,
 *        y_r <- y_r P11r;
 *      COBA, each conductance frozen at its exact mean over the step
 *        (g tau/dt (1 - P11)), V relaxing exactly to the resulting V_inf:
 *        a_r = 1e-3 R g_r gm_r,  a = a_e + a_i,
 *        V_inf = (v_rest + R i_ext + a_e E_e + a_i E_i) / (1 + a),
 *        V <- V_inf + (V - V_inf) exp(-dt (1 + a) / tau_m);
 *      a neuron still refractory is held at v_reset instead (its count
 *      goes down by one; its receptors decay all the same);
 *   4. V >= v_th: a spike stamped step i, V = v_reset, held for
 *      round(t_ref/dt) steps (half to even), and the spike's weights go
 *      into slot i + d of its targets.
 *
 * With STDP (CUBA; benchmarks/bench_stdp.py): the E -> E connections
 * (pre and target < n_exc) are plastic, additive all-to-all pair STDP in
 * NEST's stdp_synapse arithmetic (mu = 0; csrc/nai_plasticity.h's
 * equations, written out here), the delay d wholly dendritic: a post spike
 * of step k reaches its synapses at the start of step k + d.  One
 * presynaptic trace per E neuron (last spike, trace after it) and one post
 * trace per E neuron (last arrival, trace after it and just before it);
 * t = step dt.  Per step:
 *   0. the E spikes of step i - d reach their synapses at t: the post trace
 *      decays to t (exp((t_last - t) / tau_minus), with the reciprocal
 *      precomputed) and steps up by 1, then each incoming plastic
 *      connection with a pre spike before is facilitated, w~ = w / w_max +
 *      lambda K+ exp((t_pre - t) / tau_plus), clipped at 1, times w_max
 *      (the incoming connections found through a by-target index);
 *   4. an E spike at t depresses each plastic out-connection before its
 *      weight is sent, w~ = w / w_max - alpha lambda K-(t), clipped at 0,
 *      K- the target's post trace of the arrivals before t (at an arrival
 *      at t itself, the trace just before it), then its pre trace decays
 *      to t and steps up by 1.
 *
 * The update is written branch-free over blocks of 32 neurons so that the
 * compiler vectorises it; a block whose neurons all stay below threshold
 * (almost every block, almost every step) costs nothing more.  Spikes are
 * propagated by walking their CSR rows (a scatter, not vectorisable).  The
 * propagators are computed the way neuroai computes them (csrc/
 * nai_numerics.c: P21 with expm1, the step mean with expm1), so that the
 * two can agree bit for bit; -ffp-contract=off keeps every product rounded.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef HAND_NAI_VEXP
#include "nai_vexp.h"
#endif

#define BLOCK 32
#define NA_PER_NS_MV 1e-3

typedef struct {
    int64_t model, n, n_exc, n_steps, delay, nnz;
    double dt, tau_m, v_rest, v_reset, v_th, t_ref, R, tau_e, tau_i, e_e, e_i, i_ext;
    double *v, *ge, *gi;
    int64_t *indptr;
    int32_t *indices;
    double *weights;
} net_t;

static void *
xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (p == NULL) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    return p;
}

static void
xread(FILE *f, void *dst, size_t size, size_t count)
{
    if (fread(dst, size, count, f) != count) {
        fprintf(stderr, "short network file\n");
        exit(2);
    }
}

static void
load(const char *path, net_t *w)
{
    char magic[8];
    int64_t head[6];
    double fl[12];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    xread(f, magic, 1, 8);
    if (memcmp(magic, "NAICIRC1", 8) != 0) {
        fprintf(stderr, "%s: not a circuit network file\n", path);
        exit(2);
    }
    xread(f, head, 8, 6);
    xread(f, fl, 8, 12);
    w->model = head[0];
    w->n = head[1];
    w->n_exc = head[2];
    w->n_steps = head[3];
    w->delay = head[4];
    w->nnz = head[5];
    w->dt = fl[0];
    w->tau_m = fl[1];
    w->v_rest = fl[2];
    w->v_reset = fl[3];
    w->v_th = fl[4];
    w->t_ref = fl[5];
    w->R = fl[6];
    w->tau_e = fl[7];
    w->tau_i = fl[8];
    w->e_e = fl[9];
    w->e_i = fl[10];
    w->i_ext = fl[11];
    if (w->delay < 1) {
        fprintf(stderr, "delay must be >= 1 step\n");
        exit(2);
    }
    w->v = xmalloc((size_t)w->n * sizeof(double));
    w->ge = xmalloc((size_t)w->n * sizeof(double));
    w->gi = xmalloc((size_t)w->n * sizeof(double));
    w->indptr = xmalloc((size_t)(w->n + 1) * sizeof(int64_t));
    w->indices = xmalloc((size_t)w->nnz * sizeof(int32_t));
    w->weights = xmalloc((size_t)w->nnz * sizeof(double));
    xread(f, w->v, 8, (size_t)w->n);
    xread(f, w->ge, 8, (size_t)w->n);
    xread(f, w->gi, 8, (size_t)w->n);
    xread(f, w->indptr, 8, (size_t)w->n + 1);
    xread(f, w->indices, 4, (size_t)w->nnz);
    xread(f, w->weights, 8, (size_t)w->nnz);
    fclose(f);
}

/* neuroai's P21 (csrc/nai_numerics.c) */
static double
psc_exp(double h, double tau_m, double tau_syn, double r)
{
    const double ha = h / tau_m - h / tau_syn;
    const double f = ha == 0.0 ? h : expm1(ha) / ha * h;
    return r / tau_m * exp(-h / tau_m) * f;
}

static double
step_mean(double h, double tau)
{
    return -expm1(-h / tau) * tau / h;
}

/* Steps 1 and 3 for neurons [0, nb) of a block (pointers at its start):
 * returns whether one of them reached threshold.  The model is passed as
 * plain values so that the compiler knows nothing aliases them. */
static int
cuba_block(int64_t nb, double *restrict v, double *restrict ge, double *restrict gi,
           double *restrict held, double *restrict re, double *restrict ri, double v_rest,
           double v_reset, double v_th, double P22, double P21e, double P21i, double P11e,
           double P11i)
{
    int64_t l;
    int any = 0;
    for (l = 0; l < nb; l++) {
        const double ye = ge[l] + re[l], yi = gi[l] + ri[l];
        const double nv = v_rest + (v[l] - v_rest) * P22 + P21e * ye + P21i * yi;
        const double h = held[l];
        v[l] = h > 0.0 ? v_reset : nv;
        held[l] = h > 0.0 ? h - 1.0 : 0.0;
        any |= (h <= 0.0) & (nv >= v_th);
        ge[l] = ye * P11e;
        gi[l] = yi * P11i;
        re[l] = 0.0;
        ri[l] = 0.0;
    }
    return any;
}

/* COBA's block in three passes: the first and the last vectorise; the
 * middle one is the exponential of each neuron, the C library's exp() one
 * value at a time, or with -DHAND_NAI_VEXP neuroai's branch-free
 * nai_vexp() (csrc/nai_vexp.c, plain C that the compiler vectorises;
 * within 2 ulp of exp) over the block. */
static int
coba_block(int64_t nb, double *restrict v, double *restrict ge, double *restrict gi,
           double *restrict held, double *restrict re, double *restrict ri, double v_rest,
           double v_reset, double v_th, double dt, double tau_m, double R, double i_ext,
           double e_e, double e_i, double gme, double gmi, double P11e, double P11i)
{
    double x[BLOCK], vinf[BLOCK], e[BLOCK];
    int64_t l;
    int any = 0;
    for (l = 0; l < nb; l++) {
        const double ye = ge[l] + re[l], yi = gi[l] + ri[l];
        const double ae = NA_PER_NS_MV * R * (ye * gme);
        const double ai = NA_PER_NS_MV * R * (yi * gmi);
        const double a = ae + ai;
        vinf[l] = (v_rest + R * i_ext + ae * e_e + ai * e_i) / (1.0 + a);
        x[l] = -(dt * (1.0 + a)) / tau_m;
        ge[l] = ye * P11e;
        gi[l] = yi * P11i;
        re[l] = 0.0;
        ri[l] = 0.0;
    }
#ifdef HAND_NAI_VEXP
    nai_vexp(x, e, (size_t)nb);
#else
    for (l = 0; l < nb; l++) {
        e[l] = exp(x[l]);
    }
#endif
    for (l = 0; l < nb; l++) {
        const double nv = vinf[l] + (v[l] - vinf[l]) * e[l];
        const double h = held[l];
        v[l] = h > 0.0 ? v_reset : nv;
        held[l] = h > 0.0 ? h - 1.0 : 0.0;
        any |= (h <= 0.0) & (nv >= v_th);
    }
    return any;
}

/* ---- STDP on E -> E ---------------------------------------------------- */

typedef struct {
    int on;
    double tau_plus, inv_tau_minus, lambda, alpha, w_max;
    int64_t ne, d;
    double *w;                  /* (nnz) every connection's weight, E -> E changing */
    double *pre_t, *pre_k;      /* (ne) */
    double *post_t, *post_k, *post_kb; /* (ne) */
    int64_t *csc_ptr;           /* (ne + 1) E targets' plastic in-connections */
    int64_t *csc_conn, *csc_pre;
    int32_t *hist;              /* (d + 1, ne) the E spikes of the last d + 1 steps */
    int64_t *n_hist;            /* (d + 1) */
} stdp_t;

static void
stdp_setup(stdp_t *st, const net_t *w, double tau_plus, double tau_minus, double lambda,
           double alpha, double w_max)
{
    const int64_t ne = w->n_exc;
    int64_t j, c, n_pl = 0;
    st->tau_plus = tau_plus;
    st->inv_tau_minus = 1.0 / tau_minus;
    st->lambda = lambda;
    st->alpha = alpha;
    st->w_max = w_max;
    st->ne = ne;
    st->d = w->delay;
    st->w = xmalloc((size_t)w->nnz * sizeof(double));
    memcpy(st->w, w->weights, (size_t)w->nnz * sizeof(double));
    st->pre_t = xmalloc((size_t)ne * sizeof(double));
    st->pre_k = xmalloc((size_t)ne * sizeof(double));
    st->post_t = xmalloc((size_t)ne * sizeof(double));
    st->post_k = xmalloc((size_t)ne * sizeof(double));
    st->post_kb = xmalloc((size_t)ne * sizeof(double));
    for (j = 0; j < ne; j++) {
        st->pre_t[j] = st->post_t[j] = -INFINITY;
        st->pre_k[j] = st->post_k[j] = st->post_kb[j] = 0.0;
    }
    /* the by-target index: count, prefix sums, fill */
    st->csc_ptr = calloc((size_t)ne + 1, sizeof(int64_t));
    if (st->csc_ptr == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (j = 0; j < ne; j++) {
        for (c = w->indptr[j]; c < w->indptr[j + 1]; c++) {
            if (w->indices[c] < ne) {
                st->csc_ptr[w->indices[c] + 1]++;
                n_pl++;
            }
        }
    }
    for (j = 0; j < ne; j++) {
        st->csc_ptr[j + 1] += st->csc_ptr[j];
    }
    st->csc_conn = xmalloc((size_t)n_pl * sizeof(int64_t));
    st->csc_pre = xmalloc((size_t)n_pl * sizeof(int64_t));
    {
        int64_t *fill = xmalloc((size_t)ne * sizeof(int64_t));
        memcpy(fill, st->csc_ptr, (size_t)ne * sizeof(int64_t));
        for (j = 0; j < ne; j++) {
            for (c = w->indptr[j]; c < w->indptr[j + 1]; c++) {
                if (w->indices[c] < ne) {
                    const int64_t at = fill[w->indices[c]]++;
                    st->csc_conn[at] = c;
                    st->csc_pre[at] = j;
                }
            }
        }
        free(fill);
    }
    st->hist = xmalloc((size_t)((st->d + 1) * ne) * sizeof(int32_t));
    st->n_hist = calloc((size_t)st->d + 1, sizeof(int64_t));
    if (st->n_hist == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
}

/* 0. the E spikes of step i - d reach their synapses at t */
static void
stdp_arrivals(stdp_t *st, int64_t i, double t)
{
    const int64_t sl = (i - st->d) % (st->d + 1);
    const int32_t *list = st->hist + sl * st->ne;
    int64_t e, k;
    if (i < st->d) {
        return;
    }
    for (e = 0; e < st->n_hist[sl]; e++) {
        const int32_t j = list[e];
        const double before = st->post_t[j] > -INFINITY
                              ? st->post_k[j] * exp((st->post_t[j] - t) * st->inv_tau_minus)
                              : 0.0;
        st->post_kb[j] = before;
        st->post_k[j] = before + 1.0;
        st->post_t[j] = t;
        for (k = st->csc_ptr[j]; k < st->csc_ptr[j + 1]; k++) {
            const int64_t c = st->csc_conn[k], p = st->csc_pre[k];
            if (st->pre_t[p] > -INFINITY) {
                const double nw = st->w[c] / st->w_max
                                  + st->lambda * 1.0
                                    * (st->pre_k[p] * exp((st->pre_t[p] - t) / st->tau_plus));
                st->w[c] = nw < 1.0 ? nw * st->w_max : st->w_max;
            }
        }
    }
}

/* 4. E neuron j spikes at t: depress and send its row, then its pre trace */
static void
stdp_send(stdp_t *st, const net_t *w, int32_t j, double t, double *restrict dst)
{
    const int64_t c1 = w->indptr[j + 1];
    int64_t c;
    for (c = w->indptr[j]; c < c1; c++) {
        const int32_t g = w->indices[c];
        if (g < st->ne) {
            const double tl = st->post_t[g];
            const double km = !(tl > -INFINITY) ? 0.0
                              : tl == t ? st->post_kb[g]
                              : st->post_k[g] * exp((tl - t) * st->inv_tau_minus);
            const double nw = st->w[c] / st->w_max - st->alpha * st->lambda * 1.0 * km;
            st->w[c] = nw > 0.0 ? nw * st->w_max : 0.0;
        }
        dst[g] += st->w[c];
    }
    st->pre_k[j] = st->pre_t[j] > -INFINITY
                   ? st->pre_k[j] * exp((st->pre_t[j] - t) / st->tau_plus) + 1.0
                   : 1.0;
    st->pre_t[j] = t;
}

/* the E spikes of step i, kept until they reach their synapses */
static void
stdp_remember(stdp_t *st, int64_t i, const int32_t *fired, int64_t nf)
{
    const int64_t sl = i % (st->d + 1);
    int64_t k, m = 0;
    for (k = 0; k < nf && fired[k] < st->ne; k++) {
        st->hist[sl * st->ne + m++] = fired[k];
    }
    st->n_hist[sl] = m;
}

static void
stdp_write_weights(const stdp_t *st, const net_t *w, FILE *out)
{
    int64_t j, c;
    for (j = 0; j < st->ne; j++) {
        for (c = w->indptr[j]; c < w->indptr[j + 1]; c++) {
            if (w->indices[c] < st->ne) {
                fwrite(&st->w[c], 8, 1, out);
            }
        }
    }
}

static double
seconds(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
    net_t w;
    int64_t i, j0, n, D, cap, count = 0, events = 0;
    int32_t *sp_step, *sp_neuron, *fired;
    double *ring_e, *ring_i, *ref;
    double P22, P11e, P11i, P21e, P21i, gme, gmi, ref_steps, t0, c0, wall, cpu;
    FILE *out;
    stdp_t st;

    if (argc != 3 && argc != 9) {
        fprintf(stderr, "usage: %s NET_FILE RASTER_FILE "
                "[TAU_PLUS TAU_MINUS LAMBDA ALPHA W_MAX WEIGHTS_FILE]\n", argv[0]);
        return 2;
    }
    load(argv[1], &w);
    memset(&st, 0, sizeof st);
    st.on = argc == 9;
    if (st.on) {
        if (w.model != 0) {
            fprintf(stderr, "STDP: CUBA networks only\n");
            return 2;
        }
        stdp_setup(&st, &w, atof(argv[3]), atof(argv[4]), atof(argv[5]), atof(argv[6]),
                   atof(argv[7]));
    }
    n = w.n;
    D = w.delay + 1;
    P22 = exp(-w.dt / w.tau_m);
    P11e = exp(-w.dt / w.tau_e);
    P11i = exp(-w.dt / w.tau_i);
    P21e = psc_exp(w.dt, w.tau_m, w.tau_e, w.R);
    P21i = psc_exp(w.dt, w.tau_m, w.tau_i, w.R);
    gme = step_mean(w.dt, w.tau_e);
    gmi = step_mean(w.dt, w.tau_i);
    ref_steps = nearbyint(w.t_ref / w.dt);
    ring_e = calloc((size_t)(D * n), sizeof(double));
    ring_i = calloc((size_t)(D * n), sizeof(double));
    ref = calloc((size_t)n, sizeof(double));
    fired = xmalloc((size_t)n * sizeof(int32_t));
    cap = 1 << 20;
    sp_step = xmalloc((size_t)cap * sizeof(int32_t));
    sp_neuron = xmalloc((size_t)cap * sizeof(int32_t));
    if (ring_e == NULL || ring_i == NULL || ref == NULL) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }

    t0 = seconds(CLOCK_MONOTONIC);
    c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (i = 0; i < w.n_steps; i++) {
        double *restrict re = ring_e + (i % D) * n;
        double *restrict ri = ring_i + (i % D) * n;
        double *restrict v = w.v, *restrict ge = w.ge, *restrict gi = w.gi;
        double *restrict held = ref;
        const double t = (double)i * w.dt;
        int64_t nf = 0, k;
        if (st.on) {
            stdp_arrivals(&st, i, t);
        }
        for (j0 = 0; j0 < n; j0 += BLOCK) {
            const int64_t nb = n - j0 < BLOCK ? n - j0 : BLOCK;
            int64_t l;
            const int any = w.model == 0
                ? cuba_block(nb, v + j0, ge + j0, gi + j0, held + j0, re + j0, ri + j0,
                             w.v_rest, w.v_reset, w.v_th, P22, P21e, P21i, P11e, P11i)
                : coba_block(nb, v + j0, ge + j0, gi + j0, held + j0, re + j0, ri + j0,
                             w.v_rest, w.v_reset, w.v_th, w.dt, w.tau_m, w.R, w.i_ext,
                             w.e_e, w.e_i, gme, gmi, P11e, P11i);
            if (any) {
                for (l = 0; l < nb; l++) {
                    const int64_t j = j0 + l;
                    if (held[j] <= 0.0 && v[j] >= w.v_th) {
                        v[j] = w.v_reset;
                        held[j] = ref_steps;
                        fired[nf++] = (int32_t)j;
                    }
                }
            }
        }
        /* 4. the step's spikes into slot i + d */
        {
            double *restrict de = ring_e + ((i + w.delay) % D) * n;
            double *restrict di = ring_i + ((i + w.delay) % D) * n;
            if (count + nf > cap) {
                cap = 2 * (count + nf);
                sp_step = realloc(sp_step, (size_t)cap * sizeof(int32_t));
                sp_neuron = realloc(sp_neuron, (size_t)cap * sizeof(int32_t));
                if (sp_step == NULL || sp_neuron == NULL) {
                    fprintf(stderr, "out of memory\n");
                    return 2;
                }
            }
            for (k = 0; k < nf; k++) {
                const int32_t j = fired[k];
                double *restrict dst = j < w.n_exc ? de : di;
                const int64_t c1 = w.indptr[j + 1];
                int64_t c;
                if (st.on && j < w.n_exc) {
                    stdp_send(&st, &w, j, t, dst);
                } else {
                    for (c = w.indptr[j]; c < c1; c++) {
                        dst[w.indices[c]] += w.weights[c];
                    }
                }
                events += c1 - w.indptr[j];
                sp_step[count] = (int32_t)i;
                sp_neuron[count] = j;
                count++;
            }
            if (st.on) {
                stdp_remember(&st, i, fired, nf);
            }
        }
    }
    wall = seconds(CLOCK_MONOTONIC) - t0;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;

    out = fopen(argv[2], "wb");
    if (out == NULL) {
        perror(argv[2]);
        return 2;
    }
    fwrite(&count, 8, 1, out);
    fwrite(sp_step, 4, (size_t)count, out);
    fwrite(sp_neuron, 4, (size_t)count, out);
    fclose(out);
    if (st.on) {
        out = fopen(argv[8], "wb");
        if (out == NULL) {
            perror(argv[8]);
            return 2;
        }
        stdp_write_weights(&st, &w, out);
        fclose(out);
    }
    printf("%.9f %.9f %lld %lld\n", wall, cpu, (long long)count, (long long)events);
    return 0;
}
