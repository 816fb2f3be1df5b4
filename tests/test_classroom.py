"""neuroai.classroom: answers, completeness check and export on filled-in copies."""
import functools
import hashlib
import json
import os
import re
import shutil
import threading
import time
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

    with pytest.raises(ValueError, match="not complete.*not answered: reflection-4, scenario-3"
                       ".*outside the requested length: reflection-2, reflection-3.*"
                       "incomplete=True"):
        classroom.export(nb, tmp_path / "answers.md", name="Ada L.", student_id="s1")
    assert not (tmp_path / "answers.md").exists()
    md = classroom.export(nb, tmp_path / "answers.md", format="md", incomplete=True,
                          name="Ada L.", student_id="s1")
    text = md.read_text(encoding="utf-8")
    assert "## reflection-1" in text
    assert "Brains learn from very few examples." in text
    assert "**Question.** What is one thing the brain does remarkably well" in text
    assert "_(not answered)_" in text
    assert "[Your answer here]" not in text

    js = classroom.export(nb, tmp_path / "answers.json", format="json", incomplete=True,
                          name="Ada L.", student_id="s1")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["notebook"] == "student.ipynb"
    assert data["student"] == {"name": "Ada L.", "id": "s1"}
    assert data["notebook_id"] == "what-is-neuroai" and data["neuroai_version"]
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
    # default export path sits beside the notebook, named by the student's id
    out = classroom.export(nb, format="json", name="Ada", student_id="s 1/x")
    assert out == tmp_path / "done_s-1-x_answers.json"
    assert json.loads(out.read_text())["complete"] is True


def test_cli_check_and_export(tmp_path, capsys):
    nb = _fill(NB01, tmp_path / "s.ipynb", {"reflection-1": "Too short."})
    before = _digest(nb)
    assert main(["check", str(nb)]) == 1
    out = capsys.readouterr().out
    assert "reflection-1" in out and "please write 2-4 sentences" in out
    who = ["--name", "Ada", "--id", "s1"]
    assert main(["export", str(nb), "--format", "json", "--out", str(tmp_path / "a.json"),
                 *who]) == 2
    assert "--incomplete" in capsys.readouterr().err
    assert main(["export", str(nb), "--format", "json", "--out", str(tmp_path / "a.json"),
                 "--incomplete", *who]) == 0
    assert json.loads((tmp_path / "a.json").read_text())["out_of_range"] == ["reflection-1"]
    assert main(["export", str(nb), "--format", "md", "--out", str(tmp_path / "a.md"),
                 "--incomplete", *who]) == 0
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


# --- hardening: the export never alters or destroys an answer or a file -------------------------

try:  # a CommonMark renderer with raw HTML enabled: the most permissive viewer
    from markdown_it import MarkdownIt
except ImportError:  # pragma: no cover - the structural assertions still run
    MarkdownIt = None

# A student's answer using every kind of Markdown the counting normalises away.
RICH = ("# My view\n"
        "\n"
        "Brains learn from *few* examples; see [Lennie](https://example.org/a?x=1&y=2).\n"
        "\n"
        "- first point\n"
        "- second point\n"
        "1. numbered point\n"
        "\n"
        "$$E = \\sum_i w_i x_i$$\n"
        "\n"
        "```python\n"
        "print('hi')  # code\n"
        "```\n"
        "\n"
        "![a figure](fig.png)\n"
        "<!-- note to self -->\n"
        "Inline `code`,\ttabs and  double  spaces.  ")
# Counted by hand on the prose: My view (2) | Brains learn from few examples see Lennie (7)
# | first point second point numbered point (6) | formula (1) | Inline code tabs and double
# spaces (6) = 22 words; sentences: "...Lennie." ends one, "point\n1." does not ("1." is a
# list marker), "spaces." ends the last: 2.
RICH_WORDS, RICH_SENTENCES = 22, 2


def _nb_with(path, cells):
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def _answer_cell(aid, text, question="Q?", sentences=None):
    info = {"id": aid, "question": question}
    if sentences is not None:
        info["sentences"] = sentences
    return {"cell_type": "markdown", "source": text,
            "metadata": {"tags": ["answer", f"answer:{aid}"], "neuroai": info}}


def _returns_within(fn, seconds, unblock):
    """Run ``fn`` in a thread; if it has not returned after ``seconds``, call
    ``unblock`` (so that the thread ends) and report False."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - reported to the test
            box["error"] = e
    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        unblock()
        t.join(5)
        return False, box
    return True, box


# The hardening tests export unfinished work on purpose, for a named student.
_export = functools.partial(classroom.export, incomplete=True, name="Ada", student_id="s1")


def test_counts_of_rich_answer():
    assert classroom.count_words(RICH) == RICH_WORDS
    assert classroom.count_sentences(RICH) == RICH_SENTENCES


def test_export_keeps_the_text_exactly(tmp_path):
    code_only = "```python\ndef relu(x):\n    return max(0.0, x)\n```"
    nb = _nb_with(tmp_path / "s.ipynb", [_answer_cell("rich", RICH, sentences=[1, 4]),
                                         _answer_cell("code", code_only)])
    rows = {a.id: a for a in classroom.answers(nb)}
    assert rows["rich"].answer == RICH
    assert (rows["rich"].words, rows["rich"].sentences) == (RICH_WORDS, RICH_SENTENCES)
    # an answer of code alone counts no words but is kept, not dropped
    assert rows["code"].answer == code_only and rows["code"].words == 0
    data = json.loads(_export(nb, tmp_path / "a.json", format="json")
                      .read_text(encoding="utf-8"))
    assert [r["answer"] for r in data["answers"]] == [RICH, code_only]
    md = _export(nb, tmp_path / "a.md").read_text(encoding="utf-8")
    assert RICH in md and code_only in md


def test_export_drops_only_the_placeholder_lines(tmp_path):
    tmpl = "_Double-click this cell to edit_\n\n[Your answer here]"
    nb = _nb_with(tmp_path / "s.ipynb", [
        _answer_cell("kept", tmpl + "\n\nMy answer, with [Your answer here] inside.\n\n"),
        _answer_cell("empty", tmpl + "\n \n"),
    ])
    a, b = classroom.answers(nb)
    assert a.answer == "My answer, with [Your answer here] inside."
    assert (b.answer, b.answered) == ("", False)


def test_json_export_is_valid_and_exact_for_any_text(tmp_path):
    odd = 'quote " backslash \\ nul \x00 bell \x07 crlf\r\nlone \ud800 emoji \U0001f9e0 \u2028'
    nb = _nb_with(tmp_path / "s.ipynb", [_answer_cell("odd", odd)])
    out = _export(nb, tmp_path / "a.json", format="json")
    raw = out.read_bytes()
    raw.decode("utf-8")                                  # valid UTF-8
    assert json.loads(raw)["answers"][0]["answer"] == odd


def _render(md):
    return MarkdownIt("commonmark").render(md) if MarkdownIt else None


FORGE = ("I agree.\n\n## other\n\n**Question.** Forged?\n\n_500 words, 9 sentences_\n\n"
         "````\n```\n~~~\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n"
         "<iframe src=\"https://evil.example\"></iframe>\n")


def test_markdown_export_cannot_forge_sections_or_run_html(tmp_path):
    nb = _nb_with(tmp_path / "s.ipynb", [_answer_cell("first", FORGE),
                                         _answer_cell("other", "Real answer here.")])
    md = _export(nb, tmp_path / "a.md").read_text(encoding="utf-8")
    # the exact structure: each answer inside a fence longer than any backtick
    # run in it, so no line of the answer can close the fence
    counts = r"_\d+ words, \d+ sentences_"
    expected = ("# Answers: s.ipynb\n\n@HEAD@2 of 2 questions answered.\n\n"
                "## first\n\n**Question.** Q?\n\n`````text\n" + FORGE + "`````\n\n"
                "@@\n\n"
                "## other\n\n**Question.** Q?\n\n```text\nReal answer here.\n```\n\n"
                "@@\n")
    # the head: who, when, versions and the answers' hash, one list item each
    head = r"(?:- [^\n]+\n)+\n"
    pattern = head.join(counts.join(re.escape(part) for part in piece.split("@@"))
                        for piece in expected.split("@HEAD@"))
    assert re.fullmatch(pattern, md), md
    if MarkdownIt is not None:
        html = _render(md)
        assert html.count("<h2>") == 2
        for tag in ("<script", "<img", "<iframe"):
            assert tag not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        tokens = MarkdownIt("commonmark").parse(md)
        fences = [t for t in tokens if t.type == "fence"]
        assert [t.content for t in fences] == [FORGE, "Real answer here.\n"]
        assert [t.content for t in tokens if t.type == "inline"][-1] == "_3 words, 1 sentences_"


def test_markdown_export_escapes_ids_and_questions(tmp_path):
    cell = _answer_cell("x", "Fine.", question="Why?\n## forged\n<script>alert(1)</script>")
    cell["metadata"]["tags"] = ["answer", "answer:x <img src=y onerror=alert(3)>"]
    nb = _nb_with(tmp_path / "<b>s.ipynb", [cell])
    md = _export(nb, tmp_path / "a.md").read_text(encoding="utf-8")
    assert [ln for ln in md.split("\n") if ln.startswith("#")] == [
        "# Answers: \\<b\\>s.ipynb", "## x \\<img src=y onerror=alert(3)\\>"]
    assert "**Question.** Why? \\#\\# forged \\<script\\>alert(1)\\</script\\>" in md
    if MarkdownIt is not None:
        html = _render(md)
        assert html.count("<h2>") == 1 and "<script" not in html and "<img" not in html
        assert "<b>" not in html


def test_export_to_hard_link_of_notebook_is_refused(tmp_path):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    before = _digest(nb)
    link = tmp_path / "answers.md"
    os.link(nb, link)
    for overwrite in (False, True):
        with pytest.raises(ValueError, match="must not be the notebook"):
            _export(nb, link, overwrite=overwrite)
    assert _digest(nb) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_export_does_not_follow_symlinks(tmp_path):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    before = _digest(nb)
    to_nb = tmp_path / "nb.md"
    to_nb.symlink_to(nb)
    with pytest.raises(ValueError, match="must not be the notebook"):
        _export(nb, to_nb, overwrite=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "a.md"
    link.symlink_to(victim)
    for overwrite in (False, True):
        with pytest.raises(ValueError, match="symbolic link"):
            _export(nb, link, overwrite=overwrite)
    dangling = tmp_path / "d.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(ValueError, match="symbolic link"):
        _export(nb, dangling)
    assert not (tmp_path / "nowhere.md").exists()
    assert victim.read_text() == "keep me" and link.is_symlink()
    assert _digest(nb) == before


def test_export_does_not_overwrite_without_the_flag(tmp_path):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    out = tmp_path / "a.md"
    out.write_text("earlier work")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        _export(nb, out)
    assert out.read_text() == "earlier work"
    # the default name is no exception
    first = _export(nb, format="json")
    with pytest.raises(FileExistsError, match=str(first.name)):
        _export(nb, format="json")
    assert _export(nb, out, overwrite=True) == out
    assert out.read_text(encoding="utf-8").startswith("# Answers: s.ipynb")


def test_export_replaces_atomically(tmp_path, monkeypatch):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    out = tmp_path / "a.md"
    out.write_text("old")
    other_name = tmp_path / "old.md"
    os.link(out, other_name)          # the old file is replaced, never written into
    _export(nb, out, overwrite=True)
    assert other_name.read_text() == "old"
    assert out.read_text(encoding="utf-8").startswith("# Answers")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "old.md", "s.ipynb"]

    # a failure before the rename leaves the old file and no temporary file
    def broken(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    monkeypatch.setattr(os, "link", broken)
    for target, overwrite in ((out, True), (tmp_path / "new.md", False)):
        with pytest.raises(OSError, match="No space left"):
            _export(nb, target, format="json", overwrite=overwrite)
    assert out.read_text(encoding="utf-8").startswith("# Answers")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "old.md", "s.ipynb"]


def test_export_refuses_directories_and_missing_folders(tmp_path):
    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    (tmp_path / "d").mkdir()
    with pytest.raises(ValueError, match="not a regular file"):
        _export(nb, tmp_path / "d", overwrite=True)
    with pytest.raises(FileNotFoundError, match="no folder"):
        _export(nb, tmp_path / "missing" / "a.md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_paths_do_not_block(tmp_path):
    fifo = tmp_path / "f.ipynb"
    os.mkfifo(fifo)

    def unblock_reader():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    done, box = _returns_within(lambda: classroom.check(fifo), 5.0, unblock_reader)
    assert done, "check() blocked on a FIFO"
    assert isinstance(box.get("error"), ValueError) and "not a regular file" in str(box["error"])

    nb = shutil.copy(NB01, tmp_path / "s.ipynb")
    out = tmp_path / "out.md"
    os.mkfifo(out)

    def unblock_writer():
        fd = os.open(out, os.O_RDONLY | os.O_NONBLOCK)
        time.sleep(0.5)
        os.close(fd)
    done, box = _returns_within(lambda: _export(nb, out, overwrite=True), 5.0,
                                unblock_writer)
    assert done, "export() blocked on a FIFO"
    assert isinstance(box.get("error"), ValueError) and "not a regular file" in str(box["error"])


# --- counting in linear time ---------------------------------------------------------------------

MB = 1 << 20


@pytest.mark.parametrize("unit", [
    "\n", " \n", "<!--", "[", "![", "![a](", "[a](", ".", "!?", "```", "$$x", "- ", "# ",
    "e.g. ", "A. ", "word ", "a'", "it's short-term. ",
])
def test_counting_is_linear_on_1_mb(unit):
    text = unit * (MB // len(unit)) + "x"
    t0 = time.perf_counter()
    classroom.count_words(text)
    classroom.count_sentences(text)
    seconds = time.perf_counter() - t0
    # linear: about 0.1-1 s per MB; the quadratic version needed hours
    assert seconds < 10.0, f"{unit!r} * 1 MB took {seconds:.1f} s"


def test_answers_of_a_1_mb_answer(tmp_path):
    text = ("Sparse spikes save energy.\n\n" * 20000 + "\n" * 200000)[:MB]
    nb = _nb_with(tmp_path / "big.ipynb", [_answer_cell("big", text)])
    t0 = time.perf_counter()
    a, = classroom.answers(nb)
    assert time.perf_counter() - t0 < 10.0
    assert a.answer == text.strip("\n")
    assert (a.words, a.sentences) == (4 * 20000, 20000)


# --- malformed notebooks: a clear error naming the file and the cell ------------------------------

GOOD = _answer_cell("ok", "Fine. Good.")


def _meta(**kw):
    c = json.loads(json.dumps(GOOD))
    c["metadata"].update(kw)
    return c


def _info(**kw):
    c = json.loads(json.dumps(GOOD))
    c["metadata"]["neuroai"].update(kw)
    return c


@pytest.mark.parametrize("cell, match", [
    (3, r"cell 1 .*JSON object.*int"),
    (["a"], r"cell 1 .*JSON object.*list"),
    ({"cell_type": "markdown", "source": "x", "metadata": []}, r"cell 1.*metadata.*list"),
    (_meta(tags=["answer", 5]), r"cell 1.*tags.*5"),
    (_meta(tags=[None]), r"cell 1.*tags"),
    (_meta(tags="answer"), r"cell 1.*tags.*list of strings.*str"),
    (_meta(tags={"answer": 1}), r"cell 1.*tags.*list of strings"),
    (_meta(neuroai=[1, 2]), r"cell 1.*neuroai.*object"),
    (_info(sentences="2-4"), r"cell 1.*sentences.*'2-4'"),
    (_info(sentences="24"), r"cell 1.*sentences"),
    (_info(sentences=[2]), r"cell 1.*sentences"),
    (_info(sentences=[4, 2]), r"cell 1.*sentences.*4.*2"),
    (_info(sentences=[-1, 2]), r"cell 1.*sentences"),
    (_info(sentences=[True, 3]), r"cell 1.*sentences"),
    (_info(sentences=[1.5, 3]), r"cell 1.*sentences"),
    (_info(question=["a"]), r"cell 1.*question.*string"),
    (_info(id=7), r"cell 1.*id.*string"),
    ({**GOOD, "source": 12}, r"cell 1.*source.*int"),
    ({**GOOD, "source": ["a", 3]}, r"cell 1.*source"),
])
def test_malformed_cells(tmp_path, cell, match):
    nb = _nb_with(tmp_path / "m.ipynb", [GOOD, cell])
    with pytest.raises(ValueError, match=match) as info:
        classroom.check(nb)
    assert "m.ipynb" in str(info.value)


def test_string_tags_are_not_matched_by_substring(tmp_path):
    # "answer" is a substring of "unanswered": that cell is no answer cell
    cell = {"cell_type": "markdown", "source": "notes", "metadata": {"tags": "unanswered"}}
    nb = _nb_with(tmp_path / "t.ipynb", [GOOD, cell])
    with pytest.raises(ValueError, match="cell 1.*tags.*list of strings"):
        classroom.answers(nb)


def test_null_metadata_is_still_accepted(tmp_path):
    nb = _nb_with(tmp_path / "n.ipynb", [GOOD, {"cell_type": "markdown", "source": "x",
                                                "metadata": None},
                                         _meta(neuroai=None)])
    assert [a.id for a in classroom.answers(nb)] == ["ok", "ok"]


@pytest.mark.parametrize("content, match", [
    (b"[" * 200000 + b"]" * 200000, "nested too deeply"),
    ('{"cells": []}'.encode("utf-16"), "not UTF-8"),
    (json.dumps({"cells": [_answer_cell("x", "Caf\u00e9. Ol\u00e9.")]},
                ensure_ascii=False).encode("latin-1"), r"not UTF-8.*byte 0xe9"),
    (bytes(range(256)) * 10, "not UTF-8"),
    (b"", "not valid JSON"),
    (b"[1, 2]", "no list of cells"),
    (b'{"cells": {}}', "no list of cells"),
])
def test_unreadable_files(tmp_path, content, match):
    p = tmp_path / "u.ipynb"
    p.write_bytes(content)
    with pytest.raises(ValueError, match=match) as info:
        classroom.answers(p)
    assert "u.ipynb" in str(info.value)
    assert info.value.__cause__ is None or not isinstance(info.value, UnicodeDecodeError)
    assert not isinstance(info.value, UnicodeDecodeError)


# --- the tutorial runner never writes over its sources --------------------------------------------

@pytest.fixture
def fake_tutorial(tmp_path, monkeypatch):
    """The tutorial runner on a copy of notebook 01, with execution replaced by
    adding one output (the real run is tested in test_notebooks.py)."""
    pytest.importorskip("nbformat")
    import nbformat
    from neuroai import tutorial

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(NB01, src / NB01.name)
    monkeypatch.setattr(tutorial, "notebook_dir", lambda: src)

    def fake_execute(path, timeout=600.0, cwd=None, on_cell_executed=None):
        nb = nbformat.read(path, as_version=4)
        nb.metadata["executed"] = True
        return nb, 0.0
    monkeypatch.setattr(tutorial, "execute", fake_execute)
    return tutorial, src


def test_tutorial_refuses_its_source_directory(fake_tutorial, tmp_path):
    tutorial, src = fake_tutorial
    before = _digest(src / NB01.name)
    for out in (src, tmp_path / "src" / ".." / "src"):
        with pytest.raises(ValueError, match="source notebooks"):
            tutorial.run(out)
    assert _digest(src / NB01.name) == before


def test_tutorial_refuses_a_hard_link_of_a_source(fake_tutorial, tmp_path):
    tutorial, src = fake_tutorial
    out = tmp_path / "out"
    out.mkdir()
    os.link(src / NB01.name, out / NB01.name)
    before = _digest(src / NB01.name)
    with pytest.raises(ValueError, match="source notebooks"):
        tutorial.run(out)
    assert _digest(src / NB01.name) == before


def test_tutorial_writes_atomically_without_following_links(fake_tutorial, tmp_path):
    tutorial, src = fake_tutorial
    out = tmp_path / "out"
    (written, _), = tutorial.run(out)
    assert written == out / NB01.name
    assert json.loads(written.read_text(encoding="utf-8"))["metadata"]["executed"] is True
    # a second run replaces its output, never writing into it
    os.link(written, tmp_path / "first.ipynb")
    written.write_text("old")
    (written, _), = tutorial.run(out)
    assert json.loads(written.read_text(encoding="utf-8"))["metadata"]["executed"] is True
    assert (tmp_path / "first.ipynb").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == [NB01.name]
    # a symbolic link at the output is refused, before anything runs
    written.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    written.symlink_to(victim)
    with pytest.raises(ValueError, match="symbolic link"):
        tutorial.run(out)
    assert victim.read_text() == "keep me" and written.is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_tutorial_refuses_a_fifo_target(fake_tutorial, tmp_path):
    tutorial, src = fake_tutorial
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / NB01.name
    os.mkfifo(fifo)

    def unblock_writer():
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        time.sleep(0.5)
        os.close(fd)
    done, box = _returns_within(lambda: tutorial.run(out), 5.0, unblock_writer)
    assert done, "tutorial.run blocked on a FIFO"
    assert isinstance(box.get("error"), ValueError) and "not a regular file" in str(box["error"])
    with pytest.raises(ValueError, match="not a directory.*FIFO"):
        tutorial.run(fifo)
