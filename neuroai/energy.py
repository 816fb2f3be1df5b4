"""Count the work a model does and convert it to joules, with cited assumptions.

Two steps, kept apart so each can be checked:

1. **Count operations.**  :func:`perceptron_ops` counts multiply-accumulates
   (MACs) for a perceptron or a layer: ``n_inputs * n_neurons`` per forward
   pass, whatever the input values.  :func:`spiking_ops` counts, for a spiking
   run, the spikes, the synaptic events (each spike reaches ``fan_out``
   targets) and the neuron state updates (``n_neurons * n_steps``).
2. **Price them.**  A :class:`Ledger` multiplies each count by an energy per
   operation taken from ``neuroai/data/energy_constants.json``, where every
   number carries its unit, its source and a caveat.  Any number can be
   replaced (``Ledger(overrides={...})`` or ``ledger.set(name, value)``) and
   every row is re-priced at once.  ``print(ledger)`` shows each count, the
   assumption behind it and its source.

The Scenario 3 questions of the tutorial are answered by
:func:`compare_task` (one input pattern through a dense perceptron layer and
through a spiking population at a given sparsity, on several substrates),
:func:`energy_vs_rate` (energy grows linearly with the mean firing rate) and
:func:`affordable_rate` (the mean rate that ~20 W buys ~86 billion neurons).

These are order-of-magnitude estimates for teaching: chips differ by node,
memory and workload, and neurons by size and type.  Read the caveats.
"""
from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import NamedTuple

import numpy as np

from . import _units as U
from . import _validate as V
from .spikes import SpikeTrains

__all__ = [
    "Constant",
    "load_constants",
    "perceptron_ops",
    "spiking_ops",
    "Ledger",
    "compare_task",
    "energy_vs_rate",
    "affordable_rate",
    "SUBSTRATES",
]

SUBSTRATES = ("cmos", "truenorth", "loihi", "biology")


class Constant(NamedTuple):
    """One energy assumption: value, unit, short citation, full source, caveat."""
    value: float
    unit: str
    short: str
    source: str
    caveat: str


def load_constants():
    """Read the packaged constants: ``{name: Constant}`` (a fresh dict each call)."""
    text = resources.files("neuroai").joinpath("data/energy_constants.json").read_text(
        encoding="utf-8")
    raw = json.loads(text)["constants"]
    return {k: Constant(float(v["value"]), v["unit"], v["short"], v["source"], v["caveat"])
            for k, v in raw.items()}


# ---------------------------------------------------------------------------
# counting
# ---------------------------------------------------------------------------
def _count(name, value, allow_zero=True, unit=""):
    """A count or amount as a float: finite and >= 0 (> 0 without allow_zero)."""
    return V.nonnegative(value, name, unit) if allow_zero else V.positive(value, name, unit)


def perceptron_ops(n_inputs, n_neurons=1, n_forward=1):
    """Operations of a dense perceptron layer.

    Parameters
    ----------
    n_inputs : int or Perceptron
        Inputs per neuron (> 0), or a perceptron (anything with ``weights``
        of shape ``(n_inputs,)`` or ``(n_neurons, n_inputs)``), whose shape
        then gives ``n_inputs`` and ``n_neurons``.
    n_neurons : int
        Neurons in the layer (> 0); 1 for a single perceptron.
    n_forward : int
        Forward passes (input patterns), >= 0.

    Returns
    -------
    dict
        ``macs = n_inputs * n_neurons * n_forward`` (each weight is read and
        multiply-accumulated once per pass, zero inputs included: a dense
        layer does not skip them), ``weight_reads`` (equal to ``macs``) and
        ``activations = n_neurons * n_forward``.
    """
    w = getattr(n_inputs, "weights", None)
    if w is not None:
        shape = np.shape(w)
        n_inputs = shape[-1]
        n_neurons = shape[0] if len(shape) == 2 else 1
    ni = _count("n_inputs", n_inputs, allow_zero=False)
    nn = _count("n_neurons", n_neurons, allow_zero=False)
    nf = _count("n_forward", n_forward)
    macs = ni * nn * nf
    return {"macs": macs, "weight_reads": macs, "activations": nn * nf}


def spiking_ops(spikes, fan_out, n_neurons=None, n_steps=None):
    """Operations of a spiking run.

    Parameters
    ----------
    spikes : int, SpikeTrains, or a result with ``.spikes``
        The spikes emitted: a total count, a ``SpikeTrains``, or a simulation
        result (e.g. ``LIFResult``) whose ``spikes`` attribute is one.
    fan_out : float or array_like, shape (n,)
        Targets reached by each spike (synapses per neuron), one value or one
        per train.
    n_neurons : int, optional
        Neurons whose state is updated every step (default: the number of
        trains for a ``SpikeTrains``, else 0).
    n_steps : int, optional
        Time steps of a clocked simulation (default: ``round(duration / dt)``
        for a result with ``dt``, else 0: an event-driven substrate with no
        per-step cost).

    Returns
    -------
    dict
        ``spikes``, ``synaptic_events`` (sum over spikes of their fan-out) and
        ``state_updates = n_neurons * n_steps``.
    """

    result = spikes
    st = getattr(spikes, "spikes", None) if not isinstance(spikes, SpikeTrains) else spikes
    if isinstance(st, SpikeTrains):
        counts = st.counts().astype(np.float64)
        fo = V.real_array(fan_out, "fan_out (targets per spike)")
        if fo.ndim == 0:
            fo = np.full(st.n, float(fo))
        if fo.shape != (st.n,):
            raise ValueError(
                f"fan_out must be one number or one per train (shape ({st.n},)), "
                f"got shape {fo.shape}")
        V.all_nonnegative(fo, "fan_out (targets per spike)")
        n_spikes = float(counts.sum())
        events = float(np.dot(counts, fo))
        if n_neurons is None:
            n_neurons = st.n
        if n_steps is None:
            dt = getattr(result, "dt", None)
            n_steps = int(round(st.duration / dt)) if dt else 0
    else:
        n_spikes = _count("spikes (a count)", spikes)
        fo = _count("fan_out", fan_out)
        events = n_spikes * fo
    nn = _count("n_neurons", 0 if n_neurons is None else n_neurons)
    ns = _count("n_steps", 0 if n_steps is None else n_steps)
    return {"spikes": n_spikes, "synaptic_events": events, "state_updates": nn * ns}


# ---------------------------------------------------------------------------
# the ledger
# ---------------------------------------------------------------------------
class _Row(NamedTuple):
    group: str
    item: str
    count: float
    count_unit: str
    costs: tuple       # names of constants multiplied together
    factor: float
    note: str


class Ledger:
    """Operation counts priced in joules, each next to its assumption.

    Parameters
    ----------
    overrides : dict, optional
        ``{constant name: new value}``; the unit stays that of the data file.
        Unknown names raise ``ValueError`` listing the known ones.
    **kw_overrides
        The same, as keywords: ``Ledger(joule_per_atp=8e-20)``.

    Rows are priced lazily: change a constant with :meth:`set` and every row
    and total follows.

    Examples
    --------
    >>> led = Ledger().add_perceptron(n_inputs=1000, n_neurons=100)
    >>> round(led.total * 1e9, 1)          # nJ: 1e5 MACs x 4.6 pJ + 1e5 reads x 5 pJ
    960.0
    >>> led.set("sram_read_32bit", 0.0)    # weights for free: arithmetic only
    >>> round(led.total * 1e9, 1)
    460.0
    """

    def __init__(self, overrides=None, **kw_overrides):
        self._constants = load_constants()
        self._overridden = set()
        self._rows = []
        if overrides is not None and not isinstance(overrides, Mapping):
            raise TypeError("overrides must be a mapping {constant name: value} or None, "
                            f"got {type(overrides).__name__} {overrides!r:.60}")
        for name, value in {**(overrides or {}), **kw_overrides}.items():
            self.set(name, value)

    # -- constants ------------------------------------------------------------
    def _check_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"an energy constant name must be a string, got {name!r:.60}")
        if name not in self._constants:
            known = ", ".join(sorted(self._constants))
            raise ValueError(f"unknown energy constant {name!r}; known constants: {known}")

    def set(self, name, value):
        """Replace constant ``name`` by ``value`` (same unit as the data file)."""
        self._check_name(name)
        v = _count(f"energy constant {name!r}", value, unit=self._constants[name].unit)
        c = self._constants[name]
        self._constants[name] = c._replace(value=v)
        self._overridden.add(name)

    def __getitem__(self, name):
        self._check_name(name)
        return self._constants[name].value

    def constant(self, name):
        """The full :class:`Constant` record of ``name``."""
        self._check_name(name)
        return self._constants[name]

    @property
    def constants(self):
        """``{name: Constant}`` currently in force (a copy)."""
        return dict(self._constants)

    # -- rows -----------------------------------------------------------------
    def add(self, group, item, count, costs, count_unit="operations", factor=1.0, note=""):
        """Add a row: ``count * factor * product(constants named in costs)`` joules."""
        if isinstance(costs, str):
            costs = (costs,)
        if not isinstance(costs, Iterable):
            raise TypeError("costs must be a constant name or a sequence of constant "
                            f"names, got {costs!r:.60}")
        costs = tuple(costs)
        for c in costs:
            self._check_name(c)
        count = _count("count", count)
        factor = _count("factor", factor)
        self._rows.append(_Row(str(group), str(item), count, count_unit, costs, factor, note))
        return self

    def add_perceptron(self, n_inputs, n_neurons=1, n_forward=1, memory="sram",
                       group="perceptron (45 nm, fp32)"):
        """Price a dense perceptron layer: MACs and weight reads.

        ``n_inputs`` may be a :class:`~neuroai.Perceptron` (see
        :func:`perceptron_ops`).

        ``memory`` is where the weights live: ``"sram"`` (small on-chip
        memory), ``"dram"`` or ``"none"`` (arithmetic only).  Activation
        functions are not charged: there are ``n_inputs`` times fewer of them
        than MACs.
        """
        ops = perceptron_ops(n_inputs, n_neurons, n_forward)
        self.add(group, "MAC multiplies", ops["macs"], ("fp32_mult",), "MACs",
                 note="one fp32 multiply per MAC")
        self.add(group, "MAC adds", ops["macs"], ("fp32_add",), "MACs",
                 note="one fp32 add per MAC")
        mem = {"sram": "sram_read_32bit", "dram": "dram_read_32bit", "none": None}
        if not isinstance(memory, str) or memory not in mem:
            raise ValueError(f"memory must be one of 'sram', 'dram', 'none', got {memory!r}")
        if mem[memory]:
            self.add(group, "weight reads", ops["weight_reads"], (mem[memory],), "reads",
                     note="one 32-bit weight read per MAC")
        return self

    def add_spiking(self, spikes, fan_out=None, n_neurons=None, n_steps=None,
                    substrate="biology", duration=None, group=None):
        """Price a spiking run on one substrate.

        Parameters
        ----------
        spikes, fan_out, n_neurons, n_steps
            As :func:`spiking_ops`.  ``fan_out`` defaults to the constant
            ``synapses_per_neuron``.
        substrate : {"cmos", "truenorth", "loihi", "biology"}
            ``"cmos"``: a clocked digital simulation at 45 nm, each synaptic
            event one weight read and one fp32 add, each state update one MAC.
            ``"truenorth"`` / ``"loihi"``: the chips' published energy per
            synaptic event.  ``"biology"``: ATP per action potential, per
            vesicle released (events x release probability), and, when
            ``duration`` (ms) is given, the resting cost of ``n_neurons``.
        duration : float, optional
            Length of the run in ms, for the biological resting cost.
        """
        if substrate not in SUBSTRATES:
            raise ValueError(f"substrate must be one of {SUBSTRATES}, got {substrate!r}")
        if fan_out is None:
            fan_out = self["synapses_per_neuron"]
        ops = spiking_ops(spikes, fan_out, n_neurons, n_steps)
        g = group or f"spiking on {substrate}"
        ev = ops["synaptic_events"]
        if substrate == "cmos":
            self.add(g, "event weight reads", ev, ("sram_read_32bit",), "events",
                     note="read the weight")
            self.add(g, "event adds", ev, ("fp32_add",), "events",
                     note="add it to the target's input")
            self.add(g, "update multiplies", ops["state_updates"], ("fp32_mult",), "updates",
                     note="v <- v*decay + input: one multiply")
            self.add(g, "update adds", ops["state_updates"], ("fp32_add",), "updates",
                     note="and one add")
        elif substrate == "truenorth":
            self.add(g, "synaptic events", ev, ("truenorth_synaptic_event",), "events",
                     note="whole-chip energy per event")
        elif substrate == "loihi":
            self.add(g, "synaptic events", ev, ("loihi_synaptic_op",), "events",
                     note="energy per synaptic spike op")
        else:
            self.add(g, "action potentials", ops["spikes"],
                     ("atp_per_action_potential", "joule_per_atp"), "spikes",
                     note="ATP to restore the ion gradients")
            self.add(g, "vesicle releases", ev,
                     ("release_probability", "atp_per_vesicle", "joule_per_atp"), "events",
                     note="events x release probability vesicles")
            if duration is not None:
                d = _count("duration", duration, unit="ms")
                nn = _count("n_neurons", n_neurons if n_neurons is not None else
                            getattr(getattr(spikes, "spikes", spikes), "n", 0))
                self.add(g, "resting potential", U.seconds(nn * d),
                         ("atp_resting_per_neuron", "joule_per_atp"), "neuron-seconds",
                         note="resting ion pumping")
        return self

    # -- results --------------------------------------------------------------
    def _unit_cost(self, row):
        return row.factor * math.prod(self._constants[c].value for c in row.costs)

    @property
    def rows(self):
        """List of dicts: group, item, count, count_unit, unit_cost (J), energy (J),
        assumption (the constants used), source, note."""
        out = []
        for r in self._rows:
            uc = self._unit_cost(r)
            assumption = " x ".join(
                f"{c}={self._constants[c].value:.3g}" + ("*" if c in self._overridden else "")
                for c in r.costs)
            source = "; ".join(dict.fromkeys(
                ("override" if c in self._overridden else self._constants[c].short)
                for c in r.costs))
            out.append({"group": r.group, "item": r.item, "count": r.count,
                        "count_unit": r.count_unit, "unit_cost": uc,
                        "energy": r.count * uc, "assumption": assumption,
                        "source": source, "note": r.note})
        return out

    def energies(self):
        """Energy of each row in J, shape (n_rows,)."""
        return np.array([r["energy"] for r in self.rows], dtype=np.float64)

    @property
    def total(self):
        """Total energy in J."""
        return float(sum(r["energy"] for r in self.rows))

    def totals(self):
        """``{group: energy in J}`` in the order the groups were added."""
        out = {}
        for r in self.rows:
            out[r["group"]] = out.get(r["group"], 0.0) + r["energy"]
        return out

    def table(self):
        """The ledger as a text table (what ``print(ledger)`` shows)."""
        rows = self.rows
        head = ("group", "item", "count", "J each", "energy [J]", "assumption", "source")
        body = [(r["group"], r["item"], f"{r['count']:.4g} {r['count_unit']}",
                 f"{r['unit_cost']:.3g}", f"{r['energy']:.4g}", r["assumption"], r["source"])
                for r in rows]
        for g, e in self.totals().items():
            body.append((g, "TOTAL", "", "", f"{e:.4g}", "", ""))
        widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
                  for i, h in enumerate(head)]
        line = "  ".join("{:<%d}" % w for w in widths)
        out = [line.format(*head), line.format(*("-" * w for w in widths))]
        out += [line.format(*b) for b in body]
        out = [o.rstrip() for o in out]
        if self._overridden:
            out.append("* overridden by the user")
        return "\n".join(out)

    def _repr_html_(self):
        """The ledger as a compact table for Jupyter: the assumptions and
        sources are numbered notes below it instead of two wide columns."""
        from .results import html_table
        rows, notes, seen = [], [], {}
        for r in self.rows:
            key = (r["assumption"], r["source"])
            if key not in seen:
                seen[key] = len(seen) + 1
                notes.append(f"[{seen[key]}] {r['assumption']} (source: {r['source']})")
            rows.append((r["group"], r["item"], f"{r['count']:.4g} {r['count_unit']}",
                         f"{r['unit_cost']:.3g}", f"{r['energy']:.4g}", f"[{seen[key]}]"))
        for g, e in self.totals().items():
            rows.append((g, "total", "", "", f"{e:.4g}", ""))
        if self._overridden:
            notes.append("overridden by the user: " + ", ".join(sorted(self._overridden)))
        return html_table(f"Energy ledger: {self.total:.4g} J in all", rows,
                          head=("group", "item", "count", "J each", "energy [J]", "note"),
                          notes=notes)

    def constants_table(self):
        """Every constant with its value, unit, source and caveat, as text."""
        lines = []
        for name, c in self._constants.items():
            star = " (overridden)" if name in self._overridden else ""
            lines.append(f"{name} = {c.value:.4g} {c.unit}{star}\n    source: {c.source}"
                         f"\n    caveat: {c.caveat}")
        return "\n".join(lines)

    def __str__(self):
        return self.table()

    def __repr__(self):
        return f"Ledger(rows={len(self._rows)}, total={self.total:.4g} J)"

    def __len__(self):
        return len(self._rows)

    def plot(self, **kw):
        """Bar chart of the ledger (see :func:`neuroai.plot.plot_ledger`)."""
        from .plot import plot_ledger
        return plot_ledger(self, **kw)


# ---------------------------------------------------------------------------
# Scenario 3
# ---------------------------------------------------------------------------
def compare_task(n_inputs=1000, n_neurons=100, active_fraction=0.1, spikes_per_active=1.0,
                 n_steps=0, substrates=SUBSTRATES, memory="sram", overrides=None):
    """Energy of one input pattern through a perceptron layer vs a spiking population.

    The task: ``n_inputs`` input values drive ``n_neurons`` output units.

    * Perceptron layer: ``n_inputs * n_neurons`` MACs, dense, whatever the
      input (zeros are multiplied too).
    * Spiking population: the inputs are ``n_inputs`` neurons of which a
      fraction ``active_fraction`` fire ``spikes_per_active`` spikes each; each
      spike reaches all ``n_neurons`` outputs (fan-out ``n_neurons``).  Only
      active inputs cost synaptic events.  ``n_steps`` clocked state updates of
      the outputs are charged on the CMOS substrate (0: event-driven).

    The substrates are not priced alike: the 45 nm CMOS rows count only
    arithmetic and a small SRAM read, while the TrueNorth figure is whole-chip
    energy (routing, neuron updates and leakage included).  Compare within a
    substrate (dense vs sparse) before comparing across them.

    Returns
    -------
    Ledger
        One group per model and substrate; ``ledger.totals()`` answers the
        question, ``print(ledger)`` shows why.
    """
    af = _count("active_fraction", active_fraction)
    if af > 1:
        raise ValueError(f"active_fraction must be in [0, 1], got {active_fraction!r}")
    spa = _count("spikes_per_active", spikes_per_active)
    led = Ledger(overrides)
    led.add_perceptron(n_inputs, n_neurons, 1, memory=memory)
    n_in = _count("n_inputs", n_inputs, allow_zero=False)
    n_out = _count("n_neurons", n_neurons, allow_zero=False)
    n_spikes = n_in * af * spa
    if isinstance(substrates, (str, bytes)) or not hasattr(substrates, "__iter__"):
        raise TypeError(f"substrates must be a sequence of names drawn from {SUBSTRATES}, "
                        f"got {substrates!r}")
    for s in substrates:
        if not isinstance(s, str) or s not in SUBSTRATES:
            raise ValueError(f"substrates must be drawn from {SUBSTRATES}, got {s!r}")
        led.add_spiking(n_spikes, fan_out=n_out, n_neurons=n_out, n_steps=n_steps,
                        substrate=s, group=f"spiking on {s} ({af:.0%} active)")
    return led


def _spike_energy(led, fan_out):
    """Biological energy of one spike with its synaptic releases, J."""
    return (led["atp_per_action_potential"]
            + fan_out * led["release_probability"] * led["atp_per_vesicle"]) * led["joule_per_atp"]


def energy_vs_rate(rates, n_neurons=1, duration=1000.0, fan_out=None,
                   include_resting=True, overrides=None):
    """Biological energy of a population over a range of mean firing rates.

    ``E(r) = n * r * T * E_spike + n * T * P_rest`` with ``E_spike`` the ATP
    of one action potential plus ``fan_out * release_probability`` vesicle
    releases, in joules, and ``P_rest`` the resting cost per neuron: energy is
    linear in the mean rate, so halving the rate halves the activity-dependent
    part.

    Parameters
    ----------
    rates : array_like
        Mean firing rates in Hz, >= 0.
    n_neurons : float
        Population size.
    duration : float
        Time in ms.
    fan_out : float, optional
        Synapses per neuron (default: the constant ``synapses_per_neuron``).
    include_resting : bool
        Add the rate-independent resting cost.

    Returns
    -------
    ndarray
        Energy in J, the shape of ``rates``.
    """
    r = V.real_array(rates, "rates", "Hz")
    V.all_nonnegative(r, "rates", "Hz")
    led = Ledger(overrides)
    n = _count("n_neurons", n_neurons)
    t_s = U.seconds(_count("duration", duration, allow_zero=False, unit="ms"))
    fo = led["synapses_per_neuron"] if fan_out is None else _count("fan_out", fan_out)
    e = n * r * t_s * _spike_energy(led, fo)
    if V.flag(include_resting, "include_resting"):
        e = e + n * t_s * led["atp_resting_per_neuron"] * led["joule_per_atp"]
    return e


def affordable_rate(power=None, n_neurons=None, fan_out=None, overrides=None):
    """The mean firing rate (Hz) a power budget sustains for a population.

    Solves ``power * signalling_fraction = n * (P_rest + r * E_spike)`` for r,
    with ``E_spike`` and ``P_rest`` as in :func:`energy_vs_rate`.  Defaults:
    the brain's ~20 W and ~86 billion neurons.  If the budget does not even
    cover resting costs, returns 0.0 with a warning.

    Parameters
    ----------
    power : float, optional
        Power budget in W (default: constant ``brain_power``).
    n_neurons : float, optional
        Neurons, >= 1 (default: constant ``brain_neurons``).
    fan_out : float, optional
        Synapses per neuron (default: constant ``synapses_per_neuron``).
    """
    led = Ledger(overrides)
    p = led["brain_power"] if power is None else _count("power", power, allow_zero=False, unit="W")
    n = led["brain_neurons"] if n_neurons is None else _count("n_neurons", n_neurons, allow_zero=False)
    if not n >= 1.0:
        # below one neuron the per-neuron cost can underflow to 0 (a division
        # by zero) and the "rate" means nothing
        raise ValueError(f"n_neurons [1] must be >= 1 (a number of neurons), got {n!r}")
    fo = led["synapses_per_neuron"] if fan_out is None else _count("fan_out", fan_out)
    p_rest = led["atp_resting_per_neuron"] * led["joule_per_atp"]
    spare = p * led["signalling_fraction"] - n * p_rest
    if spare <= 0:
        warnings.warn("the power budget does not cover the resting cost; no spikes are "
                      "affordable (returned 0.0)", RuntimeWarning, stacklevel=2)
        return 0.0
    return spare / (n * _spike_energy(led, fo))
