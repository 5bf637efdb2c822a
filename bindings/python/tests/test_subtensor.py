# SPDX-License-Identifier: MIT
"""bittensor_cpp subtensor bindings: weights conversion against a line-by-line Python port of bittensor's
convert_weights_and_uids_for_emit, commit hash, call builders."""
import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

import bittensor_cpp as bt
import bittensor_cpp as _bt

VECTORS = Path(__file__).resolve().parents[3] / "tests" / "vectors"
s = _bt.subtensor


def reference_convert(uids, weights):
    """bittensor utils/weight_utils.py convert_weights_and_uids_for_emit (numpy inputs)."""
    weights = weights.tolist()
    uids = uids.tolist()
    if min(weights) < 0:
        raise ValueError
    if min(uids) < 0:
        raise ValueError
    if len(uids) != len(weights):
        raise ValueError
    if sum(weights) == 0:
        return [], []
    max_weight = float(max(weights))
    weights = [float(v) / max_weight for v in weights]
    out_v, out_u = [], []
    for w, u in zip(weights, uids):
        v = round(float(w) * 65535)
        if v != 0:
            out_v.append(v)
            out_u.append(u)
    return out_u, out_v


def test_convert_matches_bittensor_random():
    rng = np.random.default_rng(1234)
    for trial in range(300):
        n = int(rng.integers(1, 300))
        uids = np.arange(n, dtype=np.int64)
        w = rng.random(n).astype(np.float32)
        if trial % 3 == 0:
            w[rng.random(n) < 0.5] = 0
        if trial % 5 == 0:
            w = (w * 1e-5).astype(np.float32)
        assert s.convert_weights_and_uids_for_emit(uids, w) == tuple(map(list, reference_convert(uids, w)))
        w64 = w.astype(np.float64) / 3
        assert s.convert_weights_and_uids_for_emit(uids, w64) == tuple(map(list, reference_convert(uids, w64)))


def test_convert_ties_and_zero():
    assert s.convert_weights_and_uids_for_emit([0, 1], [65535.0, 0.5]) == ([0], [65535])
    assert s.convert_weights_and_uids_for_emit([0, 1], [65535.0, 2.5]) == ([0, 1], [65535, 2])
    assert s.convert_weights_and_uids_for_emit([0, 1], [0.0, 0.0]) == ([], [])


@pytest.mark.parametrize("uids,weights", [([0, 1], [1.0, -0.5]), ([0, -1], [1.0, 0.5]), ([0, 1, 2], [1.0, 0.5]),
                                          ([], []), ([0], [float("nan")]), ([70000], [1.0])])
def test_convert_bad_input(uids, weights):
    with pytest.raises(bt.SubtensorError):
        s.convert_weights_and_uids_for_emit(uids, weights)


def test_commit_hash():
    hotkey = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
    pre = (hotkey + (5).to_bytes(2, "little") + bytes([8, 0, 0, 1, 0]) + bytes([8, 0xff, 0xff, 0x64, 0])
           + bytes([12, 1, 0, 2, 0, 3, 0]) + (7).to_bytes(8, "little"))
    want = hashlib.blake2b(pre, digest_size=32).digest()
    assert s.commit_weights_hash(hotkey, 5, [0, 1], [65535, 100], [1, 2, 3], 7) == want
    assert s.commit_weights_hash("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 5, [0, 1], [65535, 100], [1, 2, 3], 7) == want


def test_calls():
    md = _bt.metadata.Metadata.from_bytes((VECTORS / "metadata" / "raonet_v14.scale").read_bytes())
    call = s.set_weights_call(md, 3, [0, 1], [65535, 2], 9)
    assert call == bytes([7, 0, 3, 0, 8, 0, 0, 1, 0, 8, 0xff, 0xff, 2, 0]) + (9).to_bytes(8, "little")
    alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    assert s.add_stake_call(md, alice, 1, 10**9)[:2] == bytes([7, 2])
    assert s.remove_stake_call(md, alice, 1, 10**9)[:2] == bytes([7, 3])
    assert s.burned_register_call(md, 1, alice)[:2] == bytes([7, 7])
    assert s.serve_axon_call(md, 1, 1, 0x7F000001, 8091)[:2] == bytes([7, 4])
    assert s.commit_weights_call(md, 1, b"\x00" * 32)[:2] == bytes([7, 96])
    with pytest.raises(ValueError):
        s.set_weights_call(md, 3, [0, 1], [65536, 2], 9)
    with pytest.raises(bt.Error):
        s.add_stake_call(md, "not-an-address", 1, 1)
