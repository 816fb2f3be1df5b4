"""Perceptron and activations against NumPy and the perceptron rule."""
import warnings

import numpy as np
import pytest

import neuroai
from neuroai import _core
from reference.perceptron import perceptron_rule, sigmoid as ref_sigmoid

GATES_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def test_sigmoid_accurate_and_warning_free():
    z = np.concatenate([np.linspace(-745, 745, 20001), [-1e308, 1e308, -0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            s = neuroai.sigmoid(z)
    # exact value by mpmath-free means: 1/(1+e^-z) = e^z/(1+e^z), computed
    # in long double where available
    zl = z.astype(np.longdouble)
    with np.errstate(over="ignore", invalid="ignore"):
        want = np.where(zl >= 0, 1 / (1 + np.exp(-zl)), np.exp(zl) / (1 + np.exp(zl)))
    np.testing.assert_allclose(s, want.astype(float), rtol=1e-15, atol=0)
    assert neuroai.sigmoid(0.0) == 0.5 and isinstance(neuroai.sigmoid(0.0), float)
    np.testing.assert_allclose(neuroai.sigmoid(z[:100]), ref_sigmoid(z[:100]), rtol=1e-15)


def test_other_activations():
    z = np.array([-3.0, -1e-12, 0.0, 2.5, 1e300])
    np.testing.assert_array_equal(neuroai.relu(z), np.maximum(z, 0))
    np.testing.assert_allclose(neuroai.tanh(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(neuroai.step(z), [0, 0, 1, 1, 1])
    assert neuroai.relu(-2) == 0.0
    with pytest.raises(ValueError, match="NaN"):
        neuroai.sigmoid([0.0, np.nan])
    with pytest.raises(TypeError):
        neuroai.relu("1.0")


def test_forward_matches_numpy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 5))
    for act, f in [("sigmoid", ref_sigmoid), ("relu", lambda z: np.maximum(z, 0)),
                   ("tanh", np.tanh), ("step", lambda z: (z >= 0).astype(float))]:
        p = neuroai.Perceptron(5, activation=act, seed=1)
        z = X @ p.weights + p.bias
        np.testing.assert_allclose(p.forward(X), f(z), rtol=1e-12, atol=1e-15)
        assert isinstance(p.forward(X[0]), float)
        assert p.forward(X[0]) == pytest.approx(float(f(z[0])), rel=1e-12)


def test_random_initialisation_scales():
    p = neuroai.Perceptron(20000, seed=7)
    assert np.std(p.weights) == pytest.approx(0.5, rel=0.03)
    assert abs(p.bias) < 0.5
    b = [neuroai.Perceptron(1, seed=s).bias for s in range(2000)]
    assert np.std(b) == pytest.approx(0.1, rel=0.1)
    q = neuroai.Perceptron(weights=[1.0, -2.0])
    assert q.bias == 0.0 and q.n_inputs == 2
    np.testing.assert_array_equal(neuroai.Perceptron(3, seed=4).weights,
                                  neuroai.Perceptron(3, seed=4).weights)


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 1]], ids=["AND", "OR"])
def test_learns_and_or(y):
    p = neuroai.Perceptron(weights=[0.0, 0.0], bias=0.0, activation="step")
    errors = p.fit(GATES_X, y, epochs=50)
    assert errors[-1] == 0 and len(errors) < 50
    np.testing.assert_array_equal(p.predict(GATES_X), y)
    # same trajectory as the rule written out in NumPy
    w, b, ref_errors = perceptron_rule(GATES_X, np.array(y, float), [0.0, 0.0], 0.0, 50)
    np.testing.assert_array_equal(errors, ref_errors)
    np.testing.assert_array_equal(p.weights, w)
    assert p.bias == b


def test_xor_never_converges():
    for seed in (None, 0, 1, 2):
        p = neuroai.Perceptron(2, seed=3)
        errors = p.fit(GATES_X, [0, 1, 1, 0], epochs=200, seed=seed)
        assert len(errors) == 200
        assert errors.min() > 0
        assert np.any(p.predict(GATES_X) != [0, 1, 1, 0])


def test_shuffled_fit_is_reproducible():
    a = neuroai.Perceptron(weights=[0.0, 0.0])
    b = neuroai.Perceptron(weights=[0.0, 0.0])
    ea = a.fit(GATES_X, [0, 0, 0, 1], seed=42)
    eb = b.fit(GATES_X, [0, 0, 0, 1], seed=42)
    np.testing.assert_array_equal(ea, eb)
    np.testing.assert_array_equal(a.weights, b.weights)


@pytest.mark.parametrize("seed", [None, 0, 2**64 - 1, 12345])
def test_shuffled_fit_follows_the_documented_shuffle(seed):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(9, 3))
    y = (rng.random(9) < 0.5).astype(float)
    p = neuroai.Perceptron(weights=[0.25, -0.5, 1.0], bias=0.1)
    errors = p.fit(X, y, epochs=40, learning_rate=0.3, seed=seed)
    w, b, ref_errors = perceptron_rule(X, y, [0.25, -0.5, 1.0], 0.1, 40, lr=0.3, seed=seed)
    np.testing.assert_array_equal(errors, ref_errors)
    np.testing.assert_array_equal(p.weights, w)
    assert p.bias == b


@pytest.mark.parametrize("seed", [None, 3])
def test_long_fit_in_many_steps_equals_the_rule(seed):
    # a fit the core cuts into steps of whole epochs (each at most
    # CHUNK_UPDATES multiply-adds); a repeated sample with both labels keeps
    # it from converging, so every epoch runs
    rng = np.random.default_rng(8)
    n, n_in, epochs = 50, 2000, 400
    X = rng.normal(size=(n, n_in))
    X[1] = X[0]
    y = (rng.random(n) < 0.5).astype(float)
    y[0], y[1] = 0.0, 1.0
    assert epochs * n * n_in >= 3 * _core.CHUNK_UPDATES      # three steps at least
    w0 = rng.normal(size=n_in)
    p = neuroai.Perceptron(weights=w0, bias=-0.2)
    errors = p.fit(X, y, epochs=epochs, learning_rate=0.37, seed=seed)
    w, b, ref_errors = perceptron_rule(X, y, w0, -0.2, epochs, lr=0.37, seed=seed)
    assert len(errors) == epochs and errors.min() > 0
    np.testing.assert_array_equal(errors, ref_errors)
    np.testing.assert_array_equal(p.weights, w)
    assert p.bias == b


def test_perceptron_layer():
    x = np.array([0.2, -1.0, 0.7])
    out = neuroai.perceptron_layer(x, n_neurons=10, seed=3)
    rng = np.random.default_rng(3)
    W = rng.normal(0, 0.5, (10, 3))
    b = rng.normal(0, 0.1, 10)
    np.testing.assert_allclose(out, ref_sigmoid(W @ x + b), rtol=1e-14)
    assert neuroai.perceptron_layer(np.ones((4, 3)), n_neurons=6, seed=0).shape == (4, 6)


def test_bad_input_messages():
    p = neuroai.Perceptron(2, seed=0)
    with pytest.raises(ValueError, match=r"labels y must be 0 or 1.*2\.0"):
        p.fit(GATES_X, [0, 1, 2, 0])
    with pytest.raises(ValueError, match="same number of samples"):
        p.fit(GATES_X, [0, 1, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        p.fit(np.ones((4, 3)), [0, 1, 1, 0])
    with pytest.raises(ValueError, match="2 inputs"):
        p.forward([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="finite"):
        p.forward([1.0, np.inf])
    with pytest.raises(ValueError, match="activation must be one of"):
        neuroai.Perceptron(2, activation="softmax")
    with pytest.raises(ValueError, match="n_inputs"):
        neuroai.Perceptron()
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        p.fit(GATES_X, [0, 0, 0, 1], learning_rate=0)
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        p.fit(GATES_X, [0, 0, 0, 1], epochs=0)
    X = GATES_X.copy()
    y = np.array([0, 0, 0, 1])
    p.fit(X, y)
    np.testing.assert_array_equal(X, GATES_X)
    np.testing.assert_array_equal(y, [0, 0, 0, 1])
