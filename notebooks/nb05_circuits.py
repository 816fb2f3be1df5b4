# %% [markdown] id="cell-000"
# # Circuits: lateral inhibition and balanced networks
#
# ## Learning objectives
#
# By the end of this tutorial, you will be able to:
#
# - build a recurrent circuit of spiking neurons with `neuroai.Circuit`: populations, projections onto
#   excitatory and inhibitory receptors, a run;
# - explain how lateral inhibition exaggerates an edge (Mach bands), and why inhibition of the nearest
#   neighbours alone can instead break a uniform input into an alternating pattern;
# - recognise the *asynchronous irregular* state of a balanced excitatory/inhibitory network in its raster,
#   its population rate and the variability of its interspike intervals;
# - sweep a parameter over a grid with `neuroai.sweep` and read the results as a table.
#
# ## Prerequisites
#
# The LIF neuron and synapses of the previous notebooks. Run each code cell with **Shift-Enter**; every
# simulation runs in `neuroai`'s C core, the largest (4,000 neurons for one second) in well under a second.
#
# ## How to answer
#
# Answer cells look like *"[Your answer here]"*: double-click one, write **2-4 sentences**, press Shift-Enter,
# and **save the notebook** (Ctrl-S / Cmd-S). The last cell checks which questions are still open.
#
# Units throughout: time ms, voltage mV, current nA, resistance MΩ, rates Hz.

# %% id="cell-002"
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, plot
print("neuroai", neuroai.__version__)

# %% [markdown] id="cell-003"
# ---
# ## Part 1: Lateral inhibition on a line of neurons
#
# In the eye of the horseshoe crab *Limulus*, a lit photoreceptor unit fires less when its neighbours are lit
# too: each unit inhibits the units around it (Hartline, H. K. & Ratliff, F. (1957). Inhibitory interaction of
# receptor units in the eye of *Limulus*. *Journal of General Physiology*, 40(3), 357-376). The same
# arrangement is found in the retina, and it is one explanation of the **Mach bands**: at the border between a
# light and a dark surface we see a brighter stripe on the light side and a darker one on the dark side, though
# the light itself changes in a single step.
#
# As a rate model, neuron $i$ with direct input $X_i$ and output rate $r_i$ receives
#
# $$I_i = X_i - \sum_{j \ne i} w_{ij}\, r_j ,$$
#
# where $w_{ij} \ge 0$ is the strength of the inhibition from neuron $j$. Below, the neurons are LIF neurons
# (the course's parameters: threshold 15 mV above rest, $R$ = 10 MΩ, so the rheobase is 1.5 nA) on a line of
# 40. The input is a step in space: the left half is "bright" (3.0 nA), the right half "dark" (2.0 nA). Each
# spike of a neuron sends an inhibitory current (a jump of $-w$ nA decaying with $\tau$ = 10 ms) to its
# neighbours: either to the **nearest** ones only ($i \pm 1$), or, **wider**, to $i \pm 1$ with strength $w_1$
# and to $i \pm 2$ with $w_2 = 0.4\, w_1$.

# %% id="cell-004"
N_LINE = 40
EDGE = N_LINE // 2                                    # neurons 0..19 bright, 20..39 dark
x = np.where(np.arange(N_LINE) < EDGE, 3.0, 2.0)      # the step input [nA]


def lateral_weights(n, strengths):
    # (n, n) weights [nA], rows = presynaptic: -strengths[d - 1] onto each neuron d places away
    W = np.zeros((n, n))
    for d, w in enumerate(strengths, start=1):
        k = np.arange(n - d)
        W[k, k + d] = -w
        W[k + d, k] = -w
    return W


def run_line(strengths, duration=1000.0):
    # one line of LIF neurons with lateral inhibition; returns the circuit's result
    net = neuroai.Circuit(dt=0.1, seed=0)
    line = net.population(N_LINE, name="line", synapse="current",
                          receptors={"exc": 5.0, "inh": 10.0}, i_ext=x)
    if any(strengths):
        net.connect(line, line, receptor="inh", weights=lateral_weights(N_LINE, strengths))
    return net.run(duration)


fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), layout="constrained",
                         gridspec_kw={"width_ratios": [1.4, 1, 1]})
axes[0].step(np.arange(N_LINE), x, where="mid", color="tab:orange")
axes[0].set(xlabel="neuron", ylabel="input current [nA]", title="the step input", ylim=(0, 3.5))
for ax, (name, s) in zip(axes[1:], [("nearest: $w$ = 1.6 nA", (1.6,)),
                                    ("wider: $w_1$ = 1.2, $w_2$ = 0.48 nA", (1.2, 0.48))]):
    im = ax.imshow(lateral_weights(N_LINE, s)[:12, :12], cmap="Blues_r", vmin=-1.6, vmax=0)
    ax.set(title=name, xlabel="to neuron", ylabel="from neuron (first 12)")
fig.colorbar(im, ax=axes[1:], label="weight [nA]", shrink=0.9)
plt.show()

# %% [markdown] id="cell-005"
# Three circuits: no inhibition, nearest-neighbour inhibition ($w$ = 1.6 nA) and wider inhibition ($w_1$ = 1.2 nA,
# $w_2$ = 0.48 nA; chosen so that the bright interior fires at about the same rate in both). Each runs for one
# second; we plot each neuron's mean rate.

# %% id="cell-006"
configs = {"no inhibition": (0.0,), "nearest, w = 1.6": (1.6,), "wider, w1 = 1.2, w2 = 0.48": (1.2, 0.48)}
results = {name: run_line(s) for name, s in configs.items()}
rates = {name: res.rates("line") for name, res in results.items()}

fig, ax = plt.subplots(figsize=(10, 4))
for (name, r), style in zip(rates.items(), ["k:", "o-", "s-"]):
    ax.plot(np.arange(N_LINE), r, style, label=name, markersize=4)
ax.axvline(EDGE - 0.5, color="gray", lw=0.8)
ax.set(xlabel="neuron (bright | dark)", ylabel="rate [Hz]", title="rate along the line")
ax.legend(frameon=False)
plt.show()

for name, r in rates.items():
    bright, dark = np.median(r[5:15]), np.median(r[25:35])
    print(f"{name:>28}: bright interior {bright:5.1f} Hz, bright edge {r[EDGE - 1]:5.1f} Hz, "
          f"dark edge {r[EDGE]:5.1f} Hz, dark interior {dark:5.1f} Hz")

# %% [markdown] id="cell-007"
# Without inhibition each half fires at the rate of a lone neuron with its input (the f-I curve of
# notebook 02): the output is a copy of the step. With inhibition the edge stands out: the last bright neuron
# fires **faster** than the bright interior, the first dark neuron **slower** than the dark interior. These are
# the Mach bands of this circuit. The two ends of the line stand out for the same reason: they have a neighbour
# on one side only.
#
# Look at the dark half of the nearest-neighbour line, though: the rates alternate, high, low, high, low,
# instead of staying level. The raster shows how: every other neuron is (nearly) silenced.

# %% id="cell-008"
spk = results["nearest, w = 1.6"].spikes["line"]
plot.plot_raster(spk, bin_width=10.0, title="nearest-neighbour inhibition, w = 1.6 nA")
plt.show()

# %% [markdown] id="cell-009"
# Why does the uniform dark half not stay uniform? Suppose one neuron fires a little less than its neighbours.
# It then inhibits them less, so they fire more, and inhibit *it* more: the difference grows. With inhibition of
# the nearest neighbours only, the pattern that grows fastest is the one in which neighbours do the opposite of
# each other, a checkerboard in space (the eigenvector of the weight matrix with the most negative eigenvalue,
# $-2w$). It starts at the edge and at the end of the line, where the symmetry is already broken, and spreads
# inwards. Inhibition that also reaches the second neighbours changes the balance: in a checkerboard the second
# neighbours of a winner are winners too, so the winners now inhibit each other and the pattern gains much less.
# The most negative eigenvalue of the wider kernel is about $-1.4\,w_1$ (for $w_2 = 0.4\,w_1$), here -1.7 nA
# against -3.2 nA for the nearest-neighbour line, and the dark half stays level.

# %% [markdown] id="cell-010"
# **Question.** Why does the last neuron on the bright side of the edge fire faster than the neurons deep in the bright half, and the first neuron on the dark side slower than the dark interior?
#
# #### Your response

# %% [markdown] id="answer-lateral-1" neuroai={"id": "lateral-1", "question": "Why does the last neuron on the bright side of the edge fire faster than the neurons deep in the bright half, and the first neuron on the dark side slower than the dark interior?", "sentences": [2, 4]} tags=["answer", "answer:lateral-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-012"
# **Question.** With nearest-neighbour inhibition the dark half broke into an alternating pattern. Explain in your own words how a silenced neuron lets its neighbours fire, and why inhibition that also reaches the second neighbours prevents the pattern.
#
# #### Your response

# %% [markdown] id="answer-lateral-2" neuroai={"id": "lateral-2", "question": "With nearest-neighbour inhibition the dark half broke into an alternating pattern. Explain in your own words how a silenced neuron lets its neighbours fire, and why inhibition that also reaches the second neighbours prevents the pattern.", "sentences": [2, 4]} tags=["answer", "answer:lateral-2"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-014"
# ### A sweep over the strength of inhibition
#
# How strong must the inhibition be for the edge to stand out, and when does the nearest-neighbour line break up?
# `neuroai.sweep(fn, grid)` runs `fn(**point)` for every combination of the values in `grid` and returns one row
# per point, with the parameters and what `fn` returned (a pandas DataFrame when pandas is installed, else a
# small table; both give a column as `table["name"]`).
#
# We measure two numbers per circuit: the **edge contrast**, the rate of the last bright neuron over the bright
# interior's (1 without inhibition), and the **alternation** of the dark half, the mean difference between
# neighbours' rates relative to their mean (0 for a level half).

# %% id="cell-015"
def line_measures(kernel, w1):
    strengths = (w1,) if kernel == "nearest" else (w1, 0.4 * w1)
    r = run_line(strengths).rates("line")
    dark = r[EDGE + 2:N_LINE - 2]
    return {"edge_contrast": r[EDGE - 1] / np.median(r[5:15]),
            "alternation": np.mean(np.abs(np.diff(dark))) / max(np.mean(dark), 1e-9)}


table = neuroai.sweep(line_measures, {"kernel": ["nearest", "wider"],
                                      "w1": [0.0, 0.4, 0.8, 1.2, 1.6, 2.0]})
print(table)

kernel = np.asarray(table["kernel"])
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
for k, style in (("nearest", "o-"), ("wider", "s-")):
    sel = kernel == k
    w1 = np.asarray(table["w1"])[sel]
    ax1.plot(w1, np.asarray(table["edge_contrast"])[sel], style, label=k)
    ax2.plot(w1, np.asarray(table["alternation"])[sel], style, label=k)
ax1.set(xlabel="$w_1$ [nA]", ylabel="edge / interior rate", title="Mach band on the bright side")
ax2.set(xlabel="$w_1$ [nA]", ylabel="mean |r$_{i+1}$ - r$_i$| / mean r", title="alternation, dark half")
ax1.legend(frameon=False)
fig.tight_layout()
plt.show()

alt = {k: np.asarray(table["alternation"])[(kernel == k) & (np.asarray(table["w1"]) == 1.6)][0]
       for k in ("nearest", "wider")}
print(f"alternation of the dark half at w1 = 1.6 nA: nearest {alt['nearest']:.2f}, "
      f"wider {alt['wider']:.2f}")

# %% [markdown] id="cell-016"
# ---
# ## Part 2: A balanced network of excitation and inhibition
#
# Cortical neurons receive thousands of excitatory and inhibitory inputs, yet fire irregularly and at low rates.
# One explanation is **balance**: excitation and inhibition are both strong and cancel on average, so the
# membrane potential hovers below threshold and spikes are triggered by the fluctuations, at random-looking
# times (van Vreeswijk, C. & Sompolinsky, H. (1996). Chaos in neuronal networks with balanced excitatory and
# inhibitory activity. *Science*, 274(5293), 1724-1726; Brunel, N. (2000). Dynamics of sparsely connected
# networks of excitatory and inhibitory spiking neurons. *Journal of Computational Neuroscience*, 8(3),
# 183-208).
#
# The network below is the standard current-based benchmark of the field, **CUBA** (Vogels, T. P. & Abbott, L. F.
# (2005). Signal propagation and logic gating in networks of integrate-and-fire neurons. *Journal of
# Neuroscience*, 25(46), 10786-10795; benchmark 2 of Brette, R. et al. (2007). Simulation of networks of spiking
# neurons: a review of tools and strategies. *Journal of Computational Neuroscience*, 23(3), 349-398):
#
# | | |
# |---|---|
# | neurons | 4,000: 3,200 excitatory (E), 800 inhibitory (I) |
# | membrane | $\tau_m$ = 20 ms, $V_{rest}$ = -49 mV, threshold -50 mV, reset -60 mV, refractory 5 ms, $R$ = 1 MΩ |
# | connections | each ordered pair with probability 2 % (about 80 inputs per neuron), self-connections included |
# | synapses | excitatory: +1.62 nA, $\tau$ = 5 ms; inhibitory: -9 nA, $\tau$ = 10 ms |
# | start | $V$ uniform between reset and threshold; no external input |
#
# Note the resting potential: -49 mV is *above* the threshold, so each neuron on its own would fire regularly,
# like a clock. Whatever irregularity we see comes from the network.

# %% id="cell-017"
def cuba(wi=-9.0, we=1.62, n=4000, duration=1000.0, seed=1):
    # the CUBA network (Vogels & Abbott 2005); weights [nA] with R = 1 MOhm
    rng = np.random.default_rng(seed)
    net = neuroai.Circuit(dt=0.1, seed=seed)
    sizes = {"E": int(0.8 * n), "I": n - int(0.8 * n)}
    pops = {name: net.population(size, name=name, synapse="current",
                                 receptors={"exc": 5.0, "inh": 10.0},
                                 tau_m=20.0, v_rest=-49.0, v_reset=-60.0, v_threshold=-50.0,
                                 resistance=1.0, t_ref=5.0,
                                 v_init=rng.uniform(-60.0, -50.0, size))
            for name, size in sizes.items()}
    every_pair = neuroai.connectivity.fixed_probability(0.02)   # drawn in C from the circuit's seed
    for pre, receptor, w in (("E", "exc", we), ("I", "inh", wi)):
        for post in ("E", "I"):
            net.connect(pops[pre], pops[post], receptor=receptor, rule=every_pair, weight=w)
    return net.run(duration, rate_bin=1.0)


def regular_trains(spikes, min_spikes=5):
    # the trains with enough spikes for a CV of their intervals
    return [t for t in spikes.to_list() if len(t) >= min_spikes]


res = cuba()
E = res.spikes["E"]
shown = E.indices < 200                                # a raster of the first 200 E neurons
plot.plot_raster(neuroai.SpikeTrains(E.times[shown], E.indices[shown], n=200, duration=E.duration),
                 bin_width=5.0, title="CUBA: 200 of the 3,200 excitatory neurons")
plt.show()

cvs = neuroai.cv(regular_trains(E))
pop_counts = neuroai.psth(E, 1.0).counts               # E spikes per 1-ms bin, all 3,200 neurons
print(f"mean rate: E {np.mean(res.rates('E')):.1f} Hz, I {np.mean(res.rates('I')):.1f} Hz")
print(f"mean CV of the interspike intervals: {np.nanmean(cvs):.2f} ({len(cvs)} neurons with >= 5 spikes)")
print(f"Fano factor of the population count (1-ms bins): {neuroai.fano_factor(counts=pop_counts):.2f}")

fig, axes = plt.subplots(1, 3, figsize=(13, 3.5), layout="constrained",
                         gridspec_kw={"width_ratios": [2, 1, 1]})
axes[0].plot(res.rate_t, res.population_rate["E"], color="tab:blue", lw=0.8)
axes[0].set(xlabel="time [ms]", ylabel="rate [Hz]", title="population rate of all E neurons (1-ms bins)",
            ylim=(0, None))
axes[1].hist(res.rates("E"), bins=30, color="tab:blue")
axes[1].set(xlabel="rate [Hz]", ylabel="E neurons", title="rates")
axes[2].hist(cvs, bins=30, color="tab:green")
axes[2].axvline(1.0, color="k", ls=":", label="Poisson (CV = 1)")
axes[2].set(xlabel="CV of interspike intervals", ylabel="E neurons", title="irregularity")
axes[2].legend(frameon=False)
plt.show()

# %% [markdown] id="cell-018"
# Read the three numbers together:
#
# - **irregular**: the CV of the intervals is spread around 0.5 to 1 (a Poisson process has 1), far from the
#   clock-like CV of 0 a lone neuron would have;
# - **asynchronous**: the population rate fluctuates little around its mean. Had the neurons fired together,
#   the raster would show vertical stripes and the count in a 1-ms bin would swing far more than chance. For
#   independent Poisson neurons the Fano factor (variance / mean) of that count is 1; here it is a small
#   number, against hundreds for a synchronised network (see the sweep below);
# - **low rates**: about 6 Hz on average, many neurons nearly silent, far below the 1 / (refractory period)
#   = 200 Hz the neurons could reach.
#
# This is the **asynchronous irregular** state.

# %% [markdown] id="cell-019"
# **Question.** Each CUBA neuron on its own would fire like a clock (its resting potential is above threshold). What in the network makes its spikes irregular and its rate low?
#
# #### Your response

# %% [markdown] id="answer-balance-1" neuroai={"id": "balance-1", "question": "Each CUBA neuron on its own would fire like a clock (its resting potential is above threshold). What in the network makes its spikes irregular and its rate low?", "sentences": [2, 4]} tags=["answer", "answer:balance-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-021"
# ### Sweeping the strength of inhibition
#
# The balance needs inhibition strong enough to cancel excitation. Below, `neuroai.sweep` runs the whole
# network for each inhibitory weight and returns the three measures. (Each point is an independent simulation,
# so a sweep parallelises trivially: `neuroai.sweep(fn, grid, executor=...)` takes a
# `concurrent.futures.ProcessPoolExecutor`, for which `fn` must live in a `.py` file the workers can import, or a
# Dask client, which also sends functions defined in a notebook. Here it runs serially, one point after the
# other, with a progress line.)

# %% id="cell-022"
def cuba_measures(wi):
    res = cuba(wi=wi, duration=500.0)
    E = res.spikes["E"]
    return {"rate_E": float(np.mean(res.rates("E"))),
            "cv": float(np.nanmean(neuroai.cv(regular_trains(E)))),
            "population_fano": float(neuroai.fano_factor(counts=neuroai.psth(E, 1.0).counts))}


sweep_wi = neuroai.sweep(cuba_measures, {"wi": [-3.0, -4.5, -6.0, -7.5, -9.0, -12.0]})
print(sweep_wi)

wi = -np.asarray(sweep_wi["wi"])
fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
for ax, key, label in zip(axes, ["rate_E", "cv", "population_fano"],
                          ["mean E rate [Hz]", "mean CV of ISIs", "Fano factor of population count"]):
    ax.plot(wi, np.asarray(sweep_wi[key]), "o-")
    ax.set(xlabel="inhibitory weight |wi| [nA]", ylabel=label)
axes[2].set_yscale("log")
fig.suptitle("CUBA: from weak to strong inhibition (excitatory weight 1.62 nA)")
fig.tight_layout()
plt.show()

# %% [markdown] id="cell-023"
# **Question.** As inhibition weakens, what happens to the rate, the CV and the synchrony of the network, and why? What does this say about the role of inhibition in cortex?
#
# #### Your response

# %% [markdown] id="answer-balance-2" neuroai={"id": "balance-2", "question": "As inhibition weakens, what happens to the rate, the CV and the synchrony of the network, and why? What does this say about the role of inhibition in cortex?", "sentences": [2, 4]} tags=["answer", "answer:balance-2"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-025"
# **Question.** Both parts of this notebook used inhibition, once arranged in space along a line and once at random. Compare what inhibition computes in the two circuits.
#
# #### Your response

# %% [markdown] id="answer-circuits-1" neuroai={"id": "circuits-1", "question": "Both parts of this notebook used inhibition, once arranged in space along a line and once at random. Compare what inhibition computes in the two circuits.", "sentences": [2, 4]} tags=["answer", "answer:circuits-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-027"
# ---
# ## Summary
#
# - Lateral inhibition turns a step into a step with exaggerated edges (Mach bands): a neuron next to a dark
#   region is inhibited less than one surrounded by light. Inhibition of the nearest neighbours alone, when
#   strong, is unstable: a uniform region breaks into an alternating pattern. A wider kernel keeps it level up
#   to a much stronger inhibition.
# - A network of strongly coupled excitatory and inhibitory neurons settles in an asynchronous irregular state:
#   low rates, irregular intervals, a flat population rate. Weaken the inhibition and it fires faster, more
#   regularly and in synchrony.
# - `neuroai.Circuit` builds such networks from populations and projections; `neuroai.sweep` runs a function
#   over a parameter grid, serially or on any executor.
