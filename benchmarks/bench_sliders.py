"""A slider step of notebook 01's three explorers, in the kernel, two ways.

``rebuild``: what the explorers did before: a new figure for every move (built,
laid out with tight_layout) and sent as the inline backend sends it (PNG with
a tight bounding box).  ``in place``: the persistent figure of
``neuroai.interactive`` (the lines' data, titles and limits replaced) sent as
``interactive.render_png`` does (while the axis limits stay, only the
changing artists are drawn over a kept bitmap of the rest).  Each row is split into its parts: the simulation
alone, the figure (built or updated), and the PNG encoding.

Run: ``MPLBACKEND=Agg python benchmarks/bench_sliders.py [--moves N]``.
Prints medians over N moves (default 30) of a slider dragged step by step from
its starting value, the ratio of the two ways in the same run, and how many
moves changed an axis limit (a full draw; the others draw only the lines).
"""
import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from neuroai import interactive as ia  # noqa: E402
from neuroai.course import scenarios  # noqa: E402
from timing import machine  # noqa: E402

# explorer -> (new figure, persistent view, the slider moved, (its start, its step), simulation)
EXPLORERS = {
    "flash_vs_sustained": (ia.draw_flash_vs_sustained, ia.FlashVsSustainedView, "duration",
                           (5.0, 0.5),
                           lambda p: scenarios.flash_vs_sustained(
                               60.0, width=p["duration"],
                               long_width=200.0, start=10.0, duration=300.0)),
    "short_term_plasticity": (ia.draw_short_term_plasticity, ia.ShortTermPlasticityView,
                              "tau_rec", (200.0, 10.0),
                              lambda p: scenarios.short_term_plasticity(
                                  40.0, 10, u=0.5, tau_rec=p["tau_rec"])),
    "lif_step": (ia.draw_lif_step, ia.LIFStepView, "current", (2.0, 0.1),
                 lambda p: ia._lif_step_run(p["current"], 20.0, 0.1)),
}


def _inline_png(fig):
    """PNG as IPython's inline backend makes it (``bbox_inches='tight'``)."""
    buf = io.BytesIO()
    fig.canvas.print_figure(buf, format="png", bbox_inches="tight", dpi=ia.DPI)
    return buf.getvalue()


def _ms(samples):
    return 1e3 * statistics.median(samples)


def bench(name, moves):
    draw, view_cls, key, (x0, step), simulate = EXPLORERS[name]
    values = x0 + step * np.arange(1, moves + 1)      # a drag, one slider step per move
    sim, build, enc_tight, update, enc = [], [], [], [], []
    view = view_cls(titles=False)                    # as the live explorer makes it
    view.update(**{key: x0})
    ia.render_png(view)
    full = 0
    for x in values:
        p = {key: float(x)}
        t0 = time.perf_counter()
        simulate(p)
        t1 = time.perf_counter()
        fig = draw(**p)
        t2 = time.perf_counter()
        _inline_png(fig)
        t3 = time.perf_counter()
        plt.close(fig)
        view.update(**p)
        t4 = time.perf_counter()
        key_before = view.blit.key
        ia.render_png(view)
        t5 = time.perf_counter()
        full += view.blit.key != key_before
        sim.append(t1 - t0)
        build.append(t2 - t1)
        enc_tight.append(t3 - t2)
        update.append(t4 - t3)
        enc.append(t5 - t4)
    plt.close(view.fig)
    rebuild = [b + e for b, e in zip(build, enc_tight)]
    inplace = [u + e for u, e in zip(update, enc)]
    return {"simulation": _ms(sim), "build": _ms(build), "png tight": _ms(enc_tight),
            "rebuild": _ms(rebuild), "update": _ms(update), "png": _ms(enc),
            "in place": _ms(inplace), "full draws": full}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=30)
    args = ap.parse_args()
    print(machine())
    print(f"median of {args.moves} slider moves [ms]; the figure's parts include the simulation")
    head = ("explorer", "simulation", "build", "png tight", "rebuild", "update", "png",
            "in place", "ratio", "full draws")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in EXPLORERS:
        r = bench(name, args.moves)
        cells = [f"{r[k]:.1f}" for k in head[1:-2]]
        print(f"| {name} | " + " | ".join(cells) + f" | {r['rebuild'] / r['in place']:.1f}x "
              f"| {r['full draws']} of {args.moves} |")


if __name__ == "__main__":
    main()
