"""Build of the one C extension, neuroai._core, from csrc/.

Everything else (metadata, dependencies, extras) is in pyproject.toml.
"""
import hashlib
import shutil
from pathlib import Path

import numpy
from setuptools import Extension, setup
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
    "csrc/nai_synapse.c",
    "csrc/nai_stp.c",
    "csrc/nai_spikegen.c",
    "csrc/nai_connect.c",
    "csrc/nai_analysis.c",
    "csrc/nai_vexp.c",
    "csrc/nai_circuit.c",
    "csrc/nai_thread.c",
    "csrc/nai_sim.c",
    "csrc/nai_module.c",
]

CORE_FLAGS = [
    "-std=c99",
    "-Wall",
    "-Wextra",
    "-Werror",
    # The Euler kernel must round exactly like NumPy: no fused multiply-add.
    "-ffp-contract=off",
    # Floating-point exceptions are never read, so selects may be computed
    # branch-free and vectorised (clang's default); values are unchanged.
    "-fno-trapping-math",
    "-O3",
]

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
    cmdclass={"build_py": BuildPyWithNotebooks},
    ext_modules=[
        Extension(
            "neuroai._core",
            sources=CORE_SOURCES,
            include_dirs=["csrc", numpy.get_include()],
            depends=CORE_HEADERS,
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION"),
                           ("NAI_SOURCE_HASH", f'"{core_source_hash()}"')],
            extra_compile_args=CORE_FLAGS,
            libraries=["m"],
            # nai_thread.c runs the LIF jobs on POSIX threads
            extra_link_args=["-pthread"],
        )
    ],
)
