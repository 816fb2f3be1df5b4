"""The package is typed (py.typed) and neuroai/_core.pyi describes exactly the
built binding: every function and constant, with the argument names it takes."""
import ast
from pathlib import Path

import pytest

import neuroai
from neuroai import _core

PKG = Path(neuroai.__file__).resolve().parent


def _stub():
    tree = ast.parse((PKG / "_core.pyi").read_text(encoding="utf-8"))
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    consts = {n.target.id for n in tree.body
              if isinstance(n, ast.AnnAssign) and not n.target.id.startswith("_")}
    return funcs, consts


def test_package_is_marked_typed():
    assert (PKG / "py.typed").is_file()


def test_stub_names_every_core_function_and_constant():
    funcs, consts = _stub()
    public = [n for n in dir(_core) if not n.startswith("_")]
    assert set(funcs) == {n for n in public if callable(getattr(_core, n))}
    assert consts == {n for n in public if not callable(getattr(_core, n))}


def test_stub_constants_have_the_built_types():
    tree = ast.parse((PKG / "_core.pyi").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and not node.target.id.startswith("_"):
            text = ast.unparse(node.annotation)          # e.g. Final[int]
            inner = text[len("Final["):-1].split("[")[0]
            assert type(getattr(_core, node.target.id)).__name__ == inner, node.target.id


@pytest.mark.parametrize("name", sorted(_stub()[0]))
def test_stub_arguments_are_the_bindings(name):
    """Every name in the stub is a keyword the function accepts, and the
    required ones are those without a default, in the stub's order."""
    fn = _stub()[0][name]
    args = [a.arg for a in fn.args.args]
    n_required = len(args) - len(fn.args.defaults)
    f = getattr(_core, name)
    # all names given (as wrong objects): the binding rejects a value, not a name
    with pytest.raises((TypeError, ValueError)) as info:
        f(**{a: object() for a in args})
    assert "unexpected keyword argument" not in str(info.value)
    assert "missing argument" not in str(info.value)
    # the last required one left out: the binding names it
    with pytest.raises(TypeError, match=f"missing argument '{args[n_required - 1]}'"):
        f(**{a: object() for a in args[:n_required - 1]})
