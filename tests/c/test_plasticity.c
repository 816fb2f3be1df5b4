/* tests/c/test_plasticity.c -- pair-based STDP kernels against closed forms. */
#include <math.h>
#include "nai_plasticity.h"
#include "nai_test.h"

static const nai_stdp_params ADD = {
    .tau_plus = 16.8, .tau_minus = 33.7, .lambda = 0.01, .alpha = 1.2, .mu_plus = 0.0,
    .mu_minus = 0.0, .w_max = 2.0, .pairing = NAI_STDP_ALL_TO_ALL,
};

/* One synapse, its events in time order: posts reaching it at ta[k], pre
 * spikes at tp[k]; an arrival at the time of a pre spike comes first. */
static double
run_pairs(const nai_stdp_params *p, double w, int n_pre, const double *tp, int n_post,
          const double *ta)
{
    nai_stdp_prop pr;
    nai_stdp_post post = {-INFINITY, 0.0, 0.0};
    double k_plus = 0.0, t_pre = -INFINITY;
    int a = 0, b = 0;
    nai_stdp_prepare(p, &pr);
    while (a < n_post || b < n_pre) {
        if (a < n_post && (b == n_pre || ta[a] <= tp[b])) {
            nai_stdp_post_spike(p, &pr, &post, ta[a]);
            w = nai_stdp_on_post(p, w, k_plus, t_pre, ta[a]);
            a++;
        } else {
            w = nai_stdp_on_pre(p, w, &k_plus, &t_pre, tp[b],
                                nai_stdp_k_minus(&pr, &post, tp[b]));
            b++;
        }
    }
    return w;
}

static void
test_check(void)
{
    nai_stdp_params p = ADD;
    CHECK(nai_stdp_check(&ADD) == NAI_OK);
    p.tau_plus = -1.0;
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    p = ADD;
    p.tau_minus = NAN;
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    p = ADD;
    p.w_max = 0.0;
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    p = ADD;
    p.lambda = -0.1;
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    p = ADD;
    p.pairing = 2;
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    {
        double row[NAI_STDP_ROWS] = {20, 20, 0.01, 1, 0, 0, 1, 0.5};
        nai_stdp_from_row(row, &p);
        CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);   /* pairing 0.5 */
        row[NAI_STDP_PAIRING] = 1.0;
        nai_stdp_from_row(row, &p);
        CHECK(nai_stdp_check(&p) == NAI_OK && p.pairing == NAI_STDP_NEAREST);
    }
}

/* n pairings far apart at Delta t: n lambda w_max exp(-|Delta t|/tau). */
static void
test_additive_pairings(void)
{
    enum { N = 30 };
    double tp[N], ta[N];
    const double dts[4] = {10.0, 3.0, -7.0, -25.0};
    int k, m;
    for (m = 0; m < 4; m++) {
        const double dt = dts[m];
        const double want = dt > 0 ? N * ADD.lambda * ADD.w_max * exp(-dt / ADD.tau_plus)
                                   : -N * ADD.alpha * ADD.lambda * ADD.w_max
                                     * exp(dt / ADD.tau_minus);
        for (k = 0; k < N; k++) {
            tp[k] = 1000.0 * k + 100.0;
            ta[k] = tp[k] + dt;
        }
        CHECK_CLOSE(run_pairs(&ADD, 1.0, N, tp, N, ta) - 1.0, want, 1e-12);
    }
}

/* A coincident post arrival is "before" the pre spike: facilitated by the
 * earlier pre spikes only and not seen by the depression. */
static void
test_coincidence(void)
{
    const double tp[2] = {10.0, 20.0}, ta[1] = {20.0};
    const double w = run_pairs(&ADD, 1.0, 2, tp, 1, ta);
    CHECK_CLOSE(w - 1.0, ADD.lambda * ADD.w_max * exp(-10.0 / ADD.tau_plus), 1e-14);
    {
        const double tp1[1] = {20.0};
        CHECK(run_pairs(&ADD, 1.0, 1, tp1, 1, ta) == 1.0);   /* no earlier pre: no change */
    }
}

/* All-to-all sums every pair; nearest neighbour only adjacent ones. */
static void
test_pairing_schemes(void)
{
    const double tp[3] = {0.0, 5.0, 10.0}, ta[1] = {12.0};
    nai_stdp_params nn = ADD;
    double want_all = 0.0;
    int k;
    for (k = 0; k < 3; k++) {
        want_all += ADD.lambda * ADD.w_max * exp(-(12.0 - tp[k]) / ADD.tau_plus);
    }
    CHECK_CLOSE(run_pairs(&ADD, 1.0, 3, tp, 1, ta) - 1.0, want_all, 1e-14);
    nn.pairing = NAI_STDP_NEAREST;
    CHECK_CLOSE(run_pairs(&nn, 1.0, 3, tp, 1, ta) - 1.0,
                ADD.lambda * ADD.w_max * exp(-2.0 / ADD.tau_plus), 1e-14);
    {
        /* depression: three posts before one pre */
        const double tq[1] = {20.0}, tb[3] = {1.0, 8.0, 15.0};
        double want = 0.0;
        for (k = 0; k < 3; k++) {
            want -= ADD.alpha * ADD.lambda * ADD.w_max * exp(-(20.0 - tb[k]) / ADD.tau_minus);
        }
        /* all-to-all facilitation needs a pre spike before the posts: none here */
        CHECK_CLOSE(run_pairs(&ADD, 1.0, 1, tq, 3, tb) - 1.0, want, 1e-14);
        CHECK_CLOSE(run_pairs(&nn, 1.0, 1, tq, 3, tb) - 1.0,
                    -ADD.alpha * ADD.lambda * ADD.w_max * exp(-5.0 / ADD.tau_minus), 1e-14);
    }
}

/* Multiplicative: 1 - w~ shrinks by (1 - lambda e^{-dt/tau}) per pairing
 * (potentiation), w~ by (1 - alpha lambda e^{-dt/tau}) (depression). */
static void
test_multiplicative(void)
{
    enum { N = 200 };
    nai_stdp_params p = ADD;
    double tp[N], ta[N], w;
    int k;
    p.mu_plus = 1.0;
    p.mu_minus = 1.0;
    p.lambda = 0.05;
    for (k = 0; k < N; k++) {
        tp[k] = 1000.0 * k;
        ta[k] = tp[k] + 4.0;
    }
    w = run_pairs(&p, 0.5, N, tp, N, ta);
    CHECK(w >= 0.0 && w <= p.w_max);
    CHECK_CLOSE(1.0 - w / p.w_max,
                (1.0 - 0.25) * pow(1.0 - p.lambda * exp(-4.0 / p.tau_plus), N), 1e-12);
    for (k = 0; k < N; k++) {
        ta[k] = tp[k] - 4.0;
    }
    w = run_pairs(&p, 0.5, N, tp, N, ta);
    CHECK(w >= 0.0 && w <= p.w_max);
    CHECK_CLOSE(w / p.w_max,
                0.25 * pow(1.0 - p.alpha * p.lambda * exp(-4.0 / p.tau_minus), N), 1e-12);
}

/* Additive weights stop at 0 and w_max. */
static void
test_clip(void)
{
    nai_stdp_params p = ADD;
    p.lambda = 0.6;
    CHECK(nai_stdp_facilitate(&p, 1.5, 1.0) == p.w_max);
    CHECK(nai_stdp_depress(&p, 0.5, 1.0) == 0.0);
    CHECK(nai_stdp_facilitate(&p, 0.0, 0.0) == 0.0);
}

/* Scaling: one factor for a neuron's weights, the sum made the target;
 * the clip at w_max; a zero sum left alone. */
static void
test_scale(void)
{
    nai_stdp_params p = ADD;
    double w[5] = {0.2, 0.5, 0.3, 0.9, 0.0};
    const size_t conn[3] = {0, 2, 1};
    p.scale_sum = 2.0;
    p.scale_every = 10;
    CHECK(nai_stdp_check(&p) == NAI_OK);
    nai_stdp_scale(&p, w, conn, 3);
    CHECK_CLOSE(w[0] + w[1] + w[2], 2.0, 1e-15);
    CHECK_CLOSE(w[0] / w[2], 0.2 / 0.3, 1e-15);
    CHECK(w[3] == 0.9 && w[4] == 0.0);
    p.scale_sum = 20.0;                  /* 10x: every weight above w_max, clipped */
    nai_stdp_scale(&p, w, conn, 3);
    CHECK(w[0] == p.w_max && w[1] == p.w_max && w[2] == p.w_max);
    {
        const size_t zero[1] = {4};
        nai_stdp_scale(&p, w, zero, 1);
        CHECK(w[4] == 0.0);
    }
    p.scale_every = 0;                   /* a target without a period */
    CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);
    {
        double row[NAI_STDP_ROWS] = {20, 20, 0.01, 1, 0, 0, 1, 0, 1.0, 2.5};
        nai_stdp_from_row(row, &p);
        CHECK(nai_stdp_check(&p) == NAI_ERR_PARAM);   /* 2.5 steps */
    }
}

int
main(void)
{
    RUN(test_check);
    RUN(test_additive_pairings);
    RUN(test_coincidence);
    RUN(test_pairing_schemes);
    RUN(test_multiplicative);
    RUN(test_clip);
    RUN(test_scale);
    return NAI_TEST_SUMMARY();
}
