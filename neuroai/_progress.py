"""Progress of long runs: one convention for every model and tool.

Every call that may run for long takes ``progress=None``:

``None`` (default)
    shown once the run is seen to take more than :data:`AUTO_SECONDS`
    (about 2 s): the first part of the run is timed, and the bar appears
    when the rest is estimated to take longer;
``True``
    always shown;
``False``
    never shown.

The bar is ``tqdm.auto`` when tqdm is installed (a widget in Jupyter, a text
bar in a terminal), else a plain text line on stderr, rewritten in place at
most a few times a second.  The run itself is not changed by its progress:
a model that reports progress splits its run into parts whose results equal
one long run bit for bit, and each part still stops within about 100 ms on
Ctrl-C.  See CONTRIBUTING.md ("Progress of long runs").
"""
from __future__ import annotations

import sys
import time

import numpy as np

__all__ = ["AUTO_SECONDS", "check", "Tracker", "steps_callback"]

#: Runs estimated to take longer than this [s] show their progress by default.
AUTO_SECONDS = 2.0

#: The plain text line is rewritten at most this often [s].
_TEXT_INTERVAL = 0.25


def check(progress, name="progress"):
    """``progress`` checked: None, True or False (a NumPy bool too)."""
    if progress is None or progress is True or progress is False:
        return progress
    if isinstance(progress, np.bool_):
        return bool(progress)
    raise TypeError(f"{name} must be None (shown for runs longer than about "
                    f"{AUTO_SECONDS:g} s), True or False, got {progress!r}")


class _TextBar:
    """The fallback without tqdm: ``desc: 42% (420/1000 unit)`` on stderr."""

    def __init__(self, total, desc, unit, stream):
        self.total, self.desc, self.unit, self.stream = total, desc, unit, stream
        self.n = 0
        self._shown = 0.0
        self._written = None

    def update(self, n):
        self.n += n
        now = time.monotonic()
        if now - self._shown >= _TEXT_INTERVAL or self.n >= self.total:
            self._shown = now
            self._write()

    def _write(self):
        pct = 100.0 * self.n / self.total if self.total else 100.0
        self.stream.write(f"\r{self.desc}: {pct:3.0f}% ({self.n:g}/{self.total:g} "
                          f"{self.unit})")
        self.stream.flush()
        self._written = self.n

    def close(self):
        if self._written != self.n:
            self._write()
        self.stream.write("\n")
        self.stream.flush()


def _bar(total, desc, unit, stream):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _TextBar(total, desc, unit, stream)
    return tqdm(total=total, desc=desc, unit=unit, file=stream, leave=True)


class Tracker:
    """Progress of one run of ``total`` units of work (steps, cells, ...).

    Parameters
    ----------
    progress : None, True or False
        The convention above.
    total : float
        Units of work in the run.
    desc : str
        What runs (the bar's label).
    unit : str
        Name of a unit of work, e.g. ``"steps"``.
    stream : file, optional
        Where the bar is written (default: ``sys.stderr`` at the time of the
        call).

    Call :meth:`advance` after each part of the run and :meth:`close` at
    the end (or use it as a context manager).
    """

    def __init__(self, progress, total, desc, unit="steps", stream=None):
        self.mode = check(progress)
        self.total = total
        self.desc = desc
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        self.done = 0
        self.bar = None
        self._t0 = time.perf_counter()
        if self.mode is True:
            self.bar = _bar(total, desc, unit, self.stream)

    @property
    def shown(self):
        """True once the bar is on screen."""
        return self.bar is not None

    def advance(self, n):
        """``n`` more units done."""
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.mode is None and 0 < self.done < self.total:
            elapsed = time.perf_counter() - self._t0
            if elapsed * (self.total - self.done) / self.done > AUTO_SECONDS:
                self.bar = _bar(self.total, self.desc, self.unit, self.stream)
                self.bar.update(self.done)

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _StepsCallback:
    """The progress callable a C run calls with the steps done after each
    chunk (``_core.circuit_run(progress=...)``): it advances a Tracker."""

    __slots__ = ("tracker", "last")

    def __init__(self, tracker):
        self.tracker = tracker
        self.last = 0

    def __call__(self, done):
        self.tracker.advance(done - self.last)
        self.last = done
        if done >= self.tracker.total:
            self.tracker.close()


def steps_callback(progress, n_steps, desc):
    """None when progress is False (no callback at all), else the callable."""
    if progress is False or n_steps == 0:
        return None
    return _StepsCallback(Tracker(progress, n_steps, desc, "steps"))
