"""``import neuroai`` from a source checkout whose C core is not built in place.

Python puts the current directory first on ``sys.path`` for ``python -m``,
``python -c`` and the interactive interpreter, so in the root of a clone the
folder ``neuroai/`` is imported instead of the installed package.  That folder
holds the Python sources but, after a plain ``pip install .``, no compiled
``_core``.  Rather than fail, the package then loads the C core of the
installed copy, provided it was compiled from the same C sources as the
checkout's ``csrc/`` (``_core.SOURCE_HASH``, stamped by ``setup.py``): the
Python files of the checkout and the installed build of its C sources are then
the same code.  Otherwise the import fails with a message naming the fix.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

__all__ = ["checkout_root", "source_hash", "core_from_installed_build"]

_FIX = ("build the C core in place (`python -m pip install -e .`, or "
        "`python setup.py build_ext --inplace`), or install the package "
        "(`python -m pip install .`) and run from another folder")


def checkout_root(pkg_dir):
    """The root of the source checkout holding the package folder ``pkg_dir``
    (a folder with ``setup.py`` and ``csrc/`` beside it), or None."""
    root = Path(pkg_dir).resolve().parent
    if (root / "setup.py").is_file() and (root / "csrc" / "nai_module.c").is_file():
        return root
    return None


def source_hash(csrc):
    """The hash ``setup.py`` stamps into a build as ``_core.SOURCE_HASH``: the
    first 16 hex digits of SHA-256 over ``csrc/*.c`` and ``csrc/*.h`` (names
    and contents, sorted by name)."""
    h = hashlib.sha256()
    for path in sorted(Path(csrc).glob("*.[ch]")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _same(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _installed_cores(pkg_dir):
    """Compiled ``neuroai/_core`` files on ``sys.path`` outside ``pkg_dir``."""
    seen = []
    for entry in sys.path:
        d = Path(entry or os.getcwd()) / "neuroai"
        if not d.is_dir() or _same(d, pkg_dir) or any(_same(d, s) for s in seen):
            continue
        seen.append(d)
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            so = d / f"_core{suffix}"
            if so.is_file():
                yield so


def core_from_installed_build(pkg_dir, error):
    """The ``neuroai._core`` module for a package folder that has none.

    Parameters
    ----------
    pkg_dir : path
        The folder of the package being imported.
    error : ImportError
        Why its own ``_core`` did not import.

    Returns
    -------
    module
        The installed copy's C core, when ``pkg_dir`` is in a source checkout
        and that core was built from the checkout's ``csrc/``.  It is entered
        in ``sys.modules`` as ``neuroai._core``.

    Raises
    ------
    ImportError
        With the fix, when there is no such core.
    """
    # the error of a missing _core only says "circular import": leave it out,
    # but keep the reason a _core that is there did not load
    built = [p.name for p in Path(pkg_dir).glob("_core*") if p.suffix in (".so", ".pyd")]
    why = f" ({built[0]} is there but does not load: {error})" if built else ""
    root = checkout_root(pkg_dir)
    if root is None:
        raise ImportError(
            f"neuroai's C core (neuroai._core) is missing in {pkg_dir}{why}: "
            "reinstall the package, e.g. `python -m pip install --force-reinstall "
            "neuroai-kit`") from None
    want = source_hash(root / "csrc")
    stale = []
    for so in _installed_cores(pkg_dir):
        spec = importlib.util.spec_from_file_location("neuroai._core", so)
        try:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except ImportError:
            continue
        if getattr(module, "SOURCE_HASH", None) == want:
            sys.modules["neuroai._core"] = module
            return module
        stale.append(str(so))
    where = (f"; the installed build at {stale[0]} is of other C sources than {root / 'csrc'} "
             "(reinstall it: `python -m pip install .`)" if stale else "")
    raise ImportError(
        f"`import neuroai` found the source folder {pkg_dir} (the current folder comes first "
        f"on Python's path), and its C core is not built there{why}{where}. Fix: {_FIX}. "
        "Once installed, the command `neuroai` (unlike `python -m neuroai`) uses the "
        "installed package from any folder.") from None
