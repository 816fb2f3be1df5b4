/*
 * nai_cpu.h -- the instruction set the kernels use, chosen once.
 *
 * Kernels with a vector body (the LIF exact fast loop and Euler block,
 * nai_vexp) are compiled for three instruction sets: the portable baseline
 * of the build, AVX2 and AVX-512F (x86-64 with GCC or Clang only; every
 * other build, and -DNAI_NO_SIMD, has the portable path alone).  Each
 * kernel's header says what is identical across the paths.
 *
 * The choice is made once, by nai_cpu_init(): the best set the CPU (and the
 * operating system) supports, unless the environment variable
 *
 *     NAI_ISA=portable | avx2 | avx512
 *
 * asks for another.  A request for a set the CPU lacks gets the best it
 * has, so NAI_ISA=avx512 on an AVX2 machine runs AVX2; an unknown value is
 * ignored.  The override exists so that every path that ships can be
 * tested on one machine (tests/c/Makefile runs the C tests under each).
 *
 * Threads: nai_cpu_init() and nai_cpu_select() write one cached value; call
 * them while no kernel runs (the Python binding calls nai_cpu_init() from
 * its module init, the C tests from main).  nai_cpu_isa() only reads it,
 * so kernels running in parallel threads may call it freely.  A program
 * that never calls nai_cpu_init() still gets a correct choice: nai_cpu_isa()
 * then probes on every call (and stores nothing).
 */
#ifndef NAI_CPU_H
#define NAI_CPU_H

/* Ordered: a larger value is a superset of a smaller one. */
typedef enum nai_isa {
    NAI_ISA_PORTABLE = 0,
    NAI_ISA_AVX2 = 1,
    NAI_ISA_AVX512 = 2
} nai_isa;

/* Probe the CPU, read NAI_ISA and cache the choice; returns it.
 * Idempotent: a second call makes the same choice. */
nai_isa nai_cpu_init(void);

/* Use `want`, or the best supported set if the CPU lacks it; returns the
 * set in use.  For tests that compare paths in one process. */
nai_isa nai_cpu_select(nai_isa want);

/* The set in use (see above). */
nai_isa nai_cpu_isa(void);

/* The best set this CPU supports, ignoring NAI_ISA. */
nai_isa nai_cpu_best(void);

/* "portable", "avx2" or "avx512" (static text). */
const char *nai_isa_name(nai_isa isa);

/* The set a NAI_ISA value asks for, clamped to `best`; `best` itself for
 * NULL or an unknown value. */
nai_isa nai_isa_parse(const char *text, nai_isa best);

#endif /* NAI_CPU_H */
