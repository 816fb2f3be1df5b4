"""neuroai.interactive: sliders when widgets are live, static figures otherwise,
one C simulation per redraw."""
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import numpy as np  # noqa: E402

from neuroai import _core, interactive  # noqa: E402


def test_not_live_outside_a_kernel_or_when_disabled(monkeypatch):
    assert interactive.widgets_live() is False          # pytest is not a Jupyter kernel
    monkeypatch.setenv("NEUROAI_WIDGETS", "0")
    assert interactive.widgets_live() is False


@pytest.mark.parametrize("explorer, n", [(interactive.flash_vs_sustained, 3),
                                         (interactive.short_term_plasticity, 3),
                                         (interactive.lif_step, 3)])
def test_static_fallback_draws_figures(explorer, n):
    figs = explorer(live=False)
    assert len(figs) == n
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)


def test_live_mode_builds_sliders():
    pytest.importorskip("ipywidgets")
    ui = interactive.flash_vs_sustained(live=True)
    names = {c.description for c in ui.widget.children if hasattr(c, "min")}
    assert names == {"total [nA·ms]", "duration [ms]", "long_duration [ms]"}


@pytest.mark.parametrize("explorer, labels", [
    (interactive.flash_vs_sustained, {"total [nA·ms]", "duration [ms]", "long_duration [ms]"}),
    (interactive.short_term_plasticity, {"rate [Hz]", "u", "tau_rec [ms]"}),
    (interactive.lif_step, {"current [nA]", "tau_m [ms]"})])
def test_sliders_show_units_whole_labels_and_plain_readouts(explorer, labels):
    pytest.importorskip("ipywidgets")
    ui = explorer(live=True)
    sliders = [c for c in ui.widget.children if hasattr(c, "min")]
    assert {c.description for c in sliders} == labels
    for c in sliders:
        # the label area fits the longest label (the default width cut
        # "long_duration" to "long_dura..."), and the readout of every value the
        # slider can take has no exponent (".3g" showed tau_rec = 1000 as "1.00e+3")
        assert c.style.description_width == interactive._LABEL_WIDTH
        # the format is d3's, drawn by the browser: with no type letter it is
        # d3's "~g", which trims zeros as Python's "g" does and switches to an
        # exponent at the same point
        assert c.readout_format == ".4"
        values = np.arange(c.min, c.max + c.step / 2, c.step)
        shown = [format(v, c.readout_format + "g") for v in values]
        assert not [t for t in shown if "e" in t], c.description
    # the callback still receives the plain parameter names
    assert set(ui.widget.kwargs) == {lab.split(" [")[0] for lab in labels}


def test_one_c_call_per_redraw(monkeypatch):
    calls = []
    real = _core.lif_run

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_core, "lif_run", counting)
    interactive.draw_flash_vs_sustained(total=60.0, duration=5.0)
    assert len(calls) == 1
    calls.clear()
    interactive.draw_lif_step(current=2.0)
    assert len(calls) == 1


def test_flash_vs_sustained_science():
    # 60 nA ms in 2 ms crosses threshold (needs >= ~30 nA ms when brief); the same
    # charge over 200 ms is 0.3 nA, below the 1.5 nA rheobase: no spike.
    fig = interactive.draw_flash_vs_sustained(total=60.0, duration=2.0, long_duration=200.0)
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert "-> 1 spike;" in titles[0]
    assert "-> 0 spikes;" in titles[1]
    # both sides report the same perceptron output
    assert titles[0].split("perceptron ")[1] == titles[1].split("perceptron ")[1]


def test_flash_vs_sustained_names_the_longer_input_long():
    # the duration slider can pass long_duration: the titles then swap their words
    fig = interactive.draw_flash_vs_sustained(total=60.0, duration=100.0, long_duration=20.0)
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert titles[0].startswith("long: 100 ms") and titles[1].startswith("brief: 20 ms")
    fig = interactive.draw_flash_vs_sustained(total=60.0, duration=5.0, long_duration=200.0)
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert titles[0].startswith("brief: 5 ms") and titles[1].startswith("long: 200 ms")


# ---------------------------------------------------------------------------
# Redrawn in place: the same figure as a fresh one, for a fraction of the cost
# ---------------------------------------------------------------------------
VIEWS = [
    (interactive.FlashVsSustainedView, interactive.draw_flash_vs_sustained,
     [{"total": 60.0, "duration": 5.0}, {"total": 150.0, "duration": 50.0,
                                         "long_duration": 400.0},
      {"total": 20.0, "duration": 100.0, "long_duration": 20.0}]),
    (interactive.ShortTermPlasticityView, interactive.draw_short_term_plasticity,
     [{"rate": 40.0}, {"rate": 5.0, "u": 0.1, "tau_rec": 50.0}, {"rate": 100.0, "u": 0.9}]),
    (interactive.LIFStepView, interactive.draw_lif_step,
     [{"current": 2.0}, {"current": 0.5, "tau_m": 5.0}, {"current": 5.0, "tau_m": 60.0}]),
]


def _artists(fig):
    return [([ln.get_xydata() for ln in ax.lines], ax.get_xlim(), ax.get_ylim(),
             ax.get_title()) for ax in fig.axes]


@pytest.mark.parametrize("view_cls, draw, moves", VIEWS)
def test_a_view_redrawn_in_place_equals_a_fresh_figure(view_cls, draw, moves):
    view = view_cls()
    fig = view.update(**moves[0])
    for params in moves[1:] + moves[:1]:
        assert view.update(**params) is fig                  # the same figure, updated
        fresh = draw(**params)
        for (lines, xlim, ylim, title), (lines2, xlim2, ylim2, title2) in zip(
                _artists(fig), _artists(fresh)):
            assert len(lines) == len(lines2)
            for a, b in zip(lines, lines2):
                np.testing.assert_array_equal(a, b)
            assert (xlim, ylim, title) == (xlim2, ylim2, title2)
        assert fig._suptitle is None or fig._suptitle.get_text() == fresh._suptitle.get_text()


@pytest.mark.parametrize("view_cls, draw, moves", VIEWS)
def test_the_live_view_keeps_its_titles_as_captions(view_cls, draw, moves):
    live, full = view_cls(titles=False), view_cls()
    for params in moves:
        live.update(**params)
        full.update(**params)
        assert live.captions == full.captions and live.captions
        assert all(ax.get_title() == "" for ax in live.fig.axes)
        shown = [ax.get_title() for ax in full.fig.axes if ax.get_title()]
        if full.fig._suptitle is not None:
            shown.insert(0, full.fig._suptitle.get_text())
        assert shown == full.captions


def _pixels(data):
    from PIL import Image
    import io
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


DRAGS = [(interactive.FlashVsSustainedView, "duration", 5.0, 0.5),
         (interactive.ShortTermPlasticityView, "tau_rec", 200.0, 10.0),
         (interactive.LIFStepView, "current", 2.0, 0.1)]


@pytest.mark.parametrize("view_cls, key, start, step", DRAGS)
def test_a_redraw_of_the_lines_alone_looks_like_a_full_draw(view_cls, key, start, step):
    view = view_cls(titles=False)
    view.update(**{key: start})
    interactive.render_png(view)
    blitted = 0
    for k in range(1, 9):                   # a drag, one slider step at a time
        params = {key: start + k * step}
        view.update(**params)
        limits = view.blit.key
        img = _pixels(interactive.render_png(view))
        blitted += view.blit.key == limits
        full = _pixels(interactive.png(view_cls(titles=False).update(**params)))
        assert img.shape == full.shape
        # the same picture up to antialiasing where a line meets a kept edge
        differ = np.any(np.abs(img - full) > 40, axis=-1).mean()
        assert differ < 0.002, differ
    assert blitted >= 6                     # most steps move no axis limit


def test_live_explorer_redraws_in_place_with_a_static_image(monkeypatch):
    pytest.importorskip("ipywidgets")
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    ex = interactive.lif_step(live=True)
    assert isinstance(ex, interactive.Explorer)
    # first the plain image (for a notebook reopened without a kernel), then the widget
    static, box = shown
    assert isinstance(static, IPython.display.Image) and box is ex.box
    assert static.data == ex.static_png
    expected = interactive.png(interactive.draw_lif_step())     # titles drawn in it
    assert ex.static_png == expected
    tag = next(c for c in box._dom_classes if c.startswith("neuroai-live-"))
    assert f".{tag}" in box.children[0].value and "display:none" in box.children[0].value
    fig = ex.view.fig
    calls = []
    real = _core.lif_run
    monkeypatch.setattr(_core, "lif_run", lambda *a, **k: calls.append(1) or real(*a, **k))
    before = ex.image.value
    ex.redraw(current=4.0, tau_m=20.0)
    assert ex.view.fig is fig and len(calls) == 1
    assert ex.image.value != before
    assert ex.caption.value.startswith("<b>I = 4 nA, tau_m = 20 ms:")
    # a slider move redraws through the widget
    slider = next(c for c in ex.widget.children if getattr(c, "description", "") == "current [nA]")
    n = ex.redraws
    slider.value = 1.0
    assert ex.redraws == n + 1 and "I = 1 nA" in ex.caption.value


# -- saved notebooks: no widget view that a reopened notebook cannot show ------------

VIEW = "application/vnd.jupyter.widget-view+json"


def _slider_cell(model_id):
    # what JupyterLab saves of an explorer's cell: the plain image, then the view
    return {"cell_type": "code", "id": f"slider-{model_id or 'closed'}",
            "source": "interactive.lif_step();", "metadata": {},
            "execution_count": 1, "outputs": [
                {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<IPython.core.display.Image object>"}},
                {"output_type": "display_data", "metadata": {},
                 "data": {VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0},
                          "text/plain": "VBox(children=(HTML(value='<style>...'),))"}}]}


def _notebook(*cells, saved=()):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "markdown", "id": "title", "source": "# title", "metadata": {}},
                    *cells]}
    if saved:
        nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {
            "state": {m: {"model_name": "VBoxModel", "state": {}} for m in saved},
            "version_major": 2, "version_minor": 0}}
    return nb


def test_views_without_saved_state_are_stripped_and_the_plain_figure_kept():
    import copy
    stream = {"output_type": "stream", "name": "stdout", "text": "4 spikes\n"}
    dead, kept = _slider_cell("aaa"), _slider_cell("bbb")
    dead["outputs"].append(stream)
    nb = _notebook(dead, kept, saved=["bbb"])
    before = copy.deepcopy(nb)
    assert interactive.strip_dead_widget_views(nb) == 1
    # the dead view is gone; its plain image and the text after it stay, in order
    assert nb["cells"][1]["outputs"] == [before["cells"][1]["outputs"][0], stream]
    # a view whose state the notebook saved still shows when reopened: kept
    assert nb["cells"][2] == before["cells"][2]
    assert nb["metadata"] == before["metadata"] and nb["cells"][0] == before["cells"][0]
    assert interactive.strip_dead_widget_views(nb) == 0          # idempotent


def test_views_are_stripped_from_a_notebook_that_saved_no_widget_state():
    nb = _notebook(_slider_cell("aaa"), _slider_cell(""))
    assert interactive.strip_dead_widget_views(nb) == 2
    assert [len(c.get("outputs", [])) for c in nb["cells"]] == [0, 1, 1]
    assert all("image/png" in c["outputs"][0]["data"] for c in nb["cells"][1:])
    # malformed parts are left as they are, never an exception
    odd = {"cells": [None, {"cell_type": "code", "outputs": None},
                     {"cell_type": "code", "outputs": [3, {"data": []}]}],
           "metadata": {"widgets": []}}
    assert interactive.strip_dead_widget_views(odd) == 0


def test_the_save_hook_strips_notebooks_only_through_a_jupyter_contents_manager(tmp_path):
    pytest.importorskip("jupyter_server")
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager
    cm = FileContentsManager(root_dir=str(tmp_path),
                             pre_save_hook="neuroai.interactive.pre_save_hook")
    nb = nbformat.from_dict(_notebook(_slider_cell("aaa")))
    cm.save({"type": "notebook", "format": "json", "content": nb}, "a.ipynb")
    text = (tmp_path / "a.ipynb").read_text(encoding="utf-8")
    assert VIEW not in text and "iVBORw0KGgo=" in text
    nbformat.validate(nbformat.reads(text, as_version=4))
    cm.save({"type": "file", "format": "text", "content": f'{{"{VIEW}": 1}}'}, "b.json")
    assert VIEW in (tmp_path / "b.json").read_text(encoding="utf-8")


def test_neuroai_start_runs_jupyterlab_with_the_save_hook(tmp_path):
    import importlib
    from neuroai import workspace
    flag = [a for a in workspace.launch_command(tmp_path) if "pre_save_hook" in a]
    assert flag == ["--ContentsManager.pre_save_hook=neuroai.interactive.pre_save_hook"]
    module, _, name = flag[0].split("=", 1)[1].rpartition(".")
    assert getattr(importlib.import_module(module), name) is interactive.pre_save_hook
