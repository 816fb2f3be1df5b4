/* The vector exponential: accuracy against libm, identical bits on every
 * path (the scalar one and each instruction set's, compared in one
 * process), the underflow end. */
#include <float.h>
#include <stdint.h>
#include <string.h>
#include "nai_test.h"
#include "nai_cpu.h"
#include "nai_vexp.h"

enum { N = 100003 };
static double xs[N], ys[N];

static void test_accuracy_against_libm(void)
{
    size_t k;
    double worst = 0.0;
    for (k = 0; k < N; k++) {
        /* dense near 0, spread to -708 */
        xs[k] = k < N / 2 ? -(double)k * 1e-5 : -708.0 * (double)(k - N / 2) / (N / 2);
    }
    nai_vexp(xs, ys, N);
    for (k = 0; k < N; k++) {
        const double want = exp(xs[k]);
        const double ulp = nextafter(want, INFINITY) - want;
        const double err = fabs(ys[k] - want) / ulp;
        if (err > worst) {
            worst = err;
        }
    }
    CHECK(worst <= 2.0);
    CHECK(nai_exp_neg(0.0) == 1.0);
    CHECK(nai_exp_neg(-0.0) == 1.0);
}

static void test_paths_agree_bitwise(void)
{
    size_t k;
    int same = 1;
    for (k = 0; k < N; k++) {
        xs[k] = -0.37 * (double)(k % 2011) - 1e-3 * (double)k;
    }
    nai_vexp(xs, ys, N);             /* SIMD where the CPU has it, tail scalar */
    for (k = 0; k < N; k++) {
        same &= memcmp(&ys[k], &(double){nai_exp_neg(xs[k])}, sizeof(double)) == 0;
    }
    CHECK(same);
}

/* Every instruction set this CPU runs gives the bits of the set in use. */
static void test_instruction_sets_agree_bitwise(void)
{
    static double ref[N];
    const nai_isa in_use = nai_cpu_isa();
    int k, same = 1;
    size_t q;
    for (q = 0; q < N; q++) {
        xs[q] = -0.37 * (double)(q % 2011) - 1e-3 * (double)q - 1e-9 * (double)(q % 7);
    }
    nai_vexp(xs, ref, N);
    for (k = NAI_ISA_PORTABLE; k <= (int)nai_cpu_best(); k++) {
        CHECK(nai_cpu_select((nai_isa)k) == (nai_isa)k);
        nai_vexp(xs, ys, N);
        same &= memcmp(ys, ref, sizeof ref) == 0;
    }
    nai_cpu_select(in_use);
    CHECK(same);
}

static void test_underflow_end(void)
{
    double x[9] = {-707.9, -708.0, -708.1, -745.0, -800.0, -1e300, -INFINITY, -1.0, -2.0};
    double y[9];
    nai_vexp(x, y, 9);
    CHECK(y[0] > 0.0 && fabs(y[0] - exp(-707.9)) <= 2 * DBL_MIN * DBL_EPSILON + 3e-16 * exp(-707.9));
    CHECK(y[2] == 0.0 && y[3] == 0.0 && y[4] == 0.0 && y[5] == 0.0 && y[6] == 0.0);
    CHECK_CLOSE(y[7], exp(-1.0), 3e-16);
    CHECK_CLOSE(y[8], exp(-2.0), 3e-16);
    nai_vexp(x, x, 9);               /* in place */
    CHECK(memcmp(x, y, sizeof y) == 0);
}

int main(void)
{
    printf("instruction set in use: %s\n", nai_isa_name(nai_cpu_init()));
    RUN(test_accuracy_against_libm);
    RUN(test_paths_agree_bitwise);
    RUN(test_instruction_sets_agree_bitwise);
    RUN(test_underflow_end);
    return NAI_TEST_SUMMARY();
}
