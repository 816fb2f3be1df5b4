"""The tutorial notebooks: generated from notebooks/build.py, stored without
outputs, and executed headless (so they never drift from the code)."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NBDIR = ROOT / "notebooks"
NAMES = ["01_what_is_neuroai.ipynb", "02_neuron_and_perceptron.ipynb", "03_learning.ipynb",
         "04_coding.ipynb", "05_circuits.ipynb"]

nbformat = pytest.importorskip("nbformat")


def _build_module():
    spec = importlib.util.spec_from_file_location("notebook_build", NBDIR / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# notebooks/build.py reads the package's source (its version): a checkout only
@pytest.mark.source_tree
def test_every_notebook_is_generated():
    build = _build_module()
    assert sorted(build.NOTEBOOKS) == sorted(p.name for p in NBDIR.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(build.NOTEBOOKS) == NAMES


@pytest.mark.source_tree
@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_equals_generator(name):
    build = _build_module()
    assert (NBDIR / name).read_text(encoding="utf-8") == build.render(name), (
        f"{name} differs from what notebooks/build.py writes: run python notebooks/build.py")


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    nb = json.loads((NBDIR / name).read_text(encoding="utf-8"))
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"cell {k} has outputs"
            assert cell["execution_count"] is None, f"cell {k} has an execution count"
    nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _views_without_state(nb):
    """(cell, model id) of every widget view whose model's state the notebook
    does not carry: JupyterLab shows each, reopened, as "Error displaying
    widget: model not found"."""
    widgets = nb.get("metadata", {}).get("widgets", {})
    saved = widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return [(k, o["data"][WIDGET_VIEW].get("model_id"))
            for k, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
            for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})
            and o["data"][WIDGET_VIEW].get("model_id") not in saved]


@pytest.mark.parametrize("name", NAMES)
def test_shipped_notebooks_hold_no_widget_view_without_its_state(name):
    nb = json.loads((NBDIR / name).read_text(encoding="utf-8"))
    assert _views_without_state(nb) == []


@pytest.mark.source_tree
@pytest.mark.parametrize("name", NAMES)
def test_instructor_notebooks_hold_no_widget_view_without_its_state(name):
    nb = json.loads(_build_module().render_instructor(name))
    assert _views_without_state(nb) == []


def test_the_widget_view_check_finds_a_view_without_state():
    # the check above can fail: a view saved without its model's state
    view = {"output_type": "display_data", "metadata": {},
            "data": {WIDGET_VIEW: {"model_id": "m1", "version_major": 2, "version_minor": 0}}}
    nb = {"metadata": {}, "cells": [{"cell_type": "code", "outputs": [view]}]}
    assert _views_without_state(nb) == [(0, "m1")]
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"m1": {}}}}
    assert _views_without_state(nb) == []


@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes_headless(name, tmp_path):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import tutorial

    (out, seconds), = tutorial.run(tmp_path, names=[name])
    assert out == tmp_path / name
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert _views_without_state(nb) == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the executed notebook should hold its figures"
    text = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
    if name.startswith("01"):
        # the answer check at the end runs on the (unanswered) notebook itself
        assert "0 of 8 questions answered" in text
        assert "perceptron output: flash 0.731, sustained 0.731" in text
        # the printed budget is the one the figure draws (75 % of 20 W)
        assert "75% of it (15 W) for signalling -> mean rate 2.09 Hz" in text
        # the energy ledger is a table (its _repr_html_), not a wrapping text table
        html = ["".join(o["data"]["text/html"]) for o in outputs
                if "text/html" in o.get("data", {})]
        assert any("Energy ledger" in h and "<table" in h for h in html)
        assert not [line for line in text.splitlines()
                    if line.startswith("group") and "energy [J]" in line]
    elif name.startswith("03"):
        _check_notebook_03(text)
        assert seconds < 60
    elif name.startswith("04"):
        _check_notebook_04(text)
    elif name.startswith("05"):
        _check_notebook_05(text)
    else:
        # every stub is reported, none crashes the notebook
        assert text.count("not implemented yet") == 13     # one line per checked function or class
        # a check prints its verdict and nothing else: no Out[] True/False echo
        echoes = [o for o in outputs if o["output_type"] == "execute_result"
                  and "".join(o["data"].get("text/plain", "")) in ("True", "False")]
        assert not echoes
    # the source notebook is untouched by the run
    assert all(c.get("outputs", []) == [] for c in
               json.loads((NBDIR / name).read_text())["cells"] if c["cell_type"] == "code")
    print(f"{name}: {seconds:.1f} s")


def _check_notebook_05(text):
    """What notebook 05 says it shows is in its printed numbers."""
    import re
    assert "0 of 5 questions answered" in text
    line = {m["name"].strip(): tuple(map(float, m.group(2, 3, 4, 5))) for m in re.finditer(
        r"(?P<name>[^\n]+): bright interior +([\d.]+) Hz, bright edge +([\d.]+) Hz, "
        r"dark edge +([\d.]+) Hz, dark interior +([\d.]+) Hz", text)}
    assert sorted(line) == ["nearest, w = 1.6", "no inhibition", "wider, w1 = 1.2, w2 = 0.48"]
    b, be, de, d = line["no inhibition"]
    assert be == b > d == de                  # the step, copied
    for name in ("nearest, w = 1.6", "wider, w1 = 1.2, w2 = 0.48"):
        b, be, de, d = line[name]
        assert be > 1.2 * b and de < 0.8 * d, (name, line[name])    # Mach bands
    m = re.search(r"alternation of the dark half at w1 = 1.6 nA: nearest ([\d.]+), wider ([\d.]+)",
                  text)
    assert float(m[1]) > 0.5 and float(m[2]) < 0.5 * float(m[1]), m[0]
    # the balanced network: irregular and asynchronous
    cv = float(re.search(r"mean CV of the interspike intervals: ([\d.]+)", text)[1])
    fano = float(re.search(r"Fano factor of the population count \(1-ms bins\): ([\d.]+)", text)[1])
    assert cv > 0.4 and fano < 10, (cv, fano)


def _check_notebook_03(text):
    """What notebook 03 says it shows is in its printed numbers."""
    import math
    import re
    assert "0 of 5 questions answered, 0 of 2 exercise checks pass" in text
    assert text.count("not implemented yet") == 2         # the stubs are reported, nothing crashes
    # the window at +-10 ms with the course's A = 0.01, tau = 20 ms
    assert "[ 0.00606531 -0.00606531  0.        ]" in text
    # 20 pairings 1 s apart: n A exp(-|Delta t + d| / tau), A = 0.01 * 0.1 nA, d = 0.1 ms
    pairs = re.findall(r"20 pairings at Delta t = ([+-]\d+) ms: weight change ([+-][\d.]+) nA", text)
    assert len(pairs) == 2
    for dt_pair, change in pairs:
        s = float(dt_pair) + 0.1
        want = math.copysign(20 * 0.001 * math.exp(-abs(s) / 20.0), s)
        assert abs(float(change) - want) < 1e-6, (dt_pair, change, want)
    # per pairing at f Hz (30 pairings, D = 6.1 ms): nearest neighbour in closed form,
    # all-to-all above it (it also pairs with the farther spikes), both at the isolated
    # pair's value at 1 Hz
    rows = re.findall(r"(\d+) Hz: per pairing all-to-all ([\d.e+-]+) nA, nearest ([\d.e+-]+) nA", text)
    assert len(rows) == 8
    for f, a2a, nn in rows:
        T, D = 1000.0 / float(f), 6.1
        want_nn = 0.001 * (math.exp(-D / 20) - 29 / 30 * math.exp(-(T - D) / 20))
        assert abs(float(nn) - want_nn) < 1e-3 * want_nn + 1e-9, (f, nn, want_nn)
        assert float(a2a) >= float(nn)
    assert abs(float(rows[0][1]) - 0.001 * math.exp(-6.1 / 20)) < 1e-7
    assert float(rows[-1][1]) > 1.3 * float(rows[-1][2])         # the schemes differ at 50 Hz
    # the frozen pattern: the neuron fires in the presentations, and the inputs that
    # grew are pattern inputs; its latency shrinks
    m = re.search(r"(\d+) output spikes for (\d+) presentations; (\d+)% of them inside", text)
    assert int(m[3]) >= 95 and int(m[1]) >= 0.8 * int(m[2]), m[0]
    assert re.search(r"grew above 0.6: (\d+), all pattern inputs: True", text)
    lat = re.search(r"first 10 responses ([\d.]+) ms, last 10 ([\d.]+) ms", text)
    assert float(lat[2]) < float(lat[1]), lat[0]
    ch = dict((k.strip(), float(v)) for k, v in
              re.findall(r"mean weight change, +([^:]+): ([+-][\d.]+)", text))
    assert ch["early pattern inputs (first spike before the latency)"] > 0 > ch["other inputs"]
    # reward: no dopamine, no change; a reward T_r after the pair at t_a = 110.1 ms
    # changes w by c0 e^{-(T_r - t_a)/tau_c} / tau_n (1 - e^{-s (4000 - T_r)}) / s
    assert "no reward: weight change 0.000000 nA" in text
    rew = re.findall(r"reward at +(\d+) ms: weight change ([\d.]+) nA", text)
    assert len(rew) == 3
    c0, s = 0.05 * math.exp(-10.1 / 20), 1 / 1000 + 1 / 200
    for tr, change in rew:
        tr = float(tr)
        want = c0 * math.exp(-(tr - 110.1) / 1000) / 200 * (1 - math.exp(-s * (4000 - tr))) / s
        assert abs(float(change) - want) < 1e-6, (tr, change, want)
    # Hopfield: the cue is recalled, the energy never rises, the capacity collapses
    # near 0.138 N (finite N = 200: between 0.1 and 0.25)
    assert "recalled pattern: 0 ('A' is 0)" in text and "-> 1.000" in text
    assert re.search(r"it never rose in \d+ single-unit updates: True", text)
    assert "the stored letters are fixed points: [True, True, True]" in text
    m = re.search(r"alpha = 0.02: ([\d.]+); first below one half at alpha = ([\d.]+)", text)
    assert float(m[1]) == 1.0 and 0.1 <= float(m[2]) <= 0.25, m[0]


def _check_notebook_04(text):
    """What notebook 04 says it shows is in its printed numbers."""
    import math
    import re
    assert "0 of 5 questions answered, 0 of 3 exercise checks pass" in text
    assert text.count("not implemented yet") == 3         # the stubs are reported, nothing crashes
    rates = [float(v) for v in re.search(r"mean rate \[Hz\]: +\[([^\]]+)\]", text)[1].split()]
    lat = [float(v) for v in re.search(r"mean latency \[ms\]: *\[([^\]]+)\]", text)[1].split()]
    assert rates == sorted(rates) and rates[-1] > 2 * rates[0]     # the rate code rises
    assert lat[-1] < 0.6 * lat[0]                                  # the latency code falls
    six = int(re.search(r"one of 6 intensities, 5-fold cross-validated: (\d+)% correct", text)[1])
    assert six >= 90                                               # the population code, read
    m = re.search(r"population (\d+)%, best single neuron (\d+)%", text)
    assert int(m[1]) >= 95 and int(m[2]) < int(m[1]), m[0]
    plug = [float(v) for v in re.search(r"plug-in at 10 and 500 trials: \[([^\]]+)\]", text)[1].split()]
    assert plug[0] > 0.3 and 0 < plug[1] < 0.1                     # the bias, and its shrinking
    alpha = float(re.search(r"fitted exponent at sigma = 1 \(sizes >= 10\): ([\d.]+)", text)[1])
    assert abs(alpha - 1.5) < 0.1
    for sg, mean in re.findall(r"sigma = ([\d.]+): mean size +([\d.]+)", text):
        sg, mean = float(sg), float(mean)
        # closed forms of a Poisson branching process: mean 1/(1 - sigma), variance
        # sigma/(1 - sigma)^3; 20,000 avalanches, 4 standard errors
        se = math.sqrt(sg / (1 - sg) ** 3 / 20_000)
        assert abs(mean - 1 / (1 - sg)) < 4 * se + 0.01, (sg, mean)
    # at sigma = 1.2 an avalanche dies out with the probability q = exp(sigma (q - 1)) < 1
    q = 0.5
    for _ in range(200):
        q = math.exp(1.2 * (q - 1))
    runaway = float(re.search(r"stopped at the cap: sigma = 1.2: (\d+)%", text)[1]) / 100
    assert abs(runaway - (1 - q)) < 4 * math.sqrt(q * (1 - q) / 2_000) + 0.005, (runaway, 1 - q)
    assert "the entropy of the sizes peaks at sigma = 1.0" in text


def test_tutorial_cli_errors(tmp_path, capsys):
    from neuroai.__main__ import main
    assert main(["tutorial", "--out", str(tmp_path), "99_nothing"]) == 1
    assert "no tutorial notebook '99_nothing'" in capsys.readouterr().err


def test_tutorial_cli_without_extras(tmp_path, capsys, monkeypatch):
    import builtins
    from neuroai.__main__ import main
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "nbclient":
            raise ImportError("No module named 'nbclient'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert main(["tutorial", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nbclient" in err and 'pip install ".[notebook]"' in err


@pytest.mark.source_tree
def test_notebooks_ship_with_the_package(tmp_path):
    # build_py copies notebooks/*.ipynb into the package as neuroai/notebooks;
    # Python 3.12+ venvs have no setuptools unless asked for, and older ones an
    # older setuptools than pyproject.toml's build requires (77, for the SPDX
    # license); pip builds with its own
    pytest.importorskip("setuptools", minversion="77")
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    shipped = sorted(p.name for p in (tmp_path / "neuroai" / "notebooks").glob("*.ipynb"))
    assert shipped == NAMES
    assert (tmp_path / "neuroai" / "tutorial.py").exists()
    for so in (ROOT / "neuroai").glob("_core*"):      # the in-place build of the C core
        (tmp_path / "neuroai" / so.name).write_bytes(so.read_bytes())
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import neuroai.tutorial as t; "
            "print(t.notebook_dir())")
    # the installed layout finds its own copy (no _core needed for this)
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()) == tmp_path / "neuroai" / "notebooks"


def test_the_package_finds_its_notebooks():
    # an installed wheel holds them as neuroai/notebooks, a checkout in notebooks/
    from neuroai import tutorial

    assert [p.name for p in tutorial.notebooks()] == NAMES


def _solutions():
    """Notebook stub (by its first line) -> the source that replaces it."""
    import inspect

    import course_solutions as s

    def src(*objs):
        return "\n\n".join(inspect.getsource(o) for o in objs)
    return {
        "def sigmoid": src(s.sigmoid, s.relu),
        "class Perceptron": src(s.Perceptron),
        "def perceptron_layer": src(s.perceptron_layer),
        "def lif_voltage_step": src(s.lif_voltage_step),
        "class LIFNeuron": src(s.LIFNeuron),
        "def compute_fi_curve": src(s.compute_fi_curve),
        "def lif_rate": src(s.lif_rate),
        "class Synapse": src(s.Synapse),
        "class DepressingSynapse": src(s.DepressingSynapse),
        "class FacilitatingSynapse": src(s.FacilitatingSynapse),
        "def poisson_train": src(s.poisson_train),
        "class LIFWithSynapse": src(s.LIFWithSynapse),
    }


def test_notebook_02_with_solutions_passes_every_check(tmp_path):
    """The stubs' signatures and the checks agree: a student who fills every
    stub correctly sees only passing checks."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import tutorial

    solutions = _solutions()
    nb = nbformat.read(NBDIR / "02_neuron_and_perceptron.ipynb", as_version=4)
    filled = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and "raise NotImplementedError" in cell.source:
            key = next(k for k in solutions if cell.source.lstrip().startswith(k))
            cell.source = solutions[key].strip()
            filled.add(key)
    assert filled == set(solutions)
    path = tmp_path / "solved.ipynb"
    nbformat.write(nb, path)
    done, _ = tutorial.execute(path)
    text = "".join("".join(o.get("text", "")) for c in done.cells if c.cell_type == "code"
                   for o in c.outputs if o.output_type == "stream")
    assert "✗" not in text, text
    assert text.count("✓") == 13


@pytest.mark.source_tree          # notebooks/build.py reads the package source
def test_notebook_03_with_its_solutions_passes_every_check(tmp_path):
    """The instructor's notebook 03 (its exercises solved) runs, every check
    passes, and the student's version is what release() makes of it."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import classroom, tutorial

    build = _build_module()
    name = "03_learning.ipynb"
    path = tmp_path / name
    path.write_text(build.render_instructor(name), encoding="utf-8")
    assert classroom.release(path) == (NBDIR / name).read_text(encoding="utf-8")
    done, _ = tutorial.execute(path)
    text = "".join("".join(o.get("text", "")) for c in done.cells if c.cell_type == "code"
                   for o in c.outputs if o.output_type == "stream")
    assert "✗" not in text, text
    assert text.count("✓") == 2
    assert "✓ stdp_window" in text and "✓ hopfield_update" in text
    nbformat.write(done, path)                  # saved after the run: the check reads the file
    assert "0 of 5 questions answered, 2 of 2 exercise checks pass" in str(classroom.check(path))


@pytest.mark.source_tree          # notebooks/build.py reads the package source
def test_notebook_04_with_its_solutions_passes_every_check(tmp_path):
    """The instructor's notebook 04 (its exercises solved) runs, every check
    passes, and the student's version is what release() makes of it."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    import re

    from neuroai import classroom, tutorial

    build = _build_module()
    name = "04_coding.ipynb"
    path = tmp_path / name
    path.write_text(build.render_instructor(name), encoding="utf-8")
    assert classroom.release(path) == (NBDIR / name).read_text(encoding="utf-8")
    done, _ = tutorial.execute(path)
    text = "".join("".join(o.get("text", "")) for c in done.cells if c.cell_type == "code"
                   for o in c.outputs if o.output_type == "stream")
    assert "✗" not in text, text
    assert text.count("✓") == 3
    assert "fano_factor used ddof = 0" in text
    nbformat.write(done, path)                  # saved after the run: the check reads the file
    assert "0 of 5 questions answered, 3 of 3 exercise checks pass" in str(classroom.check(path))
    est = [float(v) for v in re.search(r"mean estimate per stimulus: \[([^\]]+)\]", text)[1].split()]
    assert est == sorted(est) and est[0] > 0.0 and est[-1] < 1.0     # pulled toward the middle
