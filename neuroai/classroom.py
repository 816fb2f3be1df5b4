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
  word and sentence counts) for submission on any learning platform.  The
  answers are exported exactly as written; only the word and sentence counts
  use a normalised copy.  It never writes to the notebook, never replaces an
  existing file unless asked to (``overwrite=True``, ``--force``), does not
  follow a symbolic link at the output path, and writes atomically (a
  temporary file in the same folder, then renamed), so that a failed export
  leaves the previous file as it was.

The same is available from the command line::

    python -m neuroai check notebooks/01_what_is_neuroai.ipynb
    python -m neuroai export notebooks/01_what_is_neuroai.ipynb --format md --out answers.md

``check`` exits with status 0 when every question is answered within its
requested length, 1 while some are not, and 2 on an error (a missing,
unreadable or malformed notebook, an output that may not be written).

Inside a running notebook, **save first** (Ctrl-S / Cmd-S): these functions
read the file on disk, not the cells in the browser.

An ``.ipynb`` file is JSON, so this module needs nothing beyond the standard
library: it works without the notebook extras installed.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._files import file_kind, write_file

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
# A run of end punctuation, tried only at the start of the run: a failed try
# inside a run of n dots would otherwise cost n steps at each of n positions.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+(?=[\"'”’)\]]*(\s|$))")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", flags=re.M)
# Whitespace within the line only: ``^\s*`` would rescan every following blank
# line from every line start (quadratic in the number of blank lines).
_LIST_MARKER = re.compile(r"^[^\S\n]*(?:[-*+]|\d+[.)])(?:[^\S\n]+|$)", flags=re.M)
# One pass for all abbreviations (none is a prefix of another, so this equals
# replacing them one after the other).
_ABBREVIATION = re.compile(r"(?<![\w])(?:" + "|".join(
    re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)) + ")")
_INITIAL = re.compile(r"(?<![\w])([A-Z])\.(?=\s+[A-Z])")


def _replace_spans(text, start, end, repl):
    """``re.sub(start + ".*?" + end, repl, text, flags=re.S)`` in linear time.

    The regular expression rescans the rest of the text from every opener
    that has no closer (quadratic); here, once no closer follows an opener,
    none follows a later one either, and the scan stops.
    """
    out, i = [], 0
    while True:
        a = text.find(start, i)
        if a < 0:
            break
        b = text.find(end, a + len(start))
        if b < 0:
            break
        out += (text[i:a], repl)
        i = b + len(end)
    out.append(text[i:])
    return "".join(out)


def _replace_links(text, image):
    r"""Markdown links ``[text](url)`` replaced by their text, or images
    ``![alt](url)`` removed: ``re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)``
    (with a leading ``!`` and a space as replacement for images) in linear time.

    From an opener, the text runs to the first ``]``, which must be followed by
    ``(``, and the URL to the first ``)``.  Every opener before the same ``]``
    shares its fate, so a failed try resumes after that ``]``; once no ``]`` or
    ``)`` follows, no later opener can match either.
    """
    opener = "![" if image else "["
    out, i, pos = [], 0, 0
    while True:
        a = text.find(opener, pos)
        if a < 0:
            break
        c = text.find("]", a + len(opener))
        if c < 0:
            break
        if not text.startswith("(", c + 1):
            pos = c + 1
            continue
        e = text.find(")", c + 2)
        if e < 0:
            break
        out += (text[i:a], " " if image else text[a + 1:c])
        i = pos = e + 1
    out.append(text[i:])
    return "".join(out)


def _plain(text):
    """A normalised copy of a Markdown answer for counting: placeholders,
    code, HTML comments and markup that is not prose removed.  Linear time."""
    for p in PLACEHOLDERS:
        text = text.replace(p, " ")
    text = _replace_spans(text, "<!--", "-->", " ")
    text = _replace_spans(text, "```", "```", " ")
    text = _replace_spans(text, "$$", "$$", " formula ")
    text = _replace_links(text, image=True)
    text = _replace_links(text, image=False)
    text = _HEADING.sub("", text)
    text = _LIST_MARKER.sub("", text)
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
    t = _ABBREVIATION.sub(lambda m: m.group().replace(".", "\u2024"), t)
    # initials such as "A. M. Zador"
    t = _INITIAL.sub("\\1\u2024", t)
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
        The student's text exactly as saved: code, formulas, links, images,
        lists, headings and HTML comments kept.  Only lines holding nothing
        but a placeholder and blank lines at the start and end are left out;
        "" when nothing else is there.
    words, sentences : int
        Counts of the answer (see :func:`count_words`, :func:`count_sentences`),
        made on a normalised copy of the text.
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
        """True when the answer holds at least one counted word."""
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


def _read_file(path):
    """The bytes of a regular file.

    Opened without blocking (a FIFO would wait for a writer forever) and
    checked to be a regular file before anything is read (a device such as
    ``/dev/zero`` never ends).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileNotFoundError(f"no notebook at {path!r}") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(f.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"{path!r} is not a notebook: not a regular file ({file_kind(mode)})")
        return f.read()


def _load(path):
    path = _find_notebook() if path is None else os.fspath(path)
    data = _read_file(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"{path!r} is not a notebook: not UTF-8 text (byte 0x{data[e.start]:02x} at "
            f"offset {e.start}); Jupyter saves notebooks as UTF-8") from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path!r} is not a notebook (not valid JSON: {e})") from None
    except RecursionError:
        raise ValueError(f"{path!r} is not a notebook: its JSON is nested too deeply") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path!r} is not a Jupyter notebook (no list of cells)")
    return path, nb


def _shown(value):
    """A value for an error message: its type and a short repr."""
    r = repr(value)
    return f"{type(value).__name__} {r if len(r) <= 60 else r[:57] + '...'}"


def _object(value, where, name):
    """``value`` as a dict: None is an empty one, anything else not a dict is an error."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: {name} must be a JSON object, got {_shown(value)}")
    return value


def _tags(meta, where):
    tags = meta.get("tags")
    if tags is None:
        return []
    # a string is not a list of tags: "answer" in "unanswered" would be True
    if not isinstance(tags, list):
        raise ValueError(f"{where}: metadata.tags must be a list of strings, got {_shown(tags)}")
    for j, t in enumerate(tags):
        if not isinstance(t, str):
            raise ValueError(f"{where}: metadata.tags must be a list of strings, but item {j} "
                             f"is {_shown(t)}")
    return tags


def _string(info, key, where, default):
    value = info.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError(f"{where}: metadata.neuroai.{key} must be a string, got {_shown(value)}")
    return value


def _sentence_range(info, where):
    """The requested ``(min, max)`` number of sentences, None for no bound."""
    value = info.get("sentences")
    if value is None:
        return None, None
    rule = ("metadata.neuroai.sentences must be [min, max], each a whole number >= 0 "
            "or null")
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"{where}: {rule}, got {_shown(value)}")
    for v in value:
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise ValueError(f"{where}: {rule}, got {_shown(value)}")
    lo, hi = value
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"{where}: {rule} with min <= max, got min {lo} > max {hi}")
    return lo, hi


def _source(cell, where):
    src = cell.get("source")
    if src is None:
        return ""
    if isinstance(src, str):
        return src
    if isinstance(src, list) and all(isinstance(s, str) for s in src):
        return "".join(src)
    raise ValueError(f"{where}: source must be a string or a list of strings, got {_shown(src)}")


def _answer_text(source):
    """The student's text: the cell's source with the template's placeholder
    lines and the blank lines before and after removed, nothing else changed."""
    lines = [ln for ln in source.split("\n") if ln.strip() not in PLACEHOLDERS]
    lo, hi = 0, len(lines)
    while lo < hi and not lines[lo].strip():
        lo += 1
    while hi > lo and not lines[hi - 1].strip():
        hi -= 1
    return "\n".join(lines[lo:hi])


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

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        The file is not a readable notebook (not a regular file, not UTF-8,
        not JSON, no list of cells), or a cell is malformed: the message names
        the file, the cell's index and what is wrong.
    """
    path, nb = _load(path)
    out = []
    for k, cell in enumerate(nb["cells"]):
        where = f"{path!r}, cell {k}"
        if not isinstance(cell, dict):
            raise ValueError(f"{path!r}: cell {k} is not a JSON object (got {_shown(cell)})")
        meta = _object(cell.get("metadata"), where, "metadata")
        tags = _tags(meta, where)
        if ANSWER_TAG not in tags:
            continue
        ids = [t.split(":", 1)[1] for t in tags if t.startswith(ANSWER_TAG + ":")]
        info = _object(meta.get("neuroai"), where, "metadata.neuroai")
        info_id = _string(info, "id", where, f"cell-{k}")
        aid = ids[0] if ids else info_id
        question = _string(info, "question", where, "")
        lo, hi = _sentence_range(info, where)
        text = _source(cell, where)
        words = count_words(text)
        out.append(Answer(id=aid, question=question, answer=_answer_text(text), words=words,
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


# Characters that can start Markdown or HTML markup inside a line.
_MD_INLINE = re.compile(r"[\\`*_\[\]<>&!~|$#]")
_BACKTICKS = re.compile(r"`+")


def _md_inline(text):
    """``text`` as one line of Markdown that a viewer shows as plain text:
    whitespace runs (newlines included) become one space, so it cannot start a
    heading or a block of its own, and markup characters are escaped."""
    return _MD_INLINE.sub(lambda m: "\\" + m.group(), " ".join(text.split()))


def _md_fence(text):
    """``text`` verbatim inside a fenced code block.

    The fence is one backtick longer than the longest run of backticks in the
    text, so that no line of it can close the block; inside, CommonMark takes
    every character literally, HTML included.
    """
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    end = "" if text.endswith(("\n", "\r")) else "\n"
    return f"{fence}text\n{text}{end}{fence}"


def _markdown(rep):
    lines = [f"# Answers: {_md_inline(os.path.basename(rep.notebook))}", ""]
    n = len(rep.answers)
    lines.append(f"{n - len(rep.unanswered)} of {n} questions answered.")
    lines.append("")
    for a in rep.answers:
        lines.append(f"## {_md_inline(a.id)}")
        lines.append("")
        if a.question:
            lines.append(f"**Question.** {_md_inline(a.question)}")
            lines.append("")
        lines.append(_md_fence(a.answer) if a.answer else "_(not answered)_")
        lines.append("")
        counts = f"{a.words} words, {a.sentences} sentences"
        if a.requested():
            counts += f" (requested: {a.requested()})"
        lines.append(f"_{counts}_")
        lines.append("")
    return "\n".join(lines)


def export(path=None, out=None, format="md", overwrite=False):
    """Write a notebook's answers as Markdown or JSON; the notebook is not touched.

    Each answer is written exactly as the student wrote it (see
    :attr:`Answer.answer`); the word and sentence counts are made on a
    normalised copy.  In Markdown, each answer sits in a fenced code block, so
    that a viewer shows its text (Markdown and HTML included) and never
    renders or runs it, and the question ids and texts are escaped: an answer
    cannot add a section or counts of its own.

    Parameters
    ----------
    path : str or PathLike, optional
        The saved ``.ipynb`` file (see :func:`answers`).
    out : str or PathLike, optional
        File to write.  Default: next to the notebook, ``<name>_answers.md``
        or ``<name>_answers.json``.  It must not be the notebook (compared by
        file identity, so a hard or symbolic link to it is refused too), a
        symbolic link or anything but a regular file.
    format : {"md", "json"}, default "md"
        Markdown (one section per question: question, answer, counts) or JSON
        (``{"notebook", "complete", "unanswered", "out_of_range",
        "answers": [{"id", "question", "answer", "words", "sentences",
        "answered", "in_range", ...}]}``), UTF-8.
    overwrite : bool, default False
        Replace ``out`` if it exists.  Without it an existing file is an
        error.

    Returns
    -------
    pathlib.Path
        The file written.  It is written atomically: a temporary file in the
        same folder renamed over ``out``, so a failed export leaves the former
        file unchanged.

    Raises
    ------
    FileExistsError
        ``out`` exists and ``overwrite`` is False.
    ValueError
        ``out`` is the notebook, a symbolic link or not a regular file; or
        the notebook cannot be read (see :func:`answers`).
    """
    if format not in ("md", "json"):
        raise ValueError(f'format must be "md" or "json", got {format!r}')
    rep = check(path)
    if out is None:
        out = Path(rep.notebook).with_name(Path(rep.notebook).stem + f"_answers.{format}")
    out = Path(out)
    if format == "md":
        # a lone surrogate (possible in JSON, not in UTF-8) is shown as \udxxx
        data = _markdown(rep).encode("utf-8", errors="backslashreplace")
    else:
        d = rep.to_dict()
        try:
            data = (json.dumps(d, indent=2, ensure_ascii=False, allow_nan=False)
                    + "\n").encode("utf-8")
        except UnicodeEncodeError:   # a lone surrogate: \u escapes keep it exact
            data = (json.dumps(d, indent=2, ensure_ascii=True, allow_nan=False)
                    + "\n").encode("ascii")
    write_file(out, data, overwrite=overwrite, protect=[rep.notebook])
    return out
