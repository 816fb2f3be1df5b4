"""Operation counts and the energy ledger, against hand calculations."""
import json
import math
import pathlib

import numpy as np
import pytest

from neuroai import energy as E
from neuroai.spikes import SpikeTrains

DATA = pathlib.Path(E.__file__).parent / "data" / "energy_constants.json"


# -- the data file -----------------------------------------------------------
def test_every_constant_has_value_unit_source_and_caveat():
    raw = json.loads(DATA.read_text(encoding="utf-8"))["constants"]
    assert len(raw) >= 15
    for name, c in raw.items():
        assert set(c) == {"value", "unit", "short", "source", "caveat"}, name
        assert isinstance(c["value"], (int, float)) and c["value"] > 0, name
        assert c["unit"].strip(), name
        for key in ("short", "source", "caveat"):
            assert len(c[key].strip()) > 10, (name, key)


def test_published_values_are_the_ones_cited():
    led = E.Ledger()
    # Horowitz ISSCC 2014, 45 nm: fp32 mult 3.7 pJ, add 0.9 pJ
    assert led["fp32_mult"] == 3.7e-12 and led["fp32_add"] == 0.9e-12
    assert led["truenorth_synaptic_event"] == 26e-12       # Merolla et al. 2014
    assert led["loihi_synaptic_op"] == 23.6e-12            # Davies et al. 2018
    assert led["brain_neurons"] == 86e9                    # Azevedo et al. 2009
    assert led["brain_power"] == 20.0
    # cellular free energy of ATP hydrolysis, 55 kJ/mol / Avogadro
    assert led["joule_per_atp"] == pytest.approx(55e3 / 6.02214076e23, rel=0.01)
    # the lower estimate is the Attwell & Laughlin figure scaled by 1.3/4 (Alle et al. 2009)
    assert led["atp_per_action_potential_low"] == pytest.approx(3.84e8 * 1.3 / 4, rel=0.01)


# -- counting ------------------------------------------------------------------
def test_perceptron_ops_closed_form():
    ops = E.perceptron_ops(784, 10, n_forward=3)
    assert ops == {"macs": 784 * 10 * 3, "weight_reads": 784 * 10 * 3, "activations": 30}
    assert E.perceptron_ops(5)["macs"] == 5


def test_spiking_ops_from_spike_trains_with_per_train_fan_out():
    st = SpikeTrains([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 2], n=3, duration=10.0)
    ops = E.spiking_ops(st, fan_out=[10, 100, 1000], n_steps=100)
    assert ops["spikes"] == 4
    assert ops["synaptic_events"] == 2 * 10 + 1 * 100 + 1 * 1000
    assert ops["state_updates"] == 3 * 100


def test_spiking_ops_from_a_result_uses_its_dt_and_duration():
    class FakeResult:                      # the attributes LIFResult documents
        spikes = SpikeTrains([5.0, 6.0], [0, 1], n=2, duration=50.0)
        dt = 0.1
    ops = E.spiking_ops(FakeResult(), fan_out=7)
    assert ops == {"spikes": 2.0, "synaptic_events": 14.0, "state_updates": 2 * 500}


def test_perceptron_ops_from_a_perceptron_object():
    import neuroai
    p = neuroai.Perceptron(7, seed=0)
    assert E.perceptron_ops(p, n_forward=4)["macs"] == 28
    led = E.Ledger().add_perceptron(p, memory="none")
    assert led.total == pytest.approx(7 * 4.6e-12)


def test_spiking_ops_from_a_real_lif_result():
    import neuroai
    res = neuroai.LIFNeuron().simulate(np.broadcast_to(np.array([2.0, 3.0]), (5000, 2)), dt=0.1)
    ops = E.spiking_ops(res, fan_out=[10, 1])
    counts = res.spike_counts
    assert ops["spikes"] == counts.sum() > 0
    assert ops["synaptic_events"] == 10 * counts[0] + counts[1]
    assert ops["state_updates"] == 2 * 5000


def test_spiking_ops_from_a_count():
    assert E.spiking_ops(12, fan_out=3) == {"spikes": 12.0, "synaptic_events": 36.0,
                                            "state_updates": 0.0}


# -- the ledger ------------------------------------------------------------------
def test_perceptron_ledger_hand_calculation():
    led = E.Ledger().add_perceptron(100, 10)
    # 1000 MACs x (3.7 + 0.9) pJ + 1000 reads x 5 pJ = 9.6 nJ
    assert led.total == pytest.approx(1000 * 4.6e-12 + 1000 * 5e-12)
    led2 = E.Ledger().add_perceptron(100, 10, memory="none")
    assert led2.total == pytest.approx(4.6e-9)


def test_biology_ledger_hand_calculation():
    led = E.Ledger().add_spiking(10, fan_out=1000, substrate="biology")
    # 10 APs x 3.84e8 ATP + 10*1000 events x 0.25 x 1.64e5 ATP, at 9.1e-20 J per ATP
    want = (10 * 3.84e8 + 10 * 1000 * 0.25 * 1.64e5) * 9.1e-20
    assert led.total == pytest.approx(want)


def test_biology_resting_cost_with_duration():
    led = E.Ledger().add_spiking(0, fan_out=0, n_neurons=50, substrate="biology",
                                 duration=2000.0)
    assert led.total == pytest.approx(50 * 2.0 * 4.3e8 * 9.1e-20)


def test_chip_ledgers_hand_calculation():
    assert E.Ledger().add_spiking(5, 20, substrate="truenorth").total == pytest.approx(100 * 26e-12)
    assert E.Ledger().add_spiking(5, 20, substrate="loihi").total == pytest.approx(100 * 23.6e-12)
    cm = E.Ledger().add_spiking(5, 20, n_neurons=4, n_steps=10, substrate="cmos")
    assert cm.total == pytest.approx(100 * (5e-12 + 0.9e-12) + 40 * 4.6e-12)


def test_override_reprices_every_row_and_is_marked():
    led = E.Ledger().add_spiking(10, fan_out=100, substrate="biology")
    before = led.total
    led.set("joule_per_atp", 2 * led["joule_per_atp"])
    assert led.total == pytest.approx(2 * before)
    assert "joule_per_atp=1.82e-19*" in str(led)
    assert "override" in led.rows[0]["source"]
    led3 = E.Ledger(overrides={"fp32_mult": 1e-12}, fp32_add=1e-12).add_perceptron(10, memory="none")
    assert led3.total == pytest.approx(10 * 2e-12)


def test_unknown_constant_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unknown energy constant 'fp32_mul'.*known constants:.*fp32_mult"):
        E.Ledger(overrides={"fp32_mul": 1.0})
    with pytest.raises(ValueError, match="unknown energy constant"):
        E.Ledger()["nope"]
    with pytest.raises(ValueError, match="unknown energy constant"):
        E.Ledger().set("nope", 1.0)
    with pytest.raises(ValueError, match=r"energy constant 'fp32_add' \[J per 32-bit float add\] must be >= 0"):
        E.Ledger().set("fp32_add", -1.0)


def test_table_shows_each_number_with_assumption_and_source():
    led = E.compare_task(n_inputs=100, n_neurons=10, active_fraction=0.1)
    text = str(led)
    for row in led.rows:
        assert row["source"].split(";")[0] in text
    assert "Horowitz 2014" in text and "Merolla et al. 2014" in text
    assert "Davies et al. 2018" in text and "Attwell & Laughlin 2001" in text
    assert "atp_per_action_potential=3.84e+08" in text
    assert "TOTAL" in text
    assert "source:" in led.constants_table() and "caveat:" in led.constants_table()


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_inputs must be > 0"):
        E.perceptron_ops(0)
    with pytest.raises(ValueError, match="substrate must be one of"):
        E.Ledger().add_spiking(1, 1, substrate="gpu")
    with pytest.raises(ValueError, match="memory must be one of"):
        E.Ledger().add_perceptron(3, memory="disk")
    with pytest.raises(ValueError, match=r"active_fraction must be in \[0, 1\]"):
        E.compare_task(active_fraction=1.5)
    with pytest.raises(ValueError, match=r"rates \[Hz\] must be >= 0"):
        E.energy_vs_rate([-1.0])
    with pytest.raises(ValueError, match=r"fan_out must be one number or one per train"):
        E.spiking_ops(SpikeTrains([1.0], n=2, duration=5.0), fan_out=[1, 2, 3])


# -- Scenario 3 ------------------------------------------------------------------
def test_compare_task_perceptron_vs_spiking_hand_calculation():
    led = E.compare_task(n_inputs=1000, n_neurons=100, active_fraction=0.05)
    t = led.totals()
    # dense layer: 1e5 MACs x 4.6 pJ + 1e5 reads x 5 pJ
    assert t["perceptron (45 nm, fp32)"] == pytest.approx(1e5 * 9.6e-12)
    # 50 active inputs x 1 spike x 100 targets = 5000 synaptic events
    assert t["spiking on truenorth (5% active)"] == pytest.approx(5000 * 26e-12)
    assert t["spiking on loihi (5% active)"] == pytest.approx(5000 * 23.6e-12)
    assert t["spiking on biology (5% active)"] == pytest.approx(
        (50 * 3.84e8 + 5000 * 0.25 * 1.64e5) * 9.1e-20)


def test_spiking_energy_scales_with_activity_perceptron_does_not():
    lo = E.compare_task(active_fraction=0.01).totals()
    hi = E.compare_task(active_fraction=0.1).totals()
    assert lo["perceptron (45 nm, fp32)"] == hi["perceptron (45 nm, fp32)"]
    assert hi["spiking on loihi (10% active)"] == pytest.approx(10 * lo["spiking on loihi (1% active)"])


def test_energy_vs_rate_is_linear_with_hand_slope():
    rates = np.array([0.0, 1.0, 5.0, 10.0])
    e = E.energy_vs_rate(rates, n_neurons=1000, duration=2000.0, fan_out=1000)
    e_spike = (3.84e8 + 1000 * 0.25 * 1.64e5) * 9.1e-20
    rest = 1000 * 2.0 * 4.3e8 * 9.1e-20
    np.testing.assert_allclose(e, rest + 1000 * rates * 2.0 * e_spike, rtol=1e-12)
    e0 = E.energy_vs_rate(rates, include_resting=False)
    np.testing.assert_allclose(e0[1:] / rates[1:], e0[1] / 1.0)   # proportional


def test_affordable_rate_of_the_human_brain_by_hand():
    # 20 W x 0.75 for signalling = 15 W.
    # resting: 86e9 x 4.3e8 ATP/s x 9.1e-20 J = 3.365 W  -> 11.635 W for spikes.
    # one spike: (3.84e8 + 8000 x 0.25 x 1.64e5) ATP = 7.12e8 ATP = 6.479e-11 J.
    # r = 11.635 W / (86e9 x 6.479e-11 J) = 2.088 Hz.
    r = E.affordable_rate()
    assert r == pytest.approx(2.088, abs=0.002)
    # and with the lower, mammalian AP cost the same budget buys more spikes:
    # spike = (1.25e8 + 3.28e8) ATP = 4.53e8 ATP = 4.122e-11 J -> 3.282 Hz
    r_low = E.affordable_rate(overrides={"atp_per_action_potential": 1.25e8})
    assert r_low == pytest.approx(3.282, abs=0.002)


def test_affordable_rate_small_budget_gives_zero_with_warning():
    with pytest.warns(RuntimeWarning, match="does not cover the resting cost"):
        assert E.affordable_rate(power=1.0) == 0.0


def test_affordable_rate_round_trips_through_energy_vs_rate():
    r = E.affordable_rate(power=5.0, n_neurons=1e9, fan_out=2000,
                          overrides={"signalling_fraction": 1.0})
    e = E.energy_vs_rate([r], n_neurons=1e9, duration=1000.0, fan_out=2000)
    assert e[0] == pytest.approx(5.0)   # joules in one second = watts
