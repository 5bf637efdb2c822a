#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Register from Python: burned_register on a subnet, register_network or root_register.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/register.py URL COLDKEY_URI HOTKEY burned NETUID [--offline]
    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/register.py URL COLDKEY_URI HOTKEY network|root [--offline]

--offline: URL is a metadata file; prints the RuntimeCall instead of submitting. HOTKEY: SS58 or 0x hex.
Exit 2 on a bad argument, 1 when the chain refuses (the decoded error is printed), 0 on success.
"""
import argparse
import sys
import time

import bittensor_cpp as bt

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
            with open(a.url, "rb") as f:
                md = bt.metadata.Metadata.from_bytes(f.read())
            print("call 0x" + build(md).hex())
            return 0
        c = bt.client.Client(a.url, timeout=60)
        md = bt.metadata.Metadata.from_bytes(c.metadata())
        xt = bt.client.create_signed(c, md, build(md), a.coldkey_uri)
        bt.client.submit(c, xt)
        for _ in range(60):
            o = bt.client.find_outcome(c, md, c.best_hash(), xt)
            if o is not None:
                print("registered" if o["success"] else f"failed: {o['error']}")
                return 0 if o["success"] else 1
            time.sleep(2)
        print("not included yet")
        return 1
    except bt.Error as e:
        print(f"register: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
