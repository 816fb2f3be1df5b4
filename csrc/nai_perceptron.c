#include <math.h>
#include "nai_perceptron.h"
#include "nai_rng.h"

static double
sigmoid(double z)
{
    if (z >= 0.0) {
        return 1.0 / (1.0 + exp(-z));
    } else {
        const double e = exp(z);
        return e / (1.0 + e);
    }
}

static double
activate(nai_activation f, double z)
{
    switch (f) {
    case NAI_ACT_SIGMOID:
        return sigmoid(z);
    case NAI_ACT_RELU:
        return z > 0.0 ? z : 0.0;
    case NAI_ACT_TANH:
        return tanh(z);
    case NAI_ACT_STEP:
        return z >= 0.0 ? 1.0 : 0.0;
    }
    return NAN;
}

static int
known(nai_activation f)
{
    return f == NAI_ACT_SIGMOID || f == NAI_ACT_RELU || f == NAI_ACT_TANH
           || f == NAI_ACT_STEP;
}

nai_status
nai_activation_apply(nai_activation f, const double *z, double *out, size_t n)
{
    size_t k;
    if (!known(f)) {
        return NAI_ERR_PARAM;
    }
    for (k = 0; k < n; k++) {
        out[k] = activate(f, z[k]);
    }
    return NAI_OK;
}

static double
weighted_sum(const double *x, const double *w, double b, size_t n_in)
{
    double z = 0.0;
    size_t i;
    for (i = 0; i < n_in; i++) {
        z += w[i] * x[i];
    }
    return z + b;
}

nai_status
nai_perceptron_forward(const double *x, size_t batch, size_t n_in,
                       const double *w, const double *b, size_t n_out,
                       nai_activation f, double *out)
{
    size_t s, o;
    if (!known(f)) {
        return NAI_ERR_PARAM;
    }
    for (s = 0; s < batch; s++) {
        for (o = 0; o < n_out; o++) {
            out[s * n_out + o] =
                activate(f, weighted_sum(x + s * n_in, w + o * n_in, b[o], n_in));
        }
    }
    return NAI_OK;
}

nai_status
nai_perceptron_fit_check(const nai_perceptron_fit_params *p, const double *y, size_t n)
{
    size_t k;
    if (p->max_epochs < 1 || !(p->learning_rate > 0.0) || !isfinite(p->learning_rate)) {
        return NAI_ERR_PARAM;
    }
    for (k = 0; k < n; k++) {
        if (!(y[k] == 0.0 || y[k] == 1.0)) {
            return NAI_ERR_PARAM;
        }
    }
    return NAI_OK;
}

void
nai_perceptron_fit_start(const nai_perceptron_fit_params *p, size_t n, size_t *order,
                         nai_perceptron_fit_state *s)
{
    size_t k;
    for (k = 0; k < n; k++) {
        order[k] = k;
    }
    nai_rng_seed(&s->rng, p->seed, 0);
    s->order = order;
    s->epochs = 0;
    s->converged = 0;
}

int
nai_perceptron_fit_epochs(const nai_perceptron_fit_params *p, const double *x,
                          const double *y, size_t n, size_t n_in, double *w, double *b,
                          nai_perceptron_fit_state *s, size_t n_epochs, int64_t *errors)
{
    size_t *order = s->order;
    size_t e, k, i;
    for (e = 0; e < n_epochs && !s->converged && s->epochs < p->max_epochs; e++) {
        int64_t wrong = 0;
        if (p->shuffle && n > 1) {
            /* Fisher-Yates; the tiny modulo bias of a 64-bit draw is
             * irrelevant for an ordering */
            for (k = n - 1; k > 0; k--) {
                size_t r = (size_t)(nai_rng_next(&s->rng) % (uint64_t)(k + 1));
                size_t t = order[k];
                order[k] = order[r];
                order[r] = t;
            }
        }
        for (k = 0; k < n; k++) {
            const double *xs = x + order[k] * n_in;
            const double z = weighted_sum(xs, w, *b, n_in);
            const double y_hat = z >= 0.0 ? 1.0 : 0.0;
            const double delta = y[order[k]] - y_hat;
            if (delta != 0.0) {
                wrong++;
                for (i = 0; i < n_in; i++) {
                    w[i] += p->learning_rate * delta * xs[i];
                }
                *b += p->learning_rate * delta;
            }
        }
        errors[s->epochs] = wrong;
        s->epochs++;
        s->converged = wrong == 0;
    }
    return s->converged || s->epochs >= p->max_epochs;
}

nai_status
nai_perceptron_fit(const nai_perceptron_fit_params *p, const double *x,
                   const double *y, size_t n, size_t n_in, double *w,
                   double *b, size_t *order, int64_t *errors, size_t *epochs)
{
    nai_perceptron_fit_state s;
    nai_status st;

    *epochs = 0;
    st = nai_perceptron_fit_check(p, y, n);
    if (st != NAI_OK) {
        return st;
    }
    nai_perceptron_fit_start(p, n, order, &s);
    nai_perceptron_fit_epochs(p, x, y, n, n_in, w, b, &s, p->max_epochs, errors);
    *epochs = s.epochs;
    return NAI_OK;
}
