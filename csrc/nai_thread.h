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

#endif /* NAI_THREAD_H */
