#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Register from Python: burned_register on a subnet, register_network or root_register, signed and submitted
with Subtensor.sign_and_submit, waiting until it is in a block.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/register.py URL COLDKEY_URI HOTKEY burned NETUID [--offline]
    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/register.py URL COLDKEY_URI HOTKEY network|root [--offline]

--offline: URL is a metadata file; prints the RuntimeCall instead of submitting. HOTKEY: SS58 or 0x hex.
Exit 2 on a bad argument, 1 when the chain refuses (the decoded error is printed), 0 on success.
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
    p.add_argument("kind", choices=["burned", "network", "root"])
    p.add_argument("netuid", type=int, nargs="?")
    p.add_argument("--offline", action="store_true")
    a = p.parse_args()
    if (a.kind == "burned") != (a.netuid is not None) or (a.netuid is not None and not 0 <= a.netuid <= 65535):
        p.error("burned needs NETUID 0..65535; network/root take none")

    def build(md):
        if a.kind == "burned":
            return s.burned_register_call(md, a.netuid, a.hotkey)
        if a.kind == "network":
            return s.register_network_call(md, a.hotkey)
        return s.root_register_call(md, a.hotkey)

    try:
        if a.offline:
            md = load_offline_metadata(a.url)
            print("call 0x" + build(md).hex())
            return 0
        sub = Subtensor(a.url)
        r = sub.sign_and_submit(build(sub.metadata), Keypair.create_from_uri(a.coldkey_uri), role="coldkey")
        return print_receipt(r)
    except bt.Error as e:
        print(f"register: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
