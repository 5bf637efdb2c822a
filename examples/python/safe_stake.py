#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Safe staking with the SDK's arguments: Subtensor.add_stake / unstake with safe_staking=True send
add_stake_limit / remove_stake_limit with a limit price computed from the subnet's current price
(get_subnet_dynamic_info) and rate_tolerance; allow_partial_stake lets the chain fill only what fits.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/safe_stake.py URL COLDKEY_URI HOTKEY NETUID add|remove AMOUNT
        [--tolerance 0.005] [--partial]

AMOUNT is TAO for add, alpha of NETUID for remove (a decimal, e.g. 1.5). A runtime without the _limit calls
(spec 218, the local raonet) raises MetadataError naming the call; nothing is signed then.
Prints the receipt with the examples' shared printer (receipt_print.print_receipt). Exit 2 on a bad argument,
1 when the chain refuses (or the runtime lacks the call), 0 on success.
"""
import argparse
import sys

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Balance, Subtensor
from bittensor_cpp.wallet import Keypair
from receipt_print import print_receipt


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url")
    p.add_argument("coldkey_uri")
    p.add_argument("hotkey")
    p.add_argument("netuid", type=int)
    p.add_argument("op", choices=["add", "remove"])
    p.add_argument("amount")
    p.add_argument("--tolerance", type=float, default=0.005)
    p.add_argument("--partial", action="store_true")
    a = p.parse_args()
    try:
        sub = Subtensor(a.url)
        pool = sub.get_subnet_dynamic_info(a.netuid)
        print(f"subnet {a.netuid} price {pool['price']} per alpha, tolerance {a.tolerance}")
        coldkey = Keypair.create_from_uri(a.coldkey_uri)
        opts = dict(safe_staking=True, allow_partial_stake=a.partial, rate_tolerance=a.tolerance)
        if a.op == "add":
            r = sub.add_stake(coldkey, a.hotkey, a.netuid, Balance.from_tao(a.amount), **opts)
        else:
            r = sub.unstake(coldkey, a.hotkey, a.netuid, Balance.from_tao(a.amount, netuid=a.netuid), **opts)
    except (bt.MetadataError, bt.SubtensorError, bt.TransactionError) as e:
        print(f"refused: {e}", file=sys.stderr)
        return 1 if isinstance(e, (bt.MetadataError, bt.TransactionError)) else 2
    status = print_receipt(r)  # a failure names its ChainError, e.g. SlippageTooHigh beyond the tolerance
    if status == 0:
        print("staked" if a.op == "add" else "unstaked")
    return status


if __name__ == "__main__":
    sys.exit(main())
