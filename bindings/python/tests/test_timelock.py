# SPDX-License-Identifier: MIT
"""bittensor_cpp.timelock against the tlref reference vectors (tests/vectors/tlock)."""
import json
import os
import pathlib
import subprocess

import pytest

import bittensor_cpp
from bittensor_cpp import timelock

VEC = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors" / "tlock"


def load(name):
    return json.loads((VEC / name).read_text())


def test_module_importable_by_name():
    import bittensor_cpp.timelock as t

    assert t.get_encrypted_commit is timelock.get_encrypted_commit
    assert len(t.QUICKNET_PUBLIC_KEY) == 96


def test_every_reference_commit_decrypts():
    for c in load("commits.json")["cases"]:
        plain = timelock.decrypt(bytes.fromhex(c["commit_hex"]), bytearray.fromhex(c["round_signature"]))
        assert plain.hex() == c["payload_hex"]
        opened = timelock.open_commit(
            memoryview(bytes.fromhex(c["commit_hex"])), bytes.fromhex(c["round_signature"]),
            bytes.fromhex(c["inputs"]["hotkey"]))
        assert opened["accepted"] and opened["format"] == "v4"
        assert opened["uids"] == c["inputs"]["uids"]
        assert opened["values"] == c["inputs"]["values"]
        assert opened["version_key"] == c["inputs"]["version_key"]


def test_negative_cases_raise_typed_errors():
    for c in load("negative.json")["cases"]:
        with pytest.raises(bittensor_cpp.TimelockError) as e:
            timelock.decrypt(bytes.fromhex(c["commit_hex"]), bytes.fromhex(c["signature_hex"]))
        assert e.value.reason.startswith(
            {"commit_deserialize": "timelock ciphertext", "signature_deserialize": "round signature",
             "header_len": "timelock header", "ibe_invalid_signature": "signature does not open",
             "aead_decrypt": "AES-GCM"}[c["expected_error_kind"]])


def test_reveal_round_matches_reference():
    for c in load("reveal_round.json")["cases"]:
        i = c["inputs"]
        assert timelock.reveal_round(i["tempo"], i["current_block"], i["netuid"], i["subnet_reveal_period_epochs"],
                                     i["block_time"], i["now"]) == c["expected"]["reveal_round"]


def test_get_encrypted_commit_round_trip_with_test_beacon():
    b = load("bls.json")
    beacon = b["test_beacons"][1]
    c = load("commits.json")["cases"][3]
    hotkey = bytes.fromhex(c["inputs"]["hotkey"])
    commit, reveal_round = timelock.get_encrypted_commit(
        c["inputs"]["uids"], c["inputs"]["values"], c["inputs"]["version_key"], 360, 5000000, 1, 1, 12.0, hotkey,
        now=1750000000.0, public_key=bytes.fromhex(beacon["public_key"]))
    assert reveal_round == 19066392
    assert isinstance(commit, bytes) and len(commit) == 244 + len(bytes.fromhex(c["payload_hex"]))
    # our test beacon signs the round; the reference signatures of other rounds do not open it
    sig = timelock.sign_round(bytes.fromhex(beacon["secret_key_be"]), reveal_round)
    assert timelock.verify_beacon(bytes.fromhex(beacon["public_key"]), reveal_round, sig)
    assert timelock.decrypt(commit, sig).hex() == c["payload_hex"]
    for s in beacon["signatures"]:
        assert timelock.sign_round(bytes.fromhex(beacon["secret_key_be"]), s["round"]).hex() == s["signature"]
    with pytest.raises(bittensor_cpp.TimelockError):
        timelock.decrypt(commit, bytes.fromhex(beacon["signatures"][0]["signature"]))


def test_default_wall_clock_and_quicknet_key():
    commit, reveal_round = timelock.get_encrypted_commit([0, 1], [65535, 100], 1, 360, 5000000, 1, 1, 12.0,
                                                         bytes(32))
    assert reveal_round > 19066392  # later than the reference case's 2025 clock
    assert len(commit) == 244 + 1 + 32 + 1 + 4 + 1 + 4 + 8


def test_verify_beacon_quicknet_round_1000():
    q = load("bls.json")["quicknet"]
    sig = bytes.fromhex(q["signature"])
    assert timelock.verify_beacon(timelock.QUICKNET_PUBLIC_KEY, 1000, sig)
    assert not timelock.verify_beacon(timelock.QUICKNET_PUBLIC_KEY, 1001, sig)
    with pytest.raises(bittensor_cpp.BlsError):
        timelock.verify_beacon(timelock.QUICKNET_PUBLIC_KEY, 1000, sig[:47])


def test_bad_arguments():
    with pytest.raises(ValueError):
        timelock.get_encrypted_commit([1], [1, 2], 0, 360, 1, 1, 1, 12.0, bytes(32))
    with pytest.raises(ValueError):
        timelock.get_encrypted_commit([70000], [1], 0, 360, 1, 1, 1, 12.0, bytes(32))
    # the hotkey goes through the package's one bytes conversion (convert.hpp): a wrong length is a
    # bittensor_cpp.Error, a str that is neither 0x hex nor an SS58 address too, other types TypeError
    with pytest.raises(bittensor_cpp.Error):
        timelock.get_encrypted_commit([1], [1], 0, 360, 1, 1, 1, 12.0, bytes(31))
    with pytest.raises(bittensor_cpp.Error):
        timelock.get_encrypted_commit([1], [1], 0, 360, 1, 1, 1, 12.0, "not an address")
    with pytest.raises(TypeError):
        timelock.get_encrypted_commit([1], [1], 0, 360, 1, 1, 1, 12.0, 12345)
    with pytest.raises(TypeError):
        timelock.weights_payload("abc", [1], [1], 0)


def test_hotkey_accepts_every_bytes_like_form():
    hk = bytes(range(32))
    forms = [hk, bytearray(hk), memoryview(hk), "0x" + hk.hex(), bittensor_cpp.Keypair(public_key=hk).ss58_address]
    payloads = set()
    for form in forms:
        commit, _ = timelock.get_encrypted_commit([1, 2], [3, 4], 7, 360, 1, 1, 1, 12.0, form, now=1.7e9)
        payloads.add(timelock.weights_payload(form if not isinstance(form, str) else hk, [1], [1], 0))
        assert isinstance(commit, bytes) and len(commit) > 0
    assert len(payloads) == 1


TLREF = pathlib.Path(os.environ.get("TLREF", "/tmp/tlock-ref/target/release/tlref"))


@pytest.mark.skipif(not TLREF.exists(), reason="tlref not built (../shared/tools/tlock-ref/rebuild.sh)")
def test_reference_tlref_decrypts_our_commits():
    """The Rust reference (tle + arkworks + aes-gcm at subtensor's revisions) opens our commits."""
    for c in load("commits.json")["cases"]:
        i = c["inputs"]
        payload = timelock.weights_payload(bytes.fromhex(i["hotkey"]), i["uids"], i["values"], i["version_key"])
        commit = timelock.encrypt(bytes.fromhex(c["beacon"]["public_key"]), i["round"], payload)
        req = {"commit_hex": commit.hex(), "signature_hex": c["round_signature"], "who": i["hotkey"]}
        p = subprocess.run([str(TLREF), "decrypt"], input=json.dumps(req), capture_output=True, text=True)
        res = json.loads(p.stdout)
        assert res["ok"], (c["id"], res)
        assert res["plaintext_hex"] == c["payload_hex"]
        assert res["subtensor"]["accepted"] and res["subtensor"]["format"] == "v4"


def _raonet():
    return bittensor_cpp.Metadata.from_bytes((VEC.parent / "metadata" / "raonet_v15.scale").read_bytes())


def test_weights_path_choice_on_raonet():
    md = _raonet()
    assert timelock.choose_weights_path(md, False) == "set_weights"
    # raonet (spec 218) has only hash commit-reveal: no timelocked call to choose
    with pytest.raises(bittensor_cpp.SubtensorError, match="hash commit-reveal"):
        timelock.choose_weights_path(md, True)
    with pytest.raises(bittensor_cpp.SubtensorError):
        timelock.choose_weights_path(md, False, mecid=1)  # no set_mechanism_weights


def test_weights_chain_state_through_a_read_callback():
    md = _raonet()
    reads = []
    answers = [b"\x01", (3).to_bytes(8, "little"), (99).to_bytes(2, "little")]

    def read(key):
        reads.append(key)
        return answers[len(reads) - 1] if len(reads) <= len(answers) else None

    st = timelock.read_weights_chain_state(md, 7, 1234, read)
    assert st == {"commit_reveal_enabled": True, "reveal_period_epochs": 3, "commit_reveal_version": None,
                  "tempo": 99, "current_block": 1234}
    assert len(reads) == 3 and all(isinstance(k, bytes) and len(k) > 32 for k in reads)
    with pytest.raises(Exception):
        timelock.read_weights_chain_state(md, 7, 1, lambda key: b"\x07")  # not a bool


def test_build_weights_call_plain_and_refused():
    md = _raonet()
    hotkey = bytes(range(32))
    plan = timelock.build_weights_call(md, 7, [0, 5], [65535, 10], 843000, hotkey,
                                       commit_reveal_enabled=False, current_block=100)
    assert plan["path"] == "set_weights" and plan["commit"] is None and plan["reveal_round"] == 0
    call = md.decode_call(plan["call"])
    assert call["call"] == "set_weights"
    assert call["args"] == {"netuid": 7, "dests": [0, 5], "weights": [65535, 10], "version_key": 843000}
    with pytest.raises(bittensor_cpp.SubtensorError):
        timelock.build_weights_call(md, 7, [0], [1], 0, hotkey, commit_reveal_enabled=True, current_block=100)
    with pytest.raises(ValueError):
        timelock.build_weights_call(md, 7, [70000], [1], 0, hotkey, commit_reveal_enabled=False,
                                    current_block=100)


def test_audit_stored_commits_with_recorded_pulses():
    cases = load("commits.json")["cases"][2:6]  # distinct rounds, one per commit

    def compact(n):
        return bytes([n << 2]) if n < 64 else ((n << 2) | 1).to_bytes(2, "little")

    value = compact(len(cases))
    for i, c in enumerate(cases):
        commit = bytes.fromhex(c["commit_hex"])
        value += (bytes.fromhex(c["inputs"]["hotkey"]) + (500 + i).to_bytes(8, "little") + compact(len(commit))
                  + commit + c["inputs"]["round"].to_bytes(8, "little"))
    stored = timelock.decode_stored_commits(value)
    assert [s["commit_block"] for s in stored] == [500, 501, 502, 503]
    assert [s["reveal_round"] for s in stored] == [c["inputs"]["round"] for c in cases]
    sigs = {c["inputs"]["round"]: bytes.fromhex(c["round_signature"]) for c in cases}
    last = cases[-1]["inputs"]["round"]
    report = timelock.audit_commits(stored, lambda r: None if r == last else sigs[r])
    assert [a["status"] for a in report] == ["opened", "opened", "opened", "pending"]
    for a, c in zip(report[:3], cases):
        assert a["accepted"] and a["uids"] == c["inputs"]["uids"] and a["values"] == c["inputs"]["values"]
    wrong = timelock.audit_commits(stored[:1], lambda r: sigs[cases[1]["inputs"]["round"]])
    assert wrong[0]["status"] == "failed" and wrong[0]["error"]
    with pytest.raises(Exception):
        timelock.decode_stored_commits(value[:-1])
    with pytest.raises(ValueError):
        timelock.decode_stored_commits(value, "sideways")
