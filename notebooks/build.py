"""Write the tutorial notebooks from their text sources.

The ``.ipynb`` files in this directory are generated: edit a notebook's
source, then run

    python notebooks/build.py                    # the student versions, here
    python notebooks/build.py --instructor DIR   # the instructor versions, in DIR

The test suite checks that the committed notebooks equal what this script
produces (the student versions, and that ``neuroai.classroom.release`` of the
instructor versions gives them back), that they hold no outputs, and executes
them.

Sources.  ``nb01_*.py`` to ``nb05_*.py`` are notebooks in jupytext's
``py:percent`` format (JupyterLab with jupytext
opens them as notebooks; this script reads them without it).  Each cell
starts with a ``# %%`` line (``# %% [markdown]`` for Markdown, whose lines are
commented) carrying the cell's metadata as ``key=JSON`` pairs, and its ``id``
always: ids are written, not counted, so that inserting a cell renumbers no
other.  A code cell tagged ``solution`` is a solution region: it follows the
exercise's stub cell, is left out of the student's version and, in the
instructor's, takes the stub's place (tagged ``solution``, the stub kept in
its metadata for ``neuroai.classroom.release``).

Every notebook gets the "About you" cell second.  Answer cells (Markdown,
tagged ``answer`` and ``answer:<id>``) carry the question and the requested
length in their metadata, which ``neuroai.classroom`` reads to check and
export a student's answers.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
# The course version recorded in each notebook is the package's, read without importing it.
VERSION = re.search(r'^__version__ = "([^"]+)"', (HERE.parent / "neuroai" / "__init__.py")
                    .read_text(encoding="utf-8"), flags=re.M).group(1)

def md(text):
    return new_markdown_cell(text.strip("\n"))


def code(text):
    return new_code_cell(text.strip("\n"))


def _check_answer(cell, where):
    """An answer cell of a source as ``neuroai.classroom`` finds it (by its
    tags, its metadata or its id ``answer-<id>``, so that it is found even
    when a student removes its tags): Markdown, the id, both tags and the
    question in ``neuroai`` metadata, all of one answer id."""
    info = cell.metadata.get("neuroai", {})
    aid = info.get("id")
    if (cell.cell_type != "markdown" or not isinstance(aid, str) or not aid
            or cell.get("id") != f"answer-{aid}"
            or not {"answer", f"answer:{aid}"} <= set(cell.metadata.get("tags", []))
            or not isinstance(info.get("question"), str) or not info["question"].strip()):
        raise ValueError(
            f"{where}: an answer cell must be Markdown with id=\"answer-ID\", "
            f"tags=[\"answer\", \"answer:ID\"] and neuroai={{\"id\": \"ID\", \"question\": "
            f"\"...\"}}; found id {cell.get('id')!r}, metadata {dict(cell.metadata)!r}")


def about_you():
    """The cell where the student writes their name and id once; exports carry them."""
    cell = md(r"""
### About you

Write your name and student id here once (double-click, replace the brackets, Shift-Enter, save); every export of
your work carries them.

Name: [your name]

Student id: [your student id]
""")
    cell["id"] = "about-you"
    cell.metadata["tags"] = ["student"]
    return cell


def hand_in(notebook_id, questions, exercises):
    """The closing "Hand in" cells of every course notebook: what to save, the
    check and the export, said once here for all of them.  The text names what
    the notebook has (``questions``, ``exercises``: whether it asks questions
    and has exercise checks); the check cell finds the notebook by its id."""
    reports = []
    if questions:
        reports.append("every question of the tutorial, also one whose answer cell was deleted (put it "
                       "back with `classroom.restore()`), and text typed into a question's cell instead "
                       "of its answer cell")
    if exercises:
        reports.append("every exercise check as the saved file shows it (passed, failed with its "
                       "message, or not run)")
    carries = "the time and the versions" + (", and the checks' results" if exercises else "")
    unfinished = " or ".join((["a question not answered"] if questions else [])
                              + (["a check that does not pass yet"] if exercises else []))
    text = f"""
## Hand in

**Save the notebook first** (Ctrl-S): the check reads the file on disk (it finds this notebook itself, also
after a rename, and says when the file was saved). Then run the cell below. It reports {"; and ".join(reports)}.

To hand in, export your work as Markdown or JSON (the notebook itself is not changed): the export carries your
name and id from the "About you" cell at the top, {carries}, and is written beside this notebook as
`<notebook>_<your id>_answers.md`. From a terminal, with your notebook's file name:

```
neuroai check NOTEBOOK.ipynb
neuroai export NOTEBOOK.ipynb --format md
```

Unfinished work ({unfinished}) is exported only when you say so (`incomplete=True`, `--incomplete`), and an
export never replaces an existing file unless you ask (`overwrite=True`, `--force`).
"""
    cells = [md(_wrap(text)), code(f"""
report = classroom.check(notebook_id="{notebook_id}")
print(report)
# When everything is done:
# classroom.export(notebook_id="{notebook_id}", overwrite=True)   # or format="json"
""")]
    cells[0]["id"], cells[1]["id"] = "hand-in", "hand-in-check"
    return cells


def _wrap(text, width=110):
    """Markdown paragraphs rewrapped to ``width`` (fenced code kept as it is)."""
    import textwrap
    out = []
    for para in text.strip("\n").split("\n\n"):
        if para.startswith(("#", "```")):       # headings and code blocks (no blank line inside)
            out.append(para)
        else:
            out.append(textwrap.fill(" ".join(para.split()), width, break_on_hyphens=False,
                                     break_long_words=False))
    return "\n\n".join(out)


def notebook(cells, notebook_id=None, closing=False):
    """The notebook, its questions (the answer cells, in order) and exercise
    checks recorded in its metadata: ``neuroai.classroom`` checks a student's
    copy against this list, so a deleted answer cell is reported, never
    forgotten.  With a ``notebook_id`` the check reads the list from the
    course's notebook as shipped (found by that id), not from the copy.
    The cells' ids are given, and must differ.  With ``closing`` the notebook
    ends with the :func:`hand_in` cells."""
    ids = [cell["id"] for cell in cells]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:                        # nbformat would silently replace them
        raise ValueError(f"notebook {notebook_id}: cell ids {twice} appear more than once")
    nb = new_notebook(cells=cells)
    if closing:
        nb.cells += hand_in(
            notebook_id, any("answer" in c.metadata.get("tags", []) for c in nb.cells),
            any(c.cell_type == "code" and re.search(r"\bex\.check_\w+\(", c.source) for c in nb.cells))
    questions, exercises = [], []
    for cell in nb.cells:
        if cell.cell_type == "code":
            exercises += [{"check": name, "cell": cell["id"]}
                          for name in re.findall(r"\bex\.(check_\w+)\(", cell.source)]
        if "answer" in cell.metadata.get("tags", []):
            info = cell.metadata["neuroai"]
            questions.append({"id": info["id"], "question": info["question"],
                              "sentences": info.get("sentences"), "cell": cell["id"]})
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "neuroai": {"version": VERSION, "questions": questions, "exercises": exercises},
    }
    if notebook_id is not None:
        nb.metadata["neuroai"]["notebook"] = notebook_id
    return nb


#: True while building the instructor's version: the exercises hold their solutions.
INSTRUCTOR = False

_HEADER = re.compile(r"# %%(?: \[(markdown)\])?(.*)")     # a cell's first line
_KEY = re.compile(r"([A-Za-z_][\w.-]*)=")                  # a metadata key in it


def _header_metadata(text, where):
    """``key=JSON key=JSON ...`` of a ``# %%`` line -> dict."""
    meta, decoder, k = {}, json.JSONDecoder(), 0
    while True:
        while k < len(text) and text[k] == " ":
            k += 1
        if k == len(text):
            return meta
        m = _KEY.match(text, k)
        if m is None:
            raise ValueError(f"{where}: expected key=JSON in the cell header, found {text[k:]!r}")
        try:
            meta[m.group(1)], k = decoder.raw_decode(text, m.end())
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: the value of {m.group(1)} is not JSON ({exc})") from None


def read_source(path):
    """The cells of a ``py:percent`` source: ``(cell_type, metadata, source)``
    in order.  Markdown lines lose their ``# `` (``#`` alone is an empty line);
    in code a commented magic (``# %matplotlib``) is a magic again, as jupytext
    writes and reads them.  Blank lines around a cell's text are not part of it."""
    path = Path(path)
    cells, cur = [], None
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        m = _HEADER.fullmatch(line)
        if m:
            cur = ("markdown" if m.group(1) else "code",
                   _header_metadata(m.group(2), f"{path.name}:{n}"), [])
            cells.append(cur)
            continue
        if cur is None:
            if line.strip():
                raise ValueError(f"{path.name}:{n}: text before the first '# %%' cell line")
            continue
        if cur[0] == "markdown" and line.strip():
            if not (line == "#" or line.startswith("# ")):
                raise ValueError(f"{path.name}:{n}: a Markdown line must start with '# ': {line!r}")
            line = line[2:]
        elif cur[0] == "markdown":
            line = ""
        elif re.match(r"# [%!]\w", line):
            line = line[2:]
        cur[2].append(line)
    return [(kind, meta, "\n".join(lines).strip("\n")) for kind, meta, lines in cells]


def _place_solutions(cells, where):
    """``cells`` without their solution cells (the student's version), or with
    :data:`INSTRUCTOR` each in its stub's place, tagged ``solution``, the stub
    kept in its metadata for ``neuroai.classroom.release``."""
    out = []
    for cell in cells:
        if "solution" not in cell.metadata.get("tags", []):
            out.append(cell)
            continue
        stub = out[-1] if out else None
        if cell.cell_type != "code" or stub is None or stub.cell_type != "code":
            raise ValueError(f"{where}: a solution cell must follow its stub's code cell")
        if INSTRUCTOR:
            stub.metadata["tags"] = ["solution"]
            stub.metadata["neuroai"] = {"stub": stub.source}
            stub.source = cell.source
    return out


def from_source(filename, notebook_id):
    """The builder of one notebook from its ``py:percent`` source ``filename``
    (next to this file): the student's version, or with :data:`INSTRUCTOR` the
    instructor's."""
    def make():
        cells = []
        for kind, meta, text in read_source(HERE / filename):
            cell = new_markdown_cell(text) if kind == "markdown" else new_code_cell(text)
            if "solution" not in meta.get("tags", []):
                if "id" not in meta:
                    raise ValueError(f"{filename}: a cell without an id: {text[:60]!r}")
                cell["id"] = meta.pop("id")
            cell.metadata.update(meta)
            if ("answer" in cell.metadata.get("tags", []) or "neuroai" in meta
                    or str(cell.get("id", "")).startswith("answer-")):
                _check_answer(cell, filename)
            cells.append(cell)
        cells = _place_solutions(cells, filename)
        cells.insert(1, about_you())
        return notebook(cells, notebook_id, closing=True)
    make.__name__ = f"notebook_{filename.split('_')[0][2:]}"
    make.__doc__ = f"The notebook built from {filename}."
    return make


notebook_01 = from_source("nb01_what_is_neuroai.py", "what-is-neuroai")
notebook_02 = from_source("nb02_neuron_and_perceptron.py", "neuron-and-perceptron")
notebook_03 = from_source("nb03_learning.py", "learning")
notebook_04 = from_source("nb04_coding.py", "coding")
notebook_05 = from_source("nb05_circuits.py", "circuits")


NOTEBOOKS = {
    "01_what_is_neuroai.ipynb": notebook_01,
    "02_neuron_and_perceptron.ipynb": notebook_02,
    "03_learning.ipynb": notebook_03,
    "04_coding.ipynb": notebook_04,
    "05_circuits.ipynb": notebook_05,
}


def build(directory=HERE):
    """Write every notebook into ``directory``; return the paths."""
    directory = Path(directory)
    paths = []
    for name, make in NOTEBOOKS.items():
        nb = make()
        nbformat.validate(nb)
        path = directory / name
        path.write_text(nbformat.writes(nb), encoding="utf-8")
        paths.append(path)
    return paths


def render(name):
    """The text of one generated notebook, as written by :func:`build`."""
    nb = NOTEBOOKS[name]()
    return nbformat.writes(nb)


def render_instructor(name):
    """The instructor's version of one notebook: the exercises hold their
    solutions (cells tagged ``solution``); ``neuroai.classroom.release`` of it
    is the student's version, :func:`render`."""
    global INSTRUCTOR
    INSTRUCTOR = True
    try:
        return nbformat.writes(NOTEBOOKS[name]())
    finally:
        INSTRUCTOR = False


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--instructor"]:
        # python notebooks/build.py --instructor DIR: the instructor's versions
        out = Path(args[1])
        out.mkdir(parents=True, exist_ok=True)
        for name in NOTEBOOKS:
            (out / name).write_text(render_instructor(name), encoding="utf-8")
            print(out / name)
    else:
        for p in build(Path(args[0]) if args else HERE):
            print(p)
