"""neuroai start: the course notebooks copied into the student's own folder,
never over the student's files, then JupyterLab started there; and the
README's commands run from the root of a clone."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy
import pytest

import neuroai
from neuroai import _source_tree, tutorial, workspace
from neuroai.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
NAMES = [p.name for p in tutorial.notebooks()]


def _course(tmp_path, text="v1"):
    """A fake course of two notebooks whose content is ``text``."""
    d = tmp_path / f"course-{text}"
    d.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        (d / name).write_text(json.dumps({"course": text, "name": name}))
    return sorted(d.glob("*.ipynb"))


def test_copies_the_course_and_never_overwrites(tmp_path):
    ws = tmp_path / "ws"
    done = workspace.prepare(ws, notebooks=_course(tmp_path, "v1"), version="0.1")
    assert [(c.name, c.status) for c in done] == [("01_a.ipynb", "copied"),
                                                  ("02_b.ipynb", "copied")]
    assert json.loads((ws / "01_a.ipynb").read_text())["course"] == "v1"
    # again: nothing to do
    again = workspace.prepare(ws, notebooks=sorted((tmp_path / "course-v1").glob("*.ipynb")),
                              version="0.1")
    assert [c.status for c in again] == ["current", "current"]
    # the student works in 01: it stays theirs
    (ws / "01_a.ipynb").write_text("my answers")
    kept = workspace.prepare(ws, notebooks=sorted((tmp_path / "course-v1").glob("*.ipynb")),
                             version="0.1")
    assert [c.status for c in kept] == ["kept", "current"]
    assert (ws / "01_a.ipynb").read_text() == "my answers"
    # a newer course: written beside the student's file, which is untouched;
    # the untouched 02 is not replaced either (never overwrite)
    new = workspace.prepare(ws, notebooks=_course(tmp_path, "v2"), version="0.2")
    assert [c.status for c in new] == ["new-version", "new-version"]
    assert (ws / "01_a.ipynb").read_text() == "my answers"
    assert json.loads((ws / "02_b.ipynb").read_text())["course"] == "v1"
    assert new[0].new_path == ws / "01_a.new-0.2.ipynb"
    assert json.loads(new[0].new_path.read_text())["course"] == "v2"
    assert "01_a.new-0.2.ipynb" in str(new[0]) and "kept" in str(new[0])
    # once told, not told again; and the newer version is not written twice
    before = sorted(p.name for p in ws.iterdir())
    later = workspace.prepare(ws, notebooks=sorted((tmp_path / "course-v2").glob("*.ipynb")),
                              version="0.2")
    assert [c.status for c in later] == ["kept", "kept"]
    assert sorted(p.name for p in ws.iterdir()) == before


def test_a_new_version_never_replaces_an_earlier_new_version(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "01_a.ipynb").write_text("mine")
    (ws / "01_a.new-0.2.ipynb").write_text("I worked in this one too")
    done = workspace.prepare(ws, notebooks=_course(tmp_path, "v2")[:1], version="0.2")
    assert done[0].new_path == ws / "01_a.new-0.2-2.ipynb"
    assert (ws / "01_a.new-0.2.ipynb").read_text() == "I worked in this one too"


def test_refuses_the_package_and_the_checkout(tmp_path):
    pkg = Path(neuroai.__file__).resolve().parent
    for bad in (pkg / "course-here", tutorial.notebook_dir()):
        with pytest.raises(ValueError, match="inside neuroai's own files"):
            workspace.prepare(bad)
    if _source_tree.checkout_root(pkg) is not None:
        with pytest.raises(ValueError, match="choose a folder of your own"):
            workspace.prepare(pkg.parent / "neuroai-course")
        assert not (pkg.parent / "neuroai-course").exists()


def test_cli_start_without_launch(tmp_path, capsys):
    assert main(["start", str(tmp_path / "ws"), "--no-launch"]) == 0
    out = capsys.readouterr().out
    assert f"your course folder: {tmp_path / 'ws'}" in out
    assert sorted(p.name for p in (tmp_path / "ws").glob("*.ipynb")) == NAMES
    for name in NAMES:
        assert (tmp_path / "ws" / name).read_bytes() == (tutorial.notebook_dir()
                                                          / name).read_bytes()
    # the package's own notebooks (a checkout's notebooks/ or an install's copy)
    assert main(["start", str(tutorial.notebook_dir()), "--no-launch"]) == 2
    assert "inside neuroai's own files" in capsys.readouterr().err


def test_default_folder_is_in_the_home_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert workspace.default_dir() == tmp_path / "neuroai-course"


def _fake_jupyterlab(tmp_path):
    """A ``jupyterlab`` package whose ``python -m jupyterlab`` records how it was run."""
    fake = tmp_path / "fake"
    (fake / "jupyterlab").mkdir(parents=True)
    (fake / "jupyterlab" / "__init__.py").write_text("")
    (fake / "jupyterlab" / "__main__.py").write_text(textwrap.dedent("""
        import json, os, sys
        with open(os.environ["FAKE_LAB_RECORD"], "w") as f:
            json.dump({"argv": sys.argv[1:], "cwd": os.getcwd()}, f)
    """))
    return fake


def test_launch_runs_jupyterlab_in_the_folder(tmp_path):
    fake = _fake_jupyterlab(tmp_path)
    record = tmp_path / "record.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(FAKE_LAB_RECORD=str(record),
               PYTHONPATH=os.pathsep.join([str(fake), str(ROOT), env.get("PYTHONPATH", "")]))
    ws = tmp_path / "ws"
    r = subprocess.run([sys.executable, "-m", "neuroai", "start", str(ws),
                        "--jupyter=--port=8999"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    ran = json.loads(record.read_text())
    assert Path(ran["cwd"]) == ws
    assert f"--ServerApp.root_dir={ws}" in ran["argv"]
    # JupyterLab refuses to run as root without --allow-root
    assert ("--allow-root" in ran["argv"]) == (os.geteuid() == 0)
    if sys.platform.startswith("linux"):
        assert "--no-browser" in ran["argv"]         # no display here
    assert ran["argv"][-1] == "--port=8999"
    assert sorted(p.name for p in ws.glob("*.ipynb")) == NAMES


def test_launch_without_jupyterlab_says_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "jupyterlab" else real(name, *a))
    assert workspace.launch(tmp_path) == 2
    assert "[notebook]" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# The README's commands from the root of a clone
# ---------------------------------------------------------------------------
@pytest.fixture
def clone_and_install(tmp_path):
    """A clone without an in-place build of the C core, and the package
    installed from it into a separate site folder (the Python files by
    ``build_py``, the C core this test run uses, built from the same sources)."""
    from neuroai import _core
    if _core.SOURCE_HASH != _source_tree.source_hash(ROOT / "csrc"):
        pytest.skip("the C core in use is not built from this checkout's csrc/")
    # setup.py needs the setuptools pyproject.toml's build asks for (77, for the
    # SPDX license); a venv's bundled one may be older, or absent (3.12+)
    pytest.importorskip("setuptools", minversion="77")
    clone, site = tmp_path / "clone", tmp_path / "site"
    for d in ("neuroai", "csrc", "notebooks"):
        shutil.copytree(ROOT / d, clone / d,
                        ignore=shutil.ignore_patterns("_core*", "__pycache__", "notebooks"
                                                      if d == "neuroai" else "__nothing__"))
    for f in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / f, clone / f)
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(site)],
                   cwd=clone, check=True, capture_output=True)
    shutil.copy(_core.__file__, site / "neuroai" / Path(_core.__file__).name)
    return clone, site


def _run_in(cwd, *args, path=()):
    # -S: no site-packages processing, so that no editable install of this
    # checkout is seen; only ``path`` (the "installed" site) and NumPy's folder
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [*map(str, path), str(Path(numpy.__file__).resolve().parents[1])])}
    return subprocess.run([sys.executable, "-S", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


CHECK_IMPORT = ("import neuroai, numpy as np; "
                "r = neuroai.LIFNeuron().simulate(np.full(2000, 2.0), dt=0.1); "
                "print(neuroai.__file__); print(neuroai._core.__file__); print(len(r.spike_times))")


def test_import_from_the_clone_root_uses_the_installed_core(clone_and_install, tmp_path):
    clone, site = clone_and_install
    r = _run_in(clone, "-c", CHECK_IMPORT, path=[site])
    assert r.returncode == 0, r.stderr
    pkg, core, n = r.stdout.split()
    # the source folder shadows the installed one, and works with its C core
    assert Path(pkg).parent == clone / "neuroai"
    assert Path(core).parent == site / "neuroai"
    assert int(n) == 5           # 2 nA for 200 ms: ISI 35.8 ms from the closed form
    # the README's `neuroai start`, from the clone's root
    ws = tmp_path / "ws"
    r = _run_in(clone, "-m", "neuroai", "start", str(ws), "--no-launch", path=[site])
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in ws.glob("*.ipynb")) == NAMES


def test_clone_root_without_any_build_names_the_fix(clone_and_install):
    clone, _ = clone_and_install
    r = _run_in(clone, "-c", "import neuroai")
    assert r.returncode == 1
    assert "circular import" not in r.stderr
    assert "build the C core in place" in r.stderr and "pip install -e ." in r.stderr


def test_clone_root_with_a_stale_install_names_the_fix(clone_and_install):
    clone, site = clone_and_install
    with open(clone / "csrc" / "nai_lif.c", "a") as f:
        f.write("\n/* changed after the install */\n")
    r = _run_in(clone, "-c", "import neuroai", path=[site])
    assert r.returncode == 1
    assert "other C sources" in r.stderr and "pip install ." in r.stderr
    assert "circular import" not in r.stderr


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, timeout=2.0):
    import urllib.request
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read()


def test_start_serves_the_course_in_a_real_jupyterlab(tmp_path):
    # `neuroai start` as the README gives it, with JupyterLab itself: the
    # server comes up in the student's folder, lists the course's notebooks,
    # opens each as a notebook, serves the lab page, and stops on a signal.
    pytest.importorskip("jupyterlab")
    import signal
    import time
    import urllib.error
    port, token = _free_port(), "neuroai-test-token"
    ws = tmp_path / "ws"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "neuroai", "start", str(ws), f"--jupyter=--port={port}",
         f"--jupyter=--IdentityProvider.token={token}", "--jupyter=--ServerApp.port_retries=0"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, listing = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = _get(f"{base}/api/contents?token={token}")
                listing = json.loads(body)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        assert listing is not None, (proc.poll(), proc.stdout.read1() if proc.poll() else b"")
        names = sorted(e["name"] for e in listing["content"] if e["type"] == "notebook")
        assert names == NAMES
        for name in names:
            status, body = _get(f"{base}/api/contents/{name}?token={token}", timeout=10)
            nb = json.loads(body)
            assert status == 200 and nb["type"] == "notebook"
            assert nb["content"]["cells"] and nb["content"]["metadata"]["neuroai"]
        status, body = _get(f"{base}/lab?token={token}", timeout=10)
        assert status == 200 and b"JupyterLab" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
