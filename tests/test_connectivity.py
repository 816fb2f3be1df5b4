"""Seeded connectivity rules and weight distributions (neuroai.connectivity).

References: the pure-Python twin tests/reference/connect.py (integer-exact:
the same indices and the same float64 values), golden checksums derived from
the twin, closed forms (binomial and hypergeometric counts, uniform subsets)
and scipy.stats for the distributions.  Statistical tests use fixed seeds
and tolerances of 5-6 standard errors that the nearest wrong model (Poisson
counts for binomial ones, a biased subset, a mis-scaled distribution) fails.
"""
import hashlib
import math
import subprocess
import sys

import numpy as np
import pytest

import neuroai
from neuroai import connectivity as C
from reference import connect as R

stats = pytest.importorskip("scipy.stats")

RULES = {
    "all_to_all": lambda: C.all_to_all(),
    "fixed_probability": lambda: C.fixed_probability(0.1),
    "fixed_indegree": lambda: C.fixed_indegree(7),
    "fixed_outdegree": lambda: C.fixed_outdegree(9),
    "fixed_total": lambda: C.fixed_total(300),
}


def check_csr(indptr, indices, n_pre, n_post, autapses):
    """The CSR invariants of every rule."""
    assert indptr.dtype == np.int64 and indices.dtype == np.int64
    assert indptr.shape == (n_pre + 1,) and indptr[0] == 0
    assert np.all(np.diff(indptr) >= 0) and indices.shape == (indptr[-1],)
    if indices.size:
        assert indices.min() >= 0 and indices.max() < n_post
    rows = np.repeat(np.arange(n_pre), np.diff(indptr))
    # strictly increasing within each row: sorted, no duplicates
    same_row = rows[1:] == rows[:-1]
    assert np.all(np.diff(indices)[same_row] > 0)
    if not autapses:
        assert not np.any(rows == indices), "an autapse i -> i was made"
    return rows


def degrees(indptr, indices, n_post):
    return np.diff(indptr), np.bincount(indices, minlength=n_post)


# ---------------------------------------------------------------------------
# the twin: same integers, same floats
# ---------------------------------------------------------------------------

TWIN_CASES = [
    ("fixed_probability", dict(p=0.1), 40, 40),
    ("fixed_probability", dict(p=0.93), 37, 53),        # the flipped binomial
    ("fixed_probability", dict(p=0.002), 6, 5000),      # rows sampled by sorting
    ("fixed_probability", dict(p=0.0), 10, 10),
    ("fixed_probability", dict(p=1.0), 10, 12),
    ("fixed_indegree", dict(k=7), 40, 40),
    ("fixed_indegree", dict(k=36), 37, 53),             # complement
    ("fixed_indegree", dict(k=2), 900, 30),             # sorting
    ("fixed_outdegree", dict(k=3), 53, 37),
    ("fixed_outdegree", dict(k=30), 20, 37),
    ("fixed_total", dict(k=5), 40, 40),                 # sparse rows
    ("fixed_total", dict(k=1000), 37, 53),
    ("fixed_total", dict(k=1500), 40, 40),              # p = 1, surplus removed
    ("all_to_all", {}, 13, 17),
]


@pytest.mark.parametrize("autapses", [True, False])
@pytest.mark.parametrize("name, kw, n_pre, n_post", TWIN_CASES,
                         ids=[f"{c[0]}-{c[2]}x{c[3]}-{c[1]}" for c in TWIN_CASES])
def test_rules_equal_the_twin(name, kw, n_pre, n_post, autapses):
    arg = [kw[key] for key in kw]
    rule = getattr(C, name)(*arg)
    indptr, indices = rule.connections(n_pre, n_post, autapses=autapses, seed=77)
    check_csr(indptr, indices, n_pre, n_post, autapses)
    ref_ptr, ref_idx = R.connections(name, n_pre, n_post, autapses, 77,
                                     p=kw.get("p", 0.0), k=kw.get("k", 0))
    assert indptr.tolist() == ref_ptr
    assert indices.tolist() == ref_idx


def test_one_to_one_equals_the_twin():
    indptr, indices = C.one_to_one().connections(6, 6, seed=1)
    assert (indptr.tolist(), indices.tolist()) == R.connections("one_to_one", 6, 6, True, 1)


DIST_CASES = [
    (C.normal(1.0, 2.0), ("normal", 1.0, 2.0)),
    (C.normal(1.0, 2.0, low=0.0), ("normal", 1.0, 2.0, 0.0, math.inf)),
    (C.normal(-0.5, 1.0, low=-1.0, high=0.25), ("normal", -0.5, 1.0, -1.0, 0.25)),
    (C.lognormal(0.5, 1.5), ("lognormal", 0.5, 1.5)),
    (C.lognormal(-700.0, 3.0), ("lognormal", -700.0, 3.0)),      # some subnormal results
    (C.uniform(-1.0, 3.0), ("uniform", -1.0, 3.0)),
    (C.constant(2.5), ("constant", 2.5)),
]


@pytest.mark.parametrize("dist, ref", DIST_CASES, ids=[repr(c[0]) for c in DIST_CASES])
def test_distributions_equal_the_twin(dist, ref):
    kind, *args = ref
    w = dist.sample(5001, seed=5)
    assert w.dtype == np.float64 and w.shape == (5001,)
    expected = np.array(R.sample(kind, 5001, 5, *args))
    assert w.tobytes() == expected.tobytes()          # bit for bit


def test_twin_log_and_exp_track_the_c_library():
    # the twin's own arithmetic, within an ulp of libm (the C test does the
    # same for the C functions, and the draws above tie the two together)
    xs = np.concatenate([np.geomspace(1e-310, 1e300, 3000),
                         np.random.default_rng(0).random(3000)])
    for x in xs:
        x = float(x)
        assert abs(R.log(x) - math.log(x)) <= math.ulp(math.log(x))
    for x in np.linspace(-745.0, 709.0, 3001):
        x = float(x)
        e = math.exp(x)
        assert abs(R.exp(x) - e) <= max(math.ulp(e), 5e-324)


# ---------------------------------------------------------------------------
# golden checksums (from the twin), the same in a fresh interpreter
# ---------------------------------------------------------------------------

GOLDEN_RULE = "583049dd16b26b2bec34fc1793c77c2859ea0e4b2535c11d2a9c7d9736cde275"
GOLDEN_NORMAL = "ea3aaa38c4b9f48f5e85e39be7b30332f84b03762e7f8585ab2b0918f4077c16"


def _digest_rule(indptr, indices):
    return hashlib.sha256(np.asarray(indptr, "<i8").tobytes()
                          + np.asarray(indices, "<i8").tobytes()).hexdigest()


def _digest_values(w):
    return hashlib.sha256(np.asarray(w, "<f8").tobytes()).hexdigest()


def test_golden_checksums_of_the_twin_and_of_c():
    ref = R.connections("fixed_probability", 30, 50, False, 2026, p=0.1)
    assert _digest_rule(*ref) == GOLDEN_RULE
    assert _digest_values(R.sample("normal", 1000, 2026, 0.0, 1.0)) == GOLDEN_NORMAL
    got = C.fixed_probability(0.1).connections(30, 50, autapses=False, seed=2026)
    assert _digest_rule(*got) == GOLDEN_RULE
    assert _digest_values(C.normal(0.0, 1.0).sample(1000, seed=2026)) == GOLDEN_NORMAL


def test_same_seed_same_result_in_a_fresh_process():
    code = ("import hashlib, numpy as np; from neuroai import connectivity as C; "
            "ip, ix = C.fixed_probability(0.1).connections(30, 50, autapses=False, seed=2026); "
            "w = C.normal(0.0, 1.0).sample(1000, seed=2026); "
            "print(hashlib.sha256(np.asarray(ip, '<i8').tobytes() + "
            "np.asarray(ix, '<i8').tobytes()).hexdigest()); "
            "print(hashlib.sha256(np.asarray(w, '<f8').tobytes()).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == [GOLDEN_RULE, GOLDEN_NORMAL]


@pytest.mark.parametrize("name", sorted(RULES))
def test_determinism_and_seed_dependence(name):
    rule = RULES[name]()
    a = rule.connections(60, 70, autapses=False, seed=11)
    b = rule.connections(60, 70, autapses=False, seed=11)
    c = rule.connections(60, 70, autapses=False, seed=12)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    if name != "all_to_all":
        assert not (np.array_equal(a[0], c[0]) and np.array_equal(a[1], c[1]))


def test_rows_do_not_depend_on_n_pre_and_columns_not_on_n_post():
    small = C.fixed_probability(0.2).connections(50, 80, seed=3)
    large = C.fixed_probability(0.2).connections(130, 80, seed=3)
    assert np.array_equal(large[0][:51], small[0])
    assert np.array_equal(large[1][:small[0][-1]], small[1])
    # fixed_indegree: column j of 40 x 30 is column j of 40 x 75
    a = C.fixed_indegree(5).connections(40, 30, seed=8)
    b = C.fixed_indegree(5).connections(40, 75, seed=8)
    rows_a = np.repeat(np.arange(40), np.diff(a[0]))
    rows_b = np.repeat(np.arange(40), np.diff(b[0]))
    keep = b[1] < 30
    assert sorted(zip(rows_a, a[1])) == sorted(zip(rows_b[keep], b[1][keep]))


def test_sample_prefix_is_the_shorter_sample():
    for dist in (C.normal(0.0, 1.0, low=-0.5), C.lognormal(0.0, 0.3), C.uniform(0.0, 1.0)):
        long = dist.sample(10_001, seed=9)
        assert long[:3333].tobytes() == dist.sample(3333, seed=9).tobytes()


def test_seed_accepts_the_package_rule():
    rule = C.fixed_probability(0.3)
    assert rule.connections(10, 10, seed=np.uint64(5))[1].tolist() == \
        rule.connections(10, 10, seed=5)[1].tolist()
    g1, g2 = np.random.default_rng(1), np.random.default_rng(1)
    assert np.array_equal(rule.connections(10, 10, seed=g1)[1],
                          rule.connections(10, 10, seed=g2)[1])
    assert C.normal(0, 1).sample(3, seed=None).shape == (3,)
    assert rule.connections(10, 10, seed=2 ** 64 - 1)[0].shape == (11,)


# ---------------------------------------------------------------------------
# statistics against closed forms
# ---------------------------------------------------------------------------

def test_fixed_probability_counts_are_binomial():
    n_pre, n_post, p = 10_000, 400, 0.3
    indptr, indices = C.fixed_probability(p).connections(n_pre, n_post, seed=21)
    check_csr(indptr, indices, n_pre, n_post, True)
    out_deg, in_deg = degrees(indptr, indices, n_post)
    mean, var = n_post * p, n_post * p * (1 - p)        # 120 and 84 (Poisson: 120)
    assert abs(out_deg.mean() - mean) < 5 * math.sqrt(var / n_pre)
    # sd of a sample variance ~ var sqrt(2 / n): 1.2 here, so Poisson's 120 fails
    assert abs(out_deg.var(ddof=1) - var) < 5 * var * math.sqrt(2.0 / n_pre)
    total = indptr[-1]
    assert abs(total - n_pre * n_post * p) < 5 * math.sqrt(n_pre * n_post * p * (1 - p))
    # in-degrees: Binomial(n_pre, p), chi-square over pooled bins
    _chi_square_binomial(in_deg, n_pre, p)
    # every column equally likely
    assert stats.chisquare(in_deg).pvalue > 1e-4


def _chi_square_binomial(counts, n, p, min_expected=5.0):
    """Chi-square of a histogram of counts against Binomial(n, p), with the
    tails pooled until every bin expects min_expected."""
    pmf = stats.binom.pmf(np.arange(n + 1), n, p) * counts.size
    observed = np.bincount(counts, minlength=n + 1).astype(float)
    lo, hi = 0, n
    while pmf[:lo + 1].sum() < min_expected:
        lo += 1
    while pmf[hi:].sum() < min_expected:
        hi -= 1
    exp_bins = np.concatenate([[pmf[:lo + 1].sum()], pmf[lo + 1:hi], [pmf[hi:].sum()]])
    obs_bins = np.concatenate([[observed[:lo + 1].sum()], observed[lo + 1:hi],
                               [observed[hi:].sum()]])
    exp_bins *= obs_bins.sum() / exp_bins.sum()
    assert stats.chisquare(obs_bins, exp_bins).pvalue > 1e-4


def test_fixed_probability_without_autapses_small_and_dense():
    for p, seed in ((0.02, 1), (0.5, 2), (0.99, 3)):
        n = 300
        indptr, indices = C.fixed_probability(p).connections(n, n, autapses=False, seed=seed)
        check_csr(indptr, indices, n, n, False)
        pairs = n * (n - 1)
        assert abs(indptr[-1] - pairs * p) < 5 * math.sqrt(pairs * p * (1 - p))
        _chi_square_binomial(np.diff(indptr), n - 1, p)


def test_fixed_indegree_exact_and_outdegrees_binomial():
    n_pre, n_post, k = 500, 4000, 20
    for autapses in (True, False):
        indptr, indices = C.fixed_indegree(k).connections(n_pre, n_post, autapses=autapses,
                                                          seed=5)
        check_csr(indptr, indices, n_pre, n_post, autapses)
        out_deg, in_deg = degrees(indptr, indices, n_post)
        assert np.all(in_deg == k)
    # columns are independent uniform k-subsets: a row's count is
    # Binomial(n_post, k / n_pre) (autapses allowed)
    indptr, indices = C.fixed_indegree(k).connections(n_pre, n_post, seed=6)
    _chi_square_binomial(np.diff(indptr), n_post, k / n_pre)


def test_fixed_outdegree_exact_and_indegrees_binomial():
    n_pre, n_post, k = 4000, 500, 20
    for autapses in (True, False):
        indptr, indices = C.fixed_outdegree(k).connections(n_pre, n_post, autapses=autapses,
                                                           seed=5)
        check_csr(indptr, indices, n_pre, n_post, autapses)
        assert np.all(np.diff(indptr) == k)
    indptr, indices = C.fixed_outdegree(k).connections(n_pre, n_post, seed=6)
    _chi_square_binomial(np.bincount(indices, minlength=n_post), n_pre, k / n_post)


@pytest.mark.parametrize("n", [40_000, 2_000, 61])
def test_fixed_total_exact_and_rows_hypergeometric(n):
    n_pre, n_post = 1000, 90
    for autapses in (True, False):
        indptr, indices = C.fixed_total(n).connections(n_pre, n_post, autapses=autapses,
                                                       seed=n)
        check_csr(indptr, indices, n_pre, n_post, autapses)
        assert indptr[-1] == n
    # a row of m pairs out of T holds Hypergeometric(T, m, n) of them; the
    # last draw excluded autapses, so rows >= n_post have m = n_post of the
    # T = n_pre n_post - n_post allowed pairs
    rows = np.diff(indptr)[n_post:]
    T, m = n_pre * n_post - n_post, n_post
    mean = n * m / T
    var = n * (m / T) * (1 - m / T) * (T - n) / (T - 1)
    assert abs(rows.mean() - mean) < 6 * math.sqrt(var / rows.size) + 1e-12
    if n > 1000:
        assert abs(rows.var(ddof=1) - var) < 6 * var * math.sqrt(2.0 / rows.size)


@pytest.mark.parametrize("k, m", [(3, 10), (8, 10), (2, 192)],
                         ids=["floyd", "floyd-complement", "sorting"])
def test_selections_are_uniform_over_subsets(k, m):
    # each row of fixed_outdegree is an independent k-subset of m targets:
    # every one of the C(m, k) subsets must be equally frequent
    subsets = math.comb(m, k)
    n_rows = 12 * subsets if subsets > 1000 else 500 * subsets
    indptr, indices = C.fixed_outdegree(k).connections(n_rows, m, seed=31)
    code = np.zeros(n_rows, np.int64)
    for i in range(k):            # rows are sorted: encode each as a number
        code = code * m + indices[i::k]
    counts = np.unique(code, return_counts=True)[1]
    assert counts.size == subsets
    observed = np.concatenate([counts, np.zeros(subsets - counts.size)])
    assert stats.chisquare(observed).pvalue > 1e-4


def test_fixed_total_is_uniform_over_subsets():
    # 2 pairs of a 3 x 3 grid without autapses (6 pairs): 15 subsets, one
    # draw per seed
    seen = {}
    for seed in range(6000):
        indptr, indices = C.fixed_total(2).connections(3, 3, autapses=False, seed=seed)
        rows = np.repeat(np.arange(3), np.diff(indptr))
        key = tuple(zip(rows.tolist(), indices.tolist()))
        seen[key] = seen.get(key, 0) + 1
    assert len(seen) == math.comb(6, 2)
    assert stats.chisquare(list(seen.values())).pvalue > 1e-4


def test_autapses_excluded_at_the_limits():
    n = 25
    ip, ix = C.fixed_indegree(n - 1).connections(n, n, autapses=False, seed=1)
    assert np.array_equal(ip, np.arange(n + 1) * (n - 1))
    ip2, ix2 = C.all_to_all().connections(n, n, autapses=False)
    assert np.array_equal(ip, ip2) and np.array_equal(ix, ix2)
    ip, ix = C.fixed_total(n * n - n).connections(n, n, autapses=False, seed=2)
    assert np.array_equal(ix, ix2)
    ip, ix = C.fixed_probability(1.0).connections(n, n + 5, autapses=False, seed=3)
    check_csr(ip, ix, n, n + 5, False)
    assert ip[-1] == n * (n + 5) - n


def test_empty_sizes():
    for rule in (C.all_to_all(), C.fixed_probability(0.5), C.fixed_indegree(0),
                 C.fixed_outdegree(0), C.fixed_total(0)):
        for n_pre, n_post in ((0, 0), (0, 5), (5, 0)):
            indptr, indices = rule.connections(n_pre, n_post, autapses=False, seed=1)
            assert indptr.tolist() == [0] * (n_pre + 1) and indices.size == 0
    assert C.fixed_indegree(3).connections(0, 0)[0].tolist() == [0]
    assert C.fixed_outdegree(3).connections(0, 4)[0].tolist() == [0]


# -- distributions -------------------------------------------------------------

N_DIST = 400_000


def _moments_ok(w, mean, var, kurtosis_excess=0.0):
    n = w.size
    assert abs(w.mean() - mean) < 5 * math.sqrt(var / n)
    sd_var = var * math.sqrt((2.0 + kurtosis_excess) / n)
    assert abs(w.var(ddof=1) - var) < 5 * sd_var


def test_normal_against_scipy():
    w = C.normal(1.5, 0.7).sample(N_DIST, seed=41)
    _moments_ok(w, 1.5, 0.49)
    assert stats.kstest(w, stats.norm(1.5, 0.7).cdf).pvalue > 1e-4


def test_truncated_normal_against_scipy():
    mean, std, low, high = 1.0, 2.0, 0.0, 3.0
    w = C.normal(mean, std, low=low, high=high).sample(N_DIST, seed=42)
    assert w.min() >= low and w.max() <= high
    ref = stats.truncnorm((low - mean) / std, (high - mean) / std, loc=mean, scale=std)
    _moments_ok(w, ref.mean(), ref.var(), kurtosis_excess=ref.stats(moments="k"))
    assert stats.kstest(w, ref.cdf).pvalue > 1e-4
    # a clipped normal (values piled on the bounds) would fail
    assert np.mean(w == low) < 1e-4


def test_lognormal_and_uniform_against_scipy():
    w = C.lognormal(0.2, 0.5).sample(N_DIST, seed=43)
    ref = stats.lognorm(s=0.5, scale=math.exp(0.2))
    assert abs(w.mean() - ref.mean()) < 5 * ref.std() / math.sqrt(N_DIST)
    assert stats.kstest(w, ref.cdf).pvalue > 1e-4
    assert stats.kstest(np.log(w), stats.norm(0.2, 0.5).cdf).pvalue > 1e-4
    u = C.uniform(-2.0, 6.0).sample(N_DIST, seed=44)
    assert u.min() >= -2.0 and u.max() <= 6.0
    _moments_ok(u, 2.0, 64.0 / 12.0, kurtosis_excess=-1.2)
    assert stats.kstest(u, stats.uniform(-2.0, 8.0).cdf).pvalue > 1e-4
    assert np.all(C.constant(-9.0).sample(7, seed=1) == -9.0)


def test_degenerate_distributions():
    assert np.all(C.normal(3.0, 0.0).sample(5, seed=1) == 3.0)
    assert np.all(C.lognormal(0.0, 0.0).sample(5, seed=1) == 1.0)
    assert np.all(C.uniform(2.0, 2.0).sample(5, seed=1) == 2.0)
    assert C.normal(0.0, 1.0).sample(0, seed=1).shape == (0,)


# ---------------------------------------------------------------------------
# objects: immutable, compared by value, shown as made
# ---------------------------------------------------------------------------

def test_repr_equality_and_immutability():
    assert repr(C.fixed_probability(0.02)) == "fixed_probability(p=0.02)"
    assert repr(C.fixed_indegree(5)) == "fixed_indegree(k=5)"
    assert repr(C.fixed_total(10)) == "fixed_total(n=10)"
    assert repr(C.all_to_all()) == "all_to_all()"
    assert repr(C.normal(1.0, 0.5, low=0.0)) == "normal(mean=1.0, std=0.5, low=0.0)"
    assert repr(C.lognormal(0, 1)) == "lognormal(mu=0.0, sigma=1.0)"
    assert C.fixed_probability(0.1) == C.fixed_probability(0.1)
    assert C.fixed_probability(0.1) != C.fixed_probability(0.2)
    assert C.fixed_indegree(3) != C.fixed_outdegree(3)
    assert len({C.normal(0, 1), C.normal(0.0, 1.0), C.uniform(0, 1)}) == 2
    rule = C.fixed_probability(0.1)
    with pytest.raises(AttributeError, match="immutable"):
        rule.p = 0.5
    with pytest.raises(AttributeError):
        rule.q = 0.5
    assert rule.p == 0.1
    assert isinstance(rule, C.Rule) and isinstance(C.constant(1), C.Distribution)
    assert neuroai.connectivity is C


def test_pickle_and_copy_keep_the_parameters():
    import copy
    import pickle
    for obj in (C.fixed_probability(0.2), C.fixed_total(5), C.all_to_all(),
                C.normal(1.0, 0.5, low=0.0), C.lognormal(0.0, 1.0), C.constant(3.0)):
        for twin in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj), copy.copy(obj)):
            assert twin == obj and type(twin) is type(obj) and repr(twin) == repr(obj)
    back = pickle.loads(pickle.dumps(C.fixed_probability(0.2)))
    assert np.array_equal(back.connections(20, 20, seed=1)[1],
                          C.fixed_probability(0.2).connections(20, 20, seed=1)[1])
    with pytest.raises(AttributeError, match="immutable"):
        back.p = 0.3


def test_inputs_are_not_modified_and_results_are_fresh():
    n = np.int64(30)
    a = C.fixed_total(20).connections(n, n, seed=1)
    b = C.fixed_total(20).connections(n, n, seed=1)
    a[1][:] = -1
    assert b[1].min() >= 0


# ---------------------------------------------------------------------------
# bad input: clear errors naming the rule and the parameter
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("make, exc, match", [
    (lambda: C.fixed_probability(1.5), ValueError, r"fixed_probability: p .* \[0, 1\]"),
    (lambda: C.fixed_probability(-0.1), ValueError, r"p .*\[0, 1\], got -0.1"),
    (lambda: C.fixed_probability(float("nan")), ValueError, "p"),
    (lambda: C.fixed_probability("0.1"), TypeError, "real number"),
    (lambda: C.fixed_probability(True), TypeError, "real number"),
    (lambda: C.fixed_indegree(-1), ValueError, r"fixed_indegree: k .* >= 0"),
    (lambda: C.fixed_indegree(2.5), TypeError, r"fixed_indegree: k .* integer"),
    (lambda: C.fixed_indegree(3.0), TypeError, "integer"),
    (lambda: C.fixed_outdegree(True), TypeError, "integer"),
    (lambda: C.fixed_total(-5), ValueError, r"fixed_total: n"),
    (lambda: C.fixed_total(2 ** 63), ValueError, "2\\*\\*63"),
    (lambda: C.normal(0.0, -1.0), ValueError, r"normal: std must be >= 0"),
    (lambda: C.normal(float("nan"), 1.0), ValueError, "normal: mean must be finite"),
    (lambda: C.normal(0.0, 1.0, low=1.0, high=0.0), ValueError, "low must be <= high"),
    (lambda: C.normal(0.0, 1.0, low=4.0), ValueError, "at least 0.001"),
    (lambda: C.normal(0.0, 0.0, low=1.0), ValueError, "fraction 0"),
    (lambda: C.normal(1e308, 1e307), ValueError, "finite in float64"),
    (lambda: C.uniform(1.0, 0.0), ValueError, "uniform: low must be <= high"),
    (lambda: C.uniform(-1e308, 1e308), ValueError, "high - low must be finite"),
    (lambda: C.uniform(0.0, float("inf")), ValueError, "uniform: high must be finite"),
    (lambda: C.lognormal(0.0, -1.0), ValueError, "lognormal: sigma"),
    (lambda: C.lognormal(700.0, 1.0), ValueError, "overflows"),
    (lambda: C.constant("a"), TypeError, "constant: value"),
])
def test_bad_parameters(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


@pytest.mark.parametrize("rule, args, kw, exc, match", [
    (C.fixed_indegree(40), (40, 10), dict(autapses=False), ValueError,
     r"fixed_indegree\(k=40\).*40 distinct presynaptic partners, but only 39.*k <= 39"),
    (C.fixed_indegree(41), (40, 10), {}, ValueError, "only 40"),
    (C.fixed_outdegree(11), (5, 10), {}, ValueError, r"fixed_outdegree\(k=11\).*only 10"),
    (C.fixed_total(91), (10, 10), dict(autapses=False), ValueError,
     r"fixed_total\(n=91\).*only 90.*autapses excluded"),
    (C.one_to_one(), (4, 5), {}, ValueError, "n_pre == n_post"),
    (C.one_to_one(), (4, 4), dict(autapses=False), ValueError, "connect nothing"),
    (C.fixed_probability(0.1), (-1, 5), {}, ValueError, r"n_pre .* \[0, 2\*\*63\)"),
    (C.fixed_probability(0.1), (2 ** 63, 0), {}, ValueError, "n_pre"),
    (C.fixed_probability(0.1), (5.0, 5), {}, TypeError, "n_pre .* integer"),
    (C.fixed_probability(0.1), (5, 5), dict(seed=-1), ValueError, "seed"),
    (C.fixed_probability(0.1), (5, 5), dict(seed=1.5), TypeError, "seed"),
    (C.fixed_probability(0.1), (5, 5), dict(autapses="no"), TypeError, "autapses"),
    (C.fixed_probability(0.1), (2 ** 40, 2 ** 40), {}, ValueError, "int64"),
])
def test_bad_connection_calls(rule, args, kw, exc, match):
    with pytest.raises(exc, match=match):
        rule.connections(*args, **kw)


def test_bad_sample_calls():
    with pytest.raises(ValueError, match=r"n \(number of values\) must be >= 0"):
        C.normal(0, 1).sample(-1)
    with pytest.raises(TypeError, match="integer"):
        C.normal(0, 1).sample(2.5)
    with pytest.raises(TypeError, match="seed"):
        C.normal(0, 1).sample(3, seed="x")


# ---------------------------------------------------------------------------
# memory: refused up front, with the size
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("rule, n_pre, n_post", [
    (C.fixed_probability(0.5), 10 ** 6, 10 ** 6),
    (C.all_to_all(), 3 * 10 ** 6, 10 ** 6),
    (C.fixed_indegree(10 ** 6), 2 * 10 ** 6, 10 ** 6),
    (C.fixed_total(10 ** 12), 10 ** 6, 10 ** 6),
])
def test_huge_rules_are_refused_before_any_work(rule, n_pre, n_post):
    # the message of the up-front check (drawing first would take minutes,
    # then fail in NumPy's allocation with another message)
    with pytest.raises(MemoryError, match=r"would need up to [0-9.e+]+ GB .*connections"):
        rule.connections(n_pre, n_post, seed=1)


def test_huge_sample_is_refused():
    with pytest.raises(MemoryError, match="GB"):
        C.normal(0, 1).sample(10 ** 15, seed=1)
