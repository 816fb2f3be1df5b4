/* Connectivity rules and distributions: exact counts, CSR invariants,
 * autapses, stepping = one call, the arithmetic against the C library. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
/* The source itself, so that a test can reach the builder's state (the
 * retry of fixed_total, a one-in-1e9 event, is forced below); the
 * library's copy of nai_connect.o is then not linked. */
#define NAI_CONNECT_TEST 1
#include "nai_connect.c"

/* Build p with steps of `budget` units; indptr / indices malloc'd (caller
 * frees).  Returns the status of the first failing call or NAI_OK. */
static nai_status
build(const nai_connect_params *p, size_t budget, int64_t **indptr, int64_t **indices)
{
    nai_connect *c = NULL;
    nai_status st = nai_connect_new(p, &c);
    *indptr = NULL;
    *indices = NULL;
    if (st != NAI_OK) {
        return st;
    }
    *indptr = (int64_t *)malloc((size_t)(p->n_pre + 1) * sizeof(int64_t));
    while ((st = nai_connect_count(c, *indptr, budget)) == NAI_MORE) {
    }
    if (st == NAI_OK) {
        int64_t nnz = (*indptr)[p->n_pre];
        *indices = (int64_t *)malloc((size_t)(nnz > 0 ? nnz : 1) * sizeof(int64_t));
        while ((st = nai_connect_fill(c, *indptr, *indices, budget)) == NAI_MORE) {
        }
    }
    nai_connect_free(c);
    return st;
}

/* 1 if the CSR is well formed: indptr monotone from 0, indices in range,
 * strictly increasing in each row, no autapse when excluded. */
static int
csr_ok(const nai_connect_params *p, const int64_t *indptr, const int64_t *indices)
{
    int64_t r, e;
    if (indptr[0] != 0) {
        return 0;
    }
    for (r = 0; r < p->n_pre; r++) {
        if (indptr[r + 1] < indptr[r]) {
            return 0;
        }
        for (e = indptr[r]; e < indptr[r + 1]; e++) {
            if (indices[e] < 0 || indices[e] >= p->n_post) return 0;
            if (e > indptr[r] && !(indices[e] > indices[e - 1])) return 0;
            if (!p->autapses && indices[e] == r) return 0;
        }
    }
    return 1;
}

static nai_connect_params
params(nai_connect_rule rule, int64_t n_pre, int64_t n_post, int autapses, double prob,
       int64_t k)
{
    nai_connect_params p;
    memset(&p, 0, sizeof(p));
    p.rule = rule;
    p.n_pre = n_pre;
    p.n_post = n_post;
    p.autapses = autapses;
    p.p = prob;
    p.k = k;
    p.seed = 12345;
    return p;
}

static void test_all_to_all_and_one_to_one(void)
{
    nai_connect_params p = params(NAI_CONNECT_ALL_TO_ALL, 5, 7, 0, 0, 0);
    int64_t *ip, *ix, r;
    CHECK(build(&p, NAI_CONNECT_STEP, &ip, &ix) == NAI_OK);
    CHECK(ip[5] == 35 - 5 && csr_ok(&p, ip, ix));
    for (r = 0; r < 5; r++) CHECK(ip[r + 1] - ip[r] == 6);
    free(ip);
    free(ix);
    p = params(NAI_CONNECT_ONE_TO_ONE, 4, 4, 1, 0, 0);
    CHECK(build(&p, 1, &ip, &ix) == NAI_OK);
    CHECK(ip[4] == 4 && ix[2] == 2 && csr_ok(&p, ip, ix));
    free(ip);
    free(ix);
    p = params(NAI_CONNECT_ONE_TO_ONE, 4, 5, 1, 0, 0);
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
    p.n_post = 4;
    p.autapses = 0;
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
}

static void test_fixed_degrees_are_exact(void)
{
    const int autapses[2] = {1, 0};
    int a;
    for (a = 0; a < 2; a++) {
        nai_connect_params p = params(NAI_CONNECT_FIXED_INDEGREE, 300, 200, autapses[a], 0, 17);
        int64_t *ip, *ix, r, e, *indeg = (int64_t *)calloc(200, sizeof(int64_t));
        CHECK(build(&p, 7, &ip, &ix) == NAI_OK);
        CHECK(ip[300] == 17 * 200 && csr_ok(&p, ip, ix));
        for (r = 0; r < 300; r++) {
            for (e = ip[r]; e < ip[r + 1]; e++) indeg[ix[e]]++;
        }
        for (r = 0; r < 200; r++) CHECK(indeg[r] == 17);
        free(ip);
        free(ix);
        free(indeg);
        p = params(NAI_CONNECT_FIXED_OUTDEGREE, 150, 90, autapses[a], 0, 60);
        CHECK(build(&p, 3, &ip, &ix) == NAI_OK);
        CHECK(ip[150] == 60 * 150 && csr_ok(&p, ip, ix));
        free(ip);
        free(ix);
    }
    /* k at the limit: every allowed partner (bitmap complement path) */
    {
        nai_connect_params p = params(NAI_CONNECT_FIXED_INDEGREE, 50, 50, 0, 0, 49);
        int64_t *ip, *ix;
        CHECK(build(&p, NAI_CONNECT_STEP, &ip, &ix) == NAI_OK);
        CHECK(ip[50] == 49 * 50 && csr_ok(&p, ip, ix) && ip[1] == 49);
        free(ip);
        free(ix);
        p.k = 50;
        CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
        p.autapses = 1;
        CHECK(nai_connect_check(&p) == NAI_OK);
    }
}

static void test_fixed_total_exact(void)
{
    /* dense (p = 1, a large surplus removed) to sparse */
    const int64_t totals[3] = {3000, 400, 7};
    int t, a;
    for (t = 0; t < 3; t++) {
        for (a = 0; a < 2; a++) {
            nai_connect_params p = params(NAI_CONNECT_FIXED_TOTAL, 60, 70, a, 0, totals[t]);
            int64_t *ip, *ix;
            CHECK(build(&p, 5, &ip, &ix) == NAI_OK);
            CHECK(ip[60] == totals[t] && csr_ok(&p, ip, ix));
            free(ip);
            free(ix);
        }
    }
    {
        nai_connect_params p = params(NAI_CONNECT_FIXED_TOTAL, 60, 70, 0, 0, 60 * 70 - 60);
        int64_t *ip, *ix;
        CHECK(build(&p, NAI_CONNECT_STEP, &ip, &ix) == NAI_OK);
        CHECK(ip[60] == 60 * 69 && csr_ok(&p, ip, ix));
        free(ip);
        free(ix);
        p.k++;
        CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
    }
}

static void test_fixed_total_retry(void)
{
    /* a first probability far too low: attempts double it until the
     * Bernoulli rows hold n, and the result is still exact */
    nai_connect_params p = params(NAI_CONNECT_FIXED_TOTAL, 80, 90, 0, 0, 3000);
    nai_connect *c = NULL;
    int64_t ip[81], *ix;
    nai_status st;
    CHECK(nai_connect_new(&p, &c) == NAI_OK);
    c->prob = 1e-4;
    while ((st = nai_connect_count(c, ip, 100)) == NAI_MORE) {
    }
    CHECK(st == NAI_OK && c->attempt >= 5 && ip[80] == 3000);
    ix = (int64_t *)malloc(3000 * sizeof(int64_t));
    while ((st = nai_connect_fill(c, ip, ix, 100)) == NAI_MORE) {
    }
    CHECK(st == NAI_OK && csr_ok(&p, ip, ix));
    free(ix);
    nai_connect_free(c);
}

static void test_fixed_probability_edges_and_steps(void)
{
    nai_connect_params p = params(NAI_CONNECT_FIXED_PROBABILITY, 400, 300, 0, 0.05, 0);
    int64_t *ip1, *ix1, *ip2, *ix2;
    double mean;
    CHECK(build(&p, NAI_CONNECT_STEP, &ip1, &ix1) == NAI_OK);
    CHECK(build(&p, 1, &ip2, &ix2) == NAI_OK);   /* stepped: the same, bit for bit */
    CHECK(csr_ok(&p, ip1, ix1));
    CHECK(memcmp(ip1, ip2, 401 * sizeof(int64_t)) == 0);
    CHECK(memcmp(ix1, ix2, (size_t)ip1[400] * sizeof(int64_t)) == 0);
    /* 119,600 pairs at 0.05: mean 5980, sd 75 */
    mean = (double)ip1[400];
    CHECK(fabs(mean - 5980.0) < 6 * 75.4);
    free(ip1);
    free(ix1);
    free(ip2);
    free(ix2);
    p.p = 0.0;
    CHECK(build(&p, 3, &ip1, &ix1) == NAI_OK && ip1[400] == 0);
    free(ip1);
    free(ix1);
    p.p = 1.0;
    CHECK(build(&p, 3, &ip1, &ix1) == NAI_OK && ip1[400] == 400 * 300 - 300);
    CHECK(csr_ok(&p, ip1, ix1));
    free(ip1);
    free(ix1);
    p.p = 0.97;                                  /* the flipped binomial */
    CHECK(build(&p, 3, &ip1, &ix1) == NAI_OK && csr_ok(&p, ip1, ix1));
    CHECK(fabs((double)ip1[400] - 0.97 * 119600) < 6 * sqrt(119600 * 0.97 * 0.03));
    free(ip1);
    free(ix1);
    p.p = NAN;
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
    p.p = 1.5;
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
}

static void test_stepped_builds_equal_one_call(void)
{
    const nai_connect_rule rules[5] = {NAI_CONNECT_ALL_TO_ALL, NAI_CONNECT_FIXED_PROBABILITY,
        NAI_CONNECT_FIXED_INDEGREE, NAI_CONNECT_FIXED_OUTDEGREE, NAI_CONNECT_FIXED_TOTAL};
    int i;
    for (i = 0; i < 5; i++) {
        nai_connect_params p = params(rules[i], 70, 60, 0, 0.2, 25);
        int64_t *ip1, *ix1, *ip2, *ix2;
        if (rules[i] == NAI_CONNECT_FIXED_TOTAL) {
            p.k = 900;
        }
        CHECK(build(&p, (size_t)-1, &ip1, &ix1) == NAI_OK);
        CHECK(build(&p, 1, &ip2, &ix2) == NAI_OK);
        CHECK(csr_ok(&p, ip1, ix1));
        CHECK(memcmp(ip1, ip2, 71 * sizeof(int64_t)) == 0);
        CHECK(memcmp(ix1, ix2, (size_t)ip1[70] * sizeof(int64_t)) == 0);
        free(ip1);
        free(ix1);
        free(ip2);
        free(ix2);
    }
}

static void test_rows_do_not_depend_on_n_pre(void)
{
    nai_connect_params a = params(NAI_CONNECT_FIXED_PROBABILITY, 50, 80, 1, 0.1, 0);
    nai_connect_params b = a;
    int64_t *ia, *xa, *ib, *xb;
    b.n_pre = 120;
    CHECK(build(&a, 11, &ia, &xa) == NAI_OK);
    CHECK(build(&b, 11, &ib, &xb) == NAI_OK);
    CHECK(memcmp(ia, ib, 51 * sizeof(int64_t)) == 0);
    CHECK(memcmp(xa, xb, (size_t)ia[50] * sizeof(int64_t)) == 0);
    free(ia);
    free(xa);
    free(ib);
    free(xb);
}

static void test_sizes_and_errors(void)
{
    nai_connect_params p = params(NAI_CONNECT_FIXED_PROBABILITY, INT64_MAX / 2, 3, 1, 0.1, 0);
    nai_connect *c = NULL;
    int64_t ip[1];
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);   /* n_pre n_post overflows */
    p.n_pre = -1;
    CHECK(nai_connect_new(&p, &c) == NAI_ERR_PARAM && c == NULL);
    p = params(NAI_CONNECT_FIXED_PROBABILITY, 0, 0, 0, 0.5, 0);
    CHECK(nai_connect_new(&p, &c) == NAI_OK);
    CHECK(nai_connect_fill(c, ip, NULL, 10) == NAI_ERR_PARAM);   /* before counting */
    CHECK(nai_connect_count(c, ip, 10) == NAI_OK && ip[0] == 0);
    CHECK(nai_connect_fill(c, ip, NULL, 10) == NAI_OK);
    nai_connect_free(c);
    nai_connect_free(NULL);
    p = params(NAI_CONNECT_FIXED_OUTDEGREE, 3, 0, 1, 0, 1);
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
    p.k = 0;
    CHECK(nai_connect_check(&p) == NAI_OK);
    p = params(NAI_CONNECT_FIXED_INDEGREE, 0, 5, 0, 0, 0);
    CHECK(nai_connect_check(&p) == NAI_OK);
    p.k = -1;
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
    p.rule = (nai_connect_rule)9;
    CHECK(nai_connect_check(&p) == NAI_ERR_PARAM);
}

static void test_below_is_in_range_and_uniform(void)
{
    nai_rng r;
    int counts[7] = {0}, i;
    nai_rng_seed(&r, 1, 0);
    for (i = 0; i < 70000; i++) {
        uint64_t v = nai_connect_below(&r, 7);
        CHECK(v < 7);
        counts[v < 7 ? v : 0]++;
    }
    for (i = 0; i < 7; i++) CHECK(abs(counts[i] - 10000) < 6 * 93);
    CHECK(nai_connect_below(&r, 1) == 0);
    CHECK(nai_connect_below(&r, UINT64_C(1) << 63) < (UINT64_C(1) << 63));
}

static void test_portable_multiply_agrees(void)
{
    nai_rng r;
    int i, same = 1;
    nai_rng_seed(&r, 3, 0);
    for (i = 0; i < 100000; i++) {
        uint64_t a = nai_rng_next(&r) >> (i % 64), b = nai_rng_next(&r), lo1, lo2, hi1, hi2;
        hi1 = mul_hi_lo(a, b, &lo1);
        hi2 = mul_hi_lo_portable(a, b, &lo2);
        same &= hi1 == hi2 && lo1 == lo2;
    }
    CHECK(same);
    {
        uint64_t lo, hi = mul_hi_lo_portable(UINT64_MAX, UINT64_MAX, &lo);
        CHECK(hi == UINT64_MAX - 1 && lo == 1);
    }
}

static void test_pow_log_exp_against_libm(void)
{
    double x, worst_log = 0, worst_exp = 0;
    CHECK(nai_connect_pow(0.5, 10) == 1.0 / 1024.0);
    CHECK(nai_connect_pow(3.0, 0) == 1.0);
    CHECK(nai_connect_log(1.0) == 0.0);
    CHECK(isinf(nai_connect_log(0.0)) && nai_connect_log(0.0) < 0);
    CHECK(isnan(nai_connect_log(-1.0)));
    CHECK(nai_connect_exp(0.0) == 1.0);
    CHECK(isinf(nai_connect_exp(710.0)) && nai_connect_exp(-746.0) == 0.0);
    /* within 1 ulp of the C library over (0, 1] and [-40, 40] (a libm that
     * is itself within 0.5 ulp, so the bound is on the difference) */
    for (x = 1e-300; x < 1.0; x *= 1.37) {
        double a = nai_connect_log(x), b = log(x);
        double ulp = nextafter(fabs(b), INFINITY) - fabs(b);
        worst_log = fmax(worst_log, fabs(a - b) / ulp);
    }
    CHECK(nai_connect_log(DBL_MIN / 4) == log(DBL_MIN / 4));   /* subnormal input */
    for (x = -40.0; x < 40.0; x += 0.0137) {
        double a = nai_connect_exp(x), b = exp(x);
        double ulp = nextafter(b, INFINITY) - b;
        worst_exp = fmax(worst_exp, fabs(a - b) / ulp);
    }
    CHECK(worst_log <= 1.0);
    CHECK(worst_exp <= 1.0);
    CHECK_CLOSE(nai_connect_exp(-740.0) / exp(-740.0), 1.0, 1e-3);   /* subnormal result */
}

static void test_binomial_moments(void)
{
    nai_rng r;
    const uint64_t m = 1000;
    const double p = 0.3;
    double s = 0, s2 = 0;
    int i, n = 20000;
    nai_rng_seed(&r, 9, 0);
    for (i = 0; i < n; i++) {
        double x = (double)nai_connect_binomial(&r, m, p);
        s += x;
        s2 += x * x;
    }
    s /= n;
    s2 = s2 / n - s * s;
    /* mean 300, variance 210: sd of the mean 0.10, of the variance ~2.1 */
    CHECK(fabs(s - 300.0) < 6 * 0.1025);
    CHECK(fabs(s2 - 210.0) < 6 * 2.11);
    CHECK(nai_connect_binomial(&r, 0, 0.5) == 0);
    CHECK(nai_connect_binomial(&r, 10, 1.0) == 10);
}

static void test_binomial_redraws_past_the_rounded_sum(void)
{
    /* P(0) given as half its value: the sums reach only 1/2, so every u
     * above is found past the underflow of the terms and redrawn; the
     * counts stay those of the distribution (mean n p = 10), not n */
    double inv[NAI_CONNECT_N_INV], s = 0;
    const uint64_t n = 10000;
    const double pq = 0.001 / 0.999;
    const double q0 = nai_connect_pow(0.999, n) / 2.0;
    nai_rng r;
    int i, n_draws = 2000, small = 1;
    fill_inv(inv);
    nai_rng_seed(&r, 4, 0);
    for (i = 0; i < n_draws; i++) {
        uint64_t x = binom_chunk(&r, n, q0, pq, inv);
        small &= x < 60;
        s += (double)x;
    }
    CHECK(small);
    CHECK(fabs(s / n_draws - 10.0) < 6 * sqrt(10.0 / n_draws));
}

static void test_distributions(void)
{
    nai_dist_params d = {NAI_DIST_NORMAL, 1.0, 2.0, 0.0, INFINITY};
    nai_dist_sampler s, t;
    double out[5000], out2[5000];
    size_t done, got = 0, i;
    CHECK(nai_dist_check(&d) == NAI_OK);
    nai_dist_start(&s, &d, 5);
    nai_dist_sample(&s, out, 5000, (size_t)-1, &done);
    CHECK(done == 5000);
    for (i = 0; i < 5000; i++) CHECK(out[i] >= 0.0);
    /* stepped with a budget of 3 draws: the same values */
    nai_dist_start(&t, &d, 5);
    while (got < 5000) {
        nai_dist_sample(&t, out2 + got, 5000 - got, 3, &done);
        got += done;
    }
    CHECK(memcmp(out, out2, sizeof(out)) == 0);
    d.b = -1.0;
    CHECK(nai_dist_check(&d) == NAI_ERR_PARAM);
    d.b = 1.0;
    d.low = 2.0;
    d.high = 1.0;
    CHECK(nai_dist_check(&d) == NAI_ERR_PARAM);
    d.kind = NAI_DIST_UNIFORM;
    d.a = 2.0;
    d.b = 1.0;
    CHECK(nai_dist_check(&d) == NAI_ERR_PARAM);
    d.a = NAN;
    d.kind = NAI_DIST_CONSTANT;
    CHECK(nai_dist_check(&d) == NAI_ERR_PARAM);
}

static void test_no_excess_precision(void)
{
    CHECK(FLT_EVAL_METHOD == 0);
}

int main(void)
{
    RUN(test_all_to_all_and_one_to_one);
    RUN(test_fixed_degrees_are_exact);
    RUN(test_fixed_total_exact);
    RUN(test_fixed_total_retry);
    RUN(test_fixed_probability_edges_and_steps);
    RUN(test_stepped_builds_equal_one_call);
    RUN(test_rows_do_not_depend_on_n_pre);
    RUN(test_sizes_and_errors);
    RUN(test_below_is_in_range_and_uniform);
    RUN(test_portable_multiply_agrees);
    RUN(test_pow_log_exp_against_libm);
    RUN(test_binomial_moments);
    RUN(test_binomial_redraws_past_the_rounded_sum);
    RUN(test_distributions);
    RUN(test_no_excess_precision);
    return NAI_TEST_SUMMARY();
}
