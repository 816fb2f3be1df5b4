"""Sliders for the tutorial, with a static fallback.

Each explorer draws one figure from a few parameters.  In a live Jupyter
session with ipywidgets installed it shows sliders (``ipywidgets.interact``),
and every slider move runs one C simulation (tens of microseconds for 1,000
steps) and redraws.  Without ipywidgets, outside a kernel, or when the
environment variable ``NEUROAI_WIDGETS=0`` is set (as in headless runs of the
notebooks), it draws the figure for a few fixed parameter values instead, so
the notebook still shows what the sliders would.

Explorers
---------
:func:`flash_vs_sustained`
    Scenario 1: the same total charge as a brief or a long input; sliders for
    the total charge and the duration.
:func:`short_term_plasticity`
    Scenario 2: a regular train through a static, a depressing and a
    facilitating synapse; sliders for the rate, ``u`` and ``tau_rec``.
:func:`lif_step`
    An LIF neuron under a current step; sliders for the current and ``tau_m``.

Each returns the ipywidgets object (live) or the list of figures (static).
"""
from __future__ import annotations

import os

import numpy as np

from .course import scenarios
from .lif import LIFNeuron, lif_rate, rheobase
from .plot import plot_lif

__all__ = ["widgets_live", "explore", "flash_vs_sustained", "short_term_plasticity",
           "lif_step", "draw_flash_vs_sustained", "draw_short_term_plasticity",
           "draw_lif_step"]


def widgets_live():
    """True when sliders can be shown: ipywidgets importable, running in a
    Jupyter kernel, and ``NEUROAI_WIDGETS`` not set to ``0``."""
    if os.environ.get("NEUROAI_WIDGETS", "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _show(fig):
    try:
        from IPython.display import display
        display(fig)
    except ImportError:
        pass
    import matplotlib.pyplot as plt
    plt.close(fig)


#: Readout of a slider value, a d3-format spec (the browser draws it): with no
#: type letter d3 formats as "~g", so up to 4 significant digits, trailing
#: zeros trimmed ("1.4", not "1.400"), and no exponent for every range used
#: here (0.05 to 1000; ".3g" showed 1000 as "1.00e+3").
_READOUT = ".4"
#: Wide enough for the longest label ("long_duration [ms]"), so none is cut.
_LABEL_WIDTH = "9.5em"


def _label(name, spec):
    """The slider label: ``name [unit]`` when the spec carries a unit."""
    return f"{name} [{spec[4]}]" if len(spec) > 4 and spec[4] else name


def explore(draw, sliders, static, live=None):
    """Sliders for ``draw(**params)`` when widgets are live, else static figures.

    Parameters
    ----------
    draw : callable
        ``draw(**params)`` returns a matplotlib Figure.
    sliders : dict
        ``name -> (min, max, step, value)`` or ``(min, max, step, value,
        unit)`` for float sliders; the slider's label is the name with its
        unit in brackets.
    static : list of dict
        Parameter sets drawn when widgets are not live (missing names take
        the slider's value).
    live : bool, optional
        Force one mode (default: :func:`widgets_live`).

    Returns
    -------
    ipywidgets object or list of Figure
    """
    live = widgets_live() if live is None else live
    defaults = {k: spec[3] for k, spec in sliders.items()}
    if live:
        import ipywidgets as w

        controls = {k: w.FloatSlider(min=spec[0], max=spec[1], step=spec[2], value=spec[3],
                                     continuous_update=True, description=_label(k, spec),
                                     readout_format=_READOUT,
                                     style={"description_width": _LABEL_WIDTH})
                    for k, spec in sliders.items()}

        def callback(**params):
            _show(draw(**params))

        return w.interact(callback, **controls)
    figs = []
    for params in static:
        fig = draw(**{**defaults, **params})
        figs.append(fig)
        _show(fig)
    return figs


# ---------------------------------------------------------------------------
# Scenario 1
# ---------------------------------------------------------------------------
def draw_flash_vs_sustained(total=60.0, duration=5.0, long_duration=200.0, dt=0.1,
                            neuron=None, perceptron=None):
    """A brief input of ``duration`` and a long one of ``long_duration`` [ms],
    both of total charge ``total`` [nA ms], into an LIF neuron (one C call for
    both) and into a perceptron that sees the total (Scenario 1 of
    :mod:`neuroai.course.scenarios`, with its default perceptron)."""
    import matplotlib.pyplot as plt

    span = max(300.0, long_duration + 60.0)
    span = float(np.ceil(span / 10.0) * 10.0)
    sc = scenarios.flash_vs_sustained(total, width=duration, long_width=long_duration,
                                      start=10.0, duration=span, dt=dt, neuron=neuron,
                                      perceptron=perceptron)
    res, th = sc.lif, sc.threshold
    fig, axes = plt.subplots(2, 2, figsize=(10, 5), sharex="col",
                             gridspec_kw={"height_ratios": [1, 2]})
    # the sliders can make the "brief" input the longer one: name each by what it is
    words = ("brief", "long") if duration <= long_duration else ("long", "brief")
    for k, lab in enumerate((f"{words[0]}: {duration:g} ms", f"{words[1]}: {long_duration:g} ms")):
        cur = sc.currents[:, k]
        axes[0, k].step(res.t, cur, where="post", color="tab:orange")
        axes[0, k].axhline(rheobase(), color="0.5", ls=":", lw=1)
        axes[0, k].set_ylabel("I [nA]")
        n_sp = len(res.spike_times[k])
        axes[0, k].set_title(f"{lab}, {cur.max():.3g} nA -> {n_sp} spike"
                             f"{'s' if n_sp != 1 else ''}; perceptron {sc.outputs[k]:.3f}")
        axes[1, k].plot(res.t, res.v[:, k], color="tab:blue", lw=1)
        axes[1, k].axhline(th, color="0.4", ls="--", lw=0.8)
        axes[1, k].plot(res.spike_times[k], np.full(n_sp, th), "v", color="tab:red")
        axes[1, k].set_xlabel("time [ms]")
        axes[1, k].set_ylabel("V [mV]")
    fig.suptitle(f"Same total charge {total:g} nA·ms (dotted: rheobase)")
    fig.tight_layout()
    return fig


def flash_vs_sustained(live=None):
    """Scenario 1 explorer: total charge [nA ms] and brief-input duration [ms]."""
    return explore(draw_flash_vs_sustained,
                   {"total": (5.0, 200.0, 5.0, 60.0, "nA·ms"),
                    "duration": (0.5, 100.0, 0.5, 5.0, "ms"),
                    "long_duration": (20.0, 400.0, 10.0, 200.0, "ms")},
                   [{"total": 60.0, "duration": 2.0}, {"total": 30.0, "duration": 20.0},
                    {"total": 150.0, "duration": 50.0, "long_duration": 400.0}],
                   live=live)


# ---------------------------------------------------------------------------
# Scenario 2
# ---------------------------------------------------------------------------
def draw_short_term_plasticity(rate=40.0, u=0.5, tau_rec=200.0, n_spikes=10, dt=0.1):
    """A regular train at ``rate`` [Hz] through a static, a depressing (``u``,
    ``tau_rec`` [ms]) and a facilitating synapse (Scenario 2 of
    :mod:`neuroai.course.scenarios`): conductances and the efficacy of each
    spike relative to the first."""
    import matplotlib.pyplot as plt

    demo = scenarios.short_term_plasticity(rate, int(n_spikes), u=u, tau_rec=tau_rec, dt=dt)
    colors = {"static": "0.3", "depressing": "tab:blue", "facilitating": "tab:red"}
    fig, (ax_g, ax_e) = plt.subplots(1, 2, figsize=(11, 4),
                                     gridspec_kw={"width_ratios": [2, 1]})
    for name, rel in demo.relative_efficacies().items():
        r = demo.responses[name]
        ax_g.plot(r.t, r.g, color=colors[name], lw=1, label=name)
        ax_e.plot(np.arange(1, rel.size + 1), rel, "o-", color=colors[name], label=name)
    ax_g.set_xlabel("time [ms]")
    ax_g.set_ylabel("g [nS]")
    ax_g.set_title(f"{rate:g} Hz train; depressing: u = {u:.2f}, tau_rec = {tau_rec:g} ms")
    ax_g.legend(frameon=False)
    ax_e.axhline(1.0, color="0.7", lw=0.8)
    ax_e.set_xlabel("spike number n")
    ax_e.set_ylabel("efficacy of spike n / spike 1")
    fig.tight_layout()
    return fig


def short_term_plasticity(live=None):
    """Scenario 2 explorer: rate [Hz], ``u`` and ``tau_rec`` [ms] of the depressing synapse."""
    return explore(draw_short_term_plasticity,
                   {"rate": (2.0, 100.0, 1.0, 40.0, "Hz"), "u": (0.05, 1.0, 0.05, 0.5),
                    "tau_rec": (10.0, 1000.0, 10.0, 200.0, "ms")},
                   [{"rate": 40.0, "u": 0.5, "tau_rec": 200.0},
                    {"rate": 5.0, "u": 0.5, "tau_rec": 200.0},
                    {"rate": 40.0, "u": 0.1, "tau_rec": 50.0}],
                   live=live)


# ---------------------------------------------------------------------------
# LIF under a step
# ---------------------------------------------------------------------------
def draw_lif_step(current=2.0, tau_m=20.0, dt=0.1):
    """An LIF neuron (course parameters, ``tau_m`` [ms]) under a step of
    ``current`` [nA] from 20 to 170 ms, with its closed-form rate."""
    I = np.zeros(2000)
    I[200:1700] = current
    res = LIFNeuron(tau_m=tau_m).simulate(I, dt=dt)
    fig = plot_lif(res, title=f"I = {current:g} nA, tau_m = {tau_m:g} ms: "
                              f"{len(res.spike_times)} spikes (closed-form rate "
                              f"{lif_rate(current, tau_m=tau_m):.1f} Hz)")
    return fig


def lif_step(live=None):
    """LIF explorer: step current [nA] and ``tau_m`` [ms]."""
    return explore(draw_lif_step, {"current": (0.0, 5.0, 0.1, 2.0, "nA"),
                                   "tau_m": (2.0, 60.0, 1.0, 20.0, "ms")},
                   [{"current": 1.4}, {"current": 2.0}, {"current": 4.0}], live=live)
