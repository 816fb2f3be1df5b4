"""Instructor's version -> student's version: the committed student notebooks
are what release() makes of the instructor's, and no solution slips through."""
import importlib.util
import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

from neuroai import classroom  # noqa: E402
from neuroai.__main__ import main  # noqa: E402

NBDIR = Path(__file__).resolve().parents[1] / "notebooks"


def _build():
    spec = importlib.util.spec_from_file_location("notebook_build", NBDIR / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.source_tree          # notebooks/build.py reads the package source
@pytest.mark.parametrize("name", ["01_what_is_neuroai.ipynb", "02_neuron_and_perceptron.ipynb",
                                  "03_learning.ipynb"])
def test_the_student_version_is_the_released_instructor_version(name, tmp_path):
    build = _build()
    inst = tmp_path / name
    inst.write_text(build.render_instructor(name), encoding="utf-8")
    out = tmp_path / "student.ipynb"
    text = classroom.release(inst, out)
    assert text == (NBDIR / name).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == text
    sols = [c for c in json.loads(inst.read_text())["cells"]
            if "solution" in c["metadata"].get("tags", [])]
    if name[:2] in ("02", "03"):
        assert len(sols) == {"02": 12, "03": 2}[name[:2]]
        for c in sols:                      # the solution is there, not the stub
            assert "raise NotImplementedError" not in "".join(c["source"])
            assert "raise NotImplementedError" in c["metadata"]["neuroai"]["stub"]
    else:
        assert sols == []


def test_release_drops_instructor_cells_and_outputs_and_refuses_a_bare_solution(tmp_path):
    nb = nbformat.v4.new_notebook()
    sol = nbformat.v4.new_code_cell("answer = 42", outputs=[], execution_count=3)
    sol.metadata = {"tags": ["solution", "keep"], "neuroai": {"stub": "answer = ..."}}
    note = nbformat.v4.new_markdown_cell("Expected: 42")
    note.metadata["tags"] = ["instructor"]
    nb.cells = [sol, note, nbformat.v4.new_code_cell("print(1)", execution_count=1)]
    p = tmp_path / "i.ipynb"
    nbformat.write(nb, p)
    out = json.loads(classroom.release(p))
    assert [("".join(c["source"]), c["metadata"]) for c in out["cells"]] == [
        ("answer = ...", {"tags": ["keep"]}), ("print(1)", {})]
    assert all(c["execution_count"] is None and c["outputs"] == [] for c in out["cells"])
    del nb.cells[0].metadata["neuroai"]
    nbformat.write(nb, p)
    with pytest.raises(ValueError, match="cell 0: a solution cell needs its stub"):
        classroom.release(p)


@pytest.mark.source_tree
def test_release_command(tmp_path, capsys):
    build = _build()
    name = "02_neuron_and_perceptron.ipynb"
    inst = tmp_path / "inst.ipynb"
    inst.write_text(build.render_instructor(name), encoding="utf-8")
    out = tmp_path / "student.ipynb"
    assert main(["release", str(inst), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (NBDIR / name).read_text(encoding="utf-8")
    assert main(["release", str(inst), "--out", str(out)]) == 2     # not replaced silently
    assert main(["release", str(inst), "--out", str(inst), "--force"]) == 2
    assert "must not be the notebook" in capsys.readouterr().err
