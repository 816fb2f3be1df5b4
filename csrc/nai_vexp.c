#include <stdint.h>
#include <string.h>
#include "nai_cpu.h"
#include "nai_vexp.h"

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

double
nai_exp_neg(double x)
{
    double t, kf, r, p, scale;
    uint64_t bits, shifter_bits;
    const double shifter = SHIFTER;
    if (x < X_MIN) {
        return 0.0;
    }
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

static void
vexp_portable(const double *x, double *out, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        out[k] = nai_exp_neg(x[k]);
    }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
#define NAI_VEXP_X86 1
#include <immintrin.h>

__attribute__((target("avx512f")))
static void
vexp_avx512(const double *x, double *out, size_t n)
{
    const __m512d log2e = _mm512_set1_pd(LOG2E), sh = _mm512_set1_pd(SHIFTER);
    const __m512d hi = _mm512_set1_pd(LN2_HI), lo = _mm512_set1_pd(LN2_LO);
    const __m512d one = _mm512_set1_pd(1.0), xmin = _mm512_set1_pd(X_MIN);
    const __m512i sh_bits = _mm512_castpd_si512(sh);
    const __m512i bias = _mm512_set1_epi64(1023);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const __m512d xv = _mm512_loadu_pd(x + k);
        const __mmask8 under = _mm512_cmp_pd_mask(xv, xmin, _CMP_LT_OQ);
        const __m512d t = _mm512_add_pd(_mm512_mul_pd(xv, log2e), sh);
        const __m512d kf = _mm512_sub_pd(t, sh);
        __m512d r = _mm512_sub_pd(xv, _mm512_mul_pd(kf, hi));
        __m512d p = _mm512_set1_pd(C13);
        __m512i e;
        r = _mm512_sub_pd(r, _mm512_mul_pd(kf, lo));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C12));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C11));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C10));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C9));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C8));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C7));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C6));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C5));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C4));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C3));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(C2));
        p = _mm512_add_pd(_mm512_mul_pd(p, r), one);
        p = _mm512_add_pd(_mm512_mul_pd(p, r), one);
        e = _mm512_sub_epi64(_mm512_castpd_si512(t), sh_bits);
        e = _mm512_slli_epi64(_mm512_add_epi64(e, bias), 52);
        p = _mm512_mul_pd(p, _mm512_castsi512_pd(e));
        _mm512_storeu_pd(out + k, _mm512_maskz_mov_pd((__mmask8)~under, p));
    }
    vexp_portable(x + k, out + k, n - k);
}

__attribute__((target("avx2")))
static void
vexp_avx2(const double *x, double *out, size_t n)
{
    const __m256d log2e = _mm256_set1_pd(LOG2E), sh = _mm256_set1_pd(SHIFTER);
    const __m256d hi = _mm256_set1_pd(LN2_HI), lo = _mm256_set1_pd(LN2_LO);
    const __m256d one = _mm256_set1_pd(1.0), xmin = _mm256_set1_pd(X_MIN);
    const __m256i sh_bits = _mm256_castpd_si256(sh);
    const __m256i bias = _mm256_set1_epi64x(1023);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        const __m256d xv = _mm256_loadu_pd(x + k);
        const __m256d ok = _mm256_cmp_pd(xv, xmin, _CMP_GE_OQ);
        const __m256d t = _mm256_add_pd(_mm256_mul_pd(xv, log2e), sh);
        const __m256d kf = _mm256_sub_pd(t, sh);
        __m256d r = _mm256_sub_pd(xv, _mm256_mul_pd(kf, hi));
        __m256d p = _mm256_set1_pd(C13);
        __m256i e;
        r = _mm256_sub_pd(r, _mm256_mul_pd(kf, lo));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C12));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C11));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C10));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C9));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C8));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C7));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C6));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C5));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C4));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C3));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(C2));
        p = _mm256_add_pd(_mm256_mul_pd(p, r), one);
        p = _mm256_add_pd(_mm256_mul_pd(p, r), one);
        e = _mm256_sub_epi64(_mm256_castpd_si256(t), sh_bits);
        e = _mm256_slli_epi64(_mm256_add_epi64(e, bias), 52);
        p = _mm256_mul_pd(p, _mm256_castsi256_pd(e));
        _mm256_storeu_pd(out + k, _mm256_and_pd(p, ok));
    }
    vexp_portable(x + k, out + k, n - k);
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
