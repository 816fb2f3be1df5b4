/* Perceptron kernels: activations at extremes, forward sums, learning, and
 * a fit cut into pieces (the kernel's epochs, the stepping object) equal to
 * one call bit for bit. */
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include "nai_test.h"
#include "nai_perceptron.h"
#include "nai_rng.h"
#include "nai_sim.h"

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

/* A fitting problem with irregular doubles: x uniform in [-1, 1), labels
 * random (not separable) or from a teacher's sign (separable). */
#define FN 300
#define FIN 40
#define FEPOCHS 1200

static double fx[FN * FIN], fy[FN];

static void fill_problem(int separable, uint64_t seed)
{
    nai_rng r;
    double teacher[FIN];
    size_t k, i;
    nai_rng_seed(&r, seed, 0);
    for (i = 0; i < FIN; i++) {
        teacher[i] = 2.0 * nai_rng_uniform(&r) - 1.0;
    }
    for (k = 0; k < FN; k++) {
        double z = 0.05;
        for (i = 0; i < FIN; i++) {
            fx[k * FIN + i] = 2.0 * nai_rng_uniform(&r) - 1.0;
            z += teacher[i] * fx[k * FIN + i];
        }
        fy[k] = separable ? (z >= 0.0) : (nai_rng_uniform(&r) < 0.5);
    }
}

/* What a fit returns, for comparing two ways of running it bit for bit. */
typedef struct fit_result {
    double w[FIN], b;
    int64_t errors[FEPOCHS];
    size_t epochs;
} fit_result;

static void one_call(const nai_perceptron_fit_params *p, fit_result *out)
{
    size_t order[FN];
    memset(out, 0, sizeof(*out));
    out->b = 0.125;
    CHECK(nai_perceptron_fit(p, fx, fy, FN, FIN, out->w, &out->b, order, out->errors,
                             &out->epochs) == NAI_OK);
}

static int same_fit(const fit_result *a, const fit_result *b)
{
    return a->epochs == b->epochs && memcmp(a->w, b->w, sizeof(a->w)) == 0
           && memcmp(&a->b, &b->b, sizeof(a->b)) == 0
           && memcmp(a->errors, b->errors, sizeof(a->errors)) == 0;
}

static void test_fit_in_pieces_equals_one_call(void)
{
    static const size_t pieces[] = {1, 2, 3, 7, 64, 1199, FEPOCHS, 5000};
    size_t order[FN];
    int separable, shuffle;
    size_t c;
    for (separable = 0; separable < 2; separable++) {
        fill_problem(separable, 99 + (uint64_t)separable);
        for (shuffle = 0; shuffle < 2; shuffle++) {
            nai_perceptron_fit_params p = {FEPOCHS, 0.37, shuffle, 2024};
            fit_result whole, cut;
            one_call(&p, &whole);
            /* the problem takes the path it is meant to cover */
            CHECK(separable ? (whole.epochs < FEPOCHS && whole.errors[whole.epochs - 1] == 0)
                            : whole.epochs == FEPOCHS);
            CHECK(whole.epochs > 3);
            for (c = 0; c < sizeof(pieces) / sizeof(pieces[0]); c++) {
                nai_perceptron_fit_state s;
                size_t calls = 0;
                int over = 0;
                memset(&cut, 0, sizeof(cut));
                cut.b = 0.125;
                CHECK(nai_perceptron_fit_check(&p, fy, FN) == NAI_OK);
                nai_perceptron_fit_start(&p, FN, order, &s);
                while (!over && calls < FEPOCHS + 1) {
                    over = nai_perceptron_fit_epochs(&p, fx, fy, FN, FIN, cut.w, &cut.b, &s,
                                                     pieces[c], cut.errors);
                    calls++;
                }
                cut.epochs = s.epochs;
                CHECK(over && same_fit(&cut, &whole));
                CHECK(s.converged == (whole.errors[whole.epochs - 1] == 0));
                CHECK(calls == (whole.epochs + pieces[c] - 1) / pieces[c]);
                /* a finished fit stays finished and changes nothing */
                CHECK(nai_perceptron_fit_epochs(&p, fx, fy, FN, FIN, cut.w, &cut.b, &s, 3,
                                                cut.errors) == 1);
                CHECK(s.epochs == whole.epochs && same_fit(&cut, &whole));
            }
        }
    }
}

static void test_perceptron_sim_steps_equal_one_call(void)
{
    int separable, shuffle;
    for (separable = 0; separable < 2; separable++) {
        fill_problem(separable, 7 + (uint64_t)separable);
        for (shuffle = 0; shuffle < 2; shuffle++) {
            nai_perceptron_fit_params p = {FEPOCHS, 1.0, shuffle, 5};
            fit_result whole, stepped;
            nai_perceptron_sim *sim = NULL;
            nai_status st;
            size_t steps = 0;
            one_call(&p, &whole);
            memset(&stepped, 0, sizeof(stepped));
            stepped.b = 0.125;
            CHECK(nai_perceptron_sim_new(&p, fx, fy, FN, FIN, stepped.w, &stepped.b,
                                         stepped.errors, &sim) == NAI_OK);
            do {
                st = nai_perceptron_sim_step(sim);
                steps++;
            } while (st == NAI_MORE && steps < FEPOCHS + 1);
            CHECK(st == NAI_OK);
            CHECK(nai_perceptron_sim_step(sim) == NAI_OK);      /* and again */
            stepped.epochs = nai_perceptron_sim_epochs(sim);
            CHECK(same_fit(&stepped, &whole));
            /* a long fit is cut: FN * (FIN + 16) updates per epoch */
            if (whole.epochs == FEPOCHS) {
                CHECK(steps > 1);
            }
            nai_perceptron_sim_free(sim);
        }
    }
    nai_perceptron_sim_free(NULL);
}

static void test_perceptron_sim_rejects_bad_fits(void)
{
    const double x[2] = {0, 1}, y_bad[2] = {0, 0.5}, y[2] = {0, 1};
    double w[1] = {0.0}, b = 0.0;
    int64_t errors[5];
    nai_perceptron_fit_params p = {5, 1.0, 1, 0};
    nai_perceptron_sim *sim = (nai_perceptron_sim *)&p;   /* must be reset to NULL */
    CHECK(nai_perceptron_sim_new(&p, x, y_bad, 2, 1, w, &b, errors, &sim) == NAI_ERR_PARAM);
    CHECK(sim == NULL && w[0] == 0.0 && b == 0.0);
    p.max_epochs = 0;
    CHECK(nai_perceptron_sim_new(&p, x, y, 2, 1, w, &b, errors, &sim) == NAI_ERR_PARAM);
    p.max_epochs = 5;
    p.learning_rate = INFINITY;
    CHECK(nai_perceptron_sim_new(&p, x, y, 2, 1, w, &b, errors, &sim) == NAI_ERR_PARAM);
    p.learning_rate = -1.0;
    CHECK(nai_perceptron_sim_new(&p, x, y, 2, 1, w, &b, errors, &sim) == NAI_ERR_PARAM);
    CHECK(sim == NULL);
}

int main(void)
{
    RUN(test_activations_extremes);
    RUN(test_forward_layer);
    RUN(test_learns_and_or_not_xor);
    RUN(test_fit_rejects_bad_labels);
    RUN(test_fit_in_pieces_equals_one_call);
    RUN(test_perceptron_sim_steps_equal_one_call);
    RUN(test_perceptron_sim_rejects_bad_fits);
    return NAI_TEST_SUMMARY();
}
