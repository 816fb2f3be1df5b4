"""Per-student assignments: a "mystery synapse" of each student's own.

A teacher keeps a secret (any text, in a file) and a roster (CSV with the
columns ``name`` and ``id``).  :func:`assign` writes each student a copy of a
course notebook with their name and id filled in and a section that hands them
a :class:`MysterySynapse`: a Tsodyks-Markram synapse whose ``U``, ``tau_rec``
and ``tau_fac`` they must estimate from its efficacies.  The copy holds only a
token, ``HMAC-SHA256(secret, id)`` shortened: the numbers are not in the file,
a student cannot make a classmate's token without the secret, and two students
get different synapses.  :meth:`MysterySynapse.check` tells a student whether
their estimate is right; :func:`key` recovers every student's true values from
the roster and the secret, for grading.

The token determines the values (the student's kernel must simulate the
synapse), so a student who reads this module's code can compute their own:
the assignment asks for an experiment, not for a secret.

Command line::

    neuroai assign roster.csv --secret-file secret.txt --out handouts/
    neuroai assign roster.csv --secret-file secret.txt --key key.csv
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import os
from pathlib import Path

from ._files import write_file

__all__ = ["RANGES", "TOLERANCE", "read_roster", "token", "parameters", "MysterySynapse",
           "key", "assign"]

#: Ranges of the hidden parameters: ``U`` [1] uniform, ``tau_rec`` and
#: ``tau_fac`` [ms] log-uniform; half the synapses do not facilitate
#: (``tau_fac = 0``).
RANGES = {"U": (0.05, 0.8), "tau_rec": (50.0, 1000.0), "tau_fac": (50.0, 1000.0)}

#: Relative error [1] an estimate may have; a ``tau_fac`` estimate of a
#: synapse without facilitation is right below 20 ms.
TOLERANCE = {"U": 0.10, "tau_rec": 0.15, "tau_fac": 0.20}


def read_roster(path):
    """The students of a roster CSV (header with ``name`` and ``id``):
    list of ``{"name", "id"}``, in file order.

    Raises
    ------
    ValueError
        No such columns, an empty id or name (the message names the line), or
        an id twice.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = [f.strip().lower() for f in (csv.DictReader(io.StringIO(text)).fieldnames or [])]
    if "name" not in fields or "id" not in fields:
        raise ValueError(f"roster {str(path)!r} needs the columns 'name' and 'id' in its first "
                         f"line, got {fields}")
    out, seen = [], {}
    for line, row in enumerate(rows, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not row["id"] or not row["name"]:
            raise ValueError(f"roster {str(path)!r}, line {line}: a student needs a name and "
                             f"an id, got name {row['name']!r}, id {row['id']!r}")
        if row["id"] in seen:
            raise ValueError(f"roster {str(path)!r}, line {line}: id {row['id']!r} is also on "
                             f"line {seen[row['id']]}")
        seen[row["id"]] = line
        out.append({"name": row["name"], "id": row["id"]})
    return out


def token(student_id, secret):
    """The student's token: the first 20 hex digits of
    ``HMAC-SHA256(secret, "neuroai-mystery-synapse:" + id)``."""
    if not str(secret):
        raise ValueError("the teacher's secret must not be empty")
    msg = f"neuroai-mystery-synapse:{student_id}".encode()
    return hmac.new(str(secret).encode(), msg, hashlib.sha256).hexdigest()[:20]


def _unit(tok, name):
    """A number in [0, 1) drawn from the token for one parameter."""
    h = hashlib.sha256(f"{tok}:{name}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2.0 ** 64


def parameters(tok):
    """The hidden ``{"U", "tau_rec", "tau_fac"}`` of a token (see :data:`RANGES`)."""
    tok = str(tok).strip().lower()
    if len(tok) != 20 or any(c not in "0123456789abcdef" for c in tok):
        raise ValueError(f"a mystery synapse token is 20 hex digits, got {tok!r}")
    lo, hi = RANGES["U"]
    p = {"U": round(lo + (hi - lo) * _unit(tok, "U"), 3)}
    for name in ("tau_rec", "tau_fac"):
        lo, hi = RANGES[name]
        p[name] = round(math.exp(math.log(lo) + (math.log(hi) - math.log(lo))
                                 * _unit(tok, name)), 1)
    if _unit(tok, "facilitates") < 0.5:
        p["tau_fac"] = 0.0
    return p


class MysterySynapse:
    """A Tsodyks-Markram synapse with hidden parameters, made from a token.

    Parameters
    ----------
    token : str
        The 20 hex digits of the student's assignment.

    Examples
    --------
    >>> m = MysterySynapse("0123456789abcdef0123")
    >>> m.efficacies([0.0, 20.0, 40.0]).shape
    (3,)
    """

    def __init__(self, token):
        self._token = str(token).strip().lower()
        self.__params = parameters(self._token)

    def __repr__(self):
        return f"MysterySynapse({self._token!r})"

    def efficacies(self, spike_times):
        """The efficacy [1] of each spike of a train (times in ms, ascending),
        as :meth:`neuroai.TsodyksMarkram.efficacies`."""
        from .synapses import TsodyksMarkram
        return TsodyksMarkram(**self.__params).efficacies(spike_times)

    def check(self, U, tau_rec, tau_fac=0.0):
        """Whether an estimate is right (within :data:`TOLERANCE`); prints a
        line per parameter and returns True when all are.

        Parameters
        ----------
        U : float
            Estimated utilisation increment [1].
        tau_rec, tau_fac : float
            Estimated time constants [ms] (``tau_fac = 0``: no facilitation).
        """
        guess = {"U": float(U), "tau_rec": float(tau_rec), "tau_fac": float(tau_fac)}
        ok = True
        for name, g in guess.items():
            true = self.__params[name]
            if true == 0.0:
                right = g < 20.0
                why = "this synapse does not facilitate" if right else \
                    "too large: look again at whether it facilitates at all"
            else:
                err = abs(g - true) / true
                right = err <= TOLERANCE[name]
                why = (f"within {TOLERANCE[name]:.0%}" if right else
                       f"{'too large' if g > true else 'too small'} by more than "
                       f"{TOLERANCE[name]:.0%}")
            ok &= right
            print(f"{'✓' if right else '✗'} {name} = {g:g}: {why}")
        return ok


def key(roster, secret):
    """Every student's true values, for the teacher: list of ``{"name", "id",
    "token", "U", "tau_rec", "tau_fac"}`` (``roster``: a path or a list of
    ``{"name", "id"}``)."""
    students = read_roster(roster) if isinstance(roster, (str, os.PathLike)) else roster
    out = []
    for s in students:
        tok = token(s["id"], secret)
        out.append({"name": s["name"], "id": s["id"], "token": tok, **parameters(tok)})
    return out


def _cells(tok):
    md = ("## Your mystery synapse\n\n"
          "The synapse below is yours alone: its utilisation `U`, recovery time constant "
          "`tau_rec` [ms] and facilitation time constant `tau_fac` [ms] (0: it does not "
          "facilitate) are hidden. Drive it with spike trains of your choice "
          "(`mystery.efficacies(times)`, times in ms), estimate the three numbers, and "
          "check your estimate with `mystery.check(U=..., tau_rec=..., tau_fac=...)`.")
    code = ("from neuroai.assignments import MysterySynapse\n\n"
            f'mystery = MysterySynapse("{tok}")\n'
            "print(mystery.efficacies(np.arange(10) * 25.0))   # 40 Hz, 10 spikes")
    check = "# mystery.check(U=0.5, tau_rec=200.0, tau_fac=0.0)"
    return [{"cell_type": "markdown", "id": "mystery-text", "metadata": {}, "source": md},
            {"cell_type": "code", "id": "mystery-code", "metadata": {}, "source": code,
             "outputs": [], "execution_count": None},
            {"cell_type": "code", "id": "mystery-check", "metadata": {}, "source": check,
             "outputs": [], "execution_count": None}]


def assign(roster, secret, out, notebook=None, overwrite=False):
    """Write each student's copy of a course notebook, with their name and id
    in its "About you" cell and their mystery synapse before its hand-in
    section (or at its end).

    Parameters
    ----------
    roster : path
        CSV with ``name`` and ``id`` (see :func:`read_roster`).
    secret : str
        The teacher's secret.
    out : path
        Folder for the copies (created), one ``<id>_<notebook>.ipynb`` each.
    notebook : path, optional
        The course notebook (default: the course's coding notebook, 02).
    overwrite : bool, default False
        Replace earlier copies.

    Returns
    -------
    list of pathlib.Path
    """
    from . import tutorial
    if notebook is None:
        notebook = next(p for p in tutorial.notebooks() if p.name.startswith("02_"))
    notebook = Path(notebook)
    base = json.loads(notebook.read_text(encoding="utf-8"))
    students = read_roster(roster)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for s in students:
        nb = json.loads(json.dumps(base))
        for c in nb["cells"]:
            if "student" in (c.get("metadata") or {}).get("tags", []):
                c["source"] = (f"### About you\n\nName: {s['name']}\n\n"
                               f"Student id: {s['id']}")
        at = next((k for k, c in enumerate(nb["cells"]) if c.get("cell_type") == "markdown"
                   and "## Hand in" in "".join(c.get("source", ""))), len(nb["cells"]))
        nb["cells"][at:at] = _cells(token(s["id"], secret))
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in s["id"])
        path = out / f"{safe}_{notebook.name}"
        write_file(path, (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False)
                          + "\n").encode("utf-8"), overwrite=overwrite)
        written.append(path)
    return written

