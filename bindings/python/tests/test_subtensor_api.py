# SPDX-License-Identifier: MIT
"""bittensor_cpp.subtensor.Balance (offline) and Subtensor against the local raonet chain.

The chain tests need BT_LOCALNET_RAONET_URL (tests/localnet/localnet.sh start raonet); without it they are
skipped loudly. Blocks are built with chopsticks' dev_newBlock from a background thread.
"""
import os
import threading
import time

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
    dave = Keypair.create_from_uri("//Dave")
    assert sub.get_balance(dave.ss58_address).rao > 0
    assert sub.get_existential_deposit().rao > 0
    n = sub.get_current_block()
    assert sub.get_block_hash(n) == sub.get_block_hash(n)
    assert sub.subnet_exists(0) and not sub.subnet_exists(999)
    assert sub.get_subnet_burn_cost().rao > 0
    assert sub.get_uid_for_hotkey_on_subnet(dave.ss58_address, 999) is None


@needs_chain
def test_subtensor_transfer_and_failure(sub):
    dave = Keypair.create_from_uri("//Dave")
    bob = Keypair.create_from_uri("//Bob").ss58_address
    before = sub.get_balance(bob)
    with Producer():
        r = sub.transfer(dave, bob, Balance.from_tao("0.25"))
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
    dave = Keypair.create_from_uri("//Dave")
    bob = Keypair.create_from_uri("//Bob").ss58_address
    with Producer():
        sub.transfer(dave, bob, Balance.from_rao(1000))
    c = bt.client.Client(URL, timeout=60)
    md = sub.metadata
    call = bt.subtensor.transfer_keep_alive_call(md, bob, 1000)
    xt = bt.client.create_signed(c, md, call, "//Dave", nonce=0)
    c.close()
    with pytest.raises(bt.TransactionError, match="stale"):
        sub.submit_extrinsic(xt, wait_for="none")
    bad = bytearray(xt)
    bad[40] ^= 1
    with pytest.raises(bt.TransactionError, match="bad signature"):
        sub.submit_extrinsic(bytes(bad), wait_for="in_block", timeout=10)


@needs_chain
def test_subtensor_register_and_stake(sub):
    import time

    bob = Keypair.create_from_uri("//Bob")
    hot = Keypair.create_from_uri(f"//PyHot{os.getpid()}_{time.time_ns()}").ss58_address
    with Producer():
        r = sub.burned_register(bob, hot, 1)
        assert r["success"], r["error"]
        assert ("SubtensorModule", "NeuronRegistered") in r["events"]
        assert sub.get_uid_for_hotkey_on_subnet(hot, 1) is not None
        # Root stake (netuid 0): TAO 1:1, so the stake read back is the amount staked.
        r = sub.add_stake(bob, hot, 0, Balance.from_tao("3"))
        assert r["success"], r["error"]
        stake = sub.get_stake(bob.ss58_address, hot, 0)
        assert stake.netuid == 0 and stake.rao >= 3_000_000_000
        infos = [i for i in sub.get_stake_info_for_coldkey(bob.ss58_address) if i["netuid"] == 0]
        assert any(i["stake"].rao >= 3_000_000_000 for i in infos)
        with pytest.raises(bt.SubtensorError):
            sub.remove_stake(bob, hot, 0, Balance.from_rao(1, netuid=3))
        r = sub.remove_stake(bob, hot, 0, Balance.from_rao(1_000_000_000))
        assert r["success"], r["error"]
        assert ("SubtensorModule", "StakeRemoved") in r["events"]


@needs_chain
def test_subtensor_set_weights_paths(sub):
    """set_weights on a fresh subnet: stored; under a rate limit refused by the pre-flight (SubtensorError,
    nothing submitted); with commit-reveal on the commit path (raonet: the typed refusal); commit/reveal."""
    import time

    s = bt.subtensor
    alice = Keypair.create_from_uri("//Alice")
    bob = Keypair.create_from_uri("//Bob")
    tag = f"{os.getpid()}_{time.time_ns()}"
    owner = Keypair.create_from_uri(f"//PyWeightsOwner{tag}")
    other = Keypair.create_from_uri(f"//PyWeightsOther{tag}").ss58_address
    md = sub.metadata

    def sudo(call):
        r = sub.sign_and_submit(call, alice)
        assert r["success"], r["error"]

    with Producer():
        # Lift the chain-wide network rate limit (this test must pass alone and in any order).
        sudo(s.sudo_call(md, md.encode_call("AdminUtils", "sudo_set_network_rate_limit", [0])))
        assert sub.transfer(bob, owner.ss58_address, Balance.from_tao("10"))["success"]
        r = sub.register_network(bob, owner.ss58_address)
        assert r["success"], r["error"]
        # The new subnet is the one where the fresh owner hotkey is registered (as uid 0).
        netuid = next(n for n in range(1, 1024) if sub.get_uid_for_hotkey_on_subnet(owner.ss58_address, n) is not None)
        assert sub.get_uid_for_hotkey_on_subnet(owner.ss58_address, netuid) == 0
        sudo(s.sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 0))
        sudo(s.sudo_set_hyperparameter(md, "commit_reveal_weights_enabled", netuid, 0))
        sudo(s.sudo_set_hyperparameter(md, "min_allowed_weights", netuid, 1))
        assert sub.burned_register(bob, other, netuid)["success"]
        assert sub.add_stake(bob, owner.ss58_address, netuid, Balance.from_tao("1000"))["success"]

        r = sub.set_weights(owner, netuid, [0, 1], [0.25, 0.75])
        assert r["success"], r["error"]
        assert r["path"] == "set_weights" and r["reveal_round"] == 0
        assert ("SubtensorModule", "WeightsSet") in r["events"]

        sudo(s.sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 1000))
        c = bt.client.Client(URL, timeout=60)
        nonce = c.account_next_index(owner.ss58_address)
        with pytest.raises(bt.SubtensorError, match="rate_limit: "):
            sub.set_weights(owner, netuid, [0, 1], [0.25, 0.75])
        assert c.account_next_index(owner.ss58_address) == nonce

        sudo(s.sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 0))
        sudo(s.sudo_set_hyperparameter(md, "commit_reveal_weights_enabled", netuid, 1))
        calls = set(next(p["calls"] for p in md.summary()["pallets"] if p["name"] == "SubtensorModule"))
        if calls & {"commit_timelocked_mechanism_weights", "commit_timelocked_weights", "commit_crv3_weights"}:
            r = sub.set_weights(owner, netuid, [0, 1], [0.25, 0.75])
            assert r["success"], r["error"]
            assert r["path"] != "set_weights" and r["reveal_round"] > 0
        else:
            with pytest.raises(bt.SubtensorError, match="commit"):
                sub.set_weights(owner, netuid, [0, 1], [0.25, 0.75])

        salt = [1, 2, 3, 4, 5, 6, 7, 8]
        r = sub.commit_weights(owner, netuid, salt, [0, 1], [0.25, 0.75])
        assert r["success"], r["error"]
        assert ("SubtensorModule", "WeightsCommitted") in r["events"]
        r = sub.reveal_weights(owner, netuid, [0, 1], [0.25, 0.75], salt)
        assert r["success"] or "RevealTooEarly" in r["error"], r["error"]
        c.close()


@needs_chain
def test_subtensor_nonce_modes():
    dave = Keypair.create_from_uri("//Dave")
    bob = Keypair.create_from_uri("//Bob").ss58_address
    with pytest.raises(ValueError):
        Subtensor(URL, timeout=60, nonce_mode="guess")
    s = Subtensor(URL, timeout=60)
    assert s.nonce_mode == "cached" and s.nonce_idle_refresh == 30.0
    assert s.local_nonce(dave.ss58_address) is None
    with Producer():
        # cached (default): one node read, then a local counter.
        for _ in range(3):
            assert s.transfer(dave, bob, Balance.from_rao(1000), wait_for="none")["extrinsic_hash"]
        assert s.nonce_node_queries == 1
        c = bt.client.Client(URL, timeout=60)
        try:
            # The node's answer settles once the producer has moved the three into blocks: while chopsticks
            # builds a block, the pool no longer holds them and the head does not yet count them, so a
            # single read can be one low. A dropped transaction would never settle and fails here.
            want = s.local_nonce(dave.ss58_address)
            deadline = time.monotonic() + 30
            while int(c.request("system_accountNextIndex", [dave.ss58_address])) != want:
                assert time.monotonic() < deadline, "the node's next nonce never reached the local counter"
                time.sleep(0.2)
            # Another sender uses Dave's next nonce: the stale local nonce is refused, re-read, re-signed.
            md = s.metadata
            call = bt.subtensor.transfer_keep_alive_call(md, bob, 1000)
            xt = bt.client.create_signed(c, md, call, "//Dave", nonce=s.local_nonce(dave.ss58_address))
            s.submit_extrinsic(xt, wait_for="in_block", timeout=60)
            assert s.transfer(dave, bob, Balance.from_rao(1000))["success"]
            assert s.nonce_node_queries == 2
            # On demand and query mode: a node read per transaction.
            s.resync_nonce(dave.ss58_address)
            assert s.local_nonce(dave.ss58_address) is None
            s.set_nonce_mode("query", idle_refresh=0)
            assert s.nonce_mode == "query" and s.nonce_idle_refresh == 0.0
            assert s.transfer(dave, bob, Balance.from_rao(1000))["success"]
            assert s.transfer(dave, bob, Balance.from_rao(1000))["success"]
            assert s.nonce_node_queries == 4
            s.resync_nonce()
            assert s.local_nonce(dave.ss58_address) is None
        finally:
            c.close()
    with pytest.raises(ValueError):
        s.set_nonce_mode("cached", idle_refresh=-1)


@needs_chain
def test_subtensor_reads_at_block(sub):
    # Every typed read takes the SDK's `block`: None (best), a block number or a block hash.
    dave = Keypair.create_from_uri("//Dave")
    fresh = Keypair.create_from_uri(f"//ReadsAtBlock{os.getpid()}").ss58_address
    n = sub.get_current_block()
    h = sub.get_block_hash(n)
    assert sub.get_balance(fresh).rao == 0
    with Producer():
        assert sub.transfer(dave, fresh, Balance.from_tao("1"))["success"]
    assert sub.get_balance(fresh).rao == 1_000_000_000
    assert sub.get_balance(fresh, block=n).rao == 0
    assert sub.get_balance(fresh, block=h).rao == 0
    assert sub.get_balance(fresh, block="0x" + h.hex()).rao == 0
    assert sub.get_balance(fresh, block=None).rao == 1_000_000_000
    assert sub.get_balance(dave.ss58_address, block=n).rao > sub.get_balance(dave.ss58_address).rao
    assert sub.get_reserved_balance(fresh, block=n).rao == 0
    assert sub.get_existential_deposit(block=n).rao == sub.get_existential_deposit().rao
    assert sub.subnet_exists(0, block=n) and not sub.subnet_exists(999, block=h)
    assert sub.get_subnet_burn_cost(block=n).rao > 0
    assert sub.recycle(0, block=n).rao >= 0
    assert sub.get_uid_for_hotkey_on_subnet(fresh, 0, block=n) is None
    assert sub.get_hotkey_for_uid(999, 0, block=n) is None
    assert sub.get_delegate_take(fresh, block=n) is None
    assert sub.get_stake(fresh, fresh, 0, block=n).rao == 0
    assert sub.get_stake_info_for_coldkey(fresh, block=h) == []
    assert isinstance(sub.get_delegates(block=n), list)
    assert sub.get_subnet_dynamic_info(0, block=n)["price"].rao == 1_000_000_000
    assert sub.get_subnet_hyperparameters(0, block=n)["tempo"] is not None
    with pytest.raises(ValueError):
        sub.get_balance(fresh, block=-1)
    with pytest.raises(bt.ClientError):
        sub.get_balance(fresh, block=10**9)  # no such block
    with pytest.raises(bt.Error):
        sub.get_balance(fresh, block=b"\x01" * 31)  # not a block hash


def test_subtensor_network_names(monkeypatch):
    with pytest.raises(bt.SubtensorError, match="unknown|network"):
        Subtensor("no-such-network", timeout=5)


@needs_chain
def test_subtensor_env_endpoint_and_wallet_signer(tmp_path, monkeypatch):
    # "local" honours BT_SUBTENSOR_CHAIN_ENDPOINT as the SDK does.
    monkeypatch.setenv("BT_SUBTENSOR_CHAIN_ENDPOINT", URL)
    s = Subtensor("local", timeout=60)
    assert s.url == URL
    # A Wallet signs: the encrypted coldkey unlocked through its BT_PW_ variable, the hotkey as is.
    bt.wallet._override_kdf_params_for_tests(3, 1 << 16)
    try:
        w = bt.Wallet(name="pyw", hotkey="h", path=str(tmp_path))
        w.create_new_coldkey(password="pw")
        w.create_new_hotkey()
    finally:
        bt.wallet._override_kdf_params_for_tests()
    var = w.coldkey_file.env_var_name()
    monkeypatch.setenv(var, bt.wallet.obfuscate_env_password("pw", var))
    cold = w.coldkeypub_file.get_keypair().ss58_address
    dave = Keypair.create_from_uri("//Dave")
    with Producer():
        assert s.transfer(dave, cold, Balance.from_tao("3"))["success"]
        r = s.transfer(w, dave.ss58_address, Balance.from_tao("1"))  # a Wallet's coldkey signs transfers
        assert r["success"], r["error"]
        assert s.get_balance(cold).rao < 2_000_000_000
        hot = w.hotkey_file.get_keypair().ss58_address
        md = s.metadata
        r = s.sign_and_submit(bt.subtensor.transfer_keep_alive_call(md, hot, 1_000_000_000), w, role="coldkey")
        assert r["success"], r["error"]
        r = s.sign_and_submit(bt.subtensor.transfer_keep_alive_call(md, cold, 100_000), w, role="hotkey")
        assert r["success"], r["error"]
        assert s.get_balance(hot).rao < 1_000_000_000
