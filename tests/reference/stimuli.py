"""Stimulus twins: Poisson trains written out independently.

- ``poisson_train``: the documented generator bit for bit (xoshiro256**
  seeded through splitmix64, one stream per train, exponential intervals by
  inversion), in plain Python integers.
- ``poisson_numpy``: a homogeneous Poisson train from NumPy's own
  exponential intervals, for statistics that must not depend on the
  package's generator.
"""
import math

import numpy as np

_M = (1 << 64) - 1


def _splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & _M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M
    return state, z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & _M


class _Xoshiro:
    def __init__(self, seed, stream):
        _, first = _splitmix64(seed)
        mixed = first ^ ((stream * 0xD1B54A32D192ED03) & _M)
        self.s = []
        for _ in range(4):
            mixed, z = _splitmix64(mixed)
            self.s.append(z)
        if not any(self.s):
            self.s[0] = 0x9E3779B97F4A7C15      # nai_rng's guard of the all-zero state

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & _M, 7) * 9) & _M
        t = (s[1] << 17) & _M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def exponential(self):
        u = (self.next() >> 11) * 2.0 ** -53       # [0, 1)
        return -math.log(1.0 - u)                 # (0, 1] inside the log


def poisson_train(rate, duration, seed, k):
    """Train k of seed: exponential intervals of mean 1000/rate ms from stream k, in [0, duration)."""
    g = _Xoshiro(seed, k)
    out, t = [], 0.0
    while True:
        t += (1000.0 / rate) * g.exponential()
        if not t < duration:
            return np.array(out)
        out.append(t)


def poisson_numpy(rng, rate_hz, duration_ms):
    """Homogeneous Poisson train from exponential intervals (a NumPy twin)."""
    mean_isi = 1e3 / rate_hz
    n_guess = int(duration_ms / mean_isi * 1.5 + 50)
    t = np.cumsum(rng.exponential(mean_isi, n_guess))
    while t[-1] < duration_ms:
        t = np.concatenate([t, t[-1] + np.cumsum(rng.exponential(mean_isi, n_guess))])
    return t[t < duration_ms]
