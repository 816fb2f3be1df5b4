"""python -m neuroai check/export: exit status 0 done, 1 incomplete, 2 error."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from neuroai.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
NB01 = ROOT / "notebooks" / "01_what_is_neuroai.ipynb"


def _nb(path, cells):
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


ANSWER = {"cell_type": "markdown", "source": "One here. Two here.",
          "metadata": {"tags": ["answer", "answer:q"], "neuroai": {"sentences": [2, 4]}}}


@pytest.mark.parametrize("cells, match", [
    ([ANSWER, 3], "cell 1"),
    ([ANSWER, {"cell_type": "markdown", "source": "x", "metadata": ["tags"]}], "cell 1"),
    ([{**ANSWER, "metadata": {"tags": ["answer", 7]}}], "cell 0"),
    ([{**ANSWER, "metadata": {"tags": "answer"}}], "cell 0"),
    ([{**ANSWER, "metadata": {"tags": ["answer"], "neuroai": {"sentences": "2-4"}}}], "cell 0"),
])
def test_malformed_notebook_is_an_error_not_incomplete(tmp_path, capsys, cells, match):
    nb = _nb(tmp_path / "m.ipynb", cells)
    for argv in (["check", str(nb)], ["export", str(nb), "--out", str(tmp_path / "a.md")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "m.ipynb" in err and match in err
        assert "Traceback" not in err
    assert not (tmp_path / "a.md").exists()


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", "{\"cells\": [\"caf\u00e9\"]}"
                                     .encode("latin-1"), b"[" * 100000])
def test_unreadable_file_is_an_error(tmp_path, capsys, content):
    p = tmp_path / "u.ipynb"
    p.write_bytes(content)
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "u.ipynb" in err and "Traceback" not in err


def test_exit_status_incomplete_and_complete(tmp_path, capsys):
    assert main(["check", str(_nb(tmp_path / "a.ipynb", [{**ANSWER, "source": "One."}]))]) == 1
    assert main(["check", str(_nb(tmp_path / "b.ipynb", [ANSWER]))]) == 0
    capsys.readouterr()


def test_export_needs_force_to_replace(tmp_path, capsys):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    out = tmp_path / "a.md"
    out.write_text("earlier")
    assert main(["export", str(nb), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err
    assert out.read_text() == "earlier"
    assert main(["export", str(nb), "--out", str(out), "--force"]) == 2
    assert "--incomplete" in capsys.readouterr().err       # nothing is answered yet
    assert out.read_text() == "earlier"
    assert main(["export", str(nb), "--out", str(out), "--force", "--incomplete",
                 "--name", "Ada", "--id", "s1"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Answers: s.ipynb")
    capsys.readouterr()


def test_export_to_the_notebook_is_an_error(tmp_path, capsys):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    before = Path(nb).read_bytes()
    assert main(["export", str(nb), "--out", str(nb), "--force"]) == 2
    assert "must not be the notebook" in capsys.readouterr().err
    assert Path(nb).read_bytes() == before


def test_module_entry_point_exit_status(tmp_path):
    bad = _nb(tmp_path / "m.ipynb", [ANSWER, 3])
    r = subprocess.run([sys.executable, "-m", "neuroai", "check", str(bad)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "cell 1" in r.stderr and "Traceback" not in r.stderr


def test_version_flag_prints_the_package_version():
    import neuroai
    r = subprocess.run([sys.executable, "-m", "neuroai", "--version"], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"neuroai {neuroai.__version__}"


def test_installed_version_is_the_packages():
    # pyproject.toml reads the version from neuroai/__init__.py: one place
    from importlib import metadata

    import neuroai
    try:
        installed = metadata.version("neuroai-kit")
    except metadata.PackageNotFoundError:
        pytest.skip("neuroai-kit is not installed (an in-place build)")
    assert installed == neuroai.__version__
