"""neuroai.classroom: answers, completeness check and export on filled-in copies."""
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from neuroai import classroom
from neuroai.__main__ import main

NB01 = Path(__file__).resolve().parents[1] / "notebooks" / "01_what_is_neuroai.ipynb"

IDS_01 = ["reflection-1", "reflection-2", "reflection-3", "reflection-4",
          "scenario-1-prediction", "scenario-1", "scenario-2", "scenario-3"]


def _fill(src, dst, texts):
    """Copy the notebook, replacing the answer cells named in ``texts``."""
    nb = json.loads(Path(src).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        for t in tags:
            if t.startswith("answer:") and t[7:] in texts:
                cell["source"] = texts[t[7:]]
    Path(dst).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return dst


def _digest(p):
    return hashlib.sha256(Path(p).read_bytes()).hexdigest()


@pytest.mark.parametrize("text, words, sentences", [
    ("One. Two! Three?", 3, 3),
    ("The brain learns from few examples. Current AI needs many.", 10, 2),
    ("Zador et al. argue this, e.g. in 2019. It takes 3.5 ms.", 12, 2),
    ("no final punctuation here", 4, 1),
    ("A. M. Zador wrote it. Then more", 7, 2),
    ("It's short-term plasticity. Yes.", 4, 2),
    ("_Double-click this cell to edit_\n\n[Your answer here]", 0, 0),
    ("", 0, 0),
    ("Sparse spikes save energy [see Lennie](https://example.org). Dense layers don't.", 9, 2),
])
def test_counts(text, words, sentences):
    assert classroom.count_words(text) == words
    assert classroom.count_sentences(text) == sentences


def test_fresh_notebook_is_all_unanswered():
    rep = classroom.check(NB01)
    assert [a.id for a in rep.answers] == IDS_01
    assert rep.unanswered == IDS_01
    assert rep.out_of_range == []
    assert not rep.complete and not rep
    assert "0 of 8 questions answered" in str(rep)
    # the reflection questions ask for 2-4 sentences, the questions are stored
    a = rep.answers[0]
    assert (a.min_sentences, a.max_sentences) == (2, 4)
    assert a.question.startswith("What is one thing the brain does remarkably well")


def test_filled_copy_check_and_export(tmp_path):
    texts = {
        "reflection-1": "Brains learn from very few examples. Current models need huge data sets. "
                        "That gap interests me.",                          # 3: in range
        "reflection-2": "They are models.",                                 # 1: too short
        "reflection-3": "One. Two. Three. Four. Five.",                      # 5: too long
        "scenario-1-prediction": "The perceptron answers the same; the neuron fires only for "
                                 "the flash.",                              # 1: in range (1-4)
        "scenario-1": "Timing matters.",                                     # no bound
        "scenario-2": "Depression detects onsets. Facilitation detects bursts.",
    }                                  # reflection-4 and scenario-3 left unanswered
    nb = _fill(NB01, tmp_path / "student.ipynb", texts)
    before = _digest(nb)
    rep = classroom.check(nb)
    assert rep.unanswered == ["reflection-4", "scenario-3"]
    assert rep.out_of_range == ["reflection-2", "reflection-3"]
    by_id = {a.id: a for a in rep.answers}
    assert by_id["reflection-1"].sentences == 3 and by_id["reflection-1"].in_range
    assert by_id["reflection-2"].sentences == 1 and by_id["reflection-2"].words == 3
    assert by_id["reflection-3"].sentences == 5
    s = str(rep)
    assert "6 of 8 questions answered" in s
    assert "please write 2-4 sentences" in s
    assert "Still to answer: reflection-4, scenario-3." in s

    md = classroom.export(nb, tmp_path / "answers.md", format="md")
    text = md.read_text(encoding="utf-8")
    assert "## reflection-1" in text
    assert "Brains learn from very few examples." in text
    assert "**Question.** What is one thing the brain does remarkably well" in text
    assert "_(not answered)_" in text
    assert "[Your answer here]" not in text

    js = classroom.export(nb, tmp_path / "answers.json", format="json")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["notebook"] == "student.ipynb"
    assert data["complete"] is False
    assert data["unanswered"] == ["reflection-4", "scenario-3"]
    rows = {r["id"]: r for r in data["answers"]}
    assert rows["scenario-2"]["answer"] == texts["scenario-2"]
    assert rows["scenario-2"]["words"] == 6 and rows["scenario-2"]["sentences"] == 2
    assert rows["reflection-4"]["answered"] is False and rows["reflection-4"]["answer"] == ""
    assert set(rows["reflection-1"]) >= {"id", "question", "answer", "words", "sentences"}
    # the export never modifies the notebook
    assert _digest(nb) == before


def test_complete_notebook(tmp_path):
    texts = {i: "First sentence here. Second sentence here." for i in IDS_01}
    nb = _fill(NB01, tmp_path / "done.ipynb", texts)
    rep = classroom.check(nb)
    assert rep.complete and rep.unanswered == [] and rep.out_of_range == []
    assert "All questions are answered" in str(rep)
    # default export path sits beside the notebook
    out = classroom.export(nb, format="json")
    assert out == tmp_path / "done_answers.json"
    assert json.loads(out.read_text())["complete"] is True


def test_cli_check_and_export(tmp_path, capsys):
    nb = _fill(NB01, tmp_path / "s.ipynb", {"reflection-1": "Too short."})
    before = _digest(nb)
    assert main(["check", str(nb)]) == 1
    out = capsys.readouterr().out
    assert "reflection-1" in out and "please write 2-4 sentences" in out
    assert main(["export", str(nb), "--format", "json", "--out", str(tmp_path / "a.json")]) == 0
    assert json.loads((tmp_path / "a.json").read_text())["out_of_range"] == ["reflection-1"]
    assert main(["export", str(nb), "--format", "md", "--out", str(tmp_path / "a.md")]) == 0
    assert "# Answers: s.ipynb" in (tmp_path / "a.md").read_text()
    assert _digest(nb) == before
    done = _fill(NB01, tmp_path / "d.ipynb", {i: "One here. Two here." for i in IDS_01})
    assert main(["check", str(done)]) == 0


def test_errors(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="no notebook"):
        classroom.check(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    with pytest.raises(ValueError, match="not a notebook"):
        classroom.answers(bad)
    with pytest.raises(ValueError, match='format must be "md" or "json"'):
        classroom.export(NB01, tmp_path / "x.txt", format="txt")
    copy = tmp_path / "c.ipynb"
    shutil.copy(NB01, copy)
    with pytest.raises(ValueError, match="must not be the notebook"):
        classroom.export(copy, copy, format="md")
    assert main(["check", str(tmp_path / "missing.ipynb")]) == 2
    assert "no notebook" in capsys.readouterr().err


def test_no_answer_cells(tmp_path):
    nb = tmp_path / "plain.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                         "source": "hello"}], "metadata": {},
                              "nbformat": 4, "nbformat_minor": 5}))
    rep = classroom.check(nb)
    assert rep.answers == [] and rep.complete
    assert "no answer cells" in str(rep)
