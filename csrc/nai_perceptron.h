/*
 * nai_perceptron.h -- the perceptron: weighted sum, activation, learning.
 *
 *     z = sum_i w_i x_i + b,        y = f(z)
 *
 * Activations f (elementwise, every finite z, no overflow):
 *   sigmoid  1 / (1 + e^-z), evaluated as e^z / (1 + e^z) for z < 0 so that
 *            exp never overflows and small outputs keep full relative
 *            precision
 *   relu     max(0, z)
 *   tanh     tanh(z)
 *   step     1 if z >= 0 else 0 (Heaviside, H(0) = 1)
 *
 * Learning: Rosenblatt's perceptron rule (Rosenblatt, Psychol. Rev. 65:386,
 * 1958) for labels y in {0, 1}: the predicted label is 1 when z >= 0 (the
 * activation at or above its midpoint), and after each sample
 *     w <- w + eta (y - y_hat) x,     b <- b + eta (y - y_hat).
 * An epoch visits every sample once, in the given order or, with shuffling,
 * in an order drawn from nai_rng; training stops after the first epoch with
 * no misclassification.  By the perceptron convergence theorem it stops on
 * linearly separable data (AND, OR) and never on XOR.
 */
#ifndef NAI_PERCEPTRON_H
#define NAI_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>
#include "nai_core.h"
#include "nai_rng.h"

typedef enum nai_activation {
    NAI_ACT_SIGMOID = 0,
    NAI_ACT_RELU = 1,
    NAI_ACT_TANH = 2,
    NAI_ACT_STEP = 3
} nai_activation;

/* out[k] = f(z[k]) for k < n; out may equal z.  NAI_ERR_PARAM for an
 * unknown activation.  No allocation, GIL-free. */
nai_status nai_activation_apply(nai_activation f, const double *z, double *out,
                                size_t n);

/*
 * Forward pass of n_out perceptrons on a batch.
 *   x    (batch, n_in) row-major        inputs [any unit]
 *   w    (n_out, n_in) row-major        weights
 *   b    (n_out,)                       biases
 *   out  (batch, n_out) row-major       f(W x + b)
 * The sum runs over i in increasing order.  No allocation, GIL-free.
 */
nai_status nai_perceptron_forward(const double *x, size_t batch, size_t n_in,
                                  const double *w, const double *b,
                                  size_t n_out, nai_activation f, double *out);

/* Parameters of a fit. */
typedef struct nai_perceptron_fit_params {
    size_t max_epochs;     /* >= 1 */
    double learning_rate;  /* eta, > 0 */
    int shuffle;           /* 0: samples in the given order; 1: shuffled */
    uint64_t seed;         /* seed of the shuffle (nai_rng stream 0) */
} nai_perceptron_fit_params;

/*
 * A fit between epochs: everything the next epoch depends on besides the
 * weights, so that a fit cut into pieces of any number of epochs runs the
 * same arithmetic as one piece.  The order is not reset between epochs:
 * each shuffle permutes the previous epoch's order.
 */
typedef struct nai_perceptron_fit_state {
    nai_rng rng;        /* the shuffle's generator, after the epochs run */
    size_t *order;      /* (n,) sample order of the last epoch (caller-owned) */
    size_t epochs;      /* epochs run so far, <= max_epochs */
    int converged;      /* 1 once an epoch had no misclassification */
} nai_perceptron_fit_state;

/* NAI_ERR_PARAM unless max_epochs >= 1, learning_rate is finite and > 0 and
 * each y[k], k < n, is 0 or 1.  No allocation. */
nai_status nai_perceptron_fit_check(const nai_perceptron_fit_params *p,
                                    const double *y, size_t n);

/* The state before the first epoch: order[k] = k for k < n (order has room
 * for n), the generator seeded from p->seed, no epoch run.  The state
 * points at order; the caller keeps it alive while the state is used. */
void nai_perceptron_fit_start(const nai_perceptron_fit_params *p, size_t n,
                              size_t *order, nai_perceptron_fit_state *s);

/*
 * Up to n_epochs more epochs of Rosenblatt training, in place, stopping
 * early after an epoch with no misclassification or at p->max_epochs.
 *   x        (n, n_in) row-major inputs
 *   y        (n,) labels, checked by nai_perceptron_fit_check
 *   w, b     weights (n_in,) and bias, updated in place
 *   s        the state from nai_perceptron_fit_start or an earlier call
 *   errors   (max_epochs,) misclassifications of each epoch; epoch e
 *            (counted from the start of the fit) writes errors[e]
 * Returns 1 when the fit is over (converged or max_epochs reached), else 0.
 * No allocation, GIL-free.
 */
int nai_perceptron_fit_epochs(const nai_perceptron_fit_params *p, const double *x,
                              const double *y, size_t n, size_t n_in, double *w,
                              double *b, nai_perceptron_fit_state *s,
                              size_t n_epochs, int64_t *errors);

/*
 * A whole fit in one call: check, start and every epoch (for a fit that
 * can be interrupted, see nai_perceptron_sim in nai_sim.h).
 *   x, y, n, n_in, w, b, errors   as nai_perceptron_fit_epochs
 *   order    scratch of length n (caller-owned)
 *   epochs   number of epochs run (<= max_epochs)
 * NAI_ERR_PARAM (nothing changed, *epochs = 0) as nai_perceptron_fit_check.
 * No allocation, GIL-free.
 */
nai_status nai_perceptron_fit(const nai_perceptron_fit_params *p,
                              const double *x, const double *y, size_t n,
                              size_t n_in, double *w, double *b,
                              size_t *order, int64_t *errors, size_t *epochs);

#endif /* NAI_PERCEPTRON_H */
