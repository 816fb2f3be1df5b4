/*
 * nai_thread.h -- run a few independent jobs in parallel, pure C.
 *
 * The smallest pool that the stepping objects need: nai_thread_run() runs
 * fn on each of n_jobs jobs, job 0 on the calling thread and the others on
 * threads of their own, and returns when all have finished.  Jobs must touch
 * disjoint memory; each reports its own status in its job struct, so the
 * result never depends on scheduling.  A job whose thread cannot be started
 * is run on the calling thread after job 0, so a failed thread start changes
 * the speed, never the result.
 *
 * POSIX threads, or Win32 threads on Windows.  Calls no Python: used with
 * the GIL released.
 */
#ifndef NAI_THREAD_H
#define NAI_THREAD_H

#include <stddef.h>

/* Most jobs nai_thread_run runs at once. */
#define NAI_THREAD_MAX 16

typedef void (*nai_thread_fn)(void *job);

/* Run fn(jobs + k * job_size) for k = 0 .. n_jobs - 1 (n_jobs <= NAI_THREAD_MAX)
 * and wait for all of them. */
void nai_thread_run(nai_thread_fn fn, void *jobs, size_t job_size, int n_jobs);

/*
 * Jobs that wait for each other.  nai_thread_run_team() runs fn on n_jobs
 * jobs at once, job 0 on the calling thread, and returns 0 when all have
 * finished; unlike nai_thread_run it never runs a job after another, so the
 * jobs may meet at a nai_thread_barrier.  If a thread cannot be started no
 * job runs and it returns -1 (the caller then does the work another way).
 */
int nai_thread_run_team(nai_thread_fn fn, void *jobs, size_t job_size, int n_jobs);

/* A barrier for n threads: nai_thread_barrier_wait returns once all n have
 * called it, and everything a thread wrote before its call is visible to
 * every thread after theirs.  NULL when out of resources; _free is NULL-safe. */
typedef struct nai_thread_barrier nai_thread_barrier;
nai_thread_barrier *nai_thread_barrier_new(int n);
void nai_thread_barrier_wait(nai_thread_barrier *b);
void nai_thread_barrier_free(nai_thread_barrier *b);

#endif /* NAI_THREAD_H */
