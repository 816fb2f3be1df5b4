"""Run the tutorial notebooks headless: ``python -m neuroai tutorial --out DIR``.

For a teacher preparing slides or a machine without a browser: each notebook
is executed top to bottom in a fresh Python kernel (nbclient) with the
non-interactive matplotlib backend and static figures instead of sliders, and
written to ``DIR`` with its outputs and figures.  The notebooks come from the
installed package (``neuroai/notebooks``) or, in a source checkout, from
``notebooks/`` beside the package.  The kernel imports the same ``neuroai`` as
the process that runs it.

Needs the ``notebook`` extra (nbformat, nbclient, ipykernel).
"""
from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

from ._files import file_kind, write_file

__all__ = ["MissingExtras", "notebook_dir", "notebooks", "kernel_env", "execute", "run"]


class MissingExtras(ImportError):
    """The notebook extras (nbformat, nbclient, ipykernel) are not installed."""


_PKG = Path(__file__).resolve().parent


def notebook_dir():
    """The directory holding the tutorial notebooks."""
    for d in (_PKG / "notebooks", _PKG.parent / "notebooks"):
        if d.is_dir() and any(d.glob("*.ipynb")):
            return d
    raise FileNotFoundError(
        "the tutorial notebooks were not found: neither the installed package "
        f"({_PKG / 'notebooks'}) nor a source checkout ({_PKG.parent / 'notebooks'}) "
        "holds them")


def notebooks():
    """Paths of the tutorial notebooks, in course order."""
    return sorted(notebook_dir().glob("[0-9][0-9]_*.ipynb"))


def _require():
    missing = []
    for mod in ("nbformat", "nbclient", "ipykernel"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise MissingExtras(
            f"running the notebooks needs {', '.join(missing)}: install the notebook "
            'extra, e.g. python -m pip install ".[notebook]" (or "neuroai-kit[notebook]")')


def kernel_env():
    """Environment for the kernel: same ``neuroai``, Agg backend, no sliders."""
    env = dict(os.environ)
    root = str(_PKG.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["MPLBACKEND"] = "Agg"
    env["NEUROAI_WIDGETS"] = "0"
    return env


def execute(path, timeout=600.0, cwd=None, on_cell_executed=None):
    """Execute one notebook in a fresh kernel; return ``(notebook, seconds)``.

    The notebook node is returned with its outputs; the file is not changed.
    ``on_cell_executed(cell=, cell_index=, execute_reply=)`` is called after
    each code cell (nbclient's hook of that name), e.g. for progress.
    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell.
    """
    _require()
    import nbformat
    from nbclient import NotebookClient
    from jupyter_client.kernelspec import NoSuchKernel

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    hooks = {} if on_cell_executed is None else {"on_cell_executed": on_cell_executed}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd or path.parent)}},
                            **hooks)
    t0 = time.perf_counter()
    try:
        client.execute(env=kernel_env())
    except NoSuchKernel:
        raise MissingExtras(
            "no 'python3' Jupyter kernel found: install ipykernel in this environment "
            f"({sys.executable} -m pip install ipykernel)") from None
    return nb, time.perf_counter() - t0


def run(out, names=None, timeout=600.0, progress=None):
    """Execute the tutorial notebooks and write them, with outputs, to ``out``.

    Parameters
    ----------
    out : str or PathLike
        Output directory (created if needed).  It must not be the directory
        of the source notebooks, and no file in it may be one of them (hard
        and symbolic links included): the sources are never written.  An
        earlier output of the same name is replaced atomically; a symbolic
        link or anything but a regular file there is an error (links are not
        followed).  All this is checked before any notebook runs.
    names : list of str, optional
        Notebooks to run, by file name with or without ``.ipynb`` or by
        number ("01"); default all.
    timeout : float
        Seconds allowed per cell.
    progress : None, True or False
        A progress bar over the code cells of all the notebooks run
        (``tqdm.auto`` if installed, else a text line on stderr): None shows
        it once the run is seen to take more than about 2 s, True always,
        False never.

    Returns
    -------
    list of (pathlib.Path, float)
        Each written notebook and its run time in seconds.

    Raises
    ------
    ValueError
        An unknown name, or an output that would write over a source notebook
        or onto something that is not a regular file.
    """
    _require()
    import nbformat

    from . import _progress
    progress = _progress.check(progress)
    paths = notebooks()
    if names:
        chosen = []
        for name in names:
            stem = Path(name).name.removesuffix(".ipynb")
            hit = [p for p in paths if p.stem == stem or p.stem.split("_", 1)[0] == stem]
            if not hit:
                raise ValueError(
                    f"no tutorial notebook {name!r}; available: "
                    f"{', '.join(p.stem for p in paths)}")
            chosen.extend(hit)
        paths = chosen
    out = Path(out)
    _check_out(out, paths)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    n_cells = sum(c.cell_type == "code" for p in paths
                  for c in nbformat.read(p, as_version=4).cells)
    with _progress.Tracker(progress, n_cells, "tutorial", "cells") as tracker:
        for p in paths:
            nb, seconds = execute(p, timeout=timeout,
                                  on_cell_executed=lambda **_: tracker.advance(1))
            written.append(_write_output(nbformat, nb, out / p.name, paths, seconds))
    return written


def _write_output(nbformat, nb, target, sources, seconds):
    """Write an executed notebook to ``target`` (never over a source)."""
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    write_file(target, text.encode("utf-8"), overwrite=True, protect=sources)
    return target, seconds


def _check_out(out, sources):
    """Refuse an output directory that would write over a source notebook or
    onto a symbolic link, FIFO, device or directory; checked before anything
    runs (the writes check again)."""
    def same(a, b):
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISDIR(mode):
        raise ValueError(f"out {str(out)!r} is not a directory ({file_kind(mode)})")
    if any(same(out, p.parent) for p in sources):
        raise ValueError(
            f"out {str(out)!r} is the directory of the source notebooks, which are never "
            "written: choose another directory")
    for p in sources:
        target = out / p.name
        if any(same(target, q) for q in sources):
            raise ValueError(f"{str(target)!r} is one of the source notebooks (a link to "
                             f"{str(p)!r}), which are never written: remove it or choose "
                             "another directory")
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            raise ValueError(f"{str(target)!r} is a symbolic link; links are not followed: "
                             "remove it or choose another directory")
        if not stat.S_ISREG(mode):
            raise ValueError(f"{str(target)!r} is not a regular file ({file_kind(mode)})")
