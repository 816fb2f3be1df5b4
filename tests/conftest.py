import os
import sys
from pathlib import Path

# tests import their NumPy reference twins as plain modules
sys.path.insert(0, os.path.dirname(__file__))

import pytest  # noqa: E402

# Runs are refused at once beyond 4 GiB (neuroai/_validate.py): a fuzzed
# size that fits the machine would otherwise really run, and one such
# Poisson train reached 15 GB in a shared test run.  Subprocesses inherit it.
os.environ.setdefault("NEUROAI_MAX_MEMORY", "4G")

ROOT = Path(__file__).resolve().parents[1]


def in_source_tree():
    """True when these tests sit in a source checkout (setup.py and csrc/
    beside them), False for a copy run against an installed wheel."""
    return (ROOT / "setup.py").is_file() and (ROOT / "csrc").is_dir()


def pytest_collection_modifyitems(config, items):
    """Skip the tests marked ``source_tree`` outside a source checkout."""
    if in_source_tree():
        return
    skip = pytest.mark.skip(reason="needs a source checkout (run against an installed wheel)")
    for item in items:
        if "source_tree" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test opened (only if it imported pyplot)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def pytest_terminal_summary(terminalreporter):
    """Print the Ctrl-C latencies that test_core_hygiene recorded."""
    rows = {}
    for reports in terminalreporter.stats.values():
        for rep in reports:
            for key, value in getattr(rep, "user_properties", ()):
                if key == "ctrl_c_latency_ms":
                    rows[rep.nodeid] = value
    if rows:
        terminalreporter.write_sep("-", "Ctrl-C: SIGINT to KeyboardInterrupt [ms]")
        for nodeid, ms in sorted(rows.items()):
            terminalreporter.write_line(f"{ms:9.1f}  {nodeid}")
