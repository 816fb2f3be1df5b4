/*
 * nai_module.c -- neuroai._core, the only file that speaks Python.
 *
 * Each function converts NumPy arrays to raw pointers, checks shapes, calls
 * one kernel with the GIL released and turns its nai_status into an
 * exception.  Friendly validation (units, allowed ranges, the fix) is done
 * by the Python layer before it calls in here; the checks here only keep a
 * bad call from touching memory it does not own.
 *
 * Conventions (STYLE.md rules 8-10): every PyObject local starts NULL; after
 * the first owned reference every failure jumps to the single `done:` label,
 * which releases everything; `result` stays NULL unless it was built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <stdlib.h>
#include <string.h>

#include "nai_analysis.h"
#include "nai_core.h"
#include "nai_cpu.h"
#include "nai_lif.h"
#include "nai_network.h"
#include "nai_perceptron.h"
#include "nai_spikegen.h"
#include "nai_stp.h"
#include "nai_synapse.h"

/* ====================================================================== */
/* shared helpers                                                          */
/* ====================================================================== */

/* Map a core status to a Python exception naming what failed.  GIL held. */
static void
set_nai_error(nai_status st, const char *what)
{
    PyObject *type = st == NAI_ERR_NOMEM ? PyExc_MemoryError : PyExc_ValueError;
    PyErr_Format(type, "%s: %s", what, nai_strerror(st));
}

/* New reference to a C-contiguous, aligned float64 (or typenum) array that
 * may be read; NULL with an exception set, naming `name`, when obj has the
 * wrong number of dimensions or cannot be converted. */
static PyArrayObject *
as_input(PyObject *obj, int typenum, int ndim, const char *name)
{
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(obj, typenum,
                                                         NPY_ARRAY_IN_ARRAY);
    if (a == NULL) {
        return NULL;
    }
    if (ndim >= 0 && PyArray_NDIM(a) != ndim) {
        PyErr_Format(PyExc_ValueError, "%s must be %d-dimensional, got %d",
                     name, ndim, PyArray_NDIM(a));
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

/* As as_input, but a private copy that C may update in place and return
 * (inputs are never modified). */
static PyArrayObject *
as_owned_copy(PyObject *obj, int typenum, const char *name)
{
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(
        obj, typenum, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
    if (a == NULL) {
        return NULL;
    }
    if (PyArray_NDIM(a) != 1) {
        PyErr_Format(PyExc_ValueError, "%s must be 1-dimensional, got %d",
                     name, PyArray_NDIM(a));
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

/* 1 if a is 1-D of length n, else 0 with a ValueError naming `name`. */
static int
check_len(PyArrayObject *a, npy_intp n, const char *name)
{
    if (PyArray_NDIM(a) != 1 || PyArray_DIM(a, 0) != n) {
        PyErr_Format(PyExc_ValueError, "%s must have length %zd",
                     name, (Py_ssize_t)n);
        return 0;
    }
    return 1;
}

/* ====================================================================== */
/* LIF neurons (nai_lif)                                                   */
/* ====================================================================== */

/* Work per chunk of the time loop: between chunks the GIL is taken back to
 * check for Ctrl-C, so a chunk should last a few milliseconds. */
#define LIF_CHUNK_UPDATES ((size_t)1 << 23)
/* Input of a time-varying chunk: 2 MB, and at least 16 rows. */
#define LIF_CHUNK_INPUT_DOUBLES ((size_t)1 << 18)
#define LIF_CHUNK_MIN_ROWS ((size_t)16)

/* Grow both spike buffers to at least twice their size. */
static nai_status
grow_spikes(nai_spikes *sp)
{
    size_t cap = sp->capacity < 1024 ? 1024 : 2 * sp->capacity;
    int64_t *nn;
    double *tt;
    if (cap > ((size_t)-1) / sizeof(double) / 2) {
        return NAI_ERR_NOMEM;
    }
    nn = (int64_t *)realloc(sp->neuron, cap * sizeof(int64_t));
    if (nn == NULL) {
        return NAI_ERR_NOMEM;
    }
    sp->neuron = nn;
    tt = (double *)realloc(sp->time, cap * sizeof(double));
    if (tt == NULL) {
        return NAI_ERR_NOMEM;
    }
    sp->time = tt;
    sp->capacity = cap;
    return NAI_OK;
}

/* Most threads one LIF call uses, and the fewest neurons worth a thread. */
#define LIF_MAX_THREADS 16
#define LIF_MIN_NEURONS_PER_THREAD 4096

/* One thread's share of a chunk: a neuron range and its own spike buffer. */
typedef struct lif_job {
    const nai_lif_params *p;
    const nai_lif_prop *pr;
    nai_method method;
    size_t n, j_begin, j_end, len, n_rec;
    int64_t step0;
    const double *cur;
    ptrdiff_t stride_t, stride_n;
    nai_lif_state *s;
    const int64_t *rec_pos;
    double *trace;
    nai_spikes sp;
    nai_status st;
    PyThread_type_lock done;     /* released when the job has finished */
} lif_job;

/* Run a job to the end, growing its spike buffer as needed.  Pure C: no
 * Python object is touched, so it runs without the GIL. */
static void
lif_job_run(lif_job *job)
{
    size_t j = job->j_begin, j_done = j;
    for (;;) {
        job->st = nai_lif_run(job->p, job->pr, job->method, job->n, j,
                              job->j_end, job->len, job->step0, job->cur,
                              job->stride_t, job->stride_n, job->s,
                              job->rec_pos, job->n_rec, job->trace, &job->sp,
                              &j_done);
        if (job->st != NAI_ERR_FULL) {
            return;
        }
        job->st = grow_spikes(&job->sp);
        if (job->st != NAI_OK) {
            return;
        }
        j = j_done;
    }
}

static void
lif_job_thread(void *arg)
{
    lif_job *job = (lif_job *)arg;
    lif_job_run(job);
    PyThread_release_lock(job->done);
}

/* Run jobs[0..n_jobs) in parallel: jobs 1.. on new threads, job 0 here.
 * Called without the GIL.  A job whose thread could not be started is run
 * here afterwards, so the result is the same either way. */
static void
lif_jobs_run(lif_job *jobs, int n_jobs)
{
    int k, started[LIF_MAX_THREADS] = {0};
    for (k = 1; k < n_jobs; k++) {
        if (jobs[k].done != NULL
                && PyThread_acquire_lock(jobs[k].done, WAIT_LOCK)
                && PyThread_start_new_thread(lif_job_thread, &jobs[k])
                   != (unsigned long)-1) {
            started[k] = 1;
        } else if (jobs[k].done != NULL) {
            PyThread_release_lock(jobs[k].done);
        }
    }
    lif_job_run(&jobs[0]);
    for (k = 1; k < n_jobs; k++) {
        if (started[k]) {
            PyThread_acquire_lock(jobs[k].done, WAIT_LOCK);   /* join */
            PyThread_release_lock(jobs[k].done);
        } else {
            lif_job_run(&jobs[k]);
        }
    }
}

PyDoc_STRVAR(lif_run_doc,
"lif_run(current, dt, method, step0, state, ref_left, params, rec_idx,\n"
"        n_threads=1)\n"
"--\n\n"
"Run N LIF neurons over T steps (private; see neuroai.LIFNeuron).\n\n"
"current: (T, N) float64 [nA], any strides (broadcast views are read in\n"
"place); state: (2, N) float64, rows v [mV] and t_free [ms]; ref_left: (N,)\n"
"int64; params: (6, N) float64, rows tau_m, v_rest, v_reset, v_threshold,\n"
"resistance, t_ref; rec_idx: int64 indices of the neurons whose V to record.\n"
"Inputs are copied, never modified.  Returns (state, ref_left, offsets,\n"
"spike_times, v_trace): the final state, the spikes grouped by neuron\n"
"(neuron j's are spike_times[offsets[j]:offsets[j+1]]) and the\n"
"(T, len(rec_idx)) trace of V at the start of each step.  n_threads splits\n"
"large populations across threads; the result does not depend on it.");

static PyObject *
py_lif_run(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"current", "dt", "method", "step0", "state",
                             "ref_left", "params", "rec_idx", "n_threads", NULL};
    PyObject *cur_obj, *state_obj, *ref_obj, *par_obj, *rec_obj;
    PyArrayObject *cur = NULL, *state = NULL, *ref = NULL, *par = NULL;
    PyArrayObject *rec = NULL, *trace = NULL, *offsets = NULL, *times = NULL;
    PyObject *result = NULL;
    nai_lif_prop *pr = NULL;
    int64_t *rec_pos = NULL;
    nai_spikes bufs[LIF_MAX_THREADS];
    size_t spike_total = 0;
    nai_lif_params p;
    nai_lif_state s;
    nai_status st = NAI_OK;
    double dt;
    int method;
    long long step0;
    npy_intp n_steps, n, n_rec, dims[2];
    ptrdiff_t stride_t, stride_n;
    size_t i0, chunk, win_n;
    int by_neuron;
    lif_job jobs[LIF_MAX_THREADS];
    int n_threads = 1, k;
    const double *pd;

    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OdiLOOOO|i:lif_run", kwlist,
            &cur_obj, &dt, &method, &step0, &state_obj, &ref_obj, &par_obj,
            &rec_obj, &n_threads)) {
        return NULL;
    }
    memset(jobs, 0, sizeof(jobs));
    /* Aligned float64, any strides: a broadcast view stays a view. */
    cur = (PyArrayObject *)PyArray_FROM_OTF(cur_obj, NPY_FLOAT64,
                                            NPY_ARRAY_ALIGNED);
    if (cur == NULL) goto done;
    if (PyArray_NDIM(cur) != 2) {
        PyErr_SetString(PyExc_ValueError, "current must be 2-dimensional (T, N)");
        goto done;
    }
    if (PyArray_STRIDE(cur, 0) % (npy_intp)sizeof(double) != 0
            || PyArray_STRIDE(cur, 1) % (npy_intp)sizeof(double) != 0) {
        PyArrayObject *c = (PyArrayObject *)PyArray_FROM_OTF(
            (PyObject *)cur, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
        Py_DECREF(cur);
        cur = c;
        if (cur == NULL) goto done;
    }
    n_steps = PyArray_DIM(cur, 0);
    n = PyArray_DIM(cur, 1);
    stride_t = (ptrdiff_t)(PyArray_STRIDE(cur, 0) / (npy_intp)sizeof(double));
    stride_n = (ptrdiff_t)(PyArray_STRIDE(cur, 1) / (npy_intp)sizeof(double));

    state = (PyArrayObject *)PyArray_FROM_OTF(
        state_obj, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
    if (state == NULL) goto done;
    if ((ref = as_owned_copy(ref_obj, NPY_INT64, "ref_left")) == NULL) goto done;
    if ((par = as_input(par_obj, NPY_FLOAT64, 2, "params")) == NULL) goto done;
    if ((rec = as_input(rec_obj, NPY_INT64, 1, "rec_idx")) == NULL) goto done;
    if (PyArray_NDIM(state) != 2 || PyArray_DIM(state, 0) != 2
            || PyArray_DIM(state, 1) != n) {
        PyErr_SetString(PyExc_ValueError, "state must have shape (2, N)");
        goto done;
    }
    if (PyArray_DIM(par, 0) != 6 || PyArray_DIM(par, 1) != n) {
        PyErr_SetString(PyExc_ValueError, "params must have shape (6, N)");
        goto done;
    }
    if (!check_len(ref, n, "ref_left")) goto done;
    if (method != NAI_EXACT && method != NAI_EULER) {
        PyErr_SetString(PyExc_ValueError, "method must be 0 (exact) or 1 (euler)");
        goto done;
    }
    pd = (const double *)PyArray_DATA(par);
    p.tau_m = pd;
    p.v_rest = pd + n;
    p.v_reset = pd + 2 * n;
    p.v_threshold = pd + 3 * n;
    p.resistance = pd + 4 * n;
    p.t_ref = pd + 5 * n;
    st = nai_lif_check(&p, (size_t)n, dt);
    if (st != NAI_OK) {
        set_nai_error(st, "LIF parameters");
        goto done;
    }

    n_rec = PyArray_DIM(rec, 0);
    if (n_rec > 0) {
        const int64_t *ri = (const int64_t *)PyArray_DATA(rec);
        npy_intp q;
        rec_pos = (int64_t *)malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
        if (rec_pos == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        for (q = 0; q < n; q++) {
            rec_pos[q] = -1;
        }
        for (q = 0; q < n_rec; q++) {
            if (ri[q] < 0 || ri[q] >= (int64_t)n || rec_pos[ri[q]] >= 0) {
                PyErr_SetString(PyExc_ValueError,
                    "rec_idx must hold distinct neuron indices in [0, N)");
                goto done;
            }
            rec_pos[ri[q]] = (int64_t)q;
        }
    }
    dims[0] = n_steps;
    dims[1] = n_rec;
    trace = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (trace == NULL) goto done;

    pr = nai_lif_prop_new((size_t)n);
    if (pr == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    nai_lif_prepare(&p, dt, pr);
    s.v = (double *)PyArray_DATA(state);
    s.t_free = (double *)PyArray_DATA(state) + n;
    s.ref_left = (int64_t *)PyArray_DATA(ref);

    /* neuron ranges for the threads, whole blocks of 32 each */
    if (n_threads < 1 || n < LIF_MIN_NEURONS_PER_THREAD * 2) {
        n_threads = 1;
    }
    if (n_threads > LIF_MAX_THREADS) {
        n_threads = LIF_MAX_THREADS;
    }
    if ((npy_intp)n_threads > n / LIF_MIN_NEURONS_PER_THREAD) {
        n_threads = n / LIF_MIN_NEURONS_PER_THREAD > 0
                    ? (int)(n / LIF_MIN_NEURONS_PER_THREAD) : 1;
    }
    for (k = 1; k < n_threads; k++) {
        jobs[k].done = PyThread_allocate_lock();
        if (jobs[k].done == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }

    /*
     * Chunks.  A constant input of moderate length is cut by neurons: each
     * chunk runs a window of neurons over all steps, so every block sets up
     * once and its spikes come out together (cheap to group later).  Other
     * inputs are cut by time: all neurons over a window of steps, few
     * enough rows of a time-varying input to stay in L2 while they are read
     * block by block.  Either way the arithmetic per neuron and step is the
     * same, so the cut never changes the result.
     */
    by_neuron = stride_t == 0 && n_steps > 0
                && (size_t)n_steps <= LIF_CHUNK_UPDATES / 32;
    if (by_neuron) {
        size_t quantum = (size_t)32 * (size_t)n_threads;
        win_n = LIF_CHUNK_UPDATES * (size_t)n_threads / (size_t)n_steps
                / quantum * quantum;
        if (win_n < quantum) {
            win_n = quantum;
        }
        chunk = (size_t)n_steps;
    } else {
        win_n = (size_t)n;
        chunk = n > 0 ? LIF_CHUNK_UPDATES * (size_t)n_threads / (size_t)n
                      : (size_t)n_steps;
        if (stride_t != 0 && n > 0 && chunk * (size_t)n > LIF_CHUNK_INPUT_DOUBLES) {
            chunk = LIF_CHUNK_INPUT_DOUBLES / (size_t)n;
            if (chunk < LIF_CHUNK_MIN_ROWS) {
                chunk = LIF_CHUNK_MIN_ROWS;
            }
        }
        if (chunk < 1) {
            chunk = 1;
        }
    }
    for (i0 = 0; i0 < (size_t)n_steps; i0 += chunk) {
      size_t len = (size_t)n_steps - i0 < chunk ? (size_t)n_steps - i0 : chunk;
      size_t w0;
      for (w0 = 0; w0 < (size_t)n; w0 += win_n) {
        size_t w1 = (size_t)n - w0 < win_n ? (size_t)n : w0 + win_n;
        /* the window's neurons, in whole blocks of 32, one range per thread */
        size_t per = ((w1 - w0) / (size_t)n_threads + 31) / 32 * 32;
        for (k = 0; k < n_threads; k++) {
            lif_job *job = &jobs[k];
            size_t b = w0 + (size_t)k * per, e = b + per;
            job->j_begin = b < w1 ? b : w1;
            job->j_end = (e < w1 && k + 1 < n_threads) ? e : w1;
            job->p = &p;
            job->pr = pr;
            job->method = (nai_method)method;
            job->n = (size_t)n;
            job->len = len;
            job->n_rec = (size_t)n_rec;
            job->step0 = (int64_t)step0 + (int64_t)i0;
            job->cur = (const double *)PyArray_DATA(cur) + (ptrdiff_t)i0 * stride_t;
            job->stride_t = stride_t;
            job->stride_n = stride_n;
            job->s = &s;
            job->rec_pos = rec_pos;
            job->trace = n_rec > 0
                ? (double *)PyArray_DATA(trace) + i0 * (size_t)n_rec : NULL;
        }
        Py_BEGIN_ALLOW_THREADS
        lif_jobs_run(jobs, n_threads);
        Py_END_ALLOW_THREADS
        for (k = 0; k < n_threads; k++) {
            if (jobs[k].st != NAI_OK) {
                set_nai_error(jobs[k].st, "LIF simulation");
                goto done;
            }
        }
        if (PyErr_CheckSignals() < 0) {
            goto done;               /* KeyboardInterrupt: state discarded */
        }
      }
    }

    /* the jobs' buffers are grouped as one sequence, job by job: no merge */
    for (k = 0; k < n_threads; k++) {
        spike_total += jobs[k].sp.count;
    }
    for (k = 0; k < n_threads; k++) {
        bufs[k] = jobs[k].sp;
    }

    dims[0] = n + 1;
    offsets = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_INT64, 0);
    if (offsets == NULL) goto done;
    dims[0] = (npy_intp)spike_total;
    times = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0);
    if (times == NULL) goto done;
    st = nai_lif_group_spikes(bufs, (size_t)n_threads, (size_t)n,
                              (int64_t *)PyArray_DATA(offsets),
                              (double *)PyArray_DATA(times));
    if (st != NAI_OK) {
        set_nai_error(st, "LIF spike grouping");
        goto done;
    }
    result = PyTuple_Pack(5, state, ref, offsets, times, trace);

done:
    for (k = 0; k < LIF_MAX_THREADS; k++) {
        free(jobs[k].sp.neuron);
        free(jobs[k].sp.time);
        if (jobs[k].done != NULL) {
            PyThread_free_lock(jobs[k].done);
        }
    }
    free(rec_pos);
    nai_lif_prop_free(pr);
    Py_XDECREF(cur);
    Py_XDECREF(state);
    Py_XDECREF(ref);
    Py_XDECREF(par);
    Py_XDECREF(rec);
    Py_XDECREF(trace);
    Py_XDECREF(offsets);
    Py_XDECREF(times);
    return result;
}

/* ====================================================================== */
/* Perceptron (nai_perceptron)                                             */
/* ====================================================================== */

PyDoc_STRVAR(activation_doc,
"activation(kind, z)\n--\n\n"
"Elementwise activation of a float64 array (private; see neuroai.activations).\n"
"kind: 0 sigmoid, 1 relu, 2 tanh, 3 step.  Returns a new array of z's shape.");

static PyObject *
py_activation(PyObject *self, PyObject *args)
{
    PyObject *z_obj;
    PyArrayObject *z = NULL, *out = NULL;
    PyObject *result = NULL;
    nai_status st;
    int kind;

    (void)self;
    if (!PyArg_ParseTuple(args, "iO:activation", &kind, &z_obj)) {
        return NULL;
    }
    if ((z = as_input(z_obj, NPY_FLOAT64, -1, "z")) == NULL) goto done;
    out = (PyArrayObject *)PyArray_EMPTY(PyArray_NDIM(z), PyArray_DIMS(z),
                                         NPY_FLOAT64, 0);
    if (out == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_activation_apply((nai_activation)kind,
                              (const double *)PyArray_DATA(z),
                              (double *)PyArray_DATA(out),
                              (size_t)PyArray_SIZE(z));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "activation");
        goto done;
    }
    result = (PyObject *)out;
    Py_INCREF(result);

done:
    Py_XDECREF(z);
    Py_XDECREF(out);
    return result;
}

PyDoc_STRVAR(perceptron_forward_doc,
"perceptron_forward(x, w, b, kind)\n--\n\n"
"f(x @ w.T + b) for x (batch, n_in), w (n_out, n_in), b (n_out,) (private).\n"
"Returns (batch, n_out).");

static PyObject *
py_perceptron_forward(PyObject *self, PyObject *args)
{
    PyObject *x_obj, *w_obj, *b_obj;
    PyArrayObject *x = NULL, *w = NULL, *b = NULL, *out = NULL;
    PyObject *result = NULL;
    nai_status st;
    npy_intp dims[2];
    int kind;

    (void)self;
    if (!PyArg_ParseTuple(args, "OOOi:perceptron_forward", &x_obj, &w_obj,
                          &b_obj, &kind)) {
        return NULL;
    }
    if ((x = as_input(x_obj, NPY_FLOAT64, 2, "x")) == NULL) goto done;
    if ((w = as_input(w_obj, NPY_FLOAT64, 2, "w")) == NULL) goto done;
    if ((b = as_input(b_obj, NPY_FLOAT64, 1, "b")) == NULL) goto done;
    if (PyArray_DIM(w, 1) != PyArray_DIM(x, 1)) {
        PyErr_SetString(PyExc_ValueError, "x and w must have the same number of inputs");
        goto done;
    }
    if (!check_len(b, PyArray_DIM(w, 0), "b")) goto done;
    dims[0] = PyArray_DIM(x, 0);
    dims[1] = PyArray_DIM(w, 0);
    out = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (out == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_perceptron_forward((const double *)PyArray_DATA(x),
                                (size_t)dims[0], (size_t)PyArray_DIM(x, 1),
                                (const double *)PyArray_DATA(w),
                                (const double *)PyArray_DATA(b),
                                (size_t)dims[1], (nai_activation)kind,
                                (double *)PyArray_DATA(out));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "perceptron forward");
        goto done;
    }
    result = (PyObject *)out;
    Py_INCREF(result);

done:
    Py_XDECREF(x);
    Py_XDECREF(w);
    Py_XDECREF(b);
    Py_XDECREF(out);
    return result;
}

PyDoc_STRVAR(perceptron_fit_doc,
"perceptron_fit(x, y, w, b, max_epochs, learning_rate, shuffle, seed)\n--\n\n"
"Rosenblatt training (private; see neuroai.Perceptron.fit).  x (n, n_in),\n"
"y (n,) in {0, 1}, w (n_in,) copied.  Returns (w, b, errors per epoch).");

static PyObject *
py_perceptron_fit(PyObject *self, PyObject *args)
{
    PyObject *x_obj, *y_obj, *w_obj;
    PyArrayObject *x = NULL, *y = NULL, *w = NULL, *errors = NULL;
    PyObject *result = NULL, *errs = NULL;
    size_t *order = NULL;
    nai_perceptron_fit_params p;
    nai_status st;
    double b;
    Py_ssize_t max_epochs;
    unsigned long long seed;
    int shuffle;
    size_t epochs = 0;
    npy_intp n, dims[1];

    (void)self;
    if (!PyArg_ParseTuple(args, "OOOdndpK:perceptron_fit", &x_obj, &y_obj,
                          &w_obj, &b, &max_epochs, &p.learning_rate, &shuffle,
                          &seed)) {
        return NULL;
    }
    if (max_epochs < 1) {
        PyErr_SetString(PyExc_ValueError, "epochs must be >= 1");
        return NULL;
    }
    if ((x = as_input(x_obj, NPY_FLOAT64, 2, "X")) == NULL) goto done;
    if ((y = as_input(y_obj, NPY_FLOAT64, 1, "y")) == NULL) goto done;
    if ((w = as_owned_copy(w_obj, NPY_FLOAT64, "weights")) == NULL) goto done;
    n = PyArray_DIM(x, 0);
    if (!check_len(y, n, "y") || !check_len(w, PyArray_DIM(x, 1), "weights")) {
        goto done;
    }
    dims[0] = (npy_intp)max_epochs;
    errors = (PyArrayObject *)PyArray_ZEROS(1, dims, NPY_INT64, 0);
    if (errors == NULL) goto done;
    order = (size_t *)malloc((size_t)(n > 0 ? n : 1) * sizeof(size_t));
    if (order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    p.max_epochs = (size_t)max_epochs;
    p.shuffle = shuffle;
    p.seed = (uint64_t)seed;
    Py_BEGIN_ALLOW_THREADS
    st = nai_perceptron_fit(&p, (const double *)PyArray_DATA(x),
                            (const double *)PyArray_DATA(y), (size_t)n,
                            (size_t)PyArray_DIM(x, 1), (double *)PyArray_DATA(w),
                            &b, order, (int64_t *)PyArray_DATA(errors), &epochs);
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "perceptron fit");
        goto done;
    }
    errs = PySequence_GetSlice((PyObject *)errors, 0, (Py_ssize_t)epochs);
    if (errs == NULL) goto done;
    result = Py_BuildValue("OdO", (PyObject *)w, b, errs);

done:
    free(order);
    Py_XDECREF(x);
    Py_XDECREF(y);
    Py_XDECREF(w);
    Py_XDECREF(errors);
    Py_XDECREF(errs);
    return result;
}

/* ====================================================================== */
/* synapses, short-term plasticity, spike generators                       */
/* (nai_synapse, nai_stp, nai_spikegen)                                    */
/* ====================================================================== */

/* Work per call of a grid kernel (steps x synapses): between calls the GIL
 * is taken back to check for Ctrl-C. */
#define SYN_CHUNK_UPDATES ((size_t)1 << 23)
/* Spikes per call of the event-driven Tsodyks-Markram kernel. */
#define SYN_CHUNK_SPIKES ((size_t)1 << 22)

/* Steps per chunk for n synapses: at least one. */
static size_t
syn_chunk_steps(npy_intp n)
{
    size_t c = n > 0 ? SYN_CHUNK_UPDATES / (size_t)n : SYN_CHUNK_UPDATES;
    return c < 1 ? 1 : c;
}

/* First spike at or after k whose grid step is >= step_end (times sorted). */
static size_t
spikes_before_step(const double *times, size_t k, size_t n_spikes, double dt,
                   int64_t step_end)
{
    while (k < n_spikes && nai_grid_step(times[k], dt) < step_end) {
        k++;
    }
    return k;
}

/* Convert the (times, index, rec) triple every spike-driven kernel takes.
 * Returns 0 with an exception set on failure; the caller releases the
 * arrays it got (they are NULL or owned either way). */
static int
syn_spike_inputs(PyObject *t_obj, PyObject *i_obj, PyObject *rec_obj,
                 PyArrayObject **times, PyArrayObject **index, PyArrayObject **rec)
{
    if ((*times = as_input(t_obj, NPY_FLOAT64, 1, "times")) == NULL) return 0;
    if ((*index = as_input(i_obj, NPY_INT64, 1, "index")) == NULL) return 0;
    if ((*rec = as_input(rec_obj, NPY_INT64, 1, "rec")) == NULL) return 0;
    return check_len(*index, PyArray_DIM(*times, 0), "index");
}

PyDoc_STRVAR(synapse_run_doc,
"synapse_run(y, times, index, rec, dt, step0, n_steps, tau_syn, weight, method)\n"
"--\n\n"
"Exponential synapses on a grid (private; see neuroai.Synapse).\n\n"
"y: float64 (n,) state [nS or nA] (copied, never modified); times (k,)\n"
"[ms] sorted, index (k,) int64 synapse of each spike, every spike inside\n"
"steps [step0, step0 + n_steps); rec: int64 synapses to record.\n"
"method 0 = exact, 1 = Euler.  Returns (y_final, trace (n_steps, len(rec))).");

static PyObject *
py_synapse_run(PyObject *self, PyObject *args)
{
    PyObject *y_obj, *t_obj, *i_obj, *rec_obj;
    PyArrayObject *y = NULL, *times = NULL, *index = NULL, *rec = NULL;
    PyArrayObject *trace = NULL;
    PyObject *result = NULL;
    nai_synapse_params p;
    nai_synapse_prop pr;
    nai_status st;
    double dt;
    int method;
    long long step0;
    Py_ssize_t n_steps;
    npy_intp n, n_spk, n_rec, dims[2];
    size_t i0, chunk, k0 = 0, k1;

    (void)self;
    if (!PyArg_ParseTuple(args, "OOOOdLnddi:synapse_run", &y_obj, &t_obj, &i_obj,
                          &rec_obj, &dt, &step0, &n_steps, &p.tau_syn, &p.weight,
                          &method)) {
        return NULL;
    }
    if (n_steps < 0) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0");
        return NULL;
    }
    st = nai_synapse_check(&p, method, dt);
    if (st != NAI_OK) {
        set_nai_error(st, "synapse parameters");
        return NULL;
    }
    if ((y = as_owned_copy(y_obj, NPY_FLOAT64, "y")) == NULL) goto done;
    if (!syn_spike_inputs(t_obj, i_obj, rec_obj, &times, &index, &rec)) goto done;
    n = PyArray_DIM(y, 0);
    n_spk = PyArray_DIM(times, 0);
    n_rec = PyArray_DIM(rec, 0);
    st = nai_grid_check_spikes(dt, (int64_t)step0, (size_t)n_steps, (size_t)n,
                               (size_t)n_spk, (const double *)PyArray_DATA(times),
                               (const int64_t *)PyArray_DATA(index));
    if (st == NAI_OK) {
        st = nai_check_indices((size_t)n_rec, (const int64_t *)PyArray_DATA(rec),
                               (size_t)n);
    }
    if (st != NAI_OK) {
        set_nai_error(st, "synapse spikes or recorded indices");
        goto done;
    }
    dims[0] = (npy_intp)n_steps;
    dims[1] = n_rec;
    trace = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (trace == NULL) goto done;
    nai_synapse_prepare(&p, method, dt, &pr);

    chunk = syn_chunk_steps(n);
    for (i0 = 0; i0 < (size_t)n_steps; i0 += chunk) {
        const size_t len = (size_t)n_steps - i0 < chunk ? (size_t)n_steps - i0 : chunk;
        const int64_t s0 = (int64_t)step0 + (int64_t)i0;
        const double *tt = (const double *)PyArray_DATA(times);
        const int64_t *ii = (const int64_t *)PyArray_DATA(index);
        double *tr = (double *)PyArray_DATA(trace) + i0 * (size_t)n_rec;
        k1 = spikes_before_step(tt, k0, (size_t)n_spk, dt, s0 + (int64_t)len);
        Py_BEGIN_ALLOW_THREADS
        st = nai_synapse_run(&p, &pr, s0, len, (size_t)n,
                             (double *)PyArray_DATA(y), k1 - k0, tt + k0, ii + k0,
                             (size_t)n_rec, (const int64_t *)PyArray_DATA(rec),
                             n_rec > 0 ? tr : NULL);
        Py_END_ALLOW_THREADS
        if (st != NAI_OK) {
            set_nai_error(st, "synapse run");
            goto done;
        }
        k0 = k1;
        if (PyErr_CheckSignals() < 0) goto done;
    }
    result = PyTuple_Pack(2, y, trace);

done:
    Py_XDECREF(y);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(trace);
    return result;
}

PyDoc_STRVAR(stp_tm_run_doc,
"stp_tm_run(x, u, t_last, has_spiked, times, index, rec, step0, n_steps, dt,\n"
"           U, tau_rec, tau_fac)\n"
"--\n\n"
"Tsodyks-Markram synapses, event-driven (private; see\n"
"neuroai.TsodyksMarkram).\n\n"
"State x, u, t_last (float64) and has_spiked (uint8), each (n,), copied,\n"
"never modified; times (k,) [ms] sorted, index (k,) int64; rec: int64\n"
"synapses whose x and u to sample at t_i = (step0 + i) * dt, i < n_steps.\n"
"Returns (x, u, t_last, has_spiked, efficacy (k,), x_trace, u_trace), the\n"
"traces of shape (n_steps, len(rec)).");

static PyObject *
py_stp_tm_run(PyObject *self, PyObject *args)
{
    PyObject *x_obj, *u_obj, *tl_obj, *hs_obj, *t_obj, *i_obj, *rec_obj;
    PyArrayObject *x = NULL, *u = NULL, *tl = NULL, *hs = NULL;
    PyArrayObject *times = NULL, *index = NULL, *rec = NULL;
    PyArrayObject *eff = NULL, *xtr = NULL, *utr = NULL;
    PyObject *result = NULL;
    nai_stp_tm_params p;
    nai_status st;
    double dt;
    long long step0;
    Py_ssize_t n_steps;
    npy_intp n, n_spk, n_rec, dims[2];
    size_t i0, k0 = 0, k1, chunk;
    int trace;

    (void)self;
    if (!PyArg_ParseTuple(args, "OOOOOOOLndddd:stp_tm_run", &x_obj, &u_obj, &tl_obj,
                          &hs_obj, &t_obj, &i_obj, &rec_obj, &step0, &n_steps, &dt,
                          &p.U, &p.tau_rec, &p.tau_fac)) {
        return NULL;
    }
    if (n_steps < 0) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0");
        return NULL;
    }
    st = nai_stp_tm_check(&p);
    if (st != NAI_OK) {
        set_nai_error(st, "Tsodyks-Markram parameters");
        return NULL;
    }
    if ((x = as_owned_copy(x_obj, NPY_FLOAT64, "x")) == NULL) goto done;
    if ((u = as_owned_copy(u_obj, NPY_FLOAT64, "u")) == NULL) goto done;
    if ((tl = as_owned_copy(tl_obj, NPY_FLOAT64, "t_last")) == NULL) goto done;
    if ((hs = as_owned_copy(hs_obj, NPY_UINT8, "has_spiked")) == NULL) goto done;
    if (!syn_spike_inputs(t_obj, i_obj, rec_obj, &times, &index, &rec)) goto done;
    n = PyArray_DIM(x, 0);
    n_spk = PyArray_DIM(times, 0);
    n_rec = PyArray_DIM(rec, 0);
    if (!check_len(u, n, "u") || !check_len(tl, n, "t_last")
            || !check_len(hs, n, "has_spiked")) {
        goto done;
    }
    trace = n_steps > 0 && n_rec > 0;
    if (trace && !(dt > 0.0 && dt < INFINITY)) {
        PyErr_SetString(PyExc_ValueError, "dt must be > 0 and finite");
        goto done;
    }
    /* The spikes are checked by the kernel, before it writes anything (a
     * second pass here would cost as much as a third of the run); the state
     * and outputs are this call's own arrays, so an error in a later chunk
     * leaves nothing behind. */
    st = nai_check_indices((size_t)n_rec, (const int64_t *)PyArray_DATA(rec),
                           (size_t)n);
    if (st != NAI_OK) {
        set_nai_error(st, "Tsodyks-Markram recorded indices");
        goto done;
    }
    dims[0] = n_spk;
    eff = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0);
    if (eff == NULL) goto done;
    dims[0] = (npy_intp)n_steps;
    dims[1] = n_rec;
    xtr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (xtr == NULL) goto done;
    utr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (utr == NULL) goto done;

    {
        const double *tt = (const double *)PyArray_DATA(times);
        const int64_t *ii = (const int64_t *)PyArray_DATA(index);
        double *ef = (double *)PyArray_DATA(eff);
        /* With traces, chunks of grid steps and the spikes before the next
         * chunk's first grid time; without, chunks of spikes. */
        const size_t n_units = trace ? (size_t)n_steps : (size_t)n_spk;
        chunk = trace ? syn_chunk_steps(n_rec) : SYN_CHUNK_SPIKES;
        i0 = 0;
        do {
            const size_t len = n_units - i0 < chunk ? n_units - i0 : chunk;
            const int64_t s0 = (int64_t)step0 + (int64_t)i0;
            if (trace) {
                const double t_next = (double)(s0 + (int64_t)len) * dt;
                k1 = k0;
                if (i0 + len >= n_units) {
                    k1 = (size_t)n_spk;
                } else {
                    while (k1 < (size_t)n_spk && tt[k1] < t_next) {
                        k1++;
                    }
                }
            } else {
                k1 = k0 + len;
            }
            Py_BEGIN_ALLOW_THREADS
            st = nai_stp_tm_run(&p, (size_t)n, (double *)PyArray_DATA(x),
                                (double *)PyArray_DATA(u), (double *)PyArray_DATA(tl),
                                (uint8_t *)PyArray_DATA(hs), k1 - k0, tt + k0, ii + k0,
                                ef + k0, s0, trace ? len : 0, dt, (size_t)n_rec,
                                (const int64_t *)PyArray_DATA(rec),
                                trace ? (double *)PyArray_DATA(xtr) + i0 * (size_t)n_rec : NULL,
                                trace ? (double *)PyArray_DATA(utr) + i0 * (size_t)n_rec : NULL);
            Py_END_ALLOW_THREADS
            if (st != NAI_OK) {
                set_nai_error(st, st == NAI_ERR_SHAPE
                              ? "Tsodyks-Markram spikes (times finite and sorted, "
                                "indices in [0, n), none before its synapse's last "
                                "spike t_last)"
                              : "Tsodyks-Markram run");
                goto done;
            }
            k0 = k1;
            i0 += len;
            if (PyErr_CheckSignals() < 0) goto done;
        } while (i0 < n_units);
    }
    result = PyTuple_Pack(7, x, u, tl, hs, eff, xtr, utr);

done:
    Py_XDECREF(x);
    Py_XDECREF(u);
    Py_XDECREF(tl);
    Py_XDECREF(hs);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(eff);
    Py_XDECREF(xtr);
    Py_XDECREF(utr);
    return result;
}

/* The course's depressing (kind 0) and facilitating (kind 1) synapses share
 * one binding: only the parameter struct and the kernel differ. */
PyDoc_STRVAR(stp_course_run_doc,
"stp_course_run(kind, g, s, times, index, rec, dt, step0, n_steps, method,\n"
"               params)\n"
"--\n\n"
"The course's depressing (kind 0: params = (g_max, tau_syn, tau_rec, u)) or\n"
"facilitating (kind 1: params = (g_max, tau_syn, tau_facil, u_base, u_max,\n"
"u_step)) synapses on a grid (private; see neuroai.DepressingSynapse).\n\n"
"g [nS] and s (x or u) are float64 (n,), copied, never modified; spikes as\n"
"for synapse_run.  Returns (g, s, efficacy (k,), g_trace, s_trace), the\n"
"traces of shape (n_steps, len(rec)).");

static PyObject *
py_stp_course_run(PyObject *self, PyObject *args)
{
    PyObject *g_obj, *s_obj, *t_obj, *i_obj, *rec_obj;
    PyArrayObject *g = NULL, *s = NULL, *times = NULL, *index = NULL, *rec = NULL;
    PyArrayObject *eff = NULL, *gtr = NULL, *str = NULL;
    PyObject *result = NULL;
    nai_stp_dep_params dp = {0.0, 0.0, 0.0, 0.0};
    nai_stp_fac_params fp = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    nai_stp_prop pr;
    nai_status st;
    double dt;
    int kind, method;
    long long step0;
    Py_ssize_t n_steps;
    npy_intp n, n_spk, n_rec, dims[2];
    size_t i0, chunk, k0 = 0, k1;

    (void)self;
    if (!PyArg_ParseTuple(args, "iOOOOOdLni(dddddd):stp_course_run", &kind, &g_obj,
                          &s_obj, &t_obj, &i_obj, &rec_obj, &dt, &step0, &n_steps,
                          &method, &fp.g_max, &fp.tau_syn, &fp.tau_facil,
                          &fp.u_base, &fp.u_max, &fp.u_step)) {
        return NULL;
    }
    if (n_steps < 0 || (kind != 0 && kind != 1)) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0 and kind 0 or 1");
        return NULL;
    }
    /* Depressing parameters travel in the first four slots. */
    dp.g_max = fp.g_max;
    dp.tau_syn = fp.tau_syn;
    dp.tau_rec = fp.tau_facil;
    dp.u = fp.u_base;
    st = kind == 0 ? nai_stp_dep_check(&dp, method, dt)
                   : nai_stp_fac_check(&fp, method, dt);
    if (st != NAI_OK) {
        set_nai_error(st, "synapse parameters");
        return NULL;
    }
    if ((g = as_owned_copy(g_obj, NPY_FLOAT64, "g")) == NULL) goto done;
    if ((s = as_owned_copy(s_obj, NPY_FLOAT64, kind == 0 ? "x" : "u")) == NULL) goto done;
    if (!syn_spike_inputs(t_obj, i_obj, rec_obj, &times, &index, &rec)) goto done;
    n = PyArray_DIM(g, 0);
    n_spk = PyArray_DIM(times, 0);
    n_rec = PyArray_DIM(rec, 0);
    if (!check_len(s, n, kind == 0 ? "x" : "u")) goto done;
    st = nai_grid_check_spikes(dt, (int64_t)step0, (size_t)n_steps, (size_t)n,
                               (size_t)n_spk, (const double *)PyArray_DATA(times),
                               (const int64_t *)PyArray_DATA(index));
    if (st == NAI_OK) {
        st = nai_check_indices((size_t)n_rec, (const int64_t *)PyArray_DATA(rec),
                               (size_t)n);
    }
    if (st != NAI_OK) {
        set_nai_error(st, "synapse spikes or recorded indices");
        goto done;
    }
    dims[0] = n_spk;
    eff = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0);
    if (eff == NULL) goto done;
    dims[0] = (npy_intp)n_steps;
    dims[1] = n_rec;
    gtr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (gtr == NULL) goto done;
    str = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0);
    if (str == NULL) goto done;
    if (kind == 0) {
        nai_stp_dep_prepare(&dp, method, dt, &pr);
    } else {
        nai_stp_fac_prepare(&fp, method, dt, &pr);
    }

    chunk = syn_chunk_steps(n);
    for (i0 = 0; i0 < (size_t)n_steps; i0 += chunk) {
        const size_t len = (size_t)n_steps - i0 < chunk ? (size_t)n_steps - i0 : chunk;
        const int64_t s0 = (int64_t)step0 + (int64_t)i0;
        const double *tt = (const double *)PyArray_DATA(times);
        const int64_t *ii = (const int64_t *)PyArray_DATA(index);
        double *gt = n_rec > 0 ? (double *)PyArray_DATA(gtr) + i0 * (size_t)n_rec : NULL;
        double *sv = n_rec > 0 ? (double *)PyArray_DATA(str) + i0 * (size_t)n_rec : NULL;
        k1 = spikes_before_step(tt, k0, (size_t)n_spk, dt, s0 + (int64_t)len);
        Py_BEGIN_ALLOW_THREADS
        if (kind == 0) {
            st = nai_stp_dep_run(&dp, &pr, s0, len, (size_t)n, (double *)PyArray_DATA(g),
                                 (double *)PyArray_DATA(s), k1 - k0, tt + k0, ii + k0,
                                 (double *)PyArray_DATA(eff) + k0, (size_t)n_rec,
                                 (const int64_t *)PyArray_DATA(rec), gt, sv);
        } else {
            st = nai_stp_fac_run(&fp, &pr, s0, len, (size_t)n, (double *)PyArray_DATA(g),
                                 (double *)PyArray_DATA(s), k1 - k0, tt + k0, ii + k0,
                                 (double *)PyArray_DATA(eff) + k0, (size_t)n_rec,
                                 (const int64_t *)PyArray_DATA(rec), gt, sv);
        }
        Py_END_ALLOW_THREADS
        if (st != NAI_OK) {
            set_nai_error(st, "synapse run");
            goto done;
        }
        k0 = k1;
        if (PyErr_CheckSignals() < 0) goto done;
    }
    result = PyTuple_Pack(5, g, s, eff, gtr, str);

done:
    Py_XDECREF(g);
    Py_XDECREF(s);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(eff);
    Py_XDECREF(gtr);
    Py_XDECREF(str);
    return result;
}

/* Build (times, index) arrays of exactly `count` spikes from C buffers. */
static PyObject *
spikes_to_arrays(const double *t, const int64_t *idx, size_t count)
{
    PyArrayObject *times = NULL, *index = NULL;
    PyObject *result = NULL;
    npy_intp dims[1];
    dims[0] = (npy_intp)count;
    times = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0);
    if (times == NULL) goto done;
    index = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_INT64, 0);
    if (index == NULL) goto done;
    if (count > 0) {
        memcpy(PyArray_DATA(times), t, count * sizeof(double));
        memcpy(PyArray_DATA(index), idx, count * sizeof(int64_t));
    }
    result = PyTuple_Pack(2, times, index);

done:
    Py_XDECREF(times);
    Py_XDECREF(index);
    return result;
}

/* Room for `count` spikes (at least one, so malloc(0) never happens). */
static nai_status
spike_buffers(size_t count, double **t, int64_t **idx)
{
    double *nt;
    int64_t *ni;
    if (count < 1) {
        count = 1;
    }
    if (count > ((size_t)-1) / sizeof(double)) {
        return NAI_ERR_NOMEM;
    }
    nt = (double *)realloc(*t, count * sizeof(double));
    if (nt == NULL) {
        return NAI_ERR_NOMEM;
    }
    *t = nt;
    ni = (int64_t *)realloc(*idx, count * sizeof(int64_t));
    if (ni == NULL) {
        return NAI_ERR_NOMEM;
    }
    *idx = ni;
    return NAI_OK;
}

/* Expected spike count plus a margin of ten standard deviations; every
 * spike is counted anyway, so a short guess costs one more pass, never a
 * wrong train.  0 when the guess is beyond any memory. */
static size_t
spike_capacity_guess(double expected)
{
    double guess = expected + 10.0 * sqrt(expected) + 16.0;
    if (!(guess < 1e15)) {
        return 0;
    }
    return (size_t)guess;
}

PyDoc_STRVAR(spikegen_regular_doc,
"spikegen_regular(rate, start, stop)\n"
"--\n\n"
"Regular train at rate [Hz] in [start, stop) [ms] (private; see\n"
"neuroai.stimuli.regular).  Returns (times, index).");

static PyObject *
py_spikegen_regular(PyObject *self, PyObject *args)
{
    PyObject *result = NULL;
    double rate, start, stop, *t = NULL;
    int64_t *idx = NULL;
    size_t cap, count = 0;
    nai_status st;

    (void)self;
    if (!PyArg_ParseTuple(args, "ddd:spikegen_regular", &rate, &start, &stop)) {
        return NULL;
    }
    st = nai_spikegen_check(rate, start, stop);
    if (st != NAI_OK) {
        set_nai_error(st, "regular spike train");
        return NULL;
    }
    cap = spike_capacity_guess((stop - start) * rate * 1e-3);
    st = cap > 0 ? spike_buffers(cap, &t, &idx) : NAI_ERR_NOMEM;
    if (st == NAI_OK) {
        Py_BEGIN_ALLOW_THREADS
        st = nai_spikegen_regular(rate, start, stop, t, idx, cap, &count);
        if (st == NAI_ERR_FULL) {
            cap = count;
            st = spike_buffers(cap, &t, &idx);
            if (st == NAI_OK) {
                st = nai_spikegen_regular(rate, start, stop, t, idx, cap, &count);
            }
        }
        Py_END_ALLOW_THREADS
    }
    if (st != NAI_OK) {
        set_nai_error(st, "regular spike train");
        goto done;
    }
    result = spikes_to_arrays(t, idx, count);

done:
    free(t);
    free(idx);
    return result;
}

PyDoc_STRVAR(spikegen_poisson_doc,
"spikegen_poisson(rate, start, stop, seed)\n"
"--\n\n"
"Independent Poisson trains, rate: float64 (n,) [Hz], in [start, stop) [ms];\n"
"train j uses generator stream j of seed (private; see\n"
"neuroai.stimuli.poisson).  Returns (times, index), grouped by train.");

static PyObject *
py_spikegen_poisson(PyObject *self, PyObject *args)
{
    PyObject *rate_obj, *result = NULL;
    PyArrayObject *rate = NULL;
    double start, stop, expected = 0.0, *t = NULL;
    int64_t *idx = NULL;
    unsigned long long seed;
    size_t cap, count = 0;
    npy_intp n, j;
    nai_status st = NAI_OK;

    (void)self;
    if (!PyArg_ParseTuple(args, "OddK:spikegen_poisson", &rate_obj, &start, &stop,
                          &seed)) {
        return NULL;
    }
    if ((rate = as_input(rate_obj, NPY_FLOAT64, 1, "rate")) == NULL) goto done;
    n = PyArray_DIM(rate, 0);
    for (j = 0; j < n && st == NAI_OK; j++) {
        const double r = ((const double *)PyArray_DATA(rate))[j];
        st = nai_spikegen_check(r, start, stop);
        expected += r * (stop - start) * 1e-3;
    }
    if (st != NAI_OK) {
        set_nai_error(st, "Poisson spike trains");
        goto done;
    }
    cap = spike_capacity_guess(expected);
    st = cap > 0 ? spike_buffers(cap, &t, &idx) : NAI_ERR_NOMEM;
    if (st == NAI_OK) {
        const double *r = (const double *)PyArray_DATA(rate);
        Py_BEGIN_ALLOW_THREADS
        st = nai_spikegen_poisson(r, (size_t)n, start, stop, (uint64_t)seed, t, idx,
                                  cap, &count);
        if (st == NAI_ERR_FULL) {
            cap = count;
            st = spike_buffers(cap, &t, &idx);
            if (st == NAI_OK) {
                st = nai_spikegen_poisson(r, (size_t)n, start, stop, (uint64_t)seed,
                                          t, idx, cap, &count);
            }
        }
        Py_END_ALLOW_THREADS
    }
    if (st != NAI_OK) {
        set_nai_error(st, "Poisson spike trains");
        goto done;
    }
    result = spikes_to_arrays(t, idx, count);

done:
    free(t);
    free(idx);
    Py_XDECREF(rate);
    return result;
}

/* ====================================================================== */
/* Spike-train analysis (nai_analysis)                                     */
/* ====================================================================== */

PyDoc_STRVAR(analysis_group_doc,
"analysis_group(indices, n)\n--\n\n"
"Stable counting sort of spikes by train (private; see neuroai.analysis).\n"
"indices: int64 (k,) in [0, n).  Returns (offsets (n+1,), order (k,)), int64.");

static PyObject *
py_analysis_group(PyObject *self, PyObject *args)
{
    PyObject *idx_obj;
    PyArrayObject *idx = NULL, *offsets = NULL, *order = NULL;
    PyObject *result = NULL;
    Py_ssize_t n;
    nai_status st;
    npy_intp dims[1];

    (void)self;
    if (!PyArg_ParseTuple(args, "On:analysis_group", &idx_obj, &n)) {
        return NULL;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n (number of trains) must be >= 0");
        return NULL;
    }
    if ((idx = as_input(idx_obj, NPY_INT64, 1, "indices")) == NULL) goto done;
    dims[0] = (npy_intp)n + 1;
    offsets = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_INT64, 0);
    if (offsets == NULL) goto done;
    dims[0] = PyArray_DIM(idx, 0);
    order = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_INT64, 0);
    if (order == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_group((const int64_t *)PyArray_DATA(idx), (size_t)dims[0],
                            (size_t)n, (int64_t *)PyArray_DATA(offsets),
                            (int64_t *)PyArray_DATA(order));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "spike grouping (indices must be in [0, n))");
        goto done;
    }
    result = PyTuple_Pack(2, offsets, order);

done:
    Py_XDECREF(idx);
    Py_XDECREF(offsets);
    Py_XDECREF(order);
    return result;
}

PyDoc_STRVAR(analysis_isi_moments_doc,
"analysis_isi_moments(times, indices, n)\n--\n\n"
"Per-train interspike-interval count, mean and M2 (Welford) in one pass\n"
"(private; see neuroai.analysis).  times: float64 (k,) ms, non-decreasing;\n"
"indices: int64 (k,) in [0, n).  Returns (count, mean, m2), each (n,).");

static PyObject *
py_analysis_isi_moments(PyObject *self, PyObject *args)
{
    PyObject *t_obj, *idx_obj;
    PyArrayObject *t = NULL, *idx = NULL;
    PyArrayObject *last = NULL, *count = NULL, *mean = NULL, *m2 = NULL;
    PyObject *result = NULL;
    Py_ssize_t n;
    nai_status st;
    npy_intp dims[1];

    (void)self;
    if (!PyArg_ParseTuple(args, "OOn:analysis_isi_moments", &t_obj, &idx_obj, &n)) {
        return NULL;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n (number of trains) must be >= 0");
        return NULL;
    }
    if ((t = as_input(t_obj, NPY_FLOAT64, 1, "times")) == NULL) goto done;
    if ((idx = as_input(idx_obj, NPY_INT64, 1, "indices")) == NULL) goto done;
    if (!check_len(idx, PyArray_DIM(t, 0), "indices")) goto done;
    dims[0] = (npy_intp)n;
    if ((last = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    if ((count = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_INT64, 0)) == NULL) goto done;
    if ((mean = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    if ((m2 = (PyArrayObject *)PyArray_EMPTY(1, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_isi_moments((const double *)PyArray_DATA(t),
                                  (const int64_t *)PyArray_DATA(idx),
                                  (size_t)PyArray_DIM(t, 0), (size_t)n,
                                  (double *)PyArray_DATA(last),
                                  (int64_t *)PyArray_DATA(count),
                                  (double *)PyArray_DATA(mean),
                                  (double *)PyArray_DATA(m2));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "interspike-interval moments (times must be finite and "
                          "sorted, indices in [0, n))");
        goto done;
    }
    result = PyTuple_Pack(3, count, mean, m2);

done:
    Py_XDECREF(t);
    Py_XDECREF(idx);
    Py_XDECREF(last);
    Py_XDECREF(count);
    Py_XDECREF(mean);
    Py_XDECREF(m2);
    return result;
}

/* ====================================================================== */
/* networks: LIF neurons driven through weighted synapses (nai_network)    */
/* ====================================================================== */

/* Neuron updates (steps x neurons, plus connections with course
 * depression) per call of nai_net_run: between calls the GIL is taken back
 * to check for Ctrl-C. */
#define NET_CHUNK_UPDATES ((size_t)1 << 23)

/* Grow both spike buffers to hold at least `need` events. */
static nai_status
net_grow_spikes(nai_spikes *sp, size_t need)
{
    size_t cap = sp->capacity < 1024 ? 1024 : 2 * sp->capacity;
    nai_status st;
    if (cap < need) {
        cap = need;
    }
    st = spike_buffers(cap, &sp->time, &sp->neuron);
    if (st == NAI_OK) {
        sp->capacity = cap;
    }
    return st;
}

/* A 2-D float64 array (rows, cols), C-contiguous; new reference or NULL. */
static PyArrayObject *
net_table(PyObject *obj, npy_intp rows, npy_intp cols, const char *name)
{
    PyArrayObject *a = as_input(obj, NPY_FLOAT64, 2, name);
    if (a != NULL && (PyArray_DIM(a, 0) != rows || PyArray_DIM(a, 1) != cols)) {
        PyErr_Format(PyExc_ValueError, "%s must have shape (%zd, %zd)", name,
                     (Py_ssize_t)rows, (Py_ssize_t)cols);
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

PyDoc_STRVAR(net_run_doc,
"net_run(method, syn, stp, dt, step0, n_steps, neurons, indptr, indices,\n"
"        weights, stp_params, v, y, ref_left, x, u, t_last, has_spiked,\n"
"        times, src, rec_n, rec_c, want, rec_every)\n"
"--\n\n"
"LIF neurons driven by spike trains through CSR weights (private; see\n"
"neuroai.SpikingNetwork).\n\n"
"method 0 exact / 1 Euler; syn 0 current / 1 conductance; stp 0 none /\n"
"1 Tsodyks-Markram / 2 course depression.  neurons: float64 (9, n) rows\n"
"tau_m, v_rest, v_reset, v_threshold, resistance, t_ref, i_ext, tau_syn,\n"
"e_syn.  indptr (n_src+1,), indices (n_conn,) int64; weights (n_conn,);\n"
"stp_params float64 (3, n_conn): U (or u), tau_rec, tau_fac.  State v, y\n"
"(n,), ref_left int64 (n,), x, u, t_last (n_conn,), has_spiked uint8\n"
"(n_conn,): copied, never modified.  times (k,) [ms] sorted, src (k,)\n"
"int64.  rec_n, rec_c: int64 neurons / connections to record; want: 4\n"
"flags (v, y, x, u); rec_every: record every k-th absolute step (traces\n"
"then have one row per recorded step).  Returns (v, y, ref_left, x, u, t_last, has_spiked,\n"
"spike_times, spike_neurons, v_trace, y_trace, x_trace, u_trace).");

static PyObject *
py_net_run(PyObject *self, PyObject *args)
{
    PyObject *nr_obj, *ip_obj, *ix_obj, *w_obj, *sp_obj, *v_obj, *y_obj, *rl_obj;
    PyObject *x_obj, *u_obj, *tl_obj, *hs_obj, *t_obj, *s_obj, *rn_obj, *rc_obj;
    PyArrayObject *nr = NULL, *ip = NULL, *ix = NULL, *w = NULL, *spp = NULL;
    PyArrayObject *v = NULL, *y = NULL, *rl = NULL, *x = NULL, *u = NULL;
    PyArrayObject *tl = NULL, *hs = NULL, *times = NULL, *src = NULL;
    PyArrayObject *rn = NULL, *rc = NULL;
    PyArrayObject *vtr = NULL, *ytr = NULL, *xtr = NULL, *utr = NULL;
    PyObject *spk = NULL, *result = NULL;
    nai_net_params p;
    nai_net_prop *pr = NULL;
    nai_net_state s;
    nai_spikes sp = {NULL, NULL, 0, 0};
    nai_status st;
    double dt;
    long long step0;
    Py_ssize_t n_steps;
    int method, syn, stp, want_v, want_y, want_x, want_u;
    Py_ssize_t rec_every;
    size_t n_rows;
    npy_intp n, n_src, n_conn, n_ev, n_rn, n_rc, dims[2];
    size_t i0, k0 = 0, chunk, per_step;

    (void)self;
    if (!PyArg_ParseTuple(args, "iiidLnOOOOOOOOOOOOOOOO(iiii)n:net_run", &method,
                          &syn, &stp, &dt, &step0, &n_steps, &nr_obj, &ip_obj,
                          &ix_obj, &w_obj, &sp_obj, &v_obj, &y_obj, &rl_obj, &x_obj,
                          &u_obj, &tl_obj, &hs_obj, &t_obj, &s_obj, &rn_obj, &rc_obj,
                          &want_v, &want_y, &want_x, &want_u, &rec_every)) {
        return NULL;
    }
    if (n_steps < 0 || step0 < 0 || rec_every < 1) {
        PyErr_SetString(PyExc_ValueError, "n_steps and step0 must be >= 0, rec_every >= 1");
        return NULL;
    }
    n_rows = nai_net_trace_rows((int64_t)step0, (size_t)n_steps, (size_t)rec_every);
    if ((v = as_owned_copy(v_obj, NPY_FLOAT64, "v")) == NULL) goto done;
    n = PyArray_DIM(v, 0);
    if ((ip = as_input(ip_obj, NPY_INT64, 1, "indptr")) == NULL) goto done;
    if (PyArray_DIM(ip, 0) < 1) {
        PyErr_SetString(PyExc_ValueError, "indptr must have length n_src + 1 >= 1");
        goto done;
    }
    n_src = PyArray_DIM(ip, 0) - 1;
    if ((ix = as_input(ix_obj, NPY_INT64, 1, "indices")) == NULL) goto done;
    n_conn = PyArray_DIM(ix, 0);
    if ((w = as_input(w_obj, NPY_FLOAT64, 1, "weights")) == NULL) goto done;
    if (!check_len(w, n_conn, "weights")) goto done;
    if (((const int64_t *)PyArray_DATA(ip))[n_src] != (int64_t)n_conn) {
        PyErr_SetString(PyExc_ValueError,
                        "indptr[-1] must equal the number of connections");
        goto done;
    }
    if ((nr = net_table(nr_obj, 9, n, "neurons")) == NULL) goto done;
    if ((spp = net_table(sp_obj, 3, stp ? n_conn : 0, "stp_params")) == NULL) goto done;
    if ((y = as_owned_copy(y_obj, NPY_FLOAT64, "y")) == NULL) goto done;
    if ((rl = as_owned_copy(rl_obj, NPY_INT64, "ref_left")) == NULL) goto done;
    if ((x = as_owned_copy(x_obj, NPY_FLOAT64, "x")) == NULL) goto done;
    if ((u = as_owned_copy(u_obj, NPY_FLOAT64, "u")) == NULL) goto done;
    if ((tl = as_owned_copy(tl_obj, NPY_FLOAT64, "t_last")) == NULL) goto done;
    if ((hs = as_owned_copy(hs_obj, NPY_UINT8, "has_spiked")) == NULL) goto done;
    if (!check_len(y, n, "y") || !check_len(rl, n, "ref_left")
        || !check_len(x, n_conn, "x") || !check_len(u, n_conn, "u")
        || !check_len(tl, n_conn, "t_last") || !check_len(hs, n_conn, "has_spiked")) {
        goto done;
    }
    if ((times = as_input(t_obj, NPY_FLOAT64, 1, "times")) == NULL) goto done;
    if ((src = as_input(s_obj, NPY_INT64, 1, "src")) == NULL) goto done;
    if (!check_len(src, PyArray_DIM(times, 0), "src")) goto done;
    if ((rn = as_input(rn_obj, NPY_INT64, 1, "rec_n")) == NULL) goto done;
    if ((rc = as_input(rc_obj, NPY_INT64, 1, "rec_c")) == NULL) goto done;
    n_ev = PyArray_DIM(times, 0);
    n_rn = PyArray_DIM(rn, 0);
    n_rc = PyArray_DIM(rc, 0);

    {
        const double *t9 = (const double *)PyArray_DATA(nr);
        const double *s3 = (const double *)PyArray_DATA(spp);
        p.n = (size_t)n;
        p.n_src = (size_t)n_src;
        p.method = method;
        p.syn = syn;
        p.stp = stp;
        p.tau_m = t9;
        p.v_rest = t9 + n;
        p.v_reset = t9 + 2 * n;
        p.v_threshold = t9 + 3 * n;
        p.resistance = t9 + 4 * n;
        p.t_ref = t9 + 5 * n;
        p.i_ext = t9 + 6 * n;
        p.tau_syn = t9 + 7 * n;
        p.e_syn = t9 + 8 * n;
        p.indptr = (const int64_t *)PyArray_DATA(ip);
        p.indices = (const int64_t *)PyArray_DATA(ix);
        p.weights = (const double *)PyArray_DATA(w);
        p.stp_u = stp ? s3 : NULL;
        p.stp_tau_rec = stp ? s3 + n_conn : NULL;
        p.stp_tau_fac = stp ? s3 + 2 * n_conn : NULL;
    }
    s.v = (double *)PyArray_DATA(v);
    s.y = (double *)PyArray_DATA(y);
    s.ref_left = (int64_t *)PyArray_DATA(rl);
    s.x = (double *)PyArray_DATA(x);
    s.u = (double *)PyArray_DATA(u);
    s.t_last = (double *)PyArray_DATA(tl);
    s.has_spiked = (uint8_t *)PyArray_DATA(hs);

    st = nai_net_check(&p, dt);
    if (st != NAI_OK) {
        set_nai_error(st, "network parameters or connectivity");
        goto done;
    }
    st = nai_net_check_events(&p, &s, dt, (int64_t)step0, (size_t)n_steps,
                              (size_t)n_ev, (const double *)PyArray_DATA(times),
                              (const int64_t *)PyArray_DATA(src));
    if (st == NAI_OK && (want_v || want_y)) {
        st = nai_check_indices((size_t)n_rn, (const int64_t *)PyArray_DATA(rn),
                               (size_t)n);
    }
    if (st == NAI_OK && stp && (want_x || want_u)) {
        st = nai_check_indices((size_t)n_rc, (const int64_t *)PyArray_DATA(rc),
                               (size_t)n_conn);
    }
    if (st != NAI_OK) {
        set_nai_error(st, "network input spikes or recorded indices");
        goto done;
    }
    dims[0] = (npy_intp)n_rows;
    dims[1] = want_v ? n_rn : 0;
    if ((vtr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    dims[1] = want_y ? n_rn : 0;
    if ((ytr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    dims[1] = stp && want_x ? n_rc : 0;
    if ((xtr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    dims[1] = stp && want_u ? n_rc : 0;
    if ((utr = (PyArrayObject *)PyArray_EMPTY(2, dims, NPY_FLOAT64, 0)) == NULL) goto done;
    pr = nai_net_prop_new((size_t)n, (size_t)n_conn);
    if (pr == NULL || net_grow_spikes(&sp, (size_t)n + 1) != NAI_OK) {
        PyErr_NoMemory();
        goto done;
    }
    nai_net_prepare(&p, dt, pr);

    per_step = (size_t)n + (stp == NAI_NET_STP_DEP ? (size_t)n_conn : 0) + 1;
    chunk = NET_CHUNK_UPDATES / per_step;
    if (chunk < 1) {
        chunk = 1;
    }
    i0 = 0;
    while (i0 < (size_t)n_steps) {
        const size_t len = (size_t)n_steps - i0 < chunk ? (size_t)n_steps - i0 : chunk;
        const int64_t s0 = (int64_t)step0 + (int64_t)i0;
        const double *tt = (const double *)PyArray_DATA(times);
        const int64_t *ii = (const int64_t *)PyArray_DATA(src);
        size_t k1 = spikes_before_step(tt, k0, (size_t)n_ev, dt, s0 + (int64_t)len);
        size_t steps_done = 0, events_done = 0;
        /* trace rows before this chunk */
        const size_t r0 = n_rows - nai_net_trace_rows(s0, (size_t)n_steps - i0,
                                                      (size_t)rec_every);
        Py_BEGIN_ALLOW_THREADS
        st = nai_net_run(&p, pr, &s, s0, len, k1 - k0, tt + k0, ii + k0,
                         (size_t)n_rn, (const int64_t *)PyArray_DATA(rn),
                         want_v ? (double *)PyArray_DATA(vtr) + r0 * (size_t)n_rn : NULL,
                         want_y ? (double *)PyArray_DATA(ytr) + r0 * (size_t)n_rn : NULL,
                         (size_t)n_rc, (const int64_t *)PyArray_DATA(rc),
                         stp && want_x ? (double *)PyArray_DATA(xtr) + r0 * (size_t)n_rc : NULL,
                         stp && want_u ? (double *)PyArray_DATA(utr) + r0 * (size_t)n_rc : NULL,
                         (size_t)rec_every, &sp, &steps_done, &events_done);
        Py_END_ALLOW_THREADS
        if (st == NAI_ERR_FULL) {
            if (net_grow_spikes(&sp, sp.count + (size_t)n + 1) != NAI_OK) {
                PyErr_NoMemory();
                goto done;
            }
        } else if (st != NAI_OK) {
            set_nai_error(st, "network run");
            goto done;
        }
        i0 += steps_done;
        k0 += events_done;
        if (PyErr_CheckSignals() < 0) goto done;
    }
    if ((spk = spikes_to_arrays(sp.time, sp.neuron, sp.count)) == NULL) goto done;
    result = Py_BuildValue("(OOOOOOOOOOOOO)", v, y, rl, x, u, tl, hs,
                           PyTuple_GET_ITEM(spk, 0), PyTuple_GET_ITEM(spk, 1),
                           vtr, ytr, xtr, utr);

done:
    nai_net_prop_free(pr);
    free(sp.time);
    free(sp.neuron);
    Py_XDECREF(nr);
    Py_XDECREF(ip);
    Py_XDECREF(ix);
    Py_XDECREF(w);
    Py_XDECREF(spp);
    Py_XDECREF(v);
    Py_XDECREF(y);
    Py_XDECREF(rl);
    Py_XDECREF(x);
    Py_XDECREF(u);
    Py_XDECREF(tl);
    Py_XDECREF(hs);
    Py_XDECREF(times);
    Py_XDECREF(src);
    Py_XDECREF(rn);
    Py_XDECREF(rc);
    Py_XDECREF(vtr);
    Py_XDECREF(ytr);
    Py_XDECREF(xtr);
    Py_XDECREF(utr);
    Py_XDECREF(spk);
    return result;
}

/* ====================================================================== */
/* module                                                                  */
/* ====================================================================== */

static PyMethodDef core_methods[] = {
    {"lif_run", (PyCFunction)(void (*)(void))py_lif_run,
     METH_VARARGS | METH_KEYWORDS, lif_run_doc},
    {"activation", (PyCFunction)py_activation, METH_VARARGS, activation_doc},
    {"perceptron_forward", (PyCFunction)py_perceptron_forward, METH_VARARGS,
     perceptron_forward_doc},
    {"perceptron_fit", (PyCFunction)py_perceptron_fit, METH_VARARGS,
     perceptron_fit_doc},
    {"synapse_run", (PyCFunction)py_synapse_run, METH_VARARGS, synapse_run_doc},
    {"stp_tm_run", (PyCFunction)py_stp_tm_run, METH_VARARGS, stp_tm_run_doc},
    {"stp_course_run", (PyCFunction)py_stp_course_run, METH_VARARGS,
     stp_course_run_doc},
    {"spikegen_regular", (PyCFunction)py_spikegen_regular, METH_VARARGS,
     spikegen_regular_doc},
    {"spikegen_poisson", (PyCFunction)py_spikegen_poisson, METH_VARARGS,
     spikegen_poisson_doc},
    {"analysis_group", (PyCFunction)py_analysis_group, METH_VARARGS,
     analysis_group_doc},
    {"analysis_isi_moments", (PyCFunction)py_analysis_isi_moments, METH_VARARGS,
     analysis_isi_moments_doc},
    {"net_run", (PyCFunction)py_net_run, METH_VARARGS, net_run_doc},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "neuroai._core",
    .m_doc = "C kernels of neuroai (private: use the neuroai package).",
    .m_size = -1,
    .m_methods = core_methods,
};

PyMODINIT_FUNC
PyInit__core(void)
{
    import_array();
    nai_cpu_init();          /* the kernels' instruction set, chosen once */
    return PyModule_Create(&core_module);
}
