"""Parameter sweeps: one function run over a grid of parameters, on any executor.

:func:`sweep` calls ``fn(**point)`` for every point of a grid and gathers one
tidy row per point: the point's parameters, then what ``fn`` returned (the
entries of a returned dict, or one ``value`` column for anything else).

Where the points run is the caller's choice, through the standard
:class:`concurrent.futures.Executor` interface:

* ``executor=None`` (default): one after the other, in this process (any
  function works, lambdas included);
* a :class:`~concurrent.futures.ProcessPoolExecutor`: the cores of this
  machine (``fn`` must be importable by the workers: a function of a module,
  not a lambda or a function defined inside another);
* a Dask ``distributed`` cluster: ``client.get_executor()`` (or the
  ``Client`` itself), local or across machines; Dask sends functions with
  cloudpickle, so a function defined in a notebook works too.  Dask is an
  optional extra: ``pip install "neuroai-kit[dask]"``.

Results come back as a pandas ``DataFrame`` when pandas is installed, and
as a :class:`SweepTable` otherwise (``as_frame`` chooses explicitly).  Both
give a column by name (``table["w_inh"]``), ``len(table)`` rows, and
``table.to_dict("records")``, a list of one dict per row; code that uses only
these works with either.

A point that raises does not stop the sweep: its row holds its parameters
and, in an ``error`` column, the exception as ``"TypeName: message"`` (the
column exists only when a point failed, and a :class:`SweepWarning` says how
many did).  The rows come in grid order whatever the order in which the
points finish.

What ``fn`` returns is sent back from the worker, so it should be small:
numbers, short arrays or a dict of them.  The simulation results of this
package pickle without their broadcast inputs (see
:class:`neuroai.results.Result`), but a summary is smaller still.
"""
from __future__ import annotations

import itertools
import numbers
import pickle
import sys
import time
import warnings

import numpy as np

__all__ = ["sweep", "SweepTable", "SweepWarning", "grid_points"]


class SweepWarning(UserWarning):
    """Some points of a sweep failed; their rows hold the error."""


def _is_values(v):
    """True for a sequence of values a grid axis may take."""
    if isinstance(v, np.ndarray):
        return v.ndim == 1
    return isinstance(v, (list, tuple, range))


def grid_points(grid):
    """The points of a grid, as a list of dicts of keyword arguments.

    Parameters
    ----------
    grid : dict of str to sequence, or sequence of dict
        A dict maps each parameter name to the list (tuple, range or 1-D
        array) of its values; the points are their Cartesian product, the
        last name varying fastest.  A list of dicts gives the points
        themselves.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> grid_points({"a": [1, 2], "b": ["x", "y"]})
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    if isinstance(grid, dict):
        for k, v in grid.items():
            if not isinstance(k, str):
                raise TypeError(f"grid: parameter names must be strings (fn's keyword "
                                f"arguments), got {k!r}")
            if not _is_values(v):
                raise TypeError(
                    f"grid[{k!r}] must be a list (or tuple, range, 1-D array) of the values "
                    f"to try, got {type(v).__name__} {v!r}; for one value write [{v!r}]")
        names = list(grid)
        return [dict(zip(names, combo)) for combo in itertools.product(*grid.values())]
    if isinstance(grid, (list, tuple)):
        points = []
        for j, p in enumerate(grid):
            if not isinstance(p, dict):
                raise TypeError(f"grid: a list of points must hold dicts of keyword "
                                f"arguments, but item {j} is {type(p).__name__} {p!r}")
            for k in p:
                if not isinstance(k, str):
                    raise TypeError(f"grid: item {j} has a parameter name {k!r} that is "
                                    f"not a string")
            points.append(dict(p))
        return points
    raise TypeError(
        "grid must be a dict of parameter name -> list of values (their Cartesian product "
        f"is swept) or a list of dicts (the points), got {type(grid).__name__}")


def _describe(exc):
    """An exception as one line: its type and message."""
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _run_point(fn, point):
    """Run one point (in the worker): (True, value) or (False, error text).

    The error is caught here, not in the caller, so that an exception that
    cannot be pickled still reaches the caller as text.
    """
    try:
        return True, fn(**point)
    except Exception as e:            # noqa: BLE001 (every failure is reported per point)
        return False, _describe(e)


def _row(point, ok, value):
    """The tidy row of one point."""
    row = dict(point)
    if not ok:
        row["error"] = value
        return row
    entries = value if isinstance(value, dict) else {"value": value}
    clash = [k for k in entries if k in point or k == "error"]
    if clash:
        row["error"] = (f"fn returned {', '.join(map(repr, clash))}, which "
                        f"{'is' if len(clash) == 1 else 'are'} also a parameter name (or "
                        f"'error'): rename the returned key")
        return row
    row.update(entries)
    return row


class _Progress:
    """A progress bar: tqdm when installed, else one line of text on stderr."""

    def __init__(self, total, enabled):
        self.total, self.done, self.failed = total, 0, 0
        self.bar = None
        self.enabled = enabled and total > 0
        self._last = 0.0
        self._shown = None
        if not self.enabled:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            self._write()
        else:
            self.bar = tqdm(total=total, desc="sweep", unit="point")

    def _write(self, end=""):
        failed = f", {self.failed} failed" if self.failed else ""
        sys.stderr.write(f"\rsweep: {self.done}/{self.total} points{failed}{end}")
        sys.stderr.flush()
        self._shown = self.done

    def update(self, ok):
        self.done += 1
        self.failed += not ok
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            if not ok:
                self.bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if now - self._last >= 0.2 or self.done == self.total:   # a redraw per 0.2 s at most
            self._last = now
            self._write()

    def close(self):
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.close()
        elif self._shown == self.done:
            sys.stderr.write("\n")           # the last count is on screen already
            sys.stderr.flush()
        else:
            self._write("\n")


def _executor(executor):
    if executor is None:
        return None
    from concurrent.futures import Executor
    if isinstance(executor, Executor):
        return executor
    if hasattr(executor, "get_executor"):        # a Dask distributed Client
        return executor.get_executor()
    raise TypeError(
        "executor must be None (serial), a concurrent.futures.Executor (such as "
        "ProcessPoolExecutor()) or a Dask client (or its client.get_executor()), got "
        f"{type(executor).__name__}")


def _check_picklable(fn, executor):
    """A process pool pickles ``fn`` by name: refuse a lambda or a local
    function before any point runs (else every point fails the same way)."""
    from concurrent.futures import ProcessPoolExecutor
    if not isinstance(executor, ProcessPoolExecutor):
        return
    try:
        pickle.dumps(fn)
    except Exception as e:            # noqa: BLE001 (pickle raises several types)
        raise TypeError(
            f"fn ({getattr(fn, '__qualname__', fn)!r}) cannot be sent to a "
            f"ProcessPoolExecutor ({_describe(e)}): define it at the top level of a module "
            "(a .py file next to the notebook), or run the sweep serially (executor=None) "
            "or on a Dask client, which sends functions by value") from None


def _gather(fn, points, executor, progress):
    """The (ok, value) of every point, in grid order."""
    out = [None] * len(points)
    if executor is None:
        for k, p in enumerate(points):
            out[k] = _run_point(fn, p)
            progress.update(out[k][0])
        return out
    from concurrent.futures import as_completed
    futures = {executor.submit(_run_point, fn, p): k for k, p in enumerate(points)}
    try:
        for f in as_completed(futures):
            k = futures[f]
            try:
                out[k] = f.result()
            except Exception as e:    # noqa: BLE001 (a worker lost, a result not picklable)
                out[k] = (False, _describe(e))
            progress.update(out[k][0])
    except BaseException:
        # Ctrl-C (or anything else) while waiting: do not leave queued points running
        for f in futures:
            f.cancel()
        raise
    return out


def sweep(fn, grid, executor=None, progress=True, as_frame=None):
    """Run ``fn(**point)`` for every point of a parameter grid; one row per point.

    Parameters
    ----------
    fn : callable
        Called with each point's parameters as keyword arguments.  It returns
        a dict (each entry becomes a column) or anything else (one column,
        ``value``).  Keep it small: numbers or short arrays, not whole
        simulation results.
    grid : dict of str to sequence, or sequence of dict
        A dict of parameter name -> list (tuple, range, 1-D array) of values,
        whose Cartesian product is swept (the last name varies fastest), or a
        list of dicts, one per point (see :func:`grid_points`).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the points run: None (default) one after the other in this
        process; a ``ProcessPoolExecutor``, a ``ThreadPoolExecutor``, a Dask
        client or ``client.get_executor()``.  The executor is used, not shut
        down.
    progress : bool, default True
        Show a progress bar: tqdm's when tqdm is installed, else a line of
        text on stderr.
    as_frame : bool, optional
        True: return a pandas DataFrame (pandas required); False: a
        :class:`SweepTable`; None (default): a DataFrame when pandas is
        installed, else a SweepTable.

    Returns
    -------
    pandas.DataFrame or SweepTable
        One row per point, in grid order; columns: the parameters, then the
        returned entries, then ``error`` if some point failed (the exception
        as ``"TypeName: message"``, None on the points that succeeded).

    Raises
    ------
    TypeError
        ``fn`` is not callable, ``grid`` or ``executor`` is not of a kind
        listed above, or ``fn`` cannot be sent to a process pool.
    ImportError
        ``as_frame=True`` without pandas.

    Warns
    -----
    SweepWarning
        When some points failed (how many, and the first error).

    Examples
    --------
    >>> def square(x, shift):
    ...     return {"y": x * x + shift}
    >>> t = sweep(square, {"x": [1, 2, 3], "shift": [0, 10]}, progress=False, as_frame=False)
    >>> t["y"]
    array([ 1, 11,  4, 14,  9, 19])
    >>> t.to_dict("records")[1]
    {'x': 1, 'shift': 10, 'y': 11}
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable (called as fn(**point)), got {type(fn).__name__}")
    if as_frame not in (None, True, False):
        raise TypeError(f"as_frame must be True, False or None, got {as_frame!r}")
    pd = None
    if as_frame is not False:
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise ImportError("sweep(as_frame=True) needs pandas: pip install pandas "
                                  "(or leave as_frame=None for a SweepTable)") from None
    points = grid_points(grid)
    executor = _executor(executor)
    _check_picklable(fn, executor)
    bar = _Progress(len(points), bool(progress))
    try:
        outcomes = _gather(fn, points, executor, bar)
    finally:
        bar.close()
    rows = [_row(p, ok, v) for p, (ok, v) in zip(points, outcomes)]
    columns = _columns(rows)
    failed = [k for k, r in enumerate(rows) if "error" in r]
    if failed:
        first = failed[0]
        warnings.warn(
            f"{len(failed)} of {len(rows)} points failed (see the 'error' column); "
            f"the first, {points[first]}: {rows[first]['error']}", SweepWarning, stacklevel=2)
        for r in rows:
            r.setdefault("error", None)
    if pd is not None:
        return pd.DataFrame(rows, columns=columns)
    return SweepTable(rows, columns)


def _columns(rows):
    """Column names in first-seen order, ``error`` last."""
    seen = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    cols = [k for k in seen if k != "error"]
    return cols + (["error"] if "error" in seen else [])


def _is_number(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


class SweepTable:
    """The rows of a sweep, without pandas: a small read-only table.

    Parameters
    ----------
    rows : list of dict
        One dict per row.
    columns : list of str, optional
        Column order (default: first-seen order of the rows' keys).

    Attributes
    ----------
    columns : list of str
    shape : (int, int)
        Rows and columns.

    ``table[name]`` is a column as an array: float64 (NaN where a row has no
    value) when all its values are real numbers, else an object array (None
    where missing).  ``len(table)`` is the number of rows, iterating gives the
    column names (as a DataFrame does), ``table.to_dict("records")`` the rows
    and ``table.to_pandas()`` a DataFrame.
    """

    def __init__(self, rows, columns=None):
        self._rows = [dict(r) for r in rows]
        self.columns = list(columns) if columns is not None else _columns(self._rows)

    def __len__(self):
        return len(self._rows)

    @property
    def shape(self):
        return (len(self._rows), len(self.columns))

    def __iter__(self):
        return iter(self.columns)

    def __contains__(self, name):
        return name in self.columns

    def __getitem__(self, name):
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; the columns are {', '.join(self.columns)}")
        values = [r.get(name) for r in self._rows]
        present = [v for v in values if v is not None]
        if present and all(_is_number(v) for v in present):
            if len(present) == len(values):
                return np.asarray(values)
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    def to_dict(self, orient="records"):
        """``"records"``: a list of one dict per row (all columns, None where
        missing); ``"list"``: a dict of column name -> list of values."""
        if orient == "records":
            return [{c: r.get(c) for c in self.columns} for r in self._rows]
        if orient == "list":
            return {c: [r.get(c) for r in self._rows] for c in self.columns}
        raise ValueError(f'orient must be "records" or "list", got {orient!r}')

    def to_pandas(self):
        """The table as a pandas DataFrame (needs pandas)."""
        import pandas as pd
        return pd.DataFrame(self.to_dict("records"), columns=self.columns)

    def __repr__(self):
        cells = [[str(c) for c in self.columns]]
        for r in self._rows[:20]:
            cells.append([_short(r.get(c)) for c in self.columns])
        widths = [max(len(row[j]) for row in cells) for j in range(len(self.columns))]
        lines = ["  ".join(s.rjust(w) for s, w in zip(row, widths)) for row in cells]
        if len(self._rows) > 20:
            lines.append(f"... ({len(self._rows)} rows)")
        return "\n".join(lines) if self.columns else f"SweepTable({len(self._rows)} rows)"


def _short(v):
    if isinstance(v, float):
        return f"{v:.6g}"
    s = str(v)
    return s if len(s) <= 40 else s[:37] + "..."
