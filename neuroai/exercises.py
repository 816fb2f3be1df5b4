"""Checks for the coding exercises of ``02_neuron_and_perceptron.ipynb``.

Each ``check_<exercise>(student)`` runs the student's function or class on
many cases (fixed seeds: random cases plus edge cases) and compares it with
``neuroai``'s C implementation.  It prints either ``✓ all N cases pass`` or,
in plain words, the first case that failed: the inputs, the expected and the
obtained value and their difference.  It returns True or False and never
raises: an exception in the student's code is reported, and a stub that still
raises ``NotImplementedError`` is reported as "not implemented yet".

Conventions (those of the course, with units): time ms, voltage mV, current
nA, resistance MOhm, conductance nS, rates Hz; forward Euler with ``dt`` in
ms.  Grid loops follow the course: in step ``i`` the spikes of that step are
received first, the state is read, then ``step(dt)`` advances it.
"""
from __future__ import annotations

import math
import traceback

import numpy as np

from . import _units as U
from . import activations, analysis, lif, network, perceptron, stimuli, synapses
from .spikes import SpikeTrains
from .stimuli import GRID_GUARD

__all__ = ["check_sigmoid", "check_relu", "check_tanh", "check_step", "check_perceptron",
           "check_perceptron_layer", "check_lif_voltage_step", "check_lif_neuron",
           "check_fi_curve", "check_lif_rate", "check_synapse",
           "check_depressing_synapse", "check_facilitating_synapse", "check_poisson_train",
           "check_lif_with_synapse"]


class _Mismatch(Exception):
    """A case failed: the message says how."""


class _StudentError(Exception):
    def __init__(self, exc):
        super().__init__(str(exc))
        self.exc = exc


def _call(f, *args, **kwargs):
    """Call student code, tagging its exceptions."""
    try:
        return f(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001 - any error in student code is reported
        raise _StudentError(e) from e


def _fmt(x):
    a = np.asarray(x)
    if a.ndim == 0:
        try:
            return f"{float(a):.10g}"
        except (TypeError, ValueError):
            return repr(x)
    with np.printoptions(precision=6, threshold=8, edgeitems=3):
        return np.array2string(a, separator=", ")


def _compare(expected, got, what, rtol=1e-9, atol=1e-12, hint=None):
    """Raise _Mismatch unless ``got`` equals ``expected`` within tolerance."""
    e = np.asarray(expected, dtype=np.float64)
    try:
        g = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise _Mismatch(f"{what}: expected a number or array like {_fmt(e)}, got {got!r}") \
            from None
    if g.shape != e.shape:
        if g.size == e.size == 1:
            g = g.reshape(e.shape)
        else:
            raise _Mismatch(f"{what}: expected shape {e.shape}, got shape {g.shape} "
                            f"(value {_fmt(g)})")
    bad = ~np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=False)
    if np.any(bad):
        k = np.unravel_index(int(np.argmax(bad)), e.shape) if e.ndim else ()
        ek, gk = float(e[k]), float(g[k])
        where = f" at index {k[0] if len(k) == 1 else k}" if e.ndim else ""
        msg = (f"{what}{where}: expected {ek:.10g}, got {gk:.10g} "
               f"(difference {gk - ek:+.3g})")
        if hint:
            extra = hint(ek, gk)
            if extra:
                msg += f"\n    hint: {extra}"
        raise _Mismatch(msg)


def _run(title, cases):
    """Run ``cases``: (description, thunk) pairs; a thunk raises _Mismatch on failure.

    Prints one summary line (or the first failure) and returns True/False.
    """
    n = len(cases)
    for k, (desc, thunk) in enumerate(cases, 1):
        try:
            thunk()
        except NotImplementedError:
            print(f"✗ {title}: not implemented yet (replace `raise NotImplementedError` "
                  "with your code, run that cell, then this check again)")
            return False
        except _StudentError as e:
            exc = e.exc
            tb = traceback.extract_tb(exc.__traceback__)
            line = f" (line {tb[-1].lineno}: {tb[-1].line})" if tb and tb[-1].line else ""
            print(f"✗ {title}: case {k} of {n} ({desc}): your code raised "
                  f"{type(exc).__name__}: {exc}{line}")
            return False
        except _Mismatch as e:
            print(f"✗ {title}: case {k} of {n} failed ({desc})\n    {e}")
            return False
    print(f"✓ {title}: all {n} cases pass")
    return True


# ---------------------------------------------------------------------------
# activations
# ---------------------------------------------------------------------------
def _activation_cases(title, student, reference):
    rng = np.random.default_rng(1)
    values = [0.0, 1.0, -1.0, 1e-3, -1e-3, 2.5, -2.5, 10.0, -10.0, 30.0, -30.0]
    values += list(np.round(rng.uniform(-8, 8, 20), 6))
    cases = []
    for z in values:
        cases.append((f"z = {z:g}",
                      lambda z=z: _compare(reference(z), _call(student, z), f"{title}({z:g})")))
    arrays = [np.linspace(-5, 5, 11), rng.normal(0, 3, (4, 3))]
    for a in arrays:
        cases.append((f"a NumPy array of shape {a.shape}",
                      lambda a=a: _compare(reference(a), _call(student, a.copy()),
                                           f"{title}(array of shape {a.shape})")))
    return cases


def _check_activation(name, student):
    ref = getattr(activations, name)
    with np.errstate(over="ignore"):
        return _run(name, _activation_cases(name, student, ref))


def check_sigmoid(sigmoid):
    """Check ``sigmoid(z) = 1 / (1 + exp(-z))`` on scalars and arrays."""
    return _check_activation("sigmoid", sigmoid)


def check_relu(relu):
    """Check ``relu(z) = max(0, z)`` on scalars and arrays."""
    return _check_activation("relu", relu)


def check_tanh(tanh):
    """Check ``tanh(z)`` on scalars and arrays."""
    return _check_activation("tanh", tanh)


def check_step(step):
    """Check the Heaviside step: 1 where ``z >= 0``, else 0."""
    return _check_activation("step", step)


# ---------------------------------------------------------------------------
# perceptron
# ---------------------------------------------------------------------------
def check_perceptron(Perceptron):
    """Check a class ``Perceptron(n_inputs, activation)`` with attributes
    ``weights`` (shape ``(n_inputs,)``) and ``bias`` and a method
    ``forward(x)`` returning ``activation(weights . x + bias)``.

    The check sets ``weights`` and ``bias`` itself, then calls ``forward``.
    """
    Ref = perceptron.Perceptron
    rng = np.random.default_rng(2)
    cases = []
    for act in ("sigmoid", "relu", "tanh", "step"):
        for n in (1, 3, 10):
            for _ in range(3):
                w = rng.normal(0, 1, n)
                b = float(rng.normal(0, 0.5))
                x = rng.normal(0, 1, n)
                cases.append((f"activation={act!r}, n_inputs={n}, weights={_fmt(w)}, "
                              f"bias={b:.4g}, x={_fmt(x)}",
                              lambda act=act, n=n, w=w, b=b, x=x: _perceptron_case(
                                  Perceptron, Ref, act, n, w, b, x)))
    # edge: z exactly 0 (the step gives 1 there)
    cases.append(("activation='step', weights and bias 0, so z = 0",
                  lambda: _perceptron_case(Perceptron, Ref, "step", 2, np.zeros(2), 0.0,
                                           np.array([1.0, -1.0]))))
    return _run("Perceptron", cases)


def _perceptron_case(Student, Ref, act, n, w, b, x):
    p = _call(Student, n, activation=act)
    p.weights = w.copy()
    p.bias = b
    got = _call(p.forward, x.copy())
    _compare(Ref(weights=w, bias=b, activation=act).forward(x), got, "forward(x)")


def check_perceptron_layer(perceptron_layer):
    """Check ``perceptron_layer(x, n_neurons, seed)``: ``n_neurons`` sigmoid
    perceptrons with weights ``rng.normal(0, 0.5, (n_neurons, n_inputs))``
    then biases ``rng.normal(0, 0.1, n_neurons)`` from
    ``rng = np.random.default_rng(seed)``; returns the ``n_neurons`` outputs."""
    ref = perceptron.perceptron_layer
    rng = np.random.default_rng(3)
    cases = []
    for n_in, n_out, seed in [(1, 1, 0), (3, 5, 1), (10, 10, 42), (4, 1, 7), (2, 20, 123)]:
        x = rng.normal(0, 1, n_in)
        cases.append((f"x={_fmt(x)}, n_neurons={n_out}, seed={seed}",
                      lambda x=x, n_out=n_out, seed=seed: _compare(
                          ref(x, n_neurons=n_out, seed=seed),
                          _call(perceptron_layer, x.copy(), n_out, seed),
                          f"perceptron_layer(x, {n_out}, seed={seed})")))
    return _run("perceptron_layer", cases)


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


def check_lif_voltage_step(lif_voltage_step):
    """Check ``lif_voltage_step(v, I, dt, tau_m=20, v_rest=-70, resistance=10)``:
    one forward-Euler step of ``tau_m dV/dt = -(V - v_rest) + R I``, returning
    the new V [mV] (no threshold here)."""
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
        cases.append((desc, lambda v=v, I=I, dt=dt, tau=tau, vr=vr, R=R: _compare(
            _euler_ref([I, 0.0], dt, v_init=v, tau_m=tau, v_rest=vr, resistance=R,
                       v_threshold=1e9, v_reset=-1e9)[0][1],
            _call(lif_voltage_step, v, I, dt, tau_m=tau, v_rest=vr, resistance=R),
            "new V [mV]", rtol=1e-12, atol=1e-9)))
    return _run("lif_voltage_step", cases)


def _lif_case(Student, current, dt, params):
    v_ref, v_end, steps = _euler_ref(current, dt, **params)
    neuron = _call(Student, **params)
    v0 = _call(getattr, neuron, "v")
    _compare(params.get("v_rest", -70.0), v0, "V right after creating the neuron (should be v_rest)")
    spikes = []
    after = np.append(v_ref[1:], v_end)
    for i, I in enumerate(current):
        spiked = _call(neuron.step, float(I), dt)
        if spiked:
            spikes.append(i)
        expected_spike = i in set(steps.tolist())
        if bool(spiked) != expected_spike:
            if expected_spike:
                raise _Mismatch(f"at step {i} (t = {i * dt:.4g} ms) the neuron should spike "
                                f"(V crossed v_threshold) but step() returned {spiked!r}")
            raise _Mismatch(f"at step {i} (t = {i * dt:.4g} ms) step() returned {spiked!r} but "
                            f"the neuron should not spike (V = {after[i]:.6g} mV)")
        _compare(after[i], neuron.v,
                 f"V after step {i} (t = {(i + 1) * dt:.4g} ms)", rtol=1e-12, atol=1e-9,
                 hint=lambda e, g: ("after a spike V must be set to v_reset, not v_rest"
                                    if expected_spike and g == params.get("v_rest", -70.0)
                                    else None))


def check_lif_neuron(LIFNeuron):
    """Check a class ``LIFNeuron(tau_m, v_rest, v_reset, v_threshold,
    resistance)`` with attribute ``v`` (starts at v_rest) and ``step(I, dt)``
    doing one forward-Euler step and returning True on a spike (V >= threshold:
    V is then set to v_reset)."""
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
        cases.append((f"{desc}; {', '.join(f'{k}={v:g}' for k, v in p.items())}",
                      lambda I=I, p=p, dt=dt: _lif_case(LIFNeuron, I, dt, p)))
    return _run("LIFNeuron", cases)


def _per_second_hint(e, g):
    if e and g and (abs(g / e - U.MS_PER_S) < 1 or abs(e / g - U.MS_PER_S) < 1):
        return ("rates are spikes per SECOND [Hz] and durations are in ms: "
                "rate = count / (duration / 1000)")
    return None


def check_fi_curve(compute_fi_curve):
    """Check ``compute_fi_curve(currents, duration=500, dt=0.1)``: the firing
    rate [Hz] (spike count / duration) of the course's LIF neuron, started at
    v_rest, under each constant current, with forward Euler.  Rates may differ
    from the C core's by one spike per run (rounding at threshold)."""
    rng = np.random.default_rng(6)
    sets = [(np.array([0.0, 1.0, 1.5, 1.6, 2.0, 3.0, 5.0]), 500.0, 0.1),
            (np.round(rng.uniform(0, 6, 8), 3), 500.0, 0.1),
            (np.array([2.0, 4.0, 8.0]), 200.0, 0.1),
            (np.array([1.8, 3.0]), 1000.0, 0.05)]
    cases = []
    for I, dur, dt in sets:
        cases.append((f"currents={_fmt(I)} nA, duration={dur:g} ms, dt={dt:g} ms",
                      lambda I=I, dur=dur, dt=dt: _compare(
                          lif.fi_curve(I, duration=dur, dt=dt, method="euler"),
                          _call(compute_fi_curve, I.copy(), duration=dur, dt=dt),
                          "rate [Hz]", rtol=0, atol=U.rate_hz(1, dur) + 1e-9,
                          hint=_per_second_hint)))
    return _run("compute_fi_curve", cases)


def check_lif_rate(lif_rate):
    """Check the closed-form rate ``lif_rate(I, tau_m=20, v_rest=-70,
    v_reset=-80, v_threshold=-55, resistance=10)`` [Hz]: 0 when ``v_rest + R I
    <= v_threshold``, else ``1000 / (tau_m ln((V_inf - v_reset) / (V_inf -
    v_threshold)))``."""
    ref = lif.lif_rate
    rng = np.random.default_rng(7)
    cases = []
    currents = [0.0, 1.0, 1.5, 1.500001, 1.6, 2.0, 3.0, 10.0]
    currents += list(np.round(rng.uniform(0, 8, 12), 4))
    for I in currents:
        cases.append((f"I = {I:.7g} nA", lambda I=I: _compare(ref(I), _call(lif_rate, I),
                                                           f"rate at {I:.7g} nA [Hz]",
                                                           rtol=1e-9)))
    for tau, R, vr in [(10.0, 20.0, -65.0), (30.0, 5.0, -75.0)]:
        I = 3.7
        cases.append((f"I = {I} nA, tau_m={tau:g}, resistance={R:g}, v_reset={vr:g}",
                      lambda I=I, tau=tau, R=R, vr=vr: _compare(
                          ref(I, tau_m=tau, resistance=R, v_reset=vr),
                          _call(lif_rate, I, tau_m=tau, resistance=R, v_reset=vr),
                          "rate [Hz]", rtol=1e-9)))
    return _run("lif_rate", cases)


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


def _synapse_trace(student, times, duration, dt, names):
    n = int(round(duration / dt))
    on = set(_spike_steps(times, dt).tolist())
    out = {k: np.empty(n) for k in names}
    for i in range(n):
        if i in on:
            _call(student.receive_spike)
        for k in names:
            out[k][i] = _call(getattr, student, k)
        _call(student.step, dt)
    return out


def _synapse_case(Student, Ref, params, times, duration, dt, names):
    sp = SpikeTrains(times, duration=duration)
    got = _synapse_trace(_call(Student, **params), times, duration, dt, names)
    refs = {m: Ref(**params, method=m).response(sp, duration, dt) for m in ("euler", "exact")}
    first_error = None
    for method in ("euler", "exact"):
        try:
            for k in names:
                _compare(getattr(refs[method], k), got[k],
                         f"{k} at each step (index = step, t = index x {dt:g} ms)",
                         rtol=1e-9, atol=1e-12)
            return
        except _Mismatch as e:
            first_error = first_error or e
    raise first_error


def _current_case(Student, params, g_values, v_values):
    syn = _call(Student, **params)
    for g in g_values:
        for v in v_values:
            syn.g = g
            expected = U.cond_current(g, params.get("e_syn", 0.0), v)
            _compare(expected, _call(syn.get_current, v),
                     f"get_current({v:g}) with g = {g:g} nS [nA]", rtol=1e-9, atol=1e-15,
                     hint=lambda e, gt: ("nS x mV = pA: multiply by 1e-3 to get nA"
                                         if e and abs(gt / e - U.PA_PER_NA) < 1 else
                                         "the current is g * (e_syn - v_post), not (v_post - e_syn)"
                                         if e and abs(gt / e + 1) < 1e-6 else None))


def _synapse_cases(Student, Ref, param_sets, names):
    cases = []
    for params in param_sets:
        pdesc = ", ".join(f"{k}={v:g}" for k, v in params.items())
        for tdesc, times, duration in _trains(11):
            cases.append((f"{pdesc}; {tdesc}",
                          lambda params=params, times=times, duration=duration:
                          _synapse_case(Student, Ref, params, times, duration, 0.1, names)))
    return cases


def check_synapse(Synapse):
    """Check a class ``Synapse(g_max, tau_syn, e_syn)`` with attribute ``g``
    [nS] and methods ``receive_spike()`` (``g += g_max``), ``step(dt)``
    (decay with ``tau_syn``; forward Euler or exact) and
    ``get_current(v_post)`` = ``1e-3 * g * (e_syn - v_post)`` [nA]."""
    Ref = synapses.Synapse
    params = [dict(g_max=1.0, tau_syn=5.0, e_syn=0.0), dict(g_max=2.5, tau_syn=2.0, e_syn=-75.0)]
    cases = _synapse_cases(Synapse, Ref, params, ["g"])
    for p in params:
        cases.append((f"get_current with e_syn={p['e_syn']:g} mV",
                      lambda p=p: _current_case(Synapse, p, [0.0, 1.0, 3.7],
                                                [-70.0, -55.0, 0.0, 20.0])))
    return _run("Synapse", cases)


def check_depressing_synapse(DepressingSynapse):
    """Check a class ``DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)``
    with attributes ``g`` [nS] and ``x`` (resources, 1 at rest):
    ``receive_spike()`` releases ``u * x`` (``x -= u*x``, ``g += g_max*u*x``
    with the x before the spike); ``step(dt)`` decays ``g`` and lets ``x``
    recover to 1 with ``tau_rec``."""
    Ref = synapses.DepressingSynapse
    params = [dict(g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0),
              dict(g_max=2.0, tau_syn=3.0, tau_rec=50.0, u=0.2, e_syn=0.0),
              dict(g_max=1.0, tau_syn=5.0, tau_rec=800.0, u=0.9, e_syn=-70.0)]
    return _run("DepressingSynapse", _synapse_cases(DepressingSynapse, Ref, params, ["x", "g"]))


def check_facilitating_synapse(FacilitatingSynapse):
    """Check a class ``FacilitatingSynapse(g_max, tau_syn, tau_facil, u_base,
    u_max, u_step, e_syn)`` with attributes ``g`` [nS] and ``u``:
    ``receive_spike()`` does ``g += g_max * u`` then ``u += u_step * (u_max -
    u)``; ``step(dt)`` decays ``g`` and relaxes ``u`` to ``u_base`` with
    ``tau_facil``."""
    Ref = synapses.FacilitatingSynapse
    params = [dict(g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                   e_syn=0.0),
              dict(g_max=3.0, tau_syn=2.0, tau_facil=300.0, u_base=0.05, u_max=1.0, u_step=0.5,
                   e_syn=0.0)]
    return _run("FacilitatingSynapse",
                _synapse_cases(FacilitatingSynapse, Ref, params, ["u", "g"]))


# ---------------------------------------------------------------------------
# Poisson input
# ---------------------------------------------------------------------------
def check_poisson_train(poisson_train, n_trains=400):
    """Check ``poisson_train(rate, duration, rng)`` returning sorted spike
    times [ms] of a homogeneous Poisson process, by statistics over many
    trains: the mean count (against ``rate * duration``), the coefficient of
    variation of the intervals (1 for Poisson), the Fano factor of the counts
    (1) and the range of the times, compared with ``neuroai.poisson``.

    The tolerances are 5 standard errors, so a correct function fails by
    chance less than once in a million runs."""

    def case(rate, duration, seed):
        rng = np.random.default_rng(seed)
        trains = []
        for _ in range(n_trains):
            t = np.asarray(_call(poisson_train, rate, duration, rng), dtype=np.float64).ravel()
            trains.append(t)
        allt = np.concatenate(trains) if trains else np.empty(0)
        if allt.size and (allt.min() < 0 or allt.max() >= duration):
            raise _Mismatch(f"spike times must lie in [0, {duration:g}) ms; got one at "
                            f"{allt.min() if allt.min() < 0 else allt.max():g} ms")
        if any(np.any(np.diff(t) < 0) for t in trains):
            raise _Mismatch("spike times must be sorted in increasing order")
        counts = np.array([t.size for t in trains], dtype=float)
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
        got_cv = analysis.cv(SpikeTrains.from_list(trains, duration=duration), ddof=1)
        got_cv = float(np.nanmean(got_cv))
        ref = stimuli.poisson(rate, duration, n=n_trains, seed=seed)
        ref_value = float(np.nanmean(analysis.cv(ref, ddof=1)))
        _compare(ref_value, got_cv, "mean CV of the intervals (about 1 for Poisson; "
                 "the reference is neuroai.poisson's)", rtol=0, atol=0.12,
                 hint=lambda e, g: ("CV near 0 means regular spikes: draw the intervals "
                                    "from an exponential distribution" if g < 0.5 else None))

    cases = [(f"rate={r:g} Hz, duration={d:g} ms, {n_trains} trains",
              lambda r=r, d=d, s=s: case(r, d, s))
             for r, d, s in [(20.0, 1000.0, 1), (50.0, 500.0, 2), (5.0, 4000.0, 3)]]
    return _run("poisson_train", cases)


# ---------------------------------------------------------------------------
# LIF with a synapse
# ---------------------------------------------------------------------------
def check_lif_with_synapse(LIFWithSynapse):
    """Check a class ``LIFWithSynapse(g_max=..., tau_rec=..., u=...)`` (other
    parameters: the course's defaults) whose ``simulate(input_spikes,
    duration, dt)`` returns an object with ``spike_times`` [ms], against
    ``neuroai.LIFWithSynapse(method="euler")``, allowing one output spike of
    difference per run."""
    Ref = network.LIFWithSynapse

    def case(rate, params, seed):
        spikes = stimuli.poisson(rate, 1000.0, seed=seed)
        steps = np.unique(_spike_steps(spikes.times, 0.1))
        times = np.round(steps * 0.1, 10)
        ref = Ref(**params, method="euler").simulate(times, 1000.0, dt=0.1)
        got = _call(_call(LIFWithSynapse, **params).simulate, times, 1000.0, 0.1)
        st = np.asarray(_call(getattr, got, "spike_times"), dtype=float).ravel()
        _compare(len(ref.spike_times), st.size, "number of output spikes", rtol=0, atol=1)

    cases = [(f"Poisson input {r:g} Hz (seed {s}), "
              + ", ".join(f"{k}={v:g}" for k, v in p.items()),
              lambda r=r, p=p, s=s: case(r, p, s))
             for r, p, s in [(200.0, dict(g_max=200.0, tau_rec=20.0), 1),
                             (100.0, dict(g_max=300.0, tau_rec=20.0), 2),
                             (500.0, dict(g_max=400.0, tau_rec=50.0, u=0.3), 3),
                             (20.0, dict(g_max=1.0), 4)]]
    return _run("LIFWithSynapse", cases)
