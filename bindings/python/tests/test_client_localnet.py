# SPDX-License-Identifier: MIT
"""bittensor_cpp.client.Client against the local subtensor chain (tests/localnet).

Start the chain and point the tests at it:
    tests/localnet/localnet.sh start raonet 9944
    BT_LOCALNET_RAONET_URL=ws://127.0.0.1:9944 python3 -m pytest bindings/python/tests/test_client_localnet.py
    tests/localnet/localnet.sh stop raonet 9944
Without BT_LOCALNET_RAONET_URL the tests are skipped (loudly).
"""
import os
import threading

import pytest

import bittensor_cpp as bt

URL = os.environ.get("BT_LOCALNET_RAONET_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="######## SKIPPED: set BT_LOCALNET_RAONET_URL (tests/localnet/localnet.sh start raonet) ########"
)

ALICE_PUB = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
SUDO_KEY = bytes.fromhex("5c0d1176a568c1f92944340dbfed9e9c530ebca703c85910e7164cb7d1c9e47b")
SUBTENSOR_TEMPO = bytes.fromhex("658faa385070e074c85bf6b568cf0555") + bt.crypto.twox_128(b"Tempo") if hasattr(bt, "crypto") else None


@pytest.fixture(scope="module")
def client():
    c = bt.client.Client(URL, timeout=60)
    yield c
    c.close()


def test_chain_info(client):
    v = client.runtime_version()
    assert v["spec_name"] == "node-subtensor"
    assert v["spec_version"] == 218
    assert len(client.genesis_hash()) == 32
    assert client.block_hash(0) == client.genesis_hash()
    h = client.header()
    assert h["number"] >= 2
    md = client.metadata()
    assert md[:4] == b"meta" and md[4] == 14


def test_storage_and_runtime_call(client):
    assert client.storage(SUDO_KEY) == ALICE_PUB
    assert client.storage(SUDO_KEY + b"\x00") is None
    assert client.storage_multi([SUDO_KEY, "0x" + SUDO_KEY.hex()]) == [ALICE_PUB, ALICE_PUB]
    if SUBTENSOR_TEMPO is not None:
        entries = client.storage_entries(SUBTENSOR_TEMPO, page_size=1)
        assert entries and all(len(k) == 34 and len(v) == 2 for k, v in entries)
    core = client.state_call("Core_version", b"")
    assert core[1:15] == b"node-subtensor"
    with pytest.raises(bt.RpcError):
        client.state_call("NoSuch_api", b"")
    assert client.request("chain_getBlockHash", [0]) == "0x" + client.genesis_hash().hex()


def test_subscribe_new_heads(client):
    got = []
    ev = threading.Event()
    start = client.header()["number"]

    def on_head(h):
        got.append(h["number"])
        if h["number"] >= start + 1:
            ev.set()

    sub = client.subscribe_new_heads(on_head)
    client.request("dev_newBlock", [{"count": 1}])
    assert ev.wait(60), got
    sub.unsubscribe()
    assert not sub.active
    raw = []
    ev2 = threading.Event()
    sub2 = client.subscribe("chain_subscribeNewHeads", [], "chain_unsubscribeNewHeads",
                            lambda e: (raw.append(e), ev2.set()))
    client.request("dev_newBlock", [{"count": 1}])
    assert ev2.wait(60)
    assert raw[0]["kind"] == "notification" and "number" in raw[0]["result"]
    del sub2


@pytest.mark.skipif(not hasattr(bt.client.Client, "query"), reason="built without the metadata module")
def test_typed_queries(client):
    assert client.constant("System", "SS58Prefix") == 42
    tempo = client.query("SubtensorModule", "Tempo", [1])
    assert isinstance(tempo, int) and tempo > 0
    assert client.query("Sudo", "Key") is not None
    rows = client.query_map("SubtensorModule", "Tempo")
    assert rows and all(len(k) == 1 for k, _ in rows)
    nonce = client.runtime_api("AccountNonceApi", "account_nonce", ["0x" + ALICE_PUB.hex()])
    assert isinstance(nonce, int)
    with pytest.raises(bt.Error):
        client.query("SubtensorModule", "NoSuchItem")
