/*
 * nai_module.c -- neuroai._core, the only file that speaks Python.
 *
 * Each function converts its arguments (the O& converters below), checks
 * shapes, hands raw pointers to one C stepping object or kernel and turns
 * its nai_status into an exception.  Friendly validation (units, allowed
 * ranges, the fix) is done by the Python layer before it calls in here; the
 * checks here only keep a bad call from touching memory it does not own.
 * How a run is cut into chunks, shared among threads and how its spike
 * buffers grow is decided in C (nai_sim.h); run_sim() below is the one loop
 * that steps a run with the GIL released and checks for Ctrl-C in between.
 *
 * Every function takes keywords.  Model parameters travel one way: a
 * float64 table whose rows are named by the exported constants (LIF_TAU_M,
 * ..., and the tuples LIF_PARAMS, ... listing the row names in order).
 *
 * Conventions (STYLE.md rules 8-10): every PyObject local starts NULL; after
 * the first owned reference every failure jumps to the single `done:` label,
 * which releases everything; `result` stays NULL unless it was built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>                    /* madvise: huge pages for large outputs */
#endif

#include "nai_analysis.h"
#include "nai_circuit.h"
#include "nai_connect.h"
#include "nai_core.h"
#include "nai_cpu.h"
#include "nai_hopfield.h"
#include "nai_lif.h"
#include "nai_perceptron.h"
#include "nai_sim.h"
#include "nai_spikegen.h"
#include "nai_stdp_course.h"
#include "nai_stp.h"
#include "nai_synapse.h"

/* The binding's interface version: bump it whenever a function's signature,
 * a table layout or a constant changes, so that neuroai/__init__.py refuses a
 * stale build instead of calling it with the wrong arguments. */
#define NAI_ABI_VERSION 7

/* The sources' hash, stamped by setup.py (see core_source_hash there). */
#ifndef NAI_SOURCE_HASH
#define NAI_SOURCE_HASH "unknown"
#endif

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

/*
 * Keyword arguments at positional speed.  PyArg_ParseTupleAndKeywords looks
 * every keyword up by a C string, which costs about 0.1 us per argument, as
 * much as the one-neuron kernel's whole setup.  Each function is instead
 * called with METH_FASTCALL | METH_KEYWORDS; gather_args() puts the
 * positional and keyword arguments in parameter order (interned names,
 * compared by pointer first) into a new tuple that PyArg_ParseTuple then
 * converts as if every argument had been given by position.
 */
#define MAX_ARGS 40

typedef struct arg_names {
    const char *func;            /* for messages */
    const char *const *names;    /* parameter names, NULL-terminated */
    int n_required;              /* the first n_required have no default */
    PyObject *interned;          /* tuple of the names as interned str; lazily made */
} arg_names;

/* New tuple of the arguments in parameter order, up to the last given (and
 * at least the required ones); NULL with TypeError for an unknown, doubled
 * or missing argument. */
static PyObject *
gather_args(arg_names *an, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *slot[MAX_ARGS] = {NULL}, *t;
    Py_ssize_t n = 0, k, j, n_kw = kwnames != NULL ? PyTuple_GET_SIZE(kwnames) : 0;
    Py_ssize_t last = an->n_required;
    while (an->names[n] != NULL) {
        n++;
    }
    if (n > MAX_ARGS) {
        return PyErr_Format(PyExc_SystemError, "%s() has more than %d parameters",
                            an->func, MAX_ARGS);
    }
    if (an->interned == NULL) {
        if ((an->interned = PyTuple_New(n)) == NULL) return NULL;
        for (k = 0; k < n; k++) {
            PyObject *name = PyUnicode_InternFromString(an->names[k]);
            if (name == NULL) {
                Py_CLEAR(an->interned);
                return NULL;
            }
            PyTuple_SET_ITEM(an->interned, k, name);
        }
    }
    if (nargs > n) {
        return PyErr_Format(PyExc_TypeError, "%s() takes at most %zd arguments (%zd given)",
                            an->func, n, nargs);
    }
    for (k = 0; k < nargs; k++) {
        slot[k] = args[k];
    }
    for (j = 0; j < n_kw; j++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, j);
        for (k = 0; k < n && PyTuple_GET_ITEM(an->interned, k) != key; k++) {
        }
        if (k == n) {            /* an equal name that is not the interned object */
            for (k = 0; k < n && PyUnicode_Compare(PyTuple_GET_ITEM(an->interned, k), key);
                 k++) {
            }
        }
        if (k == n) {
            return PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'",
                                an->func, key);
        }
        if (slot[k] != NULL) {
            return PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'",
                                an->func, an->names[k]);
        }
        slot[k] = args[nargs + j];
        last = k + 1 > last ? k + 1 : last;
    }
    last = nargs > last ? nargs : last;
    for (k = 0; k < last; k++) {
        if (slot[k] == NULL) {
            return PyErr_Format(PyExc_TypeError, "%s() missing argument '%s' (pos %zd)",
                                an->func, an->names[k], k + 1);
        }
    }
    if ((t = PyTuple_New(last)) == NULL) return NULL;
    for (k = 0; k < last; k++) {
        Py_INCREF(slot[k]);
        PyTuple_SET_ITEM(t, k, slot[k]);
    }
    return t;
}

/* The signature every binding function has. */
#define CORE_ARGS PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames

/* The error of a stepping object's _new: NAI_ERR_PARAM names what the
 * parameters are, NAI_ERR_SHAPE what the arrays are.  GIL held. */
static void
set_new_error(nai_status st, const char *params, const char *arrays)
{
    set_nai_error(st, st == NAI_ERR_PARAM ? params : st == NAI_ERR_SHAPE ? arrays : "run");
}

/* The O& converters (scipy.ndimage's NI_ObjectToInputArray idea).  Each
 * stores a new reference in *(PyArrayObject **)out and returns 1, or
 * returns 0 with an exception set and *out NULL.  The caller owns what was
 * stored and releases it at `done:` even when a later argument fails. */
static int
convert(PyObject *obj, void *out, int typenum, int flags)
{
    /* An ndarray that already has the type and layout asked for is taken
     * (or copied) as it is: PyArray_FROM_OTF would return the same, after
     * a dtype discovery and cast lookup that cost more than a small run. */
    const int layout = flags & (NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED);
    if (PyArray_CheckExact(obj) && (flags & ~(layout | NPY_ARRAY_ENSURECOPY)) == 0) {
        PyArrayObject *a = (PyArrayObject *)obj;
        if (PyArray_TYPE(a) == typenum && PyArray_ISNOTSWAPPED(a)
                && (PyArray_FLAGS(a) & layout) == layout) {
            if ((flags & NPY_ARRAY_ENSURECOPY) && PyArray_IS_C_CONTIGUOUS(a)) {
                /* a plain byte copy: NewCopy would look up a cast first */
                PyArrayObject *c = (PyArrayObject *)PyArray_EMPTY(
                    PyArray_NDIM(a), PyArray_DIMS(a), typenum, 0);
                if (c != NULL) {
                    memcpy(PyArray_DATA(c), PyArray_DATA(a), (size_t)PyArray_NBYTES(a));
                }
                *(PyArrayObject **)out = c;
                return c != NULL;
            }
            if (flags & NPY_ARRAY_ENSURECOPY) {
                *(PyArrayObject **)out = (PyArrayObject *)PyArray_NewCopy(a, NPY_CORDER);
                return *(PyArrayObject **)out != NULL;
            }
            Py_INCREF(obj);
            *(PyArrayObject **)out = a;
            return 1;
        }
    }
    *(PyArrayObject **)out = (PyArrayObject *)PyArray_FROM_OTF(obj, typenum, flags);
    return *(PyArrayObject **)out != NULL;
}

/* Inputs: read-only, C-contiguous, aligned. */
static int
in_f64(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY);
}

static int
in_i64(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_INT64, NPY_ARRAY_IN_ARRAY);
}

/* State: a private copy that C updates in place and returns (the caller's
 * array is never modified). */
static int
copy_f64(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
}

static int
copy_i64(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_INT64, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
}

static int
copy_u8(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_UINT8, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
}

/* An input read in place through its strides (a broadcast view stays a
 * view); copied only when a stride is not a whole number of elements. */
static int
in_f64_strided(PyObject *obj, void *out)
{
    PyArrayObject *a;
    int i;
    if (!convert(obj, out, NPY_FLOAT64, NPY_ARRAY_ALIGNED)) {
        return 0;
    }
    a = *(PyArrayObject **)out;
    for (i = 0; i < PyArray_NDIM(a); i++) {
        if (PyArray_STRIDE(a, i) % (npy_intp)sizeof(double) != 0) {
            *(PyArrayObject **)out = (PyArrayObject *)PyArray_FROM_OTF(
                (PyObject *)a, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
            Py_DECREF(a);
            return *(PyArrayObject **)out != NULL;
        }
    }
    return 1;
}

/* 1 if a is 1-D of length n (any length for n < 0), else 0 with a
 * ValueError naming `name`. */
static int
check_1d(PyArrayObject *a, npy_intp n, const char *name)
{
    if (PyArray_NDIM(a) != 1) {
        PyErr_Format(PyExc_ValueError, "%s must be 1-dimensional, got %d", name,
                     PyArray_NDIM(a));
        return 0;
    }
    if (n >= 0 && PyArray_DIM(a, 0) != n) {
        PyErr_Format(PyExc_ValueError, "%s must have length %zd", name, (Py_ssize_t)n);
        return 0;
    }
    return 1;
}

/* 1 if a has shape (rows, cols) (any size where negative), else 0 with a
 * ValueError naming `name`. */
static int
check_2d(PyArrayObject *a, npy_intp rows, npy_intp cols, const char *name)
{
    if (PyArray_NDIM(a) != 2) {
        PyErr_Format(PyExc_ValueError, "%s must be 2-dimensional, got %d", name,
                     PyArray_NDIM(a));
        return 0;
    }
    if ((rows >= 0 && PyArray_DIM(a, 0) != rows) || (cols >= 0 && PyArray_DIM(a, 1) != cols)) {
        PyErr_Format(PyExc_ValueError, "%s must have shape (%zd, %zd), got (%zd, %zd)", name,
                     (Py_ssize_t)(rows >= 0 ? rows : PyArray_DIM(a, 0)),
                     (Py_ssize_t)(cols >= 0 ? cols : PyArray_DIM(a, 1)),
                     (Py_ssize_t)PyArray_DIM(a, 0), (Py_ssize_t)PyArray_DIM(a, 1));
        return 0;
    }
    return 1;
}

/*
 * Large outputs (traces, avalanche tables) take their memory from the C
 * library's allocator through a NumPy memory handler (NEP 49), as NumPy
 * itself did before 2.5.  NumPy 2.5 allocates through PyMem_RawMalloc, whose
 * debug hooks (python -X dev, PYTHONMALLOC=debug) fill every block when it
 * is allocated and again when it is freed: for a 2.4 GB trace that is 1.5 s
 * with the GIL held before the run starts and 0.3 s after Ctrl-C before the
 * KeyboardInterrupt arrives.  The C library maps a large block lazily, so
 * only the pages a run writes cost anything, in every mode.  Small arrays
 * keep NumPy's handler (and its cache of small blocks): setting a handler
 * costs more than their allocation.
 */
#define BIG_OUTPUT_BYTES ((npy_intp)1 << 24)    /* 16 MiB: a fill of a few ms */

/* Transparent huge pages for a large block, as NumPy's own handler asks
 * for them: a 2 MiB page faults in once instead of 512 times, and frees as
 * fast (NumPy does the same from 4 MiB on Linux). */
static void *
big_hugepages(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (p != NULL && size > 4096) {
        const size_t offset = 4096 - (size_t)((uintptr_t)p % 4096);
        (void)madvise((char *)p + offset, size - offset, MADV_HUGEPAGE);
    }
#else
    (void)size;
#endif
    return p;
}

static void *
big_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return big_hugepages(malloc(size > 0 ? size : 1), size);
}

static void *
big_calloc(void *ctx, size_t nelem, size_t elsize)
{
    (void)ctx;
    return big_hugepages(calloc(nelem > 0 ? nelem : 1, elsize > 0 ? elsize : 1),
                         nelem * elsize);
}

static void *
big_realloc(void *ctx, void *ptr, size_t new_size)
{
    (void)ctx;
    return big_hugepages(realloc(ptr, new_size > 0 ? new_size : 1), new_size);
}

static void
big_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

static PyDataMem_Handler big_handler = {
    "neuroai_libc", 1, {NULL, big_malloc, big_calloc, big_realloc, big_free}
};
static PyObject *big_handler_capsule = NULL;    /* made once, kept for the process */

/* A new uninitialised (d0, d1) array, or (d0,) when d1 < 0; NULL with
 * MemoryError (or ValueError from NumPy for a size beyond npy_intp). */
static PyArrayObject *
new_array(npy_intp d0, npy_intp d1, int typenum)
{
    npy_intp dims[2];
    PyObject *old, *back;
    PyArrayObject *arr;
    const npy_intp width = d1 < 0 ? 1 : d1;
    dims[0] = d0;
    dims[1] = d1;
    /* outputs hold elements of 8 B at most (float64, int64; uint8 counted
     * as 8 too, a bound no memory reaches): a size whose bytes npy_intp
     * cannot count is refused here, with the shape, before any product */
    if (d0 > 0 && width > 0 && d0 > NPY_MAX_INTP / width / 8) {
        if (d1 < 0) {
            PyErr_Format(PyExc_MemoryError, "an output array of %zd elements (up to 8 B "
                         "each) is beyond the addressable memory", (Py_ssize_t)d0);
        } else {
            PyErr_Format(PyExc_MemoryError, "an output array of %zd x %zd elements (up "
                         "to 8 B each) is beyond the addressable memory", (Py_ssize_t)d0,
                         (Py_ssize_t)d1);
        }
        return NULL;
    }
    if (d0 <= 0 || width <= 0 || d0 * width * 8 < BIG_OUTPUT_BYTES) {
        return (PyArrayObject *)PyArray_EMPTY(d1 < 0 ? 1 : 2, dims, typenum, 0);
    }
    if (big_handler_capsule == NULL
            && (big_handler_capsule = PyCapsule_New(&big_handler, "mem_handler", NULL)) == NULL) {
        return NULL;
    }
    if ((old = PyDataMem_SetHandler(big_handler_capsule)) == NULL) {
        return NULL;
    }
    arr = (PyArrayObject *)PyArray_EMPTY(d1 < 0 ? 1 : 2, dims, typenum, 0);
    back = PyDataMem_SetHandler(old);
    Py_DECREF(old);
    if (back == NULL) {
        Py_XDECREF(arr);
        return NULL;
    }
    Py_DECREF(back);
    return arr;
}

#define F64(a) ((double *)PyArray_DATA(a))
#define I64(a) ((int64_t *)PyArray_DATA(a))
#define U8(a) ((uint8_t *)PyArray_DATA(a))
#define LEN(a) ((size_t)PyArray_DIM(a, 0))

/* Step a run to its end: each step with the GIL released (pure C between
 * BEGIN and END), a pending signal checked between steps so that Ctrl-C
 * stops a long run within one step.  1 on success; 0 with an exception set
 * (the run's error, named by `what`, or KeyboardInterrupt). */
typedef nai_status (*sim_step_fn)(void *sim);

static int
run_sim(sim_step_fn step, void *sim, const char *what)
{
    nai_status st;
    do {
        Py_BEGIN_ALLOW_THREADS
        st = step(sim);
        Py_END_ALLOW_THREADS
        if (st != NAI_OK && st != NAI_MORE) {
            set_nai_error(st, what);
            return 0;
        }
        if (PyErr_CheckSignals() < 0) {
            return 0;                /* KeyboardInterrupt: the run is discarded */
        }
    } while (st == NAI_MORE);
    return 1;
}

/* run_sim, telling progress (a Python callable, or None) the steps done
 * after each step: a step is a chunk of milliseconds, so the call costs
 * about a microsecond in that time; the callable throttles its own output.
 * An exception it raises ends the run like Ctrl-C. */
static int
run_sim_progress(sim_step_fn step, void *sim, const char *what, PyObject *progress,
                 size_t (*steps_done)(const void *))
{
    nai_status st;
    if (progress == Py_None) {
        return run_sim(step, sim, what);
    }
    do {
        PyObject *r;
        Py_BEGIN_ALLOW_THREADS
        st = step(sim);
        Py_END_ALLOW_THREADS
        if (st != NAI_OK && st != NAI_MORE) {
            set_nai_error(st, what);
            return 0;
        }
        if (PyErr_CheckSignals() < 0) {
            return 0;
        }
        r = PyObject_CallFunction(progress, "n", (Py_ssize_t)steps_done(sim));
        if (r == NULL) {
            return 0;
        }
        Py_DECREF(r);
    } while (st == NAI_MORE);
    return 1;
}

static size_t circ_steps_done(const void *s)
{
    return nai_circ_sim_steps_done((const nai_circ_sim *)s);
}

/* The models' steps as sim_step_fn (calling through a cast function
 * pointer would be undefined). */
static nai_status step_lif(void *s) { return nai_lif_sim_step((nai_lif_sim *)s); }
static nai_status step_synapse(void *s) { return nai_synapse_sim_step((nai_synapse_sim *)s); }
static nai_status step_tm(void *s) { return nai_stp_tm_sim_step((nai_stp_tm_sim *)s); }
static nai_status step_course(void *s) { return nai_course_sim_step((nai_course_sim *)s); }
static nai_status step_circ(void *s) { return nai_circ_sim_step((nai_circ_sim *)s); }
static nai_status step_stdp_course(void *s)
{
    return nai_stdp_course_sim_step((nai_stdp_course_sim *)s);
}
static nai_status step_spikegen(void *s)
{
    return nai_spikegen_sim_step((nai_spikegen_sim *)s);
}
static nai_status step_perceptron(void *s)
{
    return nai_perceptron_sim_step((nai_perceptron_sim *)s);
}

/* (times, index) arrays holding the spikes of sp; new reference or NULL. */
static PyObject *
spikes_to_arrays(const nai_spikes *sp)
{
    PyArrayObject *times = NULL, *index = NULL;
    PyObject *result = NULL;
    if ((times = new_array((npy_intp)sp->count, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((index = new_array((npy_intp)sp->count, -1, NPY_INT64)) == NULL) goto done;
    if (sp->count > 0) {
        memcpy(F64(times), sp->time, sp->count * sizeof(double));
        memcpy(I64(index), sp->neuron, sp->count * sizeof(int64_t));
    }
    result = PyTuple_Pack(2, times, index);

done:
    Py_XDECREF(times);
    Py_XDECREF(index);
    return result;
}

/* ====================================================================== */
/* LIF neurons (nai_lif)                                                   */
/* ====================================================================== */

/* Most spikes a run called with check_finite=1 may emit: beyond, the
 * caller's own checks estimate the memory first (a one-neuron slider run
 * emits hundreds). */
#define LIF_CHECKED_SPIKES 1000000

PyDoc_STRVAR(lif_run_doc,
"lif_run(current, dt, method, step0, state, ref_left, params, rec_idx,\n"
"        n_threads=1, check_finite=0)\n"
"--\n\n"
"Run N LIF neurons over T steps (private; see neuroai.LIFNeuron).\n\n"
"current: (T, N) float64 [nA], any strides (broadcast views are read in\n"
"place); method: METHOD_EXACT or METHOD_EULER; state: (2, N) float64, rows\n"
"v [mV] and t_free [ms]; ref_left: (N,) int64; params: (len(LIF_PARAMS), N)\n"
"float64, rows named by LIF_PARAMS; rec_idx: distinct int64 indices of the\n"
"neurons whose V to record.  Inputs are copied, never modified.  Returns\n"
"(state, ref_left, offsets, spike_times, v_trace): the final state, the\n"
"spikes grouped by neuron (neuron j's are spike_times[offsets[j]:offsets[j+1]])\n"
"and the (T, len(rec_idx)) trace of V at the start of each step.  n_threads\n"
"splits large populations across threads; the result does not depend on it.\n"
"check_finite=1 first rejects a current holding NaN or inf, a run whose time\n"
"cannot advance (nai_lif_check_run) and one that may emit more than\n"
"LIF_CHECKED_SPIKES spikes (ValueError), for a caller that has not checked\n"
"them; such a caller runs its own checks (memory included) after a ValueError.");

static PyObject *
py_lif_run(CORE_ARGS)
{
    static const char *const names[] = {"current", "dt", "method", "step0", "state",
        "ref_left", "params", "rec_idx", "n_threads", "check_finite", NULL};
    static arg_names an = {"lif_run", names, 8, NULL};
    PyObject *targs = NULL;
    PyArrayObject *cur = NULL, *state = NULL, *ref = NULL, *par = NULL;
    PyArrayObject *rec = NULL, *trace = NULL, *offsets = NULL, *times = NULL;
    PyObject *result = NULL;
    nai_lif_sim *sim = NULL;
    nai_lif_params p;
    nai_lif_state s;
    nai_status st;
    double dt;
    int method, n_threads = 1, check_finite = 0;
    long long step0;
    npy_intp n;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&diLO&O&O&O&|ip:lif_run", in_f64_strided, &cur,
                &dt, &method, &step0, copy_f64, &state, copy_i64, &ref, in_f64, &par,
                in_i64, &rec, &n_threads, &check_finite)) {
        goto done;
    }
    if (!check_2d(cur, -1, -1, "current")) goto done;
    n = PyArray_DIM(cur, 1);
    if (!check_2d(state, 2, n, "state") || !check_1d(ref, n, "ref_left")
            || !check_2d(par, NAI_LIF_ROWS, n, "params") || !check_1d(rec, -1, "rec_idx")) {
        goto done;
    }
    nai_lif_from_table(F64(par), (size_t)n, &p);
    if (check_finite) {
        double bound;
        int finite = 1;
        st = nai_lif_check(&p, (size_t)n, dt);
        if (st == NAI_OK) {
            st = nai_lif_check_run(&p, (nai_method)method, (size_t)n, dt, (int64_t)step0,
                                   LEN(cur), F64(cur),
                                   PyArray_STRIDE(cur, 0) / (npy_intp)sizeof(double),
                                   PyArray_STRIDE(cur, 1) / (npy_intp)sizeof(double),
                                   &bound, &finite);
        }
        if (!finite) {
            PyErr_SetString(PyExc_ValueError, "current must be finite (it holds NaN or inf)");
            goto done;
        }
        if (st != NAI_OK) {
            set_nai_error(st, "LIF run (V_inf = v_rest + R I finite, spike times resolved)");
            goto done;
        }
        if (bound > (double)LIF_CHECKED_SPIKES) {
            /* PyErr_Format has no %g (Python 3.13 raises SystemError on it) */
            char bound_text[32];
            snprintf(bound_text, sizeof bound_text, "%.6g", bound);
            PyErr_Format(PyExc_ValueError, "LIF run: may emit up to %s spikes, more than "
                         "an unchecked call may (%d)", bound_text, (int)LIF_CHECKED_SPIKES);
            goto done;
        }
    }
    if ((trace = new_array(PyArray_DIM(cur, 0), PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) {
        goto done;
    }
    s.v = F64(state);
    s.t_free = F64(state) + n;
    s.ref_left = I64(ref);
    st = nai_lif_sim_new(&p, dt, (nai_method)method, (size_t)n, LEN(cur), (int64_t)step0,
                         F64(cur), PyArray_STRIDE(cur, 0) / (npy_intp)sizeof(double),
                         PyArray_STRIDE(cur, 1) / (npy_intp)sizeof(double), &s,
                         LEN(rec), I64(rec), F64(trace), n_threads, &sim);
    if (st != NAI_OK) {
        set_new_error(st, "LIF parameters or method, step0 (>= 0) or ref_left (>= 0)",
                      "rec_idx (distinct neuron indices in [0, N))");
        goto done;
    }
    if (!run_sim(step_lif, sim, "LIF simulation")) goto done;
    if ((offsets = new_array(n + 1, -1, NPY_INT64)) == NULL) goto done;
    if ((times = new_array((npy_intp)nai_lif_sim_spike_count(sim), -1, NPY_FLOAT64)) == NULL) {
        goto done;
    }
    st = nai_lif_sim_spikes(sim, I64(offsets), F64(times));
    if (st != NAI_OK) {
        set_nai_error(st, "LIF spike grouping");
        goto done;
    }
    result = PyTuple_Pack(5, state, ref, offsets, times, trace);

done:
    Py_XDECREF(targs);
    nai_lif_sim_free(sim);
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
"kind: ACT_SIGMOID, ACT_RELU, ACT_TANH or ACT_STEP.  Returns a new array of\n"
"z's shape.");

static PyObject *
py_activation(CORE_ARGS)
{
    static const char *const names[] = {"kind", "z", NULL};
    static arg_names an = {"activation", names, 2, NULL};
    PyObject *targs = NULL;
    PyArrayObject *z = NULL, *out = NULL;
    PyObject *result = NULL;
    nai_status st;
    int kind;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "iO&:activation", &kind, in_f64, &z)) {
        goto done;
    }
    out = (PyArrayObject *)PyArray_EMPTY(PyArray_NDIM(z), PyArray_DIMS(z), NPY_FLOAT64, 0);
    if (out == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_activation_apply((nai_activation)kind, F64(z), F64(out),
                              (size_t)PyArray_SIZE(z));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "activation");
        goto done;
    }
    result = (PyObject *)out;
    Py_INCREF(result);

done:
    Py_XDECREF(targs);
    Py_XDECREF(z);
    Py_XDECREF(out);
    return result;
}

PyDoc_STRVAR(perceptron_forward_doc,
"perceptron_forward(x, w, b, kind)\n--\n\n"
"f(x @ w.T + b) for x (batch, n_in), w (n_out, n_in), b (n_out,) (private).\n"
"kind as for activation.  Returns (batch, n_out).");

static PyObject *
py_perceptron_forward(CORE_ARGS)
{
    static const char *const names[] = {"x", "w", "b", "kind", NULL};
    static arg_names an = {"perceptron_forward", names, 4, NULL};
    PyObject *targs = NULL;
    PyArrayObject *x = NULL, *w = NULL, *b = NULL, *out = NULL;
    PyObject *result = NULL;
    nai_status st;
    int kind;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&O&i:perceptron_forward", in_f64, &x,
                in_f64, &w, in_f64, &b, &kind)) {
        goto done;
    }
    if (!check_2d(x, -1, -1, "x") || !check_2d(w, -1, -1, "w")) goto done;
    if (PyArray_DIM(w, 1) != PyArray_DIM(x, 1)) {
        PyErr_SetString(PyExc_ValueError, "x and w must have the same number of inputs");
        goto done;
    }
    if (!check_1d(b, PyArray_DIM(w, 0), "b")) goto done;
    if ((out = new_array(PyArray_DIM(x, 0), PyArray_DIM(w, 0), NPY_FLOAT64)) == NULL) {
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    st = nai_perceptron_forward(F64(x), LEN(x), (size_t)PyArray_DIM(x, 1), F64(w), F64(b),
                                LEN(w), (nai_activation)kind, F64(out));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "perceptron forward");
        goto done;
    }
    result = (PyObject *)out;
    Py_INCREF(result);

done:
    Py_XDECREF(targs);
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
py_perceptron_fit(CORE_ARGS)
{
    static const char *const names[] = {"x", "y", "w", "b", "max_epochs", "learning_rate",
        "shuffle", "seed", NULL};
    static arg_names an = {"perceptron_fit", names, 8, NULL};
    PyObject *targs = NULL;
    PyArrayObject *x = NULL, *y = NULL, *w = NULL, *errors = NULL;
    PyObject *result = NULL, *errs = NULL;
    nai_perceptron_sim *sim = NULL;
    nai_perceptron_fit_params p;
    nai_status st;
    double b;
    Py_ssize_t max_epochs;
    unsigned long long seed;
    int shuffle;
    npy_intp dims[1];

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&O&dndpK:perceptron_fit", in_f64, &x,
                in_f64, &y, copy_f64, &w, &b, &max_epochs, &p.learning_rate, &shuffle,
                &seed)) {
        goto done;
    }
    if (max_epochs < 1) {
        PyErr_SetString(PyExc_ValueError, "epochs must be >= 1");
        goto done;
    }
    if (!check_2d(x, -1, -1, "X") || !check_1d(y, PyArray_DIM(x, 0), "y")
            || !check_1d(w, PyArray_DIM(x, 1), "weights")) {
        goto done;
    }
    dims[0] = (npy_intp)max_epochs;
    if ((errors = (PyArrayObject *)PyArray_ZEROS(1, dims, NPY_INT64, 0)) == NULL) goto done;
    p.max_epochs = (size_t)max_epochs;
    p.shuffle = shuffle;
    p.seed = (uint64_t)seed;
    st = nai_perceptron_sim_new(&p, F64(x), F64(y), LEN(x), (size_t)PyArray_DIM(x, 1),
                                F64(w), &b, I64(errors), &sim);
    if (st != NAI_OK) {
        set_nai_error(st, "perceptron fit");
        goto done;
    }
    if (!run_sim(step_perceptron, sim, "perceptron fit")) goto done;
    errs = PySequence_GetSlice((PyObject *)errors, 0,
                               (Py_ssize_t)nai_perceptron_sim_epochs(sim));
    if (errs == NULL) goto done;
    result = Py_BuildValue("OdO", (PyObject *)w, b, errs);

done:
    Py_XDECREF(targs);
    nai_perceptron_sim_free(sim);
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

/* 1 if the (times, index, rec) triple every spike-driven run takes is 1-D
 * with one index per spike, else 0 with a ValueError. */
static int
check_spikes(PyArrayObject *times, PyArrayObject *index, PyArrayObject *rec)
{
    return check_1d(times, -1, "times") && check_1d(index, PyArray_DIM(times, 0), "index")
           && check_1d(rec, -1, "rec");
}

PyDoc_STRVAR(synapse_run_doc,
"synapse_run(y, times, index, rec, dt, step0, n_steps, method, params)\n"
"--\n\n"
"Exponential synapses on a grid (private; see neuroai.Synapse).\n\n"
"y: float64 (n,) state [nS or nA] (copied, never modified); times (k,)\n"
"[ms] sorted, index (k,) int64 synapse of each spike, every spike inside\n"
"steps [step0, step0 + n_steps); rec: int64 synapses to record; method\n"
"METHOD_EXACT or METHOD_EULER; params: float64 (len(EXPSYN_PARAMS),), rows\n"
"named by EXPSYN_PARAMS.  Returns (y_final, trace (n_steps, len(rec))).");

static PyObject *
py_synapse_run(CORE_ARGS)
{
    static const char *const names[] = {"y", "times", "index", "rec", "dt", "step0",
        "n_steps", "method", "params", NULL};
    static arg_names an = {"synapse_run", names, 9, NULL};
    PyObject *targs = NULL;
    PyArrayObject *y = NULL, *times = NULL, *index = NULL, *rec = NULL;
    PyArrayObject *par = NULL, *trace = NULL;
    PyObject *result = NULL;
    nai_synapse_sim *sim = NULL;
    nai_synapse_params p;
    nai_status st;
    double dt;
    int method;
    long long step0;
    Py_ssize_t n_steps;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&O&O&dLniO&:synapse_run", copy_f64, &y,
                in_f64, &times, in_i64, &index, in_i64, &rec, &dt, &step0, &n_steps,
                &method, in_f64, &par)) {
        goto done;
    }
    if (n_steps < 0) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0");
        goto done;
    }
    if (!check_1d(y, -1, "y") || !check_spikes(times, index, rec)
            || !check_1d(par, NAI_EXPSYN_ROWS, "params")) {
        goto done;
    }
    if ((trace = new_array(n_steps, PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) goto done;
    nai_expsyn_from_table(F64(par), &p);
    st = nai_synapse_sim_new(&p, (nai_method)method, dt, (int64_t)step0, (size_t)n_steps,
                             LEN(y), F64(y), LEN(times), F64(times), I64(index), LEN(rec),
                             I64(rec), F64(trace), &sim);
    if (st != NAI_OK) {
        set_new_error(st, "synapse parameters", "synapse spikes or recorded indices");
        goto done;
    }
    if (!run_sim(step_synapse, sim, "synapse run")) goto done;
    result = PyTuple_Pack(2, y, trace);

done:
    Py_XDECREF(targs);
    nai_synapse_sim_free(sim);
    Py_XDECREF(y);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(par);
    Py_XDECREF(trace);
    return result;
}

PyDoc_STRVAR(stp_tm_run_doc,
"stp_tm_run(x, u, t_last, has_spiked, times, index, rec, step0, n_steps, dt,\n"
"           params)\n"
"--\n\n"
"Tsodyks-Markram synapses, event-driven (private; see\n"
"neuroai.TsodyksMarkram).\n\n"
"State x, u, t_last (float64) and has_spiked (uint8), each (n,), copied,\n"
"never modified; times (k,) [ms] sorted, index (k,) int64; rec: int64\n"
"synapses whose x and u to sample at t_i = (step0 + i) * dt, i < n_steps;\n"
"params: float64 (len(TM_PARAMS),), rows named by TM_PARAMS.  Returns\n"
"(x, u, t_last, has_spiked, efficacy (k,), x_trace, u_trace), the traces of\n"
"shape (n_steps, len(rec)).");

static PyObject *
py_stp_tm_run(CORE_ARGS)
{
    static const char *const names[] = {"x", "u", "t_last", "has_spiked", "times", "index",
        "rec", "step0", "n_steps", "dt", "params", NULL};
    static arg_names an = {"stp_tm_run", names, 11, NULL};
    PyObject *targs = NULL;
    PyArrayObject *x = NULL, *u = NULL, *tl = NULL, *hs = NULL, *times = NULL;
    PyArrayObject *index = NULL, *rec = NULL, *par = NULL;
    PyArrayObject *eff = NULL, *xtr = NULL, *utr = NULL;
    PyObject *result = NULL;
    nai_stp_tm_sim *sim = NULL;
    nai_stp_tm_params p;
    nai_status st;
    double dt;
    long long step0;
    Py_ssize_t n_steps;
    npy_intp n;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&O&O&O&O&O&LndO&:stp_tm_run", copy_f64, &x,
                copy_f64, &u, copy_f64, &tl, copy_u8, &hs, in_f64, &times, in_i64,
                &index, in_i64, &rec, &step0, &n_steps, &dt, in_f64, &par)) {
        goto done;
    }
    if (n_steps < 0) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0");
        goto done;
    }
    n = PyArray_DIM(x, 0);
    if (!check_1d(x, -1, "x") || !check_1d(u, n, "u") || !check_1d(tl, n, "t_last")
            || !check_1d(hs, n, "has_spiked") || !check_spikes(times, index, rec)
            || !check_1d(par, NAI_TM_ROWS, "params")) {
        goto done;
    }
    if ((eff = new_array(PyArray_DIM(times, 0), -1, NPY_FLOAT64)) == NULL) goto done;
    if ((xtr = new_array(n_steps, PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) goto done;
    if ((utr = new_array(n_steps, PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) goto done;
    nai_tm_from_table(F64(par), &p);
    st = nai_stp_tm_sim_new(&p, (size_t)n, F64(x), F64(u), F64(tl), U8(hs), LEN(times),
                            F64(times), I64(index), F64(eff), (int64_t)step0,
                            (size_t)n_steps, dt, LEN(rec), I64(rec), F64(xtr), F64(utr),
                            &sim);
    if (st != NAI_OK) {
        set_new_error(st, "Tsodyks-Markram parameters (and dt must be > 0 and finite "
                          "with traces)", "Tsodyks-Markram recorded indices");
        goto done;
    }
    if (!run_sim(step_tm, sim, "Tsodyks-Markram spikes (times finite and sorted, indices "
                               "in [0, n), none before its synapse's last spike t_last)")) {
        goto done;
    }
    result = PyTuple_Pack(7, x, u, tl, hs, eff, xtr, utr);

done:
    Py_XDECREF(targs);
    nai_stp_tm_sim_free(sim);
    Py_XDECREF(x);
    Py_XDECREF(u);
    Py_XDECREF(tl);
    Py_XDECREF(hs);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(par);
    Py_XDECREF(eff);
    Py_XDECREF(xtr);
    Py_XDECREF(utr);
    return result;
}

PyDoc_STRVAR(stp_course_run_doc,
"stp_course_run(kind, g, s, times, index, rec, dt, step0, n_steps, method,\n"
"               params)\n"
"--\n\n"
"The course's depressing (kind COURSE_DEP: params rows named by DEP_PARAMS)\n"
"or facilitating (kind COURSE_FAC: rows named by FAC_PARAMS) synapses on a\n"
"grid (private; see neuroai.DepressingSynapse).\n\n"
"g [nS] and s (x or u) are float64 (n,), copied, never modified; spikes as\n"
"for synapse_run.  Returns (g, s, efficacy (k,), g_trace, s_trace), the\n"
"traces of shape (n_steps, len(rec)).");

static PyObject *
py_stp_course_run(CORE_ARGS)
{
    static const char *const names[] = {"kind", "g", "s", "times", "index", "rec", "dt",
        "step0", "n_steps", "method", "params", NULL};
    static arg_names an = {"stp_course_run", names, 11, NULL};
    PyObject *targs = NULL;
    PyArrayObject *g = NULL, *s = NULL, *times = NULL, *index = NULL, *rec = NULL;
    PyArrayObject *par = NULL, *eff = NULL, *gtr = NULL, *str = NULL;
    PyObject *result = NULL;
    nai_course_sim *sim = NULL;
    nai_stp_dep_params dep;
    nai_stp_fac_params fac;
    nai_status st;
    double dt;
    int kind, method;
    long long step0;
    Py_ssize_t n_steps;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "iO&O&O&O&O&dLniO&:stp_course_run", &kind,
                copy_f64, &g, copy_f64, &s, in_f64, &times, in_i64, &index, in_i64,
                &rec, &dt, &step0, &n_steps, &method, in_f64, &par)) {
        goto done;
    }
    if (n_steps < 0 || (kind != NAI_COURSE_DEP && kind != NAI_COURSE_FAC)) {
        PyErr_SetString(PyExc_ValueError, "n_steps must be >= 0 and kind COURSE_DEP or "
                                          "COURSE_FAC");
        goto done;
    }
    if (!check_1d(g, -1, "g") || !check_1d(s, PyArray_DIM(g, 0), "s")
            || !check_spikes(times, index, rec)
            || !check_1d(par, kind == NAI_COURSE_DEP ? NAI_DEP_ROWS : NAI_FAC_ROWS, "params")) {
        goto done;
    }
    if ((eff = new_array(PyArray_DIM(times, 0), -1, NPY_FLOAT64)) == NULL) goto done;
    if ((gtr = new_array(n_steps, PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) goto done;
    if ((str = new_array(n_steps, PyArray_DIM(rec, 0), NPY_FLOAT64)) == NULL) goto done;
    if (kind == NAI_COURSE_DEP) {
        nai_dep_from_table(F64(par), &dep);
    } else {
        nai_fac_from_table(F64(par), &fac);
    }
    st = nai_course_sim_new((nai_course_kind)kind, kind == NAI_COURSE_DEP ? &dep : NULL,
                            kind == NAI_COURSE_FAC ? &fac : NULL, (nai_method)method, dt,
                            (int64_t)step0, (size_t)n_steps, LEN(g), F64(g), F64(s),
                            LEN(times), F64(times), I64(index), F64(eff), LEN(rec),
                            I64(rec), F64(gtr), F64(str), &sim);
    if (st != NAI_OK) {
        set_new_error(st, "synapse parameters", "synapse spikes or recorded indices");
        goto done;
    }
    if (!run_sim(step_course, sim, "synapse run")) goto done;
    result = PyTuple_Pack(5, g, s, eff, gtr, str);

done:
    Py_XDECREF(targs);
    nai_course_sim_free(sim);
    Py_XDECREF(g);
    Py_XDECREF(s);
    Py_XDECREF(times);
    Py_XDECREF(index);
    Py_XDECREF(rec);
    Py_XDECREF(par);
    Py_XDECREF(eff);
    Py_XDECREF(gtr);
    Py_XDECREF(str);
    return result;
}

/* ---------------------------------------------------------------------- */
/* the public course's LIFWithSynapse (nai_stp_course_lif_run)             */
/* ---------------------------------------------------------------------- */

PyDoc_STRVAR(stp_course_lif_run_doc,
"stp_course_lif_run(v, g, x, ref_left, times, dt, step0, n_steps, params)\n"
"--\n\n"
"The course's LIF neuron behind one depressing conductance synapse, the\n"
"course's mixed scheme (private; see neuroai.LIFWithSynapse(method=\"course\")).\n\n"
"State: v [mV], g [nS], x [1] (floats), ref_left [steps] (int); times (k,)\n"
"[ms] sorted, every one in steps [step0, step0 + n_steps); params: float64\n"
"(len(CLIF_PARAMS),), rows named by CLIF_PARAMS.  Returns (v, g, x,\n"
"ref_left, v_trace, g_trace, x_trace, fired), the traces float64 (n_steps,)\n"
"and fired uint8 (n_steps,).");

static PyObject *
py_stp_course_lif_run(CORE_ARGS)
{
    static const char *const names[] = {"v", "g", "x", "ref_left", "times", "dt", "step0",
        "n_steps", "params", NULL};
    static arg_names an = {"stp_course_lif_run", names, 9, NULL};
    PyObject *targs = NULL;
    PyArrayObject *times = NULL, *par = NULL;
    PyArrayObject *vtr = NULL, *gtr = NULL, *xtr = NULL, *fired = NULL;
    PyObject *result = NULL;
    nai_stp_course_lif_params p;
    nai_status st;
    double v, g, x, dt;
    long long ref_left, step0;
    int64_t ref;
    Py_ssize_t n_steps;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "dddLO&dLnO&:stp_course_lif_run", &v, &g, &x,
                &ref_left, in_f64, &times, &dt, &step0, &n_steps, in_f64, &par)) {
        goto done;
    }
    if (n_steps < 0 || ref_left < 0) {
        PyErr_SetString(PyExc_ValueError, "n_steps and ref_left must be >= 0");
        goto done;
    }
    if (!check_1d(times, -1, "times") || !check_1d(par, NAI_CLIF_ROWS, "params")) {
        goto done;
    }
    if ((vtr = new_array(n_steps, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((gtr = new_array(n_steps, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((xtr = new_array(n_steps, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((fired = new_array(n_steps, -1, NPY_UINT8)) == NULL) goto done;
    nai_stp_course_lif_from_table(F64(par), &p);
    ref = (int64_t)ref_left;
    Py_BEGIN_ALLOW_THREADS               /* pure C until END */
    st = nai_stp_course_lif_run(&p, dt, (int64_t)step0, (size_t)n_steps, &v, &g, &x, &ref,
                                LEN(times), F64(times), F64(vtr), F64(gtr), F64(xtr),
                                U8(fired));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_new_error(st, "LIFWithSynapse parameters or dt",
                      "input spike times (sorted, finite, inside the run)");
        goto done;
    }
    result = Py_BuildValue("dddLOOOO", v, g, x, (long long)ref, (PyObject *)vtr,
                           (PyObject *)gtr, (PyObject *)xtr, (PyObject *)fired);

done:
    Py_XDECREF(targs);
    Py_XDECREF(times);
    Py_XDECREF(par);
    Py_XDECREF(vtr);
    Py_XDECREF(gtr);
    Py_XDECREF(xtr);
    Py_XDECREF(fired);
    return result;
}

/* ---------------------------------------------------------------------- */
/* the public course's STDP neuron (nai_stdp_course)                       */
/* ---------------------------------------------------------------------- */

PyDoc_STRVAR(stdp_course_run_doc,
"stdp_course_run(v, y, x, w, ev_step, ev_index, n_steps, dt, step0, params,\n"
"                rec_every)\n"
"--\n\n"
"The course's LIFNeuronSTDP over n_steps steps of dt [ms] (private; see\n"
"neuroai.LIFNeuronSTDP).\n\n"
"State: v [mV] and y [1] (floats), x [1] and w [1] (n,) float64 (copied,\n"
"never modified); ev_step, ev_index: (k,) int64 input spikes, the step in\n"
"[0, n_steps) (non-decreasing) and the input in [0, n) (increasing within a\n"
"step); step0 >= 0 the absolute step of the first one, which sets the phase\n"
"of the record every rec_every (>= 1) steps; params: float64\n"
"(len(STDPC_PARAMS),), rows named by STDPC_PARAMS.  Returns (v, y, x, w,\n"
"v_trace, y_trace, fired, w_rec, x_rec): the final state, V [mV] and y after\n"
"each step (n_steps,), fired uint8 (n_steps,), and the weights and traces x\n"
"after each step whose absolute index is a multiple of rec_every,\n"
"(rows, n).  Runs in chunks with the GIL released, Ctrl-C between.");

static PyObject *
py_stdp_course_run(CORE_ARGS)
{
    static const char *const names[] = {"v", "y", "x", "w", "ev_step", "ev_index",
        "n_steps", "dt", "step0", "params", "rec_every", NULL};
    static arg_names an = {"stdp_course_run", names, 11, NULL};
    PyObject *targs = NULL;
    PyArrayObject *x = NULL, *w = NULL, *ev_step = NULL, *ev_index = NULL, *par = NULL;
    PyArrayObject *vtr = NULL, *ytr = NULL, *fired = NULL, *wrec = NULL, *xrec = NULL;
    PyObject *result = NULL;
    nai_stdp_course_sim *sim = NULL;
    nai_stdp_course_params p;
    nai_stdp_course_state s;
    nai_status st;
    double v, y, dt;
    long long step0;
    Py_ssize_t n_steps, rec_every;
    npy_intp n, rows;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "ddO&O&O&O&ndLO&n:stdp_course_run", &v, &y,
                copy_f64, &x, copy_f64, &w, in_i64, &ev_step, in_i64, &ev_index, &n_steps,
                &dt, &step0, in_f64, &par, &rec_every)) {
        goto done;
    }
    if (n_steps < 0 || step0 < 0 || rec_every < 1) {
        PyErr_SetString(PyExc_ValueError,
                        "n_steps and step0 must be >= 0 and rec_every >= 1");
        goto done;
    }
    if (!check_1d(x, -1, "x")) goto done;
    n = PyArray_DIM(x, 0);
    if (!check_1d(w, n, "w") || !check_1d(ev_step, -1, "ev_step")
            || !check_1d(ev_index, PyArray_DIM(ev_step, 0), "ev_index")
            || !check_1d(par, NAI_STDPC_ROWS, "params")) {
        goto done;
    }
    rows = (npy_intp)nai_stdp_course_rec_rows((int64_t)step0, (size_t)n_steps,
                                              (size_t)rec_every);
    if ((vtr = new_array(n_steps, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((ytr = new_array(n_steps, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((fired = new_array(n_steps, -1, NPY_UINT8)) == NULL) goto done;
    if ((wrec = new_array(rows, n, NPY_FLOAT64)) == NULL) goto done;
    if ((xrec = new_array(rows, n, NPY_FLOAT64)) == NULL) goto done;
    nai_stdp_course_from_table(F64(par), &p);
    s.v = v;
    s.y = y;
    s.x = F64(x);
    s.w = F64(w);
    st = nai_stdp_course_sim_new(&p, dt, (size_t)n, (int64_t)step0, (size_t)n_steps, &s,
                                 LEN(ev_step), I64(ev_step), I64(ev_index), F64(vtr),
                                 F64(ytr), U8(fired), (size_t)rec_every, F64(wrec),
                                 F64(xrec), &sim);
    if (st != NAI_OK) {
        set_nai_error(st, st == NAI_ERR_PARAM ? "LIFNeuronSTDP parameters, dt or state"
                      : st == NAI_ERR_SHAPE ? "input spikes (ev_step in [0, n_steps) "
                      "sorted, ev_index in [0, n) increasing within a step)" : "run");
        goto done;
    }
    if (!run_sim(step_stdp_course, sim, "LIFNeuronSTDP run")) goto done;
    result = Py_BuildValue("ddOOOOOOO", s.v, s.y, (PyObject *)x, (PyObject *)w,
                           (PyObject *)vtr, (PyObject *)ytr, (PyObject *)fired,
                           (PyObject *)wrec, (PyObject *)xrec);

done:
    nai_stdp_course_sim_free(sim);
    Py_XDECREF(targs);
    Py_XDECREF(x);
    Py_XDECREF(w);
    Py_XDECREF(ev_step);
    Py_XDECREF(ev_index);
    Py_XDECREF(par);
    Py_XDECREF(vtr);
    Py_XDECREF(ytr);
    Py_XDECREF(fired);
    Py_XDECREF(wrec);
    Py_XDECREF(xrec);
    return result;
}

PyDoc_STRVAR(spikegen_regular_doc,
"spikegen_regular(rate, start, stop)\n"
"--\n\n"
"Regular train at rate [Hz] in [start, stop) [ms] (private; see\n"
"neuroai.stimuli.regular).  Returns (times, index).");

static PyObject *
py_spikegen_regular(CORE_ARGS)
{
    static const char *const names[] = {"rate", "start", "stop", NULL};
    static arg_names an = {"spikegen_regular", names, 3, NULL};
    PyObject *targs = NULL;
    PyObject *result = NULL;
    nai_spikegen_sim *sim = NULL;
    double rate, start, stop;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "ddd:spikegen_regular", &rate, &start, &stop)) {
        goto done;
    }
    st = nai_spikegen_sim_new(0, &rate, 1, start, stop, 0, &sim);
    if (st != NAI_OK) {
        set_nai_error(st, "regular spike train");
        goto done;
    }
    if (!run_sim(step_spikegen, sim, "regular spike train")) goto done;
    result = spikes_to_arrays(nai_spikegen_sim_spikes(sim));

done:
    Py_XDECREF(targs);
    nai_spikegen_sim_free(sim);
    return result;
}

PyDoc_STRVAR(spikegen_poisson_doc,
"spikegen_poisson(rate, start, stop, seed)\n"
"--\n\n"
"Independent Poisson trains, rate: float64 (n,) [Hz], in [start, stop) [ms];\n"
"train j uses generator stream j of seed (private; see\n"
"neuroai.stimuli.poisson).  Returns (times, index), grouped by train.");

static PyObject *
py_spikegen_poisson(CORE_ARGS)
{
    static const char *const names[] = {"rate", "start", "stop", "seed", NULL};
    static arg_names an = {"spikegen_poisson", names, 4, NULL};
    PyObject *targs = NULL;
    PyArrayObject *rate = NULL;
    PyObject *result = NULL;
    nai_spikegen_sim *sim = NULL;
    double start, stop;
    unsigned long long seed;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&ddK:spikegen_poisson", in_f64, &rate, &start,
                &stop, &seed)) {
        goto done;
    }
    if (!check_1d(rate, -1, "rate")) goto done;
    st = nai_spikegen_sim_new(1, F64(rate), LEN(rate), start, stop, (uint64_t)seed, &sim);
    if (st != NAI_OK) {
        set_nai_error(st, "Poisson spike trains");
        goto done;
    }
    if (!run_sim(step_spikegen, sim, "Poisson spike trains")) goto done;
    result = spikes_to_arrays(nai_spikegen_sim_spikes(sim));

done:
    Py_XDECREF(targs);
    nai_spikegen_sim_free(sim);
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
py_analysis_group(CORE_ARGS)
{
    static const char *const names[] = {"indices", "n", NULL};
    static arg_names an = {"analysis_group", names, 2, NULL};
    PyObject *targs = NULL;
    PyArrayObject *idx = NULL, *offsets = NULL, *order = NULL;
    PyObject *result = NULL;
    Py_ssize_t n;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&n:analysis_group", in_i64, &idx, &n)) {
        goto done;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n (number of trains) must be >= 0");
        goto done;
    }
    if (!check_1d(idx, -1, "indices")) goto done;
    if ((offsets = new_array((npy_intp)n + 1, -1, NPY_INT64)) == NULL) goto done;
    if ((order = new_array(PyArray_DIM(idx, 0), -1, NPY_INT64)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_group(I64(idx), LEN(idx), (size_t)n, I64(offsets), I64(order));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "spike grouping (indices must be in [0, n))");
        goto done;
    }
    result = PyTuple_Pack(2, offsets, order);

done:
    Py_XDECREF(targs);
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
py_analysis_isi_moments(CORE_ARGS)
{
    static const char *const names[] = {"times", "indices", "n", NULL};
    static arg_names an = {"analysis_isi_moments", names, 3, NULL};
    PyObject *targs = NULL;
    PyArrayObject *t = NULL, *idx = NULL;
    PyArrayObject *last = NULL, *count = NULL, *mean = NULL, *m2 = NULL;
    PyObject *result = NULL;
    Py_ssize_t n;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&n:analysis_isi_moments", in_f64, &t,
                in_i64, &idx, &n)) {
        goto done;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n (number of trains) must be >= 0");
        goto done;
    }
    if (!check_1d(t, -1, "times") || !check_1d(idx, PyArray_DIM(t, 0), "indices")) goto done;
    if ((last = new_array(n, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((count = new_array(n, -1, NPY_INT64)) == NULL) goto done;
    if ((mean = new_array(n, -1, NPY_FLOAT64)) == NULL) goto done;
    if ((m2 = new_array(n, -1, NPY_FLOAT64)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_isi_moments(F64(t), I64(idx), LEN(t), (size_t)n, F64(last),
                                  I64(count), F64(mean), F64(m2));
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "interspike-interval moments (times must be finite and "
                          "sorted, indices in [0, n))");
        goto done;
    }
    result = PyTuple_Pack(3, count, mean, m2);

done:
    Py_XDECREF(targs);
    Py_XDECREF(t);
    Py_XDECREF(idx);
    Py_XDECREF(last);
    Py_XDECREF(count);
    Py_XDECREF(mean);
    Py_XDECREF(m2);
    return result;
}

/* ---------------------------------------------------------------------- */
/* coding and decoding: information, templates, avalanches (nai_analysis)  */
/* ---------------------------------------------------------------------- */

PyDoc_STRVAR(analysis_entropy_doc,
"analysis_entropy(counts)\n--\n\n"
"Entropy [bits] of a histogram (private; see neuroai.analysis.entropy).\n"
"counts: int64 (m,), >= 0, not all 0.  Returns (plug-in, Miller-Madow).");

static PyObject *
py_analysis_entropy(CORE_ARGS)
{
    static const char *const names[] = {"counts", NULL};
    static arg_names an = {"analysis_entropy", names, 1, NULL};
    PyObject *targs = NULL;
    PyArrayObject *c = NULL;
    PyObject *result = NULL;
    double h = 0.0, h_mm = 0.0;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&:analysis_entropy", in_i64, &c)) {
        goto done;
    }
    if (!check_1d(c, -1, "counts")) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_entropy(I64(c), LEN(c), &h, &h_mm);
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "entropy (counts must be >= 0 and not all 0)");
        goto done;
    }
    result = Py_BuildValue("dd", h, h_mm);

done:
    Py_XDECREF(targs);
    Py_XDECREF(c);
    return result;
}

PyDoc_STRVAR(analysis_mutual_info_doc,
"analysis_mutual_info(table)\n--\n\n"
"Mutual information [bits] of a joint count table (private; see\n"
"neuroai.analysis.mutual_information).  table: int64 (n_stimuli,\n"
"n_responses), >= 0, not all 0.  Returns (plug-in, Miller-Madow).");

static PyObject *
py_analysis_mutual_info(CORE_ARGS)
{
    static const char *const names[] = {"table", NULL};
    static arg_names an = {"analysis_mutual_info", names, 1, NULL};
    PyObject *targs = NULL;
    PyArrayObject *t = NULL;
    PyObject *result = NULL;
    double mi = 0.0, mi_mm = 0.0;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&:analysis_mutual_info", in_i64, &t)) {
        goto done;
    }
    if (!check_2d(t, -1, -1, "table")) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_mutual_info(I64(t), (size_t)PyArray_DIM(t, 0), (size_t)PyArray_DIM(t, 1),
                                  &mi, &mi_mm);
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "mutual information (counts must be >= 0 and not all 0)");
        goto done;
    }
    result = Py_BuildValue("dd", mi, mi_mm);

done:
    Py_XDECREF(targs);
    Py_XDECREF(t);
    return result;
}

PyDoc_STRVAR(analysis_centroid_decode_doc,
"analysis_centroid_decode(x_train, y_train, n_classes, x_test)\n--\n\n"
"Nearest-template decoding (private; see neuroai.analysis.TemplateDecoder).\n"
"x_train float64 (n, d), y_train int64 (n,) in [0, n_classes), x_test\n"
"float64 (m, d).  Returns (pred int64 (m,), centroids (n_classes, d),\n"
"count int64 (n_classes,)).");

static PyObject *
py_analysis_centroid_decode(CORE_ARGS)
{
    static const char *const names[] = {"x_train", "y_train", "n_classes", "x_test", NULL};
    static arg_names an = {"analysis_centroid_decode", names, 4, NULL};
    PyObject *targs = NULL;
    PyArrayObject *xtr = NULL, *ytr = NULL, *xte = NULL;
    PyArrayObject *pred = NULL, *cen = NULL, *cnt = NULL;
    PyObject *result = NULL;
    Py_ssize_t n_classes;
    size_t d;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&O&nO&:analysis_centroid_decode", in_f64, &xtr,
                in_i64, &ytr, &n_classes, in_f64, &xte)) {
        goto done;
    }
    if (n_classes < 1) {
        PyErr_SetString(PyExc_ValueError, "n_classes must be >= 1");
        goto done;
    }
    if (!check_2d(xtr, -1, -1, "x_train") || !check_1d(ytr, PyArray_DIM(xtr, 0), "y_train")
            || !check_2d(xte, -1, PyArray_DIM(xtr, 1), "x_test")) {
        goto done;
    }
    d = (size_t)PyArray_DIM(xtr, 1);
    if ((pred = new_array(PyArray_DIM(xte, 0), -1, NPY_INT64)) == NULL) goto done;
    if ((cen = new_array(n_classes, (npy_intp)d, NPY_FLOAT64)) == NULL) goto done;
    if ((cnt = new_array(n_classes, -1, NPY_INT64)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_centroid_fit(F64(xtr), I64(ytr), LEN(ytr), d, (size_t)n_classes,
                                   F64(cen), I64(cnt));
    if (st == NAI_OK) {
        st = nai_analysis_centroid_predict(F64(cen), I64(cnt), (size_t)n_classes, d,
                                           F64(xte), (size_t)PyArray_DIM(xte, 0), I64(pred));
    }
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_new_error(st, "decoder input (finite values, at least one training vector)",
                      "training labels (in [0, n_classes))");
        goto done;
    }
    result = PyTuple_Pack(3, pred, cen, cnt);

done:
    Py_XDECREF(targs);
    Py_XDECREF(xtr);
    Py_XDECREF(ytr);
    Py_XDECREF(xte);
    Py_XDECREF(pred);
    Py_XDECREF(cen);
    Py_XDECREF(cnt);
    return result;
}

PyDoc_STRVAR(analysis_avalanches_doc,
"analysis_avalanches(activity)\n--\n\n"
"Complete avalanches of binned activity (private; see\n"
"neuroai.analysis.avalanches).  activity: int64 (T,), >= 0.  Returns\n"
"(sizes, durations), int64.");

static PyObject *
py_analysis_avalanches(CORE_ARGS)
{
    static const char *const names[] = {"activity", NULL};
    static arg_names an = {"analysis_avalanches", names, 1, NULL};
    PyObject *targs = NULL;
    PyArrayObject *a = NULL, *sizes = NULL, *durs = NULL;
    PyObject *s_out = NULL, *d_out = NULL;
    PyObject *result = NULL;
    size_t n_found = 0;
    nai_status st;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&:analysis_avalanches", in_i64, &a)) {
        goto done;
    }
    if (!check_1d(a, -1, "activity")) goto done;
    if ((sizes = new_array((npy_intp)(LEN(a) / 2 + 1), -1, NPY_INT64)) == NULL) goto done;
    if ((durs = new_array((npy_intp)(LEN(a) / 2 + 1), -1, NPY_INT64)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    st = nai_analysis_avalanches(I64(a), LEN(a), I64(sizes), I64(durs), &n_found);
    Py_END_ALLOW_THREADS
    if (st != NAI_OK) {
        set_nai_error(st, "avalanches (activity counts must be >= 0)");
        goto done;
    }
    if ((s_out = PySequence_GetSlice((PyObject *)sizes, 0, (Py_ssize_t)n_found)) == NULL)
        goto done;
    if ((d_out = PySequence_GetSlice((PyObject *)durs, 0, (Py_ssize_t)n_found)) == NULL)
        goto done;
    result = PyTuple_Pack(2, s_out, d_out);

done:
    Py_XDECREF(targs);
    Py_XDECREF(a);
    Py_XDECREF(sizes);
    Py_XDECREF(durs);
    Py_XDECREF(s_out);
    Py_XDECREF(d_out);
    return result;
}

PyDoc_STRVAR(analysis_branching_doc,
"analysis_branching(sigma, n, max_steps, max_size, seed)\n--\n\n"
"n avalanches of the Poisson branching process (private; see\n"
"neuroai.analysis.branching_avalanches).  Returns (sizes, durations), int64\n"
"(n,); avalanche i from stream i of seed.  Runs in chunks, Ctrl-C between.");

/* Avalanches per chunk: about 1e7 units of work each (a chunk of cheap
 * avalanches is long, of capped ones short), so Ctrl-C is seen promptly. */
static size_t
branching_chunk(long long max_size)
{
    const double per = (double)max_size;
    return per >= 1e7 ? 1 : (size_t)(1e7 / per);
}

static PyObject *
py_analysis_branching(CORE_ARGS)
{
    static const char *const names[] = {"sigma", "n", "max_steps", "max_size", "seed", NULL};
    static arg_names an = {"analysis_branching", names, 5, NULL};
    PyObject *targs = NULL;
    PyArrayObject *sizes = NULL, *durs = NULL;
    PyObject *result = NULL;
    double sigma;
    Py_ssize_t n;
    long long max_steps, max_size;
    unsigned long long seed;
    PyObject *seed_obj = NULL;           /* borrowed from targs */
    size_t done_n = 0, chunk;
    nai_status st = NAI_OK;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "dnLLO!:analysis_branching", &sigma, &n, &max_steps,
                &max_size, &PyLong_Type, &seed_obj)) {
        goto done;
    }
    /* a negative seed is an OverflowError, not a silent wrap ("K" would wrap) */
    seed = PyLong_AsUnsignedLongLong(seed_obj);
    if (seed == (unsigned long long)-1 && PyErr_Occurred()) goto done;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n (number of avalanches) must be >= 0");
        goto done;
    }
    if ((sizes = new_array(n, -1, NPY_INT64)) == NULL) goto done;
    if ((durs = new_array(n, -1, NPY_INT64)) == NULL) goto done;
    chunk = branching_chunk(max_size < 1 ? 1 : max_size);
    do {
        const size_t k = (size_t)n - done_n < chunk ? (size_t)n - done_n : chunk;
        Py_BEGIN_ALLOW_THREADS
        st = nai_analysis_branching(sigma, (int64_t)max_steps, (int64_t)max_size,
                                    (uint64_t)seed, (uint64_t)done_n, k,
                                    I64(sizes) + done_n, I64(durs) + done_n);
        Py_END_ALLOW_THREADS
        if (st != NAI_OK) {
            set_nai_error(st, "branching process (0 <= sigma <= 20, max_steps >= 1, "
                              "max_size >= 1)");
            goto done;
        }
        done_n += k;
        if (PyErr_CheckSignals() < 0) goto done;
    } while (done_n < (size_t)n);
    result = PyTuple_Pack(2, sizes, durs);

done:
    Py_XDECREF(targs);
    Py_XDECREF(sizes);
    Py_XDECREF(durs);
    return result;
}

/* ====================================================================== */
/* circuits: populations, sources and projections (nai_circuit)            */
/* ====================================================================== */

/* The arrays of one circuit_run call. */
typedef struct circ_arrays {
    PyArrayObject *neurons, *pop, *blk_pop, *e_rev, *tau_syn, *src, *rate;
    PyArrayObject *times, *ev_src, *prj, *indptr, *indices, *weights, *delays, *stp;
    PyArrayObject *v, *y, *ref_left, *ring, *stp_state, *rec_n, *rec_y, *rec_c;
    PyArrayObject *v_tr, *y_tr, *x_tr, *u_tr, *counts;
    PyArrayObject *rules, *prj_rule, *plast, *post, *fired, *pre, *w_tr, *w_end;  /* STDP */
} circ_arrays;

static void
circ_arrays_release(circ_arrays *a)
{
    PyArrayObject **p = (PyArrayObject **)a;
    size_t k;
    for (k = 0; k < sizeof(*a) / sizeof(PyArrayObject *); k++) {
        Py_XDECREF(p[k]);
    }
}

/* 1 if every array has the shape the circuit implies, else 0 with a
 * ValueError naming the first that does not.  The tables' contents are
 * checked by nai_circ_check. */
static int
circ_check_shapes(const circ_arrays *a)
{
    npy_intp n, n_syn, n_conn;
    if (!check_1d(a->v, -1, "v") || !check_1d(a->y, -1, "y")
            || !check_1d(a->indices, -1, "indices")) {
        return 0;
    }
    n = PyArray_DIM(a->v, 0);
    n_syn = PyArray_DIM(a->y, 0);
    n_conn = PyArray_DIM(a->indices, 0);
    if (!check_2d(a->stp, NAI_CIRC_STP_ROWS, -1, "stp")) {
        return 0;
    }
    if (PyArray_DIM(a->stp, 1) != 0 && PyArray_DIM(a->stp, 1) != n_conn) {
        PyErr_SetString(PyExc_ValueError, "stp must have 0 or n_conn columns");
        return 0;
    }
    return check_2d(a->neurons, NAI_CIRC_ROWS, n, "neurons")
           && check_2d(a->pop, -1, NAI_CIRC_POP_COLS, "pop")
           && check_1d(a->blk_pop, -1, "blk_pop")
           && check_1d(a->e_rev, n_syn, "e_rev")
           && check_1d(a->tau_syn, n_syn, "tau_syn")
           && check_2d(a->src, -1, NAI_CIRC_SRC_COLS, "src")
           && check_1d(a->rate, -1, "rate")
           && check_1d(a->times, -1, "times") && check_1d(a->ev_src, LEN(a->times), "ev_src")
           && check_2d(a->prj, -1, NAI_CIRC_PRJ_COLS, "prj")
           && check_1d(a->indptr, -1, "indptr")
           && check_1d(a->weights, n_conn, "weights") && check_1d(a->delays, n_conn, "delays")
           && check_1d(a->ref_left, n, "ref_left")
           && check_2d(a->ring, -1, n_syn, "ring")
           && check_2d(a->stp_state, 3, PyArray_DIM(a->stp, 1), "stp_state")
           && check_1d(a->rec_n, -1, "rec_n") && check_1d(a->rec_y, -1, "rec_y")
           && check_1d(a->rec_c, -1, "rec_c")
           && check_2d(a->rules, -1, NAI_STDP_ROWS, "rules")
           && check_1d(a->prj_rule, PyArray_DIM(a->rules, 0) > 0 ? PyArray_DIM(a->prj, 0) : -1,
                       "prj_rule")
           && check_2d(a->plast, 3, PyArray_DIM(a->rules, 0) > 0 ? n_conn : -1, "plast_state")
           && check_2d(a->post, 5, -1, "post_state")
           && check_2d(a->pre, 2, -1, "pre_state")
           && check_2d(a->fired, -1, n, "fired");
}

PyDoc_STRVAR(circuit_run_doc,
"circuit_run(method, dt, step0, n_steps, seed, neurons, pop, blk_pop, e_rev,\n"
"            tau_syn, src, rate, times, ev_src, prj, indptr, indices, weights,\n"
"            delays, stp, v, y, ref_left, ring, stp_state, rec_n, rec_y, rec_c,\n"
"            rec_every, rate_bin, record_spikes, n_threads, progress=None,\n"
"            rules=None, prj_rule=None, plast_state=None, post_state=None,\n"
"            fired=None, pre_state=None)\n"
"--\n\n"
"Run a recurrent circuit (private; see neuroai.Circuit and csrc/nai_circuit.h).\n\n"
"neurons: float64 (len(CIRC_PARAMS), n); pop int64 (n_pop, 3) start, n, syn;\n"
"blk_pop int64 (n_blk,); e_rev, tau_syn (n_syn,); src int64\n"
"(n_srcpop, 3) start, n, kind (CIRC_TRAINS / CIRC_POISSON); rate (n_src,) [Hz];\n"
"times (k,) [ms] sorted, ev_src int64 (k,) train spikes of this run; prj int64\n"
"(n_prj, 5) pre_kind, pre, block, delay (CIRC_DELAY_PER_CONN: delays), stp;\n"
"indptr, indices, delays int64, weights float64: the projections' CSR arrays\n"
"one after the other; stp float64 (len(CIRC_STP_PARAMS), n_conn or 0).  State\n"
"v (n,), y (n_syn,), ref_left int64 (n,), ring (max_delay + 1, n_syn),\n"
"stp_state (3, n_conn or 0) rows x, u, t_last: copied, never modified.  rec_n,\n"
"rec_y, rec_c: neurons / receptor variables / connections (their x and u, with\n"
"STP) to record every rec_every-th absolute\n"
"step; rate_bin: spike counts per population in bins of that many steps (0:\n"
"none); record_spikes 0 stores no spikes.  Returns (v, y, ref_left, ring,\n"
"stp_state, spike_times, spike_neurons, v_trace, y_trace, x_trace, u_trace,\n"
"counts, plast_state, post_state, fired, w_trace, w_end, pre_state).\n"
"progress: None, or a callable given the steps done after each chunk of the\n"
"run.  STDP\n"
"(nai_plasticity.h; all or none): rules (n_rule, len(STDP_PARAMS)); prj_rule\n"
"int64 (n_prj,) rule or -1; state plast_state (3, n_conn) rows w, c, t_upd;\n"
"post_state (5, n_post_traces) rows t_last, k_after, k_before, n, t_n; fired\n"
"int64 (max plastic delay, n); pre_state (2, n_pre_traces) rows t_pre, k_plus\n"
"(the plastic projections' pre units, projection by projection); w_trace: the weights\n"
"of rec_c; w_end: every weight at the end of the run.");

static PyObject *
py_circuit_run(CORE_ARGS)
{
    static const char *const names[] = {"method", "dt", "step0", "n_steps", "seed",
        "neurons", "pop", "blk_pop", "e_rev", "tau_syn", "src", "rate", "times",
        "ev_src", "prj", "indptr", "indices", "weights", "delays", "stp", "v", "y",
        "ref_left", "ring", "stp_state", "rec_n", "rec_y", "rec_c", "rec_every",
        "rate_bin", "record_spikes", "n_threads", "progress", "rules", "prj_rule",
        "plast_state", "post_state", "fired", "pre_state", NULL};
    static arg_names an = {"circuit_run", names, 32, NULL};
    PyObject *targs = NULL, *spk = NULL, *result = NULL, *progress = Py_None;
    circ_arrays a;
    nai_circ_sim *sim = NULL;
    nai_circ_params p;
    nai_circ_state s;
    nai_status st;
    double dt;
    long long step0;
    unsigned long long seed;
    Py_ssize_t n_steps, rec_every, rate_bin, rows, n_bins;
    int method, record_spikes, n_threads, want_v, want_y, want_c, has_stp, has_rules;

    (void)self;
    memset(&a, 0, sizeof(a));
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs,
                "idLnKO&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&O&nnpi|OO&O&O&O&O&O&:circuit_run",
                &method, &dt, &step0, &n_steps, &seed, in_f64, &a.neurons, in_i64, &a.pop,
                in_i64, &a.blk_pop, in_f64, &a.e_rev, in_f64, &a.tau_syn, in_i64, &a.src,
                in_f64, &a.rate, in_f64, &a.times, in_i64, &a.ev_src, in_i64, &a.prj,
                in_i64, &a.indptr, in_i64, &a.indices, in_f64, &a.weights, in_i64,
                &a.delays, in_f64, &a.stp, copy_f64, &a.v, copy_f64, &a.y, copy_i64,
                &a.ref_left, copy_f64, &a.ring, copy_f64, &a.stp_state, in_i64, &a.rec_n,
                in_i64, &a.rec_y, in_i64, &a.rec_c, &rec_every, &rate_bin, &record_spikes,
                &n_threads, &progress, in_f64, &a.rules, in_i64, &a.prj_rule, copy_f64,
                &a.plast, copy_f64, &a.post, copy_i64, &a.fired, copy_f64, &a.pre)) {
        goto done;
    }
    /* no STDP given: empty tables and state */
    if ((a.rules == NULL
         && (a.rules = (PyArrayObject *)PyArray_ZEROS(
                 2, ((npy_intp[]){0, NAI_STDP_ROWS}), NPY_FLOAT64, 0)) == NULL)
        || (a.prj_rule == NULL && (a.prj_rule = new_array(0, -1, NPY_INT64)) == NULL)
        || (a.plast == NULL && (a.plast = new_array(3, 0, NPY_FLOAT64)) == NULL)
        || (a.pre == NULL && (a.pre = new_array(2, 0, NPY_FLOAT64)) == NULL)
        || (a.post == NULL && (a.post = new_array(5, 0, NPY_FLOAT64)) == NULL)
        || (a.fired == NULL
            && (a.fired = new_array(0, PyArray_DIM(a.v, 0), NPY_INT64)) == NULL)) {
        goto done;
    }
    if (progress != Py_None && !PyCallable_Check(progress)) {
        PyErr_SetString(PyExc_TypeError, "progress must be None or a callable of the steps done");
        goto done;
    }
    if (n_steps < 0 || step0 < 0 || rec_every < 1 || rate_bin < 0) {
        PyErr_SetString(PyExc_ValueError,
                        "n_steps and step0 must be >= 0, rec_every >= 1, rate_bin >= 0");
        goto done;
    }
    if (!circ_check_shapes(&a)) goto done;
    want_v = LEN(a.rec_n) > 0;
    want_y = LEN(a.rec_y) > 0;
    has_stp = PyArray_DIM(a.stp, 1) > 0;
    want_c = has_stp && LEN(a.rec_c) > 0;
    has_rules = PyArray_DIM(a.rules, 0) > 0;
    rows = (Py_ssize_t)nai_circ_trace_rows((int64_t)step0, (size_t)n_steps, (size_t)rec_every);
    /* ceil(n_steps / rate_bin) without n_steps + rate_bin - 1, which overflows */
    n_bins = rate_bin > 0 ? n_steps / rate_bin + (n_steps % rate_bin != 0) : 0;
    if ((a.v_tr = new_array(rows, LEN(a.rec_n), NPY_FLOAT64)) == NULL
            || (a.y_tr = new_array(rows, LEN(a.rec_y), NPY_FLOAT64)) == NULL
            || (a.x_tr = new_array(rows, want_c ? LEN(a.rec_c) : 0, NPY_FLOAT64)) == NULL
            || (a.u_tr = new_array(rows, want_c ? LEN(a.rec_c) : 0, NPY_FLOAT64)) == NULL
            || (a.w_tr = new_array(rows, has_rules ? LEN(a.rec_c) : 0, NPY_FLOAT64)) == NULL
            || (a.w_end = new_array(has_rules ? LEN(a.indices) : 0, -1, NPY_FLOAT64)) == NULL
            || (a.counts = (PyArrayObject *)PyArray_ZEROS(
                    2, ((npy_intp[]){n_bins, PyArray_DIM(a.pop, 0)}), NPY_INT64, 0)) == NULL) {
        goto done;
    }
    memset(&p, 0, sizeof(p));
    p.method = method;
    p.seed = (uint64_t)seed;
    p.n = LEN(a.v);
    p.n_pop = LEN(a.pop);
    p.pop = I64(a.pop);
    p.neurons = F64(a.neurons);
    p.n_blk = LEN(a.blk_pop);
    p.n_syn = LEN(a.y);
    p.blk_pop = I64(a.blk_pop);
    p.e_rev = F64(a.e_rev);
    p.tau_syn = F64(a.tau_syn);
    p.n_srcpop = LEN(a.src);
    p.n_src = LEN(a.rate);
    p.src = I64(a.src);
    p.rate = F64(a.rate);
    p.n_prj = LEN(a.prj);
    p.n_conn = LEN(a.indices);
    p.n_indptr = LEN(a.indptr);
    p.prj = I64(a.prj);
    p.indptr = I64(a.indptr);
    p.indices = I64(a.indices);
    p.weights = F64(a.weights);
    p.delays = I64(a.delays);
    p.stp = has_stp ? F64(a.stp) : NULL;
    s.v = F64(a.v);
    s.y = F64(a.y);
    s.ref_left = I64(a.ref_left);
    s.ring = F64(a.ring);
    s.ring_len = LEN(a.ring);
    s.x = has_stp ? F64(a.stp_state) : NULL;
    s.u = has_stp ? F64(a.stp_state) + p.n_conn : NULL;
    s.t_last = has_stp ? F64(a.stp_state) + 2 * p.n_conn : NULL;
    p.n_rule = LEN(a.rules);
    p.rules = has_rules ? F64(a.rules) : NULL;
    p.prj_rule = has_rules ? I64(a.prj_rule) : NULL;
    s.w = has_rules ? F64(a.plast) : NULL;
    s.c_elig = has_rules ? F64(a.plast) + p.n_conn : NULL;
    s.t_upd = has_rules ? F64(a.plast) + 2 * p.n_conn : NULL;
    s.pre_len = (size_t)PyArray_DIM(a.pre, 1);
    s.pre_t = F64(a.pre);
    s.pre_k = F64(a.pre) + s.pre_len;
    s.post_len = (size_t)PyArray_DIM(a.post, 1);
    s.post_t = F64(a.post);
    s.post_k = F64(a.post) + s.post_len;
    s.post_kb = F64(a.post) + 2 * s.post_len;
    s.post_n = F64(a.post) + 3 * s.post_len;
    s.post_td = F64(a.post) + 4 * s.post_len;
    s.fired = I64(a.fired);
    s.fired_len = LEN(a.fired);
    st = nai_circ_sim_new(&p, dt, &s, (int64_t)step0, (size_t)n_steps, LEN(a.times),
                          F64(a.times), I64(a.ev_src), LEN(a.rec_n), I64(a.rec_n),
                          want_v ? F64(a.v_tr) : NULL, LEN(a.rec_y), I64(a.rec_y),
                          want_y ? F64(a.y_tr) : NULL, LEN(a.rec_c), I64(a.rec_c),
                          want_c ? F64(a.x_tr) : NULL, want_c ? F64(a.u_tr) : NULL,
                          (size_t)rec_every, (size_t)rate_bin,
                          rate_bin > 0 ? I64(a.counts) : NULL, record_spikes, n_threads,
                          &sim);
    if (st == NAI_OK && has_rules && LEN(a.rec_c) > 0) {
        st = nai_circ_sim_record_weights(sim, F64(a.w_tr));
    }
    if (st != NAI_OK) {
        set_new_error(st, "circuit parameters",
                      "circuit tables, state, input spikes or recorded indices");
        goto done;
    }
    if (!run_sim_progress(step_circ, sim, "circuit run", progress, circ_steps_done)) goto done;
    if ((spk = spikes_to_arrays(nai_circ_sim_spikes(sim))) == NULL) goto done;
    if (has_rules) {
        nai_circ_weights_at(&p, &s, (double)(step0 + n_steps) * dt, F64(a.w_end));
    }
    result = Py_BuildValue("(OOOOOOOOOOOOOOOOOO)", a.v, a.y, a.ref_left, a.ring, a.stp_state,
                           PyTuple_GET_ITEM(spk, 0), PyTuple_GET_ITEM(spk, 1), a.v_tr,
                           a.y_tr, a.x_tr, a.u_tr, a.counts, a.plast, a.post, a.fired,
                           a.w_tr, a.w_end, a.pre);

done:
    Py_XDECREF(targs);
    nai_circ_sim_free(sim);
    circ_arrays_release(&a);
    Py_XDECREF(spk);
    return result;
}

/* ====================================================================== */
/* connectivity rules and weight distributions (nai_connect)               */
/* ====================================================================== */

/* Phase 1 or 2 of a build with the GIL released per step and a signal
 * check between steps; 1 on success, 0 with an exception set. */
static int
connect_steps(nai_connect *c, int64_t *indptr, int64_t *indices, int fill)
{
    nai_status st;
    do {
        Py_BEGIN_ALLOW_THREADS
        st = fill ? nai_connect_fill(c, indptr, indices, NAI_CONNECT_STEP)
                  : nai_connect_count(c, indptr, NAI_CONNECT_STEP);
        Py_END_ALLOW_THREADS
        if (st != NAI_OK && st != NAI_MORE) {
            set_nai_error(st, "connectivity rule");
            return 0;
        }
        if (PyErr_CheckSignals() < 0) {
            return 0;                /* KeyboardInterrupt: the build is discarded */
        }
    } while (st == NAI_MORE);
    return 1;
}

PyDoc_STRVAR(connect_build_doc,
"connect_build(rule, n_pre, n_post, autapses, p, k, seed)\n"
"--\n\n"
"Connections of one projection by a seeded rule (private; see\n"
"neuroai.connectivity).  rule: CONNECT_*; p: probability (fixed_probability);\n"
"k: degree (fixed_indegree, fixed_outdegree) or count (fixed_total); seed:\n"
"uint64.  Returns (indptr (n_pre + 1,), indices) int64 CSR, rows = pre,\n"
"sorted within each row.");

static PyObject *
py_connect_build(CORE_ARGS)
{
    static const char *const names[] = {"rule", "n_pre", "n_post", "autapses", "p", "k",
        "seed", NULL};
    static arg_names an = {"connect_build", names, 7, NULL};
    PyObject *targs = NULL, *result = NULL;
    PyArrayObject *indptr = NULL, *indices = NULL;
    nai_connect *c = NULL;
    nai_connect_params p;
    nai_status st;
    int rule, autapses;
    long long n_pre, n_post, k;
    unsigned long long seed;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "iLLpdLK:connect_build", &rule, &n_pre, &n_post,
                &autapses, &p.p, &k, &seed)) {
        goto done;
    }
    p.rule = (nai_connect_rule)rule;
    p.n_pre = (int64_t)n_pre;
    p.n_post = (int64_t)n_post;
    p.autapses = autapses;
    p.k = (int64_t)k;
    p.seed = (uint64_t)seed;
    st = nai_connect_new(&p, &c);
    if (st != NAI_OK) {
        set_nai_error(st, st == NAI_ERR_PARAM
            ? "connectivity rule (sizes >= 0, p in [0, 1], k >= 0 and no more than the "
              "allowed partners or pairs, one_to_one on equal sizes with autapses)"
            : "connectivity rule");
        goto done;
    }
    if ((indptr = new_array((npy_intp)n_pre + 1, -1, NPY_INT64)) == NULL) goto done;
    if (!connect_steps(c, I64(indptr), NULL, 0)) goto done;
    if ((indices = new_array((npy_intp)I64(indptr)[n_pre], -1, NPY_INT64)) == NULL) goto done;
    if (!connect_steps(c, I64(indptr), I64(indices), 1)) goto done;
    result = PyTuple_Pack(2, indptr, indices);

done:
    Py_XDECREF(targs);
    nai_connect_free(c);
    Py_XDECREF(indptr);
    Py_XDECREF(indices);
    return result;
}

PyDoc_STRVAR(dist_sample_doc,
"dist_sample(kind, a, b, low, high, n, seed)\n"
"--\n\n"
"n float64 values of a seeded distribution (private; see\n"
"neuroai.connectivity).  kind: DIST_*; (a, b) = value (constant), (low,\n"
"high) (uniform), (mean, std) truncated to [low, high] (normal), (mu, sigma)\n"
"(lognormal).");

static PyObject *
py_dist_sample(CORE_ARGS)
{
    static const char *const names[] = {"kind", "a", "b", "low", "high", "n", "seed", NULL};
    static arg_names an = {"dist_sample", names, 7, NULL};
    PyObject *targs = NULL, *result = NULL;
    PyArrayObject *out = NULL;
    nai_dist_params p;
    nai_dist_sampler s;
    int kind;
    Py_ssize_t n, got = 0;
    unsigned long long seed;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "iddddnK:dist_sample", &kind, &p.a, &p.b, &p.low,
                &p.high, &n, &seed)) {
        goto done;
    }
    p.kind = (nai_dist_kind)kind;
    if (n < 0 || nai_dist_check(&p) != NAI_OK) {
        PyErr_SetString(PyExc_ValueError, "distribution parameters (n >= 0; values finite, "
                        "std and sigma >= 0, low <= high)");
        goto done;
    }
    if ((out = new_array(n, -1, NPY_FLOAT64)) == NULL) goto done;
    nai_dist_start(&s, &p, (uint64_t)seed);
    while (got < n) {
        size_t done_now;
        Py_BEGIN_ALLOW_THREADS
        nai_dist_sample(&s, F64(out) + got, (size_t)(n - got), NAI_DIST_STEP, &done_now);
        Py_END_ALLOW_THREADS
        got += (Py_ssize_t)done_now;
        if (PyErr_CheckSignals() < 0) goto done;
    }
    result = (PyObject *)out;
    out = NULL;                          /* the reference moves to result */

done:
    Py_XDECREF(targs);
    Py_XDECREF(out);
    return result;
}

/* ====================================================================== */
/* Hopfield recall (nai_hopfield)                                          */
/* ====================================================================== */

static int
in_i8(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_INT8, NPY_ARRAY_IN_ARRAY);
}

static int
copy_i8(PyObject *obj, void *out)
{
    return convert(obj, out, NPY_INT8, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
}

static nai_status step_hopfield(void *s) { return nai_hopfield_sim_step((nai_hopfield_sim *)s); }

/* The first k rows of a record (a view), or None for one not recorded (a
 * NULL); new reference or NULL with an exception. */
static PyObject *
head(PyArrayObject *a, Py_ssize_t k)
{
    return a != NULL ? PySequence_GetSlice((PyObject *)a, 0, k) : Py_NewRef(Py_None);
}

PyDoc_STRVAR(hopfield_recall_doc,
"hopfield_recall(c, divisor, patterns, cue, update, tie, max_sweeps, seed,\n"
"                record_states, record_updates)\n--\n\n"
"Recall in a Hopfield network with weights c / divisor (private; see\n"
"neuroai.Hopfield.recall).  c (n, n) float64, patterns (P, n) and cue (n,)\n"
"int8; update HOPFIELD_SYNC/_ASYNC_RANDOM/_ASYNC_SEQUENTIAL, tie\n"
"HOPFIELD_TIE_KEEP/_ZERO.  Returns (state, states or None, energy, overlaps,\n"
"changes, energy_updates or None, sweeps, converged), each record cut to the\n"
"sweeps run.");

static PyObject *
py_hopfield_recall(CORE_ARGS)
{
    static const char *const names[] = {"c", "divisor", "patterns", "cue", "update", "tie",
        "max_sweeps", "seed", "record_states", "record_updates", NULL};
    static arg_names an = {"hopfield_recall", names, 10, NULL};
    PyObject *targs = NULL, *result = NULL;
    PyObject *cut[5] = {NULL, NULL, NULL, NULL, NULL};
    PyArrayObject *c = NULL, *pat = NULL, *s = NULL, *states = NULL, *energy = NULL;
    PyArrayObject *ov = NULL, *changes = NULL, *eu = NULL;
    nai_hopfield_sim *sim = NULL;
    nai_hopfield_params p;
    nai_hopfield_record rec;
    nai_status st;
    Py_ssize_t max_sweeps, n, n_pat, sweeps;
    unsigned long long seed;
    int update, tie, rec_states, rec_updates, k;

    (void)self;
    if ((targs = gather_args(&an, args, nargs, kwnames)) == NULL
            || !PyArg_ParseTuple(targs, "O&dO&O&iinKpp:hopfield_recall", in_f64, &c,
                &p.divisor, in_i8, &pat, copy_i8, &s, &update, &tie, &max_sweeps, &seed,
                &rec_states, &rec_updates)) {
        goto done;
    }
    if (!check_1d(s, -1, "cue")) goto done;
    n = PyArray_DIM(s, 0);
    if (!check_2d(c, n, n, "weights") || !check_2d(pat, -1, n, "patterns")) goto done;
    n_pat = PyArray_DIM(pat, 0);
    /* the records hold max_sweeps + 1 rows (and n per sweep for the updates) */
    if (max_sweeps < 1 || max_sweeps > (PY_SSIZE_T_MAX / 8 - 1) / (n > 0 ? n : 1)) {
        PyErr_SetString(PyExc_ValueError, "max_sweeps must be >= 1 and its records fit in memory");
        goto done;
    }
    p.update = (nai_hopfield_update)update;
    p.tie = (nai_hopfield_tie)tie;
    p.max_sweeps = (size_t)max_sweeps;
    p.seed = (uint64_t)seed;
    if ((energy = new_array(max_sweeps + 1, -1, NPY_FLOAT64)) == NULL
            || (ov = new_array(max_sweeps + 1, n_pat, NPY_FLOAT64)) == NULL
            || (changes = new_array(max_sweeps, -1, NPY_INT64)) == NULL
            || (rec_states && (states = new_array(max_sweeps + 1, n, NPY_INT8)) == NULL)
            || (rec_updates && (eu = new_array(max_sweeps * n + 1, -1, NPY_FLOAT64)) == NULL)) {
        goto done;
    }
    rec.states = states != NULL ? (int8_t *)PyArray_DATA(states) : NULL;
    rec.energy = F64(energy);
    rec.overlaps = n_pat > 0 ? F64(ov) : NULL;
    rec.changes = I64(changes);
    rec.energy_updates = eu != NULL ? F64(eu) : NULL;
    st = nai_hopfield_sim_new(&p, F64(c), (size_t)n, (const int8_t *)PyArray_DATA(pat),
                              (size_t)n_pat, (int8_t *)PyArray_DATA(s), &rec, &sim);
    if (st != NAI_OK) {
        set_new_error(st, "Hopfield recall (update, tie, max_sweeps >= 1, divisor > 0; "
                      "weights finite, symmetric, zero diagonal; patterns and cue +-1)",
                      "Hopfield recall (n >= 2 units; energy_updates only asynchronous)");
        goto done;
    }
    if (!run_sim(step_hopfield, sim, "Hopfield recall")) goto done;
    sweeps = (Py_ssize_t)nai_hopfield_sim_sweeps(sim);
    if ((cut[0] = head(energy, sweeps + 1)) == NULL || (cut[1] = head(ov, sweeps + 1)) == NULL
            || (cut[2] = head(changes, sweeps)) == NULL
            || (cut[3] = head(states, sweeps + 1)) == NULL
            || (cut[4] = head(eu, sweeps * n + 1)) == NULL) {
        goto done;
    }
    result = Py_BuildValue("OOOOOOnO", (PyObject *)s, cut[3], cut[0], cut[1], cut[2], cut[4],
                           sweeps, nai_hopfield_sim_converged(sim) ? Py_True : Py_False);

done:
    Py_XDECREF(targs);
    nai_hopfield_sim_free(sim);
    for (k = 0; k < 5; k++) {
        Py_XDECREF(cut[k]);
    }
    Py_XDECREF(c);
    Py_XDECREF(pat);
    Py_XDECREF(s);
    Py_XDECREF(states);
    Py_XDECREF(energy);
    Py_XDECREF(ov);
    Py_XDECREF(changes);
    Py_XDECREF(eu);
    return result;
}

/* ====================================================================== */
/* module                                                                  */
/* ====================================================================== */

#define KW(name) (PyCFunction)(void (*)(void))py_##name, METH_FASTCALL | METH_KEYWORDS

static PyMethodDef core_methods[] = {
    {"lif_run", KW(lif_run), lif_run_doc},
    {"activation", KW(activation), activation_doc},
    {"perceptron_forward", KW(perceptron_forward), perceptron_forward_doc},
    {"perceptron_fit", KW(perceptron_fit), perceptron_fit_doc},
    {"synapse_run", KW(synapse_run), synapse_run_doc},
    {"stp_tm_run", KW(stp_tm_run), stp_tm_run_doc},
    {"stp_course_run", KW(stp_course_run), stp_course_run_doc},
    {"spikegen_regular", KW(spikegen_regular), spikegen_regular_doc},
    {"spikegen_poisson", KW(spikegen_poisson), spikegen_poisson_doc},
    {"analysis_group", KW(analysis_group), analysis_group_doc},
    {"analysis_isi_moments", KW(analysis_isi_moments), analysis_isi_moments_doc},
    {"circuit_run", KW(circuit_run), circuit_run_doc},
    {"connect_build", KW(connect_build), connect_build_doc},
    {"dist_sample", KW(dist_sample), dist_sample_doc},
    {"stp_course_lif_run", KW(stp_course_lif_run), stp_course_lif_run_doc},
    {"analysis_entropy", KW(analysis_entropy), analysis_entropy_doc},
    {"analysis_mutual_info", KW(analysis_mutual_info), analysis_mutual_info_doc},
    {"analysis_centroid_decode", KW(analysis_centroid_decode), analysis_centroid_decode_doc},
    {"analysis_avalanches", KW(analysis_avalanches), analysis_avalanches_doc},
    {"analysis_branching", KW(analysis_branching), analysis_branching_doc},
    {"hopfield_recall", KW(hopfield_recall), hopfield_recall_doc},
    {"stdp_course_run", KW(stdp_course_run), stdp_course_run_doc},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "neuroai._core",
    .m_doc = "C kernels of neuroai (private: use the neuroai package).",
    .m_size = -1,
    .m_methods = core_methods,
};

/* Integer constants Python reads instead of copying them: the C enums and
 * macros are the one source of these facts. */
static const struct {
    const char *name;
    long value;
} core_int_constants[] = {
    {"ABI_VERSION", NAI_ABI_VERSION},
    {"METHOD_EXACT", NAI_EXACT},
    {"METHOD_EULER", NAI_EULER},
    {"METHOD_COURSE", NAI_COURSE},
    {"ACT_SIGMOID", NAI_ACT_SIGMOID},
    {"ACT_RELU", NAI_ACT_RELU},
    {"ACT_TANH", NAI_ACT_TANH},
    {"ACT_STEP", NAI_ACT_STEP},
    {"SYN_CURRENT", NAI_CIRC_CURRENT},
    {"SYN_CONDUCTANCE", NAI_CIRC_CONDUCTANCE},
    {"STP_NONE", NAI_CIRC_STP_NONE},
    {"STP_TM", NAI_CIRC_STP_TM},
    {"STP_DEP", NAI_CIRC_STP_DEP},
    {"COURSE_DEP", NAI_COURSE_DEP},
    {"COURSE_FAC", NAI_COURSE_FAC},
    {"LIF_MAX_THREADS", NAI_LIF_MAX_THREADS},
    {"LIF_THREAD_MIN_NEURONS", 2 * (long)NAI_LIF_MIN_NEURONS_PER_THREAD},
    {"LIF_CHECKED_SPIKES", (long)LIF_CHECKED_SPIKES},
    {"CHUNK_UPDATES", (long)NAI_CHUNK_UPDATES},
    {"SPIKES_INITIAL", (long)NAI_SPIKES_INITIAL},
    {"CIRC_CURRENT", NAI_CIRC_CURRENT},
    {"CIRC_CONDUCTANCE", NAI_CIRC_CONDUCTANCE},
    {"CIRC_TRAINS", NAI_CIRC_TRAINS},
    {"CIRC_POISSON", NAI_CIRC_POISSON},
    {"CIRC_PRE_POP", NAI_CIRC_PRE_POP},
    {"CIRC_PRE_SRC", NAI_CIRC_PRE_SRC},
    {"CIRC_STP_NONE", NAI_CIRC_STP_NONE},
    {"CIRC_STP_TM", NAI_CIRC_STP_TM},
    {"CIRC_STP_DEP", NAI_CIRC_STP_DEP},
    {"CIRC_DELAY_PER_CONN", NAI_CIRC_DELAY_PER_CONN},
    {"CIRC_DELAY_MAX", (long)NAI_CIRC_DELAY_MAX},
    {"STDP_ALL_TO_ALL", NAI_STDP_ALL_TO_ALL},
    {"STDP_NEAREST", NAI_STDP_NEAREST},
    {"STDP_PAIR", NAI_STDP_PAIR},
    {"STDP_DOPAMINE", NAI_STDP_DOPAMINE},
    {"CIRC_MAX_THREADS", NAI_CIRC_MAX_THREADS},
    {"CIRC_THREAD_MIN_NEURONS", 2 * (long)NAI_CIRC_MIN_NEURONS_PER_THREAD},
    {"CONNECT_ALL_TO_ALL", NAI_CONNECT_ALL_TO_ALL},
    {"CONNECT_ONE_TO_ONE", NAI_CONNECT_ONE_TO_ONE},
    {"CONNECT_FIXED_PROBABILITY", NAI_CONNECT_FIXED_PROBABILITY},
    {"CONNECT_FIXED_INDEGREE", NAI_CONNECT_FIXED_INDEGREE},
    {"CONNECT_FIXED_OUTDEGREE", NAI_CONNECT_FIXED_OUTDEGREE},
    {"CONNECT_FIXED_TOTAL", NAI_CONNECT_FIXED_TOTAL},
    {"DIST_CONSTANT", NAI_DIST_CONSTANT},
    {"DIST_UNIFORM", NAI_DIST_UNIFORM},
    {"DIST_NORMAL", NAI_DIST_NORMAL},
    {"DIST_LOGNORMAL", NAI_DIST_LOGNORMAL},
    {"HOPFIELD_SYNC", NAI_HOPFIELD_SYNC},
    {"HOPFIELD_ASYNC_RANDOM", NAI_HOPFIELD_ASYNC_RANDOM},
    {"HOPFIELD_ASYNC_SEQUENTIAL", NAI_HOPFIELD_ASYNC_SEQUENTIAL},
    {"HOPFIELD_TIE_KEEP", NAI_HOPFIELD_TIE_KEEP},
    {"HOPFIELD_TIE_ZERO", NAI_HOPFIELD_TIE_ZERO},
};

/* Parameter tables: for each, the tuple <PREFIX>_PARAMS of its row names and
 * one constant <PREFIX>_<ROW> per row, all made from the C names. */
static const struct {
    const char *prefix;
    const char *const *rows;
    int n_rows;
} core_tables[] = {
    {"LIF", nai_lif_rows, NAI_LIF_ROWS},
    {"CIRC", nai_circ_rows, NAI_CIRC_ROWS},
    {"CIRC_STP", nai_circ_stp_rows, NAI_CIRC_STP_ROWS},
    {"STDP", nai_stdp_rows, NAI_STDP_ROWS},
    {"EXPSYN", nai_expsyn_rows, NAI_EXPSYN_ROWS},
    {"TM", nai_tm_rows, NAI_TM_ROWS},
    {"DEP", nai_dep_rows, NAI_DEP_ROWS},
    {"FAC", nai_fac_rows, NAI_FAC_ROWS},
    {"CLIF", nai_stp_course_lif_rows, NAI_CLIF_ROWS},
    {"STDPC", nai_stdp_course_rows, NAI_STDPC_ROWS},
};

/* Add m.<prefix>_PARAMS and m.<prefix>_<ROW> (upper case); 0 or -1. */
static int
add_table(PyObject *m, const char *prefix, const char *const *rows, int n_rows)
{
    char name[64];
    PyObject *names = PyTuple_New(n_rows);
    int r, j, rc = -1;
    if (names == NULL) {
        return -1;
    }
    for (r = 0; r < n_rows; r++) {
        PyObject *s = PyUnicode_FromString(rows[r]);
        if (s == NULL) goto done;
        PyTuple_SET_ITEM(names, r, s);           /* steals s */
        j = PyOS_snprintf(name, sizeof(name), "%s_%s", prefix, rows[r]);
        if (j < 0 || (size_t)j >= sizeof(name)) {
            PyErr_SetString(PyExc_SystemError, "parameter row name too long");
            goto done;
        }
        for (j = 0; name[j] != '\0'; j++) {
            name[j] = (char)Py_TOUPPER(name[j]);
        }
        if (PyModule_AddIntConstant(m, name, r) < 0) goto done;
    }
    PyOS_snprintf(name, sizeof(name), "%s_PARAMS", prefix);
    rc = PyModule_AddObjectRef(m, name, names);

done:
    Py_DECREF(names);
    return rc;
}

/* Add every constant to m; 0 on success, -1 with an exception set. */
static int
add_constants(PyObject *m)
{
    size_t k;
    PyObject *guard;
    int rc;
    for (k = 0; k < sizeof(core_int_constants) / sizeof(core_int_constants[0]); k++) {
        if (PyModule_AddIntConstant(m, core_int_constants[k].name,
                                    core_int_constants[k].value) < 0) {
            return -1;
        }
    }
    for (k = 0; k < sizeof(core_tables) / sizeof(core_tables[0]); k++) {
        if (add_table(m, core_tables[k].prefix, core_tables[k].rows,
                      core_tables[k].n_rows) < 0) {
            return -1;
        }
    }
    if (PyModule_AddStringConstant(m, "SOURCE_HASH", NAI_SOURCE_HASH) < 0) {
        return -1;
    }
    guard = PyFloat_FromDouble(NAI_GRID_GUARD);
    if (guard == NULL) {
        return -1;
    }
    rc = PyModule_AddObjectRef(m, "GRID_GUARD", guard);
    Py_DECREF(guard);
    return rc;
}

PyMODINIT_FUNC
PyInit__core(void)
{
    PyObject *m;
    import_array();
    nai_cpu_init();                      /* the kernels' instruction set, chosen once */
    m = PyModule_Create(&core_module);
    if (m != NULL && add_constants(m) < 0) {
        Py_CLEAR(m);                     /* a half-initialised module is never returned */
    }
    return m;
}
