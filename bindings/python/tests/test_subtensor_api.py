# SPDX-License-Identifier: MIT
"""bittensor_cpp.subtensor.Balance (offline) and Subtensor against the local raonet chain.

The chain tests need BT_LOCALNET_RAONET_URL (tests/localnet/localnet.sh start raonet); without it they are
skipped loudly. Blocks are built with chopsticks' dev_newBlock from a background thread.
"""
import os
import threading

import pytest

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Balance, Subtensor
from bittensor_cpp.wallet import Keypair

URL = os.environ.get("BT_LOCALNET_RAONET_URL")
needs_chain = pytest.mark.skipif(
    not URL, reason="######## SKIPPED: set BT_LOCALNET_RAONET_URL (tests/localnet/localnet.sh start raonet) ########"
)


def test_balance_exact():
    assert Balance.from_tao("0.1").rao == 100_000_000
    assert Balance.from_tao(0.1).rao == 100_000_000  # via repr, no float rounding
    assert Balance.from_tao(3).rao == 3_000_000_000
    assert Balance.from_rao(1_234_000_000_001).to_decimal() == "1234.000000001"
    assert str(Balance.from_rao(1_234_000_000_001)) == "\u03c41,234.000000001"
    assert str(Balance.from_rao(5, netuid=1)) == "\u200e0.000000005\u03b1\u200e"
    a, b = Balance.from_tao("1"), Balance.from_tao("0.5")
    assert (a + b).rao == 1_500_000_000 and (a - b).rao == 500_000_000
    assert (a * 3).rao == 3_000_000_000 and (a // 4).rao == 250_000_000
    assert a > b and b < a and a == Balance.from_rao(10**9) and a != b
    with pytest.raises(bt.SubtensorError):
        b - a
    with pytest.raises(bt.SubtensorError):
        a + Balance.from_rao(1, netuid=2)
    with pytest.raises(bt.SubtensorError):
        Balance.from_tao("1.0000000001")
    with pytest.raises(bt.SubtensorError):
        Balance.from_tao(-1)
    with pytest.raises(TypeError):
        Balance.from_tao(b"1")


@pytest.fixture(scope="module")
def sub():
    s = Subtensor(URL, timeout=60)
    yield s


class Producer:
    def __init__(self, period=0.3):
        self.client = bt.client.Client(URL, timeout=120)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, args=(period,), daemon=True)

    def run(self, period):
        while not self.stop.wait(period):
            self.client.request("dev_newBlock", [{"count": 1}])

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *a):
        self.stop.set()
        self.thread.join()
        self.client.close()


@needs_chain
def test_subtensor_reads(sub):
    alice = Keypair.create_from_uri("//Alice")
    assert sub.get_balance(alice.ss58_address).rao > 0
    assert sub.get_existential_deposit().rao > 0
    n = sub.get_current_block()
    assert sub.get_block_hash(n) == sub.get_block_hash(n)
    assert sub.subnet_exists(0) and not sub.subnet_exists(999)
    assert sub.get_subnet_burn_cost().rao > 0
    assert sub.get_uid_for_hotkey_on_subnet(alice.ss58_address, 999) is None


@needs_chain
def test_subtensor_transfer_and_failure(sub):
    alice = Keypair.create_from_uri("//Alice")
    bob = Keypair.create_from_uri("//Bob").ss58_address
    before = sub.get_balance(bob)
    with Producer():
        r = sub.transfer(alice, bob, Balance.from_tao("0.25"))
        assert r["success"] and r["included"] and r["error"] is None
        assert ("Balances", "Transfer") in r["events"]
        assert r["fee_paid"].rao > 0
        assert sub.get_balance(bob).rao == before.rao + 250_000_000
        ferdie = Keypair.create_from_uri("//Ferdie")
        f = sub.transfer(ferdie, bob, Balance.from_rao(1 << 62))
        assert not f["success"] and f["included"] and f["error"]
        assert ("System", "ExtrinsicFailed") in f["events"]
        assert sub.wait_for_block(sub.get_current_block() + 1, timeout=60) >= 1


@needs_chain
def test_subtensor_pool_refusal_is_transaction_error(sub):
    # The same extrinsic twice: the second is stale (chopsticks' validity JSON), a typed TransactionError.
    alice = Keypair.create_from_uri("//Alice")
    bob = Keypair.create_from_uri("//Bob").ss58_address
    with Producer():
        sub.transfer(alice, bob, Balance.from_rao(1000))
    c = bt.client.Client(URL, timeout=60)
    md = sub.metadata
    call = bt.subtensor.transfer_keep_alive_call(md, bob, 1000)
    xt = bt.client.create_signed(c, md, call, "//Alice", nonce=0)
    c.close()
    with pytest.raises(bt.TransactionError, match="stale"):
        sub.submit_extrinsic(xt, wait_for="none")
    bad = bytearray(xt)
    bad[40] ^= 1
    with pytest.raises(bt.TransactionError, match="bad signature"):
        sub.submit_extrinsic(bytes(bad), wait_for="in_block", timeout=10)
