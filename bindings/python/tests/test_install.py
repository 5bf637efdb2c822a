# SPDX-License-Identifier: MIT
# The package installed by `cmake --install <build> --component python` (what scripts/install-python runs)
# imports from outside the build tree: cwd /tmp, PYTHONPATH = only the install directory.
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import bittensor_cpp

CHECK = r"""
import os, sys
import bittensor_cpp as bt
from bittensor_cpp.crypto import Keypair, blake2b_256
from bittensor_cpp.crypto.sr25519 import keypair_from_seed
import bittensor_cpp.metadata, bittensor_cpp.core
root = os.path.realpath(sys.argv[1])
assert os.path.realpath(bt.__file__).startswith(root), (bt.__file__, root)
assert os.path.realpath(bt._core.__file__).startswith(root), bt._core.__file__
assert Keypair.create_from_uri("//Alice").ss58_address == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
assert blake2b_256(b"").hex().startswith("0e5751c0")
stubs = [p for p in os.listdir(os.path.dirname(bt.__file__)) if p.endswith(".pyi")]
assert "__init__.pyi" in stubs and "crypto" in os.listdir(os.path.dirname(bt.__file__)), stubs
assert os.path.exists(os.path.join(os.path.dirname(bt.__file__), "py.typed"))
print("ok", bt.__version__)
"""


def build_dir():
    env = os.environ.get("BT_BUILD_DIR")
    if env:
        return pathlib.Path(env)
    # <build>/python/bittensor_cpp/__init__.py
    return pathlib.Path(bittensor_cpp.__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("cmake") is None, reason="cmake not installed")
def test_installed_package_imports_outside_build_tree(tmp_path):
    build = build_dir()
    if not (build / "CMakeCache.txt").exists():
        pytest.skip("not running from a CMake build tree (no %s)" % (build / "CMakeCache.txt"))
    target = tmp_path / "site"
    subprocess.run(["cmake", "--install", str(build), "--component", "python", "--prefix", str(target)],
                   check=True, capture_output=True, text=True)
    assert (target / "bittensor_cpp" / "__init__.py").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(target)
    r = subprocess.run([sys.executable, "-c", CHECK, str(target)], cwd="/tmp", env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("ok ")


def test_install_script_exists_and_documents_usage():
    script = pathlib.Path(__file__).resolve().parents[3] / "scripts" / "install-python"
    assert os.access(script, os.X_OK)
    r = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "--target" in r.stdout
