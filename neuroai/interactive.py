"""Sliders for the tutorial, with a static fallback.

Each explorer draws one figure from a few parameters.  In a live Jupyter
session with ipywidgets installed it shows sliders, and every slider move runs
one C simulation (tens of microseconds for 1,000 steps) and redraws the figure
*in place*: the figure and its axes are built once, a move only replaces the
lines' data, the titles and the axis limits, and the figure is sent as a PNG
(``ipywidgets.Image``).  Building a figure and fitting its layout cost most of
a redraw; ``benchmarks/bench_sliders.py`` measures both ways.

The explorer's cell also holds a plain image of the figure at the sliders'
starting values, so that a notebook reopened without a kernel (where the
sliders cannot be shown) still shows a figure; while the sliders are live it is
hidden (a style rule the slider widget carries).

The sliders' output (a widget view) is only meaningful while its kernel
runs: saved without the widgets' state, JupyterLab shows it in a reopened
notebook as "Error displaying widget: model not found" beside the plain
image.  :func:`strip_dead_widget_views` removes such views from a notebook,
and :func:`pre_save_hook` does it at every save of a Jupyter server that
names it (``neuroai start`` does), so a saved notebook keeps the plain image
and loses only what could not be shown again.  Views whose state the
notebook saved (JupyterLab's "Save Jupyter widget state" setting) are kept:
they show the last figure reopened.

Without ipywidgets, outside a kernel, or when the environment variable
``NEUROAI_WIDGETS=0`` is set (as in headless runs of the notebooks), it draws
the figure for a few fixed parameter values instead, so the notebook still
shows what the sliders would.

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

Each returns an :class:`Explorer` (live) or the list of figures (static).
"""
from __future__ import annotations

import io
import os
import secrets

import numpy as np

from .course import scenarios
from .lif import LIFNeuron, lif_rate, rheobase
from .plot import plot_lif

__all__ = ["widgets_live", "explore", "Explorer", "png", "render_png", "flash_vs_sustained",
           "strip_dead_widget_views", "pre_save_hook",
           "short_term_plasticity", "lif_step", "draw_flash_vs_sustained",
           "draw_short_term_plasticity", "draw_lif_step", "FlashVsSustainedView",
           "ShortTermPlasticityView", "LIFStepView"]


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


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _saved_models(nb):
    """Ids of the widget models whose state the notebook carries."""
    widgets = (nb.get("metadata") or {}).get("widgets")
    state = widgets.get(WIDGET_STATE) if isinstance(widgets, dict) else None
    models = state.get("state") if isinstance(state, dict) else None
    return set(models) if isinstance(models, dict) else set()


def strip_dead_widget_views(nb):
    """Remove the widget views a reopened notebook could not show.

    Parameters
    ----------
    nb : dict
        A notebook (nbformat 4, as read by ``json`` or ``nbformat``);
        changed in place.

    Returns
    -------
    int
        The number of outputs removed: those of code cells whose data holds
        a widget view (``application/vnd.jupyter.widget-view+json``) of a
        model whose state is not in the notebook's metadata.  Every other
        output (the plain image, text, errors) is kept, in order.
    """
    saved = _saved_models(nb)
    removed = 0
    for cell in nb.get("cells") or ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        kept = []
        for out in outputs:
            data = out.get("data") if isinstance(out, dict) else None
            view = data.get(WIDGET_VIEW) if isinstance(data, dict) else None
            if view is not None and not (isinstance(view, dict)
                                         and view.get("model_id") in saved):
                removed += 1
                continue
            kept.append(out)
        if len(kept) != len(outputs):
            outputs[:] = kept
    return removed


def pre_save_hook(model, **kwargs):
    """A Jupyter server ``ContentsManager.pre_save_hook``: strips dead widget
    views (:func:`strip_dead_widget_views`) from every notebook it saves.

    Set it with ``--ContentsManager.pre_save_hook=neuroai.interactive.pre_save_hook``
    (``neuroai start`` does) or in ``jupyter_server_config.py``.  Other
    files are saved unchanged.
    """
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_dead_widget_views(model["content"])


#: Resolution of the live figure [dots per inch]: matplotlib's default.
DPI = 100


def png(fig, dpi=DPI):
    """The figure as PNG bytes, for the live image.

    The layout was fitted when the figure was built, so no tight bounding
    box is computed (that draws the figure twice), and zlib's fastest level
    is used: the image is shown once and replaced at the next move.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


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


class Explorer:
    """Live sliders over one persistent figure.

    Attributes
    ----------
    widget : ipywidgets.interactive
        The sliders (``widget.children``; ``widget.kwargs`` holds their values).
    view : object
        Holds the figure (``view.fig``); ``view.update(**params)`` redraws it.
    image : ipywidgets.Image
        The figure as the browser shows it, replaced at every move.
    box : ipywidgets.VBox
        What is displayed: a style rule, the sliders and the image.
    static_png : bytes
        The figure at the starting values, displayed as a plain image too.
    """

    def __init__(self, view, sliders, draw=None):
        import ipywidgets as w

        self.view = view
        self.redraws = 0
        controls = {k: w.FloatSlider(min=spec[0], max=spec[1], step=spec[2], value=spec[3],
                                     continuous_update=True, description=_label(k, spec),
                                     readout_format=_READOUT,
                                     style={"description_width": _LABEL_WIDTH})
                    for k, spec in sliders.items()}
        start = {k: spec[3] for k, spec in sliders.items()}
        if draw is not None:     # the plain image: the whole figure, titles drawn
            fig = draw(**start)
            self.static_png = png(fig)
            _close(fig)
        else:
            self.static_png = png(view.update(**start))
        self.caption = w.HTML()
        self.image = w.Image(value=self.static_png, format="png")
        # interactive() calls redraw once now, with the starting values
        self.widget = w.interactive(self.redraw, **controls)
        # The plain image displayed before the sliders is for a notebook
        # reopened without a kernel; while the sliders are shown, this rule
        # hides it (JupyterLab and Notebook 7 put each output in a
        # .jp-OutputArea-child).  Without the widget, no rule, so it shows.
        tag = f"neuroai-live-{secrets.token_hex(4)}"
        style = w.HTML(f"<style>.jp-OutputArea-child:has(+ .jp-OutputArea-child .{tag})"
                       "{display:none}</style>")
        self.box = w.VBox([style, self.widget, self.caption, self.image])
        self.box.add_class(tag)

    def redraw(self, **params):
        """Redraw the figure for ``params`` and send it to the browser."""
        from html import escape
        self.view.update(**params)
        if not getattr(self.view, "titles", True):
            self.caption.value = "<br>".join(f"<b>{escape(c)}</b>" if k == 0 else escape(c)
                                             for k, c in enumerate(self.view.captions))
        self.image.value = render_png(self.view)
        self.redraws += 1

    def display(self):
        """Show the static image, then the live sliders and figure."""
        from IPython.display import Image, display
        display(Image(data=self.static_png, format="png"))
        display(self.box)


def explore(draw, sliders, static, live=None, view=None):
    """Sliders for ``draw(**params)`` when widgets are live, else static figures.

    Parameters
    ----------
    draw : callable
        ``draw(**params)`` returns a new matplotlib Figure.
    sliders : dict
        ``name -> (min, max, step, value)`` or ``(min, max, step, value,
        unit)`` for float sliders; the slider's label is the name with its
        unit in brackets.
    static : list of dict
        Parameter sets drawn when widgets are not live (missing names take
        the slider's value).
    live : bool, optional
        Force one mode (default: :func:`widgets_live`).
    view : callable, optional
        Makes the persistent figure of the live mode: an object with
        ``update(**params)`` (returns its Figure, redrawn in place) and
        ``fig``.  Default: a new figure from ``draw`` at every move.

    Returns
    -------
    Explorer or list of Figure
    """
    live = widgets_live() if live is None else live
    defaults = {k: spec[3] for k, spec in sliders.items()}
    if live:
        made = view(titles=False) if view is not None else _Redrawn(draw)
        ex = Explorer(made, sliders, draw=draw if view is not None else None)
        try:
            ex.display()
        except ImportError:
            pass
        return ex
    figs = []
    for params in static:
        fig = draw(**{**defaults, **params})
        figs.append(fig)
        _show(fig)
    return figs


def _close(fig):
    import matplotlib.pyplot as plt
    plt.close(fig)


class _Redrawn:
    """A view that draws a new figure at every update (for any ``draw``)."""

    def __init__(self, draw):
        self.draw, self.fig = draw, None

    def update(self, **params):
        import matplotlib.pyplot as plt
        if self.fig is not None:
            plt.close(self.fig)
        self.fig = self.draw(**params)
        return self.fig


def _nice(x):
    """The smallest of 1, 2, 5 x 10^k that is >= ``x`` (> 0): axis limits
    that move only when the data pass one of these steps, so that most slider
    moves leave the axes, their ticks and labels as they are."""
    x = float(x)
    if not x > 0 or not np.isfinite(x):
        return 1.0
    k = 10.0 ** np.floor(np.log10(x))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * k >= x * (1 - 1e-12):
            return m * k
    return 10.0 * k


def _upper(values, floor=0.0):
    """Upper axis limit for non-negative data: a nice step above their
    maximum (with 5 % room)."""
    top = max((float(np.max(v)) for v in values if np.size(v)), default=0.0)
    return _nice(max(top * 1.05, floor))


def _mv_range(values, th):
    """Voltage axis [mV]: the data and the threshold, widened to 5 mV steps."""
    lo = min(float(np.min(v)) for v in values if np.size(v))
    hi = max([th] + [float(np.max(v)) for v in values if np.size(v)])
    return 5.0 * np.floor((lo - 1.0) / 5.0), 5.0 * np.ceil((hi + 1.0) / 5.0)


class _View:
    """A figure built at the first :meth:`update` and redrawn in place after.

    With ``titles=False`` (the live explorers) the titles, which change at
    every move, are not drawn in the figure but kept in :attr:`captions` for
    the page to show as text: laying out and drawing text costs more than
    drawing all the lines.
    """

    def __init__(self, titles=True):
        self.fig, self.titles, self.captions = None, titles, []

    def _title(self, artist, text):
        self.captions.append(text)
        artist.set_text(text if self.titles else "")

    def _dynamic(self, titles=()):
        """A :class:`_Blit` redrawing every line and legend (in the order a
        full draw draws them, so that they overlap the same way; lines are
        cheap to draw), and the titles when drawn in the figure."""
        artists = []
        for ax in self.fig.axes:
            artists += sorted(ax.lines, key=lambda a: a.get_zorder())
            if ax.get_legend() is not None:
                artists.append(ax.get_legend())
        return _Blit(self.fig, [*artists, *(titles if self.titles else ())])


class _Blit:
    """Redraw only what a slider changes.

    Drawing a figure's axes (ticks, tick labels) costs far more than drawing
    its lines.  While the axis limits stay the same, the figure without its
    changing artists is kept as a bitmap; a redraw restores it and draws the
    changing artists (lines, markers, titles) on top.  When a limit changes,
    the figure is drawn in full and the bitmap taken again.
    """

    def __init__(self, fig, dynamic):
        self.fig, self.dynamic = fig, dynamic
        self.key, self.background = None, None

    def render(self):
        """Draw the figure on its canvas; returns True when only the changing
        artists were drawn."""
        canvas = self.fig.canvas
        key = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.fig.axes)
        if key != self.key or self.background is None:
            for a in self.dynamic:
                a.set_visible(False)
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.fig.bbox)
            for a in self.dynamic:
                a.set_visible(True)
            self.key = key
            blitted = False
        else:
            canvas.restore_region(self.background)
            blitted = True
        for a in self.dynamic:
            self.fig.draw_artist(a)
        return blitted


def render_png(view):
    """PNG bytes of ``view.fig`` redrawn as cheaply as possible: through the
    view's :class:`_Blit` when it has one (the Agg canvas only), else a full
    draw (:func:`png`)."""
    blit = getattr(view, "blit", None)
    if blit is None or not hasattr(view.fig.canvas, "copy_from_bbox"):
        return png(view.fig)
    from PIL import Image
    blit.render()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(view.fig.canvas.buffer_rgba())).save(
        buf, format="png", compress_level=1)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Scenario 1
# ---------------------------------------------------------------------------
class FlashVsSustainedView(_View):
    """Scenario 1's figure, built once and redrawn in place by :meth:`update`."""

    def _build(self):
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(2, 2, figsize=(10, 5), sharex="col",
                                 gridspec_kw={"height_ratios": [1, 2]})
        self.cur, self.v, self.th, self.spk = [], [], [], []
        for k in range(2):
            (line,) = axes[0, k].step([], [], where="post", color="tab:orange")
            self.cur.append(line)
            axes[0, k].axhline(rheobase(), color="0.5", ls=":", lw=1)
            axes[0, k].set_ylabel("I [nA]")
            self.v.append(axes[1, k].plot([], [], color="tab:blue", lw=1)[0])
            self.th.append(axes[1, k].axhline(0.0, color="0.4", ls="--", lw=0.8))
            self.spk.append(axes[1, k].plot([], [], "v", color="tab:red")[0])
            axes[1, k].set_xlabel("time [ms]")
            axes[1, k].set_ylabel("V [mV]")
        self.axes = axes
        self.fig = fig
        self.title = fig.suptitle("")
        self.blit = self._dynamic(titles=(self.title, *(ax.title for ax in axes[0])))

    def update(self, total=60.0, duration=5.0, long_duration=200.0, dt=0.1, neuron=None,
               perceptron=None):
        """Simulate (one C call for both inputs) and redraw; returns the Figure."""
        # the time axis in 100 ms steps, so that it rarely moves
        span = max(300.0, long_duration + 60.0)
        span = float(np.ceil(span / 100.0) * 100.0)
        sc = scenarios.flash_vs_sustained(total, width=duration, long_width=long_duration,
                                          start=10.0, duration=span, dt=dt, neuron=neuron,
                                          perceptron=perceptron)
        res, th = sc.lif, sc.threshold
        first = self.fig is None
        if first:
            self._build()
        self.captions = []
        self._title(self.title, f"Same total charge {total:g} nA·ms (dotted: rheobase)")
        # the sliders can make the "brief" input the longer one: name each by what it is
        words = ("brief", "long") if duration <= long_duration else ("long", "brief")
        for k, lab in enumerate((f"{words[0]}: {duration:g} ms",
                                 f"{words[1]}: {long_duration:g} ms")):
            cur = sc.currents[:, k]
            self.cur[k].set_data(res.t, cur)
            n_sp = len(res.spike_times[k])
            self._title(self.axes[0, k].title,
                        f"{lab}, {cur.max():.3g} nA -> {n_sp} spike"
                        f"{'s' if n_sp != 1 else ''}; perceptron {sc.outputs[k]:.3f}")
            self.v[k].set_data(res.t, res.v[:, k])
            self.th[k].set_ydata([th, th])
            self.spk[k].set_data(res.spike_times[k], np.full(n_sp, th))
        lo, hi = _mv_range([res.v], th)
        for k in range(2):
            top = _upper([sc.currents[:, k]], floor=rheobase())
            self.axes[0, k].set_ylim(-0.05 * top, top)
            self.axes[1, k].set_ylim(lo, hi)
            self.axes[1, k].set_xlim(0.0, span)
        if first:
            self.fig.tight_layout()
        return self.fig


def draw_flash_vs_sustained(total=60.0, duration=5.0, long_duration=200.0, dt=0.1,
                            neuron=None, perceptron=None):
    """A brief input of ``duration`` and a long one of ``long_duration`` [ms],
    both of total charge ``total`` [nA ms], into an LIF neuron (one C call for
    both) and into a perceptron that sees the total (Scenario 1 of
    :mod:`neuroai.course.scenarios`, with its default perceptron).  A new
    figure; the sliders redraw one :class:`FlashVsSustainedView` instead."""
    return FlashVsSustainedView().update(total, duration, long_duration, dt, neuron,
                                         perceptron)


def flash_vs_sustained(live=None):
    """Scenario 1 explorer: total charge [nA ms] and brief-input duration [ms]."""
    return explore(draw_flash_vs_sustained,
                   {"total": (5.0, 200.0, 5.0, 60.0, "nA·ms"),
                    "duration": (0.5, 100.0, 0.5, 5.0, "ms"),
                    "long_duration": (20.0, 400.0, 10.0, 200.0, "ms")},
                   [{"total": 60.0, "duration": 2.0}, {"total": 30.0, "duration": 20.0},
                    {"total": 150.0, "duration": 50.0, "long_duration": 400.0}],
                   live=live, view=FlashVsSustainedView)


# ---------------------------------------------------------------------------
# Scenario 2
# ---------------------------------------------------------------------------
_STP_COLORS = {"static": "0.3", "depressing": "tab:blue", "facilitating": "tab:red"}


class ShortTermPlasticityView(_View):
    """Scenario 2's figure, built once and redrawn in place by :meth:`update`."""

    def update(self, rate=40.0, u=0.5, tau_rec=200.0, n_spikes=10, dt=0.1):
        """Simulate the three synapses and redraw; returns the Figure."""
        import matplotlib.pyplot as plt

        demo = scenarios.short_term_plasticity(rate, int(n_spikes), u=u, tau_rec=tau_rec,
                                               dt=dt)
        rels = demo.relative_efficacies()
        first = self.fig is None
        if first:
            self.fig, (self.ax_g, self.ax_e) = plt.subplots(
                1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [2, 1]})
            self.g, self.e = {}, {}
            for name in rels:
                self.g[name] = self.ax_g.plot([], [], color=_STP_COLORS[name], lw=1,
                                              label=name)[0]
                self.e[name] = self.ax_e.plot([], [], "o-", color=_STP_COLORS[name],
                                              label=name)[0]
            self.ax_g.set_xlabel("time [ms]")
            self.ax_g.set_ylabel("g [nS]")
            self.ax_g.legend(frameon=False)
            self.ax_e.axhline(1.0, color="0.7", lw=0.8)
            self.ax_e.set_xlabel("spike number n")
            self.ax_e.set_ylabel("efficacy of spike n / spike 1")
            self.blit = self._dynamic(titles=(self.ax_g.title,))
        for name, rel in rels.items():
            r = demo.responses[name]
            self.g[name].set_data(r.t, r.g)
            self.e[name].set_data(np.arange(1, rel.size + 1), rel)
        self.captions = []
        self._title(self.ax_g.title, f"{rate:g} Hz train; depressing: u = {u:.2f}, "
                                     f"tau_rec = {tau_rec:g} ms")
        t_end = max(float(r.t[-1]) for r in demo.responses.values())
        self.ax_g.set_xlim(0.0, _nice(t_end))
        self.ax_g.set_ylim(0.0, _upper([r.g for r in demo.responses.values()]))
        n = max(rel.size for rel in rels.values())
        self.ax_e.set_xlim(0.5, n + 0.5)
        self.ax_e.set_ylim(0.0, _upper(list(rels.values()), floor=1.0))
        if first:
            self.fig.tight_layout()
        return self.fig


def draw_short_term_plasticity(rate=40.0, u=0.5, tau_rec=200.0, n_spikes=10, dt=0.1):
    """A regular train at ``rate`` [Hz] through a static, a depressing (``u``,
    ``tau_rec`` [ms]) and a facilitating synapse (Scenario 2 of
    :mod:`neuroai.course.scenarios`): conductances and the efficacy of each
    spike relative to the first.  A new figure; the sliders redraw one
    :class:`ShortTermPlasticityView` instead."""
    return ShortTermPlasticityView().update(rate, u, tau_rec, n_spikes, dt)


def short_term_plasticity(live=None):
    """Scenario 2 explorer: rate [Hz], ``u`` and ``tau_rec`` [ms] of the depressing synapse."""
    return explore(draw_short_term_plasticity,
                   {"rate": (2.0, 100.0, 1.0, 40.0, "Hz"), "u": (0.05, 1.0, 0.05, 0.5),
                    "tau_rec": (10.0, 1000.0, 10.0, 200.0, "ms")},
                   [{"rate": 40.0, "u": 0.5, "tau_rec": 200.0},
                    {"rate": 5.0, "u": 0.5, "tau_rec": 200.0},
                    {"rate": 40.0, "u": 0.1, "tau_rec": 50.0}],
                   live=live, view=ShortTermPlasticityView)


# ---------------------------------------------------------------------------
# LIF under a step
# ---------------------------------------------------------------------------
def _lif_step_run(current, tau_m, dt):
    I = np.zeros(2000)
    I[200:1700] = current
    res = LIFNeuron(tau_m=tau_m).simulate(I, dt=dt)
    title = (f"I = {current:g} nA, tau_m = {tau_m:g} ms: {len(res.spike_times)} spikes "
             f"(closed-form rate {lif_rate(current, tau_m=tau_m):.1f} Hz)")
    return res, title


class LIFStepView(_View):
    """The LIF step figure (:func:`neuroai.plot.plot_lif`), drawn once and
    redrawn in place by :meth:`update`."""

    def update(self, current=2.0, tau_m=20.0, dt=0.1):
        """Simulate and redraw; returns the Figure."""
        res, title = _lif_step_run(current, tau_m, dt)
        if self.fig is None:
            self.fig = plot_lif(res, title=title)
            ax_i, ax_v = self.fig.axes[:2]
            # plot_lif's artists: the current's steps; the voltage, the spike
            # markers (gid "spikes") and the threshold line
            self.cur = ax_i.lines[0]
            self.v = ax_v.lines[0]
            self.spk = next(ln for ln in ax_v.lines if ln.get_gid() == "spikes")
            self.ax_i, self.ax_v = ax_i, ax_v
            self.blit = self._dynamic(titles=(ax_i.title,))
            self.captions = []
            self._title(ax_i.title, title)
            self._limits(res)
            return self.fig
        n = res.t.shape[0]
        self.cur.set_data(res.t, np.asarray(res.current, dtype=np.float64).reshape(-1)[:n])
        self.v.set_data(res.t, np.asarray(res.v, dtype=np.float64).reshape(n, -1)[:, 0])
        # the markers sit on the threshold, as plot_lif draws them
        th = float(np.asarray(LIFNeuron(tau_m=tau_m).v_threshold).reshape(-1)[0])
        self.spk.set_data(res.spike_times, np.full(len(res.spike_times), th))
        self.captions = []
        self._title(self.ax_i.title, title)
        self._limits(res)
        return self.fig

    def _limits(self, res):
        n = res.t.shape[0]
        th = float(np.asarray(LIFNeuron().v_threshold).reshape(-1)[0])
        top = _upper([np.asarray(res.current, dtype=np.float64)], floor=1.0)
        self.ax_i.set_ylim(-0.05 * top, top)
        self.ax_v.set_ylim(*_mv_range([np.asarray(res.v).reshape(n, -1)[:, 0]], th))
        self.ax_v.set_xlim(0.0, float(res.t[-1]))


def draw_lif_step(current=2.0, tau_m=20.0, dt=0.1):
    """An LIF neuron (course parameters, ``tau_m`` [ms]) under a step of
    ``current`` [nA] from 20 to 170 ms, with its closed-form rate.  A new
    figure; the sliders redraw one :class:`LIFStepView` instead."""
    return LIFStepView().update(current, tau_m, dt)


def lif_step(live=None):
    """LIF explorer: step current [nA] and ``tau_m`` [ms]."""
    return explore(draw_lif_step, {"current": (0.0, 5.0, 0.1, 2.0, "nA"),
                                   "tau_m": (2.0, 60.0, 1.0, 20.0, "ms")},
                   [{"current": 1.4}, {"current": 2.0}, {"current": 4.0}], live=live,
                   view=LIFStepView)
