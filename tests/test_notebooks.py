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
NAMES = ["01_what_is_neuroai.ipynb", "02_neuron_and_perceptron.ipynb"]

nbformat = pytest.importorskip("nbformat")


def _build_module():
    spec = importlib.util.spec_from_file_location("notebook_build", NBDIR / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_notebook_is_generated():
    build = _build_module()
    assert sorted(build.NOTEBOOKS) == sorted(p.name for p in NBDIR.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(build.NOTEBOOKS) == NAMES


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
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the executed notebook should hold its figures"
    text = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
    if name.startswith("01"):
        # the answer check at the end runs on the (unanswered) notebook itself
        assert "0 of 8 questions answered" in text
        assert "perceptron output: flash 0.731, sustained 0.731" in text
    else:
        # every stub is reported, none crashes the notebook
        assert text.count("not implemented yet") == 13     # one line per checked function or class
    # the source notebook is untouched by the run
    assert all(c.get("outputs", []) == [] for c in
               json.loads((NBDIR / name).read_text())["cells"] if c["cell_type"] == "code")
    print(f"{name}: {seconds:.1f} s")


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


def test_notebooks_ship_with_the_package(tmp_path):
    # build_py copies notebooks/*.ipynb into the package as neuroai/notebooks
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


SOLUTIONS = {
    "def sigmoid": '''
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def relu(z):
    return np.maximum(0.0, z)
''',
    "class Perceptron": '''
class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        rng = np.random.default_rng()
        self.weights = rng.normal(0.0, 0.5, n_inputs)
        self.bias = float(rng.normal(0.0, 0.1))
        self.activation = activation

    def forward(self, x):
        z = np.dot(self.weights, x) + self.bias
        f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: max(0.0, z),
             "tanh": np.tanh, "step": lambda z: 1.0 if z >= 0 else 0.0}[self.activation]
        return f(z)
''',
    "def perceptron_layer": '''
def perceptron_layer(x, n_neurons=10, seed=None):
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.5, (n_neurons, len(x)))
    b = rng.normal(0, 0.1, n_neurons)
    return 1 / (1 + np.exp(-(W @ x + b)))
''',
    "def lif_voltage_step": '''
def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + (-(v - v_rest) + resistance * I) * (dt / tau_m)
''',
    "class LIFNeuron": '''
class LIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def step(self, I, dt):
        self.v = lif_voltage_step(self.v, I, dt, self.tau_m, self.v_rest, self.resistance)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False
''',
    "def compute_fi_curve": '''
def compute_fi_curve(currents, duration=500.0, dt=0.1):
    rates = []
    for I in currents:
        n = LIFNeuron()
        count = sum(n.step(I, dt) for _ in range(int(round(duration / dt))))
        rates.append(count / (duration / 1000.0))
    return np.array(rates)
''',
    "def lif_rate": '''
def lif_rate(I, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
    v_inf = v_rest + resistance * I
    if v_inf <= v_threshold:
        return 0.0
    return 1000.0 / (tau_m * math.log((v_inf - v_reset) / (v_inf - v_threshold)))
''',
    "class Synapse": '''
class Synapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max, self.tau_syn, self.e_syn = g_max, tau_syn, e_syn
        self.g = 0.0

    def receive_spike(self):
        self.g += self.g_max

    def step(self, dt):
        self.g += -self.g * (dt / self.tau_syn)

    def get_current(self, v_post):
        return 1e-3 * self.g * (self.e_syn - v_post)
''',
    "class DepressingSynapse": '''
class DepressingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec, self.u, self.x = tau_rec, u, 1.0

    def receive_spike(self):
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt):
        super().step(dt)
        self.x += (1.0 - self.x) * (dt / self.tau_rec)
''',
    "class FacilitatingSynapse": '''
class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                 e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt):
        super().step(dt)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)
''',
    "def poisson_train": '''
def poisson_train(rate, duration, rng):
    t, out = 0.0, []
    while True:
        t += rng.exponential(1000.0 / rate)
        if t >= duration:
            return np.array(out)
        out.append(t)
''',
    "class LIFWithSynapse": '''
class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIFNeuron()
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        steps = set(np.floor(np.asarray(input_spikes) / dt + 1e-6).astype(int).tolist())
        out = []
        for i in range(int(round(duration / dt))):
            if i in steps:
                self.synapse.receive_spike()
            if self.neuron.step(self.synapse.get_current(self.neuron.v), dt):
                out.append(i * dt)
            self.synapse.step(dt)

        class Result:
            spike_times = np.array(out)
        return Result()
''',
}


def test_notebook_02_with_solutions_passes_every_check(tmp_path):
    """The stubs' signatures and the checks agree: a student who fills every
    stub correctly sees only passing checks."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from neuroai import tutorial

    nb = nbformat.read(NBDIR / "02_neuron_and_perceptron.ipynb", as_version=4)
    filled = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and "raise NotImplementedError" in cell.source:
            key = next(k for k in SOLUTIONS if cell.source.lstrip().startswith(k))
            cell.source = SOLUTIONS[key].strip()
            filled.add(key)
    assert filled == set(SOLUTIONS)
    path = tmp_path / "solved.ipynb"
    nbformat.write(nb, path)
    done, _ = tutorial.execute(path)
    text = "".join("".join(o.get("text", "")) for c in done.cells if c.cell_type == "code"
                   for o in c.outputs if o.output_type == "stream")
    assert "✗" not in text, text
    assert text.count("✓") == 13
