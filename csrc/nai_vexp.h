/*
 * nai_vexp.h -- exp(x) for x <= 0, the same bits on every path.
 *
 * The decays of event-driven models, exp(-h/tau) with h >= 0, dominate the
 * cost of short-term plasticity.  nai_vexp() evaluates a whole array of them
 * with one branch-free loop body, compiled for AVX-512, AVX2 and the
 * baseline and chosen at run time (once, nai_cpu.h); nai_exp_neg() does one
 * value with the same body.  Every path performs the same IEEE operations
 * in the same order (no fused multiply-add), so a result never depends on
 * the path taken; the vector widths come from the compiler, not from
 * hand-written intrinsics, which measured no faster.
 *
 * Method (Cody & Waite, "Software Manual for the Elementary Functions",
 * 1980; Tang, ACM TOMS 15:144, 1989): x = k ln2 + r with k = round(x/ln2)
 * found by adding and subtracting 1.5 * 2^52, ln2 split in a head with
 * trailing zeros and a tail so that k ln2 is exact, |r| <= ln2/2, then
 * exp(r) by its Taylor polynomial of degree 13 (truncation < 4e-18
 * relative) and a multiplication by 2^k built from its bits.  Accuracy:
 * within 2 ulp of exp(x) for -708 <= x <= 0.  Below -708 the result is 0
 * (exp(x) < 3.3e-308 there).  x must not be NaN or > 0.
 */
#ifndef NAI_VEXP_H
#define NAI_VEXP_H

#include <stddef.h>

/* exp(x) for one x <= 0. */
double nai_exp_neg(double x);

/* out[k] = exp(x[k]) for k < n, every x[k] <= 0; out may equal x. */
void nai_vexp(const double *x, double *out, size_t n);

#endif /* NAI_VEXP_H */
