#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""set_weights from a hotkey (a key URI or a wallet's hotkey) with the pre-flight, through
bittensor_cpp.subtensor.Subtensor: the float weights are converted like bittensor
(convert_weights_and_uids_for_emit), the chain is read to say why a set_weights would fail before anything is
signed (check_set_weights: not registered, no validator permit, rate limit with the blocks remaining, version
key, too few weights, max weight limit, commit-reveal enabled), then Subtensor.set_weights signs, submits and
waits (on a commit-reveal subnet it takes the runtime's commit path) and the receipt is printed.

    set_weights.py NETWORK NETUID UID:WEIGHT... (--uri HOTKEY_URI | --wallet NAME [--wallet-hotkey H]
        [--wallet-path DIR]) [--version-key K] [--check-only]
    set_weights.py METADATA_FILE NETUID UID:WEIGHT... --offline      # prints the call, contacts nothing

NETWORK is finney, test, archive, local or a ws:// URL. With --wallet the hotkey's password comes from the
keyfile's BT_PW_ variable (an encrypted hotkey is rare). --check-only runs the pre-flight and stops.
Exit 2 on a bad argument, 1 when the pre-flight or the chain refuses, 0 on success.
"""
import argparse
import sys

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Subtensor
from bittensor_cpp.wallet import Keypair, Wallet
from receipt_print import load_offline_metadata, print_receipt


def uid_weight(text):
    uid, sep, weight = text.partition(":")
    try:
        u, w = int(uid), float(weight)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected UID:WEIGHT, got '{text}'") from None
    if not sep or not 0 <= u <= 65535 or not w >= 0 or w == float("inf"):
        raise argparse.ArgumentTypeError(f"expected UID 0..65535 and a finite WEIGHT >= 0, got '{text}'")
    return u, w


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("network")
    ap.add_argument("netuid", type=int, choices=range(65536), metavar="NETUID")
    ap.add_argument("weights", type=uid_weight, nargs="+", metavar="UID:WEIGHT")
    who = ap.add_mutually_exclusive_group()
    who.add_argument("--uri")
    who.add_argument("--wallet")
    ap.add_argument("--wallet-hotkey", default="default")
    ap.add_argument("--wallet-path")
    ap.add_argument("--version-key", type=int, default=0)
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--offline", action="store_true")
    a = ap.parse_args()
    uids = [u for u, _ in a.weights]
    if len(set(uids)) != len(uids):
        ap.error("a UID is given twice")
    if not 0 <= a.version_key < 2**64:
        ap.error("--version-key must be 0..2^64-1")
    if not a.offline and not (a.uri or a.wallet):
        ap.error("give --uri HOTKEY_URI or --wallet NAME (or --offline)")
    weights = [w for _, w in a.weights]
    try:
        emit_uids, emit_weights = bt.subtensor.convert_weights_and_uids_for_emit(uids, weights)
        print("u16 weights: " + " ".join(f"{u}:{w}" for u, w in zip(emit_uids, emit_weights)))
        if a.offline:
            md = load_offline_metadata(a.network)
            call = bt.subtensor.set_weights_call(md, a.netuid, emit_uids, emit_weights, a.version_key)
            print("call 0x" + bytes(call).hex())
            return 0
        if a.uri:
            hotkey = Keypair.create_from_uri(a.uri)
        else:
            hotkey = Wallet(a.wallet, a.wallet_hotkey, a.wallet_path).unlock_hotkey()
        sub = Subtensor(a.network)
        client = bt.client.Client(sub.url, timeout=60)
        try:
            check = bt.subtensor.check_set_weights(client, sub.metadata, a.netuid, hotkey.ss58_address,
                                                   emit_uids, emit_weights, a.version_key)
        finally:
            client.close()
        print(f"pre-flight at block {check.block}: uid {check.uid}, "
              + ("ok" if check.ok else f"{len(check.problems)} problem(s)"))
        for p in check.problems:
            left = f" ({p.blocks_remaining} blocks remaining)" if p.issue == "rate_limit" else ""
            print(f"  {p.issue} [{p.chain_error}]: {p.message}{left}")
        # commit-reveal enabled alone is not a refusal: set_weights then takes the commit path.
        blocking = [p for p in check.problems if p.issue != "commit_reveal_enabled"]
        if a.check_only or blocking:
            return 1 if blocking else 0
        r = sub.set_weights(hotkey, a.netuid, uids, weights, version_key=a.version_key)
    except bt.Error as e:
        print(f"set_weights: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(f"call {r['path']}" + (f" (encrypted to drand round {r['reveal_round']})" if r["reveal_round"] else ""))
    return print_receipt(r)


if __name__ == "__main__":
    sys.exit(main())
