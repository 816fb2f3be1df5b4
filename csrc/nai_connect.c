/* nai_connect.c -- seeded connectivity rules and weight distributions; the
 * algorithms, their sources and the stream layout are in nai_connect.h. */
#include <stdlib.h>
#include <string.h>
#include "nai_connect.h"

/* a * b + c must round twice (see the header); GCC takes this from
 * -ffp-contract=off and warns about the pragma, so only clang is told. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ====================================================================== */
/* arithmetic                                                              */
/* ====================================================================== */

static uint64_t
bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof(u));
    return u;
}

static double
double_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof(x));
    return x;
}

/* High 64 bits of a * b, the low ones in *lo, from 32-bit halves (for
 * compilers without a 128-bit integer; the C test compares the two). */
#if !defined(__SIZEOF_INT128__) || defined(NAI_CONNECT_TEST)
static uint64_t
mul_hi_lo_portable(uint64_t a, uint64_t b, uint64_t *lo)
{
    const uint64_t m32 = UINT64_C(0xFFFFFFFF);
    uint64_t a0 = a & m32, a1 = a >> 32, b0 = b & m32, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & m32) + (p10 & m32);
    *lo = (mid << 32) | (p00 & m32);
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}
#endif

/* High 64 bits of a * b, the low ones in *lo. */
static uint64_t
mul_hi_lo(uint64_t a, uint64_t b, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__)
    __extension__ unsigned __int128 w = (unsigned __int128)a * b;
    *lo = (uint64_t)w;
    return (uint64_t)(w >> 64);
#else
    return mul_hi_lo_portable(a, b, lo);
#endif
}

uint64_t
nai_connect_below(nai_rng *r, uint64_t s)
{
    uint64_t lo, hi = mul_hi_lo(nai_rng_next(r), s, &lo);
    if (lo < s) {
        /* reject the 2^64 mod s lowest products, so every value has the
         * same number of 64-bit preimages */
        const uint64_t t = (0 - s) % s;
        while (lo < t) {
            hi = mul_hi_lo(nai_rng_next(r), s, &lo);
        }
    }
    return hi;
}

double
nai_connect_pow(double q, uint64_t n)
{
    double r = 1.0, b = q;
    while (n != 0) {
        if (n & 1) {
            r = r * b;
        }
        n >>= 1;
        if (n != 0) {
            b = b * b;
        }
    }
    return r;
}

/* fdlibm 5.3 e_log.c: x = 2^k (1 + f), sqrt(2)/2 < 1 + f < sqrt(2);
 * log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), R a
 * minimax polynomial; k ln 2 added in two parts (ln2_hi has trailing
 * zeros, so k * ln2_hi is exact). */
static const double ln2_hi = 0x1.62e42fee00000p-1;
static const double ln2_lo = 0x1.a39ef35793c76p-33;
static const double lg1 = 0x1.5555555555593p-1;
static const double lg2 = 0x1.999999997fa04p-2;
static const double lg3 = 0x1.2492494229359p-2;
static const double lg4 = 0x1.c71c51d8e78afp-3;
static const double lg5 = 0x1.7466496cb03dep-3;
static const double lg6 = 0x1.39a09d078c69fp-3;
static const double lg7 = 0x1.2f112df3e5244p-3;

double
nai_connect_log(double x)
{
    uint64_t u = bits_of(x);
    int32_t hx = (int32_t)(u >> 32), i, j;
    int k = 0;
    double f, s, z, w, t1, t2, r, hfsq, dk;
    if (!(x > 0.0)) {
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (hx >= 0x7ff00000) {
        return x + x;                     /* inf (NaN was refused above) */
    }
    if (hx < 0x00100000) {                /* subnormal: scale by 2^54 */
        k -= 54;
        x = x * 0x1p54;
        u = bits_of(x);
        hx = (int32_t)(u >> 32);
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    i = (hx + 0x95f64) & 0x100000;        /* 1 if the mantissa is >= sqrt(2) */
    u = ((uint64_t)(uint32_t)(hx | (i ^ 0x3ff00000)) << 32) | (u & UINT64_C(0xFFFFFFFF));
    x = double_of(u);
    k += i >> 20;
    f = x - 1.0;
    dk = (double)k;
    if ((0x000fffff & (2 + hx)) < 3) {    /* |f| < 2^-20 */
        if (f == 0.0) {
            return k == 0 ? 0.0 : dk * ln2_hi + dk * ln2_lo;
        }
        r = f * f * (0.5 - 0.33333333333333333 * f);
        return k == 0 ? f - r : dk * ln2_hi - ((r - dk * ln2_lo) - f);
    }
    s = f / (2.0 + f);
    z = s * s;
    i = hx - 0x6147a;
    w = z * z;
    j = 0x6b851 - hx;
    t1 = w * (lg2 + w * (lg4 + w * lg6));
    t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
    i |= j;
    r = t2 + t1;
    if (i > 0) {
        hfsq = 0.5 * f * f;
        return k == 0 ? f - (hfsq - s * (hfsq + r))
                      : dk * ln2_hi - ((hfsq - (s * (hfsq + r) + dk * ln2_lo)) - f);
    }
    return k == 0 ? f - s * (f - r) : dk * ln2_hi - ((s * (f - r) - dk * ln2_lo) - f);
}

/* fdlibm 5.3 e_exp.c: x = k ln 2 + r, |r| <= ln 2 / 2 (ln 2 in two parts,
 * r = hi - lo); exp(r) = 1 + r + r c / (2 - c), c = r - r^2 P(r^2) a
 * minimax polynomial; then scaled by 2^k through the exponent bits. */
static const double inv_ln2 = 0x1.71547652b82fep+0;
static const double ep1 = 0x1.555555555553ep-3;
static const double ep2 = -0x1.6c16c16bebd93p-9;
static const double ep3 = 0x1.1566aaf25de2cp-14;
static const double ep4 = -0x1.bbd41c5d26bf1p-20;
static const double ep5 = 0x1.6376972bea4d0p-25;

double
nai_connect_exp(double x)
{
    const uint32_t hx = (uint32_t)(bits_of(x) >> 32) & 0x7fffffffu;
    const int neg = x < 0.0;
    double hi = 0.0, lo = 0.0, t, c, y;
    int k = 0;
    if (x != x) {
        return x;
    }
    if (x > 709.782712893383973096) {
        return HUGE_VAL;
    }
    if (x < -745.13321910194110842) {
        return 0.0;
    }
    if (hx > 0x3fd62e42u) {               /* |x| > ln 2 / 2 */
        if (hx < 0x3ff0a2b2u) {           /* |x| < 3 ln 2 / 2: k = +-1 */
            hi = neg ? x + ln2_hi : x - ln2_hi;
            lo = neg ? -ln2_lo : ln2_lo;
            k = neg ? -1 : 1;
        } else {
            k = (int)(inv_ln2 * x + (neg ? -0.5 : 0.5));
            t = (double)k;
            hi = x - t * ln2_hi;          /* exact: t * ln2_hi is */
            lo = t * ln2_lo;
        }
        x = hi - lo;
    } else if (hx < 0x3e300000u) {        /* |x| < 2^-28 */
        return 1.0 + x;
    }
    t = x * x;
    c = x - t * (ep1 + t * (ep2 + t * (ep3 + t * (ep4 + t * ep5))));
    if (k == 0) {
        return 1.0 - ((x * c) / (c - 2.0) - x);
    }
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    if (k >= -1021) {
        return double_of(bits_of(y) + ((uint64_t)(int64_t)k << 52));
    }
    /* the result is subnormal: scale in two exact-or-once-rounded steps */
    return double_of(bits_of(y) + ((uint64_t)(int64_t)(k + 1000) << 52)) * 0x1p-1000;
}

/* ====================================================================== */
/* binomial counts                                                         */
/* ====================================================================== */

static void
fill_inv(double *inv)
{
    int x;
    inv[0] = 0.0;
    for (x = 1; x < NAI_CONNECT_N_INV; x++) {
        inv[x] = 1.0 / (double)x;
    }
}

/* One Binomial(m, p) draw under way: the chunks still to draw and the
 * count so far.  p' = min(p, 1 - p) is the probability the chunks use. */
typedef struct binom {
    uint64_t m;             /* trials */
    uint64_t c;             /* trials per full chunk */
    uint64_t full_left;     /* full chunks still to draw */
    int rem_left;           /* 1 if the short chunk (m mod c trials) is still to draw */
    double q_c, q_rem;      /* q'^c and q'^(m mod c): P(0) of the chunks */
    double pq;              /* p' / q' */
    int flip;               /* p > 1/2: the result is m - count */
    int trivial;            /* p' == 0: no draws at all */
    uint64_t count;
} binom;

static void
binom_start(binom *b, uint64_t m, double p)
{
    const int flip = p > 0.5;
    const double pp = flip ? 1.0 - p : p;   /* exact for p in [1/2, 1] (Sterbenz) */
    const double qq = 1.0 - pp;
    const double cf = 32.0 / pp;
    memset(b, 0, sizeof(*b));
    b->m = m;
    b->flip = flip;
    b->trivial = !(pp > 0.0) || m == 0;
    if (b->trivial) {
        return;
    }
    b->c = cf >= (double)m ? m : (uint64_t)cf;
    if (b->c < 1) {
        b->c = 1;
    }
    b->full_left = m / b->c;
    b->rem_left = m % b->c != 0;
    b->q_c = nai_connect_pow(qq, b->c);
    b->q_rem = nai_connect_pow(qq, m % b->c);
    b->pq = pp / qq;
}

/* Count of one chunk of n trials with P(0) = q0, by inversion.  The
 * rounded cumulative sum may stop short of 1 (by ~1e-14): a u above it,
 * found when the terms have underflowed to 0 (a few hundred steps past a
 * mean <= 32), is redrawn rather than searched up to x = n. */
static uint64_t
binom_chunk(nai_rng *r, uint64_t n, double q0, double pq, const double *inv)
{
    double u = nai_rng_uniform(r);
    double pmf = q0, cdf = q0;
    uint64_t x = 0;
    while (u >= cdf && x < n) {
        double step;
        x++;
        step = x < NAI_CONNECT_N_INV ? (pq * (double)(n - x + 1)) * inv[x]
                                     : (pq * (double)(n - x + 1)) / (double)x;
        pmf = pmf * step;
        cdf = cdf + pmf;
        if (pmf == 0.0 && u >= cdf) {
            u = nai_rng_uniform(r);
            pmf = cdf = q0;
            x = 0;
        }
    }
    return x;
}

/* Draw up to about *budget units (chunks plus inversion steps, each chunk
 * counted as its mean of at most 33); 1 when b is complete. */
static int
binom_run(binom *b, nai_rng *r, const double *inv, size_t *budget)
{
    if (b->trivial) {
        return 1;
    }
    while (b->full_left > 0) {
        uint64_t x;
        if (*budget == 0) {
            return 0;
        }
        x = binom_chunk(r, b->c, b->q_c, b->pq, inv);
        b->count += x;
        b->full_left--;
        *budget = *budget > x + 1 ? *budget - (x + 1) : 0;
    }
    if (b->rem_left) {
        b->count += binom_chunk(r, b->m % b->c, b->q_rem, b->pq, inv);
        b->rem_left = 0;
    }
    return 1;
}

static uint64_t
binom_result(const binom *b)
{
    if (b->trivial) {
        return b->flip ? b->m : 0;
    }
    return b->flip ? b->m - b->count : b->count;
}

uint64_t
nai_connect_binomial(nai_rng *r, uint64_t m, double p)
{
    double inv[NAI_CONNECT_N_INV];
    binom b;
    size_t budget = (size_t)-1;
    fill_inv(inv);
    binom_start(&b, m, p);
    while (!binom_run(&b, r, inv, &budget)) {
        budget = (size_t)-1;
    }
    return binom_result(&b);
}

/* ====================================================================== */
/* uniform k-subsets, sorted                                               */
/* ====================================================================== */

static int
lowest_bit(uint64_t w)
{
#if defined(__GNUC__)
    return __builtin_ctzll(w);
#else
    int b = 0;
    while (!(w & 1)) {
        w >>= 1;
        b++;
    }
    return b;
#endif
}

/* Sort a[0 .. n) increasingly; keys < 2^key_bits; tmp of n entries. */
static void
sort_u64(uint64_t *a, uint64_t *tmp, size_t n, int key_bits)
{
    size_t i, count[256];
    int shift;
    uint64_t *src = a, *dst = tmp, *sw;
    if (n < 64) {                         /* insertion sort */
        for (i = 1; i < n; i++) {
            uint64_t v = a[i];
            size_t j = i;
            while (j > 0 && a[j - 1] > v) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
        return;
    }
    for (shift = 0; shift < key_bits; shift += 8) {
        size_t sum = 0;
        memset(count, 0, sizeof(count));
        for (i = 0; i < n; i++) {
            count[(src[i] >> shift) & 0xff]++;
        }
        for (i = 0; i < 256; i++) {
            size_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++) {
            dst[count[(src[i] >> shift) & 0xff]++] = src[i];
        }
        sw = src;
        src = dst;
        dst = sw;
    }
    if (src != a) {
        memcpy(a, src, n * sizeof(*a));
    }
}

static int
bit_length(uint64_t x)
{
    int b = 0;
    while (x != 0) {
        x >>= 1;
        b++;
    }
    return b;
}

/* Scratch of the selections: a bitmap and a sort buffer. */
typedef struct select_scratch {
    uint64_t *bits;         /* n_words words, all zero between selections */
    size_t n_words;
    uint64_t *tmp;          /* n_tmp entries */
    size_t n_tmp;
} select_scratch;

/* 1 if selecting k of m uses the bitmap (m / 64 <= k). */
static int
select_uses_bitmap(uint64_t k, uint64_t m)
{
    return m / 64 <= k;
}

/* Scratch a selection of k of m needs: bitmap words and sort entries. */
static void
select_needs(uint64_t k, uint64_t m, size_t *words, size_t *tmp)
{
    *words = 0;
    *tmp = 0;
    if (k == 0 || k == m) {
        return;
    }
    if (select_uses_bitmap(k, m)) {
        *words = (size_t)((m + 63) / 64);
    } else {
        *tmp = (size_t)k;
    }
}

/* A uniform k-subset of [0, m), increasing, into out[0 .. k); out has k + 1
 * entries (out[k] is scratch).  Precondition: k <= m, scratch as
 * select_needs says. */
static void
select_sorted(nai_rng *r, uint64_t k, uint64_t m, uint64_t *out, select_scratch *sc)
{
    uint64_t i;
    if (k == 0) {
        return;
    }
    if (k == m) {
        for (i = 0; i < m; i++) {
            out[i] = i;
        }
        return;
    }
    if (select_uses_bitmap(k, m)) {
        const int complement = 2 * k > m;
        const uint64_t w = complement ? m - k : k;
        const size_t n_words = (size_t)((m + 63) / 64);
        uint64_t *bits = sc->bits, j, n = 0;
        size_t wi;
        for (j = m - w; j < m; j++) {     /* Floyd */
            const uint64_t t = nai_connect_below(r, j + 1);
            const uint64_t pick = (bits[t >> 6] >> (t & 63)) & 1 ? j : t;
            bits[pick >> 6] |= UINT64_C(1) << (pick & 63);
        }
        for (wi = 0; wi < n_words; wi++) {
            const uint64_t top = UINT64_C(1) << 63, base = (uint64_t)wi * 64;
            uint64_t word = bits[wi];
            bits[wi] = 0;                 /* left clean for the next selection */
            if (complement) {
                word = ~word;
                if (wi == n_words - 1 && (m & 63) != 0) {
                    word &= (UINT64_C(1) << (m & 63)) - 1;
                }
            }
            /* most words hold 0, 1 or 2 chosen bits: two emissions without
             * a branch (a write past the last one lands in out's spare
             * entry and is not counted), then a loop for the rest */
            out[n] = base + (uint64_t)lowest_bit(word | top);
            n += word != 0;
            word &= word - 1;
            out[n] = base + (uint64_t)lowest_bit(word | top);
            n += word != 0;
            word &= word - 1;
            while (word != 0) {
                out[n++] = base + (uint64_t)lowest_bit(word);
                word &= word - 1;
            }
        }
        return;
    }
    {
        const int key_bits = bit_length(m - 1);
        uint64_t have = 0;
        while (have < k) {
            uint64_t a = 0, b = have, n = 0;
            for (i = have; i < k; i++) {
                out[i] = nai_connect_below(r, m);
            }
            sort_u64(out + have, sc->tmp, (size_t)(k - have), key_bits);
            /* merge the kept [0, have) with the new [have, k), dropping
             * repeats, into tmp */
            while (a < have || b < k) {
                uint64_t v;
                if (b >= k || (a < have && out[a] <= out[b])) {
                    v = out[a++];
                } else {
                    v = out[b++];
                }
                if (n == 0 || sc->tmp[n - 1] != v) {
                    sc->tmp[n++] = v;
                }
            }
            memcpy(out, sc->tmp, (size_t)n * sizeof(*out));
            have = n;
        }
    }
}

/* ====================================================================== */
/* rules                                                                   */
/* ====================================================================== */

/* Allowed partners of row r (targets) or column j (sources) when the
 * other side has n_other neurons: all but the autapse idx, if excluded. */
static uint64_t
allowed_of(const nai_connect_params *p, int64_t idx, int64_t n_other)
{
    return (uint64_t)n_other - (!p->autapses && idx < n_other ? 1u : 0u);
}

int64_t
nai_connect_allowed(const nai_connect_params *p)
{
    const int64_t diag = p->n_pre < p->n_post ? p->n_pre : p->n_post;
    return p->n_pre * p->n_post - (p->autapses ? 0 : diag);
}

/* Fewest allowed partners of a row (targets) or column (sources). */
static int64_t
fewest(const nai_connect_params *p, int64_t n_self, int64_t n_other)
{
    if (n_self == 0) {
        return INT64_MAX;                 /* no rows: any degree is met */
    }
    return n_other - (!p->autapses && n_other > 0 ? 1 : 0);
}

nai_status
nai_connect_check(const nai_connect_params *p)
{
    if (p == NULL || p->n_pre < 0 || p->n_post < 0) {
        return NAI_ERR_PARAM;
    }
    if (p->n_post > 0 && p->n_pre > INT64_MAX / p->n_post) {
        return NAI_ERR_PARAM;
    }
    switch (p->rule) {
    case NAI_CONNECT_ALL_TO_ALL:
        return NAI_OK;
    case NAI_CONNECT_ONE_TO_ONE:
        return p->n_pre == p->n_post && p->autapses ? NAI_OK : NAI_ERR_PARAM;
    case NAI_CONNECT_FIXED_PROBABILITY:
        return p->p >= 0.0 && p->p <= 1.0 ? NAI_OK : NAI_ERR_PARAM;
    case NAI_CONNECT_FIXED_INDEGREE:
        return p->k >= 0 && p->k <= fewest(p, p->n_post, p->n_pre) ? NAI_OK : NAI_ERR_PARAM;
    case NAI_CONNECT_FIXED_OUTDEGREE:
        return p->k >= 0 && p->k <= fewest(p, p->n_pre, p->n_post) ? NAI_OK : NAI_ERR_PARAM;
    case NAI_CONNECT_FIXED_TOTAL:
        return p->k >= 0 && p->k <= nai_connect_allowed(p) ? NAI_OK : NAI_ERR_PARAM;
    }
    return NAI_ERR_PARAM;
}

struct nai_connect {
    nai_connect_params p;
    double inv[NAI_CONNECT_N_INV];
    int counted;            /* phase 1 complete */
    int64_t next;           /* next row (phases 1 and 2) or column */
    int in_row;             /* a Bernoulli row's binomial under way */
    nai_rng rng;
    binom b;
    select_scratch sc;
    uint64_t *sel;          /* one selection (its largest k, plus a spare entry) */
    int64_t *cursor;        /* fixed_indegree: write position per row (n_pre) */
    int scratch_ready;
    /* fixed_total: a Bernoulli draw of attempt `attempt` with probability
     * `prob`, its counts in `old` (n_pre + 1, CSR offsets), then `n_drop`
     * of its entries (global CSR numbers, increasing, in `drop`) removed */
    int attempt;
    double prob;
    int64_t *old;
    uint64_t *drop;
    uint64_t n_drop;
    int stage;              /* 0 drawing rows, 1 dropping, 2 offsets */
    uint64_t d_next;        /* next drop to account for (offsets, fill) */
};

/* Scratch of the selections of the rows or columns of p: bitmap words and
 * sort entries for the largest, and the selection's length. */
static void
scratch_sizes(const nai_connect_params *p, const int64_t *counts, size_t *words,
              size_t *tmp, size_t *sel)
{
    uint64_t k, m;
    *words = *tmp = *sel = 0;
    if (counts != NULL) {                 /* rows of given counts (Bernoulli draws) */
        int64_t r;
        for (r = 0; r < p->n_pre; r++) {
            uint64_t kr = (uint64_t)(counts[r + 1] - counts[r]);
            size_t w, t;
            select_needs(kr, allowed_of(p, r, p->n_post), &w, &t);
            *words = w > *words ? w : *words;
            *tmp = t > *tmp ? t : *tmp;
            *sel = (size_t)kr > *sel ? (size_t)kr : *sel;
        }
        return;
    }
    k = (uint64_t)p->k;
    m = (uint64_t)(p->rule == NAI_CONNECT_FIXED_INDEGREE ? p->n_pre : p->n_post);
    if (k == 0) {
        return;
    }
    select_needs(k, m, words, tmp);
    if (!p->autapses && m > k) {          /* rows or columns with one partner fewer */
        size_t w2, t2;
        select_needs(k, m - 1, &w2, &t2);
        *words = w2 > *words ? w2 : *words;
        *tmp = t2 > *tmp ? t2 : *tmp;
    }
    *sel = (size_t)k;
}

static void
scratch_free(nai_connect *c)
{
    free(c->sc.bits);
    free(c->sc.tmp);
    free(c->sel);
    c->sc.bits = c->sc.tmp = c->sel = NULL;
    c->sc.n_words = c->sc.n_tmp = 0;
    c->scratch_ready = 0;
}

/* Allocate the scratch (zeroed bitmap); NAI_ERR_NOMEM leaves none. */
static nai_status
scratch_alloc(nai_connect *c, size_t words, size_t tmp, size_t sel)
{
    scratch_free(c);
    c->sc.bits = words ? (uint64_t *)calloc(words, sizeof(uint64_t)) : NULL;
    c->sc.tmp = tmp ? (uint64_t *)malloc(tmp * sizeof(uint64_t)) : NULL;
    c->sel = sel ? (uint64_t *)malloc((sel + 1) * sizeof(uint64_t)) : NULL;
    if ((words && c->sc.bits == NULL) || (tmp && c->sc.tmp == NULL)
            || (sel && c->sel == NULL)) {
        scratch_free(c);
        return NAI_ERR_NOMEM;
    }
    c->sc.n_words = words;
    c->sc.n_tmp = tmp;
    c->scratch_ready = 1;
    return NAI_OK;
}

/* fixed_total's first Bernoulli probability: a mean of n + 6 standard
 * deviations + 16 connections, so that fewer than n (a retry) has a
 * chance of about 1e-9. */
static double
total_first_prob(const nai_connect_params *p)
{
    const double n = (double)p->k, t = (double)nai_connect_allowed(p);
    const double want = n + 6.0 * sqrt(n * (1.0 - n / t)) + 16.0;
    return want >= t ? 1.0 : want / t;
}

nai_status
nai_connect_new(const nai_connect_params *p, nai_connect **out)
{
    nai_connect *c;
    nai_status st;
    if (out == NULL) {
        return NAI_ERR_PARAM;
    }
    *out = NULL;
    if ((st = nai_connect_check(p)) != NAI_OK) {
        return st;
    }
    c = (nai_connect *)calloc(1, sizeof(*c));
    if (c == NULL) {
        return NAI_ERR_NOMEM;
    }
    c->p = *p;
    fill_inv(c->inv);
    if (p->rule == NAI_CONNECT_FIXED_TOTAL && p->k > 0) {
        c->prob = total_first_prob(p);
        c->old = (int64_t *)malloc(((size_t)p->n_pre + 1) * sizeof(int64_t));
        if (c->old == NULL) {
            free(c);
            return NAI_ERR_NOMEM;
        }
    }
    *out = c;
    return NAI_OK;
}

void
nai_connect_free(nai_connect *c)
{
    if (c == NULL) {
        return;
    }
    scratch_free(c);
    free(c->cursor);
    free(c->old);
    free(c->drop);
    free(c);
}

/* Column of a selected position v of row (or column) idx: the autapse
 * idx is skipped when excluded. */
static int64_t
unskip(const nai_connect_params *p, int64_t idx, int64_t n_other, uint64_t v)
{
    if (!p->autapses && idx < n_other && v >= (uint64_t)idx) {
        return (int64_t)v + 1;
    }
    return (int64_t)v;
}

/* Streams of a Bernoulli draw's row r: counts from base + 2r, targets
 * from base + 2r + 1 (fixed_probability: base 0; fixed_total attempt a:
 * base 2 a n_pre). */
static uint64_t
row_base(const nai_connect *c)
{
    return c->p.rule == NAI_CONNECT_FIXED_TOTAL
           ? 2 * (uint64_t)c->attempt * (uint64_t)c->p.n_pre : 0;
}

/* Phase 1 of a Bernoulli(prob) draw over rows c->next .. n_pre - 1 into
 * counts (CSR offsets, counts[0] set by the caller); 1 when every row is
 * done, 0 when the budget ran out. */
static int
bernoulli_counts(nai_connect *c, int64_t *counts, double prob, size_t *budget)
{
    const nai_connect_params *p = &c->p;
    const uint64_t base = row_base(c);
    while (c->next < p->n_pre) {
        const int64_t r = c->next;
        if (!c->in_row) {
            if (*budget == 0) {
                return 0;
            }
            (*budget)--;                  /* the row's seeding */
            nai_rng_seed(&c->rng, p->seed, base + 2 * (uint64_t)r);
            binom_start(&c->b, allowed_of(p, r, p->n_post), prob);
            c->in_row = 1;
        }
        if (!binom_run(&c->b, &c->rng, c->inv, budget)) {
            return 0;
        }
        counts[r + 1] = counts[r] + (int64_t)binom_result(&c->b);
        c->in_row = 0;
        c->next++;
    }
    return 1;
}

/* Targets of Bernoulli row r (counts from phase 1) into c->sel, increasing,
 * as columns. */
static void
bernoulli_row(nai_connect *c, const int64_t *counts, int64_t r)
{
    const nai_connect_params *p = &c->p;
    const uint64_t kr = (uint64_t)(counts[r + 1] - counts[r]);
    uint64_t i;
    nai_rng_seed(&c->rng, p->seed, row_base(c) + 2 * (uint64_t)r + 1);
    select_sorted(&c->rng, kr, allowed_of(p, r, p->n_post), c->sel, &c->sc);
    for (i = 0; i < kr; i++) {
        c->sel[i] = (uint64_t)unskip(p, r, p->n_post, c->sel[i]);
    }
}

static size_t
spend(size_t budget, uint64_t units)
{
    return budget > units ? budget - (size_t)units : 0;
}

/* fixed_total, phase 1: Bernoulli rows (a retry with twice the probability
 * and fresh streams while they hold fewer than n), the removal of a
 * uniform subset of K - n of their K entries (stream 2 (a + 1) n_pre,
 * one unit), then the offsets.  A uniform K-subset less a uniform (K - n)
 * subset of it is a uniform n-subset. */
static nai_status
total_count(nai_connect *c, int64_t *indptr, size_t budget)
{
    const nai_connect_params *p = &c->p;
    const uint64_t n = (uint64_t)p->k;
    int64_t r;
    if (n == 0) {
        for (r = 0; r <= p->n_pre; r++) {
            indptr[r] = 0;
        }
        return NAI_OK;
    }
    while (c->stage == 0) {
        uint64_t k_all;
        c->old[0] = 0;
        if (!bernoulli_counts(c, c->old, c->prob, &budget)) {
            return NAI_MORE;
        }
        k_all = (uint64_t)c->old[p->n_pre];
        if (k_all >= n) {
            c->stage = 1;
            break;
        }
        c->attempt++;
        c->prob = c->prob >= 0.5 ? 1.0 : 2.0 * c->prob;
        c->next = 0;
    }
    if (c->stage == 1) {
        const uint64_t k_all = (uint64_t)c->old[p->n_pre];
        size_t w, t;
        nai_rng drop_rng;
        c->n_drop = k_all - n;
        select_needs(c->n_drop, k_all, &w, &t);
        c->drop = (uint64_t *)malloc(((size_t)c->n_drop + 1) * sizeof(uint64_t));
        if (c->drop == NULL || scratch_alloc(c, w, t, 0) != NAI_OK) {
            free(c->drop);
            c->drop = NULL;
            return NAI_ERR_NOMEM;
        }
        nai_rng_seed(&drop_rng, p->seed, 2 * ((uint64_t)c->attempt + 1) * (uint64_t)p->n_pre);
        select_sorted(&drop_rng, c->n_drop, k_all, c->drop, &c->sc);
        scratch_free(c);
        c->stage = 2;
        c->next = 0;
        c->d_next = 0;
        indptr[0] = 0;
        return NAI_MORE;                  /* the removal was one unit */
    }
    for (; c->next < p->n_pre; c->next++) {
        const int64_t r0 = c->next;
        uint64_t dropped = 0;
        if (budget == 0) {
            return NAI_MORE;
        }
        while (c->d_next < c->n_drop && c->drop[c->d_next] < (uint64_t)c->old[r0 + 1]) {
            c->d_next++;
            dropped++;
        }
        indptr[r0 + 1] = indptr[r0] + (c->old[r0 + 1] - c->old[r0]) - (int64_t)dropped;
        budget = spend(budget, dropped + 1);
    }
    return NAI_OK;
}

nai_status
nai_connect_count(nai_connect *c, int64_t *indptr, size_t budget)
{
    const nai_connect_params *p;
    nai_status st = NAI_OK;
    if (c == NULL || indptr == NULL) {
        return NAI_ERR_PARAM;
    }
    p = &c->p;
    if (c->counted) {
        return NAI_OK;
    }
    if (c->next == 0 && !c->in_row && p->rule != NAI_CONNECT_FIXED_TOTAL) {
        indptr[0] = 0;
    }
    switch (p->rule) {
    case NAI_CONNECT_ALL_TO_ALL:
    case NAI_CONNECT_ONE_TO_ONE:
    case NAI_CONNECT_FIXED_OUTDEGREE:
        for (; c->next < p->n_pre; c->next++) {
            int64_t r = c->next, kr;
            if (p->rule == NAI_CONNECT_ALL_TO_ALL) {
                kr = (int64_t)allowed_of(p, r, p->n_post);
            } else {
                kr = p->rule == NAI_CONNECT_ONE_TO_ONE ? 1 : p->k;
            }
            indptr[r + 1] = indptr[r] + kr;
        }
        break;
    case NAI_CONNECT_FIXED_PROBABILITY:
        if (!bernoulli_counts(c, indptr, p->p, &budget)) {
            return NAI_MORE;
        }
        break;
    case NAI_CONNECT_FIXED_INDEGREE: {
        /* draw every column once to count the rows' entries; phase 2 draws
         * them again (same streams) to place them */
        int64_t j;
        if (!c->scratch_ready) {
            size_t w, t, s;
            scratch_sizes(p, NULL, &w, &t, &s);
            if (scratch_alloc(c, w, t, s) != NAI_OK) {
                return NAI_ERR_NOMEM;
            }
            for (j = 1; j <= p->n_pre; j++) {
                indptr[j] = 0;
            }
        }
        while (c->next < p->n_post) {
            const uint64_t m = allowed_of(p, c->next, p->n_pre);
            uint64_t i;
            if (budget == 0) {
                return NAI_MORE;
            }
            nai_rng_seed(&c->rng, p->seed, 2 * (uint64_t)c->next + 1);
            select_sorted(&c->rng, (uint64_t)p->k, m, c->sel, &c->sc);
            for (i = 0; i < (uint64_t)p->k; i++) {
                indptr[unskip(p, c->next, p->n_pre, c->sel[i]) + 1]++;
            }
            budget = spend(budget, (uint64_t)p->k + 1);
            c->next++;
        }
        for (j = 0; j < p->n_pre; j++) {
            indptr[j + 1] += indptr[j];
        }
        break;
    }
    case NAI_CONNECT_FIXED_TOTAL:
        st = total_count(c, indptr, budget);
        if (st != NAI_OK) {
            return st;
        }
        break;
    }
    c->counted = 1;
    c->next = 0;
    c->d_next = 0;
    scratch_free(c);
    return NAI_OK;
}

nai_status
nai_connect_fill(nai_connect *c, const int64_t *indptr, int64_t *indices, size_t budget)
{
    const nai_connect_params *p;
    if (c == NULL || indptr == NULL || !c->counted
            || (indices == NULL && indptr[c->p.n_pre] > 0)) {
        return NAI_ERR_PARAM;
    }
    p = &c->p;
    switch (p->rule) {
    case NAI_CONNECT_ALL_TO_ALL:
        for (; c->next < p->n_pre; c->next++) {
            const int64_t r = c->next;
            int64_t j, *out = indices + indptr[r];
            if (budget == 0) {
                return NAI_MORE;
            }
            for (j = 0; j < p->n_post; j++) {
                if (p->autapses || j != r) {
                    *out++ = j;
                }
            }
            budget = spend(budget, (uint64_t)p->n_post);
        }
        break;
    case NAI_CONNECT_ONE_TO_ONE:
        for (; c->next < p->n_pre; c->next++) {
            indices[c->next] = c->next;
        }
        break;
    case NAI_CONNECT_FIXED_PROBABILITY:
    case NAI_CONNECT_FIXED_TOTAL: {
        /* fixed_total: the rows of the accepted Bernoulli draw, less the
         * removed entries (numbered in that draw's CSR order) */
        const int64_t *counts = p->rule == NAI_CONNECT_FIXED_TOTAL ? c->old : indptr;
        if (p->rule == NAI_CONNECT_FIXED_TOTAL && p->k == 0) {
            break;
        }
        if (!c->scratch_ready) {
            size_t w, t, s;
            scratch_sizes(p, counts, &w, &t, &s);
            if (scratch_alloc(c, w, t, s) != NAI_OK) {
                return NAI_ERR_NOMEM;
            }
        }
        for (; c->next < p->n_pre; c->next++) {
            const int64_t r = c->next;
            const uint64_t kr = (uint64_t)(counts[r + 1] - counts[r]);
            int64_t *out = indices + indptr[r];
            uint64_t i;
            if (budget == 0) {
                return NAI_MORE;
            }
            bernoulli_row(c, counts, r);
            for (i = 0; i < kr; i++) {
                if (c->d_next < c->n_drop
                        && c->drop[c->d_next] == (uint64_t)counts[r] + i) {
                    c->d_next++;
                    continue;
                }
                *out++ = (int64_t)c->sel[i];
            }
            budget = spend(budget, kr + 1);
        }
        break;
    }
    case NAI_CONNECT_FIXED_OUTDEGREE:
        if (!c->scratch_ready) {
            size_t w, t, s;
            scratch_sizes(p, NULL, &w, &t, &s);
            if (scratch_alloc(c, w, t, s) != NAI_OK) {
                return NAI_ERR_NOMEM;
            }
        }
        for (; c->next < p->n_pre; c->next++) {
            const int64_t r = c->next;
            const uint64_t kr = (uint64_t)p->k;
            int64_t *out = indices + indptr[r];
            uint64_t i;
            if (budget == 0) {
                return NAI_MORE;
            }
            nai_rng_seed(&c->rng, p->seed, 2 * (uint64_t)r + 1);
            select_sorted(&c->rng, kr, allowed_of(p, r, p->n_post), c->sel, &c->sc);
            for (i = 0; i < kr; i++) {
                out[i] = unskip(p, r, p->n_post, c->sel[i]);
            }
            budget = spend(budget, kr + 1);
        }
        break;
    case NAI_CONNECT_FIXED_INDEGREE:
        if (!c->scratch_ready) {
            size_t w, t, s;
            scratch_sizes(p, NULL, &w, &t, &s);
            if (scratch_alloc(c, w, t, s) != NAI_OK) {
                return NAI_ERR_NOMEM;
            }
        }
        if (c->cursor == NULL && p->n_pre > 0) {
            int64_t r;
            c->cursor = (int64_t *)malloc((size_t)p->n_pre * sizeof(int64_t));
            if (c->cursor == NULL) {
                return NAI_ERR_NOMEM;
            }
            for (r = 0; r < p->n_pre; r++) {
                c->cursor[r] = indptr[r];
            }
        }
        /* columns in increasing order: each row's entries come out sorted */
        for (; c->next < p->n_post; c->next++) {
            const int64_t j = c->next;
            uint64_t i;
            if (budget == 0) {
                return NAI_MORE;
            }
            nai_rng_seed(&c->rng, p->seed, 2 * (uint64_t)j + 1);
            select_sorted(&c->rng, (uint64_t)p->k, allowed_of(p, j, p->n_pre),
                          c->sel, &c->sc);
            for (i = 0; i < (uint64_t)p->k; i++) {
                const int64_t row = unskip(p, j, p->n_pre, c->sel[i]);
                indices[c->cursor[row]++] = j;
            }
            budget = spend(budget, (uint64_t)p->k + 1);
        }
        break;
    }
    return NAI_OK;
}

/* ====================================================================== */
/* distributions                                                           */
/* ====================================================================== */

nai_status
nai_dist_check(const nai_dist_params *p)
{
    if (p == NULL || !isfinite(p->a)) {
        return NAI_ERR_PARAM;
    }
    switch (p->kind) {
    case NAI_DIST_CONSTANT:
        return NAI_OK;
    case NAI_DIST_UNIFORM:
        return isfinite(p->b) && p->b >= p->a && isfinite(p->b - p->a) ? NAI_OK
                                                                        : NAI_ERR_PARAM;
    case NAI_DIST_NORMAL:
        return isfinite(p->b) && p->b >= 0.0 && !isnan(p->low) && !isnan(p->high)
               && p->low <= p->high ? NAI_OK : NAI_ERR_PARAM;
    case NAI_DIST_LOGNORMAL:
        return isfinite(p->b) && p->b >= 0.0 ? NAI_OK : NAI_ERR_PARAM;
    }
    return NAI_ERR_PARAM;
}

void
nai_dist_start(nai_dist_sampler *s, const nai_dist_params *p, uint64_t seed)
{
    memset(s, 0, sizeof(*s));
    s->p = *p;
    nai_rng_seed(&s->rng, seed, 0);
}

/* Next standard normal value (polar method, the pair's second value kept);
 * 0 with *z unset when the budget of draws ran out first. */
static int
next_normal(nai_dist_sampler *s, size_t *budget, double *z)
{
    if (s->has_spare) {
        s->has_spare = 0;
        *z = s->spare;
        return 1;
    }
    while (*budget >= 2) {
        const double u = 2.0 * nai_rng_uniform(&s->rng) - 1.0;
        const double v = 2.0 * nai_rng_uniform(&s->rng) - 1.0;
        const double q = u * u + v * v;
        *budget -= 2;
        if (q < 1.0 && q > 0.0) {
            const double f = sqrt(-2.0 * nai_connect_log(q) / q);
            *z = u * f;
            s->spare = v * f;
            s->has_spare = 1;
            return 1;
        }
    }
    return 0;
}

void
nai_dist_sample(nai_dist_sampler *s, double *out, size_t n, size_t budget, size_t *done)
{
    const nai_dist_params *p = &s->p;
    size_t i = 0;
    double z;
    switch (p->kind) {
    case NAI_DIST_CONSTANT:
        for (; i < n; i++) {
            out[i] = p->a;
        }
        break;
    case NAI_DIST_UNIFORM: {
        const double width = p->b - p->a;
        for (; i < n && budget > 0; i++, budget--) {
            out[i] = p->a + width * nai_rng_uniform(&s->rng);
        }
        break;
    }
    case NAI_DIST_NORMAL:
        while (i < n && next_normal(s, &budget, &z)) {
            const double x = p->a + p->b * z;
            if (x >= p->low && x <= p->high) {
                out[i++] = x;
            }
        }
        break;
    case NAI_DIST_LOGNORMAL:
        while (i < n && next_normal(s, &budget, &z)) {
            out[i++] = nai_connect_exp(p->a + p->b * z);
        }
        break;
    }
    *done = i;
}
