"""Packaging metadata of a source checkout: SPDX license with its file, the
Pythons declared where they are tested, portable flags with warnings as
errors only on request, and the cibuildwheel targets."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.source_tree


def _pyproject():
    try:
        import tomllib
    except ImportError:                      # Python 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_expression_with_its_file():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted" in text
    assert not any(c.startswith("License ::") for c in project["classifiers"])


def test_declared_pythons_are_the_built_and_tested_ones():
    cfg = _pyproject()
    project = cfg["project"]
    assert project["requires-python"] == ">=3.10"
    minors = sorted(int(m) for m in re.findall(r"Python :: 3\.(\d+)$",
                                                "\n".join(project["classifiers"]), re.M))
    assert minors == [10, 11, 12, 13]
    build = cfg["tool"]["cibuildwheel"]["build"].split()
    assert build == [f"cp3{m}-*" for m in minors]
    matrix = (ROOT / ".ci" / "matrix").read_text(encoding="utf-8")
    assert '"3.10:floors 3.13:newest"' in matrix


def test_floors_in_pyproject_are_the_ones_the_matrix_pins():
    cfg = _pyproject()
    deps = cfg["project"]["dependencies"] + cfg["project"]["optional-dependencies"]["plot"]
    floors = dict(re.match(r"(\w+)>=([\d.]+)", d).groups() for d in deps)
    matrix = (ROOT / ".ci" / "matrix").read_text(encoding="utf-8")
    pins = dict(re.findall(r'"(numpy|matplotlib)==([\d.]+)\.\*"', matrix))
    assert pins == {k: floors[k] for k in ("numpy", "matplotlib")}


def test_cibuildwheel_targets_and_test_command():
    cibw = _pyproject()["tool"]["cibuildwheel"]
    assert cibw["linux"]["archs"] == ["x86_64", "aarch64"]
    assert cibw["macos"]["archs"] == ["x86_64", "arm64"]
    assert cibw["windows"]["archs"] == ["AMD64"]
    assert ".ci/installed_tests.py" in cibw["test-command"]
    assert (ROOT / ".ci" / "installed_tests.py").is_file()


def test_flags_are_portable_and_werror_is_opt_in():
    pytest.importorskip("setuptools")
    code = ("import runpy, sys; sys.argv = ['setup.py', '--name']; "
            "g = runpy.run_path('setup.py'); "
            "print(repr(g['CORE_FLAGS']), repr(g['MSVC_FLAGS']), g['WERROR'])")
    for env, werror in (({}, "False"), ({"NEUROAI_WERROR": "1"}, "True")):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, env={**_clean_env(), **env}, check=True).stdout
        flags = out.strip().splitlines()[-1]
        assert flags.endswith(werror)
        assert "-march" not in flags and "-mavx" not in flags and "-Werror" not in flags
        assert "/std:c11" in flags and "-std=c99" in flags


def _clean_env():
    import os
    return {k: v for k, v in os.environ.items() if k != "NEUROAI_WERROR"}
