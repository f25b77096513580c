"""The type stubs (vigil/_vigil.pyi) name exactly what the compiled module exports."""
import ast
import inspect
from pathlib import Path

import vigil
from vigil import _vigil

STUB = Path(_vigil.__file__).with_name("_vigil.pyi")


def _stub_tree():
    return ast.parse(STUB.read_text())


def _public(names):
    return {n for n in names if not n.startswith("_") or n == "__version__"}


def test_stub_exists_and_py_typed():
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()


def test_module_names_match_stub():
    tree = _stub_tree()
    stubbed = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            stubbed.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            stubbed.add(node.target.id)
    stubbed = {n for n in stubbed if not n.startswith("_") or n == "__version__"}
    module = _public(n for n in dir(_vigil) if not n.startswith("__") or n == "__version__")
    assert module == stubbed


def test_class_members_match_stub():
    tree = _stub_tree()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(_vigil, node.name)
        if issubclass(cls, BaseException):
            continue
        stubbed = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        members = {n for n, _ in inspect.getmembers(cls)
                   if not n.startswith("_") or n in ("__init__", "__sub__", "__iter__", "__next__")}
        if node.name == "ScanIterator":
            members.discard("__init__")
        stubbed_public = {n for n in stubbed
                          if not n.startswith("_") or n in members or n == "__init__"}
        # Every public member is stubbed, and every stubbed member exists.
        assert members - {"__init__"} <= stubbed_public, (node.name, members - stubbed_public)
        for name in stubbed_public:
            assert hasattr(cls, name), (node.name, name)


def test_package_reexports_module():
    for name in _public(n for n in dir(_vigil) if not n.startswith("__") or n == "__version__"):
        assert getattr(vigil, name) is getattr(_vigil, name)
    for name in vigil.__all__:
        assert hasattr(vigil, name)


def test_everything_has_docstrings():
    for name in ("pdq", "pdq_dihedral", "hash_file", "hash_bytes", "plugins", "Engine",
                 "PdqHash", "BankStore", "ScanResult", "VigilError", "DecodeError"):
        assert getattr(_vigil, name).__doc__, name
