"""Answers that cannot go missing: the check knows the course's questions, finds
the running notebook without its file name, and an export says who, when and
what; only an explicit restore writes the notebook."""
import builtins
import http.server
import json
import os
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from neuroai import classroom
from neuroai.__main__ import main

NB01 = Path(__file__).resolve().parents[1] / "notebooks" / "01_what_is_neuroai.ipynb"
ID01 = "what-is-neuroai"
IDS = ["reflection-1", "reflection-2", "reflection-3", "reflection-4",
       "scenario-1-prediction", "scenario-1", "scenario-2", "scenario-3"]
# every question answered within its range, each answer different
DONE = {i: f"Answer to {i} here. It has two sentences." for i in IDS}
# answers using Markdown, LaTeX, code, HTML and non-ASCII text
RICH = {
    "reflection-1": "# Heading\n\n*Few* examples suffice for brains. **Models** need $10^6$.",
    "reflection-2": "They test hypotheses.\n\n```python\nprint('a ``` b')\n```\nIt helps.",
    "reflection-3": "Pre-wiring <b>matters</b> <!-- note -->. Designs need priors.",
    "reflection-4": "Spikes et l'énergie: 20 W ≈ une ampoule. Ça m'intéresse — 脳.",
    "scenario-1-prediction": "$$\\int I\\,dt = Q$$ The flash wins.",
    "scenario-1": "- timing\n- leak\n\nTiming matters.",
    "scenario-2": "Depression: onsets.   Facilitation: bursts.\t",
    "scenario-3": "Sparse spikes > dense units. Trade-offs: speed vs. energy.",
}


def _cells(nb, cid):
    return [k for k, c in enumerate(nb["cells"]) if c.get("id") == cid]


def _copy(path, texts=DONE, edit=None, student=None):
    """A student's copy of notebook 01 with ``texts`` in the answer cells."""
    nb = json.loads(NB01.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        c["source"] = "".join(c["source"])       # one string, as a front end may save it
        for t in c.get("metadata", {}).get("tags", []):
            if t.startswith("answer:") and t[7:] in texts:
                c["source"] = texts[t[7:]]
        if student is not None and c.get("id") == "about-you":
            c["source"] = f"### About you\n\nName: {student[0]}\n\nStudent id: {student[1]}"
    if edit is not None:
        edit(nb)
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    return Path(path)


def _delete(aid):
    def edit(nb):
        del nb["cells"][_cells(nb, f"answer-{aid}")[0]]
    return edit


def test_deleted_answer_cell_is_missing_never_complete(tmp_path):
    nb = _copy(tmp_path / "s.ipynb", edit=_delete("scenario-3"))
    rep = classroom.check(nb)
    assert [a.id for a in rep.answers] == IDS
    assert rep.missing == ["scenario-3"] and rep.unanswered == ["scenario-3"]
    assert not rep.complete
    text = str(rep)
    assert "7 of 8 questions answered" in text and "All questions are answered" not in text
    assert "scenario-3" in text and "answer cell missing" in text and "restore" in text
    with pytest.raises(ValueError, match="answer cells missing: scenario-3"):
        classroom.export(nb, tmp_path / "a.json", format="json", name="A", student_id="1")
    out = classroom.export(nb, tmp_path / "a.json", format="json", name="A", student_id="1",
                           incomplete=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["missing"] == ["scenario-3"]
    row = {r["id"]: r for r in data["answers"]}["scenario-3"]
    assert row["missing"] is True and row["answer"] == ""
    md = classroom.export(nb, tmp_path / "a.md", name="A", student_id="1", incomplete=True)
    assert "## scenario-3" in md.read_text(encoding="utf-8")
    assert "_(answer cell missing)_" in md.read_text(encoding="utf-8")


def test_questions_come_from_the_course_not_the_copy(tmp_path):
    # the copy's own question list and the cell are both gone: the shipped
    # course notebook still asks the question
    def edit(nb):
        _delete("scenario-3")(nb)
        nb["metadata"]["neuroai"]["questions"] = [
            q for q in nb["metadata"]["neuroai"]["questions"] if q["id"] != "scenario-3"]
    rep = classroom.check(_copy(tmp_path / "s.ipynb", edit=edit))
    assert rep.missing == ["scenario-3"] and rep.questions_from.startswith("the course's")


def test_duplicated_answer_cell_is_one_answer(tmp_path):
    def dup(nb):
        k = _cells(nb, "answer-reflection-1")[0]
        copy = json.loads(json.dumps(nb["cells"][k]))
        copy["id"] = "pasted-1"
        nb["cells"].insert(k + 1, copy)
    rep = classroom.check(_copy(tmp_path / "s.ipynb", edit=dup))
    assert len(rep.answers) == 8 and rep.complete
    assert "8 of 8 questions answered" in str(rep)
    a = rep.answers[0]
    assert len(a.cells) == 2 and a.answer == DONE["reflection-1"]
    assert any("2 cells answer this question" in n for n in a.notes)
    assert "delete the extra cell" in str(rep)

    def dup_other_text(nb):
        dup(nb)
        nb["cells"][_cells(nb, "pasted-1")[0]]["source"] = "More thoughts here."
    a = classroom.check(_copy(tmp_path / "t.ipynb", edit=dup_other_text)).answers[0]
    assert a.answer == DONE["reflection-1"] + "\n\nMore thoughts here."   # nothing dropped


@pytest.mark.parametrize("strip, found_by", [("tags", "metadata"),
                                              ("all", "cell id")])
def test_answer_cell_without_tags_is_found(tmp_path, strip, found_by):
    def edit(nb):
        c = nb["cells"][_cells(nb, "answer-reflection-2")[0]]
        c["metadata"].pop("tags")
        if strip == "all":
            c["metadata"] = {}
    rep = classroom.check(_copy(tmp_path / "s.ipynb", edit=edit))
    a = {x.id: x for x in rep.answers}["reflection-2"]
    assert rep.complete and a.found_by == found_by and a.answer == DONE["reflection-2"]
    assert any("lost its tags" in n and "restore" in n for n in a.notes)


def test_answer_typed_in_the_question_cell_is_recognised(tmp_path):
    texts = {**DONE, "reflection-3": "[Your answer here]"}

    def edit(nb):
        k = _cells(nb, "answer-reflection-3")[0]
        nb["cells"][k - 1]["source"] += "\n\nEvolution gives priors. So should we."
    nb = _copy(tmp_path / "s.ipynb", texts, edit)
    rep = classroom.check(nb)
    a = {x.id: x for x in rep.answers}["reflection-3"]
    assert not a.answered and rep.unanswered == ["reflection-3"]
    assert a.stray == "Evolution gives priors. So should we."
    assert any("cell above the answer cell" in n and "move it into the answer cell" in n
               for n in a.notes)
    assert "Evolution gives priors" in str(rep)
    # the export keeps the stray text, so nothing is lost
    out = classroom.export(nb, tmp_path / "a.json", format="json", name="A", student_id="1",
                           incomplete=True)
    row = {r["id"]: r for r in json.loads(out.read_text())["answers"]}["reflection-3"]
    assert row["stray"] == a.stray


def test_text_in_a_new_cell_below_the_answer_cell_is_recognised(tmp_path):
    def edit(nb):
        k = _cells(nb, "answer-scenario-2")[0]
        nb["cells"].insert(k + 1, {"cell_type": "markdown", "id": "mine", "metadata": {},
                                   "source": "Also, facilitation detects bursts."})
    a = {x.id: x for x in classroom.check(_copy(tmp_path / "s.ipynb", edit=edit)).answers}
    assert any("cell below the answer cell" in n for n in a["scenario-2"].notes)


def test_restore_puts_cells_back_and_keeps_every_answer(tmp_path, capsys):
    def edit(nb):
        _delete("scenario-3")(nb)
        k = _cells(nb, "answer-reflection-2")[0]
        nb["cells"][k]["metadata"].pop("tags")
        # the student wrote the scenario-3 answer into its heading cell
        heading = [j for j, c in enumerate(nb["cells"])
                   if c.get("source") == "#### Your thoughts"][-1]
        nb["cells"][heading]["source"] += "\n\n" + RICH["scenario-3"]
    texts = {k: v for k, v in RICH.items() if k != "scenario-3"}
    nb = _copy(tmp_path / "s.ipynb", texts, edit)
    before = nb.read_bytes()
    rep = classroom.check(nb)
    assert rep.missing == ["scenario-3"]
    assert nb.read_bytes() == before                 # check and export never write it
    classroom.export(nb, tmp_path / "x.md", name="A", student_id="1", incomplete=True)
    assert nb.read_bytes() == before
    assert main(["restore", str(nb)]) == 0
    out = capsys.readouterr().out
    assert "scenario-3: answer cell put back" in out and "reflection-2: tags" in out
    assert (tmp_path / "s.before-restore.ipynb").read_bytes() == before
    rep = classroom.check(nb)
    assert rep.complete, str(rep)
    got = {a.id: a for a in rep.answers}
    for aid, text in RICH.items():                 # every answer exactly as written
        assert got[aid].answer == text, aid
        assert got[aid].found_by == "tag" and not got[aid].notes
    # the export of the restored notebook holds them exactly too
    data = json.loads(classroom.export(nb, tmp_path / "a.json", format="json", name="A",
                                       student_id="1").read_text(encoding="utf-8"))
    assert {r["id"]: r["answer"] for r in data["answers"]} == RICH
    # a second restore has nothing to do and writes nothing
    after = nb.read_bytes()
    assert classroom.restore(nb) == []
    assert nb.read_bytes() == after


def test_export_carries_the_student_time_versions_and_hash(tmp_path):
    import neuroai
    nb = _copy(tmp_path / "s.ipynb", RICH, student=("Ada Lovelace", "AL-42"))
    t0 = time.time()
    out = classroom.export(nb, format="json")
    assert out == tmp_path / "s_AL-42_answers.json"        # per-student default name
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["student"] == {"name": "Ada Lovelace", "id": "AL-42"}
    assert abs(datetime.fromisoformat(data["exported_at"]).timestamp() - t0) < 60
    assert data["neuroai_version"] == neuroai.__version__
    assert data["notebook_id"] == ID01 and data["notebook_version"] == neuroai.__version__
    assert datetime.fromisoformat(data["saved_at"]).timestamp() == pytest.approx(
        int(os.stat(nb).st_mtime), abs=1)
    # the hash follows the answers: equal answers, equal hash; one change, another
    other = _copy(tmp_path / "o.ipynb", RICH, student=("B", "b"))
    h_other = json.loads(classroom.export(other, format="json").read_text())["answers_sha256"]
    assert h_other == data["answers_sha256"]
    changed = _copy(tmp_path / "c.ipynb", {**RICH, "scenario-2": "Changed. Answer."},
                    student=("C", "c"))
    h_changed = json.loads(classroom.export(changed, format="json").read_text())
    assert h_changed["answers_sha256"] != data["answers_sha256"]
    md = classroom.export(nb).read_text(encoding="utf-8")
    assert "- Student: Ada Lovelace (id AL-42)" in md and "- Answers SHA-256: " in md


def test_export_needs_the_student(tmp_path, capsys):
    nb = _copy(tmp_path / "s.ipynb")
    with pytest.raises(ValueError, match="About you"):
        classroom.export(nb)
    assert main(["export", str(nb)]) == 2
    assert "--name" in capsys.readouterr().err
    assert main(["export", str(nb), "--name", "Ada", "--id", "7"]) == 0
    assert (tmp_path / "s_7_answers.md").exists()


# ---------------------------------------------------------------------------
# Finding the running notebook without its file name
# ---------------------------------------------------------------------------
@pytest.fixture
def no_session(monkeypatch, tmp_path):
    for var in ("JPY_SESSION_NAME", "__vsc_ipynb_file__"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setattr(classroom, "_kernel_id", lambda: None)
    return monkeypatch


def test_a_duplicated_notebook_checks_itself(tmp_path, no_session):
    orig = _copy(tmp_path / "01_what_is_neuroai.ipynb", {})
    dup = _copy(tmp_path / "01_what_is_neuroai-Copy1.ipynb")
    os.utime(orig, (time.time() + 10, time.time() + 10))    # the original saved last
    no_session.chdir(tmp_path)
    no_session.setenv("JPY_SESSION_NAME", str(dup))
    rep = classroom.check(notebook_id=ID01)
    assert rep.notebook == str(dup) and rep.complete
    assert "started for" in rep.found and "-Copy1.ipynb" in str(rep)
    no_session.setenv("JPY_SESSION_NAME", str(orig))
    assert classroom.check(notebook_id=ID01).notebook == str(orig)


def test_a_renamed_notebook_is_found_by_its_id(tmp_path, no_session):
    _copy(tmp_path / "older.ipynb", {})
    renamed = _copy(tmp_path / "mine.ipynb")
    other = tmp_path / "02.ipynb"                  # another notebook, saved last
    other.write_text(json.dumps({"cells": [], "metadata": {"neuroai": {"notebook": "x"}}}))
    now = time.time()
    os.utime(tmp_path / "older.ipynb", (now - 100, now - 100))
    os.utime(other, (now + 100, now + 100))
    no_session.chdir(tmp_path)
    # the kernel was started for a name the notebook no longer has
    no_session.setenv("JPY_SESSION_NAME", str(tmp_path / "01_what_is_neuroai.ipynb"))
    rep = classroom.check(notebook_id=ID01)
    assert rep.notebook == str(renamed) and rep.complete
    assert "renamed?" in rep.found and "most recently saved" in rep.found
    no_session.delenv("JPY_SESSION_NAME")
    with pytest.raises(ValueError, match="give its path"):
        classroom.check()


class _Sessions(http.server.BaseHTTPRequestHandler):
    token, sessions = "", []

    def do_GET(self):  # noqa: N802 - the handler's name
        ok = self.path == "/api/sessions" and \
            self.headers.get("Authorization") == f"token {self.token}"
        body = json.dumps(self.sessions if ok else {"message": "Forbidden"}).encode()
        self.send_response(200 if ok else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_jupyter_server_names_a_renamed_notebook(tmp_path, no_session):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    nb = _copy(root / "sub" / "renamed.ipynb")
    _copy(root / "sub" / "newer.ipynb", {})        # saved later: not the kernel's
    _Sessions.token = "secret"
    _Sessions.sessions = [{"kernel": {"id": "other"}, "path": "sub/newer.ipynb"},
                          {"kernel": {"id": "k-1"}, "path": "sub/renamed.ipynb"}]
    server = http.server.HTTPServer(("127.0.0.1", 0), _Sessions)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        rt = tmp_path / "runtime"
        rt.mkdir()
        (rt / "jpserver-1.json").write_text(json.dumps({
            "url": f"http://127.0.0.1:{server.server_port}/", "token": "secret",
            "root_dir": str(root)}))
        (rt / "jpserver-2.json").write_text(json.dumps({     # a server long gone
            "url": "http://127.0.0.1:9/", "token": "x", "root_dir": str(root)}))
        no_session.setattr(classroom, "_kernel_id", lambda: "k-1")
        no_session.setattr(classroom, "_SERVER_TIMEOUT", 60.0)   # a loaded test machine
        no_session.setenv("JPY_SESSION_NAME", str(root / "sub" / "01_what_is_neuroai.ipynb"))
        no_session.chdir(root / "sub")
        rep = classroom.check(notebook_id=ID01)
        assert Path(rep.notebook) == nb and rep.complete
        assert "Jupyter server" in rep.found
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_the_check_says_what_it_read_and_when(tmp_path, no_session):
    nb = _copy(tmp_path / "s.ipynb")
    saved = time.time() - 300
    os.utime(nb, (saved, saved))
    no_session.setenv("JPY_SESSION_NAME", str(nb))

    class Shell:            # a kernel that has run 12 cells; the file holds none
        execution_count = 12
        user_ns = {}
    no_session.setattr(builtins, "get_ipython", lambda: Shell(), raising=False)
    text = str(classroom.check(notebook_id=ID01))
    assert "Checked the file on disk, s.ipynb, as saved at" in text
    assert time.strftime("%H:%M:%S", time.localtime(saved)) in text and "5 min ago" in text
    assert "run cells since the notebook was saved" in text and "save it" in text
    Shell.execution_count = 1        # only the check cell ran: no warning
    assert "since the notebook was saved" not in str(classroom.check(notebook_id=ID01))


def test_the_notebook_check_cell_names_no_file():
    nb = json.loads(NB01.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert ".ipynb" not in code
    assert f'classroom.check(notebook_id="{ID01}")' in code


# ---------------------------------------------------------------------------
# Notebook 02: the exercise checks are handed in
# ---------------------------------------------------------------------------
NB02 = NB01.with_name("02_neuron_and_perceptron.ipynb")


def test_notebook_02_hands_in_its_exercise_results(tmp_path, capsys):
    import course_solutions as sol

    from neuroai import exercises as ex

    def printed(*checks):
        capsys.readouterr()
        for run in checks:
            run()
        return capsys.readouterr().out
    outputs = {   # what the check cells print, run for real
        "ex.check_sigmoid(sigmoid)": printed(lambda: ex.check_sigmoid(sol.sigmoid),
                                             lambda: ex.check_relu(lambda z: z)),
        "ex.check_perceptron(Perceptron)": printed(lambda: ex.check_perceptron(sol.Perceptron)),
    }
    assert "✓" in outputs["ex.check_sigmoid(sigmoid)"] and "✗" in outputs[
        "ex.check_sigmoid(sigmoid)"]
    nb = json.loads(NB02.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        src = "".join(c["source"])
        for key, text in outputs.items():
            if c["cell_type"] == "code" and key in src:
                c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": text}]
    nb["cells"] = [c for c in nb["cells"] if "ex.check_poisson_train" not in "".join(c["source"])]
    path = tmp_path / "02.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    rep = classroom.check(path)
    status = {e["check"]: e["status"] for e in rep.exercises}
    assert len(status) == 13
    assert status["check_sigmoid"] == "pass" and status["check_perceptron"] == "pass"
    assert status["check_relu"] == "fail" and status["check_poisson_train"] == "missing"
    assert status["check_lif_neuron"] == "not run"
    assert not rep.complete and "2 of 13 exercise checks pass" in str(rep)
    relu = [e for e in rep.exercises if e["check"] == "check_relu"][0]
    assert relu["message"].startswith("relu: case") and "failed" in relu["message"]
    with pytest.raises(ValueError, match="checks not passing: check_relu"):
        classroom.export(path, name="A", student_id="1")
    data = json.loads(classroom.export(path, format="json", name="A", student_id="1",
                                       incomplete=True).read_text(encoding="utf-8"))
    assert {e["check"]: e["status"] for e in data["exercises"]} == status
    assert [e["message"] for e in data["exercises"]] == [e["message"] for e in rep.exercises]
    md = classroom.export(path, name="A", student_id="1", incomplete=True).read_text("utf-8")
    assert "## Exercises" in md and "check\\_relu: **fail**" in md
