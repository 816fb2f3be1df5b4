/*
 * nai_lif_fast.c -- the blocked vector drivers of the LIF model (nai_lif.c
 * is the model itself; nai_lif_fast.h the contract between the two).
 *
 * Neurons are independent, so the unrecorded ones run block by block: a
 * block of NAI_LIF_BLOCK neurons keeps its potentials in a small local
 * array that stays in registers or L1 for the whole run (time blocking),
 * and a step in which no neuron of the block is refractory or crosses
 * threshold costs one multiply and one add per neuron.  Any step in which
 * something happens (a crossing, a release from refractoriness) takes the
 * model's general step (nai_lif_exact_step_general) for the neurons
 * concerned.  The vector bodies are built for the portable baseline, AVX2
 * and AVX-512F, chosen once (nai_cpu.h); all perform the same IEEE
 * operations in the same order, so results are the same on every path.
 */
#include <math.h>
#include <string.h>
#include "nai_cpu.h"
#include "nai_lif.h"
#include "nai_lif_fast.h"

/* ---- exact method: a block of neurons without recording --------------- */

/*
 * The fast loop.  Over steps [i, i_stop) every lane of the block is either
 * free for the whole step or held (refractory) for the whole step; a held
 * lane is given decay 1, gain 0 and threshold +inf, so that the update
 * v <- decay v + gain V_inf leaves it exactly at v_reset with no branch.
 * The loop returns the first step at which some lane reaches threshold, or
 * i_stop.  At that step the lanes that did not reach threshold are already
 * advanced in v, those that did keep their start-of-step value and are
 * flagged in *hit (bit k for lane k) for the general path.
 *
 * Input is given by a row pointer cur (lane k of step i at
 * cur[i*stride_t + k]); stride_t == 0 is a constant input, for which
 * c = gain V_inf is computed once.
 */
typedef struct fast_block {
    double decay[NAI_LIF_BLOCK];
    double gain[NAI_LIF_BLOCK];
    double v_rest[NAI_LIF_BLOCK];
    double r[NAI_LIF_BLOCK];
    double v_th[NAI_LIF_BLOCK];
    double c[NAI_LIF_BLOCK];     /* gain * V_inf for a constant input */
} fast_block;

static size_t
fast_run_portable(const fast_block *b, size_t i, size_t i_stop,
                  const double *cur, ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    double vn[NAI_LIF_BLOCK];
    size_t k;
    for (; i < i_stop; i++) {
        int hit = 0;
        const double *row = cur + (ptrdiff_t)i * stride_t;
        for (k = 0; k < NAI_LIF_BLOCK; k++) {
            const double c = stride_t == 0 ? b->c[k]
                             : b->gain[k] * (b->v_rest[k] + b->r[k] * row[k]);
            const double x = b->decay[k] * v[k] + c;
            vn[k] = x;
            hit |= (x >= b->v_th[k]);
        }
        if (hit) {
            uint32_t m = 0;
            for (k = 0; k < NAI_LIF_BLOCK; k++) {
                if (vn[k] >= b->v_th[k]) {
                    m |= (uint32_t)1 << k;
                } else {
                    v[k] = vn[k];
                }
            }
            *hit_mask = m;
            return i;
        }
        for (k = 0; k < NAI_LIF_BLOCK; k++) {
            v[k] = vn[k];
        }
    }
    return i_stop;
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
#define NAI_LIF_X86 1
#include <immintrin.h>

/* AVX-512: the block's 32 potentials live in four registers all run long. */
__attribute__((target("avx512f")))
static size_t
fast_run_avx512(const fast_block *b, size_t i, size_t i_stop,
                const double *cur, ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    __m512d v0 = _mm512_loadu_pd(v), v1 = _mm512_loadu_pd(v + 8);
    __m512d v2 = _mm512_loadu_pd(v + 16), v3 = _mm512_loadu_pd(v + 24);
    const __m512d d0 = _mm512_loadu_pd(b->decay), d1 = _mm512_loadu_pd(b->decay + 8);
    const __m512d d2 = _mm512_loadu_pd(b->decay + 16), d3 = _mm512_loadu_pd(b->decay + 24);
    const __m512d h0 = _mm512_loadu_pd(b->v_th), h1 = _mm512_loadu_pd(b->v_th + 8);
    const __m512d h2 = _mm512_loadu_pd(b->v_th + 16), h3 = _mm512_loadu_pd(b->v_th + 24);
    __m512d c0 = _mm512_loadu_pd(b->c), c1 = _mm512_loadu_pd(b->c + 8);
    __m512d c2 = _mm512_loadu_pd(b->c + 16), c3 = _mm512_loadu_pd(b->c + 24);
    __m512d n0, n1, n2, n3;
    for (; i < i_stop; i++) {
        if (stride_t != 0) {
            const double *row = cur + (ptrdiff_t)i * stride_t;
            c0 = _mm512_mul_pd(_mm512_loadu_pd(b->gain), _mm512_add_pd(
                _mm512_loadu_pd(b->v_rest), _mm512_mul_pd(_mm512_loadu_pd(b->r),
                _mm512_loadu_pd(row))));
            c1 = _mm512_mul_pd(_mm512_loadu_pd(b->gain + 8), _mm512_add_pd(
                _mm512_loadu_pd(b->v_rest + 8), _mm512_mul_pd(_mm512_loadu_pd(b->r + 8),
                _mm512_loadu_pd(row + 8))));
            c2 = _mm512_mul_pd(_mm512_loadu_pd(b->gain + 16), _mm512_add_pd(
                _mm512_loadu_pd(b->v_rest + 16), _mm512_mul_pd(_mm512_loadu_pd(b->r + 16),
                _mm512_loadu_pd(row + 16))));
            c3 = _mm512_mul_pd(_mm512_loadu_pd(b->gain + 24), _mm512_add_pd(
                _mm512_loadu_pd(b->v_rest + 24), _mm512_mul_pd(_mm512_loadu_pd(b->r + 24),
                _mm512_loadu_pd(row + 24))));
        }
        n0 = _mm512_add_pd(_mm512_mul_pd(d0, v0), c0);
        n1 = _mm512_add_pd(_mm512_mul_pd(d1, v1), c1);
        n2 = _mm512_add_pd(_mm512_mul_pd(d2, v2), c2);
        n3 = _mm512_add_pd(_mm512_mul_pd(d3, v3), c3);
        {
            const __mmask8 m0 = _mm512_cmp_pd_mask(n0, h0, _CMP_GE_OQ);
            const __mmask8 m1 = _mm512_cmp_pd_mask(n1, h1, _CMP_GE_OQ);
            const __mmask8 m2 = _mm512_cmp_pd_mask(n2, h2, _CMP_GE_OQ);
            const __mmask8 m3 = _mm512_cmp_pd_mask(n3, h3, _CMP_GE_OQ);
            if (m0 | m1 | m2 | m3) {
                /* advance the lanes that did not fire, keep the others */
                v0 = _mm512_mask_mov_pd(n0, m0, v0);
                v1 = _mm512_mask_mov_pd(n1, m1, v1);
                v2 = _mm512_mask_mov_pd(n2, m2, v2);
                v3 = _mm512_mask_mov_pd(n3, m3, v3);
                *hit_mask = (uint32_t)m0 | (uint32_t)m1 << 8 | (uint32_t)m2 << 16
                            | (uint32_t)m3 << 24;
                break;
            }
        }
        v0 = n0;
        v1 = n1;
        v2 = n2;
        v3 = n3;
    }
    _mm512_storeu_pd(v, v0);
    _mm512_storeu_pd(v + 8, v1);
    _mm512_storeu_pd(v + 16, v2);
    _mm512_storeu_pd(v + 24, v3);
    return i;
}

/* AVX2: eight registers of potentials; the constants are read from L1. */
__attribute__((target("avx2")))
static size_t
fast_run_avx2(const fast_block *b, size_t i, size_t i_stop, const double *cur,
              ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    __m256d vv[8], nn[8], hh[8];
    int k;
    for (k = 0; k < 8; k++) {
        vv[k] = _mm256_loadu_pd(v + 4 * k);
    }
    for (; i < i_stop; i++) {
        __m256d any = _mm256_setzero_pd();
        const double *row = cur + (ptrdiff_t)i * stride_t;
        for (k = 0; k < 8; k++) {
            __m256d c = stride_t == 0 ? _mm256_loadu_pd(b->c + 4 * k)
                : _mm256_mul_pd(_mm256_loadu_pd(b->gain + 4 * k), _mm256_add_pd(
                    _mm256_loadu_pd(b->v_rest + 4 * k),
                    _mm256_mul_pd(_mm256_loadu_pd(b->r + 4 * k),
                                  _mm256_loadu_pd(row + 4 * k))));
            nn[k] = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(b->decay + 4 * k), vv[k]), c);
            hh[k] = _mm256_cmp_pd(nn[k], _mm256_loadu_pd(b->v_th + 4 * k), _CMP_GE_OQ);
            any = _mm256_or_pd(any, hh[k]);
        }
        if (_mm256_movemask_pd(any)) {
            uint32_t m = 0;
            for (k = 0; k < 8; k++) {
                vv[k] = _mm256_blendv_pd(nn[k], vv[k], hh[k]);
                m |= (uint32_t)_mm256_movemask_pd(hh[k]) << (4 * k);
            }
            *hit_mask = m;
            break;
        }
        for (k = 0; k < 8; k++) {
            vv[k] = nn[k];
        }
    }
    for (k = 0; k < 8; k++) {
        _mm256_storeu_pd(v + 4 * k, vv[k]);
    }
    return i;
}
#endif

typedef size_t (*fast_run_fn)(const fast_block *, size_t, size_t, const double *,
                              ptrdiff_t, double *, uint32_t *);

/* The set chosen once by nai_cpu_init (nai_cpu.h). */
static fast_run_fn
pick_fast_run(void)
{
    switch (nai_cpu_isa()) {
#ifdef NAI_LIF_X86
    case NAI_ISA_AVX512:
        return fast_run_avx512;
    case NAI_ISA_AVX2:
        return fast_run_avx2;
#endif
    default:
        return fast_run_portable;
    }
}

/* First step index >= i whose end lies beyond t_free (the step in which a
 * lane held until t_free stops being held for the whole step). */
static size_t
held_until(double t_free, size_t i, size_t n_steps, int64_t step0, double dt)
{
    double guess = floor(t_free / dt) - (double)step0;
    size_t m;
    if (!(guess < (double)n_steps)) {
        return n_steps;
    }
    m = guess > (double)i ? (size_t)guess : i;
    while (m > i && (double)(step0 + (int64_t)m) * dt >= t_free) {
        m--;    /* rounding of the guess: step m - 1 may already end past it */
    }
    while (m < n_steps && (double)(step0 + (int64_t)m + 1) * dt <= t_free) {
        m++;
    }
    return m;
}

/* Make lane k of the fast block free (its own propagators) or held. */
static void
set_lane(fast_block *fb, const nai_lif_lane *lp, size_t k, int held,
         double lane_current)
{
    if (held) {
        fb->decay[k] = 1.0;
        fb->gain[k] = 0.0;
        fb->v_th[k] = INFINITY;
    } else {
        fb->decay[k] = lp->decay;
        fb->gain[k] = lp->gain;
        fb->v_th[k] = lp->v_th;
    }
    fb->c[k] = fb->gain[k] * (fb->v_rest[k] + fb->r[k] * lane_current);
}

/*
 * Run a whole block [j0, j0+nb) over all steps: the fast loop between
 * events; at an event (a crossing, or a release from refractoriness inside
 * a step) only the lanes concerned take the general path, and only lanes
 * whose held/free status changed are set up again, so an event costs O(1)
 * lanes of work, not a pass over the block.
 */
int
nai_lif_exact_block(const nai_lif_params *p, const nai_lif_prop *pr, size_t j0,
            size_t nb, size_t n_steps, int64_t step0, const double *current,
            ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
            nai_spikes *sp)
{
    const fast_run_fn fast_run = pick_fast_run();
    fast_block fb;
    nai_lif_lane lp[NAI_LIF_BLOCK];
    double v[NAI_LIF_BLOCK], tf[NAI_LIF_BLOCK];
    int held[NAI_LIF_BLOCK];
    const double dt = pr->dt;
    /* the fast loop reads all NAI_LIF_BLOCK lanes of a time-varying input at
     * row[k]: only for a full block of contiguous lanes */
    const int can_fast = stride_t == 0 || (stride_n == 1 && nb == NAI_LIF_BLOCK);
    const double *lanes = current + (ptrdiff_t)j0 * stride_n;
    size_t i = 0, k, i_stop;

#define LANE_I(step, kk) lanes[(ptrdiff_t)(step) * stride_t + (ptrdiff_t)(kk) * stride_n]
#define T_AT(step) ((double)(step0 + (int64_t)(step)) * dt)

    for (k = 0; k < nb; k++) {
        v[k] = s->v[j0 + k];
        tf[k] = s->t_free[j0 + k];
        nai_lif_load_lane(p, pr, j0 + k, &lp[k]);
    }
    if (!can_fast) {
        for (; i < n_steps; i++) {
            const double t0 = T_AT(i), t1 = T_AT(i + 1);
            for (k = 0; k < nb; k++) {
                if (!nai_lif_exact_step(&lp[k], j0 + k, LANE_I(i, k), t0, t1, &v[k],
                               &tf[k], sp)) {
                    return 0;
                }
            }
        }
        goto store;
    }

    /* padding lanes never fire and never change */
    for (k = nb; k < NAI_LIF_BLOCK; k++) {
        v[k] = 0.0;
        fb.v_rest[k] = fb.r[k] = 0.0;
        held[k] = 1;
        set_lane(&fb, NULL, k, 1, 0.0);
    }
    for (k = 0; k < nb; k++) {
        fb.v_rest[k] = lp[k].v_rest;
        fb.r[k] = lp[k].r;
    }

    while (i < n_steps) {
        const double t0 = T_AT(i), t1 = T_AT(i + 1);
        int release = 0;
        /* (re)classify lanes at step i: held all step, free all step, or
         * released inside it */
        i_stop = n_steps;
        for (k = 0; k < nb; k++) {
            if ((tf[k] > t0 && tf[k] < t1) || (tf[k] <= t0 && v[k] >= lp[k].v_th)) {
                /* a release inside the step, or a free lane starting at
                 * or above threshold (an initial state): it fires at t0,
                 * which the fast loop, testing the end of the step, would
                 * miss */
                release = 1;
            }
            held[k] = tf[k] >= t1;
            if (held[k]) {
                size_t m = held_until(tf[k], i, n_steps, step0, dt);
                if (m < i_stop) {
                    i_stop = m;
                }
            }
            set_lane(&fb, &lp[k], k, held[k], stride_t == 0 ? LANE_I(0, k) : 0.0);
        }
        if (release) {
            /* this step by the general path, then classify again */
            for (k = 0; k < nb; k++) {
                if (!nai_lif_exact_step(&lp[k], j0 + k, LANE_I(i, k), t0, t1, &v[k],
                               &tf[k], sp)) {
                    return 0;
                }
            }
            i++;
            continue;
        }
        /* fast loop, with crossings handled in place, until a held lane's
         * release step (i_stop) */
        for (;;) {
            uint32_t hit = 0;
            size_t i_hit = fast_run(&fb, i, i_stop, lanes, stride_t, v, &hit);
            double h0, h1;
            if (i_hit >= i_stop) {
                i = i_stop;
                break;
            }
            h0 = T_AT(i_hit);
            h1 = T_AT(i_hit + 1);
            for (k = 0; hit != 0; k++, hit >>= 1) {
                if (!(hit & 1u)) {
                    continue;
                }
                if (!nai_lif_exact_step_general(&lp[k], j0 + k,
                        lp[k].v_rest + lp[k].r * LANE_I(i_hit, k),
                        h0, h1, &v[k], &tf[k], sp)) {
                    return 0;
                }
                if (tf[k] >= h1) {
                    /* refractory beyond this step: hold the lane from now */
                    size_t m = held_until(tf[k], i_hit + 1, n_steps, step0, dt);
                    held[k] = 1;
                    set_lane(&fb, &lp[k], k, 1, 0.0);
                    if (m < i_stop) {
                        i_stop = m;
                    }
                }
            }
            i = i_hit + 1;
            if (i >= i_stop) {
                break;
            }
        }
    }

store:
    for (k = 0; k < nb; k++) {
        s->v[j0 + k] = v[k];
        s->t_free[j0 + k] = tf[k];
    }
    return 1;
#undef LANE_I
#undef T_AT
}

/*
 * A block of nb unrecorded neurons, all advanced one step at a time.  Each
 * lane does the arithmetic of euler_neuron in the same order (so the bits
 * are the same), but the lanes are independent, so the compiler vectorises
 * the update and one lane's latency chain no longer sets the pace.  Spikes
 * are rare: a step with any crossing is revisited lane by lane.
 */
#if defined(__GNUC__)
#define NAI_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define NAI_ALWAYS_INLINE inline
#endif

static NAI_ALWAYS_INLINE int
euler_block_body(const nai_lif_params *p, const nai_lif_prop *pr, size_t j0,
                 size_t nb, size_t n_steps, int64_t step0, const double *current,
                 ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
                 nai_spikes *sp)
{
    double v[NAI_LIF_BLOCK], ref[NAI_LIF_BLOCK], cur[NAI_LIF_BLOCK];
    double v_rest[NAI_LIF_BLOCK], r[NAI_LIF_BLOCK], k[NAI_LIF_BLOCK];
    double v_reset[NAI_LIF_BLOCK], v_th[NAI_LIF_BLOCK];
    size_t i, l;
    for (l = 0; l < nb; l++) {
        const size_t j = j0 + l;
        v[l] = s->v[j];
        ref[l] = (double)s->ref_left[j];   /* a step count: exact in double */
        v_rest[l] = p->v_rest[j];
        r[l] = p->resistance[j];
        k[l] = pr->euler_k[j];
        v_reset[l] = p->v_reset[j];
        v_th[l] = p->v_threshold[j];
    }
    for (i = 0; i < n_steps; i++) {
        const double *row = current + (ptrdiff_t)i * stride_t
                            + (ptrdiff_t)j0 * stride_n;
        uint64_t signs = ~(uint64_t)0;
        int any;
        if (i == 0 || stride_t != 0) {   /* a constant input is read once */
            for (l = 0; l < nb; l++) {
                cur[l] = row[(ptrdiff_t)l * stride_n];
            }
        }
        for (l = 0; l < nb; l++) {
            const double held = ref[l];
            const double nv = nai_lif_euler_v(v[l], v_rest[l], r[l], cur[l], k[l]);
            v[l] = held > 0.0 ? v_reset[l] : nv;
            ref[l] = held > 0.0 ? held - 1.0 : held;
        }
        /* a held lane sits at v_reset < v_threshold, so v >= v_threshold
         * after the update is exactly "this lane crossed" */
        /* any lane with v - v_th >= 0, i.e. with the sign bit clear: an
         * AND of the bit patterns, which vectorises (a floating-point
         * reduction would be kept in order) */
        for (l = 0; l < nb; l++) {
            const double over = v[l] - v_th[l];
            uint64_t bits;
            memcpy(&bits, &over, sizeof bits);
            signs &= bits;
        }
        any = (signs >> 63) == 0;
        if (any) {
            const double t = (double)(step0 + (int64_t)i) * pr->dt;
            for (l = 0; l < nb; l++) {
                if (v[l] >= v_th[l]) {
                    if (!nai_lif_push_spike(sp, (int64_t)(j0 + l), t)) {
                        return 0;
                    }
                    v[l] = v_reset[l];
                    ref[l] = (double)pr->ref_steps[j0 + l];
                }
            }
        }
    }
    for (l = 0; l < nb; l++) {
        s->v[j0 + l] = v[l];
        s->ref_left[j0 + l] = (int64_t)ref[l];
    }
    return 1;
}

#define EULER_BLOCK_ARGS                                                    \
    const nai_lif_params *p, const nai_lif_prop *pr, size_t j0, size_t nb,  \
    size_t n_steps, int64_t step0, const double *current, ptrdiff_t stride_t, \
    ptrdiff_t stride_n, nai_lif_state *s, nai_spikes *sp

typedef int (*euler_block_fn)(EULER_BLOCK_ARGS);

/* The same body compiled for the baseline ISA and for wider vectors. */
static int
euler_block_portable(EULER_BLOCK_ARGS)
{
    return euler_block_body(p, pr, j0, nb, n_steps, step0, current, stride_t,
                            stride_n, s, sp);
}

#ifdef NAI_LIF_X86
__attribute__((target("avx2")))
static int
euler_block_avx2(EULER_BLOCK_ARGS)
{
    return euler_block_body(p, pr, j0, nb, n_steps, step0, current, stride_t,
                            stride_n, s, sp);
}

__attribute__((target("avx512f")))
static int
euler_block_avx512(EULER_BLOCK_ARGS)
{
    return euler_block_body(p, pr, j0, nb, n_steps, step0, current, stride_t,
                            stride_n, s, sp);
}
#endif

static euler_block_fn
pick_euler_block(void)
{
    switch (nai_cpu_isa()) {
#ifdef NAI_LIF_X86
    case NAI_ISA_AVX512:
        return euler_block_avx512;
    case NAI_ISA_AVX2:
        return euler_block_avx2;
#endif
    default:
        return euler_block_portable;
    }
}

int
nai_lif_euler_block(EULER_BLOCK_ARGS)
{
    return pick_euler_block()(p, pr, j0, nb, n_steps, step0, current, stride_t,
                              stride_n, s, sp);
}
