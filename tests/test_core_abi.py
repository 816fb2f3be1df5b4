"""The C core's interface stamp and the constants Python reads from it."""
import subprocess
import sys

import numpy as np

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
    assert synapses._METHODS == lif._METHODS == network._METHODS
    assert sorted(activations.ACTIVATIONS.values()) == sorted(
        {_core.ACT_SIGMOID, _core.ACT_RELU, _core.ACT_TANH, _core.ACT_STEP})
    assert len({_core.STP_NONE, _core.STP_TM, _core.STP_DEP}) == 3
    assert stimuli.GRID_GUARD == _core.GRID_GUARD == 1e-6
    # the grid rule: a time written as k*dt in decimal lands on step k
    assert int(np.floor(0.3 / 0.1 + _core.GRID_GUARD)) == 3
    assert _core.LIF_THREAD_MIN_NEURONS >= 1
    assert _core.CHUNK_UPDATES >= 1
