/*
 * nai_test.h -- the few macros every C test uses.
 *
 * CHECK(cond) records a failed condition with its file and line; RUN(fn) runs
 * one test function and counts it as passed when none of its checks failed;
 * NAI_TEST_SUMMARY() prints "N passed, N failed" and gives main's exit code.
 */
#ifndef NAI_TEST_H
#define NAI_TEST_H

#include <math.h>
#include <stdio.h>

static int nai_test_bad_checks, nai_test_passed, nai_test_failed;

#define CHECK(c) do { if (!(c)) { nai_test_bad_checks++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

/* |a - b| <= tol, reporting both values when it fails. */
#define CHECK_CLOSE(a, b, tol) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) <= (tol))) { nai_test_bad_checks++; \
    fprintf(stderr, "%s:%d: CHECK_CLOSE failed: %s = %.17g, %s = %.17g, tol %g\n", \
            __FILE__, __LINE__, #a, a_, #b, b_, (double)(tol)); } } while (0)

#define RUN(fn) do { int before_ = nai_test_bad_checks; fn(); \
    if (nai_test_bad_checks == before_) nai_test_passed++; else { nai_test_failed++; \
    fprintf(stderr, "FAILED: %s\n", #fn); } } while (0)

#define NAI_TEST_SUMMARY() (printf("%d passed, %d failed\n", nai_test_passed, \
    nai_test_failed), nai_test_failed != 0)

#endif /* NAI_TEST_H */
