"""The one shape of every simulation result and of every state.

Every result (:class:`~neuroai.LIFResult`, :class:`~neuroai.SynapseResponse`,
:class:`~neuroai.NetworkResult`, :class:`~neuroai.network.LIFWithSynapseResult`)
has

``t``
    grid times [ms] of its traces;
``dt``, ``duration``
    the step and the length of the run [ms];
``spikes``
    its *output* spikes, a :class:`~neuroai.SpikeTrains` (a synapse emits
    none: its *input* is ``input_spikes``, and every result driven by spikes
    keeps them under that name);
``spike_times``, ``rates``
    the output spike times [ms] and mean rates [Hz] (for a synapse, those of
    its input trains);
``final_state``
    a :class:`State` to continue the run from (``state=result.final_state``);
``plot()``
    its figure, drawn by :mod:`neuroai.plot` (matplotlib is imported only
    then);
``_repr_html_()``
    a compact table for Jupyter (a cell that ends with a result shows it):
    the run, its spikes and rates, and the recorded arrays with their shapes
    and units.

Every state (:class:`~neuroai.LIFState`, :class:`~neuroai.SynapseState`,
:class:`~neuroai.network.NetworkState`) is a :class:`State`: ``steps_done``,
``dt``, ``method``, ``t`` and the model's variables as read-only arrays,
each an attribute and all in ``arrays``; it shows as a table in Jupyter too.

Results pickle small (for a process pool or a Dask cluster): an input given
as a broadcast view (``np.broadcast_to(I, (T, N))``) is stored as its
distinct elements and its shape, not as T x N numbers, and the attributes a
subclass names in ``_not_pickled`` (references to the model that made it)
are left out.

Units: time ms, rates Hz.
"""
from __future__ import annotations

import html

import numpy as np

from . import _units as U
from ._validate import compact

#: Units of the arrays results and states hold, by attribute name, for their
#: tables.
ARRAY_UNITS = {"t": "ms", "current": "nA", "v": "mV", "i_syn": "nA", "g": "nS", "i": "nA",
               "x": "1", "u": "1", "y": "nA or nS", "efficacy": "1", "t_free": "ms",
               "t_last": "ms", "ref_left": "steps", "has_spiked": "1"}


def html_table(caption, rows, head=None, notes=()):
    """A small HTML table: ``rows`` of cells (text, escaped here) under an
    optional ``head``, with a ``caption`` and ``notes`` below it."""
    esc = html.escape
    cell = 'style="text-align:left;padding:1px 8px"'
    out = ['<table style="border-collapse:collapse;font-size:90%">',
           f'<caption style="text-align:left;font-weight:bold">{esc(caption)}</caption>']
    if head:
        out.append("<tr>" + "".join(f"<th {cell}>{esc(str(h))}</th>" for h in head) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td {cell}>{esc(str(c))}</td>" for c in r) + "</tr>")
    out.append("</table>")
    if notes:
        out.append('<div style="font-size:80%">' + "<br>".join(esc(n) for n in notes)
                   + "</div>")
    return "\n".join(out)


def _shape(a):
    return f"shape {tuple(np.shape(a))}"

__all__ = ["Result", "State"]


class _Broadcast:
    """A broadcast view in a pickle: its distinct elements and its shape."""

    __slots__ = ("base", "shape")

    def __init__(self, base, shape):
        self.base, self.shape = base, shape

    def __reduce__(self):
        return (_Broadcast, (self.base, self.shape))

    def view(self):
        return np.broadcast_to(self.base, self.shape)


class State:
    """Where a run stopped, so that the next run continues from there.

    Parameters
    ----------
    steps_done : int
        Steps done since t = 0: the next run starts at ``steps_done * dt``.
    dt : float
        Step [ms] of the run; a continuation must use the same.
    method : str
        Integration method of the run; a continuation must use the same.
    arrays : dict of str to ndarray
        The model's state variables, fresh arrays that nothing else holds.
        They are kept without a copy and are read-only to every reader, so
        a state can be passed on any number of times.

    Attributes
    ----------
    steps_done, dt, method
        As given.
    arrays : dict of str to ndarray
        The state variables by name; each is also an attribute.
    """

    __slots__ = ("steps_done", "dt", "method", "_vars")

    def __init__(self, steps_done, dt, method, arrays):
        self.steps_done = int(steps_done)
        self.dt = float(dt)
        self.method = method
        # Frozen when first read, not here: every simulate() call builds a
        # state, and most are never read (a slider redraw), so freezing them
        # all would add about 1 us to each call.
        self._vars = arrays

    @property
    def arrays(self):
        """The state variables by name (read-only arrays)."""
        for a in self._vars.values():
            a.setflags(write=False)
        return dict(self._vars)

    def __getattr__(self, name):
        # only reached for names that are not slots: the state variables
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            a = self._vars[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no {name!r}; its variables are "
                f"{', '.join(self._vars)}") from None
        a.setflags(write=False)
        return a

    @property
    def t(self):
        """Time [ms] at which the state holds."""
        return self.steps_done * self.dt

    def __repr__(self):
        return (f"{type(self).__name__}(t={self.t:g} ms, method={self.method!r}, "
                f"{', '.join(self._vars)})")

    def _repr_html_(self):
        rows = [("t", f"{self.t:g} ms (after {self.steps_done} steps of dt = {self.dt:g} ms)"),
                ("method", self.method)]
        for name, a in self._vars.items():
            unit = ARRAY_UNITS.get(name, "")
            rows.append((name, f"array, {_shape(a)}" + (f" [{unit}]" if unit else "")))
        return html_table(type(self).__name__, rows)


class Result:
    """Base of every simulation result: the attributes all results share.

    Subclasses set ``t``, ``dt``, ``duration``, ``final_state`` and provide
    ``spikes`` (output spikes, a SpikeTrains); :attr:`spike_times` and
    :attr:`rates` are derived from them, and :meth:`plot` calls the
    function of :mod:`neuroai.plot` named by ``_plot_function``.
    """

    _plot_function = ""
    #: The SpikeTrains that spike_times and rates describe: the output, except
    #: for a model that emits no spikes (a synapse), which names its input.
    _counted = "spikes"

    @property
    def spike_times(self):
        """Spike times [ms] (of the output, or of a synapse's input): a list
        of one sorted array per train."""
        return getattr(self, self._counted).to_list()

    @property
    def rates(self):
        """Mean rate [Hz] of each train (of the output, or of a synapse's
        input) over this run: count / duration."""
        return U.rate_hz(getattr(self, self._counted).counts(), self.duration)

    def _repr_html_(self):
        trains = getattr(self, self._counted)
        counts = np.asarray(trains.counts())
        what = "input" if self._counted != "spikes" else "output"
        rows = [("duration", f"{self.duration:g} ms (dt = {self.dt:g} ms)"),
                (f"{what} spikes", f"{len(trains)} in {trains.n} train"
                                   f"{'s' if trains.n != 1 else ''}")]
        if counts.size:
            r = U.rate_hz(counts, self.duration)
            rows.append((f"{what} rate", f"{float(np.mean(r)):.4g} Hz" if r.size == 1 else
                         f"mean {float(np.mean(r)):.4g} Hz, range {float(np.min(r)):.4g}"
                         f" to {float(np.max(r)):.4g} Hz"))
        for name, unit in ARRAY_UNITS.items():
            if name == "t":
                continue
            a = getattr(self, name, None)
            if isinstance(a, np.ndarray) and a.size:
                rows.append((name, f"array, {_shape(a)} [{unit}]"))
        rows.append(("final_state", type(self.final_state).__name__))
        return html_table(type(self).__name__, rows)
    #: Attributes left out of a pickle (unpickled as None): references to
    #: the model that made the result (its inputs, its connectivity), which
    #: a result sent back from a worker process need not carry.
    _not_pickled = ()

    def __getstate__(self):
        # A broadcast input (np.broadcast_to(I, (T, N)), zero strides) costs
        # its base's size in memory but would pickle as a full T x N copy (a
        # 100,000-neuron input of 1,000 steps: 800 MB): keep its distinct
        # elements and its shape, and broadcast them again when unpickled.
        state = dict(self.__dict__)
        for k, a in state.items():
            if k in self._not_pickled:
                state[k] = None
            elif isinstance(a, np.ndarray) and a.size and 0 in a.strides:
                state[k] = _Broadcast(compact(a), a.shape)
        return state

    def __setstate__(self, state):
        self.__dict__.update({k: a.view() if isinstance(a, _Broadcast) else a
                              for k, a in state.items()})

    def plot(self, **kwargs):
        """This result's figure (needs matplotlib); keyword arguments go to
        the drawing function of :mod:`neuroai.plot` named in the class
        docstring."""
        from . import plot          # deferred: matplotlib only when drawing
        return getattr(plot, self._plot_function)(self, **kwargs)
