# SPDX-License-Identifier: MIT
"""The Subtensor operations of issue 10 from Python against the local raonet chain (spec 218): each
bittensor_cpp.Subtensor method runs for real (it calls the C++ bt::subtensor::Subtensor method), storage and
events are checked, failures come back typed (receipt chain_error / SubtensorError / MetadataError), and
calls the runtime lacks are refused before signing.

Needs BT_LOCALNET_RAONET_URL (tests/localnet/localnet.sh start raonet); skipped loudly without it.
"""
import os
import time

import pytest

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Balance, Subtensor
from bittensor_cpp.wallet import Keypair
from test_subtensor_api import URL, Producer, needs_chain

TAO = 1_000_000_000


def h(k):
    """A keypair's account id as the 0x-hex a storage key takes."""
    return "0x" + bytes(k.public_key).hex()


def storage(sub, item, keys):
    md = sub.metadata
    c = bt.client.Client(URL, timeout=60)
    try:
        raw = c.storage(md.storage_key("SubtensorModule", item, keys))
    finally:
        c.close()
    return None if raw is None else md.decode_storage_value("SubtensorModule", item, raw)


def ok(r):
    assert r["success"], r["error"]
    return r


@pytest.fixture(scope="module")
def net():
    """A fresh subnet owned by //Bob (owner hotkey = uid 0) with a second registered hotkey."""
    if not URL:
        pytest.skip("######## SKIPPED: set BT_LOCALNET_RAONET_URL ########")
    sub = Subtensor(URL, timeout=60)
    tag = f"{os.getpid()}_{time.time_ns()}"
    alice, bob = Keypair.create_from_uri("//Alice"), Keypair.create_from_uri("//Bob")
    hot_a = Keypair.create_from_uri(f"//PyOpsA{tag}")
    hot_b = Keypair.create_from_uri(f"//PyOpsB{tag}")
    md = sub.metadata
    with Producer():
        ok(sub.sudo(alice, md.encode_call("AdminUtils", "sudo_set_network_rate_limit", [0])))
        ok(sub.sudo(alice, md.encode_call("AdminUtils", "sudo_set_tx_rate_limit", [0])))
        calls = [bt.subtensor.transfer_keep_alive_call(md, k.ss58_address, 10 * TAO) for k in (hot_a, hot_b)]
        r = ok(sub.batch_all(bob, calls))
        assert ("Utility", "BatchCompleted") in r["events"]
        r = ok(sub.register_network(bob, hot_a.ss58_address))
        netuid = next(n for n in range(1, 1024) if sub.get_uid_for_hotkey_on_subnet(hot_a.ss58_address, n) == 0)
        ok(sub.burned_register(bob, hot_b.ss58_address, netuid))
        for name, value in (("weights_set_rate_limit", 0), ("commit_reveal_weights_enabled", 0), ("tempo", 10)):
            ok(sub.sudo_set_hyperparameter(alice, name, netuid, value))
    yield sub, netuid, alice, bob, hot_a, hot_b, tag


@needs_chain
def test_sudo_and_batch_failures(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    md = sub.metadata
    with Producer():
        r = sub.sudo_set_hyperparameter(bob, "tempo", netuid, 20)  # Bob is not the sudo key
        assert not r["success"] and r["error_pallet"] == "Sudo" and r["error_name"] == "RequireSudo"
        with pytest.raises(bt.MetadataError, match="sudo_set_no_such_parameter"):
            sub.sudo_set_hyperparameter(alice, "no_such_parameter", netuid, 1)
        assert sub.get_subnet_hyperparameters(netuid)["tempo"] == 10
        # all or nothing: the second transfer fails, so the first is not applied either
        nobody = Keypair.create_from_uri(f"//PyNobody{tag}").ss58_address
        bad = [
            bt.subtensor.transfer_keep_alive_call(md, nobody, TAO),
            bt.subtensor.transfer_keep_alive_call(md, bob.ss58_address, 1 << 62),
        ]
        r = sub.batch_all(Keypair.create_from_uri("//Dave"), bad)
        assert r["included"] and not r["success"]
        assert sub.get_balance(nobody).rao == 0


@needs_chain
def test_serve_axon_and_prometheus(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    with Producer():
        r = ok(sub.serve_axon(hot_a, netuid, ip=0x01020304, port=8091, version=5))
        assert ("SubtensorModule", "AxonServed") in r["events"]
        axon = storage(sub, "Axons", [netuid, h(hot_a)])
        assert axon["port"] == 8091 and axon["ip"] == 0x01020304 and axon["version"] == 5
        r = sub.serve_axon(hot_a, netuid, ip=0x7F000001, port=8091)  # localhost
        assert not r["success"] and r["chain_error"] == "InvalidIpAddress"
        r = ok(sub.serve_prometheus(hot_a, netuid, ip=0x01020305, port=7091, version=3))
        assert ("SubtensorModule", "PrometheusServed") in r["events"]
        prom = storage(sub, "Prometheus", [netuid, h(hot_a)])
        assert prom["port"] == 7091 and prom["ip"] == 0x01020305
        r = sub.serve_prometheus(hot_a, netuid, ip=0, port=7091)
        assert not r["success"] and r["chain_error"] == "InvalidIpAddress"


@needs_chain
def test_identities(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    with Producer():
        ok(sub.set_subnet_identity(bob, netuid, {"subnet_name": f"py-{tag}", "subnet_contact": "py@example.org"}))
        ident = storage(sub, "SubnetIdentities", [netuid])
        assert bytes(ident["subnet_name"]) == f"py-{tag}".encode()
        r = sub.set_subnet_identity(Keypair.create_from_uri("//Charlie"), netuid, {"subnet_name": "x"})
        assert not r["success"] and r["chain_error"] == "NotSubnetOwner"
        with pytest.raises(bt.MetadataError, match="discord"):  # spec 218's call has no discord field
            sub.set_subnet_identity(bob, netuid, {"subnet_name": "x", "discord": "y"})
        ok(sub.set_identity(bob, name=f"py-{tag}", url="https://example.org"))
        assert bytes(storage(sub, "Identities", [h(bob)])["name"]) == f"py-{tag}".encode()
        r = sub.set_identity(bob, name="x" * 300)
        assert not r["success"] and r["chain_error"] == "InvalidIdentity"


@needs_chain
def test_children_and_take(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    with Producer():
        ok(sub.set_childkey_take(bob, hot_b.ss58_address, netuid, 0.02))
        assert storage(sub, "ChildkeyTake", [h(hot_b), netuid]) == int(0.02 * 65535)
        r = sub.set_childkey_take(bob, hot_b.ss58_address, netuid, 0.5)
        assert not r["success"] and r["chain_error"] == "InvalidChildkeyTake"
        with pytest.raises(bt.SubtensorError):
            sub.set_childkey_take(bob, hot_b.ss58_address, netuid, -0.1)
        r = sub.set_children(bob, hot_b.ss58_address, netuid, [(0.5, hot_b.ss58_address)])
        assert not r["success"] and r["chain_error"] == "InvalidChild"
        r = ok(sub.set_children(bob, hot_b.ss58_address, netuid, [(0.25, hot_a.ss58_address)]))
        assert ("SubtensorModule", "SetChildren") in r["events"]
        kids = storage(sub, "ChildKeys", [h(hot_b), netuid])
        assert len(kids) == 1 and kids[0][0] == int(0.25 * 2**64)


@needs_chain
def test_move_stake_and_missing_calls(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    charlie = Keypair.create_from_uri("//Charlie")
    with Producer():
        r = ok(sub.add_stake(charlie, hot_a.ss58_address, 0, Balance.from_tao("20")))
        alpha = next(e for e in r["events"] if e == ("SubtensorModule", "StakeAdded"))
        assert alpha
        staked = sub.get_stake(charlie.ss58_address, hot_a.ss58_address, 0)
        before_b = sub.get_stake(charlie.ss58_address, hot_b.ss58_address, 0).rao
        r = ok(sub.move_stake(charlie, hot_a.ss58_address, 0, hot_b.ss58_address, 0, Balance.from_rao(staked.rao // 2)))
        assert ("SubtensorModule", "StakeMoved") in r["events"]
        assert sub.get_stake(charlie.ss58_address, hot_b.ss58_address, 0).rao > before_b
        r = sub.move_stake(charlie, hot_a.ss58_address, 0, hot_b.ss58_address, 0, Balance.from_tao("1000000"))
        assert not r["success"] and r["chain_error"] == "NotEnoughStakeToWithdraw"
        with pytest.raises(bt.SubtensorError):  # alpha of another subnet
            sub.move_stake(charlie, hot_a.ss58_address, 0, hot_b.ss58_address, 0, Balance.from_rao(1, netuid=netuid))
    # spec 218 lacks these calls: refused before signing, naming the call
    one_alpha = Balance.from_rao(1, netuid=netuid)
    for fn, name in (
        (lambda: sub.add_stake(bob, hot_a.ss58_address, netuid, Balance.from_tao("1"), safe_staking=True), "add_stake_limit"),
        (lambda: sub.unstake(bob, hot_a.ss58_address, netuid, one_alpha, safe_staking=True), "remove_stake_limit"),
        (lambda: sub.swap_stake(bob, hot_a.ss58_address, netuid, 0, one_alpha), "swap_stake"),
        (lambda: sub.swap_stake(bob, hot_a.ss58_address, netuid, 0, one_alpha, safe_staking=True), "swap_stake_limit"),
        (lambda: sub.transfer_stake(bob, charlie.ss58_address, hot_a.ss58_address, netuid, netuid, one_alpha), "transfer_stake"),
        (lambda: sub.unstake_all_alpha(bob, hot_a.ss58_address), "unstake_all_alpha"),
        (lambda: sub.unstake_all(bob, hot_a.ss58_address), "unstake_all"),
    ):
        with pytest.raises(bt.MetadataError, match=name):
            fn()


@needs_chain
def test_typed_reads(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    assert sub.get_hotkey_for_uid(netuid, 0) == hot_a.ss58_address
    assert sub.get_hotkey_for_uid(netuid, 999) is None
    hp = sub.get_subnet_hyperparameters(netuid)
    assert hp["tempo"] == 10 and hp["commit_reveal_weights_enabled"] is False
    with pytest.raises(bt.SubtensorError):
        sub.get_subnet_hyperparameters(999)
    pool = sub.get_subnet_dynamic_info(netuid)
    assert pool["netuid"] == netuid and pool["tao_in"].rao > 0 and pool["alpha_in"].netuid == netuid
    assert sub.get_subnet_dynamic_info(0)["price"].rao == TAO
    for d in sub.get_delegates():
        assert 0 <= d["take"] <= 65535 and d["hotkey_ss58"].startswith("5")


@needs_chain
def test_transfer_flags(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    temp = Keypair.create_from_uri(f"//PyTemp{tag}")
    with Producer():
        ok(sub.transfer(bob, temp.ss58_address, Balance.from_tao("2")))
        ok(sub.transfer(temp, bob.ss58_address, None, transfer_all=True, keep_alive=False))
        assert sub.get_balance(temp.ss58_address).rao == 0
        with pytest.raises(ValueError):
            sub.transfer(bob, temp.ss58_address, None)


@needs_chain
def test_root_register_and_transfer_all(net):
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    with Producer():
        assert sub.get_uid_for_hotkey_on_subnet(hot_b.ss58_address, 0) is None
        r = ok(sub.root_register(bob, hot_b.ss58_address))
        assert sub.get_uid_for_hotkey_on_subnet(hot_b.ss58_address, 0) is not None
        assert sub.get_delegate_take(hot_b.ss58_address) is not None  # root_register made it a delegate
        again = sub.root_register(bob, hot_b.ss58_address)
        assert not again["success"] and again["chain_error"] == "HotKeyAlreadyRegisteredInSubNet"
        temp = Keypair.create_from_uri(f"//PyTempAll{tag}")
        ok(sub.transfer(bob, temp.ss58_address, Balance.from_tao("2")))
        r = ok(sub.transfer_all(temp, bob.ss58_address, keep_alive=False))
        assert ("Balances", "Transfer") in r["events"]
        assert sub.get_balance(temp.ss58_address).rao == 0


@needs_chain
def test_commit_and_batch_reveal_weights(net):
    """Two commits in one epoch, then in the reveal epoch a batch with a wrong salt fails with its typed
    chain error and the right batch reveals both (WeightsBatchRevealed, the commits removed)."""
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    tempo = 10  # set by the fixture

    def epoch(b):
        return (b + netuid + 1) // (tempo + 1)

    uids, salts = [[0, 1], [0, 1]], [[1, 2, 3], [4, 5, 6]]
    weights = [[0.25, 0.75], [0.5, 0.5]]
    with Producer():
        ok(sub.add_stake(bob, hot_a.ss58_address, netuid, Balance.from_tao("100")))
        ok(sub.sudo_set_hyperparameter(alice, "commit_reveal_weights_enabled", netuid, 1))
        try:
            start = sub.get_current_block() + 1
            while epoch(start) == epoch(start - 1):
                start += 1
            sub.wait_for_block(start - 1, timeout=120)
            blocks = []
            for u, w, salt in zip(uids, weights, salts):
                r = ok(sub.commit_weights(hot_a, netuid, salt, u, w))
                assert ("SubtensorModule", "WeightsCommitted") in r["events"]
                blocks.append(r["block_number"])
            assert epoch(blocks[0]) == epoch(blocks[1])
            period = storage(sub, "RevealPeriodEpochs", [netuid])
            if period is None:  # not set: the entry's default
                period = sub.metadata.decode_storage_value("SubtensorModule", "RevealPeriodEpochs", None)
            assert period >= 1
            first = blocks[1]
            while epoch(first) < epoch(blocks[1]) + period:
                first += 1
            sub.wait_for_block(first - 1, timeout=120)
            bad = sub.batch_reveal_weights(hot_a, netuid, uids, weights, [salts[0], [9, 9, 9]], [0, 0])
            assert not bad["success"]
            assert bad["chain_error"] in ("InvalidRevealCommitHashNotMatch", "NoWeightsCommitFound"), bad["error"]
            good = ok(sub.batch_reveal_weights(hot_a, netuid, uids, weights, salts, [0, 0]))
            assert ("SubtensorModule", "WeightsBatchRevealed") in good["events"]
            assert storage(sub, "WeightCommits", [netuid, h(hot_a)]) is None
            with pytest.raises(bt.SubtensorError):  # one entry per reveal in every list
                sub.batch_reveal_weights(hot_a, netuid, uids, weights, salts, [0])
        finally:
            ok(sub.sudo_set_hyperparameter(alice, "commit_reveal_weights_enabled", netuid, 0))


@needs_chain
def test_set_weights_example(net):
    """examples/python/set_weights.py: the pre-flight passes and the weights land (exit 0); under a weights
    rate limit the pre-flight refuses with the blocks remaining and nothing is signed (exit 1)."""
    import subprocess
    import sys as _sys
    from pathlib import Path

    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    script = Path(__file__).resolve().parents[3] / "examples" / "python" / "set_weights.py"

    def run(*args):
        return subprocess.run([_sys.executable, str(script), URL, str(netuid), *args], capture_output=True,
                              text=True, env=dict(os.environ), timeout=300)

    with Producer():
        ok(sub.add_stake(bob, hot_a.ss58_address, netuid, Balance.from_tao("10")))
        r = run("0:1", "--uri", f"//PyOpsA{tag}")  # a self weight: no validator permit needed
        assert r.returncode == 0, r.stdout + r.stderr
        assert "pre-flight at block" in r.stdout and "call set_weights" in r.stdout
        assert "event SubtensorModule.WeightsSet" in r.stdout
        ok(sub.sudo_set_hyperparameter(alice, "weights_set_rate_limit", netuid, 1000))
        try:
            c = bt.client.Client(URL, timeout=60)
            try:
                nonce = c.account_next_index(hot_a.ss58_address)
                r = run("0:1", "--uri", f"//PyOpsA{tag}")
                assert r.returncode == 1, r.stdout + r.stderr
                assert "rate_limit [SettingWeightsTooFast]" in r.stdout and "blocks remaining" in r.stdout
                assert c.account_next_index(hot_a.ss58_address) == nonce  # nothing was signed
            finally:
                c.close()
        finally:
            ok(sub.sudo_set_hyperparameter(alice, "weights_set_rate_limit", netuid, 0))
    r = run("0:1", "1:x", "--uri", "//Alice")
    assert r.returncode == 2


@needs_chain
def test_no_validator_permit(net):
    """A registered, staked hotkey without a validator permit (ValidatorPermit cleared with chopsticks'
    dev_setStorage): the pre-flight names no_validator_permit and Subtensor.set_weights refuses before
    signing; a self weight needs no permit. The chain side (NeuronNoValidatorPermit) is not provoked: raonet's
    mocked epoch runs in every block and hands the permits back before an extrinsic applies (checked: the
    cleared ValidatorPermit is [True, ...] again after one dev_newBlock)."""
    sub, netuid, alice, bob, hot_a, hot_b, tag = net
    md = sub.metadata
    c = bt.client.Client(URL, timeout=60)
    with Producer():
        ok(sub.add_stake(bob, hot_a.ss58_address, netuid, Balance.from_tao("10")))
    try:
        key = md.storage_key("SubtensorModule", "ValidatorPermit", [netuid])
        c.request("dev_setStorage", [[["0x" + bytes(key).hex(), "0x080000"]]])  # [false, false]
        chk = bt.subtensor.check_set_weights(c, md, netuid, hot_a.ss58_address, [0, 1], [65535, 65535])
        assert chk.has("no_validator_permit"), chk.problems
        p = next(p for p in chk.problems if p.issue == "no_validator_permit")
        assert p.chain_error == "NeuronNoValidatorPermit"
        self_only = bt.subtensor.check_set_weights(c, md, netuid, hot_a.ss58_address, [0], [65535])
        assert not self_only.has("no_validator_permit")
        nonce = c.account_next_index(hot_a.ss58_address)
        with pytest.raises(bt.SubtensorError, match="no_validator_permit"):
            sub.set_weights(hot_a, netuid, [0, 1], [0.5, 0.5])
        assert c.account_next_index(hot_a.ss58_address) == nonce  # nothing signed
    finally:
        c.request("dev_newBlock", [{"count": 1}])  # the epoch restores the permits
        c.close()
