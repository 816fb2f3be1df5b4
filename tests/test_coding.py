"""Coding and decoding (notebook 14): entropy and information against closed
forms, SciPy and a NumPy twin; decoders; PCA; avalanches and the branching
process against its closed forms."""
import math
import warnings

import numpy as np
import pytest
from scipy import stats

import neuroai.analysis as A


def pos_zero(x):
    return x == 0.0 and math.copysign(1.0, x) == 1.0


# ---------------------------------------------------------------------------
# NumPy twins
# ---------------------------------------------------------------------------

def twin_entropy(counts):
    c = np.asarray(counts, float)
    p = c[c > 0] / c.sum()
    return float(-(p * np.log2(p)).sum())


def twin_mi(stim, resp):
    stim, resp = np.asarray(stim), np.asarray(resp)
    h_r = twin_entropy(np.unique(resp, return_counts=True)[1])
    h_rs = 0.0
    for s in np.unique(stim):
        r = resp[stim == s]
        h_rs += r.size / resp.size * twin_entropy(np.unique(r, return_counts=True)[1])
    return h_r - h_rs


# ---------------------------------------------------------------------------
# entropy
# ---------------------------------------------------------------------------

def test_entropy_closed_forms_and_the_course_examples():
    assert A.entropy([1, 1]) == 1.0
    assert A.entropy([3, 3, 3, 3]) == 2.0
    assert A.entropy([8] * 8) == 3.0
    assert pos_zero(A.entropy([7, 0]))
    assert pos_zero(A.entropy([0, 0, 5]))
    assert A.entropy([9, 1]) == pytest.approx(0.4690, abs=5e-5)   # the course's 0.469
    p = 0.3
    assert A.entropy([3, 7]) == pytest.approx(-p * math.log2(p) - (1 - p) * math.log2(1 - p),
                                              rel=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_entropy_against_scipy(seed):
    c = np.random.default_rng(seed).integers(0, 50, 40)
    assert A.entropy(c) == pytest.approx(stats.entropy(c, base=2), rel=1e-13)
    m, N = np.count_nonzero(c), c.sum()
    assert A.entropy(c, "miller-madow") == pytest.approx(
        stats.entropy(c, base=2) + (m - 1) / (2 * N * math.log(2)), rel=1e-13)


def test_miller_madow_reduces_the_bias_of_few_samples():
    # 16 equiprobable outcomes, 40 samples per estimate: the plug-in is low
    rng = np.random.default_rng(0)
    plug, mm = [], []
    for _ in range(400):
        c = np.bincount(rng.integers(0, 16, 40), minlength=16)
        plug.append(A.entropy(c))
        mm.append(A.entropy(c, correction="miller-madow"))
    assert abs(np.mean(mm) - 4.0) < abs(np.mean(plug) - 4.0) / 2
    assert np.mean(plug) < 4.0


def test_response_entropy_of_counts_and_words():
    assert A.response_entropy([3, 3, 5, 5]) == 1.0
    words = np.array([[0, 1], [1, 0], [0, 1], [1, 1]])
    assert A.response_entropy(words) == pytest.approx(1.5)
    r = np.random.default_rng(2).poisson(3, 500)
    assert A.response_entropy(r) == pytest.approx(twin_entropy(np.bincount(r)), rel=1e-13)


def test_entropy_refuses_what_is_not_counts():
    for bad, match in [([], "non-empty"), ([0, 0], "not all 0"), ([1, -1], ">= 0"),
                       ([0.5, 0.5], "whole numbers"), ([[1, 2]], "1-D")]:
        with pytest.raises(ValueError, match=match):
            A.entropy(bad)
    with pytest.raises(ValueError, match="correction"):
        A.entropy([1, 1], correction="panzeri")


# ---------------------------------------------------------------------------
# mutual information
# ---------------------------------------------------------------------------

def test_mutual_information_the_course_doctests():
    s = [0] * 4 + [1] * 4
    assert A.mutual_information(s, [10] * 4 + [20] * 4) == 1.0
    assert pos_zero(A.mutual_information(s, [15] * 8))
    assert A.mutual_information(s, [10, 10, 11, 11, 11, 11, 12, 12]) == 0.5
    assert A.mutual_information(["A"] * 4 + ["B"] * 4, [10] * 4 + [20] * 4) == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_mutual_information_against_a_twin(seed):
    rng = np.random.default_rng(seed)
    stim = rng.integers(0, 3, 300)
    resp = rng.poisson(2 + 2 * stim)
    assert A.mutual_information(stim, resp) == pytest.approx(twin_mi(stim, resp), rel=1e-12)
    # Miller-Madow: the plug-in plus ((m_R - 1) - sum_s (m_R|s - 1)) / (2 N ln 2)
    m_r = np.unique(resp).size
    m_rs = sum(np.unique(resp[stim == s]).size - 1 for s in np.unique(stim))
    assert A.mutual_information(stim, resp, "miller-madow") == pytest.approx(
        twin_mi(stim, resp) + ((m_r - 1) - m_rs) / (2 * stim.size * math.log(2)), rel=1e-12)


def test_mutual_information_of_words():
    rng = np.random.default_rng(4)
    stim = rng.integers(0, 2, 200)
    words = (rng.random((200, 3)) < 0.2 + 0.5 * stim[:, None]).astype(int)
    codes = words @ np.array([4, 2, 1])
    assert A.mutual_information(stim, words) == pytest.approx(twin_mi(stim, codes), rel=1e-12)


def test_bias_corrections_bring_independent_data_near_zero():
    rng = np.random.default_rng(5)
    plug, mm, sh = [], [], []
    for k in range(40):
        stim = rng.integers(0, 2, 60)
        resp = rng.poisson(4, 60)                    # independent of the stimulus
        plug.append(A.mutual_information(stim, resp))
        mm.append(A.mutual_information(stim, resp, "miller-madow"))
        sh.append(A.mutual_information(stim, resp, "shuffle", n_shuffles=50, seed=k))
    assert np.mean(plug) > 0.05                       # the plug-in bias
    assert abs(np.mean(mm)) < np.mean(plug) / 2
    assert abs(np.mean(sh)) < np.mean(plug) / 3
    a = A.mutual_information(stim, resp, "shuffle", seed=1)
    assert a == A.mutual_information(stim, resp, "shuffle", seed=1)   # seeded


def test_mutual_information_refuses_mismatched_trials():
    with pytest.raises(ValueError, match="one entry per trial"):
        A.mutual_information([0, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="at least one trial"):
        A.mutual_information([], [])
    with pytest.raises(ValueError, match="correction"):
        A.mutual_information([0, 1], [1, 2], correction="bootstrap")


# ---------------------------------------------------------------------------
# population vectors and decoders
# ---------------------------------------------------------------------------

def course_data(n_trials=50, n_neurons=20, duration=1000.0, delta=5.0, seed=42):
    """Notebook 14's data: two stimuli, neurons 0-9 or 10-19 at +delta Hz,
    Poisson trains (here in ms)."""
    rng = np.random.default_rng(seed)
    rates = {"A": np.full(n_neurons, 15.0), "B": np.full(n_neurons, 15.0)}
    rates["A"][:n_neurons // 2] += delta
    rates["B"][n_neurons // 2:] += delta
    data = {}
    for s, r in rates.items():
        data[s] = [[np.sort(rng.uniform(0, duration, rng.poisson(ri * duration / 1000)))
                    for ri in r] for _ in range(n_trials)]
    return data


def test_population_vectors_are_rates_in_hz():
    trial = [np.array([100.0, 200.0]), np.array([500.0])]
    assert A.population_vectors([trial], 1000.0).tolist() == [[2.0, 1.0]]
    assert A.population_vectors([[np.array([100.0, 200.0]), np.array([400.0])],
                                 [np.array([]), np.array([1.0])]], 500.0).tolist() == \
        [[4.0, 2.0], [0.0, 2.0]]
    with pytest.raises(ValueError, match="same number of neurons"):
        A.population_vectors([trial, [np.array([1.0])]], 1000.0)


def test_template_decoder_is_nearest_centroid():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 4)), rng.integers(0, 3, 60)
    Xt = rng.normal(size=(30, 4))
    dec = A.TemplateDecoder().fit(X, y)
    cents = np.array([X[y == c].mean(axis=0) for c in range(3)])
    assert np.allclose(dec.templates_, cents, rtol=1e-14)
    want = np.argmin(((Xt[:, None, :] - cents[None]) ** 2).sum(axis=2), axis=1)
    assert np.array_equal(dec.predict(Xt), want)
    # a tie goes to the class listed first
    tie = A.TemplateDecoder().fit([[0.0], [2.0]], ["b", "a"])
    assert tie.predict([[1.0]]).tolist() == ["a"]
    with pytest.raises(ValueError, match="fit"):
        A.TemplateDecoder().predict([[1.0]])
    with pytest.raises(ValueError, match="features"):
        dec.predict(np.zeros((2, 3)))


def test_decoding_the_course_data():
    data = course_data()
    X = A.population_vectors(data["A"] + data["B"], 1000.0)
    y = np.array([0] * 50 + [1] * 50)
    res = A.decode_accuracy(X, y, n_folds=5, seed=0)
    assert res.accuracy > 0.85 and res.fold_size.tolist() == [20] * 5
    again = A.decode_accuracy(X, y, n_folds=5, seed=0)          # seeded: the same folds
    assert again.accuracy == res.accuracy and np.array_equal(again.fold_accuracy,
                                                             res.fold_accuracy)
    # the notebook's split: first 40 trials to train, last 10 to test
    dec = A.TemplateDecoder().fit(np.vstack([X[:40], X[50:90]]), [0] * 40 + [1] * 40)
    assert dec.score(np.vstack([X[40:50], X[90:]]), [0] * 10 + [1] * 10) >= 0.8
    # one neuron decodes worse than the population
    single = A.decode_accuracy(X[:, :1], y, seed=0).accuracy
    assert single < res.accuracy
    with pytest.raises(ValueError, match="n_folds"):
        A.decode_accuracy(X, y, n_folds=51)


def test_linear_decoder_fallback_learns_the_course_pattern():
    data = course_data(delta=10.0)
    X = A.population_vectors(data["A"] + data["B"], 1000.0)
    y = np.array([0] * 50 + [1] * 50)
    dec = A.LinearDecoder(use_sklearn=False).fit(X, y)
    assert dec.backend_ == "numpy" and dec.score(X, y) > 0.95
    w = dec.coef_[0]
    assert np.all(w[:10] < 0) and np.all(w[10:] > 0)     # B's neurons push toward B
    assert A.decode_accuracy(X, y, decoder="linear", seed=1).accuracy > 0.85
    sep = A.LinearDecoder(use_sklearn=False).fit([[0.0], [1.0], [5.0], [6.0]], [0, 0, 1, 1])
    assert sep.predict([[0.5], [5.5]]).tolist() == [0, 1]
    with pytest.raises(ValueError, match="two classes"):
        A.LinearDecoder(use_sklearn=False).fit([[0.0], [1.0]], [0, 0])


def test_pca_against_the_covariance_eigenvectors():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 5)) @ np.diag([5.0, 3.0, 1.0, 0.5, 0.1])
    res = A.pca(X, 3)
    w, v = np.linalg.eigh(np.cov(X.T))
    order = np.argsort(w)[::-1]
    assert np.allclose(res.explained_variance, w[order][:3], rtol=1e-10)
    assert np.allclose(np.abs(res.components @ v[:, order][:, :3]), np.eye(3), atol=1e-10)
    assert np.allclose(res.components @ res.components.T, np.eye(3), atol=1e-12)
    assert res.scores.shape == (200, 3)
    assert np.allclose(res.explained_variance_ratio, w[order][:3] / w.sum())
    with pytest.raises(ValueError, match="n_components"):
        A.pca(X, 6)


# ---------------------------------------------------------------------------
# avalanches
# ---------------------------------------------------------------------------

def twin_avalanches(a):
    sizes, durs, i = [], [], 0
    while i < len(a):
        if a[i] == 0:
            i += 1
            continue
        j = i
        while j < len(a) and a[j] > 0:
            j += 1
        if i > 0 and j < len(a):
            sizes.append(int(sum(a[i:j])))
            durs.append(j - i)
        i = j
    return sizes, durs


@pytest.mark.parametrize("seed", range(5))
def test_avalanches_against_a_twin(seed):
    a = np.random.default_rng(seed).poisson(0.7, 3000)
    res = A.avalanches(a)
    s, d = twin_avalanches(a)
    assert res.sizes.tolist() == s and res.durations.tolist() == d


def test_avalanches_edges_and_errors():
    assert A.avalanches([3, 0, 1, 1, 0, 2]).sizes.tolist() == [2]
    assert A.avalanches([0, 0, 0]).sizes.size == 0
    assert A.avalanches([]).sizes.size == 0
    with pytest.raises(ValueError, match=">= 0"):
        A.avalanches([0, -1, 0])
    with pytest.raises(ValueError, match="whole numbers"):
        A.avalanches([0, 0.5, 0])


@pytest.mark.parametrize("sigma", [0.3, 0.5, 0.8])
def test_branching_mean_size_is_the_closed_form(sigma):
    n = 40_000
    res = A.branching_avalanches(sigma, n, max_steps=10**9, max_size=10**9, seed=1)
    mean, var = 1 / (1 - sigma), sigma / (1 - sigma) ** 3
    assert abs(res.sizes.mean() - mean) < 5 * math.sqrt(var / n)


def test_branching_sizes_follow_the_borel_law():
    sigma, n = 0.6, 50_000
    s = A.branching_avalanches(sigma, n, max_steps=10**9, max_size=10**9, seed=2).sizes
    for k in range(1, 6):
        p = math.exp(-sigma * k) * (sigma * k) ** (k - 1) / math.factorial(k)
        assert abs(np.mean(s == k) - p) < 5 * math.sqrt(p * (1 - p) / n)


def test_branching_edges_caps_and_seeds():
    zero = A.branching_avalanches(0.0, 10, seed=0)
    assert zero.sizes.tolist() == [1] * 10 and zero.durations.tolist() == [1] * 10
    big = A.branching_avalanches(2.0, 50, max_size=500, seed=3)
    assert big.sizes.max() >= 500 and np.all(big.sizes < 500 + 2 * 10 * 500)
    short = A.branching_avalanches(1.5, 50, max_steps=4, seed=3)
    assert short.durations.max() <= 4
    a = A.branching_avalanches(1.0, 200, seed=9)
    b = A.branching_avalanches(1.0, 50, seed=9)
    assert np.array_equal(a.sizes[:50], b.sizes) and np.array_equal(a.durations[:50],
                                                                    b.durations)
    assert A.branching_avalanches(1.0, 0, seed=1).sizes.size == 0
    for bad in (dict(sigma=-0.1), dict(sigma=25.0), dict(max_steps=0), dict(max_size=0)):
        kw = dict(sigma=1.0, n=3, seed=1)
        kw.update(bad)
        with pytest.raises(ValueError):
            A.branching_avalanches(**kw)


def test_critical_branching_exponent_is_three_halves():
    s = A.branching_avalanches(1.0, 40_000, max_steps=10**6, max_size=10**6, seed=4).sizes
    alpha = A.power_law_exponent(s, s_min=10)
    assert abs(alpha - 1.5) < 0.08
    sub = A.power_law_exponent(A.branching_avalanches(0.7, 40_000, seed=4).sizes, s_min=10)
    assert sub > alpha + 0.3                         # subcritical: a steeper fall
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert math.isnan(A.power_law_exponent([1, 2], s_min=5))
    assert any(issubclass(x.category, A.UndefinedStatisticWarning) for x in w)
