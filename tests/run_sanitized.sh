#!/usr/bin/env bash
# The Python tests that drive the C core, against a build of neuroai._core
# under AddressSanitizer and UndefinedBehaviorSanitizer (the sanitizer
# runtimes preloaded into the interpreter).  Built in a temporary copy of the
# tracked files, so the working tree's own build is untouched.
#
# Left out: tests that measure memory growth or limit the address space
# (ASan reserves terabytes of shadow memory and keeps freed blocks in
# quarantine) and the Ctrl-C latency tests (timing under a 2-5x slowdown).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$work")
cd "$work"
python -m pip install --quiet "setuptools>=77"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" python setup.py -q build_ext --inplace
# the tests must import this build, not an installed or editable one
preload="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
so=$(LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 python -c "import neuroai._core as c; print(c.__file__)")
case "$so" in
    "$work"/*) ;;
    *) echo "run_sanitized.sh: imported $so, not the sanitized build in $work" >&2; exit 1 ;;
esac
ldd "$so" | grep -q libasan || { echo "run_sanitized.sh: $so is not linked to ASan" >&2; exit 1; }
LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
python -m pytest -q -p no:cacheprovider -x \
    tests/test_bad_inputs.py tests/test_fuzz.py tests/test_network.py tests/test_circuit.py tests/test_synapses.py \
    tests/test_stp.py tests/test_analysis.py tests/test_stimuli.py tests/test_perceptron.py \
    tests/test_core_hygiene.py tests/test_connectivity.py tests/test_course_numerics.py \
    -k "not leak and not memory and not rss and not ctrl_c"
