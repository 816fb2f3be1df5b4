"""Build of the one C extension, neuroai._core, from csrc/.

Everything else (metadata, dependencies, extras) is in pyproject.toml.
"""
import hashlib
import os
import shutil
from pathlib import Path

import numpy
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py


class BuildPyWithNotebooks(build_py):
    """Ship the tutorial notebooks (notebooks/*.ipynb) as neuroai/notebooks, so
    `python -m neuroai tutorial` works from an installed package."""

    def run(self):
        super().run()
        src = Path(__file__).resolve().parent / "notebooks"
        dst = Path(self.build_lib) / "neuroai" / "notebooks"
        dst.mkdir(parents=True, exist_ok=True)
        for nb in sorted(src.glob("[0-9][0-9]_*.ipynb")):
            shutil.copyfile(nb, dst / nb.name)

# One file per line, so a new model is a one-line change.
CORE_SOURCES = [
    "csrc/nai_core.c",
    "csrc/nai_cpu.c",
    "csrc/nai_numerics.c",
    "csrc/nai_rng.c",
    "csrc/nai_lif.c",
    "csrc/nai_lif_fast.c",
    "csrc/nai_perceptron.c",
    "csrc/nai_hopfield.c",
    "csrc/nai_synapse.c",
    "csrc/nai_stp.c",
    "csrc/nai_plasticity.c",
    "csrc/nai_spikegen.c",
    "csrc/nai_connect.c",
    "csrc/nai_analysis.c",
    "csrc/nai_vexp.c",
    "csrc/nai_circuit.c",
    "csrc/nai_thread.c",
    "csrc/nai_sim.c",
    "csrc/nai_stdp_course.c",
    "csrc/nai_module.c",
]

# Flags for gcc and clang (Linux, macOS).  They are portable: no -march, so
# a wheel runs on every CPU of its platform; the AVX2/AVX-512 kernels are
# compiled with target attributes and chosen at run time (csrc/nai_cpu.c).
CORE_FLAGS = [
    "-std=c99",
    "-Wall",
    "-Wextra",
    # The Euler kernel must round exactly like NumPy: no fused multiply-add.
    "-ffp-contract=off",
    # Floating-point exceptions are never read, so selects may be computed
    # branch-free and vectorised (clang's default); values are unchanged.
    "-fno-trapping-math",
    "-O3",
]

# The same for MSVC (Windows).  Its C mode spells C99's `restrict` only from
# /std:c11 on, which is the smallest standard it offers that holds all of the
# C99 the kernels use (no VLAs, no _Complex); /fp:precise keeps its default of
# no contraction into fused multiply-adds.
MSVC_FLAGS = [
    "/std:c11",
    "/W3",
    "/fp:precise",
    "/O2",
]

# Warnings are errors in CI only (NEUROAI_WERROR=1, set by .ci/run): a user's
# newer compiler may warn about code that is correct, and must still build it.
WERROR = os.environ.get("NEUROAI_WERROR", "") not in ("", "0")


class BuildExtPortable(build_ext):
    """Pick the flags of the compiler at hand (gcc/clang or MSVC)."""

    def build_extensions(self):
        msvc = self.compiler.compiler_type == "msvc"
        for ext in self.extensions:
            if msvc:
                ext.extra_compile_args = MSVC_FLAGS + (["/WX"] if WERROR else [])
                ext.libraries = []          # the C runtime holds libm
                ext.extra_link_args = []    # Windows threads need no flag
            else:
                ext.extra_compile_args = CORE_FLAGS + (["-Werror"] if WERROR else [])
                ext.libraries = ["m"]
                # nai_thread.c runs the LIF jobs on POSIX threads
                ext.extra_link_args = ["-pthread"]
        super().build_extensions()


# Headers: a change to one rebuilds the extension (setuptools tracks only sources).
CORE_HEADERS = sorted(str(p.relative_to(Path(__file__).resolve().parent))
                      for p in (Path(__file__).resolve().parent / "csrc").glob("*.h"))


def core_source_hash():
    """First 16 hex digits of SHA-256 over csrc/*.c and csrc/*.h (names and
    contents, sorted by name): stamped into the build as _core.SOURCE_HASH,
    so a test can tell a stale in-place build from a fresh one."""
    h = hashlib.sha256()
    for path in sorted((Path(__file__).resolve().parent / "csrc").glob("*.[ch]")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


setup(
    cmdclass={"build_py": BuildPyWithNotebooks, "build_ext": BuildExtPortable},
    ext_modules=[
        Extension(
            "neuroai._core",
            sources=CORE_SOURCES,
            include_dirs=["csrc", numpy.get_include()],
            depends=CORE_HEADERS,
            # NPY_TARGET_VERSION: the oldest NumPy the built core runs with,
            # the floor NumPy 1.24 (pyproject.toml); it also exposes the
            # memory-handler API (NumPy >= 1.22) that nai_module.c uses, which
            # NumPy 2.0-2.2 headers hide at their default target
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION"),
                           ("NPY_TARGET_VERSION", "NPY_1_24_API_VERSION"),
                           ("NAI_SOURCE_HASH", f'"{core_source_hash()}"')],
            # compiler flags, libraries and link flags: BuildExtPortable
        )
    ],
)
