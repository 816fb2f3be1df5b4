"""Pure-Python twin of the seeded connectivity rules and distributions
(csrc/nai_connect.h), integer-exact: the same generator, the same
integer and float operations in the same order, so it gives the same
indices and the same float64 values bit for bit (Python floats are IEEE
doubles, and Python never fuses a multiply and an add).

Written from the header's description, with no code from the package:

- xoshiro256** seeded from (seed, stream) through SplitMix64;
- ``below(s)``: Lemire's multiply-and-reject uniform integer in [0, s);
- Binomial(m, p) by chunks of min(m, floor(32 / p')) trials, each by
  sequential inversion with P(0) = q'^c by binary powering;
- a uniform k-subset of [0, m): Floyd's algorithm when m // 64 <= k (on
  min(k, m - k) positions, the complement taken when that is smaller),
  else draw, sort, deduplicate and draw the missing ones again;
- fixed_total: Bernoulli rows as fixed_probability (with a probability a
  little above n / pairs, retried while short), less a uniform subset of
  the surplus;
- fdlibm's log and exp, Marsaglia's polar method.
"""
import math
import struct

from .stimuli import _M as M64, _Xoshiro

N_INV = 256


class Rng(_Xoshiro):
    """xoshiro256** from (seed, stream) (the twin of nai_rng in stimuli.py),
    with the draws the connectivity rules take."""

    def uniform(self):
        return float(self.next() >> 11) * 2.0 ** -53

    def below(self, s):
        w = self.next() * s
        lo = w & M64
        if lo < s:
            t = ((1 << 64) - s) % s
            while lo < t:
                w = self.next() * s
                lo = w & M64
        return w >> 64


def power(q, n):
    r, b = 1.0, q
    while n:
        if n & 1:
            r = r * b
        n >>= 1
        if n:
            b = b * b
    return r


_INV = [0.0] + [1.0 / float(x) for x in range(1, N_INV)]


def _chunk(rng, n, q0, pq):
    u = rng.uniform()
    pmf = cdf = q0
    x = 0
    while u >= cdf and x < n:
        x += 1
        if x < N_INV:
            step = (pq * float(n - x + 1)) * _INV[x]
        else:
            step = (pq * float(n - x + 1)) / float(x)
        pmf = pmf * step
        cdf = cdf + pmf
        if pmf == 0.0 and u >= cdf:      # beyond the rounded sum: redraw
            u = rng.uniform()
            pmf = cdf = q0
            x = 0
    return x


def binomial(rng, m, p):
    flip = p > 0.5
    pp = 1.0 - p if flip else p
    if not pp > 0.0 or m == 0:
        return m if flip else 0
    qq = 1.0 - pp
    cf = 32.0 / pp
    c = m if cf >= float(m) else int(cf)
    c = max(c, 1)
    q_c, q_rem, pq = power(qq, c), power(qq, m % c), pp / qq
    count = 0
    for _ in range(m // c):
        count += _chunk(rng, c, q_c, pq)
    if m % c:
        count += _chunk(rng, m % c, q_rem, pq)
    return m - count if flip else count


def select(rng, k, m):
    """A uniform k-subset of range(m), as an increasing list."""
    if k == 0:
        return []
    if k == m:
        return list(range(m))
    if m // 64 <= k:
        complement = 2 * k > m
        w = m - k if complement else k
        chosen = set()
        for j in range(m - w, m):
            t = rng.below(j + 1)
            chosen.add(j if t in chosen else t)
        if complement:
            return [v for v in range(m) if v not in chosen]
        return sorted(chosen)
    kept = []
    while len(kept) < k:
        new = [rng.below(m) for _ in range(k - len(kept))]
        kept = sorted(set(kept) | set(new))
    return kept


def _allowed(n_other, idx, autapses):
    return n_other - (0 if autapses or idx >= n_other else 1)


def _unskip(v, idx, n_other, autapses):
    return v + 1 if (not autapses and idx < n_other and v >= idx) else v


def connections(rule, n_pre, n_post, autapses, seed, p=0.0, k=0):
    """(indptr, indices) as lists, rule one of 'all_to_all', 'one_to_one',
    'fixed_probability', 'fixed_indegree', 'fixed_outdegree', 'fixed_total'."""
    rows = [[] for _ in range(n_pre)]
    if rule == "all_to_all":
        for r in range(n_pre):
            rows[r] = [j for j in range(n_post) if autapses or j != r]
    elif rule == "one_to_one":
        rows = [[r] for r in range(n_pre)]
    elif rule == "fixed_probability":
        for r in range(n_pre):
            m = _allowed(n_post, r, autapses)
            kr = binomial(Rng(seed, 2 * r), m, p)
            sel = select(Rng(seed, 2 * r + 1), kr, m)
            rows[r] = [_unskip(v, r, n_post, autapses) for v in sel]
    elif rule == "fixed_outdegree":
        for r in range(n_pre):
            m = _allowed(n_post, r, autapses)
            sel = select(Rng(seed, 2 * r + 1), k, m)
            rows[r] = [_unskip(v, r, n_post, autapses) for v in sel]
    elif rule == "fixed_indegree":
        for j in range(n_post):
            m = _allowed(n_pre, j, autapses)
            for v in select(Rng(seed, 2 * j + 1), k, m):
                rows[_unskip(v, j, n_pre, autapses)].append(j)
    elif rule == "fixed_total" and k > 0:
        # Bernoulli rows with a mean of k + 6 sd + 16, retried with twice the
        # probability and fresh streams while they hold fewer than k, then
        # K - k of their K entries removed uniformly
        t = float(n_pre * n_post - (0 if autapses else min(n_pre, n_post)))
        want = float(k) + 6.0 * math.sqrt(float(k) * (1.0 - float(k) / t)) + 16.0
        prob = 1.0 if want >= t else want / t
        attempt = 0
        while True:
            base = 2 * attempt * n_pre
            counts = [binomial(Rng(seed, base + 2 * r), _allowed(n_post, r, autapses), prob)
                      for r in range(n_pre)]
            if sum(counts) >= k:
                break
            attempt += 1
            prob = 1.0 if prob >= 0.5 else 2.0 * prob
        total = sum(counts)
        drop = set(select(Rng(seed, 2 * (attempt + 1) * n_pre), total - k, total))
        g = 0
        for r in range(n_pre):
            m = _allowed(n_post, r, autapses)
            for v in select(Rng(seed, base + 2 * r + 1), counts[r], m):
                if g not in drop:
                    rows[r].append(_unskip(v, r, n_post, autapses))
                g += 1
    elif rule == "fixed_total":
        pass
    else:
        raise ValueError(rule)
    indptr = [0]
    for row in rows:
        indptr.append(indptr[-1] + len(row))
    return indptr, [j for row in rows for j in row]


# -- fdlibm's log and exp --------------------------------------------------------

def _bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def _double(u):
    return struct.unpack("<d", struct.pack("<Q", u & M64))[0]


def _i32(u):
    u &= 0xFFFFFFFF
    return u - (1 << 32) if u >= 1 << 31 else u


LN2_HI = float.fromhex("0x1.62e42fee00000p-1")
LN2_LO = float.fromhex("0x1.a39ef35793c76p-33")
LG = [float.fromhex(h) for h in (
    "0x1.5555555555593p-1", "0x1.999999997fa04p-2", "0x1.2492494229359p-2",
    "0x1.c71c51d8e78afp-3", "0x1.7466496cb03dep-3", "0x1.39a09d078c69fp-3",
    "0x1.2f112df3e5244p-3")]
INV_LN2 = float.fromhex("0x1.71547652b82fep+0")
EP = [float.fromhex(h) for h in (
    "0x1.555555555553ep-3", "-0x1.6c16c16bebd93p-9", "0x1.1566aaf25de2cp-14",
    "-0x1.bbd41c5d26bf1p-20", "0x1.6376972bea4d0p-25")]


def log(x):
    if not x > 0.0:
        return -math.inf if x == 0.0 else math.nan
    if x == math.inf:
        return x
    u = _bits(x)
    hx = _i32(u >> 32)
    k = 0
    if hx < 0x00100000:
        k -= 54
        x = x * 2.0 ** 54
        u = _bits(x)
        hx = _i32(u >> 32)
    k += (hx >> 20) - 1023
    hx &= 0x000fffff
    i = (hx + 0x95f64) & 0x100000
    u = (((hx | (i ^ 0x3ff00000)) & 0xFFFFFFFF) << 32) | (u & 0xFFFFFFFF)
    x = _double(u)
    k += i >> 20
    f = x - 1.0
    dk = float(k)
    if (0x000fffff & (2 + hx)) < 3:
        if f == 0.0:
            return 0.0 if k == 0 else dk * LN2_HI + dk * LN2_LO
        r = f * f * (0.5 - 0.33333333333333333 * f)
        return f - r if k == 0 else dk * LN2_HI - ((r - dk * LN2_LO) - f)
    s = f / (2.0 + f)
    z = s * s
    i = hx - 0x6147a
    w = z * z
    j = 0x6b851 - hx
    t1 = w * (LG[1] + w * (LG[3] + w * LG[5]))
    t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])))
    i |= j
    r = t2 + t1
    if i > 0:
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)


def exp(x):
    if x != x:
        return x
    if x > 709.782712893383973096:
        return math.inf
    if x < -745.13321910194110842:
        return 0.0
    hx = (_bits(x) >> 32) & 0x7fffffff
    neg = x < 0.0
    hi = lo = 0.0
    k = 0
    if hx > 0x3fd62e42:
        if hx < 0x3ff0a2b2:
            hi = x + LN2_HI if neg else x - LN2_HI
            lo = -LN2_LO if neg else LN2_LO
            k = -1 if neg else 1
        else:
            k = int(INV_LN2 * x + (-0.5 if neg else 0.5))    # truncates toward 0, as C
            t = float(k)
            hi = x - t * LN2_HI
            lo = t * LN2_LO
        x = hi - lo
    elif hx < 0x3e300000:
        return 1.0 + x
    t = x * x
    c = x - t * (EP[0] + t * (EP[1] + t * (EP[2] + t * (EP[3] + t * EP[4]))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        return _double(_bits(y) + (k << 52))
    return _double(_bits(y) + ((k + 1000) << 52)) * 2.0 ** -1000


# -- distributions ---------------------------------------------------------------

def _normals(rng):
    while True:
        u = 2.0 * rng.uniform() - 1.0
        v = 2.0 * rng.uniform() - 1.0
        q = u * u + v * v
        if q < 1.0 and q > 0.0:
            f = math.sqrt(-2.0 * log(q) / q)
            yield u * f
            yield v * f


def sample(kind, n, seed, a=0.0, b=0.0, low=-math.inf, high=math.inf):
    """n values of 'constant' (a), 'uniform' (a, b), 'normal' (a, b, low,
    high) or 'lognormal' (a, b), as a list of floats."""
    rng = Rng(seed, 0)
    if kind == "constant":
        return [a] * n
    if kind == "uniform":
        return [a + (b - a) * rng.uniform() for _ in range(n)]
    out = []
    z = _normals(rng)
    while len(out) < n:
        if kind == "normal":
            x = a + b * next(z)
            if low <= x <= high:
                out.append(x)
        elif kind == "lognormal":
            out.append(exp(a + b * next(z)))
        else:
            raise ValueError(kind)
    return out
