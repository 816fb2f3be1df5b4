"""neuroai/__init__.py's export tables agree with the submodules' __all__."""
import importlib

import pytest

import neuroai

# Public names a submodule exports that are deliberately not re-exported at the
# top: containers of secondary results, constants, helpers, and
# ``stimuli.step`` (the top-level ``step`` is the Heaviside activation).
SUBMODULE_ONLY = {
    "activations": {"ACTIVATIONS"},
    "circuit": {"Population", "Source", "Projection"},
    "analysis": {"UndefinedStatisticWarning", "PSTH", "LatencyCode", "SpikeJitter",
                 # coding and decoding (notebook 14), used as neuroai.analysis.<name>
                 "entropy", "response_entropy", "mutual_information", "population_vectors",
                 "TemplateDecoder", "LinearDecoder", "decode_accuracy", "DecodingResult",
                 "pca", "PCAResult", "avalanches", "branching_avalanches", "Avalanches",
                 "power_law_exponent"},
    "energy": {"Constant", "load_constants", "SUBSTRATES"},
    "hopfield": {"random_patterns", "HEBB_CAPACITY"},
    "learning": {"STDPResult", "STDPState", "FrozenPattern"},
    "lif": set(),
    "network": {"LIFWithSynapseResult"},
    "perceptron": set(),
    "plasticity": set(),
    "spikes": {"as_trains"},
    "stimuli": {"step"},
    "synapses": set(),
    "sweep": {"SweepWarning", "grid_points"},
}


def _module(name):
    return importlib.import_module(f"neuroai.{name}")


def test_lazy_names_are_in_their_modules_all():
    for name, mod in neuroai._LAZY.items():
        m = _module(mod)
        assert name in m.__all__, f"{name} is in _LAZY but not in neuroai.{mod}.__all__"
        assert getattr(neuroai, name) is getattr(m, name)


def test_top_level_all_is_the_eager_names_plus_the_lazy_table():
    assert len(neuroai.__all__) == len(set(neuroai.__all__))
    eager = [n for n in neuroai.__all__ if n not in neuroai._LAZY]
    homes = {n: mod for mod in SUBMODULE_ONLY for n in _module(mod).__all__
             if n not in SUBMODULE_ONLY[mod]}
    for n in eager:
        assert n in homes, f"neuroai.{n} is in no submodule's __all__"
        assert getattr(neuroai, n) is getattr(_module(homes[n]), n)
    assert set(neuroai.__all__) == set(homes), (
        "a submodule exports a name that neither neuroai.__all__ nor "
        "SUBMODULE_ONLY lists (or the other way round)")


@pytest.mark.parametrize("mod", sorted(SUBMODULE_ONLY))
def test_every_module_name_is_exported_or_listed_as_submodule_only(mod):
    m = _module(mod)
    for n in m.__all__:
        assert hasattr(m, n), f"neuroai.{mod}.__all__ lists {n}, which it does not define"
        assert n in SUBMODULE_ONLY[mod] or getattr(neuroai, n) is getattr(m, n), (
            f"neuroai.{mod}.{n} is public but not exported at the top")


def test_submodules_import_and_dir_lists_them():
    for name in neuroai._SUBMODULES:
        assert getattr(neuroai, name) is _module(name)
    assert set(neuroai._LAZY) | set(neuroai._SUBMODULES) <= set(dir(neuroai))
