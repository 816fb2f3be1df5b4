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
