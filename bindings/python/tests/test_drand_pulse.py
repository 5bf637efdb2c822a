# SPDX-License-Identifier: MIT
"""Auditing timelocked commits with the chain's drand pulses (bittensor_cpp.timelock.audit_chain_commits,
Subtensor.audit_commits). No local runtime has pallet_drand, so the runtime is a V14 metadata written here
(a second, independent writer beside the C++ test builder) with SubtensorModule.TimelockedWeightCommits
and Drand.Pulses as subtensor 14bc6f9f declares them, and the pulse is drand quicknet's real round 1000:
a commit encrypted to quicknet for round 1000 opens with it."""
import json
import pathlib
import struct

import pytest

import bittensor_cpp
from bittensor_cpp import timelock

from ws_fake_node import FakeNode, compact, storage_handler

VEC = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors" / "tlock"
QUICKNET = json.loads((VEC / "bls.json").read_text())["quicknet"]


def text(s):
    return compact(len(s)) + s.encode()


def vec(items):
    return compact(len(items)) + b"".join(items)


def field(ty, name=None):
    return (b"\x01" + text(name) if name else b"\x00") + compact(ty) + b"\x00" + vec([])


def type_entry(i, definition, path=()):
    return compact(i) + vec([text(p) for p in path]) + vec([]) + definition + vec([])


def runtime_v14(with_drand=True):
    """RuntimeMetadataPrefixed V14 with the items the audit reads (type ids in order, as scale-info)."""
    types = [
        b"\x05\x03",  # 0 u8
        b"\x05\x04",  # 1 u16
        b"\x05\x06",  # 2 u64
        b"\x02" + compact(0),  # 3 Vec<u8>
        b"\x03" + struct.pack("<I", 32) + compact(0),  # 4 [u8; 32]
        b"\x00" + vec([field(4)]),  # 5 AccountId32
        b"\x04" + vec([compact(1), compact(2)]),  # 6 (u16, u64)
        b"\x04" + vec([compact(5), compact(2), compact(3), compact(2)]),  # 7 (AccountId32, u64, Vec<u8>, u64)
        b"\x02" + compact(7),  # 8 Vec<7>
        b"\x00" + vec([field(2, "round"), field(3, "randomness"), field(3, "signature")]),  # 9 Pulse
        b"\x00" + vec([]),  # 10 Runtime / extrinsic placeholder
    ]
    paths = {5: ("sp_core", "crypto", "AccountId32"), 9: ("pallet_drand", "types", "Pulse"),
             10: ("node_runtime", "Runtime")}
    registry = vec([type_entry(i, d, paths.get(i, ())) for i, d in enumerate(types)])

    def map_entry(name, modifier, hashers, key, value, default):
        return (text(name) + bytes([modifier]) + b"\x01" + vec([bytes([h]) for h in hashers]) + compact(key)
                + compact(value) + vec([bytes([b]) for b in default]) + vec([]))

    def pallet(name, entries, index):
        return (text(name) + b"\x01" + text(name) + vec(entries) + b"\x00" + b"\x00" + vec([]) + b"\x00"
                + bytes([index]))

    twox64concat, blake2_128concat = 5, 2
    pallets = [pallet("SubtensorModule",
                      [map_entry("TimelockedWeightCommits", 1, [twox64concat, twox64concat], 6, 8, [0])], 7)]
    if with_drand:
        pallets.append(pallet("Drand", [map_entry("Pulses", 0, [blake2_128concat], 2, 9, [0])], 19))
    extrinsic = compact(10) + b"\x04" + vec([])
    return b"meta" + b"\x0e" + registry + vec(pallets) + extrinsic + compact(10)


def queue(commits):
    return vec([who + struct.pack("<Q", block) + compact(len(c)) + c + struct.pack("<Q", rnd)
                for who, block, c, rnd in commits])


def quicknet_commit(who, uids, values, rnd=1000):
    payload = timelock.weights_payload(who, uids, values, 5)
    return timelock.encrypt(timelock.QUICKNET_PUBLIC_KEY, rnd, payload)


def scripted_storage(md):
    """netuid 3 epoch 9: Alice's commit for round 1000 (pulse stored), Bob's for 1001 (no pulse yet) and
    for 1002 (a pulse whose signature is round 1000's: does not verify)."""
    alice, bob = b"\x42" * 32, b"\x43" * 32
    sig = bytes.fromhex(QUICKNET["signature"])
    rnd = bytes.fromhex(QUICKNET["randomness"])
    commits = [(alice, 100, quicknet_commit(alice, [0, 4], [65535, 9]), 1000),
               (bob, 101, quicknet_commit(bob, [1], [7], 1001), 1001),
               (bob, 102, quicknet_commit(bob, [2], [8], 1002), 1002)]
    kv = {
        md.storage_key("SubtensorModule", "TimelockedWeightCommits", [3, 9]): queue(commits),
        md.storage_key("Drand", "Pulses", [1000]): timelock.encode_drand_pulse(1000, rnd, sig),
        md.storage_key("Drand", "Pulses", [1002]): timelock.encode_drand_pulse(1002, rnd, sig),
    }
    return kv, alice


def check_report(report, alice):
    assert [r["status"] for r in report] == ["opened", "pending", "failed"]
    assert report[0]["who"] == alice and report[0]["accepted"] and report[0]["format"] == "v4"
    assert report[0]["uids"] == [0, 4] and report[0]["values"] == [65535, 9] and report[0]["version_key"] == 5
    assert report[0]["epoch"] == 9 and report[0]["error"] is None
    assert report[1]["error"] is None and "uids" not in report[1]
    assert "invalid drand pulse" in report[2]["error"]


def test_pulse_codec_and_bounds():
    sig = bytes.fromhex(QUICKNET["signature"])
    enc = timelock.encode_drand_pulse(1000, b"\x01" * 32, sig)
    assert enc == struct.pack("<Q", 1000) + compact(32) + b"\x01" * 32 + compact(48) + sig
    assert timelock.decode_drand_pulse(enc) == {"round": 1000, "randomness": b"\x01" * 32, "signature": sig}
    with pytest.raises(bittensor_cpp.SubtensorError):
        timelock.decode_drand_pulse(timelock.encode_drand_pulse(1, b"\x00" * 33, sig))
    with pytest.raises(bittensor_cpp.DecodeError):
        timelock.decode_drand_pulse(enc[:-1])


def test_audit_chain_commits_with_a_storage_callback():
    md = bittensor_cpp.Metadata.from_bytes(runtime_v14())
    kv, alice = scripted_storage(md)
    reads = []

    def read(key):
        reads.append(bytes(key))
        return kv.get(bytes(key))

    check_report(timelock.audit_chain_commits(md, 3, 9, read), alice)
    assert md.storage_key("Drand", "Pulses", [1001]) in reads
    assert timelock.audit_chain_commits(md, 3, 8, read) == []
    # another beacon's key: the quicknet pulse no longer verifies
    other = timelock.audit_chain_commits(md, 3, 9, read, public_key=bytes.fromhex(
        json.loads((VEC / "bls.json").read_text())["test_beacons"][0]["public_key"]))
    assert other[0]["status"] == "failed"
    with pytest.raises(bittensor_cpp.SubtensorError, match="Drand"):
        timelock.audit_chain_commits(bittensor_cpp.Metadata.from_bytes(runtime_v14(False)), 3, 9, read)


def chain_handler(metadata, kv):
    return storage_handler(metadata, kv, spec_version=400)


@pytest.mark.skipif(not hasattr(bittensor_cpp, "subtensor"), reason="subtensor module not built")
def test_subtensor_audit_commits_against_a_scripted_node():
    blob = runtime_v14()
    md = bittensor_cpp.Metadata.from_bytes(blob)
    kv, alice = scripted_storage(md)
    node = FakeNode(chain_handler(blob, kv))
    try:
        st = bittensor_cpp.subtensor.Subtensor(node.url, timeout=10)
        check_report(st.audit_commits(3), alice)
        mine = st.audit_commits(3, hotkey=alice)
        assert len(mine) == 1 and mine[0]["status"] == "opened"
        assert st.audit_commits(4) == []
    finally:
        node.stop()
    plain = runtime_v14(False)
    node = FakeNode(chain_handler(plain, {}))
    try:
        st = bittensor_cpp.subtensor.Subtensor(node.url, timeout=10)
        with pytest.raises(bittensor_cpp.SubtensorError):
            st.audit_commits(3)
    finally:
        node.stop()
