# %% [markdown] id="cell-000"
# # Learning: spike timing, reward and memories
#
# ## Learning objectives
#
# By the end of this tutorial, you will be able to:
#
# - contrast the **perceptron's learning rule** (a teacher's error signal) with **spike-timing-dependent
#   plasticity** (STDP), a local rule that needs only the timing of the spikes on both sides of a synapse;
# - write the **STDP window** and predict, from it, what a **pairing protocol** does to a synapse, and why the
#   prediction breaks down when the spikes come fast;
# - watch a neuron with STDP synapses **pick out a repeating spike pattern** hidden in noise;
# - explain how a third factor, a **reward** signal, gates learning, and how an **eligibility trace** bridges
#   the delay between an action and its reward;
# - store patterns in a **Hopfield network**, recall one from a noisy cue while its **energy** falls, and say
#   how many patterns it can hold.
#
# ## Prerequisites
#
# The perceptron and the LIF neuron of notebooks 01 and 02, and spike trains. Run each code cell with
# **Shift-Enter**; every simulation runs in `neuroai`'s C core.
#
# ## How the exercises and questions work
#
# Two exercises ask for a small function: replace `raise NotImplementedError` with your code and run the cell;
# the cell after it checks your function on many cases against the C core and tells you which one failed, and
# why (or `✓ all N cases pass`). Answer cells look like *"[Your answer here]"*: double-click one, write **2-4
# sentences**, press Shift-Enter, and **save the notebook** (Ctrl-S / Cmd-S). The last cell checks which
# questions and exercises are still open.
#
# Units throughout: time ms, weights of the circuits nA, Hopfield states and weights dimensionless.

# %% id="cell-002"
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, exercises as ex, plot
print("neuroai", neuroai.__version__)

# %% [markdown] id="cell-003"
# ---
# ## Part 1: From the perceptron rule to spike timing
#
# In notebook 02 the perceptron learned with the rule $\Delta w_i = \eta\,(y_{target} - y)\,x_i$: a weight
# changes in proportion to its input and to an **error**, the difference between what a teacher wanted and what
# the unit did. A synapse in the brain has no teacher next to it. What it can sense is local: when its own
# presynaptic spike arrived, and when the postsynaptic neuron fired.
#
# Hebb's idea (1949) was that a synapse whose input helps to fire the cell should grow stronger. Experiments
# (Markram et al. 1997; Bi & Poo 1998) found that the **order** and the **delay** of the two spikes decide the
# change. With $\Delta t = t_{post} - t_{pre}$:
#
# $$\Delta w(\Delta t) = \begin{cases} +A_+\, e^{-\Delta t / \tau_+} & \Delta t > 0 \text{ (pre before post: potentiation, LTP)} \\
# -A_-\, e^{\Delta t / \tau_-} & \Delta t < 0 \text{ (post before pre: depression, LTD)} \\ 0 & \Delta t = 0 \end{cases}$$
#
# A presynaptic spike that comes just before the postsynaptic one *could have caused it*, and is rewarded; one
# that comes just after could not, and is punished. This is `neuroai.stdp_window`; the course uses
# $A_+ = A_- = 0.01$ and $\tau_+ = \tau_- = 20$ ms.

# %% id="cell-004"
delta_t = np.linspace(-100.0, 100.0, 401)                      # t_post - t_pre [ms]
course = neuroai.stdp_window(delta_t)                          # A+ = A- = 0.01, tau 20 ms
song = neuroai.stdp_window(delta_t, a_plus=0.005, a_minus=0.00525, tau_plus=16.8, tau_minus=33.7)

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.axhline(0, color="k", lw=0.6); ax.axvline(0, color="k", lw=0.6)
ax.fill_between(delta_t, course, where=delta_t > 0, color="tab:red", alpha=0.2, label="LTP (pre first)")
ax.fill_between(delta_t, course, where=delta_t < 0, color="tab:blue", alpha=0.2, label="LTD (post first)")
ax.plot(delta_t, course, "k", label="the course's window")
ax.plot(delta_t, song, "--", color="tab:purple", label="asymmetric (Bi & Poo fit)")
ax.set(xlabel="Delta t = t_post - t_pre [ms]", ylabel="weight change [1]", title="the STDP window")
ax.legend(frameon=False, fontsize=8, loc="lower right")
plt.show()
print("window at Delta t = +10, -10, 0 ms:", neuroai.stdp_window([10.0, -10.0, 0.0]))
step = delta_t[1] - delta_t[0]                                 # 0.5 ms
print(f"areas of the asymmetric window: LTP {song[delta_t > 0].sum() * step:.4f} ms, "
      f"LTD {song[delta_t < 0].sum() * step:.4f} ms")

# %% [markdown] id="cell-005"
# ### Exercise 1: the STDP window
#
# Write `stdp_window(delta_t, A_plus, A_minus, tau_plus, tau_minus)` for an array of $\Delta t$ [ms]. Mind the
# three cases (and $\Delta t = 0$), and return floats even when $\Delta t$ holds integers. The check compares
# your window with `neuroai.stdp_window` and with single pairings run in the C core's `LIFNeuronSTDP`.

# %% id="cell-006"
def stdp_window(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20.0, tau_minus=20.0):
    """The weight change of one pre/post pair, Delta t = t_post - t_pre [ms]
    (an array): A_plus exp(-Delta t / tau_plus) where Delta t > 0,
    -A_minus exp(Delta t / tau_minus) where Delta t < 0, 0 at Delta t = 0."""
    raise NotImplementedError

# %% tags=["solution"]
def stdp_window(delta_t, A_plus=0.01, A_minus=0.01, tau_plus=20.0, tau_minus=20.0):
    """The weight change of one pre/post pair, Delta t = t_post - t_pre [ms]
    (an array): A_plus exp(-Delta t / tau_plus) where Delta t > 0,
    -A_minus exp(Delta t / tau_minus) where Delta t < 0, 0 at Delta t = 0."""
    delta_t = np.asarray(delta_t, dtype=float)
    dw = np.zeros_like(delta_t)
    ltp, ltd = delta_t > 0, delta_t < 0
    dw[ltp] = A_plus * np.exp(-delta_t[ltp] / tau_plus)
    dw[ltd] = -A_minus * np.exp(delta_t[ltd] / tau_minus)
    return dw

# %% id="cell-007"
ex.check_stdp_window(stdp_window);

# %% [markdown] id="cell-008"
# **Question.** The perceptron's rule needs a target output; the STDP window needs only two spike times. What does each rule 'know', and which of them could a single synapse carry out by itself? Why does the asymmetric window (LTD's area larger than LTP's) matter for inputs that fire at random, unrelated to the neuron?
#
# #### Your response

# %% [markdown] id="answer-window-1" neuroai={"id": "window-1", "question": "The perceptron's rule needs a target output; the STDP window needs only two spike times. What does each rule 'know', and which of them could a single synapse carry out by itself? Why does the asymmetric window (LTD's area larger than LTP's) matter for inputs that fire at random, unrelated to the neuron?", "sentences": [2, 4]} tags=["answer", "answer:window-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-010"
# ---
# ## Part 2: A pairing protocol on a plastic projection
#
# Experimenters measure the window with a **pairing protocol**: stimulate the presynaptic axon, make the
# postsynaptic cell fire $\Delta t$ later, repeat $n$ times, and measure the synapse before and after. We do the
# same with a `neuroai.Circuit`: one neuron, a presynaptic spike source connected through a projection with
# `plasticity=neuroai.STDP(...)`, and a strong "driver" input that makes the neuron fire exactly when we say.
#
# `neuroai.STDP` uses NEST's parameters: a weight $w$ in $[0, w_{max}]$, step $\lambda$, depression factor
# $\alpha$. Its additive form ($\mu = 0$) changes the weight, for one isolated pair, by
# $\lambda w_{max} e^{-|\Delta t|/\tau_+}$ (or $-\alpha \lambda w_{max} e^{-|\Delta t|/\tau_-}$): the window, with
# $A = \lambda w_{max}$. The projection's delay $d$ (0.1 ms here) is *dendritic*: the postsynaptic spike
# reaches the synapse $d$ after it is fired, so the synapse sees $\Delta t + d$. With pairings 1 s apart the
# pairs do not interact, and $n$ of them change the weight by $n A e^{-|\Delta t + d|/\tau}$.

# %% id="cell-011"
dt, d = 0.1, 0.1                  # time step and the plastic projection's (dendritic) delay [ms]
w_max, lam, w0 = 0.1, 0.01, 0.05  # [nA], [1], [nA]: far below threshold, the driver fires the neuron


def pairing(delta_t, n, period, rule, record_every=10):
    # n pre spikes `period` ms apart, each followed (or preceded) by a post spike delta_t later
    net = neuroai.Circuit(dt=dt)
    post = net.population(1, name="post", receptors={"exc": 5.0, "drive": 0.05}, t_ref=2.0,
                          v_reset=-70.0)
    t_pre = np.round((100.0 + period * np.arange(n)) / dt) * dt
    t_post = np.round((t_pre + delta_t) / dt) * dt
    pre = net.spike_source([t_pre], name="pre")
    driver = net.spike_source([t_post], name="driver")
    net.connect(driver, post, "drive", weights=[[2000.0]], delay=0.0)     # fires post in its step
    net.connect(pre, post, "exc", weights=[[w0]], delay=d, plasticity=rule, name="stdp")
    res = net.run(100.0 + period * n + 50.0, record_weights=True, record_every=record_every)
    assert np.allclose(res.spikes["post"].times, t_post)                  # the protocol worked
    return res


n, A, tau = 20, lam * w_max, 20.0
additive = neuroai.STDP(w_max=w_max, lambda_=lam, alpha=1.0, tau_plus=tau, tau_minus=tau)
fig, ax = plt.subplots(figsize=(8, 3.5))
for delta_t, color in ((10.0, "tab:red"), (-10.0, "tab:blue")):
    res = pairing(delta_t, n, 1000.0, additive)
    change = res.weights["stdp"][0] - w0
    s = delta_t + d
    closed = np.sign(s) * n * A * np.exp(-abs(s) / tau)
    print(f"{n} pairings at Delta t = {delta_t:+.0f} ms: weight change {change:+.6f} nA, "
          f"closed form n A exp(-|Delta t + d| / tau) = {closed:+.6f} nA")
    ax.plot(res.t_trace / 1000, res.weight_trace["stdp"][:, 0], color=color,
            label=f"Delta t = {delta_t:+.0f} ms")
ax.set(xlabel="time [s]", ylabel="weight [nA]", title=f"{n} pairings, one every second")
ax.legend(frameon=False)
plt.show()

# %% [markdown] id="cell-012"
# Each pairing moves the weight one step; the steps add up. That holds while the pairings are far apart. When
# they come fast, a presynaptic spike also pairs with the postsynaptic spike of the *previous* pairing, which
# came before it: depression. How many spikes a spike pairs with is a modelling choice. **All-to-all**
# (NEST's `stdp_synapse`) pairs every pre spike with every post spike through exponential traces;
# **nearest-neighbour** (`pairing="nearest"`) pairs each spike only with the nearest preceding one of the other
# side. Below, 30 pairings at $\Delta t = +6$ ms, repeated at rising frequency.

# %% id="cell-013"
freqs = np.array([1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0])       # pairings per second [Hz]
n_pair, D = 30, 6.0 + d
per_pairing = {}
for scheme in ("all_to_all", "nearest"):
    rule = neuroai.STDP(w_max=w_max, lambda_=lam, tau_plus=tau, tau_minus=tau, pairing=scheme)
    per_pairing[scheme] = np.array([(pairing(6.0, n_pair, 1000.0 / f, rule, record_every=1000)
                                     .weights["stdp"][0] - w0) / n_pair for f in freqs])

# nearest neighbour, closed form: each pairing gains A e^{-D/tau}; all but the first also lose
# A e^{-(T - D)/tau} (the pre spike meets the previous post spike T - D before it)
T = 1000.0 / freqs
nn_closed = A * (np.exp(-D / tau) - (n_pair - 1) / n_pair * np.exp(-(T - D) / tau))
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(freqs, per_pairing["all_to_all"] / A, "o-", label="all-to-all")
ax.plot(freqs, per_pairing["nearest"] / A, "s-", label="nearest neighbour")
ax.plot(freqs, nn_closed / A, "k:", label="nearest, closed form")
ax.axhline(np.exp(-D / tau), color="0.5", ls="--", lw=0.8, label="isolated pair")
ax.set(xlabel="pairing frequency [Hz]", ylabel="change per pairing / A [1]",
       title="pairings at Delta t = +6 ms")
ax.legend(frameon=False, fontsize=8)
plt.show()
for f, a2a, nn, cf in zip(freqs, per_pairing["all_to_all"], per_pairing["nearest"], nn_closed):
    print(f"{f:4.0f} Hz: per pairing all-to-all {a2a:.3e} nA, nearest {nn:.3e} nA "
          f"(closed form {cf:.3e})")

# %% [markdown] id="cell-014"
# **Question.** In notebook 01's 'Repeated stimulation' scenario a 40 Hz train went through depressing and facilitating synapses, whose strength changed with use and recovered within a second or so. How is the change left by repeated pairings here different (what does it depend on, and how long does it last), and why does the result at high frequency depend on which spikes are paired?
#
# #### Your response

# %% [markdown] id="answer-pairing-1" neuroai={"id": "pairing-1", "question": "In notebook 01's 'Repeated stimulation' scenario a 40 Hz train went through depressing and facilitating synapses, whose strength changed with use and recovered within a second or so. How is the change left by repeated pairings here different (what does it depend on, and how long does it last), and why does the result at high frequency depend on which spikes are paired?", "sentences": [2, 4]} tags=["answer", "answer:pairing-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-016"
# ---
# ## Part 3: STDP finds a pattern hidden in noise
#
# Masquelier, Guyonneau & Thorpe (2008, *PLoS ONE* 3(1): e1377) showed that a single neuron with STDP synapses
# learns to respond to a spike pattern that repeats at random times in its input, although nothing tells it
# that the pattern exists. We use the course's version (`neuroai.frozen_pattern_input` and
# `neuroai.LIFNeuronSTDP`, its neuron with the course's rule $A_+ = 0.01 < A_- = 0.012$, in C):
#
# - 100 inputs fire Poisson spikes at 10 Hz for 30 s;
# - every 200-300 ms, half of them (50 inputs) replay the same 20-ms pattern, drawn once at 80 Hz (a "frozen"
#   pattern); the other half go on firing at random;
# - the neuron (threshold -55 mV) starts with random weights between 0.1 and 0.5.
#
# A pattern input fires at the same moment of every presentation. If the neuron fires in the pattern, the
# inputs that fire just before are potentiated every time; random inputs are paired at random times and, with
# $A_- > A_+$, lose on average.

# %% id="cell-017"
inp = neuroai.frozen_pattern_input(100, 30_000.0, pattern_duration=20.0, rate=10.0, seed=0,
                                   pattern_rate=80.0, pattern_fraction=0.5)
neuron = neuroai.LIFNeuronSTDP(100, v_thresh=-55.0, seed=100)
res = neuron.simulate(inp)                        # 30,000 steps of 1 ms
w_start, w_end = neuron.initial_weights, res.final_weights
pat, other = inp.pattern_indices, inp.non_pattern_indices
spikes = np.asarray(res.output_spikes)           # the steps [ms] at which the neuron fired
in_pattern = inp.in_pattern()[spikes]
onsets = np.asarray(inp.pattern_times)
latest = np.searchsorted(onsets, spikes, side="right") - 1
latency = spikes - onsets[latest]                 # ms after the onset of the latest presentation
grown = np.flatnonzero(w_end > 0.6)              # every initial weight is below 0.5
print(f"{spikes.size} output spikes for {onsets.size} presentations; "
      f"{in_pattern.mean():.0%} of them inside a presentation")
print(f"inputs whose weight grew above 0.6: {grown.size}, all pattern inputs: "
      f"{set(grown) <= set(pat)}")
first, last = latency[in_pattern][:10].mean(), latency[in_pattern][-10:].mean()
print(f"latency after the pattern's onset: first 10 responses {first:.1f} ms, last 10 {last:.1f} ms")
first_spike = np.argmax(inp.template[:, pat], axis=0)    # each pattern input's first spike [ms]
early, late = pat[first_spike < last], pat[first_spike >= last]
for name, k in (("early pattern inputs (first spike before the latency)", early),
                ("later pattern inputs", late), ("other inputs", other)):
    print(f"mean weight change, {name:>54}: {np.mean(w_end[k] - w_start[k]):+.3f} ({k.size} inputs)")
print(f"largest weight of the other inputs: {w_end[other].max():.3f}")

# %% id="cell-018"
fig, axes = plt.subplots(2, 2, figsize=(12, 7), layout="constrained")
ax = axes[0, 0]                                   # the input of the first second
window = inp.spikes[:1000]
for t0 in onsets[onsets < 1000]:
    ax.axvspan(t0, t0 + inp.pattern_duration, color="tab:orange", alpha=0.25, lw=0)
for k, color in ((pat, "tab:orange"), (other, "0.4")):
    t, i = np.nonzero(window[:, k])
    ax.plot(t, k[i], "|", color=color, markersize=3)
ax.plot(spikes[spikes < 1000], np.full((spikes < 1000).sum(), 102), "v", color="k")
ax.set(xlabel="time [ms]", ylabel="input", title="first second: pattern inputs (orange), output (v)")
ax = axes[0, 1]                                   # the weights over time
tw = res.record_steps * res.dt / 1000
ax.plot(tw, res.weights[:, other], color="0.7", lw=0.5)
ax.plot(tw, res.weights[:, pat], color="tab:orange", lw=0.5, alpha=0.6)
ax.plot(tw, res.weights[:, early].mean(axis=1), color="tab:red", lw=2, label="mean, early pattern inputs")
ax.plot(tw, res.weights[:, late].mean(axis=1), color="tab:brown", lw=2, label="mean, later pattern inputs")
ax.plot(tw, res.weights[:, other].mean(axis=1), color="k", lw=2, label="mean, other inputs")
ax.set(xlabel="time [s]", ylabel="weight [1]", title="weights: pattern (orange) vs other (grey)")
ax.legend(frameon=False, fontsize=8)
ax = axes[1, 0]                                   # when the neuron fires in the pattern
ax.plot(spikes / 1000, np.where(in_pattern, latency, np.nan), "o", markersize=3)
ax.axhspan(0, inp.pattern_duration, color="tab:orange", alpha=0.15, lw=0)
ax.set(xlabel="time of the output spike [s]", ylabel="ms after the pattern's onset",
       title="output spikes inside a presentation", ylim=(-1, inp.pattern_duration + 1))
ax = axes[1, 1]                                   # which pattern inputs won
ax.plot(first_spike, w_end[pat], "o", color="tab:orange")
ax.axvline(last, color="k", ls=":", label="the neuron's latency (last 10 responses)")
ax.set(xlabel="first spike of the input in the pattern [ms]", ylabel="final weight [1]",
       title="pattern inputs: early ones win")
ax.legend(frameon=False, fontsize=8)
plt.show()

# %% [markdown] id="cell-019"
# Not every pattern input grows: the ones that fire in the first milliseconds of the pattern, *before* the
# neuron's spike, are potentiated at every presentation, and the ones that fire after it are depressed. As the
# early inputs grow, the neuron reaches threshold sooner: its latency shortens, and the potentiated inputs are
# pushed towards the start of the pattern (Masquelier et al. saw the same). The random inputs drift down.

# %% [markdown] id="cell-020"
# **Question.** Nothing told the neuron which inputs carried the pattern. What in the STDP rule and in the input made it learn the pattern anyway, and why did the neuron's latency shrink over the presentations? What would happen with A_+ > A_-?
#
# #### Your response

# %% [markdown] id="answer-pattern-1" neuroai={"id": "pattern-1", "question": "Nothing told the neuron which inputs carried the pattern. What in the STDP rule and in the input made it learn the pattern anyway, and why did the neuron's latency shrink over the presentations? What would happen with A_+ > A_-?", "sentences": [2, 4]} tags=["answer", "answer:pattern-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-022"
# ---
# ## Part 4: Reward-gated learning
#
# STDP learns what is *repeated*, not what is *useful*. The perceptron's rule had an error signal; the brain
# has neuromodulators such as **dopamine**, released when an outcome is better than expected. In
# **three-factor** learning (Izhikevich 2007, *Cerebral Cortex* 17: 2443; NEST's `stdp_dopamine_synapse`,
# here `neuroai.RewardSTDP`) a pairing does not change the weight. It changes an **eligibility trace** $c$,
# by the STDP window ($+a_+ e^{-\Delta t/\tau_+}$ here), which then decays with $\tau_c$. The weight follows
# $dw/dt = c\,(n - b)$, with $n$ the dopamine concentration: each spike of a dopamine spike source adds
# $1/\tau_n$, which decays with $\tau_n$. No dopamine, no change.
#
# A reward $T_r$ after the pairing (at $t_a$, $b = 0$) then changes the weight by
#
# $$\Delta w = \frac{c_0\, e^{-(T_r - t_a)/\tau_c}}{\tau_n} \cdot \frac{1 - e^{-s (T_{end} - T_r)}}{s},
# \qquad s = \frac{1}{\tau_c} + \frac{1}{\tau_n}:$$
#
# the later the reward, the less of the trace is left. One pairing at $\Delta t = +10$ ms, and a reward at
# different delays:

# %% id="cell-023"
tau_c, tau_n, a_plus, t_end = 1000.0, 200.0, 0.05, 4000.0     # [ms], [ms], [1], [ms]


def rewarded_pairing(reward_at):
    net = neuroai.Circuit(dt=dt)
    post = net.population(1, name="post", receptors={"exc": 5.0, "drive": 0.05}, t_ref=2.0,
                          v_reset=-70.0)
    pre = net.spike_source([np.array([100.0])], name="pre")
    driver = net.spike_source([np.array([110.0])], name="driver")
    dopamine = net.spike_source([np.array([] if reward_at is None else [reward_at])],
                                name="dopamine")
    net.connect(driver, post, "drive", weights=[[2000.0]], delay=0.0)
    rule = neuroai.RewardSTDP(w_max=w_max, modulator=dopamine, a_plus=a_plus, a_minus=0.06,
                              tau_c=tau_c, tau_n=tau_n)
    net.connect(pre, post, "exc", weights=[[w0]], delay=d, plasticity=rule, name="rstdp")
    return net.run(t_end, record_weights=True, record_every=10)


t_a = 110.0 + d                                    # the post spike reaches the synapse
c0 = a_plus * np.exp(-(t_a - 100.0) / tau)         # the eligibility the pair leaves
s = 1 / tau_c + 1 / tau_n
fig, ax = plt.subplots(figsize=(8, 3.8))
for reward_at in (None, 150.0, 1100.0, 3100.0):
    res = rewarded_pairing(reward_at)
    change = res.weights["rstdp"][0] - w0
    if reward_at is None:
        label = "no reward"
        print(f"no reward: weight change {change:.6f} nA")
    else:
        label = f"reward {reward_at - t_a:.0f} ms after the pairing"
        closed = c0 * np.exp(-(reward_at - t_a) / tau_c) / tau_n * (1 - np.exp(-s * (t_end - reward_at))) / s
        print(f"reward at {reward_at:6.0f} ms: weight change {change:.6f} nA, closed form {closed:.6f} nA")
    ax.plot(res.t_trace / 1000, res.weight_trace["rstdp"][:, 0], label=label)
ax.set(xlabel="time [s]", ylabel="weight [nA]", title="one pairing at 0.1 s, dopamine later")
ax.legend(frameon=False, fontsize=8)
plt.show()

# %% [markdown] id="cell-024"
# **Question.** Without dopamine the pairing left the weight unchanged; with it, the change shrank the longer the reward came after the pairing. How does the eligibility trace solve the problem of a reward that arrives seconds after the spikes that earned it, and how is the dopamine signal like (and unlike) the perceptron's error term?
#
# #### Your response

# %% [markdown] id="answer-reward-1" neuroai={"id": "reward-1", "question": "Without dopamine the pairing left the weight unchanged; with it, the change shrank the longer the reward came after the pairing. How does the eligibility trace solve the problem of a reward that arrives seconds after the spikes that earned it, and how is the dopamine signal like (and unlike) the perceptron's error term?", "sentences": [2, 4]} tags=["answer", "answer:reward-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-026"
# ---
# ## Part 5: A Hopfield memory
#
# STDP and reward shape what a neuron responds to. A **Hopfield network** (Hopfield 1982) shows how a
# recurrent network can *store* patterns and complete them from a fragment. Its $N$ units are binary, $s_i =
# \pm 1$; the weights are Hebbian, $W = P^T P / N$ for patterns $P$ (one per row) with a zero diagonal: units
# that are active together in a pattern excite each other. An update sets each unit to the sign of its local
# field $h_i = \sum_j W_{ij} s_j$ (a unit whose field is exactly 0 keeps its state). Each asynchronous update
# (one unit at a time) can only lower the energy
#
# $$E = -\tfrac{1}{2} \sum_{ij} W_{ij} s_i s_j,$$
#
# so the network rolls downhill to a minimum, and the stored patterns are minima. We store three letters on an
# 8 x 8 grid (`neuroai.Hopfield`, in C) and recall one from a cue with a quarter of its pixels flipped
# (`neuroai.corrupt`).

# %% id="cell-027"
LETTERS = {
    "A": ["..XXXX..", ".XX..XX.", "XX....XX", "XX....XX", "XXXXXXXX", "XX....XX", "XX....XX", "XX....XX"],
    "T": ["XXXXXXXX", "XXXXXXXX", "...XX...", "...XX...", "...XX...", "...XX...", "...XX...", "...XX..."],
    "L": ["XX......", "XX......", "XX......", "XX......", "XX......", "XX......", "XXXXXXXX", "XXXXXXXX"],
}
patterns = np.array([[1 if ch == "X" else -1 for row in rows for ch in row] for rows in LETTERS.values()])
print("overlaps between the letters (P P^T / N):\n", patterns @ patterns.T / 64)

net = neuroai.Hopfield(64).store(patterns)
cue = neuroai.corrupt(patterns[0], 0.25, seed=3)          # "A" with 16 of its 64 pixels flipped
recall = net.recall(cue, seed=3, record="update")
recall.plot(shape=(8, 8))
plt.show()
energy = recall.energy_updates
print(f"recalled pattern: {recall.recalled} ('A' is 0) after {recall.sweeps} sweeps; "
      f"overlap with 'A' {recall.overlaps[0, 0]:.3f} -> {recall.final_overlaps[0]:.3f}")
print(f"energy {recall.energy[0]:.3f} -> {recall.energy[-1]:.3f}; it never rose in "
      f"{energy.size} single-unit updates: {bool(np.all(np.diff(energy) <= 1e-12))}")
print(f"the stored letters are fixed points: "
      f"{[net.recall(p, 'sync', max_sweeps=1).converged for p in patterns]}")

# %% [markdown] id="cell-028"
# ### Exercise 2: one Hopfield update
#
# Write `hopfield_update(weights, state)`: one **synchronous** update, every unit from the same state. Compute
# the local fields $h = W s$, then set each unit to $+1$ where $h > 0$, $-1$ where $h < 0$, and **keep its
# state** where $h = 0$ (careful: `np.sign(0)` is 0). The check compares your update with one sweep of the C
# core (`neuroai.Hopfield(...).recall(state, mode="sync", max_sweeps=1)`) on networks with zero fields. (For an
# asynchronous version, `hopfield_update(weights, state, order)` that updates unit `order[0]`, then
# `order[1]`, ..., is checked too.)

# %% id="cell-029"
def hopfield_update(weights, state):
    """One synchronous update: with h = weights @ state, every unit becomes
    +1 where h > 0, -1 where h < 0 and keeps its state where h == 0."""
    raise NotImplementedError

# %% tags=["solution"]
def hopfield_update(weights, state):
    """One synchronous update: with h = weights @ state, every unit becomes
    +1 where h > 0, -1 where h < 0 and keeps its state where h == 0."""
    state = np.asarray(state, dtype=float)
    h = np.asarray(weights, dtype=float) @ state
    return np.where(h > 0, 1.0, np.where(h < 0, -1.0, state))

# %% id="cell-030"
ex.check_hopfield_update(hopfield_update);

# %% [markdown] id="cell-031"
# How many patterns fit? With random patterns each one adds noise to every other's fields ("crosstalk"). For
# large $N$ the Hebbian network recalls its patterns up to about $0.138\,N$ of them (Amit, Gutfreund &
# Sompolinsky 1985), then recall collapses. `neuroai.capacity_curve` stores $P = \alpha N$ random patterns and
# starts a recall from each (here with 5% of the units flipped):

# %% id="cell-032"
curve = neuroai.capacity_curve(200, np.linspace(0.02, 0.3, 15), trials=4, seed=0, flip_fraction=0.05)
fig, ax = plt.subplots(figsize=(7, 4))
plot.plot_capacity_curve(curve, ax=ax)
plt.show()
half = curve.loads[np.argmax(curve.recall_rate < 0.5)]
print(f"N = 200: recall rate at alpha = {curve.loads[0]:.2f}: {curve.recall_rate[0]:.2f}; "
      f"first below one half at alpha = {half:.2f} (theory for large N: 0.138)")

# %% [markdown] id="cell-033"
# In a network of 200 units the transition is smeared over a range of loads around $0.138$; it sharpens as $N$
# grows. Past it, the recalled states are mixtures of patterns ("spurious states") that still overlap the cued
# pattern partly: the mean final overlap falls more slowly than the recall rate.

# %% [markdown] id="cell-034"
# **Question.** The three letters were recalled, but letters overlap more than random patterns do (look at P P^T / N). What does the capacity curve predict for storing all 26 letters on an 8 x 8 grid, and how is the Hebbian storage rule related to the STDP rule of Part 1?
#
# #### Your response

# %% [markdown] id="answer-hopfield-1" neuroai={"id": "hopfield-1", "question": "The three letters were recalled, but letters overlap more than random patterns do (look at P P^T / N). What does the capacity curve predict for storing all 26 letters on an 8 x 8 grid, and how is the Hebbian storage rule related to the STDP rule of Part 1?", "sentences": [2, 4]} tags=["answer", "answer:hopfield-1"]
# _Double-click this cell to edit_
#
# [Your answer here]

# %% [markdown] id="cell-036"
# ---
# ## Summary
#
# - The perceptron learns from an **error**; **STDP** learns from **timing**: pre before post strengthens a
#   synapse, post before pre weakens it, by the window $\pm A e^{-|\Delta t|/\tau}$.
# - A **pairing protocol** repeated $n$ times at low rate changes an additive weight by $n A e^{-|\Delta t|/\tau}$;
#   at high rate the answer depends on which spikes are paired (all-to-all or nearest neighbour).
# - With $A_- > A_+$, a neuron with STDP synapses **picks out a repeating pattern** in noise and fires ever
#   earlier in it.
# - A **reward** signal gates learning through an **eligibility trace**, which lets a late reward credit earlier
#   spikes, less the later it comes.
# - A **Hopfield network** stores patterns in Hebbian weights and recalls them from noisy cues as its energy
#   falls, up to about $0.138\,N$ random patterns.
