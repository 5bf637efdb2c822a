# SPDX-License-Identifier: MIT
"""bittensor_cpp.Metagraph on a head (subtensor 14bc6f9f) runtime served by a scripted node. No live head
node exists offline: the runtime is the layout built from the 14bc6f9f source by the C++ tests
(tests/vectors/metadata/head_14bc6f9f_built_v14.scale, checked there to equal tests/metagraph/head_layout.hpp),
and the storage is written here (an independent writer beside tests/metagraph/subnet_storage.hpp) from the
input of a head reference case. Metagraph.sync + predict_epoch must give the case's outputs exactly."""
import contextlib
import json
import pathlib
import struct

import pytest

import bittensor_cpp as bt

from ws_fake_node import FakeNode, compact, storage_handler

np = pytest.importorskip("numpy")

ROOT = pathlib.Path(__file__).resolve().parents[3]
HEAD_METADATA = ROOT / "tests" / "vectors" / "metadata" / "head_14bc6f9f_built_v14.scale"
CASES = ROOT / "tests" / "vectors" / "yuma"


def vec(fmt, values):
    return compact(len(values)) + b"".join(struct.pack("<" + fmt, v) for v in values)


def row(r):
    return compact(len(r)) + b"".join(struct.pack("<HH", j, w) for j, w in r)


def hotkey(uid):
    return bytes([uid & 0xFF, uid >> 8]) + b"\x11" * 30


def head_storage(md, inp):
    """The head layout of the case input at block E-1 (the mechanism 0 keys are NetUidStorageIndex = netuid)."""
    nu, n, e = inp["netuid"], inp["n"], inp["current_block"]
    kv = {}

    def put(item, keys, value):
        kv[md.storage_key("SubtensorModule", item, keys)] = value

    u16, u32, u64 = (lambda v: struct.pack("<H", v)), (lambda v: struct.pack("<I", v)), (lambda v: struct.pack("<Q", v))
    put("NetworksAdded", [nu], b"\x01")
    put("SubnetworkN", [nu], u16(n))
    put("Tempo", [nu], u16(inp["tempo"]))
    if e >= inp["tempo"]:
        put("LastEpochBlock", [nu], u64(e - inp["tempo"]))
    else:
        put("PendingEpochAt", [nu], u64(e))
    put("Kappa", [nu], u16(inp["kappa"]))
    put("ActivityCutoffFactorMilli", [nu], u32(inp["activity_cutoff_factor_milli"]))
    put("MaxAllowedValidators", [nu], u16(inp["max_allowed_validators"]))
    put("BondsMovingAverage", [nu], u64(inp["bonds_moving_average"]))
    put("BondsPenalty", [nu], u16(inp["bonds_penalty"]))
    put("LiquidAlphaOn", [nu], bytes([inp["liquid_alpha_enabled"]]))
    put("AlphaValues", [nu], u16(inp["alpha_low"]) + u16(inp["alpha_high"]))
    put("AlphaSigmoidSteepness", [nu], struct.pack("<h", inp["alpha_sigmoid_steepness"]))
    put("Yuma3On", [nu], bytes([inp["yuma3_enabled"]]))
    put("CommitRevealWeightsEnabled", [nu], bytes([inp["commit_reveal_enabled"]]))
    put("LastMechansimStepBlock", [nu], u64(inp["last_mechanism_step_block"]))
    put("TaoWeight", [], u64(inp["tao_weight"]))
    put("StakeThreshold", [], u64(inp["stake_threshold"]))
    put("PendingServerEmission", [nu], u64(inp["rao_emission"]))
    put("ValidatorPermit", [nu], vec("?", inp["validator_permit"]))
    if inp.get("owner_uid") is not None:
        put("SubnetOwnerHotkey", [nu], hotkey(inp["owner_uid"]))
        put("Uids", [nu, hotkey(inp["owner_uid"])], u16(inp["owner_uid"]))
    registered = sum(inp["registered"])
    put("StakeWeight", [nu], vec("H", [3] * registered))
    put("LastUpdate", [nu], vec("Q", inp["last_update"]))
    for u in range(n):
        if inp["registered"][u]:
            put("Keys", [nu, u], hotkey(u))
        put("BlockAtRegistration", [nu, u], u64(inp["block_at_registration"][u]))
        put("TotalHotkeyAlpha", [hotkey(u), nu], u64(inp["alpha_stake"][u]))
        put("TotalHotkeyAlpha", [hotkey(u), 0], u64(inp["tao_stake"][u]))
    for name in ("weights", "bonds"):
        for u, r in enumerate(inp[name]):
            if r is not None:
                put(name.capitalize(), [nu, u], row(r))
    return kv


def node_for(blob, kv, best_number):
    return FakeNode(storage_handler(blob, kv, spec_version=425, best_number=best_number))


@pytest.mark.parametrize("case_id", ["head_edge_owner_and_stake_threshold", "head_random_n16_01",
                                     "head_edge_unregistered_uid_hole"])
def test_head_metagraph_sync_and_prediction_match_the_reference_case(case_id):
    blob = HEAD_METADATA.read_bytes()
    md = bt.Metadata.from_bytes(blob)
    case = json.loads((CASES / (case_id + ".json")).read_text())
    step = case["steps"][0]
    inp, out = step["input"], step["output"]
    e = inp["current_block"]
    node = node_for(blob, head_storage(md, inp), e - 1)
    try:
        c = bt.client.Client(node.url, timeout=30)
        m = bt.Metagraph(inp["netuid"], c, block=e - 1)
        assert m.generation == "head"
        assert m.block == e - 1
        assert m.mechanism == 0
        hp = m.hyperparameters
        assert hp["owner_uid"] == inp.get("owner_uid")
        assert hp["yuma3_enabled"] == inp["yuma3_enabled"]
        assert hp["stake_threshold"] == inp["stake_threshold"]
        assert hp["mechanism_count"] == 1
        assert m.AS.tolist() == inp["alpha_stake"]
        assert m.TS.tolist() == inp["tao_stake"]
        assert m.last_update.tolist() == inp["last_update"]
        assert len(m.SW) == sum(inp["registered"])  # one entry per registered uid, as the head epoch writes
        assert not m.AS.flags.writeable
        assert m.next_epoch_block() == e
        registered = [u for u in range(inp["n"]) if inp["registered"][u]]
        assert [m.column_index(u) for u in registered] == list(range(len(registered)))
        assert all(m.column_index(u) is None for u in range(inp["n"]) if not inp["registered"][u])
        p = m.predict_epoch()
        assert p["epoch_block"] == e
        assert p["exact"] is False and p["emission_exact"] is False
        assert p["reveals_due"] == 0
        assert p["rao_emission"] == inp["rao_emission"]
        for name in ("incentive", "dividends", "consensus", "validator_trust", "stake_weight", "emission"):
            assert p[name].tolist() == out[name], name
        assert p["validator_permit"].tolist() == out["validator_permit"]
        assert [x for x in p["server_emission"]] == out["server_emission"]
        assert [x for x in p["validator_emission"]] == out["validator_emission"]
    finally:
        node.stop()


@contextlib.contextmanager
def tiny_head_node():
    """A fake node holding the head_tiny_2v2m_partial case's storage: (client, input, block)."""
    blob = HEAD_METADATA.read_bytes()
    inp = json.loads((CASES / "head_tiny_2v2m_partial.json").read_text())["steps"][0]["input"]
    e = inp["current_block"]
    node = node_for(blob, head_storage(bt.Metadata.from_bytes(blob), inp), e - 1)
    try:
        yield bt.client.Client(node.url, timeout=30), inp, e - 1
    finally:
        node.stop()


def test_head_metagraph_mechanism_out_of_range_is_a_typed_error():
    with tiny_head_node() as (c, inp, block):
        with pytest.raises(bt.MetagraphError) as err:
            bt.Metagraph(inp["netuid"], c, block=block, mechanism=1)
        assert "MechanismCountCurrent" in str(err.value)


def test_head_metagraph_max_neurons_bounds_the_sync():
    with tiny_head_node() as (c, inp, block):
        assert bt.Metagraph(inp["netuid"], c, block=block, max_neurons=inp["n"]).n == inp["n"]
        with pytest.raises(bt.MetagraphError) as err:
            bt.Metagraph(inp["netuid"], c, block=block, max_neurons=inp["n"] - 1)
        assert "above SyncOptions::max_neurons" in str(err.value)
