#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Stake or unstake from Python: a bittensor_cpp.subtensor call builder, signed and submitted with
Subtensor.sign_and_submit (nonce manager, mortal era), waiting until it is in a block.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/stake.py URL COLDKEY_URI HOTKEY NETUID add|remove AMOUNT_RAO
        [--tolerance T [--partial]] [--offline]

With --tolerance, add_stake_limit / remove_stake_limit carry the SDK's limit price (the subnet price
times 1 +- T; this example takes 1 TAO per alpha as the price, the Python bindings have no subnet price read
yet: the C++ stake example reads it); spec-218 runtimes do not have those calls and the builder raises
MetadataError naming the call. --offline: URL is a metadata file; prints the RuntimeCall instead of submitting.
HOTKEY: SS58 address or 0x hex. Exit 2 on a bad argument, 1 when the chain refuses, 0 on success.
"""
import argparse
import sys

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Subtensor
from bittensor_cpp.wallet import Keypair
from receipt_print import load_offline_metadata, print_receipt

s = bt.subtensor


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url")
    p.add_argument("coldkey_uri")
    p.add_argument("hotkey")
    p.add_argument("netuid", type=int)
    p.add_argument("op", choices=["add", "remove"])
    p.add_argument("amount_rao", type=int)
    p.add_argument("--tolerance", type=float)
    p.add_argument("--partial", action="store_true")
    p.add_argument("--offline", action="store_true")
    a = p.parse_args()
    if not 0 <= a.netuid <= 65535 or a.amount_rao <= 0 or (a.tolerance is not None and not 0 <= a.tolerance <= 1):
        p.error("netuid 0..65535, amount_rao > 0, tolerance 0..1")

    def build(md, price_rao):
        if a.tolerance is None:
            fn = s.add_stake_call if a.op == "add" else s.remove_stake_call
            return fn(md, a.hotkey, a.netuid, a.amount_rao)
        limit = s.stake_limit_price(price_rao, a.netuid, a.tolerance, staking=a.op == "add")
        fn = s.add_stake_limit_call if a.op == "add" else s.remove_stake_limit_call
        return fn(md, a.hotkey, a.netuid, a.amount_rao, limit, a.partial)

    try:
        if a.offline:
            md = load_offline_metadata(a.url)
            print("call 0x" + build(md, 10**9).hex())
            return 0
        sub = Subtensor(a.url)
        call = build(sub.metadata, 10**9)
        r = sub.sign_and_submit(call, Keypair.create_from_uri(a.coldkey_uri), role="coldkey")
        status = print_receipt(r)
        if status == 0:
            print("staked" if a.op == "add" else "unstaked")
        return status
    except bt.Error as e:
        print(f"stake: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
