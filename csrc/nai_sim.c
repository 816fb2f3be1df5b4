#include "nai_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nai_spikegen.h"
#include "nai_rng.h"

/* ====================================================================== */
/* parameter tables                                                        */
/* ====================================================================== */

const char *const nai_lif_rows[NAI_LIF_ROWS] = {
    "tau_m", "v_rest", "v_reset", "v_threshold", "resistance", "t_ref"
};
const char *const nai_expsyn_rows[NAI_EXPSYN_ROWS] = {"tau_syn", "weight"};
const char *const nai_tm_rows[NAI_TM_ROWS] = {"U", "tau_rec", "tau_fac"};
const char *const nai_dep_rows[NAI_DEP_ROWS] = {"g_max", "tau_syn", "tau_rec", "u"};
const char *const nai_fac_rows[NAI_FAC_ROWS] = {
    "g_max", "tau_syn", "tau_facil", "u_base", "u_max", "u_step"
};

void
nai_lif_from_table(const double *table, size_t n, nai_lif_params *p)
{
    p->tau_m = table + NAI_LIF_TAU_M * n;
    p->v_rest = table + NAI_LIF_V_REST * n;
    p->v_reset = table + NAI_LIF_V_RESET * n;
    p->v_threshold = table + NAI_LIF_V_THRESHOLD * n;
    p->resistance = table + NAI_LIF_RESISTANCE * n;
    p->t_ref = table + NAI_LIF_T_REF * n;
}

void
nai_expsyn_from_table(const double *table, nai_synapse_params *p)
{
    p->tau_syn = table[NAI_EXPSYN_TAU_SYN];
    p->weight = table[NAI_EXPSYN_WEIGHT];
}

void
nai_tm_from_table(const double *table, nai_stp_tm_params *p)
{
    p->U = table[NAI_TM_U];
    p->tau_rec = table[NAI_TM_TAU_REC];
    p->tau_fac = table[NAI_TM_TAU_FAC];
}

void
nai_dep_from_table(const double *table, nai_stp_dep_params *p)
{
    p->g_max = table[NAI_DEP_G_MAX];
    p->tau_syn = table[NAI_DEP_TAU_SYN];
    p->tau_rec = table[NAI_DEP_TAU_REC];
    p->u = table[NAI_DEP_U];
}

void
nai_fac_from_table(const double *table, nai_stp_fac_params *p)
{
    p->g_max = table[NAI_FAC_G_MAX];
    p->tau_syn = table[NAI_FAC_TAU_SYN];
    p->tau_facil = table[NAI_FAC_TAU_FACIL];
    p->u_base = table[NAI_FAC_U_BASE];
    p->u_max = table[NAI_FAC_U_MAX];
    p->u_step = table[NAI_FAC_U_STEP];
}

/* ====================================================================== */
/* shared helpers                                                          */
/* ====================================================================== */

static size_t
min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Steps per chunk for `width` updates per step: at least one. */
static size_t
chunk_steps(size_t width)
{
    size_t c = width > 0 ? NAI_CHUNK_UPDATES / width : NAI_CHUNK_UPDATES;
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

/*
 * Where a clock-driven run fed by sorted spikes stands: the synapse, course
 * synapse and circuit objects cut their runs into chunks of whole grid steps
 * and hand each chunk the spikes of its steps.
 */
typedef struct grid_cursor {
    double dt;
    int64_t step0;          /* absolute index of the run's first step */
    size_t n_steps, chunk;  /* steps in the run; steps per chunk (>= 1) */
    const double *times;    /* n_spikes sorted spike times [ms] */
    size_t n_spikes;
    size_t i0, k0;          /* the next chunk's first step and first spike */
} grid_cursor;

/* A cursor at the start of the run; `width` updates per step size a chunk. */
static void
grid_cursor_init(grid_cursor *c, double dt, int64_t step0, size_t n_steps,
                 size_t width, const double *times, size_t n_spikes)
{
    c->dt = dt;
    c->step0 = step0;
    c->n_steps = n_steps;
    c->chunk = chunk_steps(width);
    c->times = times;
    c->n_spikes = n_spikes;
    c->i0 = 0;
    c->k0 = 0;
}

/* The next chunk: its first absolute step *s0, its length *len and the end
 * *k1 of its spikes (k0 .. k1 - 1); 0 when the run is complete. */
static int
grid_cursor_next(const grid_cursor *c, int64_t *s0, size_t *len, size_t *k1)
{
    if (c->i0 >= c->n_steps) {
        return 0;
    }
    *len = min_size(c->n_steps - c->i0, c->chunk);
    *s0 = c->step0 + (int64_t)c->i0;
    *k1 = spikes_before_step(c->times, c->k0, c->n_spikes, c->dt, *s0 + (int64_t)*len);
    return 1;
}

/* steps more steps and spikes up to k1 are done: NAI_MORE or NAI_OK. */
static nai_status
grid_cursor_advance(grid_cursor *c, size_t steps, size_t k1)
{
    c->i0 += steps;
    c->k0 = k1;
    return c->i0 < c->n_steps ? NAI_MORE : NAI_OK;
}

/* ====================================================================== */
/* LIF                                                                     */
/* ====================================================================== */

/* Input of a time-varying chunk: 2 MB, and at least 16 rows. */
#define LIF_CHUNK_INPUT_DOUBLES ((size_t)1 << 18)
#define LIF_CHUNK_MIN_ROWS ((size_t)16)

/* Runs of at most this many neuron updates start with the inline spike
 * buffer of LIF_SMALL_SPIKES events (512 bytes): a redone block then costs
 * little, and the allocations of a larger buffer cost more than the run. */
#define LIF_SMALL_RUN ((size_t)1 << 16)
#define LIF_SMALL_SPIKES ((size_t)32)

/* One thread's share of a chunk: a neuron range and its own spike buffer. */
typedef struct lif_job {
    const nai_lif_sim *sim;
    size_t j_begin, j_end, len;
    size_t j_next;          /* first neuron not yet finished in this chunk */
    int64_t step0;
    const double *cur;
    double *trace;
    nai_spikes sp;
    nai_status st;
} lif_job;

struct nai_lif_sim {
    nai_lif_params p;
    nai_lif_prop *pr;
    nai_method method;
    nai_lif_state s;
    size_t n, n_steps, n_rec;
    int64_t step0;
    const double *current;
    ptrdiff_t stride_t, stride_n;
    int64_t *rec_pos;       /* column of each neuron in v_trace, or -1; NULL without */
    double *v_trace;
    int n_threads;
    size_t chunk, win_n;    /* the plan: steps and neurons per chunk */
    size_t i0, w0;          /* the next chunk's first step and first neuron */
    int resume;             /* the chunk at (i0, w0) is part done: a spike
                             * buffer was grown and its jobs resume at j_next */
    /* The first job's spike buffer while a small run needs no more (most
     * runs of a few neurons: a slider redraw), so that such a run allocates
     * none; it moves to the heap when full. */
    int64_t small_neuron[LIF_SMALL_SPIKES];
    double small_time[LIF_SMALL_SPIKES];
    /* n_threads jobs: a one-thread run's object stays small enough for the
     * allocator's fast path */
    lif_job jobs[];
};

/* Make room in a job's full spike buffer, moving it off the inline buffer
 * first if it is still there. */
static nai_status
lif_spikes_grow(lif_job *job)
{
    nai_spikes heap = {NULL, NULL, 0, 0};
    nai_status st;
    if (job->sp.neuron != job->sim->small_neuron) {
        return nai_spikes_reserve(&job->sp, job->sp.capacity + 1);
    }
    st = nai_spikes_reserve(&heap, job->sp.capacity + 1);
    if (st != NAI_OK) {
        return st;
    }
    memcpy(heap.neuron, job->sp.neuron, job->sp.count * sizeof(int64_t));
    memcpy(heap.time, job->sp.time, job->sp.count * sizeof(double));
    heap.count = job->sp.count;
    job->sp = heap;
    return NAI_OK;
}

/* Run a job from its first unfinished neuron to the end of its range, or
 * until its spike buffer is full: then grow the buffer once and stop with
 * NAI_MORE, the job to resume at j_next (nai_lif_run's j_done contract).
 * Each growth thus returns to the caller of nai_lif_sim_step, which may
 * check for an interrupt before the buffer doubles again. */
static void
lif_job_run(void *arg)
{
    lif_job *job = (lif_job *)arg;
    const nai_lif_sim *sim = job->sim;
    size_t j_done = job->j_next;
    job->st = nai_lif_run(&sim->p, sim->pr, sim->method, sim->n, job->j_next, job->j_end,
                          job->len, job->step0, job->cur, sim->stride_t,
                          sim->stride_n, (nai_lif_state *)&sim->s, sim->rec_pos,
                          sim->n_rec, job->trace, &job->sp, &j_done);
    job->j_next = j_done;
    if (job->st != NAI_ERR_FULL) {
        return;
    }
    /* the kernel cannot say how many spikes the unfinished block needs:
     * grow (at least double), then resume at the next step */
    job->st = lif_spikes_grow(job);
    if (job->st == NAI_OK) {
        job->st = NAI_MORE;
    }
}

/* The chunk plan; the arithmetic per neuron and step is the same for any
 * cut, so the plan never changes a result. */
static void
lif_plan(nai_lif_sim *sim)
{
    const size_t n = sim->n, n_steps = sim->n_steps, k = (size_t)sim->n_threads;
    if (sim->stride_t == 0 && n_steps > 0 && n_steps <= NAI_CHUNK_UPDATES / 32) {
        /* constant input: a window of neurons over all steps per chunk */
        const size_t quantum = 32 * k;
        sim->win_n = NAI_CHUNK_UPDATES * k / n_steps / quantum * quantum;
        if (sim->win_n < quantum) {
            sim->win_n = quantum;
        }
        sim->chunk = n_steps;
    } else {
        sim->win_n = n;
        sim->chunk = n > 0 ? NAI_CHUNK_UPDATES * k / n : n_steps;
        if (sim->stride_t != 0 && n > 0 && sim->chunk * n > LIF_CHUNK_INPUT_DOUBLES) {
            sim->chunk = LIF_CHUNK_INPUT_DOUBLES / n;
            if (sim->chunk < LIF_CHUNK_MIN_ROWS) {
                sim->chunk = LIF_CHUNK_MIN_ROWS;
            }
        }
        if (sim->chunk < 1) {
            sim->chunk = 1;
        }
    }
}

nai_status
nai_lif_sim_new(const nai_lif_params *p, double dt, nai_method method, size_t n,
                size_t n_steps, int64_t step0, const double *current,
                ptrdiff_t stride_t, ptrdiff_t stride_n, nai_lif_state *s,
                size_t n_rec, const int64_t *rec, double *v_trace, int n_threads,
                nai_lif_sim **out)
{
    nai_lif_sim *sim;
    nai_status st;
    size_t q, per_thread;
    int k;

    *out = NULL;
    if (method != NAI_EXACT && method != NAI_EULER) {
        return NAI_ERR_PARAM;
    }
    st = nai_lif_check(p, n, dt);
    if (st != NAI_OK) {
        return st;
    }
    /* a run starts at or after t = 0, and refractory steps count down to 0 */
    if (step0 < 0) {
        return NAI_ERR_PARAM;
    }
    for (q = 0; q < n; q++) {
        if (s->ref_left[q] < 0) {
            return NAI_ERR_PARAM;
        }
    }
    if (n_rec > 0 && (rec == NULL || v_trace == NULL)) {
        return NAI_ERR_SHAPE;
    }
    per_thread = n / NAI_LIF_MIN_NEURONS_PER_THREAD;
    if (n_threads < 1 || n < 2 * NAI_LIF_MIN_NEURONS_PER_THREAD) {
        n_threads = 1;
    }
    if (n_threads > NAI_LIF_MAX_THREADS) {
        n_threads = NAI_LIF_MAX_THREADS;
    }
    if ((size_t)n_threads > per_thread) {
        n_threads = per_thread > 0 ? (int)per_thread : 1;
    }
    sim = (nai_lif_sim *)calloc(1, sizeof(*sim) + (size_t)n_threads * sizeof(lif_job));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->n_threads = n_threads;
    for (k = 0; k < n_threads; k++) {
        sim->jobs[k].sim = sim;
    }
    if (n_rec > 0) {
        sim->rec_pos = (int64_t *)malloc((n > 0 ? n : 1) * sizeof(int64_t));
        if (sim->rec_pos == NULL) {
            nai_lif_sim_free(sim);
            return NAI_ERR_NOMEM;
        }
        for (q = 0; q < n; q++) {
            sim->rec_pos[q] = -1;
        }
        for (q = 0; q < n_rec; q++) {
            if (rec[q] < 0 || (uint64_t)rec[q] >= (uint64_t)n || sim->rec_pos[rec[q]] >= 0) {
                nai_lif_sim_free(sim);
                return NAI_ERR_SHAPE;
            }
            sim->rec_pos[rec[q]] = (int64_t)q;
        }
    }
    sim->pr = nai_lif_prop_new(n);
    if (sim->pr == NULL) {
        nai_lif_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    nai_lif_prepare(p, dt, sim->pr);
    sim->p = *p;
    sim->method = method;
    sim->s = *s;
    sim->n = n;
    sim->n_steps = n_steps;
    sim->n_rec = n_rec;
    sim->step0 = step0;
    sim->current = current;
    sim->stride_t = stride_t;
    sim->stride_n = stride_n;
    sim->v_trace = v_trace;

    /* Room from the start: a kernel that finds its buffer full redoes the
     * block it was in, which for a small run is most of the work (but
     * little work: a small run starts with the inline buffer). */
    k = 0;
    if (n_threads == 1 && n_steps <= LIF_SMALL_RUN / (n > 0 ? n : 1)) {
        sim->jobs[0].sp.neuron = sim->small_neuron;
        sim->jobs[0].sp.time = sim->small_time;
        sim->jobs[0].sp.capacity = LIF_SMALL_SPIKES;
        k = 1;
    }
    for (; k < n_threads; k++) {
        if (nai_spikes_reserve(&sim->jobs[k].sp, NAI_SPIKES_INITIAL) != NAI_OK) {
            nai_lif_sim_free(sim);
            return NAI_ERR_NOMEM;
        }
    }
    lif_plan(sim);
    *out = sim;
    return NAI_OK;
}

nai_status
nai_lif_sim_step(nai_lif_sim *sim)
{
    const size_t n = sim->n, i0 = sim->i0, w0 = sim->w0;
    const size_t len = min_size(sim->n_steps - i0, sim->chunk);
    const size_t w1 = n - w0 < sim->win_n ? n : w0 + sim->win_n;
    /* the window's neurons, in whole blocks of 32, one range per thread */
    const size_t per = ((w1 - w0) / (size_t)sim->n_threads + 31) / 32 * 32;
    int k;

    int more = 0;

    if (i0 >= sim->n_steps || n == 0) {
        return NAI_OK;
    }
    if (!sim->resume) {
        for (k = 0; k < sim->n_threads; k++) {
            lif_job *job = &sim->jobs[k];
            const size_t b = w0 + (size_t)k * per, e = b + per;
            job->j_begin = b < w1 ? b : w1;
            job->j_end = (e < w1 && k + 1 < sim->n_threads) ? e : w1;
            job->j_next = job->j_begin;
            job->len = len;
            job->step0 = sim->step0 + (int64_t)i0;
            job->cur = sim->current + (ptrdiff_t)i0 * sim->stride_t;
            job->trace = sim->n_rec > 0 ? sim->v_trace + i0 * sim->n_rec : NULL;
        }
    }
    /* a resumed chunk runs every job again: a finished one (j_next ==
     * j_end) returns at once */
    nai_thread_run(lif_job_run, sim->jobs, sizeof(lif_job), sim->n_threads);
    for (k = 0; k < sim->n_threads; k++) {
        if (sim->jobs[k].st == NAI_MORE) {
            more = 1;
        } else if (sim->jobs[k].st != NAI_OK) {
            return sim->jobs[k].st;
        }
    }
    sim->resume = more;
    if (more) {
        return NAI_MORE;        /* the same chunk, resumed after the growth */
    }
    sim->w0 = w1;
    if (sim->w0 >= n) {
        sim->w0 = 0;
        sim->i0 = i0 + len;
    }
    return sim->i0 < sim->n_steps ? NAI_MORE : NAI_OK;
}

size_t
nai_lif_sim_spike_count(const nai_lif_sim *sim)
{
    size_t total = 0;
    int k;
    for (k = 0; k < sim->n_threads; k++) {
        total += sim->jobs[k].sp.count;
    }
    return total;
}

nai_status
nai_lif_sim_spikes(const nai_lif_sim *sim, int64_t *offsets, double *times)
{
    /* the jobs' buffers are grouped as one sequence, job by job: no merge */
    nai_spikes bufs[NAI_LIF_MAX_THREADS];
    int k;
    for (k = 0; k < sim->n_threads; k++) {
        bufs[k] = sim->jobs[k].sp;
    }
    return nai_lif_group_spikes(bufs, (size_t)sim->n_threads, sim->n, offsets, times);
}

void
nai_lif_sim_free(nai_lif_sim *sim)
{
    int k;
    if (sim == NULL) {
        return;
    }
    /* only the first n_threads jobs ever hold a buffer */
    for (k = 0; k < sim->n_threads; k++) {
        if (sim->jobs[k].sp.neuron != sim->small_neuron) {
            nai_spikes_free(&sim->jobs[k].sp);
        }
    }
    free(sim->rec_pos);
    nai_lif_prop_free(sim->pr);
    free(sim);
}

/* ====================================================================== */
/* exponential synapses                                                    */
/* ====================================================================== */

struct nai_synapse_sim {
    nai_synapse_params p;
    nai_synapse_prop pr;
    grid_cursor c;
    size_t n, n_rec;
    double *y, *trace;
    const int64_t *index, *rec;
};

nai_status
nai_synapse_sim_new(const nai_synapse_params *p, nai_method method, double dt,
                    int64_t step0, size_t n_steps, size_t n, double *y,
                    size_t n_spikes, const double *times, const int64_t *index,
                    size_t n_rec, const int64_t *rec, double *trace,
                    nai_synapse_sim **out)
{
    nai_synapse_sim *sim;
    nai_status st;
    *out = NULL;
    st = nai_synapse_check(p, (int)method, dt);
    if (st == NAI_OK) {
        st = nai_grid_check_spikes(dt, step0, n_steps, n, n_spikes, times, index);
    }
    if (st == NAI_OK) {
        st = nai_check_indices(n_rec, rec, n);
    }
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_synapse_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->p = *p;
    nai_synapse_prepare(p, (int)method, dt, &sim->pr);
    grid_cursor_init(&sim->c, dt, step0, n_steps, n, times, n_spikes);
    sim->n = n;
    sim->y = y;
    sim->index = index;
    sim->n_rec = n_rec;
    sim->rec = rec;
    sim->trace = n_rec > 0 ? trace : NULL;
    *out = sim;
    return NAI_OK;
}

nai_status
nai_synapse_sim_step(nai_synapse_sim *sim)
{
    grid_cursor *c = &sim->c;
    int64_t s0;
    size_t len, k1;
    nai_status st;
    if (!grid_cursor_next(c, &s0, &len, &k1)) {
        return NAI_OK;
    }
    st = nai_synapse_run(&sim->p, &sim->pr, s0, len, sim->n, sim->y, k1 - c->k0,
                         c->times + c->k0, sim->index + c->k0, sim->n_rec, sim->rec,
                         sim->trace != NULL ? sim->trace + c->i0 * sim->n_rec : NULL);
    return st != NAI_OK ? st : grid_cursor_advance(c, len, k1);
}

void
nai_synapse_sim_free(nai_synapse_sim *sim)
{
    free(sim);
}

/* ====================================================================== */
/* Tsodyks-Markram synapses                                                */
/* ====================================================================== */

struct nai_stp_tm_sim {
    nai_stp_tm_params p;
    size_t n, n_spikes, n_grid, n_rec;
    size_t chunk, spike_chunk;   /* grid steps and spikes per step, at most */
    double *x, *u, *t_last, *efficacy, *x_trace, *u_trace;
    uint8_t *has_spiked;
    const double *times;
    const int64_t *index, *rec;
    int64_t step0;
    double dt;
    int done;
    size_t i0, k0;          /* the next chunk's first grid step and first spike */
};

/* Grid steps per chunk with traces: about NAI_CHUNK_UPDATES work in samples,
 * and at least as many samples as synapses, since every kernel call loads
 * and stores the state of all n (so that cost stays a fraction of a step). */
static size_t
tm_trace_steps(size_t n, size_t n_rec)
{
    const size_t c = chunk_steps(n_rec * NAI_TM_SAMPLE_UPDATES), floor = n / n_rec;
    return c > floor ? c : floor;
}

/* Grid time of absolute step i, as nai_stp_tm_run computes it. */
static double
tm_grid_time(int64_t i, double dt)
{
    return (double)i * dt;
}

/* The most steps L in [1, len) of a chunk from step s0 whose end grid time
 * t_{s0+L} is <= t (so that the spike at t falls in the next chunk), or 1 if
 * t_{s0+1} > t already; given t < t_{s0+len}.  Grid times rise with the
 * step (a product with dt > 0 rounds monotonically): a binary search. */
static size_t
tm_steps_before(double t, int64_t s0, size_t len, double dt)
{
    size_t lo = 1, hi = len - 1;
    if (len < 2 || !(tm_grid_time(s0 + 1, dt) <= t)) {
        return 1;
    }
    while (lo < hi) {
        const size_t mid = lo + (hi - lo + 1) / 2;
        if (tm_grid_time(s0 + (int64_t)mid, dt) <= t) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

nai_status
nai_stp_tm_sim_new(const nai_stp_tm_params *p, size_t n, double *x, double *u,
                   double *t_last, uint8_t *has_spiked, size_t n_spikes,
                   const double *times, const int64_t *index, double *efficacy,
                   int64_t step0, size_t n_steps, double dt, size_t n_rec,
                   const int64_t *rec, double *x_trace, double *u_trace,
                   nai_stp_tm_sim **out)
{
    nai_stp_tm_sim *sim;
    nai_status st;
    const int trace = n_steps > 0 && n_rec > 0;
    *out = NULL;
    st = nai_stp_tm_check(p);
    if (st != NAI_OK) {
        return st;
    }
    if (trace && !(dt > 0.0 && dt < INFINITY)) {
        return NAI_ERR_PARAM;
    }
    /* The spikes are checked by the kernel, before it writes anything (a
     * second pass here would cost as much as a third of the run). */
    st = nai_check_indices(n_rec, rec, n);
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_stp_tm_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->p = *p;
    sim->n = n;
    sim->x = x;
    sim->u = u;
    sim->t_last = t_last;
    sim->has_spiked = has_spiked;
    sim->n_spikes = n_spikes;
    sim->times = times;
    sim->index = index;
    sim->efficacy = efficacy;
    sim->step0 = step0;
    sim->n_grid = trace ? n_steps : 0;
    sim->dt = dt;
    sim->n_rec = n_rec;
    sim->rec = rec;
    sim->x_trace = x_trace;
    sim->u_trace = u_trace;
    sim->chunk = trace ? tm_trace_steps(n, n_rec) : 0;
    /* at least n / 2 spikes, for the same reason as tm_trace_steps */
    sim->spike_chunk = NAI_CHUNK_SPIKES > n / 2 ? NAI_CHUNK_SPIKES : n / 2;
    *out = sim;
    return NAI_OK;
}

nai_status
nai_stp_tm_sim_step(nai_stp_tm_sim *sim)
{
    const int64_t s0 = sim->step0 + (int64_t)sim->i0;
    const size_t rows = sim->i0 * sim->n_rec, k0 = sim->k0;
    size_t len = 0;
    size_t k1 = sim->n_spikes - k0 < sim->spike_chunk ? sim->n_spikes : k0 + sim->spike_chunk;
    nai_status st;
    if (sim->done) {
        return NAI_OK;
    }
    if (sim->i0 < sim->n_grid) {
        /* grid steps, and the spikes before the next chunk's first grid
         * time; fewer steps when that is more than a chunk of spikes */
        double t_next;
        len = min_size(sim->n_grid - sim->i0, sim->chunk);
        if (k1 < sim->n_spikes && sim->times[k1] < tm_grid_time(s0 + (int64_t)len, sim->dt)) {
            len = tm_steps_before(sim->times[k1], s0, len, sim->dt);
        }
        t_next = tm_grid_time(s0 + (int64_t)len, sim->dt);
        k1 = k0;
        while (k1 < sim->n_spikes && sim->times[k1] < t_next) {
            k1++;
        }
    }
    /* each call checks the order of its own spikes; this is the pair across
     * the cut (a NaN fails it too) */
    if (k0 > 0 && k1 > k0 && !(sim->times[k0] >= sim->times[k0 - 1])) {
        return NAI_ERR_SHAPE;
    }
    /* at least one call, so an empty run still checks its state */
    st = nai_stp_tm_run(&sim->p, sim->n, sim->x, sim->u, sim->t_last, sim->has_spiked,
                        k1 - k0, sim->times + k0, sim->index + k0, sim->efficacy + k0, s0,
                        len, sim->dt, sim->n_rec, sim->rec,
                        len > 0 && sim->x_trace != NULL ? sim->x_trace + rows : NULL,
                        len > 0 && sim->u_trace != NULL ? sim->u_trace + rows : NULL);
    if (st != NAI_OK) {
        return st;
    }
    sim->k0 = k1;
    sim->i0 += len;
    sim->done = sim->i0 >= sim->n_grid && sim->k0 >= sim->n_spikes;
    return sim->done ? NAI_OK : NAI_MORE;
}

void
nai_stp_tm_sim_free(nai_stp_tm_sim *sim)
{
    free(sim);
}

/* ====================================================================== */
/* the course's depressing and facilitating synapses                       */
/* ====================================================================== */

struct nai_course_sim {
    nai_course_kind kind;
    nai_stp_dep_params dep;
    nai_stp_fac_params fac;
    nai_stp_prop pr;
    grid_cursor c;
    size_t n, n_rec;
    double *g, *s, *efficacy, *g_trace, *s_trace;
    const int64_t *index, *rec;
};

nai_status
nai_course_sim_new(nai_course_kind kind, const nai_stp_dep_params *dep,
                   const nai_stp_fac_params *fac, nai_method method, double dt,
                   int64_t step0, size_t n_steps, size_t n, double *g, double *s,
                   size_t n_spikes, const double *times, const int64_t *index,
                   double *efficacy, size_t n_rec, const int64_t *rec,
                   double *g_trace, double *s_trace, nai_course_sim **out)
{
    nai_course_sim *sim;
    nai_status st;
    *out = NULL;
    if ((kind == NAI_COURSE_DEP && dep == NULL) || (kind == NAI_COURSE_FAC && fac == NULL)
            || (kind != NAI_COURSE_DEP && kind != NAI_COURSE_FAC)) {
        return NAI_ERR_PARAM;
    }
    st = kind == NAI_COURSE_DEP ? nai_stp_dep_check(dep, (int)method, dt)
                                : nai_stp_fac_check(fac, (int)method, dt);
    if (st == NAI_OK) {
        st = nai_grid_check_spikes(dt, step0, n_steps, n, n_spikes, times, index);
    }
    if (st == NAI_OK) {
        st = nai_check_indices(n_rec, rec, n);
    }
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_course_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->kind = kind;
    if (kind == NAI_COURSE_DEP) {
        sim->dep = *dep;
        nai_stp_dep_prepare(dep, (int)method, dt, &sim->pr);
    } else {
        sim->fac = *fac;
        nai_stp_fac_prepare(fac, (int)method, dt, &sim->pr);
    }
    grid_cursor_init(&sim->c, dt, step0, n_steps, n, times, n_spikes);
    sim->n = n;
    sim->g = g;
    sim->s = s;
    sim->index = index;
    sim->efficacy = efficacy;
    sim->n_rec = n_rec;
    sim->rec = rec;
    sim->g_trace = n_rec > 0 ? g_trace : NULL;
    sim->s_trace = n_rec > 0 ? s_trace : NULL;
    *out = sim;
    return NAI_OK;
}

nai_status
nai_course_sim_step(nai_course_sim *sim)
{
    grid_cursor *c = &sim->c;
    const size_t k0 = c->k0, rows = c->i0 * sim->n_rec;
    double *gt, *sv;
    int64_t s0;
    size_t len, k1;
    nai_status st;
    if (!grid_cursor_next(c, &s0, &len, &k1)) {
        return NAI_OK;
    }
    gt = sim->g_trace != NULL ? sim->g_trace + rows : NULL;
    sv = sim->s_trace != NULL ? sim->s_trace + rows : NULL;
    if (sim->kind == NAI_COURSE_DEP) {
        st = nai_stp_dep_run(&sim->dep, &sim->pr, s0, len, sim->n, sim->g, sim->s,
                             k1 - k0, c->times + k0, sim->index + k0, sim->efficacy + k0,
                             sim->n_rec, sim->rec, gt, sv);
    } else {
        st = nai_stp_fac_run(&sim->fac, &sim->pr, s0, len, sim->n, sim->g, sim->s,
                             k1 - k0, c->times + k0, sim->index + k0, sim->efficacy + k0,
                             sim->n_rec, sim->rec, gt, sv);
    }
    return st != NAI_OK ? st : grid_cursor_advance(c, len, k1);
}

void
nai_course_sim_free(nai_course_sim *sim)
{
    free(sim);
}

/* ====================================================================== */
/* circuits                                                                */
/* ====================================================================== */

struct nai_circ_sim {
    nai_circ_params p;
    nai_circ_prop *pr;
    nai_circ_state s;
    grid_cursor c;          /* its spikes are the train spikes */
    const int64_t *src, *rec_n, *rec_y, *rec_c;
    size_t n_rec_n, n_rec_y, n_rec_c, rec_every, n_rows, rate_bin;
    double *v_trace, *y_trace, *x_trace, *u_trace, *w_trace;
    int64_t *counts, bin0;
    int record_spikes;
    nai_spikes sp;
    size_t n_parts;
    nai_circ_work *wk[NAI_CIRC_MAX_THREADS]; /* one per part, neurons split evenly */
    nai_circ_work *wk_all;  /* the whole circuit, when threads cannot start */
    nai_thread_barrier *barrier;
};

/* One part of a chunk, run by a thread of the team. */
typedef struct circ_job {
    nai_circ_sim *sim;
    size_t part, len, k0, k1, r0;
    int64_t s0;
    nai_status st;
    size_t steps_done, events_done;
} circ_job;

static void
circ_sync(void *barrier)
{
    nai_thread_barrier_wait((nai_thread_barrier *)barrier);
}

/* The chunk of job (its part, or the whole circuit when wks has one part). */
static void
circ_chunk(circ_job *job, nai_circ_work *const *wks, size_t n_parts)
{
    nai_circ_sim *sim = job->sim;
    job->st = nai_circ_advance(
        &sim->p, sim->pr, &sim->s, job->s0, job->len, job->k1 - job->k0,
        /* no train spikes: the arrays may be NULL, and NULL + 0 is undefined */
        sim->c.times != NULL ? sim->c.times + job->k0 : NULL,
        sim->src != NULL ? sim->src + job->k0 : NULL, sim->n_rec_n, sim->rec_n,
        sim->v_trace != NULL ? sim->v_trace + job->r0 * sim->n_rec_n : NULL, sim->n_rec_y,
        sim->rec_y, sim->y_trace != NULL ? sim->y_trace + job->r0 * sim->n_rec_y : NULL,
        sim->n_rec_c, sim->rec_c,
        sim->x_trace != NULL ? sim->x_trace + job->r0 * sim->n_rec_c : NULL,
        sim->u_trace != NULL ? sim->u_trace + job->r0 * sim->n_rec_c : NULL,
        sim->w_trace != NULL ? sim->w_trace + job->r0 * sim->n_rec_c : NULL, sim->rec_every,
        sim->counts, sim->bin0, sim->rate_bin,
        sim->record_spikes ? &sim->sp : NULL, wks, n_parts, job->part,
        n_parts > 1 ? circ_sync : NULL, sim->barrier, NAI_CHUNK_UPDATES, &job->steps_done,
        &job->events_done);
}

static void
circ_job_run(void *arg)
{
    circ_job *job = (circ_job *)arg;
    circ_chunk(job, job->sim->wk, job->sim->n_parts);
}

nai_status
nai_circ_sim_new(const nai_circ_params *p, double dt, nai_circ_state *s, int64_t step0,
                 size_t n_steps, size_t n_events, const double *times, const int64_t *src,
                 size_t n_rec_n, const int64_t *rec_n, double *v_trace, size_t n_rec_y,
                 const int64_t *rec_y, double *y_trace, size_t n_rec_c, const int64_t *rec_c,
                 double *x_trace, double *u_trace, size_t rec_every, size_t rate_bin,
                 int64_t *counts, int record_spikes, int n_threads, nai_circ_sim **out)
{
    nai_circ_sim *sim;
    nai_status st;
    size_t k, t, n_parts;
    *out = NULL;
    /* the whole run is checked here, once; its steps do not check again */
    st = nai_circ_check(p, dt);
    if (st != NAI_OK) {
        return st;
    }
    st = nai_circ_check_state(p, s, step0);
    if (st != NAI_OK) {
        return st;
    }
    if (counts != NULL && rate_bin < 1) {
        return NAI_ERR_PARAM;
    }
    if (nai_grid_check_spikes(dt, step0, n_steps, p->n_src, n_events, times, src) != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    for (k = 0; k < n_events; k++) {
        const size_t g = (size_t)src[k];
        size_t q;
        for (q = 0; q < p->n_srcpop; q++) {
            const int64_t *row = p->src + q * NAI_CIRC_SRC_COLS;
            if (g < (size_t)(row[NAI_CIRC_SRC_START] + row[NAI_CIRC_SRC_N])) {
                break;
            }
        }
        if (p->src[q * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_KIND] != NAI_CIRC_TRAINS) {
            return NAI_ERR_SHAPE;
        }
    }
    if ((v_trace != NULL && nai_check_indices(n_rec_n, rec_n, p->n) != NAI_OK)
        || (y_trace != NULL && nai_check_indices(n_rec_y, rec_y, p->n_syn) != NAI_OK)
        || ((x_trace != NULL || u_trace != NULL)
            && nai_check_indices(n_rec_c, rec_c, p->n_conn) != NAI_OK)) {
        return NAI_ERR_SHAPE;
    }
    sim = (nai_circ_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    /* threads: as asked, at most NAI_CIRC_MAX_THREADS and one per neuron */
    n_parts = n_threads < 1 ? 1 : (size_t)n_threads;
    n_parts = n_parts > NAI_CIRC_MAX_THREADS ? NAI_CIRC_MAX_THREADS : n_parts;
    n_parts = n_parts > p->n ? (p->n > 0 ? p->n : 1) : n_parts;
    sim->n_parts = n_parts;
    sim->pr = nai_circ_prop_new(p, dt);
    if (sim->pr == NULL) {
        nai_circ_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    for (t = 0; t < n_parts; t++) {
        sim->wk[t] = nai_circ_work_new(sim->pr, p->n * t / n_parts, p->n * (t + 1) / n_parts);
        if (sim->wk[t] == NULL) {
            nai_circ_sim_free(sim);
            return NAI_ERR_NOMEM;
        }
    }
    if (n_parts > 1 && ((sim->wk_all = nai_circ_work_new(sim->pr, 0, p->n)) == NULL
                        || (sim->barrier = nai_thread_barrier_new((int)n_parts)) == NULL)) {
        nai_circ_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    if (record_spikes && nai_spikes_reserve(&sim->sp, 2 * p->n + 1) != NAI_OK) {
        nai_circ_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    sim->p = *p;
    sim->s = *s;
    grid_cursor_init(&sim->c, dt, step0, n_steps, nai_circ_width(sim->pr), times, n_events);
    sim->src = src;
    sim->n_rec_n = n_rec_n;
    sim->rec_n = rec_n;
    sim->v_trace = v_trace;
    sim->n_rec_y = n_rec_y;
    sim->rec_y = rec_y;
    sim->y_trace = y_trace;
    sim->n_rec_c = n_rec_c;
    sim->rec_c = rec_c;
    sim->x_trace = x_trace;
    sim->u_trace = u_trace;
    sim->rec_every = rec_every;
    sim->n_rows = nai_circ_trace_rows(step0, n_steps, rec_every);
    sim->counts = counts;
    sim->rate_bin = rate_bin;
    sim->bin0 = step0;
    sim->record_spikes = record_spikes;
    *out = sim;
    return NAI_OK;
}

nai_status
nai_circ_sim_record_weights(nai_circ_sim *sim, double *w_trace)
{
    if (w_trace != NULL
        && nai_check_indices(sim->n_rec_c, sim->rec_c, sim->p.n_conn) != NAI_OK) {
        return NAI_ERR_SHAPE;
    }
    sim->w_trace = w_trace;
    return NAI_OK;
}

nai_status
nai_circ_sim_step(nai_circ_sim *sim)
{
    grid_cursor *c = &sim->c;
    circ_job jobs[NAI_CIRC_MAX_THREADS];
    int64_t s0;
    size_t len, k1, r0, t;
    nai_status st;
    if (!grid_cursor_next(c, &s0, &len, &k1)) {
        return NAI_OK;
    }
    /* every chunk starts with room for two steps of spikes (nai_circ_advance) */
    if (sim->record_spikes
        && nai_spikes_reserve(&sim->sp, sim->sp.count + 2 * sim->p.n + 1) != NAI_OK) {
        return NAI_ERR_NOMEM;
    }
    /* trace rows before this chunk */
    r0 = sim->n_rows - nai_circ_trace_rows(s0, c->n_steps - c->i0, sim->rec_every);
    for (t = 0; t < sim->n_parts; t++) {
        jobs[t].sim = sim;
        jobs[t].part = t;
        jobs[t].s0 = s0;
        jobs[t].len = len;
        jobs[t].k0 = c->k0;
        jobs[t].k1 = k1;
        jobs[t].r0 = r0;
    }
    if (sim->n_parts == 1) {
        circ_job_run(&jobs[0]);
    } else if (nai_thread_run_team(circ_job_run, jobs, sizeof(jobs[0]),
                                   (int)sim->n_parts) != 0) {
        /* no threads: the whole circuit here, and the parts' slot lists
         * forgotten (their slots are read in full next time) */
        nai_circ_work_forget(sim->wk_all);
        circ_chunk(&jobs[0], &sim->wk_all, 1);
        for (t = 0; t < sim->n_parts; t++) {
            nai_circ_work_forget(sim->wk[t]);
        }
    }
    st = jobs[0].st;
    if (st != NAI_OK && st != NAI_ERR_FULL && st != NAI_MORE) {
        return st;
    }
    /* NAI_ERR_FULL: the next step grows the buffer, after the caller's check;
     * NAI_MORE: the chunk's budget of updates was spent early */
    return grid_cursor_advance(c, jobs[0].steps_done, c->k0 + jobs[0].events_done);
}

const nai_spikes *
nai_circ_sim_spikes(const nai_circ_sim *sim)
{
    return &sim->sp;
}

size_t
nai_circ_sim_steps_done(const nai_circ_sim *sim)
{
    return sim->c.i0;
}

void
nai_circ_sim_free(nai_circ_sim *sim)
{
    size_t t;
    if (sim == NULL) {
        return;
    }
    for (t = 0; t < NAI_CIRC_MAX_THREADS; t++) {
        nai_circ_work_free(sim->wk[t]);
    }
    nai_circ_work_free(sim->wk_all);
    nai_thread_barrier_free(sim->barrier);
    nai_circ_prop_free(sim->pr);
    nai_spikes_free(&sim->sp);
    free(sim);
}

/* ====================================================================== */
/* perceptron training                                                     */
/* ====================================================================== */

struct nai_perceptron_sim {
    nai_perceptron_fit_params p;
    nai_perceptron_fit_state s;
    const double *x, *y;
    size_t n, n_in, chunk;   /* chunk: epochs per step */
    double *w, *b;
    int64_t *errors;
    int done;
};

nai_status
nai_perceptron_sim_new(const nai_perceptron_fit_params *p, const double *x, const double *y,
                       size_t n, size_t n_in, double *w, double *b, int64_t *errors,
                       nai_perceptron_sim **out)
{
    nai_perceptron_sim *sim;
    size_t *order;
    nai_status st;
    *out = NULL;
    st = nai_perceptron_fit_check(p, y, n);
    if (st != NAI_OK) {
        return st;
    }
    sim = (nai_perceptron_sim *)calloc(1, sizeof(*sim));
    order = (size_t *)malloc((n > 0 ? n : 1) * sizeof(size_t));
    if (sim == NULL || order == NULL) {
        free(sim);
        free(order);
        return NAI_ERR_NOMEM;
    }
    nai_perceptron_fit_start(p, n, order, &sim->s);
    sim->p = *p;
    sim->x = x;
    sim->y = y;
    sim->n = n;
    sim->n_in = n_in;
    sim->w = w;
    sim->b = b;
    sim->errors = errors;
    /* n * n_in doubles are x and n doubles are y, so neither product overflows */
    sim->chunk = chunk_steps(n * n_in + n * NAI_PERCEPTRON_SAMPLE_UPDATES);
    *out = sim;
    return NAI_OK;
}

nai_status
nai_perceptron_sim_step(nai_perceptron_sim *sim)
{
    if (!sim->done) {
        sim->done = nai_perceptron_fit_epochs(&sim->p, sim->x, sim->y, sim->n, sim->n_in,
                                              sim->w, sim->b, &sim->s, sim->chunk,
                                              sim->errors);
    }
    return sim->done ? NAI_OK : NAI_MORE;
}

size_t
nai_perceptron_sim_epochs(const nai_perceptron_sim *sim)
{
    return sim->s.epochs;
}

void
nai_perceptron_sim_free(nai_perceptron_sim *sim)
{
    if (sim == NULL) {
        return;
    }
    free(sim->s.order);
    free(sim);
}

/* ====================================================================== */
/* spike generators                                                        */
/* ====================================================================== */

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

/* The generators' stepping object: the arithmetic of nai_spikegen_regular
 * and nai_spikegen_poisson (nai_spikegen.c) in the same order, so a stepped
 * train is the one call's bit for bit, with the generator's position (the
 * train, its random state and time, or the spike number) carried from step
 * to step. */
struct nai_spikegen_sim {
    int poisson;
    const double *rate;     /* [Hz], n of them (regular: one) */
    size_t n;
    double start, stop;     /* [ms] */
    uint64_t seed;
    size_t j;               /* Poisson: the train being drawn; n when done */
    int in_train;           /* Poisson: train j seeded and under way */
    nai_rng r;              /* Poisson: train j's generator */
    double t;               /* Poisson: train j's last time [ms] */
    size_t k;               /* regular: the next spike's number */
    int done;
    nai_spikes sp;
};

nai_status
nai_spikegen_sim_new(int poisson, const double *rate, size_t n, double start, double stop,
                     uint64_t seed, nai_spikegen_sim **out)
{
    nai_spikegen_sim *sim;
    double expected = 0.0;
    size_t j, cap;
    nai_status st = NAI_OK;
    *out = NULL;
    if (rate == NULL && n > 0) {
        return NAI_ERR_PARAM;
    }
    if (!poisson && n != 1) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < n && st == NAI_OK; j++) {
        st = nai_spikegen_check(rate[j], start, stop);
        expected += rate[j] * (stop - start) / NAI_MS_PER_S;
    }
    if (st != NAI_OK) {
        return st;
    }
    cap = spike_capacity_guess(expected);
    if (cap == 0) {
        return NAI_ERR_NOMEM;
    }
    sim = (nai_spikegen_sim *)calloc(1, sizeof(*sim));
    if (sim == NULL) {
        return NAI_ERR_NOMEM;
    }
    sim->poisson = poisson;
    sim->rate = rate;
    sim->n = n;
    sim->start = start;
    sim->stop = stop;
    sim->seed = seed;
    if (nai_spikes_reserve(&sim->sp, cap) != NAI_OK) {
        nai_spikegen_sim_free(sim);
        return NAI_ERR_NOMEM;
    }
    *out = sim;
    return NAI_OK;
}

nai_status
nai_spikegen_sim_step(nai_spikegen_sim *sim)
{
    nai_spikes *sp = &sim->sp;
    size_t left = NAI_CHUNK_SPIKES;
    if (sim->done) {
        return NAI_OK;
    }
    if (sp->count >= sp->capacity) {
        /* the guess was short: grow (at least double), one step per growth */
        nai_status st = nai_spikes_reserve(sp, sp->capacity + 1);
        if (st != NAI_OK) {
            return st;
        }
    }
    if (!sim->poisson) {
        for (; left > 0 && sp->count < sp->capacity; left--) {
            const double t = nai_spikegen_regular_time(sim->start, sim->rate[0], sim->k);
            if (!(t < sim->stop)) {
                sim->done = 1;
                return NAI_OK;
            }
            sp->time[sp->count] = t;
            sp->neuron[sp->count] = 0;
            sp->count++;
            sim->k++;
        }
        return NAI_MORE;
    }
    while (sim->j < sim->n) {
        const double mean_isi = NAI_MS_PER_S / sim->rate[sim->j];
        if (!sim->in_train) {
            /* seeding a train counts as one spike's work, so that a step
             * over many silent trains is bounded too */
            if (left == 0) {
                return NAI_MORE;
            }
            left--;
            nai_rng_seed(&sim->r, sim->seed, (uint64_t)sim->j);
            sim->t = sim->start;
            sim->in_train = 1;
        }
        for (;;) {
            double t;
            if (left == 0 || sp->count >= sp->capacity) {
                return NAI_MORE;
            }
            t = sim->t + mean_isi * nai_rng_exponential(&sim->r);
            sim->t = t;
            if (!(t < sim->stop)) {
                break;
            }
            sp->time[sp->count] = t;
            sp->neuron[sp->count] = (int64_t)sim->j;
            sp->count++;
            left--;
        }
        sim->in_train = 0;
        sim->j++;
    }
    sim->done = 1;
    return NAI_OK;
}

nai_spikes *
nai_spikegen_sim_spikes(nai_spikegen_sim *sim)
{
    return &sim->sp;
}

void
nai_spikegen_sim_free(nai_spikegen_sim *sim)
{
    if (sim == NULL) {
        return;
    }
    nai_spikes_free(&sim->sp);
    free(sim);
}

/* One call: the stepping object run to its end, its buffer handed over. */
static nai_status
spikegen_whole(int poisson, const double *rate, size_t n, double start, double stop,
               uint64_t seed, nai_spikes *sp)
{
    nai_spikegen_sim *sim = NULL;
    nai_status st = nai_spikegen_sim_new(poisson, rate, n, start, stop, seed, &sim);
    if (st != NAI_OK) {
        return st;
    }
    while ((st = nai_spikegen_sim_step(sim)) == NAI_MORE) {
        ;
    }
    if (st == NAI_OK) {
        nai_spikes_free(sp);
        *sp = sim->sp;
        sim->sp.neuron = NULL;
        sim->sp.time = NULL;
        sim->sp.count = sim->sp.capacity = 0;
    }
    nai_spikegen_sim_free(sim);
    return st;
}

nai_status
nai_spikegen_regular_spikes(double rate, double start, double stop, nai_spikes *sp)
{
    return spikegen_whole(0, &rate, 1, start, stop, 0, sp);
}

nai_status
nai_spikegen_poisson_spikes(const double *rate, size_t n, double start, double stop,
                            uint64_t seed, nai_spikes *sp)
{
    return spikegen_whole(1, rate, n, start, stop, seed, sp);
}
