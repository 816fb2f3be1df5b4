"""Per-student mystery synapses: different for each student, not in the file,
checked against the truth, recovered by the teacher's key."""
import csv
import json

import numpy as np
import pytest

from neuroai import TsodyksMarkram, assignments, classroom
from neuroai.__main__ import main

ROSTER = "name,id\nAda Lovelace,a1\nBo Chen,b2\nCy Diaz,c3\n"


@pytest.fixture
def roster(tmp_path):
    p = tmp_path / "roster.csv"
    p.write_text(ROSTER, encoding="utf-8")
    return p


def test_tokens_and_parameters(roster):
    toks = [assignments.token(s["id"], "s3cret") for s in assignments.read_roster(roster)]
    assert len(set(toks)) == 3                                   # one synapse each
    assert toks == [assignments.token(i, "s3cret") for i in ("a1", "b2", "c3")]
    assert assignments.token("a1", "other") != toks[0]          # the secret matters
    for t in toks:
        p = assignments.parameters(t)
        assert 0.05 <= p["U"] <= 0.8 and 50.0 <= p["tau_rec"] <= 1000.0
        assert p["tau_fac"] == 0.0 or 50.0 <= p["tau_fac"] <= 1000.0
    # over many students both kinds occur and the values spread
    ps = [assignments.parameters(assignments.token(str(k), "s")) for k in range(200)]
    assert 60 < sum(p["tau_fac"] == 0.0 for p in ps) < 140
    assert np.std([p["U"] for p in ps]) > 0.1
    with pytest.raises(ValueError, match="20 hex digits"):
        assignments.parameters("not a token")
    with pytest.raises(ValueError, match="must not be empty"):
        assignments.token("a1", "")


def test_the_mystery_synapse_is_the_key_s_synapse(roster, capsys):
    k = assignments.key(roster, "s3cret")
    assert [r["id"] for r in k] == ["a1", "b2", "c3"]
    times = np.arange(12) * 20.0
    for r in k:
        m = assignments.MysterySynapse(r["token"])
        want = TsodyksMarkram(U=r["U"], tau_rec=r["tau_rec"], tau_fac=r["tau_fac"])
        np.testing.assert_array_equal(m.efficacies(times), want.efficacies(times))
        assert r["token"] in repr(m) and str(r["U"]) not in repr(m)
        # the true values pass, a 30 % error does not
        assert m.check(r["U"], r["tau_rec"], r["tau_fac"]) is True
        assert m.check(r["U"] * 1.3, r["tau_rec"], r["tau_fac"]) is False
        out = capsys.readouterr().out
        assert "✗ U = " in out and "too large" in out


def test_assign_writes_each_student_a_notebook(roster, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret\n")
    out = tmp_path / "handouts"
    assert main(["assign", str(roster), "--secret-file", str(secret), "--out", str(out)]) == 0
    files = sorted(out.glob("*.ipynb"))
    assert [f.name for f in files] == [f"{i}_02_neuron_and_perceptron.ipynb"
                                       for i in ("a1", "b2", "c3")]
    key = assignments.key(roster, "s3cret")
    for f, r in zip(files, key):
        nb = json.loads(f.read_text(encoding="utf-8"))
        added = "".join("".join(c["source"]) for c in nb["cells"]
                        if c["id"].startswith("mystery-"))
        assert f'MysterySynapse("{r["token"]}")' in added
        for name in ("U", "tau_rec"):              # only the token, not the values
            assert f"{r[name]}" not in added.replace(r["token"], "")
        rep = classroom.check(f)
        assert rep.student == {"name": r["name"], "id": r["id"]}
        assert len(rep.exercises) == 13           # the course's notebook, with the section
        ids = [c["id"] for c in nb["cells"]]
        assert ids.index("mystery-code") < next(
            k for k, c in enumerate(nb["cells"]) if "## Hand in" in "".join(c["source"]))
    assert main(["assign", str(roster), "--secret-file", str(secret), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err                    # never replaced silently
    keyfile = tmp_path / "key.csv"
    assert main(["assign", str(roster), "--secret-file", str(secret), "--key",
                 str(keyfile)]) == 0
    rows = list(csv.DictReader(keyfile.read_text(encoding="utf-8").splitlines()))
    assert [(r["id"], float(r["U"])) for r in rows] == [(r["id"], r["U"]) for r in key]


def test_bad_rosters_and_missing_secret(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NEUROAI_SECRET", raising=False)
    bad = tmp_path / "r.csv"
    for text, match in (("student,number\nA,1\n", "columns 'name' and 'id'"),
                        ("name,id\nA,1\nB,\n", "line 3"),
                        ("name,id\nA,1\nB,1\n", "also on line 2")):
        bad.write_text(text)
        with pytest.raises(ValueError, match=match):
            assignments.read_roster(bad)
    bad.write_text(ROSTER)
    assert main(["assign", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "secret" in capsys.readouterr().err
