"""Results, states and the energy ledger show as compact HTML tables in
Jupyter (``_repr_html_``), with the numbers of the object they describe."""
import html
import re

import numpy as np

import neuroai
from neuroai import energy as E


def _cells(table):
    return [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table)]


def _lif():
    I = np.zeros(2000)
    I[200:1500] = 2.0
    return neuroai.LIFNeuron().simulate(I, dt=0.1)


def test_a_result_shows_its_run_spikes_and_arrays():
    res = _lif()
    cells = _cells(res._repr_html_())
    row = dict(zip(cells[::2], cells[1::2]))
    assert row["duration"] == "200 ms (dt = 0.1 ms)"
    assert row["output spikes"] == "3 in 1 train"
    assert row["output rate"] == "15 Hz"                       # 3 spikes in 0.2 s
    assert row["v"] == "array, shape (2000,) [mV]"
    assert row["final_state"] == "LIFState"


def test_a_population_result_gives_the_range_of_rates():
    res = neuroai.LIFNeuron().simulate(np.tile([[0.0], [2.0]], (1000, 1)).reshape(2000, 1)
                                       * np.array([1.0, 2.0]), dt=0.1)
    row = dict(zip(*[iter(_cells(res._repr_html_()))] * 2))
    lo, hi = (float(r) for r in row["output rate"].split("range ")[1].split(" Hz")[0].split(" to "))
    np.testing.assert_allclose([lo, hi], [min(res.rates), max(res.rates)], rtol=1e-3)


def test_a_synapse_response_counts_its_input():
    resp = neuroai.DepressingSynapse().response(neuroai.poisson(20.0, 500.0, n=3, seed=1))
    row = dict(zip(*[iter(_cells(resp._repr_html_()))] * 2))
    n = len(neuroai.poisson(20.0, 500.0, n=3, seed=1))
    assert row["input spikes"] == f"{n} in 3 trains"


def test_a_state_shows_its_time_and_variables():
    st = _lif().final_state
    row = dict(zip(*[iter(_cells(st._repr_html_()))] * 2))
    assert row["t"] == "200 ms (after 2000 steps of dt = 0.1 ms)"
    assert row["method"] == "exact" and row["v"] == "array, shape (1,) [mV]"


def test_the_ledger_table_is_compact_with_numbered_notes():
    led = E.compare_task(n_inputs=20, n_neurons=5, active_fraction=0.2)
    text = led._repr_html_()
    cells = _cells(text)
    head, body = cells[:6], cells[6:]
    assert head == ["group", "item", "count", "J each", "energy [J]", "note"]
    rows = [body[k:k + 6] for k in range(0, len(body), 6)]
    assert len(rows) == len(led.rows) + len(led.totals())
    for r, want in zip(rows, led.rows):
        assert r[1] == want["item"] and float(r[4]) == float(f"{want['energy']:.4g}")
        assert re.fullmatch(r"\[\d+\]", r[5])
    totals = {r[0]: float(r[4]) for r in rows if r[1] == "total"}
    assert totals == {g: float(f"{e:.4g}") for g, e in led.totals().items()}
    # the wide columns moved to notes: no cell is longer than the longest group name
    assert max(len(c) for c in cells) <= max(len(g) for g in led.totals())
    assert "Horowitz 2014" in text and "<div" in text
    assert "&amp;" in text or "&" not in "".join(r["source"] for r in led.rows)
