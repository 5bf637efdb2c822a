# SPDX-License-Identifier: MIT
"""bittensor_cpp.Metadata and value/storage helpers against the real subtensor metadata."""
from pathlib import Path

import pytest

import bittensor_cpp as bt

if not hasattr(bt, "Metadata"):
    pytest.skip("built without the metadata module", allow_module_level=True)

VECTORS = Path(__file__).resolve().parents[3] / "tests" / "vectors" / "metadata"
ALICE = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")


@pytest.fixture(scope="module")
def md():
    return bt.Metadata.from_bytes((VECTORS / "raonet_v15.scale").read_bytes())


def test_decode_raw_and_hex():
    raw = (VECTORS / "raonet_v14.scale").read_bytes()
    a = bt.Metadata.from_bytes(raw)
    b = bt.Metadata.from_bytes("0x" + raw.hex())
    assert a.version == b.version == 14
    assert a.pallet_names == b.pallet_names
    assert "SubtensorModule" in a.pallet_names
    s = a.summary()
    assert s["extrinsic"]["version"] == 4
    assert "CheckMetadataHash" in s["extrinsic"]["extensions"]
    st = [p for p in s["pallets"] if p["name"] == "SubtensorModule"][0]
    assert st["calls"][0] == "set_weights"


def test_bad_metadata():
    with pytest.raises(bt.MetadataError):
        bt.Metadata.from_bytes(b"nope")
    raw = (VECTORS / "raonet_v14.scale").read_bytes()
    with pytest.raises(bt.DecodeError):
        bt.Metadata.from_bytes(raw[:1000])


def test_calls(md):
    assert md.call_index("SubtensorModule", "set_weights") == (7, 0)
    args = {"netuid": 1, "dests": [0, 1], "weights": [65535, 0], "version_key": 0}
    call = md.encode_call("SubtensorModule", "set_weights", args)
    assert call.hex() == "07000100080000010008ffff00000000000000000000"
    assert md.encode_call("SubtensorModule", "set_weights", [1, [0, 1], [65535, 0], 0]) == call
    dec = md.decode_call(call)
    assert dec["pallet"] == "SubtensorModule" and dec["call"] == "set_weights"
    assert dec["args"] == args
    assert [a[0] for a in md.call_args("SubtensorModule", "set_weights")] == ["netuid", "dests", "weights", "version_key"]
    with pytest.raises(bt.MetadataError):
        md.encode_call("SubtensorModule", "set_weights", {"netuid": 70000, "dests": [], "weights": [], "version_key": 0})
    with pytest.raises(bt.MetadataError):
        md.call_index("SubtensorModule", "nope")
    with pytest.raises(bt.DecodeError):
        md.decode_call(call + b"\x00")


def test_storage(md):
    key = md.storage_key("System", "Account", [ALICE])
    assert key.hex() == (
        "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
        "de1e86a9a8c739864cf3cc5ec2bea59f" + ALICE.hex()
    )
    assert md.storage_key("System", "Account") == bt.scale.storage_prefix("System", "Account")
    assert bt.scale.storage_key(md, "System", "Account", ["0x" + ALICE.hex()]) == key
    assert md.decode_storage_key("System", "Account", key) == [ALICE]
    assert bt.scale.hash_key("Twox128", b"System").hex() == "26aa394eea5630e07c48ae0c9558cef7"
    assert len(bt.scale.hash_key("Blake2_128Concat", b"abc")) == 19
    with pytest.raises(ValueError):
        bt.scale.hash_key("Sha3", b"")
    with pytest.raises(bt.MetadataError):
        md.decode_storage_key("System", "Account", key + b"\x00")
    assert md.decode_storage_value("SubtensorModule", "Tempo", bytes.fromhex("6800")) == 104
    assert md.decode_storage_value("System", "ExtrinsicCount", None) is None
    assert isinstance(md.decode_storage_value("SubtensorModule", "Tempo", None), int)


def test_values_by_type(md):
    u128 = next(i for i in range(md.type_count) if md.type_name(i) == "u128")
    big = 2**128 - 1
    enc = bt.scale.encode_value(md, u128, big)
    assert enc == b"\xff" * 16
    assert bt.scale.decode_value(md, u128, enc) == big
    assert bt.scale.decode_value_json(md, u128, enc) == '"340282366920938463463374607431768211455"'
    with pytest.raises(bt.MetadataError):
        bt.scale.encode_value(md, u128, -1)
    with pytest.raises(bt.DecodeError):
        bt.scale.decode_value(md, u128, b"\x00")
    assert md.constant("System", "SS58Prefix") == 42


def test_dispatch_error(md):
    pi = md.pallet_index("SubtensorModule")
    errors = [p for p in md.summary()["pallets"] if p["name"] == "SubtensorModule"][0]["errors"]
    ei = errors.index("SettingWeightsTooFast")
    info = md.decode_dispatch_error(bytes([3, pi, ei, 0, 0, 0]))
    assert info["pallet"] == "SubtensorModule"
    assert info["error"] == "SettingWeightsTooFast"
    assert info["message"].startswith("SubtensorModule.SettingWeightsTooFast")
    assert md.decode_dispatch_error(b"\x02")["kind"] == "BadOrigin"


def test_events(md):
    import json

    ref = json.loads((VECTORS / "polkadotjs_raonet_v15.json").read_text())
    events = md.decode_events(bytes.fromhex(ref["events_blob"][2:]))
    assert len(events) == len(ref["events"]) > 100
    for mine, theirs in zip(events, ref["events"]):
        assert mine["name"] == theirs["name"]
        assert mine["pallet_index"] == theirs["pallet_index"]
        assert mine["phase"] == theirs["phase"]
        assert ["0x" + t.hex() for t in mine["topics"]] == theirs["topics"]
    # an empty event list and a malformed one
    assert md.decode_events(b"\x00") == []
    with pytest.raises(bt.DecodeError):
        md.decode_events(b"\x04")
