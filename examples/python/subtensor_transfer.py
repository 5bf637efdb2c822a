#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A TAO transfer with bittensor_cpp.subtensor.Subtensor, signed with a key object, waiting for the block.

    subtensor_transfer.py NETWORK DEST_SS58 AMOUNT_TAO (--uri URI | --wallet NAME) [--finalized]

NETWORK is finney, test, archive, local (honours BT_SUBTENSOR_CHAIN_ENDPOINT) or a ws:// URL. AMOUNT_TAO is a
decimal string, parsed exactly (Balance.from_tao). With --wallet the coldkey signs; its password comes from
the keyfile's BT_PW_ variable or is asked for.
"""
import argparse
import getpass
import sys

import bittensor_cpp as bt
from bittensor_cpp.subtensor import Balance, Subtensor
from bittensor_cpp.wallet import Keypair, Wallet
from receipt_print import print_receipt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("network")
    ap.add_argument("dest")
    ap.add_argument("amount")
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--uri")
    who.add_argument("--wallet")
    ap.add_argument("--finalized", action="store_true")
    a = ap.parse_args()
    try:
        amount = Balance.from_tao(a.amount)
    except bt.Error as e:
        ap.error(f"AMOUNT_TAO: {e}")
    if a.uri:
        signer = Keypair.create_from_uri(a.uri)
    else:
        signer = Wallet(a.wallet).unlock_coldkey(password_callback=lambda: getpass.getpass("coldkey password: "))
    sub = Subtensor(a.network)
    try:
        r = sub.transfer(signer, a.dest, amount, wait_for="finalized" if a.finalized else "in_block")
    except bt.Error as e:  # pool refusal (bittensor_cpp TransactionError...), timeout, connection
        print(f"not included: {e}", file=sys.stderr)
        return 1
    return print_receipt(r)


if __name__ == "__main__":
    sys.exit(main())
