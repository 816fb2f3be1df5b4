"""The name clash with other distributions of a `neuroai` package, and `neuroai doctor`.

The course's own distribution, `neuroai-tutorials`, installs `neuroai/__init__.py`
and `neuroai/plotting.py`.  These tests build that situation in temporary folders
(a fake dist-info with its RECORD, a package folder) and run Python on them in
subprocesses, so the environment running the tests is never changed.
"""
import os
import shutil
import subprocess
import sys
import warnings

import pytest

import neuroai
from neuroai import _doctor

PKG = os.path.dirname(neuroai.__file__)
COURSE_RECORD = (
    "neuroai/__init__.py,sha256=AAAA,33\n"
    "neuroai/plotting.py,sha256=BBBB,1200\n"
    "neuroai/__pycache__/plotting.cpython-311.pyc,,\n"
    "neuroai_tutorials-0.1.0.dist-info/METADATA,,\n"
    "neuroai_tutorials-0.1.0.dist-info/RECORD,,\n")


def fake_dist(site, name, version, record):
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    (info / "RECORD").write_text(record)
    return info


def run(args, cwd, env_extra, isolated=False):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONWARNINGS")}
    env.update(env_extra)
    cmd = [sys.executable] + (["-S"] if isolated else []) + args
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_quick_check_finds_the_course_package_and_skips_neuroai_kit(tmp_path):
    fake_dist(tmp_path, "neuroai-tutorials", "0.1.0", COURSE_RECORD)
    fake_dist(tmp_path, "neuroai-kit", "0.1.0", "neuroai/__init__.py,sha256=CCCC,10\n")
    fake_dist(tmp_path, "neuroai-extras", "1.0", "neuroai_extras/__init__.py,,\n")
    found = _doctor.clashes([str(tmp_path)])
    assert found == {"neuroai-tutorials": ["neuroai/__init__.py", "neuroai/plotting.py"]}
    assert _doctor.clashes([str(tmp_path / "missing")]) == {}


def test_quick_check_reads_quoted_and_windows_records(tmp_path):
    fake_dist(tmp_path, "neuroai-tutorials", "0.1.0",
              '"neuroai/__init__.py",sha256=AAAA,33\r\nneuroai/x y.py,,\r\n')
    assert _doctor.clashes([str(tmp_path)]) == {
        "neuroai-tutorials": ["neuroai/__init__.py", "neuroai/x y.py"]}


def test_the_shipped_environment_has_no_clash():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _doctor.clashes() == {}


def test_import_warns_once_naming_the_other_distribution_and_the_fix(tmp_path):
    site = tmp_path / "site"
    fake_dist(site, "neuroai-tutorials", "0.1.0", COURSE_RECORD)
    code = ("import warnings; warnings.simplefilter('always'); import neuroai, importlib; "
            "importlib.import_module('neuroai'); print(neuroai.LIFNeuron)")
    r = run(["-c", code], tmp_path, {"PYTHONPATH": str(site)})
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("PackageClashWarning") == 1, r.stderr
    assert "neuroai-tutorials (neuroai/__init__.py, neuroai/plotting.py)" in r.stderr
    assert "pip uninstall -y neuroai-tutorials" in r.stderr
    assert "--force-reinstall" in r.stderr
    # and no warning without the other distribution
    r = run(["-c", code], tmp_path, {})
    assert r.returncode == 0 and "PackageClashWarning" not in r.stderr, r.stderr


def course_layout(site, with_init=True):
    """`neuroai/` as the course's package leaves it over neuroai-kit: its own
    __init__.py and plotting.py, neuroai-kit's command-line files."""
    pkg = site / "neuroai"
    pkg.mkdir(parents=True)
    if with_init:
        (pkg / "__init__.py").write_text('"""A package of the same name."""\n')
    (pkg / "plotting.py").write_text("")
    for name in ("__main__.py", "_doctor.py"):
        shutil.copy(os.path.join(PKG, name), pkg / name)
    fake_dist(site, "neuroai-tutorials", "0.1.0", COURSE_RECORD)


def test_doctor_explains_a_package_replaced_by_the_course(tmp_path):
    site = tmp_path / "site"
    course_layout(site)
    # -S: only the fake folder is on the path, whatever this environment holds
    r = run(["-m", "neuroai", "doctor"], tmp_path, {"PYTHONPATH": str(site)}, isolated=True)
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout
    assert f"import neuroai: {site / 'neuroai'}" in out
    assert "also owns files in neuroai/: neuroai-tutorials" in out
    assert "pip uninstall -y neuroai-tutorials" in out
    assert "C core: does not load" in out
    assert "neuroai-kit: not installed" in out


def test_doctor_explains_a_namespace_left_by_an_uninstall(tmp_path):
    site = tmp_path / "site"
    course_layout(site, with_init=False)
    r = run(["-m", "neuroai", "doctor"], tmp_path, {"PYTHONPATH": str(site)}, isolated=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "it has no __init__.py: a namespace package" in r.stdout
    assert "neuroai/__init__.py is missing" in r.stdout


def test_doctor_on_this_environment(tmp_path):
    r = run(["-m", "neuroai", "doctor"], tmp_path, {})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No problems found." in r.stdout
    assert f"neuroai-kit: version {neuroai.__version__}" in r.stdout
    assert "C core: " in r.stdout and f"interface version {neuroai._CORE_ABI}" in r.stdout


def test_doctor_finds_changed_and_missing_files_of_a_regular_install(tmp_path, monkeypatch):
    # a regular install's record, pointed at a copy of two of its files
    import base64
    import hashlib
    from importlib import metadata

    site = tmp_path / "site"
    pkg = site / "neuroai"
    pkg.mkdir(parents=True)
    body = b'"""neuroai."""\n'
    (pkg / "__init__.py").write_bytes(b"changed\n")
    digest = base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
    info = fake_dist(site, "neuroai-kit", "0.1.0",
                     f"neuroai/__init__.py,sha256={digest},{len(body)}\n"
                     f"neuroai/lif.py,sha256={digest},{len(body)}\n")
    dist = metadata.PathDistribution(info)
    monkeypatch.setattr(_doctor, "_own_distribution", lambda: dist)
    lines, problems, fixes = _doctor.report()
    text = "\n".join(lines)
    assert "missing files of neuroai-kit: neuroai/lif.py" in text
    assert "replaced by other contents: neuroai/__init__.py" in text
    assert any("--force-reinstall" in f for f in fixes)
    (pkg / "__init__.py").write_bytes(body)
    (pkg / "lif.py").write_bytes(body)
    lines, problems, fixes = _doctor.report()
    assert "the 2 files neuroai-kit installed are present and unchanged" in "\n".join(lines)
