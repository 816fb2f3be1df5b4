"""Students' written answers: find them, check them, export them.

The tutorial notebooks hold their answers in the notebook file itself, in
Markdown cells tagged ``answer`` and ``answer:<id>`` (e.g.
``answer:reflection-1``).  Each such cell starts with a placeholder
(``[Your answer here]``); the student replaces it with their own text and
saves the notebook.  Because the answer lives in the ``.ipynb`` file, a kernel
restart or crash loses nothing, and everything here only *reads* the file:

* :func:`answers` lists the answer cells with their text and counts;
* :func:`check` says which questions are still unanswered and which answers
  fall outside the requested number of sentences (2-4 for the reflection
  questions);
* :func:`export` writes the answers as Markdown or JSON (question, answer,
  word and sentence counts) for submission on any learning platform; it never
  modifies the notebook.

The same is available from the command line::

    python -m neuroai check notebooks/01_what_is_neuroai.ipynb
    python -m neuroai export notebooks/01_what_is_neuroai.ipynb --format md --out answers.md

Inside a running notebook, **save first** (Ctrl-S / Cmd-S): these functions
read the file on disk, not the cells in the browser.

An ``.ipynb`` file is JSON, so this module needs nothing beyond the standard
library: it works without the notebook extras installed.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Answer", "Report", "answers", "check", "export", "count_words",
           "count_sentences", "PLACEHOLDERS", "ANSWER_TAG"]

#: Tag carried by every answer cell (plus ``answer:<id>``).
ANSWER_TAG = "answer"

#: Text that marks an answer cell as not yet answered.  Removed before counting.
PLACEHOLDERS = ("[Your answer here]", "[Your thoughts here]",
                "_Double-click this cell to edit_", "*Double-click this cell to edit*")

# Abbreviations whose final period does not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "approx.", "Fig.",
                  "fig.", "Eq.", "eq.", "Dr.", "Prof.", "Mr.", "Ms.", "Mrs.", "No.",
                  "Ref.", "ref.", "p.", "pp.", "ca.", "resp.")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'”’)\]]*(\s|$))")


def _plain(text):
    """Markdown answer text without placeholders, code, HTML comments and markup
    that is not prose."""
    for p in PLACEHOLDERS:
        text = text.replace(p, " ")
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " formula ", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)          # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)        # links -> their text
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)   # headings
    text = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", text, flags=re.M)  # list markers
    return text.strip()


def count_words(text):
    """Number of words in ``text``: runs of letters or digits, with inner
    apostrophes, hyphens and periods ("don't", "short-term", "e.g." and "3.5"
    are one word each).  Placeholders and Markdown markup are not counted."""
    return len(_WORD.findall(_plain(text)))


def count_sentences(text):
    """Number of sentences in ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` followed by a space or the end of
    the text; common abbreviations ("e.g.", "et al.", "vs.") and decimal
    numbers ("3.5") do not end one.  Text without final punctuation counts as
    one more sentence if it holds words.
    """
    t = _plain(text)
    if not _WORD.search(t):
        return 0
    for abbr in _ABBREVIATIONS:
        t = re.sub(r"(?<![\w])" + re.escape(abbr), abbr.replace(".", "\u2024"), t)
    # initials such as "A. M. Zador"
    t = re.sub(r"(?<![\w])([A-Z])\.(?=\s+[A-Z])", "\\1\u2024", t)
    n = 0
    last = 0
    for m in _SENTENCE_END.finditer(t):
        if _WORD.search(t[last:m.start()]):
            n += 1
        last = m.end()
    if _WORD.search(t[last:]):
        n += 1
    return n


@dataclass
class Answer:
    """One answer cell of a notebook.

    Attributes
    ----------
    id : str
        The question's id, e.g. ``"reflection-1"``.
    question : str
        The question as the notebook asks it.
    answer : str
        The student's text, placeholders removed ("" if unanswered).
    words, sentences : int
        Counts of the answer (see :func:`count_words`, :func:`count_sentences`).
    min_sentences, max_sentences : int or None
        The requested range (None: no bound).
    cell : int
        Index of the cell in the notebook.
    """

    id: str
    question: str
    answer: str
    words: int
    sentences: int
    min_sentences: int | None = None
    max_sentences: int | None = None
    cell: int = -1

    @property
    def answered(self):
        """True when the cell holds more than its placeholder."""
        return self.words > 0

    @property
    def in_range(self):
        """True when answered and the sentence count is in the requested range."""
        if not self.answered:
            return False
        lo, hi = self.min_sentences, self.max_sentences
        return (lo is None or self.sentences >= lo) and (hi is None or self.sentences <= hi)

    def requested(self):
        """The requested length in words, e.g. "2-4 sentences" ("" if none)."""
        lo, hi = self.min_sentences, self.max_sentences
        if lo is not None and hi is not None:
            return f"{lo}-{hi} sentences"
        if lo is not None:
            return f"at least {lo} sentence{'s' if lo != 1 else ''}"
        if hi is not None:
            return f"at most {hi} sentences"
        return ""

    def to_dict(self):
        d = asdict(self)
        d["answered"] = self.answered
        d["in_range"] = self.in_range
        return d


@dataclass
class Report:
    """Result of :func:`check`: print it, or read its lists.

    Attributes
    ----------
    notebook : str
        Path of the checked notebook.
    answers : list of Answer
    unanswered : list of str
        Ids of the questions still holding their placeholder.
    out_of_range : list of str
        Ids of answers whose sentence count is outside the requested range.
    """

    notebook: str
    answers: list = field(default_factory=list)

    @property
    def unanswered(self):
        return [a.id for a in self.answers if not a.answered]

    @property
    def out_of_range(self):
        return [a.id for a in self.answers if a.answered and not a.in_range]

    @property
    def complete(self):
        """True when every question is answered within its requested length."""
        return not self.unanswered and not self.out_of_range

    def __bool__(self):
        return self.complete

    def __str__(self):
        n = len(self.answers)
        done = n - len(self.unanswered)
        lines = [f"{os.path.basename(self.notebook)}: {done} of {n} questions answered"]
        for a in self.answers:
            if not a.answered:
                mark, note = "[ ]", "not answered yet"
            elif not a.in_range:
                mark = "[!]"
                note = (f"{a.sentences} sentence{'s' if a.sentences != 1 else ''}, "
                        f"{a.words} words: please write {a.requested()}")
            else:
                mark = "[x]"
                note = f"{a.sentences} sentence{'s' if a.sentences != 1 else ''}, {a.words} words"
            lines.append(f"  {mark} {a.id:<22} {note}")
        if n == 0:
            lines.append("  (this notebook has no answer cells)")
        elif self.complete:
            lines.append("All questions are answered. Export them with "
                         "neuroai.classroom.export(...) or `python -m neuroai export`.")
        else:
            if self.unanswered:
                lines.append(f"Still to answer: {', '.join(self.unanswered)}.")
            if self.out_of_range:
                lines.append(f"Outside the requested length: {', '.join(self.out_of_range)}.")
            lines.append("(Save the notebook before checking: the check reads the file.)")
        return "\n".join(lines)

    _repr_pretty_ = lambda self, p, cycle: p.text(str(self))  # noqa: E731

    def to_dict(self):
        return {"notebook": os.path.basename(self.notebook),
                "complete": self.complete,
                "unanswered": self.unanswered,
                "out_of_range": self.out_of_range,
                "answers": [a.to_dict() for a in self.answers]}


def _find_notebook():
    """The path of the running notebook, when the front end tells the kernel."""
    for var in ("JPY_SESSION_NAME", "__vsc_ipynb_file__"):
        p = os.environ.get(var)
        if p and p.endswith(".ipynb") and os.path.isfile(p):
            return p
    try:  # VS Code sets this in the user namespace
        ip = get_ipython()  # noqa: F821  (defined only inside IPython)
        p = ip.user_ns.get("__vsc_ipynb_file__")
        if p and os.path.isfile(p):
            return p
    except NameError:
        pass
    raise ValueError(
        "give the notebook's path, e.g. check('01_what_is_neuroai.ipynb') (the running "
        "notebook's file name; save it first)")


def _load(path):
    path = _find_notebook() if path is None else os.fspath(path)
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except FileNotFoundError:
        raise FileNotFoundError(f"no notebook at {path!r}") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path!r} is not a notebook (not valid JSON: {e})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path!r} is not a Jupyter notebook (no list of cells)")
    return path, nb


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def answers(path=None):
    """The answer cells of a notebook, in order.

    Parameters
    ----------
    path : str or PathLike, optional
        The ``.ipynb`` file.  Inside Jupyter it may be left out when the front
        end reports the notebook's path (JupyterLab 4 and VS Code do).  Save
        the notebook first: the file is read, not the browser's cells.

    Returns
    -------
    list of Answer
    """
    path, nb = _load(path)
    out = []
    for k, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}) or {}
        tags = meta.get("tags", []) or []
        if ANSWER_TAG not in tags:
            continue
        ids = [t.split(":", 1)[1] for t in tags if t.startswith(ANSWER_TAG + ":")]
        info = meta.get("neuroai", {}) or {}
        aid = ids[0] if ids else info.get("id", f"cell-{k}")
        text = _source(cell)
        plain = _plain(text)
        words = count_words(text)
        lo, hi = (info.get("sentences") or (None, None))
        out.append(Answer(id=aid, question=info.get("question", ""),
                          answer=plain if words else "", words=words,
                          sentences=count_sentences(text) if words else 0,
                          min_sentences=lo, max_sentences=hi, cell=k))
    return out


def check(path=None, verbose=False):
    """Which questions are unanswered, and which answers are too short or long.

    Parameters
    ----------
    path : str or PathLike, optional
        The saved ``.ipynb`` file (see :func:`answers`).
    verbose : bool, default False
        Print the report as well as returning it.

    Returns
    -------
    Report
        Printable; ``report.unanswered`` and ``report.out_of_range`` list
        question ids, ``report.complete`` (also ``bool(report)``) is True when
        all is done.
    """
    path, _ = _load(path)
    rep = Report(notebook=str(path), answers=answers(path))
    if verbose:
        print(rep)
    return rep


def _markdown(rep):
    lines = [f"# Answers: {os.path.basename(rep.notebook)}", ""]
    n = len(rep.answers)
    lines.append(f"{n - len(rep.unanswered)} of {n} questions answered.")
    lines.append("")
    for a in rep.answers:
        lines.append(f"## {a.id}")
        lines.append("")
        if a.question:
            lines.append(f"**Question.** {a.question}")
            lines.append("")
        lines.append(a.answer if a.answered else "_(not answered)_")
        lines.append("")
        counts = f"{a.words} words, {a.sentences} sentences"
        if a.requested():
            counts += f" (requested: {a.requested()})"
        lines.append(f"_{counts}_")
        lines.append("")
    return "\n".join(lines)


def export(path=None, out=None, format="md"):
    """Write a notebook's answers as Markdown or JSON; the notebook is not touched.

    Parameters
    ----------
    path : str or PathLike, optional
        The saved ``.ipynb`` file (see :func:`answers`).
    out : str or PathLike, optional
        File to write.  Default: next to the notebook, ``<name>_answers.md``
        or ``<name>_answers.json``.
    format : {"md", "json"}, default "md"
        Markdown (one section per question: question, answer, counts) or JSON
        (``{"notebook", "complete", "unanswered", "out_of_range",
        "answers": [{"id", "question", "answer", "words", "sentences",
        "answered", "in_range", ...}]}``).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    if format not in ("md", "json"):
        raise ValueError(f'format must be "md" or "json", got {format!r}')
    rep = check(path)
    if out is None:
        out = Path(rep.notebook).with_name(Path(rep.notebook).stem + f"_answers.{format}")
    out = Path(out)
    if out.resolve() == Path(rep.notebook).resolve():
        raise ValueError("out must not be the notebook itself")
    text = (_markdown(rep) if format == "md"
            else json.dumps(rep.to_dict(), indent=2, ensure_ascii=False) + "\n")
    out.write_text(text, encoding="utf-8")
    return out
