"""Reference twins of the C kernels, one module per kernel, used as test oracles.

Each module is named like the API it checks (``lif``, ``perceptron``,
``expsyn``, ``stp``, ``network``, ``analysis``, ``stimuli``) and writes the
model's equations out in the most obvious way, in plain Python and NumPy,
with no code from the package.  Tests import them as ``from reference
import lif`` (``tests/`` is on ``sys.path``).
"""
import math

# Spikes land on the grid step floor(t / dt + GRID_GUARD): the guard keeps a
# spike at 0.3 ms on step 3 at dt = 0.1 ms although 0.3 / 0.1 < 3 in binary.
GRID_GUARD = 1e-6


def grid_step(t, dt):
    """Index of the grid step [i dt, (i+1) dt) that a spike at t [ms] is applied on."""
    return int(math.floor(t / dt + GRID_GUARD))
