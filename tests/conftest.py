import os
import sys

# tests import their NumPy reference twins as plain modules
sys.path.insert(0, os.path.dirname(__file__))

import pytest  # noqa: E402


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
