"""What every benchmark script shares: best-of-n timing and the machine line."""
import os
import platform
import time

import numpy as np


def best(fn, repeat=3):
    """(shortest wall time [s] of `repeat` calls of fn(), fn's last result)."""
    shortest, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        shortest = min(shortest, time.perf_counter() - t0)
    return shortest, out


def machine():
    """CPU model, CPUs this process may use, Python and NumPy versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {ncpu} CPUs usable; Python {platform.python_version()}, "
            f"NumPy {np.__version__}")
