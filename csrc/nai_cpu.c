/* nai_cpu.c -- the instruction set chosen once; contract in nai_cpu.h. */
#include <stdlib.h>
#include <string.h>
#include "nai_cpu.h"

/* -1 until nai_cpu_init() or nai_cpu_select() has run. */
static int cached_isa = -1;

nai_isa
nai_cpu_best(void)
{
#if defined(__GNUC__) && defined(__x86_64__) && !defined(NAI_NO_SIMD)
    /* __builtin_cpu_supports also checks that the OS saves the wide
     * registers (XCR0), so a "yes" here is safe to execute */
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        return NAI_ISA_AVX512;
    }
    if (__builtin_cpu_supports("avx2")) {
        return NAI_ISA_AVX2;
    }
#endif
    return NAI_ISA_PORTABLE;
}

const char *
nai_isa_name(nai_isa isa)
{
    switch (isa) {
    case NAI_ISA_AVX512:
        return "avx512";
    case NAI_ISA_AVX2:
        return "avx2";
    default:
        return "portable";
    }
}

nai_isa
nai_isa_parse(const char *text, nai_isa best)
{
    nai_isa want = best;
    if (text == NULL) {
        return best;
    }
    if (strcmp(text, "portable") == 0) {
        want = NAI_ISA_PORTABLE;
    } else if (strcmp(text, "avx2") == 0) {
        want = NAI_ISA_AVX2;
    } else if (strcmp(text, "avx512") == 0) {
        want = NAI_ISA_AVX512;
    }
    return want < best ? want : best;
}

nai_isa
nai_cpu_select(nai_isa want)
{
    const nai_isa best = nai_cpu_best();
    cached_isa = (int)(want < best ? want : best);
    return (nai_isa)cached_isa;
}

nai_isa
nai_cpu_init(void)
{
    return nai_cpu_select(nai_isa_parse(getenv("NAI_ISA"), nai_cpu_best()));
}

nai_isa
nai_cpu_isa(void)
{
    if (cached_isa < 0) {
        return nai_isa_parse(getenv("NAI_ISA"), nai_cpu_best());
    }
    return (nai_isa)cached_isa;
}
