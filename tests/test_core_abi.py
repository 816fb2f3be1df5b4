"""The C core's interface stamp and the constants Python reads from it."""
import subprocess
import sys

import numpy as np
import pytest

import neuroai
from neuroai import _core, activations, lif, network, stimuli, synapses


def test_stale_build_is_refused_with_the_fix():
    code = ("import sys, types\n"
            "fake = types.ModuleType('neuroai._core')\n"
            "fake.ABI_VERSION = 1\n"
            "fake.__file__ = '/old/_core.so'\n"
            "sys.modules['neuroai._core'] = fake\n"
            "try:\n"
            "    import neuroai\n"
            "except ImportError as e:\n"
            "    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "stale build" in out and "ABI version 1" in out
    assert "pip install -e ." in out


def test_abi_version_matches_the_package():
    assert _core.ABI_VERSION == neuroai._CORE_ABI


def test_python_codes_are_the_c_constants():
    assert lif._METHODS == {"exact": _core.METHOD_EXACT, "euler": _core.METHOD_EULER}
    assert lif._METHODS == network._METHODS
    # the course's synapses add its mixed scheme (exact g, Euler x and u)
    assert synapses._METHODS == {**lif._METHODS, "course": _core.METHOD_COURSE}
    assert len({_core.METHOD_EXACT, _core.METHOD_EULER, _core.METHOD_COURSE}) == 3
    assert sorted(activations.ACTIVATIONS.values()) == sorted(
        {_core.ACT_SIGMOID, _core.ACT_RELU, _core.ACT_TANH, _core.ACT_STEP})
    assert len({_core.STP_NONE, _core.STP_TM, _core.STP_DEP}) == 3
    assert stimuli.GRID_GUARD == _core.GRID_GUARD == 1e-6
    # the grid rule: a time written as k*dt in decimal lands on step k
    assert int(np.floor(0.3 / 0.1 + _core.GRID_GUARD)) == 3
    assert _core.LIF_THREAD_MIN_NEURONS >= 1
    assert _core.CHUNK_UPDATES >= 1


def test_parameter_tables_name_their_rows():
    for prefix in ("LIF", "CIRC", "CIRC_STP", "EXPSYN", "TM", "DEP", "FAC", "CLIF"):
        names = getattr(_core, f"{prefix}_PARAMS")
        assert len(set(names)) == len(names) > 0
        for row, name in enumerate(names):
            assert getattr(_core, f"{prefix}_{name.upper()}") == row
    assert _core.CIRC_PARAMS[:len(_core.LIF_PARAMS)] == _core.LIF_PARAMS
    assert set(_core.LIF_PARAMS) == set(lif._UNITS)
    # the course synapses' tables are their attribute names, no padded slots
    dep, fac = synapses.DepressingSynapse(), synapses.FacilitatingSynapse()
    assert len(dep._params()) == len(_core.DEP_PARAMS) == 4
    assert len(fac._params()) == len(_core.FAC_PARAMS) == 6


def test_every_function_takes_keywords_and_names_a_bad_one():
    z = np.array([-1.0, 2.0])
    np.testing.assert_array_equal(_core.activation(kind=_core.ACT_RELU, z=z), [0.0, 2.0])
    np.testing.assert_array_equal(_core.activation(_core.ACT_RELU, z=z), [0.0, 2.0])
    with pytest.raises(TypeError, match="unexpected keyword argument 'zz'"):
        _core.activation(kind=_core.ACT_RELU, zz=z)
    with pytest.raises(TypeError, match="missing argument 'z'"):
        _core.activation(kind=_core.ACT_RELU)
    with pytest.raises(TypeError, match="multiple values for argument 'kind'"):
        _core.activation(0, kind=0)
    with pytest.raises(TypeError, match="at most 2 arguments"):
        _core.activation(0, z, 1)
    for name in dir(_core):
        f = getattr(_core, name)
        if callable(f):
            with pytest.raises(TypeError, match="unexpected keyword argument"):
                f(no_such_argument=1)


@pytest.mark.source_tree
def test_in_place_build_is_of_these_sources():
    # setup.py stamps the hash of csrc/ into the build: an in-place build
    # older than the C sources fails here instead of in a confusing way
    import hashlib
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    if not (root / "csrc").is_dir() or Path(_core.__file__).resolve().parent != root / "neuroai":
        pytest.skip("not an in-place build of this source tree")
    h = hashlib.sha256()
    for path in sorted((root / "csrc").glob("*.[ch]")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    assert _core.SOURCE_HASH == h.hexdigest()[:16], (
        "neuroai/_core is built from other C sources than csrc/ holds: rebuild it with "
        "`python setup.py build_ext --inplace` (or `pip install -e .`)")
