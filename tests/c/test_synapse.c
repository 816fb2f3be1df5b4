/* Exponential synapses on a grid, without Python. */
#include <stdint.h>
#include <string.h>
#include "nai_test.h"
#include "nai_synapse.h"

static void
test_grid_step(void)
{
    CHECK(nai_grid_step(0.3, 0.1) == 3);     /* 0.3/0.1 = 2.9999999999999996 */
    CHECK(nai_grid_step(0.0, 0.1) == 0);
    CHECK(nai_grid_step(0.35, 0.1) == 3);
    CHECK(nai_grid_step(0.39999, 0.1) == 3);
    CHECK(nai_grid_step(50.0, 0.1) == 500);
    CHECK(nai_grid_step(999.9, 0.1) == 9999);
}

static void
test_check(void)
{
    nai_synapse_params p = {5.0, 1.0};
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.1) == NAI_OK);
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.0) == NAI_ERR_PARAM);
    CHECK(nai_synapse_check(&p, NAI_EXACT, NAN) == NAI_ERR_PARAM);
    CHECK(nai_synapse_check(&p, NAI_COURSE, 0.1) == NAI_OK);    /* the course: exact decay */
    CHECK(nai_synapse_check(&p, 3, 0.1) == NAI_ERR_PARAM);
    CHECK(nai_synapse_check(&p, -1, 0.1) == NAI_ERR_PARAM);
    p.tau_syn = 0.0;
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    p.tau_syn = NAN;
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    p.tau_syn = 5.0;
    p.weight = INFINITY;
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.1) == NAI_ERR_PARAM);
    p.weight = -2.0;  /* inhibitory current synapse */
    CHECK(nai_synapse_check(&p, NAI_EXACT, 0.1) == NAI_OK);
}

/* Exact: y(t) = sum_k w exp(-(t - t_k)/tau) for on-grid spikes. */
static void
test_exact_decay_closed_form(void)
{
    enum { STEPS = 1000 };
    const nai_synapse_params p = {5.0, 2.0};
    const double dt = 0.1, times[2] = {1.0, 30.0};
    const int64_t index[2] = {0, 0}, rec[1] = {0};
    double y = 0.0, tr[STEPS];
    nai_synapse_prop pr;
    size_t i;
    nai_synapse_prepare(&p, NAI_EXACT, dt, &pr);
    CHECK(nai_synapse_run(&p, &pr, 0, STEPS, 1, &y, 2, times, index, 1, rec, tr)
          == NAI_OK);
    for (i = 0; i < STEPS; i++) {
        const double t = (double)i * dt;
        double want = 0.0;
        if (i >= 10) want += 2.0 * exp(-(t - 1.0) / 5.0);
        if (i >= 300) want += 2.0 * exp(-(t - 30.0) / 5.0);
        CHECK_CLOSE(tr[i], want, 1e-12);
    }
    CHECK_CLOSE(y, 2.0 * exp(-99.0 / 5.0) + 2.0 * exp(-70.0 / 5.0), 1e-15);
}

static void
test_euler_and_chunks(void)
{
    enum { STEPS = 100, N = 2 };
    const nai_synapse_params p = {3.0, 1.5};
    const double dt = 0.25, times[4] = {0.0, 2.0, 2.0, 20.0};
    const int64_t index[4] = {0, 1, 1, 0}, rec[2] = {1, 0};
    double y[N] = {0.0, 0.5}, y2[N] = {0.0, 0.5}, tr[STEPS * N], tr2[STEPS * N];
    double ry[N] = {0.0, 0.5};
    nai_synapse_prop pr;
    size_t i, j, k = 0;
    int ok = 1;
    nai_synapse_prepare(&p, NAI_EULER, dt, &pr);
    CHECK(nai_synapse_run(&p, &pr, 0, STEPS, N, y, 4, times, index, N, rec, tr)
          == NAI_OK);
    for (i = 0; i < STEPS; i++) {
        while (k < 4 && (size_t)nai_grid_step(times[k], dt) == i) {
            ry[index[k]] += p.weight;
            k++;
        }
        ok &= tr[i * N] == ry[1] && tr[i * N + 1] == ry[0];
        for (j = 0; j < N; j++) {
            ry[j] = ry[j] + (-ry[j]) * (dt / p.tau_syn);
        }
    }
    CHECK(ok);
    /* chunks of 30 and 70 steps: 3 spikes, then 1 */
    CHECK(nai_synapse_run(&p, &pr, 0, 30, N, y2, 3, times, index, N, rec, tr2)
          == NAI_OK);
    CHECK(nai_synapse_run(&p, &pr, 30, 70, N, y2, 1, times + 3, index + 3, N, rec,
                          tr2 + 30 * N) == NAI_OK);
    CHECK(memcmp(tr, tr2, sizeof tr) == 0);
    CHECK(y[0] == y2[0] && y[1] == y2[1]);
}

static void
test_rejects_without_writing(void)
{
    const nai_synapse_params p = {5.0, 1.0};
    const double before[1] = {-0.5}, after[1] = {10.0}, nan_t[1] = {NAN};
    const double unsorted[2] = {1.0, 0.5}, huge[1] = {1e300};
    const int64_t index[2] = {0, 0}, bad[1] = {3}, rec_bad[1] = {1};
    double y = 7.0, tr[100];
    nai_synapse_prop pr;
    nai_synapse_prepare(&p, NAI_EXACT, 0.1, &pr);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 1, before, index, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 1, after, index, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 1, nan_t, index, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 2, unsorted, index, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 1, huge, index, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 1, unsorted + 1, bad, 0, NULL, NULL)
          == NAI_ERR_SHAPE);
    CHECK(nai_synapse_run(&p, &pr, 0, 100, 1, &y, 0, NULL, NULL, 1, rec_bad, tr)
          == NAI_ERR_SHAPE);
    CHECK(y == 7.0);
    CHECK_CLOSE(nai_synapse_cond_current(10.0, 0.0, -70.0), 0.7, 1e-15);
}

int
main(void)
{
    RUN(test_grid_step);
    RUN(test_check);
    RUN(test_exact_decay_closed_form);
    RUN(test_euler_and_chunks);
    RUN(test_rejects_without_writing);
    return NAI_TEST_SUMMARY();
}
