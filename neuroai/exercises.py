"""Checks for the coding exercises of ``02_neuron_and_perceptron.ipynb`` and
of the learning notebook (``check_stdp_window``, ``check_hopfield_update``).

Each ``check_<exercise>(student)`` runs the student's function or class on
many cases (fixed seeds: random cases plus edge cases) and compares it with
``neuroai``'s C implementation.  It prints either ``✓ all N cases pass`` or,
in plain words, the first case that failed: the inputs, the expected and the
obtained value and their difference, often with a hint.  It returns True or
False and never raises, whatever the student's code does:

- any exception it raises (any BaseException, SystemExit included, since in a
  notebook it would only end the cell) is reported with its line; a stub that
  still raises ``NotImplementedError`` is reported as "not implemented yet".
  KeyboardInterrupt alone passes through, so Ctrl-C (Jupyter's "interrupt")
  still stops a check.
- a wrong type (an array where a number is expected, an object whose
  ``__float__``, ``__array__``, ``__bool__`` or ``__repr__`` raises, NaN) or a
  missing method or attribute is a failed case, not a traceback.
- each case has a time limit (``time_limit=`` seconds, default
  :data:`TIME_LIMIT`; None for none): an endless loop gives "took longer than
  N s".  In the main thread, where Jupyter runs cells, a SIGALRM interval
  timer interrupts any Python code and blocking sleeps; in other threads, or
  where SIGALRM is missing or already in use, a watchdog thread raises the
  interruption in the checked thread (a single long call into C then runs to
  its end first).  A thread with a timeout alone was not used: it cannot stop
  a Python loop.  The interruption repeats every 0.1 s, so code that catches
  the first one is interrupted again; only a loop that itself catches every
  BaseException on each turn can outlast it (Ctrl-C still stops that).

The inputs and expected values of every case are computed at import (from the
C core or closed forms), before any student code runs, and the comparison is
done on Python floats by functions of this module bound at import: a notebook
cell that replaces ``np.isclose``, ``np.allclose``, ``math.isclose``,
``np.asarray``, a ``neuroai`` reference function or an attribute of this
module (``_run``, ``_compare``...) cannot make a wrong answer pass (see
``_seal``).  The checks are a learning aid, not an exam proctor: code that
runs in the same process can still print a fake ✓ or replace the check itself.

Conventions (those of the course, with units): time ms, voltage mV, current
nA, resistance MOhm, conductance nS, rates Hz; forward Euler with ``dt`` in
ms.  Grid loops follow the course: in step ``i`` the spikes of that step are
received first, the state is read, then ``step(dt)`` advances it.

The checks accept the solutions of the public AIMS NeuroAI course as its
notebook 12 writes them, as well as those of this package's notebook 02:

- ``Perceptron(n_inputs, activation)`` with ``activation`` a name
  (``"sigmoid"``) or a function: the check passes a name that can also be
  called.
- ``perceptron_layer(x, n_neurons, seed)`` is compared value by value;
  the course's ``perceptron_layer(inputs, n_neurons)``, which draws its own
  random weights, by the distribution of its outputs.
- ``lif_voltage_step`` is called by its parameters' names, so both
  ``(v, I, dt, tau_m, v_rest, resistance)`` and the course's
  ``(v, v_rest, tau_m, R, I, dt)`` are checked.
- ``get_current`` may return nA (``1e-3 * g * (e_syn - v)``) or, as the
  course, ``g * (e_syn - v)`` (pA, which the course calls nA): the check
  passes it and says so.
- synapses may step by forward Euler, exactly, or by the course's mix
  (``g`` exact, ``x``/``u`` by Euler).
- ``LIFWithSynapse.simulate(input_spikes, duration, dt)`` returning an
  object with ``spike_times``, or the course's ``simulate(presynaptic_spikes,
  dt)`` taking one boolean per step and returning ``(v, g, x, spike_times)``
  with the course's units (the drive ``g * (e_syn - v)`` added to the leak).

The learning notebook's checks:

- ``stdp_window(delta_t, A_plus, A_minus, tau_plus, tau_minus)`` (the course's
  names, or ``a_plus``, ``a_minus``) is compared with
  :func:`neuroai.stdp_window` and with single pre/post pairings run in the C
  core's :class:`neuroai.LIFNeuronSTDP`; the course's solution passes, and an
  integer result for integer ``delta_t`` (its earlier ``np.zeros_like``
  without ``dtype``) fails with a hint.
- ``update(weights, state)`` (synchronous) or ``update(weights, state,
  order)`` (asynchronous) is compared with one sweep of the C core's
  :class:`neuroai.Hopfield` (``recall(..., mode="sync", max_sweeps=1)``, or
  ``order="sequential"`` on the network with its units renumbered in the
  given order); the rule the check states, written in NumPy here
  (``_hopfield_rule``), is its independent twin and names the mistakes: a
  zero local field keeps the unit's state.  The course's ``HopfieldNetwork.predict`` leaves 0 there (its
  ``state[h == 0] = state[h == 0]`` runs after ``state = sign(h)``), which
  fails with that hint.
"""
from __future__ import annotations

import ctypes
import inspect
import math
import signal
import threading
import traceback
import types

import numpy as np

from . import _units as U
from . import (activations, analysis, hopfield, learning, lif, network, perceptron, stimuli,
               synapses)
from .spikes import SpikeTrains
from .stimuli import GRID_GUARD

__all__ = ["check_sigmoid", "check_relu", "check_tanh", "check_step", "check_perceptron",
           "check_perceptron_layer", "check_lif_voltage_step", "check_lif_neuron",
           "check_fi_curve", "check_lif_rate", "check_synapse",
           "check_depressing_synapse", "check_facilitating_synapse", "check_poisson_train",
           "check_lif_with_synapse", "check_stdp_window", "check_hopfield_update"]


class _Mismatch(Exception):
    """A case failed: the message says how."""


class _Timeout(BaseException):
    """The student's code ran past the per-case time limit.

    A BaseException, so that an ``except Exception`` in the student's code
    does not swallow it."""


# What the checks compare with and how, bound once at import, before any
# student code runs: a notebook cell that later replaces ``np.isclose``,
# ``math.isclose``, ``np.asarray`` or an attribute of this module cannot change
# them (see _seal at the end of the module).
_asarray = np.asarray
_float64 = np.float64
_ndarray = np.ndarray
_isfinite = math.isfinite
_abs = abs
_THIS_FILE = __file__

TIME_LIMIT = 5.0
"""Default per-case time limit [s] of every check (``time_limit=`` overrides it)."""


def _call(f, *args, **kwargs):
    """Call student code (kept for readability: every exception of a case is
    reported by _run)."""
    return f(*args, **kwargs)


def _safe_str(x, use_repr=False):
    """``str``/``repr`` of a student's object or exception, never raising."""
    try:
        s = repr(x) if use_repr else str(x)
    except BaseException as e:  # noqa: BLE001 - a broken __repr__/__str__ is reported as such
        if isinstance(e, (KeyboardInterrupt, _Timeout)):
            raise
        s = f"<{type(x).__name__} object whose {'repr' if use_repr else 'str'} raised>"
    return s if len(s) <= 300 else s[:300] + "..."


def _fmt(x):
    a = _asarray(x)
    if a.ndim == 0:
        try:
            return f"{float(a):.10g}"
        except (TypeError, ValueError):
            return _safe_str(x, use_repr=True)
    with np.printoptions(precision=6, threshold=8, edgeitems=3):
        return np.array2string(a, separator=", ")


def _frozen(x):
    """A read-only float64 copy of an expected value."""
    a = np.array(x, dtype=np.float64)
    a.setflags(write=False)
    return a


def _close(g, e, rtol, atol):
    """``|g - e| <= atol + rtol |e|`` on Python floats (the rule of np.isclose),
    NaN never close, infinities close only to themselves."""
    if g == e:
        return True
    if not (_isfinite(g) and _isfinite(e)):
        return False
    return _abs(g - e) <= atol + rtol * _abs(e)


def _compare(expected, got, what, rtol=1e-9, atol=1e-12, hint=None):
    """Raise _Mismatch unless ``got`` equals ``expected`` within tolerance."""
    e = _asarray(expected, dtype=_float64)
    try:
        g = _asarray(got, dtype=_float64)
    except (TypeError, ValueError):
        raise _Mismatch(f"{what}: expected a number or array like {_fmt(e)}, got "
                        f"{_safe_str(got, use_repr=True)}") from None
    if g.shape != e.shape:
        if g.size == e.size == 1:
            g = g.reshape(e.shape)
        else:
            raise _Mismatch(f"{what}: expected shape {e.shape}, got shape {g.shape} "
                            f"(value {_fmt(g)})")
    ev, gv = _ndarray.tolist(e.ravel()), _ndarray.tolist(g.ravel())
    for i, (ek, gk) in enumerate(zip(ev, gv)):
        if _close(gk, ek, rtol, atol):
            continue
        k = np.unravel_index(i, e.shape) if e.ndim else ()
        where = f" at index {k[0] if len(k) == 1 else k}" if e.ndim else ""
        msg = (f"{what}{where}: expected {ek:.10g}, got {gk:.10g} "
               f"(difference {gk - ek:+.3g})")
        if hint:
            try:
                extra = hint(ek, gk)
            except ArithmeticError:
                extra = None
            if extra:
                msg += f"\n    hint: {extra}"
        raise _Mismatch(msg)


def _as_spike_flag(x, what):
    """The truth value of what a student's ``step`` returned; an array of
    other than one element (ambiguous) is a _Mismatch saying so."""
    if isinstance(x, _ndarray):
        if x.size != 1:
            raise _Mismatch(f"{what} should return True or False, got {_fmt(x)}")
        return bool(x.reshape(()))
    return bool(x)


def _on_alarm(signum, frame):
    raise _Timeout


try:                                     # CPython: raise an exception in another thread
    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except (AttributeError, NameError):      # pragma: no cover - other interpreters
    _set_async_exc = None


def _settle(cleanup):
    """Run ``cleanup`` to its end even if a late _Timeout arrives meanwhile
    (cleanup steps are idempotent, so a repeat is harmless)."""
    while True:
        try:
            cleanup()
            return
        except _Timeout:
            continue


def _limited(thunk, limit):
    """Run ``thunk()``, raising _Timeout in it after ``limit`` seconds, then
    again every 0.1 s until it returns (so that code catching the first
    _Timeout is interrupted again).

    - Main thread (Jupyter's kernel runs cells there): a SIGALRM interval
      timer; it interrupts any Python code and blocking sleeps.
    - Other threads, or a timer already in use: a watchdog thread raises
      _Timeout in this thread (``PyThreadState_SetAsyncExc``) between two
      bytecodes; a single long call into C or a sleep runs to its end first.
    - Elsewhere (an interpreter without ``ctypes.pythonapi``): no limit.
      A ``sys.settrace`` budget was not used: CPython removes a trace function
      that raises, so it could stop a loop only once.

    A thread with ``join(timeout)`` alone was not used: it cannot stop a
    Python loop.  KeyboardInterrupt passes through in every mode.
    """
    if limit is None:
        return thunk()
    if (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)):
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit, 0.1)

        def stop_timer():
            signal.setitimer(signal.ITIMER_REAL, 0.0)
            signal.signal(signal.SIGALRM, old)
        try:
            return thunk()
        finally:
            _settle(stop_timer)
    if _set_async_exc is not None:
        tid = ctypes.c_ulong(threading.get_ident())
        stop = threading.Event()

        def watch():
            if stop.wait(limit):
                return
            while True:
                _set_async_exc(tid, ctypes.py_object(_Timeout))
                if stop.wait(0.1):
                    return

        dog = threading.Thread(target=watch, name="neuroai-exercise-time-limit", daemon=True)
        dog.start()

        def stop_dog():
            stop.set()
            dog.join()
            _set_async_exc(tid, ctypes.c_void_p(0))    # drop one not yet delivered
        try:
            return thunk()
        finally:
            _settle(stop_dog)
    return thunk()                       # pragma: no cover - no way to interrupt here


def _student_line(exc):
    """`` (line N: code)`` of the last frame outside this module, or ""."""
    tb = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != _THIS_FILE]
    return f" (line {tb[-1].lineno}: {tb[-1].line})" if tb and tb[-1].line else ""


def _describe(exc):
    """What a student's exception says, with its line and, for a missing
    attribute, a hint; its ``__str__`` runs under a 1 s limit."""
    try:
        text = _limited(lambda: _safe_str(exc), 1.0)
    except _Timeout:
        text = "<its message took longer than 1 s to print>"
    line = _student_line(exc)
    verb = "your code raised" if line else "the check could not use your code:"
    msg = f"{verb} {type(exc).__name__}: {text}{line}"
    name = getattr(exc, "name", None) if isinstance(exc, AttributeError) else None
    if isinstance(name, str):
        msg += (f"\n    hint: the exercise needs `{name}`; check its spelling and that your "
                "class defines it (a method) or sets it in __init__ (an attribute)")
    return msg


def _run(title, cases, student, time_limit, note=None):
    """Run ``cases``: (description, case) pairs whose expected values were
    computed at import; ``case(student)`` raises _Mismatch on failure, and
    may return a one-line note (a convention the answer follows) that is
    printed under the summary when every case passes, with ``note``.

    Prints one summary line (or the first failure) and returns True/False.
    Any exception from the student's code is reported, KeyboardInterrupt
    excepted (Ctrl-C stops the check); SystemExit is reported too, since in a
    notebook it would only end the cell.
    """
    if time_limit is not None:
        time_limit = float(time_limit)
        if not (time_limit > 0):
            raise ValueError(f"time_limit must be a positive number of seconds or None, "
                             f"got {time_limit!r}")
    n = len(cases)
    notes = [note] if note else []
    for k, (desc, case) in enumerate(cases, 1):
        head = f"✗ {title}: case {k} of {n} ({desc})"
        try:
            said = _limited(lambda: case(student), time_limit)
            if isinstance(said, str) and said not in notes:
                notes.append(said)
        except KeyboardInterrupt:
            raise
        except NotImplementedError:
            print(f"✗ {title}: not implemented yet (replace `raise NotImplementedError` "
                  "with your code, run that cell, then this check again)")
            return False
        except _Timeout:
            print(f"{head}: your code took longer than {time_limit:g} s (an endless loop? "
                  "check the loop's condition)")
            return False
        except _Mismatch as e:
            print(f"✗ {title}: case {k} of {n} failed ({desc})\n    {e}")
            return False
        except BaseException as exc:  # noqa: BLE001 - any error in student code is reported
            print(f"{head}: {_describe(exc)}")
            return False
    print(f"✓ {title}: all {n} cases pass")
    for line in notes:
        print(f"  note: {line}")
    return True


def _binds(f, *args, **kwargs):
    """True if ``f`` accepts these arguments by its signature (False when it
    has none that inspect can read)."""
    try:
        inspect.signature(f).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return False
    return True


def _parameter_names(f):
    """Names of ``f``'s parameters that can be passed by keyword, or None."""
    try:
        params = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind in (p.POSITIONAL_ONLY, p.VAR_POSITIONAL) for p in params):
        return None
    return [p.name for p in params if p.kind is not p.VAR_KEYWORD]


# ---------------------------------------------------------------------------
# activations
# ---------------------------------------------------------------------------
def _activation_cases(title, reference):
    rng = np.random.default_rng(1)
    values = [0.0, 1.0, -1.0, 1e-3, -1e-3, 2.5, -2.5, 10.0, -10.0, 30.0, -30.0]
    values += list(np.round(rng.uniform(-8, 8, 20), 6))
    cases = []
    with np.errstate(over="ignore"):
        for z in values:
            cases.append((f"z = {z:g}",
                          lambda s, z=z, e=_frozen(reference(z)):
                          _compare(e, _call(s, z), f"{title}({z:g})")))
        arrays = [np.linspace(-5, 5, 11), rng.normal(0, 3, (4, 3))]
        for a in arrays:
            cases.append((f"a NumPy array of shape {a.shape}",
                          lambda s, a=_frozen(a), e=_frozen(reference(a)):
                          _compare(e, _call(s, a.copy()),
                                   f"{title}(array of shape {a.shape})")))
    return cases


def _check_activation(name, student, time_limit):
    with np.errstate(over="ignore"):
        return _run(name, _CASES[name], student, time_limit)


def check_sigmoid(sigmoid, *, time_limit=TIME_LIMIT):
    """Check ``sigmoid(z) = 1 / (1 + exp(-z))`` on scalars and arrays."""
    return _check_activation("sigmoid", sigmoid, time_limit)


def check_relu(relu, *, time_limit=TIME_LIMIT):
    """Check ``relu(z) = max(0, z)`` on scalars and arrays."""
    return _check_activation("relu", relu, time_limit)


def check_tanh(tanh, *, time_limit=TIME_LIMIT):
    """Check ``tanh(z)`` on scalars and arrays."""
    return _check_activation("tanh", tanh, time_limit)


def check_step(step, *, time_limit=TIME_LIMIT):
    """Check the Heaviside step: 1 where ``z >= 0``, else 0."""
    return _check_activation("step", step, time_limit)


# ---------------------------------------------------------------------------
# perceptron
# ---------------------------------------------------------------------------
def _perceptron_cases():
    Ref = perceptron.Perceptron
    rng = np.random.default_rng(2)
    cases = []

    def add(desc, act, n, w, b, x):
        e = _frozen(Ref(weights=w, bias=b, activation=act).forward(x))
        w, x = _frozen(w), _frozen(x)
        cases.append((desc, lambda s: _perceptron_case(s, e, act, n, w, b, x)))

    for act in ("sigmoid", "relu", "tanh", "step"):
        for n in (1, 3, 10):
            for _ in range(3):
                w = rng.normal(0, 1, n)
                b = float(rng.normal(0, 0.5))
                x = rng.normal(0, 1, n)
                add(f"activation={act!r}, n_inputs={n}, weights={_fmt(w)}, bias={b:.4g}, "
                    f"x={_fmt(x)}", act, n, w, b, x)
    # edge: z exactly 0 (the step gives 1 there)
    add("activation='step', weights and bias 0, so z = 0", "step", 2, np.zeros(2), 0.0,
        np.array([1.0, -1.0]))
    return cases


class _Activation(str):
    """An activation's name that can also be called: ``Perceptron(n,
    activation=...)`` written for a name (``{"sigmoid": ...}[activation]``)
    and the course's, written for a function (``activation(z)``), both work."""

    __slots__ = ()

    def __call__(self, z):
        return _ACTIVATION_FUNCTIONS[str(self)](z)


_ACTIVATION_FUNCTIONS = {name: getattr(activations, name)
                         for name in ("sigmoid", "relu", "tanh", "step")}


def _perceptron_case(Student, expected, act, n, w, b, x):
    p = _call(Student, n, activation=_Activation(act))
    p.weights = w.copy()
    p.bias = b
    got = _call(p.forward, x.copy())
    _compare(expected, got, "forward(x)")


def check_perceptron(Perceptron, *, time_limit=TIME_LIMIT):
    """Check a class ``Perceptron(n_inputs, activation)`` with attributes
    ``weights`` (shape ``(n_inputs,)``) and ``bias`` and a method
    ``forward(x)`` returning ``activation(weights . x + bias)``.

    ``activation`` is given as a name (``"sigmoid"``, ``"relu"``, ``"tanh"``,
    ``"step"``) that can also be called like a function, so a class that
    looks the name up and the course's, which calls ``activation(z)``, both
    pass.  The check sets ``weights`` and ``bias`` itself, then calls
    ``forward``.
    """
    return _run("Perceptron", _CASES["perceptron"], Perceptron, time_limit)


def _perceptron_layer_cases():
    ref = perceptron.perceptron_layer
    rng = np.random.default_rng(3)
    cases = []
    for n_in, n_out, seed in [(1, 1, 0), (3, 5, 1), (10, 10, 42), (4, 1, 7), (2, 20, 123)]:
        x = rng.normal(0, 1, n_in)
        cases.append((f"x={_fmt(x)}, n_neurons={n_out}, seed={seed}",
                      lambda s, x=_frozen(x), n_out=n_out, seed=seed,
                      e=_frozen(ref(x, n_neurons=n_out, seed=seed)): _compare(
                          e, _call(s, x.copy(), n_out, seed),
                          f"perceptron_layer(x, {n_out}, seed={seed})")))
    return cases


def _layer_distribution_case(student, x, n_out):
    """The course's perceptron_layer(inputs, n_neurons): fresh random weights
    (sd 0.5) and bias (sd 0.1) for each neuron, so z = w.x + b is normal with
    mean 0 and variance 0.25 |x|^2 + 0.01; the logits of the outputs are
    compared with that, to 5 standard errors."""
    got = _asarray(_call(student, x.copy(), n_out), dtype=_float64)
    if got.shape != (n_out,):
        raise _Mismatch(f"perceptron_layer(x, {n_out}) should return {n_out} outputs, got "
                        f"shape {got.shape}")
    if not bool(np.all((got > 0) & (got < 1))):
        bad = got[~((got > 0) & (got < 1))][0]
        raise _Mismatch(f"outputs must lie in (0, 1) (sigmoid perceptrons), got {bad:.6g}")
    if n_out > 1 and np.unique(got).size < n_out // 2:
        raise _Mismatch("the neurons give the same outputs: each perceptron needs its own "
                        "random weights and bias")
    z = np.log(got / (1.0 - got))
    var = 0.25 * float(np.dot(x, x)) + 0.01
    _compare(0.0, float(z.mean()), f"mean of logit(output) over {n_out} neurons (0 for "
             "weights and bias of mean 0)", rtol=0, atol=5 * math.sqrt(var / n_out))
    _compare(var, float(z.var(ddof=1)), f"variance of logit(output) over {n_out} neurons "
             "(0.25 |x|^2 + 0.01: weights with sd 0.5, bias with sd 0.1)", rtol=0,
             atol=5 * var * math.sqrt(2.0 / (n_out - 1)),
             hint=lambda e, g: ("each neuron needs a bias (sd 0.1) as well as weights"
                                if g < e else None))


def _perceptron_layer_course_cases():
    cases = [("the course's example: x = [1, 0.5], 5 neurons",
              lambda s: _layer_distribution_case(s, _frozen([1.0, 0.5]), 5))]
    for x in ([0.1, -0.2], [2.0, 1.0, -1.0], [0.8, 0.5, 0.9]):
        cases.append((f"x={_fmt(np.array(x))}, 4000 neurons: the outputs' distribution",
                      lambda s, x=_frozen(x): _layer_distribution_case(s, x, 4000)))
    return cases


def check_perceptron_layer(perceptron_layer, *, time_limit=TIME_LIMIT):
    """Check ``perceptron_layer(x, n_neurons, seed)``: ``n_neurons`` sigmoid
    perceptrons with weights ``rng.normal(0, 0.5, (n_neurons, n_inputs))``
    then biases ``rng.normal(0, 0.1, n_neurons)`` from
    ``rng = np.random.default_rng(seed)``; returns the ``n_neurons`` outputs.

    The course's ``perceptron_layer(inputs, n_neurons)`` (no seed: each
    perceptron draws its own weights) is checked by the distribution of its
    outputs instead: in (0, 1), different from neuron to neuron, and with
    logits of mean 0 and variance ``0.25 |x|^2 + 0.01``."""
    if _binds(perceptron_layer, _frozen([1.0]), 1, 0):
        return _run("perceptron_layer", _CASES["perceptron_layer"], perceptron_layer,
                    time_limit)
    return _run("perceptron_layer", _CASES["perceptron_layer_course"], perceptron_layer,
                time_limit, note="perceptron_layer(inputs, n_neurons) draws its own random "
                "weights (the course's signature): checked by the distribution of its outputs")


# ---------------------------------------------------------------------------
# LIF neuron
# ---------------------------------------------------------------------------
def _euler_ref(current, dt, v_init=None, **params):
    """The C core's forward Euler run: (v before each step, v after the last
    step, spike steps)."""
    neuron = lif.LIFNeuron(**params)
    res = neuron.simulate(np.asarray(current, dtype=np.float64), dt=dt, method="euler",
                          v_init=v_init)
    steps = np.rint(np.asarray(res.spike_times) / dt).astype(int)
    return res.v, float(res.final_state.v[0]), steps


def _lif_voltage_step_cases():
    rng = np.random.default_rng(4)
    cases = []
    params = [(20.0, -70.0, 10.0, 0.1)]
    params += [(float(rng.choice([5.0, 10.0, 20.0, 50.0])), float(rng.choice([-70.0, -65.0])),
                float(rng.choice([5.0, 10.0, 20.0])), float(rng.choice([0.01, 0.1, 0.5, 1.0])))
               for _ in range(30)]
    for k, (tau, vr, R, dt) in enumerate(params):
        v = -70.0 if k == 0 else float(np.round(rng.uniform(-90, -50), 3))
        I = 0.0 if k == 0 else float(np.round(rng.uniform(-2, 5), 3))
        desc = f"v={v:g} mV, I={I:g} nA, dt={dt:g} ms, tau_m={tau:g} ms, v_rest={vr:g} mV, " \
               f"resistance={R:g} MOhm"
        e = _frozen(_euler_ref([I, 0.0], dt, v_init=v, tau_m=tau, v_rest=vr, resistance=R,
                               v_threshold=1e9, v_reset=-1e9)[0][1])
        cases.append((desc, lambda s, v=v, I=I, dt=dt, tau=tau, vr=vr, R=R, e=e: _compare(
            e, _voltage_step_call(s, v, I, dt, tau, vr, R),
            "new V [mV]", rtol=1e-12, atol=1e-9)))
    return cases


# The names lif_voltage_step's parameters may have: this package's
# (v, I, dt, tau_m, v_rest, resistance) and the course's (v, v_rest, tau_m, R, I, dt).
_STEP_NAMES = {"v": "v", "V": "v", "v_m": "v", "I": "I", "i": "I", "current": "I",
               "dt": "dt", "tau_m": "tau_m", "tau": "tau_m", "v_rest": "v_rest",
               "resistance": "R", "R": "R", "r": "R"}


def _voltage_step_call(student, v, I, dt, tau_m, v_rest, R):
    """Call the student's lif_voltage_step by its parameters' names when they
    are all known names, else as ``(v, I, dt, tau_m=, v_rest=, resistance=)``."""
    values = dict(v=v, I=I, dt=dt, tau_m=tau_m, v_rest=v_rest, R=R)
    names = _parameter_names(student)
    if names and all(n in _STEP_NAMES for n in names) and {
            "v", "I", "dt"} <= {_STEP_NAMES[n] for n in names}:
        return _call(student, **{n: values[_STEP_NAMES[n]] for n in names})
    return _call(student, v, I, dt, tau_m=tau_m, v_rest=v_rest, resistance=R)


def check_lif_voltage_step(lif_voltage_step, *, time_limit=TIME_LIMIT):
    """Check ``lif_voltage_step(v, I, dt, tau_m=20, v_rest=-70, resistance=10)``
    or the course's ``lif_voltage_step(v, v_rest, tau_m, R, I, dt)``: one
    forward-Euler step of ``tau_m dV/dt = -(V - v_rest) + R I``, returning
    the new V [mV] (no threshold here).  The function is called by its
    parameters' names (``v``, ``I``, ``dt``, ``tau_m``, ``v_rest`` and
    ``resistance`` or ``R``), so either order works.

    (The course's docstring gives ``lif_voltage_step(-70, -70, 20, 10, 2,
    0.1)`` as -69.0; one Euler step gives -70 + (0 + 10 x 2) x 0.1/20 =
    -69.9 mV.)"""
    return _run("lif_voltage_step", _CASES["lif_voltage_step"], lif_voltage_step, time_limit)


def _lif_case(Student, current, dt, params, after, steps):
    neuron = _call(Student, **params)
    v0 = _call(getattr, neuron, "v")
    _compare(params.get("v_rest", -70.0), v0, "V right after creating the neuron (should be v_rest)")
    for i, I in enumerate(current):
        spiked = _call(neuron.step, float(I), dt)
        flag = _as_spike_flag(spiked, f"step() at step {i}")
        expected_spike = i in steps
        if flag != expected_spike:
            if expected_spike:
                raise _Mismatch(f"at step {i} (t = {i * dt:.4g} ms) the neuron should spike "
                                f"(V crossed v_threshold) but step() returned "
                                f"{_safe_str(spiked, True)}")
            raise _Mismatch(f"at step {i} (t = {i * dt:.4g} ms) step() returned "
                            f"{_safe_str(spiked, True)} but the neuron should not spike "
                            f"(V = {after[i]:.6g} mV)")
        _compare(after[i], neuron.v,
                 f"V after step {i} (t = {(i + 1) * dt:.4g} ms)", rtol=1e-12, atol=1e-9,
                 hint=lambda e, g: ("after a spike V must be set to v_reset, not v_rest"
                                    if expected_spike and g == params.get("v_rest", -70.0)
                                    else None))


def _lif_neuron_cases():
    rng = np.random.default_rng(5)
    cases = []
    base = dict(tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0)
    T = 1500
    currents = [("constant 2 nA (fires)", np.full(T, 2.0), base, 0.1),
                ("constant 1.4 nA (below rheobase: silent)", np.full(T, 1.4), base, 0.1),
                ("step from 0 to 3 nA at 20 ms", np.where(np.arange(T) >= 200, 3.0, 0.0), base, 0.1),
                ("noisy current, mean 2 nA", 2.0 + rng.normal(0, 1.0, T), base, 0.1),
                ("constant 4 nA with dt = 0.5 ms", np.full(400, 4.0), base, 0.5),
                ("tau_m = 10 ms, v_reset = -65 mV, 2.5 nA",
                 np.full(T, 2.5), dict(base, tau_m=10.0, v_reset=-65.0), 0.1),
                ("resistance = 20 MOhm, threshold -50 mV, 1.5 nA",
                 np.full(T, 1.5), dict(base, resistance=20.0, v_threshold=-50.0), 0.1)]
    for desc, I, p, dt in currents:
        v_ref, v_end, steps = _euler_ref(I, dt, **p)
        after = _ndarray.tolist(np.append(v_ref[1:], v_end))
        cases.append((f"{desc}; {', '.join(f'{k}={v:g}' for k, v in p.items())}",
                      lambda s, I=_ndarray.tolist(I), p=p, dt=dt, after=after,
                      steps=frozenset(steps.tolist()): _lif_case(s, I, dt, dict(p), after, steps)))
    return cases


def check_lif_neuron(LIFNeuron, *, time_limit=TIME_LIMIT):
    """Check a class ``LIFNeuron(tau_m, v_rest, v_reset, v_threshold,
    resistance)`` with attribute ``v`` (starts at v_rest) and ``step(I, dt)``
    doing one forward-Euler step and returning True on a spike (V >= threshold:
    V is then set to v_reset)."""
    return _run("LIFNeuron", _CASES["lif_neuron"], LIFNeuron, time_limit)


def _per_second_hint(e, g):
    if e and g and (abs(g / e - U.MS_PER_S) < 1 or abs(e / g - U.MS_PER_S) < 1):
        return ("rates are spikes per SECOND [Hz] and durations are in ms: "
                "rate = count / (duration / 1000)")
    return None


def _fi_curve_cases():
    rng = np.random.default_rng(6)
    sets = [(np.array([0.0, 1.0, 1.5, 1.6, 2.0, 3.0, 5.0]), 500.0, 0.1),
            (np.round(rng.uniform(0, 6, 8), 3), 500.0, 0.1),
            (np.array([2.0, 4.0, 8.0]), 200.0, 0.1),
            (np.array([1.8, 3.0]), 1000.0, 0.05)]
    cases = []
    for I, dur, dt in sets:
        e = _frozen(lif.fi_curve(I, duration=dur, dt=dt, method="euler"))
        cases.append((f"currents={_fmt(I)} nA, duration={dur:g} ms, dt={dt:g} ms",
                      lambda s, I=_frozen(I), dur=dur, dt=dt, e=e: _compare(
                          e, _call(s, I.copy(), duration=dur, dt=dt),
                          "rate [Hz]", rtol=0, atol=U.rate_hz(1, dur) + 1e-9,
                          hint=_per_second_hint)))
    return cases


def check_fi_curve(compute_fi_curve, *, time_limit=TIME_LIMIT):
    """Check ``compute_fi_curve(currents, duration=500, dt=0.1)``: the firing
    rate [Hz] (spike count / duration) of the course's LIF neuron, started at
    v_rest, under each constant current, with forward Euler.  Rates may differ
    from the C core's by one spike per run (rounding at threshold)."""
    return _run("compute_fi_curve", _CASES["fi_curve"], compute_fi_curve, time_limit)


def _lif_rate_cases():
    ref = lif.lif_rate
    rng = np.random.default_rng(7)
    cases = []
    currents = [0.0, 1.0, 1.5, 1.500001, 1.6, 2.0, 3.0, 10.0]
    currents += list(np.round(rng.uniform(0, 8, 12), 4))
    for I in currents:
        cases.append((f"I = {I:.7g} nA", lambda s, I=I, e=_frozen(ref(I)): _compare(
            e, _call(s, I), f"rate at {I:.7g} nA [Hz]", rtol=1e-9)))
    for tau, R, vr in [(10.0, 20.0, -65.0), (30.0, 5.0, -75.0)]:
        I = 3.7
        e = _frozen(ref(I, tau_m=tau, resistance=R, v_reset=vr))
        cases.append((f"I = {I} nA, tau_m={tau:g}, resistance={R:g}, v_reset={vr:g}",
                      lambda s, I=I, tau=tau, R=R, vr=vr, e=e: _compare(
                          e, _call(s, I, tau_m=tau, resistance=R, v_reset=vr),
                          "rate [Hz]", rtol=1e-9)))
    return cases


def check_lif_rate(lif_rate, *, time_limit=TIME_LIMIT):
    """Check the closed-form rate ``lif_rate(I, tau_m=20, v_rest=-70,
    v_reset=-80, v_threshold=-55, resistance=10)`` [Hz]: 0 when ``v_rest + R I
    <= v_threshold``, else ``1000 / (tau_m ln((V_inf - v_reset) / (V_inf -
    v_threshold)))``."""
    return _run("lif_rate", _CASES["lif_rate"], lif_rate, time_limit)


# ---------------------------------------------------------------------------
# synapses
# ---------------------------------------------------------------------------
def _spike_steps(times, dt):
    return np.floor(np.asarray(times) / dt + GRID_GUARD).astype(int)


def _trains(seed):
    """Spike trains on the 0.1 ms grid, one spike per step at most."""
    out = [("regular 20 Hz", stimuli.regular(20.0, 300.0).times, 300.0),
           ("regular 100 Hz", stimuli.regular(100.0, 200.0).times, 200.0),
           ("a single spike at 5 ms", np.array([5.0]), 100.0),
           ("a burst of 4 spikes 2 ms apart, then silence", np.array([10.0, 12.0, 14.0, 16.0]),
            300.0)]
    p = stimuli.poisson(40.0, 400.0, seed=seed).times
    steps = np.unique(_spike_steps(p, 0.1))
    out.append(("Poisson 40 Hz (seeded)", np.round(steps * 0.1, 10), 400.0))
    return out


def _synapse_trace(student, on, n, dt, names):
    out = {k: [0.0] * n for k in names}
    for i in range(n):
        if i in on:
            _call(student.receive_spike)
        for k in names:
            out[k][i] = _call(getattr, student, k)
        _call(student.step, dt)
    return out


def _synapse_case(Student, params, on, n, dt, names, refs):
    got = _synapse_trace(_call(Student, **params), on, n, dt, names)
    first_error = None
    for method in ("euler", "exact", "course"):
        try:
            for k in names:
                _compare(refs[method][k], got[k],
                         f"{k} at each step (index = step, t = index x {dt:g} ms)",
                         rtol=1e-9, atol=1e-12)
            return
        except _Mismatch as e:
            first_error = first_error or e
    raise first_error


def _current_case(Student, params, g_values, v_values):
    """get_current in nA, or in pA as the course writes it (``g * (e_syn -
    v_post)``, which it calls nA): every value in one of the two units."""
    syn = _call(Student, **params)
    got = []
    for g in g_values:
        for v in v_values:
            syn.g = g
            got.append((g, v, _call(syn.get_current, v)))
    e_syn = params.get("e_syn", 0.0)
    try:
        for g, v, value in got:
            _compare(U.cond_current(g, e_syn, v) * U.PA_PER_NA, value,
                     f"get_current({v:g}) with g = {g:g} nS [pA]", rtol=1e-9, atol=1e-12)
    except _Mismatch:
        pass
    else:
        if any(g and v != e_syn for g, v, _ in got):
            return ("get_current returns g * (e_syn - v_post), nS x mV = pA, as the course "
                    "writes it (it calls that nA); in nA it is 1e-3 times that")
    for g, v, value in got:
        _compare(U.cond_current(g, e_syn, v), value,
                 f"get_current({v:g}) with g = {g:g} nS [nA]", rtol=1e-9, atol=1e-15,
                 hint=lambda e, gt: ("the current is g * (e_syn - v_post), not (v_post - e_syn)"
                                     if e and abs(gt / e + 1) < 1e-6 else None))


def _synapse_cases(Ref, param_sets, names, dt=0.1):
    cases = []
    for params in param_sets:
        pdesc = ", ".join(f"{k}={v:g}" for k, v in params.items())
        for tdesc, times, duration in _trains(11):
            sp = SpikeTrains(times, duration=duration)
            refs = {}
            for m in ("euler", "exact", "course"):
                r = Ref(**params, method=m).response(sp, duration, dt)
                refs[m] = {k: _frozen(getattr(r, k)) for k in names}
            cases.append((f"{pdesc}; {tdesc}",
                          lambda s, params=params, on=frozenset(_spike_steps(times, dt).tolist()),
                          n=int(round(duration / dt)), refs=refs:
                          _synapse_case(s, dict(params), on, n, dt, names, refs)))
    return cases


def _synapse_with_current_cases():
    params = [dict(g_max=1.0, tau_syn=5.0, e_syn=0.0), dict(g_max=2.5, tau_syn=2.0, e_syn=-75.0)]
    cases = _synapse_cases(synapses.Synapse, params, ["g"])
    for p in params:
        cases.append((f"get_current with e_syn={p['e_syn']:g} mV",
                      lambda s, p=p: _current_case(s, dict(p), [0.0, 1.0, 3.7],
                                                   [-70.0, -55.0, 0.0, 20.0])))
    return cases


def check_synapse(Synapse, *, time_limit=TIME_LIMIT):
    """Check a class ``Synapse(g_max, tau_syn, e_syn)`` with attribute ``g``
    [nS] and methods ``receive_spike()`` (``g += g_max``), ``step(dt)``
    (decay with ``tau_syn``; forward Euler or exact, ``g *= exp(-dt/tau_syn)``
    as the course) and ``get_current(v_post)`` = ``1e-3 * g * (e_syn -
    v_post)`` [nA], or ``g * (e_syn - v_post)`` as the course writes it (in
    pA, which it calls nA: the check passes it and says so)."""
    return _run("Synapse", _CASES["synapse"], Synapse, time_limit)


def check_depressing_synapse(DepressingSynapse, *, time_limit=TIME_LIMIT):
    """Check a class ``DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)``
    with attributes ``g`` [nS] and ``x`` (resources, 1 at rest):
    ``receive_spike()`` releases ``u * x`` (``x -= u*x``, ``g += g_max*u*x``
    with the x before the spike); ``step(dt)`` decays ``g`` and lets ``x``
    recover to 1 with ``tau_rec``: both by forward Euler, both exactly, or
    as the course (``g`` exactly, ``x`` by Euler)."""
    return _run("DepressingSynapse", _CASES["depressing_synapse"], DepressingSynapse,
                time_limit)


def check_facilitating_synapse(FacilitatingSynapse, *, time_limit=TIME_LIMIT):
    """Check a class ``FacilitatingSynapse(g_max, tau_syn, tau_facil, u_base,
    u_max, u_step, e_syn)`` with attributes ``g`` [nS] and ``u``:
    ``receive_spike()`` does ``g += g_max * u`` then ``u += u_step * (u_max -
    u)``; ``step(dt)`` decays ``g`` and relaxes ``u`` to ``u_base`` with
    ``tau_facil`` (Euler, exact, or the course's mix: ``g`` exact, ``u`` Euler)."""
    return _run("FacilitatingSynapse", _CASES["facilitating_synapse"], FacilitatingSynapse,
                time_limit)


# ---------------------------------------------------------------------------
# Poisson input
# ---------------------------------------------------------------------------
_cv = analysis.cv
_from_list = SpikeTrains.from_list


def _poisson_cases(n_trains):
    def case(student, rate, duration, seed, ref_value):
        rng = np.random.default_rng(seed)
        trains = []
        for _ in range(n_trains):
            t = _asarray(_call(student, rate, duration, rng), dtype=_float64).ravel()
            trains.append(t)
        allt = np.concatenate(trains) if trains else np.empty(0)
        if allt.size and not (allt.min() >= 0 and allt.max() < duration):
            bad = allt[~((allt >= 0) & (allt < duration))][0]
            raise _Mismatch(f"spike times must lie in [0, {duration:g}) ms; got one at "
                            f"{bad:g} ms")
        if any(bool((t[1:] < t[:-1]).any()) for t in trains):
            raise _Mismatch("spike times must be sorted in increasing order")
        counts = _asarray([t.size for t in trains], dtype=_float64)
        mean = rate * duration / U.MS_PER_S
        se = math.sqrt(mean / n_trains)
        _compare(mean, counts.mean(), f"mean spike count per train (rate {rate:g} Hz x "
                 f"{duration:g} ms)", rtol=0, atol=5 * se,
                 hint=lambda e, g: ("rate is in Hz and duration in ms: the mean interval is "
                                    "1000/rate ms" if g and abs(e / g - U.MS_PER_S) < 100 or
                                    e and abs(g / e - U.MS_PER_S) < 100 else None))
        fano = counts.var(ddof=1) / counts.mean()
        _compare(1.0, fano, "Fano factor of the counts (variance / mean, 1 for Poisson)",
                 rtol=0, atol=5 * math.sqrt(2.0 / (n_trains - 1)) + 0.5 / mean)
        got_cv = _asarray(_cv(_from_list(trains, duration=duration), ddof=1))
        got_cv = float(np.nanmean(got_cv))
        _compare(ref_value, got_cv, "mean CV of the intervals (about 1 for Poisson; "
                 "the reference is neuroai.poisson's)", rtol=0, atol=0.12,
                 hint=lambda e, g: ("CV near 0 means regular spikes: draw the intervals "
                                    "from an exponential distribution" if g < 0.5 else None))

    cases = []
    for r, d, s in [(20.0, 1000.0, 1), (50.0, 500.0, 2), (5.0, 4000.0, 3)]:
        ref = stimuli.poisson(r, d, n=n_trains, seed=s)
        ref_value = float(np.nanmean(analysis.cv(ref, ddof=1)))
        cases.append((f"rate={r:g} Hz, duration={d:g} ms, {n_trains} trains",
                      lambda st, r=r, d=d, s=s, v=ref_value: case(st, r, d, s, v)))
    return cases


def check_poisson_train(poisson_train, n_trains=400, *, time_limit=TIME_LIMIT):
    """Check ``poisson_train(rate, duration, rng)`` returning sorted spike
    times [ms] of a homogeneous Poisson process, by statistics over many
    trains: the mean count (against ``rate * duration``), the coefficient of
    variation of the intervals (1 for Poisson), the Fano factor of the counts
    (1) and the range of the times, compared with ``neuroai.poisson``.

    The tolerances are 5 standard errors, so a correct function fails by
    chance less than once in a million runs."""
    if n_trains == 400:
        cases = _CASES["poisson_train"]
    else:
        n_trains = int(n_trains)
        if n_trains < 2:
            raise ValueError(f"n_trains must be an integer >= 2 (trains per case), "
                             f"got {n_trains!r}")
        cases = _poisson_cases(n_trains)     # computed here, still before the student's code
    return _run("poisson_train", cases, poisson_train, time_limit)


# ---------------------------------------------------------------------------
# LIF with a synapse
# ---------------------------------------------------------------------------
def _lif_with_synapse_cases():
    Ref = network.LIFWithSynapse

    def case(student, times, params, n_ref):
        got = _call(_call(student, **params).simulate, times.copy(), 1000.0, 0.1)
        st = _asarray(_call(getattr, got, "spike_times"), dtype=_float64).ravel()
        _compare(n_ref, st.size, "number of output spikes", rtol=0, atol=1)

    cases = []
    for r, p, s in [(200.0, dict(g_max=200.0, tau_rec=20.0), 1),
                    (100.0, dict(g_max=300.0, tau_rec=20.0), 2),
                    (500.0, dict(g_max=400.0, tau_rec=50.0, u=0.3), 3),
                    (20.0, dict(g_max=1.0), 4)]:
        spikes = stimuli.poisson(r, 1000.0, seed=s)
        steps = np.unique(_spike_steps(spikes.times, 0.1))
        times = _frozen(np.round(steps * 0.1, 10))
        n_ref = len(Ref(**p, method="euler").simulate(times, 1000.0, dt=0.1).spike_times)
        cases.append((f"Poisson input {r:g} Hz (seed {s}), "
                      + ", ".join(f"{k}={v:g}" for k, v in p.items()),
                      lambda st, times=times, p=p, n_ref=n_ref: case(st, times, dict(p), n_ref)))
    return cases


def _course_spike_times(got):
    """The output spike times of the course's simulate: the last of its
    (v_trace, g_trace, x_trace, spike_times), or a ``spike_times`` attribute."""
    if isinstance(got, (tuple, list)):
        if len(got) != 4:
            raise _Mismatch(f"simulate(presynaptic_spikes, dt) should return (v_trace, "
                            f"g_trace, x_trace, spike_times), got {len(got)} values")
        return got[3]
    return _call(getattr, got, "spike_times")


def _lif_with_synapse_course_cases():
    """The course's LIFWithSynapse: simulate(one boolean per step, dt), the
    drive g (e_syn - v) added to the leak (no resistance, no 1e-3): the same
    as neuroai.LIFWithSynapse(g_max=100 g, method="course") at 10 MOhm."""
    Ref = network.LIFWithSynapse

    def case(student, pre, params, n_ref, n_other):
        got = _call(_call(student, **params).simulate, pre.copy(), 0.1)
        st = _asarray(_course_spike_times(got), dtype=_float64).ravel()
        _compare(n_ref, st.size, "number of output spikes", rtol=0, atol=1,
                 hint=lambda e, g: ("the course's neuron adds the synaptic term g * (e_syn - v) "
                                    "to -(v - v_rest) directly (no resistance, no 1e-3)"
                                    if abs(g - n_other) <= 1 else None))

    cases = []
    for r, p, s in [(30.0, dict(g_max=8.0, tau_rec=150.0, u=0.4), 42),
                    (100.0, dict(g_max=10.0, tau_rec=150.0, u=0.4), 1),
                    (150.0, dict(g_max=10.0, tau_rec=150.0, u=0.4), 2),
                    (200.0, dict(g_max=5.0, tau_rec=50.0, u=0.5), 7)]:
        pre = np.random.default_rng(s).random(10000) < r * 0.1 / U.MS_PER_S
        pre.setflags(write=False)
        ref = dict(p, g_max=p["g_max"] * U.PA_PER_NA / 10.0)
        n_ref = len(Ref(**ref, method="course").simulate(pre, dt=0.1).spike_times)
        n_other = len(Ref(**p, method="course").simulate(pre, dt=0.1).spike_times)
        cases.append((f"Poisson input {r:g} Hz as one boolean per 0.1 ms step (seed {s}), "
                      + ", ".join(f"{k}={v:g}" for k, v in p.items()),
                      lambda st, pre=pre, p=p, n_ref=n_ref, n_other=n_other:
                      case(st, pre, dict(p), n_ref, n_other)))
    return cases


def check_lif_with_synapse(LIFWithSynapse, *, time_limit=TIME_LIMIT):
    """Check a class ``LIFWithSynapse(g_max=..., tau_rec=..., u=...)`` (other
    parameters: the course's defaults) whose ``simulate(input_spikes,
    duration, dt)`` returns an object with ``spike_times`` [ms], against
    ``neuroai.LIFWithSynapse(method="euler")``, allowing one output spike of
    difference per run.

    The course's class, whose ``simulate(presynaptic_spikes, dt)`` takes one
    boolean per step and returns ``(v_trace, g_trace, x_trace,
    spike_times)``, is checked on the course's parameters against
    ``neuroai.LIFWithSynapse(method="course")`` in the course's units (its
    drive ``g * (e_syn - v)`` is neuroai's with ``g_max`` 100 times larger at
    10 MOhm)."""
    simulate = getattr(LIFWithSynapse, "simulate", None)
    if simulate is None or _binds(simulate, None, _frozen([1.0]), 10.0, 0.1):
        return _run("LIFWithSynapse", _CASES["lif_with_synapse"], LIFWithSynapse, time_limit)
    return _run("LIFWithSynapse", _CASES["lif_with_synapse_course"], LIFWithSynapse,
                time_limit, note="simulate(presynaptic_spikes, dt) with one boolean per step "
                "(the course's signature and units)")


# ---------------------------------------------------------------------------
# learning: the STDP window and a Hopfield update
# ---------------------------------------------------------------------------
_WINDOW_NAMES = {"a_plus": ("A_plus", "a_plus", "Aplus", "A_p"),
                 "a_minus": ("A_minus", "a_minus", "Aminus", "A_m"),
                 "tau_plus": ("tau_plus", "tau_p", "taup"),
                 "tau_minus": ("tau_minus", "tau_m", "taum")}


def _window_call(student, d, p):
    """Call the student's window on ``d`` with the parameters ``p`` (a_plus,
    a_minus, tau_plus, tau_minus): by the names it uses (the course's
    ``A_plus``... or ``a_plus``...), else by position in that order."""
    names = _parameter_names(student)
    if names is not None:
        kw = {}
        for ours, spellings in _WINDOW_NAMES.items():
            hit = [n for n in spellings if n in names]
            if not hit:
                break
            kw[hit[0]] = p[ours]
        else:
            return _call(student, d, **kw)
    return _call(student, d, p["a_plus"], p["a_minus"], p["tau_plus"], p["tau_minus"])


def _all_close(got, values):
    """True if ``got`` (any object) equals the list ``values`` to 1e-9."""
    try:
        g = _ndarray.tolist(_asarray(got, dtype=_float64).ravel())
    except (TypeError, ValueError):
        return False
    return len(g) == len(values) and all(_close(a, b, 1e-9, 1e-15) for a, b in zip(g, values))


def _window_mistakes(d, p):
    """What the typical wrong windows give on ``d``: (values, hint) pairs."""
    ref = learning.stdp_window
    swap_tau = dict(p, tau_plus=p["tau_minus"], tau_minus=p["tau_plus"])
    swap_a = dict(p, a_plus=p["a_minus"], a_minus=p["a_plus"])
    out = [(ref(-d, **p), "Delta t = t_post - t_pre: it is > 0 when the presynaptic spike comes "
                          "first, which potentiates (+A_plus exp(-Delta t / tau_plus)); yours "
                          "potentiates for Delta t < 0 (the sign or the convention is reversed)"),
           (-ref(d, **p), "potentiation (Delta t = t_post - t_pre > 0) increases the weight and "
                          "depression (Delta t < 0) decreases it: the signs are the other way "
                          "round"),
           (np.abs(ref(d, **p)), "depression is a decrease: -A_minus exp(Delta t / tau_minus) "
                                 "for Delta t < 0"),
           (ref(d, **swap_tau), "tau_plus is the time constant of the LTP side (Delta t > 0), "
                                "tau_minus of the LTD side (Delta t < 0)"),
           (ref(d, **swap_a), "A_plus scales the LTP side (Delta t > 0), A_minus the LTD side"),
           (np.where(d == 0, p["a_plus"], ref(d, **p)),
            "at Delta t = 0 the change is 0 (neither side: use > 0 and < 0, not >= 0)"),
           (np.where(d == 0, -p["a_minus"], ref(d, **p)),
            "at Delta t = 0 the change is 0 (neither side: use > 0 and < 0, not <= 0)")]
    with np.errstate(over="ignore"):
        grow = np.where(d > 0, p["a_plus"] * np.exp(d / p["tau_plus"]),
                        np.where(d < 0, -p["a_minus"] * np.exp(-d / p["tau_minus"]), 0.0))
    out.append((grow, "the window decays with |Delta t|: exp(-Delta t / tau_plus) for "
                      "Delta t > 0 and exp(+Delta t / tau_minus) for Delta t < 0"))
    return tuple((_ndarray.tolist(np.asarray(v, dtype=float).ravel()), h) for v, h in out)


def _window_case(student, d, p, expected, mistakes, what):
    got = _window_call(student, d.copy(), dict(p))
    try:
        _compare(expected, got, what)
    except _Mismatch as e:
        msg = str(e)
        g = _asarray(got) if isinstance(got, _ndarray) else None
        if g is not None and g.dtype.kind in "iub" and d.dtype.kind in "iu":
            msg += ("\n    hint: your result is an integer array: np.zeros_like(delta_t) of "
                    "integer Delta t is one; give dtype=float (np.zeros_like(delta_t, "
                    "dtype=float)) so that the changes are not cut to whole numbers")
        else:
            for values, hint in mistakes:
                if _all_close(got, values):
                    msg += f"\n    hint: {hint}"
                    break
        raise _Mismatch(msg) from None


def _pairing_change(delta_steps, p):
    """The weight change of one pre/post pairing delta_steps ms apart in the
    C core's course neuron (LIFNeuronSTDP at dt = 1 ms): a weak probe
    input and a driver that fires the neuron in the step it spikes."""
    k = abs(delta_steps)
    s = np.zeros((k + 2, 2), bool)
    if delta_steps > 0:
        s[0, 0] = s[k, 1] = True
        w0 = 0.01
    else:
        s[0, 1] = s[k, 0] = True
        w0 = 0.5
    n = learning.LIFNeuronSTDP(2, v_thresh=-64.6, tau_plus=p["tau_plus"],
                               tau_minus=p["tau_minus"], A_plus=p["a_plus"],
                               A_minus=p["a_minus"], w_max=2.0, weights=[w0, 2.0])
    n.simulate(s, 1.0)
    return float(n.weights[0]) - w0


def _stdp_window_cases():
    rng = np.random.default_rng(13)
    course = dict(a_plus=0.01, a_minus=0.01, tau_plus=20.0, tau_minus=20.0)
    asym = dict(a_plus=0.005, a_minus=0.00525, tau_plus=16.8, tau_minus=33.7)
    unit = dict(a_plus=1.0, a_minus=1.0, tau_plus=10.0, tau_minus=10.0)
    sets = [("the course's doctest: delta_t = [10, -10, 0] (integers)",
             np.array([10, -10, 0]), unit),
            ("delta_t from -100 to 100 ms, the course's defaults",
             np.linspace(-100.0, 100.0, 201), course),
            ("A_plus=0.005, A_minus=0.00525, tau_plus=16.8, tau_minus=33.7",
             np.linspace(-80.0, 80.0, 33), asym),
            ("integer delta_t from -50 to 50 ms", np.arange(-50, 51, 5),
             dict(a_plus=1.0, a_minus=0.8, tau_plus=15.0, tau_minus=30.0)),
            ("delta_t = 0 only", np.zeros(4), course),
            ("a 2-D array of random delta_t", np.round(rng.uniform(-60, 60, (3, 4)), 3), asym)]
    cases = []
    for desc, d, p in sets:
        d = np.array(d)
        d.setflags(write=False)
        cases.append((desc, lambda s, d=d, p=p, e=_frozen(learning.stdp_window(d, **p)),
                      m=_window_mistakes(d, p):
                      _window_case(s, d, p, e, m, "stdp_window(delta_t) [1]")))
    # the C core: a pairing in the course's neuron changes the weight by the window
    for k in (7, -7, 25, -25):
        e = _frozen([_pairing_change(k, asym)])
        d = np.array([float(k)])
        d.setflags(write=False)
        cases.append((f"one pairing {abs(k)} ms apart, {'pre' if k > 0 else 'post'} first, "
                      "in neuroai.LIFNeuronSTDP",
                      lambda s, d=d, e=e, m=_window_mistakes(d, asym): _window_case(
                          s, d, asym, e, m, "the weight change of the pairing [1]")))
    return cases


def check_stdp_window(stdp_window, *, time_limit=TIME_LIMIT):
    """Check ``stdp_window(delta_t, A_plus, A_minus, tau_plus, tau_minus)``
    (the course's names, or ``a_plus``, ``a_minus``): for an array of
    Delta t = t_post - t_pre [ms], the weight change ``A_plus exp(-Delta t /
    tau_plus)`` where Delta t > 0, ``-A_minus exp(Delta t / tau_minus)`` where
    Delta t < 0 and 0 at Delta t = 0, as floats even for integer Delta t;
    against :func:`neuroai.stdp_window` and against single pairings run in
    :class:`neuroai.LIFNeuronSTDP` (the C core)."""
    return _run("stdp_window", _CASES["stdp_window"], stdp_window, time_limit)


def _hopfield_rule(weights, state, order=None):
    """The update the check states, in NumPy: the local field h_i = sum_j
    w_ij s_j; s_i becomes +1 where h_i > 0, -1 where h_i < 0 and keeps its
    value where h_i == 0.  Synchronous (order None): every unit from the
    same state; asynchronous: unit order[0], then order[1], ..., each seeing
    the units updated before it."""
    s = np.array(state, dtype=float)
    if order is None:
        h = weights @ s
        return np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))
    for i in order:
        h = weights[i] @ s
        s[i] = 1.0 if h > 0 else -1.0 if h < 0 else s[i]
    return s


def _hopfield_core(patterns, state, order=None):
    """One sweep of the C core from ``state`` on the Hebbian network of
    ``patterns``: synchronous (order None), or asynchronous in the given
    order, run as the sequential sweep 0..N-1 of the same network with its
    units renumbered so that unit k is ``order[k]``.  A float array."""
    pats = np.asarray(patterns)
    s = np.asarray(state)
    n = s.size
    if order is None:
        out = hopfield.Hopfield(n).store(pats).recall(s, "sync", max_sweeps=1).state
        return np.asarray(out, dtype=float)
    perm = np.asarray(order, dtype=np.int64)
    run = hopfield.Hopfield(n).store(pats[:, perm]).recall(s[perm], "async", order="sequential",
                                                           max_sweeps=1)
    out = np.empty(n)
    out[perm] = run.state
    return out


def _hopfield_nets(rng):
    """(description, W, states, P) with W = P^T P / N, zero diagonal, for N a
    power of 2: every local field is an exact multiple of 1/N, so h == 0
    is exact whatever order the sum is taken in."""
    nets = []
    # an even number of patterns: with N even, N h_i has the parity of P, so
    # only then can a field be 0
    for n, n_pat in ((16, 2), (64, 4), (32, 6)):
        for _ in range(100):
            pats = rng.choice([-1.0, 1.0], size=(n_pat, n))
            w = pats.T @ pats / n
            np.fill_diagonal(w, 0.0)
            # the random state: of 200 drawn, the one with the most zero
            # fields, so that the rule for h_i == 0 is tested on every
            # network (patterns whose fields are never 0 are drawn again)
            draws = rng.choice([-1.0, 1.0], size=(200, n))
            zeros = np.sum(draws @ w == 0, axis=1)
            if zeros.max() >= 2:
                break
        cues = [pats[0], pats[0] * np.where(rng.random(n) < 0.2, -1.0, 1.0),
                draws[int(np.argmax(zeros))]]
        nets.append((f"N = {n}, {n_pat} stored patterns", w, cues, pats))
    return nets


def _hopfield_mistakes(w, s, order):
    h_all = w @ s
    out = [(np.sign(h_all) if order is None else None,
            "where the local field h_i = sum_j w_ij s_j is exactly 0 the unit keeps its previous "
            "state (np.sign gives 0 there): e.g. np.where(h > 0, 1, np.where(h < 0, -1, s))"),
           (np.where(h_all >= 0, 1.0, -1.0) if order is None else None,
            "h_i = 0 keeps the unit's previous state, not +1"),
           (-_hopfield_rule(w, s, order), "s_i becomes +1 where h_i > 0 (aligned with its "
                                          "field), -1 where h_i < 0")]
    if order is not None:
        out.append((_hopfield_rule(w, s), "asynchronous: update one unit at a time in the "
                                          "given order, each from the state that already holds "
                                          "the units updated before it (that was synchronous)"))
        z = np.array(s, dtype=float)
        for i in order:
            h = w[i] @ z
            z[i] = 1.0 if h > 0 else -1.0 if h < 0 else 0.0
        out.append((z, "where the local field h_i is exactly 0 the unit keeps its previous "
                       "state (np.sign gives 0 there)"))
    return tuple((_ndarray.tolist(np.asarray(v, dtype=float).ravel()), hint)
                 for v, hint in out if v is not None)


def _hopfield_case(student, w, s, order, expected, mistakes):
    args = (w.copy(), s.copy()) if order is None else (w.copy(), s.copy(), order.copy())
    got = _call(student, *args)
    try:
        _compare(expected, got, "the new state", rtol=0, atol=0)
    except _Mismatch as e:
        msg = str(e)
        for values, hint in mistakes:
            if _all_close(got, values):
                msg += f"\n    hint: {hint}"
                break
        raise _Mismatch(msg) from None


def _hopfield_cases(asynchronous):
    rng = np.random.default_rng(21 if asynchronous else 20)
    cases = []
    for desc, w, cues, pats in _hopfield_nets(rng):
        w.setflags(write=False)
        for k, s in enumerate(cues):
            s = np.array(s)
            s.setflags(write=False)
            order = rng.permutation(s.size).astype(np.int64) if asynchronous else None
            if order is not None:
                order.setflags(write=False)
            n_zero = int(np.sum(w @ s == 0))
            what = ("a stored pattern", "a stored pattern with 20% of its units flipped",
                    "a random state")[k]
            zeros = f" ({n_zero} unit{'s' if n_zero != 1 else ''} with h = 0)" if n_zero else ""
            # the expected state is the C core's sweep
            expected = _frozen(_hopfield_core(pats, s, order))
            cases.append((f"{desc}, {what}{zeros}" + (", a random order" if asynchronous else ""),
                          lambda st, w=w, s=s, o=order, e=expected,
                          m=_hopfield_mistakes(w, s, order): _hopfield_case(st, w, s, o, e, m)))
    return cases


def check_hopfield_update(update, *, asynchronous=None, time_limit=TIME_LIMIT):
    """Check one update of a binary Hopfield network.

    ``update(weights, state)`` returns the state after one synchronous
    update: with the local field h_i = sum_j w_ij s_j (``weights @ state``),
    s_i becomes +1 where h_i > 0, -1 where h_i < 0 and keeps its previous
    value where h_i == 0.  ``update(weights, state, order)`` (checked when
    ``asynchronous=True``, or when the function has a parameter named
    ``order``) updates unit ``order[0]`` first, then ``order[1]``, ... each
    from the state that already holds the units updated before it.  Weights
    are Hebbian, ``W = P^T P / N`` with a zero diagonal; states hold +1/-1.
    """
    if asynchronous is None:
        names = _parameter_names(update)
        asynchronous = bool(names) and "order" in names
    key = "hopfield_async" if asynchronous else "hopfield_sync"
    title = "hopfield_update" + (" (asynchronous)" if asynchronous else "")
    return _run(title, _CASES[key], update, time_limit)


# ---------------------------------------------------------------------------
# Every case's inputs and expected values are computed at import, before any
# student code runs, by the sealed functions (see _seal).
# ---------------------------------------------------------------------------
def _build_cases():
    """Every check's cases: (description, case(student)) pairs."""
    cases = {name: tuple(_activation_cases(name, getattr(activations, name)))
             for name in ("sigmoid", "relu", "tanh", "step")}
    cases.update(
        perceptron=tuple(_perceptron_cases()),
        perceptron_layer=tuple(_perceptron_layer_cases()),
        perceptron_layer_course=tuple(_perceptron_layer_course_cases()),
        lif_voltage_step=tuple(_lif_voltage_step_cases()),
        lif_neuron=tuple(_lif_neuron_cases()),
        fi_curve=tuple(_fi_curve_cases()),
        lif_rate=tuple(_lif_rate_cases()),
        synapse=tuple(_synapse_with_current_cases()),
        depressing_synapse=tuple(_synapse_cases(
            synapses.DepressingSynapse,
            [dict(g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0),
             dict(g_max=2.0, tau_syn=3.0, tau_rec=50.0, u=0.2, e_syn=0.0),
             dict(g_max=1.0, tau_syn=5.0, tau_rec=800.0, u=0.9, e_syn=-70.0)], ["x", "g"])),
        facilitating_synapse=tuple(_synapse_cases(
            synapses.FacilitatingSynapse,
            [dict(g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                  e_syn=0.0),
             dict(g_max=3.0, tau_syn=2.0, tau_facil=300.0, u_base=0.05, u_max=1.0, u_step=0.5,
                  e_syn=0.0)], ["u", "g"])),
        poisson_train=tuple(_poisson_cases(400)),
        lif_with_synapse=tuple(_lif_with_synapse_cases()),
        lif_with_synapse_course=tuple(_lif_with_synapse_course_cases()),
        stdp_window=tuple(_stdp_window_cases()),
        hopfield_sync=tuple(_hopfield_cases(False)),
        hopfield_async=tuple(_hopfield_cases(True)),
    )
    return cases


class _Snapshot(types.SimpleNamespace):
    """A module's attributes as they are now; names it loads lazily (numpy's
    submodules) are looked up in the module."""

    def __init__(self, module):
        super().__init__(**vars(module))
        object.__setattr__(self, "_snapshot_of", module)

    def __getattr__(self, name):
        return getattr(object.__getattribute__(self, "_snapshot_of"), name)


def _seal():
    """Give every function of this module a private copy of the module's
    namespace, and ``np``/``math`` a copy of their attributes, as they are
    now: a notebook cell that later assigns ``neuroai.exercises._run``,
    ``np.isclose`` or ``math.isclose`` changes what it sees, not what the
    checks use.  (Code can still reach anything in the process; this closes
    the easy doors, not every door.)"""
    ns = dict(globals())
    ns["np"] = _Snapshot(np)
    ns["math"] = _Snapshot(math)
    for name, obj in list(ns.items()):
        if isinstance(obj, types.FunctionType) and obj.__module__ == __name__:
            f = types.FunctionType(obj.__code__, ns, obj.__name__, obj.__defaults__,
                                   obj.__closure__)
            f.__kwdefaults__ = obj.__kwdefaults__
            f.__doc__, f.__qualname__ = obj.__doc__, obj.__qualname__
            f.__dict__.update(obj.__dict__)
            ns[name] = f
            globals()[name] = f
    # built by the sealed functions, so the cases' closures see ``ns`` too
    ns["_CASES"] = globals()["_CASES"] = ns["_build_cases"]()


_seal()


# ---------------------------------------------------------------------------
# Notebook 04, coding: entropy from counts, the Fano factor of trial counts, a
# population-vector (centre-of-mass) decoder.  The expected values come from
# the C core (entropy) and closed forms; the block is sealed like the rest by
# _seal_block at its end.
# ---------------------------------------------------------------------------
__all__ += ["check_entropy_bits", "check_fano_factor", "check_population_vector"]


def _near(a, b):
    """True if ``a`` is within 1e-9 (relative) of ``b``, both finite."""
    return _isfinite(a) and _isfinite(b) and _abs(a - b) <= 1e-9 * max(_abs(b), 1e-12)


def _as_number(got, what):
    """A student's scalar answer as a Python float (a _Mismatch if it is not one)."""
    try:
        a = _asarray(got, dtype=_float64)
    except (TypeError, ValueError):
        raise _Mismatch(f"{what}: expected a number, got {_safe_str(got, use_repr=True)}") from None
    if a.size != 1:
        raise _Mismatch(f"{what}: expected one number, got an array of shape {a.shape} "
                        f"(value {_fmt(a)})")
    return float(a.reshape(()))


def _entropy_case(student, counts, expected):
    """``entropy_bits(counts)`` against the plug-in entropy [bits]."""
    c = _asarray(counts)
    wrong = {                                  # typical mistakes -> what to say
        "nats": (expected * math.log(2.0),
                 "that is the entropy in nats (natural log); bits use log base 2: np.log2"),
        "sign": (-expected, "the sign: H = -sum p log2 p is >= 0"),
        "unnormalised": (float(-np.sum(c[c > 0] * np.log2(c[c > 0]))),
                         "turn the counts into probabilities first: p = counts / counts.sum()"),
        "log2-count": (float(np.log2(c.size)),
                       "log2 of the number of outcomes is the entropy of a uniform "
                       "distribution only; weight each outcome by its probability"),
    }
    got = _as_number(_call(student, c.copy()), f"entropy_bits({_fmt(c)}) [bits]")
    if got != got and np.any(c == 0):
        raise _Mismatch(f"entropy_bits({_fmt(c)}): expected {expected:.10g} bits, got nan\n"
                        "    hint: an outcome that never occurred contributes 0 (p log p -> 0 "
                        "as p -> 0): leave out the zero counts before taking the log")
    if _close(got, expected, 1e-9, 1e-12):
        return None
    msg = (f"entropy_bits({_fmt(c)}): expected {expected:.10g} bits, got {got:.10g} "
           f"(difference {got - expected:+.3g})")
    for alt, hint in wrong.values():
        if _near(got, alt) and not _near(alt, expected):
            msg += f"\n    hint: {hint}"
            break
    raise _Mismatch(msg)


def _entropy_bits_cases():
    rng = np.random.default_rng(41)
    sets = [np.array([5, 5]), np.array([1, 1, 1, 1]), np.array([10, 0]), np.array([7]),
            np.array([9, 1]), np.array([3, 0, 1, 0, 4]), np.array([1, 2, 4, 8, 16, 32])]
    sets += [rng.integers(0, 12, size=k) for k in (3, 8, 20)]
    sets += [np.bincount(rng.poisson(6.0, 200))]           # a histogram of spike counts
    cases = []
    for c in sets:
        c = np.asarray(c, dtype=np.int64)
        c.setflags(write=False)
        e = analysis.entropy(c)
        cases.append((f"counts = {_fmt(c)}",
                      lambda s, c=c, e=e: _entropy_case(s, c, e)))
    return cases


def check_entropy_bits(entropy_bits, *, time_limit=TIME_LIMIT):
    """Check ``entropy_bits(counts)``: the plug-in entropy ``H = -sum p_i
    log2 p_i`` [bits] of a histogram (``p_i = counts_i / N``, outcomes never
    seen contribute 0), against ``neuroai.analysis.entropy``."""
    return _run("entropy_bits", _CASES["entropy_bits"], entropy_bits, time_limit)


def _fano_case(student, counts, by_ddof):
    """``fano_factor(counts)``: var / mean over trials with ddof 0 (the course's
    ``np.var``) or 1 (the unbiased sample variance); a note says which."""
    c = _asarray(counts)
    got = _as_number(_call(student, c.copy()), f"fano_factor({_fmt(c)})")
    for ddof, e in by_ddof:
        if _close(got, e, 1e-9, 1e-12):
            if by_ddof[0][1] == by_ddof[1][1]:
                return None                    # both conventions agree here
            return (f"fano_factor used ddof = {ddof} "
                    + ("(np.var, the population variance, as the course does)" if ddof == 0
                       else "(the unbiased sample variance, neuroai.fano_factor's default)"))
    e = by_ddof[0][1]
    m, sd = float(np.mean(c)), float(np.std(c))
    msg = (f"fano_factor({_fmt(c)}): expected {e:.10g} (variance / mean, np.var), got "
           f"{got:.10g} (difference {got - e:+.3g})")
    wrong = [(sd / m, "that is std / mean; the Fano factor divides the VARIANCE by the mean"),
             (m / (sd * sd) if sd > 0 else float("nan"),
              "upside down: the Fano factor is variance / mean"),
             (sd * sd, "divide the variance by the mean count"),
             (float(np.var(np.diff(c))) / m if c.size > 1 else float("nan"),
              "use the counts themselves, not their differences")]
    for alt, hint in wrong:
        if _near(got, alt) and not _near(alt, e):
            msg += f"\n    hint: {hint}"
            break
    raise _Mismatch(msg)


def _fano_factor_cases():
    rng = np.random.default_rng(42)
    sets = [np.array([10, 10, 10, 10]), np.array([8, 10, 12, 10]), np.array([5, 15, 5, 15]),
            np.array([0, 0, 3, 1]), rng.poisson(4.0, 50), rng.poisson(20.0, 200),
            rng.negative_binomial(3, 0.2, 40), np.array([1, 2])]
    cases = []
    for c in sets:
        c = np.asarray(c, dtype=np.int64)
        c.setflags(write=False)
        by = tuple((d, analysis.fano_factor(counts=c, ddof=d)) for d in (0, 1))
        cases.append((f"counts over {c.size} trials = {_fmt(c)}",
                      lambda s, c=c, by=by: _fano_case(s, c, by)))
    return cases


def check_fano_factor(fano_factor, *, time_limit=TIME_LIMIT):
    """Check ``fano_factor(counts)``: variance / mean of the spike counts of
    repeated trials.  The variance may be ``np.var`` (ddof = 0, the course's
    convention) or the unbiased sample variance (ddof = 1, neuroai's
    default): the check accepts both and says which was used."""
    return _run("fano_factor", _CASES["fano_factor"], fano_factor, time_limit)


def _population_vector_case(student, rates, preferred, expected):
    """``population_vector(rates, preferred)`` against ``sum(r p) / sum(r)``."""
    r, p = _asarray(rates), _asarray(preferred)
    what = f"population_vector(rates={_fmt(r)}, preferred={_fmt(p)})"
    got = _as_number(_call(student, r.copy(), p.copy()), what)
    if _close(got, expected, 1e-9, 1e-12):
        return None
    msg = f"{what}: expected {expected:.10g}, got {got:.10g} (difference {got - expected:+.3g})"
    wrong = [(float(p[np.argmax(r)]),
              "that is the preferred value of the most active neuron (winner takes all); "
              "the population vector averages every neuron's preferred value, weighted by "
              "its rate"),
             (float(np.sum(r * p)), "divide the weighted sum by the total rate, sum(rates)"),
             (float(np.sum(r * p) / r.size),
              "divide by the total rate, sum(rates), not by the number of neurons"),
             (float(np.mean(p)), "weight each preferred value by its neuron's rate"),
             (float(np.sum(r * p) / np.sum(p)) if np.sum(p) else float("nan"),
              "divide by the sum of the RATES (the weights), not of the preferred values")]
    for alt, hint in wrong:
        if _near(got, alt) and not _near(alt, expected):
            msg += f"\n    hint: {hint}"
            break
    raise _Mismatch(msg)


def _population_vector_cases():
    rng = np.random.default_rng(43)
    pref = np.linspace(0.0, 1.0, 11)
    sets = [(np.array([0.0, 0.0, 10.0, 0.0]), np.array([0.1, 0.4, 0.7, 1.0])),
            (np.full(5, 8.0), np.array([0.0, 0.25, 0.5, 0.75, 1.0])),
            (np.array([2.0, 6.0]), np.array([10.0, 20.0])),
            (np.array([1.0, 3.0, 5.0, 3.0]), np.array([-1.0, 0.0, 1.0, 2.0]))]
    for s in (0.2, 0.55, 0.9):                          # Gaussian tuning curves, then noise
        tuning = 5.0 + 40.0 * np.exp(-0.5 * ((s - pref) / 0.15) ** 2)
        sets.append((tuning, pref))
        sets.append((rng.poisson(tuning).astype(np.float64), pref))
    sets.append((rng.uniform(0.0, 50.0, 30), rng.uniform(-5.0, 5.0, 30)))
    cases = []
    for r, p in sets:
        r, p = _frozen(r), _frozen(p)
        e = float(np.sum(r * p) / np.sum(r))
        cases.append((f"{r.size} neurons", lambda s, r=r, p=p, e=e:
                      _population_vector_case(s, r, p, e)))
    return cases


def check_population_vector(population_vector, *, time_limit=TIME_LIMIT):
    """Check ``population_vector(rates, preferred)``: the stimulus decoded as
    the mean of the neurons' preferred stimuli weighted by their rates,
    ``sum(rates * preferred) / sum(rates)`` (a centre of mass; rates [Hz],
    preferred in the stimulus's units)."""
    return _run("population_vector", _CASES["population_vector"], population_vector,
                time_limit)


def _coding_cases():
    return dict(entropy_bits=tuple(_entropy_bits_cases()),
                fano_factor=tuple(_fano_factor_cases()),
                population_vector=tuple(_population_vector_cases()))


def _seal_block(build):
    """Seal the functions defined after :func:`_seal` as it sealed the others
    (into the same private namespace), then add the cases ``build()`` makes
    with the sealed functions."""
    ns = _run.__globals__                     # the namespace _seal gave the checks
    for name, obj in list(globals().items()):
        if isinstance(obj, types.FunctionType) and obj.__globals__ is globals():
            f = types.FunctionType(obj.__code__, ns, obj.__name__, obj.__defaults__,
                                   obj.__closure__)
            f.__kwdefaults__ = obj.__kwdefaults__
            f.__doc__, f.__qualname__ = obj.__doc__, obj.__qualname__
            f.__dict__.update(obj.__dict__)
            ns[name] = globals()[name] = f
        elif name not in ns:
            ns[name] = obj
    ns["_CASES"].update(ns[build.__name__]())


_seal_block(_coding_cases)
