# %% [markdown] id="cell-000"
# # Neural coding: rates, timing, populations, information and criticality
#
# ## Learning objectives
#
# By the end of this tutorial, you will be able to:
#
# - encode one stimulus three ways, as a firing **rate**, as the **timing** of a first spike and in the activity
#   of a **population**, and read each code back;
# - measure the variability of a code (the Fano factor) and the **information** a response carries about a
#   stimulus, in bits, and say why a plug-in estimate from few trials is too large;
# - **decode** a stimulus from population activity with a template-matching and a linear decoder on a seeded
#   train/test split, and look at the activity with **PCA**;
# - measure how **sparse** a code is (the Hoyer measure) and what a spike costs in energy;
# - simulate **neuronal avalanches** with a branching process and recognise the critical point $\sigma = 1$.
#
# ## Prerequisites
#
# The LIF neuron and Poisson spike trains of notebooks 01 and 02, and a little probability. Run each code cell
# with **Shift-Enter**; every simulation runs in `neuroai`'s C core.
#
# ## How the exercises and questions work
#
# Three exercises ask for a small function: replace `raise NotImplementedError` with your code and run the cell;
# the cell after it checks your function on many cases and tells you which one failed, and why (or
# `✓ all N cases pass`). Answer cells look like *"[Your answer here]"*: double-click one, write **2-4
# sentences**, press Shift-Enter, and **save the notebook** (Ctrl-S / Cmd-S). The last cell checks which
# questions and exercises are still open.
#
# Units throughout: time ms, current nA, rates Hz, information bits.

# %% id="cell-002"
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import analysis, classroom, exercises as ex, plot
from neuroai.course import scenarios
print("neuroai", neuroai.__version__)

# %% [markdown] id="cell-003"
# ---
# ## Part 1: One stimulus, three codes
#
# The stimulus is an **intensity** $s$ between 0 and 1 (think of the contrast of a light). We encode it three
# ways:
#
# 1. **Rate code.** One LIF neuron (the course's parameters: rheobase 1.5 nA) receives a current
#    $I = 1.6 + 1.4\,s$ nA plus noise (standard deviation 1 nA, a new value every 5 ms), for 500 ms. The
#    stimulus is read as the number of spikes per second.
# 2. **Timing code.** The same neuron, the same trials: the stimulus is read from the **latency** of the first
#    spike. A stronger current charges the membrane to threshold sooner.
# 3. **Population code.** Twelve neurons, each preferring one intensity $s_i$ (evenly spread from 0 to 1),
#    fire Poisson spikes at a rate given by a bell-shaped **tuning curve**
#    $r_i(s) = 5 + 40\, e^{-(s - s_i)^2 / (2 \cdot 0.15^2)}$ Hz, for 200 ms. The stimulus is read from the
#    pattern of activity across the population.

# %% id="cell-004"
intensities = np.linspace(0.0, 1.0, 6)
n_trials, dt = 20, 0.1
neuron = neuroai.LIFNeuron()                         # tau_m 20 ms, threshold 15 mV above rest, R 10 MOhm
rng = np.random.default_rng(4)



def noisy_current(s, duration, n):
    # (T, n) current [nA]: 1.6 + 1.4 s plus noise of SD 1 nA that takes a new value every 5 ms
    hold = int(5.0 / dt)
    noise = np.repeat(rng.standard_normal((int(duration / 5.0), n)), hold, axis=0)
    return 1.6 + 1.4 * s + 1.0 * noise


rate_code, latency_code, counts_by_s = [], [], []
for s in intensities:
    out = neuron.simulate(noisy_current(s, 500.0, n_trials), dt=dt).spikes   # one train per trial
    counts_by_s.append(out.counts())
    rate_code.append(neuroai.firing_rate(out))                     # Hz, one per trial
    latency_code.append(neuroai.first_spike_latency(out))          # ms, one per trial
rate_code, latency_code = np.array(rate_code), np.array(latency_code)

preferred = np.linspace(0.0, 1.0, 12)                # the population's preferred intensities


def tuning(s):
    # rate [Hz] of every neuron of the population for stimulus s
    return 5.0 + 40.0 * np.exp(-0.5 * ((s - preferred) / 0.15) ** 2)


pop_duration = 200.0
pop_trials = {s: [neuroai.poisson(tuning(s), pop_duration, seed=1000 * k + trial)
                  for trial in range(n_trials)] for k, s in enumerate(intensities)}
pop_rates = {s: analysis.population_vectors(tr, pop_duration) for s, tr in pop_trials.items()}

fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), layout="constrained")
for ax, code_, label in ((axes[0], rate_code, "rate [Hz] (500 ms)"),
                         (axes[1], latency_code, "first-spike latency [ms]")):
    ax.plot(intensities, code_, ".", color="0.6", markersize=4)
    ax.plot(intensities, code_.mean(axis=1), "o-", color="tab:blue")
    ax.set(xlabel="stimulus intensity s", ylabel=label)
axes[0].set_title("rate code")
axes[1].set_title("timing code")
for s, color in zip(intensities[[1, 3, 5]], ["tab:green", "tab:orange", "tab:red"]):
    axes[2].plot(preferred, pop_rates[s].mean(axis=0), "o-", color=color, label=f"s = {s:.1f}")
axes[2].set(xlabel="preferred intensity of the neuron", ylabel="rate [Hz] (mean of 20 trials)",
            title="population code")
axes[2].legend(frameon=False, fontsize=8)
plt.show()
print("mean rate [Hz]:   ", np.round(rate_code.mean(axis=1), 1))
print("mean latency [ms]:", np.round(latency_code.mean(axis=1), 1))

# %% [markdown] id="cell-005"
# Each grey dot is one trial. The rate grows with the intensity and the latency falls: both codes carry the
# stimulus, but the latency is known after the first spike (tens of ms) while the rate needs a window with many
# spikes. In the population the stimulus moves a **bump** of activity along the neurons; one spike train from
# every neuron, seen once, already says where the bump is.
#
# A raster of one population trial (the neurons in the order of their preferred intensity), with the population
# rate below it:

# %% id="cell-006"
plot.plot_raster(pop_trials[intensities[3]][0], bin_width=20.0, figsize=(8, 3.6),
                 title=f"population, one trial, s = {intensities[3]:.1f} (neuron i prefers s_i)")
plt.show()

# %% [markdown] id="cell-007"
# ### Exercise 1: a population-vector decoder
#
# The simplest read-out of a population is its **population vector** (Georgopoulos, A. P., Schwartz, A. B. &
# Kettner, R. E. (1986). Neuronal population coding of movement direction. *Science*, 233(4771), 1416-1419):
# every neuron votes for its preferred stimulus with a weight equal to its rate,
#
# $$\hat s = \frac{\sum_i r_i\, s_i}{\sum_i r_i}.$$
#
# (For a direction, the votes are vectors and the estimate is the direction of their sum; for an intensity the
# vector is a centre of mass.) Write `population_vector(rates, preferred)` returning $\hat s$ as a number;
# `rates` and `preferred` are arrays of the same length.

# %% id="cell-008"
def population_vector(rates, preferred):
    """The stimulus decoded from a population: the preferred stimuli of the
    neurons averaged with their rates [Hz] as weights."""
    raise NotImplementedError

# %% tags=["solution"]
def population_vector(rates, preferred):
    """The stimulus decoded from a population: the preferred stimuli of the
    neurons averaged with their rates [Hz] as weights."""
    rates = np.asarray(rates, dtype=float)
    return float(np.sum(rates * np.asarray(preferred, dtype=float)) / np.sum(rates))

# %% id="cell-009"
ex.check_population_vector(population_vector);

# %% id="cell-010"
try:
    decoded = {s: [population_vector(r, preferred) for r in pop_rates[s]] for s in intensities}
except NotImplementedError:
    decoded = None
    print("write population_vector above to see its estimates here")
if decoded is not None:
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for s in intensities:
        ax.plot(np.full(n_trials, s), decoded[s], ".", color="tab:purple", alpha=0.5)
    ax.plot([0, 1], [0, 1], "k:", label="perfect")
    ax.set(xlabel="true intensity s", ylabel="population-vector estimate",
           title="decoding 20 trials of 200 ms per stimulus")
    ax.legend(frameon=False)
    plt.show()
    print("mean estimate per stimulus:", np.round([np.mean(decoded[s]) for s in intensities], 2))

# %% [markdown] id="cell-011"
# The estimates scatter around the truth but are pulled toward the middle at the two ends: there the bump is cut
# off by the edge of the population and the baseline of 5 Hz of every neuron votes for the centre. A decoder that
# has learned the mean response to each intensity from training trials, and picks the intensity whose mean
# response is nearest (a **template decoder**, met again in Part 2), has no such bias:

# %% id="cell-012"
X_pop = np.vstack([pop_rates[s] for s in intensities])       # (120 trials, 12 neurons) rates [Hz]
y_pop = np.repeat(intensities, n_trials)
pop_decoding = analysis.decode_accuracy(X_pop, y_pop, "template", seed=0)   # 5 folds, seeded
print(f"template decoder, one of 6 intensities, 5-fold cross-validated: "
      f"{pop_decoding.accuracy:.0%} correct (chance {1 / len(intensities):.0%})")

# %% [markdown] id="cell-013"
# ### How reliable is a rate code? The Fano factor
#
# Repeat the same stimulus and count the spikes in each trial: the count varies. The **Fano factor**
# $F = \mathrm{Var}(n) / \langle n \rangle$ compares that variance with the mean: a Poisson process has
# $F = 1$; a clock-like neuron has $F$ near 0.

# %% [markdown] id="cell-014"
# ### Exercise 2: the Fano factor
#
# Write `fano_factor(counts)`: the variance of the counts of repeated trials divided by their mean (`np.var`
# divides by the number of trials, as the course does; the unbiased variance, `np.var(counts, ddof=1)`, is
# accepted too, and the check says which you used).

# %% id="cell-015"
def fano_factor(counts):
    """Variance / mean of the spike counts of repeated trials."""
    raise NotImplementedError

# %% tags=["solution"]
def fano_factor(counts):
    """Variance / mean of the spike counts of repeated trials."""
    counts = np.asarray(counts, dtype=float)
    return float(np.var(counts) / np.mean(counts))

# %% id="cell-016"
ex.check_fano_factor(fano_factor);

# %% id="cell-017"
lif_fano = [neuroai.fano_factor(counts=n, ddof=0) for n in counts_by_s]
poisson_counts = [analysis.population_vectors(pop_trials[s], pop_duration)[:, 6] * pop_duration / 1000
                  for s in intensities]                   # neuron 6 of the population, 20 trials
pop_fano = [neuroai.fano_factor(counts=n, ddof=0) for n in poisson_counts]
print("Fano factor of the LIF neuron's counts (500 ms):", np.round(lif_fano, 2))
print("Fano factor of a Poisson neuron's counts (200 ms):", np.round(pop_fano, 2))

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
axes[0].plot(intensities, lif_fano, "o-", label="LIF neuron, noisy current")
axes[0].plot(intensities, pop_fano, "s-", label="Poisson neuron")
axes[0].axhline(1.0, color="k", ls=":", lw=0.8)
axes[0].set(xlabel="stimulus intensity s", ylabel="Fano factor (20 trials)", ylim=(0, None),
            title="trial-to-trial variability of the count")
axes[0].legend(frameon=False)
lif_s1 = neuron.simulate(noisy_current(1.0, 2000.0, 1), dt=dt).spikes
plot.plot_isi_histogram(lif_s1, bins=30, ax=axes[1])     # its title gives the CV of the intervals
axes[1].set_title("LIF neuron at s = 1, 2 s: " + axes[1].get_title())
plt.show()

# %% [markdown] id="cell-018"
# The LIF neuron driven well above its rheobase is far more regular than a Poisson process: it integrates the
# noise and fires after a nearly fixed charging time, so its count varies little ($F \ll 1$) and its intervals
# cluster around their mean. The Poisson neurons' counts have $F \approx 1$ (20 trials give a noisy estimate).
# Cortical neurons *in vivo* typically show $F$ near 1 or above.

# %% [markdown] id="cell-019"
# **Question.** Compare the rate code and the timing code of Part 1: how long must a downstream neuron wait to read each, and what could make a latency code unreliable in a real brain (think of what sets the time zero)?
#
# #### Your response

# %% [markdown] id="answer-codes-1" neuroai={"id": "codes-1", "question": "Compare the rate code and the timing code of Part 1: how long must a downstream neuron wait to read each, and what could make a latency code unreliable in a real brain (think of what sets the time zero)?", "sentences": [2, 4]} tags=["answer", "answer:codes-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-021"
# ---
# ## Part 2: Information and decoding
#
# Now a classic decoding experiment: two stimuli, A and B, shown 50 times each for 1 s to 20 neurons. For A,
# neurons 0-9 fire at 20 Hz and neurons 10-19 at 15 Hz; for B the other way round. The difference, 5 spikes in
# a second, is about one standard deviation of a Poisson count ($\sqrt{20} \approx 4.5$ spikes): one trial of one
# neuron often gets it wrong.

# %% id="cell-022"
n_neurons, n_rep, duration = 20, 50, 1000.0
rates_A = np.where(np.arange(n_neurons) < 10, 20.0, 15.0)
rates_B = rates_A[::-1].copy()
trials = ([neuroai.poisson(rates_A, duration, seed=k) for k in range(n_rep)]
          + [neuroai.poisson(rates_B, duration, seed=10_000 + k) for k in range(n_rep)])
stimulus = np.array(["A"] * n_rep + ["B"] * n_rep)
X = analysis.population_vectors(trials, duration)     # (100 trials, 20 neurons) rates [Hz]
counts = np.rint(X * duration / 1000).astype(int)     # spike counts per trial and neuron
print(f"population vectors: {X.shape[0]} trials x {X.shape[1]} neurons; mean rate of neuron 0: "
      f"A {X[stimulus == 'A', 0].mean():.1f} Hz, B {X[stimulus == 'B', 0].mean():.1f} Hz")

# %% [markdown] id="cell-023"
# ### Entropy
#
# The **entropy** of a response is how uncertain it is before we look: with $p_i$ the probability of outcome
# $i$,
#
# $$H = -\sum_i p_i \log_2 p_i \quad \text{bits}.$$
#
# A fair coin has 1 bit, a fair four-sided die 2 bits, a certain outcome 0 (Shannon, C. E. (1948). A
# mathematical theory of communication. *Bell System Technical Journal*, 27(3), 379-423). From data we only have
# **counts** of outcomes and estimate $p_i = n_i / N$: the *plug-in* estimate.

# %% [markdown] id="cell-024"
# ### Exercise 3: entropy from counts
#
# Write `entropy_bits(counts)`: the plug-in entropy in bits of a histogram, where `counts[i]` is how often
# outcome `i` occurred. Outcomes that never occurred contribute nothing ($p \log p \to 0$ as $p \to 0$), so leave
# them out before taking the logarithm.

# %% id="cell-025"
def entropy_bits(counts):
    """Entropy [bits] of a histogram: counts[i] is how often outcome i occurred."""
    raise NotImplementedError

# %% tags=["solution"]
def entropy_bits(counts):
    """Entropy [bits] of a histogram: counts[i] is how often outcome i occurred."""
    counts = np.asarray(counts, dtype=float)
    p = counts[counts > 0] / counts.sum()
    return float(-np.sum(p * np.log2(p))) + 0.0

# %% id="cell-026"
ex.check_entropy_bits(entropy_bits);

# %% [markdown] id="cell-027"
# ### Mutual information, and why few trials overestimate it
#
# The **mutual information** between stimulus $S$ and response $R$ is how much seeing the response reduces the
# uncertainty about it: $I(S;R) = H(R) - \sum_s P(s)\, H(R \mid s)$, the entropy of all responses minus the mean
# entropy of the responses to one stimulus (the *noise*). With two equally likely stimuli it is at most 1 bit.
#
# `analysis.mutual_information` computes it from the trials, in C. Estimated from a finite number of trials the
# plug-in value is **biased upwards**: by chance the few responses to A and to B look a little different even
# when the neuron ignores the stimulus. Two corrections: **Miller-Madow** subtracts the first-order bias
# $(m - 1)/(2 N \ln 2)$ from each entropy ($m$ the number of observed outcomes, $N$ the trials); the **shuffle**
# correction subtracts the mean information of the same data with the stimulus labels shuffled (Panzeri, S.,
# Senatore, R., Montemurro, M. A. & Petersen, R. S. (2007). Correcting for the sampling bias problem in spike
# train information measures. *Journal of Neurophysiology*, 98(3), 1064-1072).

# %% id="cell-028"
print(f"entropy of neuron 0's count over all 100 trials: "
      f"{analysis.response_entropy(counts[:, 0]):.2f} bits")
for name, corr in (("plug-in", None), ("Miller-Madow", "miller-madow"), ("shuffle", "shuffle")):
    one = analysis.mutual_information(stimulus, counts[:, 0], correction=corr, seed=0)
    print(f"I(S; count of neuron 0), {name:>12}: {one:.3f} bits")

# the same estimates for a neuron that ignores the stimulus (17.5 Hz for A and B): the truth is 0
n_values = np.array([10, 20, 50, 100, 200, 500])
est = {name: [] for name in ("plug-in", "Miller-Madow", "shuffle")}
for n in n_values:
    silent = np.random.default_rng(n).poisson(17.5, size=(20, n))       # 20 repeats of n trials
    labels = np.arange(n) % 2
    for name, corr in (("plug-in", None), ("Miller-Madow", "miller-madow"), ("shuffle", "shuffle")):
        est[name].append(np.mean([analysis.mutual_information(labels, r, correction=corr,
                                                              n_shuffles=20, seed=1)
                                  for r in silent]))

fig, ax = plt.subplots(figsize=(6.5, 4))
for (name, v), style in zip(est.items(), ["o-", "s-", "^-"]):
    ax.plot(n_values, v, style, label=name)
ax.axhline(0.0, color="k", lw=0.8)
ax.set(xscale="log", xlabel="trials", ylabel="estimated I(S; R) [bits]",
       title="a neuron that ignores the stimulus: true information 0")
ax.legend(frameon=False)
plt.show()
print("plug-in at 10 and 500 trials:", np.round(np.array(est["plug-in"])[[0, -1]], 3), "bits")

# %% [markdown] id="cell-029"
# **Question.** Why does the plug-in estimate report information for a neuron that ignores the stimulus, and why does the bias shrink as the number of trials grows? What would happen to the bias if the response were the word of all 20 neurons' counts instead of one count?
#
# #### Your response

# %% [markdown] id="answer-info-1" neuroai={"id": "info-1", "question": "Why does the plug-in estimate report information for a neuron that ignores the stimulus, and why does the bias shrink as the number of trials grows? What would happen to the bias if the response were the word of all 20 neurons' counts instead of one count?", "sentences": [2, 4]} tags=["answer", "answer:info-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-031"
# ### Decoding: template matching and a linear decoder
#
# A single neuron carries a fraction of a bit here. The population carries much more, and a **decoder** shows it:
# from a trial's population vector, guess the stimulus.
#
# - **Template matching**: the template of a stimulus is the mean population vector of its training trials; a
#   test trial is decoded as the stimulus with the nearest template (`analysis.TemplateDecoder`).
# - **Linear decoder**: logistic regression learns one weight per neuron (`analysis.LinearDecoder`; it uses
#   scikit-learn when installed, else a small built-in fit of the same model).
#
# A decoder must be tested on trials it was **not** fitted on. We split the trials at random into 80 for
# training and 20 for testing, with a fixed seed so that the split, and the result, are the same every time.

# %% id="cell-032"
split = np.random.default_rng(2026).permutation(len(stimulus))    # a seeded shuffle of the 100 trials
train, test = split[:80], split[80:]

template = analysis.TemplateDecoder().fit(X[train], stimulus[train])
linear = analysis.LinearDecoder().fit(X[train], stimulus[train])
print(f"template matching: {template.score(X[test], stimulus[test]):.0%} of 20 test trials")
print(f"linear ({linear.backend_}):  {linear.score(X[test], stimulus[test]):.0%} of 20 test trials")

# every neuron alone, then the population: 5-fold cross-validated (seeded), all 100 trials
single = [analysis.decode_accuracy(X[:, [k]], stimulus, "template", seed=0).accuracy
          for k in range(n_neurons)]
population = analysis.decode_accuracy(X, stimulus, "template", seed=0).accuracy
print(f"5-fold cross-validated: population {population:.0%}, best single neuron {max(single):.0%}")

fig, axes = plt.subplots(1, 2, figsize=(12, 3.6), layout="constrained")
axes[0].bar(np.arange(n_neurons), np.array(single) * 100, color="tab:gray", label="one neuron")
axes[0].axhline(population * 100, color="tab:red", ls="--", label="all 20 neurons")
axes[0].axhline(50, color="k", ls=":", lw=0.8, label="chance")
axes[0].set(xlabel="neuron", ylabel="accuracy [%]", ylim=(0, 105),
            title="template decoder, cross-validated")
axes[0].legend(frameon=False, fontsize=8, loc="lower right")
axes[1].bar(np.arange(n_neurons), linear.coef_[0], color="tab:blue")
axes[1].set(xlabel="neuron", ylabel="weight [1/Hz]", title="linear decoder: weight of each neuron (for B)")
plt.show()

# %% [markdown] id="cell-033"
# ### PCA: a look at the population's activity
#
# Each trial is a point in a 20-dimensional space of rates. **Principal component analysis** finds the
# directions in which the points vary most; projecting on the first two gives a picture of the population's
# activity (`analysis.pca`, a singular value decomposition of the centred data).

# %% id="cell-034"
p = analysis.pca(X, n_components=2)
fig, ax = plt.subplots(figsize=(5.5, 4.5))
for s, color in (("A", "tab:blue"), ("B", "tab:orange")):
    ax.plot(*p.scores[stimulus == s].T, "o", color=color, alpha=0.7, label=f"stimulus {s}")
ax.set(xlabel=f"PC 1 ({p.explained_variance_ratio[0]:.0%} of the variance)",
       ylabel=f"PC 2 ({p.explained_variance_ratio[1]:.0%})", title="100 trials, 20 neurons")
ax.legend(loc="upper center", ncol=2, framealpha=0.9)
ax.margins(y=0.2)                                     # room for the legend above the points
plt.show()
print("PC 1 loadings (sign of each neuron):", np.sign(p.components[0]).astype(int))

# %% [markdown] id="cell-035"
# **Question.** Why does the population decode the stimulus better than its best neuron, and what do the linear decoder's weights and the first principal component tell you about how the information is spread across the neurons?
#
# #### Your response

# %% [markdown] id="answer-decode-1" neuroai={"id": "decode-1", "question": "Why does the population decode the stimulus better than its best neuron, and what do the linear decoder's weights and the first principal component tell you about how the information is spread across the neurons?", "sentences": [2, 4]} tags=["answer", "answer:decode-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-037"
# ---
# ## Part 3: Sparsity and energy
#
# In the code of Part 2 every neuron fires at 15-20 Hz on every trial: a **dense** code. Many brain areas
# instead use **sparse** codes, in which a few neurons fire and the rest are nearly silent. The **Hoyer
# measure** of a vector of activities $x$ with $n$ entries,
#
# $$\text{sparsity}(x) = \frac{\sqrt{n} - \|x\|_1 / \|x\|_2}{\sqrt{n} - 1},$$
#
# is 0 when every entry is equal and 1 when one entry alone is nonzero (Hoyer, P. O. (2004). Non-negative matrix
# factorization with sparseness constraints. *Journal of Machine Learning Research*, 5, 1457-1469). It is
# `neuroai.hoyer_sparsity`.

# %% id="cell-038"
print("one-hot:", neuroai.hoyer_sparsity([0, 0, 9, 0]), "| uniform:", neuroai.hoyer_sparsity([3, 3, 3, 3]))

# a sparse code for the same two stimuli: 2 of the 20 neurons fire at 40 Hz, the rest at 0.5 Hz
sparse_A = np.full(n_neurons, 0.5); sparse_A[[2, 7]] = 40.0
sparse_B = np.full(n_neurons, 0.5); sparse_B[[12, 17]] = 40.0
sparse_trials = ([neuroai.poisson(sparse_A, duration, seed=20_000 + k) for k in range(n_rep)]
                 + [neuroai.poisson(sparse_B, duration, seed=30_000 + k) for k in range(n_rep)])
X_sparse = analysis.population_vectors(sparse_trials, duration)

codes = {"dense (Part 2)": X, "sparse": X_sparse}
spikes_per_trial = {name: Xc.sum(axis=1).mean() * duration / 1000 for name, Xc in codes.items()}
for name, Xc in codes.items():
    acc = analysis.decode_accuracy(Xc, stimulus, "template", seed=0).accuracy
    print(f"{name:>15}: Hoyer sparsity {np.mean(neuroai.hoyer_sparsity(Xc)):.2f}, "
          f"{spikes_per_trial[name]:5.0f} spikes per trial, decoded {acc:.0%}")

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
for name, Xc in codes.items():
    axes[0].hist(neuroai.hoyer_sparsity(Xc), bins=20, range=(0, 1), alpha=0.7, label=name)
axes[0].set(xlabel="Hoyer sparsity of a trial's population vector", ylabel="trials",
            title="how sparse is each code?")
axes[0].legend(frameon=False)
plot.plot_energy_vs_rate(scenarios.brain_power(), ax=axes[1])
plt.show()

# %% [markdown] id="cell-039"
# The sparse code decodes the two stimuli at least as well with a fraction of the spikes. Spikes are what a
# brain pays for: the energy ledger of notebook 01 (*What is NeuroAI?*, Scenario 3, `neuroai.energy.Ledger`)
# prices an action potential and the transmitter releases at its synapses in ATP, and the right panel, from that
# ledger, shows that the brain's ~20 W budget affords a mean rate of only a few Hz over its 86 billion neurons.
# At that budget, a dense code in which every neuron fires at 15-20 Hz is not affordable for the whole brain;
# `neuroai.energy_vs_rate` gives the energy of any rate:

# %% id="cell-040"
for name, n_spikes in spikes_per_trial.items():
    mean_rate = n_spikes / n_neurons / (duration / 1000)
    joules = neuroai.energy_vs_rate([mean_rate], n_neurons=n_neurons, duration=duration,
                                    include_resting=False)[0]
    print(f"{name:>15}: mean rate {mean_rate:5.2f} Hz, signalling energy per trial {joules:.2e} J")
print(f"the brain's budget affords a mean rate of {neuroai.affordable_rate():.2f} Hz")

# %% [markdown] id="cell-041"
# **Question.** The sparse code used far fewer spikes for the same accuracy. What does a sparse code give up in exchange (think of a neuron that dies, or of many more than two stimuli), and where in artificial networks do we ask for sparsity on purpose?
#
# #### Your response

# %% [markdown] id="answer-sparse-1" neuroai={"id": "sparse-1", "question": "The sparse code used far fewer spikes for the same accuracy. What does a sparse code give up in exchange (think of a neuron that dies, or of many more than two stimuli), and where in artificial networks do we ask for sparsity on purpose?", "sentences": [2, 4]} tags=["answer", "answer:sparse-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-043"
# ---
# ## Part 4: Criticality and neuronal avalanches
#
# In slices of cortex, activity comes in bursts separated by silence: **neuronal avalanches**, whose sizes
# follow a power law (Beggs, J. M. & Plenz, D. (2003). Neuronal avalanches in neocortical circuits. *Journal of
# Neuroscience*, 23(35), 11167-11177). The simplest model is a **branching process**: one neuron fires; each
# firing neuron makes on average $\sigma$ others fire in the next step (a Poisson number with mean $\sigma$);
# the avalanche ends when none fires. Its **size** is the number of spikes in all.
#
# - $\sigma < 1$, **subcritical**: activity dies out. Each generation is $\sigma$ times the last, so the mean size
#   is $1 + \sigma + \sigma^2 + \dots = 1/(1 - \sigma)$.
# - $\sigma = 1$, **critical**: avalanches of every size, with $P(s) \propto s^{-3/2}$.
# - $\sigma > 1$, **supercritical**: a fraction of the avalanches never ends (here they are stopped at
#   100,000 spikes).
#
# `analysis.branching_avalanches(sigma, n, seed=...)` runs `n` avalanches in C.

# %% id="cell-044"
# 20,000 avalanches each; 2,000 at sigma = 1.2, where a third of them run to the cap of 100,000 spikes
n_aval = {0.8: 20_000, 1.0: 20_000, 1.2: 2_000}
aval = {sg: analysis.branching_avalanches(sg, n, max_size=100_000, seed=7) for sg, n in n_aval.items()}
sigmas = tuple(n_aval)

fig, ax = plt.subplots(figsize=(6.5, 4.5))
bins = np.unique(np.logspace(0, 5, 31).astype(int))            # logarithmic bins of sizes
for sg, color in zip(sigmas, ["tab:blue", "k", "tab:red"]):
    ended = aval[sg].sizes[aval[sg].sizes < 100_000]            # runaway avalanches left out
    counts_s, edges = np.histogram(ended, bins=bins)
    density = counts_s / np.diff(edges) / aval[sg].sizes.size
    keep = density > 0
    ax.loglog(edges[:-1][keep], density[keep], "o-", color=color, markersize=3, label=f"sigma = {sg}")
s = np.array([1.0, 1e4])
ax.loglog(s, 1.5 * s ** -1.5, "k:", label="slope -3/2")
ax.set(xlabel="avalanche size s [spikes]", ylabel="P(s)", title="avalanche sizes of a branching process")
ax.legend(frameon=False)
plt.show()

alpha = analysis.power_law_exponent(aval[1.0].sizes, s_min=10)
print(f"fitted exponent at sigma = 1 (sizes >= 10): {alpha:.2f} (theory 1.5)")
print(f"avalanches stopped at the cap: sigma = 1.2: {np.mean(aval[1.2].sizes >= 100_000):.0%}, "
      f"sigma = 1.0: {np.mean(aval[1.0].sizes >= 100_000):.2%}")

# %% [markdown] id="cell-045"
# At $\sigma = 1.2$ the avalanches that end are small, and about a third never end: the chance $q$ that an
# avalanche dies out solves $q = e^{\sigma (q - 1)}$, $q \approx 0.69$ (the runaway ones are left out of the plot).
# Below the critical point the measured mean size follows $1/(1 - \sigma)$, and grows without bound as
# $\sigma \to 1$.
#
# How varied are the avalanches? The **entropy** of the size distribution (in bits, from the counts of each
# size, with every avalanche of 1,000 spikes or more counted as one outcome, "runaway") is small when all
# avalanches are tiny ($\sigma$ small) and small again when most run away ($\sigma$ large): it peaks at the critical point.

# %% id="cell-046"
sub = np.array([0.2, 0.4, 0.6, 0.8, 0.9, 0.95])
mean_size = [analysis.branching_avalanches(sg, 20_000, seed=3).sizes.mean() for sg in sub]
for sg, m in zip(sub, mean_size):
    print(f"sigma = {sg:4.2f}: mean size {m:6.2f}, 1/(1 - sigma) = {1 / (1 - sg):6.2f}")

grid = np.round(np.arange(0.5, 1.51, 0.1), 2)
cap = 1_000
size_entropy = [analysis.entropy(np.bincount(np.minimum(     # sizes at the cap: one outcome
    analysis.branching_avalanches(sg, 5_000, max_size=cap, seed=5).sizes, cap))) for sg in grid]
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
axes[0].plot(sub, mean_size, "o", label="simulated (20,000 avalanches)")
fine = np.linspace(0.2, 0.95, 100)
axes[0].plot(fine, 1 / (1 - fine), "k-", lw=0.8, label="1 / (1 - sigma)")
axes[0].set(xlabel="branching ratio sigma", ylabel="mean avalanche size", title="subcritical")
axes[0].legend(frameon=False)
axes[1].plot(grid, size_entropy, "o-")
axes[1].axvline(1.0, color="k", ls=":", lw=0.8)
axes[1].set(xlabel="branching ratio sigma", ylabel="entropy of sizes [bits]",
            title="5,000 avalanches each; >= 1,000 spikes = one outcome")
plt.show()
print(f"the entropy of the sizes peaks at sigma = {grid[np.argmax(size_entropy)]:.1f}")

# %% [markdown] id="cell-047"
# A runaway avalanche is activity that never stops (an epileptic seizure is one picture of it). The critical
# point is the border between activity that dies out and activity that explodes, where responses of every size
# are possible and the repertoire of responses is richest: one reason it has been proposed as a good place for
# a network to work (Shew, W. L. & Plenz, D. (2013). The functional benefits of criticality in the cortex.
# *The Neuroscientist*, 19(1), 88-100).

# %% [markdown] id="cell-048"
# **Question.** Describe the avalanches for sigma < 1, sigma = 1 and sigma > 1. What does the mean size 1/(1 - sigma) say about how a network near the critical point responds to a single spike, and what could keep a real network near sigma = 1?
#
# #### Your response

# %% [markdown] id="answer-critical-1" neuroai={"id": "critical-1", "question": "Describe the avalanches for sigma < 1, sigma = 1 and sigma > 1. What does the mean size 1/(1 - sigma) say about how a network near the critical point responds to a single spike, and what could keep a real network near sigma = 1?", "sentences": [2, 4]} tags=["answer", "answer:critical-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-050"
# ---
# ## Summary
#
# - One stimulus can be carried by a **rate** (a count in a window), by **timing** (the latency of a first
#   spike) or by a **population** (a bump of activity, read with a population vector). Rates are robust and
#   slow; latencies are fast but need a reference time; populations are fast and robust, at the cost of many
#   neurons.
# - The **Fano factor** measures trial-to-trial variability of a count (1 for Poisson). **Entropy** and **mutual
#   information** measure uncertainty and information in bits; estimated from few trials they are biased, and
#   Miller-Madow or shuffle corrections remove most of the bias.
# - **Decoders** read a stimulus from population activity; tested on held-out trials (a seeded split), the
#   population beats its best neuron. **PCA** shows the direction along which the stimuli differ.
# - **Sparse** codes spend few spikes, and spikes are what the brain's energy budget is made of.
# - A **branching process** is subcritical, critical or supercritical as $\sigma <, =, > 1$; at the critical
#   point avalanche sizes follow a power law with exponent 3/2.
