"""A student's course folder: ``neuroai start [DIR]``.

Students do not work in the course's own notebooks (in a clone they are
tracked by git, and the next ``git pull`` of course material would stop on
their changes; in an installed package they sit in ``site-packages``).
:func:`prepare` copies the course notebooks into a workspace of the
student's own, by default ``~/neuroai-course``, and :func:`launch` starts
JupyterLab there.

A student's file is never overwritten.  The workspace records, in
``.neuroai-course.json``, a hash of the course version of each notebook it
was given; when a later course version differs from it, the new version is
written beside the student's file as ``NAME.new-VERSION.ipynb`` and the
student is told.  A file that equals the current course version, or one the
student has changed since the current version was given, is left alone.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ._files import write_file

__all__ = ["DEFAULT_DIR", "MANIFEST", "Copy", "default_dir", "prepare", "launch_command",
           "launch"]

#: The workspace used when no folder is given (``~`` is the home directory).
DEFAULT_DIR = "~/neuroai-course"

#: File in the workspace recording the course version given of each notebook.
MANIFEST = ".neuroai-course.json"


@dataclass
class Copy:
    """What :func:`prepare` did with one course notebook.

    Attributes
    ----------
    name : str
        The notebook's file name.
    path : pathlib.Path
        The student's notebook in the workspace.
    status : {"copied", "current", "kept", "new-version"}
        ``"copied"``: it was not there and was written; ``"current"``: it
        equals the course's version; ``"kept"``: the student has changed it
        since this course version was given; ``"new-version"``: the course
        has a newer version, written to ``new_path`` beside it.
    new_path : pathlib.Path or None
        The newer course version (status ``"new-version"`` only).
    """

    name: str
    path: Path
    status: str
    new_path: Path | None = None

    def __str__(self):
        if self.status == "copied":
            return f"  {self.name}: copied"
        if self.status == "current":
            return f"  {self.name}: already there"
        if self.status == "kept":
            return f"  {self.name}: yours, kept as it is"
        return (f"  {self.name}: yours, kept as it is; the course has a newer version, "
                f"written beside it as {self.new_path.name} (open it to see what changed, "
                "and copy your answers over if you want to switch)")


def default_dir():
    """The default workspace, :data:`DEFAULT_DIR` with ``~`` expanded."""
    return Path(DEFAULT_DIR).expanduser()


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _inside(path, folder):
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def _refuse_source(directory, sources):
    """The workspace must be outside the package and outside a source checkout
    of neuroai (git would see the student's files, and a pull would stop)."""
    pkg = Path(__file__).resolve().parent
    forbidden = [pkg, *(p.parent for p in sources)]
    for d in (Path(directory).resolve(), *Path(directory).resolve().parents):
        if (d / "setup.py").is_file() and (d / "csrc" / "nai_module.c").is_file():
            forbidden.append(d)
    for f in forbidden:
        if _inside(directory, f):
            raise ValueError(
                f"the course folder {str(directory)!r} is inside neuroai's own files "
                f"({f}): choose a folder of your own, e.g. `neuroai start "
                f"{DEFAULT_DIR}` (the default)")


def _read_manifest(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    given = data.get("given") if isinstance(data, dict) else None
    return {k: v for k, v in given.items() if isinstance(v, str)} if isinstance(given, dict) else {}


def _beside(path, version, data):
    """A free name beside ``path`` for a newer course version (or the one
    already holding exactly ``data``)."""
    stem = path.name[:-len(".ipynb")] if path.name.endswith(".ipynb") else path.stem
    for k in range(1, 1000):
        suffix = "" if k == 1 else f"-{k}"
        cand = path.with_name(f"{stem}.new-{version}{suffix}.ipynb")
        if not os.path.lexists(cand):
            return cand, False
        if cand.is_file() and not cand.is_symlink() and cand.read_bytes() == data:
            return cand, True
    raise FileExistsError(f"no free name beside {str(path)!r} for the course's newer version")


def prepare(directory=None, notebooks=None, version=None):
    """Copy the course notebooks into a student's workspace, never overwriting.

    Parameters
    ----------
    directory : str or PathLike, optional
        The workspace (created if needed).  Default :data:`DEFAULT_DIR`.  It
        must be outside the package and outside a source checkout of neuroai.
    notebooks : list of path, optional
        The course notebooks (default: those of :mod:`neuroai.tutorial`, the
        installed package's or the checkout's).
    version : str, optional
        The course version named in ``NAME.new-VERSION.ipynb`` (default: the
        package's version).

    Returns
    -------
    list of Copy
        One per notebook, in course order.
    """
    from . import tutorial
    if version is None:
        from . import __version__ as version
    directory = default_dir() if directory is None else Path(directory).expanduser()
    sources = [Path(p) for p in (tutorial.notebooks() if notebooks is None else notebooks)]
    _refuse_source(directory, sources)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / MANIFEST
    given = _read_manifest(manifest)
    done = []
    for src in sources:
        data = src.read_bytes()
        digest = _sha256(data)
        target = directory / src.name
        if not os.path.lexists(target):
            write_file(target, data)
            done.append(Copy(src.name, target, "copied"))
        elif target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            done.append(Copy(src.name, target, "current"))
        elif given.get(src.name) == digest:
            done.append(Copy(src.name, target, "kept"))
        else:
            new, there = _beside(target, version, data)
            if not there:
                write_file(new, data)
            done.append(Copy(src.name, target, "new-version", new))
        given[src.name] = digest
    record = {"about": "course versions given to this folder by `neuroai start`: "
                       "file name -> SHA-256 of the course's notebook",
              "given": given}
    write_file(manifest, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode(),
               overwrite=True)
    return done


def _no_display():
    """True on a Linux or BSD machine without a graphical display: a browser
    started there would be a text browser taking over the terminal, or none."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def launch_command(directory, extra=()):
    """The JupyterLab command that :func:`launch` runs.

    ``python -m jupyterlab`` with the workspace as the server's root, from
    the Python running neuroai (so the notebooks' kernel imports this
    neuroai), plus ``--allow-root`` when run as root (as in containers and on
    CI machines, where JupyterLab refuses to start without it) and
    ``--no-browser`` without a display (the address to open is printed),
    and a save hook that removes the slider views a reopened notebook could
    not show (:func:`neuroai.interactive.pre_save_hook`).
    """
    # a saved notebook drops the slider views it could not show reopened
    # (neuroai.interactive.pre_save_hook), keeping their plain figures
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={Path(directory)}",
           "--ContentsManager.pre_save_hook=neuroai.interactive.pre_save_hook"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if _no_display():
        cmd.append("--no-browser")
    return [*cmd, *extra]


def launch(directory, extra=()):
    """Run JupyterLab in ``directory`` until it is stopped (Ctrl-C twice).

    Returns
    -------
    int
        JupyterLab's exit status; 2 without JupyterLab installed.
    """
    import importlib.util
    import subprocess
    if importlib.util.find_spec("jupyterlab") is None:
        print("JupyterLab is not installed: install the notebook extra, e.g. "
              'python -m pip install "neuroai-kit[notebook]" (from a clone: '
              'python -m pip install ".[notebook]"), then run neuroai start again.',
              file=sys.stderr)
        return 2
    cmd = launch_command(directory, extra)
    print("starting JupyterLab:", " ".join(cmd[1:]), flush=True)
    proc = subprocess.Popen(cmd, cwd=directory)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:   # JupyterLab asks and stops on its own Ctrl-C
            continue
