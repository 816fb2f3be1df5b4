/*
 * slider_min.c -- the smallest CPython extension that does the kernel work
 * of one slider call of benchmarks/bench_lif.py: one LIF neuron (the
 * course's parameters), its current as a float64 array, nai_lif_run with
 * the trace recorded, and the trace and spike times back as arrays.  No
 * validation beyond what keeps it safe, no keywords, no threads, no
 * chunks: the floor a binding call can reach, against which neuroai's
 * LIFNeuron.simulate is measured.  Built by bench_lif.py.
 *
 *   run(current)              -> (v_trace, spike_times)
 *   kernel_loop(current, k)   -> CPU seconds of k kernel calls alone (in C;
 *                                this thread's CPU time, so time spent
 *                                waiting for a core is not counted)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>
#include <time.h>
#include "nai_cpu.h"
#include "nai_lif.h"

#define DT 0.1
#define CAP 4096

static const double tau = 20.0, v_rest = -70.0, v_reset = -80.0, v_th = -55.0,
                    r_m = 10.0, t_ref = 0.0;
static const nai_lif_params params = {&tau, &v_rest, &v_reset, &v_th, &r_m, &t_ref};
static nai_lif_prop *prop;

/* One kernel call; the spike count, or -1 if the buffer was too small. */
static long
kernel(const double *cur, size_t n_steps, double *trace, double *times)
{
    int64_t neuron[CAP], rec = 0, ref = 0;
    double v = v_rest, t_free = -INFINITY;
    nai_lif_state s = {&v, &t_free, &ref};
    nai_spikes sp = {neuron, times, 0, CAP};
    size_t done;
    if (nai_lif_run(&params, prop, NAI_EXACT, 1, 0, 1, n_steps, 0, cur, 1, 0, &s,
                    &rec, 1, trace, &sp, &done) != NAI_OK) {
        return -1;
    }
    return (long)sp.count;
}

static PyObject *
run(PyObject *self, PyObject *arg)
{
    PyArrayObject *cur, *trace = NULL, *times = NULL;
    PyObject *result = NULL;
    double buf[CAP];
    npy_intp n, count;
    (void)self;
    cur = (PyArrayObject *)PyArray_FROM_OTF(arg, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY);
    if (cur == NULL) {
        return NULL;
    }
    n = PyArray_SIZE(cur);
    trace = (PyArrayObject *)PyArray_EMPTY(1, &n, NPY_FLOAT64, 0);
    if (trace == NULL) goto done;
    count = kernel((const double *)PyArray_DATA(cur), (size_t)n,
                   (double *)PyArray_DATA(trace), buf);
    if (count < 0) {
        PyErr_SetString(PyExc_ValueError, "too many spikes");
        goto done;
    }
    times = (PyArrayObject *)PyArray_EMPTY(1, &count, NPY_FLOAT64, 0);
    if (times == NULL) goto done;
    memcpy(PyArray_DATA(times), buf, (size_t)count * sizeof(double));
    result = PyTuple_Pack(2, trace, times);
done:
    Py_DECREF(cur);
    Py_XDECREF(trace);
    Py_XDECREF(times);
    return result;
}

static PyObject *
kernel_loop(PyObject *self, PyObject *args)
{
    PyObject *obj;
    PyArrayObject *cur;
    long k, reps;
    double *trace, buf[CAP];
    struct timespec a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "Ol", &obj, &reps)) {
        return NULL;
    }
    cur = (PyArrayObject *)PyArray_FROM_OTF(obj, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY);
    if (cur == NULL) {
        return NULL;
    }
    trace = (double *)malloc((size_t)PyArray_SIZE(cur) * sizeof(double) + 1);
    if (trace == NULL) {
        Py_DECREF(cur);
        return PyErr_NoMemory();
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    for (k = 0; k < reps; k++) {
        kernel((const double *)PyArray_DATA(cur), (size_t)PyArray_SIZE(cur), trace, buf);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    free(trace);
    Py_DECREF(cur);
    return PyFloat_FromDouble((double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec));
}

static PyMethodDef methods[] = {
    {"run", run, METH_O, "run(current) -> (v_trace, spike_times)"},
    {"kernel_loop", kernel_loop, METH_VARARGS, "kernel_loop(current, k) -> seconds"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "slider_min", NULL, -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC
PyInit_slider_min(void)
{
    import_array();
    nai_cpu_init();
    prop = nai_lif_prop_new(1);
    if (prop == NULL) {
        return PyErr_NoMemory();
    }
    nai_lif_prepare(&params, DT, prop);
    return PyModule_Create(&module);
}
