"""Run the test suite against the installed neuroai, not the source tree.

Usage: python .ci/installed_tests.py PROJECT_DIR [pytest arguments...]

Copies PROJECT_DIR/tests (and notebooks/, data the tests read) into a
temporary directory, so that ``import neuroai`` finds the installed package
and nothing of the checkout; runs pytest there, then the docstring examples
of the installed package.  Tests marked ``source_tree`` skip themselves
there (tests/conftest.py).  Used by .ci/run and by cibuildwheel's
test-command.
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# What pyproject.toml's [tool.pytest.ini_options] says, for a directory that
# has no pyproject.toml.
PYTEST_INI = """\
[pytest]
filterwarnings =
    error::RuntimeWarning:neuroai.*
markers =
    source_tree: needs a source checkout; skipped against an installed wheel
"""


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    project = Path(argv[0]).resolve()
    extra = argv[1:]
    with tempfile.TemporaryDirectory(prefix="neuroai-installed-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(project / "tests", tmp / "tests",
                        ignore=shutil.ignore_patterns("build", "__pycache__", "*.pyc"))
        shutil.copytree(project / "notebooks", tmp / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        (tmp / "pytest.ini").write_text(PYTEST_INI)
        where = subprocess.run(
            [sys.executable, "-c", "import neuroai, sys; print(neuroai.__file__)"],
            cwd=tmp, capture_output=True, text=True)
        if where.returncode != 0:
            print(where.stderr, file=sys.stderr)
            return 1
        pkg = Path(where.stdout.strip()).parent
        if project in pkg.parents:
            print(f"neuroai is imported from the source tree ({pkg}), not an install",
                  file=sys.stderr)
            return 1
        print(f"testing the installed neuroai at {pkg}", flush=True)
        base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c",
                str(tmp / "pytest.ini"), "--rootdir", str(tmp)]
        rc = subprocess.run(base + ["-q", "tests", *extra], cwd=tmp).returncode
        if rc != 0:
            return rc
        # the docstring examples of the installed modules
        return subprocess.run(base + ["-q", "--doctest-modules", str(pkg), *extra],
                              cwd=tmp).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
