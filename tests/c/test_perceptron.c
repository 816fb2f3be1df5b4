/* Perceptron kernels: activations at extremes, forward sums, learning. */
#include <float.h>
#include "nai_test.h"
#include "nai_perceptron.h"

static void test_activations_extremes(void)
{
    const double z[7] = {-1000.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, DBL_MAX};
    double out[7];
    CHECK(nai_activation_apply(NAI_ACT_SIGMOID, z, out, 7) == NAI_OK);
    CHECK(out[0] == 0.0 || (out[0] > 0.0 && out[0] < 1e-300));
    CHECK_CLOSE(out[1] / exp(-40.0), 1.0, 1e-15);   /* 1/(1+e^40) = e^-40 (1 - e^-40 ...) */
    CHECK(out[3] == 0.5);
    CHECK(out[6] == 1.0);
    CHECK(nai_activation_apply(NAI_ACT_RELU, z, out, 7) == NAI_OK);
    CHECK(out[0] == 0.0 && out[3] == 0.0 && out[4] == 1e-300 && out[6] == DBL_MAX);
    CHECK(nai_activation_apply(NAI_ACT_STEP, z, out, 7) == NAI_OK);
    CHECK(out[2] == 0.0 && out[3] == 1.0 && out[4] == 1.0);
    CHECK(nai_activation_apply(NAI_ACT_TANH, z, out, 7) == NAI_OK);
    CHECK(out[0] == -1.0 && out[6] == 1.0);
    CHECK(nai_activation_apply((nai_activation)9, z, out, 7) == NAI_ERR_PARAM);
}

static void test_forward_layer(void)
{
    const double x[4] = {1.0, 2.0, -1.0, 0.5};       /* batch 2, n_in 2 */
    const double w[6] = {0.5, -1.0, 2.0, 0.0, 1.0, 1.0};  /* n_out 3 */
    const double b[3] = {0.25, -1.0, 0.0};
    double out[6];
    CHECK(nai_perceptron_forward(x, 2, 2, w, b, 3, NAI_ACT_RELU, out) == NAI_OK);
    CHECK(out[0] == 0.0);             /* 0.5 - 2 + 0.25 < 0 */
    CHECK(out[1] == 1.0);             /* 2 - 1 */
    CHECK(out[2] == 3.0);
    CHECK(out[3] == 0.0);             /* -0.5 - 0.5 + 0.25 */
    CHECK(out[4] == 0.0);
    CHECK(out[5] == 0.0);             /* -1 + 0.5 = -0.5 -> 0 */
}

static void fit_gate(const double *y, int shuffle, size_t *epochs, int64_t *errors)
{
    const double x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    double w[2] = {0.0, 0.0}, b = 0.0;
    size_t order[4];
    nai_perceptron_fit_params p = {100, 1.0, shuffle, 12345};
    CHECK(nai_perceptron_fit(&p, x, y, 4, 2, w, &b, order, errors, epochs) == NAI_OK);
}

static void test_learns_and_or_not_xor(void)
{
    const double and_y[4] = {0, 0, 0, 1}, or_y[4] = {0, 1, 1, 1}, xor_y[4] = {0, 1, 1, 0};
    int64_t errors[100];
    size_t epochs, e;
    int s;
    for (s = 0; s < 2; s++) {
        fit_gate(and_y, s, &epochs, errors);
        CHECK(epochs < 100 && errors[epochs - 1] == 0);
        fit_gate(or_y, s, &epochs, errors);
        CHECK(epochs < 100 && errors[epochs - 1] == 0);
        fit_gate(xor_y, s, &epochs, errors);
        CHECK(epochs == 100);
        for (e = 0; e < epochs; e++) CHECK(errors[e] > 0);
    }
}

static void test_fit_rejects_bad_labels(void)
{
    const double x[2] = {0, 1}, y[2] = {0, 2};
    double w[1] = {0.0}, b = 0.0;
    size_t order[2], epochs;
    int64_t errors[5];
    nai_perceptron_fit_params p = {5, 1.0, 0, 0};
    CHECK(nai_perceptron_fit(&p, x, y, 2, 1, w, &b, order, errors, &epochs) == NAI_ERR_PARAM);
    CHECK(w[0] == 0.0 && b == 0.0 && epochs == 0);
    p.learning_rate = NAN;
    CHECK(nai_perceptron_fit(&p, x, x, 2, 1, w, &b, order, errors, &epochs) == NAI_ERR_PARAM);
}

int main(void)
{
    RUN(test_activations_extremes);
    RUN(test_forward_layer);
    RUN(test_learns_and_or_not_xor);
    RUN(test_fit_rejects_bad_labels);
    return NAI_TEST_SUMMARY();
}
