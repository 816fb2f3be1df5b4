/* C tests of the shared propagators (nai_numerics), against closed forms. */
#include <math.h>
#include "nai_numerics.h"
#include "nai_test.h"

static void
test_decay_and_gain(void)
{
    const double h[4] = {1e-9, 0.1, 1.0, 50.0};
    int k;
    for (k = 0; k < 4; k++) {
        const double d = nai_prop_decay(h[k], 20.0), g = nai_prop_gain(h[k], 20.0);
        CHECK(d == exp(-h[k] / 20.0));
        CHECK_CLOSE(d + g, 1.0, 1e-15);
        /* expm1 keeps the digits that 1 - exp(-x) loses for small x */
        CHECK_CLOSE(g / (h[k] / 20.0), 1.0, h[k] / 20.0);
    }
    CHECK(nai_prop_gain(1e-12, 20.0) > 0.0);
    /* x - x^2/2 for x = 5e-14, where 1 - exp(-x) keeps only 3 digits */
    CHECK_CLOSE(nai_prop_gain(1e-12, 20.0), 5e-14 - 1.25e-27, 1e-29);
}

/* tau/h (1 - exp(-h/tau)) is the mean of exp(-s/tau) over [0, h]:
 * compare with the midpoint rule, and its limit 1 for h << tau. */
static void
test_step_mean(void)
{
    enum { M = 20000 };
    const double h = 0.7, tau = 2.0;
    double sum = 0.0;
    int k;
    for (k = 0; k < M; k++) {
        sum += exp(-(k + 0.5) * h / M / tau);
    }
    CHECK_CLOSE(nai_prop_step_mean(h, tau), sum / M, 1e-10);
    CHECK_CLOSE(nai_prop_step_mean(1e-10, 5.0), 1.0, 1e-10);
}

/* P21 against the two-exponential closed form away from the singular
 * point, and against the limit r h/tau_m exp(-h/tau_m) at it (bit for bit)
 * and next to it (continuity, on both sides). */
static void
test_psc_exp(void)
{
    const double h = 0.1, r = 10.0, tm = 20.0;
    const double ts[3] = {2.0, 5.0, 40.0};
    const double limit = r * h / tm * exp(-h / tm);
    int k;
    for (k = 0; k < 3; k++) {
        const double want = r * ts[k] / (ts[k] - tm) * (exp(-h / ts[k]) - exp(-h / tm));
        CHECK_CLOSE(nai_prop_psc_exp(h, tm, ts[k], r), want, 1e-14);
    }
    CHECK(nai_prop_psc_exp(h, tm, tm, r) == limit);
    CHECK_CLOSE(nai_prop_psc_exp(h, tm, tm * (1.0 + 1e-12), r), limit, 1e-15);
    CHECK_CLOSE(nai_prop_psc_exp(h, tm, tm * (1.0 - 1e-12), r), limit, 1e-15);
    /* one step of a large h, where the exponentials differ strongly */
    CHECK_CLOSE(nai_prop_psc_exp(30.0, tm, 5.0, r),
                r * 5.0 / (5.0 - tm) * (exp(-30.0 / 5.0) - exp(-30.0 / tm)), 1e-13);
}

int
main(void)
{
    RUN(test_decay_and_gain);
    RUN(test_step_mean);
    RUN(test_psc_exp);
    return NAI_TEST_SUMMARY();
}
