/*
 * nai_circuit.c -- recurrent circuits; the equations, the step order and
 * the methods are in nai_circuit.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nai_circuit.h"
#include "nai_cpu.h"
#include "nai_lif.h"
#include "nai_numerics.h"
#include "nai_stp.h"
#include "nai_synapse.h"
#include "nai_vexp.h"

const char *const nai_circ_rows[NAI_CIRC_ROWS] = {
    "tau_m", "v_rest", "v_reset", "v_threshold", "resistance", "t_ref", "i_ext"
};
const char *const nai_circ_stp_rows[NAI_CIRC_STP_ROWS] = {"u", "tau_rec", "tau_fac"};

struct nai_circ_prop {
    double dt;
    size_t n, n_syn, n_conn, L;   /* L: ring slots, max delay + 1 */
    /* per neuron */
    double *v_decay;    /* exp(-dt/tau_m) (P22) */
    double *ext;        /* R i_ext (1 - P22) [mV] (exact, current) */
    double *v_euler_k;  /* dt/tau_m (Euler) */
    int64_t *ref_steps; /* round(t_ref/dt), half to even */
    /* per receptor variable */
    double *y_decay;    /* exp(-dt/tau_syn) (P11) */
    double *y_euler_k;  /* dt/tau_syn */
    double *p21;        /* P21 [MOhm] (exact, current) */
    double *g_mean;     /* step mean of g per unit start value (exact, conductance) */
    /* tables */
    size_t n_blk;
    size_t *blk_off;    /* (n_blk + 1) first receptor variable of each block */
    size_t *blk_start;  /* (n_blk) first neuron of each block's population */
    size_t *prj_post0;  /* (n_prj) first neuron of the target population */
    size_t *pop_blk0;   /* (n_pop + 1) first block of each population */
    size_t *prj_conn;   /* (n_prj) first connection */
    size_t *prj_iptr;   /* (n_prj) first indptr entry */
    size_t *prj_tgt;    /* (n_prj) first receptor variable of the target block */
    size_t *pop_out;    /* (n_pop + 1) CSR of outgoing projections ... */
    size_t *src_out;    /* (n_srcpop + 1) ... of populations and of sources */
    size_t *out_prj;    /* (2 n_prj) the projections, pop lists then source lists */
    size_t *src_pop;    /* (n_src) source population of each unit */
    double *lambda, *p0; /* (n_src) Poisson mean per step and exp(-mean) */
    double *x_decay, *x_euler_k; /* (n_conn) course depression, else NULL */
    int any_dep;
    /* populations whose neurons share tau_m, v_rest, R and i_ext, and each of
     * whose receptors has one tau_syn: their propagators as scalars, so the
     * update needs no per-neuron propagator loads (the CUBA case) */
    uint8_t *pop_uniform;  /* (n_pop) */
    double *blk_p21, *blk_dec; /* (n_blk) P21 and P11 of a uniform population's blocks */
    /* STDP: the rules, and per plastic projection its post traces' offset
     * and its connections by target (CSC), so that a post spike reaching
     * the synapses visits only its own */
    int any_plastic, any_dopa;
    size_t F;               /* fired ring length: largest plastic delay */
    size_t n_pre_tr;        /* pre traces (nai_circ_n_pre_traces) */
    nai_stdp_params *rule;  /* (n_rule) */
    nai_stdp_prop *rule_pr; /* (n_rule) */
    size_t *prj_ptr0;       /* (n_prj) first post trace of a plastic projection */
    size_t *prj_pre0;       /* (n_prj) first pre trace of a plastic projection */
    size_t *prj_csc0;       /* (n_prj) first csc_ptr entry of a plastic projection */
    size_t *csc_ptr;        /* n_post + 1 entries per plastic projection: a target's
                               connections are csc_conn[prj_conn + csc_ptr[l] ..] */
    size_t *csc_conn;       /* (n_conn) connection indices, by target then index */
    size_t *csc_pre;        /* (n_conn) the pre unit (local) of each csc_conn entry */
};

/* Workspace of one part of a run (the neurons [lo, hi) and their receptor
 * variables): the step's spikes, double-buffered by step parity so that
 * the other parts may read them while this one computes the next step, and
 * for each ring slot the receptor variables it holds input for, so that
 * reading a slot costs what was sent to it, not n_syn.  A list that
 * overflows (or is unknown: a new workspace) is marked NAI_CIRC_SLOT_FULL
 * and its slot read in full; an entry is listed when its value is 0 before
 * an addition, so every non-zero entry is listed (an entry listed twice
 * adds 0 the second time). */
#define NAI_CIRC_SLOT_FULL ((size_t)-1)
struct nai_circ_work {
    size_t lo, hi;      /* the part's neurons */
    int64_t *fired[2];  /* (hi - lo) each: the spikes of even and odd steps */
    size_t nf[2];
    int stop[2];        /* part 0: 0, or why the call ends after this step (CIRC_STOP_*) */
    size_t cap, L;      /* entries per slot list; slots */
    size_t *list;       /* (L, cap) */
    size_t *n_list;     /* (L) entries, or NAI_CIRC_SLOT_FULL */
    size_t n_blk;
    size_t *own;        /* (n_blk, 2) the part's receptor variables of each block */
    size_t *held;       /* (hi - lo) the part's refractory neurons, any order */
    size_t n_held;
    int held_known;     /* 0: rebuild held from the state's ref_left */
    /* the pre traces this part reads and advances: the state's in part 0,
     * in the other parts their own copies of them (taken at the start of a
     * call; every part advances them alike, as every part sends every
     * spike) */
    double *pre_t, *pre_k;
    double *copy_t, *copy_k; /* (n_pre_tr) */
    /* with plasticity, the part's spikes of the last F steps, so that their
     * arrival at the plastic synapses visits them, not every neuron: slot
     * k % F lists those of step k (n_arr[slot] of them, or
     * NAI_CIRC_SLOT_FULL: unknown, read the state's fired ring instead) */
    size_t F;
    int64_t *arr;       /* (F, hi - lo) neurons, ascending */
    size_t *n_arr;      /* (F) */
};

nai_circ_work *
nai_circ_work_new(const nai_circ_prop *pr, size_t lo, size_t hi)
{
    nai_circ_work *w = (nai_circ_work *)calloc(1, sizeof *w);
    const size_t m = hi > lo ? hi - lo : 1;
    size_t b, n_own = 0;
    if (w == NULL) {
        return NULL;
    }
    w->lo = lo;
    w->hi = hi;
    w->L = pr->L;
    w->n_blk = pr->n_blk;
    w->fired[0] = (int64_t *)malloc(m * sizeof(int64_t));
    w->fired[1] = (int64_t *)malloc(m * sizeof(int64_t));
    w->held = (size_t *)malloc(m * sizeof(size_t));
    w->copy_t = (double *)malloc((pr->n_pre_tr > 0 ? pr->n_pre_tr : 1) * sizeof(double));
    w->copy_k = (double *)malloc((pr->n_pre_tr > 0 ? pr->n_pre_tr : 1) * sizeof(double));
    w->F = pr->F;
    w->arr = (int64_t *)malloc((pr->F > 0 ? pr->F : 1) * m * sizeof(int64_t));
    w->n_arr = (size_t *)malloc((pr->F > 0 ? pr->F : 1) * sizeof(size_t));
    w->own = (size_t *)malloc((pr->n_blk > 0 ? pr->n_blk : 1) * 2 * sizeof(size_t));
    if (w->own != NULL) {
        for (b = 0; b < pr->n_blk; b++) {
            const size_t s0 = pr->blk_start[b], s1 = s0 + (pr->blk_off[b + 1] - pr->blk_off[b]);
            const size_t a = lo > s0 ? lo : s0, e = hi < s1 ? hi : s1;
            w->own[2 * b] = pr->blk_off[b] + (a < e ? a - s0 : 0);
            w->own[2 * b + 1] = pr->blk_off[b] + (a < e ? e - s0 : 0);
            n_own += w->own[2 * b + 1] - w->own[2 * b];
        }
    }
    w->cap = n_own / 8 + 8;
    w->n_list = (size_t *)malloc(pr->L * sizeof(size_t));
    w->list = (size_t *)malloc(pr->L * w->cap * sizeof(size_t));
    if (w->fired[0] == NULL || w->fired[1] == NULL || w->held == NULL || w->own == NULL
        || w->n_list == NULL
        || w->list == NULL || w->copy_t == NULL || w->copy_k == NULL || w->arr == NULL
        || w->n_arr == NULL) {
        nai_circ_work_free(w);
        return NULL;
    }
    nai_circ_work_forget(w);
    return w;
}

void
nai_circ_work_forget(nai_circ_work *w)
{
    size_t sl;
    for (sl = 0; sl < w->L; sl++) {
        w->n_list[sl] = NAI_CIRC_SLOT_FULL;
    }
    for (sl = 0; sl < w->F; sl++) {
        w->n_arr[sl] = NAI_CIRC_SLOT_FULL;
    }
    w->held_known = 0;
}

void
nai_circ_work_free(nai_circ_work *w)
{
    if (w == NULL) {
        return;
    }
    free(w->fired[0]);
    free(w->fired[1]);
    free(w->held);
    free(w->own);
    free(w->list);
    free(w->n_list);
    free(w->copy_t);
    free(w->copy_k);
    free(w->arr);
    free(w->n_arr);
    free(w);
}

/* The list of the part's spikes of ring slot sl (nai_circ_work's arr). */
static int64_t *
arr_list(const nai_circ_work *w, size_t sl)
{
    return w->arr + sl * (w->hi > w->lo ? w->hi - w->lo : 1);
}

/* Add a to ring slot sl's entry k (slot base dst), listing k. */
static inline void
ring_add(nai_circ_work *restrict w, double *restrict dst, size_t sl, size_t k, double a)
{
    const double old = dst[k];
    if (old == 0.0) {
        if (w->n_list[sl] < w->cap) {
            w->list[sl * w->cap + w->n_list[sl]++] = k;
        } else {
            w->n_list[sl] = NAI_CIRC_SLOT_FULL;
        }
    }
    dst[k] = old + a;
}

/* Presynaptic units of a projection whose table row passed the checks. */
static size_t
prj_n_pre(const nai_circ_params *p, const int64_t *row)
{
    const int64_t pre = row[NAI_CIRC_PRJ_PRE];
    return (size_t)(row[NAI_CIRC_PRJ_PRE_KIND] == NAI_CIRC_PRE_POP
                    ? p->pop[pre * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N]
                    : p->src[pre * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_N]);
}

/* ---- checks ------------------------------------------------------------ */

static int
pos_finite(double x)
{
    return x > 0.0 && isfinite(x);
}

int64_t
nai_circ_max_delay(const nai_circ_params *p)
{
    int64_t dmax = 0;
    size_t q, c, conn = 0, iptr = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const size_t n_pre = prj_n_pre(p, row);
        const size_t nc = (size_t)p->indptr[iptr + n_pre];
        if (row[NAI_CIRC_PRJ_DELAY] == NAI_CIRC_DELAY_PER_CONN) {
            for (c = conn; c < conn + nc; c++) {
                dmax = p->delays[c] > dmax ? p->delays[c] : dmax;
            }
        } else if (row[NAI_CIRC_PRJ_DELAY] > dmax) {
            dmax = row[NAI_CIRC_PRJ_DELAY];
        }
        conn += nc;
        iptr += n_pre + 1;
    }
    return dmax;
}

/* The rule of projection q, or -1 (fixed weights). */
static int64_t
prj_rule(const nai_circ_params *p, size_t q)
{
    return p->n_rule > 0 && p->prj_rule != NULL ? p->prj_rule[q] : -1;
}

/* Neurons of the population a projection's block belongs to. */
static size_t
prj_n_post(const nai_circ_params *p, const int64_t *row)
{
    return (size_t)p->pop[p->blk_pop[row[NAI_CIRC_PRJ_BLOCK]] * NAI_CIRC_POP_COLS
                          + NAI_CIRC_POP_N];
}

/* The post (post != 0) or pre units of the plastic projections. */
static size_t
plastic_units(const nai_circ_params *p, int post)
{
    size_t q, m = 0;
    for (q = 0; q < p->n_prj; q++) {
        if (prj_rule(p, q) >= 0) {
            const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
            m += post ? prj_n_post(p, row) : prj_n_pre(p, row);
        }
    }
    return m;
}

size_t
nai_circ_n_post_traces(const nai_circ_params *p)
{
    return plastic_units(p, 1);
}

size_t
nai_circ_n_pre_traces(const nai_circ_params *p)
{
    return plastic_units(p, 0);
}

int64_t
nai_circ_max_plastic_delay(const nai_circ_params *p)
{
    size_t q;
    int64_t dmax = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t d = p->prj[q * NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_DELAY];
        if (prj_rule(p, q) >= 0 && d > dmax) {
            dmax = d;
        }
    }
    return dmax;
}

/* Structure and values of the projections; O(n_conn). */
static nai_status
check_projections(const nai_circ_params *p)
{
    size_t q, c, j, conn = 0, iptr = 0;
    if (p->n_prj > 0 && (p->prj == NULL || p->indptr == NULL)) {
        return NAI_ERR_SHAPE;
    }
    if (p->n_conn > 0 && (p->indices == NULL || p->weights == NULL || p->delays == NULL)) {
        return NAI_ERR_SHAPE;
    }
    if (p->n_rule > 0 && (p->rules == NULL || p->prj_rule == NULL)) {
        return NAI_ERR_SHAPE;
    }
    for (q = 0; q < p->n_rule; q++) {
        nai_stdp_params sp;
        nai_stdp_from_row(p->rules + q * NAI_STDP_ROWS, &sp);
        if (nai_stdp_check(&sp) != NAI_OK) {
            return NAI_ERR_PARAM;
        }
    }
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const int64_t kind = row[NAI_CIRC_PRJ_PRE_KIND], pre = row[NAI_CIRC_PRJ_PRE];
        const int64_t blk = row[NAI_CIRC_PRJ_BLOCK], d = row[NAI_CIRC_PRJ_DELAY];
        const int64_t stp = row[NAI_CIRC_PRJ_STP];
        const int64_t dmin = kind == NAI_CIRC_PRE_POP ? 1 : 0;
        const int64_t rule = prj_rule(p, q);
        double w_max = INFINITY, w_min = 0.0;
        size_t n_pre, n_post, nc;
        int cond;
        if (kind == NAI_CIRC_PRE_POP && pre >= 0 && (uint64_t)pre < p->n_pop) {
            n_pre = (size_t)p->pop[pre * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N];
        } else if (kind == NAI_CIRC_PRE_SRC && pre >= 0 && (uint64_t)pre < p->n_srcpop) {
            n_pre = (size_t)p->src[pre * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_N];
        } else {
            return NAI_ERR_SHAPE;
        }
        if (blk < 0 || (uint64_t)blk >= p->n_blk) {
            return NAI_ERR_SHAPE;
        }
        n_post = (size_t)p->pop[p->blk_pop[blk] * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N];
        cond = p->pop[p->blk_pop[blk] * NAI_CIRC_POP_COLS + NAI_CIRC_POP_SYN]
               == NAI_CIRC_CONDUCTANCE;
        if (!(d == NAI_CIRC_DELAY_PER_CONN || (d >= dmin && d <= NAI_CIRC_DELAY_MAX))) {
            return NAI_ERR_PARAM;
        }
        if (stp != NAI_CIRC_STP_NONE && stp != NAI_CIRC_STP_TM && stp != NAI_CIRC_STP_DEP) {
            return NAI_ERR_PARAM;
        }
        if (stp != NAI_CIRC_STP_NONE && p->stp == NULL) {
            return NAI_ERR_SHAPE;
        }
        if (rule < -1 || rule >= (int64_t)p->n_rule) {
            return NAI_ERR_SHAPE;
        }
        if (rule >= 0) {
            /* the delay is the dendritic delay: one per projection, >= 1 step,
             * so that a step's post spikes reach the synapses in a later step */
            if (!(d >= 1)) {
                return NAI_ERR_PARAM;
            }
            w_max = p->rules[rule * NAI_STDP_ROWS + NAI_STDP_W_MAX];
            if (p->rules[rule * NAI_STDP_ROWS + NAI_STDP_KIND] == NAI_STDP_DOPAMINE) {
                /* the neuromodulator is a unit of a spike-train source */
                const double m = p->rules[rule * NAI_STDP_ROWS + NAI_STDP_MODULATOR];
                size_t sq;
                if (!(m >= 0.0 && m < (double)p->n_src)) {
                    return NAI_ERR_PARAM;
                }
                for (sq = 0; (double)(p->src[sq * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_START]
                                      + p->src[sq * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_N]) <= m;
                     sq++) {
                }
                if (p->src[sq * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_KIND] != NAI_CIRC_TRAINS) {
                    return NAI_ERR_PARAM;
                }
                w_min = p->rules[rule * NAI_STDP_ROWS + NAI_STDP_W_MIN];
            }
        }
        if (iptr + n_pre + 1 > p->n_indptr || p->indptr[iptr] != 0) {
            return NAI_ERR_SHAPE;
        }
        for (j = 0; j < n_pre; j++) {
            if (p->indptr[iptr + j + 1] < p->indptr[iptr + j]) {
                return NAI_ERR_SHAPE;
            }
        }
        nc = (size_t)p->indptr[iptr + n_pre];
        if (conn + nc > p->n_conn) {
            return NAI_ERR_SHAPE;
        }
        for (c = conn; c < conn + nc; c++) {
            if (p->indices[c] < 0 || (uint64_t)p->indices[c] >= n_post) {
                return NAI_ERR_SHAPE;
            }
            if (!isfinite(p->weights[c]) || (cond && !(p->weights[c] >= 0.0))
                || (rule >= 0 && !(p->weights[c] >= w_min && p->weights[c] <= w_max))) {
                return NAI_ERR_PARAM;
            }
            if (d == NAI_CIRC_DELAY_PER_CONN
                && !(p->delays[c] >= dmin && p->delays[c] <= NAI_CIRC_DELAY_MAX)) {
                return NAI_ERR_PARAM;
            }
            if (stp != NAI_CIRC_STP_NONE) {
                const double U = p->stp[NAI_CIRC_STP_U * p->n_conn + c];
                const double tr = p->stp[NAI_CIRC_STP_TAU_REC * p->n_conn + c];
                const double tf = p->stp[NAI_CIRC_STP_TAU_FAC * p->n_conn + c];
                if (!(U > 0.0 && U <= 1.0) || !pos_finite(tr)
                    || (stp == NAI_CIRC_STP_TM && !(tf >= 0.0 && isfinite(tf)))) {
                    return NAI_ERR_PARAM;
                }
            }
        }
        conn += nc;
        iptr += n_pre + 1;
    }
    if (conn != p->n_conn || iptr != p->n_indptr) {
        return NAI_ERR_SHAPE;
    }
    return NAI_OK;
}

nai_status
nai_circ_check(const nai_circ_params *p, double dt)
{
    size_t q, j, b, start = 0, syn = 0;
    if (p == NULL || !pos_finite(dt) || (p->method != NAI_EXACT && p->method != NAI_EULER)) {
        return NAI_ERR_PARAM;
    }
    if ((p->n_pop > 0 && (p->pop == NULL || p->neurons == NULL || p->blk_pop == NULL
                          || p->e_rev == NULL || p->tau_syn == NULL))
        || (p->n_srcpop > 0 && (p->src == NULL || p->rate == NULL))) {
        return NAI_ERR_SHAPE;
    }
    for (q = 0; q < p->n_pop; q++) {
        const int64_t *row = p->pop + q * NAI_CIRC_POP_COLS;
        if (row[NAI_CIRC_POP_START] != (int64_t)start || row[NAI_CIRC_POP_N] < 1) {
            return NAI_ERR_SHAPE;
        }
        if (row[NAI_CIRC_POP_SYN] != NAI_CIRC_CURRENT
            && row[NAI_CIRC_POP_SYN] != NAI_CIRC_CONDUCTANCE) {
            return NAI_ERR_PARAM;
        }
        start += (size_t)row[NAI_CIRC_POP_N];
    }
    if (start != p->n) {
        return NAI_ERR_SHAPE;
    }
    /* blocks: population by population, each population at least one */
    for (b = 0; b < p->n_blk; b++) {
        const int64_t pop = p->blk_pop[b];
        if (pop < 0 || (uint64_t)pop >= p->n_pop
            || (b == 0 ? pop != 0 : !(pop == p->blk_pop[b - 1]
                                      || pop == p->blk_pop[b - 1] + 1))) {
            return NAI_ERR_SHAPE;
        }
        syn += (size_t)p->pop[pop * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N];
    }
    if ((p->n_pop > 0 && (p->n_blk == 0 || (uint64_t)p->blk_pop[p->n_blk - 1] != p->n_pop - 1))
        || syn != p->n_syn) {
        return NAI_ERR_SHAPE;
    }
    for (j = 0; j < p->n; j++) {
        const double *t = p->neurons;
        const size_t n = p->n;
        if (!pos_finite(t[NAI_CIRC_TAU_M * n + j]) || !isfinite(t[NAI_CIRC_V_REST * n + j])
            || !isfinite(t[NAI_CIRC_V_THRESHOLD * n + j])
            || !isfinite(t[NAI_CIRC_V_RESET * n + j])
            || !(t[NAI_CIRC_V_RESET * n + j] < t[NAI_CIRC_V_THRESHOLD * n + j])
            || !isfinite(t[NAI_CIRC_RESISTANCE * n + j]) || !isfinite(t[NAI_CIRC_I_EXT * n + j])
            || !(t[NAI_CIRC_T_REF * n + j] >= 0.0)
            || !(t[NAI_CIRC_T_REF * n + j] / dt < NAI_REF_STEPS_MAX)) {
            return NAI_ERR_PARAM;
        }
    }
    for (j = 0; j < p->n_syn; j++) {
        if (!pos_finite(p->tau_syn[j]) || !isfinite(p->e_rev[j])) {
            return NAI_ERR_PARAM;
        }
    }
    start = 0;
    for (q = 0; q < p->n_srcpop; q++) {
        const int64_t *row = p->src + q * NAI_CIRC_SRC_COLS;
        if (row[NAI_CIRC_SRC_START] != (int64_t)start || row[NAI_CIRC_SRC_N] < 1) {
            return NAI_ERR_SHAPE;
        }
        if (row[NAI_CIRC_SRC_KIND] != NAI_CIRC_TRAINS && row[NAI_CIRC_SRC_KIND] != NAI_CIRC_POISSON) {
            return NAI_ERR_PARAM;
        }
        if (row[NAI_CIRC_SRC_KIND] == NAI_CIRC_POISSON) {
            for (j = start; j < start + (size_t)row[NAI_CIRC_SRC_N]; j++) {
                if (!(p->rate[j] >= 0.0)
                    || !(p->rate[j] * dt / NAI_MS_PER_S <= NAI_CIRC_LAMBDA_MAX)) {
                    return NAI_ERR_PARAM;
                }
            }
        }
        start += (size_t)row[NAI_CIRC_SRC_N];
    }
    if (start != p->n_src) {
        return NAI_ERR_SHAPE;
    }
    return check_projections(p);
}

nai_status
nai_circ_check_state(const nai_circ_params *p, const nai_circ_state *s, int64_t step0)
{
    size_t j, q, c, conn = 0, iptr = 0;
    if (step0 < 0) {
        return NAI_ERR_PARAM;
    }
    if ((p->n > 0 && (s->v == NULL || s->ref_left == NULL))
        || (p->n_syn > 0 && (s->y == NULL || s->ring == NULL))
        || (p->stp != NULL && p->n_conn > 0
            && (s->x == NULL || s->u == NULL || s->t_last == NULL))) {
        return NAI_ERR_SHAPE;
    }
    if (p->n_syn > 0 && s->ring_len != (size_t)nai_circ_max_delay(p) + 1) {
        return NAI_ERR_SHAPE;
    }
    if (nai_circ_max_plastic_delay(p) > 0) {
        const size_t m = nai_circ_n_post_traces(p), m_pre = nai_circ_n_pre_traces(p);
        if (s->w == NULL || s->pre_t == NULL || s->pre_k == NULL || s->post_t == NULL
            || s->post_k == NULL || s->post_kb == NULL || s->fired == NULL
            || s->c_elig == NULL || s->t_upd == NULL || s->post_n == NULL
            || s->post_td == NULL
            || s->fired_len != (size_t)nai_circ_max_plastic_delay(p) || s->post_len != m
            || s->pre_len != m_pre) {
            return NAI_ERR_SHAPE;
        }
        for (j = 0; j < m_pre; j++) {
            if (!(s->pre_t[j] < INFINITY) || !(s->pre_k[j] >= 0.0 && s->pre_k[j] < INFINITY)) {
                return NAI_ERR_PARAM;
            }
        }
        for (j = 0; j < m; j++) {
            if (!(s->post_t[j] < INFINITY) || !(s->post_k[j] >= 0.0 && s->post_k[j] < INFINITY)
                || !(s->post_kb[j] >= 0.0 && s->post_kb[j] < INFINITY)
                || !(s->post_n[j] >= 0.0 && s->post_n[j] < INFINITY)
                || !(s->post_td[j] < INFINITY)) {
                return NAI_ERR_PARAM;
            }
        }
        for (j = 0; j < s->fired_len * p->n; j++) {
            if (!(s->fired[j] < step0)) {
                return NAI_ERR_PARAM;
            }
        }
    }
    for (j = 0; j < p->n; j++) {
        if (!(s->ref_left[j] >= 0)) {
            return NAI_ERR_PARAM;
        }
    }
    /* a TM connection's last spike is a time or -inf (none yet); a plastic
     * connection's weight is in [w_min, w_max], its eligibility and time
     * finite */
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const size_t n_pre = prj_n_pre(p, row);
        const size_t nc = (size_t)p->indptr[iptr + n_pre];
        const int64_t rule = prj_rule(p, q);
        if (row[NAI_CIRC_PRJ_STP] == NAI_CIRC_STP_TM) {
            for (c = conn; c < conn + nc; c++) {
                if (!(s->t_last[c] < INFINITY)) {
                    return NAI_ERR_PARAM;
                }
            }
        }
        if (rule >= 0) {
            const double *rr = p->rules + rule * NAI_STDP_ROWS;
            const double w_max = rr[NAI_STDP_W_MAX];
            const double w_min = rr[NAI_STDP_KIND] == NAI_STDP_DOPAMINE ? rr[NAI_STDP_W_MIN] : 0.0;
            for (c = conn; c < conn + nc; c++) {
                if (!(s->w[c] >= w_min && s->w[c] <= w_max) || !isfinite(s->c_elig[c])
                    || !isfinite(s->t_upd[c])) {
                    return NAI_ERR_PARAM;
                }
            }
        }
        conn += nc;
        iptr += n_pre + 1;
    }
    return NAI_OK;
}

/* ---- propagators and tables -------------------------------------------- */

void
nai_circ_prop_free(nai_circ_prop *pr)
{
    if (pr == NULL) {
        return;
    }
    free(pr->v_decay);
    free(pr->ext);
    free(pr->v_euler_k);
    free(pr->ref_steps);
    free(pr->y_decay);
    free(pr->y_euler_k);
    free(pr->p21);
    free(pr->g_mean);
    free(pr->blk_off);
    free(pr->blk_start);
    free(pr->prj_post0);
    free(pr->pop_blk0);
    free(pr->prj_conn);
    free(pr->prj_iptr);
    free(pr->prj_tgt);
    free(pr->pop_out);
    free(pr->src_out);
    free(pr->out_prj);
    free(pr->src_pop);
    free(pr->lambda);
    free(pr->p0);
    free(pr->x_decay);
    free(pr->x_euler_k);
    free(pr->pop_uniform);
    free(pr->blk_p21);
    free(pr->blk_dec);
    free(pr->rule);
    free(pr->rule_pr);
    free(pr->prj_ptr0);
    free(pr->prj_pre0);
    free(pr->prj_csc0);
    free(pr->csc_ptr);
    free(pr->csc_conn);
    free(pr->csc_pre);
    free(pr);
}

/* malloc of k items of size sz, at least one */
static void *
alloc(size_t k, size_t sz)
{
    return malloc((k > 0 ? k : 1) * sz);
}

/* The STDP part of prop_new: rules prepared, post trace offsets and each
 * plastic projection's connections by target (a counting sort, stable: a
 * target's connections in index order). */
static nai_status
prop_plastic(const nai_circ_params *p, nai_circ_prop *pr)
{
    size_t q, k, n_ptr = 0, n_pre = 0, n_csc = 0;
    pr->any_plastic = 1;
    pr->F = (size_t)nai_circ_max_plastic_delay(p);
    pr->n_pre_tr = nai_circ_n_pre_traces(p);
    for (q = 0; q < p->n_prj; q++) {
        if (prj_rule(p, q) >= 0) {
            n_csc += prj_n_post(p, p->prj + q * NAI_CIRC_PRJ_COLS) + 1;
        }
    }
    pr->rule = alloc(p->n_rule, sizeof(nai_stdp_params));
    pr->rule_pr = alloc(p->n_rule, sizeof(nai_stdp_prop));
    pr->prj_ptr0 = alloc(p->n_prj, sizeof(size_t));
    pr->prj_pre0 = alloc(p->n_prj, sizeof(size_t));
    pr->prj_csc0 = alloc(p->n_prj, sizeof(size_t));
    pr->csc_ptr = alloc(n_csc, sizeof(size_t));
    pr->csc_conn = alloc(p->n_conn, sizeof(size_t));
    pr->csc_pre = alloc(p->n_conn, sizeof(size_t));
    if (pr->rule == NULL || pr->rule_pr == NULL || pr->prj_ptr0 == NULL
        || pr->prj_pre0 == NULL || pr->prj_csc0 == NULL || pr->csc_ptr == NULL
        || pr->csc_conn == NULL || pr->csc_pre == NULL) {
        return NAI_ERR_NOMEM;
    }
    for (k = 0; k < p->n_rule; k++) {
        nai_stdp_from_row(p->rules + k * NAI_STDP_ROWS, &pr->rule[k]);
        nai_stdp_prepare(&pr->rule[k], &pr->rule_pr[k]);
        pr->any_dopa |= pr->rule[k].kind == NAI_STDP_DOPAMINE;
    }
    n_csc = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const size_t n_post = prj_n_post(p, row), n_src = prj_n_pre(p, row);
        const size_t c0 = pr->prj_conn[q];
        const int64_t *ip = p->indptr + pr->prj_iptr[q];
        const size_t nc = (size_t)ip[n_src];
        size_t *ptr = pr->csc_ptr + n_csc, c, l;
        pr->prj_ptr0[q] = n_ptr;
        pr->prj_pre0[q] = n_pre;
        pr->prj_csc0[q] = n_csc;
        if (prj_rule(p, q) < 0) {
            continue;
        }
        for (k = 0; k <= n_post; k++) {
            ptr[k] = 0;
        }
        for (c = c0; c < c0 + nc; c++) {
            ptr[p->indices[c] + 1]++;
        }
        for (k = 0; k < n_post; k++) {
            ptr[k + 1] += ptr[k];
        }
        /* fill with a cursor per target (ptr[l] moves to ptr[l + 1]), then
         * shift the starts back */
        for (l = 0; l < n_src; l++) {
            for (c = c0 + (size_t)ip[l]; c < c0 + (size_t)ip[l + 1]; c++) {
                const size_t at = c0 + ptr[p->indices[c]]++;
                pr->csc_conn[at] = c;
                pr->csc_pre[at] = l;
            }
        }
        for (k = n_post; k > 0; k--) {
            ptr[k] = ptr[k - 1];
        }
        ptr[0] = 0;
        n_ptr += n_post;
        n_pre += n_src;
        n_csc += n_post + 1;
    }
    return NAI_OK;
}

nai_circ_prop *
nai_circ_prop_new(const nai_circ_params *p, double dt)
{
    nai_circ_prop *pr = (nai_circ_prop *)calloc(1, sizeof *pr);
    const size_t n = p->n;
    size_t j, b, q, k, conn = 0, iptr = 0;
    if (pr == NULL) {
        return NULL;
    }
    pr->dt = dt;
    pr->n = n;
    pr->n_syn = p->n_syn;
    pr->n_conn = p->n_conn;
    pr->L = (size_t)nai_circ_max_delay(p) + 1;
    pr->v_decay = alloc(n, sizeof(double));
    pr->ext = alloc(n, sizeof(double));
    pr->v_euler_k = alloc(n, sizeof(double));
    pr->ref_steps = alloc(n, sizeof(int64_t));
    pr->y_decay = alloc(p->n_syn, sizeof(double));
    pr->y_euler_k = alloc(p->n_syn, sizeof(double));
    pr->p21 = alloc(p->n_syn, sizeof(double));
    pr->g_mean = alloc(p->n_syn, sizeof(double));
    pr->n_blk = p->n_blk;
    pr->blk_off = alloc(p->n_blk + 1, sizeof(size_t));
    pr->blk_start = alloc(p->n_blk, sizeof(size_t));
    pr->prj_post0 = alloc(p->n_prj, sizeof(size_t));
    pr->pop_blk0 = alloc(p->n_pop + 1, sizeof(size_t));
    pr->prj_conn = alloc(p->n_prj, sizeof(size_t));
    pr->prj_iptr = alloc(p->n_prj, sizeof(size_t));
    pr->prj_tgt = alloc(p->n_prj, sizeof(size_t));
    pr->pop_out = alloc(p->n_pop + 1, sizeof(size_t));
    pr->src_out = alloc(p->n_srcpop + 1, sizeof(size_t));
    pr->out_prj = alloc(p->n_prj, sizeof(size_t));
    pr->src_pop = alloc(p->n_src, sizeof(size_t));
    pr->lambda = alloc(p->n_src, sizeof(double));
    pr->p0 = alloc(p->n_src, sizeof(double));
    pr->pop_uniform = alloc(p->n_pop, sizeof(uint8_t));
    pr->blk_p21 = alloc(p->n_blk, sizeof(double));
    pr->blk_dec = alloc(p->n_blk, sizeof(double));
    for (q = 0; q < p->n_prj; q++) {
        pr->any_dep |= p->prj[q * NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_STP] == NAI_CIRC_STP_DEP;
    }
    if (pr->any_dep) {
        pr->x_decay = alloc(p->n_conn, sizeof(double));
        pr->x_euler_k = alloc(p->n_conn, sizeof(double));
    }
    if (pr->v_decay == NULL || pr->ext == NULL || pr->v_euler_k == NULL
        || pr->ref_steps == NULL || pr->y_decay == NULL || pr->y_euler_k == NULL
        || pr->p21 == NULL || pr->g_mean == NULL || pr->blk_off == NULL || pr->blk_start == NULL
        || pr->prj_post0 == NULL
        || pr->pop_blk0 == NULL || pr->prj_conn == NULL || pr->prj_iptr == NULL
        || pr->prj_tgt == NULL || pr->pop_out == NULL || pr->src_out == NULL
        || pr->out_prj == NULL || pr->src_pop == NULL || pr->lambda == NULL
        || pr->p0 == NULL || pr->pop_uniform == NULL || pr->blk_p21 == NULL
        || pr->blk_dec == NULL || (pr->any_dep && (pr->x_decay == NULL || pr->x_euler_k == NULL))) {
        nai_circ_prop_free(pr);
        return NULL;
    }
    for (j = 0; j < n; j++) {
        const double tm = p->neurons[NAI_CIRC_TAU_M * n + j];
        const double R = p->neurons[NAI_CIRC_RESISTANCE * n + j];
        pr->v_decay[j] = nai_prop_decay(dt, tm);
        pr->ext[j] = R * p->neurons[NAI_CIRC_I_EXT * n + j] * nai_prop_gain(dt, tm);
        pr->v_euler_k[j] = dt / tm;
        /* nearbyint in the default rounding mode: half to even */
        pr->ref_steps[j] = (int64_t)nearbyint(p->neurons[NAI_CIRC_T_REF * n + j] / dt);
    }
    /* blocks: offsets, and the receptor propagators with their neuron's tau_m, R */
    pr->blk_off[0] = 0;
    for (q = 0; q <= p->n_pop; q++) {
        pr->pop_blk0[q] = p->n_blk;
    }
    for (b = p->n_blk; b-- > 0;) {
        pr->pop_blk0[p->blk_pop[b]] = b;
    }
    for (b = 0; b < p->n_blk; b++) {
        const int64_t *row = p->pop + p->blk_pop[b] * NAI_CIRC_POP_COLS;
        const size_t start = (size_t)row[NAI_CIRC_POP_START], np = (size_t)row[NAI_CIRC_POP_N];
        pr->blk_off[b + 1] = pr->blk_off[b] + np;
        pr->blk_start[b] = start;
        for (k = 0; k < np; k++) {
            const size_t i = pr->blk_off[b] + k, jn = start + k;
            const double ts = p->tau_syn[i];
            pr->y_decay[i] = nai_prop_decay(dt, ts);
            pr->y_euler_k[i] = dt / ts;
            pr->p21[i] = nai_prop_psc_exp(dt, p->neurons[NAI_CIRC_TAU_M * n + jn], ts,
                                          p->neurons[NAI_CIRC_RESISTANCE * n + jn]);
            pr->g_mean[i] = nai_prop_step_mean(dt, ts);
        }
    }
    for (q = 0; q < p->n_pop; q++) {
        const size_t j0 = (size_t)p->pop[q * NAI_CIRC_POP_COLS + NAI_CIRC_POP_START];
        const size_t np = (size_t)p->pop[q * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N];
        int same = 1;
        static const int rows[4] = {NAI_CIRC_TAU_M, NAI_CIRC_V_REST, NAI_CIRC_RESISTANCE,
                                    NAI_CIRC_I_EXT};
        int r;
        for (r = 0; r < 4; r++) {
            const double *row = p->neurons + (size_t)rows[r] * n + j0;
            for (k = 1; k < np && same; k++) {
                same = row[k] == row[0];
            }
        }
        for (b = pr->pop_blk0[q]; b < p->n_blk && (size_t)p->blk_pop[b] == q; b++) {
            const double *ts = p->tau_syn + pr->blk_off[b];
            for (k = 1; k < np && same; k++) {
                same = ts[k] == ts[0];
            }
            pr->blk_p21[b] = pr->p21[pr->blk_off[b]];
            pr->blk_dec[b] = pr->y_decay[pr->blk_off[b]];
        }
        pr->pop_uniform[q] = (uint8_t)same;
    }
    /* projections: offsets, and the outgoing lists of each pre (projection order) */
    for (q = 0; q <= p->n_pop; q++) {
        pr->pop_out[q] = 0;
    }
    for (q = 0; q <= p->n_srcpop; q++) {
        pr->src_out[q] = 0;
    }
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const int pop = row[NAI_CIRC_PRJ_PRE_KIND] == NAI_CIRC_PRE_POP;
        const size_t pre = (size_t)row[NAI_CIRC_PRJ_PRE];
        const size_t n_pre = prj_n_pre(p, row);
        pr->prj_conn[q] = conn;
        pr->prj_iptr[q] = iptr;
        pr->prj_tgt[q] = pr->blk_off[row[NAI_CIRC_PRJ_BLOCK]];
        pr->prj_post0[q] = pr->blk_start[row[NAI_CIRC_PRJ_BLOCK]];
        conn += (size_t)p->indptr[iptr + n_pre];
        iptr += n_pre + 1;
        if (pop) {
            pr->pop_out[pre + 1]++;
        } else {
            pr->src_out[pre + 1]++;
        }
    }
    for (q = 0; q < p->n_pop; q++) {
        pr->pop_out[q + 1] += pr->pop_out[q];
    }
    pr->src_out[0] = pr->pop_out[p->n_pop];
    for (q = 0; q < p->n_srcpop; q++) {
        pr->src_out[q + 1] += pr->src_out[q];
    }
    {
        /* fill in projection order, the populations' lists then the
         * sources': a running cursor per pre */
        const int64_t kind[2] = {NAI_CIRC_PRE_POP, NAI_CIRC_PRE_SRC};
        const size_t n_of[2] = {p->n_pop, p->n_srcpop};
        size_t q2, kk;
        for (kk = 0, k = 0; kk < 2; kk++) {
            for (q2 = 0; q2 < n_of[kk]; q2++) {
                for (q = 0; q < p->n_prj; q++) {
                    const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
                    if (row[NAI_CIRC_PRJ_PRE_KIND] == kind[kk]
                        && (size_t)row[NAI_CIRC_PRJ_PRE] == q2) {
                        pr->out_prj[k++] = q;
                    }
                }
            }
        }
    }
    for (q = 0; q < p->n_srcpop; q++) {
        const int64_t *row = p->src + q * NAI_CIRC_SRC_COLS;
        for (k = (size_t)row[NAI_CIRC_SRC_START];
             k < (size_t)(row[NAI_CIRC_SRC_START] + row[NAI_CIRC_SRC_N]); k++) {
            pr->src_pop[k] = q;
            pr->lambda[k] = row[NAI_CIRC_SRC_KIND] == NAI_CIRC_POISSON
                            ? p->rate[k] * dt / NAI_MS_PER_S : 0.0;
            pr->p0[k] = exp(-pr->lambda[k]);
        }
    }
    if (pr->any_dep) {
        for (q = 0; q < p->n_prj; q++) {
            const size_t c0 = pr->prj_conn[q];
            const size_t c1 = q + 1 < p->n_prj ? pr->prj_conn[q + 1] : p->n_conn;
            for (k = c0; k < c1; k++) {
                const double tr = p->stp[NAI_CIRC_STP_TAU_REC * p->n_conn + k];
                pr->x_decay[k] = nai_prop_decay(dt, tr);
                pr->x_euler_k[k] = dt / tr;
            }
        }
    }
    if (nai_circ_max_plastic_delay(p) > 0 && prop_plastic(p, pr) != NAI_OK) {
        nai_circ_prop_free(pr);
        return NULL;
    }
    return pr;
}

size_t
nai_circ_width(const nai_circ_prop *pr)
{
    return pr->n + pr->n_syn + (pr->any_dep ? pr->n_conn : 0) + 1;
}

/* ---- Poisson counts ---------------------------------------------------- */

/* SplitMix64's finaliser: a bijection of 64-bit words that mixes every bit. */
static uint64_t
mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

int64_t
nai_circ_poisson_count(uint64_t seed, uint64_t q, uint64_t k, uint64_t i, double lambda,
                       double p0)
{
    uint64_t h = mix64(seed ^ UINT64_C(0x9E3779B97F4A7C15));
    double u, term, cdf;
    int64_t c = 0;
    h = mix64(h ^ (q * UINT64_C(0xD1B54A32D192ED03)));
    h = mix64(h ^ (k * UINT64_C(0xAEF17502108EF2D9)));
    h = mix64(h ^ (i * UINT64_C(0xDB4F0B9175AE2165)));
    u = (double)(h >> 11) * 0x1.0p-53;
    term = p0;
    cdf = p0;
    /* inversion; the terms reach 0 in finite steps, so rounding cannot loop */
    while (u >= cdf && term > 0.0) {
        c++;
        term = term * lambda / (double)c;
        cdf += term;
    }
    return c;
}

/* ---- one step ---------------------------------------------------------- */

/* The efficacy of a spike at time t on connection c of a projection with
 * plasticity stp, updating the connection's state. */
static double
release(const nai_circ_params *p, nai_circ_state *s, int64_t stp, size_t c, double t)
{
    if (stp == NAI_CIRC_STP_TM) {
        nai_stp_tm_params tp;
        nai_stp_tm_state ts;
        double e;
        tp.U = p->stp[NAI_CIRC_STP_U * p->n_conn + c];
        tp.tau_rec = p->stp[NAI_CIRC_STP_TAU_REC * p->n_conn + c];
        tp.tau_fac = p->stp[NAI_CIRC_STP_TAU_FAC * p->n_conn + c];
        ts.x = s->x[c];
        ts.u = s->u[c];
        ts.t_last = s->t_last[c];
        ts.has_spiked = s->t_last[c] > -INFINITY;
        e = nai_stp_tm_release(&tp, &ts, t);
        s->x[c] = ts.x;
        s->u[c] = ts.u;
        s->t_last[c] = ts.t_last;
        return e;
    }
    return nai_stp_dep_release(p->stp[NAI_CIRC_STP_U * p->n_conn + c], &s->x[c]);
}

/* Send one spike of unit l (local) of a pre through the projections
 * out_prj[o0 .. o1), stamped at absolute step `step` (1b and 4), to the
 * targets among the part's neurons [w->lo, w->hi) only: each part sends
 * every spike, in the same order, so each target receives its additions in
 * the order of one serial run, and each connection's plasticity is updated
 * by the part that owns its target. */
static size_t
send(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s,
     nai_circ_work *wk, size_t o0, size_t o1, size_t l, int64_t step, double t)
{
    size_t scanned = 0;
    const size_t L = pr->L, n_syn = pr->n_syn, lo = wk->lo, span = wk->hi - wk->lo;
    const uint64_t ustep = (uint64_t)step;
    size_t o;
    for (o = o0; o < o1; o++) {
        const size_t q = pr->out_prj[o];
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const int64_t d = row[NAI_CIRC_PRJ_DELAY], stp = row[NAI_CIRC_PRJ_STP];
        const int64_t *ip = p->indptr + pr->prj_iptr[q];
        const size_t c0 = pr->prj_conn[q] + (size_t)ip[l], c1 = pr->prj_conn[q] + (size_t)ip[l + 1];
        const int64_t *restrict idx = p->indices;
        const double *restrict w = p->weights;
        const size_t tgt = pr->prj_tgt[q];
        /* target idx is the part's when post0 + idx - lo < span (unsigned) */
        const size_t off = pr->prj_post0[q] - lo;
        size_t c;
        scanned += c1 - c0;
        if (prj_rule(p, q) >= 0) {
            /* STDP (d >= 1): depress with the post trace of the arrivals
             * before t, send the new weight; then the unit's pre trace
             * advances (for every part: each keeps its own) */
            const nai_stdp_params *rp = pr->rule + prj_rule(p, q);
            const nai_stdp_prop *rq = pr->rule_pr + prj_rule(p, q);
            const size_t sl = (size_t)((ustep + (uint64_t)d) % L), m0 = pr->prj_ptr0[q];
            const size_t mp = pr->prj_pre0[q] + l;
            double *restrict dst = s->ring + sl * n_syn;
            if (rp->kind == NAI_STDP_PAIR && stp == NAI_CIRC_STP_NONE) {
                /* the common case, with the rule and the arrays in locals:
                 * each exp() is a call, after which the compiler reloads
                 * whatever it reached through a pointer */
                const nai_stdp_params r = *rp;
                const nai_stdp_prop rqq = *rq;
                const double *restrict pt = s->post_t + m0, *restrict pk = s->post_k + m0;
                const double *restrict pkb = s->post_kb + m0;
                double *restrict ws = s->w;
                for (c = c0; c < c1; c++) {
                    const size_t g = (size_t)idx[c];
                    nai_stdp_post post;
                    double wc;
                    if (!(off + g < span)) {
                        continue;
                    }
                    post.t_last = pt[g];
                    post.k_after = pk[g];
                    post.k_before = pkb[g];
                    wc = nai_stdp_depress(&r, ws[c], nai_stdp_k_minus(&rqq, &post, t));
                    ws[c] = wc;
                    ring_add(wk, dst, sl, tgt + g, wc);
                }
                nai_stdp_pre_spike(&r, &wk->pre_k[mp], &wk->pre_t[mp], t);
                continue;
            }
            for (c = c0; c < c1; c++) {
                nai_stdp_post post;
                size_t m;
                double wc;
                if (!(off + (size_t)idx[c] < span)) {
                    continue;
                }
                m = m0 + (size_t)idx[c];
                post.t_last = s->post_t[m];
                post.k_after = s->post_k[m];
                post.k_before = s->post_kb[m];
                if (rp->kind == NAI_STDP_DOPAMINE) {
                    nai_stdp_dopa_advance(rp, &s->w[c], &s->c_elig[c], &s->t_upd[c],
                                          s->post_n[m], s->post_td[m], t);
                    s->c_elig[c] -= rp->a_minus * nai_stdp_k_minus(rq, &post, t);
                    wc = s->w[c];
                } else {
                    wc = nai_stdp_depress(rp, s->w[c], nai_stdp_k_minus(rq, &post, t));
                    s->w[c] = wc;
                }
                if (stp != NAI_CIRC_STP_NONE) {
                    wc *= release(p, s, stp, c, t);
                }
                ring_add(wk, dst, sl, tgt + (size_t)idx[c], wc);
            }
            nai_stdp_pre_spike(rp, &wk->pre_k[mp], &wk->pre_t[mp], t);
        } else if (stp == NAI_CIRC_STP_NONE && d == 0) {
            double *restrict dst = s->y + tgt;
            for (c = c0; c < c1; c++) {
                if (off + (size_t)idx[c] < span) {
                    dst[idx[c]] += w[c];
                }
            }
        } else if (stp == NAI_CIRC_STP_NONE && d > 0) {
            const size_t sl = (size_t)((ustep + (uint64_t)d) % L);
            double *restrict dst = s->ring + sl * n_syn;
            for (c = c0; c < c1; c++) {
                if (off + (size_t)idx[c] < span) {
                    ring_add(wk, dst, sl, tgt + (size_t)idx[c], w[c]);
                }
            }
        } else {
            for (c = c0; c < c1; c++) {
                int64_t dc;
                double e;
                if (!(off + (size_t)idx[c] < span)) {
                    continue;
                }
                dc = d >= 0 ? d : p->delays[c];
                e = stp == NAI_CIRC_STP_NONE ? 1.0 : release(p, s, stp, c, t);
                if (dc == 0) {
                    s->y[tgt + (size_t)idx[c]] += w[c] * e;
                } else {
                    const size_t sl = (size_t)((ustep + (uint64_t)dc) % L);
                    ring_add(wk, s->ring + sl * n_syn, sl, tgt + (size_t)idx[c], w[c] * e);
                }
            }
        }
    }
    return scanned;
}

/* Step 0, first: a neuromodulator spike of source unit g at t: every
 * connection of each projection it modulates (the part's targets) brought
 * forward to t, then its post neurons' concentrations step up. */
static size_t
modulate(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s,
         const nai_circ_work *wk, size_t g, double t)
{
    size_t q, j, k, work = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const int64_t rule = prj_rule(p, q);
        const nai_stdp_params *rp;
        size_t post0, post1, j0, j1;
        const size_t *ptr;
        if (rule < 0 || pr->rule[rule].kind != NAI_STDP_DOPAMINE
            || pr->rule[rule].modulator != (int64_t)g) {
            continue;
        }
        rp = pr->rule + rule;
        post0 = pr->prj_post0[q];
        post1 = post0 + prj_n_post(p, row);
        j0 = wk->lo > post0 ? wk->lo : post0;
        j1 = wk->hi < post1 ? wk->hi : post1;
        ptr = pr->csc_ptr + pr->prj_csc0[q];
        for (j = j0; j < j1; j++) {
            const size_t l = j - post0, m = pr->prj_ptr0[q] + l;
            for (k = ptr[l]; k < ptr[l + 1]; k++) {
                const size_t c = pr->csc_conn[pr->prj_conn[q] + k];
                nai_stdp_dopa_advance(rp, &s->w[c], &s->c_elig[c], &s->t_upd[c], s->post_n[m],
                                      s->post_td[m], t);
            }
            nai_stdp_dopa_spike(rp, &s->post_n[m], &s->post_td[m], t);
            work += ptr[l + 1] - ptr[l] + 1;
        }
    }
    return work;
}

/* The weight of connection c of projection q at time t (a dopamine
 * connection's brought forward on a copy of its state). */
static double
weight_at(const nai_circ_params *p, const nai_circ_state *s, const nai_stdp_params *rp,
          size_t m, size_t c, double t)
{
    double w = s->w[c], el, tu;
    (void)p;
    if (rp->kind != NAI_STDP_DOPAMINE) {
        return w;
    }
    el = s->c_elig[c];
    tu = s->t_upd[c];
    nai_stdp_dopa_advance(rp, &w, &el, &tu, s->post_n[m], s->post_td[m], t);
    return w;
}

void
nai_circ_weights_at(const nai_circ_params *p, const nai_circ_state *s, double t, double *w_out)
{
    size_t q, c, conn = 0, iptr = 0, m0 = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const size_t n_pre = prj_n_pre(p, row);
        const size_t nc = (size_t)p->indptr[iptr + n_pre];
        const int64_t rule = prj_rule(p, q);
        nai_stdp_params rp;
        if (rule >= 0) {
            nai_stdp_from_row(p->rules + rule * NAI_STDP_ROWS, &rp);
        }
        for (c = conn; c < conn + nc; c++) {
            w_out[c] = rule >= 0 ? weight_at(p, s, &rp, m0 + (size_t)p->indices[c], c, t)
                                 : p->weights[c];
        }
        if (rule >= 0) {
            m0 += prj_n_post(p, row);
        }
        conn += nc;
        iptr += n_pre + 1;
    }
}

/* Post neurons per block of the arrivals' spike test (a workspace that
 * does not know the spikes of step - d reads them from the state). */
#define CIRC_ARR_BLK 8

/* The facilitation at a post spike visits the neuron's incoming connections
 * through the CSC index, scattered over the weights (far larger than the
 * caches; the pre traces it reads are per pre unit, small), and each update
 * calls exp(), which keeps the processor from reaching the next
 * connection's weight on its own: the weight CIRC_PREFETCH connections
 * ahead is fetched early (no effect on results; without the GCC/clang
 * builtin, nothing). */
#define CIRC_PREFETCH 8
#if defined(__GNUC__)
#define CIRC_PREFETCH_RW(p) __builtin_prefetch((p), 1)
#else
#define CIRC_PREFETCH_RW(p) ((void)(p))
#endif

/* A post spike of neuron l (local) of plastic projection q (rule rp, its
 * post trace m) reaching the synapses at t: the post trace advances, then
 * each incoming connection is facilitated (or its eligibility, with
 * dopamine).  Returns the connections updated. */
static size_t
post_arrives(const nai_circ_prop *pr, nai_circ_state *s, const nai_circ_work *wk, size_t q,
             const nai_stdp_params *rp, const nai_stdp_prop *rq, size_t l, size_t m, double t)
{
    const size_t *ptr = pr->csc_ptr + pr->prj_csc0[q];
    const size_t *restrict conn = pr->csc_conn + pr->prj_conn[q];
    const size_t *restrict pre = pr->csc_pre + pr->prj_conn[q];
    const double *restrict pre_t = wk->pre_t + pr->prj_pre0[q];
    const double *restrict pre_k = wk->pre_k + pr->prj_pre0[q];
    const size_t k0 = ptr[l], k1 = ptr[l + 1];
    nai_stdp_post post;
    size_t k;
    post.t_last = s->post_t[m];
    post.k_after = s->post_k[m];
    post.k_before = s->post_kb[m];
    nai_stdp_post_spike(rp, rq, &post, t);
    s->post_t[m] = post.t_last;
    s->post_k[m] = post.k_after;
    s->post_kb[m] = post.k_before;
    if (rp->kind == NAI_STDP_PAIR) {
        /* the rule and the weights in locals (see send) */
        const nai_stdp_params r = *rp;
        double *restrict ws = s->w;
        for (k = k0; k < k1; k++) {
            const size_t c = conn[k], i = pre[k];
            if (k + CIRC_PREFETCH < k1) {
                CIRC_PREFETCH_RW(&ws[conn[k + CIRC_PREFETCH]]);
            }
            ws[c] = nai_stdp_on_post(&r, ws[c], pre_k[i], pre_t[i], t);
        }
        return k1 - k0;
    }
    for (k = k0; k < k1; k++) {
        const size_t c = conn[k], i = pre[k];
        if (k + CIRC_PREFETCH < k1) {
            CIRC_PREFETCH_RW(&s->w[conn[k + CIRC_PREFETCH]]);
        }
        nai_stdp_dopa_advance(rp, &s->w[c], &s->c_elig[c], &s->t_upd[c], s->post_n[m],
                              s->post_td[m], t);
        if (pre_t[i] > -INFINITY) {
            s->c_elig[c] += rp->a_plus * pre_k[i] * exp((pre_t[i] - t) / rp->tau_plus);
        }
    }
    return k1 - k0;
}

/* Step 0: the post spikes of step `step` - d of each plastic projection
 * (delay d) reach its synapses at t = t_step, for the part's post neurons
 * (nai_circ_work's lists of them, or the state's fired ring): the post
 * trace advances and each incoming connection is facilitated; then, at a
 * scaling step, each post neuron's incoming weights are scaled.  Returns
 * the updates done. */
static size_t
arrivals(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s,
         const nai_circ_work *wk, int64_t step, double t)
{
    size_t q, j, work = 0;
    for (q = 0; q < p->n_prj; q++) {
        const int64_t *row = p->prj + q * NAI_CIRC_PRJ_COLS;
        const int64_t rule = prj_rule(p, q), d = row[NAI_CIRC_PRJ_DELAY];
        const size_t post0 = pr->prj_post0[q], post1 = post0 + prj_n_post(p, row);
        const size_t j0 = wk->lo > post0 ? wk->lo : post0, j1 = wk->hi < post1 ? wk->hi : post1;
        const nai_stdp_params *rp;
        const nai_stdp_prop *rq;
        if (rule < 0 || j1 <= j0) {
            continue;
        }
        rp = pr->rule + rule;
        rq = pr->rule_pr + rule;
        if (step >= d) {
            const size_t slot = (size_t)((uint64_t)(step - d) % pr->F);
            const size_t m0 = pr->prj_ptr0[q] - post0;   /* + j: neuron j's post trace */
            if (wk->n_arr[slot] != NAI_CIRC_SLOT_FULL) {
                /* the part's spikes of step - d, in neuron order */
                const int64_t *list = arr_list(wk, slot);
                size_t e;
                for (e = 0; e < wk->n_arr[slot]; e++) {
                    j = (size_t)list[e];
                    if (j >= j0 && j < j1) {
                        work += post_arrives(pr, s, wk, q, rp, rq, j - post0, m0 + j, t);
                    }
                }
                work += wk->n_arr[slot];
            } else {
                /* unknown to this workspace: the state's fired ring */
                const int64_t *fired = s->fired + slot * p->n;
                for (j = j0; j < j1; j++) {
                    if (j + CIRC_ARR_BLK <= j1 && (j - j0) % CIRC_ARR_BLK == 0) {
                        /* a block without a spike is skipped after one
                         * branch-free test (it vectorises) */
                        int hit = 0;
                        size_t e;
                        for (e = 0; e < CIRC_ARR_BLK; e++) {
                            hit |= fired[j + e] == step - d;
                        }
                        if (!hit) {
                            j += CIRC_ARR_BLK - 1;
                            continue;
                        }
                    }
                    if (fired[j] == step - d) {
                        work += post_arrives(pr, s, wk, q, rp, rq, j - post0, m0 + j, t);
                    }
                }
                work += j1 - j0;
            }
        }
        if (rp->scale_every > 0 && step > 0 && step % rp->scale_every == 0) {
            /* synaptic scaling, after the step's arrivals */
            const size_t *ptr = pr->csc_ptr + pr->prj_csc0[q];
            for (j = j0; j < j1; j++) {
                const size_t l = j - post0;
                nai_stdp_scale(rp, s->w, pr->csc_conn + pr->prj_conn[q] + ptr[l],
                               ptr[l + 1] - ptr[l]);
            }
            work += ptr[j1 - post0] - ptr[j0 - post0];
        }
    }
    return work;
}

/* Why part 0 ends a call after a step (work->stop). */
#define CIRC_STOP_WORK 1   /* the call did its budget of updates */
#define CIRC_STOP_FULL 2   /* the spike buffer may not hold the next step */

/* Neurons per block of the threshold scan. */
#define CIRC_SCAN 8

/* Neurons per block of the conductance update: its three scratch rows
 * (6 KiB) stay in L1 between the passes. */
#define CIRC_COND_BLK 256

/* e[l] = exp(x[l]) for l < nb.  nai_vexp (nai_vexp.h) is within 2 ulp of
 * exp for -708 <= x <= 0 and gives 0 below -708 (where exp(x) < 3.3e-308),
 * with the same bits on every instruction set; it replaces the C library's
 * exp, which evaluated one value per call and took half of the update's
 * time.  Its domain is x <= 0, which holds whenever 1 + a >= 0 (a >= 0:
 * conductances >= 0, resistance >= 0); a value outside it (a negative
 * resistance, a negative initial conductance, NaN) is left to exp().  The
 * choice is made value by value and nai_exp_neg() has nai_vexp's bits, so
 * a neuron's result depends neither on its block nor on the thread count. */
static void
cond_exp(const double *restrict x, double *restrict e, size_t nb)
{
    size_t l;
    int in = 1;
    for (l = 0; l < nb; l++) {
        in &= x[l] <= 0.0;
    }
    if (in) {
        nai_vexp(x, e, nb);
        return;
    }
    for (l = 0; l < nb; l++) {
        e[l] = x[l] <= 0.0 ? nai_exp_neg(x[l]) : exp(x[l]);
    }
}

/* ---- the update of a uniform population, for each instruction set ----
 *
 * A population whose neurons share tau_m, v_rest, R and i_ext, with at most
 * two receptors of one tau_syn each (the CUBA and COBA cases), is updated
 * with scalar propagators.  Its loops are written once, as always_inline
 * bodies taking their arguments in a struct, and built for the portable
 * target and, on x86-64 with GCC or clang, for AVX2 and AVX-512F: wider
 * vectors of the same operations in the same order (no fused
 * multiply-adds), so every set gives the same bits.  One is chosen at run
 * time, as nai_vexp is (nai_cpu.h). */
#if defined(__GNUC__)
#define CIRC_INLINE __attribute__((always_inline)) inline
#else
#define CIRC_INLINE inline
#endif

#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
#define CIRC_ISA_VARIANTS(name, body, args)                                     \
    static void name##_portable(const args *a) { body(a); }                    \
    __attribute__((target("avx512f"))) static void name##_avx512(const args *a) \
    { body(a); }                                                                \
    __attribute__((target("avx2"))) static void name##_avx2(const args *a)     \
    { body(a); }                                                                \
    static void name(const args *a)                                             \
    {                                                                           \
        switch (nai_cpu_isa()) {                                                \
        case NAI_ISA_AVX512: name##_avx512(a); return;                          \
        case NAI_ISA_AVX2: name##_avx2(a); return;                              \
        default: name##_portable(a);                                            \
        }                                                                       \
    }
#else
#define CIRC_ISA_VARIANTS(name, body, args)                                     \
    static void name(const args *a) { body(a); }
#endif

/* The exact current-based update (nb = 1: receptor ya only):
 * V <- v_rest + (V - v_rest) P22 + P21a ya + P21b yb + ext, y <- y dec. */
typedef struct {
    size_t np;
    int nb;
    double *v, *ya, *yb;
    double vr, p22, ex, pa, da, pb, db;
} cuba_args;

static CIRC_INLINE void
cuba_body(const cuba_args *a)
{
    const size_t np = a->np;
    const double vr = a->vr, p22 = a->p22, ex = a->ex, pa = a->pa, da = a->da;
    double *restrict v = a->v, *restrict ya = a->ya;
    size_t j;
    if (a->nb == 2) {
        double *restrict yb = a->yb;
        const double pb = a->pb, db = a->db;
        for (j = 0; j < np; j++) {
            v[j] = vr + (v[j] - vr) * p22 + pa * ya[j] + pb * yb[j] + ex;
            ya[j] *= da;
            yb[j] *= db;
        }
    } else {
        for (j = 0; j < np; j++) {
            v[j] = vr + (v[j] - vr) * p22 + pa * ya[j] + ex;
            ya[j] *= da;
        }
    }
}

CIRC_ISA_VARIANTS(cuba_update, cuba_body, cuba_args)

/* The exact conductance-based update (nb = 1: receptor a only), in blocks
 * of CIRC_COND_BLK neurons: each conductance frozen at its step mean,
 * V_inf = (drive + a_a E_a + a_b E_b) / (1 + a_a + a_b) with a_r = k g_r m_r,
 * V relaxed exactly to it, exp(-dt (1 + a) / tau_m) by cond_exp in a pass
 * of its own; then the conductances decay.  A held neuron is computed too
 * (hold() puts it back to v_reset), so no pass branches. */
typedef struct {
    size_t np;
    int nb;
    double *v, *ga, *gb;
    const double *ea, *eb;
    double k, drive, tm, dt, ma, mb, da, db;
} coba_args;

static CIRC_INLINE void
coba_body(const coba_args *a)
{
    const size_t np = a->np;
    const double k = a->k, drive = a->drive, tm = a->tm, dt = a->dt, ma = a->ma, mb = a->mb;
    double *restrict v = a->v, *restrict ga = a->ga, *restrict gb = a->gb;
    const double *restrict ea = a->ea, *restrict eb = a->eb;
    double v_inf[CIRC_COND_BLK], x[CIRC_COND_BLK], e[CIRC_COND_BLK];
    size_t j0b, j;
    for (j0b = 0; j0b < np; j0b += CIRC_COND_BLK) {
        const size_t nb = np - j0b < CIRC_COND_BLK ? np - j0b : CIRC_COND_BLK;
        size_t l;
        if (a->nb == 2) {
            for (l = 0; l < nb; l++) {
                const size_t jj = j0b + l;
                const double aa = k * (ga[jj] * ma), ab = k * (gb[jj] * mb);
                const double g_a = aa + ab;
                v_inf[l] = (drive + aa * ea[jj] + ab * eb[jj]) / (1.0 + g_a);
                x[l] = -(dt * (1.0 + g_a)) / tm;   /* as nai_prop_decay's -h/tau */
            }
        } else {
            for (l = 0; l < nb; l++) {
                const size_t jj = j0b + l;
                const double aa = k * (ga[jj] * ma);
                v_inf[l] = (drive + aa * ea[jj]) / (1.0 + aa);
                x[l] = -(dt * (1.0 + aa)) / tm;
            }
        }
        cond_exp(x, e, nb);
        for (l = 0; l < nb; l++) {
            v[j0b + l] = v_inf[l] + (v[j0b + l] - v_inf[l]) * e[l];
        }
    }
    for (j = 0; j < np; j++) {
        ga[j] *= a->da;
    }
    if (a->nb == 2) {
        for (j = 0; j < np; j++) {
            gb[j] *= a->db;
        }
    }
}

CIRC_ISA_VARIANTS(coba_update, coba_body, coba_args)

/* Step 3 for the part's neurons of population q (a refractory neuron's V
 * is set to v_reset afterwards, by hold()). */
static void
update_pop(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s, size_t q,
           const nai_circ_work *wk)
{
    const size_t n = p->n;
    const int64_t *row = p->pop + q * NAI_CIRC_POP_COLS;
    const size_t ps = (size_t)row[NAI_CIRC_POP_START], pe = ps + (size_t)row[NAI_CIRC_POP_N];
    const size_t j0 = wk->lo > ps ? wk->lo : ps, j1 = wk->hi < pe ? wk->hi : pe;
    const size_t np = j1 > j0 ? j1 - j0 : 0, a = j0 - ps;   /* a: offset in the population */
    const int cond = row[NAI_CIRC_POP_SYN] == NAI_CIRC_CONDUCTANCE;
    const size_t b0 = pr->pop_blk0[q];
    const size_t b1 = q + 1 < p->n_pop ? pr->pop_blk0[q + 1] : p->n_blk;
    const double *restrict v_rest = p->neurons + NAI_CIRC_V_REST * n + j0;
    const double *restrict res = p->neurons + NAI_CIRC_RESISTANCE * n + j0;
    const double *restrict i_ext = p->neurons + NAI_CIRC_I_EXT * n + j0;
    const double *restrict tau_m = p->neurons + NAI_CIRC_TAU_M * n + j0;
    const double *restrict v_decay = pr->v_decay + j0, *restrict ext = pr->ext + j0;
    const double *restrict v_k = pr->v_euler_k + j0;
    double *restrict v = s->v + j0;
    const int64_t *restrict ref = s->ref_left + j0;
    size_t j, b;

    if (np == 0) {
        return;
    }
    if (p->method == NAI_EXACT && !cond && pr->pop_uniform[q] && b1 - b0 <= 2) {
        /* the general loop's arithmetic, in its order, with scalar propagators */
        cuba_args ca;
        const int two = b1 - b0 == 2;
        ca.np = np;
        ca.nb = two ? 2 : 1;
        ca.v = v;
        ca.ya = s->y + pr->blk_off[b0] + a;
        ca.yb = two ? s->y + pr->blk_off[b0 + 1] + a : ca.ya;
        ca.vr = v_rest[0];
        ca.p22 = v_decay[0];
        ca.ex = ext[0];
        ca.pa = pr->blk_p21[b0];
        ca.da = pr->blk_dec[b0];
        ca.pb = two ? pr->blk_p21[b0 + 1] : 0.0;
        ca.db = two ? pr->blk_dec[b0 + 1] : 0.0;
        cuba_update(&ca);
    } else if (p->method == NAI_EXACT && cond && pr->pop_uniform[q] && b1 - b0 <= 2) {
        /* the general loop's arithmetic, in its order, with scalar factors */
        coba_args ca;
        const int two = b1 - b0 == 2;
        const size_t ia = pr->blk_off[b0] + a, ib = two ? pr->blk_off[b0 + 1] + a : ia;
        ca.np = np;
        ca.nb = two ? 2 : 1;
        ca.v = v;
        ca.ga = s->y + ia;
        ca.gb = s->y + ib;
        ca.ea = p->e_rev + ia;
        ca.eb = p->e_rev + ib;
        ca.k = NAI_NA_PER_NS_MV * res[0];
        ca.drive = v_rest[0] + res[0] * i_ext[0];
        ca.tm = tau_m[0];
        ca.dt = pr->dt;
        ca.ma = pr->g_mean[ia];
        ca.mb = pr->g_mean[ib];
        ca.da = pr->blk_dec[b0];
        ca.db = two ? pr->blk_dec[b0 + 1] : 0.0;
        coba_update(&ca);
    } else if (p->method == NAI_EXACT && !cond) {
        for (j = 0; j < np; j++) {
            v[j] = v_rest[j] + (v[j] - v_rest[j]) * v_decay[j];
        }
        for (b = b0; b < b1; b++) {
            double *restrict y = s->y + pr->blk_off[b] + a;
            const double *restrict p21 = pr->p21 + pr->blk_off[b] + a;
            const double *restrict dec = pr->y_decay + pr->blk_off[b] + a;
            for (j = 0; j < np; j++) {
                v[j] += p21[j] * y[j];
                y[j] *= dec[j];
            }
        }
        for (j = 0; j < np; j++) {
            v[j] += ext[j];
        }
    } else if (p->method == NAI_EXACT && cond) {
        /* per-neuron factors or more receptors: the same arithmetic in the
         * same order per neuron (the receptor sums in receptor order), in
         * blocks of three passes as above; a held neuron is computed too */
        double num[CIRC_COND_BLK], g_a[CIRC_COND_BLK], e[CIRC_COND_BLK];
        size_t j0b;
        for (j0b = 0; j0b < np; j0b += CIRC_COND_BLK) {
            const size_t nb = np - j0b < CIRC_COND_BLK ? np - j0b : CIRC_COND_BLK;
            size_t l;
            for (b = b0; b < b1; b++) {
                const size_t i0 = pr->blk_off[b] + a + j0b;
                const double *restrict g = s->y + i0, *restrict gm = pr->g_mean + i0;
                const double *restrict er = p->e_rev + i0, *restrict rr = res + j0b;
                if (b == b0) {
                    const double *restrict vr = v_rest + j0b, *restrict ie = i_ext + j0b;
                    for (l = 0; l < nb; l++) {
                        const double ab = NAI_NA_PER_NS_MV * rr[l] * (g[l] * gm[l]);
                        g_a[l] = ab;
                        num[l] = (vr[l] + rr[l] * ie[l]) + ab * er[l];
                    }
                } else {
                    for (l = 0; l < nb; l++) {
                        const double ab = NAI_NA_PER_NS_MV * rr[l] * (g[l] * gm[l]);
                        g_a[l] = g_a[l] + ab;
                        num[l] = num[l] + ab * er[l];
                    }
                }
            }
            for (l = 0; l < nb; l++) {
                num[l] = num[l] / (1.0 + g_a[l]);           /* V_inf */
                g_a[l] = -(pr->dt * (1.0 + g_a[l])) / tau_m[j0b + l];
            }
            cond_exp(g_a, e, nb);
            for (l = 0; l < nb; l++) {
                double *restrict vj = v + j0b + l;
                *vj = num[l] + (*vj - num[l]) * e[l];
            }
        }
        for (b = b0; b < b1; b++) {
            double *restrict y = s->y + pr->blk_off[b] + a;
            const double *restrict dec = pr->y_decay + pr->blk_off[b] + a;
            for (j = 0; j < np; j++) {
                y[j] *= dec[j];
            }
        }
    } else {
        /* NAI_EULER, current or conductance */
        for (j = 0; j < np; j++) {
            double vj = v[j];
            if (ref[j] > 0) {
                continue;                 /* held: set in the pass below */
            }
            {
                double I = 0.0;
                for (b = b0; b < b1; b++) {
                    const size_t i = pr->blk_off[b] + a + j;
                    const double Ib = cond ? nai_synapse_cond_current(s->y[i], p->e_rev[i], vj)
                                           : s->y[i];
                    I = b == b0 ? Ib : I + Ib;
                }
                vj = nai_lif_euler_v(vj, v_rest[j], res[j], I + i_ext[j], v_k[j]);
            }
            v[j] = vj;
        }
        for (b = b0; b < b1; b++) {
            double *restrict y = s->y + pr->blk_off[b] + a;
            const double *restrict yk = pr->y_euler_k + pr->blk_off[b] + a;
            for (j = 0; j < np; j++) {
                y[j] = y[j] + (-y[j]) * yk[j];
            }
        }
    }
}

/* Step 4, first part: the part's refractory neurons (the held list) are
 * put back to v_reset and count down; one whose count reaches 0 leaves the
 * list (it is tested again from the next step).  The list is rebuilt from
 * ref_left when unknown (a new workspace). */
static void
hold(const nai_circ_params *p, nai_circ_state *s, nai_circ_work *wk)
{
    const double *restrict v_reset = p->neurons + NAI_CIRC_V_RESET * p->n;
    double *restrict v = s->v;
    int64_t *restrict ref = s->ref_left;
    size_t h, kept = 0;
    if (!wk->held_known) {
        size_t j;
        wk->n_held = 0;
        for (j = wk->lo; j < wk->hi; j++) {
            if (ref[j] > 0) {
                wk->held[wk->n_held++] = j;
            }
        }
        wk->held_known = 1;
    }
    for (h = 0; h < wk->n_held; h++) {
        const size_t j = wk->held[h];
        ref[j]--;
        v[j] = v_reset[j];
        if (ref[j] > 0) {
            wk->held[kept++] = j;
        }
    }
    wk->n_held = kept;
}

/* Why part 0 ends a call after a step (work->stop). */
#define CIRC_STOP_WORK 1   /* the call did its budget of updates */
#define CIRC_STOP_FULL 2   /* the spike buffer may not hold the next step */

/* Neurons per block of the threshold scan. */
#define CIRC_SCAN 8

/* Step 4, second part, for the part's neurons of population q: V >=
 * v_threshold fires (held neurons sit at v_reset < v_threshold), tested a
 * block of CIRC_SCAN at a time without a branch (it vectorises), neuron by
 * neuron only in a block with a crossing.  Returns the new spike count nf. */
static size_t
scan_pop(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s, size_t q,
         nai_circ_work *wk, int64_t *fired, size_t nf)
{
    const size_t n = p->n;
    const int64_t *row = p->pop + q * NAI_CIRC_POP_COLS;
    const size_t ps = (size_t)row[NAI_CIRC_POP_START], pe = ps + (size_t)row[NAI_CIRC_POP_N];
    const size_t j0 = wk->lo > ps ? wk->lo : ps, j1 = wk->hi < pe ? wk->hi : pe;
    const double *restrict v_th = p->neurons + NAI_CIRC_V_THRESHOLD * n;
    const double *restrict v_reset = p->neurons + NAI_CIRC_V_RESET * n;
    double *restrict v = s->v;
    size_t jb, j;
    if (j1 <= j0) {
        return nf;
    }
    for (jb = j0; jb < j1; jb += CIRC_SCAN) {
        const size_t je = jb + CIRC_SCAN < j1 ? jb + CIRC_SCAN : j1;
        int hit = 0;
        if (je - jb == CIRC_SCAN) {
            size_t e;
            for (e = 0; e < CIRC_SCAN; e++) {
                hit |= v[jb + e] >= v_th[jb + e];
            }
        } else {
            hit = 1;
        }
        if (!hit) {
            continue;
        }
        for (j = jb; j < je; j++) {
            if (v[j] >= v_th[j]) {
                v[j] = v_reset[j];
                s->ref_left[j] = pr->ref_steps[j];
                fired[nf++] = (int64_t)j;
                if (pr->ref_steps[j] > 0) {
                    wk->held[wk->n_held++] = j;
                }
            }
        }
    }
    return nf;
}

/* ceil(a / k) for a >= 0, k >= 1 */
static int64_t
ceil_div(int64_t a, int64_t k)
{
    return (a + k - 1) / k;
}

/* Step 2 for connection c, if its target is one of the part's (else 0):
 * its plasticity state as a spike at t would find it (TM, before the
 * release; nai_stp_tm_peek), x and u of the course's depression, or 1 and 1. */
/* The projection of connection c: the last with prj_conn <= c. */
static size_t
conn_prj(const nai_circ_params *p, const nai_circ_prop *pr, size_t c)
{
    size_t lo = 0, hi = p->n_prj;
    while (hi - lo > 1) {
        const size_t mid = (lo + hi) / 2;
        if (pr->prj_conn[mid] <= c) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* 1 if the target of connection c of projection q is one of the part's. */
static int
owns_conn(const nai_circ_params *p, const nai_circ_prop *pr, const nai_circ_work *wk,
          size_t q, size_t c)
{
    return pr->prj_post0[q] + (size_t)p->indices[c] - wk->lo < wk->hi - wk->lo;
}

static int
conn_state(const nai_circ_params *p, const nai_circ_prop *pr, const nai_circ_state *s,
           const nai_circ_work *wk, size_t c, double t, double *x, double *u)
{
    const size_t q = conn_prj(p, pr, c);
    int64_t stp;
    if (!owns_conn(p, pr, wk, q, c)) {
        return 0;
    }
    stp = p->prj[q * NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_STP];
    if (stp == NAI_CIRC_STP_TM) {
        nai_stp_tm_params tp;
        nai_stp_tm_state ts;
        tp.U = p->stp[NAI_CIRC_STP_U * p->n_conn + c];
        tp.tau_rec = p->stp[NAI_CIRC_STP_TAU_REC * p->n_conn + c];
        tp.tau_fac = p->stp[NAI_CIRC_STP_TAU_FAC * p->n_conn + c];
        ts.x = s->x[c];
        ts.u = s->u[c];
        ts.t_last = s->t_last[c];
        ts.has_spiked = s->t_last[c] > -INFINITY;
        nai_stp_tm_peek(&tp, &ts, ts.has_spiked && ts.t_last > t ? ts.t_last : t, x, u);
    } else if (stp == NAI_CIRC_STP_DEP) {
        *x = s->x[c];
        *u = p->stp[NAI_CIRC_STP_U * p->n_conn + c];
    } else {
        *x = 1.0;
        *u = 1.0;
    }
    return 1;
}

size_t
nai_circ_trace_rows(int64_t step0, size_t n_steps, size_t rec_every)
{
    const int64_t k = rec_every > 1 ? (int64_t)rec_every : 1;
    if (k == 1) {
        return n_steps;
    }
    return (size_t)(ceil_div(step0 + (int64_t)n_steps, k) - ceil_div(step0, k));
}

/* 1 if receptor variable k is one of the part's. */
static int
owns_syn(const nai_circ_work *w, size_t k)
{
    size_t b;
    for (b = 0; b < w->n_blk; b++) {
        if (k >= w->own[2 * b] && k < w->own[2 * b + 1]) {
            return 1;
        }
    }
    return 0;
}

nai_status
nai_circ_advance(const nai_circ_params *p, const nai_circ_prop *pr, nai_circ_state *s,
                 int64_t step0, size_t n_steps, size_t n_events, const double *times,
                 const int64_t *src, size_t n_rec_n, const int64_t *rec_n, double *v_trace,
                 size_t n_rec_y, const int64_t *rec_y, double *y_trace, size_t n_rec_c,
                 const int64_t *rec_c, double *x_trace, double *u_trace, double *w_trace,
                 size_t rec_every, int64_t *counts, int64_t bin0, size_t rate_bin, nai_spikes *spikes,
                 nai_circ_work *const *wks, size_t n_parts, size_t part,
                 void (*sync)(void *), void *sync_arg, size_t work_budget,
                 size_t *steps_done, size_t *events_done)
{
    size_t work = 0;   /* neuron, receptor and connection updates so far */
    const size_t n = p->n, n_syn = pr->n_syn, L = pr->L;
    const double dt = pr->dt;
    const int64_t every = rec_every > 1 ? (int64_t)rec_every : 1;
    const int64_t row0 = ceil_div(step0, every);
    nai_circ_work *wk = wks[part];
    size_t i, k = 0, j, r, q;

    *steps_done = 0;
    *events_done = 0;
    wk->pre_t = s->pre_t;
    wk->pre_k = s->pre_k;
    if (pr->any_plastic && n_parts > 1) {
        /* the other parts copy the pre traces, and part 0 changes them only
         * after every part has its copy */
        if (part > 0 && pr->n_pre_tr > 0) {
            memcpy(wk->copy_t, s->pre_t, pr->n_pre_tr * sizeof(double));
            memcpy(wk->copy_k, s->pre_k, pr->n_pre_tr * sizeof(double));
            wk->pre_t = wk->copy_t;
            wk->pre_k = wk->copy_k;
        }
        if (sync != NULL) {
            sync(sync_arg);
        }
    }
    for (i = 0; i < n_steps; i++) {
        const int64_t step = step0 + (int64_t)i;
        const double t_i = (double)step * dt;
        const int par = (int)(i & 1);
        size_t nf = 0, t;
        /* 0. neuromodulator spikes, then post spikes reach the plastic synapses */
        if (pr->any_plastic) {
            size_t k2;
            for (k2 = k; pr->any_dopa && k2 < n_events && nai_grid_step(times[k2], dt) == step;
                 k2++) {
                work += modulate(p, pr, s, wk, (size_t)src[k2], t_i);
            }
            work += arrivals(p, pr, s, wk, step, t_i);
        }
        /* 1a. what arrives at this step, for the part's receptor variables */
        {
            const size_t sl = (size_t)((uint64_t)step % L);
            double *restrict slot = s->ring + sl * n_syn;
            double *restrict y = s->y;
            if (wk->n_list[sl] == NAI_CIRC_SLOT_FULL) {
                size_t b;
                for (b = 0; b < wk->n_blk; b++) {
                    for (j = wk->own[2 * b]; j < wk->own[2 * b + 1]; j++) {
                        y[j] += slot[j];
                        slot[j] = 0.0;
                    }
                }
            } else {
                const size_t *restrict list = wk->list + sl * wk->cap;
                for (j = 0; j < wk->n_list[sl]; j++) {
                    y[list[j]] += slot[list[j]];
                    slot[list[j]] = 0.0;
                }
            }
            wk->n_list[sl] = 0;
        }
        /* 1b. source spikes: trains in time order, then Poisson units */
        for (; k < n_events && nai_grid_step(times[k], dt) == step; k++) {
            const size_t g = (size_t)src[k], sq = pr->src_pop[g];
            work += send(p, pr, s, wk, pr->src_out[sq], pr->src_out[sq + 1],
                 g - (size_t)p->src[sq * NAI_CIRC_SRC_COLS + NAI_CIRC_SRC_START], step,
                 times[k]);
        }
        for (q = 0; q < p->n_srcpop; q++) {
            const int64_t *row = p->src + q * NAI_CIRC_SRC_COLS;
            const size_t g0 = (size_t)row[NAI_CIRC_SRC_START];
            if (row[NAI_CIRC_SRC_KIND] != NAI_CIRC_POISSON
                || pr->src_out[q] == pr->src_out[q + 1]) {
                continue;
            }
            for (j = 0; j < (size_t)row[NAI_CIRC_SRC_N]; j++) {
                int64_t c = nai_circ_poisson_count(p->seed, q, j, (uint64_t)step,
                                                   pr->lambda[g0 + j], pr->p0[g0 + j]);
                for (; c > 0; c--) {
                    work += send(p, pr, s, wk, pr->src_out[q], pr->src_out[q + 1], j, step,
                                 t_i);
                }
            }
        }
        /* 2. traces of the part's neurons and receptor variables */
        if (every == 1 || step % every == 0) {
            const size_t row = (size_t)(step / every - row0);
            if (v_trace != NULL) {
                for (r = 0; r < n_rec_n; r++) {
                    if ((size_t)rec_n[r] >= wk->lo && (size_t)rec_n[r] < wk->hi) {
                        v_trace[row * n_rec_n + r] = s->v[rec_n[r]];
                    }
                }
            }
            if (y_trace != NULL) {
                for (r = 0; r < n_rec_y; r++) {
                    if (n_parts == 1 || owns_syn(wk, (size_t)rec_y[r])) {
                        y_trace[row * n_rec_y + r] = s->y[rec_y[r]];
                    }
                }
            }
            for (r = 0; r < n_rec_c && (x_trace != NULL || u_trace != NULL); r++) {
                double xv = 1.0, uv = 1.0;
                if (!conn_state(p, pr, s, wk, (size_t)rec_c[r], t_i, &xv, &uv)) {
                    continue;             /* another part's connection */
                }
                if (x_trace != NULL) {
                    x_trace[row * n_rec_c + r] = xv;
                }
                if (u_trace != NULL) {
                    u_trace[row * n_rec_c + r] = uv;
                }
            }
            for (r = 0; r < n_rec_c && w_trace != NULL; r++) {
                const size_t c = (size_t)rec_c[r], qc = conn_prj(p, pr, c);
                if (owns_conn(p, pr, wk, qc, c)) {
                    const int64_t rl = prj_rule(p, qc);
                    w_trace[row * n_rec_c + r] =
                        rl < 0 ? p->weights[c]
                        : weight_at(p, s, pr->rule + rl, pr->prj_ptr0[qc] + (size_t)p->indices[c],
                                    c, t_i);
                }
            }
        }
        /* 3-4. the part's neurons, population by population */
        for (q = 0; q < p->n_pop; q++) {
            update_pop(p, pr, s, q, wk);
        }
        hold(p, s, wk);
        for (q = 0; q < p->n_pop; q++) {
            nf = scan_pop(p, pr, s, q, wk, wk->fired[par], nf);
        }
        wk->nf[par] = nf;
        if (pr->any_plastic) {
            /* remembered until they reach the plastic synapses (step 0):
             * in the state, and listed for this part */
            const size_t slot = (size_t)((uint64_t)step % pr->F);
            int64_t *fired = s->fired + slot * n;
            for (t = 0; t < nf; t++) {
                fired[wk->fired[par][t]] = step;
            }
            memcpy(arr_list(wk, slot), wk->fired[par], nf * sizeof(int64_t));
            wk->n_arr[slot] = nf;
        }
        /* part 0 decides whether the buffer holds this step and the next:
         * else the run stops after this step, in every part */
        work += n + n_syn + (pr->any_dep ? pr->n_conn : 0);
        if (part == 0) {
            wk->stop[par] = spikes != NULL && spikes->capacity - spikes->count < 2 * n
                            ? CIRC_STOP_FULL
                            : work_budget > 0 && work >= work_budget ? CIRC_STOP_WORK : 0;
        }
        if (sync != NULL) {
            sync(sync_arg);           /* every part's spikes of this step are known */
        }
        /* 4. the step's spikes, in neuron order (part by part), to the part's targets */
        if (pr->pop_out[p->n_pop] > 0) {
            for (t = 0; t < n_parts; t++) {
                const int64_t *fired = wks[t]->fired[par];
                const size_t nft = wks[t]->nf[par];
                size_t f = 0;
                for (q = 0; q < p->n_pop && f < nft; q++) {
                    const size_t start =
                        (size_t)p->pop[q * NAI_CIRC_POP_COLS + NAI_CIRC_POP_START];
                    const size_t end =
                        start + (size_t)p->pop[q * NAI_CIRC_POP_COLS + NAI_CIRC_POP_N];
                    for (; f < nft && (size_t)fired[f] < end; f++) {
                        work += send(p, pr, s, wk, pr->pop_out[q], pr->pop_out[q + 1],
                             (size_t)fired[f] - start, step, t_i);
                    }
                }
            }
        }
        /* the spikes stored and counted, by part 0 */
        if (part == 0) {
            for (t = 0; t < n_parts; t++) {
                const int64_t *fired = wks[t]->fired[par];
                const size_t nft = wks[t]->nf[par];
                size_t f;
                if (spikes != NULL) {
                    for (f = 0; f < nft; f++) {
                        spikes->neuron[spikes->count + f] = fired[f];
                        spikes->time[spikes->count + f] = t_i;
                    }
                    spikes->count += nft;
                }
                if (counts != NULL && nft > 0) {
                    int64_t *row = counts + (size_t)((step - bin0) / (int64_t)rate_bin) * p->n_pop;
                    for (f = 0, q = 0; f < nft; f++) {
                        while ((size_t)fired[f] >= (size_t)(p->pop[q * NAI_CIRC_POP_COLS
                                                                   + NAI_CIRC_POP_START]
                                                            + p->pop[q * NAI_CIRC_POP_COLS
                                                                     + NAI_CIRC_POP_N])) {
                            q++;
                        }
                        row[q]++;
                    }
                }
            }
        }
        /* 5. course-depression recovery of the part's connections */
        if (pr->any_dep) {
            for (q = 0; q < p->n_prj; q++) {
                size_t c, c1;
                const size_t off = pr->prj_post0[q] - wk->lo, span = wk->hi - wk->lo;
                if (p->prj[q * NAI_CIRC_PRJ_COLS + NAI_CIRC_PRJ_STP] != NAI_CIRC_STP_DEP) {
                    continue;
                }
                c1 = q + 1 < p->n_prj ? pr->prj_conn[q + 1] : p->n_conn;
                for (c = pr->prj_conn[q]; c < c1; c++) {
                    if (off + (size_t)p->indices[c] < span) {
                        s->x[c] = nai_stp_dep_recover(s->x[c], (nai_method)p->method,
                                                      pr->x_decay[c], pr->x_euler_k[c]);
                    }
                }
            }
        }
        if (wks[0]->stop[par]) {
            *steps_done = i + 1;
            *events_done = k;
            return i + 1 == n_steps ? NAI_OK
                   : wks[0]->stop[par] == CIRC_STOP_FULL ? NAI_ERR_FULL : NAI_MORE;
        }
    }
    *steps_done = n_steps;
    *events_done = k;
    return NAI_OK;
}
