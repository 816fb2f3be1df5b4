#include <stdlib.h>
#include "nai_thread.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#endif

typedef struct nai_thread_task {
    nai_thread_fn fn;
    void *job;
} nai_thread_task;

#if defined(_WIN32)
static DWORD WINAPI
task_main(LPVOID arg)
{
    nai_thread_task *t = (nai_thread_task *)arg;
    t->fn(t->job);
    return 0;
}
#else
static void *
task_main(void *arg)
{
    nai_thread_task *t = (nai_thread_task *)arg;
    t->fn(t->job);
    return NULL;
}
#endif

void
nai_thread_run(nai_thread_fn fn, void *jobs, size_t job_size, int n_jobs)
{
    nai_thread_task task[NAI_THREAD_MAX];
    int started[NAI_THREAD_MAX] = {0};
#if defined(_WIN32)
    HANDLE handle[NAI_THREAD_MAX];
#else
    pthread_t handle[NAI_THREAD_MAX];
#endif
    int k;
    if (n_jobs > NAI_THREAD_MAX) {
        n_jobs = NAI_THREAD_MAX;
    }
    for (k = 1; k < n_jobs; k++) {
        task[k].fn = fn;
        task[k].job = (char *)jobs + (size_t)k * job_size;
#if defined(_WIN32)
        handle[k] = CreateThread(NULL, 0, task_main, &task[k], 0, NULL);
        started[k] = handle[k] != NULL;
#else
        started[k] = pthread_create(&handle[k], NULL, task_main, &task[k]) == 0;
#endif
    }
    if (n_jobs > 0) {
        fn(jobs);
    }
    for (k = 1; k < n_jobs; k++) {
        if (started[k]) {
#if defined(_WIN32)
            WaitForSingleObject(handle[k], INFINITE);
            CloseHandle(handle[k]);
#else
            pthread_join(handle[k], NULL);
#endif
        } else {
            fn((char *)jobs + (size_t)k * job_size);
        }
    }
}

/* ---- barriers and teams ------------------------------------------------ */

struct nai_thread_barrier {
#if defined(_WIN32)
    SRWLOCK lock;
    CONDITION_VARIABLE cond;
#else
    pthread_mutex_t lock;
    pthread_cond_t cond;
#endif
    int n, waiting;
    unsigned long generation;   /* counts completed waits, so a wake-up is never lost */
};

nai_thread_barrier *
nai_thread_barrier_new(int n)
{
    nai_thread_barrier *b = (nai_thread_barrier *)calloc(1, sizeof *b);
    if (b == NULL) {
        return NULL;
    }
    b->n = n;
#if defined(_WIN32)
    InitializeSRWLock(&b->lock);
    InitializeConditionVariable(&b->cond);
#else
    if (pthread_mutex_init(&b->lock, NULL) != 0) {
        free(b);
        return NULL;
    }
    if (pthread_cond_init(&b->cond, NULL) != 0) {
        pthread_mutex_destroy(&b->lock);
        free(b);
        return NULL;
    }
#endif
    return b;
}

void
nai_thread_barrier_wait(nai_thread_barrier *b)
{
    unsigned long gen;
#if defined(_WIN32)
    AcquireSRWLockExclusive(&b->lock);
#else
    pthread_mutex_lock(&b->lock);
#endif
    gen = b->generation;
    if (++b->waiting == b->n) {
        b->waiting = 0;
        b->generation++;
#if defined(_WIN32)
        WakeAllConditionVariable(&b->cond);
#else
        pthread_cond_broadcast(&b->cond);
#endif
    } else {
        while (gen == b->generation) {
#if defined(_WIN32)
            SleepConditionVariableSRW(&b->cond, &b->lock, INFINITE, 0);
#else
            pthread_cond_wait(&b->cond, &b->lock);
#endif
        }
    }
#if defined(_WIN32)
    ReleaseSRWLockExclusive(&b->lock);
#else
    pthread_mutex_unlock(&b->lock);
#endif
}

void
nai_thread_barrier_free(nai_thread_barrier *b)
{
    if (b == NULL) {
        return;
    }
#if !defined(_WIN32)
    pthread_cond_destroy(&b->cond);
    pthread_mutex_destroy(&b->lock);
#endif
    free(b);
}

/* A team job waits at the gate until every thread has started; go = 0
 * (a start failed) sends it home without running. */
typedef struct team_task {
    nai_thread_fn fn;
    void *job;
    nai_thread_barrier *gate;
    const int *go;
} team_task;

#if defined(_WIN32)
static DWORD WINAPI
team_main(LPVOID arg)
#else
static void *
team_main(void *arg)
#endif
{
    team_task *t = (team_task *)arg;
    nai_thread_barrier_wait(t->gate);
    if (*t->go) {
        t->fn(t->job);
    }
#if defined(_WIN32)
    return 0;
#else
    return NULL;
#endif
}

int
nai_thread_run_team(nai_thread_fn fn, void *jobs, size_t job_size, int n_jobs)
{
    team_task task[NAI_THREAD_MAX];
#if defined(_WIN32)
    HANDLE handle[NAI_THREAD_MAX];
#else
    pthread_t handle[NAI_THREAD_MAX];
#endif
    nai_thread_barrier *gate;
    int k, n_started = 1, go = 1;
    if (n_jobs < 1 || n_jobs > NAI_THREAD_MAX) {
        return -1;
    }
    if (n_jobs == 1) {
        fn(jobs);
        return 0;
    }
    /* the gate counts only the threads that started, plus this one */
    gate = nai_thread_barrier_new(n_jobs);
    if (gate == NULL) {
        return -1;
    }
    for (k = 1; k < n_jobs; k++) {
        int ok;
        task[k].fn = fn;
        task[k].job = (char *)jobs + (size_t)k * job_size;
        task[k].gate = gate;
        task[k].go = &go;
#if defined(_WIN32)
        handle[k] = CreateThread(NULL, 0, team_main, &task[k], 0, NULL);
        ok = handle[k] != NULL;
#else
        ok = pthread_create(&handle[k], NULL, team_main, &task[k]) == 0;
#endif
        if (!ok) {
            break;
        }
        n_started++;
    }
    if (n_started < n_jobs) {
        /* release the started threads without work: the gate is re-sized to
         * the threads that wait on it (under its lock), go is cleared first */
#if defined(_WIN32)
        AcquireSRWLockExclusive(&gate->lock);
        go = 0;
        gate->n = n_started;
        ReleaseSRWLockExclusive(&gate->lock);
#else
        pthread_mutex_lock(&gate->lock);
        go = 0;
        gate->n = n_started;
        pthread_mutex_unlock(&gate->lock);
#endif
    }
    nai_thread_barrier_wait(gate);
    if (go) {
        fn(jobs);
    }
    for (k = 1; k < n_started; k++) {
#if defined(_WIN32)
        WaitForSingleObject(handle[k], INFINITE);
        CloseHandle(handle[k]);
#else
        pthread_join(handle[k], NULL);
#endif
    }
    nai_thread_barrier_free(gate);
    return go ? 0 : -1;
}
