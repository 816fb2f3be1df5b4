"""Registry of every public function of ``neuroai._core``, for the hygiene tests.

One ``Entry`` per binding function (Bottleneck's ``get_functions`` idea):

- ``good``: builds the named arguments of one call that succeeds, with fresh
  arrays each time, in the order the binding takes them;
- ``variants``: further good calls through other paths of the same binding
  (another method, a broadcast or misaligned input, threads);
- ``bad``: calls that must fail, each a change to the good call's arguments
  and the exception it must raise;
- ``long``: builds a call that runs for many seconds, to be stopped by
  Ctrl-C; entries without one say why in ``why_not_long``.  An entry whose
  long call cannot be interrupted today says so with ``interruptible=False``.

How arguments reach the binding is decided in one place, ``invoke``: every
binding function takes keywords.  Model parameters travel as tables whose
rows ``_core`` names (``_core.LIF_PARAMS``, ...; ``_table`` builds one by
name).  When a function's parameters change, edit its ``_<name>`` builder and
the changes in its bad calls, which sit next to it.

``tests/test_core_hygiene.py`` runs every entry through the probes and fails
when a public function of ``_core`` has no entry here.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from neuroai import _core

def invoke(name, named):
    """Call ``_core.<name>`` with the named arguments."""
    return getattr(_core, name)(**named)


DROP = object()   # in a Bad change: leave the argument out


@dataclass(frozen=True)
class Bad:
    """A call that must raise ``exc``: the good call with ``change`` applied.

    change maps an argument name to its new value, to DROP, or to a function
    of the good call's arguments returning the new value.  ``match``, if
    given, must be found (re.search) in the message.
    """
    why: str
    exc: type
    change: dict
    match: str | None = None


@dataclass(frozen=True)
class Entry:
    """One public function of _core: its calls for the hygiene probes (see the
    module docstring); builders return a fresh dict of named arguments."""
    name: str
    good: Callable[[], dict]
    bad: tuple = ()
    variants: tuple = ()
    long: Callable[[], dict] | None = None
    interruptible: bool = True
    why_not_long: str = ""
    # a property of the good call's result that shows it took the path it is
    # meant to cover (e.g. enough spikes to grow the spike buffer)
    good_check: Callable[[Any], bool] | None = None


def bad_args(entry, bad):
    """Named arguments of a bad call: the entry's good call with bad.change applied
    (fresh copies of the changed values, so no call sees another's arrays)."""
    named = entry.good()
    for key, value in bad.change.items():
        if value is DROP:
            del named[key]
        elif callable(value):
            named[key] = value(named)
        else:
            named[key] = copy.deepcopy(value)
    return named


def _i64(*values):
    return np.array(values, dtype=np.int64)


def _f64(*values):
    return np.array(values, dtype=float)


def _table(rows, **values):
    """A parameter table: the values stacked in the order _core names its rows."""
    assert set(values) == set(rows), (sorted(values), rows)
    return np.array([values[k] for k in rows], dtype=float)


# -- lif_run ---------------------------------------------------------------------------

def _lif_params(n, t_ref=0.0):
    return _table(_core.LIF_PARAMS, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
                  v_threshold=-55.0, resistance=10.0, t_ref=t_ref)[:, None] + np.zeros(n)


def _lif_run(n=4, steps=600, current=400.0, method=0, t_ref=0.0, rec=(0, 2), n_threads=1):
    # 400 nA: eight spikes per neuron and ms, often several in one step, and
    # > 1024 in all, so the spike buffer grows at least once
    return dict(current=np.full((steps, n), current), dt=0.1, method=method, step0=0,
                state=np.array([np.full(n, -70.0), np.full(n, -np.inf)]),
                ref_left=np.zeros(n, np.int64), params=_lif_params(n, t_ref),
                rec_idx=np.array(rec, np.int64), n_threads=n_threads)


def _lif_euler_broadcast():
    # constant input as a zero-stride view (chunked by neurons), Euler with
    # refractoriness, nothing recorded
    named = _lif_run(n=40, steps=200, method=1, t_ref=1.0, rec=())
    named["current"] = np.broadcast_to(np.linspace(1.0, 4.0, 40), (200, 40))
    return named


def _lif_misaligned_stride():
    # a field of a packed record array: misaligned, 12-byte strides, so the
    # binding works on an aligned copy
    named = _lif_run(n=3, steps=100, rec=(1,))
    rec = np.zeros((100, 3), dtype=[("i", "f8"), ("pad", "i4")])
    rec["i"] = 2.5
    named["current"] = rec["i"]
    return named


def _lif_threads():
    # enough neurons for two threads (8192 and more), few steps
    return _lif_run(n=8192, steps=5, current=2.0, rec=(0, 8191), n_threads=2)


def _lif_long():
    # 100,000 neurons x 1,000,000 steps, subthreshold (1 nA: no spikes, so no
    # memory grows), a broadcast view: ~30 s of work; two threads
    named = _lif_run(n=100_000, steps=1, current=1.0, rec=(), n_threads=2)
    named["current"] = np.broadcast_to(np.full(100_000, 1.0), (1_000_000, 100_000))
    return named


def _lif_negative_tau(named):
    p = named["params"].copy()
    p[_core.LIF_TAU_M, 1] = -20.0
    return p


def _lif_nan_threshold(named):
    p = named["params"].copy()
    p[_core.LIF_V_THRESHOLD, 0] = np.nan
    return p


LIF_RUN = Entry(
    "lif_run", _lif_run,
    variants=(_lif_euler_broadcast, _lif_misaligned_stride, _lif_threads),
    good_check=lambda out: out[3].size > 1024,
    long=_lif_long,
    bad=(
        Bad("current 1-D", ValueError, {"current": np.ones(5)}, "2-dimensional"),
        Bad("current not numeric", TypeError, {"current": np.array([["a"] * 4])}),
        Bad("state shape", ValueError, {"state": np.zeros((2, 3))},
            r"state must have shape \(2, 4\), got \(2, 3\)"),
        Bad("params shape", ValueError, {"params": np.zeros((5, 4))},
            r"params must have shape \(6, 4\)"),
        Bad("ref_left length", ValueError, {"ref_left": np.zeros(3, np.int64)}, "ref_left"),
        Bad("ref_left < 0", ValueError, {"ref_left": _i64(0, 0, -1, 0)}, r"ref_left \(>= 0\)"),
        Bad("step0 < 0", ValueError, {"step0": -1}, r"step0 \(>= 0\)"),
        Bad("method 2", ValueError, {"method": 2}, "method"),
        Bad("tau_m < 0", ValueError, {"params": _lif_negative_tau}, "LIF parameters"),
        Bad("v_threshold NaN", ValueError, {"params": _lif_nan_threshold}, "LIF parameters"),
        Bad("dt = 0", ValueError, {"dt": 0.0}, "LIF parameters"),
        Bad("rec_idx repeated", ValueError, {"rec_idx": _i64(0, 0)}, "distinct"),
        Bad("rec_idx out of range", ValueError, {"rec_idx": _i64(4)}, "distinct"),
        Bad("dt a string", TypeError, {"dt": "0.1"}),
        Bad("rec_idx missing", TypeError, {"rec_idx": DROP, "n_threads": DROP}),
    ))


# -- perceptron_forward, perceptron_fit, activation --------------------------------------

def _perceptron_forward():
    return dict(x=np.linspace(-2.0, 2.0, 15).reshape(5, 3),
                w=np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]), b=_f64(0.1, -0.2), kind=0)


PERCEPTRON_FORWARD = Entry(
    "perceptron_forward", _perceptron_forward,
    why_not_long="work is one multiply-add per element of x times the outputs: a long call "
                 "needs its inputs in memory first",
    bad=(
        Bad("x 1-D", ValueError, {"x": np.ones(3)}, "2-dimensional"),
        Bad("w inputs differ", ValueError, {"w": np.ones((2, 4))}, "same number of inputs"),
        Bad("b length", ValueError, {"b": np.ones(3)}, "b must have length 2"),
        Bad("kind 9", ValueError, {"kind": 9}, "out of range"),
        Bad("kind a string", TypeError, {"kind": "relu"}),
    ))

_AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)


def _perceptron_fit():
    return dict(x=_AND_X.copy(), y=_f64(0, 0, 0, 1), w=np.zeros(2), b=0.0, max_epochs=20,
                learning_rate=1.0, shuffle=True, seed=7)


def _perceptron_fit_long():
    # XOR is not linearly separable, so every epoch runs; epochs scaled from
    # a timed short run to about 1.5 s of work
    def named(epochs):
        return dict(x=np.tile(_AND_X, (50, 1)), y=np.tile(_f64(0, 1, 1, 0), 50),
                    w=np.zeros(2), b=0.0, max_epochs=epochs, learning_rate=1.0,
                    shuffle=False, seed=0)
    best = float("inf")
    for _ in range(3):       # the best of three: a loaded machine only lengthens the call
        t0 = time.perf_counter()
        invoke("perceptron_fit", named(2000))
        best = min(best, time.perf_counter() - t0)
    return named(int(1.5 * 2000 / max(best, 1e-6)))


PERCEPTRON_FIT = Entry(
    "perceptron_fit", _perceptron_fit,
    long=_perceptron_fit_long,
    good_check=lambda out: out[2][-1] == 0,
    bad=(
        Bad("label 2", ValueError, {"y": _f64(0, 2, 0, 1)}, "perceptron fit"),
        Bad("max_epochs 0", ValueError, {"max_epochs": 0}, "epochs must be >= 1"),
        Bad("learning_rate < 0", ValueError, {"learning_rate": -1.0}, "perceptron fit"),
        Bad("y length", ValueError, {"y": _f64(0, 0, 1)}, "y must have length 4"),
        Bad("w length", ValueError, {"w": np.zeros(3)}, "weights must have length 2"),
        Bad("x 1-D", ValueError, {"x": np.ones(4)}, "2-dimensional"),
        Bad("learning_rate a string", TypeError, {"learning_rate": "1"}),
    ))


def _activation():
    return dict(kind=0, z=np.linspace(-5.0, 5.0, 12).reshape(3, 4))


ACTIVATION = Entry(
    "activation", _activation,
    variants=(lambda: dict(kind=3, z=np.arange(-3.0, 3.0)),),
    why_not_long="one pass over z, which must be in memory first",
    bad=(
        Bad("kind 9", ValueError, {"kind": 9}, "out of range"),
        Bad("z of strings", TypeError, {"z": np.array(["a", "b"])}),
        Bad("kind a string", TypeError, {"kind": "sigmoid"}),
    ))


# -- synapse_run, stp_tm_run, stp_course_run ---------------------------------------------

def _spikes():
    # sorted times [ms], the synapse of each spike, two on one step
    return _f64(0.0, 1.0, 1.0, 2.5), _i64(0, 1, 0, 2)


def _synapse_run(n=3, n_steps=50, method=0):
    times, index = _spikes()
    return dict(y=np.zeros(n), times=times, index=index, rec=_i64(0, 2), dt=0.1, step0=0,
                n_steps=n_steps, method=method,
                params=_table(_core.EXPSYN_PARAMS, tau_syn=5.0, weight=1.0))


def _synapse_long():
    # 100,000 synapses x 1,000,000 steps, nothing recorded: ~20 s of work
    named = _synapse_run(n=100_000, n_steps=1_000_000)
    named.update(times=np.empty(0), index=np.empty(0, np.int64), rec=np.empty(0, np.int64))
    return named


def _reversed(key):
    return lambda named: named[key][::-1].copy()


SYNAPSE_RUN = Entry(
    "synapse_run", _synapse_run,
    variants=(lambda: _synapse_run(method=1),),
    long=_synapse_long,
    bad=(
        Bad("spike after the run", ValueError, {"n_steps": 5}, "synapse spikes"),
        Bad("times unsorted", ValueError, {"times": _reversed("times")}, "synapse spikes"),
        Bad("index length", ValueError, {"index": _i64(0, 1)}, "index must have length 4"),
        Bad("index out of range", ValueError, {"index": _i64(0, 1, 0, 3)}, "synapse spikes"),
        Bad("rec out of range", ValueError, {"rec": _i64(3)}, "recorded indices"),
        Bad("tau_syn = 0", ValueError,
            {"params": _table(_core.EXPSYN_PARAMS, tau_syn=0.0, weight=1.0)},
            "synapse parameters"),
        Bad("params too short", ValueError, {"params": _f64(5.0)}, "params must have length 2"),
        Bad("dt = 0", ValueError, {"dt": 0.0}, "synapse parameters"),
        Bad("method 7", ValueError, {"method": 7}, "synapse parameters"),
        Bad("n_steps < 0", ValueError, {"n_steps": -1}, "n_steps must be >= 0"),
        Bad("y 2-D", ValueError, {"y": np.zeros((3, 1))}, "1-dimensional"),
    ))


def _stp_tm_run(n=3, n_steps=50):
    times, index = _spikes()
    return dict(x=np.ones(n), u=np.full(n, 0.5), t_last=np.full(n, -np.inf),
                has_spiked=np.zeros(n, np.uint8), times=times, index=index, rec=_i64(0, 1),
                step0=0, n_steps=n_steps, dt=0.1,
                params=_table(_core.TM_PARAMS, U=0.5, tau_rec=800.0, tau_fac=0.0))


def _stp_tm_long():
    # event-driven, so only the traces take time: 1,000 recorded synapses x
    # 150,000 steps, ~3 s of work.  The traces (2.4 GB) are allocated but
    # only the pages written before the interrupt become resident.
    named = _stp_tm_run(n=1000, n_steps=150_000)
    named.update(times=np.empty(0), index=np.empty(0, np.int64),
                 rec=np.arange(1000, dtype=np.int64))
    return named


STP_TM_RUN = Entry(
    "stp_tm_run", _stp_tm_run,
    variants=(lambda: dict(_stp_tm_run(n_steps=0), rec=np.empty(0, np.int64),
                           params=_table(_core.TM_PARAMS, U=0.5, tau_rec=800.0, tau_fac=50.0)),),
    long=_stp_tm_long,
    bad=(
        Bad("spike before t_last", ValueError,
            {"t_last": np.full(3, 5.0), "has_spiked": np.ones(3, np.uint8)}, "t_last"),
        Bad("times unsorted", ValueError, {"times": _reversed("times")}, "sorted"),
        Bad("index out of range", ValueError, {"index": _i64(0, 1, 0, 3)}, "indices in"),
        Bad("U = 0", ValueError,
            {"params": _table(_core.TM_PARAMS, U=0.0, tau_rec=800.0, tau_fac=0.0)},
            "Tsodyks-Markram parameters"),
        Bad("tau_rec = 0", ValueError,
            {"params": _table(_core.TM_PARAMS, U=0.5, tau_rec=0.0, tau_fac=0.0)},
            "Tsodyks-Markram parameters"),
        Bad("u length", ValueError, {"u": np.full(2, 0.5)}, "u must have length 3"),
        Bad("rec out of range", ValueError, {"rec": _i64(3)}, "recorded indices"),
        Bad("dt = 0 with traces", ValueError, {"dt": 0.0}, "dt must be > 0"),
        Bad("n_steps < 0", ValueError, {"n_steps": -1}, "n_steps must be >= 0"),
    ))

def _dep(u=0.5):
    return _table(_core.DEP_PARAMS, g_max=1.5, tau_syn=5.0, tau_rec=200.0, u=u)


def _fac(u_base=0.1, u_max=0.8):
    return _table(_core.FAC_PARAMS, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=u_base,
                  u_max=u_max, u_step=0.3)


def _stp_course_run(kind=_core.COURSE_DEP, n=3, n_steps=50, method=1):
    times, index = _spikes()
    dep = kind == _core.COURSE_DEP
    return dict(kind=kind, g=np.zeros(n), s=np.ones(n) if dep else np.full(n, 0.1),
                times=times, index=index, rec=_i64(0, 2), dt=0.1, step0=0,
                n_steps=n_steps, method=method, params=_dep() if dep else _fac())


def _stp_course_long():
    # 100,000 depressing synapses x 1,000,000 steps, nothing recorded: ~40 s
    named = _stp_course_run(n=100_000, n_steps=1_000_000, method=0)
    named.update(times=np.empty(0), index=np.empty(0, np.int64), rec=np.empty(0, np.int64))
    return named


STP_COURSE_RUN = Entry(
    "stp_course_run", _stp_course_run,
    variants=(lambda: _stp_course_run(kind=_core.COURSE_FAC, method=0),),
    long=_stp_course_long,
    bad=(
        Bad("u_max < u_base", ValueError,
            {"kind": _core.COURSE_FAC, "params": _fac(u_base=0.5, u_max=0.1)},
            "synapse parameters"),
        Bad("u > 1", ValueError, {"params": _dep(u=1.5)}, "synapse parameters"),
        Bad("kind 2", ValueError, {"kind": 2}, "kind COURSE_DEP or COURSE_FAC"),
        Bad("s length", ValueError, {"s": np.ones(2)}, "s must have length 3"),
        Bad("spike after the run", ValueError, {"n_steps": 5}, "synapse spikes"),
        Bad("rec out of range", ValueError, {"rec": _i64(5)}, "recorded indices"),
        Bad("params of the other kind", ValueError, {"params": _fac()},
            "params must have length 4"),
    ))


# -- stp_course_lif_run (the course's LIFWithSynapse) -----------------------------------

def _clif(**change):
    values = dict(tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0,
                  t_ref=0.0, e_syn=0.0, g_max=800.0, tau_syn=5.0, tau_rec=150.0, u=0.4,
                  current_scale=1e-3)
    values.update(change)
    return _table(_core.CLIF_PARAMS, **values)


def _stp_course_lif_run(n_steps=200):
    return dict(v=-70.0, g=0.0, x=1.0, ref_left=0, times=_f64(0.0, 1.0, 1.0, 2.5), dt=0.1,
                step0=0, n_steps=n_steps, params=_clif())


STP_COURSE_LIF_RUN = Entry(
    "stp_course_lif_run", _stp_course_lif_run,
    variants=(lambda: dict(_stp_course_lif_run(), params=_clif(t_ref=2.0, g_max=5000.0)),
              # the course's own units (neuroai.course.LIFWithSynapse)
              lambda: dict(_stp_course_lif_run(), params=_clif(resistance=1.0, g_max=8.0,
                                                                current_scale=1.0)),
              lambda: dict(_stp_course_lif_run(), step0=10, times=_f64(1.0, 2.0))),
    why_not_long="one neuron, 25 bytes of traces written per step: a call long enough to "
                 "interrupt is gigabytes of output, so memory bounds it first",
    good_check=lambda r: r[7].sum() >= 1 and r[4].shape == (200,),
    bad=(
        Bad("v_reset >= v_threshold", ValueError, {"params": _clif(v_reset=-50.0)},
            "LIFWithSynapse parameters"),
        Bad("u > 1", ValueError, {"params": _clif(u=1.5)}, "LIFWithSynapse parameters"),
        Bad("current_scale 0", ValueError, {"params": _clif(current_scale=0.0)},
            "LIFWithSynapse parameters"),
        Bad("tau_m NaN", ValueError, {"params": _clif(tau_m=float("nan"))},
            "LIFWithSynapse parameters"),
        Bad("dt 0", ValueError, {"dt": 0.0}, "LIFWithSynapse parameters"),
        Bad("spike after the run", ValueError, {"n_steps": 5}, "input spike times"),
        Bad("spike before step0", ValueError, {"step0": 5}, "input spike times"),
        Bad("unsorted times", ValueError, {"times": _f64(2.0, 1.0)}, "input spike times"),
        Bad("params too short", ValueError, {"params": _f64(1.0, 2.0)}, "params must have"),
        Bad("negative n_steps", ValueError, {"n_steps": -1}, "n_steps"),
        Bad("negative ref_left", ValueError, {"ref_left": -1}, "ref_left"),
        Bad("times 2-D", ValueError, {"times": np.zeros((2, 2))}, "times"),
        Bad("v not a number", TypeError, {"v": "a"}),
    ))


# -- stdp_course_run (the course's LIFNeuronSTDP) -----------------------------------------

def _stdpc(**change):
    values = dict(tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-55.0, tau_plus=20.0,
                  tau_minus=20.0, a_plus=0.01, a_minus=0.012, w_max=1.0)
    values.update(change)
    return _table(_core.STDPC_PARAMS, **values)


def _stdp_course_run(n=20, steps=400, rec_every=100, step0=0):
    # every input spikes every 7th step, input j in steps j mod 7: several
    # inputs a step, and enough drive to fire the neuron (LTP and LTD both)
    ev = [(i, j) for i in range(steps) for j in range(n) if (i + j) % 7 == 0]
    return dict(v=-65.0, y=0.0, x=np.zeros(n), w=np.linspace(0.1, 0.9, n),
                ev_step=np.array([e[0] for e in ev], np.int64),
                ev_index=np.array([e[1] for e in ev], np.int64), n_steps=steps, dt=1.0,
                step0=step0, params=_stdpc(), rec_every=rec_every)


def _stdp_course_long():
    # 100,000 silent inputs over 200,000 steps: 2e10 trace decays (several
    # seconds a tenth of the way), 3.4 MB of per-step output, no events
    return dict(v=-65.0, y=0.0, x=np.zeros(100_000), w=np.full(100_000, 0.3),
                ev_step=np.zeros(0, np.int64), ev_index=np.zeros(0, np.int64),
                n_steps=200_000, dt=1.0, step0=0, params=_stdpc(), rec_every=10 ** 9)


STDP_COURSE_RUN = Entry(
    "stdp_course_run", _stdp_course_run,
    variants=(lambda: _stdp_course_run(step0=50, rec_every=30),
              lambda: dict(_stdp_course_run(), params=_stdpc(w_max=0.5)),
              lambda: _stdp_course_run(n=300, steps=50, rec_every=1),
              lambda: _stdp_course_run(steps=0)),
    good_check=lambda r: r[6].sum() >= 5 and r[7].shape == (4, 20) and r[4].shape == (400,),
    long=_stdp_course_long,
    bad=(
        Bad("v_reset >= v_thresh", ValueError, {"params": _stdpc(v_reset=-50.0)},
            "LIFNeuronSTDP parameters"),
        Bad("tau_plus 0", ValueError, {"params": _stdpc(tau_plus=0.0)},
            "LIFNeuronSTDP parameters"),
        Bad("a_minus < 0", ValueError, {"params": _stdpc(a_minus=-0.1)},
            "LIFNeuronSTDP parameters"),
        Bad("w_max NaN", ValueError, {"params": _stdpc(w_max=float("nan"))},
            "LIFNeuronSTDP parameters"),
        Bad("dt 0", ValueError, {"dt": 0.0}, "LIFNeuronSTDP parameters"),
        Bad("x < 0", ValueError, {"x": -np.ones(20)}, "LIFNeuronSTDP parameters"),
        Bad("w inf", ValueError, {"w": np.full(20, np.inf)}, "LIFNeuronSTDP parameters"),
        Bad("y NaN", ValueError, {"y": float("nan")}, "LIFNeuronSTDP parameters"),
        Bad("event after the run", ValueError, {"n_steps": 5}, "input spikes"),
        Bad("input out of range", ValueError,
            {"ev_index": lambda a: a["ev_index"] + 20}, "input spikes"),
        Bad("unsorted steps", ValueError, {"ev_step": lambda a: a["ev_step"][::-1].copy()},
            "input spikes"),
        Bad("w of another length", ValueError, {"w": np.ones(3)}, "w must have length"),
        Bad("ev_index of another length", ValueError, {"ev_index": _i64(0)}, "ev_index"),
        Bad("params too short", ValueError, {"params": _f64(1.0, 2.0)}, "params must have"),
        Bad("rec_every 0", ValueError, {"rec_every": 0}, "rec_every"),
        Bad("negative step0", ValueError, {"step0": -1}, "step0"),
        Bad("x 2-D", ValueError, {"x": np.zeros((2, 10))}, "x must be 1-dimensional"),
        Bad("v not a number", TypeError, {"v": "a"}),
    ))


# -- spikegen_regular, spikegen_poisson ---------------------------------------------------

_REGULAR_BOUNDED_BY_OUTPUT = (
    "it steps (NAI_CHUNK_SPIKES spikes a step, a signal check between steps) but its "
    "work is proportional to the train it returns (16 B per spike, about 1 ns each): a "
    "call long enough to interrupt is gigabytes of output, so memory bounds it first; "
    "the stepping is tested in tests/c/test_sim.c")


def _spikegen_poisson_long():
    # 30 million nearly silent trains: each costs its generator's seeding and
    # one draw (about 50 ns), 1.5 s in all, with a 240 MB rate array and
    # hardly any output
    return dict(rate=np.full(30_000_000, 1e-6), start=0.0, stop=1000.0, seed=1)


SPIKEGEN_REGULAR = Entry(
    "spikegen_regular", lambda: dict(rate=100.0, start=2.0, stop=100.0),
    why_not_long=_REGULAR_BOUNDED_BY_OUTPUT,
    good_check=lambda out: out[0].size == 10,
    bad=(
        Bad("rate < 0", ValueError, {"rate": -1.0}, "regular spike train"),
        Bad("rate NaN", ValueError, {"rate": float("nan")}, "regular spike train"),
        Bad("stop < start", ValueError, {"start": 50.0, "stop": 10.0}, "regular spike train"),
        Bad("rate a string", TypeError, {"rate": "fast"}),
    ))

SPIKEGEN_POISSON = Entry(
    "spikegen_poisson", lambda: dict(rate=_f64(50.0, 20.0, 200.0), start=0.0, stop=100.0,
                                     seed=3),
    long=_spikegen_poisson_long,
    good_check=lambda out: out[0].size > 10,
    bad=(
        Bad("rate < 0", ValueError, {"rate": _f64(-1.0)}, "Poisson spike trains"),
        Bad("rate NaN", ValueError, {"rate": _f64(1.0, np.nan)}, "Poisson spike trains"),
        Bad("rate 2-D", ValueError, {"rate": np.ones((2, 2))}, "1-dimensional"),
        Bad("stop < start", ValueError, {"start": 50.0, "stop": 10.0}, "Poisson spike trains"),
        Bad("seed a float", TypeError, {"seed": 1.5}),
    ))


# -- analysis_group, analysis_isi_moments ------------------------------------------------

_BOUNDED_BY_INPUT = "one pass over spike arrays that must be in memory first"

ANALYSIS_GROUP = Entry(
    "analysis_group", lambda: dict(indices=_i64(0, 2, 1, 0, 2), n=3),
    why_not_long=_BOUNDED_BY_INPUT,
    bad=(
        Bad("index out of range", ValueError, {"n": 2}, r"indices must be in \[0, n\)"),
        Bad("n < 0", ValueError, {"n": -1}, "must be >= 0"),
        Bad("indices 2-D", ValueError, {"indices": np.zeros((2, 2), np.int64)},
            "1-dimensional"),
    ))

ANALYSIS_ISI_MOMENTS = Entry(
    "analysis_isi_moments", lambda: dict(times=_f64(1.0, 2.0, 3.0, 5.0, 8.0),
                                         indices=_i64(0, 1, 0, 1, 0), n=2),
    why_not_long=_BOUNDED_BY_INPUT,
    bad=(
        Bad("times unsorted", ValueError, {"times": _reversed("times")}, "sorted"),
        Bad("indices length", ValueError, {"indices": _i64(0, 1, 0)},
            "indices must have length 5"),
        Bad("index out of range", ValueError, {"n": 1}, r"indices in \[0, n\)"),
        Bad("n < 0", ValueError, {"n": -1}, "must be >= 0"),
    ))


# -- coding and decoding: analysis_entropy, _mutual_info, _centroid_decode, _avalanches,
#    _branching

_BOUNDED_BY_TABLE = "one pass over a table or arrays that must be in memory first"

ANALYSIS_ENTROPY = Entry(
    "analysis_entropy", lambda: dict(counts=_i64(3, 0, 5, 2)),
    why_not_long=_BOUNDED_BY_TABLE,
    good_check=lambda r: r[1] > r[0] > 0,
    bad=(
        Bad("negative count", ValueError, {"counts": _i64(1, -2)}, "counts must be >= 0"),
        Bad("all zero", ValueError, {"counts": _i64(0, 0)}, "not all 0"),
        Bad("2-D", ValueError, {"counts": np.ones((2, 2), np.int64)}, "1-dimensional"),
        Bad("missing", TypeError, {"counts": DROP}, "counts"),
    ))

ANALYSIS_MUTUAL_INFO = Entry(
    "analysis_mutual_info", lambda: dict(table=np.array([[4, 1, 0], [0, 1, 4]], np.int64)),
    why_not_long=_BOUNDED_BY_TABLE,
    good_check=lambda r: 0 < r[0] < 1,
    bad=(
        Bad("negative count", ValueError, {"table": np.array([[1, -1]], np.int64)},
            "counts must be >= 0"),
        Bad("empty", ValueError, {"table": np.zeros((2, 2), np.int64)}, "not all 0"),
        Bad("1-D", ValueError, {"table": _i64(1, 2)}, "2-dimensional"),
    ))


def _centroid_decode():
    return dict(x_train=np.array([[0.0, 0.0], [0.0, 1.0], [5.0, 5.0]]), y_train=_i64(0, 0, 1),
                n_classes=2, x_test=np.array([[1.0, 0.0], [4.0, 4.0]]))


ANALYSIS_CENTROID_DECODE = Entry(
    "analysis_centroid_decode", _centroid_decode,
    why_not_long=_BOUNDED_BY_TABLE,
    good_check=lambda r: r[0].tolist() == [0, 1],
    bad=(
        Bad("label out of range", ValueError, {"y_train": _i64(0, 0, 2)}, "training labels"),
        Bad("NaN in x", ValueError, {"x_test": np.array([[np.nan, 0.0]])}, "finite"),
        Bad("features differ", ValueError, {"x_test": np.zeros((1, 3))}, "x_test must have"),
        Bad("y length", ValueError, {"y_train": _i64(0, 1)}, "y_train must have length 3"),
        Bad("no classes", ValueError, {"n_classes": 0}, "n_classes"),
    ))

ANALYSIS_AVALANCHES = Entry(
    "analysis_avalanches", lambda: dict(activity=_i64(1, 0, 2, 3, 0, 1, 0)),
    why_not_long=_BOUNDED_BY_TABLE,
    good_check=lambda r: r[0].tolist() == [5, 1] and r[1].tolist() == [2, 1],
    bad=(
        Bad("negative", ValueError, {"activity": _i64(0, -1, 0)}, ">= 0"),
        Bad("2-D", ValueError, {"activity": np.zeros((2, 2), np.int64)}, "1-dimensional"),
    ))


def _branching(n=200, sigma=0.9):
    return dict(sigma=sigma, n=n, max_steps=1000, max_size=10_000, seed=3)


def _branching_long():
    # 1e8 critical avalanches capped at 10,000 units: minutes of work
    return dict(_branching(n=100_000_000, sigma=1.0), max_steps=10**9)


ANALYSIS_BRANCHING = Entry(
    "analysis_branching", _branching,
    variants=(lambda: _branching(sigma=0.0), lambda: _branching(n=0)),
    long=_branching_long,
    good_check=lambda r: r[0].shape == (200,) and r[0].min() >= 1,
    bad=(
        Bad("sigma < 0", ValueError, {"sigma": -0.5}, "0 <= sigma <= 20"),
        Bad("sigma NaN", ValueError, {"sigma": float("nan")}, "0 <= sigma <= 20"),
        Bad("max_size 0", ValueError, {"max_size": 0}, "max_size >= 1"),
        Bad("max_steps 0", ValueError, {"max_steps": 0}, "max_steps >= 1"),
        Bad("n < 0", ValueError, {"n": -1}, "must be >= 0"),
        Bad("seed < 0", OverflowError, {"seed": -1}),
    ))


# -- circuit_run -------------------------------------------------------------------------

def _circuit_run(n_steps=300, method=0, rec_every=1, rate_bin=10, record_spikes=1,
                 n_threads=1):
    # populations A (3, current, 2 receptors) and B (2, conductance, 1
    # receptor); a train source (2 units) and a Poisson source (1 unit);
    # projections: trains -> A.exc (delay 0), poisson -> B.exc (delay 2),
    # A -> A.inh (delay 1, TM), A -> B.exc (per-connection delays 1, 3)
    n, n_syn = 5, 3 + 3 + 2
    neurons = _table(_core.CIRC_PARAMS, tau_m=20.0, v_rest=-70.0, v_reset=-80.0,
                     v_threshold=-55.0, resistance=10.0, t_ref=1.0, i_ext=0.0)[:, None] + np.zeros(n)
    prj = np.array([[_core.CIRC_PRE_SRC, 0, 0, 0, _core.CIRC_STP_NONE],
                    [_core.CIRC_PRE_SRC, 1, 2, 2, _core.CIRC_STP_NONE],
                    [_core.CIRC_PRE_POP, 0, 1, 1, _core.CIRC_STP_TM],
                    [_core.CIRC_PRE_POP, 0, 2, _core.CIRC_DELAY_PER_CONN, _core.CIRC_STP_NONE]],
                   dtype=np.int64)
    indptr = _i64(0, 2, 3,  0, 2,  0, 1, 2, 2,  0, 1, 2, 2)
    indices = _i64(0, 1, 2,  0, 1,  1, 2,  0, 1)
    weights = _f64(40.0, 40.0, 40.0,  30.0, 30.0,  -1.0, -1.0,  5.0, 5.0)
    nc = 9
    stp = np.ones((3, nc))
    stp[0] = 0.5
    stp[1] = 100.0
    stp[2] = 0.0
    return dict(method=method, dt=0.1, step0=0, n_steps=n_steps, seed=7, neurons=neurons,
                pop=np.array([[0, 3, _core.CIRC_CURRENT], [3, 2, _core.CIRC_CONDUCTANCE]],
                             dtype=np.int64),
                blk_pop=_i64(0, 0, 1), e_rev=np.zeros(n_syn),
                tau_syn=np.full(n_syn, 5.0),
                src=np.array([[0, 2, _core.CIRC_TRAINS], [2, 1, _core.CIRC_POISSON]],
                             dtype=np.int64),
                rate=_f64(0.0, 0.0, 2000.0), times=_f64(0.5, 1.0, 3.0, 3.05),
                ev_src=_i64(0, 1, 0, 1), prj=prj, indptr=indptr, indices=indices,
                weights=weights, delays=_i64(0, 0, 0, 0, 0, 0, 0, 1, 3), stp=stp,
                v=np.full(n, -70.0), y=np.zeros(n_syn), ref_left=np.zeros(n, np.int64),
                ring=np.zeros((4, n_syn)),
                stp_state=np.array([np.ones(nc), np.full(nc, 0.5), np.full(nc, -np.inf)]),
                rec_n=_i64(0, 4), rec_y=_i64(0, 7), rec_c=_i64(5, 6), rec_every=rec_every,
                rate_bin=rate_bin,
                record_spikes=record_spikes, n_threads=n_threads, progress=None,
                # no STDP (_circuit_stdp adds a plastic projection)
                rules=np.zeros((0, len(_core.STDP_PARAMS))), prj_rule=np.zeros(0, np.int64),
                plast_state=np.zeros((3, 0)), post_state=np.zeros((5, 0)),
                fired=np.zeros((0, n), np.int64), pre_state=np.zeros((2, 0)))


def _circuit_stdp(**kw):
    # projection 1 (Poisson -> B.exc, delay 2 steps, weights 30 nS) plastic
    named = _circuit_run(**kw)
    nc, n = 9, 5
    rule = _table(_core.STDP_PARAMS, tau_plus=20.0, tau_minus=20.0, alpha=1.0, mu_plus=0.0,
                  mu_minus=0.0, w_max=50.0, pairing=float(_core.STDP_ALL_TO_ALL),
                  scale_sum=0.0, scale_every=0.0, kind=float(_core.STDP_PAIR), a_plus=0.0,
                  a_minus=0.0, tau_c=0.0, tau_n=0.0, b=0.0, w_min=0.0, modulator=-1.0,
                  **{"lambda": 0.5})
    named.update(rules=rule[None, :], prj_rule=_i64(-1, 0, -1, -1),
                 plast_state=np.array([named["weights"], np.zeros(nc), np.zeros(nc)]),
                 post_state=np.array([np.full(2, -np.inf), np.zeros(2), np.zeros(2),
                                      np.zeros(2), np.zeros(2)]),
                 fired=np.full((2, n), -1, np.int64),
                 # the pre trace of the Poisson source's one unit
                 pre_state=np.array([[-np.inf], [0.0]]))
    return named


def _circuit_dopamine():
    # the plastic projection reward-modulated, train unit 0 its neuromodulator
    named = _circuit_stdp()
    r = named["rules"]
    for col, x in ((_core.STDP_KIND, float(_core.STDP_DOPAMINE)), (_core.STDP_A_PLUS, 1.0),
                   (_core.STDP_A_MINUS, 1.5), (_core.STDP_TAU_C, 100.0),
                   (_core.STDP_TAU_N, 20.0), (_core.STDP_MODULATOR, 0.0)):
        r = _set_col(r, col, x)
    named["rules"] = r
    return named


_STDP_KEYS = ("rules", "prj_rule", "plast_state", "post_state", "fired", "pre_state")


def _stdp_change(**bad):
    """A Bad change adding the STDP arguments of _circuit_stdp, with bad[k]
    (a function of the good value) applied to some of them."""
    def value(k):
        return lambda named: (bad[k] if k in bad else (lambda a: a))(_circuit_stdp()[k])
    return {k: value(k) for k in _STDP_KEYS}


def _set_col(rules, col, x):
    rules = rules.copy()
    rules[:, col] = x
    return rules


def _circuit_long():
    # 2,000 unconnected neurons x 10,000,000 steps, nothing recorded: ~40 s
    n = 2000
    named = _circuit_run(n_steps=10_000_000, rate_bin=0, record_spikes=0)
    e, ei = np.empty(0), np.empty(0, np.int64)
    named.update(neurons=named["neurons"][:, :1] + np.zeros(n),
                 pop=np.array([[0, n, 0]], dtype=np.int64), blk_pop=_i64(0), e_rev=np.zeros(n),
                 tau_syn=np.full(n, 5.0), src=np.zeros((0, 3), np.int64), rate=e, times=e,
                 ev_src=ei, prj=np.zeros((0, 5), np.int64), indptr=ei, indices=ei, weights=e,
                 delays=ei, stp=np.zeros((3, 0)), v=np.full(n, -70.0), y=np.zeros(n),
                 ref_left=np.zeros(n, np.int64), ring=np.zeros((1, n)),
                 stp_state=np.zeros((3, 0)), rec_n=ei, rec_y=ei, rec_c=ei,
                 fired=np.zeros((0, n), np.int64))
    return named


CIRCUIT_RUN = Entry(
    "circuit_run", _circuit_run,
    variants=(lambda: _circuit_run(method=1, rec_every=3, rate_bin=0, record_spikes=0),
              lambda: _circuit_run(n_steps=200, n_threads=2),
              lambda: {**_circuit_run(), "progress": lambda steps_done: None},
              _circuit_stdp, lambda: _circuit_stdp(n_threads=2, n_steps=200),
              lambda: {**_circuit_stdp(), "rules": _set_col(_set_col(
                  _circuit_stdp()["rules"], _core.STDP_SCALE_SUM, 40.0),
                  _core.STDP_SCALE_EVERY, 50.0)},
              _circuit_dopamine),
    good_check=lambda out: (out[5].size > 0 and out[11].sum() == out[5].size
                            and out[9].shape[1] == 2 and np.all(out[9] <= 1.0)),
    long=_circuit_long,
    bad=(
        Bad("target out of range", ValueError, {"indices": _i64(0, 1, 3, 0, 1, 1, 2, 0, 1)},
            "circuit tables"),
        Bad("progress not callable", TypeError, {"progress": 3}, "progress"),
        Bad("progress raises", ZeroDivisionError,
            {"progress": lambda named: (lambda steps_done: 1 / 0)}),
        Bad("indptr not monotonic", ValueError,
            {"indptr": _i64(0, 2, 1, 0, 2, 0, 1, 2, 2, 0, 1, 2, 2)}, "circuit tables"),
        Bad("zero delay from a population", ValueError,
            {"delays": _i64(0, 0, 0, 0, 0, 0, 0, 0, 3)}, "circuit parameters"),
        Bad("negative conductance weight", ValueError,
            {"weights": _f64(40.0, 40.0, 40.0, -30.0, 30.0, -1.0, -1.0, 5.0, 5.0)},
            "circuit parameters"),
        Bad("U > 1", ValueError, {"stp": lambda a: np.vstack([np.full(9, 1.5), a["stp"][1:]])},
            "circuit parameters"),
        Bad("ring of the wrong length", ValueError, {"ring": np.zeros((3, 8))}, "circuit tables"),
        Bad("populations not contiguous", ValueError,
            {"pop": np.array([[0, 3, 0], [2, 2, 1]], dtype=np.int64)}, "circuit tables"),
        Bad("event from a Poisson source", ValueError, {"ev_src": _i64(0, 2, 0, 1)},
            "circuit tables"),
        Bad("times unsorted", ValueError, {"times": _f64(0.5, 1.0, 30.0, 3.05)},
            "circuit tables"),
        Bad("recorded neuron out of range", ValueError, {"rec_n": _i64(5)}, "recorded"),
        Bad("recorded variable out of range", ValueError, {"rec_y": _i64(8)}, "recorded"),
        Bad("recorded connection out of range", ValueError, {"rec_c": _i64(9)}, "recorded"),
        Bad("NaN e_rev", ValueError, {"e_rev": np.full(8, np.nan)}, "circuit parameters"),
        Bad("state length", ValueError, {"v": np.zeros(4)}, "must have shape"),
        Bad("weights length", ValueError, {"weights": _f64(1.0)}, "weights must have length"),
        Bad("rec_every 0", ValueError, {"rec_every": 0}, "rec_every >= 1"),
        Bad("n_steps < 0", ValueError, {"n_steps": -1}, "n_steps"),
        Bad("n_threads missing", TypeError, {"n_threads": DROP}, "missing argument 'n_threads'"),
        # STDP: the good call with a plastic projection (_circuit_stdp), one part bad
        Bad("STDP tau_plus < 0", ValueError,
            _stdp_change(rules=lambda r: _set_col(r, _core.STDP_TAU_PLUS, -1.0)),
            "circuit parameters"),
        Bad("STDP pairing 2", ValueError,
            _stdp_change(rules=lambda r: _set_col(r, _core.STDP_PAIRING, 2.0)),
            "circuit parameters"),
        Bad("STDP scaling without a period", ValueError,
            _stdp_change(rules=lambda r: _set_col(r, _core.STDP_SCALE_SUM, 10.0)),
            "circuit parameters"),
        Bad("dopamine modulated by a Poisson unit", ValueError,
            {**_stdp_change(), "rules": lambda named: _set_col(
                _circuit_dopamine()["rules"], _core.STDP_MODULATOR, 2.0)}, "circuit parameters"),
        Bad("STDP w_max 0", ValueError,
            _stdp_change(rules=lambda r: _set_col(r, _core.STDP_W_MAX, 0.0)),
            "circuit parameters"),
        Bad("STDP on a per-connection delay", ValueError,
            _stdp_change(prj_rule=lambda r: _i64(-1, -1, -1, 0)), "circuit parameters"),
        Bad("STDP rule index out of range", ValueError,
            _stdp_change(prj_rule=lambda r: _i64(-1, 1, -1, -1)), "circuit tables"),
        Bad("STDP weight above w_max", ValueError,
            _stdp_change(plast_state=lambda a: np.vstack([np.full(9, 60.0), a[1:]])),
            "circuit parameters"),
        Bad("STDP post traces of the wrong length", ValueError,
            _stdp_change(post_state=lambda a: np.zeros((5, 3))), "circuit tables"),
        Bad("STDP pre traces of the wrong length", ValueError,
            _stdp_change(pre_state=lambda a: np.zeros((2, 2))), "circuit tables"),
        Bad("STDP pre trace negative", ValueError,
            _stdp_change(pre_state=lambda a: np.array([[1.0], [-0.5]])), "circuit parameters"),
        Bad("STDP pre spike at +inf", ValueError,
            _stdp_change(pre_state=lambda a: np.array([[np.inf], [1.0]])), "circuit parameters"),
        Bad("STDP pre_state rows", ValueError,
            _stdp_change(pre_state=lambda a: np.zeros((5, 1))), "pre_state must have"),
        Bad("STDP fired ring of the wrong length", ValueError,
            _stdp_change(fired=lambda a: np.full((3, 5), -1, np.int64)), "circuit tables"),
        Bad("STDP fired step in the future", ValueError,
            _stdp_change(fired=lambda a: np.full((2, 5), 7, np.int64)), "circuit parameters"),
        Bad("STDP fired columns", ValueError,
            _stdp_change(fired=lambda a: np.full((2, 4), -1, np.int64)), "fired must have"),
        Bad("STDP prj_rule length", ValueError,
            _stdp_change(prj_rule=lambda a: _i64(-1, 0)), "prj_rule must have"),
    ))


# -- connect_build, dist_sample ----------------------------------------------------------

def _connect_build(rule=_core.CONNECT_FIXED_PROBABILITY, n_pre=50, n_post=40, autapses=False,
                   p=0.1, k=0):
    return dict(rule=rule, n_pre=n_pre, n_post=n_post, autapses=autapses, p=p, k=k, seed=3)


def _connect_long():
    # one row of 2**40 pairs at p = 0.5: the count alone is ~2e10 inversion
    # chunks (hours), stepped a few ms at a time; indptr has 3 entries, and
    # the 4 TB of indices are never reached
    return _connect_build(n_pre=2, n_post=1 << 40, autapses=True, p=0.5)


CONNECT_BUILD = Entry(
    "connect_build", _connect_build,
    variants=(
        lambda: _connect_build(p=0.97, autapses=True),          # the flipped binomial
        lambda: _connect_build(n_pre=5, n_post=5000, p=0.002),  # rows sampled by sorting
        lambda: _connect_build(rule=_core.CONNECT_ALL_TO_ALL),
        lambda: _connect_build(rule=_core.CONNECT_ONE_TO_ONE, n_post=50, autapses=True),
        lambda: _connect_build(rule=_core.CONNECT_FIXED_INDEGREE, k=49),
        lambda: _connect_build(rule=_core.CONNECT_FIXED_OUTDEGREE, k=3),
        lambda: _connect_build(rule=_core.CONNECT_FIXED_TOTAL, k=1900),   # bitmap, complement
        lambda: _connect_build(rule=_core.CONNECT_FIXED_TOTAL, k=20),     # sort and merge
    ),
    good_check=lambda out: out[0].shape == (51,) and out[1].size == out[0][-1] > 0,
    long=_connect_long,
    bad=(
        Bad("p > 1", ValueError, {"p": 1.5}, "connectivity rule"),
        Bad("p NaN", ValueError, {"p": float("nan")}, "connectivity rule"),
        Bad("n_pre < 0", ValueError, {"n_pre": -1}, "connectivity rule"),
        Bad("n_pre x n_post overflows", ValueError, {"n_pre": 1 << 40, "n_post": 1 << 40},
            "connectivity rule"),
        Bad("indegree above n_pre - 1", ValueError,
            {"rule": _core.CONNECT_FIXED_INDEGREE, "k": 50}, "allowed partners"),
        Bad("outdegree above n_post - 1", ValueError,
            {"rule": _core.CONNECT_FIXED_OUTDEGREE, "k": 40}, "allowed partners"),
        Bad("total above the pairs", ValueError,
            {"rule": _core.CONNECT_FIXED_TOTAL, "k": 50 * 40 - 39}, "connectivity rule"),
        Bad("one_to_one on unequal sizes", ValueError, {"rule": _core.CONNECT_ONE_TO_ONE},
            "one_to_one"),
        Bad("rule 9", ValueError, {"rule": 9}, "connectivity rule"),
        Bad("seed a float", TypeError, {"seed": 1.5}),
        Bad("seed missing", TypeError, {"seed": DROP}, "missing argument 'seed'"),
    ))


def _dist_sample(kind=_core.DIST_NORMAL, a=1.0, b=0.5, low=0.0, high=np.inf, n=1000):
    return dict(kind=kind, a=a, b=b, low=low, high=high, n=n, seed=4)


def _dist_long():
    # a normal truncated to [9, inf): one value in 1e19 is kept, so a single
    # value takes years of draws, stepped a few ms at a time (the Python
    # layer refuses bounds keeping less than 1e-3)
    return _dist_sample(a=0.0, b=1.0, low=9.0, n=1)


DIST_SAMPLE = Entry(
    "dist_sample", _dist_sample,
    variants=(
        lambda: _dist_sample(kind=_core.DIST_CONSTANT, a=2.0, b=0.0),
        lambda: _dist_sample(kind=_core.DIST_UNIFORM, a=-1.0, b=1.0),
        lambda: _dist_sample(kind=_core.DIST_LOGNORMAL, a=0.0, b=1.0),
        lambda: _dist_sample(n=0),
    ),
    good_check=lambda out: out.shape == (1000,) and out.min() >= 0.0,
    long=_dist_long,
    bad=(
        Bad("std < 0", ValueError, {"b": -1.0}, "distribution parameters"),
        Bad("low > high", ValueError, {"low": 2.0, "high": 1.0}, "distribution parameters"),
        Bad("mean NaN", ValueError, {"a": float("nan")}, "distribution parameters"),
        Bad("uniform high < low", ValueError, {"kind": _core.DIST_UNIFORM, "a": 1.0, "b": 0.0},
            "distribution parameters"),
        Bad("n < 0", ValueError, {"n": -1}, "n >= 0"),
        Bad("kind 9", ValueError, {"kind": 9}, "distribution parameters"),
        Bad("n a float", TypeError, {"n": 2.5}),
    ))


# -- hopfield_recall ---------------------------------------------------------------------

_HOP_PATTERNS = np.array([[1, -1, 1, -1, 1, 1], [1, 1, -1, -1, 1, -1]], np.int8)


def _hopfield_recall(update=_core.HOPFIELD_SYNC, tie=_core.HOPFIELD_TIE_KEEP, updates=False):
    p = _HOP_PATTERNS.astype(float)
    c = p.T @ p
    np.fill_diagonal(c, 0.0)
    return dict(c=c, divisor=6.0, patterns=_HOP_PATTERNS.copy(),
                cue=np.array([1, -1, 1, 1, -1, 1], np.int8), update=update, tie=tie,
                max_sweeps=20, seed=3, record_states=True, record_updates=updates)


def _hopfield_long():
    # all couplings -1: a synchronous run flips every unit every sweep (a
    # 2-cycle, never a fixed point); sweeps scaled from a timed short run to
    # about 3 s of work, one sweep per step
    n = 1000
    def named(sweeps):
        c = -np.ones((n, n))
        np.fill_diagonal(c, 0.0)
        return dict(c=c, divisor=1.0, patterns=np.ones((1, n), np.int8),
                    cue=np.ones(n, np.int8), update=_core.HOPFIELD_SYNC,
                    tie=_core.HOPFIELD_TIE_KEEP, max_sweeps=sweeps, seed=0,
                    record_states=False, record_updates=False)
    best = float("inf")
    for _ in range(3):
        args = named(20)
        t0 = time.perf_counter()
        invoke("hopfield_recall", args)
        best = min(best, time.perf_counter() - t0)
    return named(int(3.0 * 20 / max(best, 1e-6)))


def _hop_c_changed(change):
    def f(named):
        c = named["c"].copy()
        change(c)
        return c
    return f


HOPFIELD_RECALL = Entry(
    "hopfield_recall", _hopfield_recall,
    variants=(
        lambda: _hopfield_recall(_core.HOPFIELD_ASYNC_RANDOM, updates=True),
        lambda: _hopfield_recall(_core.HOPFIELD_ASYNC_SEQUENTIAL),
        lambda: _hopfield_recall(tie=_core.HOPFIELD_TIE_ZERO),
        lambda: {**_hopfield_recall(), "patterns": np.zeros((0, 6), np.int8)},
    ),
    long=_hopfield_long,
    good_check=lambda out: out[7] and out[6] >= 2,
    bad=(
        Bad("c not symmetric", ValueError,
            {"c": _hop_c_changed(lambda c: c.__setitem__((0, 1), 5.0))}, "symmetric"),
        Bad("c NaN", ValueError,
            {"c": _hop_c_changed(lambda c: c.__setitem__((slice(0, 2), slice(0, 2)), np.nan))},
            "Hopfield recall"),
        Bad("c diagonal", ValueError, {"c": _hop_c_changed(lambda c: c.__setitem__((2, 2), 1.0))},
            "zero diagonal"),
        Bad("c shape", ValueError, {"c": np.zeros((5, 5))}, "weights must have shape"),
        Bad("cue entry 2", ValueError, {"cue": np.array([2, 1, 1, 1, 1, 1], np.int8)},
            "Hopfield recall"),
        Bad("cue 2-D", ValueError, {"cue": np.ones((2, 6), np.int8)}, "1-dimensional"),
        Bad("pattern entry 0", ValueError, {"patterns": np.zeros((1, 6), np.int8)},
            "Hopfield recall"),
        Bad("patterns shape", ValueError, {"patterns": np.ones((2, 5), np.int8)},
            "patterns must have shape"),
        Bad("one unit", ValueError, {"c": np.zeros((1, 1)), "cue": np.ones(1, np.int8),
                                     "patterns": np.ones((1, 1), np.int8)}, "n >= 2"),
        Bad("max_sweeps 0", ValueError, {"max_sweeps": 0}, "max_sweeps must be >= 1"),
        Bad("divisor NaN", ValueError, {"divisor": float("nan")}, "divisor > 0"),
        Bad("update 9", ValueError, {"update": 9}, "Hopfield recall"),
        Bad("updates recorded in a sync run", ValueError, {"record_updates": True},
            "only asynchronous"),
        Bad("seed a float", TypeError, {"seed": 1.5}),
        Bad("cue missing", TypeError, {"cue": DROP}, "missing argument 'cue'"),
    ))


REGISTRY = {e.name: e for e in (
    LIF_RUN, PERCEPTRON_FORWARD, PERCEPTRON_FIT, ACTIVATION, SYNAPSE_RUN, STP_TM_RUN,
    STP_COURSE_RUN, STP_COURSE_LIF_RUN, SPIKEGEN_REGULAR, SPIKEGEN_POISSON, ANALYSIS_GROUP,
    ANALYSIS_ISI_MOMENTS, CIRCUIT_RUN, CONNECT_BUILD, DIST_SAMPLE, ANALYSIS_ENTROPY,
    ANALYSIS_MUTUAL_INFO, ANALYSIS_CENTROID_DECODE, ANALYSIS_AVALANCHES, ANALYSIS_BRANCHING,
    STDP_COURSE_RUN, HOPFIELD_RECALL)}


def public_core_functions():
    """Names of the public callables of neuroai._core."""
    return sorted(n for n in dir(_core) if not n.startswith("_") and callable(getattr(_core, n)))
