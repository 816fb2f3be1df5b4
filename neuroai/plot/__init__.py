"""Figures for every result, ready for a slide.

These functions only draw: each takes a result (or plain arrays) and never
builds or simulates a model, so this package imports no model module; the
scenarios it draws are simulated by :mod:`neuroai.course.scenarios`.
matplotlib is imported only when a function here is called (install the
``plot`` extra: ``pip install "neuroai-kit[plot]"``), so ``import neuroai``
stays fast.  Every axis label carries its unit.

Functions that draw one panel take ``ax=None`` (draw into a new figure, or
into the given Axes) and return the Axes; functions that draw several panels
take ``fig=None`` (a new figure, or a given Figure or SubFigure to fill) and
return the Figure (its panels are ``fig.axes``).  Further keyword arguments
style the main artist and go to matplotlib (``color=``, ``linewidth=``,
``alpha=``, ...; each docstring says which call receives them).  In Jupyter a
figure is shown once, whether or not the cell ends with it: the figures made
here skip the display hook while the inline backend is about to draw them.

=========================== =====================================================
``plot_lif``                LIF voltage with input current and spike markers
``plot_raster``             spike raster with the population rate (PSTH)
``plot_isi_histogram``      interspike intervals, their CV and a Poisson overlay
``plot_fi_curve``           f-I curve, with a closed form and the rheobase if given
``plot_synapse_response``   synaptic conductance / current with STP x and u
``plot_stp_comparison``     depressing vs facilitating synapse on one train
``plot_network``            network result: raster, rate and recorded traces
``plot_lif_with_synapse``   the course's LIF neuron with a depressing synapse
``plot_perceptron``         weighted inputs, sum and activation of a perceptron
``plot_decision_boundary``  a 2-input perceptron's boundary and the data
``plot_flash_vs_sustained`` perceptron vs LIF on a flash and a sustained input
``plot_ledger``             an energy ledger as a bar chart
``plot_energy_vs_rate``     brain power against mean firing rate, and what 20 W buys
``plot_hopfield_recall``    a Hopfield recall: cue, final state, energy and overlaps
``plot_hopfield_weights``   a Hopfield network's weight matrix
``plot_capacity_curve``     Hopfield recall rate against load alpha = P / n
=========================== =====================================================
"""
from __future__ import annotations

from ._style import INPUT_COLOR, SPIKE_COLOR, TRACE_COLOR
from .energy import plot_energy_vs_rate, plot_ledger
from .hopfield import plot_capacity_curve, plot_hopfield_recall, plot_hopfield_weights
from .neurons import plot_fi_curve, plot_lif, plot_lif_with_synapse
from .perceptron import plot_decision_boundary, plot_perceptron
from .scenarios import plot_flash_vs_sustained
from .spikes import plot_isi_histogram, plot_network, plot_raster
from .synapses import plot_stp_comparison, plot_synapse_response

__all__ = [
    "plot_lif", "plot_raster", "plot_isi_histogram", "plot_fi_curve", "plot_synapse_response",
    "plot_stp_comparison", "plot_network", "plot_lif_with_synapse", "plot_perceptron",
    "plot_decision_boundary", "plot_flash_vs_sustained", "plot_ledger", "plot_energy_vs_rate",
    "plot_hopfield_recall", "plot_hopfield_weights", "plot_capacity_curve",
    "SPIKE_COLOR", "TRACE_COLOR", "INPUT_COLOR",
]
