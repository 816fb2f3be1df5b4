"""The progress convention (neuroai._progress): None shows a bar for runs seen
to take more than about 2 s, True always, False never; a run with progress
gives the result of one without, bit for bit."""
import io
import sys

import numpy as np
import pytest

import neuroai
from neuroai import _progress


@pytest.fixture
def no_tqdm(monkeypatch):
    """The plain text fallback, as without tqdm installed."""
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)


@pytest.fixture
def small_parts(monkeypatch):
    """Runs with progress made in 100 parts, however small."""
    from neuroai import lif
    monkeypatch.setattr(lif, "_PART_MIN_STEPS", 1)
    monkeypatch.setattr(lif, "_PART_UPDATES", 1)
    calls = []
    real = lif._core.lif_run
    monkeypatch.setattr(lif._core, "lif_run", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


def test_check_takes_none_true_false_only():
    assert [_progress.check(v) for v in (None, True, False, np.bool_(True))] == \
        [None, True, False, True]
    for bad in (1, "yes", 0.5):
        with pytest.raises(TypeError, match="progress must be None"):
            _progress.check(bad)


def test_text_bar_counts_to_the_total(no_tqdm):
    out = io.StringIO()
    with _progress.Tracker(True, 10, "run", "steps", stream=out) as tr:
        for _ in range(5):
            tr.advance(2)
    text = out.getvalue()
    assert text.startswith("\rrun:") and text.endswith("100% (10/10 steps)\n")


def test_false_never_shows_and_none_shows_only_long_runs(no_tqdm, monkeypatch):
    out = io.StringIO()
    with _progress.Tracker(False, 10, "run", stream=out) as tr:
        tr.advance(10)
    assert out.getvalue() == ""
    monkeypatch.setattr(_progress, "AUTO_SECONDS", 1e9)     # never long enough
    with _progress.Tracker(None, 10, "run", stream=out) as tr:
        tr.advance(1)
        tr.advance(9)
    assert out.getvalue() == "" and not tr.shown
    monkeypatch.setattr(_progress, "AUTO_SECONDS", 0.0)     # anything is long
    with _progress.Tracker(None, 10, "run", stream=out) as tr:
        tr.advance(1)
        assert tr.shown
        tr.advance(9)
    assert out.getvalue().endswith("100% (10/10 steps)\n")


@pytest.mark.parametrize("method", ["exact", "euler"])
def test_lif_with_progress_equals_one_call(method, no_tqdm, small_parts, capsys):
    rng = np.random.default_rng(3)
    I = rng.uniform(0.0, 3.0, (5000, 7))
    n = neuroai.LIFNeuron(t_ref=2.0)
    one = n.simulate(I, dt=0.1, method=method, record_v=[1, 5], progress=False)
    assert capsys.readouterr().err == ""
    del small_parts[:]
    parts = n.simulate(I, dt=0.1, method=method, record_v=[1, 5], progress=True)
    assert len(small_parts) == 100
    assert "LIFNeuron.simulate: 100% (5000/5000 steps)" in capsys.readouterr().err
    for a, b in zip(one.spike_times, parts.spike_times):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(one.v, parts.v)
    for k in ("v", "t_free", "ref_left"):
        np.testing.assert_array_equal(getattr(one.final_state, k),
                                      getattr(parts.final_state, k))
    # and it continues like one call
    more = I[:1000]
    np.testing.assert_array_equal(
        n.simulate(more, dt=0.1, method=method, state=one.final_state).v,
        n.simulate(more, dt=0.1, method=method, state=parts.final_state, progress=True).v)


def test_lif_single_neuron_with_progress(no_tqdm, small_parts, capsys):
    I = np.zeros(3000)
    I[200:2500] = 2.0
    one = neuroai.LIFNeuron().simulate(I, dt=0.1)
    del small_parts[:]
    parts = neuroai.LIFNeuron().simulate(I, dt=0.1, progress=True)
    assert len(small_parts) == 100
    np.testing.assert_array_equal(one.spike_times, parts.spike_times)
    np.testing.assert_array_equal(one.v, parts.v)
    assert "100%" in capsys.readouterr().err


def test_lif_progress_is_checked():
    with pytest.raises(TypeError, match="progress must be None"):
        neuroai.LIFNeuron().simulate(np.zeros((10, 2)), dt=0.1, progress="yes")


def test_tutorial_run_counts_the_cells(no_tqdm, monkeypatch, tmp_path, capsys):
    pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    import nbformat
    from neuroai import tutorial

    calls = []

    def fake_execute(path, timeout=600.0, cwd=None, on_cell_executed=None):
        nb = nbformat.read(path, as_version=4)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                on_cell_executed(cell=cell, cell_index=k, execute_reply={})
                calls.append(k)
        return nb, 0.0

    monkeypatch.setattr(tutorial, "execute", fake_execute)
    tutorial.run(tmp_path, names=["01"], progress=True)
    n_code = sum(c.cell_type == "code" for c in
                 nbformat.read(tutorial.notebooks()[0], as_version=4).cells)
    assert len(calls) == n_code
    assert capsys.readouterr().err.endswith(f"100% ({n_code}/{n_code} cells)\n")


def test_execute_calls_the_hook_after_each_code_cell(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import tutorial

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"),
                                         nbformat.v4.new_markdown_cell("x"),
                                         nbformat.v4.new_code_cell("2")])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    seen = []
    tutorial.execute(path, on_cell_executed=lambda cell_index, **_: seen.append(cell_index))
    assert seen == [0, 2]


def test_tqdm_is_used_when_installed(monkeypatch):
    from types import SimpleNamespace
    made = []

    class FakeTqdm:
        def __init__(self, total, desc, unit, file, leave):
            self.total, self.n, self.closed = total, 0, False
            made.append(self)

        def update(self, n):
            self.n += n

        def close(self):
            self.closed = True

    monkeypatch.setitem(sys.modules, "tqdm.auto", SimpleNamespace(tqdm=FakeTqdm))
    with _progress.Tracker(True, 4, "run") as tr:
        tr.advance(3)
        tr.advance(1)
    (bar,) = made
    assert (bar.total, bar.n, bar.closed) == (4, 4, True)


def test_fi_curve_reports_its_batches(no_tqdm, monkeypatch, capsys):
    from neuroai import lif
    monkeypatch.setattr(lif, "_FI_BATCH", 4)
    currents = np.linspace(1.0, 3.0, 10)
    quiet = neuroai.fi_curve(currents, duration=100.0, progress=False)
    assert capsys.readouterr().err == ""
    shown = neuroai.fi_curve(currents, duration=100.0, progress=True)
    np.testing.assert_array_equal(quiet, shown)
    assert capsys.readouterr().err.endswith("fi_curve: 100% (10/10 currents)\n")
