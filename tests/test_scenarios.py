"""neuroai.course.scenarios: the tutorial's thinking exercises against closed forms,
and one default perceptron for the notebook, the figures, the sliders and the CLI."""
import math

import numpy as np
import pytest

import neuroai
from neuroai.course import scenarios


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def test_flash_vs_sustained_against_closed_forms():
    sc = scenarios.flash_vs_sustained()              # 60 nA ms: 12 nA x 5 ms, 0.3 nA x 200 ms
    np.testing.assert_allclose(sc.totals, [60.0, 60.0], rtol=1e-12)
    np.testing.assert_allclose(sc.currents.max(axis=0), [12.0, 0.3], rtol=1e-12)
    # one perceptron, one input (the total): sigmoid(0.05 * 60 - 2) for both
    np.testing.assert_allclose(sc.outputs, [_sigmoid(1.0)] * 2, rtol=1e-12)
    # the flash peaks at -70 + 10 * 12 * (1 - exp(-5/20)) = -43.5 mV > -55 mV: it fires;
    # 0.3 nA is below the rheobase (15 mV / 10 MOhm = 1.5 nA): it never does
    assert sc.counts[0] >= 1 and sc.counts[1] == 0
    v_peak = -70.0 + 10.0 * 0.3 * (1.0 - math.exp(-200.0 / 20.0))
    assert sc.lif.v[:, 1].max() == pytest.approx(v_peak, abs=1e-9)
    assert sc.threshold == -55.0


def test_one_default_perceptron_everywhere(tmp_path, capsys):
    p = scenarios.default_perceptron()
    assert p.weights.tolist() == [0.05] and p.bias == -2.0 and p.activation == "sigmoid"
    from neuroai.__main__ import main
    pytest.importorskip("matplotlib")
    assert main(["demo", "--out", str(tmp_path / "demo.png")]) == 0
    out = capsys.readouterr().out
    assert out.count(f"{_sigmoid(1.0):.4f}") == 2          # flash and sustained rows
    from neuroai import interactive
    fig = interactive.draw_flash_vs_sustained(total=60.0, duration=5.0)
    assert all(f"perceptron {_sigmoid(1.0):.3f}" in ax.get_title() for ax in fig.axes[:2])


def test_short_term_plasticity_against_the_recursions():
    demo = scenarios.short_term_plasticity(rate=40.0, n_spikes=10, u=0.5, tau_rec=200.0)
    assert demo.train.duration == 350.0 and len(demo.train) == 10
    np.testing.assert_allclose(demo.train.times, np.arange(10) * 25.0, atol=1e-12)
    d = math.exp(-25.0 / 200.0)                   # depression: x recovers to 1 with tau_rec
    f = math.exp(-25.0 / 100.0)                   # facilitation: u relaxes to 0.1 with tau_facil
    x, u, dep, fac = 1.0, 0.1, [], []
    for _ in range(10):
        dep.append(0.5 * x)
        x = 1.0 - (1.0 - x * (1.0 - 0.5)) * d
        fac.append(u)
        u = 0.1 + (u + 0.3 * (0.8 - u) - 0.1) * f
    r = demo.responses
    np.testing.assert_allclose(r["static"].efficacy, np.ones(10))
    np.testing.assert_allclose(r["depressing"].efficacy, dep, rtol=1e-9)
    np.testing.assert_allclose(r["facilitating"].efficacy, fac, rtol=1e-9)
    rel = demo.relative_efficacies()
    assert rel["depressing"][-1] < 1.0 < rel["facilitating"][-1]


def test_brain_power_against_hand_values():
    bp = scenarios.brain_power(rates=[0.0, 2.0])
    rest, per_hz = 86e9 * 4.3e8 * 9.1e-20, 86e9 * 7.12e8 * 9.1e-20
    np.testing.assert_allclose(bp.watts, [rest, rest + 2.0 * per_hz], rtol=1e-12)
    assert bp.budget == pytest.approx(15.0)
    assert bp.affordable == pytest.approx(neuroai.affordable_rate())
