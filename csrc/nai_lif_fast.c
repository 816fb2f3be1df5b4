/*
 * nai_lif_fast.c -- the blocked vector drivers of the LIF model (nai_lif.c
 * is the model itself; nai_lif_fast.h the contract between the two).
 *
 * Neurons are independent, so the unrecorded ones run block by block: a
 * block of NAI_LIF_BLOCK neurons keeps its potentials in registers or L1
 * for the whole run (time blocking), and a step in which nothing happens
 * costs one multiply and one add per neuron.  The lanes concerned by an
 * event (a crossing, a release from refractoriness) take the model's own
 * step (nai_lif_exact_step_general / nai_lif_exact_step), the others go on.
 *
 * Instruction sets (chosen once, nai_cpu.h).  The Euler block is one
 * portable body compiled three times with target attributes.  The exact
 * fast loop has a portable body too, but for AVX2 and AVX-512 it is written
 * with intrinsics: they keep the block's potentials in registers from step
 * to step, where the compiled body goes through L1 every step; built for
 * AVX2 the body ran the benchmark population 1.8-2.5x slower than the
 * intrinsics (benchmarks/README.md).  Every path performs the same IEEE
 * operations in the same order (no fused multiply-add), so results are the
 * same bits on every path (tested in tests/c/test_lif.c).
 */
#include <math.h>
#include <string.h>
#include "nai_cpu.h"
#include "nai_lif.h"
#include "nai_lif_fast.h"

/* ---- the input's range ------------------------------------------------ */

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int
nai_lif_current_range(const double *x, size_t rows, ptrdiff_t stride, double *mx,
                      double *mn)
{
    double hi, lo;
    int nan = 0;
    size_t i = 0;
    if (rows == 0) {
        *mx = *mn = 0.0;
        return 1;
    }
    hi = lo = x[0];
    nan = x[0] != x[0];
#if defined(__SSE2__)
    /* the compiler does not vectorise a max reduction without fast-math
     * (its NaN and signed-zero rules); maxpd/minpd match x > m ? x : m */
    if (stride == 1 && rows >= 8) {
        __m128d h0 = _mm_set1_pd(hi), h1 = h0, l0 = h0, l1 = h0;
        __m128d un = _mm_setzero_pd();      /* lanes that met a NaN */
        for (; i + 4 <= rows; i += 4) {
            const __m128d a = _mm_loadu_pd(x + i), b = _mm_loadu_pd(x + i + 2);
            h0 = _mm_max_pd(a, h0);
            h1 = _mm_max_pd(b, h1);
            l0 = _mm_min_pd(a, l0);
            l1 = _mm_min_pd(b, l1);
            un = _mm_or_pd(un, _mm_cmpunord_pd(a, b));
        }
        nan |= _mm_movemask_pd(un) != 0;
        {
            double t[2];
            h0 = _mm_max_pd(h0, h1);
            l0 = _mm_min_pd(l0, l1);
            _mm_storeu_pd(t, h0);
            hi = t[0] > t[1] ? t[0] : t[1];
            _mm_storeu_pd(t, l0);
            lo = t[0] < t[1] ? t[0] : t[1];
        }
    }
#endif
    for (; i < rows; i++) {
        const double v = x[(ptrdiff_t)i * stride];
        hi = v > hi ? v : hi;
        lo = v < lo ? v : lo;
        nan |= v != v;
    }
    *mx = hi;
    *mn = lo;
    /* an infinity is its own maximum or minimum */
    return !nan && isfinite(hi) && isfinite(lo);
}

/* ---- exact method: a block of neurons without recording --------------- */

/*
 * The fast loop.  Over steps [i, i_stop) every lane of the block is either
 * free for the whole step or frozen (refractory all step, or waiting for
 * its own step); a frozen lane is given decay 1, gain 0 and threshold
 * +inf, so that the update v <- decay v + gain V_inf leaves it unchanged
 * with no branch.
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

#if defined(__GNUC__)
#define NAI_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define NAI_ALWAYS_INLINE inline
#endif

/* No lane of x[0..NAI_LIF_BLOCK) minus th[] is >= 0, tested as "every
 * difference has its sign bit set": an AND of bit patterns, which
 * vectorises (a branch per lane or an ordered reduction would not).  x - th
 * is negative exactly when x < th (gradual underflow), also for th = +inf. */
static NAI_ALWAYS_INLINE int
none_reach(const double *x, const double *th)
{
    uint64_t signs = ~(uint64_t)0;
    size_t k;
    for (k = 0; k < NAI_LIF_BLOCK; k++) {
        const double over = x[k] - th[k];
        uint64_t bits;
        memcpy(&bits, &over, sizeof bits);
        signs &= bits;
    }
    return (signs >> 63) != 0;
}

static NAI_ALWAYS_INLINE size_t
fast_run_body(const fast_block *b, size_t i, size_t i_stop,
              const double *cur, ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    double vn[NAI_LIF_BLOCK];
    size_t k;
    for (; i < i_stop; i++) {
        if (stride_t == 0) {
            for (k = 0; k < NAI_LIF_BLOCK; k++) {
                vn[k] = b->decay[k] * v[k] + b->c[k];
            }
        } else {
            const double *row = cur + (ptrdiff_t)i * stride_t;
            for (k = 0; k < NAI_LIF_BLOCK; k++) {
                vn[k] = b->decay[k] * v[k]
                        + b->gain[k] * (b->v_rest[k] + b->r[k] * row[k]);
            }
        }
        if (!none_reach(vn, b->v_th)) {
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
        memcpy(v, vn, sizeof vn);
    }
    return i_stop;
}

static size_t
fast_run_portable(const fast_block *b, size_t i, size_t i_stop,
                  const double *cur, ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    return fast_run_body(b, i, i_stop, cur, stride_t, v, hit_mask);
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
#define NAI_LIF_X86 1
#include <immintrin.h>

#ifdef NAI_LIF_NO_INTRINSICS
/* The portable body built for the wide sets instead of the intrinsics
 * below: a build option, so that benchmarks/bench_lif.py can show what the
 * intrinsics are worth. */
__attribute__((target("avx2")))
static size_t
fast_run_avx2(const fast_block *b, size_t i, size_t i_stop, const double *cur,
              ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    return fast_run_body(b, i, i_stop, cur, stride_t, v, hit_mask);
}

__attribute__((target("avx512f")))
static size_t
fast_run_avx512(const fast_block *b, size_t i, size_t i_stop, const double *cur,
                ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    return fast_run_body(b, i, i_stop, cur, stride_t, v, hit_mask);
}
#else

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

/* AVX2: eight registers of potentials; the constants are read from L1.
 * The two inputs have their own loop, so the step has no branch but the
 * threshold test. */
__attribute__((target("avx2")))
static size_t
fast_run_avx2(const fast_block *b, size_t i, size_t i_stop, const double *cur,
              ptrdiff_t stride_t, double *v, uint32_t *hit_mask)
{
    __m256d vv[8], nn[8];
    int k;
    for (k = 0; k < 8; k++) {
        vv[k] = _mm256_loadu_pd(v + 4 * k);
    }
    for (; i < i_stop; i++) {
        __m256d any = _mm256_setzero_pd();
        if (stride_t == 0) {
            for (k = 0; k < 8; k++) {
                nn[k] = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(b->decay + 4 * k), vv[k]),
                                      _mm256_loadu_pd(b->c + 4 * k));
                any = _mm256_or_pd(any, _mm256_cmp_pd(nn[k], _mm256_loadu_pd(b->v_th + 4 * k),
                                                      _CMP_GE_OQ));
            }
        } else {
            const double *row = cur + (ptrdiff_t)i * stride_t;
            for (k = 0; k < 8; k++) {
                const __m256d c = _mm256_mul_pd(_mm256_loadu_pd(b->gain + 4 * k), _mm256_add_pd(
                    _mm256_loadu_pd(b->v_rest + 4 * k),
                    _mm256_mul_pd(_mm256_loadu_pd(b->r + 4 * k), _mm256_loadu_pd(row + 4 * k))));
                nn[k] = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(b->decay + 4 * k), vv[k]), c);
                any = _mm256_or_pd(any, _mm256_cmp_pd(nn[k], _mm256_loadu_pd(b->v_th + 4 * k),
                                                      _CMP_GE_OQ));
            }
        }
        if (_mm256_movemask_pd(any)) {
            uint32_t m = 0;
            for (k = 0; k < 8; k++) {
                const __m256d h = _mm256_cmp_pd(nn[k], _mm256_loadu_pd(b->v_th + 4 * k),
                                                _CMP_GE_OQ);
                vv[k] = _mm256_blendv_pd(nn[k], vv[k], h);
                m |= (uint32_t)_mm256_movemask_pd(h) << (4 * k);
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
#endif /* NAI_LIF_NO_INTRINSICS */
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
 * lane held until t_free stops being held for the whole step), or n_steps.
 * The quotient is only a first guess (a product with 1/dt is as good as a
 * division for that); the loops settle the answer on the same step ends,
 * (step0 + m) dt, as every other test of the block. */
static size_t
held_until(double t_free, size_t i, size_t n_steps, int64_t step0, double dt,
           double inv_dt)
{
    const double guess = floor(t_free * inv_dt) - (double)step0;
    size_t m;
    if (!(guess < (double)n_steps + 2.0)) {
        return n_steps;     /* beyond the run, whatever the rounding */
    }
    m = guess > (double)i ? (guess < (double)n_steps ? (size_t)guess : n_steps) : i;
    while (m > i && (double)(step0 + (int64_t)m) * dt >= t_free) {
        m--;    /* rounding of the guess: step m - 1 may already end past it */
    }
    while (m < n_steps && (double)(step0 + (int64_t)m + 1) * dt <= t_free) {
        m++;
    }
    return m;
}

/* Make lane k of the fast block free (its own propagators) or frozen. */
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

/* Index of the lowest set bit of m != 0. */
static int
lowest_bit(uint32_t m)
{
#if defined(__GNUC__)
    return __builtin_ctz(m);
#else
    int k = 0;
    while (!(m & 1u)) {
        m >>= 1;
        k++;
    }
    return k;
#endif
}

/* A block being run: its lanes, their state, and where the input is. */
typedef struct exact_run {
    fast_block fb;
    nai_lif_lane lp[NAI_LIF_BLOCK];
    double v[NAI_LIF_BLOCK];    /* [mV] */
    double tf[NAI_LIF_BLOCK];   /* t_free [ms] */
    size_t rel[NAI_LIF_BLOCK];  /* frozen lane: the step of its own step */
    uint32_t frozen;            /* bit k: lane k is frozen (padding is not) */
    size_t j0, n_steps, i_stop; /* i_stop: the least rel[k], at most n_steps */
    int64_t step0;
    double dt, inv_dt;          /* [ms], [1/ms] */
    const double *lanes;        /* input of lane 0 at step 0 */
    ptrdiff_t stride_t, stride_n;
} exact_run;

static double
lane_input(const exact_run *b, size_t i, size_t k)
{
    return b->lanes[(ptrdiff_t)i * b->stride_t + (ptrdiff_t)k * b->stride_n];
}

static double
t_at(const exact_run *b, size_t i)
{
    return (double)(b->step0 + (int64_t)i) * b->dt;
}

/* Freeze lane k in the fast loop until step `until`. */
static void
freeze(exact_run *b, size_t k, size_t until)
{
    b->rel[k] = until;
    b->frozen |= (uint32_t)1 << k;
    set_lane(&b->fb, &b->lp[k], k, 1, 0.0);
    if (until < b->i_stop) {
        b->i_stop = until;
    }
}

static void
thaw(exact_run *b, size_t k)
{
    b->frozen &= ~((uint32_t)1 << k);
    set_lane(&b->fb, &b->lp[k], k, 0, b->stride_t == 0 ? lane_input(b, 0, k) : 0.0);
}

/* The lanes flagged in hit reached threshold in step i: the general step
 * for each, frozen if refractory beyond the step.  0 if a spike could not
 * be stored, NAI_LIF_STEP_TIME if time cannot advance. */
static int
crossings(exact_run *b, uint32_t hit, size_t i, nai_spikes *sp)
{
    const double t0 = t_at(b, i), t1 = t_at(b, i + 1);
    for (; hit != 0; hit &= hit - 1) {
        const int k = lowest_bit(hit);
        const int r = nai_lif_exact_step_general(&b->lp[k], b->j0 + (size_t)k,
                b->lp[k].v_rest + b->lp[k].r * lane_input(b, i, (size_t)k),
                t0, t1, &b->v[k], &b->tf[k], sp);
        if (r != 1) {
            return r;
        }
        if (b->tf[k] >= t1) {
            freeze(b, (size_t)k, held_until(b->tf[k], i + 1, b->n_steps, b->step0,
                                            b->dt, b->inv_dt));
        }
    }
    return 1;
}

/* Step i, at which the lanes with rel[k] == i take the model's step alone
 * (the fast loop has advanced the others); then the next i_stop.  0 if a
 * spike could not be stored, NAI_LIF_STEP_TIME if time cannot advance. */
static int
due_lanes(exact_run *b, size_t i, nai_spikes *sp)
{
    const double t0 = t_at(b, i), t1 = t_at(b, i + 1);
    size_t next = b->n_steps;
    uint32_t m;
    /* over the frozen lanes only: a few of the block at any time */
    for (m = b->frozen; m != 0; m &= m - 1) {
        const int q = lowest_bit(m);
        if (b->rel[q] == i) {
            const int r = nai_lif_exact_step(&b->lp[q], b->j0 + (size_t)q,
                                             lane_input(b, i, (size_t)q), t0, t1,
                                             &b->v[q], &b->tf[q], sp);
            if (r != 1) {
                return r;
            }
            if (b->tf[q] < t1) {
                thaw(b, (size_t)q);
                continue;
            }
            b->rel[q] = held_until(b->tf[q], i + 1, b->n_steps, b->step0, b->dt,
                                    b->inv_dt);
        }
        if (b->rel[q] < next) {
            next = b->rel[q];
        }
    }
    b->i_stop = next;
    return 1;
}

/*
 * Run a whole block [j0, j0+nb) over all steps.  Each lane is either free,
 * advanced by the fast loop, or frozen in it (held: decay 1, gain 0,
 * threshold +inf) until rel[k], the step at which it takes the model's step
 * alone: a lane refractory beyond a step is frozen until the step in which
 * it is released, and a lane that needs the general step at the start
 * (released inside step 0, or starting at or above threshold) is frozen
 * until step 0.  The fast loop runs to the next crossing or the next rel[k],
 * and an event costs the lanes concerned only.  (Re-classifying the whole
 * block at every release instead, with the general step for all its lanes,
 * made refractory populations whose neighbours differ several times
 * slower.)
 */
int
nai_lif_exact_block(const nai_lif_params *p, const nai_lif_prop *pr,
                    size_t j0, size_t nb, size_t n_steps, int64_t step0,
                    const double *current, ptrdiff_t stride_t,
                    ptrdiff_t stride_n, nai_lif_state *s, nai_spikes *sp)
{
    const fast_run_fn fast_run = pick_fast_run();
    exact_run b;
    size_t i = 0, k;

    b.j0 = j0;
    b.n_steps = n_steps;
    b.i_stop = n_steps;
    b.step0 = step0;
    b.dt = pr->dt;
    b.inv_dt = 1.0 / pr->dt;
    b.frozen = 0;
    b.lanes = current + (ptrdiff_t)j0 * stride_n;
    b.stride_t = stride_t;
    b.stride_n = stride_n;
    for (k = 0; k < nb; k++) {
        b.v[k] = s->v[j0 + k];
        b.tf[k] = s->t_free[j0 + k];
        nai_lif_load_lane(p, pr, j0 + k, &b.lp[k]);
    }
    if (!(stride_t == 0 || (stride_n == 1 && nb == NAI_LIF_BLOCK))) {
        /* the fast loop reads all NAI_LIF_BLOCK lanes of a time-varying
         * input at row[k]: only for a full block of contiguous lanes */
        for (; i < n_steps; i++) {
            for (k = 0; k < nb; k++) {
                const int r = nai_lif_exact_step(&b.lp[k], j0 + k, lane_input(&b, i, k),
                                                 t_at(&b, i), t_at(&b, i + 1), &b.v[k],
                                                 &b.tf[k], sp);
                if (r != 1) {
                    return r;
                }
            }
        }
        goto store;
    }

    for (k = nb; k < NAI_LIF_BLOCK; k++) {      /* padding: frozen for good */
        b.v[k] = 0.0;
        b.fb.v_rest[k] = b.fb.r[k] = 0.0;
        set_lane(&b.fb, NULL, k, 1, 0.0);
    }
    for (k = 0; k < nb && n_steps > 0; k++) {
        b.fb.v_rest[k] = b.lp[k].v_rest;
        b.fb.r[k] = b.lp[k].r;
        if (b.tf[k] >= t_at(&b, 1)) {
            b.v[k] = b.lp[k].v_reset;           /* held all of step 0 */
            freeze(&b, k, held_until(b.tf[k], 0, n_steps, step0, b.dt, b.inv_dt));
        } else if (b.tf[k] > t_at(&b, 0) || b.v[k] >= b.lp[k].v_th) {
            freeze(&b, k, 0);
        } else {
            thaw(&b, k);
        }
    }

    while (i < n_steps) {
        /* fast steps through the step i_stop in which lanes are due (they
         * are frozen in it), stopping early at a crossing; then the due
         * lanes take their step alone */
        const size_t i_due = b.i_stop;
        const size_t i_end = i_due < n_steps ? i_due + 1 : n_steps;
        uint32_t hit = 0;
        const size_t i_hit = fast_run(&b.fb, i, i_end, b.lanes, stride_t, b.v, &hit);
        int r;
        if (i_hit < i_end && (r = crossings(&b, hit, i_hit, sp)) != 1) {
            return r;
        }
        i = i_hit < i_end ? i_hit + 1 : i_end;
        if (i == i_due + 1 && (r = due_lanes(&b, i_due, sp)) != 1) {
            return r;
        }
    }

store:
    for (k = 0; k < nb; k++) {
        s->v[j0 + k] = b.v[k];
        s->t_free[j0 + k] = b.tf[k];
    }
    return 1;
}

/*
 * A block of nb unrecorded neurons, all advanced one step at a time.  Each
 * lane does the arithmetic of euler_neuron in the same order (so the bits
 * are the same), but the lanes are independent, so the compiler vectorises
 * the update and one lane's latency chain no longer sets the pace.  Spikes
 * are rare: a step with any crossing is revisited lane by lane.
 */
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
