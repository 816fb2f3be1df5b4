"""Which ``neuroai`` is installed, and what else claims its files.

Two distributions can install a top-level package of the same name: the
public course's own ``neuroai-tutorials`` ships ``neuroai/__init__.py`` and
``neuroai/plotting.py``.  Installed over neuroai-kit, it replaces those two
files (``import neuroai`` then gives the course's empty package); installed
under it, its record still lists them, so uninstalling it later deletes
neuroai-kit's ``__init__.py`` and ``plotting.py`` and leaves a namespace
package with nothing in it, with no message from pip.

:func:`clashes` is the quick check ``import neuroai`` runs (a directory
listing of ``sys.path`` and the records of distributions whose name says
"neuroai"); :func:`report` is ``neuroai doctor``, the full account: the
package imported, neuroai-kit's files against its record (present,
unchanged), every distribution owning files in ``neuroai/``, the C core, and
the commands that fix what it found.

Only the standard library is used, so the doctor also runs when the package
itself no longer imports (``python -m neuroai doctor`` needs only this file
and ``__main__.py``).
"""
from __future__ import annotations

import os
import re
import sys

# importlib.metadata, hashlib and json are imported by the full account only:
# the check at every `import neuroai` needs a directory listing, nothing more.

OWN = "neuroai-kit"
PACKAGE = "neuroai"

FIX = (
    "Fix: `python -m pip uninstall -y {others}` (it deletes the files it shares with "
    "neuroai-kit), then `python -m pip install --force-reinstall --no-deps neuroai-kit` "
    "(or, in a clone of neuroai, `python -m pip install --force-reinstall --no-deps .`). "
    "The course's notebooks run on neuroai alone: neuroai provides `neuroai.plotting`, "
    "and `pip install \"neuroai-kit[course]\"` adds the other packages they import. "
    "`neuroai doctor` explains the environment.")


class PackageClashWarning(UserWarning):
    """Another installed distribution owns files of the ``neuroai`` package."""


def _normalise(name):
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _in_package(path):
    """Whether a recorded path is a file of the package (its compiled caches
    are not worth naming)."""
    return path.startswith(PACKAGE + "/") and "/__pycache__/" not in path


def _record_files(record_text):
    """The paths under ``neuroai/`` a RECORD lists (its first CSV column)."""
    files = []
    for line in record_text.splitlines():
        path = line.rsplit(",", 2)[0].strip('"')
        if _in_package(path):
            files.append(path)
    return files


def clashes(dirs=None):
    """Distributions other than neuroai-kit whose record lists files of the
    ``neuroai`` package, found in `dirs` (default: the folders of
    ``sys.path``): ``{distribution name: [paths]}``.

    Cheap enough for every import: only ``*.dist-info`` folders whose name
    contains "neuroai" are opened.  :func:`report` looks at every
    distribution.
    """
    found = {}
    for d in (sys.path if dirs is None else dirs):
        try:
            entries = list(os.scandir(d or "."))
        except OSError:
            continue
        for e in entries:
            name = e.name
            if not name.endswith(".dist-info") or PACKAGE not in name.lower():
                continue
            dist = name[:-len(".dist-info")].split("-")[0]
            if _normalise(dist) == OWN:
                continue
            try:
                with open(os.path.join(e.path, "RECORD"), encoding="utf-8") as f:
                    files = _record_files(f.read())
            except OSError:
                continue
            if files:
                found.setdefault(_display_name(e.path, dist), []).extend(files)
    return found


def _display_name(dist_info, fallback):
    """The distribution's own spelling of its name, from its METADATA."""
    try:
        with open(os.path.join(dist_info, "METADATA"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("Name:"):
                    return line[5:].strip()
                if not line.strip():
                    break
    except OSError:
        pass
    return fallback


def clash_message(found):
    """The one warning ``import neuroai`` gives for :func:`clashes`'s result."""
    owners = "; ".join(f"{name} ({', '.join(sorted(files)[:3])}"
                       f"{', ...' if len(files) > 3 else ''})"
                       for name, files in sorted(found.items()))
    return (f"other installed distributions also own files of the neuroai package: "
            f"{owners}. Uninstalling them would delete neuroai-kit's files of the same "
            f"name, and installing them again replaces them. "
            + FIX.format(others=" ".join(sorted(found))))


# -- the full account -------------------------------------------------------------

def _hash_ok(path, algo, expected):
    """Whether the file at `path` has the RECORD digest `expected` (urlsafe
    base64 without padding) under hash algorithm `algo`."""
    import base64
    import hashlib
    try:
        digest = hashlib.new(algo)
    except (ValueError, TypeError):
        return True                       # an algorithm we cannot check
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    value = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    return value == expected


def _own_distribution():
    import importlib.metadata as metadata
    try:
        return metadata.distribution(OWN)
    except metadata.PackageNotFoundError:
        return None


def _recorded(dist):
    """What a distribution's RECORD lists: [(path, algorithm, digest)],
    algorithm and digest None where it gives no hash.  Read here rather than
    through ``Distribution.files``, which from Python 3.12 on leaves out the
    files that no longer exist -- the very ones the doctor looks for."""
    import csv
    try:
        text = dist.read_text("RECORD")
    except OSError:
        text = None
    entries = []
    for row in csv.reader((text or "").splitlines()):
        if not row:
            continue
        algo, _, digest = (row[1] if len(row) > 1 else "").partition("=")
        entries.append((row[0], algo or None, digest or None))
    return entries


def _own_package_dir(dist):
    """The folder neuroai-kit's record puts the package in, or None."""
    for path, _, _ in _recorded(dist):
        if path == PACKAGE + "/__init__.py":
            return os.path.dirname(str(dist.locate_file(path)))
    return None


def _editable_dir(dist):
    """The source folder of an editable install, else None."""
    import json
    try:
        text = dist.read_text("direct_url.json")
        info = json.loads(text) if text else {}
    except (OSError, ValueError):
        return None
    if info.get("dir_info", {}).get("editable"):
        url = info.get("url", "")
        return url[len("file://"):] if url.startswith("file://") else url
    return None


def _imported_package():
    """(where ``neuroai`` comes from, whether it has its ``__init__``), or None."""
    mod = sys.modules.get(PACKAGE)
    if mod is not None:
        paths = list(getattr(mod, "__path__", []))
        init = getattr(mod, "__file__", None)
        return (paths[0] if paths else None), init
    import importlib.util
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None:
        return None
    paths = list(spec.submodule_search_locations or [])
    origin = spec.origin if spec.origin not in (None, "namespace") else None
    return (paths[0] if paths else None), origin


def _other_owners():
    """Every distribution but neuroai-kit with files under ``neuroai/``."""
    import importlib.metadata as metadata
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or "?"
        if _normalise(name) == OWN:
            continue
        files = [path for path, _, _ in _recorded(dist) if _in_package(path)]
        if files:
            found.setdefault(name, []).extend(files)
    return found


def report():
    """The doctor's findings: (lines to print, problems found)."""
    lines, problems, fixes = [], [], []
    lines.append(f"Python: {sys.executable} ({sys.version.split()[0]})")

    dist = _own_distribution()
    editable = _editable_dir(dist) if dist is not None else None
    if dist is None:
        lines.append(f"{OWN}: not installed in this environment")
        problems.append(f"{OWN} is not installed")
        fixes.append("`python -m pip install neuroai-kit` (or `python -m pip install .` in a clone)")
    else:
        how = f"editable, from {editable}" if editable else "regular install"
        lines.append(f"{OWN}: version {dist.version} ({how})")

    where = _imported_package()
    if where is None:
        lines.append("import neuroai: no package named neuroai on the path")
        problems.append("no package named neuroai can be imported")
    else:
        folder, init = where
        lines.append(f"import neuroai: {folder}")
        if init is None:
            lines.append("  it has no __init__.py: a namespace package, what is left when "
                         "another distribution's uninstall deleted files it shared")
            problems.append("neuroai/__init__.py is missing")

    if dist is None:
        own_dir = None
    elif editable:
        own_dir = os.path.join(editable, PACKAGE)
    else:
        own_dir = _own_package_dir(dist)
    if own_dir is not None and where is not None and where[0] is not None \
            and os.path.realpath(own_dir) != os.path.realpath(where[0]):
        lines.append(f"  not neuroai-kit's copy, which is at {own_dir}: a folder earlier "
                     "on the path (the current folder, PYTHONPATH) comes first")
    if dist is not None and not editable:
        changed, missing, listed = [], [], 0
        for path, algo, digest in _recorded(dist):
            if not path.startswith(PACKAGE + "/") or digest is None:
                continue
            listed += 1
            located = dist.locate_file(path)
            if not os.path.exists(located):
                missing.append(path)
            elif not _hash_ok(located, algo, digest):
                changed.append(path)
        if listed and not missing and not changed:
            lines.append(f"  the {listed} files neuroai-kit installed are present and unchanged")
        if missing:
            lines.append(f"  missing files of {OWN}: {', '.join(missing)}")
            problems.append(f"{len(missing)} files of {OWN} are missing")
        if changed:
            lines.append(f"  files of {OWN} replaced by other contents: {', '.join(changed)}")
            problems.append(f"{len(changed)} files of {OWN} were replaced")
        if missing or changed:
            fixes.append("`python -m pip install --force-reinstall --no-deps neuroai-kit` "
                         "puts them back")

    others = _other_owners()
    for name, files in sorted(others.items()):
        lines.append(f"also owns files in neuroai/: {name} ({', '.join(sorted(files))})")
    if others:
        problems.append("other distributions own files of the neuroai package")
        fixes.append(FIX.format(others=" ".join(sorted(others))))

    import importlib
    try:
        core = importlib.import_module(PACKAGE + "._core")
        lines.append(f"C core: {core.__file__} (interface version "
                     f"{getattr(core, 'ABI_VERSION', '?')})")
    except Exception as exc:      # any failure to load is a finding, not a crash
        lines.append(f"C core: does not load ({type(exc).__name__}: {exc})")
        problems.append("the C core does not load")

    if os.path.isfile(os.path.join(os.getcwd(), PACKAGE, "__init__.py")):
        lines.append(f"note: the current folder holds a `{PACKAGE}/` folder, which "
                     "`python -m neuroai` and `import neuroai` here find first; the "
                     "command `neuroai` uses the installed package from any folder")
    return lines, problems, fixes


def main(argv=None):
    """``neuroai doctor``: print the account; exit status 1 if problems were found."""
    lines, problems, fixes = report()
    print("neuroai doctor")
    for line in lines:
        print("  " + line)
    if not problems:
        print("No problems found.")
        return 0
    print(f"{len(problems)} problem(s): " + "; ".join(problems) + ".")
    for fix in dict.fromkeys(fixes):
        print("  " + fix)
    return 1
