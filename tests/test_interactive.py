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
