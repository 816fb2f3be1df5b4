/* Regular and Poisson trains, without Python. */
#include <stdint.h>
#include <string.h>
#include "nai_test.h"
#include "nai_spikegen.h"

static void
test_regular(void)
{
    double t[64];
    int64_t idx[64];
    size_t count = 0, k;
    CHECK(nai_spikegen_regular(20.0, 0.0, 1000.0, t, idx, 64, &count) == NAI_OK);
    CHECK(count == 20);
    for (k = 0; k < count; k++) {
        CHECK(t[k] == 50.0 * (double)k && idx[k] == 0);
    }
    CHECK(nai_spikegen_regular(20.0, 10.0, 1000.0, t, idx, 64, &count) == NAI_OK);
    CHECK(count == 20 && t[0] == 10.0 && t[19] == 960.0);
    CHECK(nai_spikegen_regular(20.0, 0.0, 1000.0, t, idx, 5, &count) == NAI_ERR_FULL);
    CHECK(count == 20);
    CHECK(nai_spikegen_regular(20.0, 0.0, 0.0, t, idx, 64, &count) == NAI_OK);
    CHECK(count == 0);
    /* a rate so small that 1000 / rate overflows: the one spike at start */
    CHECK(nai_spikegen_regular(2.2e-308, 3.0, 10.0, t, idx, 64, &count) == NAI_OK);
    CHECK(count == 1 && t[0] == 3.0);
    CHECK(nai_spikegen_regular(0.0, 0.0, 10.0, t, idx, 64, &count) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_regular(NAN, 0.0, 10.0, t, idx, 64, &count) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_regular(10.0, 5.0, 1.0, t, idx, 64, &count) == NAI_ERR_PARAM);
}

static void
test_poisson_capacity_and_seed(void)
{
    enum { CAP = 4096 };
    static double t1[CAP], t2[CAP], t3[CAP];
    static int64_t i1[CAP], i2[CAP], i3[CAP];
    const double rates[3] = {50.0, 10.0, 100.0};
    size_t c1 = 0, c2 = 0, c3 = 0, k;
    CHECK(nai_spikegen_poisson(rates, 3, 0.0, 10000.0, 42, t1, i1, CAP, &c1) == NAI_OK);
    CHECK(c1 > 1000 && c1 < 2000);
    /* too small: counts all, same spikes after a retry */
    CHECK(nai_spikegen_poisson(rates, 3, 0.0, 10000.0, 42, t2, i2, 10, &c2)
          == NAI_ERR_FULL);
    CHECK(c2 == c1);
    CHECK(nai_spikegen_poisson(rates, 3, 0.0, 10000.0, 42, t2, i2, c2, &c2) == NAI_OK);
    CHECK(memcmp(t1, t2, c1 * sizeof(double)) == 0);
    CHECK(memcmp(i1, i2, c1 * sizeof(int64_t)) == 0);
    /* grouped by train, sorted inside each train, inside the window */
    for (k = 0; k < c1; k++) {
        CHECK(t1[k] > 0.0 && t1[k] < 10000.0);
        if (k > 0) {
            CHECK(i1[k] >= i1[k - 1]);
            if (i1[k] == i1[k - 1]) {
                CHECK(t1[k] > t1[k - 1]);
            }
        }
    }
    /* train 0 alone is train 0 of the three: stream k belongs to train k */
    CHECK(nai_spikegen_poisson(rates, 1, 0.0, 10000.0, 42, t3, i3, CAP, &c3) == NAI_OK);
    for (k = 0; k < c3; k++) {
        CHECK(i1[k] == 0 && t3[k] == t1[k]);
    }
    CHECK(i1[c3] == 1);
    /* another seed, other trains */
    CHECK(nai_spikegen_poisson(rates, 1, 0.0, 10000.0, 43, t2, i2, CAP, &c2) == NAI_OK);
    CHECK(c2 != c3 || memcmp(t2, t3, c3 * sizeof(double)) != 0);
}

/* Mean ISI 1000/rate and CV 1 over a long train (loose, 6 sigma). */
static void
test_poisson_statistics(void)
{
    enum { CAP = 200000 };
    static double t[CAP];
    static int64_t idx[CAP];
    const double rate = 100.0;
    size_t c = 0, k;
    double s = 0.0, s2 = 0.0, m, var, prev = 0.0;
    CHECK(nai_spikegen_poisson(&rate, 1, 0.0, 1.0e6, 7, t, idx, CAP, &c) == NAI_OK);
    for (k = 0; k < c; k++) {
        const double isi = t[k] - prev;
        s += isi;
        s2 += isi * isi;
        prev = t[k];
    }
    m = s / (double)c;
    var = s2 / (double)c - m * m;
    /* count ~ 1e5 +- 316 */
    CHECK(fabs((double)c - 1.0e5) < 6.0 * sqrt(1.0e5));
    CHECK(fabs(m - 10.0) < 6.0 * 10.0 / sqrt((double)c));
    CHECK(fabs(sqrt(var) / m - 1.0) < 0.02);
}

static void
test_poisson_bad_input(void)
{
    const double rates[2] = {10.0, -1.0}, zero = 0.0, nan_r = NAN;
    double t[4];
    int64_t idx[4];
    size_t c = 99;
    CHECK(nai_spikegen_poisson(rates, 2, 0.0, 100.0, 1, t, idx, 4, &c) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_poisson(&zero, 1, 0.0, 100.0, 1, t, idx, 4, &c) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_poisson(&nan_r, 1, 0.0, 100.0, 1, t, idx, 4, &c) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_poisson(rates, 1, 0.0, INFINITY, 1, t, idx, 4, &c) == NAI_ERR_PARAM);
    CHECK(nai_spikegen_poisson(rates, 1, 0.0, 100.0, 1, t, idx, 4, NULL) == NAI_ERR_PARAM);
    CHECK(c == 99);
}

int
main(void)
{
    RUN(test_regular);
    RUN(test_poisson_capacity_and_seed);
    RUN(test_poisson_statistics);
    RUN(test_poisson_bad_input);
    return NAI_TEST_SUMMARY();
}
