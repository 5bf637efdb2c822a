# SPDX-License-Identifier: MIT
"""Issue 14 regressions through the Python API: hostile JSON (deep nesting, NUL + junk), NUL bytes in
paths, bad-type arguments (TypeError or a bittensor_cpp.Error, never a bare RuntimeError), and a
Keypair whose address does not match its key. Each test failed (or crashed the interpreter) before."""
import json
import os
import subprocess
import sys

import pytest

import bittensor_cpp as bt

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "..", "tests", "vectors")
TINY = os.path.join(VECTORS, "yuma", "head_tiny_1v1m.json")
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
ALICE_PK = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")


def _deep_case(tmp_path, depth=100_000):
    doc = json.load(open(TINY))
    doc["steps"][0]["derived"] = "@@"
    text = json.dumps(doc).replace('"@@"', "[" * depth + "]" * depth)
    p = tmp_path / "deep.json"
    p.write_text(text)
    return p


@pytest.mark.skipif(not hasattr(bt, "yuma"), reason="built without the yuma module")
def test_yuma_load_case_deep_nesting_is_a_typed_error(tmp_path):
    # In a child interpreter: before the fix this killed the interpreter (stack overflow).
    p = _deep_case(tmp_path)
    code = (
        "import bittensor_cpp as bt, sys\n"
        "try:\n"
        f"    bt.yuma.load_case({str(p)!r})\n"
        "except bt.YumaError as e:\n"
        "    print('typed:', e); sys.exit(0)\n"
        "sys.exit(3)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ))
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr[-2000:])
    assert "nested deeper" in r.stdout


@pytest.mark.skipif(not hasattr(bt, "yuma"), reason="built without the yuma module")
def test_yuma_load_case_nul_junk_rejected(tmp_path):
    assert bt.yuma.load_case(TINY)["steps"]
    p = tmp_path / "nul.json"
    p.write_bytes(open(TINY, "rb").read() + b"\0junk")
    with pytest.raises(bt.YumaError):
        bt.yuma.load_case(str(p))


def test_keyfile_json_nul_junk_and_depth_rejected():
    w = bt.wallet
    good = json.dumps({"accountId": "0x" + ALICE_PK.hex(), "publicKey": "0x" + ALICE_PK.hex(),
                       "ss58Address": ALICE}).encode()
    assert w.deserialize_keypair_from_keyfile_data(good).ss58_address == ALICE
    for bad in (good + b"\0junk", good[:-1] + b',"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"):
        with pytest.raises(bt.KeyfileError):
            w.deserialize_keypair_from_keyfile_data(bad)


def test_nul_in_paths_rejected(tmp_path):
    with pytest.raises(bt.KeyfileError):
        bt.Keyfile(str(tmp_path / "go\0od"))
    with pytest.raises(bt.KeyfileError):
        bt.Wallet(name="w", hotkey="x\0y", path=str(tmp_path))
    with pytest.raises(bt.KeyfileError):
        bt.Wallet(name="a\0b", path=str(tmp_path))
    with pytest.raises(bt.KeyfileError):
        bt.Wallet(name="w", path=str(tmp_path) + "\0x")
    assert not (tmp_path / "go").exists()
    assert not (tmp_path / "w").exists()


def test_bad_types_raise_type_error_or_bt_error(tmp_path):
    with pytest.raises(bt.Error):
        bt.Keypair.create_from_uri("//Alice", crypto_type=2**40)
    with pytest.raises(bt.Error):
        bt.Keypair.create_from_uri("//Alice", crypto_type=-(2**70))
    with pytest.raises(TypeError):
        bt.Keypair.create_from_uri("//Alice", crypto_type=[1])
    w = bt.Wallet(name="w", hotkey="h", path=str(tmp_path))
    bt.wallet._override_kdf_params_for_tests(3, 1 << 16)
    try:
        w.create_new_coldkey(password="pw")
        w2 = bt.Wallet(name="w", hotkey="h", path=str(tmp_path))
        with pytest.raises(TypeError):
            w2.unlock_coldkey(password_callback=lambda: 12345)
    finally:
        bt.wallet._override_kdf_params_for_tests()


def test_keypair_address_must_match_key():
    k = bt.Keypair(ss58_address=ALICE, public_key=ALICE_PK)
    assert k.ss58_address == ALICE
    with pytest.raises(bt.CryptoError):
        bt.Keypair(ss58_address=BOB, public_key=ALICE_PK)
    with pytest.raises(bt.CryptoError):
        bt.Keypair(ss58_address=BOB, private_key=bt.Keypair.create_from_uri("//Alice").private_key)
    # Address alone still works.
    assert bt.Keypair(ss58_address=BOB).ss58_address == BOB
