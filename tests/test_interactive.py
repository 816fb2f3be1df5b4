"""neuroai.interactive: sliders when widgets are live, static figures otherwise,
one C simulation per redraw."""
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

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
    assert names == {"total", "duration", "long_duration"}


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
