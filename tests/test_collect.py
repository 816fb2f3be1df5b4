"""neuroai collect: a class's submissions in one overview, nothing dropped."""
import csv
import html
import json
from pathlib import Path

import pytest

from neuroai import classroom
from neuroai.__main__ import main

from test_handin import DONE, RICH, _copy


def _class(tmp_path):
    """Three students' JSON exports, one handed-in notebook, and bad files."""
    sub = tmp_path / "class"
    sub.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    for name, sid, texts in (("Ada", "a1", DONE), ("Bo", "b2", RICH),
                             ("Cy", "c3", {"reflection-1": "Only this. Nothing else."})):
        nb = _copy(work / f"{sid}.ipynb", texts, student=(name, sid))
        classroom.export(nb, sub / f"{sid}.json", format="json", incomplete=True)
    # Ada again (a resubmission), Bo's notebook itself, a copy of Ada's answers by Dee
    nb = _copy(work / "a1-again.ipynb", DONE, student=("Ada", "a1"))
    classroom.export(nb, sub / "a1-again.json", format="json")
    (sub / "hand-in").mkdir()
    _copy(sub / "hand-in" / "bo.ipynb", RICH, student=("Bo", "b2-nb"))
    nb = _copy(work / "d4.ipynb", DONE, student=("Dee", "d4"))
    classroom.export(nb, sub / "d4.json", format="json")
    (sub / "broken.json").write_text("{not json")
    (sub / "other.json").write_text(json.dumps({"hello": 1}))
    classroom.export(_copy(work / "e5.ipynb", DONE, student=("Eve", "e5")), sub / "e5_answers.md")
    return sub


def test_collect_lists_every_submission_and_every_problem(tmp_path):
    sub = _class(tmp_path)
    col = classroom.collect(sub)
    files = sorted(s["file"] for s in col.submissions)
    assert files == sorted(["a1.json", "b2.json", "c3.json", "a1-again.json", "d4.json",
                            "broken.json", "other.json", "hand-in/bo.ipynb"])
    by = {s["file"]: s for s in col.submissions}
    assert by["a1.json"]["complete"] and not by["c3.json"]["complete"]
    assert by["b2.json"]["answers"]["reflection-4"]["answer"] == RICH["reflection-4"]
    assert by["hand-in/bo.ipynb"]["name"] == "Bo" and by["hand-in/bo.ipynb"]["complete"]
    problems = "\n".join(f"{f}: {w}" for f, w in col.problems)
    assert "broken.json: not a JSON export" in problems
    assert "other.json: not an export of neuroai" in problems
    assert "e5_answers.md: a Markdown export is not read" in problems
    assert "student a1 handed in what-is-neuroai again" in problems
    assert "d4.json: the same answers as a1" in problems
    # the CSV: one row per submission, word counts per question
    rows = list(csv.DictReader((sub / "class_overview.csv").read_text(encoding="utf-8")
                               .splitlines()))
    assert len(rows) == len(files)
    row = {r["file"]: r for r in rows}["b2.json"]
    assert row["name"] == "Bo" and row["complete"] == "yes"
    assert {r["file"]: r for r in rows}["c3.json"]["complete"] == "no"
    assert int(row["reflection-1_words"]) == classroom.count_words(RICH["reflection-1"])
    # the page: every answer shown as text, none run as HTML
    page = (sub / "class_overview.html").read_text(encoding="utf-8")
    assert html.escape(RICH["reflection-3"]) in page and "<b>matters</b>" not in page
    assert page.count("<h3>") == 8


def test_collect_cli_and_overwrite(tmp_path, capsys):
    sub = _class(tmp_path)
    assert main(["collect", str(sub)]) == 0
    assert "8 submissions, 5 complete" in capsys.readouterr().out
    assert main(["collect", str(sub)]) == 2                  # an earlier overview is kept
    assert "--force" in capsys.readouterr().err
    assert main(["collect", str(sub), "--force"]) == 0
    # the overview files are never read as submissions
    assert capsys.readouterr().out.startswith("8 submissions, 5 complete")
    assert main(["collect", str(tmp_path / "nowhere")]) == 2
