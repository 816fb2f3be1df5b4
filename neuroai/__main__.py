"""Command line: ``neuroai COMMAND`` (or ``python -m neuroai COMMAND``).

``start [DIR]`` copies the course notebooks into the student's folder
(default ``~/neuroai-course``), never overwriting a file there, and starts
JupyterLab in it (``--no-launch``: copy only).  ``restore NOTEBOOK`` puts
back answer cells that were deleted or lost their tags.  ``collect FOLDER``
puts a class's exports into one overview (CSV and HTML).  ``assign ROSTER``
writes each student's notebook with a mystery synapse of their own, or the
teacher's key.

``--version`` prints the package version.  ``doctor`` explains the
environment: the package imported, neuroai-kit's files against its record,
other distributions owning files of the package (the course's own
``neuroai-tutorials``), the C core, and the fix (exit status 1 if a problem
is found).

``demo`` (the default) prints a perceptron-vs-LIF comparison on the
tutorial's first thinking exercise and saves a figure of it.

``check NOTEBOOK`` lists unanswered questions and answers outside the
requested length; ``export NOTEBOOK --format md|json --out FILE [--force]``
writes the answers for submission (``--force`` replaces an existing FILE,
``--incomplete`` allows unfinished work, ``--name``/``--id`` name the student);
``tutorial --out DIR`` executes the tutorial notebooks headless and writes
them, with their figures, to DIR.

Exit status of ``check``: 0 when every question is answered within its
requested length, 1 while some are not, 2 on an error (a missing, unreadable
or malformed notebook); ``export`` exits with 0 or 2.
"""
from __future__ import annotations

import argparse
import sys
import traceback


def _demo(args):
    import neuroai
    from neuroai.course import scenarios

    # 60 nA ms as 12 nA for 5 ms and as 0.3 nA for 200 ms, both from 50 ms
    sc = scenarios.flash_vs_sustained(total=60.0, width=5.0, long_width=200.0)
    res = sc.lif

    print("Scenario 1: a brief flash and a sustained light of equal total input")
    print(f"  total charge in both: {sc.totals[0]:.1f} and {sc.totals[1]:.1f} nA ms")
    print(f"  {'stimulus':<12}{'perceptron(total)':>20}{'LIF spikes':>12}{'peak V [mV]':>14}")
    for k, name in enumerate(("flash", "sustained")):
        print(f"  {name:<12}{sc.outputs[k]:>20.4f}"
              f"{len(res.spike_times[k]):>12d}{res.v[:, k].max():>14.2f}")
    print("  The perceptron sees only the total and answers the same; the leaky")
    print("  neuron integrates over time, so the brief strong input crosses")
    print("  threshold while the same charge spread thin leaks away.")
    print(f"  LIF rheobase: {neuroai.rheobase():.2f} nA; the sustained light is "
          f"{sc.currents[:, 1].max():.2f} nA.")

    try:
        import matplotlib
    except ImportError:
        print("(install matplotlib, e.g. the 'plot' extra, to save the figure)")
        return 0
    matplotlib.use("Agg")
    from neuroai import plot
    fig = plot.plot_flash_vs_sustained(sc)
    fig.savefig(args.out, dpi=120)
    print(f"figure saved to {args.out}")
    return 0


def _error(e):
    """Exit status 2 for an error; 1 means "incomplete" to ``check``, so an
    unexpected exception must not leave through Python's default status 1."""
    if isinstance(e, (OSError, ValueError)):
        print(f"error: {e}", file=sys.stderr)
    else:  # a defect: keep the traceback for the report
        traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
        print(f"error: unexpected {type(e).__name__}: {e}", file=sys.stderr)
    return 2


def _check(args):
    from . import classroom
    try:
        rep = classroom.check(args.notebook)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    print(rep)
    return 0 if rep.complete else 1


def _export(args):
    from . import classroom
    try:
        out = classroom.export(args.notebook, args.out, format=args.format,
                               overwrite=args.force, name=args.name, student_id=args.id,
                               incomplete=args.incomplete)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    print(f"answers written to {out}")
    return 0


def _tutorial(args):
    from . import tutorial
    try:
        written = tutorial.run(args.out, names=args.notebooks or None,
                               timeout=args.timeout, progress=args.progress)
    except tutorial.MissingExtras as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a failing cell: say which, without a traceback wall
        if type(e).__name__ != "CellExecutionError" and not isinstance(e, (OSError, ValueError)):
            raise
        print(f"error: {e}", file=sys.stderr)
        return 1
    for path, seconds in written:
        print(f"{path}  ({seconds:.1f} s)")
    return 0


def _start(args):
    from . import workspace
    try:
        directory = workspace.default_dir() if args.dir is None else args.dir
        done = workspace.prepare(directory)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    directory = done[0].path.parent if done else directory
    print(f"your course folder: {directory}")
    for item in done:
        print(item)
    if args.no_launch:
        print(f"start JupyterLab there with: neuroai start {directory}")
        return 0
    return workspace.launch(directory, args.jupyter)


def _restore(args):
    from . import classroom
    try:
        done = classroom.restore(args.notebook)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    print("\n".join(done) if done else "nothing to restore: every answer cell is there")
    return 0


def _collect(args):
    from . import classroom
    try:
        col = classroom.collect(args.folder, args.out, overwrite=args.force)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    print(col)
    return 0


def _assign(args):
    import csv
    import io
    import os
    from . import assignments
    from ._files import write_file
    try:
        if args.secret_file:
            with open(args.secret_file, encoding="utf-8") as f:
                secret = f.read().strip()
        else:
            secret = os.environ.get("NEUROAI_SECRET", "")
        if not secret:
            raise ValueError("give the teacher's secret in a file (--secret-file) or in the "
                             "environment variable NEUROAI_SECRET")
        if args.key:
            rows = assignments.key(args.roster, secret)
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["id"])
            w.writeheader()
            w.writerows(rows)
            write_file(args.key, buf.getvalue().encode("utf-8"), overwrite=args.force)
            print(f"key of {len(rows)} students written to {args.key}")
            return 0
        if not args.out:
            raise ValueError("give --out DIR (the students' notebooks) or --key FILE")
        written = assignments.assign(args.roster, secret, args.out, notebook=args.notebook,
                                     overwrite=args.force)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    for p in written:
        print(p)
    return 0


def _release(args):
    from . import classroom
    try:
        classroom.release(args.instructor, args.out, overwrite=args.force)
    except Exception as e:  # noqa: BLE001 - every error is exit status 2
        return _error(e)
    print(f"student's version written to {args.out}")
    return 0


def _add_classkit(sub):
    """The student's commands: start, restore, and who hands in an export."""
    from .workspace import DEFAULT_DIR
    export = sub.choices["export"]
    export.add_argument("--name", default=None,
                        help="your name (default: from the notebook's \"About you\" cell)")
    export.add_argument("--id", default=None,
                        help="your student id (default: from the \"About you\" cell)")
    export.add_argument("--incomplete", action="store_true",
                        help="export although questions are unanswered or missing")
    restore = sub.add_parser("restore", help="put back answer cells that were deleted or "
                             "lost their tags (the notebook as it was is kept beside it)")
    restore.add_argument("notebook", help="the saved .ipynb file")
    collect = sub.add_parser("collect", help="a class's JSON exports and handed-in notebooks "
                             "in one overview (class_overview.csv and .html)")
    collect.add_argument("folder", help="the folder of submissions (subfolders included)")
    collect.add_argument("--out", default=None, help="folder for the overview (default: FOLDER)")
    collect.add_argument("--force", action="store_true", help="replace an earlier overview")
    assign = sub.add_parser("assign", help="each student's notebook with a mystery synapse of "
                            "their own (--out), or the teacher's key of true values (--key)")
    assign.add_argument("roster", help="CSV with the columns name and id")
    assign.add_argument("--secret-file", default=None,
                        help="file holding the teacher's secret (default: $NEUROAI_SECRET)")
    assign.add_argument("--out", default=None, help="folder for the students' notebooks")
    assign.add_argument("--key", default=None, help="CSV to write the true values to")
    assign.add_argument("--notebook", default=None,
                        help="the course notebook to hand out (default: notebook 02)")
    assign.add_argument("--force", action="store_true", help="replace earlier files")
    release = sub.add_parser("release", help="the student's version of an instructor's "
                             "notebook: solutions back to stubs, instructor cells and "
                             "outputs removed")
    release.add_argument("instructor", help="the instructor's .ipynb (python notebooks/build.py "
                         "--instructor DIR writes the course's)")
    release.add_argument("--out", required=True, help="the student's .ipynb to write")
    release.add_argument("--force", action="store_true", help="replace an existing file")
    start = sub.add_parser(
        "start", help="copy the course notebooks into your own folder (never overwriting "
        "your files) and open JupyterLab there",
        description="Copy the course notebooks into DIR (a newer course version of a "
        "notebook you have changed is written beside it as NAME.new-VERSION.ipynb), then "
        "start JupyterLab there (with --allow-root when run as root, --no-browser "
        "without a display).")
    start.add_argument("dir", nargs="?", default=None,
                       help=f"your course folder (default {DEFAULT_DIR})")
    start.add_argument("--no-launch", action="store_true",
                       help="copy the notebooks only, do not start JupyterLab")
    start.add_argument("--jupyter", action="append", default=[], metavar="ARG",
                       help="an argument for JupyterLab, e.g. --jupyter=--port=8889 "
                       "(repeat for more)")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["doctor"]:
        # before anything else of the package: the doctor also runs when
        # neuroai/__init__.py was replaced or deleted by another distribution
        from . import _doctor
        return _doctor.main(argv[1:])
    from . import __version__
    parser = argparse.ArgumentParser(prog="python -m neuroai",
                                     description="neuroai command line")
    parser.add_argument("--version", action="version", version=f"neuroai {__version__}")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="perceptron vs LIF on a flash and a sustained input")
    demo.add_argument("--out", default="neuroai_demo.png", help="figure file (PNG)")
    check = sub.add_parser("check", help="which answers in a notebook are missing or "
                           "outside the requested length (exit status 1 if any, 2 on "
                           "an error)")
    check.add_argument("notebook", help="the saved .ipynb file")
    export = sub.add_parser("export", help="write a notebook's answers as Markdown or JSON")
    export.add_argument("notebook", help="the saved .ipynb file (it is not modified)")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--out", default=None,
                        help="output file (default: NOTEBOOK_<student id>_answers.md/.json beside it)")
    export.add_argument("--force", action="store_true",
                        help="replace the output file if it exists")
    tut = sub.add_parser("tutorial", help="execute the tutorial notebooks headless and "
                         "write them with their figures to a directory")
    tut.add_argument("--out", required=True, help="output directory")
    tut.add_argument("notebooks", nargs="*",
                     help="notebook names to run (default: all), e.g. 01_what_is_neuroai")
    tut.add_argument("--timeout", type=float, default=600.0,
                     help="seconds allowed per cell (default 600)")
    tut.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="a progress bar over the cells (default: shown when the run "
                          "takes more than about 2 s)")
    _add_classkit(sub)
    sub.add_parser("doctor", help="which neuroai is installed, what else owns its files, "
                   "and how to fix it (exit status 1 if a problem is found)")
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["demo", *argv]
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo(args)
    if args.command == "check":
        return _check(args)
    if args.command == "export":
        return _export(args)
    if args.command == "tutorial":
        return _tutorial(args)
    if args.command == "start":
        return _start(args)
    if args.command == "restore":
        return _restore(args)
    if args.command == "collect":
        return _collect(args)
    if args.command == "assign":
        return _assign(args)
    if args.command == "release":
        return _release(args)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
