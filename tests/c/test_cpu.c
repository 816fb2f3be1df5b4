/* The instruction-set choice: NAI_ISA parsing and clamping, a stable cached
 * choice.  With --supported it lists the sets this CPU runs (for the
 * Makefile's rounds); with --in-use it names the set NAI_ISA gives. */
#include <string.h>
#include "nai_test.h"
#include "nai_cpu.h"

static void test_parse_clamps_to_best(void)
{
    CHECK(nai_isa_parse(NULL, NAI_ISA_AVX512) == NAI_ISA_AVX512);
    CHECK(nai_isa_parse("portable", NAI_ISA_AVX512) == NAI_ISA_PORTABLE);
    CHECK(nai_isa_parse("avx2", NAI_ISA_AVX512) == NAI_ISA_AVX2);
    CHECK(nai_isa_parse("avx512", NAI_ISA_AVX512) == NAI_ISA_AVX512);
    /* a set the CPU lacks: the best it has */
    CHECK(nai_isa_parse("avx512", NAI_ISA_AVX2) == NAI_ISA_AVX2);
    CHECK(nai_isa_parse("avx512", NAI_ISA_PORTABLE) == NAI_ISA_PORTABLE);
    CHECK(nai_isa_parse("avx2", NAI_ISA_PORTABLE) == NAI_ISA_PORTABLE);
    /* unknown text is ignored */
    CHECK(nai_isa_parse("sse9", NAI_ISA_AVX2) == NAI_ISA_AVX2);
    CHECK(nai_isa_parse("", NAI_ISA_AVX2) == NAI_ISA_AVX2);
    CHECK(nai_isa_parse("AVX2 ", NAI_ISA_AVX512) == NAI_ISA_AVX512);
    CHECK(strcmp(nai_isa_name(NAI_ISA_PORTABLE), "portable") == 0);
    CHECK(strcmp(nai_isa_name(NAI_ISA_AVX2), "avx2") == 0);
    CHECK(strcmp(nai_isa_name(NAI_ISA_AVX512), "avx512") == 0);
}

static void test_choice_is_cached_and_clamped(void)
{
    const nai_isa best = nai_cpu_best();
    const nai_isa first = nai_cpu_init();
    CHECK(first <= best);
    CHECK(nai_cpu_init() == first);            /* idempotent */
    CHECK(nai_cpu_isa() == first);
    CHECK(nai_cpu_select(NAI_ISA_PORTABLE) == NAI_ISA_PORTABLE);
    CHECK(nai_cpu_isa() == NAI_ISA_PORTABLE);
    CHECK(nai_cpu_select(NAI_ISA_AVX512) == best);
    CHECK(nai_cpu_isa() == best);
    nai_cpu_select(first);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--supported") == 0) {
        int k;
        for (k = NAI_ISA_PORTABLE; k <= (int)nai_cpu_best(); k++) {
            printf("%s%s", k > 0 ? " " : "", nai_isa_name((nai_isa)k));
        }
        printf("\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--in-use") == 0) {
        printf("in use: %s (best on this CPU: %s)\n", nai_isa_name(nai_cpu_init()),
               nai_isa_name(nai_cpu_best()));
        return 0;
    }
    nai_cpu_init();
    printf("instruction set in use: %s\n", nai_isa_name(nai_cpu_isa()));
    RUN(test_parse_clamps_to_best);
    RUN(test_choice_is_cached_and_clamped);
    return NAI_TEST_SUMMARY();
}
