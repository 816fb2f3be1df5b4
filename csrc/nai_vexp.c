#include <stdint.h>
#include <string.h>
#include "nai_cpu.h"
#include "nai_vexp.h"

#if defined(__GNUC__)
#define NAI_VEXP_INLINE __attribute__((always_inline)) inline
#else
#define NAI_VEXP_INLINE inline
#endif

#define LOG2E 1.4426950408889634074
/* ln 2 = LN2_HI + LN2_LO; LN2_HI has 32 trailing zero bits, so k * LN2_HI
 * is exact for |k| < 2^20 */
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define SHIFTER 6755399441055744.0          /* 1.5 * 2^52 */
#define X_MIN (-708.0)

/* 1/k! for k = 2..13 */
#define C2 (1.0 / 2.0)
#define C3 (1.0 / 6.0)
#define C4 (1.0 / 24.0)
#define C5 (1.0 / 120.0)
#define C6 (1.0 / 720.0)
#define C7 (1.0 / 5040.0)
#define C8 (1.0 / 40320.0)
#define C9 (1.0 / 362880.0)
#define C10 (1.0 / 3628800.0)
#define C11 (1.0 / 39916800.0)
#define C12 (1.0 / 479001600.0)
#define C13 (1.0 / 6227020800.0)

/* exp(x) for x >= X_MIN, without the range test: the body every path
 * shares, written branch-free so that a loop over it vectorises. */
static NAI_VEXP_INLINE double
exp_neg_core(double x)
{
    double t, kf, r, p, scale;
    uint64_t bits, shifter_bits;
    const double shifter = SHIFTER;
    t = x * LOG2E + SHIFTER;
    kf = t - SHIFTER;                 /* round(x / ln2), half to even */
    r = x - kf * LN2_HI;
    r = r - kf * LN2_LO;
    p = C13;
    p = p * r + C12;
    p = p * r + C11;
    p = p * r + C10;
    p = p * r + C9;
    p = p * r + C8;
    p = p * r + C7;
    p = p * r + C6;
    p = p * r + C5;
    p = p * r + C4;
    p = p * r + C3;
    p = p * r + C2;
    p = p * r + 1.0;
    p = p * r + 1.0;
    /* 2^k: k sits in the low bits of t */
    memcpy(&bits, &t, sizeof bits);
    memcpy(&shifter_bits, &shifter, sizeof shifter_bits);
    bits = (bits - shifter_bits + 1023u) << 52;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

double
nai_exp_neg(double x)
{
    return x < X_MIN ? 0.0 : exp_neg_core(x);
}

/* The loop every path runs; below X_MIN the core's value (a wrapped 2^k)
 * is computed and then replaced by 0, a select the compiler vectorises. */
static NAI_VEXP_INLINE void
vexp_body(const double *x, double *out, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        const double e = exp_neg_core(x[k]);
        out[k] = x[k] < X_MIN ? 0.0 : e;
    }
}

static void
vexp_portable(const double *x, double *out, size_t n)
{
    vexp_body(x, out, n);
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
#define NAI_VEXP_X86 1
/* The same body built for wider vectors, chosen at run time. */
__attribute__((target("avx512f")))
static void
vexp_avx512(const double *x, double *out, size_t n)
{
    vexp_body(x, out, n);
}

__attribute__((target("avx2")))
static void
vexp_avx2(const double *x, double *out, size_t n)
{
    vexp_body(x, out, n);
}
#endif
void
nai_vexp(const double *x, double *out, size_t n)
{
    /* the set chosen once by nai_cpu_init (nai_cpu.h) */
    switch (nai_cpu_isa()) {
#ifdef NAI_VEXP_X86
    case NAI_ISA_AVX512:
        vexp_avx512(x, out, n);
        return;
    case NAI_ISA_AVX2:
        vexp_avx2(x, out, n);
        return;
#endif
    default:
        vexp_portable(x, out, n);
    }
}
