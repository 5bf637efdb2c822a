# SPDX-License-Identifier: MIT
# The .pyi stubs next to the modules: valid Python, every stub name exists at runtime (imported from the
# module the stub describes), and every public runtime name has a stub.
import ast
import importlib
import os
import pathlib

import pytest

import bittensor_cpp

PKG = pathlib.Path(bittensor_cpp.__file__).resolve().parent


def stub_files():
    return sorted(PKG.rglob("*.pyi"))


def module_name(stub):
    rel = stub.relative_to(PKG).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["bittensor_cpp"] + parts)


def top_level_names(tree):
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    names[a.asname] = node
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bittensor_cpp."):
            for a in node.names:
                if node.module != "bittensor_cpp._typing":
                    names[a.asname or a.name] = node
    return names


def test_every_area_has_a_stub():
    expected = {"bittensor_cpp", "bittensor_cpp.core"} | {"bittensor_cpp." + a for a in bittensor_cpp.AREAS}
    if "crypto" in bittensor_cpp.AREAS:
        expected.add("bittensor_cpp.crypto.sr25519")
    assert expected <= {module_name(s) for s in stub_files()}


@pytest.mark.parametrize("stub", stub_files(), ids=lambda p: str(p.relative_to(PKG)))
def test_stub_names_exist_at_runtime(stub):
    tree = ast.parse(stub.read_text())
    mod = importlib.import_module(module_name(stub))
    names = top_level_names(tree)
    assert names, stub
    for name, node in names.items():
        assert hasattr(mod, name), "%s: %s is in the stub but not in the module" % (stub.name, name)
        if isinstance(node, ast.ClassDef):
            cls = getattr(mod, name)
            for item in node.body:
                member = None
                if isinstance(item, ast.FunctionDef):
                    member = item.name
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    member = item.target.id
                if member:
                    assert hasattr(cls, member), "%s.%s.%s" % (module_name(stub), name, member)
    public = getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]
    missing = [n for n in public if n not in names]
    assert not missing, "%s: runtime names without a stub: %s" % (stub.name, missing)


def test_stubs_name_the_byte_roles():
    if "subtensor" not in bittensor_cpp.AREAS:
        pytest.skip("built without subtensor")
    text = (PKG / "subtensor.pyi").read_text()
    assert "hotkey: AccountId32Like" in text
    assert "-> Hash256" in text
