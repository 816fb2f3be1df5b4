/* Spike grouping and interspike-interval moments against hand values. */
#include <math.h>
#include <stdint.h>
#include "nai_test.h"
#include "nai_analysis.h"

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

int main(void)
{
    RUN(test_group_is_a_stable_counting_sort);
    RUN(test_group_empty_and_silent_trains);
    RUN(test_group_rejects_bad_index_and_writes_nothing);
    RUN(test_isi_moments_hand_values);
    RUN(test_isi_moments_long_regular_train_has_no_cancellation);
    RUN(test_isi_moments_rejects_bad_input_and_writes_nothing);
    return NAI_TEST_SUMMARY();
}
