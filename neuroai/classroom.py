"""Students' written answers: find them, check them, export them.

The tutorial notebooks hold their answers in the notebook file itself, in
Markdown cells tagged ``answer`` and ``answer:<id>`` (e.g.
``answer:reflection-1``).  Each such cell starts with a placeholder
(``[Your answer here]``); the student replaces it with their own text and
saves the notebook.  Because the answer lives in the ``.ipynb`` file, a kernel
restart or crash loses nothing, and everything here except :func:`restore`
only *reads* the file:

* each course notebook records its questions (id, prompt, requested length,
  answer cell id) in ``metadata.neuroai``; :func:`answers` reads them from
  the course's own notebook as shipped and finds each answer cell by its tag,
  its metadata or its cell id, so a deleted answer cell is reported missing,
  a duplicated one counts once, one whose tags were removed is still found,
  and text typed into the question's cell is pointed out;
* :func:`check` says which questions are still unanswered or missing and
  which answers fall outside the requested number of sentences (2-4 for the
  reflection questions), which file it read and when that was saved; inside
  Jupyter it finds the running notebook itself (:func:`find_notebook`);
* :func:`export` writes the answers as Markdown or JSON (question, answer,
  word and sentence counts) with the student's name and id (from the
  notebook's "About you" cell), the time, the versions and a hash of the
  answers, for submission on any learning platform.  Unfinished work is
  exported only on request (``incomplete=True``).  The answers are exported
  exactly as written; only the word and sentence counts use a normalised
  copy.  It never writes to the notebook, never replaces an existing file
  unless asked to (``overwrite=True``, ``--force``), does not follow a
  symbolic link at the output path, and writes atomically (a temporary file
  in the same folder, then renamed), so that a failed export leaves the
  previous file as it was;
* :func:`restore` puts back deleted answer cells and lost tags, keeping the
  notebook as it was beside it.

The same is available from the command line::

    neuroai check 01_what_is_neuroai.ipynb
    neuroai export 01_what_is_neuroai.ipynb --format md
    neuroai restore 01_what_is_neuroai.ipynb

``check`` exits with status 0 when every question is answered within its
requested length, 1 while some are not, and 2 on an error (a missing,
unreadable or malformed notebook, an output that may not be written).

Inside a running notebook, **save first** (Ctrl-S / Cmd-S): these functions
read the file on disk, not the cells in the browser.

An ``.ipynb`` file is JSON, so this module needs nothing beyond the standard
library: it works without the notebook extras installed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ._files import check_target, file_kind, write_file

__all__ = ["Answer", "Report", "Collection", "answers", "check", "export", "restore",
           "collect", "release", "find_notebook", "SOLUTION_TAG", "INSTRUCTOR_TAG",
           "count_words", "count_sentences", "PLACEHOLDERS", "ANSWER_TAG", "STUDENT_TAG"]

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
    """One question of a notebook and the student's answer to it.

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
        "" when nothing else is there.  When several cells answer the same
        question (a duplicated cell), their different texts are joined, in
        order, by a blank line.
    words, sentences : int
        Counts of the answer (see :func:`count_words`, :func:`count_sentences`),
        made on a normalised copy of the text.
    min_sentences, max_sentences : int or None
        The requested range (None: no bound).
    cell : int
        Index of the (first) answer cell in the notebook; -1 when the
        notebook has no answer cell for this question.
    missing : bool
        The course asks this question but the notebook has no answer cell
        for it (deleted): restore it with :func:`restore`.
    found_by : str
        How the answer cell was recognised: ``"tag"`` (its ``answer:<id>``
        tag), ``"metadata"`` (tags removed, its ``metadata.neuroai.id``
        kept), ``"cell id"`` (tags and metadata removed, the course's cell
        id kept) or ``""`` (missing).
    cells : list of int
        Indices of every cell answering this question.
    stray : str
        Text the student typed into the cell above or below the answer cell
        (e.g. the question's heading) instead of the answer cell: not counted
        as the answer, but kept here so that it is never lost.
    notes : list of str
        What to fix, in words, e.g. where to move stray text.
    """

    id: str
    question: str
    answer: str
    words: int
    sentences: int
    min_sentences: int | None = None
    max_sentences: int | None = None
    cell: int = -1
    missing: bool = False
    found_by: str = "tag"
    cells: list = field(default_factory=list)
    stray: str = ""
    notes: list = field(default_factory=list)

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
        One per question, in the course's order.
    unanswered : list of str
        Ids of the questions without an answer (missing answer cells included).
    missing : list of str
        Ids of the questions whose answer cell is not in the notebook.
    out_of_range : list of str
        Ids of answers whose sentence count is outside the requested range.
    notebook_id : str
        The course notebook's id (``metadata.neuroai.notebook``), "" if none.
    questions_from : str
        Where the list of questions came from: the course's notebook as
        shipped, this notebook's metadata, or (for a notebook of no course)
        its answer cells.
    found : str
        How the notebook was found when no path was given ("" otherwise).
    saved : float or None
        When the file was last saved (modification time, seconds since the
        epoch).
    unsaved : str
        A warning when this kernel ran cells after the file was saved.
    student : dict
        ``{"name", "id"}`` from the notebook's "About you" cell ("" if not
        filled in).
    warnings : list of str
        Problems not tied to one question (e.g. an answer tag of a question
        the course does not ask).
    """

    notebook: str
    answers: list = field(default_factory=list)
    notebook_id: str = ""
    notebook_version: str = ""
    questions_from: str = ""
    found: str = ""
    saved: float | None = None
    unsaved: str = ""
    student: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    exercises: list = field(default_factory=list)

    @property
    def unanswered(self):
        return [a.id for a in self.answers if not a.answered]

    @property
    def missing(self):
        return [a.id for a in self.answers if a.missing]

    @property
    def out_of_range(self):
        return [a.id for a in self.answers if a.answered and not a.in_range]

    @property
    def failing(self):
        """Names of the exercise checks that did not pass (failed, not run or missing)."""
        return [e["check"] for e in self.exercises if e["status"] != "pass"]

    @property
    def complete(self):
        """True when every question is answered within its requested length
        and every exercise check passed."""
        return not self.unanswered and not self.out_of_range and not self.failing

    def __bool__(self):
        return self.complete

    def _saved_line(self):
        if self.saved is None:
            return ""
        t = time.localtime(self.saved)
        ago = max(0.0, time.time() - self.saved)
        when = (f"{ago:.0f} s ago" if ago < 120 else f"{ago / 60:.0f} min ago" if ago < 7200
                else time.strftime("%Y-%m-%d", t))
        return (f"Checked the file on disk, {os.path.basename(self.notebook)}, as saved at "
                f"{time.strftime('%H:%M:%S', t)} ({when}): what you typed after that is not "
                "in it.")

    def __str__(self):
        n = len(self.answers)
        done = n - len(self.unanswered)
        ne = len(self.exercises)
        counts = [f"{done} of {n} questions answered"] if n or not ne else []
        if ne:
            counts.append(f"{ne - len(self.failing)} of {ne} exercise checks pass")
        lines = [f"{os.path.basename(self.notebook)}: {', '.join(counts)}"]
        if self.found:
            lines.append(f"  ({self.found})")
        for a in self.answers:
            if a.missing:
                mark, note = "[?]", ("answer cell missing (deleted?): restore it with "
                                     "classroom.restore() or `neuroai restore NOTEBOOK`")
            elif not a.answered:
                mark, note = "[ ]", "not answered yet"
            elif not a.in_range:
                mark = "[!]"
                note = (f"{a.sentences} sentence{'s' if a.sentences != 1 else ''}, "
                        f"{a.words} words: please write {a.requested()}")
            else:
                mark = "[x]"
                note = f"{a.sentences} sentence{'s' if a.sentences != 1 else ''}, {a.words} words"
            lines.append(f"  {mark} {a.id:<22} {note}")
            lines.extend(f"      note: {t}" for t in a.notes)
        marks = {"pass": "[x]", "fail": "[!]", "not run": "[ ]", "missing": "[?]"}
        for e in self.exercises:
            lines.append(f"  {marks[e['status']]} {e['check']:<26} {e['message']}")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        if n == 0 and not ne:
            lines.append("  (this notebook has no answer cells)")
        elif self.complete:
            lines.append(("All questions are answered" if n else "Every check passes")
                         + ". Export them with neuroai.classroom.export() or "
                         "`neuroai export NOTEBOOK`.")
        else:
            if self.failing:
                lines.append(f"Checks not passing yet: {', '.join(self.failing)} (run each "
                             "check after your code, save, then check again).")
            if self.missing:
                lines.append(f"Answer cells missing: {', '.join(self.missing)}.")
            if self.unanswered:
                lines.append(f"Still to answer: {', '.join(self.unanswered)}.")
            if self.out_of_range:
                lines.append(f"Outside the requested length: {', '.join(self.out_of_range)}.")
            lines.append("(Save the notebook before checking: the check reads the file.)")
        if self.unsaved:
            lines.append(self.unsaved)
        saved = self._saved_line()
        if saved:
            lines.append(saved)
        return "\n".join(lines)

    _repr_pretty_ = lambda self, p, cycle: p.text(str(self))  # noqa: E731

    def to_dict(self):
        return {"notebook": os.path.basename(self.notebook),
                "notebook_id": self.notebook_id,
                "notebook_version": self.notebook_version,
                "saved_at": _iso(self.saved),
                "student": dict(self.student),
                "complete": self.complete,
                "unanswered": self.unanswered,
                "missing": self.missing,
                "out_of_range": self.out_of_range,
                "warnings": list(self.warnings),
                "answers": [a.to_dict() for a in self.answers],
                "exercises": [dict(e) for e in self.exercises]}


def _iso(seconds):
    """``seconds`` since the epoch as an ISO 8601 UTC time, None for None."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------
# Which notebook: the running one, found without its file name
# ---------------------------------------------------------------------------
def _kernel_id():
    """The id of the Jupyter kernel this code runs in, or None."""
    try:
        from ipykernel import get_connection_file
        name = Path(get_connection_file()).stem
    except Exception:  # noqa: BLE001 - not in an ipykernel: no id
        return None
    return name[len("kernel-"):] if name.startswith("kernel-") else None


#: Seconds to wait for a local Jupyter server's list of sessions.
_SERVER_TIMEOUT = 2.0


def _server_session_paths(kernel_id):
    """Paths of the notebooks the local Jupyter servers run with this kernel.

    A server writes its address and token to ``jpserver-*.json`` in the
    Jupyter runtime folder; its ``/api/sessions`` lists each notebook's
    current path (after a rename too) with its kernel's id.
    """
    if not kernel_id:
        return []
    import urllib.request
    try:
        from jupyter_core.paths import jupyter_runtime_dir
        runtime = Path(jupyter_runtime_dir())
    except Exception:  # noqa: BLE001 - no jupyter_core: no servers to ask
        return []
    found = []
    for info_file in sorted(runtime.glob("jpserver-*.json")):
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
            url = info["url"].rstrip("/") + "/api/sessions"
            req = urllib.request.Request(url, headers={"Authorization":
                                                       f"token {info.get('token', '')}"})
            with urllib.request.urlopen(req, timeout=_SERVER_TIMEOUT) as r:
                sessions = json.loads(r.read().decode("utf-8"))
            root = Path(info.get("root_dir") or info.get("notebook_dir") or ".")
            for sess in sessions:
                if (sess.get("kernel") or {}).get("id") == kernel_id and sess.get("path"):
                    found.append(str(root / sess["path"]))
        except Exception:  # noqa: BLE001 - a stale file or a server that does not answer
            continue
    return found


def _session_names():
    """The notebook paths the front end gave the kernel when it started it."""
    names = [os.environ.get(v) for v in ("JPY_SESSION_NAME", "__vsc_ipynb_file__")]
    try:
        ns = get_ipython().user_ns  # noqa: F821  (defined only inside IPython)
        names += [ns.get("__session__"), ns.get("__vsc_ipynb_file__")]
    except NameError:
        pass
    return [p for p in names if isinstance(p, str) and p.endswith(".ipynb")]


def _notebook_id_of(path):
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        info = nb.get("metadata", {}).get("neuroai", {})
        return info.get("notebook", "") if isinstance(info, dict) else ""
    except (OSError, ValueError, AttributeError):
        return ""


def find_notebook(notebook_id=None):
    """The saved file of the notebook this code runs in.

    Tried in order:

    1. the local Jupyter servers' sessions, which know the kernel's notebook
       by its current path (renamed or duplicated notebooks included);
    2. the path the front end gave the kernel when it started it
       (``JPY_SESSION_NAME``, ``__session__``, VS Code's
       ``__vsc_ipynb_file__``), if that file still exists;
    3. the most recently saved notebook in the current folder (the kernel's,
       which is the notebook's) with this ``notebook_id``.

    Parameters
    ----------
    notebook_id : str, optional
        The course notebook's id (``metadata.neuroai.notebook``).  When given,
        a file carrying another id is passed over (e.g. a cell copied into
        another notebook).

    Returns
    -------
    (str, str)
        The path, and how it was found (for the report).

    Raises
    ------
    ValueError
        Nothing found: the message asks for the path.
    """
    def fits(p):
        return os.path.isfile(p) and (notebook_id is None or _notebook_id_of(p) == notebook_id)

    for p in _server_session_paths(_kernel_id()):
        if fits(p):
            return p, "the notebook this kernel runs, as the Jupyter server names it"
    gone = []
    for p in _session_names():
        if fits(p):
            return p, "the notebook this kernel was started for"
        gone.append(p)
    if notebook_id is not None:
        same = [p for p in Path.cwd().glob("*.ipynb") if fits(p)]
        if same:
            p = max(same, key=lambda q: os.stat(q).st_mtime)
            why = (f"the kernel's notebook {os.path.basename(gone[0])!r} is not there any more "
                   "(renamed?); " if gone else "")
            return str(p), (f"{why}the most recently saved notebook {notebook_id!r} in "
                            f"{os.getcwd()}; pass its path to check another")
    raise ValueError(
        "could not tell which notebook this is: give its path, e.g. "
        "check('01_what_is_neuroai.ipynb') (the file name at the top of the notebook's tab; "
        "save it first)")


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


def _load(path, notebook_id=None):
    """``(path, notebook, how it was found)``; the running notebook if ``path`` is None."""
    found = ""
    if path is None:
        path, found = find_notebook(notebook_id)
    else:
        path = os.fspath(path)
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
    return path, nb, found


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


#: Tag of the "About you" cell, where the student writes their name and id.
STUDENT_TAG = "student"
_STUDENT_FIELD = re.compile(r"^[\s>*_-]*(name|student\s*id|id)[*_\s]*:[*_\s]*(.*?)[*_\s]*$",
                            flags=re.I | re.M)


def _student(cells):
    """``{"name", "id"}`` written in the notebook's cell tagged ``student``."""
    out = {"name": "", "id": ""}
    for cell in cells:
        meta = cell.get("metadata") if isinstance(cell, dict) else None
        tags = meta.get("tags") if isinstance(meta, dict) else None
        if not isinstance(tags, list) or STUDENT_TAG not in tags:
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src if isinstance(src, str) else ""
        for m in _STUDENT_FIELD.finditer(src):
            key = "name" if m.group(1).lower() == "name" else "id"
            value = m.group(2).strip()
            if value.startswith("[") and value.endswith("]"):     # the placeholder
                value = ""
            if value and not out[key]:
                out[key] = value
        break
    return out


def _question_list(info, where):
    """The course's questions from ``metadata.neuroai.questions``:
    list of dict ``{"id", "question", "sentences", "cell"}``, or None."""
    qs = info.get("questions")
    if qs is None:
        return None
    if not isinstance(qs, list):
        raise ValueError(f"{where}: metadata.neuroai.questions must be a list, got {_shown(qs)}")
    out = []
    for j, q in enumerate(qs):
        w = f"{where}, question {j}"
        q = _object(q, w, "metadata.neuroai.questions[]")
        qid = _string(q, "id", w, "")
        if not qid:
            raise ValueError(f"{w}: a question needs an id")
        lo, hi = _sentence_range(q, w)
        out.append({"id": qid, "question": _string(q, "question", w, ""),
                    "sentences": (lo, hi), "cell": _string(q, "cell", w, "")})
    return out


def _course_notebook(notebook_id):
    """The course's own notebook (as shipped) with this id: ``(path, nb)`` or None."""
    if not notebook_id:
        return None
    try:
        from .tutorial import notebooks
        paths = notebooks()
    except (OSError, ImportError):
        return None
    for p in paths:
        try:
            nb = json.loads(p.read_text(encoding="utf-8"))
            if nb["metadata"]["neuroai"]["notebook"] == notebook_id:
                return p, nb
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def _cell_source(cell):
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(src) if isinstance(src, list) else src if isinstance(src, str) else ""


def _added_text(student_src, course_src):
    """Lines of ``student_src`` that the course's version of the cell does not have."""
    course_lines = {ln.strip() for ln in course_src.split("\n")}
    added = [ln for ln in student_src.split("\n")
             if ln.strip() and ln.strip() not in course_lines and ln.strip() not in PLACEHOLDERS]
    return "\n".join(added)


def _is_answerish(cell):
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    if not isinstance(meta, dict):
        return False
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    info = meta.get("neuroai") if isinstance(meta.get("neuroai"), dict) else {}
    return ANSWER_TAG in tags or STUDENT_TAG in tags or "id" in info


def _stray(cells, k, course_by_id, course_ids_answer):
    """Prose in the Markdown cells just above and below index ``k`` that the
    course's version of those cells does not hold: ``[(index, where, text)]``."""
    found = []
    for j, where in ((k - 1, "above"), (k + 1, "below")):
        if not 0 <= j < len(cells) or not isinstance(cells[j], dict):
            continue
        cell = cells[j]
        if cell.get("cell_type") != "markdown" or _is_answerish(cell):
            continue
        if cell.get("id") in course_ids_answer:
            continue
        course = course_by_id.get(cell.get("id"))
        text = _added_text(_cell_source(cell), _cell_source(course) if course else "")
        if count_words(text):
            found.append((j, where, text))
    return found


def _cells_of(path, nb):
    """Each answer-like cell of ``nb``: ``(index, question id, found_by, cell)``,
    plus the tags of answers with an id, for the unlisted check."""
    out = []
    for k, cell in enumerate(nb["cells"]):
        where = f"{path!r}, cell {k}"
        if not isinstance(cell, dict):
            raise ValueError(f"{path!r}: cell {k} is not a JSON object (got {_shown(cell)})")
        meta = _object(cell.get("metadata"), where, "metadata")
        tags = _tags(meta, where)
        if ANSWER_TAG in tags:
            info = _object(meta.get("neuroai"), where, "metadata.neuroai")
            ids = [t.split(":", 1)[1] for t in tags if t.startswith(ANSWER_TAG + ":")]
            info_id = _string(info, "id", where, f"cell-{k}")
            out.append((k, ids[0] if ids else info_id, "tag", cell, info, where))
            continue
        # not tagged: an answer cell that lost its tags, recognised leniently
        # (other cells' metadata is not this module's to judge)
        info = meta.get("neuroai") if isinstance(meta.get("neuroai"), dict) else {}
        if isinstance(info.get("id"), str) and cell.get("cell_type") == "markdown":
            out.append((k, info["id"], "metadata", cell, info, where))
        elif cell.get("cell_type") == "markdown":
            out.append((k, None, "cell id", cell, info, where))
    return out


def _answer_of(qid, question, lo, hi, matches):
    """The Answer to one question from the cells that answer it."""
    texts, seen = [], set()
    for k, _, cell, where in matches:
        t = _answer_text(_source(cell, where))
        if t and t not in seen:
            seen.add(t)
            texts.append(t)
    joined = "\n\n".join(texts)
    words = count_words(joined)
    a = Answer(id=qid, question=question, answer=joined, words=words,
               sentences=count_sentences(joined) if words else 0, min_sentences=lo,
               max_sentences=hi, cell=matches[0][0] if matches else -1,
               missing=not matches, found_by=matches[0][1] if matches else "",
               cells=[m[0] for m in matches])
    if len(matches) > 1:
        a.notes.append(f"{len(matches)} cells answer this question (cells "
                       f"{', '.join(str(m[0]) for m in matches)}; a copied cell?): they count "
                       "as one answer" + (", their texts joined" if len(texts) > 1 else "")
                       + "; delete the extra cell")
    if matches and matches[0][1] != "tag":
        a.notes.append(f"the answer cell (cell {a.cell}) lost its tags; found by its "
                       f"{matches[0][1]}: `neuroai restore NOTEBOOK` puts them back")
    return a


def _resolve(path, nb):
    """The notebook's answers against its question list; ``(answers, meta)``."""
    info = _object(nb.get("metadata"), f"{path!r}", "metadata")
    info = _object(info.get("neuroai"), f"{path!r}", "metadata.neuroai")
    nb_id = _string(info, "notebook", f"{path!r}", "")
    course = _course_notebook(nb_id)
    questions, source = None, ""
    course_by_id = {}
    if course is not None:
        cpath, cnb = course
        questions = _question_list(cnb["metadata"]["neuroai"], f"{str(cpath)!r}")
        source = f"the course's notebook {cpath.name}"
        course_by_id = {c.get("id"): c for c in cnb["cells"] if isinstance(c, dict)}
    if questions is None:
        questions = _question_list(info, f"{path!r}")
        source = "this notebook's metadata" if questions is not None else ""
    cells = _cells_of(path, nb)
    listed = (course[1]["metadata"]["neuroai"] if course is not None else info).get("exercises")
    meta = {"notebook_id": nb_id, "notebook_version": _string(info, "version", f"{path!r}", ""),
            "questions_from": source or "its answer cells", "warnings": [],
            "exercises": _exercises(nb, listed) if isinstance(listed, list) else []}
    if questions is None:      # a notebook of no course: its tagged cells are the questions
        out = []
        for k, qid, how, cell, cinfo, where in cells:
            if how != "tag":
                continue
            lo, hi = _sentence_range(cinfo, where)
            out.append(_answer_of(qid, _string(cinfo, "question", where, ""), lo, hi,
                                  [(k, how, cell, where)]))
        return out, meta
    by_cell_id = {q["cell"]: q["id"] for q in questions if q["cell"]}
    listed = {q["id"] for q in questions}
    matches = {q["id"]: [] for q in questions}
    for k, qid, how, cell, cinfo, where in cells:
        if how == "cell id":
            qid = by_cell_id.get(cell.get("id"))
            if qid is None:
                continue
        if qid in listed:
            matches[qid].append((k, how, cell, where))
        elif how == "tag":
            meta["warnings"].append(f"cell {k} is tagged as the answer to {qid!r}, which "
                                    "this notebook does not ask; it is not exported")
    answer_ids = set(by_cell_id)
    out = []
    for q in questions:
        lo, hi = q["sentences"]
        a = _answer_of(q["id"], q["question"], lo, hi, matches[q["id"]])
        if course_by_id:
            if a.missing:     # look around the question's heading, where the cell was
                prompt = _prompt_id(course, q["cell"])
                ks = [k for k, c in enumerate(nb["cells"]) if c.get("id") == prompt]
                around = [(ks[0], "", _added_text(_cell_source(nb["cells"][ks[0]]),
                                                  _cell_source(course_by_id[prompt])))] if ks else []
                around += _stray(nb["cells"], ks[0], course_by_id, answer_ids) if ks else []
            else:
                around = _stray(nb["cells"], a.cell, course_by_id, answer_ids)
            for j, where, text in around:
                if not count_words(text) or text in a.stray:
                    continue
                a.stray = f"{a.stray}\n\n{text}" if a.stray else text
                place = (f"the cell {where} the answer cell" if where else
                         "the question's cell")
                a.notes.append(f"text typed in {place} (cell {j}): {_snippet(text)!r}; "
                               "move it into the answer cell"
                               + (" (restore the answer cell first)" if a.missing else ""))
        out.append(a)
    return out, meta


def _prompt_id(course, answer_cell_id):
    """The id of the course cell just before the answer cell (the question)."""
    cells = course[1]["cells"]
    for k, c in enumerate(cells):
        if c.get("id") == answer_cell_id and k > 0:
            return cells[k - 1].get("id")
    return None


def _snippet(text, n=60):
    t = " ".join(text.split())
    return t if len(t) <= n else t[:n - 3] + "..."


_CHECK_CALL = re.compile(r"\b(check_\w+)\s*\(")


def _check_results(cell):
    """The verdicts a check cell printed, in order: ``[(passed, message)]``.

    Each check of :mod:`neuroai.exercises` prints one line starting with
    ``✓`` or ``✗`` (a failure adds indented detail lines).
    """
    text = ""
    for out in cell.get("outputs") or []:
        if isinstance(out, dict) and out.get("output_type") == "stream":
            t = out.get("text", "")
            text += "".join(t) if isinstance(t, list) else t if isinstance(t, str) else ""
    found = []
    for line in text.split("\n"):
        if line.startswith(("✓ ", "✗ ")):
            found.append([line.startswith("✓"), line[2:].strip()])
        elif found and line.startswith((" ", "\t")) and line.strip():
            found[-1][1] += " " + line.strip()
    return found


def _exercises(nb, listed):
    """Each exercise check the course lists, with what the saved notebook says
    of it: ``{"check", "status": "pass"|"fail"|"not run"|"missing", "message", "cell"}``."""
    cells = [c for c in nb["cells"] if isinstance(c, dict)]
    by_id = {c.get("id"): (k, c) for k, c in enumerate(cells)}
    out, done = [], {}
    for item in listed:
        name, cid = item.get("check", ""), item.get("cell", "")
        k, cell = by_id.get(cid, (None, None))
        if cell is None or name not in _CHECK_CALL.findall(_cell_source(cell)):
            hit = [(j, c) for j, c in enumerate(cells) if c.get("cell_type") == "code"
                   and name in _CHECK_CALL.findall(_cell_source(c))]
            k, cell = hit[0] if hit else (None, None)
        if cell is None:
            out.append({"check": name, "status": "missing", "cell": -1,
                        "message": "its cell is not in the notebook (deleted?)"})
            continue
        calls = _CHECK_CALL.findall(_cell_source(cell))
        results = done.setdefault(k, _check_results(cell))
        j = calls.index(name)
        if j < len(results):
            passed, msg = results[j]
            out.append({"check": name, "status": "pass" if passed else "fail", "cell": k,
                        "message": msg})
        else:
            out.append({"check": name, "status": "not run", "cell": k,
                        "message": "not run in the saved notebook (run the cell after your "
                                   "code, save, check again)"})
    return out


def answers(path=None, notebook_id=None):
    """The questions of a notebook and their answers, in the course's order.

    The list of questions comes from the course's own notebook as shipped
    (found by this notebook's ``metadata.neuroai.notebook`` id), so a deleted
    answer cell is reported as missing, never dropped; else from the
    notebook's ``metadata.neuroai.questions``; a notebook of no course has its
    cells tagged ``answer`` as its questions.  Answer cells are recognised by
    their ``answer:<id>`` tag, else by ``metadata.neuroai.id``, else by the
    course's cell id, so a cell whose tags were removed still counts.

    Parameters
    ----------
    path : str or PathLike, optional
        The ``.ipynb`` file.  Inside Jupyter it may be left out: see
        :func:`find_notebook`.  Save the notebook first: the file is read, not
        the browser's cells.
    notebook_id : str, optional
        Used to find the notebook when ``path`` is left out.

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
    path, nb, _ = _load(path, notebook_id)
    return _resolve(path, nb)[0]


def _unsaved(nb):
    """A warning when this kernel ran cells after the notebook was saved.

    The saved file holds each code cell's execution count; a kernel that has
    since run more than the check cell itself is ahead of the file.
    """
    try:
        ip = get_ipython()  # noqa: F821  (defined only inside IPython)
        now = int(ip.execution_count)
    except (NameError, AttributeError, TypeError, ValueError):
        return ""
    saved = [c.get("execution_count") for c in nb["cells"] if isinstance(c, dict)]
    saved = max((n for n in saved if isinstance(n, int) and not isinstance(n, bool)),
                default=0)
    if now > saved + 1:
        return ("Warning: this kernel has run cells since the notebook was saved "
                f"(last saved run: [{saved}], now: [{now}]): save it (Ctrl-S / Cmd-S) and "
                "run the check again.")
    return ""


def check(path=None, verbose=False, notebook_id=None):
    """Which questions are unanswered or missing, and which answers are too short or long.

    Parameters
    ----------
    path : str or PathLike, optional
        The saved ``.ipynb`` file.  Inside Jupyter it may be left out: the
        running notebook is found (see :func:`find_notebook`) and the report
        says which file it read and when that was saved.
    verbose : bool, default False
        Print the report as well as returning it.
    notebook_id : str, optional
        The course notebook's id, used to find the notebook when ``path`` is
        left out (the tutorials' check cells pass it: no file name needed).

    Returns
    -------
    Report
        Printable; ``report.unanswered``, ``report.missing`` and
        ``report.out_of_range`` list question ids, ``report.complete`` (also
        ``bool(report)``) is True when all is done.
    """
    path, nb, found = _load(path, notebook_id)
    ans, meta = _resolve(path, nb)
    try:
        saved = os.stat(path).st_mtime
    except OSError:
        saved = None
    rep = Report(notebook=str(path), answers=ans, found=found, saved=saved,
                 unsaved=_unsaved(nb) if found else "", student=_student(nb["cells"]), **meta)
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


def _answers_hash(rep):
    """SHA-256 of the answers (ids and texts, in order): a teacher can tell
    whether two exports hold the same answers."""
    data = json.dumps([[a.id, a.answer, a.stray] for a in rep.answers], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", errors="surrogatepass")).hexdigest()


def _markdown(rep, head):
    lines = [f"# Answers: {_md_inline(os.path.basename(rep.notebook))}", ""]
    for key, label in (("student", "Student"), ("exported_at", "Exported"),
                       ("neuroai_version", "neuroai"), ("notebook_id", "Notebook"),
                       ("saved_at", "Notebook saved"), ("answers_sha256", "Answers SHA-256")):
        value = head.get(key)
        if key == "student":
            value = " ".join(p for p in (head["student"].get("name", ""),
                                         f"(id {head['student']['id']})"
                                         if head["student"].get("id") else "") if p)
        elif key == "notebook_id" and value and head.get("notebook_version"):
            value = f"{value}, version {head['notebook_version']}"
        if value:
            lines.append(f"- {label}: {_md_inline(str(value))}")
    lines.append("")
    n = len(rep.answers)
    lines.append(f"{n - len(rep.unanswered)} of {n} questions answered.")
    if rep.missing:
        lines.append(f"Answer cells missing: {_md_inline(', '.join(rep.missing))}.")
    if rep.exercises:
        lines.append(f"{len(rep.exercises) - len(rep.failing)} of {len(rep.exercises)} "
                     "exercise checks pass.")
    lines.append("")
    if rep.exercises:
        lines.append("## Exercises")
        lines.append("")
        for e in rep.exercises:
            lines.append(f"- {_md_inline(e['check'])}: **{e['status']}**, "
                         f"{_md_inline(e['message'])}")
        lines.append("")
    for a in rep.answers:
        lines.append(f"## {_md_inline(a.id)}")
        lines.append("")
        if a.question:
            lines.append(f"**Question.** {_md_inline(a.question)}")
            lines.append("")
        if a.answer:
            lines.append(_md_fence(a.answer))
        else:
            lines.append("_(answer cell missing)_" if a.missing else "_(not answered)_")
        lines.append("")
        counts = f"{a.words} words, {a.sentences} sentences"
        if a.requested():
            counts += f" (requested: {a.requested()})"
        lines.append(f"_{counts}_")
        lines.append("")
        if a.stray:
            lines.append("**Text typed outside the answer cell.**")
            lines.append("")
            lines.append(_md_fence(a.stray))
            lines.append("")
    return "\n".join(lines)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def export(path=None, out=None, format="md", overwrite=False, name=None, student_id=None,
           incomplete=False, notebook_id=None):
    """Write a notebook's answers as Markdown or JSON; the notebook is not touched.

    Each answer is written exactly as the student wrote it (see
    :attr:`Answer.answer`); the word and sentence counts are made on a
    normalised copy.  In Markdown, each answer sits in a fenced code block, so
    that a viewer shows its text (Markdown and HTML included) and never
    renders or runs it, and the question ids and texts are escaped: an answer
    cannot add a section or counts of its own.  Every export carries the
    student's name and id, the time, the neuroai and notebook versions, the
    time the notebook was saved and a SHA-256 of the answers.

    Parameters
    ----------
    path : str or PathLike, optional
        The saved ``.ipynb`` file (see :func:`check`).
    out : str or PathLike, optional
        File to write.  Default: next to the notebook,
        ``<name>_<student id>_answers.md`` (or ``.json``; without an id
        ``<name>_answers.md``).  It must not be the notebook (compared by
        file identity, so a hard or symbolic link to it is refused too), a
        symbolic link or anything but a regular file.
    format : {"md", "json"}, default "md"
        Markdown (the student, then one section per question: question,
        answer, counts) or JSON (``{"student": {"name", "id"},
        "exported_at", "neuroai_version", "notebook", "notebook_id",
        "notebook_version", "saved_at", "answers_sha256", "complete",
        "unanswered", "missing", "out_of_range", "answers": [{"id",
        "question", "answer", "words", "sentences", "answered", "in_range",
        "missing", "stray", "notes", ...}]}``), UTF-8.
    overwrite : bool, default False
        Replace ``out`` if it exists.  Without it an existing file is an
        error.
    name, student_id : str, optional
        The student, when not written in the notebook's "About you" cell
        (these win).  A course notebook is not exported without both.
    incomplete : bool, default False
        Export although questions are unanswered, missing or outside the
        requested length.  Without it such work is an error that lists them.
    notebook_id : str, optional
        Used to find the notebook when ``path`` is left out.

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
        ``out`` is the notebook, a symbolic link or not a regular file; the
        student is not named; the work is incomplete without ``incomplete``;
        or the notebook cannot be read (see :func:`answers`).
    """
    from . import __version__
    if format not in ("md", "json"):
        raise ValueError(f'format must be "md" or "json", got {format!r}')
    rep = check(path, notebook_id=notebook_id)
    student = dict(rep.student)
    if name is not None:
        student["name"] = str(name).strip()
    if student_id is not None:
        student["id"] = str(student_id).strip()
    if out is None:
        sid = _SAFE_NAME.sub("-", student.get("id", "")).strip("-.")
        stem = Path(rep.notebook).stem + (f"_{sid}" if sid else "")
        out = Path(rep.notebook).with_name(f"{stem}_answers.{format}")
    out = Path(out)
    check_target(out, overwrite, [rep.notebook])
    if not rep.complete and not incomplete:
        parts = []
        if rep.missing:
            parts.append(f"answer cells missing: {', '.join(rep.missing)}")
        rest = [i for i in rep.unanswered if i not in rep.missing]
        if rest:
            parts.append(f"not answered: {', '.join(rest)}")
        if rep.out_of_range:
            parts.append(f"outside the requested length: {', '.join(rep.out_of_range)}")
        if rep.failing:
            parts.append(f"checks not passing: {', '.join(rep.failing)}")
        raise ValueError(f"{os.path.basename(rep.notebook)} is not complete ("
                         f"{'; '.join(parts)}): finish it, or export it as it is with "
                         "incomplete=True (--incomplete on the command line)")
    if rep.notebook_id and not (student.get("name") and student.get("id")):
        raise ValueError(
            "who is handing in? Write your name and student id in the \"About you\" cell "
            "at the top of the notebook and save it, or pass name=... and student_id=... "
            "(--name and --id on the command line)")
    head = {"student": student,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "neuroai_version": __version__, "notebook_id": rep.notebook_id,
            "notebook_version": rep.notebook_version, "saved_at": _iso(rep.saved),
            "answers_sha256": _answers_hash(rep)}
    if format == "md":
        # a lone surrogate (possible in JSON, not in UTF-8) is shown as \udxxx
        data = _markdown(rep, head).encode("utf-8", errors="backslashreplace")
    else:
        d = {**head, **{k: v for k, v in rep.to_dict().items() if k not in head}}
        try:
            data = (json.dumps(d, indent=2, ensure_ascii=False, allow_nan=False)
                    + "\n").encode("utf-8")
        except UnicodeEncodeError:   # a lone surrogate: \u escapes keep it exact
            data = (json.dumps(d, indent=2, ensure_ascii=True, allow_nan=False)
                    + "\n").encode("ascii")
    write_file(out, data, overwrite=overwrite, protect=[rep.notebook])
    return out


def restore(path=None, notebook_id=None):
    """Put back the answer cells a notebook lost; the only function that
    writes a notebook.

    A missing answer cell is re-inserted after its question, holding the text
    the student typed into the question's cell if there is any (that cell is
    returned to the course's text), else the placeholder; an answer cell whose
    tags or metadata were removed gets them back.  Nothing else changes.  The
    notebook as it was is kept beside it as ``<name>.before-restore.ipynb``
    (or ``-2``, ``-3``, ... if that exists).  If the notebook is open in
    JupyterLab, reload it from disk afterwards (File > Reload Notebook from
    Disk).

    Returns
    -------
    list of str
        What was done, one line per change ([] when nothing was needed).

    Raises
    ------
    ValueError
        The notebook is of no course known here (nothing to restore from).
    """
    path, nb, _ = _load(path, notebook_id)
    ans, meta = _resolve(path, nb)
    course = _course_notebook(meta["notebook_id"])
    if course is None:
        raise ValueError(f"{path!r} is not a notebook of this course (no course notebook "
                         f"with id {meta['notebook_id']!r}): nothing to restore from")
    cpath, cnb = course
    course_by_id = {c.get("id"): c for c in cnb["cells"]}
    questions = {q["id"]: q for q in _question_list(cnb["metadata"]["neuroai"], str(cpath))}
    cells = nb["cells"]
    used_ids = {c.get("id") for c in cells}
    done = []
    for a in ans:
        q = questions[a.id]
        model = course_by_id.get(q["cell"])
        if model is None:
            continue
        if not a.missing:
            for k in a.cells:
                cell = cells[k]
                meta_k = cell.setdefault("metadata", {})
                tags = meta_k.get("tags") or []
                want = [t for t in model["metadata"].get("tags", []) if t not in tags]
                if want or "neuroai" not in meta_k:
                    meta_k["tags"] = [*tags, *want]
                    meta_k.setdefault("neuroai", json.loads(json.dumps(model["metadata"]
                                                                       ["neuroai"])))
                    done.append(f"{a.id}: tags of cell {k} put back")
            continue
        new = json.loads(json.dumps(model))
        if new.get("id") in used_ids:
            new["id"] = f"{new['id']}-restored"
        used_ids.add(new.get("id"))
        prompt = _prompt_id(course, q["cell"])
        at = next((k + 1 for k, c in enumerate(cells) if prompt and c.get("id") == prompt),
                  None)
        moved = ""
        if at is not None:
            pcell = cells[at - 1]
            moved = _added_text(_cell_source(pcell), _cell_source(course_by_id[prompt]))
            if count_words(moved):
                new["source"] = moved
                pcell["source"] = course_by_id[prompt]["source"]
            else:
                moved = ""
        else:
            prev = [b.cells[-1] for b in ans[:ans.index(a)] if b.cells]
            at = prev[-1] + 1 if prev else len(cells)
        cells.insert(at, new)
        for b in ans:          # later indices move down by one
            b.cells = [k + 1 if k >= at else k for k in b.cells]
        done.append(f"{a.id}: answer cell put back as cell {at}"
                    + (" with the text from the question's cell" if moved else ""))
    if not done:
        return done
    p = Path(path)
    stem = p.name[:-len(".ipynb")] if p.name.endswith(".ipynb") else p.stem
    for k in range(1, 1000):
        backup = p.with_name(f"{stem}.before-restore{'' if k == 1 else f'-{k}'}.ipynb")
        if not os.path.lexists(backup):
            break
    write_file(backup, _read_file(path))
    try:
        data = (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()
    except UnicodeEncodeError:   # a lone surrogate: \u escapes keep it exact
        data = (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=True) + "\n").encode()
    write_file(p, data, overwrite=True)
    done.append(f"the notebook as it was is kept as {backup.name}")
    return done


# ---------------------------------------------------------------------------
# The teacher's side: a class's submissions in one table
# ---------------------------------------------------------------------------
@dataclass
class Collection:
    """Result of :func:`collect`.

    Attributes
    ----------
    submissions : list of dict
        One per file read: ``{"file", "name", "id", "notebook", "complete",
        "exported_at", "answers": {id: Answer dict}, "exercises": [...],
        "answers_sha256", "problems": [str]}``.
    problems : list of (str, str)
        ``(file, what is wrong)``: malformed files, duplicates, identical
        answers handed in by different students.  Nothing is dropped: a
        malformed file is listed here and, as far as it could be read, in
        ``submissions``.
    written : list of pathlib.Path
        The CSV and HTML files.
    """

    submissions: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    written: list = field(default_factory=list)

    def __str__(self):
        n_ok = sum(1 for s in self.submissions if s["complete"])
        lines = [f"{len(self.submissions)} submissions, {n_ok} complete"]
        lines += [f"  problem: {f}: {what}" for f, what in self.problems]
        lines += [f"written: {p}" for p in self.written]
        return "\n".join(lines)


def _submission(path):
    """One submission as a row, from a JSON export or a handed-in notebook."""
    row = {"file": path.name, "name": "", "id": "", "notebook": "", "complete": False,
           "exported_at": "", "answers": {}, "exercises": [], "answers_sha256": "",
           "problems": []}
    if path.suffix == ".ipynb":
        rep = check(path)
        d = rep.to_dict()
        d["exported_at"] = ""
        d["answers_sha256"] = _answers_hash(rep)
    else:
        try:
            d = json.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            row["problems"].append(f"not a JSON export ({type(e).__name__}: {e})")
            return row
        if not isinstance(d, dict) or not isinstance(d.get("answers"), list):
            row["problems"].append("not an export of neuroai (no list of answers)")
            return row
    student = d.get("student") if isinstance(d.get("student"), dict) else {}
    row["name"] = str(student.get("name") or "")
    row["id"] = str(student.get("id") or "")
    if not row["id"]:
        row["problems"].append("no student id")
    row["notebook"] = str(d.get("notebook_id") or d.get("notebook") or "")
    row["complete"] = d.get("complete") is True
    row["exported_at"] = str(d.get("exported_at") or "")
    row["answers_sha256"] = str(d.get("answers_sha256") or "")
    for a in d["answers"]:
        if not isinstance(a, dict) or not isinstance(a.get("id"), str):
            row["problems"].append(f"an answer without an id: {_shown(a)}")
            continue
        row["answers"][a["id"]] = a
    row["exercises"] = [e for e in d.get("exercises") or [] if isinstance(e, dict)]
    return row


def _html_page(col, questions):
    from html import escape

    def cell(text):
        return f"<td>{escape(str(text))}</td>"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Class overview</title><style>"
           "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}"
           "pre{white-space:pre-wrap;margin:0;max-width:60em}.no{background:#fdd}"
           ".yes{background:#dfd}</style></head><body>",
           "<h1>Class overview</h1>"]
    if col.problems:
        out.append("<h2>Problems</h2><ul>")
        out += [f"<li>{escape(f)}: {escape(w)}</li>" for f, w in col.problems]
        out.append("</ul>")
    out.append("<h2>Per student</h2><table><tr><th>student</th><th>id</th><th>notebook</th>"
               "<th>complete</th><th>checks passed</th>"
               + "".join(f"<th>{escape(q)} [words]</th>" for q in questions)
               + "<th>file</th></tr>")
    for s in col.submissions:
        ex = s["exercises"]
        passed = f"{sum(e.get('status') == 'pass' for e in ex)}/{len(ex)}" if ex else ""
        out.append("<tr>" + cell(s["name"]) + cell(s["id"]) + cell(s["notebook"])
                   + f'<td class="{"yes" if s["complete"] else "no"}">'
                   + ("yes" if s["complete"] else "no") + "</td>" + cell(passed)
                   + "".join(cell(s["answers"].get(q, {}).get("words", "")) for q in questions)
                   + cell(s["file"]) + "</tr>")
    out.append("</table><h2>Per question</h2>")
    for q in questions:
        text = next((s["answers"][q].get("question", "") for s in col.submissions
                     if q in s["answers"]), "")
        out.append(f"<h3>{escape(q)}</h3><p>{escape(str(text))}</p><table>"
                   "<tr><th>student</th><th>answer</th><th>words</th></tr>")
        for s in col.submissions:
            a = s["answers"].get(q)
            if a is None:
                continue
            answer = str(a.get("answer") or "")
            out.append("<tr>" + cell(s["name"] or s["file"])
                       + (f"<td><pre>{escape(answer)}</pre></td>" if answer else
                          "<td><em>(not answered)</em></td>")
                       + cell(a.get("words", "")) + "</tr>")
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def collect(folder, out=None, overwrite=False):
    """A class's submissions in one overview: ``class_overview.csv`` and
    ``class_overview.html``.

    Reads every JSON export (``*.json``) and handed-in notebook (``*.ipynb``)
    in ``folder`` and its subfolders.  Per student: complete or not, word
    counts, exercise checks passed; per question: every answer side by side
    (the HTML page is self-contained, every text escaped).  Malformed files,
    Markdown exports (which hold no machine-readable record: ask for
    ``--format json``), a student handing in the same notebook twice and
    identical answers from different students are listed as problems, never
    dropped.

    Parameters
    ----------
    folder : str or PathLike
    out : str or PathLike, optional
        Folder for the two files (default ``folder``).
    overwrite : bool, default False
        Replace earlier overview files.

    Returns
    -------
    Collection
    """
    import csv
    import io
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {str(folder)!r} to collect from")
    out = folder if out is None else Path(out)
    targets = [out / "class_overview.csv", out / "class_overview.html"]
    for t in targets:
        check_target(t, overwrite, [])
    col = Collection()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
                   and p.suffix in (".json", ".ipynb", ".md") and p.name not in
                   {t.name for t in targets} and ".ipynb_checkpoints" not in p.parts
                   and not p.name.startswith("."))
    for p in files:
        rel = str(p.relative_to(folder))
        if p.suffix == ".md":
            if p.name.endswith("_answers.md"):
                col.problems.append((rel, "a Markdown export is not read: ask for the JSON "
                                          "export (--format json)"))
            continue
        try:
            row = _submission(p)
        except (OSError, ValueError) as e:
            row = {"file": p.name, "name": "", "id": "", "notebook": "", "complete": False,
                   "exported_at": "", "answers": {}, "exercises": [], "answers_sha256": "",
                   "problems": [str(e)]}
        row["file"] = rel
        col.problems += [(rel, w) for w in row["problems"]]
        col.submissions.append(row)
    seen, hashes = {}, {}
    for s in col.submissions:
        if s["id"]:
            key = (s["id"], s["notebook"])
            if key in seen:
                col.problems.append((s["file"], f"student {s['id']} handed in "
                                     f"{s['notebook'] or 'this notebook'} again (also "
                                     f"{seen[key]}): both are listed"))
            seen.setdefault(key, s["file"])
        answered = any(a.get("answered") for a in s["answers"].values())
        if s["answers_sha256"] and answered:
            other = hashes.setdefault(s["answers_sha256"], s)
            if other is not s and other["id"] != s["id"]:
                col.problems.append((s["file"], f"the same answers as {other['file']} "
                                     f"({other['name'] or other['id']})"))
    questions = []
    for s in col.submissions:
        questions += [q for q in s["answers"] if q not in questions]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "name", "id", "notebook", "complete", "exported_at",
                "checks_passed", "checks", *[f"{q}_words" for q in questions], "problems"])
    for s in col.submissions:
        ex = s["exercises"]
        w.writerow([s["file"], s["name"], s["id"], s["notebook"],
                    "yes" if s["complete"] else "no", s["exported_at"],
                    sum(e.get("status") == "pass" for e in ex), len(ex),
                    *[s["answers"].get(q, {}).get("words", "") for q in questions],
                    "; ".join(s["problems"])])
    out.mkdir(parents=True, exist_ok=True)
    write_file(targets[0], buf.getvalue().encode("utf-8"), overwrite=overwrite)
    write_file(targets[1], _html_page(col, questions).encode("utf-8", errors="backslashreplace"),
               overwrite=overwrite)
    col.written = targets
    return col


# ---------------------------------------------------------------------------
# Instructor's version -> student's version
# ---------------------------------------------------------------------------
#: Tag of a cell holding a solution; its ``metadata.neuroai.stub`` is what
#: the student gets instead.
SOLUTION_TAG = "solution"
#: Tag of a cell only the instructor sees (notes, expected results).
INSTRUCTOR_TAG = "instructor"


def release(instructor, out=None, overwrite=False):
    """The student's version of an instructor's notebook.

    Every cell tagged ``solution`` gets its stub back (``metadata.neuroai.stub``;
    a solution cell without one is an error, so no solution slips through),
    cells tagged ``instructor`` are left out, and every output is cleared.

    Parameters
    ----------
    instructor : path
        The instructor's ``.ipynb``.
    out : path, optional
        Where to write the student's version (not written when None).
    overwrite : bool, default False

    Returns
    -------
    str
        The student's notebook, as nbformat writes it.
    """
    import nbformat
    path = os.fspath(instructor)
    nb = nbformat.read(path, as_version=4)
    cells = []
    for k, cell in enumerate(nb.cells):
        tags = list(cell.metadata.get("tags", []))
        if INSTRUCTOR_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            stub = cell.metadata.get("neuroai", {}).get("stub")
            if not isinstance(stub, str):
                raise ValueError(f"{path!r}, cell {k}: a solution cell needs its stub in "
                                 "metadata.neuroai.stub")
            cell.source = stub
            tags.remove(SOLUTION_TAG)
            cell.metadata["neuroai"].pop("stub")
            if not cell.metadata["neuroai"]:
                del cell.metadata["neuroai"]
            if tags:
                cell.metadata["tags"] = tags
            else:
                cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    text = nbformat.writes(nb)
    if out is not None:
        write_file(out, text.encode("utf-8"), overwrite=overwrite, protect=[path])
    return text
