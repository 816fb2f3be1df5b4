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


def _setup_constants(environ):
    """CORE_FLAGS, MSVC_FLAGS and WERROR as setup.py computes them under
    ``environ``: those assignments run alone, so that neither setuptools nor
    NumPy is needed."""
    import ast
    import os
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    keep = [n for n in tree.body if isinstance(n, ast.Assign)
            and {t.id for t in n.targets if isinstance(t, ast.Name)}
            & {"CORE_FLAGS", "MSVC_FLAGS", "WERROR"}]
    assert len(keep) == 3
    env = {"os": type("os", (), {"environ": environ, "path": os.path})}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "setup.py", "exec"), env)
    return env["CORE_FLAGS"], env["MSVC_FLAGS"], env["WERROR"]


def test_flags_are_portable_and_werror_is_opt_in():
    for environ, werror in (({}, False), ({"NEUROAI_WERROR": "0"}, False),
                            ({"NEUROAI_WERROR": "1"}, True)):
        core, msvc, got = _setup_constants(environ)
        assert got is werror
        flags = " ".join(core + msvc)
        assert "-march" not in flags and "-mavx" not in flags and "-Werror" not in flags
        assert "/WX" not in flags
        assert "-std=c99" in core and "-ffp-contract=off" in core and "/std:c11" in msvc
    # the build adds the error flag of the compiler at hand
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '(["-Werror"] if WERROR else [])' in text and '(["/WX"] if WERROR else [])' in text
