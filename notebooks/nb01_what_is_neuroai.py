# %% [markdown] id="cell-000"
# # What is NeuroAI?
#
# ## Learning objectives
#
# By the end of this tutorial, you will be able to:
#
# - define NeuroAI and say why studying the intersection of neuroscience and AI matters;
# - identify key questions that NeuroAI uniquely addresses;
# - compare artificial neurons with biological neurons at a conceptual level, and see the differences in
#   live simulations;
# - form your own perspective on the relationship between brains and machines.
#
# ## Prerequisites
#
# Curiosity about brains and/or AI. No coding is required: run each code cell with **Shift-Enter** and read
# what it shows. The simulations run in `neuroai`'s C core, so every figure appears in a fraction of a second.
#
# ## How to answer
#
# Answer cells look like *"[Your answer here]"*. Double-click one, replace the placeholder with your answer,
# and press Shift-Enter to render it. Your answers are stored in this notebook file: **save it**
# (Ctrl-S / Cmd-S) and they survive a kernel restart. The last cell checks which questions are still open.

# %% id="cell-002"
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, interactive, plot
from neuroai.course import scenarios

print("neuroai", neuroai.__version__)

# %% [markdown] id="cell-003"
# ---
# ## Introduction
#
# **NeuroAI** sits at the intersection of neuroscience and artificial intelligence. It is more than the sum
# of two disciplines: it starts from the recognition that understanding intelligence needs insights from both.
#
# ### The core insight
#
# The brain is the only system we know of that shows general intelligence. Artificial neural networks, loosely
# inspired by the brain, have achieved remarkable feats in narrower domains. NeuroAI asks two questions:
#
# - **What can AI teach us about the brain?** Neural networks provide testable computational theories of brain
#   function.
# - **What can the brain teach us about AI?** Evolution has solved problems that AI still struggles with:
#   efficiency, generalisation, continual learning.
#
# The idea is not new. The history of AI is intertwined with neuroscience: the perceptron (Rosenblatt, 1958) was
# inspired by neurons, convolutional networks by the visual cortex, and attention mechanisms echo theories of
# selective attention.

# %% [markdown] id="cell-004"
# ---
# ## Part 1: Required reading
#
# Before forming your own views, engage with foundational ideas from researchers who shaped the field. Focus on
# the main arguments rather than the technical details.
#
# **Paper 1: Neuroscience as a source for AI advancements.**
# Zador, A. M., et al. (2023). Catalyzing next-generation Artificial Intelligence through NeuroAI.
# *Nature Communications*, 14, 1597. https://www.nature.com/articles/s41467-023-37180-x
#
# **Paper 2: Deep learning as a framework for neuroscience.**
# Richards, B. A., et al. (2019). A deep learning framework for neuroscience. *Nature Neuroscience*, 22(11),
# 1761-1770. https://www.nature.com/articles/s41593-019-0520-2
#
# Key questions while reading:
# 1. What do the authors mean by "normative" models?
# 2. How can deep learning help us understand *why* the brain works the way it does (not just *how*)?
# 3. What are the three components of their framework?
#
# **Paper 3: The limits of "pure" learning and the power of inductive bias.**
# Zador, A. M. (2019). A critique of pure learning and what artificial neural networks can learn from animal
# brains. *Nature Communications*, 10(1), 3770. https://www.nature.com/articles/s41467-019-11786-6
#
# Key questions while reading:
# 1. What does Zador mean by the "genomic bottleneck"?
# 2. How does evolution "compress" information into the genome?
# 3. What are the implications for how we should think about learning vs. innate structure in AI?
#
# **Optional reading.**
# Hassabis, D., Kumaran, D., Summerfield, C., & Botvinick, M. (2017). Neuroscience-inspired artificial
# intelligence. *Neuron*, 95(2), 245-258. https://www.sciencedirect.com/science/article/pii/S0896627317305093
#
# Key questions while reading:
# - What is the normative target, and what is merely implementation detail?
# - What concrete gaps in current AI are claimed to be addressable only (or best) via neuroscience, and what
#   would count as success?
# - What is the direction and granularity of explanation between brain and model?

# %% [markdown] id="cell-005"
# ---
# ## Part 2: Reflection questions
#
# After the readings, reflect on the following questions. **Write 2-4 sentences for each.** They do not have
# "right" answers: they help you articulate your own thinking.

# %% [markdown] id="cell-006"
# ### Question 1: Strengths and Weaknesses
#
# **What is one thing the brain does remarkably well that current AI struggles with?**
#
# #### Your response

# %% [markdown] id="answer-reflection-1" neuroai={"id": "reflection-1", "question": "What is one thing the brain does remarkably well that current AI struggles with?", "sentences": [2, 4]} tags=["answer", "answer:reflection-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-008"
# ### Question 2: AI as a Tool for Neuroscience
#
# **How might artificial neural networks help us understand the brain, even if they don't work exactly like the brain?**
#
# #### Your response

# %% [markdown] id="answer-reflection-2" neuroai={"id": "reflection-2", "question": "How might artificial neural networks help us understand the brain, even if they don't work exactly like the brain?", "sentences": [2, 4]} tags=["answer", "answer:reflection-2"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-010"
# ### Question 3: Nature vs. Nurture in AI
#
# **Zador argues that evolution has "pre-wired" much of what animals know. What might this imply for how we design AI systems?**
#
# #### Your response

# %% [markdown] id="answer-reflection-3" neuroai={"id": "reflection-3", "question": "Zador argues that evolution has \"pre-wired\" much of what animals know. What might this imply for how we design AI systems?", "sentences": [2, 4]} tags=["answer", "answer:reflection-3"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-012"
# ### Question 4: Personal Interest
#
# **What excites you most about NeuroAI? What question would you most like to see answered?**
#
# #### Your response

# %% [markdown] id="answer-reflection-4" neuroai={"id": "reflection-4", "question": "What excites you most about NeuroAI? What question would you most like to see answered?", "sentences": [2, 4]} tags=["answer", "answer:reflection-4"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-014"
# ---
# ## Part 3: Conceptual framework
#
# Both artificial and biological neurons can be understood through three stages:
#
# | Stage | Perceptron (artificial) | Biological neuron |
# |---|---|---|
# | **Input** | Vector of numbers $\mathbf{x}$ | Synaptic currents arriving at dendrites |
# | **Processing** | Weighted sum + activation function | Temporal integration of currents, membrane dynamics |
# | **Output** | Single number (interpreted as a "rate") | Sequence of discrete spikes over time |
#
# This simple table hides profound differences:
#
# 1. **Time**: perceptrons are instantaneous; biological neurons evolve over time.
# 2. **Communication**: perceptrons pass continuous values; biological neurons communicate with discrete events (spikes).
# 3. **State**: perceptrons are stateless; biological neurons have internal state (membrane potential, vesicle pools).
# 4. **Energy**: perceptrons do not model energy; biological neurons are constrained by metabolic cost.
#
# The cells below show each stage with a live simulation.

# %% [markdown] id="cell-015"
# ### Input: how information arrives
#
# **Perceptron**: a fixed-size vector of numbers (pixel intensities, word embeddings, ...), static, a snapshot.
#
# **Biological neuron**: input arrives through **synapses**. Each synapse responds to incoming **spikes**, has its
# own **strength** (like a weight), generates a **current** into the cell and can change with use
# (**short-term plasticity**: facilitation or depression). The input is a pattern of events in time.
#
# Below: the same five "inputs" as a perceptron sees them (five numbers) and as a neuron receives them (five
# Poisson spike trains whose rates are those numbers), and the conductance one synapse produces from one train.

# %% id="cell-016"
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

# %% [markdown] id="cell-017"
# ### Processing: what happens inside
#
# **Perceptron**: compute the weighted sum $z = \sum_i w_i x_i + b$, then apply an activation $y = f(z)$.
# It happens at once: given an input, you immediately get an output.
#
# **Biological neuron** (here the leaky integrate-and-fire model, LIF):
#
# 1. Synaptic currents change the **membrane potential** $V$.
# 2. The membrane acts like a leaky capacitor: $\tau_m \frac{dV}{dt} = -(V - V_{rest}) + R I$.
# 3. The potential integrates its input over time but also **leaks** back toward rest.
# 4. When $V$ crosses a **threshold**, the neuron fires a spike and $V$ is reset.
#
# The course's parameters: $\tau_m$ = 20 ms, $V_{rest}$ = -70 mV, $V_{reset}$ = -80 mV, threshold -55 mV,
# $R$ = 10 MΩ. A constant current must exceed the **rheobase** $(V_{th} - V_{rest})/R$ = 1.5 nA to make it fire.

# %% id="cell-018"
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

# %% [markdown] id="cell-019"
# Move the sliders (or, without widgets, look at the three settings drawn): below the rheobase the potential
# settles under threshold and the neuron stays silent however long you wait; above it, the neuron fires
# regularly, faster for larger currents and shorter $\tau_m$.

# %% id="cell-020"
interactive.lif_step();

# %% [markdown] id="cell-021"
# ### Output: how information is communicated
#
# **Perceptron**: one number, typically read as a "firing rate" or a probability, passed directly to the next
# layer.
#
# **Biological neuron**: **spikes**, brief (~1 ms) pulses travelling down the axon. Information can be carried by
# the **rate** (spikes per second), the **timing** (precisely *when* spikes occur) and **patterns** (bursts,
# pauses). Below, a noisy input current drives the LIF neuron; the same output can be read as a rate, as a
# first-spike latency or as a pattern of intervals.

# %% id="cell-022"
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

# %% [markdown] id="cell-023"
# The output is also shaped by **short-term plasticity** at the next synapse: **depression** (repeated firing
# depletes the vesicles, weakening the signal) and **facilitation** (calcium build-up transiently strengthens it).
# The same spike train can therefore have different effects depending on its recent history: Scenario 2 below
# shows this.

# %% [markdown] id="cell-024"
# ---
# ## Part 4: Thinking exercises
#
# Consider the following scenarios: how might each system handle them? Each comes with a simulation to try your
# ideas on, then a cell for your thoughts.

# %% [markdown] id="cell-025"
# ### Scenario 1: Detecting a flash vs. sustained light
#
# A neuron receives visual input. A brief flash of light and a sustained illumination deliver the **same total
# number of photons** over different time windows. We model the light as an input current: the brief flash is a
# strong current for a few milliseconds, the sustained light a weak current for 200 ms, with the same total charge
# (current × time, in nA·ms).
#
# **Think about:**
# - How would a perceptron (given a single input representing the total light) respond to these two cases?
# - How might a biological neuron (integrating over time, with leakage) respond differently?
# - What does this tell us about the importance of temporal dynamics?
#
# **Predict first.** Before running the next cells, write what you expect each model to do with the flash and
# with the sustained light (one or two sentences).

# %% [markdown] id="answer-scenario-1-prediction" neuroai={"id": "scenario-1-prediction", "question": "Before simulating: what will the perceptron and the LIF neuron do with a brief flash and a sustained light of equal total?", "sentences": [1, 4]} tags=["answer", "answer:scenario-1-prediction"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% id="cell-027"
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

# %% [markdown] id="cell-028"
# The perceptron cannot tell the two apart: its input is the same number. The LIF neuron can: the flash drives
# $V$ up faster than it leaks away and crosses threshold, while the sustained current of 0.3 nA can at most lift
# $V$ to $V_{rest} + R I$ = -67 mV, far below threshold: the same charge, spread thin, leaks away.
#
# **Where does each win?** Now keep the total fixed and vary the duration of the light. For a rectangular
# current of charge $Q$ and duration $w$ (amplitude $Q/w$), the peak potential is reached at the end of the pulse,
#
# $$V_{peak} = V_{rest} + R\,\frac{Q}{w}\left(1 - e^{-w/\tau_m}\right),$$
#
# so the neuron fires only if $Q \ge Q_{min}(w) = \dfrac{(V_{th} - V_{rest})\, w}{R\,(1 - e^{-w/\tau_m})}$. For
# brief flashes ($w \ll \tau_m$) this tends to $(V_{th} - V_{rest})\,\tau_m / R$ = 30 nA·ms: the membrane simply
# adds up the charge. For long ones it grows like $w \times$ rheobase: the leak wins. The sweep below runs all
# durations in one C call (one column per duration).

# %% id="cell-029"
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

# %% [markdown] id="cell-030"
# Read the sweep as a detection task. If the question is **"how many photons arrived in total?"**, the perceptron
# wins: its answer does not depend on how the light was spread in time, and the LIF neuron misses dim, long lights
# altogether. If the question is **"did something change suddenly?"** (a flash, an edge, an approaching object),
# the LIF neuron wins: it responds to brief, concentrated input and ignores slow drifts of the same size. The
# leak time constant $\tau_m$ sets the boundary: input spread over much more than $\tau_m$ is forgotten.
#
# Now vary the duration and the intensity yourself (each slider move is one C call):

# %% id="cell-031"
interactive.flash_vs_sustained();

# %% [markdown] id="cell-032"
# #### Your thoughts

# %% [markdown] id="answer-scenario-1" neuroai={"id": "scenario-1", "question": "Scenario 1: how do the perceptron and the biological neuron respond to a brief flash vs sustained light of equal total, and what does this tell us about temporal dynamics?"} tags=["answer", "answer:scenario-1"]
# _Double-click this cell to edit_
#
# [Your thoughts here]

# %% [markdown] id="cell-034"
# ### Scenario 2: Repeated stimulation
#
# A neuron receives rapid, repeated input from the same source.
#
# **Think about:**
# - A perceptron with fixed weights would give the same response each time. What might be limiting about this?
# - Biological synapses can show **depression** (weaken with repeated use) or **facilitation** (strengthen
#   temporarily). Why might this be useful computationally?
# - What kinds of computations might short-term plasticity enable that static weights cannot?
#
# The same regular 40 Hz train of 10 spikes goes through three synapses:
#
# - a **static** synapse (fixed weight: every spike adds $g_{max}$ = 1 nS);
# - a **depressing** synapse: each spike releases a fraction $u$ = 0.5 of the available resources $x$, which
#   recover with $\tau_{rec}$ = 200 ms;
# - a **facilitating** synapse: the release fraction $u$ starts at 0.1, grows by 30 % of the gap to 0.8 with
#   each spike and relaxes back with $\tau_{facil}$ = 100 ms.
#
# The **efficacy** of spike $n$ is the fraction of $g_{max}$ it delivers: $u x$ for the depressing synapse, $u$
# for the facilitating one, 1 for the static one.

# %% id="cell-035"
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

# %% [markdown] id="cell-036"
# A perceptron's weight is the static column: every input counts the same, whatever came before. The other two
# synapses make the response to spike $n$ depend on the history: they are filters in time. Three small
# examples of what this enables.
#
# **Onset detection (depression).** Below, 100 input neurons fire as Poisson trains at 10 Hz, then at 40 Hz from
# 1 s on. The summed conductance through static synapses steps up fourfold and stays there. Through depressing
# synapses it jumps at the change and then settles only a little above its old level: the synapse signals
# *that* the input changed, an onset, much more than the new sustained level.

# %% id="cell-037"
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

# %% [markdown] id="cell-038"
# **Gain control (depression).** At high rates the resources have no time to recover between spikes, so the
# efficacy per spike falls roughly as 1/rate and the steady-state conductance hardly depends on the rate any
# more. Abbott, Varela, Sen & Nelson (1997, Synaptic depression and cortical gain control, *Science* 275:220-224)
# showed that such synapses make the response sensitive to *relative* changes of rate (a step from 10 to 20 Hz
# and one from 40 to 80 Hz give similar transients) while the sustained level saturates: a form of automatic
# gain control.

# %% id="cell-039"
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

# %% [markdown] id="cell-040"
# **Burst detection (facilitation).** Twelve spikes arrive either as three bursts of four (5 ms apart) or as
# twelve isolated spikes (125 ms apart). A facilitating synapse transmits the later spikes of a burst much more
# strongly than isolated spikes, so a downstream neuron with a threshold responds to bursts and ignores isolated
# spikes. Below: the peak conductance for a burst relative to an isolated spike, for each synapse. (The static
# synapse's ratio comes only from the summation of conductances 5 ms apart.)

# %% id="cell-041"
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

# %% [markdown] id="cell-042"
# Explore the depressing synapse yourself: the rate of the train, the release fraction $u$ and the recovery time
# $\tau_{rec}$ (each slider move is one C call per synapse).

# %% id="cell-043"
interactive.short_term_plasticity();

# %% [markdown] id="cell-044"
# #### Your thoughts

# %% [markdown] id="answer-scenario-2" neuroai={"id": "scenario-2", "question": "Scenario 2: what is limiting about fixed weights under repeated stimulation, and what computations do depression and facilitation enable?"} tags=["answer", "answer:scenario-2"]
# _Double-click this cell to edit_
#
# [Your thoughts here]

# %% [markdown] id="cell-046"
# ### Scenario 3: Energy constraints
#
# The human brain consumes about 20 watts. A large language-model training run may draw megawatts.
#
# **Think about:**
# - What design choices might contribute to the brain's efficiency?
# - Spikes are sparse (neurons are often silent). How might sparsity contribute to efficiency?
# - What trade-offs might the brain make that AI systems currently don't?
#
# `neuroai.energy` counts the operations of a model and prices them with published energies per operation; every
# number carries its source and caveat. The task: 1,000 inputs drive 100 output units. A perceptron layer
# multiplies every input by every weight (100,000 multiply-accumulates), whatever the input. A spiking population
# pays only for spikes: if 10 % of the inputs fire one spike, that is 100 spikes × 100 targets = 10,000 synaptic
# events.

# %% id="cell-047"
from IPython.display import display

ledger = neuroai.compare_task(n_inputs=1000, n_neurons=100, active_fraction=0.1)
display(ledger)      # a table; each row's assumption and source are numbered notes below it
plot.plot_ledger(ledger, title="one input pattern, 1000 -> 100 units")
plt.show()

# %% [markdown] id="cell-048"
# Compare within a substrate first: on the same 45 nm chip (the "cmos" rows), the dense layer and the sparse
# events differ by the fraction of work done. Across substrates the numbers are not priced alike (read the
# caveats printed with each constant). Next, the energy as the activity becomes less sparse:

# %% id="cell-049"
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

# %% [markdown] id="cell-050"
# **What does 20 W buy 86 billion neurons?** The brain's ~86 billion neurons (Azevedo et al., 2009, *J. Comp.
# Neurol.* 513:532-541) run on about 20 W. With Attwell & Laughlin's energy budget (2001, *J. Cereb. Blood Flow
# Metab.* 21:1133-1145) for a spike and its synaptic releases, `affordable_rate` solves for the mean firing rate
# that the share of the 20 W spent on signalling (about three quarters; the rest is housekeeping) sustains after
# resting costs: in the figure, where the power line crosses the dashed budget line. Lennie (2003, *Curr. Biol.* 13:493-497) made this argument: only a
# small fraction of cortical neurons can be strongly active at any time.

# %% id="cell-051"
rate = neuroai.affordable_rate()                 # defaults: brain power and neuron count of the ledger
led = neuroai.Ledger()
print(f"{led['brain_power']:g} W for {led['brain_neurons']:.3g} neurons, "
      f"{led['signalling_fraction']:.0%} of it ({led['brain_power'] * led['signalling_fraction']:g} W) "
      f"for signalling -> mean rate {rate:.2f} Hz per neuron")
print(f"with the cheaper action potential (Alle et al. 2009): "
      f"{neuroai.affordable_rate(overrides={'atp_per_action_potential': led['atp_per_action_potential_low']}):.2f} Hz")
plot.plot_energy_vs_rate(scenarios.brain_power())      # power of 86e9 neurons vs their mean rate
plt.show()

# %% [markdown] id="cell-052"
# A mean rate of a few spikes per second is far below what a neuron can fire (hundreds of Hz): the brain's budget
# forces sparse activity. A dense network evaluates every unit on every input; a brain cannot afford to.

# %% [markdown] id="cell-053"
# #### Your thoughts

# %% [markdown] id="answer-scenario-3" neuroai={"id": "scenario-3", "question": "Scenario 3: what design choices make the brain efficient, how does sparsity help, and what trade-offs does the brain make that AI systems don't?"} tags=["answer", "answer:scenario-3"]
# _Double-click this cell to edit_
#
# [Your thoughts here]

# %% [markdown] id="cell-055"
# ---
# ## Part 5: Looking ahead
#
# The goal is not to declare one system "better" than the other, but to understand what each can teach us and how
# their differences might inspire new approaches to both neuroscience and AI. The next notebook,
# `02_neuron_and_perceptron.ipynb`, has you build the perceptron, the LIF neuron and the synapses yourself.
#
# ## Summary
#
# In this tutorial you engaged with:
#
# 1. **foundational papers** that frame the NeuroAI research programme;
# 2. **key questions** about what brains and AI systems can learn from each other;
# 3. **conceptual differences** between artificial and biological neurons, seen in simulations;
# 4. **thought experiments** about temporal dynamics, plasticity and efficiency.
#
# Key takeaways:
# - NeuroAI is bidirectional: AI informs neuroscience, and neuroscience inspires AI.
# - Artificial neurons are powerful abstractions but omit crucial biological details.
# - Time, spikes and plasticity are fundamental to biological computation.
# - Neither system is "better": they answer different questions under different constraints.
