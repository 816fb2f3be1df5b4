"""neuroai: perceptrons and spiking neurons for an introductory NeuroAI course.

The simulations run in a C core (``neuroai._core``) and take and return NumPy
arrays.  Units everywhere: time ms, voltage mV, current nA, resistance MOhm,
conductance nS, rates Hz.

Quick start::

    import numpy as np, neuroai
    neuron = neuroai.LIFNeuron()                 # the course's parameters
    I = np.zeros(2000); I[200:1500] = 2.0        # 2 nA from 20 to 150 ms
    res = neuron.simulate(I, dt=0.1)             # exact integration, one C call
    res.spike_times                              # ms
    neuroai.Perceptron(3, seed=0).forward([1.0, 0.5, -1.0])

Submodules (imported on first use, so ``import neuroai`` stays fast):
``stimuli``, ``synapses``, ``network``, ``analysis``, ``energy``, ``results``
(the shared shape of results and states), ``plot`` (figures; draws, never
simulates), ``course`` (the tutorial's scenarios, simulated once),
``learning`` (STDP: the course's window and neuron), ``classroom`` (answer check
and export), ``exercises`` (checks of the coding
exercises), ``interactive`` (sliders), ``tutorial`` (headless notebook runs).
``neuroai.sweep`` runs a function over a parameter grid on any executor.
"""
from __future__ import annotations

import importlib

try:
    from . import _core
except ImportError as _error:   # a source checkout without its in-place build
    from ._source_tree import core_from_installed_build
    _core = core_from_installed_build(__path__[0], _error)

# The interface version of the C core this package was written against; a
# build of older sources would be called with the wrong arguments.
_CORE_ABI = 7
if getattr(_core, "ABI_VERSION", None) != _CORE_ABI:
    raise ImportError(
        f"neuroai._core at {_core.__file__} is a stale build (ABI version "
        f"{getattr(_core, 'ABI_VERSION', 'none')}, this package needs {_CORE_ABI}): "
        "rebuild it with `pip install -e .` (or `python setup.py build_ext --inplace`)")

from .activations import relu, sigmoid, step, tanh
from .lif import LIFNeuron, LIFResult, LIFState, fi_curve, lif_rate, rheobase
from .perceptron import Perceptron, perceptron_layer
from .spikes import SpikeTrains
# Imported eagerly (it needs only the standard library and NumPy): the
# function neuroai.sweep shares its module's name, and a lazy import of the
# module would rebind neuroai.sweep to the module.
from .sweep import SweepTable, sweep

__version__ = "0.1.0"

# Another distribution owning files of this package (the course's own
# `neuroai-tutorials`) breaks neuroai-kit when either is uninstalled or
# reinstalled: say so once, with the fix (neuroai/_doctor.py).
from . import _doctor

_clash = _doctor.clashes()
if _clash:
    import warnings
    warnings.warn(_doctor.clash_message(_clash), _doctor.PackageClashWarning, stacklevel=2)
    del warnings
del _clash

# Public names that live in submodules imported on first use: name -> module.
_LAZY = {
    # synapses, short-term plasticity and stimuli
    "Synapse": "synapses",
    "CurrentSynapse": "synapses",
    "DepressingSynapse": "synapses",
    "FacilitatingSynapse": "synapses",
    "TsodyksMarkram": "synapses",
    "SynapseResponse": "synapses",
    "SynapseState": "synapses",
    "regular": "stimuli",
    "poisson": "stimuli",
    "flash": "stimuli",
    "sustained": "stimuli",
    "pulse": "stimuli",
    # networks
    "SpikingNetwork": "network",
    "NetworkResult": "network",
    "NetworkState": "network",
    "LIFWithSynapse": "network",
    # recurrent circuits
    "Circuit": "circuit",
    "CircuitResult": "circuit",
    "CircuitState": "circuit",
    # long-term plasticity of circuit projections
    "STDP": "plasticity",
    "RewardSTDP": "plasticity",
    # spike-timing-dependent plasticity (the course's notebook 13)
    "stdp_window": "learning",
    "LIFNeuronSTDP": "learning",
    "frozen_pattern_input": "learning",
    # spike-train analysis
    "firing_rate": "analysis",
    "population_rate": "analysis",
    "spike_counts": "analysis",
    "binned_counts": "analysis",
    "isi": "analysis",
    "cv": "analysis",
    "fano_factor": "analysis",
    "psth": "analysis",
    "first_spike_latency": "analysis",
    "latency_code": "analysis",
    "spike_time_jitter": "analysis",
    "active_fraction": "analysis",
    "hoyer_sparsity": "analysis",
    # operations and energy
    "Ledger": "energy",
    "perceptron_ops": "energy",
    "spiking_ops": "energy",
    "compare_task": "energy",
    "energy_vs_rate": "energy",
    "affordable_rate": "energy",
    # associative memory
    "Hopfield": "hopfield",
    "HopfieldRecall": "hopfield",
    "CapacityCurve": "hopfield",
    "corrupt": "hopfield",
    "capacity_curve": "hopfield",
}

_SUBMODULES = ("activations", "lif", "perceptron", "spikes", "stimuli", "synapses",
               "network", "circuit", "plasticity", "analysis", "energy", "results", "plot",
               "classroom", "exercises", "interactive", "tutorial", "course", "connectivity",
               "learning", "hopfield")

__all__ = ["LIFNeuron", "LIFResult", "LIFState", "fi_curve", "lif_rate", "rheobase",
           "Perceptron", "perceptron_layer", "SpikeTrains", "sigmoid", "relu",
           "tanh", "step", "sweep", "SweepTable", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'neuroai' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))
