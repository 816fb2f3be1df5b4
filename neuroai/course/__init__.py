"""The course layer: the tutorial's scenarios, simulated once.

:mod:`neuroai.course.scenarios` holds the thinking exercises of the tutorial
(a flash vs sustained light, repeated stimulation through plastic synapses,
the energy budget) as functions that simulate and return results; the
notebooks, the figures of :mod:`neuroai.plot`, the sliders of
:mod:`neuroai.interactive` and the command-line demo all use them.
"""
from . import scenarios

__all__ = ["scenarios"]
