"""Write the tutorial notebooks from the cell lists below.

The ``.ipynb`` files in this directory are generated: edit this file, then run

    python notebooks/build.py

which rewrites ``notebooks/*.ipynb`` without outputs.  The test suite checks
that the committed notebooks equal what this script produces and that they
hold no outputs, and executes them.

Answer cells (Markdown, tagged ``answer`` and ``answer:<id>``) carry the
question and the requested length in their metadata, which
``neuroai.classroom`` reads to check and export a student's answers.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
# The course version recorded in each notebook is the package's, read without importing it.
VERSION = re.search(r'^__version__ = "([^"]+)"', (HERE.parent / "neuroai" / "__init__.py")
                    .read_text(encoding="utf-8"), flags=re.M).group(1)

ANSWER_PLACEHOLDER = "_Double-click this cell to edit_\n\n[Your answer here]"
THOUGHTS_PLACEHOLDER = "_Double-click this cell to edit_\n\n[Your thoughts here]"


def md(text):
    return new_markdown_cell(text.strip("\n"))


def code(text):
    return new_code_cell(text.strip("\n"))


def answer(aid, question, sentences=(2, 4), placeholder=ANSWER_PLACEHOLDER):
    """A Markdown answer cell that neuroai.classroom recognises (by its tag, its
    metadata or its cell id ``answer-<id>``, so that it is found even when a
    student removes its tags)."""
    cell = new_markdown_cell(placeholder)
    cell["id"] = f"answer-{aid}"
    cell.metadata["tags"] = ["answer", f"answer:{aid}"]
    info = {"id": aid, "question": question}
    if sentences is not None:
        info["sentences"] = list(sentences)
    cell.metadata["neuroai"] = info
    return cell


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


def notebook(cells, notebook_id=None):
    """The notebook, its questions (the answer cells, in order) and exercise
    checks recorded in its metadata: ``neuroai.classroom`` checks a student's
    copy against this list, so a deleted answer cell is reported, never
    forgotten.  With a ``notebook_id`` the check reads the list from the
    course's notebook as shipped (found by that id), not from the copy."""
    nb = new_notebook(cells=cells)
    for k, cell in enumerate(nb.cells):
        if not cell["id"].startswith("answer-") and cell["id"] != "about-you":
            cell["id"] = f"cell-{k:03d}"      # stable ids: reproducible files
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


# ---------------------------------------------------------------------------
# 01: What is NeuroAI?
# ---------------------------------------------------------------------------
REFLECTIONS = [
    ("reflection-1", "Question 1: Strengths and Weaknesses",
     "What is one thing the brain does remarkably well that current AI struggles with?"),
    ("reflection-2", "Question 2: AI as a Tool for Neuroscience",
     "How might artificial neural networks help us understand the brain, even if they "
     "don't work exactly like the brain?"),
    ("reflection-3", "Question 3: Nature vs. Nurture in AI",
     "Zador argues that evolution has \"pre-wired\" much of what animals know. What might "
     "this imply for how we design AI systems?"),
    ("reflection-4", "Question 4: Personal Interest",
     "What excites you most about NeuroAI? What question would you most like to see "
     "answered?"),
]


def notebook_01():
    c = []
    c.append(md(r"""
# What is NeuroAI?

## Learning objectives

By the end of this tutorial, you will be able to:

- define NeuroAI and say why studying the intersection of neuroscience and AI matters;
- identify key questions that NeuroAI uniquely addresses;
- compare artificial neurons with biological neurons at a conceptual level, and see the differences in
  live simulations;
- form your own perspective on the relationship between brains and machines.

## Prerequisites

Curiosity about brains and/or AI. No coding is required: run each code cell with **Shift-Enter** and read
what it shows. The simulations run in `neuroai`'s C core, so every figure appears in a fraction of a second.

## How to answer

Answer cells look like *"[Your answer here]"*. Double-click one, replace the placeholder with your answer,
and press Shift-Enter to render it. Your answers are stored in this notebook file: **save it**
(Ctrl-S / Cmd-S) and they survive a kernel restart. The last cell checks which questions are still open.
"""))
    c.append(about_you())
    c.append(code(r"""
%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, interactive, plot
from neuroai.course import scenarios

print("neuroai", neuroai.__version__)
"""))
    c.append(md(r"""
---
## Introduction

**NeuroAI** sits at the intersection of neuroscience and artificial intelligence. It is more than the sum
of two disciplines: it starts from the recognition that understanding intelligence needs insights from both.

### The core insight

The brain is the only system we know of that shows general intelligence. Artificial neural networks, loosely
inspired by the brain, have achieved remarkable feats in narrower domains. NeuroAI asks two questions:

- **What can AI teach us about the brain?** Neural networks provide testable computational theories of brain
  function.
- **What can the brain teach us about AI?** Evolution has solved problems that AI still struggles with:
  efficiency, generalisation, continual learning.

The idea is not new. The history of AI is intertwined with neuroscience: the perceptron (Rosenblatt, 1958) was
inspired by neurons, convolutional networks by the visual cortex, and attention mechanisms echo theories of
selective attention.
"""))
    c.append(md(r"""
---
## Part 1: Required reading

Before forming your own views, engage with foundational ideas from researchers who shaped the field. Focus on
the main arguments rather than the technical details.

**Paper 1: Neuroscience as a source for AI advancements.**
Zador, A. M., et al. (2023). Catalyzing next-generation Artificial Intelligence through NeuroAI.
*Nature Communications*, 14, 1597. https://www.nature.com/articles/s41467-023-37180-x

**Paper 2: Deep learning as a framework for neuroscience.**
Richards, B. A., et al. (2019). A deep learning framework for neuroscience. *Nature Neuroscience*, 22(11),
1761-1770. https://www.nature.com/articles/s41593-019-0520-2

Key questions while reading:
1. What do the authors mean by "normative" models?
2. How can deep learning help us understand *why* the brain works the way it does (not just *how*)?
3. What are the three components of their framework?

**Paper 3: The limits of "pure" learning and the power of inductive bias.**
Zador, A. M. (2019). A critique of pure learning and what artificial neural networks can learn from animal
brains. *Nature Communications*, 10(1), 3770. https://www.nature.com/articles/s41467-019-11786-6

Key questions while reading:
1. What does Zador mean by the "genomic bottleneck"?
2. How does evolution "compress" information into the genome?
3. What are the implications for how we should think about learning vs. innate structure in AI?

**Optional reading.**
Hassabis, D., Kumaran, D., Summerfield, C., & Botvinick, M. (2017). Neuroscience-inspired artificial
intelligence. *Neuron*, 95(2), 245-258. https://www.sciencedirect.com/science/article/pii/S0896627317305093

Key questions while reading:
- What is the normative target, and what is merely implementation detail?
- What concrete gaps in current AI are claimed to be addressable only (or best) via neuroscience, and what
  would count as success?
- What is the direction and granularity of explanation between brain and model?
"""))
    c.append(md(r"""
---
## Part 2: Reflection questions

After the readings, reflect on the following questions. **Write 2-4 sentences for each.** They do not have
"right" answers: they help you articulate your own thinking.
"""))
    for aid, title, q in REFLECTIONS:
        c.append(md(f"### {title}\n\n**{q}**\n\n#### Your response"))
        c.append(answer(aid, q, (2, 4)))

    # -- Part 3 ---------------------------------------------------------------
    c.append(md(r"""
---
## Part 3: Conceptual framework

Both artificial and biological neurons can be understood through three stages:

| Stage | Perceptron (artificial) | Biological neuron |
|---|---|---|
| **Input** | Vector of numbers $\mathbf{x}$ | Synaptic currents arriving at dendrites |
| **Processing** | Weighted sum + activation function | Temporal integration of currents, membrane dynamics |
| **Output** | Single number (interpreted as a "rate") | Sequence of discrete spikes over time |

This simple table hides profound differences:

1. **Time**: perceptrons are instantaneous; biological neurons evolve over time.
2. **Communication**: perceptrons pass continuous values; biological neurons communicate with discrete events (spikes).
3. **State**: perceptrons are stateless; biological neurons have internal state (membrane potential, vesicle pools).
4. **Energy**: perceptrons do not model energy; biological neurons are constrained by metabolic cost.

The cells below show each stage with a live simulation.
"""))
    c.append(md(r"""
### Input: how information arrives

**Perceptron**: a fixed-size vector of numbers (pixel intensities, word embeddings, ...), static, a snapshot.

**Biological neuron**: input arrives through **synapses**. Each synapse responds to incoming **spikes**, has its
own **strength** (like a weight), generates a **current** into the cell and can change with use
(**short-term plasticity**: facilitation or depression). The input is a pattern of events in time.

Below: the same five "inputs" as a perceptron sees them (five numbers) and as a neuron receives them (five
Poisson spike trains whose rates are those numbers), and the conductance one synapse produces from one train.
"""))
    c.append(code(r"""
rates = np.array([5.0, 10.0, 20.0, 40.0, 80.0])          # the input "values", here as rates in Hz
trains = neuroai.poisson(rates, duration=500.0, seed=1)  # one Poisson train per input, 500 ms

fig, axes = plt.subplots(1, 3, figsize=(13, 3.2), gridspec_kw={"width_ratios": [1, 2, 2]})
axes[0].barh(np.arange(5), rates, color="tab:purple")
axes[0].set(xlabel="x_i", ylabel="input i", title="perceptron input: a vector")
for k in range(trains.n):
    t = trains.train(k)
    axes[1].plot(t, np.full(t.shape, k), "|", color="k", markersize=10)
axes[1].set(xlabel="time [ms]", ylabel="input i", title="neuron input: spikes in time")
syn = neuroai.Synapse(g_max=1.0, tau_syn=5.0)             # conductance jumps 1 nS per spike
resp = syn.response(neuroai.SpikeTrains(trains.train(3), duration=500.0), dt=0.1)
axes[2].plot(resp.t, resp.g, color="tab:blue")
axes[2].set(xlabel="time [ms]", ylabel="g [nS]", title="synapse of input 3: conductance")
fig.tight_layout()
plt.show()
print("spike counts per input:", trains.counts())
"""))
    c.append(md(r"""
### Processing: what happens inside

**Perceptron**: compute the weighted sum $z = \sum_i w_i x_i + b$, then apply an activation $y = f(z)$.
It happens at once: given an input, you immediately get an output.

**Biological neuron** (here the leaky integrate-and-fire model, LIF):

1. Synaptic currents change the **membrane potential** $V$.
2. The membrane acts like a leaky capacitor: $\tau_m \frac{dV}{dt} = -(V - V_{rest}) + R I$.
3. The potential integrates its input over time but also **leaks** back toward rest.
4. When $V$ crosses a **threshold**, the neuron fires a spike and $V$ is reset.

The course's parameters: $\tau_m$ = 20 ms, $V_{rest}$ = -70 mV, $V_{reset}$ = -80 mV, threshold -55 mV,
$R$ = 10 MΩ. A constant current must exceed the **rheobase** $(V_{th} - V_{rest})/R$ = 1.5 nA to make it fire.
"""))
    c.append(code(r"""
p = neuroai.Perceptron(weights=[0.8, -0.4, 0.3], bias=-0.1, activation="sigmoid")
x = [1.0, 0.5, 2.0]
print(f"perceptron: z = w.x + b = {p.net_input(x):.3f}, y = sigmoid(z) = {p.forward(x):.3f}")
p.plot(x)
plt.show()

neuron = neuroai.LIFNeuron()                 # the course's parameters
I = np.zeros(2000); I[200:1500] = 2.0        # 2 nA from 20 to 150 ms, dt = 0.1 ms
res = neuron.simulate(I, dt=0.1)
print(f"LIF: rheobase {neuroai.rheobase():.2f} nA; spikes at {np.round(res.spike_times, 2)} ms")
res.plot()
plt.show()
"""))
    c.append(md(r"""
Move the sliders (or, without widgets, look at the three settings drawn): below the rheobase the potential
settles under threshold and the neuron stays silent however long you wait; above it, the neuron fires
regularly, faster for larger currents and shorter $\tau_m$.
"""))
    c.append(code(r"""
interactive.lif_step();
"""))
    c.append(md(r"""
### Output: how information is communicated

**Perceptron**: one number, typically read as a "firing rate" or a probability, passed directly to the next
layer.

**Biological neuron**: **spikes**, brief (~1 ms) pulses travelling down the axon. Information can be carried by
the **rate** (spikes per second), the **timing** (precisely *when* spikes occur) and **patterns** (bursts,
pauses). Below, a noisy input current drives the LIF neuron; the same output can be read as a rate, as a
first-spike latency or as a pattern of intervals.
"""))
    c.append(code(r"""
rng = np.random.default_rng(0)
T = 10000                                               # 1 s at dt = 0.1 ms
I_noisy = 1.7 + 1.5 * rng.standard_normal((T, 3)) * np.array([0.5, 1.0, 2.0])   # three noise levels
out = neuron.simulate(I_noisy, dt=0.1)
rate = neuroai.firing_rate(out.spikes)               # Hz, one per neuron
latency = neuroai.first_spike_latency(out.spikes)   # ms
cv = neuroai.cv(out.spikes)                         # coefficient of variation of the intervals
print(f"{'noise':>8}{'rate [Hz]':>11}{'first spike [ms]':>18}{'CV of ISIs':>12}")
for k, s in enumerate((0.75, 1.5, 3.0)):
    print(f"{s:>6.2f}nA{rate[k]:>11.1f}{latency[k]:>18.1f}{cv[k]:>12.2f}")
plot.plot_raster(out.spikes, title="output spikes of three neurons (rate, timing, pattern)")
plt.show()
"""))
    c.append(md(r"""
The output is also shaped by **short-term plasticity** at the next synapse: **depression** (repeated firing
depletes the vesicles, weakening the signal) and **facilitation** (calcium build-up transiently strengthens it).
The same spike train can therefore have different effects depending on its recent history: Scenario 2 below
shows this.
"""))

    # -- Part 4 ---------------------------------------------------------------
    c.append(md(r"""
---
## Part 4: Thinking exercises

Consider the following scenarios: how might each system handle them? Each comes with a simulation to try your
ideas on, then a cell for your thoughts.
"""))
    c.append(md(r"""
### Scenario 1: Detecting a flash vs. sustained light

A neuron receives visual input. A brief flash of light and a sustained illumination deliver the **same total
number of photons** over different time windows. We model the light as an input current: the brief flash is a
strong current for a few milliseconds, the sustained light a weak current for 200 ms, with the same total charge
(current × time, in nA·ms).

**Think about:**
- How would a perceptron (given a single input representing the total light) respond to these two cases?
- How might a biological neuron (integrating over time, with leakage) respond differently?
- What does this tell us about the importance of temporal dynamics?

**Predict first.** Before running the next cells, write what you expect each model to do with the flash and
with the sustained light (one or two sentences).
"""))
    c.append(answer("scenario-1-prediction",
                    "Before simulating: what will the perceptron and the LIF neuron do with a brief "
                    "flash and a sustained light of equal total?", (1, 4)))
    c.append(code(r"""
# 60 nA ms as a flash (neuroai.flash: 12 nA for 5 ms) and as a sustained light
# (neuroai.sustained: 0.3 nA for 200 ms), both from 50 ms, into the LIF neuron above
# and into a perceptron whose one input is the total: sigmoid(0.05 * total - 2).
sc = scenarios.flash_vs_sustained(total=60.0, width=5.0, long_width=200.0, start=50.0,
                                  duration=300.0, neuron=neuron)
perceptron = sc.perceptron
print(f"charge: flash {sc.totals[0]:.1f} nA ms, sustained {sc.totals[1]:.1f} nA ms")
print(f"perceptron output: flash {sc.outputs[0]:.3f}, sustained {sc.outputs[1]:.3f}")
print(f"LIF spikes: flash {sc.counts[0]}, sustained {sc.counts[1]}")

fig = plot.plot_flash_vs_sustained(sc)
plt.show()
"""))
    c.append(md(r"""
The perceptron cannot tell the two apart: its input is the same number. The LIF neuron can: the flash drives
$V$ up faster than it leaks away and crosses threshold, while the sustained current of 0.3 nA can at most lift
$V$ to $V_{rest} + R I$ = -67 mV, far below threshold: the same charge, spread thin, leaks away.

**Where does each win?** Now keep the total fixed and vary the duration of the light. For a rectangular
current of charge $Q$ and duration $w$ (amplitude $Q/w$), the peak potential is reached at the end of the pulse,

$$V_{peak} = V_{rest} + R\,\frac{Q}{w}\left(1 - e^{-w/\tau_m}\right),$$

so the neuron fires only if $Q \ge Q_{min}(w) = \dfrac{(V_{th} - V_{rest})\, w}{R\,(1 - e^{-w/\tau_m})}$. For
brief flashes ($w \ll \tau_m$) this tends to $(V_{th} - V_{rest})\,\tau_m / R$ = 30 nA·ms: the membrane simply
adds up the charge. For long ones it grows like $w \times$ rheobase: the leak wins. The sweep below runs all
durations in one C call (one column per duration).
"""))
    c.append(code(r"""
durations = np.array([0.5, 1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300])   # ms
totals = np.array([20.0, 40.0, 60.0, 120.0])                                   # nA ms
window = 420.0
counts = np.zeros((totals.size, durations.size), dtype=int)
for i, q in enumerate(totals):
    stim = np.stack([neuroai.flash(q, width=w, start=10.0, duration=window) for w in durations], axis=1)
    counts[i] = neuron.simulate(stim, dt=0.1, record_v=False).spike_counts   # one C call, 13 neurons

def q_min(w, tau_m=20.0, R=10.0, dv=15.0):
    # smallest charge [nA ms] of a w-ms rectangular pulse that reaches threshold (from rest)
    return dv * w / (R * -np.expm1(-w / tau_m))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
for i, q in enumerate(totals):
    ax1.plot(durations, counts[i], "o-", label=f"Q = {q:g} nA ms")
ax1.set(xscale="log", xlabel="duration of the light w [ms] (same total Q)", ylabel="LIF spikes",
        title="LIF: depends on how the charge is spread", ylim=(-0.1, counts.max() + 1.0))
ax1.legend(frameon=False, loc="upper right", ncol=2)     # above the curves
y = perceptron.forward(totals[:, None])
for i, q in enumerate(totals):
    ax2.plot(durations, np.full(durations.shape, y[i]), "s-", label=f"Q = {q:g} nA ms")
ax2.set(xscale="log", xlabel="duration of the light w [ms]", ylabel="perceptron output",
        title="perceptron: depends on the total only", ylim=(0, 1.05))
ax2.legend(frameon=False, loc="lower center", ncol=2)
fig.tight_layout()
plt.show()

print("closed-form smallest charge that fires, Q_min(w):")
for w in (0.5, 5, 20, 100, 300):
    print(f"  w = {w:>5} ms: {q_min(w):7.1f} nA ms")
"""))
    c.append(md(r"""
Read the sweep as a detection task. If the question is **"how many photons arrived in total?"**, the perceptron
wins: its answer does not depend on how the light was spread in time, and the LIF neuron misses dim, long lights
altogether. If the question is **"did something change suddenly?"** (a flash, an edge, an approaching object),
the LIF neuron wins: it responds to brief, concentrated input and ignores slow drifts of the same size. The
leak time constant $\tau_m$ sets the boundary: input spread over much more than $\tau_m$ is forgotten.

Now vary the duration and the intensity yourself (each slider move is one C call):
"""))
    c.append(code(r"""
interactive.flash_vs_sustained();
"""))
    c.append(md("#### Your thoughts"))
    c.append(answer("scenario-1", "Scenario 1: how do the perceptron and the biological neuron respond to "
                    "a brief flash vs sustained light of equal total, and what does this tell us about "
                    "temporal dynamics?", None, THOUGHTS_PLACEHOLDER))

    c.append(md(r"""
### Scenario 2: Repeated stimulation

A neuron receives rapid, repeated input from the same source.

**Think about:**
- A perceptron with fixed weights would give the same response each time. What might be limiting about this?
- Biological synapses can show **depression** (weaken with repeated use) or **facilitation** (strengthen
  temporarily). Why might this be useful computationally?
- What kinds of computations might short-term plasticity enable that static weights cannot?

The same regular 40 Hz train of 10 spikes goes through three synapses:

- a **static** synapse (fixed weight: every spike adds $g_{max}$ = 1 nS);
- a **depressing** synapse: each spike releases a fraction $u$ = 0.5 of the available resources $x$, which
  recover with $\tau_{rec}$ = 200 ms;
- a **facilitating** synapse: the release fraction $u$ starts at 0.1, grows by 30 % of the gap to 0.8 with
  each spike and relaxes back with $\tau_{facil}$ = 100 ms.

The **efficacy** of spike $n$ is the fraction of $g_{max}$ it delivers: $u x$ for the depressing synapse, $u$
for the facilitating one, 1 for the static one.
"""))
    c.append(code(r"""
demo = scenarios.short_term_plasticity(rate=40.0, n_spikes=10)   # 40 Hz: spikes every 25 ms
train, responses = demo.train, demo.responses
static, depressing, facilitating = (demo.synapses[k] for k in ("static", "depressing", "facilitating"))
for name, syn in demo.synapses.items():
    print(f"{name:>13}: {syn}")
print(f"{'spike n':>8}" + "".join(f"{name:>14}" for name in responses))
for n in range(10):
    print(f"{n + 1:>8}" + "".join(f"{r.efficacy[n] * 1.0:>14.3f}" for r in responses.values()))
fig = plot.plot_stp_comparison(responses["depressing"], responses["facilitating"])
plt.show()
"""))
    c.append(md(r"""
A perceptron's weight is the static column: every input counts the same, whatever came before. The other two
synapses make the response to spike $n$ depend on the history: they are filters in time. Three small
examples of what this enables.

**Onset detection (depression).** Below, 100 input neurons fire as Poisson trains at 10 Hz, then at 40 Hz from
1 s on. The summed conductance through static synapses steps up fourfold and stays there. Through depressing
synapses it jumps at the change and then settles only a little above its old level: the synapse signals
*that* the input changed, an onset, much more than the new sustained level.
"""))
    c.append(code(r"""
n_in, T1, T2 = 100, 1000.0, 1000.0
low = neuroai.poisson(10.0, T1, n=n_in, seed=2)
high = neuroai.poisson(40.0, T2, n=n_in, seed=3)
step_train = neuroai.SpikeTrains(np.r_[low.times, high.times + T1], np.r_[low.indices, high.indices],
                                 n=n_in, duration=T1 + T2)
g_static = static.response(step_train, dt=0.1).g.sum(axis=1)
g_dep = depressing.response(step_train, dt=0.1).g.sum(axis=1)
t = np.arange(g_static.size) * 0.1

def smooth(g, ms=20.0):
    k = int(ms / 0.1)
    return np.convolve(g, np.ones(k) / k, mode="same")

fig, ax = plt.subplots(figsize=(10, 3.5))
ax.plot(t, smooth(g_static) / smooth(g_static)[int(900 / 0.1)], label="static (scaled to 1 before the step)")
ax.plot(t, smooth(g_dep) / smooth(g_dep)[int(900 / 0.1)], label="depressing (scaled to 1 before the step)")
ax.axvline(T1, color="0.6", ls=":")
ax.set(xlabel="time [ms]", ylabel="total conductance (relative)",
       title="input rate steps from 10 to 40 Hz at 1 s")
ax.legend(frameon=False)
plt.show()
"""))
    c.append(md(r"""
**Gain control (depression).** At high rates the resources have no time to recover between spikes, so the
efficacy per spike falls roughly as 1/rate and the steady-state conductance hardly depends on the rate any
more. Abbott, Varela, Sen & Nelson (1997, Synaptic depression and cortical gain control, *Science* 275:220-224)
showed that such synapses make the response sensitive to *relative* changes of rate (a step from 10 to 20 Hz
and one from 40 to 80 Hz give similar transients) while the sustained level saturates: a form of automatic
gain control.
"""))
    c.append(code(r"""
rates_hz = np.array([2, 5, 10, 20, 40, 80, 160.0])
ss = {"static": [], "depressing": [], "facilitating": []}
for r in rates_hz:
    tr = neuroai.regular(r, 3000.0)
    for name, syn in [("static", static), ("depressing", depressing), ("facilitating", facilitating)]:
        g = syn.response(tr, dt=0.1).g
        ss[name].append(g[len(g) // 2:].mean())              # steady state: mean over the last 1.5 s
fig, ax = plt.subplots(figsize=(6, 4))
for name, vals in ss.items():
    ax.plot(rates_hz, vals, "o-", label=name)
ax.set(xscale="log", yscale="log", xlabel="input rate [Hz]", ylabel="mean conductance [nS]",
       title="steady-state drive vs input rate")
ax.legend(frameon=False)
plt.show()
for name in ss:
    print(f"{name:>13}: 40 -> 160 Hz multiplies the steady drive by {ss[name][-1] / ss[name][-3]:.2f}")
"""))
    c.append(md(r"""
**Burst detection (facilitation).** Twelve spikes arrive either as three bursts of four (5 ms apart) or as
twelve isolated spikes (125 ms apart). A facilitating synapse transmits the later spikes of a burst much more
strongly than isolated spikes, so a downstream neuron with a threshold responds to bursts and ignores isolated
spikes. Below: the peak conductance for a burst relative to an isolated spike, for each synapse. (The static
synapse's ratio comes only from the summation of conductances 5 ms apart.)
"""))
    c.append(code(r"""
bursts = np.concatenate([t0 + np.arange(4) * 5.0 for t0 in (100.0, 600.0, 1100.0)])
isolated = 100.0 + np.arange(12) * 125.0
pattern = {"bursts": neuroai.SpikeTrains(bursts, duration=1600.0),
           "isolated": neuroai.SpikeTrains(isolated, duration=1600.0)}
print(f"{'synapse':>13}{'burst peak':>12}{'isolated peak':>15}{'ratio':>8}   [nS]")
for name, syn in [("static", static), ("depressing", depressing), ("facilitating", facilitating)]:
    gb = syn.response(pattern["bursts"], dt=0.1).g.max()
    gi = syn.response(pattern["isolated"], dt=0.1).g.max()
    print(f"{name:>13}{gb:>12.3f}{gi:>15.3f}{gb / gi:>8.2f}")

# A downstream LIF neuron driven through a strong facilitating synapse (g_max = 130 nS).
# Current approximated at a fixed driving force: I = 1e-3 * g * (e_syn - v_rest) [nA].
strong = neuroai.FacilitatingSynapse(g_max=130.0, tau_syn=5.0)
fig, axes = plt.subplots(1, 2, figsize=(12, 3.2), sharey=True)
for ax, (name, tr) in zip(axes, pattern.items()):
    g = strong.response(tr, dt=0.1).g
    out = neuroai.LIFNeuron().simulate(1e-3 * g * (0.0 - (-70.0)), dt=0.1)
    ax.plot(out.t, out.v, lw=0.8)
    ax.plot(tr.times, np.full(len(tr), -52.0), "|", color="k", markersize=8)
    ax.set(title=f"{name}: {len(out.spike_times)} output spikes", xlabel="time [ms]")
axes[0].set_ylabel("V [mV]")
fig.tight_layout()
plt.show()
"""))
    c.append(md(r"""
Explore the depressing synapse yourself: the rate of the train, the release fraction $u$ and the recovery time
$\tau_{rec}$ (each slider move is one C call per synapse).
"""))
    c.append(code(r"""
interactive.short_term_plasticity();
"""))
    c.append(md("#### Your thoughts"))
    c.append(answer("scenario-2", "Scenario 2: what is limiting about fixed weights under repeated "
                    "stimulation, and what computations do depression and facilitation enable?",
                    None, THOUGHTS_PLACEHOLDER))

    c.append(md(r"""
### Scenario 3: Energy constraints

The human brain consumes about 20 watts. A large language-model training run may draw megawatts.

**Think about:**
- What design choices might contribute to the brain's efficiency?
- Spikes are sparse (neurons are often silent). How might sparsity contribute to efficiency?
- What trade-offs might the brain make that AI systems currently don't?

`neuroai.energy` counts the operations of a model and prices them with published energies per operation; every
number carries its source and caveat. The task: 1,000 inputs drive 100 output units. A perceptron layer
multiplies every input by every weight (100,000 multiply-accumulates), whatever the input. A spiking population
pays only for spikes: if 10 % of the inputs fire one spike, that is 100 spikes × 100 targets = 10,000 synaptic
events.
"""))
    c.append(code(r"""
from IPython.display import display

ledger = neuroai.compare_task(n_inputs=1000, n_neurons=100, active_fraction=0.1)
display(ledger)      # a table; each row's assumption and source are numbered notes below it
plot.plot_ledger(ledger, title="one input pattern, 1000 -> 100 units")
plt.show()
"""))
    c.append(md(r"""
Compare within a substrate first: on the same 45 nm chip (the "cmos" rows), the dense layer and the sparse
events differ by the fraction of work done. Across substrates the numbers are not priced alike (read the
caveats printed with each constant). Next, the energy as the activity becomes less sparse:
"""))
    c.append(code(r"""
fractions = np.array([0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0])
rows = {}
for f in fractions:
    for group, joules in neuroai.compare_task(active_fraction=f).totals().items():
        rows.setdefault(group.split(" (")[0], []).append(joules)
fig, ax = plt.subplots(figsize=(7, 4))
for group, joules in rows.items():
    ax.plot(fractions, joules, "o-", label=group)
ax.set(xscale="log", yscale="log", xlabel="fraction of active inputs", ylabel="energy per pattern [J]",
       title="dense layer vs spiking population against sparsity")
ax.legend(frameon=False, fontsize="small")
plt.show()
"""))
    c.append(md(r"""
**What does 20 W buy 86 billion neurons?** The brain's ~86 billion neurons (Azevedo et al., 2009, *J. Comp.
Neurol.* 513:532-541) run on about 20 W. With Attwell & Laughlin's energy budget (2001, *J. Cereb. Blood Flow
Metab.* 21:1133-1145) for a spike and its synaptic releases, `affordable_rate` solves for the mean firing rate
that the share of the 20 W spent on signalling (about three quarters; the rest is housekeeping) sustains after
resting costs: in the figure, where the power line crosses the dashed budget line. Lennie (2003, *Curr. Biol.* 13:493-497) made this argument: only a
small fraction of cortical neurons can be strongly active at any time.
"""))
    c.append(code(r"""
rate = neuroai.affordable_rate()                 # defaults: brain power and neuron count of the ledger
led = neuroai.Ledger()
print(f"{led['brain_power']:g} W for {led['brain_neurons']:.3g} neurons, "
      f"{led['signalling_fraction']:.0%} of it ({led['brain_power'] * led['signalling_fraction']:g} W) "
      f"for signalling -> mean rate {rate:.2f} Hz per neuron")
print(f"with the cheaper action potential (Alle et al. 2009): "
      f"{neuroai.affordable_rate(overrides={'atp_per_action_potential': led['atp_per_action_potential_low']}):.2f} Hz")
plot.plot_energy_vs_rate(scenarios.brain_power())      # power of 86e9 neurons vs their mean rate
plt.show()
"""))
    c.append(md(r"""
A mean rate of a few spikes per second is far below what a neuron can fire (hundreds of Hz): the brain's budget
forces sparse activity. A dense network evaluates every unit on every input; a brain cannot afford to.
"""))
    c.append(md("#### Your thoughts"))
    c.append(answer("scenario-3", "Scenario 3: what design choices make the brain efficient, how does "
                    "sparsity help, and what trade-offs does the brain make that AI systems don't?",
                    None, THOUGHTS_PLACEHOLDER))

    c.append(md(r"""
---
## Part 5: Looking ahead

The goal is not to declare one system "better" than the other, but to understand what each can teach us and how
their differences might inspire new approaches to both neuroscience and AI. The next notebook,
`02_neuron_and_perceptron.ipynb`, has you build the perceptron, the LIF neuron and the synapses yourself.

## Summary

In this tutorial you engaged with:

1. **foundational papers** that frame the NeuroAI research programme;
2. **key questions** about what brains and AI systems can learn from each other;
3. **conceptual differences** between artificial and biological neurons, seen in simulations;
4. **thought experiments** about temporal dynamics, plasticity and efficiency.

Key takeaways:
- NeuroAI is bidirectional: AI informs neuroscience, and neuroscience inspires AI.
- Artificial neurons are powerful abstractions but omit crucial biological details.
- Time, spikes and plasticity are fundamental to biological computation.
- Neither system is "better": they answer different questions under different constraints.

## Check and export your answers

**Save the notebook first** (Ctrl-S): the check reads the file on disk (it finds this notebook itself, also
after a rename, and says when the file was saved). Then run the cell below. It reports every question of the
tutorial, also one whose answer cell was deleted (put it back with `classroom.restore()`), and text typed into
a question's cell instead of its answer cell.

To hand in, export your answers as Markdown or JSON (the notebook itself is not changed): the export carries
your name and id from the "About you" cell at the top, the time and the versions, and is written beside this
notebook as `<notebook>_<your id>_answers.md`. From a terminal, with your notebook's file name:

```
neuroai check NOTEBOOK.ipynb
neuroai export NOTEBOOK.ipynb --format md
```

Unfinished work is exported only when you say so (`incomplete=True`, `--incomplete`), and an export never
replaces an existing file unless you ask (`overwrite=True`, `--force`).
"""))
    c.append(code(r"""
report = classroom.check(notebook_id="what-is-neuroai")
print(report)
# When everything is answered:
# classroom.export(notebook_id="what-is-neuroai", overwrite=True)   # or format="json"
"""))
    return notebook(c, "what-is-neuroai")


# ---------------------------------------------------------------------------
# 02: the neuron and the perceptron, in code
# ---------------------------------------------------------------------------
#: True while building the instructor's version: the exercises hold their solutions.
INSTRUCTOR = False


def _solutions():
    """Stub (by its first line) -> the solution's source, from the course's
    solutions (``tests/course_solutions.py``, which the tests run too)."""
    import importlib.util
    import inspect
    name = "_course_solutions_of_build"
    if name not in sys.modules:    # inspect finds a class's source through its module
        spec = importlib.util.spec_from_file_location(
            name, HERE.parent / "tests" / "course_solutions.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    s = sys.modules[name]

    def src(*objs):
        return "\n\n".join(inspect.getsource(o).strip() for o in objs)
    return {
        "def sigmoid": src(s.sigmoid, s.relu), "class Perceptron": src(s.Perceptron),
        "def perceptron_layer": src(s.perceptron_layer),
        "def lif_voltage_step": src(s.lif_voltage_step), "class LIFNeuron": src(s.LIFNeuron),
        "def compute_fi_curve": src(s.compute_fi_curve), "def lif_rate": src(s.lif_rate),
        "class Synapse": src(s.Synapse), "class DepressingSynapse": src(s.DepressingSynapse),
        "class FacilitatingSynapse": src(s.FacilitatingSynapse),
        "def poisson_train": src(s.poisson_train), "class LIFWithSynapse": src(s.LIFWithSynapse),
    }


def _stub_cell(stub):
    """The student's stub; in the instructor's version the solution, tagged
    ``solution`` with the stub in its metadata (``neuroai.classroom.release``
    puts the stub back)."""
    cell = code(stub)
    if INSTRUCTOR:
        first = cell.source.lstrip()
        key = next(k for k in _solutions() if first.startswith(k))
        cell.metadata["tags"] = ["solution"]
        cell.metadata["neuroai"] = {"stub": cell.source}
        cell.source = _solutions()[key]
    return cell


def exercise(title, text, stub, check):
    """Markdown statement, the student's stub cell, then the check cell.

    The check's last call ends with ``;``: the check prints its verdict, and
    the True/False it returns (for scripts) would only repeat it as ``Out[]``.
    """
    return [md(f"### {title}\n\n{text.strip()}"), _stub_cell(stub),
            code(check.rstrip() + ";")]


def notebook_02():
    c = []
    c.append(md(r"""
# The neuron and the perceptron, in code

This coding tutorial follows *What is NeuroAI?*. You build, in plain Python with NumPy, the models that notebook
compared: activation functions, a perceptron and a layer of them, a leaky integrate-and-fire (LIF) neuron with
forward Euler, its f-I curve, a conductance synapse, depressing and facilitating synapses, Poisson input, and an
LIF neuron driven through a synapse.

**How the exercises work.** Each exercise has a cell with a function or class to complete: replace
`raise NotImplementedError` with your code and run the cell. The next cell checks your code against `neuroai`'s
C implementation on many cases and tells you, in plain words, which case failed and by how much (or
`✓ all N cases pass`). Until you write your code, the check says "not implemented yet".

Units throughout: time ms, voltage mV, current nA, resistance MΩ (MΩ × nA = mV), conductance nS, rates Hz.
Time step `dt = 0.1` ms.
"""))
    c.append(about_you())
    c.append(code(r"""
%matplotlib inline
import math
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, exercises as ex, interactive, plot
"""))

    c.append(md(r"""
---
## 1. The perceptron

A perceptron computes a weighted sum $z = \mathbf{w}\cdot\mathbf{x} + b$ and passes it through an activation
function $y = f(z)$ (Rosenblatt, F. (1958). The perceptron: a probabilistic model for information storage and
organization in the brain. *Psychological Review*, 65(6), 386-408).
"""))
    c += exercise("Exercise 1.1: activation functions", r"""
Write the sigmoid $f(z) = 1/(1 + e^{-z})$ and the rectified linear unit $f(z) = \max(0, z)$. Both must work on
a number and on a NumPy array (use `np.exp`, `np.maximum`).
""", r'''
def sigmoid(z):
    """Logistic sigmoid of a number or an array."""
    raise NotImplementedError


def relu(z):
    """max(0, z), element-wise."""
    raise NotImplementedError
''', r"""
ex.check_sigmoid(sigmoid)
ex.check_relu(relu)
""")
    c.append(code(r"""
z = np.linspace(-6, 6, 241)
fig, ax = plt.subplots(figsize=(6, 3.5))
for name in ("sigmoid", "relu", "tanh", "step"):
    ax.plot(z, getattr(neuroai, name)(z), label=name)     # neuroai's C versions
ax.set(xlabel="z", ylabel="f(z)", ylim=(-1.2, 2.2), title="activation functions")
ax.legend(frameon=False)
plt.show()
"""))
    c += exercise("Exercise 1.2: a perceptron", r"""
Complete the class. `weights` is an array of `n_inputs` numbers drawn from a normal distribution with standard
deviation 0.5, `bias` a number (standard deviation 0.1); `forward(x)` returns `activation(weights · x + bias)`.
`activation` is one of `"sigmoid"`, `"relu"`, `"tanh"`, `"step"` (the step is 1 where $z \ge 0$, else 0).
The check sets `weights` and `bias` itself.
""", r'''
class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        rng = np.random.default_rng()
        self.weights = rng.normal(0.0, 0.5, n_inputs)
        self.bias = float(rng.normal(0.0, 0.1))
        self.activation = activation

    def forward(self, x):
        """activation(weights . x + bias) for one input vector x."""
        raise NotImplementedError
''', r"""
ex.check_perceptron(Perceptron)
""")
    c += exercise("Exercise 1.3: a layer of perceptrons", r"""
A layer is many perceptrons reading the same input: $\mathbf{y} = f(W\mathbf{x} + \mathbf{b})$ with $W$ of shape
`(n_neurons, n_inputs)`. Draw, in this order, `W = rng.normal(0, 0.5, (n_neurons, n_inputs))` and
`b = rng.normal(0, 0.1, n_neurons)` from `rng = np.random.default_rng(seed)`, and use the sigmoid.
""", r'''
def perceptron_layer(x, n_neurons=10, seed=None):
    """Outputs (n_neurons,) of a layer of sigmoid perceptrons on input x."""
    raise NotImplementedError
''', r"""
ex.check_perceptron_layer(perceptron_layer)
""")
    c.append(md(r"""
A single perceptron with a step activation learns any linearly separable labelling with Rosenblatt's rule,
and never learns XOR (Minsky, M. & Papert, S. (1969). *Perceptrons*. MIT Press). `neuroai.Perceptron.fit` runs
the rule in C:
"""))
    c.append(code(r"""
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, (name, y) in zip(axes, [("AND", [0, 0, 0, 1]), ("XOR", [0, 1, 1, 0])]):
    p = neuroai.Perceptron(weights=[0.0, 0.0], activation="step")
    errors = p.fit(X, y, epochs=50)
    plot.plot_decision_boundary(p, X, np.array(y), ax=ax,
                                title=f"{name}: {len(errors)} epochs, last errors {errors[-1]}")
plt.show()
"""))

    c.append(md(r"""
---
## 2. The leaky integrate-and-fire neuron

$$\tau_m \frac{dV}{dt} = -(V - V_{rest}) + R\,I(t)$$

with a spike when $V \ge V_{th}$, after which $V$ is set to $V_{reset}$. Course parameters: $\tau_m$ = 20 ms,
$V_{rest}$ = -70 mV, $V_{reset}$ = -80 mV, $V_{th}$ = -55 mV, $R$ = 10 MΩ. Forward Euler replaces the
derivative by a difference over a step $dt$:

$$V(t + dt) = V(t) + \frac{dt}{\tau_m}\left(-(V(t) - V_{rest}) + R\,I(t)\right).$$
"""))
    c += exercise("Exercise 2.1: one Euler step", r"""
Return the potential after one forward-Euler step (no threshold in this function).
""", r'''
def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    """V [mV] after one Euler step of dt [ms] from v [mV] with input I [nA]."""
    raise NotImplementedError
''', r"""
ex.check_lif_voltage_step(lif_voltage_step)
""")
    c += exercise("Exercise 2.2: an LIF neuron", r"""
`v` starts at `v_rest`. `step(I, dt)` does one Euler step; if $V \ge V_{th}$ it sets $V = V_{reset}$ and returns
True (a spike), else returns False.
""", r'''
class LIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
        self.tau_m = tau_m
        self.v_rest = v_rest
        self.v_reset = v_reset
        self.v_threshold = v_threshold
        self.resistance = resistance
        self.v = v_rest

    def step(self, I, dt):
        """One Euler step with input I [nA]; True if the neuron spiked."""
        raise NotImplementedError
''', r"""
ex.check_lif_neuron(LIFNeuron)
""")
    c.append(md(r"""
### Forward Euler vs exact integration

For a constant current the membrane equation has a closed-form solution, so the first spike time is known
exactly: starting from rest, $V(t) = V_{rest} + RI\,(1 - e^{-t/\tau_m})$ reaches threshold at

$$t^* = \tau_m \ln\frac{RI}{RI - (V_{th} - V_{rest})}.$$

`neuroai` integrates exactly by default (`method="exact"`, which also places each threshold crossing inside its
step) and offers the course's forward Euler (`method="euler"`, which can only spike at the start of a step).
The error of Euler's first spike time shrinks roughly in proportion to $dt$ (a first-order method); the
exact method's error is rounding only.
"""))
    c.append(code(r"""
I0, tau_m, R, dv = 2.0, 20.0, 10.0, 15.0
t_star = tau_m * math.log(R * I0 / (R * I0 - dv))            # closed form [ms]
neuron = neuroai.LIFNeuron()
dts = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0])
err = {"euler": [], "exact": []}
for dt in dts:
    I = np.full(int(round(100.0 / dt)), I0)
    for method in err:
        first = neuron.simulate(I, dt=dt, method=method, record_v=False).spike_times[0]
        err[method].append(abs(first - t_star))
print(f"closed-form first spike: {t_star:.6f} ms")
print(f"{'dt [ms]':>8}{'Euler error [ms]':>18}{'exact error [ms]':>18}")
for k, dt in enumerate(dts):
    print(f"{dt:>8g}{err['euler'][k]:>18.2e}{err['exact'][k]:>18.2e}")
fig, ax = plt.subplots(figsize=(5.5, 4))
ax.loglog(dts, err["euler"], "o-", label="forward Euler")
ax.loglog(dts, np.maximum(err["exact"], 1e-16), "s-", label="exact (rounding only)")
ax.loglog(dts, dts, "k:", label="slope 1 (error ∝ dt)")
ax.set(xlabel="dt [ms]", ylabel="|first spike time error| [ms]", title="Euler vs exact, I = 2 nA")
ax.legend(frameon=False)
plt.show()
"""))
    c += exercise("Exercise 2.3: the f-I curve", r"""
Using your `LIFNeuron`, return the firing rate [Hz] for each constant current: start each neuron at rest, count
the spikes in `duration` ms and divide by the duration **in seconds**.
""", r'''
def compute_fi_curve(currents, duration=500.0, dt=0.1):
    """Firing rates [Hz], one per current [nA]."""
    raise NotImplementedError
''', r"""
ex.check_fi_curve(compute_fi_curve)
""")
    c += exercise("Exercise 2.4: the closed-form rate", r"""
Between spikes the neuron relaxes toward $V_\infty = V_{rest} + RI$. If $V_\infty \le V_{th}$ it never fires
(rate 0). Otherwise the interval from reset to threshold is
$T = \tau_m \ln\frac{V_\infty - V_{reset}}{V_\infty - V_{th}}$ and the rate is $1000/T$ Hz.
""", r'''
def lif_rate(I, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
    """Steady-state firing rate [Hz] for a constant current I [nA]."""
    raise NotImplementedError
''', r"""
ex.check_lif_rate(lif_rate)
""")
    c.append(code(r"""
currents = np.linspace(0, 5, 51)
rates = neuroai.fi_curve(currents, duration=500.0)            # all currents in one C call
plot.plot_fi_curve(currents, rates, closed_form=neuroai.lif_rate, rheobase=neuroai.rheobase())
plt.show()
print(f"rheobase: {neuroai.rheobase():.2f} nA")
"""))
    c.append(md("Move the current and $\\tau_m$ (one C call per move):"))
    c.append(code(r"""
interactive.lif_step();
"""))

    c.append(md(r"""
---
## 3. Synapses

A spike arriving at a conductance synapse opens channels: the conductance $g$ jumps by $g_{max}$ and decays,
$dg/dt = -g/\tau_{syn}$. The current into the cell is $I = g\,(E_{syn} - V)$; with $g$ in nS and voltages in
mV this is in pA, so **in nA it is $10^{-3}\, g\,(E_{syn} - V)$**. $E_{syn}$ = 0 mV is excitatory, about
-75 mV inhibitory.

Each synapse below is used in a loop over time steps: in step `i`, call `receive_spike()` for a spike in that
step, read the state, then `step(dt)`.
"""))
    c += exercise("Exercise 3.1: a conductance synapse", r"""
`receive_spike()` adds `g_max` to `g`; `step(dt)` lets `g` decay for `dt` (forward Euler
`g += -g * dt / tau_syn`); `get_current(v_post)` returns the current in nA.
""", r'''
class Synapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max = g_max
        self.tau_syn = tau_syn
        self.e_syn = e_syn
        self.g = 0.0

    def receive_spike(self):
        raise NotImplementedError

    def step(self, dt):
        raise NotImplementedError

    def get_current(self, v_post):
        raise NotImplementedError
''', r"""
ex.check_synapse(Synapse)
""")
    c.append(md(r"""
**Short-term plasticity.** A depressing synapse uses up resources: of the available fraction $x$ (1 at rest), each
spike releases $u\,x$, so $g \mathrel{+}= g_{max}\,u\,x$ and $x \mathrel{-}= u\,x$; between spikes $x$ recovers,
$dx/dt = (1 - x)/\tau_{rec}$. A facilitating synapse's release fraction grows with use: each spike delivers
$g \mathrel{+}= g_{max}\,u$ and then $u \mathrel{+}= u_{step}(u_{max} - u)$; between spikes
$du/dt = (u_{base} - u)/\tau_{facil}$ (after Tsodyks, M. & Markram, H. (1997). The neural code between
neocortical pyramidal neurons depends on neurotransmitter release probability. *PNAS*, 94(2), 719-723).
"""))
    c += exercise("Exercise 3.2: a depressing synapse", r"""
Complete `receive_spike` and `step` (forward Euler for `g` and `x`).
""", r'''
class DepressingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec = tau_rec
        self.u = u
        self.x = 1.0

    def receive_spike(self):
        raise NotImplementedError

    def step(self, dt):
        raise NotImplementedError
''', r"""
ex.check_depressing_synapse(DepressingSynapse)
""")
    c += exercise("Exercise 3.3: a facilitating synapse", r"""
Complete `receive_spike` (the spike uses `u` *before* it grows) and `step`.
""", r'''
class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                 e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil = tau_facil
        self.u_base = u_base
        self.u_max = u_max
        self.u_step = u_step
        self.u = u_base

    def receive_spike(self):
        raise NotImplementedError

    def step(self, dt):
        raise NotImplementedError
''', r"""
ex.check_facilitating_synapse(FacilitatingSynapse)
""")
    c.append(code(r"""
train = neuroai.SpikeTrains(neuroai.regular(50.0, 400.0).times[:12], duration=400.0)
dep = neuroai.DepressingSynapse().response(train)
fac = neuroai.FacilitatingSynapse().response(train)
plot.plot_stp_comparison(dep, fac)
plt.show()
interactive.short_term_plasticity();
"""))

    c.append(md(r"""
---
## 4. Poisson input and an LIF neuron driven through a synapse

Cortical spike trains are irregular; the simplest model is a Poisson process, whose intervals are independent and
exponentially distributed with mean $1000/r$ ms for a rate $r$ in Hz (Dayan, P. & Abbott, L. F. (2001).
*Theoretical Neuroscience*, ch. 1.4. MIT Press).
"""))
    c += exercise("Exercise 4.1: a Poisson spike train", r"""
Return the sorted spike times [ms] in `[0, duration)`: add exponential intervals
(`rng.exponential(1000 / rate)`) until you pass `duration`. The check compares statistics over many trains
(mean count, Fano factor, CV of the intervals) with `neuroai.poisson`.
""", r'''
def poisson_train(rate, duration, rng):
    """Spike times [ms] of a Poisson train at rate [Hz] in [0, duration) ms."""
    raise NotImplementedError
''', r"""
ex.check_poisson_train(poisson_train)
""")
    c.append(code(r"""
trains = neuroai.poisson(20.0, 2000.0, n=50, seed=0)
print(f"mean rate {np.mean(neuroai.firing_rate(trains)):.1f} Hz, "
      f"mean CV {np.nanmean(neuroai.cv(trains)):.2f}")
plot.plot_raster(trains, bin_width=50.0, title="50 Poisson trains at 20 Hz")
plt.show()
"""))
    c += exercise("Exercise 4.2: an LIF neuron with a depressing synapse", r"""
Combine your `LIFNeuron` and `DepressingSynapse`. In each step `i` of `simulate`: if an input spike falls in
the step (`floor(t / dt) == i`), the synapse receives it; the synaptic current at the present $V$ drives one
neuron step (record the spike time `i * dt` if it fires); then the synapse steps. Return an object with
`spike_times` (an array, ms).
""", r'''
class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIFNeuron()
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        raise NotImplementedError
''', r"""
ex.check_lif_with_synapse(LIFWithSynapse)
""")
    c.append(md(r"""
### Input/output: perceptron vs spiking neuron

The perceptron maps an input number to an output number through a fixed curve. The LIF neuron behind a depressing
synapse maps an input *rate* to an output *rate*, and its curve comes from dynamics: integration, threshold and
the synapse's depletion, which flattens the response at high input rates, the more so the slower the
resources recover (gain control, Scenario 2 of the first notebook). Each point below is one C call.
"""))
    c.append(code(r"""
in_rates = np.array([10, 25, 50, 100, 200, 300, 400, 600, 800.0])
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax1.plot(in_rates, neuroai.sigmoid(0.01 * in_rates - 2.0), "o-", color="tab:purple")
ax1.set(xlabel="input x (here: a rate in Hz)", ylabel="y = sigmoid(0.01 x - 2)",
        title="perceptron: a fixed input/output curve")
if hasattr(neuroai, "LIFWithSynapse"):
    for tau_rec in (10.0, 20.0, 40.0):
        model = neuroai.LIFWithSynapse(g_max=400.0, tau_rec=tau_rec)
        out = [model.simulate(neuroai.poisson(r, 2000.0, seed=1), 2000.0).rates for r in in_rates]
        ax2.plot(in_rates, out, "o-", label=f"tau_rec = {tau_rec:g} ms")
    ax2.legend(frameon=False)
else:
    print("note: this version of neuroai has no LIFWithSynapse; the spiking curve is skipped")
ax2.set(xlabel="input rate [Hz] (Poisson)", ylabel="output rate [Hz]",
        title="LIF behind a depressing synapse (g_max = 400 nS)")
fig.tight_layout()
plt.show()
"""))
    c.append(md(r"""
---
## Summary

You built the perceptron (a weighted sum and an activation, instantaneous and stateless) and the LIF neuron (a
leaky integrator with a threshold, with state and time), integrated it with forward Euler and measured Euler's
error against the exact solution, and added synapses whose strength depends on their recent use. The
input/output curves show the difference the first notebook discussed: the perceptron's curve is chosen, the
neuron's emerges from its dynamics.

## Hand in

**Save the notebook** (Ctrl-S), then run the cell below: it lists each exercise check as the saved file shows it
(passed, failed with its message, or not run). The export carries your name and id from the "About you" cell
and the checks' results, and is written beside this notebook as `<notebook>_<your id>_answers.md`; checks that
do not pass yet are exported only when you say so (`incomplete=True`, or `neuroai export NOTEBOOK.ipynb
--incomplete` in a terminal).
"""))
    c.append(code(r"""
print(classroom.check(notebook_id="neuron-and-perceptron"))
# To hand in:
# classroom.export(notebook_id="neuron-and-perceptron", overwrite=True)   # or format="json"
"""))
    return notebook(c, "neuron-and-perceptron")


def notebook_03():
    """03: learning; its cells are in nb03_learning.py, next to this file."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("nb03_learning", HERE / "nb03_learning.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    c = mod.cells(md, code, answer, instructor=INSTRUCTOR)
    c.insert(1, about_you())
    return notebook(c, "learning")


def notebook_04():
    """04: coding; its cells are in nb04_coding.py, next to this file."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("nb04_coding", HERE / "nb04_coding.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    c = mod.cells(md, code, answer, instructor=INSTRUCTOR)
    c.insert(1, about_you())
    return notebook(c, "coding")


def notebook_05():
    """05: circuits; its cells are in nb05_circuits.py, next to this file."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("nb05_circuits", HERE / "nb05_circuits.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    c = mod.cells(md, code, answer)
    c.insert(1, about_you())
    return notebook(c, "circuits")


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
