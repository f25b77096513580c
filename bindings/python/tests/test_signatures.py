"""inspect.signature works on every public callable of the package: module functions,
classes that can be constructed, and their methods. A callable added without a signature
fails here."""
import inspect
import types

import pytest

import vigil


# pybind11 gives a class without constructor a slot wrapper that raises TypeError.
_NOT_A_CONSTRUCTOR = types.WrapperDescriptorType


def _public_callables():
    for name in vigil.__all__:
        obj = getattr(vigil, name)
        if isinstance(obj, type):
            if issubclass(obj, BaseException):
                continue  # exceptions take Exception's (*args)
            if not isinstance(vars(obj).get("__init__", object.__init__), _NOT_A_CONSTRUCTOR):
                yield name, obj  # a class Python code constructs
            for member, value in vars(obj).items():
                if member.startswith("_") and member != "__init__":
                    continue
                if isinstance(value, property):
                    continue
                attribute = getattr(obj, member)
                if callable(attribute):
                    yield f"{name}.{member}", attribute
        elif callable(obj):
            yield name, obj


CALLABLES = list(_public_callables())


@pytest.mark.parametrize("name,obj", CALLABLES, ids=[name for name, _ in CALLABLES])
def test_every_public_callable_has_a_signature(name, obj):
    inspect.signature(obj)  # ValueError when there is none


def test_the_walk_covers_functions_classes_and_methods():
    names = {name for name, _ in _public_callables()}
    assert {"hash_file", "Engine", "Engine.scan_many", "BankStore.import_list", "BankStore.add",
            "PdqHash.from_hex", "ReportQueue.enqueue", "Signal"} <= names


def test_signatures_name_the_parameters_and_defaults():
    signature = inspect.signature(vigil.hash_file)
    assert list(signature.parameters) == ["path", "signals", "dihedral"]
    assert signature.parameters["signals"].default == ["pdq", "md5"]
    assert signature.parameters["dihedral"].default is False
    assert list(inspect.signature(vigil.Engine).parameters) == ["config_path"]
    assert list(inspect.signature(vigil.BankStore).parameters) == ["directory"]
    assert list(inspect.signature(vigil.Engine.scan).parameters) == [
        "self", "media", "metadata", "path"]
    assert inspect.signature(vigil.Engine.from_toml).parameters["source_name"].default == (
        "<string>")
    scan_many = inspect.signature(vigil.Engine.from_toml(
        '[[detector]]\nplugin = "org.vigil.hashing"\n').scan_many)  # bound: no self
    assert list(scan_many.parameters) == ["media", "jobs", "metadata", "return_exceptions"]
    assert "mapping" in inspect.signature(vigil.BankStore.import_list).parameters


def test_docstrings_keep_the_typed_signature_and_the_text():
    doc = vigil.hash_file.__doc__
    assert doc.startswith("hash_file(path: os.PathLike")
    assert "{type: value} for a file" in doc
    assert vigil.Engine.__doc__.startswith("A scanning engine")
