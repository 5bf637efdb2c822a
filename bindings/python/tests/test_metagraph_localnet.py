# SPDX-License-Identifier: MIT
"""bittensor_cpp.Metagraph against the local spec-143 chain (finney runtime, real Yuma epoch).

    tests/localnet/localnet.sh start spec143 9945
    BT_LOCALNET_SPEC143_URL=ws://127.0.0.1:9945 python3 -m pytest bindings/python/tests/test_metagraph_localnet.py

A subnet is registered with signed extrinsics (register_network, burned_register, add_stake, set_weights);
tempo and emission are set with chopsticks' dev_setStorage. The metagraph is synced at E-1, the epoch
predicted, block E built, and the prediction compared with the chain: no differences.
Without BT_LOCALNET_SPEC143_URL the tests are skipped (loudly).
"""
import os

import pytest

import bittensor_cpp as bt

URL = os.environ.get("BT_LOCALNET_SPEC143_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="######## SKIPPED: set BT_LOCALNET_SPEC143_URL (tests/localnet/localnet.sh start spec143) ########"
)
np = pytest.importorskip("numpy")

TEMPO = 4


def next_epoch(netuid, tempo, after):
    e = after + 1
    while (e + netuid + 1) % (tempo + 1) != tempo:
        e += 1
    return e


@pytest.fixture(scope="module")
def chain():
    c = bt.client.Client(URL, timeout=120)
    md = bt.metadata.Metadata.from_bytes(c.metadata())

    def run(items):
        xts = []
        for pallet, call, args, signer in items:
            xt = bt.client.create_signed(c, md, md.encode_call(pallet, call, args), signer)
            bt.client.submit(c, xt)
            xts.append(xt)
        c.request("dev_newBlock", [{"count": 1}])
        best = c.block_hash(c.header()["number"])
        for xt in xts:
            o = bt.client.find_outcome(c, md, best, xt)
            assert o is not None and o["error"] is None, o
        return best

    def sudo(call, args):
        return ("Sudo", "sudo", {"call": {"AdminUtils": [{call: args}]}}, "//Alice")

    # a subnet of its own: register_network by //Alice, then 2 validators and 3 miners
    run([sudo("sudo_set_network_rate_limit", {"rate_limit": 0})])
    added = lambda: {k for k in range(0, 64) if c.storage(
        bt.crypto.twox_128(b"SubtensorModule") + bt.crypto.twox_128(b"NetworksAdded") + k.to_bytes(2, "little"))}
    existing = added()
    run([("SubtensorModule", "register_network", [], "//Alice")])
    (netuid,) = added() - existing
    c.request("dev_setStorage", [{"SubtensorModule": {
        "Tempo": [[[netuid], TEMPO]],
        "EmissionValues": [[[netuid], "1000000000"]],
        "MinAllowedWeights": [[[netuid], 1]],
        "MaxAllowedValidators": [[[netuid], 2]],
        "MaxRegistrationsPerBlock": [[[netuid], 32]],
        "TargetRegistrationsPerInterval": [[[netuid], 32]],
        "MaxWeightsLimit": [[[netuid], 65535]],
    }, "System": {"Account": [[[bt.wallet.Keypair.create_from_uri(f"//{n}//pyv").ss58_address],
                                {"providers": 1, "data": {"free": "1000000000000000"}}] for n in ("Alice", "Bob")]}}])
    c.request("dev_newBlock", [{"count": 1}])
    run([sudo("sudo_set_weights_set_rate_limit", {"netuid": netuid, "weights_set_rate_limit": 0})])
    hot = {n: bt.wallet.Keypair.create_from_uri(f"//{n}//pyv") for n in ("Alice", "Bob")}
    miners = [bt.wallet.Keypair.create_from_uri(f"//Eve//pym{i}") for i in range(3)]
    run([("SubtensorModule", "burned_register", [netuid, "0x" + hot["Alice"].public_key.hex()], "//Alice"),
         ("SubtensorModule", "burned_register", [netuid, "0x" + hot["Bob"].public_key.hex()], "//Bob")]
        + [("SubtensorModule", "burned_register", [netuid, "0x" + m.public_key.hex()], "//Eve") for m in miners])
    run([("SubtensorModule", "add_stake", ["0x" + hot["Alice"].public_key.hex(), str(500 * 10**9)], "//Alice"),
         ("SubtensorModule", "add_stake", ["0x" + hot["Bob"].public_key.hex(), str(200 * 10**9)], "//Bob")])
    # one epoch hands out the permits by stake
    head = c.header()["number"]
    c.request("dev_newBlock", [{"count": next_epoch(netuid, TEMPO, head) - head}])
    run([("SubtensorModule", "set_weights", [netuid, [2, 3, 4], [65535, 30000, 1000], 0], "//Alice//pyv"),
         ("SubtensorModule", "set_weights", [netuid, [3, 4], [20000, 65535], 0], "//Bob//pyv")])
    yield c, netuid
    c.close()


def test_metagraph_columns(chain):
    c, netuid = chain
    m = bt.Metagraph(netuid, c)
    assert m.generation == "spec143"
    assert m.n == 5 and m.block == c.header()["number"]
    assert m.round_trips <= 10
    m.sync()  # same client: metadata cached, the subnet items travel with the runtime version
    assert m.round_trips == 4
    assert list(m.uids) == [0, 1, 2, 3, 4]
    assert m.hotkeys[0] == bt.wallet.Keypair.create_from_uri("//Alice//pyv").ss58_address
    assert m.coldkeys[0] == bt.wallet.Keypair.create_from_uri("//Alice").ss58_address
    # exact integers, viewed without copies, read-only
    assert m.S.dtype == np.uint64 and m.S[0] >= 500 * 10**9 and m.S[1] >= 200 * 10**9
    assert m.S.base is not None and not m.S.flags.writeable
    assert m.I.dtype == np.uint16 and m.E.dtype == np.uint64
    assert m.validator_permit.dtype == np.bool_ and list(m.validator_permit) == [True, True, False, False, False]
    assert m.W.shape == (5, 5) and m.W[0, 2] == 65535 and m.W[1, 4] == 65535
    assert m.weights[0] == [(2, 65535), (3, 30000), (4, 1000)]
    assert len(m.last_update) == 5 and len(m.axons) == 5
    for name in ("R", "T", "C", "D", "Tv", "B"):
        assert getattr(m, name).shape[0] == 5
    assert m.hyperparameters["tempo"] == TEMPO


def test_predict_then_compare_three_epochs(chain):
    c, netuid = chain
    for _ in range(3):
        head = c.header()["number"]
        e = next_epoch(netuid, TEMPO, head)
        if e - 1 > head:
            c.request("dev_newBlock", [{"count": e - 1 - head}])
        before = bt.Metagraph(netuid, c, block=e - 1)
        p = before.predict_epoch()
        assert p["exact"] and p["epoch_block"] == e == before.next_epoch_block()
        c.request("dev_newBlock", [{"count": 1}])
        after = bt.Metagraph(netuid, c, block=e)
        assert before.compare(after) == []
        assert list(after.I) == list(p["incentive"])
        assert list(after.D) == list(p["dividends"])
        assert list(after.E) == list(p["emission"])
        assert sum(p["incentive"]) > 0


def test_errors_are_typed(chain):
    c, netuid = chain
    with pytest.raises(bt.MetagraphError, match="block not found"):
        bt.Metagraph(netuid, c, block=10**9)
    with pytest.raises(bt.MetagraphError, match="NetworksAdded"):
        bt.Metagraph(999, c)
    m = bt.Metagraph(netuid, c, sync=False)
    with pytest.raises(RuntimeError):
        m.S
