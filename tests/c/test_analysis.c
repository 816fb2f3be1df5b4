/* Spike grouping and interspike-interval moments against hand values. */
#include <math.h>
#include <stdint.h>
#include "nai_test.h"
#include "nai_analysis.h"
#include <string.h>

static void test_group_is_a_stable_counting_sort(void)
{
    /* trains of 7 time-sorted spikes: 2 0 1 0 2 2 0 */
    const int64_t idx[7] = {2, 0, 1, 0, 2, 2, 0};
    int64_t off[4], order[7];
    const int64_t want_off[4] = {0, 3, 4, 7};
    const int64_t want_order[7] = {1, 3, 6, 2, 0, 4, 5};
    int i;
    CHECK(nai_analysis_group(idx, 7, 3, off, order) == NAI_OK);
    for (i = 0; i < 4; i++) CHECK(off[i] == want_off[i]);
    for (i = 0; i < 7; i++) CHECK(order[i] == want_order[i]);
}

static void test_group_empty_and_silent_trains(void)
{
    int64_t off[3] = {9, 9, 9}, order[1] = {42};
    CHECK(nai_analysis_group(NULL, 0, 2, off, order) == NAI_OK);
    CHECK(off[0] == 0 && off[1] == 0 && off[2] == 0);
    CHECK(order[0] == 42);
}

static void test_group_rejects_bad_index_and_writes_nothing(void)
{
    const int64_t idx[3] = {0, 3, 1};
    const int64_t neg[1] = {-1};
    int64_t off[4] = {7, 7, 7, 7}, order[3] = {5, 5, 5};
    CHECK(nai_analysis_group(idx, 3, 3, off, order) == NAI_ERR_SHAPE);
    CHECK(nai_analysis_group(neg, 1, 3, off, order) == NAI_ERR_SHAPE);
    CHECK(off[0] == 7 && off[3] == 7 && order[0] == 5);
}

static void test_isi_moments_hand_values(void)
{
    /* train 0: 0, 1, 4 -> intervals 1, 3: mean 2, M2 2
     * train 1: 0.5, 10.5, 20.5, 30.5 -> regular, mean 10, M2 exactly 0
     * train 2: one spike -> no interval; train 3: silent */
    const double t[8] = {0.0, 0.5, 1.0, 4.0, 7.0, 10.5, 20.5, 30.5};
    const int64_t idx[8] = {0, 1, 0, 0, 2, 1, 1, 1};
    double last[4], mean[4], m2[4];
    int64_t count[4];
    CHECK(nai_analysis_isi_moments(t, idx, 8, 4, last, count, mean, m2) == NAI_OK);
    CHECK(count[0] == 2 && count[1] == 3 && count[2] == 0 && count[3] == 0);
    CHECK_CLOSE(mean[0], 2.0, 1e-15);
    CHECK_CLOSE(m2[0], 2.0, 1e-15);
    CHECK(mean[1] == 10.0 && m2[1] == 0.0);
    CHECK(last[0] == 4.0 && last[1] == 30.5 && last[2] == 7.0 && isnan(last[3]));
    CHECK(mean[2] == 0.0 && m2[2] == 0.0);
}

static void test_isi_moments_long_regular_train_has_no_cancellation(void)
{
    /* 1e5 intervals of 0.1 ms starting at 1e6 ms: sum(d^2) - c*mean^2 loses
     * all digits here; Welford keeps M2 tiny (only the rounding of t). */
    enum { K = 100001 };
    static double t[K];
    static int64_t idx[K];
    double last, mean, m2;
    int64_t count;
    int j;
    for (j = 0; j < K; j++) {
        t[j] = 1e6 + 0.1 * j;
        idx[j] = 0;
    }
    CHECK(nai_analysis_isi_moments(t, idx, K, 1, &last, &count, &mean, &m2) == NAI_OK);
    CHECK(count == K - 1);
    CHECK_CLOSE(mean, 0.1, 1e-9);
    CHECK(m2 / (double)count < 1e-18);   /* the variance of the rounding only */
}

static void test_isi_moments_rejects_bad_input_and_writes_nothing(void)
{
    const double unsorted[3] = {0.0, 2.0, 1.0};
    const double nan_t[2] = {0.0, NAN};
    const int64_t idx[3] = {0, 0, 0};
    const int64_t bad_idx[3] = {0, 1, 0};
    double last[1] = {-1.0}, mean[1] = {-1.0}, m2[1] = {-1.0};
    int64_t count[1] = {-1};
    CHECK(nai_analysis_isi_moments(unsorted, idx, 3, 1, last, count, mean, m2) == NAI_ERR_PARAM);
    CHECK(nai_analysis_isi_moments(nan_t, idx, 2, 1, last, count, mean, m2) == NAI_ERR_PARAM);
    CHECK(nai_analysis_isi_moments(unsorted, bad_idx, 3, 1, last, count, mean, m2) == NAI_ERR_SHAPE);
    CHECK(last[0] == -1.0 && count[0] == -1 && mean[0] == -1.0 && m2[0] == -1.0);
}


/* ---- coding and decoding ---- */

static void test_entropy_whole_bits_and_plus_zero(void)
{
    const int64_t two[2] = {5, 5}, four[4] = {2, 2, 2, 2}, one[3] = {0, 7, 0};
    const int64_t nine_one[2] = {9, 1};
    double h = -1.0, mm = -1.0;
    CHECK(nai_analysis_entropy(two, 2, &h, &mm) == NAI_OK);
    CHECK(h == 1.0);
    CHECK_CLOSE(mm, 1.0 + 1.0 / (2.0 * 10.0 * log(2.0)), 1e-15);
    CHECK(nai_analysis_entropy(four, 4, &h, NULL) == NAI_OK && h == 2.0);
    CHECK(nai_analysis_entropy(one, 3, &h, &mm) == NAI_OK);
    CHECK(h == 0.0 && !signbit(h) && mm == 0.0 && !signbit(mm));
    CHECK(nai_analysis_entropy(nine_one, 2, &h, NULL) == NAI_OK);
    CHECK_CLOSE(h, -0.9 * log2(0.9) - 0.1 * log2(0.1), 1e-15);
}

static void test_entropy_rejects_and_writes_nothing(void)
{
    const int64_t neg[2] = {3, -1}, zero[2] = {0, 0};
    double h = 42.0, mm = 42.0;
    CHECK(nai_analysis_entropy(neg, 2, &h, &mm) == NAI_ERR_PARAM);
    CHECK(nai_analysis_entropy(zero, 2, &h, &mm) == NAI_ERR_PARAM);
    CHECK(nai_analysis_entropy(NULL, 0, &h, &mm) == NAI_ERR_PARAM);
    CHECK(h == 42.0 && mm == 42.0);
}

static void test_mutual_info_hand_values(void)
{
    /* the course's three examples: separate, identical, half overlapping */
    const int64_t sep[4] = {4, 0, 0, 4}, same[2] = {4, 4}, half[6] = {2, 2, 0, 0, 2, 2};
    double mi = -1.0, mm = -1.0;
    CHECK(nai_analysis_mutual_info(sep, 2, 2, &mi, &mm) == NAI_OK && mi == 1.0);
    /* m_R = 2, m_R|s = 1 each: +1 / (2 N ln 2) */
    CHECK_CLOSE(mm, 1.0 + 1.0 / (2.0 * 8.0 * log(2.0)), 1e-15);
    CHECK(nai_analysis_mutual_info(same, 2, 1, &mi, &mm) == NAI_OK);
    CHECK(mi == 0.0 && !signbit(mi) && mm == 0.0 && !signbit(mm));
    CHECK(nai_analysis_mutual_info(half, 2, 3, &mi, NULL) == NAI_OK && mi == 0.5);
}

static void test_centroid_decoding(void)
{
    /* class 0 around (0, 0), class 2 around (10, 0); class 1 has no data */
    const double x[8] = {0, 1, 0, -1, 10, 1, 10, -1};
    const int64_t y[4] = {0, 0, 2, 2};
    const double test[6] = {4, 0, 6, 0, 5, 0};
    double cen[6];
    int64_t count[3], pred[3] = {-9, -9, -9};
    const int64_t bad_y[1] = {3};
    CHECK(nai_analysis_centroid_fit(x, y, 4, 2, 3, cen, count) == NAI_OK);
    CHECK(count[0] == 2 && count[1] == 0 && count[2] == 2);
    CHECK(cen[0] == 0.0 && cen[1] == 0.0 && cen[4] == 10.0 && cen[5] == 0.0);
    CHECK(nai_analysis_centroid_predict(cen, count, 3, 2, test, 3, pred) == NAI_OK);
    CHECK(pred[0] == 0 && pred[1] == 2 && pred[2] == 0);      /* a tie: the lower class */
    CHECK(nai_analysis_centroid_fit(x, bad_y, 1, 2, 3, cen, count) == NAI_ERR_SHAPE);
    count[0] = count[2] = 0;
    pred[0] = -9;
    CHECK(nai_analysis_centroid_predict(cen, count, 3, 2, test, 1, pred) == NAI_ERR_PARAM);
    CHECK(pred[0] == -9);
}

static void test_avalanches_hand_values(void)
{
    const int64_t a[12] = {2, 0, 1, 3, 0, 0, 1, 0, 4, 4, 4, 0};
    const int64_t edge[3] = {1, 1, 1}, neg[3] = {0, -1, 0};
    int64_t sizes[7], durs[7];
    size_t n = 99;
    CHECK(nai_analysis_avalanches(a, 12, sizes, durs, &n) == NAI_OK);
    CHECK(n == 3);
    CHECK(sizes[0] == 4 && durs[0] == 2 && sizes[1] == 1 && durs[1] == 1);
    CHECK(sizes[2] == 12 && durs[2] == 3);
    CHECK(nai_analysis_avalanches(edge, 3, sizes, durs, &n) == NAI_OK && n == 0);
    n = 99;
    CHECK(nai_analysis_avalanches(neg, 3, sizes, durs, &n) == NAI_ERR_PARAM && n == 99);
}

static void test_branching_mean_streams_and_caps(void)
{
    enum { N = 20000 };
    static int64_t s[N], d[N], s2[100], d2[100];
    double mean = 0.0;
    size_t i;
    CHECK(nai_analysis_branching(0.5, INT64_MAX, INT64_MAX, 7, 0, N, s, d) == NAI_OK);
    for (i = 0; i < N; i++) {
        mean += (double)s[i] / N;
        CHECK(s[i] >= d[i] && d[i] >= 1);
    }
    /* mean 1/(1 - 0.5) = 2, sd of the mean sqrt(0.5/0.125 / N) = 0.014 */
    CHECK(fabs(mean - 2.0) < 0.07);
    /* avalanche 100 + j is the same drawn alone */
    CHECK(nai_analysis_branching(0.5, INT64_MAX, INT64_MAX, 7, 100, 100, s2, d2) == NAI_OK);
    CHECK(memcmp(s2, s + 100, sizeof s2) == 0 && memcmp(d2, d + 100, sizeof d2) == 0);
    CHECK(nai_analysis_branching(3.0, 1000, 50, 1, 0, 100, s2, d2) == NAI_OK);
    for (i = 0; i < 100; i++) {
        CHECK(s2[i] >= 1 && d2[i] <= 1000);
    }
    CHECK(nai_analysis_branching(0.0, 10, 10, 1, 0, 3, s2, d2) == NAI_OK);
    CHECK(s2[0] == 1 && d2[0] == 1 && s2[2] == 1);
    s2[0] = -5;
    CHECK(nai_analysis_branching(-1.0, 10, 10, 1, 0, 1, s2, d2) == NAI_ERR_PARAM);
    CHECK(nai_analysis_branching(NAN, 10, 10, 1, 0, 1, s2, d2) == NAI_ERR_PARAM);
    CHECK(nai_analysis_branching(21.0, 10, 10, 1, 0, 1, s2, d2) == NAI_ERR_PARAM);
    CHECK(nai_analysis_branching(1.0, 0, 10, 1, 0, 1, s2, d2) == NAI_ERR_PARAM);
    CHECK(s2[0] == -5);
}

int main(void)
{
    RUN(test_group_is_a_stable_counting_sort);
    RUN(test_group_empty_and_silent_trains);
    RUN(test_group_rejects_bad_index_and_writes_nothing);
    RUN(test_isi_moments_hand_values);
    RUN(test_isi_moments_long_regular_train_has_no_cancellation);
    RUN(test_isi_moments_rejects_bad_input_and_writes_nothing);
    RUN(test_entropy_whole_bits_and_plus_zero);
    RUN(test_entropy_rejects_and_writes_nothing);
    RUN(test_mutual_info_hand_values);
    RUN(test_centroid_decoding);
    RUN(test_avalanches_hand_values);
    RUN(test_branching_mean_streams_and_caps);
    return NAI_TEST_SUMMARY();
}
