"""The course layer: the public course's objects and the tutorial's scenarios.

:mod:`neuroai.course.notebook12` holds the objects the public AIMS NeuroAI
course's notebook 12 has its students write (``Perceptron``,
``perceptron_layer``, ``lif_voltage_step``, ``LIFNeuron``,
``compute_fi_curve``, ``conductance_at_time``, the synapses,
``LIFWithSynapse``, ``compare_io_curves``...), with its signatures, units and
arithmetic, simulated in C; they are re-exported here
(``from neuroai.course import LIFNeuron``).

:mod:`neuroai.course.notebook15` holds notebook 15's ``HopfieldNetwork``
(its ``train`` and ``predict``, synchronous with ``sign(0) = 0``), recalled
in C, which the day-15 figures of :mod:`neuroai.plotting` accept
(``plot_hopfield_topology(HopfieldNetwork)``).

:mod:`neuroai.course.scenarios` holds the thinking exercises of the tutorial
(a flash vs sustained light, repeated stimulation through plastic synapses,
the energy budget) as functions that simulate and return results; the
notebooks, the figures of :mod:`neuroai.plot`, the sliders of
:mod:`neuroai.interactive` and the command-line demo all use them.
"""
from . import notebook12, notebook15, scenarios
from .notebook12 import (DepressingSynapse, FacilitatingSynapse, LIFNeuron, LIFWithSynapse,
                         Perceptron, Synapse, compare_io_curves, compute_fi_curve,
                         conductance_at_time, lif_voltage_step, perceptron_layer, relu,
                         reseed, rng, sigmoid, tanh_activation)
from .notebook15 import HopfieldNetwork

__all__ = ["scenarios", "notebook12", "notebook15", *notebook12.__all__,
           *notebook15.__all__]
