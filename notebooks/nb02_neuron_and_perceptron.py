# %% [markdown] id="cell-000"
# # The neuron and the perceptron, in code
#
# This coding tutorial follows *What is NeuroAI?*. You build, in plain Python with NumPy, the models that notebook
# compared: activation functions, a perceptron and a layer of them, a leaky integrate-and-fire (LIF) neuron with
# forward Euler, its f-I curve, a conductance synapse, depressing and facilitating synapses, Poisson input, and an
# LIF neuron driven through a synapse.
#
# **How the exercises work.** Each exercise has a cell with a function or class to complete: replace
# `raise NotImplementedError` with your code and run the cell. The next cell checks your code against `neuroai`'s
# C implementation on many cases and tells you, in plain words, which case failed and by how much (or
# `✓ all N cases pass`). Until you write your code, the check says "not implemented yet".
#
# Units throughout: time ms, voltage mV, current nA, resistance MΩ (MΩ × nA = mV), conductance nS, rates Hz.
# Time step `dt = 0.1` ms.

# %% id="cell-002"
# %matplotlib inline
import math
import numpy as np
import matplotlib.pyplot as plt
import neuroai
from neuroai import classroom, exercises as ex, interactive, plot

# %% [markdown] id="cell-003"
# ---
# ## 1. The perceptron
#
# A perceptron computes a weighted sum $z = \mathbf{w}\cdot\mathbf{x} + b$ and passes it through an activation
# function $y = f(z)$ (Rosenblatt, F. (1958). The perceptron: a probabilistic model for information storage and
# organization in the brain. *Psychological Review*, 65(6), 386-408).

# %% [markdown] id="cell-004"
# ### Exercise 1.1: activation functions
#
# Write the sigmoid $f(z) = 1/(1 + e^{-z})$ and the rectified linear unit $f(z) = \max(0, z)$. Both must work on
# a number and on a NumPy array (use `np.exp`, `np.maximum`).

# %% id="cell-005"
def sigmoid(z):
    """Logistic sigmoid of a number or an array."""
    raise NotImplementedError


def relu(z):
    """max(0, z), element-wise."""
    raise NotImplementedError

# %% tags=["solution"]
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))

def relu(z):
    return np.maximum(0.0, z)

# %% id="cell-006"
ex.check_sigmoid(sigmoid)
ex.check_relu(relu);

# %% id="cell-007"
z = np.linspace(-6, 6, 241)
fig, ax = plt.subplots(figsize=(6, 3.5))
for name in ("sigmoid", "relu", "tanh", "step"):
    ax.plot(z, getattr(neuroai, name)(z), label=name)     # neuroai's C versions
ax.set(xlabel="z", ylabel="f(z)", ylim=(-1.2, 2.2), title="activation functions")
ax.legend(frameon=False)
plt.show()

# %% [markdown] id="cell-008"
# ### Exercise 1.2: a perceptron
#
# Complete the class. `weights` is an array of `n_inputs` numbers drawn from a normal distribution with standard
# deviation 0.5, `bias` a number (standard deviation 0.1); `forward(x)` returns `activation(weights · x + bias)`.
# `activation` is one of `"sigmoid"`, `"relu"`, `"tanh"`, `"step"` (the step is 1 where $z \ge 0$, else 0).
# The check sets `weights` and `bias` itself.

# %% id="cell-009"
class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        rng = np.random.default_rng()
        self.weights = rng.normal(0.0, 0.5, n_inputs)
        self.bias = float(rng.normal(0.0, 0.1))
        self.activation = activation

    def forward(self, x):
        """activation(weights . x + bias) for one input vector x."""
        raise NotImplementedError

# %% tags=["solution"]
class Perceptron:
    def __init__(self, n_inputs, activation="sigmoid"):
        rng = np.random.default_rng()
        self.weights = rng.normal(0.0, 0.5, n_inputs)
        self.bias = float(rng.normal(0.0, 0.1))
        self.activation = activation

    def forward(self, x):
        z = np.dot(self.weights, x) + self.bias
        f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: max(0.0, z),
             "tanh": np.tanh, "step": lambda z: 1.0 if z >= 0 else 0.0}[self.activation]
        return f(z)

# %% id="cell-010"
ex.check_perceptron(Perceptron);

# %% [markdown] id="cell-011"
# ### Exercise 1.3: a layer of perceptrons
#
# A layer is many perceptrons reading the same input: $\mathbf{y} = f(W\mathbf{x} + \mathbf{b})$ with $W$ of shape
# `(n_neurons, n_inputs)`. Draw, in this order, `W = rng.normal(0, 0.5, (n_neurons, n_inputs))` and
# `b = rng.normal(0, 0.1, n_neurons)` from `rng = np.random.default_rng(seed)`, and use the sigmoid.

# %% id="cell-012"
def perceptron_layer(x, n_neurons=10, seed=None):
    """Outputs (n_neurons,) of a layer of sigmoid perceptrons on input x."""
    raise NotImplementedError

# %% tags=["solution"]
def perceptron_layer(x, n_neurons=10, seed=None):
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.5, (n_neurons, len(x)))
    b = rng.normal(0, 0.1, n_neurons)
    return 1 / (1 + np.exp(-(W @ x + b)))

# %% id="cell-013"
ex.check_perceptron_layer(perceptron_layer);

# %% [markdown] id="cell-014"
# A single perceptron with a step activation learns any linearly separable labelling with Rosenblatt's rule,
# and never learns XOR (Minsky, M. & Papert, S. (1969). *Perceptrons*. MIT Press). `neuroai.Perceptron.fit` runs
# the rule in C:

# %% id="cell-015"
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, (name, y) in zip(axes, [("AND", [0, 0, 0, 1]), ("XOR", [0, 1, 1, 0])]):
    p = neuroai.Perceptron(weights=[0.0, 0.0], activation="step")
    errors = p.fit(X, y, epochs=50)
    plot.plot_decision_boundary(p, X, np.array(y), ax=ax,
                                title=f"{name}: {len(errors)} epochs, last errors {errors[-1]}")
plt.show()

# %% [markdown] id="cell-016"
# ---
# ## 2. The leaky integrate-and-fire neuron
#
# $$\tau_m \frac{dV}{dt} = -(V - V_{rest}) + R\,I(t)$$
#
# with a spike when $V \ge V_{th}$, after which $V$ is set to $V_{reset}$. Course parameters: $\tau_m$ = 20 ms,
# $V_{rest}$ = -70 mV, $V_{reset}$ = -80 mV, $V_{th}$ = -55 mV, $R$ = 10 MΩ. Forward Euler replaces the
# derivative by a difference over a step $dt$:
#
# $$V(t + dt) = V(t) + \frac{dt}{\tau_m}\left(-(V(t) - V_{rest}) + R\,I(t)\right).$$

# %% [markdown] id="cell-017"
# ### Exercise 2.1: one Euler step
#
# Return the potential after one forward-Euler step (no threshold in this function).

# %% id="cell-018"
def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    """V [mV] after one Euler step of dt [ms] from v [mV] with input I [nA]."""
    raise NotImplementedError

# %% tags=["solution"]
def lif_voltage_step(v, I, dt, tau_m=20.0, v_rest=-70.0, resistance=10.0):
    return v + (-(v - v_rest) + resistance * I) * (dt / tau_m)

# %% id="cell-019"
ex.check_lif_voltage_step(lif_voltage_step);

# %% [markdown] id="cell-020"
# ### Exercise 2.2: an LIF neuron
#
# `v` starts at `v_rest`. `step(I, dt)` does one Euler step; if $V \ge V_{th}$ it sets $V = V_{reset}$ and returns
# True (a spike), else returns False.

# %% id="cell-021"
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

# %% tags=["solution"]
class LIFNeuron:
    def __init__(self, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
        self.tau_m, self.v_rest, self.v_reset = tau_m, v_rest, v_reset
        self.v_threshold, self.resistance = v_threshold, resistance
        self.v = v_rest

    def step(self, I, dt):
        self.v = lif_voltage_step(self.v, I, dt, self.tau_m, self.v_rest, self.resistance)
        if self.v >= self.v_threshold:
            self.v = self.v_reset
            return True
        return False

# %% id="cell-022"
ex.check_lif_neuron(LIFNeuron);

# %% [markdown] id="cell-023"
# ### Forward Euler vs exact integration
#
# For a constant current the membrane equation has a closed-form solution, so the first spike time is known
# exactly: starting from rest, $V(t) = V_{rest} + RI\,(1 - e^{-t/\tau_m})$ reaches threshold at
#
# $$t^* = \tau_m \ln\frac{RI}{RI - (V_{th} - V_{rest})}.$$
#
# `neuroai` integrates exactly by default (`method="exact"`, which also places each threshold crossing inside its
# step) and offers the course's forward Euler (`method="euler"`, which can only spike at the start of a step).
# The error of Euler's first spike time shrinks roughly in proportion to $dt$ (a first-order method); the
# exact method's error is rounding only.

# %% id="cell-024"
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

# %% [markdown] id="cell-025"
# ### Exercise 2.3: the f-I curve
#
# Using your `LIFNeuron`, return the firing rate [Hz] for each constant current: start each neuron at rest, count
# the spikes in `duration` ms and divide by the duration **in seconds**.

# %% id="cell-026"
def compute_fi_curve(currents, duration=500.0, dt=0.1):
    """Firing rates [Hz], one per current [nA]."""
    raise NotImplementedError

# %% tags=["solution"]
def compute_fi_curve(currents, duration=500.0, dt=0.1):
    rates = []
    for I in currents:
        n = LIFNeuron()
        count = sum(n.step(I, dt) for _ in range(int(round(duration / dt))))
        rates.append(count / (duration / 1000.0))
    return np.array(rates)

# %% id="cell-027"
ex.check_fi_curve(compute_fi_curve);

# %% [markdown] id="cell-028"
# ### Exercise 2.4: the closed-form rate
#
# Between spikes the neuron relaxes toward $V_\infty = V_{rest} + RI$. If $V_\infty \le V_{th}$ it never fires
# (rate 0). Otherwise the interval from reset to threshold is
# $T = \tau_m \ln\frac{V_\infty - V_{reset}}{V_\infty - V_{th}}$ and the rate is $1000/T$ Hz.

# %% id="cell-029"
def lif_rate(I, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
    """Steady-state firing rate [Hz] for a constant current I [nA]."""
    raise NotImplementedError

# %% tags=["solution"]
def lif_rate(I, tau_m=20.0, v_rest=-70.0, v_reset=-80.0, v_threshold=-55.0, resistance=10.0):
    v_inf = v_rest + resistance * I
    if v_inf <= v_threshold:
        return 0.0
    return 1000.0 / (tau_m * math.log((v_inf - v_reset) / (v_inf - v_threshold)))

# %% id="cell-030"
ex.check_lif_rate(lif_rate);

# %% id="cell-031"
currents = np.linspace(0, 5, 51)
rates = neuroai.fi_curve(currents, duration=500.0)            # all currents in one C call
plot.plot_fi_curve(currents, rates, closed_form=neuroai.lif_rate, rheobase=neuroai.rheobase())
plt.show()
print(f"rheobase: {neuroai.rheobase():.2f} nA")

# %% [markdown] id="cell-032"
# Move the current and $\tau_m$ (one C call per move):

# %% id="cell-033"
interactive.lif_step();

# %% [markdown] id="cell-034"
# ---
# ## 3. Synapses
#
# A spike arriving at a conductance synapse opens channels: the conductance $g$ jumps by $g_{max}$ and decays,
# $dg/dt = -g/\tau_{syn}$. The current into the cell is $I = g\,(E_{syn} - V)$; with $g$ in nS and voltages in
# mV this is in pA, so **in nA it is $10^{-3}\, g\,(E_{syn} - V)$**. $E_{syn}$ = 0 mV is excitatory, about
# -75 mV inhibitory.
#
# Each synapse below is used in a loop over time steps: in step `i`, call `receive_spike()` for a spike in that
# step, read the state, then `step(dt)`.

# %% [markdown] id="cell-035"
# ### Exercise 3.1: a conductance synapse
#
# `receive_spike()` adds `g_max` to `g`; `step(dt)` lets `g` decay for `dt` (forward Euler
# `g += -g * dt / tau_syn`); `get_current(v_post)` returns the current in nA.

# %% id="cell-036"
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

# %% tags=["solution"]
class Synapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, e_syn=0.0):
        self.g_max, self.tau_syn, self.e_syn = g_max, tau_syn, e_syn
        self.g = 0.0

    def receive_spike(self):
        self.g += self.g_max

    def step(self, dt):
        self.g += -self.g * (dt / self.tau_syn)

    def get_current(self, v_post):
        return 1e-3 * self.g * (self.e_syn - v_post)

# %% id="cell-037"
ex.check_synapse(Synapse);

# %% [markdown] id="cell-038"
# **Short-term plasticity.** A depressing synapse uses up resources: of the available fraction $x$ (1 at rest), each
# spike releases $u\,x$, so $g \mathrel{+}= g_{max}\,u\,x$ and $x \mathrel{-}= u\,x$; between spikes $x$ recovers,
# $dx/dt = (1 - x)/\tau_{rec}$. A facilitating synapse's release fraction grows with use: each spike delivers
# $g \mathrel{+}= g_{max}\,u$ and then $u \mathrel{+}= u_{step}(u_{max} - u)$; between spikes
# $du/dt = (u_{base} - u)/\tau_{facil}$ (after Tsodyks, M. & Markram, H. (1997). The neural code between
# neocortical pyramidal neurons depends on neurotransmitter release probability. *PNAS*, 94(2), 719-723).

# %% [markdown] id="cell-039"
# ### Exercise 3.2: a depressing synapse
#
# Complete `receive_spike` and `step` (forward Euler for `g` and `x`).

# %% id="cell-040"
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

# %% tags=["solution"]
class DepressingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_rec, self.u, self.x = tau_rec, u, 1.0

    def receive_spike(self):
        released = self.u * self.x
        self.x -= released
        self.g += self.g_max * released

    def step(self, dt):
        super().step(dt)
        self.x += (1.0 - self.x) * (dt / self.tau_rec)

# %% id="cell-041"
ex.check_depressing_synapse(DepressingSynapse);

# %% [markdown] id="cell-042"
# ### Exercise 3.3: a facilitating synapse
#
# Complete `receive_spike` (the spike uses `u` *before* it grows) and `step`.

# %% id="cell-043"
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

# %% tags=["solution"]
class FacilitatingSynapse(Synapse):
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_facil=100.0, u_base=0.1, u_max=0.8, u_step=0.3,
                 e_syn=0.0):
        super().__init__(g_max, tau_syn, e_syn)
        self.tau_facil, self.u_base, self.u_max, self.u_step = tau_facil, u_base, u_max, u_step
        self.u = u_base

    def receive_spike(self):
        self.g += self.g_max * self.u
        self.u += self.u_step * (self.u_max - self.u)

    def step(self, dt):
        super().step(dt)
        self.u += (self.u_base - self.u) * (dt / self.tau_facil)

# %% id="cell-044"
ex.check_facilitating_synapse(FacilitatingSynapse);

# %% id="cell-045"
train = neuroai.SpikeTrains(neuroai.regular(50.0, 400.0).times[:12], duration=400.0)
dep = neuroai.DepressingSynapse().response(train)
fac = neuroai.FacilitatingSynapse().response(train)
plot.plot_stp_comparison(dep, fac)
plt.show()
interactive.short_term_plasticity();

# %% [markdown] id="cell-046"
# ---
# ## 4. Poisson input and an LIF neuron driven through a synapse
#
# Cortical spike trains are irregular; the simplest model is a Poisson process, whose intervals are independent and
# exponentially distributed with mean $1000/r$ ms for a rate $r$ in Hz (Dayan, P. & Abbott, L. F. (2001).
# *Theoretical Neuroscience*, ch. 1.4. MIT Press).

# %% [markdown] id="cell-047"
# ### Exercise 4.1: a Poisson spike train
#
# Return the sorted spike times [ms] in `[0, duration)`: add exponential intervals
# (`rng.exponential(1000 / rate)`) until you pass `duration`. The check compares statistics over many trains
# (mean count, Fano factor, CV of the intervals) with `neuroai.poisson`.

# %% id="cell-048"
def poisson_train(rate, duration, rng):
    """Spike times [ms] of a Poisson train at rate [Hz] in [0, duration) ms."""
    raise NotImplementedError

# %% tags=["solution"]
def poisson_train(rate, duration, rng):
    t, out = 0.0, []
    while True:
        t += rng.exponential(1000.0 / rate)
        if t >= duration:
            return np.array(out)
        out.append(t)

# %% id="cell-049"
ex.check_poisson_train(poisson_train);

# %% id="cell-050"
trains = neuroai.poisson(20.0, 2000.0, n=50, seed=0)
print(f"mean rate {np.mean(neuroai.firing_rate(trains)):.1f} Hz, "
      f"mean CV {np.nanmean(neuroai.cv(trains)):.2f}")
plot.plot_raster(trains, bin_width=50.0, title="50 Poisson trains at 20 Hz")
plt.show()

# %% [markdown] id="cell-051"
# ### Exercise 4.2: an LIF neuron with a depressing synapse
#
# Combine your `LIFNeuron` and `DepressingSynapse`. In each step `i` of `simulate`: if an input spike falls in
# the step (`floor(t / dt) == i`), the synapse receives it; the synaptic current at the present $V$ drives one
# neuron step (record the spike time `i * dt` if it fires); then the synapse steps. Return an object with
# `spike_times` (an array, ms).

# %% id="cell-052"
class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIFNeuron()
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        raise NotImplementedError

# %% tags=["solution"]
class LIFWithSynapse:
    def __init__(self, g_max=1.0, tau_syn=5.0, tau_rec=200.0, u=0.5, e_syn=0.0):
        self.neuron = LIFNeuron()
        self.synapse = DepressingSynapse(g_max, tau_syn, tau_rec, u, e_syn)

    def simulate(self, input_spikes, duration, dt=0.1):
        steps = set(np.floor(np.asarray(input_spikes) / dt + 1e-6).astype(int).tolist())
        out = []
        for i in range(int(round(duration / dt))):
            if i in steps:
                self.synapse.receive_spike()
            if self.neuron.step(self.synapse.get_current(self.neuron.v), dt):
                out.append(i * dt)
            self.synapse.step(dt)

        class Result:
            spike_times = np.array(out)
        return Result()

# %% id="cell-053"
ex.check_lif_with_synapse(LIFWithSynapse);

# %% [markdown] id="cell-054"
# ### Input/output: perceptron vs spiking neuron
#
# The perceptron maps an input number to an output number through a fixed curve. The LIF neuron behind a depressing
# synapse maps an input *rate* to an output *rate*, and its curve comes from dynamics: integration, threshold and
# the synapse's depletion, which flattens the response at high input rates, the more so the slower the
# resources recover (gain control, Scenario 2 of the first notebook). Each point below is one C call.

# %% id="cell-055"
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

# %% [markdown] id="cell-056"
# ---
# ## Summary
#
# You built the perceptron (a weighted sum and an activation, instantaneous and stateless) and the LIF neuron (a
# leaky integrator with a threshold, with state and time), integrated it with forward Euler and measured Euler's
# error against the exact solution, and added synapses whose strength depends on their recent use. The
# input/output curves show the difference the first notebook discussed: the perceptron's curve is chosen, the
# neuron's emerges from its dynamics.
